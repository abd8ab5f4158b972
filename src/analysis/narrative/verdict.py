"""The verdict on page one: what a reviewer pastes into a memo, built only from the comparison.

1. Cost: which model is cheaper at the scenario on its maker's own API, and on its best trusted
   route (maker, cloud, open-weights host, gateway at the maker's price), both numbers with the
   route named.
2. The three strongest reasons to choose each model: its weightiest tradeoff bullets, each in a
   few words (the tradeoffs section says them in full).
3. Blockers and risks (assembled in ``risks``, the one place for them): a cost that cannot be
   given, a critical capability one model has and the other lacks, Unknowns that matter, and
   conflicts between sources that would change the decision. Lifecycle warnings and due-diligence
   gaps join the list there.
4. What to verify before signing: the prices the costs rest on, the Unknowns, and the scenario.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from analysis.compare import PairComparison
from analysis.compare.capabilities import only_in, prose
from analysis.compare.due_diligence import vendor_questions
from analysis.compare.friction import CRITICAL
from analysis.compare.monthly_cost import ModelSpend, lower, spend
from analysis.compare.text import join_and, join_or, possessive, usd
from analysis.costs import RouteCost
from analysis.costs.cheapest import POLICY_WORDS

REASONS = 3
MAX_RISKS = 6
MAX_CHECKS = 5
LIMITS = (("context_window", "context window"), ("max_output", "max output"))


@dataclass(frozen=True)
class Verdict:
    """Page one: the cost answer on two bases, reasons for each model, risks, checks."""

    names: tuple[str, str]
    scenario: str
    maker: str  # which is cheaper on the makers' own APIs, both numbers and routes
    trusted: str  # which is cheaper on the best trusted routes, both numbers and routes
    basis: str  # the route policy the report's costs use, in words
    reasons: tuple[tuple[str, ...], tuple[str, ...]]  # the strongest reasons to choose A, B, in
    # a few words each (the tradeoffs section says them in full, with sources)
    risks: tuple[str, ...]
    verify: tuple[str, ...]

    def to_frame(self) -> pd.DataFrame:
        """Part and line, in reading order."""
        rows = [("Cost on the makers' APIs", self.maker), ("Cost on trusted routes", self.trusted)]
        rows.append(("Routes counted", self.basis))
        rows += [(f"Choose {n}", r) for n, rs in zip(self.names, self.reasons, strict=True) for r in rs]
        rows += [("Blocker or risk", r) for r in self.risks]
        rows += [("Verify before signing", v) for v in self.verify]
        return pd.DataFrame(rows, columns=["Part", "Line"])


def verdict(c: PairComparison) -> Verdict:
    """The verdict of a compared pair."""
    makers = (c.costs.maker_a, c.costs.maker_b)
    trusted = (trusted_spend(c, "a"), trusted_spend(c, "b"))
    return Verdict(
        names=c.names,
        scenario=c.title.scenario,
        maker=cost_line(c, makers, "on the makers' own APIs"),
        trusted=cost_line(c, trusted, "on the best trusted routes")
        if [s.route_id for s in trusted] != [s.route_id for s in makers]
        else "The best trusted routes are the makers' own APIs, so the same holds there.",
        reasons=tuple(
            tuple(f"{t.short}." for t in side[:REASONS]) for side in (c.tradeoffs.a, c.tradeoffs.b)
        ),
        basis=f"Costs are taken on {POLICY_WORDS[c.costs.comparison.a.policy.routes]}; resellers, consumer "
        "apps and free tiers are listed with their class, never chosen.",
        risks=risks(c)[:MAX_RISKS],
        verify=checks(c)[:MAX_CHECKS],
    )


def trusted_spend(c: PairComparison, side: str) -> ModelSpend:
    """The model's cost on its cheapest trusted route (whatever the report's route policy)."""
    cost = getattr(c.costs.comparison, side)
    route: RouteCost | None = cost.trusted_route
    priced = getattr(c.pricing, side)
    chosen = next((r for r in priced.routes if route and r.route.route_id == route.route_id), None)
    return spend(cost.model_id, chosen, "no trusted route with a complete price in the catalog")


def cost_line(c: PairComparison, spends: tuple[ModelSpend, ModelSpend], basis: str) -> str:
    """ "On the makers' own APIs GPT-5 is cheaper: $3,375.00 a month on OpenAI against …"."""
    cheaper = lower(*spends)
    a, b = (f"{s.monthly.text} a month on {s.provider}" for s in spends)
    if cheaper is None:
        missing = [n for n, s in zip(c.names, spends, strict=True) if not s.monthly.known]
        if missing:
            why = "; ".join(
                f"{n}: {s.unavailable_reason}"
                for n, s in zip(c.names, spends, strict=True)
                if not s.monthly.known
            )
            return f"{basis[:1].upper()}{basis[1:]} no comparison can be made ({why})."
        return f"{basis[:1].upper()}{basis[1:]} both cost {spends[0].monthly.text} a month ({a}; {b})."
    low, high = (0, 1) if cheaper == "a" else (1, 0)
    gap = usd(spends[high].monthly.value - spends[low].monthly.value)
    return (
        f"{basis[:1].upper()}{basis[1:]} {c.names[low]} is cheaper at this traffic: "
        f"{(a, b)[low]}, against {(a, b)[high]} for {c.names[high]}, {gap} a month less."
    )


def risks(c: PairComparison) -> tuple[str, ...]:
    """Blockers and risks, weightiest first: the one place the list is assembled. Due-diligence
    blockers include the lifecycle warnings (a maker route retired or retiring within 180 days)."""
    return (
        *cost_blockers(c),
        *(f"Prices: {w}." for w in c.costs.comparison.warnings),
        *c.due_diligence.blockers,
        *capability_gaps(c),
        *unknowns(c),
        *decisive_conflicts(c),
    )


def cost_blockers(c: PairComparison) -> list[str]:
    """A model whose cost cannot be given on the report's routes."""
    return [
        f"No cost for {n}: {s.unavailable_reason}."
        for n, s in zip(c.names, (c.costs.a, c.costs.b), strict=True)
        if not s.monthly.known
    ]


