"""Dask scale-out (framing.scale): results equal the single-process run.

One local cluster on loopback (two worker processes, one thread each) serves the module.
"""

from __future__ import annotations

import json
import random
import shutil
import warnings

import pandas as pd
import pytest

import framing
from framing.analysis import TABLES
from framing.corpus import LoaderWarning, duplicate_flags, sample_corpus_files
from framing.stream import analyze_to_dir, read_table

distributed = pytest.importorskip("distributed")
dask = pytest.importorskip("dask")
dd = pytest.importorskip("dask.dataframe")

from framing.scale import (  # noqa: E402
    DuplicateTracker,
    analyze_dask,
    analyze_dask_to_dir,
    dask_corpus_tables,
)

PER_DOCUMENT = ["documents", "paragraphs", "quotes", "speakers", "report"]


@pytest.fixture(scope="module")
def client():
    with (
        distributed.LocalCluster(
            n_workers=2,
            threads_per_worker=1,
            processes=True,
            host="127.0.0.1",
            dashboard_address=":0",  # any free port: 8787 may be taken
        ) as cluster,
        distributed.Client(cluster) as c,
    ):
        yield c


@pytest.fixture(scope="module")
def inputs(tmp_path_factory):
    """The sample corpus, a same-named copy of one file (renamed id, duplicate flag) and
    a corrupt file (reported, not lost)."""
    root = tmp_path_factory.mktemp("scale_in")
    files = sample_corpus_files()
    copy = root / "copies" / "eu-us-steel-tariff-talks.txt"
    copy.parent.mkdir()
    shutil.copyfile(next(f for f in files if f.name == copy.name), copy)
    corrupt = root / "broken.jsonl"
    corrupt.write_text('{"text": "fine"\nnot json at all\n', encoding="utf-8")
    return [*files, copy, corrupt]


def _run(fn, *args, **kwargs):
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", LoaderWarning)
        result = fn(*args, **kwargs)
    return result, [str(w.message) for w in caught if issubclass(w.category, LoaderWarning)]


@pytest.fixture(scope="module")
def csv_runs(client, inputs, tmp_path_factory):
    root = tmp_path_factory.mktemp("scale_csv")
    single = _run(analyze_to_dir, inputs, root / "single", format="csv", chunk_size=3)
    on_dask = _run(
        analyze_dask_to_dir,
        inputs,
        root / "dask",
        format="csv",
        scheduler=client.scheduler.address,
        chunk_size=3,
    )
    return single, on_dask


@pytest.mark.parametrize("table", TABLES)
def test_dask_csv_tables_are_byte_identical_to_single_process(csv_runs, table):
    (single, _), (on_dask, _) = csv_runs
    a = (single.path / f"{table}.csv").read_bytes()
    b = (on_dask.path / f"{table}.csv").read_bytes()
    assert a.count(b"\n") > 1
    assert b == a


def test_dask_ids_duplicates_and_problems(csv_runs, inputs):
    (single, single_warnings), (on_dask, dask_warnings) = csv_runs
    docs = on_dask.table("documents").set_index("doc_id")
    # the copy was read in a later batch than the original, on another task
    assert docs.loc["eu-us-steel-tariff-talks-2", "duplicate_of"] == "eu-us-steel-tariff-talks"
    assert docs["duplicate_of"].notna().sum() == 1
    broken = str(inputs[-1])
    assert {p["source"] for p in on_dask.problems} == {f"{broken}:1", f"{broken}:2"}
    assert on_dask.problems == single.problems
    # the two broken lines, and the copy's renamed id
    assert dask_warnings == single_warnings and len(dask_warnings) == 3
    assert "doc id 'eu-us-steel-tariff-talks' already taken" in " ".join(dask_warnings)
    assert on_dask.counts == single.counts
    run = json.loads((on_dask.path / "run.json").read_text(encoding="utf-8"))
    assert run["engine"]["name"] == "dask" and run["engine"]["threads"] == 2
    assert run["parameters"]["load"]["dayfirst"] == "False"  # recorded as on one process
    assert {i["path"] for i in run["inputs"]} == {str(p) for p in inputs}
    assert run["models"]["tone"]["sha256"]


def test_dask_parquet_equals_single_process(client, inputs, tmp_path):
    single, _ = _run(analyze_to_dir, inputs, tmp_path / "single", chunk_size=4)
    on_dask, _ = _run(
        analyze_dask_to_dir, inputs, tmp_path / "dask", scheduler=client, chunk_size=4
    )
    assert client.status == "running"  # a Client passed in is not closed
    for table in TABLES:
        a = read_table(single.path / f"{table}.parquet")
        b = read_table(on_dask.path / f"{table}.parquet")
        assert len(a) > 0, table
        pd.testing.assert_frame_equal(b, a)


def test_duplicate_tracker_equals_duplicate_flags():
    rng = random.Random(7)
    bodies = [f"body {rng.randint(0, 30)}" for _ in range(300)]
    ids = [f"d{i}" for i in range(len(bodies))]
    from framing.corpus import body_digest

    tracker = DuplicateTracker()
    got: dict = {}
    for start in range(0, len(ids), 37):  # batches of uneven size
        batch = [(i, body_digest(b)) for i, b in zip(ids[start : start + 37], bodies[start:])]
        got.update(tracker.flags(batch))
    expected = duplicate_flags(ids, bodies)
    assert [got[i] for i in ids] == expected
    assert sum(f is not None for f in expected) > 200


