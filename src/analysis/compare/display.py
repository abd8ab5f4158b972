"""Sections shown as tables in Jupyter: ``_repr_html_`` from a section's ``to_frame()``, and the
table and row lookup every section of labelled two-model rows shares."""

from __future__ import annotations

import pandas as pd

from analysis.compare.cited import Row, rows_frame


class FrameDisplay:
    """For a section class with ``to_frame()``: Jupyter shows an instance as that table, escaped."""

    def _repr_html_(self) -> str:
        return self.to_frame().to_html(index=False, border=0, escape=True, na_rep="Unknown")


class RowsDisplay(FrameDisplay):
    """For a section with ``names`` (the two models) and ``rows`` (labelled :class:`Row`\\ s).

    A section names the heading of its label column (``label_column``) and, when its rows are
    looked up by another attribute than their label, that attribute (``row_key``).
    """

    names: tuple[str, str]
    rows: tuple[Row, ...]
    label_column = "Label"
    row_key = "label"

    def to_frame(self) -> pd.DataFrame:
        """The label column, each model's value and each value's source."""
        return rows_frame(self.rows, self.names, self.label_column)

    def row(self, key: str) -> Row | None:
        """The row whose ``row_key`` is ``key``; None when the section has no such row."""
        return next((r for r in self.rows if getattr(r, self.row_key) == key), None)
