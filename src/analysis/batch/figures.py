"""The key figures the batch index shows for a report, read from its executed notebook.

The notebook displays them once (``analysis.report.figures_output``); nothing is computed again.
"""

from __future__ import annotations

import json

from analysis.report.metadata import FIGURES_MIME, notebook_output


def notebook_figures(ipynb: bytes) -> dict:
    """The key figures an executed report notebook displayed ({} when it displayed none)."""
    return notebook_output(json.loads(ipynb), FIGURES_MIME)
