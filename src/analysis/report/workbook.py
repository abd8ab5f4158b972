"""The report as a spreadsheet: one sheet per section, written with pandas and openpyxl.

Sheets: Scorecard, Cost per route, Capabilities, Benchmarks (shared scores, then the scores only
one model has), Due diligence (question, each model's answer, source, page and quote) and
Sources. Every cell is a value, never a formula: catalog text that starts with "=" stays text.
"""

from __future__ import annotations

import io

import pandas as pd

from analysis.narrative import PairAnalysis

SHEETS = ("Scorecard", "Cost per route", "Capabilities", "Benchmarks", "Due diligence", "Sources")


def workbook_bytes(a: PairAnalysis) -> bytes:
    """The .xlsx file of the pair's report."""
    frames = sheet_frames(a)
    out = io.BytesIO()
    with pd.ExcelWriter(out, engine="openpyxl") as writer:
        for name, parts in frames.items():
            row = 0
            for frame in parts:
                frame.to_excel(writer, sheet_name=name, index=False, startrow=row)
                row += len(frame) + 2
        for sheet in writer.book.worksheets:
            for cells in sheet.iter_rows():
                for cell in cells:
                    if cell.data_type == "f":  # text that looks like a formula stays text
                        cell.data_type = "s"
    return out.getvalue()


def sheet_frames(a: PairAnalysis) -> dict[str, list[pd.DataFrame]]:
    """Sheet name → the tables on it, top to bottom."""
    others = a.benchmarks.others_frame()
    return {
        "Scorecard": [a.scorecard.to_frame()],
        "Cost per route": [a.pricing.to_frame()],
        "Capabilities": [a.capabilities.to_frame()],
        "Benchmarks": [a.benchmarks.to_frame(), *([others] if len(others) else [])],
        "Due diligence": [checklist_frame(a)],
        "Sources": [a.sources.to_frame()],
    }


def checklist_frame(a: PairAnalysis) -> pd.DataFrame:
    """One row per due-diligence question: each model's answer, its source, page and quote, and
    the answer on the maker's API where the headline route is another provider's."""
    d = a.due_diligence
    records = []
    for r in d.rows:
        record = {"Question": r.label}
        sides = ((d.names[0], r.a, r.quote_a, r.maker_a), (d.names[1], r.b, r.quote_b, r.maker_b))
        for name, value, quote, maker in sides:
            record |= {
                f"{name} answer": value.text,
                f"{name} source": value.cite(),
                f"{name} page": value.url,
                f"{name} quote": quote,
                f"{name} on the maker's API": maker.text if maker else "",
                f"{name} maker's API source": f"{maker.cite()} {maker.url}".strip() if maker else "",
            }
        records.append(record)
    return pd.DataFrame(records)
