"""Clean a news page saved as plain text from a browser.

The page is cut into *units* (lines; hard-wrapped lines of one paragraph are joined), each
unit is classified, and the body is the run of units from the first to the last prose
paragraph. Nothing here is tuned to one site: the rules are the generic furniture of news
pages (navigation, newsletter and sign-up prompts, privacy and advertising notices,
copyright and trademark lines, app promotions, comment prompts, tag lists, datelines and a
repeated teaser of the lead).

Every unit keeps its character offsets into the raw text, so ``raw[start:end]`` is the
paragraph exactly as it stood in the source.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ._dates import parse_date

__all__ = ["Unit", "PageParse", "parse_text_page", "detect_agency", "boilerplate_kind"]

# --- unit kinds -------------------------------------------------------------------------
BODY = "body"
SECTION = "section"
TITLE = "title"
DATE = "date"
TAGS = "tags"
BYLINE = "byline"
BOILER = "boilerplate"
TEASER = "teaser"


@dataclass
class Unit:
    """One line (or wrapped paragraph) of a text page with its raw offsets."""

    start: int
    end: int
    text: str
    kind: str = ""
    reason: str = ""


@dataclass
class PageParse:
    """What :func:`parse_text_page` lifts out of a page."""

    title: str | None = None
    published: object = None  # pandas.Timestamp (UTC) or None
    published_text: str | None = None
    tags: list[str] = field(default_factory=list)
    author: str | None = None
    outlet: str | None = None
    agency: str | None = None
    paragraphs: list[Unit] = field(default_factory=list)  # kind body, with .reason=section
    units: list[Unit] = field(default_factory=list)


# --- boilerplate patterns -----------------------------------------------------------------
# Page furniture that news sites share. *Strong* patterns almost never occur in reported
# prose and remove a unit wherever it stands. *Weak* patterns (privacy, cookies, comments,
# apps, e-mail) also occur in news about those things, so they remove a unit only when it
# speaks in the site's own voice ("you", "our", "we") or is not a sentence, and never a
# unit that carries a quotation; a long unit (over ``_WEAK_LONG`` words) also has to name
# its subject at least twice ("cookies ... partners"), as a consent banner does.
_STRONG: list[tuple[str, re.Pattern[str]]] = [
    (
        "navigation",
        re.compile(
            r"^(skip to (main )?(content|navigation|search)|jump to|(open |close )?(main |navigation )?menu|"
            r"search|home|back to top|advertisement|sponsored( content)?|accessibility help|"
            r"read more|see more|show comments|hide comments|share( this( article| story)?)?|"
            r"(related|more|recommended|trending|most read|popular)( stories| articles| news)?|"
            r"next article|previous article|print|log ?in|sign ?in|log ?out|"
            r"follow us( on .*)?|close|\d+ min(ute)? read)\s*[:.!]?$",
            re.I,
        ),
    ),
    (
        "navigation",
        re.compile(
            r"^(read (also|more)|see also|related|more on this|watch|listen|most read)\s*:", re.I
        ),
    ),
    (
        "newsletter",
        re.compile(
            r"^(sign[ -]?up|subscribe|register)\b|\b(sign[ -]?up (for|to) our|subscribe (to our|now)|newsletters?\b.*\b(inbox|sign[ -]?up|free)\b|"
            r"(straight|delivered|sent( right)?) to your inbox|unsubscribe at any time|enter your e-?mail)",
            re.I,
        ),
    ),
    (
        "privacy",
        re.compile(
            r"\b(do not sell( or share)? my personal information|your privacy choices|"
            r"interest-based advertising|ad ?choices|accept all( cookies)?|manage preferences|"
            r"cookie (notice|policy|settings)|privacy (policy|notice)\s*(\||$))",
            re.I,
        ),
    ),
    # a copyright or trademark footer is formulaic: "© 2024 Reuters. All rights reserved.",
    # "Copyright 2022 The Associated Press", "X is a registered trademark of Y Inc." -- a
    # trademark sentence must name a capitalised owner and stand without a reporting verb
    # ("the court found that the name is a trademark of the carmaker" is news), and a ©
    # glued to a letter is mis-decoded text ("rÃ©sumÃ©"), not a copyright sign
    (
        "copyright",
        re.compile(
            r"(?<![^\W\d_])©|^\W*\(c\)\s*\d{4}|(^|[.!?]\s+)copyright\s*(©|\(c\))?\s*\d{4}|"
            r"^\W*all rights reserved\b|\ball rights reserved\W*$",
            re.I,
        ),
    ),
    (
        "copyright",
        re.compile(
            r"^(?!.*\b(said|says|say|told|found|finds|ruled|rules|argued|argues|noted|notes|claimed|"
            r"claims|according|court|judge|lawsuit|sued|alleged|insisted|added|denied)\b)"
            r"(.{0,200}\b(is an?|are)\s+)?((registered|unregistered)\s+)?"
            r"(trademarks?|service marks?)\s+of\s+(the\s+)?(?-i:[A-Z0-9\u00c0-\u00d6\u00d8-\u00de])",
            re.I | re.S,
        ),
    ),
    (
        "credit",
        re.compile(
            r"^\(?\s*((additional )?reporting|writing|editing|compiled|produced) by\b|"
            r"\bcontributed (to )?(this|the) (report|story|article)\b",
            re.I,
        ),
    ),
    (
        "comments",
        re.compile(
            r"\b(read and post comments|community (guidelines|standards)|commenting guidelines|"
            r"comments? (are|is) closed|log in or register to comment|leave a comment|"
            r"join the (\w+ )?(community|conversation|discussion|debate))\b|"
            r"^\W*(be the first to comment|post a comment|"
            r"(please )?(log ?in|sign ?in|register)( or (register|sign ?up))? to (comment|post))\b",
            re.I,
        ),
    ),
    # an app promotion is an imperative call ("Download the BBC News app", "Get the app")
    # or a store badge ("Available on the App Store | Get it on Google Play"), not news
    # about apps ("users who download the app must accept...")
    (
        "app promotion",
        re.compile(
            r"^\W*(download|get|install|try)\s+(the|our)\s+([\w®&’'.-]+\s+){0,5}?apps?\b(?!\s+(is|was|has|had|will|would)\b)|"
            r"^\W*((available|download( it)?|get it|also) (on|from|in) )(the )?(apple )?(app store|google play)|"
            r"^\W*(the )?(app store|google play)\W*$|(^|[.!?|]\s*)scan (the )?qr code",
            re.I,
        ),
    ),
    (
        "social",
        re.compile(
            r"^((share (this )?(on|via)|follow [\w@.\- ]{1,30}? on)\b[\s:]*)?"
            r"((facebook|twitter|x|linkedin|whatsapp|e-?mail|instagram|telegram|reddit|copy link)"
            r"[\s|,/•·]*)+$",
            re.I,
        ),
    ),
]
_WEAK: list[tuple[str, re.Pattern[str]]] = [
    (
        "newsletter",
        re.compile(r"\b(sign[ -]?up|subscribe|subscription|newsletter|inbox|e-?mail)\b", re.I),
    ),
    (
        "privacy",
        re.compile(
            r"\b(privacy|cookies?|personal (information|data)|advertis\w*|terms (of|and) (use|service|conditions)|partners)\b",
            re.I,
        ),
    ),
    (
        "copyright",
        re.compile(
            r"\b(protected by copyright|copyrighted (material|content))\b",
            re.I,
        ),
    ),
    ("comments", re.compile(r"\b(comments?|commenting|have your say)\b", re.I)),
    ("app promotion", re.compile(r"\b(apps?|iphone|android|ios|download)\b", re.I)),
]
_WEAK_LONG = 30  # words
# "us" but not "US" (the United States: "The US embassy declined to comment")
_SITE_VOICE = re.compile(
    r"\b(you|your|yours|our|we)\b|(?-i:\b[Uu]s\b)|\bthis (site|website|page)\b", re.I
)
# a sentence that reports someone declining, being asked or unable to comment ("The
# ministry did not respond to our request for comment.", "There was no immediate comment
# from the Kremlin.") is news, not a comment prompt ("Log in to comment.")
_COMMENT_REPORTED = re.compile(
    r"\b(declin\w*|refus\w*|unavailable|unable|reached|contacted|approached|asked|"
    r"requests?|requested|sought|seeking|respond\w*|repl(y|ies|ied)|"
    r"(would|could|did|will)(\s+not|n[’']t))\b(\s+[\w’']+){0,4}?\s+comment\b|"
    r"\b(had|has|have|gave|made|offered|was|is|with)\s+no\s+"
    r"((immediate|further|official|public)\s+)?comment\b",
    re.I,
)
_READER = re.compile(r"\b(you|your|yours)\b", re.I)
# quotation marks of English, German („…“), French and Italian («…»), Japanese (「…」) and
# the doubled apostrophes of some archives (''…'')
_QUOTE_MARK = re.compile(r"[\"“”„«»「」『』]|''")

_COMPANY_LINE = re.compile(
    r"^[A-Z][\w&'’.\- ]{0,60},? (Inc|Ltd|LLC|L\.L\.C|Corp|Corporation|plc|GmbH|AG|S\.A)\.?$"
)
_TAG_PREFIX = re.compile(r"^\s*(tags?|topics?|keywords?|filed under)\s*:\s*(.+)$", re.I)
_BYLINE = re.compile(r"^\s*(by|written by|reporting by)\s+([A-Z][^\n]{1,80})$", re.I)
_SECTION_MARKER = re.compile(r"^[A-Z][\w'’ ,\-]{1,40}:$")
_WORD = re.compile(r"\w+(?:['’.\-]\w+)*")
# Chinese and Japanese are written without spaces: a run of their characters counts as
# one word per two characters
_CJK = re.compile(
    r"[\u3005-\u3007\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff66-\uff9f]+"
)
# sentence-final punctuation (with the ideographic and fullwidth forms: 。！？), then any
# closing quotes or brackets; or a line that ends on a closing quote
_CLOSERS = "'\"”’“»«›‹)\\]」』）】\u00a0\u202f "
_TERMINAL = re.compile(rf"[.!?…:;。！？．：；][{_CLOSERS}]*$|[\"”’“»」』]$")
_ELLIPSIS = re.compile(r"\s*(\.\.\.|…)\s*$")
_PAREN_LINE = re.compile(r"^\(.*\)$")
_WS = re.compile(r"\s+")


def _words(text: str) -> int:
    cjk = _CJK.findall(text)
    if not cjk:
        return len(_WORD.findall(text))
    return len(_WORD.findall(_CJK.sub(" ", text))) + sum((len(r) + 1) // 2 for r in cjk)


def _is_prose(text: str) -> bool:
    """A sentence-like paragraph: enough words, and ends like a sentence (or is long)."""
    n = _words(text)
    return (n >= 8 and bool(_TERMINAL.search(text))) or n >= 25


_OPENERS = "\"“‘'(„«‹「『¿¡"


def _starts_sentence(text: str) -> bool:
    """First letter (after opening quotes or a bracket) a capital, a digit, or a letter of a
    script without case (Japanese, Chinese, Arabic...): "Élise", "„Wir", "«Nous", "「我々"."""
    body = text.lstrip(_OPENERS + " \u00a0")
    if not body:
        return False
    ch = body[0]
    return ch.isdigit() or ch.isupper() or (ch.isalpha() and not ch.islower())


def _is_sentence(text: str) -> bool:
    """A short sentence of reported prose ("Critics disagreed."): a capital or a quote
    mark first, at least three words, sentence-final punctuation. Used to keep short
    paragraphs next to the body that :func:`_is_prose` alone would leave to the page's
    header or footer."""
    text = text.strip()
    return _words(text) >= 3 and bool(_TERMINAL.search(text)) and _starts_sentence(text)


def _norm(text: str) -> str:
    return _WS.sub(" ", text).strip().lower()


def _wrap_width(lines: list[str]) -> int | None:
    """The column a hard-wrapped page is wrapped at, or None if it is not hard-wrapped.

    A hard-wrapped page ("...said Commissioner Virginijus" / "Sinkevicius at a press
    conference...") has many lines followed by another non-blank line that are about as
    long as the longest such line and end mid-sentence, and hardly any line longer than
    that. A page that puts one paragraph on each line, with single newlines between them,
    has lines of all lengths that end sentences, or lines far longer than any wrap width.
    """
    texts = [ln.rstrip() for ln in lines]
    nonblank = [t for t in texts if t.strip()]
    inner = [len(t) for t, nxt in zip(texts, texts[1:]) if t.strip() and nxt.strip()]
    inner = sorted(n for n in inner if n <= _MAX_WRAP)
    if len(inner) < 3:
        return None
    width = inner[(9 * (len(inner) - 1)) // 10]  # the 90th percentile: a few lines run over
    if width < _MIN_WRAP:
        return None
    full = [
        t
        for t, nxt in zip(texts, texts[1:])
        if nxt.strip() and 0.75 * width <= len(t) <= width + 10
    ]
    open_ = [t for t in full if not _TERMINAL.search(t.strip()) and _wordy(t)]
    longer = sum(len(t) > width + 10 for t in nonblank)
    if len(open_) >= 3 and 2 * len(open_) >= len(full) and 10 * longer <= len(nonblank):
        return max(len(t) for t in full)
    return None


def _wordy(line: str) -> bool:
    """A line of running text: no tab, mostly letters (not a row of numbers)."""
    chars = [c for c in line if not c.isspace()]
    return "\t" not in line and sum(c.isalpha() for c in chars) >= 0.6 * len(chars)


def _wrapped_on(line: str, nxt: str, width: int, inside: bool) -> bool:
    """On a hard-wrapped page, whether ``nxt`` continues ``line`` (same block); ``inside``:
    ``line`` already continues the line before it."""
    first = nxt.split()[0]
    fits = len(line) + 1 + len(first) <= width  # the next word would have fit: a real break
    terminal = bool(_TERMINAL.search(line))
    if (terminal or fits) and (boilerplate_kind(nxt) or _TAG_PREFIX.match(nxt)):
        return False
    if first[:1].islower():
        return True
    if terminal:
        return not fits
    # mid-sentence before a capital: a wrapped paragraph goes on, a list of headlines
    # ("Trending stories") does not
    return not fits or inside or bool(_DANGLING.search(line))


_MIN_WRAP, _MAX_WRAP = 30, 120  # columns a hard-wrapped page can be wrapped at
# a line that cannot end a paragraph or a headline: a comma, a dash, or a function word
_DANGLING = re.compile(
    r"([,(\-–—]|\b(a|an|the|of|for|to|and|or|but|nor|in|on|at|by|with|from|as|that|than|"
    r"into|onto|per|via|its|their|his|her|our|your|this|these|those|which|who|whose|is|are|"
    r"was|were|be|been|has|have|had|will|would|could|should|may|might|can|not|no)\b)$",
    re.I,
)


def _split_units(raw: str) -> list[Unit]:
    """Lines with offsets; the hard-wrapped lines of one paragraph are one unit.

    Lines are joined when the page is hard-wrapped (see :func:`_wrap_width`) and a line
    does not end a unit there (see :func:`_wrapped_on`), or, on any page, when a line of six
    words or more without final punctuation is followed by one starting in lower case.
    A blank line always ends a unit."""
    lines = raw.splitlines(keepends=True)
    width = _wrap_width([ln.rstrip("\r\n") for ln in lines])
    groups: list[list[tuple[int, int]]] = []  # the (start, end) of each line of a unit
    pos = 0
    prev = ""  # the previous line, stripped, if not blank
    inside = False  # the previous line was joined to the one before it
    for line in lines:
        body = line.rstrip("\r\n")
        stripped = body.strip()
        if stripped:
            lead = len(body) - len(body.lstrip())
            span = (pos + lead, pos + len(body.rstrip()))
            if prev and groups:
                if width:
                    joined = _wrapped_on(prev, stripped, width, inside)
                else:
                    joined = (
                        not _TERMINAL.search(prev) and _words(prev) >= 6 and stripped[:1].islower()
                    )
            else:
                joined = False
            if joined:
                groups[-1].append(span)
            else:
                groups.append([span])
            inside = joined
        prev = stripped
        pos += len(line)
    units: list[Unit] = []
    for group in groups:
        if width and len(group) > 1 and _is_list(raw, group):
            units.extend(Unit(s, e, raw[s:e]) for s, e in group)
        else:
            s, e = group[0][0], group[-1][1]
            units.append(Unit(s, e, raw[s:e]))
    return units


def _is_list(raw: str, group: list[tuple[int, int]]) -> bool:
    """Lines joined on a hard-wrapped page that are a list, not a paragraph: every line
    starts with a capital and the last does not end a sentence (a list of headlines)."""
    lines = [raw[s:e] for s, e in group]
    return not _TERMINAL.search(lines[-1]) and all(_starts_sentence(t) for t in lines)


def _split_tags(text: str) -> list[str] | None:
    """A line that lists tags: 'a | b | c' or 'a, b, c' of short items."""
    m = _TAG_PREFIX.match(text)
    body = m.group(2) if m else text
    if _TERMINAL.search(body.strip()) and not m:
        return None
    parts = [p.strip() for p in re.split(r"\s*[|,;•·]\s*", body) if p.strip()]
    if m and parts:
        return parts
    if len(parts) >= 3 and all(1 <= _words(p) <= 3 and len(p) <= 30 for p in parts):
        return parts
    return None


def boilerplate_kind(text: str) -> str | None:
    """The kind of page furniture a unit is, or None."""
    for name, pat in _STRONG:
        if pat.search(text):
            return name
    if _QUOTE_MARK.search(text):
        return None
    voiced = bool(_SITE_VOICE.search(text)) or not _TERMINAL.search(text.strip())
    if not voiced:
        return None
    # a long paragraph that says "we" once and mentions e-mail or comments is reporting
    # or an opinion piece; a long notice (a cookie banner) names its subject twice or more
    long = _words(text) > _WEAK_LONG
    for name, pat in _WEAK:
        hits = {m.group(0).lower() for m in pat.finditer(text)}
        if name == "comments" and hits and _reports_comment(text):
            continue
        if hits and (not long or len(hits) >= 2):
            return name
    return None


def _reports_comment(text: str) -> bool:
    """A sentence of reporting about someone's (lack of) comment, not a comment prompt:
    a sentence, not addressed to the reader, with "comment" after a reporting phrase
    ("declined to comment", "request for comment", "had no immediate comment")."""
    return _is_sentence(text) and not _READER.search(text) and bool(_COMMENT_REPORTED.search(text))


def _classify_line(u: Unit) -> None:
    """Kinds that can be decided from the unit alone."""
    text = u.text.strip()
    n = _words(text)
    if _TAG_PREFIX.match(text):
        u.kind, u.reason = TAGS, "tag list"
        return
    kind = boilerplate_kind(text)
    if kind:
        u.kind, u.reason = BOILER, kind
        return
    if n <= 12 and parse_date(text) is not None:
        u.kind, u.reason = DATE, "date line"
        return
    if _COMPANY_LINE.match(text):
        u.kind, u.reason = BOILER, "company line"
        return
    if n <= 8 and _PAREN_LINE.match(text):
        u.kind, u.reason = BOILER, "parenthesised note"
        return
    if n <= 12 and _BYLINE.match(text):
        u.kind, u.reason = BYLINE, "byline"
        return
    if not _is_prose(text) and _split_tags(text) is not None:
        u.kind, u.reason = TAGS, "tag list"
        return


def _mark_teasers(units: list[Unit]) -> None:
    """A repeated teaser: a unit that repeats a run of the other units' text (from inside
    one unit on, so a dropped dateline does not hide it), running past that unit's end or
    cut off with an ellipsis."""
    norms = [_norm(u.text) for u in units]
    for i, u in enumerate(units):
        if u.kind:
            continue
        ellipsis = bool(_ELLIPSIS.search(u.text))
        probe = _norm(_ELLIPSIS.sub("", u.text))
        if len(probe) < 40:
            continue
        bounds = []
        parts = []
        pos = 0
        for k, n in enumerate(norms):
            if k == i or not n:
                continue
            bounds.append((pos, pos + len(n)))
            parts.append(n)
            pos += len(n) + 1
        run = " ".join(parts)
        at = run.find(probe)
        while at >= 0:
            unit_end = next(e for s0, e in bounds if s0 <= at < e + 1)
            if ellipsis or at + len(probe) > unit_end:
                u.kind, u.reason = TEASER, "repeated teaser of the lead"
                break
            at = run.find(probe, at + 1)


_AGENCIES: list[tuple[str, re.Pattern[str]]] = [
    ("Reuters", re.compile(r"\bReuters\b")),
    ("Associated Press", re.compile(r"\bAssociated Press\b|\(AP\)|[—–-]\s*AP\b|\bAP Photo\b")),
    ("AFP", re.compile(r"\bAFP\b|\bAgence France[- ]Presse\b")),
    ("Bloomberg", re.compile(r"\bBloomberg( News)?\b")),
    ("dpa", re.compile(r"\bdpa\b|\bDeutsche Presse-Agentur\b")),
    ("UPI", re.compile(r"\bUPI\b|\bUnited Press International\b")),
    ("Xinhua", re.compile(r"\bXinhua\b")),
    ("EFE", re.compile(r"\bEFE\b")),
    ("ANSA", re.compile(r"\bANSA\b")),
    ("Kyodo", re.compile(r"\bKyodo\b")),
    ("PA Media", re.compile(r"\bPA Media\b|\bPress Association\b")),
]
_DATELINE = re.compile(r"^\s*[A-Z][A-Za-z .,'’\-]{1,60}\(([^)]{2,40})\)\s*[—–-]")


def detect_agency(credit_lines: list[str], lead: str | None = None) -> str | None:
    """The wire service named in credit/copyright lines or in the lead's dateline."""
    texts = list(credit_lines)
    if lead:
        m = _DATELINE.match(lead)
        if m:
            texts.insert(0, f"({m.group(1)})")
    for text in texts:
        for name, pat in _AGENCIES:
            if pat.search(text):
                return name
    return None


