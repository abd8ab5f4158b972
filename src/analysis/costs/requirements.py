"""Which requirements (``--require``) a route is confirmed to meet: the one place they are read.

Provider requirements read the route's policy facts (its own override, else its provider's);
``open-weights`` and ``commercial-use`` read the model (a weights license settles commercial use
only on a route that serves the weights; elsewhere API use falls under the provider's terms,
which the catalog does not hold: "not confirmed"). A requirement is met only when a source
confirms it: a fact saying no fails it, and no fact, or one that settles nothing ("on request",
"unclear", a residency that names neither region), leaves it "not confirmed".
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import pandas as pd

from analysis.catalog import Catalog
from analysis.catalog.procurement import license_facts, policy_fact, verdict
from analysis.costs.route_classes import serves_weights

# requirement → (policy field, the verdict that meets it)
POLICY_REQUIREMENTS = {
    "no-training": ("trains_on_api_data_by_default", False),
    "zdr": ("zero_data_retention_available", True),
    "soc2": ("soc2_type2", True),
    "iso27001": ("iso27001", True),
    "hipaa": ("hipaa_baa_available", True),
}
REGION_FIELD = "data_residency_regions"
# region requirement → words in a residency value that name a place inside it
REGIONS = {
    "region:eu": re.compile(r"\bEU\b|Europe|Germany|Frankfurt|France|Paris|Finland|Netherlands|Ireland"),
    "region:us": re.compile(r"\bUS\b|United States|Virginia|Oregon|Ohio"),
}
_SHOWN = 3
UNMET = "no priced route meets the requirements"  # how a cost no route can carry begins


def met(catalog: Catalog, route, requirement: str) -> bool | None:
    """Whether ``route`` (a RouteCost or route row: provider, route_id, model_id) meets
    ``requirement``: True, False, or None when no source settles it."""
    if requirement in POLICY_REQUIREMENTS:
        field, wanted = POLICY_REQUIREMENTS[requirement]
        fact = policy_fact(catalog, route.provider, route.route_id, field)
        answer = verdict(fact.value) if fact else None
        return None if answer is None else answer == wanted
    if requirement in REGIONS:
        fact = policy_fact(catalog, route.provider, route.route_id, REGION_FIELD)
        return True if fact and REGIONS[requirement].search(fact.value) else None
    if requirement == "open-weights":
        value = model_value(catalog, route.model_id, "open_weights")
        return None if value is None else bool(value)
    if requirement == "commercial-use":  # a weights license settles only a route serving the weights
        fact = license_facts(catalog, route.model_id).get("commercial_use")
        if fact:
            return verdict(fact.value) if serves_weights(catalog, route.provider, route.model_id) else None
        return verdict(model_value(catalog, route.model_id, "commercial_use") or "")
    raise ValueError(f"unknown requirement {requirement!r}")


def unmet(catalog: Catalog, route, require: Sequence[str]) -> tuple[str, ...]:
    """The requirements ``route`` does not meet, each as "<name> not met" or "<name> not confirmed"."""
    out = []
    for requirement in require:
        answer = met(catalog, route, requirement)
        if answer is not True:
            out.append(f"{requirement} {'not met' if answer is False else 'not confirmed'}")
    return tuple(out)


def unmet_reason(catalog: Catalog, routes: Sequence, require: Sequence[str]) -> str:
    """Why none of ``routes`` (the priced candidates) meets ``require``, in one line."""
    failures = {r.route_id: unmet(catalog, r, require) for r in routes}
    everywhere = [
        req for req in require if all(any(f.startswith(f"{req} ") for f in fs) for fs in failures.values())
    ]
    head = f"{UNMET} ({', '.join(require)})"
    if everywhere:
        return f"{head}: {', '.join(everywhere)} not confirmed on any of the {len(failures)} priced routes"
    shown = "; ".join(f"{r}: {', '.join(fs)}" for r, fs in list(failures.items())[:_SHOWN])
    more = f"; {len(failures) - _SHOWN} more" if len(failures) > _SHOWN else ""
    return f"{head}: {shown}{more}"


def model_value(catalog: Catalog, model_id: str, column: str):
    """A model's chosen value of one column; None when unknown or the model is not listed."""
    if model_id not in catalog.model_index.index:
        return None
    value = catalog.model(model_id)[column]
    return None if pd.isna(value) or value == "" else value
