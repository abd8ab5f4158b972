"""Route classes and the route policy on the real catalog: who may carry a headline cost."""

from __future__ import annotations

import csv
from decimal import Decimal

import pytest

from analysis.catalog import load
from analysis.catalog.store import DEFAULT_PATH
from analysis.compare import pair_comparison
from analysis.costs import break_even, cost_comparison, model_cost, scenario
from analysis.costs.cheapest import unavailable_reason
from analysis.costs.policy import RoutePolicy
from analysis.costs.route_classes import (
    CLASSES,
    CONSUMER,
    GATEWAY,
    HOST,
    MAKER,
    RESELLER,
    TABLE_KINDS,
    provider_class,
)

SONNET, GPT5, GEMINI = "anthropic/claude-sonnet-4-5", "openai/gpt-5", "google/gemini-2.5-pro"
SPARK, STEP = "openai/gpt-5.3-codex-spark", "stepfun/step-3.5-flash"
# The issue's scenario: 2B input and 200M output tokens a month, half the input read from cache.
CACHED = scenario(input_tokens="2B", output_tokens="200M", cache_read_share=0.5)


@pytest.fixture(scope="module")
def catalog():
    return load()


def classes(catalog, model_id):
    cost = model_cost(catalog, model_id, CACHED)
    return {
        r.route_id.split(":", 1)[0] + ("@" + r.variant if r.variant else ""): cost.route_class(r)
        for r in cost.routes
    }


def test_every_provider_with_a_route_has_a_class(catalog):
    kinds = set(catalog.providers["kind"])
    assert kinds <= set(TABLE_KINDS), kinds - set(TABLE_KINDS)
    assert {provider_class(catalog, p) for p in catalog.providers["provider"]} <= set(CLASSES)
    assert provider_class(catalog, "poe") == CONSUMER
    assert provider_class(catalog, "opencode") == RESELLER
    assert provider_class(catalog, "qihang-ai") == RESELLER
    assert provider_class(catalog, "openrouter") == GATEWAY


def test_resellers_and_consumer_apps_are_not_trusted_for_closed_models(catalog):
    sonnet, gpt5 = classes(catalog, SONNET), classes(catalog, GPT5)
    assert sonnet["qihang-ai@2025-09-29"].name == RESELLER and not sonnet["qihang-ai@2025-09-29"].trusted
    assert "far below" in sonnet["qihang-ai@2025-09-29"].note
    assert gpt5["opencode"].name == RESELLER and not gpt5["opencode"].trusted
    assert gpt5["poe"].name == CONSUMER and "point balance" in gpt5["poe"].note
    assert sonnet["anthropic"].name == MAKER and sonnet["anthropic"].trusted
    assert sonnet["amazon-bedrock"].trusted and sonnet["amazon-bedrock"].label == "cloud"


def test_a_host_of_a_closed_model_is_a_reseller_and_of_open_weights_a_host(catalog):
    assert classes(catalog, GPT5)["digitalocean"].name == RESELLER
    step = classes(catalog, STEP)
    assert step["siliconflow"].name == HOST and step["siliconflow"].trusted
    assert step["nvidia"].name == "free" and not step["nvidia"].trusted


def test_a_gateway_of_a_closed_model_is_trusted_only_at_the_makers_price(catalog):
    gpt5 = classes(catalog, GPT5)
    assert gpt5["openrouter"].name == GATEWAY and gpt5["openrouter"].trusted  # $1.25 / $10, as OpenAI
    assert gpt5["zenmux"].name == RESELLER  # cache reads at $0.12 against OpenAI's $0.125
    assert gpt5["zenmux"].note == "sells below the maker's own cache-read price"
    assert classes(catalog, GEMINI)["openrouter@batch"].trusted  # Google's batch prices


