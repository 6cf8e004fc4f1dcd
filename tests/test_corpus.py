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
        ["export.csv:row 2", "1", "ok"],
        ["export.csv:row 3", "2", "empty"],
        ["export.csv:row 4", "3", "empty"],
        ["export.csv:row 5", "1-2", "ok"],
        ["export.csv:row 6", "export-4", "ok"],
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


# --- text pages: over-broad boilerplate rules, non-English pages, hard-wrapped pages ----------


def _load_page(tmp_path, text: str, name: str = "page.txt"):
    f = tmp_path / name
    f.write_text(text, encoding="utf-8")
    c = load_corpus(f)
    assert c.report["status"].tolist() == ["ok"]
    _offsets_hold(c)
    return c


def _removed(corpus) -> list[list[str]]:
    return corpus.removed()[["reason", "text"]].values.tolist()


TRADEMARK_RULING = """\
Skip to main content
Carmaker wins fight over truck name

A federal judge on Monday sided with the carmaker in a long dispute over the name of its new electric pickup truck.

The court found that the name is a trademark of the carmaker and may not be used by rivals.

The judge also noted that both logos are registered trademarks and ordered the startup to pay legal costs.

Lawyers for the startup said they would study the ruling before deciding whether to appeal.

Share this article
© 2024 Reuters. All rights reserved.
Motor Ledger is a registered trademark of Ledger Media Group LLC.
"""


def test_trademark_in_reporting_is_kept_footer_removed(tmp_path):
    """'is a trademark of' / 'registered trademarks' inside a news sentence is news; a
    copyright or trademark footer is formulaic and still goes."""
    c = _load_page(tmp_path, TRADEMARK_RULING)
    assert c.paragraphs["text"].tolist() == TRADEMARK_RULING.split("\n\n")[1:5]
    assert _removed(c) == [
        ["navigation", "Skip to main content"],
        ["title", "Carmaker wins fight over truck name"],
        ["navigation", "Share this article"],
        ["copyright", "© 2024 Reuters. All rights reserved."],
        ["copyright", "Motor Ledger is a registered trademark of Ledger Media Group LLC."],
    ]
    assert c.documents.loc[0, "agency"] == "Reuters"


APP_RULING = """\
Regulator orders streaming service to rewrite its terms

Users who download the app must accept the terms of service, the regulator said in its ruling on Thursday.

Apple's App Store and Google Play both carry the service, which has about two million users in the country.

The company said it would comply.

Download the BBC News app
Available on the App Store | Get it on Google Play
Get the app
"""


def test_app_promotion_is_an_imperative_or_a_store_badge(tmp_path):
    c = _load_page(tmp_path, APP_RULING)
    assert c.paragraphs["text"].tolist() == APP_RULING.split("\n\n")[1:4]
    assert _removed(c) == [
        ["title", "Regulator orders streaming service to rewrite its terms"],
        ["app promotion", "Download the BBC News app"],
        ["app promotion", "Available on the App Store | Get it on Google Play"],
        ["app promotion", "Get the app"],
    ]


ACCENTED_END = """\
Council delays vote on tram extension

The city council on Wednesday postponed a vote on the tram extension to the airport until after the summer.

Supporters of the line said the delay would add millions to its cost.

Élise Martin declined to comment.

Ünal Demir, the mayor, voted against.

Share this article
"""

GERMAN_PAGE = """\
Regierung kündigt Entlastungspaket an

Die Bundesregierung hat am Montag ein neues Entlastungspaket für Familien angekündigt.

„Wir werden handeln“, sagte Bundeskanzler Olaf Scholz in Berlin.

Der Plan kostet zehn Milliarden Euro.

Artikel teilen
© 2024 Berliner Beispielblatt. Alle Rechte vorbehalten.
"""

FRENCH_PAGE = """\
Le gouvernement présente son plan pour les familles

Le gouvernement a présenté lundi un nouveau plan d'aide aux familles les plus modestes.

« Nous agirons vite », a déclaré le ministre.

Écoles et hôpitaux seront prioritaires.

Partager cet article
"""


def test_short_last_sentences_start_with_any_capital_or_quote_mark(tmp_path):
    """A short closing sentence is body whatever capital ('É', 'Ü') or opening quote
    ('„', '«') it starts with; before, only A-Z and English quotes counted."""
    for page, kept, dropped in (
        (ACCENTED_END, 4, [["navigation", "Share this article"]]),
        (
            GERMAN_PAGE,
            3,
            [
                ["footer line", "Artikel teilen"],
                ["copyright", "© 2024 Berliner Beispielblatt. Alle Rechte vorbehalten."],
            ],
        ),
        (FRENCH_PAGE, 3, [["footer line", "Partager cet article"]]),
    ):
        c = _load_page(tmp_path, page)
        blocks = page.split("\n\n")
        assert c.paragraphs["text"].tolist() == blocks[1 : 1 + kept]
        assert _removed(c) == [["title", blocks[0]], *dropped]


