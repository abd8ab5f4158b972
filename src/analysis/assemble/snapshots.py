"""The raw snapshots the build reads (data/raw/snapshots.csv) and the importer of each format."""

from __future__ import annotations

import csv
import importlib
from collections.abc import Callable, Iterator
from pathlib import Path

from analysis.errors import CatalogError
from analysis.sources.records import Snapshot

REGISTRY = "snapshots.csv"
COLUMNS = ["source", "file", "format", "version", "as_of", "snapshot_date", "origin", "license"]

# format → importer module in analysis.sources, and its function for each kind of record
FORMATS: dict[str, tuple[str, dict[str, str]]] = {
    "models.dev-toml": (
        "models_dev",
        {
            "models": "model_records",
            "benchmarks": "benchmark_scores",
            "providers": "provider_records",
        },
    ),
    "models.dev-api-json": ("models_dev", {"models": "model_records_from_api_json"}),
    "genai-prices-json": ("genai_prices", {"models": "model_records", "providers": "provider_records"}),
    "litellm-json": ("litellm", {"models": "model_records"}),
    "openrouter-json": ("openrouter", {"models": "model_records"}),
    "epoch-notable-csv": ("epoch_notable", {"models": "model_records"}),
    "livebench-tables": ("livebench", {"benchmarks": "benchmark_scores"}),
    "epoch-benchmarks-csv": ("epoch_benchmarks", {"benchmarks": "benchmark_scores"}),
    "llm-stats-json": ("llm_stats", {"benchmarks": "benchmark_scores"}),
    "aider-yaml": ("aider", {"benchmarks": "benchmark_scores"}),
    "procurement-csv": ("procurement", {"policies": "policy_records", "licenses": "license_records"}),
}


def registry(raw_dir: Path) -> list[dict[str, str]]:
    """Every row of data/raw/snapshots.csv, checked."""
    file = raw_dir / REGISTRY
    try:
        with file.open(newline="", encoding="utf-8") as f:
            rows = list(csv.DictReader(f))
    except FileNotFoundError:
        raise CatalogError(f"{file}: snapshot registry is missing") from None
    except UnicodeDecodeError as e:
        raise CatalogError(f"{file}: not UTF-8 text ({e.reason}); expected a UTF-8 CSV file") from None
    except csv.Error as e:
        raise CatalogError(f"{file}: not valid CSV ({e})") from None
    if not rows:
        raise CatalogError(f"{file}: no snapshots listed; expected a header and a row per snapshot")
    for line, row in enumerate(rows, start=2):
        if list(row) != COLUMNS:
            raise CatalogError(f"{file}: columns {list(row)} differ from expected {COLUMNS}")
        if row["format"] not in FORMATS:
            raise CatalogError(
                f"{file} line {line}: unknown format {row['format']!r}; expected one of {sorted(FORMATS)}"
            )
    return rows


def latest(raw_dir: Path) -> list[tuple[dict[str, str], Snapshot]]:
    """The newest snapshot of each source (by snapshot date, then as-of date), in registry order."""
    return opened(raw_dir, list(newest(registry(raw_dir)).values()))


def older(raw_dir: Path) -> list[tuple[dict[str, str], Snapshot]]:
    """Every snapshot but the newest of its source (their prices are the catalog's price history)."""
    rows = registry(raw_dir)
    current = [id(row) for row in newest(rows).values()]
    return opened(raw_dir, [row for row in rows if id(row) not in current])


def newest(rows: list[dict[str, str]]) -> dict[str, dict[str, str]]:
    """Source → its newest registry row (by snapshot date, then as-of date; a later row wins a tie)."""
    found: dict[str, dict[str, str]] = {}
    for row in rows:
        current = found.get(row["source"])
        if current is None or (row["snapshot_date"], row["as_of"]) >= (
            current["snapshot_date"],
            current["as_of"],
        ):
            found[row["source"]] = row
    return found


def opened(raw_dir: Path, rows: list[dict[str, str]]) -> list[tuple[dict[str, str], Snapshot]]:
    """The registry rows with their snapshots, each file checked to lie in ``raw_dir``."""
    out = []
    for row in rows:
        path = (raw_dir / row["file"]).resolve()
        if raw_dir.resolve() not in path.parents or not path.exists():
            raise CatalogError(
                f"{raw_dir / REGISTRY}: snapshot file {row['file']!r} is missing or outside {raw_dir}"
            )
        out.append((row, Snapshot(row["source"], path, row["version"], row["as_of"])))
    return out


def importer(fmt: str, what: str) -> Callable[[Snapshot], Iterator] | None:
    """The function of a format's importer that yields ``what`` (models, benchmarks, providers)."""
    module_name, functions = FORMATS[fmt]
    if what not in functions:
        return None
    module = importlib.import_module(f"analysis.sources.{module_name}")
    return getattr(module, functions[what])
