"""The report's matplotlib figures: cost against volume, price per route, shared benchmarks.

Figures are built with the object API (no pyplot state), in the Okabe-Ito colour-blind-safe
palette, with a different marker and line style per model, and bars told apart by lightness,
so they read in grey print too (no hatching: each hatched bar became a pattern of its own
in the PDF, 350 KB a chart).
``svg`` renders one for embedding; a function returns None when it has nothing to draw.
"""

from __future__ import annotations

import io
import math
from collections.abc import Sequence

from matplotlib import rc_context
from matplotlib.figure import Figure
from matplotlib.ticker import FuncFormatter

from analysis.compare import CostSection, RoutePrice, SharedScore
from analysis.costs import format_tokens
from analysis.text import visible_controls

COLOURS = ("#0072B2", "#E69F00")  # Okabe-Ito blue and orange
MARKERS = ("o", "s")
LINES = ("-", "--")
SVG_SETTINGS = {"svg.fonttype": "none", "svg.hashsalt": "llm-pair-report"}  # text as text; stable ids
WIDTH = 7.0  # inches: fits an A4 or Letter text column at legible size
MAX_ROUTES = 8  # routes per model in the price chart (the cheapest ones)
LONGEST_LABEL = 44  # characters of a label
INCHES_PER_CHARACTER = 0.075  # wider than the average character of DejaVu Sans at 10 pt


def new_figure(
    height: float,
    title: str = "",
    y_labels: Sequence[str] = (),
    y_title: bool = False,
    legend_row: bool = False,
) -> Figure:
    """A blank figure of the report's width with ``title`` atop its left edge and margins set ahead:
    the left one fits the longest y label, the top one the title and a legend row if asked.

    (A layout engine would measure every tick label as it draws: half of a chart's time.)
    """
    fig = Figure(figsize=(WIDTH, height))
    fig.set_facecolor("white")
    if title:
        fig.suptitle(title, x=0.1 / WIDTH, y=1 - 0.08 / height, ha="left", va="top", fontsize=11)
    left = 0.25 + INCHES_PER_CHARACTER * max(map(len, y_labels), default=4) + (0.3 if y_title else 0)
    top = 0.4 + (0.3 if legend_row else 0)
    fig.subplots_adjust(left=left / WIDTH, right=1 - 0.2 / WIDTH, top=1 - top / height, bottom=0.55 / height)
    return fig


def plain(text: str) -> str:
    """Catalog text as a literal label: ``$`` escaped, so matplotlib never parses it as mathtext
    (a name such as ``$\\notacommand$`` would otherwise fail the whole figure), control
    characters written as escapes (XML, so SVG, cannot hold them), and cut to LONGEST_LABEL
    characters with "…" (the report's tables give it whole).
    """
    text = visible_controls(str(text))
    if len(text) > LONGEST_LABEL:
        text = text[: LONGEST_LABEL - 1] + "…"
    return text.replace("$", r"\$")


def dollars(value: float, _pos=None) -> str:
    """Axis label for USD."""
    if value >= 1:
        return f"${value:,.0f}"
    return f"${value:.2g}"


def cost_volume_figure(costs: CostSection) -> Figure | None:
    """Monthly cost of each model against monthly tokens (log-log), the scenario marked."""
    series = costs.series
    if series is None or series[["cost_a", "cost_b"]].notna().sum().sum() == 0:
        return None
    top_tick = 10.0 ** math.ceil(math.log10(series[["cost_a", "cost_b"]].max().max()))
    fig = new_figure(
        3.0, "Monthly cost on each model's cheapest complete route", [dollars(top_tick)], y_title=True
    )
    ax = fig.add_subplot()
    here = series[series["factor"] == 1.0]
    for i, (column, name) in enumerate(zip(("cost_a", "cost_b"), costs.names, strict=True)):
        known = series[series[column].notna() & (series[column] > 0)]
        if known.empty:
            continue
        ax.plot(known["volume"], known[column], LINES[i], color=COLOURS[i], label=plain(name), linewidth=1.8)
        at = here[here[column].notna() & (here[column] > 0)]
        if not at.empty:
            x, y = at["volume"].iloc[0], at[column].iloc[0]
            ax.plot([x], [y], MARKERS[i], color=COLOURS[i], markersize=7, zorder=3)
            ax.annotate(
                dollars(y), (x, y), textcoords="offset points", xytext=(8, -4 if i else 6), fontsize=8
            )
    if not here.empty:
        ax.axvline(
            here["volume"].iloc[0], color="#555555", linewidth=0.8, linestyle=":", label="this scenario"
        )
    ax.set_xscale("log")
    ax.set_yscale("log")
    ax.minorticks_off()  # a tick a decade reads well; minor ticks on 12 decades cost a third of the chart
    ax.xaxis.set_major_formatter(FuncFormatter(lambda value, _pos: format_tokens(value)))
    ax.yaxis.set_major_formatter(FuncFormatter(dollars))
    ax.set_xlabel("Tokens a month (input + output, log scale)")
    ax.set_ylabel("Monthly cost, USD (log scale)")
    ax.grid(True, which="major", color="#dddddd", linewidth=0.6)
    ax.legend(loc="upper left", frameon=False)
    return fig


