"""The review a report is compared with (``--since``): an earlier report's JSON evidence record
or its executed notebook, each carrying the pair's review record (compare.changes.pair_record)."""

from __future__ import annotations

import json
from pathlib import Path

from analysis.compare.changes import Review
from analysis.errors import ParameterError
from analysis.report.metadata import METADATA_MIME

RECORD_KEY = "review_record"  # the pair record, as JSON text in the metadata, as an object in evidence


def previous_review(path: str | Path) -> Review:
    """The review record in an earlier report's ``.json`` evidence or executed ``.ipynb``."""
    file = Path(path)
    expected = "expected an earlier report's .json evidence record or its executed .ipynb"
    try:
        data = json.loads(file.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ParameterError(f"--since {path}: no such file; {expected}") from None
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as e:
        raise ParameterError(f"--since {path}: not readable JSON ({type(e).__name__}); {expected}") from None
    fields = notebook_fields(data) if isinstance(data, dict) and "cells" in data else data
    record = fields.get(RECORD_KEY) if isinstance(fields, dict) else None
    if isinstance(record, str):
        record = json.loads(record)
    if not isinstance(record, dict) or "tables" not in record:
        raise ParameterError(f"--since {path}: it holds no review record; {expected}")
    date = str(fields.get("date") or record.get("manifest", {}).get("as_of") or "")
    return Review(date, record)


def notebook_fields(notebook: dict) -> dict:
    """The report metadata fields an executed report notebook displayed (the last wins)."""
    found: dict = {}
    for cell in notebook.get("cells", []):
        for output in cell.get("outputs", []) or []:
            fields = (output.get("data") or {}).get(METADATA_MIME)
            if isinstance(fields, dict):
                found = fields
    return found
