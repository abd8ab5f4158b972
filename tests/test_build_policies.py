"""The procurement snapshot and curated policy rows in the catalog: import, overlay, validation."""

from __future__ import annotations

import io
import tarfile
from pathlib import Path

import pytest

from analysis.assemble import authority, policies
from analysis.assemble.curated import CURATED_FILES, Curated
from analysis.assemble.identity import Rules
from analysis.assemble.matching import Matcher
from analysis.catalog import Catalog, load
from analysis.errors import CatalogError, SourceFormatError
from analysis.sources.procurement import LicenseRecord, policy_records
from analysis.sources.records import Provenance, Snapshot

HEADER = "provider,field,value,source_url,quote,page_date,retrieved\n"


@pytest.fixture(scope="module")
def catalog():
    return load()


def rows(catalog, **where):
    p = catalog.provider_policies
    for column, value in where.items():
        p = p[p[column] == value]
    return p.to_dict("records")


def test_snapshot_rows_keep_value_quote_page_and_line(catalog):
    (row,) = rows(catalog, provider="openai", field="trains_on_api_data_by_default")
    assert (row["value"], row["source"], row["version"], row["as_of"]) == (
        "no",
        "procurement",
        "2026-12-01",
        "2026-12-01",
    )
    assert (row["locator"], row["url"]) == (
        "providers.csv line 2",
        "https://developers.openai.com/docs/guides/your-data",
    )
    assert row["quote"].startswith("As of March 1, 2023, data sent to the OpenAI API is not used to train")


def test_curated_rows_cover_providers_the_snapshot_lacks(catalog):
    (row,) = rows(catalog, provider="nebius", field="zero_data_retention_available")
    assert (row["source"], row["locator"]) == ("curated", "provider_policies.csv line 2")
    assert row["url"] == "https://docs.studio.nebius.com/legal/legal-quick-guide"
    (cohere,) = rows(catalog, provider="cohere", field="trains_on_api_data_by_default")
    assert (cohere["value"], cohere["page_date"]) == ("yes (opt-out in dashboard settings)", "2025-12-05")


def test_licenses_match_models_by_hugging_face_repo(catalog):
    lic = catalog.licenses.set_index(["model_id", "family"])
    assert lic.loc[("openai/gpt-oss-120b", "gpt-oss"), ["license_name", "commercial_use"]].tolist() == [
        "Apache License 2.0",
        "yes",
    ]
    assert (
        lic.loc[("google/gemma-3-12b-it", "Gemma 3"), "commercial_use"] == ""
    )  # the source does not settle it


def test_deepseek_v3_has_the_license_its_maker_publishes(catalog):
    """The repo deepseek-ai/DeepSeek-V3 is also the Hugging Face id OpenRouter gives its
    deepseek-chat alias; the license still belongs to DeepSeek V3 (procurement licenses.csv line 5)."""
    (row,) = catalog.licenses[catalog.licenses["family"] == "DeepSeek-V3"].to_dict("records")
    assert (row["model_id"], row["hugging_face_repo"]) == ("deepseek/deepseek-v3", "deepseek-ai/DeepSeek-V3")
    assert row["license_name"] == "DeepSeek License Agreement v1.0 (model weights; code is MIT)"
    assert row["commercial_use"] == "yes with conditions"
    assert row["url"] == (
        "https://github.com/deepseek-ai/DeepSeek-V3/blob/0c23830e9e03ad9f7152364667110360e2141a3a/LICENSE-MODEL"
    )
    assert row["quote"].startswith("You may host for Third Party remote access purposes")
    models = catalog.models.set_index("model_id")
    assert models.loc["deepseek/deepseek-v3", "license"] == row["license_name"]
    facts = catalog.facts
    (chosen,) = facts[
        (facts["model_id"] == "deepseek/deepseek-v3") & (facts["field"] == "license") & facts["chosen"]
    ].to_dict("records")
    assert (chosen["source"], chosen["locator"]) == ("procurement", "licenses.csv line 5")
    assert catalog.licenses[catalog.licenses["model_id"] == "deepseek/deepseek-chat"].empty


def test_every_license_row_names_its_model_except_base_weights_the_catalog_lacks(catalog):
    lic = catalog.licenses
    assert dict(zip(lic["family"], lic["model_id"], strict=True)) == {
        "DeepSeek-R1": "deepseek/deepseek-r1",
        "DeepSeek-V3": "deepseek/deepseek-v3",
        "GLM-4.5": "zhipuai/glm-4.5",
        "Gemma 3": "google/gemma-3-12b-it",
        "Kimi K2": "moonshotai/kimi-k2",
        "Llama 3.1": "meta/llama-3.1-70b-instruct",
        "Llama 4": "meta/llama-4-maverick",
        "Mistral Large 2": "mistral/mistral-large-2407",
        "Mistral Small 3": "",  # mistralai/Mistral-Small-24B-Base-2501: base weights, not the instruct entry
        "Phi-4": "microsoft/phi-4",
        "Qwen3": "alibaba/qwen3-235b-a22b",
        "gpt-oss": "openai/gpt-oss-120b",
    }
    models = catalog.models.set_index("model_id")
    assert models.loc["mistral/mistral-large-2407", "license"] == "Mistral AI Research License (MRL-0.1)"


