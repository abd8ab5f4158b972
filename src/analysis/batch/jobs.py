"""The reports of a batch: each requested pair made a request, named and keyed before any kernel starts."""

from __future__ import annotations

import functools
import json
import os
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from analysis.batch.keys import report_key, sha256_hex
from analysis.batch.pairs import PairRow
from analysis.errors import UserError
from analysis.report.paths import report_basename
from analysis.request import pair_request, request_terms

FAILED_DIGEST_CHARS = 10


@dataclass(frozen=True)
class Job:
    """One report of a batch: its file name and parameters, or the one-line reason it cannot run."""

    name: str  # file stem inside the batch folder: only [a-z0-9-]
    origin: str  # where the pair was asked for, e.g. "pairs.csv, line 4"
    model_a: str  # as written
    model_b: str
    parameters: dict | None = None  # the request's notebook parameters (None when invalid)
    key: str = ""  # report_key of the parameters (empty when invalid)
    error: str = ""

    @property
    def valid(self) -> bool:
        """Whether the report can run."""
        return not self.error


def batch_jobs(
    rows: Sequence[PairRow],
    *,
    options: Mapping[str, object] | None = None,
    catalog_path: str | os.PathLike | None = None,
    inputs: Mapping[str, str],
    formats: tuple[str, ...],
    pdf: tuple[str, str],
    since: Path | None = None,
) -> list[Job]:
    """One job per row, in order: a row's option columns override ``options``.

    ``since``, an earlier batch folder, gives each pair its report there (``earlier_report``)
    to say what changed since.

    ``options`` are decoded once; when no row overrides them, bad ones fail the whole batch
    (ParameterError) before anything starts. A row asking again for a report an earlier row
    asked for (same pair, scenario, route policy and catalog) fails, naming the earlier row.
    """
    options = {k: v for k, v in (options or {}).items() if v not in (None, "")}
    shared = functools.cache(lambda: request_terms(options))
    if not any(row.options for row in rows):
        shared()
    jobs: list[Job] = []
    first: dict[str, Job] = {}
    for row in rows:
        job = row_job(row, options, shared, catalog_path, since)
        if job.valid:
            job = replace(job, key=report_key(inputs, job.parameters, formats, pdf))
            earlier = first.setdefault(job.name, job)
            if earlier is not job:
                job = failed_job(row, job.name, f"same pair, scenario and route policy as {earlier.origin}")
        jobs.append(job)
    return jobs


def row_job(row: PairRow, options: Mapping[str, object], shared, catalog_path, since: Path | None) -> Job:
    """The job for one row: its request's parameters and name, or the error that stops it."""
    try:
        chosen, policy = request_terms({**options, **row.options}) if row.options else shared()
        request = pair_request(row.model_a, row.model_b, chosen, policy, catalog_path)
        if since is not None:
            request = replace(request, since=earlier_report(since, request.a, request.b, request.digest))
    except UserError as e:
        return failed_job(row, failed_name(row, options), str(e))
    name = report_basename(request.a, request.b, request.digest)
    return Job(name, row.origin, row.model_a, row.model_b, request.parameters())


def earlier_report(folder: Path, a: str, b: str, digest: str) -> str | None:
    """The pair's executed notebook in an earlier batch ``folder``: the one with the same name,
    else the newest of the pair; None when the folder has none."""
    same = folder / f"{report_basename(a, b, digest)}.ipynb"
    if same.is_file():
        return str(same.resolve())
    stem = report_basename(a, b, digest).removesuffix(digest)
    found = sorted(folder.glob(f"{stem}*.ipynb"), key=lambda p: (p.stat().st_mtime, p.name))
    return str(found[-1].resolve()) if found else None


def failed_job(row: PairRow, name: str, error: str) -> Job:
    """A job that will not run, with its one-line error."""
    return Job(name, row.origin, row.model_a, row.model_b, error=" ".join(error.split()))


def failed_name(row: PairRow, options: Mapping[str, object]) -> str:
    """A name for a row that cannot run: its names as written and a hash of what it asked."""
    asked = json.dumps([row.model_a, row.model_b, {**options, **row.options}], sort_keys=True, default=str)
    digest = sha256_hex(asked.encode())[:FAILED_DIGEST_CHARS]
    return report_basename(row.model_a, row.model_b, digest)
