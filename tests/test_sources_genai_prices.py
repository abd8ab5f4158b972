"""genai-prices importer: the pinned snapshot, the installed package, and malformed files."""

from __future__ import annotations

import contextlib
import importlib.metadata
import json
from pathlib import Path

import pytest
from damage import JUNK, sometimes_junk
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from analysis.errors import SourceFormatError
from analysis.sources import genai_prices
from analysis.sources.records import Price, Snapshot
from analysis.sources.snapshot_files import load_json

RAW = Path(__file__).resolve().parents[1] / "data/raw/genai-prices"
SNAPSHOT = Snapshot("genai-prices", RAW / "2026-11-23.0.2.3.providers.json.gz", "0.2.3", "2026-10-19")


@pytest.fixture(scope="module")
def records():
    return {(r.provider, r.source_model_id): r for r in genai_prices.model_records(SNAPSHOT)}


def snapshot_of(tmp_path: Path, data: object) -> Snapshot:
    path = tmp_path / "providers.json"
    path.write_text(json.dumps(data))
    return Snapshot("genai-prices", path, "test", "2026-01-01")


def provider_with(*models: object) -> list[dict]:
    return [{"id": "acme", "name": "Acme", "pricing_urls": ["https://acme.test/p"], "models": list(models)}]


def test_every_model_entry_becomes_one_record(records):
    assert len(records) == 2330
    assert len({r.provider for r in records.values()}) == 47


def test_raw_file_is_exactly_the_pinned_package():
    assert importlib.metadata.version("genai-prices") == SNAPSHOT.version
    assert genai_prices.package_providers() == load_json(SNAPSHOT.path)
    from_file = list(genai_prices.model_records(SNAPSHOT))
    assert list(genai_prices.model_records_from_package(as_of=SNAPSHOT.as_of)) == from_file


def test_dated_price_change(records):
    step = records["openrouter", "stepfun/step-3.5-flash"]
    assert step.name == "Step 3.5 Flash"
    assert step.prov.locator == "openrouter/models/stepfun/step-3.5-flash"
    assert step.fields == {"context_window": 262144}
    assert step.prices == (
        Price(input_mtok=0.09, output_mtok=0.3, cache_read_mtok=0.02),
        Price(input_mtok=0.1, output_mtok=0.3, cache_read_mtok=0.02, effective_from="2026-10-19"),
    )


def test_context_tier_prices_the_whole_request_and_batch_variant_starts_on_its_date(records):
    base, tier, batch_base, batch_tier = records["anthropic", "claude-haiku-5-5"].prices
    assert (base.input_mtok, base.output_mtok, base.tier_start, base.tier_basis) == (0.1, 0.5, 0, "")
    assert base.batch_input_mtok is None  # no batch price before the variant's start date
    assert (tier.input_mtok, tier.output_mtok, tier.cache_read_mtok) == (0.5, 2.5, 0.05)
    assert (tier.tier_start, tier.tier_basis) == (100_000, "whole_request")
    assert (batch_base.effective_from, batch_base.batch_input_mtok) == ("2026-10-14", 0.05)
    assert (batch_base.input_mtok, batch_base.batch_output_mtok) == (0.1, 0.25)
    assert (batch_tier.tier_start, batch_tier.batch_input_mtok) == (100_000, 0.25)


def test_time_of_day_prices_are_peak_and_off_peak_rows_with_their_hours(records):
    # deepseek-v4-flash: dated prices (last $0.15 / $0.60 from 2026-09-10), replaced by $0.30 /
    # $1.20 in two daily windows on every date: the windows are the peak.
    off_peak = "04:00-06:00, 10:00-01:00"
    peak = Price(
        input_mtok=0.3,
        output_mtok=1.2,
        cache_read_mtok=0.006,
        time_of_day="peak",
        hours_utc="01:00-04:00, 06:00-10:00",
    )
    assert records["deepseek", "deepseek-v4-flash"].prices == (
        Price(0.14, 0.28, 0.0028, time_of_day="off_peak", hours_utc=off_peak),
        Price(0.22, 0.66, 0.007, effective_from="2026-08-17", time_of_day="off_peak", hours_utc=off_peak),
        Price(0.15, 0.6, 0.003, effective_from="2026-09-10", time_of_day="off_peak", hours_utc=off_peak),
        peak,
    )
    # deepseek-chat: $0.27 / $1.10 from 00:30 to 16:30 UTC, half that in the window around midnight.
    chat = records["deepseek", "deepseek-chat"].prices
    assert [(p.input_mtok, p.output_mtok, p.time_of_day, p.hours_utc) for p in chat] == [
        (0.135, 0.55, "off_peak", "16:30-00:30"),
        (0.27, 1.1, "peak", "00:30-16:30"),
    ]


