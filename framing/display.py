"""An analysed document as HTML, for notebooks and reports.

:func:`document_html` renders one document of an analysis: every paragraph shaded by its
tone (red for negative, grey for neutral, green for positive, stronger the further
``tone_score`` is from 0), its tone and frame labels beside it, and every quote
highlighted with its speaker's name (a small label after the quote and, on hover, a
tooltip with speaker, role, kind and tone). :class:`DocumentView` wraps it with
``_repr_html_`` so that a notebook cell ending in ``analysis.show(doc_id)`` displays it.

All text is escaped; styles are inline (no ``<style>`` or script), so the fragment renders
the same in Jupyter, in a saved page and in viewers that strip style sheets.

Examples
--------
>>> import pandas as pd
>>> from framing.display import document_html
>>> paragraphs = pd.DataFrame({
...     "doc_id": ["d1", "d1"], "para_id": [0, 1], "start": [0, 40],
...     "text": ["Talks collapsed amid <bitter> accusations.",
...              '"We will respond," the minister said.'],
...     "tone_score": [-0.7, 0.1], "tone": ["negative", "neutral"],
...     "frames": [["political"], ["security", "political"]]})
>>> quotes = pd.DataFrame({
...     "doc_id": ["d1"], "para_id": [1], "quote_id": ["d1:q0"],
...     "content": ["We will respond,"], "content_start": [41], "content_end": [57],
...     "speaker_name": ["the minister"]})
>>> html = document_html(paragraphs, quotes, "d1")
>>> "&lt;bitter&gt;" in html and 'data-speaker="the minister"' in html
True
"""

from __future__ import annotations

import difflib
import html as _html
import math
from pathlib import Path
from typing import Any

import pandas as pd

from .plot import _as_list, frame_label

__all__ = ["DocumentView", "document_html", "tone_color"]

_NEUTRAL = (242, 242, 242)
_NEGATIVE = (229, 83, 75)
_POSITIVE = (92, 184, 92)
_SPEAKER_COLORS = [
    "#1f77b4",
    "#d95f02",
    "#7570b3",
    "#1b9e77",
    "#e7298a",
    "#8c564b",
    "#66a61e",
    "#a6761d",
    "#17becf",
    "#bcbd22",
]


def _esc(s: Any) -> str:
    return _html.escape("" if s is None else str(s), quote=True)


def _missing(v: Any) -> bool:
    if v is None:
        return True
    try:
        return bool(pd.isna(v))
    except (TypeError, ValueError):
        return False


def _num(v: Any) -> float | None:
    try:
        f = float(v)
    except (TypeError, ValueError):
        return None
    return f if math.isfinite(f) else None


def tone_color(score: float | None) -> str:
    """Background colour for a tone score in [-1, 1]: grey at 0, red below, green above.

    >>> tone_color(0.0), tone_color(-1.0), tone_color(None)
    ('rgb(242,242,242)', 'rgb(232,123,117)', 'rgb(242,242,242)')
    """
    s = _num(score)
    s = 0.0 if s is None else max(-1.0, min(1.0, s))
    target = _NEGATIVE if s < 0 else _POSITIVE
    t = abs(s) * 0.75
    rgb = [round(b + (c - b) * t) for b, c in zip(_NEUTRAL, target)]
    return "rgb({},{},{})".format(*rgb)


def _same_text(span: str, content: str) -> bool:
    """Whether a located span holds the quote content (its hull for interrupted quotes)."""
    a, b = " ".join(span.split()), " ".join(content.split())
    if not b:
        return False
    if a == b:
        return True
    k = min(12, len(b))
    return a.startswith(b[:k]) and a.endswith(b[-k:])


