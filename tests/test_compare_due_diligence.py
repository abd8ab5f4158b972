"""Due diligence on the real catalog, checked against known rows of the procurement snapshot
(data/raw/procurement/2026-12-01.procurement.tar.gz, providers.csv and licenses.csv)."""

from __future__ import annotations

from decimal import Decimal

import nbformat
import pytest

from analysis.catalog import Catalog, load
from analysis.catalog.settings import NOTEBOOK
from analysis.compare import pair_comparison
from analysis.compare.due_diligence import ASK, vendor_questions
from analysis.costs import model_cost, scenario
from analysis.costs.policy import route_policy
from analysis.costs.requirements import unmet
from analysis.narrative.verdict import verdict
from analysis.report import render

SPARK, STEP = "openai/gpt-5.3-codex-spark", "stepfun/step-3.5-flash"
SONNET, GPT5 = "anthropic/claude-sonnet-4-5", "openai/gpt-5"
TRAFFIC = scenario(input_tokens="500M", output_tokens="350M")
OPENAI_DATA = "https://developers.openai.com/docs/guides/your-data"


@pytest.fixture(scope="module")
def catalog():
    return load()


@pytest.fixture(scope="module")
def seed(catalog):
    return pair_comparison(catalog, SPARK, STEP, TRAFFIC, cost_detail=False).due_diligence


@pytest.fixture(scope="module")
def sonnet_gpt5(catalog):
    """With --require soc2 both headline routes are the makers' APIs (the cheaper routes have no
    SOC 2 fact): Claude on Anthropic, GPT-5 on OpenAI."""
    c = pair_comparison(
        catalog, SONNET, GPT5, TRAFFIC, policy=route_policy("trusted", "soc2"), cost_detail=False
    )
    assert (c.costs.comparison.a.cost, c.costs.comparison.b.cost) == (Decimal("6750"), Decimal("4125"))
    return c.due_diligence


def answers(section, key):
    row = section.row(key)
    return row.a.text, row.b.text


def test_seed_pair_routes_and_openai_facts(seed):
    assert seed.routes == ("openai:openai/gpt-5.3-codex-spark", "routing-run:stepfun/step-3.5-flash")
    training = seed.row("training").a
    assert (training.value, training.text, training.url) == (False, "No", OPENAI_DATA)
    assert seed.row("training").quote_a.startswith(
        "As of March 1, 2023, data sent to the OpenAI API is not used"
    )
    assert training.cite() == "procurement 2026-12-01, as of 2026-12-01"
    assert seed.row("retention").a.text == "30 days"
    assert seed.row("zdr").a.text == "On request"
    assert seed.row("soc2").a.url == "https://openai.com/security-and-privacy/"
    assert [seed.row(k).a.text for k in ("soc2", "iso27001", "hipaa", "gdpr")] == ["Yes"] * 4
    assert seed.row("regions").a.text == "US, EU, AU, IN, JP (regional API endpoints; eligible orgs)"


def test_sources_list_the_procurement_snapshot_once_per_answer_from_it(catalog):
    pair = pair_comparison(catalog, SPARK, STEP, TRAFFIC, cost_detail=False)
    entry = next(s for s in pair.sources.sources if s.source == "procurement")
    # OpenAI's 8 answers, and StepFun's one (the maker's API, shown beside routing.run's Unknowns)
    assert (entry.version, entry.as_of, entry.values) == ("2026-12-01", "2026-12-01", 9)


def test_seed_pair_unknowns_ask_the_vendor_and_are_never_no(seed):
    """routing.run has no row in the procurement data and no curated page was found for it."""
    for key in ("training", "retention", "zdr", "regions", "soc2", "iso27001", "hipaa", "gdpr"):
        b = seed.row(key).b
        assert (b.value, b.text, b.source) == (None, ASK, "")
    assert answers(seed, "license") == ("Proprietary", "Apache-2.0")
    assert seed.row("commercial_use").b.text == "Permitted (Apache-2.0)"
    assert seed.row("commercial_use").a.text == ASK
    assert seed.row("rate_limits").a.text.startswith(ASK)
    assert seed.blockers == ()
    assert "Signs a HIPAA BAA" in vendor_questions(seed)[1]


def test_the_makers_api_is_answered_beside_another_headline_route(catalog, seed):
    assert seed.maker_routes == ("", "stepfun:stepfun/step-3.5-flash")
    training = seed.row("training")
    assert training.maker_a is None
    assert (training.maker_b.text, training.maker_b.url) == (
        "Unclear (no training exclusion found in terms)",
        "https://cncsmonster.github.io/en/posts/stepfun-step-plan-data-training-policy/",
    )
    assert seed.row("soc2").maker_b.text == ASK
    assert seed.row("license").maker_b is None  # model questions do not depend on the route
    html = str(render.due_diligence(type("A", (), {"due_diligence": seed})()))
    assert "On StepFun (maker's API): Unclear (no training exclusion found in terms)" in html


