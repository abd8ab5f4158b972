"""Compare rules on small hand-made catalogs: every rule, and the edge cases the real data lacks."""

from __future__ import annotations

from decimal import Decimal

import pytest

from analysis.catalog import Catalog
from analysis.compare import pair_comparison
from analysis.compare.capabilities import ALWAYS_SHOWN
from analysis.compare.cited import Cited
from analysis.costs import scenario
from analysis.costs.policy import RoutePolicy
from analysis.errors import ParameterError

TRAFFIC = scenario(input_tokens="500M", output_tokens="350M")
PROV = {"source": "models.dev", "version": "abc1234", "as_of": "2026-01-01", "locator": "x.toml", "url": ""}
MANIFEST = {
    "as_of": "2026-06-01",
    "content_hash": "f" * 64,
    "schema_version": 1,
    "sources": [{"source": "models.dev", "version": "abc1234", "as_of": "2026-01-01", "license": "MIT"}],
}
BASE = {
    "context_window": 128_000,
    "max_output": 32_000,
    "input_modalities": "text",
    "output_modalities": "text",
    "open_weights": False,
    "release_date": "2026-01-01",
    "product_type": "Standalone API model",
}
PROVIDERS = [
    {"provider": "alpha", "name": "Alpha Cloud", "kind": "first_party", "lab": "lab-a"},
    {"provider": "beta", "name": "Beta Router", "kind": "gateway"},
    {"provider": "gamma", "name": "Gamma Host", "kind": "host"},
]


def model(model_id: str, caps: dict[str, bool] | None = None, **fields) -> dict:
    """A model spec: its fields (BASE unless overridden; None drops one) and capabilities."""
    values = {k: v for k, v in (BASE | fields).items() if v is not None}
    return {
        "model_id": model_id,
        "lab": model_id.split("/")[0],
        "name": model_id.split("/")[1].title(),
        **values,
    } | {"caps": caps or {}}


def route(model_id: str, provider: str, input_mtok=None, output_mtok=None, kind="paid", **extra) -> dict:
    """A route spec with its one base price row (none when both prices are None)."""
    return {
        "model_id": model_id,
        "provider": provider,
        "kind": kind,
        "prices": {"input_mtok": input_mtok, "output_mtok": output_mtok, **extra},
    }


def score(model_id: str, benchmark: str, value: float, variant="", unit="percent", date="2026-02-01", **prov):
    """A benchmark row."""
    return {
        "model_id": model_id,
        "benchmark": benchmark,
        "variant": variant,
        "score": value,
        "unit": unit,
        "date": date,
        "self_reported": False,
        "raw_name": model_id,
        **(PROV | prov),
    }


def make_catalog(*models: dict, routes=(), benchmarks=(), conflicts=()) -> Catalog:
    """A small catalog: models with chosen facts and capabilities, routes with prices."""
    model_rows, facts, capabilities = [], [], []
    for m in models:
        caps = m["caps"]
        row = {k: v for k, v in m.items() if k != "caps"}
        model_rows.append(row)
        for field, value in row.items():
            if field not in ("model_id", "lab"):
                text = str(value).lower() if isinstance(value, bool) else str(value)
                facts.append(
                    {
                        "model_id": m["model_id"],
                        "kind": "field",
                        "field": field,
                        "value": text,
                        **PROV,
                        "chosen": True,
                    }
                )
        capabilities += [
            {"model_id": m["model_id"], "capability": c, "value": v, **PROV} for c, v in caps.items()
        ]
    route_rows, price_rows = [], []
    for r in routes:
        route_id = f"{r['provider']}:{r['model_id']}"
        route_rows.append(
            {
                "route_id": route_id,
                "model_id": r["model_id"],
                "provider": r["provider"],
                "pricing_kind": r["kind"],
                **PROV,
            }
        )
        if any(v is not None for v in r["prices"].values()):
            price_rows.append({"route_id": route_id, "tier_start": 0, **r["prices"], **PROV, "chosen": True})
    return Catalog.from_rows(
        manifest=MANIFEST,
        models=model_rows,
        facts=facts,
        capabilities=capabilities,
        routes=route_rows,
        prices=price_rows,
        benchmarks=list(benchmarks),
        conflicts=list(conflicts),
        providers=PROVIDERS,
    )


