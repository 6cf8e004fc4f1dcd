"""Speaker resolution: one speaker per person, body or source within a document.

:func:`resolve_mentions` links each quote's speaker mention ("he", "she", "the official",
"the same official", a bare surname, a title such as "the senator", a metonym such as
"the Kremlin" or "Washington") to the speaker first named in full earlier in the
article and gives it a canonical name, a type and a role. An affiliation after a name
("Anna Berg of Oxford University") is a role, not the name. "He"/"she" takes the most
recent compatible person: a speaker, or a person named as a sentence subject (in the
same paragraph or the two before, and further back while the paragraphs between keep
saying "she"/"her") or, when the subject is not a person, elsewhere in a sentence without
speech or attributed only to a body or a text ("X said ..., the agency reported",
"according to the report"); a known person named before that name in the clause comes
first ("The statement came as Kerry prepared to meet Vitaly Klitschko"). A single name
with a description ("Alla, a 40-something head of a school,") is a person. "He"/"she"
is never a document or a report. "They" takes the latest group, body or source, a group
(armed groups such as "pro-Russian separatists" and "the rebels" too) that spoke in its
paragraph or the two before first ("Rebel leaders said ... The ministry said ... They
said"); "it" takes the latest body, or a single unknown word taken for a surname that no
title, description, gender or longer name makes a person ("Gazprom said ... It said"),
which then becomes an organization. Gender comes only from honorifics (Mr., Ms.), gendered
role nouns (spokeswoman, chairman) and pronouns already resolved to the person. An
office title runs through "of"/"for"/"and" to the holder's last two name words
("Russian Minister of Transport Maxim Sokolov"); a relation noun heads its phrase ("The
son of Fidel Castro", "An acquaintance in Moscow" are not Castro or Moscow). A
sentence-opening preposition or conjunction ("Despite Trump", "Before Donald Trump") is
never part of a name; names that differ only in accents ("Raul"/"Raúl") are one person,
named as first spelt; a surname that is also a brand or an organisation word names a
person after an honorific or a first name ("Mr. Fox", "Vicente Fox"; "Fox" alone is the
network unless the article names a person Fox). :func:`resolve_speakers` turns a quotes
table into the speakers table:

==============  =========================================================================
column          meaning
==============  =========================================================================
doc_id          document key
speaker_id      ``{doc_id}:s{n}``
speaker_name    canonical name (fullest name, else the first full description); a
                person's single middle initial is dropped (:func:`canonical_person_name`)
speaker_type    ``person``, ``organization``, ``anonymous`` or ``group``
speaker_role    who the speaker is, as the text says: an appositive ("a Democrat from
                Ohio", "58, a retired bookkeeper", "who was deputy director of ..."),
                a title before the name ("U.S. Sen.") or an affiliation; never a bare
                "Mr."/"Mrs.", a circumstance ("in an interview", "on Monday"), a
                participial clause ("trying to ...") or a relative clause about what
                the speaker did ("who has pulled ahead ...") (:func:`_clean_role`);
                the first title and the first description of any mention of the
                speaker, both kept as "title; description" ("California Democratic
                Rep.; a prolific fundraiser"); what the mentions in speech lack comes
                from the full mentions of the name in the article: the title before
                ("Harvard economist Jeff Miron"), the description after ("Michael
                Steele, chairman of ...") or before ("The spokeswoman, Marie Harf,";
                a bare "the spokeswoman" takes an earlier "a spokeswoman for ...");
                a role that only places the person ("of California", "R-Calif.")
                gives way to a title or description; "" when none
mentions        list of the mentions as written, in order
aliases         list of distinct mention forms
n_quotes        number of quotes attributed
==============  =========================================================================
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache

import pandas as pd

from .quotes import _ABBREV

__all__ = [
    "SPEAKER_COLUMNS",
    "canonical_person_name",
    "resolve_mentions",
    "resolve_records",
    "resolve_speakers",
    "speaker_type",
]

SPEAKER_COLUMNS = [
    "doc_id",
    "speaker_id",
    "speaker_name",
    "speaker_type",
    "speaker_role",
    "mentions",
    "aliases",
    "n_quotes",
]

# Title words stripped from the front of names (kept as the role).
_TITLES = {
    "president", "vice", "secretary", "minister", "prime", "foreign", "defense", "defence",
    "state", "senator", "sen.", "sen", "rep.", "rep", "representative", "gov.", "gov",
    "governor", "mayor", "chancellor", "gen.", "general", "dr.", "dr", "mr.", "mr", "mrs.",
    "mrs", "ms.", "ms", "judge", "justice", "chief", "chairman", "chairwoman", "chair",
    "leader", "speaker", "deputy", "ambassador", "spokesman", "spokeswoman", "director",
    "ceo", "rev.", "pope", "king", "queen", "prince", "princess", "sheikh", "lt.", "col.",
    "capt.", "sgt.", "adm.", "attorney", "u.s.", "us", "former", "democratic",
    "republican", "gop", "house", "senate", "majority", "minority", "whip", "candidate",
    "nominee", "presidential", "first", "lady", "commissioner", "sheriff", "officer",
    "professor", "prof.", "economist", "analyst", "coach", "russian", "ukrainian",
    "ukraine", "american", "british", "french", "german", "chinese", "israeli", "iranian",
    "european", "nato", "un", "u.n.", "eu", "interior", "finance", "treasury", "health",
    "homeland", "security", "national", "press", "white", "department", "council",
    "committee", "party", "campaign", "manager", "adviser", "advisor", "aide", "founder",
    "host", "anchor", "editor", "executive", "official", "inspector", "special",
    "counsel", "solicitor", "assistant", "associate", "acting", "incoming", "outgoing",
    "then-", "legislator", "lawmaker", "congressman", "congresswoman", "delegate",
    "assemblyman", "assemblywoman", "councilman", "councilwoman", "district", "federal",
    "fbi", "cia", "nsa", "agency", "administrator", "sir", "lord", "dame", "the",
    "of", "and", "for", "alderman", "alderwoman", "housing", "superintendent", "democrat",
    "councillor", "councilor", "opposition", "organiser", "organizer", "rev", "bishop",
    "intelligence",
}  # fmt: skip
_METONYMS = {
    "kremlin", "white house", "washington", "moscow", "beijing", "kyiv", "kiev", "pentagon",
    "downing street", "tehran", "brussels", "london", "paris", "berlin", "tokyo", "seoul",
    "pyongyang", "ankara", "jerusalem", "vatican", "capitol hill", "west", "elysee",
    "élysée", "foggy bottom", "whitehall", "damascus", "baghdad", "kabul", "islamabad",
    "new delhi", "ottawa", "canberra", "havana", "caracas", "riyadh", "cairo", "minsk",
    "warsaw", "russia", "ukraine", "china", "united states", "u.s.", "us", "iran",
    "israel", "germany", "france", "britain", "japan", "turkey", "nato", "european union",
    "eu", "united nations", "u.n.", "america", "north korea", "south korea", "india",
    "pakistan", "syria", "mexico", "canada", "congress", "senate", "house", "state department",
    "justice department", "fbi", "cia", "administration", "government", "obama administration",
    "trump administration", "biden administration", "clinton campaign", "trump campaign",
    "bucharest", "amsterdam", "the hague", "madrid", "rome", "vienna", "budapest", "athens",
    "lisbon", "dublin", "stockholm", "oslo", "copenhagen", "helsinki", "prague", "bern",
}  # fmt: skip
_ORG_WORDS = re.compile(
    r"(?i)\b(?:ministry|department|council|agency|committee|commission|party|campaign|post|"
    r"times|news|reuters|cnn|fox|msnbc|abc|cbs|nbc|npr|pbs|bbc|ap|associated\s+press|"
    r"journal|inc\.?|corp\.?|company|university|institute|center|centre|foundation|bank|"
    # a firm and a chamber ("the Chamber of Commerce") are bodies, not people
    r"firm|chamber|court|congress|senate|house|administration|government|police|army|military|office|"
    r"bureau|service|union|association|pac|group|network|magazine|newspaper|tribune|"
    r"herald|gazette|politico|breitbart|axios|bloomberg|poll|survey|study|report|data|"
    r"board|organization|organisation|federation|coalition|alliance|league|club|"
    r"embassy|fund|trust|watch|project|initiative|caucus|network|channel|station|"
    r"website|blog|kremlin|pentagon|nato|fbi|cia|gop|dnc|rnc|u\.n\.|un|eu|"
    r"statement|spokesman's\s+office|bloc|opposition|general\s+staff|"
    # armed forces, treaties and codes, wire services and outlets of international news
    r"navy|air\s+force|marines|coast\s+guard|convention|treaty|code|red\s+cross|"
    r"interfax|tass|itar-tass|ria\s+novosti|novosti|xinhua|sputnik|vedomosti|kommersant|izvestia|"
    r"gazeta(?:\.ru)?|rossiya|ukrinform|unian|afp|dpa|kyodo|yonhap|al\s+jazeera)\b"
)
# party names that look like plural people ("the Free Democrats") and acronyms ("UNICEF")
_PARTY_RE = re.compile(
    r"(?i)^(?:the\s+)?(?:free|social|christian|liberal|sweden|new)\s+democrats$|^(?:the\s+)?greens$"
)
_LOC_TAIL_RE = re.compile(r"\s+(?:in|at|near)\s+[A-Z][\w.’'-]*(?:\s+[A-Z][\w.’'-]*)*$")
_PLURAL_ORG_RE = re.compile(
    r"(?:Colleges|Universities|Hospitals|Schools|Churches|Businesses|Unions|Farmers|"
    r"Doctors|Physicians|Nurses|Teachers|Friends|Citizens)\s+(?:of\s+)?[A-Z]"
)
_ORG_TAIL_RE = re.compile(
    r"(?i)\b(?:office|ministry|department|agency|bureau|embassy|court|council|commission)$"
)
_ACRONYM_RE = re.compile(r"(?:[Tt]he\s+)?[A-Z][A-Z&/.-]*[A-Z]\.?")
_ANON_HEADS = re.compile(
    r"(?i)\b(?:official|officials|source|sources|spokesperson|spokesman|spokeswoman|"
    r"spokespeople|aide|aides|adviser|advisers|advisor|advisors|diplomat|diplomats|"
    r"insider|insiders|person|people\s+familiar|staffer|staffers|representative|"
    r"officer|officers|operative|confidant|associate|ally|allies)\b"
)
_GROUP_HEADS = re.compile(
    r"(?i)\b(?:analysts|experts|critics|people|residents|voters|supporters|democrats|"
    r"republicans|protesters|protestors|observers|economists|lawmakers|scientists|"
    r"researchers|doctors|members|leaders|organizers|witnesses|workers|families|parents|"
    r"students|activists|conservatives|liberals|progressives|groups|others|many|some|"
    r"both|they|we|opponents|backers|donors|delegates|investors|americans|russians|"
    r"ukrainians|officials|sources|aides|advisers|diplomats|authorities|prosecutors|"
    r"investigators|police|pollsters|strategists|staffers|operatives|allies|"
    r"candidates|senators|governors|women|men|veterans|citizens|journalists|reporters|"
    r"traders|speakers|economists|plaintiffs|defendants|"
    # armed and protest groups ("pro-Russian separatists", "the rebels")
    r"separatists|rebels|militants|insurgents|gunmen|fighters|militiamen|"
    r"demonstrators|soldiers|troops|villagers|refugees)\b"
)
# plural people nouns that also end organisation names ("... Association of Trial
# Lawyers"): a group only when no name precedes them ("lawyers for the company")
_GROUP_HEADS_LOWER = re.compile(
    r"(?i)\b(?:lawyers|attorneys|negotiators|executives|employees|campaigners|regulators|"
    r"representatives|ministers|judges|teachers|nurses|farmers)\b"
)
_PRONOUN_TYPES = {
    "he": "person", "she": "person", "i": "person", "you": "person", "they": "group",
    "we": "group", "it": "organization",
}  # fmt: skip
#: A possessive as the speaker ("His response: ...", "Their statement said") stands for
#: its pronoun.
_POSSESSIVES = {"his": "he", "her": "she", "their": "they", "its": "it", "my": "i", "our": "we"}
_DEF_DESC_RE = re.compile(
    r"^(?:the|that|this|these|those)\s+(?:same\s+)?((?:[\w.'’-]+\s+){0,4}?)"
    r"([a-z][\w'’-]*)(?:\s+(?:for|of|at|with|from|in)\b.*)?$",
    re.I,
)
_NAME_TOKEN_RE = re.compile(
    r"^(?:[A-Z][a-z\u00e0-\u00ff'’]+(?:-[A-Z]?[a-z\u00e0-\u00ff'’]+)*|[A-Z]\.|Mc[A-Z][a-z]+|O['’][A-Z][a-z]+|[A-Z][a-z]*[A-Z][a-z]+)$"
)
_NAME_PARTICLES = {
    "de",
    "van",
    "von",
    "der",
    "da",
    "di",
    "bin",
    "al",
    "del",
    "la",
    "le",
    "du",
    "jr.",
    "sr.",
    "jr",
    "sr",
    "ii",
    "iii",
}
_FULLNAME_RE = re.compile(
    # the first word: a capital at a word start ("\b" checked as no word character before
    # it, after the capital, so that the pattern opens on a character class, which the
    # regex engine searches much faster), then lower-case letters or a period
    r"([A-Z](?<!\w[A-Z])(?:[a-z\u00e0-\u00ff'’-]+|\.))(?:\s+(?:[A-Z]\.|[A-Z][a-z\u00e0-\u00ff'’-]+|"
    r"Mc[A-Z][a-z]+|de|van|von|bin|al-[A-Z][a-z]+)){1,3}\b"
)


# prepositions, conjunctions and adverbs that open a sentence before a name ("Despite
# Trump saying ...", "Before Donald Trump left ..."): never part of a personal name
_LEAD_WORDS = {
    "despite", "before", "after", "unlike", "like", "while", "as", "although", "though",
    "because", "since", "when", "if", "whether", "once", "until", "unless", "whereas",
    "but", "and", "or", "so", "yet", "then", "now", "also", "even", "still", "meanwhile",
    "however", "for", "from", "in", "on", "at", "by", "with", "without", "to", "of",
    "during", "following", "amid", "against", "about", "under", "upon", "into", "among",
    "between", "toward", "towards", "where", "why", "how", "what", "thanks", "besides",
}  # fmt: skip
_LEAD_WORD_RE = re.compile(r"^([A-Z][a-z]*)\s+(?=[A-Z])")


@lru_cache(maxsize=8192)
def _strip_lead_words(mention: str) -> str:
    """``mention`` without sentence-opening function words before a capitalised name:
    "Despite Trump" gives "Trump", "Before Donald Trump" gives "Donald Trump"."""
    m = mention.strip()
    while (lm := _LEAD_WORD_RE.match(m)) and lm.group(1).lower() in _LEAD_WORDS:
        m = m[lm.end() :]
    return m


_INITIAL_RE = re.compile(r"[A-Z]\.")


def canonical_person_name(name: str) -> str:
    """A personal name without its single middle initials, the form speakers are named
    and grouped by across documents: "Donald J. Trump" and "Donald Trump" are one person.

    Only a lone capital-and-period token between two full name words is dropped, so
    "J. Edgar Hoover", "George H.W. Bush" and descriptions ("the U. S. envoy") keep
    their form.

    Examples
    --------
    >>> [canonical_person_name(n) for n in ["James B. Comey", "Donald J. Trump Jr.",
    ...                                     "J. Edgar Hoover", "George H.W. Bush"]]
    ['James Comey', 'Donald Trump Jr.', 'J. Edgar Hoover', 'George H.W. Bush']
    """
    toks = name.split()
    if len(toks) < 3 or not all(
        _NAME_TOKEN_RE.match(t) or t.lower() in _NAME_PARTICLES for t in toks
    ):
        return name
    keep = [
        t
        for i, t in enumerate(toks)
        if not (
            0 < i < len(toks) - 1
            and _INITIAL_RE.fullmatch(t)
            and not _INITIAL_RE.fullmatch(toks[i - 1])
            and not _INITIAL_RE.fullmatch(toks[i + 1])
        )
    ]
    return " ".join(keep)


@lru_cache(maxsize=4096)
def _fold_char(c: str) -> str:
    base = "".join(x for x in unicodedata.normalize("NFKD", c) if not unicodedata.combining(x))
    return base if len(base) == 1 else c


#: code point -> folded letter, for the non-ASCII characters seen so far
_FOLD_TABLE: dict[int, str] = {}
_NON_ASCII_RE = re.compile(r"[^\x00-\x7f]")


@lru_cache(maxsize=8192)
def _fold(s: str) -> str:
    """``s`` without accents, letter by letter ("Raúl" gives "Raul"); the length is kept,
    so an offset in the folded text is one in ``s``. Names that differ only in accents
    name one person (the first full spelling stays the displayed name)."""
    if s.isascii():
        return s
    chars = set(_NON_ASCII_RE.findall(s))
    for c in chars:
        if ord(c) not in _FOLD_TABLE:
            _FOLD_TABLE[ord(c)] = _fold_char(c)
    if all(_FOLD_TABLE[ord(c)] == c for c in chars):
        return s  # only marks that fold to themselves (curly quotes, dashes): no copy
    return s.translate(_FOLD_TABLE)


# a possessive ending ("Berlin’s", "Mr. Clarke's")
_POSSESSIVE_S_RE = re.compile(r"['’]s$")
_THE_RE = re.compile(r"^(?:the|The)\s+")
_SPACES_RE = re.compile(r"\s+")


@lru_cache(maxsize=8192)
def _norm(s: str) -> str:
    s = _THE_RE.sub("", s.strip())
    s = _POSSESSIVE_S_RE.sub("", s)
    return _SPACES_RE.sub(" ", s).strip(" ,.").lower()


# lower-case words that link a title to the capitalised name of its office ("Minister
# of Transport", "Secretary of State for European and Eurasian Affairs")
_TITLE_LINKS = {"of", "for", "and"}
# title words that modify the next word: after "of"/"for", a demonym before capitalised
# words starts the office's name ("Secretary of State for European Affairs Victoria Nuland")
_DEMONYM_TITLES = {
    "russian", "ukrainian", "american", "british", "french", "german", "chinese", "israeli",
    "iranian", "european",
}  # fmt: skip


@lru_cache(maxsize=8192)
def _split_name(mention: str) -> tuple[str, str]:
    """Split "Ukraine Defense Minister Oleksii Reznikov" into (name, title)."""
    toks = mention.split()
    k = len(toks)
    while k > 0:
        t = toks[k - 1]
        tl = t.lower()
        if (_NAME_TOKEN_RE.match(t) and tl not in _TITLES) or (
            tl in _NAME_PARTICLES and k < len(toks)
        ):
            k -= 1
        else:
            break
    # a title ending in "of"/"for"/"and" goes on with the capitalised words of its
    # office ("Minister of Transport Maxim Sokolov", "Secretary of State for European and
    # Eurasian Affairs Victoria Nuland"): the name keeps its last two full words
    if 0 < k < len(toks) and (
        toks[k - 1] in _TITLE_LINKS
        or (toks[k - 1].lower() in _DEMONYM_TITLES and any(t in _TITLE_LINKS for t in toks[:k]))
    ):
        full = [i for i in range(k, len(toks)) if not _INITIAL_RE.fullmatch(toks[i])
                and toks[i].lower() not in _NAME_PARTICLES]  # fmt: skip
        if len(full) > 2:
            k = full[-2]
    name = " ".join(toks[k:])
    title = " ".join(toks[:k])
    # a name cannot start with a capitalised particle taken from a title ("Of")
    while (
        name
        and name.split()[0].lower() in _NAME_PARTICLES
        and (name.split()[0][0].isupper() or len(name.split()) == 1)
    ):
        parts = name.split()
        title = (title + " " + parts[0]).strip()
        name = " ".join(parts[1:])
    return name, title


_FUNCTION_WORDS = {
    "of", "to", "for", "with", "at", "from", "in", "by", "and", "or", "the", "on", "a", "an",
    "as", "about", "than", "like", "near", "after", "before",
}  # fmt: skip


def _role_then_name(name: str, title: str) -> bool:
    """Whether a full name directly follows a lower-case role noun: "Kremlin spokesman
    Dmitry Peskov", "council member Priya Raman" (not "an aide to Joe Biden")."""
    last = title.split()[-1] if title.split() else ""
    return (
        len(_name_tokens(name)) >= 2
        and last.isalpha()
        and last.islower()
        and last not in _FUNCTION_WORDS
    )


