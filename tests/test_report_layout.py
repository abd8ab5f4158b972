"""The report page's finishing: metadata protocol, section anchors, contents, tables, offline."""

import nbformat
import pytest
from bs4 import BeautifulSoup
from nbformat.v4 import new_code_cell, new_notebook, new_output

from analysis.report import METADATA_MIME, metadata_output
from analysis.report.errors import ReportContentError
from analysis.report.export import ReportMetadataPreprocessor
from analysis.report.layout import (
    CELL_PADDING,
    LINE_CHARACTERS,
    column_widths,
    contents,
    contents_targets,
    finished_page,
    numbered_contents,
    slotted_contents,
)
from analysis.report.metadata import report_metadata
from analysis.report.pdf import CLOSED_DETAILS

PAGE = """<html><head><style>body {{ color: red }}</style></head><body>
<nav id="toc"></nav><main>{}</main></body></html>"""


def test_metadata_output_carries_the_fields_and_a_text_line():
    bundle = metadata_output({"model_a": "Alpha", "model_b": "Beta", "scenario": "s"})
    data = bundle._repr_mimebundle_()
    assert data[METADATA_MIME] == {"model_a": "Alpha", "model_b": "Beta", "scenario": "s"}
    assert data["text/plain"] == "Report metadata: Alpha vs Beta"


def test_metadata_output_refuses_missing_names_and_non_text_values():
    with pytest.raises(ValueError, match="model_b"):
        metadata_output({"model_a": "Alpha"})
    with pytest.raises(TypeError, match="date"):
        metadata_output({"model_a": "A", "model_b": "B", "date": 2025})


def test_report_metadata_fills_title_and_empty_optional_fields():
    fields = report_metadata({"model_a": "A", "model_b": "B", "date": "2025-01-02"}, "nb")
    assert fields["title"] == "A vs B"
    assert fields["scenario"] == fields["catalog_version"] == fields["subtitle"] == ""
    assert report_metadata(None, "notebook name")["title"] == "notebook name"


def test_preprocessor_moves_the_last_metadata_output_out_of_the_cells():
    first = new_output("display_data", data={METADATA_MIME: {"model_a": "Old", "model_b": "X"}})
    last = new_output("execute_result", data={METADATA_MIME: {"model_a": "A", "model_b": "B"}})
    kept = new_output("stream", name="stdout", text="kept\n")
    nb = new_notebook(cells=[new_code_cell(outputs=[first, kept]), new_code_cell(outputs=[last])])
    nb = nbformat.from_dict(nb)
    nb, resources = ReportMetadataPreprocessor().preprocess(nb, {})
    assert resources["report"]["title"] == "A vs B"
    assert nb.metadata["report"]["model_a"] == "A"
    assert [o.output_type for c in nb.cells for o in c.outputs] == ["stream"]


def test_sections_get_unique_ids_and_a_linked_contents_list():
    html = finished_page(
        PAGE.format("<h2>Decision scorecard</h2><h2>FAQ</h2><h2>FAQ</h2><h3>not listed</h3>")
    )
    soup = BeautifulSoup(html, "html.parser")
    ids = [h2["id"] for h2 in soup.main.find_all("h2")]
    assert ids == ["decision-scorecard", "faq", "faq-2"]
    links = [(a["href"], a.get_text()) for a in soup.find("nav", id="toc").find_all("a")]
    assert links == [("#decision-scorecard", "Decision scorecard"), ("#faq", "FAQ"), ("#faq-2", "FAQ")]


def test_no_sections_means_no_contents_box():
    soup = BeautifulSoup(finished_page(PAGE.format("<p>text</p>")), "html.parser")
    assert soup.find("nav") is None


def test_wide_tables_numeric_cells_and_long_text_are_marked():
    wide = "<table><tr>" + "<td>x</td>" * 8 + "</tr></table>"
    narrow = (
        "<table><tr><td>GPT-4o</td><td>$1,250.50</td><td>12%</td>"
        "<td>https://models.dev/api.json#openai/gpt-4o-2024-08-06</td></tr></table>"
    )
    soup = BeautifulSoup(finished_page(PAGE.format(wide + narrow)), "html.parser")
    wide_table, narrow_table = soup.find_all("table")
    assert "wide" in wide_table["class"]
    assert "wide" not in narrow_table.get("class", [])
    classes = [td.get("class") for td in narrow_table.find_all("td")]
    assert classes == [None, ["num"], ["num"], ["long"]]


