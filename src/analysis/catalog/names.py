"""Name rules shared by the build (identity) and by resolve: keys, variants, identity keys.

A *key* is the spelling-insensitive form of a name: lowercase, spaces and underscores as "-",
"." as "-", so "Step 3.5 Flash", "step-3.5-flash" and "STEP_3_5_FLASH" share one key.

Variants split off a name (``split_variant``), last suffix first:

- ":free", ":thinking" and other ":tag" suffixes;
- snapshot dates in every upstream spelling: ``-2024-08-06``, ``@2024-08-06``, ``-20241022``,
  ``@20241022``, ``-250615`` (YYMMDD, read as 2025-06-15) and ``-0709`` (MMDD, kept as written);
  a four-digit suffix that is no month and day (``-2407``, ``-2603``) is a version, not a date;
- "-001"-style version suffixes (Google's);
- the aliases ``-latest`` and ``@latest`` (variant ``latest``: a route of what they point to at
  the catalog date) and ``@default`` (Vertex's name for the model itself: no variant).

An *identity key* is what two names of one model share (``identity_key``): the name without
its variants, "@" read as "-", a "p" between digits as a point (Fireworks' ``qwen2p5``), words
split where letters meet digits (``gpt5`` → gpt 5), a "v" before a version dropped (``v3``), the
words ``instruct`` and ``it`` dropped unless ``roles`` (the chat weights are what providers
serve; the build keeps them where one provider serves base and instruct weights apart), runs of
numbers read as one version (``4-5`` → 4.5), and the words in sorted order, so word order does
not matter (``claude-4.5-sonnet`` = ``claude-sonnet-4-5``). Names the curated identity file
lists are kept as written (the ``keep`` argument): a reviewed checkpoint such as
``deepseek-r1-0528`` is not a dated snapshot of ``deepseek-r1``.
"""

from __future__ import annotations

import re
from collections.abc import Container

_SEPARATORS = re.compile(r"[\s_.]+")
_DASHES = re.compile(r"-{2,}")
_TAG = re.compile(r":([a-z0-9-]+)$", re.IGNORECASE)
_DATE = re.compile(r"[-@](\d{4}-\d{2}-\d{2}|\d{8})$")
_MONTH_DAY = r"(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])"
_SHORT_DATE = re.compile(rf"[-@](2[3-9]{_MONTH_DAY}|{_MONTH_DAY})$")
_VERSION = re.compile(r"[-@](0\d\d)$")
_ALIAS = re.compile(r"[-@](latest)$|@default$", re.IGNORECASE)
_WORD = re.compile(r"[a-z]+|\d[a-z0-9]*")
_POINT = re.compile(r"(?<=\d)p(?=\d)")
_ROLE_WORDS = {"instruct", "it"}


def key(name: str) -> str:
    """The spelling-insensitive key of a name (segments kept apart by "/")."""
    parts = (_DASHES.sub("-", _SEPARATORS.sub("-", p.strip().lower())).strip("-") for p in name.split("/"))
    return "/".join(p for p in parts if p)


def literal_key(name: str) -> str:
    """The key of a name's last segment with "@" read as "-": how ``keep`` names are compared."""
    return key(name.rsplit("/", 1)[-1].replace("@", "-"))


def split_variant(model: str, keep: Container[str] = ()) -> tuple[str, str]:
    """(base, variant): ``gpt-4o-2024-08-06`` → (``gpt-4o``, ``2024-08-06``); ``x:free`` → (x, free).

    Peeling stops at a name whose ``literal_key`` is in ``keep``.
    """
    variants = []
    while literal_key(model) not in keep:
        if m := _TAG.search(model):
            variants.append(m.group(1).lower())
        elif (m := _DATE.search(model)) and m.start() > 0:
            digits = m.group(1).replace("-", "")
            variants.append(f"{digits[:4]}-{digits[4:6]}-{digits[6:]}")
        elif (m := _SHORT_DATE.search(model)) and m.start() > 0:
            digits = m.group(1)
            variants.append(f"20{digits[:2]}-{digits[2:4]}-{digits[4:]}" if len(digits) == 6 else digits)
        elif (m := _VERSION.search(model)) and m.start() > 0:
            variants.append(m.group(1))
        elif (m := _ALIAS.search(model)) and m.start() > 0:
            variants.extend(v.lower() for v in m.groups() if v)
        else:
            break
        model = model[: m.start()]
    return model, "+".join(reversed(variants))


def identity_key(name: str, keep: Container[str] = (), roles: bool = False) -> str:
    """What every name of one model shares: see the module docstring (``gpt5`` → ``5 gpt``)."""
    base = _POINT.sub("-", key(split_variant(name, keep)[0].rsplit("/", 1)[-1].replace("@", "-")))
    words = [w for part in base.split("-") for w in _WORD.findall(part) if w != "v"]
    words = [w for w in words if roles or w not in _ROLE_WORDS]
    merged: list[str] = []
    for i, word in enumerate(words):
        if word.isdigit() and i and words[i - 1].isdigit():
            merged[-1] += f".{word}"
        else:
            merged.append(word)
    return " ".join(sorted(merged))


def named_exactly(candidate: str, model_ids) -> list[str]:
    """The model ids whose id has the key ``candidate``, or whose model part has its last segment;
    failing that, those whose model part has its identity key.

    When a key is an alias of several models (a source id shared by a snapshot and its base
    model), the model spelled that way is the one meant.
    """
    last = candidate.rsplit("/", 1)[-1]
    exact = [m for m in model_ids if candidate == key(m) or last == key(m.split("/", 1)[-1])]
    return exact or [m for m in model_ids if identity_key(last) == identity_key(m.split("/", 1)[-1])]
