"""framing: tone and framing analytics of news.

The pipeline, one stage per module, data flowing one way:

- :mod:`framing.corpus`: ``load_corpus`` -> ``Corpus`` (documents, paragraphs, report)
- :mod:`framing.quotes`, :mod:`framing.speakers`: quotes and speakers tables
- :mod:`framing.features`, :mod:`framing.tone`, :mod:`framing.frames`: sklearn
  feature extractors and classifiers; :mod:`framing.score`: ``score_texts``
- :mod:`framing.analysis`: ``analyze`` -> ``Analysis`` (all tables, aggregated)
- :mod:`framing.plot`: matplotlib figures; :mod:`framing.cli`: the ``framing`` command
"""

from . import agreement
from ._version import __version__
from .analysis import Analysis, analyze
from .codebook import Codebook
from .corpus import (
    Corpus,
    LoaderError,
    LoaderWarning,
    iter_corpus,
    load_corpus,
    load_sample_corpus,
)
from .frames import FrameClassifier, load_frame_model
from .quotes import extract_quotes
from .score import score_texts
from .speakers import resolve_speakers
from .stream import analyze_to_dir, load_analysis
from .tone import ToneClassifier, load_tone_model

__all__ = [
    "__version__",
    "Corpus",
    "LoaderError",
    "LoaderWarning",
    "load_corpus",
    "load_sample_corpus",
    "iter_corpus",
    "Analysis",
    "analyze",
    "analyze_to_dir",
    "load_analysis",
    "extract_quotes",
    "resolve_speakers",
    "Codebook",
    "FrameClassifier",
    "load_frame_model",
    "ToneClassifier",
    "load_tone_model",
    "score_texts",
    "agreement",
]
