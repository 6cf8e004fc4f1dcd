"""Worked examples for framing.evaluate metrics and cross-validation."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from sklearn.dummy import DummyClassifier
from sklearn.linear_model import LinearRegression, LogisticRegression

from framing.evaluate import (
    alpha_vs_gold,
    classification_table,
    confusion_table,
    cross_validate,
    krippendorff_alpha,
    macro_f1,
    pearson_r,
)

NAN = float("nan")

# Krippendorff (2011), "Computing Krippendorff's Alpha-Reliability", section C: four
# observers, twelve units, values 1-5, with missing values. Published results:
# nominal 0.743, ordinal 0.815, interval 0.849, ratio 0.797.
KRIPP_C = [
    [1, 2, 3, 3, 2, 1, 4, 1, 2, NAN, NAN, NAN],
    [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, NAN, 3],
    [NAN, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, NAN],
    [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, NAN],
]


@pytest.mark.parametrize(
    ("level", "expected"),
    [("nominal", 0.743), ("ordinal", 0.815), ("interval", 0.849), ("ratio", 0.797)],
)
def test_krippendorff_published_example(level, expected):
    assert krippendorff_alpha(KRIPP_C, level=level) == pytest.approx(expected, abs=5e-4)


def test_krippendorff_binary_two_coders():
    # Krippendorff (2011), section A: two observers, binary data, alpha = 0.095.
    a = [0, 1, 0, 0, 0, 0, 0, 0, 1, 0]
    b = [1, 1, 1, 0, 0, 1, 0, 0, 0, 0]
    assert krippendorff_alpha([a, b]) == pytest.approx(0.095, abs=5e-4)


def test_krippendorff_strings_missing_and_edge_cases():
    a = ["neg", "pos", "neu", None, "pos"]
    b = ["neg", "pos", "neu", "pos", "pos"]
    assert krippendorff_alpha([a, b]) == pytest.approx(1.0)
    # perfect disagreement on two categories: alpha < 0
    assert krippendorff_alpha([["a", "b", "a", "b"], ["b", "a", "b", "a"]]) < 0
    # no variation at all: undefined
    assert math.isnan(krippendorff_alpha([["a", "a"], ["a", "a"]]))
    with pytest.raises(ValueError, match="one value per unit"):
        krippendorff_alpha([[1, 2], [1]])
    with pytest.raises(ValueError, match="numeric"):
        krippendorff_alpha([["a", "b"], ["a", "a"]], level="interval")
    with pytest.raises(ValueError, match="level"):
        krippendorff_alpha([[1, 2], [1, 2]], level="cardinal")


def test_alpha_vs_gold_is_two_coder_alpha():
    gold = ["neg", "neu", "pos", "neu", "neg", "pos"]
    pred = ["neg", "neu", "neu", "neu", "pos", "pos"]
    assert alpha_vs_gold(gold, pred) == pytest.approx(krippendorff_alpha([gold, pred]))
    assert alpha_vs_gold(gold, gold) == pytest.approx(1.0)


def test_macro_f1_worked_example():
    # class a: P=1/2 R=1 F=2/3; class b: P=1/2 R=1/2 F=1/2; class c: F=0 -> mean 7/18
    y = ["a", "b", "b", "c"]
    p = ["a", "a", "b", "b"]
    assert macro_f1(y, p) == pytest.approx(7 / 18)
    assert macro_f1(y, p, labels=["a", "b"]) == pytest.approx((2 / 3 + 1 / 2) / 2)
    with pytest.raises(ValueError, match="3 items"):
        macro_f1(["a"] * 3, ["a"] * 2)


def test_classification_table_worked_example():
    t = classification_table(["a", "b", "b", "c"], ["a", "a", "b", "b"])
    assert list(t.index) == ["a", "b", "c", "macro avg"]
    assert t.loc["a", "precision"] == pytest.approx(0.5)
    assert t.loc["a", "recall"] == pytest.approx(1.0)
    assert t.loc["b", "f1"] == pytest.approx(0.5)
    assert t.loc["c", "f1"] == 0
    assert t.loc["macro avg", "f1"] == pytest.approx(7 / 18)
    assert t["support"].tolist() == [1, 2, 1, 4]


def test_multilabel_inputs_agree_across_forms():
    gold = [["econ", "pol"], ["pol"], []]
    pred = [["econ"], ["pol"], ["econ"]]
    # econ: P=1/2 R=1 F=2/3; pol: P=1 R=1/2 F=2/3
    assert macro_f1(gold, pred) == pytest.approx(2 / 3)
    ind_gold = np.array([[1, 1], [0, 1], [0, 0]])
    ind_pred = np.array([[1, 0], [0, 1], [1, 0]])
    assert macro_f1(ind_gold, ind_pred) == pytest.approx(2 / 3)
    df_gold = pd.DataFrame(ind_gold, columns=["econ", "pol"])
    df_pred = pd.DataFrame(ind_pred, columns=["econ", "pol"])
    t = classification_table(df_gold, df_pred)
    assert list(t.index) == ["econ", "pol", "macro avg"]
    assert t.loc["pol", "recall"] == pytest.approx(0.5)
    assert t.loc["econ", "support"] == 1


def test_confusion_table_worked_example():
    c = confusion_table(
        ["neg", "neg", "pos", "neu"], ["neg", "pos", "pos", "neg"], labels=["neg", "neu", "pos"]
    )
    assert c.index.name == "gold" and c.columns.name == "predicted"
    assert c.to_numpy().tolist() == [[1, 0, 1], [1, 0, 0], [0, 0, 1]]


def test_pearson_r():
    assert pearson_r([1, 2, 3], [2, 4, 6]) == pytest.approx(1.0)
    assert pearson_r([1, 2, 3], [3, 2, 1]) == pytest.approx(-1.0)
    assert math.isnan(pearson_r([1, 1, 1], [1, 2, 3]))


def test_cross_validate_classifier_keeps_oof_predictions():
    rng = np.random.default_rng(0)
    X = rng.normal(size=(120, 2))
    y = np.where(X[:, 0] > 0, "pos", "neg")
    seen = []
    res = cross_validate(LogisticRegression(), X, y, n_splits=4, on_fold=seen.append)
    assert len(res.folds) == 4
    # on_fold hears of every fold as it ends, with the fold's own figures and wall time
    assert [r["fold"] for r in seen] == [0, 1, 2, 3] and {r["n_splits"] for r in seen} == {4}
    assert [r["macro_f1"] for r in seen] == res.folds["macro_f1"].tolist()
    assert all(r["seconds"] >= 0 for r in seen)
    assert res.folds["n_test"].sum() == 120
    assert res.oof.shape == (120,)
    assert res.summary["macro_f1"] > 0.9
    assert res.mean()["macro_f1"] > 0.9
    # a majority-class dummy scores far lower on the same folds
    dummy = cross_validate(DummyClassifier(), X, y, n_splits=4)
    assert dummy.summary["macro_f1"] < 0.6


def test_cross_validate_groups_keep_documents_together():
    rng = np.random.default_rng(1)
    X = rng.normal(size=(60, 1))
    y = (X[:, 0] > 0).astype(str)
    groups = np.repeat(np.arange(12), 5)
    seen = []

    class Spy(DummyClassifier):
        def fit(self, X, y, sample_weight=None):
            seen.append(set(np.round(X[:, 0], 8)))
            return super().fit(X, y, sample_weight)

    res = cross_validate(Spy(), X, y, n_splits=3, groups=groups)
    assert len(res.folds) == 3
    for tr_values, (_, row) in zip(seen, res.folds.iterrows(), strict=True):
        assert row["n_train"] == len(tr_values)
    # every test fold is made of whole groups of 5
    assert all(n % 5 == 0 for n in res.folds["n_test"])


def test_cross_validate_train_only_rows_train_every_fold_and_are_never_scored():
    rng = np.random.default_rng(3)
    X = np.column_stack([np.arange(60.0), rng.normal(size=60)])
    y = np.where(X[:, 1] > 0, "pos", "neg")
    groups = np.repeat(np.arange(12), 5)
    extra = np.zeros(60, dtype=bool)
    extra[[0, 1, 30, 31]] = True  # rows of groups 0 and 6
    fits = []

    class Spy(DummyClassifier):
        def fit(self, X, y, sample_weight=None):
            fits.append(set(X[:, 0].astype(int)))
            return super().fit(X, y, sample_weight)

    res = cross_validate(Spy(), X, y, n_splits=3, groups=groups, train_only=extra)
    assert res.folds["n_test"].sum() == 56
    assert all(v is None for v in res.oof[extra]) and all(v is not None for v in res.oof[~extra])
    for rows, (_, fold) in zip(fits, res.folds.iterrows(), strict=True):
        # the fold's test groups: those of the scored rows it did not train on
        test_groups = {groups[r] for r in np.flatnonzero(~extra) if r not in rows}
        # train-only rows train every fold, except those of the fold's own test groups
        assert {r for r in (0, 1, 30, 31) if groups[r] not in test_groups} <= rows
        assert not {r for r in (0, 1, 30, 31) if groups[r] in test_groups} & rows
        assert fold["n_train"] == len(rows)
    # probabilities: the train-only rows stay NaN
    prob = cross_validate(LogisticRegression(), X, y, method="predict_proba", train_only=extra)
    assert np.isnan(prob.oof[extra]).all() and not np.isnan(prob.oof[~extra]).any()
    with pytest.raises(ValueError, match="train_only has 3 entries for 60 samples"):
        cross_validate(Spy(), X, y, train_only=[True, False, False])


def test_cross_validate_continuous_and_proba():
    rng = np.random.default_rng(2)
    X = rng.normal(size=(80, 3))
    y = X @ np.array([1.0, -2.0, 0.5]) + rng.normal(scale=0.1, size=80)
    res = cross_validate(LinearRegression(), X, y)
    assert res.summary["pearson_r"] > 0.99
    yc = np.where(y > 0, "pos", "neg")
    prob = cross_validate(LogisticRegression(), X, yc, method="predict_proba")
    assert prob.oof.shape == (80, 2)
    np.testing.assert_allclose(prob.oof.sum(axis=1), 1.0)
    with pytest.raises(ValueError, match="cannot be split"):
        cross_validate(LinearRegression(), X[:3], y[:3], n_splits=5)
