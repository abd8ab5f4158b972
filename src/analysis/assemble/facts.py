"""Model-level facts: every observed value, the chosen one by authority, and the conflicts.

The ranking, what a route file may not set and how ties break are in assemble/authority.py. A
model-level fact that only route files give has no chosen value (unknown); its values stay in
the facts and conflicts tables.

Records for a dated snapshot (variant with a date) give facts only for models that have no
undated record: a snapshot's release date is its own, not the model's.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from analysis.assemble import authority
from analysis.assemble.clean import cleaned
from analysis.assemble.identity import Placed
from analysis.sources.records import RATE_LIMITS, Provenance

# Fields whose disagreements go to the conflicts table.
CONFLICT_FIELDS = {
    "release_date",
    "knowledge_cutoff",
    "context_window",
    "max_output",
    "open_weights",
    "params_total",
    "params_active",
    "license",
    "reasoning",
    "function_calling",
    "structured_outputs",
    "vision",
    "status",
    "deprecation_date",
}
UNSET = "authority: a route file sets no model-level fact"  # chosen_source of an unset fact

_DATED = re.compile(r"\d{4}-\d{2}-\d{2}")


@dataclass(frozen=True, slots=True)
class Observation:
    """One value of one field of one model, as one source gives it."""

    model_id: str
    kind: str  # "field" or "capability"
    field: str
    value: str
    prov: Provenance
    rank: int  # authority rank (assemble/authority.py)
    provider: str = ""  # canonical provider id of an offer; "" otherwise


def text(value: object) -> str:
    """The canonical text of a value: bools as true/false, sequences ";"-joined."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (list, tuple)):
        return ";".join(str(v) for v in value)
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def observations(placed: Iterable[Placed]) -> list[Observation]:
    """Observations from placed records (see the module docstring for dated snapshots)."""
    placed = [p for p in placed if p.model_id]
    undated = {p.model_id for p in placed if not _DATED.search(p.variant)}
    out = []
    for p in placed:
        if _DATED.search(p.variant) and p.model_id in undated:
            continue
        out.extend(record_observations(p.model_id, p.record, p.rank, p.provider))
    return out


def record_observations(model_id: str, record, rank: int, provider: str = "") -> list[Observation]:
    """The observations one record gives for a model: its display name, fields and capabilities."""

    def obs(kind: str, field: str, value: str) -> Observation:
        return Observation(model_id, kind, field, value, record.prov, rank, provider)

    named = record.name.strip() not in ("", record.source_model_id)  # an API id is not a name
    out = [obs("field", "name", record.name.strip())] if named else []
    for field, value in cleaned(record.fields)[0].items():
        if field in RATE_LIMITS:
            continue  # a route's own limit (assemble/routes.py), never a model fact
        if value is not None and text(value) != "":
            out.append(obs("field", field, text(value)))
    for cap, value in record.capabilities.items():
        if value is not None:
            out.append(obs("capability", cap, text(bool(value))))
    return out


def best(observations: Iterable[Observation]) -> dict[tuple[str, str, str], Observation]:
    """The chosen observation per (model, kind, field), by ``order`` among those that may set it."""
    eligible = [o for o in observations if authority.may_set(o.field, o.rank)]
    independent = {
        (o.model_id, o.kind, o.field, o.rank, o.value, o.prov.source, o.provider) for o in eligible
    }
    support: Counter = Counter(k[:5] for k in independent)
    chosen: dict[tuple[str, str, str], Observation] = {}
    for o in sorted(eligible, key=lambda o: order(o, support)):
        chosen.setdefault((o.model_id, o.kind, o.field), o)
    return chosen


def order(o: Observation, support: Counter | None = None) -> tuple:
    """Authority rank (display names: name rank); then the value more independent sources give;
    source order; locator."""
    votes = support[(o.model_id, o.kind, o.field, o.rank, o.value)] if support else 0
    rank = authority.name_rank(o.rank) if o.field == "name" else o.rank
    return (rank, -votes, authority.source_order(o.prov.source), o.prov.locator)


def fact_rows(observations: list[Observation], chosen: dict) -> list[dict]:
    """Rows of the facts table: one per (model, field, value, source), best locator kept."""
    kept: dict[tuple, Observation] = {}
    for o in observations:
        k = (o.model_id, o.kind, o.field, o.value, o.prov.source)
        if k not in kept or order(o) < order(kept[k]):
            kept[k] = o
    rows = []
    for o in kept.values():
        rows.append(
            {
                "model_id": o.model_id,
                "kind": o.kind,
                "field": o.field,
                "value": o.value,
                **provenance(o.prov),
                "chosen": chosen.get((o.model_id, o.kind, o.field)) is o,
            }
        )
    rows.sort(
        key=lambda r: (
            r["model_id"],
            r["kind"],
            r["field"],
            not r["chosen"],
            r["source"],
            r["value"],
        )
    )
    return rows


def conflict_rows(observations: list[Observation], chosen: dict) -> list[dict]:
    """Rows of the conflicts table: each value other than the chosen one, with its sources.

    A model-level fact only route files give has no chosen value: each of their values is a row
    with an empty chosen value and ``UNSET`` as the chosen source.
    """
    others: dict[tuple, set[str]] = defaultdict(set)
    best_rank: dict[tuple, int] = {}
    for o in observations:
        if o.field not in CONFLICT_FIELDS:
            continue
        pick = chosen.get((o.model_id, o.kind, o.field))
        if pick is None or not same(o.value, pick.value):
            k = (o.model_id, o.kind, o.field, o.value)
            others[k].add(f"{o.prov.source}:{o.prov.locator}")
            best_rank[k] = min(best_rank.get(k, o.rank), o.rank)
    rows = []
    for (model_id, kind, field, value), sources in others.items():
        pick = chosen.get((model_id, kind, field))
        why = authority.reason(pick.rank if pick else None, best_rank[(model_id, kind, field, value)])
        rows.append(
            {
                "model_id": model_id,
                "route_id": "",
                "field": field,
                "chosen_value": pick.value if pick else "",
                "chosen_source": f"{pick.prov.source}:{pick.prov.locator}" if pick else UNSET,
                "other_value": value,
                "other_sources": "; ".join(sorted(sources)),
                "reason": why,
            }
        )
    rows.sort(key=lambda r: (r["model_id"], r["field"], r["other_value"]))
    return rows


def same(a: str, b: str) -> bool:
    """Whether two values state the same fact (dates: a month agrees with a day in it)."""
    if a == b:
        return True
    return bool(_DATED.fullmatch(a) or _DATED.fullmatch(b)) and (a.startswith(b) or b.startswith(a))


def provenance(prov: Provenance) -> dict[str, str]:
    """The provenance columns of a table row."""
    return {
        "source": prov.source,
        "version": prov.version,
        "as_of": prov.as_of,
        "locator": prov.locator,
        "url": prov.url,
    }
