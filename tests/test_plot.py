"""Figures of framing.plot: images are produced, labelled, and show the table's data."""

from __future__ import annotations

import logging

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402
from analysis_fixtures import multi_doc_tables, real_analysis, seed_tables  # noqa: E402
from matplotlib.collections import PathCollection, PolyCollection  # noqa: E402
from matplotlib.colors import to_hex  # noqa: E402

from framing.plot import (  # noqa: E402
    AUTHOR_COLOR,
    LABEL_WIDTH,
    OTHER_COLOR,
    NoDataError,
    compare_groups,
    frame_label,
    frames_over_time,
    save_figures,
    speaker_forest,
    speaker_frame_heatmap,
    tone_by_paragraph,
)


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


@pytest.fixture(scope="module")
def seed(seed_corpus):
    return seed_tables(seed_corpus)


@pytest.fixture(scope="module")
def multi(seed_corpus):
    return multi_doc_tables(seed_corpus)


def assert_png(ax, path) -> None:
    """The figure saves as a non-trivial PNG: big enough and not one flat colour."""
    ax.figure.savefig(path, dpi=80)
    assert path.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert path.stat().st_size > 8_000
    img = plt.imread(path)
    assert img.shape[0] > 150 and img.shape[1] > 300
    assert img[..., :3].std() > 0.05


def assert_labelled(ax) -> None:
    assert ax.get_xlabel().strip()
    assert ax.get_ylabel().strip()
    assert ax.get_title().strip()


def tick_labels(ax, axis: str = "y") -> list[str]:
    labels = ax.get_yticklabels() if axis == "y" else ax.get_xticklabels()
    return [t.get_text() for t in labels]


def clustered_labels(table: pd.DataFrame, by: str) -> list[str]:
    """The tone labels of a group of paragraphs or quotes, several to a document:
    rows and documents, ``"Reuters (n=12, 3 docs)"``, counted here from the rows."""
    g = table.groupby(by)["doc_id"]
    return sorted(
        f"{k} (n={n}, {d} doc{'s' if d != 1 else ''})"
        for k, n, d in zip(g.size().index, g.size(), g.nunique())
    )


def cut(name: str) -> str:
    """A name as shown in a figure: cut at LABEL_WIDTH characters with an ellipsis."""
    return name if len(name) <= LABEL_WIDTH else name[: LABEL_WIDTH - 1].rstrip() + "\u2026"


def label_of(name: str, n: int) -> str:
    """A speaker's axis label: the name and its number of quotes."""
    return f"{cut(name)} ({n})"


# --------------------------------------------------------------------------------------
# tone_by_paragraph


def test_tone_by_paragraph_one_bar_per_paragraph(seed, tmp_path):
    paras = seed.paragraphs
    ax = tone_by_paragraph(paras)
    assert_png(ax, tmp_path / "tone.png")
    assert_labelled(ax)
    bars = ax.containers[0]
    assert len(bars) == len(paras)
    heights = np.array([b.get_height() for b in bars])
    np.testing.assert_allclose(heights, paras["tone_score"].to_numpy())
    xs = np.array([b.get_x() + b.get_width() / 2 for b in bars])
    np.testing.assert_allclose(xs, paras["para_id"].to_numpy())


def test_tone_by_paragraph_colours_follow_the_speaker(seed):
    paras = seed.paragraphs
    first = [names[0] if len(names) else None for names in paras["speaker_names"]]
    speakers = {w for w in first if w is not None}
    assert len(speakers) > 9
    for max_speakers in (len(speakers), 5):
        ax = tone_by_paragraph(paras, max_speakers=max_speakers)
        colours = [to_hex(b.get_facecolor()) for b in ax.containers[0]]
        by_speaker: dict = {}
        for who, c in zip(first, colours):
            by_speaker.setdefault(who, set()).add(c)
        assert all(len(cs) == 1 for cs in by_speaker.values())
        colour = {w: next(iter(cs)) for w, cs in by_speaker.items()}
        assert colour.pop(None) == AUTHOR_COLOR
        legend = [t.get_text() for t in ax.get_legend().get_texts()]
        assert legend[0] == "Author's voice"
        own = [w for w in colour if colour[w] != OTHER_COLOR]
        # the speakers of most paragraphs get their own colour, all distinct
        n_own = min(max_speakers, len(speakers), 18)
        assert len(own) == n_own == len({colour[w] for w in own})
        n_paras = pd.Series([w for w in first if w is not None]).value_counts()
        assert min(n_paras[w] for w in own) >= max(
            [n_paras[w] for w in colour if w not in own], default=0
        )
        assert set(legend[1 : 1 + len(own)]) == {cut(w) for w in own}
        assert ("Other speakers" in legend) == (len(own) < len(speakers))


