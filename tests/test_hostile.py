"""Catalog strings are data: HTML, script, Markdown links, LaTeX and control characters in model,
provider and source names show as text in the HTML and the PDF, and parameters reach papermill
as data (a name with quotes, backslashes and newlines cannot change the code that runs).

The hostile catalog is hand-made (``hostile_catalog``) and written to a folder whose own name is
an injection attempt; the real report notebook runs on it. ``test_browser.py`` opens the same
report in Chromium.
"""

from __future__ import annotations

import ast
import base64
import html
import re
from pathlib import Path
from xml.etree import ElementTree

import nbformat
import pytest
from bs4 import BeautifulSoup
from nbformat.v4 import new_code_cell, new_notebook
from papermill.iorw import load_notebook_node
from papermill.parameterize import parameterize_notebook
from pypdf import PdfReader
from test_report_pair import SECTIONS

from analysis import charts, pair_report
from analysis.assemble.manifest import manifest
from analysis.assemble.validate import errors, hash_errors
from analysis.catalog.settings import NOTEBOOK
from analysis.catalog.store import Catalog, load, write
from analysis.report import ReportPaths, execute_notebook
from analysis.report.layout import finished_page

SCRIPT = "<script>alert(1)</script>"
IMG = "<img src=x onerror=alert(1)>"
MD_LINK = "[x](javascript:alert(1))"
LATEX = "$\\frac{1}{0}$"
BAD_MATH = "$\\notacommand{$"  # a plotting library that reads $…$ as math would fail on it
CONTROL = "\x00\x07\x1b[31m\x0b\x85"
PAYLOADS = (SCRIPT, IMG, MD_LINK, LATEX)
NAME_A = f"Alpha {SCRIPT} {MD_LINK}"
NAME_B = f"Beta {IMG} {LATEX}{CONTROL}"
A, B = "evil/model-a", "evil/model-b"
INJECTION = 'x"\nimport os; os.system("touch PWNED")\n#'
# A folder name that would run code if pasted into Python source unquoted or badly quoted.
CATALOG_FOLDER = "cat'''\"\"\"\\\nimport os; os.system('touch PWNED') #"
PROVENANCE = {
    "source": f"src {SCRIPT}",
    "version": f"v{IMG}",
    "as_of": "2026-01-01",
    "locator": MD_LINK,
    "url": "javascript:alert(1)",
}


def hostile_catalog() -> Catalog:
    """Two models, two providers each, whose every text field carries a payload; valid ids."""
    models, facts = [], []
    for model_id, name in ((A, NAME_A), (B, NAME_B)):
        row = {
            "model_id": model_id,
            "name": name,
            "lab": "evil",
            "family": f"family {SCRIPT}",
            "release_date": "2025-01-01",
            "context_window": 128000,
            "max_output": 8000,
            "open_weights": True,
            "input_modalities": f"text;{IMG}",
            "output_modalities": "text",
            "license": MD_LINK,
            "architecture": LATEX,
            "product_type": f"Model {SCRIPT}",
            "best_for": f"best {IMG}",
            "tags": f"Coding;{SCRIPT}",
            "commercial_use": MD_LINK,
        }
        models.append(row)
        for field, value in row.items():
            if field != "model_id":
                text = str(value).lower() if isinstance(value, bool) else str(value)
                facts.append(
                    {"model_id": model_id, "kind": "field", "field": field, "value": text}
                    | PROVENANCE
                    | {"chosen": True}
                )
    capabilities = [
        {"model_id": m, "capability": c, "value": v} | PROVENANCE
        for m in (A, B)
        for c, v in (("vision", True), ("function_calling", False), ("reasoning", True))
    ]
    routes, prices = [], []
    for m in (A, B):
        for provider in ("evil", "host"):
            route_id = f"{provider}:{m}"
            routes.append(
                {
                    "route_id": route_id,
                    "model_id": m,
                    "provider": provider,
                    "provider_model_id": f"{m} {SCRIPT}",
                    "variant": "",
                    "pricing_kind": "paid",
                    "context_window": 128000,
                    "max_output": 8000,
                }
                | PROVENANCE
            )
            prices.append(
                {
                    "route_id": route_id,
                    "effective_from": "",
                    "tier_start": 0,
                    "tier_basis": "",
                    "input_mtok": 1.0 if m == A else 2.0,
                    "output_mtok": 3.0,
                    "cache_read_mtok": 0.1,
                }
                | PROVENANCE
                | {"chosen": True}
            )
    providers = [
        {
            "provider": "evil",
            "name": f"Evil {SCRIPT} Labs",
            "kind": "first_party",
            "lab": "evil",
            "doc_url": "javascript:alert(1)",
            "api_url": f"https://example.com/{IMG}",
        },
        {"provider": "host", "name": f"Host {BAD_MATH} {MD_LINK}", "kind": "cloud", "lab": ""},
    ]
    benchmarks = [
        {
            "model_id": m,
            "benchmark": f"Bench {SCRIPT} {BAD_MATH}",
            "variant": IMG,
            "score": score,
            "unit": "percent",
            "date": "2025-06-01",
            "self_reported": False,
            "raw_name": MD_LINK,
        }
        | PROVENANCE
        for m, score in ((A, 50.0), (B, 60.0))
    ]
    conflicts = [
        {
            "model_id": A,
            "route_id": "",
            "field": "context_window",
            "chosen_value": "128000",
            "chosen_source": SCRIPT,
            "other_value": IMG,
            "other_sources": MD_LINK,
        }
    ]
    catalog = Catalog.from_rows(
        models=models,
        facts=facts,
        capabilities=capabilities,
        routes=routes,
        prices=prices,
        providers=providers,
        benchmarks=benchmarks,
        conflicts=conflicts,
        aliases=[{"alias": "alpha", "model_id": A, "rule": SCRIPT}],
    )
    catalog.manifest = manifest(catalog, [], "2026-01-01")
    return catalog


