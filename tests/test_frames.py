"""FrameClassifier, SeedTermFeatures and the shipped frame model."""

from __future__ import annotations

import pickle
from pathlib import Path

import numpy as np
import pytest
from sklearn.base import BaseEstimator, TransformerMixin, clone
from sklearn.exceptions import NotFittedError
from sklearn.feature_extraction.text import CountVectorizer
from sklearn.pipeline import FeatureUnion

from framing.codebook import Codebook
from framing.frames import (
    FrameClassifier,
    SeedTermFeatures,
    StemmedNgrams,
    default_frame_features,
    default_frame_model_path,
    dump_model,
    load_frame_model,
    parse_frame_labels,
)

# Small hand-written news paragraphs with their frames (primary first).
TRAIN = [
    ("Russian troops and tanks crossed the border overnight, officials said.", "security_defense"),
    ("Rebel fighters shelled the airport as the army moved in reinforcements.", "security_defense"),
    (
        "NATO said the missile strike was the deadliest attack of the war so far.",
        "security_defense;external_regulation",
    ),
    (
        "Soldiers fired on separatist positions near the town after a night of fighting.",
        "security_defense",
    ),
    (
        "The military deployed more troops to guard the border against an invasion.",
        "security_defense",
    ),
    (
        "Militants attacked a checkpoint, killing four soldiers, the defence ministry said.",
        "security_defense;crime_punishment",
    ),
    ("Gas prices rose again and the stock market fell for a third day.", "economic"),
    (
        "The budget deficit will reach $600 billion next year, the office projected.",
        "economic;policy",
    ),
    ("Economists warn the tariffs will cost American jobs and raise prices.", "economic;policy"),
    (
        "Investors pulled money out of the currency after the sanctions were announced.",
        "economic;external_regulation",
    ),
    ("Unemployment fell to 5 percent as companies added jobs in March.", "economic"),
    ("The tax cuts would cost the Treasury $1.5 trillion over a decade.", "economic;policy"),
    (
        "Clinton leads Trump by six points among likely voters in the new poll.",
        "public_opinion;political",
    ),
    (
        "Thousands of protesters rallied in the square, chanting against the government.",
        "public_opinion",
    ),
    ("A survey found 60 percent of Americans disapprove of Congress.", "public_opinion"),
    (
        "Crowds of supporters cheered outside the courthouse as the verdict came in.",
        "public_opinion;legality",
    ),
    (
        "Most voters say the economy is their top concern, according to the poll.",
        "public_opinion;economic",
    ),
    (
        "Demonstrators marched through the capital for a second weekend of protest.",
        "public_opinion",
    ),
    (
        "The Republican candidate won the primary and now turns to the general election.",
        "political",
    ),
    ("Democrats in the Senate are split over whether to back the nominee.", "political"),
    ("The campaign hired a new manager ahead of the party convention.", "political"),
    ("Sanders endorsed Clinton, urging his delegates to unite the party.", "political"),
    ("The senator said she would not run for re-election after three terms.", "political"),
    ("GOP leaders in Congress scheduled a vote to bolster their candidate.", "political;policy"),
]
TEXTS = [t for t, _ in TRAIN]
LABELS = [f.split(";") for _, f in TRAIN]


@pytest.fixture(scope="module")
def fitted():
    return FrameClassifier(random_state=0).fit(TEXTS, LABELS)


