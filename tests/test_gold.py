"""Gold test: the facts of popular models, as their makers publish them.

``tests/data/gold_models.csv`` holds one row per model and field (``open_weights``,
``release_month``, ``context_window``, ``input_price``, ``output_price``) for 40-odd models of
a dozen labs: each lab's current and previous flagship as the catalog has them, the
most-served open-weights families, and the models of the pairs users compare most.

Source rules for the gold file:

* Every value is read from the maker's own public page: its model page, API docs or pricing
  page, or for open weights the maker's model card (on Hugging Face or in the maker's GitHub
  repository). Each row names the URL, a verbatim quote (markup removed, whitespace collapsed)
  and the day it was read. A reader copy of a maker page says so in ``note``.
* Nothing is written from memory: a field whose value no maker page was found for is left
  empty, with a ``note`` "not found on <day>: <what was searched and why it failed>", and the
  test skips it with that note.
* Nothing is rounded: "$1.25" is 1.25. A context window the maker abbreviates ("200K",
  "1M") keeps that form; the page does not say whether K is 1,000 or 1,024, so either
  reading of it agrees (200K is 200,000 or 204,800 tokens).
* Prices are the maker API's (``provider``, one of the lab's first-party providers): its
  default route (the undated one, or the one dated snapshot the maker serves the model as),
  base tier, the row in force on the catalog's as-of date, exact decimals.
  A release month is the year and month of the catalog's ``release_date``.

A row passes when the catalog's chosen value agrees, or when the conflicts table records the
gold value for that model and field with a reason (the test then warns which conflict). A
failing row is work for the catalog (a duplicate entry, a weak source winning, a price
issue, a stale source), never to be marked xfail here.
"""

from __future__ import annotations

import csv
import re
import warnings
from decimal import Decimal
from pathlib import Path

import pandas as pd
import pytest

from analysis.catalog import Catalog, load, resolve
from analysis.costs.prices import price_rows, rows_in_force
from analysis.errors import ResolveError

GOLD = Path(__file__).parent / "data" / "gold_models.csv"
COLUMNS = ["model", "expected_id", "lab", "field", "value", "provider", "url", "quote", "read_on", "note"]
FIELDS = ("open_weights", "release_month", "context_window", "input_price", "output_price")
PRICE_FIELDS = {"input_price": "input_mtok", "output_price": "output_mtok"}
# The catalog field each gold field is recorded under in the conflicts table.
CONFLICT_FIELDS = {
    "open_weights": "open_weights",
    "release_month": "release_date",
    "context_window": "context_window",
    **PRICE_FIELDS,
}
ABBREVIATED = re.compile(r"^(\d+)([KkM])$")
PAIR_MODELS = (
    "Claude Sonnet 4.5",
    "GPT-5",
    "Gemini 2.5 Pro",
    "Claude Opus 4.1",
    "Llama 3.1 70B",
    "Qwen3-235B-A22B",
    "DeepSeek V3",
    "GPT-4o mini",
    "GPT-5.3-Codex-Spark",
    "Step 3.5 Flash",
)