def compared(catalog: Catalog, a="lab-a/one", b="lab-b/two", **kwargs):
    return pair_comparison(catalog, a, b, TRAFFIC, cost_detail=False, **kwargs)


def rules(bullets) -> list[str]:
    return [t.rule for t in bullets]


# --- Costs and pricing -------------------------------------------------------------------------


def test_missing_price_is_unavailable_with_reason_never_zero():
    catalog = make_catalog(
        model("lab-a/one"),
        model("lab-b/two"),
        routes=[route("lab-a/one", "alpha", 1.0, 2.0), route("lab-b/two", "beta", input_mtok=0.5)],
    )
    c = compared(catalog)
    assert c.costs.a.monthly.text == "$1,200.00"
    assert c.costs.b.monthly.value is None and c.costs.b.monthly.text == "Unavailable"
    assert "no output price" in c.costs.b.unavailable_reason
    assert not c.costs.delta.known and not c.costs.ratio.known and c.costs.cheaper is None
    assert "cost" not in rules(c.tradeoffs.a) + rules(c.tradeoffs.b)
    partial = c.pricing.b.routes[0]
    assert (partial.input.text, partial.output.text) == ("$0.50 / 1M tokens", "Unknown")
    assert partial.monthly.text == "Unavailable" and not partial.cheapest
    assert c.scorecard.row("Cheapest output").b.text == "Unknown"


def test_model_without_routes():
    catalog = make_catalog(
        model("lab-a/one"), model("lab-b/two"), routes=[route("lab-a/one", "alpha", 1.0, 2.0)]
    )
    c = compared(catalog)
    assert c.pricing.b.routes == ()
    assert c.scorecard.row("Provider routes").b.text == "0 routes, 0 priced"
    assert c.scorecard.row("Provider routes").a.text == "1 route, 1 priced"
    assert "no routes for lab-b/two" in c.costs.b.unavailable_reason
    for friction in (c.friction.a_to_b, c.friction.b_to_a):
        assert friction.shared_providers == ()
        assert friction.reasons[0].severity == "medium"
    assert c.friction.a_to_b.reasons[0].text.startswith("No provider in the catalog serves both models")
    assert c.friction.b_to_a.reasons[0].text == "No provider serves both models this way either."


def test_cost_bullet_delta_and_ratio():
    catalog = make_catalog(
        model("lab-a/one"),
        model("lab-b/two", open_weights=True),  # a gateway and a host of open weights: trusted
        routes=[
            route("lab-a/one", "alpha", 1.75, 14.0),
            route("lab-b/two", "beta", 0.1, 0.3),
            route("lab-b/two", "gamma", 0.2, 0.5),
        ],
    )
    c = compared(catalog)
    assert (c.costs.a.monthly.text, c.costs.b.monthly.text) == ("$5,775.00", "$155.00")
    assert c.costs.b.route_id == "beta:lab-b/two" and c.costs.b.provider == "Beta Router"
    assert c.costs.delta.value == Decimal("-5620") and c.costs.delta.text == "-$5,620.00"
    assert c.costs.ratio.text == "37.3×" and c.costs.cheaper == "b"
    (bullet,) = [t for t in c.tradeoffs.b if t.rule == "cost"]
    assert "$155.00 a month on Beta Router" in bullet.text and "37.3× less" in bullet.text
    assert [f.text for f in bullet.facts] == ["$155.00", "$5,775.00"]
    assert all(f.source == "models.dev" for f in bullet.facts)


