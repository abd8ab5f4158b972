"""The monthly cost of a scenario on each route of a model, with its breakdown and provenance.

How each kind of token is billed (prices.py says how rows, dates and tiers are chosen):

* input tokens = cache reads + cache writes + uncached input (shares of ``input_tokens``);
* cache reads at the cache-read price; with none, at the input price. That is what a source
  listing no cache-read price means (genai-prices bills ``cache_read_tokens`` inside
  ``input_tokens`` when a model has no ``cache_read_mtok``); if the provider does discount cache
  reads it is an upper bound, and the route's notes say so;
* cache writes at the cache-write price; with none, at the input price (no write surcharge,
  as OpenAI bills them and as genai-prices does for models without ``cache_write_mtok``);
* reasoning tokens (multiplier × output) at the reasoning price, else as output tokens
  (genai-prices: ``output_reasoning_tokens`` are part of ``output_tokens`` unless priced apart);
* the batch share of input and output at the batch prices; where a route has none, at standard
  prices. Tokens billed as input or output (cache tokens without a cache price, reasoning tokens
  without a reasoning price) get the batch price too. Tokens with a cache or reasoning price keep
  it: the catalog has no batch cache or batch reasoning prices (genai-prices' batch variants of
  Anthropic and OpenAI do discount cache reads, so for them this overstates batch cost a little);
* a route with time-of-day prices (DeepSeek) is billed at its peak (standard) prices, or, with
  the scenario's ``off_peak_share``, that share of every kind of token at the off-peak prices;
  the notes name both prices and their UTC hours;
* a route the source lists as free costs $0 even without price rows; a subscription route without
  per-token prices is unavailable (a flat fee, not a per-token price). Any other missing input or
  output price makes the route unavailable: never $0.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from dataclasses import dataclass, fields, replace
from datetime import date
from decimal import Decimal

from analysis.catalog import Catalog
from analysis.costs.prices import (
    ABOVE_THRESHOLD,
    WHOLE_REQUEST,
    PriceRow,
    Provenance,
    Rates,
    blended,
    cell_text,
    has_time_of_day,
    later_start,
    no_rows_reason,
    price_rows,
    provenance,
    rates,
    records,
    rows_in_force,
)
from analysis.costs.scenarios import Scenario, exact
from analysis.errors import ParameterError
from analysis.sources.records import OFF_PEAK, PEAK

FREE, SUBSCRIPTION = "free", "subscription"
TOKENS_PER_MTOK = Decimal(1_000_000)


@dataclass(frozen=True)
class Breakdown:
    """Monthly USD per kind of token at standard prices, less what batch pricing saves."""

    input: Decimal  # uncached input tokens
    cache_read: Decimal
    cache_write: Decimal
    output: Decimal
    reasoning: Decimal
    batch_savings: Decimal  # subtracted from the sum of the others

    @property
    def total(self) -> Decimal:
        """The monthly cost these parts add up to."""
        parts = self.input + self.cache_read + self.cache_write + self.output + self.reasoning
        return parts - self.batch_savings

    def as_dict(self) -> dict[str, float]:
        """Each part (and the total) in USD as floats, for tables."""
        out = {f.name: float(getattr(self, f.name)) for f in fields(self)}
        return out | {"total": float(self.total)}


@dataclass(frozen=True)
class RouteCost:
    """A scenario's monthly cost on one route, or why it has none."""

    route_id: str
    model_id: str
    provider: str
    variant: str
    pricing_kind: str  # paid, free, subscription or unpriced (a $0 paid route counts as free)
    price_date: str
    cost: Decimal | None  # exact monthly USD; None = unavailable
    breakdown: Breakdown | None
    rates: Rates | None  # USD per 1M tokens applied to each kind of token
    provenance: Provenance  # the route's source
    first_party: bool = False  # the lab's own API (providers table: kind first_party, same lab)
    unavailable_reason: str | None = None
    notes: tuple[str, ...] = ()
    status: str = ""  # active, preview, deprecated or retired on the catalog date ("" unknown)
    retirement_date: str = ""  # the date the provider retires the route; "" none announced

    @property
    def retired(self) -> bool:
        """Whether the route is retired on the price date (by its date, else by its status)."""
        return self.retirement_date <= self.price_date if self.retirement_date else self.status == "retired"

    @property
    def monthly_usd(self) -> float | None:
        """The monthly cost in USD, None when unavailable."""
        return None if self.cost is None else float(self.cost)

    @property
    def prices(self) -> tuple[PriceRow, ...]:
        """The price rows the cost used (their dates, tier starts and provenance)."""
        return self.rates.rows if self.rates is not None else ()

    @property
    def sources(self) -> tuple[str, ...]:
        """Citations for the route and the prices used, each once."""
        cited = [self.provenance, *(row.provenance for row in self.prices)]
        return tuple(dict.fromkeys(p.cite() for p in cited if p.source))


