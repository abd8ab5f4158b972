"""Kernels forked from one warmed template: a forked kernel is set up as a launched one is, runs
the report as a fresh kernel does, and neither it nor the template outlives its use."""

from __future__ import annotations

import os
import time

import psutil
import pytest

from analysis.batch.kernel import WarmKernel
from analysis.batch.kernel_template import KernelTemplate, launcher_prefix
from analysis.catalog.settings import NOTEBOOK
from analysis.report import execute_notebook, report_basename, write_report
from analysis.report.errors import ReportKernelError
from analysis.report.kernels import WARM_MODULES, imported_modules
from analysis.request import pair_request, request_terms

MODULES = [*WARM_MODULES, *imported_modules(NOTEBOOK.read_bytes())]
# What a kernel's process looks like from inside; each line compared between a launched and a forked kernel.
STATE = (
    "import os, sys, json\n"
    "print(json.dumps({'cwd': os.getcwd(), 'path': sys.path, 'argv0': os.path.basename(sys.argv[0]),\n"
    "    'argv': sys.argv[1:2], 'parent_pid_set': 'JPY_PARENT_PID' in os.environ,\n"
    "    'own_session': os.getsid(0) == os.getpid(), 'catalog': 'analysis.catalog.store' in sys.modules,\n"
    "    'env': sorted(k for k in os.environ if k != 'JPY_PARENT_PID'), 'count': get_ipython().execution_count,\n"
    "    'names': sorted(n for n in globals() if not n.startswith('_'))}))"
)


def state_notebook(folder):
    import nbformat
    from nbformat.v4 import new_code_cell, new_notebook

    path = folder / "state.ipynb"
    kernelspec = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nbformat.write(new_notebook(cells=[new_code_cell(STATE)], metadata={"kernelspec": kernelspec}), path)
    return path


def printed(nb) -> str:
    return "".join(output.get("text", "") for cell in nb.cells for output in cell.outputs)


def wait_for(condition, seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.05)


def test_only_kernels_run_by_ipykernel_launcher_can_be_forked():
    command = ["/venv/bin/python", "-Xfrozen_modules=off", "-m", "ipykernel_launcher", "-f", "k.json"]
    assert launcher_prefix(command) == ["/venv/bin/python", "-Xfrozen_modules=off"]
    assert launcher_prefix(["julia", "-i", "kernel.jl", "k.json"]) is None
    assert launcher_prefix(["python", "-m", "other_launcher", "-f", "k.json"]) is None
    assert KernelTemplate.started("no-such-kernel-xyz", MODULES, True) is None


@pytest.mark.slow
def test_a_forked_kernel_is_set_up_as_a_launched_one_and_writes_the_same_report(tmp_path):
    template = KernelTemplate.started("python3", MODULES, True)
    forked = WarmKernel(NOTEBOOK.parent, modules=MODULES, template=template)
    launched = WarmKernel(NOTEBOOK.parent, modules=MODULES)
    try:
        forked.start()
        launched.start()
        notebook = state_notebook(tmp_path)
        states = [
            printed(execute_notebook(notebook, {}, tmp_path / f"{i}.ipynb", kernel_manager=kernel.lend()))
            for i, kernel in enumerate((forked, launched))
        ]
        pid = forked.manager.provisioner.process.pid
        assert psutil.Process(pid).ppid() == template.process.pid != os.getpid()
        assert states[0] == states[1]
        assert '"own_session": true' in states[0] and '"parent_pid_set": true' in states[0]
        assert '"catalog": true' in states[0] and '"argv0": "ipykernel_launcher.py"' in states[0]

        request = pair_request("GPT-5.3-Codex-Spark", "Step 3.5 Flash", *request_terms({}))
        name = report_basename(request.a, request.b, request.digest)
        html = [
            write_report(
                NOTEBOOK,
                request.parameters(),
                tmp_path / folder,
                name,
                formats=("html",),
                kernel_manager=kernel.lend(),
            ).html.read_bytes()
            for folder, kernel in (("forked", forked), ("launched", launched))
        ]
        assert html[0] == html[1]
    finally:
        forked.discard()
        launched.discard()
    assert not psutil.pid_exists(pid)
    assert template.process.returncode is not None  # stopped with its last kernel, and reaped


@pytest.mark.slow
def test_two_kernels_share_one_template_which_stops_after_the_last(tmp_path):
    template = KernelTemplate.started("python3", MODULES, True)
    kernels = [WarmKernel(tmp_path, modules=MODULES, template=template) for _ in range(2)]
    for kernel in kernels:
        kernel.start()
    for kernel in kernels:
        kernel.finish_warming()
    pids = [kernel.manager.provisioner.process.pid for kernel in kernels]
    assert [psutil.Process(pid).ppid() for pid in pids] == [template.process.pid] * 2
    kernels[0].discard()
    assert template.process.poll() is None  # still needed by the second kernel
    kernels[1].discard()
    assert template.process.returncode is not None
    assert not any(map(psutil.pid_exists, pids))

    # A replacement (after the first kernel was discarded) is launched, not forked.
    kernels[0].start()
    try:
        kernels[0].finish_warming()
        assert psutil.Process(kernels[0].manager.provisioner.process.pid).ppid() == os.getpid()
    finally:
        kernels[0].discard()


@pytest.mark.slow
def test_the_kernels_end_when_the_template_does(tmp_path):
    template = KernelTemplate.started("python3", MODULES, True)
    kernel = WarmKernel(tmp_path, modules=MODULES, template=template)
    kernel.start()
    kernel.finish_warming()
    pid = kernel.manager.provisioner.process.pid
    template.close()  # as when the batch is gone: the channel closes
    wait_for(lambda: not psutil.pid_exists(pid))
    kernel.discard()


@pytest.mark.slow
def test_a_template_gone_before_it_forked_fails_the_warm_up_at_once(tmp_path):
    template = KernelTemplate.started("python3", MODULES, True)
    kernel = WarmKernel(tmp_path, modules=MODULES, template=template)
    kernel.start()
    template.process.kill()
    start = time.monotonic()
    with pytest.raises(ReportKernelError, match="the report kernel died"):
        kernel.finish_warming()
    assert time.monotonic() - start < 10
    assert kernel.manager is None  # discarded: the next lend() launches a kernel of its own


@pytest.mark.slow
def test_kernels_given_up_before_the_template_is_warm_stop_at_once(tmp_path):
    """A batch that ends before its first report (bad input, nothing to redo) does not wait for
    the warm-up it no longer needs."""
    template = KernelTemplate.started("python3", MODULES, True)
    kernels = [WarmKernel(tmp_path, modules=MODULES, template=template) for _ in range(2)]
    for kernel in kernels:
        kernel.start()
    start = time.monotonic()
    for kernel in kernels:
        kernel.discard()
    assert time.monotonic() - start < 0.5  # the warm-up takes over a second
    assert template.process.returncode is not None
    assert [
        p
        for p in psutil.Process().children(recursive=True)
        if "kernel_template" in " ".join(p.cmdline()) and p.status() != psutil.STATUS_ZOMBIE
    ] == []