def test_a_gateway_or_host_of_closed_weights_never_carries_the_cost():
    catalog = make_catalog(
        model("lab-a/one"),
        model("lab-b/two"),
        routes=[route("lab-a/one", "alpha", 1.75, 14.0), route("lab-b/two", "beta", 0.1, 0.3)],
    )
    c = compared(catalog)
    assert c.costs.b.monthly.text == "Unavailable" and c.costs.cheaper is None
    assert c.costs.b.unavailable_reason == (
        "no trusted route: its priced routes are resellers (--routes all counts them)"
    )
    (beta,) = c.pricing.b.routes
    assert beta.class_note == "reseller: no maker price to check this gateway's price against"
    assert not beta.eligible
    everything = compared(catalog, policy=RoutePolicy("all"))
    assert everything.costs.b.monthly.text == "$155.00" and everything.costs.cheaper == "b"


def test_free_routes_do_not_set_the_cheapest_price():
    catalog = make_catalog(
        model("lab-a/one"),
        model("lab-b/two"),
        routes=[
            route("lab-a/one", "alpha", 1.0, 2.0),
            route("lab-a/one", "beta", kind="free"),
            route("lab-b/two", "beta", 1, 1),
        ],
    )
    c = compared(catalog)
    free = next(r for r in c.pricing.a.routes if r.route.provider == "beta")
    assert (free.input.text, free.monthly.text, free.eligible) == ("Free", "$0.00", False)
    assert c.scorecard.row("Cheapest input").a.text == "$1.00 / 1M tokens (Alpha Cloud)"
    assert c.costs.a.route_id == "alpha:lab-a/one"


# --- Capabilities ------------------------------------------------------------------------------


def test_capabilities_ten_first_and_unknown_is_never_no():
    catalog = make_catalog(
        model("lab-a/one", {"function_calling": True, "web_search": False}),
        model("lab-b/two", {"function_calling": False, "tool_choice": True}),
    )
    c = compared(catalog)
    ids = [r.capability for r in c.capabilities.rows]
    assert tuple(ids[:10]) == ALWAYS_SHOWN and ids[10:] == ["web_search"]
    labels = [r.label for r in c.capabilities.rows[:10]]
    assert labels[4] == "Tool use" and "tool_choice" in c.capabilities.rows[4].meaning
    tool = c.capabilities.row("tool_choice")
    assert (tool.a.text, tool.b.text) == ("Unknown", "Yes") and tool.a.value is None
    assert c.capabilities.row("web_search").b.text == "Unknown"
    frame = c.capabilities.to_frame()
    assert list(frame.iloc[3, :3]) == ["Function calling", "Yes", "No"]
    assert frame.iloc[3, 3] == "models.dev abc1234, as of 2026-01-01"


def test_identical_capabilities_and_shared_provider_give_low_friction_and_no_capability_bullets():
    caps = {"function_calling": True, "structured_outputs": True, "vision": False}
    catalog = make_catalog(
        model("lab-a/one", caps),
        model("lab-b/two", caps),
        routes=[route("lab-a/one", "beta", 1, 1), route("lab-b/two", "beta", 1, 1)],
    )
    c = compared(catalog)
    for side in (c.tradeoffs.a, c.tradeoffs.b):
        assert not {"capability", "capability_unconfirmed"} & set(rules(side))
    for friction in (c.friction.a_to_b, c.friction.b_to_a):
        assert friction.level == "low"
        assert friction.shared_providers == ("Beta Router",)
        assert friction.lost == friction.gained == friction.unverified == ()
    assert "Beta Router serves both models" in c.friction.a_to_b.reasons[0].text
    assert (
        c.friction.b_to_a.reasons[0].text
        == "The same provider serves both models: a change of model id there."
    )


