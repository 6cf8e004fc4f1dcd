"""Figures of an analysis: tone through an article, speakers, frames, time and groups.

Every function takes one of the result tables of :func:`framing.analyze` (see
:class:`framing.analysis.Analysis`), accepts ``ax=None`` (a new figure is made when it is
None) and returns the :class:`matplotlib.axes.Axes` it drew on, with axis labels and a
title set. A function raises :class:`NoDataError` (a ``ValueError``) when its table holds
nothing it can draw; :func:`save_figures` writes every figure that applies to an analysis
as PNG and skips, with a logged reason, those that have no data.

A figure made here (``ax=None``) uses matplotlib's constrained layout, so legends and
colorbars outside the axes stay visible when it is resized or saved; do not call
``tight_layout`` on it (matplotlib warns when the layout engine changes). To combine
figures, make the axes yourself and pass them as ``ax``.

========================  ======================================  ===========================
function                  table                                   shows
========================  ======================================  ===========================
tone_by_paragraph         paragraphs                              tone score paragraph by
                                                                  paragraph, coloured by who
                                                                  speaks, section boundaries
speaker_forest            speakers or corpus_speakers             mean tone per speaker with
                                                                  its 95% interval
speaker_frame_heatmap     speakers or corpus_speakers             frame shares per speaker
frames_over_time          paragraphs, quotes or documents         frame shares per period
compare_groups            documents, paragraphs or quotes         tone (with intervals) or
                                                                  frame shares per outlet,
                                                                  agency or any column
========================  ======================================  ===========================

Examples
--------
>>> import matplotlib
>>> matplotlib.use("Agg")
>>> import pandas as pd
>>> from framing.plot import speaker_forest
>>> speakers = pd.DataFrame({"speaker_name": ["Joe Biden", "the Kremlin"],
...                          "n_quotes": [3, 2], "tone_mean": [0.2, -0.4],
...                          "tone_low": [-0.1, -0.6], "tone_high": [0.5, -0.2]})
>>> ax = speaker_forest(speakers)
>>> ax.get_xlabel()
'Mean tone of quotes (95% interval)'
>>> [t.get_text() for t in ax.get_yticklabels()]
['the Kremlin (2)', 'Joe Biden (3)']
"""

from __future__ import annotations

import json
import logging
import re
import textwrap
from collections import Counter
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

__all__ = [
    "NoDataError",
    "auto_freq",
    "compare_groups",
    "frame_label",
    "frames_over_time",
    "save_figures",
    "speaker_forest",
    "speaker_frame_heatmap",
    "tone_by_paragraph",
]

logger = logging.getLogger(__name__)

AUTHOR_COLOR = "#b0b0b0"
LABEL_WIDTH = 44  # longest speaker or group label before it is cut with an ellipsis
OTHER_COLOR = "#555555"
TONE_LABELS = ("negative", "neutral", "positive")
UNKNOWN_GROUP = "(unknown)"  # the group of rows with no value, in figures and tables
TYPE_COLORS = {
    "person": "#1f77b4",
    "organization": "#ff7f0e",
    "anonymous": "#7f7f7f",
    "group": "#2ca02c",
}

# readable names of the Policy Frames Codebook keys; unknown keys fall back to the key
# with underscores as spaces
FRAME_LABELS = {
    "economic": "Economic",
    "capacity_resources": "Capacity & resources",
    "capacity_and_resources": "Capacity & resources",
    "morality": "Morality",
    "fairness_equality": "Fairness & equality",
    "fairness_and_equality": "Fairness & equality",
    "legality": "Legality & jurisprudence",
    "policy": "Policy prescription",
    "policy_prescription": "Policy prescription",
    "crime": "Crime & punishment",
    "crime_punishment": "Crime & punishment",
    "crime_and_punishment": "Crime & punishment",
    "security": "Security & defense",
    "security_defense": "Security & defense",
    "security_and_defense": "Security & defense",
    "health": "Health & safety",
    "health_safety": "Health & safety",
    "health_and_safety": "Health & safety",
    "quality_of_life": "Quality of life",
    "cultural_identity": "Cultural identity",
    "public_opinion": "Public opinion",
    "political": "Political",
    "external_regulation": "External regulation & reputation",
    "external_regulation_and_reputation": "External regulation & reputation",
    "other": "Other",
}

_FREQ_ALIASES = {"ME": "M", "MS": "M", "QE": "Q", "QS": "Q", "YE": "Y", "YS": "Y", "A": "Y"}
_FREQ_NAMES = {"D": "day", "W": "week", "M": "month", "Q": "quarter", "Y": "year"}


class NoDataError(ValueError):
    """A table holds nothing that the requested figure can show."""


# --------------------------------------------------------------------------------------
# helpers


_CODEBOOK_NAMES: dict[str, str] | None = None


def _codebook_names() -> dict[str, str]:
    """Frame names of the built-in codebooks (key -> name), read once."""
    global _CODEBOOK_NAMES
    if _CODEBOOK_NAMES is None:
        names: dict[str, str] = {}
        try:
            from .codebook import Codebook, CodebookError
        except ImportError:  # pragma: no cover - codebook module absent
            _CODEBOOK_NAMES = names
            return names
        for cb in ("gvfc", "generic_frames", "policy_frames"):
            try:
                book = Codebook.builtin(cb)
            except (CodebookError, OSError, KeyError, ValueError):
                continue
            names.update({f.key: f.name for f in book})
        _CODEBOOK_NAMES = names
    return _CODEBOOK_NAMES


def frame_label(key: str) -> str:
    """Readable label of a frame key (``"security_defense"`` -> ``"Security & defense"``).

    Short labels for the Policy Frames Codebook, the frame's name in the built-in
    codebooks for other keys, else the key with spaces.
    """
    key = str(key)
    if key in FRAME_LABELS:
        return FRAME_LABELS[key]
    return _codebook_names().get(key) or key.replace("_", " ").capitalize()


def _text(s: Any, width: int = 40) -> str:
    """A label safe for matplotlib: no mathtext, no overlong strings."""
    s = "" if s is None or (isinstance(s, float) and np.isnan(s)) else str(s)
    s = " ".join(s.split())
    if len(s) > width:
        s = s[: width - 1].rstrip() + "\u2026"
    return s.replace("$", r"\$")


