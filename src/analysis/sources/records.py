"""Tidy records every importer yields, and the snapshot file access they share.

Units: prices in USD per 1M tokens; token counts as ints; dates as ISO ``YYYY-MM-DD``
(or ``YYYY-MM`` where the source gives only a month). A value a source does not give is
absent (missing key, or None), never 0 or False.
"""

from __future__ import annotations

import gzip
import io
import re
import tarfile
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field, fields
from datetime import date
from decimal import Context, Decimal
from pathlib import Path

_DAY_OR_MONTH = re.compile(r"\d{4}-\d{2}(-\d{2})?")

# Model-level facts an importer may put in ModelRecord.fields.
FIELDS = {
    "release_date": "first public release (ISO date)",
    "knowledge_cutoff": "training data cutoff (ISO date or month)",
    "context_window": "max tokens of prompt plus output",
    "max_input": "max prompt tokens, where the source gives it apart from context",
    "max_output": "max output tokens",
    "open_weights": "weights downloadable (bool)",
    "input_modalities": "tuple of text, image, audio, video, pdf",
    "output_modalities": "tuple of text, image, audio, video",
    "family": "model family as the source names it",
    "license": "license name",
    "description": "free text from the source",
    "hugging_face_id": "Hugging Face repo id",
    "status": "alpha, beta, deprecated, ... as the source says",
    "deprecation_date": "date the provider retires the model",
    "params_total": "total parameters (int)",
    "params_active": "active parameters per token (int, MoE)",
    "architecture": "e.g. Mixture of Experts, Dense decoder-only",
    "organization": "lab or organisation as the source names it",
    "accessibility": "open weights / API access / hosted access ... as the source says",
}

# Capabilities an importer may put in ModelRecord.capabilities (True / False; absent = unknown).
# A route's own rate limits (requests and tokens a minute): fields of an offer record that set
# only its route, never a model fact.
RATE_LIMITS = ("rpm", "tpm")

CAPABILITIES = {
    "reasoning": "a reasoning (thinking) mode",
    "function_calling": "the API returns function / tool calls the caller defines",
    "tool_choice": "the caller can force or pick the tool (tool_choice)",
    "parallel_function_calling": "several tool calls in one turn",
    "structured_outputs": "output constrained to a JSON schema",
    "vision": "image input",
    "pdf_input": "PDF input",
    "audio_input": "audio input",
    "audio_output": "audio output",
    "video_input": "video input",
    "attachments": "file attachments",
    "prompt_caching": "discounted cached prompt tokens",
    "web_search": "built-in web search",
    "computer_use": "drives a computer (screen, mouse, keyboard)",
    "code_execution": "runs code in a sandbox the provider hosts",
    "ide_integration": "ships in an IDE or coding agent product",
    "parallel_agents": "runs several agents in parallel",
    "temperature": "accepts a temperature parameter",
}


@dataclass(frozen=True, slots=True)
class Provenance:
    """Where a value came from: enough for a report to cite it."""

    source: str  # source id, as in data/raw/snapshots.csv (models.dev, litellm, ...)
    version: str  # upstream commit, package version or release
    as_of: str  # date the snapshot's data is current to (ISO)
    locator: str = ""  # file and key inside the snapshot
    url: str = ""  # public page for the value, when the source names one

    def cite(self) -> str:
        """ "source version, as of date" for a report's sources list."""
        version = f" {self.version}" if self.version else ""
        as_of = f", as of {self.as_of}" if self.as_of else ""
        return f"{self.source}{version}{as_of}"


@dataclass(frozen=True, slots=True)
class Snapshot:
    """A dated raw file (or .tar.gz tree) of one source, as listed in data/raw/snapshots.csv."""

    source: str
    path: Path
    version: str
    as_of: str

    def prov(self, locator: str, url: str = "") -> Provenance:
        """Provenance for a value found at ``locator`` inside this snapshot."""
        return Provenance(self.source, self.version, self.as_of, locator, url)


# Significant digits a source price keeps: more is the binary-float rendering of a shorter
# decimal (models.dev's ``2.9000000000000004``, LiteLLM's ``2.9999900000000002e-06``).
PRICE_DIGITS = 12
PEAK, OFF_PEAK = "peak", "off_peak"


def exact_price(value: float | int | str | Decimal) -> Decimal:
    """A source price as the decimal it was written as, float noise past PRICE_DIGITS removed."""
    number = value if isinstance(value, Decimal) else Decimal(str(value).strip())
    return Context(prec=PRICE_DIGITS).create_decimal(number).normalize()


