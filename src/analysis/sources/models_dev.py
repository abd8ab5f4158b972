"""models.dev importer: the TOML tree, or a saved api.json, as tidy records.

Rules followed from upstream anomalyco/models.dev (formerly sst/models.dev):

- ``base_model`` (packages/core/src/generate.ts ``mergeBaseModel``): the provider TOML is
  merged over ``models/<base_model>.toml`` with remeda ``mergeDeep``. Tables merge key by key.
  Arrays and scalars from the provider replace the base's. ``id``, ``benchmarks``, ``license``,
  ``links`` and ``weights`` are dropped from the base first.
- ``base_model_omit`` (generate.ts ``applyOmit``) deletes dotted paths from the merged table.
  Tables left empty by a deletion go too.
- ``[[cost.tiers]]`` with ``tier = {type = "context", size = N}``, where ``type`` defaults to
  "context" (packages/core/src/schema.ts ``CostTier``). packages/sdk/src/types.ts describes it
  as "Pricing that applies from a given context size upward", and ``size`` as the "Context size
  (in tokens) at which this tier starts to apply". api.json consumers pick the tier with the
  largest size not above the request's prompt tokens and bill the whole request at its rates
  (opencode does so with the legacy ``context_over_200k`` once input + cache read > 200K).
  Such a tier becomes ``Price(tier_start=N, tier_basis="whole_request")``. A tier holds only the
  rates it lists; rates it omits stay None.
- api.json is what ``generate()`` returns: ``{provider_id: {id, name, npm, env, doc, api?,
  models: {model_id: merged model + id + base_model}}}``. ``normalizeCost`` also copies a single
  tier of 200K or more into the legacy ``cost.context_over_200k``, which is ignored here when
  ``tiers`` is present. api.json has no ``models/`` (canonical) entries.

Cost keys outside upstream's schema (``cache_input``, ``cached_input``, ``cached_write``,
``image``, ... in a few provider files) are ignored.
"""

from __future__ import annotations

import functools
import tomllib
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

from analysis.errors import SourceFormatError
from analysis.sources.benchmark_names import benchmark_name
from analysis.sources.records import (
    BenchmarkScore,
    ModelRecord,
    Price,
    Provenance,
    Snapshot,
)
from analysis.sources.snapshot_files import fail, load_json
from analysis.sources.snapshot_files import tree as snapshot_tree

_NOT_INHERITED = ("id", "benchmarks", "license", "links", "weights")
_TEXT_FIELDS = {
    "release_date": "release_date",
    "knowledge": "knowledge_cutoff",
    "family": "family",
    "license": "license",
    "status": "status",
    "description": "description",
}
_LIMITS = {"context": "context_window", "input": "max_input", "output": "max_output"}
_CAPABILITIES = {
    "reasoning": "reasoning",
    "tool_call": "function_calling",
    "structured_output": "structured_outputs",
    "attachment": "attachments",
    "temperature": "temperature",
}
_INPUT_CAPABILITIES = {
    "image": "vision",
    "pdf": "pdf_input",
    "audio": "audio_input",
    "video": "video_input",
}
_OUTPUT_CAPABILITIES = {"audio": "audio_output"}
_RATES = {
    "input": "input_mtok",
    "output": "output_mtok",
    "cache_read": "cache_read_mtok",
    "cache_write": "cache_write_mtok",
    "reasoning": "reasoning_mtok",
    "input_audio": "input_audio_mtok",
    "output_audio": "output_audio_mtok",
}
_LEGACY_TIER_START = 200_000  # cost.context_over_200k: "pricing applied beyond 200K context"
_PERCENT_METRICS = {
    "accuracy",
    "average pass@1",
    "pass@1",
    "percent",
    "percent correct",
    "percent resolved",
    "resolve rate",
    "resolved",
    "success rate",
}
_VARIANT_KEYS = ("variant", "harness", "dataset", "version")
_EXPECTED = {
    bool: "true or false",
    int: "an integer",
    float: "a number",
    str: "a string",
    dict: "a table",
    list: "an array",
}