def route_price_figure(routes: Sequence[tuple[str, RoutePrice]], names: tuple[str, str]) -> Figure | None:
    """Input and output price per 1M tokens on the given (model name, route) pairs: of each model,
    its cheapest paid routes with both prices."""
    bars = []  # (label, input, output, model index)
    for i, name in enumerate(names):
        priced = [
            r
            for n, r in routes
            if n == name and r.input.known and r.output.known and r.route.pricing_kind == "paid"
        ]
        priced.sort(key=lambda r: (float(r.input.value) + float(r.output.value), r.route.route_id))
        for r in priced[:MAX_ROUTES]:
            label = plain(f"{name} · {r.route.provider_name}")
            bars.append((label, float(r.input.value), float(r.output.value), i))
    if not bars:
        return None
    title = "Price per route (paid routes, cheapest first)"
    fig = new_figure(0.9 + 0.26 * len(bars), title, [b[0] for b in bars])
    ax = fig.add_subplot()
    ys = range(len(bars))
    height = 0.38
    for offset, index, label in ((-height / 2, 1, "input"), (height / 2, 2, "output")):
        ax.barh(
            [y + offset for y in ys],
            [b[index] for b in bars],
            height=height,
            color=[COLOURS[b[3]] for b in bars],
            alpha=0.55 if index == 1 else 1.0,
            edgecolor="white",
            label=f"{label} price",
        )
    ax.set_yticks(list(ys), [b[0] for b in bars])
    ax.invert_yaxis()
    ax.xaxis.set_major_formatter(FuncFormatter(dollars))
    ax.set_xlabel("USD per 1M tokens (light: input, dark: output)")
    ax.grid(True, axis="x", color="#dddddd", linewidth=0.6)
    return fig


def benchmark_figure(shared: Sequence[SharedScore], names: tuple[str, str]) -> Figure | None:
    """Both models' scores on each shared percent benchmark (same benchmark and variant)."""
    shared = [s for s in shared if s.a.unit == "percent"]
    if not shared:
        return None
    labels = [plain(s.label) for s in shared]
    title = "Shared benchmarks (same benchmark and variant)"
    fig = new_figure(1.2 + 0.34 * len(shared), title, labels, legend_row=True)
    ax = fig.add_subplot()
    height = 0.38
    for i, (name, side) in enumerate(zip(names, ("a", "b"), strict=True)):
        values = [float(getattr(s, side).value) for s in shared]
        ys = [y + (i - 0.5) * height for y in range(len(shared))]
        ax.barh(
            ys,
            values,
            height=height,
            color=COLOURS[i],
            edgecolor="white",
            label=plain(name),
        )
        for y, v in zip(ys, values, strict=True):
            ax.text(v + 0.5, y, f"{v:g}%", va="center", fontsize=7)
    ax.set_yticks(range(len(shared)), labels)
    ax.invert_yaxis()
    ax.set_xlim(0, 105)
    ax.set_xlabel("Score (%)")
    ax.legend(loc="lower left", bbox_to_anchor=(0, 1), ncol=2, frameon=False, borderaxespad=0.2)
    return fig


def svg(fig: Figure) -> bytes:
    """The figure as SVG bytes: text kept as text, the same bytes every run.

    Vector charts print sharp and take a third of the time and size of a 150 dpi PNG.
    """
    buffer = io.BytesIO()
    with rc_context(SVG_SETTINGS):
        fig.savefig(buffer, format="svg", metadata={"Date": None, "Creator": None})
    return buffer.getvalue()
