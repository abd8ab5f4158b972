"""The report's charts, written as SVG: cost against volume, price per route, shared benchmarks.

Three small charts need axes, lines, bars and text, so they are written directly: matplotlib
took 50-80 ms a figure (and a third of a second to import) for what this writes in about a
millisecond. The Okabe-Ito colour-blind-safe palette, a different marker and line style per
model, and bars told apart by lightness, so they read in grey print too. Every label is catalog
text: XML-escaped, control characters written as escapes, cut to LONGEST_LABEL characters.
A chart function returns None when it has nothing to draw.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from html import escape

from analysis.compare import CostSection, RoutePrice, SharedScore
from analysis.costs import format_tokens
from analysis.text import visible_controls

COLOURS = ("#0072B2", "#E69F00")  # Okabe-Ito blue and orange
DASHES = ("", "6,3")  # model a solid, model b dashed
WIDTH = 504.0  # points (7 inches): fits an A4 or Letter text column at legible size
FONT = "DejaVu Sans, Liberation Sans, Arial, sans-serif"
CHARACTER = 0.6  # a generous average character width, in font sizes (DejaVu Sans is wide)
MAX_ROUTES = 8  # routes per model in the price chart (the cheapest ones)
LONGEST_LABEL = 50  # characters of a label
GRID = "#dddddd"
INK = "#222222"


@dataclass(frozen=True)
class Chart:
    """An SVG chart (``svg``, a complete document); Jupyter shows it."""

    svg: str

    def _repr_svg_(self) -> str:
        return self.svg


@dataclass(frozen=True)
class Box:
    """The plot area, in points from the top left."""

    left: float
    top: float
    right: float
    bottom: float


class Canvas:
    """SVG elements in points, drawn in order."""

    def __init__(self, height: float):
        self.height = height
        self.parts: list[str] = []

    def text(self, x: float, y: float, text: str, size: float = 9, anchor: str = "start", **extra) -> None:
        """``text`` (already a label) with its middle at height ``y``."""
        attributes = "".join(f' {k.replace("_", "-")}="{v}"' for k, v in extra.items())
        self.parts.append(
            f'<text x="{x:.1f}" y="{y + 0.35 * size:.1f}" font-size="{size}" text-anchor="{anchor}"'
            f"{attributes}>{escape(text)}</text>"
        )

    def line(self, points: Sequence[tuple[float, float]], colour: str, width: float, dash: str = "") -> None:
        """A polyline through ``points``."""
        path = " ".join(f"{x:.1f},{y:.1f}" for x, y in points)
        dashes = f' stroke-dasharray="{dash}"' if dash else ""
        self.parts.append(
            f'<polyline points="{path}" fill="none" stroke="{colour}" stroke-width="{width}"{dashes}/>'
        )

    def rect(self, x: float, y: float, w: float, h: float, fill: str, opacity: float = 1.0) -> None:
        """A filled rectangle."""
        faded = f' fill-opacity="{opacity}"' if opacity < 1 else ""
        self.parts.append(
            f'<rect x="{x:.1f}" y="{y:.1f}" width="{w:.1f}" height="{h:.1f}" fill="{fill}"{faded}/>'
        )

    def marker(self, x: float, y: float, index: int) -> None:
        """Model ``index``'s marker: a circle for the first, a square for the second."""
        if index == 0:
            self.parts.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="3.5" fill="{COLOURS[0]}"/>')
        else:
            self.rect(x - 3.2, y - 3.2, 6.4, 6.4, COLOURS[1])

    def frame(self, box: Box) -> None:
        """The plot area's border."""
        self.parts.append(
            f'<rect x="{box.left:.1f}" y="{box.top:.1f}" width="{box.right - box.left:.1f}" '
            f'height="{box.bottom - box.top:.1f}" fill="none" stroke="{INK}" stroke-width="0.8"/>'
        )

    def svg(self) -> Chart:
        """The finished chart."""
        return Chart(
            f'<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH:g}pt" height="{self.height:.0f}pt" '
            f'viewBox="0 0 {WIDTH:g} {self.height:.0f}" font-family="{FONT}" fill="{INK}">'
            f'<rect width="100%" height="100%" fill="white"/>{"".join(self.parts)}</svg>'
        )


def label(text: str) -> str:
    """Catalog text as a chart label: control characters written as escapes, cut to LONGEST_LABEL."""
    text = visible_controls(str(text))
    return text if len(text) <= LONGEST_LABEL else text[: LONGEST_LABEL - 1] + "…"


def text_width(text: str, size: float) -> float:
    """A generous estimate of ``text``'s width in points at font ``size``."""
    return len(text) * size * CHARACTER


