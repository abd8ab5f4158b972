"""Reports on this machine: worker processes, each with one warm kernel, one report at a time."""

from __future__ import annotations

import contextlib
import gc
import multiprocessing
import os
import shutil
import signal
import sys
import tempfile
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from multiprocessing.connection import Connection, wait
from pathlib import Path

from analysis.batch.early import FORKED_WORKERS, default_workers
from analysis.batch.jobs import Job
from analysis.batch.kernel import WarmKernel
from analysis.batch.task import Outcome, ReportSettings, ReportWorker
from analysis.report.chromium import start_printer
from analysis.report.errors import ReportKernelError
from analysis.report.write import load_exporters

# On Linux workers are forked: they start with this process's modules and catalog already
# loaded (about 1 CPU-s each saved), and may take over a kernel this process launched. The
# batch runs no thread a worker needs (a progress bar's monitor thread at most, which a worker
# never touches). Elsewhere fork is unsafe: spawn.
CONTEXT = multiprocessing.get_context("fork" if FORKED_WORKERS else "spawn")
POLL_SECONDS = 0.2
STOP_SECONDS = 10


class WorkerProcess:
    """A worker process, the pipe to it, the job it is running (None when idle), and the kernel
    it took over from this process (None if it started its own)."""

    def __init__(self, settings: ReportSettings, scratch: Path, kernel: WarmKernel | None = None):
        self.connection, child = CONTEXT.Pipe()
        self.process = CONTEXT.Process(
            target=serve,
            args=(child, settings, os.getpid(), scratch, kernel),
            name="report-worker",
            daemon=True,
        )
        self.process.start()
        child.close()
        self.kernel = kernel
        self.job: Job | None = None
        self.since = 0.0
        self.released = False  # told to finish: it gets no more jobs

    def hand(self, job: Job) -> bool:
        """Send ``job``; False if the worker is gone."""
        try:
            self.connection.send(job)
        except OSError:
            return False
        self.job, self.since = job, time.perf_counter()
        return True

    def release(self) -> None:
        """Tell an idle worker to finish (it stops its kernel and browser) without waiting for it."""
        if self.job is None and not self.released:
            self.released = True
            with contextlib.suppress(OSError):
                self.connection.send(None)

    def stop(self) -> None:
        """Ask an idle worker to finish, kill a busy one; wait for it to end, then for the kernel
        it took over (this process launched it, so only this process can reap it)."""
        self.release()
        if self.released:
            self.process.join(STOP_SECONDS)
        if self.process.is_alive():
            self.process.kill()
            self.process.join()
        self.connection.close()
        if self.kernel is not None:
            self.kernel.discard()


