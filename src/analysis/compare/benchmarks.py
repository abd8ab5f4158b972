"""Benchmarks: shared scores side by side, the rest listed apart. Never averaged.

Two scores are shared when benchmark, variant and unit all match. Each model keeps its newest
score per benchmark, variant and source (see profile.py). For a shared benchmark the pair is
taken from the same source when both models have one there (one row per such source), else
each model's newest score is shown. Scores left out of a pair are listed apart. A higher score
is called better only for units where higher is better (percent, score, index).

A leaderboard that publishes releases (LiveBench) is shown at its newest release: for a shared
series the newest release both models are in, for the rest each model's newest; older releases
stay in the catalog.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import pandas as pd

from analysis.compare.display import FrameDisplay
from analysis.compare.profile import ModelProfile, Score

HIGHER_IS_BETTER = frozenset({"percent", "score", "index"})
RELEASE = re.compile(r",? ?release (\d{4}-\d{2}-\d{2})")


@dataclass(frozen=True)
class SharedScore:
    """One benchmark both models have a score on (same benchmark, variant and unit)."""

    a: Score
    b: Score

    @property
    def label(self) -> str:
        """The benchmark (and variant)."""
        return self.a.label

    @property
    def leader(self) -> str | None:
        """ "a" or "b" for the higher score where higher is better; None when equal or not comparable."""
        if self.a.unit not in HIGHER_IS_BETTER or self.a.value == self.b.value:
            return None
        return "a" if self.a.value > self.b.value else "b"


@dataclass(frozen=True)
class BenchmarkSection(FrameDisplay):
    """Shared scores side by side, and each model's other scores."""

    names: tuple[str, str]
    shared: tuple[SharedScore, ...]
    only_a: tuple[Score, ...]
    only_b: tuple[Score, ...]

    def to_frame(self) -> pd.DataFrame:
        """Shared benchmarks: both scores, dates, sources and the self-reported flags."""
        name_a, name_b = self.names
        records = [
            {
                "Benchmark": s.a.benchmark,
                "Variant": s.a.variant,
                name_a: s.a.cited.text,
                name_b: s.b.cited.text,
                f"{name_a} date": s.a.date,
                f"{name_b} date": s.b.date,
                f"{name_a} source": reported(s.a),
                f"{name_b} source": reported(s.b),
            }
            for s in self.shared
        ]
        columns = ["Benchmark", "Variant", name_a, name_b]
        columns += [f"{n} {c}" for c in ("date", "source") for n in self.names]
        return pd.DataFrame(records, columns=columns)

    def others_frame(self) -> pd.DataFrame:
        """Scores only one model has (or from a source the other lacks): model, benchmark, score."""
        records = [
            {
                "Model": name,
                "Benchmark": s.benchmark,
                "Variant": s.variant,
                "Score": s.cited.text,
                "Date": s.date,
                "Source": reported(s),
            }
            for name, scores in zip(self.names, (self.only_a, self.only_b), strict=True)
            for s in scores
        ]
        return pd.DataFrame(records, columns=["Model", "Benchmark", "Variant", "Score", "Date", "Source"])


def benchmarks_from(a: ModelProfile, b: ModelProfile, names: tuple[str, str]) -> BenchmarkSection:
    """Shared benchmarks (same benchmark, variant and unit) and the scores listed apart."""
    by_key_a, by_key_b = _by_key(a.scores), _by_key(b.scores)
    shared: list[SharedScore] = []
    for key in sorted(by_key_a.keys() & by_key_b.keys()):
        shared += pairs(by_key_a[key], by_key_b[key])
    shared = latest_release(shared, lambda pair: pair.a)
    used = {s for pair in shared for s in (pair.a, pair.b)}
    superseded = {series(pair.a) for pair in shared}
    only_a, only_b = (
        tuple(
            latest_release([s for s in scores if s not in used and series(s) not in superseded], lambda s: s)
        )
        for scores in (a.scores, b.scores)
    )
    return BenchmarkSection(names, tuple(shared), only_a, only_b)


def series(score: Score) -> tuple[str, str, str, str]:
    """A leaderboard series: benchmark, variant without its release, unit and source."""
    return (score.benchmark, RELEASE.sub("", score.variant), score.unit, score.provenance.source)


def latest_release(items: list, score_of) -> list:
    """Of items whose scores differ only in a leaderboard release, the newest release's."""
    newest: dict[tuple, tuple[str, int]] = {}
    for i, item in enumerate(items):
        s = score_of(item)
        release = m.group(1) if (m := RELEASE.search(s.variant)) else ""
        key = series(s)
        if key not in newest or release > newest[key][0]:
            newest[key] = (release, i)
    keep = {i for _, i in newest.values()}
    return [item for i, item in enumerate(items) if i in keep]


def pairs(scores_a: list[Score], scores_b: list[Score]) -> list[SharedScore]:
    """Scores of one benchmark paired by source; with no common source, the newest of each."""
    source_b = {s.provenance.source: s for s in scores_b}
    same = [
        SharedScore(s, source_b[s.provenance.source]) for s in scores_a if s.provenance.source in source_b
    ]
    return same or [SharedScore(newest(scores_a), newest(scores_b))]


def newest(scores: list[Score]) -> Score:
    """The newest of several sources' scores (by date, then source date, then source name)."""
    return max(scores, key=lambda s: (s.date, s.provenance.as_of, s.provenance.source))


def reported(score: Score) -> str:
    """The score's source, marked self-reported or independent when the source says."""
    who = {True: "self-reported", False: "independent", None: ""}[score.self_reported]
    cite = score.provenance.cite()
    return f"{cite} ({who})" if who else cite


def _by_key(scores: tuple[Score, ...]) -> dict[tuple[str, str, str], list[Score]]:
    out: dict[tuple[str, str, str], list[Score]] = {}
    for s in scores:
        out.setdefault(s.key, []).append(s)
    return out