def test_tone_by_paragraph_marks_section_boundaries(seed):
    paras = seed.paragraphs
    ax = tone_by_paragraph(paras)
    sections = paras["section"].where(paras["section"].notna(), "").to_list()
    changes = [
        (paras["para_id"].iloc[i - 1] + paras["para_id"].iloc[i]) / 2
        for i in range(1, len(sections))
        if sections[i] != sections[i - 1]
    ]
    assert changes, "the seed article has an 'Earlier story' section"
    vlines = [ln.get_xdata()[0] for ln in ax.get_lines() if ln.get_linestyle() == "--"]
    assert vlines == pytest.approx(changes)
    texts = [t.get_text() for t in ax.texts]
    assert "Earlier story" in texts


def test_tone_by_paragraph_on_given_axes_and_document(multi):
    fig, (a1, a2) = plt.subplots(1, 2)
    out = tone_by_paragraph(multi.paragraphs, "doc2", ax=a2, title="Part three")
    assert out is a2
    assert a2.get_title() == "Part three"
    assert len(a2.containers[0]) == int((multi.paragraphs["doc_id"] == "doc2").sum())
    assert not a1.containers


def test_tone_by_paragraph_unknown_document(seed):
    with pytest.raises(NoDataError, match="no paragraphs for doc_id"):
        tone_by_paragraph(seed.paragraphs, "no-such-doc")
    with pytest.raises(ValueError, match="lacks column"):
        tone_by_paragraph(seed.paragraphs.drop(columns="tone_score"))


def test_tone_by_paragraph_odd_names_and_missing_columns():
    paras = pd.DataFrame(
        {
            "doc_id": "d",
            "para_id": [0, 1, 2],
            "tone_score": [0.5, float("nan"), -0.3],
            "speaker_names": [["Fund $5bn spokesman"], None, ["A", "B"]],
        }
    )
    ax = tone_by_paragraph(paras)
    ax.figure.canvas.draw()  # mathtext would fail to parse an unescaped "$"
    assert len(ax.containers[0]) == 3
    assert ax.containers[0][2].get_hatch() == "///"
    legend = [t.get_text() for t in ax.get_legend().get_texts()]
    assert "Several speakers" in legend
    # the paragraph with no score has no bar (a zero bar would read as neutral) but a cross
    assert np.isnan(ax.containers[0][1].get_height())
    crosses = [c for c in ax.collections if len(c.get_offsets()) == 1]
    assert [tuple(c.get_offsets()[0]) for c in crosses] == [(1.0, 0.0)]
    assert "No tone score" in legend
    ax = tone_by_paragraph(paras.assign(tone_score=0.1))
    assert "No tone score" not in [t.get_text() for t in ax.get_legend().get_texts()]


# --------------------------------------------------------------------------------------
# speaker_forest


def test_speaker_forest_points_intervals_and_order(seed, tmp_path):
    sp = seed.corpus_speakers
    assert len(sp) > 10
    ax = speaker_forest(sp, top=len(sp))
    assert_png(ax, tmp_path / "forest.png")
    assert_labelled(ax)
    labels = tick_labels(ax)
    assert len(labels) == len(sp)
    expected = sp.sort_values("tone_mean", kind="stable")
    assert labels == [
        label_of(n, q) for n, q in zip(expected["speaker_name"], expected["n_quotes"])
    ]
    points = np.vstack([c.get_offsets() for c in ax.collections if isinstance(c, PathCollection)])
    segs = [s for c in ax.collections for s in getattr(c, "get_segments", list)()]
    assert len(segs) == len(sp)
    assert len(points) == len(sp)
    # each interval spans tone_low..tone_high of its speaker and contains the mean
    by_y = {round(s[0][1]): (min(s[0][0], s[1][0]), max(s[0][0], s[1][0])) for s in segs}
    by_p = {round(y): x for x, y in points}
    for y, (_, r) in enumerate(expected.iterrows()):
        lo, hi = by_y[y]
        assert lo == pytest.approx(r["tone_low"]) and hi == pytest.approx(r["tone_high"])
        assert by_p[y] == pytest.approx(r["tone_mean"])
    legend = [t.get_text() for t in ax.get_legend().get_texts()]
    assert set(legend) == set(sp["speaker_type"])


