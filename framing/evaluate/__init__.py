"""Evaluation helpers for any labelled data: agreement, accuracy, cross-validation.

One module per kind of evaluation; each public name is re-exported here, one line each.
"""

from __future__ import annotations

from .classification import CVResult as CVResult
from .classification import alpha_vs_gold as alpha_vs_gold
from .classification import classification_table as classification_table
from .classification import confusion_table as confusion_table
from .classification import cross_validate as cross_validate
from .classification import krippendorff_alpha as krippendorff_alpha
from .classification import macro_f1 as macro_f1
from .classification import pearson_r as pearson_r
from .quotes import score_quotes as score_quotes

__all__ = [
    "CVResult",
    "alpha_vs_gold",
    "classification_table",
    "confusion_table",
    "cross_validate",
    "krippendorff_alpha",
    "macro_f1",
    "pearson_r",
    "score_quotes",
]
