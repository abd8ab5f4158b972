"""One model's catalog data, read once per catalog and kept: fields, capabilities, routes, scores.

Every section of a pair is built from two profiles, so a shortlist of n models reads the catalog n
times, not once per pair. Values carry their provenance: the chosen fact's source for fields, the
capability row's for capabilities, the route row's for routes.
"""

from __future__ import annotations

import weakref
from collections import Counter
from dataclasses import dataclass, field

import pandas as pd

from analysis.catalog import Catalog, schema
from analysis.compare.cited import Cited, unknown
from analysis.compare.text import (
    TOKEN_FIELDS,
    join_and,
    looks_like_id,
    modality,
    reader_name,
    score,
    tokens,
    variant_text,
)
from analysis.costs import Provenance, format_tokens
from analysis.costs.prices import provenance
from analysis.costs.routes import first_party_providers

LIST_FIELDS = ("input_modalities", "output_modalities", "tags")
PARAM_FIELDS = ("params_total", "params_active")


@dataclass(frozen=True)
class Route:
    """A place to call the model: provider, variant, pricing kind and limits, with its source."""

    route_id: str
    provider: str
    provider_name: str
    provider_kind: str  # first_party, cloud, gateway, host, reseller, consumer, subscription ("" unknown)
    first_party: bool  # the provider is the model's own lab
    variant: str
    pricing_kind: str
    context_window: Cited
    max_output: Cited
    provenance: Provenance
    status: str = ""  # active, preview, deprecated, retired on the catalog date; "" unknown
    retirement_date: str = ""  # "" = none announced
    lifecycle_provenance: Provenance | None = None  # where status and retirement date come from
    rate_limits: Cited = field(default_factory=unknown)  # "300 requests a minute", with its source


@dataclass(frozen=True)
class Lifecycle:
    """A model's status and retirement date (from its maker's API, curated or canonical file)."""

    status: Cited  # active, preview, deprecated or retired on the catalog date; Unknown
    retirement_date: Cited  # Unknown = none announced
    status_date: str  # the retirement date if retired, else the date of the status's source


@dataclass(frozen=True)
class Score:
    """One benchmark result of the model (the newest per benchmark, variant and source)."""

    benchmark: str
    variant: str
    unit: str
    value: float
    date: str  # "" = the source gives no date
    self_reported: bool | None
    provenance: Provenance

    @property
    def key(self) -> tuple[str, str, str]:
        """What must match for two scores to be compared: benchmark, variant and unit."""
        return (self.benchmark, self.variant, self.unit)

    @property
    def cited(self) -> Cited:
        """The score as a cited value ("74.4%")."""
        return Cited.of(self.value, self.provenance, score(self.value, self.unit))

    @property
    def label(self) -> str:
        """ "SWE-Bench Verified" or "SWE-Bench Verified (variant)" ("tools None" left out)."""
        variant = variant_text(self.variant)
        return f"{self.benchmark} ({variant})" if variant else self.benchmark


@dataclass(frozen=True)
class Conflict:
    """A value sources disagree on: the one the catalog uses and one it did not."""

    model_id: str
    route_id: str  # "" for model-level fields
    field: str
    chosen_value: str
    chosen_source: str
    other_value: str
    other_sources: str
    reason: str = ""  # why the chosen value stands (assemble/authority.py)


@dataclass(frozen=True)
class ModelProfile:
    """A model's catalog data with provenance (unknown values are explicit, never 0 or False)."""

    model_id: str
    name: str
    fields: dict[str, Cited]  # every models column but model_id; unknown = Cited(None)
    capabilities: dict[str, Cited]  # only the known ones (an absent capability is unknown)
    routes: tuple[Route, ...]  # by route id
    scores: tuple[Score, ...]  # by benchmark, variant, unit, source
    conflicts: tuple[Conflict, ...]
    lifecycle: Lifecycle
    sources: tuple[tuple[Provenance, int], ...]  # (source, version, as_of) and how many rows cite it
    catalog: Provenance  # the catalog itself, for values counted from it

    def field(self, name: str) -> Cited:
        """A model field with provenance (Unknown when the catalog has none)."""
        return self.fields.get(name) or unknown()

    def capability(self, name: str) -> Cited:
        """A capability as True / False with provenance, or Unknown."""
        return self.capabilities.get(name) or unknown()

    def route(self, route_id: str) -> Route | None:
        """The model's route with this id (None when it has none)."""
        return next((r for r in self.routes if r.route_id == route_id), None)

    @property
    def providers(self) -> tuple[str, ...]:
        """Provider ids of the model's routes, sorted, each once."""
        return tuple(sorted({r.provider for r in self.routes}))


def model_profile(catalog: Catalog, model_id: str) -> ModelProfile:
    """The model's profile, built on first use and kept for as long as the catalog lives."""
    profiles = _cache(catalog).profiles
    if model_id not in profiles:
        profiles[model_id] = build_profile(catalog, model_id)
    return profiles[model_id]


