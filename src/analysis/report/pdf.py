"""PDF from the report HTML: paged-media CSS, A4 or Letter, nothing fetched from outside.

Two engines lay out the same page. ``chromium`` (the default when a Chromium or Chrome is
installed) prints with a headless browser kept open per process, about ten times faster
than WeasyPrint on a 30-page report. ``weasyprint`` needs no browser and also shows the
section name in the running header, which Chromium's paged media lacks (``string-set``).
Chromium lacks ``target-counter`` too: the contents' page numbers are written into its PDF after
the print (see ``numbered_chromium_pdf``).

The appendix's collapsible parts (``<details>``) are printed open.

WeasyPrint is imported on first use (about 0.3 s CPU); a font configuration is not kept
between calls: reusing one saved nothing measurable and, still alive at interpreter exit, it
crashed ``jupyter nbconvert --to pair-pdf`` with a segmentation fault.
"""

from __future__ import annotations

import re

from analysis.errors import ParameterError
from analysis.report.chromium import chromium_executable, chromium_pdf, no_chromium
from analysis.report.layout import contents, contents_targets, numbered_contents, slotted_contents
from analysis.report.skia_pdf import destination_pages, numbered_contents_pdf

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
    """The PDF of ``html`` printed once by Chromium, the page of each section then written into its contents.

    The contents are printed with an empty link at the end of each entry; where those links fall,
    and on which page each section does, are read from the PDF, and the numbers are drawn there
    (``skia_pdf.numbered_contents_pdf``). Should that fail, the page is printed again with the
    numbers in its contents.
    """
    nav = contents(html)
    if nav is None:
        return chromium_pdf(html, page_size)
    pdf = chromium_pdf(html.replace(nav, slotted_contents(nav), 1), page_size)
    numbered = numbered_contents_pdf(pdf, contents_targets(nav))
    if numbered is not None:
        return numbered
    return chromium_pdf(html.replace(nav, numbered_contents(nav, destination_pages(pdf)), 1), page_size)


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
