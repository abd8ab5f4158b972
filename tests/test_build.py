"""Build rules on hand-made records: identity, precedence, conflicts, cleaning, validation."""

from __future__ import annotations

import csv

import pytest

from analysis.assemble import authority, facts, routes
from analysis.assemble.assemble import CURATED_DIR, consistent_limits
from analysis.assemble.clean import cleaned
from analysis.assemble.curated import Curated, read_curated
from analysis.assemble.identity import Rules, place_all
from analysis.assemble.validate import errors
from analysis.catalog.names import key, split_variant
from analysis.catalog.store import Catalog
from analysis.errors import CatalogError
from analysis.sources.records import ModelRecord, Price, Provenance


@pytest.fixture(scope="module")
def rules():
    return Rules(read_curated(CURATED_DIR))


def record(source, provider, model_id, base_model="", lab="", **fields):
    prov = Provenance(source, "v1", "2026-01-01", f"{provider}/{model_id}")
    return ModelRecord(
        model_id, model_id, prov, provider=provider, base_model=base_model, lab=lab, fields=fields
    )


def placed_ids(records, rules):
    return {
        (p.record.prov.source, p.record.source_model_id): (p.model_id, p.variant, p.provider)
        for p in place_all(records, rules)
    }


def test_keys_and_variants():
    assert key("Step 3.5 Flash") == key("step-3.5-flash") == key("STEP_3_5_FLASH") == "step-3-5-flash"
    assert split_variant("gpt-4o-2024-08-06") == ("gpt-4o", "2024-08-06")
    assert split_variant("claude-3-5-sonnet@20240620") == ("claude-3-5-sonnet", "2024-06-20")
    assert split_variant("deepseek/deepseek-r1:free") == ("deepseek/deepseek-r1", "free")
    assert split_variant("step-3.5-flash-2603") == ("step-3.5-flash-2603", "")


def test_identity_rules(rules):
    records = [
        record("models.dev", "", "openai/gpt-5"),
        record("models.dev", "openai", "gpt-5", base_model="openai/gpt-5"),
        record("models.dev", "opencode", "gpt-5"),
        record("litellm", "openrouter", "openrouter/openai/gpt-5"),
        record("litellm", "bedrock_converse", "us.anthropic.claude-opus-4-20250514-v1:0"),
        record("litellm", "fireworks_ai", "fireworks_ai/accounts/fireworks/models/deepseek-v3"),
        record("openrouter", "openrouter", "deepseek/deepseek-r1:free"),
        record("openrouter", "openrouter", "meta-llama/llama-3.1-8b-instruct"),
        record("models.dev", "digitalocean", "openai-gpt-5"),
        record("openrouter", "openrouter", "~anthropic/claude-latest"),
        record("models.dev", "somehost", "mystery-model"),
    ]
    ids = placed_ids(records, rules)
    assert ids[("models.dev", "gpt-5")] == ("openai/gpt-5", "", "opencode")
    assert ids[("litellm", "openrouter/openai/gpt-5")] == ("openai/gpt-5", "", "openrouter")
    assert ids[("litellm", "us.anthropic.claude-opus-4-20250514-v1:0")] == (
        "anthropic/claude-opus-4",
        "2025-05-14",
        "amazon-bedrock",
    )
    assert ids[("litellm", "fireworks_ai/accounts/fireworks/models/deepseek-v3")][0] == "deepseek/deepseek-v3"
    assert ids[("openrouter", "deepseek/deepseek-r1:free")] == ("deepseek/deepseek-r1", "free", "openrouter")
    assert ids[("openrouter", "meta-llama/llama-3.1-8b-instruct")][0] == "meta/llama-3.1-8b-instruct"
    assert ids[("models.dev", "openai-gpt-5")][0] == "openai/gpt-5"
    assert ids[("openrouter", "~anthropic/claude-latest")][0] == ""
    assert ids[("models.dev", "mystery-model")][0] == ""


