"""Routes (a model at a provider, per variant) and their prices from every source.

A regional or data-zone price is a route variant of its own, the region named after the
identity variant (``azure:openai/o4-mini@2025-04-16+eu``), never the global price: the region a
price row names (LiteLLM's uplift multipliers), else the one its source id names, as a segment
(``azure/eu/``, ``bedrock/us-gov-west-1/``) or a prefix (``eu.anthropic.``, genai-prices'
``regional.``). ``global`` names the global price: such a record is the route without a region,
and wins over its source's record that names no region.

Each route takes its prices and limits from one source, chosen by this precedence: a source
that has prices over one that has none, then genai-prices (dated price history, tiers, newest
data), models.dev, LiteLLM, OpenRouter's export; ties go to the locator. The other sources'
price rows stay in the prices table (chosen = false), and where their current base prices
differ from the chosen ones, the conflicts table says so.

A curated price from the maker's own pricing page (data/curated/prices.csv, rank MAKER_PAGE in
assemble/authority.py) outranks every route file's price for its route: its rows are the chosen
ones, and the route files' rows all stay unchosen, with their differences in the conflicts table.
The route's other columns (limits, provider model id, pricing kind, lifecycle) still come from the
route files.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import asdict, fields, replace

from analysis.assemble import authority
from analysis.assemble.clean import cleaned
from analysis.assemble.curated import Curated
from analysis.assemble.facts import provenance
from analysis.assemble.identity import Placed
from analysis.assemble.validate import is_date
from analysis.errors import CatalogError
from analysis.sources.records import OFF_PEAK, RATE_LIMITS, ModelRecord, Price, Provenance

PRICE_RANK = {"genai-prices": 0, "models.dev": 1, "litellm": 2, "openrouter": 3}
PRICE_FIELDS = [f.name for f in fields(Price) if f.name.endswith("_mtok")]
PRICE_REASON = "a route takes its prices from one source: genai-prices, then models.dev, LiteLLM, OpenRouter"
COMPARED = ("input_mtok", "output_mtok", "cache_read_mtok", "cache_write_mtok")
GLOBAL = "global"
PAGE_PRICES = "prices.csv"  # data/curated/prices.csv: prices from makers' own pricing pages
PAGE_PRICES_REQUIRED = ("input_mtok", "output_mtok")
_DECIMAL = re.compile(r"[0-9]+(?:\.[0-9]+)?")
_REGION_SEGMENT = re.compile(r"(?:^|/)([a-z]{2}(?:-[a-z]+)+-\d|us|eu|apac|global)/")
_REGION_PREFIX = re.compile(r"(?:^|/)(us-gov|us|eu|apac|ap|jp|au|ca|in|global|regional)\.")


def route_id(provider: str, model_id: str, variant: str) -> str:
    """The route id: ``<provider>:<model_id>`` plus ``@<variant>`` for a variant."""
    return f"{provider}:{model_id}" + (f"@{variant}" if variant else "")


def regional(p: Placed) -> dict[str, Placed]:
    """The record per region its price rows are for: a row's own region, else the one its
    source id names ("global" when it says so, "" when it names none)."""
    sid = p.record.source_model_id
    found = _REGION_SEGMENT.search(sid) or _REGION_PREFIX.search(sid)
    named = found.group(1) if found else ""
    rows: dict[str, list[Price]] = defaultdict(list)
    for price in p.record.prices:
        rows[price.region or named].append(price)
    if len(rows) < 2:
        return {next(iter(rows), named): p}
    return {where: replace(p, record=replace(p.record, prices=tuple(r))) for where, r in rows.items()}


def route_variant(p: Placed, where: str) -> str:
    """The record's variant with the region its rows are for after it (none for global)."""
    return "+".join(v for v in (p.variant, "" if where == GLOBAL else where) if v)


def grouped(placed: list[Placed]) -> dict[str, list[Placed]]:
    """Offers by route id, one record per source (an explicit global one, else the first by
    locator), best source first. A region is named after the record's variant."""
    split = [(where, q) for p in placed if p.model_id and p.provider for where, q in regional(p).items()]
    by_route: dict[str, dict[str, Placed]] = defaultdict(dict)
    for where, p in sorted(split, key=lambda item: (item[0] != GLOBAL, item[1].record.prov.locator)):
        by_route[route_id(p.provider, p.model_id, route_variant(p, where))].setdefault(
            p.record.prov.source, p
        )
    return {
        rid: sorted(
            per_source.values(),
            key=lambda p: (not p.record.prices, PRICE_RANK.get(p.record.prov.source, 9)),
        )
        for rid, per_source in by_route.items()
    }


def pricing_kind(p: Placed, provider_kind: str) -> str:
    """paid, free, subscription or unpriced: how the chosen record says the route is billed."""
    if provider_kind == "subscription" or p.record.pricing_kind == "subscription":
        return "subscription"
    if p.record.pricing_kind == "free" or "free" in p.variant.split("+"):
        return "free"
    return "paid" if p.record.prices else "unpriced"


