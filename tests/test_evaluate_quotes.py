"""The PolNeAR quote scorer: matching, metrics, speech-act subset, and the dev run."""

from __future__ import annotations

import pandas as pd
import pytest
from conftest import need_dataset

from framing.datasets.polnear import read_polnear_ann
from framing.evaluate.quotes import is_speech_act, match_quotes, score_polnear, score_quotes

TEXT = (
    '"We will win," Jane Doe said. Voters are afraid of change. The mayor said the budget is fine.'
)
ANN = "\n".join(
    [
        'T1\tContent 0 14\t"We will win,"',
        "T2\tSource 15 23\tJane Doe",
        "T3\tCue 24 28\tsaid",
        "E1\tAttribution:T3 Content:T1 Cue:T3 Source:T2",
        "T4\tSource 30 36\tVoters",
        "T5\tCue 37 47\tare afraid",
        "T6\tContent 48 57\tof change",
        "E2\tAttribution:T5 Content:T6 Cue:T5 Source:T4",
        "T7\tSource 59 68\tThe mayor",
        "T8\tCue 69 73\tsaid",
        "T9\tContent 74 87;88 92\tthe budget is fine",
        "E3\tAttribution:T8 Content:T9 Cue:T8 Source:T7",
    ]
)


def gold():
    recs = read_polnear_ann(TEXT, ANN)
    return pd.DataFrame([{"doc_id": "d", **r} for r in recs])


def pred(rows):
    cols = ["content_start", "content_end", "speaker_start", "speaker_end", "speaker_name", "cue"]
    df = pd.DataFrame(rows, columns=cols)
    return df.assign(doc_id="d", kind="indirect")


def test_read_ann_discontinuous_spans():
    g = gold()
    assert len(g) == 3
    assert g.loc[2, "content_spans"] == [(74, 87), (88, 92)]
    assert g.loc[2, "content"] == "the budget is fine"
    assert g.loc[0, "source"] == "Jane Doe"


def test_is_speech_act():
    g = gold()
    assert [is_speech_act(c, t) for c, t in zip(g["cue"], g["content"], strict=True)] == [
        True,
        False,
        True,
    ]


def test_perfect_prediction_scores_one():
    p = pred([(0, 14, 15, 23, "Jane Doe", "said"), (74, 92, 59, 68, "the mayor", "said")])
    s = score_quotes(p, gold())["summary"]
    assert s["sa_content_f1"] == pytest.approx(1.0)
    assert s["sa_e2e_f1"] == pytest.approx(1.0)
    assert s["sa_speaker_accuracy"] == pytest.approx(1.0)
    assert s["exact_f1"] == pytest.approx(2 * 1.0 * (2 / 3) / (1 + 2 / 3))  # 2 of 3 gold


def test_wrong_speaker_counts_for_content_not_end_to_end():
    p = pred([(0, 14, 59, 68, "somebody else", "said")])
    s = score_quotes(p, gold())["summary"]
    assert s["content_precision"] == 1.0
    assert s["speaker_accuracy"] == 0.0
    assert s["e2e_f1"] == 0.0


def test_canonical_name_rescues_speaker():
    # predicted mention elsewhere, but the canonical name contains the gold source text
    p = pred([(74, 92, 0, 5, "the mayor of Springfield", "said")])
    assert score_quotes(p, gold())["summary"]["speaker_accuracy"] == 1.0


def test_matching_non_speech_gold_is_not_a_false_positive():
    p = pred([(48, 57, 30, 36, "Voters", "are afraid")])
    s = score_quotes(p, gold())["summary"]
    assert s["sa_content_precision"] == 1.0
    assert s["sa_content_recall"] == 0.0


def test_dice_threshold_and_one_to_one():
    g = gold()
    # two predictions over the same gold: only one may match
    p = pred([(0, 14, 15, 23, "Jane Doe", "said"), (1, 13, 15, 23, "Jane Doe", "said")])
    m = match_quotes(p, g)
    assert len(m) == 1 and m["dice"].iloc[0] == pytest.approx(1.0)
    # a prediction covering everything overlaps each gold too little
    p = pred([(0, len(TEXT), 15, 23, "Jane Doe", "said")])
    assert len(match_quotes(p, g)) == 0


def test_whole_paragraph_baseline_has_no_end_to_end_credit():
    p = pred([(0, len(TEXT), 0, 0, "", "")])
    s = score_quotes(p, gold())["summary"]
    assert s["e2e_f1"] == 0.0


def test_breakdowns():
    p = pred([(0, 14, 15, 23, "Jane Doe", "said")])
    res = score_quotes(p, gold())
    assert res["by_kind"].loc["direct", "recall"] == 1.0
    assert res["by_kind"].loc["indirect", "recall"] == 0.0
    assert res["by_cue"].loc["said", "n_gold"] == 2


def test_polnear_dev_scores():
    need_dataset("polnear")
    res = score_polnear("dev", limit=12)
    s = res["summary"]
    assert s["n_docs"] == 12 and s["n_pred"] > 0
    # real behaviour: the rule extractor finds most speech-act attributions with the
    # right speaker (full dev: sa_content_f1 0.71, sa_speaker_accuracy 0.93)
    assert s["sa_content_f1"] > 0.55
    assert s["sa_speaker_accuracy"] > 0.8
    assert s["sa_e2e_f1"] > 0.5