_HEAD_SPLIT_RE = re.compile(r"\s+(?:for|of|at|with|from|in|who|which|close\s+to)\s+|,")
# "NAME of/from/at/with/for ORGANISATION": the organisation is an affiliation
_AFFIL_RE = re.compile(r"\s+(of|from|at|with|for|in)\s+(?=(?:the\s+)?[A-Z])")
_PARTY_TAG_RE = re.compile(r"\s*\((?:[DRI]|[DRI]-[A-Z][\w.]{1,6}|[A-Z][a-z]*\.?)\)$")
_HONORIFICS = {"mr", "mrs", "ms", "miss", "dr", "sir", "dame", "lord", "lady", "madam"}


# a description headed by a noun of relation ("The son of ...", "An acquaintance in
# Moscow", "a friend of ..."): the person is unnamed, the name after it is someone else
# nouns of family relation, shared by the rules on relations below
_KIN = (
    r"sons?|daughters?|wife|husband|father|mother|brother|sister|grandson|granddaughter|"
    r"child|children"
)
_RELATION_HEAD_RE = re.compile(
    r"(?i)^(?:an?|the|one|his|her|their)\s+(?:[a-z][\w-]*\s+){0,2}(?:" + _KIN + r"|cousin|"
    r"nephew|niece|uncle|aunt|widow|widower|relative|relatives|friend|friends|acquaintance|"
    r"acquaintances|neighbou?r|neighbou?rs|girlfriend|boyfriend|partner|fiancée?)$"
)


@lru_cache(maxsize=8192)
def _person_name(mention: str) -> tuple[str, str]:
    """(name, role) of a person mention, the affiliation after the name kept as a role.

    "Anna Berg of Oxford University" gives ("Anna Berg", "Oxford University") where
    :func:`_split_name` would take "Oxford University" for the name; "Professor James
    Whitaker of Leeds University" gives ("James Whitaker", "Professor of Leeds
    University"); a place ("in Kyiv") is dropped.
    """
    m = _PARTY_TAG_RE.sub("", mention.strip())  # "Sen. David Perdue (R-Ga.)"
    head = _HEAD_SPLIT_RE.split(m, maxsplit=1)[0]
    if head != m and _RELATION_HEAD_RE.match(head.strip()):
        return "", m  # "The son of Cuban revolutionary Fidel Castro": not Fidel Castro
    am = _AFFIL_RE.match(m, len(head)) if head != m else None
    if am:
        hname, htitle = _split_name(head)
        if len(_name_tokens(hname)) >= 2 and speaker_type(head) == "person":
            affil = m[am.end() :].strip(" ,")
            prep = am.group(1)
            title = "" if htitle.lower().rstrip(".") in _HONORIFICS else htitle
            title = _drop_courtesy_title(title)
            if prep == "in":
                return hname, title
            return hname, f"{title} {prep} {affil}" if title else affil
    name, title = _split_name(m)
    office = all(w in _TITLE_LINKS or w in _TITLES for w in title.split() if w.islower())
    if not name or (len(m) - len(name) > 60 and not office):
        # a long run before the name is a clause, unless it is an office title ("US
        # Assistant Secretary of State for European and Eurasian Affairs")
        name, title = _split_name(head)
    return name, _drop_courtesy_title(title)


