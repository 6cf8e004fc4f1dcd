"""Speaker categories: officials, experts, organised interests, media, ordinary people.

Research on sourcing asks which kinds of speakers a story lets talk. The attribution
stage gives each speaker a ``speaker_type`` (person, organization, anonymous, group) and
a ``speaker_role`` as the article writes it ("a sanctions analyst at the Atlantic
Council", "58, a retired bookkeeper"); this stage maps them to a coarser
``speaker_category`` with a :class:`SpeakerCategories` scheme: a YAML file of categories,
each with a definition, whole-word ``terms`` and regular-expression ``patterns``, tried
in order (the first match wins) over what the article says about the speaker. The
forms the article names the speaker by ("Sen. John Smith", "the senator") are read
first, on their own; only if no category matches them is the role read with them ("a
founder of the Freedom Caucus" does not make "Representative Jim Jordan" an organised
interest). A speaker nothing matches is ``"unclear"`` (in every scheme): the words are
the evidence, and where the article gives none the category is not guessed.

How the text is matched, which decides whether a term of a scheme can match: the role,
name and mention forms are lower-cased, acronyms lose their dots ("N.A.A.C.P." reads
"naacp"; a term written "U.S. attorney" is read "us attorney" too, and a pattern with a
dotted acronym is refused), and the forms are joined by ``" | "`` with the role first
(``^`` in a pattern is the start of the role). Terms match as whole words, a plural "s"
allowed, not before "-based" ("a London-based shipbroker" is not the British
government); patterns are regular expressions matched ignoring case.

The shipped scheme (``framing/codebooks/speaker_categories.yaml``) has the categories of
the project's coding guide (``corpus/speaker_categories/GUIDE.md``): ``citizen``,
``media``, ``expert``, ``organization``, ``official``. How often it agrees with
hand-coded speakers of real news is in :func:`framing.evaluate.speakers.score_categories`.
A researcher's own scheme loads the same way:
``SpeakerCategories.from_file("my_categories.yaml")``.

The analysis tables carry the category (see :mod:`framing.analysis`): ``quotes`` and
``speakers`` from the document's own mentions, ``corpus_speakers`` pooled over all the
documents of a speaker (the most common category other than the fallback), so that a
politician introduced by title in one article counts as an official where another
article names them bare.

Examples
--------
>>> from framing.categories import speaker_category
>>> speaker_category("Anna Berg", "an economist at Oxford University")
'expert'
>>> speaker_category("Jane Doe", "Senator", "person")
'official'
>>> speaker_category("Maria Lopez", "58, a retired bookkeeper")
'citizen'
>>> speaker_category("Jim Jordan", "a founder of the Freedom Caucus", mentions=["Rep. Jim Jordan"])
'official'
>>> speaker_category("Maria Lopez", "")
'unclear'
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

import pandas as pd
import yaml

__all__ = [
    "SpeakerCategories",
    "SpeakerCategoryError",
    "categorize_speakers",
    "pooled_category",
    "resolve_scheme",
    "speaker_category",
]

_TOP_KEYS = {"name", "title", "version", "description", "categories"}
#: The category of a speaker no category of a scheme matches (in every scheme, so that
#: the corpus-wide tables can pool categories without knowing the scheme).
FALLBACK = "unclear"
_CATEGORY_KEYS = {"key", "name", "definition", "terms", "patterns"}
_KEY_RE = re.compile(r"[a-z][a-z0-9_]*")


class SpeakerCategoryError(ValueError):
    """A speaker-category scheme that cannot be used, naming the file and the problem."""


@dataclass(frozen=True)
class Category:
    """One category of a scheme: its key, name, definition and matcher."""

    key: str
    name: str
    definition: str
    terms: tuple[str, ...]
    patterns: tuple[str, ...]

    @property
    def regex(self) -> re.Pattern:
        return _compile(self.terms, self.patterns)


@lru_cache(maxsize=64)
def _compile(terms: tuple[str, ...], patterns: tuple[str, ...]) -> re.Pattern:
    parts = []
    if terms:
        alts = "|".join(re.escape(t) for t in sorted(terms, key=len, reverse=True))
        # whole words; "London-based" says where, not who
        parts.append(rf"(?<![\w-])(?:{alts})s?(?![\w]|-based\b)")
    parts += [f"(?:{p})" for p in patterns]
    # the text is in lower case; a pattern written with capitals matches it too
    return re.compile("|".join(parts) if parts else r"(?!x)x", re.IGNORECASE)


@dataclass(frozen=True)
class SpeakerCategories:
    """An ordered scheme of speaker categories (see the module docstring).

    Attributes
    ----------
    categories : tuple of Category
        Tried in order; the first whose terms or patterns match wins.
    fallback : str
        The category of a speaker nothing matches: always ``"unclear"``.
    source : str
        The file it was read from (its name only).
    file_sha256 : str
        The digest of that file's bytes ("" for a scheme not read from a file).
    """

    name: str
    categories: tuple[Category, ...]
    source: str = ""
    fallback: str = FALLBACK
    file_sha256: str = ""

    def describe(self) -> dict[str, str]:
        """The scheme's name, file, a digest of its content as read (``sha256``) and of
        the file's bytes (``file_sha256``), for ``run.json``."""
        content = json.dumps(
            [self.name, self.fallback, [dataclasses.astuple(c) for c in self.categories]]
        )
        return {
            "name": self.name,
            "source": self.source,
            "sha256": hashlib.sha256(content.encode("utf-8")).hexdigest(),
            "file_sha256": self.file_sha256,
        }

    @property
    def keys(self) -> list[str]:
        """Category keys in order, then the fallback."""
        return [c.key for c in self.categories] + [self.fallback]

    @classmethod
    def default(cls) -> SpeakerCategories:
        """The shipped scheme (``framing/codebooks/speaker_categories.yaml``)."""
        return _default()

    @classmethod
    def from_file(cls, path: str | Path) -> SpeakerCategories:
        """Read and validate a scheme from a YAML file."""
        p = Path(path)
        try:
            raw = p.read_bytes()
            text = raw.decode("utf-8")
        except FileNotFoundError:
            raise SpeakerCategoryError(f"{p}: no such file") from None
        except IsADirectoryError:
            raise SpeakerCategoryError(
                f"{p}: is a directory, not a speaker-category scheme (a YAML file)"
            ) from None
        except UnicodeDecodeError as exc:
            raise SpeakerCategoryError(f"{p}: not UTF-8 text ({exc.reason})") from None
        except OSError as exc:
            raise SpeakerCategoryError(
                f"{p}: cannot read the speaker-category scheme ({exc.strerror})"
            ) from None
        try:
            data = yaml.load(text, Loader=_UniqueKeyLoader)  # noqa: S506 (a SafeLoader)
        except yaml.YAMLError as exc:
            detail = " ".join(str(exc).split())
            raise SpeakerCategoryError(f"{p}: not valid YAML ({detail})") from None
        scheme = cls.from_dict(data, source=p.name)
        return dataclasses.replace(scheme, file_sha256=hashlib.sha256(raw).hexdigest())

    @classmethod
    def from_dict(cls, data: Any, source: str = "<dict>") -> SpeakerCategories:
        """Validate a scheme given as a mapping; errors name ``source`` and the key."""
        if not isinstance(data, dict):
            raise SpeakerCategoryError(
                f"{source}: a scheme is a YAML mapping with 'categories' (read a "
                f"{type(data).__name__}; is the file YAML?)"
            )
        unknown = sorted(set(data) - _TOP_KEYS)
        if unknown:
            raise SpeakerCategoryError(f"{source}: unknown key(s) {unknown}")
        items = data.get("categories")
        if not isinstance(items, list) or not items:
            raise SpeakerCategoryError(f"{source}: 'categories' must be a non-empty list")
        cats: list[Category] = []
        for i, item in enumerate(items):
            where = f"{source}: categories[{i}]"
            if not isinstance(item, dict):
                raise SpeakerCategoryError(f"{where} is not a mapping")
            bad = sorted(set(item) - _CATEGORY_KEYS)
            if bad:
                raise SpeakerCategoryError(f"{where}: unknown key(s) {bad}")
            if item.get("key") is None:
                raise SpeakerCategoryError(f"{where} has no 'key'")
            key = str(item["key"]).strip()
            if not _KEY_RE.fullmatch(key):
                raise SpeakerCategoryError(
                    f"{where}: key {item['key']!r} must be lower-case letters, digits, _"
                )
            where = f"{source}: category {key!r}"
            if key == FALLBACK or key in {c.key for c in cats}:
                raise SpeakerCategoryError(
                    f"{where} is defined twice (or is {FALLBACK!r}, the category of "
                    "speakers nothing matches)"
                )
            terms = _strings(item.get("terms"), f"{where}: terms")
            patterns = _strings(item.get("patterns"), f"{where}: patterns")
            if not terms and not patterns:
                raise SpeakerCategoryError(f"{where} has no terms and no patterns")
            for pat in patterns:
                _check_pattern(pat, where)
            cats.append(
                Category(
                    key=key,
                    name=str(item.get("name") or key),
                    definition=" ".join(str(item.get("definition") or "").split()),
                    # read like the evidence: lower case, acronyms without their dots
                    terms=tuple(_join([t]) for t in terms),
                    patterns=tuple(patterns),
                )
            )
        return cls(name=str(data.get("name") or source), categories=tuple(cats), source=source)

    def categorize(self, name: Any = "", role: Any = "", mentions: Iterable[Any] = ()) -> str:
        """The category of a speaker from its name, role and mention forms.

        Two readings, each trying the categories in order: first the forms the article
        names the speaker by ("Sen. John Smith", "a White House spokesman", "the
        senator"), leaving out those of a past role ("former", "ex-"); then, if they say
        nothing, everything with the role first. How the article names a speaker when it
        quotes them beats a description given elsewhere ("Representative Jim Jordan, a
        founder of the House Freedom Caucus" is an official).
        """
        for text in (_name_evidence(name, mentions), _evidence(name, role, mentions)):
            if text:
                for c in self.categories:
                    if c.regex.search(text):
                        return c.key
        return self.fallback


