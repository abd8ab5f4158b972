"""Route classes: who sells a model on a route, and whether that route may carry a headline cost.

The reviewed table is ``data/curated/providers.csv`` (column ``kind``, carried into the catalog's
providers table). Its kinds read as classes: ``first_party`` = maker, ``subscription`` and
``consumer`` = consumer app or subscription, and ``cloud``, ``host``, ``gateway``, ``reseller``,
``free`` as written. A provider the table does not list is a host (the build's default).

On top of the table, per route (one rule each, in this order; a catalog without a providers
table, such as a price-only test catalog, has nothing to classify by: every route counts):

1. A route its source lists as free is a free tier; a subscription route is a consumer route.
2. A maker's own API serves its own lab's models (maker); another lab's model it serves as a host.
3. A cloud (licensed hyperscaler) is trusted for every model it lists.
4. A host is trusted only for a model whose weights are open. Selling a closed-weights model
   its maker does not list as a partner makes it a reseller; when the catalog does not say
   whether the weights are open, the host is not trusted either.
5. A gateway is trusted for open-weights models, and for a closed-weights model only at the
   maker's price: no base price (input, output, cache read) below the maker's own API on the
   price date (batch-only routes: input and output against the maker's batch prices). Below it, or with no maker
   price to check, it is a reseller for that route.

Trusted routes are maker, cloud, open-weights host and gateway (at the maker's price for closed
weights); resellers, consumer apps and free tiers are listed with their class, never chosen.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

import pandas as pd

from analysis.catalog import Catalog
from analysis.costs.prices import cell_text, price_rows, records, rows_in_force

MAKER, CLOUD, HOST, GATEWAY = "maker", "cloud", "host", "gateway"
RESELLER, CONSUMER, FREE = "reseller", "consumer", "free"
CLASSES = (MAKER, CLOUD, HOST, GATEWAY, RESELLER, CONSUMER, FREE)
LABELS = {
    MAKER: "maker API",
    CLOUD: "cloud",
    HOST: "inference host",
    GATEWAY: "gateway",
    RESELLER: "reseller",
    CONSUMER: "consumer app or subscription",
    FREE: "free tier",
}
PLURAL_LABELS = {
    MAKER: "maker APIs",
    CLOUD: "clouds",
    HOST: "inference hosts",
    GATEWAY: "gateways",
    RESELLER: "resellers",
    CONSUMER: "consumer apps or subscriptions",
    FREE: "free tiers",
}
TABLE_KINDS = {  # providers.csv kind → class
    "first_party": MAKER,
    "subscription": CONSUMER,
    **{c: c for c in CLASSES},
}
BATCH_VARIANT = "batch"
# The reason column of the reviewed table, for the providers whose class is not obvious from
# their name. (The build fixes providers.csv to provider, kind, lab; the reasons live here.)
REASONS = {
    "poe": "a consumer chat app billed in points: its Usage API returns the "
    '"point balance, including both plan points and add-on points", '
    "https://creator.poe.com/docs/resources/usage-api",
    "opencode": "sells closed models below their makers' list prices, GPT-5 at $1.07 / $8.50 per 1M "
    "tokens against OpenAI's $1.25 / $10.00 on models.dev, and the makers do not list it as a partner",
    "qihang-ai": "sells closed models far below their makers' prices, Claude Sonnet 4.5 at $0.43 / "
    "$2.14 per 1M tokens against Anthropic's $3.00 / $15.00 on models.dev",
}
_PRICE_KEYS = ("input_mtok", "output_mtok", "cache_read_mtok")


@dataclass(frozen=True)
class RouteClass:
    """A route's class, whether it may carry a headline cost, and why (for the route table)."""

    name: str  # one of CLASSES
    trusted: bool
    note: str = ""

    @property
    def label(self) -> str:
        """ "maker API", "inference host", "consumer app or subscription"…"""
        return LABELS[self.name]


def provider_class(catalog: Catalog, provider: str) -> str:
    """The provider's class from the reviewed table (host when it is not listed)."""
    kind = cell_text(_providers(catalog).get(provider, {}).get("kind"))
    return TABLE_KINDS.get(kind, HOST)


def serves_weights(catalog: Catalog, provider: str, model_id: str) -> bool:
    """Whether ``provider`` serves the model's weights itself, under the weights' license: an
    inference host (a maker's API serving another lab's model is one); not the maker's own API,
    a cloud, a gateway or a reseller, whose use falls under the provider's terms."""
    table = provider_class(catalog, provider)
    return table == HOST or (
        table == MAKER and not _is_maker(catalog, provider, _model(catalog, model_id)["lab"])
    )


