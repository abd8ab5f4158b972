"""The title block: "A vs B", product types, the catalog's as-of date and the scenario."""

from __future__ import annotations

from dataclasses import dataclass

from analysis.compare.cited import Cited
from analysis.compare.profile import ModelProfile


@dataclass(frozen=True)
class Title:
    """The report's title block."""

    text: str  # "A vs B"
    names: tuple[str, str]
    product_types: tuple[Cited, Cited]
    catalog_as_of: str
    scenario: str  # the scenario in one line


def title_from(a: ModelProfile, b: ModelProfile, names: tuple[str, str], scenario: str) -> Title:
    """The title block of a pair."""
    product_types = (a.field("product_type"), b.field("product_type"))
    return Title(f"{names[0]} vs {names[1]}", names, product_types, a.catalog.as_of, scenario)


def display_names(a: ModelProfile, b: ModelProfile) -> tuple[str, str]:
    """The models' names as a reader sees them; with the release dates (or, failing those,
    the ids) when both read the same."""
    names = (a.name, b.name)
    if names[0] != names[1]:
        return names
    dates = (a.field("release_date"), b.field("release_date"))
    if all(d.known for d in dates) and dates[0].value != dates[1].value:
        return tuple(f"{n} ({d.text})" for n, d in zip(names, dates, strict=True))
    return (a.model_id, b.model_id)