@dataclass(frozen=True, slots=True)
class Price:
    """One price row of a route: per 1M tokens, from a date, for prompts above a tier start.

    Prices are held as the float nearest their exact decimal (``repr`` gives the decimal back):
    every price given is passed through :func:`exact_price` on construction.
    """

    input_mtok: float | None = None
    output_mtok: float | None = None
    cache_read_mtok: float | None = None
    cache_write_mtok: float | None = None
    reasoning_mtok: float | None = None
    input_audio_mtok: float | None = None
    output_audio_mtok: float | None = None
    batch_input_mtok: float | None = None
    batch_output_mtok: float | None = None
    effective_from: str = ""  # ISO date this price starts; "" = no start date
    tier_start: int = 0  # prompt tokens above which this row applies; 0 = base price
    # How a tier applies: "whole_request" = all tokens of a request whose prompt exceeds
    # tier_start are billed at this row; "above_threshold" = only the tokens above it.
    tier_basis: str = ""
    # Time-of-day prices: PEAK or OFF_PEAK, billed in the UTC hours ``hours_utc`` names
    # ("01:00-04:00, 06:00-10:00"); "" = the price all day.
    time_of_day: str = ""
    hours_utc: str = ""
    # The region or data zone the price is for ("eu", "us", "regional", "us-gov-west-1", ...);
    # "" = the global (or only) price. A regional price is its own route variant.
    region: str = ""

    def __post_init__(self) -> None:
        for f in fields(self):
            value = getattr(self, f.name)
            if f.name.endswith("_mtok") and value is not None:
                object.__setattr__(self, f.name, float(exact_price(value)))


@dataclass(frozen=True, slots=True)
class ModelRecord:
    """One source's description of a model, or of one provider's offer (route) of it."""

    source_model_id: str  # the id exactly as the source spells it
    name: str
    prov: Provenance
    provider: str = ""  # provider id as the source spells it; "" = not a provider offer
    lab: str = ""  # lab the source names (models.dev models/<lab>/, an org column, ...)
    base_model: str = ""  # canonical "<lab>/<model>" the source itself links to, if any
    fields: Mapping[str, object] = field(default_factory=dict)
    capabilities: Mapping[str, bool] = field(default_factory=dict)
    prices: tuple[Price, ...] = ()
    pricing_kind: str = ""  # "" (per token), "free", "subscription", as the source says


@dataclass(frozen=True, slots=True)
class BenchmarkScore:
    """One benchmark result for one model, as one source reports it."""

    model_name: str  # the model as the source names it (id or label)
    benchmark: str  # benchmark name, e.g. "SWE-Bench Verified"
    variant: str  # setting that changes the number (subset, effort, edit format); "" = none
    score: float
    unit: str  # "percent" (0-100), "index", "elo", "rating", "minutes", ...
    date: str  # ISO date of the result (or of the leaderboard release)
    self_reported: bool  # published by the model's maker
    prov: Provenance
    source_url: str = ""
    lab: str = ""  # lab/organisation the source names for the model, if any


def day(text: str) -> date:
    """The date an ISO ``YYYY-MM-DD`` names, or the first day of an ISO ``YYYY-MM``.

    ValueError for anything else (another form, or no such day).
    """
    if not _DAY_OR_MONTH.fullmatch(text):
        raise ValueError(f"not YYYY-MM-DD or YYYY-MM: {text!r}")
    return date.fromisoformat(text if len(text) > 7 else f"{text}-01")


def read_bytes(path: Path) -> bytes:
    """The bytes of a snapshot file, gunzipped when it ends in .gz."""
    data = Path(path).read_bytes()
    return gzip.decompress(data) if str(path).endswith(".gz") else data


def iter_tree(path: Path) -> Iterator[tuple[str, bytes]]:
    """(relative path, bytes) of every regular file in a directory or .tar.gz, sorted by path."""
    path = Path(path)
    if path.is_dir():
        for p in sorted(path.rglob("*")):
            if p.is_file():
                yield p.relative_to(path).as_posix(), p.read_bytes()
        return
    with tarfile.open(fileobj=io.BytesIO(path.read_bytes()), mode="r:gz") as tar:
        members = sorted((m for m in tar.getmembers() if m.isfile()), key=lambda m: m.name)
        for m in members:
            name = m.name[2:] if m.name.startswith("./") else m.name
            yield name, tar.extractfile(m).read()
