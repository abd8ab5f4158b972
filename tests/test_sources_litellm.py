"""LiteLLM importer: real entries of the pinned snapshot, and malformed files."""

from __future__ import annotations

import contextlib
import json
from pathlib import Path

import pytest
from damage import JUNK, sometimes_junk
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from analysis.errors import SourceFormatError
from analysis.sources import litellm
from analysis.sources.records import Price, Snapshot

RAW = Path(__file__).resolve().parents[1] / "data/raw/litellm"
SNAPSHOT = Snapshot(
    "litellm", RAW / "2026-11-23.1.109.1.model_prices_and_context_window.json.gz", "1.109.1", "2026-11-23"
)


@pytest.fixture(scope="module")
def records():
    return {r.source_model_id: r for r in litellm.model_records(SNAPSHOT)}


def snapshot_of(tmp_path: Path, data: object) -> Snapshot:
    path = tmp_path / "prices.json"
    path.write_text(json.dumps(data))
    return Snapshot("litellm", path, "test", "2026-01-01")


def test_only_text_generation_modes_become_records(records):
    assert len(records) == 3500  # 3265 chat + 203 responses + 32 completion of 4553 keys
    assert "sample_spec" not in records
    assert "text-embedding-3-small" not in records
    assert "dall-e-3" not in records


def test_entry_without_prices_has_no_price_rows(records):
    spark = records["chatgpt/gpt-5.3-codex-spark"]
    assert spark.provider == "chatgpt"
    assert spark.prices == ()
    assert spark.fields == {"max_input": 128000, "max_output": 128000}
    assert spark.capabilities == {
        "function_calling": True,
        "parallel_function_calling": True,
        "vision": True,
        "structured_outputs": True,
    }


def test_openai_prices_cache_and_batch(records):
    gpt5 = records["gpt-5"]
    assert gpt5.provider == "openai"
    assert gpt5.name == "gpt-5"
    assert gpt5.prov.locator == "gpt-5"
    assert gpt5.prov.url == "https://developers.openai.com/api/docs/pricing"
    assert gpt5.prices == (
        Price(
            input_mtok=1.25,
            output_mtok=10.0,
            cache_read_mtok=0.125,
            batch_input_mtok=0.625,
            batch_output_mtok=5.0,
        ),
    )
    assert gpt5.fields["deprecation_date"] == "2026-12-11"
    assert gpt5.fields["input_modalities"] == ("text", "image")
    assert gpt5.capabilities["reasoning"] is True
    assert "computer_use" not in gpt5.capabilities  # absent flag: unknown, not False


def test_above_threshold_tier_applies_to_the_whole_request(records):
    base, tier = (p for p in records["gpt-5.6"].prices if not p.region)
    assert (base.input_mtok, base.output_mtok, base.cache_write_mtok) == (4.0, 20.0, 5.0)
    assert (tier.tier_start, tier.tier_basis) == (272_000, "whole_request")
    assert (tier.input_mtok, tier.output_mtok, tier.cache_read_mtok) == (8.0, 30.0, 0.8)
    assert (tier.batch_input_mtok, tier.batch_output_mtok) == (4.0, 15.0)


def test_bedrock_tier_without_tier_batch_price_leaves_it_absent(records):
    sonnet = records["anthropic.claude-sonnet-4-5-20250929-v1:0"]
    assert sonnet.provider == "bedrock_converse"
    base, tier = sonnet.prices
    assert (base.input_mtok, base.batch_input_mtok, base.cache_write_mtok) == (3.0, 1.5, 3.75)
    assert (tier.tier_start, tier.input_mtok, tier.output_mtok) == (200_000, 6.0, 22.5)
    assert tier.batch_input_mtok is None
    assert sonnet.capabilities["computer_use"] is True


def test_vertex_entry(records):
    gemini = records["gemini-2.5-pro"]
    assert gemini.provider == "vertex_ai-language-models"
    assert gemini.fields["max_input"] == 1_048_576
    assert [p.tier_start for p in gemini.prices] == [0, 200_000]
    assert gemini.prices[1].input_mtok == 2.5


def test_tiered_pricing_ranges_and_several_thresholds(records):
    assert [(p.tier_start, p.input_mtok, p.output_mtok) for p in records["dashscope/qwen-flash"].prices] == [
        (0, 0.05, 0.4),
        (256_000, 0.25, 2.0),
    ]
    kyma = records["kyma/qwen3.7-flash"].prices
    assert [p.tier_start for p in kyma] == [0, 32_000, 256_000]
    assert kyma[1].cache_read_mtok == kyma[0].cache_read_mtok  # falls back to the base rate


