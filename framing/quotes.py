"""Quote extraction: who says what, in every paragraph.

Rules over regular-expression tokenisation find attributions (direct quotes, indirect
speech and mixed quotes) with their cue and speaker mention; :mod:`framing.speakers`
then resolves every mention ("he", "the official", a bare surname, a title, a metonym)
to one speaker per document with a canonical name, a type and a role.

The quotes table has one row per attribution:

========================  ===================================================================
column                    meaning
========================  ===================================================================
doc_id                    document key
para_id                   paragraph holding the (start of the) content
quote_id                  ``{doc_id}:q{n}``, in reading order
kind                      ``direct`` (wholly in quote marks), ``indirect`` or ``mixed``
content                   the attributed content; when an attribution interrupts a direct
                          quote, the quoted parts joined by a space
content_start/_end        offsets of the content (its hull) in the raw input
cue                       the attribution cue as written ("said", "has said", "told",
                          "according to", ":", "was how ... described")
speaker                   the speaker mention as written ("he", "the official", "Biden")
speaker_start/_end        offsets of that mention in the raw input (may lie in an earlier
                          paragraph for a continued quote)
speaker_id                ``{doc_id}:s{n}``, one per speaker within a document
speaker_name              canonical name: the fullest name or description in the document;
                          a person's single middle initial is dropped ("Donald J. Trump"
                          is "Donald Trump") so that names group across documents
speaker_type              ``person``, ``organization`` (incl. governments and metonyms),
                          ``anonymous`` (unnamed sources and officials) or ``group``
speaker_role              who the speaker is, as written: an appositive ("head of the ...
                          Council", "58, a retired bookkeeper"), a title before the name
                          ("U.S. Secretary of State") or an affiliation; not an honorific
                          ("Mr."), a circumstance ("in an interview", "toward the end of
                          the debate") or a participial clause ("trying to ..."); the
                          speaker's first such role in the document, "" when none
========================  ===================================================================

Patterns handled (each pinned by a golden case in ``tests/golden/quotes``): quote before
or after the cue, inverted ``"...," said X``, cues beyond "said" (told, added, warned,
according to, colon introductions, "was how X described"), indirect speech with and
without "that", mixed quotes, multi-sentence quotes and quotes interrupted by their
attribution, unattributed quote paragraphs continuing the previous speaker, attribution
in the following sentence, a participle after a trailing attribution ('"...," X said,
adding that ...': a new quote by X, never a second copy of the first quote),
pronouns/titles/surnames/metonyms (resolved in :mod:`framing.speakers`), straight, curly and doubled-single quote marks, and unbalanced
or nested quote marks (never an error). A place, time or occasion phrase or a participle
clause after the cue and speaker ('"...," said X at a packed meeting on Wednesday
evening', '"...," said Y, speaking at a rally in Ohio', 'X told reporters after the vote:
"..."') is neither speaker nor content. A dateline ("WASHINGTON —"), a fronted adverbial
("In a statement,", "In August,") or a time phrase is never a speaker; coordinated cues
("X attacked the plan and said ...", "X said A and said B") take the subject of the first
verb and give contents that do not overlap.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

import pandas as pd

__all__ = [
    "QUOTE_COLUMNS",
    "extract_quotes",
    "extract_quotes_paragraphs",
    "extract_quotes_text",
    "find_quote_spans",
    "paragraph_speakers",
    "split_sentences",
    "split_text_paragraphs",
]

QUOTE_COLUMNS = [
    "doc_id",
    "para_id",
    "quote_id",
    "kind",
    "content",
    "content_start",
    "content_end",
    "cue",
    "speaker",
    "speaker_start",
    "speaker_end",
    "speaker_id",
    "speaker_name",
    "speaker_type",
    "speaker_role",
]

# --------------------------------------------------------------------------------------
# Quote marks
# --------------------------------------------------------------------------------------
_OPEN_D = "\u201c\u201e\u00ab"  # “ „ «
_CLOSE_D = "\u201d\u00bb"  # ” »
# ''|``|["“”„«»‘’], written to open on a character class: the regex engine then skips
# fast to the next candidate mark (a doubled mark's second character is checked after)
_QMARK_RE = re.compile(
    "[\"'`\u201c\u201d\u201e\u00ab\u00bb\u2018\u2019]"
    "(?:(?<=[\"\u201c\u201d\u201e\u00ab\u00bb\u2018\u2019])|(?<=')'|(?<=`)`)"
)
_ALL_QUOTES = "\"'\u201c\u201d\u201e\u00ab\u00bb\u2018\u2019`"


def find_quote_spans(text: str) -> list[tuple[int, int]]:
    """Find quoted stretches in one paragraph.

    Straight (``"``), curly (“ ” „ « »), doubled-single (``''``) and, at the outer level,
    single curly quote marks (‘ ’) are recognised; nested quote marks stay inside the outer
    span. A quote left open runs to the end of the paragraph (news style for quotes that
    continue in the next paragraph); a stray closing mark is ignored.

    Parameters
    ----------
    text : str
        One paragraph.

    Returns
    -------
    list of (int, int)
        ``(start, end)`` offsets including the quote marks, in order, non-overlapping.

    Examples
    --------
    >>> find_quote_spans("He said: \u201cWe will 'win'.\u201d Then ''more'' came.")
    [(9, 25), (31, 39)]
    """
    spans: list[tuple[int, int]] = []
    n = len(text)
    start = -1
    kind = ""  # "d" double, "s" single
    for m in _QMARK_RE.finditer(text):
        q = m.group()
        i, j = m.start(), m.end()
        prev = text[i - 1] if i > 0 else " "
        nxt = text[j] if j < n else " "
        if start < 0:
            if q in _OPEN_D or q == "``":
                start, kind = i, "d"
            elif q in ('"', "''"):
                # opening if at a word start, closing-looking marks at depth 0 are stray
                if (
                    (prev.isspace() or prev in "([{\u2014\u2013-/:")
                    and not nxt.isspace()
                    or i == 0
                    and not nxt.isspace()
                ):
                    start, kind = i, "d"
            elif q == "\u2018" and (prev.isspace() or prev in "([{\u2014-") and nxt.isalnum():
                start, kind = i, "s"
        else:
            if kind == "d":
                if q in _CLOSE_D or (
                    q in ('"', "''") and (nxt.isspace() or not nxt.isalnum() or j == n)
                ):
                    spans.append((start, j))
                    start = -1
            elif kind == "s":
                if q in ("\u2019",) and not nxt.isalnum():
                    spans.append((start, j))
                    start = -1
                elif q in _OPEN_D or q in _CLOSE_D or q == '"':
                    # a single-quoted opener that was really an apostrophe; restart
                    start = -1
                    if q in _OPEN_D or (q == '"' and prev.isspace()):
                        start, kind = i, "d"
    if start >= 0 and kind == "d":
        spans.append((start, n))
    return spans


def _mask(text: str, spans: Sequence[tuple[int, int]], ch: str = "Q") -> str:
    """Replace the interior of quote spans by ``ch`` (offsets are preserved)."""
    if not spans:
        return text
    parts = []
    last = 0
    for a, b in spans:
        parts.append(text[last:a])
        if b - a < 2:
            parts.append(text[a:b])
        else:
            la = 2 if text[a : a + 2] in ("''", "``") else 1
            lb = 2 if b - a >= la + 2 and text[b - 2 : b] == "''" else 1
            if text[b - 1] not in _ALL_QUOTES:
                lb = 0
            parts.append(text[a : a + la] + ch * (b - a - la - lb) + text[b - lb : b])
        last = b
    parts.append(text[last:])
    return "".join(parts)


# --------------------------------------------------------------------------------------
# Sentences
# --------------------------------------------------------------------------------------
_ABBREV = {
    "mr", "mrs", "ms", "dr", "sen", "rep", "gov", "gen", "lt", "col", "sgt", "capt", "st",
    "jr", "sr", "inc", "corp", "co", "ltd", "jan", "feb", "mar", "apr", "aug", "sept",
    "sep", "oct", "nov", "dec", "no", "vs", "prof", "rev", "ft", "mt", "u.s", "u.n",
    "u.k", "e.u", "d.c", "a.m", "p.m", "gop", "adm", "maj", "cmdr", "pres", "atty", "supt",
    "sens", "reps", "hon", "insp", "det", "cpl", "pvt",
}  # fmt: skip
# ("[.!?][.!?]*" rather than "[.!?]+": a pattern that opens on a character class is
# searched much faster)
_SENT_END_RE = re.compile(
    "[.!?][.!?]*[\"\u201d\u2019')\\]]*(?=\\s+(?:''|``|[\"\u201c\u2018'(\\[])?[A-Z0-9\u00c0-\u00de])"
)
_NEXT_WORD_RE = re.compile(r"\s+[\"\u201c'(]*([A-Z][a-z]*)\b")
_END_ABBREV = {
    "u.s",
    "u.k",
    "u.n",
    "d.c",
    "a.m",
    "p.m",
    "e.u",
    "inc",
    "co",
    "corp",
    "ltd",
    "jr",
    "sr",
}
_STARTERS = {
    "The", "But", "He", "She", "It", "They", "We", "I", "In", "A", "An", "This", "That",
    "And", "While", "When", "Although", "As", "If", "After", "Before", "There", "His", "Her",
    "Their", "Its", "Our", "So", "Yet", "Still", "Then", "Now", "On", "At", "For", "Some",
    "Many", "Most", "One", "Two", "Those", "These", "What", "Why", "How", "Who",
}  # fmt: skip
_LAST_WORD_RE = re.compile(r"([A-Za-z.]+)\.+$")


def split_sentences(
    text: str, quote_spans: Sequence[tuple[int, int]] | None = None
) -> list[tuple[int, int]]:
    """Split a paragraph into sentences without breaking inside a quotation.

    Parameters
    ----------
    text : str
        One paragraph.
    quote_spans : sequence of (int, int), optional
        Quote spans from :func:`find_quote_spans` (computed when omitted).

    Returns
    -------
    list of (int, int)
        Sentence offsets, whitespace-trimmed.

    Examples
    --------
    >>> t = 'Mr. Smith left. "I am done. Bye," he said. Then U.S. troops came.'
    >>> [t[a:b] for a, b in split_sentences(t)]
    ['Mr. Smith left.', '"I am done. Bye," he said.', 'Then U.S. troops came.']
    """
    if quote_spans is None:
        quote_spans = find_quote_spans(text)
    cuts = []
    qi = 0
    for m in _SENT_END_RE.finditer(text):
        e = m.end()
        p = m.start()
        while qi < len(quote_spans) and quote_spans[qi][1] < e:
            qi += 1
        # inside a quote (not at its closing mark)?
        if qi < len(quote_spans) and quote_spans[qi][0] < p and quote_spans[qi][1] > e:
            continue
        if text[p] == ".":
            w = _LAST_WORD_RE.search(text, max(0, p - 12), p + 1)
            if w:
                word = w.group(1).lower().rstrip(".")
                if word in _ABBREV or (len(word) == 1 and word.isalpha()):
                    # "... the U.S. While Clinton ...": an abbreviation ending a sentence
                    nw = _NEXT_WORD_RE.match(text, e)
                    if not (word in _END_ABBREV and nw and nw.group(1) in _STARTERS):
                        continue
        cuts.append(e)
    out = []
    start = 0
    for c in [*cuts, len(text)]:
        seg = text[start:c]
        a = start + (len(seg) - len(seg.lstrip()))
        b = c - (len(seg) - len(seg.rstrip()))
        if b > a:
            out.append((a, b))
        start = c
    return out


# --------------------------------------------------------------------------------------
# Cues
# --------------------------------------------------------------------------------------
def _forms(base: str, past: str | None = None, third: str | None = None, ing: str | None = None):
    past = past or (base + "d" if base.endswith("e") else base + "ed")
    third = third or base + "s"
    ing = ing or (base[:-1] + "ing" if base.endswith("e") else base + "ing")
    return [base, third, past, ing]


# speech verbs: (forms, strength). "strong" verbs take any content; "weak" verbs need
# "that", a quote, a colon or a trailing position to count (e.g. "added 200 jobs").
_STRONG = (
    _forms("say", "said", "says", "saying")
    + _forms("tell", "told", "tells", "telling")
    + _forms("tweet")
    + _forms("write", "wrote", "writes", "writing")
    + _forms("warn")
    + _forms("claim")
    + _forms("insist")
    + _forms("declare")
    + ["stated", "stating"]
    + _forms("explain")
    + _forms("argue", "argued", "argues", "arguing")
    + _forms("contend")
    + _forms("assert")
    + _forms("allege")
    + _forms("testify", "testified", "testifies", "testifying")
    + _forms("reply", "replied", "replies", "replying")
    + _forms("respond")
    + _forms("quip", "quipped", "quips", "quipping")
    + _forms("joke", "joked", "jokes", "joking")
    + _forms("boast")
    + _forms("vow")
    + _forms("complain")
    + _forms("caution")
    + _forms("acknowledge")
    + _forms("admit", "admitted", "admits", "admitting")
    + _forms("predict")
    + _forms("concede")
    + _forms("recall")
    + _forms("remark")
    + _forms("stress")
    + _forms("emphasize")
    + _forms("emphasise")
    + _forms("counter")
    + _forms("mus", "mused", "muses", "musing")
    + _forms("exclaim")
    + _forms("scoff")
    + _forms("retort")
    + ["said in a statement", "wrote in a statement", "pointed out", "put it", "puts it",
       "points out", "made clear", "makes clear", "made it clear"]
)  # fmt: skip
_WEAK = (
    _forms("add", "added", "adds", "adding")
    + _forms("note")
    + _forms("announce")
    + _forms("report")
    + _forms("suggest")
    + _forms("ask")
    + _forms("continue")
    + _forms("conclude")
    + _forms("confirm")
    + _forms("deny", "denied", "denies", "denying")
    + _forms("promise")
    + _forms("urge")
    + _forms("observe")
    + _forms("estimate")
    + _forms("accuse")
    + _forms("charge")
    + _forms("post")
    + _forms("comment")
    + _forms("maintain")
    + _forms("reveal")
    + _forms("describe")
    + _forms("call")
    + _forms("predict")
    + _forms("demand")
    + _forms("propose")
    + _forms("agree")
    + _forms("indicate")
    + _forms("signal", "signaled", "signals", "signaling")
    + _forms("hint")
    + _forms("repeat")
    + _forms("reiterate")
    + _forms("scream")
    + _forms("shout")
)
# base/plural forms that are mostly nouns in news text ("his remarks", "a tweet")
_NOUNISH = {
    "remark", "remarks", "note", "tweet", "tweets", "comment", "comments", "call", "calls",
    "post", "posts", "promise", "promises", "demand", "demands", "claim", "claims",
    "charge", "charges", "counter", "stress", "reply", "response", "estimate", "estimates",
    "hint", "hints", "signal", "signals", "vow", "vows", "boast", "joke", "jokes", "quip",
    "caution", "report", "shout", "scream", "screams", "shouts",
}  # fmt: skip
_STRONG = [w for w in _STRONG if w not in _NOUNISH]
_WEAK = [w for w in _WEAK if w not in _NOUNISH]
_STRONG_SET = {w.lower() for w in _STRONG}
# weak verbs whose object is the content ("announced plans to ...", "described X as Y")
_OBJECT_CUES = {
    f for base in ("announce", "describe", "accuse", "propose", "urge", "promise", "demand",
                   "suggest", "acknowledge", "predict", "deny", "confirm", "reveal", "report",
                   "ask", "cite", "recount", "disclose", "recommend", "concede", "reiterate")
    for f in _forms(base, "denied" if base == "deny" else None,
                    "denies" if base == "deny" else None, "denying" if base == "deny" else None)
} - _NOUNISH - {"reports", "suggests", "cites"}  # fmt: skip
_BE_RE = re.compile(r"\b(?:is|are|was|were)\s+(?:\w+ly\s+|also\s+|still\s+|now\s+)?$")
_AUX = (
    r"(?:has|have|had|would|will|could|should|may|might|must|also|later|previously|then|"
    r"is|are|was|were|"
    r"repeatedly|again|just|recently|publicly|privately|earlier|often|once|never|"
    r"still|even|had\s+also|has\s+also|has\s+long|long|already|frequently|"
    r"first|initially|subsequently|flatly|bluntly|simply|"
    r"(?!(?:family|ally|rally|assembly|supply|reply|monopoly|anomaly|italy|july)\b)[a-z]+ly)"
)
_CUE_WORDS = sorted({*_STRONG, *_WEAK}, key=len, reverse=True)


def _trie_regex(words: Iterable[str]) -> str:
    """A regex alternation of ``words`` factored as a character trie (much faster for
    Python's backtracking engine than a flat alternation); spaces match ``\\s+``."""
    trie: dict = {}
    for w in words:
        node = trie
        for ch in w:
            node = node.setdefault(ch, {})
        node[""] = {}

    def build(node: dict) -> str:
        end = "" in node
        alts = []
        for ch in sorted(k for k in node if k):
            alts.append((r"\s+" if ch == " " else re.escape(ch)) + build(node[ch]))
        if not alts:
            return ""
        body = alts[0] if len(alts) == 1 else "(?:" + "|".join(alts) + ")"
        if end:
            return "(?:" + body + ")?"
        return body

    return build(trie)


_CUE_RE = re.compile(r"(?<![\w'’-])(?:" + _trie_regex(_CUE_WORDS) + r")(?![\w'’-])")
_AUX_TAIL_RE = re.compile(r"(?:(?<=\s)|^)(?:" + _AUX + r"\s+)+$")


def _aux_tail(seg: str) -> int:
    """Start of a run of auxiliaries/adverbs ending ``seg`` ("has also "), or -1."""
    k = max(0, len(seg) - 60)
    m = _AUX_TAIL_RE.search(seg, k)
    return m.start() if m else -1


_ACCORDING_RE = re.compile(r"(?i)(?<![\w-])according\s+to(?![\w-])")
_WAS_HOW_RE = re.compile(
    r"^[\s,]*(?:was|is|were|are)\s+how\s+(.{1,120}?)\s+"
    r"(described|characterized|characterised|summed\s+up|put\s+it|explained|saw|sees|"
    r"describes|put|framed|called)\b"
)

# after-cue modifiers skipped before the content begins (or the whole tail of a trailing
# attribution: "said on Monday", "said in a statement", "told reporters at a rally")
_DAY = r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|today|yesterday|tonight)"
# a month is a time only after a preposition or determiner ("in May", never "Theresa May")
_MONTH = (
    r"(?:January|February|March|April|May|June|July|August|September|October|November|"
    r"December|(?:Jan|Feb|Aug|Sept?|Oct|Nov|Dec)\.)"
)
_DATE = (
    r"(?:(?:in|on|since|during|until|by)\s+(?:(?:early|mid|late)[\s-]+)?" + _MONTH
    + r"(?:\s+\d{1,2}(?:st|nd|rd|th)?(?!\d))?(?:,?\s+\d{4})?"
    r"|(?:last|this|next|(?:earlier|later|early|late)\s+(?:this|last))\s+" + _MONTH + r")"
)  # fmt: skip
_MOD = (
    r"(?:(?:on|late|early|last|this|earlier|later)\s+)?" + _DAY + r"(?:\s+(?:night|morning|"
    r"afternoon|evening))?"
    r"|(?:last|this|earlier|later|next)\s+(?:week|month|year|night|weekend|summer|fall|spring|"
    r"winter)"
    r"|(?:earlier|later|recently|previously|repeatedly|again|also|afterward|afterwards|"
    r"privately|publicly|simply|bluntly|flatly|then|now|once|too|instead|frankly|"
    r"in\s+(?:a|an|his|her|their|its|the)\s+(?:[\w'’-]+\s+){0,3}?(?:statement|interview|"
    r"speech|email|e-mail|tweet|letter|post|release|op-ed|memo|conversation|call|"
    r"appearance|address|report|book|video|message|remarks?|briefing|filing|brief|"
    r"testimony|column|article|editorial|essay|debate|broadcast|podcast|episode|"
    r"hearing|conference|meeting|session)(?:\s+(?:on|with|to|at|for)\s+[^,.;:\"\u201c]{1,60}?)??"
    # (also a named event: "at the Democratic National Convention")
    r"|at\s+(?:a|an|the|his|her|their)\s+(?:[\w'’-]+\s+){0,4}?(?i:rally|conference|event|"
    r"briefing|hearing|meeting|forum|debate|speech|summit|town\s+hall|press\s+conference|"
    r"news\s+conference|gathering|luncheon|dinner|ceremony|convention|event)"
    # (a weekday after it is a modifier of its own: "on Wednesday evening")
    r"(?:\s+(?:in|on|at)\s+(?!" + _DAY + r"\b)[A-Z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*)*)?"
    r"|" + _DATE + r"|(?:on|in|at)\s+[A-Z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*)*"
    r"(?:\s+on\s+(?!" + _DAY + r"\b)[A-Z][\w.'’-]*)?"
    r"|(?:to|told)\s+(?:reporters|journalists|supporters|the\s+crowd|the\s+audience|"
    r"the\s+press|the\s+media|me|us|him|her|them|[A-Z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*)*)"
    r"|(?:on|via|in)\s+(?:Twitter|Facebook|Instagram|television|TV|air|radio|the\s+phone|"
    r"the\s+telephone|the\s+radio)"
    r"|by\s+(?:phone|telephone|email|e-mail|text)"
    r")"
)
_TRAIL_TAIL_RE = re.compile(
    r"^(?:,?\s+(?:" + _MOD + r"|with\s+(?:a|an|his|her|their)\s+[\w'’-]+(?:\s+[\w'’-]+)?"
    r"|(?:a|an)\s+(?:hint|note|touch|trace)\s+of\s+[^,.]+"
    r"|(?:before|after|as|while)\s+[^,.\"\u201c]{1,60}"
    r"|on\s+(?:a|an|the)\s+[^,.\"\u201c]{1,50}"
    r"))*(?:,\s+(?:[a-z]+ing|while|as|when|before|after|in\s+an?)\b[^\"\u201c]*?)?"
    r"\s*[.!?]*[\"\u201d\u2019']?\s*$"
)
_LEAD_SKIP_RE = re.compile(r"^(?:,?\s+(?:" + _MOD + r"))*(?:\s*,)?")
# an occasion after the cue, a short noun phrase ("after the vote", "during a visit [to
# Kyiv]", with a modifier after it); skipped before a content only when a colon or a
# quote follows (before "that" it stays in the content: PolNeAR leaves nested claims
# such as "claimed during the divorce that ..." unannotated), and cut off an inverted
# speaker
_OCCASION = (
    r"(?:before|after|during|following|ahead\s+of|amid)\s+(?:the|a|an|his|her|their|its)\s+"
    r"(?:[\w'’-]+\s+){0,3}?[\w'’-]+"
)
_LEAD_NEXT_RE = re.compile("\\s*,?\\s*(?:(?:that|whether|if)\\b|:|''|[\"\u201c\u2018'])")
# "speaking at a rally in Ohio": a participle that is no speech cue ("adding" is one)
_ING_CLAUSE = (
    r"(?!"
    + _trie_regex(w for w in _CUE_WORDS if w.endswith("ing") and " " not in w)
    + r"\b)[a-z]+ing\s+(?:at|to|in|on|before|after|with|from)\s[^,;:.!?\"\u201c]{1,60}?"
)
_LEAD_SKIP_EXT_RE = re.compile(
    r"^(?:,?\s+(?:" + "|".join((_MOD, _OCCASION, _ING_CLAUSE)) + r"))+"
    r"(?=\s*(?::|,?\s*(?:''|[\"\u201c])))(?:\s*,)?"
)
_TOLD_OBJ_RE = re.compile(
    r"^\s+(?:reporters|journalists|supporters|voters|the\s+crowd|the\s+audience|the\s+press|"
    r"the\s+media|me|us|him|her|them|you|host\s+[A-Z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*)*|"
    r"(?:the\s+|a\s+)?[A-Z][\w.'’-]*(?:\s+(?:[A-Z][\w.'’-]*|of\s+the|of|for))*"
    r"(?=[\s,.:])|(?:the|a|an|his|her|their)\s+(?:[\w'’-]+\s+){0,3}?"
    r"(?:crowd|audience|interviewer|host|paper|newspaper|magazine|station|network|"
    r"committee|panel|senators|members|lawmakers|group|gathering|supporters|reporters))"
)
_NP_OBJ_RE = re.compile(r"^\s+(?:the|a|an|his|her|their|its)\s+(?:[\w'’-]+\s+){0,3}[\w'’-]+")
_SUBORD_START_RE = re.compile(
    r"\s*(?:While|Although|Though|Because|If|When|As|After|Since|Even\s+though|Whereas|"
    r"Once|Before|Until|Unless|Despite)\b"
)
_MAIN_CLAUSE_RE = re.compile(r",\s+(?=(?:he|she|they|it|we|I|the|The|[A-Z][a-z]+)\s+[a-z]+)")
_CUT_ANY_RE = re.compile("[,\u201d\"\u2014\u2013]|--|''")
_CUT_RE = re.compile(",(?:''|[\"\u201d\u2019])?\\s|(?:''|[\"\u201d])\\s|\u2014|\u2013|\\s--\\s")
_CUT_QUOTE_RE = re.compile(",?(?:''|[\"\u201d\u2019])?")
_CONT_QUOTE_RE = re.compile("^\\s*,\\s*(?=''|[\"\u201c])")
_OPENQ_RE = re.compile("[\"\u201c]|''")
# "Paul Ryan: FBI decision defies explanation" / transcripts "BOULDUAN: You guys ..."
_HEADLINE_COLON_RE = re.compile(
    r"^((?:[A-Z][a-z][\w.'’-]*\s+){1,3}[A-Z][a-z][\w.'’-]*|[A-Z][A-Z'’-]{2,}(?:\s+[A-Z][A-Z'’-]{2,})?)"
    r"\s*:\s+(?=\S)"
)
_INVERTED_CUES = {
    "said", "says", "added", "adds", "asked", "asks", "wrote", "writes", "continued",
    "explained", "warned", "tweeted", "noted", "notes", "argued", "insisted", "replied",
    "responded", "declared", "recalled", "stated", "concluded", "quipped", "joked",
    "observed", "remarked", "countered", "stressed", "cautioned", "predicted", "admitted",
    "acknowledged", "claimed", "asserted", "conceded", "retorted", "mused", "exclaimed",
    "replies",
    "complained", "boasted", "recalls", "explains", "argues", "insists",
}  # fmt: skip
_PARTICIPLE_CUES = {
    "saying", "adding", "telling", "warning", "arguing", "insisting", "noting",
    "explaining", "writing", "declaring", "stating", "accusing", "calling", "suggesting",
    "asserting", "acknowledging", "predicting", "promising", "vowing", "urging",
    "complaining", "claiming", "tweeting", "asking", "replying", "responding",
}  # fmt: skip
_PARTICIPLE_AFTER_RE = re.compile(
    r",\s+" + _trie_regex(w for w in _CUE_WORDS if w.endswith("ing") and " " not in w) + r"\b"
)
_CALL_FORMS = {"called", "calls", "calling"}
_CALL_PARTICLE_RE = re.compile(r"^\s+(?:for|on|out|upon)\b")
_HEADLINE_LABELS = {
    "note", "latest", "update", "updated", "correction", "story", "email", "video", "photos",
    "photo", "watch", "related", "advertisement", "privacy", "tags", "source", "sources",
    "disclosure", "editor", "read", "more", "listen", "opinion", "analysis", "exclusive",
    "breaking", "live", "summary", "transcript", "clarification", "credit", "caption",
}  # fmt: skip
# trailing adjuncts that PolNeAR leaves out of an indirect content
_ADJUNCT_RE = re.compile(
    r"(?:,|,?[\"\u201d']+)\s+(?:(?:citing|adding|noting|saying|according|referring|pointing|"
    r"arguing|calling|warning|insisting|explaining|suggesting|telling|writing|accusing|"
    r"leading|prompting|drawing)\b|(?:though|although|as\s+(?:he|she|they|it)\b))"
    r"|\s[\u2014\u2013]\s|\s--\s"
)
_DASH_ATTR_RE = re.compile(
    "[\"\u201d']\\s*(?P<dash>[\u2015\u2014\u2013]|--?)\\s*"
    "(?P<name>[A-Z][\\w.'\u2019-]*(?:\\s+[A-Z][\\w.'\u2019-]*){0,3})"
    '(?:,\\s*(?P<role>[^."\u201c]{1,80}))?\\s*\\.?\\s*$'
)
_QUANT_WORDS = {"some", "many", "most", "several", "both", "other", "the", "a", "an", "few"}
_WS_RE = re.compile(r"\s+")
# a fronted adverbial ("In a statement, ", "On Tuesday, ", "In an interview with CNN, ",
# "Asked about the vote, "): never the speaker, who follows it ("At least ten people" is
# a quantity, not a place)
_FRONTED_RE = re.compile(
    r"(?!At\s+least\b|Under\s+Secretary\b)"
    r"(?:In|At|On|For|From|After|Before|During|Since|Earlier|Later|Last|This|Speaking|"
    r"Asked|Writing|Amid|Following|Throughout|Upon|Under|Despite|Outside|Beyond|Among|"
    r"Within|Without|Unlike|Besides)\s+"
    r"[^,;:\"“”]{1,100},\s+"
    # a participle clause: "Trying to quell calls to replace her, ", "Walking to ..., "
    r"|(?!(?:Beijing|Nanjing|Harding|Reading|Manning|Downing|Irving|Sterling|Fleming|"
    r"Browning|Golding|Ewing|Pershing|Kipling|Redding|Hastings|Jennings|Spalding)\b)"
    r"[A-Z][a-z]+ing\s+(?:to|the|a|an|his|her|their|its|at|in|into|with|about|from|for|"
    r"up|out|back|over|through|off|down|on)\s+[^,;:\"“”]{1,100},\s+"
)
# a dateline opening an article or paragraph ("WASHINGTON —", "KYIV, Ukraine —",
# "NEW YORK (Reuters) -", "PASADENA, Calif., Jan. 1 (UPI) --", "New York (AFP) -"): a
# place, never a speaker; a place in mixed case counts only before a news agency
_DATELINE_RE = re.compile(
    r"(?:[A-Z][A-Z.'’&-]+(?:\s+[A-Z][A-Z.'’&-]+){0,3}"
    r"(?:,\s+[A-Z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*)?)?"
    r"(?:,?\s+" + _MONTH + r"\s*\d{1,2})?,?(?:\s*\([A-Z][\w&.-]*(?:\s+[A-Z][\w&.-]*){0,2}\))?"
    r"|[A-Z][a-z]+(?:\s+[A-Z][a-z]+){0,2}(?:,\s+[A-Z][\w.'’-]*)?"
    r"(?:,?\s+" + _MONTH + r"\s*\d{1,2})?,?\s*\([A-Z][A-Za-z]+(?:\s+[A-Z][A-Za-z]+)?\))"
    r"\s*(?:[\u2014\u2013\u2015]|--?)\s+(?=\S)"
)
_HEAD_NOUNS = (
    r"(?:officials?|leaders?|aides?|supporters?|voters?|critics?|analysts?|groups?|"
    r"spokes(?:man|woman|person)|sources?|advisers?|advocates?|activists?|lawmakers?|"
    r"members?|experts?|residents?|protesters?|organizers?|executives?|campaign|"
    r"committee|officers?|staff|workers?|candidates?|senators?|delegates?|donors?|"
    r"strategists?|operatives?|allies|backers|pollsters?|researchers?|economists?|"
    r"insiders?|diplomats?|ministry|department|administration|government|agency)"
)
# a verb form that ends a subject noun phrase: a past tense, an adverb, a common
# irregular past, a speech cue ("the man approached ...", "Clinton repeatedly invoked")
_VERBISH = (
    r"(?:met|told|said|says|saw|won|lost|hit|took|gave|made|sent|left|led|let|put|set|cut|"
    r"ran|held|came|went|got|began|spoke|wrote|found|brought|thought|kept|stood|sat|"
    r"became|chose|drew|fell|felt|knew|paid|heard|sold|spent|stopped|tried|[a-z]+ed"
    r"|(?!(?:family|ally|rally|assembly|supply|monopoly)\b)[a-z]+ly"
    r"|" + _trie_regex(w for w in _CUE_WORDS if " " not in w) + r")\b"
)
# a lower-case word of a subject noun phrase: not a function word, an auxiliary, a
# pronoun or a verb form
_NP_WORD = (
    r"(?!(?:of|to|for|with|at|from|in|by|and|or|but|the|on|a|an|as|is|was|are|were|has|"
    r"had|have|will|would|can|could|may|might|must|should|did|does|do|not|also|then|who|"
    r"that|which|than|when|after|before|it|he|she|they|we|his|her|their|its|this|these)\b"
    r"|" + _VERBISH + r")[a-z][\w'’-]*"
)
_QUANT = (
    r"(?:[Tt]wo|[Tt]hree|[Ff]our|[Ff]ive|[Ss]everal|[Ss]ome|[Mm]any|[Mm]ost|[Mm]ore|[Bb]oth|"
    r"[Aa]ll|[Ff]ew)"
)
# "of Apple Inc.", "for Mayor Frank Jackson", "of rabbis": a complement of a described
# speaker ("An executive from Apple Inc.", "a group of rabbis")
_NP_PP = (
    r"(?:\s+(?:of|for|from|at|with)\s+(?:(?:the|his|her|their|its)\s+)?(?:[A-Z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*){0,3}"
    r"|" + _NP_WORD + r"(?:\s+" + _NP_WORD + r")?))?"
)
_SUBJECT_NP_RE = re.compile(
    # "Opposition councillor Daan Mulder", "Secretary of the Interior Ryan Zinke"
    r"(?:[A-Z][\w.'’-]*\s+){1,2}(?:(?!" + _VERBISH + r")[a-z][\w'’-]*\s+){1,2}"
    r"[A-Z][a-z][\w.'’-]*(?:\s+[A-Z][a-z][\w.'’-]*)+(?![\w'’-])"
    # "Two heartland states", "Several environmental groups" (not the bare "Two")
    # "More of his aides", "Some of the lawmakers"
    r"|"
    + _QUANT
    + r"\s+(?:(?:"
    + _NP_WORD
    + r"\s+){0,2}"
    + _NP_WORD
    + _NP_PP
    + r"|of\s+(?:the|his|her|their|its|our|these|those)\s+"
    + _NP_WORD
    + r"(?:\s+"
    + _NP_WORD
    + r")?)(?![\w'’-])"
    r"|(?:(?:[Tt]he|[Aa]n?|[Ss]ome|[Mm]any|[Mm]ost|[Ss]everal|[Oo]ther|[Bb]oth)\s+)?"
    # "Tea party organizers": one lower-case modifier before a head noun
    r"(?:[A-Z][\w.'’-]*\s+){0,4}[A-Z][\w.'’-]*(?:\s+(?:"
    + _NP_WORD
    + r"\s+)??"
    + _HEAD_NOUNS
    + r")?(?![\w'’-])"
    # lower case after a fronted adverbial ("On Thursday, he expanded ..., saying")
    r"|(?:[Hh]e|[Ss]he|[Tt]hey|[Ii]t|[Ww]e|I)\b"
    # "the man", "several environmental groups": up to the verb ("granted", "says")
    r"|(?:[Tt]he|[Aa]n?|[Oo]ther|"
    + _QUANT
    + r")\s+(?:"
    + _NP_WORD
    + r"\s+){0,3}"
    + _NP_WORD
    + _NP_PP
)
_THAT_RE = re.compile(r"^\s*,?\s*(?:that|whether|if)\b")
_COLON_LEAD_RE = re.compile(r"^\s*:\s*")

# clause boundaries before a leading speaker
_BOUNDARY_RE = re.compile(
    r"(?:[;:\u2014\u2013]|\s--?\s|,\s|[\"\u201d]\s|''\s|\b(?:that|because|while|when|whereas|although|"
    r"though|since|after|before|if|unless|until|so|but|and|or|as|where|which|whom|who|"
    r"than|even|instead)\s)"
)
_LEAD_STRIP_RE = re.compile(
    r"^(?:(?:But|And|Yet|So|Still|Meanwhile|However|Now|Later|Earlier|Instead|Also|Then|"
    r"Indeed|Moreover|Separately|Finally|Similarly|Likewise|Asked|Again|In\s+fact|"
    r"Privately|Publicly|On\s+[A-Z]\w+|Last\s+\w+|This\s+\w+|While|Although|Though|"
    r"Because|If|When|As|After|Before|Since|Whereas|Even\s+though|Even\s+as|Until|Unless|"
    r"Once|Where|Despite|Unlike|Like|Without|Amid|Following|Upon|Besides)\b(?![-'’])[,\s]*)+"
)
_PRONOUNS = {"he", "she", "they", "it", "we", "i", "you", "his", "her", "their", "its"}
_LONE_NON_SPEAKERS = {
    "in", "at", "on", "for", "from", "after", "before", "during", "since", "with", "by",
    "of", "to", "into", "about", "under", "over", "through", "against", "among", "between",
}  # fmt: skip
# (modals that are also names, "Theresa May", "Will Hurd", count only in lower case)
_BAD_SPEAKER_WORDS = re.compile(
    r"(?i)(?:^|\s)(?:is|are|was|were|be|been|being|do|does|did|not|n't|what|this|there|"
    r"here|when|why|how|if|to|would|could|should|(?-i:can|will|may|might)|which|whether|"
    r"whatever|whoever|everyone|nobody|none|nothing|something|anything|everything|"
    r"also)(?=\s|$)"
)
_ANON_REQUEST_RE = re.compile(
    r"(?i)\s*(?:not\s+to\s+be\s+(?:named|identified|quoted)|to\s+remain\s+anonymous|for\s+anonymity)\b"
)
# things, not speakers: "Sales figures suggest", "according to evidence presented ..."
_NON_SPEAKER_RE = re.compile(
    r"(?i)(?:the\s+|an?\s+|some\s+)?(?:[\w-]+\s+)?(?:figures|evidence|ideas?|statistics|"
    r"numbers|trends)\b"
)
# "according to" takes documents and statistics as sources, but not evidence or ideas
_NON_SOURCE_RE = re.compile(r"(?i)(?:the\s+|an?\s+)?(?:[\w-]+\s+)?(?:evidence|ideas?)\b")
_ORG_NAME_AND_RE = re.compile(
    r"(?:Department|Ministry|Institute|University|Office|Council|Association|Federation|"
    r"Foundation|Commission|Committee|School|Centre|Center|Agency|Bureau|Secretary)\s+"
    r"(?:of|for)\s+(?:the\s+)?[A-Z][\w’'-]*(?:\s+[A-Z][\w’'-]*)?"
    # "Secretary of State for European and Eurasian Affairs Victoria Nuland": an office
    # name, then perhaps the holder's name
    r"(?:\s+(?:of|for)\s+(?:the\s+)?[A-Z][\w’'-]*(?:\s+[A-Z][\w’'-]*)?)*\s+and\s+"
    r"[A-Z][\w’'-]*(?:\s+[A-Z][\w’'-]*){0,4}\s*$"
)
# "retired engineer Klaus Wendt": a lower-case description then a full name; not a
# place or time adverbial ("at a rally in Des Moines" names no person), so neither the
# first nor the last word of the description is a preposition
_DESC_WORD = (
    r"(?!(?:in|at|on|of|to|for|from|with|by|near|and|or|as|after|before|during|toward|"
    r"towards|outside|inside|into|across|around|amid|since|until|via)\s)[a-z][\w-]*"
)
_DESC_NAME_RE = re.compile(
    r"^(" + _DESC_WORD + r"(?:(?:\s+[a-z][\w-]*){0,2}\s+" + _DESC_WORD + r")?\s+)"
    r"([A-Z][a-z\u00e0-\u00ff]+(?:\s+[A-Z][a-z\u00e0-\u00ff]+)+)$"
)
_NUM_RE = re.compile(r"\d+")
_ANON_WHO_RE = re.compile(
    r"\s+who\s+(?:asked|requested|spoke|was\s+not\s+authori[sz]ed|declined\s+to\s+be)\b[^,]*$"
)
_CAP_START_RE = re.compile(r"^[A-Z\u00c0-\u00de0-9]")
_DET_START_RE = re.compile(
    r"^(?:a|an|the|one|another|two|three|four|some|many|several|most|few|both|all|his|"
    r"her|their|its|our|my|other|former|senior|top|u\.s\.|federal|state|local|campaign|"
    r"officials?|sources?|critics|analysts|experts|aides|advisers|advisors|democrats|"
    r"republicans|people|residents|voters|supporters|protesters|police|prosecutors|"
    r"authorities|investigators|observers|economists|lawmakers|scientists|researchers|"
    r"doctors|members|leaders|organizers|witnesses|officers|workers|staff|spokesman|"
    r"spokeswoman|spokesperson|polls?|surveys?|data|reports?|studies|study|records|"
    r"documents|estimates|lawyers|attorneys|negotiators|executives|employees|"
    r"representatives|campaigners|regulators|ministers|judges|teachers|nurses|farmers|"
    r"unions?|union\s+leaders)\b",
    re.I,
)
# a time adverbial between the speaker and the cue ("Olaf Scholz on Monday said"): not
# part of the speaker mention
_TIME_TAIL_RE = re.compile(
    r"(?:,?\s+(?:(?:(?:on|late|early|last|this|earlier|later)\s+)+"
    + _DAY
    + r"|"
    + _DAY
    + r")(?:\s+(?:night|morning|afternoon|evening))?"
    r"|,?\s+(?:last|this|earlier|later|next)\s+(?:week|month|year|night|weekend)"
    r"|,?\s+(?:earlier|later)\s+(?:this|last)\s+(?:week|month|year)"
    r"|,?\s+" + _DATE + r")+\s*$"
)
_WORD_RE = re.compile(r"\S+")
_FINITE_RE = re.compile(
    r"\b(?:is|are|was|were|had|has|have|would|will|could|should|did|does|do|can|may|"
    r"might|must|had|been)\b"
)
# a cue word used as a noun or infinitive/passive: "the call", "a report", "to say", "is said"
_NOUN_CTX_RE = re.compile(
    r"(?i)\b(?:is|are|was|were|be|been|being|a|an|the|this|that|these|those|his|her|their|"
    r"its|our|my|your|of|to|no|any|every|each|whose|such)\s+$"
)


@dataclass
class _Attr:
    para: int
    content: list[tuple[int, int]]  # paragraph-local spans (may be several)
    cue: str
    cue_span: tuple[int, int]
    speaker_span: tuple[int, int] | None  # paragraph-local, in para `speaker_para`
    speaker_para: int
    role: str = ""
    sent: int = 0
    inherit: bool = False  # speaker copied from another attribution
    extra: dict = field(default_factory=dict)


def _last(it: Iterable):
    """Last item of an iterator, or None."""
    last = None
    for last in it:  # noqa: B007
        pass
    return last


def _trim(text: str, a: int, b: int, strip: str = " \t\n,;:\u2014\u2013-") -> tuple[int, int]:
    while a < b and text[a] in strip:
        a += 1
    while b > a and text[b - 1] in strip:
        b -= 1
    return a, b


def _trim_content(text: str, a: int, b: int) -> tuple[int, int]:
    a, b = _trim(text, a, b, " \t\n,;:\u2014\u2013-")
    # drop a final period/comma outside quote marks (PolNeAR convention)
    while b > a and text[b - 1] in ".,;:!?" and not (b - 2 >= a and text[b - 2] in _ALL_QUOTES):
        if text[b - 1] in "!?":
            break
        b -= 1
    return _trim(text, a, b, " \t\n,;:\u2014\u2013-")


# a time phrase and nothing else is never a speaker: "In August", "August", "On Tuesday
# night", "Last week", "In recent years", "Dec. 5, 2019"; a bare "May" stays (Theresa May)
_TIME_ONLY_RE = re.compile(
    r"(?:(?:[Ii]n|[Oo]n|[Aa]t|[Dd]uring|[Ss]ince|[Bb]y|[Uu]ntil|[Ll]ast|[Tt]his|[Nn]ext|"
    r"[Ee]arly|[Ll]ate|[Ee]arlier|[Ll]ater|[Mm]id|the|recent|past)[\s-]+)*"
    r"(?:(?!^May$)"
    + _MONTH
    + r"(?:\s+\d{1,2}(?:st|nd|rd|th)?)?(?:,?\s+\d{4})?|"
    + _DAY
    + r"(?:\s+(?:night|morning|afternoon|evening))?|\d{4}s?|(?:week|month|year|weekend|"
    r"summer|fall|spring|winter|decade|days|weeks|months|years)s?)"
)


# a mention opening with a preposition is a fronted phrase, never a speaker ("Under
# Secretary ..." is a title, "At least ten officials" a quantity)
_PREP_START_RE = re.compile(
    r"(?i:in|on|with|during|since|beyond|outside|within|without|through|throughout|"
    r"despite|amid|upon|among|at(?!\s+least\b))\s"
)


_RELATIVE_CLAUSE_RE = re.compile(r",\s+(?:who|which)\b")


def _plausible_speaker(s: str) -> bool:
    s = s.strip()
    if not s or "QQQ" in s or len(s) > 160:
        return False
    words = s.split()
    if len(words) > 14:
        return False
    low = s.lower()
    if low in _PRONOUNS:
        return True
    if low in ("the", "a", "an", "that", "this", "these", "those", "there", "some", "many"):
        return False
    if low in _LONE_NON_SPEAKERS:  # a fronted phrase's first word: "In brief remarks, X ..."
        return False
    if _TIME_ONLY_RE.fullmatch(s) or _PREP_START_RE.match(s):
        return False  # "In August", "Last week", "2019"; "With his campaign", "In a video"
    if _CUE_RE.search(s) or _NON_SPEAKER_RE.match(s):
        return False
    if _BAD_SPEAKER_WORDS.search(" " + s):
        # relative clauses are fine inside a speaker with a name ("X, who ..., said")
        if not (_CAP_START_RE.match(s) and _RELATIVE_CLAUSE_RE.search(s)):
            return False
    return bool(
        _CAP_START_RE.match(s)
        or _DET_START_RE.match(s)
        or _PARTICLE_NAME_RE.match(s)
        or (len(words) <= 8 and _HAS_NAME_RE.search(s))
    )


def _strip_time_tail(masked: str, a: int, b: int) -> int:
    """End of the speaker span ``a:b`` without a trailing time adverbial ("on Monday")."""
    m = _TIME_TAIL_RE.search(masked, a, b)
    if not m or not masked[a : m.start()].strip(" ,"):
        return b
    if masked[m.start()] == "," and "," in masked[a : m.start()]:
        return m.start() + 1  # "Jane Doe, a senator, on Monday said": keep the appositive
    return m.start()


# a conjunction right before the cue: "X attacked the plan and [also] said" coordinates
# two predicates of one subject, so the words before the cue are a clause, not a speaker
_COORD_END_RE = re.compile(r"(?:^|\s)(?:and|but|or|then)\s*$")
_SUBORD_WORD_RE = re.compile(r"^(?:when|while|as|after|before|because|since|where|until)\s+")
# "X [on Sunday] issued a statement saying ...": the verb and its object are no part
# of the speaker; the participle cue tells what the statement says
_ISSUED_RE = re.compile(
    r"\s+(?:(?:on\s+)?" + _DAY + r"\s+|[a-z]+ly\s+|later\s+|also\s+)?(?:issued|released|"
    r"put\s+out|posted|published|sent|gave|shared|delivered|wrote)\s+"
    r"(?:a|an|the|his|her|their|its)\s"
)
# "with X saying": the speaker is X
_WITH_RE = re.compile(r"with\s+")
_HAS_NAME_RE = re.compile(r"(?:^|\s)[A-Z][a-z]+(?:\s+[A-Z][a-z]+)+\s*$")
_PARTICLE_NAME_RE = re.compile(r"^(?:de|van|von|al|el|da|di|le|la|du|del|bin)\s+[A-Z]")


_COMMA_PIECE_RE = re.compile(r"[^,]+")
# an appositive piece that is no name: a number, "Secretary of ...", "The/A/An ..."
_NOT_NAME_PIECE_RE = re.compile(r"^(?:[0-9]+|[A-Z][a-z]+\s+of\b|(?:The|A|An)\s+[a-z])")


def _speaker_before(text: str, masked: str, s0: int, c0: int) -> tuple[int, int, str] | None:
    """Speaker mention ending right before a cue at ``c0``; returns (start, end, role).

    A fronted adverbial ("In a statement, ") is skipped; a coordinated predicate before
    the cue ("X attacked the plan and said") gives None (the caller takes the subject).
    """
    fm = _FRONTED_RE.match(masked, s0, c0)
    if fm and masked[fm.end() : c0].strip():
        s0 = fm.end()
    seg = masked[s0:c0]
    aux = _aux_tail(seg)
    if aux >= 0:
        seg = seg[:aux]
    if _COORD_END_RE.search(seg):
        return None
    end0 = s0 + len(seg.rstrip())
    end = _strip_time_tail(masked, s0, end0)
    seg = masked[s0:end]
    if end < end0:
        aux = _aux_tail(seg + " ")  # "Wells Fargo just [this month] announced"
        if aux > 0:
            end = s0 + len(seg[:aux].rstrip())
            seg = masked[s0:end]
    role = ""
    if seg.endswith(","):
        # appositive: NAME, ROLE[, ROLE], CUE -- speaker is the last capitalised segment
        body = seg[:-1]
        pieces = [(m.start(), m.end()) for m in _COMMA_PIECE_RE.finditer(body)]
        pick = None
        for k in range(len(pieces) - 1, -1, -1):
            a, b = pieces[k]
            piece = body[a:b].strip()
            if not piece:
                continue
            # "..., when Senate Majority Leader Mitch McConnell, R-Ky., suggested": a
            # name after a subordinator (the boundary below drops the subordinator)
            core = _SUBORD_WORD_RE.sub("", piece, count=1)
            if (
                k < len(pieces) - 1
                and _CAP_START_RE.match(core)
                and not _NOT_NAME_PIECE_RE.match(core)
            ):
                pick = k
                break
            if k < len(pieces) - 1 and _DESC_NAME_RE.match(piece):
                # "In the town of X, north-east of Berlin, retired engineer Klaus Wendt, 68,"
                pick = k
                break
        if pick is None:
            # "The official, briefing reporters ..., said": first piece
            pick = 0 if len(pieces) > 1 else None
        if pick is None:
            return None
        a, b = pieces[pick]
        # within the picked piece, the NP after the last clause boundary
        sub = body[a:b]
        bm = _last(_BOUNDARY_RE.finditer(sub))
        sa = a + (bm.end() if bm else 0)
        role_a = pieces[pick][1] + 1
        role = text[s0 + role_a : s0 + len(body)].strip(" ,")
        dm = _DESC_NAME_RE.match(body[sa:b].strip())
        if dm:
            # the description before the name is a role ("retired engineer")
            lead = len(body[sa:b]) - len(body[sa:b].lstrip())
            desc = dm.group(1).strip()
            sa += lead + dm.start(2)
            role = desc if _NUM_RE.fullmatch(role) or not role else f"{desc}, {role}"
        sp_a, sp_b = s0 + sa, s0 + b
    else:
        wm = _ANON_WHO_RE.search(seg)
        if wm:
            # "A senior EU diplomat who asked not to be named because ... said"
            bms = list(_BOUNDARY_RE.finditer(seg, 0, wm.start()))
            wa, wb = _trim(text, s0 + (bms[-1].end() if bms else 0), s0 + wm.start())
            lm = _LEAD_STRIP_RE.match(masked[wa:wb])
            if lm and lm.end() < wb - wa:
                wa += lm.end()
            if wb > wa and _plausible_speaker(masked[wa:wb]):
                return wa, wb, text[s0 + wm.start() : end].strip()
            return None
        bms = list(_BOUNDARY_RE.finditer(seg))
        bm = bms[-1] if bms else None
        if bm is not None and bm.group().strip() in ("and", "or") and end - s0 > bm.end():
            # "Some Russian and U.S. analysts", "Clinton and Sen. Sanders": coordination
            prev_end = bms[-2].end() if len(bms) > 1 else 0
            left = seg[prev_end : bm.start()].split()
            if (
                left
                and len(left) <= 4
                and all(w[0].isupper() or w.lower() in _QUANT_WORDS for w in left)
            ):
                bm = bms[-2] if len(bms) > 1 else None
            elif _ORG_NAME_AND_RE.search(seg[prev_end : end - s0]):
                # "The Department of Health and Social Care": one name
                bm = bms[-2] if len(bms) > 1 else None
        sp_a, sp_b = s0 + (bm.end() if bm else 0), end
        if bm is not None and bm.group().strip() in ("and", "but") and sp_b - sp_a <= 0:
            return None
    sp_a, sp_b = _trim(text, sp_a, sp_b, " \t\n,;:\u2014\u2013-(")
    wm = _WITH_RE.match(masked, sp_a, sp_b)  # "..., with Chairman Trey Gowdy saying"
    if wm and wm.end() < sp_b:
        sp_a = wm.end()
    im = _ISSUED_RE.search(masked, sp_a, sp_b)  # "X issued a statement saying"
    if im and _plausible_speaker(masked[sp_a : im.start()]):
        sp_b = im.start()
    m = _LEAD_STRIP_RE.match(masked[sp_a:sp_b])
    if m and m.end() < sp_b - sp_a:
        sp_a += m.end()
    if sp_b <= sp_a:
        return None
    if masked[sp_a:sp_b].lower() in ("who", "which"):
        return sp_a, sp_b, ""
    if not _plausible_speaker(masked[sp_a:sp_b]):
        return None
    return sp_a, sp_b, role


_ROLE_PIECE_RE = re.compile(
    r"^(?:(?:a|an|the|his|her|their|its|one|another|who|whose|former|senior|chief|deputy|"
    r"longtime|veteran|acting|interim)\b|[A-Z0-9]|[a-z]+\s+(?:of|for|at)\b)"
)


def _lead_appositive(
    masked: str, qspans: Sequence[tuple[int, int]], s0: int, sb: int, cue_a: int, n_before: int
) -> bool:
    """Whether ``s0:cue_a`` is a speaker with an appositive and nothing else ("Ali Hassan,
    a minister,"): then ``CUE ...`` that follows is the content, not an inverted speaker
    ("..., said the law protected believers" has no speaker after the cue).

    ``n_before`` is the length of the content left before the speaker; a content clause
    before the cue has a finite verb or quote marks, which the appositive lacks.
    """
    if n_before >= 8 or any(a < cue_a and b > s0 for a, b in qspans):
        return False
    seg = masked[s0:cue_a]
    if _FINITE_RE.search(seg) or _BAD_SPEAKER_WORDS.search(" " + seg):
        return False
    # every piece after the speaker is a role ("a minister", "58", "Tom Lee", "head of
    # ..."), not a predicate or a circumstance ("grew sharply", "in my view")
    pieces = [p.strip() for p in masked[sb:cue_a].split(",")]
    return all(not p or _ROLE_PIECE_RE.match(p) for p in pieces)


_AFTER_SPEAKER_RE = re.compile(
    r"^\s+([^,;:.!?]+?)(?:,\s*([^;:!?]*?))?\s*[.!?]*[\"\u201d\u2019]?\s*$"
)
_AFTER_SPEAKER_ABBREV_RE = re.compile(
    r"^\s+([^,;:!?]+?)(?:,\s*([^;:!?]*?))?\s*[.!?]*[\"\u201d\u2019]?\s*$"
)
# "said X at a packed meeting on Wednesday evening": a run of modifiers after the name
_MOD_TAIL_RE = re.compile(r"^(.*?)(?:\s+(?:" + _MOD + r"|" + _OCCASION + r"))+$")
_ING_PIECE_RE = re.compile(r"(?:^|,\s+)([a-z]+ing)\b")
# "speaking at ...": a participle with a preposition after it is a circumstance, while
# "leading economist at ..." is a role
_ING_CIRCUMSTANCE_RE = re.compile(r"\s+(?:at|to|in|on|before|after|with|from|about)\b")


def _speaker_after(text: str, masked: str, a: int, s1: int) -> tuple[int, int, str] | None:
    """Inverted ``said X[, ROLE].``: speaker mention right after the cue."""
    seg = masked[a:s1]
    m = _AFTER_SPEAKER_RE.match(seg)
    if not m:
        # allow abbreviations inside the speaker (U.S., Sen.)
        m = _AFTER_SPEAKER_ABBREV_RE.match(seg)
        if not m:
            return None
    sa, sb = a + m.start(1), a + m.end(1)
    sp = masked[sa:sb]
    mm = _MOD_TAIL_RE.match(sp)
    if mm and mm.group(1):
        sb = sa + len(mm.group(1))
        sp = masked[sa:sb]
    if not _plausible_speaker(sp) or len(sp.split()) > 8 or _FINITE_RE.search(sp):
        return None
    role = text[a + m.start(2) : a + m.end(2)].strip(" ,.") if m.group(2) else ""
    # "said X[, a senator], adding that ...": the participle clause is not the role (it
    # is an attribution of its own, see _chained_attr); nor is a circumstance ("said X,
    # speaking at a rally in Ohio")
    pm = _ING_PIECE_RE.search(role)
    if pm and (_CUE_RE.fullmatch(pm.group(1)) or _ING_CIRCUMSTANCE_RE.match(role, pm.end(1))):
        role = role[: pm.start()].strip(" ,")
    if role and _CUE_RE.search(role):
        return None
    return sa, sb, role


def _skip_dateline(masked: str, sents: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """``sents`` with the first sentence starting after a dateline ("WASHINGTON — "), so
    that the place is neither a speaker nor part of a content."""
    if sents and sents[0][0] == 0:
        m = _DATELINE_RE.match(masked, 0, sents[0][1])
        if m and m.end() < sents[0][1]:
            return [(m.end(), sents[0][1]), *sents[1:]]
    return sents


# passive / non-speech uses of a cue ("is said to", "asked to", "called for", "told to")
_PASSIVE_AFTER_RE = re.compile(r"^\s+(?:to|for|by|off|up|out|on\s+(?:him|her|them|it))\b")
_TO_NAME_RE = re.compile(r"^\s+to\s+[A-Z]")
_INVERTED_BREAK_RE = re.compile(r"(?:,|[\"\u201d'])[\"\u201d\u2019']?\s*$")
_QUOTE_NEXT_RE = re.compile(r"^\s*[,:]?\s*[\"\u201c\u2018']")
_NO_CONTENT_RE = re.compile(r"^(?:so|this|that|it|nothing|no|yes)\W*$", re.I)
_COLON_QUOTE_RE = re.compile(r":\s*[\"\u201c]")
_ACCORDING_SOURCE_RE = re.compile(r"^\s+([^,;:!?]+?)(?:,|\s*[.!?]*[\"\u201d]?\s*$)")


def _extract_paragraph(
    text: str, pi: int
) -> tuple[list[_Attr], list[tuple[int, int]], list[tuple[int, int]], str]:
    """Find attributions in one paragraph (speakers may be None for continuations)."""
    qspans = find_quote_spans(text)
    masked = _mask(text, qspans)
    sents = _skip_dateline(masked, split_sentences(text, qspans))
    attrs: list[_Attr] = []
    all_cues = list(_CUE_RE.finditer(masked))
    for si, (s0, s1) in enumerate(sents):
        found: list[_Attr] = []
        m_sent = masked[s0:s1]
        sent_cues = [m for m in all_cues if s0 <= m.start() and m.end() <= s1]
        if not (
            sent_cues
            or "ccording" in m_sent
            or ":" in m_sent
            or any(a < s1 and b > s0 for a, b in qspans)
        ):
            continue
        # "according to X"
        for m in _ACCORDING_RE.finditer(m_sent) if "ccording" in m_sent else ():
            c0, c1 = s0 + m.start(), s0 + m.end()
            rest = masked[c1:s1]
            mm = _ACCORDING_SOURCE_RE.match(rest)
            if not mm:
                continue
            sa, sb = c1 + mm.start(1), c1 + mm.end(1)
            sp = masked[sa:sb]
            if "QQQ" in sp or len(sp.split()) > 18 or not sp.strip():
                continue
            if _NON_SOURCE_RE.match(sp.strip()):
                continue  # "according to evidence presented ..." ("federal statistics" stay)
            pre = masked[s0:c0].strip(" ,")
            spans = []
            if pre == "" or pre.lower() in ("but", "and", "yet", "so"):
                spans.append(_trim_content(text, c1 + mm.end(), s1))
            else:
                spans.append(_trim_content(text, s0, c0))
                # parenthetical "X, according to Y, Z": both sides
                if masked[c1 + mm.end() - 1 : c1 + mm.end()] == "," and s1 - (c1 + mm.end()) > 12:
                    spans.append(_trim_content(text, c1 + mm.end(), s1))
            spans = [sp_ for sp_ in spans if sp_[1] - sp_[0] >= 3]
            if not spans or sum(b - a for a, b in spans) < 8:
                continue
            att = _Attr(pi, spans, text[c0:c1], (c0, c1), (sa, sb), pi, sent=si)
            att.extra["trail"] = True
            found.append(att)
        # "'...,' was how X described it"
        first_q = next((q for q in qspans if s0 <= q[0] < s1), None)
        if first_q and " how " in m_sent and masked[s0 : first_q[0]].strip() == "":
            mm = _WAS_HOW_RE.match(masked[first_q[1] : s1])
            if mm:
                base = first_q[1]
                sa, sb = base + mm.start(1), base + mm.end(1)
                c0 = base + len(masked[base:s1]) - len(masked[base:s1].lstrip(" ,"))
                cue = text[c0:sa].strip() + " ... " + text[base + mm.start(2) : base + mm.end(2)]
                ca, cb = _trim_content(text, s0, first_q[1])
                found.append(
                    _Attr(pi, [(ca, cb)], cue, (c0, base + mm.end(2)), (sa, sb), pi, sent=si)
                )
        for m in sent_cues:
            c0, c1 = m.start(), m.end()
            if any(f.cue_span[0] <= c0 < f.cue_span[1] for f in found):
                continue
            if any(sp and sp[0] <= c0 < sp[1] for sp in (f.speaker_span for f in found)):
                continue
            cue_word = m.group().lower()
            cue_norm = _WS_RE.sub(" ", cue_word)
            strong = cue_norm in _STRONG_SET or cue_word in _OBJECT_CUES
            after = masked[c1:s1]
            if cue_word in _CALL_FORMS:
                # "called X a liar", "called for a boycott", "called on X to resign"
                pm = _CALL_PARTICLE_RE.match(after)
                if pm:
                    c1 += pm.end()
                    after = masked[c1:s1]
                strong = True
            # passive / non-speech uses: "is said to", "asked to", "called for", "told to"
            elif _PASSIVE_AFTER_RE.match(after) and not (
                cue_word in ("told", "tells", "telling") and _TO_NAME_RE.match(after)
            ):
                continue
            before = masked[s0:c0]
            nm = _NOUN_CTX_RE.search(before[-24:])
            if nm and not (cue_word.endswith("ing") and _BE_RE.search(before[-10:])):
                continue
            aux = _aux_tail(before)
            cue_a = s0 + (aux if aux >= 0 else len(before))
            cue_a, _ = _trim(text, cue_a, c1)
            before_core = masked[s0:cue_a].rstrip()
            att = None
            lead_appos = False  # "NAME, ROLE, said ...": a leading, not an inverted, cue
            # "..., X said on Thursday, adding that ...": a participle right after an
            # attribution of this sentence has that speaker as its subject; it introduces
            # new content (or none: "signaling his support") and never re-attributes the
            # content before the first cue
            chained = _chained_attr(masked, found, cue_a) if cue_word.endswith("ing") else None
            # --- trailing: CONTENT, SPEAKER CUE [modifiers].
            after_t = after
            if cue_word in ("told", "tells", "telling", "tell"):
                om = _TOLD_OBJ_RE.match(after) or _NP_OBJ_RE.match(after)
                if om:
                    after_t = after[om.end() :]
            cut = _last(_CUT_RE.finditer(before_core)) if _CUT_ANY_RE.search(before_core) else None
            tail_std = cut is not None and _TRAIL_TAIL_RE.match(after_t)
            cont = _CONT_QUOTE_RE.match(after_t) if cut is not None else None
            tail_free = cut is not None and len(after_t.split()) <= 30
            if chained is None and cut is not None and (tail_std or cont or tail_free):
                # the break between content and attribution
                sp_seg_a = s0 + cut.end()
                sp_seg_b = _strip_time_tail(masked, sp_seg_a, cue_a)
                sp_seg = masked[sp_seg_a:sp_seg_b].strip()
                role = ""
                sa = sb = None
                content_end = None
                if (
                    sp_seg
                    and not sp_seg.endswith(",")
                    and _plausible_speaker(sp_seg)
                    and len(sp_seg.split()) <= 12
                ):
                    sa, sb = _trim(text, sp_seg_a, sp_seg_b)
                    qm = _CUT_QUOTE_RE.match(before_core, cut.start())
                    content_end = s0 + cut.start() + (qm.end() - qm.start() if qm else 0)
                elif not sp_seg or sp_seg.endswith(","):
                    # "X, ROLE, said." -> speaker before the role
                    r = _speaker_before(text, masked, s0, cue_a)
                    if r:
                        sa, sb, role = r
                if sa is not None:
                    if content_end is None:
                        # content is whatever precedes the speaker
                        prev_cut = _last(_CUT_RE.finditer(masked, s0, sa))
                        if prev_cut is None:
                            content_end = s0
                        else:
                            qm = _CUT_QUOTE_RE.match(masked, prev_cut.start())
                            content_end = prev_cut.start() + (qm.end() - qm.start() if qm else 0)
                    ca, cb = _trim_content(text, s0, content_end)
                    # "In a statement, NAME, ROLE, said ...": a fronted adverbial
                    # before the speaker is no content
                    fm = _FRONTED_RE.match(masked, s0, sa + 1)
                    lead_appos = bool(role) and (
                        (fm is not None and fm.end() >= sa)
                        or _lead_appositive(masked, qspans, s0, sb, cue_a, cb - ca)
                    )
                    qcov = sum(min(cb, y) - max(ca, x) for x, y in qspans if x < cb and y > ca)
                    is_direct = cb > ca and qcov >= 0.6 * (cb - ca)
                    # '..., Spicer said, adding, "..."': a participle after the cue is
                    # an attribution of its own, not a second part of the content
                    part_after = bool(_PARTICIPLE_AFTER_RE.match(after_t))
                    paren = (
                        not cont
                        and after_t.startswith(",")
                        and not part_after
                        and sb - sa < 40
                        and not is_direct
                        and len(after_t.split()) >= 3
                    )
                    if paren and cb - ca >= 3:
                        # "Many of the closures, he said, have involved ...": both sides
                        pa = c1 + len(after) - len(after_t) + 1
                        spans = [(ca, cb), _trim_content(text, pa, s1)]
                        att = _Attr(
                            pi, spans, text[cue_a:c1], (cue_a, c1), (sa, sb), pi, role=role, sent=si
                        )
                        att.extra["trail"] = True
                    elif cb - ca >= 8 and (tail_std or is_direct or part_after):
                        spans = [(ca, cb)]
                        if cont and is_direct:
                            nq = next((q for q in qspans if c1 <= q[0] < s1), None)
                            if nq is not None:
                                spans.append(_trim_content(text, nq[0], s1))
                        att = _Attr(
                            pi, spans, text[cue_a:c1], (cue_a, c1), (sa, sb), pi, role=role, sent=si
                        )
                        att.extra["trail"] = True
            # --- inverted: CONTENT, CUE SPEAKER[, ROLE].
            if (
                att is None
                and chained is None
                and not lead_appos
                and cue_norm in _INVERTED_CUES
                and _INVERTED_BREAK_RE.search(before_core[-6:])
            ):
                r = _speaker_after(text, masked, c1, s1)
                if r:
                    sa, sb, role = r
                    ce = cue_a - (len(masked[s0:cue_a]) - len(masked[s0:cue_a].rstrip(" ,")))
                    ca, cb = _trim_content(text, s0, ce)
                    if cb - ca >= 8:
                        att = _Attr(
                            pi,
                            [(ca, cb)],
                            text[cue_a:c1],
                            (cue_a, c1),
                            (sa, sb),
                            pi,
                            role=role,
                            sent=si,
                        )
                        att.extra["trail"] = True
            # --- leading: SPEAKER CUE [that|:|,] CONTENT
            if att is None:
                participle = cue_word in _PARTICIPLE_CUES and masked[s0:cue_a].rstrip().endswith(
                    ","
                )
                r = _subject(text, masked, s0, cue_a) if participle else None
                if chained is not None:
                    r = (*chained.speaker_span, chained.role)
                if r is None:
                    r = _speaker_before(text, masked, s0, cue_a)
                if r is None and _COORD_END_RE.search(masked, max(s0, cue_a - 8), cue_a):
                    # "X attacked the plan and said": the subject of the first verb; a
                    # participle shares the sentence subject ("She is noting ... and saying")
                    r = (
                        _subject(text, masked, s0, cue_a)
                        if cue_word.endswith("ing")
                        else _clause_subject(text, masked, s0, cue_a)
                    )
                if (
                    r is None
                    and masked[s0:cue_a].rstrip().endswith(",")
                    and cue_word in _PARTICIPLE_CUES
                ):
                    r = _subject(text, masked, s0, cue_a)
                if r is not None:
                    sa, sb, role = r
                    rest = masked[c1:s1]
                    k = 0
                    if cue_word in ("told", "tells", "tell", "telling"):
                        om = _TOLD_OBJ_RE.match(rest)
                        if om:
                            k = om.end()
                    sk = _LEAD_SKIP_RE.match(rest[k:])
                    if sk:
                        if not _LEAD_NEXT_RE.match(rest, k + sk.end()):
                            # 'said after the vote: "..."', 'said, speaking at a rally: "..."'
                            sk = _LEAD_SKIP_EXT_RE.match(rest[k:]) or sk
                        k += sk.end()
                    has_that = bool(_THAT_RE.match(rest[k:]))
                    colon = bool(_COLON_LEAD_RE.match(rest[k:]))
                    quote_next = bool(_QUOTE_NEXT_RE.match(rest[k:]))
                    if strong or has_that or colon or quote_next:
                        ce = s1
                        if _SUBORD_START_RE.match(masked, s0, s1):
                            tm = _MAIN_CLAUSE_RE.search(masked, c1 + k, s1)
                            if tm:
                                ce = tm.start()
                        relative = masked[sa:sb].lower() in ("who", "which")
                        if relative:
                            # ", who said X, went on": the content ends with the clause
                            cm2 = masked.find(",", c1 + k, ce)
                            if cm2 > 0:
                                ce = cm2
                        if not quote_next:
                            tm = _ADJUNCT_RE.search(masked, c1 + k + 1, ce)
                            if tm:
                                ce = tm.start()
                        ca, cb = _trim_content(text, c1 + k, ce)
                        words = text[ca:cb].split()
                        if len(words) >= 3 and not _NO_CONTENT_RE.match(masked[ca:cb].strip()):
                            att = _Attr(
                                pi,
                                [(ca, cb)],
                                text[cue_a:c1],
                                (cue_a, c1),
                                (sa, sb),
                                pi,
                                role=role,
                                sent=si,
                            )
                        elif colon and si == len(sents) - 1 and not text[c1 + k : s1].strip(" :"):
                            # "He said:" + the content in the next paragraph
                            att = _Attr(
                                pi,
                                [(s1, s1)],
                                text[cue_a:c1],
                                (cue_a, c1),
                                (sa, sb),
                                pi,
                                role=role,
                                sent=si,
                            )
                            att.extra["pending"] = True
            if att is not None:
                found.append(att)
        # colon introduction without a speech verb: "X had a message: "..."
        if not found and ":" in m_sent:
            cm = _COLON_QUOTE_RE.search(m_sent)
            hm = _HEADLINE_COLON_RE.match(m_sent) if si == 0 else None
            if hm and hm.group(1).split()[-1].lower().strip("’'s") in _HEADLINE_LABELS:
                hm = None
            if hm and len(m_sent[hm.end() :].split()) >= 3:
                sa, sb = s0 + hm.start(1), s0 + hm.end(1)
                ca, cb = _trim_content(text, s0 + hm.end(), s1)
                c0 = s0 + hm.end(1) + m_sent[hm.end(1) : hm.end()].index(":")
                found.append(_Attr(pi, [(ca, cb)], ":", (c0, c0 + 1), (sa, sb), pi, sent=si))
            elif cm:
                r = _subject(text, masked, s0, s0 + cm.start())
                if r:
                    sa, sb, role = r
                    ca, cb = _trim_content(text, s0 + cm.end() - 1, s1)
                    if cb - ca > 8:
                        found.append(
                            _Attr(
                                pi,
                                [(ca, cb)],
                                ":",
                                (s0 + cm.start(), s0 + cm.start() + 1),
                                (sa, sb),
                                pi,
                                sent=si,
                            )
                        )
        # "who asked not to be named" is a request for anonymity, not reported speech
        found = [
            f
            for f in found
            if not (
                f.cue.lower().startswith("ask") and _ANON_REQUEST_RE.match(text, f.content[0][0])
            )
        ]
        found.sort(key=lambda f: f.cue_span[0])
        found = _resolve_overlaps(text, masked, found)
        if found:
            attrs.extend(found)
            continue
        # quote-only sentence (no cue): continuation handled by the caller
        qcover = sum(min(b, s1) - max(a, s0) for a, b in qspans if a < s1 and b > s0)
        if qcover >= 0.6 * (s1 - s0) and s1 - s0 > 8:
            dm = _DASH_ATTR_RE.search(masked, s0, s1)
            if dm:
                # epigraph style: "QUOTE" ― Name, role
                ca, cb = _trim_content(text, s0, dm.start() + 1)
                sa, sb = dm.start("name"), dm.end("name")
                role = (dm.group("role") or "").strip(" ,.")
                c0 = dm.start("dash")
                attrs.append(
                    _Attr(
                        pi,
                        [(ca, cb)],
                        text[c0 : c0 + 1],
                        (c0, c0 + 1),
                        (sa, sb),
                        pi,
                        role=role,
                        sent=si,
                    )  # fmt: skip
                )
                continue
            ca, cb = _trim_content(text, s0, s1)
            attrs.append(_Attr(pi, [(ca, cb)], "", (s0, s0), None, pi, sent=si))
    return attrs, sents, qspans, masked


# the noun phrase before a relative "who"; it starts at a word start, so a search window
# that begins mid-word cannot cut "European" to "an" ("European Council President Herman
# Van Rompuy, who ...")
_ANTE_RE = re.compile(
    r"(?<![\w'’.-])((?:[A-Z][\w.'’-]*\s+){0,6}[A-Z][\w.'’-]*|(?:[Tt]he|[Aa]n?)\s+"
    r"(?:[\w'’-]+\s+){0,4}[\w'’-]+)\s*,?\s*$"
)


def _antecedent(text: str, who_start: int) -> str:
    """The noun phrase a relative "who" refers to ("Juanita Broaddrick, who said")."""
    m = _ANTE_RE.search(text, max(0, who_start - 80), who_start)
    return m.group(1) if m else ""


def _subject(text: str, masked: str, s0: int, limit: int) -> tuple[int, int, str] | None:
    """The sentence-initial noun phrase (subject), used for "X ..., saying ..." and ":"."""
    seg = masked[s0:limit]
    m = _LEAD_STRIP_RE.match(seg)
    k = m.end() if m else 0
    while k < len(seg) and seg[k] in ", ":
        k += 1
    # skip a fronted adverbial "In Kyiv, "
    fm = _FRONTED_RE.match(seg, k)
    if fm:
        k = fm.end()
    nm = _SUBJECT_NP_RE.match(seg, k)
    if not nm:
        return None
    sa, sb = s0 + k, s0 + nm.end()
    sa, sb = _trim(text, sa, sb)
    if sb <= sa or not _plausible_speaker(masked[sa:sb]):
        return None
    return sa, sb, ""


# where the clause holding a coordinated cue may start: a punctuation break (and the
# conjunction after it) or a subordinator; not "that", which opens the content of a
# first speech verb ("said that A and asked B"), nor a preposition ("after the vote")
_CLAUSE_START_RE = re.compile(
    r"(?:[,;:\u2014\u2013]|\s--?\s)\s*(?:(?:and|but|or|then)\s+)?"
    r"|\b(?:when|while|because|although|though|whereas|where)\s+"
)
# a subject is followed by its verb (or a complement, "Senator Feinstein of California"),
# not by a conjunction or a relative ("Carson, Fiorina and Huckabee")
_VERB_NEXT_RE = re.compile(r"\s+(?!(?:and|or|but|who|which|that|whose|as)\b)[a-z]")
# "Rahm Emanuel, the mayor of Chicago, joined ... and said": a description after a name
# and a comma is an appositive of the name, not the subject of a clause
_APPOSITIVE_RE = re.compile(r"[A-Z][\w.'’-]*\)?,\s*$")
_DESCRIPTION_RE = re.compile(r"(?i:the|an?|one|another|his|her|their|its)\s")
# ", and said": the conjunction follows a parenthetical or a complete clause, so the
# cue coordinates with the main clause of the sentence
_COMMA_COORD_RE = re.compile(r"(?:[,;\u2014\u2013]|--)\s*(?:and|but|or|then)\s*$")


def _clause_subject(text: str, masked: str, s0: int, limit: int) -> tuple[int, int, str] | None:
    """Subject of the clause a coordinated cue at ``limit`` belongs to.

    In "Two days after ..., President Trump called it a horror show and said ..." the
    speaker is the noun phrase right after the nearest clause boundary that is followed
    by a verb; without one, or after ", and", the sentence subject (:func:`_subject`).
    """
    if _COMMA_COORD_RE.search(masked, s0, limit):
        return _subject(text, masked, s0, limit)
    for bm in reversed(list(_CLAUSE_START_RE.finditer(masked, s0, limit))):
        nm = _SUBJECT_NP_RE.match(masked, bm.end(), limit)
        if nm is None or not _VERB_NEXT_RE.match(masked, nm.end(), limit):
            continue
        if _DESCRIPTION_RE.match(masked, bm.end()) and _APPOSITIVE_RE.search(
            masked, max(s0, bm.start() - 40), bm.start() + 1
        ):
            continue
        sa, sb = _trim(text, bm.end(), nm.end())
        if sb > sa and _plausible_speaker(masked[sa:sb]):
            return sa, sb, ""
    return _subject(text, masked, s0, limit)


def _chained_attr(masked: str, found: Sequence[_Attr], cue_a: int) -> _Attr | None:
    """The trailing attribution a participle cue at ``cue_a`` continues, or None.

    In '"...," X said on Thursday, adding that ...' only a comma and modifiers ("on
    Thursday", "in a statement") separate the participle from the attribution before it.
    """
    for f in reversed(found):
        if f.speaker_span is None or not f.extra.get("trail"):
            continue
        end = max(f.cue_span[1], f.speaker_span[1])
        if end > cue_a:
            continue
        gap = masked[end:cue_a].rstrip()
        if not gap.endswith(","):
            return None
        if f.role and gap.strip(" ,") == f.role:
            return f  # '"...," said X, a senator, adding ...'
        m = _LEAD_SKIP_RE.match(gap)
        return f if m and m.end() == len(gap) else None
    return None


def _resolve_overlaps(text: str, masked: str, found: list[_Attr]) -> list[_Attr]:
    """Nested cues: truncate an earlier content at a clause boundary or drop the inner one."""
    # a trailing attribution ("..., X said.") owns every cue inside its content
    trails = [f for f in found if f.extra.get("trail")]
    if trails:
        found = [
            f
            for f in found
            if f.extra.get("trail")
            or not any(t.content[0][0] <= f.cue_span[0] < t.content[0][1] for t in trails)
        ]
    out: list[_Attr] = []
    for f in found:
        keep = True
        for g in out:
            if sorted(g.content) == sorted(f.content):
                # one quote per content span: a second cue adds no second quote
                keep = False
                break
            ga, gb = g.content[0]
            fa = min(f.speaker_span[0], f.cue_span[0]) if f.speaker_span else f.cue_span[0]
            if fa < ga <= f.cue_span[0] < gb:
                # "X said A and said B": f shares g's subject, only its cue is inside
                fa = f.cue_span[0]
            if ga <= fa < gb:
                # f's attribution sits inside g's content
                seg = masked[ga:fa]
                bm = _last(re.finditer(r"(?:,|;|\s(?:and|but|while|whereas))\s*$", seg))
                if bm is not None and fa - ga > 8:
                    g.content[0] = _trim_content(text, ga, ga + bm.start())
                else:
                    keep = False
                    break
            fa2, fb2 = f.content[0]
            if fa2 <= g.cue_span[0] < fb2 and g.speaker_span and fa2 <= g.speaker_span[0] < fb2:
                keep = False
                break
        if keep:
            out.append(f)
    return out


def _kind(text: str, spans: Sequence[tuple[int, int]], qspans: Sequence[tuple[int, int]]) -> str:
    total = sum(b - a for a, b in spans)
    if total <= 0:
        return "indirect"
    quoted = 0
    for a, b in spans:
        for qa, qb in qspans:
            if qa < b and qb > a:
                quoted += min(b, qb) - max(a, qa)
    if quoted >= 0.9 * total:
        return "direct"
    if quoted > 0:
        return "mixed"
    return "indirect"


# --------------------------------------------------------------------------------------
# Document level
# --------------------------------------------------------------------------------------
def extract_quotes_paragraphs(
    paragraphs: Sequence[str], doc_id: str = "doc", *, resolve: bool = True
) -> pd.DataFrame:
    """Extract attributions from one document given as a list of paragraph strings.

    Offsets are local: ``content_start``/``content_end`` into ``paragraphs[para_id]`` and
    ``speaker_start``/``speaker_end`` into the speaker's paragraph, which is recorded in
    the extra column ``speaker_para`` (it differs from ``para_id`` for a quote paragraph
    that continues the previous speaker).

    Parameters
    ----------
    paragraphs : sequence of str
        The paragraphs of one document, in reading order.
    doc_id : str, default="doc"
    resolve : bool, default=True
        Fill ``speaker_id``, ``speaker_name``, ``speaker_type`` and ``speaker_role`` with
        :func:`framing.speakers.resolve_records`.

    Returns
    -------
    DataFrame
        :data:`QUOTE_COLUMNS` plus ``speaker_para``.

    Examples
    --------
    >>> q = extract_quotes_paragraphs(['"We will win," Jane Doe, a senator, said.'])
    >>> q[["kind", "content", "cue", "speaker", "speaker_role"]].iloc[0].tolist()
    ['direct', '"We will win,"', 'said', 'Jane Doe', 'a senator']
    """
    return _records_frame(_doc_records(paragraphs, doc_id, resolve=resolve), extra=True)


_INT_COLS = ("para_id", "content_start", "content_end", "speaker_start", "speaker_end")


def _records_frame(records: list[dict], extra: bool = False) -> pd.DataFrame:
    cols = [*QUOTE_COLUMNS, "speaker_para"] if extra else QUOTE_COLUMNS
    data = {}
    for c in cols:
        vals = [r[c] for r in records]
        if c in _INT_COLS or c == "speaker_para":
            data[c] = pd.array(vals, dtype="int64") if vals else pd.array([], dtype="int64")
        else:
            data[c] = pd.Series(vals, dtype=object)
    return pd.DataFrame(data, columns=cols)


def _doc_records(paragraphs: Sequence[str], doc_id: str, *, resolve: bool = True) -> list[dict]:
    """Quote records (dicts with QUOTE_COLUMNS + speaker_para, local offsets) of one doc."""
    if isinstance(paragraphs, str):
        raise TypeError("paragraphs must be a sequence of strings, not a single string")
    from .speakers import _FULLNAME_RE

    rows = []
    pending: _Attr | None = None  # "He said:" waiting for its content paragraph
    last_attr: _Attr | None = None  # most recent attribution with a speaker
    para_qspans: dict[int, list[tuple[int, int]]] = {}
    # (para, start, end, other names) sentence subjects and the names their sentence mentions
    subjects: list[tuple[int, int, int, tuple]] = []
    for pi, para in enumerate(paragraphs):
        if not isinstance(para, str):
            raise TypeError(f"paragraph {pi} is {type(para).__name__}, expected str")
        if not para.strip():
            continue
        attrs, sents, qspans, masked = _extract_paragraph(para, pi)
        para_qspans[pi] = qspans
        if pending is not None:
            if not any(a.sent == 0 and a.speaker_span is not None for a in attrs):
                ca, cb = _trim_content(para, 0, len(para))
                cont = _Attr(pi, [(ca, cb)], pending.cue, pending.cue_span, pending.speaker_span,
                             pending.speaker_para, role=pending.role, sent=0)  # fmt: skip
                attrs = [cont] + [a for a in attrs if a.speaker_span is not None and a.sent > 0]
            pending = None
        if attrs and attrs[-1].extra.get("pending"):
            pending = attrs.pop()
        attrs = [a for a in attrs if not a.extra.get("pending")]
        # sentence-initial named subjects outside attributions (pronoun antecedents); a
        # sentence without an attribution also offers the full names it mentions
        # sentences whose attributions all name a body or a text ("X said ..., the agency
        # reported", "according to the report") also offer the people they mention
        personal = [a for a in attrs if a.para == pi and not _impersonal_attr(paragraphs, a)]
        att_sents = {a.sent for a in personal}
        personal_contents = [span for a in personal for span in a.content]
        for si, (s0, s1) in enumerate(sents):
            fm = _FRONTED_RE.match(masked, s0, s1)  # "In the weeks since Labor Day, X ..."
            sm = (fm and _NAME_SUBJ_RE.match(masked, fm.end(), s1)) or _NAME_SUBJ_RE.match(
                masked, s0, s1
            )
            a = b = s0
            if sm:
                a, b = sm.start(1), sm.end(1)
                if any(ca <= a < cb for ca, cb in personal_contents):
                    continue
            alts = ()
            pron = _PRONOUN_SUBJ_RE.match(masked, a if sm else s0, s1) or (
                fm and _PRONOUN_SUBJ_RE.match(masked, fm.end(), s1)
            )
            if si not in att_sents and not pron:
                alts = tuple(
                    (x.start(), x.end())
                    for x in _FULLNAME_RE.finditer(masked, b, s1)
                    if masked[x.start() - 1 : x.start()] in ("", " ", "\t", "(", '"', "\u201c")
                )
            if sm or alts:
                subjects.append((pi, a, b, alts))
        para_rows: list[_Attr] = []
        for i, at in enumerate(attrs):
            if at.speaker_span is None:
                # quote-only sentence: merge into the previous direct quote of this
                # paragraph, else take the speaker of the next sentence's bare
                # attribution, else continue the previous paragraph's speaker
                prev = para_rows[-1] if para_rows else None
                if (
                    prev is not None
                    and prev.extra.get("last_sent", prev.sent) == at.sent - 1
                    and _kind(para, prev.content, qspans) == "direct"
                ):
                    prev.content.append(at.content[0])
                    # the quote now runs to this sentence (it may end the paragraph)
                    prev.extra["last_sent"] = at.sent
                    continue
                nxt = next((x for x in attrs[i + 1 :] if x.speaker_span is not None), None)
                if prev is not None and prev.sent == at.sent - 1:
                    src = prev
                elif prev is None and nxt is not None and nxt.sent == at.sent + 1:
                    # attribution in the following sentence
                    src = nxt
                elif (
                    prev is None
                    and last_attr is not None
                    and (last_attr.para >= pi - 1 or last_attr.extra.get("chain_para") == pi - 1)
                    and at.sent == 0
                    and last_attr.extra.get("ends_para", True)
                ):
                    src = last_attr
                elif prev is not None:
                    src = prev
                else:
                    nxt = next((x for x in attrs[i + 1 :] if x.speaker_span is not None), None)
                    if nxt is None:
                        continue
                    src = nxt
                at.speaker_span = src.speaker_span
                at.speaker_para = src.speaker_para
                at.cue = src.cue
                at.role = src.role
                at.inherit = True
                at.extra["src"] = src
            para_rows.append(at)
        for at in para_rows:
            at.extra["ends_para"] = at.extra.get("last_sent", at.sent) >= len(sents) - 1
            last_attr = at
            last_attr.extra["chain_para"] = pi
            rows.append(at)
    out = []
    for k, at in enumerate(rows):
        para = paragraphs[at.para]
        spans = sorted(at.content)
        ca, cb = spans[0][0], spans[-1][1]
        content = " ".join(para[a:b] for a, b in spans)
        sp_para = paragraphs[at.speaker_para]
        sa, sb = at.speaker_span
        out.append(
            {
                "doc_id": doc_id,
                "para_id": at.para,
                "quote_id": f"{doc_id}:q{k}",
                "kind": _kind(para, spans, para_qspans.get(at.para, [])),
                "content": content,
                "content_start": ca,
                "content_end": cb,
                "cue": _WS_RE.sub(" ", at.cue),
                "speaker": sp_para[sa:sb],
                "speaker_start": sa,
                "speaker_end": sb,
                "speaker_id": "",
                "speaker_name": "",
                "speaker_type": "",
                "speaker_role": at.role,
                "speaker_para": at.speaker_para,
                "_ante": _antecedent(sp_para, sa)
                if sp_para[sa:sb].lower() in ("who", "which")
                else "",
            }
        )
    if resolve and out:
        from .speakers import resolve_records

        subj = [
            (p, paragraphs[p][a:b], a, b, [(paragraphs[p][x:y], x) for x, y in alts])
            for p, a, b, alts in subjects
        ]
        resolve_records(out, paragraphs, subjects=subj)
    return out


def _impersonal_attr(paragraphs: Sequence[str], at: _Attr) -> bool:
    """Whether an attribution's speaker is a body or a text ("the Russian agency RIA
    Novosti", "the report"): the people its content names are pronoun antecedents."""
    from .speakers import _impersonal_source

    if at.speaker_span is None or at.inherit:
        return False
    sa, sb = at.speaker_span
    return _impersonal_source(paragraphs[at.speaker_para][sa:sb])


_NAME_SUBJ_RE = re.compile(
    r"(?:(?:But|And|Yet|So|Meanwhile|However|Later|Earlier|Still|Separately|Instead|"
    # a subordinate clause's subject: "Before Trump left, ...", "Despite Trump saying"
    r"Despite|Before|After|Unlike|Like|While|As|Although|Though|Because|Since|When|If|"
    r"Once|Until|Unless|Whereas|Without|Amid|Following|Upon)"
    r"\s*,?\s+)?"
    # "Opposition leader Maria Costa", "council member Priya Raman": role nouns + a full name
    r"((?:[A-Z][\w.'’-]*\s+){0,3}(?:(?!(?:of|to|for|with|at|from|in|by|and|or|the|on|a|an|"
    r"as|is|was|are|were|has|had|have|will|would|can|could|may|might|must|should|did|does|"
    r"met|told|said|saw|won|lost|hit|took|gave|made|sent|left|led|let|put|set|cut|ran|"
    r"who|that|which|than|when|after|before)\b|[a-z]+ed\b|[a-z]*[^s\W]s\b)"
    r"[a-z][\w'’-]*\s+){1,2}[A-Z][a-z][\w'’-]*(?:\s+[A-Z][a-z][\w'’-]*)+"
    r"|(?:[A-Z][\w.'’-]*\s+){0,4}[A-Z][a-z][\w'’-]*)"
    r"(?=\s*,|\s+[a-z]|\s+\([A-Z][\w.-]{0,8}\)\s+[a-z])"  # "X (D-Mo.) scolded"
)

# a sentence whose subject is a pronoun talks about someone already known: its other
# names are not antecedents ("She met with Bill Clinton ...")
_PRONOUN_SUBJ_RE = re.compile(
    r"\s*(?:(?:But|And|Yet|So|Meanwhile|However|Later|Still)\s*,?\s+)?"
    r"(?:He|She|They|It|We|I|His|Her|Their)\b"
)

_PARA_SPLIT_RE = re.compile(r"\n\s*\n|\n")


def split_text_paragraphs(text: str) -> list[tuple[int, int]]:
    """Paragraph offsets of a plain text: blocks separated by newlines, trimmed."""
    out = []
    pos = 0
    for m in [*_PARA_SPLIT_RE.finditer(text), None]:
        end = m.start() if m else len(text)
        a, b = pos, end
        while a < b and text[a].isspace():
            a += 1
        while b > a and text[b - 1].isspace():
            b -= 1
        if b > a:
            out.append((a, b))
        if m:
            pos = m.end()
    return out


def extract_quotes_text(text: str, doc_id: str = "doc") -> pd.DataFrame:
    """Extract attributions from a plain-text document; offsets are into ``text``.

    Paragraphs are split on newlines. Returns :data:`QUOTE_COLUMNS`.
    """
    if not isinstance(text, str):
        raise TypeError(f"text must be str, not {type(text).__name__}")
    pspans = split_text_paragraphs(text)
    paras = [text[a:b] for a, b in pspans]
    recs = _doc_records(paras, doc_id)
    for r in recs:
        off = pspans[r["para_id"]][0]
        soff = pspans[r["speaker_para"]][0]
        r["content_start"] += off
        r["content_end"] += off
        r["speaker_start"] += soff
        r["speaker_end"] += soff
    return _records_frame(recs)


def extract_quotes(corpus, *, doc_ids: Iterable[str] | None = None) -> pd.DataFrame:
    """Extract quotes and resolve their speakers for every document of a corpus.

    Parameters
    ----------
    corpus : framing.corpus.Corpus
        A loaded corpus (see :func:`framing.load_corpus`); also accepted: a DataFrame
        with ``doc_id``, ``para_id`` and ``text`` columns (offsets then stay local to
        each paragraph's text).
    doc_ids : str or iterable of str, optional
        Restrict to this document or these documents; an id the corpus does not have
        is a ``KeyError``.

    Returns
    -------
    DataFrame
        One row per attribution with :data:`QUOTE_COLUMNS`; offsets point into
        ``corpus.raw[doc_id]``.
    """
    paragraphs = getattr(corpus, "paragraphs", corpus)
    if not isinstance(paragraphs, pd.DataFrame):
        raise TypeError(
            "extract_quotes expects a framing Corpus or a paragraphs DataFrame, "
            f"got {type(corpus).__name__}"
        )
    missing = {"doc_id", "para_id", "text"} - set(paragraphs.columns)
    if missing:
        raise ValueError(f"paragraphs table lacks columns {sorted(missing)}")
    to_raw = getattr(corpus, "to_raw_offsets", None)
    wanted = None
    if doc_ids is not None:
        wanted = {doc_ids} if isinstance(doc_ids, str) else set(doc_ids)
        unknown = wanted - set(paragraphs["doc_id"])
        if unknown:
            raise KeyError(f"no document {', '.join(map(repr, sorted(unknown)))} in the corpus")
    records: list[dict] = []
    docs: dict = {}
    for d, pid, t in zip(
        paragraphs["doc_id"], paragraphs["para_id"], paragraphs["text"], strict=True
    ):
        if wanted is None or d in wanted:
            docs.setdefault(d, []).append((int(pid), t if isinstance(t, str) else ""))
    for doc_id, items in docs.items():
        items.sort(key=lambda x: x[0])
        texts = [t for _, t in items]
        pids = [p for p, _ in items]
        recs = _doc_records(texts, str(doc_id))
        for r in recs:
            pid, spid = pids[r["para_id"]], pids[r["speaker_para"]]
            if to_raw is not None:
                r["content_start"], r["content_end"] = to_raw(
                    doc_id, pid, r["content_start"], r["content_end"]
                )
                r["speaker_start"], r["speaker_end"] = to_raw(
                    doc_id, spid, r["speaker_start"], r["speaker_end"]
                )
            r["para_id"] = pid
            r["doc_id"] = doc_id
        records.extend(recs)
    return _records_frame(records)


def paragraph_speakers(corpus_or_paragraphs, quotes: pd.DataFrame) -> pd.DataFrame:
    """Per paragraph: the speakers whose speech it carries and its quoted share.

    Parameters
    ----------
    corpus_or_paragraphs : Corpus, DataFrame or sequence of str
        A corpus, its ``paragraphs`` table (``doc_id``, ``para_id``, ``text``), or the
        paragraph strings of one document (then ``quotes`` must come from
        :func:`extract_quotes_paragraphs` on the same list).
    quotes : DataFrame
        The quotes table.

    Returns
    -------
    DataFrame
        ``doc_id``, ``para_id``, ``speaker_ids`` (list of str, in order of first quote),
        ``quoted_share`` (fraction of the paragraph's characters inside quote content).
    """
    paras = getattr(corpus_or_paragraphs, "paragraphs", corpus_or_paragraphs)
    if not isinstance(paras, pd.DataFrame):
        texts = list(paras)
        doc = quotes["doc_id"].iloc[0] if len(quotes) else "doc"
        paras = pd.DataFrame({"doc_id": doc, "para_id": range(len(texts)), "text": texts})
    lengths = {
        (d, p): max(len(t) if isinstance(t, str) else 0, 1)
        for d, p, t in zip(paras["doc_id"], paras["para_id"], paras["text"], strict=True)
    }
    covered: dict[tuple, int] = {}
    who: dict[tuple, list[str]] = {}
    for r in quotes.itertuples(index=False):
        key = (r.doc_id, r.para_id)
        covered[key] = covered.get(key, 0) + len(r.content)
        ids = who.setdefault(key, [])
        if r.speaker_id and r.speaker_id not in ids:
            ids.append(r.speaker_id)
    rows = []
    for (d, p), n in lengths.items():
        rows.append(
            {
                "doc_id": d,
                "para_id": p,
                "speaker_ids": who.get((d, p), []),
                "quoted_share": min(1.0, covered.get((d, p), 0) / n),
            }
        )
    return pd.DataFrame(rows, columns=["doc_id", "para_id", "speaker_ids", "quoted_share"])


def _cmd_quotes(args) -> int:
    from ._io import write_table
    from .cli import corpus_from_args

    corpus = corpus_from_args(args)
    write_table(extract_quotes(corpus), args.format)
    return 0 if len(corpus.documents) or not len(corpus.report) else 1  # as framing load


def register(subparsers) -> None:
    """Add the ``framing quotes INPUT... --format jsonl|csv`` subcommand."""
    from .cli import add_input_args

    p = subparsers.add_parser("quotes", help="extract quotes and their speakers")
    add_input_args(p)
    p.add_argument("--format", choices=["jsonl", "csv"], default="jsonl")
    p.set_defaults(func=_cmd_quotes)
