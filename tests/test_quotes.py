"""Quote extraction: golden cases (one per pattern), the seed article, offsets, robustness."""

from __future__ import annotations

import json

import pandas as pd
import pytest
import yaml
from conftest import GOLDEN

import framing
from framing.cli import main as cli_main
from framing.quotes import (
    QUOTE_COLUMNS,
    extract_quotes,
    extract_quotes_paragraphs,
    extract_quotes_text,
    find_quote_spans,
    paragraph_speakers,
    split_sentences,
)

CASES = yaml.safe_load((GOLDEN / "quotes" / "cases.yaml").read_text(encoding="utf-8"))
SEED_GOLDEN = yaml.safe_load((GOLDEN / "quotes" / "seed.yaml").read_text(encoding="utf-8"))


@pytest.mark.parametrize("case", CASES, ids=[c["name"] for c in CASES])
def test_golden_case(case):
    q = extract_quotes_paragraphs(case["paragraphs"], "doc")
    got = q.to_dict("records")
    assert len(got) == len(case["expect"]), (case["pattern"], got)
    for row, exp in zip(got, case["expect"], strict=True):
        for key, value in exp.items():
            assert row[key] == value, (case["pattern"], key, row)


def test_golden_cases_cover_every_pattern_of_the_issue():
    names = {c["name"] for c in CASES}
    required = {
        "quote_before_cue", "quote_after_cue_colon", "inverted_said_x", "cue_told", "cue_added",
        "cue_warned", "according_to_trailing", "colon_introduction", "was_how_x_described",
        "indirect_with_that", "indirect_without_that", "mixed_quote", "multi_sentence_quote",
        "continuation_paragraph", "attribution_following_sentence", "pronoun_he",
        "pronoun_she_named_subject", "the_official", "bare_surname", "title", "metonyms",
        "straight_quotes", "curly_quotes", "doubled_single_quotes", "nested_quotes",
        "unbalanced_quote",
    }  # fmt: skip
    assert required <= names
    assert all(c.get("pattern") for c in CASES)


@pytest.fixture(scope="module")
def seed_quotes(seed_files):
    corpus = framing.load_corpus(seed_files[0])
    return corpus, extract_quotes(corpus)


def test_seed_article_every_quote_with_canonical_speaker(seed_quotes):
    _, q = seed_quotes
    got = [
        {
            "para_id": int(r.para_id),
            "kind": r.kind,
            "content_prefix": r.content[:40],
            "speaker": r.speaker,
            "speaker_name": r.speaker_name,
            "speaker_type": r.speaker_type,
        }
        for r in q.itertuples()
    ]
    assert got == SEED_GOLDEN


def test_seed_continuation_and_pronouns(seed_quotes):
    _, q = seed_quotes
    kort = q[q["speaker_name"] == "Andrey Kortunov"]
    assert list(kort["kind"]) == ["indirect", "direct"]  # the continuation paragraph
    assert kort["content"].iloc[1].startswith('"The only thing they can probably agree on')
    he = q[q["speaker"].str.lower() == "he"]
    assert set(he["speaker_name"]) == {"a senior U.S. administration official", "Ruslan Lapuk"}
    she = q[q["speaker"] == "she"]
    assert list(she["speaker_name"]) == ["Elena"]
    biden = q[q["speaker"] == "Biden"]
    assert list(biden["speaker_name"]) == ["Joe Biden"]


def test_offsets_point_into_raw_input(seed_quotes):
    corpus, q = seed_quotes
    assert list(q.columns) == QUOTE_COLUMNS
    for r in q.itertuples():
        raw = corpus.raw[r.doc_id]
        assert raw[r.speaker_start : r.speaker_end] == r.speaker
        span = raw[r.content_start : r.content_end]
        if '" "' not in r.content and "\u201d \u201c" not in r.content:
            assert span == r.content
        else:  # interrupted quote: both parts inside the hull
            for part in r.content.split('" "'):
                assert part.strip('"') in span
    assert q["quote_id"].is_unique


def test_extract_quotes_text_offsets():
    text = 'Title line\n\nIntro paragraph here.\n\n"We will win," Jane Doe said.\n'
    q = extract_quotes_text(text, "d")
    assert len(q) == 1
    r = q.iloc[0]
    assert text[r.content_start : r.content_end] == '"We will win,"'
    assert text[r.speaker_start : r.speaker_end] == "Jane Doe"
    assert r.para_id == 2


def test_continuation_speaker_offsets_point_to_previous_paragraph():
    corpus = framing.load_corpus(
        pd.DataFrame(
            {
                "doc_id": ["a"],
                "text": [
                    "Jane Doe, head of the council, said talks had failed.\n\n"
                    '"There is nothing left to discuss."'
                ],
            }
        )
    )
    q = extract_quotes(corpus)
    assert list(q["para_id"]) == [0, 1]
    raw = corpus.raw["a"]
    last = q.iloc[1]
    assert raw[last.speaker_start : last.speaker_end] == "Jane Doe"
    assert raw[last.content_start : last.content_end] == '"There is nothing left to discuss."'


