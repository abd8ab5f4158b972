"""models.dev importer, checked against the real 2026-07-02 (f3fc692) snapshot."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import pytest

from analysis.errors import SourceFormatError
from analysis.sources.models_dev import (
    benchmark_scores,
    model_records,
    model_records_from_api_json,
    provider_records,
)
from analysis.sources.records import Price, Snapshot

ROOT = Path(__file__).resolve().parents[1]
SNAPSHOT = Snapshot(
    "models.dev", ROOT / "data/raw/models.dev/2026-07-02.f3fc692.tar.gz", "f3fc692", "2026-07-02"
)
PROVIDER_TOML = 'name = "X"\nnpm = "x"\nenv = ["X_KEY"]\ndoc = "https://x.example/docs"\n'


@pytest.fixture(scope="module")
def records():
    return list(model_records(SNAPSHOT))


@pytest.fixture(scope="module")
def by_key(records):
    return {(r.provider, r.source_model_id): r for r in records}


@pytest.fixture(scope="module")
def scores():
    return list(benchmark_scores(SNAPSHOT))


def test_counts_one_record_per_file(records, by_key):
    assert sum(1 for r in records if not r.provider) == 231
    assert sum(1 for r in records if r.provider) == 5276
    assert len(by_key) == len(records)
    assert len({r.prov.locator for r in records}) == len(records)


def test_records_come_in_path_order(records):
    canonical = [r.prov.locator for r in records if not r.provider]
    entries = [r.prov.locator for r in records if r.provider]
    assert canonical == sorted(canonical) and entries == sorted(entries)
    assert canonical[-1] < entries[0]


def test_canonical_record(by_key):
    rec = by_key[("", "stepfun/step-3.5-flash")]
    assert (rec.lab, rec.base_model, rec.name) == (
        "stepfun",
        "stepfun/step-3.5-flash",
        "Step 3.5 Flash",
    )
    assert rec.prov.locator == "models/stepfun/step-3.5-flash.toml"
    assert rec.fields["hugging_face_id"] == "stepfun-ai/Step-3.5-Flash"
    assert rec.fields["knowledge_cutoff"] == "2025-01"
    assert rec.prices == () and rec.pricing_kind == ""


def test_provider_entry_without_base_model(by_key):
    rec = by_key[("stepfun", "step-3.5-flash")]
    assert rec.prov.locator == "providers/stepfun/models/step-3.5-flash.toml"
    assert rec.prov.url == "https://platform.stepfun.com/docs/zh/overview/concept"
    assert rec.base_model == "" and rec.lab == ""
    assert rec.prices == (Price(input_mtok=0.1, output_mtok=0.3, cache_read_mtok=0.02),)
    assert rec.fields["context_window"] == 256_000
    assert rec.fields["release_date"] == "2026-01-29"
    assert rec.fields["open_weights"] is True
    assert rec.capabilities["reasoning"] is True
    assert rec.capabilities["function_calling"] is True


def test_base_model_merge_with_omit(by_key):
    rec = by_key[("openrouter", "stepfun/step-3.5-flash")]
    assert rec.base_model == "stepfun/step-3.5-flash" and rec.lab == "stepfun"
    assert rec.fields["context_window"] == 262_144
    assert rec.fields["max_output"] == 65_536
    assert "max_input" not in rec.fields
    assert rec.capabilities["structured_outputs"] is False
    assert rec.fields["release_date"] == "2026-01-29"
    assert rec.fields["input_modalities"] == ("text",)
    assert rec.prices == (Price(input_mtok=0.1, output_mtok=0.3),)


def test_weights_are_not_inherited(by_key):
    assert by_key[("", "stepfun/step-3.5-flash")].fields["hugging_face_id"]
    assert "hugging_face_id" not in by_key[("openrouter", "stepfun/step-3.5-flash")].fields
    assert by_key[("", "deepreinforce/ornith-1.0-397b")].fields["license"] == "MIT"


def test_license_is_not_inherited(tmp_path):
    # No real provider entry inherits from a models/ file with a license, so a small tree.
    base = 'name = "L"\nlicense = "MIT"\nopen_weights = true\n'
    snap = _tree(
        tmp_path,
        {"models/lab/l.toml": base, "providers/x/models/l.toml": 'base_model = "lab/l"\n'},
    )
    canonical, entry = model_records(snap)
    assert canonical.fields == {"license": "MIT", "open_weights": True}
    assert entry.fields == {"open_weights": True} and entry.name == "L"
    assert entry.prov.url == "https://x.example/docs"


def test_omit_does_not_leak_into_other_inheritors(by_key):
    # openrouter omits limit.input from stepfun/step-3.5-flash; routing-run keeps it.
    rec = by_key[("routing-run", "route/step-3.5-flash")]
    assert rec.fields["max_input"] == 256_000
    assert rec.fields["context_window"] == 262_144
    # requesty omits limit.input from openai/gpt-5.2 with no [limit] of its own.
    assert "max_input" not in by_key[("requesty", "openai/gpt-5.2")].fields
    assert by_key[("requesty", "openai/gpt-5.2")].fields["context_window"] == 400_000
    assert by_key[("vercel", "openai/gpt-5.2")].fields["max_input"] == 272_000


def test_tables_merge_deep_and_top_level_keys_can_be_omitted(by_key):
    rec = by_key[("azure-cognitive-services", "gpt-4.1-mini")]
    assert rec.fields["input_modalities"] == ("text", "image")
    assert rec.fields["output_modalities"] == ("text",)  # inherited inside [modalities]
    assert rec.capabilities["vision"] is True and rec.capabilities["pdf_input"] is False
    assert "structured_outputs" not in rec.capabilities  # base says true, base_model_omit drops it
    assert by_key[("", "openai/gpt-4.1-mini")].capabilities["structured_outputs"] is True


def test_gpt_5_3_codex_spark_routes(by_key):
    rec = by_key[("openai", "gpt-5.3-codex-spark")]
    assert rec.prices == (Price(input_mtok=1.75, output_mtok=14.0, cache_read_mtok=0.175),)
    assert rec.fields["context_window"] == 128_000
    assert rec.fields["max_output"] == 32_000
    assert rec.fields["release_date"] == "2026-02-05"
    assert rec.fields["input_modalities"] == ("text", "image", "pdf")
    assert rec.capabilities["vision"] is True and rec.capabilities["pdf_input"] is True
    assert rec.capabilities["temperature"] is False
    assert by_key[("opencode", "gpt-5.3-codex-spark")].fields["release_date"] == "2026-02-12"


def test_absent_stays_absent(by_key):
    rec = by_key[("nvidia", "stepfun-ai/step-3.5-flash")]
    assert "knowledge_cutoff" not in rec.fields
    assert "max_input" not in rec.fields
    assert "structured_outputs" not in rec.capabilities
    assert rec.capabilities["vision"] is False  # modalities given, without image


def test_all_zero_cost_is_free_and_keeps_the_zeros(by_key):
    rec = by_key[("nvidia", "stepfun-ai/step-3.5-flash")]
    assert rec.pricing_kind == "free"
    assert rec.prices == (Price(input_mtok=0.0, output_mtok=0.0),)


def test_no_cost_is_unknown_not_free(records):
    no_cost = [r for r in records if r.provider and not r.prices]
    assert no_cost and all(r.pricing_kind == "" for r in no_cost)


def test_context_tier_prices_the_whole_request(by_key):
    base, tier = by_key[("openai", "gpt-5.5")].prices
    assert base == Price(input_mtok=5.0, output_mtok=30.0, cache_read_mtok=0.5)
    assert tier == Price(
        input_mtok=10.0,
        output_mtok=45.0,
        cache_read_mtok=1.0,
        tier_start=272_000,
        tier_basis="whole_request",
    )


def test_several_tiers_in_size_order(by_key):
    prices = by_key[("aihubmix", "doubao-seed-2-0-pro")].prices
    assert [p.tier_start for p in prices] == [0, 32_000, 128_000]
    assert [p.input_mtok for p in prices] == [0.48, 0.72, 1.45]
    assert prices[2].cache_read_mtok == 0.28932
    assert {p.tier_basis for p in prices[1:]} == {"whole_request"}


def test_provider_records():
    providers = {p.provider: p for p in provider_records(SNAPSHOT)}
    assert len(providers) == 147
    stepfun = providers["stepfun"]
    assert stepfun.name == "StepFun"
    assert stepfun.api == "https://api.stepfun.com/v1"
    assert stepfun.npm == "@ai-sdk/openai-compatible"
    assert stepfun.env == ("STEPFUN_API_KEY",)
    assert stepfun.prov.locator == "providers/stepfun/provider.toml"
    assert providers["openai"].api == ""


def test_benchmark_scores_for_step_3_5_flash(scores):
    mine = {s.benchmark: s for s in scores if s.model_name == "stepfun/step-3.5-flash"}
    assert set(mine) == {
        "Artificial Analysis Coding Index",
        "SciCode",
        "Terminal-Bench Hard",
        "SWE-bench Verified",
    }
    swe = mine["SWE-bench Verified"]
    assert (swe.score, swe.unit, swe.date, swe.lab) == (74.4, "percent", "", "stepfun")
    assert swe.self_reported is True  # the maker's arXiv report
    assert swe.source_url == "https://arxiv.org/abs/2602.10604"
    assert swe.prov.locator == "models/stepfun/step-3.5-flash.toml:benchmarks[3]"
    index = mine["Artificial Analysis Coding Index"]
    assert (index.score, index.unit, index.date) == (31.6, "index", "2026-06-02")
    assert index.self_reported is False  # openrouter.ai
    assert mine["Terminal-Bench Hard"].unit == "percent"  # "success rate"


def test_benchmark_count_units_and_variants(scores):
    assert len(scores) == 288
    assert {s.unit for s in scores} == {"percent", "index", "score", ""}
    terminal = next(s for s in scores if s.model_name == "openai/gpt-5.5" and s.benchmark == "Terminal-Bench")
    assert terminal.variant == "harness: Terminus-2, version: 2.1"


def test_self_reported_rule(scores):
    def reported(model, benchmark):
        return next(
            s.self_reported
            for s in scores
            if s.model_name == model and s.benchmark == benchmark and "anthropic" in s.source_url
        )

    assert reported("anthropic/claude-opus-4-8", "Terminal-Bench") is True
    assert reported("openai/gpt-5.5", "Terminal-Bench") is False  # a rival lab's page
    qwen = [s for s in scores if s.model_name == "alibaba/qwen3.5-27b"]
    assert [(q.source_url, q.self_reported) for q in qwen] == [
        ("https://huggingface.co/Qwen/Qwen3.5-27B", True)  # org of the model's own weights
    ]
    fugu = [s for s in scores if s.model_name == "sakana/fugu"]
    assert len(fugu) == 12 and all(s.self_reported and s.unit == "" for s in fugu)


def _api_rates(price: Price) -> dict:
    names = {
        "input": price.input_mtok,
        "output": price.output_mtok,
        "cache_read": price.cache_read_mtok,
        "cache_write": price.cache_write_mtok,
        "reasoning": price.reasoning_mtok,
        "input_audio": price.input_audio_mtok,
        "output_audio": price.output_audio_mtok,
    }
    return {k: v for k, v in names.items() if v is not None}


def _api_cost(prices: tuple[Price, ...]) -> dict:
    """api.json cost, with the legacy context_over_200k copy upstream's normalizeCost adds."""
    cost = _api_rates(prices[0])
    tiers = [{**_api_rates(p), "tier": {"type": "context", "size": p.tier_start}} for p in prices[1:]]
    if tiers:
        cost["tiers"] = tiers
    if len(tiers) == 1 and prices[1].tier_start >= 200_000:
        cost["context_over_200k"] = _api_rates(prices[1])
    return cost


