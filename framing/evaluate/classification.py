"""Agreement and accuracy measures for labelled data, and k-fold cross-validation.

Works for any labels: tone (one label per unit), frames (several labels per unit, given
as a binary indicator matrix or as lists of labels) or continuous scores.

Examples
--------
>>> from framing.evaluate import macro_f1, krippendorff_alpha
>>> round(macro_f1(["neg", "pos", "pos", "neu"], ["neg", "pos", "neu", "neu"]), 3)
0.778
>>> round(krippendorff_alpha([[0, 1, 0, 0, 0, 0, 0, 0, 1, 0],
...                           [1, 1, 1, 0, 0, 1, 0, 0, 0, 0]]), 3)
0.095
"""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from itertools import combinations
from numbers import Number
from typing import Any

import numpy as np
import pandas as pd
from sklearn.base import clone
from sklearn.metrics import confusion_matrix, f1_score, precision_recall_fscore_support
from sklearn.model_selection import GroupKFold, KFold, StratifiedKFold
from sklearn.preprocessing import MultiLabelBinarizer
from sklearn.utils import _safe_indexing

__all__ = [
    "CVResult",
    "alpha_vs_gold",
    "classification_table",
    "confusion_table",
    "cross_validate",
    "krippendorff_alpha",
    "macro_f1",
    "pearson_r",
]


def _is_multilabel(y: Any) -> bool:
    if isinstance(y, pd.DataFrame):
        return True
    arr = y if isinstance(y, np.ndarray) else None
    if arr is not None:
        return arr.ndim == 2
    seq = list(y)
    return bool(seq) and all(isinstance(v, (list, tuple, set, frozenset)) for v in seq)


def _as_indicator(
    y_true: Any, y_pred: Any, labels: Sequence | None
) -> tuple[np.ndarray, np.ndarray, list]:
    """Both multi-label inputs as indicator matrices with shared label names."""
    if isinstance(y_true, pd.DataFrame):
        names = list(y_true.columns) if labels is None else list(labels)
        t = y_true[names].to_numpy().astype(int)
        p = (y_pred[names] if isinstance(y_pred, pd.DataFrame) else np.asarray(y_pred)).astype(int)
        return t, np.asarray(p), names
    if isinstance(y_true, np.ndarray) and y_true.ndim == 2:
        names = list(range(y_true.shape[1])) if labels is None else list(labels)
        return y_true.astype(int), np.asarray(y_pred).astype(int), names
    yt, yp = [list(v) for v in y_true], [list(v) for v in y_pred]
    names = sorted({x for v in yt + yp for x in v}) if labels is None else list(labels)
    mlb = MultiLabelBinarizer(classes=names)
    return mlb.fit_transform(yt), mlb.transform(yp), names


def _check_lengths(y_true: Any, y_pred: Any) -> None:
    if len(y_true) != len(y_pred):
        raise ValueError(f"y_true has {len(y_true)} items but y_pred has {len(y_pred)}")
    if len(y_true) == 0:
        raise ValueError("no items to evaluate")


def macro_f1(y_true: Any, y_pred: Any, labels: Sequence | None = None) -> float:
    """Unweighted mean of the per-class F1 scores.

    Parameters
    ----------
    y_true, y_pred : array-like of shape (n_samples,) or multi-label
        Single labels, or for multi-label data: indicator matrices (ndarray or DataFrame
        with one column per label) or sequences of label lists.
    labels : sequence, default=None
        Classes to average over; default is every class seen in either input.

    Returns
    -------
    float
        Macro-averaged F1 (a class never predicted nor present counts as 0 only if it is
        listed in ``labels``).
    """
    _check_lengths(y_true, y_pred)
    if _is_multilabel(y_true):
        t, p, _ = _as_indicator(y_true, y_pred, labels)
        return float(f1_score(t, p, average="macro", zero_division=0))
    lab = None if labels is None else list(labels)
    return float(f1_score(list(y_true), list(y_pred), labels=lab, average="macro", zero_division=0))


