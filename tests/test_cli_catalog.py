"""`llm-report catalog ...`: list, show, validate and refresh, with their errors."""

from __future__ import annotations

import gzip
import json
import shutil

import pytest

from analysis.assemble import CURATED_DIR, RAW_DIR
from analysis.catalog.store import DEFAULT_PATH
from analysis.cli import main


def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_list_searches_ids_and_names(capsys):
    code, out, _ = run(capsys, "catalog", "list", "--search", "step 3.5 flash")
    assert code == 0
    assert "stepfun/step-3.5-flash " in out
    assert out.strip().endswith("model(s)")


def test_list_by_provider(capsys):
    code, out, _ = run(capsys, "catalog", "list", "--provider", "stepfun")
    assert code == 0
    assert "stepfun/step-3.5-flash" in out
    assert "openai/" not in out


def test_show_prints_sources_routes_and_conflicts(capsys):
    code, out, _ = run(capsys, "catalog", "show", "Step 3.5 Flash")
    assert code == 0
    assert out.startswith("stepfun/step-3.5-flash\n")
    assert "params_total         196000000000" in out
    assert "[curated 2026-11-24 facts.csv line 2]" in out
    assert "stepfun:stepfun/step-3.5-flash" in out and "in $0.1 out $0.3 cache read $0.02 per 1M" in out
    assert "context_window: chosen 256000" in out and "262144" in out
    assert "routes (prices in force on 2026-11-23):" in out  # the catalog's as-of date


def test_show_takes_the_prices_costs_use_with_their_context_tiers(capsys):
    code, out, _ = run(capsys, "catalog", "show", "claude-sonnet-4.5", "--price-date", "2026-10-19")
    assert code == 0 and "routes (prices in force on 2026-10-19):" in out
    line = next(
        line for line in out.splitlines() if line.startswith("  anthropic:anthropic/claude-sonnet-4-5 ")
    )
    assert "in $3 out $15 cache read $0.3 per 1M (+1 context tier)" in line
    code, _, err = run(capsys, "catalog", "show", "claude-sonnet-4.5", "--price-date", "2026-13-01")
    assert (code, err) == (
        2,
        "llm-report: error: price_date = '2026-13-01': expected an ISO date like 2026-10-19\n",
    )


def test_show_unknown_model_is_one_line_with_exit_2(capsys):
    code, _, err = run(capsys, "catalog", "show", "no-such-model-xyz")
    assert code == 2
    assert err.count("\n") == 1
    assert err.startswith("llm-report: error: unknown model 'no-such-model-xyz'")


def test_validate_passes_on_the_committed_catalog(capsys):
    code, out, _ = run(capsys, "catalog", "validate")
    assert code == 0
    assert "is valid" in out


def test_validate_fails_on_an_edited_table(capsys, tmp_path):
    shutil.copytree(DEFAULT_PATH, tmp_path / "catalog")
    models = tmp_path / "catalog" / "models.csv"
    models.write_text(models.read_text().replace("2026-01-29", "2026-01-30", 1))
    code, _, err = run(capsys, "catalog", "validate", "--catalog", str(tmp_path / "catalog"))
    assert code == 1
    assert f"{models}: content differs from the manifest's sha256" in err


def test_validate_reports_a_missing_catalog(capsys, tmp_path):
    code, _, err = run(capsys, "catalog", "validate", "--catalog", str(tmp_path))
    assert code == 2
    assert f"no catalog at {tmp_path}: manifest.json is missing" in err


@pytest.fixture
def workspace(tmp_path):
    """A copy of data/raw, data/curated and data/catalog to refresh."""
    for src, name in ((RAW_DIR, "raw"), (CURATED_DIR, "curated"), (DEFAULT_PATH, "catalog")):
        shutil.copytree(src, tmp_path / name)
    return tmp_path


def folder_options(workspace):
    """--raw, --curated and --out pointing at the workspace copy."""
    return [
        "--raw",
        str(workspace / "raw"),
        "--curated",
        str(workspace / "curated"),
        "--out",
        str(workspace / "catalog"),
    ]


