"""How good the frame models are, measured through the workflow a user runs.

- GVFC (../shared/data/gvfc): 5-fold cross-validated accuracy on the primary theme, via
  ``python -m framing.datasets.gvfc`` (labels file) and ``framing train --codebook gvfc``.
  Target on the held-back portion: >= 0.84 (a fine-tuned BERT reports about 84%). The
  bag-of-words model measures 0.724 here with the default features and 0.737 with
  ``--stem`` (stemmed word n-grams), so this test pins floors a little below those to
  catch regressions; the gap to the target is reported in frames_model_card.md.
- The project's annotated news paragraphs (corpus/annotations, texts from
  ../shared/data): 5-fold cross-validated micro-F1 grouped by article, target >= 0.65.

- The shipped model on the bundled sample corpus (in the repository, never trained on):
  an out-of-domain check.

The data tests skip when the data are absent and fail when CI=true.
"""

from __future__ import annotations

import json

import pytest
from conftest import need_dataset

from framing.cli import main
from framing.datasets.gvfc import main as gvfc_main

pytestmark = [pytest.mark.slow]

# measured 0.724 (default) and 0.737 (--stem); target 0.84 on the held-back portion (not met)
GVFC_FLOOR = {"default": 0.71, "stem": 0.72}
MICRO_F1_TARGET = 0.65


@pytest.mark.data
@pytest.mark.parametrize("variant", ["default", "stem"])
def test_gvfc_primary_theme_accuracy_through_framing_train(variant, tmp_path, capsys):
    need_dataset("gvfc")
    labels = tmp_path / "gvfc_labels.csv"
    report = tmp_path / "gvfc_cv.json"
    assert gvfc_main(["--out", str(labels)]) == 0
    rc = main(
        [
            "train",
            "--codebook",
            "gvfc",
            "--labels",
            str(labels),
            "--cv",
            "5",
            "--report",
            str(report),
            *(["--stem"] if variant == "stem" else []),
        ]
    )
    assert rc == 0
    summary = json.loads(report.read_text())
    assert summary["n_units"] == 1052 and summary["cv"] == 5
    print(capsys.readouterr().out)
    assert summary["primary_accuracy"] >= GVFC_FLOOR[variant], summary


@pytest.mark.data
@pytest.mark.parametrize(
    "ngrams",
    [
        pytest.param({}, id="default-word12-char25"),
        pytest.param(
            {"word_ngram_range": (1, 1), "char_ngram_range": None}, id="shipped-word-unigrams"
        ),
    ],
)
def test_annotated_corpus_cross_validated_micro_f1(ngrams):
    """Both the default features (what `framing train` uses) and the lighter ones of the
    shipped model (scripts/train_frames.py) reach the target in grouped cross-validation
    (measured: micro-F1 0.675 and 0.675, macro-F1 0.491 and 0.481)."""
    for name in ("polnear", "basil", "ukraine_news_bias"):
        need_dataset(name)
    from framing.datasets.annotations import load_annotations
    from framing.frames import FrameClassifier, default_frame_features
    from framing.train import train_frame_model

    data = load_annotations()
    assert len(data) >= 1400
    labels = data.assign(frames=[";".join(f) for f in data["frames"]])
    r = train_frame_model(
        labels[["unit_id", "text", "frames"]],
        "policy_frames",
        estimator=FrameClassifier(features=default_frame_features("policy_frames", **ngrams)),
        cv=5,
        group_by="doc",
        fit_final=False,
    )
    assert r.summary["micro_f1"] >= MICRO_F1_TARGET, r.summary
    assert r.summary["macro_f1"] >= 0.40, r.summary


def test_shipped_model_on_the_bundled_sample_corpus_out_of_domain():
    """The shipped model never saw the sample corpus (UK/EU/US policy news of other
    topics, coded by coder_e): an out-of-domain check. Measured micro-F1 0.44; the floor
    catches regressions."""
    import numpy as np

    from framing import load_sample_corpus
    from framing.annotate import read_coded
    from framing.datasets.annotations import annotations_dir
    from framing.frames import load_frame_model
    from framing.train import frame_cv_metrics

    labels = read_coded(annotations_dir() / "labels_sample.csv")
    p = load_sample_corpus().paragraphs
    p = p.assign(unit_id="sample:" + p["doc_id"] + ":" + p["para_id"].astype(str))
    data = labels.merge(p[["unit_id", "text"]], on="unit_id", validate="one_to_one")
    assert len(data) == len(labels) >= 150
    model = load_frame_model()
    table = model.frame_table(data["text"].tolist())
    gold = np.array([";".join(f) for f in data["frames"]], dtype=object)
    metrics = frame_cv_metrics(list(model.classes_))
    out = table[["frames", "primary_frame"]].to_numpy(dtype=object)
    assert metrics["micro_f1"](gold, out) >= 0.40
    assert metrics["primary_accuracy"](gold, out) >= 0.20