@pytest.mark.parametrize(
    ("lost", "level"),
    [
        ("function_calling", "high"),
        ("structured_outputs", "high"),
        ("vision", "high"),
        ("reasoning", "medium"),
    ],
)
def test_friction_level_from_a_lost_capability(lost, level):
    catalog = make_catalog(
        model("lab-a/one", {lost: True}, input_modalities=None),
        model("lab-b/two", {lost: False}, input_modalities=None),
        routes=[route("lab-a/one", "beta", 1, 1), route("lab-b/two", "beta", 1, 1)],
    )
    c = compared(catalog)
    assert c.friction.a_to_b.level == level and c.friction.a_to_b.lost == (lost,)
    assert c.friction.b_to_a.level == "low" and c.friction.b_to_a.gained == (lost,)
    (only,) = [t for t in c.tradeoffs.a if t.rule == "capability"]
    assert only.text.endswith("Two does not.") and [f.text for f in only.facts] == ["Yes", "No"]


def test_unknown_target_capability_is_medium_and_unconfirmed():
    catalog = make_catalog(
        model("lab-a/one", {"code_execution": True}),
        model("lab-b/two"),
        routes=[route("lab-a/one", "beta", 1, 1), route("lab-b/two", "beta", 1, 1)],
    )
    c = compared(catalog)
    assert c.friction.a_to_b.level == "medium" and c.friction.a_to_b.unverified == ("code_execution",)
    assert "does not say whether Two supports code execution" in c.friction.a_to_b.reasons[1].text
    assert rules(c.tradeoffs.a) == ["capability_unconfirmed"]


@pytest.mark.parametrize(("target", "level"), [(63_999, "high"), (64_000, "medium"), (128_000, "low")])
def test_context_shrink(target, level):
    catalog = make_catalog(
        model("lab-a/one"),
        model("lab-b/two", context_window=target),
        routes=[route("lab-a/one", "beta", 1, 1), route("lab-b/two", "beta", 1, 1)],
    )
    friction = compared(catalog).friction.a_to_b
    assert friction.level == level
    if target < 128_000:
        assert f"shrinks from 128,000 tokens to {target:,}" in friction.reasons[1].text


def test_modality_loss_image_is_high_and_leaves_vision_to_the_modality_rule():
    catalog = make_catalog(
        model("lab-a/one", {"vision": True}, input_modalities="text;image;pdf"),
        model("lab-b/two", {"vision": False}),
        routes=[route("lab-a/one", "beta", 1, 1), route("lab-b/two", "beta", 1, 1)],
    )
    c = compared(catalog)
    friction = c.friction.a_to_b
    assert friction.level == "high" and friction.lost == ()
    assert "Two does not take image or PDF input, which One does." in [r.text for r in friction.reasons]
    (bullet,) = c.tradeoffs.a
    assert (bullet.rule, bullet.text) == (
        "modality",
        "One accepts image and PDF input; Two's input is text only.",
    )


# --- Tradeoffs ---------------------------------------------------------------------------------


def test_limits_open_weights_cutoff_and_tags_bullets():
    catalog = make_catalog(
        model("lab-a/one", knowledge_cutoff="2025-08-31", tags="Coding;Vision"),
        model(
            "lab-b/two",
            context_window=256_000,
            max_output=256_000,
            open_weights=True,
            license="Apache-2.0",
            knowledge_cutoff="2025-01",
            tags="Coding;Long context",
        ),
    )
    c = compared(catalog)
    texts = {t.rule: t.text for t in (*c.tradeoffs.a, *c.tradeoffs.b)}
    assert rules(c.tradeoffs.a) == ["knowledge_cutoff", "tags"]
    assert rules(c.tradeoffs.b) == ["context", "open_weights", "max_output", "tags"]  # by weight
    assert texts["context"] == "Two has the larger context window: 256,000 tokens against 128,000 (2.0×)."
    assert texts["max_output"] == "Two can write longer outputs: 256,000 tokens against 32,000 (8.0×)."
    assert texts["open_weights"] == (
        "Two has open weights under Apache-2.0, so it can be self-hosted; One's are closed."
    )
    assert texts["knowledge_cutoff"] == "One has the later knowledge cutoff: 2025-08-31 against 2025-01."
    assert c.tradeoffs.b[-1].text == "The catalog's decision-fit tags give Two Long context, which One lacks."


