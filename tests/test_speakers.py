"""Speaker resolution: types, coreference, canonical names and the speakers table."""

from __future__ import annotations

import pandas as pd
import pytest

from framing import resolve_speakers
from framing.quotes import extract_quotes_paragraphs
from framing.speakers import (
    SPEAKER_COLUMNS,
    canonical_person_name,
    resolve_mentions,
    speaker_type,
)


@pytest.mark.parametrize(
    ("mention", "expected"),
    [
        ("Joe Biden", "person"),
        ("Ukraine Defense Minister Oleksii Reznikov", "person"),
        ("Elena", "person"),
        ("he", "person"),
        ("the Kremlin", "organization"),
        ("Washington", "organization"),
        ("The New York Post", "organization"),
        ("a senior U.S. administration official", "anonymous"),
        ("A spokesperson for the U.S. National Security Council", "anonymous"),
        ("sources", "anonymous"),
        ("Some Russian and U.S. analysts", "group"),
        ("they", "group"),
        # parties and blocs are organizations, not people
        ("The Free Democrats", "organization"),
        ("The conservative CDU/CSU bloc", "organization"),
        ("Opposition", "organization"),
        # acronyms and capitals (as metonyms) are organizations
        ("UNICEF", "organization"),
        ("Bucharest", "organization"),
        # a capitalised plural of people at the start of a sentence is a group
        ("Economists", "group"),
        ("Traders", "group"),
        ("Opposition councillor Daan Mulder", "person"),
        # a place name after "office in" is not the speaker's name
        ("The secretary of state’s office in Jackson", "organization"),
        ("a senior official in Kyiv", "anonymous"),
        ("Colleges Ontario", "organization"),
        (
            "Chief prosecutor Frank Oltmanns of the Central Office for Cybercrime in Verden",
            "person",
        ),
        ("The plaintiffs", "group"),
        ("A police spokesman", "anonymous"),
        ("a senior police official", "anonymous"),
        # a full name right after a role noun is a named person, not an anonymous source
        ("Kremlin spokesman Dmitry Peskov", "person"),
        ("an aide to Joe Biden", "anonymous"),
        ("lawyers for the company", "group"),
        ("Lawyers", "group"),
        ("National Association of Criminal Defense Lawyers", "organization"),
        # a surname that is a news brand or an organisation word: a person after an
        # honorific or a first name; the bare brand stays an organization
        ("Vicente Fox", "person"),
        ("Mr. Fox", "person"),
        ("Jim Post", "person"),
        ("Ms. Times", "person"),
        ("Michael R. Bloomberg", "person"),
        ("Fox", "organization"),
        ("the Post", "organization"),
        ("Fox News", "organization"),
        ("The Denver Post", "organization"),
        ("Huffington Post", "organization"),
        # a party tag does not hide the name ("House" is no organisation here)
        ("House Speaker Nancy Pelosi (D-Calif.)", "person"),
        # international news (Ukraine-crisis articles): armed forces, treaties and codes,
        # wire services and outlets are no persons; a first name "Ria" is
        ("Navy", "organization"),
        ("Montreux Convention", "organization"),
        ("Criminal Code", "organization"),
        ("Vedomosti", "organization"),
        ("the Russian agency RIA Novosti", "organization"),
        ("Red Cross", "organization"),
        ("Ria Smith", "person"),
    ],
)
def test_speaker_type(mention, expected):
    assert speaker_type(mention) == expected


def test_speakers_table_one_row_per_speaker():
    paras = [
        "U.S. Secretary of State Antony Blinken said the talks would go on.",
        '"We are ready," Blinken said.',
        '"We are not," the Kremlin said.',
        "He said the door stayed open.",
    ]
    q = extract_quotes_paragraphs(paras, "d")
    sp = resolve_speakers(q)
    assert list(sp.columns) == SPEAKER_COLUMNS
    assert sp["speaker_id"].is_unique and len(sp) == q["speaker_id"].nunique()
    blinken = sp[sp["speaker_name"] == "Antony Blinken"].iloc[0]
    assert blinken["speaker_role"] == "U.S. Secretary of State"
    assert blinken["mentions"] == ["U.S. Secretary of State Antony Blinken", "Blinken", "He"]
    assert blinken["aliases"] == ["U.S. Secretary of State Antony Blinken", "Blinken", "He"]
    assert blinken["n_quotes"] == 3
    kremlin = sp[sp["speaker_name"] == "the Kremlin"].iloc[0]
    assert kremlin["speaker_type"] == "organization" and kremlin["n_quotes"] == 1
    assert sp["n_quotes"].sum() == len(q)


def test_she_skips_a_male_antecedent():
    paras = [
        "John Smith said the plan was sound.",
        '"It will work," he said.',
        "Mary Jones said the plan was flawed.",
        '"It will fail," she said.',
        '"It is sound," he said.',
    ]
    q = extract_quotes_paragraphs(paras, "d")
    # the last "he" cannot be Mary Jones, known as "she"
    assert q["speaker_name"].tolist()[4] == "John Smith"
    assert q["speaker_name"].tolist()[:4] == [
        "John Smith",
        "John Smith",
        "Mary Jones",
        "Mary Jones",
    ]


def test_same_surname_different_first_name_are_different_speakers():
    paras = ["Bill Clinton said the economy grew.", "Hillary Clinton said the plan was fair."]
    q = extract_quotes_paragraphs(paras, "d")
    assert q["speaker_name"].tolist() == ["Bill Clinton", "Hillary Clinton"]
    assert q["speaker_id"].nunique() == 2