def _api_model(rec) -> dict:
    """A record written back in api.json's model shape."""
    model = {"id": rec.source_model_id, "name": rec.name}
    if rec.base_model:
        model["base_model"] = rec.base_model
    keys = {
        "family": "family",
        "release_date": "release_date",
        "knowledge": "knowledge_cutoff",
        "status": "status",
        "open_weights": "open_weights",
    }
    model.update({k: rec.fields[n] for k, n in keys.items() if n in rec.fields})
    flags = {
        "attachment": "attachments",
        "reasoning": "reasoning",
        "tool_call": "function_calling",
        "structured_output": "structured_outputs",
        "temperature": "temperature",
    }
    model.update({k: rec.capabilities[n] for k, n in flags.items() if n in rec.capabilities})
    limits = {"context": "context_window", "input": "max_input", "output": "max_output"}
    if limit := {k: rec.fields[n] for k, n in limits.items() if n in rec.fields}:
        model["limit"] = limit
    modalities = {k: f"{k}_modalities" for k in ("input", "output")}
    if given := {k: list(rec.fields[n]) for k, n in modalities.items() if n in rec.fields}:
        model["modalities"] = given
    if rec.prices:
        model["cost"] = _api_cost(rec.prices)
    return model


def _api_json(records, providers, wanted) -> dict:
    """api.json for the ``wanted`` providers, built from the TOML tree's records."""
    out = {}
    for p in (p for p in providers if p.provider in wanted):
        head = {"id": p.provider, "name": p.name, "npm": p.npm, "env": list(p.env), "doc": p.doc}
        mine = reversed([r for r in records if r.provider == p.provider])
        models = {r.source_model_id: _api_model(r) for r in mine}
        out[p.provider] = {**head, **({"api": p.api} if p.api else {}), "models": models}
    return out


