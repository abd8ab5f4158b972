"""An OpenRouter ``GET /api/v1/models`` response (``{"data": [...]}``) as ModelRecords.

Reads the snapshot or a response a user saved (plain ``.json`` or ``.json.gz``, via a
:class:`Snapshot` on that path). One record per model; provider = "openrouter",
source_model_id and locator = ``id``, lab = the part of the id before "/" (without the "~"
OpenRouter puts on its "latest" aliases). OpenRouter's ``name`` is "Lab: Model"; the record's
name is the part after "Lab: " and the lab's display name goes to ``fields["organization"]``.

Prices are USD per token as strings. "-1" means the price is not fixed (routers such as
``openrouter/auto`` bill the model they route to): that price is absent, and a model whose prompt
or completion price is "-1" gets ``pricing_kind="variable"``. "0" is a price of 0 and is kept;
ids ending in ":free" are OpenRouter's free variants and get ``pricing_kind="free"``. Per-image,
per-request and per-web-search prices have no Price field and are skipped.

Capabilities. ``supported_parameters`` lists the request parameters OpenRouter accepts for the
model; it routes a request only to providers that support its parameters. So when the list is
given, a missing "tools", "tool_choice", "structured_outputs" or "temperature" means the route
does not offer it (False). "reasoning"/"include_reasoning" missing stays unknown: a model can
reason without exposing a reasoning parameter (``arcee-ai/maestro-reasoning`` lists neither).
"parallel_tool_calls" and "web_search_options" are listed for only a handful of models, so they
only ever give True. The architecture's input/output modality lists give vision, pdf_input
("file"), audio_input, video_input and audio_output as True or False.

Not kept (no records.FIELDS entry): ``created`` (the date OpenRouter listed the model, not its
release), ``canonical_slug``, the tokenizer, ``is_moderated`` and ``per_request_limits``.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping

from analysis.sources.records import ModelRecord, Price, Snapshot
from analysis.sources.snapshot_files import BadValue, iso_date, load_json
from analysis.sources.units import (
    listing,
    mapping,
    per_token_to_mtok,
    record_errors,
    section,
    strings,
    text,
    token_count,
    top_level,
)

PROVIDER = "openrouter"
MODEL_PAGE = "https://openrouter.ai/"
VARIABLE_PRICE = "-1"

# OpenRouter pricing key -> Price field.
_PRICE_FIELDS = {
    "prompt": "input_mtok",
    "completion": "output_mtok",
    "input_cache_read": "cache_read_mtok",
    "input_cache_write": "cache_write_mtok",
    "internal_reasoning": "reasoning_mtok",
    "audio": "input_audio_mtok",
}
# supported_parameters entry -> capability; absent from a given list = False.
_PARAMETERS = {
    "tools": "function_calling",
    "tool_choice": "tool_choice",
    "structured_outputs": "structured_outputs",
    "temperature": "temperature",
}
# supported_parameters entry -> capability; only ever True (absence is no evidence).
_PARAMETERS_IF_LISTED = {
    "reasoning": "reasoning",
    "include_reasoning": "reasoning",
    "parallel_tool_calls": "parallel_function_calling",
    "web_search_options": "web_search",
}
_INPUT_MODALITIES = {
    "image": "vision",
    "file": "pdf_input",
    "audio": "audio_input",
    "video": "video_input",
}
_MODALITY_NAMES = {"file": "pdf"}  # OpenRouter's "file" input is PDF files


def model_records(snapshot: Snapshot) -> Iterator[ModelRecord]:
    """One record per model of the response, in file order."""
    path = snapshot.path
    response = top_level(load_json(path), dict, 'a JSON object {"data": [...]}', path)
    with record_errors(path, "(response)"):
        models = listing(response.get("data"), "data")
    for index, raw in enumerate(models):
        mid = raw.get("id") if isinstance(raw, Mapping) else None
        with record_errors(path, mid if isinstance(mid, str) else f"data[{index}]"):
            record = _record(mapping(raw, "model"), snapshot)
        yield record


def _record(model: Mapping[str, object], snapshot: Snapshot) -> ModelRecord:
    mid = text(model, "id", required=True)
    organization, name = _split_name(text(model, "name", required=True))
    prices, pricing_kind = _prices(mapping(model.get("pricing"), "pricing"), mid)
    modalities = _modalities(model)
    fields = _fields(model, modalities)
    if organization:
        fields["organization"] = organization
    return ModelRecord(
        source_model_id=mid,
        name=name,
        prov=snapshot.prov(mid, MODEL_PAGE + mid),
        provider=PROVIDER,
        lab=mid.partition("/")[0].lstrip("~") if "/" in mid else "",
        fields=fields,
        capabilities=_parameter_capabilities(model) | _modality_capabilities(modalities),
        prices=prices,
        pricing_kind=pricing_kind,
    )


def _split_name(raw: str) -> tuple[str, str]:
    """("StepFun", "Step 3.5 Flash") from "StepFun: Step 3.5 Flash"; ("", raw) without a prefix."""
    organization, sep, name = raw.partition(": ")
    return (organization, name) if sep else ("", raw)


def _modalities(model: Mapping[str, object]) -> dict[str, list[str]]:
    """The architecture's input/output modality lists, as OpenRouter names them."""
    architecture = section(model, "architecture")
    return {
        key: strings(architecture[key], f"architecture.{key}")
        for key in ("input_modalities", "output_modalities")
        if architecture.get(key) is not None
    }


