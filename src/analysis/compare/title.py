"""The title block: "A vs B", product types, the catalog's as-of date and the scenario."""

from __future__ import annotations

import re
from dataclasses import dataclass

from analysis.compare.cited import Cited
from analysis.compare.profile import ModelProfile
from analysis.compare.text import looks_like_id

LATEST = re.compile(r"\s*\(latest\)\s*$", re.IGNORECASE)
ACRONYMS = frozenset({"gpt", "glm", "oss", "vl", "ai", "llm", "mn"})


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
    names = (reader_name(a.name, a.model_id), reader_name(b.name, b.model_id))
    if names[0] != names[1]:
        return names
    dates = (a.field("release_date"), b.field("release_date"))
    if all(d.known for d in dates) and dates[0].value != dates[1].value:
        return tuple(f"{n} ({d.text})" for n, d in zip(names, dates, strict=True))
    return (a.model_id, b.model_id)


def reader_name(name: str, model_id: str) -> str:
    """A catalog name fit for a reader: without a "(latest)" tag or a ":free" suffix, and made from
    the id's last part ("deepseek-v3" → "Deepseek V3") when the name is an id ("lab/model")."""
    name = LATEST.sub("", name).removesuffix(":free")
    if name and not looks_like_id(name):
        return name
    slug = model_id.rsplit("/", 1)[-1]
    return " ".join(_word(w) for w in re.split(r"[-_ ]+", slug) if w)


def _word(word: str) -> str:
    if word.lower() in ACRONYMS or (
        word[:1].isalpha() and any(ch.isdigit() for ch in word) and len(word) <= 4
    ):
        return word.upper()
    return word[:1].upper() + word[1:]
