"""The loader: golden tests on the seed page and the sample corpus, formats, bad input."""

from __future__ import annotations

import json
import warnings

import numpy as np
import pandas as pd
import pytest
from conftest import GOLDEN

from framing.corpus import (
    DOCUMENT_COLUMNS,
    PARAGRAPH_COLUMNS,
    REPORT_COLUMNS,
    LoaderError,
    LoaderWarning,
    iter_corpus,
    load_corpus,
)


def _offsets_hold(corpus) -> None:
    p = corpus.paragraphs
    for d, s, e, t in zip(p["doc_id"], p["start"], p["end"], p["text"]):
        assert corpus.raw[d][s:e] == t


# --- the seed page ----------------------------------------------------------------------


def test_seed_golden_paragraphs(seed_corpus):
    """Exactly the body paragraphs, in order, none of the boilerplate."""
    golden = json.loads((GOLDEN / "seed_expected.json").read_text(encoding="utf-8"))
    p = seed_corpus.paragraphs
    assert p["text"].tolist() == golden["paragraphs"]
    assert p["para_id"].tolist() == list(range(len(golden["paragraphs"])))
    sections = [None if pd.isna(s) else s for s in p["section"]]
    assert sections == golden["sections"]
    _offsets_hold(seed_corpus)


def test_seed_golden_metadata(seed_corpus):
    golden = json.loads((GOLDEN / "seed_expected.json").read_text(encoding="utf-8"))
    doc = seed_corpus.documents.iloc[0]
    assert doc["doc_id"] == golden["doc_id"]
    assert doc["title"] == golden["title"]
    assert doc["published"].tzinfo is not None
    assert doc["published"] == pd.Timestamp(golden["published"])
    assert doc["tags"] == golden["tags"]
    assert doc["agency"] == golden["agency"]
    assert doc["outlet"] == golden["outlet"]
    assert doc["status"] == "ok"


def test_seed_no_boilerplate(seed_corpus):
    text = "\n".join(seed_corpus.paragraphs["text"])
    for junk in (
        "Skip to main content",
        "Newsletter",
        "Privacy",
        "All rights reserved",
        "NewsmaxTV App",
        "Community Guidelines",
        "Tags:",
        "Earlier story:",
        "described...",
    ):
        assert junk.lower() not in text.lower(), junk


def test_tables_have_documented_columns(seed_corpus):
    assert seed_corpus.documents.columns.tolist() == DOCUMENT_COLUMNS
    assert seed_corpus.paragraphs.columns.tolist() == PARAGRAPH_COLUMNS
    assert seed_corpus.report.columns.tolist() == REPORT_COLUMNS


def test_cli_load_prints_only_body(seed_files, capsys):
    from framing.cli import main

    assert main(["load", *map(str, seed_files), "--table", "paragraphs", "--format", "jsonl"]) == 0
    rows = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    golden = json.loads((GOLDEN / "seed_expected.json").read_text(encoding="utf-8"))
    assert [r["text"] for r in rows] == golden["paragraphs"]


def test_cli_load_csv_documents(seed_files, capsys):
    from framing.cli import main

    assert main(["load", *map(str, seed_files), "--table", "documents", "--format", "csv"]) == 0
    df = pd.read_csv(pd.io.common.StringIO(capsys.readouterr().out))
    assert df.loc[0, "agency"] == "Reuters"
    assert json.loads(df.loc[0, "tags"]) == ["putin", "biden", "talks", "ukraine", "russia"]


# --- other formats ------------------------------------------------------------------------


def test_dataframe_input_and_column_mapping():
    df = pd.DataFrame(
        {
            "story": ["One.\n\nTwo.", "Three."],
            "when": ["2024-02-01T10:00:00+01:00", None],
            "key": ["x", "y"],
        }
    )
    c = load_corpus(df, columns={"text": "story", "published": "when", "doc_id": "key"})
    assert c.documents["doc_id"].tolist() == ["x", "y"]
    assert c.documents.loc[0, "published"] == pd.Timestamp("2024-02-01T09:00:00Z")
    assert pd.isna(c.documents.loc[1, "published"])
    assert c.paragraphs["text"].tolist() == ["One.", "Two.", "Three."]
    _offsets_hold(c)


