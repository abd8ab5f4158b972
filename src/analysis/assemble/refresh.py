"""Import newer saved copies of upstream data as dated snapshots, rebuild, and report changes."""

from __future__ import annotations

import csv
import gzip
import io
import tarfile
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from analysis.assemble.assemble import build
from analysis.assemble.manifest import sha256
from analysis.assemble.snapshots import REGISTRY, importer
from analysis.assemble.validate import errors
from analysis.catalog.store import Catalog
from analysis.errors import CatalogError, SourceFormatError
from analysis.files import write_atomic
from analysis.sources.records import Snapshot


@dataclass(frozen=True)
class Saved:
    """A file (or folder) a user saved from an upstream source, to add as a snapshot."""

    source: str  # models.dev, openrouter, litellm
    path: Path


ORIGINS = {
    "models.dev": "saved by a user from https://models.dev",
    "openrouter": "saved by a user from https://openrouter.ai/api/v1/models",
    "litellm": "saved by a user from LiteLLM's model_prices_and_context_window.json",
}
LICENSES = {"models.dev": "MIT", "openrouter": "OpenRouter data; no explicit license", "litellm": "MIT"}


def snapshot_format(saved: Saved) -> tuple[str, str]:
    """(format, file suffix) of a saved copy: models.dev as a TOML folder/.tar.gz or api.json."""
    name = saved.path.name
    if saved.source == "models.dev":
        if saved.path.is_dir() or name.endswith(".tar.gz"):
            return "models.dev-toml", "tar.gz"
        return "models.dev-api-json", "api.json.gz"
    return {"openrouter": ("openrouter-json", "json.gz"), "litellm": ("litellm-json", "json.gz")}[
        saved.source
    ]


def snapshot_bytes(saved: Saved, suffix: str) -> bytes:
    """The bytes to store: a folder as a reproducible .tar.gz, a plain file gzipped."""
    if saved.path.is_dir():
        buffer = io.BytesIO()
        with (
            gzip.GzipFile(fileobj=buffer, mode="wb", mtime=0) as gz,
            tarfile.open(fileobj=gz, mode="w", format=tarfile.PAX_FORMAT) as tar,
        ):
            for p in sorted(saved.path.rglob("*.toml")):
                info = tarfile.TarInfo(p.relative_to(saved.path).as_posix())
                data = p.read_bytes()
                info.size = len(data)
                tar.addfile(info, io.BytesIO(data))
        return buffer.getvalue()
    data = saved.path.read_bytes()
    if suffix.endswith(".gz") and not saved.path.name.endswith(".gz"):
        return gzip.compress(data, mtime=0)
    return data


def refresh(
    saved: list[Saved], raw_dir: Path, curated_dir: Path, on: str | None = None
) -> tuple[Catalog, list[str]]:
    """Add each saved copy as a snapshot dated ``on`` (default today) and rebuild.

    Every saved copy is imported before anything is written, so a malformed file changes
    nothing. Returns the new catalog and the rows added to the registry; if the build or its
    validation fails, the new snapshots are removed again.
    """
    on = snapshot_date(on)
    staged = []
    for item in saved:
        if not item.path.exists():
            raise SourceFormatError(
                f"{item.path}: no such file or folder (--{item.source.replace('.', '-')})"
            )
        fmt, suffix = snapshot_format(item)
        list(importer(fmt, "models")(Snapshot(item.source, item.path, "check", on)))
        data = snapshot_bytes(item, suffix)
        digest = sha256(data)[:12]
        staged.append((item, fmt, raw_dir / item.source / f"{on}.saved-{digest}.{suffix}", data, digest))
    registry = raw_dir / REGISTRY
    before = registry.read_text(encoding="utf-8")
    rows = []
    for item, fmt, target, data, digest in staged:
        write_atomic(target, data)
        rows.append(
            [
                item.source,
                target.relative_to(raw_dir).as_posix(),
                fmt,
                f"saved-{digest}",
                on,
                on,
                ORIGINS[item.source],
                LICENSES[item.source],
            ]
        )
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(rows)
    write_atomic(registry, before + out.getvalue())
    try:
        catalog = build(raw_dir, curated_dir)
        problems = errors(catalog)
        if problems:
            raise CatalogError(
                f"the refreshed catalog fails validation: {problems[0]} ({len(problems)} error(s))"
            )
        return catalog, [",".join(r[:2]) for r in rows]
    except BaseException:
        write_atomic(registry, before)
        for _, _, target, _, _ in staged:
            target.unlink(missing_ok=True)
        raise


def snapshot_date(on: str | None) -> str:
    """The snapshot date: ``on`` if it is an ISO date, today if None."""
    if on is None:
        return date.today().isoformat()
    try:
        return date.fromisoformat(on).isoformat()
    except ValueError:
        raise SourceFormatError(f"--date {on!r} is not a date; expected YYYY-MM-DD") from None