def capability_gaps(c: PairComparison) -> list[str]:
    """Critical capabilities (function calling, structured outputs, vision) only one model has."""
    out = []
    for side, other in (("a", "b"), ("b", "a")):
        lost = [x for x in only_in(c.capabilities, side, other) if x in CRITICAL]
        if lost:
            has, lacks = _name(c, side), _name(c, other)
            out.append(f"{lacks} does not support {join_and(map(prose, lost))}, which {has} does.")
    return out


def unknowns(c: PairComparison) -> list[str]:
    """Unknowns that matter: critical capabilities and token limits the catalog lacks."""
    out = []
    for side in ("a", "b"):
        caps = [x for x in CRITICAL if (row := c.capabilities.row(x)) and getattr(row, side).value is None]
        limits = [words for field, words in LIMITS if not getattr(c.specs.row(_spec(field)), side).known]
        missing = [*map(prose, caps), *limits]
        if missing:
            out.append(f"Unknown for {_name(c, side)}: {join_and(missing)} (the catalog has no value).")
    return out


def decisive_conflicts(c: PairComparison) -> list[str]:
    """Conflicts on a token limit where the value not used would change which model is larger,
    given by a model-level source or by the route file of a provider the costs are taken on (a
    route file sets only its own route's limits)."""
    out = []
    for field, words in LIMITS:
        row = c.specs.row(_spec(field))
        if not (row.a.known and row.b.known):
            continue
        used = {"a": row.a.value, "b": row.b.value}
        for note in c.sources.conflict_notes:
            if note.field != field or note.route_id:
                continue
            side = "a" if note.model_id == c.a else "b"
            other = "b" if side == "a" else "a"
            relevant = costing_providers(c, side)
            flips = [
                text
                for value, text, publishers in zip(note.values, note.others, note.publishers, strict=True)
                if _flips(value, used[side], used[other]) and relevant & set(publishers)
            ]
            if flips:
                out.append(
                    f"Sources disagree on {possessive(_name(c, side))} {words} ({join_or(flips)} against "
                    f"{note.chosen} used): the other value would change which model is larger."
                )
    return out


def costing_providers(c: PairComparison, side: str) -> set[str]:
    """The providers a model's costs are taken on (its chosen route and its maker's API), and ""
    for a source that is no route file."""
    pricing = getattr(c.pricing, side)
    own = pricing.first_party
    return {
        "",
        *(r.route.provider for r in pricing.routes if r.cheapest),
        *([own.route.provider] if own else []),
    }


def checks(c: PairComparison) -> tuple[str, ...]:
    """What to verify before signing, most important first."""
    out = []
    for side in ("a", "b"):
        s = getattr(c.costs, side)
        if s.monthly.known:
            out.append(
                f"{possessive(s.provider)} current prices for {_name(c, side)} ({s.input.text} input, "
                f"{s.output.text} output; from {s.monthly.cite()})."
            )
    for side in ("a", "b"):
        unknown_caps = [
            prose(r.capability) for r in c.capabilities.rows[:10] if getattr(r, side).value is None
        ]
        if unknown_caps:
            out.append(
                f"With the provider, what the catalog leaves Unknown for {_name(c, side)}: {join_and(unknown_caps)}."
            )
    out += vendor_questions(c.due_diligence)
    out.append(f"That the scenario matches your traffic: {c.title.scenario}.")
    return tuple(out)


def _flips(value: str, mine: int, theirs: int) -> bool:
    """Whether ``value`` in place of ``mine`` would change which of ``mine`` and ``theirs`` is larger."""
    try:
        other = float(value)
    except ValueError:
        return False
    return mine != theirs and other != theirs and (other > theirs) != (mine > theirs)


def _spec(field: str) -> str:
    return {"context_window": "Context window", "max_output": "Max output"}[field]


def _name(c: PairComparison, side: str) -> str:
    return c.names[0 if side == "a" else 1]
