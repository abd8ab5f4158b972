"""PDF from the report HTML: paged-media CSS, A4 or Letter, nothing fetched from outside.

Two engines lay out the same page. ``chromium`` (the default when a Chromium or Chrome is
installed) prints with a headless browser kept open per process, about ten times faster
than WeasyPrint on a 30-page report. ``weasyprint`` needs no browser and also shows the
section name in the running header, which Chromium's paged media lacks (``string-set``).
Chromium lacks ``target-counter`` too, so it prints twice: the main body first, to show on which
page each section falls (its named destinations), then the report with those numbers written
into the contents.

The appendix's collapsible parts (``<details>``) are printed open.

WeasyPrint is imported on first use (about 0.3 s CPU); a font configuration is not kept
between calls: reusing one saved nothing measurable and, still alive at interpreter exit, it
crashed ``jupyter nbconvert --to pair-pdf`` with a segmentation fault.
"""

from __future__ import annotations

import re

from analysis.errors import ParameterError
from analysis.report.chromium import chromium_executable, chromium_pdf, destination_pages, no_chromium
from analysis.report.layout import contents, contents_targets, main_body, numbered_contents

PAGE_SIZES = ("A4", "Letter")
PDF_ENGINES = ("chromium", "weasyprint")
CLOSED_DETAILS = re.compile(r"<details(?![^>]*\bopen\b)")


def pdf_engine(page_size: str, engine: str | None = None) -> str:
    """The engine that will print: ``engine``, or (None) chromium when one is installed, else weasyprint.

    ParameterError for a page size other than A4 or Letter, or an unknown engine; ReportPdfError
    when chromium is asked for and none is installed.
    """
    if page_size not in PAGE_SIZES:
        raise ParameterError(f"page size {page_size!r}: expected {' or '.join(PAGE_SIZES)}")
    if engine not in (None, *PDF_ENGINES):
        raise ParameterError(f"PDF engine {engine!r}: expected {' or '.join(PDF_ENGINES)}")
    found = chromium_executable()
    if engine == "chromium" and not found:
        raise no_chromium()
    return engine or ("chromium" if found else "weasyprint")


def pdf_report(html: str, *, page_size: str = "A4", engine: str | None = None) -> bytes:
    """The PDF of a report page: ``page_size`` A4 or Letter, by ``engine`` (None: see pdf_engine)."""
    html = CLOSED_DETAILS.sub("<details open", html)
    if pdf_engine(page_size, engine) == "chromium":
        return numbered_chromium_pdf(html, page_size)
    return weasyprint_pdf(html, page_size)


def numbered_chromium_pdf(html: str, page_size: str) -> bytes:
    """The PDF of ``html`` printed by Chromium, its contents numbered with the pages a first print showed.

    The first print is of the main body alone (the page up to the appendix heading, which starts
    a page): where its sections fall does not depend on what follows, and it is a quarter of the
    layout. Should a section the contents lists not be in it, the whole page is printed first.
    """
    nav = contents(html)
    if nav is None:
        return chromium_pdf(html, page_size)
    targets = set(contents_targets(nav))
    pages = destination_pages(chromium_pdf(main_body(html), page_size))
    if not pages.keys() >= targets:
        pages = destination_pages(chromium_pdf(html, page_size))
    return chromium_pdf(html.replace(nav, numbered_contents(nav, pages), 1), page_size)


def weasyprint_pdf(html: str, page_size: str) -> bytes:
    """The PDF of ``html`` laid out by WeasyPrint, which may read ``data:`` URLs only."""
    from weasyprint import CSS, HTML
    from weasyprint.urls import URLFetcher

    # Fixed table layout from the widths analysis.report.layout sets: WeasyPrint's automatic
    # layout cost over half of its time. (Chromium lays tables out faster automatically.)
    extra = CSS(
        string=f"@page {{ size: {page_size} !important; }} table.fixed {{ table-layout: fixed; width: 100%; }}"
    )
    document = HTML(string=html, url_fetcher=URLFetcher(allowed_protocols={"data"}))
    return document.write_pdf(stylesheets=[extra])
