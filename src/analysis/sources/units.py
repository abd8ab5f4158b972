"""Helpers the JSON price importers share: unit conversion and checked reads of record fields.

A value that is not what its field expects raises :class:`~analysis.sources.snapshot_files.BadValue`
naming the field; wrapping the work on one record in :func:`record_errors` adds the file and the
record to its one-line message.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from decimal import Decimal, InvalidOperation
from pathlib import Path

from analysis.errors import SourceFormatError
from analysis.sources.records import exact_price
from analysis.sources.snapshot_files import BadValue, fail, shown

TOKENS_PER_MTOK = 1_000_000


@contextmanager
def record_errors(path: Path, key: str) -> Iterator[None]:
    """Turn a BadValue raised inside into a SourceFormatError naming ``path`` and ``key``."""
    try:
        yield
    except BadValue as bad:
        raise SourceFormatError(
            f"{path}: record {key}: field {bad.where}: expected {bad.expected}, got {shown(bad.got)}"
        ) from None


def top_level(data: object, kind: type, expected: str, path: Path) -> object:
    """``data`` when it is a ``kind``, else a SourceFormatError naming what was expected."""
    if not isinstance(data, kind):
        fail(str(path), f"{expected} at the top level", data)
    return data


def mapping(value: object, field: str) -> Mapping[str, object]:
    """``value`` when it is a JSON object."""
    if not isinstance(value, Mapping):
        raise BadValue(field, "an object", value)
    return value


def listing(value: object, field: str) -> list[object]:
    """``value`` when it is a JSON array."""
    if not isinstance(value, list):
        raise BadValue(field, "a list", value)
    return value


def strings(value: object, field: str) -> list[str]:
    """``value`` when it is a JSON array of strings."""
    items = listing(value, field)
    if not all(isinstance(item, str) for item in items):
        raise BadValue(field, "a list of strings", value)
    return items


def section(entry: Mapping[str, object], key: str) -> Mapping[str, object]:
    """``entry[key]`` as an object; empty when absent or null."""
    value = entry.get(key)
    return {} if value is None else mapping(value, key)


def text(entry: Mapping[str, object], key: str, *, required: bool = False) -> str | None:
    """``entry[key]`` as a string; None when absent or null (unless required)."""
    return _get(entry, key, str, "a string", required)


def flag(entry: Mapping[str, object], key: str) -> bool | None:
    """``entry[key]`` as a bool; None when absent or null."""
    return _get(entry, key, bool, "true or false", False)


def token_count(value: object, field: str) -> int:
    """A non-negative whole number of tokens (an integral fraction such as 256000.0 is accepted)."""
    if isinstance(value, bool) or not isinstance(value, int | float | Decimal):
        raise BadValue(field, "a whole number of tokens", value)
    number = Decimal(value)
    if not number.is_finite() or number < 0 or number != number.to_integral_value():
        raise BadValue(field, "a whole number of tokens", value)
    return int(number)


def usd_per_mtok(value: object, field: str) -> float:
    """A price the source already gives in USD per 1M tokens (float noise removed: exact_price)."""
    return float(exact_price(_price(value, field, "a number of USD per 1M tokens")))


def per_token_to_mtok(value: object, field: str) -> float:
    """A USD-per-token price (number or numeric string) as USD per 1M tokens, converted exactly.

    ``"0.0000001"`` becomes 0.1, not 0.09999999999999999: the decimal text is scaled, not the float.
    """
    return float(exact_price(_price(value, field, "a number of USD per token") * TOKENS_PER_MTOK))


def factor(value: object, field: str) -> Decimal:
    """A positive multiplier (number or numeric string), exactly as written."""
    number = _price(value, field, "a positive number")
    if not number:
        raise BadValue(field, "a positive number", value)
    return number


Span = tuple[int, int]  # (start, end) minutes after 00:00 UTC; end <= start runs past midnight
MINUTES_A_DAY = 24 * 60
_CLOCK_SPAN = re.compile(r"([01]\d|2[0-3]):([0-5]\d)-([01]\d|2[0-3]):([0-5]\d)")


def clock_span(value: object, field: str) -> Span:
    """A ``"HH:MM-HH:MM"`` span of the day (``"00:00-00:00"`` = all day)."""
    match = _CLOCK_SPAN.fullmatch(value) if isinstance(value, str) else None
    if match is None:
        raise BadValue(field, "hours like 16:30-00:30", value)
    h1, m1, h2, m2 = map(int, match.groups())
    return h1 * 60 + m1, h2 * 60 + m2


def minutes(spans: tuple[Span, ...]) -> frozenset[int]:
    """The minutes of the day the spans cover."""
    return frozenset(m % MINUTES_A_DAY for s, e in spans for m in range(s, e if e > s else e + MINUTES_A_DAY))


def spans_of(covered: frozenset[int]) -> tuple[Span, ...]:
    """The covered minutes as spans, by start (a run through midnight is one span)."""
    if len(covered) == MINUTES_A_DAY:
        return ((0, 0),)
    starts = sorted(m for m in covered if (m - 1) % MINUTES_A_DAY not in covered)
    ends = [next(m for m in range(s, s + MINUTES_A_DAY) if m % MINUTES_A_DAY not in covered) for s in starts]
    return tuple((s, e % MINUTES_A_DAY) for s, e in zip(starts, ends, strict=True))


def hours_text(spans: tuple[Span, ...]) -> str:
    """Spans as ``"01:00-04:00, 06:00-10:00"`` ("all day" for the whole day)."""
    if spans == ((0, 0),):
        return "all day"
    return ", ".join(f"{_clock(s)}-{_clock(e)}" for s, e in sorted(spans))


def _clock(minute: int) -> str:
    return f"{minute // 60:02d}:{minute % 60:02d}"


def _price(value: object, field: str, expected: str) -> Decimal:
    if isinstance(value, bool) or not isinstance(value, int | float | Decimal | str):
        raise BadValue(field, expected, value)
    try:
        number = Decimal(str(value).strip())
    except InvalidOperation:
        raise BadValue(field, expected, value) from None
    if not number.is_finite() or number < 0:
        raise BadValue(field, f"{expected} (finite, not negative)", value)
    return number


def _get(entry: Mapping[str, object], key: str, kind: type, expected: str, required: bool):
    value = entry.get(key)
    if value is None:
        if required:
            raise BadValue(key, f"{expected} (required)", value)
        return None
    if not isinstance(value, kind):
        raise BadValue(key, expected, value)
    return value
