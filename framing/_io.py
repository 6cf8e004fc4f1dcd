"""Writing result tables: stdout as JSON Lines or CSV, files as CSV or Parquet."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import IO

import numpy as np
import pandas as pd

__all__ = ["write_table", "to_plain"]


def _jsonable(v: object) -> object:
    if isinstance(v, np.ndarray):
        return [_jsonable(x) for x in v.tolist()]
    if isinstance(v, (list, tuple)):
        return [_jsonable(x) for x in v]
    if isinstance(v, dict):
        return {str(k): _jsonable(x) for k, x in v.items()}
    if isinstance(v, pd.Timestamp):
        return None if pd.isna(v) else v.isoformat()
    if isinstance(v, np.integer):
        return int(v)
    if isinstance(v, np.floating):
        return None if np.isnan(v) else float(v)
    if isinstance(v, np.bool_):
        return bool(v)
    if v is None or (isinstance(v, float) and np.isnan(v)) or v is pd.NA or v is pd.NaT:
        return None
    return v


def to_plain(df: pd.DataFrame) -> pd.DataFrame:
    """A copy with list cells as JSON strings and timestamps as ISO 8601 (for CSV)."""
    out = df.copy()
    for c in out.columns:
        col = out[c]
        if (
            col.dtype == object
            and col.map(lambda v: isinstance(v, (list, tuple, dict, np.ndarray))).any()
        ):
            out[c] = col.map(lambda v: json.dumps(_jsonable(v), ensure_ascii=False))
        elif isinstance(col.dtype, pd.DatetimeTZDtype):
            out[c] = col.map(lambda v: None if pd.isna(v) else v.isoformat())
    return out


def write_table(df: pd.DataFrame, fmt: str = "jsonl", out: IO[str] | Path | None = None) -> None:
    """Write a table as ``jsonl`` or ``csv`` to a stream (stdout by default) or a path,
    or as ``parquet`` to a path."""
    if fmt == "parquet":
        if not isinstance(out, Path):
            raise ValueError("parquet output needs a file path")
        df.to_parquet(out, index=False)
        return
    stream = (
        open(out, "w", encoding="utf-8", newline="")  # noqa: SIM115 - closed below
        if isinstance(out, Path)
        else (out or sys.stdout)
    )
    try:
        if fmt == "jsonl":
            cols = list(df.columns)
            for row in df.itertuples(index=False, name=None):
                rec = {c: _jsonable(v) for c, v in zip(cols, row)}
                stream.write(json.dumps(rec, ensure_ascii=False) + "\n")
        elif fmt == "csv":
            to_plain(df).to_csv(stream, index=False, lineterminator="\n")
        else:
            raise ValueError(f"unknown format {fmt!r}: use jsonl, csv or parquet")
    finally:
        if isinstance(out, Path):
            stream.close()
