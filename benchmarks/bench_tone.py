"""Throughput of the shipped tone model next to VADER alone, on the same paragraphs.

    .venv/bin/python benchmarks/bench_tone.py [--n 5000] [--repeats 3] [--batch 1000]

Paragraphs are real news: PolNeAR and BASIL paragraphs from the data directory when
present (:func:`framing.datasets.units.paragraph_units`), else the bundled sample corpus
repeated. In one process, interleaved, each repeated ``--repeats`` times (best run kept):

``vader``
    ``vaderSentiment.SentimentIntensityAnalyzer().polarity_scores`` on every paragraph
    (lexicon sentiment alone, the baseline of the issue).
``vader_nltk``
    NLTK's VADER (:func:`framing.features.vader_analyzer`) on every paragraph.
``lexicon``
    :class:`framing.features.LexiconTone` features alone (per-sentence VADER lexicon).
``tone``
    The shipped :class:`framing.tone.ToneClassifier`: ``predict_frame`` (features, model,
    calibrated probabilities) in batches of ``--batch`` paragraphs. Model loading is timed
    once, separately.
``encoder`` (with ``--encoder N``, needs ``framing[encoder]``)
    The forward pass of the optional sentence encoder (all-MiniLM-L6-v2, 128 word pieces,
    one PyTorch thread) on the first N paragraphs: what a fine-tuned
    :class:`framing.encoder.EncoderClassifier` costs per paragraph at prediction time.

Reported: paragraphs per CPU second (``time.process_time``; the machine may be shared,
so CPU time is what one core spent) and per wall second, and the ratio of the tone
model's CPU cost per paragraph to VADER's (<= 1 means the whole model costs no more than
VADER alone). BLAS is limited to one thread.
"""

from __future__ import annotations

import argparse
import sys
import time

import numpy as np
from threadpoolctl import threadpool_limits


def paragraphs(n: int) -> list[str]:
    try:
        from framing.datasets.units import paragraph_units

        texts = paragraph_units(("polnear", "basil"))["text"].tolist()
        source = "PolNeAR + BASIL paragraphs"
    except FileNotFoundError:
        from framing import load_sample_corpus

        texts = load_sample_corpus().paragraphs["text"].tolist()
        source = "sample corpus paragraphs (repeated)"
    rng = np.random.default_rng(0)
    idx = rng.choice(len(texts), size=n, replace=n > len(texts))
    print(f"{n} paragraphs from {source}; mean {np.mean([len(texts[i]) for i in idx]):.0f} chars")
    return [texts[i] for i in idx]


def timed(fn) -> tuple[float, float]:
    w0, c0 = time.perf_counter(), time.process_time()
    fn()
    return time.perf_counter() - w0, time.process_time() - c0


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=5000)
    ap.add_argument("--repeats", type=int, default=3)
    ap.add_argument("--batch", type=int, default=1000)
    ap.add_argument("--encoder", type=int, default=0, help="also time the encoder on N paragraphs")
    args = ap.parse_args(argv)

    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

    from framing.features import LexiconTone, vader_analyzer
    from framing.tone import load_tone_model

    texts = paragraphs(args.n)
    with threadpool_limits(1):
        load_wall, load_cpu = timed(load_tone_model)
        model = load_tone_model()
        vader = SentimentIntensityAnalyzer()
        vnltk = vader_analyzer()
        lex = LexiconTone().fit(["x"])
        b = args.batch

        def run_tone():
            for i in range(0, len(texts), b):
                model.predict_frame(texts[i : i + b])

        runs = {
            "vader": lambda: [vader.polarity_scores(t) for t in texts],
            "vader_nltk": lambda: [vnltk.polarity_scores(t) for t in texts],
            "lexicon": lambda: lex.transform(texts),
            "tone": run_tone,
        }
        n_texts = {k: len(texts) for k in runs}
        if args.encoder:
            from framing.encoder import SentenceEncoder

            enc = SentenceEncoder(max_length=128, n_threads=1).fit()
            runs["encoder"] = lambda: enc.transform(texts[: args.encoder])
            n_texts["encoder"] = min(args.encoder, len(texts))
        best = {k: (np.inf, np.inf) for k in runs}
        for _ in range(args.repeats):
            for name, fn in runs.items():
                w, c = timed(fn)
                best[name] = (min(best[name][0], w), min(best[name][1], c))
    print(f"tone model load: {load_wall:.2f} s wall, {load_cpu:.2f} s CPU (once per process)")
    print(f"{'method':<12}{'para/s (CPU)':>14}{'para/s (wall)':>15}{'us/para (CPU)':>15}")
    for name, (w, c) in best.items():
        n = n_texts[name]
        print(f"{name:<12}{n / c:>14.0f}{n / w:>15.0f}{1e6 * c / n:>15.1f}")
    ratio = best["tone"][1] / best["vader"][1]
    print(
        f"tone model CPU cost per paragraph / VADER's: {ratio:.2f} "
        f"({'no more than' if ratio <= 1 else 'more than'} VADER alone)"
    )
    if "encoder" in best:
        per_vader = best["vader"][1] / len(texts)
        per_enc = best["encoder"][1] / n_texts["encoder"]
        print(f"encoder CPU cost per paragraph / VADER's: {per_enc / per_vader:.0f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
