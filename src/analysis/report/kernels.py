"""Kernels for report runs: IPC sockets in Jupyter's runtime folder, and what to warm."""

from __future__ import annotations

import uuid
from pathlib import Path

from jupyter_client import AsyncKernelManager
from jupyter_core.paths import jupyter_runtime_dir

NO_HISTORY_FILE = "--HistoryManager.hist_file=:memory:"  # as nbclient does for its own kernels
WARM_MODULES = ("pandas", "IPython.display", "analysis.report")  # for reused kernels


def ipc_kernel_manager(kernel_name: str = "python3") -> AsyncKernelManager:
    """A kernel manager, not started, whose sockets are files in Jupyter's runtime folder.

    The connection file is named explicitly so the socket paths are absolute and unique; left to
    its defaults, ``transport="ipc"`` puts them at ``kernel-ipc-N`` in the kernel's cwd.
    """
    runtime = Path(jupyter_runtime_dir())
    runtime.mkdir(parents=True, exist_ok=True, mode=0o700)
    connection_file = runtime / f"kernel-{uuid.uuid4().hex[:12]}.json"
    return AsyncKernelManager(kernel_name=kernel_name, transport="ipc", connection_file=str(connection_file))
