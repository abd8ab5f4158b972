"""Kernels for report runs: IPC sockets in Jupyter's runtime folder, quick to be ready and to
die, and a kernel started ahead of its notebook run, warming up while the caller works."""

from __future__ import annotations

import ast
import asyncio
import contextlib
import json
import os
import signal
import subprocess
import time
import uuid
from pathlib import Path
from queue import Empty

from jupyter_client import AsyncKernelClient, AsyncKernelManager, BlockingKernelClient
from jupyter_client.kernelspec import NoSuchKernel
from jupyter_core.paths import jupyter_runtime_dir
from jupyter_core.utils import run_sync

from analysis.report.errors import kernel_not_installed

NO_HISTORY_FILE = "--HistoryManager.hist_file=:memory:"  # as nbclient does for its own kernels
WARM_MODULES = ("pandas", "IPython.display", "analysis.report")  # for reused kernels
EXIT_POLL_SECONDS = 0.005


class QuickReadyClient(AsyncKernelClient):
    """A kernel client ready as soon as the kernel answers and IOPub is connected.

    jupyter_client's own ``wait_for_ready`` then also waits until IOPub has been quiet for
    0.2 s, on every report; the messages it would drain answer other requests, and nbclient
    skips those anyway.
    """

    async def wait_for_ready(self, timeout: float | None = None) -> None:
        """Return once a ``kernel_info`` request is answered and an IOPub message arrived."""
        deadline = time.monotonic() + (timeout if timeout is not None else float("inf"))
        while True:
            self.kernel_info()
            try:
                reply = await self.shell_channel.get_msg(timeout=1)
                if reply["msg_type"] == "kernel_info_reply":
                    await self.iopub_channel.get_msg(timeout=0.2)
                    self._handle_kernel_info_reply(reply)
                    return
            except Empty:
                pass
            if not await self._async_is_alive():
                raise RuntimeError("Kernel died before replying to kernel_info")
            if time.monotonic() > deadline:
                raise RuntimeError(f"Kernel didn't respond in {timeout:g} seconds")


class ReportKernelManager(AsyncKernelManager):
    """A kernel manager whose clients are ``QuickReadyClient``s and whose immediate shutdown
    (a kill) returns as soon as the process is gone, rather than at jupyter_client's next
    0.1 s poll (``_async_wait``)."""

    async def _async_wait(self, pollinterval: float = 0.1) -> None:
        while await self._async_is_alive():
            await asyncio.sleep(EXIT_POLL_SECONDS)


def ipc_kernel_manager(
    kernel_name: str = "python3", manager_class: type[ReportKernelManager] = ReportKernelManager
) -> ReportKernelManager:
    """A kernel manager (a ``manager_class``), not started, whose sockets are files in Jupyter's
    runtime folder.

    The connection file is named explicitly so the socket paths are absolute and unique; left to
    its defaults, ``transport="ipc"`` puts them at ``kernel-ipc-N`` in the kernel's cwd.
    """
    runtime = Path(jupyter_runtime_dir())
    runtime.mkdir(parents=True, exist_ok=True, mode=0o700)
    connection_file = runtime / f"kernel-{uuid.uuid4().hex[:12]}.json"
    return manager_class(
        kernel_name=kernel_name,
        transport="ipc",
        connection_file=str(connection_file),
        client_factory=QuickReadyClient,
    )


def notebook_imports(notebook: bytes | str) -> list[ast.Import | ast.ImportFrom]:
    """The import statements at the top level of a notebook's code cells (``.ipynb`` text; cells
    that are not Python are skipped)."""
    imports = []
    for cell in json.loads(notebook)["cells"]:
        if cell["cell_type"] != "code":
            continue
        source = cell["source"] if isinstance(cell["source"], str) else "".join(cell["source"])
        try:
            tree = ast.parse(source)
        except SyntaxError:
            continue
        imports += [n for n in tree.body if isinstance(n, ast.Import | ast.ImportFrom)]
    return imports


def import_statements(notebook: Path) -> str:
    """The notebook's import statements (``notebook_imports``) as one piece of code."""
    return "\n".join(ast.unparse(n) for n in notebook_imports(Path(notebook).read_bytes()))


def imported_modules(notebook: bytes) -> list[str]:
    """The modules the notebook's import statements import (absolute ones), each once."""
    modules = []
    for node in notebook_imports(notebook):
        if isinstance(node, ast.Import):
            modules += [alias.name for alias in node.names]
        elif node.level == 0 and node.module:
            modules.append(node.module)
    return list(dict.fromkeys(modules))


def warm_code(imports: str, catalog_path: str | None) -> str:
    """Code that runs ``imports`` and loads the catalog at ``catalog_path`` (None: the project's)
    with its indexes, binding no name in the kernel's namespace.

    The garbage collector is off meanwhile, and what was loaded is then kept out of its later
    passes (``gc.freeze``): tracing the new modules' objects again and again cost about a tenth
    of the warm-up.
    """
    return (
        "__import__('gc').disable()\n"
        "try:\n"
        f"    exec({imports!r}, {{}})\n"
        f"    __import__('analysis.catalog.store', fromlist=['*']).catalog_at({catalog_path!r}).indexed()\n"
        "finally:\n"
        "    __import__('gc').freeze()\n"
        "    __import__('gc').enable()\n"
    )


