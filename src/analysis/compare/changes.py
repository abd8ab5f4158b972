"""What changed between two catalogs, in human words: the change report of refresh and diff.

Rules:
* models and routes added and removed; a route of a model that was added or removed is counted
  in that model's line, not listed (no noise for a new model's first values);
* prices: each route's base price in force on its catalog's as-of date (the costs rule), input
  and output per 1M tokens, old, new and percent; a change whose price rows are the same in both
  catalogs is marked as caused by the as-of date moving;
* facts: the chosen model-level values (release date, limits, open weights, license, status, …)
  and capabilities, for models in both catalogs; a column one catalog lacks is not compared;
* route limits (context window, max output) for routes in both catalogs;
* the as-of date moving.
"""

from __future__ import annotations

import csv
import io
import json
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import asdict, dataclass, fields
from decimal import Decimal

import pandas as pd

from analysis.catalog import Catalog
from analysis.compare.text import (
    TOKEN_FIELDS,
    UNKNOWN,
    field_words,
    plural,
    price_per_mtok,
    reader_name,
    tokens,
    usd,
    yes_no,
)
from analysis.costs.cheapest import model_cost
from analysis.costs.policy import RoutePolicy
from analysis.costs.prices import price_rows, rows_in_force
from analysis.costs.scenarios import Scenario

MODEL_ADDED, MODEL_REMOVED = "model added", "model removed"
ROUTE_ADDED, ROUTE_REMOVED = "route added", "route removed"
PRICE_CHANGED, FACT_CHANGED, LIMIT_CHANGED = "price changed", "fact changed", "limit changed"
CAPABILITY_CHANGED, AS_OF_MOVED = "capability changed", "as-of date moved"
COST_CHANGED, CONFLICT_ADDED = "cost at the scenario", "new conflict"
KINDS = (
    AS_OF_MOVED,
    COST_CHANGED,
    MODEL_ADDED,
    MODEL_REMOVED,
    ROUTE_ADDED,
    ROUTE_REMOVED,
    PRICE_CHANGED,
    LIMIT_CHANGED,
    FACT_CHANGED,
    CAPABILITY_CHANGED,
    CONFLICT_ADDED,
)
FACT_FIELDS = (  # the models-table columns a change report compares
    "name",
    "release_date",
    "knowledge_cutoff",
    "context_window",
    "max_output",
    "open_weights",
    "license",
    "params_total",
    "params_active",
    "input_modalities",
    "output_modalities",
    "status",
    "retirement_date",
)
PRICE_FIELDS = ("input_mtok", "output_mtok")
ROUTE_LIMITS = ("context_window", "max_output")


@dataclass(frozen=True)
class Change:
    """One change between two catalogs, with human values (old and new "" where not relevant)."""

    kind: str
    model_id: str
    model: str  # the model's display name
    route_id: str = ""
    provider: str = ""  # the route's provider, by name
    field: str = ""  # a human label: "input price", "context window", ...
    old: str = ""
    new: str = ""
    note: str = ""

    def text(self) -> str:
        """The change as one line of English."""
        where = self.model + (f" on {self.provider}" if self.provider else "")
        if self.kind == AS_OF_MOVED:
            return f"catalog as-of date moved from {self.old} to {self.new}{_tail(self.note)}"
        if self.kind in (MODEL_ADDED, MODEL_REMOVED, ROUTE_ADDED, ROUTE_REMOVED):
            return f"{self.kind}: {where}{_tail(self.note)}"
        return f"{self.kind}: {where}: {self.field} {self.old} → {self.new}{_tail(self.note)}"


COLUMNS = [f.name for f in fields(Change)]


def _tail(note: str) -> str:
    return f" ({note})" if note else ""


