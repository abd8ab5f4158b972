"""A report end to end on the stub notebook: papermill run, HTML, PDF, failures, nbconvert CLI."""

import http.server
import io
import os
import re
import signal
import subprocess
import sys
import tempfile
import threading
from pathlib import Path

import lxml.html
import nbformat
import pypdf
import pytest
from bs4 import BeautifulSoup
from nbformat.v4 import new_code_cell, new_notebook
from weasyprint import HTML
from weasyprint.formatting_structure.boxes import TableBox

from analysis.errors import ParameterError
from analysis.report import (
    ReportCellError,
    ReportKernelError,
    execute_notebook,
    pdf_report,
    report_basename,
    write_report,
)
from analysis.report.chromium import CHROMIUM_ENV, PROFILE_PREFIX, remove_orphan_profiles
from analysis.report.errors import ReportPdfError
from analysis.report.layout import remote_resources
from analysis.report.pdf import PDF_ENGINES, pdf_engine

STUB = Path(__file__).parent / "fixtures" / "report" / "stub_report.ipynb"
PARAMETERS = {
    "model_a": "zeta/omega-7",
    "model_b": "kappa/delta-9",
    "scenario": "250 requests/day, 8,000 input and 300 output tokens each",
}
SECTIONS = [
    "Decision scorecard",
    "Monthly cost at traffic",
    "Pricing and availability",
    "Sources and review",
]
SOURCE_SNIPPETS = [
    "import pandas",
    "plt.subplots",
    "display(Markdown",
    "metadata_output(",
    "raise ValueError",
    'model_a = "',
    "diagnostic noise",
]
JUPYTER_NBCONVERT = Path(sys.executable).parent / "jupyter-nbconvert"


@pytest.fixture(scope="module")
def report(tmp_path_factory):
    out_dir = tmp_path_factory.mktemp("reports")
    name = report_basename(PARAMETERS["model_a"], PARAMETERS["model_b"], "0123abcdef")
    return write_report(STUB, PARAMETERS, out_dir, name)


@pytest.fixture(scope="module")
def html(report):
    return report.html.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def pdf_pages(report):
    return [page.extract_text() for page in pypdf.PdfReader(report.pdf).pages]


@pytest.mark.slow
def test_only_the_three_report_files_are_left(report):
    assert sorted(p.name for p in report.html.parent.iterdir()) == sorted(
        [report.ipynb.name, report.html.name, report.pdf.name]
    )


@pytest.mark.slow
def test_html_has_title_block_every_section_and_a_linked_contents_list(html):
    soup = BeautifulSoup(html, "html.parser")
    assert soup.title.get_text() == "Omega-7 vs Delta-9"
    assert soup.find("h1").get_text() == "Omega-7 vs Delta-9"
    assert PARAMETERS["scenario"] in soup.find("header").get_text()
    headings = {h2.get_text(strip=True): h2["id"] for h2 in soup.main.find_all("h2")}
    assert list(headings) == SECTIONS
    toc = {a.get_text(): a["href"] for a in soup.find("nav", id="toc").find_all("a")}
    assert toc == {text: f"#{anchor}" for text, anchor in headings.items()}


@pytest.mark.slow
def test_html_keeps_tables_and_an_embedded_chart(html):
    soup = BeautifulSoup(html, "html.parser")
    tables = soup.main.find_all("table")
    assert len(tables) == 2
    assert "Context window" in tables[0].get_text()
    assert "wide" in tables[1]["class"]
    images = soup.main.find_all("img")
    assert len(images) == 1
    assert images[0]["src"].startswith("data:image/png;base64,")


@pytest.mark.slow
def test_html_has_no_code_prompts_scripts_or_remote_resources(html):
    soup = BeautifulSoup(html, "html.parser")
    assert soup.find("script") is None
    assert soup.find("link") is None
    assert remote_resources(lxml.html.document_fromstring(html)) == []
    assert not re.search(r"""<script[^>]+src=|href=["']https?:[^"']*\.css""", html)
    assert not soup.select(".input, .prompt, .input_prompt, .output_prompt")
    for snippet in SOURCE_SNIPPETS:
        assert snippet not in html
    assert "application/vnd.llm-report+json" not in html
    assert "Report metadata:" not in html


@pytest.mark.slow
def test_pdf_has_cover_facts_sections_page_numbers_and_no_code(pdf_pages):
    text = "\n".join(pdf_pages)
    assert "Omega-7 vs Delta-9" in pdf_pages[0]
    assert PARAMETERS["scenario"] in pdf_pages[0]
    assert "2025-01-01 (stub)" in pdf_pages[0]
    assert f"Page 1 of {len(pdf_pages)}" in pdf_pages[0]
    assert all(f"Page {n} of {len(pdf_pages)}" in page for n, page in enumerate(pdf_pages, 1))
    for section in SECTIONS:
        assert section in text
    for snippet in SOURCE_SNIPPETS:
        assert snippet not in text


@pytest.mark.slow
def test_pdf_running_header_names_the_pair_after_the_cover(pdf_pages):
    assert len(pdf_pages) >= 2
    assert all("Omega-7 vs Delta-9" in page for page in pdf_pages[1:])


