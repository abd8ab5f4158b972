"""Finishing the rendered report page: source notes, section anchors, table of contents, table
widths, offline check."""

from __future__ import annotations

import re

import lxml.html
from lxml.etree import Element, HTMLParser, SubElement, XPath, _Element

from analysis.report.errors import ReportContentError
from analysis.text import visible_controls

WIDE_TABLE_COLUMNS = 7
SHORT_TABLE_ROWS = 10  # a table this short (header included) is not split across pages
MIN_COLUMN_WEIGHT, MAX_COLUMN_WEIGHT = 4, 36  # characters: bounds of a column's share of the width
# Characters of table text a line of an A4 page holds (8.5 pt, 7 pt in wide tables), a little
# under the real figure so the widest word of each column fits in its share of the width.
LINE_CHARACTERS = {"data": 92, "wide": 112}
CELL_PADDING = 3  # characters: a cell's padding on both sides, and a bold header's extra width
SHOWN_URL = 60  # characters of a source note's address printed
LONG_WORD = 25  # characters: a word this long (an id, a URL) may break anywhere (td.long)
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
LONG_TOKEN = re.compile(rf"\S{{{LONG_WORD},}}")
REMOTE_CSS_URL = re.compile(r"""url\(\s*['"]?\s*(?:https?:)?//""", re.IGNORECASE)
# A word with a hyphen beside a digit ("2025-05-30", "GPT-5"), short enough to keep whole: browsers
# may break a line after any hyphen.
DIGIT_HYPHEN_WORD = re.compile(rf"(?<!\S)(?=\S*(?:\d-|-\d))\S{{1,{LONG_WORD - 1}}}(?!\S)")
CONTENTS_ENTRY = re.compile(r'<a href="#([a-z0-9-]+)">.*?</a>')
CSS_PLAIN = re.compile(r"[A-Za-z0-9 .,:;!?()/+_'-]")
# Plain lxml elements: lxml.html's element classes cost a Python lookup for every element
# touched, about a third of the page's finishing.
PARSER = HTMLParser()
TEXT = XPath("string()")
NOTEBOOK_ONLY = XPath(".//*[contains(concat(' ', normalize-space(@class), ' '), ' notebook-only ')]")
# The texts inside an element (its own, its descendants' and their tails) that hold a hyphen.
HYPHENATED_TEXTS = XPath(".//text()[contains(., '-')]")
# The inline citations and the appendix's start, in document order.
CITES_AND_APPENDIX = XPath(
    ".//span[contains(concat(' ', normalize-space(@class), ' '), ' cite ')] | .//*[@id='appendix']"
)


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
    """The page with source notes, section ids, its contents list after the first section, words
    like "GPT-5" and dates kept whole, and table widths set, short tables, numbers and long text
    marked.

    Control characters anywhere in it are written as visible escapes (``\\x07``): catalog
    text may carry them, a browser hides them and PDF fonts have no glyph for them. Raises
    ``ReportContentError`` if the page would load anything from the network.
    """
    page = lxml.html.document_fromstring(visible_controls(html), parser=PARSER)
    remote = remote_resources(page)
    if remote:
        shown = ", ".join(remote[:3])
        raise ReportContentError(f"the report would load {len(remote)} remote resource(s): {shown}")
    for hidden in NOTEBOOK_ONLY(page):
        drop_tree(hidden)
    for image in page.iter("img"):
        if image.get("alt") is None:
            image.set("alt", "No description has been provided for this image")
    main = page.find(".//main")
    main = page if main is None else main
    add_source_notes(main)
    sections = section_anchors(main)
    nav = page.find(".//nav[@id='toc']")
    if nav is not None:
        fill_toc(nav, sections)
        after_first_section(nav, main)
    keep_whole(main)
    for table in list(main.iter("table")):
        finish_table(table)
    return lxml.html.tostring(page, encoding="unicode", doctype="<!DOCTYPE html>")


def drop_tree(element: _Element) -> None:
    """Remove ``element`` and what it holds, keeping the text that follows it."""
    parent, previous = element.getparent(), element.getprevious()
    if element.tail:
        if previous is not None:
            previous.tail = (previous.tail or "") + element.tail
        else:
            parent.text = (parent.text or "") + element.tail
    parent.remove(element)


def finish_table(table: _Element) -> None:
    """Mark a table wide (many columns) or short (kept on one page), set its column widths, and
    mark its number cells and its cells with long unbroken text."""
    rows = [cells_of(row) for row in table.iter("tr")]
    if max((len(cells) for cells in rows[:5]), default=0) >= WIDE_TABLE_COLUMNS:
        add_class(table, "wide")
    if len(rows) <= SHORT_TABLE_ROWS:
        add_class(table, "keep-together")
    texts = [[" ".join(TEXT(cell).split()) for cell in cells] for cells in rows]
    fix_column_widths(table, texts)
    for cells, row_texts in zip(rows, texts, strict=True):
        for cell, text in zip(cells, row_texts, strict=True):
            if cell.tag == "td" and NUMBER.fullmatch(text):
                add_class(cell, "num")
            elif cell.tag == "td" and LONG_TOKEN.search(text):
                add_class(cell, "long")


