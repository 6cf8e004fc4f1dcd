"""Rebuild the shipped tone model (framing/models/tone.skops) and print its dev/CV figures.

    .venv/bin/python scripts/train_tone.py              # rebuild the model file
    .venv/bin/python scripts/train_tone.py --evaluate   # also print dev and CV figures
    .venv/bin/python scripts/train_tone.py --check      # rebuild in memory, compare bytes
    .venv/bin/python scripts/train_tone.py --evaluate-encoder --no-model
        # the optional fine-tuned encoder (framing[encoder]): NewsMTSC dev, codebook CV
    .venv/bin/python scripts/train_tone.py --intermediate DIR --no-model
        # an encoder fine-tuned on NewsMTSC and the NYT snippets, saved in DIR: the start
        # for `framing train --tone --encoder --encoder-model DIR` on your own labels

Training data, read from the data directory (``$FRAMING_DATA`` or ../shared/data):

- PerSenT paragraphs (CC BY 4.0), every split present except ``dev`` (held out for the
  dev figures);
- NewsMTSC ``train`` (MIT), tone towards the target span; ``dev_rw`` / ``dev_mt`` held out;
- VADER's NYT editorial snippets (MIT), mean rating cut at +-0.5 into three labels;
- the team's codebook labels ``corpus/annotations/labels_batch_*.csv`` (texts from
  :func:`framing.datasets.units.paragraph_units`), whichever batches exist, weighted x3
  because they are coded with the project's own codebook;
- the teacher's soft labels ``corpus/distillation/tone_teacher_pool.csv.gz``: the
  fine-tuned encoder's tone probabilities for the 16,738 paragraphs of PolNeAR, BASIL and
  the Ukraine corpus that nobody coded (``scripts/distill_tone.py``; no model labels
  anything here, the encoder only teaches). Each paragraph enters once per tone, weighted
  ``TEACHER_WEIGHT`` x the probability of that tone; the class weights are balanced over
  the summed weights, and the temperature is fitted on the human-labelled rows only.
  ``--no-teacher`` leaves them out (the recipe before distillation).

Everything is deterministic: fixed fold seeds, single-threaded BLAS, and a canonical skops
file (object ids renumbered, fixed zip timestamps), so a rebuild is bit-for-bit identical.
"""

from __future__ import annotations

import argparse
import hashlib
import re
import sys
import time
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pandas as pd
from threadpoolctl import threadpool_limits

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from framing._skops import canonical_skops  # noqa: E402
from framing.datasets import dataset_path  # noqa: E402
from framing.datasets.annotations import unit_selection, units_in_batches  # noqa: E402
from framing.datasets.newsmtsc import read_newsmtsc  # noqa: E402
from framing.datasets.persent import persent_splits, read_persent  # noqa: E402
from framing.datasets.vader_nyt import read_vader_nyt  # noqa: E402
from framing.tone import TONE_LABELS, ToneClassifier, default_tone_model_path  # noqa: E402

ANNOTATIONS = ROOT / "corpus" / "annotations"
#: The encoder's tone probabilities for uncoded paragraphs, one set per codebook CV fold
#: (fold i's teacher never saw fold i's units), written by scripts/distill_tone.py export.
TEACHER_POOL = ROOT / "corpus" / "distillation" / "tone_teacher_pool.csv.gz"
#: Weight of a teacher paragraph (times the teacher's probability of each tone).
TEACHER_WEIGHT = 3.0
#: The codebook units each fold's teacher was fine-tuned without (``unit_id``, ``fold``).
TEACHER_FOLDS = TEACHER_POOL.with_name("tone_teacher_folds.csv")
#: Per-dataset sample weights (codebook labels count three times).
WEIGHTS = {"persent": 1.0, "newsmtsc": 1.0, "vader_nyt": 1.0, "codebook": 3.0}
#: Hyper-parameters of the shipped model.
PARAMS = dict(C=0.5, min_df=3, max_features=50000, calibration_cv=3, random_state=0)
SEED = 0
COLS = ["text", "target_start", "target_end", "tone", "dataset", "group"]


def codebook_labels(pattern: str = "labels_batch_*.csv") -> pd.DataFrame:
    """The team's codebook tone labels joined to their unit texts (empty if none)."""
    files = sorted(ANNOTATIONS.glob(pattern))
    if not files:
        return pd.DataFrame(columns=COLS)
    from framing.datasets.units import paragraph_units

    labels = pd.concat([pd.read_csv(f) for f in files], ignore_index=True)
    labels = labels.dropna(subset=["tone"]).drop_duplicates("unit_id", keep="first")
    wanted = sorted({u.split(":", 1)[0] for u in labels["unit_id"]})
    have = [d for d in ("polnear", "basil", "ukraine") if d in wanted]
    names = {"polnear": "polnear", "basil": "basil", "ukraine": "ukraine_news_bias"}
    have = [d for d in have if dataset_path(names[d]).is_dir()]
    units = paragraph_units(have) if have else pd.DataFrame(columns=["unit_id", "text", "doc"])
    df = labels.merge(units[["unit_id", "text", "doc"]], on="unit_id", how="inner")
    selection = df["unit_id"].map(unit_selection(ANNOTATIONS))
    return pd.DataFrame(
        {
            "text": df["text"],
            "target_start": np.nan,
            "target_end": np.nan,
            "tone": df["tone"],
            "dataset": "codebook",
            "group": "codebook:" + df["doc"].astype(str),
            "selection": selection.fillna("random"),
            "unit_id": df["unit_id"],
        }
    )


