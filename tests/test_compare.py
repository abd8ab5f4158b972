"""Compare on the real catalog: the seed pair's facts from models.dev and the curated overlay."""

from __future__ import annotations

from decimal import Decimal

import pytest
from seed import FRAME_SECTIONS, SPARK, STEP

from analysis.catalog import load
from analysis.compare import pair_comparison
from analysis.compare.capabilities import ALWAYS_SHOWN
from analysis.compare.profile import model_profile
from analysis.compare.text import ratio, usd
from analysis.costs import scenario

TRAFFIC = scenario(input_tokens="500M", output_tokens="350M")


@pytest.fixture(scope="module")
def pair(catalog):
    return pair_comparison(catalog, SPARK, STEP, TRAFFIC, cost_detail=False)


def spec(pair, label):
    return next(r for r in pair.specs.rows if r.label == label)


def test_context_and_max_output(pair):
    row = pair.scorecard.row("Context window")
    assert (row.a.value, row.b.value) == (128_000, 256_000)
    assert (row.a.text, row.b.text) == ("128,000 tokens", "256,000 tokens")
    assert row.a.source == row.b.source == "models.dev"
    context = next(t for t in pair.tradeoffs.b if t.rule == "context")
    assert (
        context.text == "Step 3.5 Flash has the larger context window: 256,000 tokens against 128,000 (2.0×)."
    )


def test_step_open_weights_and_curated_parameters(pair):
    assert pair.scorecard.row("Open weights").b.text == "Yes"
    assert pair.scorecard.row("Open weights").a.text == "No"
    for label, text in (("Parameters (total)", "196B"), ("Parameters (active)", "11B")):
        value = spec(pair, label).b
        assert value.text == text
        assert (value.source, value.url) == ("curated", "https://huggingface.co/stepfun-ai/Step-3.5-Flash")
    assert spec(pair, "Architecture").b.text == "Mixture of Experts"
    assert spec(pair, "Parameters (total)").a.text == "Unknown"
    assert any(t.rule == "open_weights" for t in pair.tradeoffs.b)


def test_release_dates_and_their_conflicts(pair):
    released = pair.scorecard.row("Released")
    assert (released.a.text, released.b.text) == ("2026-02-05", "2026-01-29")
    conflicts = {(c.model_id, c.chosen_value) for c in pair.sources.conflicts if c.field == "release_date"}
    assert conflicts == {(SPARK, "2026-02-05"), (STEP, "2026-01-29")}
    others = {
        c.other_value for c in pair.sources.conflicts if c.field == "release_date" and c.model_id == STEP
    }
    assert "2026-02-02" in others


def test_spark_function_calling_from_models_dev_openai(pair):
    row = pair.capabilities.row("function_calling")
    assert row.a.text == "Yes"
    assert row.a.source == "models.dev" and row.a.locator.startswith("providers/openai/")
    assert tuple(r.capability for r in pair.capabilities.rows[:10]) == ALWAYS_SHOWN


def test_costs_at_500m_in_350m_out(pair):
    costs = pair.costs
    assert costs.a.monthly.value == Decimal("5775") and costs.a.monthly.text == "$5,775.00"
    assert costs.a.route_id == f"openai:{SPARK}"
    assert (costs.a.input.text, costs.a.output.text) == ("$1.75 / 1M tokens", "$14.00 / 1M tokens")
    assert costs.b.monthly.value <= Decimal("155") and costs.b.route_id
    step_routes = {r.route.route_id: r for r in pair.pricing.b.routes}
    first_party = step_routes[f"stepfun:{STEP}"]
    assert (first_party.input.text, first_party.output.text, first_party.monthly.text) == (
        "$0.10 / 1M tokens",
        "$0.30 / 1M tokens",
        "$155.00",
    )
    assert step_routes[costs.b.route_id].cheapest
    assert costs.delta.value == costs.b.monthly.value - costs.a.monthly.value
    assert costs.ratio.value == costs.a.monthly.value / costs.b.monthly.value
    assert costs.ratio.text == ratio(costs.a.monthly.value / costs.b.monthly.value)
    assert costs.cheaper == "b"
    bullet = next(t for t in pair.tradeoffs.b if t.rule == "cost")
    assert usd(costs.b.monthly.value) in bullet.text and "$5,775.00" in bullet.text


def test_every_route_is_listed_with_source(pair, catalog):
    for model_id, pricing in ((SPARK, pair.pricing.a), (STEP, pair.pricing.b)):
        listed = {r.route.route_id for r in pricing.routes}
        assert listed == set(catalog.rows("routes", model_id)["route_id"])
        assert all(r.route.provenance.source and r.route.provenance.as_of for r in pricing.routes)
    frame = pair.pricing.to_frame()
    assert len(frame) == len(pair.pricing.a.routes) + len(pair.pricing.b.routes)