_COPY_HOLDER = re.compile(
    r"(?:©|\(c\)|copyright)\s*(?:\d{4}(?:\s*[-–]\s*\d{4})?)?\s*(?:by\s+)?"
    r"([A-Z][\w&'’.\- ]{1,60}?)(?:,?\s*(?:Inc|Ltd|LLC|Corp|plc)\.?)?\s*(?:\.|$|all rights)",
    re.I,
)


def _outlet_from(lines: list[str], agency: str | None) -> str | None:
    for text in reversed(lines):
        for m in _COPY_HOLDER.finditer(text):
            holder = re.sub(r"\s+\d{4}$", "", m.group(1).strip(" .,"))
            if holder and not (agency and agency.lower() in holder.lower()):
                if detect_agency([holder]) is None:
                    return holder
    return None


#: words that name a newspaper in a masthead ("Riverside Herald", "The Daily Meridian")
_MASTHEAD_WORD = re.compile(
    r"\b(?:Herald|Times|Post|Daily|Weekly|Voice|Gazette|Journal|Tribune|Chronicle|Observer|"
    r"Guardian|Telegraph|Express|Star|Mail|Record|Courier|Independent|Review|Standard|"
    r"Globe|Press|Sentinel|Examiner|Dispatch|Inquirer|Enquirer|Bulletin|Advertiser|"
    r"Register|Echo|Mirror|Argus|Monitor|Ledger|Banner|Beacon|Clarion|Messenger)\b"
)
_MASTHEAD = re.compile(r"(?:The\s+)?[A-Z][\w&'’.-]*(?:\s+[A-Z][\w&'’.-]*){1,4}")


