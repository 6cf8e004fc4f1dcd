"""Train a frame or tone model on your own codebook and labels: ``framing train``.

::

    framing train --codebook my_codebook.yaml --labels coded.csv [--texts corpus/ ...]
                  [--out my_frames.skops] [--cv 5] [--group-by doc] [--report cv.json]
                  [--stem] [--encoder [--encoder-seeds N] [--encoder-model DIR]]
    framing train --tone --labels coded.csv [--texts ...] [--out my_tone.skops] [--cv 5]
                  [--encoder [--encoder-model DIR] ...]

The labels file is a CSV with ``unit_id`` and ``frames`` (frame keys, codes or names of
the codebook joined by ``;``, primary first), as written by ``framing annotate import``;
optional columns ``text``, ``tone``, ``coder``. With ``--tone`` the ``tone`` column
(negative, neutral, positive) is trained instead, and no codebook is needed. When it has
no ``text`` column, texts come
from ``--texts``: a table (CSV/JSONL/Parquet) with ``unit_id`` and ``text``, or any
corpus input that :func:`framing.load_corpus` reads, whose paragraphs are matched by
``<doc_id>:<para_id>`` (the unit ids ``framing annotate export`` writes). Unit ids of the
shared datasets (``polnear:...``, ``basil:...``, ``ukraine:...``) are resolved from the
data directory. The labels file may be comma-, semicolon- or tab-separated, with or
without a byte-order mark (as Excel saves it); column names match ignoring case and
surrounding spaces.

A unit with several codings (several coders, or a row pasted twice) is trained on its
first coding, the first of its rows in the file: a note on stderr gives how many units
have several codings, how many of those disagree, and the first of them with their rows.
Disagreements are for :mod:`framing.agreement`; adjudicate them (keep one row per unit)
to train on resolved labels. Labelled units whose text is not found are left out with a
note naming them.

The model is cross-validated (k folds, by unit or grouped by document), the pooled
out-of-fold figures are reported (micro-/macro-F1 and primary-frame accuracy for frames;
macro-F1, accuracy and Krippendorff's alpha against the gold for tone), and a final model
fitted on all labels is saved with skops: ``framing score`` and ``framing analyze`` use it
with ``--frame-model FILE`` or ``--tone-model FILE``.

``--encoder`` (optional extra ``framing[encoder]``; minutes of CPU per fold) also
fine-tunes a sentence encoder, all-MiniLM-L6-v2 unless ``--encoder-model DIR`` names
another: for frames it is the primary-frame model, for tone its probabilities are mixed
with the linear model's (``ToneClassifier(encoder=...)``). For tone, start from an encoder
fine-tuned first on the tone datasets (``scripts/train_tone.py --intermediate DIR
--no-model``), as the tone model card does.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from ._skops import dump_model
from .annotate import _match_columns, _read_csv_file, _some, repeated_codings
from .codebook import Codebook, resolve_codebook
from .evaluate import classification_table, cross_validate
from .frames import FrameClassifier, default_frame_features

__all__ = [
    "TrainResult",
    "frame_cv_metrics",
    "read_tone_labels",
    "read_training_data",
    "register",
    "train_frame_model",
    "train_tone_model",
]

_DATASET_PREFIXES = ("polnear", "basil", "ukraine", "seed")


@dataclass
class TrainResult:
    """Outcome of :func:`train_frame_model`.

    Attributes
    ----------
    model : FrameClassifier, ToneClassifier or None
        Fitted on all labelled units (None when ``fit_final=False``).
    summary : dict
        ``task`` ("frames" or "tone"), ``n_units``, ``n_scored`` (units the CV scores: all
        but ``train_only``), ``n_frames``, ``cv``, ``micro_f1``, ``macro_f1``,
        ``primary_accuracy`` (pooled out-of-fold figures) and ``fold_mean_*`` (the mean of
        each figure computed fold by fold, over the frames present in the fold; it differs
        from the pooled figure, and more so with few units); for tone,
        ``label_counts``, ``macro_f1``, ``accuracy`` and ``alpha`` instead of the frame
        figures.
    per_frame : pandas.DataFrame
        Out-of-fold precision, recall, F1 and support per frame (per tone label for a
        tone model, :func:`train_tone_model`).
    predictions : pandas.DataFrame
        Out-of-fold ``unit_id``, ``frames`` (gold), ``predicted``, ``primary``,
        ``predicted_primary``, ``p_<frame>`` (each frame's probability) and
        ``primary_p_<frame>`` (the probability that it is the primary frame) of the
        scored units: for reading the units the model gets wrong, or mixing runs. For a
        tone model: ``unit_id``, ``tone`` (gold), ``predicted``, ``p_negative``,
        ``p_neutral``, ``p_positive``.
    """

    model: Any
    summary: dict
    per_frame: pd.DataFrame
    predictions: pd.DataFrame


def _read_table(path: Path) -> pd.DataFrame | None:
    s = path.suffix.lower()
    if s in (".csv", ".tsv"):
        t = _read_csv_file(path)  # comma, semicolon or tab; byte-order mark dropped
    elif s in (".jsonl", ".ndjson"):
        t = pd.read_json(path, lines=True, dtype=False)
    elif s == ".parquet":
        t = pd.read_parquet(path)
    else:
        return None
    return t if {"unit_id", "text"} <= set(t.columns) else None


def _texts_from(inputs: Sequence[str | Path]) -> pd.DataFrame:
    tables = []
    corpus_inputs = []
    for x in inputs:
        p = Path(x)
        t = _read_table(p) if p.is_file() else None
        if t is not None:
            tables.append(t[["unit_id", "text"]].astype(str))
        else:
            corpus_inputs.append(str(x))
    if corpus_inputs:
        from .corpus import load_corpus

        paras = load_corpus(corpus_inputs).paragraphs
        tables.append(
            pd.DataFrame(
                {
                    "unit_id": paras["doc_id"].astype(str) + ":" + paras["para_id"].astype(str),
                    "text": paras["text"],
                }
            )
        )
    return pd.concat(tables, ignore_index=True).drop_duplicates("unit_id")


def _blank(values: pd.Series) -> pd.Series:
    """True where a cell is missing or only whitespace (None, NaN or "")."""
    return values.isna() | values.astype(str).str.strip().eq("")


def _text_table(lab: pd.DataFrame, texts: Any, where: str) -> pd.DataFrame:
    """``unit_id``/``text`` of the units of ``lab``: from ``texts`` or the shared data."""
    if isinstance(texts, pd.DataFrame):
        return texts[["unit_id", "text"]]
    if texts:
        return _texts_from(texts)
    if lab["unit_id"].str.split(":").str[0].isin([*_DATASET_PREFIXES, "sample"]).all():
        # shared datasets, and sample:<doc_id>:<para_id> of the bundled sample corpus
        from .datasets.annotations import unit_texts

        return unit_texts(lab["unit_id"])
    what = "blank 'text' column" if "text" in lab.columns else "'text' column"
    raise ValueError(f"{where} has no {what}; pass the texts (--texts)")


def _texts_source(texts: Any) -> str:
    """How to name where texts came from in messages."""
    if isinstance(texts, pd.DataFrame):
        return "the texts given"
    if texts:
        names = [str(t) for t in texts]
        return "--texts " + " ".join(names[:3]) + (" ..." if len(names) > 3 else "")
    return "the shared datasets"


def _first_rows(mask: pd.Series, k: int = 5) -> str:
    """The file rows (header is row 1) of the first ``k`` true entries of ``mask``."""
    return _some([str(int(i) + 2) for i in mask.index[mask.to_numpy()]], k)


def _id_hint(lost: Sequence[str], known: pd.Series) -> str:
    """What the ids of the texts look like, and a prefix that the labels' ids have and
    theirs lack (``sample:`` on ids of the bundled sample corpus), or the other way."""
    if known.empty:
        return ""
    hint = f" (ids there look like {known.iloc[0]!r})"
    have = set(known)
    for a, b in ((lost, have), (have, lost)):
        for u in a:
            head, sep, rest = str(u).partition(":")
            if sep and rest in b:
                whose = "the labels'" if a is lost else "the texts'"
                other = "the texts'" if a is lost else "the labels'"
                return (
                    f"{hint}; {whose} ids start with {head + ':'!r} and {other} do not "
                    f"({u!r} and {rest!r}): use the same ids in both"
                    + (
                        " (ids sample:<doc_id>:<para_id> of the bundled sample corpus need "
                        "no --texts)"
                        if head == "sample" and a is lost
                        else ""
                    )
                )
    return hint


def _with_texts(lab: pd.DataFrame, texts: Any, where: str) -> pd.DataFrame:
    """``lab`` with its ``text`` column: its own, from ``texts`` or from the shared data.

    A ``text`` column that is blank in every row counts as absent; blank texts in some
    rows are filled from ``texts`` when given, and are an error otherwise.
    """
    blank = _blank(lab["text"]) if "text" in lab.columns else None
    if blank is None or blank.all():
        tt = _text_table(lab, texts, where)
        lab = lab.drop(columns=[c for c in ("text",) if c in lab.columns])
        found = lab["unit_id"].isin(set(tt["unit_id"].astype(str)))
        lost = list(lab.loc[~found, "unit_id"])
        lab = lab.merge(tt, on="unit_id", how="inner")
        source = _texts_source(texts)
        hint = (
            "pass texts that contain these documents/paragraphs (--texts), or fix the ids: "
            "unit ids are matched to a text table's unit_id or to <doc_id>:<para_id> of a "
            "corpus' paragraphs" + _id_hint(lost, tt["unit_id"].astype(str))
        )
        if lab.empty:
            raise ValueError(
                f"no unit id of {where} was found among {source} (e.g. {_some(lost, 3)}); " + hint
            )
        if lost:
            n = len(lost)
            print(
                f"framing train: {where}: {n} labelled unit{'s' if n != 1 else ''} "
                f"{'have' if n != 1 else 'has'} no text in {source} and "
                f"{'are' if n != 1 else 'is'} left out: {_some(lost)}; {hint}",
                file=sys.stderr,
            )
    elif blank.any():
        if not (isinstance(texts, pd.DataFrame) or texts):
            raise ValueError(
                f"{where}: {int(blank.sum())} units have a blank text (rows "
                f"{_first_rows(blank)}); fill them in or pass the texts (--texts)"
            )
        tt = _text_table(lab, texts, where)
        found = tt.drop_duplicates("unit_id").set_index("unit_id")["text"]
        lab = lab.copy()
        lab.loc[blank, "text"] = lab.loc[blank, "unit_id"].map(found)
        still = _blank(lab["text"])
        if still.any():
            raise ValueError(
                f"{where}: {int(still.sum())} units have a blank text that the texts do not "
                f"have either (rows {_first_rows(still)})"
            )
    lab["text"] = lab["text"].fillna("").astype(str)
    return lab


def _read_labels(labels: str | Path | pd.DataFrame, column: str) -> tuple[pd.DataFrame, str]:
    """The labels table and how to name it in errors; ``column`` must be there.

    A file is read by :func:`framing.annotate._read_csv_file` (comma, semicolon or tab
    separated, with or without a byte-order mark); column names match ignoring case and
    surrounding spaces (``Tone``, `` frames ``).
    """
    if isinstance(labels, pd.DataFrame):
        lab, where = labels.copy(), "labels"
    else:
        where = str(labels)
        if not Path(labels).is_file():
            raise FileNotFoundError(f"labels file not found: {labels}")
        lab = _read_csv_file(labels)
    lab = lab.reset_index(drop=True)  # row i is line i + 2 of a file
    lab = _match_columns(lab, ["unit_id", "tone", "frames", "text", "coder"], where)
    missing = [c for c in ("unit_id", column) if c not in lab.columns]
    if missing:
        found = ", ".join(repr(str(c)) for c in lab.columns) or "none"
        raise ValueError(
            f"{where}: missing column(s) {missing}: columns found: {found}; expected: "
            f"unit_id, {column} (text, coder optional; names match ignoring case and "
            "surrounding spaces)"
        )
    return lab, where


def _first_coding(lab: pd.DataFrame, column: str, where: str) -> pd.DataFrame:
    """One row per unit, its first coding (first row); several codings are reported.

    A unit may be coded several times (coders of a reliability sample, a row pasted
    twice). The model trains on the first coding of each unit; a note on stderr gives how
    many units have several codings of ``column``, how many of them disagree, and the
    first of those with their rows, so that they can be adjudicated in the file.
    """
    repeated, differ = repeated_codings(lab["unit_id"], list(lab[column]))
    if not repeated:
        return lab
    ids = lab["unit_id"]

    def _rows(uid: str) -> str:
        return f"{uid} (rows {_first_rows(ids == uid, k=len(ids))})"

    shown = differ or repeated
    what = "tone" if column == "tone" else "frame"
    n, k = len(repeated), len(differ)
    print(
        f"framing train: {where}: {n} unit{'s' if n != 1 else ''} "
        f"{'have' if n != 1 else 'has'} several {what} codings, "
        + (f"{k} of them different: " if k else "the same each time: e.g. ")
        + f"{_some([_rows(u) for u in shown[:3]] + shown[3:], 3)}; training uses the first coding "
        "(row) of each unit: to train on adjudicated labels, keep one row per unit",
        file=sys.stderr,
    )
    return lab.drop_duplicates("unit_id", keep="first")


def read_training_data(
    labels: str | Path | pd.DataFrame,
    codebook: Codebook | str | Path | None = None,
    texts: Sequence[str | Path] | pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Labels joined to their texts, frame labels mapped to codebook keys.

    Parameters
    ----------
    labels : str, Path or DataFrame
        Labels CSV or table: ``unit_id``, ``frames`` and optionally ``text``.
    codebook : Codebook, str or Path, default=None
        The codebook the labels use.
    texts : sequence of paths or DataFrame, default=None
        Where texts come from when ``labels`` has none (see the module docstring).

    Returns
    -------
    pandas.DataFrame
        ``unit_id``, ``text``, ``frames`` (list of keys, primary first); one row per
        unit with at least one frame, in the order of the labels file. A unit with
        several codings gets its first one; a note on stderr says how many units have
        several and how many of them disagree.

    Raises
    ------
    ValueError
        On unknown frame labels (naming the row) or when texts cannot be found.
    """
    cb = resolve_codebook(codebook)
    lab, where = _read_labels(labels, "frames")
    frames = []
    for i, v in enumerate(lab["frames"]):
        try:
            frames.append(cb.parse_labels(v))
        except KeyError as exc:
            raise ValueError(f"{where}: row {i + 2}: {exc.args[0]}") from None
    lab = lab.assign(frames=frames, unit_id=lab["unit_id"].astype(str).str.strip())
    lab = _first_coding(lab[lab["frames"].map(bool)], "frames", where)
    if lab.empty:
        raise ValueError(f"{where}: no unit has a frame label")
    lab = _with_texts(lab, texts, where)
    return lab[["unit_id", "text", "frames"]].reset_index(drop=True)


def read_tone_labels(
    labels: str | Path | pd.DataFrame,
    texts: Sequence[str | Path] | pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Tone labels joined to their texts.

    Parameters
    ----------
    labels : str, Path or DataFrame
        Labels CSV or table: ``unit_id``, ``tone`` (negative, neutral or positive; blank
        for units coded for frames only) and optionally ``text``, as ``framing annotate
        import`` writes it.
    texts : sequence of paths or DataFrame, default=None
        Where texts come from when ``labels`` has none (see the module docstring).

    Returns
    -------
    pandas.DataFrame
        ``unit_id``, ``text``, ``tone``; one row per unit with a tone (its first coding;
        a note on stderr says how many units have several and how many of them
        disagree), in the order of the labels file.

    Raises
    ------
    ValueError
        On a tone other than the three labels (naming the row), or when texts cannot be
        found.
    """
    from .tone import TONE_LABELS

    lab, where = _read_labels(labels, "tone")
    # None/NaN (a frames-only unit of framing.annotate.import_labels) is a blank tone
    tone = lab["tone"].where(lab["tone"].notna(), "").astype(str).str.strip().str.lower()
    bad = ~tone.isin(TONE_LABELS) & (tone != "")
    if bad.any():
        i = int(np.flatnonzero(bad.to_numpy())[0])
        raise ValueError(
            f"{where}: row {i + 2}: tone {lab['tone'].iloc[i]!r} is not one of {TONE_LABELS}"
        )
    lab = lab.assign(tone=tone, unit_id=lab["unit_id"].astype(str).str.strip())
    lab = _first_coding(lab[lab["tone"] != ""], "tone", where)
    if lab.empty:
        raise ValueError(f"{where}: no unit has a tone label")
    lab = _with_texts(lab, texts, where)
    return lab[["unit_id", "text", "tone"]].reset_index(drop=True)


def _groups(unit_ids: pd.Series, group_by: str) -> np.ndarray:
    """Fold groups: one per unit, or per document (the unit id up to its last ``:``)."""
    if group_by == "doc":
        return unit_ids.str.rsplit(":", n=1).str[0].to_numpy()
    if group_by == "unit":
        return np.arange(len(unit_ids))
    raise ValueError(f"group_by must be 'unit' or 'doc', got {group_by!r}")


def frame_cv_metrics(classes: Sequence[str]) -> dict:
    """Metric functions for :func:`framing.evaluate.cross_validate` on ``frame_table``.

    Gold labels are ``;``-joined key strings (primary first); predictions are rows of
    :meth:`FrameClassifier.frame_table` (``frames`` in column 0, ``primary_frame`` in
    column 1).
    """
    from sklearn.metrics import f1_score
    from sklearn.preprocessing import MultiLabelBinarizer

    mlb = MultiLabelBinarizer(classes=list(classes)).fit([list(classes)])

    def _sets(yt: Any, out: Any) -> tuple[np.ndarray, np.ndarray]:
        gold = mlb.transform([str(s).split(";") for s in yt])
        pred = mlb.transform([list(r[0]) for r in out])
        return gold, pred

    def micro(yt: Any, out: Any) -> float:
        g, p = _sets(yt, out)
        return float(f1_score(g, p, average="micro", zero_division=0))

    def macro(yt: Any, out: Any) -> float:
        g, p = _sets(yt, out)
        present = g.sum(axis=0) > 0
        return float(f1_score(g[:, present], p[:, present], average="macro", zero_division=0))

    def primary(yt: Any, out: Any) -> float:
        return float(np.mean([str(s).split(";")[0] == r[1] for s, r in zip(yt, out, strict=True)]))

    return {"micro_f1": micro, "macro_f1": macro, "primary_accuracy": primary}


#: Names of the cross-validated figures in reports and progress lines.
_FIGURE_NAMES = {
    "micro_f1": "micro-F1",
    "macro_f1": "macro-F1",
    "primary_accuracy": "primary accuracy",
    "accuracy": "accuracy",
}


def _print_fold(rec: dict) -> None:
    figures = ", ".join(f"{n} {rec[k]:.3f}" for k, n in _FIGURE_NAMES.items() if k in rec)
    print(
        f"fold {rec['fold'] + 1}/{rec['n_splits']}: {figures} "
        f"({rec['n_test']} units scored, {rec['seconds']:.0f} s)",
        file=sys.stderr,
        flush=True,
    )


def _check_folds(groups: np.ndarray, cv: int) -> None:
    n_groups = len(np.unique(groups))
    if n_groups < cv:
        raise ValueError(f"{n_groups} groups cannot be split into {cv} folds")


def _frame_table(model: FrameClassifier, X: Any) -> pd.DataFrame:
    return model.frame_table(X, primary_probabilities=True)


def train_frame_model(
    labels: str | Path | pd.DataFrame,
    codebook: Codebook | str | Path | None = None,
    texts: Sequence[str | Path] | pd.DataFrame | None = None,
    *,
    estimator: FrameClassifier | None = None,
    cv: int = 5,
    group_by: str = "unit",
    random_state: int = 0,
    fit_final: bool = True,
    train_only: Sequence[str] | None = None,
    progress: bool = False,
) -> TrainResult:
    """Cross-validate a frame model on a codebook and labels, then fit it on all of them.

    Parameters
    ----------
    labels, codebook, texts
        As for :func:`read_training_data`.
    estimator : FrameClassifier, default=None
        Model to train (its ``codebook`` is replaced by ``codebook``); default
        ``FrameClassifier()`` with default settings.
    cv : int, default=5
        Number of folds (0 skips cross-validation).
    group_by : {"unit", "doc"}, default="unit"
        ``"doc"`` keeps all units of a document (unit id up to its last ``:``) in one
        fold, so that no article is seen in training and testing.
    random_state : int, default=0
        Seed of the fold assignment.
    fit_final : bool, default=True
        Fit the returned model on all units.
    train_only : sequence of str, default=None
        Unit ids that are in every fold's training data but never scored: units drawn on
        purpose rather than at random (say, a sample enriched for a rare frame), whose
        scores would not estimate accuracy on the population. The summary's
        ``n_scored`` counts the others.
    progress : bool, default=False
        Print a line per finished fold (its figures and wall time) to stderr, for runs
        that take minutes per fold (a fine-tuned primary encoder).

    Returns
    -------
    TrainResult
    """
    cb = resolve_codebook(codebook)
    data = read_training_data(labels, cb, texts)
    est = FrameClassifier() if estimator is None else estimator
    est = est.set_params(codebook=cb, random_state=random_state)
    groups = _groups(data["unit_id"], group_by)
    y = np.array([";".join(f) for f in data["frames"]], dtype=object)
    summary: dict[str, Any] = {
        "task": "frames",
        "codebook": cb.name,
        "n_units": len(data),
        "n_frames": len(cb),
        "cv": cv,
        "group_by": group_by,
    }
    per_frame = pd.DataFrame()
    predictions = pd.DataFrame()
    extra = data["unit_id"].isin(list(train_only or [])).to_numpy()
    summary["n_scored"] = int((~extra).sum())
    if cv:
        _check_folds(groups[~extra], cv)
        res = cross_validate(
            est,
            data[["text"]],
            pd.Series(y),
            n_splits=cv,
            groups=groups,
            method=_frame_table,
            metrics=frame_cv_metrics(cb.keys),
            random_state=random_state,
            train_only=extra,
            on_fold=_print_fold if progress else None,
        )
        summary.update({k: float(v) for k, v in res.summary.items()})
        summary.update({f"fold_mean_{k}": float(v) for k, v in res.mean().items()})
        scored = data[~extra]
        oof = res.oof[~extra]  # frame_table rows: frames, primary_frame, p_*, primary_p_*
        pred_frames = [list(r[0]) for r in oof]
        per_frame = classification_table(list(scored["frames"]), pred_frames, labels=cb.keys)
        predictions = pd.DataFrame(
            {
                "unit_id": scored["unit_id"],
                "frames": scored["frames"],
                "predicted": pred_frames,
                "primary": [f[0] for f in scored["frames"]],
                "predicted_primary": [r[1] for r in oof],
            }
        ).reset_index(drop=True)
        cols = [f"{p}_{k}" for p in ("p", "primary_p") for k in cb.keys]
        probs = pd.DataFrame(oof[:, 2:].astype(float), columns=cols)
        predictions = pd.concat([predictions, probs], axis=1)
    model = est.fit(data[["text"]], list(data["frames"])) if fit_final else None
    return TrainResult(model=model, summary=summary, per_frame=per_frame, predictions=predictions)


#: Fewer coded units of a tone than this: trained on, with a note that it is too few.
FEW_PER_TONE = 10


def _min_per_tone(calibration_cv: int, cv: int) -> int:
    """Fewest units of each tone for which ``ToneClassifier`` trains: every calibration
    fold's training part needs one unit of each tone, and with ``cv`` stratified folds so
    does every CV training fold (a test fold takes at most ``ceil(n / cv)`` of ``n``)."""
    need = 2 if calibration_cv and calibration_cv > 1 else 1
    if not cv or cv < 2:
        return need
    n = need
    while n - -(-n // cv) < need:
        n += 1
    return n


def _check_tone_counts(counts: pd.Series, est: Any, cv: int, where: str) -> None:
    """A ValueError naming the rarest tone when there are too few of it to train on."""
    calibration_cv = int(getattr(est, "calibration_cv", 0) or 0)
    need = _min_per_tone(calibration_cv, cv)
    rare = [t for t in counts.index if counts[t] < need]
    if rare:
        t = min(rare, key=lambda k: counts[k])
        n = int(counts[t])
        folds = f", {cv}-fold cross-validation" if cv else ""
        raise ValueError(
            f"{where}: tone labels: {t!r} has {n} unit{'s' if n != 1 else ''}; the model "
            f"needs at least {need} of each tone (calibration_cv={calibration_cv}{folds})"
        )
    few = [t for t in counts.index if counts[t] < FEW_PER_TONE]
    if few:
        listed = ", ".join(f"{t!r} {int(counts[t])}" for t in few)
        print(
            f"framing train: {where}: few units of a tone ({listed}; fewer than "
            f"{FEW_PER_TONE}): the model will seldom predict it and its figures are "
            "unstable; code more units of it",
            file=sys.stderr,
        )


def train_tone_model(
    labels: str | Path | pd.DataFrame,
    texts: Sequence[str | Path] | pd.DataFrame | None = None,
    *,
    estimator: Any = None,
    cv: int = 5,
    group_by: str = "unit",
    random_state: int = 0,
    fit_final: bool = True,
    progress: bool = False,
) -> TrainResult:
    """Cross-validate a tone model on your own tone labels, then fit it on all of them.

    The counterpart of :func:`train_frame_model` for the ``tone`` column of a labels file.

    Parameters
    ----------
    labels, texts
        As for :func:`read_tone_labels`.
    estimator : ToneClassifier, default=None
        Model to train; default ``ToneClassifier(random_state=random_state)``. Pass
        ``ToneClassifier(encoder=EncoderClassifier(...))`` for the optional encoder.
    cv, group_by, random_state, fit_final, progress
        As for :func:`train_frame_model`; with ``group_by="unit"`` the folds are also
        stratified by tone.

    Returns
    -------
    TrainResult
        ``summary`` holds ``n_units``, ``cv``, ``group_by``, the pooled out-of-fold
        ``macro_f1``, ``accuracy`` and ``alpha`` (Krippendorff's alpha of the predictions
        against the gold labels) and ``label_counts``; ``per_frame`` holds the per-class
        precision, recall and F1; ``predictions`` holds ``unit_id``, ``tone`` (gold),
        ``predicted`` and ``p_negative``, ``p_neutral``, ``p_positive``.
    """
    from .evaluate import alpha_vs_gold, macro_f1
    from .tone import TONE_LABELS, ToneClassifier, _TooFewTones

    where = "labels" if isinstance(labels, pd.DataFrame) else str(labels)
    data = read_tone_labels(labels, texts)
    est = ToneClassifier(random_state=random_state) if estimator is None else estimator
    groups = _groups(data["unit_id"], group_by)
    counts = data["tone"].value_counts()
    missing = [t for t in TONE_LABELS if t not in counts.index]
    if missing:
        raise ValueError(
            f"{where}: the tone labels have no {missing} unit: a tone model needs all three"
        )
    _check_tone_counts(counts, est, cv, where)
    summary: dict[str, Any] = {
        "task": "tone",
        "n_units": len(data),
        "label_counts": {t: int(counts[t]) for t in TONE_LABELS},
        "cv": cv,
        "group_by": group_by,
    }
    per_class = pd.DataFrame()
    predictions = pd.DataFrame()
    if cv:
        _check_folds(groups, cv)
        labels_ = np.array(TONE_LABELS, dtype=object)

        def _acc(yt: Any, p: Any) -> float:
            return float(np.mean(labels_[np.argmax(p, axis=1)] == np.asarray(yt)))

        def _f1(yt: Any, p: Any) -> float:
            return macro_f1(list(yt), list(labels_[np.argmax(p, axis=1)]), labels=TONE_LABELS)

        try:
            res = cross_validate(
                est,
                data[["text"]],
                data["tone"],
                n_splits=cv,
                # by unit: folds stratified by tone, so that every training fold has
                # enough units of each tone (_check_tone_counts)
                groups=groups if group_by == "doc" else None,
                method="predict_proba",
                metrics={"macro_f1": _f1, "accuracy": _acc},
                random_state=random_state,
                on_fold=_print_fold if progress else None,
            )
        except _TooFewTones as exc:  # documents are not stratified: a fold can lack a tone
            raise ValueError(
                f"{where}: a training fold of the {cv}-fold split grouped by document: {exc}; "
                "use fewer folds (--cv) or more units of that tone"
            ) from None
        P = res.oof.astype(float)
        predicted = labels_[np.argmax(P, axis=1)]
        summary.update({k: float(v) for k, v in res.summary.items()})
        summary["alpha"] = float(alpha_vs_gold(list(data["tone"]), list(predicted)))
        summary.update({f"fold_mean_{k}": float(v) for k, v in res.mean().items()})
        per_class = classification_table(list(data["tone"]), list(predicted), labels=TONE_LABELS)
        predictions = pd.DataFrame(
            {"unit_id": data["unit_id"], "tone": data["tone"], "predicted": predicted}
        )
        probs = pd.DataFrame(P, columns=[f"p_{t}" for t in TONE_LABELS])
        predictions = pd.concat([predictions.reset_index(drop=True), probs], axis=1)
    model = est.fit(data[["text"]], data["tone"]) if fit_final else None
    return TrainResult(model=model, summary=summary, per_frame=per_class, predictions=predictions)


def format_report(result: TrainResult) -> str:
    """A printable report of a :class:`TrainResult`."""
    s = result.summary
    tone = s.get("task") == "tone"
    if tone:
        counts = ", ".join(f"{n} {t}" for t, n in s["label_counts"].items())
        lines = [f"tone: {s['n_units']} labelled units ({counts})"]
    else:
        lines = [f"codebook {s['codebook']}: {s['n_frames']} frames, {s['n_units']} labelled units"]
    if not s.get("cv"):
        return "\n".join(lines)
    lines.append(
        f"{s['cv']}-fold cross-validation (grouped by {s['group_by']}), pooled out-of-fold:"
    )
    if s.get("n_scored", s["n_units"]) < s["n_units"]:
        lines.append(
            f"  (scored on {s['n_scored']} units; the other "
            f"{s['n_units'] - s['n_scored']} are train-only and in every training fold)"
        )
    figures = (
        [("macro_f1", ""), ("accuracy", "")]
        if tone
        else [("micro_f1", ""), ("macro_f1", "  (frames present in the labels)"),
              ("primary_accuracy", "")]
    )  # fmt: skip
    for k, note in figures:
        lines.append(f"  {_FIGURE_NAMES[k]:<18}{s[k]:.3f}{note}")
    if tone:
        lines.append(f"  {'alpha vs gold':<18}{s['alpha']:.3f}  (Krippendorff, nominal)")
    with pd.option_context("display.width", 120, "display.float_format", "{:.3f}".format):
        lines.append(result.per_frame.to_string())
    pf = result.per_frame.drop(index="macro avg", errors="ignore")
    absent = int((pf["support"] == 0).sum()) if not tone and "support" in pf else 0
    if absent:
        lines.append(
            f"(the table's macro avg counts the {absent} frame(s) absent from the labels as "
            f"F1 0; the macro-F1 above is over the {len(pf) - absent} frames present)"
        )
    return "\n".join(lines)


def _cmd_train(args: argparse.Namespace) -> int:
    if args.predictions and not args.cv:
        raise ValueError("--predictions writes out-of-fold predictions: it needs --cv 2 or more")
    if args.tone:
        frame_only = {
            "--codebook": args.codebook,
            "--stem": args.stem,
            "--primary encoder": args.primary == "encoder",
        }
        given = [k for k, v in frame_only.items() if v]
        if given:
            raise ValueError(f"{', '.join(given)}: for frame models, not with --tone")
        from .tone import ToneClassifier

        c = {} if args.C is None else {"C": args.C}
        encoder = _encoder_from_args(args, "tone")
        result = train_tone_model(
            args.labels,
            args.texts or None,
            estimator=ToneClassifier(random_state=args.seed, encoder=encoder, **c),
            cv=args.cv,
            group_by=args.group_by,
            random_state=args.seed,
            fit_final=bool(args.out),
            progress=True,
        )
        return _report_and_save(result, args)
    if not args.codebook:
        raise ValueError("--codebook is needed to train a frame model (or --tone for tone)")
    features = default_frame_features(args.codebook, stem=True) if args.stem else None
    primary = _encoder_from_args(args, "frames")
    c = {} if args.C is None else {"C": args.C}
    est = FrameClassifier(features=features, primary_estimator=primary, **c)
    result = train_frame_model(
        args.labels,
        args.codebook,
        args.texts or None,
        estimator=est,
        cv=args.cv,
        group_by=args.group_by,
        random_state=args.seed,
        fit_final=bool(args.out),
        progress=True,
    )
    return _report_and_save(result, args)


#: Fine-tuning settings of ``--encoder`` per task, unless given: frame units as short as
#: GVFC's headlines, tone units as long as codebook paragraphs (the settings of the tone
#: model card's codebook figures).
_ENCODER_DEFAULTS = {
    "frames": {"epochs": 6, "max_length": 64},
    "tone": {"epochs": 3, "max_length": 128},
}


def _encoder_from_args(args: argparse.Namespace, task: str) -> Any:
    """The fine-tuned encoder that ``--encoder`` (``--primary encoder``) asks for: one
    ``EncoderClassifier``, a soft vote of ``--encoder-seeds`` of them, or None."""
    options = {
        "--encoder-epochs": args.encoder_epochs,
        "--encoder-lr": args.encoder_lr,
        "--encoder-max-length": args.encoder_max_length,
        "--encoder-model": args.encoder_model,
        "--encoder-seeds": args.encoder_seeds,
    }
    if not (args.encoder or args.primary == "encoder"):
        given = [k for k, v in options.items() if v is not None]
        if given:
            raise ValueError(f"{', '.join(given)}: only with --encoder")
        return None
    from .encoder import EncoderClassifier, encoder_path

    if args.encoder_seeds is not None and args.encoder_seeds < 1:
        raise ValueError(f"--encoder-seeds must be 1 or more, got {args.encoder_seeds}")
    if args.encoder_model is not None:
        encoder_path(args.encoder_model)  # a missing directory fails now, not in fold 1
    settings = dict(_ENCODER_DEFAULTS[task])
    for key, value in (
        ("epochs", args.encoder_epochs),
        ("max_length", args.encoder_max_length),
        ("learning_rate", args.encoder_lr),
    ):
        if value is not None:
            settings[key] = value
    seeds = [args.seed + i for i in range(args.encoder_seeds or 1)]
    encoders = [
        EncoderClassifier(model=args.encoder_model, random_state=s, **settings) for s in seeds
    ]
    if len(encoders) == 1:
        return encoders[0]
    from sklearn.ensemble import VotingClassifier  # soft vote: mean of the seeds' probabilities

    return VotingClassifier(
        [(f"seed{s}", e) for s, e in zip(seeds, encoders, strict=True)], voting="soft"
    )


def _report_and_save(result: TrainResult, args: argparse.Namespace) -> int:
    print(format_report(result))
    if args.report:
        Path(args.report).write_text(json.dumps(result.summary, indent=2) + "\n", "utf-8")
    if args.predictions:
        pred = result.predictions.copy()
        if "frames" in pred.columns:
            for c in ("frames", "predicted"):
                pred[c] = pred[c].str.join(";")
        pred.to_csv(args.predictions, index=False, float_format="%.4f")
        print(f"out-of-fold predictions written to {args.predictions}")
    if args.out:
        dump_model(result.model, args.out)
        print(f"model written to {args.out}")
    return 0


def register(subparsers: Any) -> None:
    """Add ``framing train``."""
    p = subparsers.add_parser(
        "train",
        help="train and cross-validate a frame model on your codebook and labels "
        "(or, with --tone, a tone model on your tone labels)",
    )
    p.add_argument("--codebook", help="codebook file (YAML/TOML) or built-in name")
    p.add_argument(
        "--tone",
        action="store_true",
        help="train a tone model on the labels' tone column instead of a frame model",
    )
    p.add_argument(
        "--labels",
        required=True,
        help="labels CSV: unit_id, frames or tone[, text] (comma, semicolon or tab "
        "separated); a unit coded several times is trained on its first row, with a note",
    )
    p.add_argument(
        "--texts", nargs="*", default=[], help="texts: unit_id/text table or corpus inputs"
    )
    p.add_argument("--out", default=None, help="save the model fitted on all labels (.skops)")
    p.add_argument("--cv", type=int, default=5, help="cross-validation folds (0: none)")
    p.add_argument(
        "--group-by",
        choices=["unit", "doc"],
        default="unit",
        help="fold by unit (tone folds stratified by tone) or keep each document in one fold",
    )
    p.add_argument(
        "--C",
        type=float,
        default=None,
        help=f"inverse regularisation strength: of the frame SVMs (default {FrameClassifier().C}) "
        "or, with --tone, of the tone model's logistic regression (default ToneClassifier's)",
    )
    p.add_argument(
        "--stem",
        action="store_true",
        help="stemmed word n-grams (English Snowball stemmer): helps small sets of short texts",
    )
    p.add_argument(
        "--encoder",
        action="store_true",
        help='fine-tune a sentence encoder (needs pip install "framing[encoder]"; minutes '
        "of CPU per fold): with --tone, mixed with the linear tone model; for frames, the "
        "primary-frame model (the same as --primary encoder)",
    )
    p.add_argument(
        "--primary",
        choices=["svm", "encoder"],
        default="svm",
        help="primary-frame model: linear SVM (default) or a fine-tuned sentence encoder "
        "(--encoder)",
    )
    p.add_argument(
        "--encoder-epochs",
        type=int,
        default=None,
        help="fine-tuning epochs with --encoder (default: 6 for frames, 3 with --tone)",
    )
    p.add_argument(
        "--encoder-max-length",
        type=int,
        default=None,
        help="word pieces per unit the encoder reads (default: 64 for frames, 128 with --tone)",
    )
    p.add_argument(
        "--encoder-lr",
        type=float,
        default=None,
        help="peak fine-tuning learning rate with --encoder (default: EncoderClassifier's, "
        "1e-4, set for the bundled encoder; larger encoders want less)",
    )
    p.add_argument(
        "--encoder-model",
        default=None,
        metavar="DIR",
        help="with --encoder: a local Hugging Face encoder directory to fine-tune instead of "
        "the bundled all-MiniLM-L6-v2 (nothing is downloaded), for instance one fine-tuned "
        "before and written by EncoderClassifier.save_encoder",
    )
    p.add_argument(
        "--encoder-seeds",
        type=int,
        default=None,
        help="with --encoder: average this many encoders fine-tuned from different seeds "
        "(--seed, --seed + 1, ...); each costs as much as one",
    )
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--report", default=None, help="write the CV figures as JSON")
    p.add_argument(
        "--predictions",
        default=None,
        metavar="CSV",
        help="write the out-of-fold predictions of every scored unit (gold and predicted "
        "frames, primary frames, per-frame and primary-frame probabilities), to read the "
        "model's errors or mix the probabilities of several runs",
    )
    p.set_defaults(func=_cmd_train)