def price_date_for(catalog: Catalog, scenario: Scenario) -> str:
    """The date prices are taken at: the scenario's, else the catalog's as-of date, else today.

    A price date after the catalog's as-of date is refused: the catalog cannot know those prices.
    """
    as_of = str(catalog.manifest.get("as_of") or "")[:10]
    when = scenario.price_date
    if when and as_of and when > as_of:
        raise ParameterError(
            f"price_date {when} is after the catalog's as-of date {as_of}; expected a date on or "
            "before it (refresh the catalog for later prices)"
        )
    return when or as_of or date.today().isoformat()


def route_costs(catalog: Catalog, model_id: str, scenario: Scenario) -> tuple[RouteCost, ...]:
    """The scenario's cost on every route of ``model_id`` (unavailable ones included), by id.

    Made once per catalog, model and scenario: a batch's kernel prices each model for report
    after report.
    """

    def made() -> tuple[RouteCost, ...]:
        when = price_date_for(catalog, scenario)
        return tuple(
            route_cost(r, rows, scenario, when, own) for r, rows, own in routes_with_prices(catalog, model_id)
        )

    return catalog.memo(("route_costs", model_id, scenario), made)


def routes_with_prices(
    catalog: Catalog, model_id: str
) -> tuple[tuple[dict, tuple[PriceRow, ...], bool], ...]:
    """(route row, its price rows, whether on the lab's own API) for each route of the model, by id.

    Made once per catalog and model: a report prices the same routes at many volumes.
    """

    def made():
        own = first_party_providers(catalog, model_id)
        routes = sorted(records(catalog.rows("routes", model_id)), key=lambda r: str(r["route_id"]))
        return tuple((r, price_rows(catalog, str(r["route_id"])), r["provider"] in own) for r in routes)

    return catalog.memo(("routes_with_prices", model_id), made)


def first_party_providers(catalog: Catalog, model_id: str) -> frozenset[str]:
    """Providers that are the model's lab's own API: first-party providers of its ``models.lab``.

    The one maker-route rule: compare's profiles use it too.
    """

    def made() -> frozenset[str]:
        lab = catalog.model_index["lab"].get(model_id, "")
        p = catalog.providers
        own = ((p["kind"] == "first_party") & (p["lab"] == lab)).fillna(False) if lab else False
        return frozenset(p.loc[own, "provider"].dropna()) if lab else frozenset()

    return catalog.memo(("first_party_providers", model_id), made)


def route_cost(
    route: dict, rows: Sequence[PriceRow], scenario: Scenario, when: str, first_party: bool = False
) -> RouteCost:
    """The scenario's cost on one route (a ``routes`` row) given its chosen price rows."""
    kind = cell_text(route.get("pricing_kind")) or "paid"
    context = {"route": route, "when": when, "first_party": first_party}
    got = rates_on(tuple(rows), when, scenario.prompt_tokens)
    if isinstance(got, str):
        return _without_rates(kind, got, **context)
    notes = [*rate_notes(got, scenario), *date_notes(rows, got, when)]
    if has_time_of_day(rows):
        off_peak = rates_on(tuple(rows), when, scenario.prompt_tokens, OFF_PEAK)
        if isinstance(off_peak, Rates):
            notes.append(time_of_day_note(got, off_peak, scenario.off_peak_share))
            if scenario.off_peak_share:
                got = blended(got, off_peak, exact(scenario.off_peak_share))
    if kind == "paid" and got.rows[0].input_mtok == 0 and got.rows[0].output_mtok == 0:
        kind = FREE
        notes.append("input and output priced at $0: counted as a free route")
    breakdown = monthly_breakdown(got, scenario)
    return _route(kind, breakdown.total, breakdown, got, notes=tuple(notes), **context)


