"""HTML for each report section, from the analysis: what the notebook displays.

Every string that comes from the catalog or the analysis is escaped here (names, sources,
URLs), so catalog text shows as text and never as markup or script; only http(s) URLs become
links. Each function returns an :class:`Html` that Jupyter displays and tests can read.

Sources are cited inline (``<span class="cite">``): Jupyter shows them as written, and the
exported report turns them into numbered source notes (see analysis.report.layout). Tables
carry them in their cells, so no table needs a source column. Long material (every route,
every score, conflicts, sources, the stamp) goes in :func:`appendix`: collapsible in HTML,
after the main body in the PDF.
"""

from __future__ import annotations

import base64
import html
from collections.abc import Iterable

import pandas as pd

from analysis import charts
from analysis.compare import BenchmarkSection, Cited, RoutePrice, Row, Score, SharedScore, Tradeoff
from analysis.compare.text import join_and, variant_text
from analysis.narrative import PairAnalysis

LEVELS = {"low": "Low", "medium": "Medium", "high": "High"}
MAX_CHART_BENCHMARKS = 12
BODY_ROUTE_KINDS = ("first_party", "cloud")  # the routes the body's pricing table shows, with the cheapest


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
    return f'<span class="cite"> ({link(text, value.url)})</span>' if text else ""  # the space goes with it


SHORT_ROWS = 15  # a table (or list) this short is never cut across pages


def opening(*parts: str, rows: int = 0) -> str:
    """A section's heading and first lines kept on one page with what follows them (the last
    part): all of it when that has at most SHORT_ROWS rows, else its start only, so a long table
    begins under its heading instead of leaving the page before empty."""
    if rows <= SHORT_ROWS:
        return f'<div class="keep-together">{"".join(parts)}</div>'
    *head, rest = parts
    return f'<div class="keep-together keep-with-next">{"".join(head)}</div>{rest}'


def heading(title: str) -> str:
    """A section heading (the template builds the contents from these)."""
    return f"<h2>{esc(title)}</h2>"


def table(frame: pd.DataFrame, css: str = "data") -> str:
    """A DataFrame as an escaped HTML table without the index."""
    return frame.to_html(index=False, escape=True, border=0, classes=css, na_rep="Unknown")


def figure(chart: charts.Chart | None, alt: str) -> str:
    """A chart as an embedded SVG image (nothing when there is no chart)."""
    if chart is None:
        return ""
    data = base64.b64encode(chart.svg.encode()).decode()
    return f'<figure class="chart"><img src="data:image/svg+xml;base64,{data}" alt="{esc(alt)}"></figure>'


def items(lines: Iterable[str]) -> str:
    """Already-escaped lines as a bulleted list."""
    return "<ul>" + "".join(f"<li>{line}</li>" for line in lines) + "</ul>"


def title_block(a: PairAnalysis) -> Html:
    """The opening summary: the pair, product types, catalog date and the scenario.

    For the notebook: the exported report shows the same facts in its title block (the
    template's cover), so it leaves this one out (class ``notebook-only``).
    """
    t = a.title
    kinds = " ".join(
        f"<p><strong>{esc(name)}</strong>: {esc(kind.text)}{cite(kind)}</p>"
        for name, kind in zip(t.names, t.product_types, strict=True)
    )
    return Html(
        f'<div class="summary notebook-only keep-together">{kinds}'
        f"<p>Catalog as of {esc(t.catalog_as_of)}. Scenario: {esc(t.scenario)}.</p></div>"
    )


def changes_since(a: PairAnalysis) -> Html | None:
    """What changed since the earlier review ``since`` names; nothing when none was given."""
    c = a.changes_since
    if c is None:
        return None
    return Html(opening(heading(c.heading), items(esc(line) for line in c.lines), rows=len(c.lines)))


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


def cited_table(rows: Iterable[Row], names: tuple[str, str], label: str) -> str:
    """Labelled rows of two cited values: label, A's value, B's value, each with its source.

    Rows unknown for both models are named in one line under the table instead.
    """
    rows = list(rows)
    unknown = [r.label for r in rows if not r.a.known and not r.b.known]
    head = "".join(f"<th>{esc(h)}</th>" for h in (label, *names))
    body = "".join(
        f"<tr><th>{esc(r.label)}</th><td>{esc(r.a.text)}{cite(r.a)}</td><td>{esc(r.b.text)}{cite(r.b)}</td></tr>"
        for r in rows
        if r.a.known or r.b.known
    )
    line = (
        f"<p>Unknown for both (no source in the catalog says): {esc(join_and(unknown))}.</p>"
        if unknown
        else ""
    )
    return f'<table class="data cited"><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>{line}'


