"""The committed catalog: rebuilt equal, must-show facts of the seed pair, resolve, scale."""

from __future__ import annotations

import pytest
from seed import SPARK, STEP

from analysis.assemble import build
from analysis.assemble.validate import errors, hash_errors
from analysis.catalog import resolve
from analysis.catalog.store import DEFAULT_PATH, load, table_text
from analysis.errors import ResolveError


@pytest.fixture(scope="module")
def rebuilt():
    return build()


def chosen(catalog, model_id, field):
    facts = catalog.rows("facts", model_id)
    row = facts[(facts["field"] == field) & facts["chosen"]]
    assert len(row) == 1, f"{model_id} {field}: {len(row)} chosen rows"
    return row.iloc[0]


def capability(catalog, model_id, name):
    caps = catalog.rows("capabilities", model_id)
    return bool(caps.loc[caps["capability"] == name, "value"].item())


def base_price(catalog, route_id, on="2026-11-24"):
    prices = catalog.prices_of([route_id])
    prices = prices[(prices["tier_start"] == 0) & (prices["effective_from"] <= on)]
    return prices.sort_values("effective_from").iloc[-1]


@pytest.mark.slow
def test_rebuild_equals_committed_catalog(catalog, rebuilt):
    for name in rebuilt.manifest["tables"]:
        committed = (DEFAULT_PATH / f"{name}.csv").read_text(encoding="utf-8")
        assert table_text(getattr(rebuilt, name)) == committed, f"{name}.csv differs: run `make catalog`"
    assert rebuilt.manifest == catalog.manifest


def test_committed_catalog_is_valid_and_unedited(catalog):
    assert errors(catalog) == []
    assert hash_errors(DEFAULT_PATH, catalog.manifest) == []


def test_scale(catalog):
    assert len(catalog.models) >= 1000
    assert len(catalog.routes) >= 4000
    assert len(catalog.benchmarks) >= 2000


def test_step_flash_facts_and_routes(catalog):
    model = catalog.model(STEP)
    assert model["release_date"] == "2026-01-29"
    assert bool(model["open_weights"]) is True
    assert capability(catalog, STEP, "reasoning") is True
    assert capability(catalog, STEP, "function_calling") is True
    stepfun = base_price(catalog, f"stepfun:{STEP}")
    assert (stepfun["input_mtok"], stepfun["output_mtok"], stepfun["cache_read_mtok"]) == (0.1, 0.3, 0.02)
    assert f"openrouter:{STEP}" in set(catalog.rows("routes", STEP)["route_id"])
    params = chosen(catalog, STEP, "params_total")
    assert params["value"] == "196000000000"
    assert params["source"] == "curated"
    assert params["url"] == "https://huggingface.co/stepfun-ai/Step-3.5-Flash"
    assert chosen(catalog, STEP, "params_active")["value"] == "11000000000"
    assert model["architecture"] == "Mixture of Experts"


def test_step_flash_context_conflict_is_recorded(catalog):
    conflicts = catalog.rows("conflicts", STEP)
    context = conflicts[conflicts["field"] == "context_window"]
    assert set(context["chosen_value"]) == {"256000"}
    assert "262144" in set(context["other_value"])
    assert catalog.model(STEP)["context_window"] == 256_000


def test_codex_spark_facts_and_route(catalog):
    model = catalog.model(SPARK)
    assert (model["context_window"], model["max_output"]) == (128_000, 32_000)
    assert model["input_modalities"] == "text;image;pdf"
    for name in ("reasoning", "function_calling", "structured_outputs", "vision", "pdf_input"):
        assert capability(catalog, SPARK, name) is True, name
    openai = base_price(catalog, f"openai:{SPARK}")
    assert (openai["input_mtok"], openai["output_mtok"], openai["cache_read_mtok"]) == (1.75, 14.0, 0.175)


def test_codex_spark_release_date_conflict_is_recorded(catalog):
    assert catalog.model(SPARK)["release_date"] == "2026-02-05"
    conflicts = catalog.rows("conflicts", SPARK)
    dates = conflicts[conflicts["field"] == "release_date"]
    assert "2026-02-12" in set(dates["other_value"])
    assert set(dates["chosen_value"]) == {"2026-02-05"}


def test_dated_genai_prices_change_on_the_openrouter_route(catalog):
    before = base_price(catalog, f"openrouter:{STEP}", on="2026-10-18")
    after = base_price(catalog, f"openrouter:{STEP}", on="2026-10-19")
    assert (before["input_mtok"], after["input_mtok"]) == (0.09, 0.1)
    assert after["source"] == "genai-prices"


@pytest.mark.parametrize(
    "name",
    [
        "Step 3.5 Flash",
        "stepfun-ai/Step-3.5-Flash",
        "openrouter/stepfun/step-3.5-flash",
        STEP,
        "STEP_3.5_FLASH",
    ],
)
def test_resolve_names_step_flash(catalog, name):
    assert resolve(name, catalog) == STEP


def test_resolve_unknown_name_suggests_close_models(catalog):
    with pytest.raises(ResolveError) as e:
        resolve("Step 3.5 Flsh", catalog)
    assert "unknown model 'Step 3.5 Flsh'; did you mean" in str(e.value)
    assert STEP in str(e.value)


def test_resolve_empty_name(catalog):
    with pytest.raises(ResolveError, match="model name is empty"):
        resolve("  ", catalog)


def test_unmatched_names_are_reported(catalog):
    assert len(catalog.unmatched) > 0
    assert set(catalog.unmatched.columns) == {"source", "raw_name", "provider", "reason"}
    assert (catalog.unmatched["reason"] != "").all()


def test_manifest_names_every_source_with_version(catalog):
    sources = {s["source"]: s for s in catalog.manifest["sources"]}
    assert sources["models.dev"]["version"] == "f3fc692"
    assert sources["genai-prices"]["version"] == "0.2.3"
    assert len(catalog.manifest["content_hash"]) == 64


def test_genai_prices_rows_are_the_prices_costs_use(catalog):
    # genai-prices wins route price precedence, so the differential test against
    # genai_prices.calc_price (tests/test_costs_genai_prices.py) covers these routes as they are.
    rows = catalog.prices[catalog.prices["source"] == "genai-prices"]
    assert len(set(rows["route_id"])) > 1500
    assert rows["chosen"].all()


INDEXES = {"row_positions", "alias_index", "model_index", "price_index"}


def test_an_indexed_catalog_has_its_lookups_built_and_answers_as_before():
    """A warm kernel builds the indexes before its first report; the answers do not change."""
    fresh, indexed = load(DEFAULT_PATH), load(DEFAULT_PATH).indexed()
    assert not INDEXES & set(vars(fresh))
    assert set(vars(indexed)) >= INDEXES
    routes = indexed.rows("routes", SPARK)
    assert routes.equals(fresh.rows("routes", SPARK)) and len(routes) > 0
    route = next(r for r in routes["route_id"] if indexed.price_records(r))
    assert str(indexed.price_records(route)) == str(fresh.price_records(route))
    assert resolve("Step 3.5 Flash", indexed) == resolve("Step 3.5 Flash", fresh) == STEP
