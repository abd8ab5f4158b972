"""Finishing the rendered report page: section anchors, table of contents, wide tables, offline check."""

from __future__ import annotations

import re

from bs4 import BeautifulSoup, Tag

from analysis.report.errors import ReportContentError
from analysis.text import CONTROL, visible_controls

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

    Raises ``ReportContentError`` if the page would load anything from the network.
    """
    soup = BeautifulSoup(html, "html.parser")
    main = soup.find("main") or soup
    remote = remote_resources(soup)
    if remote:
        shown = ", ".join(remote[:3])
        raise ReportContentError(f"the report would load {len(remote)} remote resource(s): {shown}")
    show_controls(soup)
    for image in soup.find_all("img", alt=False):
        image["alt"] = "No description has been provided for this image"
    sections = section_anchors(main)
    nav = soup.find("nav", id="toc")
    if nav is not None:
        fill_toc(soup, nav, sections)
    for table in main.find_all("table"):
        if column_count(table) >= WIDE_TABLE_COLUMNS:
            add_class(table, "wide")
        fix_column_widths(soup, table)
        for cell in table.find_all("td"):
            text = cell.get_text(strip=True)
            if NUMBER.fullmatch(text):
                add_class(cell, "num")
            elif LONG_TOKEN.search(text):
                add_class(cell, "long")
    return str(soup)


def show_controls(soup: BeautifulSoup) -> None:
    """Write control characters in the page's text as visible escapes (``\\x07``).

    Catalog text may carry them; a browser hides them and the PDF's fonts have no glyph for
    them (WeasyPrint's stand-in glyph garbles the PDF's text layer).
    """
    for text in soup.find_all(string=CONTROL):
        if text.parent is not None and text.parent.name not in ("style", "script"):
            text.replace_with(visible_controls(text))


def add_class(element: Tag, name: str) -> None:
    """Add ``name`` to the element's classes."""
    element["class"] = [*element.get("class", []), name]


def remote_resources(soup: BeautifulSoup) -> list[str]:
    """URLs the page would fetch when opened: elements that load a source, and CSS ``url()``."""
    found = []
    for name, attribute in LOADING_ATTRIBUTES.items():
        for element in soup.find_all(name):
            url = (element.get(attribute) or "").strip()
            if url and not url.startswith(("data:", "#")):
                found.append(url)
    for style in soup.find_all("style"):
        found.extend(match.group(0) for match in REMOTE_CSS_URL.finditer(style.get_text()))
    return found


def section_anchors(main: Tag) -> list[tuple[str, str]]:
    """(id, text) of each h2, giving each a unique id (kept if it already has one)."""
    taken: set[str] = set()
    sections = []
    for heading in main.find_all("h2"):
        text = heading.get_text(" ", strip=True)
        base = heading.get("id") or slug(text)
        anchor, n = base, 2
        while anchor in taken:
            anchor, n = f"{base}-{n}", n + 1
        taken.add(anchor)
        heading["id"] = anchor
        sections.append((anchor, text))
    return sections


def slug(text: str) -> str:
    """A lowercase, dash-separated id from heading text; "section" if nothing is left."""
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "section"


def fill_toc(soup: BeautifulSoup, nav: Tag, sections: list[tuple[str, str]]) -> None:
    """Put a "Contents" list of links to ``sections`` in ``nav``; drop ``nav`` if there are none."""
    if not sections:
        nav.decompose()
        return
    title = soup.new_tag("p", attrs={"class": "toc-title"})
    title.string = "Contents"
    items = soup.new_tag("ol")
    for anchor, text in sections:
        link = soup.new_tag("a", href=f"#{anchor}")
        link.string = text
        item = soup.new_tag("li")
        item.append(link)
        items.append(item)
    nav.extend([title, items])


def fix_column_widths(soup: BeautifulSoup, table: Tag) -> None:
    """Give a table a fixed layout with column widths from its text lengths.

    WeasyPrint's automatic table layout measures every cell's min and max content width,
    which cost over half of a report's PDF time; a ``<colgroup>`` with widths in proportion to
    each column's longest text (capped, so prose columns do not take the whole page) gives a
    similar layout at a fraction of the cost.
    """
    rows = [row.find_all(["td", "th"], recursive=False) for row in table.find_all("tr")]
    count = max((len(cells) for cells in rows), default=0)
    if count == 0 or table.find("colgroup") is not None:
        return
    weights = [MIN_COLUMN_WEIGHT] * count
    for cells in rows:
        if len(cells) == count:
            for i, cell in enumerate(cells):
                weights[i] = max(weights[i], min(len(cell.get_text(strip=True)), MAX_COLUMN_WEIGHT))
    total = sum(weights)
    colgroup = soup.new_tag("colgroup")
    for weight in weights:
        colgroup.append(soup.new_tag("col", style=f"width: {100 * weight / total:.1f}%"))
    table.insert(0, colgroup)
    add_class(table, "fixed")


def column_count(table: Tag) -> int:
    """The number of cells in the table's widest row among its first few."""
    rows = table.find_all("tr", limit=5)
    return max((len(row.find_all(["td", "th"], recursive=False)) for row in rows), default=0)