@dataclass(frozen=True, slots=True)
class ProviderRecord:
    """One models.dev provider (providers/<id>/provider.toml)."""

    provider: str
    name: str
    doc: str
    api: str  # base URL for OpenAI-compatible providers; "" = none given
    npm: str
    env: tuple[str, ...]
    prov: Provenance


@dataclass(slots=True)
class _Tree:
    """Parsed TOML tables of a models.dev tree, each list in path order."""

    canonical: dict[str, tuple[str, dict]] = field(default_factory=dict)  # id -> (path, table)
    providers: dict[str, tuple[str, dict]] = field(default_factory=dict)  # id -> (path, table)
    entries: list[tuple[str, str, str, dict]] = field(default_factory=list)  # path, provider, id


def model_records(snapshot: Snapshot) -> Iterator[ModelRecord]:
    """One record per ``models/`` file, then one per provider entry (merged), in path order."""
    tree = _load_tree(snapshot)
    for model_id, (path, table) in tree.canonical.items():
        yield _record(
            snapshot,
            path,
            table,
            _where(snapshot, path),
            source_model_id=model_id,
            lab=model_id.partition("/")[0],
            base_model=model_id,
        )
    for path, provider, model_id, table in tree.entries:
        where = _where(snapshot, path)
        base = _get(table, "base_model", str, where) or ""
        yield _record(
            snapshot,
            path,
            _resolve(table, tree.canonical, where),
            where,
            url=_get(tree.providers[provider][1], "doc", str, where) or "",
            source_model_id=model_id,
            provider=provider,
            lab=base.partition("/")[0],
            base_model=base,
        )


def provider_records(snapshot: Snapshot) -> Iterator[ProviderRecord]:
    """One record per ``providers/<id>/provider.toml``, by provider id."""
    for provider, (path, table) in _load_tree(snapshot).providers.items():
        where = _where(snapshot, path)
        yield ProviderRecord(
            provider=provider,
            name=_get(table, "name", str, where) or "",
            doc=_get(table, "doc", str, where) or "",
            api=_get(table, "api", str, where) or "",
            npm=_get(table, "npm", str, where) or "",
            env=_strings(table, "env", where) or (),
            prov=snapshot.prov(path),
        )


def benchmark_scores(snapshot: Snapshot) -> Iterator[BenchmarkScore]:
    """``[[benchmarks]]`` of the ``models/`` files (never inherited by provider entries).

    unit: the percent-like metrics in ``_PERCENT_METRICS`` become "percent" when the score
    lies in 0-100; any other metric is kept as given ("" when none is given).
    variant: the entry's variant, harness, dataset and version, as "key: value, ...".
    self_reported: see ``_self_reported``. A score that is not a number is skipped.
    """
    for model_id, (path, table) in _load_tree(snapshot).canonical.items():
        where = _where(snapshot, path)
        lab = model_id.partition("/")[0]
        orgs = _hugging_face_orgs(table, where)
        for i, entry in enumerate(_get(table, "benchmarks", list, where) or ()):
            here = f"{where}: benchmarks[{i}]"
            score = _score(_table(entry, here), here)
            if score is None:
                continue
            source = _get(entry, "source", str, here) or ""
            metric = _get(entry, "metric", str, here) or ""
            yield BenchmarkScore(
                model_name=model_id,
                benchmark=benchmark_name(_require(entry, "name", str, here)),
                variant=", ".join(f"{k}: {entry[k]}" for k in _VARIANT_KEYS if entry.get(k)),
                score=score,
                unit="percent" if metric in _PERCENT_METRICS and 0 <= score <= 100 else metric,
                date=_get(entry, "date", str, here) or "",
                self_reported=_self_reported(source, lab, orgs),
                prov=snapshot.prov(f"{path}:benchmarks[{i}]", source),
                source_url=source,
                lab=lab,
            )


