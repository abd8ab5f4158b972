"""A route's price rows, the rows in force on a date, and the per-token rates for a prompt size.

Rules (the sources that justify them are named in each docstring):

* Dates: a row applies from its ``effective_from`` ("" = always). On the price date the base row
  in force is the latest one starting on or before it; per tier start, the latest tier row
  starting on or before it, but never one older than that base row. A dated price set replaces
  the set before it, tiers included (genai-prices ``ConditionalPrice``: the last active entry
  wins as a whole; the genai-prices importer writes each dated set in full).
* Tiers: a tier row applies to requests whose prompt is *above* its ``tier_start``
  (genai-prices ``calc_unit_price``: ``total_input_tokens > tier.start``). ``whole_request``
  (also assumed when a tier row has no basis): every token of the request, output and cache
  included, is billed at the highest such tier (genai-prices ``TieredPrices``: "crossing a
  tier applies that rate to ALL tokens"; models.dev ``cost.tiers``: the whole request at the
  tier's rates). ``above_threshold``: only the prompt tokens above each tier start are billed at
  that tier; output and reasoning stay at base prices.
* A price a tier row leaves out is the price of the next lower row that gives it, down to the
  base row: in genai-prices a price key without tiers costs the same at every prompt size, and a
  models.dev tier "holds only the rates it lists".
* Time of day: a route with peak and off-peak rows (DeepSeek) is billed at its peak (standard)
  rows unless asked for the off-peak ones; rows for all day count in both.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

import pandas as pd

from analysis.catalog import Catalog
from analysis.costs.scenarios import exact
from analysis.sources.records import PEAK, Provenance

WHOLE_REQUEST, ABOVE_THRESHOLD = "whole_request", "above_threshold"
PRICE_KEYS = (
    "input_mtok",
    "output_mtok",
    "cache_read_mtok",
    "cache_write_mtok",
    "reasoning_mtok",
    "batch_input_mtok",
    "batch_output_mtok",
)
# Prices of prompt tokens (billed per band above a threshold) and of generated tokens.
PROMPT_KEYS = ("input_mtok", "cache_read_mtok", "cache_write_mtok", "batch_input_mtok")
OUTPUT_KEYS = ("output_mtok", "reasoning_mtok", "batch_output_mtok")
# Where a price is missing, what the tokens are billed at instead (see routes.py for the notes).
FALLBACK = {
    "cache_read_mtok": "input_mtok",
    "cache_write_mtok": "input_mtok",
    "batch_input_mtok": "input_mtok",
    "reasoning_mtok": "output_mtok",
    "batch_output_mtok": "output_mtok",
}


@dataclass(frozen=True)
class PriceRow:
    """One chosen price row of a route (USD per 1M tokens; None = not given, never 0)."""

    route_id: str
    effective_from: str
    tier_start: int
    tier_basis: str
    provenance: Provenance
    input_mtok: Decimal | None = None
    output_mtok: Decimal | None = None
    cache_read_mtok: Decimal | None = None
    cache_write_mtok: Decimal | None = None
    reasoning_mtok: Decimal | None = None
    batch_input_mtok: Decimal | None = None
    batch_output_mtok: Decimal | None = None
    time_of_day: str = ""  # PEAK or OFF_PEAK in the UTC hours ``hours_utc``; "" = all day
    hours_utc: str = ""

    @property
    def basis(self) -> str:
        """The tier basis, whole_request when a tier row does not say."""
        return self.tier_basis or WHOLE_REQUEST


@dataclass(frozen=True)
class Rates:
    """The USD per 1M tokens a route bills each kind of token, for one prompt size.

    Missing prices are already replaced by their FALLBACK; ``substituted`` names them.
    A blended rate (``above_threshold``) averages the bands of one request's prompt.
    """

    input_mtok: Decimal
    output_mtok: Decimal
    cache_read_mtok: Decimal
    cache_write_mtok: Decimal
    reasoning_mtok: Decimal
    batch_input_mtok: Decimal
    batch_output_mtok: Decimal
    substituted: frozenset[str]
    rows: tuple[PriceRow, ...]  # the rows in force for this prompt size
    basis: str  # "" (base prices), whole_request or above_threshold


def price_rows(catalog: Catalog, route_id: str) -> tuple[PriceRow, ...]:
    """The route's chosen price rows, by effective date and tier start (made once per catalog)."""

    def made() -> tuple[PriceRow, ...]:
        rows = [_price_row(r) for r in catalog.price_records(route_id)]
        return tuple(sorted(rows, key=lambda r: (r.effective_from, r.tier_start)))

    return catalog.memo(("price_rows", route_id), made)


def records(frame: pd.DataFrame) -> list[dict]:
    """The frame's rows as dicts (NA cells as pd.NA); faster than ``to_dict`` on NA dtypes."""
    columns = [frame[c].tolist() for c in frame.columns]
    return [dict(zip(frame.columns, values, strict=True)) for values in zip(*columns, strict=True)]


def provenance(row: dict) -> Provenance:
    """The provenance columns of a catalog row."""
    return Provenance(*(cell_text(row.get(k)) for k in ("source", "version", "as_of", "locator", "url")))


