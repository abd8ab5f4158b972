"""Curated maker-page prices (data/curated/prices.csv): row checks, and their authority over route files."""

from __future__ import annotations

from decimal import Decimal

import pytest

from analysis.assemble import routes
from analysis.assemble.assemble import CURATED_DIR
from analysis.assemble.curated import CURATED_FILES, Curated, read_curated
from analysis.assemble.identity import Rules, place_all
from analysis.costs import route_costs, scenario
from analysis.errors import CatalogError
from analysis.sources.records import ModelRecord, Price, Provenance

ROUTE = "alibaba:alibaba/qwen3-32b"
URL = "https://www.alibabacloud.com/help/en/model-studio/models"


@pytest.fixture(scope="module")
def groups():
    """The maker's route of Qwen3 32B (models.dev, at $0.70 / $2.80) and a host's route of it."""
    rules = Rules(read_curated(CURATED_DIR))

    def offer(provider, source_id, *prices):
        prov = Provenance("models.dev", "v1", "2026-07-02", f"providers/{provider}/models/{source_id}.toml")
        return ModelRecord(source_id, "Qwen3 32B", prov, provider=provider, prices=prices)

    records = [
        offer("alibaba", "qwen3-32b", Price(0.7, 2.8, reasoning_mtok=8.4)),
        offer("groq", "qwen/qwen3-32b", Price(0.29, 0.59)),
    ]
    return routes.grouped(place_all(records, rules))


def curated(tmp_path, **changes) -> Curated:
    """data/curated/prices.csv with one row: the page's $0.16 / $0.64, with ``changes``."""
    row = dict.fromkeys(CURATED_FILES[routes.PAGE_PRICES], "") | {
        "route_id": ROUTE,
        "tier_start": "0",
        "input_mtok": "0.16",
        "output_mtok": "0.64",
        "source_url": URL,
        "quote": "qwen3-32b Non-thinking 129,024 - $0.16 $0.64",
        "retrieved": "2026-12-01",
    }
    return Curated(tmp_path, {routes.PAGE_PRICES: [row | changes]})


def test_the_makers_page_price_is_chosen_over_every_route_file(tmp_path, groups):
    maker_prices = routes.page_prices(curated(tmp_path), groups)
    rows = [r for r in routes.price_rows(groups, maker_prices) if r["route_id"] == ROUTE]
    assert [(r["input_mtok"], r["output_mtok"], r["source"], r["chosen"]) for r in rows] == [
        (0.16, 0.64, "curated", True),
        (0.7, 2.8, "models.dev", False),
    ]
    assert (rows[0]["locator"], rows[0]["url"], rows[0]["as_of"]) == ("prices.csv line 2", URL, "2026-12-01")
    host = [r for r in routes.price_rows(groups, maker_prices) if r["route_id"] == "groq:alibaba/qwen3-32b"]
    assert [(r["input_mtok"], r["chosen"]) for r in host] == [(0.29, True)]


def test_the_route_files_price_stays_in_conflicts_outranked_by_the_makers_page(tmp_path, groups):
    conflicts = routes.price_conflict_rows(
        groups, routes.page_prices(curated(tmp_path), groups), "2026-11-23"
    )
    assert [(c["field"], c["chosen_value"], c["other_value"]) for c in conflicts] == [
        ("input_mtok", "0.16", "0.7"),
        ("output_mtok", "0.64", "2.8"),
    ]
    assert {(c["chosen_source"], c["other_sources"], c["reason"]) for c in conflicts} == {
        (
            "curated:prices.csv line 2",
            "models.dev:providers/alibaba/models/qwen3-32b.toml",
            "the maker's own page outranks the maker's API entry",
        )
    }