def test_indefinite_descriptions_are_new_speakers():
    paras = [
        "Talks will go on, a senior official said.",
        "The plan is dead, a Biden administration official said.",
        "The door is open, the official said.",
    ]
    q = extract_quotes_paragraphs(paras, "d")
    assert q["speaker_id"].tolist() == ["d:s0", "d:s1", "d:s1"]


def test_resolve_mentions_needs_one_document():
    q = pd.DataFrame(
        {
            "doc_id": ["a", "b"],
            "para_id": [0, 0],
            "speaker": ["X", "Y"],
            "speaker_role": ["", ""],
            "speaker_start": [0, 0],
        }
    )
    with pytest.raises(ValueError, match="one document"):
        resolve_mentions(q)


def test_resolve_speakers_checks_columns():
    with pytest.raises(ValueError, match="lacks columns"):
        resolve_speakers(pd.DataFrame({"doc_id": ["a"]}))


def test_resolve_does_not_mutate_input():
    paras = ['"Yes, we will do it," Jane Doe said.']
    q = extract_quotes_paragraphs(paras, "d", resolve=False)
    before = q.copy()
    out = resolve_mentions(q, paras)
    pd.testing.assert_frame_equal(q, before)
    assert out["speaker_name"].iloc[0] == "Jane Doe"


def test_possessive_mention_is_the_metonym():
    """Pattern: "Berlin’s economy ministry defended ..., saying" cut at the possessive."""
    q = pd.DataFrame(
        {
            "doc_id": ["d"],
            "para_id": [0],
            "speaker": ["Berlin’s"],
            "speaker_role": [""],
            "speaker_start": [0],
        }
    )
    out = resolve_mentions(q)
    assert out.loc[0, "speaker_name"] == "Berlin"
    assert out.loc[0, "speaker_type"] == "organization"


def _q(paras):
    return extract_quotes_paragraphs(paras, "d")


def test_affiliation_after_the_name_is_not_the_name():
    """Pattern: "NAME of ORGANISATION": the person speaks, the organisation is a role."""
    q = _q(
        [
            '"This will hurt the poor," said Anna Berg of Oxford University.',
            "According to Dr. Peter Novak of the Institute for Fiscal Studies, inflation will"
            " peak in the summer.",
        ]
    )
    assert q[["speaker_name", "speaker_type", "speaker_role"]].values.tolist() == [
        ["Anna Berg", "person", "Oxford University"],
        ["Peter Novak", "person", "the Institute for Fiscal Studies"],
    ]


def test_affiliated_name_and_later_surname_are_one_speaker():
    q = _q(
        [
            "According to Professor James Whitaker of Leeds University, the plan is unlikely"
            " to succeed without federal funding.",
            "Whitaker said the figures did not add up.",
        ]
    )
    assert q["speaker_name"].tolist() == ["James Whitaker", "James Whitaker"]
    assert q["speaker_role"].tolist() == ["Professor of Leeds University"] * 2
    assert q["speaker_id"].nunique() == 1


def test_description_then_name_appositive_gives_the_name():
    """Pattern: "A spokeswoman for Airbus, Claire Dubois, said": Claire Dubois speaks."""
    q = _q(["A spokeswoman for Airbus, Claire Dubois, said the company had no comment."])
    r = q.iloc[0]
    assert (r.speaker_name, r.speaker_type, r.speaker_role) == (
        "Claire Dubois",
        "person",
        "a spokeswoman for Airbus",
    )
    assert r.content == "the company had no comment"


def test_pronoun_takes_the_person_named_just_before_not_the_last_speaker():
    paras = [
        "Economist Peter Novak said inflation would peak in the summer before easing.",
        'Opposition leader Maria Costa was unimpressed by the budget. "Too little, too late,"'
        " she said.",
    ]
    q = _q(paras)
    assert q["speaker_name"].tolist() == ["Peter Novak", "Maria Costa"]
    assert q["speaker_role"].tolist() == ["Economist", "Opposition leader"]
    assert q["speaker_id"].nunique() == 2


def test_pronoun_antecedent_in_the_previous_paragraph():
    # the only earlier speaker is a "he"; the woman is named in a paragraph without speech
    paras = [
        'Finance Minister Karl Weber defended the budget. "We have done what we could," he said.',
        "Opposition leader Maria Costa was unimpressed by the minister's speech.",
        '"Too little, too late," she said.',
    ]
    q = _q(paras)
    assert q["speaker_name"].tolist() == ["Karl Weber", "Maria Costa"]
    # no speaker at all before the pronoun: the name mentioned just before
    q = _q(paras[1:])
    assert q["speaker_name"].tolist() == ["Maria Costa"]


def test_pronoun_antecedent_named_outside_subject_position():
    paras = [
        "The budget was attacked on Tuesday by opposition leader Maria Costa.",
        '"It is too little, too late," she said.',
    ]
    assert _q(paras)["speaker_name"].tolist() == ["Maria Costa"]


def test_pronoun_gender_from_honorifics_and_role_nouns():
    paras = [
        "Mr. Tom Berger, the finance minister, met union leaders on Monday.",
        "Union spokeswoman Ana Ruiz said the talks had gone nowhere.",
        "Later, Mr. Berger rejected the demands for a pay rise.",
        '"We will strike," she said.',
        '"We cannot pay," he said.',
    ]
    q = _q(paras)
    assert q["speaker_name"].tolist() == ["Ana Ruiz", "Ana Ruiz", "Tom Berger"]