def build_profile(catalog: Catalog, model_id: str) -> ModelProfile:
    """The model's profile read from the catalog (uncached)."""
    model = catalog.model(model_id)
    facts = catalog.rows("facts", model_id).to_dict("records")
    chosen = {f["field"]: f for f in facts if f["kind"] == "field" and f["chosen"] is True}
    fields = {
        name: model_field(name, model[name], chosen.get(name))
        for name in schema.TABLES["models"]
        if name != "model_id"
    }
    route_rows = catalog.rows("routes", model_id).to_dict("records")
    score_rows = catalog.rows("benchmarks", model_id).to_dict("records")
    cited_rows = [*facts, *route_rows, *score_rows]
    versions = source_versions(catalog)
    routes = tuple(
        sorted(
            (
                route(r, providers(catalog), first_party_providers(catalog, model_id), versions)
                for r in route_rows
            ),
            key=lambda r: r.route_id,
        )
    )
    life = lifecycle(model, chosen, routes)
    return ModelProfile(
        model_id=model_id,
        name=reader_name(readable_name(str(model["name"]) or model_id, facts), model_id),
        fields=fields | {"status": life.status},
        capabilities=capabilities(catalog.rows("capabilities", model_id).to_dict("records")),
        routes=routes,
        scores=newest_scores(score_rows),
        conflicts=tuple(Conflict(**r) for r in catalog.rows("conflicts", model_id).to_dict("records")),
        lifecycle=life,
        sources=source_counts(cited_rows),
        catalog=catalog_provenance(catalog),
    )


def readable_name(name: str, facts: list[dict]) -> str:
    """The chosen name, or when it is an id ("deepseek/deepseek-v3") the shortest name another
    source gives that is not one ("DeepSeek V3")."""
    if not looks_like_id(name):
        return name
    others = {str(f["value"]) for f in facts if f["field"] == "name" and not looks_like_id(str(f["value"]))}
    return min(others, key=lambda n: (len(n), n), default=name)


def model_field(name: str, value: object, fact: dict | None) -> Cited:
    """A models-table value typed and formatted for display, cited to its chosen fact."""
    if missing(value) or value == "":
        return unknown()
    value = typed(name, value)
    prov = provenance(fact) if fact else Provenance("catalog", "", "", f"models.csv:{name}")
    return Cited.of(value, prov, field_text(name, value))


def typed(name: str, value: object) -> object:
    """A models-table cell as a plain Python value (int, bool, str, or tuple for lists)."""
    kind = schema.TABLES["models"][name]
    if kind == schema.INT:
        return int(value)
    if kind == schema.BOOL:
        return bool(value)
    return tuple(str(value).split(";")) if name in LIST_FIELDS else str(value)


def field_text(name: str, value: object) -> str:
    """How a field reads in a table: "128,000 tokens", "196B", "text, image, and pdf"."""
    if name in TOKEN_FIELDS:
        return tokens(value)
    if name in PARAM_FIELDS:
        return format_tokens(value)
    if name in LIST_FIELDS:
        return join_and(map(modality, value))
    return ""


def capabilities(rows: list[dict]) -> dict[str, Cited]:
    """Known capabilities: id → True / False with provenance."""
    return {
        r["capability"]: Cited.of(bool(r["value"]), provenance(r)) for r in rows if not missing(r["value"])
    }


def lifecycle(model: pd.Series, chosen: dict[str, dict], routes: tuple[Route, ...]) -> Lifecycle:
    """The model's lifecycle, cited to the fact it rests on (an "active" status: the maker's route)."""
    status, retirement = cell(model.get("status")), cell(model.get("retirement_date"))
    fact = chosen.get("deprecation_date") if retirement else chosen.get("status")
    own = [r for r in routes if r.first_party and r.lifecycle_provenance]
    maker = min(own, key=lambda r: (r.variant != "", r.route_id), default=None)
    prov = provenance(fact) if fact else maker.lifecycle_provenance if maker else None
    if not status or prov is None:
        return Lifecycle(unknown(), unknown(), "")
    return Lifecycle(
        Cited.of(status, prov, status.capitalize()),
        Cited.of(retirement, prov) if retirement else unknown("None announced"),
        cell(model.get("status_date")),
    )


def cell(value: object) -> str:
    """A text cell as a string ("" for an empty or missing cell)."""
    return "" if missing(value) else str(value)


