"""The FAQ: the questions users ask about a pair, each answered from its comparison, with the
facts behind the answer. Where the catalog lacks a value the answer says so. Switching is left to
its section (Switch friction), and each provider is named once.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from analysis.compare import PairComparison
from analysis.compare.cited import Cited
from analysis.compare.text import ratio, tokens
from analysis.narrative import sentences as say


@dataclass(frozen=True)
class FaqEntry:
    """One question, its answer, and the cited facts the answer rests on."""

    question: str
    answer: str
    facts: tuple[Cited, ...] = ()


@dataclass(frozen=True)
class Faq:
    """The FAQ entries, in order."""

    entries: tuple[FaqEntry, ...]

    def to_frame(self) -> pd.DataFrame:
        """Question, answer and the sources of its facts."""
        rows = [
            (e.question, e.answer, "; ".join(dict.fromkeys(f.cite() for f in e.facts if f.cite())))
            for e in self.entries
        ]
        return pd.DataFrame(rows, columns=["Question", "Answer", "Sources"])


def faq(c: PairComparison) -> Faq:
    """Every FAQ entry of a compared pair."""
    return Faq(
        (
            context(c),
            openness(c),
            capability(c, "reasoning", "a reasoning mode"),
            capability(c, "function_calling", "function calling"),
            capability(c, "tool_choice", "tool use"),
            where(c),
            cheaper(c),
            evidence(c),
        )
    )


def context(c: PairComparison) -> FaqEntry:
    """Which has the larger context window."""
    row = c.specs.row("Context window")
    a, b = row.a, row.b
    question = f"Which has the larger context window, {_pair(c, 'or')}?"
    if not (a.known and b.known):
        has = [f"{name}: {v.text}" for name, v in zip(c.names, (a, b), strict=True) if v.known]
        lacks = [name for name, v in zip(c.names, (a, b), strict=True) if not v.known]
        known = f" ({'; '.join(has)})" if has else ""
        answer = (
            f"The catalog does not have the context window of {' or '.join(lacks)}{known}, so it cannot say."
        )
        return FaqEntry(question, answer, (a, b))
    if a.value == b.value:
        return FaqEntry(question, f"Neither: both take {tokens(a.value)}.", (a, b))
    (big, x), (small, y) = sorted(zip(c.names, (a, b), strict=True), key=lambda p: -p[1].value)
    answer = f"{big}: {tokens(x.value)} against {y.value:,} for {small} ({ratio(x.value / y.value)})."
    return FaqEntry(question, answer, (a, b))


def openness(c: PairComparison) -> FaqEntry:
    """Whether either has open weights, and under which license."""
    question = f"Is {_pair(c, 'or')} open source?"
    rows = [c.specs.row(label) for label in ("Openness", "License")]
    answer = (
        f"{say.weights(c, 'a')}. {say.weights(c, 'b')}. "
        "Open weights can be downloaded and self-hosted; what may be done with them is set by the license."
    )
    return FaqEntry(question, answer, tuple(v for r in rows for v in (r.a, r.b)))


def capability(c: PairComparison, name: str, what: str) -> FaqEntry:
    """Whether each supports a capability."""
    row = c.capabilities.row(name)
    question = f"Does {_pair(c, 'or')} support {what}?"
    answer = say.capability_answer(c, name)
    if name == "tool_choice":
        answer += " Tool use here means the caller can force or pick the tool the model calls (tool_choice)."
    return FaqEntry(question, answer, (row.a, row.b) if row else ())


def where(c: PairComparison) -> FaqEntry:
    """Where each can be run."""
    question = f"Where can I run {_pair(c, 'and')}?"
    answer = f"{say.where_to_run(c, 'a')} {say.where_to_run(c, 'b')}"
    facts = tuple(
        Cited.of(r.route.route_id, r.route.provenance) for p in (c.pricing.a, c.pricing.b) for r in p.routes
    )
    return FaqEntry(question, answer, facts)


def cheaper(c: PairComparison) -> FaqEntry:
    """Which is cheaper at the scenario's traffic."""
    question = f"Which is cheaper at {say.traffic(c)}?"
    return FaqEntry(question, " ".join(say.cost(c)), (c.costs.a.monthly, c.costs.b.monthly))


def evidence(c: PairComparison) -> FaqEntry:
    """Which has more benchmark evidence."""
    question = f"Which has more benchmark evidence, {_pair(c, 'or')}?"
    bench = c.benchmarks
    facts = tuple(s.cited for s in (*bench.only_a, *bench.only_b)) + tuple(
        v for s in bench.shared for v in (s.a.cited, s.b.cited)
    )
    return FaqEntry(question, " ".join(say.evidence(c)), facts)


def _pair(c: PairComparison, conjunction: str) -> str:
    return f"{c.names[0]} {conjunction} {c.names[1]}"
