"""Contract and behaviour tests for the text transformers in framing.features."""

from __future__ import annotations

import pickle

import numpy as np
import pandas as pd
import pytest
import scipy.sparse as sp
from sklearn.base import clone
from sklearn.exceptions import NotFittedError

from framing.features import (
    LexiconTone,
    StyleCues,
    TargetContext,
    TextNgrams,
    default_lexicon_path,
    load_vader_lexicon,
    split_sentences,
    text_inputs,
    vader_analyzer,
)

PARAGRAPHS = [
    "The ceasefire collapsed on Sunday. Both sides accused each other of attacks.",
    "The committee will meet on Tuesday to discuss the budget.",
    'Leaders hailed the agreement as "a historic breakthrough" and praised the mediators.',
    "Officials said the plan might not work. Critics called it a failure!",
    "Is this really the best they can do? Nobody knows.",
    "Exports rose 4.5 percent in March, the ministry said.",
    "",
]

TARGET_FRAME = pd.DataFrame(
    {
        "text": [
            "Critics attacked Smith for the failed deal.",
            "Smith praised the talks as a great success.",
            "The meeting is on Monday.",
            "Jones said the talks were useful.",
        ],
        "target_start": [17, 0, np.nan, 0],
        "target_end": [22, 5, np.nan, 5],
    }
)


def _dense(m):
    return m.toarray() if sp.issparse(m) else np.asarray(m)


TRANSFORMERS = [
    (LexiconTone(), PARAGRAPHS),
    (LexiconTone(engine="nltk"), PARAGRAPHS),
    (StyleCues(), PARAGRAPHS),
    (TextNgrams(min_df=1), PARAGRAPHS),
    (TextNgrams(min_df=1, char_ngram_range=(2, 4)), PARAGRAPHS),
    (TargetContext(min_df=1), TARGET_FRAME),
]
IDS = ["lexicon", "lexicon-nltk", "style", "ngrams", "ngrams-char", "target"]


@pytest.mark.parametrize(("est", "X"), TRANSFORMERS, ids=IDS)
def test_clone_and_params_round_trip(est, X):
    c = clone(est)
    assert c is not est
    assert c.get_params() == est.get_params()
    params = est.get_params()
    c2 = clone(est).set_params(**params)
    assert c2.get_params() == params


@pytest.mark.parametrize(("est", "X"), TRANSFORMERS, ids=IDS)
def test_not_fitted_error(est, X):
    est = clone(est)
    with pytest.raises(NotFittedError):
        est.transform(X)
    with pytest.raises(NotFittedError):
        est.get_feature_names_out()


@pytest.mark.parametrize(("est", "X"), TRANSFORMERS, ids=IDS)
def test_fit_transform_equals_fit_then_transform(est, X):
    a = _dense(clone(est).fit_transform(X))
    b = _dense(clone(est).fit(X).transform(X))
    np.testing.assert_allclose(a, b)


@pytest.mark.parametrize(("est", "X"), TRANSFORMERS, ids=IDS)
def test_output_width_matches_feature_names(est, X):
    fitted = clone(est).fit(X)
    out = fitted.transform(X)
    names = fitted.get_feature_names_out()
    assert out.shape == (len(X), len(names))
    assert len(set(names)) == len(names)
    assert np.all(np.isfinite(_dense(out)))


@pytest.mark.parametrize(("est", "X"), TRANSFORMERS, ids=IDS)
def test_pickle_round_trip(est, X):
    fitted = clone(est).fit(X)
    again = pickle.loads(pickle.dumps(fitted))
    np.testing.assert_allclose(_dense(again.transform(X)), _dense(fitted.transform(X)))


@pytest.mark.parametrize(("est", "X"), TRANSFORMERS, ids=IDS)
def test_list_and_frame_inputs_agree(est, X):
    frame = X if isinstance(X, pd.DataFrame) else pd.DataFrame({"text": X})
    fitted = clone(est).fit(frame)
    if isinstance(X, pd.DataFrame):
        # without spans, target features are zero
        no_span = _dense(fitted.transform(list(X["text"])))
        assert np.all(no_span == 0)
    else:
        np.testing.assert_allclose(_dense(fitted.transform(X)), _dense(fitted.transform(frame)))