def test_speaker_forest_top_and_per_document_table(multi):
    sp = multi.corpus_speakers
    ax = speaker_forest(sp, top=3)
    labels = tick_labels(ax)
    assert len(labels) == 3
    assert "top 3" in ax.get_title()
    most = sp.sort_values(["n_quotes", "speaker_name"], ascending=[False, True]).head(3)
    assert sorted(labels) == sorted(
        label_of(n, q) for n, q in zip(most["speaker_name"], most["n_quotes"])
    )
    # per-document table: a name quoted in several documents is told apart by doc_id
    ax = speaker_forest(multi.speakers, top=100)
    labels = tick_labels(ax)
    assert len(labels) == len(multi.speakers) == len(set(labels))
    dup = multi.speakers["speaker_name"].duplicated(keep=False)
    assert dup.any()
    for _, r in multi.speakers[dup].iterrows():
        assert f"{r['speaker_name']} [{r['doc_id']}] ({r['n_quotes']})" in labels


def test_speaker_forest_tells_apart_unmerged_namesakes():
    sp = pd.DataFrame(
        {
            "speaker_key": ["official@a", "official@b", "joe biden"],
            "speaker_name": ["the official", "the official", "Joe Biden"],
            "doc_ids": [["a"], ["b", "c"], ["a", "b"]],
            "n_quotes": [2, 1, 4],
            "tone_mean": [-0.2, 0.1, 0.3],
            "tone_low": [-0.5, 0.1, 0.0],
            "tone_high": [0.1, 0.1, 0.6],
        }
    )
    labels = tick_labels(speaker_forest(sp))
    assert labels == ["the official [a] (2)", "the official [b, \u2026] (1)", "Joe Biden (4)"]


def test_speaker_forest_no_data():
    empty = pd.DataFrame({"speaker_name": ["x"], "tone_mean": [float("nan")]})
    with pytest.raises(NoDataError):
        speaker_forest(empty)


# --------------------------------------------------------------------------------------
# speaker_frame_heatmap


def test_speaker_frame_heatmap_cells_are_frame_shares(seed, tmp_path):
    sp = seed.corpus_speakers
    ax = speaker_frame_heatmap(sp)
    assert_png(ax, tmp_path / "heat.png")
    assert_labelled(ax)
    img = ax.get_images()[0].get_array()
    shown = sp.sort_values(["n_quotes", "speaker_name"], ascending=[False, True]).head(15)
    cols = [c for c in sp.columns if c.startswith("frame_")]
    used = [c for c in cols if shown[c].sum() > 0]
    assert img.shape == (min(15, len(sp)), len(used))
    np.testing.assert_allclose(np.asarray(img), shown[used].to_numpy())
    assert tick_labels(ax) == [
        label_of(n, q) for n, q in zip(shown["speaker_name"], shown["n_quotes"])
    ]
    assert "top 15" in ax.get_title()
    assert tick_labels(ax, "x") == [frame_label(c[len("frame_") :]) for c in used]
    assert len(ax.figure.axes) == 2  # the colorbar
    assert ax.figure.axes[1].get_ylabel() == "Share of the speaker's quotes"


def test_speaker_frame_heatmap_all_frames_and_top(seed):
    ax = speaker_frame_heatmap(seed.corpus_speakers, top=2, drop_empty=False)
    assert ax.get_images()[0].get_array().shape == (2, len(seed.frame_keys))
    assert "Security & defense" in tick_labels(ax, "x")
    with pytest.raises(ValueError, match="frame_"):
        speaker_frame_heatmap(seed.corpus_speakers[["speaker_name", "n_quotes"]])


# --------------------------------------------------------------------------------------
# frames_over_time


def _stack_tops(ax) -> np.ndarray:
    """Upper edge of the stacked areas (one row per frame)."""
    polys = [c for c in ax.collections if isinstance(c, PolyCollection)]
    return np.array([p.get_paths()[0].vertices[:, 1] for p in polys])


