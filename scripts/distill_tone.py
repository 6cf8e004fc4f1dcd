"""Distil the two-step encoder into the linear tone model: an experiment, not the shipped recipe.

The shipped tone model is linear because it must cost no more than VADER per paragraph;
the fine-tuned encoder is about 0.10 macro-F1 better on the codebook labels but 155 times
slower (see the tone model card). Distillation keeps the linear model and gives it more
training data: the encoder (the teacher) labels the paragraphs of the codebook's sources
that nobody coded, and the linear model (the student) learns from its probabilities as
well as from the human labels.

    .venv/bin/python scripts/distill_tone.py teach --intermediate DIR --out OUT [--folds 0 1]
        # per codebook CV fold: fine-tune the encoder from DIR (scripts/train_tone.py
        # --intermediate DIR) on the fold's training units, label the pool; OUT/fold{i}.npz
        # (about 15 minutes per fold on two idle cores, 36 with the machine shared)
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


def pool_units(train: pd.DataFrame) -> pd.DataFrame:
    """The uncoded paragraph units the teacher labels (``unit_id``, ``text``)."""
    from framing.datasets.units import paragraph_units

    units = paragraph_units(["polnear", "basil", "ukraine"])
    coded = train[train["dataset"] == "codebook"]
    pool = units[~units["unit_id"].isin(coded["unit_id"]) & ~units["text"].isin(coded["text"])]
    return pool[pool["text"].str.strip().str.len() >= 20].reset_index(drop=True)[
        ["unit_id", "text"]
    ]


def teach(train: pd.DataFrame, start: Path, out: Path, folds: list[int]) -> None:
    from framing.encoder import EncoderClassifier

    out.mkdir(parents=True, exist_ok=True)
    _, _, ik, kfolds = tt.cv_folds(train)
    extra = tt.codebook_rows(train)[1]
    pool = pool_units(train)
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


def student_rows(
    base: pd.DataFrame, weights: np.ndarray, pool: pd.DataFrame, classes, P, w: float
) -> tuple[pd.DataFrame, np.ndarray, dict | str]:
    """The student's training rows, sample weights and class weights (``w`` = 0: the
    linear model's own recipe)."""
    if w == 0:
        return base, weights, "balanced"
    soft = pd.DataFrame(
        {
            "text": np.repeat(pool["text"].to_numpy(), len(classes)),
            "target_start": np.nan,
            "target_end": np.nan,
            "tone": np.tile(classes, len(pool)),
        }
    )
    df = pd.concat([base[[*COLS, "tone"]], soft], ignore_index=True)
    sw = np.concatenate([weights, w * P.reshape(-1)])
    y = df["tone"].to_numpy()
    balanced = {c: sw.sum() / (len(classes) * sw[y == c].sum()) for c in classes}
    return df, sw, balanced


def fit_student(df, sw, class_weight):
    with threadpool_limits(1):
        return tt.ToneClassifier(
            **{**tt.PARAMS, "calibration_cv": 0, "class_weight": class_weight}
        ).fit(df[COLS], df["tone"], sample_weight=sw)


def load_fold(out: Path, i: int, pool: pd.DataFrame) -> dict:
    z = dict(np.load(out / f"fold{i}.npz"))
    if "pool_unit_id" in z and not np.array_equal(z["pool_unit_id"], pool["unit_id"].to_numpy()):
        raise SystemExit(f"{out / f'fold{i}.npz'}: labels another pool than the data gives now")
    return z


def evaluate(
    train: pd.DataFrame, out: Path, weights: list[float], dev: bool, folds: list[int]
) -> None:
    iy, yfolds, ik, kfolds = tt.cv_folds(train)
    pool = pool_units(train)
    have = [i for i in folds if (out / f"fold{i}.npz").is_file()]
    if not have:
        raise SystemExit(f"{out}: no fold*.npz of folds {folds}; run the teach step first")
    zs = {i: load_fold(out, i, pool) for i in have}
    sw_all = train["dataset"].map(tt.WEIGHTS).fillna(1.0).to_numpy()
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
            m = fit_student(
                *student_rows(train[keep], sw_all[keep], pool, z["classes"], z["p_pool"], w)
            )
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
        evaluate_dev(train, list(zs.values()), pool, sw_all, ws)


def evaluate_dev(train, zs, pool, sw_all, ws) -> None:
    """PerSenT and NewsMTSC dev figures of students of all training rows, the pool
    labelled by the fold teachers ``zs`` averaged."""
    from framing.datasets.newsmtsc import read_newsmtsc
    from framing.datasets.persent import read_persent

    P = np.mean([z["p_pool"] for z in zs], axis=0)
    pdev = read_persent("dev")
    news = {s: read_newsmtsc(s) for s in ("dev_rw", "dev_mt")}
    for w in ws:
        m = fit_student(*student_rows(train, sw_all, pool, zs[0]["classes"], P, w))
        figs = {"PerSenT dev": macro_f1(pdev["tone"], m.predict(pdev["text"]))}
        for s, n in news.items():
            spans = list(zip(n["target_start"], n["target_end"], strict=True))
            figs[f"NewsMTSC {s}"] = macro_f1(n["tone"], m.predict(n["text"], targets=spans))
        print(f"dev, pool weight {w:g}: " + ", ".join(f"{k} {v:.3f}" for k, v in figs.items()))


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("step", choices=("teach", "evaluate"))
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
    else:
        evaluate(train, args.out, args.weights, args.dev, args.folds)
    return 0


if __name__ == "__main__":
    sys.exit(main())