def test_jsonl_with_malformed_line(tmp_path):
    f = tmp_path / "feed.jsonl"
    f.write_text(
        json.dumps({"id": "a", "body": "Alpha para.\n\nBeta para.", "outlet": "Wire"})
        + "\n"
        + "{not json\n"
        + json.dumps({"id": "b", "body": "Gamma."})
        + "\n",
        encoding="utf-8",
    )
    with pytest.warns(LoaderWarning, match=r"feed.jsonl:2"):
        c = load_corpus(f)
    assert c.documents["doc_id"].tolist() == ["a", "b"]
    bad = c.report[c.report["status"] != "ok"]
    assert len(bad) == 1 and bad.iloc[0]["source"].endswith("feed.jsonl:2")
    assert "malformed JSON line 2" in bad.iloc[0]["reason"]
    assert len(c.report) == 3  # documents in = documents out + reported


def test_missing_text_column_is_reported(tmp_path):
    f = tmp_path / "t.csv"
    f.write_text("headline,when\nA,2020-01-01\n", encoding="utf-8")
    with pytest.warns(LoaderWarning, match="missing column"):
        c = load_corpus(f)
    assert len(c.documents) == 0
    assert c.report.iloc[0]["status"] == "error"
    assert "t.csv" in c.report.iloc[0]["source"]


def test_tabular_cells_that_say_no_text_or_odd_ids_and_dates_are_reported(tmp_path):
    f = tmp_path / "export.csv"
    f.write_text(
        "id,text,date\n"
        "1,Talks collapsed amid bitter recriminations.,2023-01-01\n"
        "2,N/A,2023-01-02\n"
        "3,null,2023-01-03\n"
        "1,The budget passed after a long debate.,not a date\n"
        ",A row without an id.,1672704000\n",
        encoding="utf-8",
    )
    g = tmp_path / "feed.jsonl"
    g.write_text(
        json.dumps({"id": 7.0, "text": 12345, "date": 1672704000})
        + "\n"
        + json.dumps({"id": 8, "text": "Markets rallied.", "date": 1672704000123})
        + "\n",
        encoding="utf-8",
    )
    with pytest.warns(LoaderWarning):
        c = load_corpus([f, g])
    r = c.report.assign(source=c.report["source"].str.rsplit("/", n=1).str[-1])
    assert r[["source", "doc_id", "status"]].values.tolist() == [
        ["export.csv:row 1", "1", "ok"],
        ["export.csv:row 2", "2", "empty"],
        ["export.csv:row 3", "3", "empty"],
        ["export.csv:row 4", "1-2", "ok"],
        ["export.csv:row 5", "export-4", "ok"],
        ["feed.jsonl:1", "7", "empty"],
        ["feed.jsonl:2", "8", "ok"],
    ]
    reasons = r["reason"].tolist()
    assert reasons[1] == "no text: 'N/A' in column 'text'"
    assert reasons[3] == (
        "doc id '1' already taken, renamed '1-2'; "
        "date 'not a date' not understood, published left empty"
    )
    assert reasons[5] == "no text: column 'text' is of type int, not a string"
    assert reasons[0] == reasons[4] == reasons[6] == ""
    # Unix times (seconds; milliseconds when too large for seconds) are dates
    published = c.documents.set_index("doc_id")["published"]
    assert str(published["export-4"]) == "2023-01-03 00:00:00+00:00"
    assert str(published["8"]) == "2023-01-03 00:00:00.123000+00:00"


