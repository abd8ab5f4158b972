"""Identity: one catalog entry per model a user would call one model (names, build rules, catalog)."""

from __future__ import annotations

from collections import defaultdict

import pytest

from analysis.assemble.assemble import CURATED_DIR
from analysis.assemble.curated import read_curated
from analysis.assemble.identity import Rules, place_all, reviewed
from analysis.assemble.matching import Matcher
from analysis.catalog import load, resolve
from analysis.catalog.names import identity_key, split_variant
from analysis.errors import CatalogError
from analysis.sources.records import ModelRecord, Provenance

TOP = 300


@pytest.fixture(scope="module")
def rules():
    return Rules(read_curated(CURATED_DIR))


@pytest.fixture(scope="module")
def catalog():
    return load()


def record(source, provider, model_id, base_model=""):
    prov = Provenance(source, "v1", "2026-01-01", f"{provider}/{model_id}")
    return ModelRecord(model_id, model_id, prov, provider=provider, base_model=base_model)


def placed(records, rules):
    return {
        (p.provider, p.record.source_model_id): (p.model_id, p.variant) for p in place_all(records, rules)
    }


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("grok-4-0709", ("grok-4", "0709")),
        ("claude-3-5-haiku-20241022", ("claude-3-5-haiku", "2024-10-22")),
        ("claude-3-5-haiku@20241022", ("claude-3-5-haiku", "2024-10-22")),
        ("gpt-4o@2024-08-06", ("gpt-4o", "2024-08-06")),
        ("doubao-seed-1-6-250615", ("doubao-seed-1-6", "2025-06-15")),
        ("claude-3-5-haiku-latest", ("claude-3-5-haiku", "latest")),
        ("mistral-large@latest", ("mistral-large", "latest")),
        ("claude-opus-4-6@default", ("claude-opus-4-6", "")),
        ("deepseek/deepseek-r1-0528:free", ("deepseek/deepseek-r1", "0528+free")),
        ("mistral-large-2407", ("mistral-large-2407", "")),
        ("step-3.5-flash-2603", ("step-3.5-flash-2603", "")),
    ],
)
def test_variants_split_off_in_every_date_spelling(name, expected):
    assert split_variant(name) == expected


def test_a_reviewed_name_is_not_peeled():
    assert split_variant("deepseek/deepseek-r1-0528:free", {"deepseek-r1-0528"}) == (
        "deepseek/deepseek-r1-0528",
        "free",
    )


@pytest.mark.parametrize(
    "names",
    [
        ("claude-4.5-sonnet", "claude-sonnet-4-5", "Claude Sonnet 4.5"),
        ("claude-haiku-3.5", "claude-3-5-haiku", "claude-3-5-haiku-latest", "claude-3-5-haiku@20241022"),
        ("gpt5", "gpt-5", "GPT 5", "gpt-5-2025-08-07"),
        ("llama-3.1-70b", "Llama-3.1-70B-Instruct", "meta-llama/llama-3.1-70b-instruct"),
        ("gemma-3-27b", "gemma-3-27b-it"),
        ("kimi-k2", "kimi-k2-instruct", "Kimi-K2-Instruct-0711"),
        ("mistral-large-2407", "vertex_ai/mistral-large@2407"),
        ("qwen2.5-coder-0.5b-instruct", "qwen2p5-coder-0p5b-instruct"),
        ("llama-3.2-3b", "llama-v3p2-3b"),
    ],
)
def test_names_of_one_model_share_an_identity_key(names):
    assert len({identity_key(n) for n in names}) == 1, [identity_key(n) for n in names]


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("claude-3-5-haiku", "claude-3-5-sonnet"),
        ("llama-3.1-70b", "llama-3.3-70b"),
        ("gpt-4.1", "gpt-1.4"),
        ("mistral-large-2407", "mistral-large-2411"),
        ("gemini-2.5-pro", "gemini-2.5-pro-preview"),
    ],
)
def test_other_models_keep_other_identity_keys(a, b):
    assert identity_key(a) != identity_key(b)


