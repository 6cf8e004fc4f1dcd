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
- ``doccano``: JSON Lines for a doccano text-classification project, one line per
  paragraph, with the codebook's frame keys and ``tone:<label>`` as label names.

``framing annotate import`` reads coded files of any of these formats (or doccano /
Label Studio exports) back into one labels table ``unit_id, tone, frames, coder`` that
``framing train --labels`` and :mod:`framing.agreement` use.

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
import json
import sys
from collections.abc import Iterable
from pathlib import Path
from typing import Any
from xml.sax.saxutils import quoteattr

import numpy as np
import pandas as pd

from .codebook import Codebook, resolve_codebook

__all__ = [
    "FORMATS",
    "TONES",
    "draw_sample",
    "export_sample",
    "import_labels",
    "labelstudio_config",
    "read_coded",
    "register",
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
        See the module docstring. ``labelstudio`` also writes ``<path>.labelstudio.xml``.
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


def _read_csv(path: Path, cb: Codebook, coder: str | None) -> list[dict]:
    t = pd.read_csv(path, dtype=str, keep_default_na=False)
    missing = {"unit_id", "frames"} - set(t.columns)
    if missing:
        raise ValueError(f"{path}: missing column(s) {sorted(missing)}")
    rows = []
    for i, r in enumerate(t.to_dict("records")):
        where = f"{path}: row {i + 2}"
        try:
            frames = cb.parse_labels(r["frames"])
        except KeyError as exc:
            raise ValueError(f"{where}: {exc.args[0]}") from None
        tone = _check_tone(r.get("tone"), where)
        if not frames and tone is None:
            continue  # not coded
        rows.append(
            {
                "unit_id": r["unit_id"].strip(),
                "tone": tone,
                "frames": frames,
                "coder": coder or r.get("coder") or path.stem,
            }
        )
    return rows


def _ls_coder(ann: dict) -> str | None:
    who = ann.get("completed_by")
    if isinstance(who, dict):
        who = who.get("email") or who.get("id")
    return None if who is None else str(who)


def _read_labelstudio(path: Path, cb: Codebook, coder: str | None) -> list[dict]:
    tasks = json.loads(path.read_text(encoding="utf-8"))
    if isinstance(tasks, dict):
        tasks = [tasks]
    if not isinstance(tasks, list):
        raise ValueError(f"{path}: expected a Label Studio task list")
    rows = []
    for i, task in enumerate(tasks):
        data = task.get("data", {})
        uid = data.get("unit_id")
        if uid is None:
            raise ValueError(f"{path}: task {i} has no data.unit_id")
        for ann in task.get("annotations", []) or []:
            if ann.get("was_cancelled"):
                continue
            fields: dict[str, list] = {}
            for res in ann.get("result", []):
                fields[res.get("from_name")] = list(res.get("value", {}).get("choices", []))
            where = f"{path}: task {i} ({uid})"
            try:
                frames = cb.parse_labels(fields.get("primary_frame", []) + fields.get("frames", []))
            except KeyError as exc:
                raise ValueError(f"{where}: {exc.args[0]}") from None
            tone_l = fields.get("tone", [])
            tone = _check_tone(tone_l[0] if tone_l else None, where)
            if not frames and tone is None:
                continue
            rows.append(
                {
                    "unit_id": str(uid),
                    "tone": tone,
                    "frames": frames,
                    "coder": coder or _ls_coder(ann) or path.stem,
                }
            )
    return rows


def _read_doccano(path: Path, cb: Codebook, coder: str | None) -> list[dict]:
    rows = []
    for lineno, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        rec = json.loads(line)
        where = f"{path}: line {lineno}"
        uid = rec.get("unit_id")
        if uid is None:
            raise ValueError(f"{where}: no unit_id")
        labels = rec.get("label", rec.get("labels", [])) or []
        tones = [str(x)[5:] for x in labels if str(x).startswith("tone:")]
        prim = [str(x)[8:] for x in labels if str(x).startswith("primary:")]
        rest = [x for x in labels if not str(x).startswith(("tone:", "primary:"))]
        if len(tones) > 1:
            raise ValueError(f"{where}: more than one tone label {tones}")
        try:
            frames = cb.parse_labels(prim + rest)
        except KeyError as exc:
            raise ValueError(f"{where}: {exc.args[0]}") from None
        tone = _check_tone(tones[0] if tones else None, where)
        if not frames and tone is None:
            continue
        who = coder or rec.get("coder") or rec.get("user") or path.stem
        rows.append({"unit_id": str(uid), "tone": tone, "frames": frames, "coder": str(who)})
    return rows


def _guess_format(path: Path) -> str:
    s = path.suffix.lower()
    if s in (".csv", ".tsv"):
        return "csv"
    if s in (".jsonl", ".ndjson"):
        return "doccano"
    if s == ".json":
        head = path.read_text(encoding="utf-8").lstrip()[:1]
        return "labelstudio" if head in ("[", "{") else "doccano"
    raise ValueError(f"{path}: cannot tell the format from the extension; pass format=")


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
        ``None`` guesses from the extension (``.csv``, ``.json``, ``.jsonl``).
    codebook : Codebook, str or Path, default=None
        Frame labels (keys, codes or names) are checked and mapped to keys.
    coder : str, default=None
        Coder name for every row; default: the file's ``coder`` column / Label Studio
        user / the file name.

    Returns
    -------
    pandas.DataFrame
        ``unit_id``, ``tone`` (str or None), ``frames`` (list, primary first),
        ``coder``. Uncoded rows (no tone and no frame) are left out.

    Raises
    ------
    ValueError
        On an unknown frame or tone label, naming the file and row.
    """
    p = Path(path)
    if not p.is_file():
        raise FileNotFoundError(f"coded file not found: {p}")
    fmt = format or _guess_format(p)
    if fmt not in FORMATS:
        raise ValueError(f"format must be one of {FORMATS}, got {fmt!r}")
    cb = resolve_codebook(codebook)
    reader = {"csv": _read_csv, "labelstudio": _read_labelstudio, "doccano": _read_doccano}[fmt]
    rows = reader(p, cb, coder)
    out = pd.DataFrame(rows, columns=LABEL_COLUMNS, dtype=object)
    out["tone"] = pd.Series([t if isinstance(t, str) else None for t in out["tone"]], dtype=object)
    return out


def import_labels(
    paths: Iterable[str | Path],
    format: str | None = None,
    codebook: Codebook | str | Path | None = None,
    coder: str | None = None,
) -> pd.DataFrame:
    """Read several coded files (see :func:`read_coded`) into one labels table."""
    tables = [read_coded(p, format=format, codebook=codebook, coder=coder) for p in paths]
    if not tables:
        raise ValueError("no coded files given")
    return pd.concat(tables, ignore_index=True)


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
    labels = import_labels(args.files, format=args.format, codebook=args.codebook, coder=args.coder)
    if args.out:
        write_labels(labels, args.out)
        print(f"{len(labels)} coded units from {len(args.files)} file(s) -> {args.out}")
    else:
        t = labels.copy()
        t["frames"] = [";".join(f) for f in t["frames"]]
        t.to_csv(sys.stdout, index=False)
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
    i.add_argument("files", nargs="+", help="coded CSV, Label Studio JSON or doccano JSONL")
    i.add_argument("--out", default=None, help="labels CSV to write (default: stdout)")
    i.add_argument("--format", choices=FORMATS, default=None)
    i.add_argument("--codebook", default=None, help="codebook file or built-in name")
    i.add_argument("--coder", default=None, help="coder name for every row")
    i.set_defaults(func=_cmd_import)
