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
# unit that carries a quotation.
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
    (
        "copyright",
        re.compile(
            r"(©|\(c\)\s*\d{4}|\bcopyright \d{4}|\ball rights reserved\b|\bregistered trademarks?\b|"
            r"\bare trademarks of\b|\bis a trademark of\b)",
            re.I,
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
            r"join the (\w+ )?(community|conversation|discussion|debate))\b",
            re.I,
        ),
    ),
    (
        "app promotion",
        re.compile(
            r"\b((download|get|install) (the|our) [\w .-]{0,30}\bapps?\b|app store|google play|scan (the )?qr code)",
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
_SITE_VOICE = re.compile(r"\b(you|your|yours|our|we|us)\b|\bthis (site|website|page)\b", re.I)
_QUOTE_MARK = re.compile(r"[\"“”]")

_COMPANY_LINE = re.compile(
    r"^[A-Z][\w&'’.\- ]{0,60},? (Inc|Ltd|LLC|L\.L\.C|Corp|Corporation|plc|GmbH|AG|S\.A)\.?$"
)
_TAG_PREFIX = re.compile(r"^\s*(tags?|topics?|keywords?|filed under)\s*:\s*(.+)$", re.I)
_BYLINE = re.compile(r"^\s*(by|written by|reporting by)\s+([A-Z][^\n]{1,80})$", re.I)
_SECTION_MARKER = re.compile(r"^[A-Z][\w'’ ,\-]{1,40}:$")
_WORD = re.compile(r"\w+(?:['’.\-]\w+)*")
_TERMINAL = re.compile(r"[.!?…:;]['\"”’)\]]*$|[\"”’]$")
_ELLIPSIS = re.compile(r"\s*(\.\.\.|…)\s*$")
_PAREN_LINE = re.compile(r"^\(.*\)$")
_WS = re.compile(r"\s+")


def _words(text: str) -> int:
    return len(_WORD.findall(text))


def _is_prose(text: str) -> bool:
    """A sentence-like paragraph: enough words, and ends like a sentence (or is long)."""
    n = _words(text)
    return (n >= 8 and bool(_TERMINAL.search(text))) or n >= 25


_SENTENCE_START = re.compile(r"^[\"“‘'(]?[A-Z0-9]")


def _is_sentence(text: str) -> bool:
    """A short sentence of reported prose ("Critics disagreed."): a capital or a quote
    mark first, at least three words, sentence-final punctuation. Used to keep short
    paragraphs next to the body that :func:`_is_prose` alone would leave to the page's
    header or footer."""
    text = text.strip()
    return _words(text) >= 3 and bool(_TERMINAL.search(text) and _SENTENCE_START.match(text))


def _norm(text: str) -> str:
    return _WS.sub(" ", text).strip().lower()


def _split_units(raw: str) -> list[Unit]:
    """Lines with offsets; a hard-wrapped paragraph (line without final punctuation
    followed by a line starting in lower case, no blank line between) is one unit."""
    units: list[Unit] = []
    pos = 0
    prev_open = False  # previous line continues onto this one
    for line in raw.splitlines(keepends=True):
        body = line.rstrip("\r\n")
        stripped = body.strip()
        if stripped:
            lead = len(body) - len(body.lstrip())
            start = pos + lead
            end = pos + len(body.rstrip())
            if prev_open and units and stripped[:1].islower():
                u = units[-1]
                u.end = end
                u.text = raw[u.start : u.end]
            else:
                units.append(Unit(start, end, raw[start:end]))
            prev_open = not _TERMINAL.search(stripped) and _words(stripped) >= 6
        else:
            prev_open = False
        pos += len(line)
    return units


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
    if voiced:
        for name, pat in _WEAK:
            if pat.search(text):
                return name
    return None


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
    if candidates:
        best = max(candidates, key=lambda c: (_words(c.text) >= 3, _words(c.text)))
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
    if out.tags:
        tagset = {t.lower() for t in out.tags}
        for u in units:
            if u.kind == TAGS:
                continue
            parts = _split_tags(u.text)
            if parts and {p.lower() for p in parts} == tagset:
                u.kind, u.reason = TAGS, "tag list"
    return out
