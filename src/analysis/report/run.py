"""Running a report notebook with papermill: parameters as data, IPC kernels, clear errors."""

from __future__ import annotations

import keyword
import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import nbformat
import papermill
from jupyter_client.kernelspec import NoSuchKernel
from nbclient.exceptions import CellTimeoutError, DeadKernelError
from papermill.clientwrap import PapermillNotebookClient
from papermill.engines import NBClientEngine, papermill_engines
from papermill.exceptions import PapermillExecutionError
from papermill.log import logger

from analysis.errors import ParameterError
from analysis.files import write_atomic
from analysis.report.errors import ReportCellError, ReportKernelError, kernel_not_installed
from analysis.report.kernels import ipc_kernel_manager

ENGINE_NAME = "analysis-report"
PARAMETER_TYPES = (str, int, float, bool, type(None))


class ReportEngine(NBClientEngine):
    """papermill's nbclient engine with an IPC kernel in a given cwd, killed after the run.

    The kernel serves this run only and all its output is in by then, so it is killed rather
    than asked to shut down (a graceful shutdown waits about 0.7 s for the process to exit).
    The notebook is written once when the run ends, passed or failed (papermill also writes
    it as the run starts, as each cell starts and ends, and again as the run ends: 34 writes of
    a 400 KB notebook for the pair report).
    """

    @classmethod
    def execute_notebook(cls, nb, kernel_name, output_path=None, **kwargs):
        """papermill's run, the notebook's path kept from it (it saves there as the run starts)."""
        return super().execute_notebook(nb, kernel_name, output_path=None, saved_to=output_path, **kwargs)

    @classmethod
    def execute_managed_notebook(
        cls,
        nb_man,
        kernel_name,
        *,
        saved_to=None,
        km=None,
        kernel_cwd=None,
        start_timeout=60,
        execution_timeout=None,
        log_output=False,
        **_unused,
    ):
        """Execute every cell in ``km`` (default: a new IPC kernel), then shut the kernel down;
        after a failure, the notebook is saved to ``saved_to`` as the run ends."""
        client = PapermillNotebookClient(
            nb_man,
            km=km or ipc_kernel_manager(kernel_name),
            kernel_name=kernel_name,
            timeout=execution_timeout,
            startup_timeout=start_timeout,
            log=logger,
            log_output=log_output,
            resources={"metadata": {"path": str(kernel_cwd)}} if kernel_cwd else {},
            shutdown_kernel="immediate",
        )
        try:
            return client.execute(cleanup_kc=True)
        except BaseException:
            nb_man.output_path = saved_to  # saved as the run ends; after a success papermill writes it
            raise


papermill_engines.register(ENGINE_NAME, ReportEngine)


def checked_parameters(parameters: Mapping[str, Any]) -> dict[str, Any]:
    """The parameters as a plain dict, if every name is an identifier and every value JSON-like."""
    for name, value in parameters.items():
        if not isinstance(name, str) or not name.isidentifier() or keyword.iskeyword(name):
            raise ParameterError(f"report parameter name {name!r} is not a Python identifier")
        if not json_like(value):
            raise ParameterError(
                f"report parameter {name} must be a string, number, boolean, None, "
                f"or a list or dict of those, got {type(value).__name__}"
            )
    return dict(parameters)


def json_like(value: Any) -> bool:
    """Whether papermill translates ``value`` to a literal (no repr of arbitrary objects)."""
    if isinstance(value, PARAMETER_TYPES):
        return True
    if isinstance(value, list | tuple):
        return all(json_like(item) for item in value)
    if isinstance(value, dict):
        return all(isinstance(key, str) and json_like(item) for key, item in value.items())
    return False


def running_path(output_ipynb: Path) -> Path:
    """Where papermill saves the notebook while it runs; renamed to ``output_ipynb`` at the end."""
    return output_ipynb.with_name(f".{output_ipynb.name}.running.ipynb")


def execute_notebook(
    notebook: Path,
    parameters: Mapping[str, Any],
    output_ipynb: Path,
    *,
    kernel_name: str = "python3",
    timeout: float | None = 600,
    cwd: Path | None = None,
    kernel_manager=None,
) -> nbformat.NotebookNode:
    """The executed notebook; also written to ``output_ipynb``, whether the run passes or fails.

    ``parameters`` reach papermill as data (checked JSON-like values). ``timeout`` bounds each
    cell in seconds; ``cwd`` is the kernel's working folder (default: the notebook's);
    ``kernel_manager`` is a started kernel (see ``analysis.batch.kernel``; its cwd was set at start),
    shut down after use.
    Raises ``ReportCellError`` for a failing or timed-out cell and ``ReportKernelError`` for a
    kernel that is not installed or dies.
    """
    notebook, output_ipynb = Path(notebook), Path(output_ipynb)
    running = running_path(output_ipynb)
    try:
        return papermill.execute_notebook(
            str(notebook),
            str(running),
            parameters=checked_parameters(parameters),
            engine_name=ENGINE_NAME,
            kernel_name=kernel_name,
            progress_bar=False,
            execution_timeout=timeout,
            km=kernel_manager,
            kernel_cwd=str(cwd or notebook.parent),
        )
    except PapermillExecutionError as error:
        raise ReportCellError(cell_failure(error, output_ipynb)) from error
    except CellTimeoutError as error:
        os.replace(running, output_ipynb)
        reason = f"ran longer than {timeout} s and was stopped"
        raise ReportCellError(record_stop(output_ipynb, "TimeoutError", reason)) from error
    except DeadKernelError as error:
        os.replace(running, output_ipynb)
        reason = "stopped: the kernel died (crash, exit or out of memory)"
        raise ReportKernelError(record_stop(output_ipynb, "DeadKernelError", reason)) from error
    except NoSuchKernel as error:
        raise kernel_not_installed(kernel_name) from error
    finally:
        if running.exists():
            os.replace(running, output_ipynb)


def cell_failure(error: PapermillExecutionError, output_ipynb: Path) -> str:
    """One line: which cell failed, the exception's last line, where the notebook is kept."""
    exception = f"{error.ename}: {error.evalue}".strip().splitlines()[-1]
    return (
        f"cell In [{error.exec_count}] ({first_line(error.source)!r}) raised {exception}; "
        f"executed notebook kept at {output_ipynb}"
    )


def record_stop(output_ipynb: Path, ename: str, reason: str) -> str:
    """Show ``reason`` as an error in the cell that was running when the run stopped; one line.

    A timeout or a dead kernel leaves no error output by itself, so the kept notebook is
    rewritten with one in the last cell papermill started.
    """
    executed = nbformat.read(output_ipynb, as_version=4)
    started = [
        cell
        for cell in executed.cells
        if cell.cell_type == "code" and cell.metadata.get("papermill", {}).get("start_time")
    ]
    if not started:
        return f"{reason} before any cell ran; notebook kept at {output_ipynb}"
    cell = started[-1]
    cell.outputs.append(
        nbformat.v4.new_output("error", ename=ename, evalue=reason, traceback=[f"{ename}: {reason}"])
    )
    write_atomic(output_ipynb, nbformat.writes(executed))
    count = f"In [{cell.execution_count}] " if cell.execution_count else ""
    return f"cell {count}({first_line(cell.source)!r}) {reason}; executed notebook kept at {output_ipynb}"


def first_line(text: str, width: int = 60) -> str:
    """The first non-blank line of ``text``, shortened to ``width`` characters."""
    line = next((line.strip() for line in text.splitlines() if line.strip()), "")
    return line if len(line) <= width else line[: width - 1] + "…"
