"""Score quote extraction and speaker attribution against PolNeAR-style gold attributions.

Protocol (issue 3):

* Predictions and gold attributions of a document are matched one-to-one by content
  overlap: Dice >= 0.5 on character spans (gold contents may be discontinuous; a
  prediction is its ``content_start``-``content_end`` hull), maximising total Dice.
* content precision / recall / F1 from the matched pairs; exact-span F1 counts a match
  only when the predicted span equals the gold hull.
* speaker accuracy on matched pairs: right when the predicted and gold speaker spans
  overlap, or the gold speaker text is a whole-word part of the predicted canonical
  ``speaker_name``. Gold attributions without a source are left out of the accuracy.
* end-to-end: a prediction counts only when its content matches and its speaker is right
  (a matched gold attribution without a source counts as right).
* Beliefs and intentions are annotated in PolNeAR too, so the headline figures use the
  *speech-act* subset of gold: cue is a speech act (say, tell, add, according to, a
  colon and the like) or the content is in quote marks. Recall is over that subset;
  a prediction matching any gold attribution is not a false positive.
* Breakdowns by gold kind (direct / mixed / indirect) and by cue.

Run ``python -m framing.evaluate.quotes --split dev`` for the dev figures.
"""

from __future__ import annotations

import argparse
import re
import sys
from collections.abc import Callable

import numpy as np
import pandas as pd
from scipy.optimize import linear_sum_assignment

__all__ = ["is_speech_act", "match_quotes", "score_polnear", "score_quotes"]

_SPEECH_CUE_RE = re.compile(
    r"(?i)(?:^|\b)(?:sa(?:y|ys|id|ying)|told|tells?|telling|add(?:s|ed|ing)?|according|"
    r"stat(?:e|es|ed|ing)|announc\w*|claim\w*|writ\w*|wrote|report\w*|not(?:e|es|ed|ing)|"
    r"explain\w*|argu\w*|ask\w*|insist\w*|warn\w*|tweet\w*|declar\w*|den(?:y|ies|ied|ying)|"
    r"admit\w*|repl(?:y|ies|ied|ying)|respond\w*|describ\w*|call(?:s|ed|ing)?|comment\w*|"
    r"acknowledg\w*|confirm\w*|predict\w*|promis\w*|testif\w*|recall\w*|remark\w*|"
    r"quip\w*|jok\w*|boast\w*|vow\w*|complain\w*|caution\w*|conced\w*|contend\w*|"
    r"assert\w*|alleg\w*|stress\w*|emphasi\w*|urg\w*|counter\w*|retort\w*|suggest\w*|"
    r"conclud\w*|continu\w*|post\w*|accus\w*|charg\w*|mus(?:e|ed|ing)|exclaim\w*|"
    r"reiterat\w*|repeat\w*|demand\w*|propos\w*|point\w*\s+out|made\s+clear|"
    r"told|quot\w*|cit(?:e|ed|es|ing)|interview\w*|statement|spoke|speak\w*|"
    r"insist\w*|disclos\w*|reveal\w*|recount\w*|shout\w*|scream\w*|yell\w*|"
    r"replied|answer\w*|agree\w*|estimat\w*|indicat\w*)(?:\b|$)|^\s*:\s*$|:"
)
_QUOTE_CHARS = re.compile("[\"\u201c\u201d]|''")


def is_speech_act(cue: str, content: str) -> bool:
    """True when a gold attribution is a speech act: speech cue or quoted content.

    Examples
    --------
    >>> is_speech_act("said", "the plan failed"), is_speech_act("are afraid", "of it")
    (True, False)
    >>> is_speech_act("believes", '"we will win"')
    True
    """
    cue = cue or ""
    return bool(_SPEECH_CUE_RE.search(cue)) or bool(_QUOTE_CHARS.search(content or ""))


def _overlap(spans: list[tuple[int, int]], a: int, b: int) -> int:
    return sum(max(0, min(b, y) - max(a, x)) for x, y in spans)


def _gold_kind(content: str) -> str:
    s = content.strip()
    qs = _QUOTE_CHARS.findall(s)
    if not qs:
        return "indirect"
    if re.match("^[\"\u201c']", s) and re.search("[\"\u201d'][.,!?]?$", s):
        return "direct"
    return "mixed"


def _cue_key(cue: str) -> str:
    c = re.sub(r"\s+", " ", (cue or "").strip().lower())
    if not c:
        return "(none)"
    if ":" in c:
        return ":"
    if "according to" in c:
        return "according to"
    words = c.split()
    aux = {"has", "have", "had", "also", "would", "will", "later", "then", "previously"}
    words = [w for w in words if w not in aux] or words
    return words[0]