def add_source_notes(main: _Element) -> None:
    """Number the inline citations (``span.cite``) as source notes, in order of first use.

    Each becomes a superscript number linked to its note. The notes are reference material, so
    they open the appendix (``#appendix``): those cited in the main body first, under "Source
    notes"; those first cited in the appendix, at its end. Without an appendix they close the
    page. A note is a source with its version, date and address.
    """
    numbers: dict[tuple[str, str], int] = {}
    body: list[int] = []
    later: list[int] = []
    boundary = None
    for element in CITES_AND_APPENDIX(main):
        if element.get("id") == "appendix":
            boundary = element if boundary is None else boundary
            continue
        key = citation(element)
        if key not in numbers:
            numbers[key] = len(numbers) + 1
            (later if boundary is not None else body).append(numbers[key])
        mark = Element("sup", {"class": "note"})
        SubElement(mark, "a", href=f"#note-{numbers[key]}").text = str(numbers[key])
        mark.tail = element.tail
        element.getparent().replace(element, mark)
    notes = {n: key for key, n in numbers.items()}
    if body and boundary is None:
        main.append(notes_list(body, notes, "Source notes"))
    elif body:
        boundary.addnext(notes_part("Source notes", notes_list(body, notes)))
    if later:
        main.append(notes_part("Source notes for the appendix", notes_list(later, notes)))


def notes_part(title: str, notes: _Element) -> _Element:
    """A collapsible appendix part holding a notes list."""
    part = Element("details", {"class": "appendix-part"})
    SubElement(part, "summary").text = title
    part.append(notes)
    return part


def citation(span: _Element) -> tuple[str, str]:
    """(text, URL) of an inline citation: ``(<a href=URL>text</a>)`` or ``(text)``."""
    link = span.find(".//a")
    text = " ".join(TEXT(link if link is not None else span).split()).strip("()")
    return text, link.get("href", "") if link is not None else ""


def notes_list(numbers: list[int], notes: dict[int, tuple[str, str]], title: str = "") -> _Element:
    """A section listing the notes ``numbers`` (text and URL in ``notes``), under an h2 ``title`` if given."""
    section = Element("section", {"class": "source-notes"})
    if title:
        SubElement(section, "h2").text = title
    listed = SubElement(section, "ol")
    for n in numbers:
        text, url = notes[n]
        item = SubElement(listed, "li", id=f"note-{n}")
        SubElement(item, "span", {"class": "note-number"}).text = f"{n}."
        item[0].tail = f" {text}"
        if url:
            item[0].tail += ": "
            SubElement(item, "a", href=url).text = shown_url(url)
    return section


def shown_url(url: str) -> str:
    """A note's address as printed: without the scheme, cut to SHOWN_URL characters with "…"
    (the link keeps it whole)."""
    text = url.removeprefix("https://").removeprefix("http://")
    return text if len(text) <= SHOWN_URL else text[: SHOWN_URL - 1] + "…"


def top_level(element: _Element, main: _Element) -> _Element:
    """The child of ``main`` that holds ``element`` (a notebook cell, in a report)."""
    while element.getparent() is not None and element.getparent() is not main:
        element = element.getparent()
    return element


def after_first_section(nav: _Element, main: _Element) -> None:
    """Move the contents list to just before the second section, so page one is the title block
    and the first section (the verdict)."""
    headings = list(main.iter("h2"))
    if len(headings) >= 2 and nav.getparent() is not None:
        top_level(headings[1], main).addprevious(nav)


def contents(html: str) -> str | None:
    """The page's contents (``<nav id="toc">`` … ``</nav>``), or None when it has none."""
    start = html.find('<nav id="toc"')
    end = html.find("</nav>", start)
    return html[start : end + len("</nav>")] if start >= 0 and end >= 0 else None


def contents_targets(nav: str) -> list[str]:
    """The ids the contents ``nav`` links to, in order."""
    return CONTENTS_ENTRY.findall(nav)


def slotted_contents(nav: str) -> str:
    """The contents ``nav`` with an empty link to each section after its entry, where its page
    number goes (see ``skia_pdf.numbered_contents_pdf``)."""
    return CONTENTS_ENTRY.sub(
        lambda entry: f'{entry.group(0)}<a class="toc-page" href="#{entry.group(1)}"></a>', nav
    )


def numbered_contents(nav: str, pages: dict[str, int]) -> str:
    """The contents ``nav`` with the page of each section written after its entry."""

    def numbered(entry: re.Match) -> str:
        page = pages.get(entry.group(1))
        return entry.group(0) + (f'<span class="toc-page">{page}</span>' if page else "")

    return CONTENTS_ENTRY.sub(numbered, nav)


def add_class(element: _Element, name: str) -> None:
    """Add ``name`` to the element's classes (once)."""
    classes = (element.get("class") or "").split()
    if name not in classes:
        element.set("class", " ".join([*classes, name]))


