"""Resolve what a user types (a name, an id, a provider's id) to one catalog model id.

Tried in order, the first that names models wins:

1. a catalog id as written;
2. an alias (catalog.names keys of ids, names, provider ids, Hugging Face repos), as typed,
   without a provider or lab prefix, and without a variant;
3. the identity key (catalog.names: word order, dates, ``-latest``, ``gpt5`` = ``gpt-5``),
   first with ``-instruct``/``-it`` kept, then without: "Claude 4.5 Sonnet",
   "meta-llama/Llama-3.1-70B-Instruct";
4. the identity key of a model name without its family word: "Sonnet 4.5" is
   ``claude-sonnet-4-5``.

Several models for one form are an error naming them, unless exactly one is spelled that way
(an undated id before its reviewed dated checkpoint: "R1 DeepSeek" is ``deepseek-r1``).
"""

from __future__ import annotations

import difflib
from typing import TYPE_CHECKING

from analysis.catalog.names import identity_key, key, named_exactly, split_variant
from analysis.errors import ResolveError

if TYPE_CHECKING:  # the store loads pandas: only when a catalog is loaded
    from analysis.catalog.store import Catalog


def resolve(name: str, catalog: Catalog | None = None) -> str:
    """The model id ``name`` names; ResolveError (with suggestions) when none or several do."""
    if catalog is None:
        from analysis.catalog.store import default

        catalog = default()
    text = str(name).strip()
    if not text:
        raise ResolveError("model name is empty; expected a catalog id such as 'stepfun/step-3.5-flash'")
    if text in catalog.model_index.index:
        return text
    for candidate in candidate_keys(text, catalog):
        found = catalog.alias_index.get(candidate, ())
        exact = named_exactly(candidate, found)
        if len(found) == 1 or len(exact) == 1:
            return (exact or found)[0]
        if found:
            raise ambiguous(text, found)
    for index, k in (
        (identity_index(catalog, roles=True), identity_key(text, roles=True)),
        (identity_index(catalog), identity_key(text)),
        (family_index(catalog), identity_key(text)),
    ):
        found = index.get(k, ())
        undated = [m for m in found if not split_variant(m)[1]]
        if len(found) == 1 or len(undated) == 1:
            return (undated or found)[0]
        if found:
            raise ambiguous(text, found)
    hint = suggestions(text, catalog)
    tail = (
        f"; did you mean {', '.join(hint)}?"
        if hint
        else "; `llm-report catalog list --search TEXT` lists models"
    )
    raise ResolveError(f"unknown model {text!r}{tail}")


def ambiguous(text: str, found) -> ResolveError:
    """The one-line error for a name several models answer to."""
    return ResolveError(
        f"model name {text!r} is ambiguous: it names {', '.join(found)}; use one of these ids"
    )


def candidate_keys(text: str, catalog: Catalog) -> list[str]:
    """Keys to look up, most specific first: as typed, without a provider prefix, without a variant."""
    providers = set(catalog.providers["provider"])
    out = []
    for form in (text, split_variant(text)[0]):
        k = key(form)
        out.append(k)
        head, _, rest = k.partition("/")
        if rest and head in providers:
            out.append(rest)
    return list(dict.fromkeys(out))


def identity_index(catalog: Catalog, roles: bool = False) -> dict[str, tuple[str, ...]]:
    """Identity key of every alias (``-instruct``/``-it`` kept when ``roles``) → the model ids."""

    def make() -> dict[str, tuple[str, ...]]:
        index: dict[str, set[str]] = {}
        for alias, model_ids in catalog.alias_index.items():
            index.setdefault(identity_key(alias, roles=roles), set()).update(model_ids)
        return {k: tuple(sorted(v)) for k, v in index.items() if k}

    return catalog.memo(("resolve", "identity", roles), make)


def family_index(catalog: Catalog) -> dict[str, tuple[str, ...]]:
    """Identity key of every model name without its first word (``claude``, ``gpt``) → ids."""

    def make() -> dict[str, tuple[str, ...]]:
        index: dict[str, set[str]] = {}
        for model_id in catalog.models["model_id"]:
            _, _, rest = key(model_id.split("/", 1)[-1]).partition("-")
            if rest:
                index.setdefault(identity_key(rest), set()).add(model_id)
        return {k: tuple(sorted(v)) for k, v in index.items() if k}

    return catalog.memo(("resolve", "family"), make)


def suggestions(text: str, catalog: Catalog, n: int = 5) -> list[str]:
    """Up to ``n`` model ids whose names are closest to ``text`` (for error messages only)."""
    k = key(text)
    keys = list(catalog.alias_index)
    close = difflib.get_close_matches(k, keys, n=n * 3, cutoff=0.6)
    close += [c for c in keys if k and k in c][: n * 3]
    ids = [model_id for c in close for model_id in catalog.alias_index[c]]
    return list(dict.fromkeys(ids))[:n]
