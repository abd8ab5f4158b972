"""Break-even points: where, as one scenario input moves, the other model becomes cheaper.

On a fixed route every price is per token, with no fixed fee, so cost is proportional to monthly
volume: the cheaper model stays cheaper by the same ratio at every volume, and there is no
volume break-even. What can change the order:

* prompt size per request, through context tiers (a step at a whole_request tier start, a
  gradual change above an above_threshold one) and the switches of cheapest route they cause;
* the cache-read share, when the two models discount cached input differently. Each route's
  cost is a straight line in the share, a model's cost is the lowest of its routes' lines, so
  crossings are found exactly between the points where any two lines meet.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from fractions import Fraction

from analysis.catalog import Catalog
from analysis.costs.cheapest import candidates, model_cost
from analysis.costs.compare import CostComparison, cost_comparison
from analysis.costs.policy import TRUSTED, RoutePolicy
from analysis.costs.prices import price_rows, rows_in_force
from analysis.costs.route_classes import route_classes
from analysis.costs.routes import price_date_for, route_costs
from analysis.costs.scenarios import Scenario

Point = tuple[Fraction, Fraction]  # (input value, cost of a − cost of b)


@dataclass(frozen=True)
class BreakEven:
    """Where the cheaper model changes as one input moves; value None = it never does (why)."""

    input: str  # monthly_volume, prompt_tokens or cache_read_share
    value: float | None  # the cheaper model changes at this value of the input
    cheaper_below: str | None  # model id cheaper below ``value``
    cheaper_above: str | None  # model id cheaper from ``value`` up
    explanation: str


def break_even(
    catalog: Catalog, a: str, b: str, scenario: Scenario, policy: RoutePolicy = TRUSTED
) -> list[BreakEven]:
    """Break-evens in monthly volume, prompt size and cache-read share, on the routes ``policy`` counts.

    One entry per crossing found; an input with none gets one entry with ``value`` None whose
    explanation says why (so the report can state "no break-even" with its reason).
    """
    comparison = cost_comparison(catalog, a, b, scenario, policy)
    if comparison.unavailable_reason:
        reason = f"no break-even: {comparison.unavailable_reason}"
        return [BreakEven(name, None, None, None, reason) for name in _INPUTS]
    return [
        volume_break_even(comparison),
        *prompt_break_evens(catalog, a, b, scenario, policy),
        *cache_break_evens(catalog, a, b, scenario, policy),
    ]


def volume_break_even(comparison: CostComparison) -> BreakEven:
    """Never one: costs are proportional to volume (this entry says so)."""
    if comparison.cheaper is None:
        return BreakEven("monthly_volume", None, None, None, "both cost the same at any volume")
    costlier = comparison.b if comparison.cheaper == comparison.a.model_id else comparison.a
    ratio = f" ({costlier.model_id} costs {comparison.ratio:.3g}× as much)" if comparison.ratio else ""
    return BreakEven(
        "monthly_volume",
        None,
        None,
        None,
        "none: every route bills per token with no fixed fee, so both costs grow in proportion "
        f"to volume and {comparison.cheaper} stays cheaper at any volume{ratio}",
    )


def prompt_break_evens(
    catalog: Catalog, a: str, b: str, scenario: Scenario, policy: RoutePolicy = TRUSTED
) -> list[BreakEven]:
    """Prompt sizes at which the cheaper model changes, through context tiers."""
    starts = tier_starts(catalog, (a, b), price_date_for(catalog, scenario))
    if not starts:
        why = "none: no context tiers on either model's routes, so prompt size does not matter"
        return [BreakEven("prompt_tokens", None, None, None, why)]
    top = 2 * starts[-1]

    def gap(prompt: int) -> Fraction | None:
        return _gap(catalog, a, b, replace(scenario, prompt_tokens=prompt), policy)

    probes = sorted({1, top, *starts, *(s + 1 for s in starts)})
    points = [(Fraction(p), d) for p in probes if (d := gap(p)) is not None]
    found = []
    for (left, d_left), (right, d_right) in _sign_changes(points):
        at = right if d_right == 0 else _first_flip(gap, int(left), int(right), d_left)
        below, above = _order(a, b, d_left)
        why = f"{above} is cheaper for prompts of {at:,} tokens or more, {below} below"
        found.append(BreakEven("prompt_tokens", float(at), below, above, why))
    if found:
        return found
    listed = ", ".join(f"{s:,}" for s in starts)
    why = f"none from 1 to {top:,} prompt tokens: {_leader(a, b, points)} across the context tiers ({listed})"
    return [BreakEven("prompt_tokens", None, None, None, why)]


def cache_break_evens(
    catalog: Catalog, a: str, b: str, scenario: Scenario, policy: RoutePolicy = TRUSTED
) -> list[BreakEven]:
    """Cache-read shares at which the cheaper model changes (exact: costs are linear in it)."""
    high = Fraction(1) - Fraction(repr(scenario.cache_write_share))
    lines_a, lines_b = (_cache_lines(catalog, m, scenario, high, policy) for m in (a, b))
    cuts = {Fraction(0), Fraction(1)} | _meeting_points([*lines_a, *lines_b])
    points = [(t, _lowest(lines_a, t) - _lowest(lines_b, t)) for t in sorted(cuts)]
    found = []
    for (left, d_left), (right, d_right) in _sign_changes(points):
        t = left + (right - left) * d_left / (d_left - d_right)
        share = t * high
        below, above = _order(a, b, d_left)
        why = f"{above} is cheaper when {float(share):.1%} or more of input is read from cache, {below} below"
        found.append(BreakEven("cache_read_share", float(share), below, above, why))
    if found:
        return found
    why = f"none: {_leader(a, b, points)} at every cache-read share from 0% to {float(high):.0%}"
    return [BreakEven("cache_read_share", None, None, None, why)]


def tier_starts(catalog: Catalog, model_ids: tuple[str, ...], when: str) -> list[int]:
    """Tier starts of every price row in force on ``when`` on the models' routes, sorted."""
    starts = set()
    for model_id in model_ids:
        for route_id in catalog.rows("routes", model_id)["route_id"]:
            rows = rows_in_force(price_rows(catalog, str(route_id)), when)
            starts |= {r.tier_start for r in rows if r.tier_start > 0}
    return sorted(starts)


