"""Lifecycle: status (active, preview, deprecated, retired) and retirement date, per model and route.

What sources say: a status word (models.dev ``status`` alpha, beta or deprecated; genai-prices'
deprecated flag) and a retirement date (LiteLLM ``deprecation_date``, OpenRouter
``expiration_date``; both the record field ``deprecation_date``). On the catalog's as-of date:

- retired: a retirement date on or before the as-of date;
- deprecated: a retirement date after it, or a source that says deprecated;
- preview: a source that says alpha, beta or preview;
- active: listed (a model by its maker's API, a route by its source) with none of the above;
- unknown (""): a model its maker does not list and no source gives a status for.

A model's lifecycle comes from its chosen ``status`` and ``deprecation_date`` facts, which only
the maker's API entry, a curated fact or the canonical file may set (assemble/authority.py): one
reseller's "beta" is not the model's status. A route's comes from its own records, in the route's
price precedence: the first record that gives a retirement date or a status, else the first; but
a maker route takes the model's lifecycle from the maker's own page when a curated fact quotes it
(rank MAKER_PAGE), as that page outranks the maker's API entry: price lists keep listing a retired
model (genai-prices still prices xAI's grok-4-0709, which xAI retired on 2026-05-15).
"""

from __future__ import annotations

from analysis.assemble import authority
from analysis.assemble.facts import Observation
from analysis.assemble.identity import Placed

ACTIVE, PREVIEW, DEPRECATED, RETIRED = "active", "preview", "deprecated", "retired"
PREVIEW_WORDS = frozenset({"alpha", "beta", "preview"})


def status(word: str, retirement_date: str, as_of: str, listed: bool) -> str:
    """The status on ``as_of`` by the rules in the module docstring."""
    if retirement_date:
        return RETIRED if retirement_date <= as_of else DEPRECATED
    word = word.strip().lower()
    if word in (DEPRECATED, RETIRED):
        return word
    if word in PREVIEW_WORDS:
        return PREVIEW
    return ACTIVE if listed else ""


def model_lifecycle(get, maker_listed: bool, as_of: str) -> dict[str, str]:
    """The models columns status, status_date and retirement_date of one model.

    ``get(field)`` returns the chosen observation of a field or None. The status date is the
    retirement date of a retired model, else the as-of date of the source the status rests on.
    """
    word, retirement = get("status"), get("deprecation_date")
    retirement_date = retirement.value if retirement else ""
    state = status(word.value if word else "", retirement_date, as_of, maker_listed)
    basis = retirement or word
    when = retirement_date if state == RETIRED else (basis.prov.as_of if basis else as_of if state else "")
    return {"status": state, "status_date": when, "retirement_date": retirement_date}


def maker_page_facts(chosen: dict, model_id: str) -> dict[str, Observation]:
    """The model's chosen lifecycle facts that quote its maker's own page, by field."""
    facts = {field: chosen.get((model_id, "field", field)) for field in sorted(authority.LIFECYCLE_FACTS)}
    return {field: o for field, o in facts.items() if o and o.rank == authority.MAKER_PAGE}


def route_lifecycle(offers: list[Placed], as_of: str, page: dict[str, Observation]) -> dict[str, str]:
    """The routes columns status, retirement_date and lifecycle_source ("source:locator").

    ``page`` holds the model's maker_page_facts, which decide the lifecycle of a maker route.
    """
    if page and offers[0].rank == authority.MAKER:
        word, retirement = page.get("status"), page.get("deprecation_date")
        retirement_date = retirement.value if retirement else ""
        basis = retirement or word
        return {
            "status": status(word.value if word else "", retirement_date, as_of, listed=True),
            "retirement_date": retirement_date,
            "lifecycle_source": f"{basis.prov.source}:{basis.prov.locator}",
        }
    stating = [p for p in offers if p.record.fields.get("deprecation_date") or p.record.fields.get("status")]
    p = (stating or offers)[0]
    retirement_date = str(p.record.fields.get("deprecation_date") or "")
    word = str(p.record.fields.get("status") or "")
    return {
        "status": status(word, retirement_date, as_of, listed=True),
        "retirement_date": retirement_date,
        "lifecycle_source": f"{p.record.prov.source}:{p.record.prov.locator}",
    }
