"""Annotation workflow: stratified export for coders and import of coded files."""

from __future__ import annotations

import json

import pandas as pd
import pytest

from framing.annotate import (
    doccano_labels,
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
        "out: task 1 (unit_id y:0), task 2 (unit_id y:1), task 3 (unit_id y:2)"
    ) in err
    # the rule is the policy_frames codebook's: codebooks without an 'other' frame pass
    gvfc = _coded(tmp_path / "g.csv", [("x:0", "neutral", "politics;economic", "a")])
    assert main(["annotate", "import", str(gvfc), "--codebook", "gvfc"]) == 0
    assert "other" not in capsys.readouterr().err


def test_locations_are_what_an_editor_or_spreadsheet_shows(tmp_path, capsys):
    # CSV: the spreadsheet row (header row 1); a blank line is a row a spreadsheet shows
    p = tmp_path / "coded.csv"
    p.write_text("unit_id,tone,frames\nx:0,neutral,other\n\nx:1,neutral,weather\n")
    with pytest.raises(ValueError, match=r"coded\.csv: row 4: label 'weather'"):
        read_coded(p)
    # Label Studio: task N counting from 1, with the task's id and unit id
    tasks = [
        {"id": 41, "data": {"unit_id": "x:0"}, "annotations": []},
        {
            "id": 42,
            "data": {"unit_id": "x:1"},
            "annotations": [{"result": [{"from_name": "tone", "value": {"choices": ["cross"]}}]}],
        },
    ]
    ls = tmp_path / "ls.json"
    ls.write_text(json.dumps(tasks))
    with pytest.raises(ValueError, match=r"ls\.json: task 2 \(id 42, unit_id x:1\): unknown tone"):
        read_coded(ls)
    tasks[1]["annotations"] += [
        {"result": [{"from_name": "tone", "value": {"choices": ["neutral"]}}]},
        {"result": [{"from_name": "frames", "value": {"choices": ["flood"]}}]},
    ]
    tasks[1]["annotations"][0]["result"][0]["value"]["choices"] = ["negative"]
    ls.write_text(json.dumps(tasks))
    with pytest.raises(ValueError, match=r"task 2 annotation 3 \(id 42, unit_id x:1\): label 'flo"):
        read_coded(ls)
    tasks[1]["annotations"].pop()
    ls.write_text(json.dumps(tasks))
    assert main(["annotate", "import", str(ls)]) == 0
    err = capsys.readouterr().err
    assert "left out: task 1 (id 41, unit_id x:0)" in err
    assert f"x:1 ({ls} task 2 annotation 1 (id 42), {ls} task 2 annotation 2 (id 42))" in err
    # doccano: line N counting from 1, blank lines included
    dc = tmp_path / "dc.jsonl"
    dc.write_text('{"unit_id": "x:0", "label": ["other"]}\n\n{"unit_id": "x:1", "label": ["x"]}\n')
    with pytest.raises(ValueError, match=r"dc\.jsonl: line 3: label 'x'"):
        read_coded(dc)
    dc.write_text('{"unit_id": "x:0", "label": ["other"]}\n{"unit_id": "x:1", "label": [}\n')
    with pytest.raises(ValueError, match=r"dc\.jsonl: line 2: not a JSON object"):
        read_coded(dc)


def test_doccano_primary_frame_is_explicit(tmp_path, capsys):
    s = _sample()
    out = export_sample(s, tmp_path / "tasks.jsonl", format="doccano")
    label_set = json.loads((tmp_path / "tasks.jsonl.doccano-labels.json").read_text())
    assert label_set == doccano_labels()
    names = [x["text"] for x in label_set]
    assert names[:3] == ["tone:negative", "tone:neutral", "tone:positive"]
    assert "primary:economic" in names and "economic" in names and len(names) == 3 + 2 * 15
    lines = [json.loads(x) for x in out.read_text().splitlines()]
    # doccano lists labels in no order: the primary: label decides, wherever it is
    lines[0]["label"] = ["economic", "tone:negative", "primary:political"]
    lines[1]["label"] = ["primary:legality", "legality"]  # also ticked as a further frame
    lines[2]["label"] = ["policy"]  # one frame: it is the primary
    lines[3]["label"] = ["public_opinion", "economic"]  # several, none primary: unknown
    out.write_text("\n".join(json.dumps(x) for x in lines) + "\n")
    labels = read_coded(out)
    assert labels["frames"].tolist() == [
        ["political", "economic"],
        ["legality"],
        ["policy"],
        ["public_opinion", "economic"],
    ]
    assert main(["annotate", "import", str(out)]) == 0
    err = capsys.readouterr().err
    assert (
        f"{out}: 1 coding has several frames but no primary frame (no 'primary:<frame>' "
        "label; doccano keeps labels in no order), so the primary frame is not known: line 4;"
    ) in err
    assert "line 1" not in err and "line 3" not in err
    lines[0]["label"] = ["primary:economic", "primary:political"]
    out.write_text("\n".join(json.dumps(x) for x in lines) + "\n")
    with pytest.raises(ValueError, match=r"line 1: more than one primary frame \['economic', 'p"):
        read_coded(out)
    lines[0]["label"] = ["primary:economic", "Negative"]
    out.write_text("\n".join(json.dumps(x) for x in lines) + "\n")
    with pytest.raises(ValueError, match=r"line 1: label 'Negative' is a tone: .*'tone:negative'"):
        read_coded(out)
    # a unit id kept under "meta" (older doccano exports) is found there
    out.write_text(json.dumps({"text": "t", "meta": {"unit_id": "x:9"}, "label": ["other"]}))
    assert read_coded(out, format="doccano")["unit_id"].tolist() == ["x:9"]


