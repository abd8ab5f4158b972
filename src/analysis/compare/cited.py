"""A value with its provenance, and a labelled pair of them (one row of a two-model table)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import pandas as pd

from analysis.compare.text import UNKNOWN, yes_no
from analysis.costs import Provenance


@dataclass(frozen=True)
class Cited:
    """A value, its display text and where it came from. ``value`` None = unknown ("Unknown")."""

    value: object = None
    source: str = ""
    as_of: str = ""
    locator: str = ""
    url: str = ""
    version: str = ""
    text: str = ""  # display text; "" = the value's plain form

    def __post_init__(self) -> None:
        if not self.text:
            object.__setattr__(self, "text", plain_text(self.value))

    @classmethod
    def of(cls, value: object, provenance: Provenance, text: str = "") -> Cited:
        """``value`` cited to ``provenance``."""
        p = provenance
        return cls(value, p.source, p.as_of, p.locator, p.url, p.version, text)

    @property
    def known(self) -> bool:
        """Whether the catalog has the value."""
        return self.value is not None

    @property
    def provenance(self) -> Provenance:
        """The source, version, date, locator and URL of the value."""
        return Provenance(self.source, self.version, self.as_of, self.locator, self.url)

    def cite(self) -> str:
        """ "source version, as of date" ("" for an unknown or uncited value)."""
        return self.provenance.cite() if self.source else ""


def plain_text(value: object) -> str:
    """The display form of a value: "Unknown", "Yes" / "No", "128,000", "a, b"."""
    if value is None or isinstance(value, bool):
        return yes_no(value)
    if isinstance(value, int):
        return f"{value:,}"
    if isinstance(value, tuple):
        return ", ".join(map(str, value))
    return str(value)


def unknown(text: str = UNKNOWN) -> Cited:
    """An explicit unknown value."""
    return Cited(None, text=text)


@dataclass(frozen=True)
class Row:
    """One labelled row of a two-model table: the value for A and for B."""

    label: str
    a: Cited
    b: Cited


def without_empty_columns(frame: pd.DataFrame) -> pd.DataFrame:
    """The frame less the columns with no text in any row (a source that gives no dates)."""
    empty = [c for c in frame.columns if len(frame) and (frame[c].astype(str).str.strip() == "").all()]
    return frame.drop(columns=empty)


def rows_frame(rows: Iterable[Row], names: tuple[str, str], label: str) -> pd.DataFrame:
    """A table of rows: the label, each model's value, then each model's source."""
    name_a, name_b = names
    records = [
        {
            label: r.label,
            name_a: r.a.text,
            name_b: r.b.text,
            f"{name_a} source": r.a.cite(),
            f"{name_b} source": r.b.cite(),
        }
        for r in rows
    ]
    columns = [label, name_a, name_b, f"{name_a} source", f"{name_b} source"]
    return pd.DataFrame(records, columns=columns)