def test_party_tag_and_role_noun_are_not_part_of_the_name():
    q = _q(
        [
            "Sen. David Perdue (R-Ga.) said he did not believe the charges.",
            "Kremlin spokesman Dmitry Peskov said the talks would resume in May.",
        ]
    )
    assert q[["speaker_name", "speaker_type", "speaker_role"]].values.tolist() == [
        ["David Perdue", "person", "Sen."],
        ["Dmitry Peskov", "person", "Kremlin spokesman"],
    ]


def test_pronoun_ignores_names_in_a_sentence_about_someone_else():
    # "She ... Bill Clinton": a pronoun subject keeps the known speaker; the man named
    # in the object is not an antecedent, nor is a place in the next paragraph
    paras = [
        '"We acted lawfully," Attorney General Loretta Lynch said.',
        "She has faced criticism for meeting Bill Clinton on her plane in Phoenix.",
        "The meeting took place at an airport in North Carolina.",
        '"People tend not to say those things to the attorney general," she said.',
    ]
    q = _q(paras)
    assert q["speaker_name"].tolist() == ["Loretta Lynch", "Loretta Lynch"]
    assert q["speaker_id"].nunique() == 1


def test_surname_that_is_a_brand_stays_one_person():
    """ "Vicente Fox" ... "Mr. Fox" ... "Fox": one person, not organization:fox."""
    paras = [
        "Former Mexican President Vicente Fox said Donald Trump was not welcome in Mexico.",
        "\u201cWe don\u2019t want him. We reject his visit,\u201d Mr. Fox said.",
        "\u201cHe is not going to pay for that wall,\u201d Fox wrote on Twitter.",
        "\u201cWe stand by our reporting,\u201d the Post said in a statement.",
    ]
    q = extract_quotes_paragraphs(paras, "d")
    got = q[["speaker", "speaker_id", "speaker_name", "speaker_type"]].values.tolist()
    assert got == [
        ["Former Mexican President Vicente Fox", "d:s0", "Vicente Fox", "person"],
        ["Mr. Fox", "d:s0", "Vicente Fox", "person"],
        ["Fox", "d:s0", "Vicente Fox", "person"],
        ["the Post", "d:s1", "the Post", "organization"],
    ]


def test_middle_initial_does_not_make_another_person():
    """ "Donald J. Trump" / "Donald Trump" and "James B. Comey" / "James Comey": one
    canonical name each, within a document and across documents."""
    a = extract_quotes_paragraphs(
        [
            "President Donald J. Trump said on Tuesday that James B. Comey had lied.",
            "\u201cHe is a showboat,\u201d Donald Trump told reporters.",
            "\u201cI was fired because of the Russia investigation,\u201d Mr. Comey said.",
        ],
        "a",
    )
    b = extract_quotes_paragraphs(
        [
            "\u201cWe will build the wall,\u201d Donald Trump said at a rally in Ohio.",
            "then-FBI Director James Comey said the president had asked for loyalty.",
        ],
        "b",
    )
    got = [r[["speaker", "speaker_id", "speaker_name"]].values.tolist() for r in (a, b)]
    assert got == [
        [
            ["President Donald J. Trump", "a:s0", "Donald Trump"],
            ["Donald Trump", "a:s0", "Donald Trump"],
            ["Mr. Comey", "a:s1", "James Comey"],
        ],
        [
            ["Donald Trump", "b:s0", "Donald Trump"],
            ["then-FBI Director James Comey", "b:s1", "James Comey"],
        ],
    ]


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Donald J. Trump", "Donald Trump"),
        ("Thomas R. Carper", "Thomas Carper"),
        ("Donald J. Trump Jr.", "Donald Trump Jr."),
        ("J. Edgar Hoover", "J. Edgar Hoover"),
        ("George H.W. Bush", "George H.W. Bush"),
        ("J. R. R. Tolkien", "J. R. R. Tolkien"),
        ("Joe Biden", "Joe Biden"),
        ("the U.S. envoy", "the U.S. envoy"),
    ],
)
def test_canonical_person_name(name, expected):
    assert canonical_person_name(name) == expected


# --------------------------------------------------------------------------------------
# speaker_role: who the speaker is, not when, where or what they were doing
# --------------------------------------------------------------------------------------
def _role_of(paragraph):
    q = _q([paragraph])
    assert len(q) == 1
    return q.loc[0, "speaker_name"], q.loc[0, "speaker_role"]


@pytest.mark.parametrize(
    ("paragraph", "expected"),
    [
        # time, place and circumstance adverbials are not roles
        (
            "Maria Lopez, in her first interview since announcing her candidacy, told"
            " reporters the state budget was broken.",
            ("Maria Lopez", ""),
        ),
        (
            'Dan Meyer, toward the end of the hearing, warned that a "fiscal cliff is coming."',
            ("Dan Meyer", ""),
        ),
        (
            "Paula Weiss, at a rally in Des Moines, Iowa, said the caucuses would decide the race.",
            ("Paula Weiss", ""),
        ),
        # participial clauses and predicative adjectives are not roles; a title is
        (
            "Governor Tom Hill, speaking to reporters after the vote, said the bill would be"
            " vetoed.",
            ("Tom Hill", "Governor"),
        ),
        (
            "Carla Jensen, trying to contain a dispute that has split her party, said on"
            " Tuesday that the vote would go ahead.",
            ("Carla Jensen", ""),
        ),
        (
            "Ben Ortiz, aware of the criticism, told voters the plan would save money.",
            ("Ben Ortiz", ""),
        ),
        # a relative clause about what the person did is not a role ...
        (
            "Senator Mark Olsen, who has pulled ahead of his rivals in recent polls, said the"
            " race was far from over.",
            ("Mark Olsen", "Senator"),
        ),
        (
            '"It is a start," said Representative Paul Ames, Republican of Ohio, who drafted'
            " the amendment.",
            ("Paul Ames", "Representative; Republican of Ohio"),
        ),
        (
            "Director of National Intelligence James Clapper said the threat was real.",
            ("James Clapper", "Director of National Intelligence"),
        ),
        # a bare honorific or age is not a role
        ("Mrs. Lopez said the state budget was broken.", ("Lopez", "")),
        ("The 76-year-old Pelosi said she would run again.", ("Pelosi", "")),
    ],
)
def test_speaker_role_is_a_role_not_a_circumstance(paragraph, expected):
    assert _role_of(paragraph) == expected


