"""Property tests: arbitrary text and bytes never crash the loader, and never lose a
document without a report row."""

from __future__ import annotations

import warnings

import pandas as pd
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from framing._textpage import parse_text_page
from framing.corpus import LoaderWarning, load_corpus

# text with the furniture of news pages mixed in, so the cleaner's rules are exercised
_LINES = st.sampled_from(
    [
        "Skip to main content",
        "Tags: a | b | c",
        "© 2024 Example Media, Inc.",
        "Sign up for our newsletter",
        "Monday, 06 December 2021 12:50 PM EST",
        "Earlier story:",
        "“Quoted,” she said.",
        "The minister said the talks would resume on Tuesday in Geneva.",
        "...",
        "",
        "\u00a0",
        "a, b, c",
    ]
)
_TEXT = st.lists(st.one_of(_LINES, st.text(max_size=120)), max_size=30).map("\n".join)
_SETTINGS = settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


@_SETTINGS
@given(raw=_TEXT)
def test_text_page_never_crashes_and_offsets_hold(raw):
    page = parse_text_page(raw)
    for u in page.paragraphs:
        assert raw[u.start : u.end] == u.text
        assert u.text.strip()


@_SETTINGS
@given(
    files=st.lists(
        st.one_of(st.binary(max_size=300), _TEXT.map(lambda s: s.encode())), min_size=1, max_size=4
    )
)
def test_files_in_equal_documents_out_plus_reported(tmp_path_factory, files):
    d = tmp_path_factory.mktemp("c")
    for i, data in enumerate(files):
        (d / f"doc{i}.txt").write_bytes(data)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", LoaderWarning)
        c = load_corpus(d)
    assert len(c.report) == len(files)
    ok = c.report[c.report["status"] == "ok"]
    assert sorted(ok["doc_id"]) == sorted(c.documents["doc_id"])
    assert set(c.report["status"]) <= {"ok", "empty", "skipped", "error"}
    p = c.paragraphs
    for did, s, e, t in zip(p["doc_id"], p["start"], p["end"], p["text"]):
        assert c.raw[did][s:e] == t


@_SETTINGS
@given(bodies=st.lists(st.one_of(st.none(), st.text(max_size=200)), min_size=1, max_size=6))
def test_rows_in_equal_documents_out_plus_reported(bodies):
    df = pd.DataFrame({"text": bodies})
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", LoaderWarning)
        c = load_corpus(df)
    assert len(c.report) == len(bodies)
    assert (c.report["status"] == "ok").sum() == len(c.documents)
