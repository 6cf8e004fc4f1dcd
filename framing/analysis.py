"""The analysis stage: one call from a corpus to every result table, aggregated.

:func:`analyze` runs quote extraction and speaker resolution, scores the tone and frames
of every paragraph and every quote with the shipped (or given) models, and aggregates per
speaker, per document and across the corpus with 95% intervals of the mean tone: Student
t for groups of fewer than 30 values, percentile bootstrap above (see
:func:`bootstrap_mean`), clipped to the tone range [-1, 1]. Groups that span documents
(outlets, months, :meth:`Analysis.group`) count the rows of one document as one sample
(clustered intervals); the per-speaker and per-document intervals treat a speaker's
quotes or a document's paragraphs as independent, which they are not quite (a speaker's
quotes in one story share its topic), so read them as descriptive.

Tables of an :class:`Analysis`
------------------------------
``paragraphs``
    The corpus paragraphs (``doc_id``, ``para_id``, ``text``, ``start``, ``end``,
    ``section``) with ``tone``, ``tone_score``, ``p_negative``, ``p_neutral``,
    ``p_positive``, ``frames`` (list, primary first), ``primary_frame``, ``p_<frame>``,
    ``speaker_ids`` and ``speaker_names`` (speakers whose speech the paragraph carries),
    ``quoted_share``, ``voice`` (``quoted`` when the paragraph carries attributed speech
    or a quotation of five or more words whose speaker was not found, else ``author``)
    and the document's ``outlet``,
    ``agency`` and ``published``.
``quotes``
    Every quote (see :func:`framing.extract_quotes`) with the tone and frames of its
    content: ``tone``, ``tone_score``, ``p_*``, ``frames``, ``primary_frame``, and
    ``speaker_category`` (``official``, ``expert``, ``organization``, ``media``,
    ``citizen`` or ``unclear``, from the speaker's name, role and mention in the
    document; see :mod:`framing.categories`) and ``speaker_key``, the speaker's row in
    ``corpus_speakers`` (whose ``speaker_category`` is pooled over all documents:
    ``quotes.merge(corpus_speakers[["speaker_key", "speaker_category"]],
    on="speaker_key", suffixes=("", "_corpus"))``).
``speakers``
    One row per speaker per document: ``doc_id``, ``speaker_id``, ``speaker_name``,
    ``speaker_type``, ``speaker_role``, ``speaker_category`` (from the name, role and
    aliases), ``aliases``, ``n_quotes``, ``words_quoted``,
    ``tone_mean``, ``tone_low``, ``tone_high`` (95% interval of the mean tone of the
    speaker's quotes, see :func:`bootstrap_mean`), ``frame_<key>`` (share of the speaker's quotes with that
    primary frame), ``outlet``, ``published``.
``corpus_speakers``
    One row per speaker across the corpus, canonical names merged across documents when
    they clearly match (same full personal name or same named organisation; a
    description such as "the group" or "the administration" stays per document, see
    :func:`speaker_key`): ``speaker_key``, ``speaker_name``, ``speaker_type``,
    ``speaker_role``, ``speaker_category`` (the most common category of its documents
    other than ``unclear``), ``n_documents``, ``doc_ids``,
    ``n_quotes``, ``words_quoted``, ``tone_mean``, ``tone_low``, ``tone_high`` (over the
    speaker's quotes, as if independent: most speakers appear in one document, where a
    clustered interval would not exist), ``frame_<key>``.
``documents``
    Document metadata with ``n_quotes``, ``n_speakers``, ``tone_mean``, ``tone_low``,
    ``tone_high`` (95% interval over paragraphs), ``share_negative``, ``share_neutral``,
    ``share_positive``, ``frame_<key>`` (share of paragraphs with that primary frame),
    ``author_tone`` (mean tone of the author's own paragraphs) and ``quoted_tone`` (mean
    tone of paragraphs that carry quoted speech).
``outlets``, ``months``
    The paragraphs grouped by ``outlet`` and by month of ``published`` (see
    :meth:`Analysis.group`): ``n``, ``n_documents``, ``tone_mean``, ``tone_low``,
    ``tone_high`` (clustered by document: none for a group from one document),
    ``share_<tone>``, ``frame_<key>``. Outlet names that differ only in
    case or spacing ("FOX" and "fox") are one outlet, named by its most frequent
    spelling.
``report``
    The loader's report: every input and its status.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import json
import platform
import re
import sys
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime, timezone
from importlib import metadata
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from ._io import TableWriter
from .corpus import Corpus, note_lines
from .speakers import _fold  # accents folded in speaker keys as when names are matched

__all__ = ["Analysis", "analyze", "bootstrap_mean", "prepare_output_dir", "TONE_LABELS"]

TONE_LABELS = ("negative", "neutral", "positive")
N_BOOT = 1000
SEED = 20261128
TABLES = (
    "documents",
    "paragraphs",
    "quotes",
    "speakers",
    "corpus_speakers",
    "outlets",
    "months",
    "report",
)


# --- statistics -----------------------------------------------------------------------------


def _stable_seed(key: str) -> int:
    """A seed that depends only on the group's key, so that intervals do not change with
    the order or chunking of the corpus."""
    return int.from_bytes(hashlib.sha256(f"{SEED}:{key}".encode()).digest()[:8], "little")


SMALL_N = 30
"""Below this many values :func:`bootstrap_mean` gives the Student t interval, not the
percentile bootstrap (which covers the mean in about 50% of samples of 2, 75% of 3 and
90% of 10 where it should cover 95%)."""
TONE_RANGE = (-1.0, 1.0)
"""The range of ``tone_score``: the intervals of the result tables are clipped to it."""


@functools.lru_cache(maxsize=256)
def _t_quantile(q: float, df: int) -> float:
    from scipy import stats

    return float(stats.t.ppf(q, df))


def _t_interval(x: np.ndarray, level: float = 0.95) -> tuple[float, float]:
    """Student t interval of the mean of ``x`` (two or more values):
    mean +- t(1 - alpha/2, n - 1) * s / sqrt(n)."""
    n = len(x)
    mean = float(x.mean())
    half = _t_quantile(1 - (1 - level) / 2, n - 1) * float(x.std(ddof=1)) / np.sqrt(n)
    return mean - half, mean + half


def bootstrap_mean(
    values: Sequence[float] | np.ndarray,
    key: str = "",
    n_boot: int = N_BOOT,
    level: float = 0.95,
    bounds: tuple[float, float] | None = None,
    clusters: Sequence[Any] | np.ndarray | None = None,
) -> tuple[float, float, float]:
    """Mean and 95% (``level``) interval of the mean: Student t for small samples,
    percentile bootstrap for larger ones.

    - fewer than two values: the interval is undefined (NaN);
    - fewer than :data:`SMALL_N` (30) values: the Student t interval, mean +-
      t(0.975, n - 1) * s / sqrt(n). The percentile bootstrap is far too narrow there (of
      two values it never reaches beyond them, and covers the true mean about half the
      time); the t interval keeps close to 95% coverage for tone scores even at n = 2,
      where it is wide, as it should be. Identical values give a zero-width interval;
    - up to 5,000 values: the percentile bootstrap with ``n_boot`` resamples, seeded
      by ``key`` (deterministic, and independent of the order or chunking of a corpus);
    - above 5,000 values: the normal approximation (it agrees with the bootstrap there
      and costs nothing).

    ``clusters`` (one label per value, e.g. the document of each paragraph or quote)
    makes the values of a cluster count as one sample: paragraphs and quotes of one
    article share its topic, outlet and writer, so they are not independent, and an
    interval that treats them so is too narrow. The rules above then apply to the
    number of clusters, not of values: the t interval (with the cluster-robust standard
    error of the mean, Σ over clusters of (sum - mean x size)², and n_clusters - 1
    degrees of freedom) below 30 clusters, the cluster bootstrap (resampling whole
    clusters) up to 5,000, the normal approximation above; one cluster gives no
    interval (NaN). With one value per cluster this is the unclustered interval.

    ``bounds`` = (low, high) clips the interval to the range the values can take: the
    result tables pass :data:`TONE_RANGE`, ``(-1, 1)``, for tone scores.

    Examples
    --------
    >>> m, lo, hi = bootstrap_mean([0.1, 0.4, -0.2, 0.3], key="x")
    >>> round(m, 3), lo <= m <= hi
    (0.15, True)
    >>> bootstrap_mean([-0.5, 0.5], bounds=(-1, 1))
    (0.0, -1.0, 1.0)
    >>> bootstrap_mean([0.1, 0.2, 0.5, 0.6], clusters=["a", "a", "b", "b"])[1] < 0.1
    True
    """
    x = np.asarray(values, dtype=float)
    keep = ~np.isnan(x)
    x = x[keep]
    n = len(x)
    if n == 0:
        return float("nan"), float("nan"), float("nan")
    mean = float(x.mean())
    sums = sizes = None
    if clusters is not None:
        labels = np.asarray(clusters, dtype=object)
        if len(labels) != len(keep):
            raise ValueError(f"{len(labels)} cluster labels for {len(keep)} values")
        # sorted labels: the resamples do not depend on the order of the rows
        codes, uniques = pd.factorize(pd.Series(labels[keep]).astype(str), sort=True)
        if len(uniques) < n:  # some cluster holds more than one value
            sums = np.bincount(codes, weights=x)
            sizes = np.bincount(codes).astype(float)
    m = n if sums is None else len(sums)
    if m < 2:
        return mean, float("nan"), float("nan")
    alpha = (1 - level) / 2
    if sums is None and n < SMALL_N:
        lo, hi = _t_interval(x, level)
    elif m < SMALL_N or m > 5000:
        if sums is None:
            se = float(x.std(ddof=1) / np.sqrt(n))
        else:  # linearised (cluster-robust) standard error of a ratio mean
            se = float(np.sqrt(m / (m - 1) * np.sum((sums - mean * sizes) ** 2)) / n)
        q = _t_quantile(1 - alpha, m - 1) if m < SMALL_N else 1.959963984540054
        lo, hi = mean - q * se, mean + q * se
    else:
        rng = np.random.default_rng(_stable_seed(key))
        idx = rng.integers(0, m, size=(n_boot, m))
        if sums is None:
            means = x[idx].mean(axis=1)
        else:
            means = sums[idx].sum(axis=1) / sizes[idx].sum(axis=1)
        lo, hi = (float(v) for v in np.quantile(means, [alpha, 1 - alpha]))
    if bounds is not None:
        lo, hi = max(lo, float(bounds[0])), min(hi, float(bounds[1]))
    return mean, float(lo), float(hi)


def _group_rows(keys: pd.Series, sort: bool) -> tuple[np.ndarray, list[np.ndarray]]:
    """The distinct keys (sorted, or in order of first appearance) and, for each, the
    positions of its rows in their original order: one pass, no per-group pandas."""
    if len(keys) == 0:
        return np.array([], dtype=object), []
    codes, uniques = pd.factorize(keys.to_numpy(dtype=object), sort=sort)
    order = np.argsort(codes, kind="stable")
    bounds = np.cumsum(np.bincount(codes, minlength=len(uniques)))[:-1]
    return np.asarray(uniques, dtype=object), np.split(order, bounds)


def _share_frame(
    keys: pd.Series, labels: pd.Series, uniques: np.ndarray, values: Sequence[str], prefix: str
) -> pd.DataFrame:
    """Share of each group's rows carrying each label (rows with other or missing labels
    count in the denominator), one row per key of ``uniques``."""
    k = keys.to_numpy(dtype=object)
    counts = pd.crosstab(k, labels.to_numpy(dtype=object), dropna=False)
    counts = counts.reindex(index=uniques, columns=list(values), fill_value=0)
    sizes = pd.Series(k).value_counts().reindex(uniques).to_numpy(dtype=float)
    shares = counts.to_numpy(dtype=float) / sizes[:, None]
    return pd.DataFrame(shares, columns=[f"{prefix}{v}" for v in values])


def _intervals(
    values: np.ndarray,
    rows: list[np.ndarray],
    keys: Sequence[str],
    clusters: np.ndarray | None = None,
) -> pd.DataFrame:
    """Mean and 95% interval of the tone scores ``values`` per group (see
    :func:`bootstrap_mean`; seeded by the group's key, clipped to :data:`TONE_RANGE`;
    ``clusters``, one label per value, resampled whole)."""
    out = np.array(
        [
            bootstrap_mean(
                values[r],
                key=k,
                bounds=TONE_RANGE,
                clusters=None if clusters is None else clusters[r],
            )
            for r, k in zip(rows, keys)
        ],
        dtype=float,
    )
    out = out.reshape(len(rows), 3)  # also when there are no groups
    return pd.DataFrame(out, columns=["tone_mean", "tone_low", "tone_high"])


_WORDS_RE = r"\w+"
_WORDS = re.compile(_WORDS_RE)


def _word_counts(texts: pd.Series) -> np.ndarray:
    return texts.fillna("").astype(str).str.count(_WORDS_RE).to_numpy(dtype=np.int64)


# --- scoring ----------------------------------------------------------------------------------


def _score(texts: list[str], tone_model: Any, frame_model: Any) -> pd.DataFrame:
    """Tone and frames of each text: one row per text."""
    from .score import score_texts

    scores = score_texts(texts, tone_model=tone_model, frame_model=frame_model)
    scores = scores.reset_index(drop=True)
    scores["tone"] = scores["tone"].astype(object)
    return scores


def _frame_keys(scores: pd.DataFrame) -> list[str]:
    return [c[2:] for c in scores.columns if c.startswith("p_") and c[2:] not in TONE_LABELS]


# --- per-chunk tables -------------------------------------------------------------------------


def paragraph_table(corpus: Corpus, quotes: pd.DataFrame, scores: pd.DataFrame) -> pd.DataFrame:
    """Paragraphs with scores, speakers, quoted share and document metadata."""
    from .quotes import paragraph_speakers

    p = corpus.paragraphs.reset_index(drop=True)
    out = pd.concat([p, scores], axis=1)
    ps = paragraph_speakers(corpus, quotes)
    out = out.merge(ps, on=["doc_id", "para_id"], how="left", validate="one_to_one")
    out["speaker_ids"] = out["speaker_ids"].map(
        lambda v: list(v) if isinstance(v, (list, np.ndarray)) else []
    )
    out["quoted_share"] = out["quoted_share"].fillna(0.0).astype(float)
    names = {}
    if len(quotes):
        names = dict(zip(zip(quotes["doc_id"], quotes["speaker_id"]), quotes["speaker_name"]))
    out["speaker_names"] = [
        [names.get((d, s), s) for s in ids] for d, ids in zip(out["doc_id"], out["speaker_ids"])
    ]
    out["voice"] = np.where(
        (out["quoted_share"] > 0)
        | out["speaker_ids"].map(len).gt(0)
        | out["text"].map(_carries_quotation),
        "quoted",
        "author",
    )
    meta = corpus.documents[["doc_id", "outlet", "agency", "published"]]
    return out.merge(meta, on="doc_id", how="left")


def _carries_quotation(text: Any) -> bool:
    """A quotation of five or more words in quote marks, attributed or not ("We will not
    back down," with the speaker named in the next paragraph): someone else's voice even
    when quote extraction found no speaker. Shorter quoted bits are scare quotes."""
    from .features import _QUOTED

    if not isinstance(text, str):
        return False
    return any(len(_WORDS.findall(q)) >= 5 for q in _QUOTED.findall(text))


def quote_table(
    quotes: pd.DataFrame, scores: pd.DataFrame, speaker_categories: Any = None
) -> pd.DataFrame:
    """Quotes with the tone and frames of their content and the speaker's category
    (``speaker_categories``: a :class:`framing.categories.SpeakerCategories`, a scheme
    file, or None for the shipped scheme)."""
    q = quotes.reset_index(drop=True)
    keep = [
        "tone",
        "tone_score",
        "p_negative",
        "p_neutral",
        "p_positive",
        "frames",
        "primary_frame",
    ]
    out = pd.concat([q, scores[[c for c in keep if c in scores]]], axis=1)
    if "speaker_role" in out.columns:
        from .categories import categorize_speakers

        cats = categorize_speakers(out, speaker_categories)
        at = out.columns.get_loc("speaker_role") + 1
        out.insert(at, "speaker_category", cats)
        keys = [
            speaker_key(n, t, d)
            for n, t, d in zip(out["speaker_name"], out["speaker_type"], out["doc_id"])
        ]
        out.insert(at + 1, "speaker_key", pd.Series(keys, index=out.index, dtype=object))
    return out


def speaker_table(
    quotes: pd.DataFrame,
    speakers: pd.DataFrame,
    documents: pd.DataFrame,
    frame_keys: Sequence[str],
    speaker_categories: Any = None,
) -> pd.DataFrame:
    """One row per speaker per document, with tone interval and frame shares."""
    cols = [
        "doc_id",
        "speaker_id",
        "speaker_name",
        "speaker_type",
        "speaker_role",
        "speaker_category",
        "aliases",
        "n_quotes",
        "words_quoted",
        "tone_mean",
        "tone_low",
        "tone_high",
    ]
    cols += [f"frame_{k}" for k in frame_keys] + ["outlet", "published"]
    # speakers in reading order (first quote first), so chunked runs give the same rows
    pair = quotes["doc_id"].astype(str) + "\x1f" + quotes["speaker_id"].astype(str)
    uniques, rows = _group_rows(pair, sort=False)
    first = np.array([r[0] for r in rows], dtype=np.int64)
    words = _word_counts(quotes["content"])
    agg = pd.DataFrame(
        {
            "doc_id": quotes["doc_id"].to_numpy(dtype=object)[first],
            "speaker_id": quotes["speaker_id"].to_numpy(dtype=object)[first],
            "n_quotes": np.array([len(r) for r in rows], dtype=np.int64),
            "words_quoted": np.array([int(words[r].sum()) for r in rows], dtype=np.int64),
        }
    )
    keys = [f"{d}/{sp}" for d, sp in zip(agg["doc_id"], agg["speaker_id"])]
    agg = pd.concat(
        [
            agg,
            _intervals(quotes["tone_score"].to_numpy(dtype=float), rows, keys),
            _share_frame(pair, quotes["primary_frame"], uniques, frame_keys, "frame_"),
        ],
        axis=1,
    )
    info = speakers[
        ["doc_id", "speaker_id", "speaker_name", "speaker_type", "speaker_role", "aliases"]
    ]
    out = agg.merge(info, on=["doc_id", "speaker_id"], how="left")
    out = out.merge(documents[["doc_id", "outlet", "published"]], on="doc_id", how="left")
    from .categories import categorize_speakers

    out["speaker_category"] = categorize_speakers(out, speaker_categories).to_numpy()
    return out[cols].reset_index(drop=True)


def document_table(
    documents: pd.DataFrame,
    paragraphs: pd.DataFrame,
    quotes: pd.DataFrame,
    frame_keys: Sequence[str],
) -> pd.DataFrame:
    """Documents with overall tone, frame shares, and author versus quoted voice."""
    nq = quotes.groupby("doc_id").size() if len(quotes) else pd.Series(dtype=int)
    ns = quotes.groupby("doc_id")["speaker_id"].nunique() if len(quotes) else pd.Series(dtype=int)
    uniques, rows = _group_rows(paragraphs["doc_id"], sort=False)
    tone = paragraphs["tone_score"].to_numpy(dtype=float)
    voice = paragraphs["voice"].to_numpy(dtype=object)

    def voice_mean(r: np.ndarray, which: str) -> float:
        v = tone[r][voice[r] == which]
        return float(v.mean()) if len(v) else float("nan")

    stats = pd.concat(
        [
            pd.DataFrame(
                {
                    "doc_id": uniques,
                    "n_quotes": nq.reindex(uniques, fill_value=0).to_numpy(dtype=np.int64),
                    "n_speakers": ns.reindex(uniques, fill_value=0).to_numpy(dtype=np.int64),
                }
            ),
            _intervals(tone, rows, [f"doc/{d}" for d in uniques]),
            _share_frame(paragraphs["doc_id"], paragraphs["tone"], uniques, TONE_LABELS, "share_"),
            _share_frame(
                paragraphs["doc_id"], paragraphs["primary_frame"], uniques, frame_keys, "frame_"
            ),
            pd.DataFrame(
                {
                    "author_tone": [voice_mean(r, "author") for r in rows],
                    "quoted_tone": [voice_mean(r, "quoted") for r in rows],
                }
            ),
        ],
        axis=1,
    )
    meta = documents.drop(columns=["text", "status"], errors="ignore")
    return meta.merge(stats, on="doc_id", how="left")


# --- corpus-wide speakers -----------------------------------------------------------------

_TITLES = re.compile(
    r"^(the |a |an )?((u\.s\.|us|former|then|vice|deputy|acting|president|prime minister|"
    r"minister|secretary|senator|sen\.|rep\.|representative|gov\.|governor|mayor|mr\.?|mrs\.?|"
    r"ms\.?|dr\.?|gen\.|general|chancellor|judge|justice|chief|leader|spokesman|spokeswoman|"
    r"spokesperson)\s+)+",
    re.I,
)


# a description, not a name: "a Republican senator", "one of the officials", "his office"
_DESCRIPTION = re.compile(
    r"^(the|a|an|one|two|three|four|five|several|some|many|most|other|another|those|these|"
    r"his|her|its|their|our|my|your)\b",
    re.I,
)


def _is_name(name: str, speaker_type: str) -> bool:
    """Whether a speaker's name (titles dropped) is a proper name that means the same
    speaker in every document: a person's first and last words are capitalised ("Raúl
    Labrador", "Bashar al-Assad", not "Trump over the weekend" or "the Arizona
    Republican"), an organisation's name, its article dropped, has a capitalised word
    ("the White House", "NRA", not "the group", "the statement" or "it")."""
    if speaker_type == "organization":
        name = re.sub(r"^the\s+", "", name, flags=re.I)
    words = name.split()
    if not words or _DESCRIPTION.match(name):
        return False
    if speaker_type == "person":
        return len(words) >= 2 and words[0][:1].isupper() and any(c.isupper() for c in words[-1])
    return any(c.isupper() for c in name)


def speaker_key(name: str, speaker_type: str, doc_id: str) -> str:
    """Key under which a document's speaker merges with others across the corpus.

    Persons merge on their full name (two or more words, titles dropped, accents
    ignored: "Raúl Labrador" is "Raul Labrador"), organisations on their name. A
    speaker known only by a description stays per document, since the same words
    name different speakers in different stories: "the Arizona Republican", "one of
    the officials", "Trump over the weekend" (a person's first and last words must be
    capitalised), "the administration", "the group", "the statement", "it" (an
    organisation needs a capitalised word), as do anonymous sources, groups and
    unresolved mentions.

    Examples
    --------
    >>> speaker_key("Sen. Mitch McConnell", "person", "d1")
    'person:mitch mcconnell'
    >>> speaker_key("the White House", "organization", "d1")
    'organization:white house'
    >>> speaker_key("the administration", "organization", "d1")
    'd1:organization:the administration'
    """
    n = re.sub(r"\s+", " ", str(name or "")).strip()
    if speaker_type in ("person", "organization") and n:
        bare = _TITLES.sub("", n).strip(" ,.")
        if _is_name(bare, speaker_type):
            base = re.sub(r"^the ", "", _fold(bare.lower()))
            return f"{speaker_type}:{base}"
    return f"{doc_id}:{speaker_type}:{n.lower()}"


def _longest(names: np.ndarray) -> str | None:
    """The fullest name: the longest, ties broken alphabetically from the end."""
    good = [n for n in names if isinstance(n, str)]
    return max(good, key=lambda s: (len(s), s)) if good else None


def _mode(values: np.ndarray) -> str | None:
    """The most frequent non-empty value, ties broken alphabetically (as ``Series.mode``)."""
    counts = Counter(v for v in values if isinstance(v, str) and v)
    if not counts:
        return None
    top = max(counts.values())
    return min(v for v, c in counts.items() if c == top)


def corpus_speaker_table(quotes: pd.DataFrame, frame_keys: Sequence[str]) -> pd.DataFrame:
    """Speakers across the corpus: names merged across documents when they clearly match."""
    cols = [
        "speaker_key",
        "speaker_name",
        "speaker_type",
        "speaker_role",
        "speaker_category",
        "n_documents",
        "doc_ids",
        "n_quotes",
        "words_quoted",
        "tone_mean",
        "tone_low",
        "tone_high",
    ]
    cols += [f"frame_{k}" for k in frame_keys]
    if not len(quotes):
        return pd.DataFrame(columns=cols)
    from .categories import categorize_speakers, pooled_category

    q = quotes[[c for c in CORPUS_QUOTE_COLUMNS if c in quotes.columns]].copy()
    if "speaker_key" not in q.columns:  # quotes of an earlier run
        q["speaker_key"] = [
            speaker_key(n, t, d)
            for n, t, d in zip(q["speaker_name"], q["speaker_type"], q["doc_id"])
        ]
    uniques, rows = _group_rows(q["speaker_key"], sort=True)
    names = q["speaker_name"].to_numpy(dtype=object)
    types = q["speaker_type"].to_numpy(dtype=object)
    roles = q["speaker_role"].to_numpy(dtype=object)
    if "speaker_category" in q.columns:
        cats = q["speaker_category"].to_numpy(dtype=object)
    else:  # quotes of an earlier run
        cats = categorize_speakers(q).to_numpy(dtype=object)
    docs = q["doc_id"].to_numpy(dtype=object)
    words = _word_counts(q["content"])
    table = {
        "speaker_key": uniques,
        "speaker_name": [_longest(names[r]) for r in rows],
        "speaker_type": [_mode(types[r]) for r in rows],
        "speaker_role": [_mode(roles[r]) for r in rows],
        "speaker_category": [pooled_category(cats[r]) for r in rows],
        "n_documents": [len(set(docs[r])) for r in rows],
        "doc_ids": [sorted(set(docs[r])) for r in rows],
        "n_quotes": [len(r) for r in rows],
        "words_quoted": [int(words[r].sum()) for r in rows],
    }
    out = pd.concat(
        [
            pd.DataFrame(table),
            _intervals(
                q["tone_score"].to_numpy(dtype=float), rows, [f"corpus/{k}" for k in uniques]
            ),
            _share_frame(q["speaker_key"], q["primary_frame"], uniques, frame_keys, "frame_"),
        ],
        axis=1,
    )[cols]
    return out.sort_values(["n_quotes", "speaker_key"], ascending=[False, True]).reset_index(
        drop=True
    )


PERIODS = ("D", "W", "M", "Q", "Y")
_GROUP_NEEDS = ("doc_id", "tone", "tone_score", "primary_frame")


def _period_keys(values: pd.Series, col: str, freq: str) -> pd.Series:
    """Labels of the periods (``freq`` one of :data:`PERIODS`) of a date column; None
    for rows with no date."""
    from .plot import _FREQ_ALIASES, _periods  # the periods compare_groups draws

    f = freq.strip().upper()
    f = _FREQ_ALIASES.get(f, f)
    if f not in PERIODS:
        raise ValueError(
            f"unknown period {freq!r} in {col}:{freq}: use D (days), W (weeks), M (months), "
            "Q (quarters) or Y (years), e.g. published:M"
        )
    not_dates = ValueError(
        f"{col!r} is not a date column; a period ':{freq}' only applies to dates "
        f"(e.g. published:{f})"
    )
    if pd.api.types.is_datetime64_any_dtype(values):
        stamps = values
    elif values.isna().all():  # no dates at all (e.g. an empty column read back)
        stamps = pd.Series(pd.NaT, index=values.index, dtype="datetime64[ns, UTC]")
    elif pd.api.types.is_numeric_dtype(values) or pd.api.types.is_bool_dtype(values):
        raise not_dates
    else:
        try:
            stamps = pd.to_datetime(values, utc=True, format="ISO8601")
        except (ValueError, TypeError, OverflowError):
            raise not_dates from None
    stamps = pd.to_datetime(stamps, utc=True)
    return _periods(stamps, f).astype(str).where(stamps.notna(), None)


def group_table(df: pd.DataFrame, by: str, frame_keys: Sequence[str]) -> pd.DataFrame:
    """Tone (95% interval) and frame shares of the rows of ``df`` grouped by a
    column, or by periods of ``published`` with ``by="published:M"`` and the like.

    A list-valued column (``tags``, ``frames``, ``speaker_names``, ...) counts a row once
    under each distinct value it lists. Rows with no value (or an empty list) are grouped
    under ``"(unknown)"``. Strings are grouped ignoring case and spacing ("FOX", "fox"
    and " Fox " are one group), under their most frequent spelling (see
    :func:`framing.plot.group_values`). See :meth:`Analysis.group`.

    The interval of the mean tone treats the rows of one document as one sample (a
    cluster: see :func:`bootstrap_mean`), since paragraphs and quotes of one article
    are not independent; a group drawn from a single document has no interval.
    """
    col, colon, freq = by.partition(":")
    missing = [c for c in (col, *_GROUP_NEEDS) if c not in df.columns]
    if missing:
        raise ValueError(
            f"cannot group by {by!r}: the table has no column {', '.join(map(repr, missing))}"
        )
    from .plot import UNKNOWN_GROUP, group_values  # one reading of keys, figures and tables

    if colon:
        keys = _period_keys(df[col], col, freq)
    else:
        pos, keys = group_values(df[col])
        df = df.iloc[pos].reset_index(drop=True)
    keys = keys.astype(object).where(keys.notna(), UNKNOWN_GROUP)
    uniques, rows = _group_rows(keys, sort=True)
    docs = df["doc_id"].to_numpy(dtype=object)
    head = pd.DataFrame(
        {
            by: uniques,
            "n": [len(r) for r in rows],
            "n_documents": [len(set(docs[r])) for r in rows],
        }
    )
    body = pd.concat(
        [
            head,
            _intervals(
                df["tone_score"].to_numpy(dtype=float),
                rows,
                [f"group/{by}/{k}" for k in uniques],
                clusters=docs,
            ),
            _share_frame(keys, df["tone"].astype(object), uniques, TONE_LABELS, "share_"),
            _share_frame(keys, df["primary_frame"], uniques, frame_keys, "frame_"),
        ],
        axis=1,
    )
    cols = [by, "n", "n_documents", "tone_mean", "tone_low", "tone_high"]
    cols += [f"share_{t}" for t in TONE_LABELS] + [f"frame_{k}" for k in frame_keys]
    return body[cols]


# Columns the corpus-wide tables need, so that a streamed run reads back only these.
CORPUS_QUOTE_COLUMNS = [
    "doc_id",
    "speaker_id",
    "speaker_name",
    "speaker_type",
    "speaker_role",
    "speaker_category",
    "speaker_key",
    "content",
    "tone_score",
    "primary_frame",
]
CORPUS_PARAGRAPH_COLUMNS = ["doc_id", "outlet", "published", "tone", "tone_score", "primary_frame"]


def corpus_tables(
    paragraphs: pd.DataFrame, quotes: pd.DataFrame, frame_keys: Sequence[str]
) -> dict[str, pd.DataFrame]:
    """The corpus-wide tables: speakers merged across documents, outlets, months."""
    return {
        "corpus_speakers": corpus_speaker_table(quotes, frame_keys),
        "outlets": group_table(paragraphs, "outlet", frame_keys),
        "months": group_table(paragraphs, "published:M", frame_keys),
    }


# --- the Analysis ---------------------------------------------------------------------------


@dataclass
class Analysis:
    """Every result table of one run of :func:`analyze`, and how to reproduce it."""

    documents: pd.DataFrame
    paragraphs: pd.DataFrame
    quotes: pd.DataFrame
    speakers: pd.DataFrame
    corpus_speakers: pd.DataFrame
    outlets: pd.DataFrame
    months: pd.DataFrame
    report: pd.DataFrame
    frame_keys: list[str]
    provenance: dict[str, Any] = field(default_factory=dict)
    corpus: Corpus | None = field(default=None, repr=False)

    def __repr__(self) -> str:
        return (
            f"Analysis({len(self.documents)} documents, {len(self.paragraphs)} paragraphs, "
            f"{len(self.quotes)} quotes, {len(self.speakers)} speakers)"
        )

    def summary(self) -> str:
        """Counts, the loader's problems and its notes on documents that loaded but not
        quite as written (a date that can only be day first, a decoding fallback), as
        printed by ``framing analyze``."""
        bad = self.report[self.report["status"] != "ok"]
        lines = [
            f"documents:  {len(self.documents)}",
            f"paragraphs: {len(self.paragraphs)}",
            f"quotes:     {len(self.quotes)}",
            f"speakers:   {len(self.speakers)} in documents, {len(self.corpus_speakers)} across the corpus",
            f"problems reported by the loader: {len(bad)}",
        ]
        lines += [f"  {r.status}: {r.source}: {r.reason}" for r in bad.itertuples()]
        lines += note_lines(self.report)
        return "\n".join(lines)

    def group(self, by: str, table: str = "paragraphs") -> pd.DataFrame:
        """Aggregate tone and frames over a metadata column.

        Parameters
        ----------
        by : str
            A column of the paragraphs (or quotes) table (``outlet``, ``agency``,
            ``doc_id``, ``section``, ``voice``, ...) or any document column, or
            ``<date column>:<period>`` for periods of a date: ``published:D`` days,
            ``published:W`` weeks, ``published:M`` months, ``published:Q`` quarters,
            ``published:Y`` years. A list-valued column (``tags``, ``frames``,
            ``speaker_names``, ``speaker_ids``) counts a row once under each distinct
            value it lists, so the groups overlap and their ``n`` sum to more than the
            rows. Rows with no value (or an empty list) form the group ``"(unknown)"``.
            Text values that differ only in case or spacing (``"Fox News"``,
            ``"fox news"``, ``"Fox  News"``) are one group, labelled with the spelling
            most rows use (ties: the alphabetically first); different names stay apart
            (``"Fox"`` and ``"Fox News"``).
        table : {"paragraphs", "quotes"}, default="paragraphs"
            Aggregate over paragraphs, or over quotes (their content's tone). The other
            tables hold aggregates already (one row per speaker or document, no
            ``tone_score``) and cannot be grouped.

        Returns
        -------
        DataFrame
            One row per group: ``n``, ``n_documents``, ``tone_mean``, ``tone_low``,
            ``tone_high`` (95% interval, the rows of one document counted as one
            sample, see :func:`bootstrap_mean`; NaN for a group from a single
            document), tone shares and ``frame_<key>`` shares.

        Raises
        ------
        KeyError
            ``by`` names no column of the table or of the documents.
        ValueError
            An unknown ``table``, an unknown period, or a period of a column that does
            not hold dates.
        """
        if table not in ("paragraphs", "quotes"):
            raise ValueError(
                f"cannot group the {table!r} table: table must be 'paragraphs' or 'quotes' "
                "(the rows that carry a tone_score)"
            )
        df = getattr(self, table)
        col = by.partition(":")[0]
        if col not in df.columns:
            if col not in self.documents.columns:
                other = "quotes" if table == "paragraphs" else "paragraphs"
                hint = (
                    f"; it is a column of the {other} table: group({by!r}, table={other!r})"
                    if col in getattr(self, other).columns
                    else "; try outlet, agency, tags, published:M"
                )
                raise KeyError(
                    f"no column {col!r} to group by in the {table} or documents table{hint}"
                )
            df = df.merge(self.documents[["doc_id", col]], on="doc_id", how="left")
        return group_table(df, by, self.frame_keys)

    def show(self, doc_id: str | None = None):
        """An HTML view of one analysed document for Jupyter (the first by default).

        Raises ``KeyError`` (naming the closest ids) when there is no document ``doc_id``;
        ``analysis.documents.doc_id`` lists them.
        """
        from .display import DocumentView

        if doc_id is None:
            if not len(self.documents):
                raise ValueError("the analysis has no documents to show")
            doc_id = self.documents["doc_id"].iloc[0]
        return DocumentView.from_analysis(self, doc_id)

    def to_dir(self, path: str | Path, format: str = "csv", figures: bool = False) -> Path:
        """Write every table, ``run.json`` and (optionally) figures to ``path``.

        Tables are written in a fixed row and column order, so the same input gives
        byte-identical tables; ``run.json`` records versions, model hashes, parameters,
        input file hashes and the time of the run. The files of a previous run in
        ``path`` are removed first (see :func:`prepare_output_dir`).
        """
        if format not in ("csv", "parquet"):
            raise ValueError(f"format must be 'csv' or 'parquet', not {format!r}")
        out = prepare_output_dir(path)
        for name in TABLES:
            writer = TableWriter(out / f"{name}.{format}", format)
            writer.write(getattr(self, name))
            writer.close()
        run = dict(self.provenance)
        run["tables"] = {n: f"{n}.{format}" for n in TABLES}
        run["counts"] = {n: int(len(getattr(self, n))) for n in TABLES}
        if figures:
            from .plot import save_figures

            run["figures"] = [str(p.relative_to(out)) for p in save_figures(self, out / "figures")]
        (out / "run.json").write_text(
            json.dumps(run, indent=2, default=str) + "\n", encoding="utf-8"
        )
        return out


# --- the output folder ------------------------------------------------------------------------


def _previous_run_files(out: Path) -> list[Path] | None:
    """The files that the run recorded in ``out/run.json`` wrote there (tables and
    figures), or None when there is no readable ``run.json`` of framing's."""
    try:
        run = json.loads((out / "run.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(run, dict) or not isinstance(run.get("tables"), dict):
        return None
    names = list(run["tables"].values())
    if isinstance(run.get("figures"), list):
        names += run["figures"]
    root = out.resolve()
    files = []
    for name in names:
        if not isinstance(name, str) or not name.strip():
            continue
        rel = Path(name)
        if rel.is_absolute() or ".." in rel.parts:
            continue  # never outside the folder
        f = out / rel
        if f.parent.resolve() == root or root in f.parent.resolve().parents:
            files.append(f)
    return files


def prepare_output_dir(path: str | Path) -> Path:
    """Make ``path`` ready for a run's tables, ``run.json`` and figures.

    Creates the folder, or, when a previous run wrote there, removes exactly the files
    its ``run.json`` lists (tables and figures), then that ``run.json`` and any
    subfolder (``figures``) left empty; nothing else in the folder is touched. So the
    folder never mixes the figures of two runs, and a run that fails midway leaves no
    ``run.json``. Raises ``NotADirectoryError`` when ``path`` (or a parent) is a file.
    """
    out = Path(path)
    for p in (out, *out.parents):
        if p.exists() and not p.is_dir():
            if p == out:
                raise NotADirectoryError(f"the output path {str(out)!r} is a file, not a directory")
            raise NotADirectoryError(
                f"cannot create the output directory {str(out)!r}: {str(p)!r} is a file, "
                "not a directory"
            )
    out.mkdir(parents=True, exist_ok=True)
    files = _previous_run_files(out)
    if files is None:
        return out
    for f in files:
        if f.is_file() and not f.is_symlink():
            f.unlink()
    (out / "run.json").unlink(missing_ok=True)
    for d in sorted({f.parent for f in files if f.parent != out}, key=lambda d: -len(d.parts)):
        with contextlib.suppress(OSError):
            d.rmdir()  # only when empty
    return out


# --- provenance ------------------------------------------------------------------------------

_DEPENDENCIES = (
    "numpy",
    "pandas",
    "scikit-learn",
    "scipy",
    "nltk",
    "vaderSentiment",
    "skops",
    "trafilatura",
    "matplotlib",
    "pyarrow",
)


def _sha256(path: str | Path) -> str | None:
    try:
        h = hashlib.sha256()
        with open(path, "rb") as f:
            for block in iter(lambda: f.read(1 << 20), b""):
                h.update(block)
        return h.hexdigest()
    except OSError:
        return None


def _versions() -> dict[str, str | None]:
    out: dict[str, str | None] = {}
    for name in ("framing", *_DEPENDENCIES):
        try:
            out[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            out[name] = None
    return out


def _model_info(model: Any, default_path: Path | None) -> dict[str, Any]:
    path = getattr(model, "source_path_", None) or default_path
    return {
        "class": type(model).__name__,
        "path": str(path) if path else None,
        "sha256": _sha256(path) if path else None,
        "params": {k: repr(v) for k, v in sorted(model.get_params(deep=False).items())}
        if hasattr(model, "get_params")
        else None,
    }


def provenance(
    sources: Sequence[str],
    tone_model: Any,
    frame_model: Any,
    params: dict[str, Any],
    tone_path: Path | None,
    frame_path: Path | None,
) -> dict[str, Any]:
    """Everything needed to reproduce a run (``run.json``)."""
    files = sorted({re.sub(r":(row )?\d+$", "", str(s)) for s in sources})
    inputs = [{"path": s, "sha256": _sha256(s)} for s in files]
    return {
        "framing_version": _versions()["framing"],
        "python": sys.version.split()[0],
        "platform": platform.platform(),
        "versions": _versions(),
        "models": {
            "tone": _model_info(tone_model, tone_path),
            "frames": _model_info(frame_model, frame_path),
        },
        "parameters": params,
        "inputs": inputs,
        "time": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        "command": " ".join(sys.argv),
    }


# --- the entry point -----------------------------------------------------------------------------


def _models(tone_model: Any, frame_model: Any) -> tuple[Any, Any, Path | None, Path | None]:
    tone_path = frame_path = None
    if tone_model is None:
        from .tone import default_tone_model_path, load_tone_model

        tone_path = default_tone_model_path()
        tone_model = load_tone_model()
    if frame_model is None:
        from .frames import default_frame_model_path, load_frame_model

        frame_path = default_frame_model_path()
        frame_model = load_frame_model()
    return tone_model, frame_model, tone_path, frame_path


def analyze_chunk(
    corpus: Corpus, tone_model: Any, frame_model: Any, speaker_categories: Any = None
) -> dict[str, pd.DataFrame]:
    """Per-document tables of one chunk of a corpus (no corpus-wide aggregates).

    Everything here depends on one document at a time, so a corpus analysed in chunks
    (streaming, Dask) gives exactly the rows of the whole run.
    """
    from .quotes import extract_quotes
    from .speakers import resolve_speakers

    quotes = extract_quotes(corpus)
    speakers = resolve_speakers(quotes)
    texts = corpus.paragraphs["text"].tolist() + quotes["content"].tolist()
    scores = _score(texts, tone_model, frame_model)
    n = len(corpus.paragraphs)
    pscores = scores.iloc[:n].reset_index(drop=True)
    qscores = scores.iloc[n:].reset_index(drop=True)
    frame_keys = _frame_keys(scores)
    paragraphs = paragraph_table(corpus, quotes, pscores)
    quotes = quote_table(quotes, qscores, speaker_categories)
    return {
        "paragraphs": paragraphs,
        "quotes": quotes,
        "speakers": speaker_table(
            quotes, speakers, corpus.documents, frame_keys, speaker_categories
        ),
        "documents": document_table(corpus.documents, paragraphs, quotes, frame_keys),
        "report": corpus.report,
        "speaker_info": speakers,
        "frame_keys": frame_keys,
    }


def analyze(
    corpus: Corpus | Any,
    tone_model: Any = None,
    frame_model: Any = None,
    speaker_categories: Any = None,
    **load_kwargs: Any,
) -> Analysis:
    """Analyse a corpus end to end: quotes, speakers, tone, frames, aggregates.

    Parameters
    ----------
    corpus : Corpus, or anything :func:`framing.load_corpus` accepts
    tone_model : ToneClassifier, default=None
        The shipped model when None.
    frame_model : FrameClassifier, default=None
        The shipped model when None.
    speaker_categories : SpeakerCategories or path, default=None
        The scheme of ``speaker_category`` (a YAML file of your own, see
        :mod:`framing.categories`); the shipped one when None.
    **load_kwargs
        Passed to :func:`framing.load_corpus` when ``corpus`` is not a Corpus yet.

    Returns
    -------
    Analysis

    Examples
    --------
    >>> import framing
    >>> a = framing.analyze(framing.load_sample_corpus())
    >>> set(a.paragraphs["tone"]) <= {"negative", "neutral", "positive"}
    True
    """
    if not isinstance(corpus, Corpus):
        from .corpus import load_corpus

        corpus = load_corpus(corpus, **load_kwargs)
    tone_model, frame_model, tone_path, frame_path = _models(tone_model, frame_model)
    from .categories import resolve_scheme

    scheme = resolve_scheme(speaker_categories)
    parts = analyze_chunk(corpus, tone_model, frame_model, scheme)
    keys = parts["frame_keys"]
    wide = corpus_tables(parts["paragraphs"], parts["quotes"], keys)
    params = {
        "load": {k: repr(v) for k, v in sorted(load_kwargs.items())},
        "speaker_categories": scheme.describe(),
    }
    return Analysis(
        documents=parts["documents"],
        paragraphs=parts["paragraphs"],
        quotes=parts["quotes"],
        speakers=parts["speakers"],
        corpus_speakers=wide["corpus_speakers"],
        outlets=wide["outlets"],
        months=wide["months"],
        report=parts["report"],
        frame_keys=keys,
        provenance=provenance(
            corpus.report["source"], tone_model, frame_model, params, tone_path, frame_path
        ),
        corpus=corpus,
    )