def _strings(value: Any, where: str) -> list[str]:
    if value is None:
        return []
    if not isinstance(value, list):
        raise SpeakerCategoryError(f"{where} must be a list of non-empty strings")
    for i, v in enumerate(value):
        if not (isinstance(v, str) and v.strip()):
            hint = (
                " (YAML reads yes/no/on/off/true/false unquoted as a boolean: quote it)"
                if isinstance(v, bool)
                else ""
            )
            raise SpeakerCategoryError(
                f"{where} must be a list of non-empty strings; item {i} is {v!r}{hint}"
            )
    return [v.strip() for v in value]


#: Text a pattern is tried on to see whether it can match without consuming anything.
_PROBE = "58, a voter | sen. jane doe | the (r-texas) senator | us attorney"
#: An acronym with dots in a pattern ("u\\.s\\."): the evidence has them dropped.
_DOTTED_PATTERN = re.compile(r"(?<![A-Za-z])(?:\\b)?[A-Za-z]\\\.[A-Za-z]\\\.")


def _check_pattern(pat: str, where: str) -> None:
    """A pattern that compiles, can only match some text, and is written for the
    evidence as it is read (acronyms without dots)."""
    try:
        rx = re.compile(pat, re.IGNORECASE)
    except re.error as exc:
        raise SpeakerCategoryError(f"{where}: bad pattern {pat!r} ({exc})") from None
    if rx.search("") is not None or any(m.group(0) == "" for m in rx.finditer(_PROBE)):
        raise SpeakerCategoryError(
            f"{where}: pattern {pat!r} can match empty text (an empty alternative, "
            "'|' at an end?), so it would put every speaker in this category"
        )
    if _DOTTED_PATTERN.search(pat):
        raise SpeakerCategoryError(
            f"{where}: pattern {pat!r} has an acronym with dots; the text is read "
            "with them dropped ('U.S.' reads 'us'), so write it without"
        )


