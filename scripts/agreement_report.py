"""Inter-coder agreement on the double-coded units of corpus/annotations.

Pairs the main coding (labels_batch_*.csv) with the independent second coding
(labels_double_coder_*.csv) by unit id and prints Krippendorff's alpha (nominal), Cohen's
kappa and percent agreement for tone, for the primary frame, per frame (each frame as a
present/absent variable) and pooled over frames. Needs no texts.

    python scripts/agreement_report.py [--markdown]
"""

from __future__ import annotations

import argparse

import pandas as pd

from framing.agreement import (
    cohen_kappa,
    frame_agreement,
    krippendorff_alpha,
    multilabel_alpha,
    percent_agreement,
)
from framing.codebook import Codebook
from framing.datasets.annotations import double_coded


def micro_f1(gold, other) -> float:
    """Micro-averaged F1 of one coder's frame sets against another's."""
    tp = sum(len(set(a) & set(b)) for a, b in zip(gold, other, strict=True))
    n_gold = sum(len(set(a)) for a in gold)
    n_other = sum(len(set(b)) for b in other)
    return 2 * tp / (n_gold + n_other) if n_gold + n_other else float("nan")


def report() -> tuple[pd.DataFrame, pd.DataFrame, int]:
    """(summary table, per-frame table, number of paired units)."""
    pairs = double_coded()
    cb = Codebook.builtin("policy_frames")
    tone1, tone2 = pairs["tone_1"].tolist(), pairs["tone_2"].tolist()
    prim1 = [f[0] if f else None for f in pairs["frames_1"]]
    prim2 = [f[0] if f else None for f in pairs["frames_2"]]
    rows = [
        {
            "variable": "tone",
            "alpha": krippendorff_alpha([tone1, tone2]),
            "kappa": cohen_kappa(tone1, tone2),
            "percent_agreement": percent_agreement(tone1, tone2),
        },
        {
            "variable": "primary frame",
            "alpha": krippendorff_alpha([prim1, prim2]),
            "kappa": cohen_kappa(prim1, prim2),
            "percent_agreement": percent_agreement(prim1, prim2),
        },
        {
            "variable": "frames (pooled presence)",
            "alpha": multilabel_alpha(pairs["frames_1"], pairs["frames_2"], frames=cb.keys),
            "kappa": float("nan"),
            "percent_agreement": float("nan"),
        },
    ]
    # the second coder scored like a model against the first: comparable to the model's
    # cross-validated micro-F1 and primary-frame accuracy
    rows.append(
        {
            "variable": "frames (coder 2 scored against coder 1)",
            "alpha": float("nan"),
            "kappa": float("nan"),
            "percent_agreement": float("nan"),
            "micro_f1": micro_f1(pairs["frames_1"], pairs["frames_2"]),
        }
    )
    per_frame = frame_agreement(pairs["frames_1"], pairs["frames_2"], frames=cb.keys)
    summary = pd.DataFrame(rows)
    a = per_frame["alpha"]
    summary.loc[len(summary)] = {
        "variable": "frames (mean of per-frame alpha)",
        "alpha": float(a.mean()),
        "kappa": float(per_frame["kappa"].mean()),
        "percent_agreement": float(per_frame["percent_agreement"].mean()),
        "micro_f1": float("nan"),
    }
    return summary, per_frame, len(pairs)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--markdown", action="store_true", help="print markdown tables")
    args = ap.parse_args()
    summary, per_frame, n = report()
    print(f"double-coded units paired by unit_id: {n}\n")
    fmt = (lambda t: t.to_markdown(index=False, floatfmt=".3f")) if args.markdown else None
    with pd.option_context("display.width", 120, "display.float_format", "{:.3f}".format):
        if fmt is not None:
            try:
                print(fmt(summary), "\n")
                print(fmt(per_frame))
                return
            except ImportError:
                pass
        print(summary.to_string(index=False), "\n")
        print(per_frame.to_string(index=False))


if __name__ == "__main__":
    main()
