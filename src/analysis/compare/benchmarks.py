"""Benchmarks: shared scores side by side, the rest listed apart. Never averaged.

Two scores are shared when benchmark, variant and unit all match. Each model keeps its newest
score per benchmark, variant and source (see profile.py). For a shared benchmark the pair is
taken from the same source when both models have one there (one row per such source), else
each model's newest score is shown. Scores left out of a pair are listed apart. A higher score
is called better only for units where higher is better (percent, score, index).

A leaderboard that publishes releases (LiveBench) is shown at its newest release: for a shared
series the newest release both models are in, for the rest each model's newest; older releases
stay in the catalog.

For the report's body the scores are grouped by family (the benchmark; LiveBench by category,
its per-task scores left to the full list), best-known first: the family with scores for the
most models in the catalog. Each family shows one headline variant (LiveBench: each category).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import pandas as pd

from analysis.compare.cited import without_empty_columns
from analysis.compare.display import FrameDisplay
from analysis.compare.profile import ModelProfile, Score
from analysis.compare.text import plural, variant_text

HIGHER_IS_BETTER = frozenset({"percent", "score", "index"})
RELEASE = re.compile(r",? ?release (\d{4}-\d{2}-\d{2})")
LIVEBENCH_TASK = "task "
FAMILIES_NAMED = 5  # best-known families named in a summary sentence


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
class Family:
    """A benchmark's shared scores: the headline ones (LiveBench: one per category) and the rest."""

    name: str
    models_scored: int  # models in the catalog with a score on it (how well known it is)
    headline: tuple[SharedScore, ...]
    more: int  # other shared variants, listed in full only


@dataclass(frozen=True)
class BenchmarkSection(FrameDisplay):
    """Shared scores side by side, and each model's other scores."""

    names: tuple[str, str]
    shared: tuple[SharedScore, ...]
    only_a: tuple[Score, ...]
    only_b: tuple[Score, ...]
    families: tuple[Family, ...] = ()  # shared scores by family, best-known first
    known: dict = field(default_factory=dict, compare=False, repr=False)  # benchmark → models scored

    def summary_frame(self) -> pd.DataFrame:
        """The body's table: each family's headline shared scores, best-known family first."""
        name_a, name_b = self.names
        records = [
            {
                "Benchmark": f.name,
                "Variant": variant_text(s.a.variant),
                name_a: s.a.cited.text,
                name_b: s.b.cited.text,
                "Other variants": f"{f.more} more" if f.more and s is f.headline[-1] else "",
            }
            for f in self.families
            for s in f.headline
        ]
        columns = ["Benchmark", "Variant", name_a, name_b, "Other variants"]
        return without_empty_columns(pd.DataFrame(records, columns=columns))

    def only_summary(self, side: str) -> str:
        """ "GPT-5 also has 180 scores Claude Sonnet 4.5 has no match for, on 53 benchmarks; the
        best-known with no shared score: …" ("" when it has none)."""
        scores = self.only_a if side == "a" else self.only_b
        if not scores:
            return ""
        name, other = self.names if side == "a" else tuple(reversed(self.names))
        shared = {f.name for f in self.families}
        benchmarks = {s.benchmark for s in scores}
        apart = sorted(benchmarks - shared, key=lambda b: (-self.known.get(b, 0), b))
        text = (
            f"{name} also has {plural(len(scores), 'score')} {other} has no match for, "
            f"on {plural(len(benchmarks), 'benchmark')}"
        )
        if apart:
            best = ", ".join(apart[:FAMILIES_NAMED])
            text += f"; the best-known with no shared score: {best}"
        return text + "."

    def to_frame(self) -> pd.DataFrame:
        """Shared benchmarks: both scores, dates, sources and the self-reported flags."""
        name_a, name_b = self.names
        records = [
            {
                "Benchmark": s.a.benchmark,
                "Variant": variant_text(s.a.variant),
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
        return without_empty_columns(pd.DataFrame(records, columns=columns))

    def others_frame(self) -> pd.DataFrame:
        """Scores only one model has (or from a source the other lacks): model, benchmark, score."""
        records = [
            {
                "Model": name,
                "Benchmark": s.benchmark,
                "Variant": variant_text(s.variant),
                "Score": s.cited.text,
                "Date": s.date,
                "Source": reported(s),
            }
            for name, scores in zip(self.names, (self.only_a, self.only_b), strict=True)
            for s in scores
        ]
        columns = ["Model", "Benchmark", "Variant", "Score", "Date", "Source"]
        return without_empty_columns(pd.DataFrame(records, columns=columns))


def benchmarks_from(
    a: ModelProfile, b: ModelProfile, names: tuple[str, str], known: dict[str, int] | None = None
) -> BenchmarkSection:
    """Shared benchmarks (same benchmark, variant and unit), by family, and the scores listed apart.

    ``known``: benchmark → how many models the catalog has a score for (ranks the families).
    """
    known = known or {}
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
    return BenchmarkSection(names, tuple(shared), only_a, only_b, families(shared, known), known)


def families(shared: list[SharedScore], known: dict[str, int]) -> tuple[Family, ...]:
    """Shared scores grouped by benchmark, best-known first; LiveBench per-task scores left out,
    and a score another source restates (see ``restated``) counted once."""
    groups: dict[str, list[SharedScore]] = {}
    for pair in shared:
        groups.setdefault(pair.a.benchmark, []).append(pair)
    out = []
    for name, group in groups.items():
        group = [p for p in group if not restated(p, group)]
        categories = [p for p in group if not p.a.variant.startswith(LIVEBENCH_TASK)]
        if not categories:
            continue
        if len(categories) < len(group):  # a leaderboard with categories: one row each
            headline = categories
        else:
            headline = [min(group, key=lambda p: (len(p.a.variant), p.a.variant))]
        out.append(Family(name, known.get(name, 0), tuple(headline), len(categories) - len(headline)))
    return tuple(sorted(out, key=lambda f: (-f.models_scored, f.name)))


def restated(pair: SharedScore, group: list[SharedScore]) -> bool:
    """Whether another pair of ``group`` has the same scores under a variant this one only extends
    with the source that republished them ("…, from LiveBench Leaderboard")."""
    return any(
        pair.a.variant.startswith(f"{other.a.variant}, from ")
        and (pair.a.value, pair.b.value) == (other.a.value, other.b.value)
        for other in group
    )


def models_scored(catalog) -> dict[str, int]:
    """Benchmark → how many models the catalog has a score for (made once per catalog)."""
    return catalog.memo(
        ("models_scored",), lambda: catalog.benchmarks.groupby("benchmark")["model_id"].nunique().to_dict()
    )


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


def headline_label(pair: SharedScore) -> str:
    """ "LiveBench Coding average" for a leaderboard category, else "SWE-Bench Pro (dataset: public)"."""
    variant = variant_text(RELEASE.sub("", pair.a.variant))
    if pair.a.benchmark == "LiveBench" and variant:
        return f"LiveBench {variant}"
    return f"{pair.a.benchmark} ({variant})" if variant else pair.a.benchmark