def _fields(model: Mapping[str, object], modalities: Mapping[str, list[str]]) -> dict[str, object]:
    fields: dict[str, object] = {}
    if model.get("context_length") is not None:
        fields["context_window"] = token_count(model["context_length"], "context_length")
    top = section(model, "top_provider")
    if top.get("max_completion_tokens") is not None:
        limit = "top_provider.max_completion_tokens"
        fields["max_output"] = token_count(top["max_completion_tokens"], limit)
    for key, names in modalities.items():
        fields[key] = tuple(_MODALITY_NAMES.get(name, name) for name in names)
    for key in ("hugging_face_id", "description"):
        if value := text(model, key):
            fields[key] = value
    for key, field in (("knowledge_cutoff", "knowledge_cutoff"), ("expiration_date", "deprecation_date")):
        if model.get(key) is not None:
            fields[field] = iso_date(model[key], key)
    return fields


def _parameter_capabilities(model: Mapping[str, object]) -> dict[str, bool]:
    if model.get("supported_parameters") is None:
        return {}
    listed = set(strings(model["supported_parameters"], "supported_parameters"))
    capabilities = {cap: param in listed for param, cap in _PARAMETERS.items()}
    return capabilities | {cap: True for param, cap in _PARAMETERS_IF_LISTED.items() if param in listed}


def _modality_capabilities(modalities: Mapping[str, list[str]]) -> dict[str, bool]:
    capabilities = {}
    if "input_modalities" in modalities:
        inputs = modalities["input_modalities"]
        capabilities = {cap: name in inputs for name, cap in _INPUT_MODALITIES.items()}
    if "output_modalities" in modalities:
        capabilities["audio_output"] = "audio" in modalities["output_modalities"]
    return capabilities


def _prices(pricing: Mapping[str, object], mid: str) -> tuple[tuple[Price, ...], str]:
    """The price row (if any price is fixed) and the pricing kind."""
    for key in ("prompt", "completion"):
        if key not in pricing:
            raise BadValue(f"pricing.{key}", "a USD-per-token string (required)", None)
    variable = {key for key, value in pricing.items() if value == VARIABLE_PRICE}
    row = {
        field: per_token_to_mtok(pricing[key], f"pricing.{key}")
        for key, field in _PRICE_FIELDS.items()
        if pricing.get(key) is not None and key not in variable
    }
    return ((Price(**row),) if row else ()), _pricing_kind(variable, mid)


def _pricing_kind(variable: set[str], mid: str) -> str:
    if variable & {"prompt", "completion"}:
        return "variable"
    return "free" if mid.endswith(":free") else ""