def dollars(value: float) -> str:
    """USD as a chart shows it: whole dollars from $1, two figures below ($0.25)."""
    return f"${value:,.0f}" if value >= 1 else f"${value:.2g}"


def tick_dollars(value: float) -> str:
    """USD at an axis tick, exactly (ticks are round numbers): $0, $0.5, $2, $1,000."""
    return f"${value:,.10g}"


def nice_ticks(top: float, most: int = 6) -> list[float]:
    """Ticks from 0 in a 1-2-5 step, at most ``most`` + 1 of them, the last at or above ``top``."""
    step = 10 ** math.floor(math.log10(top / most)) if top > 0 else 1
    for factor in (1, 2, 5, 10):
        if top / (step * factor) <= most:
            step *= factor
            break
    return [step * i for i in range(math.ceil(top / step - 1e-9) + 1)]


def chart_box(height: float, labels: Sequence[str], size: float, top: float, y_title: bool = False) -> Box:
    """The plot area: the left margin fits the longest of ``labels``, ``top`` points for the title."""
    left = 10 + max((text_width(t, size) for t in labels), default=20) + (16 if y_title else 0)
    return Box(left, top, WIDTH - 14, height - 38)


def titled(height: float, title: str) -> Canvas:
    """A canvas of the report's width with ``title`` at its top left."""
    canvas = Canvas(height)
    canvas.text(7, 12, title, size=11)
    return canvas


def x_axis(canvas: Canvas, box: Box, ticks: Sequence[tuple[float, str]], title: str) -> None:
    """Vertical grid lines and labels at ``ticks`` (x position, label), the axis title below."""
    for x, text in ticks:
        canvas.line([(x, box.top), (x, box.bottom)], GRID, 0.6)
        canvas.line([(x, box.bottom), (x, box.bottom + 3.5)], INK, 0.8)
        canvas.text(x, box.bottom + 11, text, anchor="middle")
    canvas.text((box.left + box.right) / 2, box.bottom + 26, title, anchor="middle")


def cost_volume_figure(costs: CostSection) -> Chart | None:
    """Monthly cost of each model against monthly tokens (log-log), the scenario marked."""
    series = costs.series
    if series is None:
        return None
    lines = []
    for column in ("cost_a", "cost_b"):
        known = series[series[column].notna() & (series[column] > 0)]
        lines.append(list(zip(known["volume"], known[column], known["factor"], strict=True)))
    points = [p for line in lines for p in line]
    if not points:
        return None
    x_lo, x_hi = decades(p[0] for p in points)
    y_lo, y_hi = decades(p[1] for p in points)
    y_labels = [dollars(10.0**k) for k in range(y_lo, y_hi + 1)]
    height = 216.0
    canvas = titled(height, "Monthly cost on each model's cheapest complete route")
    box = chart_box(height, y_labels, 9, 24, y_title=True)

    def at(volume: float, cost: float) -> tuple[float, float]:
        x = box.left + (math.log10(volume) - x_lo) / (x_hi - x_lo) * (box.right - box.left)
        return x, box.bottom - (math.log10(cost) - y_lo) / (y_hi - y_lo) * (box.bottom - box.top)

    for k, text in zip(range(y_lo, y_hi + 1), y_labels, strict=True):
        y = at(10.0**x_lo, 10.0**k)[1]
        canvas.line([(box.left, y), (box.right, y)], GRID, 0.6)
        canvas.text(box.left - 5, y, text, anchor="end")
    x_axis(
        canvas,
        box,
        [(at(10.0**k, 10.0**y_lo)[0], format_tokens(10.0**k)) for k in range(x_lo, x_hi + 1)],
        "Tokens a month (input + output, log scale)",
    )
    middle = (box.top + box.bottom) / 2
    canvas.text(
        12, middle, "Monthly cost, USD (log scale)", anchor="middle", transform=f"rotate(-90 12 {middle:.1f})"
    )
    here = [p for line in lines for p in line if p[2] == 1.0]
    if here:
        x = at(here[0][0], 10.0**y_lo)[0]
        canvas.line([(x, box.top), (x, box.bottom)], "#555555", 0.8, "1,2")
    top = max((p[1] for p in here), default=0)  # the costlier model's label goes above its line
    for i, line in enumerate(lines):
        canvas.line([at(v, c) for v, c, _ in line], COLOURS[i], 1.8, DASHES[i])
        for v, c, factor in line:
            if factor == 1.0:
                x, y = at(v, c)
                canvas.marker(x, y, i)
                canvas.text(x + 8, y + (-7 if c == top else 7), dollars(c), size=8)
    entries = [
        (label(n), COLOURS[i], DASHES[i])
        for i, (n, line) in enumerate(zip(costs.names, lines, strict=True))
        if line
    ]
    legend(canvas, box.left + 8, box.top + 10, entries, bool(here))
    canvas.frame(box)
    return canvas.svg()