def rows_in_force(rows: Sequence[PriceRow], price_date: str, period: str = PEAK) -> tuple[PriceRow, ...]:
    """The base row and tier rows that apply on ``price_date`` in ``period`` (the peak, standard
    prices unless OFF_PEAK is asked for), by tier start; () when none."""
    started = [r for r in rows if r.effective_from <= price_date and r.time_of_day in ("", period)]
    bases = [r for r in started if r.tier_start == 0]
    if not bases:
        return ()
    base = max(bases, key=lambda r: r.effective_from)
    tiers: dict[int, PriceRow] = {}
    for row in started:
        if row.tier_start > 0 and row.effective_from >= base.effective_from:
            current = tiers.get(row.tier_start)
            if current is None or row.effective_from > current.effective_from:
                tiers[row.tier_start] = row
    return (base, *(tiers[start] for start in sorted(tiers)))


def no_rows_reason(rows: Sequence[PriceRow], price_date: str) -> str:
    """Why ``rows_in_force`` found nothing on ``price_date``."""
    if not rows:
        return "no price in the catalog for this route"
    starts = sorted({r.effective_from for r in rows if r.tier_start == 0})
    if not starts:
        return "only context-tier prices in the catalog, no base price"
    return f"prices start on {starts[0]}, after the price date {price_date}"


def later_start(rows: Sequence[PriceRow], price_date: str) -> str | None:
    """The first date after ``price_date`` on which a new price row starts, if any."""
    later = [r.effective_from for r in rows if r.effective_from > price_date]
    return min(later) if later else None


def rates(rows: tuple[PriceRow, ...], prompt_tokens: int) -> Rates | str:
    """Per-token rates for requests of ``prompt_tokens`` (rows from ``rows_in_force``).

    Returns the reason instead when the base row lacks an input or output price, or the tiers
    that apply mix bases.
    """
    active = tuple(r for r in rows if r.tier_start < prompt_tokens)
    bases = {r.basis for r in active[1:]}
    if len(bases) > 1:
        return "its context tiers mix whole_request and above_threshold billing"
    basis = bases.pop() if bases else ""
    for key in ("input_mtok", "output_mtok"):
        if getattr(active[0], key) is None:
            return f"no {key.removesuffix('_mtok')} price"
    if basis == ABOVE_THRESHOLD:
        bands = _bands(active, prompt_tokens)
        output_rows = active[:1]
    else:
        bands = [(active, Decimal(1))]
        output_rows = active
    values = {key: _blend(bands, key) for key in PROMPT_KEYS}
    values |= {key: _price(output_rows, key) for key in OUTPUT_KEYS}
    substituted = {key for key in PROMPT_KEYS if any(_given(b, key) is None for b, _ in bands)}
    substituted |= {key for key in OUTPUT_KEYS if _given(output_rows, key) is None}
    return Rates(**values, substituted=frozenset(substituted), rows=active, basis=basis)


def has_time_of_day(rows: Sequence[PriceRow]) -> bool:
    """Whether the route has peak and off-peak prices."""
    return any(r.time_of_day for r in rows)


def blended(peak: Rates, off_peak: Rates, share: Decimal) -> Rates:
    """Rates for traffic with ``share`` sent off-peak: each price weighted by its share."""
    values = {key: getattr(peak, key) * (1 - share) + getattr(off_peak, key) * share for key in PRICE_KEYS}
    return Rates(
        **values,
        substituted=peak.substituted | off_peak.substituted,
        rows=peak.rows + off_peak.rows,
        basis=peak.basis,
    )


def _bands(active: tuple[PriceRow, ...], prompt_tokens: int) -> list[tuple[tuple, Decimal]]:
    """(rows up to a tier, share of each prompt billed there) for above_threshold tiers."""
    starts = [r.tier_start for r in active] + [prompt_tokens]
    return [(active[: i + 1], Decimal(starts[i + 1] - starts[i]) / prompt_tokens) for i in range(len(active))]


def _blend(bands: list[tuple[tuple, Decimal]], key: str) -> Decimal:
    return sum((share * _price(rows, key) for rows, share in bands), Decimal(0))


def _price(rows: tuple[PriceRow, ...], key: str) -> Decimal:
    """The price of ``key`` in the highest row giving it, else of its FALLBACK."""
    given = _given(rows, key)
    return given if given is not None else _price(rows, FALLBACK[key])


def _given(rows: tuple[PriceRow, ...], key: str) -> Decimal | None:
    return next((getattr(r, key) for r in reversed(rows) if getattr(r, key) is not None), None)


def _price_row(row: dict) -> PriceRow:
    prices = {key: _decimal(row.get(key)) for key in PRICE_KEYS}
    return PriceRow(
        route_id=str(row["route_id"]),
        effective_from=cell_text(row.get("effective_from")),
        tier_start=0 if pd.isna(row.get("tier_start")) else int(row["tier_start"]),
        tier_basis=cell_text(row.get("tier_basis")),
        provenance=provenance(row),
        **prices,
        time_of_day=cell_text(row.get("time_of_day")),
        hours_utc=cell_text(row.get("hours_utc")),
    )


def _decimal(value: object) -> Decimal | None:
    return None if value is None or pd.isna(value) else exact(float(value))


def cell_text(value: object) -> str:
    """A catalog cell as text ("" for NA)."""
    return "" if value is None or pd.isna(value) else str(value)
