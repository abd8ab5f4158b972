"""genai-prices (pydantic/genai-prices) provider price data as ModelRecords.

Reads the JSON rendering of ``genai_prices.data.providers`` in a snapshot, or the installed
package itself. One record per (provider, model) entry; prices are already USD per 1M tokens.

How the source's price shapes become :class:`Price` rows:

* ``prices`` as a list of ``{constraint: {start_date}, prices}``: one set of rows per start date
  (``effective_from``); the unconstrained first entry has no start date.
* Entries constrained to a time of day (``{start_time, end_time}``, DeepSeek): genai-prices bills
  the last active entry, so after every dated entry such an entry replaces the dated price in its
  UTC window on every date. The windows (which must share one price) become rows with
  ``hours_utc`` = the windows, no start date; the dated rows get ``hours_utc`` = the rest of the
  day. The dearer of the two is ``time_of_day="peak"``, the cheaper ``"off_peak"`` (DeepSeek V4
  Flash: $0.30 / $1.20 peak at 01:00-04:00, 06:00-10:00 UTC, $0.15 / $0.60 off-peak otherwise).
* ``{base, tiers: [{start, price}]}``: one row per tier start, ``tier_basis="whole_request"``.
  genai-prices bills *every* token of a request at the tier price once the request's input
  tokens exceed ``start`` (``genai_prices/types.py``: ``TieredPrices`` docstring, "crossing a tier
  applies that rate to ALL tokens", and ``calc_unit_price``, ``total_input_tokens > tier.start``).
  A tier row repeats the prices that do not change with the tier, so each row is complete.
* ``price_variants`` with ``when: {processing: batch}`` fill ``batch_input_mtok`` and
  ``batch_output_mtok``, from the variant's own start date when it has one; like genai-prices the
  first active variant wins per price. Other variants (service_tier priority/flex/fast/default,
  speed, route, search_type) are skipped: a Price row has no field for them.
* Skipped price keys (no Price field): ``cache_write_1h_mtok``, batch cache prices, and per-unit
  prices that are not per token (web searches, requests, images, audio hours, pages, characters).
"""

from __future__ import annotations

import importlib.metadata
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, time
from functools import partial
from pathlib import Path

from analysis.sources.records import OFF_PEAK, PEAK, ModelRecord, Price, Provenance, Snapshot
from analysis.sources.snapshot_files import BadValue, iso_date, load_json
from analysis.sources.units import (
    MINUTES_A_DAY,
    Span,
    flag,
    hours_text,
    listing,
    mapping,
    minutes,
    record_errors,
    spans_of,
    strings,
    text,
    token_count,
    top_level,
    usd_per_mtok,
)

SOURCE = "genai-prices"
PACKAGE_PATH = Path("genai_prices.data.providers")  # names the installed package in errors

# genai-prices price key -> Price field.
_PRICE_FIELDS = {
    "input_mtok": "input_mtok",
    "output_mtok": "output_mtok",
    "cache_read_mtok": "cache_read_mtok",
    "cache_write_mtok": "cache_write_mtok",
    "output_reasoning_mtok": "reasoning_mtok",
    "input_audio_mtok": "input_audio_mtok",
    "output_audio_mtok": "output_audio_mtok",
}
_BATCH_FIELDS = {"input_mtok": "batch_input_mtok", "output_mtok": "batch_output_mtok"}
_BATCH = {"processing": "batch"}

ProvFn = Callable[..., Provenance]  # (locator, url) -> Provenance


@dataclass(frozen=True, slots=True)
class ProviderRecord:
    """A genai-prices provider: its id, display name, pricing pages and pricing caveats."""

    provider: str
    name: str
    pricing_urls: tuple[str, ...]
    price_comments: str
    prov: Provenance


def model_records(snapshot: Snapshot) -> Iterator[ModelRecord]:
    """One record per (provider, model) in the snapshot's JSON, in file order."""
    return _model_records(_providers(snapshot.path), snapshot.prov, snapshot.path)


