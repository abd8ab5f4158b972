"""Pricing and availability: every route of each model with its class, prices, limits, cost and source.

Prices shown are a route's base prices (USD per 1M tokens) in force on the scenario's price date;
a price the source does not give is Unknown. A route's monthly cost is the scenario billed on it
(costs.route_costs), "Unavailable" with the reason when it cannot be priced. Each route has its
class (costs.route_classes: maker API, cloud, host, gateway, reseller, consumer app, free tier)
and a note. The cheapest input and output prices are taken over the routes the route policy lets
carry a model's cost (trusted routes by default), each with its route.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

import pandas as pd

from analysis.catalog import Catalog
from analysis.compare.cited import Cited, unknown
from analysis.compare.display import FrameDisplay
from analysis.compare.profile import ModelProfile, Route, priced_routes
from analysis.compare.text import price_per_mtok, usd
from analysis.costs import ModelCost, PriceRow, RouteCost
from analysis.costs.cheapest import candidates
from analysis.costs.prices import price_rows, rows_in_force
from analysis.costs.route_classes import RouteClass

UNAVAILABLE = "Unavailable"
BODY_ROUTES = 8  # routes per model in the report's body
_PRICES = {
    "input": "input_mtok",
    "output": "output_mtok",
    "cache_read": "cache_read_mtok",
    "cache_write": "cache_write_mtok",
}


@dataclass(frozen=True)
class RoutePrice:
    """One route: base prices, limits and the scenario's monthly cost, each with its source."""

    route: Route
    input: Cited
    output: Cited
    cache_read: Cited
    cache_write: Cited
    monthly: Cited  # "Unavailable" (value None) when the route cannot be priced
    unavailable_reason: str
    cheapest: bool  # the route the model's cost is taken on (cheapest the policy allows)
    eligible: bool  # may carry the model's cost under the scenario and the route policy
    retired: bool  # retired on the price date (costs/routes.py RouteCost.retired)
    notes: tuple[str, ...]
    route_class: RouteClass

    @property
    def name(self) -> str:
        """The route as a reader names it: its provider, and the variant it serves if any ("Azure (eu)")."""
        return self.route.provider_name + (f" ({self.route.variant})" if self.route.variant else "")

    @property
    def class_label(self) -> str:
        """The route's class, and "batch requests only" or "retired" when so."""
        return self.route_class.label + self.qualifiers

    @property
    def class_note(self) -> str:
        """The route's class with the note saying why, and "batch requests only" or "retired" when so."""
        c = self.route_class
        return c.label + (f": {c.note}" if c.note else "") + self.qualifiers

    @property
    def qualifiers(self) -> str:
        """ "; batch requests only" for a batch-only route, "; retired 2026-08-05" for a retired one."""
        batch = "; batch requests only" if self.route.variant == "batch" else ""
        retired = f"; retired {self.route.retirement_date}".rstrip() if self.retired else ""
        return batch + retired


@dataclass(frozen=True)
class ModelPricing:
    """A model's routes and its cheapest input and output prices (with the route of each)."""

    model_id: str
    price_date: str
    routes: tuple[RoutePrice, ...]
    cheapest_input: Cited
    cheapest_output: Cited

    @property
    def first_party(self) -> RoutePrice | None:
        """The cheapest priced route on the model's own lab's API, if any (batch-only and retired
        ones aside)."""
        own = [
            r
            for r in self.routes
            if r.route_class.name == "maker"
            and r.monthly.known
            and r.route.variant != "batch"
            and not r.retired
        ]
        return min(own, key=lambda r: (r.monthly.value, r.route.route_id), default=None)

    @property
    def priced(self) -> int:
        """How many routes have a monthly cost under the scenario."""
        return sum(r.monthly.known for r in self.routes)


@dataclass(frozen=True)
class PricingSection(FrameDisplay):
    """Both models' routes, and the providers they share."""

    names: tuple[str, str]
    a: ModelPricing
    b: ModelPricing
    shared_providers: tuple[str, ...]  # provider names, sorted

    def to_frame(self, trusted_only: bool = False) -> pd.DataFrame:
        """One row per route: class, prices, limits, monthly cost, source and as-of date.

        ``trusted_only`` (the report's body): per model, the BODY_ROUTES cheapest providers' routes
        that may carry its cost (one per provider), cheapest first. The full table, with
        resellers, consumer apps and free tiers, belongs in the appendix.
        """
        chosen = {
            id(r)
            for pricing in (self.a, self.b)
            for r in (body_routes(pricing) if trusted_only else pricing.routes)
        }
        records = [
            {
                "Model": name,
                "Provider": r.route.provider_name,
                "Route": r.route.route_id,
                "Class": r.class_note,
                "Input / 1M": r.input.text,
                "Output / 1M": r.output.text,
                "Cache read / 1M": r.cache_read.text,
                "Cache write / 1M": r.cache_write.text,
                "Context": r.route.context_window.text,
                "Max output": r.route.max_output.text,
                "Monthly cost": r.monthly.text + (" (used)" if r.cheapest else ""),
                "Source": r.route.provenance.cite(),
                "As of": r.input.as_of or r.route.provenance.as_of,
            }
            for name, pricing in zip(self.names, (self.a, self.b), strict=True)
            for r in (body_routes(pricing) if trusted_only else pricing.routes)
            if id(r) in chosen
        ]
        columns = ["Model", "Provider", "Route", "Class", "Input / 1M", "Output / 1M", "Cache read / 1M"]
        columns += ["Cache write / 1M", "Context", "Max output", "Monthly cost", "Source", "As of"]
        return pd.DataFrame(records, columns=columns)


