"""Batches end to end on local workers: manifest, index, reruns, failures, interruption and kills.

These run a small probe notebook built here (it takes the pair parameters, shows a cost table
and a chart, and fails on request), so a failing cell, a dying kernel and a hung cell can be
asked for by a pair's scenario; the real notebook's outputs are checked in test_batch_kernel.py
and test_batch_dask.py.
"""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import nbformat
import psutil
import pytest
from bs4 import BeautifulSoup
from nbformat.v4 import new_code_cell, new_notebook

from analysis.batch import batch_reports, read_pairs
from analysis.batch.early import default_workers, early_kernels
from analysis.batch.kernel import WarmKernel
from analysis.batch.keys import sha256_hex
from analysis.cli import main

LLM_REPORT = Path(sys.executable).parent / "llm-report"
GPT, STEP, SPARK, MINI = "openai/gpt-4o", "Step 3.5 Flash", "GPT-5.3-Codex-Spark", "openai/gpt-5-mini"
RAISES, DIES, HANGS = 13, 14, 15  # input tokens that make the probe fail in each way
PROBE_CELLS = [
    "import os, time\nimport matplotlib.pyplot as plt\nimport pandas as pd\n"
    "from IPython.display import Markdown, display\nfrom analysis.catalog.store import default, load\n"
    "from analysis.costs import Scenario, cost_comparison\nfrom analysis.report import metadata_output",
    "catalog = load(catalog_path) if catalog_path else default()\nchosen = Scenario(**scenario)\n"
    "metadata_output({'model_a': model_a, 'model_b': model_b, 'scenario': chosen.describe()})",
    f"if chosen.input_tokens == {RAISES}:\n    raise ValueError('probe failure requested')\n"
    f"if chosen.input_tokens == {DIES}:\n    os._exit(1)\n"
    f"if chosen.input_tokens == {HANGS}:\n    time.sleep(600)",
    "display(Markdown('## Monthly cost'))\ncosts = cost_comparison(catalog, model_a, model_b, chosen)\n"
    "from analysis.narrative import pair_analysis\nfrom analysis.report import figures_output\n"
    "display(figures_output(pair_analysis(catalog, model_a, model_b, chosen, cost_detail=False)))\n"
    "pd.DataFrame({'Model': [model_a, model_b], 'Monthly': [str(costs.a.cost), str(costs.b.cost)]})",
    "fig, ax = plt.subplots(figsize=(4, 2))\nax.bar([model_a, model_b], [1, 2])\nplt.show()",
]


def probe_notebook(folder: Path, sleep: float = 0) -> Path:
    """A small report notebook taking the pair parameters; ``sleep`` seconds per report."""
    parameters = new_code_cell(
        'model_a = "a"\nmodel_b = "b"\nscenario = {}\ncatalog_path = None', metadata={"tags": ["parameters"]}
    )
    cells = [parameters, *map(new_code_cell, PROBE_CELLS), new_code_cell(f"time.sleep({sleep})")]
    kernelspec = {"name": "python3", "display_name": "Python 3", "language": "python"}
    path = folder / "probe.ipynb"
    nbformat.write(new_notebook(cells=cells, metadata={"kernelspec": kernelspec}), path)
    return path