def test_regional_uplift_multipliers_add_rows_for_their_region(records):
    """gpt-5.4: regional_processing_uplift_multiplier_eu/_us 1.1 on $2.50 / $15.00, tier at 272K."""
    rows = {(p.region, p.tier_start): p for p in records["gpt-5.4"].prices}
    assert sorted(rows) == [("", 0), ("", 272_000), ("eu", 0), ("eu", 272_000), ("us", 0), ("us", 272_000)]
    assert (rows["", 0].input_mtok, rows["", 0].output_mtok) == (2.5, 15.0)
    eu = rows["eu", 0]
    assert (eu.input_mtok, eu.output_mtok, eu.cache_read_mtok) == (2.75, 16.5, 0.275)
    assert (eu.batch_input_mtok, eu.batch_output_mtok) == (1.375, 8.25)
    assert (rows["us", 272_000].input_mtok, rows["us", 272_000].tier_basis) == (5.5, "whole_request")
    # Vertex: regional_endpoint_uplift_multiplier 1.1 on $5 / $25 (cache write $6.25).
    opus = {p.region: p for p in records["vertex_ai/claude-opus-4-7"].prices}
    assert (opus["regional"].input_mtok, opus["regional"].cache_write_mtok) == (5.5, 6.875)
    assert (opus[""].input_mtok, opus[""].output_mtok) == (5.0, 25.0)


def test_off_peak_pricing_gives_peak_and_off_peak_rows_with_their_hours(records):
    """deepseek-v4-flash: $0.30 / $1.20, off-peak $0.15 / $0.60 on weekdays outside 01:00-04:00
    and 06:00-10:00 UTC and all weekend."""
    peak, off_peak = records["deepseek-v4-flash"].prices
    assert (peak.input_mtok, peak.output_mtok, peak.cache_read_mtok) == (0.3, 1.2, 0.006)
    assert (peak.time_of_day, peak.hours_utc) == ("peak", "Mon-Fri 01:00-04:00, 06:00-10:00")
    assert (off_peak.input_mtok, off_peak.output_mtok, off_peak.cache_read_mtok) == (0.15, 0.6, 0.003)
    assert (off_peak.time_of_day, off_peak.hours_utc) == (
        "off_peak",
        "Mon-Fri 04:00-06:00, 10:00-01:00; Sat-Sun all day",
    )
    tencent = records["tencent/deepseek-v4-pro-0813"].prices
    assert tencent[0].hours_utc == "Mon-Fri 01:00-04:00, 06:00-10:00; days in Asia/Shanghai"


def test_off_peak_window_every_day_and_bad_window(tmp_path):
    entry = {
        "litellm_provider": "x",
        "mode": "chat",
        "input_cost_per_token": 2e-06,
        "output_cost_per_token": 4e-06,
    }
    entry["off_peak_pricing"] = {"hours_utc": "16:30-00:30", "input_cost_per_token": 1e-06}
    (record,) = litellm.model_records(snapshot_of(tmp_path, {"m": entry}))
    assert [(p.input_mtok, p.output_mtok, p.time_of_day, p.hours_utc) for p in record.prices] == [
        (2.0, 4.0, "peak", "00:30-16:30"),
        (1.0, 4.0, "off_peak", "16:30-00:30"),
    ]
    entry["off_peak_pricing"] = {"hours_utc": "4pm-1am", "input_cost_per_token": 1e-06}
    with pytest.raises(SourceFormatError) as err:
        list(litellm.model_records(snapshot_of(tmp_path, {"m": entry})))
    assert str(err.value).endswith(
        "record m: field off_peak_pricing.windows[0].hours_utc: expected hours like 16:30-00:30, got '4pm-1am'"
    )


def test_float_noise_in_the_source_is_removed(records):
    """The snapshot says 2.9999900000000002e-06 and 1.5000020000000002e-05 per token."""
    (price,) = records["databricks/databricks-claude-sonnet-4-1"].prices
    assert (repr(price.input_mtok), repr(price.output_mtok)) == ("2.99999", "15.00002")


def test_bad_uplift_multiplier_names_the_key(tmp_path):
    entry = {"litellm_provider": "x", "mode": "chat", "input_cost_per_token": 1e-07}
    entry["regional_endpoint_uplift_multiplier"] = "ten percent"
    with pytest.raises(SourceFormatError) as err:
        list(litellm.model_records(snapshot_of(tmp_path, {"m": entry})))
    assert str(err.value).endswith(
        "record m: field regional_endpoint_uplift_multiplier: expected a positive number, got 'ten percent'"
    )


def test_false_flag_is_false(records):
    assert records["kyma/qwen3.7-flash"].capabilities["pdf_input"] is False


def test_per_token_costs_convert_exactly(tmp_path):
    entry = {
        "litellm_provider": "x",
        "mode": "chat",
        "input_cost_per_token": 1e-07,
        "output_cost_per_token": "3e-7",
    }
    (record,) = litellm.model_records(snapshot_of(tmp_path, {"m": entry}))
    assert record.prices == (Price(input_mtok=0.1, output_mtok=0.3),)


