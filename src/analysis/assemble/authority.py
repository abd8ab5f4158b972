"""Authority: which source decides a model-level fact. The ranking, written once (lower wins):

0. MAKER_PAGE: the maker's own page (docs, model card, announcement, pricing page), quoted in a
   curated fact (data/curated/facts.csv, ``maker_page`` yes) or a curated price
   (data/curated/prices.csv): the maker's word, read by a person.
1. MAKER: the maker's own API entry (an offer of a first-party provider of the model's lab).
2. CURATED: a curated fact citing another source (data/curated/facts.csv).
3. CANONICAL: the models.dev canonical model file (``models/<lab>/<model>.toml``).
4. REFERENCE: Epoch AI and the papers it cites; Hugging Face (a repo id: open weights).
5. GATEWAY: route files of gateways (providers of kind gateway, OpenRouter's export).
6. ROUTE: route files of hosts, clouds, resellers and subscription plans.
7. DERIVED: values derived from the chosen facts by written rules (assemble/derive.py).

A host's or reseller's route file (rank 6) never sets a MODEL_FACTS field; it sets only its own
route's limits and prices (assemble/routes.py), and may still fill the other fields (name,
modalities, capabilities) when no higher rank gives them. A gateway's model list (rank 5) is the
last source that may set a model fact, below every source about the model itself; but not the
model's lifecycle (LIFECYCLE_FACTS): a gateway retiring or relabelling its own route says nothing
of the model, so only ranks MAKER to REFERENCE set those.

A route's prices: a curated price from the maker's own pricing page (MAKER_PAGE; a maker route
only) outranks every route file's price for that route; among route files, assemble/routes.py's
precedence decides.

Within a rank, the value more independent sources give wins (a source is independent of
another when the source or the provider differs); then SOURCE_ORDER; then the locator. Every
value not chosen stays in the facts table and, for CONFLICT_FIELDS, in the conflicts table.

A display name is a spelling, not a fact: the canonical file's comes first, then the other ranks
as above; a record whose name only echoes its API id gives no name (assemble/facts.py).
"""

from __future__ import annotations

from collections.abc import Mapping

MAKER_PAGE, MAKER, CURATED, CANONICAL, REFERENCE, GATEWAY, ROUTE, DERIVED = range(8)

# Facts about the model itself, which a host's or reseller's route file (ROUTE) never sets.
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

LIFECYCLE_FACTS = frozenset({"status", "deprecation_date"})

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
    """Whether a value of this rank may be chosen for ``field`` (route files: see the docstring)."""
    if field in LIFECYCLE_FACTS:
        return rank_ not in (GATEWAY, ROUTE)
    return field not in MODEL_FACTS or rank_ != ROUTE


RANK_WORDS = {
    MAKER_PAGE: "the maker's own page",
    MAKER: "the maker's API entry",
    CURATED: "a curated fact with its source",
    CANONICAL: "the models.dev model file",
    REFERENCE: "Epoch AI or Hugging Face",
    GATEWAY: "a gateway's model list",
    ROUTE: "a host's or reseller's route file",
    DERIVED: "a value derived by a written rule",
}
UNSET_REASON = "only route files of hosts or resellers give it, and a route file sets no model fact"


def reason(chosen_rank: int | None, other_rank: int) -> str:
    """Why the chosen value (of rank ``chosen_rank``; None = none chosen) stands over another's."""
    if chosen_rank is None:
        return UNSET_REASON
    if chosen_rank < other_rank:
        return f"{RANK_WORDS[chosen_rank]} outranks {RANK_WORDS[other_rank]}"
    return f"both from {RANK_WORDS[chosen_rank]}: the value more independent sources give wins"


def name_rank(rank_: int) -> int:
    """The rank of a record's display name: the canonical file first, then as for facts."""
    return MAKER_PAGE - 1 if rank_ == CANONICAL else rank_


def source_order(source: str) -> tuple[int, str]:
    """Sort key of a source within a rank, after agreement."""
    return (SOURCE_ORDER.index(source) if source in SOURCE_ORDER else len(SOURCE_ORDER), source)