def test_time_of_day_window_in_another_offset_is_told_in_utc(tmp_path):
    window = {"start_time": "09:30:00+08:00", "end_time": "12:00:00+08:00"}
    prices = [
        {"prices": {"input_mtok": 1, "output_mtok": 2}},
        {"constraint": window, "prices": {"input_mtok": 2}},
    ]
    (record,) = genai_prices.model_records(
        snapshot_of(tmp_path, provider_with({"id": "m", "match": {}, "prices": prices}))
    )
    assert [(p.time_of_day, p.hours_utc) for p in record.prices] == [
        ("off_peak", "04:00-01:30"),
        ("peak", "01:30-04:00"),
    ]


def test_absent_values_stay_absent(records):
    claude2 = records["anthropic", "claude-2"]
    assert claude2.prices == (Price(input_mtok=8.0, output_mtok=24.0),)
    assert "status" not in claude2.fields
    assert records["github-copilot", "gpt-4.1"].prices == ()  # "prices": {} in the source
    no_window = [r for r in records.values() if "context_window" not in r.fields]
    assert len(no_window) == 2330 - 1419


def test_deprecated_flag_becomes_status(records):
    deprecated = [r for r in records.values() if r.fields.get("status") == "deprecated"]
    assert len(deprecated) == 71


def test_match_names():
    assert genai_prices.match_names({"equals": "gpt-5"}) == ("gpt-5",)
    clause = {"or": [{"equals": "a"}, {"starts_with": "b"}, {"or": [{"equals": "c"}, {"equals": "a"}]}]}
    assert genai_prices.match_names(clause) == ("a", "c")
    assert genai_prices.match_names({"and": [{"equals": "a"}, {"contains": "x"}]}) == ()
    assert genai_prices.match_names({"regex": "^x"}) == ()


def test_model_match_names_of_the_snapshot():
    names = genai_prices.model_match_names(SNAPSHOT)
    assert names["openrouter", "stepfun/step-3.5-flash"] == ("stepfun/step-3.5-flash",)
    assert "gpt-5-2025-08-07" in names["openai", "gpt-5"]


def test_provider_records():
    providers = {p.provider: p for p in genai_prices.provider_records(SNAPSHOT)}
    assert len(providers) == 47
    anthropic = providers["anthropic"]
    assert anthropic.name == "Anthropic"
    assert anthropic.pricing_urls == ("https://www.anthropic.com/pricing#api",)
    assert anthropic.price_comments.startswith("Message Batches API usage is charged at 50%")
    assert anthropic.prov.url == "https://www.anthropic.com/pricing#api"


def test_first_variant_wins_per_price(tmp_path):
    model = {
        "id": "m",
        "match": {"equals": "m"},
        "prices": {"input_mtok": 2, "output_mtok": 8},
        "price_variants": [
            {
                "when": {"processing": "batch"},
                "prices": {"input_mtok": 0.5},
                "constraint": {"start_date": "2027-01-01"},
            },
            {"when": {"processing": "batch"}, "prices": {"input_mtok": 1, "output_mtok": 4}},
            {"when": {"service_tier": "priority"}, "prices": {"input_mtok": 9}},
        ],
    }
    (record,) = genai_prices.model_records(snapshot_of(tmp_path, provider_with(model)))
    assert record.prices == (
        Price(input_mtok=2.0, output_mtok=8.0, batch_input_mtok=1.0, batch_output_mtok=4.0),
        Price(
            input_mtok=2.0,
            output_mtok=8.0,
            batch_input_mtok=0.5,
            batch_output_mtok=4.0,
            effective_from="2027-01-01",
        ),
    )
    assert record.name == "m"  # no name in the source: the id


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"providers": []}, "expected a JSON list of providers at the top level, got dict"),
        (
            [{"name": "x", "models": []}],
            "record providers[0]: field id: expected a string (required), got None",
        ),
        (
            provider_with({"match": {"equals": "m"}, "prices": {}}),
            "record acme/models[0]: field id: expected a string",
        ),
        (
            provider_with({"id": "m", "match": {"equals": "m"}, "prices": {"input_mtok": "cheap"}}),
            "record acme/models/m: field prices.input_mtok: expected a number of USD per 1M tokens, got 'cheap'",
        ),
        (
            provider_with({"id": "m", "match": {"equals": "m"}}),
            "record acme/models/m: field prices: expected a price object or list (required)",
        ),
        (
            provider_with(
                {
                    "id": "m",
                    "match": {},
                    "prices": {"input_mtok": {"base": 1, "tiers": [{"start": "big", "price": 2}]}},
                }
            ),
            "field prices.input_mtok.tiers[0].start: expected a whole number of tokens, got 'big'",
        ),
        (
            provider_with(
                {"id": "m", "match": {}, "prices": [{"constraint": {"start_date": "soon"}, "prices": {}}]}
            ),
            "field prices[0].constraint.start_date: expected an ISO date (YYYY-MM-DD, or YYYY-MM for a month), got 'soon'",
        ),
        (
            provider_with(
                {
                    "id": "m",
                    "match": {},
                    "prices": [
                        {"prices": {"input_mtok": 1}},
                        {
                            "constraint": {"start_time": "01:00:00", "end_time": "04:00:00"},
                            "prices": {"input_mtok": 2},
                        },
                        {"constraint": {"start_date": "2026-01-01"}, "prices": {"input_mtok": 3}},
                    ],
                }
            ),
            "field prices[2].constraint: expected dated prices before every time-of-day price",
        ),
        (
            provider_with(
                {
                    "id": "m",
                    "match": {},
                    "prices": [
                        {"prices": {"input_mtok": 1}},
                        {
                            "constraint": {"start_time": "1am", "end_time": "04:00:00"},
                            "prices": {"input_mtok": 2},
                        },
                    ],
                }
            ),
            "field prices[1].constraint.start_time: expected an ISO time like 01:00:00+00:00, got '1am'",
        ),
    ],
)
def test_malformed_file_names_file_record_field_and_expectation(tmp_path, data, message):
    snapshot = snapshot_of(tmp_path, data)
    with pytest.raises(SourceFormatError) as err:
        list(genai_prices.model_records(snapshot))
    assert str(err.value).startswith(f"{snapshot.path}: ")
    assert message in str(err.value)
    assert "\n" not in str(err.value)


