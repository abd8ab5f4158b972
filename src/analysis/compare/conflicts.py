"""Conflicts between sources, in words: what each source says and which value the report uses.

Numbers that differ by rounding only ($2.99999 against $3.00) are not a disagreement and are left
out.

"Context window of GPT-5: 2 sources give 272,000 tokens (Azure on models.dev, Azure Cognitive
Services on models.dev); the report uses 400,000 tokens, from the models.dev model file." A
source is named by who publishes the value (a provider's route file on models.dev, LiteLLM's or
genai-prices' entry for a provider, OpenRouter's list), never by a file path.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from analysis.catalog import Catalog
from analysis.compare.profile import Conflict, providers
from analysis.compare.text import TOKEN_FIELDS, field_words, join_and, plural, price_per_mtok, tokens, yes_no

SOURCES_NAMED = 3
_UPSTREAMS = {"litellm": "LiteLLM", "genai-prices": "genai-prices", "models.dev": "models.dev"}


@dataclass(frozen=True)
class ConflictNote:
    """Every disagreement on one value of one model (or one route), said in a sentence."""

    model_id: str
    route_id: str  # "" for a model-level value
    field: str
    chosen: str  # the value the report uses, as text
    others: tuple[str, ...]  # the values it did not use, as text
    text: str
    values: tuple[str, ...] = ()  # the values it did not use, as the catalog has them
    publishers: tuple[tuple[str, ...], ...] = ()  # per value, the providers whose route files give it
    # ("" for a source that is not a route file, such as a model file)


def conflict_notes(
    catalog: Catalog, conflicts: Iterable[Conflict], names: dict[str, str]
) -> tuple[ConflictNote, ...]:
    """One note per model (or route) and field, from the catalog's conflict rows."""
    groups: dict[tuple[str, str, str], list[Conflict]] = {}
    for c in conflicts:
        if rounding(c.chosen_value, c.other_value):
            continue
        groups.setdefault((c.model_id, c.route_id, c.field), []).append(c)
    index = providers(catalog)
    return tuple(note(rows, names.get(rows[0].model_id, rows[0].model_id), index) for rows in groups.values())


def note(rows: list[Conflict], name: str, index: dict[str, dict]) -> ConflictNote:
    """The sentence for one value: each other value with who gives it, then the value used."""
    first = rows[0]
    field = field_words(first.field)
    where = f"{name} on {_provider(first.route_id.split(':', 1)[0], index)}" if first.route_id else name
    said = []
    for row in sorted(rows, key=lambda r: -len(r.other_sources.split("; "))):
        publishers = list(dict.fromkeys(publisher(s, index) for s in row.other_sources.split("; ") if s))
        more = len(publishers) - SOURCES_NAMED
        who = join_and([*publishers[:SOURCES_NAMED], f"{more} more"] if more > 0 else publishers)
        count = plural(len(publishers), "source")
        verb = "gives" if len(publishers) == 1 else "give"
        said.append(f"{count} ({who}) {verb} {value_text(first.field, row.other_value)}")
    chosen = value_text(first.field, first.chosen_value)
    used = (
        f"the report uses {chosen}, from {publisher(first.chosen_source, index)}"
        if first.chosen_value
        else f"the report leaves it Unknown ({first.reason})"
    )
    text = f"{field[:1].upper()}{field[1:]} of {where}: {'; '.join(said)}; {used}."
    others = tuple(value_text(first.field, r.other_value) for r in rows)
    values = tuple(r.other_value for r in rows)
    routes = tuple(tuple(route_provider(s) for s in r.other_sources.split("; ") if s) for r in rows)
    return ConflictNote(first.model_id, first.route_id, first.field, chosen, others, text, values, routes)


def rounding(a: str, b: str) -> bool:
    """Whether two numbers differ by rounding only (within a hundredth of a percent)."""
    try:
        x, y = float(a), float(b)
    except ValueError:
        return False
    return abs(x - y) <= 1e-4 * max(abs(x), abs(y))


def publisher(locator: str, index: dict[str, dict]) -> str:
    """Who publishes a value, from a "source:key" locator: "Azure on models.dev", "OpenRouter"."""
    source, _, key = locator.partition(":")
    parts = key.split("/")
    if source == "models.dev":
        if parts[0] == "providers" and len(parts) > 1:
            return f"{_provider(parts[1], index)} on models.dev"
        return "the models.dev model file"
    if source in _UPSTREAMS and parts[0]:
        return f"{_provider(parts[0], index)} on {_UPSTREAMS[source]}"
    if source == "openrouter":
        return "OpenRouter's model list"
    return source


def route_provider(locator: str) -> str:
    """The provider whose route file a "source:key" locator points at ("" for a model-level source)."""
    source, _, key = locator.partition(":")
    parts = key.split("/")
    if source == "models.dev":
        return parts[1] if parts[0] == "providers" and len(parts) > 1 else ""
    if source in ("litellm", "genai-prices"):
        return parts[0]
    return "openrouter" if source == "openrouter" else ""


def value_text(field: str, value: str) -> str:
    """A conflicting value as a reader sees it: tokens, a price, Yes / No, or as written."""
    try:
        if field in TOKEN_FIELDS:
            return tokens(int(float(value)))
        if field.endswith("_mtok"):
            return price_per_mtok(float(value))
    except ValueError:
        return value
    if value in ("true", "false"):
        return yes_no(value == "true")
    return value


def _provider(provider: str, index: dict[str, dict]) -> str:
    return str(index.get(provider, {}).get("name") or provider)