#: courtesy titles that a description before them says more than ("Hydrologist Dr")
_COURTESY_TITLES = {"dr", "mr", "mrs", "ms", "miss"}


def _drop_courtesy_title(title: str) -> str:
    """``title`` without the courtesy titles that end it after a description of the
    person: "Hydrologist Dr" gives "Hydrologist" (so "Hydrologist Dr Kwame Mensah of
    Ashford University" has the role "Hydrologist of Ashford University"); "Dr" alone
    stays."""
    toks = title.split()
    k = len(toks)
    while k > 1 and toks[k - 1].lower().rstrip(".") in _COURTESY_TITLES:
        k -= 1
    return " ".join(toks[:k])


# --------------------------------------------------------------------------------------
# Roles
# --------------------------------------------------------------------------------------
# courtesy titles that say nothing about who the person is ("Mr.", "Mrs."); "Dr.",
# "Sen.", "Sir" and other titles are roles
_BARE_HONORIFICS = {"mr", "mrs", "ms", "miss", "mx", "messrs", "mme", "mlle"}
# a role cannot end in a function word: "LaPierre in" (from "LaPierre in December"),
# "Mitt Romney and" (from "Mitt Romney and Mr. Ryan") are fragments of a bad mention
_ROLE_FRAGMENT_END = _FUNCTION_WORDS | {
    "outside", "inside", "into", "onto", "toward", "towards", "over", "under", "but",
    "nor", "his", "her", "their", "its", "our", "my", "your", "then", "who", "which",
}  # fmt: skip
# a comma piece opening with these is a time, place or circumstance ("in an interview",
# "toward the end of the debate", "on Monday", "at a rally in Iowa"), never a role
_CIRCUMSTANCE_RE = re.compile(
    r"(?i)^(?:in|on|at|for|to|according\s+to|along\s+with|such\s+as|during|toward|towards|after|before|amid|amidst|despite|without|"
    r"under|since|while|when|as|following|upon|through|throughout|by|into|outside|inside|"
    r"near|behind|beside|alongside|across|around|against|over|within|later|earlier|late|"
    r"early|last|this|next|today|yesterday|tonight|here|there|then|however|though|"
    r"meanwhile|too|also|again|instead|still|moreover|nonetheless|nevertheless|indeed|"
    r"once\s+again|in\s+turn|(?:mon|tues|wednes|thurs|fri|satur|sun)day)\b(?![-'’])"
)
# ... unless it is an affiliation: "with the Heritage Foundation", "for Reuters", "at
# Oxford University"
_AFFIL_PIECE_RE = re.compile(
    r"^(?:with|at|for)\s+(?:the\s+)?(?:[A-Z][\w.&’'-]*\s+){0,5}(?:[A-Z][\w.&’'-]*)$"
)
_AFFIL_AT_RE = re.compile(
    r"(?i)\b(?:university|college|institute|institution|school|center|centre|foundation|"
    r"council|bank|fund|company|corporation|group|association|society|hospital|clinic|"
    r"laboratory|lab|academy|museum|agency|department|ministry|office|firm|bureau|"
    r"commission|committee|network|times|post|journal|news|trust|alliance|union|"
    r"federation|league|partners|associates|capital|research|analytics|consulting|"
    r"advisors|advisers|llc|inc\.?|corp\.?|ltd\.?|plc|ag|gmbh)$"
)
# -ing words that are adjectives in roles ("managing director", "ranking member")
_ING_ADJECTIVES = {
    "managing", "ranking", "acting", "presiding", "outgoing", "incoming", "sitting",
    "founding", "governing", "reigning", "retiring", "leading", "visiting", "consulting",
    "supervising", "commanding", "ruling", "serving", "longstanding", "long-standing",
    "upcoming", "existing", "practicing", "practising", "recording", "marketing",
    "polling", "fundraising", "housing", "nursing", "banking", "lending", "training",
    "publishing", "accounting", "engineering", "teaching", "operating", "organizing",
    "organising", "investigating", "striking", "working", "striving", "ageing", "aging",
    "boxing", "wrestling", "racing", "sailing", "mining", "farming", "shipping",
    "manufacturing", "trucking", "broadcasting", "advertising", "computing", "building",
}  # fmt: skip
# predicative adjectives and sentence adverbs: "aware of this", "visibly angry"
_PREDICATIVE = {
    "aware", "unaware", "eager", "careful", "quick", "reluctant", "determined", "anxious",
    "unable", "able", "keen", "ready", "willing", "unwilling", "sure", "unsure",
    "confident", "angry", "furious", "frustrated", "upset", "happy", "pleased", "unfazed",
    "undeterred", "mindful", "conscious", "fresh", "flush", "visibly", "clearly",
    "apparently", "seemingly", "obviously", "evidently", "reportedly", "notably",
    "frankly", "privately", "publicly", "separately", "similarly", "finally", "openly",
    "briefly", "increasingly", "speaking", "asked", "pressed", "interviewed", "reached",
    "contacted", "quoted", "flanked", "surrounded", "accompanied", "joined", "backed",
    "reacting", "responding", "referring", "hoping", "seeking", "noting", "adding",
    "citing", "echoing", "dressed", "wearing", "standing", "sitting", "seated", "clad",
    "not", "no", "and", "but", "or", "so", "yet", "whose", "where", "which", "what",
    "like", "unlike", "either", "neither", "both",
}  # fmt: skip
# "who is/was a ...", "who heads ...": a relative clause that says who the person is
_WHO_IDENTITY_RE = re.compile(
    r"^who\s+(?:(?:also|now|once|then|still|previously|formerly|later|currently|briefly|"
    r"long|until\s+recently)\s+)*(?:"
    r"(?:is|was|has\s+been|had\s+been|have\s+been|became|becomes|remains|remained)\s+"
    r"(?:(?:also|now|once|then|still|previously|formerly|currently|briefly)\s+)*"
    r"(?P<obj>\S+)"
    r"|(?:(?:has|had|have)\s+)?(?:serves|served|works|worked|heads|headed|leads|led|"
    r"runs|ran|run|chairs|chaired|represents|represented|founded|co-founded|directs|directed|"
    r"oversees|oversaw|teaches|taught|owns|owned|manages|managed|coaches|coached|"
    r"advises|advised|covers|covered|hosts|hosted|edits|edited|studies|studied|"
    r"specializes|specialises|specialized|specialised|presides|presided|commands|"
    r"commanded|governs|governed|lives|lived|grew\s+up|holds|held)\b)"
)
# a noun phrase after "is/was": a determiner, a capitalised word, a number or a role noun
_ROLE_OBJ_RE = re.compile(
    r"(?:a|an|the|one|his|her|their|its|our|[A-Z0-9][\w.’'-]*|[a-z-]*(?:er|or|ist|ian|"
    r"ant|ent|man|woman|person|ee|ive|crat|ary|ate|ief|ect|aut|ard|ain|ogue|ice|ic))$"
)
_AGE_ONLY_RE = re.compile(
    r"(?i)(?:(?:the|a|an|who\s+is|who\s+was)\s+)?\d+(?:-year-old)?|(?:the|a|an)\s+\S+-year-old"
)


def _role_piece_kind(piece: str) -> str:
    """Kind of one comma piece of a role: ``role``, ``circumstance`` (dropped) or
    ``clause`` (dropped with everything after it)."""
    p = piece.strip()
    if not p:
        return "circumstance"
    first = p.split()[0]
    low = first.lower()
    if low in ("who", "whom") or p.lower().startswith("who "):
        m = _WHO_IDENTITY_RE.match(p)
        if not m:
            return "clause"
        obj = m.group("obj")
        if obj is None or _ROLE_OBJ_RE.fullmatch(obj) or obj.lower() in _TITLES:
            return "role"
        return "clause"
    if first.islower() or not first[:1].isalpha():
        if low in _PREDICATIVE:
            return "clause"
        if low.endswith("ing") and low not in _ING_ADJECTIVES and len(low) > 4:
            return "clause"  # "trying to put to rest ...", "speaking to reporters"
        words = p.split()
        if (
            low.endswith("ed")
            and len(words) > 1
            and words[1].lower()
            in ("by", "about", "on", "at", "in", "for", "to", "with", "from", "after", "over",
                "whether", "if", "into", "during", "last", "this", "earlier", "as", "between",
                "against", "among", "across", "through", "around", "up", "out", "down", "off",
                "back", "under", "like", "than", "toward", "towards", "before", "since", "a", "an",
                "the", "his", "her", "their", "its", "our")
        ):  # fmt: skip
            return "clause"  # "pressed on the issue", "elected in 2010", "referred a total"
    if _CIRCUMSTANCE_RE.match(p):
        if _AFFIL_PIECE_RE.match(p) and (
            p.split()[0].lower() in ("with", "for") or _AFFIL_AT_RE.search(p)
        ):
            return "role"  # "with the Heritage Foundation", "at Oxford University"
        return "circumstance"
    return "role"


_COMMA_SPLIT_RE = re.compile(r",\s+")
_PLACE_OR_YEAR_RE = re.compile(r"(?:[A-Z][\w.’'-]*\s*){1,3}|\d[\d,.]*")


@lru_cache(maxsize=8192)
def _clean_role(role: str) -> str:
    """A speaker role without the material that is not about who the speaker is.

    The role is what the text says the speaker is: an appositive description ("a
    Democrat from Massachusetts", "58, a retired bookkeeper", "the Baptist minister who
    became Arkansas governor"), a title before the name ("U.S. Sen.", "Attorney
    General") or an affiliation ("the Cato Institute"). Removed are:

    * a bare courtesy title ("Mr.", "Mrs.", "Ms."), a bare age ("The 76-year-old") and
      a fragment ending in a function word ("LaPierre in", "Mitt Romney and Mr.");
    * comma pieces that are time, place or circumstance adverbials ("in an interview
      with Fox News", "toward the end of the debate", "on Monday", "at a rally in Des
      Moines, Iowa", "to the Daily Caller"), with the bare place or date pieces that
      continue them; "with the Heritage Foundation", "for Reuters" and "at Oxford
      University" stay as affiliations;
    * from the first participial clause ("trying to ...", "speaking to reporters"), a
      predicative adjective ("aware of this") or a relative clause that is not about who
      the person is ("who has pulled ahead in the polls", ", which has jurisdiction
      over ...") to the end. A relative clause saying what the person is or does for a
      living stays ("who is a retired nurse", "who was deputy assistant secretary at
      ...", "who works for Rep. ...", "who led the investigation"), and so does any
      relative clause right after an age ("71, whose hip replacement was postponed"):
      that is how news introduces a private person by what happened to them.

    Examples
    --------
    >>> _clean_role("in his first interview since being named as running mate")
    ''
    >>> _clean_role("Republican of Virginia, who came up with the idea")
    'Republican of Virginia'
    >>> _clean_role("58, a retired bookkeeper"), _clean_role("Mrs.")
    ('58, a retired bookkeeper', '')
    """
    pieces = _COMMA_SPLIT_RE.split(role.strip(" \t\n,;:"))
    kept: list[str] = []
    dropping = False  # inside a dropped circumstance ("in Des Moines, Iowa")
    for i, piece in enumerate(pieces):
        kind = _role_piece_kind(piece)
        if kind == "clause" and (
            (i == 1 and _AGE_RE.fullmatch(pieces[0]) and _WHO_RE.match(piece))
            or _WHOSE_KIN_RE.match(piece)
        ):
            kind = "role"  # "71, whose hip replacement was postponed": a private person
        if kind == "clause":
            break
        if kind == "circumstance":
            dropping = True
            continue
        if dropping and _PLACE_OR_YEAR_RE.fullmatch(piece.strip()):
            continue  # the state or year that continues a dropped place or date
        dropping = False
        kept.append(piece)
    toks = ", ".join(kept).split()
    while toks and toks[-1].lower().rstrip(".") in _BARE_HONORIFICS:
        toks.pop()  # "Mr." (from "Mr. Steele")
    out = " ".join(toks).strip(" ,;:")
    if (
        not out
        or _AGE_ONLY_RE.fullmatch(out)
        or out.split()[-1].lower().strip(" ,;:") in _ROLE_FRAGMENT_END
    ):
        return ""
    return out


