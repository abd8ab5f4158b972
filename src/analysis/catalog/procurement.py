"""Procurement lookups: a route's data-policy facts and a model's license, each with its page.

A fact is a row of ``provider_policies`` (the route's own row first, then its provider's) or of
``licenses``; None when the catalog has none (unknown, never "no"). ``verdict`` reads a value's
Yes / No in one place: values start with "yes" or "no" and may carry a qualifier; anything else
("on request", "unclear (...)", a day count) settles nothing.
"""

from __future__ import annotations

from dataclasses import dataclass

from analysis.catalog.store import Catalog


@dataclass(frozen=True)
class Fact:
    """One procurement fact: its value, the verbatim quote and where it was read."""

    field: str
    value: str
    quote: str
    url: str
    source: str
    version: str
    as_of: str
    locator: str
    page_date: str = ""
    route_id: str = ""  # the route it is specific to; "" = the provider's
    conditions: str = ""  # license conditions, for license facts


def policy_fact(catalog: Catalog, provider: str, route_id: str, field: str) -> Fact | None:
    """The route's fact for ``field``: its own override, else its provider's; None when unknown."""
    index = catalog.memo(("policy_index",), lambda: _policy_index(catalog))
    return index.get((provider, route_id, field)) or index.get((provider, "", field))


def license_facts(catalog: Catalog, model_id: str) -> dict[str, Fact]:
    """The model's ``license`` (value: its name) and ``commercial_use`` (value: yes, yes with
    conditions, no; conditions attached) facts, each only when the licenses table has it."""
    index = catalog.memo(("license_index",), lambda: _license_index(catalog))
    return index.get(model_id, {})


def verdict(value: str) -> bool | None:
    """True for a value saying yes (or "Permitted ..."), False for no, None when it settles neither."""
    first = value.strip().lower().split(" ", 1)[0].strip("(,;.:")
    return {"yes": True, "permitted": True, "no": False}.get(first)


def _policy_index(catalog: Catalog) -> dict[tuple[str, str, str], Fact]:
    p = catalog.provider_policies
    return {
        (r.provider, r.route_id, r.field): Fact(
            r.field, r.value, r.quote, r.url, r.source, r.version, r.as_of, r.locator, r.page_date, r.route_id
        )
        for r in p.itertuples(index=False)
    }


def _license_index(catalog: Catalog) -> dict[str, dict[str, Fact]]:
    index: dict[str, dict[str, Fact]] = {}
    for r in catalog.licenses.itertuples(index=False):
        if not r.model_id:
            continue
        cited = (r.quote, r.url, r.source, r.version, r.as_of, r.locator)
        facts = {"license": Fact("license", r.license_name, *cited)}
        if r.commercial_use:
            facts["commercial_use"] = Fact(
                "commercial_use", r.commercial_use, *cited, conditions=r.conditions
            )
        index[r.model_id] = facts
    return index
