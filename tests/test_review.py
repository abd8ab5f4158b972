"""Re-review: an earlier report's evidence or executed notebook, read back as what changed since."""

from __future__ import annotations

import json

import pytest

from analysis.catalog import load
from analysis.cli import main
from analysis.costs import scenario
from analysis.errors import ParameterError
from analysis.narrative import pair_analysis
from analysis.report.evidence import evidence
from analysis.report.metadata import REVIEW_MIME, review_output
from analysis.report.since import previous_review

PAIR = ("anthropic/claude-sonnet-4-5", "openai/gpt-5")


@pytest.fixture(scope="module")
def first():
    """The first review of the pair, on the shipped catalog."""
    return pair_analysis(load(), *PAIR, scenario("medium"), cost_detail=False)


def later_catalog():
    """The shipped catalog after a refresh that moved OpenAI's GPT-5 input price (undated and
    dated snapshot routes) to $1.50."""
    catalog = load()
    prices = catalog.prices
    gpt5 = prices["route_id"].str.match(r"openai:openai/gpt-5(@|$)") & (prices["tier_start"] == 0)
    catalog.prices = prices.assign(input_mtok=prices["input_mtok"].mask(gpt5, 1.5))
    return catalog


def test_the_evidence_record_brings_back_the_review(first, tmp_path):
    path = tmp_path / "first.json"
    path.write_text(json.dumps(evidence(first), default=str))
    review = previous_review(path)
    assert review.date == "2026-11-23"
    again = pair_analysis(load(), *PAIR, scenario("medium"), since=review, cost_detail=False)
    assert again.changes_since.lines == ("No changes.",)
    assert again.changes_since.heading == "Changes since the last review (its catalog: 2026-11-23)"


@pytest.mark.parametrize("written", ["as now (one JSON string)", "as older reports did (nested JSON)"])
def test_an_executed_notebook_brings_back_the_review_and_the_changes_are_listed(first, tmp_path, written):
    record = review_output(first)._repr_mimebundle_()[REVIEW_MIME]
    assert isinstance(record, str)
    if written.startswith("as older"):
        record = first.review
    notebook = {"cells": [{"cell_type": "code", "outputs": [{"data": {REVIEW_MIME: record}}]}]}
    path = tmp_path / "first.ipynb"
    path.write_text(json.dumps(notebook))
    later = pair_analysis(
        later_catalog(), *PAIR, scenario("medium"), since=previous_review(path), cost_detail=False
    )
    assert later.changes_since.lines == (
        "price changed: GPT-5 on OpenAI: input price $1.25 / 1M tokens → $1.50 / 1M tokens (+20.0%)",
        "price changed: GPT-5 on OpenAI (2025-08-07): input price $1.25 / 1M tokens → $1.50 / 1M tokens "
        "(+20.0%)",
        # Azure still sells at the old price: the headline moves there, the maker's API costs more
        "cost at the scenario: GPT-5 on Azure Cognitive Services: cheapest route OpenAI → "
        "Azure Cognitive Services (same cost)",
        "cost at the scenario: GPT-5 on OpenAI: maker's API $4,125.00 → $4,250.00 (+3.0%)",
    )


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (None, "no such file"),
        ("{", "not readable JSON (JSONDecodeError)"),
        ('{"cells": []}', "it holds no review record"),
    ],
)
def test_a_bad_since_file_is_one_line(tmp_path, text, message):
    path = tmp_path / "earlier.json"
    if text is not None:
        path.write_text(text)
    with pytest.raises(ParameterError) as e:
        previous_review(path)
    assert str(e.value).startswith(f"--since {path}: {message}")
    assert str(e.value).endswith("expected an earlier report's .json evidence record or its executed .ipynb")


def test_the_cli_refuses_a_since_file_without_a_record_before_the_notebook_runs(tmp_path, capsys):
    path = tmp_path / "notes.json"
    path.write_text("{}")
    code = main(["pair", *PAIR, "--since", str(path), "--out", str(tmp_path / "out")])
    err = capsys.readouterr().err
    assert code == 2
    assert err == (
        f"llm-report: error: --since {path}: it holds no review record; "
        "expected an earlier report's .json evidence record or its executed .ipynb\n"
    )
    assert not (tmp_path / "out").exists() or not any((tmp_path / "out").iterdir())