def test_unplaced_records_say_why(rules):
    placed = place_all([record("models.dev", "somehost", "mystery-model")], rules)
    assert placed[0].reason == "no rule names its lab"
    placed = place_all([record("openrouter", "openrouter", "~openai/gpt-latest")], rules)
    assert placed[0].reason == "a router alias, not a model"


def observation(value, rank, source="models.dev", locator="x", field="context_window"):
    return facts.Observation(
        "lab/m", "field", field, value, Provenance(source, "v", "2026-01-01", locator), rank
    )


def test_conflicts_keep_every_other_value_with_sources():
    obs = [
        observation("256000", authority.CANONICAL, locator="canonical"),
        observation("262144", authority.GATEWAY, "openrouter", "or"),
    ]
    rows = facts.conflict_rows(obs, facts.best(obs))
    assert rows == [
        {
            "model_id": "lab/m",
            "route_id": "",
            "field": "context_window",
            "chosen_value": "256000",
            "chosen_source": "models.dev:canonical",
            "other_value": "262144",
            "other_sources": "openrouter:or",
            "reason": "the models.dev model file outranks a gateway's model list",
        }
    ]


def test_a_month_and_a_day_in_it_do_not_conflict():
    obs = [
        observation("2025-01", 1, field="knowledge_cutoff"),
        observation("2025-01-31", 6, field="knowledge_cutoff"),
    ]
    assert facts.conflict_rows(obs, facts.best(obs)) == []


def test_cleaning_rejects_zero_limits_and_output_above_context():
    kept, rejected = cleaned({"context_window": 0, "max_output": 8192})
    assert kept == {"max_output": 8192}
    assert rejected == [("context_window", 0, "a token limit must be a positive integer")]
    kept, rejected = cleaned({"context_window": 8000, "max_output": 8192})
    assert kept == {"context_window": 8000}
    assert rejected == [("max_output", 8192, "exceeds the record's context window 8000")]


def test_output_limits_above_the_chosen_context_are_dropped():
    obs = [observation("128000", 1), observation("200000", 6, field="max_output")]
    kept, dropped = consistent_limits(obs)
    assert [o.field for o in kept] == ["context_window"]
    assert dropped[0]["reason"] == "exceeds the model's context window 128000"


def test_validation_names_table_record_and_field():
    catalog = Catalog.from_rows(
        models=[
            {
                "model_id": "lab/m",
                "name": "M",
                "context_window": 1000,
                "max_output": 2000,
                "release_date": "2026-13-01",
            }
        ],
        routes=[
            {"route_id": "p:lab/m", "model_id": "lab/m", "provider": "p", "pricing_kind": "paid"},
            {"route_id": "p:lab/ghost", "model_id": "lab/ghost", "provider": "p", "pricing_kind": "paid"},
        ],
        prices=[
            {"route_id": "p:lab/m", "tier_start": 0, "input_mtok": -1.0, "output_mtok": 1.0, "chosen": True}
        ],
    )
    assert set(errors(catalog)) == {
        "routes.csv: model_id 'lab/ghost' is not in models.csv",
        "prices.csv: route 'p:lab/m' field input_mtok: -1.0 is not between 0 and 2000 USD per 1M tokens",
        "models.csv: 'lab/m' field max_output: 2000 exceeds context_window 1000",
        "models.csv: 'lab/m' field release_date: '2026-13-01' is not a date (expected YYYY-MM-DD)",
    }


def test_duplicate_ids_are_errors():
    catalog = Catalog.from_rows(
        models=[{"model_id": "lab/m", "name": "M"}, {"model_id": "lab/m", "name": "M2"}]
    )
    assert errors(catalog) == ["models.csv: model_id 'lab/m' appears more than once"]


def test_curated_table_with_wrong_columns_is_rejected(tmp_path):
    for name in (
        "providers.csv",
        "provider_aliases.csv",
        "labs.csv",
        "lab_prefixes.csv",
        "aliases.csv",
        "facts.csv",
    ):
        (tmp_path / name).write_text((CURATED_DIR / name).read_text())
    (tmp_path / "labs.csv").write_text("spelling,lab\nopenai,openai\n")
    with pytest.raises(CatalogError, match=r"labs.csv: columns \['spelling', 'lab'\] differ from expected"):
        read_curated(tmp_path)


