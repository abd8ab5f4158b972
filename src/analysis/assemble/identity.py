"""Identity: which canonical model (``<lab>/<model>``), variant and provider each record is.

Written rules, applied in order (no fuzzy matching):

1. Providers: a source's provider spelling maps to a provider id through
   data/curated/provider_aliases.csv, else to its key (``fireworks_ai`` → ``fireworks-ai``).
2. A record that names its base model (models.dev ``base_model``, the canonical files) is
   that model.
3. Otherwise the source's id is cleaned: the record's own provider as a leading segment
   (``openrouter/…`` from LiteLLM), ``accounts/<x>/models/``
   (Fireworks), namespace segments (``@cf/``), region segments and prefixes (``us-east-1/``,
   ``us.``), Bedrock's ``<lab>.`` prefix and ``-v1:0`` revision, Vertex's ``-maas`` suffix, and the name of a provider
   that is not a lab as a prefix when a model family follows (``databricks-claude-opus-4``).
4. Variants split off (catalog.names): ``:free``/``:thinking``/``:<tag>``, snapshot dates in
   every upstream spelling (``-0709``, ``-20241022``, ``@2024-08-06``, ``-250615``) and
   ``-latest``; ``@default`` is dropped. They become routes or variants of the model, never
   models of their own.
5. The lab, by the first rule that gives one: (a) the base model's lab, an ``<org>/`` segment
   or Bedrock prefix listed in data/curated/labs.csv, or the lab of a first-party provider
   (data/curated/providers.csv) unless a name prefix names another lab (then an ``<org>/``
   segment naming that provider's own lab does not count either); (b) the one lab that
   already has a model with the same identity key; (c) a name that starts with a listed lab and
   then a model of that lab (``openai-gpt-5`` → openai, ``gpt-5``); (d) a name prefix
   (data/curated/lab_prefixes.csv); (e) the ``<org>/`` segment as written. A record that none
   of these place is reported as unmatched, and so is an OpenRouter router alias
   (``~vendor/…``), which is not a model.
6. Records of one lab whose names share an identity key (catalog.names: word order, dates,
   aliases, ``-instruct``/``-it``) are one model, and so are names that differ only by the
   lab's name as a prefix (``meta-llama-3.1-70b`` = ``llama-3.1-70b``). Where one provider
   serves a name with and without ``-instruct``/``-it`` side by side, those are base and
   instruct weights and stay two models (``gpt-3.5-turbo`` and ``gpt-3.5-turbo-instruct`` at
   OpenAI).
7. data/curated/identity.csv holds the reviewed exceptions, each with its reason: ``merge``
   rows join names no rule joins (the first id is the model, the others its names:
   ``qwen3-235b`` is ``qwen3-235b-a22b``); ``distinct`` rows keep apart names the rules would
   join (``deepseek-r1-0528`` is a new checkpoint, not a snapshot of ``deepseek-r1``). A name
   the file lists is taken as written, never peeled. A ``merge`` row with ``providers`` covers
   those providers' own spellings of its names only (a record that is no provider's offer is
   named by its source, ``epoch-notable``): a ``-latest`` alias points where its own provider
   points it (Mistral's ``mistral-large-latest`` is Mistral Large 3; Azure's
   ``mistral-large-latest`` is peeled by rule 4 like any unreviewed alias), and one name may be
   one model at some providers and another elsewhere (the undated ``mistral-large`` is Mistral
   Large 24.02 at Azure and Snowflake, Mistral Large 2 at Mistral and OpenRouter). Such a row
   wins over an unscoped row that lists the same name.
8. A model's id is spelled as the identity file spells it, else as the highest-precedence
   record spells it (lowercase, without the lab's name as a prefix).
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from analysis.assemble import authority
from analysis.assemble.curated import Curated
from analysis.catalog.names import identity_key, key, literal_key, split_variant
from analysis.errors import CatalogError
from analysis.sources.records import ModelRecord

_ACCOUNTS = re.compile(r"^accounts/[^/]+/models/")
_REGION_SEGMENT = re.compile(r"^(?:[a-z]{2}(?:-[a-z]+)+-\d|us|eu|apac|global)/")
_REGION_PREFIX = re.compile(r"^(?:us|eu|apac|ap|jp|au|ca|in|global|regional|us-gov)\.")
_NAMESPACE = re.compile(r"^@|^models$")
_BEDROCK_LAB = re.compile(r"^([a-z0-9-]+)\.(?=[a-z])")
_BEDROCK_REVISION = re.compile(r"-v\d+(?::\d+)?$|:\d+$")
_VERTEX_MAAS = re.compile(r"-maas$", re.IGNORECASE)
_FIRST_WORD = re.compile(r"^[^\s_.-]+[\s_.-]+")

# Precedence of a record's spelling of its model id (rule 6): lower wins. Which record decides
# a model's facts is assemble/authority.py's ranking, kept in Placed.rank.
RANK_CANONICAL = 1
RANK_FIRST_PARTY = {"models.dev": 2, "genai-prices": 3, "litellm": 4}
RANK_OTHER = {"openrouter": 5, "models.dev": 6, "genai-prices": 7, "litellm": 8}
RANK_FACT_SHEET = 9


@dataclass(frozen=True, slots=True)
class Placed:
    """A record with its place in the catalog (model_id "" = unmatched, with a reason)."""

    record: ModelRecord
    model_id: str
    variant: str
    provider: str  # canonical provider id; "" for records that are not provider offers
    rank: int  # authority rank of the record's facts (assemble/authority.py)
    reason: str = ""


class Rules:
    """The curated spellings, as lookups."""

    def __init__(self, curated: Curated) -> None:
        self.provider_alias = {
            (r["source"], r["spelling"]): r["provider"] for r in curated.rows("provider_aliases.csv")
        }
        self.provider_kind = {r["provider"]: r["kind"] for r in curated.rows("providers.csv")}
        self.provider_lab = {
            r["provider"]: r["lab"]
            for r in curated.rows("providers.csv")
            if r["kind"] == "first_party" and r["lab"]
        }
        self.lab_spelling = {key(r["spelling"]): r["lab"] for r in curated.rows("labs.csv")}
        prefixes = curated.rows("lab_prefixes.csv")
        self.lab_prefixes = sorted(((key(r["prefix"]), r["lab"]) for r in prefixes), key=lambda p: -len(p[0]))
        self.reviewed = reviewed(curated)
        self.keep = kept(self.reviewed)
        self.scope = scoped(curated)
        self._keep_for: dict[str, set[str]] = {}
        distinct = [[self.group(i) for i in ids] for kind, _, ids in self.reviewed if kind == "distinct"]
        self.split = {g for groups in distinct for g in groups if groups.count(g) > 1}
        self.merged: dict[tuple[str, str], str] = {}
        self.merged_for: dict[tuple[tuple[str, str], str], str] = {}  # (group, provider) → model
        self.spelling: dict[tuple[str, str], str] = {}
        rows = [
            (*r, row["providers"].split())
            for r, row in zip(self.reviewed, curated.rows("identity.csv"), strict=True)
        ]
        # unscoped rows first: a name they list is theirs everywhere but at a scoped row's providers
        for kind, _, ids, providers in sorted(rows, key=lambda r: bool(r[3])):
            for model_id in ids:
                for group in {self.group(model_id, roles=True)} | ({self.group(model_id)} - self.split):
                    self.spelling.setdefault(group, ids[0] if kind == "merge" else model_id)
                    if kind == "merge" and not providers:
                        self.merged[group] = ids[0]
                    elif kind == "merge":
                        self.merged.setdefault(group, ids[0])
                        if model_id != ids[0]:
                            self.merged_for |= {(group, p): ids[0] for p in providers}

    def keep_for(self, provider: str) -> set[str]:
        """The names taken as written in ``provider``'s own ids: rule 7's, less the names of
        ``merge`` rows scoped to other providers."""
        if provider not in self._keep_for:
            self._keep_for[provider] = self.keep - {k for k, ps in self.scope.items() if provider not in ps}
        return self._keep_for[provider]

    def group(self, model_id: str, roles: bool = False) -> tuple[str, str]:
        """(lab, identity key) of a ``<lab>/<model>`` id."""
        lab, _, part = model_id.partition("/")
        return lab, self.model_key(lab, part, roles)

    def model_key(self, lab: str, part: str, roles: bool = False) -> str:
        """The identity key of a model name of ``lab``, without the lab's name as a prefix."""
        return identity_key(self.unprefixed(lab, part), self.keep, roles)

    def unprefixed(self, lab: str, part: str) -> str:
        """A model name without the lab's name as a prefix: ``Meta-Llama-3.1-8B`` → ``Llama-3.1-8B``."""
        head, _, rest = key(part).partition("-")
        if rest and self.lab_spelling.get(head) == lab and self.prefix_lab(rest) == lab:
            return _FIRST_WORD.sub("", part.strip(), count=1)
        return part

    def provider(self, source: str, spelling: str) -> str:
        """The provider id a source's provider spelling names."""
        return self.provider_alias.get((source, spelling)) or key(spelling)

    def lab(self, org: str) -> str:
        """The lab id an organisation spelling names (the key of the spelling if unlisted)."""
        k = key(org)
        return self.lab_spelling.get(k, k)

    def prefix_lab(self, part: str) -> str:
        """The lab a model name's prefix names, or ""."""
        k = key(part)
        return next((lab for prefix, lab in self.lab_prefixes if k.startswith(prefix)), "")