def classification_table(y_true: Any, y_pred: Any, labels: Sequence | None = None) -> pd.DataFrame:
    """Per-class precision, recall, F1 and support, with a ``macro avg`` row.

    Parameters
    ----------
    y_true, y_pred : array-like
        As for :func:`macro_f1` (single labels or multi-label).
    labels : sequence, default=None
        Rows to report, in this order; default is every class seen, sorted.

    Returns
    -------
    pandas.DataFrame
        Index: class names and ``"macro avg"``; columns ``precision``, ``recall``, ``f1``,
        ``support`` (number of gold items of the class).
    """
    _check_lengths(y_true, y_pred)
    if _is_multilabel(y_true):
        t, p, names = _as_indicator(y_true, y_pred, labels)
        pr, rc, f1, sup = precision_recall_fscore_support(t, p, average=None, zero_division=0)
    else:
        yt, yp = list(y_true), list(y_pred)
        names = sorted(set(yt) | set(yp), key=str) if labels is None else list(labels)
        pr, rc, f1, sup = precision_recall_fscore_support(
            yt, yp, labels=names, average=None, zero_division=0
        )
    df = pd.DataFrame(
        {"precision": pr, "recall": rc, "f1": f1, "support": sup.astype(int)},
        index=pd.Index(names, name="class", dtype=object),
    )
    df.loc["macro avg"] = [pr.mean(), rc.mean(), f1.mean(), int(sup.sum())]
    df["support"] = df["support"].astype(int)
    return df


def confusion_table(y_true: Any, y_pred: Any, labels: Sequence | None = None) -> pd.DataFrame:
    """Confusion matrix as a DataFrame: rows are gold classes, columns predicted classes.

    >>> confusion_table(["a", "b", "b"], ["a", "a", "b"]).to_numpy().tolist()
    [[1, 0], [1, 1]]
    """
    _check_lengths(y_true, y_pred)
    yt, yp = list(y_true), list(y_pred)
    names = sorted(set(yt) | set(yp), key=str) if labels is None else list(labels)
    m = confusion_matrix(yt, yp, labels=names)
    return pd.DataFrame(
        m,
        index=pd.Index(names, name="gold", dtype=object),
        columns=pd.Index(names, name="predicted", dtype=object),
    )


def pearson_r(x: Any, y: Any) -> float:
    """Pearson correlation of two continuous score vectors (NaN if either is constant)."""
    a, b = np.asarray(x, dtype=float), np.asarray(y, dtype=float)
    _check_lengths(a, b)
    if a.std() == 0 or b.std() == 0:
        return float("nan")
    return float(np.corrcoef(a, b)[0, 1])


def _distance(level: str, values: np.ndarray, counts: np.ndarray) -> np.ndarray:
    """Squared distance matrix delta^2 between the value categories (Krippendorff 2011)."""
    k = len(values)
    if level == "nominal":
        return 1.0 - np.eye(k)
    if level == "interval":
        v = values.astype(float)
        return (v[:, None] - v[None, :]) ** 2
    if level == "ratio":
        v = values.astype(float)
        s = v[:, None] + v[None, :]
        with np.errstate(invalid="ignore", divide="ignore"):
            d = ((v[:, None] - v[None, :]) / s) ** 2
        return np.nan_to_num(d)
    if level == "ordinal":
        # delta_ck = (sum_{g=c..k} n_g - (n_c + n_k)/2)^2 over the ranks of the values.
        cum = np.concatenate([[0.0], np.cumsum(counts)])
        d = np.zeros((k, k))
        for c in range(k):
            for j in range(k):
                lo, hi = min(c, j), max(c, j)
                d[c, j] = (cum[hi + 1] - cum[lo] - (counts[c] + counts[j]) / 2.0) ** 2
        return d
    raise ValueError(f"level must be nominal, ordinal, interval or ratio; got {level!r}")


