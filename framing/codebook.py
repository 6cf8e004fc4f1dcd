"""Codebooks as data: frame sets loaded from YAML or TOML files and validated.

A codebook file has a few top-level keys and a list of frames::

    name: policy_frames               # required, a short identifier
    title: Policy Frames Codebook     # optional
    description: ...                  # optional
    citation: ...                     # optional
    version: 1                        # optional
    frames:                           # required, at least one
      - key: economic                 # required: lower-case identifier, unique
        name: Economic                # optional (defaults to the key)
        code: 1                       # optional numeric or string code used in label files
        definition: ...               # required, non-empty
        examples: [...]               # optional list of example sentences
        seed_terms: [...]             # optional list of words or phrases (or one string,
                                      # terms separated by commas)

In TOML the frames are an array of tables (``[[frames]]``). Unknown keys, duplicate frame
keys or codes, and frames without a definition are errors that name the file and the key; so
is a code that is empty, has surrounding whitespace, contains a label separator (``;``,
``,``, ``|``) or is another frame's key or name (labels would go to the wrong frame).
The codebooks shipped with the package are ``policy_frames`` (the 15 dimensions of the
Policy Frames Codebook), ``generic_frames`` (the five generic news frames of Semetko &
Valkenburg 2000) and ``gvfc`` (the nine themes of the Gun Violence Frame Corpus).

Examples
--------
>>> from framing.codebook import Codebook
>>> cb = Codebook.builtin("policy_frames")
>>> len(cb), cb.keys[0], cb["economic"].name
(15, 'economic', 'Economic')
>>> cb.key_for("Security and defense")
'security_defense'
"""

from __future__ import annotations

import re
import sys
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

__all__ = ["BUILTIN_CODEBOOKS", "Codebook", "CodebookError", "Frame", "resolve_codebook"]

#: Codebooks shipped in ``framing/codebooks``.
BUILTIN_CODEBOOKS = ("policy_frames", "generic_frames", "gvfc")

_TOP_KEYS = {"name", "title", "description", "citation", "version", "frames"}
_FRAME_KEYS = {"key", "name", "code", "definition", "examples", "seed_terms"}
_KEY_RE = re.compile(r"^[a-z][a-z0-9_]*$")
#: Characters that separate labels in one cell of a label file (see ``parse_labels``).
_LABEL_SEPS = (";", ",", "|")


class CodebookError(ValueError):
    """A codebook file or mapping is malformed; the message names the file and the key."""


@dataclass(frozen=True)
class Frame:
    """One frame of a codebook.

    Attributes
    ----------
    key : str
        Lower-case identifier used in label files and column names (``p_<key>``).
    name : str
        Human-readable name.
    definition : str
        What the frame means.
    examples : tuple of str
        Example sentences that invoke the frame.
    seed_terms : tuple of str
        Words or phrases typical of the frame (used as features, never as labels).
    code : str or None
        Optional code (e.g. ``"3"``) that label files may use instead of the key.
    """

    key: str
    name: str
    definition: str
    examples: tuple[str, ...] = ()
    seed_terms: tuple[str, ...] = ()
    code: str | None = None


