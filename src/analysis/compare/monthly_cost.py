"""Monthly cost at traffic: each model on its cheapest complete route, the delta and the ratio.

The numbers come from costs.cost_comparison; this section cites them and names the routes. A model
without a complete route is "Unavailable" with the reason, never $0. With ``detail`` the section
also holds the cost-vs-volume series and every break-even (prompt size, cache share); without it,
only the volume break-even, which follows from the comparison alone.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from analysis.catalog import Catalog
from analysis.compare.cited import Cited, unknown
from analysis.compare.display import FrameDisplay
from analysis.compare.pricing import UNAVAILABLE, ModelPricing
from analysis.compare.text import ratio, usd
from analysis.costs import BreakEven, CostComparison, ModelCost, break_even, volume_series
from analysis.costs.break_even import volume_break_even


@dataclass(frozen=True)
class ModelSpend:
    """One model's monthly cost on its cheapest complete route (or why there is none)."""

    model_id: str
    monthly: Cited  # "Unavailable" (value None) when no route has a complete price
    route_id: str  # "" when unavailable
    provider: str  # the route's provider name
    input: Cited  # the route's base input price
    output: Cited
    unavailable_reason: str


@dataclass(frozen=True)
class CostSection(FrameDisplay):
    """Both models' monthly cost under the scenario, how they compare, and the chart series."""

    names: tuple[str, str]
    scenario: str  # the scenario in one line
    price_date: str
    comparison: CostComparison
    a: ModelSpend
    b: ModelSpend
    delta: Cited  # b − a in USD a month
    ratio: Cited  # costlier ÷ cheaper
    cheaper: str | None  # "a", "b", or None when equal or unavailable
    break_evens: tuple[BreakEven, ...]
    series: pd.DataFrame | None = field(
        default=None, compare=False
    )  # costs.volume_series; None without detail

    def to_frame(self) -> pd.DataFrame:
        """Each model's monthly cost, route, input and output price, or why it is unavailable."""
        records = [
            {
                "Model": name,
                "Monthly cost": s.monthly.text,
                "Route": s.route_id,
                "Provider": s.provider,
                "Input / 1M": s.input.text,
                "Output / 1M": s.output.text,
                "Source": s.monthly.cite(),
                "Why unavailable": s.unavailable_reason,
            }
            for name, s in zip(self.names, (self.a, self.b), strict=True)
        ]
        return pd.DataFrame(records)


def costs_from(
    catalog: Catalog,
    comparison: CostComparison,
    pricing: tuple[ModelPricing, ModelPricing],
    names: tuple[str, str],
    *,
    detail: bool = True,
) -> CostSection:
    """The cost section from the comparison and both models' priced routes."""
    a, b = (model_spend(p, c) for p, c in zip(pricing, (comparison.a, comparison.b), strict=True))
    cheaper = None
    if comparison.cheaper is not None:
        cheaper = "a" if comparison.cheaper == comparison.a.model_id else "b"
    scenario = comparison.a.scenario
    ids = (comparison.a.model_id, comparison.b.model_id)
    return CostSection(
        names=names,
        scenario=scenario.describe(),
        price_date=comparison.a.price_date,
        comparison=comparison,
        a=a,
        b=b,
        delta=computed(comparison.delta, usd, a, b, "cost of b − cost of a"),
        ratio=computed(comparison.ratio, ratio, a, b, "costlier ÷ cheaper"),
        cheaper=cheaper,
        break_evens=break_evens(catalog, comparison, detail),
        series=volume_series(catalog, *ids, scenario) if detail else None,
    )


def model_spend(pricing: ModelPricing, cost: ModelCost) -> ModelSpend:
    """The model's cost on its cheapest route, from its priced routes."""
    route = next((r for r in pricing.routes if r.cheapest), None)
    if route is None:
        reason = cost.unavailable_reason or ""
        return ModelSpend(pricing.model_id, unknown(UNAVAILABLE), "", "", unknown(), unknown(), reason)
    name = route.route.provider_name
    return ModelSpend(
        pricing.model_id, route.monthly, route.route.route_id, name, route.input, route.output, ""
    )


def computed(value, fmt, a: ModelSpend, b: ModelSpend, how: str) -> Cited:
    """A value computed from both costs, cited to the costs' sources (Unknown when either is)."""
    if value is None:
        return unknown(UNAVAILABLE)
    sources = "; ".join(dict.fromkeys(s.monthly.cite() for s in (a, b)))
    return Cited(value, source="computed", locator=f"{how} ({sources})", text=fmt(value))


def break_evens(catalog: Catalog, comparison: CostComparison, detail: bool) -> tuple[BreakEven, ...]:
    """Every break-even with ``detail``; else the volume one (none when a cost is unavailable)."""
    if detail:
        a, b = comparison.a, comparison.b
        return tuple(break_even(catalog, a.model_id, b.model_id, a.scenario))
    return () if comparison.unavailable_reason else (volume_break_even(comparison),)