def test_seed_term_features_contract_and_matching():
    f = SeedTermFeatures(terms={"war": ["troops", "air strike"], "money": ["tax"]})
    with pytest.raises(NotFittedError):
        f.transform(["x"])
    X = f.fit_transform(["Troops called in an air strike.", "A taxi and taxes.", "", "TAX tax"])
    assert X.shape == (4, 2) == (4, len(f.get_feature_names_out()))
    assert X[0, 0] == pytest.approx(np.log1p(2))
    assert X[1].tolist() == [0.0, 0.0]  # no partial-word matches ("taxi", "taxes")
    assert X[3, 1] == pytest.approx(np.log1p(2))
    assert np.array_equal(
        X,
        f.fit(["y"]).transform(
            ["Troops called in an air strike.", "A taxi and taxes.", "", "TAX tax"]
        ),
    )
    assert clone(f).get_params() == f.get_params()
    assert np.array_equal(pickle.loads(pickle.dumps(f)).transform(["tax"]), f.transform(["tax"]))
    r = SeedTermFeatures(terms={"money": ["tax"]}, scale="rate").fit(None)
    assert r.transform(["tax is a tax on income"]).tolist() == [[pytest.approx(200 / 6)]]
    with pytest.raises(ValueError, match="scale"):
        SeedTermFeatures(scale="raw").fit(None)


def _seed_counts_by_regex(f, texts):
    """Reference semantics of SeedTermFeatures: one regular expression per frame, its
    terms longest first, whole words, any whitespace between the words of a term."""
    import re

    from framing.frames import _APOS

    out = np.zeros((len(texts), len(f.terms_)))
    for c, terms in enumerate(f.terms_.values()):
        alts = sorted({r"\s+".join(map(re.escape, t.split())) for t in terms}, key=len)
        pat = re.compile(r"(?<![\w'])(?:" + "|".join(reversed(alts)) + r")(?![\w'])")
        for r, t in enumerate(texts):
            m = len(pat.findall(t.translate(_APOS).lower()))
            out[r, c] = np.log1p(m)
    return out


@pytest.mark.parametrize("codebook", ["policy_frames", "generic_frames", "gvfc"])
def test_seed_term_token_matching_equals_the_regex_semantics(codebook):
    from framing import load_sample_corpus

    texts = load_sample_corpus().paragraphs["text"].tolist() + [
        "Pro-gun groups and anti-gun groups; the 2nd Amendment, 3D-printed guns.",
        "An air  strike, an air\nstrike and an air-strike; NATO's troops",
        "\u2018Tax\u2019 on 'tax' and taxes",
    ]
    f = SeedTermFeatures(codebook=codebook).fit(None)
    X = f.transform(texts)
    assert X.sum() > 0
    np.testing.assert_array_equal(X, _seed_counts_by_regex(f, texts))


def test_seed_terms_default_to_the_codebook():
    f = SeedTermFeatures(codebook="policy_frames").fit(None)
    names = f.get_feature_names_out().tolist()
    assert names[0] == "seed__economic" and "seed__other" not in names  # "other" has no terms
    X = f.transform(["The army and NATO troops", "Tax and budget talks"])
    col = {n: i for i, n in enumerate(names)}
    assert X[0, col["seed__security_defense"]] > 0 and X[0, col["seed__economic"]] == 0
    assert X[1, col["seed__economic"]] > 0


def test_fit_predict_shapes_and_frames(fitted):
    clf = fitted
    assert list(clf.classes_) == Codebook.builtin("policy_frames").keys
    new = [
        "Tanks and soldiers attacked the border town as the fighting spread.",
        "A new poll of voters shows most Americans oppose the plan; protesters rallied.",
        "Prices and taxes rose as the market slumped.",
        "",
    ]
    P = clf.predict_proba(new)
    assert P.shape == (4, 15) and ((P >= 0) & (P <= 1)).all()
    frames = clf.predict_frames(new)
    primary = clf.predict_primary(new)
    assert [f[0] for f in frames] == list(primary)
    assert primary[0] == "security_defense"
    assert primary[1] == "public_opinion"
    assert primary[2] == "economic"
    assert all(1 <= len(f) <= 3 and len(set(f)) == len(f) for f in frames)
    ind = clf.predict(new)
    assert ind.shape == (4, 15) and (ind.sum(axis=1) == [len(f) for f in frames]).all()
    table = clf.frame_table(new)
    assert list(table.columns[:2]) == ["frames", "primary_frame"]
    assert [c for c in table.columns[2:]] == [f"p_{k}" for k in clf.classes_]
    assert np.allclose(table.iloc[:, 2:].to_numpy(dtype=float), P)
    PP = clf.primary_proba(new)
    assert np.allclose(PP.sum(axis=1), 1.0)
    # frames never seen in training get no model and are never listed
    unseen = [j for j, k in enumerate(clf.classes_) if k == "health_safety"][0]
    assert clf.estimators_[unseen] is None and not ind[:, unseen].any()
    assert clf.thresholds_.min() >= 0.05 and clf.thresholds_.max() <= 0.95
    assert 0.0 <= clf.score(TEXTS, LABELS) <= 1.0
    assert clf.score(TEXTS, LABELS) > 0.8  # fits its own training data


