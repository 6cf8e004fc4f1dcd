"""Draw the stratified sample of news paragraphs that the team codes for tone and frames.

Writes ``corpus/annotations/sample_units.csv`` (unit ids, batch, double-coding flag; no
texts) and, for the coders, one TSV per batch with the texts to a directory outside the
repository (texts stay in ../shared/data). Deterministic: fixed seeds.

Round 1 (batches 1-3) is the original sample. Round 2 (batches 4-7) adds paragraphs from
articles and paragraphs round 1 did not draw, so the corpus passes 1,500 units from the
public datasets (Ukraine News Bias has no eligible units left after round 1). Round 1 is
drawn exactly as before, so its ids do not move.

Round 3 (batches 8-11) is drawn on purpose to over-represent positive paragraphs, the
rarest tone (263 of the first 1,921 units): a tone model fitted on the labels of rounds 1-2
alone ranks the paragraphs neither round drew by their probability of being positive, and
the top-ranked ones (at most one per article) are coded, by reading, like every other
unit. The model only chooses what is read; it decides no label. Because the selection is
not random, round-3 units are ``selection = "positive_enriched"`` in ``sample_units.csv``
and the cross-validated figures score only the random rounds (round-3 units are always in
the training folds).

Round 4 (batches 12-19) repeats both designs on what rounds 1-3 left: 400 more random
paragraphs (250 PolNeAR train, 150 BASIL; at most one per article, articles no earlier
round drew first) and 400 more positive-enriched ones, ranked by a tone model fitted on the
codings of rounds 1-3 (at most one per article). The two halves are shuffled together
into the batches, so a coder cannot tell how a unit was chosen.

Round 5 (batches 20-31) repeats round 4's design on what rounds 1-4 left, larger: 600
random paragraphs (400 PolNeAR train, 200 BASIL) and 600 positive-enriched ones (450
PolNeAR, 150 BASIL), ranked by a tone model fitted on the codings of rounds 1-4.

Deterministic on one machine, with one caveat: the rankings of rounds 3-5 compare
probabilities, and BLAS sums in another order with another number of threads, which can
move a near-tied paragraph across the cut. The stored sample was drawn with the default
two BLAS threads of a two-core machine; ``OMP_NUM_THREADS=1``, or an AMD EPYC
machine, draws a round 4 that differs by one near-tied PolNeAR paragraph. So
``tests/test_agreement.py`` redraws the random halves exactly and checks the enriched
halves against a fresh ranking (``positive_ranking``) within a tolerance.

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
ROUND3_SEED = 20261130
ROUND3_QUOTA = {"polnear": 300, "basil": 100}
ROUND3_BATCHES = (8, 9, 10, 11)
ROUND4_SEED = 20261201
ROUND4_RANDOM_QUOTA = {"polnear": 250, "basil": 150}
ROUND4_ENRICHED_QUOTA = {"polnear": 300, "basil": 100}
ROUND4_BATCHES = tuple(range(12, 20))
ROUND5_SEED = 20261202
ROUND5_RANDOM_QUOTA = {"polnear": 400, "basil": 200}
ROUND5_ENRICHED_QUOTA = {"polnear": 450, "basil": 150}
ROUND5_BATCHES = tuple(range(20, 32))
REPO = Path(__file__).resolve().parents[1]
#: The datasets rounds 2-5 draw from (Ukraine News Bias has no eligible units after round 1).
READERS = {"polnear": polnear_units, "basil": basil_units}


def _eligible(reader) -> pd.DataFrame:
    units = reader()
    n_chars = units["text"].str.len()
    return units[(n_chars >= 60) & (n_chars <= 1200)]


def draw() -> pd.DataFrame:
    """All rounds: round 1 as originally drawn, then rounds 2 to 5."""
    first = draw_round1()
    random = pd.concat([first, draw_round2(first)], ignore_index=True)
    random["selection"] = "random"
    third = draw_round3(random)
    third["selection"] = "positive_enriched"
    drawn = pd.concat([random, third], ignore_index=True)
    drawn = pd.concat([drawn, draw_round4(drawn)], ignore_index=True)
    return pd.concat([drawn, draw_round5(drawn)], ignore_index=True)


def _most_positive(
    drawn: pd.DataFrame, quota: dict[str, int], exclude: pd.DataFrame | None = None
) -> pd.DataFrame:
    """Units in neither ``drawn`` nor ``exclude``, most likely positive first (by a tone
    model fitted on the codings of the ``drawn`` units only), at most one per article."""
    ranked = positive_ranking(drawn, list(quota), exclude)
    parts = [ranked[name].groupby("doc", sort=False).head(1).head(n) for name, n in quota.items()]
    return pd.concat(parts, ignore_index=True).drop(columns="p_positive")


def positive_ranking(
    drawn: pd.DataFrame, datasets: list[str], exclude: pd.DataFrame | None = None
) -> dict[str, pd.DataFrame]:
    """Per dataset, the eligible units in neither ``drawn`` nor ``exclude`` with their
    ``p_positive`` under a tone model fitted on the codings of the ``drawn`` units,
    most likely positive first."""
    from framing.datasets.annotations import load_annotations
    from framing.tone import ToneClassifier

    coded = load_annotations()
    coded = coded[coded["unit_id"].isin(drawn["unit_id"])]
    ranker = ToneClassifier(random_state=0).fit(coded["text"].tolist(), coded["tone"])
    pos = list(ranker.classes_).index("positive")
    taken = drawn["unit_id"] if exclude is None else pd.concat([drawn, exclude])["unit_id"]
    out = {}
    for name in datasets:
        units = _eligible(READERS[name])
        units = units[~units["unit_id"].isin(taken)].reset_index(drop=True)
        p = ranker.predict_proba(units["text"].tolist())[:, pos]
        out[name] = units.assign(p_positive=p).sort_values(
            ["p_positive", "unit_id"], ascending=[False, True], kind="stable"
        )
    return out


def _unseen_first(
    drawn: pd.DataFrame, quota: dict[str, int], rng: np.random.Generator, per_article: int
) -> pd.DataFrame:
    """A random draw of units not in ``drawn``: at most ``per_article`` per article,
    articles ``drawn`` does not touch first."""
    parts = []
    for name, n in quota.items():
        units = _eligible(READERS[name])
        units = units[~units["unit_id"].isin(drawn["unit_id"])]
        units = units.sample(frac=1.0, random_state=int(rng.integers(1 << 31)))
        units = units.groupby("doc", sort=False).head(per_article)
        seen = units["doc"].isin(drawn["doc"])
        parts.append(pd.concat([units[~seen], units[seen]]).head(n))
    return pd.concat(parts, ignore_index=True)


def _assign_batches(sample: pd.DataFrame, seed: int, batches) -> pd.DataFrame:
    sample = sample.sample(frac=1.0, random_state=seed).reset_index(drop=True)
    sample["batch"] = np.asarray(batches)[np.arange(len(sample)) % len(batches)]
    sample["double_coded"] = False
    return sample


def draw_round3(drawn: pd.DataFrame) -> pd.DataFrame:
    """Units rounds 1-2 left out, most likely positive first (by a tone model fitted on
    the codings of rounds 1-2 only), at most one per article."""
    return _assign_batches(_most_positive(drawn, ROUND3_QUOTA), ROUND3_SEED, ROUND3_BATCHES)


def _mixed_round(
    drawn: pd.DataFrame, seed: int, batches, random_quota: dict, enriched_quota: dict
) -> pd.DataFrame:
    """Units earlier rounds (``drawn``) left out: a random half (at most one per article,
    unseen articles first) and a positive-enriched half ranked by a tone model fitted on
    the codings of ``drawn``, shuffled together into ``batches``."""
    rng = np.random.default_rng(seed)
    random = _unseen_first(drawn, random_quota, rng, per_article=1)
    random = random.assign(selection="random")
    enriched = _most_positive(drawn, enriched_quota, exclude=random)
    enriched = enriched.assign(selection="positive_enriched")
    sample = pd.concat([random, enriched], ignore_index=True)
    return _assign_batches(sample, seed, batches)


def draw_round4(drawn: pd.DataFrame) -> pd.DataFrame:
    """Round 4 (batches 12-19) on what rounds 1-3 (``drawn``) left: 400 random, 400
    positive-enriched."""
    return _mixed_round(
        drawn, ROUND4_SEED, ROUND4_BATCHES, ROUND4_RANDOM_QUOTA, ROUND4_ENRICHED_QUOTA
    )


def draw_round5(drawn: pd.DataFrame) -> pd.DataFrame:
    """Round 5 (batches 20-31) on what rounds 1-4 (``drawn``) left: 600 random, 600
    positive-enriched (ranked by a tone model fitted on the codings of rounds 1-4)."""
    return _mixed_round(
        drawn, ROUND5_SEED, ROUND5_BATCHES, ROUND5_RANDOM_QUOTA, ROUND5_ENRICHED_QUOTA
    )


def draw_round2(first: pd.DataFrame) -> pd.DataFrame:
    """Units round 1 left out; at most two per article, unseen articles first."""
    rng = np.random.default_rng(ROUND2_SEED)
    sample = _unseen_first(first, ROUND2_QUOTA, rng, per_article=2)
    return _assign_batches(sample, ROUND2_SEED, ROUND2_BATCHES)


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
    sample[["unit_id", "dataset", "batch", "double_coded", "selection"]].to_csv(
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