def test_slash_dates_read_in_the_order_asked_and_contrary_ones_noted(tmp_path, capsys):
    f = tmp_path / "eu.csv"
    f.write_text(
        "id,text,date\n"
        "a,Talks resumed in Brussels.,03/04/2021\n"
        "b,Ministers met again.,13/04/2021\n"
        "c,A deal was struck.,2021-04-20\n",
        encoding="utf-8",
    )
    # month first by default: 'b' can only be day first, and says so
    with pytest.warns(LoaderWarning, match="can only be day first"):
        us = load_corpus(f)
    dates = us.documents.set_index("doc_id")["published"].dt.strftime("%Y-%m-%d")
    assert dates.to_dict() == {"a": "2021-03-04", "b": "2021-04-13", "c": "2021-04-20"}
    reasons = us.report.set_index("doc_id")["reason"]
    assert "--dayfirst" in reasons["b"] and reasons["a"] == reasons["c"] == ""
    # dayfirst: all three read as the file means them, nothing to note
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        eu = load_corpus(f, dayfirst=True)
    dates = eu.documents.set_index("doc_id")["published"].dt.strftime("%Y-%m-%d")
    assert dates.to_dict() == {"a": "2021-04-03", "b": "2021-04-13", "c": "2021-04-20"}
    assert (eu.report["reason"] == "").all()
    # the streaming loader and the command line take the same option
    chunks = list(iter_corpus(f, chunk_size=1, dayfirst=True, errors="ignore"))
    assert [str(ch.documents["published"].iloc[0].date()) for ch in chunks] == [
        "2021-04-03",
        "2021-04-13",
        "2021-04-20",
    ]
    from framing.cli import main

    assert main(["load", str(f), "--dayfirst", "--table", "documents", "--format", "csv"]) == 0
    out = pd.read_csv(pd.io.common.StringIO(capsys.readouterr().out))
    assert out["published"].str[:10].tolist() == ["2021-04-03", "2021-04-13", "2021-04-20"]
    # a text page's date line too
    page = tmp_path / "page.txt"
    page.write_text(
        "Talks resume\n\n03/04/2021\n\n"
        "Negotiators returned to the table on Saturday after a week of silence, "
        "officials said.\n",
        encoding="utf-8",
    )
    assert str(load_corpus(page, dayfirst=True).documents["published"].iloc[0].date()) == (
        "2021-04-03"
    )
    assert str(load_corpus(page).documents["published"].iloc[0].date()) == "2021-03-04"


def test_removed_lists_every_line_the_cleaner_took_out(seed_corpus, sample_corpus, tmp_path):
    golden = json.loads((GOLDEN / "seed_removed.json").read_text(encoding="utf-8"))["removed"]
    got = seed_corpus.removed()
    assert list(got.columns) == ["doc_id", "start", "end", "text", "kind", "reason"]
    assert got[["start", "end", "kind", "reason", "text"]].values.tolist() == golden
    # nothing lost: every non-blank character of every page is in a paragraph or removed
    for corpus in (seed_corpus, sample_corpus):
        removed = corpus.removed()
        assert corpus.pages  # (HTML pages are not listed: what they lose is markup)
        for did in corpus.pages:
            raw = corpus.raw[did]
            covered = np.zeros(len(raw), dtype=int)
            paras = corpus.paragraphs[corpus.paragraphs["doc_id"] == did]
            for s, e in zip(paras["start"], paras["end"]):
                covered[s:e] += 1
            for s, e in removed.loc[removed["doc_id"] == did, ["start", "end"]].values:
                covered[s:e] += 1
            assert covered.max() == 1  # a line is kept or removed, never both
            text_chars = np.array([not ch.isspace() for ch in raw])
            assert covered[text_chars].all(), did
    # tabular bodies lose nothing but blank lines: no rows
    f = tmp_path / "rows.csv"
    f.write_text("id,text\na,Skip to main content\n", encoding="utf-8")
    assert load_corpus(f).removed().empty


def test_json_and_parquet(tmp_path):
    arts = [
        {"id": "p1", "text": "Para one.\n\nPara two.", "title": "T"},
        {"id": "p2", "text": "Only para."},
    ]
    (tmp_path / "a.json").write_text(json.dumps({"articles": arts}), encoding="utf-8")
    pd.DataFrame(arts).to_parquet(tmp_path / "b.parquet")
    with pytest.warns(LoaderWarning, match="already taken, renamed"):
        c = load_corpus(tmp_path)
    assert sorted(c.documents["doc_id"]) == ["p1", "p1-2", "p2", "p2-2"]  # made unique
    assert c.documents["duplicate_of"].notna().sum() == 2  # exact duplicates flagged


