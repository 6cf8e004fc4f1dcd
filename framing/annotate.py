"""Annotation workflow: draw a stratified sample of paragraphs for coders, read codings back.

``framing annotate export`` draws a sample of a corpus' paragraphs, stratified by a
document column (outlet by default) with at most a few paragraphs per document, and
writes it for coders as

- ``csv``: ``unit_id, doc_id, para_id, stratum, text, tone, frames, coder`` with the last
  three columns empty, to be filled in a spreadsheet (frames: keys joined by ``;``,
  primary first);
- ``labelstudio``: a Label Studio task list (JSON) plus its labelling config
  (``<file>.labelstudio.xml``) with a single-choice tone, a single-choice primary frame
  and a multiple-choice list of further frames from the codebook;
- ``doccano``: JSON Lines for a doccano text-classification project (multi-label), one
  line per paragraph, plus its label set (``<file>.doccano-labels.json``, to import on
  the project's Labels page): ``tone:<tone>`` for the tone, ``primary:<key>`` for the
  primary frame and ``<key>`` for further frames. doccano keeps the labels of a paragraph
  as an unordered set, so the primary frame is the one given as ``primary:<key>``; a
  paragraph with several frames and no ``primary:`` label has no known primary frame
  (``framing annotate import`` says which, and keeps the frames in the order doccano
  listed them).

Every unit is ``<doc_id>:<para_id>`` of the corpus exported, written and read back
unchanged: ``framing train --labels labels.csv --texts <the same corpus>`` finds its text
by that id.

``framing annotate import`` reads coded files of any of these formats (or doccano /
Label Studio exports) back into one labels table ``unit_id, tone, frames, coder`` that
``framing train --labels`` and :mod:`framing.agreement` use. A coded CSV may be comma-,
semicolon- (Excel in locales with a decimal comma) or tab-separated, with or without a
byte-order mark, but must be UTF-8; its column names match ignoring case and surrounding
spaces (``Tone``); it needs ``unit_id`` and ``tone`` and/or ``frames``. Messages locate
problems as ``row N`` of a CSV file (as a spreadsheet numbers it: the header is row 1),
``task N`` of a Label Studio file (counting from 1 in file order, with the task's
``id``) and ``line N`` of a doccano file (see :func:`read_coded`).

Every coding is kept, one row each. ``framing annotate import`` notes on stderr the
units coded more than once (and which of them differently), rows and Label Studio
tasks left out as not coded, codings whose primary frame is not known, and codings
that pair the residual frame ``other`` with another frame (against the codebook's rule,
for codebooks with such a frame); its summary counts the codings without a tone and
without frames.

Examples
--------
>>> import pandas as pd
>>> from framing.annotate import draw_sample
>>> paras = pd.DataFrame({"doc_id": ["a", "a", "b", "c"], "para_id": [0, 1, 0, 0],
...                       "text": ["First paragraph of a.", "Second paragraph of a.",
...                                "Only paragraph of b.", "Only paragraph of c."]})
>>> s = draw_sample(paras, n=3, strata=None, per_document=1, min_chars=5, seed=1)
>>> sorted(s["unit_id"].str.split(":").str[0].unique().tolist())
['a', 'b', 'c']
"""

from __future__ import annotations

import argparse
import io
import json
import sys
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any
from xml.sax.saxutils import quoteattr

import numpy as np
import pandas as pd

from .codebook import Codebook, resolve_codebook

__all__ = [
    "FORMATS",
    "TONES",
    "doccano_labels",
    "draw_sample",
    "export_sample",
    "import_labels",
    "labelstudio_config",
    "read_coded",
    "register",
    "repeated_codings",
    "write_labels",
]

FORMATS = ("csv", "labelstudio", "doccano")
TONES = ("negative", "neutral", "positive")
LABEL_COLUMNS = ["unit_id", "tone", "frames", "coder"]


# ---------------------------------------------------------------------------------------
# Sampling


def _allocate(sizes: pd.Series, n: int) -> pd.Series:
    """Split ``n`` over strata in proportion to their sizes (largest remainder), capped."""
    total = int(sizes.sum())
    if n >= total:
        return sizes.copy()
    quota = sizes / total * n
    alloc = np.floor(quota).astype(int)
    # every stratum gets at least one unit when there are enough to go round
    if n >= len(sizes):
        alloc = alloc.clip(lower=1)
    while alloc.sum() > n:
        alloc[alloc.idxmax()] -= 1
    rest = (quota - np.floor(quota)).sort_values(ascending=False, kind="stable")
    i = 0
    while alloc.sum() < n:
        k = rest.index[i % len(rest)]
        if alloc[k] < sizes[k]:
            alloc[k] += 1
        i += 1
    return alloc.clip(upper=sizes)


