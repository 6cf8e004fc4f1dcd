"""Tone of a paragraph (negative / neutral / positive), or tone towards a target in it.

:class:`ToneClassifier` is a scikit-learn classifier over the transformers of
:mod:`framing.features`: TF-IDF n-grams, VADER lexicon tone per sentence, stylistic cues
and, for rows that name a target span, target-aware features. A multinomial logistic
regression is fitted on them; its probabilities are calibrated by temperature scaling on
out-of-fold scores (which keeps the predicted label, the arg-max, unchanged), and
``tone_score = p_positive - p_negative`` is a continuous score in [-1, 1].

Inputs ``X`` are a sequence of texts or a DataFrame with a ``text`` column (a corpus's
paragraphs table works as is). Tone towards a target is asked for with ``targets``: one
``(start, end)`` character span (or None) per text, or ``target_start`` / ``target_end``
columns in the frame.

:func:`load_tone_model` loads the pretrained model shipped with the package (skops
format, loaded with an explicit list of trusted types).

Examples
--------
>>> from framing.tone import ToneClassifier
>>> texts = ["The talks collapsed amid bitter accusations.",
...          "The committee meets on Tuesday.",
...          "Leaders hailed the agreement as a breakthrough.",
...          "Fighting killed dozens and the ceasefire failed.",
...          "The report was released on Monday.",
...          "The reform was a great success, officials said."] * 4
>>> y = ["negative", "neutral", "positive"] * 8
>>> clf = ToneClassifier(calibration_cv=2).fit(texts, y)
>>> clf.predict(["Leaders hailed the agreement as a great success."]).tolist()
['positive']
>>> p = clf.predict_proba(["The committee meets on Monday."])
>>> bool(abs(p.sum() - 1) < 1e-9)
True
"""

from __future__ import annotations

from collections.abc import Sequence
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import scipy.sparse as sp
from scipy.optimize import minimize_scalar
from scipy.special import log_softmax, softmax
from sklearn.base import BaseEstimator, ClassifierMixin, TransformerMixin, clone
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import StratifiedKFold
from sklearn.pipeline import FeatureUnion, Pipeline
from sklearn.preprocessing import MaxAbsScaler, StandardScaler
from sklearn.utils.validation import check_is_fitted

from ._skops import dump_model, load_model
from .features import LexiconTone, StyleCues, TargetContext, TextNgrams, text_inputs

__all__ = [
    "TONE_LABELS",
    "ToneClassifier",
    "ToneFeatures",
    "default_tone_model_path",
    "dump_model",
    "load_tone_model",
    "tone_inputs",
]

#: The tone labels, in the column order of ``predict_proba``.
TONE_LABELS = ("negative", "neutral", "positive")


def _offset(value: Any) -> float:
    """A character offset: a whole number (int, or a float without a fraction)."""
    if isinstance(value, (bool, str, bytes)) or not float(value).is_integer():
        raise ValueError(value)
    return float(value)


def tone_inputs(X: Any, targets: Sequence | None = None) -> pd.DataFrame:
    """Inputs as a DataFrame with ``text``, ``target_start`` and ``target_end`` columns.

    Parameters
    ----------
    X : sequence of str or pandas.DataFrame
        Texts, or a frame with a ``text`` column (and optionally target span columns).
    targets : sequence of (int, int) or None, default=None
        One entry per text: the target mention's ``(start, end)`` character span, or None
        for the tone of the text itself. Overrides target columns of ``X``.

    Returns
    -------
    pandas.DataFrame
        A new frame (``X`` is never modified); spans are float with NaN for no target.

    Raises
    ------
    ValueError
        If ``targets`` does not have one entry per text or a span is malformed.
    """
    texts, starts, ends = text_inputs(X)
    if targets is not None:
        targets = list(targets)
        if len(targets) != len(texts):
            raise ValueError(f"targets has {len(targets)} entries but there are {len(texts)} texts")
        starts = np.full(len(texts), np.nan)
        ends = np.full(len(texts), np.nan)
        for i, t in enumerate(targets):
            if t is None or (isinstance(t, float) and np.isnan(t)):
                continue
            try:
                s, e = t
                if pd.isna(s) and pd.isna(e):  # (NaN, NaN) from a table's empty span columns
                    continue
                starts[i], ends[i] = _offset(s), _offset(e)
            except (TypeError, ValueError):
                raise ValueError(
                    f"targets[{i}] must be a (start, end) pair of character offsets "
                    f"(whole numbers) or None, got {t!r}"
                ) from None
    df = pd.DataFrame({"text": texts, "target_start": starts, "target_end": ends})
    text_inputs(df)  # validates the spans
    return df