def test_same_month_cutoffs_are_not_compared():
    catalog = make_catalog(
        model("lab-a/one", knowledge_cutoff="2025-01-31"), model("lab-b/two", knowledge_cutoff="2025-01")
    )
    c = compared(catalog)
    assert "knowledge_cutoff" not in rules(c.tradeoffs.a) + rules(c.tradeoffs.b)


def test_open_weights_unknown_on_the_other_side():
    catalog = make_catalog(model("lab-a/one", open_weights=True), model("lab-b/two", open_weights=None))
    (bullet,) = [t for t in compared(catalog).tradeoffs.a if t.rule == "open_weights"]
    assert bullet.text.endswith("the catalog does not say whether Two's are open.")


# --- Benchmarks --------------------------------------------------------------------------------


def test_no_shared_benchmarks_when_variant_or_unit_differ():
    catalog = make_catalog(
        model("lab-a/one"),
        model("lab-b/two"),
        benchmarks=[
            score("lab-a/one", "SWE-Bench Verified", 70.0, variant="high"),
            score("lab-b/two", "SWE-Bench Verified", 74.4),
            score("lab-a/one", "GPQA", 0.8, unit="score"),
            score("lab-b/two", "GPQA", 80.0),
        ],
    )
    c = compared(catalog)
    assert c.benchmarks.shared == ()
    assert len(c.benchmarks.only_a) == len(c.benchmarks.only_b) == 2
    assert c.scorecard.row("Shared benchmarks").a.text == "0 shared"
    assert "benchmark" not in rules(c.tradeoffs.a) + rules(c.tradeoffs.b)
    assert c.benchmarks.to_frame().empty and len(c.benchmarks.others_frame()) == 4


def test_shared_benchmark_newest_per_source_and_same_source_pairing():
    catalog = make_catalog(
        model("lab-a/one"),
        model("lab-b/two"),
        benchmarks=[
            score("lab-a/one", "SciCode", 30.0, date="2025-01-01"),
            score("lab-a/one", "SciCode", 40.4, date="2026-06-02"),
            score("lab-a/one", "SciCode", 39.0, source="epoch"),
            score("lab-b/two", "SciCode", 35.0),
            score("lab-b/two", "Index", 50.0, unit=""),
            score("lab-a/one", "Index", 60.0, unit=""),
        ],
    )
    c = compared(catalog)
    by_label = {s.label: s for s in c.benchmarks.shared}
    sci = by_label["SciCode"]
    assert (sci.a.value, sci.b.value, sci.a.provenance.source) == (40.4, 35.0, "models.dev")
    assert sci.leader == "a" and by_label["Index"].leader is None
    assert [s.provenance.source for s in c.benchmarks.only_a] == ["epoch"]
    (bullet,) = [t for t in c.tradeoffs.a if t.rule == "benchmark"]
    assert (
        bullet.text == "One scores higher on 1 of 2 headline shared benchmarks: SciCode, 40.4% against 35%."
    )
    assert c.scorecard.row("Shared benchmarks").b.text == "2 shared"


def test_self_reported_scores_are_marked():
    catalog = make_catalog(
        model("lab-a/one"),
        model("lab-b/two"),
        benchmarks=[score("lab-a/one", "X", 50.0) | {"self_reported": True}, score("lab-b/two", "X", 40.0)],
    )
    c = compared(catalog)
    assert c.tradeoffs.a[0].text == (
        "One scores higher on the one shared benchmark: X, 50% against 40% (One's score self-reported)."
    )
    frame = c.benchmarks.to_frame()
    assert frame.iloc[0]["One source"].endswith("(self-reported)")
    assert frame.iloc[0]["Two source"].endswith("(independent)")