def model_records_from_package(as_of: str = "") -> Iterator[ModelRecord]:
    """The same records read from the installed ``genai_prices`` package (version = installed)."""
    version = importlib.metadata.version("genai-prices")
    prov = partial(Provenance, SOURCE, version, as_of)
    return _model_records(package_providers(), prov, PACKAGE_PATH)


def provider_records(snapshot: Snapshot) -> Iterator[ProviderRecord]:
    """One record per provider in the snapshot's JSON, in file order."""
    for index, raw in enumerate(_providers(snapshot.path)):
        with record_errors(snapshot.path, f"providers[{index}]"):
            provider = mapping(raw, "provider")
            pid = text(provider, "id", required=True)
            urls = tuple(_pricing_urls(provider))
            record = ProviderRecord(
                provider=pid,
                name=text(provider, "name") or pid,
                pricing_urls=urls,
                price_comments=text(provider, "price_comments") or "",
                prov=snapshot.prov(pid, urls[0] if urls else ""),
            )
        yield record


def match_names(match: object) -> tuple[str, ...]:
    """The literal model ids a match clause names: its ``equals``, also inside (nested) ``or``.

    Pattern clauses (starts_with, contains, regex, ...) and ``and`` clauses name no single id and
    are left out. genai-prices compares case-insensitively; the names keep the source's spelling.
    """
    clause = mapping(match, "match")
    if "equals" in clause:
        return (text(clause, "equals", required=True),)
    if "or" in clause:
        names = (name for sub in listing(clause["or"], "match.or") for name in match_names(sub))
        return tuple(dict.fromkeys(names))
    return ()


def model_match_names(snapshot: Snapshot) -> dict[tuple[str, str], tuple[str, ...]]:
    """``match_names`` of every model, keyed by (provider id, model id)."""
    names = {}
    for index, provider in enumerate(_providers(snapshot.path)):
        models = _models(provider, index, snapshot.path)
        for position, model in enumerate(models):
            with record_errors(snapshot.path, _locator(provider["id"], model, position)):
                mid = text(mapping(model, "model"), "id", required=True)
                names[provider["id"], mid] = match_names(model.get("match"))
    return names


def package_providers() -> list[dict[str, object]]:
    """``genai_prices.data.providers`` in the snapshot's JSON shape, as ``load_json`` reads it.

    The shape of the upstream JSON: clause fields lose their trailing ``_``, None values and the
    usage ``extractors`` are dropped, dates become ISO strings; Decimals stay Decimals.
    """
    from genai_prices import data

    return _plain(data.providers)


def _plain(value: object) -> object:
    if isinstance(value, date | time):
        return value.isoformat()
    if isinstance(value, list | tuple):
        return [_plain(item) for item in value]
    if isinstance(value, Mapping):
        return {key: _plain(item) for key, item in value.items()}
    if hasattr(value, "__dict__"):
        return {
            key.rstrip("_"): _plain(item)
            for key, item in vars(value).items()
            if item is not None and not key.startswith("_") and key != "extractors"
        }
    return value


def _providers(path: Path) -> list[object]:
    return top_level(load_json(path), list, "a JSON list of providers", path)


def _models(provider: object, index: int, path: Path) -> list[object]:
    """The models of a provider, once its id and models list are checked."""
    with record_errors(path, f"providers[{index}]"):
        provider = mapping(provider, "provider")
        text(provider, "id", required=True)
        _pricing_urls(provider)
        return listing(provider.get("models"), "models")


def _pricing_urls(provider: Mapping[str, object]) -> list[str]:
    urls = provider.get("pricing_urls")
    return [] if urls is None else strings(urls, "pricing_urls")


def _model_records(providers: list[object], prov: ProvFn, path: Path) -> Iterator[ModelRecord]:
    for index, provider in enumerate(providers):
        models = _models(provider, index, path)
        url = (provider.get("pricing_urls") or [""])[0]
        for position, model in enumerate(models):
            locator = _locator(provider["id"], model, position)
            with record_errors(path, locator):
                record = _model_record(provider["id"], mapping(model, "model"), prov(locator, url))
            yield record


def _locator(pid: str, model: object, position: int) -> str:
    mid = model.get("id") if isinstance(model, Mapping) else None
    return f"{pid}/models/{mid}" if isinstance(mid, str) else f"{pid}/models[{position}]"