def place_all(records: Iterable[ModelRecord], rules: Rules) -> list[Placed]:
    """Place every record: model id, variant, provider and precedence rank."""
    parsed = [(r, *parse(r, rules)) for r in records]
    labs_by_part: dict[str, set[str]] = defaultdict(set)
    for _, lab, _, part, _, _ in parsed:
        if lab:
            labs_by_part[identity_key(part, rules.keep)].add(lab)
    located = []
    for record, lab, org, part, variant, provider in parsed:
        if is_router_alias(record):
            lab = ""
        elif not lab:
            lab, part = inferred_lab(part, org, labs_by_part, rules)
        located.append((record, lab, part, variant, provider))
    return spelled(located, rules)


def is_router_alias(record: ModelRecord) -> bool:
    """Whether a source id is an OpenRouter router alias (a ``~`` segment)."""
    return any(segment.startswith("~") for segment in record.source_model_id.split("/"))


def inferred_lab(part: str, org: str, labs_by_part: dict[str, set[str]], rules: Rules) -> tuple[str, str]:
    """(lab, part) for a record rule 5a did not place: rules 5b-5e of the module docstring."""
    known = labs_by_part.get(identity_key(part, rules.keep), set())
    if len(known) == 1:
        return next(iter(known)), part
    head, _, rest = key(part).partition("-")
    lab = rules.lab_spelling.get(head)
    if (
        lab
        and rest
        and (lab in labs_by_part.get(identity_key(rest, rules.keep), ()) or rules.prefix_lab(rest) == lab)
    ):
        return lab, part[len(head) + 1 :].lstrip("-_. ")
    return rules.prefix_lab(part) or (rules.lab(org) if org else ""), part


