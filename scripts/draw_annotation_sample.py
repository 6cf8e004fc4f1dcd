"""Draw the stratified sample of news paragraphs that the team codes for tone and frames.

Writes ``corpus/annotations/sample_units.csv`` (unit ids, batch, double-coding flag; no
texts) and, for the coders, one TSV per batch with the texts to a directory outside the
repository (texts stay in ../shared/data). Deterministic: fixed seeds.

Round 1 (batches 1-3) is the original sample. Round 2 (batches 4-7) adds paragraphs from
articles and paragraphs round 1 did not draw, so the corpus passes 1,500 units from the
public datasets (Ukraine News Bias has no eligible units left after round 1). Round 1 is
drawn exactly as before, so its ids do not move.

    python scripts/draw_annotation_sample.py --texts-out /tmp/annot
"""

from __future__ import annotations

import argparse
from pathlib import Path

import numpy as np
import pandas as pd

from framing.datasets.units import basil_units, polnear_units, ukraine_units

SEED = 20261128
QUOTA = {"polnear": 800, "basil": 450, "ukraine": 250}
N_BATCHES = 3
N_DOUBLE = 150
ROUND2_SEED = 20261129
ROUND2_QUOTA = {"polnear": 300, "basil": 180}
ROUND2_BATCHES = (4, 5, 6, 7)
REPO = Path(__file__).resolve().parents[1]


def _eligible(reader) -> pd.DataFrame:
    units = reader()
    n_chars = units["text"].str.len()
    return units[(n_chars >= 60) & (n_chars <= 1200)]


def draw() -> pd.DataFrame:
    """Both rounds: round 1 as originally drawn, then round 2."""
    first = draw_round1()
    return pd.concat([first, draw_round2(first)], ignore_index=True)


def draw_round2(first: pd.DataFrame) -> pd.DataFrame:
    """Units round 1 left out; at most two per article, unseen articles first."""
    rng = np.random.default_rng(ROUND2_SEED)
    readers = {"polnear": polnear_units, "basil": basil_units}
    parts = []
    for name, quota in ROUND2_QUOTA.items():
        units = _eligible(readers[name])
        units = units[~units["unit_id"].isin(first["unit_id"])]
        units = units.sample(frac=1.0, random_state=int(rng.integers(1 << 31)))
        units = units.groupby("doc", sort=False).head(2)
        seen = units["doc"].isin(first["doc"])
        units = pd.concat([units[~seen], units[seen]])
        parts.append(units.head(quota))
    sample = pd.concat(parts, ignore_index=True)
    sample = sample.sample(frac=1.0, random_state=ROUND2_SEED).reset_index(drop=True)
    sample["batch"] = np.asarray(ROUND2_BATCHES)[np.arange(len(sample)) % len(ROUND2_BATCHES)]
    sample["double_coded"] = False
    return sample


def draw_round1() -> pd.DataFrame:
    rng = np.random.default_rng(SEED)
    parts = []
    for name, reader in (
        ("polnear", polnear_units),
        ("basil", basil_units),
        ("ukraine", ukraine_units),
    ):
        units = _eligible(reader)
        # at most three units per document so that topics and outlets vary
        units = units.sample(frac=1.0, random_state=int(rng.integers(1 << 31)))
        units = units.groupby("doc", sort=False).head(3)
        parts.append(units.head(QUOTA[name]))
    sample = pd.concat(parts, ignore_index=True)
    sample = sample.sample(frac=1.0, random_state=SEED).reset_index(drop=True)
    sample["batch"] = np.arange(len(sample)) % N_BATCHES + 1
    double = rng.choice(len(sample), size=N_DOUBLE, replace=False)
    sample["double_coded"] = False
    sample.loc[double, "double_coded"] = True
    return sample


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--texts-out", type=Path, required=True)
    args = ap.parse_args()
    sample = draw()
    out = REPO / "corpus" / "annotations"
    out.mkdir(parents=True, exist_ok=True)
    sample[["unit_id", "dataset", "batch", "double_coded"]].to_csv(
        out / "sample_units.csv", index=False
    )
    args.texts_out.mkdir(parents=True, exist_ok=True)
    for b, part in sample.groupby("batch"):
        part[["unit_id", "text"]].to_csv(args.texts_out / f"batch_{b}.tsv", sep="\t", index=False)
    sample[sample["double_coded"]][["unit_id", "text"]].to_csv(
        args.texts_out / "double.tsv", sep="\t", index=False
    )
    print(sample.groupby(["dataset", "batch"]).size().unstack())


if __name__ == "__main__":
    main()