def _set_title(ax, title: str) -> None:
    """Set a title, wrapped onto more lines when it is wider than the axes."""
    bbox = ax.get_position()
    width_in = ax.figure.get_figwidth() * bbox.width
    chars = max(24, int(width_in * 11))  # about 11 characters per inch at 12 pt
    title = str(title)
    if len(title) > chars and "\n" not in title:
        title = textwrap.fill(title, chars)
    ax.set_title(title)


def _require(table: Any, columns: Sequence[str], name: str) -> pd.DataFrame:
    if not isinstance(table, pd.DataFrame):
        raise TypeError(f"{name} must be a pandas DataFrame, got {type(table).__name__}")
    missing = [c for c in columns if c not in table.columns]
    if missing:
        raise ValueError(f"{name} table lacks column(s) {missing}")
    return table


def _new_ax(ax, figsize: tuple[float, float]):
    if ax is not None:
        return ax
    import matplotlib.pyplot as plt

    _, ax = plt.subplots(figsize=figsize, layout="constrained")
    return ax


def _as_list(v: Any) -> list:
    """A list cell as a list: lists, arrays (Parquet), JSON strings (CSV), None/NaN."""
    if v is None:
        return []
    if isinstance(v, str):
        s = v.strip()
        if s.startswith("[") and s.endswith("]"):
            try:
                parsed = json.loads(s)
            except ValueError:
                parsed = None
            if isinstance(parsed, list):
                return [x for x in parsed if x is not None and x != ""]
        return [s] if s else []
    if isinstance(v, (list, tuple, np.ndarray, pd.Series)):
        return [x for x in v if x is not None and not (isinstance(x, float) and np.isnan(x))]
    if isinstance(v, float) and np.isnan(v):
        return []
    return [v]


def _frame_columns(table: pd.DataFrame, prefix: str) -> list[str]:
    skip = {f"{prefix}{t}" for t in TONE_LABELS}
    return [c for c in table.columns if c.startswith(prefix) and c not in skip and c != prefix]


def _top_speakers(speakers: pd.DataFrame, top: int) -> pd.DataFrame:
    df = speakers
    if "n_quotes" in df.columns:
        df = df.assign(_n=pd.to_numeric(df["n_quotes"], errors="coerce").fillna(0))
        df = df.sort_values(["_n", "speaker_name"], ascending=[False, True], kind="stable")
        df = df.drop(columns="_n")
    if top is not None and top > 0:
        df = df.head(top)
    return df


def _speaker_labels(df: pd.DataFrame, with_n: bool = True) -> list[str]:
    names = [_text(n, LABEL_WIDTH) or "(unnamed)" for n in df["speaker_name"]]
    dup = pd.Series(names).duplicated(keep=False).to_numpy()
    labels = []
    for i, (name, (_, r)) in enumerate(zip(names, df.iterrows())):
        label = name
        if dup[i]:
            if "doc_id" in df.columns:
                label += f" [{_text(r['doc_id'], 16)}]"
            elif "doc_ids" in df.columns and _as_list(r["doc_ids"]):
                ids = _as_list(r["doc_ids"])
                more = ", \u2026" if len(ids) > 1 else ""
                label += f" [{_text(ids[0], 16)}{more}]"
            elif "speaker_key" in df.columns:
                label += f" [{_text(r['speaker_key'], 24)}]"
        if with_n and "n_quotes" in df.columns and pd.notna(r["n_quotes"]):
            label += f" ({int(r['n_quotes'])})"
        labels.append(label)
    return labels


def _frame_shares(table: pd.DataFrame, groups: pd.Series) -> tuple[pd.DataFrame, pd.Series, str]:
    """Frame shares per group: rows = groups, columns = frame keys, rows sum to 1.

    Uses ``primary_frame`` (paragraphs, quotes: share of rows with that primary frame) or
    ``frame_<key>`` shares (documents, weighted by ``n_paragraphs``). Returns the shares,
    the number of units per group, and the unit name.
    """
    if "primary_frame" in table.columns:
        keys = [c[2:] for c in _frame_columns(table, "p_")]
        pf = table["primary_frame"].astype("object")
        seen = [k for k in pd.unique(pf.dropna()) if k not in keys]
        keys = keys + [str(k) for k in seen]
        if not keys:
            raise NoDataError("no primary frames in the table")
        onehot = pd.DataFrame(
            {k: (pf == k).astype(float).to_numpy() for k in keys}, index=table.index
        )
        valid = pf.notna().to_numpy()
        onehot, g = onehot[valid], groups[valid]
        weights = pd.Series(1.0, index=onehot.index)
        unit = "quotes" if "quote_id" in table.columns else "paragraphs"
    else:
        cols = _frame_columns(table, "frame_")
        if not cols:
            raise NoDataError("the table has neither primary_frame nor frame_<key> columns")
        keys = [c[len("frame_") :] for c in cols]
        onehot = table[cols].apply(pd.to_numeric, errors="coerce").fillna(0.0)
        onehot.columns = keys
        g = groups
        if "n_paragraphs" in table.columns:
            weights = pd.to_numeric(table["n_paragraphs"], errors="coerce").fillna(0.0)
            unit = "paragraphs"
        else:
            weights = pd.Series(1.0, index=table.index)
            unit = "documents"
    weighted = onehot.mul(weights, axis=0)
    sums = weighted.groupby(g, sort=True).sum()
    wsum = weights.groupby(g, sort=True).sum()
    counts = wsum if unit == "paragraphs" and "primary_frame" not in table.columns else None
    if counts is None:
        counts = onehot.groupby(g, sort=True).size()
    total = sums.sum(axis=1).replace(0, np.nan)
    shares = sums.div(total, axis=0).fillna(0.0)
    keep = wsum > 0
    return shares[keep], counts[keep].astype(int), unit


def _top_frames(shares: pd.DataFrame, top_frames: int | None) -> pd.DataFrame:
    """Keep the ``top_frames`` most frequent frames (others summed), drop empty frames."""
    shares = shares.loc[:, shares.sum(axis=0) > 0]
    if shares.shape[1] == 0:
        raise NoDataError("every frame share is zero")
    if top_frames is not None and 0 < top_frames < shares.shape[1]:
        order = shares.mean(axis=0).sort_values(ascending=False, kind="stable").index
        kept = [k for k in shares.columns if k in set(order[:top_frames])]
        rest = [k for k in shares.columns if k not in kept]
        out = shares[kept].copy()
        out["(other frames)"] = shares[rest].sum(axis=1)
        return out
    return shares


