"""The verdict on page one, on the real catalog: costs on the makers' APIs and on trusted routes,
reasons for each model, risks and checks."""

from __future__ import annotations

import pytest

from analysis.catalog import load
from analysis.costs import scenario
from analysis.narrative import pair_analysis
from analysis.report import render

SONNET, GPT5 = "anthropic/claude-sonnet-4-5", "openai/gpt-5"
SPARK, STEP = "openai/gpt-5.3-codex-spark", "stepfun/step-3.5-flash"
CACHED = scenario(input_tokens="2B", output_tokens="200M", cache_read_share=0.5)


@pytest.fixture(scope="module")
def catalog():
    return load()


@pytest.fixture(scope="module")
def issue_pair(catalog):
    return pair_analysis(catalog, SONNET, GPT5, CACHED, cost_detail=False)


@pytest.fixture(scope="module")
def seed(catalog):
    return pair_analysis(catalog, SPARK, STEP, scenario("medium"), cost_detail=False)


def test_issue_pair_is_decided_on_the_makers_apis_not_on_resellers(issue_pair):
    v = issue_pair.verdict
    assert v.maker == (
        "On the makers' own APIs GPT-5 is cheaper at this traffic: $3,375.00 a month on OpenAI, "
        "against $6,300.00 a month on Anthropic for Claude Sonnet 4.5, $2,925.00 a month less."
    )
    assert v.trusted == "The best trusted routes are the makers' own APIs, so the same holds there."
    page = " ".join(v.to_frame()["Line"])
    for reseller in ("QiHang", "OpenCode Zen", "Poe", "$1,288.00", "$2,877.00"):
        assert reseller not in page
    assert v.reasons[1][:2] == (
        "Costs less at this traffic; Claude Sonnet 4.5 costs 1.9× as much.",
        "Larger context window: 400,000 tokens against 200,000.",
    )
    assert v.basis.startswith("Costs are taken on trusted routes (maker API, cloud, open-weights host")


def test_issue_pair_deep_dive_agrees_with_the_costs(issue_pair):
    text = issue_pair.deep_dive.text
    assert "Claude Sonnet 4.5 stays cheaper" not in text
    assert "on these routes GPT-5 stays cheaper at any monthly volume" in text
    assert (
        "QiHang sells Claude Sonnet 4.5 for $1,288.00 a month at this traffic; the report does not count"
        in text
    )


def test_seed_verdict_names_both_bases_and_the_missing_capabilities(seed):
    v = seed.verdict
    assert v.maker.startswith(
        "On the makers' own APIs Step 3.5 Flash is cheaper at this traffic: $155.00 a month on StepFun"
    )
    assert v.trusted == (
        "On the best trusted routes Step 3.5 Flash is cheaper at this traffic: $148.80 a month on routing.run, "
        "against $5,775.00 a month on OpenAI for GPT-5.3 Codex Spark, $5,626.20 a month less."
    )
    assert (
        "Step 3.5 Flash does not support vision and structured outputs, which GPT-5.3 Codex Spark does."
        in v.risks
    )
    assert v.reasons == (
        (
            "Has structured outputs and attachments, which Step 3.5 Flash lacks.",
            "Accepts image and PDF input.",
            "Has IDE integration and parallel function calls; unconfirmed for Step 3.5 Flash.",
        ),
        (
            "Costs less at this traffic; GPT-5.3 Codex Spark costs 38.8× as much.",
            "Larger context window: 256,000 tokens against 128,000.",
            "Open weights under Apache-2.0: it can be self-hosted.",
        ),
    )
    assert any(
        line.startswith("routing.run's current prices for Step 3.5 Flash ($0.096") for line in v.verify
    )


def test_verdict_renders_on_one_page_worth_of_html(seed, issue_pair):
    for analysis in (seed, issue_pair):
        html = str(render.verdict(analysis))
        assert html.startswith('<div class="verdict"><h2>Verdict</h2>')
        assert "Verify before signing" in html and "Blockers and risks" in html
        words = len(analysis.verdict.to_frame()["Line"].str.cat(sep=" ").split())
        assert words < 450  # about one A4 page of 10-point text with the headings


def test_a_weights_license_is_no_blocker_on_the_makers_api(catalog):
    """Mistral Large 2 (2407) on Mistral's API: the licenses table's row (procurement
    licenses.csv line 10, the Mistral AI Research License of the Hugging Face weights, commercial
    use "no") governs hosting the weights, not the API, so page one names no license blocker and
    the due-diligence answer says which license it is. Priced before Mistral retired it on its API
    (2025-03-30, data/curated/facts.csv), when Mistral's API still counts."""
    before = scenario("medium", price_date="2025-03-01")
    pair = pair_analysis(catalog, "Mistral Large 2407", GPT5, before, cost_detail=False)
    d = pair.due_diligence
    assert d.routes[0] == "mistral:mistral/mistral-large-2407"
    assert d.row("license").a.text == "Weights license: Mistral AI Research License (MRL-0.1)"
    commercial = d.row("commercial_use").a
    assert commercial.text.startswith("No under the weights license (self-hosting): Card front matter")
    assert commercial.text.endswith("from Mistral AI. API use falls under the provider's terms.")
    assert (
        commercial.url == "https://huggingface.co/mistralai/Mistral-Large-Instruct-2407/blob/main/README.md"
    )
    assert not [r for r in (*d.blockers, *pair.verdict.risks) if "commercial use" in r or "license" in r]
