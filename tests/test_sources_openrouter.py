"""OpenRouter /api/v1/models importer: the pinned export, a saved response, malformed files."""

from __future__ import annotations

import contextlib
import gzip
import json
from pathlib import Path

import pytest
from damage import JUNK, sometimes_junk
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from analysis.errors import SourceFormatError
from analysis.sources import openrouter
from analysis.sources.records import Price, Snapshot

RAW = Path(__file__).resolve().parents[1] / "data/raw/openrouter"
SNAPSHOT = Snapshot("openrouter", RAW / "2026-05-15.c2c5cc8.api-v1-models.json.gz", "c2c5cc8", "2026-05-15")
STEP = {
    "id": "stepfun/step-3.5-flash",
    "name": "StepFun: Step 3.5 Flash",
    "pricing": {"prompt": "0.0000001", "completion": "0.0000003"},
}


@pytest.fixture(scope="module")
def records():
    return {r.source_model_id: r for r in openrouter.model_records(SNAPSHOT)}


def snapshot_of(path: Path, data: object) -> Snapshot:
    text = json.dumps(data).encode()
    path.write_bytes(gzip.compress(text) if path.suffix == ".gz" else text)
    return Snapshot("openrouter", path, "saved", "2026-06-01")


def test_one_record_per_model(records):
    assert len(records) == 364
    assert {r.provider for r in records.values()} == {"openrouter"}


def test_step_3_5_flash(records):
    step = records["stepfun/step-3.5-flash"]
    assert (step.name, step.lab, step.pricing_kind) == ("Step 3.5 Flash", "stepfun", "")
    assert step.prices == (Price(input_mtok=0.1, output_mtok=0.3),)
    assert step.fields["context_window"] == 262144
    assert step.fields["max_output"] == 65536
    assert step.fields["hugging_face_id"] == "stepfun-ai/Step-3.5-Flash"
    assert step.fields["organization"] == "StepFun"
    assert step.fields["input_modalities"] == ("text",)
    assert "knowledge_cutoff" not in step.fields  # null in the source
    assert step.prov.locator == "stepfun/step-3.5-flash"
    assert step.prov.url == "https://openrouter.ai/stepfun/step-3.5-flash"


def test_capabilities_from_parameters_and_modalities(records):
    caps = records["stepfun/step-3.5-flash"].capabilities
    assert caps["function_calling"] is True and caps["tool_choice"] is True
    assert caps["reasoning"] is True
    assert caps["structured_outputs"] is False  # response_format only: JSON mode, no schema
    assert caps["vision"] is False
    assert "parallel_function_calling" not in caps  # only ever True
    maestro = records["arcee-ai/maestro-reasoning"].capabilities
    assert "reasoning" not in maestro  # no reasoning parameter is no evidence of no reasoning


def test_router_price_is_variable_not_zero(records):
    auto = records["openrouter/auto"]
    assert auto.prices == ()
    assert auto.pricing_kind == "variable"
    assert auto.name == "Auto Router"
    assert "organization" not in auto.fields
    assert "max_output" not in auto.fields  # top_provider.max_completion_tokens is null


def test_free_variant(records):
    free = records["inclusionai/ring-2.6-1t:free"]
    assert free.pricing_kind == "free"
    assert free.prices == (Price(input_mtok=0.0, output_mtok=0.0),)


def test_cache_and_file_input(records):
    opus = records["anthropic/claude-opus-4.7"]
    assert opus.prices == (
        Price(input_mtok=5.0, output_mtok=25.0, cache_read_mtok=0.5, cache_write_mtok=6.25),
    )
    assert opus.fields["input_modalities"] == ("text", "image", "pdf")
    assert opus.capabilities["pdf_input"] is True
    assert records["~anthropic/claude-opus-latest"].lab == "anthropic"


