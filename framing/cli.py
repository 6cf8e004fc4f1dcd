"""The ``framing`` command line: ``framing --help`` lists the subcommands.

Each pipeline stage contributes its subcommands: a module listed in ``COMMAND_MODULES``
defines ``register(subparsers)``, which adds its parsers and sets ``func`` to a function
taking the parsed arguments and returning an exit code.

Exit codes: 0 success, 1 nothing could be loaded, 2 bad usage or bad input. Bad input
(a ``ValueError`` or ``OSError``, e.g. an unknown codebook key or a missing file) prints
one line, ``framing: error: <file>: <problem>``, instead of a traceback; set
``FRAMING_DEBUG=1`` to see the traceback.
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys
import warnings
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from . import __version__
from ._io import write_table
from .corpus import LoaderWarning, load_corpus, loader_notes

# Modules that add subcommands (each has ``register(subparsers)``), in help order.
COMMAND_MODULES: list[str] = [
    "framing.quotes",
    "framing.annotate",
    "framing.train",
    "framing.score",
]


def add_input_args(p: argparse.ArgumentParser) -> None:
    """The input arguments every corpus-reading subcommand shares."""
    p.add_argument("inputs", nargs="+", help="files, directories or glob patterns")
    p.add_argument(
        "--column",
        action="append",
        default=[],
        metavar="FIELD=NAME",
        help="tabular input: column holding a field, e.g. --column text=body",
    )
    p.add_argument(
        "--dayfirst",
        action="store_true",
        help="read numeric slash dates day first (03/04/2021 is 3 April); "
        "by default they are month first",
    )


def add_model_args(p: argparse.ArgumentParser) -> None:
    """``--tone-model`` / ``--frame-model``: score with models of your own instead of the
    shipped ones (a frame model from ``framing train --out``, a saved tone model)."""
    p.add_argument(
        "--tone-model",
        default=None,
        metavar="FILE",
        help="tone model (.skops) to use instead of the shipped one",
    )
    p.add_argument(
        "--frame-model",
        default=None,
        metavar="FILE",
        help="frame model (.skops), e.g. from framing train --out, instead of the shipped one",
    )


def models_from_args(args: argparse.Namespace) -> tuple[Any, Any]:
    """The models named by ``--tone-model`` / ``--frame-model`` (None: the shipped ones).

    Loaded before any corpus is read, so a wrong path or file fails at once.
    """
    tone = frame = None
    if getattr(args, "tone_model", None):
        from .tone import load_tone_model

        tone = load_tone_model(args.tone_model)
    if getattr(args, "frame_model", None):
        from .frames import load_frame_model

        frame = load_frame_model(args.frame_model)
    return tone, frame


def columns_from_args(args: argparse.Namespace) -> dict[str, str] | None:
    """The ``--column FIELD=NAME`` options as the loader's ``columns=`` mapping."""
    given = getattr(args, "column", None) or []
    bad = [c for c in given if "=" not in c or not all(c.split("=", 1))]
    if bad:
        raise ValueError(f"--column {bad[0]!r}: expected FIELD=NAME, e.g. --column text=body")
    return dict(c.split("=", 1) for c in given) or None


#: Loader warnings printed one per line before the rest are only counted (all of them
#: stay in the report table).
MAX_WARNINGS = 20


def _warning_line(message: object) -> None:
    print(f"framing: warning: {message}", file=sys.stderr)


def print_warnings(caught: list) -> None:
    """Print caught loader warnings to stderr, at most ``MAX_WARNINGS`` of them."""
    for w in caught[:MAX_WARNINGS]:
        _warning_line(w.message)
    if len(caught) > MAX_WARNINGS:
        print(
            f"framing: warning: ... and {len(caught) - MAX_WARNINGS} more "
            "(every one is a row of the report table: framing load --table report)",
            file=sys.stderr,
        )


def corpus_from_args(args: argparse.Namespace):
    """Load the corpus named by the input arguments; problems go to stderr."""
    columns = columns_from_args(args)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", LoaderWarning)
        corpus = load_corpus(args.inputs, columns=columns, dayfirst=args.dayfirst)
    print_warnings(caught)
    return corpus


def _cmd_load(args: argparse.Namespace) -> int:
    corpus = corpus_from_args(args)
    table = getattr(corpus, args.table)
    write_table(table, args.format)
    return 0 if len(corpus.documents) or not len(corpus.report) else 1


