"""Monthly cost at traffic: scenarios, route prices (dates, tiers, cache, batch, reasoning),
the cheapest complete route, two-model comparisons, volume series, break-evens, sensitivity."""

from analysis.costs.break_even import BreakEven, break_even
from analysis.costs.cheapest import ModelCost, model_cost
from analysis.costs.compare import CostComparison, cost_comparison, cost_series, sensitivity, volume_series
from analysis.costs.prices import PriceRow, Provenance, Rates
from analysis.costs.routes import Breakdown, RouteCost, price_date_for, route_costs
from analysis.costs.scenarios import (
    DEFAULT_PROMPT_TOKENS,
    PRESETS,
    Scenario,
    format_tokens,
    parse_tokens,
    scenario,
)

__all__ = [
    "DEFAULT_PROMPT_TOKENS",
    "PRESETS",
    "BreakEven",
    "Breakdown",
    "CostComparison",
    "ModelCost",
    "PriceRow",
    "Provenance",
    "Rates",
    "RouteCost",
    "Scenario",
    "break_even",
    "cost_comparison",
    "cost_series",
    "format_tokens",
    "model_cost",
    "parse_tokens",
    "price_date_for",
    "route_costs",
    "scenario",
    "sensitivity",
    "volume_series",
]
