"""The pair request: made once from options, a pairs row or notebook parameters; one codec;
file names that tell reports apart; the command line's request options and error classes."""

from __future__ import annotations

import re
import shutil
import sys

import pytest
from seed import SPARK, STEP

import analysis
from analysis.catalog.settings import CATALOG_DIR
from analysis.cli import build_parser, main
from analysis.costs.policy import RoutePolicy
from analysis.errors import ParameterError, ResolveError
from analysis.report.paths import report_basename
from analysis.request import REQUEST_OPTIONS, PairRequest, pair_request, request_terms, scenario_of


def request(**options):
    chosen, policy = request_terms(options)
    return pair_request("GPT-5.3-Codex-Spark", "Step 3.5 Flash", chosen, policy)


def test_options_make_a_resolved_request():
    r = request(scenario="small", routes="maker", require="ZDR, region:eu", include_free="yes")
    assert (r.a, r.b) == (SPARK, STEP)
    assert (r.scenario.name, r.scenario.input_tokens, r.scenario.include_free) == ("small", 50_000_000, True)
    assert r.policy == RoutePolicy("maker", ("zdr", "region:eu"))
    assert r.catalog_path is None


def test_parameters_round_trip_through_the_notebook_codec():
    r = request(
        input_tokens="2M", output_tokens="1M", cache_share="0.5", price_date="2026-10-18", routes="all"
    )
    parameters = r.parameters()
    assert parameters == {
        "model_a": SPARK,
        "model_b": STEP,
        "scenario": {
            "name": "custom",
            "input_tokens": 2_000_000,
            "output_tokens": 1_000_000,
            "cache_read_share": 0.5,
            "cache_write_share": 0.0,
            "batch_share": 0.0,
            "reasoning_multiplier": 0.0,
            "prompt_tokens": 8000,
            "off_peak_share": 0.0,
            "include_free": False,
        },
        "price_date": "2026-10-18",
        "routes": "all",
        "require": "",
        "catalog_path": None,
        "since": None,
    }
    assert PairRequest.from_parameters(parameters) == r


def test_notebook_defaults_make_the_seed_request():
    defaults = {"model_a": SPARK, "model_b": STEP, "scenario": "medium", "price_date": None}
    r = PairRequest.from_parameters({**defaults, "routes": "trusted", "require": "", "catalog_path": None})
    assert r == request()
    assert (r.scenario.input_tokens, r.scenario.output_tokens) == (500_000_000, 350_000_000)


def test_notebook_scenario_takes_a_preset_or_values_and_a_price_date():
    assert scenario_of("small").input_tokens == 50_000_000
    dated = scenario_of("medium", "2026-10-18")
    assert (dated.input_tokens, dated.price_date) == (500_000_000, "2026-10-18")
    custom = scenario_of({"input_tokens": "2M", "output_tokens": "1M", "cache_read_share": 0.5})
    assert (custom.input_tokens, custom.cache_read_share, custom.price_date) == (2_000_000, 0.5, None)
    with pytest.raises(ParameterError, match=r"scenario = 5: expected a preset name or a dict"):
        scenario_of(5)


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"routes": "cheapest"}, "routes = 'cheapest': expected one of trusted, maker, all"),
        ({"require": "zdr,gdpr"}, "requirement 'gdpr' is unknown: expected some of no-training, zdr"),
        ({"include_free": "maybe"}, "include_free = 'maybe': expected true or false"),
        ({"colour": "red"}, "unknown option 'colour'; expected some of scenario, input_tokens"),
    ],
)
def test_bad_options_fail_in_one_line(options, message):
    with pytest.raises(ParameterError, match=re.escape(message)):
        request_terms(options)


def test_same_model_twice_is_refused_once_resolved():
    chosen, policy = request_terms({})
    with pytest.raises(ParameterError, match=r"both name 'stepfun/step-3\.5-flash': expected two different"):
        pair_request("Step 3.5 Flash", STEP, chosen, policy)
    with pytest.raises(ResolveError, match="unknown model 'no-such-model-xyz'"):
        pair_request("no-such-model-xyz", STEP, chosen, policy)