# a role that only places the person: "of California", "from Ohio", "R-Calif.",
# "(D-N.Y.)"; weaker than a title or a description, which win over it
_PLACE_ROLE_RE = re.compile(
    r"\(?(?:[DRI]-[A-Z][\w.]*(?:\s[A-Z][\w.]*)?|(?:of|from)\s+[A-Z][\w.’'-]*"
    r"(?:\s+[A-Z][\w.’'-]*){0,2})\)?"
)


def _is_place_role(role: str) -> bool:
    """Whether ``role`` only says where the person is from ("of California", "R-Calif.");
    "of Oxford University" is an affiliation, not a place."""
    r = role.strip()
    return bool(_PLACE_ROLE_RE.fullmatch(r)) and not _AFFIL_AT_RE.search(r.rstrip(")"))


def _role_words(role: str) -> set[str]:
    return {w.lower().strip(".,;()’'") for w in role.split()} - {"the", "a", "an", ""}


def _combine_role(title: str, desc: str) -> str:
    """A speaker role from the office title of a mention ("California Democratic Rep.")
    and a description ("a prolific fundraiser"): both, title first and joined by "; ", so
    neither is lost; one alone when the other is missing, says nothing more (its words
    are all in the other) or only places the person ("of California", "R-Calif.").

    Examples
    --------
    >>> _combine_role("Rep.", "a prolific fundraiser"), _combine_role("Representative", "of California")
    ('Rep.; a prolific fundraiser', 'Representative')
    """
    if not title or not desc:
        return title or desc
    if _is_place_role(desc) or _role_words(desc) <= _role_words(title):
        return title
    if _role_words(title) <= _role_words(desc):
        return desc
    return f"{title}; {desc}"


# simple gender cues (no name lists): honorifics and gendered role nouns
_MALE_RE = re.compile(
    r"(?i)(?:^|\s)(?:mr\.?|sir|lord|king|prince|duke|sheikh|spokesman|chairman|congressman|"
    r"assemblyman|councilman|alderman|businessman|man|husband|father|son|brother|uncle|"
    r"grandfather|boy|nephew|widower)(?=\s|$)"
)
_FEMALE_RE = re.compile(
    r"(?i)(?:^|\s)(?:mrs\.?|ms\.?|miss|madam|dame|lady|queen|princess|duchess|spokeswoman|"
    r"chairwoman|congresswoman|assemblywoman|councilwoman|alderwoman|businesswoman|woman|"
    r"wife|mother|daughter|sister|aunt|grandmother|girl|niece|widow|actress)(?=\s|$)"
)
_ROLE_HEAD_RE = re.compile(
    r"^(?!(?:who|whose|which|whom|when|where)\b)[^,]*?(?=\s+(?:of|for|at|"
    r"from|with|in|to|who|whose|which)\s|,|$)",
    re.I,
)


@lru_cache(maxsize=4096)
def _gender_cue(title: str, role: str = "") -> str:
    """Gender cue ("m", "f" or "") of a mention's title or the head of its role."""
    rh = _ROLE_HEAD_RE.match(role.strip())
    text = f"{title} {rh.group() if rh else ''}".strip()
    m, f = bool(_MALE_RE.search(text)), bool(_FEMALE_RE.search(text))
    return "m" if m and not f else "f" if f and not m else ""


_LOWER_START_RE = re.compile(r"(?:^|\s)[a-z]")
_LOWER_WORD_RE = re.compile(r"(?:^|\s)[a-z][a-z'’-]+")
_ANON_PLURAL_RE = re.compile(r"(?i)\b(?:officials|sources|aides|advisers|diplomats|insiders)\b")
_ANON_SINGULAR_END_RE = re.compile(
    r"(?i)\b(?:official|source|spokesperson|spokesman|spokeswoman|aide|adviser|advisor|"
    r"diplomat|insider|staffer|officer|representative)$"
)


@lru_cache(maxsize=4096)
def speaker_type(mention: str) -> str:
    """Classify a speaker mention as person, organization, anonymous or group.

    Examples
    --------
    >>> [speaker_type(m) for m in ["Joe Biden", "the Kremlin", "a senior official",
    ...                            "some analysts", "The New York Post"]]
    ['person', 'organization', 'anonymous', 'group', 'organization']
    """
    m = _PARTY_TAG_RE.sub("", mention.strip()) or mention.strip()  # "Nancy Pelosi (D-Calif.)"
    low = _POSSESSIVES.get(m.lower(), m.lower())
    if low in _PRONOUN_TYPES:
        return _PRONOUN_TYPES[low]
    if _norm(m) in _METONYMS or low in _METONYMS:  # "The Hague" (William Hague is a person)
        return "organization"
    lm = _LOC_TAIL_RE.search(m)
    if lm and _LOWER_START_RE.search(m[: lm.start()]) and _ORG_TAIL_RE.search(m[: lm.start()]):
        # "The secretary of state’s office in Jackson": a place, not a person's name
        pre = m[: lm.start()]
        return "organization" if _ORG_WORDS.search(pre) else speaker_type(pre)
    head = _HEAD_SPLIT_RE.split(m, maxsplit=1)[0]
    if _PARTY_RE.search(head.strip()) or _ACRONYM_RE.fullmatch(head.strip()):
        return "organization"
    name, title = _split_name(head)
    if (
        name
        and " " not in name
        and (
            _GROUP_HEADS.fullmatch(name)
            or (_GROUP_HEADS_LOWER.fullmatch(name) and name == head.strip())
        )
    ):
        return "group"  # "Economists", "Traders"
    if name and _PLURAL_ORG_RE.match(name):
        return "organization"  # "Colleges Ontario"
    has_lower = bool(_LOWER_WORD_RE.search(head))
    # (the cheap tests first: the searches of the word lists cost far more)
    if not name and (_GROUP_HEADS.search(head) or _GROUP_HEADS_LOWER.search(head)):
        if _ANON_PLURAL_RE.search(head):
            return "anonymous"
        if not _ANON_SINGULAR_END_RE.search(head):
            return "group"  # (not "a police spokesman": one source)
    if (not name or has_lower) and _ANON_HEADS.search(head) and not _role_then_name(name, title):
        return "anonymous"
    if _ORG_WORDS.search(head) and not (
        name and len(name.split()) >= 2 and not _ORG_WORDS.search(name)
    ):
        if name and _surname_like_org_word(name, title):
            return "person"  # "Mr. Fox", "Ms. Times", "Vicente Fox", "Jim Post"
        return "organization"
    if name:
        return "person"
    if _GROUP_HEADS.search(head):
        return "group"
    return "person"


# titles that only precede a personal name: "Mr. Fox", "Sen. Post" are people even when
# the surname is a news brand or an organisation word
_PERSON_TITLE_WORDS = {
    *_HONORIFICS, "mrs", "sen", "senator", "rep", "representative", "gov", "governor",
    "president", "mayor", "judge", "gen", "prof", "professor", "rev", "congressman",
    "congresswoman", "lt", "col", "capt", "sgt", "adm", "sheriff", "ambassador",
}  # fmt: skip
# organisation words that are also common surnames ("Vicente Fox", "Jim Post", "Michael
# Bloomberg"); alone or after a place they stay brands ("Fox", "Denver Post")
_SURNAME_ORG_WORDS = {"fox", "post", "bloomberg"}
_BRAND_PREFIXES = {
    "huffington", "denver", "houston", "cincinnati", "bangkok", "palm", "beach", "saturday",
    "sunday", "daily", "national", "financial", "global", "evening", "morning", "jakarta",
    "nashville", "charleston", "kathmandu", "business", "radio", "media",
}  # fmt: skip


def _surname_like_org_word(name: str, title: str) -> bool:
    """Whether ``name`` (split from ``title`` by :func:`_split_name`) is a personal name
    although it contains an organisation word: after an honorific or personal title
    ("Mr. Fox", "Ms. Times", "Sen. Post"), or a first name then a surname that is also a
    brand ("Vicente Fox", "Michael J. Fox", "Jim Post"; not "Fox News", "the Post")."""
    toks = name.split()
    tw = title.split()
    if tw and tw[-1].lower().rstrip(".") in _PERSON_TITLE_WORDS:
        return all(_NAME_TOKEN_RE.match(t) or t.lower() in _NAME_PARTICLES for t in toks)
    if tw or not 2 <= len(toks) <= 4 or toks[-1].lower() not in _SURNAME_ORG_WORDS:
        return False
    first = toks[0]
    low = first.lower()
    return (
        bool(re.fullmatch(r"[A-Z][a-z\u00e0-\u00ff'’-]+", first))
        and not any(_ORG_WORDS.search(t) for t in toks[:-1])
        and low not in _NOT_FIRST_NAMES
        and low not in _NOT_NAME_WORDS
        and low not in _BRAND_PREFIXES
        and low not in _METONYMS
        and low not in _TITLES
    )


@dataclass
class _Entity:
    """A speaker being resolved. Its role has two parts: ``title``, the office title of a
    mention before the name ("U.S. Sen."), and ``role``, the first description ("a
    prolific fundraiser"); :attr:`full_role` joins them."""

    idx: int
    type: str
    canonical: str
    role: str = ""
    title: str = ""
    names: list[str] = field(default_factory=list)
    heads: set[str] = field(default_factory=set)
    gender: str = ""
    key: str = ""
    last: tuple[int, int] = (-1, -1)
    canonical_rank: int = 0

    def add_role(self, role: str, title: str = "") -> None:
        """Take a mention's cleaned description and title where the speaker has none yet;
        a description that only places the person ("of California") gives way to a later
        real one."""
        if title and not self.title:
            self.title = title
        if role and (not self.role or (_is_place_role(self.role) and not _is_place_role(role))):
            self.role = role

    @property
    def full_role(self) -> str:
        """The speaker role: see :func:`_combine_role`."""
        return _combine_role(self.title, self.role)


# capitalised words that do not occur in personal names (places, dates, institutions);
# a hand list, used only to keep such phrases from being pronoun antecedents
_NOT_NAME_WORDS = {
    "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "january",
    "february", "march", "july", "september", "october", "november", "december", "day",
    "week", "year", "ocean", "sea", "river", "street", "county", "city", "state", "states",
    "island", "islands", "lake", "bay", "beach", "coast", "valley", "mountain", "mountains",
    "road", "avenue", "square", "bridge", "airport", "station", "university", "college",
    "school", "academy", "party", "church", "house", "court", "center", "centre",
    "hospital", "museum", "library", "amendment", "act", "war", "convention", "show",
    "news", "times", "post", "journal", "magazine", "network", "media", "morning",
    "evening", "night", "department", "ministry", "council", "committee", "office", "club",
    "league", "cup", "games", "awards", "festival", "company", "group", "bank", "fund",
    "foundation", "institute", "association", "union", "republic", "kingdom", "empire",
    "america", "americans", "africa", "african", "asia", "europe", "european", "democrats",
    "republicans", "government", "administration", "campaign", "agency", "service",
    "program",
}  # fmt: skip
_NOT_FIRST_NAMES = {
    "the", "a", "an", "in", "on", "at", "for", "from", "after", "before", "during", "since",
    "following", "as", "but", "and", "so", "yet", "then", "when", "while", "if", "this",
    "that", "these", "those", "last", "next", "north", "south", "east", "west", "new",
    "old", "los", "las", "san", "santa", "fort", "mount", "lake", "cape", "great", "united",
}  # fmt: skip


