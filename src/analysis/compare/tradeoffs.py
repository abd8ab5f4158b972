"""Decision tradeoffs: "Choose A when…" and "Choose B when…" bullets, each from facts by a rule.

At most MAX_BULLETS a side, ranked by their weight for the decision (WEIGHTS: a missing critical
capability first, then cost, context, open weights, benchmarks, …). For model X against model Y
(a rule gives no bullet when a value is unknown):

1. capability: capabilities X supports and Y is known not to (Yes vs No), in one bullet.
2. capability_unconfirmed: capabilities X supports and the catalog has no value for in Y.
   Rules 1-2 leave image, PDF, audio and video capabilities to rule 9 when both models'
   modalities are known.
3. context: X has the larger context window (with both sizes and the ratio).
4. max_output: X can write longer outputs (with both limits and the ratio).
5. cost: X costs less under the scenario (both monthly costs with their routes, and the ratio).
6. benchmark: X scores higher on headline shared benchmarks (by family, LiveBench by category:
   same benchmark, variant and unit, and a unit where higher is better), one bullet naming the
   best-known few; self-reported scores are marked.
7. open_weights: X's weights are open and Y's are closed (or not in the catalog): X can be
   self-hosted.
8. knowledge_cutoff: X's knowledge cutoff is later (compared to the precision both give).
9. modality: input or output modalities X has and Y lacks.
10. tags: decision-fit tags the catalog gives X and not Y.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import pandas as pd

from analysis.compare.benchmarks import BenchmarkSection, headline_label
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
from analysis.compare.monthly_cost import CostSection
from analysis.compare.profile import ModelProfile
from analysis.compare.text import join_and, modality, possessive, ratio, tokens

MAX_BULLETS = 6
BENCHMARKS_NAMED = 3
CRITICAL = ("function_calling", "structured_outputs", "vision")
MINOR_CAPABILITY = 32
SHORT_LIMITS = {"context": "Larger context window", "max_output": "Longer outputs"}
# rule → (what it is about, in words; weight for the decision: higher first)
WEIGHTS = {
    "capability": ("a capability the other lacks", 90),  # MINOR_CAPABILITY unless a critical one
    "cost": ("cost", 80),
    "context": ("context window", 70),
    "open_weights": ("open weights", 60),
    "benchmark": ("benchmarks", 50),
    "max_output": ("output length", 40),
    "modality": ("input and output kinds", 35),
    "capability_unconfirmed": ("a capability the other may lack", 30),
    "knowledge_cutoff": ("knowledge cutoff", 20),
    "tags": ("catalog tags", 10),
}


@dataclass(frozen=True)
class Tradeoff:
    """One "choose this model when…" bullet, the rule that made it and the facts behind it."""

    side: str  # "a" or "b"
    rule: str
    text: str
    facts: tuple[Cited, ...]
    weight: int = 0  # higher matters more for the decision
    short: str = ""  # the point in a few words, for the verdict ("Larger context window: …")

    @property
    def about(self) -> str:
        """What the bullet is about, in words ("cost", "context window", …)."""
        return WEIGHTS[self.rule][0]


@dataclass(frozen=True)
class Tradeoffs(FrameDisplay):
    """The bullets for choosing A and for choosing B."""

    names: tuple[str, str]
    a: tuple[Tradeoff, ...]
    b: tuple[Tradeoff, ...]

    def to_frame(self) -> pd.DataFrame:
        """Model, bullet, what it is about and the sources of its facts, strongest first."""
        records = [
            {
                "Choose": name,
                "When": t.text,
                "About": t.about,
                "Sources": "; ".join(dict.fromkeys(f.cite() for f in t.facts if f.cite())),
            }
            for name, bullets in zip(self.names, (self.a, self.b), strict=True)
            for t in bullets
        ]
        return pd.DataFrame(records, columns=["Choose", "When", "About", "Sources"])


@dataclass(frozen=True)
class _Side:
    """One direction of the comparison: model X (side) against model Y."""

    side: str
    other: str
    x: ModelProfile
    y: ModelProfile
    name: str
    other_name: str


def tradeoffs_from(
    a: ModelProfile,
    b: ModelProfile,
    names: tuple[str, str],
    capabilities: CapabilitySection,
    benchmarks: BenchmarkSection,
    costs: CostSection,
) -> Tradeoffs:
    """The tradeoff bullets for both models, by the rules in the module docstring, strongest first."""
    sides = (_Side("a", "b", a, b, *names), _Side("b", "a", b, a, *reversed(names)))
    bullets = [
        ranked(
            [
                *capability_bullets(s, capabilities),
                *limit_bullet(s, "context_window", "context", "has the larger context window"),
                *limit_bullet(s, "max_output", "max_output", "can write longer outputs"),
                *cost_bullet(s, costs),
                *benchmark_bullets(s, benchmarks),
                *open_weights_bullet(s),
                *cutoff_bullet(s),
                *modality_bullets(s),
                *tag_bullet(s),
            ]
        )
        for s in sides
    ]
    return Tradeoffs(names, *bullets)


def ranked(bullets: list[Tradeoff]) -> tuple[Tradeoff, ...]:
    """The MAX_BULLETS weightiest bullets, weightiest first (a stable sort keeps rule order on ties)."""
    weighed = [replace(t, weight=t.weight or WEIGHTS[t.rule][1]) for t in bullets]
    return tuple(sorted(weighed, key=lambda t: -t.weight)[:MAX_BULLETS])


def capability_bullets(s: _Side, section: CapabilitySection) -> list[Tradeoff]:
    """Rules 1-2: capabilities only X is known to support."""
    skip = modality_overlap(s.x, s.y)
    only = only_in(section, s.side, s.other, skip=skip)
    unconfirmed = unconfirmed_in(section, s.side, s.other, skip=skip)
    out = []
    if only:
        text = f"{s.name} supports {join_and(map(prose, only))}; {s.other_name} does not."
        weight = WEIGHTS["capability"][1] if set(only) & set(CRITICAL) else MINOR_CAPABILITY
        short = f"Has {join_and(map(prose, only))}, which {s.other_name} lacks"
        out.append(Tradeoff(s.side, "capability", text, facts_of(section, only), weight, short))
    if unconfirmed:
        text = (
            f"{s.name} supports {join_and(map(prose, unconfirmed))}; "
            f"the catalog does not say whether {s.other_name} does."
        )
        short = f"Has {join_and(map(prose, unconfirmed))}; unconfirmed for {s.other_name}"
        out.append(
            Tradeoff(s.side, "capability_unconfirmed", text, facts_of(section, unconfirmed), short=short)
        )
    return out


def limit_bullet(s: _Side, field: str, rule: str, claim: str) -> list[Tradeoff]:
    """Rules 3-4: X's larger token limit, with both sizes and the ratio."""
    x, y = s.x.field(field), s.y.field(field)
    if not (x.known and y.known) or x.value <= y.value:
        return []
    text = f"{s.name} {claim}: {tokens(x.value)} against {y.value:,} ({ratio(x.value / y.value)})."
    short = f"{SHORT_LIMITS[rule]}: {tokens(x.value)} against {y.value:,}"
    return [Tradeoff(s.side, rule, text, (x, y), short=short)]


