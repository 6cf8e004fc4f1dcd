"""Annotation workflow: stratified export for coders and import of coded files."""

from __future__ import annotations

import json

import pandas as pd
import pytest

from framing.annotate import (
    draw_sample,
    export_sample,
    import_labels,
    labelstudio_config,
    read_coded,
    write_labels,
)
from framing.cli import main


def _corpus():
    # three outlets of 6, 3 and 1 documents; documents have 4 paragraphs each
    docs, paras = [], []
    for outlet, n_docs in (("daily", 6), ("weekly", 3), ("wire", 1)):
        for d in range(n_docs):
            doc_id = f"{outlet}-{d}"
            docs.append({"doc_id": doc_id, "outlet": outlet})
            for p in range(4):
                paras.append(
                    {
                        "doc_id": doc_id,
                        "para_id": p,
                        "text": f"Paragraph {p} of {doc_id} says something long enough to code.",
                    }
                )
            paras.append({"doc_id": doc_id, "para_id": 4, "text": "Short."})
    return pd.DataFrame(docs), pd.DataFrame(paras)


def test_draw_sample_is_stratified_capped_and_reproducible():
    docs, paras = _corpus()
    s = draw_sample(paras, 20, documents=docs, strata="outlet", per_document=2, seed=3)
    assert len(s) == 20 and s["unit_id"].is_unique
    assert list(s.columns) == ["unit_id", "doc_id", "para_id", "stratum", "text"]
    assert s.groupby("doc_id").size().max() <= 2
    assert not s["text"].eq("Short.").any()  # below min_chars
    # eligible: daily 12, weekly 6, wire 2 (2 per document) -> all 20 drawn
    assert s["stratum"].value_counts().to_dict() == {"daily": 12, "weekly": 6, "wire": 2}
    small = draw_sample(paras, 10, documents=docs, strata="outlet", per_document=2, seed=3)
    counts = small["stratum"].value_counts().to_dict()
    assert counts == {"daily": 6, "weekly": 3, "wire": 1}  # proportional to 12:6:2
    again = draw_sample(paras, 10, documents=docs, strata="outlet", per_document=2, seed=3)
    pd.testing.assert_frame_equal(small, again)
    other = draw_sample(paras, 10, documents=docs, strata="outlet", per_document=2, seed=4)
    assert set(other["unit_id"]) != set(small["unit_id"])
    assert (s["unit_id"] == s["doc_id"] + ":" + s["para_id"].astype(str)).all()


def test_draw_sample_edge_cases():
    docs, paras = _corpus()
    everything = draw_sample(paras, 1000, strata=None, per_document=None)
    assert len(everything) == 40  # all eligible paragraphs, no more
    one = draw_sample(paras, 1, documents=docs)
    assert len(one) == 1
    with pytest.raises(ValueError, match="no column 'section'"):
        draw_sample(paras, 5, documents=docs, strata="section")
    with pytest.raises(ValueError, match="n must be"):
        draw_sample(paras, 0)
    with pytest.raises(ValueError, match="no paragraph is long enough"):
        draw_sample(paras, 5, strata=None, min_chars=10_000)
    with pytest.raises(ValueError, match="lacks column"):
        draw_sample(paras.drop(columns="para_id"), 5)


def _sample():
    docs, paras = _corpus()
    return draw_sample(paras, 6, documents=docs, seed=0)


def test_csv_round_trip(tmp_path):
    s = _sample()
    out = export_sample(s, tmp_path / "to_code.csv")
    t = pd.read_csv(out, dtype=str, keep_default_na=False)
    assert list(t.columns) == [*s.columns, "tone", "frames", "coder"]
    assert (t["frames"] == "").all()
    # a coder fills in four rows (by key, code and name) and leaves two blank
    t.loc[0, ["tone", "frames"]] = ["negative", "security_defense;external_regulation"]
    t.loc[1, ["tone", "frames"]] = ["neutral", "13"]
    t.loc[2, ["tone", "frames"]] = ["Positive", "Economic; policy"]
    t.loc[3, ["tone", "frames"]] = ["", "other"]
    t["coder"] = "ann"
    t.to_csv(out, index=False)
    labels = read_coded(out)
    assert list(labels.columns) == ["unit_id", "tone", "frames", "coder"]
    assert len(labels) == 4
    assert labels["frames"].tolist() == [
        ["security_defense", "external_regulation"],
        ["political"],
        ["economic", "policy"],
        ["other"],
    ]
    assert labels["tone"].tolist()[:3] == ["negative", "neutral", "positive"]
    assert labels["tone"].isna().tolist()[3]
    assert set(labels["coder"]) == {"ann"}
    assert labels["unit_id"].tolist() == s["unit_id"].tolist()[:4]
    t.loc[4, "frames"] = "weather"
    t.to_csv(out, index=False)
    with pytest.raises(ValueError, match=r"to_code\.csv: row 6: label 'weather'"):
        read_coded(out)
    t.loc[4, ["frames", "tone"]] = ["other", "angry"]
    t.to_csv(out, index=False)
    with pytest.raises(ValueError, match=r"row 6: unknown tone 'angry'"):
        read_coded(out)