def html_table(header: Iterable[str], rows: Iterable[Iterable[str]], css: str = "data") -> str:
    """A table of already-escaped cells under an escaped header; a column empty in every row is
    left out."""
    header, rows = list(header), [list(r) for r in rows]
    keep = [i for i in range(len(header)) if not rows or any(r[i] for r in rows)]
    head = "".join(f"<th>{esc(header[i])}</th>" for i in keep)
    body = table_rows([r[i] for i in keep] for r in rows)
    return f'<table class="{css}"><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>'


def table_rows(rows: Iterable[Iterable[str]]) -> str:
    """Rows of already-escaped cells."""
    return "".join("<tr>" + "".join(f"<td>{cell}</td>" for cell in row) + "</tr>" for row in rows)


def grouped_table(header: list[str], groups: Iterable[tuple[str, list[list[str]]]], css: str = "data") -> str:
    """A table whose rows come in groups, each under a full-width row naming it (a model); a
    column empty in every row is left out."""
    groups = [(name, rows) for name, rows in groups if rows]
    every = [row for _, rows in groups for row in rows]
    keep = [i for i in range(len(header)) if any(row[i] for row in every)]
    head = "".join(f"<th>{esc(header[i])}</th>" for i in keep)
    body = "".join(
        f'<tr class="group"><th colspan="{len(keep)}">{esc(name)}</th></tr>'
        + table_rows([row[i] for i in keep] for row in rows)
        for name, rows in groups
    )
    return f'<table class="{css}"><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>'


def scorecard(a: PairAnalysis) -> Html:
    """Decision scorecard."""
    return Html(heading("Decision scorecard") + cited_table(a.scorecard.rows, a.names, "Signal"))


def tradeoffs(a: PairAnalysis) -> Html:
    """ "Choose A when…" and "Choose B when…": each side's bullets (a few, ranked by weight), each
    with the sources of its facts."""
    parts = [heading("Decision tradeoffs")]
    for name, bullets in zip(a.names, (a.tradeoffs.a, a.tradeoffs.b), strict=True):
        parts.append(f"<h3>Choose {esc(name)} when…</h3>")
        lines = [bullet(t) for t in bullets]
        parts.append(items(lines) if lines else "<p>No rule in the catalog data favours it.</p>")
    return Html("".join(parts))


def bullet(t: Tradeoff) -> str:
    """A tradeoff bullet with its sources."""
    return esc(t.text) + cite_all(t.facts)


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
    rows = [
        (
            esc(name),
            f"{esc(s.monthly.text)}{cite(s.monthly)}",
            esc(s.provider) or "None priced",
            esc(s.input.text),
            esc(s.output.text),
        )
        for name, s in zip(a.names, (c.a, c.b), strict=True)
    ]
    parts = [
        opening(
            heading("Monthly cost at traffic"),
            f"<p>Scenario: {esc(c.scenario)}. Prices in force on {esc(c.price_date)}.</p>",
            html_table(("Model", "Monthly cost", "Provider", "Input / 1M", "Output / 1M"), rows),
        )
    ]
    parts.extend(
        f"<p>{esc(name)}: unavailable, {esc(s.unavailable_reason)}.</p>"
        for name, s in zip(a.names, (c.a, c.b), strict=True)
        if s.unavailable_reason
    )
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
            f'<div class="callout"><h3>{esc(f.source_name)} → {esc(f.target_name)}: '
            f'<span class="level level-{esc(f.level)}">{esc(level)} friction</span></h3>'
            + items(f"{esc(r.text)}{cite_all(r.facts)}" for r in f.reasons)
            + "</div>"
        )
    return Html("".join(parts))


def due_diligence(a: PairAnalysis) -> Html:
    """Due diligence: each question for both models on their headline routes (and on the maker's
    API where that is another route), answers cited. The blockers it finds are the verdict's."""
    d = a.due_diligence
    on = "; ".join(f"{esc(n)} on {esc(p or 'no route')}" for n, p in zip(d.names, d.providers, strict=True))
    head = "".join(f"<th>{esc(x)}</th>" for x in ("Question", *d.names))
    a_maker, b_maker = d.maker_providers
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
    return Html("".join(parts))  # its blockers are said once, on page one (the verdict)


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
    return Html(heading("Specs") + cited_table(a.specs.rows, a.names, "Specification"))


