"""The report's charts: real figures at the right places, in well-formed SVG."""

import re
from xml.etree import ElementTree

import pytest

from analysis import charts
from analysis.catalog.store import catalog_at
from analysis.narrative import pair_analysis
from analysis.report import render
from analysis.request import pair_scenario

SVG = "{http://www.w3.org/2000/svg}"


@pytest.fixture(scope="module")
def popular():
    return pair_analysis(catalog_at(None), "Claude Sonnet 4.5", "GPT-5", pair_scenario())


def parsed(chart: charts.Chart) -> ElementTree.Element:
    return ElementTree.fromstring(chart.svg)


def texts(chart: charts.Chart) -> list[str]:
    return ["".join(t.itertext()) for t in parsed(chart).iter(f"{SVG}text")]


def test_the_cost_chart_marks_both_monthly_costs_at_the_scenario(popular):
    chart = charts.cost_volume_figure(popular.costs)
    shown = texts(chart)
    assert {"$6,750", "$4,125"} <= set(shown)  # medium: Anthropic's and OpenAI's API
    assert {"Claude Sonnet 4.5", "GPT-5", "this scenario", "1B", "$1,000"} <= set(shown)
    lines = parsed(chart).findall(f"{SVG}polyline")
    model_lines = [line for line in lines if line.get("stroke") in charts.COLOURS]
    assert [line.get("stroke-dasharray") for line in model_lines[:2]] == [None, "6,3"]
    # on a log-log chart both lines are straight: slope 1 (cost grows with volume)
    points = [
        [tuple(map(float, p.split(","))) for p in line.get("points").split()] for line in model_lines[:2]
    ]
    for line in points:
        (x0, y0), (x1, y1) = line[0], line[-1]
        assert len(line) == 19 and x1 > x0 and y1 < y0


def test_the_route_chart_draws_prices_to_scale(popular):
    chart = charts.route_price_figure(render.priced_routes(popular), popular.names)
    shown = texts(chart)
    labels = [t for t in shown if " · " in t]
    assert labels[0] == "Claude Sonnet 4.5 · OpenRouter (batch)" and "GPT-5 · Azure (2025-08-07)" in labels
    assert not any("QiHang" in t or "Poe" in t for t in labels)  # resellers and apps: in the table only
    ticks = [t for t in shown if re.fullmatch(r"\$[\d,.]+", t)]
    assert ticks == ["$0", "$5", "$10", "$15"]
    bars = [r for r in parsed(chart).findall(f"{SVG}rect") if r.get("fill") in charts.COLOURS]
    widths = [float(r.get("width")) for r in bars]
    # the first label's bars: OpenRouter's batch route at $1.50 input and $7.50 output per 1M tokens
    assert widths[1] / widths[0] == pytest.approx(7.50 / 1.50, rel=0.01)
    assert widths[1] == pytest.approx(7.50 / 15 * max(widths), rel=0.01)


def test_the_benchmark_chart_shows_each_shared_percent_score(popular):
    shared = [s for s in popular.benchmarks.shared if s.a.unit == "percent"]
    chart = charts.benchmark_figure(shared, popular.names)
    shown = texts(chart)
    assert f"{float(shared[0].a.value):g}%" in shown and f"{float(shared[0].b.value):g}%" in shown
    assert shown.count("Score (%)") == 1


def test_no_chart_without_data(popular):
    assert charts.benchmark_figure([], popular.names) is None
    assert charts.route_price_figure([], popular.names) is None


def test_axis_ticks_are_round_and_exact():
    assert [charts.tick_dollars(t) for t in charts.nice_ticks(15)] == ["$0", "$5", "$10", "$15"]
    assert [charts.tick_dollars(t) for t in charts.nice_ticks(0.6)][:3] == ["$0", "$0.1", "$0.2"]
    assert charts.nice_ticks(7) == [0, 2, 4, 6, 8]
