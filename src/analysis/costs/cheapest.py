"""A model's monthly cost: its cheapest complete route, or why it has none."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from analysis.catalog import Catalog
from analysis.costs.policy import TRUSTED, RoutePolicy
from analysis.costs.prices import Provenance
from analysis.costs.requirements import unmet, unmet_reason
from analysis.costs.routes import FREE, SUBSCRIPTION, RouteCost, price_date_for, route_costs
from analysis.costs.scenarios import Scenario

FLAT_KINDS = (FREE, SUBSCRIPTION)  # left out of "cheapest" unless the scenario includes them
BATCH_VARIANT = "batch"  # a route that only serves batch requests
_REASONS_SHOWN = 3


@dataclass(frozen=True)
class ModelCost:
    """A model's cost under a scenario: the cheapest complete route and every route's cost."""

    model_id: str
    scenario: Scenario
    price_date: str
    route: RouteCost | None  # cheapest complete route (paid unless scenario.include_free);
    # on a tie, the lab's own API
    routes: tuple[RouteCost, ...]
    unavailable_reason: str | None = None

    @property
    def cost(self) -> Decimal | None:
        """Exact monthly USD on the cheapest route; None when unavailable."""
        return None if self.route is None else self.route.cost

    @property
    def monthly_usd(self) -> float | None:
        """Monthly USD on the cheapest route; None when unavailable."""
        return None if self.route is None else self.route.monthly_usd

    @property
    def provenance(self) -> Provenance | None:
        """Where the cheapest route's prices come from."""
        return None if self.route is None else self.route.provenance

    @property
    def first_party_route(self) -> RouteCost | None:
        """The cheapest complete route on the lab's own API not retired on the price date, if any."""
        own = [r for r in self.routes if r.first_party and r.cost is not None and not r.retired]
        return min(own, key=preference, default=None)

    @property
    def free_routes(self) -> tuple[RouteCost, ...]:
        """Free and subscription routes, listed apart from paid ones."""
        return tuple(r for r in self.routes if r.pricing_kind in FLAT_KINDS)


def model_cost(
    catalog: Catalog, model_id: str, scenario: Scenario, policy: RoutePolicy = TRUSTED
) -> ModelCost:
    """The model's cost on its cheapest complete route under ``scenario`` and ``policy``."""
    routes = tuple(route_costs(catalog, model_id, scenario))
    priced = [r for r in routes if r.cost is not None and counts(r, scenario)]
    candidates = [r for r in priced if not unmet(catalog, r, policy.require)]
    best = min(candidates, key=preference, default=None)
    when = price_date_for(catalog, scenario)
    reason = None if best is not None else unavailable_reason(model_id, routes, when)
    if best is None and priced:
        reason = unmet_reason(catalog, priced, policy.require)
    return ModelCost(model_id, scenario, when, best, routes, reason)


def preference(route: RouteCost) -> tuple:
    """Sort key of candidate routes: cheapest first; on a tie the lab's own API, then by id."""
    return (route.cost, not route.first_party, route.route_id)


def counts(route: RouteCost, scenario: Scenario) -> bool:
    """Whether the route may be the model's cheapest.

    Paid routes (free and subscription ones too with include_free); a batch-only route (variant
    "batch", e.g. OpenRouter's ``:batch`` models) only when all traffic goes through batch; never
    a route retired on the price date.
    """
    if route.retired:
        return False
    if route.variant == BATCH_VARIANT and scenario.batch_share < 1:
        return False
    return scenario.include_free or route.pricing_kind not in FLAT_KINDS


def unavailable_reason(model_id: str, routes: tuple[RouteCost, ...], when: str) -> str:
    """Why no route of the model can be priced, in one line."""
    if not routes:
        return f"no routes for {model_id} in the catalog"
    priced = [r for r in routes if r.cost is not None]
    if priced and all(r.retired for r in priced):
        return f"only routes retired on {when}"
    if any(r.cost is not None and r.variant == BATCH_VARIANT for r in routes):
        return "only batch routes (set batch_share to 1 to count them)"
    if any(r.cost is not None for r in routes):
        return "only free or subscription routes (set include_free to count them)"
    shown = "; ".join(f"{r.route_id}: {r.unavailable_reason}" for r in routes[:_REASONS_SHOWN])
    more = f"; {len(routes) - _REASONS_SHOWN} more" if len(routes) > _REASONS_SHOWN else ""
    return f"no route with both an input and an output price on {when} ({shown}{more})"