def catalog_changes(old: Catalog, new: Catalog) -> list[Change]:
    """Every change from ``old`` to ``new``, in the order of KINDS, then by model and route."""
    names = _names(old) | _names(new)
    was, now = set(old.models["model_id"]), set(new.models["model_id"])
    both = was & now
    out = _as_of(old, new)
    out += [
        Change(MODEL_ADDED, m, names[m], note=plural(len(new.rows("routes", m)), "route"))
        for m in sorted(now - was)
    ]
    out += [
        Change(MODEL_REMOVED, m, names[m], note=plural(len(old.rows("routes", m)), "route"))
        for m in sorted(was - now)
    ]
    out += _route_changes(old, new, both, names)
    out += _price_changes(old, new, names)
    out += _limit_changes(old, new, names)
    out += _fact_changes(old, new, both, names)
    out += _capability_changes(old, new, both, names)
    out += _conflicts_added(old, new, both, names)
    order = {k: i for i, k in enumerate(KINDS)}
    return sorted(out, key=lambda c: (order[c.kind], c.model_id, c.route_id, c.field))


def _names(catalog: Catalog) -> dict[str, str]:
    """Model id → the name a reader sees (compare.text.reader_name)."""
    models = catalog.models
    return {m: reader_name(str(n), m) for m, n in zip(models["model_id"], models["name"], strict=True)}


def as_of(catalog: Catalog) -> str:
    """The catalog's as-of date (YYYY-MM-DD), "" when its manifest has none."""
    return str(catalog.manifest.get("as_of") or "")[:10]


def _as_of(old: Catalog, new: Catalog) -> list[Change]:
    before, after = as_of(old), as_of(new)
    if before == after:
        return []
    note = "prices are taken in force on the as-of date"
    return [Change(AS_OF_MOVED, "", "", old=before or UNKNOWN, new=after or UNKNOWN, note=note)]


def _route_changes(old: Catalog, new: Catalog, both: set[str], names: dict) -> list[Change]:
    a = old.routes[old.routes["model_id"].isin(both)]
    b = new.routes[new.routes["model_id"].isin(both)]
    ra, rb = (
        dict(zip(a["route_id"], a["model_id"], strict=True)),
        dict(zip(b["route_id"], b["model_id"], strict=True)),
    )
    added = [
        Change(ROUTE_ADDED, rb[r], names[rb[r]], r, _provider(new, r)) for r in sorted(set(rb) - set(ra))
    ]
    removed = [
        Change(ROUTE_REMOVED, ra[r], names[ra[r]], r, _provider(old, r)) for r in sorted(set(ra) - set(rb))
    ]
    return added + removed


def _provider(catalog: Catalog, route_id: str) -> str:
    """The route's provider by name (its id when the providers table has no name), with the
    route's variant: "OpenAI", "OpenAI (2025-08-07)"."""
    provider, _, rest = route_id.partition(":")
    variant = rest.partition("@")[2]
    named = catalog.memo(
        ("provider_names",),
        lambda: dict(zip(catalog.providers["provider"], catalog.providers["name"], strict=True)),
    )
    name = named.get(provider) or provider
    return f"{name} ({variant})" if variant else name


def base_price(catalog: Catalog, route_id: str) -> tuple:
    """(input, output) USD per 1M tokens of the route's base price in force on the as-of date."""
    rows = rows_in_force(price_rows(catalog, route_id), as_of(catalog) or "9999-12-31")
    return (rows[0].input_mtok, rows[0].output_mtok) if rows else (None, None)


def _price_changes(old: Catalog, new: Catalog, names: dict) -> list[Change]:
    common = sorted(set(old.routes["route_id"]) & set(new.routes["route_id"]))
    model_of = dict(zip(new.routes["route_id"], new.routes["model_id"], strict=True))
    same_date = as_of(old) == as_of(new)
    out = []
    for route_id in common:
        if same_date and _same_cells(old.price_records(route_id), new.price_records(route_id)):
            continue  # the same rows on the same date: the same base price
        before, after = base_price(old, route_id), base_price(new, route_id)
        if before == after:
            continue
        same_rows = _rows(old, route_id) == _rows(new, route_id)
        for column, was, now in zip(PRICE_FIELDS, before, after, strict=True):
            if was == now:
                continue
            note = _percent(was, now)
            if same_rows:
                note = "; ".join(n for n in (note, "because the as-of date moved") if n)
            m = model_of[route_id]
            where = (m, names[m], route_id, _provider(new, route_id))
            out.append(
                Change(
                    PRICE_CHANGED, *where, field_words(column), _shown(column, was), _shown(column, now), note
                )
            )
    return out