def cost_bullet(s: _Side, costs: CostSection) -> list[Tradeoff]:
    """Rule 5: X costs less under the scenario."""
    if costs.cheaper != s.side:
        return []
    x, y = getattr(costs, s.side), getattr(costs, s.other)
    times = f", {ratio(costs.ratio.value)} less" if costs.ratio.known else ""
    text = (
        f"{s.name} costs less at this traffic: {x.monthly.text} a month on {x.provider} against "
        f"{y.monthly.text} for {s.other_name} on {y.provider}{times}."
    )
    short = (
        f"Costs less at this traffic; {s.other_name} costs {ratio(costs.ratio.value)} as much"
        if costs.ratio.known
        else "Costs less at this traffic"
    )
    return [Tradeoff(s.side, "cost", text, (x.monthly, y.monthly), short=short)]


def benchmark_bullets(s: _Side, section: BenchmarkSection) -> list[Tradeoff]:
    """Rule 6: the headline shared scores where X scores higher, the best-known few named."""
    headline = [pair for family in section.families for pair in family.headline]
    wins = [pair for pair in headline if pair.leader == s.side]
    if not wins:
        return []
    named = []
    for pair in wins[:BENCHMARKS_NAMED]:
        x, y = getattr(pair, s.side), getattr(pair, s.other)
        marks = [
            f"{possessive(n)} score self-reported"
            for n, sc in ((s.name, x), (s.other_name, y))
            if sc.self_reported
        ]
        note = f" ({' and '.join(marks)})" if marks else ""
        named.append(f"{headline_label(pair)}, {x.cited.text} against {y.cited.text}{note}")
    more = len(wins) - len(named)
    rest = f", and {more} more" if more else ""
    where = (
        "the one shared benchmark"
        if len(headline) == 1
        else f"{len(wins)} of {len(headline)} headline shared benchmarks"
    )
    text = f"{s.name} scores higher on {where}: {'; '.join(named)}{rest}."
    facts = tuple(c for pair in wins for c in (getattr(pair, s.side).cited, getattr(pair, s.other).cited))
    first = headline_label(wins[0])
    short = (
        f"Scores higher on {where}, {first}"
        if len(wins) == 1
        else f"Scores higher on {where}, among them {first}"
    )
    return [Tradeoff(s.side, "benchmark", text, facts, short=short)]


