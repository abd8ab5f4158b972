"""The reports of a batch: each requested pair validated, named and keyed before any kernel starts."""

from __future__ import annotations

import json
import os
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace

from analysis.batch.keys import report_key, sha256_hex
from analysis.batch.pairs import PairRow
from analysis.errors import UserError
from analysis.report.pair import pair_parameters, scenario_from_options
from analysis.report.paths import report_basename

SCENARIO_HASH_CHARS = 8


@dataclass(frozen=True)
class Job:
    """One report of a batch: its file name and parameters, or the one-line reason it cannot run."""

    name: str  # file stem inside the batch folder: only [a-z0-9-]
    origin: str  # where the pair was asked for, e.g. "pairs.csv, line 4"
    model_a: str  # as written
    model_b: str
    parameters: dict | None = None  # the notebook's parameters (None when invalid)
    key: str = ""  # report_key of the parameters (empty when invalid)
    error: str = ""

    @property
    def valid(self) -> bool:
        """Whether the report can run."""
        return not self.error


def batch_jobs(
    rows: Sequence[PairRow],
    *,
    scenario_options: Mapping[str, object] | None = None,
    catalog_path: str | os.PathLike | None = None,
    inputs: Mapping[str, str],
    formats: tuple[str, ...],
    pdf: tuple[str, str],
) -> list[Job]:
    """One job per row, in order: a row's scenario columns override ``scenario_options``.

    When any row has scenario columns, each name ends with a short hash of its scenario, so
    one pair under two scenarios gets two reports. A row asking again for a report an earlier
    row asked for (same pair, same scenario) fails, naming the earlier row.
    """
    with_scenarios = any(row.scenario for row in rows)
    jobs: list[Job] = []
    first: dict[str, Job] = {}
    for row in rows:
        job = row_job(row, scenario_options or {}, catalog_path, with_scenarios)
        if job.valid:
            job = replace(job, key=report_key(inputs, job.parameters, formats, pdf))
            earlier = first.setdefault(job.name, job)
            if earlier is not job:
                job = failed_job(row, job.name, f"same pair and scenario as {earlier.origin}")
        jobs.append(job)
    return jobs


def row_job(row: PairRow, options: Mapping[str, object], catalog_path, with_scenarios: bool) -> Job:
    """The job for one row: resolved parameters and name, or the error that stops it."""
    values = {**{k: v for k, v in options.items() if v not in (None, "")}, **row.scenario}
    suffix = f"-{short_hash(values)}" if with_scenarios else ""
    try:
        chosen = scenario_from_options(values)
        parameters = pair_parameters(row.model_a, row.model_b, chosen, catalog_path)
    except UserError as e:
        return failed_job(row, report_basename(row.model_a, row.model_b) + suffix, str(e))
    if with_scenarios:
        suffix = f"-{short_hash(parameters['scenario'])}"
    name = report_basename(parameters["model_a"], parameters["model_b"]) + suffix
    return Job(name, row.origin, row.model_a, row.model_b, parameters)


def failed_job(row: PairRow, name: str, error: str) -> Job:
    """A job that will not run, with its one-line error."""
    return Job(name, row.origin, row.model_a, row.model_b, error=" ".join(error.split()))


def short_hash(value: object) -> str:
    """A few hex digits identifying a JSON-like value."""
    return sha256_hex(json.dumps(value, sort_keys=True, default=str).encode())[:SCENARIO_HASH_CHARS]
