"""The review a report is compared with (``--since``): an earlier report's JSON evidence record
or its executed notebook, each carrying the pair's review record (compare.changes.pair_record)."""

from __future__ import annotations

import json
from pathlib import Path

from analysis.compare.changes import Review
from analysis.errors import ParameterError
from analysis.report.metadata import REVIEW_MIME, notebook_output

RECORD_KEY = "review_record"  # the pair record's key in the evidence record


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
    record = None
    if isinstance(data, dict):
        record = notebook_output(data, REVIEW_MIME) if "cells" in data else data.get(RECORD_KEY)
    if not isinstance(record, dict) or "tables" not in record:
        raise ParameterError(f"--since {path}: it holds no review record; {expected}")
    return Review(str(record.get("manifest", {}).get("as_of") or ""), record)
