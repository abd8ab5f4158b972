"""What a report's files depend on: the batch's inputs as hashes, and one key per report.

A report is redone when its key changes: the catalog's content hash, its parameters, the
notebook's bytes, the report template's bytes, the package version, the formats or page size.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Mapping
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

from analysis.catalog.store import catalog_at

DISTRIBUTION = "llm-pair-reports"


def sha256_hex(data: bytes) -> str:
    """The SHA-256 of ``data`` in hex."""
    return hashlib.sha256(data).hexdigest()


def folder_sha256(folder: Path) -> str:
    """One SHA-256 over every file in ``folder``: relative paths and bytes, in sorted order."""
    digest = hashlib.sha256()
    for path in sorted(p for p in Path(folder).rglob("*") if p.is_file()):
        digest.update(path.relative_to(folder).as_posix().encode() + b"\0")
        digest.update(sha256_hex(path.read_bytes()).encode())
    return digest.hexdigest()


def package_version() -> str:
    """This package's installed version ("unknown" when it is not installed)."""
    try:
        return version(DISTRIBUTION)
    except PackageNotFoundError:
        return "unknown"


def catalog_hash(catalog_path: str | os.PathLike | None) -> str:
    """The content hash in the manifest of the catalog reports read."""
    return catalog_at(catalog_path).manifest.get("content_hash", "")


def batch_inputs(notebook: Path, catalog_path: str | os.PathLike | None) -> dict[str, str]:
    """The inputs every report of a batch shares, as hashes and versions."""
    from analysis.report.export import TEMPLATES

    return {
        "catalog_hash": catalog_hash(catalog_path),
        "notebook_sha256": sha256_hex(Path(notebook).read_bytes()),
        "templates_sha256": folder_sha256(TEMPLATES),
        "package_version": package_version(),
    }


def report_key(
    inputs: Mapping[str, str], parameters: Mapping, formats: tuple[str, ...], pdf: tuple[str, str]
) -> str:
    """The hash of everything one report's files depend on; ``pdf`` is (page size, PDF engine)."""
    everything = {
        "inputs": dict(inputs),
        "parameters": parameters,
        "formats": sorted(formats),
        "page_size": pdf[0],
        "pdf_engine": pdf[1],
    }
    return sha256_hex(json.dumps(everything, sort_keys=True).encode())
