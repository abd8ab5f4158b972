"""Lifecycle for the report: the scorecard's status and retirement, and page-one warnings."""

from __future__ import annotations

from analysis.compare.cited import Cited, unknown
from analysis.compare.profile import ModelProfile, Route
from analysis.costs import ModelCost
from analysis.sources.records import Provenance, day

WARNING_DAYS = 180  # a maker route retiring within this many days of the price date is a risk


def status_and_retirement(profile: ModelProfile) -> Cited:
    """ "Active", "Preview", "Deprecated, retires 2026-12-11", "Retired on 2025-08-31"; cited."""
    life = profile.lifecycle
    if not life.status.known:
        return unknown()
    text, retires = life.status.text, life.retirement_date
    if retires.known:
        text = (
            f"Retired on {retires.value}"
            if life.status.value == "retired"
            else f"{text}, retires {retires.value}"
        )
    return Cited.of(life.status.value, life.status.provenance, text)


def lifecycle_warnings(profile: ModelProfile, price_date: str) -> list[str]:
    """Warnings for page one: the model's maker route is retired on ``price_date``, or retires
    within WARNING_DAYS after it. One line each, naming the provider, date and source.

    The maker routes are the model's undated first-party routes (its dated snapshots when it has
    no undated one).
    """
    own = [r for r in profile.routes if r.first_party]
    undated = [r for r in own if not r.variant] or own
    page = profile.lifecycle.status.provenance if profile.lifecycle.status.known else None
    warnings = [w for r in undated if (w := route_warning(profile.name, r, price_date, page))]
    return list(dict.fromkeys(warnings))


def route_warning(name: str, route: Route, price_date: str, model_source: Provenance | None) -> str:
    """The warning for one maker route, or "". A maker route whose lifecycle is the model's, from
    the maker's own page quoted in data/curated (assemble/lifecycle.py), cites ``model_source``."""
    prov = route.lifecycle_provenance or model_source
    source = f" (source: {source_words(prov)})" if prov else ""
    if route.retirement_date:
        days = (day(route.retirement_date) - day(price_date)).days
        if days <= 0:
            return f"{name} is retired on {route.provider_name}'s API since {route.retirement_date}{source}."
        if days <= WARNING_DAYS:
            return (
                f"{name} retires on {route.provider_name}'s API on {route.retirement_date}, "
                f"{days} days after the price date {price_date}{source}."
            )
        return ""
    if route.status == "retired":
        return f"{name} is listed as retired on {route.provider_name}'s API{source}."
    return ""


def source_words(prov: Provenance) -> str:
    """A lifecycle source in a sentence: a snapshot's "litellm 1.109.1, as of 2026-11-23"; a curated
    fact's page address and date."""
    return f"{prov.url}, as of {prov.as_of}" if prov.source == "curated" else prov.cite()


def maker_unavailable(cost: ModelCost) -> str:
    """Why the model has no cost on its maker's own API: its maker routes are all retired on the
    price date ("retired on its maker's own API since 2026-08-05"), or none is priced."""
    own = [r for r in cost.routes if r.first_party]
    if own and all(r.retired for r in own):
        dates = sorted(r.retirement_date for r in own if r.retirement_date)
        return "retired on its maker's own API" + (f" since {dates[0]}" if dates else "")
    return "no priced route on its maker's own API in the catalog"
