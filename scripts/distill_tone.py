"""Distil the two-step encoder into the linear tone model: the teachers of the shipped model.

The shipped tone model is linear because it must cost no more than VADER per paragraph;
the fine-tuned encoder is about 0.10 macro-F1 better on the codebook labels but 155 times
slower (see the tone model card). Distillation keeps the linear model and gives it more
training data: the encoder (the teacher) labels the paragraphs of the codebook's sources
that nobody coded, and the linear model (the student) learns from its probabilities as
well as from the human labels. ``teach`` and ``export`` make the stored pool
``corpus/distillation/`` from which scripts/train_tone.py builds the shipped model;
``evaluate`` is for trying other pool weights from the fold files.

    .venv/bin/python scripts/distill_tone.py teach --intermediate DIR --out OUT [--folds 0 1]
        # per codebook CV fold: fine-tune the encoder from DIR (scripts/train_tone.py
        # --intermediate DIR) on the fold's training units, label the pool; OUT/fold{i}.npz
        # (about 15 minutes per fold on two idle cores, 36 with the machine shared)
    .venv/bin/python scripts/distill_tone.py export --out OUT
        # the five teachers' pool probabilities and held-out units to corpus/distillation/,
        # from which scripts/train_tone.py builds the shipped model without PyTorch
    .venv/bin/python scripts/distill_tone.py pairs --intermediate DIR --out OUT --weights 1 3
        # tried, not kept: tone towards a target distilled through (sentence, name) pairs
    .venv/bin/python scripts/distill_tone.py evaluate --out OUT [--weights 1 3 6] [--dev] [--folds 0 1]
        # the linear model with and without the teacher's pool, fold by fold (codebook CV and
        # NYT CV folds of scripts/train_tone.py --evaluate); --dev adds PerSenT and NewsMTSC
        # dev with the folds' teachers averaged

The pool: the paragraph units of PolNeAR, BASIL and the Ukraine news corpus
(:func:`framing.datasets.units.paragraph_units`) that are not coded and not the text of a
coded unit, 20 characters or longer. Each pool paragraph enters the student three times,
once per tone, weighted by the weight times the teacher's probability of that tone; the
class weights are balanced over the summed sample weights (``class_weight`` by label).

Honesty of the figures: fold i's teacher never saw fold i's codebook units, so the codebook
CV is clean. The NYT CV is not quite: the teacher's first step was fine-tuned on every NYT
snippet, and its labels of the pool carry that into every fold's student. PerSenT and
NewsMTSC dev were seen by no model.
"""

from __future__ import annotations

import argparse
import re
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd
from threadpoolctl import threadpool_limits

sys.path.insert(0, str(Path(__file__).resolve().parent))

import train_tone as tt  # noqa: E402

from framing.evaluate import macro_f1, pearson_r  # noqa: E402

COLS = ["text", "target_start", "target_end"]


def teach(train: pd.DataFrame, start: Path, out: Path, folds: list[int]) -> None:
    from framing.encoder import EncoderClassifier

    out.mkdir(parents=True, exist_ok=True)
    _, _, ik, kfolds = tt.cv_folds(train)
    extra = tt.codebook_rows(train)[1]
    pool = tt.pool_units(train)
    print(f"pool: {len(pool)} paragraphs", flush=True)
    X, tone = train[COLS], train["tone"]
    for i in folds:
        ktr, kte = kfolds[i]
        t0 = time.time()
        rows = np.concatenate([ik[ktr], extra])
        enc = EncoderClassifier(**tt.ENCODER_PARAGRAPHS, model=start)
        enc.fit(X.iloc[rows], tone.iloc[rows])
        np.savez(
            out / f"fold{i}.npz",
            classes=enc.classes_.astype(str),
            pool_unit_id=pool["unit_id"].to_numpy().astype(str),
            test_rows=ik[kte],
            p_test=enc.predict_proba(X.iloc[ik[kte]]),
            p_pool=enc.predict_proba(pool["text"].tolist()),
        )
        print(f"[fold {i}: {time.time() - t0:.0f}s]", flush=True)


