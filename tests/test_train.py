"""framing train: a frame model on a researcher's own codebook and labels."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest
from conftest import ROOT
from test_frames import TRAIN

from framing.cli import main
from framing.frames import FrameClassifier, load_frame_model
from framing.train import format_report, read_training_data, train_frame_model

OWN_TOML = """\
name = "news4"

[[frames]]
key = "war"
code = 1
definition = "Fighting, troops and weapons."
seed_terms = ["troops", "soldiers", "attack"]

[[frames]]
key = "money"
code = 2
definition = "Prices, budgets, taxes, markets and jobs."
seed_terms = ["prices", "tax", "jobs"]

[[frames]]
key = "opinion"
code = 3
definition = "Polls, protests and what the public thinks."
seed_terms = ["poll", "protesters"]

[[frames]]
key = "politics"
code = 4
definition = "Parties, campaigns and elections."
seed_terms = ["campaign", "party"]
"""

TO_OWN = {
    "security_defense": "1",
    "economic": "2",
    "public_opinion": "3",
    "political": "4",
}


def _own_labels():
    rows = []
    for i, (text, frames) in enumerate(TRAIN):
        codes = [TO_OWN[f] for f in frames.split(";") if f in TO_OWN]
        rows.append({"unit_id": f"doc{i // 2}:{i % 2}", "text": text, "frames": ";".join(codes)})
    return pd.DataFrame(rows)


@pytest.fixture
def own(tmp_path):
    cb = tmp_path / "news4.toml"
    cb.write_text(OWN_TOML)
    labels = tmp_path / "labels.csv"
    _own_labels().to_csv(labels, index=False)
    return cb, labels


def test_train_frame_model_reports_cv_and_fits(own):
    cb, labels = own
    r = train_frame_model(labels, cb, cv=3, estimator=FrameClassifier(C=0.5))
    s = r.summary
    assert s["codebook"] == "news4" and s["n_units"] == 24 and s["n_frames"] == 4
    for k in ("micro_f1", "macro_f1", "primary_accuracy"):
        assert 0.0 <= s[k] <= 1.0
    assert s["primary_accuracy"] > 0.5  # four well separated topics
    assert list(r.per_frame.index[:4]) == ["war", "money", "opinion", "politics"]
    assert len(r.predictions) == 24 and r.predictions["frames"].iloc[0] == ["war"]
    # out-of-fold probability of every frame: higher for the frames the coders gave
    keys = np.array(["war", "money", "opinion", "politics"])
    P = r.predictions[[f"p_{k}" for k in keys]].to_numpy()
    assert ((P >= 0) & (P <= 1)).all()
    gold = np.array([[k in f for k in keys] for f in r.predictions["frames"]])
    assert P[gold].mean() > P[~gold].mean() + 0.2
    PP = r.predictions[[f"primary_p_{k}" for k in keys]].to_numpy()
    np.testing.assert_allclose(PP.sum(axis=1), 1.0)
    assert list(keys[PP.argmax(axis=1)]) == list(r.predictions["predicted_primary"])
    assert list(r.model.classes_) == ["war", "money", "opinion", "politics"]
    assert r.model.predict_primary(["Soldiers attacked the town."])[0] == "war"
    # grouping by document keeps both paragraphs of a document in one fold
    g = train_frame_model(labels, cb, cv=3, group_by="doc", fit_final=False)
    assert g.model is None and g.summary["group_by"] == "doc"
    with pytest.raises(ValueError, match="group_by"):
        train_frame_model(labels, cb, cv=3, group_by="outlet")
    # train-only units (a purposive sample) train every fold and are never scored
    extra = ["doc0:0", "doc0:1", "doc5:0"]
    t = train_frame_model(labels, cb, cv=3, group_by="doc", train_only=extra)
    assert t.summary["n_units"] == 24 and t.summary["n_scored"] == 21
    assert len(t.predictions) == 21 and not t.predictions["unit_id"].isin(extra).any()
    assert "scored on 21 units; the other 3 are train-only" in format_report(t)


def test_texts_from_a_separate_table_or_corpus(own, tmp_path):
    cb, _ = own
    lab = _own_labels()
    texts = tmp_path / "texts.csv"
    lab[["unit_id", "text"]].to_csv(texts, index=False)
    no_text = lab.drop(columns="text")
    data = read_training_data(no_text, cb, [texts])
    assert len(data) == 24 and data["text"].iloc[0] == TRAIN[0][0]
    assert data["frames"].iloc[0] == ["war"]
    # a corpus input: paragraphs are matched as <doc_id>:<para_id>
    d = tmp_path / "doc0.txt"
    d.write_text(TRAIN[0][0] + "\n\n" + TRAIN[1][0] + "\n")
    data = read_training_data(no_text.head(2), cb, [d])
    assert data["text"].tolist() == [TRAIN[0][0], TRAIN[1][0]]
    with pytest.raises(ValueError, match="no 'text' column"):
        read_training_data(no_text, cb)
    bad = lab.assign(frames=["9"] + lab["frames"].tolist()[1:])
    with pytest.raises(ValueError, match="row 2: label '9'"):
        read_training_data(bad, cb)
    with pytest.raises(ValueError, match="missing column"):
        read_training_data(lab.drop(columns="frames"), cb)


def test_cli_train_with_own_codebook(own, tmp_path, capsys):
    cb, labels = own
    model = tmp_path / "m.skops"
    report = tmp_path / "cv.json"
    args = ["train", "--codebook", str(cb), "--labels", str(labels), "--cv", "3"]
    pred = tmp_path / "oof.csv"
    assert (
        main([*args, "--out", str(model), "--report", str(report), "--predictions", str(pred)]) == 0
    )
    out, err = capsys.readouterr()
    oof = pd.read_csv(pred)
    assert len(oof) == 24 and oof["frames"].iloc[0] == "war"
    assert set(oof.columns) >= {"unit_id", "predicted", "predicted_primary", "p_war", "p_politics"}
    assert f"out-of-fold predictions written to {pred}" in out
    assert main([*args[:-1], "0", "--predictions", str(pred)]) == 2
    assert "--predictions writes out-of-fold predictions: it needs --cv" in capsys.readouterr().err
    assert "codebook news4: 4 frames, 24 labelled units" in out
    # one progress line per fold on stderr, the report alone on stdout
    folds = [ln for ln in err.splitlines() if ln.startswith("fold ")]
    assert [ln.split(":")[0] for ln in folds] == ["fold 1/3", "fold 2/3", "fold 3/3"]
    assert "primary accuracy" in folds[0] and "units scored" in folds[0]
    assert "fold 1/3" not in out
    assert "micro-F1" in out and "primary accuracy" in out
    summary = json.loads(report.read_text())
    assert summary["n_units"] == 24 and 0 <= summary["micro_f1"] <= 1
    m = load_frame_model(model)
    assert list(m.classes_) == ["war", "money", "opinion", "politics"]
    assert m.predict_primary(["A new poll of voters; protesters rallied."])[0] == "opinion"


def test_cli_train_with_stemmed_words(own, tmp_path, capsys):
    from framing.frames import StemmedNgrams

    cb, labels = own
    model = tmp_path / "m.skops"
    args = ["train", "--codebook", str(cb), "--labels", str(labels), "--cv", "3", "--stem"]
    assert main([*args, "--out", str(model)]) == 0
    assert "primary accuracy" in capsys.readouterr().out
    m = load_frame_model(model)
    assert isinstance(m.features_.transformer_list[0][1], StemmedNgrams)
    assert m.predict_primary(["Polls of voters; protesters rallying."])[0] == "opinion"


def test_a_trained_model_scores_and_analyses_from_the_cli(own, tmp_path, capsys):
    import hashlib

    cb, labels = own
    model = tmp_path / "m.skops"
    train = ["train", "--codebook", str(cb), "--labels", str(labels), "--cv", "0"]
    assert main([*train, "--out", str(model)]) == 0
    doc = tmp_path / "story.txt"
    doc.write_text(
        "Troops and soldiers attacked the border town overnight.\n\n"
        "Prices rose again and the tax on jobs went up.\n"
    )
    capsys.readouterr()
    assert main(["score", str(doc), "--format", "csv", "--frame-model", str(model)]) == 0
    from io import StringIO

    scores = pd.read_csv(StringIO(capsys.readouterr().out))
    assert {f"p_{k}" for k in ("war", "money", "opinion", "politics")} <= set(scores.columns)
    assert "p_economic" not in scores.columns  # the shipped policy-frame model was not used
    assert list(scores["primary_frame"]) == ["war", "money"]
    out = tmp_path / "run"
    analyze = ["analyze", str(doc), "--out", str(out), "--no-figures"]
    assert main([*analyze, "--frame-model", str(model)]) == 0
    paras = pd.read_csv(out / "paragraphs.csv")
    assert list(paras["primary_frame"]) == ["war", "money"]
    run = json.loads((out / "run.json").read_text())
    frames = run["models"]["frames"]
    assert frames["path"] == str(model)
    assert frames["sha256"] == hashlib.sha256(model.read_bytes()).hexdigest()
    assert run["models"]["tone"]["path"].endswith("tone.skops")  # the shipped tone model
    # a wrong model file is one line naming the file, before any corpus is read
    for flag, path, words in [
        ("--frame-model", tmp_path / "none.skops", ["frame model not found", "none.skops"]),
        ("--tone-model", model, ["m.skops is a frame model", "not a tone model"]),
    ]:
        assert main(["score", str(doc), flag, str(path)]) == 2
        err = capsys.readouterr().err
        assert err.startswith("framing: error: ") and all(w in err for w in words), err


def sample_tone_files(tmp_path):
    """The project's codebook labels of the bundled sample corpus (166 units) and a
    ``unit_id``/``text`` table of its paragraphs, as ``framing train --tone`` reads them."""
    import framing

    p = framing.load_sample_corpus().paragraphs
    texts = tmp_path / "texts.csv"
    ids = "sample:" + p["doc_id"] + ":" + p["para_id"].astype(str)
    pd.DataFrame({"unit_id": ids, "text": p["text"]}).to_csv(texts, index=False)
    return ROOT / "corpus" / "annotations" / "labels_sample.csv", texts


def test_cli_train_a_tone_model_and_score_with_it(tmp_path, capsys):
    """The project's codebook tone labels of the bundled sample corpus, trained from the CLI."""
    from framing.tone import load_tone_model

    sample_labels, texts = sample_tone_files(tmp_path)
    coded = pd.read_csv(sample_labels, dtype=str, keep_default_na=False)
    first = coded.iloc[0]
    coded.loc[0, "tone"] = first["tone"].upper()  # case does not matter
    again = first.to_frame().T.assign(tone="positive", coder="coder_z")  # 2nd coding: ignored
    frames_only = pd.DataFrame([{"unit_id": "sample:x:1", "tone": "", "frames": "economic"}])
    coded = pd.concat([coded, again, frames_only], ignore_index=True)
    labels = tmp_path / "coded.csv"
    coded.to_csv(labels, index=False)
    model, pred, report = tmp_path / "tone.skops", tmp_path / "oof.csv", tmp_path / "cv.json"
    args = ["train", "--tone", "--labels", str(labels), "--texts", str(texts), "--cv", "3"]
    args += ["--group-by", "doc", "--out", str(model), "--C", "1.5"]
    assert main([*args, "--predictions", str(pred), "--report", str(report)]) == 0
    out, err = capsys.readouterr()
    assert "tone: 166 labelled units (87 negative, 64 neutral, 15 positive)" in out
    assert "macro-F1" in out and "alpha vs gold" in out
    folds = [ln.split(":")[0] for ln in err.splitlines() if ln.startswith("fold ")]
    assert folds == ["fold 1/3", "fold 2/3", "fold 3/3"]
    oof = pd.read_csv(pred)
    cols = ["unit_id", "tone", "predicted", "p_negative", "p_neutral", "p_positive"]
    assert list(oof.columns) == cols and len(oof) == 166
    assert oof["tone"].iloc[0] == first["tone"].lower()
    P = oof[cols[3:]].to_numpy()
    np.testing.assert_allclose(P.sum(axis=1), 1.0, atol=1e-3)
    tones = np.array(["negative", "neutral", "positive"])
    assert list(tones[P.argmax(axis=1)]) == list(oof["predicted"])
    gold = oof["tone"].to_numpy()[:, None] == tones
    assert P[gold].mean() > P[~gold].mean() + 0.1  # more probability on the coders' tone
    summary = json.loads(report.read_text())
    assert summary["task"] == "tone" and summary["group_by"] == "doc"
    assert summary["accuracy"] == pytest.approx((oof["tone"] == oof["predicted"]).mean())
    # 110 coded paragraphs per fold, unseen articles: above VADER alone on these units
    # (0.41, tone model card) though below what the shipped model's 22,511 rows give
    assert summary["macro_f1"] > 0.45
    m = load_tone_model(model)
    assert m.C == 1.5  # --C is the tone model's with --tone
    # the saved model scores a corpus from the CLI
    doc = tmp_path / "story.txt"
    doc.write_text("Leaders hailed the agreement as a great success.\n")
    capsys.readouterr()
    assert main(["score", str(doc), "--format", "csv", "--tone-model", str(model)]) == 0
    from io import StringIO

    row = pd.read_csv(StringIO(capsys.readouterr().out)).iloc[0]
    assert row["p_positive"] == pytest.approx(m.predict_proba([doc.read_text().strip()])[0, 2])
    # frame options do not go with --tone; a bad tone names the file and the row
    assert main([*args, "--codebook", "pfc"]) == 2
    assert "--codebook: for frame models, not with --tone" in capsys.readouterr().err
    coded.assign(tone=["angry"] + list(coded["tone"])[1:]).to_csv(labels, index=False)
    assert main(args) == 2
    assert "coded.csv: row 2: tone 'angry' is not one of" in capsys.readouterr().err
    assert main(["train", "--labels", str(labels)]) == 2
    assert "--codebook is needed" in capsys.readouterr().err
    # encoder settings without --encoder would be silently unused: refused
    assert main([*args[:-4], "--encoder-seeds", "3", "--encoder-lr", "1e-5"]) == 2
    assert "--encoder-lr, --encoder-seeds: only with --encoder" in capsys.readouterr().err
    assert main([*args, "--encoder", "--encoder-seeds", "0"]) == 2
    assert "--encoder-seeds must be 1 or more, got 0" in capsys.readouterr().err


