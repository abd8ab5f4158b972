"""The authority ranking (assemble/authority.py): one test per rank, ties, and known facts it fixes."""

from __future__ import annotations

import pytest

from analysis.assemble import authority, derive, facts
from analysis.assemble.assemble import CURATED_DIR
from analysis.assemble.curated import read_curated
from analysis.assemble.identity import Rules
from analysis.catalog import load, resolve
from analysis.sources.records import ModelRecord, Provenance

KEY = ("lab/m", "field", "release_date")


def obs(value, rank, source="models.dev", locator="x", field="release_date", provider=""):
    prov = Provenance(source, "v", "2026-01-01", locator)
    kind = "capability" if field == "vision" else "field"
    return facts.Observation("lab/m", kind, field, value, prov, rank, provider)


def winner_and_losers(observations, key=KEY):
    chosen = facts.best(observations)
    rows = facts.conflict_rows(observations, chosen)
    pick = chosen.get(key)
    return (pick.value if pick else None), {r["other_value"]: r for r in rows if r["field"] == key[2]}


@pytest.mark.parametrize(
    ("higher", "lower"),
    [
        (authority.MAKER_PAGE, authority.MAKER),
        (authority.MAKER, authority.CURATED),
        (authority.CURATED, authority.CANONICAL),
        (authority.CANONICAL, authority.REFERENCE),
        (authority.REFERENCE, authority.DERIVED),
    ],
    ids=[
        "maker page>maker API",
        "maker>curated",
        "curated>canonical",
        "canonical>reference",
        "reference>derived",
    ],
)
def test_each_rank_beats_the_next_and_the_loser_stays_in_conflicts(higher, lower):
    # The lower rank has more agreeing sources: rank still decides.
    observations = [
        obs("2025-01-01", higher, locator="high"),
        obs("2024-06-01", lower, "epoch-notable", "low-1", provider="a"),
        obs("2024-06-01", lower, "litellm", "low-2", provider="b"),
    ]
    value, losers = winner_and_losers(observations)
    assert value == "2025-01-01"
    assert losers["2024-06-01"]["chosen_value"] == "2025-01-01"
    assert losers["2024-06-01"]["other_sources"] == "epoch-notable:low-1; litellm:low-2"


def test_a_host_route_file_sets_no_model_fact_even_alone():
    observations = [obs("false", authority.ROUTE, locator="qihang", field="open_weights", provider="qihang")]
    value, losers = winner_and_losers(observations, ("lab/m", "field", "open_weights"))
    assert value is None  # unknown, never the reseller's "No"
    assert losers["false"]["chosen_value"] == ""
    assert losers["false"]["chosen_source"] == facts.UNSET
    assert losers["false"]["other_sources"] == "models.dev:qihang"
    assert losers["false"]["reason"] == authority.UNSET_REASON


def test_a_gateway_model_list_is_the_last_source_that_sets_a_model_fact():
    observations = [
        obs("false", authority.GATEWAY, locator="vercel", field="open_weights", provider="vercel"),
        obs("true", authority.ROUTE, locator="host", field="open_weights", provider="host"),
    ]
    value, losers = winner_and_losers(observations, ("lab/m", "field", "open_weights"))
    assert value == "false"
    assert losers["true"]["reason"] == "a gateway's model list outranks a host's or reseller's route file"


def test_a_route_file_loses_to_epoch_for_a_model_fact():
    # deepseek-v3's case: seven route files say closed, Epoch AI (a paper) says open.
    observations = [
        obs("false", authority.ROUTE, locator=f"r{i}", field="open_weights", provider=f"p{i}")
        for i in range(7)
    ]
    observations.append(obs("true", authority.REFERENCE, "epoch-notable", "line 860", field="open_weights"))
    value, losers = winner_and_losers(observations, ("lab/m", "field", "open_weights"))
    assert value == "true"
    assert losers["false"]["chosen_source"] == "epoch-notable:line 860"


def test_gateway_beats_host_route_for_other_fields():
    observations = [
        obs("true", authority.ROUTE, locator="host", field="vision", provider="host"),
        obs("false", authority.GATEWAY, "openrouter", "gw", field="vision", provider="openrouter"),
    ]
    value, losers = winner_and_losers(observations, ("lab/m", "capability", "vision"))
    assert value == "false"
    assert losers["true"]["other_sources"] == "models.dev:host"


def test_ties_go_to_agreement_among_independent_sources():
    # Two providers agree on one value; one provider says the other twice (counted once).
    observations = [
        obs("vision-a", authority.ROUTE, locator="p1", field="name", provider="p1"),
        obs("vision-a", authority.ROUTE, locator="p2", field="name", provider="p2"),
        obs("vision-b", authority.ROUTE, locator="p3-a", field="name", provider="p3"),
        obs("vision-b", authority.ROUTE, locator="p3-b", field="name", provider="p3"),
        obs("vision-b", authority.ROUTE, locator="p3-c", field="name", provider="p3"),
    ]
    assert facts.best(observations)[("lab/m", "field", "name")].value == "vision-a"
    # Among maker records, agreement of sources first, then the source order.
    maker = [
        obs("2025-02-01", authority.MAKER, "litellm", "l", provider="lab"),
        obs("2025-02-01", authority.MAKER, "genai-prices", "g", provider="lab"),
        obs("2025-01-01", authority.MAKER, "models.dev", "m", provider="lab"),
    ]
    assert facts.best(maker)[KEY].value == "2025-02-01"
    assert facts.best(maker[1:])[KEY].value == "2025-01-01"  # one each: models.dev first


