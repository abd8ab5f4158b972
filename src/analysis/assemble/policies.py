"""The provider_policies and licenses tables: procurement facts with their pages and quotes.

Provider facts come from the procurement snapshot, then data/curated/provider_policies.csv: a
curated row (a provider the snapshot lacks, or a route whose terms differ) replaces the snapshot's
row for the same provider, route and field.

A license row belongs to the model its Hugging Face repo id names by the catalog's own name rules
(assemble/matching.py: the repo id is an alias of one model, or of several of which one is
spelled that way), so ``deepseek-ai/DeepSeek-V3`` is DeepSeek V3 even where a chat alias's route
file names the same repo. A family no model matches (base weights the catalog does not list)
keeps one row without a model. The row's license name is also that model's ``license`` fact, at
the rank of a curated fact with its source: the row quotes the maker's license page.
"""

from __future__ import annotations

from collections.abc import Iterable

from analysis.assemble import authority
from analysis.assemble.curated import Curated
from analysis.assemble.facts import Observation, provenance
from analysis.assemble.matching import Matcher
from analysis.assemble.snapshots import FORMATS
from analysis.catalog.store import Catalog
from analysis.errors import CatalogError
from analysis.sources.procurement import COMMERCIAL_USE, POLICY_FIELDS, LicenseRecord, PolicyRecord
from analysis.sources.records import Provenance

CURATED_FILE = "provider_policies.csv"
POLICY_FORMATS = {fmt for fmt, (_, kinds) in FORMATS.items() if "policies" in kinds}


def policy_rows(records: Iterable[PolicyRecord], curated: Curated, route_ids: set[str]) -> list[dict]:
    """Rows of provider_policies: the snapshot's facts, each replaced by a curated row of the same key."""
    rows = {(r.provider, "", r.field): _policy_row(r) for r in records}
    rows |= {(r["provider"], r["route_id"], r["field"]): r for r in curated_rows(curated, route_ids)}
    return sorted(rows.values(), key=lambda r: (r["provider"], r["route_id"], r["field"]))


def curated_rows(curated: Curated, route_ids: set[str]) -> list[dict]:
    """Rows of data/curated/provider_policies.csv, each checked (CatalogError names the line)."""
    file = curated.path / CURATED_FILE
    out = []
    for line, row in enumerate(curated.rows(CURATED_FILE), start=2):
        problem = curated_problem(row, route_ids)
        if problem:
            raise CatalogError(f"{file} line {line}: {problem}")
        prov = Provenance(
            "curated",
            f"data/curated/{CURATED_FILE}",
            row["retrieved"],
            f"{CURATED_FILE} line {line}",
            row["source_url"],
        )
        out.append(
            {
                **{k: row[k] for k in ("provider", "route_id", "field", "value", "quote", "page_date")},
                **provenance(prov),
            }
        )
    return out


def curated_problem(row: dict[str, str], route_ids: set[str]) -> str:
    """What is wrong with a curated policy row, or ""."""
    if row["field"] not in POLICY_FIELDS:
        return f"field {row['field']!r} is unknown; expected one of {', '.join(POLICY_FIELDS)}"
    if row["route_id"] and row["route_id"] not in route_ids:
        return f"route_id {row['route_id']!r} is not in the catalog; expected a route id or nothing"
    if row["route_id"] and not row["route_id"].startswith(f"{row['provider']}:"):
        return f"route_id {row['route_id']!r} is not a route of provider {row['provider']!r}"
    if not row["value"] or not row["quote"] or not row["retrieved"]:
        return "value, quote and retrieved must be filled; a fact not found gets no row"
    if not row["source_url"].startswith(("https://", "http://")):
        return f"source_url {row['source_url']!r} is not an http(s) URL of the page quoted"
    return ""


def licensed(records: Iterable[LicenseRecord], matcher: Matcher) -> list[tuple[LicenseRecord, str]]:
    """(record, model id) per license row: the model its Hugging Face repo id names, or ""."""
    return [(r, matcher.match(r.hugging_face_repo)[0]) for r in records]


def license_observations(rows: list[tuple[LicenseRecord, str]]) -> list[Observation]:
    """The ``license`` fact of each licensed model: the row's license name, cited to its page."""
    return [
        Observation(model_id, "field", "license", r.license_name, r.prov, authority.CURATED)
        for r, model_id in rows
        if model_id and r.license_name
    ]


def license_rows(rows: list[tuple[LicenseRecord, str]]) -> list[dict]:
    """Rows of licenses: one per license row, with its model ("" when no model matches)."""
    out = [
        {
            "model_id": model_id,
            "family": r.family,
            "hugging_face_repo": r.hugging_face_repo,
            "license_name": r.license_name,
            "spdx_id": r.spdx_id,
            "commercial_use": r.commercial_use,
            "conditions": r.conditions,
            "quote": r.quote,
            **provenance(r.prov),
        }
        for r, model_id in rows
    ]
    return sorted(out, key=lambda r: (r["model_id"], r["family"]))


def errors(catalog: Catalog) -> list[str]:
    """Every rule the two tables break, one line each (see validate.errors)."""
    out = []
    p = catalog.provider_policies
    keys = list(zip(p["provider"], p["route_id"], p["field"], strict=True))
    out += [
        f"provider_policies.csv: {k!r} appears more than once"
        for k in sorted({k for k in keys if keys.count(k) > 1})
    ]
    routes = set(catalog.routes["route_id"])
    for row in p.itertuples(index=False):
        where = f"provider_policies.csv: {row.provider!r} field {row.field}"
        if row.field not in POLICY_FIELDS:
            out.append(f"{where}: unknown field; expected one of {', '.join(POLICY_FIELDS)}")
        if row.route_id and row.route_id not in routes:
            out.append(f"{where}: route_id {row.route_id!r} is not in routes.csv")
        if not row.quote or not row.url.startswith(("https://", "http://")):
            out.append(f"{where}: expected a verbatim quote and the http(s) URL of its page")
    models = set(catalog.models["model_id"])
    for row in catalog.licenses.itertuples(index=False):
        where = f"licenses.csv: {row.model_id or row.family!r}"
        if row.model_id and row.model_id not in models:
            out.append(f"{where}: model_id is not in models.csv")
        if row.commercial_use and row.commercial_use not in COMMERCIAL_USE:
            out.append(f"{where} field commercial_use: {row.commercial_use!r} is not one of {COMMERCIAL_USE}")
    return out


def _policy_row(r: PolicyRecord) -> dict:
    fields = ("provider", "field", "value", "quote", "page_date")
    return {"route_id": "", **{f: getattr(r, f) for f in fields}, **provenance(r.prov)}
