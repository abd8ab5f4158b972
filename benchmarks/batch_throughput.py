"""Batch throughput: ``llm-report batch`` vs the naive chain per pair, HTML and PDF, in the same run.

    .venv/bin/python benchmarks/batch_throughput.py [--pairs 40] [--notebook PATH] [--jobs N]

Both make the HTML and the PDF report of the same ``--pairs`` pairs (the first N unordered pairs
of a fixed list of catalog models, default 40), each timed on the wall clock from start to the
last file, cold (processes, imports and kernels included):
- ours: one ``llm-report batch`` process (workers: one per core);
- naive: per pair, the ``papermill`` CLI, ``jupyter nbconvert --to html``, then the
  ``weasyprint`` CLI on that HTML (``nbconvert --to webpdf`` needs a browser download that
  fails offline); ``--jobs`` pairs at a time (default: one per core, the same parallelism).
CPU seconds are those of the whole machine while a path runs (``/proc/stat``: workers, kernels
and browser processes whoever reaps them), so run it on an otherwise idle machine.

Before it is timed, each path makes the reports of the first two pairs, untimed, in a folder of
its own: the files it reads (Python packages, the browser) are then in the page cache, as they
are for a second batch. This VM pages out memory left idle for a minute (DAMON), and reading
it back measured the disk, not the path: the first batch after a pause took 1-4 s longer.
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from analysis.batch.early import default_workers
from analysis.catalog.settings import NOTEBOOK
from analysis.request import pair_request, request_terms

BIN = Path(sys.executable).parent
WARM_PAIRS = 2
MODELS = (
    "openai/gpt-oss-120b",
    "moonshotai/kimi-k2.6",
    "zhipuai/glm-5.2",
    "deepseek/deepseek-v4-pro",
    "openai/gpt-4o",
    "anthropic/claude-haiku-4-5",
    "meta/llama-3.3-70b-instruct",
    "anthropic/claude-sonnet-4-5",
    "google/gemini-2.5-pro",
    "openai/gpt-5-mini",
)


def benchmark_pairs(n: int) -> list[tuple[str, str]]:
    """The first ``n`` unordered pairs of ``MODELS``."""
    pairs = list(itertools.combinations(MODELS, 2))
    if n > len(pairs):
        raise SystemExit(f"--pairs {n}: at most {len(pairs)}")
    return pairs[:n]


def machine_cpu() -> float:
    """CPU seconds the whole machine has spent busy (all cores, all processes) since boot."""
    fields = Path("/proc/stat").read_text().splitlines()[0].split()[1:]
    busy = sum(int(v) for i, v in enumerate(fields[:8]) if i not in (3, 4))  # less idle and iowait
    return busy / os.sysconf("SC_CLK_TCK")


def timed(run) -> tuple[float, float]:
    """Wall-clock and machine CPU seconds of ``run()``."""
    wall, cpu = time.perf_counter(), machine_cpu()
    run()
    return time.perf_counter() - wall, machine_cpu() - cpu


def ours(pairs: list[tuple[str, str]], notebook: Path, out: Path) -> None:
    """Every report by one ``llm-report batch`` run; checks they are all done."""
    pairs_csv = out / "pairs.csv"
    pairs_csv.write_text("model_a,model_b\n" + "".join(f"{a},{b}\n" for a, b in pairs), encoding="utf-8")
    command = [BIN / "llm-report", "batch", "--pairs", pairs_csv, "--notebook", notebook, "--out", out]
    subprocess.run([str(part) for part in command], check=True, capture_output=True)
    summary = json.loads((out / "pairs" / "manifest.json").read_text(encoding="utf-8"))["summary"]
    assert summary["done"] == len(pairs), summary


def naive_report(parameters: dict, notebook: Path, out: Path) -> None:
    """One report by the command chain: papermill, nbconvert to HTML, WeasyPrint to PDF."""
    stem = out / f"{parameters['model_a']}-{parameters['model_b']}".replace("/", "_")
    papermill_options = [
        "-y",
        json.dumps(parameters),
        "-k",
        "python3",
        "--cwd",
        notebook.parent,
    ]  # JSON is YAML
    for command in (
        [BIN / "papermill", notebook, f"{stem}.ipynb", *papermill_options, "--no-progress-bar"],
        [BIN / "jupyter-nbconvert", "--to", "html", f"{stem}.ipynb"],
        [BIN / "weasyprint", f"{stem}.html", f"{stem}.pdf"],
    ):
        subprocess.run([str(part) for part in command], check=True, capture_output=True)


def naive(pairs: list[tuple[str, str]], notebook: Path, out: Path, jobs: int) -> None:
    """Every report by the naive chain, ``jobs`` pairs at a time."""
    terms = request_terms({})
    parameters = [pair_request(a, b, *terms).parameters() for a, b in pairs]
    with ThreadPoolExecutor(jobs) as pool:
        list(pool.map(lambda p: naive_report(p, notebook, out), parameters))
    assert len(list(out.glob("*.pdf"))) == len(pairs)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pairs", type=int, default=40, help="number of pairs (default 40)")
    parser.add_argument("--notebook", type=Path, default=NOTEBOOK)
    parser.add_argument("--jobs", type=int, default=default_workers(), help="naive pairs at a time")
    args = parser.parse_args()
    pairs = benchmark_pairs(args.pairs)
    notebook = args.notebook.resolve()
    load = os.getloadavg()[0]
    print(f"{len(pairs)} pairs, HTML and PDF, {default_workers()} cores, notebook {notebook.name}")
    if load > 0.5:
        print(f"warning: load average {load:.1f} before starting; other work skews the figures")
    results = {}
    paths = {
        "ours (llm-report batch)": lambda todo, out: ours(todo, notebook, out),
        f"naive ({args.jobs} at a time)": lambda todo, out: naive(todo, notebook, out, args.jobs),
    }
    with tempfile.TemporaryDirectory() as tmp:
        for name, run in paths.items():
            warm, out = (Path(tmp) / f"{name.split()[0]}{suffix}" for suffix in ("-warm", ""))
            for folder in (warm, out):
                folder.mkdir()
            run(pairs[:WARM_PAIRS], warm)  # untimed: see the docstring
            results[name] = timed(lambda run=run, out=out: run(pairs, out))
    for name, (wall, cpu) in results.items():
        rate = len(pairs) / wall * 60
        print(f"{name:28s} {wall:7.1f} s  {rate:6.1f} reports/min  {cpu / len(pairs):5.2f} CPU s/report")
    (ours_wall, _), (naive_wall, _) = results.values()
    print(f"ratio ours / naive: {naive_wall / ours_wall:.1f}x")


if __name__ == "__main__":
    main()
