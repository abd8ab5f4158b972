"""A report's kernel started early: it warms up without a trace in the notebook, and neither it
nor the browser outlives the run, in this process or as the ``llm-report`` program."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import nbformat
import psutil
import pytest
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook
from seed import SPARK, STEP

from analysis import pair_report
from analysis.catalog.settings import NOTEBOOK
from analysis.errors import ResolveError
from analysis.report.kernels import AdoptedProcess, EarlyKernel, import_statements
from analysis.report.paths import report_basename
from analysis.report.run import execute_notebook
from analysis.report.write import write_report
from analysis.request import pair_request, request_terms

LLM_REPORT = Path(sys.executable).parent / "llm-report"
KERNELSPEC = {"name": "python3", "display_name": "Python 3", "language": "python"}
PROBE = [
    "import sys\nfrom analysis.catalog import store",
    "print(sorted(name for name in globals() if not name.startswith('_')), get_ipython().execution_count)",
    "print(store.cached_catalog.cache_info().currsize, 'analysis.compare' in sys.modules)",
]


def notebook_of(path: Path, cells: list) -> Path:
    nbformat.write(new_notebook(cells=cells, metadata={"kernelspec": KERNELSPEC}), path)
    return path


def printed(nb) -> list[str]:
    """What each code cell printed."""
    return ["".join(o.get("text", "") for o in c.outputs) for c in nb.cells if c.cell_type == "code"]


def kernel_processes() -> list[psutil.Process]:
    """This process's kernels still running."""
    return [
        p for p in psutil.Process().children(recursive=True) if "ipykernel_launcher" in " ".join(p.cmdline())
    ]


def test_import_statements_are_those_at_the_top_level_of_code_cells(tmp_path):
    notebook = notebook_of(
        tmp_path / "n.ipynb",
        [
            new_markdown_cell("import not_code"),
            new_code_cell("import os\nx = 1\nif x:\n    import json\nfrom a.b import c, d as e"),
            new_code_cell("%%bash\nimport nothing"),
            new_code_cell("def f():\n    import inside\nimport collections.abc"),
        ],
    )
    assert import_statements(notebook) == "import os\nfrom a.b import c, d as e\nimport collections.abc"
    assert import_statements(NOTEBOOK) == (
        "from analysis.narrative import pair_analysis\n"
        "from analysis.report import figures_output, metadata_output, previous_review, render, review_output\n"
        "from analysis.request import PairRequest"
    )


@pytest.mark.slow
def test_an_early_kernel_runs_a_notebook_as_a_fresh_kernel_does_with_the_catalog_loaded(tmp_path):
    probe = notebook_of(tmp_path / "probe.ipynb", [new_code_cell(source) for source in PROBE])
    fresh = printed(execute_notebook(probe, {}, tmp_path / "fresh.ipynb"))
    kernel = EarlyKernel(probe).start()
    try:
        early = printed(execute_notebook(probe, {}, tmp_path / "early.ipynb", kernel_manager=kernel.manager))
    finally:
        kernel.stop()
    assert early[:2] == fresh[:2]  # no name bound, no execution counted
    assert (fresh[2], early[2]) == (
        "0 False\n",
        "1 False\n",
    )  # the catalog loaded; nothing the notebook does not import

    # A warm-up that fails (no catalog there) leaves the run as a fresh kernel's.
    kernel = EarlyKernel(probe, str(tmp_path / "no-catalog")).start()
    try:
        failed = printed(
            execute_notebook(probe, {}, tmp_path / "failed.ipynb", kernel_manager=kernel.manager)
        )
    finally:
        kernel.stop()
    assert failed == fresh


@pytest.mark.slow
def test_the_seed_report_of_an_early_kernel_is_a_fresh_kernels(tmp_path):
    request = pair_request(SPARK, STEP, *request_terms({}))
    early = pair_report(SPARK, STEP, tmp_path / "early", formats="html").paths.html
    name = report_basename(request.a, request.b, request.digest)
    fresh = write_report(NOTEBOOK, request.parameters(), tmp_path / "fresh", name, formats=("html",)).html
    assert early.read_bytes() == fresh.read_bytes()


