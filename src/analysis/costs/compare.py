"""Two models side by side: delta and ratio, cost against volume, sensitivity to one input."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from decimal import Decimal

import pandas as pd

from analysis.catalog import Catalog
from analysis.costs.cheapest import ModelCost, model_cost
from analysis.costs.policy import TRUSTED, RoutePolicy
from analysis.costs.routes import repriced
from analysis.costs.scenarios import MAX_TOKENS, Scenario
from analysis.errors import ParameterError

# Multiples of the scenario's monthly volume for the cost-vs-volume chart: 1-2-5 steps over six
# decades, from a thousandth to a thousand times the scenario.
VOLUME_FACTORS = (*(m * 10.0**e for e in range(-3, 3) for m in (1, 2, 5)), 1000.0)
SENSITIVITY_VALUES: dict[str, tuple[float, ...]] = {
    "cache_read_share": (0.0, 0.25, 0.5, 0.75, 0.9),
    "reasoning_multiplier": (0.0, 0.5, 1.0, 2.0, 4.0),
    "batch_share": (0.0, 0.25, 0.5, 0.75, 1.0),
}
_PAIR_COLUMNS = ("cost_a", "cost_b", "route_a", "route_b", "cheaper")


@dataclass(frozen=True)
class CostComparison:
    """Two models' monthly costs under one scenario, and how they compare."""

    a: ModelCost
    b: ModelCost
    delta: Decimal | None  # b − a, exact USD; None when either is unavailable
    ratio: Decimal | None  # costlier / cheaper; None when unavailable or the cheaper costs $0
    cheaper: str | None  # model id of the cheaper; None when equal or unavailable
    unavailable_reason: str | None = None
    notes: tuple[str, ...] = ()
    warnings: tuple[str, ...] = ()  # price dates the catalog cannot answer (release_warnings)

    @property
    def delta_usd(self) -> float | None:
        """b − a in USD a month."""
        return None if self.delta is None else float(self.delta)

    @property
    def sources(self) -> tuple[str, ...]:
        """Citations for both models' cheapest routes, each once."""
        routes = (m.route for m in (self.a, self.b) if m.route is not None)
        return tuple(dict.fromkeys(s for r in routes for s in r.sources))


def cost_comparison(
    catalog: Catalog, a: str, b: str, scenario: Scenario, policy: RoutePolicy = TRUSTED
) -> CostComparison:
    """Both models' costs, the delta (b − a), the ratio (costlier / cheaper) and the cheaper."""
    cost_a, cost_b = model_cost(catalog, a, scenario, policy), model_cost(catalog, b, scenario, policy)
    early = release_warnings(catalog, (a, b), cost_a.price_date)
    missing = [m for m in (cost_a, cost_b) if m.cost is None]
    if missing:
        reason = "; ".join(f"{m.model_id}: {m.unavailable_reason}" for m in missing)
        return CostComparison(
            cost_a, cost_b, None, None, None, f"cost unavailable for {reason}", warnings=early
        )
    delta = cost_b.cost - cost_a.cost
    if delta == 0:
        return CostComparison(cost_a, cost_b, delta, Decimal(1), None, ("both cost the same",), early)
    low, high = sorted((cost_a, cost_b), key=lambda m: m.cost)
    if low.cost == 0:
        note = f"no ratio: {low.model_id} costs $0 on {low.route.route_id}"
        return CostComparison(cost_a, cost_b, delta, None, low.model_id, notes=(note,), warnings=early)
    return CostComparison(cost_a, cost_b, delta, high.cost / low.cost, low.model_id, warnings=early)


def release_warnings(catalog: Catalog, model_ids: Sequence[str], when: str) -> tuple[str, ...]:
    """A warning for each model released after the price date: no price of it was in force then."""
    out = []
    for model_id in model_ids:
        if model_id not in catalog.model_index.index:
            continue
        model = catalog.model(model_id)
        released = str(model.get("release_date") or "")
        if released and when < released:
            out.append(
                f"the price date {when} is before {model.get('name') or model_id}'s release on {released}: "
                "no price of it was in force then, so the earliest prices the catalog has are used"
            )
    return tuple(out)


