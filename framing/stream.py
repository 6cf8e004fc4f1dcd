"""Streaming analysis: corpora larger than memory, analysed chunk by chunk.

:func:`analyze_to_dir` reads the corpus with :func:`framing.corpus.iter_corpus`, analyses
each chunk of documents with :func:`framing.analysis.analyze_chunk` and appends the rows to
the output tables as it goes (Parquet or CSV), so only one chunk is ever in memory. The
corpus-wide tables (speakers across documents, outlets, months) are computed at the end
from the written tables, reading back only the columns they need.

The tables equal those of the in-memory run, ``framing.analyze(corpus).to_dir(...)``,
row for row and byte for byte: every per-document result depends on that document alone,
doc ids and duplicate flags are shared across chunks by the loader, and bootstrap seeds
depend on the group's key, not on the order of the corpus.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from ._io import TableWriter
from .analysis import (
    CORPUS_PARAGRAPH_COLUMNS,
    CORPUS_QUOTE_COLUMNS,
    TABLES,
    Analysis,
    _models,
    analyze_chunk,
    corpus_tables,
    prepare_output_dir,
    provenance,
)
from .categories import resolve_scheme
from .corpus import Corpus, iter_corpus

__all__ = ["StreamResult", "analyze_to_dir", "read_table", "load_analysis"]

PER_CHUNK = ("documents", "paragraphs", "quotes", "speakers", "report")


@dataclass
class StreamResult:
    """What a streamed run wrote: the folder, its tables and the counts."""

    path: Path
    format: str
    counts: dict[str, int] = field(default_factory=dict)
    problems: list[dict[str, Any]] = field(default_factory=list)
    frame_keys: list[str] = field(default_factory=list)

    def summary(self) -> str:
        c = self.counts
        lines = [
            f"documents:  {c.get('documents', 0)}",
            f"paragraphs: {c.get('paragraphs', 0)}",
            f"quotes:     {c.get('quotes', 0)}",
            f"speakers:   {c.get('speakers', 0)} in documents, "
            f"{c.get('corpus_speakers', 0)} across the corpus",
            f"problems reported by the loader: {len(self.problems)}",
        ]
        lines += [f"  {p['status']}: {p['source']}: {p['reason']}" for p in self.problems[:50]]
        if len(self.problems) > 50:
            lines.append(f"  ... and {len(self.problems) - 50} more (see report.{self.format})")
        return "\n".join(lines)

    def table(self, name: str, columns: list[str] | None = None) -> pd.DataFrame:
        """Read one written table back (optionally only some columns)."""
        return read_table(self.path / f"{name}.{self.format}", columns)


def read_table(path: str | Path, columns: list[str] | None = None) -> pd.DataFrame:
    """Read a table written by ``framing analyze`` (CSV or Parquet)."""
    path = Path(path)
    if path.suffix == ".parquet":
        return pd.read_parquet(path, columns=columns)
    df = pd.read_csv(path, usecols=columns, keep_default_na=False, na_values=[""])
    for c in ("published",):
        if c in df.columns:
            df[c] = pd.to_datetime(df[c], utc=True, format="ISO8601")
    return df


def _progress(enabled: bool | None):
    if enabled is None:
        enabled = sys.stderr.isatty()
    if not enabled:
        return None
    from tqdm import tqdm

    return tqdm(unit="doc", desc="analysing", file=sys.stderr)


def open_writers(out: Path, format: str) -> dict[str, TableWriter]:
    """One :class:`~framing._io.TableWriter` per per-document table (``PER_CHUNK``), in
    ``out`` as :func:`framing.analysis.prepare_output_dir` returned it (both callers,
    here and in :mod:`framing.scale`, prepare it before loading the models)."""
    return {name: TableWriter(out / f"{name}.{format}", format) for name in PER_CHUNK}


def write_parts(
    writers: dict[str, TableWriter], parts: dict[str, Any], result: StreamResult
) -> list[str]:
    """Append one chunk's per-document tables, count their rows and keep the loader's
    problems in ``result``; returns the chunk's input sources (for ``run.json``)."""
    for name in PER_CHUNK:
        writers[name].write(parts[name])
        result.counts[name] = result.counts.get(name, 0) + len(parts[name])
    report = parts["report"]
    bad = report[report["status"] != "ok"]
    result.problems += bad.to_dict("records")
    return report["source"].tolist()


