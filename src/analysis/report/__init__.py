"""Report generation: run the notebook (papermill), export HTML (nbconvert) and PDF (Chromium or WeasyPrint).

Only light modules load on ``import analysis.report`` (a report notebook imports
``metadata_output`` and ``figures_output`` from here inside its kernel); the runners and exporters load on first use.
"""

from importlib import import_module

from analysis.report.errors import ReportCellError, ReportKernelError
from analysis.report.metadata import (
    FIGURES_MIME,
    METADATA_MIME,
    figures_output,
    metadata_output,
    review_output,
)
from analysis.report.paths import ReportPaths, report_basename, report_paths

LAZY = {
    "execute_notebook": "analysis.report.run",
    "html_report": "analysis.report.export",
    "PairHTMLExporter": "analysis.report.export",
    "PairPDFExporter": "analysis.report.export",
    "pdf_report": "analysis.report.pdf",
    "previous_review": "analysis.report.since",
    "write_report": "analysis.report.write",
}

__all__ = [
    "FIGURES_MIME",
    "METADATA_MIME",
    "ReportCellError",
    "ReportKernelError",
    "ReportPaths",
    "figures_output",
    "metadata_output",
    "review_output",
    "report_basename",
    "report_paths",
    *LAZY,
]


def __getattr__(name: str):
    """Load the heavy parts (papermill, nbconvert, the PDF engines) when first asked for."""
    if name in LAZY:
        return getattr(import_module(LAZY[name]), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
