"""Readers for the public human-labelled news datasets used to train and evaluate framing.

The datasets are never copied into this repository or the wheel. They are read from a
data directory: ``$FRAMING_DATA`` when set, otherwise ``../shared/data`` beside the
project checkout (or beside the current working directory).

Each submodule reads one dataset into a pandas DataFrame with documented columns.
``paragraph_units`` gives every annotatable paragraph of the frame/tone training sources a
stable ``unit_id`` so that labels stored in ``corpus/annotations`` can refer to texts
without copying them.
"""

from __future__ import annotations

import os
from pathlib import Path

__all__ = ["DataNotFound", "data_dir", "dataset_path", "require_dataset"]


class DataNotFound(FileNotFoundError):
    """Raised when a dataset folder is missing from the data directory."""


def data_dir() -> Path:
    """Return the directory that holds the shared datasets.

    ``$FRAMING_DATA`` wins; otherwise the first existing of ``<repo>/../shared/data`` and
    ``<cwd>/../shared/data``. The returned path may not exist.
    """
    env = os.environ.get("FRAMING_DATA")
    if env:
        return Path(env).expanduser()
    candidates = [
        Path(__file__).resolve().parents[2] / ".." / "shared" / "data",
        Path.cwd() / ".." / "shared" / "data",
        Path.cwd() / "shared" / "data",
    ]
    for c in candidates:
        if c.is_dir():
            return c.resolve()
    return candidates[0]


def dataset_path(name: str) -> Path:
    """Path of one dataset folder (``polnear``, ``persent``, ...), which may not exist."""
    return data_dir() / name


def require_dataset(name: str) -> Path:
    """Path of one dataset folder; raise :class:`DataNotFound` with a clear message if absent."""
    p = dataset_path(name)
    if not p.is_dir():
        raise DataNotFound(
            f"dataset {name!r} not found at {p}; set FRAMING_DATA to the folder holding it"
        )
    return p
