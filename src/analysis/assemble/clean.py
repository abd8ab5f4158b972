"""Values a source gives that break a catalog rule are kept out, and listed as rejected.

Rules: a token limit must be a positive integer (models.dev writes 0 for "not applicable");
a record's output limit may not exceed its own context window.
"""

from __future__ import annotations

from collections.abc import Mapping

LIMITS = ("context_window", "max_input", "max_output")


def cleaned(fields: Mapping[str, object]) -> tuple[dict[str, object], list[tuple[str, object, str]]]:
    """(fields that pass the rules, [(field, value, reason)] for those that do not)."""
    out, rejected = dict(fields), []
    for name in LIMITS:
        value = out.get(name)
        if value is not None and (isinstance(value, bool) or not isinstance(value, int) or value <= 0):
            rejected.append((name, out.pop(name), "a token limit must be a positive integer"))
    context, output = out.get("context_window"), out.get("max_output")
    if context is not None and output is not None and output > context:
        rejected.append(
            ("max_output", out.pop("max_output"), f"exceeds the record's context window {context}")
        )
    return out, rejected