def test_cli_bad_input_is_one_line_naming_the_file(own, tmp_path, capsys, monkeypatch):
    cb, labels = own
    bad_cb = tmp_path / "bad.toml"
    bad_cb.write_text(OWN_TOML.replace('key = "money"', 'key = "war"'))
    bad_labels = tmp_path / "coded.csv"
    pd.read_csv(labels).assign(frames="weather").to_csv(bad_labels, index=False)
    cases = [
        (["--codebook", str(bad_cb), "--labels", str(labels)], ["bad.toml", "war"]),
        (["--codebook", str(cb), "--labels", str(bad_labels)], ["coded.csv", "row 2", "weather"]),
        (["--codebook", str(cb), "--labels", str(tmp_path / "none.csv")], ["none.csv"]),
    ]
    for args, words in cases:
        assert main(["train", *args, "--cv", "0"]) == 2
        err = capsys.readouterr().err
        assert err.startswith("framing: error: ") and len(err.splitlines()) == 1, err
        assert all(w in err for w in words), err
        assert "Traceback" not in err
    monkeypatch.setenv("FRAMING_DEBUG", "1")  # the traceback, for bug reports
    with pytest.raises(ValueError, match="coded.csv: row 2"):
        main(["train", "--codebook", str(cb), "--labels", str(bad_labels), "--cv", "0"])


