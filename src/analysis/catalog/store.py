"""The Catalog object, and reading / writing it as CSV tables plus a manifest."""

from __future__ import annotations

import csv
import functools
import hashlib
import json
import os
import re
import shutil
import tempfile
import warnings
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import TypeVar

import pandas as pd
import pyarrow as pa
from pyarrow import feather

from analysis.catalog import schema
from analysis.catalog.names import key
from analysis.catalog.settings import CATALOG_DIR
from analysis.errors import CatalogError
from analysis.files import UMASK, write_atomic

T = TypeVar("T")
DEFAULT_PATH = CATALOG_DIR
CACHE_DIR = ".cache"  # in a catalog folder: its tables as Arrow files, read back fast (not committed)


@dataclass
class Catalog:
    """The canonical catalog: one DataFrame per table of ``schema.TABLES``, and the manifest."""

    models: pd.DataFrame = field(default_factory=lambda: schema.empty("models"))
    facts: pd.DataFrame = field(default_factory=lambda: schema.empty("facts"))
    capabilities: pd.DataFrame = field(default_factory=lambda: schema.empty("capabilities"))
    routes: pd.DataFrame = field(default_factory=lambda: schema.empty("routes"))
    prices: pd.DataFrame = field(default_factory=lambda: schema.empty("prices"))
    benchmarks: pd.DataFrame = field(default_factory=lambda: schema.empty("benchmarks"))
    conflicts: pd.DataFrame = field(default_factory=lambda: schema.empty("conflicts"))
    aliases: pd.DataFrame = field(default_factory=lambda: schema.empty("aliases"))
    providers: pd.DataFrame = field(default_factory=lambda: schema.empty("providers"))
    provider_policies: pd.DataFrame = field(default_factory=lambda: schema.empty("provider_policies"))
    licenses: pd.DataFrame = field(default_factory=lambda: schema.empty("licenses"))
    rejected: pd.DataFrame = field(default_factory=lambda: schema.empty("rejected"))
    unmatched: pd.DataFrame = field(default_factory=lambda: schema.empty("unmatched"))
    manifest: dict = field(default_factory=dict)
    _memo: dict = field(default_factory=dict, init=False, repr=False, compare=False)

    @classmethod
    def from_rows(cls, manifest: dict | None = None, **tables: list[dict]) -> Catalog:
        """A catalog from plain rows per table (missing tables are empty): for small test catalogs."""
        unknown = set(tables) - set(schema.TABLES)
        if unknown:
            raise CatalogError(f"unknown catalog tables {sorted(unknown)}; expected {list(schema.TABLES)}")
        frames = {name: schema.frame(name, rows) for name, rows in tables.items()}
        return cls(**frames, manifest=manifest or {})

    @cached_property
    def row_positions(self) -> dict[str, dict]:
        """Per-model table name → model id → positions of its rows (one pass per table)."""
        return {
            name: getattr(self, name).groupby("model_id", sort=False).indices
            for name in ("facts", "capabilities", "routes", "benchmarks", "conflicts")
        }

    def indexed(self) -> Catalog:
        """This catalog with its lookup indexes built (rows per model, names, models, prices), as
        a warm kernel has it before its first report (building them took that report 0.14 s)."""
        for name in ("row_positions", "alias_index", "model_index", "price_index"):
            getattr(self, name)
        return self

    def memo(self, key: tuple, make: Callable[[], T]) -> T:
        """``make()``, computed once per catalog and ``key``: other rooms cache what they derive here."""
        if key not in self._memo:
            self._memo[key] = make()
        return self._memo[key]

    def rows(self, table: str, model_id: str) -> pd.DataFrame:
        """The rows of a per-model table for one model (empty frame when it has none); cut once."""

        def cut() -> pd.DataFrame:
            positions = self.row_positions[table].get(model_id)
            frame = getattr(self, table)
            return frame.iloc[positions] if positions is not None else frame.iloc[0:0]

        return self.memo(("rows", table, model_id), cut)

    @cached_property
    def alias_index(self) -> dict[str, tuple[str, ...]]:
        """Name key → the model ids it names (more than one = ambiguous)."""
        index: dict[str, set[str]] = {}
        pairs = zip(self.aliases["alias"], self.aliases["model_id"], strict=True)
        for alias, model_id in pairs:
            index.setdefault(alias, set()).add(model_id)
        for model_id in self.models["model_id"]:
            index.setdefault(key(model_id), set()).add(model_id)
        return {k: tuple(sorted(v)) for k, v in index.items()}

    @cached_property
    def model_index(self) -> pd.DataFrame:
        """The models table indexed by model_id."""
        return self.models.set_index("model_id", drop=False)

    def model(self, model_id: str) -> pd.Series:
        """One model's row (chosen values)."""
        return self.model_index.loc[model_id]

    def prices_of(self, route_ids) -> pd.DataFrame:
        """Chosen price rows for the given routes."""
        chosen = self.chosen_prices
        return chosen[chosen["route_id"].isin(list(route_ids))]

    def price_records(self, route_id: str) -> list[dict]:
        """A route's chosen price rows as plain dicts (NA cells as pd.NA); indexed once."""
        return self.price_index.get(route_id, [])

    @cached_property
    def price_index(self) -> dict[str, list[dict]]:
        """Route id → its chosen price rows as dicts, built in one pass over the table."""
        chosen = self.chosen_prices
        columns = list(chosen.columns)
        index: dict[str, list[dict]] = {}
        for values in zip(*(chosen[c].tolist() for c in columns), strict=True):
            row = dict(zip(columns, values, strict=True))
            index.setdefault(row["route_id"], []).append(row)
        return index

    @cached_property
    def chosen_prices(self) -> pd.DataFrame:
        """Price rows marked chosen (the ones costs use)."""
        return self.prices[self.prices["chosen"].fillna(False)]


