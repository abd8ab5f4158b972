"""Catalog text made fit to show: control characters written as visible escapes."""

from __future__ import annotations

import re

# Control characters (C0 but tab, newline, form feed, carriage return; DEL; C1).
CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f]")


def visible_controls(text: str) -> str:
    """``text`` with each control character written as its escape (``\\x07``)."""
    return CONTROL.sub(lambda m: f"\\x{ord(m.group()):02x}", text)