def test_the_issues_pair_on_trusted_routes(catalog):
    both = cost_comparison(catalog, SONNET, GPT5, CACHED)
    sonnet, gpt5 = both.a, both.b
    assert sonnet.route.provider not in ("qihang-ai", "opencode", "poe")
    assert gpt5.route.provider not in ("qihang-ai", "opencode", "poe")
    assert (sonnet.first_party_route.provider, sonnet.first_party_route.cost) == (
        "anthropic",
        Decimal("6300"),
    )
    assert (gpt5.first_party_route.provider, gpt5.first_party_route.cost) == ("openai", Decimal("3375"))
    assert sonnet.trusted_route.cost == Decimal("6300") and gpt5.trusted_route.cost == Decimal("3375")
    assert both.cheaper == GPT5


def test_gemini_cheapest_trusted_route_is_not_poe(catalog):
    gemini = model_cost(catalog, GEMINI, CACHED)
    assert gemini.route.provider == "google" and gemini.cost == Decimal("3375")
    everything = model_cost(catalog, GEMINI, CACHED, RoutePolicy("all"))
    assert everything.route.provider != "poe"  # a consumer app, never chosen
    assert everything.cost == Decimal("3375")


def test_policies_maker_and_all(catalog):
    gpt5_all = model_cost(catalog, GPT5, CACHED, RoutePolicy("all"))
    assert (gpt5_all.route.provider, gpt5_all.cost) == ("opencode", Decimal("2877"))
    sonnet_all = model_cost(catalog, SONNET, CACHED, RoutePolicy("all"))
    assert (sonnet_all.route.provider, sonnet_all.cost) == ("qihang-ai", Decimal("1288"))
    step = model_cost(catalog, STEP, scenario("medium"), RoutePolicy("maker"))
    assert (step.route.provider, step.cost) == ("stepfun", Decimal("155"))


def test_seed_pair_stays(catalog):
    both = cost_comparison(catalog, SPARK, STEP, scenario("medium"))
    assert (both.a.route.provider, both.a.cost) == ("openai", Decimal("5775"))
    assert (both.b.route.provider, both.b.cost) == ("routing-run", Decimal("148.80"))
    assert both.b.route_class(both.b.route).name == GATEWAY  # open weights: any gateway is trusted


def test_a_model_with_only_untrusted_routes_says_how_to_count_them(catalog):
    cost = model_cost(catalog, GPT5, CACHED)
    reseller_only = tuple(r for r in cost.routes if r.provider == "opencode")
    reason = unavailable_reason(GPT5, reseller_only, cost.classes, cost.policy, cost.price_date)
    assert reason == ("no trusted route: its priced routes are resellers (--routes all counts them)")


def test_the_body_lists_trusted_routes_one_per_provider(catalog):
    pair = pair_comparison(catalog, SONNET, GPT5, CACHED, cost_detail=False)
    body = pair.pricing.to_frame(trusted_only=True)
    assert len(pair.pricing.to_frame()) == len(pair.pricing.a.routes) + len(pair.pricing.b.routes)
    for name in pair.names:
        rows = body[body["Model"] == name]
        assert 0 < len(rows) <= 8 and rows["Provider"].is_unique
        assert rows.iloc[0]["Monthly cost"].endswith("(used)")
    assert not body["Provider"].isin(["QiHang", "OpenCode Zen", "Poe"]).any()
    assert not body["Class"].str.startswith(("reseller", "consumer", "free")).any()


def test_the_reviewed_table_lists_every_provider_with_a_route(catalog):
    with (DEFAULT_PATH.parent / "curated" / "providers.csv").open(encoding="utf-8") as f:
        listed = {row["provider"] for row in csv.DictReader(f)}
    assert set(catalog.routes["provider"]) <= listed


def test_break_evens_follow_the_route_policy(catalog):
    trusted = break_even(catalog, SONNET, GPT5, CACHED)
    everything = break_even(catalog, SONNET, GPT5, CACHED, RoutePolicy("all"))
    cache = [b for b in trusted if b.input == "cache_read_share"]
    assert cache[0].explanation == f"none: {GPT5} is cheaper at every cache-read share from 0% to 100%"
    cache = [b for b in everything if b.input == "cache_read_share"]
    assert cache[0].explanation == f"none: {SONNET} is cheaper at every cache-read share from 0% to 100%"
