"""English and number formatting shared by every section and the narrative (one place only).

Numbers read the same everywhere: "128,000 tokens", "$5,775.00" a month, "$0.10 / 1M tokens",
"38.8×"; short counts ("500M", "196B") are :func:`analysis.costs.format_tokens`, which the scenario
line uses too. Lists read "A", "A and B", "A, B, and C". Unknown is "Unknown", never "No" or 0.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from decimal import ROUND_HALF_UP, Decimal

UNKNOWN = "Unknown"
_MODALITIES = {"pdf": "PDF"}
_IRREGULAR = {"capability": "capabilities", "entry": "entries"}
_NO_TOOLS = re.compile(r"(, )?tools None(, )?")
_ID = re.compile(r"[\w.@:+-]+(/[\w.@:+-]+)+")


def plural(n: int, word: str, many: str | None = None) -> str:
    """ "1 route", "2 routes", "1,225 pairs" (``many`` when the plural is not word + "s")."""
    return f"{n:,} {word if n == 1 else many or _IRREGULAR.get(word, f'{word}s')}"


def join_and(items: Iterable[str]) -> str:
    """ "A", "A and B", "A, B, and C" ("" for none)."""
    return _join(list(items), "and")


def join_or(items: Iterable[str]) -> str:
    """ "A", "A or B", "A, B, or C" ("" for none)."""
    return _join(list(items), "or")


def _join(items: list[str], word: str) -> str:
    if len(items) < 3:
        return f" {word} ".join(items)
    return f"{', '.join(items[:-1])}, {word} {items[-1]}"


def tokens(n: int) -> str:
    """ "128,000 tokens"."""
    return plural(int(n), "token")


def usd(amount: Decimal | float) -> str:
    """A dollar amount to the cent: "$5,775.00", "-$12.50"."""
    cents = Decimal(str(amount)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    sign = "-" if cents < 0 else ""
    return f"{sign}${abs(cents):,.2f}"


def price(per_mtok: Decimal | float) -> str:
    """A price per 1M tokens, with the cents and any finer digits it has up to the millionth:
    "$0.10", "$0.096" ("$0.30" for a source's 0.30000000000000004)."""
    value = Decimal(str(per_mtok)).quantize(Decimal("0.000001"), rounding=ROUND_HALF_UP).normalize()
    places = max(2, -value.as_tuple().exponent)
    return f"${value:,.{places}f}"


def price_per_mtok(per_mtok: Decimal | float) -> str:
    """ "$0.10 / 1M tokens"."""
    return f"{price(per_mtok)} / 1M tokens"


def ratio(value: Decimal | float) -> str:
    """A ratio to one decimal: "38.8×", "2.0×"."""
    return f"{Decimal(str(value)).quantize(Decimal('0.1'), rounding=ROUND_HALF_UP):,}×"


def yes_no(value: bool | None) -> str:
    """ "Yes", "No", or "Unknown" when the catalog has no value."""
    return UNKNOWN if value is None else ("Yes" if value else "No")


def possessive(name: str) -> str:
    """ "Step 3.5 Flash's"."""
    return f"{name}'s"


def score(value: float, unit: str) -> str:
    """A benchmark score with its unit: "74.4%", "31.6 (index)", "1,280 (score)"."""
    number = f"{value:,.2f}".rstrip("0").rstrip(".")
    if unit == "percent":
        return f"{number}%"
    return f"{number} ({unit})" if unit else number


def with_article(phrase: str) -> str:
    """ "a coding-specialized model", "an open-weights model" (lowercased first letter)."""
    phrase = phrase[0].lower() + phrase[1:] if phrase else phrase
    return f"{'an' if phrase[:1] in tuple('aeiou') else 'a'} {phrase}"


def percent(share: float) -> str:
    """A share as a percentage: 0.25 → "25%", 0.125 → "12.5%"."""
    return f"{share * 100:.3g}%"


def modality(name: str) -> str:
    """A modality in prose: "image", "PDF"."""
    return _MODALITIES.get(name, name)


def variant_text(variant: str) -> str:
    """A benchmark variant as a reader sees it: "tools None" (a source's "no tools") left out."""
    return _NO_TOOLS.sub(lambda m: ", " if m.group(1) and m.group(2) else "", variant).strip(", ")


def looks_like_id(name: str) -> bool:
    """Whether a name is an id ("deepseek/deepseek-v3", "qwen/qwen-2-7b-instruct:free")."""
    return _ID.fullmatch(name) is not None


LATEST = re.compile(r"\s*\(latest\)\s*$", re.IGNORECASE)
ORG_PREFIX = re.compile(r"^[A-Za-z][\w .-]{0,30}:\s+(?=\S)")  # "Baidu: ERNIE 4.5" (OpenRouter's names)
ACRONYMS = frozenset({"gpt", "glm", "oss", "vl", "ai", "llm", "mn"})


def reader_name(name: str, model_id: str) -> str:
    """A catalog name fit for a reader: without a "(latest)" tag, a ":free" suffix or an "Org: "
    prefix, and made from the id's last part ("deepseek-v3" → "Deepseek V3") when the name is an
    id ("lab/model")."""
    name = ORG_PREFIX.sub("", LATEST.sub("", name).removesuffix(":free"))
    if name and not looks_like_id(name):
        return name
    slug = model_id.rsplit("/", 1)[-1]
    return " ".join(_word(w) for w in re.split(r"[-_ ]+", slug) if w)


def _word(word: str) -> str:
    if word.lower() in ACRONYMS or (
        word[:1].isalpha() and any(ch.isdigit() for ch in word) and len(word) <= 4
    ):
        return word.upper()
    return word[:1].upper() + word[1:]


# Catalog fields said in words (a field not listed reads as its name with spaces).
TOKEN_FIELDS = ("context_window", "max_input", "max_output")
FIELD_WORDS = {
    "context_window": "context window",
    "max_output": "max output",
    "max_input": "max input",
    "release_date": "release date",
    "knowledge_cutoff": "knowledge cutoff",
    "input_mtok": "input price",
    "output_mtok": "output price",
    "cache_read_mtok": "cache-read price",
    "cache_write_mtok": "cache-write price",
    "function_calling": "function calling",
    "structured_outputs": "structured outputs",
    "open_weights": "open weights",
    "params_total": "parameters",
    "params_active": "active parameters",
}


def field_words(field: str) -> str:
    """A catalog field in words: "context_window" → "context window"."""
    return FIELD_WORDS.get(field, field.replace("_", " "))