def test_frames_over_time_paragraphs_and_documents_agree(multi, tmp_path):
    ax = frames_over_time(multi.paragraphs)
    assert_png(ax, tmp_path / "time.png")
    assert_labelled(ax)
    polys = [c for c in ax.collections if isinstance(c, PolyCollection)]
    legend = [t.get_text() for t in ax.get_legend().get_texts()]
    assert len(polys) == len(legend)
    assert "3 months" in ax.get_title()
    # the last stacked area reaches 1 in every month
    top = polys[-1].get_paths()[0].vertices
    n_months = 3
    assert np.unique(top[:, 0]).size == n_months
    for xv in np.unique(top[:, 0]):
        assert top[top[:, 0] == xv, 1].max() == pytest.approx(1.0)
    ax2 = frames_over_time(multi.documents)
    np.testing.assert_allclose(_stack_tops(ax), _stack_tops(ax2))


def test_frames_over_time_single_period_and_no_dates(seed):
    ax = frames_over_time(seed.paragraphs)
    bars = [p for c in ax.containers for p in c]
    primary = seed.paragraphs["primary_frame"].value_counts(normalize=True)
    assert len(bars) == min(len(primary), 7 + 1)
    assert sum(b.get_height() for b in bars) == pytest.approx(1.0)
    assert tick_labels(ax, "x") == ["2021-12"]
    no_dates = seed.paragraphs.assign(published=pd.NaT)
    with pytest.raises(NoDataError, match="publication date"):
        frames_over_time(no_dates)
    with pytest.raises(ValueError, match="published"):
        frames_over_time(seed.paragraphs.drop(columns="published"))


# --------------------------------------------------------------------------------------
# compare_groups


def test_compare_groups_tone_means(multi, tmp_path):
    docs = multi.documents
    ax = compare_groups(docs, by="outlet")
    assert_png(ax, tmp_path / "outlet.png")
    assert_labelled(ax)
    means = docs.groupby("outlet")["tone_mean"].mean().sort_values()
    counts = docs.groupby("outlet").size()
    assert tick_labels(ax) == [f"{g} (n={counts[g]})" for g in means.index]
    pts = next(c for c in ax.collections if isinstance(c, PathCollection)).get_offsets()
    np.testing.assert_allclose(np.asarray(pts)[:, 0], means.to_numpy())
    # deterministic bootstrap intervals
    ax2 = compare_groups(docs, by="outlet")
    seg = [s for c in ax.collections for s in getattr(c, "get_segments", list)()]
    seg2 = [s for c in ax2.collections for s in getattr(c, "get_segments", list)()]
    np.testing.assert_array_equal(np.array(seg), np.array(seg2))


def test_compare_groups_frames_and_other_columns(multi):
    ax = compare_groups(multi.documents, by="agency", kind="frames")
    assert_labelled(ax)
    n_groups = multi.documents["agency"].nunique()
    series = ax.containers
    assert all(len(c) == n_groups for c in series)
    widths = np.array([[b.get_width() for b in c] for c in series])
    np.testing.assert_allclose(widths.sum(axis=0), 1.0)
    # paragraphs table: paragraph and document counts per group
    ax = compare_groups(multi.paragraphs, by="outlet")
    assert sorted(tick_labels(ax)) == clustered_labels(multi.paragraphs, "outlet")
    # list-valued column and a date period
    ax = compare_groups(multi.documents, by="tags")
    assert sorted(tick_labels(ax)) == ["russia (n=4)", "ukraine (n=4)"]
    ax = compare_groups(multi.documents, by="published:M")
    assert sorted(tick_labels(ax)) == ["2021-12 (n=2)", "2022-01 (n=1)", "2022-02 (n=1)"]


def test_compare_groups_counts_the_rows_that_analysis_group_counts(multi):
    from framing.analysis import group_table
    from framing.plot import _text  # group labels are cut at 32 characters

    paras = multi.paragraphs.copy()
    paras["outlet"] = paras["outlet"].astype(object)
    paras.loc[paras.index[:3], "outlet"] = None
    paras.loc[paras.index[3], "outlet"] = "  "  # blank: no value
    paras.loc[paras.index[4], "outlet"] = f" {paras['outlet'].iloc[5]} "  # stripped
    first = paras["speaker_names"].map(len).gt(0).idxmax()
    name = paras.at[first, "speaker_names"][0]
    paras.at[first, "speaker_names"] = [name, name, ""]  # a name listed twice counts once
    keys = list(multi.frame_keys)
    for by in ("outlet", "speaker_names"):
        table = group_table(paras, by, keys)
        ax = compare_groups(paras, by=by, top=None)
        expected = [
            f"{_text(g, 32)} (n={n}, {d} doc{'s' if d != 1 else ''})"
            for g, n, d in zip(table[by], table["n"], table["n_documents"])
        ]
        assert sorted(tick_labels(ax)) == sorted(expected)
        assert any(label.startswith("(unknown) (n=") for label in tick_labels(ax))
    table = group_table(paras, "outlet", keys).set_index("outlet")
    n_docs = table.loc["(unknown)", "n_documents"]
    assert f"(unknown) (n=4, {n_docs} doc{'s' if n_docs != 1 else ''})" in tick_labels(
        compare_groups(paras, by="outlet")
    )