def finish(
    result: StreamResult,
    frame_keys: list[str],
    sources: list[str],
    models: tuple[Any, Any, Path | None, Path | None],
    params: dict[str, Any],
    figures: bool = False,
    extra: dict[str, Any] | None = None,
    wide_tables: Callable[..., dict[str, pd.DataFrame]] = corpus_tables,
) -> StreamResult:
    """Compute the corpus-wide tables from the written per-document tables, write them,
    ``run.json`` (with ``extra`` keys added) and optionally the figures.

    ``wide_tables(paragraphs, quotes, frame_keys)`` computes the corpus-wide tables
    (:func:`framing.analysis.corpus_tables`, or a distributed equivalent)."""
    out, format = result.path, result.format
    tone_model, frame_model, tone_path, frame_path = models
    paragraphs = result.table("paragraphs", CORPUS_PARAGRAPH_COLUMNS)
    quotes = result.table("quotes", CORPUS_QUOTE_COLUMNS)
    if not frame_keys:
        frame_keys = list(getattr(frame_model, "frame_keys_", []) or [])
    result.frame_keys = frame_keys
    for name, df in wide_tables(paragraphs, quotes, frame_keys).items():
        w = TableWriter(out / f"{name}.{format}", format)
        w.write(df)
        w.close()
        result.counts[name] = len(df)
    run = provenance(sources, tone_model, frame_model, params or {}, tone_path, frame_path)
    run["tables"] = {n: f"{n}.{format}" for n in TABLES}
    run["counts"] = {n: int(result.counts.get(n, 0)) for n in TABLES}
    run["streamed"] = True
    run.update(extra or {})
    run_json = out / "run.json"
    run_json.write_text(json.dumps(run, indent=2, default=str) + "\n", encoding="utf-8")
    if figures:
        from .plot import save_figures

        analysis = load_analysis(out)
        run["figures"] = [str(p.relative_to(out)) for p in save_figures(analysis, out / "figures")]
        run_json.write_text(json.dumps(run, indent=2, default=str) + "\n", encoding="utf-8")
    return result


def analyze_chunks(
    chunks: Iterable[Corpus],
    out: str | Path,
    *,
    format: str = "parquet",
    tone_model: Any = None,
    frame_model: Any = None,
    progress: bool | None = None,
    figures: bool = False,
    params: dict[str, Any] | None = None,
    speaker_categories: Any = None,
) -> StreamResult:
    """Analyse corpus chunks one at a time, appending every table to ``out``."""
    scheme = resolve_scheme(speaker_categories)  # a bad file fails at once
    params = {**(params or {}), "speaker_categories": scheme.describe()}
    out = prepare_output_dir(out)  # before the models load: a bad --out fails at once
    models = _models(tone_model, frame_model)
    tone_model, frame_model = models[:2]
    writers = open_writers(out, format)
    result = StreamResult(out, format)
    bar = _progress(progress)
    sources: list[str] = []
    frame_keys: list[str] = []
    try:
        for chunk in chunks:
            parts = analyze_chunk(chunk, tone_model, frame_model, scheme)
            frame_keys = parts["frame_keys"]
            sources += write_parts(writers, parts, result)
            if bar is not None:
                bar.update(len(chunk.report))
    finally:
        for w in writers.values():
            w.close()
        if bar is not None:
            bar.close()
    # corpus-wide tables from what was written
    return finish(result, frame_keys, sources, models, params or {}, figures)


def analyze_to_dir(
    source: Any,
    out: str | Path,
    *,
    chunk_size: int = 500,
    format: str = "parquet",
    tone_model: Any = None,
    frame_model: Any = None,
    progress: bool | None = None,
    figures: bool = False,
    speaker_categories: Any = None,
    **load_kwargs: Any,
) -> StreamResult:
    """Analyse a corpus of any size in bounded memory, writing tables to ``out``.

    Parameters
    ----------
    source : anything :func:`framing.load_corpus` accepts
    out : path
        Output folder: one file per table (``paragraphs.parquet``, ...) and ``run.json``.
        The files of a previous run there (those its ``run.json`` lists) are removed
        first; nothing else is.
    chunk_size : int, default=500
        Documents per chunk; memory grows with it, not with the corpus.
    format : {"parquet", "csv"}, default="parquet"
    tone_model, frame_model : default=None
        The shipped models when None.
    progress : bool, default=None
        A progress bar on stderr; by default only when stderr is a terminal.
    figures : bool, default=False
        Also save the figures under ``out/figures`` (reads the tables back).
    speaker_categories : SpeakerCategories or path, default=None
        The scheme of ``speaker_category`` (see :mod:`framing.categories`); the shipped
        one when None.
    **load_kwargs
        Passed to :func:`framing.corpus.iter_corpus` (``columns``, ``clean``, ``errors``).

    Returns
    -------
    StreamResult
    """
    params = {
        "chunk_size": chunk_size,
        "load": {k: repr(v) for k, v in sorted(load_kwargs.items())},
    }
    chunks = iter_corpus(source, chunk_size, **load_kwargs)
    return analyze_chunks(
        chunks,
        out,
        format=format,
        tone_model=tone_model,
        frame_model=frame_model,
        progress=progress,
        figures=figures,
        params=params,
        speaker_categories=speaker_categories,
    )


def load_analysis(path: str | Path) -> Analysis:
    """Read a written analysis folder back into an :class:`Analysis` (fits in memory)."""
    path = Path(path)
    run = json.loads((path / "run.json").read_text(encoding="utf-8"))
    tables = {}
    for name in TABLES:
        f = path / run["tables"][name]
        df = read_table(f)
        if f.suffix == ".csv":
            for c in df.columns:
                if c in ("tags", "frames", "speaker_ids", "speaker_names", "aliases", "doc_ids"):
                    df[c] = df[c].map(lambda v: json.loads(v) if isinstance(v, str) else [])
        tables[name] = df
    frame_keys = [c[len("frame_") :] for c in tables["documents"].columns if c.startswith("frame_")]
    return Analysis(**tables, frame_keys=frame_keys, provenance=run)