def route_classes(catalog: Catalog, model_id: str, when: str) -> dict[str, RouteClass]:
    """Route id → class for every route of the model, on price date ``when`` (made once)."""

    def made() -> dict[str, RouteClass]:
        routes = records(catalog.rows("routes", model_id))
        if catalog.providers.empty:
            unclassified = RouteClass(HOST, True, "the catalog has no providers table to classify routes by")
            return {str(r["route_id"]): unclassified for r in routes}
        model = _model(catalog, model_id)
        maker = [r for r in routes if _is_maker(catalog, r["provider"], model["lab"])]
        reference = _maker_prices(catalog, maker, when)
        return {str(r["route_id"]): classify(catalog, r, model, reference, when) for r in routes}

    return catalog.memo(("route_classes", model_id, when), made)


def classify(catalog: Catalog, route: dict, model: dict, reference: dict, when: str) -> RouteClass:
    """One route's class by the rules in the module docstring."""
    provider, kind = str(route["provider"]), cell_text(route.get("pricing_kind"))
    table = provider_class(catalog, provider)
    reason = REASONS.get(provider, "")
    if kind == "free" or table == FREE:
        return RouteClass(FREE, False, reason or "a free tier: limits and terms differ from paid use")
    if kind == "subscription" or table == CONSUMER:
        return RouteClass(CONSUMER, False, reason or "a consumer app or subscription plan")
    if table == MAKER:
        if _is_maker(catalog, provider, model["lab"]):
            return RouteClass(MAKER, True)
        table = HOST
    if table == CLOUD:
        return RouteClass(CLOUD, True)
    if table == RESELLER:
        return RouteClass(RESELLER, False, reason or "listed as a reseller")
    open_weights = model["open_weights"]
    if open_weights is True:
        return RouteClass(table, True, reason)
    if table == HOST:
        if open_weights is False:
            return RouteClass(
                RESELLER, False, "a host selling a closed-weights model its maker does not list as a partner"
            )
        return RouteClass(
            HOST, False, "the catalog does not say the weights are open: not counted as trusted"
        )
    return gateway_class(catalog, route, reference, when)


def gateway_class(catalog: Catalog, route: dict, reference: dict, when: str) -> RouteClass:
    """A gateway serving a model without known open weights: trusted only at the maker's price."""
    batch = cell_text(route.get("variant")) == BATCH_VARIANT
    maker = reference.get("batch" if batch else "standard")
    if not maker:
        return RouteClass(RESELLER, False, "no maker price to check this gateway's price against")
    rows = rows_in_force(price_rows(catalog, str(route["route_id"])), when)
    if not rows:
        return RouteClass(GATEWAY, False, "no price on the price date")
    keys = _PRICE_KEYS[:2] if batch else _PRICE_KEYS  # no batch cache-read price to compare with
    below = [key for key in keys if _below(getattr(rows[0], key), maker.get(key))]
    if below:
        what = " and ".join(k.removesuffix("_mtok").replace("_", "-") for k in below)
        return RouteClass(RESELLER, False, f"sells below the maker's own {what} price")
    return RouteClass(GATEWAY, True, "at the maker's price")


def _below(price: Decimal | None, maker: Decimal | None) -> bool:
    return price is not None and maker is not None and price < maker


def _maker_prices(catalog: Catalog, maker_routes: list[dict], when: str) -> dict[str, dict]:
    """The maker API's lowest base prices on ``when``: standard, and batch (batch prices, else standard)."""
    bases = [
        rows[0] for r in maker_routes if (rows := rows_in_force(price_rows(catalog, r["route_id"]), when))
    ]
    if not bases:
        return {}

    def lowest(key: str, fallback: str = "") -> Decimal | None:
        values = [_given(b, key, fallback) for b in bases]
        return min((v for v in values if v is not None), default=None)

    standard = {key: lowest(key) for key in _PRICE_KEYS}
    batch = {
        "input_mtok": lowest("batch_input_mtok", "input_mtok"),
        "output_mtok": lowest("batch_output_mtok", "output_mtok"),
    }
    return {"standard": standard, "batch": batch}


def _given(row, key: str, fallback: str) -> Decimal | None:
    value = getattr(row, key)
    return getattr(row, fallback) if value is None and fallback else value


def _is_maker(catalog: Catalog, provider: str, lab: str) -> bool:
    row = _providers(catalog).get(provider, {})
    return bool(lab) and cell_text(row.get("kind")) == "first_party" and cell_text(row.get("lab")) == lab


def _model(catalog: Catalog, model_id: str) -> dict:
    """The model's lab and open-weights flag (True, False, or None when unknown)."""
    if model_id not in catalog.models["model_id"].values:
        return {"lab": model_id.split("/", 1)[0], "open_weights": None}
    row = catalog.model(model_id)
    flag = row["open_weights"]
    return {
        "lab": cell_text(row["lab"]) or model_id.split("/", 1)[0],
        "open_weights": None if pd.isna(flag) else bool(flag),
    }


def _providers(catalog: Catalog) -> dict[str, dict]:
    return catalog.memo(("providers_by_id",), lambda: {r["provider"]: r for r in records(catalog.providers)})
