"""The pairs a batch asks for: rows of a pairs file (CSV or YAML), or every pair of a shortlist.

A pairs file has the columns ``model_a`` and ``model_b`` and, optionally, columns named like
the ``pair`` command's options (``scenario`` for the preset, ``input_tokens``, ``cache_share``,
``include_free``, ``routes``, ``require``...). A shortlist names one model per line (``#`` starts a
comment), or is a YAML list. A file that cannot be read as such fails as a whole, with its name
and line; whether a row's names and scenario are valid is decided later, pair by pair.
"""

from __future__ import annotations

import csv
import itertools
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from analysis.errors import ParameterError
from analysis.request import REQUEST_OPTIONS

MODEL_COLUMNS = ("model_a", "model_b")
YAML_SUFFIXES = (".yaml", ".yml")
EXPECTED = f"expected {', '.join(MODEL_COLUMNS)} and optionally {', '.join(REQUEST_OPTIONS)}"


@dataclass(frozen=True)
class PairRow:
    """One requested pair, as written, and where it was written."""

    origin: str  # e.g. "pairs.csv, line 4"
    model_a: str
    model_b: str
    options: dict[str, object] = field(default_factory=dict)  # the option columns this row fills


def read_pairs(path: Path) -> list[PairRow]:
    """The rows of a pairs file: YAML for .yaml/.yml, CSV otherwise."""
    path = Path(path)
    return yaml_pairs(path) if path.suffix.lower() in YAML_SUFFIXES else csv_pairs(path)


def csv_pairs(path: Path) -> list[PairRow]:
    """The rows of a CSV pairs file with a header line."""
    with open_text(path) as f:
        reader = csv.reader(f)
        header = [column_name(name) for name in next(reader, [])]
        if not any(header):
            raise ParameterError(f"{path} is empty; {EXPECTED} in a header line")
        check_columns(header, f"{path}, line 1")
        rows = []
        for values in reader:
            origin = f"{path}, line {reader.line_num}"
            if not any(v.strip() for v in values):
                continue
            if len(values) > len(header):
                raise ParameterError(f"{origin}: {len(values)} fields but the header names {len(header)}")
            rows.append(pair_row(dict(zip(header, values, strict=False)), origin))
    return rows


def yaml_pairs(path: Path) -> list[PairRow]:
    """The rows of a YAML pairs file: a list of mappings, or a mapping with a ``pairs`` list."""
    rows = []
    for line, item in yaml_items(path, "pairs"):
        origin = f"{path}, line {line}"
        if not isinstance(item, dict):
            raise ParameterError(f"{origin}: expected a mapping with {', '.join(MODEL_COLUMNS)}")
        values = {column_name(str(k)): v for k, v in item.items()}
        check_columns(list(values), origin)
        rows.append(pair_row(values, origin))
    return rows


def shortlist_pairs(path: Path) -> list[PairRow]:
    """Every unordered pair of the models a shortlist names, in the order they are listed."""
    path = Path(path)
    if path.suffix.lower() in YAML_SUFFIXES:
        entries = [(line, str(item).strip()) for line, item in yaml_items(path, "models")]
    else:
        with open_text(path) as f:
            lines = [(n, text.split("#", 1)[0].strip()) for n, text in enumerate(f, start=1)]
        entries = [(n, name) for n, name in lines if name]
    first_line: dict[str, int] = {}
    for line, name in entries:
        if name:
            first_line.setdefault(name, line)
    if len(first_line) < 2:
        raise ParameterError(f"{path} lists {len(first_line)} model(s); expected at least two")
    return [
        PairRow(f"{path}, lines {first_line[a]} and {first_line[b]}", a, b)
        for a, b in itertools.combinations(first_line, 2)
    ]


def open_text(path: Path):
    """``path`` opened as UTF-8 text for reading; ParameterError if it cannot be."""
    try:
        return open(path, encoding="utf-8-sig", newline="")
    except OSError as e:
        raise ParameterError(f"cannot read {path} ({e.strerror})") from None


def yaml_items(path: Path, key: str) -> list[tuple[int, object]]:
    """The items of the YAML list in ``path`` (or under ``key`` in a mapping), each with its line."""
    with open_text(path) as f:
        loader = yaml.SafeLoader(f.read())
    try:
        node = loader.get_single_node()
        if isinstance(node, yaml.MappingNode):
            node = next((v for k, v in node.value if k.value == key), None)
        if not isinstance(node, yaml.SequenceNode):
            raise ParameterError(f"{path}: expected a YAML list (or a mapping with a {key!r} list)")
        return [(item.start_mark.line + 1, loader.construct_object(item, deep=True)) for item in node.value]
    except yaml.YAMLError as e:
        mark = getattr(e, "problem_mark", None)
        where = f", line {mark.line + 1}" if mark else ""
        raise ParameterError(f"{path}{where}: not valid YAML ({getattr(e, 'problem', None) or e})") from None
    finally:
        loader.dispose()


def column_name(text: str) -> str:
    """A header as a column name: trimmed, lower case, dashes as underscores."""
    return text.strip().lower().replace("-", "_")


def check_columns(columns: list[str], origin: str) -> None:
    """ParameterError naming ``origin`` if a model column is missing or a column is unknown."""
    unknown = [c for c in columns if c not in MODEL_COLUMNS and c not in REQUEST_OPTIONS]
    if unknown:
        raise ParameterError(f"{origin}: unknown column {', '.join(map(repr, unknown))}; {EXPECTED}")
    missing = [c for c in MODEL_COLUMNS if c not in columns]
    if missing:
        raise ParameterError(f"{origin}: missing column {', '.join(missing)}; {EXPECTED}")


def pair_row(values: dict[str, object], origin: str) -> PairRow:
    """A row from its column values; ParameterError naming ``origin`` if a model is missing."""
    given = {name: cell(value) for name, value in values.items() if cell(value) != ""}
    missing = [c for c in MODEL_COLUMNS if c not in given]
    if missing:
        raise ParameterError(f"{origin}: no value for {', '.join(missing)}; expected two model names")
    options = {name: value for name, value in given.items() if name in REQUEST_OPTIONS}
    return PairRow(origin, str(given["model_a"]), str(given["model_b"]), options)


def cell(value: object) -> object:
    """A cell's value: text trimmed, None as ""; numbers as they are."""
    if value is None:
        return ""
    return value.strip() if isinstance(value, str) else value
