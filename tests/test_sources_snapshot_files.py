"""The checked reads every importer shares: one JSON reader (exact decimals), one date rule."""

import datetime as dt
import gzip
from decimal import Decimal

import pytest

from analysis.assemble.validate import is_date
from analysis.errors import SourceFormatError
from analysis.sources.records import day
from analysis.sources.snapshot_files import iso_date, load_json
from analysis.sources.units import per_token_to_mtok, record_errors, token_count


def test_json_fractions_are_exact_decimals_from_bytes_or_a_gzipped_file(tmp_path):
    text = b'{"prompt": 0.0000001, "context": 256000, "score": 64.5}'
    path = tmp_path / "models.json.gz"
    path.write_bytes(gzip.compress(text))
    expected = {"prompt": Decimal("1E-7"), "context": 256000, "score": Decimal("64.5")}
    assert load_json("models.json", text) == expected
    assert load_json(path) == expected
    assert per_token_to_mtok(load_json(path)["prompt"], "prompt") == 0.1


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b'{"m": \n  }', "f.json: line 2 column 3: not valid JSON: Expecting value"),
        (b"\xff{}", "f.json: byte 0: expected UTF-8 text, got b'\\xff{}'"),
    ],
)
def test_bad_json_is_one_line_naming_file_and_place(data, message):
    with pytest.raises(SourceFormatError) as err:
        load_json("f.json", data)
    assert str(err.value) == message


def test_an_unreadable_json_file_names_the_file(tmp_path):
    path = tmp_path / "prices.json.gz"
    path.write_bytes(b"not gzip")
    with pytest.raises(SourceFormatError) as err:
        load_json(path)
    assert str(err.value) == f"{path}: cannot be read: Not a gzipped file (b'no')"


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2025-01-31", "2025-01-31"),
        (" 2025-01-31 ", "2025-01-31"),
        ("2025-01", "2025-01"),
        (dt.date(2024, 7, 23), "2024-07-23"),
        (dt.datetime(2024, 7, 23, 16, 28), "2024-07-23"),
    ],
)
def test_iso_dates_a_day_or_a_month(value, expected):
    assert iso_date(value, "where") == expected


@pytest.mark.parametrize("value", ["2026-02-30", "2025-13", "20250101", "2025-W01-1", "soon", 2025, None])
def test_not_an_iso_date(value):
    with pytest.raises(SourceFormatError) as err:
        iso_date(value, "f.csv: line 2: column 'date'")
    assert str(err.value) == (
        f"f.csv: line 2: column 'date': expected an ISO date (YYYY-MM-DD, or YYYY-MM for a month), got {value!r}"
    )


def test_a_bad_record_field_names_file_record_and_field(tmp_path):
    assert token_count(Decimal("256000.0"), "context_length") == 256000
    with pytest.raises(SourceFormatError) as err, record_errors(tmp_path / "m.json", "step-3.5-flash"):
        token_count(Decimal("1.5"), "context_length")
    assert str(err.value) == (
        f"{tmp_path}/m.json: record step-3.5-flash: field context_length: "
        "expected a whole number of tokens, got 1.5"
    )


def test_one_date_rule_for_importers_validation_and_lifecycle():
    assert (day("2026-02-28"), day("2026-02")) == (dt.date(2026, 2, 28), dt.date(2026, 2, 1))
    assert [is_date(t) for t in ("2026-02-28", "2026-02", "2026-02-30", "20260228", "2026-W09-6")] == [
        True,
        True,
        False,
        False,
        False,
    ]
