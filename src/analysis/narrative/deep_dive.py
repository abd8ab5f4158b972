"""The deep dive: a few paragraphs on what the sections do not already say, from the comparison.

1. What each model is: product type, release date, knowledge cutoff, limits.
2. Capabilities: what both support, what only one does, what the catalog does not say.
3. Cost beyond the headline: the maker's own API when the cost is taken elsewhere, cheaper
   routes the route policy leaves out (and why), and the break-evens.
4. Gaps: the key specs the catalog does not have.

The costs themselves (Monthly cost and the verdict), weights and licenses and benchmark evidence
(FAQ) and switch friction (its section) are said where they belong, not here.
"""

from __future__ import annotations

from dataclasses import dataclass

from analysis.compare import PairComparison
from analysis.narrative import sentences as say

KEY_SPECS = (
    "Released",
    "Knowledge cutoff",
    "Context window",
    "Max output",
    "Parameters (total)",
    "Parameters (active)",
    "Architecture",
    "License",
    "Openness",
    "Commercial use",
)


@dataclass(frozen=True)
class DeepDive:
    """The deep dive's paragraphs."""

    paragraphs: tuple[str, ...]

    @property
    def text(self) -> str:
        """The paragraphs separated by blank lines."""
        return "\n\n".join(self.paragraphs)


def deep_dive(c: PairComparison) -> DeepDive:
    """The deep dive of a compared pair (empty paragraphs left out)."""
    paragraphs = (overview(c), capabilities(c), cost(c), gaps(c))
    return DeepDive(tuple(p for p in paragraphs if p))


def overview(c: PairComparison) -> str:
    """Paragraph 1: what each model is."""
    return f"{say.identity(c, 'a')}. {say.identity(c, 'b')}. {say.limits(c, 'a')}; {say.limits(c, 'b')}."


def capabilities(c: PairComparison) -> str:
    """Paragraph 2: capabilities."""
    return " ".join(say.capability_split(c))


def cost(c: PairComparison) -> str:
    """Paragraph 3: cost beyond the headline numbers."""
    parts = [say.own_api(c, side) for side in "ab"] + [say.left_out(c, side) for side in "ab"]
    return " ".join(p for p in [*parts, *say.break_evens(c)] if p)


def gaps(c: PairComparison) -> str:
    """Paragraph 4: key specs the catalog lacks."""
    return " ".join(say.missing_specs(c, KEY_SPECS))