@pytest.fixture(scope="module")
def articles():
    """The sample corpus as a table of articles, plus a second document under an id that
    is already taken and with the same body as an earlier one."""
    docs = framing.load_sample_corpus().documents
    cols = ["doc_id", "text", "title", "published", "outlet", "agency", "tags"]
    df = docs[cols].reset_index(drop=True)
    extra = df.iloc[[3]].assign(title="Copied")
    return pd.concat([df, extra], ignore_index=True)


def _from_pandas(df: pd.DataFrame, n: int):
    # keep list cells (tags) as lists: dask would turn object columns into strings
    with dask.config.set({"dataframe.convert-string": False}):
        return dd.from_pandas(df, npartitions=n, sort=False)


def _compare(tables, reference, client):
    computed = dict(zip(tables, dask.compute(*tables.values())))
    assert set(computed) == set(PER_DOCUMENT)
    for name in PER_DOCUMENT:
        got = computed[name].reset_index(drop=True)
        want = getattr(reference, name)
        assert len(want) > 0, name
        assert list(tables[name].columns) == list(want.columns), name
        pd.testing.assert_frame_equal(got, want, check_dtype=False, obj=name)
    wide = dask_corpus_tables(tables, client=client)
    for name, df in wide.items():
        pd.testing.assert_frame_equal(df, getattr(reference, name), obj=name)
    return computed


def test_analyze_dask_dataframe_equals_analyze(client, articles):
    ddf = _from_pandas(articles, 3)
    tables = analyze_dask(ddf, client=client, chunk_size=2)
    with pytest.warns(LoaderWarning, match="already taken, renamed"):
        reference = framing.analyze(articles)
    computed = _compare(tables, reference, client)
    docs = computed["documents"].set_index("doc_id")
    taken = articles["doc_id"].iloc[3]
    assert docs.loc[f"{taken}-2", "duplicate_of"] == taken
    assert docs.loc[f"{taken}-2", "title"] == "Copied"


def test_analyze_dask_numbers_rows_across_partitions(client, articles):
    df = articles.drop(columns="doc_id")
    df.loc[5, "text"] = "   "  # an empty row: reported, and numbered like load_corpus does
    tables = analyze_dask(_from_pandas(df, 4), client=client)
    with pytest.warns(LoaderWarning, match="empty text"):
        reference = framing.analyze(df)
    computed = _compare(tables, reference, client)
    assert computed["documents"]["doc_id"].tolist()[:6] == [
        "row-0",
        "row-1",
        "row-2",
        "row-3",
        "row-4",
        "row-6",
    ]
    assert computed["report"]["status"].tolist().count("empty") == 1


def test_analyze_dask_paths_equals_analyze(client, inputs):
    tables = analyze_dask(inputs[:-1], client=client, chunk_size=4)
    with pytest.warns(LoaderWarning, match="already taken, renamed"):
        reference = framing.analyze(inputs[:-1])
    _compare(tables, reference, client)


def test_bad_arguments(tmp_path):
    with pytest.raises(TypeError, match="analyze_dask"):
        analyze_dask_to_dir(pd.DataFrame({"text": ["x"]}), tmp_path)
    with pytest.raises(ValueError, match="format"):
        analyze_dask_to_dir(sample_corpus_files(), tmp_path, format="xlsx")
    with pytest.raises(TypeError, match="dask DataFrame"):
        analyze_dask(pd.DataFrame({"text": ["x"]}))


def test_corpus_speakers_split_over_workers_equal_one_table(client, inputs, tmp_path, monkeypatch):
    import framing.scale as scale

    monkeypatch.setattr(scale, "MIN_QUOTES_TO_SPLIT", 0)
    single, _ = _run(analyze_to_dir, inputs, tmp_path / "single", format="csv")
    on_dask, _ = _run(
        analyze_dask_to_dir, inputs, tmp_path / "dask", format="csv", scheduler=client
    )
    quotes = on_dask.table("quotes")
    parts = scale._speaker_buckets(quotes, 2)
    assert min(len(p) for p in parts) > 20  # both workers had speakers to aggregate
    for table in ("corpus_speakers", "outlets", "months"):
        a = (single.path / f"{table}.csv").read_bytes()
        assert (on_dask.path / f"{table}.csv").read_bytes() == a, table


def test_dask_run_uses_an_own_speaker_scheme(client, tmp_path):
    """The scheme reaches the workers: the same categories as the local run."""
    scheme = tmp_path / "mine.yaml"
    scheme.write_text(
        "name: mine\ncategories:\n  - key: state\n    terms: [minister, official, officials]\n",
        encoding="utf-8",
    )
    files = sample_corpus_files()[:4]
    local = analyze_to_dir(files, tmp_path / "local", format="csv", speaker_categories=scheme)
    remote = analyze_dask_to_dir(
        files, tmp_path / "dask", format="csv", scheduler=client, speaker_categories=scheme
    )
    a = read_table(local.path / "quotes.csv")["speaker_category"].tolist()
    b = read_table(remote.path / "quotes.csv")["speaker_category"].tolist()
    assert a == b and set(a) == {"state", "unclear"}
    run = json.loads((remote.path / "run.json").read_text(encoding="utf-8"))
    assert run["parameters"]["speaker_categories"]["source"] == "mine.yaml"