def draw_sample(
    paragraphs: pd.DataFrame,
    n: int,
    *,
    documents: pd.DataFrame | None = None,
    strata: str | None = "outlet",
    per_document: int | None = 3,
    min_chars: int = 40,
    seed: int = 0,
) -> pd.DataFrame:
    """Draw a stratified random sample of paragraphs for coding.

    Parameters
    ----------
    paragraphs : DataFrame
        ``doc_id``, ``para_id``, ``text`` (a corpus' ``paragraphs`` table).
    n : int
        Sample size (fewer if the corpus has fewer eligible paragraphs).
    documents : DataFrame, default=None
        The corpus' ``documents`` table, which holds the ``strata`` column.
    strata : str or None, default="outlet"
        Column of ``documents`` (or of ``paragraphs``) to stratify by; the sample is
        allocated to strata in proportion to their eligible paragraphs. Missing values
        form their own stratum. ``None`` draws a simple random sample.
    per_document : int or None, default=3
        At most this many paragraphs per document, so that topics vary.
    min_chars : int, default=40
        Leave out shorter paragraphs (datelines, captions).
    seed : int, default=0
        Random seed; the same inputs and seed give the same sample.

    Returns
    -------
    pandas.DataFrame
        ``unit_id`` (``<doc_id>:<para_id>``), ``doc_id``, ``para_id``, ``stratum``,
        ``text``, in random order.
    """
    if n < 1:
        raise ValueError(f"n must be >= 1, got {n}")
    missing = {"doc_id", "para_id", "text"} - set(paragraphs.columns)
    if missing:
        raise ValueError(f"paragraphs table lacks column(s) {sorted(missing)}")
    p = paragraphs[["doc_id", "para_id", "text"]].copy()
    p = p[p["text"].fillna("").str.strip().str.len() >= min_chars]
    if strata is None:
        p["stratum"] = "all"
    elif strata in paragraphs.columns:
        p["stratum"] = paragraphs.loc[p.index, strata]
    elif documents is not None and strata in documents.columns:
        m = documents.drop_duplicates("doc_id").set_index("doc_id")[strata]
        p["stratum"] = p["doc_id"].map(m)
    else:
        raise ValueError(f"no column {strata!r} to stratify by in paragraphs or documents")
    p["stratum"] = p["stratum"].astype(object).where(p["stratum"].notna(), "(missing)")
    p["stratum"] = p["stratum"].astype(str)
    rng = np.random.default_rng(seed)
    p = p.iloc[rng.permutation(len(p))]
    if per_document is not None:
        p = p.groupby("doc_id", sort=False).head(per_document)
    if p.empty:
        raise ValueError("no paragraph is long enough to sample")
    sizes = p.groupby("stratum").size()
    alloc = _allocate(sizes, n)
    parts = [g.head(int(alloc[s])) for s, g in p.groupby("stratum", sort=True)]
    out = pd.concat(parts)
    out = out.iloc[rng.permutation(len(out))].reset_index(drop=True)
    out.insert(0, "unit_id", out["doc_id"].astype(str) + ":" + out["para_id"].astype(str))
    return out[["unit_id", "doc_id", "para_id", "stratum", "text"]]


# ---------------------------------------------------------------------------------------
# Export


def labelstudio_config(codebook: Codebook | str | Path | None = None) -> str:
    """Label Studio labelling config: tone, primary frame and further frames."""
    cb = resolve_codebook(codebook)
    tone = "\n".join(f"    <Choice value={quoteattr(t)}/>" for t in TONES)
    frames = "\n".join(
        f"    <Choice value={quoteattr(f.key)} hint={quoteattr(f.definition)}/>" for f in cb
    )
    return f"""<View>
  <Text name="text" value="$text"/>
  <Header value="Tone"/>
  <Choices name="tone" toName="text" choice="single" required="true">
{tone}
  </Choices>
  <Header value="Primary frame ({cb.name})"/>
  <Choices name="primary_frame" toName="text" choice="single" required="true">
{frames}
  </Choices>
  <Header value="Other frames the paragraph clearly invokes"/>
  <Choices name="frames" toName="text" choice="multiple">
{frames}
  </Choices>
</View>
"""


#: Prefixes of doccano label names: ``tone:negative``, ``primary:economic``.
DOCCANO_TONE, DOCCANO_PRIMARY = "tone:", "primary:"


def doccano_labels(codebook: Codebook | str | Path | None = None) -> list[dict]:
    """doccano label set: ``tone:<tone>``, ``primary:<key>`` and ``<key>`` for each frame.

    The list is what doccano's "Import Labels" (project page Labels, Actions) reads; each
    kind of label has its own colour. A coder gives each paragraph one ``tone:`` label, one
    ``primary:`` label (its primary frame) and the keys of any further frames.
    """
    cb = resolve_codebook(codebook)

    def label(text: str, colour: str) -> dict:
        return {"text": text, "background_color": colour, "text_color": "#ffffff"}

    return (
        [label(DOCCANO_TONE + t, "#555555") for t in TONES]
        + [label(DOCCANO_PRIMARY + f.key, "#b22222") for f in cb]
        + [label(f.key, "#1f5fa8") for f in cb]
    )