def remote_resources(page: _Element) -> list[str]:
    """URLs a parsed page would fetch when opened: elements that load a source, and CSS ``url()``."""
    found = []
    for name, attribute in LOADING_ATTRIBUTES.items():
        for element in page.iter(name):
            url = (element.get(attribute) or "").strip()
            if url and not url.startswith(("data:", "#")):
                found.append(url)
    for style in page.iter("style"):
        found.extend(match.group(0) for match in REMOTE_CSS_URL.finditer(TEXT(style)))
    return found


def section_anchors(main: _Element) -> list[tuple[str, str]]:
    """(id, text) of each h2, giving each a unique id (kept if it already has one)."""
    taken: set[str] = set()
    sections = []
    for heading in main.iter("h2"):
        text = " ".join(TEXT(heading).split())
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


def fill_toc(nav: _Element, sections: list[tuple[str, str]]) -> None:
    """Put a "Contents" list of links to ``sections`` in ``nav``; drop ``nav`` if there are none."""
    if not sections:
        drop_tree(nav)
        return
    title = SubElement(nav, "p", {"class": "toc-title"})
    title.text = "Contents"
    items = SubElement(nav, "ol")
    for anchor, text in sections:
        SubElement(SubElement(items, "li"), "a", href=f"#{anchor}").text = text


def fix_column_widths(table: _Element, rows: list[list[str]]) -> None:
    """Give a table column widths from its text (``rows``: each row's cell texts, whitespace
    collapsed), and the class ``fixed``.

    WeasyPrint's automatic table layout measures every cell's min and max content width,
    which cost over half of its PDF time; with a ``<colgroup>`` of widths it lays ``table.fixed``
    out with a fixed layout instead (see analysis.report.pdf). Chromium takes the widths as a hint
    (a fixed layout is slower there). A fixed layout breaks a word that is wider than its column,
    so each column first gets room for its longest word (ids and URLs of LONG_WORD characters or
    more excepted: they may break), and the rest of the line goes to the columns with more text,
    in proportion to it (capped, so prose columns do not take the whole page).
    """
    count = max((len(cells) for cells in rows), default=0)
    if count == 0 or table.find(".//colgroup") is not None:
        return
    need = [MIN_COLUMN_WEIGHT] * count
    want = [MIN_COLUMN_WEIGHT] * count
    for cells in rows:
        if len(cells) == count:
            for i, text in enumerate(cells):
                longest = max((len(w) for w in text.split() if len(w) < LONG_WORD), default=0)
                need[i] = max(need[i], longest + CELL_PADDING)  # need starts above CELL_PADDING
                want[i] = max(want[i], min(len(text), MAX_COLUMN_WEIGHT) + CELL_PADDING)
    line = LINE_CHARACTERS["wide" if count >= WIDE_TABLE_COLUMNS else "data"]
    widths = column_widths(need, [max(w, n) for w, n in zip(want, need, strict=True)], line)
    colgroup = Element("colgroup")
    for width in widths:
        SubElement(colgroup, "col", style=f"width: {width:.1f}%")
    table.insert(0, colgroup)
    add_class(table, "fixed")


def column_widths(need: list[int], want: list[int], line: int) -> list[float]:
    """Percent widths: each column ``need`` characters, the rest of a ``line`` shared by ``want``.

    When even the needs do not fit, the widths are in proportion to them.
    """
    extra = [w - n for w, n in zip(want, need, strict=True)]
    if sum(need) >= line:
        base = need
    elif sum(want) <= line:
        base = want
    else:
        spare = line - sum(need)
        base = [n + spare * e / sum(extra) for n, e in zip(need, extra, strict=True)]
    return [100 * b / sum(base) for b in base]


def keep_whole(element: _Element) -> None:
    """Wrap each word with a hyphen beside a digit in ``<span class="nowrap">`` (not in code)."""
    for text in HYPHENATED_TEXTS(element):
        owner = text.getparent()
        if owner.tag in ("pre", "code", "style", "script") or not DIGIT_HYPHEN_WORD.search(text):
            continue
        before, spans = nowrap_spans(text)
        if text.is_text:
            owner.text = before
            for i, span in enumerate(spans):
                owner.insert(i, span)
        else:
            owner.tail = before
            for span in reversed(spans):
                owner.addnext(span)


def nowrap_spans(text: str) -> tuple[str, list[_Element]]:
    """The text before the first word to keep whole, and a nowrap span per such word (its tail
    the text up to the next)."""
    matches = list(DIGIT_HYPHEN_WORD.finditer(text))
    spans = []
    for i, match in enumerate(matches):
        span = Element("span", {"class": "nowrap"})
        span.text = match.group(0)
        span.tail = text[match.end() : matches[i + 1].start() if i + 1 < len(matches) else len(text)]
        spans.append(span)
    return text[: matches[0].start()], spans


def cells_of(row: _Element) -> list[_Element]:
    """The row's own td and th cells."""
    return [cell for cell in row if cell.tag in ("td", "th")]