def test_structured_outputs_from_either_flag(tmp_path):
    def structured(**flags):
        entry = {"litellm_provider": "x", "mode": "chat", **flags}
        (record,) = litellm.model_records(snapshot_of(tmp_path, {"m": entry}))
        return record.capabilities.get("structured_outputs")

    assert structured() is None
    assert structured(supports_response_schema=False) is False
    assert structured(supports_response_schema=False, supports_native_structured_output=True) is True
    assert structured(supports_native_structured_output=True) is True


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (["gpt-5"], "expected a JSON object of model keys at the top level, got list of 1"),
        ({"m": "chat"}, "record m: field entry: expected an object, got 'chat'"),
        ({"m": {"mode": "chat"}}, "record m: field litellm_provider: expected a string (required), got None"),
        (
            {"m": {"mode": "chat", "litellm_provider": "x", "input_cost_per_token": "free"}},
            "record m: field input_cost_per_token: expected a number of USD per token, got 'free'",
        ),
        (
            {"m": {"mode": "chat", "litellm_provider": "x", "output_cost_per_token": -1}},
            "record m: field output_cost_per_token: expected a number of USD per token (finite, not negative), got -1",
        ),
        (
            {"m": {"mode": "chat", "litellm_provider": "x", "max_output_tokens": "lots"}},
            "record m: field max_output_tokens: expected a whole number of tokens, got 'lots'",
        ),
        (
            {"m": {"mode": "chat", "litellm_provider": "x", "supports_vision": "yes"}},
            "record m: field supports_vision: expected true or false, got 'yes'",
        ),
        (
            {"m": {"mode": "chat", "litellm_provider": "x", "tiered_pricing": [{"range": [0]}]}},
            "record m: field tiered_pricing[0].range: expected [start, end], got list of 1",
        ),
    ],
)
def test_malformed_file_names_file_record_field_and_expectation(tmp_path, data, message):
    snapshot = snapshot_of(tmp_path, data)
    with pytest.raises(SourceFormatError) as err:
        list(litellm.model_records(snapshot))
    assert str(err.value) == f"{snapshot.path}: {message}"


def test_bad_json(tmp_path):
    path = tmp_path / "prices.json"
    path.write_text('{"m": ')
    with pytest.raises(
        SourceFormatError, match=r"prices\.json: line 1 column 7: not valid JSON: Expecting value"
    ):
        list(litellm.model_records(Snapshot("litellm", path, "x", "")))


_COST_KEYS = [
    "input_cost_per_token",
    "output_cost_per_token_batches",
    "cache_read_input_token_cost_above_200k_tokens",
    "input_cost_per_token_above_128_tokens",
    "cache_creation_input_token_cost_above_1hr",
    "output_cost_per_reasoning_token",
]
_COST = sometimes_junk(st.floats(0, 1e-4) | st.integers(0, 1) | st.just("2e-7"))
_TIER = st.fixed_dictionaries(
    {"range": sometimes_junk(st.lists(st.integers(0, 10**6), min_size=2, max_size=2))},
    optional={"input_cost_per_token": _COST, "output_cost_per_token": _COST},
)
_ENTRY = sometimes_junk(
    st.fixed_dictionaries(
        {"mode": sometimes_junk(st.sampled_from(["chat", "responses", "embedding"]))},
        optional={
            "litellm_provider": sometimes_junk(st.text(max_size=3)),
            **{key: _COST for key in _COST_KEYS},
            "tiered_pricing": sometimes_junk(st.lists(sometimes_junk(_TIER), max_size=2)),
            "max_input_tokens": sometimes_junk(st.integers(0, 10**6)),
            "deprecation_date": sometimes_junk(st.dates().map(str)),
            "supports_vision": sometimes_junk(st.booleans()),
            "supports_response_schema": sometimes_junk(st.booleans()),
            "supported_modalities": sometimes_junk(st.lists(st.sampled_from(["text", "image", "code"]))),
            "source": sometimes_junk(st.just("https://example.test")),
        },
    )
)


@pytest.mark.slow
@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(entries=st.dictionaries(st.text(max_size=5), _ENTRY, max_size=3), top=st.none() | JUNK)
def test_random_malformed_records_import_or_raise_source_format_error(tmp_path, entries, top):
    snapshot = snapshot_of(tmp_path, entries if top is None else top)
    with contextlib.suppress(SourceFormatError):
        list(litellm.model_records(snapshot))


def test_rate_limits_are_the_routes_own_requests_a_minute(records):
    record = records["cloudflare/@cf/qwen/qwq-32b"]
    assert record.fields["rpm"] == 300
    assert "tpm" not in record.fields
    assert "rpm" not in records["gpt-4o"].fields


def test_a_rate_limit_that_is_not_a_count_is_one_line(tmp_path):
    snap = snapshot_of(tmp_path, {"m": {"litellm_provider": "x", "mode": "chat", "rpm": "lots"}})
    with pytest.raises(SourceFormatError) as e:
        list(litellm.model_records(snap))
    assert "rpm" in str(e.value) and "\n" not in str(e.value)