def test_paragraph_speakers(seed_quotes):
    corpus, q = seed_quotes
    ps = paragraph_speakers(corpus, q)
    assert list(ps.columns) == ["doc_id", "para_id", "speaker_ids", "quoted_share"]
    assert len(ps) == len(corpus.paragraphs)
    assert ps["quoted_share"].between(0, 1).all()
    kort = q[q["speaker_name"] == "Andrey Kortunov"].iloc[1]
    row = ps[ps["para_id"] == kort.para_id].iloc[0]
    assert row["speaker_ids"] == [kort.speaker_id]
    assert row["quoted_share"] > 0.9
    # paragraphs without speech carry nobody
    quoted = set(q["para_id"])
    assert all(r.speaker_ids == [] for r in ps.itertuples() if r.para_id not in quoted)


def test_paragraph_speakers_on_paragraph_strings():
    paras = ["Nothing said here at all.", '"We are done," Jane Doe said.']
    q = extract_quotes_paragraphs(paras, "x")
    ps = paragraph_speakers(paras, q)
    assert ps["speaker_ids"].tolist() == [[], ["x:s0"]]
    assert ps["quoted_share"].iloc[0] == 0.0
    assert 0.4 < ps["quoted_share"].iloc[1] < 0.6


def test_find_quote_spans_marks():
    assert find_quote_spans('a "b c" d') == [(2, 7)]
    assert find_quote_spans("a \u201cb c\u201d d") == [(2, 7)]
    assert find_quote_spans("a ''b c'' d") == [(2, 9)]
    # nested single quotes stay inside; apostrophes are not quotes
    assert find_quote_spans("\"He said 'no' to Bob's plan\" ok") == [(0, 28)]
    # unbalanced: runs to the end; stray closer ignored
    assert find_quote_spans('x "open quote') == [(2, 13)]
    assert find_quote_spans("x closing\u201d only") == []


def test_split_sentences_keeps_quotes_and_abbreviations():
    t = 'Sen. Jane Doe arrived. "We won. Again," she said. The U.S. team left.'
    got = [t[a:b] for a, b in split_sentences(t)]
    assert got == ["Sen. Jane Doe arrived.", '"We won. Again," she said.', "The U.S. team left."]


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   ",
        '"',
        '""',
        "\u201c\u201c\u201c",
        "''''",
        '" said " said "',
        "said said said.",
        ", said he.",
        "According to",
        "according to ,",
        ':"',
        "He said: \u201c",
        "\u201dThe end\u201c, she said.",
        "x" * 5000 + ' "y," he said.',
        "Ünïcödé \u00abquoted\u00bb, dit-il. \u2018Single\u2019 quotes, she said.",
    ],
)
def test_odd_text_never_crashes(text):
    q = extract_quotes_paragraphs([text, text], "odd")
    assert list(q.columns)[: len(QUOTE_COLUMNS)] == QUOTE_COLUMNS
    for r in q.itertuples():
        assert 0 <= r.content_start <= r.content_end <= len(text)


def test_bad_input_errors():
    with pytest.raises(TypeError, match="sequence of strings"):
        extract_quotes_paragraphs("a single string")
    with pytest.raises(TypeError, match="paragraph 1"):
        extract_quotes_paragraphs(["ok", 3])
    with pytest.raises(TypeError, match="Corpus or a paragraphs DataFrame"):
        extract_quotes(["not", "a", "corpus"])
    with pytest.raises(ValueError, match="lacks columns"):
        extract_quotes(pd.DataFrame({"doc_id": ["a"]}))


def test_empty_corpus_gives_empty_table():
    q = extract_quotes(pd.DataFrame(columns=["doc_id", "para_id", "text"]))
    assert list(q.columns) == QUOTE_COLUMNS and len(q) == 0


def test_cli_quotes_jsonl_and_csv(seed_files, capsys):
    assert cli_main(["quotes", str(seed_files[0]), "--format", "jsonl"]) == 0
    lines = capsys.readouterr().out.strip().splitlines()
    rows = [json.loads(x) for x in lines]
    assert len(rows) == len(SEED_GOLDEN)
    assert set(rows[0]) == set(QUOTE_COLUMNS)
    assert rows[0]["speaker_name"] == "a senior U.S. administration official"
    assert cli_main(["quotes", str(seed_files[0]), "--format", "csv"]) == 0
    out = capsys.readouterr().out
    assert out.splitlines()[0].split(",") == QUOTE_COLUMNS


