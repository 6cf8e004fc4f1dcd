"""Inter-coder agreement: Krippendorff's alpha, Cohen's kappa and percent agreement.

For single labels (tone, primary frame) pass one sequence of labels per coder. For
multi-label frames, :func:`frame_agreement` treats each frame as its own binary variable
(present / absent for every unit) and reports alpha, kappa and percent agreement per
frame, as is usual for multi-label content analysis; :func:`multilabel_alpha` pools the
unit-frame presence decisions into one figure.

Missing codings are anything :func:`pandas.isna` calls missing: ``None``, NaN of any
float width, ``pd.NA`` (nullable ``Int64`` / ``string`` columns) and ``pd.NaT``.
Krippendorff's alpha uses every unit coded by at least two coders, the pairwise measures
only units coded by both.

A :class:`pandas.DataFrame` is read as a coding spreadsheet everywhere in this module: one
column per coder, one row per unit (every column is taken as a coder). Plain arrays and
lists passed to :func:`krippendorff_alpha` have one row per coder.

Codes that mix numbers and strings (``1`` from one coder, ``"1"`` from another) raise a
``ValueError`` instead of being scored as different categories: convert them first.

:func:`krippendorff_alpha` is the implementation in :mod:`framing.evaluate` (Krippendorff
2011, "Computing Krippendorff's Alpha-Reliability", coincidence matrix; nominal, ordinal,
interval and ratio levels).

Examples
--------
>>> from framing.agreement import cohen_kappa, krippendorff_alpha, percent_agreement
>>> a = ["neg", "neg", "pos", "neu", "pos", "neg"]
>>> b = ["neg", "neu", "pos", "neu", "pos", "neg"]
>>> round(percent_agreement(a, b), 3), round(cohen_kappa(a, b), 3)
(0.833, 0.75)
>>> round(krippendorff_alpha([a, b]), 3)
0.766
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from itertools import combinations

import numpy as np
import pandas as pd

from .evaluate import krippendorff_alpha
from .evaluate.classification import _check_types, _clean, _missing

__all__ = [
    "cohen_kappa",
    "frame_agreement",
    "krippendorff_alpha",
    "multilabel_alpha",
    "percent_agreement",
]


def _codings(codings: tuple) -> tuple[list, list[str] | None]:
    """The codings of a *codings function, and coder names for error messages.

    A single DataFrame is read as one column per coder.
    """
    if len(codings) == 1 and isinstance(codings[0], pd.DataFrame):
        df = codings[0]
        return [df[c].tolist() for c in df.columns], [f"coder {c}" for c in df.columns]
    return list(codings), None


def _pairs(a: list, b: list) -> tuple[list, list]:
    """Units coded by both (a and b already passed through _clean)."""
    if len(a) != len(b):
        raise ValueError(f"the two codings have {len(a)} and {len(b)} units")
    keep = [i for i in range(len(a)) if not (a[i] is None or b[i] is None)]
    return [a[i] for i in keep], [b[i] for i in keep]


def percent_agreement(*codings: Sequence) -> float:
    """Share of units on which coders agree (mean over coder pairs).

    Parameters
    ----------
    *codings : sequences of labels, one per coder (at least two), equally long
        Or a single DataFrame with one column per coder. Units missing in either coder
        of a pair are left out of that pair.

    Returns
    -------
    float
        Between 0 and 1; NaN if no unit is coded by both coders of any pair.
    """
    codings, names = _codings(codings)
    if len(codings) < 2:
        raise ValueError("percent agreement needs at least two codings")
    codings = [_clean(c) for c in codings]
    _check_types(codings, names)
    agree = total = 0
    for a, b in combinations(codings, 2):
        x, y = _pairs(a, b)
        agree += sum(1 for u, v in zip(x, y, strict=True) if u == v)
        total += len(x)
    return agree / total if total else float("nan")


def cohen_kappa(a: Sequence, b: Sequence) -> float:
    """Cohen's kappa for two coders: ``(p_o - p_e) / (1 - p_e)``.

    ``p_o`` is the observed agreement and ``p_e`` the agreement expected from each
    coder's own label distribution (Cohen 1960). Units missing in either coding are left
    out.

    Returns
    -------
    float
        1 for perfect agreement, 0 at chance; NaN if no unit is coded by both, or if
        both coders use a single identical label throughout (``p_e = 1``).
    Raises
    ------
    ValueError
        If the codes mix numbers and strings (see the module docstring).
    """
    a, b = _clean(a), _clean(b)
    _check_types([a, b])
    x, y = _pairs(a, b)
    n = len(x)
    if n == 0:
        return float("nan")
    labels = sorted({*x, *y}, key=lambda v: (str(type(v)), v))
    idx = {v: i for i, v in enumerate(labels)}
    m = np.zeros((len(labels), len(labels)))
    for u, v in zip(x, y, strict=True):
        m[idx[u], idx[v]] += 1
    p_o = np.trace(m) / n
    p_e = float((m.sum(axis=1) / n) @ (m.sum(axis=0) / n))
    if np.isclose(p_e, 1.0):
        return float("nan")
    return float((p_o - p_e) / (1.0 - p_e))


# frame keys in one cell are joined by ";" (also "," or "|", as Codebook.parse_labels reads)
_LABEL_SEP = re.compile(r"[;,|]")


def _frame_sets(coding: Sequence) -> list:
    out = []
    for v in coding:
        if _missing(v):
            out.append(None)
        elif isinstance(v, str):
            out.append({f.strip() for f in _LABEL_SEP.split(v) if f.strip()})
        else:
            out.append(set(v))
    return out


def _frame_list(frames: Sequence[str] | str | None, sets: list) -> list:
    if frames is None:
        return sorted({f for s in sets for u in s if u for f in u})
    if isinstance(frames, str):
        return [f.strip() for f in _LABEL_SEP.split(frames) if f.strip()]
    return list(frames)


def frame_agreement(*codings: Sequence, frames: Sequence[str] | str | None = None) -> pd.DataFrame:
    """Agreement per frame for multi-label frame codings.

    Each frame becomes a binary variable (1 if a coder lists it for a unit) and is
    scored separately.

    Parameters
    ----------
    *codings : sequences, one per coder (at least two), equally long
        Or a single DataFrame with one column per coder. Per unit: a list/set of frame
        keys, a string of keys joined by ``;`` (or ``,``, ``|``), or missing (``None``, NaN, ``pd.NA``) if
        the coder did not code the unit.
    frames : sequence of str or str, default=None
        Frames to report, in this order; default: every frame used by any coder, sorted.
        A single string is one frame key (or several joined by ``;``, as in the
        codings), not a sequence of letters.

    Returns
    -------
    pandas.DataFrame
        One row per frame: ``frame``, ``n_units`` (coded by at least two coders),
        ``n_coded`` (codings listing the frame, over all coders), ``alpha``
        (Krippendorff, nominal on the binary variable), ``kappa`` (Cohen, first two
        coders), ``percent_agreement``. A frame nobody used has alpha NaN.
    """
    codings, _ = _codings(codings)
    if len(codings) < 2:
        raise ValueError("frame agreement needs at least two codings")
    sets = [_frame_sets(c) for c in codings]
    n = len(sets[0])
    if any(len(s) != n for s in sets):
        raise ValueError("every coding must have one entry per unit")
    frames = _frame_list(frames, sets)
    n_units = sum(1 for i in range(n) if sum(s[i] is not None for s in sets) >= 2)
    rows = []
    for f in frames:
        binary = [[None if u is None else int(f in u) for u in s] for s in sets]
        rows.append(
            {
                "frame": f,
                "n_units": n_units,
                "n_coded": int(sum(v for b in binary for v in b if v is not None)),
                "alpha": krippendorff_alpha(binary),
                "kappa": cohen_kappa(binary[0], binary[1]),
                "percent_agreement": percent_agreement(*binary),
            }
        )
    return pd.DataFrame(
        rows, columns=["frame", "n_units", "n_coded", "alpha", "kappa", "percent_agreement"]
    )


def multilabel_alpha(*codings: Sequence, frames: Sequence[str] | str | None = None) -> float:
    """One Krippendorff's alpha over all frames of a multi-label coding.

    The unit x frame presence decisions are pooled as binary values (each unit-frame
    pair is one "unit" of the reliability data), so frequent frames weigh more; see
    :func:`frame_agreement` for the per-frame figures. ``codings`` and ``frames`` as in
    :func:`frame_agreement`.
    """
    sets = [_frame_sets(c) for c in _codings(codings)[0]]
    frames = _frame_list(frames, sets)
    data = [[None if u is None else int(f in u) for f in frames for u in s] for s in sets]
    return krippendorff_alpha(data)