def open_weights_bullet(s: _Side) -> list[Tradeoff]:
    """Rule 7: X's weights are open and Y's are not (or not known to be)."""
    x, y = s.x.field("open_weights"), s.y.field("open_weights")
    if x.value is not True or y.value is True:
        return []
    license_ = s.x.field("license")
    under = f" under {license_.text}" if license_.known else ""
    other = (
        f"{possessive(s.other_name)} are closed"
        if y.known
        else f"the catalog does not say whether {possessive(s.other_name)} are open"
    )
    text = f"{s.name} has open weights{under}, so it can be self-hosted; {other}."
    short = f"Open weights{under}: it can be self-hosted"
    return [Tradeoff(s.side, "open_weights", text, (x, y, license_), short=short)]


def cutoff_bullet(s: _Side) -> list[Tradeoff]:
    """Rule 8: X's knowledge cutoff is later."""
    x, y = s.x.field("knowledge_cutoff"), s.y.field("knowledge_cutoff")
    if not later(x, y):
        return []
    text = f"{s.name} has the later knowledge cutoff: {x.text} against {y.text}."
    short = f"Later knowledge cutoff: {x.text} against {y.text}"
    return [Tradeoff(s.side, "knowledge_cutoff", text, (x, y), short=short)]


def later(x: Cited, y: Cited) -> bool:
    """Whether date ``x`` is later than ``y`` at the precision both give ("2025-08-31" > "2025-01")."""
    if not (x.known and y.known):
        return False
    n = min(len(x.value), len(y.value))
    return x.value[:n] > y.value[:n]


def modality_bullets(s: _Side) -> list[Tradeoff]:
    """Rule 9: input and output modalities X has and Y lacks."""
    out = []
    for field, verb in (("input_modalities", "accepts"), ("output_modalities", "can produce")):
        x, y = s.x.field(field), s.y.field(field)
        if not (x.known and y.known):
            continue
        extra = [m for m in x.value if m not in y.value]
        if extra:
            kind = field.split("_")[0]
            text = (
                f"{s.name} {verb} {join_and(modality(m) for m in extra)} {kind}; "
                f"{possessive(s.other_name)} {kind} is {join_and(map(modality, y.value))} only."
            )
            short = f"{verb.capitalize()} {join_and(modality(m) for m in extra)} {kind}"
            out.append(Tradeoff(s.side, "modality", text, (x, y), short=short))
    return out


def tag_bullet(s: _Side) -> list[Tradeoff]:
    """Rule 10: decision-fit tags X has and Y does not."""
    x, y = s.x.field("tags"), s.y.field("tags")
    if not x.known:
        return []
    extra = [t for t in x.value if t not in (y.value or ())]
    if not extra:
        return []
    text = f"The catalog's decision-fit tags give {s.name} {join_and(extra)}, which {s.other_name} lacks."
    short = f"Catalog tags {join_and(extra)}, which {s.other_name} lacks"
    return [Tradeoff(s.side, "tags", text, (x, y), short=short)]
