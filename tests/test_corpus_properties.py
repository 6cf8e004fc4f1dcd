"""Property tests: arbitrary text and bytes never crash the loader, and never lose a
document without a report row."""

from __future__ import annotations

import warnings

import pandas as pd
import pytest
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


_CELL = st.text(alphabet=st.sampled_from('ab ,;"\t\n\r\u00e9'), max_size=12)


@st.composite
def _csv_files(draw):
    """A CSV or TSV file and what a spreadsheet shows: (content, separator, the row
    number of every data row that is not blank)."""
    sep = draw(st.sampled_from([",", "\t"]))
    blank = st.sampled_from(["", "  ", "\t", " \t "] if sep == "," else ["", "  "])
    newline = draw(st.sampled_from(["\n", "\r\n"]))

    def cell(value: str, quote: bool) -> str:
        if quote or any(ch in value for ch in (sep, '"', "\n", "\r")) or value != value.strip():
            return '"' + value.replace('"', '""') + '"'
        return value

    lines = [draw(blank) for _ in range(draw(st.integers(0, 2)))] + [f"title{sep}text"]
    rows = []
    for _ in range(draw(st.integers(0, 8))):
        if draw(st.booleans()):
            lines.append(draw(blank))
        title, text = draw(_CELL), draw(_CELL)
        lines.append(cell(title, draw(st.booleans())) + sep + cell(text, draw(st.booleans())))
        rows.append(len(lines))
    content = newline.join(lines) + (newline if draw(st.booleans()) else "")
    return content, sep, rows


@_SETTINGS
@given(f=_csv_files())
def test_csv_rows_are_named_as_a_spreadsheet_shows_them(tmp_path_factory, f):
    """Every data row of a CSV is reported once, under the row a spreadsheet shows it on
    (blank lines and lines of spaces counted, a multi-line cell one row) and the doc id
    of its place among the data rows; the large-file path, reading in chunks, agrees."""
    content, sep, rows = f
    path = tmp_path_factory.mktemp("c") / ("t.csv" if sep == "," else "t.tsv")
    path.write_bytes(content.encode("utf-8"))
    expected = [[f"{path}:row {n}", f"t-{k}"] for k, n in enumerate(rows)]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", LoaderWarning)
        small = load_corpus(path)
        with pytest.MonkeyPatch.context() as mp:
            mp.setattr("framing.corpus._SMALL_FILE", 0)
            mp.setattr("framing.corpus._CHUNK_ROWS", 2)
            chunked = load_corpus(path)
    assert chunked.report.values.tolist() == small.report.values.tolist()
    if rows:  # (a file with a header only is reported as the file)
        assert small.report[["source", "doc_id"]].values.tolist() == expected