def _missing(v: Any) -> bool:
    """None, NaN (any float width), pd.NA, pd.NaT; never a list/set of frames."""
    return v is None or (pd.api.types.is_scalar(v) and bool(pd.isna(v)))


def _clean(coding: Sequence) -> list:
    """A coding as a list: missing values as None, numpy scalars as Python values."""
    return [
        None if _missing(v) else v.item() if isinstance(v, (np.number, np.bool_, np.str_)) else v
        for v in coding
    ]


def _check_types(codings: Sequence[list], names: Sequence | None = None) -> None:
    """Raise if the codes mix numbers and strings (1 and "1" would be two categories)."""
    names = [f"coder {i + 1}" for i in range(len(codings))] if names is None else names
    kinds = []
    for name, c in zip(names, codings, strict=True):
        num = {type(v).__name__ for v in c if isinstance(v, Number)}
        txt = {type(v).__name__ for v in c if isinstance(v, str)}
        if num and txt:
            raise ValueError(
                f"{name}'s codes mix numbers ({', '.join(sorted(num))}) and strings "
                f"({', '.join(sorted(txt))}): 1 and '1' would count as different "
                "categories; convert the codes to one type first"
            )
        kinds.append(("numbers", num) if num else ("strings", txt) if txt else None)
    seen = [(n, k) for n, k in zip(names, kinds, strict=True) if k is not None]
    for (n1, (k1, t1)), (n2, (k2, t2)) in combinations(seen, 2):
        if k1 != k2:
            raise ValueError(
                f"{n1}'s codes are {k1} ({', '.join(sorted(t1))}) and {n2}'s are {k2} "
                f"({', '.join(sorted(t2))}): 1 and '1' would count as different "
                "categories; convert the codes to one type first"
            )


def krippendorff_alpha(reliability_data: Any, level: str = "nominal") -> float:
    """Krippendorff's alpha for any number of coders, with missing values.

    Parameters
    ----------
    reliability_data : DataFrame, mapping, or array-like of shape (n_coders, n_units)
        A :class:`pandas.DataFrame` is a coding spreadsheet: one column per coder, one
        row per unit (every column counts as a coder, so drop id and text columns
        first). A mapping is ``{coder: codes}``. Any other array-like (list of lists,
        2-D array) has one row per coder and one column per unit. Missing values are
        anything :func:`pandas.isna` calls missing (None, NaN, ``pd.NA``, ``pd.NaT``).
        Values may be strings for the nominal level.
    level : {"nominal", "ordinal", "interval", "ratio"}, default="nominal"
        Level of measurement (the distance function).

    Returns
    -------
    float
        ``1 - D_o / D_e``; 1 is perfect agreement, 0 chance agreement. NaN if there is no
        pairable unit or no variation at all.

    Raises
    ------
    ValueError
        If the codes mix numbers and strings (``1`` and ``"1"`` would count as two
        categories), naming the coder(s) concerned; if the rows differ in length.

    Notes
    -----
    Follows Krippendorff (2011), "Computing Krippendorff's Alpha-Reliability", with the
    coincidence matrix; units coded by fewer than two coders are not pairable and are
    left out.
    """
    if isinstance(reliability_data, pd.DataFrame):
        names = [f"coder {c}" for c in reliability_data.columns]
        rows = [_clean(reliability_data[c].tolist()) for c in reliability_data.columns]
    elif isinstance(reliability_data, Mapping):
        names = [f"coder {c}" for c in reliability_data]
        rows = [_clean(v) for v in reliability_data.values()]
    else:
        names = None
        rows = [_clean(r) for r in reliability_data]
    if not rows:
        raise ValueError("reliability_data is empty")
    n_units = len(rows[0])
    if any(len(r) != n_units for r in rows):
        raise ValueError("every coder's row must have one value per unit")
    _check_types(rows, names)

    present = sorted({v for r in rows for v in r if v is not None}, key=lambda v: (str(type(v)), v))
    if level != "nominal":
        try:
            present = sorted(present, key=float)
        except (TypeError, ValueError):
            raise ValueError(f"level {level!r} needs numeric values") from None
    index = {v: i for i, v in enumerate(present)}
    k = len(present)
    o = np.zeros((k, k))
    for u in range(n_units):
        vals = [index[r[u]] for r in rows if r[u] is not None]
        m = len(vals)
        if m < 2:
            continue
        cnt = np.bincount(vals, minlength=k).astype(float)
        o += (np.outer(cnt, cnt) - np.diag(cnt)) / (m - 1)
    n_c = o.sum(axis=1)
    n = n_c.sum()
    if n <= 1 or k < 2:
        return float("nan")  # nothing pairable, or no variation: alpha is undefined
    d = _distance(level, np.asarray(present, dtype=object), n_c)
    d_o = (o * d).sum() / n
    d_e = (np.outer(n_c, n_c) * d).sum() / (n * (n - 1))
    if d_e == 0:
        return float("nan")
    return float(1.0 - d_o / d_e)


