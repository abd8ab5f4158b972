"""Checked reads of snapshot files and of the values inside them: CSV, JSON, YAML, numbers, dates.

Every problem raises :class:`BadValue` (a :class:`~analysis.errors.SourceFormatError`) with a
one-line message that names the file (``<snapshot>/<member>`` for a file inside a .tar.gz), the
line, item, column or field, and what was expected. JSON numbers with a fraction are parsed as
:class:`~decimal.Decimal`, so that prices and scores convert exactly (no float artefacts).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import tarfile
import zlib
from collections.abc import Iterable, Iterator, Mapping
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import NoReturn

import yaml

from analysis.errors import SourceFormatError
from analysis.sources.records import Snapshot, day, iter_tree, read_bytes

# The pure-Python loader: libyaml's (CSafeLoader) is ~7x faster but crashes the process on
# deeply nested input instead of raising RecursionError.
_YAML_LOADER = yaml.SafeLoader
_TOO_LARGE = Decimal("1e18")  # no score or parameter count comes near; keeps floats finite


class BadValue(SourceFormatError):
    """A value that is not what its place expects: ``<where>: expected <expected>, got <got>``."""

    def __init__(self, where: str, expected: str, got: object) -> None:
        super().__init__(f"{where}: expected {expected}, got {shown(got)}")
        self.where, self.expected, self.got = where, expected, got


def fail(where: str, expected: str, got: object) -> NoReturn:
    """Raise :class:`BadValue`: ``<where>: expected <expected>, got <got>``."""
    raise BadValue(where, expected, got)


def shown(value: object) -> str:
    """A short one-line rendering of a bad value for an error message."""
    if isinstance(value, Mapping | list):
        return f"{type(value).__name__} of {len(value)}"
    shown = str(value) if isinstance(value, Decimal) else repr(value)
    return shown if len(shown) <= 60 else shown[:57] + "..."


def one_line(err: BaseException) -> str:
    """An exception's message on one line (its type's name when it has none)."""
    return " ".join(str(err).split()) or type(err).__name__


def tree(snapshot: Snapshot) -> dict[str, bytes]:
    """Relative path → bytes of every file in a .tar.gz (or directory) snapshot."""
    try:
        return dict(iter_tree(snapshot.path))
    except (OSError, EOFError, ValueError, tarfile.TarError, zlib.error) as err:
        raise SourceFormatError(
            f"{snapshot.path}: cannot read the snapshot ({one_line(err)}); expected a folder or a .tar.gz"
        ) from None


def member(snapshot: Snapshot, path: str) -> str:
    """How messages name ``path`` inside ``snapshot``."""
    return f"{snapshot.path}/{path}"


def decoded(name: str, data: bytes) -> str:
    """``data`` as UTF-8 text (a leading byte-order mark dropped)."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        fail(f"{name}: byte {err.start}", "UTF-8 text", data[err.start : err.start + 4])


def csv_table(
    name: str, data: bytes, required: Iterable[str] = ()
) -> tuple[list[str], Iterator[tuple[int, list[str]]]]:
    """(header, rows as (first line number, fields)); checks the syntax and required columns."""
    rows = _csv_rows(name, data)
    first = next(rows, None)
    if first is None:
        raise SourceFormatError(f"{name}: line 1: expected a CSV header, got an empty file")
    header = [column.strip() for column in first[1]]
    if len(set(header)) != len(header):
        duplicate = next(c for c in header if header.count(c) > 1)
        fail(f"{name}: line 1", "unique column names", duplicate)
    missing = [column for column in required if column not in header]
    if missing:
        fail(f"{name}: line 1", f"a column {missing[0]!r}", ",".join(header))
    return header, rows


def csv_records(name: str, data: bytes, required: Iterable[str] = ()) -> Iterator[tuple[int, dict[str, str]]]:
    """(line number, {column: value}) per row; a row with the wrong number of fields fails."""
    header, rows = csv_table(name, data, required)
    for line, fields in rows:
        if len(fields) != len(header):
            fail(f"{name}: line {line}", f"{len(header)} fields", len(fields))
        yield line, dict(zip(header, fields, strict=True))


