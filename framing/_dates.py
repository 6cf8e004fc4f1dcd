"""Recognise and parse the date lines of news pages ("Monday, 06 December 2021 12:50 PM EST").

Only lines that are mostly a date are parsed: a line must contain a month name or a
numeric date (ISO ``2024-04-03``, slash ``04/03/2024``, dotted ``03.04.2024``) and little
else. Dotted dates are read day first (the German, Dutch, Nordic and Eastern European
convention that writes them). Times with a zone abbreviation become
timezone-aware; the result is returned in UTC. A date with no zone is taken as UTC (the
documents table keeps the line as written in ``published_text``).
"""

from __future__ import annotations

import numbers
import re
import warnings

import numpy as np
import pandas as pd
from dateutil import parser as _dparser
from dateutil import tz as _tz

__all__ = ["parse_date", "slash_order_note", "to_utc"]

# Zone abbreviations common in English-language news datelines (fixed offsets in hours;
# "ET"/"PT" style generic names follow US daylight rules through the named zone).
_TZ_NAMED = {
    "ET": "America/New_York",
    "CT": "America/Chicago",
    "MT": "America/Denver",
    "PT": "America/Los_Angeles",
}
_TZ_FIXED = {
    "UTC": 0,
    "GMT": 0,
    "Z": 0,
    "BST": 1,
    "CET": 1,
    "CEST": 2,
    "EET": 2,
    "EEST": 3,
    "MSK": 3,
    "IST": 5.5,
    "JST": 9,
    "KST": 9,
    "AEST": 10,
    "AEDT": 11,
    "EST": -5,
    "EDT": -4,
    "CST": -6,
    "CDT": -5,
    "MST": -7,
    "MDT": -6,
    "PST": -8,
    "PDT": -7,
}
_TZINFOS = {k: int(v * 3600) for k, v in _TZ_FIXED.items()}
_TZINFOS.update({k: _tz.gettz(v) for k, v in _TZ_NAMED.items()})

_MONTH = (
    r"(jan(uary)?|feb(ruary)?|mar(ch)?|apr(il)?|may|june?|july?|aug(ust)?|"
    r"sep(t(ember)?)?|oct(ober)?|nov(ember)?|dec(ember)?)\.?"
)
_HAS_DATE = re.compile(
    rf"(\b{_MONTH}\s+\d{{1,2}}\b|\b\d{{1,2}}\s+{_MONTH}\b|\b\d{{4}}-\d{{2}}-\d{{2}}|"
    rf"\b\d{{1,2}}/\d{{1,2}}/\d{{2,4}}\b|\b\d{{1,2}}\.\d{{1,2}}\.\d{{4}}\b)",
    re.I,
)
_ALLOWED = re.compile(
    rf"^(\s|[,.:\-–—/|+]|\d+|{_MONTH}|mon(day)?|tue(s(day)?)?|wed(nesday)?|thu(r(s(day)?)?)?|"
    r"fri(day)?|sat(urday)?|sun(day)?|[ap]\.?m\.?|at|on|of|the|updated|published|posted|"
    r"last|modified|am|pm|noon|[A-Z]{1,4}T|UTC|GMT|Z|T\d|st|nd|rd|th|"
    + "|".join(_TZ_FIXED)
    + ")+$",
    re.I,
)
_AMPM = re.compile(r"\b([ap])\.m\.", re.I)
_LEAD_WORDS = re.compile(r"^\s*(updated|published|posted|last modified|modified)\s*:?\s*", re.I)


