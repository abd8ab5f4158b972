"""One report end to end: execute the notebook, export HTML and PDF, write them atomically."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

import nbformat

from analysis.files import write_atomic
from analysis.report.export import html_report
from analysis.report.paths import ReportPaths, report_paths
from analysis.report.pdf import pdf_report
from analysis.report.run import execute_notebook


def write_report(
    notebook: Path,
    parameters: Mapping[str, Any],
    out_dir: Path,
    basename: str,
    *,
    formats: tuple[str, ...] = ("html", "pdf"),
    page_size: str = "A4",
    pdf_engine: str | None = None,
    kernel_name: str = "python3",
    timeout: float | None = 600,
    kernel_manager=None,
) -> ReportPaths:
    """The paths of the executed notebook, HTML, PDF, xlsx and JSON written for one report.

    The executed notebook is kept whatever happens. The asked ``formats`` (html, pdf) are
    rendered in memory (the PDF by ``pdf_engine``, see analysis.report.pdf) and written (temporary file, then rename) only when all succeed; on any
    failure no file is left under their names, not even one from an earlier run, and the error
    propagates.
    """
    paths = report_paths(out_dir, basename)
    paths.ipynb.parent.mkdir(parents=True, exist_ok=True)
    try:
        nb = execute_notebook(
            notebook,
            parameters,
            paths.ipynb,
            kernel_name=kernel_name,
            timeout=timeout,
            kernel_manager=kernel_manager,
        )
        html = html_report(nb, {"metadata": {"path": str(Path(notebook).parent)}})
        pdf = pdf_report(html, page_size=page_size, engine=pdf_engine) if "pdf" in formats else None
        if "html" in formats:
            write_atomic(paths.html, html)
        if pdf is not None:
            write_atomic(paths.pdf, pdf)
        if set(formats) - {"html", "pdf"}:  # xlsx, json: made from the analysis, loaded only for them
            from analysis.report.exports import write_exports

            write_exports(parameters, paths, formats)
    except BaseException:
        for path in (paths.html, paths.pdf, paths.xlsx, paths.json):
            path.unlink(missing_ok=True)
        raise
    return paths


def load_exporters() -> None:
    """Export an empty notebook to HTML in this thread, so that nbconvert's templates are loaded
    before a report's export needs them (about 0.2 s; then, while a kernel runs)."""
    html_report(nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell("")]))