def _same_cells(a: list[dict], b: list[dict]) -> bool:
    """Whether two lists of table rows hold the same cells (``_cell``: NA and "" alike)."""
    return len(a) == len(b) and all(
        x.keys() == y.keys() and all(_cell(x[k]) == _cell(y[k]) for k in x) for x, y in zip(a, b, strict=True)
    )


def _rows(catalog: Catalog, route_id: str) -> tuple:
    return tuple(
        (r.effective_from, r.tier_start, r.input_mtok, r.output_mtok) for r in price_rows(catalog, route_id)
    )


def _percent(was: Decimal | None, now: Decimal | None) -> str:
    if was is None or now is None or was == 0:
        return ""
    change = (now - was) / was * 100
    return f"{change:+.1f}%"


def _limit_changes(old: Catalog, new: Catalog, names: dict) -> list[Change]:
    common = sorted(set(old.routes["route_id"]) & set(new.routes["route_id"]))
    model_of = dict(zip(new.routes["route_id"], new.routes["model_id"], strict=True))
    return [
        Change(
            LIMIT_CHANGED,
            model_of[r],
            names[model_of[r]],
            r,
            _provider(new, r),
            field_words(column),
            _shown(column, was),
            _shown(column, now),
        )
        for r, column, was, now in _cell_changes(old.routes, new.routes, "route_id", common, ROUTE_LIMITS)
    ]


def _fact_changes(old: Catalog, new: Catalog, both: set[str], names: dict) -> list[Change]:
    shared = [c for c in FACT_FIELDS if c in old.models.columns and c in new.models.columns]
    return [
        Change(
            FACT_CHANGED,
            m,
            names[m],
            field=field_words(column),
            old=_shown(column, was),
            new=_shown(column, now),
        )
        for m, column, was, now in _cell_changes(old.models, new.models, "model_id", sorted(both), shared)
    ]


def _cell_changes(
    a: pd.DataFrame, b: pd.DataFrame, key: str, keys: Sequence[str], columns: Sequence[str]
) -> Iterator[tuple[str, str, object, object]]:
    """(key, column, was, now) for each cell of ``columns`` that differs (``_cell``) between the
    rows of ``a`` and ``b`` with the same ``key``; one column at a time, as plain values."""
    for column in columns:
        was_of = dict(zip(a[key], a[column].tolist(), strict=True))
        now_of = dict(zip(b[key], b[column].tolist(), strict=True))
        for k in keys:
            was, now = _cell(was_of[k]), _cell(now_of[k])
            if was != now:
                yield k, column, was, now


def _capability_changes(old: Catalog, new: Catalog, both: set[str], names: dict) -> list[Change]:
    a = old.capabilities.set_index(["model_id", "capability"])["value"].to_dict()
    b = new.capabilities.set_index(["model_id", "capability"])["value"].to_dict()
    out = []
    for m, capability in sorted(k for k in set(a) | set(b) if k[0] in both):
        was, now = _cell(a.get((m, capability))), _cell(b.get((m, capability)))
        if was != now:
            label = capability.replace("_", " ")
            out.append(
                Change(
                    CAPABILITY_CHANGED,
                    m,
                    names[m],
                    field=label,
                    old=_shown(capability, was),
                    new=_shown(capability, now),
                )
            )
    return out