def saved_openrouter(path, change):
    """A user's saved OpenRouter export: the shipped one with ``change`` applied."""
    data = json.loads(
        gzip.decompress((RAW_DIR / "openrouter/2026-05-15.c2c5cc8.api-v1-models.json.gz").read_bytes())
    )
    change(data["data"])
    path.write_text(json.dumps(data))
    return path


@pytest.mark.slow
def test_refresh_imports_a_saved_export_and_prints_changes(capsys, workspace):
    def change(models):
        for m in models:
            if m["id"] == "stepfun/step-3.5-flash":
                m["pricing"]["completion"] = "0.0000004"
        models.append(
            {**models[0], "id": "examplelab/example-model-1", "name": "ExampleLab: Example Model 1"}
        )

    saved = saved_openrouter(workspace / "models.json", change)
    args = folder_options(workspace)
    code, out, err = run(
        capsys, "catalog", "refresh", "--openrouter", str(saved), "--date", "2026-11-24", *args
    )
    assert code == 0, err
    assert "snapshot added: openrouter,openrouter/2026-11-24.saved-" in out
    assert "model added: Example Model 1 (1 route)" in out
    registry = (workspace / "raw" / "snapshots.csv").read_text().splitlines()
    assert registry[-1].startswith("openrouter,openrouter/2026-11-24.saved-")
    assert "stepfun/step-3.5-flash" in (workspace / "catalog" / "models.csv").read_text()


def test_refresh_with_a_malformed_file_changes_nothing(capsys, workspace):
    bad = workspace / "bad.json"
    bad.write_text('{"data": [ {"id": ')
    before = (workspace / "raw" / "snapshots.csv").read_text()
    args = folder_options(workspace)
    code, _, err = run(capsys, "catalog", "refresh", "--openrouter", str(bad), *args)
    assert code == 2
    assert err.startswith("llm-report: error: ") and "bad.json" in err
    assert err.count("\n") == 1
    assert (workspace / "raw" / "snapshots.csv").read_text() == before
    assert not list((workspace / "raw" / "openrouter").glob("*.saved-*"))


def test_refresh_needs_a_file(capsys):
    code, _, err = run(capsys, "catalog", "refresh")
    assert code == 2
    assert "catalog refresh needs at least one of --models-dev, --openrouter, --litellm" in err


@pytest.mark.slow
def test_refresh_from_a_saved_litellm_file_keeps_the_higher_precedence_price(capsys, workspace):
    # gpt-4o-mini at openai takes its prices from genai-prices, so LiteLLM's new price is kept
    # in prices.csv (not chosen) and the chosen prices do not change.
    path = RAW_DIR / "litellm/2026-11-23.1.109.1.model_prices_and_context_window.json.gz"
    data = json.loads(gzip.decompress(path.read_bytes()))
    data["gpt-4o-mini"]["input_cost_per_token"] = 3e-07  # was 1.5e-07
    saved = workspace / "model_prices_and_context_window.json"
    saved.write_text(json.dumps(data))
    args = folder_options(workspace)
    code, out, err = run(capsys, "catalog", "refresh", "--litellm", str(saved), "--date", "2026-11-24", *args)
    assert code == 0, err
    assert "snapshot added: litellm,litellm/2026-11-24.saved-" in out
    # the higher-precedence price stays chosen; the saved file's value is a new conflict
    assert "changes: as-of date moved; new conflict: 1\n" in out
    assert (
        "new conflict: GPT-4o mini on OpenAI: input price $0.30 / 1M tokens → $0.15 / 1M tokens "
        "(another source's value → the one used)"
    ) in out
    registry = (workspace / "raw" / "snapshots.csv").read_text().splitlines()
    assert registry[-1].split(",")[2] == "litellm-json"
    prices = (workspace / "catalog" / "prices.csv").read_text()
    assert "openai:openai/gpt-4o-mini,,0,,0.3," in prices