def route_rows(groups: dict[str, list[Placed]], provider_kind: dict[str, str]) -> list[dict]:
    """Rows of the routes table."""
    rows = []
    for rid, offers in sorted(groups.items()):
        chosen = offers[0]
        (where,) = regional(chosen)
        context, output = limits(offers)
        rows.append(
            {
                "route_id": rid,
                "model_id": chosen.model_id,
                "provider": chosen.provider,
                "provider_model_id": chosen.record.source_model_id,
                "variant": route_variant(chosen, where),
                "pricing_kind": pricing_kind(chosen, provider_kind.get(chosen.provider, "")),
                "context_window": context,
                "max_output": output,
                **rate_limits(offers),
                **provenance(chosen.record.prov),
            }
        )
    return rows


def rate_limits(offers: list[Placed]) -> dict[str, object]:
    """The route's requests and tokens a minute from the first record that gives them, and that
    record as ``rate_limits_source`` ("source:locator")."""
    given = next((p for p in offers if any(p.record.fields.get(k) for k in RATE_LIMITS)), None)
    if given is None:
        return {**dict.fromkeys(RATE_LIMITS), "rate_limits_source": ""}
    where = f"{given.record.prov.source}:{given.record.prov.locator}"
    return {**{k: given.record.fields.get(k) for k in RATE_LIMITS}, "rate_limits_source": where}


def limits(offers: list[Placed]) -> tuple[int | None, int | None]:
    """(context window, max output) of a route, from the records in precedence order.

    The context comes from the first record that gives one; the output limit from the first
    record whose output limit fits that context (clean.py drops the rest).
    """
    fields = [cleaned(p.record.fields)[0] for p in offers]
    context = next((f["context_window"] for f in fields if "context_window" in f), None)
    fits = (f["max_output"] for f in fields if "max_output" in f)
    output = next((v for v in fits if context is None or v <= context), None)
    return context, output


def page_prices(curated: Curated, groups: dict[str, list[Placed]]) -> dict[str, list[Placed]]:
    """The rows of data/curated/prices.csv by route id, one record of rank MAKER_PAGE per line;
    CatalogError names the line of a row that breaks a rule of ``page_price_problem``."""
    file = curated.path / PAGE_PRICES
    out: dict[str, list[Placed]] = defaultdict(list)
    seen = set()
    for line, row in enumerate(curated.rows(PAGE_PRICES), start=2):
        if problem := page_price_problem(row, groups):
            raise CatalogError(f"{file} line {line}: {problem}")
        key = (row["route_id"], int(row["tier_start"]), row["effective_from"])
        if key in seen:
            raise CatalogError(
                f"{file} line {line}: a second row for route_id, tier_start and effective_from {key}; expected one"
            )
        seen.add(key)
        offer = groups[row["route_id"]][0]
        prov = Provenance(
            "curated",
            f"data/curated/{PAGE_PRICES}",
            row["retrieved"],
            f"{PAGE_PRICES} line {line}",
            row["source_url"],
        )
        price = Price(
            **{k: row[k] for k in PRICE_FIELDS if row[k]},
            effective_from=row["effective_from"],
            tier_start=int(row["tier_start"]),
        )
        record = ModelRecord(offer.record.source_model_id, offer.record.name, prov, prices=(price,))
        out[row["route_id"]].append(replace(offer, record=record, rank=authority.MAKER_PAGE))
    return dict(out)


def page_price_problem(row: dict[str, str], groups: dict[str, list[Placed]]) -> str:
    """What is wrong with a row of data/curated/prices.csv, or ""."""
    rid = row["route_id"]
    if rid not in groups:
        return f"route_id {rid!r} is not in the catalog; expected the id of a route the raw sources list"
    if groups[rid][0].rank != authority.MAKER:
        return (
            f"route_id {rid!r} is not a route of the model's maker; expected a first-party provider's route"
        )
    if not re.fullmatch(r"[0-9]+", row["tier_start"]):
        return f"tier_start {row['tier_start']!r} is not a token count; expected 0 (base price) or a tier's start"
    for column in PRICE_FIELDS:
        value = row[column]
        if (value or column in PAGE_PRICES_REQUIRED) and not _DECIMAL.fullmatch(value):
            optional = "" if column in PAGE_PRICES_REQUIRED else ", or empty"
            return f"{column} {value!r} is not a decimal; expected USD per 1M tokens as the page writes it, like 0.16{optional}"
    for column in ("effective_from", "page_date", "retrieved"):
        if (row[column] or column == "retrieved") and not is_date(row[column]):
            optional = "" if column == "retrieved" else ", or empty"
            return f"{column} {row[column]!r} is not a date; expected YYYY-MM-DD{optional}"
    if not row["source_url"].startswith(("https://", "http://")):
        return f"source_url {row['source_url']!r} is not an http(s) URL; expected the maker's page the price is on"
    if not row["quote"]:
        return "quote is empty; expected the page's words for the price, verbatim"
    return ""


