"""Speed of quote extraction + speaker resolution next to nltk sentence splitting.

Runs both on the same PolNeAR dev paragraphs in the same process and reports paragraphs
per second and their ratio (the issue asks for at least half the speed of sentence
splitting alone, i.e. ratio >= 0.5).

    .venv/bin/python benchmarks/bench_quotes.py [--split dev] [--repeat 5]
"""

from __future__ import annotations

import argparse
import time

import pandas as pd
from nltk.tokenize.punkt import PunktSentenceTokenizer

from framing.datasets.polnear import read_polnear
from framing.quotes import extract_quotes, split_text_paragraphs
from framing.speakers import clear_caches


def _best(fn, repeat: int) -> float:
    best = float("inf")
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - t0)
    return best


def main(argv: list[str] | None = None) -> dict:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--split", default="dev")
    ap.add_argument("--repeat", type=int, default=5)
    args = ap.parse_args(argv)
    arts, _ = read_polnear(args.split)
    docs = [
        (d, [t[a:b] for a, b in split_text_paragraphs(t)])
        for d, t in zip(arts["doc_id"], arts["text"], strict=True)
    ]
    n_paras = sum(len(p) for _, p in docs)
    n_chars = sum(len(x) for _, p in docs for x in p)
    punkt = PunktSentenceTokenizer()  # untrained: no downloads

    def split_all():
        for _, paras in docs:
            for p in paras:
                punkt.tokenize(p)

    # the paragraphs table a Corpus carries (doc_id, para_id, text)
    table = pd.DataFrame(
        [(d, i, p) for d, paras in docs for i, p in enumerate(paras)],
        columns=["doc_id", "para_id", "text"],
    )

    def quotes_all():
        clear_caches()  # no memoised names carried over between repetitions
        extract_quotes(table)

    quotes_all()  # warm up (regex compilation, imports)
    split_all()
    # interleave the two so that load from other processes hits both alike
    t_split = t_quotes = float("inf")
    for _ in range(args.repeat):
        t_split = min(t_split, _best(split_all, 1))
        t_quotes = min(t_quotes, _best(quotes_all, 1))
    res = {
        "paragraphs": n_paras,
        "characters": n_chars,
        "nltk_punkt_paras_per_s": n_paras / t_split,
        "quotes_paras_per_s": n_paras / t_quotes,
        "ratio": t_split / t_quotes,
    }
    print(f"PolNeAR {args.split}: {len(docs)} documents, {n_paras} paragraphs, {n_chars} chars")
    print(f"nltk Punkt sentence splitting : {res['nltk_punkt_paras_per_s']:10.0f} paragraphs/s")
    print(f"quotes + speaker resolution  : {res['quotes_paras_per_s']:10.0f} paragraphs/s")
    print(f"ratio (quotes / sentence split): {res['ratio']:.2f}  (target >= 0.5)")
    return res


if __name__ == "__main__":
    main()
