"""Verdict, deep dive and FAQ text for a pair, generated from its comparison; and the whole analysis."""

from analysis.narrative.analysis import (
    PairAnalysis,
    analysis_of,
    pair_analysis,
)
from analysis.narrative.deep_dive import DeepDive
from analysis.narrative.faq import Faq, FaqEntry
from analysis.narrative.verdict import Verdict, verdict

__all__ = [
    "DeepDive",
    "Faq",
    "FaqEntry",
    "PairAnalysis",
    "Verdict",
    "analysis_of",
    "pair_analysis",
    "verdict",
]
