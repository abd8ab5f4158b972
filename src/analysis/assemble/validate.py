"""Validation rules for a catalog: each error names the table file, the record and the field."""

from __future__ import annotations

import math
import re
from pathlib import Path

import pandas as pd

from analysis.assemble import policies
from analysis.assemble.authority import MODEL_FACTS
from analysis.assemble.lifecycle import ACTIVE, DEPRECATED, PREVIEW, RETIRED
from analysis.assemble.manifest import sha256
from analysis.catalog import schema
from analysis.catalog.store import Catalog
from analysis.sources.records import day

MODEL_ID = re.compile(r"^[a-z0-9][a-z0-9._+~-]*/[a-z0-9][^\s/]*$")
MAX_PRICE_MTOK = 2_000.0  # USD per 1M tokens; above it a per-token / per-1K unit mix-up is likely
PRICE_COLUMNS = [c for c in schema.TABLES["prices"] if c.endswith("_mtok")]
KINDS = {"paid", "free", "subscription", "unpriced"}
STATUSES = {ACTIVE, PREVIEW, DEPRECATED, RETIRED}


def errors(catalog: Catalog) -> list[str]:
    """Every rule the catalog breaks, one line each (empty = valid)."""
    out: list[str] = []
    out += unique(catalog.models, "models", "model_id")
    out += unique(catalog.routes, "routes", "route_id")
    out += [
        f"models.csv: model {m!r} field model_id: expected '<lab>/<model>' in lowercase"
        for m in catalog.models["model_id"]
        if not MODEL_ID.match(m)
    ]
    models = set(catalog.models["model_id"])
    for table in ("routes", "capabilities", "facts", "benchmarks", "aliases"):
        df = getattr(catalog, table)
        for m in sorted(set(df["model_id"]) - models):
            out.append(f"{table}.csv: model_id {m!r} is not in models.csv")
    for r in sorted(set(catalog.prices["route_id"]) - set(catalog.routes["route_id"])):
        out.append(f"prices.csv: route_id {r!r} is not in routes.csv")
    out += [
        f"routes.csv: route {r!r} field pricing_kind: {k!r} is not one of {sorted(KINDS)}"
        for r, k in zip(catalog.routes["route_id"], catalog.routes["pricing_kind"], strict=True)
        if k not in KINDS
    ]
    out += price_errors(catalog.prices)
    out += limit_errors(catalog.models, "models", "model_id")
    out += limit_errors(catalog.routes, "routes", "route_id")
    out += date_errors(
        catalog.models,
        "models",
        "model_id",
        ["release_date", "knowledge_cutoff", "status_date", "retirement_date"],
    )
    out += date_errors(catalog.routes, "routes", "route_id", ["retirement_date"])
    out += status_errors(catalog.models, "models", "model_id")
    out += status_errors(catalog.routes, "routes", "route_id")
    out += date_errors(catalog.prices, "prices", "route_id", ["effective_from"])
    out += date_errors(catalog.benchmarks, "benchmarks", "model_id", ["date"])
    out += benchmark_errors(catalog.benchmarks)
    out += chosen_errors(catalog.facts)
    out += policies.errors(catalog)
    return out


def unique(df: pd.DataFrame, table: str, column: str) -> list[str]:
    """Duplicate ids in a column."""
    dup = df[column][df[column].duplicated()]
    return [f"{table}.csv: {column} {v!r} appears more than once" for v in sorted(set(dup))]


def price_errors(prices: pd.DataFrame) -> list[str]:
    """Prices must be finite, non-negative and below MAX_PRICE_MTOK per 1M tokens."""
    out = []
    for column in PRICE_COLUMNS:
        values = prices[column].astype("float64")
        bad = prices[values.notna() & ((values < 0) | (values > MAX_PRICE_MTOK) | ~values.map(math.isfinite))]
        for route_id, v in zip(bad["route_id"], bad[column], strict=True):
            out.append(
                f"prices.csv: route {route_id!r} field {column}: {v} is not between 0 and {MAX_PRICE_MTOK:g} USD per 1M tokens"
            )
    return out


def limit_errors(df: pd.DataFrame, table: str, id_column: str) -> list[str]:
    """Limits must be positive and the output limit no larger than the context window."""
    out = []
    for row in df[[id_column, "context_window", "max_output"]].itertuples(index=False):
        rid, context, output = row
        for name, v in (("context_window", context), ("max_output", output)):
            if not pd.isna(v) and v <= 0:
                out.append(f"{table}.csv: {rid!r} field {name}: {v} is not a positive token count")
        if not pd.isna(context) and not pd.isna(output) and output > context:
            out.append(f"{table}.csv: {rid!r} field max_output: {output} exceeds context_window {context}")
    return out


def date_errors(df: pd.DataFrame, table: str, id_column: str, columns: list[str]) -> list[str]:
    """Dates must be ISO ``YYYY-MM-DD`` (or ``YYYY-MM``) and real calendar dates."""
    out = []
    for column in columns:
        for rid, v in zip(df[id_column], df[column], strict=True):
            if not pd.isna(v) and v != "" and not is_date(v):
                out.append(f"{table}.csv: {rid!r} field {column}: {v!r} is not a date (expected YYYY-MM-DD)")
    return out


def status_errors(df: pd.DataFrame, table: str, id_column: str) -> list[str]:
    """A status is one of STATUSES, or empty (unknown)."""
    return [
        f"{table}.csv: {rid!r} field status: {v!r} is not one of {sorted(STATUSES)} (or empty)"
        for rid, v in zip(df[id_column], df["status"], strict=True)
        if v and v not in STATUSES
    ]


def is_date(text: str) -> bool:
    """Whether text is an ISO date or year-month."""
    try:
        day(text)
    except ValueError:
        return False
    return True


def benchmark_errors(benchmarks: pd.DataFrame) -> list[str]:
    """Percent scores lie in 0-100; every score is finite."""
    out = []
    for row in benchmarks[["model_id", "benchmark", "score", "unit"]].itertuples(index=False):
        if pd.isna(row.score) or not math.isfinite(row.score):
            out.append(f"benchmarks.csv: {row.model_id!r} {row.benchmark!r} field score: not a finite number")
        elif row.unit == "percent" and not 0 <= row.score <= 100:
            out.append(
                f"benchmarks.csv: {row.model_id!r} {row.benchmark!r} field score: {row.score} is outside 0-100 percent"
            )
    return out


def chosen_errors(facts: pd.DataFrame) -> list[str]:
    """At most one chosen value per model, kind and field; none only for a model-level fact
    (one only route files give: assemble/authority.py)."""
    counts = facts[facts["chosen"].fillna(False)].groupby(["model_id", "kind", "field"]).size()
    all_keys = facts.groupby(["model_id", "kind", "field"]).size().index
    out = [
        f"facts.csv: {m!r} field {f}: {n} values chosen, expected 1"
        for (m, _, f), n in counts.items()
        if n != 1
    ]
    missing = all_keys.difference(counts.index)
    return out + [
        f"facts.csv: {m!r} field {f}: no value chosen" for m, _, f in missing if f not in MODEL_FACTS
    ]


def hash_errors(path: Path, manifest: dict) -> list[str]:
    """Each table file's hash must match the manifest (no file was edited by hand)."""
    tables = manifest.get("tables", {})
    out = []
    for name in schema.TABLES:
        file = path / f"{name}.csv"
        if tables.get(name, {}).get("sha256") != sha256(file.read_bytes()):
            out.append(
                f"{file}: content differs from the manifest's sha256 (edited by hand? rebuild with `make catalog`)"
            )
    return out