def _frame_order() -> list[str]:
    """The built-in policy frames in codebook order: a key keeps its colour everywhere."""
    from .codebook import resolve_codebook

    return resolve_codebook("policy_frames").keys


def _frame_colors(keys: Sequence[str]) -> list:
    """One colour per frame key, the same for a key in every figure."""
    import matplotlib as mpl

    cmap = mpl.colormaps["tab20"]
    out = []
    order = _frame_order()
    extra = len(order)
    for k in keys:
        if k == "(other frames)":
            out.append("#d9d9d9")
            continue
        idx = next((i for i, base in enumerate(order) if str(k) == base), None)
        if idx is None:
            idx, extra = extra, extra + 1
        out.append(cmap(idx % 20))
    return out


def group_values(values: pd.Series) -> tuple[np.ndarray, pd.Series]:
    """The group keys of a column, read one way for :func:`compare_groups` and
    :meth:`framing.Analysis.group`.

    Returns the row positions and, for each, its key: a row whose cell is a list
    (``tags``, ``speaker_names``) appears once per distinct value it lists; a missing
    value, a blank string or an empty list gives the key None.

    Strings are grouped ignoring case and spacing: ``"Fox News"``, ``"fox news"``,
    ``" Fox  News "`` and ``"FOX NEWS"`` are one group (compared casefolded, with runs of
    whitespace as one space and none at the ends), whose key is the spelling most rows
    use (spaces collapsed; ties: the alphabetically first, so the key does not depend on
    the order of the rows). Different names stay apart: ``"Fox"`` is not ``"Fox News"``.
    """

    def norm(v: Any) -> Any:
        if isinstance(v, str):
            return " ".join(v.split()) or None
        if v is None or v is pd.NaT or v is pd.NA or (isinstance(v, float) and np.isnan(v)):
            return None
        return v

    def fold(v: Any) -> Any:
        return v.casefold() if isinstance(v, str) else v

    def relabel(values: list, weights: Sequence[int]) -> list:
        """Each string as the most frequent spelling of its casefolded form."""
        spellings: dict[str, Counter] = {}
        for k, w in zip(values, weights):
            if isinstance(k, str):
                spellings.setdefault(k.casefold(), Counter())[k] += int(w)
        label = {f: min(c, key=lambda sp, c=c: (-c[sp], sp)) for f, c in spellings.items()}
        return [label[k.casefold()] if isinstance(k, str) else k for k in values]

    cells = values.tolist()
    if any(isinstance(v, (list, tuple, np.ndarray)) for v in cells):
        lists = []
        for v in cells:
            distinct: dict[Any, Any] = {}  # one value per group, the first spelling
            for k in map(norm, _as_list(v)):
                if k is not None:
                    distinct.setdefault(fold(k), k)
            lists.append(list(distinct.values()) or [None])
        flat = [k for v in lists for k in v]
        pos = np.repeat(np.arange(len(cells)), [len(v) for v in lists])
        return pos, pd.Series(relabel(flat, [1] * len(flat)), dtype=object)
    # one cell per row: read each distinct value once
    codes, uniques = pd.factorize(pd.Series(cells, dtype=object))
    counts = np.bincount(codes[codes >= 0], minlength=len(uniques))
    labels = relabel([norm(u) for u in uniques], counts)
    keys = np.array([*labels, None], dtype=object)[codes]  # code -1 (missing): None
    return np.arange(len(cells)), pd.Series(keys, dtype=object)


def _group_keys(table: pd.DataFrame, by: str) -> tuple[pd.DataFrame, pd.Series, str]:
    """Group labels for ``by`` (a column, or ``published:<freq>`` for a period), and the
    table with one row per label (see :func:`group_values`); None for rows with no value."""
    col, _, freq = by.partition(":")
    if col not in table.columns:
        raise ValueError(f"cannot group by {by!r}: the table has no column {col!r}")
    if freq:
        freq = _period_freq(by)
        pub = _published(table[col])
        keys = _periods(pub, freq).astype("object")
        keys = keys.where(pub.notna(), None).map(lambda p: None if p is None else str(p))
        return table, keys, col
    pos, keys = group_values(table[col])
    table = table.iloc[pos].reset_index(drop=True)
    return table, keys, col


def _period_freq(by: str) -> str | None:
    """The period of a time grouping ``"<date column>:<period>"`` (``D``, ``W``, ``M``,
    ``Q`` or ``Y``, any case), None for a plain column."""
    col, colon, freq = by.partition(":")
    if not colon:
        return None
    f = freq.strip().upper()
    f = _FREQ_ALIASES.get(f, f)
    if f not in _FREQ_NAMES:
        raise ValueError(
            f"unknown period {freq!r} in {by!r}: use D (days), W (weeks), M (months), "
            f"Q (quarters) or Y (years), e.g. {col}:M"
        )
    return f


def _published(values: pd.Series) -> pd.Series:
    pub = pd.to_datetime(values, utc=True, errors="coerce")
    return pub


def auto_freq(published: pd.Series) -> str:
    """A period for a span of dates: weeks up to 3 months, months up to 3 years, quarters
    up to 10 years, then years.

    >>> auto_freq(pd.Series(pd.to_datetime(["2023-01-01", "2023-12-01"], utc=True)))
    'M'
    """
    pub = _published(published).dropna()
    if not len(pub):
        return "M"
    days = (pub.max() - pub.min()).days
    if days <= 92:
        return "W" if days > 14 else "D" if days > 0 else "M"
    if days <= 3 * 366:
        return "M"
    return "Q" if days <= 10 * 366 else "Y"


def _periods(pub: pd.Series, freq: str) -> pd.Series:
    f = _FREQ_ALIASES.get(freq, freq)
    return pub.dt.tz_convert(None).dt.to_period(f)


# --------------------------------------------------------------------------------------
# figures


