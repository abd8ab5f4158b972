"""The seed pair on the project's catalog (data/catalog), when it has been built."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

import pytest
from seed import SPARK, STEP

from analysis.catalog.schema import MANIFEST
from analysis.catalog.store import DEFAULT_PATH
from analysis.costs import break_even, cost_comparison, scenario

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
