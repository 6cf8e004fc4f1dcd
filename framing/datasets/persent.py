"""Reader for PerSenT (Bastan et al., COLING 2020; CC BY 4.0).

News articles with the author's sentiment towards the article's main person
(``TARGET_ENTITY``), per document and per paragraph. Paragraphs are the newline-separated
parts of ``DOCUMENT`` and line up with the label columns ``Paragraph0`` ... ``Paragraph15``.

:func:`read_persent` returns one row per labelled paragraph:

``doc_id`` (str)
    ``"persent:<split>:<DOCUMENT_INDEX>"``.
``para_id`` (int)
    0-based paragraph position.
``text`` (str)
    The paragraph, whitespace-stripped.
``target`` (str)
    The main person of the article.
``tone`` (str)
    ``"negative"``, ``"neutral"`` or ``"positive"``.
``doc_tone`` (str)
    The document-level label.

:func:`read_persent_documents` returns one row per document: ``doc_id``, ``title``,
``target``, ``text``, ``tone``.
"""

from __future__ import annotations

import pandas as pd

from . import require_dataset

__all__ = ["read_persent", "read_persent_documents", "persent_splits"]

_TONE = {"Negative": "negative", "Neutral": "neutral", "Positive": "positive"}
_N_PARAGRAPH_COLUMNS = 16


def persent_splits() -> list[str]:
    """Names of the splits present in the data directory (e.g. ``["dev", "random_test"]``)."""
    root = require_dataset("persent")
    return sorted(p.stem for p in root.glob("*.csv"))


def _read(split: str) -> pd.DataFrame:
    root = require_dataset("persent")
    path = root / f"{split}.csv"
    if not path.is_file():
        raise ValueError(f"unknown PerSenT split {split!r}; present: {persent_splits()}")
    return pd.read_csv(path, dtype={"DOCUMENT_INDEX": str})


def read_persent_documents(split: str = "dev") -> pd.DataFrame:
    """Read one PerSenT split, one row per document (see module docstring)."""
    df = _read(split)
    return pd.DataFrame(
        {
            "doc_id": "persent:" + split + ":" + df["DOCUMENT_INDEX"].astype(str),
            "title": df["TITLE"].fillna("").astype(str),
            "target": df["TARGET_ENTITY"].fillna("").astype(str),
            "text": df["DOCUMENT"].fillna("").astype(str),
            "tone": df["TRUE_SENTIMENT"].map(_TONE),
        }
    )


def read_persent(split: str = "dev") -> pd.DataFrame:
    """Read the labelled paragraphs of one PerSenT split.

    Parameters
    ----------
    split : str, default="dev"
        A CSV file stem in the ``persent`` folder (``dev``, ``random_test``, ...).

    Returns
    -------
    pandas.DataFrame
        Columns ``doc_id``, ``para_id``, ``text``, ``target``, ``tone``, ``doc_tone``.
        Paragraphs without a label (or whose text is empty) are left out; a document
        whose paragraph count does not match its label columns keeps only the positions
        that have both a text and a label.
    """
    df = _read(split)
    rows = []
    for rec in df.itertuples(index=False):
        rec = rec._asdict()
        doc_text = rec["DOCUMENT"] if isinstance(rec["DOCUMENT"], str) else ""
        paras = doc_text.split("\n")
        doc_id = f"persent:{split}:{rec['DOCUMENT_INDEX']}"
        for i in range(min(len(paras), _N_PARAGRAPH_COLUMNS)):
            label = rec.get(f"Paragraph{i}")
            text = paras[i].strip()
            if not isinstance(label, str) or label not in _TONE or not text:
                continue
            rows.append(
                (
                    doc_id,
                    i,
                    text,
                    str(rec["TARGET_ENTITY"]),
                    _TONE[label],
                    _TONE.get(rec["TRUE_SENTIMENT"]),
                )
            )
    return pd.DataFrame(rows, columns=["doc_id", "para_id", "text", "target", "tone", "doc_tone"])
