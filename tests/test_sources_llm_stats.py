"""LLM-Stats importer, checked against the real 2025-10-16 (24a9ccf) snapshot."""

from __future__ import annotations

import json
from collections import defaultdict
from pathlib import Path

import damage
import pytest
from hypothesis import given, settings

from analysis.errors import SourceFormatError
from analysis.sources.llm_stats import benchmark_scores
from analysis.sources.records import Snapshot

ROOT = Path(__file__).resolve().parents[1]
SNAPSHOT = Snapshot(
    "llm-stats", ROOT / "data/raw/llm-stats/2025-10-16.24a9ccf.tar.gz", "24a9ccf", "2025-10-16"
)
MODEL_DIR = "organizations/lab/models/m-1"
RESULT = {
    "benchmark_id": "gpqa",
    "score": 0.5,
    "normalized_score": 0.5,
    "is_self_reported": True,
    "self_reported_source_link": "https://lab.example/m-1",
    "analysis_method": "0-shot",
}
TINY = {
    f"{MODEL_DIR}/model.json": b'{"model_id": "m-1", "release_date": "2025-01-02"}',
    f"{MODEL_DIR}/benchmarks.json": json.dumps([RESULT]).encode(),
    "benchmarks/gpqa.json": b'{"benchmark_id": "gpqa", "name": "GPQA", "max_score": 1.0}',
}


def write_tree(directory: Path, files: dict[str, bytes]) -> Snapshot:
    return damage.write_tree(directory, files, "llm-stats", "2025-10-16")


@pytest.fixture(scope="module")
def scores():
    return list(benchmark_scores(SNAPSHOT))


def find(scores, model, benchmark, variant=None):
    found = [
        s
        for s in scores
        if s.model_name == model and s.benchmark == benchmark and (variant is None or s.variant == variant)
    ]
    assert len(found) == 1, found
    return found[0]


def test_counts(scores):
    assert len(scores) == 2224
    assert sum(s.self_reported for s in scores) == 2206
    assert {s.unit for s in scores} == {"percent", "elo"}


def test_fraction_becomes_exact_percent(scores):
    drop = find(scores, "openai/gpt-3.5-turbo-0125", "DROP")
    assert drop.score == 70.2
    assert drop.unit == "percent"
    assert drop.variant == "Accuracy"
    assert drop.date == "2023-03-21"  # the model's release date
    assert drop.self_reported is False
    assert drop.source_url == ""  # the example.com placeholder is dropped
    assert drop.lab == "openai"


def test_self_reported_row_with_its_link(scores):
    score = find(scores, "anthropic/claude-sonnet-4-5-20250929", "Terminal-Bench")
    assert score.score == 50.0
    assert score.self_reported is True
    assert score.source_url == "https://www.anthropic.com/news/claude-sonnet-4-5"
    assert score.prov.url == score.source_url
    assert score.date == "2025-09-29"


def test_ratings_are_scaled_to_the_benchmark_maximum(scores):
    with_tools = find(scores, "openai/gpt-oss-120b", "CodeForces", "Elo (with tools)")
    assert (with_tools.score, with_tools.unit) == (2622.0, "elo")  # 0.874 of 3000
    assert find(scores, "qwen/qwen3-235b-a22b-thinking-2507", "CFEval").score == 2134.0


def test_shared_benchmark_names(scores):
    names = {s.benchmark for s in scores}
    assert {"Aider Polyglot", "SWE-bench Verified", "Humanity's Last Exam"} <= names
    assert "Aider-Polyglot" not in names
    assert "HLE" not in names


def test_only_the_documented_duplicate(scores):
    seen = defaultdict(set)
    for s in scores:
        seen[(s.prov.source, s.model_name, s.benchmark, s.variant, s.date)].add(s.score)
    clashes = {key: values for key, values in seen.items() if len(values) > 1}
    assert clashes == {
        (
            "llm-stats",
            "mistral/mistral-small-3.2-24b-instruct-2506",
            "GPQA",
            "5-shot CoT",
            "2025-06-20",
        ): {44.22, 46.13}
    }


def test_tiny_tree(tmp_path):
    (score,) = benchmark_scores(write_tree(tmp_path, TINY))
    assert (score.model_name, score.benchmark, score.variant) == ("lab/m-1", "GPQA", "0-shot")
    assert (score.score, score.date, score.lab) == (50.0, "2025-01-02", "lab")
    assert score.prov.locator == f"{MODEL_DIR}/benchmarks.json item 0 (gpqa)"


def test_result_without_score_is_skipped(tmp_path):
    result = {**RESULT, "normalized_score": None}
    files = {**TINY, f"{MODEL_DIR}/benchmarks.json": json.dumps([result]).encode()}
    assert list(benchmark_scores(write_tree(tmp_path, files))) == []


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        (
            f"{MODEL_DIR}/benchmarks.json",
            json.dumps([{**RESULT, "normalized_score": "high"}]).encode(),
            "benchmarks.json: item 0: key 'normalized_score': expected a number, got 'high'",
        ),
        (
            f"{MODEL_DIR}/benchmarks.json",
            json.dumps([{**RESULT, "benchmark_id": "nope"}]).encode(),
            "item 0: key 'benchmark_id': expected an id with a benchmarks/ definition",
        ),
        (
            f"{MODEL_DIR}/benchmarks.json",
            json.dumps([{**RESULT, "is_self_reported": "yes"}]).encode(),
            "item 0: key 'is_self_reported': expected true or false, got 'yes'",
        ),
        (
            f"{MODEL_DIR}/benchmarks.json",
            b'[{"benchmark_id": "gpqa",\n "score": }]',
            "benchmarks.json: line 2 column 11: not valid JSON",
        ),
        (
            f"{MODEL_DIR}/model.json",
            b'{"release_date": "soon"}',
            "model.json: key 'release_date': expected an ISO date (YYYY-MM-DD, or YYYY-MM for a month), got 'soon'",
        ),
        (
            "benchmarks/gpqa.json",
            b'{"benchmark_id": "gpqa", "name": "GPQA", "max_score": 3000}',
            "gpqa.json: key 'max_score': expected 1 or 100 (or a benchmark with a known unit)",
        ),
    ],
)
def test_malformed_input_names_file_and_key(tmp_path, name, data, message):
    with pytest.raises(SourceFormatError) as raised:
        list(benchmark_scores(write_tree(tmp_path, {**TINY, name: data})))
    assert message in str(raised.value)
    assert "\n" not in str(raised.value)


def test_missing_model_json(tmp_path):
    files = {k: v for k, v in TINY.items() if not k.endswith("model.json")}
    with pytest.raises(SourceFormatError, match=r"expected a model\.json beside benchmarks\.json"):
        list(benchmark_scores(write_tree(tmp_path, files)))


@settings(max_examples=80, deadline=None)
@given(files=damage.damaged_trees(TINY))
def test_random_damage_imports_or_raises_source_format_error(files):
    damage.imports_or_fails_cleanly(benchmark_scores, files, "llm-stats")
