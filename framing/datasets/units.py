"""Stable ids for annotatable news paragraphs drawn from the shared datasets.

A unit id names its dataset, its document and its position, e.g.
``polnear:train/breitbart_2016-09-12_stealth-over-health-hillary-clin_ef2d:3``,
``basil:2010/2b95d2cf-e979-4f9c-ae27-9a5370934f23_1:0`` or
``ukraine:article_1:sent_15``. Labels in ``corpus/annotations`` store only these ids;
:func:`paragraph_units` recovers the texts from the data directory.

Columns of the returned frame: ``unit_id``, ``dataset``, ``doc``, ``position`` (0-based
index of the unit inside its document), ``text``.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from pathlib import Path

import pandas as pd

from . import data_dir, require_dataset

__all__ = ["paragraph_units", "polnear_units", "basil_units", "ukraine_units", "seed_units"]

_BLANK = re.compile(r"\n\s*\n")


def _blocks(text: str) -> list[str]:
    return [b.strip() for b in _BLANK.split(text) if b.strip()]


def polnear_units(splits: Iterable[str] = ("train",)) -> pd.DataFrame:
    """Paragraphs (blank-line separated blocks) of PolNeAR article texts."""
    root = require_dataset("polnear")
    rows = []
    for split in splits:
        for f in sorted((root / split / "text").glob("*.txt")):
            text = f.read_text(encoding="utf-8")
            for i, block in enumerate(_blocks(text)):
                rows.append(
                    (f"polnear:{split}/{f.stem}:{i}", "polnear", f"{split}/{f.stem}", i, block)
                )
    return pd.DataFrame(rows, columns=["unit_id", "dataset", "doc", "position", "text"])


def basil_units() -> pd.DataFrame:
    """Body paragraphs of BASIL articles (sentences of a paragraph joined by a space)."""
    root = require_dataset("basil")
    rows = []
    for f in sorted((root / "articles").glob("*/*.json")):
        art = json.loads(f.read_text(encoding="utf-8"))
        doc = f"{f.parent.name}/{f.stem}"
        for i, para in enumerate(art.get("body-paragraphs", [])):
            text = " ".join(s.strip() for s in para if s.strip())
            if text:
                rows.append((f"basil:{doc}:{i}", "basil", doc, i, text))
    return pd.DataFrame(rows, columns=["unit_id", "dataset", "doc", "position", "text"])


def ukraine_units() -> pd.DataFrame:
    """Sentences of the Ukraine News Bias articles (the source has no paragraphs)."""
    root = require_dataset("ukraine_news_bias")
    rows = []
    for f in sorted((root / "articles").glob("*.json")):
        art = json.loads(f.read_text(encoding="utf-8"))
        sents = sorted(art.get("sentences", []), key=lambda s: s.get("position_in_article", 0))
        for s in sents:
            text = (s.get("content") or "").strip()
            if text:
                pos = int(s.get("position_in_article", 0))
                rows.append((f"ukraine:{art['id']}:{s['id']}", "ukraine", art["id"], pos, text))
    return pd.DataFrame(rows, columns=["unit_id", "dataset", "doc", "position", "text"])


def seed_units(seed_dir: Path | None = None) -> pd.DataFrame:
    """Body paragraphs of the seed article(s), through the package's own loader."""
    from ..corpus import load_corpus

    seed_dir = seed_dir or data_dir().parent / "seed"
    corpus = load_corpus(sorted(Path(seed_dir).glob("*.txt")))
    p = corpus.paragraphs
    return pd.DataFrame(
        {
            "unit_id": "seed:" + p["doc_id"] + ":" + p["para_id"].astype(str),
            "dataset": "seed",
            "doc": p["doc_id"],
            "position": p["para_id"],
            "text": p["text"],
        }
    )


def paragraph_units(datasets: Iterable[str] = ("polnear", "basil", "ukraine")) -> pd.DataFrame:
    """All annotatable units of the named datasets, concatenated."""
    readers = {
        "polnear": polnear_units,
        "basil": basil_units,
        "ukraine": ukraine_units,
        "seed": seed_units,
    }
    frames = [readers[d]() for d in datasets]
    return pd.concat(frames, ignore_index=True)
