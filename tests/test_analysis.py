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


def test_bootstrap_mean_small_samples_use_student_t():
    # n=2: mean +- t(0.975, 1) * s / sqrt(2), t(0.975, 1) = 12.7062
    m, lo, hi = bootstrap_mean([-0.5, 0.5], key="x")
    assert m == 0.0
    assert (lo, hi) == pytest.approx((-6.35310, 6.35310), abs=1e-4)
    # clipped to the range of the values (tone scores: [-1, 1])
    assert bootstrap_mean([-0.5, 0.5], key="x", bounds=(-1, 1)) == (0.0, -1.0, 1.0)
    # n=3: s = 0.1, t(0.975, 2) = 4.3027
    m, lo, hi = bootstrap_mean([0.1, 0.2, 0.3], key="x")
    assert (m, lo, hi) == pytest.approx((0.2, 0.2 - 0.24841, 0.2 + 0.24841), abs=1e-4)
    # the key only seeds the bootstrap, which small samples do not use
    assert bootstrap_mean([0.1, 0.2, 0.3], key="y") == (m, lo, hi)


def test_bootstrap_mean_covers_the_true_mean_at_every_n():
    """95% intervals cover the mean of a skewed tone-like distribution in about 95% of
    2,000 draws at every n (the percentile bootstrap covered about 50% at n=2, 75% at
    n=3), and get narrower as n grows."""
    rng = np.random.default_rng(7)
    true_mean = 2 * 2 / (2 + 5) - 1  # 2 * Beta(2, 5) - 1, in [-1, 1]
    widths = {}
    for n in (2, 3, 5, 10, 40):
        hits, width = 0, []
        for i in range(2000):
            x = 2 * rng.beta(2, 5, size=n) - 1
            _, lo, hi = bootstrap_mean(x, key=f"{n}/{i}", bounds=(-1, 1))
            hits += lo <= true_mean <= hi
            width.append(hi - lo)
        assert 0.90 <= hits / 2000 <= 0.99, (n, hits / 2000)
        widths[n] = np.mean(width)
    assert list(widths.values()) == sorted(widths.values(), reverse=True), widths


def test_tone_intervals_of_tables_stay_within_the_score_range():
    from framing.analysis import group_table

    df = pd.DataFrame(
        {
            "doc_id": ["a1", "a2", "b1", "b2", "b3"],
            "outlet": ["X", "X", "Y", "Y", "Y"],
            "tone": ["negative", "positive", "neutral", "neutral", "positive"],
            "tone_score": [-0.9, 0.8, 0.0, 0.1, 0.2],
            "primary_frame": ["economic"] * 5,
        }
    )
    g = group_table(df, "outlet", ["economic"]).set_index("outlet")
    assert g.loc["X", ["tone_low", "tone_high"]].tolist() == [-1.0, 1.0]
    assert g.loc["Y", ["tone_low", "tone_high"]].tolist() == pytest.approx(
        [0.1 - 0.24841, 0.1 + 0.24841], abs=1e-4
    )


def test_clustered_intervals_cover_the_mean_where_rows_of_a_document_agree():
    """Quotes of one article share its topic and writer. Drawn so (a document effect
    as large as the quote noise), intervals that resample whole documents cover the true
    mean in about 95% of draws at 3, 8 and 40 documents; those that treat the quotes as
    independent are far too narrow."""
    rng = np.random.default_rng(11)
    for n_docs in (3, 8, 40):
        hits = naive_hits = 0
        draws = 600
        for i in range(draws):
            sizes = rng.integers(2, 9, size=n_docs)
            effect = np.repeat(rng.normal(0, 0.3, size=n_docs), sizes)
            x = effect + rng.normal(0, 0.3, size=sizes.sum())
            docs = np.repeat([f"d{j}" for j in range(n_docs)], sizes)
            _, lo, hi = bootstrap_mean(x, key=f"{n_docs}/{i}", clusters=docs)
            hits += lo <= 0 <= hi
            _, lo, hi = bootstrap_mean(x, key=f"{n_docs}/{i}")
            naive_hits += lo <= 0 <= hi
        assert 0.90 <= hits / draws <= 0.99, (n_docs, hits / draws)
        assert naive_hits / draws < 0.85, (n_docs, naive_hits / draws)


