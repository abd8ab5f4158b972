"""Narrative: English helpers, the deep dive and the FAQ (real seed pair and hand-made catalogs)."""

from __future__ import annotations

from decimal import Decimal

import pytest
from seed import SPARK, STEP
from test_compare_rules import TRAFFIC, make_catalog, model, route, score

from analysis.catalog import load
from analysis.compare import pair_comparison
from analysis.compare.profile import field_text
from analysis.compare.text import (
    join_and,
    join_or,
    plural,
    possessive,
    price,
    price_per_mtok,
    ratio,
    tokens,
    usd,
    with_article,
    yes_no,
)
from analysis.compare.text import score as score_text
from analysis.costs import BreakEven
from analysis.narrative import pair_analysis
from analysis.narrative.sentences import capability_answer, crossing


@pytest.fixture(scope="module")
def seed(catalog):
    return pair_analysis(catalog, SPARK, STEP, TRAFFIC, cost_detail=False)


def analysed(catalog, a="lab-a/one", b="lab-b/two"):
    return pair_analysis(catalog, a, b, TRAFFIC, cost_detail=False)


# --- English helpers ---------------------------------------------------------------------------


def test_plural_and_lists():
    assert (plural(1, "route"), plural(2, "route"), plural(0, "route")) == ("1 route", "2 routes", "0 routes")
    assert plural(1225, "pair") == "1,225 pairs" and plural(2, "capability") == "2 capabilities"
    assert (join_and([]), join_and(["A"]), join_and(["A", "B"])) == ("", "A", "A and B")
    assert join_and(["A", "B", "C"]) == "A, B, and C" and join_or(["A", "B", "C"]) == "A, B, or C"


def test_numbers():
    assert tokens(128_000) == "128,000 tokens" and tokens(1) == "1 token"
    assert (
        usd(Decimal("5775")) == "$5,775.00" and usd(-12.5) == "-$12.50" and usd(Decimal("148.8")) == "$148.80"
    )
    assert (price(Decimal("0.1")), price(Decimal("0.096")), price(14)) == ("$0.10", "$0.096", "$14.00")
    assert price_per_mtok(Decimal("0.30")) == "$0.30 / 1M tokens"
    assert ratio(Decimal("37.258")) == "37.3×" and ratio(2) == "2.0×"
    params = (196_000_000_000, 116_830_000_000, 1_040_000_000_000, 1_500_000, 950)
    assert [field_text("params_total", n) for n in params] == ["196B", "117B", "1.04T", "1.5M", "950"]
    assert (score_text(74.4, "percent"), score_text(31.6, "index"), score_text(1280.0, "")) == (
        "74.4%",
        "31.6 (index)",
        "1,280",
    )


def test_words():
    assert (yes_no(True), yes_no(False), yes_no(None)) == ("Yes", "No", "Unknown")
    assert with_article("Open-weights model") == "an open-weights model"
    assert with_article("Coding-specialized model") == "a coding-specialized model"
    assert possessive("Step 3.5 Flash") == "Step 3.5 Flash's"


# --- The seed pair -----------------------------------------------------------------------------


def test_seed_deep_dive_adds_what_the_sections_do_not_say(seed):
    text = seed.deep_dive.text
    assert "GPT-5.3 Codex Spark takes up to 128,000 tokens of context" in text
    assert "Step 3.5 Flash takes up to 256,000 tokens of context" in text
    assert "On its maker's own API (StepFun) Step 3.5 Flash costs $155.00 a month." in text
    assert "The catalog does not have GPT-5.3 Codex Spark's total parameter count" in text
    # said in their own sections (costs, friction) or the FAQ (weights), not again here
    assert "$5,775.00" not in text and "friction" not in text and "Apache-2.0" not in text
    assert len(seed.deep_dive.paragraphs) == 4


def test_seed_makes_no_better_claim_without_shared_benchmarks(seed):
    if seed.benchmarks.shared:
        pytest.skip("the catalog now has a shared benchmark for the seed pair")
    evidence = seed.faq.entries[-1].answer
    assert "makes no claim about which performs better" in evidence
    assert "scores higher" not in seed.deep_dive.text + " ".join(e.answer for e in seed.faq.entries)


def test_seed_faq(seed):
    questions = [e.question for e in seed.faq.entries]
    assert questions[:5] == [
        "Which has the larger context window, GPT-5.3 Codex Spark or Step 3.5 Flash?",
        "Is GPT-5.3 Codex Spark or Step 3.5 Flash open source?",
        "Does GPT-5.3 Codex Spark or Step 3.5 Flash support a reasoning mode?",
        "Does GPT-5.3 Codex Spark or Step 3.5 Flash support function calling?",
        "Does GPT-5.3 Codex Spark or Step 3.5 Flash support tool use?",
    ]
    assert questions[5:8] == [
        "Where can I run GPT-5.3 Codex Spark and Step 3.5 Flash?",
        "Which is cheaper at 500M input and 350M output tokens a month?",
        "Which has more benchmark evidence, GPT-5.3 Codex Spark or Step 3.5 Flash?",
    ]
    context = seed.faq.entries[0]
    assert context.answer == "Step 3.5 Flash: 256,000 tokens against 128,000 for GPT-5.3 Codex Spark (2.0×)."
    assert all(f.source == "models.dev" for f in context.facts)
    where = seed.faq.entries[5].answer
    assert where.startswith("GPT-5.3 Codex Spark is sold by 4 providers: 1 maker API (OpenAI); ")
    assert "1 reseller (OpenCode Zen)" in where and "1 free tier (Nvidia)" in where
    assert "$5,775.00" in seed.faq.entries[6].answer
    assert "its cheapest trusted route, routing.run" in seed.faq.entries[6].answer
    assert "tool_choice" in seed.faq.entries[4].answer
    assert len(seed.faq.to_frame()) == len(seed.faq.entries)


