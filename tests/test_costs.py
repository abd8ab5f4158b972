"""Costs on small hand-made catalogs, with exact expected dollars."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from decimal import Decimal

import pytest
from seed import SPARK, STEP

from analysis.catalog import Catalog
from analysis.costs import (
    break_even,
    cost_comparison,
    model_cost,
    route_costs,
    scenario,
    sensitivity,
    volume_series,
)
from analysis.errors import ParameterError

PROV = {"source": "test-source", "version": "v1", "as_of": "2026-10-19", "locator": "here"}


def route(route_id: str, kind: str = "paid") -> dict:
    provider, model_id = route_id.split(":", 1)
    return {"route_id": route_id, "model_id": model_id.split("@")[0], "provider": provider} | {
        "variant": "",
        "pricing_kind": kind,
        **PROV,
    }


def price(route_id: str, **values) -> dict:
    return {"route_id": route_id, "tier_start": 0, "effective_from": "", **values} | {
        **PROV,
        "chosen": True,
    }


def catalog(routes: list[dict], prices: list[dict], as_of: str = "2026-11-23") -> Catalog:
    return Catalog.from_rows(routes=routes, prices=prices, manifest={"as_of": as_of})


def only_route(cat: Catalog, model_id: str, **overrides):
    (cost,) = route_costs(cat, model_id, scenario(**({"preset": "medium"} | overrides)))
    return cost


def one_route(**prices) -> Catalog:
    return catalog([route("p:lab/m")], [price("p:lab/m", **prices)])


def usd(text: str) -> Decimal:
    return Decimal(text)


# --- the seed scenario ---------------------------------------------------------------------


@pytest.fixture
def seed() -> Catalog:
    """The pair the issue must show, with an older Step price and a $0 Step route."""
    return catalog(
        [route(f"openai:{SPARK}"), route(f"openrouter:{STEP}"), route(f"chutes:{STEP}")],
        [
            price(f"openai:{SPARK}", input_mtok=1.75, output_mtok=14.0),
            price(f"openrouter:{STEP}", input_mtok=0.09, output_mtok=0.3, cache_read_mtok=0.02),
            price(
                f"openrouter:{STEP}",
                effective_from="2026-10-19",
                input_mtok=0.1,
                output_mtok=0.3,
                cache_read_mtok=0.02,
            ),
            price(f"chutes:{STEP}", input_mtok=0.0, output_mtok=0.0),
        ],
    )


def test_seed_pair_costs_and_comparison(seed):
    medium = scenario("medium")
    comparison = cost_comparison(seed, SPARK, STEP, medium)
    spark, step = comparison.a, comparison.b
    assert spark.route.route_id == f"openai:{SPARK}"
    assert spark.route.breakdown.input == usd("875") and spark.route.breakdown.output == usd("4900")
    assert spark.cost == usd("5775.00")
    assert step.route.route_id == f"openrouter:{STEP}"
    assert step.cost == usd("155.00")
    assert (step.route.rates.input_mtok, step.route.rates.output_mtok) == (usd("0.1"), usd("0.3"))
    assert comparison.delta == usd("-5620")
    assert comparison.ratio == usd("5775") / usd("155")
    assert comparison.cheaper == STEP
    assert comparison.sources == ("test-source v1, as of 2026-10-19",)
    assert step.route.provenance.locator == "here"
    assert [r.effective_from for r in step.route.prices] == ["2026-10-19"]


def test_free_route_listed_apart_and_counted_only_when_asked(seed):
    step = model_cost(seed, STEP, scenario("medium"))
    assert [r.route_id for r in step.free_routes] == [f"chutes:{STEP}"]
    assert step.free_routes[0].cost == 0
    assert "counted as a free route" in step.free_routes[0].notes[-1]
    with_free = model_cost(seed, STEP, scenario("medium", include_free=True))
    assert with_free.route.route_id == f"chutes:{STEP}" and with_free.cost == 0
    comparison = cost_comparison(seed, SPARK, STEP, scenario("medium", include_free=True))
    assert comparison.ratio is None and comparison.cheaper == STEP
    assert comparison.notes == (f"no ratio: {STEP} costs $0 on chutes:{STEP}",)


def test_price_date_picks_the_dated_row(seed):
    before = model_cost(seed, STEP, scenario("medium", price_date="2026-10-18"))
    assert before.cost == usd("150.00")  # 500M × $0.09 + 350M × $0.30
    assert "a new price starts on 2026-10-19, after the price date 2026-10-18" in before.route.notes
    assert model_cost(seed, STEP, scenario("medium", price_date="2026-10-19")).cost == usd("155")


def test_price_date_defaults_to_catalog_as_of_then_today(seed):
    assert model_cost(seed, STEP, scenario("medium")).price_date == "2026-11-23"
    bare = replace(seed, manifest={})
    assert model_cost(bare, STEP, scenario("medium")).price_date == date.today().isoformat()


# --- cache, reasoning, batch ------------------------------------------------------------------


def test_cache_read_and_write_prices():
    cat = one_route(input_mtok=3, output_mtok=15, cache_read_mtok=0.3, cache_write_mtok=3.75)
    cost = only_route(
        cat,
        "lab/m",
        input_tokens="100M",
        output_tokens="10M",
        cache_read_share=0.6,
        cache_write_share=0.1,
    )
    b = cost.breakdown
    assert (b.input, b.cache_read, b.cache_write, b.output) == (usd("90"), usd("18"), usd("37.5"), usd("150"))
    assert cost.cost == usd("295.5")
    assert cost.notes == ()


def test_missing_cache_prices_bill_input_price_with_a_note():
    cat = one_route(input_mtok=2, output_mtok=8)
    cost = only_route(
        cat,
        "lab/m",
        input_tokens="100M",
        output_tokens="10M",
        cache_read_share=0.5,
        cache_write_share=0.2,
    )
    assert cost.cost == usd("280")  # all 100M input at $2 + 10M output at $8
    assert any(
        n.startswith("no cache-read price: cached input billed at the input price") for n in cost.notes
    )
    assert "no cache-write price: cache writes billed at the input price" in cost.notes


@pytest.mark.parametrize(
    ("prices", "expected", "note"),
    [
        ({"reasoning_mtok": 2}, "60", "reasoning tokens billed at the reasoning price"),
        ({}, "90", "reasoning tokens billed as output tokens"),
    ],
)
def test_reasoning_price_or_output_price(prices, expected, note):
    cat = one_route(input_mtok=1, output_mtok=4, **prices)
    cost = only_route(cat, "lab/m", input_tokens="10M", output_tokens="5M", reasoning_multiplier=3)
    assert cost.cost == usd(expected)  # 10 input + 20 output + 15M reasoning at 2 (or 4)
    assert note in cost.notes


def test_batch_prices_discount_the_batch_share():
    cat = one_route(input_mtok=2, output_mtok=8, batch_input_mtok=1, batch_output_mtok=4)
    cost = only_route(cat, "lab/m", input_tokens="100M", output_tokens="10M", batch_share=0.5)
    assert cost.breakdown.batch_savings == usd("70")  # half of (100M × $1 + 10M × $4)
    assert cost.cost == usd("210")


def test_batch_with_cache_and_reasoning_as_output():
    cat = one_route(input_mtok=2, output_mtok=8, cache_read_mtok=0.2, batch_input_mtok=1, batch_output_mtok=4)
    cached = only_route(
        cat,
        "lab/m",
        input_tokens="100M",
        output_tokens="10M",
        batch_share=0.5,
        cache_read_share=0.2,
    )
    assert cached.cost == usd("184")  # 160 + 4 + 80 − half of (80 × 1 + 10 × 4)
    assert "cached tokens in the batch share billed at standard cache prices" in cached.notes
    reasoning = only_route(
        cat,
        "lab/m",
        input_tokens="100M",
        output_tokens="10M",
        batch_share=0.5,
        reasoning_multiplier=1,
    )
    assert reasoning.cost == usd("270")  # 200 + 80 + 80 − half of (100 × 1 + 20 × 4)


def test_no_batch_price_bills_standard_prices_with_a_note():
    cat = one_route(input_mtok=2, output_mtok=8)
    cost = only_route(cat, "lab/m", input_tokens="100M", output_tokens="10M", batch_share=0.5)
    assert cost.cost == usd("280")
    assert "no batch price on this route: the batch share is billed at standard prices" in (cost.notes)


# --- context tiers ------------------------------------------------------------------------------


def tiered(basis: str, *tiers: dict) -> Catalog:
    rows = [price("p:lab/m", input_mtok=3, output_mtok=15, cache_read_mtok=0.3)]
    rows += [price("p:lab/m", tier_basis=basis, **t) for t in tiers]
    return catalog([route("p:lab/m")], rows)


def tier_cost(cat: Catalog, prompt: int, cache: float = 0.0) -> Decimal:
    return only_route(
        cat,
        "lab/m",
        input_tokens="100M",
        output_tokens="1M",
        prompt_tokens=prompt,
        cache_read_share=cache,
    )


def test_whole_request_tier_bills_every_token_at_the_tier():
    cat = tiered("whole_request", {"tier_start": 200_000, "input_mtok": 6, "output_mtok": 22.5})
    above = tier_cost(cat, 250_000, cache=0.5)
    # 50M × $6 + 50M cached × $0.30 (the tier gives no cache price: base applies) + 1M × $22.5
    assert above.cost == usd("337.5")
    assert [r.tier_start for r in above.prices] == [0, 200_000]
    assert "every token of such a request is billed at the tier's prices" in above.notes[0]
    assert tier_cost(cat, 200_000, cache=0.5).cost == usd("180")  # not above the start: base


def test_above_threshold_tier_bills_only_the_prompt_tokens_above():
    cat = tiered("above_threshold", {"tier_start": 200_000, "input_mtok": 6, "output_mtok": 22.5})
    # a fifth of each 250K prompt is above 200K: input at 0.8 × $3 + 0.2 × $6; output at base
    assert tier_cost(cat, 250_000).cost == usd("375")


def test_above_threshold_bands_of_several_tiers():
    cat = tiered(
        "above_threshold",
        {"tier_start": 100_000, "input_mtok": 4},
        {"tier_start": 200_000, "input_mtok": 6},
    )
    # 400K prompts: a quarter at $3, a quarter at $4, half at $6 = $4.75/MTok
    assert tier_cost(cat, 400_000).rates.input_mtok == usd("4.75")
    assert tier_cost(cat, 400_000).cost == usd("490")


def test_tiers_mixing_bases_are_unavailable():
    rows = [
        price("p:lab/m", input_mtok=3, output_mtok=15),
        price("p:lab/m", tier_start=100_000, tier_basis="whole_request", input_mtok=4),
        price("p:lab/m", tier_start=200_000, tier_basis="above_threshold", input_mtok=6),
    ]
    cost = tier_cost(catalog([route("p:lab/m")], rows), 300_000)
    assert cost.cost is None
    assert "mix whole_request and above_threshold" in cost.unavailable_reason


def test_dated_base_replaces_older_tiers():
    rows = [
        price("p:lab/m", input_mtok=1, output_mtok=2),
        price("p:lab/m", tier_start=100_000, tier_basis="whole_request", input_mtok=5, output_mtok=10),
        price("p:lab/m", effective_from="2026-03-01", input_mtok=2, output_mtok=4),
    ]
    cat = catalog([route("p:lab/m")], rows)

    def cost(day: str) -> Decimal:
        return only_route(
            cat,
            "lab/m",
            input_tokens="10M",
            output_tokens="1M",
            prompt_tokens=150_000,
            price_date=day,
        )

    assert cost("2026-02-01").cost == usd("60")  # old tier: 10M × $5 + 1M × $10
    assert cost("2026-04-01").cost == usd("24")  # the new set has no tier
    assert "prices in force since 2026-03-01 (price date 2026-04-01)" in cost("2026-04-01").notes


def test_dated_tier_applies_from_its_date():
    rows = [
        price("p:lab/m", input_mtok=1, output_mtok=2),
        price(
            "p:lab/m",
            effective_from="2026-03-01",
            tier_start=100_000,
            tier_basis="whole_request",
            input_mtok=5,
            output_mtok=10,
        ),
    ]
    cat = catalog([route("p:lab/m")], rows)
    kwargs = {"input_tokens": "10M", "output_tokens": "1M", "prompt_tokens": 150_000}
    assert only_route(cat, "lab/m", price_date="2026-02-28", **kwargs).cost == usd("12")
    assert only_route(cat, "lab/m", price_date="2026-03-01", **kwargs).cost == usd("60")


# --- unavailable: never $0 ----------------------------------------------------------------------


def test_price_starting_after_the_price_date_is_unavailable():
    cat = catalog(
        [route("p:lab/m")], [price("p:lab/m", effective_from="2026-03-01", input_mtok=1, output_mtok=2)]
    )
    cost = only_route(cat, "lab/m", price_date="2026-02-01")
    assert cost.cost is None and cost.monthly_usd is None
    assert cost.unavailable_reason == "prices start on 2026-03-01, after the price date 2026-02-01"


def test_missing_output_price_is_unavailable():
    cat = catalog(
        [route("a:lab/m"), route("b:lab/m")],
        [price("a:lab/m", input_mtok=1), price("b:lab/m", output_mtok=2)],
    )
    result = model_cost(cat, "lab/m", scenario("medium"))
    assert result.cost is None and result.monthly_usd is None and result.route is None
    assert result.unavailable_reason == (
        "no route with both an input and an output price on 2026-11-23 "
        "(a:lab/m: no output price; b:lab/m: no input price)"
    )
    comparison = cost_comparison(cat, "lab/m", "lab/m", scenario("medium"))
    assert comparison.delta is None and comparison.ratio is None and comparison.cheaper is None
    assert comparison.unavailable_reason.startswith("cost unavailable for lab/m: no route with")


def test_model_without_routes():
    cat = one_route(input_mtok=1, output_mtok=2)
    result = model_cost(cat, "lab/other", scenario("medium"))
    assert result.routes == ()
    assert result.unavailable_reason == "no routes for lab/other in the catalog"


def test_route_without_price_rows():
    cat = catalog([route("p:lab/m")], [])
    cost = only_route(cat, "lab/m")
    assert cost.unavailable_reason == "no price in the catalog for this route"


def test_free_routes_only():
    cat = catalog([route("p:lab/m", "free")], [])
    result = model_cost(cat, "lab/m", scenario("medium"))
    assert result.cost is None
    assert result.unavailable_reason == ("only free or subscription routes (--include-free counts them)")
    assert result.free_routes[0].cost == 0
    assert model_cost(cat, "lab/m", scenario("medium", include_free=True)).cost == 0


def test_subscription_route_without_token_prices_is_unavailable_and_listed():
    cat = catalog(
        [route("plan:lab/m", "subscription"), route("api:lab/m")],
        [price("api:lab/m", input_mtok=1, output_mtok=2)],
    )
    result = model_cost(cat, "lab/m", scenario("medium", include_free=True))
    assert result.route.route_id == "api:lab/m" and result.cost == usd("1200")
    (plan,) = result.free_routes
    assert plan.pricing_kind == "subscription" and plan.cost is None
    assert plan.unavailable_reason.startswith("subscription plan: a flat fee, not a per-token")


def test_subscription_route_with_token_prices_counts_only_when_asked():
    cat = catalog(
        [route("plan:lab/m", "subscription"), route("api:lab/m")],
        [price("plan:lab/m", input_mtok=0.5, output_mtok=1), price("api:lab/m", input_mtok=1, output_mtok=2)],
    )
    assert model_cost(cat, "lab/m", scenario("medium")).route.route_id == "api:lab/m"
    with_plans = model_cost(cat, "lab/m", scenario("medium", include_free=True))
    assert with_plans.route.route_id == "plan:lab/m" and with_plans.cost == usd("600")


def test_cheapest_of_several_routes():
    cat = catalog(
        [route("a:lab/m"), route("b:lab/m"), route("c:lab/m")],
        [
            price("a:lab/m", input_mtok=1, output_mtok=2),
            price("b:lab/m", input_mtok=0.5, output_mtok=2),
            price("c:lab/m", input_mtok=0.1),
        ],
    )
    result = model_cost(cat, "lab/m", scenario("medium"))
    assert result.route.route_id == "b:lab/m" and result.cost == usd("950")
    assert [r.route_id for r in result.routes] == ["a:lab/m", "b:lab/m", "c:lab/m"]


# --- series, sensitivity, break-even ----------------------------------------------------------


def test_volume_series_is_linear_and_matches_the_scenario(seed):
    frame = volume_series(seed, SPARK, STEP, scenario("medium"), factors=[0.1, 1, 10])
    assert list(frame["volume"]) == [85_000_000, 850_000_000, 8_500_000_000]
    assert list(frame["cost_a"]) == [577.5, 5775.0, 57750.0]
    assert list(frame["cost_b"]) == [15.5, 155.0, 1550.0]
    assert set(frame["cheaper"]) == {STEP}
    with pytest.raises(ParameterError, match="factors = \\[0\\]: expected positive numbers"):
        volume_series(seed, SPARK, STEP, scenario("medium"), factors=[0])


def test_volume_series_default_spans_six_decades(seed):
    frame = volume_series(seed, SPARK, STEP, scenario("medium"))
    assert frame["factor"].min() == 0.001 and frame["factor"].max() == 1000
    assert len(frame) == 19


def test_sensitivity(seed):
    frame = sensitivity(seed, SPARK, STEP, scenario("medium"), {"cache_read_share": [0.5]})
    assert list(frame["value"]) == [0.0, 0.5]  # the scenario's own value is added
    half = frame[frame["value"] == 0.5].iloc[0]
    assert half["cost_a"] == 5775.0  # no cache price: cached input at the input price
    assert half["cost_b"] == 25 + 5 + 105  # 250M × 0.1 + 250M × 0.02 + 350M × 0.3
    with pytest.raises(ParameterError, match="sensitivity input = 'x': expected one of"):
        sensitivity(seed, SPARK, STEP, scenario("medium"), {"x": [1]})


def test_sensitivity_defaults(seed):
    frame = sensitivity(seed, SPARK, STEP, scenario("medium"))
    assert set(frame["input"]) == {"cache_read_share", "reasoning_multiplier", "batch_share"}
    assert len(frame) == 15


def test_no_break_even_without_tiers_or_cache_difference(seed):
    found = {b.input: b for b in break_even(seed, SPARK, STEP, scenario("medium"))}
    assert set(found) == {"monthly_volume", "prompt_tokens", "cache_read_share"}
    assert all(b.value is None for b in found.values())
    assert "grow in proportion to volume" in found["monthly_volume"].explanation
    assert f"{STEP} stays cheaper at any volume ({SPARK} costs 37.3× as much)" in (
        found["monthly_volume"].explanation
    )
    assert "no context tiers" in found["prompt_tokens"].explanation


def pair(b_rows: list[dict]) -> Catalog:
    return catalog(
        [route("p:lab/a"), route("p:lab/b")],
        [price("p:lab/a", input_mtok=2, output_mtok=10), *b_rows],
    )


def test_prompt_break_even_at_a_whole_request_tier():
    cat = pair(
        [
            price("p:lab/b", input_mtok=1, output_mtok=5),
            price("p:lab/b", tier_start=100_000, tier_basis="whole_request", input_mtok=4, output_mtok=20),
        ]
    )
    s = scenario(input_tokens="100M", output_tokens="10M")
    (prompt,) = [b for b in break_even(cat, "lab/a", "lab/b", s) if b.input == "prompt_tokens"]
    assert (prompt.value, prompt.cheaper_below, prompt.cheaper_above) == (100_001, "lab/b", "lab/a")
    assert prompt.explanation == ("lab/a is cheaper for prompts of 100,001 tokens or more, lab/b below")


def test_prompt_break_even_inside_an_above_threshold_tier():
    cat = pair(
        [
            price("p:lab/b", input_mtok=1, output_mtok=5),
            price("p:lab/b", tier_start=100_000, tier_basis="above_threshold", input_mtok=11),
        ]
    )
    s = scenario(input_tokens="100M", output_tokens="10M")
    (prompt,) = [b for b in break_even(cat, "lab/a", "lab/b", s) if b.input == "prompt_tokens"]
    # b costs 150 + 1000 × (P − 100K) / P; a costs 300: equal at P = 117,647.06
    assert prompt.value == 117_648


def test_cache_share_break_even():
    cat = pair([price("p:lab/b", input_mtok=1, output_mtok=10)])
    cat = catalog(
        [route("p:lab/a"), route("p:lab/b")],
        [
            price("p:lab/a", input_mtok=2, output_mtok=10, cache_read_mtok=0.2),
            price("p:lab/b", input_mtok=1, output_mtok=10),
        ],
    )
    s = scenario(input_tokens="100M", output_tokens="10M")
    (cache,) = [b for b in break_even(cat, "lab/a", "lab/b", s) if b.input == "cache_read_share"]
    # a: 300 − 180 × share; b: 200 at any share (no cache price): equal at 5/9
    assert cache.value == pytest.approx(5 / 9)
    assert (cache.cheaper_below, cache.cheaper_above) == ("lab/b", "lab/a")
    assert cache.explanation == (
        "lab/a is cheaper when 55.6% or more of input is read from cache, lab/b below"
    )


def test_break_even_unavailable_says_why():
    cat = one_route(input_mtok=1, output_mtok=2)
    found = break_even(cat, "lab/m", "lab/none", scenario("medium"))
    assert len(found) == 3
    assert all(b.value is None and "no routes for lab/none" in b.explanation for b in found)


def test_cached_tokens_without_cache_price_get_the_batch_input_price():
    cat = one_route(input_mtok=2, output_mtok=8, batch_input_mtok=1, batch_output_mtok=4)
    cost = only_route(
        cat,
        "lab/m",
        input_tokens="100M",
        output_tokens="10M",
        batch_share=0.5,
        cache_read_share=0.5,
    )
    assert cost.cost == usd("210")  # as if nothing were cached: 280 − half of (100 + 40)
    assert "cached tokens in the batch share billed at standard cache prices" not in cost.notes


def test_ties_prefer_the_labs_own_api():
    cat = Catalog.from_rows(
        models=[{"model_id": "lab/m", "name": "M", "lab": "lab"}],  # the lab's API is a maker route
        routes=[route("aggregator:lab/m"), route("zlab:lab/m")],
        prices=[
            price("aggregator:lab/m", input_mtok=1, output_mtok=2),
            price("zlab:lab/m", input_mtok=1, output_mtok=2),
        ],
        providers=[{"provider": "zlab", "name": "Lab", "kind": "first_party", "lab": "lab"}],
    )
    result = model_cost(cat, "lab/m", scenario("medium"))
    assert result.route.route_id == "zlab:lab/m" and result.route.first_party
    assert result.first_party_route is result.route


def test_batch_only_route_counts_only_for_all_batch_traffic():
    cat = catalog(
        [route("p:lab/m"), route("p:lab/m@batch") | {"variant": "batch"}],
        [
            price("p:lab/m", input_mtok=2, output_mtok=8),
            price("p:lab/m@batch", input_mtok=1, output_mtok=4),
        ],
    )
    assert model_cost(cat, "lab/m", scenario("medium")).route.route_id == "p:lab/m"
    all_batch = model_cost(cat, "lab/m", scenario("medium", batch_share=1))
    assert all_batch.route.route_id == "p:lab/m@batch" and all_batch.cost == usd("1900")
    alone = catalog(
        [route("p:lab/m@batch") | {"variant": "batch"}], [price("p:lab/m@batch", input_mtok=1, output_mtok=4)]
    )
    assert model_cost(alone, "lab/m", scenario("medium")).unavailable_reason == (
        "only batch routes (a batch share of 1 counts them)"
    )
