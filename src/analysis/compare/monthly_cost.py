"""Monthly cost at traffic: each model on the route the policy chooses and on its maker's API.

The numbers come from costs.cost_comparison; this section cites them and names the routes and the
route policy (trusted routes by default). A model without a complete route is "Unavailable" with
the reason, never $0. With ``detail`` the section
also holds the cost-vs-volume series and every break-even (prompt size, cache share); without it,
only the volume break-even, which follows from the comparison alone.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

import pandas as pd

from analysis.catalog import Catalog
from analysis.compare.cited import Cited, unknown, without_empty_columns
from analysis.compare.display import FrameDisplay
from analysis.compare.lifecycle import maker_unavailable
from analysis.compare.pricing import UNAVAILABLE, ModelPricing, RoutePrice
from analysis.compare.text import ratio, usd
from analysis.costs import BreakEven, CostComparison, ModelCost, break_even, cost_series
from analysis.costs.break_even import volume_break_even
from analysis.costs.cheapest import POLICY_WORDS

BASIS = {"trusted": "Cheapest trusted route", "maker": "Maker API", "all": "Cheapest paid route"}


@dataclass(frozen=True)
class ModelSpend:
    """One model's monthly cost on one route (or why there is none)."""

    model_id: str
    monthly: Cited  # "Unavailable" (value None) when no route has a complete price
    route_id: str  # "" when unavailable
    provider: str  # the route's provider name
    input: Cited  # the route's base input price
    output: Cited
    unavailable_reason: str
    route_class: str = ""  # the route's class label ("maker API", "gateway", …)


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
    policy: str  # the route policy in words
    maker_a: ModelSpend  # each model on its maker's own API
    maker_b: ModelSpend
    maker_cheaper: str | None  # "a", "b", or None when equal or either is unavailable
    series: pd.DataFrame | None = field(
        default=None, compare=False
    )  # costs.volume_series; None without detail

    def to_frame(self) -> pd.DataFrame:
        """Each model's monthly cost on the policy's route and on its maker's API (when another),
        with the provider, its class and prices; "Why unavailable" only when a cost is."""
        records = [
            {
                "Model": name,
                "Basis": basis,
                "Monthly cost": s.monthly.text,
                "Provider": s.provider or "no priced route",
                "Class": s.route_class,
                "Input / 1M": s.input.text,
                "Output / 1M": s.output.text,
                "Source": s.monthly.cite(),
                "Why unavailable": s.unavailable_reason,
            }
            for name, spend, maker in zip(
                self.names, (self.a, self.b), (self.maker_a, self.maker_b), strict=True
            )
            for basis, s in ((BASIS[self.comparison.a.policy.routes], spend), ("Maker API", maker))
            if s is spend or maker.route_id != spend.route_id
        ]
        return without_empty_columns(pd.DataFrame(records))


def costs_from(
    catalog: Catalog,
    comparison: CostComparison,
    pricing: tuple[ModelPricing, ModelPricing],
    names: tuple[str, str],
    *,
    detail: bool = True,
) -> CostSection:
    """The cost section from the comparison and both models' priced routes."""
    costs = (comparison.a, comparison.b)
    a, b = (model_spend(p, c) for p, c in zip(pricing, costs, strict=True))
    maker_a, maker_b = (maker_spend(p, c) for p, c in zip(pricing, costs, strict=True))
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
        break_evens=tuple(
            named(be, dict(zip(ids, names, strict=True))) for be in break_evens(catalog, comparison, detail)
        ),
        series=cost_series(comparison.a, comparison.b) if detail else None,
        policy=POLICY_WORDS[comparison.a.policy.routes],
        maker_a=maker_a,
        maker_b=maker_b,
        maker_cheaper=lower(maker_a, maker_b),
    )


def model_spend(pricing: ModelPricing, cost: ModelCost) -> ModelSpend:
    """The model's cost on the route the policy chose, from its priced routes."""
    route = next((r for r in pricing.routes if r.cheapest), None)
    return spend(pricing.model_id, route, cost.unavailable_reason or "")


def maker_spend(pricing: ModelPricing, cost: ModelCost) -> ModelSpend:
    """The model's cost on its maker's own API (Unavailable, with the reason, when it has none)."""
    route = cost.first_party_route
    chosen = next((r for r in pricing.routes if route and r.route.route_id == route.route_id), None)
    return spend(pricing.model_id, chosen, maker_unavailable(cost))


def spend(model_id: str, route: RoutePrice | None, reason: str) -> ModelSpend:
    """A model's cost on one priced route, or Unavailable with ``reason``."""
    if route is None:
        return ModelSpend(model_id, unknown(UNAVAILABLE), "", "", unknown(), unknown(), reason)
    r = route.route
    return ModelSpend(
        model_id,
        route.monthly,
        r.route_id,
        r.provider_name,
        route.input,
        route.output,
        "",
        route.route_class.label,
    )


def lower(a: ModelSpend, b: ModelSpend) -> str | None:
    """ "a" or "b" for the lower of two known costs; None when equal or either is unavailable."""
    if not (a.monthly.known and b.monthly.known) or a.monthly.value == b.monthly.value:
        return None
    return "a" if a.monthly.value < b.monthly.value else "b"


def computed(value, fmt, a: ModelSpend, b: ModelSpend, how: str) -> Cited:
    """A value computed from both costs, cited to the costs' sources (Unknown when either is)."""
    if value is None:
        return unknown(UNAVAILABLE)
    sources = "; ".join(dict.fromkeys(s.monthly.cite() for s in (a, b)))
    return Cited(value, source="computed", locator=f"{how} ({sources})", text=fmt(value))


def named(be: BreakEven, names: dict[str, str]) -> BreakEven:
    """A break-even whose explanation calls the models by name, not by id."""
    text = be.explanation
    for model_id, name in sorted(names.items(), key=lambda item: -len(item[0])):
        text = text.replace(model_id, name)
    return replace(be, explanation=text)


def break_evens(catalog: Catalog, comparison: CostComparison, detail: bool) -> tuple[BreakEven, ...]:
    """Every break-even with ``detail``; else the volume one (none when a cost is unavailable)."""
    if detail:
        a, b = comparison.a, comparison.b
        return tuple(break_even(catalog, a.model_id, b.model_id, a.scenario, a.policy))
    return () if comparison.unavailable_reason else (volume_break_even(comparison),)