def tone_by_paragraph(
    paragraphs: pd.DataFrame,
    doc_id: str | None = None,
    ax=None,
    *,
    title: str | None = None,
    max_speakers: int = 9,
):
    """Tone through one article, paragraph by paragraph, coloured by who speaks.

    One bar per body paragraph (x = ``para_id``, height = ``tone_score``; a cross on the
    zero line for a paragraph with no score, such as a blank one), filled with the
    colour of the paragraph's first speaker (grey for the author's own voice, hatched when
    the paragraph carries more than one speaker); a strip of squares under the bars
    repeats the colour so it shows for neutral paragraphs too. Dashed lines mark where the
    ``section`` changes, labelled with the new section.

    Parameters
    ----------
    paragraphs : DataFrame
        ``analysis.paragraphs`` (needs ``doc_id``, ``para_id``, ``tone_score``; uses
        ``speaker_names``, ``voice`` and ``section`` when present).
    doc_id : str, default=None
        Document to draw; the first document of the table when None.
    ax : matplotlib Axes, default=None
        Axes to draw on; a new figure when None.
    title : str, default=None
        Title; ``"Tone by paragraph: <doc_id>"`` when None.
    max_speakers : int, default=9
        Speakers with their own colour (those in most paragraphs, at most 18); the others
        share one, "Other speakers".

    Returns
    -------
    matplotlib.axes.Axes
    """
    from matplotlib.patches import Patch

    _require(paragraphs, ["doc_id", "para_id", "tone_score"], "paragraphs")
    if not len(paragraphs):
        raise NoDataError("the paragraphs table is empty")
    if doc_id is None:
        doc_id = paragraphs["doc_id"].iloc[0]
    df = paragraphs[paragraphs["doc_id"] == doc_id].sort_values("para_id", kind="stable")
    if not len(df):
        raise NoDataError(f"no paragraphs for doc_id {doc_id!r}")
    x = df["para_id"].to_numpy(dtype=float)
    y = pd.to_numeric(df["tone_score"], errors="coerce").to_numpy(dtype=float)
    unscored = np.isnan(y)  # no bar (a zero bar would read as neutral), a cross instead

    names = (
        [_as_list(v) for v in df["speaker_names"]]
        if "speaker_names" in df.columns
        else [[] for _ in range(len(df))]
    )
    voices = df["voice"].tolist() if "voice" in df.columns else ["author"] * len(df)
    who = []
    for ns, voice in zip(names, voices):
        if ns:
            who.append(str(ns[0]))
        elif voice == "quoted":
            who.append("(unattributed quote)")
        else:
            who.append(None)
    counts = pd.Series([w for w in who if w is not None], dtype="object").value_counts(sort=False)
    ranked = sorted(counts.index, key=lambda k: (-counts[k], who.index(k)))
    import matplotlib as mpl

    # tab10 without its grey, then the light tab20 shades without grey: 18 colours
    tab20 = mpl.colormaps["tab20"].colors
    palette = [c for i, c in enumerate(tab20) if i % 2 == 0 and i != 14]
    palette += [c for i, c in enumerate(tab20) if i % 2 == 1 and i != 15]
    n_own = max(0, min(max_speakers, len(palette)))
    colour = {k: palette[i] for i, k in enumerate(ranked[:n_own])}
    colors = [AUTHOR_COLOR if w is None else colour.get(w, OTHER_COLOR) for w in who]
    hatches = ["///" if len(ns) > 1 else "" for ns in names]

    ax = _new_ax(ax, (max(7.0, min(16.0, 0.22 * len(df) + 5)), 4.5))
    bars = ax.bar(x, y, width=0.8, color=colors, edgecolor="white", linewidth=0.5)
    for bar, h in zip(bars, hatches):
        if h:
            bar.set_hatch(h)
            bar.set_edgecolor("#333333")
    ax.scatter(x, np.full(len(x), -1.1), c=colors, marker="s", s=22, linewidths=0, zorder=3)
    if unscored.any():
        ax.scatter(x[unscored], np.zeros(unscored.sum()), marker="x", color="#333333", zorder=4)
    ax.axhline(0, color="#333333", linewidth=0.8)

    # section boundaries
    if "section" in df.columns:
        secs = ["" if not isinstance(s, str) else s.strip() for s in df["section"].astype("object")]
        trans = ax.get_xaxis_transform()
        for i in range(1, len(secs)):
            if secs[i] != secs[i - 1]:
                xb = (x[i - 1] + x[i]) / 2
                ax.axvline(xb, color="#444444", linestyle="--", linewidth=1)
                ax.text(
                    xb + 0.2,
                    0.98,
                    _text(secs[i] or "(main text)", 30),
                    transform=trans,
                    va="top",
                    ha="left",
                    fontsize="small",
                    style="italic",
                    color="#444444",
                )

    ax.set_ylim(-1.2, 1.1)
    ax.set_xlim(x.min() - 0.8, x.max() + 0.8)
    ax.xaxis.get_major_locator().set_params(integer=True)
    ax.set_xlabel("Paragraph (para_id)")
    ax.set_ylabel("Tone score (p_positive \u2212 p_negative)")
    _set_title(ax, title if title is not None else f"Tone by paragraph: {_text(doc_id, 60)}")

    handles = [Patch(facecolor=AUTHOR_COLOR, label="Author's voice")]
    handles += [Patch(facecolor=colour[k], label=_text(k, LABEL_WIDTH)) for k in ranked[:n_own]]
    if len(ranked) > n_own:
        handles.append(Patch(facecolor=OTHER_COLOR, label="Other speakers"))
    if any(hatches):
        handles.append(
            Patch(facecolor="white", edgecolor="#333333", hatch="///", label="Several speakers")
        )
    if unscored.any():
        from matplotlib.lines import Line2D

        handles.append(
            Line2D([], [], marker="x", color="#333333", linestyle="", label="No tone score")
        )
    ax.legend(
        handles=handles,
        title="Who speaks",
        loc="upper left",
        bbox_to_anchor=(1.01, 1.0),
        fontsize="small",
        title_fontsize="small",
        frameon=False,
    )
    return ax