def test_cli_quotes_bad_input_exit_codes(seed_files, tmp_path, capsys):
    # nothing loaded: exit 1 like framing load; a malformed option: exit 2, one line
    assert cli_main(["quotes", str(tmp_path / "none.txt")]) == 1
    assert "none.txt" in capsys.readouterr().err
    assert cli_main(["quotes", str(seed_files[0]), "--column", "text"]) == 2
    err = capsys.readouterr().err
    assert err == "framing: error: --column 'text': expected FIELD=NAME, e.g. --column text=body\n"


def test_extract_quotes_for_one_document_id(seed_files):
    from framing import load_corpus

    corpus = load_corpus(seed_files[0])
    doc = corpus.documents["doc_id"].iloc[0]
    assert len(extract_quotes(corpus, doc_ids=doc)) == len(SEED_GOLDEN)  # a str is one id
    with pytest.raises(KeyError, match="no document 'nope'"):
        extract_quotes(corpus, doc_ids=["nope"])


def _rows(paras, cols=("content", "speaker", "speaker_name", "speaker_role")):
    q = extract_quotes_paragraphs(paras, "d")
    return [tuple(r[c] for c in cols) for r in q.to_dict("records")]


def test_time_phrase_is_not_part_of_the_speaker_span():
    """Pattern: "X on Monday said ..." -- the day belongs to the cue, not the speaker."""
    paras = [
        "German Chancellor Olaf Scholz on Monday said the talks had been constructive.",
        "The European Commission on Tuesday proposed new rules to curb single-use plastics.",
        '"We are not done yet," Jane Doe late on Friday said.',
    ]
    q = extract_quotes_paragraphs(paras, "d")
    got = q[["speaker", "speaker_name", "speaker_type", "speaker_role"]].values.tolist()
    assert got == [
        ["German Chancellor Olaf Scholz", "Olaf Scholz", "person", "German Chancellor"],
        ["The European Commission", "the European Commission", "organization", ""],
        ["Jane Doe", "Jane Doe", "person", ""],
    ]
    assert q["content"].tolist()[:2] == [
        "the talks had been constructive",
        "new rules to curb single-use plastics",
    ]


def test_trailing_bare_plural_speaker_after_a_quote():
    """Pattern: '"...," lawyers for the company said [in a statement ...].'"""
    paras = [
        "The court ruled against the drugmaker on Tuesday.",
        '"We will appeal," lawyers for the company said.',
        '"The verdict is deeply flawed," lawyers for the company said in a statement on '
        "Wednesday evening.",
        '"We will appeal," the company\'s lawyers said.',
    ]
    q = extract_quotes_paragraphs(paras, "d")
    got = q[["para_id", "kind", "content", "cue", "speaker", "speaker_type"]].values.tolist()
    assert got == [
        [1, "direct", '"We will appeal,"', "said", "lawyers for the company", "group"],
        [
            2,
            "direct",
            '"The verdict is deeply flawed,"',
            "said in a statement",
            "lawyers for the company",
            "group",
        ],
        [3, "direct", '"We will appeal,"', "said", "the company's lawyers", "group"],
    ]


def test_quote_continued_in_next_paragraph_after_sentence_final_cue():
    """Pattern: 'Q1," she said. "Q2.' + a quote-only paragraph: the quote continues."""
    paras = [
        "Mayor Linda Okafor dismissed the criticism. \u201cThe people elected us to act,\u201d"
        " she said. \u201cAnd we will act.",
        "\u201cEvery week we delay, another family loses its home.\u201d",
        "The council will vote again next month.",
    ]
    q = extract_quotes_paragraphs(paras, "d")
    got = q[["para_id", "kind", "content", "speaker", "speaker_name", "speaker_para"]]
    assert got.values.tolist() == [
        [
            0,
            "direct",
            "\u201cThe people elected us to act,\u201d \u201cAnd we will act",
            "she",
            "Linda Okafor",
            0,
        ],
        [
            1,
            "direct",
            "\u201cEvery week we delay, another family loses its home.\u201d",
            "she",
            "Linda Okafor",
            0,
        ],
    ]
    assert q["speaker_id"].nunique() == 1


