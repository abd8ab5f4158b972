"""Time pair_analysis: the seed pair, and every pair of a 50-model shortlist (target < 50 ms a pair).

The shortlist is the 50 models with the most routes (ties by id). Timings start after the catalog
is loaded. The naive path, timed on the last pairs of the shortlist in the same run, reads each
model's rows by filtering the full tables for every pair (no per-model index, no profile cache);
the ratio is naive ÷ indexed. costs.cost_comparison is timed alone on the same pairs, to show the
share of compare and narrative.

    .venv/bin/python benchmarks/pair_analysis.py [--pairs N] [--naive-pairs N]
"""

from __future__ import annotations

import argparse
import itertools
import statistics
import time
from collections.abc import Callable
from dataclasses import fields

import pandas as pd

from analysis.catalog import Catalog, load
from analysis.costs import cost_comparison, scenario
from analysis.narrative import pair_analysis

SEED = ("openai/gpt-5.3-codex-spark", "stepfun/step-3.5-flash")
SHORTLIST = 50
SCENARIO = scenario(input_tokens="500M", output_tokens="350M")


class NaiveCatalog(Catalog):
    """A catalog whose per-model lookups filter the full tables every time."""

    def rows(self, table: str, model_id: str) -> pd.DataFrame:
        frame = getattr(self, table)
        return frame[frame["model_id"] == model_id]

    def model(self, model_id: str) -> pd.Series:
        return self.models[self.models["model_id"] == model_id].iloc[0]


def shortlist(catalog: Catalog, n: int = SHORTLIST) -> list[str]:
    """The ``n`` models with the most routes, ties broken by id."""
    counts = catalog.routes.groupby("model_id").size()
    ranked = sorted(counts.items(), key=lambda item: (-item[1], item[0]))
    return [model_id for model_id, _ in ranked[:n]]


def naive_copy(catalog: Catalog) -> NaiveCatalog:
    """A fresh naive catalog over the same tables (so nothing is cached from an earlier pair)."""
    return NaiveCatalog(**{f.name: getattr(catalog, f.name) for f in fields(Catalog) if f.init})


def ms_per_call(calls: list[Callable[[], object]]) -> list[float]:
    """Milliseconds each call takes."""
    out = []
    for call in calls:
        start = time.perf_counter()
        call()
        out.append((time.perf_counter() - start) * 1000)
    return out


def summary(label: str, times: list[float]) -> str:
    """ "label: mean x ms a pair (median, p95, total)"."""
    p95 = sorted(times)[int(0.95 * (len(times) - 1))]
    return (
        f"{label}: {statistics.fmean(times):.1f} ms a pair "
        f"(median {statistics.median(times):.1f}, p95 {p95:.1f}, {len(times)} pairs, {sum(times) / 1000:.1f} s)"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pairs", type=int, default=None, help="limit the shortlist pairs timed")
    parser.add_argument("--naive-pairs", type=int, default=100, help="pairs timed on the naive path")
    args = parser.parse_args()

    start = time.perf_counter()
    catalog = load()
    print(f"catalog load: {(time.perf_counter() - start) * 1000:.0f} ms")

    a, b = SEED
    first = ms_per_call([lambda: pair_analysis(catalog, a, b, SCENARIO, cost_detail=False)])[0]
    print(f"seed pair, first call (builds the per-model index and profiles): {first:.1f} ms")
    print(
        summary(
            "seed pair", ms_per_call([lambda: pair_analysis(catalog, a, b, SCENARIO, cost_detail=False)] * 20)
        )
    )
    detail = ms_per_call([lambda: pair_analysis(catalog, a, b, SCENARIO)] * 3)
    print(summary("seed pair with cost detail (volume series, break-evens)", detail))

    models = shortlist(catalog)
    pairs = list(itertools.combinations(models, 2))[: args.pairs]
    print(f"shortlist: {len(models)} models, {len(pairs)} pairs")
    full = ms_per_call([lambda p=p: pair_analysis(catalog, *p, SCENARIO, cost_detail=False) for p in pairs])
    print(summary("shortlist pair_analysis", full))

    sample = pairs[-args.naive_pairs :]
    indexed = full[-len(sample) :]
    naive = ms_per_call(
        [lambda p=p: pair_analysis(naive_copy(catalog), *p, SCENARIO, cost_detail=False) for p in sample]
    )
    costs_only = ms_per_call([lambda p=p: cost_comparison(catalog, *p, SCENARIO) for p in sample])
    print(summary("naive path (full-table filtering, no cache)", naive))
    print(summary("costs.cost_comparison alone", costs_only))
    mean = statistics.fmean
    own, own_naive = mean(indexed) - mean(costs_only), mean(naive) - mean(costs_only)
    print(f"on the last {len(sample)} pairs (profiles built), without costs.cost_comparison:")
    print(
        f"  compare + narrative: {own:.1f} ms a pair indexed, {own_naive:.1f} ms naive ({own_naive / own:.1f}×)"
    )
    print(f"naive ÷ indexed, whole pair_analysis: {mean(naive) / mean(indexed):.1f}×")


if __name__ == "__main__":
    main()