def test_compare_groups_merges_spellings_of_a_group(multi):
    paras = multi.paragraphs.copy()
    paras["outlet"] = paras["outlet"].astype(object)
    newsmax = paras.index[paras["outlet"] == "Newsmax Media"][:3]
    paras.loc[newsmax, "outlet"] = " newsmax  MEDIA"
    ax = compare_groups(paras, by="outlet")
    # shown under the spelling of most rows, counted once
    assert sorted(tick_labels(ax)) == clustered_labels(multi.paragraphs, "outlet")
    docs = multi.documents.assign(outlet=["Newsmax Media", "Reuters", "NEWSMAX MEDIA", "reuters"])
    ax = compare_groups(docs, by="outlet")
    # a tie: the alphabetically first spelling
    assert sorted(tick_labels(ax)) == ["NEWSMAX MEDIA (n=2)", "Reuters (n=2)"]


def _monthly_paragraphs() -> pd.DataFrame:
    """Paragraphs of four months (sizes and tones in no chronological order) and one row
    with no date."""
    months = {"2016-09-20": (3, -0.2), "2015-11-10": (5, 0.5), "2016-01-05": (4, 0.0)}
    months["2015-12-01"] = (2, -0.5)
    rows = []
    for day, (n, tone) in months.items():
        rows += [(day, tone + 0.01 * i) for i in range(n)]
    rows.append((None, 0.3))
    return pd.DataFrame(
        {
            "doc_id": [f"d{i}" for i in range(len(rows))],
            "para_id": 0,
            "published": pd.to_datetime([d for d, _ in rows], utc=True),
            "tone_score": [t for _, t in rows],
            "primary_frame": ["economic", "political", "legality"] * 5,
        }
    )


def test_compare_groups_over_time_is_chronological():
    paras = _monthly_paragraphs()
    chronological = ["2015-11 (n=5)", "2015-12 (n=2)", "2016-01 (n=4)", "2016-09 (n=3)"]
    for kind in ("tone", "frames"):
        ax = compare_groups(paras, by="published:M", kind=kind)
        # the earliest period on top, rows with no date last
        assert tick_labels(ax)[::-1] == chronological + ["(unknown) (n=1)"], kind
        assert ax.get_ylabel() == "Month published (number of paragraphs)"
        assert ax.get_title() == f"{kind.capitalize()} by month published"
        # top keeps the most recent periods
        ax = compare_groups(paras, by="published:M", kind=kind, top=2)
        assert tick_labels(ax)[::-1] == chronological[2:] + ["(unknown) (n=1)"], kind
        assert (
            ax.get_title() == f"{kind.capitalize()} by month published (latest 2 months with data)"
        )
    ax = compare_groups(paras, by="published:M")
    pts = next(c for c in ax.collections if isinstance(c, PathCollection)).get_offsets()
    np.testing.assert_allclose(
        np.asarray(pts)[::-1, 0], [0.52, -0.495, 0.015, -0.19, 0.3], atol=1e-9
    )
    ax = compare_groups(paras, by="published:q")
    assert tick_labels(ax)[::-1] == [
        "2015Q4 (n=7)",
        "2016Q1 (n=4)",
        "2016Q3 (n=3)",
        "(unknown) (n=1)",
    ]
    assert ax.get_ylabel() == "Quarter published (number of paragraphs)"
    ax = compare_groups(paras.rename(columns={"published": "sent"}), by="sent:Y")
    assert tick_labels(ax)[::-1] == ["2015 (n=7)", "2016 (n=7)", "(unknown) (n=1)"]
    assert ax.get_ylabel() == "Year of sent (number of paragraphs)"
    assert ax.get_title() == "Tone by year of sent"


def test_compare_groups_bad_input(multi):
    with pytest.raises(ValueError, match="no column 'newsroom'"):
        compare_groups(multi.documents, by="newsroom")
    with pytest.raises(ValueError, match="kind"):
        compare_groups(multi.documents, kind="pie")
    with pytest.raises(NoDataError):
        compare_groups(multi.documents.assign(outlet=None))