def test_labelstudio_without_primary_frame_is_noted(tmp_path, capsys):
    choices = [{"from_name": "frames", "value": {"choices": ["economic", "political"]}}]
    tasks = [{"id": 5, "data": {"unit_id": "x:0"}, "annotations": [{"result": choices}]}]
    ls = tmp_path / "ls.json"
    ls.write_text(json.dumps(tasks))
    assert main(["annotate", "import", str(ls)]) == 0
    err = capsys.readouterr().err
    assert "1 coding has several frames but no primary frame (no 'primary_frame' choice)" in err
    assert "task 1 (id 5, unit_id x:0)" in err
    # choices of a config of one's own are not guessed at: the note names them
    mine = [{"from_name": "sentiment", "value": {"choices": ["neutral"]}}]
    tasks[0]["annotations"] = [{"result": mine}]
    ls.write_text(json.dumps(tasks))
    assert main(["annotate", "import", str(ls)]) == 0
    err = capsys.readouterr().err
    assert "1 annotation without a tone or a frame (not coded): left out: task 1 (id 5" in err
    assert "choices named sentiment are not read: tone and frames are read from" in err
    # Label Studio's JSON-MIN export has no "data": say which export to use
    ls.write_text(json.dumps([{"unit_id": "x:0", "text": "t", "tone": "neutral"}]))
    with pytest.raises(ValueError, match=r"task 1 has no data.unit_id; this looks like .*JSON-MIN"):
        read_coded(ls)


def test_guess_format_of_json_files(tmp_path):
    # doccano JSON Lines saved as .json are read as doccano, one task as Label Studio
    p = tmp_path / "dc.json"
    p.write_text('{"unit_id": "x:0", "label": ["other"]}\n{"unit_id": "x:1", "label": []}\n')
    assert read_coded(p)["unit_id"].tolist() == ["x:0"]
    task = {"data": {"unit_id": "x:2"}, "annotations": [{"result": []}]}
    task["annotations"][0]["result"] = [{"from_name": "tone", "value": {"choices": ["neutral"]}}]
    p.write_text(json.dumps(task))
    assert read_coded(p)["unit_id"].tolist() == ["x:2"]


def test_csv_coded_row_without_unit_id_is_an_error(tmp_path):
    p = _coded(tmp_path / "c.csv", [("x:0", "neutral", "other", "a"), ("", "neutral", "", "a")])
    with pytest.raises(ValueError, match=r"c\.csv: 1 coded row without a unit_id: row 3; copy"):
        read_coded(p)


def test_unit_ids_round_trip_from_export_to_training(tmp_path, capsys):
    from framing.corpus import sample_corpus_files
    from framing.train import read_training_data

    files = [str(p) for p in sample_corpus_files()]
    exported = {}
    for fmt, ext in (("csv", "csv"), ("labelstudio", "json"), ("doccano", "jsonl")):
        out = tmp_path / f"sample.{ext}"
        assert main(["annotate", "export", *files, "--n", "8", "--out", str(out),
                     "--format", fmt]) == 0  # fmt: skip
        exported[fmt] = out
    t = pd.read_csv(exported["csv"], dtype=str, keep_default_na=False)
    ids = t["unit_id"].tolist()
    assert all(u == f"{d}:{p}" for u, d, p in zip(ids, t["doc_id"], t["para_id"], strict=True))
    t["tone"], t["frames"] = "neutral", "political;economic"
    t.to_csv(exported["csv"], index=False)
    tasks = json.loads(exported["labelstudio"].read_text())
    for task in tasks:
        task["annotations"] = [
            {"result": [{"from_name": "primary_frame", "value": {"choices": ["legality"]}}]}
        ]
    exported["labelstudio"].write_text(json.dumps(tasks))
    lines = [json.loads(x) for x in exported["doccano"].read_text().splitlines()]
    for rec in lines:
        rec["label"] = ["tone:negative", "primary:policy"]
    exported["doccano"].write_text("\n".join(json.dumps(x) for x in lines))
    for fmt, path in exported.items():
        labels_csv = tmp_path / f"labels_{fmt}.csv"
        assert main(["annotate", "import", str(path), "--out", str(labels_csv)]) == 0
        labels = pd.read_csv(labels_csv, dtype=str)
        assert labels["unit_id"].tolist() == ids, fmt  # exactly the exported ids
        data = read_training_data(labels_csv, texts=files)
        assert data["unit_id"].tolist() == ids, fmt  # each finds its text in the corpus
    # ids that do not match: the message names them and says what the texts' ids look like
    bad = pd.DataFrame({"unit_id": ["sample:" + ids[0], "nowhere:3"], "frames": ["other"] * 2})
    with pytest.raises(ValueError) as e:
        read_training_data(bad, texts=files)
    msg = str(e.value)
    assert f"sample:{ids[0]}" in msg and "nowhere:3" in msg and "ids there look like '" in msg
    assert "the labels' ids start with 'sample:' and the texts' do not" in msg
    # the bundled sample corpus' own sample:<doc_id>:<para_id> ids need no --texts
    data = read_training_data(bad.iloc[:1])
    assert data["unit_id"].tolist() == ["sample:" + ids[0]] and data["text"].iloc[0] != ""