def _model_record(pid: str, model: Mapping[str, object], prov: Provenance) -> ModelRecord:
    mid = text(model, "id", required=True)
    mapping(model.get("match"), "match")
    if "prices" not in model:
        raise BadValue("prices", "a price object or list (required)", None)
    return ModelRecord(
        source_model_id=mid,
        name=text(model, "name") or mid,
        prov=prov,
        provider=pid,
        fields=_fields(model),
        prices=_prices(model),
    )


def _fields(model: Mapping[str, object]) -> dict[str, object]:
    fields: dict[str, object] = {}
    if model.get("context_window") is not None:
        fields["context_window"] = token_count(model["context_window"], "context_window")
    if description := text(model, "description"):
        fields["description"] = description.strip()
    if flag(model, "deprecated"):
        fields["status"] = "deprecated"
    return fields


Steps = tuple[tuple[int, float], ...]  # (tier start, USD per 1M tokens), the first at 0
Dated = list[tuple[str, dict[str, Steps]]]  # (start date or "", Price field -> steps)
Windowed = tuple[tuple[Span, ...], dict[str, Steps]]  # (UTC spans of the day, steps)


def _prices(model: Mapping[str, object]) -> tuple[Price, ...]:
    """Price rows for every start date the standard prices or batch variants name."""
    standard, windowed = _standard(model["prices"])
    batch = _batch_variants(model.get("price_variants"))
    rows: list[Price] = []
    previous: tuple[Price, ...] = ()
    for day in sorted({d for d, _ in standard} | {d for d, _ in batch}):
        current = _rows_on(day, standard, batch)
        if current != previous:  # a date that changes none of our prices adds no rows
            rows.extend(replace(row, effective_from=day) for row in current)
        previous = current
    return tuple(rows) if windowed is None else _time_of_day(rows, standard, windowed)


def _time_of_day(rows: list[Price], standard: Dated, windowed: Windowed) -> tuple[Price, ...]:
    """The dated rows billed outside the windows, and the windows' rows, labelled peak/off-peak."""
    spans, steps = windowed
    window_input = _at(steps.get("input_mtok", ((0, 0.0),)), 0)
    dated_inputs = [_at(p.get("input_mtok", ((0, 0.0),)), 0) for _, p in standard]
    if all(window_input > d for d in dated_inputs):
        inside, outside = PEAK, OFF_PEAK
    elif all(window_input < d for d in dated_inputs):
        inside, outside = OFF_PEAK, PEAK
    else:
        raise BadValue("prices", "time-of-day prices above or below every dated price", window_input)
    rest = hours_text(spans_of(frozenset(range(MINUTES_A_DAY)) - minutes(spans)))
    windows = _tier_rows(steps)
    return (
        *(replace(row, time_of_day=outside, hours_utc=rest) for row in rows),
        *(replace(row, time_of_day=inside, hours_utc=hours_text(spans)) for row in windows),
    )


def _standard(raw: object) -> tuple[Dated, Windowed | None]:
    """The standard prices by start date, and the time-of-day windows' prices if any."""
    if isinstance(raw, Mapping):
        return [("", _steps_by_field(raw, "prices", _PRICE_FIELDS))], None
    dated: Dated = []
    spans: list[Span] = []
    window_prices: list[dict[str, Steps]] = []
    for index, entry in enumerate(listing(raw, "prices")):
        name = f"prices[{index}]"
        entry = mapping(entry, name)
        constraint = entry.get("constraint")
        steps = _steps_by_field(entry.get("prices"), f"{name}.prices", _PRICE_FIELDS)
        span = _span(constraint, f"{name}.constraint")
        if span is not None:
            spans.append(span)
            window_prices.append(steps)
        elif spans:
            raise BadValue(f"{name}.constraint", "dated prices before every time-of-day price", constraint)
        else:
            dated.append((_start_date(constraint, f"{name}.constraint"), steps))
    if not spans:
        return dated, None
    if any(prices != window_prices[0] for prices in window_prices):
        raise BadValue("prices", "one price for every time-of-day window", raw)
    return dated, (tuple(spans), window_prices[0])


