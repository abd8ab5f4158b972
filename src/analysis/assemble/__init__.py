"""Build the catalog: identity, precedence, conflicts, overlay, validation; writes data/catalog."""

from analysis.assemble.assemble import CURATED_DIR, RAW_DIR, build

__all__ = ["CURATED_DIR", "RAW_DIR", "build"]