def _csv_rows(name: str, data: bytes) -> Iterator[tuple[int, list[str]]]:
    reader = csv.reader(io.StringIO(decoded(name, data), newline=""), strict=True)
    start = 1
    try:
        for fields in reader:
            if any(field.strip() for field in fields):
                yield start, fields
            start = reader.line_num + 1
    except csv.Error as err:
        raise SourceFormatError(f"{name}: line {reader.line_num}: not valid CSV: {err}") from None


def load_json(name: Path | str, data: bytes | None = None) -> object:
    """Parsed JSON of ``data``, or of the (possibly gzipped) file ``name`` when no data is given.

    Numbers with a fraction are :class:`~decimal.Decimal`, so that they convert exactly.
    """
    if data is None:
        try:
            data = read_bytes(Path(name))
        except (OSError, EOFError, zlib.error) as err:
            raise SourceFormatError(f"{name}: cannot be read: {one_line(err)}") from None
    try:
        return json.loads(decoded(str(name), data), parse_float=Decimal)
    except json.JSONDecodeError as err:
        raise SourceFormatError(
            f"{name}: line {err.lineno} column {err.colno}: not valid JSON: {err.msg}"
        ) from None
    except (ValueError, RecursionError) as err:
        raise SourceFormatError(f"{name}: not valid JSON: {one_line(err)}") from None


def yaml_entries(name: str, data: bytes) -> list[tuple[int, object]]:
    """(line number, parsed entry) of each item of a YAML file that holds one list."""
    text = decoded(name, data)
    try:
        entries = _yaml_list(text)
    except yaml.MarkedYAMLError as err:
        mark = err.problem_mark or err.context_mark
        line = f"line {mark.line + 1}: " if mark else ""
        problem = " ".join(str(err.problem or err.context).split())
        raise SourceFormatError(f"{name}: {line}not valid YAML: {problem}") from None
    except (yaml.YAMLError, RecursionError, ValueError) as err:
        raise SourceFormatError(f"{name}: not valid YAML: {one_line(err)}") from None
    if entries is None:
        fail(f"{name}: line 1", "a YAML list of entries", text[:40])
    return entries


def _yaml_list(text: str) -> list[tuple[int, object]] | None:
    """(line, entry) per item of a top-level YAML list; None when the document is not a list."""
    loader = _YAML_LOADER(text)
    try:
        node = loader.get_single_node()
        if not isinstance(node, yaml.SequenceNode):
            return None
        return [(item.start_mark.line + 1, loader.construct_document(item)) for item in node.value]
    finally:
        loader.dispose()


def number(value: object, where: str) -> Decimal:
    """A number from a JSON/YAML number or a string like ``64.5``, ``"64.5%"``, ``"$0.13"``."""
    if isinstance(value, bool):
        fail(where, "a number", value)
    if isinstance(value, int | float | Decimal):
        parsed = Decimal(str(value)) if isinstance(value, float) else Decimal(value)
    elif isinstance(value, str):
        text = value.strip().removeprefix("$").removesuffix("%").strip()
        try:
            parsed = Decimal(text)
        except InvalidOperation:
            fail(where, "a number", value)
    else:
        fail(where, "a number", value)
    if not parsed.is_finite() or abs(parsed) >= _TOO_LARGE:
        fail(where, "a finite number below 1e18 in size", value)
    return parsed


def percent(fraction: Decimal) -> float:
    """A 0-1 fraction as a 0-100 percent, multiplied exactly before the one rounding to float."""
    return float(fraction * 100)


def iso_date(value: object, where: str) -> str:
    """An ISO ``YYYY-MM-DD`` date (or ``YYYY-MM`` where a source gives only a month), from a
    YAML date or a string."""
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    text = value.strip() if isinstance(value, str) else ""
    try:
        day(text)
    except ValueError:
        fail(where, "an ISO date (YYYY-MM-DD, or YYYY-MM for a month)", value)
    return text