_INPUTS = ("monthly_volume", "prompt_tokens", "cache_read_share")


def _gap(catalog: Catalog, a: str, b: str, scenario: Scenario, policy: RoutePolicy) -> Fraction | None:
    """cost of a − cost of b, None when either is unavailable."""
    ca, cb = model_cost(catalog, a, scenario, policy).cost, model_cost(catalog, b, scenario, policy).cost
    return None if ca is None or cb is None else Fraction(ca) - Fraction(cb)


def _cache_lines(
    catalog: Catalog, model_id: str, scenario: Scenario, high: Fraction, policy: RoutePolicy
) -> list[tuple[Fraction, Fraction]]:
    """(cost at share 0, cost at share ``high``) of each route that may be the cheapest.

    Costs are linear in the share, so a route that costs no less at both ends than another is
    never the cheapest and is left out: the lines' meeting points stay few.
    """
    classes = route_classes(catalog, model_id, price_date_for(catalog, scenario))
    ends = [
        {
            r.route_id: Fraction(r.cost)
            for r in candidates(
                route_costs(catalog, model_id, replace(scenario, cache_read_share=float(x))),
                classes,
                scenario,
                policy,
            )
        }
        for x in (Fraction(0), high)
    ]
    lines = sorted((ends[0][rid], ends[1][rid]) for rid in ends[0] if rid in ends[1])
    kept: list[tuple[Fraction, Fraction]] = []
    for line in lines:  # by cost at 0: keep a line only if it is cheaper at ``high`` than all before it
        if not kept or line[1] < kept[-1][1]:
            kept.append(line)
    return kept


def _meeting_points(lines: list[tuple[Fraction, Fraction]]) -> set[Fraction]:
    """Points strictly inside (0, 1) where two of the lines meet."""
    cuts = set()
    for i, (a0, a1) in enumerate(lines):
        for b0, b1 in lines[i + 1 :]:
            slope_gap = (a1 - a0) - (b1 - b0)
            if slope_gap:
                t = (b0 - a0) / slope_gap
                if 0 < t < 1:
                    cuts.add(t)
    return cuts


def _lowest(lines: list[tuple[Fraction, Fraction]], t: Fraction) -> Fraction:
    return min(c0 + (c1 - c0) * t for c0, c1 in lines)


def _sign_changes(points: list[Point]) -> list[tuple[Point, Point]]:
    """(last point of one sign, first point of the other sign or zero before it) pairs."""
    changes = []
    last = None
    zero = None
    for point in points:
        d = point[1]
        if d == 0:
            zero = zero or point
            continue
        if last is not None and (d > 0) != (last[1] > 0):
            changes.append((last, zero or point))
        last, zero = point, None
    return changes


def _first_flip(gap: Callable[[int], Fraction | None], left: int, right: int, d_left: Fraction) -> int:
    """The smallest prompt size in (left, right] where the gap no longer has d_left's sign."""
    while right - left > 1:
        middle = (left + right) // 2
        d = gap(middle)
        if d is not None and d != 0 and (d > 0) == (d_left > 0):
            left = middle
        else:
            right = middle
    return right


def _order(a: str, b: str, d_left: Fraction) -> tuple[str, str]:
    """(cheaper below, cheaper above) given cost a − cost b below the crossing."""
    return (a, b) if d_left < 0 else (b, a)


def _leader(a: str, b: str, points: list[Point]) -> str:
    """Which model is cheaper throughout (points with no sign change), in words."""
    gaps = [d for _, d in points if d != 0]
    if not gaps:
        return "both cost the same"
    return f"{a if gaps[0] < 0 else b} is cheaper"
