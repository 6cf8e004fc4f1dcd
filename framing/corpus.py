"""The corpus stage: messy news files in, tidy ``documents`` and ``paragraphs`` tables out.

:func:`load_corpus` reads plain-text pages saved from a browser, HTML pages, JSON Lines,
JSON, CSV and Parquet files with one article per row (or a pandas DataFrame), cleans them
and returns a :class:`Corpus`.

Tables
------
``documents`` (one row per document loaded)
    doc_id : str
        The input file's name without extension (a row's id column for tabular input;
        without one, ``<file name>-<i>`` with ``i`` counting the data rows from 0, blank
        lines not counted: ``export-4`` is the fifth data row of ``export.csv``, which
        ``source`` names ``row 6`` or later), made unique with ``-2``, ``-3`` ... when
        two collide.
    source : str
        Where the document came from. The file's path; for a row of a CSV or TSV file
        ``path:row N`` with N the row as a spreadsheet (and ``framing annotate import``)
        numbers it: the header is row 1 and the first data row row 2, a blank line (or
        one of spaces) is a row too though never a document, and a quoted cell over
        several lines is one row. For a record of a JSON or Parquet file, which has no
        header row, ``path:row N`` counts the records from 1, and a DataFrame's rows are
        ``<DataFrame>:row N`` counting its rows from 1 (by position, not by index
        label). ``path:N`` is line N of a JSON Lines file.
    title, author, outlet, agency : str or None
        Lifted from the page (or mapped columns). ``agency`` is a wire service when the
        page credits one (Reuters, Associated Press, AFP, ...). A text page names its
        outlet through its copyright line (``© 2024 The Herald``) or else a masthead
        line of its header (capitalised words with a newspaper word: "Riverside
        Herald", "The Valley Voice | 21.09.2023"); give pages with neither an outlet
        column by loading them as CSV or JSON Lines, or set
        ``corpus.documents["outlet"]`` before :func:`framing.analyze`.
    published : datetime64[ns, UTC]
        Publication time, timezone-aware; NaT when the text gives none.
    published_text : str or None
        The date as written in the source.
    tags : list of str
    text : str
        The cleaned body: the paragraphs joined by blank lines.
    n_paragraphs : int
    duplicate_of : str or None
        ``doc_id`` of an earlier document with exactly the same body.
    status : str
        ``ok`` for every loaded document.
``paragraphs`` (one row per body paragraph, in reading order)
    doc_id : str
    para_id : int
        0-based position in the document.
    text : str
    start, end : int
        Character offsets into the document's raw decoded input (``corpus.raw``): for
        text input ``raw[start:end] == text``; for HTML, ``raw[start:end]`` is the
        paragraph's span in the markup.
    section : str or None
        The section marker the paragraph follows ("Earlier story"), if any.
``report`` (one row per input document or file, loaded or not)
    source : str
    doc_id : str or None
    status : str
        ``ok``, ``empty``, ``skipped`` or ``error``.
    reason : str
        Why, for anything but a clean ``ok``. On ``ok`` rows it notes what was loaded
        differently from the input: a decoding fallback, a doc id renamed because it was
        taken, a date that could not be read (``published`` left empty), a numeric slash
        date that can only be read in the order not assumed (see ``dayfirst``).

Every input document ends up either in ``documents`` or as a non-ok ``report`` row, and
every line of a cleaned text page either in ``paragraphs`` or in
:meth:`Corpus.removed` (with the rule that removed it).
"""

from __future__ import annotations

import contextlib
import csv
import glob as _glob
import hashlib
import io
import json
import os
import re
import warnings
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any, Literal

import numpy as np
import pandas as pd

from ._dates import slash_order_note, to_utc
from ._html import parse_html, raw_end
from ._textpage import boilerplate_kind, detect_agency, parse_text_page

__all__ = [
    "Corpus",
    "LoaderError",
    "LoaderWarning",
    "build_batch",
    "duplicate_flags",
    "iter_corpus",
    "iter_record_batches",
    "load_corpus",
    "load_sample_corpus",
    "sample_corpus_path",
    "DOCUMENT_COLUMNS",
    "PARAGRAPH_COLUMNS",
    "REPORT_COLUMNS",
]

DOCUMENT_COLUMNS = [
    "doc_id",
    "source",
    "title",
    "published",
    "published_text",
    "author",
    "tags",
    "outlet",
    "agency",
    "text",
    "n_paragraphs",
    "duplicate_of",
    "status",
]
PARAGRAPH_COLUMNS = ["doc_id", "para_id", "text", "start", "end", "section"]
REPORT_COLUMNS = ["source", "doc_id", "status", "reason"]
REMOVED_COLUMNS = ["doc_id", "start", "end", "text", "kind", "reason"]

TEXT_EXT = {".txt", ".text"}
HTML_EXT = {".html", ".htm", ".xhtml"}
JSONL_EXT = {".jsonl", ".ndjson"}
TABLE_EXT = {".json", ".csv", ".tsv", ".parquet", ".pq"}
KNOWN_EXT = TEXT_EXT | HTML_EXT | JSONL_EXT | TABLE_EXT

# Column names recognised in tabular input, in order of preference; ``columns=`` overrides.
DEFAULT_COLUMNS: dict[str, tuple[str, ...]] = {
    "text": ("text", "body", "content", "article", "story", "full_text", "maintext"),
    "doc_id": ("doc_id", "id", "uuid", "article_id", "guid"),
    "title": ("title", "headline", "heading"),
    "published": (
        "published",
        "date",
        "published_at",
        "publish_date",
        "pubdate",
        "datetime",
        "timestamp",
        "date_publish",
    ),
    "outlet": ("outlet", "source", "publisher", "site", "sitename", "source_domain", "media"),
    "agency": ("agency", "wire", "wire_service"),
    "tags": ("tags", "keywords", "topics"),
    "author": ("author", "authors", "byline"),
}

Errors = Literal["warn", "ignore", "raise"]


class LoaderWarning(UserWarning):
    """A document could not be loaded cleanly; see ``corpus.report``."""


class LoaderError(ValueError):
    """Raised for bad input when ``errors="raise"``."""


