"""Lifecycle: status and retirement per model and route, the scorecard row, page-one warnings,
and retired routes left out of the cheapest route."""

from __future__ import annotations

import pytest

from analysis.assemble import authority, lifecycle
from analysis.assemble.facts import Observation
from analysis.assemble.identity import Placed
from analysis.assemble.validate import errors
from analysis.catalog import Catalog, load
from analysis.compare import pair_comparison
from analysis.compare.lifecycle import lifecycle_warnings, status_and_retirement
from analysis.compare.profile import model_profile
from analysis.costs import model_cost, scenario
from analysis.narrative import pair_analysis
from analysis.sources.records import ModelRecord, Provenance

AS_OF = "2026-11-23"


@pytest.mark.parametrize(
    ("word", "retirement", "listed", "expected"),
    [
        ("", "2026-10-23", True, "retired"),
        ("", AS_OF, True, "retired"),
        ("beta", "2026-12-11", True, "deprecated"),
        ("deprecated", "", True, "deprecated"),
        ("beta", "", True, "preview"),
        ("alpha", "", False, "preview"),
        ("", "", True, "active"),
        ("", "", False, ""),
    ],
)
def test_status_rules(word, retirement, listed, expected):
    assert lifecycle.status(word, retirement, AS_OF, listed) == expected


def test_a_route_takes_its_lifecycle_from_the_first_record_that_states_one():
    def placed(source, **fields):
        prov = Provenance(source, "v", AS_OF, f"{source}-locator")
        return Placed(ModelRecord("m", "m", prov, provider="p", fields=fields), "lab/m", "", "p", 6)

    offers = [
        placed("genai-prices"),
        placed("litellm", deprecation_date="2025-08-31"),
        placed("models.dev", status="beta"),
    ]
    assert lifecycle.route_lifecycle(offers, AS_OF, {}) == {
        "status": "retired",
        "retirement_date": "2025-08-31",
        "lifecycle_source": "litellm:litellm-locator",
    }
    assert lifecycle.route_lifecycle(offers[:1], AS_OF, {})["status"] == "active"


# --- the rebuilt catalog ------------------------------------------------------------------


@pytest.fixture(scope="module")
def catalog():
    return load()


def test_gpt_5_status_comes_from_openais_own_entry_not_a_route_files_beta(catalog):
    gpt5 = catalog.model("openai/gpt-5")
    assert (gpt5["status"], gpt5["retirement_date"]) == ("deprecated", "2026-12-11")
    row = status_and_retirement(model_profile(catalog, "openai/gpt-5"))
    assert row.text == "Deprecated, retires 2026-12-11"
    assert (row.source, row.locator) == ("litellm", "gpt-5")


def test_retired_model_and_route(catalog):
    old = catalog.model("openai/gpt-4")
    assert (old["status"], old["status_date"], old["retirement_date"]) == (
        "retired",
        "2026-10-23",
        "2026-10-23",
    )
    routes = catalog.routes.set_index("route_id")
    azure = routes.loc["azure:deepseek/deepseek-v3"]
    assert (azure["status"], azure["retirement_date"]) == ("retired", "2025-08-31")
    assert azure["lifecycle_source"] == "litellm:azure_ai/deepseek-v3"
    # The model stays active: one cloud's retirement is not the maker's.
    assert catalog.model("deepseek/deepseek-v3")["status"] == "active"


def test_seed_pair_is_active_on_their_makers_apis(catalog):
    for model_id in ("stepfun/step-3.5-flash", "openai/gpt-5.3-codex-spark"):
        profile = model_profile(catalog, model_id)
        row = status_and_retirement(profile)
        assert (row.text, row.source) == ("Active", "models.dev")
        assert lifecycle_warnings(profile, AS_OF) == []


def test_lifecycle_warnings_for_a_maker_route_retiring_within_180_days(catalog):
    profile = model_profile(catalog, "openai/gpt-5")
    assert lifecycle_warnings(profile, AS_OF) == [
        "GPT-5 retires on OpenAI's API on 2026-12-11, 18 days after the price date 2026-11-23 "
        "(source: litellm 1.109.1, as of 2026-11-23)."
    ]
    assert lifecycle_warnings(profile, "2026-06-01") == []  # 193 days ahead
    assert lifecycle_warnings(profile, "2027-01-04") == [
        "GPT-5 is retired on OpenAI's API since 2026-12-11 (source: litellm 1.109.1, as of 2026-11-23)."
    ]


def test_scorecard_shows_status_and_retirement(catalog):
    pair = pair_comparison(catalog, "openai/gpt-5", "stepfun/step-3.5-flash", scenario("medium"))
    row = pair.scorecard.row("Status and retirement")
    assert (row.a.text, row.b.text) == ("Deprecated, retires 2026-12-11", "Active")