def _locate(text: str, pstart: Any, q: dict) -> tuple[int, int] | None:
    """Span of a quote's content inside its paragraph's text, or None when not found.

    The raw-document offsets (content_start - paragraph start) are used when the text
    there matches the content; otherwise (HTML input, shifted offsets) the content is
    searched for in the paragraph.
    """
    content = "" if _missing(q.get("content")) else str(q.get("content"))
    p0, cs, ce = _num(pstart), _num(q.get("content_start")), _num(q.get("content_end"))
    if p0 is not None and cs is not None and ce is not None:
        a, b = int(cs - p0), int(ce - p0)
        a, b = max(a, 0), min(b, len(text))
        if a < b and _same_text(text[a:b], content):
            return a, b
    if not content.strip():
        return None
    i = text.find(content)
    if i >= 0:
        return i, i + len(content)
    head, tail = content[:40].strip(), content[-40:].strip()
    i = text.find(head) if len(head) >= 8 else -1
    if i >= 0:
        j = text.find(tail, i + len(head)) if len(tail) >= 8 else -1
        return (i, j + len(tail)) if j >= 0 else (i, i + len(head))
    return None


def _speaker_of(q: dict) -> str:
    for col in ("speaker_name", "speaker"):
        v = q.get(col)
        if not _missing(v) and str(v).strip():
            return str(v).strip()
    return "unknown speaker"


def _quote_title(q: dict, name: str) -> str:
    parts = [f"Speaker: {name}"]
    role, typ = q.get("speaker_role"), q.get("speaker_type")
    extra = ", ".join(str(x) for x in (role, typ) if not _missing(x) and str(x).strip())
    if extra:
        parts[0] += f" ({extra})"
    if not _missing(q.get("kind")):
        parts.append(f"{q['kind']} quote")
    if not _missing(q.get("cue")) and str(q.get("cue")).strip():
        parts.append(f"cue: {q['cue']}")
    tone, score = q.get("tone"), _num(q.get("tone_score"))
    if not _missing(tone):
        parts.append(f"tone: {tone}" + (f" ({score:+.2f})" if score is not None else ""))
    frames = [frame_label(f) for f in _as_list(q.get("frames"))]
    if frames:
        parts.append("frames: " + ", ".join(frames))
    return " \u00b7 ".join(parts)


def _segments(text: str, a: int, b: int, content: str) -> list[tuple[int, int]]:
    """The stretches of ``text[a:b]`` that hold the quote content.

    The content of a quote interrupted by its attribution is its quoted parts joined by a
    space, while ``a:b`` is their hull; the parts are found by aligning the two, so the
    attribution in between is not highlighted.
    """
    span = text[a:b]
    if " ".join(span.split()) == " ".join(content.split()) or not content.strip():
        return [(a, b)]
    from difflib import SequenceMatcher

    sm = SequenceMatcher(None, span, content, autojunk=False)
    least = min(6, len(content))
    blocks = [(i, i + n) for i, _, n in sm.get_matching_blocks() if n >= least]
    if not blocks:
        return [(a, b)]
    merged = [blocks[0]]
    for i, j in blocks[1:]:
        if span[merged[-1][1] : i].strip() == "":
            merged[-1] = (merged[-1][0], j)
        else:
            merged.append((i, j))
    out = []
    for i, j in merged:
        while i < j and span[i].isspace():
            i += 1
        while j > i and span[j - 1].isspace():
            j -= 1
        if i < j:
            out.append((a + i, a + j))
    return out or [(a, b)]


def _render_text(
    text: str, pstart: Any, quotes: list[dict], colors: dict[str, str]
) -> tuple[str, list[dict]]:
    """Paragraph text with its quotes wrapped in <mark>; returns (html, unplaced quotes)."""
    placed, unplaced = [], []
    for q in quotes:
        span = _locate(text, pstart, q)
        (placed if span else unplaced).append((span, q))
    placed.sort(key=lambda t: (t[0][0], -t[0][1]))
    out, pos = [], 0
    for (a, b), q in placed:
        if a < pos:  # overlaps an earlier quote: list it below instead
            unplaced.append((None, q))
            continue
        name = _speaker_of(q)
        color = colors.get(name, "#555555")
        title = _esc(_quote_title(q, name))
        content = "" if _missing(q.get("content")) else str(q["content"])
        for s0, s1 in _segments(text, a, b, content):
            out.append(_esc(text[pos:s0]))
            out.append(
                f'<mark class="framing-quote" data-quote-id="{_esc(q.get("quote_id", ""))}" '
                f'data-speaker="{_esc(name)}" title="{title}" '
                f'style="background:rgba(255,230,80,0.55);color:inherit;padding:0 1px;'
                f'border-bottom:2px solid {color}">{_esc(text[s0:s1])}</mark>'
            )
            pos = s1
        out.append(
            f'<span class="framing-speaker" title="{title}" '
            f'style="font-size:0.72em;font-weight:600;color:{color};margin:0 3px;'
            f'white-space:nowrap">[{_esc(name)}]</span>'
        )
        out.append(_esc(text[pos:b]))
        pos = b
    out.append(_esc(text[pos:]))
    return "".join(out), [q for _, q in unplaced]