def priced(source, provider, model_id, *prices):
    prov = Provenance(source, "v1", "2026-01-01", model_id)
    return ModelRecord(model_id, model_id, prov, provider=provider, prices=prices)


def test_regional_prices_are_route_variants_named_for_their_region(rules):
    """LiteLLM's azure/eu/ key sorts before the global one; each keeps its own price."""
    records = [
        priced("litellm", "azure", "azure/eu/o4-mini-2025-04-16", Price(1.21, 4.84)),
        priced("litellm", "azure", "azure/o4-mini-2025-04-16", Price(1.1, 4.4)),
        priced("litellm", "azure", "azure/us/o4-mini", Price(1.21, 4.84)),
        priced("litellm", "azure", "azure/o4-mini", Price(1.1, 4.4)),
        # An uplift multiplier's rows carry their region; the route id names it after the date.
        priced("litellm", "openai", "gpt-5.4-2026-03-05", Price(2.5, 15.0), Price(2.75, 16.5, region="eu")),
        # Bedrock: an explicit global. record is the global price, over one that names no region.
        priced("litellm", "bedrock_converse", "moonshotai.kimi-k3", Price(3.3, 16.5)),
        priced("litellm", "bedrock_converse", "global.moonshotai.kimi-k3", Price(3.0, 15.0)),
        priced("litellm", "bedrock_converse", "bedrock/us-gov-west-1/moonshotai.kimi-k3", Price(3.6, 18.0)),
    ]
    groups = routes.grouped(place_all(records, rules))
    prices = {
        rid: (offers[0].record.prices[0].input_mtok, offers[0].record.source_model_id)
        for rid, offers in groups.items()
    }
    assert prices == {
        "azure:openai/o4-mini@2025-04-16": (1.1, "azure/o4-mini-2025-04-16"),
        "azure:openai/o4-mini@2025-04-16+eu": (1.21, "azure/eu/o4-mini-2025-04-16"),
        "azure:openai/o4-mini": (1.1, "azure/o4-mini"),
        "azure:openai/o4-mini@us": (1.21, "azure/us/o4-mini"),
        "openai:openai/gpt-5.4@2026-03-05": (2.5, "gpt-5.4-2026-03-05"),
        "openai:openai/gpt-5.4@2026-03-05+eu": (2.75, "gpt-5.4-2026-03-05"),
        "amazon-bedrock:moonshotai/kimi-k3": (3.0, "global.moonshotai.kimi-k3"),
        "amazon-bedrock:moonshotai/kimi-k3@us-gov-west-1": (3.6, "bedrock/us-gov-west-1/moonshotai.kimi-k3"),
    }
    rows = {r["route_id"]: r["variant"] for r in routes.route_rows(groups, {})}
    assert rows["azure:openai/o4-mini@2025-04-16+eu"] == "2025-04-16+eu"
    assert rows["amazon-bedrock:moonshotai/kimi-k3"] == ""


def test_a_curated_fact_from_the_makers_page_ranks_above_the_makers_api_entry(tmp_path):
    from analysis.assemble.assemble import overlay

    def curated():
        return Curated(tmp_path, {"facts.csv": list(csv.DictReader((tmp_path / "facts.csv").open()))})

    header = "model_id,field,value,source_url,source_title,as_of,note,maker_page\n"
    row = "lab/m,release_date,2025-07-22,https://lab.example/blog,Launch post,2026-12-01,quote,{}\n"
    for flag, expected in (("yes", authority.MAKER_PAGE), ("", authority.CURATED)):
        (tmp_path / "facts.csv").write_text(header + row.format(flag))
        [fact] = overlay(curated(), {"lab/m"})
        assert fact.rank == expected
    (tmp_path / "facts.csv").write_text(header + row.format("maybe"))
    with pytest.raises(
        CatalogError, match=r"facts.csv line 2: maker_page 'maybe'; expected yes .* or empty$"
    ):
        overlay(curated(), {"lab/m"})
