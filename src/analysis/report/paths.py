"""Safe, deterministic output names for a pair's report files."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from analysis.errors import ParameterError

SLUG_MAX = 40
DIGEST = re.compile(r"[0-9a-f]{8,16}")


def id_slug(model_id: str) -> str:
    """Lowercase ASCII letters, digits and single dashes from a model id; "model" if none."""
    ascii_text = unicodedata.normalize("NFKD", model_id).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    return slug[:SLUG_MAX].rstrip("-") or "model"


def report_basename(model_a_id: str, model_b_id: str, digest: str) -> str:
    """A file stem like ``gpt-4o-vs-claude-sonnet-4-1a2b3c4d5e`` for the ordered pair.

    ``digest`` (see ``PairRequest.digest``) tells reports of one pair apart: a hash of the ids,
    scenario, route policy and catalog. Only ``[a-z0-9-]``, never empty, never a path or a
    reserved device name (the hash suffix sees to that), at most 95 characters.
    """
    for model_id in (model_a_id, model_b_id):
        if not isinstance(model_id, str) or not model_id.strip():
            raise ParameterError(f"a model id must be a non-empty string, got {model_id!r}")
    if not DIGEST.fullmatch(digest):
        raise ParameterError(f"a report digest must be 8 to 16 hex digits, got {digest!r}")
    return f"{id_slug(model_a_id)}-vs-{id_slug(model_b_id)}-{digest}"


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
