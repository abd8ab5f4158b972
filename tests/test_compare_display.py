"""Analysis sections in Jupyter: each shows as its table (``_repr_html_``) and gives a DataFrame."""

import pandas as pd
import pytest
from seed import FRAME_SECTIONS

from analysis.catalog.store import catalog_at
from analysis.compare import Cited, Row, Scorecard
from analysis.narrative import pair_analysis
from analysis.request import pair_scenario


@pytest.fixture(scope="module")
def seed():
    catalog = catalog_at(None)
    return pair_analysis(catalog, "openai/gpt-5.3-codex-spark", "stepfun/step-3.5-flash", pair_scenario())


@pytest.mark.parametrize("name", FRAME_SECTIONS)
def test_every_section_displays_as_the_table_of_its_frame(seed, name):
    section = getattr(seed, name)
    frame = section.to_frame()
    assert isinstance(frame, pd.DataFrame) and len(frame.columns) >= 2
    shown = section._repr_html_()
    assert shown.startswith("<table") and shown == frame.to_html(index=False, border=0, na_rep="Unknown")


def test_the_seed_costs_show_both_monthly_costs(seed):
    shown = seed.costs._repr_html_()
    assert "$5,775.00" in shown  # GPT-5.3 Codex Spark on OpenAI
    assert "$148.80" in shown and "$155.00" in shown  # Step 3.5 Flash: cheapest trusted route, maker's API
    frame = seed.costs.to_frame()
    assert list(zip(frame["Model"], frame["Basis"], strict=True)) == [
        ("GPT-5.3 Codex Spark", "Cheapest trusted route"),
        ("Step 3.5 Flash", "Cheapest trusted route"),
        ("Step 3.5 Flash", "Maker API"),
    ]


def test_catalog_text_in_a_section_is_escaped():
    card = Scorecard(("<b>A</b>", "B"), (Row("<script>x</script>", Cited("v"), Cited(None)),))
    shown = card._repr_html_()
    assert "<script>" not in shown and "&lt;script&gt;x&lt;/script&gt;" in shown
    assert "Unknown" in shown


@pytest.mark.parametrize(
    ("name", "label_column", "key", "label"),
    [
        ("scorecard", "Signal", "Context window", "Context window"),
        ("specs", "Specification", "Max output", "Max output"),
        ("capabilities", "Capability", "tool_choice", "Tool use"),
        ("due_diligence", "Question", "zdr", "Zero data retention available"),
    ],
)
def test_row_sections_share_one_table_shape_and_row_lookup(seed, name, label_column, key, label):
    section = getattr(seed, name)
    a, b = section.names
    assert list(section.to_frame().columns) == [label_column, a, b, f"{a} source", f"{b} source"]
    assert section.row(key).label == label
    assert section.row("no such row") is None
