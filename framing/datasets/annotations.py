"""The project's own frame- and tone-annotated news paragraphs (``corpus/annotations``).

The repository stores labels only: ``labels_*.csv`` files with columns ``unit_id, tone,
frames, coder`` (``frames`` = frame keys of the ``policy_frames`` codebook joined by
``;``, primary first). Texts are read from the shared datasets through
:func:`framing.datasets.units.paragraph_units` and joined by ``unit_id``.

``labels_batch_*.csv`` hold the main coding (one coder per unit);
``labels_double_coder_*.csv`` hold a second, independent coding of a subset of the same
units, used for agreement statistics (see :func:`double_coded`); ``labels_sample.csv``
codes every paragraph of the bundled sample corpus (unit ids ``sample:<doc_id>:<para_id>``).
"""

from __future__ import annotations

from collections.abc import Iterable
from importlib import resources
from pathlib import Path

import pandas as pd

__all__ = [
    "TONES",
    "annotations_dir",
    "double_coded",
    "load_annotations",
    "read_label_files",
    "sample_corpus_units",
    "unit_texts",
    "units_in_batches",
]

TONES = ("negative", "neutral", "positive")


def annotations_dir() -> Path:
    """The ``corpus/annotations`` folder: in the checkout, or bundled in the wheel."""
    repo = Path(__file__).resolve().parents[2] / "corpus" / "annotations"
    if repo.is_dir():
        return repo
    return Path(str(resources.files("framing").joinpath("_corpus", "annotations")))


def unit_selection(directory: str | Path | None = None) -> pd.Series:
    """How each drawn unit was chosen, from ``sample_units.csv``: ``"random"`` or
    ``"positive_enriched"`` (round 3 and half of rounds 4-5, drawn on purpose;
    cross-validation trains on these units but does not score them). Indexed by
    ``unit_id``."""
    return _drawn_units("selection", directory).set_index("unit_id")["selection"]


def _drawn_units(column: str, directory: str | Path | None) -> pd.DataFrame:
    """``unit_id`` and ``column`` of ``sample_units.csv`` in ``directory`` (default:
    :func:`annotations_dir`)."""
    d = Path(directory) if directory is not None else annotations_dir()
    return pd.read_csv(d / "sample_units.csv", usecols=["unit_id", column])


def units_in_batches(spec: str, directory: str | Path | None = None) -> set[str]:
    """The drawn units of the coding batches ``spec`` names (``"1-7"``, ``"1-3,8"``), from
    ``sample_units.csv``: e.g. to score a cross-validation on the units an earlier run
    scored, for a like-for-like comparison."""
    wanted: set[int] = set()
    for part in spec.split(","):
        lo, _, hi = part.strip().partition("-")
        try:
            wanted.update(range(int(lo), int(hi or lo) + 1))
        except ValueError:
            raise ValueError(f"batches {spec!r}: expected numbers and ranges like 1-7,12") from None
    drawn = _drawn_units("batch", directory)
    return set(drawn.loc[drawn["batch"].isin(wanted), "unit_id"])


def _split_frames(value: object) -> list[str]:
    if not isinstance(value, str):
        return []
    return [f.strip() for f in value.split(";") if f.strip()]


def read_label_files(paths: Iterable[str | Path], codebook=None) -> pd.DataFrame:
    """Read label CSVs (``unit_id, tone, frames, coder``) into one table.

    Parameters
    ----------
    paths : iterable of path
        Label files.
    codebook : Codebook, str or Path, default=None
        Frame labels are checked against it (``None``: the built-in ``policy_frames``).

    Returns
    -------
    pandas.DataFrame
        ``unit_id``, ``tone``, ``frames`` (list of str, primary first), ``coder``,
        ``file`` (file name).

    Raises
    ------
    ValueError
        If a file lacks a column, or has an unknown tone or frame (naming file and row).
    """
    from ..codebook import resolve_codebook

    cb = resolve_codebook(codebook)
    parts = []
    for p in map(Path, paths):
        t = pd.read_csv(p, dtype=str, keep_default_na=False)
        missing = {"unit_id", "frames"} - set(t.columns)
        if missing:
            raise ValueError(f"{p}: missing column(s) {sorted(missing)}")
        if "tone" not in t.columns:
            t["tone"] = ""
        if "coder" not in t.columns:
            t["coder"] = p.stem
        frames = []
        for i, v in enumerate(t["frames"]):
            try:
                frames.append(cb.parse_labels(v))
            except KeyError as exc:
                raise ValueError(f"{p}: row {i + 2}: {exc.args[0]}") from None
        bad = ~t["tone"].isin(("", *TONES))
        if bad.any():
            i = int(bad.to_numpy().nonzero()[0][0])
            raise ValueError(f"{p}: row {i + 2}: unknown tone {t['tone'].iloc[i]!r}")
        parts.append(
            pd.DataFrame(
                {
                    "unit_id": t["unit_id"].str.strip(),
                    "tone": t["tone"].str.strip().replace("", None),
                    "frames": frames,
                    "coder": t["coder"],
                    "file": p.name,
                }
            )
        )
    if not parts:
        return pd.DataFrame(columns=["unit_id", "tone", "frames", "coder", "file"])
    return pd.concat(parts, ignore_index=True)


