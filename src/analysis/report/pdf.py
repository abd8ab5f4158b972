"""PDF from the report HTML: paged-media CSS, A4 or Letter, nothing fetched from outside.

Two engines lay out the same page. ``chromium`` (the default when a Chromium or Chrome is
installed) prints with a headless browser kept open per process, about ten times faster
than WeasyPrint on a 30-page report. ``weasyprint`` needs no browser and also shows the
section name in the running header, which Chromium's paged media lacks (``string-set``).
Chromium lacks ``target-counter`` too, so its PDF is printed twice from one loaded page: the
first print, of the first pages only, shows on which page each section fell (its named
destinations); the second, after those numbers are written into the contents, is the report.

The appendix's collapsible parts (``<details>``) are printed open.

WeasyPrint is imported on first use (about 0.3 s CPU); a font configuration is not kept
between calls: reusing one saved nothing measurable and, still alive at interpreter exit, it
crashed ``jupyter nbconvert --to pair-pdf`` with a segmentation fault.
"""

from __future__ import annotations

import re

from analysis.errors import ParameterError
from analysis.report.chromium import chromium_executable, chromium_page, destination_pages, no_chromium
from analysis.report.layout import contents, contents_targets, numbered_contents

PAGE_SIZES = ("A4", "Letter")
PDF_ENGINES = ("chromium", "weasyprint")
FIRST_PASS_PAGES = 10
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
        return chromium_pdf(html, page_size)
    return weasyprint_pdf(html, page_size)


def chromium_pdf(html: str, page_size: str) -> bytes:
    """The PDF of ``html`` printed by Chromium, its contents numbered with the pages a first print showed.

    The first print stops after FIRST_PASS_PAGES pages when the sections the contents lists all
    start by then (the main body is at most 8 pages); the contents is then replaced in the loaded
    page, so the report is laid out once.
    """
    nav = contents(html)
    with chromium_page(html) as page:
        if nav is None:
            return page.pdf(page_size)
        targets = contents_targets(nav)
        pages = destination_pages(page.pdf(page_size, pages=f"1-{FIRST_PASS_PAGES}"))
        if not pages.keys() >= set(targets):
            pages = destination_pages(page.pdf(page_size))
        page.replace("nav#toc", numbered_contents(nav, pages))
        return page.pdf(page_size)


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