def sample_labels() -> pd.DataFrame:
    """Codebook labels of the bundled sample corpus (evaluation only, never trained on)."""
    f = ANNOTATIONS / "labels_sample.csv"
    if not f.is_file():
        return pd.DataFrame(columns=COLS)
    from framing import load_sample_corpus

    p = load_sample_corpus().paragraphs
    texts = dict(
        zip("sample:" + p["doc_id"] + ":" + p["para_id"].astype(str), p["text"], strict=True)
    )
    lab = pd.read_csv(f)
    lab = lab[lab["unit_id"].isin(texts)]
    return pd.DataFrame(
        {
            "text": lab["unit_id"].map(texts),
            "target_start": np.nan,
            "target_end": np.nan,
            "tone": lab["tone"],
            "dataset": "sample",
            "group": lab["unit_id"],
        }
    )


def load_training() -> pd.DataFrame:
    """All training rows, in a fixed order."""
    parts = []
    for split in persent_splits():
        if split == "dev":
            continue
        p = read_persent(split)
        parts.append(
            pd.DataFrame(
                {
                    "text": p["text"],
                    "target_start": np.nan,
                    "target_end": np.nan,
                    "tone": p["tone"],
                    "dataset": "persent",
                    "group": p["doc_id"],
                }
            )
        )
    n = read_newsmtsc("train")
    parts.append(
        pd.DataFrame(
            {
                "text": n["text"],
                "target_start": n["target_start"].astype(float),
                "target_end": n["target_end"].astype(float),
                "tone": n["tone"],
                "dataset": "newsmtsc",
                "group": "newsmtsc:" + n["sentence_id"],
            }
        )
    )
    y = read_vader_nyt()
    parts.append(
        pd.DataFrame(
            {
                "text": y["text"],
                "target_start": np.nan,
                "target_end": np.nan,
                "tone": y["tone"],
                "dataset": "vader_nyt",
                "group": "nyt:" + y["doc"],
                "score": y["score"],
            }
        )
    )
    parts.append(codebook_labels())
    df = pd.concat(parts, ignore_index=True)
    return df[df["text"].str.strip().astype(bool)].reset_index(drop=True)


def pool_units(train: pd.DataFrame) -> pd.DataFrame:
    """The uncoded paragraph units a teacher labels (``unit_id``, ``text``): the paragraph
    units of PolNeAR, BASIL and the Ukraine corpus that are neither coded nor the text of a
    coded unit, 20 characters or longer."""
    from framing.datasets.units import paragraph_units

    units = paragraph_units(["polnear", "basil", "ukraine"])
    coded = train[train["dataset"] == "codebook"]
    pool = units[~units["unit_id"].isin(coded["unit_id"]) & ~units["text"].isin(coded["text"])]
    return pool[pool["text"].str.strip().str.len() >= 20].reset_index(drop=True)[
        ["unit_id", "text"]
    ]


def read_teacher_pool(
    train: pd.DataFrame, path: Path = TEACHER_POOL
) -> tuple[pd.DataFrame, np.ndarray]:
    """The teacher's pool: its paragraphs (``unit_id``, ``text``, in the file's order) and
    the probabilities, shape (folds, paragraphs, 3) in the order of ``TONE_LABELS``.
    Paragraphs coded since the file was written are left out (with a note); unit ids the
    data lacks are an error naming the file."""
    if not path.is_file():
        raise SystemExit(
            f"{path}: no teacher pool; write it with scripts/distill_tone.py export, or "
            "train without it (--no-teacher)"
        )
    probs = pd.read_csv(path)
    n_folds = len({c.split("_", 1)[0] for c in probs.columns if re.fullmatch(r"f\d+_\w+", c)})
    cols = [[f"f{i}_{t}" for t in TONE_LABELS] for i in range(n_folds)]  # teacher i: fold i
    missing = [c for fc in cols for c in fc if c not in probs.columns]
    if "unit_id" not in probs.columns or missing or not n_folds:
        raise SystemExit(
            f"{path}: expected unit_id and f<fold>_<tone> columns (f0_negative, ...); "
            f"missing {missing or 'unit_id'}"
        )
    pool = pool_units(train)
    texts = dict(zip(pool["unit_id"], pool["text"], strict=True))
    known = probs["unit_id"].isin(texts)
    if not known.all():
        from framing.datasets.units import paragraph_units

        every = set(paragraph_units(["polnear", "basil", "ukraine"])["unit_id"])
        gone = probs.loc[~known & ~probs["unit_id"].isin(every), "unit_id"].tolist()
        if gone:
            raise SystemExit(
                f"{path}: {len(gone)} unit ids not in the data, e.g. {', '.join(gone[:5])}"
            )
        print(
            f"note: {path.name}: {int((~known).sum())} paragraphs coded since it was written "
            "are left out",
            flush=True,
        )
        probs = probs[known].reset_index(drop=True)
    P = np.stack([probs[fc].to_numpy(dtype=float) for fc in cols])
    return pd.DataFrame({"unit_id": probs["unit_id"], "text": probs["unit_id"].map(texts)}), P


