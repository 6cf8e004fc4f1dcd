"""The main job: framing.analyze end to end, aggregates, reproducibility, the CLI."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest

import framing
from framing.analysis import TABLES, bootstrap_mean, speaker_key


@pytest.fixture(scope="module")
def seed_analysis(seed_corpus):
    return framing.analyze(seed_corpus)


@pytest.fixture(scope="module")
def sample_analysis(sample_corpus):
    return framing.analyze(sample_corpus)


# --- statistics -----------------------------------------------------------------------------


def test_bootstrap_mean_is_deterministic_and_brackets_the_mean():
    rng = np.random.default_rng(1)
    x = rng.normal(0.2, 0.3, size=60)
    a = bootstrap_mean(x, key="k")
    assert a == bootstrap_mean(x, key="k")
    mean, lo, hi = a
    assert lo < mean < hi
    # about 1.96 standard errors each side for a large-ish normal sample
    se = x.std(ddof=1) / np.sqrt(len(x))
    assert hi - lo == pytest.approx(2 * 1.96 * se, rel=0.2)


def test_bootstrap_mean_small_samples():
    assert np.isnan(bootstrap_mean([], key="e")[0])
    m, lo, hi = bootstrap_mean([0.5], key="one")
    assert m == 0.5 and np.isnan(lo) and np.isnan(hi)


def test_speaker_key_merges_people_and_organisations_not_anonymous():
    assert speaker_key("President Joe Biden", "person", "d1") == speaker_key(
        "Joe Biden", "person", "d2"
    )
    assert speaker_key("the Kremlin", "organization", "d1") == speaker_key(
        "Kremlin", "organization", "d2"
    )
    anon = "a senior U.S. administration official"
    assert speaker_key(anon, "anonymous", "d1") != speaker_key(anon, "anonymous", "d2")
    # a surname alone is not enough to merge two people across documents
    assert speaker_key("Smith", "person", "d1") != speaker_key("Smith", "person", "d2")


# --- the seed article ---------------------------------------------------------------------


def test_every_seed_paragraph_has_tone_and_frames(seed_analysis, seed_corpus):
    p = seed_analysis.paragraphs
    assert len(p) == len(seed_corpus.paragraphs)
    assert set(p["tone"].astype(str)) <= {"negative", "neutral", "positive"}
    assert p["tone_score"].between(-1, 1).all()
    assert p["frames"].map(len).gt(0).all()
    assert (p["primary_frame"] == p["frames"].map(lambda f: f[0])).all()
    probs = p[["p_negative", "p_neutral", "p_positive"]].sum(axis=1)
    assert np.allclose(probs, 1.0)
    assert set(seed_analysis.frame_keys) >= {"economic", "security_defense", "political"}


def test_seed_speakers_listed_once_under_full_name(seed_analysis):
    s = seed_analysis.speakers
    names = s["speaker_name"].tolist()
    assert len(names) == len(set(names)), "a speaker is listed twice"
    for full in (
        "Joe Biden",
        "Andrey Kortunov",
        "Vladimir Frolov",
        "Ruslan Lapuk",
        "Volodymyr Pylypyuk",
        "Vladimir Bulatov",
        "Elena",
        "a senior U.S. administration official",
    ):
        assert full in names, full
    # pronouns and bare titles never stand as a speaker's canonical name
    assert not set(names) & {"he", "He", "she", "the official", "The official", "Frolov"}
    official = s[s["speaker_name"] == "a senior U.S. administration official"].iloc[0]
    assert official["n_quotes"] >= 8
    assert official["speaker_type"] == "anonymous"


def test_quotes_carry_tone_and_frames(seed_analysis):
    q = seed_analysis.quotes
    assert len(q) >= 25
    assert {"tone", "tone_score", "frames", "primary_frame", "speaker_name"} <= set(q.columns)
    assert q["tone_score"].between(-1, 1).all()


def test_paragraph_voice_and_speakers(seed_analysis):
    p = seed_analysis.paragraphs.set_index("para_id")
    # "The White House declined comment." carries no speech of a quoted speaker
    assert p.loc[1, "voice"] == "author"
    assert p.loc[4, "voice"] == "quoted" and p.loc[4, "quoted_share"] > 0.5
    assert "a senior U.S. administration official" in p.loc[4, "speaker_names"]


def test_documents_table(seed_analysis):
    d = seed_analysis.documents.iloc[0]
    assert d["n_quotes"] == len(seed_analysis.quotes)
    assert d["tone_low"] <= d["tone_mean"] <= d["tone_high"]
    shares = [d[f"share_{t}"] for t in ("negative", "neutral", "positive")]
    assert sum(shares) == pytest.approx(1.0)
    frames = [d[f"frame_{k}"] for k in seed_analysis.frame_keys]
    assert sum(frames) == pytest.approx(1.0)


# --- the sample corpus ------------------------------------------------------------------------


def test_group_by_outlet_and_month(sample_analysis):
    by_outlet = sample_analysis.group("outlet")
    assert by_outlet["n"].sum() == len(sample_analysis.paragraphs)
    assert set(by_outlet["outlet"]) == set(sample_analysis.documents["outlet"].fillna("(unknown)"))
    by_month = sample_analysis.group("published:M")
    assert by_month["n_documents"].sum() == len(sample_analysis.documents)
    assert sample_analysis.group("agency", table="quotes")["n"].sum() == len(sample_analysis.quotes)
    with pytest.raises(KeyError, match="no column"):
        sample_analysis.group("nonexistent")


def test_corpus_speakers_sum_to_quotes(sample_analysis):
    cs = sample_analysis.corpus_speakers
    assert cs["n_quotes"].sum() == len(sample_analysis.quotes)
    assert cs["n_documents"].ge(1).all()


def test_to_dir_is_deterministic(sample_analysis, sample_corpus, tmp_path):
    a = sample_analysis.to_dir(tmp_path / "a")
    b = framing.analyze(sample_corpus).to_dir(tmp_path / "b")
    for name in TABLES:
        assert (a / f"{name}.csv").read_bytes() == (b / f"{name}.csv").read_bytes(), name
    run = json.loads((a / "run.json").read_text())
    assert run["versions"]["scikit-learn"] and run["models"]["tone"]["sha256"]
    assert all(i["sha256"] for i in run["inputs"])
    back = pd.read_csv(a / "paragraphs.csv")
    assert len(back) == len(sample_analysis.paragraphs)


def test_cli_analyze_seed(seed_files, tmp_path, capsys):
    from framing.cli import main

    out = tmp_path / "run"
    assert main(["analyze", *map(str, seed_files), "--out", str(out)]) == 0
    printed = capsys.readouterr().out
    assert "paragraphs: 39" in printed and "problems reported by the loader: 0" in printed
    for name in TABLES:
        assert (out / f"{name}.csv").is_file()
    assert (out / "run.json").is_file()
    figures = sorted((out / "figures").glob("*.png"))
    assert len(figures) >= 3