@pytest.mark.slow
def test_pdf_tables_fit_the_page_width(html):
    document = HTML(string=html).render()
    for page in document.pages:
        page_box = page._page_box
        right_edge = page_box.content_box_x() + page_box.width
        for table in boxes_of_type(page_box, TableBox):
            assert table.position_x + table.margin_width() <= right_edge + 0.5


def boxes_of_type(box, kind):
    """Every descendant of ``box`` that is a ``kind``."""
    for child in getattr(box, "children", []):
        if isinstance(child, kind):
            yield child
        yield from boxes_of_type(child, kind)


@pytest.mark.slow
def test_pdf_letter_size(html):
    page = pypdf.PdfReader(io.BytesIO(pdf_report(html, page_size="Letter"))).pages[0]
    assert (round(page.mediabox.width), round(page.mediabox.height)) == (612, 792)


def test_unknown_page_size_or_engine_is_refused():
    with pytest.raises(ParameterError, match=r"^page size 'A3': expected A4 or Letter$"):
        pdf_report("<p>x</p>", page_size="A3")
    with pytest.raises(ParameterError, match=r"^PDF engine 'prince': expected chromium or weasyprint$"):
        pdf_report("<p>x</p>", engine="prince")


def pages_of(pdf: bytes) -> list[str]:
    return [page.extract_text() for page in pypdf.PdfReader(io.BytesIO(pdf)).pages]


@pytest.mark.slow
@pytest.mark.parametrize("engine", PDF_ENGINES)
def test_both_engines_print_cover_running_title_date_and_page_numbers(html, engine):
    pages = pages_of(pdf_report(html, engine=engine))
    assert len(pages) >= 2
    assert "Omega-7 vs Delta-9" in pages[0] and "2025-01-01 (stub)" in pages[0]
    assert all("Omega-7 vs Delta-9" in page for page in pages[1:])  # the running title
    dated = "2025-01-02"  # the stub's report date
    assert all(dated in page and f"Page {n} of {len(pages)}" in page for n, page in enumerate(pages, 1))


@pytest.mark.slow
@pytest.mark.parametrize("engine", PDF_ENGINES)
def test_both_engines_number_the_contents(html, engine):
    """WeasyPrint by target-counter, Chromium by a second print with the pages the first one showed."""
    pages = pages_of(pdf_report(html, engine=engine))
    contents = next(n for n, page in enumerate(pages) if "Contents" in page)
    lines = [[line.strip() for line in page.splitlines()] for page in pages]
    first_page = [next(n for n, page in enumerate(lines, 1) if title in page) for title in SECTIONS]
    listed = pages[contents].split("Contents")[0]  # both engines put the numbers before the titles
    assert re.findall(r"^(\d+)$", listed, flags=re.MULTILINE) == [str(n) for n in first_page]


@pytest.mark.slow
def test_a_chromium_pdf_made_twice_the_same_day_is_the_same_bytes(html):
    first = pdf_report(html, engine="chromium")
    assert re.search(rb"/CreationDate \(D:\d{8}000000", first)
    assert pdf_report(html, engine="chromium") == first


def test_no_chromium_means_weasyprint_by_default_and_a_clear_error_when_asked(monkeypatch):
    monkeypatch.delenv(CHROMIUM_ENV, raising=False)
    monkeypatch.setenv("PATH", "")
    assert pdf_engine("A4") == "weasyprint"
    with pytest.raises(
        ReportPdfError, match=r"^no Chromium found for the PDF: install chromium, set LLM_REPORT_CHROMIUM"
    ):
        pdf_engine("A4", "chromium")


def test_a_chromium_path_that_is_not_a_program_is_named(monkeypatch, tmp_path):
    monkeypatch.setenv(CHROMIUM_ENV, str(tmp_path / "chrome"))
    with pytest.raises(
        ReportPdfError, match=f"^LLM_REPORT_CHROMIUM='{tmp_path}/chrome' is not an executable file"
    ):
        pdf_engine("A4")


@pytest.mark.slow
def test_failing_cell_keeps_the_executed_notebook_and_leaves_no_html_or_pdf(tmp_path):
    name = "failing"
    stale = [tmp_path / f"{name}.html", tmp_path / f"{name}.pdf"]
    for path in stale:
        path.write_text("from an earlier run")
    with pytest.raises(ReportCellError) as caught:
        write_report(STUB, {**PARAMETERS, "fail": True}, tmp_path, name)
    message = str(caught.value)
    assert "'if fail:'" in message
    assert "ValueError: stub failure requested by the fail parameter" in message
    assert f"{name}.ipynb" in message
    assert sorted(p.name for p in tmp_path.iterdir()) == [f"{name}.ipynb"]
    executed = nbformat.read(tmp_path / f"{name}.ipynb", as_version=4)
    errors = [o for c in executed.cells for o in c.get("outputs", []) if o.output_type == "error"]
    assert [e.ename for e in errors] == ["ValueError"]
    assert "An Exception was encountered" in executed.cells[0].source