def _batch_variants(raw: object) -> Dated:
    """The batch variants by start date, in source order; time-of-day ones left out."""
    variants = [] if raw is None else listing(raw, "price_variants")
    entries = []
    for index, variant in enumerate(variants):
        name = f"price_variants[{index}]"
        variant = mapping(variant, name)
        constraint = variant.get("constraint")
        if variant.get("when") != _BATCH or _span(constraint, f"{name}.constraint") is not None:
            continue
        start = _start_date(constraint, f"{name}.constraint")
        entries.append((start, _steps_by_field(variant.get("prices"), f"{name}.prices", _BATCH_FIELDS)))
    return entries


def _start_date(constraint: object, field: str) -> str:
    """ "" for no constraint, else the ISO start date."""
    if constraint is None:
        return ""
    constraint = mapping(constraint, field)
    if "start_date" in constraint:
        return iso_date(constraint["start_date"], f"{field}.start_date")
    raise BadValue(field, "start_date or start_time/end_time", constraint)


def _span(constraint: object, field: str) -> Span | None:
    """(start, end) UTC minutes of a ``{start_time, end_time}`` constraint; None for others."""
    if not isinstance(constraint, Mapping) or "start_time" not in constraint:
        return None
    start, end = (_utc_minute(constraint.get(k), f"{field}.{k}") for k in ("start_time", "end_time"))
    return start, end


def _utc_minute(value: object, field: str) -> int:
    """Minutes after 00:00 UTC of an ISO time such as ``01:00:00+00:00`` (no offset = UTC)."""
    try:
        moment = time.fromisoformat(value) if isinstance(value, str) else None
    except ValueError:
        moment = None
    if moment is None:
        raise BadValue(field, "an ISO time like 01:00:00+00:00", value)
    utc = datetime.combine(date(2000, 1, 1), moment.replace(tzinfo=moment.tzinfo or UTC)).astimezone(UTC)
    return utc.hour * 60 + utc.minute


def _steps_by_field(prices: object, name: str, fields: Mapping[str, str]) -> dict[str, Steps]:
    prices = mapping(prices, name)
    return {fields[k]: _steps(v, f"{name}.{k}") for k, v in prices.items() if k in fields}


def _steps(value: object, name: str) -> Steps:
    """A flat price, or a ``{base, tiers: [{start, price}]}`` one, as steps by tier start."""
    if not isinstance(value, Mapping):
        return ((0, usd_per_mtok(value, name)),)
    steps = [(0, usd_per_mtok(value.get("base"), f"{name}.base"))]
    for index, tier in enumerate(listing(value.get("tiers"), f"{name}.tiers")):
        tier = mapping(tier, f"{name}.tiers[{index}]")
        start = token_count(tier.get("start"), f"{name}.tiers[{index}].start")
        steps.append((start, usd_per_mtok(tier.get("price"), f"{name}.tiers[{index}].price")))
    return tuple(sorted(steps, key=lambda step: step[0]))


def _rows_on(day: str, standard: Dated, batch: Dated) -> tuple[Price, ...]:
    """The rows in force on ``day``, without effective_from."""
    # genai-prices: the last standard entry that has started wins, else the first entry.
    fallback = standard[0][1] if standard else {}
    values = dict(next((p for d, p in reversed(standard) if d <= day), fallback))
    for start, variant in batch:  # the first started variant wins per price
        if start <= day:
            for field, steps in variant.items():
                values.setdefault(field, steps)
    return _tier_rows(values)


def _tier_rows(values: Mapping[str, Steps]) -> tuple[Price, ...]:
    """A row for the base prices and one per tier start any price names."""
    starts = sorted({start for steps in values.values() for start, _ in steps})
    return tuple(
        Price(
            **{field: _at(steps, start) for field, steps in values.items()},
            tier_start=start,
            tier_basis="whole_request" if start else "",
        )
        for start in starts
    )


def _at(steps: Steps, start: int) -> float:
    """The price for prompts above ``start`` tokens: the last step starting at or below it."""
    return next(price for s, price in reversed(steps) if s <= start)
