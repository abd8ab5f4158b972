"""A catalog named on the command line: a folder, or a git revision of the project's data/catalog."""

from __future__ import annotations

import subprocess
import tempfile
from pathlib import Path

from analysis.catalog import schema
from analysis.catalog.store import DEFAULT_PATH, Catalog, load
from analysis.errors import CatalogError


def catalog_named(spec: str, repo_catalog: Path = DEFAULT_PATH) -> Catalog:
    """The catalog in folder ``spec``, else the one git revision ``spec`` holds in data/catalog."""
    path = Path(spec)
    if path.is_dir():
        return load(path, lenient=True)
    repo = repo_catalog.parent.parent
    folder = repo_catalog.relative_to(repo).as_posix()
    with tempfile.TemporaryDirectory(prefix="llm-report-catalog-") as tmp:
        for name in ["manifest", *schema.TABLES]:
            file = f"{name}.json" if name == "manifest" else f"{name}.csv"
            data = git_show(repo, spec, f"{folder}/{file}")
            if data is None:
                if name == "manifest":
                    raise CatalogError(
                        f"{spec!r} is neither a catalog folder nor a git revision holding "
                        f"{folder}/{schema.MANIFEST}; expected a folder or a revision such as HEAD~1"
                    )
                continue  # a table that revision's schema did not have: read as empty
            (Path(tmp) / file).write_bytes(data)
        for name in schema.TABLES:
            if not (Path(tmp) / f"{name}.csv").exists():
                (Path(tmp) / f"{name}.csv").write_text(",".join(schema.TABLES[name]) + "\n")
        return load(tmp, lenient=True)


def git_show(repo: Path, revision: str, path: str) -> bytes | None:
    """The bytes of ``path`` at ``revision`` in ``repo``, or None when git has no such file."""
    if revision.startswith("-"):
        return None  # never an option to git
    try:
        done = subprocess.run(
            ["git", "-C", str(repo), "show", f"{revision}:{path}"],
            capture_output=True,
            check=False,
            timeout=60,
        )
    except (OSError, subprocess.TimeoutExpired):
        return None
    return done.stdout if done.returncode == 0 else None