def gold_rows() -> list[dict[str, str]]:
    """The gold file's rows, as text."""
    with GOLD.open(newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


ROWS = gold_rows()


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return load()


def accepted(field: str, value: str) -> set:
    """The catalog values that agree with a gold value."""
    if field == "open_weights":
        return {value == "true"}
    if field == "context_window":
        match = ABBREVIATED.match(value)
        if not match:
            return {int(value)}
        n, unit = int(match[1]), match[2].upper()
        return {n * 1000, n * 1024} if unit == "K" else {n * 10**6, n * 2**20}
    if field in PRICE_FIELDS:
        return {Decimal(value)}
    return {value}


SNAPSHOT = re.compile(r"\d{3,4}|\d{4}-\d{2}-\d{2}")


def maker_route(catalog: Catalog, model_id: str, provider: str) -> str | None:
    """The id of the model's default route on ``provider``: its undated route, or the one dated
    snapshot the provider serves it as (xAI serves Grok 4 only as ``grok-4-0709``); None otherwise."""
    routes = catalog.rows("routes", model_id)
    own = routes[routes["provider"] == provider]
    default = own[own["variant"] == ""]
    if not len(default):
        default = own[own["variant"].map(lambda v: bool(SNAPSHOT.fullmatch(v)))]
    return str(default["route_id"].iloc[0]) if len(default) == 1 else None


def catalog_value(catalog: Catalog, model_id: str, row: dict[str, str]):
    """The catalog's chosen value for a gold row's field (None when unknown)."""
    field = row["field"]
    if field in PRICE_FIELDS:
        route_id = maker_route(catalog, model_id, row["provider"])
        if route_id is None:
            return None
        in_force = rows_in_force(price_rows(catalog, route_id), str(catalog.manifest["as_of"])[:10])
        return getattr(in_force[0], PRICE_FIELDS[field]) if in_force else None
    model = catalog.model(model_id)
    if field == "release_month":
        return str(model["release_date"])[:7] or None
    column = "context_window" if field == "context_window" else "open_weights"
    value = model[column]
    return None if pd.isna(value) else (bool(value) if field == "open_weights" else int(value))


def recorded_conflicts(catalog: Catalog, model_id: str, row: dict[str, str]) -> pd.DataFrame:
    """Conflict rows that record the gold value for this model and field."""
    field = row["field"]
    rows = catalog.rows("conflicts", model_id)
    rows = rows[rows["field"] == CONFLICT_FIELDS[field]]
    if field in PRICE_FIELDS:
        rows = rows[rows["route_id"] == maker_route(catalog, model_id, row["provider"])]
    else:
        rows = rows[rows["route_id"] == ""]
    want = accepted(field, row["value"])
    return rows[rows["other_value"].map(lambda v: conflict_value(field, v) in want).astype(bool)]


def conflict_value(field: str, text: str):
    """A conflicts-table value in the form ``accepted`` compares (None when unreadable)."""
    try:
        if field == "open_weights":
            return text == "true"
        if field == "release_month":
            return text[:7]
        if field == "context_window":
            return int(text)
        return Decimal(text)
    except (ArithmeticError, ValueError):
        return None


def row_id(row: dict[str, str]) -> str:
    return f"{row['model']}:{row['field']}"


def test_gold_file_covers_the_popular_models():
    assert list(ROWS[0]) == COLUMNS
    models = {r["model"] for r in ROWS}
    known = [r for r in ROWS if r["value"]]
    assert len(models) >= 40
    assert len({r["lab"] for r in known}) >= 10
    assert set(PAIR_MODELS) <= models
    assert {(m, f) for m in models for f in FIELDS} == {(r["model"], r["field"]) for r in ROWS}
    assert len(ROWS) == len(models) * len(FIELDS)


def test_abbreviated_values_agree_with_either_reading():
    assert accepted("context_window", "200K") == {200_000, 204_800}
    assert accepted("context_window", "1M") == {1_000_000, 1_048_576}
    assert accepted("context_window", "1048576") == {1_048_576}
    assert accepted("input_price", "2.50") == {Decimal("2.5")}
    assert conflict_value("release_month", "2024-12-06") == "2024-12"


@pytest.mark.parametrize("row", [r for r in ROWS if not r["value"]], ids=row_id)
def test_an_empty_gold_value_says_what_was_searched(row):
    assert re.fullmatch(r"not found on \d{4}-\d{2}-\d{2}: \S.{20,}", row["note"])
    assert not (row["url"] or row["quote"] or row["read_on"]), "a cited page with no value read from it"


@pytest.mark.parametrize("row", [r for r in ROWS if r["value"]], ids=row_id)
def test_gold_value_is_cited_and_well_formed(row):
    assert row["url"].startswith("https://"), "a gold value needs the maker page it was read on"
    assert row["quote"] and re.fullmatch(r"\d{4}-\d{2}-\d{2}", row["read_on"])
    value = row["value"]
    if row["field"] == "open_weights":
        assert value in ("true", "false")
    elif row["field"] == "release_month":
        assert re.fullmatch(r"\d{4}-(0[1-9]|1[0-2])", value)
    elif row["field"] == "context_window":
        assert re.fullmatch(r"\d+", value) or ABBREVIATED.match(value)
    else:
        assert re.fullmatch(r"\d+(\.\d+)?", value) and row["provider"]


@pytest.mark.parametrize(
    "model, expected_id", sorted({(r["model"], r["expected_id"]) for r in ROWS}), ids=lambda v: v
)
def test_name_resolves_to_the_model(catalog, model, expected_id):
    assert resolve(model, catalog) == expected_id


@pytest.mark.parametrize("row", ROWS, ids=row_id)
def test_catalog_agrees_with_the_maker(catalog, row):
    if not row["value"]:
        pytest.skip(f"no maker value: {row['note']}")
    try:
        model_id = resolve(row["model"], catalog)
    except ResolveError as e:
        pytest.fail(f"{row['model']!r} does not resolve: {e}")
    ours = catalog_value(catalog, model_id, row)
    if ours in accepted(row["field"], row["value"]):
        return
    conflicts = recorded_conflicts(catalog, model_id, row)
    reasons = conflicts["reason"] if "reason" in conflicts.columns else pd.Series(dtype=str)
    reasons = [str(r) for r in reasons if isinstance(r, str) and r.strip()]
    said = f"{row['model']} ({model_id}) {row['field']}: catalog {ours!r}, maker {row['value']!r} at {row['url']}"
    if reasons:
        warnings.warn(f"{said}; kept apart as a recorded conflict: {reasons[0]}", stacklevel=1)
        return
    found = "; ".join(
        f"{v} from {s}" for v, s in zip(conflicts["other_value"], conflicts["other_sources"], strict=True)
    )
    pytest.fail(
        f"{said}; "
        + (f"conflicts record it without a reason ({found})" if found else "no conflict records it")
    )


def test_maker_route_is_the_undated_route_or_the_one_dated_snapshot(catalog):
    assert maker_route(catalog, "openai/gpt-4o", "openai") == "openai:openai/gpt-4o"
    assert maker_route(catalog, "xai/grok-4", "xai") == "xai:xai/grok-4@0709"
    assert maker_route(catalog, "xai/grok-4", "anthropic") is None


def test_no_gold_value_rests_on_a_recorded_conflict(catalog):
    """Where the gold file has the maker's value, the catalog's is that value: a curated fact
    with the maker's page (authority rank MAKER_PAGE, the first) outranks models.dev and every route file, so a
    recorded conflict is no reason to keep another (Llama 4 Scout's 10M from Meta's model card,
    not models.dev's 3,500,000)."""
    off = []
    for row in ROWS:
        if row["value"]:
            model_id = resolve(row["model"], catalog)
            ours = catalog_value(catalog, model_id, row)
            if ours not in accepted(row["field"], row["value"]):
                off.append(f"{row_id(row)}: catalog {ours!r}, maker {row['value']!r}")
    assert off == []
    scout = catalog.rows("facts", "meta/llama-4-scout")
    chosen = scout[(scout["field"] == "context_window") & scout["chosen"]]
    assert chosen[["value", "source"]].values.tolist() == [["10000000", "curated"]]
