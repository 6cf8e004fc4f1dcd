"""Behaviour of ToneClassifier, the shipped tone model and score_texts."""

from __future__ import annotations

import pickle
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from sklearn.base import clone
from sklearn.dummy import DummyClassifier
from sklearn.exceptions import NotFittedError

from framing.tone import (
    TONE_LABELS,
    ToneClassifier,
    ToneFeatures,
    default_tone_model_path,
    load_tone_model,
    tone_inputs,
)

NEG = [
    "The talks collapsed amid bitter accusations of bad faith.",
    "Fighting killed dozens of civilians and the ceasefire failed.",
    "Critics condemned the plan as a dangerous failure.",
    "The attack left the city in fear and anger.",
    "Opposition leaders accused the government of corruption and lies.",
    "The economy shrank again, deepening the crisis.",
]
NEU = [
    "The committee will meet on Tuesday in Brussels.",
    "The report was released on Monday by the ministry.",
    "The vote is scheduled for next week.",
    "Delegates arrived in Geneva for the second round.",
    "The bill now goes to the Senate.",
    "The minister is expected to travel to Paris in May.",
]
POS = [
    "Leaders hailed the agreement as a historic breakthrough.",
    "The reform was a great success and won broad support.",
    "Both sides praised the constructive talks and expressed hope.",
    "The economy grew strongly, bringing relief to families.",
    "Officials welcomed the peace deal with optimism.",
    "The mediators were thanked for their excellent work.",
]
TEXTS = NEG + NEU + POS
LABELS = ["negative"] * 6 + ["neutral"] * 6 + ["positive"] * 6


@pytest.fixture(scope="module")
def fitted() -> ToneClassifier:
    return ToneClassifier(calibration_cv=3, min_df=1).fit(TEXTS, LABELS)


def test_fit_predict_shapes_and_labels(fitted):
    new = [
        "The ceasefire failed and the attack killed many.",
        "The committee meets on Monday.",
        "The agreement was praised as a great success.",
    ]
    pred = fitted.predict(new)
    assert pred.tolist() == ["negative", "neutral", "positive"]
    p = fitted.predict_proba(new)
    assert p.shape == (3, 3)
    np.testing.assert_allclose(p.sum(axis=1), 1.0)
    assert list(fitted.classes_) == list(TONE_LABELS)
    s = fitted.tone_score(new)
    assert np.all((s >= -1) & (s <= 1))
    assert s[0] < s[1] < s[2]
    np.testing.assert_allclose(s, p[:, 2] - p[:, 0])
    assert fitted.temperature_ > 0


def test_predict_is_argmax_of_proba(fitted):
    p = fitted.predict_proba(TEXTS)
    assert (fitted.classes_[p.argmax(axis=1)] == fitted.predict(TEXTS)).all()


def test_score_is_macro_f1(fitted):
    assert fitted.score(TEXTS, LABELS) == pytest.approx(1.0)
    flipped = [{"negative": "positive", "positive": "negative"}.get(v, v) for v in LABELS]
    assert fitted.score(TEXTS, flipped) < 0.5


def test_encoder_probabilities_are_mixed_in(fitted):
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import FunctionTransformer

    # any classifier over the inputs frame stands in for framing.encoder.EncoderClassifier
    text_model = make_pipeline(
        FunctionTransformer(lambda df: df["text"]), TfidfVectorizer(), LogisticRegression(C=10.0)
    )
    mixed = ToneClassifier(calibration_cv=3, min_df=1, encoder=text_model).fit(TEXTS, LABELS)
    enc = mixed.encoder_
    assert enc is not text_model and list(enc.classes_) == list(TONE_LABELS)
    new = ["The attack failed badly.", "The talks resume on Monday.", "A wonderful result."]
    P = mixed.predict_proba(new)
    expected = 0.3 * fitted.predict_proba(new) + 0.7 * enc.predict_proba(tone_inputs(new))
    np.testing.assert_allclose(P, expected, atol=1e-12)
    assert list(mixed.predict(new)) == list(mixed.classes_[P.argmax(axis=1)])
    assert fitted.encoder_ is None
    with pytest.raises(ValueError, match="encoder_weight"):
        ToneClassifier(encoder_weight=-0.1).fit(TEXTS, LABELS)


