"""Aider leaderboards importer, checked against the real 2026-05-22 (5dc9490) snapshot."""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

import damage
import pytest
from hypothesis import given, settings

from analysis.errors import SourceFormatError
from analysis.sources.aider import benchmark_scores, model_id
from analysis.sources.records import Snapshot

ROOT = Path(__file__).resolve().parents[1]
SNAPSHOT = Snapshot("aider", ROOT / "data/raw/aider/2026-05-22.5dc9490.tar.gz", "5dc9490", "2025-10-04")
RUN = b"""- dirname: run-1
  model: gpt-5 (high)
  edit_format: diff
  pass_rate_1: 52.0
  pass_rate_2: 88.0
  command: aider --model openai/gpt-5
  date: 2025-08-23
"""
TINY = {
    "polyglot_leaderboard.yml": RUN,
    "edit_leaderboard.yml": b"[]\n",
    "refactor_leaderboard.yml": b"[]\n",
}


def write_tree(directory: Path, files: dict[str, bytes]) -> Snapshot:
    return damage.write_tree(directory, files, "aider", "2025-10-04")


@pytest.fixture(scope="module")
def scores():
    return list(benchmark_scores(SNAPSHOT))


def find(scores, benchmark, label):
    found = [s for s in scores if s.benchmark == benchmark and s.prov.locator.endswith(f"({label})")]
    assert len(found) == 1, found
    return found[0]


def test_counts(scores):
    by_benchmark = defaultdict(int)
    for s in scores:
        by_benchmark[s.benchmark] += 1
    assert by_benchmark == {"Aider Polyglot": 69, "Aider Code Editing": 98, "Aider Refactoring": 14}
    assert {s.unit for s in scores} == {"percent"}
    assert not any(s.self_reported for s in scores)


def test_headline_score_model_id_and_label(scores):
    gpt5 = find(scores, "Aider Polyglot", "gpt-5 (high)")
    assert (gpt5.model_name, gpt5.score, gpt5.date) == ("gpt-5", 88.0, "2025-08-23")
    assert gpt5.variant == "edit format diff [gpt-5 (high)]"
    assert gpt5.source_url == "https://aider.chat/docs/leaderboards/"
    assert gpt5.prov.locator == "polyglot_leaderboard.yml line 1715 (gpt-5 (high))"


def test_route_prefixes_are_stripped(scores):
    assert find(scores, "Aider Polyglot", "o1-2024-12-17 (high)").model_name == "o1"
    assert find(scores, "Aider Polyglot", "Grok 3 Beta").model_name == "x-ai/grok-3-beta"
    plain = find(scores, "Aider Polyglot", "gpt-4o-mini-2024-07-18")
    assert (plain.model_name, plain.variant) == ("gpt-4o-mini-2024-07-18", "edit format whole")


def test_architect_runs_name_the_editor(scores):
    run = find(scores, "Aider Polyglot", "o3 (high) + gpt-4.1")
    assert run.model_name == "o3"
    assert run.variant == "edit format architect, editor gpt-4.1 editor-diff [o3 (high) + gpt-4.1]"
    assert run.score == 78.2


def test_refactoring_uses_its_only_rate(scores):
    run = find(scores, "Aider Refactoring", "claude-3-5-sonnet-20241022")
    assert (run.score, run.date) == (92.1, "2024-10-22")


def test_model_id_rules():
    assert model_id("aider --model openrouter/openai/gpt-oss-120b --reasoning-effort high", "x") == (
        "gpt-oss-120b"
    )
    assert model_id("aider --model openai/Qwen/Qwen2.5-Coder-32B-Instruct # via hyperbolic", "x") == (
        "Qwen/Qwen2.5-Coder-32B-Instruct"
    )
    assert model_id("OPENAI_API_BASE=https://x aider --model openai/qwen-max-2025-01-25", "x") == (
        "qwen-max-2025-01-25"
    )
    # aliases, shortcut flags and non-commands fall back to the label without its notes
    assert model_id("aider --model sonnet", "claude-3-7-sonnet-20250219 (no thinking)") == (
        "claude-3-7-sonnet-20250219"
    )
    assert model_id("aider --architect --model r1 --editor-model sonnet", "DeepSeek R1 + x") == (
        "DeepSeek R1"
    )
    assert model_id("aider --opus", "claude-3-opus-20240229") == "claude-3-opus-20240229"
    assert model_id("(not currently supported)", "Reflection-70B") == "Reflection-70B"


def test_no_two_rows_share_a_key_with_different_scores(scores):
    seen = defaultdict(set)
    for s in scores:
        seen[(s.prov.source, s.model_name, s.benchmark, s.variant, s.date)].add(s.score)
    assert all(len(values) == 1 for values in seen.values())


def test_run_without_headline_score_is_skipped(tmp_path):
    files = {**TINY, "polyglot_leaderboard.yml": RUN.replace(b"  pass_rate_2: 88.0\n", b"")}
    assert list(benchmark_scores(write_tree(tmp_path, files))) == []


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (
            RUN.replace(b"88.0", b"lots"),
            "polyglot_leaderboard.yml: line 1: key 'pass_rate_2': expected a number, got 'lots'",
        ),
        (
            RUN.replace(b"2025-08-23", b"last week"),
            "line 1: key 'date': expected an ISO date (YYYY-MM-DD, or YYYY-MM for a month), got 'last week'",
        ),
        (
            RUN.replace(b"  edit_format: diff\n", b""),
            "line 1: key 'edit_format': expected a non-empty string, got None",
        ),
        (
            RUN.replace(b"  edit_format: diff", b"  edit_format: [diff"),
            "polyglot_leaderboard.yml: line 4: not valid YAML",
        ),
        (b"model: x\n", "polyglot_leaderboard.yml: line 1: expected a YAML list of entries"),
        (b"- just text\n", "polyglot_leaderboard.yml: line 1: expected a run (a mapping of keys)"),
    ],
)
def test_malformed_input_names_file_line_and_key(tmp_path, data, message):
    snapshot = write_tree(tmp_path, {**TINY, "polyglot_leaderboard.yml": data})
    with pytest.raises(SourceFormatError) as raised:
        list(benchmark_scores(snapshot))
    assert message in str(raised.value)
    assert "\n" not in str(raised.value)


def test_missing_leaderboard_file(tmp_path):
    files = {k: v for k, v in TINY.items() if k != "edit_leaderboard.yml"}
    with pytest.raises(SourceFormatError, match=r"edit_leaderboard\.yml: expected this leaderboard"):
        list(benchmark_scores(write_tree(tmp_path, files)))


@settings(max_examples=80, deadline=None)
@given(files=damage.damaged_trees(TINY, ["polyglot_leaderboard.yml"]))
def test_random_damage_imports_or_raises_source_format_error(files):
    damage.imports_or_fails_cleanly(benchmark_scores, files, "aider")