def _masthead(units: list[Unit]) -> str | None:
    """The site's name from a masthead line of the header, for pages without a copyright
    line: two to five capitalised words with a newspaper word ("Riverside Herald", "The
    Daily Meridian"), alone on its line or before a ``|`` ("The Valley Voice |
    21.09.2023"), in the header (before the body; not the title)."""
    for u in units:
        if u.kind == BODY:
            break
        if u.kind != BOILER or u.reason not in ("header line", "navigation"):
            continue
        name = u.text.split("|", 1)[0].strip()
        if _MASTHEAD.fullmatch(name) and _MASTHEAD_WORD.search(name):
            return name
    return None


_LINE_BREAK = re.compile(r"\r\n|\r|\n")
_TITLE_MIN_WORDS = 5  # a headline standing first in the header wins over a longer line


def _pick_title(raw: str, units: list[Unit], candidates: list[Unit]) -> Unit:
    """The title among the unclassified header lines.

    The first header line of five words or more that is not the site's name (named in
    the page's copyright line) is the title if it stands apart from the other header
    lines (a blank line after it, and a blank line, page furniture or the start of the
    page before it): a plain-text article starts with its headline, and the line after
    it may be a longer standfirst or a sentence that lacks its full stop. Shorter lines
    before it are passed over (a site name like "The New York Times", a kicker, a
    breadcrumb). Otherwise the longest header line, which beats the site name and the
    breadcrumbs of a saved page."""
    site = [_norm(u.text) for u in units if u.reason == "copyright"]
    for c in candidates:
        name = _norm(c.text)
        if _words(c.text) < _TITLE_MIN_WORDS or any(name in s for s in site):
            continue
        at = next(i for i, u in enumerate(units) if u is c)
        # set off from the other header text: a blank line or page furniture before it
        # (not the site name: "The Observer" / "News / Housing"), a blank line after it
        glued = at > 0 and any(units[at - 1] is o for o in candidates)
        before = raw[units[at - 1].end : c.start] if at else "\n\n"
        after = raw[c.end : units[at + 1].start] if at + 1 < len(units) else "\n\n"
        apart_before = not glued or len(_LINE_BREAK.findall(before)) >= 2
        if apart_before and len(_LINE_BREAK.findall(after)) >= 2:
            return c
        break
    return max(candidates, key=lambda c: (_words(c.text) >= 3, _words(c.text)))