@pytest.mark.parametrize(
    "content",
    [
        '<img src="https://example.com/logo.png">',
        '<script src="https://cdn.example.com/require.js"></script>',
        '<link rel="stylesheet" href="//cdn.example.com/x.css">',
        "<style>body { background: url('https://example.com/bg.png') }</style>",
        '<iframe src="http://example.com"></iframe>',
    ],
)
def test_a_page_that_would_load_from_the_network_is_refused(content):
    with pytest.raises(ReportContentError, match="remote resource"):
        finished_page(PAGE.format(content))


def test_data_uris_and_plain_links_are_fine():
    content = '<img src="data:image/png;base64,AAAA"><a href="https://models.dev">source</a>'
    assert "https://models.dev" in finished_page(PAGE.format(content))


def cite(text, url=""):
    inner = f'<a href="{url}">{text}</a>' if url else text
    return f'<span class="cite">({inner})</span>'


def test_citations_become_numbered_notes_listed_after_the_body_and_after_the_appendix():
    body = (
        "<h2>Specs</h2><table><tr><td>200,000 tokens"
        + cite("models.dev f3fc692, as of 2026-07-02")
        + "</td><td>$1.25"
        + cite("litellm 1.109.1, as of 2026-11-23", "https://openai.com/api/pricing")
        + "</td></tr></table><p>Again"
        + cite("models.dev f3fc692, as of 2026-07-02")
        + "</p>"
    )
    appendix = (
        '<div><h2 id="appendix">Appendix</h2><p>Route'
        + cite("genai-prices 0.2.3, as of 2026-10-19")
        + "</p></div>"
    )
    soup = BeautifulSoup(finished_page(PAGE.format(body + appendix)), "html.parser")
    assert soup.find(class_="cite") is None
    marks = [(a["href"], a.get_text()) for a in soup.select("sup.note a")]
    assert marks == [("#note-1", "1"), ("#note-2", "2"), ("#note-1", "1"), ("#note-3", "3")]
    notes = [" ".join(li.get_text().split()) for li in soup.select(".source-notes li")]
    assert notes == [
        "1. models.dev f3fc692, as of 2026-07-02",
        "2. litellm 1.109.1, as of 2026-11-23: openai.com/api/pricing",
        "3. genai-prices 0.2.3, as of 2026-10-19",
    ]
    assert soup.find(id="note-2").a["href"] == "https://openai.com/api/pricing"
    headings = [h.get_text() for h in soup.main.find_all("h2")]
    assert headings == ["Specs", "Appendix"]  # the notes are appendix material: they open it
    parts = [d.summary.get_text() for d in soup.find_all("details", class_="appendix-part")]
    assert parts[0] == "Source notes"
    assert soup.find(id="note-1").find_parent("details").summary.get_text() == "Source notes"
    assert soup.find(id="note-3").find_parent("details").summary.get_text() == "Source notes for the appendix"


def test_the_contents_follow_the_first_section_so_page_one_is_the_decision():
    cells = "".join(
        f"<div class='cell'><h2>{t}</h2><p>text</p></div>" for t in ("Verdict", "Scorecard", "FAQ")
    )
    soup = BeautifulSoup(finished_page(PAGE.format(cells)), "html.parser")
    order = [
        el.name if el.name == "nav" else el.h2.get_text()
        for el in soup.main.find_all(["div", "nav"], recursive=False)
    ]
    assert order == ["Verdict", "nav", "Scorecard", "FAQ"]


def test_notebook_only_output_is_left_out_of_the_report():
    page = finished_page(PAGE.format('<div class="summary notebook-only">Catalog as of</div><h2>Specs</h2>'))
    assert "Catalog as of" not in page