def test_sonnet_and_gpt5_default_routes_are_the_makers_apis(catalog):
    d = pair_comparison(catalog, SONNET, GPT5, TRAFFIC, cost_detail=False).due_diligence
    # trusted routes: the headline routes are the makers' own APIs (no reseller to answer beside)
    assert d.routes == ("anthropic:anthropic/claude-sonnet-4-5", "openai:openai/gpt-5")
    assert d.maker_routes == ("", "")
    assert answers(d, "training") == ("No", "No")
    assert answers(d, "hipaa") == ("Yes", "Yes")


def test_sonnet_and_gpt5_on_their_makers_apis(sonnet_gpt5):
    d = sonnet_gpt5
    assert d.routes == ("anthropic:anthropic/claude-sonnet-4-5", "openai:openai/gpt-5")
    assert d.require == ("soc2",)
    assert d.maker_routes == ("", "")  # the headline routes are the makers' APIs
    assert answers(d, "training") == ("No", "No")
    assert d.row("training").quote_a == (
        "No utilizamos datos de API para entrenamiento (a menos que tengas un acuerdo con nosotros que "
        "indique lo contrario)."
    )
    assert answers(d, "retention") == ("30 days", "30 days")
    assert answers(d, "zdr") == ("On request", "On request")
    assert answers(d, "regions") == (
        "US (inference_geo=us); default global",
        "US, EU, AU, IN, JP (regional API endpoints; eligible orgs)",
    )
    for key in ("soc2", "iso27001", "hipaa", "gdpr"):
        assert answers(d, key) == ("Yes", "Yes")
    assert d.row("hipaa").b.url.startswith("https://help.openai.com/en/articles/8660679")


def test_lifecycle_names_the_retirement_date_and_blocks_near_ones(sonnet_gpt5):
    """LiteLLM's deprecation dates (chosen facts) fall within 180 days of the 2026-11-23 catalog."""
    assert answers(sonnet_gpt5, "lifecycle") == (
        "Deprecated, retires 2026-11-30",
        "Deprecated, retires 2026-12-11",
    )
    assert sonnet_gpt5.row("lifecycle").b.source == "litellm"
    assert sonnet_gpt5.blockers == (
        "Claude Sonnet 4.5 retires on Anthropic's API on 2026-11-30, 7 days after the price date 2026-11-23 "
        "(source: litellm 1.109.1, as of 2026-11-23).",
        "GPT-5 retires on OpenAI's API on 2026-12-11, 18 days after the price date 2026-11-23 "
        "(source: litellm 1.109.1, as of 2026-11-23).",
    )


def test_a_requirement_no_route_meets_is_a_blocker_and_the_makers_api_is_shown(catalog):
    c = pair_comparison(
        catalog, SPARK, STEP, TRAFFIC, policy=route_policy("trusted", "region:eu"), cost_detail=False
    )
    d = c.due_diligence
    assert d.routes == ("openai:openai/gpt-5.3-codex-spark", "stepfun:stepfun/step-3.5-flash")
    assert d.row("training").b.text == "Unclear (no training exclusion found in terms)"
    assert d.row("training").b.value == "unclear (no training exclusion found in terms)"
    assert d.blockers == (
        "Step 3.5 Flash: no priced route meets the requirements (region:eu): region:eu not confirmed "
        "on any of the 10 priced routes.",
    )


def test_rendered_section_escapes_and_cites(catalog, seed):
    analysis = type("A", (), {"due_diligence": seed})()
    html = str(render.due_diligence(analysis))
    assert "<h2>Due diligence</h2>" in html
    assert f'<a href="{OPENAI_DATA}">procurement 2026-12-01, as of 2026-12-01</a>' in html
    assert "Headline routes: GPT-5.3 Codex Spark on OpenAI" in html
    assert html.count(ASK) >= 8


def test_the_notebook_shows_the_section_right_after_friction():
    sources = [c.source for c in nbformat.read(NOTEBOOK, as_version=4).cells if c.cell_type == "code"]
    at = sources.index("render.friction(analysis)")
    assert sources[at + 1] == "render.due_diligence(analysis)"


RESEARCH = "Research License"
CONDITIONS = "any use not expressly authorized (e.g. commercial) needs a separate license"