def test_participle_after_a_trailing_attribution_is_not_a_second_quote():
    """Pattern: '"Q," X said, signaling ... / adding that ...' -- one quote per content.

    A weak participle ("signaling his support") after a trailing attribution is no quote;
    "adding that ..." is a new quote by the same speaker, with its own content.
    """
    paras = [
        "\u201cWe should not move forward on the nomination until Merrick Garland has been "
        "dealt with fairly,\u201d Senator Thomas R. Carper, Democrat of Delaware, said on "
        "Thursday, signaling his support for a filibuster.",
        "\u201cThese indictments are further proof that Russia interfered in our elections,\u201d"
        " Senator Chuck Schumer of New York said, adding that the president should cancel the"
        " meeting \u201cuntil Russia takes transparent steps.\u201d",
    ]
    q = extract_quotes_paragraphs(paras, "d")
    assert not q.duplicated(["para_id", "content_start", "content_end"]).any()
    assert q["cue"].tolist() == ["said", "said", "adding"]
    got = q[["para_id", "kind", "content", "cue", "speaker", "speaker_name"]]
    assert got.values.tolist() == [
        [
            0,
            "direct",
            "\u201cWe should not move forward on the nomination until Merrick Garland has been"
            " dealt with fairly,\u201d",
            "said",
            "Senator Thomas R. Carper",
            "Thomas Carper",
        ],
        [
            1,
            "direct",
            "\u201cThese indictments are further proof that Russia interfered in our"
            " elections,\u201d",
            "said",
            "Senator Chuck Schumer of New York",
            "Chuck Schumer",
        ],
        [
            1,
            "mixed",
            "that the president should cancel the meeting \u201cuntil Russia takes"
            " transparent steps.\u201d",
            "adding",
            "Senator Chuck Schumer of New York",
            "Chuck Schumer",
        ],
    ]
    assert q["speaker_id"].tolist() == ["d:s0", "d:s1", "d:s1"]


def test_leading_preposition_is_not_part_of_the_speaker():
    """Pattern: "Despite Trump saying ...", "Before Trump ..." -- the preposition or
    conjunction opening the sentence is not part of the speaker mention or name."""
    paras = [
        "President Donald J. Trump met Democratic leaders at the White House on Wednesday.",
        "Despite Trump saying the talks had come a long way, Democrats were more dour.",
        "Before Trump left the room, he said the shutdown could last for months.",
        "Unlike Schumer, Senator Lindsey Graham said the meeting had gone well.",
    ]
    q = extract_quotes_paragraphs(paras, "d")
    got = q[["para_id", "content", "speaker", "speaker_name", "speaker_type"]]
    assert got.values.tolist() == [
        [1, "the talks had come a long way", "Trump", "Donald Trump", "person"],
        [2, "the shutdown could last for months", "he", "Donald Trump", "person"],
        [3, "the meeting had gone well", "Senator Lindsey Graham", "Lindsey Graham", "person"],
    ]
    assert q["speaker_id"].tolist() == ["d:s0", "d:s0", "d:s1"]


def test_long_fronted_phrase_and_possessive_speaker():
    """Patterns from BASIL: a fronted phrase longer than a few words ("In brief remarks
    after meeting with ..., President Obama ..., saying ...") is not the speaker ("In" was);
    a possessive speaker ("His response: ...") stands for its pronoun, so that it and a
    later "he" are one speaker, not a speaker named "His"."""
    paras = [
        "In brief remarks after meeting with President Bronislaw Komorowski of Poland, "
        "President Obama on Wednesday disputed that Democrats feel betrayed by the deal, saying "
        "that \u201cthe more who look at it, the more will say this makes sense.\u201d",
        "Donald Trump met reporters on Thursday.",
        'His response: "Nobody has seen a deal like this."',
        'He went further, saying, "It is the best deal ever."',
    ]
    q = extract_quotes_paragraphs(paras, "d")
    got = q[["para_id", "speaker", "speaker_name", "speaker_type"]].values.tolist()
    assert got == [
        [0, "President Obama", "Obama", "person"],
        [2, "His", "Donald Trump", "person"],
        [3, "He", "Donald Trump", "person"],
    ]
    assert q["speaker_id"].nunique() == 2


def test_role_from_the_first_full_mention_of_the_name():
    """A speaker quoted without a role takes the title before, or the description after,
    the first full mention of the name in the article; a clause after the name ("Lauren
    Greene, who had filed ...") is not a role."""
    paras = [
        "WASHINGTON - Michael Steele, chairman of the Republican National Committee, drew "
        "criticism on Friday.",
        "Harvard economist Jeff Miron and former Secretary of State Hillary Clinton spoke "
        "at the same event. Lauren Greene, who had filed the complaint, left early.",
        '"I will not resign," Steele said.',
        '"The deal is sound," Miron said.',
        '"We disagree," Clinton said.',
        '"It was a long day," Greene said.',
    ]
    q = extract_quotes_paragraphs(paras, "d")
    got = dict(zip(q["speaker_name"], q["speaker_role"]))
    assert got == {
        "Michael Steele": "chairman of the Republican National Committee",
        "Jeff Miron": "Harvard economist",
        "Hillary Clinton": "former Secretary of State",
        "Lauren Greene": "",
    }