@dataclass(frozen=True)
class Corpus:
    """A loaded news corpus: the ``documents``, ``paragraphs`` and ``report`` tables.

    Build one with :func:`load_corpus`. The tables are documented in
    :mod:`framing.corpus`; later stages return new tables and never change these.

    Examples
    --------
    >>> import framing
    >>> corpus = framing.load_sample_corpus()
    >>> corpus.paragraphs.columns.tolist()
    ['doc_id', 'para_id', 'text', 'start', 'end', 'section']
    >>> p = corpus.paragraphs.iloc[0]
    >>> corpus.raw[p.doc_id][p.start:p.end] == p.text
    True
    """

    documents: pd.DataFrame
    paragraphs: pd.DataFrame
    report: pd.DataFrame
    raw: Mapping[str, str] = field(repr=False)
    offset_maps: Mapping[tuple[str, int], np.ndarray] = field(default_factory=dict, repr=False)
    pages: frozenset[str] = field(default_factory=frozenset, repr=False)  # cleaned text pages

    def __len__(self) -> int:
        return len(self.documents)

    def __repr__(self) -> str:
        problems = int((self.report["status"] != "ok").sum())
        return (
            f"Corpus({len(self.documents)} documents, {len(self.paragraphs)} paragraphs, "
            f"{problems} problems reported)"
        )

    def to_raw_offsets(
        self, doc_id: str, para_id: int, local_start: int, local_end: int
    ) -> tuple[int, int]:
        """Map offsets inside a paragraph's ``text`` to offsets in ``corpus.raw[doc_id]``.

        For text input this adds the paragraph's ``start``; for HTML it follows the
        alignment of the paragraph's characters to the markup.
        """
        m = self.offset_maps.get((doc_id, int(para_id)))
        if m is not None:
            if local_end <= local_start:
                s = int(m[min(local_start, len(m) - 1)])
                return s, s
            return int(m[local_start]), raw_end(self.raw[doc_id], int(m[local_end - 1]))
        start = self._para_starts().get((doc_id, int(para_id)))
        if start is None or pd.isna(start):
            raise KeyError(f"no raw offsets for paragraph {para_id} of document {doc_id!r}")
        return int(start) + local_start, int(start) + local_end

    def _para_starts(self) -> dict[tuple[str, int], int]:
        cache = self.__dict__.get("_starts_cache")
        if cache is None:
            p = self.paragraphs
            cache = dict(zip(zip(p["doc_id"], p["para_id"].astype(int)), p["start"]))
            object.__setattr__(self, "_starts_cache", cache)
        return cache

    def removed(self) -> pd.DataFrame:
        """What the cleaner took out of the text pages, line by line, and why.

        Every line of a cleaned text page that is not in ``paragraphs``: the title, date,
        byline and tag lines lifted into ``documents``, section markers, a repeated
        teaser, and the page furniture (navigation, share buttons, footers...). Lines
        with no text are left out. Tabular rows and HTML pages are not listed: tabular
        bodies lose nothing but blank lines, and what trafilatura drops from HTML is
        markup.

        Returns
        -------
        DataFrame
            ``doc_id``, ``start``, ``end`` (offsets into ``corpus.raw[doc_id]``),
            ``text``, ``kind`` (``title``, ``date``, ``byline``, ``tags``, ``section``,
            ``teaser`` or ``boilerplate``) and ``reason`` (the rule that matched, e.g.
            ``navigation``, ``footer line``), in reading order.

        Examples
        --------
        >>> import framing
        >>> corpus = framing.load_sample_corpus()
        >>> corpus.removed().columns.tolist()
        ['doc_id', 'start', 'end', 'text', 'kind', 'reason']
        """
        rows = []
        spans = self.paragraphs.groupby("doc_id", sort=False)[["start", "end"]]
        for did in self.documents["doc_id"]:
            if did not in self.pages:
                continue
            kept = spans.get_group(did).to_numpy(dtype=np.int64)
            for u in parse_text_page(self.raw[did]).units:
                inside = ((kept[:, 0] < u.end) & (kept[:, 1] > u.start)).any()
                if inside or not u.text.strip():
                    continue
                rows.append(
                    {
                        "doc_id": did,
                        "start": u.start,
                        "end": u.end,
                        "text": u.text,
                        "kind": u.kind or "boilerplate",
                        "reason": u.reason or None,
                    }
                )
        out = _frame(rows, REMOVED_COLUMNS)
        return out.astype({"start": "int64", "end": "int64"})

    def summary(self) -> str:
        """A short printable summary: documents, paragraphs, outlets, problems, and the
        notes on documents that loaded but not quite as written (see ``report``)."""
        d, r = self.documents, self.report
        lines = [
            f"{len(d)} documents, {len(self.paragraphs)} paragraphs",
        ]
        if len(d):
            outlets = d["outlet"].fillna("(unknown)").value_counts()
            lines.append("outlets: " + ", ".join(f"{k} ({v})" for k, v in outlets.items()))
            dates = d["published"].dropna()
            if len(dates):
                lines.append(f"published: {dates.min():%Y-%m-%d} to {dates.max():%Y-%m-%d}")
            dups = d["duplicate_of"].notna().sum()
            if dups:
                lines.append(f"exact duplicates flagged: {dups}")
        bad = r[r["status"] != "ok"]
        lines.append(f"problems reported: {len(bad)}")
        for row in bad.itertuples():
            lines.append(f"  {row.status}: {row.source}: {row.reason}")
        lines += note_lines(r)
        return "\n".join(lines)


def loader_notes(report: pd.DataFrame) -> pd.DataFrame:
    """The ``ok`` rows of a ``report`` that carry a note: documents loaded, but not
    quite as written (a decoding fallback, a renamed id, an unread or order-ambiguous
    date)."""
    reason = report["reason"].astype(object).where(report["reason"].notna(), "").astype(str)
    return report[(report["status"] == "ok") & (reason.str.strip() != "")]


def note_lines(report: pd.DataFrame, limit: int = 20) -> list[str]:
    """The summary lines of the notes on loaded documents (none when there are none)."""
    notes = loader_notes(report)
    if not len(notes):
        return []
    lines = [f"notes on loaded documents: {len(notes)}"]
    lines += [f"  {row.source}: {row.reason}" for row in notes.head(limit).itertuples()]
    if len(notes) > limit:
        lines.append(f"  ... and {len(notes) - limit} more (see the report table)")
    return lines


# --- input resolution -------------------------------------------------------------------