def parse(record: ModelRecord, rules: Rules) -> tuple[str, str, str, str, str]:
    """(trusted lab or "", org as written, model part, variant, provider id) of one record."""
    provider = rules.provider(record.prov.source, record.provider) if record.provider else ""
    if record.base_model:
        lab, _, part = record.base_model.partition("/")
        part, dated = split_variant(part, rules.keep)
        own = split_variant(record.source_model_id, rules.keep_for(provider))[1]
        variant = "+".join(dict.fromkeys(v for v in (dated, own) if v))
        return rules.lab(lab), "", part, variant, provider
    text, bedrock_lab = cleaned(record, provider, rules)
    text, variant = split_variant(text, rules.keep_for(provider))
    *orgs, part = [s for s in text.split("/") if s and not _NAMESPACE.match(s)] or [text]
    orgs = orgs or ([record.lab] if record.lab else [])
    listed = [rules.lab_spelling[key(o)] for o in orgs if key(o) in rules.lab_spelling]
    rest = part[len(provider) + 1 :]
    if (
        provider
        and provider not in rules.lab_spelling
        and key(part).startswith(f"{provider}-")
        and rules.prefix_lab(rest)
    ):
        part = rest
    own = rules.provider_lab.get(provider, "")
    if rules.prefix_lab(part) not in ("", own):
        # a first-party API hosting another lab's model (Alibaba's deepseek-r1, perplexity/kimi-k3)
        listed = [lab for lab in listed if lab != own]
        own = ""
    lab = bedrock_lab or (listed[0] if listed else "") or own
    return lab, orgs[-1] if orgs else "", part, variant, provider


def cleaned(record: ModelRecord, provider: str, rules: Rules) -> tuple[str, str]:
    """The source id without provider, account and region decorations; and a Bedrock lab."""
    text = record.source_model_id.strip()
    head, sep, rest = text.partition("/")
    if sep and rest and rules.provider(record.prov.source, head) == provider:
        text = rest
    text = _ACCOUNTS.sub("", text)
    if provider == "google-vertex":
        text = _VERTEX_MAAS.sub("", text)
    text = _REGION_SEGMENT.sub("", text)
    lab = ""
    if "/" not in text and (m := _BEDROCK_LAB.match(_REGION_PREFIX.sub("", text))):
        candidate = key(m.group(1))
        if candidate in rules.lab_spelling:
            lab = rules.lab_spelling[candidate]
            text = _BEDROCK_REVISION.sub("", _REGION_PREFIX.sub("", text)[m.end() :])
    return text, lab