def export(train: pd.DataFrame, out: Path, folds: list[int]) -> None:
    """Write the fold teachers' pool probabilities (``tt.TEACHER_POOL``, 4 decimals) and
    the codebook units each was fine-tuned without (``tt.TEACHER_FOLDS``), from which
    scripts/train_tone.py trains and evaluates without PyTorch."""
    pool = tt.pool_units(train)
    missing = [i for i in folds if not (out / f"fold{i}.npz").is_file()]
    if missing:
        raise SystemExit(f"{out}: no fold file for folds {missing}; run the teach step first")
    probs, held = {"unit_id": pool["unit_id"]}, []
    for i in folds:
        z = load_fold(out, i, pool)
        if list(z["classes"]) != list(tt.TONE_LABELS):
            raise SystemExit(f"fold {i}: teacher classes {list(z['classes'])}")
        for k, t in enumerate(tt.TONE_LABELS):
            probs[f"f{i}_{t}"] = z["p_pool"][:, k].round(4)
        held.append(pd.DataFrame({"unit_id": train["unit_id"].iloc[z["test_rows"]], "fold": i}))
    tt.TEACHER_POOL.parent.mkdir(parents=True, exist_ok=True)
    pd.DataFrame(probs).to_csv(
        tt.TEACHER_POOL, index=False, compression={"method": "gzip", "mtime": 0}
    )
    pd.concat(held).to_csv(tt.TEACHER_FOLDS, index=False)
    print(f"wrote {tt.TEACHER_POOL} ({len(pool)} paragraphs, folds {folds}) and {tt.TEACHER_FOLDS}")


#: A capitalised two- or three-word name (with an optional middle initial): the target of
#: a (sentence, name) pair; sentence-initial function words are not names
_NAME = re.compile(r"\b[A-Z][a-z]+(?:\s+[A-Z]\.)?(?:\s+[A-Z][a-z]+){1,2}\b")
_NOT_FIRST = {"The", "But", "And", "In", "On", "At", "For", "When", "If", "As", "A", "An",
              "He", "She", "It", "They", "We", "This", "That", "Mr", "Mrs", "Ms"}  # fmt: skip


def target_pairs(pool: pd.DataFrame, n: int = 12000) -> pd.DataFrame:
    """(sentence, name) pairs cut from the pool paragraphs: the first name of each sentence
    of 40-300 characters, at most ``n`` drawn with seed 0."""
    from framing.features import split_sentences

    rows = []
    for uid, text in zip(pool["unit_id"], pool["text"], strict=True):
        for sent in split_sentences(text):
            if not 40 <= len(sent) <= 300:
                continue
            m = [x for x in _NAME.finditer(sent) if x.group(0).split()[0] not in _NOT_FIRST]
            if m:
                rows.append((uid, sent, m[0].start(), m[0].end()))
    pairs = pd.DataFrame(rows, columns=["unit_id", "text", "target_start", "target_end"])
    pairs = pairs.astype({"target_start": float, "target_end": float})
    return pairs.sample(min(n, len(pairs)), random_state=0).reset_index(drop=True)


