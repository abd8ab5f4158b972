"""A pair of models compared: every section, each built once from the two models' profiles.

``pair_comparison`` returns all sections; the ``*_section`` functions return one each (the
notebook calls one per section). Model names are resolved with the catalog, so ids, names and
aliases all work.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import cached_property

from analysis.catalog import Catalog, resolve
from analysis.compare.benchmarks import BenchmarkSection, benchmarks_from, models_scored
from analysis.compare.capabilities import CapabilitySection, capabilities_from
from analysis.compare.changes import ChangesSince, Review, changes_since, pair_record
from analysis.compare.due_diligence import DueDiligenceSection, due_diligence_from
from analysis.compare.friction import FrictionSection, friction_from
from analysis.compare.monthly_cost import CostSection, costs_from
from analysis.compare.pricing import PricingSection, pricing_from
from analysis.compare.profile import ModelProfile, model_profile
from analysis.compare.scorecard import Scorecard, scorecard_from
from analysis.compare.sources import SourcesSection, default_parameters, sources_from
from analysis.compare.specs import SpecsSection, specs_from
from analysis.compare.title import Title, display_names, title_from
from analysis.compare.tradeoffs import Tradeoffs, tradeoffs_from
from analysis.costs import CostComparison, Scenario, cost_comparison
from analysis.costs.policy import TRUSTED, RoutePolicy
from analysis.errors import ParameterError


@dataclass(frozen=True)
class PairComparison:
    """Every compare section of a pair under one scenario."""

    a: str  # model id
    b: str
    names: tuple[str, str]
    scenario: Scenario
    title: Title
    scorecard: Scorecard
    tradeoffs: Tradeoffs
    costs: CostSection
    friction: FrictionSection
    specs: SpecsSection
    pricing: PricingSection
    capabilities: CapabilitySection
    benchmarks: BenchmarkSection
    sources: SourcesSection
    due_diligence: DueDiligenceSection
    review: dict  # the pair's catalog rows, kept so a later report can say what changed
    changes_since: ChangesSince | None  # what changed since an earlier review (None: none given)


class PairSections:
    """The sections of one pair, each built on first use from the ones it needs."""

    def __init__(
        self,
        catalog: Catalog,
        a: str,
        b: str,
        scenario: Scenario,
        *,
        policy: RoutePolicy = TRUSTED,
        since: Review | None = None,
        parameters: Mapping[str, object] | None = None,
        cost_detail: bool = True,
    ) -> None:
        self.catalog = catalog
        self.a, self.b = resolve(a, catalog), resolve(b, catalog)
        if self.a == self.b:
            raise ParameterError(
                f"a = {a!r} and b = {b!r} are the same model ({self.a}); expected two models"
            )
        self.scenario = scenario
        self.policy = policy
        self.since = since
        self.parameters = (
            parameters if parameters is not None else default_parameters(self.a, self.b, scenario)
        )
        self.cost_detail = cost_detail

    @cached_property
    def profiles(self) -> tuple[ModelProfile, ModelProfile]:
        """Both models' profiles (cached per catalog)."""
        return model_profile(self.catalog, self.a), model_profile(self.catalog, self.b)

    @cached_property
    def names(self) -> tuple[str, str]:
        """The models' display names."""
        return display_names(*self.profiles)

    @cached_property
    def comparison(self) -> CostComparison:
        """Both models' costs under the scenario (costs.cost_comparison)."""
        return cost_comparison(self.catalog, self.a, self.b, self.scenario, self.policy)

    @cached_property
    def title(self) -> Title:
        return title_from(*self.profiles, self.names, self.scenario.describe())

    @cached_property
    def capabilities(self) -> CapabilitySection:
        return capabilities_from(*self.profiles, self.names)

    @cached_property
    def benchmarks(self) -> BenchmarkSection:
        return benchmarks_from(*self.profiles, self.names, models_scored(self.catalog))

    @cached_property
    def specs(self) -> SpecsSection:
        return specs_from(*self.profiles, self.names)

    @cached_property
    def pricing(self) -> PricingSection:
        costs = (self.comparison.a, self.comparison.b)
        return pricing_from(self.catalog, self.profiles, costs, self.names)

    @cached_property
    def costs(self) -> CostSection:
        pricing = (self.pricing.a, self.pricing.b)
        return costs_from(self.catalog, self.comparison, pricing, self.names, detail=self.cost_detail)

    @cached_property
    def scorecard(self) -> Scorecard:
        return scorecard_from(*self.profiles, self.pricing, self.benchmarks)

    @cached_property
    def tradeoffs(self) -> Tradeoffs:
        return tradeoffs_from(*self.profiles, self.names, self.capabilities, self.benchmarks, self.costs)

    @cached_property
    def friction(self) -> FrictionSection:
        return friction_from(*self.profiles, self.names, self.capabilities)

    @cached_property
    def due_diligence(self) -> DueDiligenceSection:
        costs = (self.comparison.a, self.comparison.b)
        return due_diligence_from(self.catalog, self.profiles, costs, self.names, self.policy)

    @cached_property
    def review(self) -> dict:
        return pair_record(self.catalog, (self.a, self.b))

    @cached_property
    def changes_since(self) -> ChangesSince | None:
        if self.since is None:
            return None
        return changes_since(self.since, self.catalog, self.scenario, self.policy)

    @cached_property
    def sources(self) -> SourcesSection:
        cited = self.due_diligence.cited
        return sources_from(self.catalog, self.profiles, self.comparison, self.parameters, self.names, cited)

    def pair_comparison(self) -> PairComparison:
        """Every section."""
        return PairComparison(
            a=self.a,
            b=self.b,
            names=self.names,
            scenario=self.scenario,
            title=self.title,
            scorecard=self.scorecard,
            tradeoffs=self.tradeoffs,
            costs=self.costs,
            friction=self.friction,
            specs=self.specs,
            pricing=self.pricing,
            capabilities=self.capabilities,
            benchmarks=self.benchmarks,
            sources=self.sources,
            due_diligence=self.due_diligence,
            review=self.review,
            changes_since=self.changes_since,
        )


def pair_comparison(
    catalog: Catalog,
    a: str,
    b: str,
    scenario: Scenario,
    *,
    policy: RoutePolicy = TRUSTED,
    since: Review | None = None,
    parameters: Mapping[str, object] | None = None,
    cost_detail: bool = True,
) -> PairComparison:
    """Every compare section of the pair. ``cost_detail`` adds the volume series and break-evens."""
    return PairSections(
        catalog, a, b, scenario, policy=policy, since=since, parameters=parameters, cost_detail=cost_detail
    ).pair_comparison()
