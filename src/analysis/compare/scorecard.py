"""The decision scorecard: the signals a reader checks first, one row each, with sources.

"Best for" is left out when it reads the same for both models (it would tell them apart by
nothing). Cheapest input and output prices are over the routes the route policy counts.
"""

from __future__ import annotations

from dataclasses import dataclass

from analysis.compare.benchmarks import BenchmarkSection
from analysis.compare.cited import Cited, Row
from analysis.compare.display import RowsDisplay
from analysis.compare.lifecycle import status_and_retirement
from analysis.compare.pricing import ModelPricing, PricingSection
from analysis.compare.profile import ModelProfile
from analysis.compare.text import plural


@dataclass(frozen=True)
class Scorecard(RowsDisplay):
    """Product type, best for, tags, limits, cheapest prices, routes, shared benchmarks, dates."""

    names: tuple[str, str]
    rows: tuple[Row, ...]
    label_column = "Signal"


def scorecard_from(
    a: ModelProfile, b: ModelProfile, pricing: PricingSection, benchmarks: BenchmarkSection
) -> Scorecard:
    """The scorecard of two models."""
    shared = len(benchmarks.shared)

    def both(label: str, value) -> Row:
        return Row(label, value(a, pricing.a), value(b, pricing.b))

    best_for = both("Best for", lambda p, _: p.field("best_for"))
    rows = (
        both("Product type", lambda p, _: p.field("product_type")),
        *([best_for] if best_for.a.text != best_for.b.text else []),
        both("Decision fit", lambda p, _: p.field("tags")),
        both("Context window", lambda p, _: p.field("context_window")),
        both("Max output", lambda p, _: p.field("max_output")),
        both("Cheapest input", lambda _, m: m.cheapest_input),
        both("Cheapest output", lambda _, m: m.cheapest_output),
        both("Provider routes", route_count),
        both("Shared benchmarks", lambda p, _: Cited.of(shared, p.catalog, f"{shared} shared")),
        both("Open weights", lambda p, _: p.field("open_weights")),
        both("Released", lambda p, _: p.field("release_date")),
        both("Status and retirement", lambda p, _: status_and_retirement(p)),
        both("Knowledge cutoff", lambda p, _: p.field("knowledge_cutoff")),
    )
    return Scorecard(pricing.names, rows)


def route_count(profile: ModelProfile, pricing: ModelPricing) -> Cited:
    """ "13 routes, 11 priced" cited to the catalog."""
    n = len(profile.routes)
    return Cited.of(n, profile.catalog, f"{plural(n, 'route')}, {pricing.priced} priced")
