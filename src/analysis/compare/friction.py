"""Switch friction, in each direction: what moving traffic from one model to the other costs.

Each reason is a plain sentence with the numbers, the facts behind it, and a severity. The
friction level is the highest severity among the reasons:

- high: the target is known to lack function calling, structured outputs or vision (image
  input) that the source has; or its context window is less than half the source's.
- medium: no provider serves both models (new SDK, API key and bill); the target is known to
  lack any other capability, input or output modality the source has; its context window is
  smaller (by half or less) or its max output is smaller; or the catalog has no value for the
  target on a capability or limit the source has (verify before switching).
- low: a provider serves both (same SDK and bill: change the model id) and nothing is lost.
  Capabilities the target adds are listed as information and never raise the level.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from analysis.compare.capabilities import (
    CapabilitySection,
    facts_of,
    modality_overlap,
    only_in,
    prose,
    unconfirmed_in,
)
from analysis.compare.cited import Cited
from analysis.compare.display import FrameDisplay
from analysis.compare.pricing import shared_providers
from analysis.compare.profile import ModelProfile
from analysis.compare.text import join_and, join_or, modality, plural, possessive, tokens

LEVELS = ("low", "medium", "high")
INFO = "info"
CRITICAL = ("function_calling", "structured_outputs", "vision")
PROVIDERS_NAMED = 4


@dataclass(frozen=True)
class Reason:
    """One reason behind a friction level: a sentence, its severity and its facts."""

    text: str
    severity: str  # "high", "medium", "low" or "info"
    facts: tuple[Cited, ...] = ()


@dataclass(frozen=True)
class Friction:
    """Moving from ``source`` to ``target``: level, reasons, shared providers, capability changes."""

    source: str  # model id
    target: str
    source_name: str
    target_name: str
    level: str  # "low", "medium" or "high"
    reasons: tuple[Reason, ...]
    shared_providers: tuple[str, ...]
    lost: tuple[str, ...]  # capability ids the target is known to lack
    gained: tuple[str, ...]  # capability ids the target adds
    unverified: tuple[str, ...]  # capability ids the catalog has no target value for

    @property
    def title(self) -> str:
        """ "A → B"."""
        return f"{self.source_name} → {self.target_name}"


@dataclass(frozen=True)
class FrictionSection(FrameDisplay):
    """Friction in both directions."""

    a_to_b: Friction
    b_to_a: Friction

    def to_frame(self) -> pd.DataFrame:
        """Direction, level, severity and reason, one row per reason."""
        records = [
            {"Switch": f.title, "Level": f.level, "Severity": r.severity, "Reason": r.text}
            for f in (self.a_to_b, self.b_to_a)
            for r in f.reasons
        ]
        return pd.DataFrame(records, columns=["Switch", "Level", "Severity", "Reason"])


def friction_from(
    a: ModelProfile, b: ModelProfile, names: tuple[str, str], capabilities: CapabilitySection
) -> FrictionSection:
    """Friction from A to B and from B to A."""
    return FrictionSection(
        friction(a, b, names, capabilities, "a", "b"),
        friction(b, a, tuple(reversed(names)), capabilities, "b", "a", first=False),
    )


def friction(
    source: ModelProfile,
    target: ModelProfile,
    names: tuple[str, str],
    capabilities: CapabilitySection,
    source_side: str,
    target_side: str,
    first: bool = True,
) -> Friction:
    """Friction of moving from ``source`` to ``target`` by the rules in the module docstring."""
    skip = modality_overlap(source, target)
    lost = only_in(capabilities, source_side, target_side, skip=skip)
    gained = only_in(capabilities, target_side, source_side, skip=skip)
    unverified = unconfirmed_in(capabilities, source_side, target_side, skip=skip)
    shared = shared_providers(source, target)
    reasons = [
        provider_reason(source, target, names, shared, first),
        *lost_reasons(lost, names, capabilities),
        *unverified_reasons(unverified, names, capabilities),
        *limit_reasons(source, target, names),
        *modality_reasons(source, target, names),
        *gained_reasons(gained, names, capabilities),
    ]
    ranked = [LEVELS.index(r.severity) for r in reasons if r.severity in LEVELS]
    return Friction(
        source=source.model_id,
        target=target.model_id,
        source_name=names[0],
        target_name=names[1],
        level=LEVELS[max(ranked)],
        reasons=tuple(reasons),
        shared_providers=shared,
        lost=tuple(lost),
        gained=tuple(gained),
        unverified=tuple(unverified),
    )


def provider_reason(
    source: ModelProfile, target: ModelProfile, names: tuple[str, str], shared: tuple[str, ...], first: bool
) -> Reason:
    """Low with a shared provider (same SDK and bill), medium without one. The providers are
    named in the first direction only; the second says it in a few words."""
    facts = (Cited.of(len(source.routes), source.catalog), Cited.of(len(target.routes), target.catalog))
    if shared and not first:
        who = "The same provider serves" if len(shared) == 1 else f"The same {len(shared)} providers serve"
        text = f"{who} both models: a change of model id there."
        return Reason(text, "low", facts)
    if shared:
        more = len(shared) - PROVIDERS_NAMED
        named = join_and([*shared[:PROVIDERS_NAMED], f"{more} more"] if more > 0 else shared)
        text = (
            f"{named} {'serves' if len(shared) == 1 else 'serve'} both models: "
            "the same SDK, API key and bill, so the switch is a change of model id there."
        )
        return Reason(text, "low", facts)
    if not first:
        return Reason("No provider serves both models this way either.", "medium", facts)
    text = (
        f"No provider in the catalog serves both models ({names[0]}: {plural(len(source.routes), 'route')}, "
        f"{names[1]}: {plural(len(target.routes), 'route')}): plan for a new SDK or endpoint, API key and bill."
    )
    return Reason(text, "medium", facts)


def lost_reasons(lost: list[str], names: tuple[str, str], capabilities: CapabilitySection) -> list[Reason]:
    """High for each critical capability lost; one medium reason for the others."""
    critical = [c for c in lost if c in CRITICAL]
    other = [c for c in lost if c not in CRITICAL]
    reasons = [
        Reason(
            f"{names[1]} does not support {prose(c)}, which {names[0]} does: "
            "code that relies on it must change.",
            "high",
            facts_of(capabilities, [c]),
        )
        for c in critical
    ]
    if other:
        text = f"{names[1]} does not support {join_and(map(prose, other))}, which {names[0]} does."
        reasons.append(Reason(text, "medium", facts_of(capabilities, other)))
    return reasons


def unverified_reasons(
    unverified: list[str], names: tuple[str, str], capabilities: CapabilitySection
) -> list[Reason]:
    """Medium when the catalog has no target value for a capability the source has."""
    if not unverified:
        return []
    text = (
        f"The catalog does not say whether {names[1]} supports {join_or(map(prose, unverified))}, "
        f"which {names[0]} does: verify before switching."
    )
    return [Reason(text, "medium", facts_of(capabilities, unverified))]


def limit_reasons(source: ModelProfile, target: ModelProfile, names: tuple[str, str]) -> list[Reason]:
    """Context and max output: shrink (context by more than half is high) or unknown."""
    reasons = []
    for field, what in (("context_window", "context window"), ("max_output", "max output")):
        s, t = source.field(field), target.field(field)
        if not s.known:
            continue
        if not t.known:
            text = f"{possessive(names[1])} {what} is not in the catalog ({names[0]}: {tokens(s.value)})."
            reasons.append(Reason(text, "medium", (s, t)))
        elif t.value < s.value:
            smaller = 1 - t.value / s.value
            severity = "high" if field == "context_window" and t.value * 2 < s.value else "medium"
            text = f"The {what} shrinks from {tokens(s.value)} to {t.value:,} ({smaller:.0%} smaller)" + (
                f": prompts over {t.value:,} tokens will not fit." if field == "context_window" else "."
            )
            reasons.append(Reason(text, severity, (s, t)))
    return reasons


def modality_reasons(source: ModelProfile, target: ModelProfile, names: tuple[str, str]) -> list[Reason]:
    """Input or output modalities the target lacks (image input is high: it is vision)."""
    reasons = []
    for field, verb, kind in (
        ("input_modalities", "take", "input"),
        ("output_modalities", "produce", "output"),
    ):
        s, t = source.field(field), target.field(field)
        if not (s.known and t.known):
            continue
        lost = [m for m in s.value if m not in t.value]
        if lost:
            severity = "high" if kind == "input" and "image" in lost else "medium"
            text = f"{names[1]} does not {verb} {join_or(map(modality, lost))} {kind}, which {names[0]} does."
            reasons.append(Reason(text, severity, (s, t)))
    return reasons


def gained_reasons(
    gained: list[str], names: tuple[str, str], capabilities: CapabilitySection
) -> list[Reason]:
    """Information: capabilities the target adds."""
    if not gained:
        return []
    text = f"{names[1]} adds {join_and(map(prose, gained))}."
    return [Reason(text, INFO, facts_of(capabilities, gained))]