def match_quotes(pred: pd.DataFrame, gold: pd.DataFrame, threshold: float = 0.5) -> pd.DataFrame:
    """One-to-one matching of predicted and gold attributions by content Dice.

    Parameters
    ----------
    pred : DataFrame
        ``doc_id``, ``content_start``, ``content_end`` (+ speaker columns).
    gold : DataFrame
        ``doc_id``, ``content_spans`` (list of (start, end)).
    threshold : float, default=0.5
        Minimum Dice coefficient for a match.

    Returns
    -------
    DataFrame
        ``pred_idx``, ``gold_idx`` (index labels), ``dice``.
    """
    rows = []
    gold_by = {d: g for d, g in gold.groupby("doc_id", sort=False)}
    for doc_id, p in pred.groupby("doc_id", sort=False):
        g = gold_by.get(doc_id)
        if g is None or not len(p):
            continue
        gspans = list(g["content_spans"])
        glen = np.array([sum(b - a for a, b in s) for s in gspans], dtype=float)
        pa = p["content_start"].to_numpy()
        pb = p["content_end"].to_numpy()
        plen = (pb - pa).astype(float)
        dice = np.zeros((len(p), len(g)))
        for j, s in enumerate(gspans):
            gs, ge = s[0][0], s[-1][1]
            cand = np.nonzero((pa < ge) & (pb > gs))[0]
            for i in cand:
                ov = _overlap(s, int(pa[i]), int(pb[i]))
                dice[i, j] = 2 * ov / (plen[i] + glen[j]) if plen[i] + glen[j] else 0.0
        dice[dice < threshold] = 0.0
        if not dice.any():
            continue
        ri, ci = linear_sum_assignment(-dice)
        for i, j in zip(ri, ci, strict=True):
            if dice[i, j] >= threshold:
                rows.append((p.index[i], g.index[j], dice[i, j]))
    return pd.DataFrame(rows, columns=["pred_idx", "gold_idx", "dice"])


def _speaker_ok(pr, gr) -> bool:
    if gr.source_start < 0:
        return True
    if pr.speaker_start < gr.source_end and pr.speaker_end > gr.source_start:
        for a, b in gr.source_spans:
            if pr.speaker_start < b and pr.speaker_end > a:
                return True
    src = re.sub(r"\s+", " ", str(gr.source)).strip(" ,").lower()
    name = str(getattr(pr, "speaker_name", "") or "").lower()
    return bool(src) and re.search(r"(?<!\w)" + re.escape(src) + r"(?!\w)", name) is not None


def _prf(tp_p: float, n_p: int, tp_r: float, n_r: int) -> tuple[float, float, float]:
    p = tp_p / n_p if n_p else 0.0
    r = tp_r / n_r if n_r else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return p, r, f


def score_quotes(pred: pd.DataFrame, gold: pd.DataFrame) -> dict:
    """Score predicted quotes against gold attributions (see module docstring).

    Parameters
    ----------
    pred : DataFrame
        Quotes table with document-level offsets (``doc_id``, ``content_start``,
        ``content_end``, ``speaker_start``, ``speaker_end``, ``speaker_name``, ``cue``,
        ``kind``).
    gold : DataFrame
        Gold attributions as read by :func:`framing.datasets.polnear.read_polnear`
        (``content_spans``, ``source``, ``source_start``, ``source_end``,
        ``source_spans``, ``cue``, ``content``, ...).

    Returns
    -------
    dict
        ``summary`` (dict of floats and counts), ``by_kind`` and ``by_cue`` (DataFrames),
        ``by_pred_cue`` (precision per predicted cue) and ``matches``.
    """
    pred = pred.reset_index(drop=True)
    gold = gold.reset_index(drop=True)
    gold = gold.assign(
        speech_act=[is_speech_act(c, t) for c, t in zip(gold["cue"], gold["content"], strict=True)],
        gkind=[_gold_kind(t) for t in gold["content"]],
        cue_key=[_cue_key(c) for c in gold["cue"]],
    )
    m = match_quotes(pred, gold)
    ok = []
    exact = []
    has_src = []
    for pi, gi in zip(m["pred_idx"], m["gold_idx"], strict=True):
        pr, gr = pred.loc[pi], gold.loc[gi]
        ok.append(_speaker_ok(pr, gr))
        exact.append(
            int(pr.content_start) == gr.content_start and int(pr.content_end) == gr.content_end
        )
        has_src.append(gr.source_start >= 0)
    m = m.assign(speaker_ok=ok, exact=exact, has_source=has_src)
    m["speech_act"] = gold.loc[m["gold_idx"], "speech_act"].to_numpy() if len(m) else []
    n_pred, n_gold = len(pred), len(gold)
    sa = gold["speech_act"]
    n_sa = int(sa.sum())
    msa = m[m["speech_act"]] if len(m) else m
    summ: dict = {"n_docs": int(gold["doc_id"].nunique()), "n_pred": n_pred, "n_gold": n_gold,
                  "n_gold_speech_act": n_sa, "n_matched": len(m)}  # fmt: skip
    # all attributions
    p, r, f = _prf(len(m), n_pred, len(m), n_gold)
    summ.update(content_precision=p, content_recall=r, content_f1=f)
    ne = int(m["exact"].sum()) if len(m) else 0
    summ["exact_f1"] = _prf(ne, n_pred, ne, n_gold)[2]
    judged = m[m["has_source"]] if len(m) else m
    summ["speaker_accuracy"] = float(judged["speaker_ok"].mean()) if len(judged) else 0.0
    ne2e = int(m["speaker_ok"].sum()) if len(m) else 0
    p, r, f = _prf(ne2e, n_pred, ne2e, n_gold)
    summ.update(e2e_precision=p, e2e_recall=r, e2e_f1=f)
    # speech-act subset (headline): recall over speech acts, any match is not a FP
    p, r, f = _prf(len(m), n_pred, len(msa), n_sa)
    summ.update(sa_content_precision=p, sa_content_recall=r, sa_content_f1=f)
    ne_sa = int(msa["exact"].sum()) if len(msa) else 0
    summ["sa_exact_f1"] = _prf(ne, n_pred, ne_sa, n_sa)[2]
    judged = msa[msa["has_source"]] if len(msa) else msa
    summ["sa_speaker_accuracy"] = float(judged["speaker_ok"].mean()) if len(judged) else 0.0
    tp_sa = int(msa["speaker_ok"].sum()) if len(msa) else 0
    p, r, f = _prf(ne2e, n_pred, tp_sa, n_sa)
    summ.update(sa_e2e_precision=p, sa_e2e_recall=r, sa_e2e_f1=f)

    gm = gold.assign(matched=False, speaker_ok=False)
    if len(m):
        gm.loc[m["gold_idx"].to_numpy(), "matched"] = True
        gm.loc[m["gold_idx"].to_numpy(), "speaker_ok"] = m["speaker_ok"].to_numpy()

    def _breakdown(col: str) -> pd.DataFrame:
        g = gm.groupby(col).agg(
            n_gold=("matched", "size"),
            n_speech_act=("speech_act", "sum"),
            recall=("matched", "mean"),
            e2e_recall=("speaker_ok", "mean"),
        )
        return g.sort_values("n_gold", ascending=False)

    by_kind = _breakdown("gkind")
    by_cue = _breakdown("cue_key")
    pm = pred.assign(matched=False, speaker_ok=False, cue_key=[_cue_key(c) for c in pred["cue"]])
    if len(m):
        pm.loc[m["pred_idx"].to_numpy(), "matched"] = True
        pm.loc[m["pred_idx"].to_numpy(), "speaker_ok"] = m["speaker_ok"].to_numpy()
    agg = dict(
        n_pred=("matched", "size"),
        precision=("matched", "mean"),
        e2e_precision=("speaker_ok", "mean"),
    )
    by_pred_cue = pm.groupby("cue_key").agg(**agg).sort_values("n_pred", ascending=False)
    by_pred_kind = pm.groupby("kind").agg(**agg) if "kind" in pm else None
    return {"summary": summ, "by_kind": by_kind, "by_cue": by_cue, "by_pred_cue": by_pred_cue,
            "by_pred_kind": by_pred_kind, "matches": m}  # fmt: skip