def model_records_from_api_json(snapshot: Snapshot) -> Iterator[ModelRecord]:
    """Provider entries of a saved https://models.dev/api.json (.json or .json.gz).

    The same records ``model_records`` gives for the tree's provider entries, in the same order;
    the locator is ``<provider>/models/<model_id>`` inside the JSON.
    """
    data = _table(load_json(snapshot.path), f"{snapshot.path}: top level")
    for provider in sorted(data, key=lambda p: f"{p}/"):
        where = f"{snapshot.path}: {provider}"
        entry = _table(data[provider], where)
        url = _get(entry, "doc", str, where) or ""
        models = _require(entry, "models", dict, where)
        for model_id in sorted(models, key=lambda m: f"{m}.toml"):
            here = f"{where}.models[{model_id!r}]"
            model = _table(models[model_id], here)
            base = _get(model, "base_model", str, here) or ""
            yield _record(
                snapshot,
                f"{provider}/models/{model_id}",
                model,
                here,
                url=url,
                source_model_id=model_id,
                provider=provider,
                lab=base.partition("/")[0],
                base_model=base,
            )


def _record(
    snapshot: Snapshot, locator: str, table: dict, where: str, url: str = "", **ids: str
) -> ModelRecord:
    """A ModelRecord from one resolved model table."""
    prices = _prices(table, where)
    free = bool(prices) and prices[0].input_mtok == 0 and prices[0].output_mtok == 0
    return ModelRecord(
        name=_get(table, "name", str, where) or "",
        prov=snapshot.prov(locator, url),
        fields=_fields(table, where),
        capabilities=_capabilities(table, where),
        prices=prices,
        pricing_kind="free" if free else "",
        **ids,
    )


def _fields(table: dict, where: str) -> dict[str, object]:
    """records.FIELDS values the table gives; absent keys stay absent."""
    out: dict[str, object] = dict(_mapped(table, _TEXT_FIELDS, str, where))
    if (open_weights := _get(table, "open_weights", bool, where)) is not None:
        out["open_weights"] = open_weights
    limit = _get(table, "limit", dict, where) or {}
    out.update(_mapped(limit, _LIMITS, int, f"{where}: limit"))
    modalities = _get(table, "modalities", dict, where) or {}
    for key in ("input", "output"):
        if (values := _strings(modalities, key, f"{where}: modalities")) is not None:
            out[f"{key}_modalities"] = values
    if hf_id := _hugging_face_id(table, where):
        out["hugging_face_id"] = hf_id
    return out


def _capabilities(table: dict, where: str) -> dict[str, bool]:
    """Flags the table states, plus modality flags wherever a modalities list is given."""
    out = dict(_mapped(table, _CAPABILITIES, bool, where))
    modalities = _get(table, "modalities", dict, where) or {}
    for key, caps in (("input", _INPUT_CAPABILITIES), ("output", _OUTPUT_CAPABILITIES)):
        values = _strings(modalities, key, f"{where}: modalities")
        if values is not None:
            out.update({cap: modality in values for modality, cap in caps.items()})
    return out


def _prices(table: dict, where: str) -> tuple[Price, ...]:
    """Base price row, then one row per context tier by size; () when there is no [cost]."""
    cost = _get(table, "cost", dict, where)
    if cost is None:
        return ()
    here = f"{where}: cost"
    tiers = _get(cost, "tiers", list, here)
    if tiers is None and "context_over_200k" in cost:
        legacy = _require(cost, "context_over_200k", dict, here)
        return (_price(cost, here), _price(legacy, f"{here}.context_over_200k", _LEGACY_TIER_START))
    rows = [_tier(tier, f"{here}.tiers[{i}]") for i, tier in enumerate(tiers or ())]
    return (_price(cost, here), *sorted(rows, key=lambda p: p.tier_start))


def _tier(tier: object, where: str) -> Price:
    """One ``[[cost.tiers]]`` entry as a whole-request price row."""
    tier = _table(tier, where)
    spec = _require(tier, "tier", dict, where)
    kind = _get(spec, "type", str, f"{where}.tier") or "context"
    if kind != "context":
        fail(f"{where}.tier: key 'type'", "'context'", kind)
    return _price(tier, where, _require(spec, "size", int, f"{where}.tier"))


def _price(rates: dict, where: str, tier_start: int = 0) -> Price:
    """A Price from a table of USD-per-1M rates."""
    values = {name: float(v) for name, v in _mapped(rates, _RATES, float, where)}
    return Price(**values, tier_start=tier_start, tier_basis="whole_request" if tier_start else "")


