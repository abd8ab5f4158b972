"""The real report notebook, run by papermill for three pairs and exported to HTML and PDF."""

from __future__ import annotations

import json
import re

import nbformat
import pytest
from pypdf import PdfReader

from analysis import pair_report
from analysis.catalog.settings import NOTEBOOK
from analysis.cli import main

SECTIONS = [
    "Verdict",
    "Decision scorecard",
    "Decision tradeoffs",
    "Monthly cost at traffic",
    "Switch friction",
    "Due diligence",
    "Specs",
    "Pricing and availability",
    "Capabilities",
    "Benchmarks",
    "Deep dive",
    "FAQ",
    "Appendix",
]
PAIRS = {
    "seed": ("openai/gpt-5.3-codex-spark", "stepfun/step-3.5-flash"),
    "no price": ("alibaba/qwen3.5", "stepfun/step-3.5-flash"),
    "shared benchmarks": ("openai/gpt-4o", "anthropic/claude-3-5-sonnet"),
}


@pytest.fixture(scope="module")
def reports(tmp_path_factory):
    """Each pair's report (paths) and its HTML text and PDF text, built once."""
    out = tmp_path_factory.mktemp("reports")
    built = {}
    for label, (a, b) in PAIRS.items():
        paths = pair_report(a, b, out).paths
        pdf_text = "\n".join(page.extract_text() for page in PdfReader(paths.pdf).pages)
        built[label] = (paths, paths.html.read_text(encoding="utf-8"), pdf_text)
    return built


def visible_text(html: str) -> str:
    """The HTML without tags and with entities decoded, whitespace collapsed."""
    import html as html_module

    text = re.sub(r"<style.*?</style>|<[^>]+>", " ", html, flags=re.S)
    return re.sub(r"\s+", " ", html_module.unescape(text))


def test_the_notebook_is_committed_without_outputs():
    nb = nbformat.read(NOTEBOOK, as_version=4)
    assert all(
        not c.get("outputs") and c.get("execution_count") is None for c in nb.cells if c.cell_type == "code"
    )
    assert nb.metadata.kernelspec.name == "python3"
    assert "parameters" in nb.cells[1].metadata.tags


@pytest.mark.slow
@pytest.mark.parametrize("label", list(PAIRS))
def test_every_section_is_in_the_html_and_the_contents(reports, label):
    _, html, _ = reports[label]
    for section in SECTIONS:
        assert re.search(rf"<h2[^>]*>{re.escape(section)}</h2>", html), section
        assert f">{section}</a>" in html, f"contents lacks {section}"


@pytest.mark.slow
def test_seed_report_shows_the_key_numbers(reports):
    _, html, _ = reports["seed"]
    text = visible_text(html)
    assert "GPT-5.3 Codex Spark vs Step 3.5 Flash" in text
    assert "$5,775.00" in text  # 500M × $1.75 + 350M × $14.00 on the openai route
    assert "$155.00" in text  # Step 3.5 Flash on a $0.10 / $0.30 route (its maker's own API)
    assert "Step 3.5 Flash on its maker's own API (StepFun): $155.00 a month" in text
    assert "128,000 tokens" in text and "256,000 tokens" in text
    assert "196B" in text and "11B" in text
    assert "2026-02-12" in text  # the release-date conflict is listed
    assert "Unknown" in text
    assert "data:image/svg+xml;base64," in html


@pytest.mark.slow
def test_a_model_without_price_is_unavailable_never_zero(reports):
    _, html, _ = reports["no price"]
    text = visible_text(html)
    assert "Unavailable" in text
    assert "no route with both an input and an output price" in text
    assert "No difference or ratio" in text


@pytest.mark.slow
def test_pairs_without_and_with_shared_benchmarks(reports):
    _, seed, _ = reports["seed"]
    assert "No shared benchmark scores" in visible_text(seed)
    _, shared, _ = reports["shared benchmarks"]
    assert "Scores on shared benchmarks" in shared  # the chart's alt text
    assert "Aider Polyglot" in visible_text(shared)


@pytest.mark.slow
@pytest.mark.parametrize("label", list(PAIRS))
def test_pdf_text_has_names_scenario_pages_and_no_code(reports, label):
    _, _, pdf = reports[label]
    flat = re.sub(r"\s+", " ", pdf)
    assert "Page 1 of" in flat
    assert "500M input + 350M output tokens a month" in flat
    for forbidden in ("import ", "pair_analysis(", "render.", "def ", "catalog_path"):
        assert forbidden not in flat, forbidden


@pytest.mark.slow
def test_pdf_names_the_seed_pair(reports):
    _, _, pdf = reports["seed"]
    flat = re.sub(r"\s+", " ", pdf)
    assert "GPT-5.3 Codex Spark" in flat and "Step 3.5 Flash" in flat


@pytest.mark.slow
def test_the_executed_notebook_is_kept_beside_the_reports(reports):
    paths, _, _ = reports["seed"]
    nb = json.loads(paths.ipynb.read_text())
    assert paths.ipynb.parent == paths.html.parent == paths.pdf.parent
    assert any(cell.get("outputs") for cell in nb["cells"])


def run(capsys, *argv):
    code = main(list(argv))
    _, err = capsys.readouterr()
    return code, err


def test_pair_cli_rejects_bad_input_in_one_line_writing_nothing(capsys, tmp_path):
    code, err = run(capsys, "pair", "no-such-model-xyz", "Step 3.5 Flash", "--out", str(tmp_path))
    assert (code, err.count("\n")) == (2, 1)
    assert "unknown model 'no-such-model-xyz'" in err
    code, err = run(capsys, "pair", "Step 3.5 Flash", "stepfun/step-3.5-flash", "--out", str(tmp_path))
    assert code == 2 and "both name 'stepfun/step-3.5-flash': expected two different models" in err
    code, err = run(
        capsys, "pair", "gpt-4o", "Step 3.5 Flash", "--cache-share", "1.5", "--out", str(tmp_path)
    )
    assert code == 2 and "cache_read_share = '1.5': expected a share from 0 to 1" in err
    code, err = run(capsys, "pair", "gpt-4o", "Step 3.5 Flash", "--format", "docx", "--out", str(tmp_path))
    assert code == 2 and "--format = 'docx': expected a comma list of html, pdf, xlsx, json" in err
    assert list(tmp_path.iterdir()) == []