def check_teacher_folds(
    train: pd.DataFrame, ik: np.ndarray, kfolds: list, n_folds: int, path: Path = TEACHER_FOLDS
) -> None:
    """Fail unless every codebook unit scored in CV fold i (rows ``ik[kfolds[i][1]]`` of
    ``train``, from :func:`cv_folds`) was held out from teacher i: the teachers' folds must
    be the CV's (they change when units are added)."""
    if not path.is_file():
        raise SystemExit(f"{path}: missing; the CV with the teacher cannot show it is clean")
    held = pd.read_csv(path)
    if held["fold"].nunique() != n_folds:
        raise SystemExit(f"{path}: {held['fold'].nunique()} folds, the pool has {n_folds}")
    for i, (_, kte) in enumerate(kfolds):
        scored = set(train["unit_id"].iloc[ik[kte]])
        leaked = scored - set(held.loc[held["fold"] == i, "unit_id"])
        if leaked:
            raise SystemExit(
                f"{path}: {len(leaked)} units of CV fold {i} were not held out from its "
                f"teacher (e.g. {sorted(leaked)[0]}): the folds changed since the teachers "
                "were trained; rerun scripts/distill_tone.py teach and export"
            )


def with_teacher(
    df: pd.DataFrame, pool: pd.DataFrame, P: np.ndarray, weight: float = TEACHER_WEIGHT
) -> pd.DataFrame:
    """``df`` and the teacher's rows: each pool paragraph once per tone (``dataset``
    ``"teacher"``), its ``weight`` the teacher's probability ``P`` (paragraphs x 3) times
    ``weight``."""
    n = len(TONE_LABELS)
    soft = pd.DataFrame(
        {
            "text": np.repeat(pool["text"].to_numpy(), n),
            "target_start": np.nan,
            "target_end": np.nan,
            "tone": np.tile(TONE_LABELS, len(pool)),
            "dataset": "teacher",
            "group": np.repeat(("teacher:" + pool["unit_id"]).to_numpy(), n),
            "weight": weight * np.asarray(P, dtype=float).reshape(-1),
        }
    )
    return pd.concat([df, soft], ignore_index=True)


def fit(df: pd.DataFrame, **overrides) -> ToneClassifier:
    """The tone model of the rows ``df`` (teacher rows, if any, weighted by their
    ``weight``, calibrated on the other rows and balanced by summed weight)."""
    params = {**PARAMS, **overrides}
    w = df["dataset"].map(WEIGHTS).fillna(1.0).to_numpy(dtype=float, copy=True)
    human = (df["dataset"] != "teacher").to_numpy()
    calibrate_on = None
    if not human.all():
        w[~human] = df["weight"].to_numpy()[~human]
        y = df["tone"].to_numpy()
        balanced = {t: w.sum() / (len(TONE_LABELS) * w[y == t].sum()) for t in TONE_LABELS}
        params.setdefault("class_weight", balanced)
        calibrate_on = human
    return ToneClassifier(**params).fit(
        df[["text", "target_start", "target_end"]],
        df["tone"],
        sample_weight=w,
        calibrate_on=calibrate_on,
    )


def model_bytes(model: ToneClassifier) -> bytes:
    import skops.io as sio

    return canonical_skops(sio.dumps(model))


def vader_labels(texts) -> np.ndarray:
    """VADER alone (NLTK rule engine, compound on the whole text, +-0.05 band)."""
    from framing.features import vader_analyzer

    an = vader_analyzer()
    c = np.array([an.polarity_scores(t)["compound"] for t in texts])
    return np.where(c >= 0.05, "positive", np.where(c <= -0.05, "negative", "neutral")), c


def report(name, gold, pred, vader_pred=None):
    from framing.evaluate import alpha_vs_gold, macro_f1

    vader = "" if vader_pred is None else f"  (VADER alone: {macro_f1(gold, vader_pred):.3f})"
    print(
        f"{name:<34} n={len(gold):>5}  macro-F1={macro_f1(gold, pred):.3f}  "
        f"alpha={alpha_vs_gold(gold, pred):.3f}{vader}",
        flush=True,
    )


def random_codebook_units(train: pd.DataFrame) -> pd.DataFrame:
    """``unit_id``, ``text`` and ``tone`` of the randomly drawn codebook units in ``train``,
    as a researcher's own labels file would hold them."""
    rows = (train["dataset"] == "codebook") & (train.get("selection") == "random")
    return train.loc[rows, ["unit_id", "text", "tone"]].reset_index(drop=True)