def parse_text_page(raw: str, dayfirst: bool = False) -> PageParse:
    """Split a saved news page into metadata and body paragraphs.

    Parameters
    ----------
    raw : str
        The decoded page text.
    dayfirst : bool, default=False
        Read a numeric slash date line day first (see :func:`framing.load_corpus`).

    Returns
    -------
    PageParse
        Title, published date (UTC), tags, author, outlet, agency, and the body
        paragraphs as :class:`Unit` objects (offsets into ``raw``); a paragraph's
        ``reason`` holds the section it belongs to ('' before any section marker).
    """
    units = _split_units(raw)
    for u in units:
        _classify_line(u)
    _mark_teasers(units)

    prose = [i for i, u in enumerate(units) if not u.kind and _is_prose(u.text)]
    out = PageParse(units=units)
    if not prose:
        # no sentence-like paragraph: keep every unclassified unit (never lose text)
        first, last = 0, len(units) - 1
    else:
        first, last = prose[0], prose[-1]
        # short sentences right before the first or after the last prose paragraph are
        # body too ("Critics disagreed." at the end); the header's title, byline and date
        # lines and the footer's furniture are not sentences or are classified already
        while first > 0 and not units[first - 1].kind and _is_sentence(units[first - 1].text):
            first -= 1
        while (
            last + 1 < len(units)
            and not units[last + 1].kind
            and _is_sentence(units[last + 1].text)
        ):
            last += 1

    # header: title, date, tags, byline before the body
    candidates = []
    for u in units[:first]:
        if u.kind == DATE and out.published is None:
            out.published = parse_date(u.text, dayfirst)
            out.published_text = u.text.strip()
        elif u.kind == BYLINE and out.author is None:
            m = _BYLINE.match(u.text.strip())
            out.author = m.group(2).strip() if m else None
        elif u.kind == TAGS and not _TAG_PREFIX.match(u.text):
            u.kind, u.reason = BOILER, "navigation"  # a menu or breadcrumb, not tags
        elif not u.kind:
            u.kind, u.reason = BOILER, "header line"
            candidates.append(u)
            if out.published is None and "|" in u.text:
                # "The Valley Voice | 21.09.2023": a date beside the site's name
                for part in u.text.split("|"):
                    when = parse_date(part, dayfirst)
                    if when is not None:
                        out.published, out.published_text = when, part.strip()
                        break
    if candidates:
        best = _pick_title(raw, units, candidates)
        if _words(best.text) >= 3:
            best.kind, best.reason = TITLE, "title"
            out.title = best.text.strip()
    # footer: everything after the last prose paragraph is page furniture
    for u in units[last + 1 :]:
        if u.kind == DATE and out.published is None:
            out.published = parse_date(u.text, dayfirst)
            out.published_text = u.text.strip()
        if not u.kind:
            u.kind, u.reason = BOILER, "footer line"
    tag_lines = [u for u in units if u.kind == TAGS]
    tag_lines.sort(key=lambda u: not _TAG_PREFIX.match(u.text))
    if tag_lines:
        out.tags = _split_tags(tag_lines[0].text) or []

    section = ""
    for u in units[first : last + 1]:
        text = u.text.strip()
        if u.kind in (BOILER, TEASER, TAGS) and u.reason != "date line":
            continue
        if u.kind == DATE or u.kind == BYLINE:
            # a date or byline inside the body is kept as text: never drop content
            u.kind = ""
        if (
            not u.kind
            and not _is_prose(text)
            and (_SECTION_MARKER.match(text) or (_words(text) <= 8 and not _TERMINAL.search(text)))
        ):
            u.kind, u.reason = SECTION, "section marker"
            section = text.rstrip(":").strip()
            continue
        u.kind, u.reason = BODY, section
        out.paragraphs.append(u)

    credit = [
        u.text for u in units if u.kind == BOILER and u.reason in ("copyright", "footer line")
    ]
    credit += [u.text for u in units if u.kind == BYLINE]
    lead = out.paragraphs[0].text if out.paragraphs else None
    out.agency = detect_agency(credit, lead)
    out.outlet = _outlet_from([u.text for u in units if u.reason == "copyright"], out.agency)
    if out.outlet is None:
        out.outlet = _masthead(units)
    if out.tags:
        tagset = {t.lower() for t in out.tags}
        for u in units:
            if u.kind == TAGS:
                continue
            parts = _split_tags(u.text)
            if parts and {p.lower() for p in parts} == tagset:
                u.kind, u.reason = TAGS, "tag list"
    return out
