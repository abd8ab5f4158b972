"""Traffic scenarios: monthly tokens, cache / batch / reasoning shares, prompt size, price date.

A scenario describes a month of traffic to one model. Every request is assumed to carry a prompt
of ``prompt_tokens`` tokens (cached part included); that size alone selects a route's context
tier. Monthly token counts scale cost; they never change which tier applies.
"""

from __future__ import annotations

import math
import numbers
from dataclasses import dataclass, fields, replace
from datetime import date
from decimal import Decimal, InvalidOperation

from analysis.errors import ParameterError

MAX_TOKENS = 10**15
MAX_REASONING_MULTIPLIER = 100
# Typical prompt per request when the scenario gives none: a chat or agent turn with its system
# prompt and some history. Below every context tier genai-prices 0.2.3 knows (the lowest starts
# above 32,000 prompt tokens), so the default bills base prices.
DEFAULT_PROMPT_TOKENS = 8_000

_SUFFIXES = {"K": 10**3, "M": 10**6, "B": 10**9, "T": 10**12}
_TOKEN_EXPECTED = "a whole number of tokens from 0 to 10^15, like 500M or 1.2B"
_SHARES = ("cache_read_share", "cache_write_share", "batch_share", "off_peak_share")
_PER_REQUEST = ("requests_per_month", "input_tokens_per_request", "output_tokens_per_request")


@dataclass(frozen=True)
class Scenario:
    """One month of traffic to a model. Validated (and normalised) on construction."""

    name: str
    input_tokens: int  # monthly prompt tokens, cached ones included
    output_tokens: int  # monthly visible output tokens (reasoning tokens come on top)
    cache_read_share: float = 0.0  # share of input tokens read from the prompt cache
    cache_write_share: float = 0.0  # share of input tokens written to the prompt cache
    batch_share: float = 0.0  # share of traffic sent through batch APIs
    reasoning_multiplier: float = 0.0  # reasoning tokens = multiplier × output tokens
    prompt_tokens: int = DEFAULT_PROMPT_TOKENS  # typical prompt per request: selects the tier
    price_date: str | None = None  # ISO date; None = the catalog's as-of date, else today
    include_free: bool = False  # let free and subscription routes be the cheapest route
    off_peak_share: float = 0.0  # share of traffic sent in off-peak hours (time-of-day prices)

    def __post_init__(self) -> None:
        set_ = object.__setattr__
        set_(self, "name", str(self.name))
        for name in ("input_tokens", "output_tokens", "prompt_tokens"):
            set_(self, name, parse_tokens(getattr(self, name), name))
        if self.prompt_tokens < 1:
            raise ParameterError(f"prompt_tokens = {self.prompt_tokens}: expected at least 1 token")
        for name in _SHARES:
            set_(self, name, _number(getattr(self, name), name, 0, 1, "a share from 0 to 1"))
        total = exact(self.cache_read_share) + exact(self.cache_write_share)
        if total > 1:
            raise ParameterError(
                f"cache_read_share + cache_write_share = {total:g}: expected at most 1 "
                "(both are shares of the same input tokens)"
            )
        limit = MAX_REASONING_MULTIPLIER
        expected = f"a multiple of output tokens from 0 to {limit}"
        multiplier = _number(self.reasoning_multiplier, "reasoning_multiplier", 0, limit, expected)
        set_(self, "reasoning_multiplier", multiplier)
        set_(self, "price_date", _iso_date(self.price_date))
        if not isinstance(self.include_free, bool):
            raise ParameterError(f"include_free = {self.include_free!r}: expected True or False")

    @property
    def reasoning_tokens(self) -> Decimal:
        """Monthly reasoning tokens (billed on top of output tokens)."""
        return exact(self.reasoning_multiplier) * self.output_tokens

    def scaled(self, factor: float) -> Scenario:
        """The same scenario with monthly input and output tokens multiplied by ``factor``."""
        return replace(
            self,
            input_tokens=round(self.input_tokens * factor),
            output_tokens=round(self.output_tokens * factor),
        )

    def describe(self) -> str:
        """The scenario in one line, for the report's title block."""
        parts = [
            f"{format_tokens(self.input_tokens)} input + "
            f"{format_tokens(self.output_tokens)} output tokens a month",
            f"{format_tokens(self.prompt_tokens)}-token prompts",
            f"{_percent(self.cache_read_share)} of input read from cache"
            if self.cache_read_share
            else "no cache reads",
        ]
        if self.cache_write_share:
            parts.append(f"{_percent(self.cache_write_share)} written to cache")
        parts.append(f"{_percent(self.batch_share)} batch" if self.batch_share else "no batch")
        if self.reasoning_multiplier:
            parts.append(f"reasoning {self.reasoning_multiplier:g}× output")
        if self.off_peak_share:
            parts.append(f"{_percent(self.off_peak_share)} of traffic off-peak")
        parts.append(f"prices as of {self.price_date or 'the catalog date'}")
        if self.include_free:
            parts.append("free and subscription routes included")
        return f"{self.name}: " + ", ".join(parts)