def test_build_rules_merge_spellings_and_land_maker_routes_on_the_model(rules):
    ids = placed(
        [
            record("models.dev", "", "anthropic/claude-sonnet-4-5"),
            record("litellm", "vercel", "vercel_ai_gateway/anthropic/claude-4.5-sonnet"),
            record("genai-prices", "anthropic", "claude-3-5-haiku-latest"),
            record("models.dev", "openrouter", "anthropic/claude-3.5-haiku"),
            record("models.dev", "xai", "grok-4-0709"),
            record("models.dev", "openrouter", "x-ai/grok-4"),
            record("litellm", "google-vertex-anthropic", "vertex_ai/claude-opus-4-6@default"),
            record("models.dev", "azure", "meta-llama-3.1-70b-instruct"),
            record("models.dev", "vercel", "meta/llama-3.1-70b"),
            record("litellm", "perplexity", "perplexity/perplexity/kimi-k3"),
            record("models.dev", "moonshotai", "kimi-k3"),
            record("litellm", "vertex_ai-deepseek_models", "vertex_ai/deepseek-ai/deepseek-r1-0528-maas"),
        ],
        rules,
    )
    assert ids[("vercel", "vercel_ai_gateway/anthropic/claude-4.5-sonnet")] == (
        "anthropic/claude-sonnet-4-5",
        "",
    )
    assert ids[("anthropic", "claude-3-5-haiku-latest")] == ("anthropic/claude-3-5-haiku", "latest")
    assert ids[("xai", "grok-4-0709")] == ("xai/grok-4", "0709")
    assert ids[("google-vertex-anthropic", "vertex_ai/claude-opus-4-6@default")] == (
        "anthropic/claude-opus-4-6",
        "",
    )
    assert ids[("azure", "meta-llama-3.1-70b-instruct")][0] == ids[("vercel", "meta/llama-3.1-70b")][0]
    assert ids[("perplexity", "perplexity/perplexity/kimi-k3")] == ("moonshotai/kimi-k3", "")
    assert ids[("google-vertex", "vertex_ai/deepseek-ai/deepseek-r1-0528-maas")] == (
        "deepseek/deepseek-r1-0528",
        "",
    )


def test_an_id_is_spelled_without_the_labs_name_as_a_prefix(rules):
    ids = placed([record("litellm", "nebius", "nebius/meta-llama/Meta-Llama-3.1-405B-Instruct")], rules)
    assert ids[("nebius", "nebius/meta-llama/Meta-Llama-3.1-405B-Instruct")] == (
        "meta/llama-3.1-405b-instruct",
        "",
    )


def test_benchmark_names_match_by_identity_key_with_role_words_kept(rules):
    aliases = [
        {"alias": "llama-3-1-70b-instruct", "model_id": "meta/llama-3.1-70b-instruct"},
        {"alias": "meta/llama-3-1-70b-instruct", "model_id": "meta/llama-3.1-70b-instruct"},
    ]
    matcher = Matcher(aliases, rules)
    assert matcher.match("Llama 70B 3.1 Instruct") == ("meta/llama-3.1-70b-instruct", "")
    assert matcher.match("Llama-3.1-70B") == ("", "no alias matches")


def test_base_and_instruct_weights_served_side_by_side_stay_two_models(rules):
    ids = placed(
        [
            record("genai-prices", "togetherai", "mistralai/Mistral-7B-v0.2"),
            record("genai-prices", "togetherai", "mistralai/Mistral-7B-Instruct-v0.2"),
            record("models.dev", "somehost", "mistralai/mistral-7b-instruct-v0.2"),
        ],
        rules,
    )
    assert ids[("togetherai", "mistralai/Mistral-7B-v0.2")][0] == "mistral/mistral-7b-v0.2"
    assert ids[("togetherai", "mistralai/Mistral-7B-Instruct-v0.2")][0] == "mistral/mistral-7b-instruct-v0.2"
    assert ids[("somehost", "mistralai/mistral-7b-instruct-v0.2")][0] == "mistral/mistral-7b-instruct-v0.2"


def test_reviewed_merges_and_distinct_checkpoints(rules):
    ids = placed(
        [
            record("models.dev", "iflowcn", "qwen3-235b"),
            record("models.dev", "alibaba", "qwen3-235b-a22b"),
            record("openrouter", "openrouter", "deepseek/deepseek-r1"),
            record("openrouter", "openrouter", "deepseek/deepseek-r1-0528:free"),
            record("models.dev", "moonshotai", "kimi-k2-0711-preview"),
            record("models.dev", "kilo", "moonshotai/kimi-k2-0905"),
            record("litellm", "deepinfra", "deepinfra/moonshotai/Kimi-K2-Instruct-0905"),
            record("litellm", "deepinfra", "deepinfra/moonshotai/Kimi-K2-Instruct"),
            record("models.dev", "mistral", "mistral-large-latest"),
        ],
        rules,
    )
    assert ids[("iflowcn", "qwen3-235b")] == ("alibaba/qwen3-235b-a22b", "")
    assert ids[("openrouter", "deepseek/deepseek-r1-0528:free")] == ("deepseek/deepseek-r1-0528", "free")
    assert ids[("openrouter", "deepseek/deepseek-r1")] == ("deepseek/deepseek-r1", "")
    assert ids[("kilo", "moonshotai/kimi-k2-0905")] == ("moonshotai/kimi-k2-0905", "")
    assert ids[("deepinfra", "deepinfra/moonshotai/Kimi-K2-Instruct-0905")] == ("moonshotai/kimi-k2-0905", "")
    assert ids[("deepinfra", "deepinfra/moonshotai/Kimi-K2-Instruct")] == ("moonshotai/kimi-k2", "")
    assert ids[("mistral", "mistral-large-latest")] == ("mistral/mistral-large-2512", "")


