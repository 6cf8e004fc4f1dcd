"""Feature extractors for news paragraphs: scikit-learn transformers over raw text.

Every transformer takes ``X`` as either a sequence of strings (one paragraph each) or a
DataFrame with a ``text`` column and, optionally, ``target_start`` / ``target_end``
columns giving the character span of a target mention in each text (NaN or None where a
row has no target). All of them follow the scikit-learn contract: ``__init__`` only
stores parameters, ``fit`` learns attributes ending in ``_``, and
``get_feature_names_out`` names every output column.

- :class:`LexiconTone`: VADER lexicon tone scored per sentence and aggregated per
  paragraph (mean, min, max, shares of positive/negative/neutral sentences, ...).
- :class:`StyleCues`: negation, hedges, modal verbs, intensifiers, numbers, question and
  exclamation marks, the share of quoted text.
- :class:`TextNgrams`: TF-IDF word n-grams and, optionally, character n-grams.
- :class:`TargetContext`: features for the tone towards a target span: the lexicon
  tone of the words around the mention, the target's role in its sentence and (optionally)
  the words on either side of it.

The VADER lexicon is read from a path that you control (``lexicon_path``); by default it
is the ``vader_lexicon.txt`` file shipped with the ``vaderSentiment`` package (MIT).

Examples
--------
>>> from framing.features import LexiconTone
>>> lt = LexiconTone().fit(["x"])
>>> X = lt.transform(["The talks failed. Both sides blamed each other.",
...                   "The deal was a great success."])
>>> X.shape[1] == len(lt.get_feature_names_out())
True
>>> bool(X[0, 0] < 0 < X[1, 0])
True
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Sequence
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import scipy.sparse as sp
from sklearn.base import BaseEstimator, TransformerMixin
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.utils.validation import check_is_fitted

__all__ = [
    "LexiconTone",
    "StyleCues",
    "TargetContext",
    "TextNgrams",
    "default_lexicon_path",
    "load_vader_lexicon",
    "split_sentences",
    "text_inputs",
    "vader_analyzer",
]

# ---------------------------------------------------------------------------------------
# Constants. Sources are given for every number.


def _words(s: str) -> frozenset[str]:
    return frozenset(s.split())


#: VADER's normalisation constant: compound = s / sqrt(s**2 + alpha) (Hutto & Gilbert 2014,
#: vaderSentiment.normalize, alpha=15).
VADER_ALPHA = 15.0
#: VADER's scalar for a lexicon word in the scope of a negation (vaderSentiment N_SCALAR).
N_SCALAR = -0.74
#: VADER's empirically derived booster increment (vaderSentiment B_INCR / B_DECR).
B_INCR = 0.293
#: VADER's amplification per exclamation mark, at most 4 of them (vaderSentiment
#: _amplify_ep: 0.292 per "!").
EP_INCR = 0.292
#: VADER's neutral band for the compound score (its README: >= 0.05 positive,
#: <= -0.05 negative).
NEUTRAL_BAND = 0.05
#: Number of tokens after a negator that it scopes over (VADER looks back 3 words).
NEGATION_SCOPE = 3

#: Negators, from vaderSentiment.NEGATE (apostrophe-free forms are covered by "n't").
NEGATORS = _words(
    """aint arent cannot cant couldnt darent didnt doesnt dont hadnt hasnt havent isnt
    mightnt mustnt neither neednt never none nope nor not nothing nowhere oughtnt shant
    shouldnt uhuh wasnt werent without wont wouldnt rarely seldom despite no"""
)
#: Booster (+) and dampener (-) words, from vaderSentiment.BOOSTER_DICT (single words).
BOOSTERS = {
    **{
        w: B_INCR
        for w in _words(
            """absolutely amazingly awfully completely considerable considerably
        decidedly deeply enormous enormously entirely especially exceptional exceptionally
        extreme extremely fully greatly highly hugely incredible incredibly intensely major
        majorly more most particularly purely quite really remarkably so substantially
        thoroughly total totally tremendous tremendously unbelievably unusually utter utterly
        very"""
        )
    },
    **{
        w: -B_INCR
        for w in _words(
            """almost barely hardly kinda less little marginal marginally occasional
        occasionally partly scarce scarcely slight slightly somewhat sorta"""
        )
    },
}
#: Hedges and epistemic markers (after Hyland 2005, "Metadiscourse", hedges list, cut down
#: to forms common in news).
HEDGES = _words(
    """allegedly apparently appear appeared appears approximately arguably assume believe
    believed estimate estimated likely perhaps possible possibly presumably probably
    purportedly reportedly rumored seem seemed seems somewhat suggest suggested suggests
    supposedly uncertain unclear unconfirmed unlikely unverified"""
)
#: English modal verbs.
MODALS = _words("can could may might must shall should will would ought")
#: Intensifiers: the boosters above.
INTENSIFIERS = frozenset(w for w, v in BOOSTERS.items() if v > 0)
#: Number words.
NUMBER_WORDS = _words(
    """one two three four five six seven eight nine ten eleven twelve twenty thirty forty
    fifty hundred hundreds thousand thousands million millions billion billions trillion
    dozen dozens percent"""
)
#: Speech and attribution verbs (for the target's role as a speaker).
SPEECH_VERBS = _words(
    """said says say told tells added adds argued argues asserted claimed claims contended
    declared insisted noted stated warned wrote explained acknowledged admitted announced
    denied responded replied tweeted"""
)
#: First- and second-person pronouns (voice of quoted speakers).
PERSONAL = _words("i me my mine we us our ours you your yours")

_WORD = re.compile(r"[a-z]+(?:'[a-z]+)*")
#: A token of _WORD that ends in "n't" (didn't, can't, ...): a negation.
_NT_TOKEN_END = re.compile(r"n't(?![a-z]|'[a-z])")
_NUMBER = re.compile(r"\d+(?:[.,:]\d+)*")
_SENT_BOUNDARY = re.compile(r"[.!?][\"'\u201d\u2019)\]]?(\s+)|\n+")
_INITIALS = re.compile(r"^(?:[a-z]\.)*[a-z]$")
#: Abbreviations after which a full stop does not end a sentence (common in news).
ABBREVIATIONS = _words(
    """mr mrs ms dr sen rep gov gen col lt sgt st jr sr prof inc corp co ltd vs jan feb
    mar apr jun jul aug sep sept oct nov dec ft mt rev pres adm capt cmdr maj supt"""
)
_QUOTED = re.compile(r"\"[^\"\n]{1,2000}\"|\u201c[^\u201d\n]{1,2000}\u201d")


# ---------------------------------------------------------------------------------------
# Inputs


def text_inputs(X: Any) -> tuple[list[str], np.ndarray, np.ndarray]:
    """Normalise transformer input to texts and target spans.

    Parameters
    ----------
    X : sequence of str or pandas.DataFrame
        Texts, or a frame with a ``text`` column and optional ``target_start`` and
        ``target_end`` columns (NaN/None where a row has no target).

    Returns
    -------
    texts : list of str
        Missing texts (None, NaN, pd.NA) become ``""``.
    starts, ends : ndarray of float of shape (n_samples,)
        Target spans; NaN where a row has no target.

    Raises
    ------
    TypeError
        If a text is not a string, or ``X`` is a single string.
    ValueError
        If a target span is not inside its text or only one of its ends is given.
    """
    if isinstance(X, (str, bytes)):
        raise TypeError("X must be a sequence of texts, not a single string")
    if isinstance(X, pd.DataFrame):
        if "text" not in X.columns:
            raise ValueError(f"a DataFrame input needs a 'text' column; got {list(X.columns)}")
        raw = X["text"].tolist()
        n = len(raw)
        starts = (
            pd.to_numeric(X["target_start"], errors="raise").to_numpy(dtype=float)
            if "target_start" in X.columns
            else np.full(n, np.nan)
        )
        ends = (
            pd.to_numeric(X["target_end"], errors="raise").to_numpy(dtype=float)
            if "target_end" in X.columns
            else np.full(n, np.nan)
        )
    else:
        raw = list(X)
        starts = np.full(len(raw), np.nan)
        ends = np.full(len(raw), np.nan)
    texts = []
    for i, t in enumerate(raw):
        if isinstance(t, str):
            texts.append(t)
        elif pd.api.types.is_scalar(t) and pd.isna(t):  # None, NaN, pd.NA
            texts.append("")
        else:
            raise TypeError(f"text at row {i} is {type(t).__name__}, expected str")
    has_s, has_e = ~np.isnan(starts), ~np.isnan(ends)
    if np.any(has_s != has_e):
        i = int(np.flatnonzero(has_s != has_e)[0])
        raise ValueError(f"row {i}: target_start and target_end must both be given or both None")
    lengths = np.fromiter((len(t) for t in texts), dtype=float, count=len(texts))
    bad = has_s & ((starts < 0) | (ends <= starts) | (ends > lengths))
    if np.any(bad):
        i = int(np.flatnonzero(bad)[0])
        raise ValueError(
            f"row {i}: target span ({starts[i]:g}, {ends[i]:g}) is not inside the text "
            f"of length {int(lengths[i])}"
        )
    return texts, starts, ends


def split_sentences(text: str) -> list[str]:
    """Split a paragraph into sentences with a regular expression (no model needed).

    A boundary is ``.``, ``!`` or ``?`` (optionally followed by a closing quote or
    bracket) and whitespace, or a line break. A full stop after an abbreviation
    (:data:`ABBREVIATIONS`) or initials ("U.S.") or before a lower-case letter is not a
    boundary.

    >>> split_sentences('Sen. Smith left. "Why?" she asked.\\nU.S. officials declined.')
    ['Sen. Smith left.', '"Why?" she asked.', 'U.S. officials declined.']
    """
    out = []
    start = 0
    for m in _SENT_BOUNDARY.finditer(text):
        if m.group(1) is not None:
            if text[m.end() : m.end() + 1].islower():
                continue
            if text[m.start()] == ".":
                word = text[start : m.start()].rsplit(None, 1)[-1:] or [""]
                word = word[0].lstrip("\"'(\u201c\u2018[").lower()
                if word in ABBREVIATIONS or _INITIALS.match(word):
                    continue
        piece = text[start : m.start(1) if m.group(1) is not None else m.start()].strip()
        if piece:
            out.append(piece)
        start = m.end()
    piece = text[start:].strip()
    if piece:
        out.append(piece)
    return out


def _apos(text: str) -> str:
    """Normalise typographic apostrophes to ``'`` (str.replace is much faster than
    str.translate here)."""
    return text.replace("\u2019", "'").replace("\u2018", "'").replace("`", "'")


def _tokens(text: str) -> list[str]:
    return _WORD.findall(_apos(text).lower())


# ---------------------------------------------------------------------------------------
# Lexicon


def default_lexicon_path() -> Path:
    """Path of ``vader_lexicon.txt`` inside the installed ``vaderSentiment`` package."""
    return Path(str(resources.files("vaderSentiment").joinpath("vader_lexicon.txt")))


def load_vader_lexicon(path: str | Path | None = None) -> dict[str, float]:
    """Read a VADER-format lexicon: ``token<TAB>mean valence<TAB>...`` per line.

    Parameters
    ----------
    path : str or Path, default=None
        Lexicon file; ``None`` means :func:`default_lexicon_path`.

    Returns
    -------
    dict
        Lower-cased token -> valence (about -4..4).

    Raises
    ------
    FileNotFoundError
        If the file does not exist.
    ValueError
        If a line has no numeric valence in its second field.
    """
    p = Path(path) if path is not None else default_lexicon_path()
    if not p.is_file():
        raise FileNotFoundError(f"lexicon file not found: {p}")
    lex: dict[str, float] = {}
    for lineno, line in enumerate(p.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        parts = line.split("\t")
        try:
            lex[parts[0].strip().lower()] = float(parts[1])
        except (IndexError, ValueError):
            raise ValueError(f"{p}:{lineno}: expected 'token<TAB>valence'") from None
    return lex


def vader_analyzer(path: str | Path | None = None):
    """NLTK's VADER ``SentimentIntensityAnalyzer`` with its lexicon read from ``path``.

    NLTK's own constructor only reads lexicons from the NLTK data directories; this reads
    the file given here (default :func:`default_lexicon_path`) and keeps NLTK's rule
    engine unchanged.
    """
    from nltk.sentiment.vader import SentimentIntensityAnalyzer, VaderConstants

    p = Path(path) if path is not None else default_lexicon_path()
    if not p.is_file():
        raise FileNotFoundError(f"lexicon file not found: {p}")

    class _PathVader(SentimentIntensityAnalyzer):
        def __init__(self, text: str) -> None:
            self.lexicon_file = text.rstrip("\n")
            self.lexicon = self.make_lex_dict()
            self.constants = VaderConstants()

    return _PathVader(p.read_text(encoding="utf-8"))


def _sentence_valence(toks: list[str], lex: dict[str, float]) -> tuple[float, float, float]:
    """Sum, positive sum and negative sum of lexicon valences in one token list.

    VADER's main rules in a single pass: a negator flips (x N_SCALAR) the next
    NEGATION_SCOPE words, a booster adds +-B_INCR in the direction of the next word.
    Only tokens found in the lexicon are visited (the lookup itself runs in C).
    """
    total = pos = neg = 0.0
    vals = list(map(lex.get, toks))
    if not any(vals):
        return total, pos, neg
    for i, v in enumerate(vals):
        if v is None:
            continue
        w = toks[i]
        if w in BOOSTERS:
            continue
        if i:
            boost = BOOSTERS.get(toks[i - 1], 0.0)
            if boost:
                v += boost if v > 0 else -boost
            for t in toks[max(0, i - NEGATION_SCOPE) : i]:
                if t in NEGATORS or t.endswith("n't"):
                    v *= N_SCALAR
                    break
        total += v
        if v > 0:
            pos += v
        else:
            neg += v
    return total, pos, neg


def _compound(s: float) -> float:
    return s / math.sqrt(s * s + VADER_ALPHA)


class LexiconTone(TransformerMixin, BaseEstimator):
    """VADER lexicon tone per sentence, aggregated per paragraph.

    VADER's compound score saturates on long texts, so each sentence is scored on its own
    and the scores are aggregated: mean, min, max, the shares of positive, negative and
    neutral sentences (compound beyond +-0.05), plus the rate of positive and negative
    valence per token and the number of sentences (log).

    Parameters
    ----------
    lexicon_path : str or Path, default=None
        VADER-format lexicon file; ``None`` uses the one shipped with ``vaderSentiment``.
    engine : {"fast", "nltk"}, default="fast"
        ``"fast"`` applies the lexicon with VADER's negation and booster rules in one pass
        over the tokens (several times faster); ``"nltk"`` runs NLTK's full VADER rule
        engine on every sentence.

    Attributes
    ----------
    lexicon_ : dict
        Token -> valence, read at ``fit``.
    n_features_out_ : int
        Number of output columns.
    """

    _names = (
        "sent_mean",
        "sent_min",
        "sent_max",
        "share_pos",
        "share_neg",
        "share_neu",
        "para_compound",
        "pos_rate",
        "neg_rate",
        "n_sentences_log",
    )

    def __init__(self, lexicon_path: str | Path | None = None, engine: str = "fast") -> None:
        self.lexicon_path = lexicon_path
        self.engine = engine

    def fit(self, X: Any, y: Any = None) -> LexiconTone:
        """Read the lexicon. ``X`` and ``y`` are ignored (the transformer is rule-based)."""
        if self.engine not in ("fast", "nltk"):
            raise ValueError(f"engine must be 'fast' or 'nltk', got {self.engine!r}")
        self.lexicon_ = load_vader_lexicon(self.lexicon_path)
        self.n_features_out_ = len(self._names)
        return self

    def _analyzer(self):
        an = getattr(self, "_nltk_analyzer", None)
        if an is None:
            from nltk.sentiment.vader import SentimentIntensityAnalyzer, VaderConstants

            an = SentimentIntensityAnalyzer.__new__(SentimentIntensityAnalyzer)
            an.lexicon = self.lexicon_
            an.constants = VaderConstants()
            self._nltk_analyzer = an
        return an

    def __getstate__(self) -> dict:
        state = self.__dict__.copy()
        state.pop("_nltk_analyzer", None)
        return state

    def score_sentences(self, texts: Sequence[str]) -> list[list[float]]:
        """Compound score of every sentence of every text (list per text)."""
        check_is_fitted(self)
        lex = self.lexicon_
        out = []
        if self.engine == "nltk":
            an = self._analyzer()
            for t in texts:
                out.append([an.polarity_scores(s)["compound"] for s in split_sentences(t)])
            return out
        for t in texts:
            scores = []
            for s in split_sentences(t):
                total = _sentence_valence(_tokens(s), lex)[0]
                if total:
                    ep = min(s.count("!"), 4) * EP_INCR
                    total += ep if total > 0 else -ep
                scores.append(_compound(total))
            out.append(scores)
        return out

    def transform(self, X: Any) -> np.ndarray:
        """Lexicon tone features, array of shape (n_samples, n_features_out_)."""
        check_is_fitted(self)
        texts, _, _ = text_inputs(X)
        lex = self.lexicon_
        rows = []
        zeros = (0.0,) * len(self._names)
        an = self._analyzer() if self.engine == "nltk" else None
        for t in texts:
            sents = split_sentences(t)
            if not sents:
                rows.append(zeros)
                continue
            comps = []
            tot = pos = neg = 0.0
            ntok = 0
            for s in sents:
                toks = _tokens(s)
                ntok += len(toks)
                st, sp_, sn = _sentence_valence(toks, lex)
                tot += st
                pos += sp_
                neg += sn
                if an is not None:
                    comps.append(an.polarity_scores(s)["compound"])
                else:
                    if st:
                        ep = min(s.count("!"), 4) * EP_INCR
                        st += ep if st > 0 else -ep
                    comps.append(_compound(st))
            n = len(comps)
            npos = sum(1 for c in comps if c >= NEUTRAL_BAND)
            nneg = sum(1 for c in comps if c <= -NEUTRAL_BAND)
            denom = max(ntok, 1)
            rows.append(
                (
                    sum(comps) / n,
                    min(comps),
                    max(comps),
                    npos / n,
                    nneg / n,
                    (n - npos - nneg) / n,
                    _compound(tot),
                    pos / denom,
                    -neg / denom,
                    math.log1p(n),
                )
            )
        return np.array(rows, dtype=float).reshape(len(texts), len(self._names))

    def get_feature_names_out(self, input_features: Any = None) -> np.ndarray:
        """Output column names, prefixed ``lex_``."""
        check_is_fitted(self)
        return np.array([f"lex_{n}" for n in self._names], dtype=object)


# ---------------------------------------------------------------------------------------
# Style


_STYLE_CATEGORY = {
    **{w: 0 for w in NEGATORS},
    **{w: 1 for w in HEDGES},
    **{w: 2 for w in MODALS},
    **{w: 3 for w in INTENSIFIERS},
    **{w: 4 for w in NUMBER_WORDS},
    **{w: 5 for w in PERSONAL},
}


class StyleCues(TransformerMixin, BaseEstimator):
    """Stylistic cues of a paragraph, as rates per token where that makes sense.

    Columns: negations, hedges, modal verbs, intensifiers, number words and digits,
    first/second-person pronouns (all per token), question marks, exclamation marks
    (counts), the share of characters inside quotation marks, and the number of tokens
    (log).

    Parameters
    ----------
    normalize : bool, default=True
        Divide the word counts by the number of tokens.

    Attributes
    ----------
    n_features_out_ : int
        Number of output columns.
    """

    _names = (
        "negation",
        "hedge",
        "modal",
        "intensifier",
        "number",
        "personal",
        "question",
        "exclamation",
        "quoted_share",
        "n_tokens_log",
    )

    def __init__(self, normalize: bool = True) -> None:
        self.normalize = normalize

    def fit(self, X: Any, y: Any = None) -> StyleCues:
        """Nothing to learn; validates parameters. Returns self."""
        self.n_features_out_ = len(self._names)
        return self

    def transform(self, X: Any) -> np.ndarray:
        """Style features, array of shape (n_samples, n_features_out_)."""
        check_is_fitted(self)
        texts, _, _ = text_inputs(X)
        rows = []
        zeros = [0.0] * len(self._names)
        get = _STYLE_CATEGORY.get
        for t in texts:
            if not t:
                rows.append(zeros)
                continue
            lowered = _apos(t).lower()
            toks = _WORD.findall(lowered)
            cats = Counter(map(get, toks))
            counts = [float(cats.get(c, 0)) for c in range(6)]
            counts[0] += len(_NT_TOKEN_END.findall(lowered))
            counts[4] += len(_NUMBER.findall(t))
            n = len(toks)
            if self.normalize:
                d = max(n, 1)
                counts = [c / d for c in counts]
            quoted = sum(map(len, _QUOTED.findall(t)))
            counts += [t.count("?"), t.count("!"), quoted / len(t), math.log1p(n)]
            rows.append(counts)
        return np.array(rows, dtype=float).reshape(len(texts), len(self._names))

    def get_feature_names_out(self, input_features: Any = None) -> np.ndarray:
        """Output column names, prefixed ``style_``."""
        check_is_fitted(self)
        return np.array([f"style_{n}" for n in self._names], dtype=object)


# ---------------------------------------------------------------------------------------
# N-grams


def _mask_targets(texts: list[str], starts: np.ndarray, ends: np.ndarray, token: str) -> list[str]:
    out = []
    for t, s, e in zip(texts, starts, ends, strict=True):
        if np.isnan(s):
            out.append(t)
        else:
            out.append(f"{t[: int(s)]} {token} {t[int(e) :]}")
    return out


def _plain_vocabulary(vec: TfidfVectorizer) -> None:
    """Store vocabulary indices as Python ints (compact and safe to serialise with skops)
    and drop scikit-learn's ``_stop_words_id`` cache, an ``id()`` that differs in every
    process and would make saved models differ byte-wise."""
    vec.vocabulary_ = {k: int(v) for k, v in vec.vocabulary_.items()}
    vec.__dict__.pop("_stop_words_id", None)


class TextNgrams(TransformerMixin, BaseEstimator):
    """TF-IDF word n-grams and, optionally, character n-grams, as one sparse matrix.

    Parameters
    ----------
    word_ngram_range : tuple of int, default=(1, 2)
        Word n-gram orders.
    char_ngram_range : tuple of int or None, default=None
        Character n-gram orders (within word boundaries); ``None`` leaves them out
        (they are several times slower to compute than word n-grams).
    min_df : int or float, default=2
        Minimum document frequency of a kept n-gram.
    max_features : int or None, default=None
        Keep at most this many n-grams of each kind (by corpus frequency).
    sublinear_tf : bool, default=True
        Use 1 + log(tf).
    mask_target : str or None, default="TARGETX"
        Replace a row's target span by this token, so that names do not become
        features; ``None`` keeps the text as it is.

    Attributes
    ----------
    word_ : TfidfVectorizer
        Fitted word vectorizer.
    char_ : TfidfVectorizer or None
        Fitted character vectorizer.
    """

    def __init__(
        self,
        word_ngram_range: tuple[int, int] = (1, 2),
        char_ngram_range: tuple[int, int] | None = None,
        min_df: int | float = 2,
        max_features: int | None = None,
        sublinear_tf: bool = True,
        mask_target: str | None = "TARGETX",
    ) -> None:
        self.word_ngram_range = word_ngram_range
        self.char_ngram_range = char_ngram_range
        self.min_df = min_df
        self.max_features = max_features
        self.sublinear_tf = sublinear_tf
        self.mask_target = mask_target

    def _texts(self, X: Any) -> list[str]:
        texts, starts, ends = text_inputs(X)
        if self.mask_target:
            texts = _mask_targets(texts, starts, ends, self.mask_target)
        return [_apos(t) for t in texts]

    def fit(self, X: Any, y: Any = None) -> TextNgrams:
        """Learn the vocabularies and idf weights."""
        self._fit(self._texts(X))
        return self

    def _word_vectorizer(self) -> TfidfVectorizer:
        """The (unfitted) word vectorizer; subclasses may tokenise differently."""
        return TfidfVectorizer(
            ngram_range=tuple(self.word_ngram_range),
            min_df=self.min_df,
            max_features=self.max_features,
            sublinear_tf=self.sublinear_tf,
            token_pattern=r"(?u)\b\w[\w']*\b",
            dtype=np.float64,
        )

    def _word_texts(self, texts: list[str]) -> list[str]:
        """What the word vectorizer reads (the texts themselves; subclasses may rewrite
        them, e.g. stem them)."""
        return texts

    def _fit(self, texts: list[str]) -> sp.csr_matrix:
        self.word_ = self._word_vectorizer()
        mats = [self.word_.fit_transform(self._word_texts(texts))]
        _plain_vocabulary(self.word_)
        if self.char_ngram_range is not None:
            self.char_ = TfidfVectorizer(
                analyzer="char_wb",
                ngram_range=tuple(self.char_ngram_range),
                min_df=self.min_df,
                max_features=self.max_features,
                sublinear_tf=self.sublinear_tf,
                dtype=np.float64,
            )
            mats.append(self.char_.fit_transform(texts))
            _plain_vocabulary(self.char_)
        else:
            self.char_ = None
        return sp.hstack(mats, format="csr")

    def fit_transform(self, X: Any, y: Any = None, **fit_params: Any) -> sp.csr_matrix:
        """Fit and transform in one pass over the texts."""
        return self._fit(self._texts(X))

    def transform(self, X: Any) -> sp.csr_matrix:
        """TF-IDF matrix, sparse of shape (n_samples, n_features)."""
        check_is_fitted(self, "word_")
        texts = self._texts(X)
        mats = [self.word_.transform(self._word_texts(texts))]
        if self.char_ is not None:
            mats.append(self.char_.transform(texts))
        return sp.hstack(mats, format="csr")

    def get_feature_names_out(self, input_features: Any = None) -> np.ndarray:
        """Names ``word__<ngram>`` and ``char__<ngram>``."""
        check_is_fitted(self, "word_")
        names = [f"word__{n}" for n in self.word_.get_feature_names_out()]
        if self.char_ is not None:
            names += [f"char__{n}" for n in self.char_.get_feature_names_out()]
        return np.array(names, dtype=object)


# ---------------------------------------------------------------------------------------
# Target-aware features

_TOKEN_SPAN = re.compile(r"[A-Za-z]+(?:['\u2019][A-Za-z]+)*")


class TargetContext(TransformerMixin, BaseEstimator):
    """Features for the tone towards a target mention at a ``(start, end)`` span.

    For rows with a target: the VADER valence of the words in a window on each side of
    the mention (sum, distance-weighted sum, negative and positive parts), the compound
    score of the mention's sentence and of the rest of the text, and the target's role:
    at the start of its sentence (likely subject), followed by a speech verb (speaker),
    after "by" (agent), after "against"/"on"/"at" (object of an attack or criticism),
    possessive, inside quotation marks, relative position. Optionally the words around
    the mention as sparse indicator features (``L__word`` / ``R__word``). Rows without a
    target get all-zero features (``tgt_has_target`` = 0).

    Parameters
    ----------
    window : int, default=6
        Number of words on each side of the mention.
    context_words : bool, default=True
        Add the sparse window-word indicators.
    min_df : int, default=3
        Minimum number of training rows a window word must occur in to be kept.
    lexicon_path : str or Path, default=None
        VADER-format lexicon file; ``None`` uses the one shipped with ``vaderSentiment``.

    Attributes
    ----------
    lexicon_ : dict
        Token -> valence.
    vocabulary_ : dict
        Window feature -> column (empty when ``context_words`` is False).
    """

    _names = (
        "has_target",
        "left_sum",
        "right_sum",
        "weighted_sum",
        "window_pos",
        "window_neg",
        "window_negation",
        "sentence_compound",
        "rest_compound",
        "sentence_start",
        "speaker",
        "agent_by",
        "object_prep",
        "possessive",
        "in_quote",
        "rel_position",
    )

    def __init__(
        self,
        window: int = 6,
        context_words: bool = True,
        min_df: int = 3,
        lexicon_path: str | Path | None = None,
    ) -> None:
        self.window = window
        self.context_words = context_words
        self.min_df = min_df
        self.lexicon_path = lexicon_path

    def _contexts(self, X: Any):
        """Per row: None, or (left tokens, right tokens, sentence, rest, role flags)."""
        texts, starts, ends = text_inputs(X)
        out = []
        w = self.window
        for t, s, e in zip(texts, starts, ends, strict=True):
            if np.isnan(s):
                out.append(None)
                continue
            s, e = int(s), int(e)
            left_text = _apos(t[:s])
            right_text = _apos(t[e:])
            # Sentence of the mention: from the last boundary before it to the next after.
            lb = max(left_text.rfind(". "), left_text.rfind("? "), left_text.rfind("! "))
            rb_candidates = [right_text.find(x) for x in (". ", "? ", "! ")]
            rb_candidates = [x for x in rb_candidates if x >= 0]
            rb = min(rb_candidates) if rb_candidates else len(right_text)
            sent_left = left_text[lb + 1 :] if lb >= 0 else left_text
            sent_right = right_text[: rb + 1]
            ltoks = [x.lower() for x in _TOKEN_SPAN.findall(sent_left)]
            rtoks = [x.lower() for x in _TOKEN_SPAN.findall(sent_right)]
            rest = (left_text[: lb + 1] if lb >= 0 else "") + " " + right_text[rb + 1 :]
            quotes_before = sum(left_text.count(q) for q in ('"', "\u201c", "\u201d"))
            role = (
                float(len(ltoks) <= 1),
                float(any(x in SPEECH_VERBS for x in rtoks[:3])),
                float(bool(ltoks) and ltoks[-1] == "by"),
                float(bool(ltoks) and ltoks[-1] in ("against", "on", "at", "with")),
                float(right_text.startswith("'s") or right_text.startswith("'")),
                float(quotes_before % 2 == 1),
                s / max(len(t), 1),
            )
            out.append((ltoks[-w:] if w else [], rtoks[:w], sent_left + sent_right, rest, role))
        return out

    def fit(self, X: Any, y: Any = None) -> TargetContext:
        """Read the lexicon and learn the window-word vocabulary."""
        if self.window < 0:
            raise ValueError(f"window must be >= 0, got {self.window}")
        self.lexicon_ = load_vader_lexicon(self.lexicon_path)
        vocab: dict[str, int] = {}
        if self.context_words:
            df: dict[str, int] = {}
            for c in self._contexts(X):
                if c is None:
                    continue
                feats = {f"L__{x}" for x in c[0]} | {f"R__{x}" for x in c[1]}
                for f in feats:
                    df[f] = df.get(f, 0) + 1
            for f in sorted(f for f, n in df.items() if n >= self.min_df):
                vocab[f] = len(vocab)
        self.vocabulary_ = vocab
        return self

    def transform(self, X: Any) -> sp.csr_matrix:
        """Target features, sparse of shape (n_samples, n_features)."""
        check_is_fitted(self, "vocabulary_")
        ctx = self._contexts(X)
        lex = self.lexicon_
        nd = len(self._names)
        dense = np.zeros((len(ctx), nd))
        rows, cols = [], []
        for r, c in enumerate(ctx):
            if c is None:
                continue
            left, right, sent, rest, role = c
            lv = _sentence_valence(left, lex)
            rv = _sentence_valence(right, lex)
            weighted = 0.0
            for d, x in enumerate(reversed(left), 1):
                weighted += lex.get(x, 0.0) / d
            for d, x in enumerate(right, 1):
                weighted += lex.get(x, 0.0) / d
            negation = sum(1 for x in left + right if x in NEGATORS or x.endswith("n't"))
            dense[r, :9] = (
                1.0,
                lv[0],
                rv[0],
                weighted,
                lv[1] + rv[1],
                -(lv[2] + rv[2]),
                negation,
                _compound(_sentence_valence(_tokens(sent), lex)[0]),
                _compound(_sentence_valence(_tokens(rest), lex)[0]),
            )
            dense[r, 9:] = role
            if self.vocabulary_:
                feats = {f"L__{x}" for x in left} | {f"R__{x}" for x in right}
                for f in feats:
                    j = self.vocabulary_.get(f)
                    if j is not None:
                        rows.append(r)
                        cols.append(nd + j)
        d = sp.csr_matrix(dense)
        if not self.vocabulary_:
            return d
        words = sp.csr_matrix(
            (np.ones(len(rows)), (rows, np.asarray(cols, dtype=int) - nd)),
            shape=(len(ctx), len(self.vocabulary_)),
        )
        return sp.hstack([d, words], format="csr")

    def get_feature_names_out(self, input_features: Any = None) -> np.ndarray:
        """Names ``tgt_<feature>`` then the window words."""
        check_is_fitted(self, "vocabulary_")
        names = [f"tgt_{n}" for n in self._names]
        names += [f"tgt_{w}" for w in sorted(self.vocabulary_, key=self.vocabulary_.get)]
        return np.array(names, dtype=object)