@pytest.mark.slow
def test_stop_kills_a_kernel_whose_run_never_came(tmp_path):
    kernel = EarlyKernel(NOTEBOOK).start()
    pid, connection = kernel.manager.provisioner.pid, Path(kernel.manager.connection_file)
    assert psutil.pid_exists(pid) and connection.exists()
    kernel.stop()
    assert not psutil.pid_exists(pid) and not connection.exists()


def test_a_bad_request_stops_the_kernel_started_for_it(tmp_path):
    with pytest.raises(ResolveError, match="unknown model 'no-such-model-xyz'"):
        pair_report("no-such-model-xyz", STEP, tmp_path / "out")
    assert kernel_processes() == []
    assert not (tmp_path / "out").exists()


def run_program(tmp_path: Path, *argv: str, **env: str) -> tuple[int, str, str, int]:
    """Exit code, output, errors and process id of ``llm-report argv`` run as its own process,
    its kernels' files in ``tmp_path/runtime``."""
    program = subprocess.Popen(
        [LLM_REPORT, *argv],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "JUPYTER_RUNTIME_DIR": str(tmp_path / "runtime"), **env},
    )
    stdout, stderr = program.communicate(timeout=180)
    return program.returncode, stdout, stderr, program.pid


def leftovers(tmp_path: Path, pid: int) -> list[str]:
    """Kernel connection and socket files, browser profiles and processes a run left behind."""
    runtime = tmp_path / "runtime"
    files = sorted(p.name for p in runtime.iterdir()) if runtime.exists() else []
    profiles = [p.name for p in Path("/tmp").glob(f"llm-report-chromium-{pid}-*")]
    processes = [
        p.pid for p in psutil.process_iter(["cmdline"]) if str(runtime) in " ".join(p.info["cmdline"] or [])
    ]
    return files + profiles + [f"process {p}" for p in processes]


def test_the_program_ends_a_bad_request_in_one_line_leaving_nothing(tmp_path):
    code, stdout, stderr, pid = run_program(
        tmp_path, "pair", "no-such-model-xyz", "Step 3.5 Flash", "--out", str(tmp_path / "out")
    )
    assert (code, stdout) == (2, "")
    assert stderr == (
        "llm-report: error: unknown model 'no-such-model-xyz'; "
        "`llm-report catalog list --search TEXT` lists models\n"
    )
    assert not (tmp_path / "out").exists()
    assert leftovers(tmp_path, pid) == []


@pytest.mark.slow
def test_the_program_writes_the_report_and_leaves_no_kernel_browser_or_file(tmp_path):
    out = tmp_path / "out"
    code, stdout, stderr, pid = run_program(tmp_path, "pair", SPARK, STEP, "--out", str(out))
    assert (code, stderr) == (0, "")
    assert [line.split(":")[0] for line in stdout.splitlines()] == ["notebook", "html", "pdf"]
    assert sorted(p.suffix for p in out.iterdir()) == [".html", ".ipynb", ".pdf"]
    assert leftovers(tmp_path, pid) == []


@pytest.mark.slow
def test_a_browser_that_cannot_start_fails_the_pdf_in_one_line_and_leaves_nothing(tmp_path):
    out = tmp_path / "out"
    code, _, stderr, pid = run_program(
        tmp_path, "pair", SPARK, STEP, "--out", str(out), LLM_REPORT_CHROMIUM="/bin/false"
    )
    assert code == 3
    assert stderr.startswith("llm-report: error: Chromium") and stderr.count("\n") == 1
    assert sorted(p.suffix for p in out.iterdir()) == [".ipynb"]  # kept; no HTML or PDF half made
    assert leftovers(tmp_path, pid) == []


def test_an_adopted_process_runs_until_killed_and_then_counts_as_ended():
    """A kernel process followed by id from another process than its launcher: alive while it
    runs, ended once killed (a zombie its launcher has not reaped yet counts as ended)."""
    child = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    try:
        process = AdoptedProcess(child.pid)
        assert process.poll() is None
        with pytest.raises(subprocess.TimeoutExpired):
            process.wait(timeout=0.05)
        process.kill()
        assert process.wait(timeout=10) == -1
        assert psutil.Process(child.pid).status() == psutil.STATUS_ZOMBIE  # this test is its launcher
        process.kill()  # ended: nothing is sent
    finally:
        child.kill()
        child.wait()
    assert AdoptedProcess(child.pid).poll() == -1  # reaped: gone from /proc