JAPANESE_PAGE = """\
ホーム > 政治
政府、新たな経済対策を発表

政府は月曜日に新しい経済対策を発表した。

首相は「我々は行動する」と述べた。

計画の費用は100億ユーロである。

© 2024 日本経済新聞社
"""

MIXED_END = """\
The government announced new measures on Monday.

"We will act," said Chancellor Olaf Scholz.

政府は月曜日に新しい措置を発表した。
"""


def test_japanese_sentences_end_with_ideographic_full_stop(tmp_path):
    """'。' ends a sentence: a Japanese page has a body (was 'empty': every line a
    'section marker'), and a Japanese last line is not a section marker."""
    c = _load_page(tmp_path, JAPANESE_PAGE)
    assert c.paragraphs["text"].tolist() == [
        "政府は月曜日に新しい経済対策を発表した。",
        "首相は「我々は行動する」と述べた。",
        "計画の費用は100億ユーロである。",
    ]
    assert c.documents.loc[0, "title"] == "政府、新たな経済対策を発表"
    assert _removed(c) == [
        ["header line", "ホーム > 政治"],
        ["title", "政府、新たな経済対策を発表"],
        ["copyright", "© 2024 日本経済新聞社"],
    ]
    c = _load_page(tmp_path, MIXED_END)
    assert c.paragraphs["text"].tolist() == MIXED_END.strip().split("\n\n")
    assert c.removed().empty


ARCHIVE_PAGE = """\
Tech executives brace for a hostile campaign

Silicon Valley donors have grown wary of both campaigns as the race enters its final months, according to interviews with more than a dozen executives.

''We're looking for our future partners,'' Mr. Pruzan said.

The French minister of environment and energy, SÃ©golÃ¨ne Royal, alluded to the importance of the American election at a meeting with reporters on Monday.

We are not surprised. Three months ago, our three groups launched a project that counts how often men and women appear as analysts on the evening news, and the comments we received from viewers show how much the gap matters to them.

The executives said they would keep their views private until after the conventions.

Comment on this story: by commenting you agree to our community standards.
We use cookies to improve your experience on our site and to show you personalised advertising.
We and our 143 partners store and access information on your device, such as cookies, to show personalised ads and content, to measure ads and content, and to develop and improve our products. You can change your choices at any time in the privacy settings.
"""


def test_weak_rules_spare_quotes_mojibake_and_long_reporting(tmp_path):
    """Real archive text (PolNeAR): quotes in doubled apostrophes, a mis-decoded 'é'
    ('Ã©', not a © sign), a long first-person paragraph that mentions comments once --
    all body; the site's own comment, cookie and consent notices still go."""
    c = _load_page(tmp_path, ARCHIVE_PAGE)
    assert c.paragraphs["text"].tolist() == ARCHIVE_PAGE.split("\n\n")[1:6]
    footer = ARCHIVE_PAGE.split("\n\n")[6].splitlines()
    assert _removed(c) == [
        ["title", "Tech executives brace for a hostile campaign"],
        ["comments", footer[0]],
        ["privacy", footer[1]],
        ["privacy", footer[2]],
    ]


WRAPPED_PAGE = """\
Skip to main content
Brussels proposes ban on single-use plastics

By Anna Kowalski
March 5, 2024

BRUSSELS (Reuters) - The European Commission on Tuesday proposed new
rules to curb the use of single-use plastics across the bloc, drawing
praise from environmental groups and criticism from parts of the
packaging industry.

"This is a turning point for our oceans," said Commissioner Virginijus
Sinkevicius at a press conference in Brussels. "We cannot keep
producing waste at this rate."

Industry group EUROPEN said the proposal would raise costs for
European manufacturers and consumers. It called for a longer
transition period and for exemptions for medical packaging, which it
said had no practical substitutes.

The proposal now goes to the European Parliament and member states.

Trending stories
Columbia police search for driver in hit-and-run on Providence Road
Missouri River levels expected to drop through the weekend
Tigers fall short in overtime thriller at home

Share this article
Facebook Twitter Email
© 2024 Reuters. All rights reserved.
Download the BBC News app
"""

WRAPPED_NO_BLANKS = """\
Ministers agreed on Monday to extend the emergency energy subsidies for
another six months, a decision that will cost the treasury an estimated
four billion euros.
The finance minister said the extension was the last one. Households
would have to adapt to higher prices from next year, she told
reporters in the capital after a cabinet meeting that lasted late into
the night.
Opposition parties called the plan too little, too late.
"""