@pytest.mark.parametrize(
    ("later", "expected"),
    [
        # appositive descriptions, an identity relative clause, an affiliation
        (
            "Linda Park, 58, a retired bookkeeper, said she could no longer afford her rent.",
            "58, a retired bookkeeper",
        ),
        (
            "Linda Park, the Baptist minister who became Arkansas governor, said she would"
            " sign the bill.",
            "the Baptist minister who became Arkansas governor",
        ),
        (
            "Linda Park, who was deputy director of the state health department until 2019,"
            " said the figures were misleading.",
            "who was deputy director of the state health department until 2019",
        ),
        (
            "Linda Park, with the Heritage Foundation, said the rule was unlawful.",
            "with the Heritage Foundation",
        ),
        (
            "Linda Park, a Democrat from Massachusetts, said the rule was unlawful.",
            "a Democrat from Massachusetts",
        ),
    ],
)
def test_speaker_role_keeps_descriptions_over_an_earlier_honorific(later, expected):
    """ "Ms. Park said ..." first: the later description is the role of every mention."""
    q = _q(["Ms. Park said the council had ignored the tenants for years.", later])
    assert q["speaker_name"].tolist() == ["Linda Park"] * 2
    assert q["speaker_role"].tolist() == [expected] * 2
    assert resolve_speakers(q)["speaker_role"].tolist() == [expected]


def test_speaker_role_prefers_a_real_role_over_an_honorific():
    """ "Mr. Steele" first, "Michael Steele, the party chairman" later: the role of the
    speaker (every quote and the speakers table) is "the party chairman", not "Mr."."""
    q = _q(
        [
            "Mr. Steele said the party would recover from the defeat.",
            "Michael Steele, the party chairman, said the losses were temporary.",
            '"We will be back," Mr. Steele said.',
        ]
    )
    assert q["speaker_role"].tolist() == ["the party chairman"] * 3
    sp = resolve_speakers(q)
    assert sp[["speaker_name", "speaker_role", "n_quotes"]].values.tolist() == [
        ["Michael Steele", "the party chairman", 3]
    ]


def test_speaker_role_from_a_garbled_mention_is_dropped():
    """A mention swept up with other words ("Mitt Romney and Mr. Ryan", "LaPierre in
    December") leaves a fragment before the name, not a role; the speakers table cleans
    roles of quotes tables built elsewhere too."""
    q = pd.DataFrame(
        {
            "doc_id": ["d"] * 3,
            "para_id": [0, 1, 2],
            "speaker": ["Mitt Romney and Mr. Ryan", "Senator Ann Ruiz", "Ann Ruiz"],
            "speaker_role": ["", "in an interview with Fox News", "a Democrat from Texas"],
            "speaker_start": [0, 0, 0],
        }
    )
    out = resolve_mentions(q)
    # the title of one mention and the description of another are both kept
    assert out["speaker_role"].tolist() == ["", *["Senator; a Democrat from Texas"] * 2]
    raw = out.assign(speaker_role=["Mr.", "on Monday", "a Democrat from Texas"])
    assert resolve_speakers(raw)["speaker_role"].tolist() == ["", "a Democrat from Texas"]


@pytest.mark.parametrize(
    ("text", "name", "role"),
    [
        ("Weekly Standard Editor Bill Kristol said so.", "Bill Kristol", "Weekly Standard Editor"),
        (
            "It was Republican presidential nominee Donald Trump.",
            "Donald Trump",
            "Republican presidential nominee",
        ),
        ("Tom Clarke, a nursing home owner, was there.", "Tom Clarke", "a nursing home owner"),
        # a place, a list or a clause before/after the name is not a role
        ("In Ohio Joe Biden spoke.", "Joe Biden", ""),
        ("Clinton, Sanders, and Martin O'Malley debated.", "Martin O'Malley", ""),
        ("Tom Steyer, CNN and NBC reported, gave money.", "Tom Steyer", ""),
        ("Anna Berg, who had filed in 2014, left.", "Anna Berg", ""),
    ],
)
def test_role_of_the_first_full_mention(text, name, role):
    from framing.speakers import _first_mention_role

    assert _first_mention_role(name, ["An unrelated first paragraph.", text]) == role


