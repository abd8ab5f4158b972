"""The catalog manifest: content hash, as-of date, and the snapshot behind every source."""

from __future__ import annotations

import hashlib

from analysis.catalog import schema
from analysis.catalog.store import Catalog, table_text
from analysis.sources.records import Snapshot

SCHEMA_VERSION = 1


def manifest(catalog: Catalog, snapshots: list[tuple[dict, Snapshot]], as_of: str) -> dict:
    """The manifest of a built catalog (no timestamps: the same inputs give the same manifest)."""
    tables = {}
    for name in schema.TABLES:
        text = table_text(getattr(catalog, name))
        tables[name] = {"rows": len(getattr(catalog, name)), "sha256": sha256(text.encode())}
    content = sha256("".join(f"{n}:{t['sha256']}\n" for n, t in tables.items()).encode())
    sources = [
        {
            "source": row["source"],
            "version": row["version"],
            "as_of": row["as_of"],
            "file": row["file"],
            "sha256": sha256(snap.path.read_bytes()),
            "origin": row["origin"],
            "license": row["license"],
        }
        for row, snap in snapshots
    ]
    return {
        "schema_version": SCHEMA_VERSION,
        "as_of": as_of,
        "content_hash": content,
        "tables": tables,
        "sources": sorted(sources, key=lambda s: s["source"]),
    }


def sha256(data: bytes) -> str:
    """Hex SHA-256 of bytes."""
    return hashlib.sha256(data).hexdigest()