def launched_kernel(
    manager: ReportKernelManager, cwd: Path, code: str, **execute: bool
) -> tuple[ReportKernelManager, BlockingKernelClient, str]:
    """``manager`` with its kernel launched in ``cwd`` (no history file), a client on its shell
    channel, and the id of ``code`` sent to it silently, not waited for; ``ReportKernelError``
    if the kernel is not installed. ``execute`` are more options of the execute request."""
    try:
        run_sync(manager.start_kernel)(cwd=str(cwd), extra_arguments=[NO_HISTORY_FILE])
    except NoSuchKernel as error:
        raise kernel_not_installed(manager.kernel_name) from error
    client = shell_client(manager.connection_file)
    return manager, client, client.execute(code, silent=True, store_history=False, **execute)


def shell_client(connection_file: str) -> BlockingKernelClient:
    """A client of the kernel in ``connection_file``, on its shell channel only."""
    client = BlockingKernelClient(connection_file=connection_file)
    client.load_connection_file()
    client.start_channels(iopub=False, stdin=False, hb=False, control=False)
    return client


class AdoptedProcess:
    """A kernel process launched by another process (this one's parent, before it forked this
    one), in place of the ``Popen`` a kernel manager's provisioner keeps: that one's ``poll``
    and ``wait`` only work in the process that launched it.

    Signals go to the process by id; it counts as ended once Linux's ``/proc`` shows it gone or
    a zombie (the launcher reaps it). Its exit status is not this process's to learn: -1.
    """

    stdin = stdout = stderr = None

    def __init__(self, pid: int):
        self.pid = pid
        self.returncode: int | None = None

    def poll(self) -> int | None:
        """None while the process runs, else -1."""
        if self.returncode is None:
            try:
                state = Path(f"/proc/{self.pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
            except (OSError, IndexError):
                state = "X"
            if state in ("Z", "X"):
                self.returncode = -1
        return self.returncode

    def wait(self, timeout: float | None = None) -> int:
        """The exit status (-1) once the process has ended; ``TimeoutExpired`` after ``timeout`` s."""
        deadline = None if timeout is None else time.monotonic() + timeout
        while self.poll() is None:
            if deadline is not None and time.monotonic() > deadline:
                raise subprocess.TimeoutExpired(str(self.pid), timeout)
            time.sleep(EXIT_POLL_SECONDS)
        return self.returncode

    def send_signal(self, signum: int) -> None:
        """Send ``signum`` to the process, if it still runs."""
        if self.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                os.kill(self.pid, signum)

    def kill(self) -> None:
        self.send_signal(signal.SIGKILL)

    def terminate(self) -> None:
        self.send_signal(signal.SIGTERM)


def adopted(manager: ReportKernelManager) -> ReportKernelManager:
    """``manager``, inherited from the process that launched its kernel and forked this one,
    made to work from here: it follows the kernel process by id (``AdoptedProcess``), and its
    session signs messages for this process (a session drops what a forked process sends with
    it). The launcher's sockets are left alone: pyzmq does not close a socket in another process
    than the one that made it."""
    provisioner = manager.provisioner
    if provisioner is not None and provisioner.process is not None:
        provisioner.process = AdoptedProcess(provisioner.process.pid)
    session = manager.session.clone()
    session.pid = os.getpid()
    manager.session = session
    return manager


def stop_kernel(manager: AsyncKernelManager | None, client: BlockingKernelClient | None) -> None:
    """Close the client's channels, then kill the kernel (if it was started) and remove its files."""
    if client is not None:
        client.stop_channels()
    if manager is not None and manager.has_kernel:
        run_sync(manager.shutdown_kernel)(now=True)


class EarlyKernel:
    """A kernel for one notebook run, started before the run is ready so that its start-up and
    imports overlap the caller's own work (resolving names, loading exporters).

    ``start()`` launches it in the notebook's folder and sends it, without waiting for an answer, code that runs
    the notebook's imports and loads the catalog. Sent silently, that code leaves no output and no
    execution count; whatever fails in it fails again, visibly, in the notebook (and does not make
    the kernel drop the requests queued behind it: ``stop_on_error=False``). Pass ``manager``
    to ``write_report(kernel_manager=...)``: the run kills the kernel when it ends. ``stop()``
    kills it if it still runs (the run failed or never came) and closes the connection.
    """

    def __init__(self, notebook: Path, catalog_path: str | None = None, kernel_name: str = "python3"):
        self.notebook = Path(notebook)
        self.catalog_path = catalog_path
        self.kernel_name = kernel_name
        self.manager: ReportKernelManager | None = None
        self.client: BlockingKernelClient | None = None

    def start(self) -> EarlyKernel:
        """Launch the kernel and send it the warm-up code; ``ReportKernelError`` if not installed."""
        code = warm_code(import_statements(self.notebook), self.catalog_path)
        self.manager, self.client, _ = launched_kernel(
            ipc_kernel_manager(self.kernel_name), self.notebook.parent, code, stop_on_error=False
        )
        return self

    def stop(self) -> None:
        """Kill the kernel if it still runs, remove its connection files and close the channels."""
        stop_kernel(self.manager, self.client)
        self.client = None