# --------------------------------------------------------------------------------------
# save_figures


def test_save_figures_single_article(seed, tmp_path, caplog):
    with caplog.at_level(logging.INFO, logger="framing.plot"):
        paths = save_figures(seed, tmp_path / "figures")
    doc = seed.documents["doc_id"].iloc[0]
    assert [p.name for p in paths] == [
        f"tone_by_paragraph_{doc}.png",
        "speaker_forest.png",
        "speaker_frame_heatmap.png",
        "frames_over_time.png",
    ]
    for p in paths:
        assert p.is_file() and p.stat().st_size > 8_000
    assert "skipping figure tone_by_outlet" in caplog.text
    assert not plt.get_fignums()


def test_save_figures_corpus_is_deterministic(multi, tmp_path):
    paths = save_figures(multi, tmp_path / "a", dpi=60)
    names = {p.name for p in paths}
    assert {"tone_by_outlet.png", "frames_by_outlet.png", "tone_by_agency.png"} <= names
    assert sum(n.startswith("tone_by_paragraph_") for n in names) == 4
    again = save_figures(multi, tmp_path / "b", max_documents=2, dpi=60)
    assert sum(p.name.startswith("tone_by_paragraph_") for p in again) == 2
    for p in again:
        assert p.read_bytes() == (tmp_path / "a" / p.name).read_bytes()
    assert not plt.get_fignums()


def test_save_figures_skips_what_has_no_data(multi, tmp_path, caplog):
    from types import SimpleNamespace

    undated = SimpleNamespace(
        paragraphs=multi.paragraphs.assign(published=pd.NaT),
        documents=multi.documents.assign(published=pd.NaT),
        speakers=multi.speakers.iloc[0:0],
        corpus_speakers=None,
    )
    with caplog.at_level(logging.INFO, logger="framing.plot"):
        paths = save_figures(undated, tmp_path)
    names = {p.name for p in paths}
    assert "frames_over_time.png" not in names and "speaker_forest.png" not in names
    assert "skipping figure frames_over_time: no row has a publication date" in caplog.text
    assert "skipping figure speaker_forest: no speakers" in caplog.text
    assert "tone_by_outlet.png" in names


def test_tables_read_back_from_csv_and_parquet_plot_the_same(seed, tmp_path):
    """Tables written by Analysis.to_dir (lists as JSON in CSV, arrays in Parquet)."""
    from framing._io import write_table

    paras = seed.paragraphs
    ref = [to_hex(b.get_facecolor()) for b in tone_by_paragraph(paras).containers[0]]
    write_table(paras, "csv", tmp_path / "p.csv")
    write_table(paras, "parquet", tmp_path / "p.parquet")
    for back in (pd.read_csv(tmp_path / "p.csv"), pd.read_parquet(tmp_path / "p.parquet")):
        ax = tone_by_paragraph(back)
        assert [to_hex(b.get_facecolor()) for b in ax.containers[0]] == ref
        assert "2021-12" in tick_labels(frames_over_time(back), "x")


def test_frames_over_time_sparse_periods_are_bars(multi):
    ax = frames_over_time(multi.paragraphs, freq="W")
    weeks = pd.to_datetime(multi.paragraphs["published"]).dt.tz_convert(None).dt.to_period("W")
    n_weeks = weeks.nunique()
    assert not [c for c in ax.collections if isinstance(c, PolyCollection)]
    assert ax.containers and all(len(c) == n_weeks for c in ax.containers)
    heights = np.array([[b.get_height() for b in c] for c in ax.containers])
    np.testing.assert_allclose(heights.sum(axis=0), 1.0)
    assert f"{n_weeks} weeks" in ax.get_title()
    assert ax.get_xlabel() == "Published (week)"


# --------------------------------------------------------------------------------------
# real analyses (framing.analyze with the shipped models)


@pytest.fixture(scope="module")
def seed_analysis(seed_corpus):
    return real_analysis(seed_corpus)


@pytest.fixture(scope="module")
def sample_analysis(sample_corpus):
    return real_analysis(sample_corpus)