def priced(offers: list[Placed], page: list[Placed]) -> tuple[list[Placed], list[Placed]]:
    """(the records whose price rows are chosen, the other records) of a route: its curated
    maker-page records over every route file, else the first route file (module docstring)."""
    return (page, offers) if page else (offers[:1], offers[1:])


def price_rows(
    groups: dict[str, list[Placed]],
    maker_prices: dict[str, list[Placed]],
    past: list[dict[str, list[Placed]]] = (),
) -> list[dict]:
    """Rows of the prices table: every source's rows, the chosen ones marked (``priced``), with a
    chosen route file's price history from ``past`` (its older snapshots' groups, see ``history``)."""
    rows = []
    for rid, offers in sorted(groups.items()):
        chosen, others = priced(offers, maker_prices.get(rid, []))
        older = [p for g in past for p in g.get(rid, ()) if same_source(p, chosen[0])]
        chosen_rows = [row for p in chosen for row in history(p, older)]
        other_rows = [(p, r) for p in others for r in p.record.prices]
        for i, (p, price) in enumerate(chosen_rows + other_rows):
            rows.append(
                {
                    "route_id": rid,
                    **asdict(price),
                    **provenance(p.record.prov),
                    "chosen": i < len(chosen_rows),
                }
            )
    return rows


def same_source(a: Placed, b: Placed) -> bool:
    """Whether two records come from the same source."""
    return a.record.prov.source == b.record.prov.source


def history(current: Placed, older: list[Placed]) -> list[tuple[Placed, Price]]:
    """The route's price rows over its source's snapshots, oldest first.

    A snapshot's undated rows hold from its as-of date: each run of snapshots with the same rows
    keeps the rows of its first snapshot, dated that snapshot's as-of date (the oldest run stays
    undated: when it started is not known). Dated rows are the source's own history and come from
    the current snapshot only. With no older snapshot this is the current rows unchanged.
    """
    if not older:
        return [(current, r) for r in current.record.prices]
    snapshots = sorted([*older, current], key=lambda p: p.record.prov.as_of)
    runs: list[Placed] = []
    for p in snapshots:
        if not runs or undated(runs[-1]) != undated(p):
            runs.append(p)
    out = [(current, r) for r in current.record.prices if r.effective_from]
    for i, p in enumerate(runs):
        start = p.record.prov.as_of if i else ""
        out += [(p, replace(r, effective_from=start)) for r in p.record.prices if not r.effective_from]
    return out


def undated(p: Placed) -> tuple[Price, ...]:
    """A record's price rows without a start date (the prices as of its snapshot)."""
    return tuple(r for r in p.record.prices if not r.effective_from)


def price_conflict_rows(
    groups: dict[str, list[Placed]], maker_prices: dict[str, list[Placed]], as_of: str
) -> list[dict]:
    """Conflicts where another record's current base price differs from the chosen one (``priced``)."""
    rows = []
    for rid, offers in sorted(groups.items()):
        chosen, others = priced(offers, maker_prices.get(rid, []))
        base = current_base(tuple(r for p in chosen for r in p.record.prices), as_of)
        if base is None:
            continue
        source = next(p for p in chosen if base in p.record.prices)
        for p in others:
            other = current_base(p.record.prices, as_of)
            for field in COMPARED:
                a, b = getattr(base, field), getattr(other, field, None) if other else None
                if a is not None and b is not None and abs(a - b) > 1e-12:
                    rows.append(
                        {
                            "model_id": offers[0].model_id,
                            "route_id": rid,
                            "field": field,
                            "chosen_value": repr(a),
                            "chosen_source": f"{source.record.prov.source}:{source.record.prov.locator}",
                            "other_value": repr(b),
                            "other_sources": f"{p.record.prov.source}:{p.record.prov.locator}",
                            "reason": price_reason(source, p),
                        }
                    )
    return rows


def price_reason(chosen: Placed, other: Placed) -> str:
    """Why the chosen record's price stands over another's: the maker's page by its authority
    rank, else the route files' precedence."""
    if chosen.rank == authority.MAKER_PAGE:
        return authority.reason(chosen.rank, other.rank)
    return PRICE_REASON


def current_base(prices: tuple[Price, ...], as_of: str) -> Price | None:
    """The base-tier standard (not off-peak) price row in force on ``as_of`` (latest start date
    not after it)."""
    base = [
        p for p in prices if p.tier_start == 0 and p.effective_from <= as_of and p.time_of_day != OFF_PEAK
    ]
    return max(base, key=lambda p: p.effective_from) if base else None