def test_labelstudio_export_and_import(tmp_path):
    s = _sample()
    out = export_sample(s, tmp_path / "tasks.json", format="labelstudio")
    tasks = json.loads(out.read_text())
    assert [t["data"]["unit_id"] for t in tasks] == s["unit_id"].tolist()
    assert tasks[0]["data"]["text"] == s["text"].iloc[0]
    config = (tmp_path / "tasks.json.labelstudio.xml").read_text()
    assert config == labelstudio_config()
    assert 'name="primary_frame"' in config and 'value="capacity_resources"' in config
    # what Label Studio exports after two coders annotated the first task
    tasks[0]["annotations"] = [
        {
            "completed_by": {"email": "a@uni.edu"},
            "result": [
                {"from_name": "tone", "type": "choices", "value": {"choices": ["negative"]}},
                {"from_name": "frames", "type": "choices", "value": {"choices": ["legality"]}},
                {
                    "from_name": "primary_frame",
                    "type": "choices",
                    "value": {"choices": ["crime_punishment"]},
                },
            ],
        },
        {
            "completed_by": 7,
            "result": [
                {
                    "from_name": "primary_frame",
                    "type": "choices",
                    "value": {"choices": ["legality"]},
                }
            ],
        },
        {"completed_by": 8, "was_cancelled": True, "result": []},
    ]
    out.write_text(json.dumps(tasks))
    labels = read_coded(out)
    assert labels.to_dict("records") == [
        {
            "unit_id": s["unit_id"].iloc[0],
            "tone": "negative",
            "frames": ["crime_punishment", "legality"],
            "coder": "a@uni.edu",
        },
        {"unit_id": s["unit_id"].iloc[0], "tone": None, "frames": ["legality"], "coder": "7"},
    ]


def test_doccano_export_and_import(tmp_path):
    s = _sample()
    out = export_sample(s, tmp_path / "tasks.jsonl", format="doccano")
    lines = [json.loads(x) for x in out.read_text().splitlines()]
    assert (
        len(lines) == 6 and lines[0]["label"] == [] and lines[0]["unit_id"] == s["unit_id"].iloc[0]
    )
    lines[0]["label"] = ["policy", "tone:positive", "primary:economic"]
    lines[1]["label"] = ["political", "public_opinion"]
    out.write_text("\n".join(json.dumps(x) for x in lines) + "\n")
    labels = read_coded(out, coder="c")
    assert labels["frames"].tolist() == [["economic", "policy"], ["political", "public_opinion"]]
    assert labels["tone"].tolist()[0] == "positive" and labels["coder"].tolist() == ["c", "c"]
    lines[2]["label"] = ["tone:positive", "tone:negative"]
    out.write_text("\n".join(json.dumps(x) for x in lines) + "\n")
    with pytest.raises(ValueError, match="line 3: more than one tone"):
        read_coded(out)


def test_import_several_files_and_write_labels(tmp_path):
    a = tmp_path / "a.csv"
    b = tmp_path / "b.csv"
    pd.DataFrame(
        {"unit_id": ["x:0", "x:1"], "tone": ["neutral", "negative"], "frames": ["other", "8;14"]}
    ).to_csv(a, index=False)
    pd.DataFrame({"unit_id": ["x:0"], "frames": ["other"]}).to_csv(b, index=False)
    labels = import_labels([a, b])
    assert labels["coder"].tolist() == ["a", "a", "b"]  # file names when no coder column
    assert labels["frames"].tolist()[1] == ["security_defense", "external_regulation"]
    p = write_labels(labels, tmp_path / "labels.csv")
    back = pd.read_csv(p)
    assert back["frames"].tolist() == ["other", "security_defense;external_regulation", "other"]
    with pytest.raises(ValueError, match="no coded files"):
        import_labels([])
    with pytest.raises(FileNotFoundError):
        read_coded(tmp_path / "none.csv")
    with pytest.raises(ValueError, match="cannot tell the format"):
        (tmp_path / "x.txt").write_text("")
        read_coded(tmp_path / "x.txt")


