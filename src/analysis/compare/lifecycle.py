"""Lifecycle for the report: the scorecard's status and retirement, and page-one warnings."""

from __future__ import annotations

from analysis.compare.cited import Cited, unknown
from analysis.compare.profile import ModelProfile, Route
from analysis.sources.records import day

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
    warnings = [w for r in undated if (w := route_warning(profile.name, r, price_date))]
    return list(dict.fromkeys(warnings))


def route_warning(name: str, route: Route, price_date: str) -> str:
    """The warning for one maker route, or ""."""
    source = f" (source: {route.lifecycle_provenance.cite()})" if route.lifecycle_provenance else ""
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