def test_a_bad_identity_row_is_one_clear_error(tmp_path):
    for file in CURATED_DIR.glob("*.csv"):
        (tmp_path / file.name).write_text(file.read_text(encoding="utf-8"), encoding="utf-8")
    (tmp_path / "identity.csv").write_text(
        "kind,ids,reason,note,providers\nsame,a/x b/y,why,,\n", encoding="utf-8"
    )
    with pytest.raises(CatalogError, match=r"identity.csv line 2: kind 'same'; expected merge or distinct$"):
        Rules(read_curated(tmp_path))
    (tmp_path / "identity.csv").write_text(
        "kind,ids,reason,note,providers\nmerge,a/x,why,,\n", encoding="utf-8"
    )
    with pytest.raises(
        CatalogError, match=r"identity.csv line 2: expected two or more lowercase <lab>/<model> ids"
    ):
        Rules(read_curated(tmp_path))


def test_the_issue_splits_are_one_entry_each(catalog):
    models = set(catalog.models["model_id"])
    gone = {
        "anthropic/claude-4-5-sonnet",
        "anthropic/claude-4.1-opus",
        "anthropic/claude-haiku-3.5",
        "anthropic/claude-3-5-haiku-latest",
        "anthropic/claude-opus-4-6@default",
        "meta/llama-3.1-70b",
        "moonshotai/kimi-k2-instruct",
        "google/gemma-3-27b",
        "meta/llama-4-maverick-17b-128e-instruct",
        "alibaba/qwen3-235b",
        "xai/grok-4-0709",
    }
    assert gone & models == set()
    assert not [m for m in models if "@" in m]
    routes = catalog.routes
    maker = routes[routes["provider"] == routes["model_id"].str.split("/").str[0]]
    assert set(maker.loc[maker["model_id"] == "xai/grok-4", "provider_model_id"]) >= {"grok-4-0709"}
    assert "claude-3-5-haiku-latest" in set(
        routes.loc[
            (routes["model_id"] == "anthropic/claude-3-5-haiku") & (routes["provider"] == "anthropic"),
            "provider_model_id",
        ]
    )


def test_qwen3_235b_is_the_a22b_model_with_alibabas_price(catalog):
    assert resolve("qwen3-235b", catalog) == "alibaba/qwen3-235b-a22b"
    prices = catalog.prices_of(["alibaba:alibaba/qwen3-235b-a22b"])
    base = prices[prices["tier_start"] == 0]
    assert (0.7, 2.8) in set(zip(base["input_mtok"], base["output_mtok"], strict=True))


def test_every_near_duplicate_among_the_most_routed_models_is_merged_or_reviewed(catalog):
    counts = catalog.routes.groupby("model_id").size()
    ids = sorted(catalog.models["model_id"], key=lambda m: (-counts.get(m, 0), m))
    top = set(ids[:TOP])
    groups = defaultdict(set)
    for model_id in ids:
        groups[identity_key(model_id.split("/", 1)[1])].add(model_id)
    rows = reviewed(read_curated(CURATED_DIR))
    distinct = {i for kind, _, names in rows if kind == "distinct" for i in names}
    unreviewed = sorted(sorted(g) for g in groups.values() if len(g) > 1 and g & top and not g <= distinct)
    assert unreviewed == [], (
        f"near-duplicates neither merged nor reviewed distinct in identity.csv: {unreviewed}"
    )


def test_every_reviewed_id_is_in_the_catalog_or_an_alias_of_its_model(catalog):
    """A name that a scoped merge row takes at its providers, and an unscoped row everywhere else,
    names the unscoped row's model (the undated mistral-large is Mistral Large 2 (2407) but at
    Azure, Snowflake, Epoch AI and nano-gpt)."""
    curated = read_curated(CURATED_DIR)
    scoped = [bool(r["providers"]) for r in curated.rows("identity.csv")]
    rows = reviewed(curated)
    everywhere = {
        i: ids[0]
        for (kind, _, ids), s in zip(rows, scoped, strict=True)
        if kind == "merge" and not s
        for i in ids
    }
    models = set(catalog.models["model_id"])
    for (kind, reason, ids), s in zip(rows, scoped, strict=True):
        if kind == "distinct":
            assert set(ids) <= models, reason
        else:
            assert ids[0] in models, reason
            expected = {i: everywhere.get(i, ids[0]) if s else ids[0] for i in ids}
            assert {i: resolve(i, catalog) for i in ids} == expected, reason


