"""Report sections as HTML: sources as inline citations (no source columns), the body short, the
long material in a collapsible appendix, nothing dropped on the way."""

import pytest
from bs4 import BeautifulSoup

from analysis.catalog.store import catalog_at
from analysis.narrative import pair_analysis
from analysis.report import render
from analysis.request import pair_scenario


@pytest.fixture(scope="module")
def popular():
    return pair_analysis(catalog_at(None), "Claude Sonnet 4.5", "GPT-5", pair_scenario())


def soup_of(html) -> BeautifulSoup:
    return BeautifulSoup(str(html), "html.parser")


@pytest.mark.parametrize("section", ["scorecard", "specs", "capabilities"])
def test_two_model_tables_cite_in_their_cells_not_in_source_columns(popular, section):
    table = soup_of(getattr(render, section)(popular)).table
    assert [th.get_text() for th in table.thead.find_all("th")][1:] == list(popular.names)
    for row in table.tbody.find_all("tr"):
        cells = row.find_all("td")
        assert len(cells) == 2
        assert any(cell.find(class_="cite") for cell in cells)  # a known value is cited


def test_rows_unknown_for_both_models_are_named_in_one_line(popular):
    soup = soup_of(render.specs(popular))
    labels = [th.get_text() for th in soup.tbody.find_all("th")]
    assert "Architecture" not in labels and "Context window" in labels
    assert "Unknown for both (no source in the catalog says):" in soup.get_text()
    assert "Architecture" in soup.p.get_text()


def routes_of(table) -> list:
    """The route rows of a route table (not the rows naming each model)."""
    return table.tbody.select("tr:not(.group)")


def test_the_body_shows_key_routes_and_the_appendix_every_route(popular):
    body = soup_of(render.pricing(popular)).table
    every = soup_of(render.appendix(popular)).find("summary", string="Every route").parent
    total = len(popular.pricing.a.routes) + len(popular.pricing.b.routes)
    assert len(routes_of(every.table)) == total
    assert 2 <= len(routes_of(body)) < total
    assert [tr.get_text() for tr in body.select("tr.group")] == list(popular.names)
    providers = {tr.td.contents[0].strip() for tr in routes_of(body)}
    assert {"Anthropic", "OpenAI", "Amazon Bedrock"} <= providers
    assert len(body.find_all("strong")) == 2  # each model's cheapest route is in the body, in bold


def test_every_route_names_each_class_and_says_each_reason_once(popular):
    every = soup_of(render.appendix(popular)).find("summary", string="Every route").parent
    classes = [tr.find_all("td")[1].get_text() for tr in routes_of(every.table)]
    assert "reseller" in classes and "maker API" in classes
    reasons = [
        li.get_text() for li in every.find("p", string="Why routes have their class:").find_next("ul")("li")
    ]
    resold = next(r for r in reasons if r.startswith("reseller: a host selling a closed-weights model"))
    assert "Perplexity" in resold and "Replicate" in resold
    assert len(reasons) == len(set(reasons)) and classes.count("reseller") > len(
        [r for r in reasons if r.startswith("reseller")]
    )


def test_the_appendix_is_collapsible_and_holds_the_long_material(popular):
    soup = soup_of(render.appendix(popular))
    assert soup.find("h2")["id"] == "appendix"
    parts = [d.summary.get_text() for d in soup.find_all("details", class_="appendix-part")]
    assert parts == [
        "Every route",
        "Every benchmark score",
        "Conflicts between sources",
        "Sources and review",
    ]
    scores = routes_of(soup.find("summary", string="Every benchmark score").parent.table)
    b = popular.benchmarks
    assert len(scores) == 2 * len(b.shared) + len(b.only_a) + len(b.only_b)
    assert f"Catalog {popular.sources.stamp.catalog_hash}" in soup.get_text()


def test_tradeoffs_show_at_most_six_ranked_bullets_a_side(popular):
    sides = soup_of(render.tradeoffs(popular)).find_all("ul")
    assert [len(ul.find_all("li")) for ul in sides] == [len(popular.tradeoffs.a), len(popular.tradeoffs.b)]
    assert all(len(ul.find_all("li")) <= 6 for ul in sides)


def test_benchmarks_body_names_what_the_appendix_adds(popular):
    text = " ".join(soup_of(render.benchmarks(popular)).get_text().split())
    b = popular.benchmarks
    assert b.only_summary("a") in text and "Every score is in the appendix." in text
    assert "task " not in " ".join(td.get_text() for td in soup_of(render.benchmarks(popular)).find_all("td"))