def speaker_forest(speakers: pd.DataFrame, top: int = 20, ax=None, *, title: str | None = None):
    """Forest plot: each speaker's mean tone with its 95% interval.

    Speakers are the ``top`` most quoted (by ``n_quotes``), drawn from the most negative
    (bottom) to the most positive (top), labelled ``name (n_quotes)``, with the point's
    size growing with the number of quotes and its colour giving the speaker type.

    Parameters
    ----------
    speakers : DataFrame
        ``analysis.speakers`` or ``analysis.corpus_speakers`` (needs ``speaker_name`` and
        ``tone_mean``; uses ``tone_low``, ``tone_high``, ``n_quotes``, ``speaker_type``;
        names that repeat across documents get their ``doc_id`` added).
    top : int, default=20
        Number of speakers shown.
    ax : matplotlib Axes, default=None
    title : str, default=None

    Returns
    -------
    matplotlib.axes.Axes
    """
    _require(speakers, ["speaker_name", "tone_mean"], "speakers")
    df = speakers[pd.to_numeric(speakers["tone_mean"], errors="coerce").notna()]
    if not len(df):
        raise NoDataError("no speaker has a mean tone")
    truncated = top is not None and 0 < top < len(df)
    df = _top_speakers(df, top)
    df = df.assign(_m=pd.to_numeric(df["tone_mean"], errors="coerce")).sort_values(
        "_m", kind="stable"
    )
    m = df["_m"].to_numpy(dtype=float)
    lo = (
        pd.to_numeric(df["tone_low"], errors="coerce").to_numpy(dtype=float)
        if "tone_low" in df.columns
        else m.copy()
    )
    hi = (
        pd.to_numeric(df["tone_high"], errors="coerce").to_numpy(dtype=float)
        if "tone_high" in df.columns
        else m.copy()
    )
    lo = np.minimum(np.where(np.isfinite(lo), lo, m), m)
    hi = np.maximum(np.where(np.isfinite(hi), hi, m), m)
    n = (
        pd.to_numeric(df["n_quotes"], errors="coerce").fillna(1).to_numpy(dtype=float)
        if "n_quotes" in df.columns
        else np.ones(len(df))
    )
    types = (
        df["speaker_type"].astype("object").where(df["speaker_type"].notna(), "unknown")
        if "speaker_type" in df.columns
        else pd.Series("unknown", index=df.index)
    ).astype(str)
    pos = np.arange(len(df), dtype=float)

    ax = _new_ax(ax, (8.0, max(3.0, 0.34 * len(df) + 1.4)))
    ax.axvline(0, color="#888888", linestyle=":", linewidth=1)
    line_colors = [TYPE_COLORS.get(t, OTHER_COLOR) for t in types]
    ax.hlines(pos, lo, hi, colors=line_colors, linewidth=2)
    for t in pd.unique(types):
        sel = (types == t).to_numpy()
        ax.scatter(
            m[sel],
            pos[sel],
            s=25 + 12 * np.sqrt(n[sel]),
            color=TYPE_COLORS.get(t, OTHER_COLOR),
            edgecolors="white",
            zorder=3,
            label=_text(t, 20),
        )
    ax.set_yticks(pos, _speaker_labels(df))
    ax.set_ylim(-0.7, len(df) - 0.3)
    ax.set_xlim(-1.05, 1.05)
    ax.set_xlabel("Mean tone of quotes (95% interval)")
    ax.set_ylabel("Speaker (number of quotes)")
    if title is None:
        title = "Tone by speaker" + (f" (top {top} by quotes)" if truncated else "")
    _set_title(ax, title)
    if "speaker_type" in df.columns:
        ax.legend(
            title="Speaker type",
            loc="upper left",
            bbox_to_anchor=(1.01, 1.0),
            fontsize="small",
            title_fontsize="small",
            frameon=False,
            markerscale=0.8,
        )
    return ax


def speaker_frame_heatmap(
    speakers: pd.DataFrame,
    top: int = 15,
    ax=None,
    *,
    drop_empty: bool = True,
    title: str | None = None,
):
    """Heatmap of frame shares: one row per speaker, one column per frame.

    Cell = share of the speaker's quotes whose primary frame is that frame (the
    ``frame_<key>`` columns), annotated in percent.

    Parameters
    ----------
    speakers : DataFrame
        ``analysis.speakers`` or ``analysis.corpus_speakers``.
    top : int, default=15
        Number of speakers (the most quoted).
    ax : matplotlib Axes, default=None
    drop_empty : bool, default=True
        Leave out frames that no shown speaker uses.
    title : str, default=None

    Returns
    -------
    matplotlib.axes.Axes
    """
    _require(speakers, ["speaker_name"], "speakers")
    cols = _frame_columns(speakers, "frame_")
    if not cols:
        raise ValueError("speakers table has no frame_<key> columns")
    if not len(speakers):
        raise NoDataError("the speakers table is empty")
    truncated = top is not None and 0 < top < len(speakers)
    df = _top_speakers(speakers, top)
    mat = df[cols].apply(pd.to_numeric, errors="coerce").fillna(0.0).to_numpy(dtype=float)
    keys = [c[len("frame_") :] for c in cols]
    if drop_empty:
        keep = mat.sum(axis=0) > 0
        if keep.any():
            mat = mat[:, keep]
            keys = [k for k, kk in zip(keys, keep) if kk]

    ax = _new_ax(ax, (max(6.0, 0.62 * len(keys) + 4.5), max(3.0, 0.4 * len(df) + 2.2)))
    im = ax.imshow(mat, cmap="Blues", vmin=0.0, vmax=1.0, aspect="auto")
    ax.set_xticks(
        np.arange(len(keys)),
        [frame_label(k) for k in keys],
        rotation=40,
        ha="right",
        rotation_mode="anchor",
    )
    ax.set_yticks(np.arange(len(df)), _speaker_labels(df))
    for i in range(mat.shape[0]):
        for j in range(mat.shape[1]):
            v = mat[i, j]
            if v > 0:
                ax.text(
                    j,
                    i,
                    f"{v:.0%}",
                    ha="center",
                    va="center",
                    fontsize="x-small",
                    color="white" if v > 0.55 else "#222222",
                )
    ax.figure.colorbar(im, ax=ax, label="Share of the speaker's quotes", shrink=0.9)
    ax.set_xlabel("Primary frame of the quote")
    ax.set_ylabel("Speaker (number of quotes)")
    if title is None:
        title = "Frames by speaker" + (f" (top {top} by quotes)" if truncated else "")
    _set_title(ax, title)
    return ax


