"""Where the project's files live: the data folder (raw, curated, catalog) and the report notebook.

Both ship inside the package (``analysis/data`` and ``analysis/notebooks``: links to the
checkout's ``data/`` and ``notebooks/``, copied into a wheel), so an installed package finds
them from any folder. ``LLM_REPORT_DATA`` names another data folder.
"""

from __future__ import annotations

import os
from pathlib import Path

DATA_ENV = "LLM_REPORT_DATA"
PACKAGE_DIR = Path(__file__).resolve().parents[1]


def data_dir() -> Path:
    """The data folder: ``$LLM_REPORT_DATA`` when set, else the package's."""
    given = os.environ.get(DATA_ENV, "").strip()
    return Path(given).expanduser().resolve() if given else (PACKAGE_DIR / "data").resolve()


DATA_DIR = data_dir()
CATALOG_DIR = DATA_DIR / "catalog"
RAW_DIR = DATA_DIR / "raw"
CURATED_DIR = DATA_DIR / "curated"
NOTEBOOK = (PACKAGE_DIR / "notebooks" / "pair_report.ipynb").resolve()