class _UniqueKeyLoader(yaml.SafeLoader):
    """YAML's safe loader, refusing a key given twice in one mapping (plain YAML keeps
    the last and silently drops the first, e.g. a category's terms)."""

    def construct_mapping(self, node, deep=False):  # noqa: ANN001, ANN201
        seen: set = set()
        for key_node, _ in node.value:
            key = self.construct_object(key_node, deep=deep)
            if key in seen:
                raise yaml.constructor.ConstructorError(
                    None, None, f"key {key!r} appears twice", key_node.start_mark
                )
            seen.add(key)
        return super().construct_mapping(node, deep=deep)


def _text(v: Any) -> str:
    return v.strip() if isinstance(v, str) else ""


def _forms(name: Any, mentions: Iterable[Any]) -> list[str]:
    forms = [_text(name)]
    if isinstance(mentions, str):
        forms.append(mentions.strip())
    elif mentions is not None:
        forms += [_text(m) for m in mentions]
    return forms


def _join(forms: Iterable[str]) -> str:
    """Lower case, acronyms without dots, distinct non-empty forms joined by " | "."""
    seen: list[str] = []
    for f in forms:
        f = _ACRONYM_DOTS.sub(lambda m: m.group(0).replace(".", ""), f.lower())
        if f and f not in seen:
            seen.append(f)
    return " | ".join(seen)