def _side(row: dict) -> str:
    tone = row.get("tone")
    score = _num(row.get("tone_score"))
    bits = []
    if not _missing(tone) or score is not None:
        label = "" if _missing(tone) else str(tone)
        num = f" {score:+.2f}" if score is not None else ""
        bits.append(
            f'<div class="framing-tone" style="font-weight:600">{_esc(label)}{_esc(num)}</div>'
        )
    frames = _as_list(row.get("frames"))
    if not frames and not _missing(row.get("primary_frame")):
        frames = [row["primary_frame"]]
    for i, f in enumerate(frames):
        p = _num(row.get(f"p_{f}"))
        tip = f"frame {f}" + (f", p={p:.2f}" if p is not None else "")
        weight = "700" if i == 0 else "400"
        bits.append(
            f'<span class="framing-frame" data-frame="{_esc(f)}" title="{_esc(tip)}" '
            f'style="display:inline-block;margin:2px 3px 0 0;padding:0 5px;border-radius:4px;'
            f'background:rgba(255,255,255,0.75);border:1px solid #999;font-weight:{weight}">'
            f"{_esc(frame_label(f))}</span>"
        )
    return "".join(bits)


def document_html(
    paragraphs: pd.DataFrame,
    quotes: pd.DataFrame | None,
    doc_id: str,
    title: str | None = None,
) -> str:
    """Render one analysed document as an HTML fragment.

    Parameters
    ----------
    paragraphs : DataFrame
        ``analysis.paragraphs`` (needs ``doc_id``, ``para_id``, ``text``; uses
        ``tone``, ``tone_score``, ``frames``/``primary_frame``, ``p_<frame>``, ``start``
        and ``section``).
    quotes : DataFrame or None
        ``analysis.quotes`` (uses ``para_id``, ``content``, ``content_start``,
        ``content_end``, ``speaker_name``, ``speaker_role``, ``speaker_type``, ``kind``,
        ``tone``, ``tone_score``). Content offsets point into the raw document; a quote is
        placed at ``content_start - start`` of its paragraph when the text there matches,
        otherwise found by searching its content in the paragraph, otherwise listed under
        the paragraph.
    doc_id : str
        The document to render.
    title : str, default=None
        Heading; the ``doc_id`` when None.

    Returns
    -------
    str
        A ``<div class="framing-doc">`` fragment; every paragraph is a
        ``<div class="framing-para" data-para-id=...>``.

    Raises
    ------
    ValueError
        If the tables lack required columns or the document has no paragraphs.
    """
    if not isinstance(paragraphs, pd.DataFrame):
        raise TypeError(f"paragraphs must be a DataFrame, got {type(paragraphs).__name__}")
    missing = [c for c in ("doc_id", "para_id", "text") if c not in paragraphs.columns]
    if missing:
        raise ValueError(f"paragraphs table lacks column(s) {missing}")
    paras = paragraphs[paragraphs["doc_id"] == doc_id].sort_values("para_id", kind="stable")
    if not len(paras):
        raise ValueError(f"no paragraphs for doc_id {doc_id!r}")

    by_para: dict[Any, list[dict]] = {}
    if quotes is not None and len(quotes):
        if not isinstance(quotes, pd.DataFrame):
            raise TypeError(f"quotes must be a DataFrame, got {type(quotes).__name__}")
        if "doc_id" not in quotes.columns or "para_id" not in quotes.columns:
            raise ValueError("quotes table lacks doc_id or para_id")
        for q in quotes[quotes["doc_id"] == doc_id].to_dict("records"):
            pid = _num(q.get("para_id"))
            if pid is not None:
                by_para.setdefault(int(pid), []).append(q)
    n_quotes = sum(len(v) for v in by_para.values())
    names: list[str] = []
    for qs in by_para.values():
        for q in qs:
            n = _speaker_of(q)
            if n not in names:
                names.append(n)
    colors = {n: _SPEAKER_COLORS[i % len(_SPEAKER_COLORS)] for i, n in enumerate(names)}

    out = [
        '<div class="framing-doc" style="font-family:system-ui,-apple-system,\'Segoe UI\','
        "Helvetica,Arial,sans-serif;font-size:14px;color:#1a1a1a;background:#ffffff;"
        'max-width:1100px;padding:8px 12px">',
        f'<h3 class="framing-title" style="margin:4px 0">{_esc(title or doc_id)}</h3>',
        f'<div class="framing-summary" style="font-size:0.85em;color:#444;margin-bottom:6px">'
        f"{_esc(doc_id)} \u00b7 {len(paras)} paragraphs \u00b7 {n_quotes} quotes"
        f" \u00b7 tone: "
        f'<span style="background:{tone_color(-0.8)};padding:0 4px">negative</span> '
        f'<span style="background:{tone_color(0)};padding:0 4px">neutral</span> '
        f'<span style="background:{tone_color(0.8)};padding:0 4px">positive</span></div>',
    ]
    if names:
        legend = " ".join(
            f'<span style="color:{colors[n]};font-weight:600;margin-right:8px">{_esc(n)}</span>'
            for n in names
        )
        out.append(
            '<div class="framing-speakers" style="font-size:0.85em;margin-bottom:8px">'
            f"Speakers: {legend}</div>"
        )

    prev_section: str | None = ""
    for row in paras.to_dict("records"):
        section = row.get("section")
        section = None if _missing(section) or not str(section).strip() else str(section)
        if section != prev_section and section is not None:
            out.append(
                '<div class="framing-section" style="margin:12px 0 4px;font-weight:600;'
                f'font-style:italic;color:#333">{_esc(section)}</div>'
            )
        prev_section = section
        pid = int(_num(row["para_id"]) or 0)
        text = "" if _missing(row.get("text")) else str(row["text"])
        body, unplaced = _render_text(text, row.get("start"), by_para.get(pid, []), colors)
        extra = ""
        if unplaced:
            items = "".join(
                f'<li><span class="framing-speaker" style="font-weight:600;'
                f'color:{colors.get(_speaker_of(q), "#555")}">[{_esc(_speaker_of(q))}]</span> '
                f'<span class="framing-unplaced-quote" title="{_esc(_quote_title(q, _speaker_of(q)))}">'
                f"{_esc(q.get('content', ''))}</span></li>"
                for q in unplaced
            )
            extra = (
                '<ul class="framing-unplaced" style="margin:4px 0 0 16px;padding:0;'
                f'font-size:0.85em">{items}</ul>'
            )
        out.append(
            f'<div class="framing-para" data-para-id="{pid}" '
            f'data-tone="{_esc("" if _missing(row.get("tone")) else row.get("tone"))}" '
            f'style="display:flex;gap:10px;margin:3px 0;padding:6px 8px;border-radius:4px;'
            f'background:{tone_color(row.get("tone_score"))}">'
            f'<div class="framing-pid" style="flex:none;width:2em;color:#666;'
            f'font-size:0.8em;text-align:right">{pid}</div>'
            f'<div class="framing-body" style="flex:1;line-height:1.5">'
            f'<div class="framing-text">{body}</div>{extra}</div>'
            f'<div class="framing-side" style="flex:none;width:210px;font-size:0.78em">'
            f"{_side(row)}</div></div>"
        )
    out.append("</div>")
    return "\n".join(out)