BUILT: dict[str, tuple[Path, ReportPaths]] = {}


def hostile_report(tmp_path_factory) -> tuple[Path, ReportPaths]:
    """(catalog folder, report paths) of the real notebook run on the hostile catalog; built
    once per test process (test_browser.py opens the same report)."""
    if "report" not in BUILT:
        base = tmp_path_factory.mktemp("hostile")
        folder = base / CATALOG_FOLDER
        write(hostile_catalog(), folder)
        BUILT["report"] = folder, pair_report(A, B, base / "reports", catalog_path=folder).paths
    return BUILT["report"]


@pytest.fixture(scope="module")
def report(tmp_path_factory) -> ReportPaths:
    return hostile_report(tmp_path_factory)[1]


@pytest.fixture(scope="module")
def page(report) -> str:
    return report.html.read_text(encoding="utf-8")


def test_control_characters_in_the_page_text_show_as_escapes():
    page = finished_page(
        "<html><head><title>t\x07</title><style>p { color: red }</style></head>"
        "<body><main><h2>Specs\x1b[31m</h2><p>a\x00b\tc\x85</p></main></body></html>"
    )
    assert "<title>t\\x07</title>" in page
    assert "Specs\\x1b[31m</h2>" in page and "a\\x00b\tc\\x85" in page
    assert "p { color: red }" in page


def draw(text: str) -> str:
    """An SVG chart whose one text is ``text`` as a chart label."""
    canvas = charts.Canvas(40)
    canvas.text(0, 10, charts.label(text))
    return canvas.svg().svg


def svg_texts(svg: str | bytes) -> list[str]:
    """The text of every <text> element of a well-formed SVG (raises if it is not well formed)."""
    return [
        "".join(t.itertext()) for t in ElementTree.fromstring(svg).iter("{http://www.w3.org/2000/svg}text")
    ]


@pytest.mark.parametrize("text", [BAD_MATH, "$5 and $6", '<script>alert(1)</script> & "x" </text>'])
def test_chart_labels_are_literal_text_in_well_formed_svg(text):
    assert svg_texts(draw(text)) == [text]


def test_control_characters_in_chart_labels_show_as_escapes_in_well_formed_svg():
    assert charts.label("Evil\x07 model\x1b[31m") == "Evil\\x07 model\\x1b[31m"
    assert svg_texts(draw("Evil\x07 model\x1b[31m")) == ["Evil\\x07 model\\x1b[31m"]


def test_the_hostile_catalog_is_a_valid_catalog(tmp_path):
    write(hostile_catalog(), tmp_path)
    catalog = load(tmp_path)
    assert hash_errors(tmp_path, catalog.manifest) == [] and errors(catalog) == []
    assert list(catalog.models["name"]) == [NAME_A, NAME_B]


@pytest.mark.slow
def test_html_holds_the_payloads_only_escaped(page):
    assert "<script" not in page.lower()
    assert "<img src=x" not in page
    assert "javascript:" not in " ".join(re.findall(r"""(?:href|src)\s*=\s*["'][^"']*""", page)).lower()
    soup = BeautifulSoup(page, "html.parser")
    assert soup.find("script") is None
    handlers = [(t.name, a) for t in soup.find_all(True) for a in t.attrs if a.lower().startswith("on")]
    assert handlers == []
    assert all(a["href"].startswith(("#", "https://", "http://")) for a in soup.find_all("a", href=True))
    images = [img["src"] for img in soup.find_all("img")]
    assert images and all(src.startswith("data:image/svg+xml;base64,") for src in images)
    for src in images:
        svg_texts(base64.b64decode(src.split(",", 1)[1]))  # well-formed XML, or the image is broken
    assert html.escape(SCRIPT, quote=False) in page


@pytest.mark.slow
def test_every_payload_is_visible_text(page):
    soup = BeautifulSoup(page, "html.parser")
    title = soup.find("h1").get_text()
    assert NAME_A in title and f"Beta {IMG} {LATEX}" in title
    text = soup.main.get_text(" ")
    for payload in (*PAYLOADS, "Evil <script>alert(1)</script> Labs", f"Host {BAD_MATH} {MD_LINK}"):
        assert payload in text, payload
    for section in SECTIONS:
        assert soup.find("h2", string=section), section


