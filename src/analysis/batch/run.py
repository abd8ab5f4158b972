"""A batch end to end: plan the reports, skip those up to date, run the rest, keep manifest and index."""

from __future__ import annotations

import os
import signal
import sys
import threading
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from tqdm import tqdm

from analysis.batch.index import index_page
from analysis.batch.jobs import batch_jobs
from analysis.batch.kernel import WarmKernel
from analysis.batch.keys import batch_inputs
from analysis.batch.manifest import MANIFEST, Manifest
from analysis.batch.pairs import PairRow
from analysis.catalog.settings import NOTEBOOK
from analysis.errors import ParameterError
from analysis.files import write_atomic
from analysis.report import pdf
from analysis.report.pair import FORMATS, checked_timeout, formats_to_write, writable_folder

INDEX = "index.html"
WRITE_EVERY_SECONDS = 1.0


@dataclass(frozen=True)
class BatchSummary:
    """How a batch went: counts per status, seconds, and whether it was interrupted."""

    folder: Path
    done: int
    skipped: int
    failed: int
    pending: int
    seconds: float
    interrupted: bool = False
    failures: tuple[str, ...] = ()  # "origin: error", the first few
    no_pdf: str = ""  # one line: why the PDFs asked for were not made

    @property
    def exit_code(self) -> int:
        """130 if interrupted, else 1 if any report failed, else 0."""
        return 130 if self.interrupted else 1 if self.failed else 0

    def line(self) -> str:
        """The summary in one line."""
        rate = f" ({self.done / self.seconds * 60:.0f} reports/min)" if self.done and self.seconds else ""
        stopped = ", interrupted" if self.interrupted else ""
        return (
            f"{self.done} done, {self.skipped} skipped, {self.failed} failed, {self.pending} not run "
            f"in {self.seconds:.1f} s{rate}{stopped}; index: {self.folder / INDEX}"
        )


class StopRequest:
    """Ctrl-C during a batch: the first stops new reports from starting, the second aborts.

    Call the object to ask whether a stop was requested. Only the main thread can catch
    signals; elsewhere nothing is installed.
    """

    def __init__(self):
        self.requested = False
        self.previous = None

    def __call__(self) -> bool:
        return self.requested

    def __enter__(self) -> StopRequest:
        if threading.current_thread() is threading.main_thread():
            self.previous = signal.signal(signal.SIGINT, self.handle)
        return self

    def handle(self, signum, frame) -> None:
        """First Ctrl-C: note it; the next one raises KeyboardInterrupt."""
        if self.requested:
            raise KeyboardInterrupt
        self.requested = True
        print(
            "\nllm-report: stopping once the running reports finish; Ctrl-C again to abort",
            file=sys.stderr,
        )

    def __exit__(self, *exc_info) -> None:
        if self.previous is not None:
            signal.signal(signal.SIGINT, self.previous)


def earlier_batch(folder: str | os.PathLike) -> Path:
    """An earlier batch folder (it holds a manifest.json); ParameterError otherwise."""
    path = Path(folder)
    if not (path / MANIFEST).is_file():
        raise ParameterError(
            f"--since {folder}: not a batch folder (no {MANIFEST}); expected an earlier batch's folder"
        )
    return path


