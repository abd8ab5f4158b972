"""HTML for each report section, from the analysis: what the notebook displays.

Every string that comes from the catalog or the analysis is escaped here (names, sources,
URLs), so catalog text shows as text and never as markup or script; only http(s) URLs become
links. Each function returns an :class:`Html` that Jupyter displays and tests can read.
"""

from __future__ import annotations

import base64
import html
from collections.abc import Iterable

import pandas as pd

from analysis import charts
from analysis.compare import Cited
from analysis.narrative import PairAnalysis

LEVELS = {"low": "Low", "medium": "Medium", "high": "High"}
MAX_CHART_BENCHMARKS = 12


class Html:
    """An HTML fragment for the notebook to display."""

    def __init__(self, markup: str) -> None:
        self.markup = markup

    def _repr_html_(self) -> str:
        return self.markup

    def __str__(self) -> str:
        return self.markup

    def __repr__(self) -> str:  # the text/plain output: no memory address, so runs are reproducible
        return f"<HTML, {len(self.markup)} characters>"


def esc(text: object) -> str:
    """Text as HTML, every special character escaped."""
    return html.escape(str(text), quote=True)


def link(text: str, url: str) -> str:
    """Escaped text, linked when ``url`` is an http(s) address."""
    if url.startswith(("https://", "http://")):
        return f'<a href="{esc(url)}">{esc(text)}</a>'
    return esc(text)


def cite(value: Cited) -> str:
    """ "(source version, as of date)" for a cited value, linked to its URL; "" when uncited."""
    text = value.cite()
    return f' <span class="cite">({link(text, value.url)})</span>' if text else ""


def heading(title: str) -> str:
    """A section heading (the template builds the contents from these)."""
    return f"<h2>{esc(title)}</h2>"


def table(frame: pd.DataFrame, css: str = "data") -> str:
    """A DataFrame as an escaped HTML table without the index."""
    return frame.to_html(index=False, escape=True, border=0, classes=css, na_rep="Unknown")


def figure(fig, alt: str) -> str:
    """A matplotlib figure as an embedded SVG image (nothing when there is no figure)."""
    if fig is None:
        return ""
    data = base64.b64encode(charts.svg(fig)).decode()
    return f'<figure class="chart"><img src="data:image/svg+xml;base64,{data}" alt="{esc(alt)}"></figure>'


def items(lines: Iterable[str]) -> str:
    """Already-escaped lines as a bulleted list."""
    return "<ul>" + "".join(f"<li>{line}</li>" for line in lines) + "</ul>"


def title_block(a: PairAnalysis) -> Html:
    """The opening summary: the pair, product types, catalog date and the scenario."""
    t = a.title
    kinds = " ".join(
        f"<p><strong>{esc(name)}</strong>: {esc(kind.text)}{cite(kind)}</p>"
        for name, kind in zip(t.names, t.product_types, strict=True)
    )
    return Html(
        f'<div class="summary keep-together">{kinds}'
        f"<p>Catalog as of {esc(t.catalog_as_of)}. Scenario: {esc(t.scenario)}.</p></div>"
    )


def verdict(a: PairAnalysis) -> Html:
    """Page one's verdict: the cost answer, reasons for each model, risks, checks before signing."""
    v = a.verdict
    parts = [heading("Verdict"), f"<p>{esc(v.maker)} {esc(v.trusted)} {esc(v.basis)}</p>"]
    for name, reasons in zip(v.names, v.reasons, strict=True):
        parts.append(f"<h3>Choose {esc(name)} for</h3>")
        parts.append(
            "<ol>" + "".join(f"<li>{esc(r)}</li>" for r in reasons) + "</ol>"
            if reasons
            else "<p>No rule in the catalog data favours it.</p>"
        )
    parts.append("<h3>Blockers and risks</h3>")
    parts.append(items(map(esc, v.risks)) if v.risks else "<p>The catalog data shows no blocker.</p>")
    parts.append("<h3>Verify before signing</h3>" + items(map(esc, v.verify)))
    return Html(f'<div class="verdict">{"".join(parts)}</div>')


def scorecard(a: PairAnalysis) -> Html:
    """Decision scorecard."""
    return Html(heading("Decision scorecard") + table(a.scorecard.to_frame()))