def test_api_json_gives_the_same_records(records, tmp_path):
    wanted = {"stepfun", "openai", "nvidia", "openrouter", "aihubmix"}
    expected = [r for r in records if r.provider in wanted]
    data = _api_json(expected, provider_records(SNAPSHOT), wanted)
    assert any("context_over_200k" in m.get("cost", {}) for m in data["openai"]["models"].values())
    path = tmp_path / "api.json"
    path.write_text(json.dumps(dict(reversed(data.items()))))
    got = list(model_records_from_api_json(replace(SNAPSHOT, path=path)))
    assert len(got) == len(expected) > 500
    assert [replace(r, prov=None) for r in got] == [replace(r, prov=None) for r in expected]
    assert [r.prov.url for r in got] == [r.prov.url for r in expected]
    assert got[0].prov.locator == f"{got[0].provider}/models/{got[0].source_model_id}"


def test_api_json_legacy_context_over_200k_is_a_tier(tmp_path):
    cost = {"input": 1.25, "output": 10, "context_over_200k": {"input": 2.5, "output": 15}}
    model = {"id": "m", "name": "M", "cost": cost}
    data = {"x": {"id": "x", "name": "X", "npm": "x", "env": [], "doc": "", "models": {"m": model}}}
    path = tmp_path / "api.json"
    path.write_text(json.dumps(data))
    (rec,) = model_records_from_api_json(replace(SNAPSHOT, path=path))
    assert rec.prices[1] == Price(
        input_mtok=2.5, output_mtok=15.0, tier_start=200_000, tier_basis="whole_request"
    )