def _one(sentence, cols=("speaker", "speaker_name", "speaker_role", "content")):
    """The attributions of a one-paragraph document, as tuples of ``cols``."""
    return _rows([sentence], cols)


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        (
            "Ali Hassan, a minister, said the law protected believers.",
            ("Ali Hassan", "Ali Hassan", "a minister", "the law protected believers"),
        ),
        (
            "Jane Roe, a lawyer for the family, said the court erred badly.",
            ("Jane Roe", "Jane Roe", "a lawyer for the family", "the court erred badly"),
        ),
        (
            "Ali Hassan, 58, a retired bookkeeper, said the law protected believers.",
            ("Ali Hassan", "Ali Hassan", "58, a retired bookkeeper", "the law protected believers"),
        ),
        (
            "The mayor, Tom Lee, said the bridge reopened in the spring.",
            ("The mayor", "Tom Lee", "the mayor", "the bridge reopened in the spring"),
        ),
    ],
)
def test_indirect_speech_after_an_appositive_is_content_not_speaker(sentence, expected):
    """Pattern: "NAME, ROLE, said CONTENT" -- a leading attribution; the clause after the
    cue is the content, never an inverted speaker ("..., said the law protected ...")."""
    assert _one(sentence) == [expected]


def test_inverted_cue_after_a_predicate_with_commas_keeps_the_speaker_after():
    """Pattern: "CONTENT, in my view, ..., said X" -- the pieces before the cue are not an
    appositive, so the speaker stays after the cue."""
    assert _one("The economy, in my view, grew sharply last year, said Smith.") == [
        ("Smith", "Smith", "", "The economy, in my view, grew sharply last year")
    ]


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        (
            "LaPierre in December said the group would fight.",
            ("LaPierre", "LaPierre", "", "the group would fight"),
        ),
        (
            "Wayne LaPierre in early December 2019 said the group would fight.",
            ("Wayne LaPierre", "Wayne LaPierre", "", "the group would fight"),
        ),
        (
            "LaPierre, the group's chief, last December said the fight would go on.",
            ("LaPierre", "LaPierre", "the group's chief", "the fight would go on"),
        ),
        (
            "LaPierre said in December 2019 that the group would fight.",
            ("LaPierre", "LaPierre", "", "that the group would fight"),
        ),
        (
            "LaPierre said on Dec. 5, 2019, that the group would fight.",
            ("LaPierre", "LaPierre", "", "that the group would fight"),
        ),
        (
            '"We will never surrender," LaPierre said in December.',
            ("LaPierre", "LaPierre", "", '"We will never surrender,"'),
        ),
    ],
)
def test_month_phrase_is_not_part_of_the_speaker(sentence, expected):
    """Pattern: "X in December [2019] said ...", "X said in December 2019 that ..." -- a
    month or date belongs to the cue, like a weekday, never to the speaker or content."""
    assert _one(sentence) == [expected]


def test_names_that_are_also_modal_verbs_can_speak():
    """ "Theresa May", "Will Hurd", "Can Dundar": a capitalised modal inside a name is part
    of the name; a lower-case modal still marks a clause, not a speaker."""
    paras = [
        "Prime Minister Theresa May said the deal was done.",
        '"It is done," Theresa May said.',
        "Will Hurd, a Republican, said the wall would not work.",
        "Officials who may know said the plan failed.",
    ]
    q = extract_quotes_paragraphs(paras, "d")
    got = q[["para_id", "speaker_name", "speaker_role", "content"]].values.tolist()
    assert got == [
        [0, "Theresa May", "Prime Minister", "the deal was done"],
        [1, "Theresa May", "Prime Minister", '"It is done,"'],
        [2, "Will Hurd", "a Republican", "the wall would not work"],
    ]


def _spans(paras, cols=("para_id", "speaker", "speaker_start", "speaker_end", "content")):
    """Rows of ``cols`` plus the content offsets, for offset-checking tests."""
    q = extract_quotes_paragraphs(paras, "d")
    for r in q.to_dict("records"):
        assert paras[r["speaker_para"]][r["speaker_start"] : r["speaker_end"]] == r["speaker"]
        assert paras[r["para_id"]][r["content_start"] : r["content_end"]] == r["content"]
    return [
        (*(r[c] for c in cols), r["content_start"], r["content_end"]) for r in q.to_dict("records")
    ]


def _no_overlap(q):
    """No two quotes of one paragraph share a character of content."""
    for _, g in q.groupby("para_id"):
        spans = sorted(zip(g["content_start"], g["content_end"], strict=True))
        assert all(b[0] >= a[1] for a, b in zip(spans, spans[1:], strict=False)), spans