def test_gvfc_adapter_writes_a_labels_file(tmp_path):
    from conftest import need_dataset

    from framing.codebook import Codebook
    from framing.datasets.gvfc import gvfc_text, load_gvfc, write_gvfc_labels

    need_dataset("gvfc")
    g = load_gvfc()
    assert len(g) == 1052 and g["theme1"].between(1, 9).all()
    assert g["frames"].map(len).between(1, 2).all()
    p = write_gvfc_labels(tmp_path / "g.csv")
    data = read_training_data(p, "gvfc")
    assert len(data) == 1052
    assert data["frames"].iloc[0] == [Codebook.builtin("gvfc").key_for(g["theme1"].iloc[0])]
    assert data["text"].iloc[0] == g["headline"].iloc[0]
    both = read_training_data(write_gvfc_labels(tmp_path / "h.csv", text="headline_lead"), "gvfc")
    assert both["text"].iloc[0].startswith(g["headline"].iloc[0] + "\n\n")
    assert gvfc_text("Big news", '"Big news By A. Writer, Jan 1. Rest of lead.') == (
        "Big news\n\nBy A. Writer, Jan 1. Rest of lead."
    )
    with pytest.raises(ValueError, match="text must be one of"):
        write_gvfc_labels(tmp_path / "x.csv", text="lead")