def test_bad_files_reported_not_lost(tmp_path):
    (tmp_path / "empty.txt").write_text("", encoding="utf-8")
    (tmp_path / "bin.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00binary")
    (tmp_path / "latin.txt").write_bytes(
        "Les négociations ont échoué mardi à Genève, a déclaré le ministre.".encode("latin-1")
    )
    (tmp_path / "notes.md").write_text("# notes", encoding="utf-8")
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        c = load_corpus(tmp_path)
    status = dict(zip(c.report["source"].map(lambda s: s.rsplit("/", 1)[-1]), c.report["status"]))
    assert status == {
        "bin.txt": "skipped",
        "empty.txt": "empty",
        "latin.txt": "ok",
        "notes.md": "skipped",
    }
    assert "échoué" in c.paragraphs["text"].iloc[0]
    messages = " ".join(str(w.message) for w in caught)
    assert "empty.txt" in messages and "bin.txt" in messages and "latin.txt" in messages


def test_errors_raise(tmp_path):
    (tmp_path / "empty.txt").write_text("  \n", encoding="utf-8")
    with pytest.raises(LoaderError, match="empty.txt"):
        load_corpus(tmp_path, errors="raise")


PROSE_LIKE_BOILERPLATE = """\
Streaming price war heats up

Share on Facebook | Twitter | Email

Talks collapsed on Monday.

Netflix raised prices again on Thursday, the third increase in two years.

More than two million households subscribe to the service in the Netherlands, the company said.

X said it would appeal the fine, calling it disproportionate.

Twitter users reacted angrily to the announcement within minutes.

Residents can sign up for the lottery until Friday, the city said.

The court ruled that the photographs were protected by copyright, a rare win.

Analysts expect more increases.

"It is a disgrace," she said.

Sign up for our daily newsletter

Follow Jane Smith on Twitter

© 2023 Example Media. All rights reserved.
"""


def test_prose_that_looks_like_boilerplate_is_kept(tmp_path):
    f = tmp_path / "prices.txt"
    f.write_text(PROSE_LIKE_BOILERPLATE, encoding="utf-8")
    c = load_corpus(f)
    body = [ln for ln in PROSE_LIKE_BOILERPLATE.splitlines()[4:21] if ln]
    assert c.paragraphs["text"].tolist() == body  # every news paragraph, no furniture
    assert c.documents.loc[0, "title"] == "Streaming price war heats up"


def test_missing_path_reported():
    with pytest.warns(LoaderWarning, match="no such file"):
        c = load_corpus(["/nonexistent/x.txt"])
    assert c.report.iloc[0]["status"] == "error"


def test_empty_directory_and_empty_glob_reported(tmp_path):
    (tmp_path / "sub").mkdir()
    (tmp_path / ".hidden.txt").write_text("Not a news article.")
    with pytest.warns(LoaderWarning, match="directory has no files"):
        c = load_corpus(tmp_path)
    assert c.report[["source", "status"]].values.tolist() == [[str(tmp_path), "error"]]
    with pytest.warns(LoaderWarning, match="glob matched no files"):
        c = load_corpus(str(tmp_path / "*.html"))
    assert c.report["status"].tolist() == ["error"]


def test_errors_argument_validated():
    with pytest.raises(ValueError, match="errors must be"):
        load_corpus([], errors="loud")


# --- the bundled sample corpus (golden expectations written with the articles) -----------

_SAMPLE_GOLDEN = json.loads((GOLDEN / "corpus" / "expected.json").read_text(encoding="utf-8"))


def _collapse(s: str) -> str:
    return " ".join(s.split())


@pytest.mark.parametrize("expected", _SAMPLE_GOLDEN["documents"], ids=lambda e: e["doc_id"])
def test_sample_corpus_golden(sample_corpus, expected):
    docs = sample_corpus.documents.set_index("doc_id")
    assert expected["doc_id"] in docs.index
    doc = docs.loc[expected["doc_id"]]
    p = sample_corpus.paragraphs[sample_corpus.paragraphs["doc_id"] == expected["doc_id"]]
    assert [_collapse(t) for t in p["text"]] == [_collapse(t) for t in expected["paragraphs"]]
    sections = [None if pd.isna(s) else s for s in p["section"]]
    assert sections == expected["sections"]
    assert doc["title"] == expected["title"]
    assert doc["published"] == pd.Timestamp(expected["published"])
    assert doc["tags"] == expected["tags"]
    assert doc["outlet"] == expected["outlet"]
    assert (None if pd.isna(doc["agency"]) else doc["agency"]) == expected["agency"]


