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
