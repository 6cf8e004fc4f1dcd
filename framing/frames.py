"""Frames of news paragraphs: a multi-label classifier over any codebook's frames.

:class:`FrameClassifier` learns, for every frame of a :class:`~framing.codebook.Codebook`,
the probability that a paragraph invokes it (one linear SVM per frame with Platt-scaled
probabilities), and a separate multi-class model of the *primary* frame (the first one
coded). A paragraph's
``frames`` are those whose probability reaches the frame's threshold (tuned per frame on
out-of-fold predictions, or on validation data with :meth:`FrameClassifier.tune_thresholds`),
listed primary first. Features are the shared text extractors of :mod:`framing.features`
(TF-IDF word and, by default, character n-grams) plus :class:`SeedTermFeatures`, the rate of each
frame's codebook seed terms in the text.

:func:`load_frame_model` loads the pretrained model shipped with the package (skops
format), trained on the project's annotated news paragraphs with the 15-frame Policy
Frames Codebook (see ``framing/models/frames_model_card.md``).

Examples
--------
>>> from framing.frames import FrameClassifier
>>> texts = ["Troops shelled the city overnight.", "The tax plan will cost billions.",
...          "Soldiers and tanks moved to the border.", "Prices and jobs fell in the market."]
>>> labels = [["security_defense"], ["economic", "policy"], ["security_defense"], ["economic"]]
>>> clf = FrameClassifier(threshold=0.5, random_state=0).fit(texts, labels)
>>> clf.predict_primary(["Tanks and troops attacked the border town."])[0]
'security_defense'
>>> table = clf.frame_table(["Markets fell as prices rose."])
>>> list(table.columns[:2]), table.loc[0, "primary_frame"]
(['frames', 'primary_frame'], 'economic')
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import scipy.sparse as sp
from sklearn.base import BaseEstimator, ClassifierMixin, TransformerMixin, clone
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import f1_score
from sklearn.model_selection import KFold, StratifiedKFold
from sklearn.pipeline import FeatureUnion
from sklearn.svm import LinearSVC
from sklearn.utils.validation import check_is_fitted

from ._skops import dump_model, load_model
from .codebook import Codebook, resolve_codebook
from .features import TextNgrams, text_inputs

__all__ = [
    "FrameClassifier",
    "SeedTermFeatures",
    "STACK_MIN_TEXTS",
    "StemmedNgrams",
    "TRUSTED_TYPES",
    "default_frame_model_path",
    "dump_model",
    "load_frame_model",
    "parse_frame_labels",
]

#: Fewest training texts with a frame for which ``stack_primary`` stacks (see there).
STACK_MIN_TEXTS = 100

_APOS = str.maketrans({"\u2019": "'", "\u2018": "'", "`": "'"})
#: Tokens for seed-term matching: runs of word characters and apostrophes, or one other
#: non-space character (so "pro-gun" is pro, -, gun and "gun" still matches inside it).
_SEED_TOKEN = re.compile(r"[\w']+|[^\w\s']")


def _texts(X: Any) -> list[str]:
    texts, _, _ = text_inputs(X)
    return texts


# ---------------------------------------------------------------------------------------
# Seed-term features


class SeedTermFeatures(TransformerMixin, BaseEstimator):
    """Rate of each frame's seed terms (words or phrases) in a text.

    A term matches whole words, case-insensitively; multi-word terms match across any
    whitespace. Column ``seed__<frame>`` is ``log1p(matches)`` (``scale="log"``) or
    matches per 100 tokens (``scale="rate"``).

    Parameters
    ----------
    terms : dict of str to list of str, default=None
        Frame key -> seed terms. ``None`` takes them from ``codebook``.
    codebook : Codebook, str or Path, default=None
        Used only when ``terms`` is None: a codebook, a built-in name or a file; ``None``
        is the built-in ``policy_frames``.
    scale : {"log", "rate"}, default="log"
        How counts are scaled.

    Attributes
    ----------
    terms_ : dict of str to list of str
        The terms in use, frame key -> terms (frames without terms are left out).

    Examples
    --------
    >>> f = SeedTermFeatures(terms={"war": ["troops", "air strike"], "money": ["tax"]})
    >>> f.fit_transform(["Troops called in an air strike."]).round(3).tolist()
    [[1.099, 0.0]]
    >>> f.get_feature_names_out().tolist()
    ['seed__war', 'seed__money']
    """

    def __init__(
        self,
        terms: dict[str, list[str]] | None = None,
        codebook: Codebook | str | Path | None = None,
        scale: str = "log",
    ) -> None:
        self.terms = terms
        self.codebook = codebook
        self.scale = scale

    def fit(self, X: Any = None, y: Any = None) -> SeedTermFeatures:
        """Collect the terms; nothing is learnt from ``X``. Returns self."""
        if self.scale not in ("log", "rate"):
            raise ValueError(f"scale must be 'log' or 'rate', got {self.scale!r}")
        if self.terms is not None:
            terms = {str(k): [str(t).lower() for t in v] for k, v in dict(self.terms).items()}
        else:
            cb = resolve_codebook(self.codebook)
            terms = {f.key: list(f.seed_terms) for f in cb.frames}
        self.terms_ = {k: v for k, v in terms.items() if v}
        return self

    def _index(self) -> dict[str, list[tuple[int, tuple[str, ...], tuple[int, ...]]]]:
        """First token -> [(n_tokens, remaining tokens, frame columns)], longest first."""
        by_term: dict[tuple[str, ...], list[int]] = {}
        for c, terms in enumerate(self.terms_.values()):
            for t in terms:
                toks = tuple(_SEED_TOKEN.findall(t.translate(_APOS).lower()))
                if toks and c not in by_term.setdefault(toks, []):
                    by_term[toks].append(c)
        index: dict[str, list[tuple[int, tuple[str, ...], tuple[int, ...]]]] = {}
        for toks, cols in by_term.items():
            index.setdefault(toks[0], []).append((len(toks), toks[1:], tuple(cols)))
        for cands in index.values():
            cands.sort(key=lambda c: -c[0])
        return index

    def transform(self, X: Any) -> np.ndarray:
        """Seed-term features, array of shape (n_samples, n_frames_with_terms).

        One pass over each text's tokens: a term matches where its tokens occur in a
        row; matches of one frame do not overlap, and the longest term wins (as a
        regular expression of the frame's terms, longest first, would match).
        """
        check_is_fitted(self, "terms_")
        texts = _texts(X)
        index = self._index()
        k = len(self.terms_)
        out = np.zeros((len(texts), k))
        for r, t in enumerate(texts):
            low = t.translate(_APOS).lower()
            toks = _SEED_TOKEN.findall(low)
            if not toks:
                continue
            counts = [0] * k
            covered = [0] * k
            for i, tok in enumerate(toks):
                cands = index.get(tok)
                if cands is None:
                    continue
                for n, rest, cols in cands:
                    if n > 1 and tuple(toks[i + 1 : i + n]) != rest:
                        continue
                    for c in cols:
                        if covered[c] <= i:
                            counts[c] += 1
                            covered[c] = i + n
            if any(counts):
                m = np.asarray(counts, dtype=float)
                if self.scale == "log":
                    out[r] = np.log1p(m)
                else:
                    out[r] = 100.0 * m / max(len(low.split()), 1)
        return out

    def get_feature_names_out(self, input_features: Any = None) -> np.ndarray:
        """Names ``seed__<frame>``."""
        check_is_fitted(self, "terms_")
        return np.array([f"seed__{k}" for k in self.terms_], dtype=object)


# ---------------------------------------------------------------------------------------
# Stemmed word n-grams

_WORD = re.compile(r"(?u)\b\w[\w']*\b")


class StemmedNgrams(TextNgrams):
    """TF-IDF n-grams of Snowball-stemmed words and, optionally, character n-grams.

    Stemming ("shootings", "shooting" -> "shoot") pools the inflections of a word, which
    helps most when there are few training texts. A :class:`~framing.features.TextNgrams`
    whose word vectorizer reads the stemmed text (plain tokens, so the fitted vectorizers
    are ordinary ``TfidfVectorizer`` objects); character n-grams are of the text as
    written.

    Parameters
    ----------
    word_ngram_range : tuple of int, default=(1, 2)
        Orders of the stemmed word n-grams.
    char_ngram_range : tuple of int or None, default=(2, 5)
        Orders of character n-grams (within word boundaries) of the unstemmed text;
        ``None`` leaves them out.
    min_df : int or float, default=2
        Minimum document frequency of a kept n-gram.
    language : str, default="english"
        Language of the Snowball stemmer (any of ``nltk.stem.SnowballStemmer.languages``).
    max_features, sublinear_tf, mask_target
        As for :class:`~framing.features.TextNgrams` (no target masking by default).

    Attributes
    ----------
    word_ : TfidfVectorizer
        Fitted vectorizer of stemmed word n-grams.
    char_ : TfidfVectorizer or None
        Fitted character vectorizer.

    Examples
    --------
    >>> f = StemmedNgrams(word_ngram_range=(1, 1), char_ngram_range=None, min_df=1)
    >>> f.fit(["Shootings and shooters", "a shooting"]).get_feature_names_out().tolist()
    ['word__a', 'word__and', 'word__shoot', 'word__shooter']
    """

    def __init__(
        self,
        word_ngram_range: tuple[int, int] = (1, 2),
        char_ngram_range: tuple[int, int] | None = (2, 5),
        min_df: int | float = 2,
        language: str = "english",
        max_features: int | None = None,
        sublinear_tf: bool = True,
        mask_target: str | None = None,
    ) -> None:
        super().__init__(
            word_ngram_range=word_ngram_range,
            char_ngram_range=char_ngram_range,
            min_df=min_df,
            max_features=max_features,
            sublinear_tf=sublinear_tf,
            mask_target=mask_target,
        )
        self.language = language

    def _word_vectorizer(self) -> Any:
        vec = super()._word_vectorizer()
        return vec.set_params(lowercase=False, token_pattern=r"\S+")

    def _word_texts(self, texts: list[str]) -> list[str]:
        from nltk.stem.snowball import SnowballStemmer

        stem = SnowballStemmer(self.language).stem
        cache: dict[str, str] = {}
        out = []
        for t in texts:
            toks = []
            for w in _WORD.findall(t.lower()):
                s = cache.get(w)
                if s is None:
                    s = cache[w] = stem(w)
                toks.append(s)
            out.append(" ".join(toks))
        return out


# ---------------------------------------------------------------------------------------
# Labels


def parse_frame_labels(y: Any, codebook: Codebook) -> list[list[str]]:
    """Frame labels of many items as lists of keys, primary first.

    Parameters
    ----------
    y : sequence
        Per item: a list of labels, or a string of labels joined by ``;`` (keys, codes or
        names of the codebook's frames), or a 2-D indicator matrix with one column per
        frame in codebook order (no primary order then).
    codebook : Codebook

    Raises
    ------
    ValueError
        If a label is not in the codebook (the message names the item).
    """
    if isinstance(y, pd.DataFrame):
        y = y.to_numpy()
    if isinstance(y, np.ndarray) and y.ndim == 2:
        if y.shape[1] != len(codebook):
            raise ValueError(
                f"indicator matrix has {y.shape[1]} columns but the codebook "
                f"{codebook.name!r} has {len(codebook)} frames"
            )
        keys = codebook.keys
        return [[keys[j] for j in np.flatnonzero(row)] for row in y]
    if isinstance(y, str):
        raise TypeError("y must be a sequence of label lists, not a single string")
    out = []
    for i, v in enumerate(y):
        try:
            out.append(codebook.parse_labels(v))
        except KeyError as exc:
            raise ValueError(f"item {i}: {exc.args[0]}") from None
    return out


# ---------------------------------------------------------------------------------------
# Classifier


def default_frame_features(
    codebook: Codebook | str | Path | None = None,
    *,
    word_ngram_range: tuple[int, int] = (1, 2),
    char_ngram_range: tuple[int, int] | None = (2, 5),
    stem: bool = False,
) -> FeatureUnion:
    """The default feature union: TF-IDF n-grams plus the codebook's seed terms.

    Parameters
    ----------
    codebook : Codebook, str or Path, default=None
        Whose seed terms to count; ``None`` is the built-in ``policy_frames``.
    word_ngram_range : tuple of int, default=(1, 2)
        Word n-gram orders.
    char_ngram_range : tuple of int or None, default=(2, 5)
        Character n-gram orders; ``None`` leaves them out. They help a little on short
        texts such as headlines but cost most of the scoring time: the shipped frame
        model uses word unigrams only (``word_ngram_range=(1, 1)``,
        ``char_ngram_range=None``), which cross-validate as well on news paragraphs.
    stem : bool, default=False
        Build the word n-grams from Snowball-stemmed (English) words
        (:class:`StemmedNgrams`) instead of the words as written
        (:class:`framing.features.TextNgrams`). Helps on small sets of short texts
        (GVFC headlines: primary accuracy 0.724 -> 0.737 in 5-fold CV), not on the
        project's annotated paragraphs (macro-F1 0.491 -> 0.487), hence off by default.
    """
    cb = resolve_codebook(codebook)
    if stem:
        ngrams: Any = StemmedNgrams(
            word_ngram_range=word_ngram_range, char_ngram_range=char_ngram_range, min_df=2
        )
    else:
        ngrams = TextNgrams(
            word_ngram_range=word_ngram_range,
            char_ngram_range=char_ngram_range,
            min_df=2,
            mask_target=None,
        )
    return FeatureUnion(
        [
            ("ngrams", ngrams),
            ("seeds", SeedTermFeatures(terms={f.key: list(f.seed_terms) for f in cb.frames})),
        ]
    )


class FrameClassifier(ClassifierMixin, BaseEstimator):
    """Multi-label frame classifier over the frames of any codebook.

    One linear SVM per frame gives calibrated per-frame probabilities; the primary frame
    comes from a multi-class SVM, by default stacked with those probabilities.

    Parameters
    ----------
    codebook : Codebook, str or Path, default="policy_frames"
        The frames: a :class:`~framing.codebook.Codebook`, a built-in codebook name or a
        codebook file.
    features : transformer, default=None
        Text feature extractor (cloned and fitted on the training texts). ``None`` uses
        :func:`default_frame_features` for the codebook: TF-IDF word and character
        n-grams (:class:`framing.features.TextNgrams`) plus :class:`SeedTermFeatures`.
    C : float, default=0.5
        Inverse regularisation strength of the per-frame linear SVMs.
    primary_C : float, default=None
        Inverse regularisation of the primary-frame SVM; ``None`` uses ``C``.
    primary_class_weight : {"balanced"} or None, default=None
        Class weights of the primary-frame SVM.
    secondary_weight : float, default=0.0
        The primary-frame SVM also learns from each text's other frames, as extra
        examples of weight ``secondary_weight`` (0 leaves them out). Without stacking,
        0.3 raised GVFC primary accuracy by about one point; with ``stack_primary`` it
        adds nothing measurable.
    stack_primary : bool, default=True
        Decide the primary frame with a logistic regression over the primary SVM's
        decision values and the per-frame probabilities, fitted on out-of-fold
        values of both (``calibration_folds`` folds); ``False`` uses the SVM alone.
        Needs :data:`STACK_MIN_TEXTS` (100) texts with a frame; on fewer the
        out-of-fold values are too few to learn from and the SVM alone decides.
        Costs ``calibration_folds`` extra primary fits; in cross-validation it raised
        primary-frame accuracy on GVFC headlines from 0.716 to 0.724 and on the
        project's annotated paragraphs from 0.635 to 0.640.
    class_weight : {"balanced"} or None, default="balanced"
        Class weights of the per-frame models (frames are rare, so balanced by default).
    threshold : float or "tune", default="tune"
        Probability a frame must reach to be listed. ``"tune"`` picks one threshold per
        frame maximising its F1 on out-of-fold predictions of the training data.
    calibration_folds : int, default=3
        Folds for the out-of-fold SVM decisions from which each frame's probability
        (Platt scaling) and, with ``threshold="tune"``, its threshold are learnt.
    max_frames : int or None, default=3
        List at most this many frames per text (primary first); ``None`` for no limit.
    min_positives : int, default=3
        A frame needs this many positive (and negative) training texts to get a model;
        rarer frames get a constant probability (their training rate) and are never
        listed unless primary.
    random_state : int, default=0
        Seed for fold shuffling.
    primary_estimator : classifier, default=None
        A second model of the primary frame over the raw texts: a clone is fitted on the
        primary frames of the training texts and its ``predict_proba`` is mixed into
        :meth:`primary_proba` with weight ``primary_estimator_weight``. Meant for
        :class:`framing.encoder.EncoderClassifier` (a fine-tuned sentence encoder,
        optional extra ``framing[encoder]``): in ``framing train``'s 5-fold CV on GVFC
        headlines it raised primary-frame accuracy from 0.724 to 0.821, and to
        0.827-0.844 (two fold seeds) as a soft vote of three encoders fine-tuned from
        different seeds (``framing train --encoder-seeds 3``; see the frame model card).
        The per-frame probabilities still come from the SVMs.
    primary_estimator_weight : float, default=0.6
        Weight of ``primary_estimator``'s probabilities against the SVM's (or stacker's)
        in the primary frame (1 uses the estimator alone). Weights 0.5-0.8 did about
        equally well on GVFC (0.833-0.841 in an exploratory CV, encoder alone 0.830).

    Attributes
    ----------
    classes_ : ndarray of str
        Frame keys in codebook order (columns of :meth:`predict_proba`).
    codebook_ : Codebook
        The resolved codebook.
    features_ : transformer
        The fitted feature extractor.
    estimators_ : list
        Per frame, a fitted ``LinearSVC`` or ``None`` (frame too rare for a model).
    platt_ : ndarray of shape (n_frames, 2)
        Per frame, the Platt sigmoid ``(a, b)``: ``p = 1 / (1 + exp(-(a * d + b)))`` for
        the SVM decision value ``d``.
    constant_ : ndarray of float
        Training rate of each frame (the probability of frames without a model).
    primary_model_ : LinearSVC or None
        Model of the primary frame (``None`` if training had one primary frame only).
    primary_classes_ : ndarray of str
        Classes of the primary model.
    primary_stacker_ : LogisticRegression or None
        With ``stack_primary``, the model of the primary frame over the primary SVM's
        decision values and the per-frame probabilities; otherwise ``None``.
    primary_estimator_ : classifier or None
        The fitted ``primary_estimator``.
    thresholds_ : ndarray of float
        Per-frame probability thresholds.
    """

    def __init__(
        self,
        codebook: Codebook | str | Path | None = "policy_frames",
        features: Any = None,
        C: float = 0.5,
        primary_C: float | None = None,
        primary_class_weight: str | None = None,
        secondary_weight: float = 0.0,
        stack_primary: bool = True,
        class_weight: str | None = "balanced",
        threshold: float | str = "tune",
        calibration_folds: int = 3,
        max_frames: int | None = 3,
        min_positives: int = 3,
        random_state: int = 0,
        primary_estimator: Any = None,
        primary_estimator_weight: float = 0.6,
    ) -> None:
        self.codebook = codebook
        self.features = features
        self.C = C
        self.primary_C = primary_C
        self.primary_class_weight = primary_class_weight
        self.secondary_weight = secondary_weight
        self.stack_primary = stack_primary
        self.class_weight = class_weight
        self.threshold = threshold
        self.calibration_folds = calibration_folds
        self.max_frames = max_frames
        self.min_positives = min_positives
        self.random_state = random_state
        self.primary_estimator = primary_estimator
        self.primary_estimator_weight = primary_estimator_weight

    # -- fitting ---------------------------------------------------------------------------

    def _check_params(self) -> None:
        if not (isinstance(self.threshold, (int, float)) or self.threshold == "tune"):
            raise ValueError(f"threshold must be a number or 'tune', got {self.threshold!r}")
        if isinstance(self.threshold, (int, float)) and not 0.0 < float(self.threshold) < 1.0:
            raise ValueError(f"threshold must be between 0 and 1, got {self.threshold}")
        if self.C <= 0 or (self.primary_C is not None and self.primary_C <= 0):
            raise ValueError("C and primary_C must be positive")
        if self.secondary_weight < 0:
            raise ValueError(f"secondary_weight must be >= 0, got {self.secondary_weight}")
        if self.max_frames is not None and self.max_frames < 1:
            raise ValueError(f"max_frames must be >= 1 or None, got {self.max_frames}")
        if self.calibration_folds < 2:
            raise ValueError(f"calibration_folds must be >= 2, got {self.calibration_folds}")
        if not 0.0 <= self.primary_estimator_weight <= 1.0:
            raise ValueError(
                f"primary_estimator_weight must be in [0, 1], got {self.primary_estimator_weight}"
            )
        if self.min_positives < 2:
            raise ValueError(f"min_positives must be >= 2, got {self.min_positives}")

    def _binary_models(self, Xf: Any, Y: np.ndarray) -> tuple[list, np.ndarray, np.ndarray]:
        """Per frame: a LinearSVC, its Platt sigmoid (a, b) and out-of-fold probabilities."""
        n, k = Y.shape
        models: list = []
        platt = np.zeros((k, 2))
        oof = np.tile(Y.mean(axis=0).astype(float), (n, 1))
        for j in range(k):
            yj = Y[:, j]
            pos = int(yj.sum())
            if pos < self.min_positives or n - pos < self.min_positives:
                models.append(None)
                continue
            svm = LinearSVC(
                C=self.C, class_weight=self.class_weight, random_state=self.random_state
            )
            folds = min(self.calibration_folds, pos, n - pos)
            skf = StratifiedKFold(n_splits=folds, shuffle=True, random_state=self.random_state)
            dec = np.zeros(n)
            for tr, te in skf.split(np.zeros(n), yj):
                dec[te] = clone(svm).fit(Xf[tr], yj[tr]).decision_function(Xf[te])
            platt[j] = _fit_platt(dec, yj)
            oof[:, j] = _sigmoid(dec, platt[j])
            models.append(_compact(svm.fit(Xf, yj)))
        return models, platt, oof

    def _binary_proba(self, Xf: Any) -> np.ndarray:
        n = Xf.shape[0]
        P = np.tile(self.constant_.astype(float), (n, 1))
        for j, m in enumerate(self.estimators_):
            if m is not None:
                P[:, j] = _sigmoid(m.decision_function(Xf), self.platt_[j])
        return P

    def fit(self, X: Any, y: Any) -> FrameClassifier:
        """Fit the features, the per-frame models, the primary model and the thresholds.

        Parameters
        ----------
        X : sequence of str or DataFrame with a ``text`` column
            Paragraph texts.
        y : sequence
            Frame labels per text: lists of keys/codes/names (primary first), strings
            joined by ``;``, or an indicator matrix in codebook order.

        Returns
        -------
        self
        """
        self._check_params()
        cb = resolve_codebook(self.codebook)
        texts = _texts(X)
        labels = parse_frame_labels(y, cb)
        if len(labels) != len(texts):
            raise ValueError(f"X has {len(texts)} texts but y has {len(labels)} label sets")
        if not any(labels):
            raise ValueError("no training text has a frame label")
        keys = cb.keys
        index = {k: j for j, k in enumerate(keys)}
        Y = np.zeros((len(texts), len(keys)), dtype=int)
        for i, lab in enumerate(labels):
            Y[i, [index[k] for k in lab]] = 1
        feats = clone(self.features) if self.features is not None else default_frame_features(cb)
        Xf = feats.fit_transform(texts)
        if sp.issparse(Xf):
            Xf = sp.csr_matrix(Xf)

        self.codebook_ = cb
        self.classes_ = np.array(keys, dtype=object)
        self.features_ = feats
        self.estimators_, self.platt_, oof = self._binary_models(Xf, Y)
        self.constant_ = Y.mean(axis=0).astype(float)
        self.n_features_ = Xf.shape[1]

        has = np.array([bool(lab) for lab in labels])
        primary = np.array([lab[0] if lab else "" for lab in labels], dtype=object)
        pcls = sorted(set(primary[has]), key=index.get)
        self.primary_stacker_ = None
        self.primary_estimator_ = None
        if len(pcls) >= 2:
            pm = LinearSVC(
                C=self.primary_C if self.primary_C is not None else self.C,
                class_weight=self.primary_class_weight,
                random_state=self.random_state,
            )
            rows = np.flatnonzero(has)
            self.primary_model_ = _compact(self._fit_primary(pm, Xf, rows, labels))
            self.primary_classes_ = np.array(self.primary_model_.classes_, dtype=object)
            if self.stack_primary and len(rows) >= STACK_MIN_TEXTS:
                self.primary_stacker_ = self._fit_stacker(pm, Xf, rows, labels, oof)
            if self.primary_estimator is not None:
                self.primary_estimator_ = clone(self.primary_estimator).fit(
                    [texts[i] for i in rows], primary[rows].astype(str)
                )
        else:
            self.primary_model_ = None
            self.primary_classes_ = np.array(pcls, dtype=object)

        if self.threshold == "tune":
            self.thresholds_ = _best_thresholds(Y, oof, [m is not None for m in self.estimators_])
        else:
            self.thresholds_ = np.full(len(keys), float(self.threshold))
        return self

    def _fit_primary(
        self, pm: LinearSVC, Xf: Any, rows: np.ndarray, labels: list[list[str]]
    ) -> LinearSVC:
        """Fit a clone of ``pm`` on the primary frames of ``rows`` (and, with
        ``secondary_weight``, their other frames as weighted extra examples)."""
        idx = [int(i) for i in rows]
        ys = [labels[i][0] for i in idx]
        w = [1.0] * len(idx)
        if self.secondary_weight > 0:
            for i in rows:
                for k in labels[i][1:]:
                    idx.append(int(i))
                    ys.append(k)
                    w.append(float(self.secondary_weight))
        return clone(pm).fit(Xf[idx], np.array(ys, dtype=str), sample_weight=np.array(w))

    def _fit_stacker(
        self,
        pm: LinearSVC,
        Xf: Any,
        rows: np.ndarray,
        labels: list[list[str]],
        oof: np.ndarray,
    ) -> LogisticRegression:
        """Logistic regression of the primary frame on out-of-fold primary decisions
        and per-frame probabilities."""
        classes = list(self.primary_model_.classes_)
        primary = np.array([labels[i][0] for i in rows], dtype=str)
        dec = np.zeros((len(rows), len(classes)))
        folds = min(self.calibration_folds, len(rows))
        counts = np.unique(primary, return_counts=True)[1]
        if counts.min() >= folds:
            splits = StratifiedKFold(folds, shuffle=True, random_state=self.random_state).split(
                np.zeros(len(rows)), primary
            )
        else:
            splits = KFold(folds, shuffle=True, random_state=self.random_state).split(rows)
        for tr, te in splits:
            if len(set(primary[tr])) < 2:
                continue
            m = self._fit_primary(pm, Xf, rows[tr], labels)
            cols = [classes.index(c) for c in m.classes_]
            dec[np.ix_(te, cols)] = _decisions(m, Xf[rows[te]])
        Z = np.hstack([dec, oof[rows]])
        return LogisticRegression(C=1.0, max_iter=2000).fit(Z, primary)

    def tune_thresholds(self, X: Any, y: Any) -> FrameClassifier:
        """Re-tune the per-frame thresholds on validation data (texts not used in fit).

        Each frame's threshold is the one in 0.05..0.95 that maximises the frame's F1 on
        the validation texts; frames without positives there keep their threshold.

        Returns
        -------
        self
        """
        check_is_fitted(self, "thresholds_")
        labels = parse_frame_labels(y, self.codebook_)
        P = self.predict_proba(X)
        if len(labels) != P.shape[0]:
            raise ValueError(f"X has {P.shape[0]} texts but y has {len(labels)} label sets")
        Y = self._indicator(labels)
        usable = [m is not None and Y[:, j].any() for j, m in enumerate(self.estimators_)]
        new = _best_thresholds(Y, P, usable)
        self.thresholds_ = np.where(usable, new, self.thresholds_)
        return self

    # -- prediction ----------------------------------------------------------------------

    def _indicator(self, labels: list[list[str]]) -> np.ndarray:
        index = {k: j for j, k in enumerate(self.classes_)}
        Y = np.zeros((len(labels), len(self.classes_)), dtype=int)
        for i, lab in enumerate(labels):
            Y[i, [index[k] for k in lab]] = 1
        return Y

    def _features(self, X: Any) -> tuple[list[str], Any]:
        check_is_fitted(self, "thresholds_")
        texts = _texts(X)
        Xf = self.features_.transform(texts)
        return texts, (sp.csr_matrix(Xf) if sp.issparse(Xf) else Xf)

    def predict_proba(self, X: Any) -> np.ndarray:
        """Per-frame probabilities, array of shape (n_samples, n_frames).

        Columns follow ``classes_`` (codebook order). Each column is an independent
        probability that the text invokes that frame; rows need not sum to 1.
        """
        return self._binary_proba(self._features(X)[1])

    def primary_proba(self, X: Any) -> np.ndarray:
        """Probability of each frame being the primary one, shape (n_samples, n_frames).

        From the stacker (or ``primary_estimator``) when there is one, else the softmax
        of the primary SVM's decision values (a ranking, not calibrated); rows sum to 1
        over the frames seen as primary in training (other columns are 0).
        """
        return self._primary_proba(*self._features(X))

    def _primary_proba(self, texts: list[str], Xf: Any, P: np.ndarray | None = None) -> np.ndarray:
        n = Xf.shape[0]
        out = np.zeros((n, len(self.classes_)))
        index = {k: j for j, k in enumerate(self.classes_)}
        stacker = getattr(self, "primary_stacker_", None)  # None in models saved before it
        if self.primary_model_ is None:
            out[:, index[self.primary_classes_[0]]] = 1.0
            return out
        elif stacker is not None:
            dec = _decisions(self.primary_model_, Xf)
            if P is None:
                P = self._binary_proba(Xf)
            pp, classes = stacker.predict_proba(np.hstack([dec, P])), stacker.classes_
        else:
            dec = _decisions(self.primary_model_, Xf)
            z = np.exp(dec - dec.max(axis=1, keepdims=True))
            pp, classes = z / z.sum(axis=1, keepdims=True), self.primary_model_.classes_
        for c, k in enumerate(classes):
            out[:, index[k]] = pp[:, c]
        estimator = getattr(self, "primary_estimator_", None)  # None in older saved models
        if estimator is not None:
            w = self.primary_estimator_weight
            pe = estimator.predict_proba(texts)
            out *= 1.0 - w
            for c, k in enumerate(estimator.classes_):
                out[:, index[k]] += w * pe[:, c]
        return out

    def _decide(self, texts: list[str], Xf: Any) -> tuple[list[list[str]], np.ndarray, np.ndarray]:
        P = self._binary_proba(Xf)
        PP = self._primary_proba(texts, Xf, P)
        keys = self.classes_
        frames: list[list[str]] = []
        for i in range(P.shape[0]):
            prim = int(np.argmax(PP[i]))
            on = [
                j
                for j in np.argsort(-P[i], kind="stable")
                if j != prim and self.estimators_[j] is not None and P[i, j] >= self.thresholds_[j]
            ]
            chosen = [prim, *on]
            if self.max_frames is not None:
                chosen = chosen[: self.max_frames]
            frames.append([str(keys[j]) for j in chosen])
        return frames, P, PP

    def predict_frames(self, X: Any) -> list[list[str]]:
        """Frames of each text as a list of keys, primary frame first."""
        return self._decide(*self._features(X))[0]

    def predict_primary(self, X: Any) -> np.ndarray:
        """The primary frame of each text, array of str of shape (n_samples,)."""
        PP = self.primary_proba(X)
        return np.array([str(self.classes_[j]) for j in PP.argmax(axis=1)], dtype=object)

    def predict(self, X: Any) -> np.ndarray:
        """Frame indicator matrix of shape (n_samples, n_frames), columns ``classes_``."""
        return self._indicator(self.predict_frames(X))

    def frame_table(self, X: Any, primary_probabilities: bool = False) -> pd.DataFrame:
        """Frames of each text as a table.

        Parameters
        ----------
        X : texts
        primary_probabilities : bool, default=False
            Add ``primary_p_<key>`` columns: the probability that each frame is the
            primary one (they sum to 1 per text; ``primary_frame`` is the largest).

        Returns
        -------
        pandas.DataFrame
            One row per text (index 0..n-1): ``frames`` (list of keys, primary first),
            ``primary_frame`` (str) and ``p_<key>`` (probability of each frame).
        """
        frames, P, PP = self._decide(*self._features(X))
        table = pd.DataFrame(
            {"frames": frames, "primary_frame": [f[0] for f in frames]}, dtype=object
        )
        parts = [table, pd.DataFrame(P, columns=[f"p_{k}" for k in self.classes_])]
        if primary_probabilities:
            parts.append(pd.DataFrame(PP, columns=[f"primary_p_{k}" for k in self.classes_]))
        return pd.concat(parts, axis=1)

    def score(self, X: Any, y: Any, sample_weight: Any = None) -> float:
        """Micro-averaged F1 of the predicted frame sets against ``y``."""
        Y = self._indicator(parse_frame_labels(y, self.codebook_))
        return float(
            f1_score(
                Y, self.predict(X), average="micro", zero_division=0, sample_weight=sample_weight
            )
        )

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.input_tags.string = True
        tags.input_tags.two_d_array = False
        tags.target_tags.single_output = False
        tags.classifier_tags.multi_label = True
        return tags


def _decisions(model: LinearSVC, X: Any) -> np.ndarray:
    """Decision values, one column per class (a two-class SVM gives one value, d: -d, d)."""
    d = model.decision_function(X)
    return np.column_stack([-d, d]) if d.ndim == 1 else d


def _compact(svm: LinearSVC) -> LinearSVC:
    """Keep the weights in float32: halves the model file; decisions change by ~1e-7."""
    svm.coef_ = np.ascontiguousarray(svm.coef_, dtype=np.float32)
    return svm


def _sigmoid(dec: np.ndarray, ab: np.ndarray) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-(ab[0] * dec + ab[1])))


def _fit_platt(dec: np.ndarray, y: np.ndarray) -> np.ndarray:
    """Platt scaling: P(y=1) = sigmoid(a * decision + b), fitted on out-of-fold decisions."""
    lr = LogisticRegression(C=1e4, max_iter=1000).fit(dec.reshape(-1, 1), y)
    return np.array([lr.coef_[0, 0], lr.intercept_[0]])


def _best_thresholds(Y: np.ndarray, P: np.ndarray, usable: Sequence[bool]) -> np.ndarray:
    grid = np.round(np.arange(0.05, 0.951, 0.025), 3)
    out = np.full(Y.shape[1], 0.5)
    for j in range(Y.shape[1]):
        if not usable[j] or not Y[:, j].any():
            continue
        scores = [f1_score(Y[:, j], (P[:, j] >= t).astype(int), zero_division=0) for t in grid]
        best = float(np.max(scores))
        # the middle of the best plateau is more stable than its first point
        ties = grid[np.isclose(scores, best)]
        out[j] = float(ties[len(ties) // 2])
    return out


# ---------------------------------------------------------------------------------------
# Shipped model and (de)serialisation


def default_frame_model_path() -> Path:
    """Path of the pretrained frame model shipped in the package."""
    return Path(str(resources.files("framing").joinpath("models", "frames.skops")))


#: Types that a frame model file is allowed to contain (checked on load).
TRUSTED_TYPES = [
    "framing.features.TextNgrams",
    "framing.frames.FrameClassifier",
    "framing.frames.SeedTermFeatures",
    "framing.frames.StemmedNgrams",
    "framing.encoder.EncoderClassifier",
    "framing.codebook.Codebook",
    "framing.codebook.Frame",
    "sklearn.feature_extraction.text.TfidfTransformer",
    "sklearn.feature_extraction.text.TfidfVectorizer",
    "sklearn.svm._classes.LinearSVC",
    "sklearn.linear_model._logistic.LogisticRegression",
    "sklearn.pipeline.FeatureUnion",
    "sklearn.pipeline.Pipeline",
    # VotingClassifier.named_estimators_ (framing train --encoder-seeds)
    "sklearn.utils._bunch.Bunch",
    "builtins.slice",
]

_MODEL_CACHE: dict[str, FrameClassifier] = {}


def load_frame_model(
    path: str | Path | None = None, trusted: Sequence[str] | None = None
) -> FrameClassifier:
    """Load a frame model saved with :func:`dump_model` (or ``skops.io.dump``).

    Parameters
    ----------
    path : str or Path, default=None
        Model file; ``None`` loads the pretrained model shipped with the package (cached
        after the first call).
    trusted : sequence of str, default=None
        Types to trust in addition to :data:`TRUSTED_TYPES`.

    Returns
    -------
    FrameClassifier

    Raises
    ------
    FileNotFoundError
        If the file does not exist.
    ValueError
        If the file contains types that are not trusted or holds another kind of object.
    """
    p = Path(path) if path is not None else default_frame_model_path()
    cache = _MODEL_CACHE if path is None else None
    return load_model(
        p,
        kind="frame",
        cls=FrameClassifier,
        trusted_types=TRUSTED_TYPES,
        trusted=trusted,
        cache=cache,
    )