def test_sample_corpus_offsets_trace_back(sample_corpus):
    import html
    import re

    p = sample_corpus.paragraphs
    assert len(sample_corpus.documents) == len(_SAMPLE_GOLDEN["documents"])
    for row in p.itertuples():
        raw = sample_corpus.raw[row.doc_id]
        span = raw[row.start : row.end]
        if row.doc_id in {
            e["doc_id"] for e in _SAMPLE_GOLDEN["documents"] if e["format"] == "html"
        }:
            visible = _collapse(html.unescape(re.sub(r"<[^>]+>", " ", span)))
            assert visible.replace(" ", "") == row.text.replace(" ", "")
            # a span inside the paragraph maps to the markup too
            a, b = sample_corpus.to_raw_offsets(row.doc_id, row.para_id, 0, min(12, len(row.text)))
            assert _collapse(html.unescape(re.sub(r"<[^>]+>", "", raw[a:b]))).startswith(
                row.text[:5].strip()
            )
        else:
            assert span == row.text
            assert sample_corpus.to_raw_offsets(row.doc_id, row.para_id, 2, 7) == (
                row.start + 2,
                row.start + 7,
            )


def test_sample_corpus_ships_no_annotations(sample_corpus):
    assert not sample_corpus.report["source"].str.contains("annotations").any()
    assert (sample_corpus.report["status"] == "ok").all()


# --- streaming ------------------------------------------------------------------------------


def test_iter_corpus_chunks_equal_whole(tmp_path, sample_corpus):
    from framing.corpus import iter_corpus, sample_corpus_files

    files = sample_corpus_files()
    # the same article twice under another folder: ids made unique, duplicates flagged
    (tmp_path / "again").mkdir()
    (tmp_path / "again" / files[0].name).write_bytes(files[0].read_bytes())
    source = [*files, tmp_path / "again"]
    with pytest.warns(LoaderWarning, match="already taken, renamed"):
        whole = load_corpus(source)
    with pytest.warns(LoaderWarning, match="already taken, renamed"):
        chunks = list(iter_corpus(source, chunk_size=4))
    assert len(chunks) == 4
    for name in ("documents", "paragraphs", "report"):
        joined = pd.concat([getattr(c, name) for c in chunks], ignore_index=True)
        pd.testing.assert_frame_equal(joined, getattr(whole, name))
    assert whole.documents["duplicate_of"].notna().sum() == 1


def test_jsonl_not_utf8_falls_back_with_warning(tmp_path):
    f = tmp_path / "latin.jsonl"
    texts = [
        "Les négociations ont échoué mardi à Genève, a déclaré le ministre.",
        "Le gouvernement français a réagi avec prudence, évoquant une « étape difficile ».",
        "Naïve ou pas, la stratégie reste inchangée, selon les diplomates présents.",
    ]
    lines = [json.dumps({"id": str(i), "text": t}, ensure_ascii=False) for i, t in enumerate(texts)]
    f.write_bytes("\n".join(lines).encode("latin-1"))
    with pytest.warns(LoaderWarning, match="not UTF-8"):
        c = load_corpus(f)
    assert c.paragraphs["text"].tolist() == texts


def test_record_batches_give_the_same_ids(tmp_path):
    from framing.corpus import (
        build_batch,
        duplicate_flags,
        iter_record_batches,
        sample_corpus_files,
    )

    files = sample_corpus_files()
    (tmp_path / "again").mkdir()
    (tmp_path / "again" / files[0].name).write_bytes(files[0].read_bytes())
    source = [*files, tmp_path / "again"]
    with pytest.warns(LoaderWarning, match="already taken, renamed"):
        whole = load_corpus(source)
    parts = [build_batch(b) for b in iter_record_batches(source, chunk_size=5)]
    docs = pd.concat([p.documents for p in parts], ignore_index=True)
    assert docs["doc_id"].tolist() == whole.documents["doc_id"].tolist()
    flags = duplicate_flags(docs["doc_id"], docs["text"])
    assert flags == whole.documents["duplicate_of"].tolist()
    pd.testing.assert_frame_equal(
        pd.concat([p.paragraphs for p in parts], ignore_index=True), whole.paragraphs
    )