def default() -> Catalog:
    """The project's catalog, loaded once per process."""
    return catalog_at()


def catalog_at(path: str | os.PathLike | None = None) -> Catalog:
    """The catalog in ``path`` (default: the project's), loaded once per process and per
    version of its manifest (a rebuilt catalog is read again)."""
    path = Path(path).resolve() if path else DEFAULT_PATH
    manifest = path / schema.MANIFEST
    if not manifest.is_file():
        return load(path)  # raises the one-line "no catalog" error
    return cached_catalog(path, manifest.stat().st_mtime_ns)


@functools.lru_cache(maxsize=4)
def cached_catalog(path: Path, _manifest_mtime_ns: int) -> Catalog:
    return load(path)


def load(path: str | os.PathLike | None = None, *, lenient: bool = False) -> Catalog:
    """Read the catalog in ``path`` (default: the project's data/catalog).

    ``lenient`` reads a catalog written by another version of the schema: columns it lacks stay
    absent and unknown ones are dropped (for comparing catalogs across versions)."""
    path = Path(path) if path is not None else DEFAULT_PATH
    manifest_path = path / schema.MANIFEST
    if not manifest_path.is_file():
        raise CatalogError(f"no catalog at {path}: {schema.MANIFEST} is missing (run `make catalog`)")
    manifest_bytes = manifest_path.read_bytes()
    try:
        manifest = json.loads(manifest_bytes.decode("utf-8"))
    except json.JSONDecodeError as e:
        raise CatalogError(f"{manifest_path}: not valid JSON ({e.msg}, line {e.lineno})") from None
    except UnicodeDecodeError as e:
        raise CatalogError(f"{manifest_path}: byte {e.start} is not UTF-8; expected JSON text") from None
    if not isinstance(manifest, dict):
        kind = type(manifest).__name__
        raise CatalogError(
            f"{manifest_path}: top level is a JSON {kind}; expected an object (run `make catalog`)"
        )
    if lenient:
        return Catalog(
            **{name: read_table(path, name, lenient=True) for name in schema.TABLES}, manifest=manifest
        )
    key = tables_key(path, manifest_bytes)
    frames = cached_tables(path / CACHE_DIR / key) if key else None
    if frames is None:
        frames = {name: read_table(path, name) for name in schema.TABLES}
        if key:
            save_cached_tables(path / CACHE_DIR, key, frames)
    return Catalog(**frames, manifest=manifest)


def tables_key(path: Path, manifest: bytes) -> str | None:
    """A name for the catalog's tables as they are now on disk: their files' sizes and times, the
    ``manifest``'s bytes and the schema; None when a table file is missing."""
    try:
        files = [
            [name, (stat := (path / f"{name}.csv").stat()).st_size, stat.st_mtime_ns]
            for name in schema.TABLES
        ]
    except OSError:
        return None
    described = json.dumps([files, repr(schema.TABLES)]).encode() + manifest
    return hashlib.sha256(described).hexdigest()[:20]


def cached_tables(folder: Path) -> dict[str, pd.DataFrame] | None:
    """The tables saved in ``folder`` by ``save_cached_tables``; None when they are not all there
    (a damaged copy is removed). Read on one thread: Arrow's pool took a batch's first load from
    0.03 to 0.37 CPU-s while its kernels warmed on the other cores, and saved no time."""
    try:
        return {
            name: feather.read_feather(folder / f"{name}.arrow", use_threads=False) for name in schema.TABLES
        }
    except (OSError, pa.ArrowException):
        shutil.rmtree(folder, ignore_errors=True)
        return None