def built_catalog(y_provider_kind: str) -> Catalog:
    """x: its maker's API (p) trains by default and retires in 22 days; y: open weights whose
    license (a row of the licenses table) does not allow commercial use, priced on provider q of
    kind ``y_provider_kind`` ("first_party": y's maker's API; "host": an inference host)."""
    prov = {
        "source": "t",
        "version": "1",
        "as_of": "2026-11-01",
        "locator": "here",
        "url": "https://t.example",
    }
    routes = [
        {"route_id": f"{p}:lab/{m}", "model_id": f"lab/{m}", "provider": p, "pricing_kind": "paid", **prov}
        for p, m in (("p", "x"), ("q", "y"))
    ]
    routes[0] |= {"status": "deprecated", "retirement_date": "2026-12-15", "lifecycle_source": "t:here"}
    prices = [
        {
            "route_id": r["route_id"],
            "tier_start": 0,
            "input_mtok": 1,
            "output_mtok": 1,
            "chosen": True,
            **prov,
        }
        for r in routes
    ]
    providers = [
        {"provider": "p", "name": "P", "kind": "first_party", "lab": "lab"},
        {
            "provider": "q",
            "name": "Q",
            "kind": y_provider_kind,
            "lab": "lab" if y_provider_kind == "first_party" else "",
        },
    ]
    return Catalog.from_rows(
        models=[
            {"model_id": "lab/x", "name": "X", "lab": "lab"},
            {"model_id": "lab/y", "name": "Y", "lab": "lab", "open_weights": True},
        ],
        providers=providers,
        routes=routes,
        prices=prices,
        facts=[
            {"model_id": "lab/x", "kind": "field", "field": "deprecation_date", "value": "2026-12-15"}
            | prov
            | {"chosen": True}
        ],
        provider_policies=[
            {
                "provider": "p",
                "field": "trains_on_api_data_by_default",
                "value": "yes (free tier)",
                "quote": "q",
            }
            | prov
        ],
        licenses=[
            {
                "model_id": "lab/y",
                "family": "Y",
                "license_name": RESEARCH,
                "commercial_use": "no",
                "conditions": CONDITIONS,
            }
            | prov
        ],
        manifest={"as_of": "2026-11-23"},
    )


def test_blockers_in_a_catalog_built_for_the_test():
    """On its maker's API, y's weights license is shown as such and blocks nothing: API use falls
    under the provider's terms."""
    c = pair_comparison(built_catalog("first_party"), "lab/x", "lab/y", TRAFFIC, cost_detail=False)
    d = c.due_diligence
    assert d.routes == ("p:lab/x", "q:lab/y")
    assert answers(d, "license") == (ASK, f"Weights license: {RESEARCH}")
    assert answers(d, "commercial_use") == (
        ASK,
        f"No under the weights license (self-hosting): {CONDITIONS}. API use falls under the provider's terms.",
    )
    assert d.row("commercial_use").b.value is False
    assert d.blockers == (
        "X on P: the provider trains on API data by default.",
        "X retires on P's API on 2026-12-15, 22 days after the price date 2026-11-23.",
    )
    assert not [r for r in verdict(c).risks if "commercial use" in r]


def test_a_weights_license_without_commercial_use_blocks_a_host_serving_the_weights():
    c = pair_comparison(built_catalog("host"), "lab/x", "lab/y", TRAFFIC, cost_detail=False)
    d = c.due_diligence
    assert c.costs.comparison.b.route_class(c.costs.comparison.b.route).name == "host"
    assert answers(d, "commercial_use")[1] == f"No under the weights license (self-hosting): {CONDITIONS}"
    assert d.blockers[-1] == (
        f"Y on Q: this route serves the weights, whose license ({RESEARCH}) does not allow commercial use."
    )
    assert d.blockers[-1] in verdict(c).risks


def test_rate_limits_come_from_the_headline_routes_own_entry(catalog):
    """LiteLLM gives Cloudflare Workers AI's routes 300 requests a minute; the maker's API none."""
    from analysis.compare.due_diligence import route_rate_limits
    from analysis.compare.profile import model_profile

    profile = model_profile(catalog, "alibaba/qwq-32b")
    routes = {r.route_id: r for r in model_cost(catalog, "alibaba/qwq-32b", TRAFFIC).routes}
    limits = route_rate_limits(profile, routes["cloudflare-workers-ai:alibaba/qwq-32b"])
    assert (limits.text, limits.source) == ("300 requests a minute", "litellm")
    other = next(r for rid, r in routes.items() if not rid.startswith("cloudflare"))
    assert route_rate_limits(profile, other).text == (
        "Unknown: ask the vendor (no source in the catalog gives this route's rate limits)"
    )


@pytest.mark.parametrize(
    "kind, answer",
    [("first_party", ("commercial-use not confirmed",)), ("host", ("commercial-use not met",))],
)
def test_commercial_use_requirement_reads_the_weights_license_only_where_the_weights_are_served(kind, answer):
    """--require commercial-use: on the maker's API the weights license settles nothing (API use is
    the provider's terms, which the catalog lacks), on a host serving the weights it is not met."""
    cat = built_catalog(kind)
    (route,) = model_cost(cat, "lab/y", TRAFFIC).routes
    assert unmet(cat, route, ("commercial-use",)) == answer