def frames_over_time(
    paragraphs_or_documents: pd.DataFrame,
    freq: str = "M",
    ax=None,
    *,
    top_frames: int | None = 7,
    title: str | None = None,
):
    """Frame shares per period: a stacked area, or stacked bars when some periods between
    the first and the last have no data (and for a single period).

    Parameters
    ----------
    paragraphs_or_documents : DataFrame
        ``analysis.paragraphs`` or ``analysis.quotes`` (share of rows with each
        ``primary_frame``) or ``analysis.documents`` (``frame_<key>`` shares weighted by
        ``n_paragraphs``); needs ``published``.
    freq : str, default="M"
        Period: ``"D"``, ``"W"``, ``"M"``, ``"Q"`` or ``"Y"`` (pandas period aliases), or
        ``"auto"`` to pick one from the span of the dates (:func:`auto_freq`).
    ax : matplotlib Axes, default=None
    top_frames : int or None, default=7
        Frames drawn on their own (the most frequent); the rest are summed into
        "(other frames)". None draws every frame.
    title : str, default=None
        By default the number of units drawn and of periods, and how many units were
        left out for having no date (``published`` empty).

    Returns
    -------
    matplotlib.axes.Axes

    Raises
    ------
    NoDataError
        When no row has a publication date.
    """
    table = _require(paragraphs_or_documents, ["published"], "paragraphs_or_documents")
    pub = _published(table["published"])
    ok = pub.notna()
    if not ok.any():
        raise NoDataError("no row has a publication date (published)")
    undated = table[~ok]
    if "primary_frame" in undated.columns:
        n_undated = int(undated["primary_frame"].notna().sum())
    elif "n_paragraphs" in undated.columns:
        n_undated = int(pd.to_numeric(undated["n_paragraphs"], errors="coerce").fillna(0).sum())
    else:
        n_undated = len(undated)
    table, pub = table[ok], pub[ok]
    f = auto_freq(pub) if freq == "auto" else _FREQ_ALIASES.get(freq, freq)
    try:
        periods = _periods(pub, f)
    except (ValueError, TypeError) as err:
        raise ValueError(f"unknown period frequency {freq!r}: {err}") from None
    shares, counts, unit = _frame_shares(table, periods)
    if not len(shares):
        raise NoDataError("no frame data with a publication date")
    shares = _top_frames(shares, top_frames)
    keys = list(shares.columns)
    colors = _frame_colors(keys)
    labels = [k if k == "(other frames)" else frame_label(k) for k in keys]
    idx = shares.index
    full = pd.period_range(idx.min(), idx.max(), freq=idx.freq)
    dense = len(full) == len(idx)

    ax = _new_ax(ax, (10.0, 4.8))
    if len(idx) >= 2:
        import matplotlib.dates as mdates

        start = mdates.date2num(idx.start_time.to_pydatetime())
        if dense:
            # every period between the first and the last has data: a stacked area
            ax.stackplot(start, shares.to_numpy().T, labels=labels, colors=colors, alpha=0.9)
            ax.set_xlim(start[0], start[-1])
        else:
            # periods without data stay empty: stacked bars, one per period with data
            width = (mdates.date2num(idx.end_time.to_pydatetime()) - start) * 0.85
            bottom = np.zeros(len(idx))
            for k, lab, c in zip(keys, labels, colors):
                v = shares[k].to_numpy(dtype=float)
                ax.bar(start, v, width=width, bottom=bottom, align="edge", color=c, label=lab)
                bottom += v
            pad = float(np.max(width))
            ax.set_xlim(start[0] - pad / 2, start[-1] + 1.5 * pad)
        ax.xaxis_date()
        locator = mdates.AutoDateLocator(minticks=3, maxticks=10)
        ax.xaxis.set_major_locator(locator)
        ax.xaxis.set_major_formatter(mdates.ConciseDateFormatter(locator))
    else:
        bottom = 0.0
        xi = np.arange(1)
        for k, lab, c in zip(keys, labels, colors):
            v = float(shares[k].iloc[0])
            ax.bar(xi, [v], bottom=bottom, color=c, label=lab, width=0.5)
            bottom += v
        ax.set_xticks(xi, [str(idx[0])])
        ax.set_xlim(-1.5, 1.5)
    ax.set_ylim(0, 1)
    handles, hl = ax.get_legend_handles_labels()
    ax.legend(
        handles[::-1],
        hl[::-1],
        title="Primary frame",
        loc="upper left",
        bbox_to_anchor=(1.01, 1.0),
        fontsize="small",
        title_fontsize="small",
        frameon=False,
    )
    ax.set_xlabel(f"Published ({_FREQ_NAMES.get(f, f)})")
    ax.set_ylabel(f"Share of {unit}")
    if title is None:
        np_ = len(idx)
        left_out = f"; {n_undated} undated not shown" if n_undated else ""
        title = (
            f"Frame shares over time ({int(counts.sum())} {unit}, "
            f"{np_} {_FREQ_NAMES.get(f, 'period')}{'s' if np_ != 1 else ''}{left_out})"
        )
    _set_title(ax, title)
    return ax


