"""Reading and amending the PDFs Chromium prints (written by Skia): on which page each section
falls, and the contents' page numbers written in after one print.

Skia writes PDF 1.4 with a classic cross-reference table and every dictionary uncompressed, one
key a line, so what is needed is read with a few regular expressions in milliseconds (pypdf
takes 0.1 s). Anything not laid out that way gives ``{}`` or None, and the caller prints again.
"""

from __future__ import annotations

import re
from itertools import pairwise

PAGE_NODE = re.compile(rb"<</Type /Pages\n/Count \d+\n/Kids \[([^\]]*)\]")  # after "N 0 obj\n"
ROOT_PAGES = re.compile(rb"/Type /Catalog\n/Pages (\d+) 0 R")
DESTS = re.compile(rb"/Dests (\d+) 0 R")
DESTINATION = re.compile(rb"/([A-Za-z0-9_.-]+) \[(\d+) 0 R /XYZ")
ANNOTS = re.compile(rb"/Annots \[([^\]]*)\]")
CONTENTS = re.compile(rb"/Contents (\d+) 0 R")
FONTS = re.compile(rb"/Font <<")
LINK = re.compile(rb"/Subtype /Link\n(?:/[^\n]*\n)*?/Rect \[([-\d. ]+)\]\n/Dest /([A-Za-z0-9_.-]+)>>")
TRAILER = re.compile(rb"trailer\n<<(.*?)>>\nstartxref\n(\d+)\n%%EOF\s*$", re.DOTALL)
ROOT_INFO = re.compile(rb"/(?:Root|Info) \d+ 0 R")
SIZE = re.compile(rb"/Size (\d+)")

# The contents' page numbers as report.css prints the contents entries (print: 9.5 pt, body text
# colour #1d2330), in Helvetica, whose figures are as wide as Liberation Sans' (0.556 em).
NUMBER_POINTS = 9.5
NUMBER_RGB = (0x1D / 255, 0x23 / 255, 0x30 / 255)
FIGURE_EM = 0.556
DESCENT_POINTS = 2.25  # a 9.5 pt line's descent as Chromium rounds it (3 px): baseline above a link's foot
NUMBER_FONT = b"LLMReportPageNumbers"


def page_objects(pdf: bytes) -> list[int]:
    """The object numbers of the pages, in order ([] when the page tree is not laid out as Skia's)."""
    nodes = {}
    for node in PAGE_NODE.finditer(pdf):
        header = pdf[pdf.rfind(b"\n", 0, node.start() - 1) + 1 : node.start()].split()  # N 0 obj
        if header and header[0].isdigit():
            nodes[int(header[0])] = [int(kid) for kid in node.group(1).split()[::3]]
    root = ROOT_PAGES.search(pdf)
    if not root or int(root.group(1)) not in nodes:
        return []

    def leaves(node: int) -> list[int]:
        return [page for kid in nodes[node] for page in (leaves(kid) if kid in nodes else [kid])]

    return leaves(int(root.group(1)))


def object_text(pdf: bytes, number: int) -> bytes:
    """The body of object ``number`` (b"" when absent)."""
    start = pdf.find(b"\n%d 0 obj\n" % number)
    return pdf[start : pdf.find(b"endobj", start)] if start >= 0 else b""


def destination_pages(pdf: bytes, pages: list[int] | None = None) -> dict[str, int]:
    """The page (from 1) of each named destination (an ``id`` a link points to); ``pages``: the
    PDF's ``page_objects`` when already read."""
    order = {page: n for n, page in enumerate(page_objects(pdf) if pages is None else pages, 1)}
    dests = DESTS.search(pdf)
    if not order or not dests:
        return {}
    table = object_text(pdf, int(dests.group(1)))
    return {
        name.decode(): order[int(page)] for name, page in DESTINATION.findall(table) if int(page) in order
    }


def page_links(pdf: bytes, page: int) -> list[tuple[str, tuple[float, ...]]]:
    """(destination name, rectangle) of each internal link on page object ``page``."""
    annots = ANNOTS.search(object_text(pdf, page))
    links = []
    for number in annots.group(1).split()[::3] if annots else []:
        link = LINK.search(object_text(pdf, int(number)))
        if link:
            links.append((link.group(2).decode(), tuple(float(v) for v in link.group(1).split())))
    return links