class ToneFeatures(TransformerMixin, BaseEstimator):
    """All tone features as one sparse matrix, with target interactions.

    The union of :class:`~framing.features.TextNgrams`, scaled
    :class:`~framing.features.LexiconTone` and :class:`~framing.features.StyleCues`, and
    :class:`~framing.features.TargetContext`. With ``target_interactions`` the text
    features are repeated in a second block that is non-zero only for rows with a target,
    so a linear model learns shared weights plus target-specific corrections
    (feature augmentation, Daume III 2007).

    Parameters
    ----------
    word_ngram_range, char_ngram_range, min_df, max_features
        Passed to :class:`~framing.features.TextNgrams`.
    window : int, default=6
        Passed to :class:`~framing.features.TargetContext`.
    lexicon_path : str or Path, default=None
        VADER lexicon file for the lexicon features.
    target_interactions : bool, default=True
        Add the target-only copy of the text features.
    """

    def __init__(
        self,
        word_ngram_range: tuple[int, int] = (1, 2),
        char_ngram_range: tuple[int, int] | None = None,
        min_df: int | float = 2,
        max_features: int | None = None,
        window: int = 6,
        lexicon_path: str | Path | None = None,
        target_interactions: bool = True,
    ) -> None:
        self.word_ngram_range = word_ngram_range
        self.char_ngram_range = char_ngram_range
        self.min_df = min_df
        self.max_features = max_features
        self.window = window
        self.lexicon_path = lexicon_path
        self.target_interactions = target_interactions

    def _union(self) -> FeatureUnion:
        return FeatureUnion(
            [
                (
                    "ngrams",
                    TextNgrams(
                        word_ngram_range=self.word_ngram_range,
                        char_ngram_range=self.char_ngram_range,
                        min_df=self.min_df,
                        max_features=self.max_features,
                    ),
                ),
                (
                    "lexicon",
                    Pipeline(
                        [
                            ("tone", LexiconTone(lexicon_path=self.lexicon_path)),
                            ("scale", StandardScaler()),
                        ]
                    ),
                ),
                ("style", Pipeline([("cues", StyleCues()), ("scale", StandardScaler())])),
                (
                    "target",
                    Pipeline(
                        [
                            (
                                "context",
                                TargetContext(window=self.window, lexicon_path=self.lexicon_path),
                            ),
                            ("scale", MaxAbsScaler()),
                        ]
                    ),
                ),
            ]
        )

    def _augment(self, F: sp.spmatrix, has_target: np.ndarray) -> sp.csr_matrix:
        F = sp.csr_matrix(F)
        if not self.target_interactions:
            return F
        n_text = self.n_text_features_
        mask = sp.diags(has_target.astype(float))
        return sp.hstack([F, mask @ F[:, :n_text]], format="csr")

    def fit(self, X: Any, y: Any = None) -> ToneFeatures:
        """Fit every feature extractor."""
        self.fit_transform(X, y)
        return self

    def fit_transform(self, X: Any, y: Any = None, **fit_params: Any) -> sp.csr_matrix:
        """Fit the extractors and return the feature matrix."""
        df = tone_inputs(X)
        self.union_ = self._union()
        F = self.union_.fit_transform(df)
        names = self.union_.get_feature_names_out()
        self.n_text_features_ = int(sum(not n.startswith("target__") for n in names))
        return self._augment(F, df["target_start"].notna().to_numpy())

    def transform(self, X: Any) -> sp.csr_matrix:
        """Feature matrix, sparse of shape (n_samples, n_features)."""
        check_is_fitted(self, "union_")
        df = tone_inputs(X)
        return self._augment(self.union_.transform(df), df["target_start"].notna().to_numpy())

    def get_feature_names_out(self, input_features: Any = None) -> np.ndarray:
        """Feature names; the target-only copies are prefixed ``target_only__``."""
        check_is_fitted(self, "union_")
        names = list(self.union_.get_feature_names_out())
        if self.target_interactions:
            names += [f"target_only__{n}" for n in names[: self.n_text_features_]]
        return np.array(names, dtype=object)


