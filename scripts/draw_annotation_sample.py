"""Draw the stratified sample of news paragraphs that the team codes for tone and frames.

Writes ``corpus/annotations/sample_units.csv`` (unit ids, batch, double-coding flag; no
texts) and, for the coders, one TSV per batch with the texts to a directory outside the
repository (texts stay in ../shared/data). Deterministic: fixed seed.

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
REPO = Path(__file__).resolve().parents[1]


def draw() -> pd.DataFrame:
    rng = np.random.default_rng(SEED)
    parts = []
    for name, reader in (
        ("polnear", polnear_units),
        ("basil", basil_units),
        ("ukraine", ukraine_units),
    ):
        units = reader()
        n_chars = units["text"].str.len()
        units = units[(n_chars >= 60) & (n_chars <= 1200)]
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
