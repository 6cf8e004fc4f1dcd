"""Problems found by analysing a real outlet comparison (BASIL: the same events covered by
NYT, Fox News and HuffPost), each reproduced on a small corpus that reads like it."""

from __future__ import annotations

import pandas as pd
import pytest

import framing
from framing.analysis import speaker_key

# --- speakers merged across articles ----------------------------------------------------


@pytest.fixture(scope="module")
def three_outlets():
    """Three stories, two events eight years apart, that each quote "the
    administration" (Obama's in 2010, Trump's in 2018) and "the group" (a different
    group each time), and one senator quoted by two outlets."""
    df = pd.DataFrame(
        {
            "id": ["nyt-2010", "fox-2018", "hpo-2018"],
            "outlet": ["New York Times", "Fox News", "HuffPost"],
            "date": ["2010-03-02", "2018-06-20", "2018-06-21"],
            "title": [
                "Health bill advances",
                "Border policy under fire",
                "Families separated at border",
            ],
            "text": [
                "The administration said the bill would cover 30 million more Americans.\n\n"
                '"This is a historic step," said Sen. Harry Reid, the majority leader.\n\n'
                "The group said it would keep fighting the bill in court.",
                "The administration said the policy would deter illegal crossings.\n\n"
                '"We are enforcing the law," said Sen. Mitch McConnell.\n\n'
                "The group said the separations were cruel and must end.",
                "The administration said it had no plans to change course.\n\n"
                '"Children belong with their parents," Sen. Mitch McConnell said on Tuesday.\n\n'
                "The group said it had filed a lawsuit on behalf of the families.",
            ],
        }
    )
    return framing.analyze(framing.load_corpus(df))


def test_descriptions_are_not_merged_across_articles(three_outlets):
    """In BASIL, "it", "the statement" and "the group" each became one corpus speaker
    quoted in 3-4 articles about unrelated events; "the administration" of 2010 and of
    2018 would be one speaker. Only names merge across articles."""
    a = three_outlets
    quotes = a.quotes
    described = quotes[quotes["speaker_name"].str.lower().isin(["the administration", "the group"])]
    assert described["doc_id"].nunique() == 3  # the pipeline found them in every story
    cs = a.corpus_speakers.set_index("speaker_key")
    for key in described["speaker_key"]:
        assert cs.loc[key, "n_documents"] == 1, key
    # the senator quoted by Fox News and HuffPost is still one speaker
    mcconnell = cs[cs["speaker_name"].str.contains("McConnell")]
    assert len(mcconnell) == 1
    assert mcconnell["n_documents"].iloc[0] == 2


@pytest.mark.parametrize(
    ("name", "kind"),
    [
        ("the administration", "organization"),
        ("the statement", "organization"),
        ("The group", "organization"),
        ("it", "organization"),
        ("a Chicago company", "organization"),
        ("the Arizona Republican", "person"),  # McCain in one story, Flake in another
        ("a Republican senator", "person"),
        ("one of the officials", "person"),
        ("Trump over the weekend", "person"),  # a name run into the words after it
        ("Trump’s account", "person"),
    ],
)
def test_speaker_key_keeps_descriptions_per_document(name, kind):
    assert speaker_key(name, kind, "d1") != speaker_key(name, kind, "d2")


@pytest.mark.parametrize(
    ("a", "b", "kind"),
    [
        ("Sen. Mitch McConnell", "Mitch McConnell", "person"),
        ("President Bashar al-Assad", "Bashar al-Assad", "person"),
        ("the White House", "White House", "organization"),
        ("the NRA", "NRA", "organization"),
        ("the Washington Post", "The Washington Post", "organization"),
    ],
)
def test_speaker_key_still_merges_names(a, b, kind):
    assert speaker_key(a, kind, "d1") == speaker_key(b, kind, "d2")