def test_predict_frame_columns(fitted):
    df = fitted.predict_frame(pd.DataFrame({"text": NEU[:2], "doc_id": ["a", "b"]}))
    assert list(df.columns) == ["tone", "tone_score", "p_negative", "p_neutral", "p_positive"]
    assert len(df) == 2
    assert list(df["tone"].cat.categories) == list(TONE_LABELS)


def test_unfitted_and_clone():
    clf = ToneClassifier(C=0.5)
    with pytest.raises(NotFittedError):
        clf.predict(["x"])
    c = clone(clf)
    assert c.get_params() == clf.get_params()
    assert c.set_params(C=3.0).C == 3.0


def test_bad_labels_and_inputs():
    with pytest.raises(ValueError, match="unknown tone labels"):
        ToneClassifier().fit(TEXTS, ["bad"] * len(TEXTS))
    with pytest.raises(ValueError, match="lack the classes"):
        ToneClassifier().fit(TEXTS[:12], LABELS[:12])
    with pytest.raises(ValueError, match="labels but there are"):
        ToneClassifier().fit(TEXTS, LABELS[:-1])
    with pytest.raises(ValueError, match="targets has"):
        tone_inputs(["a", "b"], targets=[(0, 1)])
    with pytest.raises(ValueError, match="start, end"):
        tone_inputs(["abc"], targets=[5])
    with pytest.raises(ValueError, match="not inside"):
        tone_inputs(["abc"], targets=[(2, 10)])
    # offsets are whole character positions; a fraction, text or a bool is named by row
    for bad in [(0.5, 2), ("a", "b"), (True, 2)]:
        with pytest.raises(ValueError, match=r"targets\[1\] must be a \(start, end\) pair"):
            tone_inputs(["abc", "abc"], targets=[None, bad])
    # whole floats and a table's empty (NaN, NaN) span are accepted
    out = tone_inputs(["abc", "abc"], targets=[(0.0, 2.0), (np.nan, np.nan)])
    assert out["target_end"].tolist()[0] == 2 and np.isnan(out["target_start"][1])


def test_tone_inputs_does_not_mutate_frame():
    df = pd.DataFrame({"text": ["Smith won.", "Jones lost."], "extra": [1, 2]})
    before = df.copy()
    out = tone_inputs(df, targets=[(0, 5), None])
    pd.testing.assert_frame_equal(df, before)
    assert out["target_start"].tolist()[0] == 0 and np.isnan(out["target_start"][1])


def test_targets_change_the_prediction_towards_the_target():
    texts = []
    spans = []
    y = []
    # The same sentence frame, positive towards the first person, negative towards the
    # second: only target-aware features can tell the rows apart.
    pairs = [("Smith", "Jones"), ("Brown", "Green"), ("Lee", "Park"), ("Diaz", "Ortiz")]
    verbs = [("praised", "attacked"), ("thanked", "blamed"), ("defended", "accused")]
    for a, b in pairs:
        for good, bad in verbs:
            t = f"{a} was {good} by voters, while {b} was {bad} by critics."
            texts += [t, t, f"{a} met {b} on Monday."]
            spans += [(0, len(a)), (t.index(b), t.index(b) + len(b)), (0, len(a))]
            y += ["positive", "negative", "neutral"]
    clf = ToneClassifier(calibration_cv=0, min_df=1).fit(texts, y, targets=spans)
    t = "Kim was praised by voters, while Cho was attacked by critics."
    pred = clf.predict([t, t], targets=[(0, 3), (t.index("Cho"), t.index("Cho") + 3)])
    assert pred.tolist() == ["positive", "negative"]


def test_tone_features_names_match_width():
    tf = ToneFeatures(min_df=1).fit(pd.DataFrame({"text": TEXTS}))
    X = tf.transform(TEXTS)
    assert X.shape[1] == len(tf.get_feature_names_out())
    assert any(n.startswith("target_only__") for n in tf.get_feature_names_out())
    tf2 = ToneFeatures(min_df=1, target_interactions=False).fit(TEXTS)
    assert tf2.transform(TEXTS).shape[1] == len(tf2.get_feature_names_out()) < X.shape[1]