def scenario(preset: str | None = None, **overrides: object) -> Scenario:
    """A preset (small, medium, large) with ``overrides``, or a custom scenario from them alone.

    Volume is given either as ``input_tokens`` and ``output_tokens`` a month, or as
    ``requests_per_month`` × ``input_tokens_per_request`` / ``output_tokens_per_request`` (then
    ``prompt_tokens`` defaults to the input tokens per request). Token counts accept "500M",
    "1.2B", "10K".
    """
    if preset is not None and preset not in PRESETS:
        raise ParameterError(f"preset = {preset!r}: expected one of {', '.join(PRESETS)}")
    known = {f.name for f in fields(Scenario)} | set(_PER_REQUEST)
    for name in overrides:
        if name not in known:
            raise ParameterError(
                f"{name} = {overrides[name]!r}: not a scenario field; "
                f"expected one of {', '.join(sorted(known))}"
            )
    values = dict(overrides)
    if any(name in values for name in _PER_REQUEST):
        values = _from_requests(values)
    values.setdefault("name", preset or "custom")
    if preset is not None:
        return replace(PRESETS[preset], **values)
    for name in ("input_tokens", "output_tokens"):
        if name in values:  # a bad value given is reported before a missing one
            parse_tokens(values[name], name)
    for name in ("input_tokens", "output_tokens"):
        if name not in values:
            raise ParameterError(
                f"{name} is missing: expected a preset ({', '.join(PRESETS)}), {name}, "
                "or requests_per_month with tokens per request"
            )
    return Scenario(**values)


def parse_tokens(value: object, field: str = "tokens") -> int:
    """A token count from an int, a whole float or text like "500M", "1.2B", "10K", "2,000"."""
    number = _decimal(value)
    if isinstance(value, str) and number is None:
        text = value.strip().replace(",", "").replace("_", "")
        multiplier = _SUFFIXES.get(text[-1:].upper())
        if multiplier is not None:
            base = _decimal(text[:-1])
            number = base * multiplier if base is not None and 0 <= base <= MAX_TOKENS else None
    if number is None or number != number.to_integral_value() or not 0 <= number <= MAX_TOKENS:
        raise ParameterError(f"{field} = {value!r}: expected {_TOKEN_EXPECTED}")
    return int(number)


def format_tokens(count: float) -> str:
    """A token (or parameter) count the way people say it, to three figures: 500M, 1.2B, 117B,
    8K, 950, 1,000T. The one short count format of the reports, their tables and chart axes."""
    for suffix, size in reversed(_SUFFIXES.items()):
        if count >= size * 0.9995:  # 999,999 is "1M", not "1e+03K"
            scaled = count / size
            return (f"{scaled:.3g}" if scaled < 999.5 else f"{scaled:,.0f}") + suffix
    return f"{count:g}"


def exact(value: float | int | Decimal) -> Decimal:
    """``value`` as the Decimal it was written as (0.1 → Decimal("0.1"), not its binary float)."""
    if isinstance(value, Decimal):
        return value
    if isinstance(value, numbers.Integral):
        return Decimal(int(value))
    return Decimal(repr(float(value)))


def _from_requests(values: dict[str, object]) -> dict[str, object]:
    """``values`` with requests × tokens per request turned into monthly token counts.

    The prompt size defaults to the input tokens per request.
    """
    clash = [name for name in ("input_tokens", "output_tokens") if name in values]
    if clash:
        raise ParameterError(
            f"{clash[0]} = {values[clash[0]]!r}: expected either monthly token counts or "
            "requests_per_month with tokens per request, not both"
        )
    for name in _PER_REQUEST:
        if name not in values:
            raise ParameterError(f"{name} is missing: expected it with {', '.join(_PER_REQUEST)}")
    requests, per_input, per_output = (parse_tokens(values[n], n) for n in _PER_REQUEST)
    out = {k: v for k, v in values.items() if k not in _PER_REQUEST}
    out.update(input_tokens=requests * per_input, output_tokens=requests * per_output)
    if per_input:
        out.setdefault("prompt_tokens", per_input)
    return out


def _number(value: object, field: str, low: float, high: float, expected: str) -> float:
    number = _decimal(value)
    if number is None or not low <= number <= high:
        raise ParameterError(f"{field} = {value!r}: expected {expected}")
    return float(number)


def _decimal(value: object) -> Decimal | None:
    """A finite number as Decimal, or None for anything else (bool, NaN, inf, bad text)."""
    if isinstance(value, bool):
        return None
    if isinstance(value, numbers.Real) and not math.isfinite(value):
        return None
    if isinstance(value, numbers.Real | Decimal):
        number = exact(value)
    elif isinstance(value, str):
        try:
            number = Decimal(value.strip().replace(",", "").replace("_", ""))
        except InvalidOperation:
            return None
    else:
        return None
    return number if number.is_finite() else None


def _iso_date(value: object) -> str | None:
    if value is None:
        return None
    if isinstance(value, date):
        return value.isoformat()[:10]
    try:
        return date.fromisoformat(str(value)).isoformat()
    except ValueError:
        raise ParameterError(f"price_date = {value!r}: expected an ISO date like 2026-10-19") from None


def _percent(share: float) -> str:
    return f"{share * 100:.3g}%"


PRESETS: dict[str, Scenario] = {
    "small": Scenario("small", 50_000_000, 35_000_000),
    "medium": Scenario("medium", 500_000_000, 350_000_000),
    "large": Scenario("large", 5_000_000_000, 3_500_000_000),
}
