"""Batch inputs without kernels: pairs files, shortlists, jobs and names, keys, manifest checks, index."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from analysis.batch import read_pairs, shortlist_pairs
from analysis.batch.index import index_page
from analysis.batch.jobs import batch_jobs
from analysis.batch.keys import report_key, sha256_hex
from analysis.batch.manifest import up_to_date
from analysis.batch.pairs import PairRow
from analysis.cli import main
from analysis.errors import ParameterError, RunError

INPUTS = {"catalog_hash": "c", "notebook_sha256": "n", "templates_sha256": "t", "package_version": "0"}
GPT, STEP, SPARK = "openai/gpt-4o", "Step 3.5 Flash", "GPT-5.3-Codex-Spark"


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def jobs_for(rows, **options):
    return batch_jobs(rows, inputs=INPUTS, formats=("html",), pdf=("A4", "chromium"), **options)


def test_csv_pairs_with_scenario_columns_and_their_lines(tmp_path):
    path = write(
        tmp_path,
        "pairs.csv",
        f"Model_A,model-b,input_tokens,Cache-Share\n{GPT},{STEP},1B,0.2\n\n {SPARK} ,{STEP},,\n",
    )
    rows = read_pairs(path)
    assert rows == [
        PairRow(f"{path}, line 2", GPT, STEP, {"input_tokens": "1B", "cache_share": "0.2"}),
        PairRow(f"{path}, line 4", SPARK, STEP, {}),
    ]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            "model_a,input_tokens\nx,1M\n",
            r"pairs\.csv, line 1: missing column model_b; expected model_a, model_b",
        ),
        ("model_a,model_b,colour\nx,y,red\n", r"pairs\.csv, line 1: unknown column 'colour'"),
        ("model_a,model_b\nx,y\nz,\n", r"pairs\.csv, line 3: no value for model_b"),
        ("model_a,model_b\nx,y,z\n", r"pairs\.csv, line 2: 3 fields but the header names 2"),
        ("", r"pairs\.csv is empty"),
    ],
)
def test_csv_errors_name_the_file_and_line(tmp_path, text, message):
    with pytest.raises(ParameterError, match=message) as error:
        read_pairs(write(tmp_path, "pairs.csv", text))
    assert "\n" not in str(error.value)


def test_yaml_pairs_as_a_list_or_under_pairs(tmp_path):
    listed = write(tmp_path, "a.yaml", f"- model_a: {GPT}\n  model_b: {STEP}\n  input_tokens: 500000000\n")
    nested = write(tmp_path, "b.yml", f"pairs:\n  - {{model_a: {GPT}, model_b: {STEP}}}\n")
    assert read_pairs(listed) == [PairRow(f"{listed}, line 1", GPT, STEP, {"input_tokens": 500000000})]
    assert read_pairs(nested) == [PairRow(f"{nested}, line 2", GPT, STEP, {})]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("- model_a: x\n  model_b: y\n- model_a: z\n", r"p\.yaml, line 3: missing column model_b"),
        ("- model_a: x\n  model_b: \n", r"p\.yaml, line 1: no value for model_b"),
        ("- model_a: x\n  modelb: y\n", r"p\.yaml, line 1: unknown column 'modelb'"),
        ("- [x, y]\n", r"p\.yaml, line 1: expected a mapping with model_a, model_b"),
        ("model_a: x\n", r"p\.yaml: expected a YAML list"),
        ("- model_a: [x\n", r"p\.yaml, line 2: not valid YAML"),
    ],
)
def test_yaml_errors_name_the_file_and_line(tmp_path, text, message):
    with pytest.raises(ParameterError, match=message):
        read_pairs(write(tmp_path, "p.yaml", text))


def test_shortlist_gives_every_unordered_pair_once(tmp_path):
    text = f"# finalists\n{GPT}\n{STEP}  # cheap\n\n{SPARK}\nqwen\n{GPT}\n"
    rows = shortlist_pairs(write(tmp_path, "short.txt", text))
    assert len(rows) == 4 * 3 // 2
    assert {(r.model_a, r.model_b) for r in rows} == {
        (GPT, STEP),
        (GPT, SPARK),
        (GPT, "qwen"),
        (STEP, SPARK),
        (STEP, "qwen"),
        (SPARK, "qwen"),
    }
    assert rows[0].origin.endswith("short.txt, lines 2 and 3")
    assert len(shortlist_pairs(write(tmp_path, "s.yaml", "models: [a, b, c]\n"))) == 3
    with pytest.raises(ParameterError, match=r"one\.txt lists 1 model\(s\); expected at least two"):
        shortlist_pairs(write(tmp_path, "one.txt", f"{GPT}\n"))


def test_an_unknown_model_fails_only_its_pair_with_one_line():
    rows = [PairRow("p, line 2", GPT, STEP), PairRow("p, line 3", "no-such-model-xyz", STEP)]
    good, bad = jobs_for(rows, options={"scenario": "small"})
    assert good.valid and good.parameters["model_a"] == GPT and good.parameters["scenario"]["name"] == "small"
    assert not bad.valid and bad.parameters is None and bad.key == ""
    assert bad.error.startswith("unknown model 'no-such-model-xyz'") and "\n" not in bad.error


def test_names_differ_by_scenario_and_never_leave_the_folder():
    rows = [
        PairRow("l2", GPT, STEP, {"scenario": "small"}),
        PairRow("l3", GPT, STEP, {"scenario": "large"}),
        PairRow("l4", "../../etc/passwd", "<b>x</b>"),
        PairRow("l5", GPT, STEP, {"scenario": "small"}),
    ]
    small, large, hostile, again = jobs_for(rows)
    assert small.valid and large.valid and small.name != large.name
    assert small.name.startswith("openai-gpt-4o-vs-stepfun-step-3-5-flash-")
    for job in (small, large, hostile, again):
        assert re.fullmatch(r"[a-z0-9-]+", job.name)
    assert not hostile.valid
    assert again.error == "same pair, scenario and route policy as l2"


def test_rows_ask_for_route_policies_and_free_routes():
    rows = [
        PairRow("l2", GPT, STEP, {"routes": "maker", "require": "zdr"}),
        PairRow("l3", GPT, STEP, {"include_free": "true"}),
        PairRow("l4", GPT, STEP, {"routes": "resellers"}),
        PairRow("l5", GPT, STEP),
    ]
    maker, free, bad, default = jobs_for(rows)
    assert (maker.parameters["routes"], maker.parameters["require"]) == ("maker", "zdr")
    assert free.parameters["scenario"]["include_free"] is True
    assert bad.error == "routes = 'resellers': expected one of trusted, maker, all"
    assert (
        default.parameters["routes"] == "trusted" and default.parameters["scenario"]["include_free"] is False
    )
    assert len({maker.name, free.name, default.name}) == 3  # no report replaces another


def test_bad_shared_options_fail_the_batch_before_it_starts():
    with pytest.raises(ParameterError, match="cache_read_share = '2': expected a share from 0 to 1"):
        jobs_for([PairRow("l2", GPT, STEP)], options={"cache_share": "2"})


def test_row_scenario_columns_override_the_options():
    (job,) = jobs_for([PairRow("l2", GPT, STEP, {"cache_share": "0.5"})], options={"scenario": "large"})
    assert job.parameters["scenario"]["name"] == "large"
    assert job.parameters["scenario"]["cache_read_share"] == 0.5


def test_the_key_changes_with_every_input():
    parameters = {"model_a": "a", "model_b": "b", "scenario": {"name": "small"}}
    key = report_key(INPUTS, parameters, ("html",), "A4")
    assert report_key(dict(INPUTS), dict(parameters), ("html",), "A4") == key
    assert report_key({**INPUTS, "notebook_sha256": "m"}, parameters, ("html",), "A4") != key
    assert report_key(INPUTS, {**parameters, "model_b": "c"}, ("html",), "A4") != key
    assert report_key(INPUTS, parameters, ("html", "pdf"), "A4") != key
    assert report_key(INPUTS, parameters, ("html",), "Letter") != key


def test_up_to_date_needs_same_key_and_unchanged_files(tmp_path):
    (tmp_path / "r.html").write_text("<html></html>")
    (job,) = jobs_for([PairRow("l2", GPT, STEP)])
    entry = {
        "status": "done",
        "key": job.key,
        "outputs": {"html": {"file": "r.html", "sha256": sha256_hex(b"<html></html>")}},
    }
    assert up_to_date(entry, job, tmp_path)
    assert not up_to_date({**entry, "key": "other"}, job, tmp_path)
    assert not up_to_date({**entry, "status": "failed"}, job, tmp_path)
    (tmp_path / "r.html").write_text("<html>changed</html>")
    assert not up_to_date(entry, job, tmp_path)
    (tmp_path / "r.html").unlink()
    assert not up_to_date(entry, job, tmp_path)


HOSTILE = '<script>alert("x")</script>&<img src=x onerror=alert(1)>'


def test_index_escapes_every_catalog_string_and_links_relatively():
    figures = {
        "names": [HOSTILE, "B"],
        "scenario": HOSTILE,
        "cost_a": {"text": "$1,000.00", "value": 1000.0},
        "cost_b": {"text": "Unavailable", "value": None},
        "route_a": HOSTILE,
        "route_b": "",
        "cheaper": HOSTILE,
        "context_a": {"text": "128,000 tokens", "value": 128000},
        "context_b": {"text": "Unknown", "value": None},
        "friction_a_to_b": "high",
        "friction_b_to_a": "low",
    }
    manifest = {
        "batch": HOSTILE,
        "inputs": INPUTS,
        "summary": {"done": 1, "failed": 1},
        "reports": [
            {
                "name": "a-vs-b-1234",
                "origin": HOSTILE,
                "status": "done",
                "seconds": 1.25,
                "outputs": {"html": {"file": "a-vs-b-1234.html"}, "pdf": {"file": "a-vs-b-1234.pdf"}},
                "figures": figures,
                "error": "",
            },
            {
                "name": "c-vs-d",
                "model_a": HOSTILE,
                "model_b": "d",
                "origin": "l3",
                "status": "failed",
                "outputs": {},
                "figures": {},
                "error": HOSTILE,
            },
        ],
    }
    page = index_page(manifest)
    soup = BeautifulSoup(page, "html.parser")
    assert len(soup.find_all("script")) == 1 and "alert" not in soup.script.get_text()
    assert not soup.find_all("img") and not soup.find_all(attrs={"onerror": True})
    assert page.count("&lt;script&gt;") >= 5
    assert [a["href"] for a in soup.find_all("a")] == [
        "a-vs-b-1234.html",
        "a-vs-b-1234.html",
        "a-vs-b-1234.pdf",
    ]
    assert not re.search(r"(src|href)=\"(https?:)?//", page) and "<link" not in page
    rows = soup.find("tbody").find_all("tr")
    assert [r["class"] for r in rows] == [["done"], ["failed"]]
    cells = rows[0].find_all("td")
    assert cells[0].a.get_text() == f"{HOSTILE} vs B"
    assert (cells[2].get_text(), cells[2]["data-sort"]) == (f"$1,000.00on {HOSTILE}", "1000.0")
    assert cells[2].small.get_text() == f"on {HOSTILE}"  # the route behind the cost
    assert (cells[3].get_text(), cells[3]["data-sort"]) == ("Unavailable", "")
    assert (cells[7].get_text(), cells[7]["data-sort"]) == ("high", "2")
    assert rows[1].find("td", class_="error").get_text() == HOSTILE


def test_cli_rejects_a_bad_pairs_file_before_anything_starts(tmp_path, capsys):
    bad = write(tmp_path, "bad.csv", "model_a\nx\n")
    assert main(["batch", "--pairs", str(bad), "--out", str(tmp_path / "out")]) == 2
    err = capsys.readouterr().err.strip()
    assert err == (
        f"llm-report: error: {bad}, line 1: missing column model_b; expected model_a, model_b and "
        "optionally scenario, input_tokens, output_tokens, cache_share, batch_share, "
        "reasoning_multiplier, prompt_tokens, price_date, off_peak_share, include_free, routes, require"
    )
    good = write(tmp_path, "good.csv", f"model_a,model_b\n{GPT},{STEP}\n")
    assert (
        main(["batch", "--pairs", str(good), "--input-tokens", "lots", "--out", str(tmp_path / "out")]) == 2
    )
    assert main(["batch", "--pairs", str(good), "--executor", "dask", "--out", str(tmp_path / "out")]) == 2
    assert main(["batch", "--pairs", str(good), "--name", "../up", "--out", str(tmp_path / "out")]) == 2
    assert main(["batch", "--pairs", str(good), "--workers", "0", "--out", str(tmp_path / "out")]) == 2
    assert main(["batch", "--pairs", str(good), "--timeout", "-1", "--out", str(tmp_path / "out")]) == 2
    assert "--scheduler" in capsys.readouterr().err
    assert not (tmp_path / "out").exists()


def test_workers_use_the_notebook_where_it_is_else_a_copy_and_check_the_catalog(tmp_path):
    from analysis.batch.keys import catalog_hash
    from analysis.batch.task import ReportSettings, check_catalog, notebook_here

    notebook = write(tmp_path, "report.ipynb", '{"cells": []}')
    settings = ReportSettings(str(notebook), notebook.read_bytes(), ("html",), "A4", "chromium", 60, "hash")
    assert notebook_here(settings, tmp_path / "scratch") == notebook
    elsewhere = ReportSettings(
        "/nowhere/report.ipynb", b'{"cells": [1]}', ("html",), "A4", "chromium", 60, "hash"
    )
    (tmp_path / "scratch").mkdir()
    copy = notebook_here(elsewhere, tmp_path / "scratch")
    assert (
        copy == tmp_path / "scratch" / "notebook" / "report.ipynb" and copy.read_bytes() == b'{"cells": [1]}'
    )

    check_catalog({"catalog_path": None}, catalog_hash(None))
    with pytest.raises(
        RunError, match=r"this worker's catalog has content hash \w+, the batch's 0123456789ab"
    ):
        check_catalog({"catalog_path": None}, "0123456789abcdef")


def test_since_gives_each_pair_its_report_in_the_earlier_batch(tmp_path):
    earlier = tmp_path / "q3"
    earlier.mkdir()
    (earlier / "manifest.json").write_text("{}")
    rows = [
        PairRow("pairs.csv, line 2", SPARK, STEP, {}),
        PairRow("pairs.csv, line 3", SPARK, "openai/gpt-5", {}),
    ]
    first = jobs_for(rows)[0]
    old = earlier / f"{first.name[:-10]}0123456789.ipynb"  # the pair under another catalog's hash
    old.write_text("{}")
    jobs = jobs_for(rows, since=earlier)
    assert [j.parameters["since"] for j in jobs] == [str(old.resolve()), None]


def test_since_needs_an_earlier_batch_folder(tmp_path, capsys):
    pairs = write(tmp_path, "pairs.csv", f"model_a,model_b\n{SPARK},{STEP}\n")
    code = main(
        ["batch", "--pairs", str(pairs), "--since", str(tmp_path / "nowhere"), "--out", str(tmp_path)]
    )
    assert code == 2
    assert capsys.readouterr().err == (
        f"llm-report: error: --since {tmp_path / 'nowhere'}: not a batch folder (no manifest.json); "
        "expected an earlier batch's folder\n"
    )


def test_the_index_counts_the_changes_since_the_earlier_batch():
    entry = {"name": "x", "status": "done", "figures": {"names": ["A", "B"], "changes": ["price changed: A"]}}
    same = {"name": "y", "status": "done", "figures": {"names": ["C", "D"], "changes": []}}
    soup = BeautifulSoup(index_page({"reports": [entry, same]}), "html.parser")
    heads = [th.get_text() for th in soup.thead.find_all("th")]
    cells = [tr.find_all("td")[heads.index("Changes since")] for tr in soup.tbody.find_all("tr")]
    assert [(c.get_text(), c["title"]) for c in cells] == [
        ("1 changed", "price changed: A"),
        ("no changes", ""),
    ]
