"""Provider display names: every provider on a route is named as a source writes it."""

from __future__ import annotations

import pytest

from analysis.assemble import providers
from analysis.assemble.curated import CURATED_FILES, Curated, read_curated
from analysis.assemble.identity import Rules
from analysis.assemble.snapshots import importer, latest
from analysis.catalog.settings import CURATED_DIR, RAW_DIR
from analysis.errors import CatalogError
from analysis.sources import genai_prices, models_dev
from analysis.sources.records import Provenance


@pytest.fixture(scope="module")
def pages():
    """Every provider record of the raw snapshots the build reads (models.dev, genai-prices)."""
    out = []
    for row, snap in latest(RAW_DIR):
        if read := importer(row["format"], "providers"):
            out.extend(read(snap))
    return out


@pytest.fixture(scope="module")
def curated():
    return read_curated(CURATED_DIR)


def test_no_provider_on_a_route_lacks_a_display_name(catalog, pages, curated):
    routed = set(catalog.routes["provider"])
    assert providers.unnamed(pages, curated, Rules(curated), routed) == []
    names = dict(zip(catalog.providers["provider"], catalog.providers["name"], strict=True))
    assert set(names) == routed
    # Only providers whose own source writes the id as the name keep it (models.dev provider.toml).
    assert sorted(p for p, n in names.items() if n == p) == ["evroc", "submodel"]


@pytest.mark.parametrize(
    ("provider", "name"),
    [
        ("hyperbolic", "Hyperbolic"),  # LiteLLM provider_endpoints_support.json, via the curated file
        ("kyma", "Kyma API"),  # the kyma-ai package page, via the curated file
        ("huggingface-novita", "HuggingFace (novita)"),  # genai-prices' provider entry
        ("quicksilverpro", "QuickSilver Pro"),  # genai-prices
        ("wafer-ai", "Wafer"),  # models.dev providers/wafer.ai/provider.toml
        ("routing-run", "routing.run"),  # models.dev, unchanged
        ("openai", "OpenAI"),
    ],
)
def test_known_display_names(catalog, provider, name):
    row = catalog.providers.set_index("provider").loc[provider]
    assert row["name"] == name


def test_wafer_keeps_its_models_dev_pages(catalog):
    row = catalog.providers.set_index("provider").loc["wafer-ai"]
    assert (row["doc_url"], row["api_url"]) == (
        "https://docs.wafer.ai/wafer-pass",
        "https://pass.wafer.ai/v1",
    )


def test_a_curated_name_comes_first_then_models_dev_then_genai_prices(tmp_path):
    prov = Provenance("models.dev", "v", "2026-01-01", "providers/x/provider.toml")
    gp = Provenance("genai-prices", "v", "2026-01-01", "x")
    pages = [
        genai_prices.ProviderRecord("acme_cloud", "Acme Cloud (genai)", (), "", gp),
        models_dev.ProviderRecord("acme.cloud", "Acme Cloud", "", "", "", (), prov),
        genai_prices.ProviderRecord("beta", "Beta Inference", (), "", gp),
        models_dev.ProviderRecord("beta", "", "", "", "", (), prov),
        models_dev.ProviderRecord("gamma", "Gamma", "", "", "", (), prov),
    ]
    curated = Curated(
        tmp_path,
        {name: [] for name in CURATED_FILES}
        | {
            providers.CURATED_FILE: [
                {
                    "provider": "gamma",
                    "name": "Gamma AI",
                    "source_url": "https://gamma.example/about",
                    "quote": "Welcome to Gamma AI.",
                    "retrieved": "2026-12-01",
                }
            ]
        },
    )
    rules = Rules(curated)
    assert providers.display_names(pages, curated, rules) == {
        "acme-cloud": "Acme Cloud",
        "beta": "Beta Inference",
        "gamma": "Gamma AI",
    }
    assert providers.unnamed(pages, curated, rules, ["beta", "delta"]) == ["delta"]


@pytest.mark.parametrize(
    ("row", "message"),
    [
        (
            {
                "name": "Gamma AI",
                "source_url": "https://g.example",
                "quote": "Gamma",
                "retrieved": "2026-12-01",
            },
            "line 2: the quote does not contain the name 'Gamma AI'",
        ),
        (
            {
                "name": "Gamma",
                "source_url": "javascript:alert(1)",
                "quote": "Gamma",
                "retrieved": "2026-12-01",
            },
            "line 2: source_url 'javascript:alert(1)' is not an http(s) URL of the page quoted",
        ),
        (
            {"name": "Gamma", "source_url": "https://g.example", "quote": "Gamma", "retrieved": ""},
            "line 2: provider, name, quote and retrieved must be filled",
        ),
    ],
)
def test_a_bad_curated_name_names_its_line(tmp_path, row, message):
    curated = Curated(tmp_path, {providers.CURATED_FILE: [{"provider": "gamma", **row}]})
    with pytest.raises(CatalogError) as err:
        providers.curated_names(curated)
    assert str(err.value) == f"{tmp_path / providers.CURATED_FILE} {message}"