@pytest.mark.parametrize("name", ["models.json", "models.json.gz"])
def test_saved_response(tmp_path, name):
    snapshot = snapshot_of(tmp_path / name, {"data": [STEP]})
    (record,) = openrouter.model_records(snapshot)
    assert record.prices == (Price(input_mtok=0.1, output_mtok=0.3),)
    assert record.capabilities == {}  # no supported_parameters, no architecture: all unknown
    assert record.prov.as_of == "2026-06-01"


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ([STEP], 'expected a JSON object {"data": [...]} at the top level, got list of 1'),
        ({"models": []}, "record (response): field data: expected a list, got None"),
        ({"data": [{"name": "x"}]}, "record data[0]: field id: expected a string (required), got None"),
        (
            {"data": [{**STEP, "pricing": {"prompt": "cheap", "completion": "0"}}]},
            "record stepfun/step-3.5-flash: field pricing.prompt: expected a number of USD per token, got 'cheap'",
        ),
        (
            {"data": [{**STEP, "pricing": {"prompt": "0"}}]},
            "record stepfun/step-3.5-flash: field pricing.completion: expected a USD-per-token string (required)",
        ),
        (
            {"data": [{**STEP, "context_length": "long"}]},
            "record stepfun/step-3.5-flash: field context_length: expected a whole number of tokens, got 'long'",
        ),
        (
            {"data": [{**STEP, "supported_parameters": "tools"}]},
            "record stepfun/step-3.5-flash: field supported_parameters: expected a list, got 'tools'",
        ),
    ],
)
def test_malformed_file_names_file_record_field_and_expectation(tmp_path, data, message):
    snapshot = snapshot_of(tmp_path / "models.json", data)
    with pytest.raises(SourceFormatError) as err:
        list(openrouter.model_records(snapshot))
    assert str(err.value).startswith(f"{snapshot.path}: {message}")


_PRICE = sometimes_junk(st.sampled_from(["0", "-1", "0.0000001", "1e-6"]) | st.floats(0, 1))
_PRICING = sometimes_junk(
    st.fixed_dictionaries(
        {"prompt": _PRICE, "completion": _PRICE},
        optional={"input_cache_read": _PRICE, "internal_reasoning": _PRICE, "image": _PRICE},
    )
)
_MODALITIES = sometimes_junk(st.lists(st.sampled_from(["text", "image", "file", "audio"]), max_size=3))
_MODEL = sometimes_junk(
    st.fixed_dictionaries(
        {
            "id": sometimes_junk(st.sampled_from(["a/b", "a/b:free", "~c/d", "e"])),
            "name": sometimes_junk(st.sampled_from(["Lab: Model", "Model", ""])),
            "pricing": _PRICING,
        },
        optional={
            "context_length": sometimes_junk(st.integers(0, 10**6)),
            "top_provider": sometimes_junk(
                st.fixed_dictionaries(
                    {"max_completion_tokens": sometimes_junk(st.none() | st.integers(0, 10**5))}
                )
            ),
            "architecture": sometimes_junk(
                st.fixed_dictionaries(
                    {}, optional={"input_modalities": _MODALITIES, "output_modalities": _MODALITIES}
                )
            ),
            "supported_parameters": sometimes_junk(
                st.lists(st.sampled_from(["tools", "reasoning"]), max_size=2)
            ),
            "hugging_face_id": sometimes_junk(st.sampled_from(["", "org/repo"])),
            "knowledge_cutoff": sometimes_junk(st.none() | st.dates().map(str)),
            "expiration_date": sometimes_junk(st.none() | st.dates().map(str)),
        },
    )
)


@pytest.mark.slow
@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(models=st.lists(_MODEL, max_size=3), top=st.none() | JUNK)
def test_random_malformed_records_import_or_raise_source_format_error(tmp_path, models, top):
    snapshot = snapshot_of(tmp_path / "models.json", {"data": models} if top is None else top)
    with contextlib.suppress(SourceFormatError):
        list(openrouter.model_records(snapshot))
