"""A model's monthly cost: its cheapest complete route under a route policy, or why it has none.

Besides the route the policy chooses (the headline), a model's cost keeps the cheapest route on
its maker's own API and the cheapest trusted route (see route_classes.py), each with its route.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal

from analysis.catalog import Catalog
from analysis.costs.policy import TRUSTED, RoutePolicy
from analysis.costs.prices import Provenance
from analysis.costs.requirements import unmet, unmet_reason
from analysis.costs.route_classes import (
    CLASSES,
    CONSUMER,
    FREE,
    MAKER,
    PLURAL_LABELS,
    RouteClass,
    route_classes,
)
from analysis.costs.routes import FREE as FREE_KIND
from analysis.costs.routes import SUBSCRIPTION, RouteCost, price_date_for, route_costs
from analysis.costs.scenarios import Scenario

FLAT_KINDS = (FREE_KIND, SUBSCRIPTION)  # left out of "cheapest" unless the scenario includes them
BATCH_VARIANT = "batch"  # a route that only serves batch requests
POLICY_WORDS = {
    "trusted": "trusted routes (maker API, cloud, open-weights host, gateway at the maker's price)",
    "maker": "the maker's own API only",
    "all": "every paid route, resellers included",
}
_REASONS_SHOWN = 3


@dataclass(frozen=True)
class ModelCost:
    """A model's cost under a scenario and a route policy, and every route's cost and class."""

    model_id: str
    scenario: Scenario
    price_date: str
    route: RouteCost | None  # cheapest complete route the policy allows; on a tie, the maker's API
    routes: tuple[RouteCost, ...]
    unavailable_reason: str | None = None
    policy: RoutePolicy = TRUSTED
    classes: Mapping[str, RouteClass] = field(default_factory=dict, compare=False)

    @property
    def cost(self) -> Decimal | None:
        """Exact monthly USD on the policy's cheapest route; None when unavailable."""
        return None if self.route is None else self.route.cost

    @property
    def monthly_usd(self) -> float | None:
        """Monthly USD on the policy's cheapest route; None when unavailable."""
        return None if self.route is None else self.route.monthly_usd

    @property
    def provenance(self) -> Provenance | None:
        """Where the chosen route's prices come from."""
        return None if self.route is None else self.route.provenance

    @property
    def first_party_route(self) -> RouteCost | None:
        """The cheapest complete route on the maker's own API, when it has one."""
        return cheapest(self._candidates("maker"), self.classes)

    @property
    def trusted_route(self) -> RouteCost | None:
        """The cheapest complete trusted route (maker, cloud, open-weights host, gateway)."""
        return cheapest(self._candidates("trusted"), self.classes)

    @property
    def free_routes(self) -> tuple[RouteCost, ...]:
        """Free and subscription routes, listed apart from paid ones."""
        return tuple(r for r in self.routes if r.pricing_kind in FLAT_KINDS)

    def route_class(self, route: RouteCost) -> RouteClass:
        """The class of one of the model's routes."""
        return self.classes[route.route_id]

    def _candidates(self, routes: str) -> list[RouteCost]:
        return candidates(self.routes, self.classes, self.scenario, RoutePolicy(routes, self.policy.require))


def model_cost(
    catalog: Catalog, model_id: str, scenario: Scenario, policy: RoutePolicy = TRUSTED
) -> ModelCost:
    """The model's cost on its cheapest complete route under ``scenario`` and ``policy``."""
    routes = route_costs(catalog, model_id, scenario)
    when = price_date_for(catalog, scenario)
    classes = route_classes(catalog, model_id, when)
    admitted = candidates(routes, classes, scenario, policy)
    best = cheapest((r for r in admitted if not unmet(catalog, r, policy.require)), classes)
    reason = None
    if best is None:
        reason = (
            unmet_reason(catalog, admitted, policy.require)
            if admitted
            else unavailable_reason(model_id, routes, classes, policy, when)
        )
    return ModelCost(model_id, scenario, when, best, routes, reason, policy, classes)


def candidates(
    routes: Iterable[RouteCost], classes: Mapping[str, RouteClass], scenario: Scenario, policy: RoutePolicy
) -> list[RouteCost]:
    """The priced routes that may carry the model's cost under ``scenario`` and ``policy``.

    The one place routes are admitted: the scenario (``counts``), then the policy's route classes
    (``allowed``); ``model_cost`` then keeps those that meet ``policy.require`` (costs.requirements).
    """
    return [
        r
        for r in routes
        if r.cost is not None and counts(r, scenario) and allowed(classes[r.route_id], policy, scenario)
    ]


def allowed(route_class: RouteClass, policy: RoutePolicy, scenario: Scenario) -> bool:
    """Whether a route of this class may carry the cost under ``policy``.

    Free tiers and consumer routes only when the scenario includes free ones; else ``maker``: the
    maker's API; ``trusted``: trusted classes; ``all``: every class.
    """
    if route_class.name in (FREE, CONSUMER):
        return scenario.include_free
    if policy.routes == "maker":
        return route_class.name == MAKER
    return policy.routes == "all" or route_class.trusted


def cheapest(routes: Iterable[RouteCost], classes: Mapping[str, RouteClass]) -> RouteCost | None:
    """The cheapest route; on a tie the lab's own API, then the most accountable seller (a cloud,
    then a host, then a gateway: CLASSES' order), then by id."""
    return min(
        routes,
        key=lambda r: (r.cost, not r.first_party, CLASSES.index(classes[r.route_id].name), r.route_id),
        default=None,
    )


def counts(route: RouteCost, scenario: Scenario) -> bool:
    """Whether the scenario lets the route be the model's cheapest.

    Paid routes (free and subscription ones too with include_free); a batch-only route (variant
    "batch", e.g. OpenRouter's ``:batch`` models) only when all traffic goes through batch; never
    a route retired on the price date.
    """
    if route.retired:
        return False
    if route.variant == BATCH_VARIANT and scenario.batch_share < 1:
        return False
    return scenario.include_free or route.pricing_kind not in FLAT_KINDS


def unavailable_reason(
    model_id: str,
    routes: tuple[RouteCost, ...],
    classes: Mapping[str, RouteClass],
    policy: RoutePolicy,
    when: str,
) -> str:
    """Why no route of the model can carry its cost, in one line."""
    if not routes:
        return f"no routes for {model_id} in the catalog"
    priced = [r for r in routes if r.cost is not None]
    if priced and all(r.retired for r in priced):
        return f"only routes retired on {when}"
    paid = [r for r in priced if r.pricing_kind not in FLAT_KINDS and r.variant != BATCH_VARIANT]
    if paid:
        kinds = sorted({PLURAL_LABELS[classes[r.route_id].name] for r in paid})
        wanted = "priced route on its maker's API" if policy.routes == "maker" else "trusted route"
        return f"no {wanted}: its priced routes are {' and '.join(kinds)} (--routes all counts them)"
    if any(r.variant == BATCH_VARIANT for r in priced):
        return "only batch routes (a batch share of 1 counts them)"
    if priced:
        return "only free or subscription routes (--include-free counts them)"
    shown = "; ".join(f"{r.route_id}: {r.unavailable_reason}" for r in routes[:_REASONS_SHOWN])
    more = f"; {len(routes) - _REASONS_SHOWN} more" if len(routes) > _REASONS_SHOWN else ""
    return f"no route with both an input and an output price on {when} ({shown}{more})"
