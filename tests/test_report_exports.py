"""The xlsx workbook and the JSON evidence record of the seed pair, read back and validated."""

from __future__ import annotations

import io
import json
from dataclasses import replace

import jsonschema
import openpyxl
import pytest

from analysis.errors import ParameterError
from analysis.report.evidence import evidence, schema
from analysis.report.exports import parameters_analysis, write_exports
from analysis.report.pair import pair_report, parse_formats
from analysis.report.paths import report_paths
from analysis.report.workbook import SHEETS, workbook_bytes
from analysis.request import pair_request, pair_scenario

SPARK, STEP = "openai/gpt-5.3-codex-spark", "stepfun/step-3.5-flash"
OPENAI_DATA = "https://developers.openai.com/docs/guides/your-data"


@pytest.fixture(scope="module")
def parameters():
    return pair_request(SPARK, STEP, pair_scenario(input_tokens="500M", output_tokens="350M")).parameters()


@pytest.fixture(scope="module")
def analysis(parameters):
    return parameters_analysis(parameters)


@pytest.fixture(scope="module")
def book(analysis):
    return openpyxl.load_workbook(io.BytesIO(workbook_bytes(analysis)))


def rows(sheet) -> list[tuple]:
    return [tuple(c.value for c in r) for r in sheet.iter_rows()]


def test_workbook_has_one_sheet_per_section(book):
    assert book.sheetnames == list(SHEETS)


def test_checklist_sheet_has_each_models_answer_and_source(book):
    header, *body = rows(book["Due diligence"])
    columns = ("answer", "source", "page", "quote", "on the maker's API", "maker's API source")
    assert header == (
        "Question",
        *(f"{n} {c}" for n in ("GPT-5.3 Codex Spark", "Step 3.5 Flash") for c in columns),
    )
    training = dict(
        zip(header, next(r for r in body if r[0] == "Trains on API data by default"), strict=True)
    )
    spark = [training[f"GPT-5.3 Codex Spark {c}"] for c in ("answer", "source", "page")]
    assert spark == ["No", "procurement 2026-12-01, as of 2026-12-01", OPENAI_DATA]
    assert training["GPT-5.3 Codex Spark quote"].startswith(
        "As of March 1, 2023, data sent to the OpenAI API"
    )
    assert training["GPT-5.3 Codex Spark on the maker's API"] is None  # its headline route is OpenAI's own
    assert (training["Step 3.5 Flash answer"], training["Step 3.5 Flash source"]) == (
        "Unknown: ask the vendor",
        None,
    )
    assert training["Step 3.5 Flash on the maker's API"] == "Unclear (no training exclusion found in terms)"
    assert [r[0] for r in body][-2:] == ["Status and retirement", "Rate limits"]


def test_cost_sheet_marks_each_models_cheapest_route(book):
    header, *body = rows(book["Cost per route"])
    cost = {r[header.index("Route")]: r[header.index("Monthly cost")] for r in body}
    assert cost["openai:openai/gpt-5.3-codex-spark"] == "$5,775.00 (used)"
    assert cost["routing-run:stepfun/step-3.5-flash"] == "$148.80 (used)"


def test_catalog_text_that_looks_like_a_formula_stays_text(analysis):
    d = analysis.due_diligence
    hostile = replace(d, rows=(replace(d.rows[0], label='=HYPERLINK("http://x.example","y")'), *d.rows[1:]))
    book = openpyxl.load_workbook(io.BytesIO(workbook_bytes(replace(analysis, due_diligence=hostile))))
    cell = book["Due diligence"]["A2"]
    assert (cell.value, cell.data_type) == ('=HYPERLINK("http://x.example","y")', "s")


def test_evidence_validates_and_carries_sources_dates_and_quotes(analysis):
    record = json.loads(json.dumps(evidence(analysis)))
    jsonschema.validate(record, schema())
    assert record["pair"] == {"a": SPARK, "b": STEP, "names": ["GPT-5.3 Codex Spark", "Step 3.5 Flash"]}
    values = record["values"]
    cost = [v for v in values if v["section"] == "costs" and v["label"].startswith("monthly cost")]
    assert [(v["model"], v["value"], v["text"]) for v in cost] == [
        ("a", "5775.0000", "$5,775.00"),
        ("b", "148.80000", "$148.80"),
    ]
    (training,) = [v for v in values if v["label"] == "Trains on API data by default" and v["model"] == "a"]
    assert (training["value"], training["source"], training["as_of"], training["url"]) == (
        False,
        "procurement",
        "2026-12-01",
        OPENAI_DATA,
    )
    assert training["quote"].startswith("As of March 1, 2023")
    assert all(v["source"] for v in values if v["value"] is not None)


def test_schema_rejects_a_known_value_without_a_source(analysis):
    record = json.loads(json.dumps(evidence(analysis)))
    known = next(v for v in record["values"] if v["value"] is not None)
    known["source"] = ""
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(record, schema())


def test_write_exports_writes_both_files(parameters, tmp_path):
    paths = report_paths(tmp_path, "seed")
    write_exports(parameters, paths, parse_formats("html,xlsx,json"))
    assert openpyxl.load_workbook(paths.xlsx).sheetnames == list(SHEETS)
    jsonschema.validate(json.loads(paths.json.read_text()), schema())
    assert not paths.html.exists()  # the notebook's formats are write_report's


def test_parse_formats_takes_the_exports_and_names_bad_ones():
    assert parse_formats("xlsx, JSON") == ("xlsx", "json")
    with pytest.raises(
        ParameterError, match=r"^--format = 'csv': expected a comma list of html, pdf, xlsx, json$"
    ):
        parse_formats("csv")


def test_a_bad_requirement_in_the_parameters_is_one_line(parameters):
    with pytest.raises(ParameterError) as err:
        parameters_analysis({**parameters, "require": "soc2,region:mars"})
    assert str(err.value) == (
        "requirement 'region:mars' is unknown: expected some of no-training, zdr, region:eu, region:us, "
        "soc2, iso27001, hipaa, open-weights, commercial-use"
    )


@pytest.mark.slow
def test_a_report_run_writes_html_workbook_and_evidence(parameters, tmp_path):
    """The path `llm-report pair ... --format html,xlsx,json` takes: the notebook, then the exports."""
    paths = pair_report(SPARK, STEP, tmp_path, formats="html,xlsx,json").paths
    assert sorted(p.suffix for p in tmp_path.iterdir()) == [".html", ".ipynb", ".json", ".xlsx"]
    assert '<h2 id="due-diligence">Due diligence</h2>' in paths.html.read_text(encoding="utf-8")
    assert openpyxl.load_workbook(paths.xlsx).sheetnames == list(SHEETS)
    jsonschema.validate(json.loads(paths.json.read_text()), schema())
