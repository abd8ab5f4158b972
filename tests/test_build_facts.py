"""Catalog facts reviewed against their upstream records (data/raw): what each source says,
and which value the catalog keeps."""

from __future__ import annotations

import pytest

from analysis.catalog import load, resolve

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


def test_mistral_large_is_one_model_with_its_own_date_price_and_cutoff(catalog):
    """The undated mistral-large is Mistral Large 2 (24.07) where its records say which model it
    is (identity.csv): "Mistral Large" resolves to mistral-large-2407, dated by Epoch AI's entry
    for https://mistral.ai/news/mistral-large-2407/, priced on Mistral's API by genai-prices'
    entry described as "Mistral Large 2 (version `mistral-large-2407`)", with OpenRouter's cutoff
    for mistral-large-2407. Large 24.02's records (Epoch AI's "Mistral Large", Azure's and
    Snowflake's undated names) are mistral-large-2402."""
    assert {resolve(n, catalog) for n in ("Mistral Large", "mistral-large", "Mistral Large 2")} == {
        "mistral/mistral-large-2407"
    }
    assert "mistral/mistral-large" not in set(catalog.models["model_id"])
    large2 = catalog.model("mistral/mistral-large-2407")
    assert (large2["release_date"], large2["knowledge_cutoff"], large2["context_window"]) == (
        "2024-07-24",
        "2024-03-31",
        128000,
    )
    facts = catalog.rows("facts", "mistral/mistral-large-2407")
    release = facts[(facts["field"] == "release_date") & facts["chosen"]]
    assert release[["source", "url"]].values.tolist() == [
        ["epoch-notable", "https://mistral.ai/news/mistral-large-2407/"]
    ]
    prices = catalog.prices_of(["mistral:mistral/mistral-large-2407"])
    assert prices[["source", "input_mtok", "output_mtok"]].values.tolist() == [["genai-prices", 2.0, 6.0]]
    description = facts[(facts["field"] == "description") & (facts["source"] == "genai-prices")]
    assert "Mistral Large 2 (version `mistral-large-2407`)" in description["value"].iloc[0]
    large1 = catalog.model("mistral/mistral-large-2402")
    assert (large1["release_date"], bool(large1["open_weights"])) == ("2024-02-26", False)
    routes = catalog.routes.set_index("route_id")
    assert (
        routes.loc["azure:mistral/mistral-large-2402@latest", "provider_model_id"]
        == "azure/mistral-large-latest"
    )
    assert (
        routes.loc["snowflake-cortex:mistral/mistral-large-2402", "model_id"] == "mistral/mistral-large-2402"
    )
    assert catalog.prices_of(["azure:mistral/mistral-large-2402@latest"])[
        ["input_mtok", "output_mtok"]
    ].values.tolist() == [[8.0, 24.0]]
