"""One pair report: check the options, start the kernel, resolve the request while it warms up, run the
notebook, write the files."""

from __future__ import annotations

import contextlib
import math
import os
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from analysis.catalog.settings import NOTEBOOK
from analysis.errors import ParameterError
from analysis.report.errors import ReportPdfError
from analysis.report.kernels import EarlyKernel
from analysis.report.paths import ReportPaths, report_basename

if TYPE_CHECKING:
    from analysis.request import PairRequest

FORMATS = ("html", "pdf")
EXPORTS = ("xlsx", "json")  # written from the analysis by report.exports, on request only


@dataclass(frozen=True)
class PairReport:
    """What a report run wrote: its request, its files, and why there is no PDF (if there is none)."""

    request: PairRequest
    paths: ReportPaths
    formats: tuple[str, ...]  # the formats written
    no_pdf: str = ""  # one line: why the PDF asked for was not made

    def files(self) -> dict[str, Path]:
        """Format ("ipynb", "html", "pdf") → the file written."""
        return {fmt: getattr(self.paths, fmt) for fmt in ("ipynb", *self.formats)}


def parse_formats(text: str | tuple[str, ...]) -> tuple[str, ...]:
    """``"html,pdf"`` (or a sequence of names) → ("html", "pdf"); ParameterError for anything else."""
    items = str(text).split(",") if isinstance(text, str) else list(text)
    formats = tuple(dict.fromkeys(str(f).strip().lower() for f in items if str(f).strip()))
    if not formats or any(f not in FORMATS + EXPORTS for f in formats):
        raise ParameterError(f"--format = {text!r}: expected a comma list of html, pdf, xlsx, json")
    return formats


def checked_timeout(timeout: float | None) -> float | None:
    """A report timeout in seconds (None = no limit); ParameterError unless positive and finite."""
    if timeout is not None and not (math.isfinite(timeout) and timeout > 0):
        raise ParameterError(f"--timeout = {timeout!r}: expected a positive number of seconds")
    return timeout


def writable_folder(out_dir: Path) -> Path:
    """``out_dir``, created if needed; ParameterError if it cannot be written."""
    out_dir = Path(out_dir)
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
    except OSError as e:
        raise ParameterError(
            f"output folder {out_dir} cannot be created ({e.strerror}); expected a writable folder"
        ) from None
    if not out_dir.is_dir() or not os.access(out_dir, os.W_OK | os.X_OK):
        raise ParameterError(f"output folder {out_dir} is not writable; expected a writable folder")
    return out_dir


def pdf_unavailable(engine: str) -> str:
    """Why ``engine`` cannot print here, in one line ("" when it can).

    ``pdf_engine`` picks Chromium only when one is installed, so only WeasyPrint can lack what
    it needs: the Pango libraries.
    """
    if engine != "weasyprint":
        return ""
    try:
        import weasyprint  # noqa: F401
    except (ImportError, OSError) as e:
        reason = str(e).splitlines()[0] if str(e) else type(e).__name__
        return (
            f"no PDF: Chromium is not installed and WeasyPrint cannot load Pango ({reason}); "
            "`make setup` or .ci/system-packages.sh installs one"
        )
    return ""


def formats_to_write(formats: str | tuple[str, ...], engine: str) -> tuple[tuple[str, ...], str]:
    """The asked formats that ``engine`` lets this machine write, and why not the PDF ("" if it can).

    Without a PDF engine, HTML and PDF asked for together leave the PDF out; the PDF alone is a
    ReportPdfError.
    """
    formats = parse_formats(formats)
    no_pdf = pdf_unavailable(engine) if "pdf" in formats else ""
    if no_pdf and formats == ("pdf",):
        raise ReportPdfError(no_pdf)
    return tuple(f for f in formats if f != "pdf" or not no_pdf), no_pdf