def rank(record: ModelRecord, provider: str, lab: str, rules: Rules) -> int:
    """Precedence of a record's spelling: canonical file, first party, then the others."""
    source = record.prov.source
    if not record.provider:
        return RANK_CANONICAL if source == "models.dev" else RANK_FACT_SHEET
    if rules.provider_lab.get(provider) == lab and source in RANK_FIRST_PARTY:
        return RANK_FIRST_PARTY[source]
    return RANK_OTHER.get(source, RANK_FACT_SHEET)


def spelled(located: list, rules: Rules) -> list[Placed]:
    """Group located records by (lab, identity key), merged as reviewed; one spelled id per group."""
    apart = served_apart(located, rules) | rules.split
    groups: dict[tuple[str, str], list] = defaultdict(list)
    for item in located:
        group = (item[1], rules.model_key(item[1], item[2]))
        if group in apart:
            group = (item[1], rules.model_key(item[1], item[2], roles=True))
        scoped_to = rules.merged_for.get((group, item[4] or item[0].prov.source))
        if scoped_to or group in rules.merged:
            group = rules.group(scoped_to or rules.merged[group])
        groups[group].append(item)
    out = []
    for group, items in groups.items():
        lab = group[0]
        ranked = sorted(items, key=lambda i: (rank(i[0], i[4], lab, rules), i[0].prov.locator))
        spelling = re.sub(r"\s+", "-", rules.unprefixed(lab, ranked[0][2]).strip().lower())
        model_id = rules.spelling.get(group) or (f"{lab}/{spelling}" if lab else "")
        for record, _, _, variant, provider in items:
            reason = "" if lab else "no rule names its lab"
            if is_router_alias(record):
                reason = "a router alias, not a model"
            r = authority.rank(record.prov.source, provider, lab, rules.provider_kind, rules.provider_lab)
            out.append(Placed(record, model_id, variant, provider, r, reason))
    return out


def served_apart(located: list, rules: Rules) -> set[tuple[str, str]]:
    """(lab, identity key) of models one provider serves as base and instruct weights apart.

    ``gpt-3.5-turbo`` and ``gpt-3.5-turbo-instruct`` at OpenAI, ``mistral-7b-v0.1`` and its
    ``-instruct`` at Together: there the role word names other weights, not the model served.
    """
    names: dict[tuple, set[str]] = defaultdict(set)
    for record, lab, part, _, provider in located:
        group = (lab, rules.model_key(lab, part))
        names[(group, provider, record.prov.source)].add(rules.model_key(lab, part, roles=True))
    return {group for (group, _, _), keys in names.items() if len(keys) > 1}


def kept(rows: list[tuple[str, str, list[str]]]) -> set[str]:
    """Literal keys of every name the identity file lists: taken as written, never peeled."""
    return {literal_key(model_id) for _, _, ids in rows for model_id in ids}


def scoped(curated: Curated) -> dict[str, frozenset[str]]:
    """Literal key of each name only ``merge`` rows with ``providers`` join → those providers."""
    out: dict[str, frozenset[str]] = {}
    everywhere = set()
    for row in curated.rows("identity.csv"):
        names = {literal_key(model_id) for model_id in row["ids"].split()[1:]}
        if providers := frozenset(row["providers"].split()):
            out |= {name: out.get(name, frozenset()) | providers for name in names}
        else:
            everywhere |= names
    return {name: providers for name, providers in out.items() if name not in everywhere}


def reviewed(curated: Curated) -> list[tuple[str, str, list[str]]]:
    """(kind, reason, ids) of each row of data/curated/identity.csv; CatalogError for a bad row."""
    out = []
    for line, row in enumerate(curated.rows("identity.csv"), start=2):
        ids = row["ids"].split()
        where = f"{curated.path / 'identity.csv'} line {line}"
        if row["kind"] not in ("merge", "distinct"):
            raise CatalogError(f"{where}: kind {row['kind']!r}; expected merge or distinct")
        if len(ids) < 2 or not all(i.count("/") == 1 and i == i.lower() for i in ids) or not row["reason"]:
            raise CatalogError(
                f"{where}: expected two or more lowercase <lab>/<model> ids separated by spaces, and a reason"
            )
        if row["providers"] and (row["kind"] != "merge" or row["providers"] != row["providers"].lower()):
            raise CatalogError(
                f"{where}: providers are for merge rows: lowercase provider ids separated by spaces"
            )
        out.append((row["kind"], row["reason"], ids))
    return out