def repriced(route: RouteCost, scenario: Scenario) -> RouteCost:
    """The route's cost for ``scenario`` at the rates it was priced at: for the same scenario at
    another volume (``Scenario.scaled``), whose prompts, shares and price date are the same."""
    if route.rates is None:
        return route
    breakdown = monthly_breakdown(route.rates, scenario)
    return replace(route, cost=breakdown.total, breakdown=breakdown)


@functools.lru_cache(maxsize=8192)
def rates_on(rows: tuple[PriceRow, ...], when: str, prompt_tokens: int, period: str = PEAK) -> Rates | str:
    """The route's rates on date ``when`` for prompts of ``prompt_tokens`` in ``period`` (peak
    or off-peak hours), or why there are none."""
    in_force = rows_in_force(rows, when, period)
    return rates(in_force, prompt_tokens) if in_force else no_rows_reason(rows, when)


def monthly_breakdown(r: Rates, s: Scenario) -> Breakdown:
    """Monthly USD per kind of token for scenario ``s`` billed at rates ``r``."""
    input_tokens = Decimal(s.input_tokens)
    read = exact(s.cache_read_share) * input_tokens
    write = exact(s.cache_write_share) * input_tokens
    fresh = input_tokens - read - write
    output = Decimal(s.output_tokens)
    reasoning = s.reasoning_tokens
    # Tokens without a price of their own are billed as input or output, batch price included.
    as_input = fresh
    as_input += read if "cache_read_mtok" in r.substituted else 0
    as_input += write if "cache_write_mtok" in r.substituted else 0
    billed_as_output = output + (reasoning if "reasoning_mtok" in r.substituted else 0)
    saved = as_input * (r.input_mtok - r.batch_input_mtok)
    saved += billed_as_output * (r.output_mtok - r.batch_output_mtok)
    return Breakdown(
        input=_usd(fresh, r.input_mtok),
        cache_read=_usd(read, r.cache_read_mtok),
        cache_write=_usd(write, r.cache_write_mtok),
        output=_usd(output, r.output_mtok),
        reasoning=_usd(reasoning, r.reasoning_mtok),
        batch_savings=exact(s.batch_share) * saved / TOKENS_PER_MTOK,
    )


def rate_notes(r: Rates, s: Scenario) -> list[str]:
    """What the reader must know about how this scenario was billed on this route."""
    notes = _tier_notes(r, s.prompt_tokens)
    missing = r.substituted
    if s.cache_read_share and "cache_read_mtok" in missing:
        notes.append(
            "no cache-read price: cached input billed at the input price "
            "(an upper bound if the provider does discount cache reads)"
        )
    if s.cache_write_share and "cache_write_mtok" in missing:
        notes.append("no cache-write price: cache writes billed at the input price")
    if s.reasoning_multiplier:
        reasoning_priced = "reasoning_mtok" not in missing
        notes.append(
            "reasoning tokens billed at the reasoning price"
            if reasoning_priced
            else "reasoning tokens billed as output tokens"
        )
        if s.batch_share and reasoning_priced:
            notes.append("no batch reasoning price: reasoning tokens billed at standard prices")
    if s.batch_share:
        notes.extend(_batch_notes(missing, s))
    return notes


def date_notes(rows: list[PriceRow], r: Rates, when: str) -> list[str]:
    """Which dated prices applied, and whether a new one starts after the price date."""
    notes = []
    if r.rows[0].effective_from:
        notes.append(f"prices in force since {r.rows[0].effective_from} (price date {when})")
    if upcoming := later_start(rows, when):
        notes.append(f"a new price starts on {upcoming}, after the price date {when}")
    return notes