# --------------------------------------------------------------------------------------
# roles from the full mentions of a name (sentences from BASIL articles)
# --------------------------------------------------------------------------------------
def _speakers(text):
    return resolve_speakers(_q(text.split("\n\n")))[["speaker_name", "speaker_role"]]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a description in commas before the name; a bare "the spokeswoman" takes what an
        # earlier "a spokeswoman for ..." says
        (
            "A spokeswoman for the State Department described it.\n\nThe spokeswoman, Marie"
            ' Harf, was asked on Tuesday.\n\n"The letter went first," Ms. Harf said.',
            [["Marie Harf", "spokeswoman for the State Department"]],
        ),
        (
            "The group’s chief executive, Barry Rand, issued a statement.\n\n"
            '"Nothing has changed," Mr. Rand said.',
            [["Barry Rand", "the group’s chief executive"]],
        ),
        # a place ("of California") is weaker than the title of the full mention
        (
            "Representative Ed Royce of California, the retiring chairman of the committee,"
            ' spoke out.\n\nBut Mr. Royce, of California, called for Mr. Trump to "use'
            " today's indictments.\"",
            [["Ed Royce", "Representative"]],
        ),
        # the title of the full mention and the description of the quoted one: both
        (
            "California Democratic Rep. Nancy Pelosi was appointed minority leader.\n\n"
            'Pelosi, a prolific fundraiser, said: "We have work to do."',
            [["Nancy Pelosi", "California Democratic Rep.; a prolific fundraiser"]],
        ),
        # a middle initial is not part of the name
        (
            "Officers are stable, according to Chief Matthew R. Verderosa.\n\n"
            '"We calmed the situation," Verderosa said.',
            [["Matthew Verderosa", "Chief"]],
        ),
        # names that differ only in accents are one person, named as first spelt
        (
            '"It is fine," Raul Labrador said.\n\nRep. Raúl Labrador later added: "We agree."',
            [["Raul Labrador", "Rep."]],
        ),
        # the period of "Rep." ends no sentence: the title before the name is found
        (
            'Lawmakers met.\n\n"They are reading it like a sacred text," Rep. Jerrold Nadler,'
            ' D-N.Y., said.\n\n"It is a start," Nadler said.',
            [["Jerrold Nadler", "Rep."]],
        ),
    ],
)
def test_role_from_the_full_mentions_of_the_name(text, expected):
    assert _speakers(text).values.tolist() == expected


@pytest.mark.parametrize(
    ("text", "name", "role"),
    [
        # an affiliation ending in capitalised words is a description, not a name
        (
            "Jonathan Cowan, president of centrist think tank Third Way, hailed it.",
            "Jonathan Cowan",
            "president of centrist think tank Third Way",
        ),
        # "Mr. Obama’s" does not end the description
        (
            "Rahm Emanuel, the mayor of Chicago and Mr. Obama’s former chief of staff, said so.",
            "Rahm Emanuel",
            "the mayor of Chicago and Mr. Obama’s former chief of staff",
        ),
        # a place before "of" is not part of the title
        ("He lost in Virginia of Rep. Eric Cantor to a rival.", "Eric Cantor", "Rep."),
        # a clause before the description is no part of it
        (
            "The campaign plans to employ Mr. Obama and the first lady, Michelle Obama, soon.",
            "Michelle Obama",
            "the first lady",
        ),
        (
            "The comments from Fox echo those of his successor, Felipe Calderón, who spoke.",
            "Felipe Calderón",
            "his successor",
        ),
        ("Barack Obama, Hillary Clinton and others spoke.", "Barack Obama", ""),
    ],
)
def test_role_of_the_full_mentions_more(text, name, role):
    from framing.speakers import _first_mention_role

    assert _first_mention_role(name, ["An unrelated first paragraph.", text]) == role


@pytest.mark.parametrize(
    ("title", "desc", "expected"),
    [
        ("Rep.", "a prolific fundraiser", "Rep.; a prolific fundraiser"),
        ("Representative", "of California", "Representative"),
        ("Sen.", "(R-Ga.)", "Sen."),
        ("", "R-Calif.", "R-Calif."),
        ("Senator", "the senator from Ohio", "the senator from Ohio"),
        ("Representative", "of Oxford University", "Representative; of Oxford University"),
    ],
)
def test_combine_role(title, desc, expected):
    from framing.speakers import _combine_role

    assert _combine_role(title, desc) == expected


# --------------------------------------------------------------------------------------
# Ukraine-crisis articles (review 16): pronouns and names in a domain never tuned on
# --------------------------------------------------------------------------------------
def _speaker_of(paras: list[str], content_part: str) -> pd.Series:
    q = extract_quotes_paragraphs(paras, "d")
    rows = q[q["content"].str.contains(content_part, regex=False)]
    assert len(rows) == 1, q[["speaker", "speaker_name", "content"]]
    return rows.iloc[0]


def test_he_is_never_a_document_and_takes_the_person_an_agency_reported():
    paras = [
        "The 14-page document, the authenticity of which cannot be verified, says that the "
        "eventual membership of Ukraine to the Russian-sponsored Customs Union would bring "
        "additional trade exchange.",
        "Ukrainian President Viktor Yanukovych said yesterday (29 August) that he was "
        "convinced his country would sign a free-trade deal with the European Union, the "
        "Russian agency RIA Novosti reported.",
        "“For today, I see no obstacles to signing this document,” he said in comments aired "
        "on Ukrainian television.",
    ]
    r = _speaker_of(paras, "no obstacles")
    assert r["speaker_name"] == "Viktor Yanukovych"
    assert r["speaker_role"] == "Ukrainian President"


def test_he_takes_the_man_named_in_a_sentence_attributed_to_a_report():
    paras = [
        '11:27 - EU foreign policy chief Catherine Ashton has said it is "vital that we see '
        'occupations of buildings reduced," in Ukraine.',
        "10:32 - Speaking on Rossiya 24 television, Kremlin spokesman Dmitry Peskov called on "
        "Europe and the United States to assess the situation in Slovyansk where "
        '"aviation is being used against the population," according to the report.',
        "He said Kyiv will inevitably be held responsible for making the decision to launch "
        'a "punitive operation" in southeast Ukraine, "first of all by its people."',
    ]
    r = _speaker_of(paras, "held responsible")
    assert r["speaker_name"] == "Dmitry Peskov"
    assert r["speaker_role"] == "Kremlin spokesman"


