"""The Gun Violence Frame Corpus extension (Liu et al., CoNLL 2019) as a frame-labelled table.

``../shared/data/gvfc/gvfc_extension.csv`` holds 1,052 U.S. news articles about gun
violence with a headline, the first three sentences of the article (``lead``) and up to
two frame themes coded 1-9 (``Q3 Theme1``, ``Q3 Theme2``; 99 = no second theme). The
theme codes are the codes of the built-in ``gvfc`` codebook
(``framing/codebooks/gvfc.yaml``).

:func:`load_gvfc` returns one row per article; :func:`write_gvfc_labels` writes it as a
labels file that ``framing train --codebook gvfc --labels FILE`` reads, so GVFC is
trained and cross-validated through the same workflow as a researcher's own data::

    python -m framing.datasets.gvfc --out gvfc_labels.csv [--text headline_lead]
    framing train --codebook gvfc --labels gvfc_labels.csv --cv 5
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from . import require_dataset

__all__ = ["GVFC_FILE", "TEXT_FIELDS", "gvfc_text", "load_gvfc", "write_gvfc_labels"]

GVFC_FILE = "gvfc_extension.csv"
_NONE_CODE = 99


def gvfc_text(headline: str, lead: str) -> str:
    """The text a GVFC item is classified from: headline, a blank line, then the lead.

    The lead often repeats the headline (quoted, with a byline); that repeat is removed.
    """
    h = " ".join(str(headline or "").split())
    lead = " ".join(str(lead or "").split())
    stripped = lead.lstrip('"\u201c ')
    if h and stripped.lower().startswith(h.lower()):
        lead = stripped[len(h) :].lstrip('"\u201d ')
    return f"{h}\n\n{lead}".strip()


TEXT_FIELDS = ("headline", "headline_lead")


def load_gvfc(path: str | Path | None = None) -> pd.DataFrame:
    """Read GVFC into a frame-labelled table.

    Parameters
    ----------
    path : str or Path, default=None
        The CSV file; ``None`` reads ``gvfc/gvfc_extension.csv`` in the data directory.

    Returns
    -------
    pandas.DataFrame
        Columns ``unit_id`` (``gvfc:<id>``), ``headline``, ``lead``, ``text`` (see
        :func:`gvfc_text`), ``theme1`` and ``theme2`` (int codes 1-9, theme2 may be NA),
        ``frames`` (list of codes as str, primary first).

    Raises
    ------
    DataNotFound
        If the dataset folder is missing.
    ValueError
        If the file lacks the expected columns.
    """
    p = Path(path) if path is not None else require_dataset("gvfc") / GVFC_FILE
    if not p.is_file():
        raise FileNotFoundError(f"GVFC file not found: {p}")
    raw = pd.read_csv(p)
    need = ["id", "headline", "lead_3_sentences_summary_of_full_article_text", "Q3 Theme1"]
    missing = [c for c in need if c not in raw.columns]
    if missing:
        raise ValueError(f"{p}: missing column(s) {missing}")
    t1 = pd.to_numeric(raw["Q3 Theme1"], errors="coerce")
    t2 = pd.to_numeric(raw.get("Q3 Theme2"), errors="coerce")
    t2 = t2.where(t2 != _NONE_CODE)
    keep = t1.between(1, 9)
    out = pd.DataFrame(
        {
            "unit_id": "gvfc:" + raw["id"].astype(str),
            "headline": raw["headline"].fillna("").astype(str),
            "lead": raw["lead_3_sentences_summary_of_full_article_text"].fillna("").astype(str),
            "theme1": t1.astype("Int64"),
            "theme2": t2.astype("Int64"),
        }
    )[keep.to_numpy()]
    out["text"] = [gvfc_text(h, le) for h, le in zip(out["headline"], out["lead"], strict=True)]
    out["frames"] = [
        [str(a)] + ([str(b)] if pd.notna(b) and b != a else [])
        for a, b in zip(out["theme1"], out["theme2"], strict=True)
    ]
    return out.reset_index(drop=True)


def write_gvfc_labels(
    out: str | Path, path: str | Path | None = None, text: str = "headline"
) -> Path:
    """Write GVFC as a labels file for ``framing train``: ``unit_id,text,frames``.

    ``frames`` holds the theme codes joined by ``;`` (primary first); the ``gvfc``
    codebook maps the codes to its frame keys.

    Parameters
    ----------
    out : str or Path
        Labels CSV to write.
    path : str or Path, default=None
        GVFC CSV (default: from the data directory).
    text : {"headline", "headline_lead"}, default="headline"
        The text to classify: the headline alone (what GVFC's themes were coded on and
        its published benchmarks classify), or headline and lead (:func:`gvfc_text`).
    """
    if text not in TEXT_FIELDS:
        raise ValueError(f"text must be one of {TEXT_FIELDS}, got {text!r}")
    table = load_gvfc(path)
    o = Path(out)
    o.parent.mkdir(parents=True, exist_ok=True)
    pd.DataFrame(
        {
            "unit_id": table["unit_id"],
            "text": table["headline"] if text == "headline" else table["text"],
            "frames": [";".join(f) for f in table["frames"]],
        }
    ).to_csv(o, index=False)
    return o


def main(argv: list[str] | None = None) -> int:
    """``python -m framing.datasets.gvfc --out FILE``: write GVFC as a labels file."""
    import argparse

    ap = argparse.ArgumentParser(description="Write GVFC as a labels file for framing train.")
    ap.add_argument("--out", required=True, help="labels CSV to write")
    ap.add_argument("--csv", default=None, help="GVFC CSV (default: from the data directory)")
    ap.add_argument("--text", choices=TEXT_FIELDS, default="headline", help="text to classify")
    args = ap.parse_args(argv)
    p = write_gvfc_labels(args.out, args.csv, text=args.text)
    print(f"GVFC labels -> {p}; train with: framing train --codebook gvfc --labels {p}")
    return 0


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