def test_friction_both_ways(pair):
    spark_to_step, step_to_spark = pair.friction.a_to_b, pair.friction.b_to_a
    assert spark_to_step.level == "high"
    assert any("does not take image" in r.text and r.severity == "high" for r in spark_to_step.reasons)
    shrink = "The context window shrinks from 256,000 tokens to 128,000 (50% smaller)"
    assert any(r.text.startswith(shrink) for r in step_to_spark.reasons)
    assert step_to_spark.level in ("medium", "high")


def test_benchmarks_shared_only_when_benchmark_variant_and_unit_match(pair, catalog):
    for shared in pair.benchmarks.shared:
        assert shared.a.key == shared.b.key
    assert pair.scorecard.row("Shared benchmarks").a.value == len(pair.benchmarks.shared)
    for side, model_id in (("a", SPARK), ("b", STEP)):
        paired = [getattr(s, side) for s in pair.benchmarks.shared]
        listed = paired + list(getattr(pair.benchmarks, f"only_{side}"))
        assert sorted(listed, key=repr) == sorted(model_profile(catalog, model_id).scores, key=repr)


def test_title_and_sources(pair, catalog):
    assert pair.title.text == "GPT-5.3 Codex Spark vs Step 3.5 Flash"
    assert pair.title.catalog_as_of == catalog.manifest["as_of"]
    names = {s.source for s in pair.sources.sources}
    assert {"models.dev", "curated"} <= names
    assert all(s.version and s.as_of for s in pair.sources.sources)
    assert pair.sources.stamp.catalog_hash == catalog.manifest["content_hash"]


def test_deterministic(catalog):
    first = pair_comparison(catalog, SPARK, STEP, TRAFFIC, cost_detail=False)
    again = pair_comparison(load(), SPARK, STEP, TRAFFIC, cost_detail=False)
    for name in FRAME_SECTIONS:
        assert getattr(first, name).to_frame().equals(getattr(again, name).to_frame()), name


def test_cost_detail_adds_series_and_break_evens(catalog):
    costs = pair_comparison(catalog, SPARK, STEP, TRAFFIC).costs
    assert costs.series is not None and len(costs.series) > 5
    assert {b.input for b in costs.break_evens} == {"monthly_volume", "prompt_tokens", "cache_read_share"}


@pytest.fixture(scope="module")
def issue_pair(catalog):
    cached = scenario(input_tokens="2B", output_tokens="200M", cache_read_share=0.5)
    return pair_comparison(catalog, "anthropic/claude-sonnet-4-5", "openai/gpt-5", cached, cost_detail=False)


def test_tradeoffs_are_few_ranked_and_by_benchmark_family(issue_pair):
    for bullets in (issue_pair.tradeoffs.a, issue_pair.tradeoffs.b):
        assert 0 < len(bullets) <= 6
        assert [t.weight for t in bullets] == sorted((t.weight for t in bullets), reverse=True)
        assert not any("task " in t.text or "zebra_puzzle" in t.text for t in bullets)
    assert issue_pair.tradeoffs.b[0].rule == "cost"
    (bench,) = [t for t in issue_pair.tradeoffs.b if t.rule == "benchmark"]
    assert bench.text.startswith("GPT-5 scores higher on 6 of 9 headline shared benchmarks: LiveBench")


def test_benchmarks_summarised_by_family_best_known_first(issue_pair):
    summary = issue_pair.benchmarks.summary_frame()
    assert list(summary["Benchmark"].unique()) == ["LiveBench", "SWE-Bench Pro"]
    assert not summary["Variant"].str.startswith("task ").any()
    assert len(issue_pair.benchmarks.others_frame()) > 100  # every score stays available
    assert issue_pair.benchmarks.only_summary("b").startswith(
        "GPT-5 also has 180 scores Claude Sonnet 4.5 has no match for, on 53 benchmarks; "
        "the best-known with no shared score: GPQA, MMLU, GPQA Diamond"
    )


def test_conflicts_in_words_without_file_paths(issue_pair):
    texts = [n.text for n in issue_pair.sources.conflict_notes]
    assert (
        "Context window of GPT-5: 2 sources (Azure Cognitive Services on models.dev and Azure on models.dev) "
        "give 272,000 tokens; the report uses 400,000 tokens, from OpenAI on models.dev."
    ) in texts
    assert not any(".toml" in t or "providers/" in t for t in texts)
    assert not any("Databricks" in t and "$2.99999" in t for t in texts)  # rounding is no conflict