def test_dateline_is_not_a_speaker():
    """Pattern (BASIL): "WASHINGTON — X said ...", "KYIV, Ukraine — ...", "NEW YORK (Reuters)
    - ...": the dateline is a place, never the speaker or part of a content; the speaker
    is the subject after it, also for a coordinated "... and said"."""
    paras = [
        "WASHINGTON — President Trump on Monday said the F.B.I. ruined the life of his "
        "former adviser and said his opponent suffered no consequences.",
        "WASHINGTON — Representative Anthony D. Weiner, trying to put to rest a bizarre "
        "episode, emphatically denied on Wednesday that he had sent a suggestive photograph "
        "but said he could not be sure that he is not the person in the image.",
        "KYIV, Ukraine — President Zelensky said the army would hold the line.",
        "NEW YORK (Reuters) - Goldman Sachs said on Monday it would cut jobs.",
        "WASHINGTON — The economy grew faster than expected, officials said.",
    ]
    assert _spans(paras) == [
        (0, "President Trump", 13, 28, "the F.B.I. ruined the life of his former adviser", 44, 92),
        (0, "President Trump", 13, 28, "his opponent suffered no consequences", 102, 139),
        (1, "Representative Anthony D. Weiner", 13, 45,
         "that he had sent a suggestive photograph", 121, 161),
        (1, "Representative Anthony D. Weiner", 13, 45,
         "he could not be sure that he is not the person in the image", 171, 230),
        (2, "President Zelensky", 16, 34, "the army would hold the line", 40, 68),
        (3, "Goldman Sachs", 21, 34, "it would cut jobs", 50, 67),
        (4, "officials", 52, 61, "The economy grew faster than expected", 13, 50),
    ]  # fmt: skip
    q = extract_quotes_paragraphs(paras, "d")
    assert not q["speaker_name"].str.isupper().any()
    assert q["speaker_name"].tolist()[:2] == ["Trump", "Trump"]


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        (
            "WASHINGTON — Senator Jane Doe on Tuesday attacked the plan and said the agency "
            "should be shut down.",
            [("Senator Jane Doe", 13, 29, "the agency should be shut down", 68, 98)],
        ),
        (  # BASIL: the subject of the clause holding the coordinated cue
            "WASHINGTON — Two days after suddenly halting his own administration’s decision "
            "to begin allowing hunters to import elephants killed in two African countries, "
            "President Donald Trump called such trophy hunting a “horror show” and said he’s "
            "unlikely to change his mind and allow such imports.",
            [
                ("President Donald Trump", 158, 180, "such trophy hunting a “horror show”", 188, 223),
                ("President Donald Trump", 158, 180,
                 "he’s unlikely to change his mind and allow such imports", 233, 288),
            ],
        ),
        (  # BASIL: a plural subject with a modifier
            "Tea party organizers disputed claims of racism and called on the NAACP to "
            "withdraw the resolution.",
            [("Tea party organizers", 0, 20, "the NAACP to withdraw the resolution", 61, 97)],
        ),
        (  # BASIL: an appositive after the name is not the subject
            "Rahm Emanuel, the mayor of Chicago and Mr. Obama’s former chief of staff, joined "
            "the debate on Monday and said that the president should “clear the table.”",
            [("Rahm Emanuel", 0, 12, "that the president should “clear the table.”", 111, 155)],
        ),
    ],
)  # fmt: skip
def test_coordinated_cue_speaker_is_the_subject_of_the_first_verb(sentence, expected):
    """Pattern: "X [on Tuesday] attacked the plan and said ..." -- the speaker is the
    subject of the first verb, without the time adverbial, never the clause fragment
    "X on Tuesday attacked the plan and"."""
    assert _spans([sentence], ("speaker", "speaker_start", "speaker_end", "content")) == expected


def test_coordinated_said_clauses_do_not_overlap():
    """Pattern: "X said A and said B" gives two quotes, A and B, never A+B containing B;
    likewise '..., X said, adding, "..."' (PolNeAR) gives the two contents apart."""
    paras = [
        "WASHINGTON — President Trump on Monday said the F.B.I. ruined the life of his "
        "former adviser and said his opponent suffered no consequences.",
        'Ryan and Trump will meet sometime next week, Spicer said, adding, "They need to sit '
        'down and have a good talk."',
        "Comey cannot say that “from his perspective,” Lewandowski added, saying it should "
        "be “up to the prosecutor to move forward or not.”",
    ]
    q = extract_quotes_paragraphs(paras, "d")
    _no_overlap(q)
    got = q[["para_id", "speaker", "content_start", "content_end"]].values.tolist()
    assert got == [
        [0, "President Trump", 44, 92],
        [0, "President Trump", 102, 139],
        [1, "Spicer", 0, 43],
        [1, "Spicer", 66, 111],
        [2, "Lewandowski", 0, 45],
        [2, "Lewandowski", 72, 131],
    ]