def decades(values) -> tuple[int, int]:
    """The powers of ten just below the smallest and just above the largest of ``values``."""
    logs = [math.log10(v) for v in values]
    lo, hi = math.floor(min(logs)), math.ceil(max(logs))
    return lo, max(hi, lo + 1)


def legend(canvas: Canvas, x: float, y: float, entries, scenario: bool) -> None:
    """A legend at (x, y) downwards: a line sample and a name per (name, colour, dash), and the
    scenario's dotted line if ``scenario``."""
    rows = [*entries, ("this scenario", "#555555", "1,2")] if scenario else list(entries)
    for n, (name, colour, dash) in enumerate(rows):
        row = y + 13 * n
        canvas.line([(x, row), (x + 22, row)], colour, 1.8 if n < len(entries) else 0.8, dash)
        canvas.text(x + 28, row, name)


def route_price_figure(routes: Sequence[tuple[str, RoutePrice]], names: tuple[str, str]) -> Chart | None:
    """Input and output price per 1M tokens on the given (model name, route) pairs: of each model,
    its cheapest trusted paid routes with both prices (resellers and the like are in the table)."""
    bars = []  # (label, input, output, model index)
    for i, name in enumerate(names):
        priced = [
            r
            for n, r in routes
            if n == name
            and r.route_class.trusted
            and r.input.known
            and r.output.known
            and r.route.pricing_kind == "paid"
        ]
        priced.sort(key=lambda r: (float(r.input.value) + float(r.output.value), r.route.route_id))
        bars += [
            (label(f"{name} · {r.name}"), float(r.input.value), float(r.output.value), i)
            for r in priced[:MAX_ROUTES]
        ]
    if not bars:
        return None
    height = 60 + 19 * len(bars)
    canvas = titled(height, "Price per trusted route (paid routes, cheapest first)")
    box = chart_box(height, [b[0] for b in bars], 9, 24)
    ticks = nice_ticks(max(max(b[1], b[2]) for b in bars))
    scale = (box.right - box.left) / ticks[-1]
    x_axis(
        canvas,
        box,
        [(box.left + t * scale, tick_dollars(t)) for t in ticks],
        "USD per 1M tokens (light: input, dark: output)",
    )
    row = (box.bottom - box.top) / len(bars)
    for n, (text, input_price, output_price, i) in enumerate(bars):
        middle = box.top + row * (n + 0.5)
        canvas.rect(box.left, middle - 0.38 * row, input_price * scale, 0.36 * row, COLOURS[i], 0.55)
        canvas.rect(box.left, middle + 0.02 * row, output_price * scale, 0.36 * row, COLOURS[i])
        canvas.text(box.left - 5, middle, text, anchor="end")
    canvas.frame(box)
    return canvas.svg()


def benchmark_figure(shared: Sequence[SharedScore], names: tuple[str, str]) -> Chart | None:
    """Both models' scores on each shared percent benchmark (same benchmark and variant)."""
    shared = [s for s in shared if s.a.unit == "percent"]
    if not shared:
        return None
    labels = [label(s.label) for s in shared]
    height = 82 + 24 * len(shared)
    canvas = titled(height, "Shared benchmarks (same benchmark and variant)")
    box = chart_box(height, labels, 9, 44)
    x = box.left
    for i, name in enumerate(names):
        canvas.rect(x, 27, 14, 9, COLOURS[i])
        canvas.text(x + 19, 31.5, label(name))
        x += 40 + text_width(label(name), 9)
    scale = (box.right - box.left) / 105
    x_axis(canvas, box, [(box.left + t * scale, f"{t:g}") for t in range(0, 101, 20)], "Score (%)")
    row = (box.bottom - box.top) / len(shared)
    for n, (score, text) in enumerate(zip(shared, labels, strict=True)):
        middle = box.top + row * (n + 0.5)
        for i, side in enumerate((score.a, score.b)):
            value = float(side.value)
            top = middle - 0.38 * row + i * 0.38 * row
            canvas.rect(box.left, top, value * scale, 0.36 * row, COLOURS[i])
            canvas.text(box.left + value * scale + 3, top + 0.18 * row, f"{value:g}%", size=7)
        canvas.text(box.left - 5, middle, text, anchor="end")
    canvas.frame(box)
    return canvas.svg()