def pairs_experiment(train: pd.DataFrame, start: Path, out: Path, weights: list[float]) -> None:
    """Tone towards a target distilled the same way: an encoder fine-tuned from ``start``
    one more epoch on NewsMTSC train labels (sentence, name) pairs of the pool, which join
    the shipped recipe's rows; NewsMTSC and PerSenT dev figures per pair weight. The
    teacher's probabilities are kept in OUT/pairs_teacher.npz and reused."""
    from framing.datasets.newsmtsc import read_newsmtsc
    from framing.datasets.persent import read_persent

    with threadpool_limits(1):
        pool, P = tt.read_teacher_pool(train)
    pairs = target_pairs(pool)
    print(f"pairs: {len(pairs)}", flush=True)
    f = out / "pairs_teacher.npz"
    if not f.is_file():
        from framing.encoder import EncoderClassifier

        news = train[train["dataset"] == "newsmtsc"]
        enc = EncoderClassifier(
            epochs=1, learning_rate=8e-5, max_length=96, random_state=tt.SEED, model=start
        ).fit(news[COLS], news["tone"])
        rw = read_newsmtsc("dev_rw")
        p_rw = enc.predict_proba(rw[COLS])
        print(f"teacher dev_rw {macro_f1(rw['tone'], enc.classes_[p_rw.argmax(1)]):.3f}")
        out.mkdir(parents=True, exist_ok=True)
        np.savez(f, p=enc.predict_proba(pairs[COLS]), classes=enc.classes_.astype(str))
    z = np.load(f)
    if list(z["classes"]) != list(tt.TONE_LABELS) or len(z["p"]) != len(pairs):
        raise SystemExit(f"{f}: made for other pairs; delete it to label these")
    base = tt.with_teacher(train, pool, P.mean(axis=0))
    pdev = read_persent("dev")
    news = {s: read_newsmtsc(s) for s in ("dev_rw", "dev_mt")}
    for w in [0.0, *[w for w in weights if w != 0]]:
        df = base
        if w:
            rows = tt.with_teacher(pd.DataFrame(columns=base.columns), pairs, z["p"], w)
            rows["target_start"] = np.repeat(pairs["target_start"].to_numpy(), 3)
            rows["target_end"] = np.repeat(pairs["target_end"].to_numpy(), 3)
            df = pd.concat([base, rows], ignore_index=True)
        with threadpool_limits(1):
            m = tt.fit(df, calibration_cv=0)
        figs = {"PerSenT dev": macro_f1(pdev["tone"], m.predict(pdev["text"]))}
        for name, n in news.items():
            spans = list(zip(n["target_start"], n["target_end"], strict=True))
            figs[f"NewsMTSC {name}"] = macro_f1(n["tone"], m.predict(n["text"], targets=spans))
        print(f"pair weight {w:g}: " + ", ".join(f"{k} {v:.3f}" for k, v in figs.items()))


def load_fold(out: Path, i: int, pool: pd.DataFrame) -> dict:
    z = dict(np.load(out / f"fold{i}.npz"))
    if "pool_unit_id" in z and not np.array_equal(z["pool_unit_id"], pool["unit_id"].to_numpy()):
        raise SystemExit(f"{out / f'fold{i}.npz'}: labels another pool than the data gives now")
    return z


def evaluate(
    train: pd.DataFrame, out: Path, weights: list[float], dev: bool, folds: list[int]
) -> None:
    iy, yfolds, ik, kfolds = tt.cv_folds(train)
    pool = tt.pool_units(train)
    have = [i for i in folds if (out / f"fold{i}.npz").is_file()]
    if not have:
        raise SystemExit(f"{out}: no fold*.npz of folds {folds}; run the teach step first")
    zs = {i: load_fold(out, i, pool) for i in have}
    ws = [0.0, *[w for w in weights if w != 0]]
    gold, pred, teacher = [], {w: [] for w in ws}, []
    for i in have:
        z = zs[i]
        (_, yte), (_, kte) = yfolds[i], kfolds[i]
        keep = np.ones(len(train), dtype=bool)
        keep[iy[yte]] = False
        keep[ik[kte]] = False
        test, nyt = train.iloc[ik[kte]], train.iloc[iy[yte]]
        gold.append(test["tone"].to_numpy())
        teacher.append(z["classes"][z["p_test"].argmax(1)])
        line = [f"fold {i}: teacher {macro_f1(gold[-1], teacher[-1]):.3f}"]
        for w in ws:
            m = student(train[keep], pool, z, w)
            pred[w].append(m.predict(test[COLS]))
            r = pearson_r(m.tone_score(nyt["text"]), nyt["score"].to_numpy())
            line.append(f"w={w:g} codebook {macro_f1(gold[-1], pred[w][-1]):.3f} NYT r {r:.3f}")
        print(" | ".join(line), flush=True)
    g = np.concatenate(gold)
    print(
        f"codebook CV, folds {have} ({len(g)} units): teacher {macro_f1(g, np.concatenate(teacher)):.3f}"
    )
    for w in ws:
        name = "linear (shipped recipe)" if w == 0 else f"student, pool weight {w:g}"
        print(f"  {name}: macro-F1 {macro_f1(g, np.concatenate(pred[w])):.3f}")
    if dev:
        evaluate_dev(train, list(zs.values()), pool, ws)