@pytest.mark.slow
def test_control_characters_show_as_escapes(page):
    assert not re.search(r"[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f]", page)
    assert "\\x00\\x07\\x1b[31m\\x0b\\x85" in BeautifulSoup(page, "html.parser").find("h1").get_text()


@pytest.mark.slow
def test_mathtext_in_names_leaves_the_charts_drawn(page):
    soup = BeautifulSoup(page, "html.parser")
    assert [img["alt"] for img in soup.main.find_all("img")] == [
        "Monthly cost against monthly tokens for both models",
        "Input and output price per route",
        "Scores on shared benchmarks",
    ]


@pytest.mark.slow
def test_pdf_text_holds_the_payloads_and_links_only_to_the_web(report):
    reader = PdfReader(report.pdf)
    text = re.sub(r"\s+", " ", "\n".join(p.extract_text() for p in reader.pages))
    for payload in (*PAYLOADS, "\\x07\\x1b[31m"):
        assert payload in text, payload
    for pdf_page in reader.pages:
        for annotation in pdf_page.get("/Annots") or []:
            action = annotation.get_object().get("/A")
            if action is not None:
                assert action.get("/S") in ("/URI", "/GoTo"), action
                assert str(action.get("/URI", "https://")).startswith(("https://", "http://"))
    assert "/JavaScript" not in str(reader.trailer["/Root"])


@pytest.mark.slow
def test_report_names_stay_in_the_output_folder(tmp_path_factory, report):
    folder, _ = hostile_report(tmp_path_factory)
    assert report.html.parent == report.pdf.parent == report.ipynb.parent == folder.parent / "reports"
    assert sorted(p.name for p in report.html.parent.iterdir()) == sorted(
        [report.ipynb.name, report.html.name, report.pdf.name]
    )
    assert not list(folder.parent.rglob("PWNED")) and not (NOTEBOOK.parent / "PWNED").exists()


@pytest.mark.slow
def test_the_catalog_path_reached_the_notebook_as_data(tmp_path_factory, report):
    folder, _ = hostile_report(tmp_path_factory)
    executed = nbformat.read(report.ipynb, as_version=4)
    injected = next(c for c in executed.cells if "injected-parameters" in c.metadata.get("tags", []))
    assert literal_assignments(injected.source)["catalog_path"] == str(folder.resolve())


def literal_assignments(source: str) -> dict[str, object]:
    """The names a parameters cell assigns, each to a literal; AssertionError for anything else."""
    values = {}
    for statement in ast.parse(source).body:
        assert isinstance(statement, ast.Assign), ast.dump(statement)
        [target] = statement.targets
        assert isinstance(target, ast.Name)
        values[target.id] = ast.literal_eval(statement.value)
    return values


HOSTILE_VALUES = {
    "model_a": INJECTION,
    "model_b": '\\"\'\'\'"""\\n\\\r\n\u2028\x00{}{{}}%s',
    "scenario": {"name": INJECTION, "input_tokens": "1'); import os; os.system('touch PWNED'); ('"},
    "catalog_path": CATALOG_FOLDER,
}


def test_parameters_are_injected_as_constant_assignments():
    nb = parameterize_notebook(load_notebook_node(str(NOTEBOOK)), HOSTILE_VALUES)
    injected = next(c for c in nb.cells if "injected-parameters" in c.metadata.get("tags", []))
    assert literal_assignments(injected.source) == HOSTILE_VALUES


@pytest.mark.slow
def test_a_hostile_name_runs_as_data_in_the_kernel(tmp_path):
    notebook = tmp_path / "echo.ipynb"
    cells = [new_code_cell('model_a = ""\nmodel_b = ""', metadata={"tags": ["parameters"]})]
    cells.append(new_code_cell("print(repr((model_a, model_b)))"))
    kernelspec = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nbformat.write(new_notebook(cells=cells, metadata={"kernelspec": kernelspec}), notebook)
    parameters = {"model_a": HOSTILE_VALUES["model_a"], "model_b": HOSTILE_VALUES["model_b"]}
    executed = execute_notebook(notebook, parameters, tmp_path / "out.ipynb", cwd=tmp_path)
    [output] = executed.cells[-1].outputs
    assert ast.literal_eval(output.text) == (parameters["model_a"], parameters["model_b"])
    assert not (tmp_path / "PWNED").exists()


def test_long_chart_labels_are_cut_and_the_margin_fits_the_longest():
    long = "A model name far longer than any chart has room for, repeated twice"
    assert charts.label(long) == long[: charts.LONGEST_LABEL - 1] + "…"
    narrow, wide = (charts.chart_box(100, labels, 9, 24) for labels in (["short"], [charts.label(long)]))
    assert narrow.left < 60 < 200 < wide.left < charts.WIDTH * 0.6
