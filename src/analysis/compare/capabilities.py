"""Capabilities side by side: Yes / No / Unknown with the source of each, and their differences.

The ten capabilities users ask about come first, always shown (Unknown when the catalog has no
value); then every other capability either model has a value for. "Tool use" is the catalog's
``tool_choice``: the caller can force or pick the tool the model calls.
"""

from __future__ import annotations

from dataclasses import dataclass

from analysis.compare.cited import Cited, Row
from analysis.compare.display import RowsDisplay
from analysis.compare.profile import ModelProfile

# id → (label, what a Yes means). The first ten are always shown, in this order.
CAPABILITIES: dict[str, tuple[str, str]] = {
    "vision": ("Vision", "takes image input"),
    "multimodal": ("Multimodal", "takes input beyond text (image, PDF, audio or video)"),
    "reasoning": ("Reasoning", "has a reasoning (thinking) mode"),
    "function_calling": ("Function calling", "returns calls to functions the caller defines"),
    "tool_choice": ("Tool use", "the caller can force or pick the tool it calls (tool_choice)"),
    "structured_outputs": ("Structured outputs", "output constrained to a JSON schema"),
    "code_execution": ("Code execution", "runs code in a sandbox the provider hosts"),
    "ide_integration": ("IDE integration", "ships in an IDE or coding-agent product"),
    "computer_use": ("Computer use", "drives a computer (screen, mouse, keyboard)"),
    "parallel_agents": ("Parallel agents", "runs several agents in parallel"),
    "parallel_function_calling": ("Parallel function calls", "several tool calls in one turn"),
    "pdf_input": ("PDF input", "takes PDF files as input"),
    "audio_input": ("Audio input", "takes audio input"),
    "video_input": ("Video input", "takes video input"),
    "audio_output": ("Audio output", "produces audio"),
    "attachments": ("Attachments", "accepts file attachments"),
    "prompt_caching": ("Prompt caching", "bills cached prompt tokens at a discount"),
    "web_search": ("Web search", "has built-in web search"),
    "temperature": ("Temperature", "accepts a temperature parameter"),
}
ALWAYS_SHOWN = tuple(CAPABILITIES)[:10]
# Capabilities that restate a modality; tradeoffs and friction leave them to the modality rules
# when both models' modalities are known.
MODALITY_CAPABILITIES = frozenset(
    {"vision", "multimodal", "pdf_input", "audio_input", "video_input", "audio_output"}
)
_ACRONYMS = ("IDE", "PDF")
_PROSE = {
    "multimodal": "multimodal input",
    "tool_choice": "tool use (tool_choice)",
    "temperature": "a temperature setting",
}


@dataclass(frozen=True)
class CapabilityRow(Row):
    """One capability: its id and meaning, and each model's Yes / No / Unknown."""

    capability: str = ""
    meaning: str = ""


@dataclass(frozen=True)
class CapabilitySection(RowsDisplay):
    """Every capability shown for the pair, the ten named ones first; ``row`` takes a capability id
    (None when neither model has it and it is not always shown)."""

    names: tuple[str, str]
    rows: tuple[CapabilityRow, ...]
    label_column = "Capability"
    row_key = "capability"


def capabilities_from(a: ModelProfile, b: ModelProfile, names: tuple[str, str]) -> CapabilitySection:
    """The capabilities of two models, Unknown where the catalog has no value."""
    present = set(a.capabilities) | set(b.capabilities)
    ids = [*ALWAYS_SHOWN, *(c for c in CAPABILITIES if c in present and c not in ALWAYS_SHOWN)]
    ids += sorted(present - set(CAPABILITIES))
    rows = tuple(CapabilityRow(label(c), a.capability(c), b.capability(c), c, meaning(c)) for c in ids)
    return CapabilitySection(names, rows)


def label(capability: str) -> str:
    """The table label of a capability ("Tool use" for tool_choice)."""
    return CAPABILITIES.get(capability, (capability.replace("_", " ").capitalize(), ""))[0]


def meaning(capability: str) -> str:
    """What a Yes means, in a few words."""
    return CAPABILITIES.get(capability, ("", ""))[1]


def prose(capability: str) -> str:
    """The label inside a sentence: "structured outputs", "IDE integration", "tool use (tool_choice)"."""
    if capability in _PROSE:
        return _PROSE[capability]
    text = label(capability)
    return text if text.startswith(_ACRONYMS) else text[0].lower() + text[1:]


def only_in(
    section: CapabilitySection, has: str, lacks: str, *, skip: frozenset[str] = frozenset()
) -> list[str]:
    """Capabilities model ``has`` ("a" or "b") supports and model ``lacks`` is known not to."""
    return _supported_where(section, has, lacks, False, skip)


def unconfirmed_in(
    section: CapabilitySection, has: str, unknown_in: str, *, skip: frozenset[str] = frozenset()
) -> list[str]:
    """Capabilities model ``has`` supports and the catalog has no value for in ``unknown_in``."""
    return _supported_where(section, has, unknown_in, None, skip)


def _supported_where(
    section: CapabilitySection, has: str, other: str, other_value: bool | None, skip: frozenset[str]
) -> list[str]:
    """Capabilities model ``has`` supports whose value in model ``other`` is ``other_value``."""
    return [
        r.capability
        for r in section.rows
        if r.capability not in skip and _value(r, has) is True and _value(r, other) is other_value
    ]


def modality_overlap(a: ModelProfile, b: ModelProfile) -> frozenset[str]:
    """The capabilities the modality rules already cover for this pair (both modalities known)."""
    fields = ("input_modalities", "output_modalities")
    known = all(p.field(f).known for p in (a, b) for f in fields)
    return MODALITY_CAPABILITIES if known else frozenset()


def facts_of(section: CapabilitySection, capabilities: list[str]) -> tuple[Cited, ...]:
    """Both models' cited values of the given capabilities (the facts behind a bullet)."""
    rows = [section.row(c) for c in capabilities]
    return tuple(v for r in rows if r is not None for v in (r.a, r.b))


def _value(row: CapabilityRow, side: str) -> bool | None:
    return getattr(row, side).value
