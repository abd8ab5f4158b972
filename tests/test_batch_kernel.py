"""A warm kernel reused report after report leaks nothing, and writes what a fresh kernel writes.

One kernel runs the real report notebook (``analysis.catalog.settings.NOTEBOOK``) for one pair, then
a notebook that leaves every kind of state behind (names, an open figure, rcParams, a pandas
option, environment, ``sys.path``, a warning filter, the working folder), then a probe that
prints that state, then the report for another pair. The probe's outputs equal those of the
probe on a fresh kernel, and the last report's HTML and PDF are byte-identical to a fresh-kernel
run, its notebook identical but for timings, papermill's random id for the injected cell and
object addresses (see ``comparable``).
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_notebook

from analysis.batch.kernel import WarmKernel
from analysis.catalog.settings import NOTEBOOK
from analysis.report import execute_notebook, report_basename, write_report
from analysis.report.kernels import WARM_MODULES, imported_modules
from analysis.request import pair_request, request_terms

KERNELSPEC = {"name": "python3", "display_name": "Python 3", "language": "python"}
IMPORTS = "import os, sys, warnings\nimport matplotlib\nimport matplotlib.pyplot as plt\nimport pandas as pd"
LEAVE_BEHIND = [
    IMPORTS,
    "left_behind = 'from an earlier report'\n"
    "plt.ioff()\nleft_figure = plt.figure()\nleft_figure.gca().plot([1, 2])\n"
    "matplotlib.rcParams['lines.linewidth'] = 9\npd.set_option('display.max_rows', 3)\n"
    "os.environ['LEFT_BEHIND'] = '1'\nsys.path.append('/left/behind')\n"
    "warnings.filterwarnings('ignore', message='left behind')\nos.chdir('/')",
    "left_behind",
]
PROBE = [
    "print(sorted(name for name in globals() if not name.startswith('_')))",
    IMPORTS,
    "print('left_behind' in globals(), plt.get_fignums(), matplotlib.is_interactive())\n"
    "print(matplotlib.rcParams['lines.linewidth'], pd.get_option('display.max_rows'))\n"
    "print(os.environ.get('LEFT_BEHIND'), '/left/behind' in sys.path, os.getcwd())\n"
    "print(any(f[1] is not None and f[1].pattern == 'left behind' for f in warnings.filters))\n"
    "print(get_ipython().execution_count, len(Out))",
    "fig, ax = plt.subplots(figsize=(2, 1))\nax.plot([1, 2])\nprint(fig.number)\nplt.show()",
    "'last value'",
]
FORMATS = ("html", "pdf")


def notebook_of(folder: Path, name: str, sources: list[str]) -> Path:
    path = folder / f"{name}.ipynb"
    nbformat.write(
        new_notebook(cells=[new_code_cell(s) for s in sources], metadata={"kernelspec": KERNELSPEC}), path
    )
    return path


def outputs(nb) -> list:
    """Each code cell's execution count and outputs."""
    return [(cell.execution_count, cell.outputs) for cell in nb.cells if cell.cell_type == "code"]


def comparable(ipynb: bytes) -> dict:
    """An executed notebook without timings, papermill's random id for the injected cell, and
    object addresses in default reprs (``<... at 0x7f...>``: two fresh kernels differ there too)."""
    nb = json.loads(re.sub(rb" at 0x[0-9a-f]+>", b" at 0x...>", ipynb))
    nb["metadata"].pop("papermill")
    for cell in nb["cells"]:
        cell["metadata"].pop("papermill", None)
        cell["metadata"].pop("execution", None)
        if "injected-parameters" in cell["metadata"].get("tags", []):
            cell.pop("id")
    return nb


@pytest.mark.slow
def test_two_reports_on_one_warm_kernel_leak_nothing_and_match_a_fresh_kernel(tmp_path):
    cwd = NOTEBOOK.parent
    leaky = notebook_of(tmp_path, "leave_behind", LEAVE_BEHIND)
    probe = notebook_of(tmp_path, "probe", PROBE)
    first = pair_request("openai/gpt-4o", "Step 3.5 Flash", *request_terms({"scenario": "small"}))
    asked = pair_request(
        "GPT-5.3-Codex-Spark", "anthropic/claude-haiku-4-5", *request_terms({"scenario": "large"})
    )
    name = report_basename(asked.a, asked.b, asked.digest)
    first, second = first.parameters(), asked.parameters()

    fresh_probe = execute_notebook(probe, {}, tmp_path / "fresh_probe.ipynb", cwd=cwd)
    fresh = write_report(NOTEBOOK, second, tmp_path / "fresh", name, formats=FORMATS)

    kernel = WarmKernel(cwd, modules=[*WARM_MODULES, *imported_modules(NOTEBOOK.read_bytes())])
    kernel.start()
    try:
        write_report(
            NOTEBOOK, first, tmp_path / "warm", "first", formats=("html",), kernel_manager=kernel.lend()
        )
        left = execute_notebook(leaky, {}, tmp_path / "leaky.ipynb", kernel_manager=kernel.lend())
        warm_probe = execute_notebook(probe, {}, tmp_path / "warm_probe.ipynb", kernel_manager=kernel.lend())
        warm = write_report(
            NOTEBOOK, second, tmp_path / "warm", name, formats=FORMATS, kernel_manager=kernel.lend()
        )
    finally:
        kernel.discard()

    # The leaky notebook ran on the kernel the first report used, and numbered its cells from 1 ...
    assert [count for count, _ in outputs(left)] == [1, 2, 3]
    assert outputs(left)[2][1][0]["data"]["text/plain"] == "'from an earlier report'"
    # ... and the probe after it sees exactly what a fresh kernel shows.
    assert outputs(warm_probe) == outputs(fresh_probe)
    state = outputs(warm_probe)[2][1][0]["text"].splitlines()
    assert state == ["False [] False", "1.5 60", f"None False {cwd}", "False", "4 0"]
    assert outputs(warm_probe)[0][1][0]["text"] == "['In', 'Out', 'exit', 'get_ipython', 'open', 'quit']\n"
    assert outputs(warm_probe)[3][1][0]["text"] == "1\n"  # figure numbers start again at 1

    for kind in FORMATS:
        assert getattr(warm, kind).read_bytes() == getattr(fresh, kind).read_bytes(), kind
    assert comparable(warm.ipynb.read_bytes()) == comparable(fresh.ipynb.read_bytes())


@pytest.mark.slow
def test_report_after_report_runs_on_the_same_kernel(tmp_path):
    """The reset between reports keeps the kernel: it loads nothing a reset must then undo
    (resetting pandas' plotting options would import matplotlib)."""
    kernel = WarmKernel(NOTEBOOK.parent, modules=[*WARM_MODULES, *imported_modules(NOTEBOOK.read_bytes())])
    kernel.start()
    try:
        pids = []
        for n, pair in enumerate(
            [("Claude Sonnet 4.5", "GPT-5"), ("GPT-4o", "Step 3.5 Flash"), ("GPT-5", "GPT-4o")]
        ):
            parameters = pair_request(*pair, *request_terms({})).parameters()
            write_report(
                NOTEBOOK, parameters, tmp_path, f"r{n}", formats=("html",), kernel_manager=kernel.lend()
            )
            pids.append(kernel.manager.provisioner.process.pid)
    finally:
        kernel.discard()
    assert len(set(pids)) == 1
