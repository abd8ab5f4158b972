"""Procurement facts: provider data policies and certifications, open-weights licenses.

The snapshot is a .tar.gz of the shared ``procurement`` folder: ``providers.csv`` (one row per
provider and field: value, source URL, verbatim quote, page date, date read) and ``licenses.csv``
(one row per open-weights family: license, SPDX id, commercial use, conditions, URL, quote). A
field without a row, or an empty value, was not found: it stays unknown, never "no".
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from analysis.sources.records import Provenance, Snapshot
from analysis.sources.snapshot_files import csv_records, fail, iso_date, member, tree

PROVIDERS, LICENSES = "providers.csv", "licenses.csv"
# Policy fields the providers file may give, and what each means.
POLICY_FIELDS = {
    "trains_on_api_data_by_default": "the provider trains on API inputs and outputs by default",
    "api_data_retention_days": "how long API inputs and outputs are kept",
    "zero_data_retention_available": "zero data retention can be had",
    "soc2_type2": "a SOC 2 Type II report covers the API",
    "iso27001": "an ISO/IEC 27001 certificate covers the API",
    "hipaa_baa_available": "the provider signs a HIPAA business associate agreement",
    "gdpr_dpa_available": "the provider offers a GDPR data processing agreement",
    "data_residency_regions": "where data is processed or stored",
    "headquarters_country": "the provider's home country",
    "terms_url": "the terms of service",
    "trust_center_url": "the trust center",
}
COMMERCIAL_USE = ("yes", "yes with conditions", "no")
_PROVIDER_COLUMNS = ("provider", "field", "value", "source_url", "quote", "page_date", "retrieved")
_LICENSE_COLUMNS = (
    "model_family",
    "hugging_face_repo",
    "license_name",
    "spdx_id",
    "commercial_use",
    "conditions",
    "source_url",
    "quote",
    "retrieved",
)


@dataclass(frozen=True, slots=True)
class PolicyRecord:
    """One provider fact: its value, the page it was read on, a verbatim quote and dates."""

    provider: str  # models.dev provider id
    field: str  # one of POLICY_FIELDS
    value: str
    quote: str
    page_date: str  # the date the page shows ("" = none shown)
    retrieved: str  # the date the page was read
    prov: Provenance  # prov.url is the page


@dataclass(frozen=True, slots=True)
class LicenseRecord:
    """The license of one open-weights family, with the page it was read on and a quote."""

    family: str
    hugging_face_repo: str
    license_name: str
    spdx_id: str
    commercial_use: str  # one of COMMERCIAL_USE, "" = the source does not settle it
    conditions: str
    quote: str
    retrieved: str
    prov: Provenance


def policy_records(snapshot: Snapshot) -> Iterator[PolicyRecord]:
    """Every provider fact with a value, in file order."""
    name, data = _file(snapshot, PROVIDERS)
    for line, row in csv_records(name, data, _PROVIDER_COLUMNS):
        where = f"{name}: line {line}"
        if row["field"] not in POLICY_FIELDS:
            fail(f"{where} column field", f"one of {', '.join(POLICY_FIELDS)}", row["field"])
        if not row["value"].strip():
            continue
        _check_cited(where, row)
        yield PolicyRecord(
            provider=row["provider"].strip(),
            field=row["field"],
            value=row["value"].strip(),
            quote=row["quote"].strip(),
            page_date=_date(where, row, "page_date"),
            retrieved=_date(where, row, "retrieved"),
            prov=snapshot.prov(f"{PROVIDERS} line {line}", row["source_url"].strip()),
        )


def license_records(snapshot: Snapshot) -> Iterator[LicenseRecord]:
    """Every family's license, in file order."""
    name, data = _file(snapshot, LICENSES)
    for line, row in csv_records(name, data, _LICENSE_COLUMNS):
        where = f"{name}: line {line}"
        use = row["commercial_use"].strip()
        if use and use not in COMMERCIAL_USE:
            fail(f"{where} column commercial_use", f"one of {', '.join(COMMERCIAL_USE)} or empty", use)
        _check_cited(where, row)
        yield LicenseRecord(
            family=row["model_family"].strip(),
            hugging_face_repo=row["hugging_face_repo"].strip(),
            license_name=row["license_name"].strip(),
            spdx_id=row["spdx_id"].strip(),
            commercial_use=use,
            conditions=row["conditions"].strip(),
            quote=row["quote"].strip(),
            retrieved=_date(where, row, "retrieved"),
            prov=snapshot.prov(f"{LICENSES} line {line}", row["source_url"].strip()),
        )


def _file(snapshot: Snapshot, path: str) -> tuple[str, bytes]:
    files = tree(snapshot)
    name = member(snapshot, path)
    if path not in files:
        fail(name, "this file in the snapshot", "none")
    return name, files[path]


def _check_cited(where: str, row: dict[str, str]) -> None:
    """A fact must name an http(s) page and quote it."""
    if not row["source_url"].strip().startswith(("https://", "http://")):
        fail(f"{where} column source_url", "an http(s) URL", row["source_url"])
    if not row["quote"].strip():
        fail(f"{where} column quote", "a verbatim quote from the page", row["quote"])


def _date(where: str, row: dict[str, str], column: str) -> str:
    text = row.get(column, "").strip()
    return iso_date(text, f"{where} column {column}") if text else ""
