"""Price dates the catalog cannot answer: after its as-of date (refused), before a release (warned)."""

from __future__ import annotations

from dataclasses import replace

import pytest

from analysis.catalog import load
from analysis.costs import cost_comparison, scenario
from analysis.errors import ParameterError


@pytest.fixture(scope="module")
def catalog():
    return load()


def test_a_price_date_after_the_catalog_is_refused_in_one_line(catalog):
    late = replace(scenario("medium"), price_date="2027-01-01")
    with pytest.raises(ParameterError) as e:
        cost_comparison(catalog, "anthropic/claude-opus-4-1", "openai/gpt-5", late)
    assert str(e.value) == (
        "price_date 2027-01-01 is after the catalog's as-of date 2026-11-23; expected a date on or "
        "before it (refresh the catalog for later prices)"
    )


def test_a_price_date_before_a_release_is_a_visible_warning(catalog):
    early = replace(scenario("medium"), price_date="2025-06-01")
    notes = cost_comparison(catalog, "anthropic/claude-opus-4-1", "openai/gpt-5", early).warnings
    released = {"anthropic/claude-opus-4-1": "2025-08-05", "openai/gpt-5": "2025-08-07"}
    for model_id, day in released.items():
        name = catalog.model(model_id)["name"]
        assert (
            f"the price date 2025-06-01 is before {name}'s release on {day}: no price of it was in "
            "force then, so the earliest prices the catalog has are used"
        ) in notes


def test_a_price_date_after_both_releases_warns_of_nothing(catalog):
    on = replace(scenario("medium"), price_date="2026-01-01")
    assert cost_comparison(catalog, "anthropic/claude-opus-4-1", "openai/gpt-5", on).warnings == ()


def test_page_one_names_a_price_date_before_a_release(catalog):
    from analysis.narrative import pair_analysis

    early = replace(scenario("medium"), price_date="2025-06-01")
    risks = pair_analysis(
        catalog, "anthropic/claude-opus-4-1", "openai/gpt-5", early, cost_detail=False
    ).verdict.risks
    assert any(r.startswith("Prices: the price date 2025-06-01 is before") for r in risks)