def test_fronted_adverbial_is_skipped_before_an_appositive_speaker():
    """Pattern (BASIL): "In a statement, DESCRIPTION, NAME, said ...", "On Saturday, the
    mayor of Hoboken, Dawn Zimmer, said ..." -- the fronted adverbial is not the speaker;
    the description is the mention and the name the person it resolves to."""
    text = (
        "In a statement, one of the family's attorneys, Justin Bamberg, said the videos show "
        "Scott leaving his car.\n\nBamberg also said the videos are unclear."
    )
    q = extract_quotes_text(text, "a")
    got = q[["speaker", "speaker_start", "speaker_end", "content_start", "content_end"]]
    assert got.values.tolist() == [
        ["one of the family's attorneys", 16, 45, 68, 105],
        ["Bamberg", 108, 115, 126, 148],
    ]
    assert q["speaker_name"].tolist() == ["Justin Bamberg", "Justin Bamberg"]
    assert q["speaker_role"].tolist()[0] == "one of the family's attorneys"
    assert q["speaker_id"].nunique() == 1
    zimmer = (
        "On Saturday, the mayor of Hoboken, Dawn Zimmer, said Mr. Christie’s lieutenant "
        "governor had threatened to withhold federal recovery aid."
    )
    assert _one(zimmer) == [
        (
            "the mayor of Hoboken",
            "Dawn Zimmer",
            "the mayor of Hoboken",
            "Mr. Christie’s lieutenant governor had threatened to withhold federal recovery aid",
        )
    ]


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        (
            'In August, several environmental groups granted Mr. Clarke an extension, saying '
            'his "capital was less than expected."',
            [("several environmental groups", 11, 39,
              'his "capital was less than expected."', 80, 117)],
        ),
        (  # PolNeAR
            'In December, the prince called for Trump to drop out of the race, calling him "a '
            'disgrace not only to the GOP but to all America."',
            [
                ("the prince", 13, 23, "Trump to drop out of the race", 35, 64),
                ("the prince", 13, 23,
                 'him "a disgrace not only to the GOP but to all America."', 74, 130),
            ],
        ),
        (  # PolNeAR
            "On Tuesday, the company said it would not be able to file its annual financial "
            "statement in time.",
            [("the company", 12, 23,
              "it would not be able to file its annual financial statement in time", 29, 96)],
        ),
        (  # PolNeAR: a pronoun after the fronted day
            "On Thursday, he expanded upon his calls for increased surveillance, warning "
            "followers that the Islamic State could easily penetrate the country.",
            [("he", 13, 15,
              "followers that the Islamic State could easily penetrate the country", 76, 143)],
        ),
    ],
)  # fmt: skip
def test_fronted_time_phrase_is_never_a_speaker(sentence, expected):
    """Pattern: "In August, X ..., saying ...", "On Tuesday, X said ..." -- a month, day or
    other fronted time phrase is not a speaker; the subject after it is."""
    assert _spans([sentence], ("speaker", "speaker_start", "speaker_end", "content")) == expected


@pytest.mark.parametrize(
    ("sentence", "speaker", "name"),
    [
        # an office name with "and" is one title, not a coordination of two speakers
        (
            "US Assistant Secretary of State for European and Eurasian Affairs Victoria "
            "Nuland claimed Russian military have been killed in eastern Ukraine.",
            "US Assistant Secretary of State for European and Eurasian Affairs Victoria Nuland",
            "Victoria Nuland",
        ),
        (
            "The Department of Health and Social Care said the plan would work.",
            "The Department of Health and Social Care",
            "the Department of Health and Social Care",
        ),
    ],
)
def test_office_title_with_and_stays_whole(sentence, speaker, name):
    q = extract_quotes_paragraphs([sentence], "d")
    assert list(q["speaker"]) == [speaker]
    assert list(q["speaker_name"]) == [name]