def score_polnear(
    split: str = "dev",
    extractor: Callable[[str, str], pd.DataFrame] | None = None,
    *,
    limit: int | None = None,
) -> dict:
    """Run an extractor on a PolNeAR split and score it.

    Parameters
    ----------
    split : str, default="dev"
    extractor : callable (text, doc_id) -> quotes DataFrame, optional
        Defaults to :func:`framing.quotes.extract_quotes_text`.
    limit : int, optional
        Score only the first ``limit`` articles.
    """
    from ..datasets.polnear import read_polnear
    from ..quotes import extract_quotes_text

    extractor = extractor or extract_quotes_text
    arts, gold = read_polnear(split)
    if limit is not None:
        arts = arts.iloc[:limit]
        gold = gold[gold["doc_id"].isin(set(arts["doc_id"]))]
    preds = [extractor(t, d) for d, t in zip(arts["doc_id"], arts["text"], strict=True)]
    preds = [p for p in preds if len(p)]
    pred = pd.concat(preds, ignore_index=True) if preds else pd.DataFrame(
        columns=["doc_id", "content_start", "content_end", "speaker_start", "speaker_end",
                 "speaker_name", "cue", "kind"]
    )  # fmt: skip
    out = score_quotes(pred, gold)
    out["pred"] = pred
    out["gold"] = gold
    return out


def main(argv: list[str] | None = None) -> int:
    """Command-line entry: print the PolNeAR scores of the rule extractor."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--split", default="dev")
    ap.add_argument("--limit", type=int, default=None)
    ap.add_argument("--top-cues", type=int, default=15)
    args = ap.parse_args(argv)
    res = score_polnear(args.split, limit=args.limit)
    w = sys.stdout.write
    w(f"PolNeAR {args.split}\n")
    for k, v in res["summary"].items():
        w(f"  {k:24s} {v:.3f}\n" if isinstance(v, float) else f"  {k:24s} {v}\n")
    with pd.option_context("display.width", 120, "display.precision", 3):
        w("\nby gold kind\n" + res["by_kind"].to_string() + "\n")
        w("\nby gold cue (top)\n" + res["by_cue"].head(args.top_cues).to_string() + "\n")
        w("\nby predicted cue (top)\n" + res["by_pred_cue"].head(args.top_cues).to_string() + "\n")
        if res["by_pred_kind"] is not None:
            w("\nby predicted kind\n" + res["by_pred_kind"].to_string() + "\n")
    return 0


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