def test_deterministic_text():
    runs = [pair_analysis(load(), SPARK, STEP, TRAFFIC, cost_detail=False) for _ in range(2)]
    texts = [(r.deep_dive.text, r.faq.to_frame().to_csv(), r.tradeoffs.to_frame().to_csv()) for r in runs]
    assert texts[0] == texts[1]


# --- Hand-made catalogs ------------------------------------------------------------------------


def test_unknowns_are_stated():
    catalog = make_catalog(
        model("lab-a/one", release_date=None, context_window=None),
        model("lab-b/two", knowledge_cutoff="2025-01"),
    )
    analysis = analysed(catalog)
    text = analysis.deep_dive.text
    assert (
        "One is a standalone API model with no release date in the catalog, with no knowledge cutoff in the catalog."
        in text
    )
    assert "One has no context window in the catalog" in text
    assert (
        "The catalog does not have One's release date, knowledge cutoff, context window, total parameter"
        in text
    )
    assert analysis.faq.entries[0].answer == (
        "The catalog does not have the context window of One (Two: 128,000 tokens), so it cannot say."
    )
    assert "Neither model has a benchmark score in the catalog" in analysis.faq.entries[-1].answer


@pytest.mark.parametrize(
    ("a", "b", "answer"),
    [
        (True, True, "Both support function calling."),
        (False, False, "Neither supports function calling, per the catalog."),
        (True, False, "One supports function calling; Two does not support function calling."),
        (
            None,
            True,
            "The catalog does not say whether One supports function calling; Two supports function calling.",
        ),
        (
            None,
            None,
            "The catalog does not say whether One supports function calling; the catalog does not say whether Two supports function calling.",
        ),
    ],
)
def test_capability_answers(a, b, answer):
    caps = [{} if v is None else {"function_calling": v} for v in (a, b)]
    catalog = make_catalog(model("lab-a/one", caps[0]), model("lab-b/two", caps[1]))
    assert (
        capability_answer(
            pair_comparison(catalog, "lab-a/one", "lab-b/two", TRAFFIC, cost_detail=False), "function_calling"
        )
        == answer
    )


def test_cost_unavailable_and_equal_costs():
    unavailable = make_catalog(
        model("lab-a/one"), model("lab-b/two"), routes=[route("lab-a/one", "alpha", 1, 2)]
    )
    text = analysed(unavailable).faq.entries[6].answer
    assert text.startswith("At 500M input and 350M output tokens a month, One costs $1,200.00 a month")
    assert "Two's monthly cost is unavailable (no routes for lab-b/two in the catalog)" in text
    assert text.endswith("No difference or ratio can be given without both costs.")
    equal = make_catalog(
        model("lab-a/one"),
        model("lab-b/two", open_weights=True),
        routes=[route("lab-a/one", "alpha", 1, 1), route("lab-b/two", "beta", 1, 1)],
    )
    assert analysed(equal).faq.entries[6].answer == (
        "At 500M input and 350M output tokens a month, both cost $850.00 a month on their cheapest trusted routes."
    )


def test_shared_benchmarks_in_words():
    catalog = make_catalog(
        model("lab-a/one"),
        model("lab-b/two"),
        benchmarks=[
            score("lab-a/one", "SciCode", 40.0) | {"self_reported": True},
            score("lab-b/two", "SciCode", 35.0),
            score("lab-a/one", "Terminal-Bench", 20.0),
            score("lab-b/two", "Terminal-Bench", 25.0),
            score("lab-b/two", "Aider", 60.0),
        ],
    )
    answer = analysed(catalog).faq.entries[7].answer
    assert answer == (
        "The catalog has 2 benchmark scores for One and 3 benchmark scores for Two; they share 2 benchmarks, "
        "with 2 headline scores (LiveBench by category). One scores higher on SciCode. Two scores higher on "
        "Terminal-Bench. Of the headline scores, 1 is self-reported by the model's maker."
    )


def test_break_even_crossing_in_words():
    catalog = make_catalog(model("lab-a/one"), model("lab-b/two"))
    c = pair_comparison(catalog, "lab-a/one", "lab-b/two", TRAFFIC, cost_detail=False)
    prompt = BreakEven("prompt_tokens", 200_000.0, "lab-a/one", "lab-b/two", "")
    cache = BreakEven("cache_read_share", 0.25, "lab-b/two", "lab-a/one", "")
    assert crossing(c, prompt) == "Two is cheaper for prompts of 200,000 tokens or more, One below that."
    assert (
        crossing(c, cache) == "One is cheaper when 25% or more of input is read from cache, Two below that."
    )


def test_faq_leaves_switching_to_its_section_and_names_each_provider_once(seed):
    questions = " ".join(e.question for e in seed.faq.entries)
    assert "switch" not in questions
    where = seed.faq.entries[5].answer
    for provider in ("OpenAI", "OpenRouter", "StepFun AI"):
        assert where.count(f"{provider}") <= 2  # once per model at most
