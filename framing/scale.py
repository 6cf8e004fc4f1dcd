"""Scale-out on Dask: the same analysis, spread over the workers of a Dask cluster.

Two entry points:

:func:`analyze_dask_to_dir`
    What ``framing analyze ... --engine dask`` (or ``--jobs N``) runs. The driver reads
    the inputs cheaply with :func:`framing.corpus.iter_record_batches` (doc ids assigned
    in reading order, as the single-process loader does) and ships each batch to a
    worker, where :func:`framing.corpus.build_batch` (cleaning, paragraphs) and
    :func:`framing.analysis.analyze_chunk` (quotes, speakers, tone, frames) do the heavy
    work; the driver loads the models once and sends them to every worker. Results
    come back in batch order and the driver appends them to the tables with the same
    writers as :func:`framing.stream.analyze_to_dir`, sets ``duplicate_of`` across the
    whole corpus and computes the corpus-wide tables from the written tables (the
    speakers across the corpus, the costly part, on the workers). Only a few batches are
    in flight at a time, so memory stays bounded on the driver and on the workers. The
    written tables equal those of the single-process run.
:func:`analyze_dask`
    The Python entry point: a dask DataFrame of documents (one article per row, columns
    as :func:`framing.load_corpus` recognises them: ``doc_id``, ``text``, ``title``,
    ``published``, ``outlet`` ...) or a list of paths in, lazy dask DataFrames of the
    per-document result tables out. :func:`dask_corpus_tables` computes the corpus-wide
    tables (speakers across documents, outlets, months) from them.

Dask is an optional dependency: ``pip install 'framing[dask]'``.
"""

from __future__ import annotations

import operator
import uuid
import warnings
import zlib
from collections import deque
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

import pandas as pd

from ._io import arrow_table
from .analysis import (
    CORPUS_PARAGRAPH_COLUMNS,
    CORPUS_QUOTE_COLUMNS,
    TONE_LABELS,
    _models,
    analyze_chunk,
    corpus_speaker_table,
    corpus_tables,
    group_table,
    prepare_output_dir,
    speaker_key,
)
from .categories import resolve_scheme
from .corpus import (
    LoaderError,
    LoaderWarning,
    _frame_records,
    _LoadState,
    _pick,
    _Record,
    body_digest,
    build_batch,
    iter_record_batches,
    with_dayfirst,
)
from .stream import PER_CHUNK, StreamResult, _progress, finish, open_writers, write_parts

__all__ = ["analyze_dask", "analyze_dask_to_dir", "dask_corpus_tables", "DuplicateTracker"]

_INSTALL = "Dask is not installed; pip install 'framing[dask]' to run the analysis on Dask"


def _require_dask(dataframe: bool = True):
    """Import dask and distributed (and dask.dataframe, a second or more of CPU, only
    when ``dataframe``: the file-to-file path never needs it)."""
    try:
        import dask
        import distributed

        if dataframe:
            import dask.dataframe  # noqa: F401
    except ImportError as exc:  # pragma: no cover - dask is installed in dev
        raise ImportError(_INSTALL) from exc
    return dask, distributed


# --- on the workers -------------------------------------------------------------------------


def _analyze_corpus(
    corpus, tone_model: Any, frame_model: Any, categories: Any = None
) -> dict[str, Any]:
    """Per-document tables of one corpus chunk, plus the body digests the driver needs
    to set the corpus-wide duplicate flags."""
    parts = analyze_chunk(corpus, tone_model, frame_model, categories)
    parts.pop("speaker_info", None)
    docs = corpus.documents
    parts["digests"] = list(zip(docs["doc_id"], map(body_digest, docs["text"])))
    return parts


#: Tables a worker hands back as Arrow when the output is Parquet: converting and
#: unpickling them is then the workers' work, not the driver's (on two cores the driver
#: competes with the workers).
_ARROW_TABLES = ("paragraphs", "quotes", "speakers")


