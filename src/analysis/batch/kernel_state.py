"""Runs inside a warm report kernel: save its state once warmed, restore it before each report.

A report may bind names, leave figures open, change rcParams, pandas options, warning filters,
the environment, ``sys.path`` or the working folder; ``restore()`` undoes all of that and
restarts IPython's session so cells are numbered from 1, as in a fresh kernel. Imported modules
stay loaded (that is the point of a warm kernel), so process-level caches such as the catalog
of ``analysis.catalog.store.default()`` are kept: they hold read-only data.

Only the standard library is imported here; pandas and matplotlib are handled if loaded (a
kernel whose first matplotlib import came from a report cannot be reset: it is replaced).
"""

from __future__ import annotations

import gc
import importlib
import os
import sys
import warnings

SAVED: dict = {}
PANDAS_PLOTTING = {"plotting.backend": "matplotlib", "plotting.matplotlib.register_converters": "auto"}


def warm(modules: list[str], load_default_catalog: bool) -> None:
    """Import ``modules`` (binding no names), load the catalog and build its indexes if asked,
    then ``save()``.

    A module that fails to import is left out: the report that imports it shows the error.
    """
    for name in modules:
        try:
            importlib.import_module(name)
        except Exception:
            continue
    if load_default_catalog:
        from analysis.catalog.store import default

        default().indexed()
    save()


def save() -> None:
    """Remember the state ``restore()`` returns to; exempt the objects alive now from collection.

    ``gc.freeze()`` keeps the garbage collector off the warm modules and the catalog, so the
    full collection in ``restore()`` (IPython's reset runs one) only walks what a report left.
    """
    gc.collect()
    gc.freeze()
    SAVED.update(
        cwd=os.getcwd(),
        environ=dict(os.environ),
        path=list(sys.path),
        warnings=list(warnings.filters),
    )
    if "matplotlib" in sys.modules:
        SAVED["rc"] = dict(sys.modules["matplotlib"].rcParams)


def restore() -> None:
    """Return the kernel to the saved state, with an empty namespace and a new session.

    RuntimeError (the kernel is then replaced) if a report was the first to import matplotlib:
    there is no saved state of its settings to return to.
    """
    if "matplotlib" in sys.modules and "rc" not in SAVED:
        raise RuntimeError("a report imported matplotlib first: its settings cannot be reset")
    if "matplotlib.pyplot" in sys.modules:
        sys.modules["matplotlib.pyplot"].close("all")
    get_ipython().reset(new_session=True)  # noqa: F821 (defined in an IPython kernel)
    for name in ("last_type", "last_value", "last_traceback", "last_exc"):
        if hasattr(sys, name):
            delattr(sys, name)
    os.chdir(SAVED["cwd"])
    os.environ.clear()
    os.environ.update(SAVED["environ"])
    sys.path[:] = SAVED["path"]
    warnings.resetwarnings()  # also forgets which warnings were already shown
    warnings.filters[:] = SAVED["warnings"]
    if "rc" in SAVED:
        sys.modules["matplotlib"].rcParams.update(SAVED["rc"])

    if "pandas" in sys.modules:
        pd = sys.modules["pandas"]
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # resetting deprecated options warns
            # Setting a plotting option imports matplotlib: those are reset only if changed.
            pd.reset_option(r"^(?!plotting\.)")
            for option, default in PANDAS_PLOTTING.items():
                if pd.get_option(option) != default:
                    pd.reset_option(option)
    gc.freeze()  # what outlived the reset's collection stays (caches a report filled): never walk it again
