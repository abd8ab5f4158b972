"""The evidence record: every value the report shows, with its source and date, as JSON.

One entry per value per model: the section, the row label, which model ("a", "b", or "pair" for
values about both), the value (exact decimals as strings, lists as arrays, unknown as null), its
display text and provenance (source, version, as-of date, locator, URL; the verbatim quote for
due-diligence answers). The record validates against ``evidence.schema.json``, shipped with the
package (``SCHEMA``).
"""

from __future__ import annotations

import json
from decimal import Decimal
from importlib import resources

from analysis.compare import Cited
from analysis.narrative import PairAnalysis

FORMAT = "llm-pair-report-evidence/1"


def schema() -> dict:
    """The JSON Schema every evidence record meets."""
    return json.loads(resources.files("analysis.report").joinpath("evidence.schema.json").read_text())


def evidence_json(a: PairAnalysis) -> str:
    """The evidence record as JSON text."""
    return json.dumps(evidence(a), indent=2, ensure_ascii=False) + "\n"


def evidence(a: PairAnalysis) -> dict:
    """The evidence record of the pair's report."""
    stamp = a.sources.stamp
    return {
        "format": FORMAT,
        "pair": {"a": a.a, "b": a.b, "names": list(a.names)},
        "scenario": a.costs.scenario,
        "price_date": a.costs.price_date,
        "catalog": {"hash": stamp.catalog_hash, "as_of": stamp.catalog_as_of},
        "parameters": dict(stamp.parameters),
        "values": values(a),
        "review_record": a.review,
    }


def values(a: PairAnalysis) -> list[dict]:
    """Every cited value of every section, in report order."""
    out = []
    for section, rows in (
        ("scorecard", a.scorecard.rows),
        ("specs", a.specs.rows),
        ("capabilities", a.capabilities.rows),
        ("due_diligence", a.due_diligence.rows),
    ):
        for r in rows:
            quotes = (getattr(r, "quote_a", ""), getattr(r, "quote_b", ""))
            out += [
                entry(section, r.label, m, v, q) for m, v, q in zip("ab", (r.a, r.b), quotes, strict=True)
            ]
            makers = (getattr(r, "maker_a", None), getattr(r, "maker_b", None))
            out += [
                entry(section, f"{r.label} (maker's API)", m, v)
                for m, v in zip("ab", makers, strict=True)
                if v
            ]
    c = a.costs
    for m, spend in zip("ab", (c.a, c.b), strict=True):
        label = f"monthly cost ({spend.route_id or 'unavailable'})"
        out += [entry("costs", label, m, spend.monthly), entry("costs", "input / 1M", m, spend.input)]
        out.append(entry("costs", "output / 1M", m, spend.output))
    out += [entry("costs", "difference (b - a)", "pair", c.delta), entry("costs", "ratio", "pair", c.ratio)]
    for m, pricing in zip("ab", (a.pricing.a, a.pricing.b), strict=True):
        for r in pricing.routes:
            for label, value in (("input / 1M", r.input), ("output / 1M", r.output), ("monthly", r.monthly)):
                out.append(entry("pricing", f"{r.route.route_id} {label}", m, value))
    for s in a.benchmarks.shared:
        out += [entry("benchmarks", s.label, "a", s.a.cited), entry("benchmarks", s.label, "b", s.b.cited)]
    for m, scores in zip("ab", (a.benchmarks.only_a, a.benchmarks.only_b), strict=True):
        out += [entry("benchmarks", s.label, m, s.cited) for s in scores]
    return out


def entry(section: str, label: str, model: str, value: Cited, quote: str = "") -> dict:
    """One value with its provenance."""
    return {
        "section": section,
        "label": label,
        "model": model,
        "value": plain(value.value),
        "text": value.text,
        "source": value.source,
        "version": value.version,
        "as_of": value.as_of,
        "locator": value.locator,
        "url": value.url,
        "quote": quote,
    }


def plain(value: object) -> object:
    """A value as JSON: exact decimals as strings, tuples as lists, anything else unknown as text."""
    if value is None or isinstance(value, bool | int | float | str):
        return value
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, tuple | list):
        return [plain(v) for v in value]
    return str(value)