def _tone_csv(tmp_path, n_positive=6, name="tone.csv"):
    from test_tone import LABELS as TONES
    from test_tone import TEXTS as TONE_TEXTS

    rows = [
        {"unit_id": f"d{i}:1", "text": t, "tone": y}
        for i, (t, y) in enumerate(zip(TONE_TEXTS, TONES, strict=True))
    ]
    pos = [r for r in rows if r["tone"] == "positive"][:n_positive]
    rows = [r for r in rows if r["tone"] != "positive"] + pos
    path = tmp_path / name
    pd.DataFrame(rows).to_csv(path, index=False)
    return path


def test_tone_labels_from_import_labels_leave_out_units_without_a_tone():
    from framing.train import read_tone_labels

    lab = pd.DataFrame(
        {
            "unit_id": ["a:1", "a:2", "a:3", "a:4"],
            "text": ["One.", "Two.", "Three.", "Four."],
            "frames": ["economic", "political", "economic", "legality"],
            "tone": ["negative", None, np.nan, ""],  # frames only: import_labels gives None
        }
    )
    data = read_tone_labels(lab)
    assert list(data["unit_id"]) == ["a:1"] and list(data["tone"]) == ["negative"]


def test_too_few_units_of_a_tone_is_a_plain_error_naming_the_file(tmp_path, capsys):
    from framing.tone import ToneClassifier
    from framing.train import _min_per_tone, train_tone_model

    # stratified folds: a test fold takes at most ceil(n / cv) of a tone's n units, and
    # each calibration fold's training part needs one of them
    assert [_min_per_tone(5, cv) for cv in (0, 2, 3, 5)] == [2, 4, 3, 3]
    assert _min_per_tone(0, 0) == 1 and _min_per_tone(0, 3) == 2
    two = _tone_csv(tmp_path, 2, "two.csv")
    with pytest.raises(ValueError, match=r"two.csv: tone labels: 'positive' has 2 units; "
                       r"the model needs at least 3 of each tone \(calibration_cv=5, 3-fold"):  # fmt: skip
        train_tone_model(two, cv=3)
    one = _tone_csv(tmp_path, 1, "one.csv")
    with pytest.raises(ValueError, match=r"one.csv: .*'positive' has 1 unit; .*at least 2"):
        train_tone_model(one, cv=0)
    assert main(["train", "--tone", "--labels", str(two), "--cv", "3"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("framing: error: ") and "two.csv" in err and "shape" not in err
    # at the minimum, every fold trains (folds by unit are stratified by tone)
    three = _tone_csv(tmp_path, 3, "three.csv")
    est = ToneClassifier(min_df=1, calibration_cv=3)
    with pytest.warns(UserWarning, match="least populated class"):  # calibration folds
        res = train_tone_model(three, estimator=est, cv=3, fit_final=False)
    assert res.summary["label_counts"]["positive"] == 3 and len(res.predictions) == 15
    # trained, with a note that three is too few to learn a tone from
    err = capsys.readouterr().err
    assert "three.csv: few units of a tone ('negative' 6, 'neutral' 6, 'positive' 3; " in err
    assert "fewer than 10): the model will seldom predict it" in err


def test_labels_file_errors_name_the_file(own, tmp_path):
    from framing.train import train_tone_model

    cb, labels = own
    ragged = tmp_path / "ragged.csv"
    ragged.write_text('unit_id,text,frames\nd:1,A text,1\nd:2,Another, longer text,"1;2"\n')
    with pytest.raises(ValueError, match=r"ragged.csv: could not be read as CSV \(Error tokeniz"):
        read_training_data(ragged, cb)
    with pytest.raises(ValueError, match=r"none.csv: missing column\(s\) \['frames'\]: columns "
                       r"found: 'unit_id', 'none'; expected: unit_id, frames"):  # fmt: skip
        (tmp_path / "none.csv").write_text("unit_id,none\nd:1,x\n")
        read_training_data(tmp_path / "none.csv", cb)
    two = _tone_csv(tmp_path, 0, "two.csv")
    with pytest.raises(ValueError, match=r"two.csv: the tone labels have no \['positive'\]"):
        train_tone_model(two, cv=0)


def test_blank_texts_come_from_the_texts_or_are_an_error(own, tmp_path):
    cb, labels = own
    lab = pd.read_csv(labels, dtype=str, keep_default_na=False)
    texts = lab[["unit_id", "text"]]
    all_blank = tmp_path / "all_blank.csv"
    lab.assign(text="").to_csv(all_blank, index=False)
    data = read_training_data(all_blank, cb, texts)  # a blank column counts as absent
    assert list(data["text"]) == list(read_training_data(labels, cb)["text"])
    with pytest.raises(ValueError, match="all_blank.csv has no blank 'text' column; pass"):
        read_training_data(all_blank, cb)
    some = tmp_path / "some_blank.csv"
    lab.assign(text=["", " "] + list(lab["text"])[2:]).to_csv(some, index=False)
    with pytest.raises(
        ValueError, match=r"some_blank.csv: 2 units have a blank text \(rows 2, 3\)"
    ):
        read_training_data(some, cb)
    filled = read_training_data(some, cb, texts)
    assert list(filled["text"]) == list(read_training_data(labels, cb)["text"])
    with pytest.raises(
        ValueError, match=r"blank text that the texts do not have either \(rows 3\)"
    ):
        read_training_data(some, cb, texts.iloc[[0]])


def test_excel_labels_files_are_read_like_coded_files(own, tmp_path):
    """Semicolons, a byte-order mark and ``Tone`` / `` frames `` headers, as Excel writes."""
    from framing.train import read_tone_labels

    cb, labels = own
    lab = pd.read_csv(labels, dtype=str, keep_default_na=False).assign(tone="neutral")
    semi = tmp_path / "semi.csv"
    semi.write_text(
        "\ufeff"
        + lab.rename(columns={"tone": "Tone", "frames": " frames "}).to_csv(sep=";", index=False),
        encoding="utf-8",
    )
    pd.testing.assert_frame_equal(read_training_data(semi, cb), read_training_data(labels, cb))
    assert read_tone_labels(semi)["tone"].eq("neutral").all()
    texts = tmp_path / "texts.csv"
    lab[["unit_id", "text"]].to_csv(texts, sep=";", index=False)
    data = read_training_data(lab.drop(columns="text"), cb, [texts])
    assert data["text"].tolist() == lab["text"].tolist()


def test_several_codings_of_a_unit_are_reported_and_the_first_is_used(own, tmp_path, capsys):
    from framing.train import read_tone_labels

    cb, labels = own
    lab = pd.read_csv(labels, dtype=str, keep_default_na=False).assign(tone="neutral")
    plain = tmp_path / "plain.csv"
    lab.to_csv(plain, index=False)
    before = read_training_data(plain, cb)
    assert capsys.readouterr().err == ""  # every unit coded once: no note, nothing dropped
    second = lab.iloc[[0, 1, 2]].assign(tone=["positive", "neutral", "neutral"])
    second["frames"] = ["2", lab["frames"].iloc[1], lab["frames"].iloc[2]]
    coded = tmp_path / "coded_twice.csv"
    pd.concat([lab, second], ignore_index=True).to_csv(coded, index=False)
    data = read_training_data(coded, cb)
    pd.testing.assert_frame_equal(data, before)  # the first coding of each unit
    err = capsys.readouterr().err
    assert err.startswith(
        f"framing train: {coded}: 3 units have several frame codings, 1 of them different: "
        "doc0:0 (rows 2, 26); training uses the first coding (row) of each unit"
    ), err
    tone = read_tone_labels(coded)
    assert tone["tone"].eq("neutral").all() and len(tone) == 24
    assert "3 units have several tone codings, 1 of them different: doc0:0 (rows 2, 26)" in (
        capsys.readouterr().err
    )
    same = tmp_path / "same.csv"
    pd.concat([lab, lab.iloc[[5]]], ignore_index=True).to_csv(same, index=False)
    read_tone_labels(same)
    assert "1 unit has several tone codings, the same each time: e.g. doc2:1 (rows 7, 26)" in (
        capsys.readouterr().err
    )


def test_units_without_text_are_named(own, tmp_path, capsys):
    cb, labels = own
    lab = pd.read_csv(labels, dtype=str, keep_default_na=False)
    texts = lab[["unit_id", "text"]].iloc[2:]
    no_text = tmp_path / "coded.csv"
    lab.drop(columns="text").to_csv(no_text, index=False)
    data = read_training_data(no_text, cb, texts)
    assert len(data) == 22
    err = capsys.readouterr().err
    assert (
        f"framing train: {no_text}: 2 labelled units have no text in the texts given and are "
        "left out: doc0:0, doc0:1; pass texts that contain these documents/paragraphs "
        "(--texts), or fix the ids"
    ) in err
    d = tmp_path / "doc0.txt"
    d.write_text(TRAIN[0][0] + "\n")
    read_training_data(no_text, cb, [d])
    err = capsys.readouterr().err
    assert f"{no_text}: 23 labelled units have no text in --texts {d} and are left out: " in err
    assert "doc0:1, doc1:0, doc1:1, doc2:0, doc2:1 and 18 more" in err
    with pytest.raises(ValueError, match=r"no unit id of .*coded.csv was found among --texts "
                       r".*story.txt \(e.g. doc0:0, doc0:1, doc1:0 and 21 more\)"):  # fmt: skip
        (tmp_path / "story.txt").write_text(TRAIN[0][0] + "\n")
        read_training_data(no_text, cb, [tmp_path / "story.txt"])


def test_report_says_how_frames_absent_from_the_labels_count(own, tmp_path):
    """A codebook frame nobody coded counts F1 0 in the per-frame table's macro avg but not
    in the reported macro-F1 (frames present): the report says so, with both counts."""
    _, labels = own
    cb = tmp_path / "news5.toml"
    cb.write_text(
        OWN_TOML.replace('name = "news4"', 'name = "news5"')
        + '\n[[frames]]\nkey = "health"\ncode = 5\ndefinition = "Illness and care."\n'
        'seed_terms = ["hospital"]\n'
    )
    r = train_frame_model(labels, cb, cv=3, fit_final=False)
    text = format_report(r)
    assert r.per_frame.loc["health", "support"] == 0
    assert "counts the 1 frame(s) absent from the labels as F1 0" in text
    assert "over the 4 frames present" in text
    assert "absent from the labels" not in format_report(
        train_frame_model(labels, own[0], cv=3, fit_final=False)
    )


def test_cli_train_prints_loader_problems_of_the_texts_as_notes(own, tmp_path, capsys):
    """--texts DIR with a file the loader skips: one "framing: warning:" line naming the
    file, not a Python warning with its source line."""
    cb, _ = own
    lab = _own_labels().head(2).drop(columns="text")
    labels = tmp_path / "labels.csv"
    lab.to_csv(labels, index=False)
    d = tmp_path / "texts"
    d.mkdir()
    (d / "doc0.txt").write_text(TRAIN[0][0] + "\n\n" + TRAIN[1][0] + "\n")
    (d / "notes.md").write_text("# not news\n")
    args = ["train", "--codebook", str(cb), "--labels", str(labels), "--texts", str(d)]
    main([*args, "--cv", "0"])
    err = capsys.readouterr().err
    assert f"framing: warning: {d / 'notes.md'}: skipped: unsupported file type '.md'" in err
    assert "LoaderWarning" not in err
