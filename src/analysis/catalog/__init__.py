"""The canonical catalog: schema, load, resolve names, lookups.

``Catalog`` and ``load`` (and pandas with them) load on first use, so that ``catalog.settings``
is light to import (``llm-report pair`` starts its kernel before it loads pandas).
"""

from importlib import import_module

from analysis.catalog.resolve import resolve

__all__ = ["Catalog", "load", "resolve"]


def __getattr__(name: str):
    """``Catalog`` and ``load``, from the store, when first asked for."""
    if name in ("Catalog", "load"):
        return getattr(import_module("analysis.catalog.store"), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
