"""Reports on a Dask cluster: the same task as on local workers, files returned to the client.

Each Dask worker thread keeps one warm kernel. Workers need this package, a Jupyter kernel and
the catalog the batch uses (same content hash; a different one fails each report with the
reason); they do not need the notebook file, which is sent with the settings.
"""

from __future__ import annotations

import time
import uuid
from collections.abc import Callable, Iterable, Iterator

from analysis.batch.jobs import Job
from analysis.batch.task import Outcome, ReportSettings, report_outcome
from analysis.errors import RunError

POLL_SECONDS = 0.2


class DaskWorkers:
    """Reports run as Dask tasks on the cluster whose scheduler is at ``address``."""

    def __init__(self, settings: ReportSettings, address: str):
        from distributed import Client

        self.settings = settings
        try:
            self.client = Client(address, timeout="20s")
        except (OSError, TimeoutError, ValueError) as e:
            raise RunError(
                f"cannot reach the Dask scheduler at {address} ({e}); expected e.g. tcp://host:8786"
            ) from None

    def outcomes(self, jobs: Iterable[Job], stopping: Callable[[], bool]) -> Iterator[tuple[Job, Outcome]]:
        """(job, outcome) as tasks finish; once ``stopping()``, unfinished tasks are cancelled."""
        from distributed import as_completed

        settings = self.client.scatter(self.settings, broadcast=True, hash=False)
        batch = uuid.uuid4().hex[:8]
        futures = {
            self.client.submit(
                report_outcome, job, settings, key=f"report-{job.name}-{batch}", pure=False
            ): job
            for job in jobs
        }
        started = time.perf_counter()
        finished = as_completed(futures)
        while not finished.is_empty():
            if stopping():
                self.client.cancel(list(futures))
                return
            done = finished.next_batch(block=False)
            for future in done:
                job = futures.pop(future)
                yield job, task_outcome(future, job, time.perf_counter() - started)
            if not done:
                time.sleep(POLL_SECONDS)

    def close(self) -> None:
        """Disconnect from the cluster (its workers keep running)."""
        self.client.close()

    def __enter__(self) -> DaskWorkers:
        return self

    def __exit__(self, *exc_info) -> None:
        self.close()


def task_outcome(future, job: Job, seconds: float) -> Outcome:
    """The task's outcome, or a failed one saying why the task itself failed (e.g. a lost worker)."""
    try:
        return future.result()
    except Exception as error:
        message = " ".join(f"{type(error).__name__}: {error}".split())
        return Outcome(job.name, f"the Dask task failed: {message}", seconds, {}, {})