def tradeoffs(a: PairAnalysis) -> Html:
    """ "Choose A when…" and "Choose B when…", each bullet with the sources of its facts."""
    parts = [heading("Decision tradeoffs")]
    for name, bullets in zip(a.names, (a.tradeoffs.a, a.tradeoffs.b), strict=True):
        parts.append(f"<h3>Choose {esc(name)} when…</h3>")
        lines = [esc(t.text) + cite_all(t.facts) for t in bullets]
        parts.append(items(lines) if lines else "<p>No rule in the catalog data favours it.</p>")
    return Html("".join(parts))


def cite_all(facts: Iterable[Cited]) -> str:
    """Each distinct citation of several facts, once."""
    first: dict[str, Cited] = {}
    for f in facts:
        if f.source:
            first.setdefault(f.cite(), f)
    return "".join(cite(f) for f in first.values())


def costs(a: PairAnalysis) -> Html:
    """Monthly cost at traffic: the scenario, both costs, delta and ratio, break-evens, chart."""
    c = a.costs
    parts = [
        heading("Monthly cost at traffic"),
        f"<p>Scenario: {esc(c.scenario)}. Prices in force on {esc(c.price_date)}.</p>",
    ]
    parts.append(table(c.to_frame()))
    if c.delta.known:
        parts.append(
            f"<p>Difference (second minus first): <strong>{esc(c.delta.text)}</strong> a month; ratio {esc(c.ratio.text)}.</p>"
        )
    else:
        reason = c.comparison.unavailable_reason or "a cost is unavailable"
        parts.append(f"<p>No difference or ratio: {esc(reason)}.</p>")
    own = [
        f"{esc(name)} on its maker's own API ({esc(p.first_party.route.provider_name)}): {esc(p.first_party.monthly.text)} a month"
        for name, p in zip(a.names, (a.pricing.a, a.pricing.b), strict=True)
        if p.first_party is not None
    ]
    if own:
        parts.append("<p>" + "; ".join(own) + ".</p>")
    if c.break_evens:
        parts.append("<h3>Break-even points</h3>" + items(esc(b.explanation) for b in c.break_evens))
    parts.append(figure(charts.cost_volume_figure(c), "Monthly cost against monthly tokens for both models"))
    return Html("".join(parts))


def friction(a: PairAnalysis) -> Html:
    """Switch friction in both directions: level and reasons."""
    parts = [heading("Switch friction")]
    for f in (a.friction.a_to_b, a.friction.b_to_a):
        level = LEVELS.get(f.level, f.level)
        parts.append(
            f'<div class="callout keep-together"><h3>{esc(f.source_name)} → {esc(f.target_name)}: '
            f'<span class="level level-{esc(f.level)}">{esc(level)} friction</span></h3>'
            + items(f"{esc(r.text)}{cite_all(r.facts)}" for r in f.reasons)
            + "</div>"
        )
    return Html("".join(parts))


def due_diligence(a: PairAnalysis) -> Html:
    """Due diligence: each question for both models on their headline routes (and on the maker's
    API where that is another route), answers cited."""
    d = a.due_diligence
    on = "; ".join(f"{esc(n)} on {esc(r or 'no route')}" for n, r in zip(d.names, d.routes, strict=True))
    head = "".join(f"<th>{esc(x)}</th>" for x in ("Question", *d.names))
    a_maker, b_maker = (m.split(":", 1)[0] for m in d.maker_routes)
    body = "".join(
        f"<tr><td>{esc(r.label)}</td>{answer_cell(r.a, r.maker_a, a_maker)}"
        f"{answer_cell(r.b, r.maker_b, b_maker)}</tr>"
        for r in d.rows
    )
    required = f" Required of every route: {esc(', '.join(d.require))}." if d.require else ""
    parts = [
        heading("Due diligence"),
        f"<p>Headline routes: {on}.{required} Unknown means no source in the catalog says; it is not a No.</p>",
        f'<table class="data"><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>',
    ]
    if d.blockers:
        parts.append("<h3>Blockers</h3>" + items(esc(b) for b in d.blockers))
    return Html("".join(parts))


def answer_cell(value: Cited, maker: Cited | None, provider: str) -> str:
    """A table cell: the answer with its source, then the maker's API's answer when there is one."""
    extra = (
        f"<br><small>On {esc(provider)} (maker's API): {esc(maker.text)}{cite(maker)}</small>"
        if maker
        else ""
    )
    return f"<td>{esc(value.text)}{cite(value)}{extra}</td>"


def specs(a: PairAnalysis) -> Html:
    """Specs table."""
    return Html(heading("Specs") + table(a.specs.to_frame()))