def test_clustered_interval_edge_cases():
    x = [0.1, 0.4, -0.2, 0.3, 0.0, 0.5]
    # one value per cluster is the plain interval, draw for draw
    assert bootstrap_mean(x, key="k", clusters=list("abcdef")) == bootstrap_mean(x, key="k")
    many = np.linspace(-0.5, 0.5, 60)
    assert bootstrap_mean(many, key="k", clusters=np.arange(60)) == bootstrap_mean(many, key="k")
    # one document: no interval; the order of the rows does not matter
    assert np.isnan(bootstrap_mean(x, clusters=["a"] * 6)[1])
    docs = np.repeat(np.arange(40), 2)
    vals = np.sin(np.arange(80))
    perm = np.random.default_rng(0).permutation(80)
    assert bootstrap_mean(vals, key="k", clusters=docs) == pytest.approx(
        bootstrap_mean(vals[perm], key="k", clusters=docs[perm])
    )
    with pytest.raises(ValueError, match="3 cluster labels for 6 values"):
        bootstrap_mean(x, clusters=["a", "b", "c"])


def test_group_table_intervals_count_a_document_once():
    from framing.analysis import group_table

    df = pd.DataFrame(
        {
            "doc_id": ["a"] * 4 + ["b"] * 4 + ["c"],
            "outlet": ["X"] * 8 + ["Y"],
            "tone": ["neutral"] * 9,
            "tone_score": [-0.5, -0.4, -0.5, -0.4, 0.5, 0.4, 0.5, 0.4, 0.2],
            "primary_frame": ["economic"] * 9,
        }
    )
    g = group_table(df, "outlet", ["economic"]).set_index("outlet")
    # two documents: t(0.975, 1) x cluster-robust SE of 0.45 = 5.72; clipped to the range
    assert g.loc["X", ["tone_low", "tone_high"]].tolist() == [-1.0, 1.0]
    assert np.isnan(g.loc["Y", "tone_low"])  # a single document
    plain = bootstrap_mean(df["tone_score"][:8], key="group/outlet/X")
    assert plain[2] - plain[1] < 1.0


# --- grouping: labels that differ only in case or spacing -----------------------------------


def test_group_labels_ignore_case_and_spacing():
    from framing.plot import group_values

    s = pd.Series(
        ["Fox News", "fox news", "Fox  News", "FOX NEWS", " Fox News ", "Fox", None, "  "]
        + ["fox\u00a0news", 2021]
    )
    pos, keys = group_values(s)
    assert pos.tolist() == list(range(len(s)))
    # the most frequent spelling (spaces collapsed) names the group; "Fox" stays apart
    assert keys.tolist() == ["Fox News"] * 5 + ["Fox", None, None, "Fox News", 2021]
    # ties: the alphabetically first spelling, whatever the order of the rows
    for order in (["nyt", "NYT", "hpo", "HPO", "HPO"], ["NYT", "HPO", "hpo", "nyt", "HPO"]):
        _, keys = group_values(pd.Series(order))
        assert sorted(set(keys)) == ["HPO", "NYT"]
    # a list cell counts once per group, however it spells the value
    pos, keys = group_values(pd.Series([["Tax", "tax ", "Energy"], ["TAX"], []]))
    assert pos.tolist() == [0, 0, 1, 2]
    assert keys.tolist() == ["TAX", "Energy", "TAX", None]


def test_group_table_merges_outlet_spellings():
    from framing.analysis import group_table

    outlets = ["FOX", "fox", "fox", "NYT  ", "nyt", "New York Times", "Fox"]
    df = pd.DataFrame(
        {
            "doc_id": ["d1", "d2", "d3", "d4", "d5", "d6", "d7"],
            "outlet": outlets,
            "tone": ["neutral"] * 7,
            "tone_score": [0.1, 0.2, 0.3, -0.1, -0.2, 0.5, 0.0],
            "primary_frame": ["economic"] * 7,
        }
    )
    g = group_table(df, "outlet", ["economic"]).set_index("outlet")
    # the spelling of most rows names the group
    assert g["n"].to_dict() == {"NYT": 2, "New York Times": 1, "fox": 4}
    assert g.loc["fox", "n_documents"] == 4
    assert g.loc["fox", "tone_mean"] == pytest.approx(0.15)
    assert g.loc["NYT", "tone_mean"] == pytest.approx(-0.15)


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
    # the same name with and without its accents is the same person
    assert speaker_key("Rep. Raúl Labrador", "person", "d1") == speaker_key(
        "Raul Labrador", "person", "d2"
    )


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


# --- errors and edge cases of group, show and the output folder ---------------------------------