def pair_report(
    model_a: str,
    model_b: str,
    out_dir: str | os.PathLike = "reports",
    *,
    catalog_path: str | os.PathLike | None = None,
    since: str | os.PathLike | None = None,
    formats: str | tuple[str, ...] = FORMATS,
    page_size: str = "A4",
    pdf_engine: str | None = None,
    timeout: float | None = 600,
    **options: object,
) -> PairReport:
    """The decision report for two models (ids or names), written to ``out_dir``.

    ``options`` are the ``pair`` command's: ``scenario`` (small, medium, large),
    ``input_tokens``, ``output_tokens``, ``cache_share``, ``batch_share``,
    ``reasoning_multiplier``, ``prompt_tokens``, ``price_date``, ``include_free``, ``routes``
    (trusted, maker, all) and ``require`` (a comma list). ``since``, an earlier report's JSON
    evidence or executed notebook, adds what changed since it. Files are named for the pair plus a
    hash of scenario, route policy and catalog. Raises UserError for bad input and RunError
    when a kernel, browser or disk fails.

    The kernel starts as soon as the output options are checked, and warms up (the notebook's
    imports, the catalog) while this process resolves the request and loads the exporters; the
    browser starts as the notebook starts running (started earlier, it slowed both down on two
    cores). Neither outlives a failure.
    """
    from analysis.report.pdf import pdf_engine as engine_for

    engine = engine_for(page_size, pdf_engine)
    asked = parse_formats(formats)
    checked_timeout(timeout)
    kernel = EarlyKernel(NOTEBOOK, str(Path(catalog_path).resolve()) if catalog_path else None).start()
    try:
        from analysis.request import pair_request, request_terms  # loads pandas and the catalog code

        chosen, policy = request_terms(options)
        request = pair_request(model_a, model_b, chosen, policy, catalog_path, since)
        return write_pair_report(
            request,
            out_dir,
            formats=asked,
            page_size=page_size,
            pdf_engine=engine,
            timeout=timeout,
            kernel_manager=kernel.manager,
        )
    finally:
        kernel.stop()


@contextlib.contextmanager
def printer_started(needed: bool) -> Iterator[None]:
    """Start this process's browser in the background (when ``needed``) and wait for that start
    to end before leaving, so no start is left half done."""
    if not needed:
        yield
        return
    from analysis.report.chromium import start_printer

    starting = threading.Thread(target=start_printer, name="start-printer", daemon=True)
    starting.start()
    try:
        yield
    finally:
        starting.join()


def write_pair_report(
    request: PairRequest,
    out_dir: str | os.PathLike,
    *,
    formats: str | tuple[str, ...] = FORMATS,
    page_size: str = "A4",
    pdf_engine: str | None = None,
    timeout: float | None = 600,
    notebook: Path = NOTEBOOK,
    kernel_manager=None,
) -> PairReport:
    """Run the report notebook for ``request`` and write the asked formats.

    When no PDF engine can run here and HTML is asked for too, the HTML is written and
    ``no_pdf`` says why there is no PDF; asked for alone, the PDF's absence is a ReportPdfError.
    Once the request and the output folder are checked, the exporters load (while a kernel
    started early warms up), then the browser starts as the notebook starts running.
    """
    from analysis.report.pdf import pdf_engine as engine_for

    if request.since:
        from analysis.report.since import previous_review  # loads analysis.compare

        previous_review(request.since)  # a file without a review record fails here, in one line
    engine = engine_for(page_size, pdf_engine)
    written, no_pdf = formats_to_write(formats, engine)
    checked_timeout(timeout)
    folder = writable_folder(out_dir)

    from analysis.report.write import load_exporters, write_report  # papermill and nbconvert

    load_exporters()
    with printer_started("pdf" in written and engine == "chromium"):
        paths = write_report(
            notebook,
            request.parameters(),
            folder,
            report_basename(request.a, request.b, request.digest),
            formats=written,
            page_size=page_size,
            pdf_engine=engine,
            timeout=timeout,
            kernel_manager=kernel_manager,
        )
    return PairReport(request, paths, written, no_pdf)