def evaluate_own(train: pd.DataFrame) -> None:
    """The codebook labels alone, as a researcher trains on their own coding with
    ``framing train --tone``: the randomly drawn units, default ``ToneClassifier``, 5 folds
    grouped by article and by unit."""
    from framing.train import train_tone_model

    own = random_codebook_units(train)
    for group_by in ("doc", "unit"):
        t0 = time.time()
        r = train_tone_model(own, cv=5, group_by=group_by, fit_final=False)
        f1 = ", ".join(f"{c} {r.per_frame.loc[c, 'f1']:.2f}" for c in TONE_LABELS)
        print(
            f"codebook labels alone ({len(own)} random units, folds by {group_by}): "
            f"macro-F1 {r.summary['macro_f1']:.3f}, alpha {r.summary['alpha']:.2f} "
            f"(F1 {f1}; {time.time() - t0:.0f}s)",
            flush=True,
        )


def evaluate_persent_documents() -> None:
    """How far document context could take PerSenT's paragraph labels (the tone towards
    the article's main person): the document's gold tone given to each of its paragraphs,
    a model of the whole article's tone, and that model stacked with a paragraph model.
    PerSenT alone (trained on random_test, scored on dev), default ``ToneClassifier``;
    the stack is a logistic regression over both models' probabilities, fitted on 5-fold
    out-of-fold probabilities of random_test grouped by article."""
    from sklearn.linear_model import LogisticRegression
    from sklearn.model_selection import GroupKFold

    from framing.evaluate import macro_f1

    tr, dev = read_persent("random_test"), read_persent("dev")
    print(
        f"PerSenT dev, document's gold tone as the paragraph label: "
        f"{macro_f1(dev['tone'], dev['doc_tone']):.3f}"
    )

    def articles(p: pd.DataFrame) -> pd.DataFrame:
        g = p.groupby("doc_id", sort=False)
        return pd.DataFrame({"text": g["text"].agg("\n\n".join), "tone": g["doc_tone"].first()})

    def probs(train_rows: pd.DataFrame, test_texts) -> np.ndarray:
        return (
            ToneClassifier(calibration_cv=0)
            .fit(train_rows["text"], train_rows["tone"])
            .predict_proba(test_texts)
        )

    docs_tr, docs_dev = articles(tr), articles(dev)
    p_doc_dev = probs(docs_tr, docs_dev["text"])
    labels = np.array(TONE_LABELS)
    print(
        f"PerSenT dev articles ({len(docs_dev)}), article tone from the whole text: "
        f"{macro_f1(docs_dev['tone'], labels[p_doc_dev.argmax(1)]):.3f}"
    )
    # out-of-fold paragraph and article probabilities of random_test, for the stack
    oof_par, oof_doc = np.zeros((len(tr), 3)), np.zeros((len(tr), 3))
    for a, b in GroupKFold(5).split(tr, groups=tr["doc_id"]):
        oof_par[b] = probs(tr.iloc[a], tr["text"].iloc[b])
        held_out = articles(tr.iloc[b])  # each article scored once, then per paragraph
        p = probs(articles(tr.iloc[a]), held_out["text"])
        oof_doc[b] = p[held_out.index.get_indexer(tr["doc_id"].iloc[b])]
    stack = LogisticRegression(max_iter=1000, class_weight="balanced")
    stack.fit(np.hstack([oof_par, oof_doc]), tr["tone"])
    p_par_dev = probs(tr, dev["text"])
    p_doc_par = p_doc_dev[docs_dev.index.get_indexer(dev["doc_id"])]
    print(
        f"PerSenT dev paragraphs, paragraph model (PerSenT only): "
        f"{macro_f1(dev['tone'], labels[p_par_dev.argmax(1)]):.3f}; "
        f"stacked with the article model: "
        f"{macro_f1(dev['tone'], stack.predict(np.hstack([p_par_dev, p_doc_par]))):.3f}"
    )


def evaluate_own_encoder(train: pd.DataFrame, start: Path | None) -> None:
    """The codebook labels alone with the fine-tuned encoder, through the command a
    researcher runs: ``framing train --tone --encoder [--encoder-model start] --cv 5`` on a
    labels file of the randomly drawn units (folds by unit, as in the encoder's other
    codebook figures)."""
    import tempfile

    from framing.cli import main as framing_main

    own = random_codebook_units(train)
    with tempfile.TemporaryDirectory() as tmp:
        labels = Path(tmp) / "own_tone_labels.csv"
        own.to_csv(labels, index=False)
        args = ["train", "--tone", "--labels", str(labels), "--cv", "5", "--encoder"]
        args += [] if start is None else ["--encoder-model", str(start)]
        args += ["--seed", str(SEED)]
        print("framing", " ".join(args), flush=True)
        t0 = time.time()
        framing_main(args)
    print(f"[{time.time() - t0:.0f}s]", flush=True)


def codebook_rows(train: pd.DataFrame) -> tuple[np.ndarray, np.ndarray]:
    """Row numbers of the randomly drawn codebook units (scored in CV) and of the
    positive-enriched round (always in the training folds, never scored)."""
    codebook = train["dataset"].to_numpy() == "codebook"
    enriched = train.get("selection", pd.Series("random", index=train.index)).to_numpy()
    enriched = codebook & (enriched == "positive_enriched")
    return np.flatnonzero(codebook & ~enriched), np.flatnonzero(enriched)


