"""Input options of the loader and the command line, and encodings: what a researcher
passes in must be read as meant or refused with a message naming the file and the problem.

Pages that are not UTF-8: short Western European texts fit several 8-bit code pages
equally well; the loader must not read Latin-1 "ñ" or "ã" as Central European letters,
nor force Windows-1252 on a Central European page."""

import json
import warnings

import pandas as pd
import pytest

import framing

CASES = [
    (
        "es.txt",
        "latin-1",
        "El señor Muñoz dijo que la economía de España crecerá este año.\n\n"
        "La señora Peña, portavoz del Gobierno, confirmó la noticia.\n",
    ),
    (
        "pt.txt",
        "latin-1",
        "O ministro João Gonçalves disse que a situação económica não vai melhorar.\n\n"
        "A oposição pediu explicações ao governo.\n",
    ),
    (
        "pl.txt",
        "cp1250",
        "Minister finansów Łukasz Żółkiewski powiedział w poniedziałek, że gospodarka "
        "rośnie szybciej, niż oczekiwano. Według niego inflacja spadnie jesienią.\n\n"
        "Posłowie opozycji skrytykowali projekt ustawy.\n",
    ),
]


@pytest.mark.parametrize(("name", "codec", "text"), CASES, ids=[c[0] for c in CASES])
def test_eight_bit_pages_keep_their_letters(tmp_path, name, codec, text):
    path = tmp_path / name
    path.write_bytes(text.encode(codec))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", framing.LoaderWarning)
        corpus = framing.load_corpus(path)
    assert corpus.paragraphs["text"].tolist() == text.strip().split("\n\n")
    (reason,) = corpus.report["reason"].tolist()
    assert reason.startswith("not UTF-8") and "decoded as detected charset" in reason


def test_unknown_field_in_columns_is_refused():
    df = pd.DataFrame({"body": ["Text of the article."], "headline": ["A title"]})
    with pytest.raises(ValueError, match=r"unknown field\(s\) \['titel'\]; the fields are"):
        framing.load_corpus(df, columns={"text": "body", "titel": "headline"})


def test_mapped_column_missing_from_the_table_is_reported_per_file(tmp_path):
    path = tmp_path / "export.csv"
    path.write_text("id,headline,story_text\n1,Rates rise,The bank raised rates.\n")
    with pytest.warns(framing.LoaderWarning, match="export.csv"):
        corpus = framing.load_corpus(path, columns={"text": "story_text", "title": "headlin"})
    (row,) = corpus.report.to_dict("records")
    assert row["status"] == "error"
    assert row["reason"].startswith("missing column: title=headlin mapped by columns=")
    corpus = framing.load_corpus(path, columns={"text": "story_text", "title": "headline"})
    assert corpus.documents["title"].tolist() == ["Rates rise"]


def test_cli_column_with_a_misspelt_field_is_an_error(tmp_path, capsys):
    from framing.cli import main

    path = tmp_path / "export.csv"
    path.write_text("id,headline,story_text\n1,Rates rise,The bank raised rates.\n")
    assert (
        main(["load", str(path), "--column", "text=story_text", "--column", "titel=headline"]) == 2
    )
    assert "unknown field(s) ['titel']" in capsys.readouterr().err


def test_dayfirst_changes_slash_dates_only(tmp_path):
    """``dayfirst`` is for sources that write 03/04/2021 for 3 April; ISO dates and dates
    with month names in the same corpus must keep their month."""
    rows = [
        {"id": "iso", "text": "Body one.", "date": "2016-10-01"},
        {"id": "iso-tz", "text": "Body two.", "date": "2016-10-01T00:30:00+02:00"},
        {"id": "named", "text": "Body three.", "date": "1 October 2016"},
        {"id": "slash", "text": "Body four.", "date": "03/04/2021"},
    ]
    path = tmp_path / "mixed_dates.jsonl"
    path.write_text("\n".join(json.dumps(r) for r in rows) + "\n")
    docs = framing.load_corpus(path, dayfirst=True).documents.set_index("doc_id")
    published = docs["published"].dt.strftime("%Y-%m-%d %H:%M").to_dict()
    assert published == {
        "iso": "2016-10-01 00:00",
        "iso-tz": "2016-09-30 22:30",
        "named": "2016-10-01 00:00",
        "slash": "2021-04-03 00:00",
    }


def test_jsonl_row_without_a_mapped_column_is_noted(tmp_path):
    """JSON Lines rows may differ in their keys, so a mapped column missing from a row is
    noted on that row's report line (not an error for the file)."""
    path = tmp_path / "feed.jsonl"
    rows = [{"id": "a", "body": "First story.", "site": "Reuters"}, {"id": "b", "body": "Second."}]
    path.write_text("\n".join(json.dumps(r) for r in rows) + "\n")
    with pytest.warns(framing.LoaderWarning, match="feed.jsonl:2"):
        corpus = framing.load_corpus(path, columns={"text": "body", "outlet": "site"})
    assert corpus.documents["outlet"].tolist() == ["Reuters", None]
    reasons = corpus.report["reason"].tolist()
    assert reasons == ["", "no column outlet=site (mapped by columns=) in this row, left empty"]