# head nouns of things that speak only through a person: documents, texts and reports
# ("The 14-page document says", "the report"); never the antecedent of "he"/"she"
_THING_HEADS = {
    "document", "documents", "report", "reports", "paper", "papers", "statement",
    "statements", "study", "survey", "poll", "plan", "bill", "measure", "letter", "memo",
    "memorandum", "law", "code", "convention", "agreement", "treaty", "resolution", "draft",
    "text", "article", "book", "video", "footage", "data", "figures", "analysis",
    "assessment", "sample", "decision", "decree", "proposal", "declaration", "communique",
    "note", "website", "tweet", "message", "release", "map", "list", "leaflet",
}  # fmt: skip


_LETTERS_RE = re.compile(r"[A-Za-z'’-]+")


@lru_cache(maxsize=8192)
def _thing_head(mention: str) -> bool:
    """Whether the head noun of ``mention`` is a lower-case thing noun (:data:`_THING_HEADS`):
    "The 14-page document", not "Jim Note"."""
    head = _HEAD_SPLIT_RE.split(mention.strip(), maxsplit=1)[0]
    words = _LETTERS_RE.findall(head)
    return bool(words) and words[-1].islower() and words[-1] in _THING_HEADS


def _impersonal_source(mention: str) -> bool:
    """Whether a speaker mention is a body or a text rather than a person: an
    organisation ("the Russian agency RIA Novosti", "the report") or a document ("The
    14-page document"). A person such a source reports on ("X said ..., the agency
    reported") can be a later "he"/"she"."""
    m = mention.strip()
    if m.lower() in _PRONOUN_TYPES or m.lower() in _POSSESSIVES:
        return m.lower() in ("it", "its")
    return speaker_type(m) == "organization" or _thing_head(m)


_HEAD_NOUN_SPLIT_RE = re.compile(r"\s+(?:for|of|at|with|from|in|who|which)\s+|,")


def _head_noun(mention: str) -> str:
    head = _HEAD_NOUN_SPLIT_RE.split(mention.strip(), maxsplit=1)[0]
    words = _LETTERS_RE.findall(head)
    return words[-1].lower() if words else ""


@lru_cache(maxsize=8192)
def _name_tokens(name: str) -> tuple[str, ...]:
    return tuple(t for t in name.split() if t.lower() not in _NAME_PARTICLES)


@lru_cache(maxsize=8192)
def _folded_name_words(name: str) -> tuple[str, ...]:
    """The words of a name without particles, accents folded ("Raúl de Castro" gives
    ("Raul", "Castro"))."""
    return tuple(_fold(" ".join(_name_tokens(name))).split())


# "he"/"she" and their other forms, as words of a paragraph (:meth:`_Resolver._pronoun_chain`)
_PRONOUN_FORMS = {
    "he": re.compile(r"(?i)\b(?:he|him|his|himself)\b"),
    "she": re.compile(r"(?i)\b(?:she|her|hers|herself)\b"),
}
# a paragraph opening on the pronoun as subject ("He held talks ...")
_PRONOUN_OPEN_RE = {
    "he": re.compile(r"\s*(?:(?:But|And|Then|Later)\s+)?He\b"),
    "she": re.compile(r"\s*(?:(?:But|And|Then|Later)\s+)?She\b"),
}
# a description in apposition after a single name: ", a young computer engineer"
_APPOSED_DESC_RE = re.compile(r",\s+((?:a|an)\s+[^,.;:“”\"]{3,120})")
_CAP_TOKEN_RE = re.compile(r"\b[A-Z][a-z\u00e0-\u00ff'’-]+\b")
_LOWER_WORDS_RE = re.compile(r"(?:^|\s)([a-z][a-z'’-]+)")
_INDEFINITE_RE = re.compile(r"(?i)^(?:a|an|one|another)\s")


