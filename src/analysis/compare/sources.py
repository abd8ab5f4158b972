"""Sources and review: every source behind the pair with version and date, conflicts between
sources in words (conflicts.py), the assumptions, and a reproducibility stamp whose parameters
read in words.

``last_reviewed`` is the newest date of a hand-reviewed (curated) value about either model; with
none, the catalog's as-of date.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import asdict, dataclass

import pandas as pd

import analysis
from analysis.catalog import Catalog
from analysis.compare.conflicts import ConflictNote, conflict_notes
from analysis.compare.display import FrameDisplay
from analysis.compare.profile import Conflict, ModelProfile, providers
from analysis.compare.text import percent
from analysis.costs import CostComparison, Provenance, Scenario, format_tokens
from analysis.costs.cheapest import POLICY_WORDS

# Sources the build adds to the upstream snapshots listed in the catalog manifest.
LOCAL_SOURCES = {
    "curated": "data/curated/: values reviewed by hand, each citing its public page",
    "derived": "rules applied by the catalog build to the chosen values (analysis.assemble.derive)",
    "catalog": "counts taken from the catalog's tables",
}
ASSUMPTIONS = (
    "Prices are USD per 1M tokens as each route's source lists them.",
    "Unknown means the catalog has no value; it is never read as No or as 0.",
    "Benchmarks are compared only when benchmark, variant and unit match; scores are never averaged.",
    "Where sources disagree the catalog uses one value by its precedence rules; the others are listed "
    "as conflicts.",
)


@dataclass(frozen=True)
class SourceEntry:
    """One source version behind the pair's values, and how many of them it gives."""

    source: str
    version: str
    as_of: str
    license: str
    origin: str
    values: int  # rows about the pair (facts, routes, prices, scores) citing it; catalog: routes counted


@dataclass(frozen=True)
class Stamp:
    """What reproduces the report: the catalog, the package and the parameters."""

    catalog_hash: str
    catalog_as_of: str
    schema_version: str
    package_version: str
    parameters: tuple[tuple[str, str], ...]  # (what, its value), both in words


@dataclass(frozen=True)
class SourcesSection(FrameDisplay):
    """Review date, sources, conflicts, assumptions and the reproducibility stamp."""

    last_reviewed: str
    sources: tuple[SourceEntry, ...]
    conflicts: tuple[Conflict, ...]
    assumptions: tuple[str, ...]
    stamp: Stamp
    conflict_notes: tuple[ConflictNote, ...] = ()  # the conflicts in words, one per value

    def to_frame(self) -> pd.DataFrame:
        """One row per source version."""
        columns = ["Source", "Version", "As of", "License", "Origin", "Values"]
        rows = [(s.source, s.version, s.as_of, s.license, s.origin, s.values) for s in self.sources]
        return pd.DataFrame(rows, columns=columns)

    def conflicts_frame(self) -> pd.DataFrame:
        """One row per value the sources disagree on: the value used, and what the sources say."""
        rows = [(n.chosen, n.text) for n in self.conflict_notes]
        return pd.DataFrame(rows, columns=["Value used", "What the sources say"])


def sources_from(
    catalog: Catalog,
    profiles: tuple[ModelProfile, ModelProfile],
    comparison: CostComparison,
    parameters: Mapping[str, object],
    names: tuple[str, str] = ("", ""),
    cited: Iterable[Provenance] = (),
) -> SourcesSection:
    """The sources section of a pair from its profiles, cost comparison and other ``cited`` values."""
    counts: Counter[Provenance] = Counter()
    for profile in profiles:
        counts.update(dict(profile.sources))
    counts.update(Provenance(p.source, p.version, p.as_of) for p in cited)
    counts.update(Provenance(p.source, p.version, p.as_of) for p in price_provenance(comparison))
    counts[profiles[0].catalog] += sum(len(p.routes) for p in profiles)
    conflicts = tuple(c for p in profiles for c in p.conflicts)
    ids = tuple(p.model_id for p in profiles)
    return SourcesSection(
        last_reviewed=last_reviewed(catalog, counts),
        sources=source_entries(catalog, counts),
        conflicts=conflicts,
        assumptions=assumptions(catalog, comparison, names),
        stamp=stamp(catalog, parameters, comparison.a.policy.routes),
        conflict_notes=conflict_notes(catalog, conflicts, dict(zip(ids, names, strict=True))),
    )