def test_cli_analyze_refuses_bad_options(tmp_path, capsys):
    from framing.cli import main

    path = tmp_path / "feed.jsonl"
    path.write_text(json.dumps({"id": "a", "text": "The minister resigned."}) + "\n")
    out = str(tmp_path / "out")
    for extra, message in [
        (["--column", "bad"], "--column 'bad': expected FIELD=NAME"),
        (["--column", "text="], "--column 'text=': expected FIELD=NAME"),
        (["--jobs", "0"], "--jobs must be at least 1"),
        (["--chunk-size", "0"], "--chunk-size must be at least 1"),
        (["--scheduler", "tcp://127.0.0.1:1"], "--scheduler needs --engine dask"),
    ]:
        assert main(["analyze", str(path), "--out", out, "--no-figures", *extra]) == 2, extra
        assert message in capsys.readouterr().err


def test_cli_prints_at_most_twenty_loader_warnings(tmp_path, capsys):
    from framing.cli import main

    path = tmp_path / "feed.jsonl"
    path.write_text("".join(json.dumps({"id": i, "body": "Text."}) + "\n" for i in range(30)))
    assert main(["load", str(path), "--column", "text=body", "--column", "outlet=site"]) == 0
    err = capsys.readouterr().err.splitlines()
    assert len(err) == 21 and all("no column outlet=site" in e for e in err[:20])
    assert err[20] == (
        "framing: warning: ... and 10 more (every one is a row of the report table: "
        "framing load --table report)"
    )


def test_dotted_dates_are_day_first(tmp_path):
    """Sources that write 03.04.2024 (German, Dutch, Nordic, Eastern European sites)
    always mean 3 April: a dotted date is read day first whatever ``dayfirst`` says, in
    a date column and in a text page's date line."""
    path = tmp_path / "dotted.csv"
    path.write_text(
        "id,title,text,date\n"
        "a,Strike ends,Workers returned on Monday.,03.04.2024\n"
        "b,Port reopens,The port reopened on Friday.,21.09.2023 14:30\n",
        encoding="utf-8",
    )
    page = tmp_path / "page.txt"
    page.write_text(
        "Harbour council approves new ferry timetable\n\n"
        "Published 03.04.2024, 09:15 CET\n\n"
        "The harbour council approved a new ferry timetable on Tuesday after months of "
        "complaints from island residents about cancelled crossings.\n",
        encoding="utf-8",
    )
    for dayfirst in (False, True):
        docs = framing.load_corpus([path, page], dayfirst=dayfirst).documents
        published = docs.set_index("doc_id")["published"].dt.strftime("%Y-%m-%d %H:%M")
        assert published.to_dict() == {
            "a": "2024-04-03 00:00",
            "b": "2023-09-21 14:30",
            "page": "2024-04-03 08:15",
        }


def test_csv_row_with_a_stray_quote_is_reported_not_shifted(tmp_path):
    """A row with more fields than the header (a stray quote or comma) must not shift the
    other rows' columns (pandas takes the extra first column as an index); the row is
    reported by number and the others load as written."""
    path = tmp_path / "export.csv"
    path.write_text(
        "title,text,date,outlet\n"
        '"Strike ends","Workers returned. "We won," said a union rep.",2024-03-04,Daily\n'
        '"Port reopens","The port reopened on Friday.",2024-05-21,Daily\n',
        encoding="utf-8",
    )
    with pytest.warns(framing.LoaderWarning, match=r"export.csv:row 1: .*5 fields.*4 columns"):
        c = framing.load_corpus(path)
    docs = c.documents.set_index("doc_id")
    assert docs.index.tolist() == ["export-1"]
    assert docs.loc["export-1", "title"] == "Port reopens"
    assert docs.loc["export-1", "text"] == "The port reopened on Friday."
    assert docs.loc["export-1", "outlet"] == "Daily"
    assert str(docs.loc["export-1", "published"].date()) == "2024-05-21"
    r = c.report.set_index("doc_id")
    assert r.loc["export-0", "status"] == "error"
    assert r.loc["export-1", "status"] == "ok"


@pytest.mark.parametrize("chunked", [False, True], ids=["small", "chunked"])
def test_csv_with_a_separator_ending_every_line_keeps_its_columns(tmp_path, monkeypatch, chunked):
    if chunked:  # large files are read in chunks
        monkeypatch.setattr("framing.corpus._SMALL_FILE", 0)
    path = tmp_path / "trailing.csv"
    path.write_text(
        "title,text,outlet\nStrike ends,Workers returned on Monday.,Daily,\n"
        "Port reopens,The port reopened on Friday.,Daily,\n",
        encoding="utf-8",
    )
    docs = framing.load_corpus(path).documents
    assert docs["title"].tolist() == ["Strike ends", "Port reopens"]
    assert docs["outlet"].tolist() == ["Daily", "Daily"]