def test_threshold_and_max_frames_control_the_list():
    everything = FrameClassifier(threshold=0.01, max_frames=None).fit(TEXTS, LABELS)
    n_all = [len(f) for f in everything.predict_frames(TEXTS)]
    capped = FrameClassifier(threshold=0.01, max_frames=2).fit(TEXTS, LABELS)
    n_cap = [len(f) for f in capped.predict_frames(TEXTS)]
    assert max(n_all) > 2 and max(n_cap) == 2
    strict = FrameClassifier(threshold=0.99, max_frames=None).fit(TEXTS, LABELS)
    new = ["Troops and voters in the market.", "The poll of protesters about taxes and war."]
    P = strict.predict_proba(new)
    for row, frames in zip(P, strict.predict_frames(new), strict=True):
        listed = [j for j, k in enumerate(strict.classes_) if k in frames[1:]]
        assert all(row[j] >= 0.99 for j in listed)  # beyond the primary, only sure frames
    assert sum(n_all) > sum(len(f) for f in strict.predict_frames(TEXTS))


def test_tune_thresholds_on_validation_data(fitted):
    clf = clone(fitted).fit(TEXTS[::2], LABELS[::2])
    before = clf.thresholds_.copy()
    clf.tune_thresholds(TEXTS[1::2], LABELS[1::2])
    assert clf.thresholds_.shape == before.shape
    changed = ~np.isclose(clf.thresholds_, before)
    assert changed.any()
    with pytest.raises(ValueError, match="2 texts but y has 1"):
        clf.tune_thresholds(TEXTS[:2], LABELS[:1])


def test_labels_as_codes_names_strings_and_indicator_matrix():
    cb = Codebook.builtin("policy_frames")
    as_codes = [";".join(cb[k].code for k in lab) for lab in LABELS]
    as_names = [[cb[k].name for k in lab] for lab in LABELS]
    assert parse_frame_labels(as_codes, cb) == LABELS == parse_frame_labels(as_names, cb)
    ind = np.array([[int(k in lab) for k in cb.keys] for lab in LABELS])
    assert [set(x) for x in parse_frame_labels(ind, cb)] == [set(x) for x in LABELS]
    a = FrameClassifier(threshold=0.5).fit(TEXTS, as_codes)
    b = FrameClassifier(threshold=0.5).fit(TEXTS, LABELS)
    assert np.allclose(a.predict_proba(TEXTS), b.predict_proba(TEXTS))
    with pytest.raises(ValueError, match="item 1: label 'weather'"):
        FrameClassifier().fit(TEXTS[:2], ["economic", "weather"])
    with pytest.raises(ValueError, match="3 columns"):
        parse_frame_labels(np.zeros((2, 3)), cb)