def export_sample(
    sample: pd.DataFrame,
    path: str | Path,
    format: str = "csv",
    codebook: Codebook | str | Path | None = None,
) -> Path:
    """Write a sample (from :func:`draw_sample`) for coders.

    Parameters
    ----------
    sample : DataFrame
        At least ``unit_id`` and ``text``.
    path : str or Path
        Output file.
    format : {"csv", "labelstudio", "doccano"}, default="csv"
        See the module docstring. ``labelstudio`` also writes ``<path>.labelstudio.xml``
        (the labelling config), ``doccano`` ``<path>.doccano-labels.json`` (the label
        set, :func:`doccano_labels`).
    codebook : Codebook, str or Path, default=None
        Frames offered to the coders (``None``: built-in ``policy_frames``).

    Returns
    -------
    Path
        The file written.
    """
    if format not in FORMATS:
        raise ValueError(f"format must be one of {FORMATS}, got {format!r}")
    missing = {"unit_id", "text"} - set(sample.columns)
    if missing:
        raise ValueError(f"sample lacks column(s) {sorted(missing)}")
    out = Path(path)
    out.parent.mkdir(parents=True, exist_ok=True)
    meta = [c for c in sample.columns if c != "text"]
    if format == "csv":
        t = sample.copy()
        for c in ("tone", "frames", "coder"):
            t[c] = ""
        t.to_csv(out, index=False)
    elif format == "labelstudio":
        tasks = [
            {"data": {**{c: _plain(r[c]) for c in meta}, "text": str(r["text"])}}
            for _, r in sample.iterrows()
        ]
        out.write_text(json.dumps(tasks, ensure_ascii=False, indent=1), encoding="utf-8")
        out.with_name(out.name + ".labelstudio.xml").write_text(
            labelstudio_config(codebook), encoding="utf-8"
        )
    else:
        with out.open("w", encoding="utf-8") as fh:
            for _, r in sample.iterrows():
                rec = {"text": str(r["text"]), "label": [], **{c: _plain(r[c]) for c in meta}}
                fh.write(json.dumps(rec, ensure_ascii=False) + "\n")
        out.with_name(out.name + ".doccano-labels.json").write_text(
            json.dumps(doccano_labels(codebook), ensure_ascii=False, indent=1),
            encoding="utf-8",
        )
    return out


def _plain(v: Any) -> Any:
    if isinstance(v, np.integer):
        return int(v)
    if isinstance(v, np.floating):
        return float(v)
    return v


# ---------------------------------------------------------------------------------------
# Import


def _check_tone(tone: Any, where: str) -> str | None:
    if tone is None or (isinstance(tone, float) and np.isnan(tone)):
        return None
    t = str(tone).strip().lower()
    if not t:
        return None
    if t not in TONES:
        raise ValueError(f"{where}: unknown tone {tone!r}; expected one of {TONES}")
    return t


#: Separators of a coded CSV file: comma, semicolon (Excel in locales with a decimal
#: comma) and tab.
CSV_SEPARATORS = (",", ";", "\t")


def _read_csv_file(path: str | Path, row_numbers: bool = False) -> pd.DataFrame:
    """A CSV file as a table of strings (blank cells ``""``), whatever Excel made of it.

    The separator is whichever of comma, semicolon and tab occurs most often in the
    header line (comma if none does); a UTF-8 byte-order mark is dropped. Used for coded
    files (:func:`read_coded`) and by :mod:`framing.train` for labels and text tables.
    With ``row_numbers``, rows that are blank (an empty line, or only separators) are
    dropped but counted, so that row ``i`` of the index is row ``i + 2`` of the file as
    a spreadsheet numbers it (the header is row 1); otherwise empty lines are skipped.

    Raises
    ------
    ValueError
        In one line naming the file: not UTF-8 text, empty, or not a table (rows with
        more cells than the header).
    """
    p = Path(path)
    raw = p.read_bytes()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise ValueError(
            f"{p}: not UTF-8 text (byte 0x{raw[exc.start]:02x} on line {line}); save it as "
            "UTF-8 (Excel: 'CSV UTF-8')"
        ) from None
    header = text.split("\n", 1)[0]
    sep = max(CSV_SEPARATORS, key=header.count) if header.strip() else ","
    name = {",": "comma", ";": "semicolon", "\t": "tab"}[sep]
    try:
        t = pd.read_csv(
            io.StringIO(text),
            sep=sep,
            dtype=str,
            keep_default_na=False,
            skip_blank_lines=not row_numbers,
        )
    except pd.errors.EmptyDataError:
        raise ValueError(f"{p}: the file is empty") from None
    except pd.errors.ParserError as exc:
        detail = " ".join(str(exc).split())
        raise ValueError(
            f"{p}: could not be read as CSV ({detail}; {name}-separated by its header line)"
        ) from None
    if row_numbers:
        t = t[t.apply(lambda c: c.str.strip().ne("")).any(axis=1)]
    return t


def _match_columns(t: pd.DataFrame, names: Iterable[str], where: str) -> pd.DataFrame:
    """``t`` with the columns that are one of ``names`` up to case and surrounding spaces
    (``Tone``, `` tone ``) renamed to it; two columns for one name are an error."""
    wanted = {n.lower(): n for n in names}
    rename: dict[Any, str] = {}
    for c in t.columns:
        n = wanted.get(str(c).strip().lower())
        if n is None:
            continue
        other = next((k for k, v in rename.items() if v == n), None)
        if other is not None:
            raise ValueError(
                f"{where}: columns {other!r} and {c!r} are both read as {n!r}; keep one"
            )
        rename[c] = n
    return t.rename(columns=rename)


