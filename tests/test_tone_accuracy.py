"""Accuracy of tone scoring on real labelled news from ../shared/data.

Every figure is measured on data the shipped model was not trained on: PerSenT ``dev``
and NewsMTSC ``dev_rw`` are held out by scripts/train_tone.py, the sample-corpus labels
are never trained on, and the NYT snippets and codebook labels are cross-validated.

The issue's targets (on the held-back test portions) are PerSenT macro-F1 >= 0.55,
NewsMTSC real-world macro-F1 >= 0.75, NYT r >= 0.60 and codebook paragraphs macro-F1 >=
0.65. The model does not reach them yet (see framing/models/tone_model_card.md); these
tests pin what it does reach on dev/CV, with a small margin, and that it beats VADER
alone on the same texts. They skip when the data is absent and fail when CI=true.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from conftest import ROOT, need_dataset

from framing.evaluate import cross_validate, macro_f1, pearson_r
from framing.features import vader_analyzer
from framing.tone import ToneClassifier, load_tone_model

pytestmark = pytest.mark.data


def vader(texts) -> tuple[np.ndarray, np.ndarray]:
    an = vader_analyzer()
    c = np.array([an.polarity_scores(t)["compound"] for t in texts])
    return np.where(c >= 0.05, "positive", np.where(c <= -0.05, "negative", "neutral")), c


@pytest.fixture(scope="module")
def model() -> ToneClassifier:
    return load_tone_model()


def test_persent_dev_paragraphs(model):
    need_dataset("persent")
    from framing.datasets.persent import read_persent

    dev = read_persent("dev")
    f1 = macro_f1(dev["tone"], model.predict(dev["text"]))
    base = macro_f1(dev["tone"], vader(dev["text"])[0])
    # measured 0.383 (shipped model: 4,321 codebook units and the teacher's pool; 0.393
    # without the pool, same machine)
    assert f1 >= 0.375
    assert f1 >= base + 0.03


def test_newsmtsc_dev_rw_towards_target(model):
    need_dataset("newsmtsc")
    from framing.datasets.newsmtsc import read_newsmtsc

    rw = read_newsmtsc("dev_rw")
    spans = list(zip(rw["target_start"], rw["target_end"], strict=True))
    f1 = macro_f1(rw["tone"], model.predict(rw["text"], targets=spans))
    base = macro_f1(rw["tone"], vader(rw["text"])[0])
    assert f1 >= 0.64  # measured 0.652 (0.657 without the teacher's pool)
    assert f1 >= base + 0.10
    # the target spans matter: without them the same sentences score worse
    assert f1 > macro_f1(rw["tone"], model.predict(rw["text"]))


def test_sample_corpus_codebook_labels(model):
    from framing import load_sample_corpus

    labels = pd.read_csv(ROOT / "corpus" / "annotations" / "labels_sample.csv")
    p = load_sample_corpus().paragraphs
    texts = dict(
        zip("sample:" + p["doc_id"] + ":" + p["para_id"].astype(str), p["text"], strict=True)
    )
    labels = labels[labels["unit_id"].isin(texts)]
    assert len(labels) >= 100
    x = labels["unit_id"].map(texts)
    f1 = macro_f1(labels["tone"], model.predict(x))
    assert f1 >= 0.50  # measured 0.523 (0.505 without the teacher's pool)
    assert f1 > macro_f1(labels["tone"], vader(x)[0])


@pytest.mark.slow
def test_vader_nyt_cross_validated_r():
    need_dataset("vader_nyt")
    from framing.datasets.vader_nyt import read_vader_nyt

    nyt = read_vader_nyt()
    res = cross_validate(
        ToneClassifier(calibration_cv=0, min_df=3),
        nyt[["text"]],
        nyt["tone"],
        n_splits=3,
        groups=nyt["doc"],
        method="tone_score",
        metrics={},
    )
    r = pearson_r(res.oof, nyt["score"])
    r_vader = pearson_r(vader(nyt["text"])[1], nyt["score"])
    assert r_vader == pytest.approx(0.49, abs=0.01)  # VADER's published figure
    assert r >= 0.53
    assert r >= r_vader + 0.04


@pytest.mark.slow
def test_codebook_labels_cross_validated():
    for name in ("polnear", "basil", "ukraine_news_bias"):
        need_dataset(name)
    from framing.datasets.units import paragraph_units

    files = sorted((ROOT / "corpus" / "annotations").glob("labels_batch_*.csv"))
    labels = pd.concat([pd.read_csv(f) for f in files]).drop_duplicates("unit_id")
    df = labels.merge(paragraph_units(), on="unit_id").reset_index(drop=True)
    assert len(df) >= 1000
    res = cross_validate(
        ToneClassifier(calibration_cv=0, min_df=2), df[["text"]], df["tone"], n_splits=5
    )
    base = macro_f1(df["tone"], vader(df["text"])[0])
    assert res.summary["macro_f1"] >= 0.46
    assert res.summary["macro_f1"] >= base + 0.05


def test_teacher_pool_paragraphs_are_in_the_data():
    """Every paragraph the teachers labelled resolves to a text of the shared data, long
    enough to have been labelled (scripts/train_tone.py would refuse the file otherwise)."""
    for name in ("polnear", "basil", "ukraine_news_bias"):
        need_dataset(name)
    from framing.datasets.units import paragraph_units

    probs = pd.read_csv(ROOT / "corpus" / "distillation" / "tone_teacher_pool.csv.gz")
    units = paragraph_units(["polnear", "basil", "ukraine"]).set_index("unit_id")["text"]
    assert probs["unit_id"].isin(units.index).all()
    assert (units.loc[probs["unit_id"]].str.strip().str.len() >= 20).all()