def _evidence(name: Any, role: Any, mentions: Iterable[Any] = ()) -> str:
    """Role first (an age opens it), then name and mentions."""
    return _join([_text(role), *_forms(name, mentions)])


def _name_evidence(name: Any, mentions: Iterable[Any] = ()) -> str:
    """The name and mention forms, without those that name a past role."""
    return _join(f for f in _forms(name, mentions) if not _PAST_ROLE.search(f))


#: An acronym written with dots ("n.a.a.c.p.", "u.s."): read without them.
_ACRONYM_DOTS = re.compile(r"(?<![\w.])(?:[a-z]\.){2,}")
#: A form naming a role the speaker no longer holds ("former Sen. Bob Kerrey"): a former
#: official quoted as an analyst is an expert, so such forms are read with the role.
_PAST_ROLE = re.compile(r"(?i)\b(?:former|ex|onetime|one-time|erstwhile|retired)\b")


@lru_cache(maxsize=1)
def _default() -> SpeakerCategories:
    ref = resources.files("framing").joinpath("codebooks", "speaker_categories.yaml")
    with resources.as_file(ref) as path:
        return SpeakerCategories.from_file(path)


def speaker_category(
    name: Any = "",
    role: Any = "",
    speaker_type: Any = None,
    mentions: Iterable[Any] = (),
    scheme: SpeakerCategories | None = None,
) -> str:
    """The category of one speaker under ``scheme`` (default: the shipped one).

    ``speaker_type`` is accepted for symmetry with the tables; the words decide.
    """
    return (scheme or SpeakerCategories.default()).categorize(name, role, mentions)


def categorize_speakers(
    table: pd.DataFrame, scheme: SpeakerCategories | str | Path | None = None
) -> pd.Series:
    """``speaker_category`` of each row of a quotes or speakers table.

    Uses ``speaker_name``, ``speaker_role`` and, when present, ``aliases`` (speakers)
    or ``speaker`` (the mention of a quote).
    """
    sch = resolve_scheme(scheme)
    n = len(table)
    names = table["speaker_name"] if "speaker_name" in table else pd.Series([""] * n)
    roles = table["speaker_role"] if "speaker_role" in table else pd.Series([""] * n)
    if "aliases" in table:
        forms: Sequence = [a if isinstance(a, (list, tuple)) else list(a) for a in table["aliases"]]
    elif "speaker" in table:
        forms = [[m] for m in table["speaker"]]
    else:
        forms = [[]] * n
    cache: dict[tuple, str] = {}
    out = []
    for nm, rl, fs in zip(names, roles, forms):
        key = (_text(nm), _text(rl), tuple(_text(f) for f in fs))
        if key not in cache:
            cache[key] = sch.categorize(*key)
        out.append(cache[key])
    return pd.Series(out, index=table.index, name="speaker_category", dtype=object)


def pooled_category(categories: Iterable[Any], fallback: str = FALLBACK) -> str:
    """The most common category other than ``fallback`` (ties: alphabetically first),
    else ``fallback``: a speaker's category across the documents that quote it."""
    counts = Counter(c for c in categories if isinstance(c, str) and c and c != fallback)
    if not counts:
        return fallback
    top = max(counts.values())
    return min(c for c, k in counts.items() if k == top)


def resolve_scheme(scheme: SpeakerCategories | str | Path | None) -> SpeakerCategories:
    """A scheme from a :class:`SpeakerCategories`, a YAML path, or None (the shipped one)."""
    if scheme is None:
        return SpeakerCategories.default()
    if isinstance(scheme, SpeakerCategories):
        return scheme
    return SpeakerCategories.from_file(scheme)
