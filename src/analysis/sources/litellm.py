"""LiteLLM ``model_prices_and_context_window.json`` as ModelRecords.

One record per key whose ``mode`` is chat, responses or completion: the text-generation routes
a pair report compares. Other modes (embedding, image/video generation, audio, rerank, search,
moderation, ocr, realtime, ...) are priced per image, second or query, or are not LLM chat
routes, and are skipped, as are keys without a mode and the schema key ``sample_spec``.
provider = ``litellm_provider``; source_model_id and locator = the key; name = the key
(LiteLLM has no display names). Costs are USD per token and become USD per 1M tokens.

Tiers: ``<cost>_above_<N>[k]_tokens`` keys and ``tiered_pricing`` ranges each give a
``whole_request`` row. LiteLLM bills every token of a request at the tier rates once the prompt
exceeds N: ``litellm/litellm_core_utils/llm_cost_calc/utils.py`` ``_get_token_base_cost`` ("If
input_tokens > threshold ... we use the corresponding threshold cost for all token types";
xAI alone compares with >=), and ``tiered_pricing.py`` ``select_tier_for_input`` ("all-or-nothing
... every token in the request (input and output) is billed at that one tier's rate", tier chosen
by ``range_start < input_tokens``). As ``_get_token_base_cost`` does, a rate an above-N tier
does not give falls back to the base rate; batch rates do not (LiteLLM names no such fallback),
so a tier row has batch prices only from ``*_above_<N>_tokens_batches`` keys.

Regional prices: ``regional_processing_uplift_multiplier_<zone>`` (OpenAI data residency, "eu",
"us") and ``regional_endpoint_uplift_multiplier`` (Vertex regional endpoints, "regional") each
add a copy of the key's rows times the multiplier (every per-token price, exactly) with
``Price.region`` set: assemble/routes.py makes them a route variant of their own, never the global
price; it also tells apart keys that name a region (``azure/eu/...``).

Time of day: ``off_peak_pricing`` (DeepSeek) gives rates that replace the key's in its windows
(``hours_utc``, on ``weekdays`` 1 = Monday to 7, counted in ``weekday_timezone`` when given).
The key's rows become ``time_of_day="peak"`` for the other hours, and each gets an ``"off_peak"``
copy with the off-peak rates (a rate the block does not give stays the key's); ``hours_utc``
says the hours and days of each, e.g. "Mon-Fri 04:00-06:00, 10:00-01:00; Sat-Sun all day".

Skipped (no Price field): ``_priority``/``_flex``/``_ultrafast``/... service tiers, 1-hour and
12-hour cache writes (``cache_creation_input_token_cost_above_1hr``), batch cache prices,
and per-image/second/character/query/request prices.
``max_tokens`` (legacy, ambiguous between input and output limits) is not read; it is absent
from this snapshot's chat entries anyway. ``max_input_tokens`` is the prompt limit, not the
context window, so it maps to ``max_input`` and no context_window is derived.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import replace
from decimal import Decimal

from analysis.sources.records import OFF_PEAK, PEAK, RATE_LIMITS, ModelRecord, Price, Snapshot, exact_price
from analysis.sources.snapshot_files import BadValue, iso_date, load_json
from analysis.sources.units import (
    MINUTES_A_DAY,
    clock_span,
    factor,
    flag,
    hours_text,
    listing,
    mapping,
    minutes,
    per_token_to_mtok,
    record_errors,
    spans_of,
    strings,
    text,
    token_count,
    top_level,
)

MODES = frozenset({"chat", "responses", "completion"})
# Multiplier key -> the region its prices are for.
UPLIFTS = {
    "regional_processing_uplift_multiplier_eu": "eu",
    "regional_processing_uplift_multiplier_us": "us",
    "regional_endpoint_uplift_multiplier": "regional",
}
SCHEMA_KEY = "sample_spec"

# LiteLLM per-token cost key -> Price field.
_PRICE_FIELDS = {
    "input_cost_per_token": "input_mtok",
    "output_cost_per_token": "output_mtok",
    "cache_read_input_token_cost": "cache_read_mtok",
    "cache_creation_input_token_cost": "cache_write_mtok",
    "output_cost_per_reasoning_token": "reasoning_mtok",
    "input_cost_per_audio_token": "input_audio_mtok",
    "output_cost_per_audio_token": "output_audio_mtok",
}
_BATCH_FIELDS = {"input_cost_per_token": "batch_input_mtok", "output_cost_per_token": "batch_output_mtok"}
_COST_KEY = re.compile(
    rf"(?P<base>{'|'.join(_PRICE_FIELDS)})"
    r"(?:_above_(?P<n>\d+)(?P<k>k?)_tokens)?(?P<batches>_batches)?"
)

_CAPABILITIES = {
    "supports_function_calling": "function_calling",
    "supports_parallel_function_calling": "parallel_function_calling",
    "supports_tool_choice": "tool_choice",
    "supports_vision": "vision",
    "supports_reasoning": "reasoning",
    "supports_prompt_caching": "prompt_caching",
    "supports_pdf_input": "pdf_input",
    "supports_web_search": "web_search",
    "supports_computer_use": "computer_use",
    "supports_audio_input": "audio_input",
    "supports_audio_output": "audio_output",
    "supports_video_input": "video_input",
}
# Either flag true means schema-constrained output through LiteLLM: response_schema (LiteLLM
# passes or emulates response_format json_schema) or native_structured_output (the provider API).
_STRUCTURED = ("supports_response_schema", "supports_native_structured_output")
_MODALITIES = frozenset({"text", "image", "audio", "video", "pdf"})
_WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")


def model_records(snapshot: Snapshot) -> Iterator[ModelRecord]:
    """One record per chat/responses/completion key of the snapshot, in file order."""
    path = snapshot.path
    data = top_level(load_json(path), dict, "a JSON object of model keys", path)
    for key, raw in data.items():
        if key == SCHEMA_KEY:
            continue
        with record_errors(path, key):
            record = _record(key, mapping(raw, "entry"), snapshot)
        if record is not None:
            yield record


def _record(key: str, entry: Mapping[str, object], snapshot: Snapshot) -> ModelRecord | None:
    if text(entry, "mode") not in MODES:
        return None
    source = text(entry, "source") or ""
    return ModelRecord(
        source_model_id=key,
        name=key,
        prov=snapshot.prov(key, source if source.startswith("http") else ""),
        provider=text(entry, "litellm_provider", required=True),
        fields=_fields(entry),
        capabilities=_capabilities(entry),
        prices=_regional(_off_peak(_prices(entry), entry.get("off_peak_pricing")), entry),
    )


def _off_peak(prices: tuple[Price, ...], raw: object) -> tuple[Price, ...]:
    """``prices`` as peak rows, each followed by its off-peak copy, when the entry has off-peak rates."""
    if raw is None or not prices:
        return prices
    block = mapping(raw, "off_peak_pricing")
    rates = {
        field: per_token_to_mtok(block[key], f"off_peak_pricing.{key}")
        for key, field in _PRICE_FIELDS.items()
        if block.get(key) is not None
    }
    week = _off_peak_week(block)
    everything = frozenset(range(MINUTES_A_DAY))
    peak_hours = _week_text([everything - day for day in week], block)
    off_hours = _week_text(week, block)
    rows = []
    for price in prices:
        rows.append(replace(price, time_of_day=PEAK, hours_utc=peak_hours))
        rows.append(replace(price, **rates, time_of_day=OFF_PEAK, hours_utc=off_hours))
    return tuple(rows)


def _off_peak_week(block: Mapping[str, object]) -> list[frozenset[int]]:
    """The off-peak minutes of each weekday, Monday first."""
    windows = block.get("windows")
    if windows is None:
        windows = [{key: block[key] for key in ("hours_utc", "weekdays") if key in block}]
    week = [frozenset()] * 7
    for index, window in enumerate(listing(windows, "off_peak_pricing.windows")):
        name = f"off_peak_pricing.windows[{index}]"
        window = mapping(window, name)
        hours = window.get("hours_utc")
        spans = tuple(
            clock_span(h, f"{name}.hours_utc") for h in (hours if isinstance(hours, list) else [hours])
        )
        for day in _weekdays(window.get("weekdays"), f"{name}.weekdays"):
            week[day] = week[day] | minutes(spans)
    return week


def _weekdays(raw: object, field: str) -> list[int]:
    """Weekdays 1 (Monday) to 7 or their names, as indexes 0-6; every day when absent."""
    if raw is None:
        return list(range(7))
    days = []
    for value in listing(raw, field):
        name = value[:3].title() if isinstance(value, str) else None
        if name in _WEEKDAYS:
            days.append(_WEEKDAYS.index(name))
        elif isinstance(value, int) and not isinstance(value, bool) and 1 <= value <= 7:
            days.append(value - 1)
        else:
            raise BadValue(field, "weekdays 1 (Monday) to 7, or their names", raw)
    return days


def _week_text(week: list[frozenset[int]], block: Mapping[str, object]) -> str:
    """The hours of each run of days with the same hours: "Mon-Fri 01:00-04:00; Sat-Sun all day"."""
    if all(day == week[0] for day in week):
        return hours_text(spans_of(week[0]))
    parts = []
    start = 0
    for end in range(7):
        if end < 6 and week[end + 1] == week[start]:
            continue
        if week[start]:
            days = _WEEKDAYS[start] if start == end else f"{_WEEKDAYS[start]}-{_WEEKDAYS[end]}"
            parts.append(f"{days} {hours_text(spans_of(week[start]))}")
        start = end + 1
    zone = text(block, "weekday_timezone")
    return "; ".join(parts) + (f"; days in {zone}" if zone else "")


def _regional(prices: tuple[Price, ...], entry: Mapping[str, object]) -> tuple[Price, ...]:
    """``prices`` and, per uplift multiplier the entry gives, the same rows multiplied, exactly."""
    rows = list(prices)
    for key, region in UPLIFTS.items():
        if entry.get(key) is not None:
            times = factor(entry[key], key)
            rows.extend(replace(_times(p, times), region=region) for p in prices)
    return tuple(rows)


def _times(price: Price, times: Decimal) -> Price:
    """``price`` with every per-token price multiplied by ``times``, in decimals."""
    values = {
        name: float(exact_price(Decimal(repr(value)) * times))
        for name in (*_PRICE_FIELDS.values(), *_BATCH_FIELDS.values())
        if (value := getattr(price, name)) is not None
    }
    return replace(price, **values)


def _fields(entry: Mapping[str, object]) -> dict[str, object]:
    fields: dict[str, object] = {}
    for key, field in (("max_input_tokens", "max_input"), ("max_output_tokens", "max_output")):
        if entry.get(key) is not None:
            fields[field] = token_count(entry[key], key)
    if entry.get("deprecation_date") is not None:
        fields["deprecation_date"] = iso_date(entry["deprecation_date"], "deprecation_date")
    for key in RATE_LIMITS:  # requests and tokens a minute: the route's own limits
        if entry.get(key) is not None:
            fields[key] = token_count(entry[key], key)
    for key, field in (
        ("supported_modalities", "input_modalities"),
        ("supported_output_modalities", "output_modalities"),
    ):
        if entry.get(key) is not None:
            fields[field] = _modalities(entry[key], key)
    return fields


def _modalities(value: object, key: str) -> tuple[str, ...]:
    """The modalities in the records vocabulary (LiteLLM also lists e.g. "code")."""
    return tuple(item for item in strings(value, key) if item in _MODALITIES)


def _capabilities(entry: Mapping[str, object]) -> dict[str, bool]:
    capabilities = {cap: flag(entry, key) for key, cap in _CAPABILITIES.items()}
    structured = [flag(entry, key) for key in _STRUCTURED]
    if any(structured):
        capabilities["structured_outputs"] = True
    elif False in structured:
        capabilities["structured_outputs"] = False
    return {cap: value for cap, value in capabilities.items() if value is not None}


def _prices(entry: Mapping[str, object]) -> tuple[Price, ...]:
    """A base row and one ``whole_request`` row per tier start, each with the base as fallback."""
    tiers = _above_threshold_rates(entry)
    for start, rates in _tiered_pricing(entry.get("tiered_pricing")).items():
        tiers.setdefault(start, {}).update(rates)
    base = tiers.pop(0, {})
    standard = {field: value for field, value in base.items() if not field.startswith("batch_")}
    rows = [Price(**base)] if base else []
    for start in sorted(tiers):
        row = standard | tiers[start]
        rows.append(Price(**row, tier_start=start, tier_basis="whole_request"))
    return tuple(rows)


def _above_threshold_rates(entry: Mapping[str, object]) -> dict[int, dict[str, float]]:
    """Price fields by tier start (0 = base) from the flat and ``_above_<N>_tokens`` cost keys."""
    tiers: dict[int, dict[str, float]] = {}
    for key, value in entry.items():
        match = _COST_KEY.fullmatch(key)
        if match is None or value is None:
            continue
        fields = _BATCH_FIELDS if match["batches"] else _PRICE_FIELDS
        if match["base"] not in fields:
            continue
        start = int(match["n"] or 0) * (1000 if match["k"] else 1)
        tiers.setdefault(start, {})[fields[match["base"]]] = per_token_to_mtok(value, key)
    return tiers


def _tiered_pricing(raw: object) -> dict[int, dict[str, float]]:
    """Price fields by range start from ``tiered_pricing: [{range: [start, end], <cost>: ...}]``."""
    tiers: dict[int, dict[str, float]] = {}
    for index, tier in enumerate([] if raw is None else listing(raw, "tiered_pricing")):
        name = f"tiered_pricing[{index}]"
        tier = mapping(tier, name)
        bounds = listing(tier.get("range"), f"{name}.range")
        if len(bounds) != 2:
            raise BadValue(f"{name}.range", "[start, end]", bounds)
        start = token_count(bounds[0], f"{name}.range")
        rates = {
            field: per_token_to_mtok(tier[key], f"{name}.{key}")
            for key, field in _PRICE_FIELDS.items()
            if tier.get(key) is not None
        }
        if rates:
            tiers.setdefault(start, {}).update(rates)
    return tiers