def _analyze_batch(
    batch: list, tone_model: Any, frame_model: Any, arrow: bool = False, categories: Any = None
) -> dict:
    """Worker task: a batch from :func:`iter_record_batches` to its result tables
    (with ``arrow``, the big ones as Arrow tables ready to be written to Parquet)."""
    parts = _analyze_corpus(build_batch(batch), tone_model, frame_model, categories)
    if arrow:
        for name in _ARROW_TABLES:
            parts[name] = arrow_table(parts[name])
    return parts


def _split_items(items: list, chunk_size: int) -> list[list]:
    """Cut loader items into runs of at most ``chunk_size`` documents, in order."""
    runs: list[list] = [[]]
    n = 0
    for item in items:
        if n >= chunk_size:
            runs.append([])
            n = 0
        runs[-1].append(item)
        n += isinstance(item, _Record)
    return runs


def _concat_parts(parts: list[dict[str, Any]]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for name in PER_CHUNK:
        frames = [p[name] for p in parts]
        nonempty = [f for f in frames if len(f)] or frames[:1]
        out[name] = pd.concat(nonempty, ignore_index=True) if len(nonempty) > 1 else nonempty[0]
    out["digests"] = [d for p in parts for d in p["digests"]]
    out["frame_keys"] = parts[-1]["frame_keys"]
    return out


def _analyze_items(
    items: list, chunk_size: int, tone_model: Any, frame_model: Any, categories: Any = None
) -> dict:
    """Analyse loader items in chunks of ``chunk_size`` documents and join the tables."""
    runs = _split_items(items, chunk_size)
    return _concat_parts(
        [_analyze_corpus(build_batch(run), tone_model, frame_model, categories) for run in runs]
    )


def _frame_items(
    part: pd.DataFrame,
    offset: int,
    doc_ids: list[str] | None,
    columns: Mapping[str, str] | None,
    clean: bool | None,
    dayfirst: bool = False,
) -> list:
    """Loader items of one partition of a DataFrame of articles, numbered as rows
    ``offset``, ``offset + 1`` ... of the whole frame, with the final doc ids."""
    records = _frame_records(part, "<DataFrame>", "row", columns, bool(clean), start=offset)
    items = list(with_dayfirst(records, dayfirst))
    if doc_ids is not None:
        records = [it for it in items if isinstance(it, _Record)]
        if len(records) != len(doc_ids):
            raise RuntimeError("partition changed between the id pass and the analysis")
        for rec, did in zip(records, doc_ids):
            rec.assign_id(did)
    return items


def _raw_ids(part: pd.DataFrame, offset: int, columns, clean) -> list[str]:
    return [rec.doc_id for rec in _frame_items(part, offset, None, columns, clean)
            if isinstance(rec, _Record)]  # fmt: skip


def _analyze_partition(
    part, offset, doc_ids, columns, clean, dayfirst, chunk_size, tone, frame, categories=None
) -> dict:
    items = _frame_items(part, offset, doc_ids, columns, clean, dayfirst)
    return _analyze_items(items, chunk_size, tone, frame, categories)


# --- duplicates across the corpus -------------------------------------------------------------


class DuplicateTracker:
    """``duplicate_of`` across a corpus seen batch by batch, in reading order.

    Gives, batch after batch, exactly what :func:`framing.corpus.duplicate_flags` gives
    over all documents at once: the first doc id with the same body, or None. It keeps
    one entry per distinct body (its digest), as the single-process loader does.
    """

    def __init__(self) -> None:
        self.first: dict[str, str] = {}

    def flags(self, digests: Iterable[tuple[str, str]]) -> dict[str, str | None]:
        """``{doc_id: duplicate_of}`` for the next documents ``(doc_id, digest)``."""
        out: dict[str, str | None] = {}
        for did, digest in digests:
            first = self.first.setdefault(digest, did)
            out[did] = first if first != did else None
        return out


def _with_duplicates(documents: pd.DataFrame, flags: Mapping[str, str | None]) -> pd.DataFrame:
    out = documents.copy()
    out["duplicate_of"] = pd.Series(
        [flags.get(d) for d in out["doc_id"]], index=out.index, dtype=object
    )
    return out


# --- corpus-wide tables on the cluster ---------------------------------------------------------


def _speaker_buckets(quotes: pd.DataFrame, n: int) -> list[pd.DataFrame]:
    """Split the quotes into ``n`` parts so that all quotes of one corpus-wide speaker
    (same :func:`~framing.analysis.speaker_key`) fall in the same part, rows in order."""
    if "speaker_key" in quotes.columns:
        keys = quotes["speaker_key"].astype(str).tolist()
    else:
        keys = [
            speaker_key(name, kind, doc)
            for name, kind, doc in zip(
                quotes["speaker_name"], quotes["speaker_type"], quotes["doc_id"]
            )
        ]
    bucket = pd.Series([zlib.crc32(k.encode("utf-8")) % n for k in keys], index=quotes.index)
    return [quotes[bucket == i] for i in range(n)]


def _join_speakers(parts: list[pd.DataFrame], frame_keys: list[str]) -> pd.DataFrame:
    """The parts of :func:`corpus_speaker_table` computed on disjoint sets of speakers,
    in the order of the table computed at once (speaker keys are unique)."""
    parts = [p for p in parts if len(p)]
    if not parts:
        return corpus_speaker_table(pd.DataFrame(columns=CORPUS_QUOTE_COLUMNS), frame_keys)
    out = pd.concat(parts, ignore_index=True)
    return out.sort_values(["n_quotes", "speaker_key"], ascending=[False, True]).reset_index(
        drop=True
    )


# Below this many quotes the corpus-wide speakers are computed on the driver at once.
MIN_QUOTES_TO_SPLIT = 1000


def _cluster_corpus_tables(client: Any, n_parts: int):
    """``corpus_tables`` with the speakers across the corpus (the costly part) computed
    on the workers, one part per worker; outlets and months on the driver meanwhile."""

    def wide(paragraphs: pd.DataFrame, quotes: pd.DataFrame, frame_keys: list[str]) -> dict:
        if n_parts < 2 or len(quotes) < MIN_QUOTES_TO_SPLIT:
            return corpus_tables(paragraphs, quotes, frame_keys)
        futures = [
            client.submit(corpus_speaker_table, part, frame_keys, pure=False)
            for part in _speaker_buckets(quotes, n_parts)
        ]
        out = {
            "outlets": group_table(paragraphs, "outlet", frame_keys),
            "months": group_table(paragraphs, "published:M", frame_keys),
        }
        speakers = _join_speakers(client.gather(futures), frame_keys)
        return {"corpus_speakers": speakers, **out}

    return wide


# --- the driver: analyze_dask_to_dir --------------------------------------------------------


def _open_client(scheduler: Any, n_workers: int):
    """A Client for ``scheduler`` and the objects to close at the end."""
    _, distributed = _require_dask(dataframe=False)
    if isinstance(scheduler, distributed.Client):
        return scheduler, []
    if scheduler is None:
        if n_workers < 1:
            raise ValueError("n_workers must be at least 1")
        cluster = distributed.LocalCluster(
            n_workers=n_workers,
            threads_per_worker=1,
            processes=True,
            host="127.0.0.1",
            dashboard_address=":0",  # any free port: 8787 may be taken
        )
        client = distributed.Client(cluster)
        return client, [client, cluster]
    if hasattr(scheduler, "scheduler_address"):  # a cluster object
        client = distributed.Client(scheduler)
    else:
        client = distributed.Client(str(scheduler))
    return client, [client]


def _loader_messages(report: pd.DataFrame) -> list[tuple[bool, str]]:
    """What the single-process loader says about a chunk's inputs: ``(True, message)``
    for a problem (warned, or raised with ``errors="raise"``), ``(False, note)`` for a
    loaded document with a note (a decoding fallback, a renamed id, an unread date; only warned)."""
    msgs = []
    for r in report.itertuples(index=False):
        if r.status != "ok":
            msgs.append((True, f"{r.source}: {r.status}: {r.reason}"))
        elif isinstance(r.reason, str) and r.reason:
            msgs.append((False, f"{r.source}: {r.reason}"))
    return msgs


def analyze_dask_to_dir(
    inputs: Any,
    out: str | Path,
    *,
    format: str = "parquet",
    scheduler: Any = None,
    n_workers: int = 2,
    chunk_size: int = 500,
    figures: bool = False,
    columns: Mapping[str, str] | None = None,
    tone_model: Any = None,
    frame_model: Any = None,
    clean: bool | None = None,
    errors: str = "warn",
    dayfirst: bool = False,
    progress: bool | None = None,
    max_in_flight: int | None = None,
    speaker_categories: Any = None,
) -> StreamResult:
    """Analyse a corpus on a Dask cluster, writing the same tables as
    :func:`framing.stream.analyze_to_dir`.

    Parameters
    ----------
    inputs : anything :func:`framing.load_corpus` accepts except a DataFrame
        Files, directories, glob patterns or a list of those.
    out : path
        Output folder: one file per table and ``run.json``.
    format : {"parquet", "csv"}, default="parquet"
    scheduler : str, distributed.Client or cluster, default=None
        Address of a running Dask scheduler (``tcp://host:8786``), a Client, or a
        cluster. None starts a local cluster of ``n_workers`` processes (one thread
        each) on 127.0.0.1 and closes it at the end.
    n_workers : int, default=2
        Workers of the local cluster (ignored with ``scheduler``).
    chunk_size : int, default=500
        Documents per task.
    figures : bool, default=False
        Also save the figures under ``out/figures``.
    columns : dict, default=None
        Tabular input: which column holds each field (see :func:`framing.load_corpus`).
    tone_model, frame_model : default=None
        Models to use; None uses the shipped models. They are loaded here once and sent
        to every worker (pickled, a few MB), so all workers use exactly these models.
    clean, errors, dayfirst
        As in :func:`framing.load_corpus`. Problems found on the workers are warned
        about (or raised) on the driver; all are in the ``report`` table.
    progress : bool, default=None
        A progress bar on stderr; by default only when stderr is a terminal.
    max_in_flight : int, default=None
        Batches submitted but not yet written; twice the cluster's threads by default.
        Memory grows with it.
    speaker_categories : SpeakerCategories or path, default=None
        The scheme of ``speaker_category`` (see :mod:`framing.categories`); the shipped
        one when None.

    Returns
    -------
    StreamResult
    """
    if format not in ("csv", "parquet"):
        raise ValueError(f"format must be 'csv' or 'parquet', not {format!r}")
    if chunk_size < 1:
        raise ValueError("chunk_size must be at least 1")
    if isinstance(inputs, pd.DataFrame):
        raise TypeError("analyze_dask_to_dir reads files; for a DataFrame use analyze_dask")
    batches = iter_record_batches(
        inputs, chunk_size, columns=columns, clean=clean, errors=errors, dayfirst=dayfirst
    )
    scheme = resolve_scheme(speaker_categories)  # a bad file fails at once
    out = prepare_output_dir(out)  # before the models load: a bad --out fails at once
    # the models are loaded here once and sent to every worker (a few MB pickled, much
    # faster than loading the model files on each worker, and the same models for sure)
    models = _models(tone_model, frame_model)
    run_tone, run_frame = models[:2]
    params = {
        "chunk_size": chunk_size,
        "speaker_categories": scheme.describe(),
        "load": {
            k: repr(v)
            for k, v in sorted(
                {"columns": columns, "clean": clean, "errors": errors, "dayfirst": dayfirst}.items()
            )
            if v is not None and not (k == "errors" and v == "warn")
        },
    }
    client, to_close = _open_client(scheduler, n_workers)
    try:
        address = client.scheduler.address if client.scheduler else None
        nthreads = sum(client.nthreads().values()) or 1
        result, frame_keys, sources = _run_batches(
            client,
            batches,
            out,
            format,
            run_tone,
            run_frame,
            errors,
            progress,
            max_in_flight or max(2, 2 * nthreads),
            scheme,
        )
        engine = {
            "name": "dask",
            "scheduler": "local cluster" if scheduler is None else str(address),
            "threads": int(nthreads),
        }
        return finish(
            result,
            frame_keys,
            sources,
            (run_tone, run_frame, models[2], models[3]),
            params,
            figures,
            extra={"engine": engine},
            wide_tables=_cluster_corpus_tables(client, len(client.nthreads())),
        )
    finally:
        for obj in to_close:
            obj.close()


def _run_batches(
    client: Any,
    batches: Iterable[list],
    out: Path,
    format: str,
    tone_model: Any,
    frame_model: Any,
    errors: str,
    progress: bool | None,
    window: int,
    categories: Any = None,
) -> tuple[StreamResult, list[str], list[str]]:
    """Submit the batches (at most ``window`` in flight) and write their tables in order."""
    writers = open_writers(out, format)
    result = StreamResult(out, format)
    bar = _progress(progress)
    sources: list[str] = []
    frame_keys: list[str] = []
    dups = DuplicateTracker()
    pending: deque = deque()
    try:
        tone_arg = client.scatter(tone_model, broadcast=True, hash=False)
        frame_arg = client.scatter(frame_model, broadcast=True, hash=False)

        def collect() -> None:
            nonlocal frame_keys
            parts = pending.popleft().result()
            for problem, msg in _loader_messages(parts["report"]):
                if errors == "raise" and problem:
                    raise LoaderError(msg)
                if errors == "warn":
                    warnings.warn(msg, LoaderWarning, stacklevel=4)
            parts["documents"] = _with_duplicates(parts["documents"], dups.flags(parts["digests"]))
            sources.extend(write_parts(writers, parts, result))
            frame_keys = parts["frame_keys"] or frame_keys
            if bar is not None:
                bar.update(len(parts["report"]))

        for batch in batches:
            pending.append(
                client.submit(
                    _analyze_batch,
                    batch,
                    tone_arg,
                    frame_arg,
                    format == "parquet",
                    categories,
                    pure=False,
                )
            )
            while len(pending) >= window:
                collect()
        while pending:
            collect()
    finally:
        for fut in pending:
            fut.cancel()
        for w in writers.values():
            w.close()
        if bar is not None:
            bar.close()
    return result, frame_keys, sources


# --- the lazy entry point: analyze_dask -----------------------------------------------------


_META_TEXT = (
    "The council met on Monday to discuss the bridge, officials said.\n\n"
    '"We will rebuild the bridge by spring," said Mayor Jane Smith.'
)


def _meta(tone: Any, frame: Any) -> dict[str, pd.DataFrame]:
    """Empty tables with the columns and dtypes of the results (from a tiny document
    analysed on the driver)."""
    df = pd.DataFrame(
        {
            "doc_id": ["meta"],
            "text": [_META_TEXT],
            "title": ["Meta"],
            "published": ["2024-01-01T00:00:00Z"],
            "outlet": ["Meta"],
        }
    )
    items = list(_frame_records(df, "<DataFrame>", "row", None, False))
    parts = _analyze_items(items, 10, tone, frame)
    return {name: parts[name].iloc[:0] for name in PER_CHUNK}


def _conform(df: pd.DataFrame, meta: pd.DataFrame) -> pd.DataFrame:
    """Cast a partition's columns to the dtypes of ``meta`` where they differ and the cast
    is lossless (an empty partition has object columns, say)."""
    if list(df.columns) != list(meta.columns):
        raise RuntimeError(f"partition columns {list(df.columns)} differ from {list(meta.columns)}")
    out = df
    for c in df.columns:
        if df[c].dtype != meta[c].dtype:
            try:
                cast = df[c].astype(meta[c].dtype)
            except (TypeError, ValueError):
                continue
            if out is df:
                out = df.copy()
            out[c] = cast
    return out


def _get(parts: dict, name: str, meta: pd.DataFrame) -> pd.DataFrame:
    return _conform(parts[name], meta)


def _duplicate_map(digests: list[list[tuple[str, str]]]) -> dict[str, str | None]:
    tracker = DuplicateTracker()
    out: dict[str, str | None] = {}
    for part in digests:
        out.update(tracker.flags(part))
    return out


def _documents(parts: dict, flags: Mapping[str, str | None], meta: pd.DataFrame) -> pd.DataFrame:
    return _conform(_with_duplicates(parts["documents"], flags), meta)


def _compute(client: Any, *objs: Any) -> tuple:
    import dask

    if client is not None:
        return tuple(client.compute(list(objs), sync=True))
    return dask.compute(*objs)


def analyze_dask(
    ddf_or_paths: Any,
    *,
    client: Any = None,
    chunk_size: int = 500,
    tone_model: Any = None,
    frame_model: Any = None,
    columns: Mapping[str, str] | None = None,
    clean: bool | None = None,
    dayfirst: bool = False,
    speaker_categories: Any = None,
) -> dict[str, Any]:
    """Lazy result tables of a corpus given as a dask DataFrame of documents or as paths.

    Parameters
    ----------
    ddf_or_paths : dask.dataframe.DataFrame, or paths
        A dask DataFrame with one article per row (``text`` and optionally ``doc_id``,
        ``title``, ``published``, ``outlet``, ``agency``, ``tags``, ``author``; other
        names through ``columns``), each partition loaded as
        :func:`framing.load_corpus` loads a DataFrame; or files, directories, globs
        (read on this machine into batches of ``chunk_size`` documents, so the inputs
        must fit in its memory; use :func:`analyze_dask_to_dir` for larger ones).
    client : distributed.Client, default=None
        The cluster the tables will be computed on (the current default client when
        None, if any): the models are sent to its workers once, and the short passes
        that fix doc ids before the graph is built run there. Without a distributed
        client the tables compute on dask's local schedulers.
    chunk_size : int, default=500
        Documents analysed at a time inside a partition.
    tone_model, frame_model : default=None
        Models to use; None uses the shipped models, loaded here once and shipped with
        the graph to the workers.
    columns, clean, dayfirst
        As in :func:`framing.load_corpus`.
    speaker_categories : SpeakerCategories or path, default=None
        The scheme of ``speaker_category``; the shipped one when None.

    Returns
    -------
    dict of str to dask.dataframe.DataFrame
        ``documents``, ``paragraphs``, ``quotes``, ``speakers`` and ``report``, with
        the columns and rows of the tables of :func:`framing.analyze` on the whole
        corpus (same doc ids; ``duplicate_of`` across the whole corpus). Compute them
        together (``dask.compute(*tables.values())``, or ``persist``) so that every
        partition is analysed once; :func:`dask_corpus_tables` gives the corpus-wide
        tables.

    Notes
    -----
    For a DataFrame, doc ids are fixed before the analysis in two light passes over the
    data (partition lengths, then the raw ids when there is an id column), so that they
    are numbered and made unique over the whole frame exactly as
    :func:`framing.load_corpus` does.

    Examples
    --------
    >>> import dask, dask.dataframe as dd, framing            # doctest: +SKIP
    >>> ddf = dd.read_parquet("articles/*.parquet")           # doctest: +SKIP
    >>> tables = framing.scale.analyze_dask(ddf)              # doctest: +SKIP
    >>> paragraphs, quotes = dask.compute(tables["paragraphs"], tables["quotes"])  # doctest: +SKIP
    >>> wide = framing.scale.dask_corpus_tables(tables)       # doctest: +SKIP
    """
    dask, distributed = _require_dask()
    import dask.dataframe as dd
    from dask import delayed

    if chunk_size < 1:
        raise ValueError("chunk_size must be at least 1")
    scheme = resolve_scheme(speaker_categories)
    tone_model, frame_model = _models(tone_model, frame_model)[:2]
    if client is None:
        try:
            client = distributed.default_client()
        except ValueError:  # no distributed client: the local schedulers share memory
            client = None
    if client is not None:
        # each worker receives each model once, not with every task of the graph
        tone_d = client.scatter(tone_model, broadcast=True, hash=False)
        frame_d = client.scatter(frame_model, broadcast=True, hash=False)
    else:
        tone_d = delayed(tone_model, name=f"framing-tone-model-{uuid.uuid4().hex}")
        frame_d = delayed(frame_model, name=f"framing-frame-model-{uuid.uuid4().hex}")
    if isinstance(ddf_or_paths, dd.DataFrame):
        ddf = ddf_or_paths
        parts_in = ddf.to_delayed()
        lengths = _compute(client, *[delayed(len)(p) for p in parts_in])
        offsets = [sum(lengths[:i]) for i in range(len(lengths))]
        ids: list[list[str] | None] = [None] * len(parts_in)
        if _pick(columns, [str(c) for c in ddf.columns], "doc_id") is not None:
            raw = _compute(
                client,
                *[delayed(_raw_ids)(p, off, columns, clean) for p, off in zip(parts_in, offsets)],
            )
            state = _LoadState("ignore")
            ids = [[state.new_id(r) for r in part] for part in raw]
        results = [
            delayed(_analyze_partition, pure=True)(
                p, off, pid, columns, clean, dayfirst, chunk_size, tone_d, frame_d, scheme
            )
            for p, off, pid in zip(parts_in, offsets, ids)
        ]
    else:
        if isinstance(ddf_or_paths, pd.DataFrame):
            raise TypeError("pass a dask DataFrame (dd.from_pandas(df, npartitions=...))")
        batches = iter_record_batches(
            ddf_or_paths, chunk_size, columns=columns, clean=clean, dayfirst=dayfirst
        )
        results = [
            delayed(_analyze_items, pure=True)(b, chunk_size, tone_d, frame_d, scheme)
            for b in batches
        ]
    meta = _meta(tone_model, frame_model)
    if not results:
        with dask.config.set({"dataframe.convert-string": False}):
            return {name: dd.from_pandas(meta[name], npartitions=1) for name in PER_CHUNK}
    flags = delayed(_duplicate_map)([delayed(operator.getitem)(r, "digests") for r in results])
    tables: dict[str, Any] = {}
    # list cells (tags, frames, speaker ids) must stay lists, not become strings
    with dask.config.set({"dataframe.convert-string": False}):
        for name in PER_CHUNK:
            if name == "documents":
                frames = [delayed(_documents)(r, flags, meta[name]) for r in results]
            else:
                frames = [delayed(_get)(r, name, meta[name]) for r in results]
            tables[name] = dd.from_delayed(frames, meta=meta[name], verify_meta=False)
    return tables


def dask_corpus_tables(tables: Mapping[str, Any], client: Any = None) -> dict[str, pd.DataFrame]:
    """The corpus-wide tables (``corpus_speakers``, ``outlets``, ``months``) from the
    lazy tables of :func:`analyze_dask`, as pandas DataFrames.

    Only the columns the aggregates need are computed (a few per paragraph and quote),
    so this fits in memory for corpora far larger than the full tables.
    """
    paragraphs = tables["paragraphs"][CORPUS_PARAGRAPH_COLUMNS]
    quotes = tables["quotes"][CORPUS_QUOTE_COLUMNS]
    p, q = _compute(client, paragraphs, quotes)
    keys = [
        c[2:]
        for c in tables["paragraphs"].columns
        if c.startswith("p_") and c[2:] not in TONE_LABELS
    ]
    return corpus_tables(p.reset_index(drop=True), q.reset_index(drop=True), keys)
