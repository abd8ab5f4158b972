"""Property tests: cost is non-negative, grows with volume, and falls (or stays) with the cache
share when cache reads cost less than input."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from analysis.catalog import Catalog
from analysis.costs import Scenario, model_cost

pytestmark = pytest.mark.slow  # hundreds of examples: about 20 s a test

PROV = {"source": "t", "version": "1", "as_of": "2026-01-01", "locator": ""}
ROUTE = {"route_id": "p:lab/m", "model_id": "lab/m", "provider": "p", "pricing_kind": "paid"}
PRICE = st.decimals(min_value="0", max_value="100", places=3)
SHARE = st.decimals(min_value="0", max_value="1", places=2).map(float)


@st.composite
def routes(draw) -> Catalog:
    """One route with a base row and maybe a tier; cache reads always cheaper than input."""
    base_input = draw(PRICE)
    batch_input = draw(st.none() | st.just(base_input / 2))
    cheapest_input = min(base_input, batch_input if batch_input is not None else base_input)
    base = {
        "input_mtok": base_input,
        "output_mtok": draw(PRICE),
        "cache_read_mtok": draw(st.none() | st.just(cheapest_input * draw(SHARE_DECIMAL))),
        "cache_write_mtok": draw(st.none() | PRICE),
        "reasoning_mtok": draw(st.none() | PRICE),
        "batch_input_mtok": batch_input,
        "batch_output_mtok": draw(st.none() | PRICE),
    }
    rows = [base | {"tier_start": 0}]
    if draw(st.booleans()):
        rows.append(
            {
                "tier_start": draw(st.integers(1_000, 500_000)),
                "tier_basis": draw(st.sampled_from(["whole_request", "above_threshold"])),
                "input_mtok": base_input * draw(st.sampled_from([1, 2, 3])),
                "output_mtok": draw(st.none() | PRICE),
            }
        )
    prices = [{k: float(v) if isinstance(v, Decimal) else v for k, v in r.items()} for r in rows]
    return Catalog.from_rows(
        routes=[ROUTE | PROV],
        prices=[p | {"route_id": "p:lab/m", "chosen": True} | PROV for p in prices],
    )


SHARE_DECIMAL = st.decimals(min_value="0", max_value="0.99", places=2)
PICODOLLAR = Decimal("1e-12")
QUARTER = st.decimals(min_value="0", max_value="0.25", places=2).map(float)


@st.composite
def scenarios(draw) -> Scenario:
    cache_write = draw(st.decimals(min_value="0", max_value="0.5", places=2).map(float))
    return Scenario(
        name="drawn",
        input_tokens=draw(st.integers(0, 10**12)),
        output_tokens=draw(st.integers(0, 10**12)),
        cache_read_share=draw(QUARTER),
        cache_write_share=cache_write,
        batch_share=draw(SHARE),
        reasoning_multiplier=draw(st.decimals(min_value="0", max_value="10", places=1).map(float)),
        prompt_tokens=draw(st.integers(1, 1_000_000)),
        price_date="2026-06-01",
        include_free=True,  # a route drawn at $0 counts as free
    )


def cost(catalog: Catalog, s: Scenario) -> Decimal:
    """Monthly USD to the picodollar: blended tier rates are Decimals of 28 digits, whose last
    digit may round either way."""
    result = model_cost(catalog, "lab/m", s)
    assert result.cost is not None, result.unavailable_reason
    return result.cost.quantize(PICODOLLAR)


@settings(max_examples=100, deadline=None)
@given(routes(), scenarios())
def test_cost_is_non_negative(catalog, s):
    assert cost(catalog, s) >= 0


@settings(max_examples=100, deadline=None)
@given(routes(), scenarios(), st.floats(min_value=1, max_value=1000))
def test_cost_grows_with_volume(catalog, s, factor):
    assert cost(catalog, s.scaled(factor)) >= cost(catalog, s)


@settings(max_examples=100, deadline=None)
@given(routes(), scenarios(), QUARTER)
def test_more_cache_never_costs_more_when_cache_is_cheaper(catalog, s, more):
    higher = replace(s, cache_read_share=s.cache_read_share + more)
    assert cost(catalog, higher) <= cost(catalog, s)