def save_cached_tables(cache: Path, key: str, frames: dict[str, pd.DataFrame]) -> None:
    """Save the tables as Arrow files in ``cache/key`` (read back in a fifth of the CSV parse) and
    remove older keys; nothing where the catalog folder cannot be written."""
    try:
        cache.mkdir(exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=f".{key}.", dir=cache))
        staging.chmod(0o777 & ~UMASK)  # readable by whoever may read the catalog
    except OSError:
        return
    try:
        for name, frame in frames.items():
            feather.write_feather(frame, staging / f"{name}.arrow", compression="uncompressed")
        staging.rename(cache / key)
    except (OSError, pa.ArrowException):  # the disk is full, or another process saved them first
        shutil.rmtree(staging, ignore_errors=True)
        return
    for old in cache.iterdir():
        if old.name != key and not old.name.startswith("."):
            shutil.rmtree(old, ignore_errors=True)


def read_table(path: Path, name: str, *, lenient: bool = False) -> pd.DataFrame:
    """One table from ``<path>/<name>.csv`` with the schema's columns and types (see ``load``)."""
    file = path / f"{name}.csv"
    columns = schema.TABLES[name]
    if lenient:
        columns = {c: t for c, t in columns.items() if c in header(file)}
    try:
        with warnings.catch_warnings():  # a number too large for its column fails below, by name
            warnings.simplefilter("ignore", RuntimeWarning)
            df = pd.read_csv(file, engine="pyarrow", dtype=columns, keep_default_na=False, na_values=[""])
    except FileNotFoundError:
        raise CatalogError(f"{file}: catalog table is missing (run `make catalog`)") from None
    except (ValueError, OverflowError, pd.errors.ParserError) as e:
        raise CatalogError(f"{file}: {table_problem(file, columns, e)}") from None
    if list(df.columns) != list(columns):
        raise CatalogError(f"{file}: columns {list(df.columns)} differ from expected {list(columns)}")
    text = [c for c, t in columns.items() if t == schema.STR]
    df[text] = df[text].fillna("")
    return df


def header(file: Path) -> list[str]:
    """The column names in the first line of a CSV file ([] when it is missing or empty)."""
    try:
        with file.open(newline="", encoding="utf-8") as f:
            return next(csv.reader(f), [])
    except (OSError, UnicodeDecodeError):
        return []


def table_problem(file: Path, columns: dict[str, str], error: Exception) -> str:
    """Why a table file cannot be read, in one line: empty, the first row with the wrong number
    of fields (a truncated file) or a value of the wrong type, or else the parser's message."""
    names = list(columns)
    with file.open(newline="", encoding="utf-8", errors="replace") as f:
        reader = csv.reader(f)
        try:
            for fields in reader:
                if len(fields) != len(names):
                    return (
                        f"line {reader.line_num}: expected {len(names)} fields, got {len(fields)} "
                        "(truncated or edited? rebuild with `make catalog`)"
                    )
                for column, value in zip(names, fields, strict=True):
                    expected = reader.line_num > 1 and wrong_type(value, columns[column])
                    if expected:
                        return f"line {reader.line_num}: {column} = {value!r}: expected {expected}"
        except csv.Error as e:
            return f"line {reader.line_num}: not valid CSV ({e}); rebuild with `make catalog`"
        if reader.line_num == 0:
            return "the file is empty; expected a CSV header and rows (run `make catalog`)"
    return f"cannot read table ({str(error).splitlines()[0]})"


INTEGER = re.compile(r"-?\d{1,18}")


def wrong_type(value: str, dtype: str) -> str | None:
    """What a cell of type ``dtype`` holds, if ``value`` is not that (an empty cell is unknown)."""
    if value == "" or dtype == schema.STR:
        return None
    if dtype == schema.INT:
        return None if INTEGER.fullmatch(value) else "a whole number below 10^18, or nothing"
    if dtype == schema.BOOL:
        return None if value.lower() in ("true", "false") else "True, False, or nothing"
    try:
        float(value)
    except ValueError:
        return "a number, or nothing"
    return None


def write(catalog: Catalog, path: Path) -> None:
    """Write every table and the manifest to ``path``, each file atomically."""
    try:
        path.mkdir(parents=True, exist_ok=True)
        for name in schema.TABLES:
            write_atomic(path / f"{name}.csv", table_text(getattr(catalog, name)))
        write_atomic(path / schema.MANIFEST, json.dumps(catalog.manifest, indent=2, sort_keys=True) + "\n")
    except OSError as e:
        raise CatalogError(
            f"catalog folder {path} cannot be written ({e.strerror}); expected a writable folder"
        ) from None


def table_text(df: pd.DataFrame) -> str:
    """The CSV text of a table, exactly as written to disk."""
    return df.to_csv(index=False, lineterminator="\n")
