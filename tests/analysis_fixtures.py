"""Small result tables with exactly the documented Analysis columns, for plot/display tests.

The tables are built from real paragraphs (the seed article loaded with
:func:`framing.load_corpus`) and real quotes and speakers (:func:`framing.quotes.
extract_quotes`), with transparent stand-ins for the trained models: VADER's compound
score for tone and keyword cues for frames. They follow the column contract of
``framing.analysis`` so the plotting and display code is tested independently of the
shipped models; tests also run on real ``framing.analyze`` output.
"""

from __future__ import annotations

import re
from types import SimpleNamespace

import numpy as np
import pandas as pd

# frame keys of the built-in policy_frames codebook (framing/codebooks/policy_frames.yaml)
FRAME_KEYS = [
    "economic",
    "capacity_resources",
    "morality",
    "fairness_equality",
    "legality",
    "policy",
    "crime_punishment",
    "security_defense",
    "health_safety",
    "quality_of_life",
    "cultural_identity",
    "public_opinion",
    "political",
    "external_regulation",
    "other",
]

# keyword cues per frame (stand-in for the frame classifier)
_FRAME_CUES = {
    "economic": r"econom|sanction|costs?\b|SWIFT|payment|banks?\b|pain",
    "security_defense": r"troops|military|invasion|invade|attack|offensive|war\b|threat|defen[cs]e",
    "external_regulation": r"diplomat|allies|NATO|Minsk|relations|Europe|dialog",
    "political": r"president|Kremlin|White House|call\b|meeting|summit|talks",
    "legality": r"agreement|treaty|law\b|court",
    "public_opinion": r"media reports|public|protest",
}

_VADER = None


def _vader(text: str) -> float:
    global _VADER
    if _VADER is None:
        from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

        _VADER = SentimentIntensityAnalyzer()
    return float(_VADER.polarity_scores(text)["compound"])


def _tone_probs(text: str) -> tuple[str, float, float, float, float]:
    c = _vader(text)
    logits = np.array([-2.5 * c, 0.6, 2.5 * c])
    p = np.exp(logits - logits.max())
    p = p / p.sum()
    label = ["negative", "neutral", "positive"][int(p.argmax())]
    return label, float(p[2] - p[0]), float(p[0]), float(p[1]), float(p[2])


def _frame_probs(text: str) -> tuple[list[str], dict[str, float]]:
    hits = {k: len(re.findall(pat, text, flags=re.I)) for k, pat in _FRAME_CUES.items()}
    raw = np.full(len(FRAME_KEYS), 0.02)
    for i, k in enumerate(FRAME_KEYS):
        raw[i] += hits.get(k, 0)
    if raw.max() <= 0.02:
        raw[FRAME_KEYS.index("other")] += 1
    p = raw / raw.sum()
    order = np.argsort(-p, kind="stable")
    frames = [FRAME_KEYS[i] for i in order if p[i] >= 0.2] or [FRAME_KEYS[order[0]]]
    return frames, {k: float(v) for k, v in zip(FRAME_KEYS, p)}


def _boot(values, rng: np.random.Generator, n: int = 500) -> tuple[float, float, float]:
    v = np.asarray([x for x in values if np.isfinite(x)], dtype=float)
    if not len(v):
        return float("nan"), float("nan"), float("nan")
    means = rng.choice(v, size=(n, len(v)), replace=True).mean(axis=1)
    return float(v.mean()), float(np.quantile(means, 0.025)), float(np.quantile(means, 0.975))


def _score_quotes(quotes: pd.DataFrame) -> pd.DataFrame:
    rows = []
    for content in quotes["content"]:
        label, score, pn, pu, pp = _tone_probs(content)
        frames, _ = _frame_probs(content)
        rows.append(
            {
                "tone": label,
                "tone_score": score,
                "p_negative": pn,
                "p_neutral": pu,
                "p_positive": pp,
                "frames": frames,
                "primary_frame": frames[0],
            }
        )
    cols = ["tone", "tone_score", "p_negative", "p_neutral", "p_positive", "frames"]
    scored = pd.DataFrame(rows, columns=[*cols, "primary_frame"], index=quotes.index)
    return pd.concat([quotes, scored], axis=1)