class _Resolver:
    def __init__(self, paragraphs: Sequence[str] | None):
        self.ents: list[_Entity] = []
        self._paragraphs = paragraphs
        # folded last token -> the document's full names ending in it, found on demand
        self._doc_names: dict[str, list[str]] = {}
        self._para_names: dict[int, list[tuple[str, str]]] = {}
        self._folded: list[str | None] | None = None  # the paragraphs, accents folded
        self._full_names: dict[str, str | None] = {}
        self._pronoun_paras: dict[tuple[int, str], bool] = {}
        self._apposed: dict[tuple[str, tuple[int, int]], bool] = {}

    def _doc_names_ending(self, key: str) -> list[str]:
        """The capitalised multi-word sequences of the document whose folded last token is
        ``key``, in reading order (see :func:`_paragraph_full_names`); only paragraphs
        that hold ``key`` are scanned, each at most once."""
        names = self._doc_names.get(key)
        if names is None:
            paragraphs = self._paragraphs or []
            if self._folded is None:
                self._folded = [_fold(p) if isinstance(p, str) else None for p in paragraphs]
            names = []
            for i, folded in enumerate(self._folded):
                # a name's folded last token is part of its folded paragraph (a non-string
                # paragraph is scanned, to fail as it always did)
                if folded is not None and key not in folded:
                    continue
                if i not in self._para_names:
                    self._para_names[i] = _paragraph_full_names(paragraphs[i])
                names.extend(n for k, n in self._para_names[i] if k == key)
            self._doc_names[key] = names
        return names

    def full_name_for(self, tok: str) -> str | None:
        """First full personal name in the document whose last token is ``tok``."""
        if tok not in self._full_names:
            self._full_names[tok] = next(
                (
                    name
                    for name, _ in map(_split_name, self._doc_names_ending(_fold(tok)))
                    if len(_name_tokens(name)) >= 2 and speaker_type(name) == "person"
                ),
                None,
            )
        return self._full_names[tok]

    def _new(self, typ: str, canonical: str, rank: int, pos) -> _Entity:
        e = _Entity(len(self.ents), typ, canonical, canonical_rank=rank, last=pos)
        self.ents.append(e)
        return e

    def _person_like(self, cand: str) -> bool:
        """A sentence subject that can be a pronoun's antecedent: a full personal name, or
        a single name already known as a speaker's or the document's name."""
        name, _ = _person_name(cand)
        toks = _name_tokens(name)
        if speaker_type(cand) != "person" or not toks:
            return False
        if len(toks) >= 2:
            return True
        tok = toks[0]
        return self._by_surname(tok) is not None or self.full_name_for(tok) is not None

    @staticmethod
    def _full_person(cand: str) -> bool:
        """A clear full personal name (two name tokens or more), e.g. "Maria Costa", not
        "North Carolina", "Labor Day" or "Pacific Ocean"."""
        cand = _POSSESSIVE_S_RE.sub("", cand.strip())
        name, _ = _person_name(cand)
        toks = _name_tokens(name)
        if not 2 <= len(toks) <= 4 or speaker_type(cand) != "person":
            return False
        if _INITIAL_RE.fullmatch(toks[-1]) or _norm(name) in _METONYMS:
            return False  # "Navigate U." (of "U.S."), "New York"
        low = [t.lower().rstrip(".") for t in cand.split()]
        return (
            _name_tokens(name)[0].lower() not in _NOT_FIRST_NAMES
            and not any(t in _NOT_NAME_WORDS for t in low)
            and not any(t in _METONYMS and t != "west" for t in low)
        )

    def _clear_person(self, cand: str) -> bool:
        """A clear full personal name, or the surname of a known person."""
        if self._full_person(cand):
            return True
        toks = _name_tokens(_person_name(cand)[0])
        if len(toks) != 1:
            return False
        full = self.full_name_for(toks[0])
        return self._by_surname(toks[0]) is not None or bool(full and self._full_person(full))

    def _para(self, i: int) -> str:
        ps = self._paragraphs or ()
        return ps[i] if 0 <= i < len(ps) else ""

    def _pronoun_chain(self, cpara: int, pos, pronoun: str) -> bool:
        """Whether the text from a candidate's paragraph ``cpara`` to the pronoun at
        ``pos`` keeps referring to one person by ``pronoun``: every paragraph between
        uses it ("Olga Kurnosova ... is already here. / She arrived ... / She grabbed
        ... / 'Q,' she said"), or, for the next paragraph, it opens on the pronoun before
        the mention ("He held talks ..., at which he said")."""
        if cpara >= pos[0] or pronoun not in _PRONOUN_FORMS:
            return False
        between = range(cpara + 1, pos[0])
        if between:
            return all(self._uses_pronoun(i, pronoun) for i in between)
        return bool(_PRONOUN_OPEN_RE[pronoun].match(self._para(pos[0])[: pos[1]]))

    def _uses_pronoun(self, i: int, pronoun: str) -> bool:
        """Whether paragraph ``i`` has a form of "he"/"she" (:data:`_PRONOUN_FORMS`);
        memoised, as the windows of the pronouns of a document overlap."""
        key = (i, pronoun)
        if key not in self._pronoun_paras:
            self._pronoun_paras[key] = bool(_PRONOUN_FORMS[pronoun].search(self._para(i)))
        return self._pronoun_paras[key]

    def _appositive_person(self, cand: str, cpos) -> bool:
        """A single name followed by a description of a person ("Alla, a 40-something-
        year-old head of a vocational school, ...", "Gennady, a young computer engineer");
        memoised, as a candidate recurs for the pronouns after it."""
        key = (cand, cpos)
        if key not in self._apposed:
            self._apposed[key] = self._find_appositive_person(cand, cpos)
        return self._apposed[key]

    def _find_appositive_person(self, cand: str, cpos) -> bool:
        toks = cand.split()
        if len(toks) != 1 or not _NAME_TOKEN_RE.match(toks[0]) or speaker_type(cand) != "person":
            return False
        if toks[0].lower() in _NOT_NAME_WORDS or _norm(cand) in _METONYMS:
            return False
        after = self._para(cpos[0])[cpos[1] + len(cand) :]
        am = _APPOSED_DESC_RE.match(after)
        return bool(am) and not _ORG_WORDS.search(am.group(1))

    def _known_person_before(self, spos, apos) -> tuple[str, tuple[int, int]] | None:
        """The first known person's surname between a sentence's start ``spos`` and a
        full name at ``apos`` of the same paragraph."""
        if spos[0] != apos[0]:
            return None
        text = self._para(spos[0])
        for m in _CAP_TOKEN_RE.finditer(text, spos[1], apos[1]):
            tok = _POSSESSIVE_S_RE.sub("", m.group())
            if tok.lower() not in _TITLES and self._by_surname(tok) is not None:
                return tok, (spos[0], m.start())
        return None

    def _by_surname(self, tok: str) -> _Entity | None:
        best = None
        tok = _fold(tok)
        for e in self.ents:
            if (
                e.type == "person"
                and any(tok in _folded_name_words(n) for n in e.names)
                and (best is None or e.last > best.last)
            ):
                best = e
        return best

    def _bare_word(self, e: _Entity) -> bool:
        """A "person" known only by one capitalised word with no title, description or
        gender, that never ends a longer capitalised name of the document, not even in
        the possessive ("Barack Obama’s"): "Gazprom", "Naftogaz"."""
        if not (
            e.type == "person"
            and e.canonical_rank == 1
            and bool(e.names)
            and all(n == e.canonical for n in e.names)
            and len(_name_tokens(e.canonical)) == 1
            and not (e.gender or e.title or e.role)
        ):
            return False
        key = _fold(e.canonical)
        return not any(self._doc_names_ending(key + s) for s in ("", "’s", "'s"))

    def _promote(self, e: _Entity, canonical: str, rank: int) -> None:
        if rank > e.canonical_rank or (
            rank == e.canonical_rank and len(canonical) > len(e.canonical) and rank >= 3
        ):
            e.canonical, e.canonical_rank = canonical, rank

    def resolve(self, mention: str, role: str, pos, candidates=()) -> _Entity:
        m = mention.strip()
        low = _POSSESSIVES.get(m.lower(), m.lower())
        # pronouns -------------------------------------------------------------------
        if low in ("he", "she", "i", "you"):
            g = {"he": "m", "she": "f"}.get(low, "")
            pool = [
                e
                for e in self.ents
                if e.type in ("person", "anonymous")
                and e.last < pos
                and (not g or e.gender in ("", g))
                and not (g and _thing_head(e.canonical))  # "he" is never "the document"
            ]
            best = max(pool, key=lambda e: e.last, default=None)
            # a person named as a sentence subject in the same paragraph (for he/she also
            # the two before), after the latest speaker, wins ("But X, a bartender, saw
            # ... 'Q,' he said"); a sentence whose subject is not a person offers the
            # first full personal name it mentions ("The plan was attacked by X.")
            for cand in candidates:
                cand_name, cpos = _POSSESSIVE_S_RE.sub("", cand[0]), cand[1]  # "Mr. Clarke's"
                # beyond the pronoun's paragraph, and for names outside subject position,
                # only clear personal names, and never over a speaker of the same known
                # gender, unless the paragraphs between keep talking of "him"/"her"
                # (:meth:`_pronoun_chain`)
                chained = bool(g) and self._pronoun_chain(cpos[0], pos, low)
                weak = best is not None and bool(g) and best.gender == g and not chained
                apposed = self._appositive_person(cand_name, cpos)
                if self._person_like(cand_name) or apposed:
                    if cpos[0] != pos[0] and (
                        weak or not (apposed or self._clear_person(cand_name))
                    ):
                        continue
                else:
                    alts = cand[2] if len(cand) > 2 and not weak else ()
                    alt = next((a for a in alts if self._full_person(a[0])), None)
                    if alt is None:
                        continue
                    # "The statement came as Kerry prepared to meet Vitaly Klitschko": a
                    # known person named before the full name is the clause's subject
                    cand_name, cpos = self._known_person_before(cpos, alt[1]) or alt
                if cpos < pos and (best is None or cpos > best.last):
                    e2 = self.resolve(cand_name, "", cpos)
                    if e2.type == "person" and (not g or e2.gender in ("", g)):
                        best = e2
            if best is None:
                best = self._new("person", m, 0, pos)
            if g and not best.gender and best.type == "person":
                best.gender = g
            best.last = pos
            return best
        if low in ("it", "they", "we"):
            want = {
                "it": ("organization",),
                "they": ("group", "organization", "anonymous"),
                "we": ("group", "organization"),
            }[low]
            pool = [e for e in self.ents if e.type in want and e.last < pos]
            if low == "it":
                # a single unknown word taken for a surname ("Gazprom said ...") that no
                # full name, title or gender makes a person: "it" shows a body
                pool += [e for e in self.ents if e.last < pos and self._bare_word(e)]
            best = max(pool, key=lambda e: e.last, default=None)
            if low == "they":
                # a group that spoke in this paragraph or the two before comes before a
                # later body ("Rebel leaders said ... The ministry said ... They said")
                plural = [
                    e
                    for e in pool
                    if (e.type == "group" or _ANON_PLURAL_RE.search(e.canonical))
                    and pos[0] - e.last[0] <= 2
                ]
                best = max(plural, key=lambda e: e.last, default=best)
            if best is not None and best.type == "person":
                best.type, best.key = "organization", _norm(best.canonical)
            if best is None:
                best = self._new(_PRONOUN_TYPES[low], m, 0, pos)
            best.last = pos
            return best
        e = self._resolve_named(m, role, pos)
        if e.type in ("person", "anonymous") and not e.gender:
            head = _HEAD_SPLIT_RE.split(m, maxsplit=1)[0]
            name, title = _person_name(m)
            e.gender = _gender_cue(title if name else head, role)
        return e

    def _resolve_named(self, m: str, role: str, pos) -> _Entity:
        m = _strip_lead_words(m)
        typ = speaker_type(m)
        if (
            typ == "person"
            and " " not in m
            and any(e.key == _norm(m) for e in self.ents)
            and self._by_surname(m) is None  # "Hague" after William Hague, not The Hague
        ):
            typ = "organization"  # a word that "it" showed to be a body ("Gazprom")
        # metonyms and organisations: same normalised name -> same speaker ---------------
        if (
            typ == "organization"
            and m.lower() in _SURNAME_ORG_WORDS
            and (self._by_surname(m) is not None or self.full_name_for(m))
        ):
            typ = "person"  # a bare "Fox" in an article about Vicente Fox is the person
        if typ == "organization":
            key = _norm(m)
            for e in self.ents:
                if e.key == key:
                    e.last = pos
                    return e
            if len(key.split()) >= 2:
                # "Germany’s Federal Office" cut from "... Office for Information Security"
                for e in sorted(self.ents, key=lambda e: e.last, reverse=True):
                    if e.key.startswith(key + " for ") or e.key.startswith(key + " of "):
                        e.last = pos
                        return e
            e = self._new(typ, m if not m.startswith("The ") else "the " + m[4:], 2, pos)
            e.key = key
            e.role = role
            return e
        head = _HEAD_SPLIT_RE.split(m, maxsplit=1)[0]
        name, title = _person_name(m)
        rtitle = _clean_role(title)  # the title as a role: "U.S. Sen.", not "Mr."
        lower_words = [
            w
            for w in _LOWER_WORDS_RE.findall(head)
            if w not in ("of", "the", "and", "for")
            and w not in _NAME_PARTICLES
            and not w.endswith("-")  # "then-FBI Director James Comey": a title prefix
        ]
        if (
            title
            and lower_words
            and all(w in ("of", "the", "and", "for") for w in title.split() if w.islower())
        ):
            lower_words = [w for w in lower_words if w not in title.split()]
        if (
            typ == "person"
            and name
            and not (
                lower_words
                and not _NAME_TOKEN_RE.match(head.split()[0])
                and not _ACRONYM_RE.fullmatch(head.split()[0])
                and not _role_then_name(name, title)
            )
        ):
            toks = _name_tokens(name)
            if len(toks) >= 2:
                surname, first = _fold(toks[-1]), _fold(toks[0])
                for e in sorted(self.ents, key=lambda e: e.last, reverse=True):
                    if e.type == "person" and any(
                        _fold(_name_tokens(n)[-1]) == surname for n in e.names if _name_tokens(n)
                    ):
                        first_ok = all(
                            _fold(_name_tokens(n)[0]) == first or len(_name_tokens(n)) == 1
                            for n in e.names
                        )
                        if first_ok:
                            e.names.append(name)
                            self._promote(e, name, 3)
                            e.add_role(role, rtitle)
                            e.last = pos
                            return e
                e = self._new("person", name, 3, pos)
                e.names.append(name)
                e.add_role(role, rtitle)
                return e
            # single token: surname or first name
            tok = toks[0] if toks else name
            e = self._by_surname(tok)
            if e is None:
                full = self.full_name_for(tok)
                e = self._new("person", full or name, 3 if full else 1, pos)
                e.names.append(full or name)
                e.add_role(role, rtitle)
            else:
                e.last = pos
                e.add_role(role, rtitle)
            return e
        if typ == "person" and not name and title and not lower_words:
            pass
        # descriptions -----------------------------------------------------------------
        hn = _head_noun(m)
        dm = _DEF_DESC_RE.match(m)
        if dm and not name:
            # definite description: the (same) official / the president / the senator
            cands = [
                e
                for e in self.ents
                if e.last < pos
                and (hn in e.heads or hn in e.full_role.lower() or hn in e.canonical.lower())
            ]
            if cands:
                e = max(cands, key=lambda e: e.last)
                e.last = pos
                e.add_role(role)
                return e
        rank = 2 if _INDEFINITE_RE.match(m) else 1
        e = self._new(typ, m, rank, pos)
        e.heads.add(hn)
        e.role = role
        if typ == "person" and name:
            e.names.append(name)
        return e


_NONSPACE_RE = re.compile(r"\S+")


def _paragraph_full_names(p: str) -> list[tuple[str, str]]:
    """Capitalised multi-word sequences of a paragraph, in order, each with its folded
    last token: (last token, sequence)."""
    names: list[tuple[str, str]] = []

    def add(run: str) -> None:
        g = _strip_lead_words(" ".join(run.split()))  # "Donald\xa0Trump" too
        if " " in g:
            names.append((_fold(g[g.rfind(" ") + 1 :]), g))

    for m in _FULLNAME_RE.finditer(p):
        run = m.group()
        add(run)
        # a title run can swallow the first name ("U.S. District Judge Lorraine" |
        # "Whitaker"): match again from the word after its last title word
        words = run.split()
        titles = [i for i, w in enumerate(words) if w.lower().rstrip(".") in _TITLE_SIGNALS]
        if titles and titles[-1] < len(words) - 1:
            starts = [w.start() for w in _NONSPACE_RE.finditer(run)]
            again = _FULLNAME_RE.match(p, m.start() + starts[titles[-1] + 1])
            if again:
                add(again.group())
    return names


# Words that make a run of words before a name a title or description of the person:
# "Republican presidential nominee Donald Trump", "Harvard economist Jeff Miron",
# "FBI Director Chris Wray", "Maine Gov. Paul LePage".
_TITLE_SIGNALS = {
    "president", "vice", "presidential", "senator", "sen", "rep", "representative",
    "congressman", "congresswoman", "governor", "gov", "lt", "mayor", "minister", "premier",
    "chancellor", "secretary", "attorney", "general", "gen", "judge", "justice", "sheriff",
    "speaker", "leader", "whip", "chairman", "chairwoman", "chair", "director", "chief",
    "commissioner", "ambassador", "official", "spokesman", "spokeswoman", "spokesperson",
    "aide", "adviser", "advisor", "strategist", "consultant", "pollster", "analyst",
    "economist", "professor", "scholar", "researcher", "expert", "host", "anchor",
    "correspondent", "reporter", "columnist", "editor", "commentator", "journalist",
    "candidate", "nominee", "hopeful", "contender", "challenger", "incumbent", "lawmaker",
    "legislator", "democrat", "democratic", "republican", "gop", "executive", "ceo",
    "founder", "activist", "organizer", "lawyer", "prosecutor", "officer", "manager",
    "head", "pastor", "bishop", "rev", "dr", "businessman", "businesswoman", "mogul",
    "billionaire", "star", "actor", "actress", "comedian", "singer", "coach", "player",
    "resident", "voter", "student", "teacher", "nurse", "doctor", "worker", "owner",
    "councilman", "councilwoman", "councillor", "delegate", "assemblyman", "assemblywoman",
}  # fmt: skip
# lower-case words inside a title ("former Secretary of State", "senior policy adviser")
_TITLE_MODIFIERS = {
    "of", "the", "for", "former", "then", "acting", "deputy", "senior", "top", "longtime",
    "veteran", "assistant", "associate", "managing", "campaign", "press", "party", "state",
    "national", "political", "policy", "house", "senate", "majority", "minority", "foreign",
    "economic", "legal", "general", "conservative", "liberal", "progressive", "independent",
    # the body a title belongs to ("council leader", "city council member", "union leader")
    "council", "committee", "city", "county", "union", "board",
}  # fmt: skip
_TITLE_WORD_RE = re.compile(r"[A-Z][\w.&’'-]*|[a-z][a-z-]+")
_APPOSITIVE_START_RE = re.compile(
    r"(?:an?|the|\d{1,3},?\s+\w|[a-z][\w-]*|[A-Z][\w.-]*\s+[a-z])", re.UNICODE
)