def cv_folds(train: pd.DataFrame) -> tuple[np.ndarray, list, np.ndarray, list]:
    """The 5 folds of the CV figures: NYT snippets grouped by article, the randomly drawn
    codebook units stratified by tone. Fold i of the CV trains on everything except both
    folds i (the positive-enriched codebook units are in every training fold)."""
    from sklearn.model_selection import GroupKFold, StratifiedKFold

    iy = np.flatnonzero(train["dataset"].to_numpy() == "vader_nyt")
    yfolds = list(
        GroupKFold(5, shuffle=True, random_state=SEED).split(iy, groups=train["group"].iloc[iy])
    )
    ik, _ = codebook_rows(train)
    if len(ik) < 50:
        return iy, yfolds, ik, [(np.arange(len(ik)), np.array([], dtype=int))] * 5
    skf = StratifiedKFold(5, shuffle=True, random_state=SEED)
    return iy, yfolds, ik, list(skf.split(ik, train["tone"].iloc[ik]))


#: The fine-tuned encoder of ``--evaluate-encoder``: settings for NewsMTSC's and the NYT
#: snippets' short sentences (two epochs: 14 to 41 minutes for NewsMTSC on two cores) and for
#: the longer codebook paragraphs.
ENCODER_SENTENCES = dict(epochs=2, learning_rate=8e-5, max_length=96, random_state=SEED)
ENCODER_PARAGRAPHS = dict(epochs=3, learning_rate=1e-4, max_length=128, random_state=SEED)
ENCODER_PARTS = ("newsmtsc", "persent", "nyt", "codebook")


def set_seed(seed: int, encoder_seed: int | None = None) -> None:
    """Evaluate on other CV folds (``--seed``) and with other encoder seeds (``--seed``,
    or ``--encoder-seed`` for the encoders alone, the folds unchanged)."""
    global SEED
    SEED = seed
    for settings in (ENCODER_SENTENCES, ENCODER_PARAGRAPHS):
        settings["random_state"] = seed if encoder_seed is None else encoder_seed


def persent_mentions(p: pd.DataFrame) -> pd.DataFrame:
    """PerSenT paragraphs with the span of the main entity's first mention (its full
    name, else its last name, else any name part of 3+ letters; NaN when the paragraph
    names it only by pronoun: about 14% of paragraphs)."""
    starts, ends = [], []
    for name, text in zip(p["target"], p["text"], strict=True):
        span = (np.nan, np.nan)
        for cand in [name] + [w for w in name.split()[::-1] if len(w) > 2]:
            i = text.find(cand) if cand else -1
            if i >= 0:
                span = (float(i), float(i + len(cand)))
                break
        starts.append(span[0])
        ends.append(span[1])
    return pd.DataFrame({"text": p["text"].to_numpy(), "target_start": starts, "target_end": ends})


def report_mix(name: str, gold, X, encoder, linear, w: float, X_linear=None) -> None:
    """Report the encoder alone and mixed with the linear model (weight ``w``) on ``X``
    (the linear model on ``X_linear`` when given)."""
    pe = encoder.predict_proba(X)
    pl = linear.predict_proba(X if X_linear is None else X_linear)
    vader = vader_labels(X["text"])[0]
    report(f"{name}, encoder", gold, encoder.classes_[pe.argmax(1)], vader)
    report(f"{name}, mixed {w}", gold, encoder.classes_[((1 - w) * pl + w * pe).argmax(1)], vader)


def intermediate_encoder(train: pd.DataFrame, path: Path) -> Path:
    """The encoder fine-tuned first on the sentence-level tone sources (NewsMTSC train,
    towards its targets, and all NYT snippets; ``ENCODER_SENTENCES``), saved at ``path``
    for the codebook encoders to start from. Kept if ``path`` already holds it."""
    from framing.encoder import EncoderClassifier

    if (path / "config.json").is_file():
        print(f"[intermediate encoder: reusing {path}]", flush=True)
        return path
    t0 = time.time()
    rows = train[train["dataset"].isin(["newsmtsc", "vader_nyt"])]
    enc = EncoderClassifier(**ENCODER_SENTENCES).fit(
        rows[["text", "target_start", "target_end"]], rows["tone"]
    )
    enc.save_encoder(path)
    print(f"[intermediate encoder on {len(rows)} rows, {time.time() - t0:.0f}s: {path}]")
    return path