# --- Sections, sources, entry points -----------------------------------------------------------


def test_specs_cite_every_known_value_and_show_unknown():
    catalog = make_catalog(
        model("lab-a/one", params_total=196_000_000_000, architecture="Mixture of Experts"),
        model("lab-b/two"),
    )
    c = compared(catalog)
    rows = {r.label: r for r in c.specs.rows}
    assert rows["Parameters (total)"].a.text == "196B" and rows["Parameters (total)"].b.text == "Unknown"
    assert rows["Openness"].a.text == "Closed weights"
    assert all(r.a.source == "models.dev" for r in c.specs.rows if r.a.known)
    assert all(not r.b.source for r in c.specs.rows if not r.b.known)


def test_sources_conflicts_assumptions_and_stamp():
    conflict = {
        "model_id": "lab-a/one",
        "field": "release_date",
        "chosen_value": "2026-01-01",
        "chosen_source": "models.dev:x.toml",
        "other_value": "2026-02-01",
        "other_sources": "litellm:y",
    }
    catalog = make_catalog(model("lab-a/one"), model("lab-b/two"), conflicts=[conflict])
    c = compared(catalog, parameters={"a": "lab-a/one", "b": "lab-b/two", "preset": "medium"})
    sources = c.sources
    assert [(x.field, x.chosen_value, x.other_value) for x in sources.conflicts] == [
        ("release_date", "2026-01-01", "2026-02-01")
    ]
    entry = next(e for e in sources.sources if e.source == "models.dev")
    assert (entry.version, entry.as_of, entry.license) == ("abc1234", "2026-01-01", "MIT")
    assert sources.last_reviewed == "2026-06-01"
    assert sources.stamp.catalog_hash == "f" * 64 and sources.stamp.parameters[-2] == ("Preset", "medium")
    assert any(a.startswith("Traffic: custom: 500M input + 350M output") for a in sources.assumptions)
    assert sources.conflicts_frame().to_dict("records") == [
        {
            "Value used": "2026-01-01",
            "What the sources say": "Release date of One: 1 source (y on LiteLLM) gives 2026-02-01; "
            "the report uses 2026-01-01, from the models.dev model file.",
        }
    ]


def test_same_model_twice_is_an_error_and_names_resolve():
    catalog = make_catalog(model("lab-a/one"), model("lab-b/two"))
    with pytest.raises(ParameterError, match="same model"):
        compared(catalog, a="lab-a/one", b="lab-a/one")
    assert compared(catalog, a="LAB-A/One", b="lab-b/two").a == "lab-a/one"


def test_every_section_has_a_frame():
    catalog = make_catalog(model("lab-a/one"), model("lab-b/two"), routes=[route("lab-a/one", "alpha", 1, 1)])
    c = compared(catalog)
    for section in (
        c.scorecard,
        c.tradeoffs,
        c.costs,
        c.friction,
        c.specs,
        c.pricing,
        c.capabilities,
        c.benchmarks,
        c.sources,
    ):
        assert section.to_frame() is not None


def test_cited_unknown_and_citation():
    assert Cited().text == "Unknown" and not Cited().known and Cited().cite() == ""
    assert Cited(False).text == "No" and Cited(128_000).text == "128,000"
    cited = Cited(1, "models.dev", "2026-01-01", version="abc")
    assert cited.cite() == "models.dev abc, as of 2026-01-01"


def test_best_for_is_shown_only_when_it_tells_the_models_apart():
    same = make_catalog(model("lab-a/one", best_for="Coding"), model("lab-b/two", best_for="Coding"))
    assert "Best for" not in [r.label for r in compared(same).scorecard.rows]
    other = make_catalog(model("lab-a/one", best_for="Coding"), model("lab-b/two", best_for="Chat"))
    row = compared(other).scorecard.row("Best for")
    assert (row.a.text, row.b.text) == ("Coding", "Chat")