def parse_date(text: str, dayfirst: bool = False) -> pd.Timestamp | None:
    """Parse a line that is a date (and maybe a time and zone); None if it is not one.

    Numeric dates with slashes are read month first (``03/04/2021`` is 4 March) unless
    ``dayfirst``, which affects nothing else (``2021-04-03`` is 3 April either way); one
    that can only be read the other way (``13/04/2021``) is read that way, and
    :func:`slash_order_note` says so. Dotted numeric dates (``03.04.2021``, as German,
    Dutch, Nordic and Eastern European sources write them) are always day first.

    Examples
    --------
    >>> parse_date("Monday, 06 December 2021 12:50 PM EST")
    Timestamp('2021-12-06 17:50:00+0000', tz='UTC')
    >>> parse_date("The talks are set for December 7.") is None
    True
    >>> parse_date("Published 03.04.2021, 14:30 CET")
    Timestamp('2021-04-03 13:30:00+0000', tz='UTC')
    """
    s = text.strip()
    if len(s) > 80 or not _HAS_DATE.search(s):
        return None
    if not _ALLOWED.match(s):
        return None
    s = _LEAD_WORDS.sub("", s)
    s = _AMPM.sub(lambda m: m.group(1) + "m", s)
    s = re.sub(r"\bat\b", " ", s, flags=re.I)
    # the order question only arises for numeric slash dates: an ISO date (2016-10-01) or
    # one with a month name reads the same whatever the sources' convention
    dayfirst = (dayfirst and bool(_SLASH_DATE.search(s))) or bool(_DOTTED_DATE.search(s))
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            dt = _dparser.parse(s, fuzzy=True, tzinfos=_TZINFOS, dayfirst=dayfirst)
    except (ValueError, OverflowError, _dparser.ParserError):
        return None
    return to_utc(dt)


_EPOCH_DIGITS = re.compile(r"-?\d{10}(\d{3})?")


def to_utc(value: object, dayfirst: bool = False) -> pd.Timestamp | None:
    """Any date-like value to a UTC timestamp (naive values are taken as UTC).

    Strings are read by :func:`parse_date` first (``dayfirst`` as there).

    A number, or a string of 10 or 13 digits, is a Unix time: seconds, or milliseconds
    when it is too large to be seconds (as exports from web APIs give them).
    """
    if value is None or (pd.api.types.is_scalar(value) and pd.isna(value)):
        return None
    if isinstance(value, str):
        value = value.strip()
        if not value:
            return None
        if _EPOCH_DIGITS.fullmatch(value):
            value = int(value)
        else:
            parsed = parse_date(value, dayfirst)
            if parsed is not None:
                return parsed
    if isinstance(value, numbers.Real) and not isinstance(value, (bool, np.bool_)):
        unit = "s" if abs(value) < 1e11 else "ms" if abs(value) < 1e14 else "ns"
        try:
            return pd.Timestamp(value, unit=unit, tz="UTC")
        except (ValueError, OverflowError):
            return None
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            ts = pd.Timestamp(value)
    except (ValueError, TypeError, OverflowError):
        return None
    if pd.isna(ts):
        return None
    if ts.tzinfo is None:
        return ts.tz_localize("UTC")
    return ts.tz_convert("UTC")


_SLASH_DATE = re.compile(r"\b(\d{1,2})/(\d{1,2})/\d{2,4}\b")
_DOTTED_DATE = re.compile(r"\b\d{1,2}\.\d{1,2}\.\d{4}\b")  # 03.04.2021: always day first


def slash_order_note(text: str | None, dayfirst: bool = False) -> str:
    """A note when a numeric slash date can only be read in the order not assumed.

    ``13/04/2021`` has to be day first; in a file whose slash dates are taken month first,
    its neighbours ``03/04/2021`` are then probably read wrongly, so the loader says so.

    >>> slash_order_note("13/04/2021")
    "date '13/04/2021' can only be day first, but slash dates are read month first: pass dayfirst=True (command line: --dayfirst) if the source writes the day first"
    >>> slash_order_note("03/04/2021")
    ''
    """
    m = _SLASH_DATE.search(text or "")
    if m is None:
        return ""
    first, second = int(m.group(1)), int(m.group(2))
    if not dayfirst and first > 12 and second <= 12:
        return (
            f"date {text!r} can only be day first, but slash dates are read month first: "
            "pass dayfirst=True (command line: --dayfirst) if the source writes the day first"
        )
    if dayfirst and second > 12 and first <= 12:
        return (
            f"date {text!r} can only be month first, but slash dates are read day first "
            "(dayfirst=True): check the order the source writes"
        )
    return ""
