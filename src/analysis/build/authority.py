"""Authority: which source decides a model-level fact. The ranking, written once (lower wins):

1. MAKER: the maker's own API entry (an offer of a first-party provider of the model's lab).
2. CURATED: a curated fact with its source (data/curated/facts.csv).
3. CANONICAL: the models.dev canonical model file (``models/<lab>/<model>.toml``).
4. REFERENCE: Epoch AI and the papers it cites; Hugging Face (a repo id: open weights).
5. GATEWAY: route files of gateways (providers of kind gateway, OpenRouter's export).
6. ROUTE: route files of hosts, clouds, resellers and subscription plans.
7. DERIVED: values derived from the chosen facts by written rules (build/derive.py).

A route file (rank 5 or 6: any provider's offer that is not the maker's own) never sets a
MODEL_FACTS field; it sets only its own route's limits and prices (build/routes.py). It may still
fill the other fields (name, modalities, capabilities) when no higher rank gives them.

Within a rank, the value more independent sources give wins (a source is independent of
another when the source or the provider differs); then SOURCE_ORDER; then the locator. Every
value not chosen stays in the facts table and, for CONFLICT_FIELDS, in the conflicts table.

A display name is a spelling, not a fact: the canonical file's comes first, then the other ranks
as above; a record whose name only echoes its API id gives no name (build/facts.py).
"""

from __future__ import annotations

from collections.abc import Mapping

MAKER, CURATED, CANONICAL, REFERENCE, GATEWAY, ROUTE, DERIVED = range(1, 8)

# Facts about the model itself, which only ranks MAKER to REFERENCE (and DERIVED) may set.
MODEL_FACTS = frozenset(
    {
        "open_weights",
        "license",
        "release_date",
        "knowledge_cutoff",
        "params_total",
        "params_active",
        "context_window",
        "max_input",
        "max_output",
        "status",
        "deprecation_date",
    }
)

# Tie-break between sources that agree equally often (unlisted sources come after, by name).
SOURCE_ORDER = ("curated", "models.dev", "genai-prices", "litellm", "openrouter", "epoch-notable")

GATEWAY_SOURCES = frozenset({"openrouter"})  # sources that are a gateway's own model list
CANONICAL_SOURCES = frozenset({"models.dev"})  # sources whose provider-less files are canonical


def rank(
    source: str, provider: str, lab: str, provider_kind: Mapping[str, str], provider_lab: Mapping[str, str]
) -> int:
    """The authority rank of one source record about a model of ``lab``.

    ``provider`` is the canonical provider id ("" for a record that is not an offer);
    ``provider_kind`` and ``provider_lab`` come from data/curated/providers.csv.
    """
    if not provider:
        return CANONICAL if source in CANONICAL_SOURCES else REFERENCE
    if provider_kind.get(provider) == "first_party" and provider_lab.get(provider) == lab:
        return MAKER
    if provider_kind.get(provider) == "gateway" or source in GATEWAY_SOURCES:
        return GATEWAY
    return ROUTE


def may_set(field: str, rank_: int) -> bool:
    """Whether a value of this rank may be chosen for ``field`` (route files: no model facts)."""
    return field not in MODEL_FACTS or rank_ not in (GATEWAY, ROUTE)


def name_rank(rank_: int) -> int:
    """The rank of a record's display name: the canonical file first, then as for facts."""
    return 0 if rank_ == CANONICAL else rank_


def source_order(source: str) -> tuple[int, str]:
    """Sort key of a source within a rank, after agreement."""
    return (SOURCE_ORDER.index(source) if source in SOURCE_ORDER else len(SOURCE_ORDER), source)