@dataclass(frozen=True)
class Codebook:
    """A validated set of frames.

    Build one with :meth:`load` (YAML or TOML file), :meth:`from_dict` or
    :meth:`builtin`; the constructor does not validate.

    Attributes
    ----------
    name : str
        Short identifier of the codebook.
    frames : tuple of Frame
        The frames, in codebook order.
    title, description, citation : str
        Free text.
    version : str
        Version string ("" if not given).
    source : str
        Where the codebook was read from (a path, ``builtin:<name>`` or ``<dict>``).
        Pickled or saved in a model, a path is reduced to its file name, so a saved
        model does not depend on how (or where) the codebook path was written.
    """

    name: str
    frames: tuple[Frame, ...]
    title: str = ""
    description: str = ""
    citation: str = ""
    version: str = ""
    source: str = field(default="<dict>", compare=False)

    # -- pickling --------------------------------------------------------------------------

    def __getstate__(self) -> dict[str, Any]:
        """State for pickle and skops: ``source`` reduced to the bare file name.

        A saved model holds its codebook; with the path as given (``cb/x.yaml`` or
        ``/home/me/cb/x.yaml``) the same model would give different files on different
        machines or working directories. The codebook in memory keeps the full path.
        """
        state = dict(self.__dict__)
        state["source"] = _portable_source(self.source)
        return state

    def __copy__(self) -> Codebook:
        return self  # immutable: frozen dataclass of frozen frames and tuples

    def __deepcopy__(self, memo: dict[int, Any]) -> Codebook:
        return self

    # -- construction ------------------------------------------------------------------

    @classmethod
    def load(cls, path: str | Path) -> Codebook:
        """Read and validate a codebook file (``.yaml``/``.yml`` or ``.toml``).

        Raises
        ------
        FileNotFoundError
            If the file does not exist.
        CodebookError
            If the file cannot be parsed or breaks a rule; the message names the file.
        """
        p = Path(path)
        if p.is_dir():
            raise CodebookError(f"{p}: is a directory, not a codebook file")
        if not p.is_file():
            raise FileNotFoundError(f"codebook file not found: {p}")
        try:
            text = p.read_text(encoding="utf-8")
        except UnicodeDecodeError as exc:
            raise CodebookError(
                f"{p}: not UTF-8 text ({exc.reason} at byte {exc.start}); save it as UTF-8"
            ) from None
        suffix = p.suffix.lower()
        try:
            if suffix == ".toml":
                data = _toml_loads(text)
            elif suffix in (".yaml", ".yml"):
                data = yaml.safe_load(text)
            else:
                raise CodebookError(f"{p}: unknown codebook format {suffix!r} (use .yaml or .toml)")
        except CodebookError:
            raise
        except Exception as exc:  # parser errors of either library
            raise CodebookError(f"{p}: cannot parse codebook: {exc}") from exc
        return cls.from_dict(data, source=str(p))

    @classmethod
    def builtin(cls, name: str) -> Codebook:
        """One of the codebooks shipped with the package (see ``BUILTIN_CODEBOOKS``)."""
        if name not in BUILTIN_CODEBOOKS:
            raise ValueError(f"unknown built-in codebook {name!r}; choose from {BUILTIN_CODEBOOKS}")
        ref = resources.files("framing").joinpath("codebooks", f"{name}.yaml")
        with resources.as_file(ref) as p:
            cb = cls.load(p)
        return cls(**{**cb.__dict__, "source": f"builtin:{name}"})

    @classmethod
    def from_dict(cls, data: Any, source: str = "<dict>") -> Codebook:
        """Validate a parsed codebook mapping.

        Parameters
        ----------
        data : mapping
            As described in the module docstring.
        source : str, default="<dict>"
            Name used in error messages.
        """
        if not isinstance(data, Mapping):
            raise CodebookError(f"{source}: a codebook must be a mapping with a 'frames' list")
        unknown = sorted(set(data) - _TOP_KEYS)
        if unknown:
            raise CodebookError(
                f"{source}: unknown key(s) {unknown} at top level; allowed: {sorted(_TOP_KEYS)}"
            )
        name = data.get("name")
        if not isinstance(name, str) or not name.strip():
            raise CodebookError(f"{source}: key 'name' must be a non-empty string")
        raw_frames = data.get("frames")
        if not isinstance(raw_frames, list) or not raw_frames:
            raise CodebookError(f"{source}: key 'frames' must be a non-empty list of frames")
        frames: list[Frame] = []
        seen: dict[str, int] = {}
        codes: dict[str, str] = {}
        for i, raw in enumerate(raw_frames):
            where = f"{source}: frames[{i}]"
            if not raw:
                raise CodebookError(f"{where}: empty frame")
            if not isinstance(raw, Mapping):
                raise CodebookError(f"{where}: a frame must be a mapping, got {type(raw).__name__}")
            key = raw.get("key")
            if isinstance(key, str):
                where = f"{source}: frame {key!r}"
            bad = sorted(set(raw) - _FRAME_KEYS)
            if bad:
                raise CodebookError(
                    f"{where}: unknown key(s) {bad}; allowed: {sorted(_FRAME_KEYS)}"
                )
            if not isinstance(key, str) or not _KEY_RE.match(key):
                raise CodebookError(
                    f"{where}: key 'key' must be a lower-case identifier "
                    f"([a-z][a-z0-9_]*), got {key!r}"
                )
            if key in seen:
                raise CodebookError(
                    f"{source}: duplicate frame {key!r} (frames[{seen[key]}] and frames[{i}])"
                )
            seen[key] = i
            definition = raw.get("definition")
            if not isinstance(definition, str) or not definition.strip():
                raise CodebookError(f"{where}: empty frame: key 'definition' must be non-empty")
            fname = raw.get("name", key)
            if not isinstance(fname, str) or not fname.strip():
                raise CodebookError(f"{where}: key 'name' must be a non-empty string")
            examples = _str_list(raw.get("examples", []), f"{where}: key 'examples'")
            seeds = raw.get("seed_terms", [])
            if isinstance(seeds, str):  # "accused, attack, fight": terms joined by commas
                seeds = seeds.split(",")
            seeds = _str_list(seeds, f"{where}: key 'seed_terms'")
            code = raw.get("code")
            if code is not None:
                if isinstance(code, bool) or not isinstance(code, (int, str)):
                    raise CodebookError(f"{where}: key 'code' must be an integer or string")
                code = str(code)
                if not code.strip():
                    raise CodebookError(f"{where}: key 'code' must not be empty")
                if code != code.strip():
                    raise CodebookError(
                        f"{where}: code {code!r} has leading or trailing whitespace"
                    )
                if any(c in code for c in _LABEL_SEPS):
                    raise CodebookError(
                        f"{where}: code {code!r} contains a label separator "
                        f"({' '.join(_LABEL_SEPS)}); label files could not use it"
                    )
                if code in codes:
                    raise CodebookError(
                        f"{where}: duplicate code {code!r} (also frame {codes[code]!r})"
                    )
                codes[code] = key
            frames.append(
                Frame(
                    key=key,
                    name=fname.strip(),
                    definition=" ".join(definition.split()),
                    examples=tuple(examples),
                    seed_terms=tuple(s.lower() for s in seeds),
                    code=code,
                )
            )
        names: dict[str, str] = {}
        for f in frames:
            low = f.name.lower()
            if low in names:
                raise CodebookError(
                    f"{source}: duplicate frame name {f.name!r} (frames {names[low]!r} and {f.key!r})"
                )
            names[low] = f.key
        # key_for tries key, code and name of each frame in order, so a code that is
        # another frame's key or name would silently send that frame's labels elsewhere
        for f in frames:
            if f.code is None:
                continue
            for g in frames:
                if g.key != f.key and f.code.lower() in (g.key, g.name.lower()):
                    what = "key" if f.code.lower() == g.key else "name"
                    raise CodebookError(
                        f"{source}: frame {f.key!r}: code {f.code!r} is the {what} of frame "
                        f"{g.key!r}; labels {f.code!r} would be ambiguous"
                    )
        meta = {}
        for k in ("title", "description", "citation", "version"):
            v = data.get(k, "")
            if v is None:
                v = ""
            if not isinstance(v, (str, int, float)):
                raise CodebookError(f"{source}: key {k!r} must be a string")
            meta[k] = " ".join(str(v).split())
        return cls(name=name.strip(), frames=tuple(frames), source=source, **meta)

    # -- access --------------------------------------------------------------------------

    @property
    def keys(self) -> list[str]:
        """Frame keys in codebook order."""
        return [f.key for f in self.frames]

    def __len__(self) -> int:
        return len(self.frames)

    def __iter__(self) -> Iterator[Frame]:
        return iter(self.frames)

    def __contains__(self, key: object) -> bool:
        return any(f.key == key for f in self.frames)

    def __getitem__(self, key: str) -> Frame:
        for f in self.frames:
            if f.key == key:
                return f
        raise KeyError(f"codebook {self.name!r} has no frame {key!r}; frames: {self.keys}")

    def key_for(self, label: Any) -> str:
        """The frame key a label stands for: a key, a code or a name (case-insensitive).

        Raises
        ------
        KeyError
            If the label matches no frame.
        """
        s = str(label).strip()
        if isinstance(label, float) and label.is_integer():
            s = str(int(label))
        elif re.fullmatch(r"\d+\.0+", s):
            s = s.split(".")[0]  # "1.0": a code read from a spreadsheet as a float
        low = s.lower()
        for f in self.frames:
            if low == f.key or (f.code is not None and s == f.code) or low == f.name.lower():
                return f.key
        raise KeyError(f"label {label!r} is not a frame, code or name of codebook {self.name!r}")

    def parse_labels(self, value: Any, sep: str = ";") -> list[str]:
        """Parse one cell of a label file into frame keys, order kept, duplicates dropped.

        Accepts a list of labels or a string of labels joined by ``sep`` or ``|`` (also
        ``,``); each label may be a key, a code or a name. A piece between ``sep``/``|``
        that is not itself a label is split on commas, so names containing a comma
        ("Legality, constitutionality and jurisprudence") work as labels and so do
        comma-separated lists ("economic, political"); the longest comma-joined run that
        is a label wins. Empty cells give ``[]``.

        >>> cb = Codebook.builtin("policy_frames")
        >>> cb.parse_labels("political; Economic")
        ['political', 'economic']
        >>> cb.parse_labels("Legality, constitutionality and jurisprudence, economic")
        ['legality', 'economic']
        """
        if value is None or (isinstance(value, float) and value != value):
            return []
        if isinstance(value, str):
            seps = "".join(dict.fromkeys(c for c in (sep, "|") if c != ","))
            parts: list[Any] = []
            for piece in re.split(f"[{re.escape(seps)}]", value) if seps else [value]:
                parts.extend(self._split_commas(piece))
        elif isinstance(value, (list, tuple)):
            parts = list(value)
        else:
            parts = [value]
        out: list[str] = []
        for p in parts:
            if isinstance(p, str) and not p.strip():
                continue
            k = self.key_for(p)
            if k not in out:
                out.append(k)
        return out

    def _split_commas(self, piece: str) -> list[str]:
        """``piece`` as labels: itself if it is one, else its comma-separated runs."""
        if not piece.strip() or "," not in piece:
            return [piece]
        try:
            self.key_for(piece)
            return [piece]
        except KeyError:
            pass
        toks = piece.split(",")
        out: list[str] = []
        i = 0
        while i < len(toks):
            if not toks[i].strip():
                i += 1
                continue
            for j in range(len(toks), i, -1):  # longest run first
                run = ",".join(toks[i:j])
                try:
                    self.key_for(run)
                except KeyError:
                    continue
                out.append(run)
                i = j
                break
            else:
                # no run from here is a label: report this token and the whole piece
                raise KeyError(
                    f"label {toks[i].strip()!r} (in {piece.strip()!r}) is not a frame, "
                    f"code or name of codebook {self.name!r}"
                )
        return out

    def to_dict(self) -> dict[str, Any]:
        """The codebook as a plain mapping that :meth:`from_dict` reads back."""
        frames = []
        for f in self.frames:
            d: dict[str, Any] = {"key": f.key, "name": f.name}
            if f.code is not None:
                d["code"] = f.code
            d["definition"] = f.definition
            d["examples"] = list(f.examples)
            d["seed_terms"] = list(f.seed_terms)
            frames.append(d)
        out: dict[str, Any] = {"name": self.name}
        for k in ("title", "description", "citation", "version"):
            if getattr(self, k):
                out[k] = getattr(self, k)
        out["frames"] = frames
        return out

    def save(self, path: str | Path) -> Path:
        """Write the codebook as YAML."""
        p = Path(path)
        p.write_text(yaml.safe_dump(self.to_dict(), sort_keys=False, allow_unicode=True), "utf-8")
        return p

    def table(self):
        """The frames as a DataFrame: key, name, code, definition, n_examples, n_seed_terms."""
        import pandas as pd

        return pd.DataFrame(
            [
                {
                    "key": f.key,
                    "name": f.name,
                    "code": f.code,
                    "definition": f.definition,
                    "n_examples": len(f.examples),
                    "n_seed_terms": len(f.seed_terms),
                }
                for f in self.frames
            ]
        )


