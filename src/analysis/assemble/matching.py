"""Aliases of every model, and matching names from fact sheets and benchmarks to models.

Alias rules (each alias is a key, see catalog.names): the model id, its name part, its display
name(s), every id a source uses for it, its Hugging Face repo, the names a ``merge`` row of
data/curated/identity.csv joins to it (a scoped row: only names no unscoped row joins), and
data/curated/aliases.csv.
A name matches a model when one of its keys is an alias of exactly one model, or of several of
which one is spelled that way (catalog.names.named_exactly, or the same identity key without
the lab's name as a prefix); tried in order: the name, the name without a variant,
``<lab>/<name>`` when the source names the lab, and the name without a trailing
reasoning-effort or thinking-budget setting (``-high``, ``_32K``, ``-thinking``), which
benchmark sources append. When no key is an alias at all, the same forms are tried by identity
key (catalog.names: word order, dates), keeping ``-instruct``/``-it``: benchmark sources score
base weights under the plain name. A fact sheet's name that a ``merge`` row scoped to that
sheet's source takes (Epoch AI's "Mistral Large") is that row's model. No fuzzy matching: the
rest is reported.
"""

from __future__ import annotations

import re
from collections import defaultdict

from analysis.assemble.curated import Curated
from analysis.assemble.facts import provenance
from analysis.assemble.identity import Placed, Rules, kept, reviewed
from analysis.catalog.names import identity_key, key, named_exactly, split_variant
from analysis.sources.records import BenchmarkScore

_SETTING = re.compile(
    r"(?:[-_ ]\(?(?:x?high|medium|low|minimal|max|none|thinking|non-?thinking|no-?thinking|reasoning|"
    r"non-?reasoning|\d+k|\d+k?-thinking|high-effort|medium-effort|low-effort)\)?)$",
    re.IGNORECASE,
)


def alias_rows(placed: list[Placed], chosen: dict, curated: Curated) -> list[dict]:
    """Rows of the aliases table, one per (alias, model)."""
    seen: dict[tuple[str, str], str] = {}
    rows = reviewed(curated)
    keep = kept(rows)

    def add(alias: str, model_id: str, rule: str) -> None:
        k = key(alias)
        if k:
            seen.setdefault((k, model_id), rule)

    for p in sorted(placed, key=lambda p: (p.model_id, p.rank, p.record.prov.locator)):
        if not p.model_id:
            continue
        add(p.model_id, p.model_id, "id")
        add(p.model_id.split("/", 1)[1], p.model_id, "model name")
        add(p.record.source_model_id, p.model_id, f"{p.record.prov.source} id")
        add(split_variant(p.record.source_model_id, keep)[0], p.model_id, f"{p.record.prov.source} id")
        hf = p.record.fields.get("hugging_face_id")
        if hf:
            add(str(hf), p.model_id, "hugging face id")
    for (model_id, kind, field), o in sorted(chosen.items()):
        if kind == "field" and field == "name":
            add(o.value, model_id, "display name")
            add(o.value.split(": ", 1)[-1], model_id, "display name")
    placed_ids = {p.model_id for p in placed}
    scopes = [r["providers"] for r in curated.rows("identity.csv")]
    merges = [(ids, scope) for (kind, _, ids), scope in zip(rows, scopes, strict=True) if kind == "merge"]
    everywhere = {name for ids, scope in merges if not scope for name in ids}
    for ids, scope in merges:
        for name in ids[1:] if ids[0] in placed_ids else ():
            if scope and name in everywhere:
                continue  # the unscoped row's model; the scoped row takes it at its providers only
            add(name, ids[0], "identity merge")
            add(name.split("/", 1)[1], ids[0], "identity merge")
    for row in curated.rows("aliases.csv"):
        add(row["alias"], row["model_id"], "curated")
    rows = [{"alias": a, "model_id": m, "rule": r} for (a, m), r in seen.items()]
    return sorted(rows, key=lambda r: (r["alias"], r["model_id"]))


class Matcher:
    """Match names from sources that do not create models (fact sheets, benchmarks)."""

    def __init__(self, aliases: list[dict], rules: Rules) -> None:
        index: dict[str, set[str]] = defaultdict(set)
        for row in aliases:
            index[row["alias"]].add(row["model_id"])
        self.index = index
        self.rules = rules
        self.identity: dict[str, set[str]] = defaultdict(set)
        for alias, model_ids in index.items():
            self.identity[self.identity_key(alias)] |= model_ids

    def match(self, name: str, lab: str = "", source: str = "") -> tuple[str, str]:
        """(model id, "") for a name that matches one model; ("", reason) otherwise. A name a
        scoped ``merge`` row takes for ``source`` (a fact sheet's) is that row's model."""
        group = self.rules.group(f"{self.rules.lab(lab)}/{name}") if source and lab else None
        if scoped := self.rules.merged_for.get((group, source)):
            return scoped, ""
        ambiguous: set[str] = set()
        candidates = self.candidates(name, lab)
        for index, keyed in ((self.index, str), (self.identity, self.identity_key)):
            for candidate in candidates:
                found = index.get(keyed(candidate), set())
                if model_id := self.one(candidate, found):
                    return model_id, ""
                ambiguous |= found
            if ambiguous:
                return "", "ambiguous: " + ", ".join(sorted(ambiguous))
        return "", "no alias matches"

    def identity_key(self, candidate: str) -> str:
        """The identity key of a candidate key, role words kept: benchmarks name base weights."""
        return identity_key(candidate, self.rules.keep, roles=True)

    def one(self, candidate: str, found: set[str]) -> str:
        """The one model of ``found`` the candidate names, or ""."""
        exact = named_exactly(candidate, found)
        if len(found) == 1 or len(exact) == 1:
            return (exact or list(found))[0]
        last = candidate.rsplit("/", 1)[-1]
        same = [m for m in found if self.rules.group(m) == self.rules.group(f"{m.split('/')[0]}/{last}")]
        return same[0] if len(same) == 1 else ""

    def candidates(self, name: str, lab: str) -> list[str]:
        """Keys to try for a name, most specific first."""
        forms = [name, split_variant(name)[0]]
        stripped = forms[-1]
        while (m := _SETTING.search(stripped)) and m.start() > 0:
            stripped = stripped[: m.start()]
            forms.append(stripped)
        if lab:
            forms = [f for form in forms for f in (form, f"{self.rules.lab(lab)}/{form}")]
        return list(dict.fromkeys(key(f) for f in forms if f))

    def benchmark_rows(self, scores: list[BenchmarkScore]) -> tuple[list[dict], list[dict]]:
        """Rows of the benchmarks table for matched scores, and unmatched rows (one per name)."""
        rows, unmatched = [], {}
        for s in scores:
            model_id, reason = self.match(s.model_name, s.lab)
            if not model_id:
                unmatched[(s.prov.source, s.model_name)] = reason
                continue
            rows.append(
                {
                    "model_id": model_id,
                    "benchmark": s.benchmark,
                    "variant": s.variant,
                    "score": s.score,
                    "unit": s.unit,
                    "date": s.date,
                    "self_reported": s.self_reported,
                    "raw_name": s.model_name,
                    **provenance(s.prov),
                    "url": s.source_url or s.prov.url,
                }
            )
        rows.sort(
            key=lambda r: (
                r["model_id"],
                r["benchmark"],
                r["variant"],
                r["source"],
                r["date"],
                r["raw_name"],
            )
        )
        missing = [
            {"source": source, "raw_name": name, "provider": "", "reason": reason}
            for (source, name), reason in sorted(unmatched.items())
        ]
        return rows, missing