def evaluate_encoder(
    train: pd.DataFrame,
    parts: Sequence[str] = ENCODER_PARTS,
    oof_path: Path | None = None,
    start: Path | None = None,
) -> None:
    """Figures of the optional fine-tuned encoder (needs framing[encoder]).

    ``newsmtsc``: the encoder fine-tuned on NewsMTSC train alone, scored on dev_rw and
    dev_mt, alone and mixed with the linear model fitted on all training data (as
    ``ToneClassifier(encoder=...)`` mixes them). ``persent``: likewise on PerSenT
    (random_test to dev), towards the main entity's first mention in the paragraph.
    ``nyt`` and ``codebook``: the NYT and codebook 5-fold CV of ``--evaluate``, where
    fold i's encoders are fine-tuned on the other NYT folds or the other codebook folds
    (and the positive-enriched codebook units) only, and mixed with the linear model
    fitted on everything but both folds i. Eval fits of the linear model skip calibration.
    ``start``: the codebook encoders are fine-tuned from this directory (see
    :func:`intermediate_encoder`) instead of the pretrained encoder.
    """
    from framing.encoder import EncoderClassifier
    from framing.evaluate import pearson_r

    cols = ["text", "target_start", "target_end"]
    t0 = time.time()
    w = ToneClassifier().encoder_weight
    if "newsmtsc" in parts or "persent" in parts:
        with threadpool_limits(1):  # as in the other figures; PyTorch keeps its threads
            linear = fit(train, calibration_cv=0)
    if "persent" in parts:
        # towards the article's main entity, fine-tuned on PerSenT's training paragraphs
        ptr, pdev = read_persent("random_test"), read_persent("dev")
        enc = EncoderClassifier(**ENCODER_PARAGRAPHS).fit(persent_mentions(ptr), ptr["tone"])
        print(f"[encoder on PerSenT random_test {time.time() - t0:.0f}s]", flush=True)
        X = persent_mentions(pdev)
        print(f"PerSenT dev: entity mention found in {X['target_start'].notna().mean():.0%}")
        # the linear model scores the paragraph's own tone, as in --evaluate
        report_mix("PerSenT dev", pdev["tone"], X, enc, linear, w, X_linear=pdev["text"])
    if "newsmtsc" in parts:
        nt = train[train["dataset"] == "newsmtsc"]
        enc = EncoderClassifier(**ENCODER_SENTENCES).fit(nt[cols], nt["tone"])
        print(f"[encoder on NewsMTSC train {time.time() - t0:.0f}s]", flush=True)
        for split in ("dev_rw", "dev_mt"):
            n = read_newsmtsc(split)
            report_mix(f"NewsMTSC {split}", n["tone"], n[cols], enc, linear, w)
    nyt, codebook = "nyt" in parts, "codebook" in parts
    if not (nyt or codebook):
        return
    iy, yfolds, ik, kfolds = cv_folds(train)
    extra = codebook_rows(train)[1]  # positive-enriched: in every fold's training data
    X, tone = train[cols], train["tone"]
    oof = {
        k: np.zeros((len(rows), 3)) for k, rows in (("ly", iy), ("ey", iy), ("lk", ik), ("ek", ik))
    }
    for (ytr, yte), (ktr, kte) in zip(yfolds, kfolds, strict=True):
        keep = np.ones(len(train), dtype=bool)
        keep[iy[yte]] = False
        keep[ik[kte]] = False
        with threadpool_limits(1):
            m = fit(train[keep], calibration_cv=0)
        if nyt:
            oof["ly"][yte] = m.predict_proba(X.iloc[iy[yte]])
            ey = EncoderClassifier(**ENCODER_SENTENCES).fit(X.iloc[iy[ytr]], tone.iloc[iy[ytr]])
            oof["ey"][yte] = ey.predict_proba(X.iloc[iy[yte]])
        if codebook and len(kte):
            oof["lk"][kte] = m.predict_proba(X.iloc[ik[kte]])
            rows = np.concatenate([ik[ktr], extra])
            ek = EncoderClassifier(**ENCODER_PARAGRAPHS, model=start)
            ek.fit(X.iloc[rows], tone.iloc[rows])
            oof["ek"][kte] = ek.predict_proba(X.iloc[ik[kte]])
        print(f"[cv fold {time.time() - t0:.0f}s]", flush=True)
    if nyt:
        score = train["score"].iloc[iy].to_numpy()
        _, vy = vader_labels(train["text"].iloc[iy])
        for name, p in (
            ("linear", oof["ly"]),
            ("encoder", oof["ey"]),
            (f"mixed {w}", (1 - w) * oof["ly"] + w * oof["ey"]),
        ):
            r = pearson_r(p[:, 2] - p[:, 0], score)
            print(
                f"NYT snippets 5-fold CV, {name:<10} n={len(iy):>5}  r={r:.3f}  "
                f"(VADER: {pearson_r(vy, score):.3f})"
            )
    if not codebook or len(ik) < 50:
        return
    gold = tone.iloc[ik].to_numpy()
    labels = np.array(sorted(set(gold)))
    if oof_path is not None:  # out-of-fold probabilities, for --from-oof without a rerun
        np.savez(
            oof_path,
            gold=gold.astype(str),
            labels=labels.astype(str),
            unit_id=train["unit_id"].iloc[ik].to_numpy().astype(str),
            linear=oof["lk"],
            encoder=oof["ek"],
        )
    codebook_oof_report(gold, labels, oof["lk"], oof["ek"], w, train["text"].iloc[ik])


def codebook_oof_report(gold, labels, linear, encoder, w: float, texts=None) -> None:
    """The codebook CV figures from out-of-fold probabilities (linear, encoder, their mix
    with weight ``w``), then how the mix responds to other weights and to up-weighting
    the positive class: a sensitivity read on the same folds, optimistic if used to pick."""
    from framing.evaluate import classification_table, macro_f1

    vader = vader_labels(texts)[0] if texts is not None else None
    mixed = (1 - w) * linear + w * encoder
    for name, p in (("linear", linear), ("encoder", encoder), (f"mixed {w}", mixed)):
        report(f"codebook 5-fold CV, {name}", gold, labels[p.argmax(1)], vader)
    print(classification_table(gold, labels[mixed.argmax(1)]).round(3).to_string())
    weights = {
        v: macro_f1(gold, labels[((1 - v) * linear + v * encoder).argmax(1)])
        for v in (0.5, 0.6, 0.7, 0.8, 1.0)
    }
    boost = {
        b: macro_f1(gold, labels[(mixed * np.where(labels == "positive", b, 1.0)).argmax(1)])
        for b in (1.2, 1.5, 2.0)
    }
    print("sensitivity (same folds): encoder weight", {k: round(v, 3) for k, v in weights.items()})
    print("sensitivity (same folds): positive x", {k: round(v, 3) for k, v in boost.items()})


