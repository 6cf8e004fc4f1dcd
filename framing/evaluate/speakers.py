"""How well the speaker categories agree with hand-coded speakers of real news.

The gold (``corpus/speaker_categories/gold.csv``: ``item``, ``doc_id``, ``speaker_name``,
``category``) holds speakers of BASIL and PolNeAR dev articles, drawn at random from the
speakers table and coded by reading the article (``corpus/speaker_categories/GUIDE.md``).
:func:`score_categories` runs the analysis on those articles (texts from
``../shared/data``), finds each gold speaker by document and name (or the longest name of the document the
gold name starts with, when a later fix of the attribution trimmed it, or the speaker
that has the gold name among its mention forms, when a later fix resolved a surname to
the full name), and compares:

- ``document``: the category of the ``speakers`` table (what the document says);
- ``corpus``: the category of ``corpus_speakers`` (pooled over every article of the
  two datasets that quotes the same person or organisation).

Speakers coded ``not_a_speaker`` (extraction errors) or ``unclear`` (the article does not
say) are left out of accuracy. ``unclear`` predicted for a speaker the coder could place
counts as wrong, and its rate is reported on its own (``unclear_rate``) as coverage:
the categoriser does not guess where the words give no evidence.

Run: ``python -m framing.evaluate.speakers``.
"""

from __future__ import annotations

import argparse
import sys
from importlib import resources
from pathlib import Path
from typing import Any

import pandas as pd

__all__ = ["category_corpus", "read_gold", "score_categories"]

#: Codes of the coding guide that are not speaker categories.
NOT_SCORED = ("not_a_speaker", "unclear")


def gold_path() -> Path:
    """``corpus/speaker_categories/gold.csv``: in the checkout, or bundled in the wheel."""
    repo = Path(__file__).resolve().parents[2] / "corpus" / "speaker_categories" / "gold.csv"
    if repo.is_file():
        return repo
    return Path(
        str(resources.files("framing").joinpath("_corpus", "speaker_categories", "gold.csv"))
    )


def read_gold(path: str | Path | None = None) -> pd.DataFrame:
    """The hand-coded speakers: ``item``, ``doc_id``, ``speaker_name``, ``category``."""
    p = Path(path) if path is not None else gold_path()
    gold = pd.read_csv(p, dtype=str, keep_default_na=False)
    missing = {"doc_id", "speaker_name", "category"} - set(gold.columns)
    if missing:
        raise ValueError(f"{p}: missing column(s) {sorted(missing)}")
    return gold


def category_corpus(doc_ids: Any = None):
    """The BASIL and PolNeAR dev articles (paragraphs as in
    :func:`framing.datasets.units.paragraph_units`) as a :class:`framing.Corpus`, with
    doc ids ``basil:<year>/<id>`` and ``polnear:dev/<name>``; ``doc_ids`` keeps only those."""
    from ..corpus import load_corpus
    from ..datasets.units import basil_units, polnear_units

    u = pd.concat([basil_units(), polnear_units(["dev"])], ignore_index=True)
    u["doc_id"] = u["dataset"] + ":" + u["doc"]
    if doc_ids is not None:
        u = u[u["doc_id"].isin(set(doc_ids))]
    docs = (
        u.sort_values(["doc_id", "position"])
        .groupby("doc_id", sort=True)["text"]
        .agg("\n\n".join)
        .reset_index()
    )
    return load_corpus(docs)


def _match_name(gold_name: str, names: list[str]) -> str | None:
    """The speaker of a document that a gold speaker names: the same name, else the
    longest name the gold one starts with (the gold holds the attribution's names as they
    were when it was drawn; a later fix may have trimmed "the Pentagon issued a report"
    to "the Pentagon")."""
    if gold_name in names:
        return gold_name
    low = gold_name.lower()
    starts = [
        n
        for n in names
        if len(n) >= 3 and low.startswith(n.lower()) and low[len(n) : len(n) + 1] == " "
    ]
    return max(starts, key=len) if starts else None