def test_pickle_round_trip(fitted):
    again = pickle.loads(pickle.dumps(fitted))
    np.testing.assert_allclose(again.predict_proba(TEXTS), fitted.predict_proba(TEXTS))


def test_reproducible_fit():
    a = ToneClassifier(calibration_cv=3, min_df=1).fit(TEXTS, LABELS)
    b = ToneClassifier(calibration_cv=3, min_df=1).fit(TEXTS, LABELS)
    np.testing.assert_array_equal(a.predict_proba(TEXTS), b.predict_proba(TEXTS))


def test_skops_round_trip_with_trusted_types(fitted, tmp_path):
    import skops.io as sio

    p = tmp_path / "m.skops"
    sio.dump(fitted, p)
    m = load_tone_model(p)
    np.testing.assert_allclose(m.predict_proba(TEXTS), fitted.predict_proba(TEXTS))


class Untrusted(DummyClassifier):
    """A type that is in no trusted list."""


def test_load_refuses_untrusted_types(tmp_path):
    import skops.io as sio

    p = tmp_path / "evil.skops"
    sio.dump(Untrusted().fit([[0], [1]], [0, 1]), p)
    with pytest.raises(ValueError, match="untrusted types.*Untrusted"):
        load_tone_model(p)
    ok = tmp_path / "dummy.skops"
    sio.dump(DummyClassifier().fit([[0], [1]], [0, 1]), ok)
    with pytest.raises(ValueError, match="not a ToneClassifier"):
        load_tone_model(ok)
    with pytest.raises(FileNotFoundError):
        load_tone_model(tmp_path / "missing.skops")


# --- the shipped model ---------------------------------------------------------------


@pytest.fixture(scope="module")
def shipped() -> ToneClassifier:
    if not default_tone_model_path().is_file():
        pytest.fail(f"shipped tone model missing at {default_tone_model_path()}")
    return load_tone_model()


def test_shipped_model_loads_and_is_cached(shipped):
    assert isinstance(shipped, ToneClassifier)
    assert load_tone_model() is shipped


def test_shipped_model_on_clear_cases(shipped):
    texts = [
        "Rebels shelled the city overnight, killing at least 30 civilians.",
        "The talks ended in deadlock, with each side blaming the other.",
        "The summit will take place in Vienna on March 4.",
        "The parliament has 450 seats.",
        "The agreement was warmly welcomed and hailed as a breakthrough for peace.",
        "Investors cheered the strong recovery, and unemployment fell to a record low.",
    ]
    pred = shipped.predict(texts).tolist()
    assert pred == ["negative"] * 2 + ["neutral"] * 2 + ["positive"] * 2


def test_score_texts_keeps_index_and_targets(shipped):
    from framing import score_texts

    s = pd.Series(
        ["Rebels shelled the city, killing 30 civilians.", "Smith praised Jones."], index=[7, 9]
    )
    df = score_texts(s, frames=False)
    assert list(df.index) == [7, 9]
    assert list(df.columns) == ["tone", "tone_score", "p_negative", "p_neutral", "p_positive"]
    assert df.loc[7, "tone"] == "negative"
    towards = score_texts(list(s), targets=[None, (13, 18)], frames=False)
    assert towards["tone_score"].between(-1, 1).all()
    assert towards.loc[1, "tone_score"] != df.loc[9, "tone_score"]