class LocalWorkers:
    """Reports run by ``workers`` processes; a worker that dies is replaced and its report fails.

    ``kernels`` started ahead (``batch.early``) are taken over by the first workers, if started
    for the batch's notebook and kernel; the others, and those left over, are stopped.
    """

    def __init__(
        self, settings: ReportSettings, workers: int | None = None, kernels: Iterable[WarmKernel] = ()
    ):
        self.settings = settings
        self.size = workers or default_workers()
        self.scratch = tempfile.TemporaryDirectory(prefix="llm-report-batch-")
        self.workers: list[WorkerProcess] = []
        wanted = WarmKernel.for_notebook(
            Path(settings.notebook_path), settings.notebook, settings.kernel_name
        )
        self.kernels = deque(kernels)
        for kernel in [k for k in self.kernels if k.launch != wanted.launch]:
            self.kernels.remove(kernel)
            kernel.discard()

    def outcomes(self, jobs: Iterable[Job], stopping: Callable[[], bool]) -> Iterator[tuple[Job, Outcome]]:
        """(job, outcome) as reports finish; once ``stopping()``, no report is handed out."""
        pending = deque(jobs)
        if FORKED_WORKERS:  # while the kernels warm: each worker then starts with the templates compiled
            load_exporters()
        self.workers = [self.started() for _ in range(min(self.size, len(pending)))]
        self.stop_spare_kernels()
        while True:
            if not stopping():
                self.hand_out(pending)
            if not pending:  # idle workers wind down while the last reports run
                for worker in self.workers:
                    worker.release()
            busy = [w for w in self.workers if w.job is not None]
            if not busy and (stopping() or not pending):
                return
            ready = wait([w.connection for w in busy] + [w.process.sentinel for w in busy], POLL_SECONDS)
            for worker in busy:
                if worker.connection in ready or worker.process.sentinel in ready:
                    yield worker.job, self.received(worker)

    def hand_out(self, pending: deque[Job]) -> None:
        """Give each idle worker the next pending job; replace a worker that is gone."""
        for i, worker in enumerate(self.workers):
            if worker.job is None and pending:
                if worker.hand(pending[0]):
                    pending.popleft()
                else:
                    worker.stop()
                    self.workers[i] = self.started()

    def received(self, worker: WorkerProcess) -> Outcome:
        """The worker's outcome; if it died instead, a failed one, and a new worker in its place."""
        job, worker.job = worker.job, None
        try:
            return worker.connection.recv()
        except (EOFError, OSError):
            worker.process.join(STOP_SECONDS)
            code = worker.process.exitcode
            worker.stop()
            self.workers[self.workers.index(worker)] = self.started()
            error = f"the worker process died (exit code {code}) while running this report"
            return Outcome(job.name, error, time.perf_counter() - worker.since, {}, {})

    def started(self) -> WorkerProcess:
        """A new worker process.

        What this process holds is frozen out of the garbage collector first, so the worker's
        collections never walk (and so copy) the memory it shares with this process.
        """
        gc.freeze()
        return WorkerProcess(self.settings, Path(self.scratch.name), self.warmed_kernel())

    def warmed_kernel(self) -> WarmKernel | None:
        """The next kernel started ahead, once its warm-up has ended (a worker cannot learn
        that: the answer comes to this process); None if none is left or its warm-up failed."""
        while self.kernels:
            kernel = self.kernels.popleft()
            with contextlib.suppress(ReportKernelError):  # the kernel is stopped: try the next
                kernel.finish_warming()
                return kernel
        return None

    def stop_spare_kernels(self) -> None:
        """Stop the kernels started ahead that no worker took."""
        while self.kernels:
            self.kernels.popleft().discard()

    def close(self) -> None:
        """Stop every worker (killing busy ones) and spare kernel, and remove their scratch folders."""
        for worker in self.workers:
            worker.release()  # all wind down at once
        self.stop_spare_kernels()
        for worker in self.workers:
            worker.stop()
        self.workers = []
        self.scratch.cleanup()

    def __enter__(self) -> LocalWorkers:
        return self

    def __exit__(self, *exc_info) -> None:
        self.close()


def serve(
    connection: Connection, settings: ReportSettings, parent: int, scratch: Path, kernel: WarmKernel | None
) -> None:
    """A worker process: run each job received on ``connection`` and send back its outcome, on
    ``kernel`` (started by the batch; None: its own).

    Runs in a process group of its own, so Ctrl-C at the terminal reaches only the batch,
    which decides when workers stop. Ends when ``None`` arrives or the batch is gone, at once:
    tearing down the interpreter's loaded modules and catalog would take most of a second.
    """
    os.setpgid(0, 0)
    signal.signal(signal.SIGINT, signal.default_int_handler)  # not the batch's handler, forked with it
    worker = ReportWorker(settings, scratch, kernel)
    tempfile.tempdir = str(worker.folder)  # the browser's profile too: removed however the worker ends
    if "pdf" in settings.formats and settings.pdf_engine == "chromium":  # starts while the kernel warms
        threading.Thread(target=start_printer, daemon=True).start()
    threading.Thread(target=exit_when_orphaned, args=(parent, worker.folder), daemon=True).start()
    try:
        while (job := connection.recv()) is not None:
            connection.send(worker.outcome(job))
    except EOFError:
        pass
    finally:
        worker.close()
        if os.getppid() != parent:  # the batch was killed: nobody else will remove its scratch folder
            with contextlib.suppress(OSError):
                scratch.rmdir()
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(0)


def exit_when_orphaned(parent: int, folder: Path) -> None:
    """End this process, removing its scratch ``folder``, once ``parent`` is gone (its kernel follows).

    The batch's scratch folder (the parent of ``folder``) goes too when it is left empty.
    """
    while os.getppid() == parent:
        time.sleep(1)
    shutil.rmtree(folder, ignore_errors=True)
    with contextlib.suppress(OSError):
        folder.parent.rmdir()
    os._exit(1)
