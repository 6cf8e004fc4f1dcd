"""HTML view of an analysed document (framing.display)."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pandas as pd
import pytest
from analysis_fixtures import real_analysis, seed_tables

from framing.display import DocumentView, document_html, tone_color
from framing.plot import frame_label

VOID = {"br", "hr", "img", "meta", "input", "link", "wbr"}


class DocParser(HTMLParser):
    """Checks nesting and collects, per paragraph, its text, quotes and frame labels."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[tuple[str, dict]] = []
        self.errors: list[str] = []
        self.tags: list[str] = []
        self.paras: dict[int, dict] = {}
        self.current: int | None = None
        self.unplaced: list[dict] = []

    def _in(self, cls: str) -> dict | None:
        for _, attrs in reversed(self.stack):
            if cls in (attrs.get("class") or "").split():
                return attrs
        return None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        self.tags.append(tag)
        if tag in VOID:
            return
        self.stack.append((tag, a))
        cls = (a.get("class") or "").split()
        if "framing-para" in cls:
            self.current = int(a["data-para-id"])
            self.paras[self.current] = {
                "attrs": a,
                "text": "",
                "quotes": [],
                "labels": [],
                "frames": [],
                "side": "",
            }
        if "framing-quote" in cls:
            self.paras[self.current]["quotes"].append({"attrs": a, "text": ""})
        if "framing-frame" in cls:
            self.paras[self.current]["frames"].append(a["data-frame"])

    def handle_endtag(self, tag):
        if tag in VOID:
            return
        if not self.stack or self.stack[-1][0] != tag:
            self.errors.append(f"unexpected </{tag}> (open: {[t for t, _ in self.stack]})")
            return
        _, a = self.stack.pop()
        if "framing-para" in (a.get("class") or "").split():
            self.current = None

    def handle_data(self, data):
        if self.current is None:
            return
        p = self.paras[self.current]
        if self._in("framing-unplaced"):
            if self._in("framing-unplaced-quote"):
                self.unplaced.append({"para_id": self.current, "text": data})
            return
        if self._in("framing-speaker"):
            p["labels"].append(data)
        elif self._in("framing-text"):
            p["text"] += data
            if self._in("framing-quote"):
                p["quotes"][-1]["text"] += data
        elif self._in("framing-side"):
            p["side"] += data


def norm(s: str) -> str:
    return " ".join(s.split())


def parse(html: str) -> DocParser:
    p = DocParser()
    p.feed(html)
    p.close()
    assert not p.errors, p.errors
    assert not p.stack, f"unclosed tags: {[t for t, _ in p.stack]}"
    return p


@pytest.fixture(scope="module")
def seed(seed_corpus):
    return seed_tables(seed_corpus)


def test_every_paragraph_rendered_with_its_text(seed):
    doc = seed.documents["doc_id"].iloc[0]
    html = document_html(seed.paragraphs, seed.quotes, doc, title="Biden & Putin <talks>")
    p = parse(html)
    paras = seed.paragraphs
    assert sorted(p.paras) == paras["para_id"].tolist()
    for r in paras.itertuples():
        got = p.paras[r.para_id]
        assert got["text"] == r.text
        assert got["attrs"]["data-tone"] == r.tone
        assert got["attrs"]["style"].endswith(f"background:{tone_color(r.tone_score)}")
        assert got["frames"] == list(r.frames)
        assert f"{r.tone} {r.tone_score:+.2f}" in got["side"]
        assert frame_label(r.primary_frame) in got["side"]
    assert "Biden &amp; Putin &lt;talks&gt;" in html
    assert "Earlier story" in html


def test_quotes_highlighted_with_speaker_names(seed):
    doc = seed.documents["doc_id"].iloc[0]
    p = parse(document_html(seed.paragraphs, seed.quotes, doc))
    n = parts = 0
    for q in seed.quotes.itertuples():
        marks = p.paras[q.para_id]["quotes"]
        match = [m for m in marks if m["attrs"]["data-quote-id"] == q.quote_id]
        assert match, q.quote_id
        # an interrupted quote is highlighted part by part, its attribution left out
        assert norm(" ".join(m["text"] for m in match)) == norm(q.content)
        for m in match:
            assert m["attrs"]["data-speaker"] == q.speaker_name
            assert m["attrs"]["title"].startswith(f"Speaker: {q.speaker_name}")
        assert f"[{q.speaker_name}]" in p.paras[q.para_id]["labels"]
        n += 1
        parts += len(match) > 1
    assert n == len(seed.quotes) > 20
    assert parts >= 1  # the seed has a quote interrupted by "she said"
    assert not p.unplaced


