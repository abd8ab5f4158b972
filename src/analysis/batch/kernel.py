"""One kernel kept warm for many reports: started once, reset before each report, replaced when unfit."""

from __future__ import annotations

import time
from collections.abc import Sequence
from pathlib import Path
from queue import Empty
from typing import TYPE_CHECKING

from jupyter_client import AsyncKernelManager, BlockingKernelClient
from jupyter_core.utils import run_sync

from analysis.report.errors import ReportKernelError
from analysis.report.kernels import (
    WARM_MODULES,
    adopted,
    imported_modules,
    ipc_kernel_manager,
    launched_kernel,
    shell_client,
    stop_kernel,
)

if TYPE_CHECKING:
    from analysis.batch.kernel_template import KernelTemplate

STATE_MODULE = "analysis.batch.kernel_state"
RESET_CODE = f"__import__({STATE_MODULE!r}).batch.kernel_state.restore()"
RESET_TIMEOUT = 30


def warm_and_save_code(modules: Sequence[str], load_default_catalog: bool) -> str:
    """Code that imports ``modules`` in a kernel, loads the catalog and saves the kernel's state."""
    call = f"warm({list(modules)!r}, {load_default_catalog!r})"
    return f"__import__({STATE_MODULE!r}).batch.kernel_state.{call}"


class LentKernel:
    """A started kernel lent to one notebook run, which may not shut it down.

    ``execute_notebook`` shuts down the kernel it is given once the run ends; this stand-in
    passes everything else to the real manager, so the kernel lives on for the next report.
    """

    def __init__(self, manager: AsyncKernelManager):
        self._manager = manager

    def __getattr__(self, name: str):
        return getattr(self._manager, name)

    async def shutdown_kernel(self, now: bool = False, restart: bool = False) -> None:
        """Keep the kernel running."""

    async def cleanup_resources(self, restart: bool = False) -> None:
        """Keep the connection file (the kernel is still in use)."""


class WarmKernel:
    """A kernel reused report after report, each report finding it as a fresh kernel would be.

    ``start()`` launches the kernel and asks it to warm up (import ``modules``, load the
    default catalog) without waiting. ``lend()`` returns it for ``write_report(kernel_manager=...)``:
    warmed, or reset to its warmed state if a report ran before (see ``kernel_state``), or
    replaced if it died or stopped answering. After a report that may have left a cell running
    (timeout) or the kernel dead, call ``discard()``. Given a ``template``
    (``batch.kernel_template``), its first start is a fork of that; replacements start as usual.
    """

    def __init__(
        self,
        cwd: Path,
        *,
        modules: Sequence[str] = WARM_MODULES,
        load_default_catalog: bool = True,
        kernel_name: str = "python3",
        startup_timeout: float = 60,
        template: KernelTemplate | None = None,
    ):
        self.cwd = Path(cwd)
        self.modules = list(modules)
        self.load_default_catalog = load_default_catalog
        self.kernel_name = kernel_name
        self.template = template
        self.startup_timeout = startup_timeout
        self.manager: AsyncKernelManager | None = None
        self.client: BlockingKernelClient | None = None
        self.warming: str | None = None  # id of the warm-up request not yet answered
        self.used = False

    @classmethod
    def for_notebook(cls, notebook: Path, source: bytes, kernel_name: str = "python3") -> WarmKernel:
        """A kernel (not started) for runs of ``notebook`` (its bytes: ``source``): in its folder,
        warmed with the notebook's imports."""
        modules = [*WARM_MODULES, *imported_modules(source)]
        return cls(Path(notebook).parent, modules=modules, kernel_name=kernel_name)

    @property
    def warm_code(self) -> str:
        """The code that warms this kernel up (``warm_and_save_code``)."""
        return warm_and_save_code(self.modules, self.load_default_catalog)

    @property
    def launch(self) -> tuple[Path, str, str]:
        """What the kernel is started with: folder, warm-up code, kernel name."""
        return self.cwd, self.warm_code, self.kernel_name

    def start(self) -> None:
        """Launch a kernel in ``cwd`` and send it the warm-up code; ``lend()`` awaits the answer."""
        template, self.template = self.template, None
        manager = template.kernel_manager() if template else ipc_kernel_manager(self.kernel_name)
        self.manager, self.client, self.warming = launched_kernel(manager, self.cwd, self.warm_code)
        self.used = False

    def adopt(self) -> None:
        """Take this kernel over in a process forked from the one that started it and saw its
        warm-up end (``finish_warming``): with a client of its own (the launcher's is not this
        process's to use), following the kernel process by its id (``report.kernels.adopted``)."""
        if self.manager is not None:
            self.manager = adopted(self.manager)
            self.client = shell_client(self.manager.connection_file)

    def lend(self) -> LentKernel:
        """The kernel, ready for one report."""
        if self.manager is not None and self.used and not self.reset():
            self.discard()
        if self.manager is None:
            self.start()
        self.finish_warming()
        self.used = True
        return LentKernel(self.manager)

    def finish_warming(self) -> None:
        """Wait for the warm-up to end, if it has not been seen to, and check the kernel still
        runs (which also learns a forked kernel's process id, before a worker is forked to take
        it over); ``ReportKernelError`` (kernel discarded) if it failed."""
        if self.warming is None:
            return
        request, self.warming = self.warming, None
        try:
            error = self.reply_error(request, self.startup_timeout)
            if not error and not run_sync(self.manager.is_alive)():
                error = "the kernel died"
        except BaseException:
            self.discard()
            raise
        if error:
            self.discard()
            raise ReportKernelError(f"warming a report kernel failed: {error}")

    def reset(self) -> bool:
        """Whether the kernel answered and is back in its warmed state."""
        try:
            request = self.client.execute(RESET_CODE, silent=True, store_history=False)
            return self.reply_error(request, RESET_TIMEOUT) == ""
        except ReportKernelError:
            return False

    def reply_error(self, request: str, timeout: float) -> str:
        """ "" once ``request`` succeeded, else "Name: message"; ``ReportKernelError`` if no reply."""
        deadline = time.monotonic() + timeout
        while True:
            try:
                reply = self.client.get_shell_msg(timeout=1)
            except Empty:
                if not run_sync(self.manager.is_alive)():
                    raise ReportKernelError("the report kernel died") from None
                if time.monotonic() > deadline:
                    raise ReportKernelError(f"the report kernel did not answer in {timeout:g} s") from None
                continue
            if reply["parent_header"].get("msg_id") == request:
                content = reply["content"]
                return "" if content["status"] == "ok" else f"{content.get('ename')}: {content.get('evalue')}"

    def discard(self) -> None:
        """Stop the kernel now, if there is one; the next ``lend()`` starts another."""
        manager, client = self.manager, self.client
        self.manager, self.client, self.warming = None, None, None
        stop_kernel(manager, client)