class _TooFewTones(ValueError):
    """Too few units of a tone for :meth:`ToneClassifier.fit` (its calibration folds)."""


def _fit_temperature(scores: np.ndarray, y_idx: np.ndarray) -> float:
    """Temperature T minimising the log loss of softmax(scores / T)."""

    def nll(log_t: float) -> float:
        lp = log_softmax(scores / np.exp(log_t), axis=1)
        return float(-lp[np.arange(len(y_idx)), y_idx].mean())

    res = minimize_scalar(nll, bounds=(-3.0, 3.0), method="bounded")
    return float(np.exp(res.x))


class ToneClassifier(ClassifierMixin, BaseEstimator):
    """Negative / neutral / positive tone with calibrated probabilities.

    Parameters
    ----------
    C : float, default=2.0
        Inverse regularisation strength of the logistic regression.
    class_weight : {"balanced"} or dict or None, default="balanced"
        Class weights of the logistic regression (balanced favours macro-F1); a dict maps
        tone labels to weights (``{"positive": 2.0}``; labels left out weigh 1).
    word_ngram_range : tuple of int, default=(1, 2)
        Word n-gram orders.
    char_ngram_range : tuple of int or None, default=None
        Character n-gram orders, or None to leave them out (faster).
    min_df : int or float, default=2
        Minimum document frequency of an n-gram.
    max_features : int or None, default=None
        Cap on the number of n-grams of each kind.
    window : int, default=6
        Words on each side of a target mention used for target features.
    lexicon_path : str or Path, default=None
        VADER lexicon file; None uses the one in the ``vaderSentiment`` package.
    target_interactions : bool, default=True
        Learn target-specific weights for the text features (see :class:`ToneFeatures`).
    calibration_cv : int, default=5
        Folds used to obtain out-of-fold scores for temperature scaling; 0 or 1 disables
        calibration (temperature 1).
    max_iter : int, default=3000
        Iterations of the solver.
    random_state : int, default=0
        Seed of the calibration folds.
    encoder : classifier, default=None
        A second model over the raw texts (and target spans), fitted on the same labels
        and mixed into :meth:`predict_proba` with weight ``encoder_weight``. Meant for
        :class:`framing.encoder.EncoderClassifier` (a fine-tuned sentence encoder,
        optional extra ``framing[encoder]``): fine-tuned on NewsMTSC's training
        sentences it reached macro-F1 0.811 towards the target on dev_rw (0.819 mixed),
        against 0.653 for the shipped model; NYT CV r 0.730 against 0.555 (see the tone
        model card). ``sample_weight`` applies to
        the linear model only.
    encoder_weight : float, default=0.7
        Weight of the encoder's probabilities against the calibrated linear model's
        (1 uses the encoder alone).

    Attributes
    ----------
    classes_ : ndarray of str
        ``["negative", "neutral", "positive"]``.
    model_ : Pipeline
        Fitted features + logistic regression.
    temperature_ : float
        Calibration temperature.
    encoder_ : classifier or None
        The fitted ``encoder``.
    """

    def __init__(
        self,
        C: float = 2.0,
        class_weight: str | dict | None = "balanced",
        word_ngram_range: tuple[int, int] = (1, 2),
        char_ngram_range: tuple[int, int] | None = None,
        min_df: int | float = 2,
        max_features: int | None = None,
        window: int = 6,
        lexicon_path: str | Path | None = None,
        target_interactions: bool = True,
        calibration_cv: int = 5,
        max_iter: int = 3000,
        random_state: int = 0,
        encoder: Any = None,
        encoder_weight: float = 0.7,
    ) -> None:
        self.C = C
        self.class_weight = class_weight
        self.word_ngram_range = word_ngram_range
        self.char_ngram_range = char_ngram_range
        self.min_df = min_df
        self.max_features = max_features
        self.window = window
        self.lexicon_path = lexicon_path
        self.target_interactions = target_interactions
        self.calibration_cv = calibration_cv
        self.max_iter = max_iter
        self.random_state = random_state
        self.encoder = encoder
        self.encoder_weight = encoder_weight

    def _pipeline(self) -> Pipeline:
        return Pipeline(
            [
                (
                    "features",
                    ToneFeatures(
                        word_ngram_range=self.word_ngram_range,
                        char_ngram_range=self.char_ngram_range,
                        min_df=self.min_df,
                        max_features=self.max_features,
                        window=self.window,
                        lexicon_path=self.lexicon_path,
                        target_interactions=self.target_interactions,
                    ),
                ),
                (
                    "clf",
                    LogisticRegression(
                        C=self.C, class_weight=self._class_weight(), max_iter=self.max_iter
                    ),
                ),
            ]
        )

    def _class_weight(self) -> str | dict | None:
        """``class_weight`` as the logistic regression sees it: a dict keyed by tone label
        becomes one keyed by the label's index (the classifier is fitted on indices)."""
        cw = self.class_weight
        if not isinstance(cw, dict):
            return cw
        unknown = sorted(str(k) for k in set(cw) - set(TONE_LABELS))
        if unknown:
            raise ValueError(
                f"class_weight has unknown tone labels {unknown}; expected {list(TONE_LABELS)}"
            )
        return {TONE_LABELS.index(k): float(v) for k, v in cw.items()}

    def _calibration_rows(self, calibrate_on: Any, y_idx: np.ndarray) -> np.ndarray:
        """Row numbers whose out-of-fold scores fit the temperature."""
        if calibrate_on is None:
            return np.arange(len(y_idx))
        mask = np.asarray(calibrate_on)
        if mask.dtype != bool or mask.shape != y_idx.shape:
            raise ValueError(
                f"calibrate_on must be booleans of shape ({len(y_idx)},), got "
                f"{mask.dtype} of shape {mask.shape}"
            )
        counts = np.bincount(y_idx[mask], minlength=len(TONE_LABELS))
        if counts.min() < self.calibration_cv:
            k = int(np.argmin(counts))
            raise _TooFewTones(
                f"calibrate_on: {TONE_LABELS[k]!r} has {int(counts[k])} rows to calibrate "
                f"on; calibration_cv={self.calibration_cv} needs at least as many"
            )
        return np.flatnonzero(mask)

    @staticmethod
    def _labels(y: Any, n: int) -> np.ndarray:
        y = np.asarray(list(y), dtype=object)
        if len(y) != n:
            raise ValueError(f"y has {len(y)} labels but there are {n} texts")
        unknown = sorted({str(v) for v in y} - set(TONE_LABELS))
        if unknown:
            raise ValueError(f"unknown tone labels {unknown}; expected {list(TONE_LABELS)}")
        missing = sorted(set(TONE_LABELS) - {str(v) for v in y})
        if missing:
            raise ValueError(f"training labels lack the classes {missing}")
        return np.array([TONE_LABELS.index(str(v)) for v in y])

    def fit(
        self,
        X: Any,
        y: Any,
        targets: Sequence | None = None,
        sample_weight: Any = None,
        calibrate_on: Any = None,
    ) -> ToneClassifier:
        """Fit the features and the classifier, then calibrate.

        Parameters
        ----------
        X : sequence of str or pandas.DataFrame
            Texts (see :func:`tone_inputs`).
        y : array-like of shape (n_samples,)
            Labels among ``"negative"``, ``"neutral"``, ``"positive"`` (all three needed).
        targets : sequence of (int, int) or None, default=None
            Target span per text, or None.
        sample_weight : array-like of shape (n_samples,), default=None
            Weights, e.g. to balance datasets of different size.
        calibrate_on : array-like of bool of shape (n_samples,), default=None
            The rows whose out-of-fold scores fit the temperature (default: all). The
            calibration folds split these rows only; the others are in every fold's training
            part. Meant for rows that are not labels of their own, such as a teacher
            model's soft labels (one row per tone of a text, weighted by its probability),
            which a fold must not split and the temperature must not be fitted to.

        Returns
        -------
        self
        """
        if not 0.0 <= self.encoder_weight <= 1.0:
            raise ValueError(f"encoder_weight must be in [0, 1], got {self.encoder_weight}")
        df = tone_inputs(X, targets)
        y_idx = self._labels(y, len(df))
        calibrate = bool(self.calibration_cv and self.calibration_cv > 1)
        counts = np.bincount(y_idx, minlength=len(TONE_LABELS))
        if calibrate and counts.min() < 2:
            # a calibration fold's training part would lack the tone of a single unit
            k = int(np.argmin(counts))
            raise _TooFewTones(
                f"tone labels: {TONE_LABELS[k]!r} has {int(counts[k])} unit; the model "
                f"needs at least 2 of each tone (calibration_cv={self.calibration_cv})"
            )
        sw = None if sample_weight is None else np.asarray(sample_weight, dtype=float)
        if sw is not None and sw.shape != (len(df),):
            raise ValueError(f"sample_weight must have shape ({len(df)},), got {sw.shape}")
        self.classes_ = np.array(TONE_LABELS, dtype=object)
        self.temperature_ = 1.0
        if calibrate:
            held = self._calibration_rows(calibrate_on, y_idx)
            always = np.setdiff1d(np.arange(len(df)), held)
            oof = np.zeros((len(held), len(TONE_LABELS)))
            folds = StratifiedKFold(
                n_splits=self.calibration_cv, shuffle=True, random_state=self.random_state
            )
            for tr, te in folds.split(np.zeros(len(held)), y_idx[held]):
                tr = np.sort(np.concatenate([held[tr], always]))
                m = self._pipeline()
                fit_kw = {} if sw is None else {"clf__sample_weight": sw[tr]}
                m.fit(df.iloc[tr], y_idx[tr], **fit_kw)
                oof[te] = m.decision_function(df.iloc[held[te]])
            self.temperature_ = _fit_temperature(oof, y_idx[held])
        self.model_ = self._pipeline()
        fit_kw = {} if sw is None else {"clf__sample_weight": sw}
        self.model_.fit(df, y_idx, **fit_kw)
        self.encoder_ = None
        if self.encoder is not None:
            self.encoder_ = clone(self.encoder).fit(df, self.classes_[y_idx])
        return self

    def decision_function(self, X: Any, targets: Sequence | None = None) -> np.ndarray:
        """Uncalibrated class scores, shape (n_samples, 3)."""
        check_is_fitted(self, "model_")
        return self.model_.decision_function(tone_inputs(X, targets))

    def predict_proba(self, X: Any, targets: Sequence | None = None) -> np.ndarray:
        """Calibrated probabilities, columns in the order of ``classes_`` (mixed with the
        encoder's when there is one)."""
        check_is_fitted(self, "model_")
        df = tone_inputs(X, targets)
        p = softmax(self.model_.decision_function(df) / self.temperature_, axis=1)
        encoder = getattr(self, "encoder_", None)  # None in models saved before it
        if encoder is not None:
            pe = encoder.predict_proba(df)
            order = [list(encoder.classes_).index(c) for c in self.classes_]
            p = (1.0 - self.encoder_weight) * p + self.encoder_weight * pe[:, order]
        return p

    def predict(self, X: Any, targets: Sequence | None = None) -> np.ndarray:
        """Tone labels (the most probable), array of str of shape (n_samples,)."""
        p = self.predict_proba(X, targets)
        return self.classes_[np.argmax(p, axis=1)]

    def tone_score(self, X: Any, targets: Sequence | None = None) -> np.ndarray:
        """Continuous tone ``p_positive - p_negative`` in [-1, 1]."""
        p = self.predict_proba(X, targets)
        return p[:, 2] - p[:, 0]

    def predict_frame(self, X: Any, targets: Sequence | None = None) -> pd.DataFrame:
        """One row per text: ``tone``, ``tone_score``, ``p_negative``, ``p_neutral``,
        ``p_positive``."""
        p = self.predict_proba(X, targets)
        return pd.DataFrame(
            {
                "tone": pd.Categorical(
                    self.classes_[np.argmax(p, axis=1)], categories=list(TONE_LABELS)
                ),
                "tone_score": p[:, 2] - p[:, 0],
                "p_negative": p[:, 0],
                "p_neutral": p[:, 1],
                "p_positive": p[:, 2],
            }
        )

    def score(
        self, X: Any, y: Any, targets: Sequence | None = None, sample_weight: Any = None
    ) -> float:
        """Macro-averaged F1 over the three tone labels (not accuracy), weighted by
        ``sample_weight`` when given."""
        from .evaluate import macro_f1

        pred = list(self.predict(X, targets))
        if sample_weight is None:
            return macro_f1(list(y), pred, labels=TONE_LABELS)
        from sklearn.metrics import f1_score

        sw = np.asarray(sample_weight, dtype=float)
        if sw.shape != (len(pred),):
            raise ValueError(f"sample_weight must have shape ({len(pred)},), got {sw.shape}")
        return float(
            f1_score(
                list(y),
                pred,
                labels=list(TONE_LABELS),
                average="macro",
                sample_weight=sw,
                zero_division=0,
            )
        )

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.input_tags.string = True
        tags.input_tags.two_d_array = False
        return tags