def test_figures_of_the_analysed_seed_article(seed_analysis, tmp_path):
    a = seed_analysis
    doc = a.documents["doc_id"].iloc[0]
    ax = tone_by_paragraph(a.paragraphs, doc)
    assert len(ax.containers[0]) == len(a.paragraphs) > 30
    legend = [t.get_text() for t in ax.get_legend().get_texts()]
    firsts = {names[0] for names in a.paragraphs["speaker_names"] if len(names)}
    several = any(len(names) > 1 for names in a.paragraphs["speaker_names"])
    own = legend[1 : 1 + min(9, len(firsts))]
    assert legend[0] == "Author's voice" and set(own) <= {cut(n) for n in firsts}
    assert (
        legend[1 + len(own) :]
        == ["Other speakers"] * (len(firsts) > 9) + ["Several speakers"] * several
    )
    ax = speaker_forest(a.corpus_speakers, top=100)
    shown = a.corpus_speakers["tone_mean"].notna().sum()
    assert len(tick_labels(ax)) == shown > 5
    paths = save_figures(a, tmp_path)
    assert [p.name for p in paths] == [
        f"tone_by_paragraph_{doc}.png",
        "speaker_forest.png",
        "speaker_frame_heatmap.png",
        "frames_over_time.png",
        "tone_by_speaker_category.png",
        "frames_by_speaker_category.png",
    ]
    assert all(p.stat().st_size > 8_000 for p in paths)


def test_figures_of_the_analysed_sample_corpus(sample_analysis, tmp_path):
    a = sample_analysis
    paths = {p.name for p in save_figures(a, tmp_path, max_documents=3)}
    assert {
        "speaker_forest.png",
        "speaker_frame_heatmap.png",
        "frames_over_time.png",
        "tone_by_outlet.png",
        "frames_by_outlet.png",
        "tone_by_agency.png",
        "frames_by_agency.png",
        "tone_by_speaker_category.png",
        "frames_by_speaker_category.png",
    } <= paths
    # the category figure: one row per category of the quotes, n = its quotes
    ax = compare_groups(a.quotes, by="speaker_category")
    assert sorted(tick_labels(ax)) == clustered_labels(a.quotes, "speaker_category")
    assert sum(n.startswith("tone_by_paragraph_") for n in paths) == 3
    ax = compare_groups(a.documents, by="outlet")
    assert len(tick_labels(ax)) == a.documents["outlet"].nunique()
    ax = frames_over_time(a.paragraphs, freq="Q")
    quarters = pd.to_datetime(a.paragraphs["published"], utc=True).dt.tz_convert(None)
    n_q = quarters.dt.to_period("Q").nunique()
    bars = ax.containers
    polys = [c for c in ax.collections if isinstance(c, PolyCollection)]
    assert (bars and all(len(c) == n_q for c in bars)) or len(polys) == len(
        ax.get_legend().get_texts()
    )


def test_long_titles_are_wrapped_to_the_axes(seed):
    title = "Tone by paragraph: " + "a very long headline " * 8
    ax = tone_by_paragraph(seed.paragraphs, title=title)
    shown = ax.get_title()
    assert "\n" in shown and " ".join(shown.split()) == " ".join(title.split())
    ax.figure.canvas.draw()
    fig_box = ax.figure.bbox
    box = ax.title.get_window_extent()
    assert box.x0 >= fig_box.x0 and box.x1 <= fig_box.x1
    assert tone_by_paragraph(seed.paragraphs, title="Two\nlines").get_title() == "Two\nlines"


def test_compare_groups_intervals_are_those_of_the_group_table():
    """The plotted mean and 95% interval of each group are the ones the result table
    gives (same method and seed), also above 30 rows where the bootstrap is used."""
    from framing.analysis import group_table

    rng = np.random.default_rng(3)
    n = [45, 12, 80]
    paras = pd.DataFrame(
        {
            "doc_id": [f"d{i}" for i in range(sum(n))],
            "para_id": 0,
            "outlet": np.repeat(["Reuters", "AP", "Fox News"], n),
            "tone_score": np.clip(rng.normal(0, 0.4, sum(n)), -1, 1),
        }
    )
    paras["tone"] = np.where(paras["tone_score"] > 0, "positive", "negative")
    paras["primary_frame"] = "economic"
    table = group_table(paras, "outlet", ["economic"]).set_index("outlet")
    ax = compare_groups(paras, by="outlet")
    [lines] = [c for c in ax.collections if not isinstance(c, PathCollection)]
    pts = next(c for c in ax.collections if isinstance(c, PathCollection)).get_offsets()
    for label, seg, pt in zip(tick_labels(ax), lines.get_segments(), np.asarray(pts)):
        row = table.loc[label.rsplit(" (n=", 1)[0]]
        np.testing.assert_allclose(
            [pt[0], seg[0][0], seg[1][0]], row[["tone_mean", "tone_low", "tone_high"]]
        )
    # another random_state draws other bootstrap intervals (n >= 30), same t intervals
    other = compare_groups(paras, by="outlet", random_state=1)
    [lines1] = [c for c in other.collections if not isinstance(c, PathCollection)]
    changed = [not np.allclose(a, b) for a, b in zip(lines.get_segments(), lines1.get_segments())]
    assert sorted(changed) == [False, True, True]