def compare_groups(
    documents: pd.DataFrame,
    by: str = "outlet",
    ax=None,
    *,
    kind: str = "tone",
    top: int = 20,
    top_frames: int | None = 7,
    n_boot: int = 1000,
    random_state: int = 0,
    title: str | None = None,
):
    """Compare outlets, agencies or any metadata groups: mean tone or frame shares.

    Parameters
    ----------
    documents : DataFrame
        ``analysis.documents`` (a group's tone is the mean of its documents' ``tone_mean``,
        frames weighted by ``n_paragraphs``), or ``analysis.paragraphs`` /
        ``analysis.quotes`` (mean of ``tone_score``, shares of ``primary_frame``).
    by : str, default="outlet"
        Column to group by (list-valued columns such as ``tags`` count a row in every
        group it lists), or ``"published:<freq>"`` for periods (``D``, ``W``, ``M``,
        ``Q``, ``Y``). Rows with no value form the group ``"(unknown)"``, and text values
        that differ only in case or spacing are one group, as in
        :meth:`framing.Analysis.group` (see :func:`group_values`).
    ax : matplotlib Axes, default=None
    kind : {"tone", "frames"}, default="tone"
        ``"tone"``: mean tone per group with a 95% interval over the rows of the group,
        the rows of one document counted as one sample (Student t below 30 documents,
        cluster bootstrap above, as :func:`framing.analysis.bootstrap_mean`), each group
        labelled with its number of rows and, when some document holds several of
        them, of documents (``nyt (n=772, 41 docs)``: the interval rests on the 41);
        ``"frames"``: stacked horizontal bars of frame shares per group. Groups are
        drawn from the most negative tone (bottom) up, or in their frame plot from the
        largest (top) down; periods are drawn in chronological order, the earliest on
        top, rows with no date last.
    top : int, default=20
        Groups shown: the largest, or for periods the ``top`` most recent that have
        data. None or 0 shows every group.
    top_frames : int or None, default=7
        For ``kind="frames"``: frames drawn on their own, the rest summed.
    n_boot, random_state : int
        Bootstrap resamples, and a number added to each group's seed. With the defaults
        a group's interval is the one :func:`framing.analysis.group_table` gives (the
        figure is deterministic, and independent of the other groups).
    title : str, default=None

    Returns
    -------
    matplotlib.axes.Axes
    """
    if kind not in ("tone", "frames"):
        raise ValueError(f"kind must be 'tone' or 'frames', got {kind!r}")
    _require(documents, [], "documents")
    table, keys, col = _group_keys(documents, by)
    if not keys.notna().any():
        raise NoDataError(f"no row has a value for {col!r}")
    freq = _period_freq(by)
    # chronological order of the periods: the earliest date of each
    start = _published(table[col]).groupby(keys).min() if freq else None
    keys = keys.where(keys.notna(), UNKNOWN_GROUP).map(str)
    unit = (
        "quotes"
        if "quote_id" in table.columns
        else ("paragraphs" if "para_id" in table.columns else "documents")
    )
    if freq:
        period = _FREQ_NAMES[freq]
        what = f"{period} published" if col == "published" else f"{period} of {col}"
        shown = f"latest {top} {period}s with data"
    else:
        what, shown = by, f"largest {top}"
    what = what.replace("_", " ")
    group_name = what[:1].upper() + what[1:]

    def chronological(groups: Sequence[str]) -> list[str]:
        """Periods from the earliest, the ``top`` most recent, then ``(unknown)``."""
        dated = sorted((g for g in groups if g in start.index), key=lambda g: start[g])
        if top is not None and top > 0:
            dated = dated[-top:]
        return dated + [g for g in groups if g not in start.index]

    if kind == "tone":
        vcol = "tone_score" if "tone_score" in table.columns else "tone_mean"
        if vcol not in table.columns:
            raise ValueError("the table has neither tone_score nor tone_mean")
        vals = pd.to_numeric(table[vcol], errors="coerce")
        from .analysis import TONE_RANGE, bootstrap_mean

        rows = []
        docs = table["doc_id"] if "doc_id" in table.columns else np.arange(len(table))
        long = pd.DataFrame(
            {
                "k": keys.to_numpy(dtype=object),
                "v": vals.to_numpy(dtype=float),
                "d": np.asarray(docs, dtype=object),
            }
        )
        long = long[np.isfinite(long["v"].to_numpy())]
        for g, part in long.groupby("k", sort=True):
            v, d = part["v"].to_numpy(), part["d"].to_numpy()
            if len(v):
                # seeded and clustered by document as in framing.analysis.group_table:
                # the same interval as the table
                key = f"group/{by}/{g}" + (f"/{random_state}" if random_state else "")
                mean, lo, hi = bootstrap_mean(
                    v, key=key, n_boot=n_boot, bounds=TONE_RANGE, clusters=d
                )
                rows.append((str(g), len(v), len(set(d)), mean, lo, hi))
        if not rows:
            raise NoDataError(f"no tone values to compare by {by!r}")
        res = pd.DataFrame(rows, columns=["group", "n", "n_docs", "mean", "low", "high"])
        # rows of a document counted as one sample: the interval rests on the documents,
        # so the labels give their number beside the rows'
        clustered = "doc_id" in table.columns and bool((res["n_docs"] < res["n"]).any())
        if freq:
            order = chronological(res["group"].tolist())
            truncated = len(order) < len(res)
            res = res.set_index("group").loc[order[::-1]].reset_index()
        else:
            truncated = top is not None and 0 < top < len(res)
            res = res.sort_values(["n", "group"], ascending=[False, True], kind="stable")
            res = res.head(top).sort_values("mean", kind="stable")
        pos = np.arange(len(res), dtype=float)
        ax = _new_ax(ax, (8.0, max(2.8, 0.4 * len(res) + 1.5)))
        ax.axvline(0, color="#888888", linestyle=":", linewidth=1)
        ax.hlines(pos, res["low"], res["high"], colors="#1f77b4", linewidth=2.5)
        ax.scatter(res["mean"], pos, s=50, color="#1f77b4", edgecolors="white", zorder=3)
        labels = [
            f"{_text(g, 32)} (n={n}, {k} doc{'s' if k != 1 else ''})"
            if clustered
            else f"{_text(g, 32)} (n={n})"
            for g, n, k in zip(res["group"], res["n"], res["n_docs"])
        ]
        ax.set_yticks(pos, labels)
        ax.set_ylim(-0.7, len(res) - 0.3)
        ax.set_xlim(-1.05, 1.05)
        # a group of a single document has no interval (one cluster): say so
        single = "document" if "doc_id" in table.columns else "row"
        n_none = int(res["low"].isna().sum())
        ci = "95% interval clustered by document" if clustered else "95% interval"
        if not n_none:
            interval = ci
        elif n_none == len(res):
            interval = f"no interval: every group is a single {single}"
        else:
            interval = f"{ci}; none for a group of a single {single}"
        ax.set_xlabel(f"Mean tone of {unit} ({interval})")
        ax.set_ylabel(f"{group_name} (number of {unit})")
        if title is None:
            title = f"Tone by {what}" + (f" ({shown})" if truncated else "")
        _set_title(ax, title)
        return ax

    shares, counts, funit = _frame_shares(table, keys)
    if not len(shares):
        raise NoDataError(f"no frame data to compare by {by!r}")
    if freq:
        order = chronological([str(g) for g in shares.index])
        truncated = len(order) < len(shares)
    else:
        truncated = top is not None and 0 < top < len(shares)
        order = counts.sort_values(ascending=False, kind="stable").index[:top]
    shares = _top_frames(shares.loc[order], top_frames).iloc[::-1]
    counts = counts.loc[shares.index]
    fkeys = list(shares.columns)
    colors = _frame_colors(fkeys)
    pos = np.arange(len(shares), dtype=float)
    ax = _new_ax(ax, (10.0, max(2.8, 0.45 * len(shares) + 1.6)))
    left = np.zeros(len(shares))
    for k, c in zip(fkeys, colors):
        v = shares[k].to_numpy(dtype=float)
        lab = k if k == "(other frames)" else frame_label(k)
        ax.barh(pos, v, left=left, color=c, label=lab, height=0.7)
        left += v
    ax.set_yticks(pos, [f"{_text(g, 32)} (n={n})" for g, n in zip(shares.index, counts)])
    ax.set_xlim(0, 1)
    ax.set_xlabel(f"Share of {funit} by primary frame")
    ax.set_ylabel(f"{group_name} (number of {funit})")
    ax.legend(
        title="Primary frame",
        loc="upper left",
        bbox_to_anchor=(1.01, 1.0),
        fontsize="small",
        title_fontsize="small",
        frameon=False,
    )
    if title is None:
        title = f"Frames by {what}" + (f" ({shown})" if truncated else "")
    _set_title(ax, title)
    return ax