def test_she_follows_a_pronoun_chain_to_a_newly_introduced_person():
    paras = [
        "“But this isn’t just a military effort,” Okuyeva said, wearing a camouflage "
        "headscarf and sipping tea in a café in Kiev, during leave from the front line.",
        "As Putin’s allies continue to turn the screw on media, so Okuyeva expects more "
        "Russian dissidents to move to Ukraine.",
        "Olga Kurnosova, a familiar face and strident voice at Russian opposition rallies for "
        "more than a decade, is already here.",
        "She arrived in Ukraine from Moscow in October, having been warned by a trusted "
        "contact that Russian police were planning to arrest and frame her.",
        "She grabbed a few essentials, told friends on a phone she thought was bugged that "
        "she was leaving for St Petersburg, and instead travelled by minibus to Belarus.",
        "At Minsk airport she waited until the last possible moment to buy a ticket, then "
        "boarded a flight for Kiev.",
        "“I held my breath until that plane took off,” she said.",
    ]
    assert _speaker_of(paras, "held my breath")["speaker_name"] == "Olga Kurnosova"


def test_he_takes_a_single_name_introduced_with_a_description():
    paras = [
        '"We all saw what was going on in Kyiv," Nina explained calmly.',
        "Alla, a 40-something-year-old head of a vocational school, is convinced that "
        '"historic justice should win" - this is why she has voted for Russia.',
        "Crimea has always been Russian, she says.",
        "Gennady, a young computer engineer is one of the few here to say that he voted for "
        "Crimea staying in Ukraine.",
        '"The development in our country has shown that we now have more influence on those '
        'in power," he explained.',
    ]
    assert _speaker_of(paras, "always been Russian")["speaker_name"] == "Alla"
    assert _speaker_of(paras, "more influence")["speaker_name"] == "Gennady"


def test_he_takes_the_known_person_before_a_full_name_in_a_clause():
    paras = [
        "The US secretary of state, John Kerry, said that the US and the EU supported the "
        "people of Ukraine.",
        "The statement came as Kerry prepared to meet Vitaly Klitschko, a Ukraine opposition "
        "leader, on the sidelines of a security conference in Munich, Germany.",
        'The people of Ukraine were "fighting for the right to associate with partners who '
        'will help them realise their aspirations", he said.',
    ]
    assert _speaker_of(paras, "fighting for the right")["speaker_name"] == "John Kerry"


@pytest.mark.parametrize(
    ("text", "name", "role"),
    [
        (
            "Russian Minister of Transport Maxim Sokolov said that Moscow would retaliate if "
            "Ukraine closes airspace to Russian companies.",
            "Maxim Sokolov",
            "Russian Minister of Transport",
        ),
        (
            "Hundreds of Russian soldiers were killed, US Assistant Secretary of State for "
            "European and Eurasian Affairs Victoria Nuland said on Tuesday.",
            "Victoria Nuland",
            "US Assistant Secretary of State for European and Eurasian Affairs",
        ),
        (
            '"What does incitement have to do with promoting democracy?," he said in response '
            "to European Council President Herman Van Rompuy, who earlier said Ukraine's "
            "future lay in Europe.",
            "Herman Van Rompuy",
            "European Council President",
        ),
        (
            "This largely corresponds to a recent statement by Russian presidential advisor "
            "Sergei Glyazev, who said that signing the agreement would be suicidal for Ukraine.",
            "Sergei Glyazev",
            "Russian presidential advisor",
        ),
        (
            "After Russia's five-day war with Georgia in South Ossetia, the General Staff "
            "announced that it had lost 74 servicemen there.",
            "the General Staff",
            "",
        ),
        (
            "An acquaintance in Moscow, speaking on condition of anonymity because of the "
            "sensitivity, said Strelkov was outraged by the events in Kiev.",
            "an acquaintance in Moscow",
            None,
        ),
        (
            "VORONEZH — The son of Cuban revolutionary Fidel Castro declared that the island "
            "nation recognizes Crimea as a part of Russia.",
            "the son of Cuban revolutionary Fidel Castro",
            None,
        ),
    ],
)
def test_office_titles_and_relations_are_not_glued_to_names(text, name, role):
    q = extract_quotes_paragraphs([text], "d")
    r = q[q["speaker"] != "he"].iloc[0]
    assert r["speaker_name"] == name
    if role is not None:
        assert r["speaker_role"] == role


@pytest.mark.parametrize(
    ("text", "name", "role"),
    [
        # an age, then what happened to the person: how news introduces private people
        (
            "Derek Haigh, 71, whose hip replacement has now been postponed twice, said he "
            'sympathised with the strikers but was "running out of patience with everybody".',
            "Derek Haigh",
            "71, whose hip replacement has now been postponed twice",
        ),
        (
            "Lotte Jansen, 29, a primary school teacher in Amsterdam-Noord, shares a "
            "two-room flat.\n\n“I have been on the social housing list since I was "
            "eighteen,” she said.",
            "Lotte Jansen",
            "29, a primary school teacher in Amsterdam-Noord",
        ),
        # a person introduced by their family (BASIL)
        (
            "But the report did get support from at least one Newtown parent: Mark "
            "Mattioli, whose 6-year-old son, James, was killed.\n\n“I think politics needs "
            "to be set aside here,” said Mr. Mattioli.",
            "Mark Mattioli",
            "whose 6-year-old son",
        ),
        # a title run swallowing the first name ("U.S. District Judge Lorraine" |
        # "Whitaker"): the surname still finds the full name
        (
            "In a 64-page opinion, U.S. District Judge Lorraine Whitaker found that the "
            "county's system violated the Voting Rights Act.\n\n“The Voting Rights Act does "
            "not guarantee any group a seat at the table,” Whitaker wrote.",
            "Lorraine Whitaker",
            "U.S. District Judge",
        ),
    ],
)
def test_roles_of_the_bundled_sample_corpus(text, name, role):
    sp = _speakers(text)
    row = sp[sp["speaker_name"] == name]
    assert len(row) == 1, sp[["speaker_name", "speaker_role"]]
    assert row["speaker_role"].iloc[0] == role


