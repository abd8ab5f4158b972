"""LLM pair decision reports: a sourced model catalog, pair analysis and report generation.

The public API (``llm-report`` is a thin command line over it)::

    import analysis
    report = analysis.pair_report("GPT-5.3-Codex-Spark", "Step 3.5 Flash", "reports", routes="maker")
    report.files()            # {"ipynb": ..., "html": ..., "pdf": ...}
    analysis.batch_reports(analysis.read_pairs("pairs.csv"), "reports/pairs")
    catalog = analysis.load_catalog()
    analysis.resolve("Step 3.5 Flash", catalog)   # "stepfun/step-3.5-flash"

Errors: ``UserError`` (bad input; the command line exits 2) and ``RunError`` (a kernel,
browser or disk failed; exit 3), both ``ReportError``. Everything loads on first use.
"""

from importlib import import_module
from importlib.metadata import PackageNotFoundError, version

from analysis.errors import CatalogError, ParameterError, ReportError, ResolveError, RunError, UserError

try:
    __version__ = version("llm-pair-reports")
except PackageNotFoundError:  # running from a source tree that is not installed
    __version__ = "0.0.0"

LAZY = {
    "pair_report": ("analysis.report.pair", "pair_report"),
    "batch_reports": ("analysis.batch.run", "batch_reports"),
    "read_pairs": ("analysis.batch.pairs", "read_pairs"),
    "shortlist_pairs": ("analysis.batch.pairs", "shortlist_pairs"),
    "load_catalog": ("analysis.catalog.store", "catalog_at"),
    "resolve": ("analysis.catalog.resolve", "resolve"),
    "PairRequest": ("analysis.request", "PairRequest"),
}

__all__ = [
    "CatalogError",
    "ParameterError",
    "ReportError",
    "ResolveError",
    "RunError",
    "UserError",
    "__version__",
    *LAZY,
]


def __getattr__(name: str):
    """Load a public function's module when it is first asked for."""
    if name in LAZY:
        module, attribute = LAZY[name]
        return getattr(import_module(module), attribute)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