def test_shading_follows_tone():
    assert tone_color(0) == "rgb(242,242,242)"
    r, g, b = map(int, re.findall(r"\d+", tone_color(-0.9)))
    assert r > g and r > b
    r, g, b = map(int, re.findall(r"\d+", tone_color(0.9)))
    assert g > r and g > b
    weak = tuple(map(int, re.findall(r"\d+", tone_color(-0.2))))
    strong = tuple(map(int, re.findall(r"\d+", tone_color(-0.9))))
    assert strong[1] < weak[1] < 242  # more red, less green, with a stronger tone
    assert tone_color(float("nan")) == tone_color(None) == tone_color(0)
    assert tone_color(5) == tone_color(1)


def _tiny(texts, quotes):
    starts, pos = [], 100
    for t in texts:
        starts.append(pos)
        pos += len(t) + 2
    paras = pd.DataFrame(
        {
            "doc_id": "d",
            "para_id": range(len(texts)),
            "text": texts,
            "start": starts,
            "tone": ["negative", "positive", "neutral"][: len(texts)],
            "tone_score": [-0.6, 0.7, 0.0][: len(texts)],
            "frames": [["crime_punishment"], ["security_defense", "political"], []][: len(texts)],
            "primary_frame": ["crime_punishment", "security_defense", "other"][: len(texts)],
        }
    )
    return paras, pd.DataFrame(quotes)


def test_escaping_of_markup_in_text_names_and_titles():
    texts = [
        'A <script>alert("x")</script> & <b>bold</b> claim.',
        '"Rates < 5% & rising," said O\'Brien <CEO>.',
    ]
    quotes = [
        {
            "doc_id": "d",
            "para_id": 1,
            "quote_id": "d:q0",
            "content": "Rates < 5% & rising,",
            "content_start": 100 + len(texts[0]) + 2 + 1,
            "content_end": 100 + len(texts[0]) + 2 + 21,
            "speaker_name": "O'Brien <CEO>",
            "speaker_role": 'head of "<Bank>"',
            "kind": "direct",
        }
    ]
    paras, q = _tiny(texts, quotes)
    html = document_html(paras, q, "d", title="<T> & co")
    assert "<script>" not in html and "<b>" not in html and "<CEO>" not in html
    p = parse(html)
    assert "script" not in p.tags and "b" not in p.tags
    assert p.paras[0]["text"] == texts[0]
    assert p.paras[1]["text"] == texts[1]
    mark = p.paras[1]["quotes"][0]
    assert mark["text"] == "Rates < 5% & rising,"
    assert mark["attrs"]["data-speaker"] == "O'Brien <CEO>"
    assert 'head of "<Bank>"' in mark["attrs"]["title"]
    assert "&lt;script&gt;" in html and "&amp;" in html


def test_quote_found_by_content_when_offsets_do_not_line_up():
    texts = ["Prices rose again.", 'The minister said: "We have a plan." Critics disagreed.']
    quotes = [
        {  # offsets shifted, as after HTML clean-up
            "doc_id": "d",
            "para_id": 1,
            "quote_id": "d:q0",
            "content": "We have a plan.",
            "content_start": 5000,
            "content_end": 5015,
            "speaker_name": "the minister",
        },
        {  # content not in the paragraph at all: listed under it, not lost
            "doc_id": "d",
            "para_id": 1,
            "quote_id": "d:q1",
            "content": "Nothing to see here",
            "content_start": None,
            "content_end": None,
            "speaker_name": None,
            "speaker": "critics",
        },
    ]
    paras, q = _tiny(texts, quotes)
    html = document_html(paras, q, "d")
    p = parse(html)
    marks = p.paras[1]["quotes"]
    assert [m["text"] for m in marks] == ["We have a plan."]
    assert p.paras[1]["text"] == texts[1]
    assert p.unplaced == [{"para_id": 1, "text": "Nothing to see here"}]
    assert "[critics]" in html  # speaker mention when no canonical name


