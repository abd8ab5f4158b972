"""Requirements (``--require``) pick the headline route: a small catalog built for the test."""

from __future__ import annotations

from decimal import Decimal

import pytest

from analysis.catalog import Catalog
from analysis.costs import model_cost, scenario
from analysis.costs.policy import route_policy
from analysis.costs.requirements import met, unmet
from analysis.errors import ParameterError

PROV = {"source": "test-source", "version": "v1", "as_of": "2026-12-01", "locator": "here"}
MODEL = "lab/m"
MONTH = scenario(input_tokens=1_000_000, output_tokens=1_000_000)  # cost = input + output price


def route(provider: str) -> dict:
    route_id = f"{provider}:{MODEL}"
    return {"route_id": route_id, "model_id": MODEL, "provider": provider, "pricing_kind": "paid", **PROV}


def price(provider: str, usd: float) -> dict:
    return {"route_id": f"{provider}:{MODEL}", "tier_start": 0, "input_mtok": usd, "output_mtok": usd} | {
        **PROV,
        "chosen": True,
    }


def fact(provider: str, field: str, value: str, route_id: str = "") -> dict:
    return {
        "provider": provider,
        "route_id": route_id,
        "field": field,
        "value": value,
        "quote": f"{provider} says {value}",
        **PROV,
        "url": f"https://{provider}.example/trust",
    }


@pytest.fixture
def cat() -> Catalog:
    """cheap ($2): no policy facts; safe ($10): no training, SOC 2, EU; asks ($6): ZDR on request,
    trains by default; a route of safe with its own override that says it trains."""
    providers = ("cheap", "safe", "asks")
    return Catalog.from_rows(
        models=[{"model_id": MODEL, "name": "M", "open_weights": True}],
        routes=[route(p) for p in providers],
        prices=[price("cheap", 1), price("safe", 5), price("asks", 3)],
        provider_policies=[
            fact("safe", "trains_on_api_data_by_default", "no"),
            fact("safe", "soc2_type2", "yes"),
            fact("safe", "data_residency_regions", "EU (default); optional US API endpoint"),
            fact("asks", "zero_data_retention_available", "on request"),
            fact("asks", "trains_on_api_data_by_default", "yes (free tier)"),
        ],
        licenses=[
            {"model_id": MODEL, "family": "M", "license_name": "MIT License", "commercial_use": "yes", **PROV}
        ],
        manifest={"as_of": "2026-12-01"},
    )


def cost(cat: Catalog, require: str):
    return model_cost(cat, MODEL, MONTH, route_policy("trusted", require))


def test_without_requirements_the_cheapest_route_wins(cat):
    c = cost(cat, "")
    assert (c.route.route_id, c.cost) == ("cheap:lab/m", Decimal(2))


@pytest.mark.parametrize("require", ["no-training", "soc2", "region:eu", "region:us", "soc2,region:eu"])
def test_a_requirement_moves_the_cost_to_the_route_that_meets_it(cat, require):
    c = cost(cat, require)
    assert (c.route.route_id, c.cost) == ("safe:lab/m", Decimal(10))


def test_model_requirements_read_the_model_and_its_license(cat):
    c = cost(cat, "open-weights,commercial-use")
    assert c.route.route_id == "cheap:lab/m"


def test_unknown_and_on_request_are_not_confirmed_and_a_no_is_not_met(cat):
    routes = {r.route_id: r for r in cost(cat, "").routes}
    assert unmet(cat, routes["cheap:lab/m"], ("no-training", "zdr")) == (
        "no-training not confirmed",
        "zdr not confirmed",
    )
    assert unmet(cat, routes["asks:lab/m"], ("no-training", "zdr")) == (
        "no-training not met",
        "zdr not confirmed",
    )
    assert unmet(cat, routes["safe:lab/m"], ("no-training", "soc2", "region:eu")) == ()


def test_no_route_meeting_the_requirements_names_the_one_that_fails(cat):
    c = cost(cat, "soc2,zdr")
    assert c.route is None and c.cost is None
    assert c.unavailable_reason == (
        "no priced route meets the requirements (soc2, zdr): zdr not confirmed on any of the 3 priced routes"
    )


def test_a_route_override_beats_its_providers_fact(cat):
    override = fact("safe", "trains_on_api_data_by_default", "yes", route_id="safe:lab/m")
    small = Catalog.from_rows(
        routes=cat.routes.to_dict("records"),
        provider_policies=[*cat.provider_policies.to_dict("records"), override],
    )
    (safe,) = [r for r in cost(cat, "").routes if r.provider == "safe"]
    assert met(cat, safe, "no-training") is True
    assert met(small, safe, "no-training") is False


@pytest.mark.parametrize(
    ("require", "message"),
    [
        (
            "region:mars",
            "requirement 'region:mars' is unknown: expected some of no-training, zdr, region:eu, "
            "region:us, soc2, iso27001, hipaa, open-weights, commercial-use",
        ),
        (
            "soc2,fast",
            "requirement 'fast' is unknown: expected some of no-training, zdr, region:eu, "
            "region:us, soc2, iso27001, hipaa, open-weights, commercial-use",
        ),
    ],
)
def test_a_bad_requirement_is_one_clear_line(require, message):
    with pytest.raises(ParameterError) as err:
        route_policy("trusted", require)
    assert str(err.value) == message and "\n" not in str(err.value)
