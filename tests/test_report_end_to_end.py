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
from analysis.report import pdf as pdf_module
from analysis.report.chromium import (
    CHROMIUM_ENV,
    PROFILE_PREFIX,
    UNPRINTED_SCREEN,
    ChromiumPrinter,
    blank_on_screen,
    chromium_pdf,
    remove_orphan_profiles,
)
from analysis.report.errors import ReportPdfError
from analysis.report.layout import (
    contents,
    contents_targets,
    numbered_contents,
    remote_resources,
    slotted_contents,
)
from analysis.report.pdf import CLOSED_DETAILS, PDF_ENGINES, pdf_engine
from analysis.report.skia_pdf import destination_pages, numbered_contents_pdf

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
    """WeasyPrint by target-counter, Chromium by numbers written into its PDF where the print left room."""
    reader = pypdf.PdfReader(io.BytesIO(pdf_report(html, engine=engine)))
    pages = [page.extract_text() for page in reader.pages]
    contents = next(n for n, page in enumerate(pages) if "Contents" in page)
    lines = [[line.strip() for line in page.splitlines()] for page in pages]
    first_page = [next(n for n, page in enumerate(lines, 1) if title in page) for title in SECTIONS]
    laid_out = reader.pages[contents].extract_text(extraction_mode="layout")  # by position
    listed = re.findall(r"^ *\d+\. +(.+?) {2,}(\d+)$", laid_out, flags=re.MULTILINE)
    assert listed == [(title, str(n)) for title, n in zip(SECTIONS, first_page, strict=True)]


def contents_numbers(pdf: bytes) -> list[tuple[str, float, float, float, tuple]]:
    """(text, right edge, baseline, size, fill colour) of each 9.5 pt number ending at the right margin
    of the contents page: its page numbers."""
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    page = next(p for p in reader.pages if "Contents" in p.extract_text())
    fill: list = [()]
    shown = []

    def operator(op, args, cm, tm):
        if op == b"rg":
            fill[0] = tuple(round(float(v), 2) for v in args)

    def text(chars, cm, tm, font, size):
        x, y = tm[4] * cm[0] + tm[5] * cm[2] + cm[4], tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
        scale = abs(tm[3] * cm[3]) or abs(tm[1] * cm[2])
        width = 0.556 * size * scale * len(chars.strip())  # figures of either font
        if (
            chars.strip().isdigit() and x + width > 540 and round(size * scale, 1) == 9.5
        ):  # not tables, footer
            shown.append((chars.strip(), round(x + width, 1), round(y, 1), round(size * scale, 1), fill[0]))

    page.extract_text(visitor_operand_before=operator, visitor_text=text)
    return shown


@pytest.mark.slow
def test_chromium_contents_numbers_sit_where_the_browser_would_print_them(html):
    """Drawn into the PDF after one print, the numbers match those a second print lays out itself."""
    html = CLOSED_DETAILS.sub("<details open", html)
    nav = contents(html)
    slotted = chromium_pdf(html.replace(nav, slotted_contents(nav), 1), "A4")
    numbered = numbered_contents_pdf(slotted, contents_targets(nav))
    assert numbered.startswith(slotted)  # an incremental update: the printed bytes are kept
    pages = destination_pages(slotted)
    printed = chromium_pdf(html.replace(nav, numbered_contents(nav, pages), 1), "A4")
    ours, browsers = contents_numbers(numbered), contents_numbers(printed)
    assert [n[0] for n in ours] == [str(pages[t]) for t in contents_targets(nav)] == [n[0] for n in browsers]
    for (_, right, baseline, size, colour), (_, right_b, baseline_b, size_b, colour_b) in zip(
        ours, browsers, strict=True
    ):
        assert abs(right - right_b) < 0.5 and abs(baseline - baseline_b) < 0.2
        assert (size, colour) == (size_b, colour_b)


def test_contents_without_room_for_numbers_are_not_numbered_in_the_pdf(html):
    """Printed without the empty links, the numbers have no place: the caller prints again."""
    pdf = chromium_pdf(CLOSED_DETAILS.sub("<details open", html), "A4")
    assert numbered_contents_pdf(pdf, contents_targets(contents(html))) is None
    assert numbered_contents_pdf(b"%PDF-1.4 not Skia's", ["verdict"]) is None


@pytest.mark.slow
def test_a_pdf_whose_numbers_cannot_be_drawn_is_printed_again_with_them(html, monkeypatch):
    monkeypatch.setattr(pdf_module, "numbered_contents_pdf", lambda pdf, targets: None)
    reader = pypdf.PdfReader(io.BytesIO(pdf_report(html, engine="chromium")))
    contents_page = next(p for p in reader.pages if "Contents" in p.extract_text())
    laid_out = contents_page.extract_text(extraction_mode="layout")
    assert len(re.findall(r"^ *\d+\. +.+? {2,}\d+$", laid_out, flags=re.MULTILINE)) == len(SECTIONS)


@pytest.mark.slow
def test_a_chromium_pdf_made_twice_the_same_day_is_the_same_bytes(html):
    first = pdf_report(html, engine="chromium")
    assert re.search(rb"/CreationDate \(D:\d{8}000000", first)
    assert pdf_report(html, engine="chromium") == first


@pytest.mark.slow
def test_the_printers_narrow_blank_screen_changes_nothing_printed(html):
    """Printed on a page whose screen hides the body, and on an ordinary screen: the same bytes."""
    printer = ChromiumPrinter()
    try:
        narrow = printer.pdf(html, "A4")
        printer._browser.call("Emulation.clearDeviceMetricsOverride", session=printer._session)
        assert printer.pdf(html, "A4") == narrow
    finally:
        printer.close()
    text = "\n".join(pages_of(narrow))
    assert all(section in text for section in SECTIONS)


def test_the_screen_hiding_style_goes_at_the_end_of_the_head_and_never_before_the_doctype():
    assert blank_on_screen("<!DOCTYPE html><html><head><title>t</title></head><body>x</body></html>") == (
        f"<!DOCTYPE html><html><head><title>t</title>{UNPRINTED_SCREEN}</head><body>x</body></html>"
    )
    assert blank_on_screen("<!doctype html>\n<p>x</p>") == f"<!doctype html>{UNPRINTED_SCREEN}\n<p>x</p>"
    assert blank_on_screen("<p>x</p>") == f"{UNPRINTED_SCREEN}<p>x</p>"


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