def resolve_codebook(codebook: Codebook | str | Path | None) -> Codebook:
    """A :class:`Codebook` from a codebook, a built-in name, a file path or ``None``.

    ``None`` means the built-in ``policy_frames``.
    """
    if codebook is None:
        return Codebook.builtin("policy_frames")
    if isinstance(codebook, Codebook):
        return codebook
    if isinstance(codebook, str) and codebook in BUILTIN_CODEBOOKS:
        return Codebook.builtin(codebook)
    if isinstance(codebook, (str, Path)):
        return Codebook.load(codebook)
    if isinstance(codebook, Mapping):
        return Codebook.from_dict(codebook)
    raise TypeError(f"cannot make a codebook from {type(codebook).__name__}")


def _portable_source(source: str) -> str:
    """A codebook source without directories: ``/a/b/cb.yaml`` -> ``cb.yaml``.

    ``builtin:<name>``, ``<dict>`` and other names without a path separator are kept.
    Both ``/`` and ``\\`` count as separators, so the result is the same on any system.
    """
    name = re.split(r"[\\/]", str(source))[-1] or str(source)
    # one string object per name: skops records object identity, so a name that is
    # sometimes the original string and sometimes a new one would change the file
    return sys.intern(name)


def _str_list(value: Any, where: str) -> list[str]:
    if value is None:
        return []
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise CodebookError(f"{where} must be a list of strings")
    return [" ".join(v.split()) for v in value if v.strip()]


def _toml_loads(text: str) -> Any:
    if sys.version_info >= (3, 11):
        import tomllib
    else:  # pragma: no cover - Python 3.10
        try:
            import tomli as tomllib
        except ImportError as exc:
            raise CodebookError("reading TOML codebooks on Python 3.10 needs 'tomli'") from exc
    return tomllib.loads(text)