def test_each_column_is_wide_enough_for_its_longest_word():
    row = (
        "<tr><td>Claude Sonnet 4.5 (latest)</td><td>subscription</td><td>$5,775.00</td><td>Unknown</td></tr>"
    )
    long_text = "<tr><td>" + "word " * 60 + "</td><td>paid</td><td>$1.25</td><td>Unknown</td></tr>"
    soup = BeautifulSoup(finished_page(PAGE.format(f"<table>{row}{long_text}</table>")), "html.parser")
    widths = [float(col["style"].split()[1].rstrip("%")) for col in soup.find_all("col")]
    line = LINE_CHARACTERS["data"]
    for width, word in zip(widths, ("(latest)", "subscription", "$5,775.00", "Unknown"), strict=True):
        assert width / 100 * line >= len(word) + CELL_PADDING - 0.01, word
    assert sum(widths) == pytest.approx(100, abs=0.5)


def test_column_widths_share_the_spare_line_by_text_length():
    assert column_widths([10, 10], [10, 10], 100) == [50, 50]
    assert column_widths([10, 10], [50, 20], 60) == pytest.approx(
        [100 * (10 + 40 * 40 / 50) / 60, 100 * (10 + 40 * 10 / 50) / 60]
    )
    assert column_widths([60, 60], [80, 60], 100) == [50, 50]  # even the words do not fit


def test_dates_and_names_with_a_digit_hyphen_stay_whole():
    page = finished_page(PAGE.format("<p>GPT-5 since 2025-05-30, retrieval-augmented <code>a-1</code></p>"))
    soup = BeautifulSoup(page, "html.parser")
    assert [s.get_text() for s in soup.select("span.nowrap")] == ["GPT-5", "2025-05-30,"]
    assert soup.p.get_text() == "GPT-5 since 2025-05-30, retrieval-augmented a-1"


def test_page_numbers_are_written_into_the_contents():
    page = finished_page(PAGE.format("<h2>Specs</h2><h2>FAQ</h2>"))
    nav = contents(page)
    assert contents_targets(nav) == ["specs", "faq"]
    soup = BeautifulSoup(numbered_contents(nav, {"specs": 2, "faq": 5, "note-1": 9}), "html.parser")
    assert [(li.a.get_text(), li.find(class_="toc-page").get_text()) for li in soup.nav.find_all("li")] == [
        ("Specs", "2"),
        ("FAQ", "5"),
    ]


def test_each_contents_entry_gets_an_empty_link_where_its_page_number_goes():
    nav = contents(finished_page(PAGE.format("<h2>Specs</h2><h2>FAQ</h2>")))
    soup = BeautifulSoup(slotted_contents(nav), "html.parser")
    assert [
        [(a.get_text(), a["href"], a.get("class")) for a in li.find_all("a")] for li in soup.find_all("li")
    ] == [
        [("Specs", "#specs", None), ("", "#specs", ["toc-page"])],
        [("FAQ", "#faq", None), ("", "#faq", ["toc-page"])],
    ]


def test_the_appendix_prints_open():
    html = "<details class='appendix-part'><summary>Every route</summary></details><details open>x</details>"
    assert CLOSED_DETAILS.sub("<details open", html).count("<details open") == 2


def test_a_long_note_address_is_cut_in_print_and_whole_in_its_link():
    url = "https://logs.epoch.ai/inspect-viewer/c79c08da/viewer.html?log_file=https%3A%2F%2Flogs.epoch.ai%2Fx.eval"
    soup = BeautifulSoup(
        finished_page(PAGE.format("<p>x" + cite("epoch-benchmarks f87d3cc", url) + "</p>")), "html.parser"
    )
    link = soup.find(id="note-1").a
    assert link["href"] == url
    assert link.get_text() == url.removeprefix("https://")[:59] + "…"


def test_short_tables_stay_on_one_page_and_long_ones_may_break():
    short = "<table>" + "<tr><td>x</td></tr>" * 3 + "</table>"
    long = "<table>" + "<tr><td>x</td></tr>" * 40 + "</table>"
    soup = BeautifulSoup(finished_page(PAGE.format(short + long)), "html.parser")
    assert ["keep-together" in t["class"] for t in soup.find_all("table")] == [True, False]