def time_of_day_note(peak: Rates, off_peak: Rates, off_peak_share: float) -> str:
    """The peak and off-peak prices with their UTC hours, and which the cost used."""
    billed = "billed at the peak price"
    if off_peak_share == 1:
        billed = "billed at the off-peak price"
    elif off_peak_share:
        billed = (
            f"{off_peak_share * 100:.3g}% of traffic billed at the off-peak price, the rest at the peak price"
        )
    return (
        f"time-of-day prices: peak {_dollars(peak.input_mtok)} / {_dollars(peak.output_mtok)} per 1M "
        f"input / output tokens (hours UTC: {peak.rows[0].hours_utc}), off-peak "
        f"{_dollars(off_peak.input_mtok)} / {_dollars(off_peak.output_mtok)} "
        f"(hours UTC: {off_peak.rows[0].hours_utc}); {billed}"
    )


def _dollars(price: Decimal) -> str:
    """A price in dollars with its every digit and at least cents: $0.15, $0.135, $1.20."""
    whole, _, cents = f"{price.normalize():f}".partition(".")
    return f"${whole}.{cents.ljust(2, '0')}"


def _tier_notes(r: Rates, prompt_tokens: int) -> list[str]:
    tiers = [row.tier_start for row in r.rows[1:]]
    if r.basis == WHOLE_REQUEST:
        return [
            f"{prompt_tokens:,}-token prompts are above the {tiers[-1]:,}-token context tier: "
            "every token of such a request is billed at the tier's prices"
        ]
    if r.basis == ABOVE_THRESHOLD:
        starts = ", ".join(f"{t:,}" for t in tiers)
        return [
            f"{prompt_tokens:,}-token prompts: prompt tokens above {starts} are billed at the "
            "tier prices, the rest of the request at base prices"
        ]
    return []


def _batch_notes(missing: frozenset[str], s: Scenario) -> list[str]:
    absent = [k for k in ("batch_input_mtok", "batch_output_mtok") if k in missing]
    notes = []
    if len(absent) == 2:
        notes.append("no batch price on this route: the batch share is billed at standard prices")
    elif absent:
        side = "input" if absent[0] == "batch_input_mtok" else "output"
        notes.append(f"no batch {side} price: batch {side} billed at the standard price")
    cache_priced = [k for k in ("cache_read_mtok", "cache_write_mtok") if k not in missing]
    shares = {"cache_read_mtok": s.cache_read_share, "cache_write_mtok": s.cache_write_share}
    if any(shares[k] for k in cache_priced):
        notes.append("cached tokens in the batch share billed at standard cache prices")
    return notes


def _without_rates(kind: str, reason: str, **context) -> RouteCost:
    """A free route at $0, or an unavailable route with ``reason``."""
    if kind == FREE:
        zero = Decimal(0)
        breakdown = Breakdown(zero, zero, zero, zero, zero, zero)
        note = f"listed as free by its source ({reason}): $0"
        return _route(kind, zero, breakdown, None, notes=(note,), **context)
    if kind == SUBSCRIPTION:
        reason = f"subscription plan: a flat fee, not a per-token price ({reason})"
    return _route(kind, None, None, None, unavailable_reason=reason, **context)


def _route(kind: str, cost, breakdown, r, *, route: dict, when: str, first_party: bool, **extra) -> RouteCost:
    return RouteCost(
        route_id=str(route["route_id"]),
        model_id=str(route["model_id"]),
        provider=cell_text(route.get("provider")),
        variant=cell_text(route.get("variant")),
        pricing_kind=kind,
        price_date=when,
        cost=cost,
        breakdown=breakdown,
        rates=r,
        provenance=provenance(route),
        first_party=first_party,
        status=cell_text(route.get("status")),
        retirement_date=cell_text(route.get("retirement_date")),
        **extra,
    )


def _usd(tokens: Decimal, usd_per_mtok: Decimal) -> Decimal:
    return tokens * usd_per_mtok / TOKENS_PER_MTOK
