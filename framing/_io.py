"""Writing result tables: stdout as JSON Lines or CSV, files as CSV or Parquet."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import IO, Any

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


LIST_COLUMNS = frozenset(
    {"tags", "frames", "speaker_ids", "speaker_names", "aliases", "doc_ids", "mentions"}
)


def _cell(v: object) -> object:
    if isinstance(v, (list, tuple, dict, np.ndarray)):
        return json.dumps(_jsonable(v), ensure_ascii=False)
    return v


def to_plain(df: pd.DataFrame) -> pd.DataFrame:
    """A copy with list cells as JSON strings and timestamps as ISO 8601 (for CSV).

    Cells are converted one by one, so a chunk of a table converts exactly as the same
    rows do inside the whole table."""
    out = df.copy()
    for c in out.columns:
        col = out[c]
        if col.dtype == object:
            out[c] = col.map(_cell)
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


def arrow_table(df: pd.DataFrame):
    """The table as Arrow with a schema that does not depend on the values present:
    list cells become ``list<string>``, other object cells ``string``, so that chunks of
    one table written at different times share one schema."""
    import pyarrow as pa

    fields = []
    arrays = []
    for c in df.columns:
        col = df[c]
        if isinstance(col.dtype, pd.CategoricalDtype):
            col = col.astype(object)
        if col.dtype == object or pd.api.types.is_string_dtype(col.dtype):
            values = col.tolist()
            is_list = c in LIST_COLUMNS or any(
                isinstance(v, (list, tuple, np.ndarray)) for v in values
            )
            if is_list:
                typ = pa.list_(pa.string())
                data = [
                    [str(x) for x in v] if isinstance(v, (list, tuple, np.ndarray)) else None
                    for v in values
                ]
            else:
                typ = pa.string()
                data = [
                    None if (v is None or (isinstance(v, float) and np.isnan(v))) else str(v)
                    for v in values
                ]
            arrays.append(pa.array(data, type=typ))
        elif isinstance(col.dtype, pd.DatetimeTZDtype):
            typ = pa.timestamp("ns", tz="UTC")
            arrays.append(pa.array(col.dt.tz_convert("UTC"), type=typ))
        elif pd.api.types.is_bool_dtype(col.dtype):
            typ = pa.bool_()
            arrays.append(pa.array(col, type=typ))
        elif pd.api.types.is_integer_dtype(col.dtype):
            typ = pa.int64()
            arrays.append(pa.array(col.astype("Int64"), type=typ))
        else:
            typ = pa.float64()
            arrays.append(pa.array(col.astype(float), type=typ))
        fields.append(pa.field(str(c), typ))
    return pa.Table.from_arrays(arrays, schema=pa.schema(fields))


class TableWriter:
    """Append chunks of one table to a CSV or Parquet file, header/schema written once.

    The same rows written in one piece or in chunks give the same file contents.
    """

    def __init__(self, path: Path, fmt: str):
        if fmt not in ("csv", "parquet"):
            raise ValueError(f"format must be 'csv' or 'parquet', not {fmt!r}")
        self.path = Path(path)
        self.fmt = fmt
        self._writer = None
        self._columns: list[str] | None = None
        self._rows = 0

    def write(self, df: Any) -> None:
        """Append a DataFrame (or, for Parquet, a table already made by :func:`arrow_table`)."""
        is_arrow = not isinstance(df, pd.DataFrame)
        if is_arrow and self.fmt != "parquet":
            raise TypeError(f"{self.path.name}: Arrow tables can only be written to Parquet")
        columns = list(df.column_names) if is_arrow else list(df.columns)
        if self._columns is None:
            self._columns = columns
        elif columns != self._columns:
            raise ValueError(f"{self.path.name}: chunk columns differ from the first chunk's")
        if self.fmt == "csv":
            mode = "w" if self._rows == 0 and self._writer is None else "a"
            with open(self.path, mode, encoding="utf-8", newline="") as f:
                to_plain(df).to_csv(f, index=False, header=(mode == "w"), lineterminator="\n")
            self._writer = True
        else:
            import pyarrow.parquet as pq

            table = df if is_arrow else arrow_table(df)
            if self._writer is None:
                self._writer = pq.ParquetWriter(self.path, table.schema)
            self._writer.write_table(table.cast(self._writer.schema))
        self._rows += len(df)

    def close(self) -> None:
        if self.fmt == "parquet" and self._writer is not None:
            self._writer.close()
        self._writer = None if self.fmt == "parquet" else self._writer