def body_routes(pricing: ModelPricing) -> list[RoutePrice]:
    """Each provider's cheapest route that may carry the model's cost, cheapest first (the chosen
    route leading), at most BODY_ROUTES."""
    best: dict[str, RoutePrice] = {}
    for r in sorted(
        (r for r in pricing.routes if r.eligible),
        key=lambda r: (not r.cheapest, r.monthly.value, r.route.route_id),
    ):
        best.setdefault(r.route.provider, r)
    return list(best.values())[:BODY_ROUTES]


def pricing_from(
    catalog: Catalog,
    profiles: tuple[ModelProfile, ModelProfile],
    costs: tuple[ModelCost, ModelCost],
    names: tuple[str, str],
) -> PricingSection:
    """Both models' pricing, from their profiles and their costs under the scenario."""
    a, b = (model_pricing(catalog, p, c) for p, c in zip(profiles, costs, strict=True))
    shared = shared_providers(*profiles)
    return PricingSection(names, a, b, shared)


def model_pricing(catalog: Catalog, profile: ModelProfile, cost: ModelCost) -> ModelPricing:
    """One model's routes priced under the scenario, and its cheapest input and output prices."""
    by_id = {r.route_id: r for r in cost.routes}
    cheapest = cost.route.route_id if cost.route else ""
    eligible = {r.route_id for r in candidates(cost.routes, cost.classes, cost.scenario, cost.policy)}
    routes = tuple(
        route_price(
            catalog,
            route,
            by_id[route.route_id],
            route.route_id == cheapest,
            route.route_id in eligible,
            cost.route_class(by_id[route.route_id]),
        )
        for route in profile.routes
    )
    return ModelPricing(
        profile.model_id, cost.price_date, routes, lowest(routes, "input"), lowest(routes, "output")
    )


def route_price(
    catalog: Catalog, route: Route, cost: RouteCost, cheapest: bool, eligible: bool, route_class: RouteClass
) -> RoutePrice:
    """A route's base prices, monthly cost and class."""
    base = base_row(catalog, cost)
    prices = {name: price_cited(base, key, route, cost) for name, key in _PRICES.items()}
    monthly = (
        Cited.of(cost.cost, base.provenance if base else route.provenance, usd(cost.cost))
        if cost.cost is not None
        else unknown(UNAVAILABLE)
    )
    return RoutePrice(
        route=route,
        **prices,
        monthly=monthly,
        unavailable_reason=cost.unavailable_reason or "",
        cheapest=cheapest,
        eligible=eligible,
        retired=cost.retired,
        notes=cost.notes,
        route_class=route_class,
    )


def base_row(catalog: Catalog, cost: RouteCost) -> PriceRow | None:
    """The route's base price row in force on the price date (None when it has none)."""
    if cost.prices:
        return cost.prices[0]
    if cost.route_id not in priced_routes(catalog):
        return None
    in_force = rows_in_force(price_rows(catalog, cost.route_id), cost.price_date)
    return in_force[0] if in_force else None


def price_cited(base: PriceRow | None, key: str, route: Route, cost: RouteCost) -> Cited:
    """One price of the base row; "Free" for a free route without prices; else Unknown."""
    value = getattr(base, key) if base else None
    if value is not None:
        return Cited.of(value, base.provenance, price_per_mtok(value))
    if base is None and cost.pricing_kind == "free" and key in ("input_mtok", "output_mtok"):
        return Cited.of(Decimal(0), route.provenance, "Free")
    return unknown()


def lowest(routes: tuple[RoutePrice, ...], price: str) -> Cited:
    """The lowest known ``price`` ("input" or "output") over eligible routes, naming its route (on a
    tie the route the cost is taken on, then the maker's API)."""
    known = [r for r in routes if r.eligible and getattr(r, price).known]
    if not known:
        return unknown()
    best = min(
        known,
        key=lambda r: (
            getattr(r, price).value,
            not r.cheapest,
            r.route_class.name != "maker",
            r.route.route_id,
        ),
    )
    value = getattr(best, price)
    return Cited.of(value.value, value.provenance, f"{value.text} ({best.route.provider_name})")


def shared_providers(a: ModelProfile, b: ModelProfile) -> tuple[str, ...]:
    """Names of the providers that serve both models, sorted."""
    names = {r.provider: r.provider_name for r in (*a.routes, *b.routes)}
    return tuple(sorted(names[p] for p in set(a.providers) & set(b.providers)))