def test_full_name_written_with_a_non_breaking_space():
    """A surname-only speaker takes the full name that the document spells with a
    non-breaking space ("Vicente\\xa0Fox", as pages saved from HTML often do)."""
    paras = [
        "Former Mexican President Vicente\u00a0Fox visited Texas on Monday.",
        "\u201cWe reject his visit,\u201d Fox said.",
    ]
    q = extract_quotes_paragraphs(paras, "d")
    assert q["speaker_name"].tolist() == ["Vicente Fox"]


# --- groups, "they" and "it" (plural and organisation antecedents) ---------------------


@pytest.mark.parametrize(
    "mention",
    [
        "Separatists",
        "Pro-Russian separatists",
        "The rebels",
        "the militants",
        "Rebels in the east",
        "Insurgents",
        "Armed gunmen",
        "Demonstrators",
    ],
)
def test_armed_and_protest_groups_are_groups(mention):
    assert speaker_type(mention) == "group"


def test_group_speakers_of_said_are_groups():
    paras = [
        "Pro-Russian separatists said on Sunday that they had shot down a military "
        "transport plane near the airport.",
        '"We will hold the town," the rebels said in a statement posted online.',
    ]
    q = _q(paras)
    assert q["speaker_type"].tolist() == ["group", "group"]


def test_they_takes_the_group_not_the_last_person():
    paras = [
        "Separatists in the eastern city said the ceasefire was holding for now.",
        "Mayor Viktor Hrytsenko said the city was calm but shops stayed closed.",
        '"We are ready to talk, but not at gunpoint," they added.',
    ]
    q = _q(paras)
    assert q["speaker_name"].tolist() == [
        "Separatists in the eastern city",
        "Viktor Hrytsenko",
        "Separatists in the eastern city",
    ]
    assert q["speaker_type"].tolist() == ["group", "person", "group"]


def test_they_takes_the_group_not_a_single_spokesman():
    """A police spokesman is one source, not a group ("police" only modifies him)."""
    paras = [
        "Protesters in the square said they would stay until the government resigned.",
        "A police spokesman said the square was calm overnight.",
        "They said they had enough food and blankets for a week.",
    ]
    q = _q(paras)
    assert q["speaker_type"].tolist() == ["group", "anonymous", "group"]
    assert q["speaker_name"].tolist()[2] == "Protesters in the square"


def test_they_prefers_a_recent_group_over_an_organisation():
    paras = [
        "Rebel leaders in the region said on Sunday that the referendum would go ahead.",
        "The foreign ministry in Kyiv said the vote was illegal and would not be "
        "recognised. They said turnout had passed 70 percent by midday.",
    ]
    q = _q(paras)
    assert q["speaker_name"].tolist() == [
        "Rebel leaders in the region",
        "the foreign ministry in Kyiv",
        "Rebel leaders in the region",
    ]


def test_they_still_takes_an_organisation_when_no_group_spoke():
    paras = [
        "The foreign ministry said the vote was illegal.",
        "They said the results would not be recognised.",
    ]
    assert _q(paras)["speaker_name"].tolist() == ["the foreign ministry"] * 2


def test_it_takes_the_organisation_not_the_person_quoted_after_it():
    paras = [
        "Russia's foreign ministry said on Tuesday that the new sanctions were illegal.",
        "Foreign Minister Sergei Lavrov said the West was to blame for the crisis.",
        "It also said that Moscow would respond in kind.",
    ]
    q = _q(paras)
    assert q["speaker_name"].tolist() == [
        "Russia's foreign ministry",
        "Sergei Lavrov",
        "Russia's foreign ministry",
    ]


def test_it_takes_a_company_named_by_a_single_word():
    """A company named by one unknown word ("Gazprom") looks like a surname; "It said"
    shows it is not a person."""
    paras = [
        "Gazprom said it would cut gas deliveries to the country from Monday.",
        "Alexei Miller, the chief executive, said the debt had not been paid.",
        "It said in a statement that supplies to Europe would not be affected.",
        "Gazprom also said that talks could resume next week.",
    ]
    q = _q(paras)
    assert q["speaker_name"].tolist() == ["Gazprom", "Alexei Miller", "Gazprom", "Gazprom"]
    assert q["speaker_type"].tolist() == ["organization", "person"] + ["organization"] * 2
    assert q["speaker_id"].tolist() == ["d:s0", "d:s1", "d:s0", "d:s0"]


def test_it_does_not_take_a_known_person():
    paras = [
        "Miller said the debt had not been paid. Alexei Miller runs the company.",
        "It said in a statement that supplies would not be affected.",
    ]
    q = _q(paras)
    assert q["speaker_name"].tolist()[0] == "Alexei Miller"
    assert q["speaker_name"].tolist()[1] != "Alexei Miller"