# a finite verb: the words after "Name," are a clause, not a description of the person
_VERB_IN_PIECE_RE = re.compile(
    r"\b(?:said|says|say|told|tells|had|has|have|is|are|was|were|will|would|did|does|do|"
    r"reported|reports|claimed|claims|claim|added|adds|wrote|writes|sent|sends|filed|"
    r"joked|jokes|falls|fell|accounts|noted|argued|asked|called|made|took|gave|got|went)\b"
)


def _is_title_word(w: str) -> bool:
    """Whether a word of a title run says what the person is ("Sen.", "economist")."""
    low = w.lower().rstrip(".").removesuffix("’s").removesuffix("'s")
    return low in _TITLE_SIGNALS or (w[0].islower() and w.endswith("ist"))


def _title_before(before: str) -> str:
    """The title or description run that ends right before a name ("... said RNC
    chairman" -> "RNC chairman"), or ""."""
    words = before.split()
    run: list[str] = []
    for w in reversed(words[-6:]):
        bare = w.strip("“”\"'(")
        if bare != w or not _TITLE_WORD_RE.fullmatch(bare):
            break  # punctuation ends the run (", Donald Trump" starts nothing)
        low = bare.lower().rstrip(".")
        if (
            bare[0].islower()
            and low not in _TITLE_SIGNALS
            and low not in _TITLE_MODIFIERS
            and not low.endswith("ist")
        ):
            break
        run.insert(0, bare)
    while run and (run[0].lower() in _NOT_FIRST_NAMES or run[0].lower() in _LEAD_WORDS):
        run.pop(0)
    # "of"/"for" joins a title to what it is of ("Secretary of State"); with no title
    # word before it, the words before are a place: "in Virginia of Rep." gives "Rep."
    while (
        cut := next((i for i, w in enumerate(run) if w.lower() in ("of", "for")), None)
    ) is not None and not any(_is_title_word(w) for w in run[:cut]):
        run = run[cut + 1 :]
    if not any(_is_title_word(w) for w in run):
        return ""
    return " ".join(run)


_SENTENCE_END_RE = re.compile(r"[.!?;:](?=[\s”\"’']|$)")


_CAPITAL_RE = re.compile(r"[A-Z]")


def _ends_abbreviation(text: str, dot: int) -> bool:
    """Whether the period at ``text[dot]`` ends an abbreviation or an initial."""
    words = text[:dot].rsplit(None, 1)  # only the last word is needed
    word = words[-1].lstrip("“\"'(") if words else ""
    # the sentence splitter's abbreviations: "Rep. Jerrold Nadler", "Mr. Obama’s former
    # chief of staff", "U.S. Sen." (single capitals are initials and are skipped too)
    return bool(_CAPITAL_RE.fullmatch(word)) or word.lower() in _ABBREV


def _sentence_start(text: str, end: int) -> int:
    """Start of the sentence (or clause after a semicolon or colon) that holds ``end``."""
    start = 0
    for m in _SENTENCE_END_RE.finditer(text, 0, end):
        if not (m.group() == "." and _ends_abbreviation(text, m.start())):
            start = m.end()
    return start


# the description after "NAME, ": up to the next comma, semicolon or sentence end
_PIECE_END_RE = re.compile(r"[,;:“”\"]|[.!?](?=\s|$)|$")


_AGE_RE = re.compile(r"\s*\d{1,3}\s*")
_WHO_RE = re.compile(r"\s*(?i:who|whose)\s")
# "whose 6-year-old son", "whose daughter": a person introduced by their family, as news
# introduces private people (a parent, a widow)
_WHOSE_KIN_RE = re.compile(
    r"\s*(?i:whose)\s+(?:[\w-]+\s+){0,2}?(?:" + _KIN + r"|kids?|parents?|family)\b"
)
# ", whose hip replacement has been postponed twice, said": a relative clause after an
# age, up to the next comma or sentence end
_RELATIVE_AFTER_RE = re.compile(
    r",\s+((?:who|whose)\s[^,;:“”\"]{3,120}?)(?=[,;:“”\"]|[.!?](?:\s|$)|$)"
)


def _age_and_description(age: str, rest: str) -> str:
    """ "NAME, 71, whose hip ..., said" and "NAME, 29, a teacher in Leiden, said": the age
    with the relative clause or description after it (news introduces private people
    so), or "" when none follows."""
    rel = _RELATIVE_AFTER_RE.match(rest)
    if rel:
        return f"{age}, {rel.group(1).strip()}"
    more = _appositive_after(rest)
    return f"{age}, {more}" if more else ""


def _appositive_after(after: str) -> str:
    """The description set off by commas right after a name (", chairman of the RNC, said",
    ", one of Dick Cheney’s daughters,"), or "" for a clause, a list of names or
    anything else."""
    if not re.match(r",\s", after):
        return ""
    body = after[1:]
    for m in _PIECE_END_RE.finditer(body):
        if not (m.group() == "." and _ends_abbreviation(body, m.start())):
            break
    if m.group() in (":", "“", "”", '"'):
        return ""
    piece = body[: m.start()].strip()
    if _AGE_RE.fullmatch(piece) and m.group() == ",":
        return _age_and_description(piece, body[m.start() :])
    if _WHOSE_KIN_RE.match(piece):
        return piece  # "Mark Mattioli, whose 6-year-old son, James, was killed"
    if not 3 <= len(piece) <= 120 or not _APPOSITIVE_START_RE.match(piece):
        return ""
    first = piece.split()[0].lower().rstrip(".,")
    describes = (
        first in ("a", "an", "the", "one")
        or first[:1].isdigit()
        or first in _TITLE_SIGNALS
        or first in _TITLE_MODIFIERS
        or first.endswith("ist")
        or piece[0].isupper()
    )
    name, title = _split_name(_PARTY_TAG_RE.sub("", piece))
    if not describes or (name and not title) or _VERB_IN_PIECE_RE.search(piece):
        return ""  # "Clinton, Sanders, and ...", "Tom Steyer, CNN and NBC reported, ..."
    if re.match(r"(?:[A-Z][a-z\u00e0-\u00ff'’-]+\s+){2}", piece) and not any(
        w.lower() in _TITLES or w.lower() in _TITLE_SIGNALS for w in piece.split()[:2]
    ):
        return ""  # a personal name opens the piece: "Barack Obama and Hillary Clinton"
    return piece


# "The spokeswoman, Marie Harf, said", "the group’s chief executive, Barry Rand, issued":
# a description in commas right before the name; it opens with a determiner or a
# possessive ("The comments from Fox echo those of his successor, Felipe Calderón" gives
# "his successor")
_DESC_BEFORE_RE = re.compile(r"([^,;:“”\"()]{2,160}),\s*$")
_DESC_OPENER_RE = re.compile(
    r"(?:^|(?<=\s))(?:(?i:the|a|an|his|her|their|its|our|one)\s|"
    r"[A-Z][\w.&’'-]*(?:\s+[A-Z][\w.&’'-]*){0,3}['’]s\s)"
)
# lower-case words a description's tail ("for the State Department") may hold freely
_DESC_TAIL_WORDS = _FUNCTION_WORDS | {"his", "her", "their", "its", "our"}
# what may follow a name set off by such a description: a comma, a party tag, a verb of
# speech or the end of the sentence
_AFTER_APPOSED_NAME_RE = re.compile(r"\s*[,(.]|\s+(?:said|says|told|added|wrote)\b|\s*$")


def _noun_phrase_description(piece: str) -> bool:
    """Whether ``piece`` reads as a description of a person: a short head ending in a
    lower-case noun ("the group’s chief executive"), then at most two more content words
    ("A spokeswoman for the State Department"), no finite verb."""
    head = _HEAD_SPLIT_RE.split(piece, maxsplit=1)[0].strip()
    tail = piece[len(head) :].split()
    content = [w for w in tail if w[:1].islower() and w.lower() not in _DESC_TAIL_WORDS]
    return (
        bool(re.search(r"(?:^|\s)[a-z][a-z'’-]+$", head))
        and len(head.split()) <= 5
        and " and " not in head
        and not _GROUP_HEADS.fullmatch(head.split()[-1])  # "its members"
        and len(content) <= 2
        and not _VERB_IN_PIECE_RE.search(piece)
    )


def _description_before(before: str, after: str) -> str:
    """The description set off by a comma right before a name ("The spokeswoman, Marie
    Harf, was asked"), or "": the longest one that reads as a description."""
    m = _DESC_BEFORE_RE.search(before)
    if m is None or not _AFTER_APPOSED_NAME_RE.match(after):
        return ""
    seg = m.group(1)
    for om in _DESC_OPENER_RE.finditer(seg):
        prev = seg[: om.start()].split()[-1:]
        if prev and prev[0].lower() in ("as", "like", "unlike", "than"):
            return ""  # "As a summer associate at a law firm, NAME": a circumstance
        piece = seg[om.start() :].strip()
        if _noun_phrase_description(piece):
            return piece
    return ""


# "the spokeswoman": a definite description of one bare role noun, which an earlier
# indefinite one may say more about ("A spokeswoman for the State Department")
_BARE_DEFINITE_RE = re.compile(r"(?i:the)\s+([a-z][\w-]*)")
_ORG_PHRASE = r"(?:the\s+)?[A-Z][\w.&’'-]*(?:\s+(?:(?:of|and|for|on|the)\s+)*[A-Z][\w.&’'-]*)*"


def _earlier_description(desc: str, text: str) -> str:
    """For a bare definite description ("The spokeswoman"), the last indefinite one with
    the same head noun and an affiliation in ``text`` ("A spokeswoman for the State
    Department" gives "spokeswoman for the State Department"), else ``desc``."""
    dm = _BARE_DEFINITE_RE.fullmatch(desc)
    if dm is None:
        return desc
    head = re.escape(dm.group(1))
    pat = re.compile(
        rf"\b(?i:an?)\s+((?:[\w.’'-]+\s+){{0,3}}?{head}\s+(?:for|of|at|with|to)\s+"
        rf"{_ORG_PHRASE}|(?:[A-Z][\w.&’'-]*\s+){{1,4}}{head})\b"
    )
    found = [m.group(1) for m in pat.finditer(text)]
    if not found:
        return desc
    out = found[-1]
    return out[:-1] if out.endswith(".") and not re.search(r"\b[A-Z]\.$", out) else out


@lru_cache(maxsize=4096)
def _mention_pattern(folded_name: str) -> re.Pattern:
    """A full mention of a (folded) name, any spacing between its words; cached, as the
    same names recur across the documents of a corpus."""
    return re.compile(
        r"(?<![\w.])" + re.escape(folded_name).replace(r"\ ", r"\s+") + r"(?![\w’'-])"
    )


def _first_mention_parts(name: str, paragraphs: Sequence[str]) -> tuple[str, str]:
    """(title, description) of a person from the full mentions of ``name`` in the
    document, each the first one given: the title before a mention ("Vice President Joe
    Biden"), the description in commas after it ("Michael Steele, chairman of the
    Republican National Committee, said") or, failing that, before it ("The spokeswoman,
    Marie Harf, said"; a bare "the spokeswoman" takes what an earlier "a spokeswoman for
    ..." says), cleaned as roles are (:func:`_clean_role`). Accents are ignored in finding
    the name."""
    pat = _mention_pattern(_fold(name))
    words = _fold(name).split()
    last = words[-1] if words else ""
    title = desc = ""
    for k, text in enumerate(paragraphs):
        folded = _fold(text)
        # cheap tests first: most paragraphs do not name the person (a full mention holds
        # every word of the name as written)
        if last not in folded or not all(w in folded for w in words):
            continue
        for m in pat.finditer(folded):
            start = _sentence_start(text, m.start())
            before, after = text[start : m.start()], text[m.end() :]
            if not title:
                title = _clean_role(_title_before(before))
            if not desc:
                desc = _clean_role(_appositive_after(after))
            if not desc:
                d = _clean_role(_description_before(before, after))
                if d:
                    earlier = "\n".join([*paragraphs[:k], text[:start]])
                    desc = _clean_role(_earlier_description(d, earlier))
            if title and desc:
                return title, desc
    return title, desc