def pricing(a: PairAnalysis) -> Html:
    """The shared providers; the maker's and the clouds' routes and each model's cheapest.

    Every route, and a chart of prices, is in the appendix (:func:`appendix`).
    """
    p = a.pricing
    shared = ", ".join(p.shared_providers) if p.shared_providers else "none"
    body = key_routes(a)
    total = len(p.a.routes) + len(p.b.routes)
    return Html(
        heading("Pricing and availability")
        + f"<p>Providers serving both models: {esc(shared)}.</p>"
        + "<p>Each model's cheapest route at this scenario, and its cheapest on its maker's API and "
        + f"on each cloud; all {total} routes are in the appendix.</p>"
        + route_table(body, a.names, full=False)
    )


def key_routes(a: PairAnalysis) -> list[tuple[str, RoutePrice]]:
    """Each model's cheapest route, and its cheapest route on its maker's API and on each cloud."""
    best: dict[tuple[str, str], RoutePrice] = {}
    for name, r in priced_routes(a):
        key = (name, r.route.provider)
        if r.route.provider_kind in BODY_ROUTE_KINDS and (
            key not in best or cost_order(r) < cost_order(best[key])
        ):
            best[key] = r
    shown = {id(r) for r in best.values()}
    return [(name, r) for name, r in priced_routes(a) if r.cheapest or id(r) in shown]


def cost_order(r: RoutePrice) -> tuple:
    """Priced routes first, cheapest first, then by route id."""
    return (not r.monthly.known, r.monthly.value if r.monthly.known else 0, r.route.route_id)


def priced_routes(a: PairAnalysis) -> list[tuple[str, RoutePrice]]:
    """(model name, route) for every route of both models, in the catalog's order."""
    return [(name, r) for name, m in zip(a.names, (a.pricing.a, a.pricing.b), strict=True) for r in m.routes]


def route_table(routes: list[tuple[str, RoutePrice]], names: tuple[str, str], *, full: bool) -> str:
    """Routes by model with their prices and monthly cost (each model's cheapest in bold), each
    row cited once; ``full`` adds cache writes and the route's limits. Prices are per 1M tokens."""
    header = ["Provider", "Class", "Input / 1M", "Output / 1M", "Cache read / 1M"]
    header += ["Cache write / 1M", "Context (tokens)", "Max output (tokens)"] if full else []
    groups = [(name, [route_row(r, full) for n, r in routes if n == name]) for name in names]
    note = "<p>In bold: each model's cheapest complete route at this scenario.</p>"
    table = grouped_table([*header, "Monthly cost"], groups, "data wide" if full else "data")
    return table + note + (class_reasons(routes) if full else "")


def class_reasons(routes: list[tuple[str, RoutePrice]]) -> str:
    """Why the routes have their class: each reason once, with the providers it applies to."""
    reasons: dict[tuple[str, str], list[str]] = {}
    for _, r in routes:
        if r.route_class.note:
            named = reasons.setdefault((r.route_class.label, r.route_class.note), [])
            if r.route.provider_name not in named:
                named.append(r.route.provider_name)
    lines = [
        f"<strong>{esc(label)}</strong>: {esc(note)} ({esc(', '.join(providers))})"
        for (label, note), providers in reasons.items()
    ]
    return "<p>Why routes have their class:</p>" + items(lines) if lines else ""


def route_row(r: RoutePrice, full: bool) -> list[str]:
    """One route's cells: provider (with its sources and the variant it serves), route class,
    prices, limits if ``full``, monthly cost."""
    prices = [r.input, r.output, r.cache_read] + ([r.cache_write] if full else [])
    limits = [r.route.context_window, r.route.max_output] if full else []
    facts = [Cited.of(r.route.route_id, r.route.provenance), *prices, r.monthly, *limits]
    row = [esc(r.name) + cite_all(facts), esc(r.class_label)]
    row += [esc(v.text.replace(" / 1M tokens", "")) for v in prices]
    row += [esc(v.text.removesuffix(" tokens")) for v in limits]
    monthly = esc(r.monthly.text)
    return [*row, f"<strong>{monthly}</strong>" if r.cheapest else monthly]