def test_lexicon_tone_polarity_and_negation():
    lt = LexiconTone().fit(PARAGRAPHS)
    names = list(lt.get_feature_names_out())
    X = lt.transform(
        [
            "The attack killed many people. It was a disaster.",
            "The deal was a great success.",
            "The deal was not a success.",
            "The committee meets on Tuesday.",
        ]
    )
    mean = names.index("lex_sent_mean")
    assert X[0, mean] < -0.5
    assert X[1, mean] > 0.5
    assert X[2, mean] < 0  # negation flips "success"
    assert X[3, mean] == 0
    assert X[0, names.index("lex_share_neg")] == 1.0
    assert X[0, names.index("lex_sent_min")] <= X[0, names.index("lex_sent_max")]


def test_lexicon_tone_mixed_paragraph_keeps_both_extremes():
    lt = LexiconTone().fit(["x"])
    names = list(lt.get_feature_names_out())
    row = lt.transform(["The war was a horrible tragedy. The peace deal is wonderful."])[0]
    assert row[names.index("lex_sent_min")] < -0.5
    assert row[names.index("lex_sent_max")] > 0.5
    assert row[names.index("lex_share_pos")] == 0.5


def test_fast_engine_tracks_nltk_vader():
    texts = [
        "The plan is good.",
        "The plan is not good.",
        "This is a terrible, awful idea.",
        "Very good news for the workers!",
        "The vote is on Friday.",
    ]
    fast = LexiconTone().fit(texts).score_sentences(texts)
    slow = LexiconTone(engine="nltk").fit(texts).score_sentences(texts)
    f = np.array([s[0] for s in fast])
    n = np.array([s[0] for s in slow])
    assert np.all(np.sign(f) == np.sign(n))
    assert np.corrcoef(f, n)[0, 1] > 0.95


def test_vader_analyzer_reads_lexicon_from_given_path(tmp_path):
    lex = tmp_path / "lex.txt"
    lex.write_text("zorp\t3.0\t0.5\t[3, 3]\nblig\t-2.0\t0.5\t[-2, -2]\n", encoding="utf-8")
    an = vader_analyzer(lex)
    assert an.polarity_scores("zorp")["compound"] > 0.5
    assert an.polarity_scores("good")["compound"] == 0  # not in this lexicon
    lt = LexiconTone(lexicon_path=lex).fit(["x"])
    assert lt.lexicon_ == {"zorp": 3.0, "blig": -2.0}
    assert lt.transform(["blig blig."])[0, 0] < 0


def test_lexicon_errors(tmp_path):
    with pytest.raises(FileNotFoundError, match="lexicon file not found"):
        LexiconTone(lexicon_path=tmp_path / "missing.txt").fit(["x"])
    bad = tmp_path / "bad.txt"
    bad.write_text("word-without-valence\n", encoding="utf-8")
    with pytest.raises(ValueError, match="bad.txt:1"):
        load_vader_lexicon(bad)
    with pytest.raises(ValueError, match="engine"):
        LexiconTone(engine="spacy").fit(["x"])


def test_default_lexicon_is_vader():
    lex = load_vader_lexicon()
    assert default_lexicon_path().name == "vader_lexicon.txt"
    assert len(lex) > 7000
    assert lex["good"] > 0 > lex["war"]


def test_style_cues_count_what_they_say():
    sc = StyleCues().fit(PARAGRAPHS)
    names = list(sc.get_feature_names_out())
    X = sc.transform(
        [
            'He said: "We will not surrender." Really?',
            "Prices may possibly rise 5 percent!",
        ]
    )
    assert X[0, names.index("style_question")] == 1
    assert X[1, names.index("style_exclamation")] == 1
    assert X[0, names.index("style_negation")] > 0
    assert X[0, names.index("style_personal")] > 0
    assert X[1, names.index("style_hedge")] > 0
    assert X[1, names.index("style_modal")] > 0
    assert X[1, names.index("style_number")] > 0
    assert 0.3 < X[0, names.index("style_quoted_share")] < 0.8
    assert X[1, names.index("style_quoted_share")] == 0


