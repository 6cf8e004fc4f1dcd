"""Reader for NewsMTSC (Hamborg & Donnay, EACL 2021; MIT licence).

Sentences from US political news, each with one or more target mentions (a person) and
the sentiment of the sentence towards that target. One row per target mention.

Columns of the returned frame:

``sentence_id`` (str)
    ``primary_gid`` of the sentence.
``target_id`` (str)
    ``Input.gid`` of the target mention.
``text`` (str)
    The sentence (``sentence_normalized``).
``target_start``, ``target_end`` (int)
    Character span of the mention in ``text`` (``to`` is exclusive: ``text[start:end]``
    equals ``mention``).
``mention`` (str)
    The mention's surface text.
``polarity`` (float)
    The source label: 2.0 negative, 4.0 neutral, 6.0 positive.
``tone`` (str)
    ``"negative"``, ``"neutral"`` or ``"positive"``.
``n_targets`` (int)
    Number of target mentions in the sentence.
"""

from __future__ import annotations

import json

import pandas as pd

from . import require_dataset

__all__ = ["read_newsmtsc", "NEWSMTSC_SPLITS"]

#: Split name -> file name. ``devtest_*`` of the source are shipped here as ``dev_*``.
NEWSMTSC_SPLITS = {"train": "train.jsonl", "dev_mt": "dev_mt.jsonl", "dev_rw": "dev_rw.jsonl"}

# Label encoding documented in the dataset's readme.md.
_POLARITY = {2.0: "negative", 4.0: "neutral", 6.0: "positive"}

_COLUMNS = [
    "sentence_id",
    "target_id",
    "text",
    "target_start",
    "target_end",
    "mention",
    "polarity",
    "tone",
    "n_targets",
]


def read_newsmtsc(split: str = "train") -> pd.DataFrame:
    """Read one NewsMTSC split, one row per target mention.

    Parameters
    ----------
    split : {"train", "dev_mt", "dev_rw"}, default="train"
        ``dev_rw`` is the "real-world" set, ``dev_mt`` holds sentences with at least two
        targets.

    Returns
    -------
    pandas.DataFrame
        Columns as described in the module docstring.

    Raises
    ------
    ValueError
        If ``split`` is unknown or a mention's span does not match its text.
    framing.datasets.DataNotFound
        If the dataset folder is missing.
    """
    if split not in NEWSMTSC_SPLITS:
        raise ValueError(
            f"unknown NewsMTSC split {split!r}; expected one of {list(NEWSMTSC_SPLITS)}"
        )
    path = require_dataset("newsmtsc") / NEWSMTSC_SPLITS[split]
    rows = []
    with path.open(encoding="utf-8") as fh:
        for lineno, line in enumerate(fh, 1):
            if not line.strip():
                continue
            rec = json.loads(line)
            text = rec["sentence_normalized"]
            targets = rec.get("targets", [])
            for t in targets:
                start, end = int(t["from"]), int(t["to"])
                if text[start:end] != t["mention"]:
                    raise ValueError(
                        f"{path.name}:{lineno}: span {start}:{end} is {text[start:end]!r}, "
                        f"expected mention {t['mention']!r}"
                    )
                pol = float(t["polarity"])
                if pol not in _POLARITY:
                    raise ValueError(f"{path.name}:{lineno}: unknown polarity {pol}")
                rows.append(
                    (
                        rec["primary_gid"],
                        t["Input.gid"],
                        text,
                        start,
                        end,
                        t["mention"],
                        pol,
                        _POLARITY[pol],
                        len(targets),
                    )
                )
    return pd.DataFrame(rows, columns=_COLUMNS)