def alpha_vs_gold(y_true: Any, y_pred: Any, level: str = "nominal") -> float:
    """Krippendorff's alpha between gold labels and predictions, treated as two coders."""
    _check_lengths(y_true, y_pred)
    return krippendorff_alpha([list(y_true), list(y_pred)], level=level)


@dataclass
class CVResult:
    """Outcome of :func:`cross_validate`.

    Attributes
    ----------
    folds : pandas.DataFrame
        One row per fold: ``fold``, ``n_train``, ``n_test`` and one column per metric.
    oof : numpy.ndarray
        Out-of-fold predictions (or probabilities / scores), one per sample.
    summary : dict
        Each metric computed once on all out-of-fold predictions (pooled).
    """

    folds: pd.DataFrame
    oof: np.ndarray
    summary: dict = field(default_factory=dict)

    def mean(self) -> pd.Series:
        """Mean of each metric over folds."""
        return self.folds.drop(columns=["fold", "n_train", "n_test"]).mean()


def cross_validate(
    estimator: Any,
    X: Any,
    y: Any,
    *,
    n_splits: int = 5,
    groups: Any = None,
    method: str | Callable[[Any, Any], Any] = "predict",
    metrics: dict | None = None,
    random_state: int = 0,
    fit_params: dict | None = None,
    train_only: Any = None,
    on_fold: Callable[[dict], Any] | None = None,
) -> CVResult:
    """K-fold cross-validation of any estimator, keeping the out-of-fold predictions.

    Parameters
    ----------
    estimator : estimator
        Cloned and fitted once per fold.
    X : array-like or DataFrame
        Inputs (row-indexable).
    y : array-like
        Labels (1-D, or a 2-D indicator matrix for multi-label) or continuous targets.
    n_splits : int, default=5
        Number of folds.
    groups : array-like, default=None
        Group per sample (e.g. document id) so that a group never spans train and test
        (GroupKFold). Otherwise folds are stratified for 1-D class labels and plain
        shuffled k-fold for anything else.
    method : str or callable, default="predict"
        Estimator method whose output is collected (e.g. ``"predict_proba"``,
        ``"tone_score"``), or a function ``f(fitted_estimator, X_test)``.
    metrics : dict, default=None
        Name -> ``f(y_true, y_out)``. Default: macro-F1 for ``predict`` on labels,
        Pearson r for continuous ``y``, none otherwise.
    random_state : int, default=0
        Seed of the fold shuffling.
    fit_params : dict, default=None
        Extra keyword arguments for ``fit`` (row-aligned arrays are split per fold).
    train_only : array-like of bool, default=None
        Rows that are in every fold's training data and never scored, e.g. units drawn
        on purpose rather than at random (an enriched or active-learning sample), whose
        scores would not estimate accuracy on the population. Their ``oof`` entries stay
        empty (NaN, or None for labels) and the metrics leave them out. With ``groups``,
        a fold leaves out the train-only rows of its test groups too.
    on_fold : callable, default=None
        Called after each fold with that fold's record (``fold``, ``n_splits``,
        ``n_train``, ``n_test``, the metrics and ``seconds``, the fold's wall time), e.g.
        to report progress of a long run.

    Returns
    -------
    CVResult
    """
    y_arr = y.to_numpy() if isinstance(y, (pd.Series, pd.DataFrame)) else np.asarray(y)
    n_all = len(y_arr)
    extra = np.zeros(n_all, dtype=bool) if train_only is None else np.asarray(train_only, bool)
    if extra.shape != (n_all,):
        raise ValueError(f"train_only has {extra.shape[0]} entries for {n_all} samples")
    scored = np.flatnonzero(~extra)
    extra = np.flatnonzero(extra)
    y_arr = y_arr[scored]
    extra_groups = None
    if groups is not None:
        extra_groups = np.asarray(groups)[extra]
        groups = np.asarray(groups)[scored]
    n = len(y_arr)
    if n < n_splits:
        raise ValueError(f"{n} samples cannot be split into {n_splits} folds")
    continuous = y_arr.ndim == 1 and np.issubdtype(y_arr.dtype, np.floating)
    if metrics is None:
        if continuous:
            metrics = {"pearson_r": pearson_r}
        elif method == "predict":
            metrics = {"macro_f1": macro_f1}
        else:
            metrics = {}
    if groups is not None:
        splitter = GroupKFold(n_splits=n_splits, shuffle=True, random_state=random_state)
        splits = splitter.split(np.zeros(n), y_arr if y_arr.ndim == 1 else None, groups)
    elif y_arr.ndim == 1 and not continuous:
        splitter = StratifiedKFold(n_splits=n_splits, shuffle=True, random_state=random_state)
        splits = splitter.split(np.zeros(n), y_arr)
    else:
        splits = KFold(n_splits=n_splits, shuffle=True, random_state=random_state).split(
            np.zeros(n)
        )
    fit_params = fit_params or {}
    oof: np.ndarray | None = None
    records = []
    for i, (tr, te) in enumerate(splits):
        started = time.perf_counter()
        est = clone(estimator)
        add = extra
        if extra_groups is not None:  # no article on both sides of the fold
            add = extra[~np.isin(extra_groups, groups[te])]
        tr = np.concatenate([scored[tr], add])  # rows of the full input
        fp = {
            k: (_safe_indexing(v, tr) if hasattr(v, "__len__") and len(v) == n_all else v)
            for k, v in fit_params.items()
        }
        est.fit(_safe_indexing(X, tr), _safe_indexing(y, tr), **fp)
        X_te = _safe_indexing(X, scored[te])
        out = np.asarray(method(est, X_te) if callable(method) else getattr(est, method)(X_te))
        if oof is None:
            oof = np.empty(
                (n_all, *out.shape[1:]), dtype=out.dtype if out.dtype != object else object
            )
            if oof.dtype.kind in "US":
                oof = oof.astype(object)
            if len(extra) and oof.dtype.kind in "iub":
                oof = oof.astype(float)
            if oof.dtype == object:
                oof[:] = None
            elif oof.dtype.kind == "f":
                oof[:] = np.nan
        oof[scored[te]] = out
        yt = y_arr[te]
        rec = {"fold": i, "n_train": len(tr), "n_test": len(te)}
        rec.update({name: f(yt, out) for name, f in metrics.items()})
        records.append(rec)
        if on_fold is not None:
            on_fold({**rec, "n_splits": n_splits, "seconds": time.perf_counter() - started})
    assert oof is not None
    summary = {name: f(y_arr, oof[scored]) for name, f in metrics.items()}
    return CVResult(folds=pd.DataFrame(records), oof=oof, summary=summary)