def evaluate(train: pd.DataFrame, teacher: tuple[pd.DataFrame, np.ndarray] | None) -> None:
    """Print dev-split and cross-validation figures (eval fits skip calibration). With the
    ``teacher`` pool (paragraphs, per-fold probabilities), CV fold i learns from teacher
    i, which never saw fold i's codebook units; the dev model from their mean."""
    from framing.evaluate import classification_table, macro_f1, pearson_r

    def rows(df: pd.DataFrame, fold: int | None) -> pd.DataFrame:
        if teacher is None:
            return df
        pool, P = teacher
        return with_teacher(df, pool, P.mean(axis=0) if fold is None else P[fold])

    t0 = time.time()
    dev_model = fit(rows(train, None), calibration_cv=0)
    pdev = read_persent("dev")
    report(
        "PerSenT dev paragraphs",
        pdev["tone"],
        dev_model.predict(pdev["text"]),
        vader_labels(pdev["text"])[0],
    )
    print(classification_table(pdev["tone"], dev_model.predict(pdev["text"])).round(3).to_string())
    for split in ("dev_rw", "dev_mt"):
        n = read_newsmtsc(split)
        spans = list(zip(n["target_start"], n["target_end"], strict=True))
        pred = dev_model.predict(n["text"], targets=spans)
        report(f"NewsMTSC {split} (towards target)", n["tone"], pred, vader_labels(n["text"])[0])
    s = sample_labels()
    if len(s):
        report(
            "codebook: sample corpus labels",
            s["tone"],
            dev_model.predict(s["text"]),
            vader_labels(s["text"])[0],
        )
    print(f"[dev model {time.time() - t0:.0f}s]", flush=True)

    # 5-fold CV on the NYT snippets (grouped by article) and on the codebook labels:
    # fold i trains on everything except NYT fold i and codebook fold i.
    iy, yfolds, ik, kfolds = cv_folds(train)
    if teacher is not None:
        check_teacher_folds(train, ik, kfolds, len(teacher[1]))
        print("(NYT r with the teacher is optimistic: its first step saw every NYT snippet)")
    oof_y = np.zeros(len(iy))
    oof_k = np.empty(len(ik), dtype=object)
    for i, ((_, yte), (_, kte)) in enumerate(zip(yfolds, kfolds, strict=True)):
        keep = np.ones(len(train), dtype=bool)
        keep[iy[yte]] = False
        keep[ik[kte]] = False
        m = fit(rows(train[keep], i), calibration_cv=0)
        oof_y[yte] = m.tone_score(train["text"].iloc[iy[yte]])
        fold_f1 = ""
        if len(kte):
            oof_k[kte] = m.predict(train["text"].iloc[ik[kte]])
            fold_f1 = f"codebook macro-F1 {macro_f1(train['tone'].iloc[ik[kte]], oof_k[kte]):.3f}, "
        print(f"[cv fold {i}: {fold_f1}{time.time() - t0:.0f}s]", flush=True)
    score = train["score"].iloc[iy].to_numpy()
    _, vy = vader_labels(train["text"].iloc[iy])
    print(
        f"{'VADER NYT snippets, 5-fold CV':<34} n={len(iy):>5}  r={pearson_r(oof_y, score):.3f}  "
        f"(VADER alone: r={pearson_r(vy, score):.3f})"
    )
    if len(ik) >= 50:
        gold = train["tone"].iloc[ik].to_numpy()
        report("codebook labels, 5-fold CV", gold, oof_k, vader_labels(train["text"].iloc[ik])[0])
        print(classification_table(gold, oof_k).round(3).to_string())


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", type=Path, default=default_tone_model_path())
    ap.add_argument("--evaluate", action="store_true", help="print dev and CV figures")
    ap.add_argument(
        "--evaluate-own",
        action="store_true",
        help="CV of a tone model trained on the codebook labels alone (framing train --tone)",
    )
    ap.add_argument(
        "--evaluate-persent-docs",
        action="store_true",
        help="PerSenT: how far the article's tone could take the paragraph labels",
    )
    ap.add_argument(
        "--evaluate-own-encoder",
        action="store_true",
        help="the same with the fine-tuned encoder (framing train --tone --encoder, from "
        "--intermediate DIR when given; folds by unit)",
    )
    ap.add_argument(
        "--evaluate-encoder",
        nargs="*",
        choices=ENCODER_PARTS,
        default=None,
        help="figures of the fine-tuned encoder (framing[encoder]): NewsMTSC dev, PerSenT "
        "dev, the NYT CV, the codebook CV (all when none named; on two cores NewsMTSC took "
        "15 minutes, PerSenT 16, the two CVs 70 together)",
    )
    ap.add_argument(
        "--save-oof", type=Path, default=None, help="write the codebook CV's probabilities (.npz)"
    )
    ap.add_argument(
        "--from-oof",
        type=Path,
        nargs="+",
        default=None,
        help="print the codebook CV figures from a --save-oof file and exit; several files "
        "of the same folds (runs that differ by --encoder-seed) average their encoders",
    )
    ap.add_argument(
        "--score-batches",
        default=None,
        help="with --from-oof: score only the units of these coding batches (e.g. 1-7)",
    )
    ap.add_argument(
        "--intermediate",
        type=Path,
        default=None,
        metavar="DIR",
        help="fine-tune the encoder on NewsMTSC train and the NYT snippets and save it in DIR "
        "(reused if there; 18 minutes on two cores): the start for a tone model of your own "
        "labels, framing train --tone --encoder --encoder-model DIR; with "
        "--evaluate-encoder codebook, the codebook CV's encoders are fine-tuned from it",
    )
    ap.add_argument(
        "--seed",
        type=int,
        default=SEED,
        help="with --no-model: seed of the CV folds and of the encoders' fine-tuning, to see "
        "how much the figures move between fold splits (the shipped model is seed 0)",
    )
    ap.add_argument(
        "--encoder-seed",
        type=int,
        default=None,
        help="with --no-model: seed of the encoders' fine-tuning only (default: --seed), the "
        "folds unchanged, to average encoders of several seeds with --from-oof",
    )
    ap.add_argument("--no-model", action="store_true", help="only evaluate")
    ap.add_argument(
        "--no-teacher",
        action="store_true",
        help="leave out the teacher's soft labels (the recipe before distillation)",
    )
    ap.add_argument("--check", action="store_true", help="compare a rebuild with --out")
    args = ap.parse_args(argv)
    if args.score_batches and args.from_oof is None:
        ap.error("--score-batches needs --from-oof")
    if args.seed != SEED or args.encoder_seed is not None:
        if not args.no_model:
            ap.error("--seed and --encoder-seed change the evaluation only: they need --no-model")
        set_seed(args.seed, args.encoder_seed)
    if args.intermediate is not None and args.evaluate_encoder not in (None, ["codebook"]):
        ap.error("--intermediate goes with --evaluate-encoder codebook only (it sees the NYT CV)")
    if args.from_oof is not None:
        runs = [np.load(f) for f in args.from_oof]
        z = runs[0]
        for f, other in zip(args.from_oof[1:], runs[1:]):
            same = all(np.array_equal(z[k], other[k]) for k in ("gold", "unit_id"))
            if not same or not np.allclose(z["linear"], other["linear"], atol=1e-6):
                ap.error(f"{f}: other units or folds than {args.from_oof[0]}")
        keep = slice(None)
        if args.score_batches:
            if "unit_id" not in z:
                ap.error(f"{args.from_oof[0]}: saved without unit ids; rerun --save-oof")
            keep = np.isin(z["unit_id"], sorted(units_in_batches(args.score_batches)))
        w = ToneClassifier().encoder_weight
        encoder = np.mean([r["encoder"][keep] for r in runs], axis=0)
        codebook_oof_report(z["gold"][keep], z["labels"], z["linear"][keep], encoder, w)
        return 0
    with threadpool_limits(1):
        train = load_training()
        print(
            "training rows:",
            train.groupby("dataset")["tone"].value_counts().unstack().to_dict("index"),
        )
        needs_teacher = args.evaluate or not args.no_model
        teacher = None if args.no_teacher or not needs_teacher else read_teacher_pool(train)
        if teacher is not None:
            print(f"teacher pool: {len(teacher[0])} paragraphs, {len(teacher[1])} folds' teachers")
        if args.evaluate:
            evaluate(train, teacher)
        if args.evaluate_own:
            evaluate_own(train)
        if args.evaluate_persent_docs:
            evaluate_persent_documents()
    start = None  # PyTorch runs outside the 1-thread limit: it needs both cores
    if args.intermediate is not None:
        start = intermediate_encoder(train, args.intermediate)
    if args.evaluate_own_encoder:
        evaluate_own_encoder(train, start)
    if args.evaluate_encoder is not None:
        parts = args.evaluate_encoder or ENCODER_PARTS
        evaluate_encoder(train, parts, args.save_oof, start)
    with threadpool_limits(1):
        if args.no_model:
            return 0
        t0 = time.time()
        model = fit(
            train if teacher is None else with_teacher(train, teacher[0], teacher[1].mean(0))
        )
        data = model_bytes(model)
    digest = hashlib.sha256(data).hexdigest()
    print(
        f"model: {len(data) / 1e6:.2f} MB, sha256 {digest}, temperature {model.temperature_:.3f}, "
        f"fit {time.time() - t0:.0f}s"
    )
    if args.check:
        same = args.out.is_file() and args.out.read_bytes() == data
        print("bit-for-bit identical to", args.out, ":", same)
        return 0 if same else 1
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_bytes(data)
    print("wrote", args.out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
