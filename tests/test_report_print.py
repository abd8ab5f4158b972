"""Real reports printed by both PDF engines: words whole in table cells, contents numbered and
unclipped, and a main body of at most 8 A4 pages for the pairs with the most routes."""

from __future__ import annotations

import io
import itertools
import re

import lxml.html
import pytest
from pypdf import PdfReader

from analysis.catalog.store import catalog_at
from analysis.report.pair import pair_report
from analysis.report.pdf import PDF_ENGINES, pdf_report

pytestmark = pytest.mark.slow

PAIRS = {
    "seed": ("openai/gpt-5.3-codex-spark", "stepfun/step-3.5-flash"),
    "popular": ("Claude Sonnet 4.5", "GPT-5"),
}
MAX_BODY_PAGES = 8
A4_POINTS = (595, 842)
MARGIN_BOXES = " ".join(
    f"@{box} {{ content: none; }}" for box in ("top-left", "top-right", "bottom-left", "bottom-right")
)
LEFT_MARGIN_POINTS = 16 / 25.4 * 72  # the report's @page margin


@pytest.fixture(scope="module")
def pages(tmp_path_factory):
    """Each pair's finished HTML report."""
    out = tmp_path_factory.mktemp("print")
    return {
        label: pair_report(a, b, out, formats=("html",)).paths.html.read_text()
        for label, (a, b) in PAIRS.items()
    }


def tables_only(html: str) -> str:
    """The report page with nothing in its body but its tables (no note marks, no running header
    or footer): the tables lay out as in the report (each is the page's width), and no chart or
    prose text mixes in."""
    page = lxml.html.document_fromstring(html)
    for mark in page.find_class("note"):
        mark.drop_tree()
    main = page.find(".//main")
    tables = list(main.iter("table"))
    for child in list(main):
        main.remove(child)
    main.extend(tables)
    quiet = lxml.html.fragment_fromstring(f"<style>@page {{ {MARGIN_BOXES} }}</style>")
    page.find(".//head").append(quiet)  # no page number or date mixes in
    return lxml.html.tostring(page, encoding="unicode")


def split_words(html: str, pdf: bytes) -> list[str]:
    """Words of table cells the PDF shows in two pieces ("Unkno / wn", "$5,775. / 00").

    A piece is a word the page does not have whose rest is another word of the PDF. A line may
    break after a "/" in a path or after a hyphen between letters ("retrieval- / augmented");
    ids and URLs of 25 characters or more (cells marked ``long``) may break anywhere.
    """
    page = lxml.html.document_fromstring(html)
    cells = [c for c in page.iter("td", "th") if "long" not in (c.get("class") or "").split()]
    cell_words = {w for c in cells for w in c.text_content().split()}
    text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages)
    pdf_words = set(text.split())
    return sorted(
        f"{piece} / {word[len(piece) :]}"
        for piece in pdf_words - cell_words
        for word in cell_words
        if word.startswith(piece)
        and word[len(piece) :] in pdf_words
        and not re.search(r"(/|[A-Za-z]-)$", piece)
    )


@pytest.mark.parametrize("engine", PDF_ENGINES)
@pytest.mark.parametrize("label", list(PAIRS))
def test_no_word_or_number_is_split_inside_a_table_cell(pages, label, engine):
    html = tables_only(pages[label])
    assert "$5,775.00" in html or "$3,510.00" in html  # the seed's OpenAI cost, or GPT-5's
    assert split_words(html, pdf_report(html, engine=engine)) == []


def test_the_split_check_finds_a_broken_word():
    html = "<html><body><main><table><tr><td>Unknown</td><td>$5,775.00</td></tr></table></main></body></html>"
    pdf = pdf_report(
        html.replace("Unknown", "Unkno<br>wn").replace("$5,775.00", "$5,775.<br>00"), engine="weasyprint"
    )
    assert split_words(html, pdf) == ["$5,775. / 00", "Unkno / wn"]


def contents_page(pdf: bytes) -> tuple[int, str]:
    """The index and text of the page with the contents."""
    reader = PdfReader(io.BytesIO(pdf))
    return next((n, p.extract_text()) for n, p in enumerate(reader.pages) if "Contents" in p.extract_text())


@pytest.mark.parametrize("engine", PDF_ENGINES)
def test_contents_list_every_section_with_its_page_and_whole_numbers(pages, engine):
    pdf = pdf_report(pages["popular"], engine=engine)
    reader = PdfReader(io.BytesIO(pdf))
    index, _ = contents_page(pdf)
    laid_out = reader.pages[index].extract_text(extraction_mode="layout")  # by position: one line an entry
    entries = re.findall(r"^ *(\d+)\. +(.+?) {2,}(\d+)$", laid_out, flags=re.MULTILINE)
    assert [n for n, _, _ in entries] == [str(i) for i in range(1, len(entries) + 1)]
    assert entries[0][1] == "Verdict" and entries[-1][1] == "Appendix"
    lines = [[line.strip() for line in p.extract_text().splitlines()] for p in reader.pages]
    assert [int(page) for _, _, page in entries] == [
        next(n for n, page in enumerate(lines, 1) if title in page) for _, title, _ in entries
    ]

    starts: list[float] = []  # left edge of the numbers "10." and "11.": whole, inside the margin

    def visit(text, cm, tm, font, size):
        x = tm[4] * cm[0] + cm[4]
        if re.fullmatch(r"1[01]\.?", text.strip()) and x < A4_POINTS[0] / 2:  # not a page number
            starts.append(x)

    reader.pages[index].extract_text(visitor_text=visit)
    assert len(starts) == 2 and min(starts) >= LEFT_MARGIN_POINTS - 1


def top_models(n: int) -> list[str]:
    """The ``n`` models with the most routes in the catalog."""
    routes = catalog_at(None).routes
    return routes.groupby("model_id").size().sort_values(ascending=False, kind="stable").index[:n].tolist()


def body_pages(pdf: bytes) -> int:
    """Pages before the one the appendix starts on."""
    texts = [p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages]
    start = next(n for n, text in enumerate(texts) if "Appendix" in text.splitlines()[:4])
    return start


def test_the_main_body_is_at_most_8_a4_pages_for_the_pairs_with_the_most_routes(tmp_path):
    lengths = {}
    for a, b in itertools.combinations(top_models(5), 2):
        paths = pair_report(a, b, tmp_path, formats=("pdf",)).paths
        pdf = paths.pdf.read_bytes()
        size = PdfReader(io.BytesIO(pdf)).pages[0].mediabox[2:]
        assert all(abs(float(x) - a4) < 1 for x, a4 in zip(size, A4_POINTS, strict=True))
        lengths[f"{a} vs {b}"] = body_pages(pdf)
    assert len(lengths) == 10
    assert {pair: n for pair, n in lengths.items() if n > MAX_BODY_PAGES} == {}
