"""Where the package finds its data: inside itself (also when installed from a wheel), or in
``$LLM_REPORT_DATA``; a wheel in a fresh venv builds the seed report from another folder."""

from __future__ import annotations

import os
import subprocess
import sys
import sysconfig
from pathlib import Path

import pytest

from analysis.catalog.settings import CATALOG_DIR, DATA_ENV, NOTEBOOK

ROOT = Path(__file__).resolve().parents[1]
SHOW_DATA = "from analysis.catalog import settings; print(settings.DATA_DIR, settings.CATALOG_DIR)"


def python(executable: Path | str, code: str, cwd: Path, **env: str) -> str:
    """What ``code`` prints, run by ``executable`` in ``cwd`` with only ``env`` added."""
    clean = {k: v for k, v in os.environ.items() if k not in (DATA_ENV, "PYTHONPATH")}
    done = subprocess.run(
        [executable, "-c", code], cwd=cwd, env={**clean, **env}, capture_output=True, text=True, check=True
    )
    return done.stdout.strip()


def test_the_package_carries_its_catalog_and_notebook():
    assert (CATALOG_DIR / "manifest.json").is_file() and NOTEBOOK.is_file()
    assert CATALOG_DIR.resolve() == ROOT / "data" / "catalog"  # in a checkout: its data/ folder
    assert NOTEBOOK.resolve() == ROOT / "notebooks" / "pair_report.ipynb"


def test_llm_report_data_names_another_data_folder(tmp_path):
    shown = python(sys.executable, SHOW_DATA, tmp_path, **{DATA_ENV: str(tmp_path / "elsewhere")})
    assert shown == f"{tmp_path / 'elsewhere'} {tmp_path / 'elsewhere' / 'catalog'}"
    code = "from analysis.cli import main; main(['catalog', 'list'])"
    failed = subprocess.run(
        [sys.executable, "-c", code],
        cwd=tmp_path,
        env={**os.environ, DATA_ENV: str(tmp_path / "elsewhere")},
        capture_output=True,
        text=True,
        check=False,
    )
    assert failed.stderr == (
        f"llm-report: error: no catalog at {tmp_path / 'elsewhere' / 'catalog'}: "
        "manifest.json is missing (run `make catalog`)\n"
    )


@pytest.mark.slow
def test_a_wheel_in_a_fresh_venv_builds_the_seed_report_from_another_folder(tmp_path):
    """Builds the wheel (pip, isolated), installs it without dependencies into a new venv that
    borrows this venv's installed dependencies, then runs ``llm-report pair`` from ``tmp_path``."""
    wheels = tmp_path / "wheels"
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", wheels, ROOT], check=True, timeout=120
    )
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", venv], check=True)
    site = Path(sysconfig.get_path("purelib", vars={"base": str(venv), "platbase": str(venv)}))
    # Dependencies from this venv; a path added this way runs none of its .pth files, so this
    # venv's editable link to src/ stays out and the package comes from the wheel alone. The
    # data files pip would have installed with nbconvert: its templates.
    (site / "dependencies.pth").write_text(sysconfig.get_path("purelib") + "\n")
    templates = Path("share", "jupyter", "nbconvert", "templates")
    (venv / templates).parent.mkdir(parents=True)
    (venv / templates).symlink_to(Path(sys.prefix) / templates)
    [wheel] = wheels.glob("*.whl")
    subprocess.run([sys.executable, "-m", "pip", "--python", venv / "bin" / "python", "install", "-q",
                    "--no-deps", wheel], check=True, timeout=120)  # fmt: skip
    bin_ = venv / "bin"
    subprocess.run([bin_ / "python", "-m", "ipykernel", "install", "--sys-prefix", "--name", "python3"],
                   check=True, capture_output=True)  # fmt: skip
    where = python(bin_ / "python", "import analysis; print(analysis.__file__)", tmp_path)
    assert where.startswith(str(site))
    home = tmp_path / "somewhere"
    home.mkdir()
    done = subprocess.run(
        [bin_ / "llm-report", "pair", "GPT-5.3-Codex-Spark", "Step 3.5 Flash",
         "--format", "html", "--out", "reports"],
        cwd=home, env={k: v for k, v in os.environ.items() if k != "PYTHONPATH"},
        capture_output=True, text=True, timeout=300, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    [html] = (home / "reports").glob("*.html")
    assert html.name.startswith("openai-gpt-5-3-codex-spark-vs-stepfun-step-3-5-flash-")
    page = html.read_text(encoding="utf-8")
    assert "$148.80" in page and "$5,775.00" in page


def system_packages(
    tmp_path: Path, installed: bool, uid: int, offered: bool = True
) -> subprocess.CompletedProcess:
    """``.ci/system-packages.sh`` with ``dpkg-query``, ``apt-cache``, ``apt-get`` and ``id`` replaced
    by stubs (``apt-get`` writes its arguments to ``apt-get.log``); ``offered``: whether apt has a
    ``chromium-headless-shell``."""
    stubs = tmp_path / "bin"
    stubs.mkdir()
    answer = "echo 'install ok installed'" if installed else "exit 1"
    candidate = "156.0-1" if offered else "(none)"
    stub_bodies = (
        ("dpkg-query", answer),
        ("apt-cache", f"echo '  Candidate: {candidate}'"),
        ("apt-get", f'echo "$@" >> {tmp_path}/apt-get.log'),
        ("id", f"echo {uid}"),
    )
    for name, body in stub_bodies:
        (stubs / name).write_text(f"#!/bin/sh\n{body}\n")
        (stubs / name).chmod(0o755)
    return subprocess.run(
        ["bash", ROOT / ".ci" / "system-packages.sh"],
        env={"PATH": f"{stubs}:/usr/bin:/bin"},
        capture_output=True,
        text=True,
        check=False,
    )


LIBRARIES = "libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-liberation fonts-dejavu-core"


@pytest.mark.parametrize(("offered", "browser"), [(True, "chromium-headless-shell"), (False, "chromium")])
def test_system_packages_prints_the_one_apt_line_when_it_may_not_install(tmp_path, offered, browser):
    done = system_packages(tmp_path, installed=False, uid=1000, offered=offered)
    assert (done.returncode, done.stdout) == (0, "")
    assert (
        done.stderr
        == f"for PDFs, run: sudo apt-get install -y --no-install-recommends {browser} {LIBRARIES}\n"
    )
    assert not (tmp_path / "apt-get.log").exists()


def test_system_packages_as_root_updates_then_installs_the_headless_shell(tmp_path):
    done = system_packages(tmp_path, installed=False, uid=0)
    assert (done.returncode, done.stdout) == (0, "")
    assert done.stderr == f"installing chromium-headless-shell {LIBRARIES}\n"
    assert (tmp_path / "apt-get.log").read_text().splitlines() == [
        "update -qq",
        f"install -y -qq --no-install-recommends chromium-headless-shell {LIBRARIES}",
    ]


def test_system_packages_does_nothing_when_all_are_installed(tmp_path):
    done = system_packages(tmp_path, installed=True, uid=0)
    assert (done.returncode, done.stdout, done.stderr) == (0, "", "")
