"""One warm-up for all of a batch's kernels: a template process that forks them.

A kernel's warm-up (IPython, pandas, the notebook's modules, the catalog) costs over a CPU
second, and a batch starts one kernel per core while it loads its own modules on the same
cores. The template does the warm-up once, then forks each kernel asked of it; a forked
kernel is ready in about a tenth of the CPU time and shares the template's memory.

The template is run with the kernel's own interpreter and flags (``python -m
analysis.batch.kernel_template`` in place of ``-m ipykernel_launcher``), so only kernels
launched with ``-m ipykernel_launcher`` are forked. On its channel, a socket, the first line of
JSON says what to warm up; it answers each line after that, a fork request, with the kernel's
process id. When the channel closes (the last of its kernels was shut down, or the batch is
gone) it kills the kernels it forked that still run, and exits; its kernels exit by themselves
if it dies (ipykernel's parent poller).
"""

from __future__ import annotations

import contextlib
import json
import os
import select
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Sequence
from importlib.util import find_spec

from jupyter_client.kernelspec import NoSuchKernel

from analysis.report.kernels import AdoptedProcess, ReportKernelManager, ipc_kernel_manager

LAUNCHER = ("-m", "ipykernel_launcher")
ANSWER_SECONDS = 60  # the template's warm-up, before it answers its first request


class KernelTemplate:
    """A template process started for ``kernel_name``'s kernels, warmed with ``modules`` (and
    the default catalog if ``load_default_catalog``); ``kernel_manager()`` makes managers
    whose kernels it forks. It stops once every kernel it forked has been shut down."""

    def __init__(
        self, prefix: list[str], modules: Sequence[str], load_default_catalog: bool, kernel_name: str
    ):
        self.kernel_name = kernel_name
        self.launcher = os.getpid()
        self.channel, theirs = socket.socketpair()
        self.channel.settimeout(ANSWER_SECONDS)
        command = [*prefix, "-m", __name__, str(theirs.fileno())]
        # What jupyter_client gives a kernel it launches: its own session, and the launcher's pid
        # (ipykernel reads it on import: its kernels then exit should the template die).
        env = {**os.environ, "JPY_PARENT_PID": str(self.launcher)}
        self.process = subprocess.Popen(
            command, stdin=subprocess.DEVNULL, pass_fds=[theirs.fileno()], env=env, start_new_session=True
        )
        theirs.close()
        self.send({"modules": [*modules], "load_default_catalog": load_default_catalog})
        self.asked = 0  # fork requests sent
        self.pids: list[int | None] = []  # answers received, in order; None: not forked
        self.partial = b""  # the start of an answer not yet whole
        self.running = 0  # kernels made and not yet shut down

    @classmethod
    def started(
        cls, kernel_name: str, modules: Sequence[str], load_default_catalog: bool
    ) -> KernelTemplate | None:
        """A template for ``kernel_name``'s kernels, started now; None if that kernel is not
        installed or not launched with ``-m ipykernel_launcher``."""
        try:
            command = ipc_kernel_manager(kernel_name).format_kernel_cmd()
        except NoSuchKernel:
            return None
        prefix = launcher_prefix(command)
        return None if prefix is None else cls(prefix, modules, load_default_catalog, kernel_name)

    def kernel_manager(self) -> ForkedKernelManager:
        """A kernel manager (not started) whose kernel this template forks."""
        self.running += 1
        manager = ipc_kernel_manager(self.kernel_name, ForkedKernelManager)
        manager.template = self
        return manager

    def fork(self, command: list[str], cwd: str | None, env: dict | None) -> ForkedProcess:
        """Ask for a kernel run as ``command`` would run it, in ``cwd`` with ``env``; its process,
        whose id is read once needed."""
        arguments = command[command.index(LAUNCHER[1]) + 1 :]
        env = {**(env or os.environ), "JPY_PARENT_PID": str(self.launcher)}
        self.send({"arguments": arguments, "cwd": cwd or os.getcwd(), "env": env})
        self.asked += 1
        return ForkedProcess(self, self.asked - 1)

    def send(self, request: dict) -> None:
        """Send ``request`` as a line of JSON, unless the template is gone (its answer says so)."""
        with contextlib.suppress(OSError):
            self.channel.sendall((json.dumps(request) + "\n").encode())

    def read_answers(self, timeout: float) -> bool:
        """Read what the template has answered within ``timeout`` s into ``pids``; False when
        nothing came (or the template is gone)."""
        try:
            if not select.select([self.channel], [], [], timeout)[0]:
                return False
            data = self.channel.recv(4096)
        except (OSError, ValueError):  # closed
            return False
        *lines, self.partial = (self.partial + data).split(b"\n")
        self.pids += [int(line) or None for line in lines]
        return bool(data)

    def pid(self, request: int, wait: bool = True) -> int | None:
        """The id of the kernel forked for ``request``, waiting for the answer unless not
        ``wait``; None if not answered yet (not ``wait``) or never forked: the template failed,
        is gone, or was silent for ``ANSWER_SECONDS`` (it is then stopped)."""
        deadline = time.monotonic() + ANSWER_SECONDS
        while len(self.pids) <= request and self.process.returncode is None:
            if not self.read_answers(max(0.0, deadline - time.monotonic()) if wait else 0):
                if wait:
                    self.close()
                break
        return self.pids[request] if request < len(self.pids) else None

    def kernel_stopped(self) -> None:
        """One of this template's kernels was shut down; after the last, stop the template.
        Only in the process that started it: a forked worker's copy of it does nothing."""
        if os.getpid() == self.launcher:
            self.running -= 1
            if self.running <= 0:
                self.close()

    def close(self) -> None:
        """Stop the template and reap it. Once it has answered every request, it is told by the
        channel closing (it kills its kernels still running, and exits); before, it is killed
        at once (a kernel it was forking then ends by itself: its parent is gone)."""
        if self.process.returncode is not None:
            return
        while self.read_answers(0):
            pass
        if len(self.pids) < self.asked:
            self.process.kill()
        for close in (lambda: self.channel.shutdown(socket.SHUT_RDWR), self.channel.close):
            with contextlib.suppress(OSError):
                close()
        try:
            self.process.wait(ANSWER_SECONDS)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