def _check_doc_id(analysis: Any, doc_id: Any) -> None:
    """Raise a ``KeyError`` that says how to list the ids when ``analysis`` has no
    document ``doc_id`` (in its documents table, or its paragraphs when it has none)."""
    docs = getattr(analysis, "documents", None)
    if not isinstance(docs, pd.DataFrame) or "doc_id" not in docs.columns:
        docs = analysis.paragraphs
    ids = pd.unique(docs["doc_id"].astype(object))
    if doc_id in set(ids):
        return
    names = [str(d) for d in ids]
    close = difflib.get_close_matches(str(doc_id), names, n=3, cutoff=0.6)
    hint = f"; closest: {', '.join(map(repr, close))}" if close else ""
    if not close and names:
        hint = f"; e.g. {', '.join(map(repr, names[:3]))}"
    raise KeyError(
        f"no document {doc_id!r} in the analysis ({len(names)} documents; "
        f"analysis.documents.doc_id lists their ids{hint})"
    )


class DocumentView:
    """One analysed document, displayed as HTML in a notebook.

    Parameters
    ----------
    paragraphs, quotes : DataFrame
        ``analysis.paragraphs`` and ``analysis.quotes``.
    doc_id : str
        The document.
    title : str, default=None
        Heading (e.g. the document's title); the ``doc_id`` when None.

    Examples
    --------
    >>> import pandas as pd
    >>> p = pd.DataFrame({"doc_id": ["d"], "para_id": [0], "text": ["Calm day."]})
    >>> view = DocumentView(p, None, "d", title="A day")
    >>> view
    DocumentView(doc_id='d', paragraphs=1, quotes=0)
    >>> "Calm day." in view._repr_html_()
    True
    """

    def __init__(
        self,
        paragraphs: pd.DataFrame,
        quotes: pd.DataFrame | None,
        doc_id: str,
        title: str | None = None,
    ) -> None:
        self.paragraphs = paragraphs
        self.quotes = quotes
        self.doc_id = doc_id
        self.title = title

    @classmethod
    def from_analysis(cls, analysis: Any, doc_id: str) -> DocumentView:
        """View of ``doc_id`` in an :class:`~framing.analysis.Analysis` (title from its
        documents table).

        Raises ``KeyError`` when the analysis has no document ``doc_id`` (the message
        names the closest ids).
        """
        _check_doc_id(analysis, doc_id)
        title = None
        docs = getattr(analysis, "documents", None)
        if isinstance(docs, pd.DataFrame) and {"doc_id", "title"} <= set(docs.columns):
            t = docs.loc[docs["doc_id"] == doc_id, "title"]
            if len(t) and isinstance(t.iloc[0], str) and t.iloc[0].strip():
                title = t.iloc[0]
        return cls(analysis.paragraphs, getattr(analysis, "quotes", None), doc_id, title)

    def to_html(self) -> str:
        """The HTML fragment (see :func:`document_html`)."""
        return document_html(self.paragraphs, self.quotes, self.doc_id, title=self.title)

    def _repr_html_(self) -> str:
        return self.to_html()

    def save(self, path: str | Path) -> Path:
        """Write a standalone HTML page; returns its path."""
        p = Path(path)
        page = (
            '<!DOCTYPE html>\n<html lang="en">\n<head><meta charset="utf-8">'
            f"<title>{_esc(self.title or self.doc_id)}</title></head>\n<body>\n"
            f"{self.to_html()}\n</body>\n</html>\n"
        )
        p.write_text(page, encoding="utf-8")
        return p

    def __repr__(self) -> str:
        n_p = int((self.paragraphs["doc_id"] == self.doc_id).sum())
        q = self.quotes
        n_q = int((q["doc_id"] == self.doc_id).sum()) if q is not None and len(q) else 0
        return f"DocumentView(doc_id={self.doc_id!r}, paragraphs={n_p}, quotes={n_q})"