def test_a_latest_alias_is_the_model_its_own_provider_points_it_to(rules):
    """Mistral's mistral-large-latest is Large 3; Azure's and Vertex's aliases (priced as Large 2402
    and Large 2, LiteLLM 1.109.1) are not: they are the undated name, which is Large 24.02 at
    Azure and Mistral Large 2 (2407) elsewhere (identity.csv)."""
    ids = placed(
        [
            record("models.dev", "mistral", "mistral-large-latest"),
            record("litellm", "azure", "azure/mistral-large-latest"),
            record("litellm", "vertex_ai-mistral_models", "vertex_ai/mistral-large@latest"),
            record("models.dev", "mistral", "devstral-latest"),
            record(
                "models.dev",
                "merge-gateway",
                "mistral/devstral-medium-latest",
                "mistral/devstral-medium-latest",
            ),
            record("models.dev", "mistral", "mistral-small-latest"),
        ],
        rules,
    )
    assert ids[("mistral", "mistral-large-latest")] == ("mistral/mistral-large-2512", "")
    assert ids[("azure", "azure/mistral-large-latest")] == ("mistral/mistral-large-2402", "latest")
    assert ids[("google-vertex", "vertex_ai/mistral-large@latest")] == (
        "mistral/mistral-large-2407",
        "latest",
    )
    assert ids[("mistral", "devstral-latest")] == ("mistral/devstral-2512", "")
    assert ids[("merge-gateway", "mistral/devstral-medium-latest")] == ("mistral/devstral-2512", "")
    assert ids[("mistral", "mistral-small-latest")] == ("mistral/mistral-small-2603", "")


def test_reviewed_latest_aliases_in_the_catalog(catalog):
    routes = catalog.routes.set_index("route_id")
    large3 = set(routes.index[routes["model_id"] == "mistral/mistral-large-2512"])
    assert not {r for r in large3 if r.startswith(("azure:", "google-vertex:")) and r.endswith("@latest")}
    assert (
        routes.loc["azure:mistral/mistral-large-2402@latest", "provider_model_id"]
        == "azure/mistral-large-latest"
    )
    assert (
        routes.loc["google-vertex:mistral/mistral-large-2407@latest", "model_id"]
        == "mistral/mistral-large-2407"
    )
    models = set(catalog.models["model_id"])
    assert {"mistral/devstral", "mistral/devstral-medium-latest"} & models == set()
    assert resolve("devstral-medium-latest", catalog) == "mistral/devstral-2512"
    assert resolve("mistral-small-latest", catalog) == "mistral/mistral-small-2603"
    prices = catalog.prices_of(["mistral:mistral/mistral-small-2603"])
    assert (0.15, 0.6) in set(zip(prices["input_mtok"], prices["output_mtok"], strict=True))
    assert (0.1, 0.3) not in set(zip(prices["input_mtok"], prices["output_mtok"], strict=True))


def test_providers_belong_to_merge_rows(tmp_path):
    for file in CURATED_DIR.glob("*.csv"):
        (tmp_path / file.name).write_text(file.read_text(encoding="utf-8"), encoding="utf-8")
    (tmp_path / "identity.csv").write_text(
        "kind,ids,reason,note,providers\ndistinct,a/x b/y,why,,azure\n", encoding="utf-8"
    )
    with pytest.raises(
        CatalogError,
        match=r"identity.csv line 2: providers are for merge rows: lowercase provider ids separated by spaces$",
    ):
        Rules(read_curated(tmp_path))


def test_one_name_is_another_model_at_the_providers_a_scoped_row_names(rules):
    """The undated mistral-large is Mistral Large 2 (2407) by default (Mistral's and OpenRouter's
    records describe it so), and Large 24.02 at Azure and Snowflake and in Epoch AI's list."""
    ids = placed(
        [
            record("genai-prices", "mistral", "mistral-large"),
            record("openrouter", "openrouter", "mistralai/mistral-large"),
            record("litellm", "azure_ai", "azure_ai/mistral-large"),
            record("litellm", "snowflake", "snowflake/mistral-large"),
        ],
        rules,
    )
    assert ids[("mistral", "mistral-large")] == ("mistral/mistral-large-2407", "")
    assert ids[("openrouter", "mistralai/mistral-large")] == ("mistral/mistral-large-2407", "")
    assert ids[("azure", "azure_ai/mistral-large")] == ("mistral/mistral-large-2402", "")
    assert ids[("snowflake-cortex", "snowflake/mistral-large")] == ("mistral/mistral-large-2402", "")
    assert (
        rules.merged_for[(rules.group("mistral/mistral-large"), "epoch-notable")]
        == "mistral/mistral-large-2402"
    )