@pytest.mark.slow
def test_cell_over_the_timeout_is_interrupted_and_named(tmp_path):
    notebook = tmp_path / "slow.ipynb"
    cells = [new_code_cell("x = 1"), new_code_cell("import time\ntime.sleep(60)")]
    nbformat.write(new_notebook(cells=cells, metadata=python3_kernelspec()), notebook)
    with pytest.raises(ReportCellError, match=r"In \[2\] \('import time'\) ran longer than 2 s"):
        execute_notebook(notebook, {}, tmp_path / "out.ipynb", timeout=2)
    executed = nbformat.read(tmp_path / "out.ipynb", as_version=4)
    assert executed.cells[-1].outputs[-1].ename == "TimeoutError"


@pytest.mark.slow
def test_dead_kernel_is_reported_on_the_cell_it_was_running(tmp_path):
    notebook = tmp_path / "dies.ipynb"
    cells = [new_code_cell("x = 1"), new_code_cell("import os\nos._exit(1)")]
    nbformat.write(new_notebook(cells=cells, metadata=python3_kernelspec()), notebook)
    with pytest.raises(ReportKernelError, match=r"\('import os'\) stopped: the kernel died"):
        execute_notebook(notebook, {}, tmp_path / "out.ipynb")
    executed = nbformat.read(tmp_path / "out.ipynb", as_version=4)
    assert executed.cells[-1].outputs[-1].ename == "DeadKernelError"


@pytest.mark.slow
def test_missing_kernel_says_how_to_install_it(tmp_path):
    with pytest.raises(ReportKernelError, match="ipykernel install"):
        execute_notebook(STUB, {}, tmp_path / "out.ipynb", kernel_name="no-such-kernel")


@pytest.mark.parametrize(
    ("parameters", "problem"),
    [
        ({"not an identifier": 1}, "not a Python identifier"),
        ({"class": 1}, "not a Python identifier"),
        ({"model_a": object()}, "got object"),
        ({"model_a": ["ok", {"nested": object()}]}, "got list"),
    ],
)
def test_parameters_must_be_names_and_data(tmp_path, parameters, problem):
    with pytest.raises(ParameterError, match=problem):
        execute_notebook(STUB, parameters, tmp_path / "out.ipynb")
    assert not list(tmp_path.iterdir())


def python3_kernelspec():
    """Notebook metadata naming the python3 kernel."""
    return {"kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"}}


@pytest.mark.slow
@pytest.mark.parametrize(("exporter", "suffix"), [("pair-html", ".html"), ("pair-pdf", ".pdf")])
def test_nbconvert_cli_finds_our_exporters(report, tmp_path, exporter, suffix):
    subprocess.run(
        [JUPYTER_NBCONVERT, "--to", exporter, report.ipynb, "--output-dir", tmp_path],
        check=True,
        capture_output=True,
    )
    output = tmp_path / f"{report.ipynb.stem}{suffix}"
    if suffix == ".html":
        assert '<h2 id="decision-scorecard">' in output.read_text(encoding="utf-8")
    else:
        assert "Page 1 of" in pypdf.PdfReader(output).pages[0].extract_text()


@pytest.mark.slow
def test_the_chromium_page_fetches_nothing_and_runs_no_script(tmp_path):
    """Even a page that slipped past the offline check loads no URL but data: and runs nothing."""
    hits = []

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self):
            hits.append(self.path)
            self.send_response(200)
            self.end_headers()

        def log_message(self, *args):
            pass

    server = http.server.HTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    secret = tmp_path / "secret.txt"
    secret.write_text("file content")
    url = f"http://127.0.0.1:{server.server_port}"
    page = (
        f'<html><head><link rel="stylesheet" href="{url}/style.css"></head><body>'
        f'<img src="{url}/pixel.png"><iframe src="{secret.as_uri()}"></iframe>'
        f"<script>document.write('script ran')</script><p>static text</p></body></html>"
    )
    try:
        text = "\n".join(pages_of(pdf_report(page, engine="chromium")))
    finally:
        server.shutdown()
    assert hits == []
    assert "static text" in text and "script ran" not in text and "file content" not in text


def test_browser_profiles_of_killed_processes_are_removed(tmp_path, monkeypatch):
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    dead = max(int(p) for p in os.listdir("/proc") if p.isdigit()) + 1000  # no such process
    orphan, alive = tmp_path / f"{PROFILE_PREFIX}{dead}-x1", tmp_path / f"{PROFILE_PREFIX}{os.getpid()}-x2"
    for profile in (orphan, alive):
        (profile / "Default").mkdir(parents=True)
    remove_orphan_profiles()
    assert not orphan.exists() and alive.exists()


@pytest.mark.slow
def test_a_browser_that_dies_fails_one_pdf_in_one_line_and_the_next_starts_a_new_one(html):
    from analysis.report import chromium

    pdf_report("<p>warm</p>", engine="chromium")
    os.killpg(chromium._printer._browser.pid, signal.SIGKILL)  # the browser and its launcher
    with pytest.raises(
        ReportPdfError, match=r"^Chromium (could not print the report|stopped while printing)"
    ):
        pdf_report(html, engine="chromium")
    assert "Omega-7 vs Delta-9" in pages_of(pdf_report(html, engine="chromium"))[0]