def test_score_texts_keeps_missing_and_blank_texts_as_missing_rows(shipped):
    from framing import score_texts

    texts = pd.Series([None, "Rebels shelled the city, killing 30 civilians.", "  ", float("nan")])
    df = score_texts(texts.set_axis([3, 4, 5, 6]), targets=[(0, 1), None, None, None])
    assert list(df.index) == [3, 4, 5, 6]  # no row is lost
    assert df["tone"].isna().tolist() == [True, False, True, True]
    assert df[["tone_score", "p_negative"]].iloc[[0, 2, 3]].isna().all().all()
    assert df.loc[4, "tone"] == "negative"
    assert df["frames"].tolist()[0] == [] and df.loc[4, "frames"]
    assert df["primary_frame"].tolist()[::2] == [None, None]
    # the scored row is scored as it would be alone
    alone = score_texts([texts[1]])
    assert df.loc[4, "tone_score"] == pytest.approx(alone.loc[0, "tone_score"])
    assert df.loc[4, "frames"] == alone.loc[0, "frames"]
    # nothing to score: the same columns, no rows / all missing
    empty = score_texts([])
    assert list(empty.columns) == list(df.columns) and len(empty) == 0
    assert str(empty["tone"].dtype) == "category"
    assert score_texts(["", None])["tone"].isna().all()
    typed = pd.Series(["Talks collapsed.", pd.NA], dtype="string")  # pandas' string dtype
    assert score_texts(typed, frames=False)["tone"].isna().tolist() == [False, True]


def test_cli_score_prints_paragraph_tone(shipped, tmp_path, capsys):
    import json

    from framing.cli import main

    f = tmp_path / "article.txt"
    f.write_text(
        "Talks collapse as fighting kills dozens\n\n"
        "Rebels shelled the city overnight, killing at least 30 civilians.\n\n"
        "The summit will take place in Vienna on March 4.\n",
        encoding="utf-8",
    )
    assert main(["score", str(f), "--format", "jsonl", "--no-frames"]) == 0
    rows = [json.loads(line) for line in capsys.readouterr().out.splitlines() if line.strip()]
    assert rows and {"doc_id", "para_id", "tone", "tone_score"} <= set(rows[0])
    by_text = {r["para_id"]: r["tone"] for r in rows}
    assert "negative" in by_text.values()


def test_score_passes_sample_weight_to_macro_f1(fitted):
    from sklearn.metrics import f1_score

    y = ["negative"] * 6 + ["neutral"] * 6 + ["negative"] * 6  # the positives mislabelled
    w = np.r_[np.ones(12), np.full(6, 5.0)]
    pred = fitted.predict(TEXTS)
    expected = f1_score(y, pred, labels=list(TONE_LABELS), average="macro", sample_weight=w)
    assert fitted.score(TEXTS, y, sample_weight=w) == pytest.approx(expected)
    assert fitted.score(TEXTS, y, sample_weight=w) != pytest.approx(fitted.score(TEXTS, y))
    with pytest.raises(ValueError, match="sample_weight must have shape"):
        fitted.score(TEXTS, y, sample_weight=[1.0, 2.0])


def test_fit_with_one_unit_of_a_tone_is_a_plain_error():
    texts, labels = TEXTS[:13], LABELS[:13]  # one positive unit
    with pytest.raises(ValueError, match=r"'positive' has 1 unit; .*at least 2 .*calibration_cv=3"):
        ToneClassifier(calibration_cv=3, min_df=1).fit(texts, labels)
    # without calibration one unit of each tone is enough
    m = ToneClassifier(calibration_cv=0, min_df=1).fit(texts, labels)
    assert m.predict_proba(texts).shape == (13, 3)


def test_loading_a_frame_model_as_a_tone_model_says_so(tmp_path):
    from framing._skops import dump_model
    from framing.frames import FrameClassifier, load_frame_model

    p = tmp_path / "frames.skops"
    dump_model(FrameClassifier().fit(TEXTS, [["economic"]] * 9 + [["political"]] * 9), p)
    with pytest.raises(ValueError, match=r"frames.skops is a frame model \(framing.frames.Frame"):
        load_tone_model(p)
    t = tmp_path / "tone.skops"  # and a tone model given as a frame model
    dump_model(ToneClassifier(calibration_cv=0, min_df=1).fit(TEXTS, LABELS), t)
    with pytest.raises(ValueError, match=r"tone.skops is a tone model .*not a frame model"):
        load_frame_model(t)