# --------------------------------------------------------------------------------------
# all figures of an analysis


def _slug(s: str, width: int = 80) -> str:
    return re.sub(r"[^A-Za-z0-9._-]+", "_", str(s)).strip("._")[:width] or "doc"


def _table(analysis: Any, name: str) -> pd.DataFrame | None:
    t = getattr(analysis, name, None)
    return t if isinstance(t, pd.DataFrame) else None


def save_figures(
    analysis: Any,
    directory: str | Path,
    *,
    max_documents: int = 20,
    dpi: int = 120,
    freq: str = "auto",
) -> list[Path]:
    """Save every figure that applies to an analysis as PNG files.

    Writes ``tone_by_paragraph_<doc_id>.png`` for the first ``max_documents`` documents,
    ``speaker_forest.png`` and ``speaker_frame_heatmap.png`` (corpus speakers, or per
    document speakers when there is no corpus table), ``frames_over_time.png``, and
    ``tone_by_<col>.png`` / ``frames_by_<col>.png`` for ``outlet`` and ``agency`` when they
    have at least two groups (over paragraphs, so that a group of one document still has
    an interval; over documents when there is no paragraphs table), and
    ``tone_by_speaker_category.png`` / ``frames_by_speaker_category.png`` over the quotes
    when their speakers fall in at least two categories. A figure with no data is skipped
    and the reason logged (at INFO level, logger ``framing.plot``). Figures are closed
    after saving.

    Parameters
    ----------
    analysis : framing.analysis.Analysis
        Any object with the ``paragraphs``, ``speakers``, ``corpus_speakers``,
        ``documents`` and ``quotes`` tables (missing ones are skipped).
    directory : str or Path
        Output folder, created when missing.
    max_documents : int, default=20
        Per-document figures are made for at most this many documents.
    dpi : int, default=120
    freq : str, default="auto"
        Period of the frames-over-time figure (see :func:`frames_over_time`).

    Returns
    -------
    list of Path
        The files written, in the order above.
    """
    import matplotlib.pyplot as plt

    out = Path(directory)
    out.mkdir(parents=True, exist_ok=True)
    paragraphs = _table(analysis, "paragraphs")
    documents = _table(analysis, "documents")
    speakers = _table(analysis, "corpus_speakers")
    if speakers is None or not len(speakers):
        speakers = _table(analysis, "speakers")

    jobs: list[tuple[str, Callable[[], Any] | None, str]] = []
    if paragraphs is not None and len(paragraphs):
        titles: dict[Any, str] = {}
        if documents is not None and {"doc_id", "title"} <= set(documents.columns):
            titles = {
                d: t for d, t in zip(documents["doc_id"], documents["title"]) if isinstance(t, str)
            }
        doc_ids = list(pd.unique(paragraphs["doc_id"]))
        if len(doc_ids) > max_documents:
            logger.info(
                "tone_by_paragraph: drawing the first %d of %d documents",
                max_documents,
                len(doc_ids),
            )
        used: set[str] = set()
        for d in doc_ids[:max_documents]:
            name = f"tone_by_paragraph_{_slug(d)}"
            if name in used:
                name = f"{name}_{len(used)}"
            used.add(name)
            t = titles.get(d)
            title = f"Tone by paragraph: {_text(t, 70)}" if t else None
            jobs.append(
                (name, lambda d=d, title=title: tone_by_paragraph(paragraphs, d, title=title), "")
            )
    else:
        jobs.append(("tone_by_paragraph", None, "no paragraphs"))

    if speakers is not None and len(speakers):
        jobs.append(("speaker_forest", lambda: speaker_forest(speakers), ""))
        jobs.append(("speaker_frame_heatmap", lambda: speaker_frame_heatmap(speakers), ""))
    else:
        jobs.append(("speaker_forest", None, "no speakers"))
        jobs.append(("speaker_frame_heatmap", None, "no speakers"))

    time_table = paragraphs if paragraphs is not None and len(paragraphs) else documents
    if time_table is not None and "published" in time_table.columns:
        jobs.append(("frames_over_time", lambda: frames_over_time(time_table, freq=freq), ""))
    else:
        jobs.append(("frames_over_time", None, "no table with publication dates"))

    # groups compared over paragraphs (an interval even when a group has one document)
    group_table = paragraphs if paragraphs is not None and len(paragraphs) else documents
    if group_table is not None:
        for col in ("outlet", "agency"):
            if col not in group_table.columns:
                jobs.append((f"tone_by_{col}", None, f"the tables have no {col} column"))
                continue
            _, keys, _ = _group_keys(group_table, col)
            n_groups = keys.dropna().nunique()
            if n_groups < 2:
                jobs.append((f"tone_by_{col}", None, f"{n_groups} {col}(s), nothing to compare"))
                continue
            jobs.append((f"tone_by_{col}", lambda c=col: compare_groups(group_table, by=c), ""))
            jobs.append(
                (
                    f"frames_by_{col}",
                    lambda c=col: compare_groups(group_table, by=c, kind="frames"),
                    "",
                )
            )
    else:
        jobs.append(("tone_by_outlet", None, "no paragraphs or documents table"))

    # who speaks: quotes compared by the category of their speaker
    quotes = _table(analysis, "quotes")
    if quotes is None or "speaker_category" not in quotes.columns:
        jobs.append(("tone_by_speaker_category", None, "no quotes with speaker categories"))
    elif quotes["speaker_category"].dropna().nunique() < 2:
        jobs.append(("tone_by_speaker_category", None, "fewer than 2 speaker categories"))
    else:
        jobs.append(
            (
                "tone_by_speaker_category",
                lambda: compare_groups(quotes, by="speaker_category"),
                "",
            )
        )
        jobs.append(
            (
                "frames_by_speaker_category",
                lambda: compare_groups(quotes, by="speaker_category", kind="frames"),
                "",
            )
        )

    written: list[Path] = []
    for name, make, reason in jobs:
        if make is None:
            logger.info("skipping figure %s: %s", name, reason)
            continue
        try:
            ax = make()
        except NoDataError as err:
            logger.info("skipping figure %s: %s", name, err)
            continue
        fig = ax.figure
        try:
            path = out / f"{name}.png"
            fig.savefig(path, dpi=dpi, metadata={"Software": None})
            written.append(path)
        finally:
            plt.close(fig)
    return written