def test_bad_inputs_and_parameters():
    with pytest.raises(NotFittedError):
        FrameClassifier().predict(["x"])
    with pytest.raises(ValueError, match="2 texts but y has 3"):
        FrameClassifier().fit(TEXTS[:2], LABELS[:3])
    with pytest.raises(ValueError, match="no training text has a frame"):
        FrameClassifier().fit(TEXTS[:2], [[], []])
    with pytest.raises(ValueError, match="threshold"):
        FrameClassifier(threshold=1.5).fit(TEXTS, LABELS)
    with pytest.raises(ValueError, match="max_frames"):
        FrameClassifier(max_frames=0).fit(TEXTS, LABELS)
    with pytest.raises(TypeError, match="single string"):
        FrameClassifier().fit("one text", LABELS[:1])
    with pytest.raises(ValueError, match="secondary_weight"):
        FrameClassifier(secondary_weight=-1).fit(TEXTS, LABELS)


def test_stacked_primary_model_uses_the_frame_probabilities(fitted):
    from sklearn.linear_model import LogisticRegression

    # the 24 training texts are too few to stack on: the SVM alone decides
    assert fitted.primary_stacker_ is None
    # 5 copies (120 texts); "political" is the primary frame of the last text only, too
    # rare for stratified folds (plain k-fold then gives the out-of-fold decisions)
    texts = TEXTS * 5
    labels = [["public_opinion"] if lab[0] == "political" else list(lab) for lab in LABELS] * 5
    labels[-1] = ["political"]
    clf = FrameClassifier(random_state=0).fit(texts, labels)
    stacker = clf.primary_stacker_
    assert isinstance(stacker, LogisticRegression)
    # inputs: one decision value per primary class, then one probability per frame
    assert stacker.n_features_in_ == len(clf.primary_classes_) + len(clf.classes_)
    assert "political" in stacker.classes_
    PP = clf.primary_proba(TEXTS)
    assert np.allclose(PP.sum(axis=1), 1.0)
    gold = np.array([lab[0] for lab in LABELS], dtype=object)
    assert np.mean(clf.predict_primary(TEXTS[:12]) == gold[:12]) >= 0.9
    assert [f[0] for f in clf.predict_frames(TEXTS)] == clf.predict_primary(TEXTS).tolist()
    plain = FrameClassifier(stack_primary=False, random_state=0).fit(texts, labels)
    assert plain.primary_stacker_ is None
    assert not np.allclose(plain.primary_proba(TEXTS), PP)


def test_primary_estimator_is_mixed_into_the_primary_frame(fitted):
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import make_pipeline

    text_model = make_pipeline(TfidfVectorizer(), LogisticRegression(C=10.0))
    mixed = FrameClassifier(primary_estimator=text_model, random_state=0).fit(TEXTS, LABELS)
    est = mixed.primary_estimator_
    assert est is not text_model and list(est.classes_) == sorted({lab[0] for lab in LABELS})
    PP = mixed.primary_proba(TEXTS)
    expected = 0.4 * fitted.primary_proba(TEXTS)
    cols = [list(mixed.classes_).index(k) for k in est.classes_]
    expected[:, cols] += 0.6 * est.predict_proba(TEXTS)
    np.testing.assert_allclose(PP, expected, atol=1e-12)
    assert np.allclose(PP.sum(axis=1), 1.0)
    only = FrameClassifier(
        primary_estimator=text_model, primary_estimator_weight=1.0, random_state=0
    ).fit(TEXTS, LABELS)
    assert only.predict_primary(TEXTS).tolist() == list(est.predict(TEXTS))
    # the per-frame probabilities are the SVMs' whatever the primary model
    np.testing.assert_allclose(mixed.predict_proba(TEXTS), fitted.predict_proba(TEXTS))
    with pytest.raises(ValueError, match="primary_estimator_weight"):
        FrameClassifier(primary_estimator_weight=1.5).fit(TEXTS, LABELS)


def test_secondary_frames_as_weighted_primary_examples():
    # policy is never a primary frame in TRAIN, only a second one
    plain = FrameClassifier(random_state=0).fit(TEXTS, LABELS)
    assert "policy" not in plain.primary_model_.classes_
    extra = FrameClassifier(secondary_weight=0.3, random_state=0).fit(TEXTS, LABELS)
    assert "policy" in extra.primary_model_.classes_
    assert not np.allclose(
        plain.primary_model_.coef_[0], extra.primary_model_.coef_[0]
    )  # the extra examples change the model