def _expand(source: Any, recursive: bool) -> Iterator[Path | pd.DataFrame | str]:
    if isinstance(source, pd.DataFrame):
        yield source
        return
    if isinstance(source, (str, os.PathLike)):
        s = os.fspath(source)
        p = Path(s)
        if p.is_dir():
            pattern = "**/*" if recursive else "*"
            found = False
            for f in sorted(p.glob(pattern)):
                if f.is_file() and not any(part.startswith(".") for part in f.relative_to(p).parts):
                    found = True
                    yield f
            if not found:  # a wrong path should say so, not load nothing in silence
                yield f"directory has no files: {s}"
        elif p.exists():
            yield p
        elif _glob.has_magic(s):
            matches = sorted(_glob.glob(s, recursive=True))
            if not matches:
                yield f"glob matched no files: {s}"
            for m in matches:
                yield from _expand(m, recursive)
        else:
            yield f"no such file or directory: {s}"
        return
    if isinstance(source, Iterable):
        for item in source:
            yield from _expand(item, recursive)
        return
    raise TypeError(f"cannot load a corpus from {type(source).__name__}")


# --- decoding -----------------------------------------------------------------------------

_BINARY_MAGIC = (b"%PDF", b"\x89PNG", b"PK\x03\x04", b"\x1f\x8b", b"GIF8", b"\xff\xd8\xff", b"BZh")
_DECLARED = re.compile(rb"""(?:charset|encoding)\s*=\s*["']?([A-Za-z0-9_\-:.]+)""", re.I)


class _Bad(Exception):
    def __init__(self, status: str, reason: str):
        super().__init__(reason)
        self.status = status
        self.reason = reason


