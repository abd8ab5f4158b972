"""Catalog facts reviewed against their upstream records (data/raw): what each source says,
and which value the catalog keeps."""

from __future__ import annotations

import pytest

from analysis.catalog import load

V32 = "deepseek:deepseek/deepseek-v3.2"


@pytest.fixture(scope="module")
def catalog():
    return load()


def test_deepseek_v3_2_on_deepseek_is_genai_prices_flat_entry_with_litellms_price_kept_apart(catalog):
    """genai-prices 0.2.3's deepseek-v3.2 entry is one flat price, $0.2288 / $0.3432 (no dated
    rows, no time-of-day windows, no deprecation); LiteLLM 1.109.1's deepseek/deepseek-v3.2 is
    $0.28 / $0.40 with no deprecation date. The route takes genai-prices' (the route price rule),
    LiteLLM's stays in prices and conflicts. No source retires the route: the names LiteLLM retires
    on 2026-07-24 are DeepSeek's aliases deepseek-chat and deepseek-reasoner."""
    prices = catalog.prices[catalog.prices["route_id"] == V32]
    chosen = prices[prices["chosen"]]
    assert chosen[["source", "input_mtok", "output_mtok"]].values.tolist() == [
        ["genai-prices", 0.2288, 0.3432]
    ]
    assert set(chosen["time_of_day"].fillna("")) == {""} and set(chosen["effective_from"].fillna("")) == {""}
    other = prices[~prices["chosen"]]
    assert other[["source", "input_mtok", "output_mtok"]].values.tolist() == [["litellm", 0.28, 0.4]]
    conflicts = catalog.rows("conflicts", "deepseek/deepseek-v3.2")
    on_route = conflicts[conflicts["route_id"] == V32].set_index("field")
    assert on_route.loc["input_mtok", ["chosen_value", "other_value"]].tolist() == ["0.2288", "0.28"]
    assert on_route.loc["output_mtok", ["chosen_value", "other_value"]].tolist() == ["0.3432", "0.4"]
    routes = catalog.routes.set_index("route_id")
    assert routes.loc[V32, "status"] == "active" and routes.loc[V32, "retirement_date"] == ""
    for alias in ("deepseek-chat", "deepseek-reasoner"):
        route = routes.loc[f"deepseek:deepseek/{alias}"]
        assert (route["status"], route["retirement_date"], route["lifecycle_source"]) == (
            "retired",
            "2026-07-24",
            f"litellm:{alias}",
        )