def test_the_routes_other_columns_still_come_from_the_route_file(groups):
    (row,) = [r for r in routes.route_rows(groups, {}) if r["route_id"] == ROUTE]
    assert (row["provider_model_id"], row["pricing_kind"], row["source"]) == (
        "qwen3-32b",
        "paid",
        "models.dev",
    )


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        (
            {"route_id": "alibaba:alibaba/qwen3-33b"},
            "route_id 'alibaba:alibaba/qwen3-33b' is not in the catalog; expected the id of a route the raw "
            "sources list",
        ),
        (
            {"route_id": "groq:alibaba/qwen3-32b"},
            "route_id 'groq:alibaba/qwen3-32b' is not a route of the model's maker; expected a first-party "
            "provider's route",
        ),
        (
            {"tier_start": "32K"},
            "tier_start '32K' is not a token count; expected 0 (base price) or a tier's start",
        ),
        (
            {"input_mtok": "$0.16"},
            "input_mtok '$0.16' is not a decimal; expected USD per 1M tokens as the page writes it, like 0.16",
        ),
        (
            {"output_mtok": ""},
            "output_mtok '' is not a decimal; expected USD per 1M tokens as the page writes it, like 0.16",
        ),
        (
            {"cache_read_mtok": "1.6e-7"},
            "cache_read_mtok '1.6e-7' is not a decimal; expected USD per 1M tokens as the page writes it, "
            "like 0.16, or empty",
        ),
        (
            {"effective_from": "01/12/2026"},
            "effective_from '01/12/2026' is not a date; expected YYYY-MM-DD, or empty",
        ),
        ({"retrieved": ""}, "retrieved '' is not a date; expected YYYY-MM-DD"),
        (
            {"source_url": ""},
            "source_url '' is not an http(s) URL; expected the maker's page the price is on",
        ),
        ({"quote": ""}, "quote is empty; expected the page's words for the price, verbatim"),
    ],
)
def test_a_bad_row_is_one_line_naming_file_and_line(tmp_path, groups, changes, message):
    with pytest.raises(CatalogError) as err:
        routes.page_prices(curated(tmp_path, **changes), groups)
    assert str(err.value) == f"{tmp_path / routes.PAGE_PRICES} line 2: {message}"


def test_a_second_row_for_the_same_price_is_refused(tmp_path, groups):
    page = curated(tmp_path)
    page.tables[routes.PAGE_PRICES] *= 2
    with pytest.raises(CatalogError) as err:
        routes.page_prices(page, groups)
    assert str(err.value) == (
        f"{tmp_path / routes.PAGE_PRICES} line 3: a second row for route_id, tier_start and effective_from "
        f"('{ROUTE}', 0, ''); expected one"
    )


def test_the_catalog_prices_qwen3_32b_on_alibaba_from_the_makers_page(catalog):
    """Alibaba Cloud Model Studio's Models page gives $0.16 / $0.64; models.dev's alibaba file
    $0.70 / $2.80, which stays unchosen and in conflicts. The route's limits stay models.dev's."""
    p = catalog.prices[catalog.prices["route_id"] == ROUTE]
    assert p[["input_mtok", "output_mtok", "source", "chosen"]].values.tolist() == [
        [0.16, 0.64, "curated", True],
        [0.7, 2.8, "models.dev", False],
    ]
    (route,) = catalog.routes[catalog.routes["route_id"] == ROUTE].to_dict("records")
    assert (route["provider_model_id"], route["context_window"], route["source"]) == (
        "qwen3-32b",
        131072,
        "models.dev",
    )
    c = catalog.conflicts[catalog.conflicts["route_id"] == ROUTE]
    assert c[["field", "chosen_value", "other_value", "reason"]].values.tolist() == [
        ["input_mtok", "0.16", "0.7", "the maker's own page outranks the maker's API entry"],
        ["output_mtok", "0.64", "2.8", "the maker's own page outranks the maker's API entry"],
    ]


def test_costs_use_the_makers_page_price(catalog):
    """Medium traffic, 500M input and 350M output tokens a month: $304.00 at $0.16 / $0.64, not
    the $1,330.00 models.dev's $0.70 / $2.80 would give."""
    medium = scenario("medium")
    (cost,) = [c for c in route_costs(catalog, "alibaba/qwen3-32b", medium) if c.route_id == ROUTE]
    assert (cost.rates.input_mtok, cost.rates.output_mtok) == (Decimal("0.16"), Decimal("0.64"))
    assert cost.cost == Decimal("304.00")  # 500 × 0.16 + 350 × 0.64; 500 × 0.70 + 350 × 2.80 = 1,330.00
    assert cost.first_party
