"""Safe output names: inside the folder, deterministic, distinct for distinct pairs and digests."""

import re
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from analysis.costs import scenario
from analysis.errors import ParameterError
from analysis.report import report_basename, report_paths
from analysis.request import PairRequest

SAFE_NAME = re.compile(r"[a-z0-9]+(-[a-z0-9]+)*")
model_ids = st.text(min_size=1, max_size=200).filter(str.strip)
DIGEST = "0123abcdef"


def test_basename_reads_as_the_pair():
    name = report_basename("openai/gpt-4o", "anthropic/claude-sonnet-4", DIGEST)
    assert name.startswith("openai-gpt-4o-vs-anthropic-claude-sonnet-4-")
    assert name == report_basename("openai/gpt-4o", "anthropic/claude-sonnet-4", DIGEST)


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("../../etc/passwd", "x"),
        ("/abs/path", "C:\\Windows\\system32"),
        ("CON", "NUL"),
        ("..", "."),
        ("???", "日本語"),
        ("a" * 500, "b" * 500),
    ],
)
def test_hostile_ids_give_a_plain_file_name(a, b, tmp_path):
    name = report_basename(a, b, DIGEST)
    assert SAFE_NAME.fullmatch(name)
    assert len(name) <= 95
    assert name.split(".")[0].upper() not in {"CON", "NUL", "PRN", "AUX"}
    paths = report_paths(tmp_path, name)
    assert paths.html.parent == tmp_path
    assert paths.html.resolve().is_relative_to(tmp_path.resolve())


@pytest.mark.parametrize("empty", ["", "   ", None])
def test_empty_id_is_refused(empty):
    with pytest.raises(ParameterError):
        report_basename(empty, "x", DIGEST)


def test_pairs_differing_only_in_case_order_or_punctuation_do_not_collide():
    pairs = [("GPT-4o", "claude"), ("gpt-4o", "claude"), ("gpt_4o", "claude"), ("claude", "gpt-4o")]
    requests = [PairRequest(a, b, scenario("small")) for a, b in pairs]
    names = {report_basename(r.a, r.b, r.digest) for r in requests}
    assert len(names) == 4


@given(model_ids, model_ids)
def test_any_ids_give_a_safe_deterministic_name(a, b):
    name = report_basename(a, b, DIGEST)
    assert SAFE_NAME.fullmatch(name)
    assert len(name) <= 95
    assert name == report_basename(a, b, DIGEST)


@pytest.mark.parametrize("bad", ["", "0123", "0123ABCDEF", "../0123abcd", "0123abcdef0123abcdef"])
def test_a_digest_is_hex_digits_only(bad):
    with pytest.raises(ParameterError, match="a report digest must be 8 to 16 hex digits"):
        report_basename("a", "b", bad)


@pytest.mark.parametrize("bad", ["", ".", "..", "../x", "a/b", "/abs"])
def test_report_paths_refuse_a_name_that_is_a_path(bad):
    with pytest.raises(ParameterError):
        report_paths(Path("reports"), bad)


def test_report_paths_put_the_three_files_side_by_side():
    paths = report_paths(Path("reports"), "a-vs-b-0123456789")
    assert paths.ipynb == Path("reports/a-vs-b-0123456789.ipynb")
    assert paths.html == Path("reports/a-vs-b-0123456789.html")
    assert paths.pdf == Path("reports/a-vs-b-0123456789.pdf")