def volume_series(
    catalog: Catalog,
    a: str,
    b: str,
    scenario: Scenario,
    factors: Iterable[float] = VOLUME_FACTORS,
    policy: RoutePolicy = TRUSTED,
) -> pd.DataFrame:
    """Each model's monthly cost with the scenario's volume scaled by ``factors`` (log chart).

    Columns: factor, input_tokens, output_tokens, volume (input + output tokens a month),
    cost_a, cost_b (USD, NaN when unavailable), route_a, route_b, cheaper. Factors that would take a
    token count past 10^15 are left out. Routes are chosen by ``policy`` at the scenario's volume:
    every price is per token, so a route's cost scales with volume like every other's and the
    cheapest route stays the cheapest.
    """
    return cost_series(
        model_cost(catalog, a, scenario, policy), model_cost(catalog, b, scenario, policy), factors
    )


def cost_series(ca: ModelCost, cb: ModelCost, factors: Iterable[float] = VOLUME_FACTORS) -> pd.DataFrame:
    """``volume_series`` from the two models' costs at the scenario (as ``cost_comparison`` has them)."""
    scenario = ca.scenario
    factors = sorted(set(_positive(factors, "factors")))
    largest = max(scenario.input_tokens, scenario.output_tokens)
    rows = [_volume_row(ca, cb, scenario.scaled(f), f) for f in factors if largest * f <= MAX_TOKENS]
    columns = ["factor", "input_tokens", "output_tokens", "volume", *_PAIR_COLUMNS]
    frame = pd.DataFrame(rows, columns=columns).astype({"cost_a": "float64", "cost_b": "float64"})
    frame.attrs.update(a=ca.model_id, b=cb.model_id, scenario=scenario.describe())
    return frame


def sensitivity(
    catalog: Catalog,
    a: str,
    b: str,
    scenario: Scenario,
    values: Mapping[str, Sequence[float]] | None = None,
    policy: RoutePolicy = TRUSTED,
) -> pd.DataFrame:
    """Each model's cost as one scenario input moves and the others stay put.

    ``values`` maps an input (cache_read_share, reasoning_multiplier, batch_share) to the values
    to try; default SENSITIVITY_VALUES plus the scenario's own value. Columns: input, value,
    cost_a, cost_b (USD, NaN when unavailable), route_a, route_b, cheaper.
    """
    values = SENSITIVITY_VALUES if values is None else values
    rows = []
    for name, tried in values.items():
        if name not in SENSITIVITY_VALUES:
            raise ParameterError(
                f"sensitivity input = {name!r}: expected one of {', '.join(SENSITIVITY_VALUES)}"
            )
        for value in sorted({*tried, getattr(scenario, name)}):
            if name == "cache_read_share" and value + scenario.cache_write_share > 1:
                continue
            varied = replace(scenario, **{name: value})
            ca, cb = model_cost(catalog, a, varied, policy), model_cost(catalog, b, varied, policy)
            rows.append({"input": name, "value": float(value), **_pair(ca, cb)})
    columns = ["input", "value", *_PAIR_COLUMNS]
    frame = pd.DataFrame(rows, columns=columns).astype({"cost_a": "float64", "cost_b": "float64"})
    frame.attrs.update(a=a, b=b, scenario=scenario.describe())
    return frame


def _volume_row(ca: ModelCost, cb: ModelCost, scaled: Scenario, factor: float) -> dict:
    ca, cb = (replace(c, scenario=scaled, route=c.route and repriced(c.route, scaled)) for c in (ca, cb))
    return {
        "factor": factor,
        "input_tokens": scaled.input_tokens,
        "output_tokens": scaled.output_tokens,
        "volume": scaled.input_tokens + scaled.output_tokens,
        **_pair(ca, cb),
    }


def _pair(ca: ModelCost, cb: ModelCost) -> dict:
    """cost_a, cost_b, route_a, route_b and the cheaper model's id ("" when equal or unknown)."""
    cheaper = ""
    if ca.cost is not None and cb.cost is not None and ca.cost != cb.cost:
        cheaper = ca.model_id if ca.cost < cb.cost else cb.model_id
    return {
        "cost_a": ca.monthly_usd,
        "cost_b": cb.monthly_usd,
        "route_a": ca.route.route_id if ca.route else "",
        "route_b": cb.route.route_id if cb.route else "",
        "cheaper": cheaper,
    }


def _positive(values: Iterable[float], name: str) -> list[float]:
    values = list(values)
    if not values or any(not isinstance(v, int | float) or not v > 0 for v in values):
        raise ParameterError(f"{name} = {values!r}: expected positive numbers")
    return [float(v) for v in values]
