"""Extract the article from an HTML page and align its paragraphs to the HTML source.

Boilerplate removal is trafilatura's (a maintained, evaluated extractor); this module only
maps each extracted paragraph back to character offsets in the raw HTML, so that every
paragraph, and every quote inside it, traces back to the source.
"""

from __future__ import annotations

import html as _html
import re
import warnings
from dataclasses import dataclass, field

import numpy as np

from ._dates import to_utc

__all__ = ["HtmlArticle", "parse_html", "raw_end"]

_TOKEN = re.compile(
    r"<!--.*?-->|<(script|style|noscript|template)\b.*?</\1\s*>|<[^>]*>|[^<]+", re.I | re.S
)
_ENTITY = re.compile(r"&(#\d+|#x[0-9a-f]+|[a-z][a-z0-9]*);?", re.I)
_BLOCK_TAG = re.compile(
    r"</?(p|div|br|li|h[1-6]|article|section|blockquote|tr|td|header|footer)\b", re.I
)
_WS = re.compile(r"\s+")


@dataclass
class HtmlArticle:
    title: str | None = None
    published: object = None
    published_text: str | None = None  # the date as the page writes it
    tags: list[str] = field(default_factory=list)
    outlet: str | None = None
    author: str | None = None
    paragraphs: list[str] = field(default_factory=list)
    spans: list[tuple[int, int] | None] = field(default_factory=list)
    maps: list[np.ndarray | None] = field(default_factory=list)


def _visible_text(raw: str) -> tuple[str, np.ndarray]:
    """Visible text of the HTML with whitespace collapsed, and for each of its characters
    the offset in ``raw`` it came from."""
    chars: list[str] = []
    offs: list[int] = []
    last_space = True
    for m in _TOKEN.finditer(raw):
        tok = m.group(0)
        if tok.startswith("<"):
            if _BLOCK_TAG.match(tok) and not last_space:
                chars.append(" ")
                offs.append(m.start())
                last_space = True
            continue
        base = m.start()
        i = 0
        while i < len(tok):
            if tok[i] == "&":
                em = _ENTITY.match(tok, i)
                if em:
                    s = _html.unescape(em.group(0))
                    for ch in s:
                        sp = ch.isspace()
                        if sp and last_space:
                            continue
                        chars.append(" " if sp else ch)
                        offs.append(base + i)
                        last_space = sp
                    i = em.end()
                    continue
            ch = tok[i]
            sp = ch.isspace()
            if not (sp and last_space):
                chars.append(" " if sp else ch)
                offs.append(base + i)
                last_space = sp
            i += 1
    return "".join(chars), np.asarray(offs, dtype=np.int64)


def raw_end(raw: str, last: int) -> int:
    """End offset (exclusive) in ``raw`` of the character that starts at ``last``: an
    entity such as ``&amp;`` ends after its ``;``."""
    if raw[last : last + 1] == "&":
        em = _ENTITY.match(raw, last)
        if em:
            return em.end()
    return last + 1


def _meta(raw: str, *names: str) -> list[str]:
    out = []
    for name in names:
        pat = re.compile(
            r"<meta\b[^>]*(?:property|name)\s*=\s*[\"']" + re.escape(name) + r"[\"'][^>]*>", re.I
        )
        for m in pat.finditer(raw):
            c = re.search(r"content\s*=\s*[\"']([^\"']*)[\"']", m.group(0), re.I)
            if c and c.group(1).strip():
                out.append(_html.unescape(c.group(1).strip()))
    return out


def parse_html(raw: str) -> HtmlArticle:
    """Extract title, date, tags, site name and body paragraphs of an article page.

    Paragraph offsets are found by aligning each extracted paragraph with the page's
    visible text; ``spans[i]`` is ``(start, end)`` in ``raw`` (``None`` if trafilatura
    changed the text so it cannot be found) and ``maps[i]`` maps each character of the
    paragraph to its offset in ``raw``.
    """
    import trafilatura

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        doc = trafilatura.bare_extraction(
            raw,
            output_format="python",
            with_metadata=True,
            include_comments=False,
            include_tables=False,
            favor_precision=True,
        )
    art = HtmlArticle()
    if doc is None:
        return art
    d = doc.as_dict() if hasattr(doc, "as_dict") else dict(doc)
    art.title = d.get("title") or None
    art.outlet = (_meta(raw, "og:site_name") or [d.get("sitename")])[0] or None
    art.author = d.get("author") or None
    published = _meta(raw, "article:published_time", "datePublished", "date")
    written = published[0] if published else d.get("date")
    art.published = to_utc(written)
    art.published_text = (str(written).strip() or None) if written else None
    tags = _meta(raw, "article:tag")
    if not tags:
        kw = _meta(raw, "keywords", "news_keywords")
        tags = [t.strip() for t in kw[0].split(",") if t.strip()] if kw else []
    art.tags = tags

    text = d.get("text") or ""
    paras = [_WS.sub(" ", p).strip() for p in re.split(r"\n+", text)]
    paras = [p for p in paras if p]
    visible, offs = _visible_text(raw)
    pos = 0
    for p in paras:
        i = visible.find(p, pos)
        if i < 0:
            i = visible.find(p)
        if i < 0:
            art.paragraphs.append(p)
            art.spans.append(None)
            art.maps.append(None)
            continue
        m = offs[i : i + len(p)]
        art.paragraphs.append(p)
        art.spans.append((int(m[0]), raw_end(raw, int(m[-1]))))
        art.maps.append(m)
        pos = i + len(p)
    return art