def _analyze(inputs, out: Path, fmt: str, chunk_size: int, figures: bool, progress, args) -> int:
    from .stream import analyze_to_dir

    engine = getattr(args, "engine", "local")
    jobs = getattr(args, "jobs", 1)
    if jobs < 1:
        raise ValueError(f"--jobs must be at least 1, got {jobs}")
    if chunk_size < 1:
        raise ValueError(f"--chunk-size must be at least 1, got {chunk_size}")
    if getattr(args, "scheduler", None) and engine != "dask":
        raise ValueError("--scheduler needs --engine dask")
    columns = columns_from_args(args)
    dayfirst = getattr(args, "dayfirst", False)
    from .categories import resolve_scheme

    # read (and checked) before the models and the corpus: a bad file fails at once
    categories = resolve_scheme(getattr(args, "speaker_categories", None))
    tone_model, frame_model = models_from_args(args)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", LoaderWarning)
        if engine == "dask" or jobs > 1:
            from .scale import analyze_dask_to_dir

            result = analyze_dask_to_dir(
                inputs,
                out,
                format=fmt,
                scheduler=getattr(args, "scheduler", None),
                n_workers=jobs,
                chunk_size=chunk_size,
                figures=figures,
                columns=columns,
                dayfirst=dayfirst,
                tone_model=tone_model,
                frame_model=frame_model,
                speaker_categories=categories,
            )
        else:
            result = analyze_to_dir(
                inputs,
                out,
                format=fmt,
                chunk_size=chunk_size,
                figures=figures,
                progress=progress,
                columns=columns,
                dayfirst=dayfirst,
                tone_model=tone_model,
                frame_model=frame_model,
                speaker_categories=categories,
            )
    print_warnings(caught)
    print(result.summary())
    notes = loader_notes(result.table("report", ["source", "status", "reason"]))
    if len(notes):
        # documents loaded, but not as written: their warnings are above, among others
        print(f"notes on loaded documents: {len(notes)} (see the reason column of report.{fmt})")
    print(f"tables, run.json{' and figures' if figures else ''} written to {out}/")
    return 0 if result.counts.get("documents", 0) else 1


def _cmd_analyze(args: argparse.Namespace) -> int:
    return _analyze(
        args.inputs, Path(args.out), args.format, args.chunk_size, not args.no_figures, None, args
    )


def _cmd_demo(args: argparse.Namespace) -> int:
    from .corpus import sample_corpus_files

    return _analyze(
        [str(p) for p in sample_corpus_files()], Path(args.out), "csv", 500, True, False, args
    )


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="framing", description="Tone and framing analytics of news."
    )
    parser.add_argument("--version", action="version", version=f"framing {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    p = sub.add_parser("load", help="load a corpus and print its documents or paragraphs")
    add_input_args(p)
    p.add_argument("--table", choices=["documents", "paragraphs", "report"], default="paragraphs")
    p.add_argument("--format", choices=["jsonl", "csv"], default="jsonl")
    p.set_defaults(func=_cmd_load)

    p = sub.add_parser(
        "analyze",
        help="analyse a corpus end to end: tables, run.json and figures",
        description="Quotes, speakers, tone and frames of every paragraph, aggregated per "
        "speaker, document, outlet and month. The corpus is streamed in chunks, so it "
        "need not fit in memory.",
    )
    add_input_args(p)
    p.add_argument("--out", required=True, help="output directory")
    p.add_argument("--format", choices=["csv", "parquet"], default="csv")
    p.add_argument("--chunk-size", type=int, default=500, help="documents per chunk")
    p.add_argument("--jobs", type=int, default=1, help="worker processes (on a local Dask cluster)")
    p.add_argument("--engine", choices=["local", "dask"], default="local")
    p.add_argument("--scheduler", default=None, help="address of a running Dask scheduler")
    p.add_argument("--no-figures", action="store_true", help="do not save figures")
    add_model_args(p)
    p.add_argument(
        "--speaker-categories",
        default=None,
        metavar="FILE",
        help="speaker-category scheme (.yaml) instead of the shipped one "
        "(framing/codebooks/speaker_categories.yaml)",
    )
    p.set_defaults(func=_cmd_analyze)

    p = sub.add_parser("demo", help="analyse the bundled sample corpus")
    p.add_argument("--out", default="demo_output", help="output directory")
    p.set_defaults(func=_cmd_demo)

    for name in COMMAND_MODULES:
        importlib.import_module(name).register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "func", None):
        parser.print_help()
        return 2
    try:
        with warnings.catch_warnings():
            # loader warnings raised outside corpus_from_args (framing train --texts DIR)
            # print as the one-line notes the other commands give, not as Python warnings
            warnings.simplefilter("always", LoaderWarning)
            show = warnings.showwarning

            def _show(message, category, filename, lineno, file=None, line=None) -> None:
                if issubclass(category, LoaderWarning):
                    _warning_line(message)
                else:
                    show(message, category, filename, lineno, file, line)

            warnings.showwarning = _show
            return int(args.func(args) or 0)
    except BrokenPipeError:
        return 0
    except (ValueError, OSError) as exc:
        # Bad input (a codebook key, a labels row, a missing file): the message names the
        # file and the problem; a traceback would bury it. FRAMING_DEBUG=1 shows the trace.
        if os.environ.get("FRAMING_DEBUG"):
            raise
        print(f"framing: error: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