def _conflicts_added(old: Catalog, new: Catalog, both: set[str], names: dict) -> list[Change]:
    columns = ["model_id", "route_id", "field", "chosen_value", "other_value"]
    seen = set(old.conflicts[columns].itertuples(index=False, name=None))
    out = []
    for m, route_id, field, chosen, other in sorted(
        set(new.conflicts[columns].itertuples(index=False, name=None))
    ):
        if m in both and (m, route_id, field, chosen, other) not in seen:
            where = (m, names[m], route_id, _provider(new, route_id) if route_id else "")
            shown = (_shown(field, _cell(other)), _shown(field, _cell(chosen)))
            note = "another source's value → the one used"
            out.append(Change(CONFLICT_ADDED, *where, field_words(field), *shown, note))
    return out


def _cell(value) -> object:
    """A table cell with NA and "" as None."""
    if value is None or value is pd.NA or (isinstance(value, float) and pd.isna(value)) or value == "":
        return None
    return value


def _shown(field: str, value: object) -> str:
    """A catalog value of ``field`` in words: tokens, a price per 1M tokens, Yes / No, or itself
    (Unknown for none)."""
    if value is None:
        return UNKNOWN
    if field in TOKEN_FIELDS:
        return tokens(int(value))
    if field.endswith("_mtok"):
        return price_per_mtok(Decimal(str(value)))
    if isinstance(value, bool) or str(value).lower() in ("true", "false"):
        return yes_no(str(value).lower() == "true")
    return str(value)


def summary(changes: list[Change]) -> str:
    """Counts by kind in one line ("as-of date moved; price changed: 3") or "no changes"."""
    counts = Counter(c.kind for c in changes)
    parts = [kind if kind == AS_OF_MOVED else f"{kind}: {n:,}" for kind in KINDS if (n := counts.get(kind))]
    return "; ".join(parts) if parts else "no changes"


def change_report(changes: list[Change], fmt: str = "text") -> str:
    """The changes as text (summary line, then one line each), CSV or JSON."""
    if fmt == "csv":
        out = io.StringIO()
        writer = csv.DictWriter(out, COLUMNS, lineterminator="\n")
        writer.writeheader()
        writer.writerows(asdict(c) for c in changes)
        return out.getvalue()
    if fmt == "json":
        return (
            json.dumps({"summary": summary(changes), "changes": [asdict(c) for c in changes]}, indent=2)
            + "\n"
        )
    return "\n".join([f"changes: {summary(changes)}", *(c.text() for c in changes)]) + "\n"


PAIR_TABLES = ("models", "capabilities", "routes", "prices", "conflicts", "providers")


def pair_record(catalog: Catalog, model_ids: tuple[str, str]) -> dict:
    """What a later review compares with: both models' catalog rows and the catalog's as-of date.

    JSON-able (NA as null); kept in the report's evidence so that ``--since`` works whatever
    catalog the later review uses.
    """
    per_model = [_model_record(catalog, m) for m in model_ids]
    rows = {
        t: [row for record in per_model for row in record[t]]
        for t in ("capabilities", "routes", "conflicts", "prices")
    }
    providers = {row["provider"] for row in rows["routes"]}
    tables = {
        "models": _json_rows(catalog.models[catalog.models["model_id"].isin(model_ids)]),
        **rows,
        "providers": _json_rows(catalog.providers[catalog.providers["provider"].isin(providers)]),
    }
    manifest = {k: catalog.manifest.get(k) for k in ("as_of", "content_hash") if k in catalog.manifest}
    return {"manifest": manifest, "tables": tables}


def _model_record(catalog: Catalog, model_id: str) -> dict[str, list[dict]]:
    """One model's rows of the per-model tables and its routes' prices, JSON-able; made once per catalog
    (a batch reviews each model in many pairs)."""

    def make() -> dict[str, list[dict]]:
        routes = catalog.rows("routes", model_id)
        return {
            "capabilities": _json_rows(catalog.rows("capabilities", model_id)),
            "routes": _json_rows(routes),
            "conflicts": _json_rows(catalog.rows("conflicts", model_id)),
            "prices": _json_rows([row for r in routes["route_id"] for row in catalog.price_records(r)]),
        }

    return catalog.memo(("pair record", model_id), make)