# ---------------------------------------------------------------------------------------
# Shipped model


def default_tone_model_path() -> Path:
    """Path of the pretrained model file shipped in the package."""
    return Path(str(resources.files("framing").joinpath("models", "tone.skops")))


#: Types that the shipped model is allowed to contain (checked on load).
TRUSTED_TYPES = [
    "framing.features.LexiconTone",
    "framing.features.StyleCues",
    "framing.features.TargetContext",
    "framing.features.TextNgrams",
    "framing.tone.ToneClassifier",
    "framing.encoder.EncoderClassifier",
    "framing.tone.ToneFeatures",
    "sklearn.feature_extraction.text.TfidfTransformer",
    "sklearn.feature_extraction.text.TfidfVectorizer",
    "sklearn.linear_model._logistic.LogisticRegression",
    "sklearn.pipeline.FeatureUnion",
    "sklearn.pipeline.Pipeline",
    "sklearn.preprocessing._data.MaxAbsScaler",
    "sklearn.preprocessing._data.StandardScaler",
    # VotingClassifier.named_estimators_ (framing train --tone --encoder --encoder-seeds)
    "sklearn.utils._bunch.Bunch",
    "builtins.slice",
]

_MODEL_CACHE: dict[str, ToneClassifier] = {}


def load_tone_model(path: str | Path | None = None, trusted: Sequence[str] | None = None):
    """Load a tone model saved with :func:`dump_model` (or ``skops.io.dump``).

    Parameters
    ----------
    path : str or Path, default=None
        Model file; None loads the pretrained model shipped with the package (cached
        after the first call).
    trusted : sequence of str, default=None
        Types to trust in addition to :data:`TRUSTED_TYPES`.

    Returns
    -------
    ToneClassifier

    Raises
    ------
    FileNotFoundError
        If the file does not exist.
    ValueError
        If the file contains types that are not trusted.
    """
    p = Path(path) if path is not None else default_tone_model_path()
    cache = _MODEL_CACHE if path is None else None
    return load_model(
        p,
        kind="tone",
        cls=ToneClassifier,
        trusted_types=TRUSTED_TYPES,
        trusted=trusted,
        cache=cache,
    )
