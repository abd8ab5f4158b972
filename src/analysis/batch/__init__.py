"""Many pair reports at once: pairs files and shortlists, warm workers, manifest, index, executors.

``batch_reports(read_pairs("pairs.csv"), Path("reports/q3"))`` writes every report of the file into
``reports/q3`` with ``manifest.json`` and ``index.html``, skipping reports that are up to date;
``llm-report batch`` is the command line over it. Modules: ``pairs`` (input files), ``jobs``
(validation and names), ``keys`` (what a report depends on), ``task`` (one report on a worker),
``kernel`` and ``kernel_state`` (the warm kernel and its reset), ``early`` (kernels started
before the rest loads, for local workers to take over), ``local`` and ``cluster`` (executors),
``manifest``, ``index``, ``figures``, ``run``.

Nothing heavy loads on import; each part loads on first use.
"""

from importlib import import_module

LAZY = {
    "PairRow": "analysis.batch.pairs",
    "read_pairs": "analysis.batch.pairs",
    "shortlist_pairs": "analysis.batch.pairs",
    "BatchSummary": "analysis.batch.run",
    "batch_reports": "analysis.batch.run",
}

__all__ = [*LAZY]


def __getattr__(name: str):
    """Load what is asked for on first use: the pairs files need pandas, the runner papermill.
    (``analysis.batch.early`` starts kernels before either loads.)"""
    if name in LAZY:
        return getattr(import_module(LAZY[name]), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