def test_a_repo_named_by_a_chat_aliass_route_file_goes_to_the_model_it_names(tmp_path):
    rules = Rules(Curated(tmp_path, {name: [] for name in CURATED_FILES}))
    matcher = Matcher(
        [
            {"alias": "deepseek-ai/deepseek-v3", "model_id": "deepseek/deepseek-chat"},
            {"alias": "deepseek-ai/deepseek-v3", "model_id": "deepseek/deepseek-v3"},
            {"alias": "deepseek-ai/mistery-7b-base", "model_id": "acme/other"},
        ],
        rules,
    )
    prov = Provenance("procurement", "v", "2026-12-01", "licenses.csv line 2", "https://a.example/LICENSE")
    v3 = LicenseRecord(
        "DeepSeek-V3", "deepseek-ai/DeepSeek-V3", "DSL", "", "yes", "", "q", "2026-12-01", prov
    )
    other = LicenseRecord("Other", "lab/unknown-repo", "MIT", "MIT", "yes", "", "q", "2026-12-01", prov)
    rows = policies.licensed([v3, other], matcher)
    assert [(r.family, m) for r, m in rows] == [("DeepSeek-V3", "deepseek/deepseek-v3"), ("Other", "")]
    assert [(o.model_id, o.field, o.value, o.rank) for o in policies.license_observations(rows)] == [
        ("deepseek/deepseek-v3", "license", "DSL", authority.CURATED)
    ]
    assert [(r["model_id"], r["family"]) for r in policies.license_rows(rows)] == [
        ("", "Other"),
        ("deepseek/deepseek-v3", "DeepSeek-V3"),
    ]


def test_procurement_does_not_move_the_catalog_date(catalog):
    assert catalog.manifest["as_of"] == "2026-11-23"
    assert {s["source"]: s["as_of"] for s in catalog.manifest["sources"]}["procurement"] == "2026-12-01"


def curated(tmp_path: Path, *lines: str) -> Curated:
    header = "provider,route_id,field,value,source_url,quote,page_date,retrieved"
    rows = [dict(zip(header.split(","), line.split(","), strict=True)) for line in lines]
    return Curated(tmp_path, {policies.CURATED_FILE: rows})


def test_a_curated_row_replaces_the_snapshots_row_of_the_same_key(tmp_path):
    snapshot = Snapshot("procurement", tmp_path / "p.tar.gz", "v", "2026-12-01")
    (tmp_path / "p.tar.gz").write_bytes(
        tarball({"providers.csv": HEADER + "acme,soc2_type2,no,https://a.example,says no,,2026-12-01\n"})
    )
    records = list(policy_records(snapshot))
    fixed = curated(tmp_path, "acme,,soc2_type2,yes,https://a.example/trust,says yes,,2026-12-01")
    (row,) = policies.policy_rows(records, fixed, set())
    assert (row["value"], row["quote"], row["source"]) == ("yes", "says yes", "curated")


@pytest.mark.parametrize(
    ("line", "message"),
    [
        (
            "acme,,soc3,yes,https://a.example,q,,2026-12-01",
            "line 2: field 'soc3' is unknown; expected one of trains_on_api_data_by_default,",
        ),
        (
            "acme,acme:lab/m,soc2_type2,yes,https://a.example,q,,2026-12-01",
            "line 2: route_id 'acme:lab/m' is not in the catalog; expected a route id or nothing",
        ),
        (
            "acme,,soc2_type2,yes,https://a.example,,,2026-12-01",
            "line 2: value, quote and retrieved must be filled; a fact not found gets no row",
        ),
        (
            "acme,,soc2_type2,yes,javascript:alert(1),q,,2026-12-01",
            "line 2: source_url 'javascript:alert(1)' is not an http(s) URL of the page quoted",
        ),
    ],
)
def test_a_bad_curated_row_names_its_line(tmp_path, line, message):
    with pytest.raises(
        CatalogError, match="provider_policies.csv " + message.replace("(", r"\(").replace(")", r"\)")
    ):
        policies.curated_rows(curated(tmp_path, line), set())


def test_an_unknown_field_in_the_snapshot_is_one_line(tmp_path):
    path = tmp_path / "p.tar.gz"
    path.write_bytes(tarball({"providers.csv": HEADER + "acme,fast,yes,https://a.example,q,,2026-12-01\n"}))
    with pytest.raises(SourceFormatError) as err:
        list(policy_records(Snapshot("procurement", path, "v", "2026-12-01")))
    assert str(err.value).startswith(
        f"{path}/providers.csv: line 2 column field: expected one of trains_on_api"
    )
    assert str(err.value).endswith("got 'fast'")


def test_validation_flags_broken_rows():
    fact = {
        "provider": "acme",
        "field": "soc2_type2",
        "value": "yes",
        "quote": "q",
        "url": "https://a.example",
    }
    cat = Catalog.from_rows(
        provider_policies=[fact, fact, {**fact, "field": "x", "route_id": "acme:lab/m", "url": "ftp://a"}],
        licenses=[{"model_id": "lab/gone", "family": "F", "commercial_use": "maybe"}],
    )
    assert policies.errors(cat) == [
        "provider_policies.csv: ('acme', '', 'soc2_type2') appears more than once",
        "provider_policies.csv: 'acme' field x: unknown field; expected one of "
        + ", ".join(policies.POLICY_FIELDS),
        "provider_policies.csv: 'acme' field x: route_id 'acme:lab/m' is not in routes.csv",
        "provider_policies.csv: 'acme' field x: expected a verbatim quote and the http(s) URL of its page",
        "licenses.csv: 'lab/gone': model_id is not in models.csv",
        "licenses.csv: 'lab/gone' field commercial_use: 'maybe' is not one of ('yes', 'yes with conditions', 'no')",
    ]


def tarball(files: dict[str, str]) -> bytes:
    out = io.BytesIO()
    with tarfile.open(fileobj=out, mode="w:gz") as tar:
        for name, text in files.items():
            data = text.encode()
            info = tarfile.TarInfo(name)
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))
    return out.getvalue()
