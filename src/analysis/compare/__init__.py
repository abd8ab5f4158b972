"""Two models compared, section by section: every value carries its source and date.

``pair_comparison`` returns every section; ``PairSections`` builds them one by one, on demand.
Results are frozen dataclasses; each section has ``to_frame()`` for display. Unknown values are
explicit ("Unknown").
"""

from analysis.compare.benchmarks import BenchmarkSection, Family, SharedScore
from analysis.compare.capabilities import CapabilityRow, CapabilitySection
from analysis.compare.cited import Cited, Row
from analysis.compare.conflicts import ConflictNote
from analysis.compare.friction import Friction, FrictionSection, Reason
from analysis.compare.monthly_cost import CostSection, ModelSpend
from analysis.compare.pair import (
    PairComparison,
    PairSections,
    pair_comparison,
)
from analysis.compare.pricing import ModelPricing, PricingSection, RoutePrice
from analysis.compare.profile import Conflict, ModelProfile, Route, Score, model_profile
from analysis.compare.scorecard import Scorecard
from analysis.compare.sources import SourceEntry, SourcesSection, Stamp
from analysis.compare.specs import SpecsSection
from analysis.compare.title import Title
from analysis.compare.tradeoffs import Tradeoff, Tradeoffs

__all__ = [
    "BenchmarkSection",
    "CapabilityRow",
    "CapabilitySection",
    "Cited",
    "Conflict",
    "ConflictNote",
    "CostSection",
    "Family",
    "Friction",
    "FrictionSection",
    "ModelPricing",
    "ModelProfile",
    "ModelSpend",
    "PairComparison",
    "PairSections",
    "PricingSection",
    "Reason",
    "Route",
    "RoutePrice",
    "Row",
    "Score",
    "Scorecard",
    "SharedScore",
    "SourceEntry",
    "SourcesSection",
    "SpecsSection",
    "Stamp",
    "Title",
    "Tradeoff",
    "Tradeoffs",
    "model_profile",
    "pair_comparison",
]