def route(
    row: dict, provider_index: dict[str, dict], own: frozenset[str], versions: dict[str, Provenance]
) -> Route:
    """A routes row as a Route, with the provider's name and kind and its lifecycle's source."""
    prov = provenance(row)
    provider = provider_index.get(row["provider"], {})
    kind = provider.get("kind", "")
    return Route(
        route_id=row["route_id"],
        provider=row["provider"],
        provider_name=provider.get("name") or row["provider"],
        provider_kind=kind,
        first_party=row["provider"] in own,
        variant=row["variant"],
        pricing_kind=row["pricing_kind"],
        context_window=limit(row["context_window"], prov),
        max_output=limit(row["max_output"], prov),
        rate_limits=rate_limits(row, cited_source(row.get("rate_limits_source"), versions)),
        provenance=prov,
        status=cell(row.get("status")),
        retirement_date=cell(row.get("retirement_date")),
        lifecycle_provenance=cited_source(row.get("lifecycle_source"), versions),
    )


def cited_source(cell_value: object, versions: dict[str, Provenance]) -> Provenance | None:
    """The provenance a routes column of "source:locator" names (None when empty or unknown)."""
    source, _, locator = cell(cell_value).partition(":")
    known = versions.get(source)
    return Provenance(source, known.version, known.as_of, locator) if known else None


def rate_limits(row: dict, prov: Provenance | None) -> Cited:
    """A route's requests and tokens a minute in words ("300 requests and 1,000,000 tokens a
    minute"); Unknown when its source gives neither."""
    parts = [
        f"{int(row[k]):,} {word}"
        for k, word in (("rpm", "requests"), ("tpm", "tokens"))
        if not missing(row.get(k))
    ]
    if not parts or prov is None:
        return unknown()
    return Cited.of(" and ".join(parts) + " a minute", prov)


def limit(value: object, prov: Provenance) -> Cited:
    """A token limit of a route ("Unknown" when the source gives none)."""
    return unknown() if missing(value) else Cited.of(int(value), prov, tokens(int(value)))


def newest_scores(rows: list[dict]) -> tuple[Score, ...]:
    """The newest score per benchmark, variant and source (undated rows count as oldest)."""
    newest: dict[tuple, dict] = {}
    for r in sorted(rows, key=lambda r: (r["date"], r["as_of"], r["locator"])):
        newest[(r["benchmark"], r["variant"], r["source"])] = r
    scores = [
        Score(
            benchmark=r["benchmark"],
            variant=r["variant"],
            unit=r["unit"],
            value=float(r["score"]),
            date=r["date"],
            self_reported=None if missing(r["self_reported"]) else bool(r["self_reported"]),
            provenance=provenance(r),
        )
        for r in newest.values()
        if not missing(r["score"])
    ]
    return tuple(sorted(scores, key=lambda s: (*s.key, s.provenance.source)))


def source_counts(rows: list[dict]) -> tuple[tuple[Provenance, int], ...]:
    """Each (source, version, as_of) the rows cite and how many rows cite it, sorted."""
    counts = Counter(Provenance(r["source"], r["version"], r["as_of"]) for r in rows if r["source"])
    return tuple(sorted(counts.items(), key=lambda item: (item[0].source, item[0].version, item[0].as_of)))


def missing(value: object) -> bool:
    """Whether a catalog cell is empty (None from ``to_dict``, NA from a row)."""
    return value is None or value is pd.NA


def catalog_provenance(catalog: Catalog) -> Provenance:
    """The catalog as a source: its content hash (first 12 digits) and as-of date."""
    manifest = catalog.manifest
    return Provenance("catalog", str(manifest.get("content_hash", ""))[:12], str(manifest.get("as_of", "")))


def source_versions(catalog: Catalog) -> dict[str, Provenance]:
    """Source id → (source, version, as_of) of its snapshot, from the catalog's manifest."""
    return {
        str(s.get("source", "")): Provenance(
            str(s.get("source", "")), str(s.get("version", "")), str(s.get("as_of", ""))
        )
        for s in catalog.manifest.get("sources", [])
    }


def providers(catalog: Catalog) -> dict[str, dict]:
    """Provider id → its providers row (name, kind, lab, doc_url, api_url), built once."""
    cache = _cache(catalog)
    if cache.providers is None:
        cache.providers = {r["provider"]: r for r in catalog.providers.to_dict("records")}
    return cache.providers


def priced_routes(catalog: Catalog) -> frozenset[str]:
    """Ids of the routes with at least one chosen price row, built once."""
    cache = _cache(catalog)
    if cache.priced is None:
        cache.priced = frozenset(catalog.chosen_prices["route_id"])
    return cache.priced


@dataclass
class _Cache:
    profiles: dict[str, ModelProfile] = field(default_factory=dict)
    providers: dict[str, dict] | None = None
    priced: frozenset[str] | None = None


_CACHES: dict[int, tuple[weakref.ref, _Cache]] = {}


def _cache(catalog: Catalog) -> _Cache:
    """The catalog's cache (dropped when the catalog is garbage collected)."""
    key = id(catalog)
    entry = _CACHES.get(key)
    if entry is None or entry[0]() is not catalog:
        entry = (weakref.ref(catalog, lambda _: _CACHES.pop(key, None)), _Cache())
        _CACHES[key] = entry
    return entry[1]
