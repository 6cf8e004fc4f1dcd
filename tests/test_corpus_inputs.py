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
    with pytest.warns(framing.LoaderWarning, match=r"export.csv:row 2: .*5 fields.*4 columns"):
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


# The rows of this file as a spreadsheet (Excel, LibreOffice) numbers them, which is how
# `framing annotate import` names CSV rows too: the header is row 1, a blank line or a
# line of spaces is a row (never a document), a quoted cell over several lines is one row.
SHEET = (
    "title,text\n"  # row 1
    "Strike ends,Workers returned on Monday.\n"  # row 2: export-0
    "\n"  # row 3: blank
    'Port reopens,"The port reopened on Friday.\n'  # row 4: export-1 ...
    "\n"
    'Ships queued overnight."\n'  # ... still row 4
    "   \n"  # row 5: spaces only
    ",\n"  # row 6: export-2, a row without text
    "Budget passes,The council passed its budget.\n"  # row 7: export-3
)
SHEET_REPORT = [
    ["export.csv:row 2", "export-0", "ok"],
    ["export.csv:row 4", "export-1", "ok"],
    ["export.csv:row 6", "export-2", "empty"],
    ["export.csv:row 7", "export-3", "ok"],
]


def _report(c):
    r = c.report.assign(source=c.report["source"].str.rsplit("/", n=1).str[-1])
    return r[["source", "doc_id", "status"]].values.tolist()


@pytest.mark.parametrize("chunked", [False, True], ids=["small", "chunked"])
@pytest.mark.parametrize("sep", [",", "\t"], ids=["csv", "tsv"])
@pytest.mark.parametrize("newline", ["\n", "\r\n"], ids=["lf", "crlf"])
def test_csv_rows_are_named_as_a_spreadsheet_numbers_them(
    tmp_path, monkeypatch, chunked, sep, newline
):
    """``source`` is the spreadsheet row (header row 1, blank lines counted, a multi-line
    cell one row); the doc ids are what they were: data rows counted from 0 without the
    blank lines, so ``export-3`` is row 7."""
    if chunked:
        monkeypatch.setattr("framing.corpus._SMALL_FILE", 0)
        monkeypatch.setattr("framing.corpus._CHUNK_ROWS", 2)
    ext = ".csv" if sep == "," else ".tsv"
    path = tmp_path / f"export{ext}"
    path.write_bytes(SHEET.replace(",", sep).replace("\n", newline).encode())
    with pytest.warns(framing.LoaderWarning):
        c = framing.load_corpus(path)
    assert _report(c) == [[s.replace(".csv", ext), d, st] for s, d, st in SHEET_REPORT]
    docs = c.documents.set_index("doc_id")
    assert docs.loc["export-1", "source"].endswith(f"export{ext}:row 4")
    assert docs.loc["export-1", "text"] == "The port reopened on Friday.\n\nShips queued overnight."


def test_csv_rows_agree_with_annotate_import(tmp_path):
    """The loader and ``framing annotate import`` name a CSV row alike."""
    from framing.annotate import _read_csv_file

    path = tmp_path / "export.csv"
    path.write_text(SHEET, encoding="utf-8")
    t = _read_csv_file(path, row_numbers=True)
    sheet = {f"row {i + 2}": r["title"] for i, r in zip(t.index, t.to_dict("records"))}
    with pytest.warns(framing.LoaderWarning):
        c = framing.load_corpus(path)
    docs = c.documents
    loaded = {src.rsplit(":", 1)[1]: title for src, title in zip(docs["source"], docs["title"])}
    assert loaded == {k: v for k, v in sheet.items() if v}
    assert list(loaded) == ["row 2", "row 4", "row 7"]


def test_csv_leading_blank_lines_are_rows_too(tmp_path):
    path = tmp_path / "lead.csv"
    path.write_text("\n  \ntitle,text\nA,Workers returned.\n\nB,The port reopened.\n")
    c = framing.load_corpus(path)
    assert _report(c) == [["lead.csv:row 4", "lead-0", "ok"], ["lead.csv:row 6", "lead-1", "ok"]]


def test_chunked_csv_names_rows_as_the_small_file_path(tmp_path, monkeypatch):
    """Chunks of 3 rows: blank lines and multi-line cells at the chunk boundaries, a stray
    quote in the first row and in a later chunk; the large-file path must name every row
    (and refuse the rows with extra fields) as the small-file path does."""
    rows = []
    for i in range(12):
        if i % 4 == 2:  # a cell over three lines, one of them blank
            rows.append(f'Story {i},"First line of {i}.\n\nLast line of {i}.",2024\n')
        elif i in (0, 7):  # a stray quote: the row has more fields than the header
            rows.append(f'Story {i},"It said "no," then left.",2024\n')
        else:
            rows.append(f"Story {i},Body of story {i}.,2024\n")
        if i % 3 == 2:  # after the last row of every chunk
            rows.append("\n" if i % 2 else "  \n")
    path = tmp_path / "big.csv"
    path.write_text("title,text,year\n" + "".join(rows), encoding="utf-8")

    def load():
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", framing.LoaderWarning)
            return framing.load_corpus(path)

    small = load()
    monkeypatch.setattr("framing.corpus._SMALL_FILE", 0)
    monkeypatch.setattr("framing.corpus._CHUNK_ROWS", 3)
    chunked = load()
    assert _report(chunked) == _report(small)
    assert chunked.report["reason"].tolist() == small.report["reason"].tolist()
    assert chunked.documents["text"].tolist() == small.documents["text"].tolist()
    # the rows as a spreadsheet shows them, counted off the file by hand: header 1, story
    # 2 on row 4 (three lines) and a line of spaces on row 5, a blank line after each
    # third story
    assert _report(small) == [
        [f"big.csv:row {n}", f"big-{i}", "error" if i in (0, 7) else "ok"]
        for i, n in enumerate([2, 3, 4, 6, 7, 8, 10, 11, 12, 14, 15, 16])
    ]
    assert small.report["reason"][7] == (
        "row has 4 fields but the header has 3 columns (a stray quote or separator in the "
        "row?); row skipped"
    )


def test_parquet_json_and_dataframe_rows_count_from_one(tmp_path):
    """No header row there: ``row N`` is the N-th record."""
    df = pd.DataFrame({"text": ["Workers returned on Monday.", "The port reopened."]})
    df.to_parquet(tmp_path / "t.parquet")
    (tmp_path / "t.json").write_text(df.to_json(orient="records"), encoding="utf-8")
    for src, label in ((tmp_path / "t.parquet", "t.parquet"), (tmp_path / "t.json", "t.json")):
        got = framing.load_corpus(src).documents["source"].str.rsplit("/", n=1).str[-1]
        assert got.tolist() == [f"{label}:row 1", f"{label}:row 2"]
    assert framing.load_corpus(df).documents["source"].tolist() == [
        "<DataFrame>:row 1",
        "<DataFrame>:row 2",
    ]