def score_categories(gold: pd.DataFrame | None = None, analysis: Any = None) -> dict:
    """Accuracy of the speaker categories on the hand-coded speakers.

    Parameters
    ----------
    gold : DataFrame, default=None
        As :func:`read_gold` (default: the project's file).
    analysis : framing.Analysis, default=None
        An analysis of :func:`category_corpus` (default: run it, about 15 s).

    Returns
    -------
    dict
        ``summary`` (``n_gold``, ``n_found``, ``n_scored``, and per level ``document`` and
        ``corpus``: ``accuracy``, ``accuracy_placed`` (over the speakers it did not call
        unclear), ``unclear_rate``), ``items`` (one row per gold speaker with both
        predictions) and ``confusion`` (gold rows x corpus-level predictions).
    """
    from ..analysis import analyze, speaker_key

    gold = read_gold() if gold is None else gold.copy()
    if analysis is None:
        analysis = analyze(category_corpus())
    sp = analysis.speakers
    found = sp.drop_duplicates(["doc_id", "speaker_name"]).set_index(["doc_id", "speaker_name"])
    pooled = analysis.corpus_speakers.set_index("speaker_key")["speaker_category"]
    names_by_doc = sp.groupby("doc_id")["speaker_name"].agg(list).to_dict()
    aliases_by_doc: dict[str, dict[str, str]] = {}
    for d, n, al in zip(sp["doc_id"], sp["speaker_name"], sp["aliases"]):
        for a in al:
            aliases_by_doc.setdefault(d, {}).setdefault(a, n)
    rows = []
    for g in gold.itertuples(index=False):
        name = _match_name(g.speaker_name, names_by_doc.get(g.doc_id, []))
        if name is None:  # a surname since resolved to the full name: "Fox", "Schumer"
            name = aliases_by_doc.get(g.doc_id, {}).get(g.speaker_name)
        doc_cat = corpus_cat = None
        if name is not None:
            r = found.loc[(g.doc_id, name)]
            doc_cat = r["speaker_category"]
            corpus_cat = pooled.get(speaker_key(name, r["speaker_type"], g.doc_id))
        rows.append((g.doc_id, g.speaker_name, g.category, doc_cat, corpus_cat))
    items = pd.DataFrame(rows, columns=["doc_id", "speaker_name", "gold", "document", "corpus"])
    scored = items[items["document"].notna() & ~items["gold"].isin(NOT_SCORED)]
    summary: dict[str, Any] = {
        "n_gold": len(items),
        "n_found": int(items["document"].notna().sum()),
        "n_scored": len(scored),
    }
    for level in ("document", "corpus"):
        pred = scored[level].fillna("unclear")
        placed = pred != "unclear"
        summary[level] = {
            "accuracy": float((pred == scored["gold"]).mean()) if len(scored) else float("nan"),
            "accuracy_placed": float((pred[placed] == scored["gold"][placed]).mean())
            if placed.any()
            else float("nan"),
            "unclear_rate": float((~placed).mean()) if len(scored) else float("nan"),
        }
    confusion = pd.crosstab(scored["gold"], scored["corpus"].fillna("unclear"))
    summary["recall"] = {
        cat: {
            "n": len(grp),
            "document": float((grp["document"] == cat).mean()),
            "corpus": float((grp["corpus"] == cat).mean()),
        }
        for cat, grp in scored.groupby("gold", sort=True)
    }
    return {"summary": summary, "items": items, "confusion": confusion}


def main(argv: list[str] | None = None) -> int:
    """Command-line entry: print the agreement of the categories with the gold."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--gold", default=None, help="gold CSV (default: the project's)")
    ap.add_argument(
        "--items",
        default=None,
        metavar="A-B",
        help="score only gold items A to B (161-320: the items no term was chosen from)",
    )
    args = ap.parse_args(argv)
    gold = read_gold(args.gold)
    if args.items:
        a, b = (int(x) for x in args.items.split("-", 1))
        gold = gold[gold["item"].astype(int).between(a, b)]
    res = score_categories(gold)
    s = res["summary"]
    w = sys.stdout.write
    w(f"gold speakers {s['n_gold']}, found {s['n_found']}, scored {s['n_scored']}\n")
    for level in ("document", "corpus"):
        d = s[level]
        w(
            f"  {level:9s} accuracy {d['accuracy']:.3f}, on the speakers it placed "
            f"{d['accuracy_placed']:.3f}, unclear {d['unclear_rate']:.3f}\n"
        )
    w("\nrecall by gold category (share of its speakers placed in it)\n")
    for cat, r in s["recall"].items():
        w(f"  {cat:13s} n={r['n']:3d}  document {r['document']:.2f}  corpus {r['corpus']:.2f}\n")
    w("\ngold (rows) x corpus-level category (columns)\n" + res["confusion"].to_string() + "\n")
    return 0


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
