"""Epoch "Notable AI Models" importer, checked against the real 2026-05-02 (afbc02b) snapshot."""

from __future__ import annotations

import gzip
import tempfile
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from analysis.errors import SourceFormatError
from analysis.sources.epoch_notable import model_records
from analysis.sources.records import Snapshot

ROOT = Path(__file__).resolve().parents[1]
SNAPSHOT = Snapshot(
    "epoch-notable",
    ROOT / "data/raw/epoch-notable/2026-05-02.afbc02b.notable_ai_models.csv.gz",
    "afbc02b",
    "2026-05-02",
)
HEADER = (
    b"Model,Organization,Publication date,Domain,Parameters,Link,Model accessibility,Open model weights?\n"
)
TINY = HEADER + (
    b'M1,Lab,2025-01-02,"Multimodal,Language",7000000000.0,'
    b'"https://a.example/m1, https://b.example",Open weights (unrestricted),Yes\n'
    b"Painter,Lab,2025-01-03,Image generation,1.0,https://p.example,,\n"
)


def write_csv(directory: Path, data: bytes) -> Snapshot:
    path = directory / "notable.csv.gz"
    path.write_bytes(gzip.compress(data))
    return Snapshot("epoch-notable", path, "test", "2026-05-02")


@pytest.fixture(scope="module")
def records():
    return {r.source_model_id: r for r in model_records(SNAPSHOT)}


def test_only_language_models(records):
    assert len(records) == 512
    assert all(r.provider == "" for r in records.values())


def test_nemotron_3_super(records):
    nemotron = records["Nemotron 3 Super"]
    assert nemotron.fields["params_total"] == 120000000000
    assert nemotron.fields["release_date"] == "2026-03-11"
    assert nemotron.lab == "NVIDIA"
    assert "open_weights" not in nemotron.fields  # the cell is empty: unknown, not False
    assert nemotron.prov.url.startswith("https://developer.nvidia.com/blog/introducing-nemotron-3")


def test_gpt_5_3_codex(records):
    codex = records["GPT-5.3 Codex"]
    assert codex.fields == {
        "release_date": "2026-02-05",
        "organization": "OpenAI",
        "accessibility": "API access",
        "open_weights": False,
    }
    assert codex.name == "GPT-5.3 Codex"
    assert codex.prov.locator == "2026-05-02.afbc02b.notable_ai_models.csv.gz line 24"


def test_float_parameter_counts_round_to_integers(records):
    assert records["Transformer-XL (257M)"].fields["params_total"] == 257000000


def test_tiny_file(tmp_path):
    (record,) = model_records(write_csv(tmp_path, TINY))
    assert record.prov.url == "https://a.example/m1"  # the first of several links
    assert record.fields["params_total"] == 7000000000
    assert record.fields["open_weights"] is True


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (
            TINY.replace(b"7000000000.0", b"7B"),
            "notable.csv.gz: line 2: column 'Parameters': expected a number, got '7B'",
        ),
        (
            TINY.replace(b"2025-01-02", b"Jan 2025"),
            "line 2: column 'Publication date': expected an ISO date (YYYY-MM-DD, or YYYY-MM for a month), got 'Jan 2025'",
        ),
        (
            TINY.replace(b",Open model weights?", b""),
            "notable.csv.gz: line 1: expected a column 'Open model weights?'",
        ),
        (HEADER + b"M1,Lab\n", "notable.csv.gz: line 2: expected 8 fields, got 2"),
    ],
)
def test_malformed_input_names_file_line_and_column(tmp_path, data, message):
    with pytest.raises(SourceFormatError) as raised:
        list(model_records(write_csv(tmp_path, data)))
    assert message in str(raised.value)
    assert "\n" not in str(raised.value)


def test_not_gzip(tmp_path):
    path = tmp_path / "notable.csv.gz"
    path.write_bytes(TINY)
    with pytest.raises(SourceFormatError, match="expected a readable gzipped CSV"):
        list(model_records(Snapshot("epoch-notable", path, "test", "2026-05-02")))


@settings(max_examples=100, deadline=None)
@given(
    position=st.integers(min_value=0, max_value=len(TINY)),
    junk=st.one_of(st.binary(max_size=12), st.text(max_size=12).map(str.encode)),
    truncate=st.booleans(),
)
def test_random_damage_imports_or_raises_source_format_error(position, junk, truncate):
    damaged = TINY[:position] + junk + (b"" if truncate else TINY[position:])
    with tempfile.TemporaryDirectory() as directory:
        try:
            list(model_records(write_csv(Path(directory), damaged)))
        except SourceFormatError as err:
            assert "\n" not in str(err)
