"""Reader for VADER's NYT editorial snippets (Hutto & Gilbert, ICWSM 2014; MIT licence).

5,190 sentence-level snippets from 500 New York Times opinion pieces, each rated by at
least 20 people on a -4..4 scale. One row per snippet:

``snippet_id`` (str)
    ``"<article>_<sentence>"`` as in the source.
``doc`` (str)
    The article number (use it as the group in cross-validation).
``position`` (int)
    1-based sentence number inside the article.
``text`` (str)
    The snippet.
``score`` (float)
    Mean human rating, -4..4.
``sd`` (float)
    Standard deviation of the ratings (NaN if the ratings file is absent).
``ratings`` (list of int)
    The individual ratings (empty if the ratings file is absent).
``tone`` (str)
    ``score`` cut at +-0.5 (VADER's own neutral band for its compound score is +-0.05 on
    a -1..1 scale; on the human -4..4 scale we use +-0.5, about an eighth of the range).
"""

from __future__ import annotations

import ast

import numpy as np
import pandas as pd

from . import require_dataset

__all__ = ["read_vader_nyt", "NYT_NEUTRAL_BAND"]

#: Half-width of the neutral band used to turn the mean rating into a tone label.
NYT_NEUTRAL_BAND = 0.5

_TRUTH = "nytEditorialSnippets_GroundTruth.txt"
_RATINGS = "nytEditorialSnippets_anonDataRatings.txt"


def _tone(score: float, band: float) -> str:
    if score > band:
        return "positive"
    if score < -band:
        return "negative"
    return "neutral"


def read_vader_nyt(neutral_band: float = NYT_NEUTRAL_BAND) -> pd.DataFrame:
    """Read the NYT snippets with their mean human rating.

    Parameters
    ----------
    neutral_band : float, default=0.5
        Scores within ``[-neutral_band, neutral_band]`` get the ``neutral`` tone label.

    Returns
    -------
    pandas.DataFrame
        Columns as in the module docstring.
    """
    root = require_dataset("vader_nyt")
    rows = []
    with (root / _TRUTH).open(encoding="utf-8", errors="replace") as fh:
        for lineno, line in enumerate(fh, 1):
            line = line.rstrip("\r\n")
            if not line.strip():
                continue
            parts = line.split("\t", 2)
            if len(parts) != 3:
                raise ValueError(f"{_TRUTH}:{lineno}: expected 3 tab-separated fields")
            sid, score, text = parts
            doc, _, pos = sid.partition("_")
            rows.append((sid, doc, int(pos) if pos.isdigit() else 0, text.strip(), float(score)))
    df = pd.DataFrame(rows, columns=["snippet_id", "doc", "position", "text", "score"])
    sd: dict[str, float] = {}
    ratings: dict[str, list[int]] = {}
    rpath = root / _RATINGS
    if rpath.is_file():
        with rpath.open(encoding="utf-8", errors="replace") as fh:
            for line in fh:
                parts = line.rstrip("\r\n").split("\t")
                if len(parts) >= 4:
                    sd[parts[0]] = float(parts[2])
                    ratings[parts[0]] = [int(v) for v in ast.literal_eval(parts[3])]
    df["sd"] = df["snippet_id"].map(sd).astype(float) if sd else np.nan
    df["ratings"] = [ratings.get(s, []) for s in df["snippet_id"]]
    df["tone"] = [_tone(s, neutral_band) for s in df["score"]]
    return df