def build_tables(corpus) -> SimpleNamespace:
    """Analysis-like tables (paragraphs, quotes, speakers, corpus_speakers, documents).

    Parameters
    ----------
    corpus : Corpus or namespace
        With ``paragraphs`` (doc_id, para_id, text, start, end, section), ``documents``
        (doc_id, source, title, published, outlet, agency, tags) and optionally
        ``to_raw_offsets`` (used by quote extraction).
    """
    from framing.quotes import extract_quotes

    paragraphs, documents = corpus.paragraphs, corpus.documents
    rng = np.random.default_rng(0)
    meta = documents.set_index("doc_id")
    quotes = _score_quotes(extract_quotes(corpus))
    by_para = {k: g for k, g in quotes.groupby(["doc_id", "para_id"], sort=False)}
    prow = []
    for doc_id, grp in paragraphs.groupby("doc_id", sort=False):
        for r in grp.sort_values("para_id").itertuples(index=False):
            label, score, pn, pu, pp = _tone_probs(r.text)
            frames, probs = _frame_probs(r.text)
            qs = by_para.get((doc_id, r.para_id))
            ids, names = [], []
            if qs is not None:
                for sid, name in zip(qs["speaker_id"], qs["speaker_name"]):
                    if sid not in ids:
                        ids.append(sid)
                        names.append(name)
            quoted = 0 if qs is None else sum(len(c) for c in qs["content"])
            row = {
                "doc_id": doc_id,
                "para_id": int(r.para_id),
                "text": r.text,
                "start": int(r.start),
                "end": int(r.end),
                "section": r.section if isinstance(r.section, str) else None,
                "tone": label,
                "tone_score": score,
                "p_negative": pn,
                "p_neutral": pu,
                "p_positive": pp,
                "frames": frames,
                "primary_frame": frames[0],
            }
            row.update({f"p_{k}": v for k, v in probs.items()})
            row.update(
                {
                    "speaker_ids": ids,
                    "speaker_names": names,
                    "quoted_share": min(1.0, quoted / max(len(r.text), 1)),
                    "voice": "quoted" if ids else "author",
                    "outlet": meta.loc[doc_id, "outlet"],
                    "agency": meta.loc[doc_id, "agency"],
                    "published": meta.loc[doc_id, "published"],
                }
            )
            prow.append(row)
    paras = pd.DataFrame(prow)

    srows = []
    for (doc_id, sid), g in quotes.groupby(["doc_id", "speaker_id"], sort=False):
        m, lo, hi = _boot(g["tone_score"], rng)
        first = g.iloc[0]
        row = {
            "doc_id": doc_id,
            "speaker_id": sid,
            "speaker_name": first["speaker_name"],
            "speaker_type": first["speaker_type"],
            "speaker_role": first["speaker_role"],
            "aliases": sorted({str(a) for a in g["speaker"]}),
            "n_quotes": len(g),
            "words_quoted": int(sum(len(c.split()) for c in g["content"])),
            "tone_mean": m,
            "tone_low": lo,
            "tone_high": hi,
        }
        row.update({f"frame_{k}": float((g["primary_frame"] == k).mean()) for k in FRAME_KEYS})
        row.update(
            {"outlet": meta.loc[doc_id, "outlet"], "published": meta.loc[doc_id, "published"]}
        )
        srows.append(row)
    speakers = pd.DataFrame(srows)

    crows = []
    for name, g in quotes.groupby("speaker_name", sort=False):
        m, lo, hi = _boot(g["tone_score"], rng)
        first = g.iloc[0]
        row = {
            "speaker_key": name.lower(),
            "speaker_name": name,
            "speaker_type": first["speaker_type"],
            "speaker_role": first["speaker_role"],
            "n_documents": int(g["doc_id"].nunique()),
            "doc_ids": sorted(set(g["doc_id"])),
            "n_quotes": len(g),
            "words_quoted": int(sum(len(c.split()) for c in g["content"])),
            "tone_mean": m,
            "tone_low": lo,
            "tone_high": hi,
        }
        row.update({f"frame_{k}": float((g["primary_frame"] == k).mean()) for k in FRAME_KEYS})
        crows.append(row)
    corpus_speakers = pd.DataFrame(crows).sort_values(
        ["n_quotes", "speaker_name"], ascending=[False, True], ignore_index=True
    )

    drows = []
    for doc_id, g in paras.groupby("doc_id", sort=False):
        m, lo, hi = _boot(g["tone_score"], rng)
        d = meta.loc[doc_id]
        row = {
            "doc_id": doc_id,
            "source": d["source"],
            "title": d["title"],
            "published": d["published"],
            "outlet": d["outlet"],
            "agency": d["agency"],
            "tags": d["tags"],
            "n_paragraphs": len(g),
            "n_quotes": int((quotes["doc_id"] == doc_id).sum()),
            "n_speakers": int((speakers["doc_id"] == doc_id).sum()),
            "tone_mean": m,
            "tone_low": lo,
            "tone_high": hi,
            "share_negative": float((g["tone"] == "negative").mean()),
            "share_neutral": float((g["tone"] == "neutral").mean()),
            "share_positive": float((g["tone"] == "positive").mean()),
        }
        row.update({f"frame_{k}": float((g["primary_frame"] == k).mean()) for k in FRAME_KEYS})
        author = g.loc[g["voice"] == "author", "tone_score"]
        quoted = g.loc[g["voice"] == "quoted", "tone_score"]
        row["author_tone"] = float(author.mean()) if len(author) else float("nan")
        row["quoted_tone"] = float(quoted.mean()) if len(quoted) else float("nan")
        drows.append(row)
    docs = pd.DataFrame(drows)
    docs["published"] = pd.to_datetime(docs["published"], utc=True).astype("datetime64[ns, UTC]")
    paras["published"] = pd.to_datetime(paras["published"], utc=True)
    speakers["published"] = pd.to_datetime(speakers["published"], utc=True)
    return SimpleNamespace(
        frame_keys=list(FRAME_KEYS),
        paragraphs=paras,
        quotes=quotes,
        speakers=speakers,
        corpus_speakers=corpus_speakers,
        documents=docs,
    )