@pytest.fixture(scope="module")
def tagged_analysis():
    """Three small documents: tags overlap, one document has none, one repeats a tag."""
    df = pd.DataFrame(
        {
            "id": ["a", "b", "c"],
            "title": ["A", "B", "C"],
            "published": ["2024-01-05", "2024-02-10", "2024-02-20"],
            "outlet": ["Daily", "Daily", "Weekly"],
            "tags": [["energy", "tax"], ["tax", "tax"], []],
            "text": [
                'Prices rose sharply.\n\n"This tax is a disaster," the minister said.',
                "The tax cut passed.\n\nVoters welcomed the relief.\n\nCritics were furious.",
                "Floods hit the coast.\n\nThousands were evacuated.",
            ],
        }
    )
    return framing.analyze(framing.load_corpus(df))


def test_group_by_list_columns_counts_a_row_under_each_value(tagged_analysis, sample_analysis):
    a = tagged_analysis
    p = a.paragraphs
    n_by_doc = p.groupby("doc_id").size()
    ids = dict(zip(a.documents["title"], a.documents["doc_id"]))
    by_tag = a.group("tags").set_index("tags")
    assert set(by_tag.index) == {"energy", "tax", "(unknown)"}
    # a paragraph counts once under each distinct tag of its document
    assert by_tag.loc["tax", "n"] == n_by_doc[ids["A"]] + n_by_doc[ids["B"]]
    assert by_tag.loc["tax", "n_documents"] == 2
    assert by_tag.loc["energy", "n"] == n_by_doc[ids["A"]]
    # a document with no tags is not lost
    assert by_tag.loc["(unknown)", "n"] == n_by_doc[ids["C"]]
    b = p[p["doc_id"] == ids["B"]]
    assert by_tag.loc["tax", "tone_mean"] == pytest.approx(
        p[p["doc_id"].isin([ids["A"], ids["B"]])]["tone_score"].mean()
    )
    assert b["tone_score"].mean() != pytest.approx(by_tag.loc["tax", "tone_mean"])

    # frames: every frame a paragraph (or quote) carries, on a real corpus
    for table in ("paragraphs", "quotes"):
        rows = getattr(sample_analysis, table)
        by_frame = sample_analysis.group("frames", table=table).set_index("frames")
        for key, g in by_frame.iterrows():
            has = rows["frames"].map(lambda f, key=key: key in list(f))
            assert g["n"] == has.sum(), (table, key)
            assert g["tone_mean"] == pytest.approx(rows.loc[has, "tone_score"].mean())
        assert by_frame["n"].sum() == rows["frames"].map(lambda f: len(set(f))).sum()


def test_group_periods_and_tables_give_clear_errors(sample_analysis):
    a = sample_analysis
    for freq in ("D", "W", "M", "Q", "Y"):
        g = a.group(f"published:{freq}")
        assert g["n"].sum() == len(a.paragraphs), freq
    assert a.group("published:Y")["published:Y"].str.fullmatch(r"\d{4}").all()
    with pytest.raises(ValueError, match=r"unknown period 'X'.*D .*W .*M .*Q .*Y"):
        a.group("published:X")
    with pytest.raises(ValueError, match="'outlet' is not a date column.*':M'"):
        a.group("outlet:M")
    with pytest.raises(ValueError, match="'tags' is not a date column"):
        a.group("tags:M")
    for table in ("speakers", "documents", "bogus"):
        with pytest.raises(ValueError, match=f"'{table}'.*'paragraphs' or 'quotes'"):
            a.group("outlet", table=table)
    # a column of the quotes table asked of the paragraphs: the error says where it is
    with pytest.raises(KeyError, match=r"group\('speaker_category', table='quotes'\)"):
        a.group("speaker_category")
    with pytest.raises(KeyError, match="try outlet"):
        a.group("no_such_column")


def test_show_unknown_document_says_how_to_list_ids(sample_analysis):
    a = sample_analysis
    first = a.documents["doc_id"].iloc[0]
    assert a.show().doc_id == first and a.show(first).doc_id == first
    with pytest.raises(KeyError, match=r"no document 'nope'.*analysis\.documents\.doc_id"):
        a.show("nope")
    with pytest.raises(KeyError, match="no document 0 "):
        a.show(0)
    with pytest.raises(KeyError, match=f"closest: {first!r}"):
        a.show(first[:-1])


def _files(d):
    return {p.relative_to(d).as_posix() for p in d.rglob("*") if p.is_file()}


def _run_files(d):
    run = json.loads((d / "run.json").read_text())
    return {"run.json", *run["tables"].values(), *run.get("figures", [])}