def price_provenance(comparison: CostComparison) -> list[Provenance]:
    """The provenance of every price row the comparison used."""
    return [row.provenance for m in (comparison.a, comparison.b) for r in m.routes for row in r.prices]


def source_entries(catalog: Catalog, counts: Counter[Provenance]) -> tuple[SourceEntry, ...]:
    """Each source version with its license and origin (from the manifest), sorted."""
    listed = {s.get("source"): s for s in catalog.manifest.get("sources", [])}
    entries = [
        SourceEntry(
            p.source,
            p.version,
            p.as_of,
            str(listed.get(p.source, {}).get("license", "")),
            str(listed.get(p.source, {}).get("origin", LOCAL_SOURCES.get(p.source, ""))),
            n,
        )
        for p, n in counts.items()
    ]
    return tuple(sorted(entries, key=lambda e: (e.source, e.version, e.as_of)))


def last_reviewed(catalog: Catalog, counts: Counter[Provenance]) -> str:
    """The newest curated date among the pair's values, else the catalog's as-of date."""
    curated = [p.as_of for p in counts if p.source == "curated" and p.as_of]
    return max(curated, default=str(catalog.manifest.get("as_of", "")))


def assumptions(catalog: Catalog, comparison: CostComparison, names: tuple[str, str]) -> tuple[str, ...]:
    """The scenario, how costs were taken, notes on the routes used, and the fixed assumptions."""
    scenario = comparison.a.scenario
    kinds = "any route, free and subscription ones included" if scenario.include_free else "paid routes only"
    index = providers(catalog)
    notes = [
        f"{name} on {index.get(m.route.provider, {}).get('name') or m.route.provider}: {note}"
        for name, m in zip(names, (comparison.a, comparison.b), strict=True)
        if m.route
        for note in m.route.notes
    ]
    return (
        f"Traffic: {scenario.describe()}.",
        f"Prices as of {comparison.a.price_date}: each route's prices in force on that date.",
        "Monthly cost is each model's cheapest complete route (both an input and an output price), "
        f"over {kinds}, on {POLICY_WORDS[comparison.a.policy.routes]}.",
        *comparison.warnings,
        *comparison.notes,
        *notes,
        *ASSUMPTIONS,
    )


def stamp(catalog: Catalog, parameters: Mapping[str, object], routes: str = "trusted") -> Stamp:
    """The reproducibility stamp, its parameters and the route policy in words."""
    manifest = catalog.manifest
    words = [parameter_words(str(k), v) for k, v in parameters.items()]
    return Stamp(
        catalog_hash=str(manifest.get("content_hash", "")),
        catalog_as_of=str(manifest.get("as_of", "")),
        schema_version=str(manifest.get("schema_version", "")),
        package_version=analysis.__version__,
        parameters=(*words, ("Routes counted (--routes)", POLICY_WORDS[routes])),
    )


PARAMETER_LABELS = {
    "a": "Model A",
    "b": "Model B",
    "name": "Scenario",
    "input_tokens": "Input tokens a month",
    "output_tokens": "Output tokens a month",
    "cache_read_share": "Input read from cache",
    "cache_write_share": "Input written to cache",
    "batch_share": "Traffic through batch APIs",
    "reasoning_multiplier": "Reasoning tokens per output token",
    "prompt_tokens": "Tokens per prompt",
    "price_date": "Price date",
    "include_free": "Free and subscription routes (--include-free)",
}


def parameter_words(key: str, value: object) -> tuple[str, str]:
    """A parameter as (what it is, its value) in words: "Price date", "the catalog's as-of date"."""
    label = PARAMETER_LABELS.get(key, key.replace("_", " ").capitalize())
    if key == "price_date" and value is None:
        return label, "the catalog's as-of date"
    if key == "include_free":
        return label, "counted" if value else "not counted"
    if key.endswith("_tokens") and isinstance(value, int):
        return label, format_tokens(value)
    if key.endswith("_share") and isinstance(value, float | int):
        return label, percent(value)
    if value is None:
        return label, "not set"
    if isinstance(value, bool):
        return label, "yes" if value else "no"
    return label, f"{value:g}" if isinstance(value, float) else str(value)


def default_parameters(a: str, b: str, scenario: Scenario) -> dict[str, object]:
    """The parameters of a pair analysis: both model ids and every scenario field."""
    return {"a": a, "b": b, **asdict(scenario)}