def seed_tables(corpus) -> SimpleNamespace:
    """Tables for a loaded corpus (e.g. the seed article) as one analysis."""
    return build_tables(corpus)


def multi_doc_tables(corpus) -> SimpleNamespace:
    """The seed article's paragraphs dealt into four documents of two outlets and agencies
    across three months: a small multi-document corpus for over-time and group plots."""
    paras = corpus.paragraphs.sort_values(["doc_id", "para_id"], ignore_index=True)
    chunks = np.array_split(np.arange(len(paras)), 4)
    published = pd.to_datetime(
        ["2021-12-06 17:50", "2021-12-20 09:00", "2022-01-14 12:00", "2022-02-21 08:30"],
        utc=True,
    )
    outlets = ["Newsmax Media", "Reuters", "Newsmax Media", "Reuters"]
    agencies = ["Reuters", "Reuters", "AP", "AP"]
    new_p, docs = [], []
    for i, idx in enumerate(chunks):
        doc_id = f"doc{i}"
        part = paras.iloc[idx].copy()
        part["doc_id"] = doc_id
        part["para_id"] = np.arange(len(part))
        new_p.append(part)
        docs.append(
            {
                "doc_id": doc_id,
                "source": f"seed-part-{i}.txt",
                "title": f"Seed article, part {i + 1}",
                "published": published[i],
                "outlet": outlets[i],
                "agency": agencies[i],
                "tags": ["ukraine", "russia"],
            }
        )
    paragraphs = pd.concat(new_p, ignore_index=True)
    starts = {
        (d, p): s
        for d, p, s in zip(paragraphs["doc_id"], paragraphs["para_id"], paragraphs["start"])
    }

    def to_raw_offsets(doc_id, para_id, a, b):
        s0 = starts[(doc_id, para_id)]
        return s0 + a, s0 + b

    return build_tables(
        SimpleNamespace(
            paragraphs=paragraphs, documents=pd.DataFrame(docs), to_raw_offsets=to_raw_offsets
        )
    )


_ANALYSES: dict[int, tuple] = {}


def real_analysis(corpus):
    """``framing.analyze`` of a corpus with the shipped tone and frame models, once per
    corpus object (the corpora are session fixtures, shared by the plot and display
    tests)."""
    import framing

    key = id(corpus)
    if key not in _ANALYSES:
        _ANALYSES[key] = (corpus, framing.analyze(corpus))
    return _ANALYSES[key][1]