def pricing(a: PairAnalysis) -> Html:
    """Every route with prices, limits, source and date; shared providers; the price chart."""
    p = a.pricing
    shared = ", ".join(p.shared_providers) if p.shared_providers else "none"
    return Html(
        heading("Pricing and availability")
        + f"<p>Providers serving both models: {esc(shared)}.</p>"
        + table(route_table(p.to_frame()), "data wide")
        + figure(charts.route_price_figure(p, a.names), "Input and output price per route")
    )


def route_table(frame: pd.DataFrame) -> pd.DataFrame:
    """The pricing table as printed: per-1M prices without the unit (the header says it),
    without the route id and the separate date (the provider and the source say them)."""
    prices = [c for c in frame.columns if c.endswith("/ 1M")]
    frame = frame.drop(columns=["Route", "As of"])
    frame[prices] = frame[prices].apply(lambda col: col.str.replace(" / 1M tokens", "", regex=False))
    return frame


def capabilities(a: PairAnalysis) -> Html:
    """Capabilities, Yes / No / Unknown with sources."""
    return Html(
        heading("Capabilities")
        + "<p>Unknown means no source in the catalog says; it is not a No.</p>"
        + table(a.capabilities.to_frame())
    )


def benchmarks(a: PairAnalysis) -> Html:
    """Shared benchmarks by family (best-known first), the unmatched scores summarised, a chart.
    Every score is in ``a.benchmarks.to_frame()`` and ``others_frame()`` (appendix material)."""
    b = a.benchmarks
    parts = [heading("Benchmarks")]
    summary = b.summary_frame()
    if len(summary):
        parts.append(
            "<p>Same benchmark and variant for both models, one row per benchmark (LiveBench by "
            "category), best-known first.</p>" + table(summary, "data wide")
        )
        headline = [s for f in b.families for s in f.headline][:MAX_CHART_BENCHMARKS]
        parts.append(figure(charts.benchmark_figure(headline, b.names), "Scores on shared benchmarks"))
    else:
        parts.append(
            "<p>No shared benchmark scores (same benchmark and variant) are in the catalog for this pair.</p>"
        )
    unmatched = [text for text in (b.only_summary("a"), b.only_summary("b")) if text]
    if unmatched:
        parts.append("<p>" + " ".join(map(esc, unmatched)) + "</p>")
    return Html("".join(parts))


def deep_dive(a: PairAnalysis) -> Html:
    """The deep dive paragraphs."""
    return Html(heading("Deep dive") + "".join(f"<p>{esc(p)}</p>" for p in a.deep_dive.paragraphs))


def faq(a: PairAnalysis) -> Html:
    """FAQ: questions and answers with their sources."""
    parts = [heading("FAQ")]
    for e in a.faq.entries:
        parts.append(
            f'<div class="keep-together"><h3>{esc(e.question)}</h3><p>{esc(e.answer)}{cite_all(e.facts)}</p></div>'
        )
    return Html("".join(parts))


def sources(a: PairAnalysis) -> Html:
    """Sources and review: sources, conflicts, assumptions, reproducibility stamp."""
    s = a.sources
    stamp = s.stamp
    parameters = "; ".join(f"{k}: {v}" for k, v in stamp.parameters)
    parts = [
        heading("Sources and review"),
        f"<p>Last reviewed: {esc(s.last_reviewed)}.</p>",
        table(s.to_frame(), "data wide"),
        "<h3>Conflicts between sources</h3>",
        table(s.conflicts_frame(), "data wide")
        if s.conflicts
        else "<p>The sources agree on every value shown.</p>",
        "<h3>Assumptions</h3>",
        items(esc(x) for x in s.assumptions),
        "<h3>Reproducibility</h3>",
        items(
            [
                f"Catalog {esc(stamp.catalog_hash)} (as of {esc(stamp.catalog_as_of)}, schema {esc(stamp.schema_version)})",
                f"Package llm-pair-reports {esc(stamp.package_version)}",
                f"Parameters: {esc(parameters)}",
            ]
        ),
    ]
    return Html("".join(parts))


def metadata(a: PairAnalysis) -> dict[str, str]:
    """The report's title-block fields (see analysis.report.metadata)."""
    t = a.title
    return {
        "model_a": t.names[0],
        "model_b": t.names[1],
        "title": t.text,
        "subtitle": " vs ".join(k.text for k in t.product_types),
        "scenario": t.scenario,
        "catalog_version": f"{t.catalog_as_of} ({a.sources.stamp.catalog_hash[:12]})",
    }