def _first_mention_role(name: str, paragraphs: Sequence[str]) -> str:
    """A person's role from the full mentions of ``name`` in the document: the title and
    description of :func:`_first_mention_parts` joined by :func:`_combine_role`; "" when
    no mention has either."""
    return _combine_role(*_first_mention_parts(name, paragraphs))


def resolve_records(
    records: list[dict],
    paragraphs: Sequence[str] | None = None,
    *,
    subjects: Sequence[tuple[int, str, int, int]] = (),
) -> list[dict]:
    """Resolve speaker mentions of one document's quote records in place.

    Each record is a dict with ``doc_id``, ``speaker``, ``speaker_role``,
    ``speaker_start`` and ``speaker_para`` (or ``para_id``); ``speaker_id``,
    ``speaker_name``, ``speaker_type`` and ``speaker_role`` are filled in. See
    :func:`resolve_mentions` for the parameters. Returns ``records``.
    """
    if not records:
        return records
    doc_id = str(records[0]["doc_id"])
    res = _Resolver(paragraphs)
    by_para: dict[int, list[tuple]] = {}
    for subj in subjects:
        p, name, a = subj[0], subj[1], subj[2]
        alts = tuple((n, (p, x)) for n, x in (subj[4] if len(subj) > 4 else ()))
        by_para.setdefault(p, []).append((name, (p, a), alts))
    seen: dict[tuple[tuple[int, int], str], _Entity] = {}
    eids = []
    for r in records:
        sp = int(r.get("speaker_para", r["para_id"]))
        pos = (sp, int(r["speaker_start"]))
        key = (pos, str(r["speaker"]))
        if key in seen:
            # the same mention again (a quote paragraph continuing its speaker)
            eids.append(seen[key].idx)
            continue
        he_she = _POSSESSIVES.get(str(r["speaker"]).lower(), str(r["speaker"]).lower()) in (
            "he",
            "she",
        )
        window = (
            range(_window_start(paragraphs, sp, str(r["speaker"])), sp + 1) if he_she else (sp,)
        )
        cands = [c for q in window for c in by_para.get(q, []) if c[1] < pos]
        if not he_she:
            cands = [c[:2] for c in cands]  # non-subject mentions only for he/she
        if not cands and not res.ents:
            # nobody has spoken yet: the latest named subject of earlier paragraphs
            earlier = [c[:2] for cs in by_para.values() for c in cs if c[1] < pos]
            cands = sorted(earlier, key=lambda c: c[1])[-1:]
        mention = str(r["speaker"])
        if mention.lower() in ("who", "which") and r.get("_ante"):
            mention = str(r["_ante"])  # relative pronoun: its antecedent
        raw_role = str(r.get("speaker_role") or "")
        mention = _POSSESSIVE_S_RE.sub("", mention.strip())  # "Berlin’s": the metonym
        if _is_name_appositive(mention, raw_role):
            # "the utility's managing director, Katrin Bollmann": the name is the speaker
            mention, raw_role = raw_role, mention
        e = res.resolve(mention, _clean_role(raw_role), pos, cands)
        if e.type == "person" and not e.names and _ANON_ROLE_RE.search(raw_role):
            e.type = "anonymous"  # "One supervisor, who asked not to be identified"
        seen[key] = e
        eids.append(e.idx)
    order: dict[int, int] = {}
    for i in eids:
        order.setdefault(i, len(order))
    ents = res.ents
    if paragraphs:
        for e in ents:
            # the mentions in speech gave no title or no real description: the full
            # mentions of the name may ("California Democratic Rep. Nancy Pelosi" for a
            # speaker quoted as "Pelosi, a prolific fundraiser")
            toks = _name_tokens(e.canonical)
            if (
                e.type == "person"
                and (not e.title or not e.role or _is_place_role(e.role))
                and len(toks) >= 2
                and all(t[:1].isupper() for t in toks)
            ):
                title, desc = _first_mention_parts(e.canonical, paragraphs)
                e.add_role(desc, title)
    for r, i in zip(records, eids, strict=True):
        e = ents[i]
        role = e.full_role or _clean_role(str(r.get("speaker_role") or ""))
        r["speaker_id"] = f"{doc_id}:s{order[i]}"
        r["speaker_name"] = _midsentence(
            canonical_person_name(e.canonical) if e.type == "person" else e.canonical
        )
        r["speaker_type"] = e.type
        r["speaker_role"] = _midsentence(role)
    return records


_SENTENCE_START_ARTICLE = re.compile(r"^(The|A|An) (?=[a-z])")


def _midsentence(name: str) -> str:
    """A description (a name or a role) as it reads inside a sentence: "The finance
    minister" (first seen at the start of a sentence) gives "the finance minister"; an
    article before a capital stays ("The Economist")."""
    return _SENTENCE_START_ARTICLE.sub(lambda m: m.group(1).lower() + " ", name)


def _window_start(paragraphs: Sequence[str] | None, sp: int, pronoun: str) -> int:
    """First paragraph whose subjects can be the antecedent of "he"/"she" in paragraph
    ``sp``: two paragraphs back, and further (up to six) while the earliest of them
    still refers to someone by the pronoun ("Olga Kurnosova ... / She arrived ... / She
    grabbed ... / At Minsk airport she waited ... / 'Q,' she said")."""
    lo = sp - 2
    rx = _PRONOUN_FORMS.get(_POSSESSIVES.get(pronoun.lower(), pronoun.lower()))
    while paragraphs and rx and 0 < lo < len(paragraphs) and lo > sp - 6:
        if not rx.search(paragraphs[lo]):
            break
        lo -= 1
    return lo


_ANON_ROLE_RE = re.compile(
    r"(?i)\b(?:not\s+to\s+be\s+(?:named|identified)|condition\s+of\s+anonymity|"
    r"did\s+not\s+want\s+to\s+be\s+(?:named|identified)|not\s+authori[sz]ed\s+to)"
)


def _is_name_appositive(mention: str, role: str) -> bool:
    """Whether ``role`` is a personal name in apposition to a description ``mention``.

    "the committee's chair, Marieke Oosterhuis" gives mention "the committee's chair" and
    role "Marieke Oosterhuis": the name is the speaker, the description its role.
    """
    role = role.strip()
    toks = role.split()
    if not 2 <= len(toks) <= 4 or not all(_NAME_TOKEN_RE.match(t) for t in toks):
        return False
    name, title = _split_name(role)
    if name != role or title or speaker_type(role) != "person":
        return False
    m = mention.strip()
    # the description's head, before "for/of ..." ("A spokeswoman for Airbus")
    head = _HEAD_SPLIT_RE.split(m, maxsplit=1)[0].strip()
    if not head or m.lower() in _PRONOUN_TYPES or m.lower() in _POSSESSIVES or _split_name(head)[0]:
        return False
    # a description: ends in a lower-case word ("chair", "deputy economy minister")
    return bool(re.search(r"(?:^|\s)[a-z][a-z'’-]+$", head))


def resolve_mentions(
    quotes: pd.DataFrame,
    paragraphs: Sequence[str] | None = None,
    *,
    subjects: Sequence[tuple[int, str, int, int]] = (),
) -> pd.DataFrame:
    """Resolve the speaker mentions of one document's quotes to speakers.

    Parameters
    ----------
    quotes : DataFrame
        Quotes of ONE document, in reading order, with ``doc_id``, ``speaker``,
        ``speaker_role``, ``speaker_start`` and ``speaker_para`` (optional, defaults to
        ``para_id``).
    paragraphs : sequence of str, optional
        The document's paragraphs; full names found in them let a bare surname take its
        full form even when the full name never spoke ("Biden said" -> "Joe Biden").
    subjects : sequence of (para, name, start, end[, mentions]), optional
        Sentence-initial named subjects outside quoted content: pronoun antecedents that
        are not themselves speakers. The optional fifth item lists ``(name, start)`` of
        the other names the sentence mentions; when the subject is not a person, the
        first full personal name among them can be a "he"/"she" antecedent.

    Returns
    -------
    DataFrame
        A copy with ``speaker_id``, ``speaker_name``, ``speaker_type`` and
        ``speaker_role`` filled in.
    """
    if not len(quotes):
        return quotes.copy()
    if quotes["doc_id"].nunique() > 1:
        raise ValueError("resolve_mentions works on one document; group by doc_id first")
    recs = quotes.to_dict("records")
    resolve_records(recs, paragraphs, subjects=subjects)
    out = quotes.copy()
    for c in ("speaker_id", "speaker_name", "speaker_type", "speaker_role"):
        out[c] = [r[c] for r in recs]
    return out


def resolve_speakers(quotes: pd.DataFrame) -> pd.DataFrame:
    """Build the speakers table (one row per speaker per document) from a quotes table.

    Parameters
    ----------
    quotes : DataFrame
        Output of :func:`framing.extract_quotes` (speaker columns already resolved).

    Returns
    -------
    DataFrame
        :data:`SPEAKER_COLUMNS`.

    Examples
    --------
    >>> from framing.quotes import extract_quotes_paragraphs
    >>> q = extract_quotes_paragraphs([
    ...     'Senator Jane Doe said the plan would fail.',
    ...     '"It is a disaster," Doe said.'], "d1")
    >>> sp = resolve_speakers(q)
    >>> sp.loc[0, "speaker_name"], sp.loc[0, "aliases"], int(sp.loc[0, "n_quotes"])
    ('Jane Doe', ['Senator Jane Doe', 'Doe'], 2)
    """
    need = {"doc_id", "speaker_id", "speaker", "speaker_name", "speaker_type", "speaker_role"}
    missing = need - set(quotes.columns)
    if missing:
        raise ValueError(f"quotes table lacks columns {sorted(missing)}")
    # One pass over plain columns (a pandas groupby made this ~0.1 ms per speaker).
    groups: dict[tuple, dict] = {}
    for doc_id, sid, mention, name, stype, role in zip(
        quotes["doc_id"].tolist(),
        quotes["speaker_id"].tolist(),
        quotes["speaker"].tolist(),
        quotes["speaker_name"].tolist(),
        quotes["speaker_type"].tolist(),
        quotes["speaker_role"].tolist(),
    ):
        if pd.isna(doc_id) or pd.isna(sid):  # as groupby: rows without a key are not grouped
            continue
        g = groups.get((doc_id, sid))
        if g is None:
            g = groups[(doc_id, sid)] = {
                "doc_id": doc_id,
                "speaker_id": sid,
                "speaker_name": name,
                "speaker_type": stype,
                "speaker_role": "",
                "mentions": [],
                "n_quotes": 0,
            }
        g["mentions"].append(str(mention))
        g["n_quotes"] += 1
        if not g["speaker_role"] and isinstance(role, str) and role:
            # the first real role of any mention (a bare "Mr." or circumstance is none)
            g["speaker_role"] = _clean_role(role)
    rows = [{**g, "aliases": list(dict.fromkeys(g["mentions"]))} for g in groups.values()]
    return pd.DataFrame(rows, columns=SPEAKER_COLUMNS)


def clear_caches() -> None:
    """Empty the memoisation caches of name splitting and typing, accent folding and role
    cleaning (for fair benchmarks)."""
    speaker_type.cache_clear()
    _split_name.cache_clear()
    _person_name.cache_clear()
    _name_tokens.cache_clear()
    _fold.cache_clear()
    _mention_pattern.cache_clear()
    _clean_role.cache_clear()
    _folded_name_words.cache_clear()
    _norm.cache_clear()
    _thing_head.cache_clear()
    _strip_lead_words.cache_clear()
    _gender_cue.cache_clear()
