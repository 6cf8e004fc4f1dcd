"""The ``framing`` command line: ``framing --help`` lists the subcommands.

Each pipeline stage contributes its subcommands: a module listed in ``COMMAND_MODULES``
defines ``register(subparsers)``, which adds its parsers and sets ``func`` to a function
taking the parsed arguments and returning an exit code.
"""

from __future__ import annotations

import argparse
import importlib
import sys
import warnings
from collections.abc import Sequence
from pathlib import Path

from . import __version__
from ._io import write_table
from .corpus import LoaderWarning, load_corpus, load_sample_corpus

# Modules that add subcommands (each has ``register(subparsers)``), in help order.
COMMAND_MODULES: list[str] = ["framing.quotes"]


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


def corpus_from_args(args: argparse.Namespace):
    """Load the corpus named by the input arguments; problems go to stderr."""
    columns = dict(c.split("=", 1) for c in args.column) or None
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", LoaderWarning)
        corpus = load_corpus(args.inputs, columns=columns)
    for w in caught:
        print(f"framing: warning: {w.message}", file=sys.stderr)
    return corpus


def _cmd_load(args: argparse.Namespace) -> int:
    corpus = corpus_from_args(args)
    table = getattr(corpus, args.table)
    write_table(table, args.format)
    return 0 if len(corpus.documents) or not len(corpus.report) else 1


def _cmd_demo(args: argparse.Namespace) -> int:
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    corpus = load_sample_corpus()
    for name in ("documents", "paragraphs", "report"):
        write_table(getattr(corpus, name), "csv", out / f"{name}.csv")
    print(corpus.summary())
    print(f"tables written to {out}/")
    return 0


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
        return int(args.func(args) or 0)
    except BrokenPipeError:
        return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