def test_to_dir_removes_only_the_previous_runs_files(seed_analysis, tagged_analysis, tmp_path):
    out = tmp_path / "out"
    seed_analysis.to_dir(out, figures=True)
    seed_figure = f"figures/tone_by_paragraph_{seed_analysis.documents['doc_id'].iloc[0]}.png"
    assert seed_figure in _run_files(out)
    (out / "notes.txt").write_text("mine")
    (out / "figures" / "mine.png").write_bytes(b"x")
    tagged_analysis.to_dir(out, format="parquet", figures=True)
    assert seed_figure not in _files(out)
    assert _files(out) == _run_files(out) | {"notes.txt", "figures/mine.png"}
    assert not (out / "paragraphs.csv").exists() and (out / "paragraphs.parquet").is_file()


def test_prepare_output_dir_never_leaves_the_folder(tmp_path):
    from framing.analysis import prepare_output_dir

    out = tmp_path / "out"
    (out / "figures").mkdir(parents=True)
    (tmp_path / "outside.txt").write_text("keep")
    for name in ("paragraphs.csv", "figures/a.png", "figures/b.png"):
        (out / name).write_text("old")
    run = {
        "tables": {"paragraphs": "paragraphs.csv", "quotes": "quotes.csv"},
        "figures": ["figures/a.png", "../outside.txt", str(tmp_path / "outside.txt")],
    }
    (out / "run.json").write_text(json.dumps(run))
    assert prepare_output_dir(out) == out
    assert _files(out) == {"figures/b.png"}
    assert (tmp_path / "outside.txt").read_text() == "keep"
    # a run.json that is not framing's: nothing is removed
    (out / "run.json").write_text('{"figures": ["figures/b.png"]}')
    prepare_output_dir(out)
    assert _files(out) == {"figures/b.png", "run.json"}


def test_cli_analyze_twice_into_one_folder(seed_analysis, tmp_path, capsys):
    from framing.cli import main

    src = tmp_path / "in.csv"
    pd.DataFrame({"id": ["x"], "text": ["Calm day.\n\nNothing happened."]}).to_csv(src, index=False)
    out = tmp_path / "run"
    seed_analysis.to_dir(out, figures=True)
    assert (out / "figures" / "speaker_forest.png").is_file()
    assert main(["analyze", str(src), "--out", str(out), "--no-figures"]) == 0
    assert _files(out) == _run_files(out)
    assert not (out / "figures").exists()
    afile = tmp_path / "afile"
    afile.write_text("")
    capsys.readouterr()
    assert main(["analyze", str(src), "--out", str(afile)]) == 2
    err = capsys.readouterr().err
    assert "is a file, not a directory" in err and "Errno" not in err
    assert main(["analyze", str(src), "--out", str(afile / "sub")]) == 2
    assert "is a file, not a directory" in capsys.readouterr().err


def test_an_unattributed_quotation_is_not_the_authors_voice():
    texts = [
        '"We will not back down."\n\nThat was the message from Anna Berg on Monday.',
        'The so-called "reform" passed.',  # scare quotes are the author's words
    ]
    a = framing.analyze(framing.load_corpus(pd.DataFrame({"text": texts})))
    assert a.paragraphs["voice"].tolist() == ["quoted", "author", "author"]
    doc = a.documents.set_index("doc_id").loc["row-0"]
    tones = a.paragraphs.groupby(["doc_id", "voice"])["tone_score"].mean()
    assert doc["quoted_tone"] == pytest.approx(tones["row-0", "quoted"])
    assert doc["author_tone"] == pytest.approx(tones["row-0", "author"])


def test_summaries_count_the_loaders_notes_on_loaded_documents(tmp_path, capsys):
    from framing.cli import main

    """A document loaded with a note (a date that can only be day first, so its
    neighbours are probably misread) is not a problem, but the summaries must not say
    that nothing needs looking at."""
    src = tmp_path / "export.csv"
    src.write_text(
        "title,text,date,outlet\n"
        'Rail strike called off,"Talks ended late on Sunday, the union said.",15/02/2024,Post\n'
        "Budget passes,The council passed its budget on Monday.,03/04/2024,Post\n",
        encoding="utf-8",
    )
    with pytest.warns(framing.LoaderWarning, match="can only be day first"):
        corpus = framing.load_corpus(src)
    assert "notes on loaded documents: 1" in corpus.summary()
    assert "export.csv:row 2: date '15/02/2024' can only be day first" in corpus.summary()
    assert "notes on loaded documents: 1" in framing.analyze(corpus).summary()
    out = tmp_path / "run"
    assert main(["analyze", str(src), "--out", str(out), "--no-figures"]) == 0
    printed = capsys.readouterr().out
    assert "problems reported by the loader: 0" in printed
    assert "notes on loaded documents: 1 (see the reason column of report.csv)" in printed
