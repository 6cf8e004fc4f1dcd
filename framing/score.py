"""Score texts with the shipped models: one row per text.

Examples
--------
>>> from framing import score_texts
>>> df = score_texts(["The ceasefire collapsed and fighting killed dozens.",
...                   "The summit will take place in Vienna on March 4."])
>>> df["tone"].tolist()
['negative', 'neutral']
>>> list(df.columns[:5])
['tone', 'tone_score', 'p_negative', 'p_neutral', 'p_positive']
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import pandas as pd

__all__ = ["score_texts"]


def score_texts(
    texts: Any,
    targets: Sequence | None = None,
    *,
    tone_model: Any = None,
    frame_model: Any = None,
    frames: bool = True,
) -> pd.DataFrame:
    """Tone of each text (or towards a target in it) and its frames, with the shipped models.

    Parameters
    ----------
    texts : sequence of str, pandas.Series or pandas.DataFrame
        The texts; a DataFrame needs a ``text`` column (a corpus's ``paragraphs`` table
        works as is).
    targets : sequence of (int, int) or None, default=None
        For each text, the ``(start, end)`` character span of a target mention, or None
        for the text's own tone. A row with a span gives the tone towards that target.
    tone_model : ToneClassifier, default=None
        Model to use instead of the shipped one (e.g. one retrained on your own labels).
    frame_model : FrameClassifier, default=None
        Frame model to use instead of the shipped one (e.g. one trained with
        ``framing train`` on your own codebook).
    frames : bool, default=True
        Add the frame columns; False returns the tone columns only.

    Returns
    -------
    pandas.DataFrame
        One row per text, same index as a pandas input (else 0..n-1), with columns
        ``tone`` (categorical: negative, neutral, positive), ``tone_score``
        (``p_positive - p_negative``, in [-1, 1]), ``p_negative``, ``p_neutral``,
        ``p_positive``; then (unless ``frames=False``) ``frames`` (list of frame keys,
        primary first), ``primary_frame`` and ``p_<frame>`` for every frame of the frame
        model's codebook. Frames are always those of the whole text, also when a target
        is given. A missing or blank text (None, NaN, whitespace) keeps its row with
        missing scores: ``tone`` and the probabilities NaN, ``frames`` ``[]`` and
        ``primary_frame`` None. An empty input gives an empty table with these columns.
    """
    from .tone import load_tone_model

    model = tone_model if tone_model is not None else load_tone_model()
    index = texts.index if isinstance(texts, (pd.Series, pd.DataFrame)) else None
    if isinstance(texts, pd.Series):
        texts = texts.tolist()
    if isinstance(texts, (str, bytes)):
        raise TypeError("texts must be a sequence of texts, not a single string")
    raw = texts["text"].tolist() if isinstance(texts, pd.DataFrame) else list(texts)
    if targets is not None and len(targets) != len(raw):
        raise ValueError(f"targets has {len(targets)} entries but there are {len(raw)} texts")
    keep = [i for i, t in enumerate(raw) if not _blank(t)]
    # Score the texts that have words; a placeholder row when none has keeps the columns.
    if isinstance(texts, pd.DataFrame):
        some = texts.iloc[keep] if keep else pd.DataFrame({"text": [""]})
    else:
        some = [raw[i] for i in keep] if keep else [""]
    some_targets = [targets[i] for i in keep] if targets is not None and keep else None
    out = model.predict_frame(some, some_targets).reset_index(drop=True)
    if frames:
        from .frames import load_frame_model

        fmodel = frame_model if frame_model is not None else load_frame_model()
        table = fmodel.frame_table(some)
        clash = sorted(set(out.columns) & set(table.columns))
        if clash:
            raise ValueError(f"frame model columns {clash} clash with the tone columns")
        out = pd.concat([out, table], axis=1)
    out.index = keep if keep else [-1]
    out = out.reindex(range(len(raw)))
    if frames:
        out["frames"] = [f if isinstance(f, list) else [] for f in out["frames"]]
        out["primary_frame"] = out["primary_frame"].astype(object).where(out.index.isin(keep), None)
    if index is not None:
        out.index = index
    return out


def _blank(text: Any) -> bool:
    """A missing text: None, NaN, pd.NA or only whitespace."""
    if isinstance(text, str):
        return not text.strip()
    return bool(pd.api.types.is_scalar(text) and pd.isna(text))


def _cmd_score(args) -> int:
    from ._io import write_table
    from .cli import corpus_from_args, models_from_args

    tone_model, frame_model = models_from_args(args)
    corpus = corpus_from_args(args)
    paras = corpus.paragraphs
    keys = paras[["doc_id", "para_id"]].reset_index(drop=True)
    if len(paras):
        scores = score_texts(
            paras["text"].tolist(),
            tone_model=tone_model,
            frame_model=frame_model,
            frames=not args.no_frames,
        )
        table = pd.concat([keys, scores.reset_index(drop=True)], axis=1)
    else:
        table = keys
    write_table(table, args.format)
    return 0 if len(corpus.documents) or not len(corpus.report) else 1


def register(subparsers) -> None:
    """Add the ``framing score INPUT... --format jsonl|csv`` subcommand."""
    from .cli import add_input_args, add_model_args

    p = subparsers.add_parser("score", help="tone (and frames) of every paragraph of a corpus")
    add_input_args(p)
    p.add_argument("--format", choices=["jsonl", "csv"], default="jsonl")
    p.add_argument("--no-frames", action="store_true", help="tone columns only")
    add_model_args(p)
    p.set_defaults(func=_cmd_score)