ONE_LINE_PARAGRAPHS = """\
Council approves new bus lanes
The city council approved three new bus lanes on Tuesday after a long debate.
Supporters said the lanes would cut journey times for thousands of commuters.
Opponents warned that shops on the high street would lose passing trade.
The mayor said work would begin in the spring and take about six months.
"We have waited long enough," said councillor Ana Ruiz at the meeting.
Share this article
© 2024 Example Media. All rights reserved.
"""


def test_hard_wrapped_page_is_joined_into_whole_paragraphs(tmp_path):
    """A page wrapped at ~70 columns: a line is joined to the next unless it ends a
    sentence where the next word would have fitted (so the header and footer lines stay
    apart), and a list of headlines stays a list; a page with one paragraph per line is not
    joined."""
    c = _load_page(tmp_path, WRAPPED_PAGE)
    assert c.paragraphs["text"].tolist() == WRAPPED_PAGE.split("\n\n")[2:6]
    assert _removed(c) == [
        ["navigation", "Skip to main content"],
        ["title", "Brussels proposes ban on single-use plastics"],
        ["byline", "By Anna Kowalski"],
        ["date line", "March 5, 2024"],
        ["navigation", "Trending stories"],
        ["footer line", "Columbia police search for driver in hit-and-run on Providence Road"],
        ["footer line", "Missouri River levels expected to drop through the weekend"],
        ["footer line", "Tigers fall short in overtime thriller at home"],
        ["navigation", "Share this article"],
        ["social", "Facebook Twitter Email"],
        ["copyright", "© 2024 Reuters. All rights reserved."],
        ["app promotion", "Download the BBC News app"],
    ]
    doc = c.documents.iloc[0]
    assert (doc["title"], doc["author"], doc["agency"]) == (
        "Brussels proposes ban on single-use plastics",
        "Anna Kowalski",
        "Reuters",
    )
    # paragraphs ended by a short last line, without blank lines between them
    c = _load_page(tmp_path, WRAPPED_NO_BLANKS)
    lines = WRAPPED_NO_BLANKS.splitlines()
    assert c.paragraphs["text"].tolist() == [
        "\n".join(lines[0:3]),
        "\n".join(lines[3:7]),
        lines[7],
    ]
    # one paragraph per line, single newlines: every line its own unit
    c = _load_page(tmp_path, ONE_LINE_PARAGRAPHS)
    lines = ONE_LINE_PARAGRAPHS.splitlines()
    assert c.paragraphs["text"].tolist() == lines[1:6]
    assert _removed(c) == [
        ["title", lines[0]],
        ["navigation", lines[6]],
        ["copyright", lines[7]],
    ]


# --- text pages: a news sentence about comments, a headline followed by an unstopped line ---

EMBASSY_PAGE = """\
Embassy silent on leaked call

A recording of a phone call between two diplomats was posted online on Thursday, the ministry said.

The US embassy declined to comment on the tape.

The foreign ministry did not respond to our request for comment.

Officials in Kiev said they would investigate how the call was recorded.

Comments (12)
Show comments
Be the first to comment.
Log in to comment.
Leave a comment
"""


def test_news_sentence_about_commenting_is_kept_comment_furniture_removed(tmp_path):
    """'The US embassy declined to comment' is news: 'US' is not the site's 'us', and a
    sentence that reports someone declining or being asked to comment is not a comment
    prompt (it was removed as 'comments'). A count, a button and the comment prompts
    ('Be the first to comment.', 'Log in to comment.') still go."""
    c = _load_page(tmp_path, EMBASSY_PAGE)
    assert c.paragraphs["text"].tolist() == EMBASSY_PAGE.split("\n\n")[1:5]
    assert c.documents.loc[0, "title"] == "Embassy silent on leaked call"
    assert _removed(c) == [
        ["title", "Embassy silent on leaked call"],
        ["comments", "Comments (12)"],
        ["navigation", "Show comments"],
        ["comments", "Be the first to comment."],
        ["comments", "Log in to comment."],
        ["comments", "Leave a comment"],
    ]
    assert c.report["reason"].tolist() == [""]


HEADLINE_THEN_UNSTOPPED_LINE = """\
Canada suspends military cooperation with Russia over Ukraine events

This includes exercises, such as Exercise Vigilant Eagle, and scheduled meetings

Canada has suspended its military cooperation with Russia, Prime Minister Stephen Harper said on Tuesday.

The decision follows talks with allies.
"""

SITE_NAME_FIRST = """\
The Harbour Times

Council approves new ferry route

Two crossings a day, starting in May, for islanders and visitors

The council on Tuesday approved a new ferry route between the harbour and the islands.

Work on the new pier starts next month.

© 2024 The Harbour Times. All rights reserved.
"""


