"""Model files: saving with skops byte for byte reproducibly, loading only trusted types.

Frame and tone models are stored in skops archives, never plain pickles. :func:`dump_model`
writes a canonical archive (object ids renumbered, fixed zip timestamps), so the same
fitted model always gives the same file; :func:`load_model` refuses any file holding a
type outside an explicit list before it unpickles anything.
"""

from __future__ import annotations

import io
import json
import zipfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any

__all__ = ["canonical_skops", "dump_model", "load_model"]

#: Attributes that hold an ``id()`` (TfidfVectorizer remembers its stop-word list's id).
_ID_VALUED = frozenset({"_stop_words_id"})

#: The model classes of the package and the ``kind`` of model each is.
_MODEL_KINDS = {
    "framing.frames.FrameClassifier": "frame",
    "framing.tone.ToneClassifier": "tone",
}


def canonical_skops(raw: bytes) -> bytes:
    """Rewrite a skops archive so that it does not depend on memory addresses or time.

    skops names objects and array files by ``id()``; these ids are renumbered in order of
    first appearance in the schema, and zip entries get a fixed timestamp (and the
    strongest deflate level: the files ship in the wheel).
    """
    src = zipfile.ZipFile(io.BytesIO(raw))
    schema = json.loads(src.read("schema.json"))
    mapping: dict[str, str] = {}

    def new_id(old: Any) -> str:
        key = str(old)
        if key not in mapping:
            mapping[key] = str(len(mapping) + 1)
        return mapping[key]

    def walk(node: Any) -> Any:
        if isinstance(node, dict):
            out = {}
            for k, v in node.items():
                if k == "__id__" and isinstance(v, int):
                    out[k] = int(new_id(v))
                elif k == "file" and isinstance(v, str) and v.endswith(".npy"):
                    out[k] = new_id(v[: -len(".npy")]) + ".npy"
                elif k in _ID_VALUED and isinstance(v, dict) and "content" in v:
                    # an id() kept as an attribute: only compared for identity on refit
                    out[k] = {**walk(v), "content": "0"}
                else:
                    out[k] = walk(v)
            return out
        if isinstance(node, list):
            return [walk(v) for v in node]
        return node

    schema = walk(schema)
    files = {"schema.json": json.dumps(schema, indent=1).encode("utf-8")}
    for name in src.namelist():
        if name == "schema.json":
            continue
        stem, dot, ext = name.rpartition(".")
        target = (new_id(stem) + dot + ext) if ext == "npy" and stem in mapping else name
        files[target] = src.read(name)
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", compression=zipfile.ZIP_DEFLATED) as dst:
        for name in sorted(files):
            info = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            dst.writestr(info, files[name], compresslevel=9)
    return buf.getvalue()


def dump_model(model: Any, path: str | Path) -> Path:
    """Save a frame or tone model with skops, byte-for-byte reproducibly.

    The archive is canonicalised (object ids renumbered, fixed zip timestamps), so the
    same fitted model always gives the same file. Returns the path.
    """
    import skops.io as sio

    p = Path(path)
    p.parent.mkdir(parents=True, exist_ok=True)
    p.write_bytes(canonical_skops(sio.dumps(model)))
    return p


def load_model(
    path: Path,
    *,
    kind: str,
    cls: type,
    trusted_types: Sequence[str],
    trusted: Sequence[str] | None = None,
    cache: dict[str, Any] | None = None,
) -> Any:
    """Load a ``cls`` saved with skops from ``path``, trusting only ``trusted_types`` and
    ``trusted``; ``kind`` ("frame", "tone") names the model in errors. With ``cache``, the
    model is kept there under its resolved path (for the shipped models)."""
    import skops.io as sio

    key = str(path.resolve()) if cache is not None else ""
    if key and key in cache:
        return cache[key]
    if not path.is_file():
        raise FileNotFoundError(f"{kind} model not found: {path}")
    allowed = set(trusted_types) | set(trusted or ())
    untrusted = [t for t in sio.get_untrusted_types(file=path) if t not in allowed]
    other = [t for t in untrusted if t in _MODEL_KINDS and _MODEL_KINDS[t] != kind]
    if other:  # a frame model given for a tone model or the reverse: not a security issue
        raise ValueError(
            f"{path} is a {_MODEL_KINDS[other[0]]} model ({other[0]}), not a {kind} model"
        )
    if untrusted:
        raise ValueError(f"{path} contains untrusted types {untrusted}; refusing to load it")
    model = sio.load(path, trusted=sorted(allowed))
    if not isinstance(model, cls):
        raise ValueError(f"{path} holds a {type(model).__name__}, not a {cls.__name__}")
    model.source_path_ = str(path)  # run.json names the file (and its sha256) a run used
    if key:
        cache[key] = model
    return model