def _decode(data: bytes, label: str) -> tuple[str, str]:
    """Decode bytes: UTF-8 first, then a declared charset, then a detected one.

    Returns the text and a note ('' when UTF-8 worked)."""
    if not data.strip():
        raise _Bad("empty", "empty file")
    head = data[:8192]
    if head.startswith(_BINARY_MAGIC) or b"\x00" in head:
        if not (head.startswith((b"\xff\xfe", b"\xfe\xff"))):
            raise _Bad("skipped", "binary file, not text")
    try:
        return data.decode("utf-8-sig"), ""
    except UnicodeDecodeError as exc:
        first_error = exc
    m = _DECLARED.search(head)
    if m:
        enc = m.group(1).decode("ascii", "replace")
        try:
            return (
                data.decode(enc),
                f"not UTF-8 ({first_error.reason} at byte {first_error.start}); decoded with declared charset {enc}",
            )
        except (LookupError, UnicodeDecodeError):
            pass
    from charset_normalizer import from_bytes

    matches = from_bytes(data)
    best = matches.best()
    if best is None or best.encoding is None:
        raise _Bad(
            "error",
            f"undecodable bytes (not UTF-8: {first_error.reason} at byte {first_error.start})",
        )
    text, encoding = str(best), best.encoding
    # Short Western European texts fit several 8-bit code pages equally well, and the
    # detector's first pick among equals may be Central European (cp1250 reads Latin-1
    # "ñ" as "ń"). Among equally good candidates, prefer Windows-1252, the superset of
    # Latin-1 in which non-UTF-8 news pages are most often saved.
    tied = [m for m in matches if (m.chaos, m.coherence) == (best.chaos, best.coherence)]
    if best.encoding != "cp1252" and any("cp1252" in m.could_be_from_charset for m in tied):
        with contextlib.suppress(UnicodeDecodeError):
            text, encoding = data.decode("cp1252"), "cp1252"
    ctrl = sum(1 for ch in text[:4000] if ord(ch) < 32 and ch not in "\t\r\n\f")
    if ctrl > max(8, len(text[:4000]) // 50):
        raise _Bad("skipped", "binary file, not text")
    return (
        text,
        f"not UTF-8 ({first_error.reason} at byte {first_error.start}); decoded as detected charset {encoding}",
    )


# --- records ----------------------------------------------------------------------------


@dataclass
class _Record:
    source: str
    doc_id: str
    raw: str
    kind: str  # "page", "html" or "body"
    meta: dict[str, Any] = field(default_factory=dict)
    note: str = ""
    given_id: str | None = None  # the input's id, when it had to be renamed
    dayfirst: bool = False  # numeric slash dates are day first (03/04/2021 = 3 April)

    def assign_id(self, did: str) -> None:
        """Give the record its final doc id, remembering the input's if they differ."""
        if did != self.doc_id:
            self.given_id = self.doc_id
            self.doc_id = did


def _pick(columns: Mapping[str, str] | None, available: Iterable[str], key: str) -> str | None:
    avail = list(available)
    if columns and key in columns:
        return columns[key] if columns[key] in avail else None
    lower = {c.lower(): c for c in avail}
    for cand in DEFAULT_COLUMNS[key]:
        if cand in lower:
            return lower[cand]
    return None


def _rows_to_records(
    rows: Iterable[tuple[str, Mapping[str, Any]]],
    cols: list[str],
    columns: Mapping[str, str] | None,
    stem: str,
    clean: bool,
    start: int = 0,
    per_row_columns: bool = False,
) -> Iterator[_Record | tuple[str, str, str]]:
    """Records (or ``(label, doc_id, reason)`` for rows without text) of table rows.

    ``per_row_columns``: the rows are JSON objects whose keys may differ from row to row,
    so a mapped column absent from one row is not an error for the file."""
    text_col = _pick(columns, cols, "text")
    if text_col is None:
        wanted = (columns or {}).get("text") or " / ".join(DEFAULT_COLUMNS["text"])
        raise _Bad(
            "error",
            f"missing column: no text column ({wanted}) among {cols}; "
            "pass columns={'text': '<name>'} (command line: --column text=<name>)",
        )
    absent = [f"{k}={c}" for k, c in (columns or {}).items() if k != "text" and c not in cols]
    if absent and not per_row_columns:
        raise _Bad(
            "error",
            f"missing column: {', '.join(absent)} mapped by columns= (--column) "
            f"but not among {cols}",
        )
    picks = {k: _pick(columns, cols, k) for k in DEFAULT_COLUMNS if k != "text"}
    for i, (label, row) in enumerate(rows, start=start):
        text = row.get(text_col)
        did = row.get(picks["doc_id"]) if picks["doc_id"] else None
        if isinstance(did, float) and did.is_integer():
            did = int(did)  # a JSON 7.0, or an id column with gaps read as floats
        did = f"{stem}-{i}" if _missing(did) else str(did).strip()
        if isinstance(text, str) and text.strip() and text.strip() in _NA_MARKERS:
            yield (label, did, f"no text: {text.strip()!r} in column {text_col!r}")
            continue
        if not isinstance(text, str) and not _missing(text):
            kind = type(text).__name__
            yield (label, did, f"no text: column {text_col!r} is of type {kind}, not a string")
            continue
        if not isinstance(text, str) or not text.strip():
            yield (label, did, f"empty text in column {text_col!r}")
            continue
        meta = {k: row.get(c) for k, c in picks.items() if c and k != "doc_id"}
        rec = _Record(label, did, text, "page" if clean else "body", meta)
        if absent:  # per-row columns (JSON Lines): this row lacks a mapped column
            rec.note = f"no column {', '.join(absent)} (mapped by columns=) in this row, left empty"
        yield rec


# Cell values that spreadsheets and exports write for "no value". CSV is read with pandas'
# NA markers switched off, so that every other column stays as written; in the text column
# (and for ids) these mean that there is none.
_NA_MARKERS = frozenset(
    {"", "N/A", "n/a", "NA", "#N/A", "null", "NULL", "Null", "None", "none", "nan", "NaN", "-"}
)


def _missing(value: Any) -> bool:
    """None, NaN, pd.NA, or a blank or NA-marker string."""
    if isinstance(value, str):
        return value.strip() in _NA_MARKERS
    return value is None or bool(pd.api.types.is_scalar(value) and pd.isna(value))


_CHUNK_ROWS = 2000
_SMALL_FILE = 64 << 20  # tabular files above this size are read in chunks


def _file_records(
    path: Path, columns: Mapping[str, str] | None, clean: bool | None
) -> Iterator[_Record | tuple[str, str | None, str, str]]:
    """Yield records, or (source, doc_id, status, reason) tuples for problems.

    Tabular files are read lazily (JSON Lines line by line, large CSV and Parquet files
    in chunks), so a corpus larger than memory can be streamed through
    :func:`iter_corpus`.
    """
    label = str(path)
    ext = path.suffix.lower()
    try:
        size = path.stat().st_size
    except OSError as exc:
        yield (label, path.stem, "error", f"cannot read file: {exc.strerror or exc}")
        return
    if ext in (".parquet", ".pq"):
        yield from _parquet_records(path, label, columns, bool(clean))
        return
    if ext in JSONL_EXT:
        yield from _jsonl_records(path, label, columns, bool(clean))
        return
    if ext in (".csv", ".tsv") and size > _SMALL_FILE:
        yield from _csv_chunked_records(path, label, ext, columns, bool(clean))
        return
    try:
        data = path.read_bytes()
    except OSError as exc:
        yield (label, path.stem, "error", f"cannot read file: {exc.strerror or exc}")
        return
    try:
        text, note = _decode(data, label)
    except _Bad as bad:
        yield (label, path.stem, bad.status, bad.reason)
        return
    if ext == ".json":
        yield from _json_records(text, label, path.stem, columns, bool(clean), note)
        return
    if ext in (".csv", ".tsv"):
        sep = "\t" if ext == ".tsv" else ","
        try:
            with warnings.catch_warnings(record=True) as caught:
                # index_col=False: a first row with an extra field (a stray quote) must not
                # become an index that shifts every column; pandas warns, and _SheetRows
                # finds such rows (a later row with an extra field fails the parse)
                warnings.simplefilter("always", pd.errors.ParserWarning)
                df = pd.read_csv(
                    io.StringIO(text), sep=sep, dtype=str, keep_default_na=False, index_col=False
                )
        except (pd.errors.ParserError, ValueError) as exc:
            yield (label, path.stem, "error", f"cannot parse CSV: {exc}")
            return
        for w in caught:
            if not issubclass(w.category, pd.errors.ParserWarning):
                warnings.warn_explicit(w.message, w.category, w.filename, w.lineno)
        extra = any(issubclass(w.category, pd.errors.ParserWarning) for w in caught)
        if not extra and _one_line_rows(text, len(df)):
            rows, refused = list(range(2, len(df) + 2)), {}
        else:
            rows, refused = _SheetRows(io.StringIO(text, newline=""), sep).place(df, extra)
        yield from _frame_records(
            df, label, path.stem, columns, bool(clean), note, rows=rows, refused=refused
        )
        return
    if ext in HTML_EXT or (
        ext not in TEXT_EXT and re.match(r"\s*(<!doctype html|<html)", text[:500], re.I)
    ):
        yield _Record(label, path.stem, text, "html", note=note)
        return
    if ext in TEXT_EXT or ext == "":
        yield _Record(label, path.stem, text, "page" if clean is not False else "body", note=note)
        return
    yield (label, path.stem, "skipped", f"unsupported file type {ext!r}")


def _one_line_rows(text: str, n_rows: int) -> bool:
    """Whether every line of a CSV text is a row of the table pandas read from it (no
    blank lines, no cell over several lines), so that data row ``i`` is spreadsheet row
    ``i + 2`` without reading the text again."""
    lines = text.count("\n") + (not text.endswith("\n"))
    return lines == n_rows + 1 and text.count("\r") == text.count("\r\n")


def _sheet_records(lines: Iterable[str], sep: str) -> Iterator[tuple[int, list[str]]]:
    """``(row, cells)`` of the records of a CSV that pandas reads as rows, the header
    first, ``row`` numbered as a spreadsheet numbers rows: one per record (a quoted cell
    over several lines included), and one per line that pandas skips (empty, or only
    spaces and tabs), which is not yielded.

    ``lines`` are the file's lines with their line ends (a file opened with
    ``newline=""``)."""
    last = [""]

    def tracked() -> Iterator[str]:
        for line in lines:
            last[0] = line
            yield line

    reader = csv.reader(tracked(), delimiter=sep)
    row = seen = 0
    for cells in reader:
        row += 1
        one_line, seen = reader.line_num - seen == 1, reader.line_num
        # a line of blanks is one cell to the csv module, and skipped by pandas unless
        # quoted ('"  "' is a row)
        if not cells or (len(cells) == 1 and one_line and not last[0].strip(" \t\r\n")):
            continue
        yield row, cells


@contextlib.contextmanager
def _any_cell_size() -> Iterator[None]:
    """Let the csv module read cells of any size (its limit of 128 KiB is less than a
    long article); the limit is the process's, so it is put back after."""
    old = csv.field_size_limit(2**31 - 1)
    try:
        yield
    finally:
        csv.field_size_limit(old)


class _SheetRows:
    """The spreadsheet rows of the rows pandas reads from a CSV, table by table (the
    chunks of a large file in order), from a second reading of the file with the csv
    module that goes along with pandas' and holds one record at a time.

    Each record is matched to pandas' row by its first cell. Should the two readings
    ever disagree (a quote the csv module reads otherwise), the rows from there on are
    numbered one after the other from the last row matched, and not checked for extra
    fields.
    """

    def __init__(self, lines: Iterable[str], sep: str):
        self._records: Iterator[tuple[int, list[str]]] | None = _sheet_records(lines, sep)
        self.last = 1  # the row of the last row placed; the header's to begin with
        with _any_cell_size():
            header = self._next()
        if header is not None:
            self.last = header[0]

    def _next(self) -> tuple[int, list[str]] | None:
        if self._records is None:
            return None
        try:
            rec = next(self._records, None)
        except csv.Error:
            rec = None
        if rec is None:
            self._records = None
        return rec

    def place(self, df: pd.DataFrame, extra: bool) -> tuple[list[int], dict[int, str]]:
        """The spreadsheet row of each row of ``df``, the next rows pandas read, and
        the rows (positions in ``df``) to refuse: with ``extra`` (pandas warned that a
        row has more fields than the header), those with more fields than the header.
        Empty trailing fields (exports that end every line with a separator) are not
        counted."""
        n_columns = len(df.columns)
        firsts = df.iloc[:, 0].tolist() if n_columns else [None] * len(df)
        rows: list[int] = []
        refused: dict[int, str] = {}
        with _any_cell_size():
            for i, first in enumerate(firsts):
                rec = self._next()
                if rec is None or rec[1][0] != first:
                    self._records = None  # out of step with pandas: count on
                    self.last += 1
                else:
                    self.last, cells = rec
                    if (
                        extra
                        and len(cells) > n_columns
                        and any(c.strip() for c in cells[n_columns:])
                    ):
                        refused[i] = (
                            f"row has {len(cells)} fields but the header has {n_columns} "
                            "columns (a stray quote or separator in the row?); row skipped"
                        )
                rows.append(self.last)
        return rows, refused


def _frame_records(df, label, stem, columns, clean, note="", start=0, refused=None, rows=None):
    """Records and problem tuples of the rows of a table, named ``label:row N``.

    ``rows`` gives each row's N (CSV: the spreadsheet row); without it the rows are
    counted from ``start + 1``. ``start`` is the first row's place among all rows read,
    for the ``<stem>-<i>`` doc ids. ``refused``: the rows (positions in ``df``) that
    are errors, and why."""
    if rows is None:
        rows = range(start + 1, start + len(df) + 1)
    sources = [f"{label}:row {n}" for n in rows]
    refused = {sources[i]: why for i, why in (refused or {}).items()}
    try:
        for rec in _rows_to_records(
            zip(sources, df.to_dict("records")), list(df.columns), columns, stem, clean, start
        ):
            src, did = (rec.source, rec.doc_id) if isinstance(rec, _Record) else rec[:2]
            if src in refused:
                yield (src, did, "error", refused[src])
            elif isinstance(rec, _Record):
                rec.note = note
                yield rec
            else:
                yield (rec[0], rec[1], "empty", rec[2])
    except _Bad as bad:
        yield (label, stem, bad.status, bad.reason)


def _parquet_records(path, label, columns, clean):
    import pyarrow.parquet as pq

    try:
        pf = pq.ParquetFile(path)
        batches = pf.iter_batches(batch_size=_CHUNK_ROWS)
        start = 0
        for batch in batches:
            df = batch.to_pandas()
            yield from _frame_records(df, label, path.stem, columns, clean, start=start)
            start += len(df)
    except Exception as exc:  # pyarrow raises several types for damaged files
        yield (label, path.stem, "error", f"cannot read Parquet: {exc}")


def _csv_chunked_records(path, label, ext, columns, clean):
    sep = "\t" if ext == ".tsv" else ","
    try:
        reader = pd.read_csv(
            path,
            sep=sep,
            dtype=str,
            keep_default_na=False,
            chunksize=_CHUNK_ROWS,
            encoding="utf-8",
            # a trailing separator must not turn column 1 into an index; pandas warns of a
            # first row with an extra field in every chunk, and _SheetRows finds the rows
            index_col=False,
        )
        # the file read a second time along with pandas, for the rows' numbers (and
        # fields); a byte that is not UTF-8 fails pandas' reading, not this one
        with open(path, encoding="utf-8-sig", errors="replace", newline="") as lines:
            sheet = _SheetRows(lines, sep)
            start, extra = 0, False
            while True:
                with warnings.catch_warnings(record=True) as caught:
                    warnings.simplefilter("always", pd.errors.ParserWarning)
                    df = next(reader, None)
                for w in caught:
                    if not issubclass(w.category, pd.errors.ParserWarning):
                        warnings.warn_explicit(w.message, w.category, w.filename, w.lineno)
                if df is None:
                    break
                # once warned, every later row is checked too
                extra = extra or any(
                    issubclass(w.category, pd.errors.ParserWarning) for w in caught
                )
                rows, refused = sheet.place(df, extra)
                yield from _frame_records(
                    df, label, path.stem, columns, clean, start=start, refused=refused, rows=rows
                )
                start += len(df)
    except (pd.errors.ParserError, ValueError) as exc:
        yield (label, path.stem, "error", f"cannot parse CSV: {exc}")


def _jsonl_lines(path: Path) -> Iterator[tuple[int, str, str]]:
    """(line number, text, note) of a JSON Lines file, read lazily; falls back to
    decoding the whole file with a detected charset when it is not UTF-8."""
    with open(path, "rb") as f:
        head = f.read(8192)
        if not head.strip() and not f.read(1):
            raise _Bad("empty", "empty file")
        if head.startswith(_BINARY_MAGIC) or b"\x00" in head:
            raise _Bad("skipped", "binary file, not text")
        f.seek(0)
        try:
            for n, raw in enumerate(f, start=1):
                yield n, raw.decode("utf-8-sig" if n == 1 else "utf-8"), ""
            return
        except UnicodeDecodeError:
            done = n - 1
    text, note = _decode(path.read_bytes(), str(path))
    for n, line in enumerate(text.splitlines(), start=1):
        if n > done:
            yield n, line, note


def _jsonl_records(path, label, columns, clean):
    stem = path.stem
    i = 0
    try:
        for n, line, note in _jsonl_lines(path):
            if not line.strip():
                continue
            src = f"{label}:{n}"
            try:
                obj = json.loads(line)
            except json.JSONDecodeError as exc:
                yield (
                    src,
                    None,
                    "error",
                    f"malformed JSON line {n}: {exc.msg} at column {exc.colno}",
                )
                continue
            if not isinstance(obj, dict):
                yield (
                    src,
                    None,
                    "error",
                    f"line {n} is a JSON {type(obj).__name__}, not an object",
                )
                continue
            try:
                for rec in _rows_to_records(
                    [(src, obj)], list(obj), columns, stem, clean, start=i, per_row_columns=True
                ):
                    if isinstance(rec, _Record):
                        rec.note = "; ".join(n for n in (note, rec.note) if n)
                        yield rec
                    else:
                        yield (rec[0], rec[1], "empty", rec[2])
            except _Bad as bad:
                yield (src, None, bad.status, f"line {n}: {bad.reason}")
            i += 1
    except _Bad as bad:
        yield (label, stem, bad.status, bad.reason)


def _json_records(text, label, stem, columns, clean, note):
    try:
        obj = json.loads(text)
    except json.JSONDecodeError as exc:
        yield (
            label,
            stem,
            "error",
            f"malformed JSON: {exc.msg} at line {exc.lineno} column {exc.colno}",
        )
        return
    if isinstance(obj, dict):
        for key in ("articles", "documents", "data", "items", "records", "results"):
            if isinstance(obj.get(key), list):
                obj = obj[key]
                break
        else:
            obj = [obj]
    if not isinstance(obj, list) or not all(isinstance(o, dict) for o in obj):
        yield (label, stem, "error", "JSON must hold an object or a list of objects")
        return
    df = pd.DataFrame(obj)
    yield from _frame_records(df, label, stem, columns, clean, note)


# --- building tables --------------------------------------------------------------------

_BLANK_SPLIT = re.compile(r"\n[ \t]*\n\s*")


def _split_body(raw: str) -> list[tuple[int, int]]:
    """Paragraph spans of a clean body: blank-line blocks, or lines if there are none."""
    sep = _BLANK_SPLIT if _BLANK_SPLIT.search(raw) else re.compile(r"\n")
    spans = []
    pos = 0
    for m in list(sep.finditer(raw)) + [None]:
        end = m.start() if m else len(raw)
        chunk = raw[pos:end]
        if chunk.strip():
            lead = len(chunk) - len(chunk.lstrip())
            spans.append((pos + lead, pos + len(chunk.rstrip())))
        pos = m.end() if m else len(raw)
    return spans


def _tags(value: Any) -> list[str]:
    if value is None or (isinstance(value, float) and np.isnan(value)):
        return []
    if isinstance(value, (list, tuple, np.ndarray)):
        return [str(v).strip() for v in value if str(v).strip()]
    s = str(value).strip()
    if s.startswith("["):
        try:
            return _tags(json.loads(s))
        except json.JSONDecodeError:
            pass
    return [t.strip() for t in re.split(r"[|,;]", s) if t.strip()]


def _str_or_none(value: Any) -> str | None:
    if value is None or (pd.api.types.is_scalar(value) and pd.isna(value)):
        return None
    s = str(value).strip()
    return s or None


def _parse_record(
    rec: _Record,
) -> tuple[dict[str, Any], list[dict[str, Any]], dict[int, np.ndarray]]:
    doc: dict[str, Any] = {
        "title": None,
        "published": None,
        "published_text": None,
        "author": None,
        "tags": [],
        "outlet": None,
        "agency": None,
    }
    paras: list[dict[str, Any]] = []
    maps: dict[int, np.ndarray] = {}
    if rec.kind == "page":
        page = parse_text_page(rec.raw, rec.dayfirst)
        doc.update(
            title=page.title,
            published=page.published,
            published_text=page.published_text,
            author=page.author,
            tags=page.tags,
            outlet=page.outlet,
            agency=page.agency,
        )
        for u in page.paragraphs:
            paras.append(
                {
                    "text": rec.raw[u.start : u.end],
                    "start": u.start,
                    "end": u.end,
                    "section": u.reason or None,
                }
            )
    elif rec.kind == "html":
        art = parse_html(rec.raw)
        doc.update(
            title=art.title,
            published=art.published,
            published_text=art.published_text,
            tags=art.tags,
            outlet=art.outlet,
            author=art.author,
        )
        # trafilatura sometimes keeps the headline or a credit line: same rules as pages
        credits = []
        for i, (p, span, m) in enumerate(zip(art.paragraphs, art.spans, art.maps)):
            if (i == 0 and art.title and p.strip() == art.title.strip()) or boilerplate_kind(p):
                credits.append(p)
                continue
            start, end = span if span else (None, None)
            k = len(paras)
            paras.append({"text": p, "start": start, "end": end, "section": None})
            if m is not None and rec.raw[start:end] != p:
                maps[k] = m
        doc["agency"] = detect_agency(credits, paras[0]["text"] if paras else None)
    else:
        for s, e in _split_body(rec.raw):
            paras.append({"text": rec.raw[s:e], "start": s, "end": e, "section": None})
    # mapped columns win over what the page says
    meta = rec.meta
    for key in ("title", "outlet", "agency", "author"):
        if _str_or_none(meta.get(key)):
            doc[key] = _str_or_none(meta.get(key))
    if meta.get("tags") is not None:
        doc["tags"] = _tags(meta.get("tags")) or doc["tags"]
    if _str_or_none(meta.get("published")):
        doc["published_text"] = _str_or_none(meta.get("published"))
        doc["published"] = to_utc(meta.get("published"), rec.dayfirst)
    if rec.kind == "body" and doc["agency"] is None and paras:
        doc["agency"] = detect_agency([], paras[0]["text"])
    return doc, paras, maps


@dataclass
class _LoadState:
    """What stays the same across the chunks of one corpus: how to treat errors, the
    doc ids given out so far, and the bodies seen (for duplicate flags)."""

    errors: Errors
    ids_assigned: bool = False  # records already carry their final doc ids
    seen_ids: dict[str, int] = field(default_factory=dict)
    used_ids: set[str] = field(default_factory=set)
    seen_text: dict[str, str] = field(default_factory=dict)

    def problem(
        self, report: list, source: str, doc_id: str | None, status: str, reason: str
    ) -> None:
        report.append({"source": source, "doc_id": doc_id, "status": status, "reason": reason})
        msg = f"{source}: {status}: {reason}"
        if self.errors == "raise":
            raise LoaderError(msg)
        if self.errors == "warn":
            warnings.warn(msg, LoaderWarning, stacklevel=5)

    def new_id(self, base: str) -> str:
        n = self.seen_ids.get(base, 0) + 1
        did = base if n == 1 else f"{base}-{n}"
        while did in self.used_ids:
            n += 1
            did = f"{base}-{n}"
        self.seen_ids[base] = n
        self.used_ids.add(did)
        return did


def _iter_items(
    source: Any,
    columns: Mapping[str, str] | None,
    clean: bool | None,
    recursive: bool,
    dayfirst: bool = False,
) -> Iterator[_Record | tuple]:
    """Records and problem tuples of every input, lazily and in reading order."""
    for item in _expand(source, recursive):
        if isinstance(item, str):
            reason, _, where = item.partition(": ")
            yield (where, None, "error", reason)
            continue
        if isinstance(item, pd.DataFrame):
            items = _frame_records(item, "<DataFrame>", "row", columns, bool(clean))
        else:
            items = _file_records(item, columns, clean)
        yield from with_dayfirst(items, dayfirst)


def with_dayfirst(items: Iterable[_Record | tuple], dayfirst: bool) -> Iterator[_Record | tuple]:
    """The loader items, their records set to read slash dates day first or not."""
    for rec in items:
        if isinstance(rec, _Record):
            rec.dayfirst = dayfirst
        yield rec


def _build(items: Iterable[_Record | tuple], state: _LoadState) -> Corpus:
    """Parse records into the tables of a Corpus."""
    docs: list[dict[str, Any]] = []
    paras: list[dict[str, Any]] = []
    raws: dict[str, str] = {}
    pages: list[str] = []
    maps: dict[tuple[str, int], np.ndarray] = {}
    report: list[dict[str, Any]] = []
    for rec in items:
        if isinstance(rec, tuple):
            state.problem(report, *rec)
            continue
        if not state.ids_assigned:
            rec.assign_id(state.new_id(rec.doc_id))
        did = rec.doc_id
        try:
            doc, dparas, dmaps = _parse_record(rec)
        except Exception as exc:  # a parser bug must not kill the run
            state.problem(
                report, rec.source, did, "error", f"could not parse: {type(exc).__name__}: {exc}"
            )
            continue
        if not dparas:
            state.problem(report, rec.source, did, "empty", "no body paragraphs found")
            continue
        body = "\n\n".join(p["text"] for p in dparas)
        dup = state.seen_text.setdefault(body_digest(body), did)
        raws[did] = rec.raw
        if rec.kind == "page":
            pages.append(did)
        docs.append(
            {
                "doc_id": did,
                "source": rec.source,
                **doc,
                "text": body,
                "n_paragraphs": len(dparas),
                "duplicate_of": dup if dup != did else None,
                "status": "ok",
            }
        )
        for i, p in enumerate(dparas):
            paras.append({"doc_id": did, "para_id": i, **p})
        for i, m in dmaps.items():
            maps[(did, i)] = m
        # what was loaded differently from the input: noted on the report row and warned
        notes = [rec.note]
        if rec.given_id is not None:
            notes.append(f"doc id {rec.given_id!r} already taken, renamed {did!r}")
        if doc["published_text"] and doc["published"] is None:
            notes.append(f"date {doc['published_text']!r} not understood, published left empty")
        elif doc["published_text"]:
            notes.append(slash_order_note(doc["published_text"], rec.dayfirst))
        reason = "; ".join(n for n in notes if n)
        if reason and state.errors == "warn":
            warnings.warn(f"{rec.source}: {reason}", LoaderWarning, stacklevel=4)
        report.append({"source": rec.source, "doc_id": did, "status": "ok", "reason": reason})

    documents = _frame(docs, DOCUMENT_COLUMNS)
    documents["published"] = pd.to_datetime(documents["published"], utc=True)
    documents["n_paragraphs"] = documents["n_paragraphs"].astype("int64")
    paragraphs = _frame(paras, PARAGRAPH_COLUMNS)
    paragraphs["para_id"] = paragraphs["para_id"].astype("int64")
    if paragraphs["start"].isna().any():
        paragraphs["start"] = paragraphs["start"].astype("Int64")
        paragraphs["end"] = paragraphs["end"].astype("Int64")
    else:
        paragraphs["start"] = paragraphs["start"].astype("int64")
        paragraphs["end"] = paragraphs["end"].astype("int64")
    rep = _frame(report, REPORT_COLUMNS)
    return Corpus(documents, paragraphs, rep, raws, maps, frozenset(pages))


def iter_record_batches(
    source: Any,
    chunk_size: int = 1000,
    *,
    columns: Mapping[str, str] | None = None,
    clean: bool | None = None,
    errors: Errors = "warn",
    recursive: bool = True,
    dayfirst: bool = False,
) -> Iterator[list]:
    """Read the inputs (no cleaning or parsing) in batches of ``chunk_size`` documents,
    with final doc ids assigned in reading order.

    For distributed runs: the reading is cheap and stays on one process; each batch is
    then turned into a Corpus by :func:`build_batch` wherever the work runs, giving the
    same ids as :func:`load_corpus`. ``duplicate_of`` is only known within a batch; see
    :func:`duplicate_flags` for the corpus-wide flags.
    """
    _check_options(errors, columns)
    if chunk_size < 1:
        raise ValueError("chunk_size must be at least 1")
    state = _LoadState(errors)
    buf: list = []
    n_docs = 0
    for item in _iter_items(source, columns, clean, recursive, dayfirst):
        if isinstance(item, _Record):
            item.assign_id(state.new_id(item.doc_id))
            n_docs += 1
        buf.append(item)
        if n_docs >= chunk_size:
            yield buf
            buf, n_docs = [], 0
    if buf:
        yield buf


def build_batch(batch: list, errors: Errors = "ignore") -> Corpus:
    """The Corpus of one batch from :func:`iter_record_batches` (ids already final)."""
    return _build(batch, _LoadState(errors, ids_assigned=True))


def body_digest(text: str) -> str:
    """The hash under which exact duplicate bodies are recognised."""
    return hashlib.sha1(text.encode("utf-8")).hexdigest()


def duplicate_flags(doc_ids: Iterable[str], texts: Iterable[str]) -> list[str | None]:
    """``duplicate_of`` for documents in reading order: the first doc id with the same
    body, or None (what :func:`load_corpus` computes across a whole corpus)."""
    seen: dict[str, str] = {}
    out: list[str | None] = []
    for did, text in zip(doc_ids, texts):
        first = seen.setdefault(body_digest(text), did)
        out.append(first if first != did else None)
    return out


def _frame(rows: list[dict[str, Any]], columns: list[str]) -> pd.DataFrame:
    """Object columns whatever the values, so that every chunk of a corpus has the same
    dtypes (None stays None)."""
    return pd.DataFrame({c: pd.Series([r.get(c) for r in rows], dtype=object) for c in columns})


def _check_options(errors: str, columns: Mapping[str, str] | None) -> None:
    if errors not in ("warn", "ignore", "raise"):
        raise ValueError(f"errors must be 'warn', 'ignore' or 'raise', not {errors!r}")
    unknown = sorted(set(columns or {}) - set(DEFAULT_COLUMNS))
    if unknown:
        raise ValueError(
            f"columns: unknown field(s) {unknown}; the fields are {list(DEFAULT_COLUMNS)}"
        )


def load_corpus(
    source: Any,
    *,
    columns: Mapping[str, str] | None = None,
    clean: bool | None = None,
    errors: Errors = "warn",
    recursive: bool = True,
    dayfirst: bool = False,
) -> Corpus:
    """Load news articles into a :class:`Corpus`.

    Parameters
    ----------
    source : str, path, glob, list of those, or pandas.DataFrame
        Files (``.txt`` pages saved from a browser, ``.html``, ``.jsonl``, ``.json``,
        ``.csv``, ``.tsv``, ``.parquet``), directories (read recursively), glob patterns,
        or a DataFrame with one article per row.
    columns : dict, default=None
        For tabular input, which column holds each field, e.g.
        ``{"text": "body", "published": "date"}``. Fields: text, doc_id, title,
        published, outlet, agency, tags, author. Common names are recognised by default.
    clean : bool, default=None
        Remove page boilerplate and lift title/date/tags. ``None`` cleans text pages and
        leaves tabular article bodies as they are (only split into paragraphs).
    errors : {"warn", "ignore", "raise"}, default="warn"
        What to do with a bad file or row (empty, binary, undecodable, malformed, missing
        columns, no paragraphs): warn (:class:`LoaderWarning`) and report it, report it
        silently, or raise :class:`LoaderError`. It is always reported in
        ``corpus.report``.
    recursive : bool, default=True
        Descend into sub-directories.
    dayfirst : bool, default=False
        Read numeric slash dates day first (``03/04/2021`` is 3 April), as European
        sources write them; by default they are month first (4 March), as in US sources.
        ISO dates (``2021-04-03``) and dates with month names are read the same either
        way, and dotted dates (``03.04.2021``, as German, Dutch, Nordic and Eastern
        European sources write them) are always day first. A slash date that can only
        be read in the other order (``13/04/2021``) is read that way and noted on its
        report row, since its neighbours are then probably misread.

    Returns
    -------
    Corpus

    See Also
    --------
    iter_corpus : the same, in chunks, for corpora larger than memory.

    Examples
    --------
    >>> import pandas as pd, framing
    >>> df = pd.DataFrame({"id": ["a"], "text": ["First paragraph.\\n\\nSecond one."]})
    >>> framing.load_corpus(df).paragraphs[["doc_id", "para_id", "text"]]
      doc_id  para_id              text
    0      a        0  First paragraph.
    1      a        1       Second one.
    """
    _check_options(errors, columns)
    return _build(_iter_items(source, columns, clean, recursive, dayfirst), _LoadState(errors))


def iter_corpus(
    source: Any,
    chunk_size: int = 1000,
    *,
    columns: Mapping[str, str] | None = None,
    clean: bool | None = None,
    errors: Errors = "warn",
    recursive: bool = True,
    dayfirst: bool = False,
) -> Iterator[Corpus]:
    """Load a corpus lazily, ``chunk_size`` documents at a time.

    Takes the same arguments as :func:`load_corpus`; the chunks together hold exactly
    the rows that :func:`load_corpus` would return (doc ids are made unique and
    duplicates flagged across chunks), but only one chunk is in memory at a time.
    """
    state = _LoadState(errors, ids_assigned=True)  # ids come final from the batches
    batches = iter_record_batches(
        source,
        chunk_size,
        columns=columns,
        clean=clean,
        errors=errors,
        recursive=recursive,
        dayfirst=dayfirst,
    )
    for batch in batches:
        yield _build(batch, state)


# --- the bundled sample corpus ------------------------------------------------------------


def sample_corpus_path() -> Path:
    """Folder of the sample corpus that ships with the package (``corpus/`` in the repo)."""
    installed = resources.files("framing").joinpath("_corpus")
    if installed.is_dir():
        return Path(str(installed))
    return Path(__file__).resolve().parents[1] / "corpus"


def sample_corpus_files() -> list[Path]:
    """The article files of the sample corpus (annotations and README excluded)."""
    root = sample_corpus_path()
    return sorted(p for p in root.iterdir() if p.is_file() and p.suffix.lower() in KNOWN_EXT)


def load_sample_corpus(**kwargs: Any) -> Corpus:
    """Load the bundled sample corpus (see ``corpus/README.md``)."""
    return load_corpus(sample_corpus_files(), **kwargs)