# --- costs: a retired route is never the cheapest ----------------------------------------

PROV = {"source": "test-source", "version": "v1", "as_of": AS_OF, "locator": "here"}


def hand_made(retirement_date: str = "2026-01-31", status: str = "retired") -> Catalog:
    routes = [
        {"route_id": "cheap:lab/m", "status": status, "retirement_date": retirement_date},
        {"route_id": "dear:lab/m", "status": "active", "retirement_date": ""},
    ]
    routes = [
        r
        | {
            "model_id": "lab/m",
            "provider": r["route_id"].split(":")[0],
            "variant": "",
            "pricing_kind": "paid",
            **PROV,
        }
        for r in routes
    ]
    prices = [
        {
            "route_id": rid,
            "tier_start": 0,
            "effective_from": "",
            "input_mtok": p,
            "output_mtok": p,
            **PROV,
            "chosen": True,
        }
        for rid, p in (("cheap:lab/m", 1.0), ("dear:lab/m", 2.0))
    ]
    return Catalog.from_rows(routes=routes, prices=prices, manifest={"as_of": AS_OF})


def test_a_retired_route_never_counts_as_the_cheapest():
    cost = model_cost(hand_made(), "lab/m", scenario("medium"))
    assert cost.route.route_id == "dear:lab/m"
    assert {r.route_id: r.retired for r in cost.routes} == {"cheap:lab/m": True, "dear:lab/m": False}
    # Before its retirement date the cheap route counts again.
    earlier = model_cost(hand_made(), "lab/m", scenario("medium", price_date="2026-01-30"))
    assert earlier.route.route_id == "cheap:lab/m"
    # A route whose source says retired without a date never counts.
    undated = model_cost(hand_made("", "retired"), "lab/m", scenario("medium", price_date="2020-01-01"))
    assert undated.route.route_id == "dear:lab/m"


def test_only_retired_routes_make_the_model_unavailable():
    cat = hand_made()
    cat.routes = cat.routes[cat.routes["route_id"] == "cheap:lab/m"]
    cost = model_cost(cat, "lab/m", scenario("medium"))
    assert cost.route is None
    assert cost.unavailable_reason == "only routes retired on 2026-11-23"


def test_gpt_4_on_its_retired_maker_route_is_warned_and_never_the_cheapest(catalog):
    assert lifecycle_warnings(model_profile(catalog, "openai/gpt-4"), AS_OF) == [
        "GPT-4 is retired on OpenAI's API since 2026-10-23 (source: litellm 1.109.1, as of 2026-11-23)."
    ]
    cost = model_cost(catalog, "openai/gpt-4", scenario("medium"))
    openai = next(r for r in cost.routes if r.route_id == "openai:openai/gpt-4")
    # It ties the cheapest ($36,000 a month), and the maker's API would win a tie: retired, it may not.
    assert (openai.retired, openai.cost) == (True, cost.cost)
    assert cost.route.route_id != openai.route_id and not cost.route.retired
    assert cost.first_party_route is None


def test_validation_names_a_status_outside_the_lifecycle_words():
    cat = Catalog.from_rows(
        models=[
            {
                "model_id": "lab/m",
                "name": "m",
                "lab": "lab",
                "status": "beta",
                "retirement_date": "2026-13-01",
            }
        ],
        manifest={"as_of": AS_OF},
    )
    assert set(errors(cat)) == {
        "models.csv: 'lab/m' field status: 'beta' is not one of ['active', 'deprecated', 'preview', 'retired'] (or empty)",
        "models.csv: 'lab/m' field retirement_date: '2026-13-01' is not a date (expected YYYY-MM-DD)",
    }


# --- the maker's own page (curated, maker_page yes) decides a maker route's lifecycle --------


def test_a_maker_page_fact_decides_a_maker_routes_lifecycle_and_no_other_route():
    prov = Provenance("genai-prices", "v", AS_OF, "x-ai/models/grok-4-0709")
    page_prov = Provenance("curated", "data/curated/facts.csv", "2026-12-01", "facts.csv line 19")
    page = {
        "deprecation_date": Observation(
            "xai/grok-4", "field", "deprecation_date", "2026-05-15", page_prov, authority.MAKER_PAGE
        )
    }

    def route(rank):
        record = ModelRecord("grok-4-0709", "grok-4-0709", prov, provider="xai", fields={})
        return [Placed(record, "xai/grok-4", "0709", "xai", rank)]

    assert lifecycle.route_lifecycle(route(authority.MAKER), AS_OF, page) == {
        "status": "retired",
        "retirement_date": "2026-05-15",
        "lifecycle_source": "curated:facts.csv line 19",
    }
    # A host's route keeps its own records' lifecycle: the maker's page speaks for the maker's API.
    assert lifecycle.route_lifecycle(route(authority.ROUTE), AS_OF, page)["status"] == "active"