@pytest.mark.parametrize(
    ("male", "female"),
    [
        ("Alderman", "Alderwoman"),
        ("Congressman", "Congresswoman"),
        ("Chairman", "Chairwoman"),
        ("Councilman", "Councilwoman"),
    ],
)
def test_pronoun_gender_from_gendered_titles(male, female):
    paras = [
        f"{male} Tom Ray said the zoning plan would hurt small businesses.",
        f"{female} Pat Lee said the plan had been debated for two years.",
        '"We have waited long enough," he said.',
        '"The plan is fair," she said.',
    ]
    q = _q(paras)
    assert q["speaker_name"].tolist() == ["Tom Ray", "Pat Lee", "Tom Ray", "Pat Lee"]


@pytest.mark.parametrize(
    "role", ["a Democratic alderwoman", "the committee's chairwoman", "a congresswoman from Ohio"]
)
def test_pronoun_gender_from_a_gendered_role_noun(role):
    paras = [
        "Mr. Tom Ray said the zoning plan would hurt small businesses.",
        f"Pat Lee, {role}, said the plan had been debated for two years.",
        '"We have waited long enough," he said.',
    ]
    assert _q(paras)["speaker_name"].tolist() == ["Tom Ray", "Pat Lee", "Tom Ray"]


@pytest.mark.parametrize(
    ("text", "name", "stype"),
    [
        # a chamber is a body, not a person named "Commerce"
        (
            "The Chamber of Commerce said the new parking charges would drive shoppers to "
            "out-of-town retail parks.",
            "the Chamber of Commerce",
            "organization",
        ),
        (
            "The Chamber of Deputies said it would vote on the budget next week.",
            "the Chamber of Deputies",
            "organization",
        ),
        # "the firm" is the company speaking, like "the company"
        (
            "Logistics group Ferrant will open a depot near the ring road, creating 120 "
            "jobs, the firm said on Thursday.",
            "the firm",
            "organization",
        ),
        (
            "A law firm representing the tenants said it would appeal the ruling.",
            "a law firm representing the tenants",
            "organization",
        ),
    ],
)
def test_chambers_and_firms_are_organizations(text, name, stype):
    q = extract_quotes_paragraphs([text], "d")
    assert q[["speaker_name", "speaker_type"]].values.tolist() == [[name, stype]]


@pytest.mark.parametrize(
    ("text", "name", "role"),
    [
        # the body a title belongs to stays in the role ("council leader", not "leader"),
        # also when the person is quoted later by surname only
        (
            "The closure was announced by council leader Ruth Okonjo on Monday.\n\n"
            '"We cannot keep patching it up," Okonjo said.',
            "Ruth Okonjo",
            "council leader",
        ),
        (
            "The plan was backed by union leader Sam Keane at the meeting.\n\n"
            '"Our members have waited long enough," Keane said.',
            "Sam Keane",
            "union leader",
        ),
        # what a private person has done for a living says who they are
        (
            '"Trade is down by half since the roadworks started," said Tom Reyes, who has '
            "run a hardware shop on the high street for 30 years.",
            "Tom Reyes",
            "who has run a hardware shop on the high street for 30 years",
        ),
        (
            '"I have never seen the river this high," said Ada Quinn, who has lived in the '
            "village for 40 years.",
            "Ada Quinn",
            "who has lived in the village for 40 years",
        ),
        # ... but not what they have done in the story
        (
            '"The barrier was never tested," said Ada Quinn, who has criticised the plan '
            "from the start.",
            "Ada Quinn",
            "",
        ),
        # a courtesy title after a description is not part of the role
        (
            "Glaciologist Dr Ines Moreau of Northfield University said the ice shelf was "
            "thinning faster than any model had predicted.",
            "Ines Moreau",
            "Glaciologist of Northfield University",
        ),
        (
            "Glaciologist Dr Ines Moreau said the ice shelf was thinning faster than any "
            "model had predicted.",
            "Ines Moreau",
            "Glaciologist",
        ),
        (
            "Dr Ines Moreau said the ice shelf was thinning faster than any model had predicted.",
            "Ines Moreau",
            "Dr",
        ),
    ],
)
def test_roles_of_local_news_speakers(text, name, role):
    sp = _speakers(text)
    row = sp[sp["speaker_name"] == name]
    assert len(row) == 1, sp[["speaker_name", "speaker_role"]]
    assert row["speaker_role"].iloc[0] == role


def test_a_description_first_seen_at_a_sentence_start_reads_as_mid_sentence():
    """'The finance minister told ...' and later '... the finance minister said' are one
    speaker named 'the finance minister', as an organisation's 'the Kremlin' is."""
    q = extract_quotes_paragraphs(
        [
            "The finance minister told reporters the budget was balanced.",
            "Prices rose, the finance minister said.",
        ]
    )
    assert q["speaker_name"].tolist() == ["the finance minister"] * 2
    assert q["speaker_id"].iloc[0] == q["speaker_id"].iloc[1]


def test_the_hague_is_a_place_and_hague_a_person():
    """'The Hague said' is the seat of government or court speaking (a metonym, like
    'Brussels'); a bare 'Hague' after William Hague is still the person."""
    q = extract_quotes_paragraphs(
        [
            "The Hague said the court would rule in May.",
            "British Foreign Secretary William Hague said sanctions would follow.",
            "Hague said the talks had failed.",
        ]
    )
    assert q[["speaker_name", "speaker_type"]].values.tolist() == [
        ["the Hague", "organization"],
        ["William Hague", "person"],
        ["William Hague", "person"],
    ]