def batch_reports(
    pairs: Sequence[PairRow],
    folder: Path,
    *,
    notebook: Path | None = None,
    options: Mapping[str, object] | None = None,
    catalog_path: str | os.PathLike | None = None,
    formats: str | tuple[str, ...] = FORMATS,
    page_size: str = "A4",
    pdf_engine: str | None = None,
    timeout: float | None = 600,
    force: bool = False,
    workers: int | None = None,
    scheduler: str | None = None,
    progress: bool | None = None,
    since: str | os.PathLike | None = None,
    kernels: Sequence[WarmKernel] = (),
) -> BatchSummary:
    """Write the reports for ``pairs`` in ``folder`` with ``manifest.json`` and ``index.html``.

    ``options`` (the ``pair`` command's, named like a pairs file's option columns) apply to
    every pair unless its row says otherwise. Reports whose inputs are unchanged since an
    earlier run in ``folder`` are skipped unless ``force``. Reports run on ``workers`` local
    processes (default: one per core), or on the Dask cluster at ``scheduler``. ``progress``
    shows a bar on stderr (default: when it is a terminal). ``since``, an earlier batch folder,
    adds to each report what changed since that pair's report there. Without a PDF engine, HTML and PDF
    asked together give the HTML and ``no_pdf`` in the summary says why. ``kernels``, started
    ahead (``analysis.batch.early.early_kernels``), are taken over by local workers; the caller
    stops them (``discard()``) should the batch end before it runs a report.
    """
    notebook = Path(notebook or NOTEBOOK)
    if not notebook.is_file():
        raise ParameterError(f"report notebook {notebook} does not exist; expected an .ipynb file")
    engine = pdf.pdf_engine(page_size, pdf_engine)
    formats, no_pdf = formats_to_write(formats, engine)
    checked_timeout(timeout)
    if workers is not None and workers < 1:
        raise ParameterError(f"workers = {workers}: expected at least 1")
    start = time.perf_counter()
    inputs = batch_inputs(notebook, catalog_path)
    jobs = batch_jobs(
        pairs,
        options=options,
        catalog_path=catalog_path,
        inputs=inputs,
        formats=formats,
        pdf=(page_size, engine),
        since=earlier_batch(since) if since else None,
    )
    folder = writable_folder(folder)
    header = {
        "batch": folder.name,
        "inputs": inputs,
        "parameters": {
            "notebook": str(notebook),
            "catalog_path": str(catalog_path) if catalog_path else None,
            "options": {k: v for k, v in (options or {}).items() if v not in (None, "")},
            "formats": list(formats),
            "page_size": page_size,
            "pdf_engine": engine,
            "timeout": timeout,
            "force": force,
            "since": str(since) if since else None,
            "executor": {"dask": scheduler} if scheduler else {"local": workers},
        },
    }
    manifest = Manifest(folder, header, jobs, force=force)
    settings = report_settings(notebook, inputs, formats, (page_size, engine), timeout)
    written = write_pages(manifest, time.perf_counter() - start)
    stop = StopRequest()
    try:
        with stop, progress_bar(len(manifest.todo), progress) as bar:
            if manifest.todo:
                with executor(settings, workers, scheduler, kernels) as runner:
                    for job, outcome in runner.outcomes(manifest.todo, stop):
                        manifest.record(job, outcome)
                        bar.update(1)
                        bar.set_postfix(failed=manifest.counts()["failed"], refresh=False)
                        if time.monotonic() - written >= WRITE_EVERY_SECONDS:
                            written = write_pages(manifest, time.perf_counter() - start)
    finally:
        write_pages(manifest, time.perf_counter() - start)
    return BatchSummary(
        folder,
        **manifest.counts(),
        seconds=time.perf_counter() - start,
        interrupted=stop.requested,
        failures=manifest.failures(),
        no_pdf=no_pdf,
    )


def batch_folder(out: Path, name: str) -> Path:
    """``out/name``; ParameterError unless ``name`` is a plain folder name."""
    if Path(name).name != name or name in ("", ".", ".."):
        raise ParameterError(f"batch name {name!r}: expected a plain folder name, without '/'")
    return Path(out) / name


def report_settings(notebook: Path, inputs: dict, formats, pdf_options: tuple[str, str], timeout):
    """The settings every worker gets; ``pdf_options`` is (page size, PDF engine)."""
    from analysis.batch.task import ReportSettings

    return ReportSettings(
        notebook_path=str(notebook.resolve()),
        notebook=notebook.read_bytes(),
        formats=tuple(formats),
        page_size=pdf_options[0],
        pdf_engine=pdf_options[1],
        timeout=timeout,
        catalog_hash=inputs["catalog_hash"],
    )


def executor(settings, workers: int | None, scheduler: str | None, kernels: Sequence[WarmKernel] = ()):
    """Local worker processes (taking over ``kernels``), or the Dask cluster at ``scheduler``."""
    if scheduler:
        from analysis.batch.cluster import DaskWorkers

        return DaskWorkers(settings, scheduler)
    from analysis.batch.local import LocalWorkers

    return LocalWorkers(settings, workers, kernels)


def progress_bar(total: int, show: bool | None) -> tqdm:
    """A progress bar on stderr with counts, rate and ETA; hidden unless ``show`` (default: a terminal)."""
    hidden = not (sys.stderr.isatty() if show is None else show)
    return tqdm(total=total, unit="report", file=sys.stderr, disable=hidden, dynamic_ncols=True)


def write_pages(manifest: Manifest, seconds: float) -> float:
    """Write ``manifest.json`` and ``index.html`` atomically; the monotonic time of writing."""
    data = manifest.write(seconds)
    write_atomic(manifest.folder / INDEX, index_page(data))
    return time.monotonic()
