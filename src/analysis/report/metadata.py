"""The report metadata protocol: how a notebook tells the exporters its title block.

A report notebook displays, once, the object returned by :func:`metadata_output`::

    from analysis.report import metadata_output
    metadata_output({"model_a": "GPT-4o", "model_b": "Claude Sonnet 4",
                     "scenario": "10k requests/day, 2k in / 500 out tokens",
                     "catalog_version": "2025-06-01 (a1b2c3d4)"})

The output carries the fields as JSON under :data:`METADATA_MIME`. The exporters read it
(the last one wins), drop it from the page and build the title block, cover, running header
and ``<title>`` from it. Fields: ``model_a`` and ``model_b`` (display names, required);
optional ``title`` (default "A vs B"), ``subtitle`` (e.g. product types), ``scenario`` (one
line), ``catalog_version``, ``date`` (default: the export date). All values are strings; other
keys are kept in ``nb.metadata["report"]`` of the exported copy and otherwise ignored.

It also displays :func:`figures_output` once, in a cell tagged ``remove`` (no page shows it):
the key figures a batch index shows (names, monthly costs with their routes, context windows,
friction levels) as JSON under :data:`FIGURES_MIME`; a batch reads them from the executed
notebook.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Mapping

METADATA_MIME = "application/vnd.llm-report+json"
REVIEW_MIME = "application/vnd.llm-report.review+json"
FIGURES_MIME = "application/vnd.llm-report.figures+json"
REQUIRED_FIELDS = ("model_a", "model_b")


class ReportMetadata:
    """A display object whose only rich output is the report metadata (plus a text line)."""

    def __init__(self, fields: Mapping[str, str]):
        missing = [name for name in REQUIRED_FIELDS if not fields.get(name)]
        if missing:
            raise ValueError(f"report metadata lacks {', '.join(missing)}")
        not_text = sorted(name for name, value in fields.items() if not isinstance(value, str))
        if not_text:
            raise TypeError(f"report metadata values must be strings: {', '.join(not_text)}")
        self.fields = dict(fields)

    def _repr_mimebundle_(self, include=None, exclude=None):
        text = f"Report metadata: {self.fields['model_a']} vs {self.fields['model_b']}"
        return {METADATA_MIME: self.fields, "text/plain": text}


def metadata_output(fields: Mapping[str, str]) -> ReportMetadata:
    """The display object a report notebook shows once to declare its title block."""
    return ReportMetadata(fields)


def report_metadata(found: Mapping[str, str] | None, fallback_title: str) -> dict[str, str]:
    """Title-block fields with defaults filled: title, date, and empty optional fields."""
    fields = dict(found or {})
    if "title" not in fields:
        pair = (fields.get("model_a"), fields.get("model_b"))
        fields["title"] = f"{pair[0]} vs {pair[1]}" if all(pair) else fallback_title
    fields.setdefault("date", dt.date.today().isoformat())
    for name in ("subtitle", "scenario", "catalog_version"):
        fields.setdefault(name, "")
    return fields


class ReportData:
    """A display object whose only output is data for programs, as JSON (no page shows it)."""

    def __init__(self, mime: str, data: Mapping[str, object] | str):
        self.mime, self.data = mime, data if isinstance(data, str) else dict(data)

    def _repr_mimebundle_(self, include=None, exclude=None):
        return {self.mime: self.data}


def notebook_output(notebook: Mapping, mime: str) -> dict:
    """The data an executed notebook displayed as ``mime`` (the last such output, decoded if it is
    a JSON string; {} if none)."""
    found: dict = {}
    for cell in notebook.get("cells", []):
        for output in cell.get("outputs", []) or []:
            data = (output.get("data") or {}).get(mime)
            if data is not None:
                found = json.loads(data) if isinstance(data, str) else data
    return found


def review_output(analysis) -> ReportData:
    """The display object of the pair's review record (what a later ``--since`` compares with).

    The record is one JSON string rather than nested JSON: every step that handles the notebook
    (kernel messages, validation, copies, the ``.ipynb`` file's indented JSON) walks nested
    values one by one, and the record is a third of the notebook.
    """
    return ReportData(REVIEW_MIME, json.dumps(analysis.review, separators=(",", ":")))


def figures_output(analysis) -> ReportData:
    """The display object of a pair analysis's key figures: each figure's display ``text`` and a
    sortable ``value`` (None when unknown), the route behind each cost, and the cheaper model."""
    costs, friction, names = analysis.costs, analysis.friction, analysis.names
    context = analysis.specs.row("Context window")
    return ReportData(
        FIGURES_MIME,
        {
            "names": list(names),
            "scenario": costs.scenario,
            "cost_a": figure(costs.a.monthly),
            "cost_b": figure(costs.b.monthly),
            "route_a": costs.a.provider,
            "route_b": costs.b.provider,
            "cheaper": {"a": names[0], "b": names[1]}.get(costs.cheaper, ""),
            "context_a": figure(context.a),
            "context_b": figure(context.b),
            "friction_a_to_b": friction.a_to_b.level,
            "friction_b_to_a": friction.b_to_a.level,
            "changes": [c.text() for c in analysis.changes_since.changes] if analysis.changes_since else None,
        },
    )


def figure(cited) -> dict:
    """``{"text": ..., "value": ...}`` of a cited number (value None when unknown)."""
    value = cited.value
    if value is not None and not isinstance(value, int):
        value = float(value)
    return {"text": cited.text, "value": value}