def test_bad_json_and_bad_gzip(tmp_path):
    bad = tmp_path / "providers.json"
    bad.write_text("[{")
    with pytest.raises(SourceFormatError, match=r"providers\.json: line 1 column 3: not valid JSON: "):
        list(genai_prices.model_records(Snapshot("genai-prices", bad, "x", "")))
    gz = tmp_path / "providers.json.gz"
    gz.write_bytes(b"not gzip")
    with pytest.raises(SourceFormatError, match=r"providers\.json\.gz: cannot be read"):
        list(genai_prices.model_records(Snapshot("genai-prices", gz, "x", "")))


_NUMBER = sometimes_junk(st.integers(0, 100) | st.floats(0, 100))
_TIER = st.fixed_dictionaries({"start": sometimes_junk(st.integers(0, 300_000)), "price": _NUMBER})
_TIERED = st.fixed_dictionaries({"base": _NUMBER, "tiers": sometimes_junk(st.lists(_TIER, max_size=2))})
_PRICES = sometimes_junk(
    st.dictionaries(
        st.sampled_from(
            ["input_mtok", "output_mtok", "cache_read_mtok", "output_reasoning_mtok", "audio_hours"]
        ),
        _NUMBER | _TIERED,
        max_size=4,
    )
)
_CONSTRAINT = sometimes_junk(
    st.fixed_dictionaries({"start_date": sometimes_junk(st.dates().map(str))})
    | st.just({"start_time": "01:00:00", "end_time": "04:00:00"})
)
_ENTRY = sometimes_junk(st.fixed_dictionaries({"prices": _PRICES}, optional={"constraint": _CONSTRAINT}))
_VARIANT = sometimes_junk(
    st.fixed_dictionaries(
        {"when": st.sampled_from([{"processing": "batch"}, {"service_tier": "flex"}]), "prices": _PRICES},
        optional={"constraint": _CONSTRAINT},
    )
)
_EQUALS = sometimes_junk(st.fixed_dictionaries({"equals": sometimes_junk(st.text(max_size=3))}))
_MATCH = _EQUALS | st.fixed_dictionaries({"or": sometimes_junk(st.lists(_EQUALS, max_size=2))})
_MODEL = sometimes_junk(
    st.fixed_dictionaries(
        {
            "id": sometimes_junk(st.text(max_size=5)),
            "match": _MATCH,
            "prices": _PRICES | sometimes_junk(st.lists(_ENTRY, max_size=3)),
        },
        optional={
            "price_variants": sometimes_junk(st.lists(_VARIANT, max_size=3)),
            "context_window": sometimes_junk(st.integers(0, 10**6)),
            "deprecated": sometimes_junk(st.booleans()),
            "name": sometimes_junk(st.text(max_size=3)),
        },
    )
)


@pytest.mark.slow
@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(models=st.lists(_MODEL, max_size=3), top=st.none() | JUNK)
def test_random_malformed_records_import_or_raise_source_format_error(tmp_path, models, top):
    data = provider_with(*models) if top is None else top
    snapshot = snapshot_of(tmp_path, data)
    for read in (genai_prices.model_records, genai_prices.provider_records, genai_prices.model_match_names):
        with contextlib.suppress(SourceFormatError):
            list(read(snapshot))