def pairs_file(folder: Path, rows: list[tuple], name: str = "pairs.csv") -> Path:
    """A pairs CSV with columns model_a, model_b, input_tokens."""
    path = folder / name
    lines = ["model_a,model_b,input_tokens", *(",".join(map(str, row)) for row in rows)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def manifest_of(folder: Path) -> dict:
    return json.loads((folder / "manifest.json").read_text(encoding="utf-8"))


def statuses(folder: Path) -> list[str]:
    return [entry["status"] for entry in manifest_of(folder)["reports"]]


@pytest.fixture(scope="module")
def batch(tmp_path_factory):
    """A batch of four pairs through the CLI, two workers: two good, an unknown name, a failing cell."""
    tmp = tmp_path_factory.mktemp("batch")
    notebook = probe_notebook(tmp)
    pairs = pairs_file(
        tmp, [(GPT, STEP, "1M"), (SPARK, STEP, "1M"), ("no-such-model", STEP, "1M"), (GPT, STEP, RAISES)]
    )
    args = ["batch", "--pairs", str(pairs), "--notebook", str(notebook), "--out", str(tmp / "reports")]
    args += ["--scenario", "small", "--workers", "2"]
    code = main(args)
    return tmp / "reports" / "pairs", code, args, manifest_of(tmp / "reports" / "pairs")


@pytest.mark.slow
def test_a_failing_pair_does_not_stop_the_others_and_the_exit_code_is_1(batch):
    folder, code, _, manifest = batch
    assert code == 1
    assert [e["status"] for e in manifest["reports"]] == ["done", "done", "failed", "failed"]
    counts = {k: v for k, v in manifest["summary"].items() if k != "seconds"}
    assert counts == {"done": 2, "skipped": 0, "failed": 2, "pending": 0}
    unknown, raised = manifest["reports"][2:]
    assert unknown["error"].startswith("unknown model 'no-such-model'") and unknown["outputs"] == {}
    assert (
        raised["error"].startswith("cell In [") and "ValueError: probe failure requested" in raised["error"]
    )
    assert raised["error"].endswith(f"executed notebook kept at {raised['name']}.ipynb")
    assert set(raised["outputs"]) == {"ipynb"}
    assert not (folder / f"{raised['name']}.html").exists()


@pytest.mark.slow
def test_manifest_records_inputs_parameters_hashes_and_figures(batch):
    folder, _, _, manifest = batch
    assert manifest["batch"] == "pairs"
    assert set(manifest["inputs"]) == {
        "catalog_hash",
        "notebook_sha256",
        "templates_sha256",
        "package_version",
    }
    assert manifest["parameters"]["formats"] == ["html", "pdf"]
    assert manifest["parameters"]["options"] == {"scenario": "small"}
    done = manifest["reports"][0]
    assert done["origin"].endswith("pairs.csv, line 2")
    assert (
        done["parameters"]["model_a"] == GPT and done["parameters"]["scenario"]["input_tokens"] == 1_000_000
    )
    assert len(done["key"]) == 64 and done["seconds"] > 0 and done["error"] == ""
    assert set(done["outputs"]) == {"ipynb", "html", "pdf"}
    for output in done["outputs"].values():
        assert sha256_hex((folder / output["file"]).read_bytes()) == output["sha256"]
    figures = done["figures"]
    assert figures["names"][0] == "GPT-4o" and figures["cost_a"]["text"].startswith("$")
    assert figures["friction_a_to_b"] in ("low", "medium", "high")
    assert figures["route_a"] and figures["route_b"]  # the route behind each cost, for the index
    leftovers = [p.name for p in folder.iterdir() if p.name.startswith(".")]
    assert leftovers == []


@pytest.mark.slow
def test_index_lists_every_pair_with_links_and_errors(batch):
    folder, _, _, manifest = batch
    soup = BeautifulSoup((folder / "index.html").read_text(encoding="utf-8"), "html.parser")
    rows = soup.find("tbody").find_all("tr")
    assert len(rows) == 4
    first = manifest["reports"][0]
    assert rows[0].a["href"] == first["outputs"]["html"]["file"]
    assert rows[0].a.get_text() == "GPT-4o vs Step 3.5 Flash"
    assert rows[2].find("td", class_="error").get_text().startswith("unknown model 'no-such-model'")
    assert all((folder / a["href"]).is_file() for a in soup.find_all("a"))


@pytest.mark.slow
def test_rerun_skips_what_is_up_to_date_and_force_redoes_it(batch, capsys):
    folder, _, args, first = batch
    done = [e for e in first["reports"] if e["status"] == "done"]
    times = {e["name"]: (folder / e["outputs"]["html"]["file"]).stat().st_mtime_ns for e in done}
    assert main(args) == 1
    assert statuses(folder) == ["skipped", "skipped", "failed", "failed"]
    assert {e["name"]: (folder / e["outputs"]["html"]["file"]).stat().st_mtime_ns for e in done} == times
    assert "0 done, 2 skipped, 2 failed" in capsys.readouterr().out
    assert main([*args, "--force"]) == 1
    assert statuses(folder) == ["done", "done", "failed", "failed"]


def kernel_pids(kernels: list[WarmKernel]) -> list[int]:
    return [kernel.manager.provisioner.process.pid for kernel in kernels]


@pytest.mark.slow
@pytest.mark.parametrize("ahead", [False, True], ids=["worker's own kernel", "kernel started by the batch"])
def test_dead_kernel_and_timeout_fail_their_pair_and_the_worker_goes_on(tmp_path, ahead):
    notebook = probe_notebook(tmp_path)
    kernels = early_kernels(notebook, 1) if ahead else []
    started = kernel_pids(kernels)
    rows = [(GPT, STEP, DIES), (GPT, STEP, "1M"), (GPT, STEP, HANGS), (SPARK, STEP, "1M")]
    summary = batch_reports(
        read_pairs(pairs_file(tmp_path, rows)),
        tmp_path / "out",
        notebook=notebook,
        options={"scenario": "small"},
        formats=("html",),
        timeout=2,
        workers=1,
        kernels=kernels,
    )
    assert (summary.done, summary.failed, summary.exit_code) == (2, 2, 1)
    died, _, hung, _ = manifest_of(tmp_path / "out")["reports"]
    assert statuses(tmp_path / "out") == ["failed", "done", "failed", "done"]
    assert "the kernel died" in died["error"]
    assert "ran longer than 2" in hung["error"]
    assert len(started) == ahead and not any(map(psutil.pid_exists, started))  # ended and reaped


@pytest.mark.slow
def test_workers_take_over_the_kernels_the_batch_started(tmp_path, monkeypatch):
    """``llm-report batch`` starts one kernel per worker before its heavy imports; the workers
    run every report on those and start none of their own; none is left afterwards."""
    starts = tmp_path / "kernel-starts"
    start = WarmKernel.start

    def recorded_start(kernel):
        with starts.open("a") as f:
            f.write(f"{os.getpid()}\n")
        start(kernel)

    monkeypatch.setattr(WarmKernel, "start", recorded_start)
    pairs = pairs_file(tmp_path, [(GPT, STEP, "1M"), (SPARK, STEP, "1M"), (MINI, STEP, "1M")])
    args = ["batch", "--pairs", str(pairs), "--notebook", str(probe_notebook(tmp_path))]
    args += ["--out", str(tmp_path / "out"), "--scenario", "small", "--format", "html", "--workers", "2"]
    assert main(args) == 0
    assert statuses(tmp_path / "out" / "pairs") == ["done"] * 3
    assert starts.read_text().split() == [str(os.getpid())] * 2
    assert [
        p
        for p in psutil.Process().children(recursive=True)
        if re.search("ipykernel|kernel_template", " ".join(p.cmdline()))
    ] == []  # neither a kernel nor the template they were forked from


@pytest.mark.slow
def test_no_more_kernels_are_started_ahead_than_cores(tmp_path):
    kernels = early_kernels(probe_notebook(tmp_path), 50)
    try:
        assert len(kernels) == default_workers()
        assert len(set(kernel_pids(kernels))) == len(kernels)
    finally:
        for kernel in kernels:
            kernel.discard()
    assert early_kernels(tmp_path / "missing.ipynb", 2) == []


@pytest.mark.slow
def test_kernels_no_worker_takes_are_stopped(tmp_path):
    """Kernels started for another notebook, and those beyond the workers a batch needs."""
    notebook = probe_notebook(tmp_path)
    (tmp_path / "other").mkdir()
    kernels = early_kernels(notebook, 2) + early_kernels(probe_notebook(tmp_path / "other"), 1)
    started = kernel_pids(kernels)
    summary = batch_reports(
        read_pairs(pairs_file(tmp_path, [(GPT, STEP, "1M")])),
        tmp_path / "out",
        notebook=notebook,
        options={"scenario": "small"},
        formats=("html",),
        workers=2,
        kernels=kernels,
    )
    assert summary.done == 1
    assert len(started) == 3 and not any(map(psutil.pid_exists, started))


def command_line(process: psutil.Process) -> str:
    """The process's command line; "" once it has ended."""
    try:
        return " ".join(process.cmdline())
    except psutil.NoSuchProcess:
        return ""


def wait_for(condition, seconds: float = 60) -> None:
    """Wait until ``condition()`` is true."""
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.1)