def test_file_names_tell_apart_scenario_route_policy_and_catalog(tmp_path):
    seed = request()
    names = {
        report_basename(r.a, r.b, r.digest)
        for r in (
            seed,
            request(scenario="large"),
            request(routes="maker"),
            request(require="zdr"),
            request(include_free=True),
            pair_request(STEP, SPARK, seed.scenario),
        )
    }
    assert len(names) == 6
    assert report_basename(seed.a, seed.b, seed.digest) == (
        f"openai-gpt-5-3-codex-spark-vs-stepfun-step-3-5-flash-{request().digest}"
    )
    copy = tmp_path / "catalog"
    shutil.copytree(CATALOG_DIR, copy)
    manifest = copy / "manifest.json"
    manifest.write_text(manifest.read_text().replace('"content_hash": "', '"content_hash": "0'))
    other = pair_request(SPARK, STEP, seed.scenario, catalog_path=copy)
    assert other.digest != seed.digest  # another catalog content, another file


def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_cli_request_options_fail_in_one_line_with_exit_2(capsys, tmp_path):
    out = ("--out", str(tmp_path))
    code, _, err = run(capsys, "pair", SPARK, STEP, "--routes", "cheapest", *out)
    assert (code, err) == (2, "llm-report: error: routes = 'cheapest': expected one of trusted, maker, all\n")
    code, _, err = run(capsys, "pair", SPARK, STEP, "--require", "soc3", *out)
    assert code == 2 and err.count("\n") == 1 and "requirement 'soc3' is unknown" in err
    assert list(tmp_path.iterdir()) == []


def test_the_cli_names_its_request_options_as_the_request_does():
    for command in (["pair", "a", "b"], ["batch", "--pairs", "pairs.csv"]):
        args = build_parser().parse_args(command)
        assert args.request_options == REQUEST_OPTIONS
        assert set(REQUEST_OPTIONS) <= set(vars(args))


def test_cli_version_and_include_free(capsys):
    with pytest.raises(SystemExit) as exit_:
        main(["--version"])
    assert exit_.value.code == 0
    assert capsys.readouterr().out == f"llm-report {analysis.__version__}\n"
    assert "--version" in build_parser().format_help()
    with pytest.raises(SystemExit):
        main(["pair", "--help"])
    text = capsys.readouterr().out
    assert "--include-free" in text and "--routes ROUTES" in text and "--require REQUIRE" in text


def test_public_api_names_the_functions_and_errors():
    assert analysis.pair_report.__module__ == "analysis.report.pair"
    assert analysis.batch_reports.__module__ == "analysis.batch.run"
    assert analysis.resolve("Step 3.5 Flash", analysis.load_catalog()) == STEP
    assert issubclass(analysis.UserError, analysis.ReportError) and analysis.UserError.exit_code == 2
    assert issubclass(analysis.RunError, analysis.ReportError) and analysis.RunError.exit_code == 3


@pytest.mark.slow
def test_without_a_pdf_engine_the_html_is_written_and_one_line_says_why(capsys, tmp_path, monkeypatch):
    monkeypatch.setattr("analysis.report.pdf.chromium_executable", lambda: None)
    monkeypatch.setitem(sys.modules, "weasyprint", None)  # as if Pango could not load
    code, out, err = run(capsys, "pair", SPARK, STEP, "--out", str(tmp_path))
    assert code == 0
    assert err.startswith("llm-report: no PDF: Chromium is not installed and WeasyPrint cannot load Pango")
    assert err.count("\n") == 1 and "Traceback" not in err
    assert [line.split(":")[0] for line in out.splitlines()] == ["notebook", "html"]
    assert sorted(p.suffix for p in tmp_path.iterdir()) == [".html", ".ipynb"]
    code, out, err = run(capsys, "pair", SPARK, STEP, "--out", str(tmp_path / "pdf"), "--format", "pdf")
    assert code == 3 and "no PDF: Chromium is not installed" in err


def test_a_disk_failure_is_one_line_with_exit_3(capsys, monkeypatch):
    def full(args):
        raise OSError(28, "No space left on device", "/reports/a.html")

    monkeypatch.setattr("analysis.cli.cmd_list", full)
    code, _, err = run(capsys, "catalog", "list")
    assert (code, err) == (3, "llm-report: error: No space left on device (/reports/a.html)\n")
