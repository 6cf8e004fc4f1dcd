"""Loader input options and encodings: what a researcher passes in must be read as meant
or refused with a message naming the file and the problem.

Pages that are not UTF-8: short Western European texts fit several 8-bit code pages
equally well; the loader must not read Latin-1 "ñ" or "ã" as Central European letters,
nor force Windows-1252 on a Central European page."""

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