def test_cli_export_and_import_on_the_sample_corpus(tmp_path, capsys):
    from framing.corpus import sample_corpus_files

    files = [str(p) for p in sample_corpus_files()]
    out = tmp_path / "sample.csv"
    assert main(["annotate", "export", *files, "--n", "12", "--out", str(out), "--seed", "1"]) == 0
    printed = capsys.readouterr().out
    assert "12 paragraphs" in printed or "paragraphs from" in printed
    t = pd.read_csv(out, dtype=str, keep_default_na=False)
    assert 0 < len(t) <= 12 and t["unit_id"].is_unique
    assert t.groupby("doc_id").size().max() <= 3
    t["frames"] = "political"
    t["tone"] = "neutral"
    t.to_csv(out, index=False)
    labels_out = tmp_path / "labels.csv"
    assert main(["annotate", "import", str(out), "--coder", "me", "--out", str(labels_out)]) == 0
    labels = pd.read_csv(labels_out)
    assert len(labels) == len(t) and set(labels["coder"]) == {"me"}
    js = tmp_path / "ls.json"
    assert (
        main(
            [
                "annotate",
                "export",
                *files,
                "--n",
                "5",
                "--out",
                str(js),
                "--format",
                "labelstudio",
                "--strata",
                "none",
            ]
        )
        == 0
    )
    assert len(json.loads(js.read_text())) == 5


def test_cli_export_says_when_it_draws_fewer_than_asked(tmp_path, capsys):
    from framing.corpus import sample_corpus_files

    files = [str(p) for p in sample_corpus_files()]
    out = tmp_path / "sample.csv"
    assert main(["annotate", "export", *files, "--n", "5000", "--out", str(out)]) == 0
    drawn = len(pd.read_csv(out, dtype=str, keep_default_na=False))
    err = capsys.readouterr().err
    assert f"drew {drawn} of the 5000 asked for" in err and "at most 3 per document" in err
    # without the per-document cap more paragraphs are eligible, and the note says so
    assert (
        main(
            ["annotate", "export", *files, "--n", "5000", "--out", str(out), "--per-document", "0"]
        )
        == 0
    )
    uncapped = len(pd.read_csv(out, dtype=str, keep_default_na=False))
    assert uncapped > drawn and f"drew {uncapped} of the 5000" in capsys.readouterr().err


def _coded(path, rows, sep=",", bom=False, header=("unit_id", "tone", "frames", "coder")):
    lines = [sep.join(header)] + [sep.join(r) for r in rows]
    text = ("\ufeff" if bom else "") + "\n".join(lines) + "\n"
    path.write_text(text, encoding="utf-8")
    return path


def test_import_reports_units_coded_more_than_once(tmp_path, capsys):
    a = _coded(
        tmp_path / "coder_a.csv",
        [("x:0", "negative", "political", "a"), ("x:1", "neutral", "economic", "a"),
         ("x:2", "neutral", "legality", "a"), ("x:2", "neutral", "legality", "a")],
    )  # fmt: skip
    b = _coded(
        tmp_path / "coder_b.csv",
        [("x:0", "positive", "political", "b"), ("x:1", "neutral", "economic", "b")],
    )
    out = tmp_path / "labels.csv"
    assert main(["annotate", "import", str(a), str(b), "--out", str(out)]) == 0
    printed, err = capsys.readouterr()
    assert "8 codings" not in printed and "6 codings of 3 units from 2 file(s)" in printed
    assert "3 unit ids are coded more than once (6 codings), 1 of them differently" in err
    assert f"x:0 ({a} row 2, {b} row 2)" in err
    assert "framing.agreement" in err and "framing train uses the first coding" in err
    assert len(pd.read_csv(out)) == 6  # every coding is kept, for agreement
    # the same codings each time: still said, with examples
    assert main(["annotate", "import", str(a), "--out", str(out)]) == 0
    err = capsys.readouterr().err
    assert "1 unit id is coded more than once (2 codings), the same way each time" in err
    assert f"x:2 ({a} row 4, {a} row 5)" in err
    # no note when every unit is coded once
    assert main(["annotate", "import", str(b), "--out", str(out)]) == 0
    printed, err = capsys.readouterr()
    assert err == "" and "2 coded units from 1 file(s)" in printed