def test_interrupted_quote_and_overlapping_quotes():
    text = '"We will not back down," the envoy said, "whatever it costs."'
    start = 100
    a = text.index("We")
    b = text.rindex('costs."') + len("costs.")
    quotes = [
        {
            "doc_id": "d",
            "para_id": 0,
            "quote_id": "d:q0",
            "content": "We will not back down, whatever it costs.",
            "content_start": start + a,
            "content_end": start + b,
            "speaker_name": "the envoy",
        },
        {
            "doc_id": "d",
            "para_id": 0,
            "quote_id": "d:q1",
            "content": "whatever it costs.",
            "content_start": start + text.index("whatever"),
            "content_end": start + b,
            "speaker_name": "the envoy",
        },
    ]
    paras, q = _tiny([text], quotes)
    p = parse(document_html(paras, q, "d"))
    marks = p.paras[0]["quotes"]
    # the interrupted quote: two highlighted parts, the attribution between them not;
    # the second quote overlaps it and is listed under the paragraph
    assert [m["text"] for m in marks] == ["We will not back down,", "whatever it costs."]
    assert {m["attrs"]["data-quote-id"] for m in marks} == {"d:q0"}
    assert p.paras[0]["labels"] == ["[the envoy]"]
    assert p.unplaced == [{"para_id": 0, "text": "whatever it costs."}]
    assert p.paras[0]["text"] == text


def test_bad_input():
    paras, q = _tiny(["One."], [])
    with pytest.raises(ValueError, match="no paragraphs for doc_id 'zzz'"):
        document_html(paras, q, "zzz")
    with pytest.raises(ValueError, match="lacks column"):
        document_html(paras.drop(columns="text"), q, "d")
    with pytest.raises(TypeError):
        document_html(["One."], None, "d")
    # minimal tables: no tone, no frames, no quotes
    html = document_html(paras[["doc_id", "para_id", "text"]], None, "d")
    assert parse(html).paras[0]["text"] == "One."


def test_document_view(seed, tmp_path):
    doc = seed.documents["doc_id"].iloc[0]
    view = DocumentView.from_analysis(seed, doc)
    assert view.title == seed.documents["title"].iloc[0]
    html = view._repr_html_()
    assert html == document_html(seed.paragraphs, seed.quotes, doc, title=view.title)
    assert repr(view) == (
        f"DocumentView(doc_id={doc!r}, paragraphs={len(seed.paragraphs)}, "
        f"quotes={len(seed.quotes)})"
    )
    page = view.save(tmp_path / "doc.html").read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>") and html in page
    parse(page)


def test_tables_read_back_from_csv_render_the_same(seed, tmp_path):
    from framing._io import write_table

    doc = seed.documents["doc_id"].iloc[0]
    write_table(seed.paragraphs, "csv", tmp_path / "p.csv")
    write_table(seed.quotes, "csv", tmp_path / "q.csv")
    html = document_html(pd.read_csv(tmp_path / "p.csv"), pd.read_csv(tmp_path / "q.csv"), doc)
    assert html == document_html(seed.paragraphs, seed.quotes, doc)


@pytest.mark.parametrize("which", ["seed", "sample"])
def test_analysed_documents_render_every_paragraph_and_quote(which, request):
    corpus = request.getfixturevalue(f"{which}_corpus")
    a = real_analysis(corpus)
    for doc in a.documents["doc_id"]:
        view = a.show(doc)
        p = parse(view._repr_html_())
        paras = a.paragraphs[a.paragraphs["doc_id"] == doc]
        assert sorted(p.paras) == sorted(paras["para_id"])
        for r in paras.itertuples():
            assert p.paras[r.para_id]["text"] == r.text
        quotes = a.quotes[a.quotes["doc_id"] == doc]
        marked = {m["attrs"]["data-quote-id"] for v in p.paras.values() for m in v["quotes"]}
        # every quote is highlighted in its paragraph (HTML pages included) or, when it
        # overlaps another, listed under it
        assert len(marked) + len(p.unplaced) == len(quotes)
        assert len(p.unplaced) <= 0.1 * max(len(quotes), 1)
