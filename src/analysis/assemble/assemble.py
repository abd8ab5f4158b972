"""Assemble the catalog from raw snapshots and curated tables: one deterministic function."""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

from analysis.assemble import authority, derive, facts, lifecycle, policies, providers, routes
from analysis.assemble.clean import cleaned
from analysis.assemble.curated import Curated, read_curated
from analysis.assemble.identity import Placed, Rules, place_all
from analysis.assemble.manifest import manifest
from analysis.assemble.matching import Matcher, alias_rows
from analysis.assemble.snapshots import importer, latest, older
from analysis.catalog import schema
from analysis.catalog.settings import CURATED_DIR, RAW_DIR
from analysis.catalog.store import Catalog
from analysis.errors import CatalogError
from analysis.sources.records import CAPABILITIES, Provenance

# Sources that describe models without offering them: matched to models, never creating them.
FACT_SHEETS = {"epoch-notable"}
OVERLAY_ONLY_FIELDS = {"product_type", "best_for", "tags", "commercial_use"}


def build(raw_dir: Path = RAW_DIR, curated_dir: Path = CURATED_DIR) -> Catalog:
    """The catalog built from the newest snapshot of each source plus the curated overlay."""
    curated = read_curated(curated_dir)
    rules = Rules(curated)
    snapshots = latest(raw_dir)
    as_of = max(s.as_of for row, s in snapshots if row["format"] not in policies.POLICY_FORMATS)
    offers, sheets, scores, pages, procurement = [], [], [], [], {"policies": [], "licenses": []}
    for row, snap in snapshots:
        if read := importer(row["format"], "models"):
            (sheets if row["source"] in FACT_SHEETS else offers).extend(read(snap))
        if read := importer(row["format"], "benchmarks"):
            scores.extend(read(snap))
        if read := importer(row["format"], "providers"):
            pages.extend(read(snap))
        for kind, found in procurement.items():
            found.extend(read(snap) if (read := importer(row["format"], kind)) else ())
    placed = place_all(offers, rules)
    observations = facts.observations(placed) + overlay(curated, {p.model_id for p in placed})
    names = facts.best(observations)
    aliases = alias_rows(placed, names, curated)
    matcher = Matcher(aliases, rules)
    sheet_obs, unmatched = matched_sheets(sheets, matcher)
    licensed = policies.licensed(procurement["licenses"], matcher)
    benchmark_rows, unmatched_scores = matcher.benchmark_rows(scores)
    observations += sheet_obs + policies.license_observations(licensed)
    observations, dropped = consistent_limits(observations)
    observations += derive.weights_on_hugging_face(facts.best(observations))
    chosen = facts.best(observations)
    coding = {r["model_id"] for r in benchmark_rows if derive.is_coding_benchmark(r["benchmark"])}
    for model_id in sorted({p.model_id for p in placed if p.model_id}):
        get = getter(chosen, model_id)
        observations += derive.derived(model_id, get, model_id in coding, as_of)
    chosen = facts.best(observations)
    groups = routes.grouped(placed)
    maker_prices = routes.page_prices(curated, groups)
    provider_kind = {r["provider"]: r["kind"] for r in curated.rows("providers.csv")}
    makers = {p.model_id for p in placed if p.rank == authority.MAKER}
    models_table = model_rows(chosen, makers, as_of)
    routes_table = route_rows(groups, provider_kind, chosen, as_of)
    catalog = Catalog.from_rows(
        models=models_table,
        facts=facts.fact_rows(observations, chosen),
        capabilities=capability_rows(chosen),
        routes=routes_table,
        prices=routes.price_rows(groups, maker_prices, past_groups(raw_dir, rules)),
        benchmarks=benchmark_rows,
        conflicts=facts.conflict_rows(observations, chosen)
        + routes.price_conflict_rows(groups, maker_prices, as_of),
        aliases=aliases,
        providers=providers.provider_rows(pages, groups, curated, rules),
        provider_policies=policies.policy_rows(
            procurement["policies"], curated, {r["route_id"] for r in routes_table}
        ),
        licenses=policies.license_rows(licensed),
        rejected=rejected_rows(placed) + dropped,
        unmatched=unmatched_offers(placed) + unmatched + unmatched_scores,
    )
    catalog.manifest = manifest(catalog, snapshots, as_of)
    return catalog


def past_groups(raw_dir: Path, rules: Rules) -> list[dict[str, list[Placed]]]:
    """The routes each older snapshot of an offer source gives (one grouping per snapshot)."""
    out = []
    for row, snap in older(raw_dir):
        read = importer(row["format"], "models")
        if read and row["source"] not in FACT_SHEETS:
            out.append(routes.grouped(place_all(read(snap), rules)))
    return out


def getter(chosen: dict, model_id: str):
    """A function (kind, field) → the chosen text for one model, or None."""

    def get(kind: str, field: str) -> str | None:
        o = chosen.get((model_id, kind, field))
        return o.value if o else None

    return get