def test_column_names_match_ignoring_case_and_spaces(tmp_path, capsys):
    rows = [("x:0", "Negative", "political"), ("x:1", "neutral", "")]
    p = _coded(tmp_path / "cased.csv", rows, header=("Unit_ID", "Tone", " frames "))
    labels = read_coded(p)
    assert labels["tone"].tolist() == ["negative", "neutral"]
    assert labels["frames"].tolist() == [["political"], []]
    # a tone-only file is fine (with a note from the command), one with neither is not
    p = _coded(tmp_path / "tone_only.csv", [("x:0", "neutral")], header=("unit_id", "tone"))
    assert read_coded(p)["tone"].tolist() == ["neutral"]
    assert main(["annotate", "import", str(p), "--out", str(tmp_path / "l.csv")]) == 0
    assert f"{p}: no 'frames' column (columns found: 'unit_id', 'tone')" in capsys.readouterr().err
    p = _coded(tmp_path / "typo.csv", [("x:0", "neutral", "political")],
               header=("unit_id", "tones", "frame"))  # fmt: skip
    with pytest.raises(ValueError) as e:
        read_coded(p)
    msg = str(e.value)
    assert msg.startswith(f"{p}: missing column(s) ['tone', 'frames']")
    assert "columns found: 'unit_id', 'tones', 'frame'" in msg
    assert "expected: unit_id and tone and/or frames" in msg
    p = _coded(tmp_path / "twice.csv", [("x:0", "neutral", "")], header=("unit_id", "tone", "Tone"))
    with pytest.raises(ValueError, match=r"twice.csv: columns 'tone' and 'Tone' are both read"):
        read_coded(p)


@pytest.mark.parametrize(("sep", "bom"), [(";", True), (";", False), ("\t", False), (",", True)])
def test_excel_csv_files_are_read(tmp_path, sep, bom):
    rows = [
        ("x:0", '"A text; with, separators"', "negative", '"political;economic"'),
        ("x:1", "Plain.", "neutral", "legality"),
    ]
    p = _coded(tmp_path / "excel.csv", rows, sep=sep, bom=bom,
               header=("unit_id", "text", "tone", "frames"))  # fmt: skip
    labels = read_coded(p)
    assert labels["unit_id"].tolist() == ["x:0", "x:1"]
    assert labels["frames"].tolist() == [["political", "economic"], ["legality"]]
    assert labels["tone"].tolist() == ["negative", "neutral"]


def test_unreadable_csv_files_are_one_line_naming_the_file(tmp_path, capsys):
    cp1252 = tmp_path / "cp1252.csv"
    cp1252.write_bytes(
        "unit_id;tone;frames\nx:0;neutral;other\nx:1;neutral;\u2019\n".encode("cp1252")
    )
    ragged = tmp_path / "ragged.csv"
    ragged.write_text("unit_id,frames\nx:0,other\nx:1,other,political\n")
    empty = tmp_path / "empty.csv"
    empty.write_text("")
    cases = [
        (cp1252, "not UTF-8 text (byte 0x92 on line 3); save it as UTF-8"),
        (ragged, "could not be read as CSV (Error tokenizing data. C error: Expected 2 fields"),
        (empty, "the file is empty"),
    ]
    for path, words in cases:
        assert main(["annotate", "import", str(path)]) == 2
        err = capsys.readouterr().err
        assert err == f"framing: error: {path}: {words}" + err.split(words, 1)[1], err
        assert len(err.splitlines()) == 1 and words in err


def test_import_notes_on_rule_breaches_and_uncoded_units(tmp_path, capsys):
    p = _coded(
        tmp_path / "coded.csv",
        [("x:0", "negative", "other;political", "a"), ("x:1", "", "economic", "a"),
         ("x:2", "", "", ""), ("x:3", "neutral", "", "a"), ("x:4", "neutral", "other", "a")],
    )  # fmt: skip
    tasks = [
        {"data": {"unit_id": "y:0"}, "annotations": []},
        {"data": {"unit_id": "y:1"}},
        {"data": {"unit_id": "y:2"}, "annotations": [{"was_cancelled": True, "result": []}]},
        {
            "data": {"unit_id": "y:3"},
            "annotations": [{"result": [{"from_name": "tone", "value": {"choices": ["neutral"]}}]}],
        },
    ]
    ls = tmp_path / "ls.json"
    ls.write_text(json.dumps(tasks))
    out = tmp_path / "labels.csv"
    assert main(["annotate", "import", str(p), str(ls), "--out", str(out)]) == 0
    printed, err = capsys.readouterr()
    assert "5 coded units from 2 file(s)" in printed
    assert "(1 without a tone, 2 without frames)" in printed
    assert (
        f"1 coding combines 'other' with another frame, though the codebook's 'other' "
        f"stands alone (only when no other frame applies): {p} row 2 (x:0): other;political"
    ) in err
    assert f"{p}: 1 of 5 rows has no tone and no frames (not coded) and is left out: row 4" in err
    assert (
        f"{ls}: 3 of 4 tasks have no annotation (or only cancelled ones), not coded: left "
        "out: task 0 (y:0), task 1 (y:1), task 2 (y:2)"
    ) in err
    # the rule is the policy_frames codebook's: codebooks without an 'other' frame pass
    gvfc = _coded(tmp_path / "g.csv", [("x:0", "neutral", "politics;economic", "a")])
    assert main(["annotate", "import", str(gvfc), "--codebook", "gvfc"]) == 0
    assert "other" not in capsys.readouterr().err
