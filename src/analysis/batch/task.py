"""One report on a worker: the shared settings, the worker's warm kernel and scratch folder, the outcome.

``report_outcome(job, settings)`` is the task every executor runs; it returns the files' bytes
so the caller writes them (on a cluster, the client writes them under its own folder).
"""

from __future__ import annotations

import contextlib
import gc
import shutil
import tempfile
import threading
import time
from dataclasses import dataclass
from functools import cached_property
from multiprocessing.util import Finalize
from pathlib import Path

from papermill.exceptions import PapermillExecutionError

from analysis.batch.figures import notebook_figures
from analysis.batch.jobs import Job
from analysis.batch.kernel import WarmKernel
from analysis.batch.keys import sha256_hex
from analysis.catalog.store import catalog_at
from analysis.errors import ReportError, RunError
from analysis.report.chromium import close_printer
from analysis.report.errors import ReportCellError, ReportKernelError
from analysis.report.write import write_report


@dataclass(frozen=True)
class ReportSettings:
    """What every report of a batch shares; each worker gets it once."""

    notebook_path: str
    notebook: bytes  # the notebook's bytes, for workers that lack the file
    formats: tuple[str, ...]
    page_size: str
    pdf_engine: str
    timeout: float | None
    catalog_hash: str
    kernel_name: str = "python3"

    @cached_property
    def notebook_sha256(self) -> str:
        """The notebook's SHA-256."""
        return sha256_hex(self.notebook)


@dataclass(frozen=True)
class Outcome:
    """What a worker sends back for one report."""

    name: str
    error: str  # one line; "" when the report was written
    seconds: float
    files: dict[str, bytes]  # "ipynb", "html", "pdf" → content (the notebook also after a failure)
    figures: dict  # the key figures the notebook displayed, {} when it did not run through


class ReportWorker:
    """Runs reports one after another on one warm kernel, in a scratch folder of its own.

    The kernel starts (in the background) when the worker is made, unless ``kernel``, started
    by the process this one was forked from, is given to take over. ``close()`` stops it and
    removes the folder (made in ``scratch``, default the system's temporary folder); so does
    the normal exit of the process.
    """

    def __init__(
        self, settings: ReportSettings, scratch: Path | None = None, kernel: WarmKernel | None = None
    ):
        self.settings = settings
        self.folder = Path(tempfile.mkdtemp(prefix="worker-", dir=scratch))
        self.notebook = notebook_here(settings, self.folder)
        if kernel is not None:
            self.kernel = kernel
            kernel.adopt()
        else:
            self.kernel = WarmKernel.for_notebook(self.notebook, settings.notebook, settings.kernel_name)
            with contextlib.suppress(ReportKernelError):  # the first report tries again and reports it
                self.kernel.start()
        self.close = Finalize(self, discard_worker, args=(self.kernel, self.folder), exitpriority=10)

    def outcome(self, job: Job) -> Outcome:
        """Run ``job``'s report; its files (read and removed from the scratch folder) and figures."""
        start = time.perf_counter()
        figures: dict = {}
        error = ""
        try:
            check_catalog(job.parameters, self.settings.catalog_hash)
            self.write(job)
        except Exception as e:
            error = one_line(e).replace(f"{self.folder}/", "")
        files = self.taken(job.name, ("ipynb", *self.settings.formats))
        if not error:
            figures = notebook_figures(files["ipynb"])
        seconds = time.perf_counter() - start
        self.collect()
        return Outcome(job.name, error, seconds, files, figures)

    def write(self, job: Job) -> None:
        """Write the report into the scratch folder on the warm kernel; drop the kernel if it is unfit."""
        kernel_manager = self.kernel.lend()
        try:
            write_report(
                self.notebook,
                job.parameters,
                self.folder,
                job.name,
                formats=self.settings.formats,
                page_size=self.settings.page_size,
                pdf_engine=self.settings.pdf_engine,
                kernel_name=self.settings.kernel_name,
                timeout=self.settings.timeout,
                kernel_manager=kernel_manager,
            )
        except BaseException as error:
            if not cell_raised(error):
                self.kernel.discard()
            raise

    def taken(self, name: str, kinds: tuple[str, ...]) -> dict[str, bytes]:
        """The report's files in the scratch folder, as bytes, removed from it."""
        files = {}
        for kind in kinds:
            path = self.folder / f"{name}.{kind}"
            if path.is_file():
                files[kind] = path.read_bytes()
                path.unlink()
        return files

    def collect(self) -> None:
        """Free what the report left, then keep the collector off what stays loaded.

        An export leaves cyclic garbage; collecting it after each report keeps the worker's
        memory flat. ``gc.freeze()`` exempts what survived (modules, caches) from every later
        collection, so each one walks only what the next report makes.
        """
        gc.collect()
        gc.freeze()


def check_catalog(parameters: dict, expected: str) -> None:
    """RunError unless the catalog the parameters name has content hash ``expected`` here."""
    found = catalog_at(parameters.get("catalog_path")).manifest.get("content_hash", "")
    if found != expected:
        raise RunError(
            f"this worker's catalog has content hash {found[:12]}, the batch's {expected[:12]}: "
            "give every worker the same catalog"
        )


def discard_worker(kernel: WarmKernel, folder: Path) -> None:
    """Stop a worker's kernel and browser and remove its scratch folder."""
    kernel.discard()
    close_printer()
    shutil.rmtree(folder, ignore_errors=True)


def cell_raised(error: BaseException) -> bool:
    """Whether a report failed because a cell raised: the kernel is idle and fit for the next one."""
    return isinstance(error, ReportCellError) and isinstance(error.__cause__, PapermillExecutionError)


def one_line(error: BaseException) -> str:
    """The error as one line; its type is named unless it is a ReportError (whose message says it all)."""
    text = " ".join(str(error).split())
    return text if isinstance(error, ReportError) else f"{type(error).__name__}: {text}"


def notebook_here(settings: ReportSettings, folder: Path) -> Path:
    """The batch's notebook on this machine: its own path if the bytes match, else a copy in ``folder``."""
    path = Path(settings.notebook_path)
    if path.is_file() and sha256_hex(path.read_bytes()) == settings.notebook_sha256:
        return path
    copy = folder / "notebook" / path.name
    copy.parent.mkdir()
    copy.write_bytes(settings.notebook)
    return copy


_threads = threading.local()


def report_outcome(job: Job, settings: ReportSettings) -> Outcome:
    """The outcome of one report, run by this thread's worker (started on first use)."""
    worker = getattr(_threads, "worker", None)
    if worker is None or worker.settings != settings:
        if worker is not None:
            worker.close()
        worker = _threads.worker = ReportWorker(settings)
    return worker.outcome(job)