def test_stemmed_ngrams_pool_inflections_and_round_trip(tmp_path):
    f = StemmedNgrams(word_ngram_range=(1, 1), char_ngram_range=None, min_df=1)
    X = f.fit_transform(["Shootings rose.", "A shooting in town."])
    names = f.get_feature_names_out().tolist()
    assert "word__shoot" in names and "word__shootings" not in names
    assert (X[:, names.index("word__shoot")].toarray() > 0).all()
    g = StemmedNgrams(min_df=1)
    Xg = g.fit_transform(TEXTS)
    assert np.allclose(Xg.toarray(), g.transform(TEXTS).toarray())
    assert any(n.startswith("char__") for n in g.get_feature_names_out())
    with pytest.raises(NotFittedError):
        StemmedNgrams().transform(["x"])
    clf = FrameClassifier(features=default_frame_features(stem=True), random_state=0)
    clf.fit(TEXTS, LABELS)
    assert isinstance(clf.features_.transformer_list[0][1], StemmedNgrams)
    assert clf.predict_primary(["Shelling and attacks by troops."])[0] == "security_defense"
    loaded = load_frame_model(dump_model(clf, tmp_path / "stem.skops"))
    assert np.array_equal(loaded.predict_proba(TEXTS), clf.predict_proba(TEXTS))
    assert np.array_equal(loaded.primary_proba(TEXTS), clf.primary_proba(TEXTS))


def test_estimator_contract(fitted):
    c = clone(fitted)
    assert c.get_params() == fitted.get_params()
    c.set_params(C=2.0, threshold=0.4)
    assert c.get_params()["C"] == 2.0
    assert not hasattr(c, "classes_")
    restored = pickle.loads(pickle.dumps(fitted))
    assert np.array_equal(restored.predict_proba(TEXTS), fitted.predict_proba(TEXTS))


def test_any_codebook_works_and_dataframe_input():
    import pandas as pd

    cb = Codebook.from_dict(
        {
            "name": "two",
            "frames": [
                {"key": "war", "definition": "Fighting.", "seed_terms": ["troops"]},
                {"key": "money", "definition": "Money.", "seed_terms": ["tax", "prices"]},
            ],
        }
    )
    texts = TEXTS[:12]
    y = ["war"] * 6 + ["money"] * 6
    clf = FrameClassifier(codebook=cb).fit(pd.DataFrame({"text": texts}), y)
    assert list(clf.classes_) == ["war", "money"]
    assert clf.predict_primary(["Troops advanced.", "Prices rose."]).tolist() == ["war", "money"]
    assert "seeds__seed__war" in clf.features_.get_feature_names_out()


def test_skops_round_trip_is_exact_and_deterministic(fitted, tmp_path):
    a = dump_model(fitted, tmp_path / "a.skops")
    b = dump_model(fitted, tmp_path / "b.skops")
    assert a.read_bytes() == b.read_bytes()
    loaded = load_frame_model(a)
    assert np.array_equal(loaded.predict_proba(TEXTS), fitted.predict_proba(TEXTS))
    assert loaded.predict_frames(TEXTS) == fitted.predict_frames(TEXTS)


class Lower(TransformerMixin, BaseEstimator):
    """A transformer type that the model loader does not know."""

    def fit(self, X, y=None):
        self.vec_ = CountVectorizer().fit(X)
        return self

    def transform(self, X):
        return self.vec_.transform([str(x).lower() for x in X])