def _columns_found(t: pd.DataFrame) -> str:
    return ", ".join(repr(str(c)) for c in t.columns) or "none"


def _read_csv(path: Path, cb: Codebook, coder: str | None) -> tuple[list[dict], list[str]]:
    t = _match_columns(_read_csv_file(path, row_numbers=True), LABEL_COLUMNS, str(path))
    has = [c for c in ("tone", "frames") if c in t.columns]
    if "unit_id" not in t.columns or not has:
        missing = [c for c in ("unit_id", "tone", "frames") if c not in t.columns]
        raise ValueError(
            f"{path}: missing column(s) {missing}: columns found: {_columns_found(t)}; "
            "expected: unit_id and tone and/or frames (coder optional; names match "
            "ignoring case and surrounding spaces)"
        )
    notes = []
    if len(has) == 1:
        lacks = "frames" if has == ["tone"] else "tone"
        notes.append(
            f"{path}: no {lacks!r} column (columns found: {_columns_found(t)}): no unit gets "
            f"{'frames' if lacks == 'frames' else 'a tone'} from this file"
        )
    rows, uncoded, no_id = [], [], []
    for i, r in zip(t.index, t.to_dict("records"), strict=True):
        loc = f"row {i + 2}"  # as a spreadsheet numbers it: the header is row 1
        where = f"{path}: {loc}"
        try:
            frames = cb.parse_labels(r.get("frames"))
        except KeyError as exc:
            raise ValueError(f"{where}: {exc.args[0]}") from None
        tone = _check_tone(r.get("tone"), where)
        if not frames and tone is None:
            uncoded.append(str(i + 2))  # not coded
            continue
        uid = r["unit_id"].strip()
        if not uid:
            no_id.append(str(i + 2))
            continue
        rows.append(
            {
                "unit_id": uid,
                "tone": tone,
                "frames": frames,
                "coder": coder or r.get("coder") or path.stem,
                "loc": loc,
            }
        )
    if no_id:
        raise ValueError(
            f"{path}: {_n(len(no_id), 'coded row')} without a unit_id: row {_some(no_id)}; "
            "copy it from the exported file (ids look like <doc_id>:<para_id>)"
        )
    if uncoded:
        notes.append(
            f"{path}: {len(uncoded)} of {_n(len(t), 'row')} "
            f"{'has' if len(uncoded) == 1 else 'have'} no tone and no frames (not coded) and "
            f"{'is' if len(uncoded) == 1 else 'are'} left out: row {_some(uncoded)}"
        )
    return rows, notes


def _frames_primary_first(
    primary: list[Any], further: list[Any], cb: Codebook, where: str, what: str
) -> tuple[list[str], bool]:
    """Frame keys with the primary frame first, and whether the primary is unknown.

    ``primary`` holds what the coder gave as primary frame (at most one), ``further``
    the other frames in the order the file lists them; the primary is unknown when there
    is none but several frames.
    """
    try:
        prim = cb.parse_labels(list(primary))
        frames = cb.parse_labels(prim + list(further))
    except KeyError as exc:
        raise ValueError(f"{where}: {exc.args[0]}") from None
    if len(prim) > 1:
        raise ValueError(f"{where}: more than one primary frame {prim}; {what} takes one")
    return frames, not prim and len(frames) > 1


def _unknown_primary_note(path: Path, locs: list[str], how: str, fix: str) -> str:
    return (
        f"{path}: {_n(len(locs), 'coding')} {'has' if len(locs) == 1 else 'have'} several "
        f"frames but no primary frame ({how}), so the primary frame is not known: "
        f"{_some(locs)}; their frames are kept in the order the file lists them, which "
        f"makes the first one primary for training and agreement; to fix it, {fix}"
    )


def _n(n: int, word: str) -> str:
    """``n`` and ``word``, plural unless ``n`` is 1: ``1 row``, ``3 rows``."""
    return f"{n} {word}{'' if n == 1 else 's'}"


def _some(items: Sequence[str], k: int = 5) -> str:
    """The first ``k`` of ``items`` joined by commas, and how many more there are."""
    more = f" and {len(items) - k} more" if len(items) > k else ""
    return ", ".join(items[:k]) + more


def _ls_coder(ann: dict) -> str | None:
    who = ann.get("completed_by")
    if isinstance(who, dict):
        who = who.get("email") or who.get("id")
    return None if who is None else str(who)


def _ls_task(i: int, task: Any, uid: Any = None, k: int | None = None) -> str:
    """``task 3 (id 17, unit_id x:2)``: the task's place in the file counting from 1 (and
    its annotation ``k``, from 1), with the task's id if it has one and ``uid`` if given."""
    tid = task.get("id") if isinstance(task, dict) else None
    about = ([] if tid is None else [f"id {tid}"]) + ([] if uid is None else [f"unit_id {uid}"])
    return (
        f"task {i + 1}"
        + ("" if k is None else f" annotation {k}")
        + (f" ({', '.join(about)})" if about else "")
    )