def test_text_ngrams_mask_target_and_names():
    tn = TextNgrams(min_df=1).fit(TARGET_FRAME)
    names = set(tn.get_feature_names_out())
    assert "word__targetx" in names
    assert "word__smith" not in names  # every mention of Smith is a masked target
    assert "word__monday" in names
    assert all(n.startswith("word__") for n in names)
    tn2 = TextNgrams(min_df=1, mask_target=None).fit(TARGET_FRAME)
    names2 = set(tn2.get_feature_names_out())
    assert "word__targetx" not in names2
    assert "word__smith" in names2


def test_target_context_reads_the_window_and_role():
    tc = TargetContext(min_df=1).fit(TARGET_FRAME)
    names = list(tc.get_feature_names_out())
    X = tc.transform(TARGET_FRAME).toarray()
    col = {n: i for i, n in enumerate(names)}
    assert X[0, col["tgt_has_target"]] == 1 and X[2, col["tgt_has_target"]] == 0
    assert X[0, col["tgt_left_sum"]] < 0  # "Critics attacked" before Smith
    assert X[1, col["tgt_right_sum"]] > 0  # "praised ... great success" after Smith
    assert X[1, col["tgt_sentence_start"]] == 1 and X[0, col["tgt_sentence_start"]] == 0
    assert X[3, col["tgt_speaker"]] == 1
    assert X[0, col["tgt_L__attacked"]] == 1
    assert np.all(X[2] == 0)


def test_target_context_without_words():
    tc = TargetContext(context_words=False).fit(TARGET_FRAME)
    assert len(tc.get_feature_names_out()) == tc.transform(TARGET_FRAME).shape[1] == 16
    with pytest.raises(ValueError, match="window"):
        TargetContext(window=-1).fit(TARGET_FRAME)


def test_text_inputs_validation():
    with pytest.raises(TypeError, match="single string"):
        text_inputs("just one text")
    with pytest.raises(TypeError, match="row 1"):
        text_inputs(["ok", 3])
    with pytest.raises(ValueError, match="'text' column"):
        text_inputs(pd.DataFrame({"body": ["x"]}))
    with pytest.raises(ValueError, match="not inside the text"):
        text_inputs(pd.DataFrame({"text": ["abc"], "target_start": [1], "target_end": [9]}))
    with pytest.raises(ValueError, match="both"):
        text_inputs(pd.DataFrame({"text": ["abc"], "target_start": [1], "target_end": [None]}))
    texts, s, e = text_inputs([None, float("nan"), "x"])
    assert texts == ["", "", "x"] and np.isnan(s).all() and np.isnan(e).all()


def test_odd_text_does_not_crash():
    odd = ["", "   ", "!!!???", "\u201cunbalanced quote", "no.punctuation.at.all", "x" * 5000]
    for est in (LexiconTone(), StyleCues(), TextNgrams(min_df=1), TargetContext(min_df=1)):
        out = _dense(clone(est).fit(odd).transform(odd))
        assert out.shape[0] == len(odd)
        assert np.all(np.isfinite(out))


def test_split_sentences():
    assert split_sentences("One. Two!  Three?\nFour") == ["One.", "Two!", "Three?", "Four"]
    assert split_sentences("") == []
    assert split_sentences("U.S. troops left.") == ["U.S. troops left."]


def test_text_ngrams_keeps_no_process_specific_state():
    tn = TextNgrams(min_df=1).fit(PARAGRAPHS)
    assert "_stop_words_id" not in vars(tn.word_)  # an id() that differs per process
    assert all(type(v) is int for v in tn.word_.vocabulary_.values())