def test_relative_who_antecedent_starts_at_a_word():
    # the look-back window began inside "European" and gave "an Council President ..."
    q = extract_quotes_paragraphs(
        [
            "This largely corresponds to a recent statement by Russian presidential advisor "
            "Sergei Glyazev, who said that signing the free trade agreement with the EU would "
            "be suicidal for Ukraine."
        ],
        "d",
    )
    assert list(q["speaker_name"]) == ["Sergei Glyazev"]
    assert list(q["speaker_role"]) == ["Russian presidential advisor"]


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        # inverted cue: the tail after the speaker is a circumstance, not the speaker
        (
            '"We will not let the library close," said council leader Martin Alvarez at a '
            "packed meeting on Wednesday evening.",
            ("council leader Martin Alvarez", "Martin Alvarez", "council leader",
             '"We will not let the library close,"'),
        ),
        (
            '"The budget is balanced," said Mayor Linda Park at a meeting on Monday.',
            ("Mayor Linda Park", "Linda Park", "Mayor", '"The budget is balanced,"'),
        ),
        (
            '"The budget is balanced," said Mayor Linda Park at a town hall meeting on Monday '
            "night.",
            ("Mayor Linda Park", "Linda Park", "Mayor", '"The budget is balanced,"'),
        ),
        (
            '"The budget is balanced," said the mayor at a news conference in Dayton on '
            "Monday.",
            ("the mayor", "the mayor", "", '"The budget is balanced,"'),
        ),
        (
            '"The deal is done," said Finance Minister Ana Ruiz after the vote on Friday.',
            ("Finance Minister Ana Ruiz", "Ana Ruiz", "Finance Minister", '"The deal is done,"'),
        ),
        (
            '"We will take back this state," said Senator Tom Reyes, speaking at a rally in '
            "Ohio.",
            ("Senator Tom Reyes", "Tom Reyes", "Senator", '"We will take back this state,"'),
        ),
        (
            '"We will take back this state," said Tom Reyes, speaking to supporters in '
            "Columbus.",
            ("Tom Reyes", "Tom Reyes", "", '"We will take back this state,"'),
        ),
        # trailing cue after the speaker (already handled; pinned here)
        (
            '"The budget is balanced," Linda Park said on Tuesday in a statement.',
            ("Linda Park", "Linda Park", "", '"The budget is balanced,"'),
        ),
        (
            '"The deal is done," the minister told reporters after the vote.',
            ("the minister", "the minister", "", '"The deal is done,"'),
        ),
        (
            '"We will take back this state," Senator Tom Reyes said, speaking at a rally in '
            "Ohio.",
            ("Senator Tom Reyes", "Tom Reyes", "Senator", '"We will take back this state,"'),
        ),
        # cue before the content: the circumstance is skipped, not part of the content
        (
            "Council leader Martin Alvarez said at a packed meeting on Wednesday evening: "
            '"We will not let the library close."',
            ("Council leader Martin Alvarez", "Martin Alvarez", "Council leader",
             '"We will not let the library close."'),
        ),
        (
            "Council leader Martin Alvarez said at a packed meeting on Wednesday evening that "
            "the library would stay open.",
            ("Council leader Martin Alvarez", "Martin Alvarez", "Council leader",
             "that the library would stay open"),
        ),
        (
            'Mayor Linda Park said at a meeting on Monday: "The budget is balanced."',
            ("Mayor Linda Park", "Linda Park", "Mayor", '"The budget is balanced."'),
        ),
        (
            'Linda Park said on Tuesday in a statement: "The budget is balanced."',
            ("Linda Park", "Linda Park", "", '"The budget is balanced."'),
        ),
        (
            'The minister told reporters after the vote: "The deal is done."',
            ("The minister", "the minister", "", '"The deal is done."'),
        ),
        (
            'Senator Tom Reyes said, speaking at a rally in Ohio: "We will take back this '
            'state."',
            ("Senator Tom Reyes", "Tom Reyes", "Senator", '"We will take back this state."'),
        ),
        (
            'Speaking at a rally in Ohio, Senator Tom Reyes said: "We will take back this '
            'state."',
            ("Senator Tom Reyes", "Tom Reyes", "Senator", '"We will take back this state."'),
        ),
    ],
)  # fmt: skip
def test_trailing_adverbial_after_cue_and_speaker(sentence, expected):
    """Pattern: '"...," said X at a meeting on Monday.', '"...," said Y, speaking at a rally
    in Ohio.', 'X said after the vote: "..."' -- a place, time or occasion phrase (or a
    participle clause) after the cue and speaker neither blocks the quote nor joins the
    speaker span or the content."""
    assert _one(sentence) == [expected]


def test_trailing_adverbial_speaker_offsets():
    """The speaker span of an inverted cue with a tail is exactly the name/description."""
    para = (
        '"We have no choice. The engineers have told us the bridge is not safe for heavy '
        "vehicles, and I will not gamble with people's lives,\" said council leader Martin "
        "Alvarez at a packed meeting on Wednesday evening."
    )
    got = _spans([para], ("kind", "speaker", "cue"))
    assert len(got) == 1
    kind, speaker, cue, ca, cb = got[0]
    assert (kind, speaker, cue) == ("direct", "council leader Martin Alvarez", "said")
    assert para[ca:cb].endswith("people's lives,\"")


def test_participle_role_is_kept_unless_it_is_a_circumstance():
    """'said X, leading economist at Acme': a role that starts with a participle stays the
    role; 'said X, a senator, speaking to reporters': the circumstance is cut from it."""
    lead = '"We will win," said John Smith, leading economist at Acme.'
    assert _one(lead)[0][2] == "leading economist at Acme"
    circ = '"We will win," said John Smith, a senator, speaking to reporters.'
    assert _one(circ)[0][2] == "a senator"