def _read_labelstudio(path: Path, cb: Codebook, coder: str | None) -> tuple[list[dict], list[str]]:
    try:
        tasks = json.loads(path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as exc:
        raise ValueError(
            f"{path}: not a Label Studio JSON export (invalid JSON on line {exc.lineno}: "
            f"{exc.msg}); for a doccano file use the extension .jsonl or format='doccano'"
        ) from None
    if isinstance(tasks, dict):
        tasks = [tasks]
    if not isinstance(tasks, list):
        raise ValueError(f"{path}: expected a Label Studio task list")
    rows, unannotated, uncoded, unknown = [], [], [], []
    unread: set[str] = set()  # choice names that are not ours
    for i, task in enumerate(tasks):
        data = task.get("data", {}) if isinstance(task, dict) else None
        uid = data.get("unit_id") if isinstance(data, dict) else None
        if uid is None:
            flat = isinstance(task, dict) and "unit_id" in task
            raise ValueError(
                f"{path}: {_ls_task(i, task)} has no data.unit_id; "
                + (
                    "this looks like Label Studio's JSON-MIN export: export as 'JSON' instead"
                    if flat
                    else "import the tasks that framing annotate export wrote into Label "
                    "Studio, and export them as 'JSON'"
                )
            )
        annotations = [a for a in task.get("annotations", []) or [] if not a.get("was_cancelled")]
        if not annotations:
            unannotated.append(_ls_task(i, task, uid))
        for k, ann in enumerate(annotations):
            fields: dict[str, list] = {}
            for res in ann.get("result", []):
                fields[res.get("from_name")] = list(res.get("value", {}).get("choices", []))
            unread |= {str(n) for n in fields} - {"tone", "primary_frame", "frames"}
            at = _ls_task(i, task, uid, None if len(annotations) == 1 else k + 1)
            where = f"{path}: {at}"
            frames, unknown_primary = _frames_primary_first(
                fields.get("primary_frame", []),
                fields.get("frames", []),
                cb,
                where,
                "the 'primary_frame' choice",
            )
            tone_l = fields.get("tone", [])
            tone = _check_tone(tone_l[0] if tone_l else None, where)
            if not frames and tone is None:
                uncoded.append(at)
                continue
            if unknown_primary:
                unknown.append(at)
            rows.append(
                {
                    "unit_id": str(uid),
                    "tone": tone,
                    "frames": frames,
                    "coder": coder or _ls_coder(ann) or path.stem,
                    "loc": _ls_task(i, task, None, None if len(annotations) == 1 else k + 1),
                }
            )
    notes = []
    if unannotated:
        notes.append(
            f"{path}: {len(unannotated)} of {_n(len(tasks), 'task')} "
            f"{'has' if len(unannotated) == 1 else 'have'} no annotation (or only cancelled "
            f"ones), not coded: left out: {_some(unannotated)}"
        )
    if uncoded:
        notes.append(
            f"{path}: {_n(len(uncoded), 'annotation')} without a tone or a frame (not "
            f"coded): left out: {_some(uncoded)}"
        )
    if unread:
        notes.append(
            f"{path}: choices named {_some(sorted(unread))} are not read: tone and frames "
            "are read from the choices named 'tone', 'primary_frame' and 'frames' of the "
            "labelling config framing annotate export wrote"
        )
    if unknown:
        notes.append(
            _unknown_primary_note(
                path,
                unknown,
                "no 'primary_frame' choice",
                "choose the primary frame in Label Studio (use the labelling config "
                "framing annotate export wrote) and export again",
            )
        )
    return rows, notes


def _read_doccano(path: Path, cb: Codebook, coder: str | None) -> tuple[list[dict], list[str]]:
    rows, uncoded, unknown = [], [], []
    for lineno, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        where = f"{path}: line {lineno}"
        try:
            rec = json.loads(line)
        except json.JSONDecodeError as exc:
            raise ValueError(
                f"{where}: not a JSON object ({exc.msg}); a doccano file has one JSON object "
                "per line (for a Label Studio export use the extension .json or "
                "format='labelstudio')"
            ) from None
        if not isinstance(rec, dict):
            raise ValueError(f"{where}: not a JSON object; a doccano file has one per line")
        meta = rec.get("meta") if isinstance(rec.get("meta"), dict) else {}
        uid = rec.get("unit_id", meta.get("unit_id"))
        if uid is None:
            raise ValueError(
                f"{where}: no unit_id; import the lines that framing annotate export wrote "
                "into doccano, which keeps their unit_id"
            )
        labels = rec.get("label", rec.get("labels", [])) or []
        names = [str(x) for x in labels]
        tones = [x[len(DOCCANO_TONE) :] for x in names if x.startswith(DOCCANO_TONE)]
        prim = [x[len(DOCCANO_PRIMARY) :] for x in names if x.startswith(DOCCANO_PRIMARY)]
        rest = [x for x in names if not x.startswith((DOCCANO_TONE, DOCCANO_PRIMARY))]
        if len(tones) > 1:
            raise ValueError(f"{where}: more than one tone label {tones}")
        bare = [x for x in rest if x.strip().lower() in TONES and not _is_frame(cb, x)]
        if bare:
            raise ValueError(
                f"{where}: label {bare[0]!r} is a tone: tones are labelled "
                f"'{DOCCANO_TONE}{bare[0].strip().lower()}' (the label set framing annotate "
                "export wrote has them)"
            )
        frames, unknown_primary = _frames_primary_first(
            prim, rest, cb, where, f"a paragraph takes one '{DOCCANO_PRIMARY}<frame>' label"
        )
        tone = _check_tone(tones[0] if tones else None, where)
        if not frames and tone is None:
            uncoded.append(str(lineno))
            continue
        if unknown_primary:
            unknown.append(f"line {lineno}")
        who = coder or rec.get("coder") or rec.get("user") or path.stem
        rows.append(
            {
                "unit_id": str(uid),
                "tone": tone,
                "frames": frames,
                "coder": str(who),
                "loc": f"line {lineno}",
            }
        )
    notes = []
    if uncoded:
        notes.append(
            f"{path}: {_n(len(uncoded), 'line')} without a label (not coded): left out: "
            f"line {_some(uncoded)}"
        )
    if unknown:
        how = f"no '{DOCCANO_PRIMARY}<frame>' label; doccano keeps labels in no order"
        fix = (
            f"give each of them one '{DOCCANO_PRIMARY}<frame>' label in doccano (the label "
            "set framing annotate export wrote has them) and export again"
        )
        notes.append(_unknown_primary_note(path, unknown, how, fix))
    return rows, notes


def _is_frame(cb: Codebook, label: str) -> bool:
    try:
        cb.key_for(label)
    except KeyError:
        return False
    return True


def _guess_format(path: Path) -> str:
    s = path.suffix.lower()
    if s in (".csv", ".tsv"):
        return "csv"
    if s in (".jsonl", ".ndjson"):
        return "doccano"
    if s == ".json":
        text = path.read_text(encoding="utf-8").lstrip()
        if text[:1] == "[":
            return "labelstudio"
        try:  # one Label Studio task, or JSON Lines saved as .json
            one = json.loads(text)
        except json.JSONDecodeError:
            return "doccano"
        doccano = isinstance(one, dict) and "data" not in one and "unit_id" in one
        return "doccano" if doccano else "labelstudio"
    raise ValueError(
        f"{path}: cannot tell the format from the extension (.csv, .json or .jsonl); "
        "pass --format (format=)"
    )


def read_coded(
    path: str | Path,
    format: str | None = None,
    codebook: Codebook | str | Path | None = None,
    coder: str | None = None,
) -> pd.DataFrame:
    """Read one coded file into a labels table.

    Parameters
    ----------
    path : str or Path
        A filled-in CSV, a Label Studio JSON export or a doccano JSONL export.
    format : {"csv", "labelstudio", "doccano"}, default=None
        ``None`` guesses from the extension (``.csv``/``.tsv``, ``.json``, ``.jsonl``).
    codebook : Codebook, str or Path, default=None
        Frame labels (keys, codes or names) are checked and mapped to keys.
    coder : str, default=None
        Coder name for every row; default: the file's ``coder`` column / Label Studio
        user / doccano ``coder`` or ``user`` field / the file name.

    Returns
    -------
    pandas.DataFrame
        ``unit_id``, ``tone`` (str or None), ``frames`` (list, primary first),
        ``coder``. Uncoded rows (no tone and no frame) are left out. Unit ids are
        returned as the file has them (surrounding spaces dropped): those of
        ``framing annotate export`` are ``<doc_id>:<para_id>``.

    Raises
    ------
    ValueError
        On an unknown frame or tone label, or a file that is not of its format, naming
        the file and where in it.

    Notes
    -----
    **Where.** Messages say where a problem is in a way an editor or spreadsheet finds:

    - CSV: ``row N``, the row number a spreadsheet shows (the header is row 1, the
      first unit row 2; blank lines count, as a spreadsheet shows them as rows);
    - Label Studio: ``task N``, counting the tasks from 1 in file order, with the
      task's ``id`` (the id Label Studio shows) and ``unit_id``, and ``annotation K``
      when a task has several;
    - doccano: ``line N`` of the file, counting from 1.

    **Primary frame.** ``frames`` lists the primary frame first:

    - CSV: the first key of the ``frames`` cell (``political;economic``);
    - Label Studio: the ``primary_frame`` choice, then the ``frames`` choices;
    - doccano: the ``primary:<key>`` label, then the frame labels in the order the file
      lists them. Labels in doccano are an unordered set, so a coding with several
      frames and no ``primary:`` label (or, in Label Studio, no ``primary_frame``) has
      no known primary frame: its frames are kept in file order and ``framing annotate
      import`` lists such codings; two primary frames are an error.
    """
    return _read_one(path, format, resolve_codebook(codebook), coder)[0]


def _read_one(
    path: str | Path, format: str | None, cb: Codebook, coder: str | None
) -> tuple[pd.DataFrame, list[str], list[str]]:
    """:func:`read_coded`'s table, where each row is in the file (``<file> row 3``) and
    notes on the file (uncoded rows, a missing column) for ``framing annotate import``."""
    p = Path(path)
    if not p.is_file():
        raise FileNotFoundError(f"coded file not found: {p}")
    fmt = format or _guess_format(p)
    if fmt not in FORMATS:
        raise ValueError(f"format must be one of {FORMATS}, got {fmt!r}")
    reader = {"csv": _read_csv, "labelstudio": _read_labelstudio, "doccano": _read_doccano}[fmt]
    rows, notes = reader(p, cb, coder)
    out = pd.DataFrame(rows, columns=LABEL_COLUMNS, dtype=object)
    out["tone"] = pd.Series([t if isinstance(t, str) else None for t in out["tone"]], dtype=object)
    return out, [f"{path} {r['loc']}" for r in rows], notes


def import_labels(
    paths: Iterable[str | Path],
    format: str | None = None,
    codebook: Codebook | str | Path | None = None,
    coder: str | None = None,
) -> pd.DataFrame:
    """Read several coded files (see :func:`read_coded`) into one labels table.

    Every coding is kept: a unit coded by several coders (or twice in one file) has one
    row per coding, in file order. That is what inter-coder agreement compares
    (:mod:`framing.agreement`: read each coder's files separately and merge them on
    ``unit_id``); ``framing train`` trains on the first coding of each unit and says so.
    ``framing annotate import`` reports such units, and which of them were coded
    differently, on stderr.
    """
    return _import(paths, format, codebook, coder)[0]


def _import(
    paths: Iterable[str | Path],
    format: str | None,
    codebook: Codebook | str | Path | None,
    coder: str | None,
) -> tuple[pd.DataFrame, list[str]]:
    """:func:`import_labels`' table and the notes ``framing annotate import`` prints."""
    cb = resolve_codebook(codebook)
    tables, wheres, notes = [], [], []
    for p in paths:
        t, w, n = _read_one(p, format, cb, coder)
        tables.append(t)
        wheres += w
        notes += n
    if not tables:
        raise ValueError("no coded files given")
    labels = pd.concat(tables, ignore_index=True)
    return labels, notes + _coding_notes(labels, wheres, cb)


#: Key of the residual frame of a codebook ("none of the others applies"), which stands
#: alone: never coded together with another frame (``docs/codebook.md``, section 4, rule
#: 5). The rule is checked for codebooks that have a frame with this key (policy_frames).
RESIDUAL_FRAME = "other"


def repeated_codings(unit_ids: pd.Series, codings: Sequence[Any]) -> tuple[list[str], list[str]]:
    """Unit ids with more than one coding, and those of them coded differently.

    Parameters
    ----------
    unit_ids : Series
        One unit id per coding.
    codings : sequence
        The coding of each row (a tone, a list of frames, a tuple of both); lists are
        compared as they are, so ``a;b`` and ``b;a`` (another primary frame) differ.

    Returns
    -------
    (list of str, list of str)
        Unit ids coded more than once, and the subset coded differently, in order of
        first appearance.
    """
    ids = pd.Series(unit_ids).astype(str).reset_index(drop=True)
    key = pd.Series([repr(c) for c in codings], dtype=object)
    dup = ids.duplicated(keep=False)
    if not dup.any():
        return [], []
    n_distinct = key[dup].groupby(ids[dup], sort=False).nunique()
    return list(n_distinct.index), list(n_distinct.index[n_distinct > 1])


def _coding_notes(labels: pd.DataFrame, wheres: list[str], cb: Codebook) -> list[str]:
    """Notes on units coded more than once and on codings that break the codebook."""
    notes = []
    ids = labels["unit_id"].astype(str).reset_index(drop=True)
    codings = [(t, tuple(f)) for t, f in zip(labels["tone"], labels["frames"], strict=True)]
    repeated, differ = repeated_codings(ids, codings)
    if repeated:

        def _at(uid: str) -> str:
            return f"{uid} ({', '.join(w for w, i in zip(wheres, ids, strict=True) if i == uid)})"

        shown = differ or repeated
        n_rows = int(ids.isin(repeated).sum())
        notes.append(
            f"{_n(len(repeated), 'unit id')} {'is' if len(repeated) == 1 else 'are'} coded "
            f"more than once ({n_rows} codings), "
            + (
                f"{len(differ)} of them differently (tone or frames): "
                if differ
                else "the same way each time: e.g. "
            )
            + _some([_at(u) for u in shown[:3]] + shown[3:], 3)
            + ". Each coding is kept as a row: several codings of a unit are what "
            "inter-coder agreement compares (framing.agreement: import each coder's files "
            "separately and merge them on unit_id, notebook 03); framing train uses the "
            "first coding of each unit"
        )
    if RESIDUAL_FRAME in cb:
        bad = [
            f"{w} ({u}): {';'.join(f)}"
            for w, u, f in zip(wheres, ids, labels["frames"], strict=True)
            if RESIDUAL_FRAME in f and len(f) > 1
        ]
        if bad:
            notes.append(
                f"{_n(len(bad), 'coding')} {'combines' if len(bad) == 1 else 'combine'} "
                f"{RESIDUAL_FRAME!r} with another frame, though "
                f"the codebook's {RESIDUAL_FRAME!r} stands alone (only when no other frame "
                f"applies): {_some(bad, 3)}; fix them in the coded file"
            )
    return notes


def write_labels(labels: pd.DataFrame, path: str | Path) -> Path:
    """Write a labels table as CSV (``frames`` joined by ``;``)."""
    t = labels.copy()
    t["frames"] = [";".join(f) for f in t["frames"]]
    p = Path(path)
    p.parent.mkdir(parents=True, exist_ok=True)
    t.to_csv(p, index=False)
    return p


# ---------------------------------------------------------------------------------------
# Command line


def _cmd_export(args: argparse.Namespace) -> int:
    from .cli import corpus_from_args

    corpus = corpus_from_args(args)
    if corpus.paragraphs.empty:
        print("framing annotate export: the corpus has no paragraphs", file=sys.stderr)
        return 1
    strata = None if args.strata in ("none", "") else args.strata
    sample = draw_sample(
        corpus.paragraphs,
        args.n,
        documents=corpus.documents,
        strata=strata,
        per_document=args.per_document or None,
        min_chars=args.min_chars,
        seed=args.seed,
    )
    out = export_sample(sample, args.out, format=args.format, codebook=args.codebook)
    counts = sample.groupby("stratum").size()
    print(f"{len(sample)} paragraphs from {sample['doc_id'].nunique()} documents -> {out}")
    companion = {
        "labelstudio": ("labelling config for the project", ".labelstudio.xml"),
        "doccano": ("label set to import in the project first", ".doccano-labels.json"),
    }.get(args.format)
    if companion:
        print(f"{companion[0]}: {out.with_name(out.name + companion[1])}")
    if len(sample) < args.n:
        cap = f"at most {args.per_document} per document" if args.per_document else "no cap"
        print(
            f"framing annotate export: note: drew {len(sample)} of the {args.n} asked for: "
            f"that is every eligible paragraph (at least {args.min_chars} characters, {cap}; "
            "see --min-chars and --per-document, 0 for no cap)",
            file=sys.stderr,
        )
    print("per stratum: " + ", ".join(f"{k} {v}" for k, v in counts.items()))
    return 0


def _cmd_import(args: argparse.Namespace) -> int:
    labels, notes = _import(args.files, args.format, args.codebook, args.coder)
    for note in notes:
        print(f"framing annotate import: note: {note}", file=sys.stderr)
    n_units = labels["unit_id"].nunique()
    what = _n(len(labels), "coded unit")
    if n_units < len(labels):
        what = f"{len(labels)} codings of {n_units} units"
    no_tone = int(labels["tone"].isna().sum())
    no_frames = int((labels["frames"].map(len) == 0).sum())
    counts = f"{no_tone} without a tone, {no_frames} without frames"
    if args.out:
        write_labels(labels, args.out)
        print(f"{what} from {len(args.files)} file(s) -> {args.out} ({counts})")
    else:
        t = labels.copy()
        t["frames"] = [";".join(f) for f in t["frames"]]
        t.to_csv(sys.stdout, index=False)
        print(
            f"framing annotate import: {what} from {len(args.files)} file(s) ({counts})",
            file=sys.stderr,
        )
    return 0


def register(subparsers: Any) -> None:
    """Add ``framing annotate export`` and ``framing annotate import``."""
    from .cli import add_input_args

    p = subparsers.add_parser(
        "annotate", help="export a stratified paragraph sample for coders; import codings"
    )
    sub = p.add_subparsers(dest="annotate_command", metavar="ACTION", required=True)

    e = sub.add_parser("export", help="draw a stratified sample of paragraphs for coding")
    add_input_args(e)
    e.add_argument("--out", required=True, help="output file")
    e.add_argument("--n", type=int, default=200, help="sample size (default 200)")
    e.add_argument("--format", choices=FORMATS, default="csv")
    e.add_argument("--strata", default="outlet", help="documents column to stratify by, or 'none'")
    e.add_argument(
        "--per-document",
        type=int,
        default=3,
        help="max paragraphs per document (default 3; 0: no cap)",
    )
    e.add_argument(
        "--min-chars", type=int, default=40, help="skip shorter paragraphs (default 40 characters)"
    )
    e.add_argument("--seed", type=int, default=0)
    e.add_argument("--codebook", default=None, help="codebook file or built-in name")
    e.set_defaults(func=_cmd_export)

    i = sub.add_parser("import", help="read coded files back into one labels CSV")
    i.add_argument(
        "files",
        nargs="+",
        help="coded CSV (comma, semicolon or tab separated), Label Studio JSON or doccano JSONL",
    )
    i.add_argument("--out", default=None, help="labels CSV to write (default: stdout)")
    i.add_argument("--format", choices=FORMATS, default=None)
    i.add_argument("--codebook", default=None, help="codebook file or built-in name")
    i.add_argument("--coder", default=None, help="coder name for every row")
    i.set_defaults(func=_cmd_import)