def summary_of(folder: Path) -> dict:
    """The manifest's summary; {} before there is one."""
    try:
        return manifest_of(folder)["summary"]
    except (OSError, ValueError, KeyError):
        return {}


@pytest.mark.slow
def test_interrupted_or_killed_batch_is_finished_by_a_rerun(tmp_path):
    notebook = probe_notebook(tmp_path, sleep=0.3)
    models = [GPT, STEP, SPARK, MINI]
    pairs = pairs_file(tmp_path, [(a, b, "1M") for i, a in enumerate(models) for b in models[i + 1 :]])
    folder = tmp_path / "out" / "pairs"
    command = [LLM_REPORT, "batch", "--pairs", pairs, "--notebook", notebook, "--out", tmp_path / "out"]
    command += ["--scenario", "small", "--format", "html", "--workers", "1"]

    # Ctrl-C: the running report finishes, no other starts, the manifest says what is left.
    run = subprocess.Popen(command, start_new_session=True, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    wait_for(lambda: summary_of(folder).get("done", 0) >= 1)
    run.send_signal(signal.SIGINT)
    out, err = run.communicate(timeout=60)
    assert run.returncode == 130, err
    assert b"interrupted" in out
    interrupted = manifest_of(folder)
    assert interrupted["summary"]["pending"] > 0 and interrupted["summary"]["failed"] == 0
    for entry in interrupted["reports"]:
        assert (folder / f"{entry['name']}.html").exists() == (entry["status"] == "done")

    # Killed outright: workers and kernels go too (and the template two kernels are forked
    # from), with their scratch folders; nothing half-written stands under a final name.
    scratch = tmp_path / "tmp"
    scratch.mkdir()
    env = {**os.environ, "TMPDIR": str(scratch)}
    run = subprocess.Popen(
        [*command[:-1], "2"],
        start_new_session=True,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    wait_for(lambda: summary_of(folder).get("skipped", 0) >= 1 and summary_of(folder)["done"] >= 1)
    children = psutil.Process(run.pid).children(recursive=True)
    # The template is the batch's child (its kernels are its children; a worker with no report
    # left may already have stopped its own, and ended).
    assert sum("kernel_template" in command_line(c) for c in psutil.Process(run.pid).children()) == (
        default_workers() > 1
    )
    run.kill()
    run.wait()
    _, alive = psutil.wait_procs(children, timeout=15)
    assert alive == []
    assert list(scratch.glob("llm-report-batch-*")) == []
    for page in folder.glob("*.html"):
        assert page.read_text(encoding="utf-8").rstrip().endswith("</html>")

    # A rerun does the rest and only the rest.
    before = {e["name"] for e in manifest_of(folder)["reports"] if e["status"] in ("done", "skipped")}
    summary = batch_reports(
        read_pairs(pairs),
        folder,
        notebook=notebook,
        options={"scenario": "small"},
        formats=("html",),
        workers=2,
    )
    assert summary.exit_code == 0
    assert (summary.done, summary.skipped) == (6 - len(before), len(before))
    assert set(statuses(folder)) <= {"done", "skipped"}
    assert sorted(p.name for p in folder.glob("*.html")) == sorted(
        [*(f"{e['name']}.html" for e in manifest_of(folder)["reports"]), "index.html"]
    )