def overlay(curated: Curated, model_ids: set[str]) -> list[facts.Observation]:
    """Observations from data/curated/facts.csv (rank MAKER_PAGE where ``maker_page`` is yes, else
    CURATED); every model must be in the catalog."""
    out = []
    file = curated.path / "facts.csv"
    for line, row in enumerate(curated.rows("facts.csv"), start=2):
        if row["model_id"] not in model_ids:
            raise CatalogError(
                f"{file} line {line}: model_id {row['model_id']!r} is not in the catalog; "
                "expected the id of a model the raw sources list"
            )
        field = row["field"]
        if not (
            field in schema.TABLES["models"] or field in CAPABILITIES or field in authority.LIFECYCLE_FACTS
        ):
            raise CatalogError(
                f"{file} line {line}: unknown field {field!r}; expected a models column, a capability "
                "or deprecation_date"
            )
        if row["maker_page"] not in ("", "yes"):
            raise CatalogError(
                f"{file} line {line}: maker_page {row['maker_page']!r}; expected yes (the source is the "
                "maker's own page) or empty"
            )
        rank = authority.MAKER_PAGE if row["maker_page"] == "yes" else authority.CURATED
        kind = "capability" if field in CAPABILITIES else "field"
        prov = Provenance(
            "curated",
            "data/curated/facts.csv",
            row["as_of"],
            f"facts.csv line {line}",
            row["source_url"],
        )
        out.append(facts.Observation(row["model_id"], kind, field, row["value"], prov, rank))
    return out


def matched_sheets(sheets, matcher: Matcher) -> tuple[list[facts.Observation], list[dict]]:
    """Observations from fact sheets (Epoch) for the models they match; the rest unmatched."""
    observations, unmatched = [], []
    for record in sheets:
        model_id, reason = matcher.match(record.source_model_id, record.lab, record.prov.source)
        if model_id:
            observations += facts.record_observations(model_id, record, authority.REFERENCE)
        else:
            unmatched.append(
                {
                    "source": record.prov.source,
                    "raw_name": record.source_model_id,
                    "provider": "",
                    "reason": reason,
                }
            )
    return [o for o in observations if o.field != "name"], unmatched


def consistent_limits(observations: list[facts.Observation]) -> tuple[list[facts.Observation], list[dict]]:
    """Observations without output limits above the model's chosen context window; the rest."""
    chosen = facts.best(o for o in observations if o.field == "context_window")
    context = {m: int(o.value) for (m, _, _), o in chosen.items()}
    kept, dropped = [], []
    for o in observations:
        if o.field == "max_output" and o.model_id in context and int(o.value) > context[o.model_id]:
            reason = f"exceeds the model's context window {context[o.model_id]}"
            dropped.append(rejected_row(o.model_id, "max_output", o.value, reason, o.prov))
        else:
            kept.append(o)
    return kept, dropped


def rejected_rows(placed: list[Placed]) -> list[dict]:
    """Values records give that break a rule of clean.py."""
    return [
        rejected_row(p.model_id, field, value, reason, p.record.prov)
        for p in placed
        if p.model_id
        for field, value, reason in cleaned(p.record.fields)[1]
    ]


def rejected_row(model_id: str, field: str, value, reason: str, prov: Provenance) -> dict:
    """One row of the rejected table."""
    return {
        "model_id": model_id,
        "field": field,
        "value": facts.text(value),
        "reason": reason,
        "source": prov.source,
        "locator": prov.locator,
    }


def unmatched_offers(placed: list[Placed]) -> list[dict]:
    """Offers no rule could place."""
    return sorted(
        (
            {
                "source": p.record.prov.source,
                "raw_name": p.record.source_model_id,
                "provider": p.provider,
                "reason": p.reason,
            }
            for p in placed
            if not p.model_id
        ),
        key=lambda r: (r["source"], r["provider"], r["raw_name"]),
    )


def model_rows(chosen: dict, makers: set[str], as_of: str) -> list[dict]:
    """Rows of the models table from the chosen field values; lifecycle by assemble/lifecycle.py.

    ``makers`` holds the models their maker's own API lists.
    """
    values: dict[str, dict] = defaultdict(dict)
    for (model_id, kind, field), o in chosen.items():
        if kind == "field" and field in schema.TABLES["models"]:
            values[model_id][field] = o.value
    rows = []
    for model_id in sorted(values):
        get = lambda field, m=model_id: chosen.get((m, "field", field))  # noqa: E731
        life = lifecycle.model_lifecycle(get, model_id in makers, as_of)
        row = {"model_id": model_id, "lab": model_id.split("/", 1)[0], **values[model_id], **life}
        row.setdefault("name", model_id.split("/", 1)[1])
        for column, dtype in schema.TABLES["models"].items():
            if dtype == schema.INT and row.get(column) is not None:
                row[column] = int(float(row[column]))
            if dtype == schema.BOOL and row.get(column) is not None:
                row[column] = row[column] == "true"
        rows.append(row)
    return rows


def route_rows(
    groups: dict[str, list[Placed]], provider_kind: dict[str, str], chosen: dict, as_of: str
) -> list[dict]:
    """Rows of the routes table: assemble/routes.py's columns and the route's lifecycle (a maker
    route's from the maker's own page when a curated fact quotes it; ``chosen``: the model facts)."""
    return [
        row
        | lifecycle.route_lifecycle(
            groups[row["route_id"]], as_of, lifecycle.maker_page_facts(chosen, row["model_id"])
        )
        for row in routes.route_rows(groups, provider_kind)
    ]


def capability_rows(chosen: dict) -> list[dict]:
    """Rows of the capabilities table: the chosen value of each known capability."""
    rows = [
        {"model_id": m, "capability": field, "value": o.value == "true", **facts.provenance(o.prov)}
        for (m, kind, field), o in chosen.items()
        if kind == "capability"
    ]
    return sorted(rows, key=lambda r: (r["model_id"], r["capability"]))