def _resolve(entry: dict, canonical: Mapping[str, tuple[str, dict]], where: str) -> dict:
    """A provider entry merged over its base model, as upstream's ``mergeBaseModel`` does."""
    base_id = _get(entry, "base_model", str, where)
    if base_id is None:
        return entry
    if base_id not in canonical:
        raise SourceFormatError(f"{where}: base_model {base_id!r} has no models/{base_id}.toml")
    base = {k: v for k, v in canonical[base_id][1].items() if k not in _NOT_INHERITED}
    overrides = {k: v for k, v in entry.items() if k not in ("base_model", "base_model_omit")}
    merged = _merge_deep(base, overrides)
    for path in _strings(entry, "base_model_omit", where) or ():
        _omit(merged, path.split("."))
    return merged


def _merge_deep(base: dict, over: dict) -> dict:
    """remeda ``mergeDeep``, into new dicts: tables merge by key, other values from ``over`` win."""
    out: dict = {}
    for key, value in [*base.items(), *over.items()]:
        if isinstance(value, dict):
            previous = out.get(key)
            value = _merge_deep(previous if isinstance(previous, dict) else {}, value)
        out[key] = value
    return out


def _omit(table: dict, parts: list[str]) -> bool:
    """Delete one dotted path and the tables it leaves empty; True when something was deleted."""
    head, *rest = parts
    if not rest:
        return table.pop(head, None) is not None
    child = table.get(head)
    if not isinstance(child, dict) or not _omit(child, rest):
        return False
    if not child:
        del table[head]
    return True


def _self_reported(url: str, lab: str, hf_orgs: set[str]) -> bool:
    """Whether a benchmark source is the model maker's own publication.

    Rule: self-reported when the source is (1) on a domain with a label equal to the lab id
    (anthropic.com for anthropic, console.sakana.ai for sakana, deepmind.google for google),
    (2) a Hugging Face page under an organisation that hosts the model's own ``[[weights]]``
    (the maker's model card), or (3) an arXiv paper: models.dev cites arXiv for the lab's own
    technical report. Anything else (openrouter.ai, artificialanalysis.ai, labs.scale.com,
    aider.chat, swebench.com, another lab's site) counts as independent.
    """
    parsed = urlparse(url)
    host = (parsed.hostname or "").lower()
    if host == "arxiv.org" or host.endswith(".arxiv.org"):
        return True
    if host == "huggingface.co":
        return parsed.path.strip("/").split("/")[0] in hf_orgs
    return lab.lower() in host.split(".")


def _hugging_face_repos(table: dict, where: str) -> list[str]:
    """``org/name`` of every Hugging Face url in the table's ``[[weights]]``."""
    repos = []
    for i, weights in enumerate(_get(table, "weights", list, where) or ()):
        here = f"{where}: weights[{i}]"
        url = _require(_table(weights, here), "url", str, here)
        parsed = urlparse(url)
        parts = parsed.path.strip("/").split("/")
        if parsed.hostname == "huggingface.co" and len(parts) >= 2:
            repos.append("/".join(parts[:2]))
    return repos


def _hugging_face_id(table: dict, where: str) -> str:
    """The first Hugging Face repo of the model's weights, or ""."""
    return next(iter(_hugging_face_repos(table, where)), "")


def _hugging_face_orgs(table: dict, where: str) -> set[str]:
    """Hugging Face organisations hosting the model's weights."""
    return {repo.split("/")[0] for repo in _hugging_face_repos(table, where)}


def _score(entry: dict, where: str) -> float | None:
    """The entry's score as a float; None for a non-numeric string score."""
    score = _require(entry, "score", object, where)
    if isinstance(score, str):
        try:
            return float(score)
        except ValueError:
            return None
    if not _is(score, float):
        fail(f"{where}: key 'score'", "a number", score)
    return float(score)


