"""One pair report from user input: validate everything before a kernel starts, then run it."""

from __future__ import annotations

import math
import os
from collections.abc import Mapping
from dataclasses import asdict
from pathlib import Path

from analysis.catalog import resolve
from analysis.catalog.store import catalog_at
from analysis.costs import Scenario, scenario
from analysis.errors import ParameterError
from analysis.report.paths import ReportPaths, report_basename

ROOT = Path(__file__).resolve().parents[3]
NOTEBOOK = ROOT / "notebooks" / "pair_report.ipynb"
FORMATS = ("html", "pdf")
EXPORTS = ("xlsx", "json")  # written from the analysis by report.exports, on request only
DEFAULT_PRESET = "medium"
VOLUME_FIELDS = ("input_tokens", "output_tokens", "requests_per_month")


def parse_formats(text: str) -> tuple[str, ...]:
    """``"html,pdf"`` → ("html", "pdf"); ParameterError for anything else."""
    formats = tuple(dict.fromkeys(f.strip().lower() for f in str(text).split(",") if f.strip()))
    if not formats or any(f not in FORMATS + EXPORTS for f in formats):
        raise ParameterError(f"--format = {text!r}: expected a comma list of html, pdf, xlsx, json")
    return formats


# Scenario options (the ``pair`` command's, the batch pairs file's columns) → pair_scenario arguments.
SCENARIO_OPTIONS = {
    "scenario": "preset",
    "input_tokens": "input_tokens",
    "output_tokens": "output_tokens",
    "cache_share": "cache_read_share",
    "batch_share": "batch_share",
    "reasoning_multiplier": "reasoning_multiplier",
    "prompt_tokens": "prompt_tokens",
    "price_date": "price_date",
}


def scenario_from_options(options: Mapping[str, object]) -> Scenario:
    """The scenario that scenario options (named as in SCENARIO_OPTIONS) describe; blanks unset."""
    return pair_scenario(**{SCENARIO_OPTIONS[k]: v for k, v in options.items() if v not in (None, "")})


def checked_timeout(timeout: float | None) -> float | None:
    """A report timeout in seconds (None = no limit); ParameterError unless positive and finite."""
    if timeout is not None and not (math.isfinite(timeout) and timeout > 0):
        raise ParameterError(f"--timeout = {timeout!r}: expected a positive number of seconds")
    return timeout


def pair_scenario(preset: str | None = None, **values: object) -> Scenario:
    """The scenario a report uses: the preset (default medium unless volumes are given) + values."""
    given = {k: v for k, v in values.items() if v is not None}
    if preset is None and not any(k in given for k in VOLUME_FIELDS):
        preset = DEFAULT_PRESET
    return scenario(preset, **given)


def notebook_scenario(scenario: str | Mapping[str, object], price_date: str | None = None) -> Scenario:
    """The scenario of the notebook's parameters: a preset name or a dict of scenario values,
    with ``price_date`` (when given) taking prices in force on that date."""
    dated = {"price_date": price_date} if price_date else {}
    if isinstance(scenario, str):
        return pair_scenario(scenario, **dated)
    if isinstance(scenario, Mapping):
        return pair_scenario(**{**scenario, **dated})
    raise ParameterError(f"scenario = {scenario!r}: expected a preset name or a dict of scenario values")


def pair_parameters(
    model_a: str, model_b: str, chosen: Scenario, catalog_path: str | os.PathLike | None = None
) -> dict:
    """The notebook's parameters for a pair, as plain data, after resolving both names."""
    catalog = catalog_at(catalog_path)
    a, b = resolve(model_a, catalog), resolve(model_b, catalog)
    if a == b:
        raise ParameterError(f"model_a and model_b both name {a!r}: expected two different models")
    return {
        "model_a": a,
        "model_b": b,
        "scenario": asdict(chosen),
        "catalog_path": str(Path(catalog_path).resolve()) if catalog_path else None,
    }


def writable_folder(out_dir: Path) -> Path:
    """``out_dir``, created if needed; ParameterError if it cannot be written."""
    out_dir = Path(out_dir)
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
    except OSError as e:
        raise ParameterError(
            f"output folder {out_dir} cannot be created ({e.strerror}); expected a writable folder"
        ) from None
    if not out_dir.is_dir() or not os.access(out_dir, os.W_OK | os.X_OK):
        raise ParameterError(f"output folder {out_dir} is not writable; expected a writable folder")
    return out_dir


def pair_report(
    parameters: dict,
    out_dir: Path,
    *,
    formats: tuple[str, ...] = FORMATS,
    page_size: str = "A4",
    pdf_engine: str | None = None,
    timeout: float | None = 600,
    notebook: Path = NOTEBOOK,
    kernel_manager=None,
) -> ReportPaths:
    """Run the report notebook for validated ``parameters`` and write the asked formats."""
    from analysis.report.pdf import pdf_engine as engine_for
    from analysis.report.write import write_report

    engine = engine_for(page_size, pdf_engine)
    checked_timeout(timeout)
    basename = report_basename(parameters["model_a"], parameters["model_b"])
    return write_report(
        notebook,
        parameters,
        writable_folder(out_dir),
        basename,
        formats=formats,
        page_size=page_size,
        pdf_engine=engine,
        timeout=timeout,
        kernel_manager=kernel_manager,
    )