def test_class_weight_dict_is_keyed_by_tone_label():
    """A dict of class weights names tones; weighing a tone up raises its probability,
    and a key that is no tone is an error naming it."""
    plain = ToneClassifier(calibration_cv=0, min_df=1, class_weight=None).fit(TEXTS, LABELS)
    heavy = ToneClassifier(calibration_cv=0, min_df=1, class_weight={"positive": 5.0})
    heavy.fit(TEXTS, LABELS)
    k = list(TONE_LABELS).index("positive")
    assert (heavy.predict_proba(NEU)[:, k] > plain.predict_proba(NEU)[:, k]).all()
    with pytest.raises(ValueError, match="'upbeat'"):
        ToneClassifier(calibration_cv=0, min_df=1, class_weight={"upbeat": 2.0}).fit(TEXTS, LABELS)


@pytest.fixture(scope="module")
def tt():
    """scripts/train_tone.py as a module (the shipped model's training recipe)."""
    import importlib.util

    root = Path(__file__).resolve().parents[1]
    spec = importlib.util.spec_from_file_location("train_tone", root / "scripts" / "train_tone.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_calibrate_on_keeps_soft_rows_out_of_the_temperature():
    """Rows of a teacher's soft labels (a text once per tone) would tell the temperature
    that identical texts carry every tone, flattening the probabilities: calibrate_on fits
    it on the labelled rows alone. All rows selected is the default, and a mask of the
    wrong kind, or one leaving too few of a tone, is an error."""
    soft = ["Markets were calm.", "The mood soured.", "Hopes rose again."]
    X = TEXTS + [t for t in soft for _ in TONE_LABELS]
    y = LABELS + list(TONE_LABELS) * len(soft)
    w = [1.0] * len(TEXTS) + [0.5, 0.3, 0.2, 0.6, 0.3, 0.1, 0.1, 0.3, 0.6]
    human = np.arange(len(X)) < len(TEXTS)
    est = ToneClassifier(calibration_cv=3, min_df=1, random_state=1)
    everything = clone(est).fit(X, y, sample_weight=w)
    labelled = clone(est).fit(X, y, sample_weight=w, calibrate_on=human)
    assert labelled.temperature_ < everything.temperature_
    np.testing.assert_array_equal(  # the final fit uses every row either way
        labelled.model_.decision_function(tone_inputs(TEXTS)),
        everything.model_.decision_function(tone_inputs(TEXTS)),
    )
    all_rows = clone(est).fit(X, y, sample_weight=w, calibrate_on=np.ones(len(X), dtype=bool))
    assert all_rows.temperature_ == everything.temperature_
    with pytest.raises(ValueError, match="booleans of shape"):
        clone(est).fit(X, y, calibrate_on=human.astype(int))
    with pytest.raises(ValueError, match="'negative' has 2 rows"):
        clone(est).fit(X, y, calibrate_on=human & ~np.isin(np.arange(len(X)), [0, 1, 2, 3]))


def test_teacher_rows_carry_the_teacher_probabilities(tt):
    """scripts/train_tone.py: each pool paragraph enters the model once per tone, weighted
    by the teacher weight times the teacher's probability; the class weights even out the
    tones' summed sample weights, and the temperature is fitted on the labelled rows."""
    base = pd.DataFrame(
        {"text": TEXTS, "target_start": np.nan, "target_end": np.nan, "tone": LABELS,
         "dataset": ["codebook"] * 9 + ["persent"] * 9, "group": "g"}
    )  # fmt: skip
    pool = pd.DataFrame({"unit_id": ["u1", "u2"], "text": ["A calm day.", "A grim day."]})
    P = np.array([[0.1, 0.7, 0.2], [0.8, 0.1, 0.1]])
    df = tt.with_teacher(base, pool, P, 3.0)
    assert df["text"].tolist()[18:] == ["A calm day."] * 3 + ["A grim day."] * 3
    assert df["tone"].tolist()[18:] == list(TONE_LABELS) * 2
    assert df["group"].tolist()[18:] == ["teacher:u1"] * 3 + ["teacher:u2"] * 3
    np.testing.assert_allclose(df["weight"].iloc[18:], [0.3, 2.1, 0.6, 2.4, 0.3, 0.3])
    m = tt.fit(df, min_df=1, calibration_cv=3)
    sw = np.r_[[3.0] * 9 + [1.0] * 9, df["weight"].iloc[18:]]
    per_tone = [sw[df["tone"].to_numpy() == t].sum() * m.class_weight[t] for t in TONE_LABELS]
    np.testing.assert_allclose(per_tone, [sw.sum() / 3] * 3)
    plain = tt.fit(base, min_df=1, calibration_cv=3)
    assert plain.class_weight == "balanced"
    assert m.temperature_ > 0 and m.temperature_ != plain.temperature_


def test_teacher_pool_files_match_the_codes():
    """corpus/distillation: the teachers' probabilities are distributions over the three
    tones for uncoded paragraphs only, and the folds file holds out every randomly drawn
    coded unit from exactly one teacher, so the codebook CV with the teacher is clean."""
    from framing.datasets.annotations import unit_selection

    root = Path(__file__).resolve().parents[1]
    probs = pd.read_csv(root / "corpus" / "distillation" / "tone_teacher_pool.csv.gz")
    folds = pd.read_csv(root / "corpus" / "distillation" / "tone_teacher_folds.csv")
    assert probs["unit_id"].is_unique and len(probs) > 10_000
    teachers = [f"f{i}" for i in range(5)]
    assert list(probs.columns) == ["unit_id"] + [f"{f}_{t}" for f in teachers for t in TONE_LABELS]
    for f in teachers:
        p = probs[[f"{f}_{t}" for t in TONE_LABELS]].to_numpy()
        assert ((p >= 0) & (p <= 1)).all()
        np.testing.assert_allclose(p.sum(axis=1), 1.0, atol=3e-4)
    assert probs["unit_id"].str.match(r"(polnear|basil|ukraine):").all()
    batches = sorted((root / "corpus" / "annotations").glob("labels_batch_*.csv"))
    coded = pd.concat([pd.read_csv(b) for b in batches])["unit_id"]
    assert not probs["unit_id"].isin(coded).any()
    selection = unit_selection(root / "corpus" / "annotations")
    random_units = set(coded[coded.map(selection) == "random"])
    assert folds["unit_id"].is_unique and set(folds["unit_id"]) == random_units
    assert sorted(folds["fold"].unique()) == list(range(5))


def test_teacher_files_are_checked(tt, tmp_path):
    """scripts/train_tone.py refuses a teacher pool without its columns, and a folds file
    under which a unit scored in CV fold i was not held out from teacher i."""
    bad = tmp_path / "pool.csv"
    pd.DataFrame({"unit_id": ["u1"], "f0_negative": [0.2], "f0_neutral": [0.8]}).to_csv(
        bad, index=False
    )
    with pytest.raises(SystemExit, match="missing \\['f0_positive'\\]"):
        tt.read_teacher_pool(pd.DataFrame(), bad)
    n = 60
    train = pd.DataFrame(
        {
            "text": [f"t{i}" for i in range(n + 10)],
            "tone": (list(TONE_LABELS) * 24)[: n + 10],
            "dataset": ["codebook"] * n + ["vader_nyt"] * 10,
            "group": [f"d{i}" for i in range(n)] + [f"nyt{i // 2}" for i in range(10)],
            "selection": "random",
            "unit_id": [f"u{i}" for i in range(n)] + [None] * 10,
        }
    )
    _, _, ik, kfolds = tt.cv_folds(train)
    held = pd.concat(
        pd.DataFrame({"unit_id": train["unit_id"].iloc[ik[te]], "fold": i})
        for i, (_, te) in enumerate(kfolds)
    )
    folds = tmp_path / "folds.csv"
    held.to_csv(folds, index=False)
    tt.check_teacher_folds(train, ik, kfolds, 5, folds)  # the CV's own folds: clean
    moved = held["unit_id"].iloc[0]
    held.loc[held["unit_id"] == moved, "fold"] = (held["fold"].iloc[0] + 1) % 5
    held.to_csv(folds, index=False)
    with pytest.raises(SystemExit, match=f"not held out from its teacher \\(e.g. {moved}\\)"):
        tt.check_teacher_folds(train, ik, kfolds, 5, folds)