def test_headline_on_the_first_line_stays_the_title(tmp_path):
    """A plain-text article whose headline (first line, a block of its own) is followed by
    a longer line without a full stop: the headline is the title, not that line (the
    longest header line used to win, and the headline was dropped as a 'header line').
    A site name on the first line is still not the title: it is the copyright holder, or
    it is shorter than a headline ("The New York Times")."""
    c = _load_page(tmp_path, HEADLINE_THEN_UNSTOPPED_LINE)
    blocks = HEADLINE_THEN_UNSTOPPED_LINE.split("\n\n")
    assert c.documents.loc[0, "title"] == blocks[0]
    assert c.paragraphs["text"].tolist() == [b.strip() for b in blocks[2:]]
    assert _removed(c) == [["title", blocks[0]], ["header line", blocks[1]]]
    c = _load_page(tmp_path, SITE_NAME_FIRST)
    blocks = SITE_NAME_FIRST.split("\n\n")
    assert c.documents.loc[0, "title"] == "Council approves new ferry route"
    assert c.paragraphs["text"].tolist() == blocks[3:5]
    assert _removed(c) == [
        ["header line", blocks[0]],
        ["title", blocks[1]],
        ["header line", blocks[2]],
        ["copyright", blocks[5].strip()],
    ]
    c = _load_page(tmp_path, SITE_NAME_FIRST.replace("The Harbour Times", "The Island Gazette"))
    assert c.documents.loc[0, "title"] == "Council approves new ferry route"


def _html_page(published: str) -> str:
    return (
        "<!DOCTYPE html><html><head><title>Ferry fares rise again</title>"
        '<meta property="og:title" content="Ferry fares rise again">'
        '<meta property="og:site_name" content="The Island Post">'
        f'<meta property="article:published_time" content="{published}">'
        "</head><body><article><h1>Ferry fares rise again</h1>"
        "<p>Ferry fares to the islands will rise by eight per cent in April, the operator "
        "said on Tuesday, the third increase in two years.</p>"
        "<p>&ldquo;People here have no other way to reach the mainland,&rdquo; said Ines "
        "Moreau, who chairs the residents' association on the largest island.</p>"
        "</article></body></html>"
    )


def test_html_keeps_the_date_as_written_and_reports_one_it_cannot_read(tmp_path):
    """``published_text`` is the date as the page writes it, for HTML too; a date in the
    page's metadata that cannot be read is noted like any other, not silently dropped."""
    good, bad = tmp_path / "good.html", tmp_path / "bad.html"
    good.write_text(_html_page("2023-11-05T18:30:00+01:00"), encoding="utf-8")
    bad.write_text(_html_page("the fifth of Novembre"), encoding="utf-8")
    with pytest.warns(LoaderWarning, match=r"bad.html: date 'the fifth of Novembre' not under"):
        c = load_corpus([good, bad])
    docs = c.documents.set_index("doc_id")
    assert docs.loc["good", "published_text"] == "2023-11-05T18:30:00+01:00"
    assert str(docs.loc["good", "published"]) == "2023-11-05 17:30:00+00:00"
    assert pd.isna(docs.loc["bad", "published"])
    assert "not understood" in c.report.set_index("doc_id").loc["bad", "reason"]


def _page_outlet(tmp_path, text: str) -> tuple[str | None, object]:
    f = tmp_path / "page.txt"
    f.write_text(text, encoding="utf-8")
    doc = load_corpus(f).documents.iloc[0]
    return doc["outlet"], doc["published"]


BODY_TEXT = (
    "The council voted on Tuesday to close the old bridge for repairs that engineers say "
    "will take at least a year.\n\n"
    '"We had no choice," the council leader said after the meeting.\n'
)


def test_outlet_from_the_masthead_when_no_copyright_line_names_it(tmp_path):
    """A text page names its site in a masthead line more often than in a copyright
    line: two to five capitalised words with a newspaper word, alone or before '|' (where
    a date beside it is the publication date); a menu is no masthead, and a copyright
    line still wins."""
    masthead = "Skip to content\nRiverside Herald\nHome | Local | Sport\n\n"
    title = "Old bridge to close for a year as repair bill soars\n\n"
    assert _page_outlet(tmp_path, masthead + title + BODY_TEXT)[0] == "Riverside Herald"
    beside = title + "The Valley Voice | 21.09.2023\n\n" + BODY_TEXT
    outlet, published = _page_outlet(tmp_path, beside)
    assert outlet == "The Valley Voice"
    assert published == pd.Timestamp("2023-09-21", tz="UTC")
    menu = "News | Sport | Weather\n\n" + title + BODY_TEXT
    assert _page_outlet(tmp_path, menu)[0] is None
    signed = masthead + title + BODY_TEXT + "\n© 2024 Riverside Media Group\n"
    assert _page_outlet(tmp_path, signed)[0] == "Riverside Media Group"
