"""The change report of `catalog refresh` and `catalog diff`: exactly the changes made, in words."""

from __future__ import annotations

import gzip
import json
import shutil

import pytest

from analysis.assemble import CURATED_DIR, RAW_DIR
from analysis.catalog.store import DEFAULT_PATH
from analysis.cli import main

SHIPPED_EXPORT = RAW_DIR / "openrouter/2026-05-15.c2c5cc8.api-v1-models.json.gz"
RAISED = ("baidu/ernie-4.5-300b-a47b", "mistralai/devstral-medium", "deepseek/deepseek-v3.2-speciale")


def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture(scope="module")
def refreshed(tmp_path_factory):
    """A copy of the project's data refreshed with an OpenRouter export in which three output
    prices rose by half, one model was added and Mistral Large 2411 was removed."""
    root = tmp_path_factory.mktemp("refresh")
    for src, name in ((RAW_DIR, "raw"), (CURATED_DIR, "curated"), (DEFAULT_PATH, "catalog")):
        shutil.copytree(src, root / name)
    shutil.copytree(DEFAULT_PATH, root / "before")
    data = json.loads(gzip.decompress(SHIPPED_EXPORT.read_bytes()))
    for m in data["data"]:
        if m["id"] in RAISED:
            m["pricing"]["completion"] = str(round(float(m["pricing"]["completion"]) * 1.5, 12))
    first = data["data"][0]
    data["data"] = [m for m in data["data"] if m["id"] != "mistralai/mistral-large-2411"]
    data["data"].append({**first, "id": "examplelab/example-model-1", "name": "ExampleLab: Example Model 1"})
    (root / "models.json").write_text(json.dumps(data))
    folders = ["--raw", str(root / "raw"), "--curated", str(root / "curated"), "--out", str(root / "catalog")]
    argv = ["catalog", "refresh", "--openrouter", str(root / "models.json"), "--date", "2026-11-23", *folders]
    code = main(argv)
    assert code == 0
    return root


@pytest.mark.slow  # rebuilds the catalog
def test_refresh_lists_exactly_the_changes_made(capsys, refreshed):
    code, out, err = run(capsys, "catalog", "diff", str(refreshed / "before"), str(refreshed / "catalog"))
    assert code == 0, err
    assert out.splitlines() == [
        "changes: model added: 1; route removed: 1; price changed: 3; capability changed: 1",
        "model added: Example Model 1 (1 route)",
        "route removed: Mistral Large 2.1 on OpenRouter",
        "price changed: ERNIE 4.5 300B A47B on OpenRouter: output price $1.10 / 1M tokens → "
        "$1.65 / 1M tokens (+50.0%)",
        "price changed: DeepSeek V3.2 Speciale on OpenRouter: output price $0.431 / 1M tokens → "
        "$0.6465 / 1M tokens (+50.0%)",
        "price changed: Devstral Medium on OpenRouter: output price $2.00 / 1M tokens → "
        "$3.00 / 1M tokens (+50.0%)",
        # OpenRouter's export was the only source saying it supports structured outputs
        "capability changed: Mistral Large 2.1: structured outputs Yes → Unknown",
    ]


def test_the_as_of_date_moving_is_reported_with_the_prices_it_changed(capsys, tmp_path):
    shutil.copytree(DEFAULT_PATH, tmp_path / "later")
    manifest = json.loads((tmp_path / "later/manifest.json").read_text())
    manifest["as_of"] = "2026-12-01"
    (tmp_path / "later/manifest.json").write_text(json.dumps(manifest))
    code, out, _ = run(capsys, "catalog", "diff", str(DEFAULT_PATH), str(tmp_path / "later"))
    assert code == 0
    lines = out.splitlines()
    assert lines[0] == "changes: as-of date moved; price changed: 2"
    assert lines[1] == (
        "catalog as-of date moved from 2026-11-23 to 2026-12-01 (prices are taken in force on the as-of date)"
    )
    assert (
        "price changed: Gemini 4 Argon on Google: output price $10.00 / 1M tokens → $20.00 / 1M tokens "
        "(+100.0%; because the as-of date moved)"
    ) in lines


@pytest.mark.slow  # rebuilds the catalog
def test_machine_formats_carry_ids_and_values(capsys, refreshed):
    before, after = str(refreshed / "before"), str(refreshed / "catalog")
    _, out, _ = run(capsys, "catalog", "diff", before, after, "--format", "json")
    record = json.loads(out)
    assert record["summary"] == "model added: 1; route removed: 1; price changed: 3; capability changed: 1"
    removed = [c for c in record["changes"] if c["kind"] == "route removed"]
    assert removed == [
        {
            "kind": "route removed",
            "model_id": "mistral/mistral-large-2411",
            "model": "Mistral Large 2.1",
            "route_id": "openrouter:mistral/mistral-large-2411",
            "provider": "OpenRouter",
            "field": "",
            "old": "",
            "new": "",
            "note": "",
        }
    ]
    _, out, _ = run(capsys, "catalog", "diff", before, after, "--format", "csv")
    header, *rows = out.splitlines()
    assert header == "kind,model_id,model,route_id,provider,field,old,new,note"
    assert len(rows) == 6