class ForkedProcess(AdoptedProcess):
    """A kernel forked by a template, followed by its process id (``AdoptedProcess``); the id
    is the template's answer to request number ``request``, read when first needed."""

    def __init__(self, template: KernelTemplate, request: int):
        self.template = template
        self.request = request
        self.returncode = None

    @property
    def pid(self) -> int | None:
        return self.template.pid(self.request)

    def poll(self) -> int | None:
        """None while the kernel runs, else -1 (also when it was never forked)."""
        if self.pid is None:
            self.returncode = -1
        return super().poll()

    def send_signal(self, signum: int) -> None:
        """Signal the kernel. While the template has answered nothing (it is still warming up),
        stopping it stops every kernel it would fork, without waiting for it: a batch that ends
        before its first report (bad input, nothing to redo) ends at once."""
        if not self.template.pids and self.template.pid(self.request, wait=False) is None:
            self.template.close()
        if self.pid is not None:
            super().send_signal(signum)


class ForkedKernelManager(ReportKernelManager):
    """A report kernel manager whose kernel its ``template`` forks rather than launches."""

    template: KernelTemplate

    async def _async_launch_kernel(self, kernel_cmd: list[str], **kw) -> None:
        """Ask the template for the kernel (jupyter_client's hook for launching differently)."""
        provisioner = self.provisioner
        provisioner.process = self.template.fork(kernel_cmd, kw.get("cwd"), kw.get("env"))
        provisioner.cwd = kw.get("cwd")
        self._reconcile_connection_info(provisioner.connection_info)

    async def shutdown_kernel(self, now: bool = False, restart: bool = False) -> None:
        """Shut the kernel down; the template stops after its last kernel."""
        await super().shutdown_kernel(now=now, restart=restart)
        if not restart:
            self.template.kernel_stopped()


def launcher_prefix(command: Sequence[str]) -> list[str] | None:
    """What runs ``command``'s ``-m ipykernel_launcher`` (interpreter and flags); None if it does not."""
    for i in range(len(command) - 1):
        if tuple(command[i : i + 2]) == LAUNCHER:
            return list(command[:i])
    return None


def serve(channel: socket.socket) -> None:
    """The template: warm up as the first line on ``channel`` asks, then fork a kernel for each
    line after it, until the channel closes."""
    if sys.path and sys.path[0] in ("", os.getcwd()):  # as ipykernel_launcher: the kernel adds it back
        del sys.path[0]
    from ipykernel import ipkernel, kernelapp  # noqa: F401 (loaded once for every kernel)

    from analysis.batch import kernel_state

    forked = []
    with channel.makefile("r", encoding="utf-8") as requests:
        warm = json.loads(requests.readline() or "null")
        if warm:  # what fails here fails again, and is reported, in each kernel's own warm-up
            with contextlib.suppress(Exception):
                kernel_state.warm(warm["modules"], warm["load_default_catalog"])
        for line in requests:
            pid = fork_kernel(json.loads(line), channel)
            forked.append(pid)
            channel.sendall(f"{pid}\n".encode())
    for pid in forked:
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.kill(pid, signal.SIGKILL)


def fork_kernel(request: dict, channel: socket.socket) -> int:
    """Fork a kernel for ``request`` (its ``arguments`` to ipykernel_launcher, ``cwd``, ``env``);
    its process id, 0 if it could not be forked."""
    try:
        pid = os.fork()
    except OSError:
        return 0
    if pid:
        return pid
    code = 1
    try:
        os.close(channel.detach())  # the kernel has no part in the template's channel
        os.setsid()
        signal.signal(signal.SIGCHLD, signal.SIG_DFL)
        os.chdir(request["cwd"])
        os.environ.clear()
        os.environ.update(request["env"])
        from ipykernel import kernelapp

        sys.argv = [find_spec(LAUNCHER[1]).origin, *request["arguments"]]  # as the launcher has them
        kernelapp.IPKernelApp.launch_instance(request["arguments"])
        code = 0
    except SystemExit as error:
        code = error.code if isinstance(error.code, int) else 1
    except BaseException:
        import traceback

        traceback.print_exc()
    finally:
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(code)


if __name__ == "__main__":
    signal.signal(signal.SIGCHLD, signal.SIG_IGN)  # kernels are reaped as they end
    serve(socket.socket(fileno=int(sys.argv[1])))
    os._exit(0)  # at once: tearing down the warmed modules would keep the batch waiting
