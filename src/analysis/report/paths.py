"""Safe, deterministic output names for a pair's report files."""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from analysis.errors import ParameterError

SLUG_MAX = 40
HASH_CHARS = 10


def id_slug(model_id: str) -> str:
    """Lowercase ASCII letters, digits and single dashes from a model id; "model" if none."""
    ascii_text = unicodedata.normalize("NFKD", model_id).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    return slug[:SLUG_MAX].rstrip("-") or "model"


def pair_hash(model_a_id: str, model_b_id: str) -> str:
    """A short hash of the exact, ordered pair of ids."""
    digest = hashlib.sha256(f"{model_a_id}\0{model_b_id}".encode()).hexdigest()
    return digest[:HASH_CHARS]


def report_basename(model_a_id: str, model_b_id: str) -> str:
    """A file stem like ``gpt-4o-vs-claude-sonnet-4-1a2b3c4d5e`` for the ordered pair.

    Only ``[a-z0-9-]``, never empty, never a path or a reserved device name (the hash suffix
    sees to that), at most 95 characters; distinct pairs differ in the hash of the exact ids.
    """
    for model_id in (model_a_id, model_b_id):
        if not isinstance(model_id, str) or not model_id.strip():
            raise ParameterError(f"a model id must be a non-empty string, got {model_id!r}")
    slugs = f"{id_slug(model_a_id)}-vs-{id_slug(model_b_id)}"
    return f"{slugs}-{pair_hash(model_a_id, model_b_id)}"


@dataclass(frozen=True)
class ReportPaths:
    """Where one report's files go: the executed notebook sits beside the HTML and PDF."""

    ipynb: Path
    html: Path
    pdf: Path
    xlsx: Path
    json: Path


def report_paths(out_dir: Path, basename: str) -> ReportPaths:
    """The files of a report named ``basename`` inside ``out_dir``."""
    if Path(basename).name != basename or basename in {"", ".", ".."}:
        raise ParameterError(f"a report name must be a plain file name, got {basename!r}")
    out_dir = Path(out_dir)
    return ReportPaths(
        ipynb=out_dir / f"{basename}.ipynb",
        html=out_dir / f"{basename}.html",
        pdf=out_dir / f"{basename}.pdf",
        xlsx=out_dir / f"{basename}.xlsx",
        json=out_dir / f"{basename}.json",
    )