def test_compare_groups_says_when_a_group_has_no_interval():
    """A group of a single document has no interval (one cluster); the axis label says so
    rather than promising a 95% interval it does not draw."""
    paras = pd.DataFrame(
        {
            "doc_id": ["d1", "d1", "d2", "d3", "d3", "d4"],
            "para_id": [0, 1, 0, 0, 1, 0],
            "outlet": ["AP", "AP", "AP", "Reuters", "Reuters", "Fox"],
            "tone_score": [-0.5, -0.2, 0.1, 0.3, 0.6, -0.4],
        }
    )
    assert compare_groups(paras, by="outlet").get_xlabel() == (
        "Mean tone of paragraphs (95% interval clustered by document; "
        "none for a group of a single document)"
    )
    assert compare_groups(paras, by="doc_id").get_xlabel() == (
        "Mean tone of paragraphs (no interval: every group is a single document)"
    )
    two = paras[paras["outlet"] == "AP"]
    assert compare_groups(two, by="outlet").get_xlabel() == (
        "Mean tone of paragraphs (95% interval clustered by document)"
    )
    # one paragraph per document: nothing is clustered, and the label does not say so
    one_each = paras.drop_duplicates("doc_id")
    assert compare_groups(one_each, by="outlet").get_xlabel() == (
        "Mean tone of paragraphs (95% interval; none for a group of a single document)"
    )


def test_compare_groups_tone_labels_give_the_documents_an_interval_rests_on():
    """Outlets compared over paragraphs: HuffPost's 30 paragraphs come from two
    articles, so its interval (clustered by document, t with 1 degree of freedom) is
    wide; "n=30" alone reads as if 30 values backed it. The labels give the documents,
    the axis says the interval is clustered."""
    rng = np.random.default_rng(5)
    docs = {"nyt": 8, "fox": 6, "hpo": 2}
    rows = []
    for outlet, n_docs in docs.items():
        for d in range(n_docs):
            n_par = 15 if outlet == "hpo" else 4
            effect = rng.normal(-0.2, 0.2)
            for k in range(n_par):
                score = float(np.clip(effect + rng.normal(0, 0.3), -1, 1))
                rows.append((f"{outlet}-{d}", k, outlet, score))
    paras = pd.DataFrame(rows, columns=["doc_id", "para_id", "outlet", "tone_score"])
    ax = compare_groups(paras, by="outlet")
    labels = tick_labels(ax)
    assert sorted(labels) == clustered_labels(paras, "outlet")
    assert "hpo (n=30, 2 docs)" in labels
    assert ax.get_ylabel() == "Outlet (number of paragraphs)"
    assert "clustered by document" in ax.get_xlabel()
    # documents compared as documents: one row each, nothing to add
    per_doc = paras.groupby(["doc_id", "outlet"], as_index=False)["tone_score"].mean()
    per_doc = per_doc.rename(columns={"tone_score": "tone_mean"})
    ax = compare_groups(per_doc, by="outlet")
    assert sorted(tick_labels(ax)) == sorted(f"{o} (n={n})" for o, n in docs.items())
    assert ax.get_ylabel() == "Outlet (number of documents)"


def test_frames_over_time_says_how_many_undated_rows_it_leaves_out():
    """Paragraphs of undated documents cannot be placed in time: the title says how many
    were left out, so the figure does not pass for the whole corpus."""
    paragraphs = pd.DataFrame(
        {
            "doc_id": ["a", "a", "b", "c", "c", "c"],
            "primary_frame": ["economic", "political", "economic", "legality", "policy", "policy"],
            "published": pd.to_datetime(
                ["2024-01-05", "2024-01-05", "2024-02-10", None, None, None], utc=True
            ),
        }
    )
    ax = frames_over_time(paragraphs)
    assert "3 paragraphs, 2 months; 3 undated not shown" in ax.get_title()
    ax = frames_over_time(paragraphs.iloc[:3])
    assert "undated" not in ax.get_title()
