"""Scenarios: presets, token parsing, the per-request form, validation messages, description."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from analysis.costs import (
    DEFAULT_PROMPT_TOKENS,
    PRESETS,
    Scenario,
    format_tokens,
    parse_tokens,
    scenario,
)
from analysis.errors import ParameterError


@pytest.mark.parametrize(
    ("text", "count"),
    [
        ("500M", 500_000_000),
        ("1.2B", 1_200_000_000),
        ("10K", 10_000),
        ("2.5k", 2_500),
        ("1T", 10**12),
        ("2,000", 2_000),
        ("500_000", 500_000),
        (350_000_000, 350_000_000),
        (5e8, 500_000_000),
        ("0", 0),
    ],
)
def test_parse_tokens(text, count):
    assert parse_tokens(text) == count


@pytest.mark.parametrize(
    "bad", ["-5M", "abc", "nan", "inf", float("nan"), float("inf"), "1.5", True, None, "2000T"]
)
def test_parse_tokens_rejects(bad):
    with pytest.raises(ParameterError) as err:
        parse_tokens(bad, "input_tokens")
    assert str(err.value) == (
        f"input_tokens = {bad!r}: expected a whole number of tokens from 0 to 10^15, like 500M or 1.2B"
    )


def test_presets():
    assert set(PRESETS) == {"small", "medium", "large"}
    medium = scenario("medium")
    assert (medium.input_tokens, medium.output_tokens) == (500_000_000, 350_000_000)
    assert scenario("small").input_tokens == 50_000_000
    assert scenario("large").output_tokens == 3_500_000_000
    assert medium.cache_read_share == medium.batch_share == medium.reasoning_multiplier == 0
    assert medium.prompt_tokens == DEFAULT_PROMPT_TOKENS
    assert medium.price_date is None and medium.include_free is False


def test_preset_with_overrides_and_custom():
    s = scenario("medium", cache_read_share=0.5, price_date=date(2026, 10, 19))
    assert s.name == "medium" and s.cache_read_share == 0.5 and s.price_date == "2026-10-19"
    custom = scenario(input_tokens="1.2B", output_tokens="300M", name="agents")
    assert (custom.name, custom.input_tokens, custom.output_tokens) == (
        "agents",
        1_200_000_000,
        300_000_000,
    )


def test_requests_times_tokens_per_request():
    s = scenario(requests_per_month="1M", input_tokens_per_request=500, output_tokens_per_request=350)
    assert (s.input_tokens, s.output_tokens, s.prompt_tokens) == (
        500_000_000,
        350_000_000,
        500,
    )
    assert (
        scenario(
            "medium",
            requests_per_month=10,
            input_tokens_per_request=100,
            output_tokens_per_request=5,
            prompt_tokens=90,
        ).prompt_tokens
        == 90
    )


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        (
            {"preset": "huge"},
            "preset = 'huge': expected one of small, medium, large",
        ),
        (
            {"preset": "medium", "cache_read_share": 1.5},
            "cache_read_share = 1.5: expected a share from 0 to 1",
        ),
        (
            {"preset": "medium", "batch_share": float("nan")},
            "batch_share = nan: expected a share from 0 to 1",
        ),
        (
            {"preset": "medium", "batch_share": "half"},
            "batch_share = 'half': expected a share from 0 to 1",
        ),
        (
            {"preset": "medium", "cache_read_share": 0.7, "cache_write_share": 0.5},
            "cache_read_share + cache_write_share = 1.2: expected at most 1 "
            "(both are shares of the same input tokens)",
        ),
        (
            {"preset": "medium", "reasoning_multiplier": -1},
            "reasoning_multiplier = -1: expected a multiple of output tokens from 0 to 100",
        ),
        (
            {"preset": "medium", "input_tokens": 10**16},
            f"input_tokens = {10**16}: expected a whole number of tokens from 0 to 10^15, like 500M or 1.2B",
        ),
        (
            {"preset": "medium", "output_tokens": float("inf")},
            "output_tokens = inf: expected a whole number of tokens from 0 to 10^15, like 500M or 1.2B",
        ),
        (
            {"preset": "medium", "prompt_tokens": 0},
            "prompt_tokens = 0: expected at least 1 token",
        ),
        (
            {"preset": "medium", "price_date": "last week"},
            "price_date = 'last week': expected an ISO date like 2026-10-19",
        ),
        (
            {"preset": "medium", "include_free": "yes"},
            "include_free = 'yes': expected True or False",
        ),
        (
            {"preset": "medium", "off_peak_share": 1.5},
            "off_peak_share = 1.5: expected a share from 0 to 1",
        ),
        (
            {"input_tokens": "500M"},
            "output_tokens is missing: expected a preset (small, medium, large), output_tokens, "
            "or requests_per_month with tokens per request",
        ),
        (
            {"requests_per_month": 10, "input_tokens_per_request": 5},
            "output_tokens_per_request is missing: expected it with requests_per_month, "
            "input_tokens_per_request, output_tokens_per_request",
        ),
        (
            {"input_tokens": 5, "requests_per_month": 10},
            "input_tokens = 5: expected either monthly token counts or requests_per_month with "
            "tokens per request, not both",
        ),
    ],
)
def test_validation_messages(kwargs, message):
    with pytest.raises(ParameterError) as err:
        scenario(**kwargs)
    assert str(err.value) == message
    assert "\n" not in str(err.value)


def test_unknown_field_lists_the_fields():
    with pytest.raises(ParameterError, match=r"^cache = 0.5: not a scenario field; expected one"):
        scenario("medium", cache=0.5)


def test_replace_validates_too():
    with pytest.raises(ParameterError, match="batch_share = 2"):
        replace(scenario("medium"), batch_share=2)


def test_scaled():
    s = scenario("medium").scaled(0.001)
    assert (s.input_tokens, s.output_tokens) == (500_000, 350_000)


def test_describe():
    assert scenario("medium").describe() == (
        "medium: 500M input + 350M output tokens a month, 8K-token prompts, no cache reads, "
        "no batch, prices as of the catalog date"
    )
    busy = Scenario(
        "busy",
        "1.2B",
        "300M",
        cache_read_share=0.6,
        cache_write_share=0.05,
        batch_share=0.25,
        reasoning_multiplier=2,
        prompt_tokens=250_000,
        price_date="2026-10-19",
        include_free=True,
    )
    assert busy.describe() == (
        "busy: 1.2B input + 300M output tokens a month, 250K-token prompts, 60% of input read "
        "from cache, 5% written to cache, 25% batch, reasoning 2× output, prices as of "
        "2026-10-19, free and subscription routes included"
    )


def test_off_peak_share_defaults_to_peak_prices_and_is_described():
    assert scenario("medium").off_peak_share == 0
    assert scenario("medium", off_peak_share="0.25").describe() == (
        "medium: 500M input + 350M output tokens a month, 8K-token prompts, no cache reads, "
        "no batch, 25% of traffic off-peak, prices as of the catalog date"
    )


def test_numpy_numbers_are_accepted():
    np = pytest.importorskip("numpy")
    s = scenario(
        input_tokens=np.int64(500_000_000), output_tokens=np.float64(3.5e8), batch_share=np.float64(0.1)
    )
    assert (s.input_tokens, s.output_tokens, s.batch_share) == (500_000_000, 350_000_000, 0.1)


@pytest.mark.parametrize(
    ("count", "text"),
    [
        (950, "950"),
        (8_000, "8K"),
        (999_999, "1M"),
        (1_200_000_000, "1.2B"),
        (116_830_000_000, "117B"),
        (2 * 10**12, "2T"),
        (10**15, "1,000T"),
    ],
)
def test_format_tokens(count, text):
    assert format_tokens(count) == text
