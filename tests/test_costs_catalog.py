"""The seed pair on the project's catalog (data/catalog), when it has been built."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

import pytest
from seed import SPARK, STEP

from analysis.catalog import resolve
from analysis.catalog.schema import MANIFEST
from analysis.catalog.store import DEFAULT_PATH
from analysis.costs import break_even, cost_comparison, model_cost, route_costs, scenario, volume_series
from analysis.costs.prices import price_rows
from analysis.sources.records import PRICE_DIGITS, exact_price

pytestmark = pytest.mark.skipif(
    not (DEFAULT_PATH / MANIFEST).is_file(), reason="no catalog built (run `make catalog`)"
)


def test_seed_pair_at_medium_traffic(catalog):
    comparison = cost_comparison(catalog, SPARK, STEP, scenario("medium"))
    spark, step = comparison.a, comparison.b
    assert spark.route.provider == "openai"  # an aggregator ties; the lab's own API wins
    assert (spark.route.rates.input_mtok, spark.route.rates.output_mtok) == (
        Decimal("1.75"),
        Decimal("14"),
    )
    assert spark.cost == Decimal("5775.00")
    own = step.first_party_route
    assert own.provider == "stepfun"
    assert (own.rates.input_mtok, own.rates.output_mtok) == (Decimal("0.1"), Decimal("0.3"))
    assert own.cost == Decimal("155.00")
    assert step.route is not None and step.cost <= own.cost
    assert comparison.delta == step.cost - Decimal("5775")
    assert comparison.ratio == Decimal("5775") / step.cost
    assert comparison.cheaper == STEP
    assert spark.route.sources and step.route.sources


def test_seed_pair_break_even_entries(catalog):
    found = break_even(catalog, SPARK, STEP, scenario("medium"))
    assert {b.input for b in found} >= {"monthly_volume", "prompt_tokens", "cache_read_share"}
    assert all(b.explanation for b in found)


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("openai/gpt-oss-120b", "moonshotai/kimi-k2.6"),
        ("openai/gpt-4o", "anthropic/claude-haiku-4-5"),
        ("zhipuai/glm-5.2", "deepseek/deepseek-v4-pro"),
        ("anthropic/claude-sonnet-4-5", "google/gemini-2.5-pro"),
    ],
)
def test_cache_break_evens_agree_with_the_cheaper_model_on_either_side(catalog, a, b):
    """Each cache-read break-even flips which model is cheaper; with none, one model leads throughout."""
    medium = scenario("medium")

    def cheaper(share: float) -> str:
        costs = cost_comparison(catalog, a, b, replace(medium, cache_read_share=share))
        return costs.cheaper or "equal"

    found = [x for x in break_even(catalog, a, b, medium) if x.input == "cache_read_share"]
    flips = [x for x in found if x.value is not None]
    if not flips:
        assert len({cheaper(s / 20) for s in range(21)} - {"equal"}) == 1
    for x in flips:
        assert (cheaper(x.value - 1e-4), cheaper(x.value + 1e-4)) == (x.cheaper_below, x.cheaper_above)


def test_prices_table_holds_exact_decimals(catalog):
    """models.dev writes Helicone's Qwen3 235B output price as 2.9000000000000004 and Bedrock's
    Gemma 3 12B input as 0.049999999999999996: the table and the costs hold 2.9 and 0.05."""
    columns = [c for c in catalog.prices.columns if c.endswith("_mtok")]
    values = catalog.prices[columns].stack().dropna()
    noisy = [
        v
        for v in (repr(float(x)) for x in values)
        if len(Decimal(v).as_tuple().digits) > PRICE_DIGITS or Decimal(v) != exact_price(v)
    ]
    assert not noisy, noisy[:5]
    helicone = price_rows(catalog, "helicone:alibaba/qwen3-235b-a22b-thinking")
    assert [(r.input_mtok, r.output_mtok) for r in helicone] == [(Decimal("0.3"), Decimal("2.9"))]
    p = catalog.prices
    gemma = p[(p["route_id"] == "amazon-bedrock:google/gemma-3-12b-it") & (p["source"] == "models.dev")]
    assert [repr(float(v)) for v in gemma["input_mtok"]] == ["0.05"]


def test_azure_global_and_eu_data_zone_routes(catalog):
    """LiteLLM's azure/eu/ key no longer sets the global route's price."""
    rates = {
        route: (c.rates.input_mtok, c.rates.output_mtok)
        for c in route_costs(catalog, "openai/o4-mini", scenario("medium"))
        if (route := c.route_id).startswith("azure:")
    }
    assert (
        rates["azure:openai/o4-mini"]
        == rates["azure:openai/o4-mini@2025-04-16"]
        == (Decimal("1.1"), Decimal("4.4"))
    )
    assert (
        rates["azure:openai/o4-mini@eu"]
        == rates["azure:openai/o4-mini@2025-04-16+eu"]
        == (
            Decimal("1.21"),
            Decimal("4.84"),
        )
    )


def test_deepseek_v4_flash_costs_the_peak_price_unless_off_peak_is_asked(catalog):
    """genai-prices: $0.30 / $1.20 at 01:00-04:00 and 06:00-10:00 UTC, $0.15 / $0.60 otherwise."""
    route = "deepseek:deepseek/deepseek-v4-flash"

    def cost(**overrides):
        (c,) = [
            c
            for c in route_costs(catalog, "deepseek/deepseek-v4-flash", scenario("medium", **overrides))
            if c.route_id == route
        ]
        return c

    peak = cost()
    assert peak.cost == Decimal("570")
    assert peak.notes[-1] == (
        "time-of-day prices: peak $0.30 / $1.20 per 1M input / output tokens "
        "(hours UTC: 01:00-04:00, 06:00-10:00), off-peak $0.15 / $0.60 "
        "(hours UTC: 04:00-06:00, 10:00-01:00); billed at the peak price"
    )
    assert cost(off_peak_share=1).cost == Decimal("285")
    half = cost(off_peak_share=0.5)
    assert half.cost == Decimal("427.5")
    assert half.notes[-1].endswith("50% of traffic billed at the off-peak price, the rest at the peak price")


@pytest.mark.parametrize(
    "pair",
    [("Claude Sonnet 4.5", "GPT-5"), ("Gemini 2.5 Pro", "Claude Opus 4.1"), ("DeepSeek V3", "GPT-4o mini")],
)
def test_the_volume_series_prices_each_models_cheapest_route_at_every_volume(catalog, pair):
    """Pricing the scenario's chosen route at each volume gives what choosing afresh there gives."""
    a, b = (resolve(name, catalog) for name in pair)
    medium = scenario("medium")
    series = volume_series(catalog, a, b, medium)
    assert len(series) == 19
    for row in series.itertuples():
        fresh = [model_cost(catalog, m, medium.scaled(row.factor)) for m in (a, b)]
        assert [row.cost_a, row.cost_b] == [c.monthly_usd for c in fresh]
        assert [row.route_a, row.route_b] == [c.route.route_id for c in fresh]


def test_on_a_cost_tie_a_cloud_carries_the_headline_before_a_gateway(catalog):
    """Claude Opus 4.1 is retired on Anthropic's API; Bedrock and 302.AI both sell it at $15 / $75."""
    cost = model_cost(catalog, "anthropic/claude-opus-4-1", scenario("medium"))
    assert cost.route.provider == "amazon-bedrock" and cost.cost == Decimal("33750")
    tied = [r for r in cost.routes if r.cost == cost.cost and cost.route_class(r).name == "gateway"]
    assert tied  # a gateway at the same price exists, and loses the tie
