"""The providers table: every provider with a route, its kind, display name and pages.

A provider's display name comes from the first source that gives one: data/curated/
provider_names.csv (a reviewed name with the page it is written on and a verbatim quote), the
models.dev provider file, the genai-prices provider entry. Each source's provider id is read as
the catalog's through data/curated/provider_aliases.csv and the spelling key (models.dev's
``wafer.ai`` is ``wafer-ai``). A provider no source names keeps its id as its name; ``unnamed``
lists them.
"""

from __future__ import annotations

from collections.abc import Iterable

from analysis.assemble.curated import Curated
from analysis.assemble.identity import Rules
from analysis.errors import CatalogError
from analysis.sources import genai_prices, models_dev

CURATED_FILE = "provider_names.csv"
Page = models_dev.ProviderRecord | genai_prices.ProviderRecord


def provider_rows(pages: Iterable[Page], groups: dict, curated: Curated, rules: Rules) -> list[dict]:
    """Rows of the providers table: every provider with a route, its kind, name and pages."""
    pages = list(pages)
    kinds = {r["provider"]: r for r in curated.rows("providers.csv")}
    names = display_names(pages, curated, rules)
    docs = {
        rules.provider(p.prov.source, p.provider): p
        for p in pages
        if isinstance(p, models_dev.ProviderRecord)
    }
    rows = []
    for provider in sorted({p.provider for offers in groups.values() for p in offers}):
        known, about = kinds.get(provider, {}), docs.get(provider)
        rows.append(
            {
                "provider": provider,
                "name": names.get(provider, provider),
                "kind": known.get("kind") or "host",
                "lab": known.get("lab", ""),
                "doc_url": about.doc if about else "",
                "api_url": about.api if about else "",
            }
        )
    return rows


def display_names(pages: Iterable[Page], curated: Curated, rules: Rules) -> dict[str, str]:
    """Provider id → display name, from the first source that gives one (module docstring)."""
    ranked = sorted(
        (p for p in pages if p.name.strip()),
        key=lambda p: isinstance(p, genai_prices.ProviderRecord),
    )
    names = {r["provider"]: r["name"] for r in curated_names(curated)}
    for page in ranked:
        names.setdefault(rules.provider(page.prov.source, page.provider), page.name.strip())
    return names


def curated_names(curated: Curated) -> list[dict[str, str]]:
    """Rows of data/curated/provider_names.csv, each checked (CatalogError names the line)."""
    file = curated.path / CURATED_FILE
    rows = curated.rows(CURATED_FILE)
    for line, row in enumerate(rows, start=2):
        if not row["provider"] or not row["name"] or not row["quote"] or not row["retrieved"]:
            raise CatalogError(f"{file} line {line}: provider, name, quote and retrieved must be filled")
        if not row["source_url"].startswith(("https://", "http://")):
            raise CatalogError(
                f"{file} line {line}: source_url {row['source_url']!r} is not an http(s) URL of the page quoted"
            )
        if row["name"] not in row["quote"]:
            raise CatalogError(f"{file} line {line}: the quote does not contain the name {row['name']!r}")
    return rows


def unnamed(pages: Iterable[Page], curated: Curated, rules: Rules, providers: Iterable[str]) -> list[str]:
    """The providers of ``providers`` that no source names, sorted."""
    names = display_names(pages, curated, rules)
    return sorted(p for p in set(providers) if p not in names)
