"""Everything about a pair: every compare section plus the verdict, the deep dive and the FAQ."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, fields

from analysis.catalog import Catalog
from analysis.compare import (
    PairComparison,
    pair_comparison,
)
from analysis.compare.changes import Review
from analysis.costs import Scenario
from analysis.costs.policy import TRUSTED, RoutePolicy
from analysis.narrative.deep_dive import DeepDive, deep_dive
from analysis.narrative.faq import Faq, faq
from analysis.narrative.verdict import Verdict, verdict


@dataclass(frozen=True)
class PairAnalysis(PairComparison):
    """The whole report's content for one pair: every compare section, the deep dive and the FAQ."""

    deep_dive: DeepDive
    faq: Faq
    verdict: Verdict


def pair_analysis(
    catalog: Catalog,
    a: str,
    b: str,
    scenario: Scenario,
    *,
    policy: RoutePolicy = TRUSTED,
    since: Review | None = None,
    parameters: Mapping[str, object] | None = None,
    cost_detail: bool = True,
) -> PairAnalysis:
    """Every section of the pair, the deep dive and the FAQ.

    ``a`` and ``b`` may be ids, names or aliases. ``parameters`` go into the reproducibility
    stamp (default: both ids and the scenario). ``since`` (an earlier review) adds what changed
    since then. ``cost_detail`` adds the cost-vs-volume series and
    the prompt-size and cache break-evens (the slow part: they price the pair many times).
    """
    c = pair_comparison(
        catalog, a, b, scenario, policy=policy, since=since, parameters=parameters, cost_detail=cost_detail
    )
    return analysis_of(c)


def analysis_of(c: PairComparison) -> PairAnalysis:
    """A compared pair with its deep dive, FAQ and verdict."""
    sections = {f.name: getattr(c, f.name) for f in fields(c)}
    return PairAnalysis(**sections, deep_dive=deep_dive(c), faq=faq(c), verdict=verdict(c))