def _tree(tmp_path: Path, files: dict[str, str]) -> Snapshot:
    for rel, text in {"providers/x/provider.toml": PROVIDER_TOML, **files}.items():
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_text(text)
    return replace(SNAPSHOT, path=tmp_path)


def _error(records) -> str:
    with pytest.raises(SourceFormatError) as err:
        list(records)
    message = str(err.value)
    assert "\n" not in message
    return message


def test_malformed_toml_names_file_and_line(tmp_path):
    snap = _tree(tmp_path, {"providers/x/models/bad.toml": 'name = "B"\nreasoning = \n'})
    message = _error(model_records(snap))
    assert "providers/x/models/bad.toml" in message and "line 2" in message


def test_missing_base_model_names_both(tmp_path):
    snap = _tree(tmp_path, {"providers/x/models/m.toml": 'base_model = "lab/gone"\n'})
    message = _error(model_records(snap))
    assert "providers/x/models/m.toml" in message and "models/lab/gone.toml" in message


def test_wrong_type_names_the_key(tmp_path):
    snap = _tree(tmp_path, {"providers/x/models/m.toml": '[limit]\ncontext = "big"\n'})
    message = _error(model_records(snap))
    assert (
        message
        == f"{tmp_path}: providers/x/models/m.toml: limit: key 'context': expected an integer, got 'big'"
    )


def test_entry_without_provider_toml(tmp_path):
    snap = _tree(tmp_path, {"providers/y/models/m.toml": 'name = "M"\n'})
    assert "providers/y/provider.toml" in _error(model_records(snap))


def test_unreadable_snapshot(tmp_path):
    snap = replace(SNAPSHOT, path=tmp_path / "missing.tar.gz")
    assert "missing.tar.gz" in _error(model_records(snap))


def test_malformed_json_names_file_and_line(tmp_path):
    path = tmp_path / "api.json"
    path.write_text('{"x": {\n  "models": [}\n')
    message = _error(model_records_from_api_json(replace(SNAPSHOT, path=path)))
    assert "api.json" in message and "line 2" in message


def test_json_of_the_wrong_shape(tmp_path):
    path = tmp_path / "api.json"
    path.write_text(json.dumps({"x": {"models": []}}))
    message = _error(model_records_from_api_json(replace(SNAPSHOT, path=path)))
    assert message == f"{path}: x: key 'models': expected a table, got list of 0"
