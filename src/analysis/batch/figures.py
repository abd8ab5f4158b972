"""The key figures the batch index shows for a report, read from its executed notebook.

The notebook displays them once (``analysis.report.figures_output``); nothing is computed again.
"""

from __future__ import annotations

import json

from analysis.report.metadata import FIGURES_MIME


def notebook_figures(ipynb: bytes) -> dict:
    """The key figures an executed report notebook displayed ({} when it displayed none)."""
    for cell in json.loads(ipynb).get("cells", []):
        for output in cell.get("outputs", []):
            found = output.get("data", {}).get(FIGURES_MIME)
            if found is not None:
                return json.loads(found) if isinstance(found, str) else found
    return {}
