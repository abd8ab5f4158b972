"""Sections shown as tables in Jupyter: a mixin giving ``_repr_html_`` from the section's ``to_frame()``."""

from __future__ import annotations


class FrameDisplay:
    """For a section class with ``to_frame()``: Jupyter shows an instance as that table, escaped."""

    def _repr_html_(self) -> str:
        return self.to_frame().to_html(index=False, border=0, escape=True, na_rep="Unknown")