def test_loading_refuses_untrusted_types(tmp_path):
    feats = FeatureUnion([("bow", Lower())])
    clf = FrameClassifier(features=feats, threshold=0.5).fit(TEXTS, LABELS)
    p = dump_model(clf, tmp_path / "m.skops")
    with pytest.raises(ValueError, match="untrusted types.*test_frames.Lower"):
        load_frame_model(p)
    ok = load_frame_model(p, trusted=[f"{Lower.__module__}.Lower"])
    assert ok.predict_frames(TEXTS[:3]) == clf.predict_frames(TEXTS[:3])
    with pytest.raises(FileNotFoundError):
        load_frame_model(tmp_path / "missing.skops")


def test_shipped_model_loads_and_reads_clear_paragraphs():
    assert default_frame_model_path().is_file()
    m = load_frame_model()
    assert m is load_frame_model()  # cached
    assert list(m.classes_) == Codebook.builtin("policy_frames").keys
    table = m.frame_table(
        [
            "Russian troops shelled the airport overnight and rebel fighters seized two towns.",
            "Clinton leads Trump by five points among likely voters, a new poll shows.",
            "The Supreme Court ruled that the law violates the First Amendment.",
        ]
    )
    assert table.loc[0, "primary_frame"] == "security_defense"
    assert "public_opinion" in table.loc[1, "frames"]
    assert table.loc[2, "primary_frame"] == "legality"


def test_score_texts_adds_frame_columns():
    import pandas as pd

    from framing.score import score_texts
    from framing.tone import ToneClassifier

    tone_texts = ["Fighting killed dozens.", "A great success for all.", "The meeting is Monday."]
    tone = ToneClassifier().fit(tone_texts * 6, ["negative", "positive", "neutral"] * 6)
    frames = FrameClassifier(random_state=0).fit(TEXTS, LABELS)
    s = pd.Series(
        ["Troops and tanks attacked the border town.", "Prices and jobs fell."], index=[7, 9]
    )
    df = score_texts(s, tone_model=tone, frame_model=frames)
    assert df.index.tolist() == [7, 9]
    tone_cols = ["tone", "tone_score", "p_negative", "p_neutral", "p_positive"]
    assert df.columns.tolist() == [
        *tone_cols,
        "frames",
        "primary_frame",
        *[f"p_{k}" for k in frames.classes_],
    ]
    assert df["primary_frame"].tolist() == ["security_defense", "economic"]
    assert [f[0] for f in df["frames"]] == df["primary_frame"].tolist()
    assert score_texts(s, tone_model=tone, frames=False).columns.tolist() == tone_cols


def test_saved_model_does_not_depend_on_the_codebook_path_spelling(tmp_path, monkeypatch):
    from framing._skops import canonical_skops

    d = tmp_path / "books"
    d.mkdir()
    Codebook.builtin("policy_frames").save(d / "pf.yaml")
    monkeypatch.chdir(tmp_path)
    spellings = ["books/pf.yaml", str(d / "pf.yaml"), "./books/../books/pf.yaml"]
    files = []
    for i, path in enumerate(spellings):
        cb = Codebook.load(path)
        assert cb.source == str(Path(path))  # the path as given
        clf = FrameClassifier(codebook=cb, threshold=0.5, random_state=0).fit(TEXTS, LABELS)
        files.append(dump_model(clf, tmp_path / f"m{i}.skops").read_bytes())
    assert files[0] == files[1] == files[2]
    monkeypatch.chdir(d)  # the bare file name as given
    clf = FrameClassifier(codebook=Codebook.load("pf.yaml"), threshold=0.5, random_state=0)
    clf.fit(TEXTS, LABELS)
    assert dump_model(clf, tmp_path / "m3.skops").read_bytes() == files[0]
    loaded = load_frame_model(tmp_path / "m0.skops")
    assert loaded.codebook_.source == "pf.yaml" and loaded.codebook.source == "pf.yaml"
    assert loaded.codebook_ == Codebook.builtin("policy_frames")
    import skops.io as sio

    assert canonical_skops(sio.dumps(clf)) == files[0]