def _load_tree(snapshot: Snapshot) -> _Tree:
    """The parsed tree; a .tar.gz is parsed once per file version (the build asks it for models,
    providers and benchmarks in turn)."""
    path = Path(snapshot.path)
    if not path.is_file():
        return _parse_tree(snapshot)
    stat = path.stat()
    return _cached_tree(snapshot, stat.st_mtime_ns, stat.st_size)


@functools.lru_cache(maxsize=4)
def _cached_tree(snapshot: Snapshot, _mtime_ns: int, _size: int) -> _Tree:
    return _parse_tree(snapshot)


def _parse_tree(snapshot: Snapshot) -> _Tree:
    """Parse the tree's ``models/`` and ``providers/`` TOMLs (other files are ignored)."""
    tree = _Tree()
    for path, data in snapshot_tree(snapshot).items():
        parts = path.split("/")
        if not path.endswith(".toml") or len(parts) < 3:
            continue
        if parts[0] == "models":
            tree.canonical[path[len("models/") : -5]] = (path, _parse_toml(snapshot, path, data))
        elif parts[0] == "providers" and parts[2:] == ["provider.toml"]:
            tree.providers[parts[1]] = (path, _parse_toml(snapshot, path, data))
        elif parts[0] == "providers" and parts[2] == "models" and len(parts) > 3:
            model_id = "/".join(parts[3:])[:-5]
            tree.entries.append((path, parts[1], model_id, _parse_toml(snapshot, path, data)))
    _check_tree(snapshot, tree)
    return tree


def _check_tree(snapshot: Snapshot, tree: _Tree) -> None:
    """Raise unless the tree has providers and every entry's provider has a provider.toml."""
    if not tree.providers:
        raise SourceFormatError(
            f"{snapshot.path}: no providers/<id>/provider.toml found; expected a models.dev tree"
        )
    for path, provider, _, _ in tree.entries:
        if provider not in tree.providers:
            raise SourceFormatError(
                f"{_where(snapshot, path)}: expected providers/{provider}/provider.toml beside it"
            )


def _parse_toml(snapshot: Snapshot, path: str, data: bytes) -> dict:
    """One TOML file as a dict; SourceFormatError naming the file and line when malformed."""
    try:
        return tomllib.loads(data.decode("utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as e:
        raise SourceFormatError(
            f"{_where(snapshot, path)}: invalid TOML ({e}); expected a models.dev TOML file"
        ) from None


def _where(snapshot: Snapshot, path: str) -> str:
    """A file inside the snapshot, for error messages."""
    return f"{snapshot.path}: {path}"


def _mapped(table: dict, names: Mapping[str, str], kind: type, where: str) -> Iterator[tuple[str, Any]]:
    """(record name, value) for each key of ``names`` the table gives, type-checked."""
    for key, name in names.items():
        if (value := _get(table, key, kind, where)) is not None:
            yield name, value


def _strings(table: dict, key: str, where: str) -> tuple[str, ...] | None:
    """An array of strings as a tuple; None when absent."""
    values = _get(table, key, list, where)
    if values is None:
        return None
    if not all(isinstance(v, str) for v in values):
        fail(f"{where}: key {key!r}", "an array of strings", values)
    return tuple(values)


def _require(table: dict, key: str, kind: type, where: str) -> Any:
    """A value that must be present."""
    value = _get(table, key, kind, where)
    if value is None:
        fail(f"{where}: key {key!r}", f"{_EXPECTED.get(kind, 'a value')} (required)", None)
    return value


def _get(table: dict, key: str, kind: type, where: str) -> Any:
    """``table[key]`` or None; SourceFormatError when present with the wrong type."""
    value = table.get(key)
    if value is None or _is(value, kind):
        return value
    fail(f"{where}: key {key!r}", _EXPECTED.get(kind, kind.__name__), value)


def _table(value: object, where: str) -> dict:
    """``value`` when it is a table."""
    if not isinstance(value, dict):
        fail(where, "a table", value)
    return value


def _is(value: object, kind: type) -> bool:
    """isinstance, where bool is not a number and int and Decimal (JSON) count as float."""
    if kind in (int, float) and isinstance(value, bool):
        return False
    return isinstance(value, (int, float, Decimal) if kind is float else kind)
