"""Many pair reports at once: pairs files and shortlists, warm workers, manifest, index, executors.

``batch_reports(read_pairs("pairs.csv"), Path("reports/q3"))`` writes every report of the file into
``reports/q3`` with ``manifest.json`` and ``index.html``, skipping reports that are up to date;
``llm-report batch`` is the command line over it. Modules: ``pairs`` (input files), ``jobs``
(validation and names), ``keys`` (what a report depends on), ``task`` (one report on a worker),
``kernel`` and ``kernel_state`` (the warm kernel and its reset), ``local`` and ``cluster``
(executors), ``manifest``, ``index``, ``figures``, ``run``.

Only the light parts load on import; the runners load on first use.
"""

from importlib import import_module

from analysis.batch.pairs import PairRow, read_pairs, shortlist_pairs

LAZY = {
    "BatchSummary": "analysis.batch.run",
    "batch_reports": "analysis.batch.run",
}

__all__ = ["PairRow", "read_pairs", "shortlist_pairs", *LAZY]


def __getattr__(name: str):
    """Load the runner (papermill, kernels) when first asked for."""
    if name in LAZY:
        return getattr(import_module(LAZY[name]), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