def capabilities(a: PairAnalysis) -> Html:
    """Capabilities, Yes / No / Unknown with sources."""
    return Html(
        heading("Capabilities")
        + "<p>Unknown means no source in the catalog says; it is not a No.</p>"
        + cited_table(a.capabilities.rows, a.names, "Capability")
    )


def benchmarks(a: PairAnalysis) -> Html:
    """Shared benchmarks by family (LiveBench by category), one row each, best-known first; what
    only one model has, summarised. Every score, and a chart, is in the appendix."""
    b = a.benchmarks
    rows = [
        (
            esc(f.name),
            esc(variant_text(s.a.variant)),
            scored(s.a),
            scored(s.b),
            esc(f"{f.more} more" if f.more and s is f.headline[-1] else ""),
        )
        for f in b.families
        for s in f.headline
    ]
    if rows:
        parts = [
            opening(
                heading("Benchmarks"),
                "<p>Same benchmark and variant for both models, one row per benchmark (LiveBench by "
                "category), best-known first.</p>",
                html_table(("Benchmark", "Variant", *a.names, "Other variants"), rows),
                rows=len(rows),
            )
        ]
    else:
        parts = [
            heading("Benchmarks"),
            "<p>No shared benchmark scores (same benchmark and variant) are in the catalog for this pair.</p>",
        ]
    unmatched = [text for text in (b.only_summary("a"), b.only_summary("b")) if text]
    parts.append("<p>" + " ".join(map(esc, unmatched)) + " Every score is in the appendix.</p>")
    return Html("".join(parts))


def headline_scores(b: BenchmarkSection) -> list[SharedScore]:
    """The shared scores the body shows: each family's headline ones."""
    return [s for f in b.families for s in f.headline]


def scored(score: Score) -> str:
    """A score with its source note, marked when the maker reported it."""
    mark = ' <span class="flag">self-reported</span>' if score.self_reported else ""
    return esc(score.cited.text) + cite(score.cited) + mark


def all_scores(a: PairAnalysis) -> str:
    """Every benchmark score of both models: shared ones first, then those only one model has."""
    b = a.benchmarks
    groups = [
        (
            name,
            [
                [esc(s.benchmark), esc(variant_text(s.variant)), scored(s), esc(s.date)]
                for s in [getattr(pair, side) for pair in b.shared] + list(getattr(b, f"only_{side}"))
            ],
        )
        for name, side in zip(a.names, ("a", "b"), strict=True)
    ]
    if not any(rows for _, rows in groups):
        return ""
    newest = sorted(headline_scores(b), key=lambda s: (s.a.date, s.a.label), reverse=True)[
        :MAX_CHART_BENCHMARKS
    ]
    chart = figure(charts.benchmark_figure(newest, b.names), "Scores on shared benchmarks")
    table_html = grouped_table(["Benchmark", "Variant", "Score", "Date"], groups)
    return appendix_part("Every benchmark score", chart + table_html)


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


def appendix(a: PairAnalysis) -> Html:
    """The appendix: every route, every score, conflicts, sources and the stamp,
    each part collapsible in HTML (the PDF prints them open, after the main body)."""
    every = priced_routes(a)
    chart = figure(charts.route_price_figure(every, a.names), "Input and output price per route")
    routes = appendix_part("Every route", route_table(every, a.names, full=True) + chart)
    parts = (routes, all_scores(a), conflicts(a), sources(a))
    return Html('<h2 id="appendix">Appendix</h2>' + "".join(parts))


def appendix_part(title: str, content: str) -> str:
    """One collapsible part of the appendix."""
    return f'<details class="appendix-part"><summary>{esc(title)}</summary>{content}</details>'


def conflicts(a: PairAnalysis) -> str:
    """Values the sources disagree on, and the value the report uses."""
    s = a.sources
    if not s.conflicts:
        return appendix_part("Conflicts between sources", "<p>The sources agree on every value shown.</p>")
    return appendix_part("Conflicts between sources", items(esc(n.text) for n in s.conflict_notes))


def sources(a: PairAnalysis) -> str:
    """Sources with version and date, assumptions, and the reproducibility stamp."""
    s = a.sources
    stamp = s.stamp
    parameters = "; ".join(f"{k}: {v}" for k, v in stamp.parameters)
    parts = [
        f"<p>Last reviewed: {esc(s.last_reviewed)}.</p>",
        table(s.to_frame(), "data"),
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
    return appendix_part("Sources and review", "".join(parts))


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
