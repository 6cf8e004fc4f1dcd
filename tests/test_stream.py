"""Streaming analysis (framing.stream): chunked runs equal the in-memory run.

The inputs are the bundled sample corpus, a copy of one of its files under the same name
in a sub-folder (so the loader must rename its doc id and flag it as a duplicate of a
document read chunks earlier) and a corrupt file (which must be reported, not lost).
"""

from __future__ import annotations

import hashlib
import json
import shutil
import warnings
from pathlib import Path

import pandas as pd
import pytest

import framing
from framing.analysis import TABLES
from framing.corpus import LoaderWarning, sample_corpus_files
from framing.stream import analyze_to_dir, load_analysis, read_table

# Every table, the per-document speakers included (they are in reading order, so the
# chunking cannot change their order).
TABLE_PARAMS = list(TABLES)


def corpus_inputs(root: Path) -> list[Path]:
    """Sample corpus files, a same-named copy of one of them, and a corrupt file."""
    files = sample_corpus_files()
    copy = root / "copies" / "leeds-hospital-strike.txt"
    copy.parent.mkdir(parents=True)
    shutil.copyfile(next(f for f in files if f.name == copy.name), copy)
    corrupt = root / "broken.txt"
    corrupt.write_bytes(b"PK\x03\x04\x00\x00binary garbage\x00\x01\x02" * 20)
    return [*files, copy, corrupt]


@pytest.fixture(scope="module")
def runs(tmp_path_factory):
    """The in-memory run written as CSV and Parquet, and two streamed runs."""
    root = tmp_path_factory.mktemp("stream")
    inputs = corpus_inputs(root / "in")
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", LoaderWarning)
        analysis = framing.analyze(inputs)
        analysis.to_dir(root / "mem_csv", format="csv")
        analysis.to_dir(root / "mem_parquet", format="parquet")
        csv = analyze_to_dir(inputs, root / "stream_csv", format="csv", chunk_size=2)
        parquet = analyze_to_dir(inputs, root / "stream_parquet", format="parquet", chunk_size=3)
    return {
        "root": root,
        "inputs": inputs,
        "analysis": analysis,
        "csv": csv,
        "parquet": parquet,
        "warnings": [str(w.message) for w in caught if issubclass(w.category, LoaderWarning)],
    }


@pytest.mark.parametrize("table", TABLE_PARAMS)
def test_streamed_csv_is_byte_identical_to_in_memory(runs, table):
    mem = (runs["root"] / "mem_csv" / f"{table}.csv").read_bytes()
    streamed = (runs["root"] / "stream_csv" / f"{table}.csv").read_bytes()
    assert mem.count(b"\n") > 1  # a header and rows
    assert streamed == mem


@pytest.mark.parametrize("table", TABLE_PARAMS)
def test_streamed_parquet_equals_in_memory(runs, table):
    mem = read_table(runs["root"] / "mem_parquet" / f"{table}.parquet")
    streamed = read_table(runs["root"] / "stream_parquet" / f"{table}.parquet")
    assert len(mem) > 0
    pd.testing.assert_frame_equal(streamed, mem)


def test_speakers_rows_equal_whatever_the_order(runs):
    key = ["doc_id", "speaker_id"]
    mem = read_table(runs["root"] / "mem_parquet" / "speakers.parquet")
    streamed = read_table(runs["root"] / "stream_parquet" / "speakers.parquet")
    assert len(mem) > 10
    pd.testing.assert_frame_equal(
        streamed.sort_values(key).reset_index(drop=True),
        mem.sort_values(key).reset_index(drop=True),
    )


def test_counts_and_tables_read_back(runs):
    a = runs["analysis"]
    for result in (runs["csv"], runs["parquet"]):
        for name in TABLES:
            assert result.counts[name] == len(getattr(a, name)), name
        back = load_analysis(result.path)
        assert back.frame_keys == a.frame_keys
        assert [list(v) for v in back.paragraphs["frames"]] == a.paragraphs["frames"].tolist()
        assert len(back.paragraphs) == len(a.paragraphs)


def test_duplicate_across_chunks_is_renamed_and_flagged(runs):
    docs = runs["csv"].table("documents").set_index("doc_id")
    assert docs.loc["leeds-hospital-strike-2", "duplicate_of"] == "leeds-hospital-strike"
    assert pd.isna(docs.loc["leeds-hospital-strike", "duplicate_of"])
    assert docs["duplicate_of"].notna().sum() == 1
    # the copy's paragraphs are analysed like the original's (speaker ids name the doc)
    ids = ["doc_id", "speaker_ids"]
    p = runs["parquet"].table("paragraphs")
    a = p[p["doc_id"] == "leeds-hospital-strike"].drop(columns=ids).reset_index(drop=True)
    b = p[p["doc_id"] == "leeds-hospital-strike-2"].drop(columns=ids).reset_index(drop=True)
    assert len(a) > 3
    pd.testing.assert_frame_equal(a, b)


def test_corrupt_input_is_reported_not_lost(runs):
    broken = str(runs["inputs"][-1])
    for result in (runs["csv"], runs["parquet"]):
        assert [p["source"] for p in result.problems] == [broken]
        assert result.problems[0]["status"] == "skipped"
        report = result.table("report")
        assert len(report) == len(runs["inputs"]) + 2  # the JSONL file holds 3 documents
        row = report[report["source"] == broken].iloc[0]
        assert row["status"] == "skipped" and "binary" in row["reason"]
        assert "broken.txt" in result.summary()
    assert any("broken.txt" in w for w in runs["warnings"])
    # every other input was analysed
    docs = runs["parquet"].table("documents")
    assert len(docs) == len(runs["inputs"]) + 1


def _sha256(path: Path) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def test_run_json_records_versions_models_and_inputs(runs):
    for result in (runs["csv"], runs["parquet"]):
        run = json.loads((result.path / "run.json").read_text(encoding="utf-8"))
        assert run["streamed"] is True
        assert run["parameters"]["chunk_size"] in (2, 3)
        for pkg in ("framing", "pandas", "scikit-learn", "pyarrow"):
            assert run["versions"][pkg], pkg
        for kind in ("tone", "frames"):
            model = run["models"][kind]
            assert Path(model["path"]).is_file()
            assert model["sha256"] == _sha256(model["path"])
        inputs = {i["path"]: i["sha256"] for i in run["inputs"]}
        assert set(inputs) == {str(p) for p in runs["inputs"]}
        for path, sha in inputs.items():
            assert sha == _sha256(path)
        assert run["tables"]["paragraphs"] == f"paragraphs.{result.format}"
        assert run["counts"]["paragraphs"] == len(runs["analysis"].paragraphs)


def test_chunk_size_must_be_positive(tmp_path):
    with pytest.raises(ValueError, match="chunk_size"):
        analyze_to_dir(sample_corpus_files(), tmp_path, chunk_size=0)
