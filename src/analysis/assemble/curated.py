"""The reviewed tables in data/curated/: provider and lab spellings, aliases, identity, overlay facts,
provider policies and maker-page prices."""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

from analysis.errors import CatalogError

CURATED_FILES = {
    "providers.csv": ("provider", "kind", "lab"),
    "provider_aliases.csv": ("source", "spelling", "provider"),
    "labs.csv": ("spelling", "lab", "note"),
    "lab_prefixes.csv": ("prefix", "lab"),
    "aliases.csv": ("alias", "model_id", "note"),
    "identity.csv": ("kind", "ids", "reason", "note", "providers"),
    "facts.csv": ("model_id", "field", "value", "source_url", "source_title", "as_of", "note", "maker_page"),
    "provider_names.csv": ("provider", "name", "source_url", "quote", "retrieved"),
    "provider_policies.csv": (
        "provider",
        "route_id",
        "field",
        "value",
        "source_url",
        "quote",
        "page_date",
        "retrieved",
    ),
    "prices.csv": (
        "route_id",
        "tier_start",
        "input_mtok",
        "output_mtok",
        "cache_read_mtok",
        "cache_write_mtok",
        "reasoning_mtok",
        "input_audio_mtok",
        "output_audio_mtok",
        "batch_input_mtok",
        "batch_output_mtok",
        "effective_from",
        "source_url",
        "quote",
        "page_date",
        "retrieved",
        "note",
    ),
}


@dataclass(frozen=True)
class Curated:
    """Everything in data/curated/, as plain rows."""

    path: Path
    tables: dict[str, list[dict[str, str]]]

    def rows(self, name: str) -> list[dict[str, str]]:
        """The rows of one curated file."""
        return self.tables[name]


def read_curated(path: Path) -> Curated:
    """Read and check every curated file (columns must be exactly as expected)."""
    tables = {}
    for name, columns in CURATED_FILES.items():
        file = path / name
        try:
            with file.open(newline="", encoding="utf-8") as f:
                reader = csv.DictReader(f)
                if tuple(reader.fieldnames or ()) != columns:
                    raise CatalogError(
                        f"{file}: columns {reader.fieldnames} differ from expected {list(columns)}"
                    )
                tables[name] = [checked_row(row, file, reader.line_num, columns) for row in reader]
        except FileNotFoundError:
            raise CatalogError(f"{file}: curated table is missing") from None
        except csv.Error as e:
            raise CatalogError(f"{file}: not valid CSV ({e})") from None
        except UnicodeDecodeError as e:
            raise CatalogError(f"{file}: not UTF-8 text ({e.reason}); expected a UTF-8 CSV file") from None
    return Curated(path, tables)


def checked_row(row: dict, file: Path, line: int, columns: tuple[str, ...]) -> dict[str, str]:
    """A row's values, stripped; CatalogError for a row with more fields than the header."""
    if None in row:
        count = len(columns) + len(row[None])
        raise CatalogError(
            f"{file} line {line}: {count} fields; expected {len(columns)} ({','.join(columns)})"
        )
    return {k: (v or "").strip() for k, v in row.items()}
