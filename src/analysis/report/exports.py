"""The report's spreadsheet and evidence record, written beside its HTML and PDF.

Both are functions of the pair's analysis (report.workbook, report.evidence). The analysis is
built here from the same validated parameters the notebook receives, so the files hold the
values the notebook shows.
"""

from __future__ import annotations

from collections.abc import Mapping

from analysis.files import write_atomic
from analysis.narrative import PairAnalysis, pair_analysis
from analysis.report.pair import EXPORTS
from analysis.report.paths import ReportPaths
from analysis.request import PairRequest


def parameters_analysis(parameters: Mapping[str, object]) -> PairAnalysis:
    """The analysis the notebook makes of ``parameters`` (model_a, model_b, scenario, ...)."""
    request = PairRequest.from_parameters(parameters)
    return pair_analysis(
        request.catalog, request.a, request.b, request.scenario, policy=request.policy, cost_detail=False
    )


def write_exports(parameters: Mapping[str, object], paths: ReportPaths, formats: tuple[str, ...]) -> None:
    """Write the asked exports (xlsx, json) of the report whose files are ``paths``."""
    from analysis.report.evidence import evidence_json
    from analysis.report.workbook import workbook_bytes

    asked = [f for f in EXPORTS if f in formats]
    if not asked:
        return
    analysis = parameters_analysis(parameters)
    writers = {"xlsx": workbook_bytes, "json": evidence_json}
    for fmt in asked:
        write_atomic(getattr(paths, fmt), writers[fmt](analysis))