def numbered_contents_pdf(pdf: bytes, targets: list[str]) -> bytes | None:
    """``pdf`` with each contents entry's page written at the right end of its line, or None.

    The contents were printed with an empty link after each entry's (``layout.slotted_contents``):
    on the contents page, each of ``targets`` has two links on one line, the entry's (whose foot
    sets the baseline) and that slot (whose right edge ends the number). The numbers are added by
    an incremental update: a new content stream drawn after the page's own, the original bytes
    untouched. None when the page or a target's page cannot be found this way.
    """
    in_order = page_objects(pdf)
    pages = destination_pages(pdf, in_order)
    if not targets or not set(targets) <= pages.keys():
        return None
    for page in in_order:
        places = number_places(page_links(pdf, page), targets)
        if places:
            return with_numbers(
                pdf, page, [(x, y, str(pages[t])) for t, (x, y) in zip(targets, places, strict=True)]
            )
    return None


def number_places(
    links: list[tuple[str, tuple[float, ...]]], targets: list[str]
) -> list[tuple[float, float]]:
    """(right edge, baseline) of each target's page number on a page with these links; [] unless
    every target has an entry and a slot there, one line each."""
    places = []
    for target in targets:
        rects = sorted((rect for name, rect in links if name == target), key=lambda r: r[0])
        pair = next(
            ((left, right) for left, right in pairwise(rects) if left[1] < right[3] and right[1] < left[3]),
            None,
        )
        if pair is None:
            return []
        entry, slot = pair
        places.append((slot[2], entry[1] + DESCENT_POINTS))
    return places


def with_numbers(pdf: bytes, page: int, numbers: list[tuple[float, float, str]]) -> bytes | None:
    """``pdf`` updated so page object ``page`` also shows each (right edge, baseline, text) number."""
    trailer, page_dict = TRAILER.search(pdf), object_text(pdf, page)
    contents = CONTENTS.search(page_dict)
    objects_now = SIZE.search(trailer.group(1)) if trailer else None
    if not objects_now or not contents or not FONTS.search(page_dict):
        return None
    size = int(objects_now.group(1))
    font, before, after = size, size + 1, size + 2
    r, g, b = (f"{c:.4f}" for c in NUMBER_RGB)
    shown = "".join(
        f"1 0 0 1 {x - FIGURE_EM * NUMBER_POINTS * len(text):.2f} {y:.2f} Tm ({text}) Tj\n"
        for x, y, text in numbers
    )
    drawing = f"Q\nq\nBT\n/{NUMBER_FONT.decode()} {NUMBER_POINTS} Tf\n{r} {g} {b} rg\n{shown}ET\nQ\n".encode()
    # The page's own stream runs between "q" and "Q", so its transformations do not reach ours.
    page_text = page_dict[page_dict.index(b"<<") :].rstrip()
    page_text = CONTENTS.sub(
        b"/Contents [%d 0 R %s 0 R %d 0 R]" % (before, contents.group(1), after), page_text
    )
    page_text = FONTS.sub(b"/Font <</%s %d 0 R\n" % (NUMBER_FONT, font), page_text, count=1)
    objects = {
        font: b"<</Type /Font\n/Subtype /Type1\n/BaseFont /Helvetica\n/Encoding /WinAnsiEncoding>>",
        before: b"<</Length 2>> stream\nq\n\nendstream",
        after: b"<</Length %d>> stream\n%s\nendstream" % (len(drawing), drawing),
        page: page_text,
    }
    update, offsets = bytearray(b"\n"), {}
    for number, body in objects.items():
        offsets[number] = len(pdf) + len(update)
        update += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(pdf) + len(update)
    update += b"xref\n"
    for number in sorted(offsets):
        update += b"%d 1\n%010d 00000 n \n" % (number, offsets[number])
    root_info = b"\n".join(ROOT_INFO.findall(trailer.group(1)))
    update += b"trailer\n<</Size %d\n%s\n/Prev %s>>\nstartxref\n%d\n%%%%EOF\n" % (
        after + 1,
        root_info,
        trailer.group(2),
        xref,
    )
    return pdf + bytes(update)
