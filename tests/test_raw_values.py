"""No raw value reaches a reader: the rendered report sections of the 10 pairs among the 5 models
with the most routes, the seed pair and the issue's pair, swept for Python values, float
artefacts, ids as names, empty columns, repeated paragraphs and unlabelled batch rows."""

from __future__ import annotations

import itertools
import re

import lxml.html
import pytest

from analysis.catalog import load
from analysis.compare.text import looks_like_id
from analysis.costs import scenario
from analysis.narrative import pair_analysis
from analysis.report import render

SECTIONS = (  # the notebook's render calls, in order
    "title_block",
    "verdict",
    "scorecard",
    "tradeoffs",
    "costs",
    "friction",
    "due_diligence",
    "specs",
    "pricing",
    "capabilities",
    "benchmarks",
    "deep_dive",
    "faq",
    "appendix",
)
RAW = re.compile(
    r"\bNone\b|\bnan\b|\bNaN\b|\bTrue\b|\bFalse\b|<NA>|Decimal\(|\b\w+\(\w+=|\d\.\d{7,}|\d{4,}\.\d{3,}"
    r"|\(latest\)|include_free|price_date|batch_share|tools None|\.toml\b"
)
CATALOG = load()


def most_routed(n: int) -> list[str]:
    counts = CATALOG.routes.groupby("model_id").size()
    return sorted(counts.index, key=lambda m: (-counts[m], m))[:n]


PAIRS = [
    *itertools.combinations(most_routed(5), 2),
    ("openai/gpt-5.3-codex-spark", "stepfun/step-3.5-flash"),
    ("anthropic/claude-sonnet-4-5", "openai/gpt-5"),
]


@pytest.fixture(scope="module", params=PAIRS, ids=lambda p: f"{p[0]}-vs-{p[1]}")
def report(request):
    a, b = request.param
    analysis = pair_analysis(CATALOG, a, b, scenario("medium"))
    html = "".join(str(getattr(render, name)(analysis)) for name in SECTIONS)
    html = re.sub(r'src="data:[^"]*"', "", html)  # charts
    return analysis, lxml.html.fromstring(f"<div>{html}</div>")


def test_no_python_values_or_float_artefacts(report):
    _, doc = report
    text = " ".join(doc.itertext())  # cells apart: "$0.3125" then "200,000 tokens" is not one number
    found = {m.group(0): text[max(0, m.start() - 60) : m.end() + 20] for m in RAW.finditer(text)}
    assert not found, found


def test_names_are_names(report):
    analysis, doc = report
    for name in analysis.names:
        assert not looks_like_id(name) and "(latest)" not in name and name.strip() == name
    prose = " ".join(e.text_content() for e in doc.iter("p", "li", "h3"))
    prose = prose.split("Catalog 4")[0].split("Model A:")[0]  # the stamp names the ids
    assert analysis.a not in prose and analysis.b not in prose


def test_no_empty_table_columns(report):
    _, doc = report
    for table in doc.iter("table"):
        heads = [th.text_content().strip() for thead in table.iter("thead") for th in thead.iter("th")]
        body = [tr for tbody in table.iter("tbody") for tr in tbody.iter("tr") if "group" not in tr.classes]
        rows = [[cell.text_content().strip() for cell in tr if cell.tag in ("td", "th")] for tr in body]
        for i, head in enumerate(heads):
            assert not rows or any(i < len(r) and r[i] for r in rows), f"empty column {head!r}"


def test_each_paragraph_once_and_friction_only_in_its_section(report):
    analysis, doc = report
    paragraphs = [p.text_content().strip() for p in doc.iter("p", "li") if len(p.text_content()) > 80]
    repeated = {p for p in paragraphs if paragraphs.count(p) > 1}
    assert not repeated, repeated
    told = [*analysis.deep_dive.paragraphs, *(e.answer for e in analysis.faq.entries)]
    for friction in (analysis.friction.a_to_b, analysis.friction.b_to_a):
        for reason in friction.reasons:
            assert not any(reason.text in t for t in told), reason.text


def test_faq_names_each_provider_once_per_model(report):
    analysis, _ = report
    where = next(e.answer for e in analysis.faq.entries if e.question.startswith("Where can I run"))
    for sentence in where.split(". "):
        named = re.findall(r"\(([^)]*)\)", sentence)
        providers = [p.strip() for group in named for p in re.split(r",| and ", group) if p.strip()]
        providers = [p for p in providers if not p.endswith("more")]
        assert len(providers) == len(set(providers)), sentence


def test_batch_only_routes_are_labelled_and_never_chosen_without_batch(report):
    analysis, _ = report
    for pricing in (analysis.pricing.a, analysis.pricing.b):
        for r in pricing.routes:
            if r.route.variant == "batch":
                assert r.class_note.endswith("batch requests only") and not r.cheapest


def test_stamp_parameters_in_words(report):
    analysis, _ = report
    stamp = dict(analysis.sources.stamp.parameters)
    assert stamp["Price date"] == "the catalog's as-of date"
    assert stamp["Free and subscription routes (--include-free)"] == "not counted"
    assert stamp["Routes counted (--routes)"].startswith("trusted routes")