def student(train: pd.DataFrame, pool: pd.DataFrame, z: dict, w: float):
    """The linear model of ``train`` and the pool labelled by the teacher of fold file
    ``z`` with weight ``w`` (0: without the pool), uncalibrated."""
    if list(z["classes"]) != list(tt.TONE_LABELS):
        raise SystemExit(f"teacher classes {list(z['classes'])}, expected {tt.TONE_LABELS}")
    with threadpool_limits(1):
        if w == 0:
            return tt.fit(train, calibration_cv=0)
        return tt.fit(tt.with_teacher(train, pool, z["p_pool"], w), calibration_cv=0)


def evaluate_dev(train, zs, pool, ws) -> None:
    """PerSenT and NewsMTSC dev figures of students of all training rows, the pool
    labelled by the fold teachers ``zs`` averaged."""
    from framing.datasets.newsmtsc import read_newsmtsc
    from framing.datasets.persent import read_persent

    mean = {"classes": zs[0]["classes"], "p_pool": np.mean([z["p_pool"] for z in zs], axis=0)}
    pdev = read_persent("dev")
    news = {s: read_newsmtsc(s) for s in ("dev_rw", "dev_mt")}
    for w in ws:
        m = student(train, pool, mean, w)
        figs = {"PerSenT dev": macro_f1(pdev["tone"], m.predict(pdev["text"]))}
        for s, n in news.items():
            spans = list(zip(n["target_start"], n["target_end"], strict=True))
            figs[f"NewsMTSC {s}"] = macro_f1(n["tone"], m.predict(n["text"], targets=spans))
        print(f"dev, pool weight {w:g}: " + ", ".join(f"{k} {v:.3f}" for k, v in figs.items()))


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("step", choices=("teach", "evaluate", "export", "pairs"))
    ap.add_argument("--out", type=Path, required=True, help="directory of the fold files")
    ap.add_argument("--intermediate", type=Path, default=None, metavar="DIR")
    ap.add_argument(
        "--folds",
        type=int,
        nargs="+",
        default=[0, 1, 2, 3, 4],
        help="folds to teach, or to evaluate (those whose fold file exists)",
    )
    ap.add_argument("--weights", type=float, nargs="+", default=[3.0])
    ap.add_argument("--dev", action="store_true", help="also PerSenT and NewsMTSC dev")
    args = ap.parse_args(argv)
    with threadpool_limits(1):
        train = tt.load_training()
    if args.step == "teach":
        if args.intermediate is None:
            ap.error("teach needs --intermediate DIR (made by scripts/train_tone.py)")
        teach(train, tt.intermediate_encoder(train, args.intermediate), args.out, args.folds)
    elif args.step == "export":
        export(train, args.out, args.folds)
    elif args.step == "pairs":
        if args.intermediate is None:
            ap.error("pairs needs --intermediate DIR (made by scripts/train_tone.py)")
        pairs_experiment(train, args.intermediate, args.out, args.weights)
    else:
        evaluate(train, args.out, args.weights, args.dev, args.folds)
    return 0


if __name__ == "__main__":
    sys.exit(main())