def _json_rows(rows: pd.DataFrame | list[dict]) -> list[dict]:
    records = rows.to_dict("records") if isinstance(rows, pd.DataFrame) else rows
    return [{k: (None if _cell(v) is None else v) for k, v in row.items()} for row in records]


def record_catalog(record: dict) -> Catalog:
    """The small catalog a pair record holds (columns a newer schema added are empty)."""
    tables = {name: list(record["tables"].get(name, [])) for name in PAIR_TABLES}
    catalog = Catalog.from_rows(manifest=dict(record.get("manifest", {})), **tables)
    recorded = {column for row in tables["models"] for column in row}
    catalog.models = catalog.models[[c for c in catalog.models.columns if c in recorded or c == "model_id"]]
    return catalog


def pair_changes(record: dict, catalog: Catalog, scenario: Scenario, policy: RoutePolicy) -> list[Change]:
    """What changed for the pair in ``record`` since it was made, in ``catalog``: every catalog
    change of the two models, and the monthly cost at ``scenario`` on their headline routes."""
    old = record_catalog(record)
    model_ids = tuple(old.models["model_id"])
    new = record_catalog(pair_record(catalog, model_ids))
    return catalog_changes(old, new) + _cost_changes(old, new, model_ids, scenario, policy)


COSTS = (
    ("cheapest route", lambda c: c.route),
    ("maker's API", lambda c: c.first_party_route),
)


def _cost_changes(
    old: Catalog, new: Catalog, model_ids, scenario: Scenario, policy: RoutePolicy
) -> list[Change]:
    names = _names(old) | _names(new)
    out = []
    for m in model_ids:
        if m not in set(new.models["model_id"]):
            continue
        was, now = model_cost(old, m, scenario, policy), model_cost(new, m, scenario, policy)
        for label, route_of in COSTS:
            before, after = route_of(was), route_of(now)
            cost = (before.cost if before else None, after.cost if after else None)
            ids = (before.route_id if before else "", after.route_id if after else "")
            if cost[0] != cost[1]:
                where = (m, names[m], ids[1], _provider(new, ids[1]) if ids[1] else "")
                note = _percent(*cost)
                out.append(Change(COST_CHANGED, *where, label, _money(cost[0]), _money(cost[1]), note))
            elif ids[0] != ids[1] and label == COSTS[0][0]:
                shown = (_provider(old, ids[0]), _provider(new, ids[1]))
                out.append(
                    Change(COST_CHANGED, m, names[m], ids[1], shown[1], "cheapest route", *shown, "same cost")
                )
    return out


def _money(amount: Decimal | None) -> str:
    return "unavailable" if amount is None else usd(amount)


@dataclass(frozen=True)
class Review:
    """An earlier review of a pair: when it was made and the pair record it kept."""

    date: str
    record: dict


@dataclass(frozen=True)
class ChangesSince:
    """The report's "Changes since the last review" section."""

    date: str  # the as-of date of the earlier review's catalog
    changes: tuple[Change, ...]

    @property
    def heading(self) -> str:
        """ "Changes since the last review (its catalog: 2026-11-23)"."""
        when = f" (its catalog: {self.date})" if self.date else ""
        return f"Changes since the last review{when}"

    @property
    def lines(self) -> tuple[str, ...]:
        """One line per change; "No changes." when there are none."""
        return tuple(c.text() for c in self.changes) or ("No changes.",)

    def to_frame(self) -> pd.DataFrame:
        """Every change with its ids and values."""
        return pd.DataFrame([asdict(c) for c in self.changes], columns=COLUMNS)


def changes_since(review: Review, catalog: Catalog, scenario: Scenario, policy: RoutePolicy) -> ChangesSince:
    """What changed for the pair since ``review``, in ``catalog``, at ``scenario``."""
    return ChangesSince(review.date, tuple(pair_changes(review.record, catalog, scenario, policy)))