@pytest.mark.parametrize(
    ("model_id", "maker_routes", "retired_on"),
    [
        ("xai/grok-4", ["xai:xai/grok-4@0709"], "2026-05-15"),
        (
            "anthropic/claude-opus-4-1",
            ["anthropic:anthropic/claude-opus-4-1", "anthropic:anthropic/claude-opus-4-1@2025-08-05"],
            "2026-08-05",
        ),
        ("mistral/mistral-large-2407", ["mistral:mistral/mistral-large-2407"], "2025-03-30"),
        (
            "mistral/mistral-nemo",
            ["mistral:mistral/mistral-nemo", "mistral:mistral/mistral-nemo@free"],
            "2026-07-31",
        ),
    ],
)
def test_models_their_makers_retired_are_retired_with_their_maker_routes(
    catalog, model_id, maker_routes, retired_on
):
    model = catalog.model(model_id)
    assert (model["status"], model["status_date"], model["retirement_date"]) == (
        "retired",
        retired_on,
        retired_on,
    )
    fact = catalog.facts.query("model_id == @model_id and field == 'deprecation_date' and chosen").iloc[0]
    assert (fact["source"], fact["value"]) == ("curated", retired_on)
    routes = catalog.routes.set_index("route_id")
    for route_id in maker_routes:
        row = routes.loc[route_id]
        assert (row["status"], row["retirement_date"]) == ("retired", retired_on)
        assert row["lifecycle_source"].startswith("curated:facts.csv line ")


def test_a_cloud_keeps_its_own_schedule_for_a_model_its_maker_retired(catalog):
    # Anthropic: "Partner-operated platforms (Amazon Bedrock and Vertex AI) set their own retirement schedules".
    bedrock = catalog.routes.set_index("route_id").loc["amazon-bedrock:anthropic/claude-opus-4-1@2025-08-05"]
    assert (bedrock["status"], bedrock["retirement_date"]) == ("deprecated", "2027-01-08")


def test_opus_4_1_is_shown_retired_and_never_costed_on_anthropics_api(catalog):
    analysis = pair_analysis(
        catalog, "google/gemini-2.5-pro", "anthropic/claude-opus-4-1", scenario("medium"), cost_detail=False
    )
    v = analysis.verdict
    assert v.maker == (
        "On the makers' own APIs no comparison can be made "
        "(Claude Opus 4.1: retired on its maker's own API since 2026-08-05)."
    )
    assert v.risks[0] == (
        "Claude Opus 4.1 is retired on Anthropic's API since 2026-08-05 (source: "
        "https://github.com/anthropics/skills/blob/9d2f1ae187231d8199c64b5b762e1bdf2244733d/skills/claude-api/"
        "shared/models.md, as of 2026-07-01)."
    )
    row = analysis.scorecard.row("Status and retirement")
    assert (row.a.text, row.b.text) == ("Active", "Retired on 2026-08-05")
    opus = analysis.pricing.b
    assert opus.first_party is None
    anthropic = next(r for r in opus.routes if r.route.route_id == "anthropic:anthropic/claude-opus-4-1")
    assert (anthropic.class_label, anthropic.cheapest) == ("maker API; retired 2026-08-05", False)
    cost = model_cost(catalog, "anthropic/claude-opus-4-1", scenario("medium"))
    assert cost.first_party_route is None and not cost.route.retired


def test_when_both_maker_routes_are_retired_the_verdict_says_so_and_costs_other_trusted_routes(catalog):
    v = pair_analysis(
        catalog, "xai/grok-4", "mistral/mistral-large-2407", scenario("medium"), cost_detail=False
    ).verdict
    assert v.maker == (
        "On the makers' own APIs no comparison can be made (Grok 4: retired on its maker's own API since "
        "2026-05-15; Mistral Large: retired on its maker's own API since 2025-03-30)."
    )
    assert v.trusted == (
        "On the best trusted routes Mistral Large is cheaper at this traffic: $3,100.00 a month on Amazon "
        "Bedrock, against $6,750.00 a month on Azure for Grok 4, $3,650.00 a month less."
    )
    assert v.risks[:2] == (
        "Grok 4 is retired on xAI's API since 2026-05-15 (source: "
        "https://docs.x.ai/developers/migration/may-15-retirement, as of 2026-12-01).",
        "Mistral Large is retired on Mistral's API since 2025-03-30 (source: https://github.com/mistralai/"
        "platform-docs-public/blob/222f4ba9114f84ce9f2d718b9a12fbac1e527f4b/src/schema/models/models/"
        "mistral-large-2-0-24-07.ts, as of 2026-08-21).",
    )
