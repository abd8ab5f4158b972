"""One report end to end (execute, HTML, PDF): our functions vs the naive command chain.

    .venv/bin/python benchmarks/report_end_to_end.py [--notebook PATH] [--repeat N]

The default notebook is the real report notebook, for the seed pair at the medium scenario.

Timed in the same run, alternating, median of ``--repeat`` rounds (wall clock):
- ours, cold: ``llm-report pair`` in a fresh process (HTML and PDF), as a user runs it: its kernel
  starts first and warms up while the process resolves the request, the browser starts and
  the exporters load meanwhile, and the process ends once the files are written;
- ours, warm: ``write_report`` in this process on a reused warm kernel (``WarmKernel``, as a
  batch worker keeps one) with the exporters loaded: what each report costs a worker after the first;
- naive: ``papermill`` CLI, ``jupyter nbconvert --to html``, then ``jupyter nbconvert --to
  webpdf`` when it works offline (it needs Playwright's own Chromium), else the ``weasyprint``
  CLI on that HTML.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from analysis.batch.kernel import WarmKernel
from analysis.catalog.settings import NOTEBOOK
from analysis.report import report_basename, write_report
from analysis.request import pair_request, request_terms

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
REQUEST = pair_request("openai/gpt-5.3-codex-spark", "stepfun/step-3.5-flash", *request_terms({}))
PARAMETERS = REQUEST.parameters()


def timed(command: list) -> float:
    """Seconds a command takes; raises if it fails."""
    start = time.perf_counter()
    subprocess.run([str(part) for part in command], check=True, capture_output=True)
    return time.perf_counter() - start


def ours_cold(out_dir: Path) -> float:
    """``llm-report pair`` for the seed pair in a fresh process (the package's own notebook)."""
    return timed([BIN / "llm-report", "pair", REQUEST.a, REQUEST.b, "--out", out_dir])


def ours_warm(notebook: Path, out_dir: Path, kernel: WarmKernel) -> float:
    """One report in this process on the reused warm kernel."""
    start = time.perf_counter()
    name = report_basename(REQUEST.a, REQUEST.b, REQUEST.digest)
    write_report(notebook, PARAMETERS, out_dir, name, kernel_manager=kernel.lend())
    return time.perf_counter() - start


def naive_steps(notebook: Path, out_dir: Path, webpdf: bool) -> dict[str, float]:
    """Seconds per step of the naive chain."""
    executed = out_dir / "naive.ipynb"
    parameters = ["-y", json.dumps(PARAMETERS)]  # JSON is YAML
    steps = {
        "papermill": timed(
            [
                BIN / "papermill",
                notebook,
                executed,
                *parameters,
                "-k",
                "python3",
                "--cwd",
                notebook.parent,
                "--no-progress-bar",
            ]
        ),
        "nbconvert html": timed([BIN / "jupyter-nbconvert", "--to", "html", executed]),
    }
    if webpdf:
        steps["nbconvert webpdf"] = timed(
            [BIN / "jupyter-nbconvert", "--to", "webpdf", "--WebPDFExporter.disable_sandbox=True", executed]
        )
    else:
        steps["weasyprint cli"] = timed(
            [BIN / "weasyprint", executed.with_suffix(".html"), executed.with_suffix(".pdf")]
        )
    return steps


def webpdf_works(notebook: Path, out_dir: Path) -> bool:
    """Whether ``jupyter nbconvert --to webpdf`` finds a Chromium it may use, offline."""
    try:
        timed(
            [
                BIN / "jupyter-nbconvert",
                "--to",
                "webpdf",
                "--WebPDFExporter.disable_sandbox=True",
                notebook,
                "--output-dir",
                out_dir,
            ]
        )
    except subprocess.CalledProcessError:
        return False
    return True


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--notebook", type=Path, default=NOTEBOOK)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    notebook = args.notebook.resolve()

    load_before = os.getloadavg()
    with tempfile.TemporaryDirectory() as tmp:
        out_dir = Path(tmp)
        webpdf = webpdf_works(notebook, out_dir)
        rounds: dict[str, list[float]] = {}
        kernel = WarmKernel(notebook.parent)
        kernel.start()
        try:
            ours_warm(notebook, out_dir, kernel)  # loads the exporters; not counted
            for _ in range(args.repeat):
                rounds.setdefault("ours, cold process", []).append(ours_cold(out_dir))
                rounds.setdefault("ours, warm worker", []).append(ours_warm(notebook, out_dir, kernel))
                for step, seconds in naive_steps(notebook, out_dir, webpdf).items():
                    rounds.setdefault(f"naive: {step}", []).append(seconds)
        finally:
            kernel.discard()

    naive_rounds = [times for name, times in rounds.items() if name.startswith("naive")]
    rounds["naive chain, total"] = [sum(times) for times in zip(*naive_rounds, strict=True)]
    medians = {name: statistics.median(times) for name, times in rounds.items()}
    print(f"notebook: {notebook.relative_to(ROOT) if notebook.is_relative_to(ROOT) else notebook}")
    loads = ", ".join(
        f"{before:.2f} -> {after:.2f}" for before, after in zip(load_before, os.getloadavg(), strict=True)
    )
    print(f"load average (1, 5, 15 min) before -> after: {loads} on {os.cpu_count()} cores")
    print(
        f"webpdf: {'used' if webpdf else 'unavailable offline (no Playwright Chromium); weasyprint CLI instead'}"
    )
    for name, seconds in medians.items():
        runs = ", ".join(f"{t:.2f}" for t in rounds[name])
        print(f"{name:28s} {seconds:6.2f} s   ({runs})")
    for ours in ("ours, cold process", "ours, warm worker"):
        ratio = medians["naive chain, total"] / medians[ours]
        print(f"ratio naive / {ours}: {ratio:.2f}x")


if __name__ == "__main__":
    main()
