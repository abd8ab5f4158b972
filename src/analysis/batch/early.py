"""What a local batch starts before its heavy imports: one warm kernel per worker.

Started as the batch starts, the kernels launch and warm up (the notebook's imports, the
catalog) while the batch loads pandas and papermill and plans its reports; each worker, forked
later, takes one over (``WarmKernel.adopt``) rather than starting its own. Only where workers
are forked (Linux): elsewhere a worker could not take over a kernel its batch launched.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from analysis.batch.kernel import WarmKernel
from analysis.batch.kernel_template import KernelTemplate
from analysis.report.errors import ReportKernelError

FORKED_WORKERS = sys.platform == "linux"


def default_workers() -> int:
    """The number of cores this process may use."""
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


def early_kernels(
    notebook: Path, workers: int | None = None, kernel_name: str = "python3"
) -> list[WarmKernel]:
    """A kernel for runs of ``notebook`` per worker (default: one per core), started now; never
    more than one per core (workers beyond that start their own: a small batch asking for many
    workers should not warm kernels it has no reports for).

    Two or more kernels are forked from one template (``batch.kernel_template``) that warms up
    once for all. An empty list where workers are not forked, when the notebook cannot be read
    (the batch then says why) or when no kernel starts (each report then says why).
    """
    if not FORKED_WORKERS:
        return []
    notebook = Path(notebook).resolve()
    try:
        source = notebook.read_bytes()
    except OSError:
        return []
    wanted = [
        WarmKernel.for_notebook(notebook, source, kernel_name)
        for _ in range(min(workers or default_workers(), default_workers()))
    ]
    if len(wanted) > 1:
        template = KernelTemplate.started(kernel_name, wanted[0].modules, wanted[0].load_default_catalog)
        for kernel in wanted:
            kernel.template = template
    kernels = []
    for kernel in wanted:
        try:
            kernel.start()
        except ReportKernelError:
            break
        kernels.append(kernel)
    return kernels
