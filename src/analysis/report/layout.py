"""Finishing the rendered report page: section anchors, table of contents, wide tables, offline check."""

from __future__ import annotations

import re
from itertools import islice

import lxml.html
from lxml.etree import SubElement
from lxml.html import Element, HtmlElement

from analysis.report.errors import ReportContentError
from analysis.text import visible_controls

WIDE_TABLE_COLUMNS = 7
MIN_COLUMN_WEIGHT, MAX_COLUMN_WEIGHT = 8, 36  # characters: bounds of a column's share of the width
LOADING_ATTRIBUTES = {
    "img": "src",
    "script": "src",
    "iframe": "src",
    "embed": "src",
    "source": "src",
    "video": "src",
    "audio": "src",
    "link": "href",
}
NUMBER = re.compile(r"[-+−]?[$€£]?\d[\d,.\u202f ]*(?:%|[kKMB]|x|×)?")
LONG_TOKEN = re.compile(r"\S{25,}")
REMOTE_CSS_URL = re.compile(r"""url\(\s*['"]?\s*(?:https?:)?//""", re.IGNORECASE)
CSS_PLAIN = re.compile(r"[A-Za-z0-9 .,:;!?()/+_'-]")


def running_header_css(title: str, date: str) -> str:
    """The ``@page`` rules that print ``title`` atop every page after the cover and ``date`` at the foot.

    Literal strings, not ``string-set``, so every PDF engine shows them.
    """
    return (
        f"@page {{ @top-left {{ content: {css_string(title)}; }} @bottom-left {{ content: {css_string(date)}; }} }}\n"
        "@page :first { @top-left { content: none; } }"
    )


def css_string(text: str) -> str:
    """``text`` as a quoted CSS string: every character but letters, digits and plain punctuation escaped."""
    return '"' + "".join(c if CSS_PLAIN.fullmatch(c) else f"\\{ord(c):06x}" for c in text) + '"'


def finished_page(html: str) -> str:
    """The page with section ids, its contents list, and wide tables, numbers, long text marked.

    Control characters anywhere in it are written as visible escapes (``\\x07``): catalog
    text may carry them, a browser hides them and PDF fonts have no glyph for them. Raises
    ``ReportContentError`` if the page would load anything from the network.
    """
    page = lxml.html.document_fromstring(visible_controls(html))
    remote = remote_resources(page)
    if remote:
        shown = ", ".join(remote[:3])
        raise ReportContentError(f"the report would load {len(remote)} remote resource(s): {shown}")
    for image in page.iter("img"):
        if image.get("alt") is None:
            image.set("alt", "No description has been provided for this image")
    main = page.find(".//main")
    main = page if main is None else main
    sections = section_anchors(main)
    nav = page.find(".//nav[@id='toc']")
    if nav is not None:
        fill_toc(nav, sections)
    for table in list(main.iter("table")):
        if column_count(table) >= WIDE_TABLE_COLUMNS:
            add_class(table, "wide")
        fix_column_widths(table)
        for cell in table.iter("td"):
            text = cell.text_content().strip()
            if NUMBER.fullmatch(text):
                add_class(cell, "num")
            elif LONG_TOKEN.search(text):
                add_class(cell, "long")
    return lxml.html.tostring(page, encoding="unicode", doctype="<!DOCTYPE html>")


def add_class(element: HtmlElement, name: str) -> None:
    """Add ``name`` to the element's classes (once)."""
    classes = (element.get("class") or "").split()
    if name not in classes:
        element.set("class", " ".join([*classes, name]))


def remote_resources(page: HtmlElement) -> list[str]:
    """URLs a parsed page would fetch when opened: elements that load a source, and CSS ``url()``."""
    found = []
    for name, attribute in LOADING_ATTRIBUTES.items():
        for element in page.iter(name):
            url = (element.get(attribute) or "").strip()
            if url and not url.startswith(("data:", "#")):
                found.append(url)
    for style in page.iter("style"):
        found.extend(match.group(0) for match in REMOTE_CSS_URL.finditer(style.text_content()))
    return found


def section_anchors(main: HtmlElement) -> list[tuple[str, str]]:
    """(id, text) of each h2, giving each a unique id (kept if it already has one)."""
    taken: set[str] = set()
    sections = []
    for heading in main.iter("h2"):
        text = " ".join(heading.text_content().split())
        base = heading.get("id") or slug(text)
        anchor, n = base, 2
        while anchor in taken:
            anchor, n = f"{base}-{n}", n + 1
        taken.add(anchor)
        heading.set("id", anchor)
        sections.append((anchor, text))
    return sections


def slug(text: str) -> str:
    """A lowercase, dash-separated id from heading text; "section" if nothing is left."""
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "section"


def fill_toc(nav: HtmlElement, sections: list[tuple[str, str]]) -> None:
    """Put a "Contents" list of links to ``sections`` in ``nav``; drop ``nav`` if there are none."""
    if not sections:
        nav.drop_tree()
        return
    title = SubElement(nav, "p", {"class": "toc-title"})
    title.text = "Contents"
    items = SubElement(nav, "ol")
    for anchor, text in sections:
        SubElement(SubElement(items, "li"), "a", href=f"#{anchor}").text = text


def fix_column_widths(table: HtmlElement) -> None:
    """Give a table column widths from its text lengths, and the class ``fixed``.

    WeasyPrint's automatic table layout measures every cell's min and max content width,
    which cost over half of its PDF time; with a ``<colgroup>`` of widths in proportion to
    each column's longest text (capped, so prose columns do not take the whole page) it lays
    ``table.fixed`` out with a fixed layout instead (see analysis.report.pdf). Browsers take
    the widths as a hint.
    """
    rows = [cells_of(row) for row in table.iter("tr")]
    count = max((len(cells) for cells in rows), default=0)
    if count == 0 or table.find(".//colgroup") is not None:
        return
    weights = [MIN_COLUMN_WEIGHT] * count
    for cells in rows:
        if len(cells) == count:
            for i, cell in enumerate(cells):
                weights[i] = max(weights[i], min(len(cell.text_content().strip()), MAX_COLUMN_WEIGHT))
    total = sum(weights)
    colgroup = Element("colgroup")
    for weight in weights:
        SubElement(colgroup, "col", style=f"width: {100 * weight / total:.1f}%")
    table.insert(0, colgroup)
    add_class(table, "fixed")


def cells_of(row: HtmlElement) -> list[HtmlElement]:
    """The row's own td and th cells."""
    return [cell for cell in row if cell.tag in ("td", "th")]


def column_count(table: HtmlElement) -> int:
    """The number of cells in the table's widest row among its first few."""
    rows = list(islice(table.iter("tr"), 5))
    return max((len(cells_of(row)) for row in rows), default=0)