def test_record_ranks_from_the_curated_provider_kinds():
    rules = Rules(read_curated(CURATED_DIR))

    def rank(source, provider, lab):
        return authority.rank(source, provider, lab, rules.provider_kind, rules.provider_lab)

    assert rank("models.dev", "openai", "openai") == authority.MAKER
    assert rank("litellm", "deepseek", "deepseek") == authority.MAKER
    assert rank("models.dev", "alibaba-cn", "deepseek") == authority.ROUTE  # first party, other lab
    assert rank("models.dev", "vercel", "meta") == authority.GATEWAY
    assert rank("openrouter", "openrouter", "mistral") == authority.GATEWAY
    assert rank("models.dev", "togetherai", "deepseek") == authority.ROUTE
    assert rank("models.dev", "", "openai") == authority.CANONICAL
    assert rank("epoch-notable", "", "deepseek") == authority.REFERENCE


def test_a_hugging_face_repo_means_open_weights_at_reference_rank():
    hf = obs(
        "meta-llama/Llama-3.1-70B-Instruct", authority.GATEWAY, "openrouter", "or", field="hugging_face_id"
    )
    [weights] = derive.weights_on_hugging_face({("lab/m", "field", "hugging_face_id"): hf})
    assert (weights.field, weights.value, weights.rank) == ("open_weights", "true", authority.REFERENCE)
    assert weights.prov.url == "https://huggingface.co/meta-llama/Llama-3.1-70B-Instruct"


# The rebuilt catalog: facts the issue reports wrong. Ids are this branch's (the identity work
# merges meta/llama-3.1-70b-instruct into meta/llama-3.1-70b).


@pytest.fixture(scope="module")
def catalog():
    return load()


def chosen(catalog, model_id, field):
    f = catalog.rows("facts", model_id)
    hit = f[(f["field"] == field) & f["chosen"].fillna(False)]
    return None if hit.empty else (hit.iloc[0]["value"], hit.iloc[0]["source"], hit.iloc[0]["locator"])


def conflict_values(catalog, model_id, field):
    c = catalog.rows("conflicts", model_id)
    return set(c[c["field"] == field]["other_value"])


def test_llama_3_1_70b_is_not_closed_by_vercels_route_file(catalog):
    # One entry for the served instruct weights: open, from the Hugging Face repo OpenRouter names;
    # Vercel's route file says closed and stays in conflicts.
    model_id = resolve("Llama 3.1 70B", catalog)
    assert model_id == "meta/llama-3.1-70b-instruct"
    assert catalog.model(model_id)["open_weights"] == True  # noqa: E712 (numpy bool)
    value, source, _ = chosen(catalog, model_id, "open_weights")
    assert (value, source) == ("true", "openrouter")
    assert "false" in conflict_values(catalog, model_id, "open_weights")


def test_deepseek_v3_is_open_weights_from_epoch_over_route_files(catalog):
    assert catalog.model("deepseek/deepseek-v3")["open_weights"] == True  # noqa: E712 (numpy bool)
    value, source, _ = chosen(catalog, "deepseek/deepseek-v3", "open_weights")
    assert (value, source) == ("true", "epoch-notable")
    assert "false" in conflict_values(catalog, "deepseek/deepseek-v3", "open_weights")  # alibaba-cn


def test_mistral_large_2407_release_date_is_not_a_gateways(catalog):
    assert catalog.model("mistral/mistral-large-2407")["release_date"] != "2024-11-19"
    assert "2024-11-19" in conflict_values(catalog, "mistral/mistral-large-2407", "release_date")


def test_gpt_5_status_is_not_one_route_files_beta(catalog):
    assert catalog.model("openai/gpt-5")["status"] != "beta"
    assert "beta" in conflict_values(catalog, "openai/gpt-5", "status")


def test_display_names_canonical_first_and_an_api_id_is_no_name():
    names = [
        obs("gpt-5-pro", authority.MAKER, "litellm", "l", field="name", provider="openai"),
        obs("gpt-5-pro", authority.MAKER, "genai-prices", "g", field="name", provider="openai"),
        obs("GPT-5 Pro", authority.CANONICAL, "models.dev", "models/openai/gpt-5-pro.toml", field="name"),
    ]
    assert facts.best(names)[("lab/m", "field", "name")].value == "GPT-5 Pro"
    prov = Provenance("litellm", "v", "2026-01-01", "aihubmix/hy3")
    echo = ModelRecord("aihubmix/hy3", "aihubmix/hy3", prov, provider="aihubmix")
    assert [o.field for o in facts.record_observations("tencent/hy3", echo, authority.GATEWAY)] == []
