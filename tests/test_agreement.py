"""Agreement statistics against published worked examples."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from conftest import ROOT, need_dataset
from sklearn.metrics import cohen_kappa_score

from framing.agreement import (
    cohen_kappa,
    frame_agreement,
    krippendorff_alpha,
    multilabel_alpha,
    percent_agreement,
)

N = None

# Krippendorff (2011), "Computing Krippendorff's Alpha-Reliability", worked examples.
# A. Binary data, two observers, no missing data: alpha = 0.095.
K_A = [[0, 1, 0, 0, 0, 0, 0, 0, 1, 0], [1, 1, 1, 0, 0, 1, 0, 0, 0, 0]]
# B. Nominal data, two observers, no missing data: alpha = 0.692.
K_B = [list("aabbdcccedda"), list("babbbccceddd")]
# C. Any number of observers, missing data: alpha = 0.743 (nominal), 0.815 (ordinal),
#    0.849 (interval), 0.797 (ratio).
K_C = [
    [1, 2, 3, 3, 2, 1, 4, 1, 2, N, N, N],
    [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, N, 3],
    [N, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, N],
    [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, N],
]


def test_krippendorff_2011_binary_example():
    assert round(krippendorff_alpha(K_A), 3) == 0.095


def test_krippendorff_2011_nominal_two_coders():
    assert round(krippendorff_alpha(K_B), 3) == 0.692


@pytest.mark.parametrize(
    "level, published",
    [("nominal", 0.743), ("ordinal", 0.815), ("interval", 0.849), ("ratio", 0.797)],
)
def test_krippendorff_2011_missing_data_example(level, published):
    assert round(krippendorff_alpha(K_C, level=level), 3) == published


def test_alpha_perfect_and_nan_for_missing_values():
    a = ["x", "y", None, "x"]
    assert krippendorff_alpha([a, list(a)]) == 1.0
    # NaN counts as missing just like None
    assert krippendorff_alpha([[1.0, np.nan, 2.0, 1.0], [1.0, 2.0, 2.0, 1.0]]) == 1.0


def test_cohen_kappa_worked_example():
    # Two readers, 50 proposals: yes/yes 20, yes/no 5, no/yes 10, no/no 15 (the standard
    # textbook example): p_o = 0.70, p_e = 0.50, kappa = 0.40.
    a = ["yes"] * 25 + ["no"] * 25
    b = ["yes"] * 20 + ["no"] * 5 + ["yes"] * 10 + ["no"] * 15
    assert percent_agreement(a, b) == pytest.approx(0.70)
    assert cohen_kappa(a, b) == pytest.approx(0.40)


def test_cohen_kappa_matches_sklearn_and_drops_missing():
    rng = np.random.default_rng(0)
    a = rng.choice(["neg", "neu", "pos"], size=200).tolist()
    b = [x if rng.random() < 0.6 else rng.choice(["neg", "neu", "pos"]) for x in a]
    assert cohen_kappa(a, b) == pytest.approx(cohen_kappa_score(a, b))
    a2, b2 = [*a, None, "neg"], [*b, "pos", None]
    assert cohen_kappa(a2, b2) == pytest.approx(cohen_kappa_score(a, b))
    assert np.isnan(cohen_kappa(["x", "x"], ["x", "x"]))
    assert np.isnan(cohen_kappa([None], ["x"]))


def test_percent_agreement_many_coders_and_errors():
    # pairs: (a,b) 2/3, (a,c) 3/3, (b,c) 2/3 -> 7/9
    assert percent_agreement([1, 2, 3], [1, 2, 4], [1, 2, 3]) == pytest.approx(7 / 9)
    with pytest.raises(ValueError, match="at least two"):
        percent_agreement([1, 2])
    with pytest.raises(ValueError, match="3 and 2 units"):
        percent_agreement([1, 2, 3], [1, 2])


def test_frame_agreement_scores_each_frame_as_binary_variable():
    c1 = [["political", "economic"], ["political"], "security_defense", ["economic"], None]
    c2 = [
        ["political"],
        ["political", "public_opinion"],
        "security_defense;political",
        ["economic"],
        ["political"],
    ]
    t = frame_agreement(
        c1, c2, frames=["political", "economic", "security_defense", "health_safety"]
    )
    t = t.set_index("frame")
    assert t.loc["political", "n_units"] == 4  # the last unit has one coding only
    # political: coder 1 = [1,1,0,0], coder 2 = [1,1,1,0]
    assert t.loc["political", "alpha"] == pytest.approx(
        krippendorff_alpha([[1, 1, 0, 0], [1, 1, 1, 0]])
    )
    assert t.loc["political", "kappa"] == pytest.approx(
        cohen_kappa_score([1, 1, 0, 0], [1, 1, 1, 0])
    )
    assert t.loc["political", "percent_agreement"] == pytest.approx(0.75)
    assert t.loc["security_defense", "alpha"] == 1.0
    assert t.loc["political", "n_coded"] == 6
    assert np.isnan(t.loc["health_safety", "alpha"])  # no one used it: no variation
    assert t.loc["health_safety", "percent_agreement"] == 1.0


def test_multilabel_alpha_pools_unit_frame_decisions():
    c1 = [["a", "b"], ["a"], ["c"]]
    c2 = [["a"], ["a"], ["c", "b"]]
    pooled = multilabel_alpha(c1, c2, frames=["a", "b", "c"])
    manual = krippendorff_alpha([[1, 1, 0, 1, 0, 0, 0, 0, 1], [1, 1, 0, 0, 0, 1, 0, 0, 1]])
    assert pooled == pytest.approx(manual)
    assert multilabel_alpha(c1, c1) == 1.0


def test_dataframe_is_one_column_per_coder():
    # a coding spreadsheet: units as rows, coders as columns (None -> float NaN)
    df = pd.DataFrame({f"coder_{i}": row for i, row in enumerate(K_C)})
    assert df.shape == (12, 4)
    for level, published in [("nominal", 0.743), ("interval", 0.849)]:
        assert round(krippendorff_alpha(df, level=level), 3) == published
    assert krippendorff_alpha(df) == pytest.approx(krippendorff_alpha(df.T.values))
    assert krippendorff_alpha(dict(df.items())) == pytest.approx(krippendorff_alpha(K_C))
    # arrays and lists keep their documented layout: one row per coder
    assert round(krippendorff_alpha(np.array(K_B)), 3) == 0.692
    two = pd.DataFrame({"coder_a": K_B[0], "coder_b": K_B[1]})
    assert round(krippendorff_alpha(two), 3) == 0.692
    # K_B: the coders agree on 9 of 12 units
    assert percent_agreement(two) == pytest.approx(9 / 12)
    frames = pd.DataFrame({"c1": [["a"], ["b"]], "c2": [["a"], ["a"]]})
    t = frame_agreement(frames, frames=["a"]).set_index("frame")
    assert t.loc["a", "percent_agreement"] == pytest.approx(0.5)


def test_pandas_missing_values_are_missing_not_a_category():
    a = pd.Series(["x", "y", None, "x"], dtype="string")  # pd.NA
    b = pd.Series(["x", "y", "x", "x"], dtype="string")
    assert cohen_kappa(a, b) == 1.0  # x, y, x against x, y, x
    assert percent_agreement(a, b) == 1.0
    assert krippendorff_alpha([a, b]) == 1.0
    # the textbook kappa example (p_o = 0.70, kappa = 0.40) plus one unit each coder
    # left blank, as nullable Int64
    a = pd.array([1] * 25 + [0] * 25 + [None, 1], dtype="Int64")
    b = pd.array([1] * 20 + [0] * 5 + [1] * 10 + [0] * 15 + [1, None], dtype="Int64")
    assert cohen_kappa(a, b) == pytest.approx(0.40)
    assert percent_agreement(a, b) == pytest.approx(0.70)
    # Krippendorff (2011) example C with missing values as pd.NA and as float32 NaN
    nullable = pd.DataFrame({i: row for i, row in enumerate(K_C)}).convert_dtypes()
    assert (nullable.dtypes == "Int64").all()
    assert round(krippendorff_alpha(nullable, level="ordinal"), 3) == 0.815
    assert round(krippendorff_alpha([pd.array(r, dtype="Int64") for r in K_C]), 3) == 0.743
    f32 = np.array([[np.nan if v is None else v for v in r] for r in K_C], dtype=np.float32)
    assert round(krippendorff_alpha(f32), 3) == 0.743
    assert cohen_kappa(f32[0], f32[1]) == pytest.approx(cohen_kappa(K_C[0], K_C[1]))
    assert krippendorff_alpha([["a", "b", pd.NaT, "a"], ["a", "b", "b", "a"]]) == 1.0
    # a unit one coder left blank (pd.NA) is not paired
    t = frame_agreement(
        pd.Series([["a"], pd.NA, ["b"]], dtype=object), [["a"], ["a"], ["b"]]
    ).set_index("frame")
    assert t.loc["a", "n_units"] == 2 and t.loc["a", "alpha"] == 1.0


def test_numbers_and_strings_are_not_silently_different_categories():
    with pytest.raises(ValueError, match=r"coder 1's codes are numbers \(int\) and coder 2's"):
        krippendorff_alpha([[1, 2, 3, 1], ["1", "2", "3", "1"]])
    with pytest.raises(
        ValueError,
        match=r"coder tone_a's codes are numbers \(float\) and coder tone_b's are strings",
    ):
        krippendorff_alpha(pd.DataFrame({"tone_a": [1, 2, None], "tone_b": ["1", "2", "2"]}))
    with pytest.raises(ValueError, match="codes mix numbers"):
        krippendorff_alpha([[1, "2", 3], [1, 2, 3]])
    with pytest.raises(ValueError, match="numbers"):
        cohen_kappa([1, 2, 1], ["1", "2", "1"])
    with pytest.raises(
        ValueError, match="coder 1's codes are numbers \\(int\\) and coder 3's are strings"
    ):
        percent_agreement([1, 2], [1, 2], ["1", "2"])
    # ints, floats and numpy numbers are one kind; missing values do not count
    assert krippendorff_alpha([[1, 2, 3, 1], [1.0, 2.0, np.int64(3), None]]) == 1.0


def test_frames_given_as_one_string_is_one_frame_key():
    c1 = [["economic"], ["political"], ["economic", "political"], []]
    c2 = [["economic"], [], ["economic"], ["political"]]
    t = frame_agreement(c1, c2, frames="economic")
    assert t["frame"].tolist() == ["economic"]
    assert t.loc[0, "alpha"] == 1.0  # economic: [1, 0, 1, 0] for both
    both = frame_agreement(c1, c2, frames="economic;political")
    assert both["frame"].tolist() == ["economic", "political"]
    # political: [0, 1, 1, 0] vs [0, 0, 0, 1]; o_00 = 2, o_01 = o_10 = 3, n_0 = 5,
    # n_1 = 3: alpha = 1 - (6/8) / (2 * 5 * 3 / (8 * 7)) = -0.4
    assert multilabel_alpha(c1, c2, frames="political") == pytest.approx(-0.4)
    assert both.loc[1, "alpha"] == pytest.approx(-0.4)


def test_double_coded_units_pair_by_unit_id():
    from framing.codebook import Codebook
    from framing.datasets.annotations import double_coded

    pairs = double_coded()
    assert len(pairs) == 150 and pairs["unit_id"].is_unique
    assert set(pairs["coder_2"]) == {"coder_d"}
    assert not (pairs["coder_1"] == "coder_d").any()
    keys = set(Codebook.builtin("policy_frames").keys)
    assert all(f and set(f) <= keys for f in pairs["frames_1"])
    a = krippendorff_alpha([pairs["tone_1"].tolist(), pairs["tone_2"].tolist()])
    assert 0.0 < a <= 1.0
    per_frame = frame_agreement(pairs["frames_1"], pairs["frames_2"])
    assert (per_frame["n_units"] == 150).all()


def test_sample_corpus_codings_load_with_their_texts():
    from framing.datasets.annotations import load_annotations, sample_corpus_units

    units = sample_corpus_units()
    a = load_annotations(include_sample=True, texts=units)
    assert len(a) == 166 and set(a["dataset"]) == {"sample"}
    assert a["text"].str.len().min() > 0
    assert a["doc"].str.startswith("sample:").all()


def test_the_coded_corpus_is_the_drawn_sample_each_unit_coded_once():
    """corpus/annotations: every unit scripts/draw_annotation_sample.py draws (all five
    rounds, redrawn here from ../shared/data) has exactly one main coding, and nothing else
    does; round 3 and half of rounds 4 and 5 are the non-random, positive-enriched
    selection, and rounds 4 and 5 mix their random and enriched halves in every batch.

    The random draws are redrawn exactly. The positive-enriched units are checked against
    a fresh ranking by a tone model refitted on the earlier rounds' codings: its
    probabilities move in the fourth decimal from one CPU or BLAS build to another, which
    can swap near-tied paragraphs across the cut (one of round 4's 300 PolNeAR units on an
    AMD EPYC machine), so a round may differ from a fresh ranking by at most 2% of its
    units, and only by paragraphs within 0.005 of the cut."""
    import importlib.util

    import pandas as pd

    from framing.datasets.annotations import annotations_dir, read_label_files
    from framing.datasets.units import ukraine_units

    for name in ("polnear", "basil", "ukraine_news_bias"):
        need_dataset(name)
    spec = importlib.util.spec_from_file_location(
        "draw", ROOT / "scripts" / "draw_annotation_sample.py"
    )
    draw = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(draw)
    stored = pd.read_csv(annotations_dir() / "sample_units.csv")
    units = pd.concat([draw.polnear_units(), draw.basil_units(), ukraine_units()])
    units = units.set_index("unit_id", drop=False)

    # rounds 1 and 2 (batches 1-7): random draws, redrawn exactly
    first = draw.draw_round1()
    redrawn = pd.concat([first, draw.draw_round2(first)], ignore_index=True)
    head = stored.iloc[: len(redrawn)]
    assert redrawn["unit_id"].tolist() == head["unit_id"].tolist()
    assert redrawn["batch"].tolist() == head["batch"].tolist()
    assert (head["selection"] == "random").all() and head["batch"].max() == 7

    # rounds 3-5: the random half redrawn exactly from what earlier rounds left, the
    # enriched half the top of a fresh positive ranking, one unit per article
    rounds = [
        (draw.ROUND3_BATCHES, None, None, draw.ROUND3_QUOTA),
        (
            draw.ROUND4_BATCHES,
            draw.ROUND4_SEED,
            draw.ROUND4_RANDOM_QUOTA,
            draw.ROUND4_ENRICHED_QUOTA,
        ),
        (
            draw.ROUND5_BATCHES,
            draw.ROUND5_SEED,
            draw.ROUND5_RANDOM_QUOTA,
            draw.ROUND5_ENRICHED_QUOTA,
        ),
    ]
    for batches, seed, random_quota, enriched_quota in rounds:
        this = stored[stored["batch"].isin(batches)]
        before = units.loc[stored.loc[stored["batch"] < min(batches), "unit_id"]]
        random_ids = set(this.loc[this["selection"] == "random", "unit_id"])
        exclude = None
        if seed is None:
            assert not random_ids
        else:
            rng = np.random.default_rng(seed)
            exclude = draw._unseen_first(before, random_quota, rng, per_article=1)
            assert random_ids == set(exclude["unit_id"])
        ranking = draw.positive_ranking(before, list(enriched_quota), exclude)
        for name, n in enriched_quota.items():
            got = this.loc[
                (this["selection"] == "positive_enriched") & (this["dataset"] == name), "unit_id"
            ]
            fresh = ranking[name].groupby("doc", sort=False).head(1).head(n)
            cut = fresh["p_positive"].iloc[-1]
            p = ranking[name].set_index("unit_id")["p_positive"]
            assert len(got) == n and units.loc[got, "doc"].is_unique
            assert len(set(got) - set(fresh["unit_id"])) <= 0.02 * n, (batches, name)
            assert (p[got] >= cut - 0.005).all(), (batches, name)
    assert stored["selection"].value_counts().to_dict() == {
        "random": 2921,
        "positive_enriched": 1400,
    }
    enriched_batches = set(stored.loc[stored["selection"] != "random", "batch"])
    assert enriched_batches == set(range(8, 32))
    mixed = stored[stored["batch"] >= 12]
    assert (mixed.groupby("batch")["selection"].nunique() == 2).all()
    labels = read_label_files(sorted(annotations_dir().glob("labels_batch_*.csv")))
    assert len(stored) == 4321 and labels["unit_id"].is_unique
    assert set(labels["unit_id"]) == set(stored["unit_id"])
    batch_of = dict(zip(stored["unit_id"], stored["batch"], strict=True))
    files = labels["file"].str.extract(r"labels_batch_(\d+)\.csv")[0].astype(int)
    assert (files == labels["unit_id"].map(batch_of)).all()
    assert labels["frames"].map(len).min() >= 1 and labels["tone"].notna().all()


def test_units_in_batches_reads_the_drawn_batches():
    """The batch specs the training scripts' --score-batches take: ranges and lists of the
    coding batches in sample_units.csv; anything else is an error naming the spec."""
    import pandas as pd
    import pytest

    from framing.datasets.annotations import annotations_dir, units_in_batches

    drawn = pd.read_csv(annotations_dir() / "sample_units.csv")
    assert units_in_batches("1-7") == set(drawn.loc[drawn["batch"] <= 7, "unit_id"])
    assert len(units_in_batches("1-7")) == 1921
    assert units_in_batches("1-3,8") == set(drawn.loc[drawn["batch"].isin([1, 2, 3, 8]), "unit_id"])
    with pytest.raises(ValueError, match="'one'"):
        units_in_batches("one")


def test_frame_cells_split_like_label_files():
    from framing.agreement import frame_agreement

    a = ["economic, legality", "political", None]
    b = ["economic|legality", "political;economic", "political"]
    t = frame_agreement(a, b).set_index("frame")
    assert list(t.index) == ["economic", "legality", "political"]
    assert t.loc["legality", "percent_agreement"] == 1.0
    assert t.loc["economic", "percent_agreement"] == 0.5