def test_a_git_revision_names_the_committed_catalog(capsys):
    code, out, err = run(capsys, "catalog", "diff", "HEAD", str(DEFAULT_PATH))
    assert code == 0, err
    assert out.startswith("changes: ")


def test_no_changes_says_so(capsys):
    code, out, _ = run(capsys, "catalog", "diff", str(DEFAULT_PATH), str(DEFAULT_PATH))
    assert (code, out) == (0, "changes: no changes\n")


@pytest.mark.parametrize("spec", ["no-such-revision", "../nowhere"])
def test_neither_folder_nor_revision_is_one_line(capsys, spec):
    code, _, err = run(capsys, "catalog", "diff", spec, str(DEFAULT_PATH))
    assert code == 2
    assert err.strip().count("\n") == 0
    assert f"{spec!r} is neither a catalog folder nor a git revision" in err


# --- a pair's changes since its last review (the record a report keeps) ---

PAIR = ("google/gemini-4-argon", "anthropic/claude-sonnet-4-5")


@pytest.fixture(scope="module")
def record():
    """The review record of a report made on the shipped catalog, as it comes back from JSON."""
    from analysis.catalog.store import load
    from analysis.compare.changes import pair_record

    return json.loads(json.dumps(pair_record(load(DEFAULT_PATH), PAIR)))


def later_catalog():
    """The shipped catalog a week later: Anthropic's own route gone, one capability changed."""
    from analysis.catalog.store import load

    catalog = load(DEFAULT_PATH)
    catalog.manifest = {**catalog.manifest, "as_of": "2026-12-01"}
    catalog.routes = catalog.routes[catalog.routes["route_id"] != "anthropic:anthropic/claude-sonnet-4-5"]
    caps = catalog.capabilities
    vision = (caps["model_id"] == PAIR[0]) & (caps["capability"] == "vision")
    catalog.capabilities = caps.assign(value=caps["value"].mask(vision, False))
    return catalog


def test_pair_changes_since_a_record_list_prices_routes_capabilities_and_monthly_effect(record):
    from analysis.compare.changes import pair_changes
    from analysis.costs import scenario
    from analysis.costs.policy import TRUSTED

    lines = [c.text() for c in pair_changes(record, later_catalog(), scenario("medium"), TRUSTED)]
    assert lines == [
        "catalog as-of date moved from 2026-11-23 to 2026-12-01 (prices are taken in force on the as-of date)",
        "route removed: Claude Sonnet 4.5 on Anthropic",
        "price changed: Gemini 4 Argon on Google: input price $2.00 / 1M tokens → $4.00 / 1M tokens "
        "(+100.0%; because the as-of date moved)",
        "price changed: Gemini 4 Argon on Google: output price $10.00 / 1M tokens → $20.00 / 1M tokens "
        "(+100.0%; because the as-of date moved)",
        "capability changed: Gemini 4 Argon: vision Yes → No",
        # no maker route is left: a cloud at the maker's price carries the cost before a gateway at it
        # (Bedrock's undated route retires with the as-of date moving past 2026-11-30)
        "cost at the scenario: Claude Sonnet 4.5 on Amazon Bedrock (0+au): cheapest route Anthropic → "
        "Amazon Bedrock (0+au) (same cost)",
        "cost at the scenario: Claude Sonnet 4.5: maker's API $6,750.00 → unavailable",
        "cost at the scenario: Gemini 4 Argon on Vertex: cheapest route Google → Vertex (same cost)",
        "cost at the scenario: Gemini 4 Argon on Google: maker's API $4,500.00 → $9,000.00 (+100.0%)",
    ]


def test_pair_changes_say_none_for_the_same_catalog(record):
    from analysis.catalog.store import load
    from analysis.compare.changes import pair_changes
    from analysis.costs import scenario
    from analysis.costs.policy import TRUSTED

    assert pair_changes(record, load(DEFAULT_PATH), scenario("medium"), TRUSTED) == []


def test_a_record_from_an_older_schema_compares_only_what_it_had(record):
    from analysis.catalog.store import load
    from analysis.compare.changes import pair_changes
    from analysis.costs import scenario
    from analysis.costs.policy import TRUSTED

    older = json.loads(json.dumps(record))
    for row in older["tables"]["models"]:
        del row["status"], row["license"]
    assert pair_changes(older, load(DEFAULT_PATH), scenario("medium"), TRUSTED) == []


@pytest.mark.slow  # rebuilds the catalog
def test_a_refresh_keeps_the_price_history_so_a_past_date_prices_the_past(refreshed):
    """Devstral Medium's OpenRouter output price was $2.00 in the 2026-05-15 export and $3.00 in
    the one saved on 2026-11-23: each date gets the price in force then."""
    from dataclasses import replace

    from analysis.catalog.store import load
    from analysis.costs import model_cost, scenario

    catalog = load(refreshed / "catalog")
    route = "openrouter:mistral/devstral-medium"

    def output_price(day: str):
        cost = model_cost(catalog, "mistral/devstral-medium", replace(scenario("medium"), price_date=day))
        return next(r.rates.output_mtok for r in cost.routes if r.route_id == route)

    assert output_price("2026-06-01") == 2
    assert output_price("2026-11-23") == 3
    starts = catalog.prices[catalog.prices["route_id"] == route]["effective_from"].tolist()
    assert sorted(starts) == ["", "2026-11-23"]