def sample_corpus_units() -> pd.DataFrame:
    """Paragraphs of the bundled sample corpus as ``unit_id`` (``sample:<doc>:<para>``), ``text``."""
    from ..corpus import load_sample_corpus

    p = load_sample_corpus().paragraphs
    return pd.DataFrame(
        {"unit_id": "sample:" + p["doc_id"] + ":" + p["para_id"].astype(str), "text": p["text"]}
    )


def unit_texts(unit_ids: pd.Series, texts: pd.DataFrame | None = None) -> pd.DataFrame:
    """``unit_id`` and ``text`` of the units ``unit_ids`` name: ``texts`` if given, else
    the paragraph units of the shared datasets their prefixes name (``polnear:``,
    ``basil:``, ``ukraine:``, ``seed:``) and the bundled sample corpus (``sample:``)."""
    if texts is None:
        from .units import paragraph_units

        datasets = sorted({u.split(":", 1)[0] for u in unit_ids})
        known = [d for d in datasets if d in ("polnear", "basil", "ukraine", "seed")]
        parts = [paragraph_units(known)[["unit_id", "text"]]] if known else []
        if "sample" in datasets:
            parts.append(sample_corpus_units())
        texts = pd.concat(parts, ignore_index=True)
    return texts[["unit_id", "text"]]


def load_annotations(
    include_double: bool = False,
    directory: str | Path | None = None,
    texts: pd.DataFrame | None = None,
    include_sample: bool = False,
) -> pd.DataFrame:
    """The annotated paragraphs with their texts.

    Parameters
    ----------
    include_double : bool, default=False
        Also return the second codings (``labels_double_coder_*.csv``) as extra rows.
    directory : str or Path, default=None
        Folder of the label files; ``None`` is :func:`annotations_dir`.
    texts : DataFrame, default=None
        ``unit_id, text`` table to join; ``None`` reads the shared datasets
        (:func:`framing.datasets.units.paragraph_units`), which must be present.
    include_sample : bool, default=False
        Also return the codings of the bundled sample corpus (``labels_sample.csv``,
        texts from :func:`framing.load_sample_corpus`; no shared data needed for these).

    Returns
    -------
    pandas.DataFrame
        ``unit_id``, ``text``, ``tone``, ``frames`` (list of str, primary first),
        ``coder``, ``dataset`` (prefix of the unit id), ``doc`` (unit id without its
        position, for grouping folds by document). Units whose text cannot be found are
        dropped.

    Raises
    ------
    FileNotFoundError
        If there are no label files.
    """
    d = Path(directory) if directory is not None else annotations_dir()
    files = sorted(d.glob("labels_batch_*.csv"))
    if include_double:
        files += sorted(d.glob("labels_double_*.csv"))
    if not files:
        raise FileNotFoundError(f"no labels_batch_*.csv files in {d}")
    if include_sample and (d / "labels_sample.csv").is_file():
        files.append(d / "labels_sample.csv")
    labels = read_label_files(files)
    labels = labels[labels["frames"].map(bool) | labels["tone"].notna()]
    t = unit_texts(labels["unit_id"], texts)
    out = labels.merge(t, on="unit_id", how="inner", validate="many_to_one")
    out["dataset"] = out["unit_id"].str.split(":", n=1).str[0]
    out["doc"] = out["unit_id"].str.rsplit(":", n=1).str[0]
    cols = ["unit_id", "text", "tone", "frames", "coder", "dataset", "doc"]
    return out[cols].reset_index(drop=True)


def double_coded(directory: str | Path | None = None) -> pd.DataFrame:
    """Units coded twice, paired by ``unit_id`` (no texts needed).

    Returns
    -------
    pandas.DataFrame
        ``unit_id``, ``tone_1``, ``frames_1``, ``coder_1`` (the main coding) and
        ``tone_2``, ``frames_2``, ``coder_2`` (the independent second coding).
    """
    d = Path(directory) if directory is not None else annotations_dir()
    first = read_label_files(sorted(d.glob("labels_batch_*.csv")))
    second = read_label_files(sorted(d.glob("labels_double_*.csv")))
    first = first.drop_duplicates("unit_id", keep="last").drop(columns="file")
    second = second.drop_duplicates("unit_id", keep="last").drop(columns="file")
    pairs = first.merge(second, on="unit_id", suffixes=("_1", "_2"), how="inner")
    return pairs[
        ["unit_id", "tone_1", "frames_1", "coder_1", "tone_2", "frames_2", "coder_2"]
    ].reset_index(drop=True)
