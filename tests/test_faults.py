"""Faults: a run killed at any moment leaves no truncated report under a final name and a rerun
completes; a kernel that dies or hangs fails the report with one clear line; damaged catalog,
curated and registry files, and any text for a scenario option, fail cleanly or work.

Timeouts and dead kernels inside ``execute_notebook`` are in test_report_end_to_end.py; the
importers' own property tests are in test_sources_*.py; cost invariants in
test_costs_properties.py.
"""

from __future__ import annotations

import contextlib
import functools
import os
import random
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import nbformat
import psutil
import pytest
from bs4 import BeautifulSoup
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from nbformat.v4 import new_code_cell, new_notebook
from pypdf import PdfReader
from test_hostile import SECTIONS, hostile_catalog

import analysis.report.pair
from analysis.assemble import CURATED_DIR
from analysis.assemble.curated import read_curated
from analysis.assemble.snapshots import registry
from analysis.catalog.store import write
from analysis.cli import main
from analysis.errors import CatalogError, ParameterError
from analysis.report import report_basename, report_paths
from analysis.request import pair_request, pair_scenario, request_terms

LLM_REPORT = Path(sys.executable).parent / "llm-report"
A, B = "evil/model-a", "evil/model-b"


@pytest.fixture(scope="module")
def catalog_dir(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("faults") / "catalog"
    write(hostile_catalog(), folder)
    return folder


def start_report(catalog: Path, out: Path) -> subprocess.Popen:
    """``llm-report pair`` for the hostile pair, in its own process group."""
    return subprocess.Popen(
        [LLM_REPORT, "pair", A, B, "--catalog", catalog, "--out", out],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        start_new_session=True,
    )


def kill(process: subprocess.Popen) -> None:
    """SIGKILL the run, then (by pid) the kernel it started, if it is still there."""
    try:
        children = psutil.Process(process.pid).children(recursive=True)
    except psutil.NoSuchProcess:
        children = []
    process.kill()
    process.communicate()
    for child in children:
        with contextlib.suppress(psutil.NoSuchProcess):
            child.kill()
    psutil.wait_procs(children, timeout=10)


def seed_paths(catalog: Path, out: Path):
    """Where the hostile pair's report goes at the default scenario and route policy."""
    request = pair_request(A, B, *request_terms({}), catalog_path=catalog)
    return report_paths(out, report_basename(request.a, request.b, request.digest))


def assert_no_truncated_report(catalog: Path, out: Path, when: str) -> None:
    """Each final name is absent or a complete file."""
    paths = seed_paths(catalog, out)
    if paths.html.exists():
        page = paths.html.read_text(encoding="utf-8")
        assert page.rstrip().endswith("</html>"), when
        soup = BeautifulSoup(page, "html.parser")
        assert [h.get_text() for h in soup.main.find_all("h2")] == SECTIONS, when
    if paths.pdf.exists():
        data = paths.pdf.read_bytes()
        assert data.rstrip().endswith(b"%%EOF"), when
        assert len(PdfReader(paths.pdf).pages) > 1, when
    if paths.ipynb.exists():
        nbformat.validate(nbformat.read(paths.ipynb, as_version=4))


@pytest.mark.slow
def test_a_killed_run_leaves_no_truncated_report_and_a_rerun_completes(catalog_dir, tmp_path):
    out = tmp_path / "reports"
    moment = random.uniform(0.2, 6.0)
    run = start_report(catalog_dir, out)
    time.sleep(moment)
    kill(run)
    assert_no_truncated_report(catalog_dir, out, f"killed after {moment:.2f} s")

    # Again, at the moment a report file is being written (a temporary file beside it).
    run = start_report(catalog_dir, out)
    deadline = time.monotonic() + 60
    while run.poll() is None and time.monotonic() < deadline:
        if out.is_dir() and any(name.endswith(".tmp") for name in os.listdir(out)):
            break
        time.sleep(0.0005)
    kill(run)
    assert_no_truncated_report(catalog_dir, out, "killed while writing")

    rerun = subprocess.run(
        [LLM_REPORT, "pair", A, B, "--catalog", catalog_dir, "--out", out],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert rerun.returncode == 0, rerun.stderr
    paths = seed_paths(catalog_dir, out)
    assert paths.html.exists() and paths.pdf.exists() and paths.ipynb.exists()
    assert_no_truncated_report(catalog_dir, out, "rerun")
    assert {p.name for p in out.iterdir() if not p.name.startswith(".")} == {
        paths.html.name,
        paths.pdf.name,
        paths.ipynb.name,
    }


WRITER = """
import sys
from pathlib import Path
from analysis.files import write_atomic
target, size = Path(sys.argv[1]), int(sys.argv[2])
n = 0
while True:
    n = n % 250 + 1
    write_atomic(target, bytes([n]) * size)
"""


def test_a_write_killed_midway_leaves_the_old_or_the_new_file_whole(tmp_path):
    target, size = tmp_path / "report.pdf", 20_000_000
    writer = subprocess.Popen([sys.executable, "-c", WRITER, str(target), str(size)])
    try:
        deadline = time.monotonic() + 30
        while not target.exists() and time.monotonic() < deadline:
            time.sleep(0.01)
        time.sleep(random.uniform(0, 0.3))
    finally:
        writer.send_signal(signal.SIGKILL)
        writer.wait()
    data = target.read_bytes()
    assert len(data) == size
    assert data == data[:1] * size


def stub_notebook(folder: Path, code: str) -> Path:
    """A notebook with the report's parameters cell and then ``code``."""
    notebook = folder / "stub.ipynb"
    parameters = 'model_a = ""\nmodel_b = ""\nscenario = "medium"\ncatalog_path = None'
    cells = [new_code_cell(parameters, metadata={"tags": ["parameters"]}), new_code_cell(code)]
    kernelspec = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nbformat.write(new_notebook(cells=cells, metadata={"kernelspec": kernelspec}), notebook)
    return notebook


@pytest.mark.slow
@pytest.mark.parametrize(
    ("code", "timeout", "reason"),
    [
        (
            "import os\nos._exit(1)",
            "60",
            r"cell (In \[3\] )?\('import os'\) stopped: the kernel died \(crash, exit or out of memory\)",
        ),
        (
            "import time\ntime.sleep(120)",
            "2",
            r"cell In \[3\] \('import time'\) ran longer than 2\.0 s and was stopped",
        ),
    ],
    ids=["dies", "hangs"],
)
def test_a_kernel_that_dies_or_hangs_fails_the_report_in_one_line(
    catalog_dir, tmp_path, monkeypatch, capsys, code, timeout, reason
):
    notebook = stub_notebook(tmp_path, code)
    real = analysis.report.pair.write_pair_report
    monkeypatch.setattr(analysis.report.pair, "write_pair_report", functools.partial(real, notebook=notebook))
    out = tmp_path / "reports"
    started = time.monotonic()
    code_ = main(["pair", A, B, "--catalog", str(catalog_dir), "--out", str(out), "--timeout", timeout])
    err = capsys.readouterr().err
    paths = seed_paths(catalog_dir, out)
    assert code_ == 3  # a run failure, not bad input
    assert re.fullmatch(
        f"llm-report: error: {reason}; executed notebook kept at {re.escape(str(paths.ipynb))}\n", err
    )
    assert time.monotonic() - started < 60
    assert sorted(p.name for p in out.iterdir()) == [paths.ipynb.name]


# Property tests -------------------------------------------------------------------------------

OPTIONS = [
    "input_tokens",
    "output_tokens",
    "cache_read_share",
    "batch_share",
    "reasoning_multiplier",
    "prompt_tokens",
    "price_date",
]
NUMBERISH = st.from_regex(r"\A[-+]?[0-9_,.]{0,8}(e[-+]?[0-9]{1,12})?[kKmMbBtT%]?\Z")
OTHER_VOLUME = {"input_tokens": {"output_tokens": "1M"}, "output_tokens": {"input_tokens": "1M"}}
OPTION_TEXT = st.one_of(
    st.text(max_size=20), NUMBERISH, st.sampled_from(["nan", "-inf", "Infinity", "1e999999"])
)


@settings(max_examples=300, deadline=None)
@given(st.sampled_from(OPTIONS), OPTION_TEXT)
def test_any_text_for_a_scenario_option_is_a_scenario_or_one_clear_line(option, text):
    try:
        chosen = pair_scenario(**{option: text}, **OTHER_VOLUME.get(option, {}))
    except ParameterError as e:
        message = str(e)
        assert "\n" not in message
        assert message.startswith(option) or "_tokens" in message
        assert "expected" in message
    else:
        assert 0 <= chosen.input_tokens <= 10**15 and 0 <= chosen.output_tokens <= 10**15
        assert 0 <= chosen.cache_read_share <= 1 and 0 <= chosen.batch_share <= 1


JUNK = st.one_of(st.binary(max_size=12), st.text(max_size=12).map(str.encode))
CATALOG_FILES = ["models.csv", "routes.csv", "prices.csv", "facts.csv", "manifest.json"]


def damaged(data: bytes, position: int, junk: bytes, truncate: bool) -> bytes:
    cut = min(position, len(data))
    return data[:cut] + junk + (b"" if truncate else data[cut:])


@pytest.mark.slow
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.sampled_from(CATALOG_FILES), st.integers(0, 3000), JUNK, st.booleans())
def test_a_damaged_catalog_validates_or_fails_in_one_line(
    catalog_dir, capsys, name, position, junk, truncate
):
    with tempfile.TemporaryDirectory() as directory:
        folder = Path(directory) / "catalog"
        shutil.copytree(catalog_dir, folder)
        file = folder / name
        file.write_bytes(damaged(file.read_bytes(), position, junk, truncate))
        code = main(["catalog", "validate", "--catalog", str(folder)])
    _, err = capsys.readouterr()
    assert code in (0, 1, 2)
    if code == 2:
        assert err.startswith("llm-report: error: ") and err.count("\n") == 1
    if code == 1:
        assert err.endswith("validation error(s)\n") and "Traceback" not in err


@settings(max_examples=60, deadline=None)
@given(
    st.sampled_from(["facts.csv", "labs.csv", "aliases.csv", "snapshots.csv"]),
    st.integers(0, 400),
    JUNK,
    st.booleans(),
)
def test_damaged_curated_tables_and_registry_read_or_fail_in_one_line(name, position, junk, truncate):
    with tempfile.TemporaryDirectory() as directory:
        folder = Path(directory)
        if name == "snapshots.csv":
            original = b"source,file,format,version,as_of,snapshot_date,origin,license\n"
            original += b"aider,aider/snap,aider-yaml,t,2026-01-01,2026-01-01,o,l\n"
        else:
            for table in CURATED_DIR.glob("*.csv"):
                shutil.copy(table, folder / table.name)
            original = (CURATED_DIR / name).read_bytes()
        (folder / name).write_bytes(damaged(original, position, junk, truncate))
        try:
            registry(folder) if name == "snapshots.csv" else read_curated(folder)
        except CatalogError as e:
            assert "\n" not in str(e)
