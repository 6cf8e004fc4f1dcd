"""Reader for PolNeAR (Newell, Margolin & Ruths, LREC 2018), political news attributions.

The corpus ships as one ``text/<name>.txt`` per article and one brat standoff file
``attributions/<name>_<annotator>.ann`` per annotation of it, with ``Source`` (speaker),
``Cue`` and ``Content`` text-bound spans tied together by ``Attribution`` events. Spans may
be discontinuous (``start end;start end``). Offsets are character offsets into the
decoded text file.

Only the ``train`` and ``dev`` splits are present in the shared data; the test portion
is held back.
"""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd

from . import require_dataset

__all__ = ["read_polnear", "read_polnear_ann", "polnear_split_dir"]

ROLES = ("source", "cue", "content")
_SPAN_RE = re.compile(r"(\d+) (\d+)")


def polnear_split_dir(split: str) -> Path:
    """Folder of one PolNeAR split (``train``, ``dev`` or ``test``).

    Raises
    ------
    framing.datasets.DataNotFound
        When the dataset is absent.
    ValueError
        When the split is unknown or missing from the data directory.
    """
    root = require_dataset("polnear")
    if split not in ("train", "dev", "test"):
        raise ValueError(f"unknown PolNeAR split {split!r}; expected train, dev or test")
    d = root / split
    if not (d / "text").is_dir():
        raise ValueError(f"PolNeAR split {split!r} is not available at {d}")
    return d


def read_polnear_ann(text: str, ann: str) -> list[dict]:
    """Parse one brat ``.ann`` string into attribution records.

    Parameters
    ----------
    text : str
        The article text the offsets point into.
    ann : str
        Content of the ``.ann`` file.

    Returns
    -------
    list of dict
        One record per attribution event with keys ``attr_id`` and, for each role in
        ``source``, ``cue``, ``content``: ``{role}_spans`` (list of (start, end)),
        ``{role}_start``, ``{role}_end`` (hull, -1 when the role is absent) and
        ``{role}`` (the text of the spans joined by a space, "" when absent).
    """
    spans: dict[str, tuple[str, list[tuple[int, int]]]] = {}
    events: list[tuple[str, list[tuple[str, str]]]] = []
    for line in ann.splitlines():
        parts = line.split("\t")
        if len(parts) < 2 or not parts[0]:
            continue
        ident, body = parts[0], parts[1]
        if ident.startswith("T"):
            label, _, offs = body.partition(" ")
            sp = [(int(a), int(b)) for a, b in _SPAN_RE.findall(offs)]
            spans[ident] = (label, sp)
        elif ident.startswith("E"):
            args = []
            for tok in body.split():
                role, _, ref = tok.partition(":")
                args.append((re.sub(r"\d+$", "", role), ref))
            events.append((ident, args))
    out = []
    for ident, args in events:
        rec: dict = {"attr_id": ident}
        for role in ROLES:
            rec[f"{role}_spans"] = []
        for role, ref in args:
            key = role.lower()
            if key in ROLES and ref in spans:
                rec[f"{key}_spans"].extend(spans[ref][1])
        for role in ROLES:
            sp = sorted(rec[f"{role}_spans"])
            rec[f"{role}_spans"] = sp
            rec[f"{role}_start"] = sp[0][0] if sp else -1
            rec[f"{role}_end"] = max(b for _, b in sp) if sp else -1
            rec[role] = " ".join(text[a:b] for a, b in sp)
        if rec["content_spans"]:
            out.append(rec)
    return out


def read_polnear(
    split: str = "dev", *, one_annotator: bool = True
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Read one PolNeAR split.

    Parameters
    ----------
    split : {"train", "dev", "test"}, default="dev"
    one_annotator : bool, default=True
        Articles annotated by several annotators keep only the first annotation file in
        sorted order, so that each article has one gold standard.

    Returns
    -------
    articles : DataFrame
        Columns ``doc_id`` (file stem), ``annotator``, ``text``.
    attributions : DataFrame
        Columns ``doc_id``, ``annotator``, ``attr_id`` and the fields described in
        :func:`read_polnear_ann`.
    """
    d = polnear_split_dir(split)
    anns = sorted((d / "attributions").glob("*.ann"))
    arts, rows = [], []
    seen: set[str] = set()
    for p in anns:
        doc_id, _, annotator = p.stem.rpartition("_")
        if one_annotator and doc_id in seen:
            continue
        tp = d / "text" / f"{doc_id}.txt"
        if not tp.is_file():
            continue
        seen.add(doc_id)
        text = tp.read_text(encoding="utf-8")
        arts.append({"doc_id": doc_id, "annotator": annotator, "text": text})
        for rec in read_polnear_ann(text, p.read_text(encoding="utf-8")):
            rows.append({"doc_id": doc_id, "annotator": annotator, **rec})
    cols = ["doc_id", "annotator", "attr_id"]
    for role in ROLES:
        cols += [role, f"{role}_start", f"{role}_end", f"{role}_spans"]
    return pd.DataFrame(arts, columns=["doc_id", "annotator", "text"]), pd.DataFrame(
        rows, columns=cols
    )
