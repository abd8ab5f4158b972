"""Bad input at every entry point gets one line naming the field, the value and what is expected.

``CASES`` is the table: what is run (``llm-report`` arguments, or a call the notebook and the
build make), the exit code, and the exact line printed (for a call: the error's message). Paths
in arguments and messages are written ``{w}``, the folder of files the cases use (``work``).
No case may print a traceback; ``--debug`` shows one.
"""

from __future__ import annotations

import argparse
import gzip
import importlib
import json
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from analysis.assemble import CURATED_DIR
from analysis.assemble.manifest import manifest
from analysis.catalog.store import CACHE_DIR, Catalog, write
from analysis.cli import build_parser, main
from analysis.costs import scenario
from analysis.errors import UserError
from analysis.report.run import checked_parameters
from analysis.request import PairRequest, pair_request, pair_scenario

REGISTRY_HEADER = "source,file,format,version,as_of,snapshot_date,origin,license\n"
TOKENS = "expected a whole number of tokens from 0 to 10^15, like 500M or 1.2B"
INJECTION = 'x"\nimport os; os.system("touch PWNED")\n#'


def written(path: Path, **tables: list[dict]) -> Path:
    """A small catalog written to ``path``, with a manifest that matches its tables."""
    catalog = Catalog.from_rows(**tables)
    catalog.manifest = manifest(catalog, [], "2026-01-01")
    write(catalog, path)
    return path


def model(model_id: str, name: str) -> dict:
    return {"model_id": model_id, "name": name, "lab": model_id.split("/")[0]}


MINI = {
    "models": [
        model("acme/alpha-1", "Alpha One"),
        model("acme/alpha-2", "Alpha Two"),
        model("bravo/beta-1", "Beta One"),
    ],
    "aliases": [
        {"alias": "alpha", "model_id": "acme/alpha-1", "rule": "test"},
        {"alias": "alpha", "model_id": "acme/alpha-2", "rule": "test"},
        {"alias": "alpha-one", "model_id": "acme/alpha-1", "rule": "test"},
        {"alias": "beta-one", "model_id": "bravo/beta-1", "rule": "test"},
    ],
}


def openrouter_model(model_id: str, name: str) -> dict:
    """A minimal OpenRouter listing entry."""
    return {
        "id": model_id,
        "name": name,
        "context_length": 8192,
        "architecture": {"input_modalities": ["text"], "output_modalities": ["text"]},
        "pricing": {"prompt": "0.000001", "completion": "0.000002"},
        "top_provider": {"context_length": 8192, "max_completion_tokens": 1024},
        "supported_parameters": ["tools"],
    }


def raw_folder(path: Path, source: str, fmt: str, files: dict[str, bytes]) -> Path:
    """A raw folder whose registry lists one snapshot: ``files`` under ``<source>/snap``."""
    for name, data in files.items():
        target = path / source / "snap" / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
    member = f"{source}/snap" if len(files) > 1 else f"{source}/snap/{next(iter(files))}"
    (path / "snapshots.csv").write_text(
        f"{REGISTRY_HEADER}{source},{member},{fmt},t,2026-01-01,2026-01-01,o,l\n"
    )
    return path


@pytest.fixture(scope="module")
def work(tmp_path_factory) -> Path:
    """Every file the cases point at, in one folder."""
    w = tmp_path_factory.mktemp("errors")
    written(w / "mini", **MINI)
    shutil.copytree(w / "mini", w / "refresh-out")
    (w / "a-file").write_text("a regular file, not a folder\n")

    written(w / "dup", models=[model("acme/alpha-1", "A"), model("acme/alpha-1", "A again")])
    written(
        w / "ghost",
        models=[model("acme/alpha-1", "A")],
        routes=[
            {
                "route_id": "acme:ghost/model",
                "model_id": "ghost/model",
                "provider": "acme",
                "pricing_kind": "paid",
            }
        ],
    )
    for name, change in {
        "empty-table": lambda d: (d / "models.csv").write_text(""),
        "truncated-table": lambda d: (d / "models.csv").write_text((d / "models.csv").read_text()[:-12]),
        "empty-manifest": lambda d: (d / "manifest.json").write_text(""),
        "truncated-manifest": lambda d: (d / "manifest.json").write_text(
            (d / "manifest.json").read_text()[:40]
        ),
        "list-manifest": lambda d: (d / "manifest.json").write_text("[]\n"),
        "typed-table": lambda d: (d / "models.csv").write_text(
            (d / "models.csv")
            .read_text()
            .replace("acme/alpha-1,Alpha One,acme,,,,,", "acme/alpha-1,Alpha One,acme,,,,lots,")
        ),
    }.items():
        shutil.copytree(w / "mini", w / name)
        change(w / name)

    # Curated tables: the project's, with an overlay naming a model no source lists.
    shutil.copytree(CURATED_DIR, w / "curated")
    header = (CURATED_DIR / "facts.csv").read_text().splitlines()[0]
    (w / "curated" / "facts.csv").write_text(
        f"{header}\nghost/model,context_window,1000,https://example.com,t,2026-01-01,\n"
    )
    shutil.copytree(CURATED_DIR, w / "curated-ok")
    for name in ("facts.csv", "aliases.csv", "prices.csv"):  # they name the project's models and routes
        table = w / "curated-ok" / name
        table.write_text(table.read_text().splitlines()[0] + "\n")
    shutil.copytree(w / "curated-ok", w / "curated-extra")
    with (w / "curated-extra" / "facts.csv").open("a") as f:
        f.write("acme/alpha-1,context_window,1000,https://example.com,t,2026-01-01,,,one too many\n")
    shutil.copytree(CURATED_DIR, w / "curated-binary")
    with (w / "curated-binary" / "labs.csv").open("ab") as f:
        f.write(b"\xff\xfe,x\n")

    listing = {"data": [openrouter_model("acme/alpha-1", "Acme: Alpha One")]}
    raw_folder(w / "raw-ok", "openrouter", "openrouter-json", {"models.json": json.dumps(listing).encode()})
    (w / "raw-empty").mkdir()
    (w / "raw-empty" / "snapshots.csv").write_text(REGISTRY_HEADER)
    raw_folder(
        w / "raw-yaml",
        "aider",
        "aider-yaml",
        {
            name: b"- model: x\n  pass_rate_2: [1\n" if name.startswith("polyglot") else b"[]\n"
            for name in ("polyglot_leaderboard.yml", "edit_leaderboard.yml", "refactor_leaderboard.yml")
        },
    )
    epoch_header = b"Model,Organization,Publication date,Domain,Parameters,Link,Model accessibility,Open model weights?\n"
    raw_folder(
        w / "raw-csv", "epoch-notable", "epoch-notable-csv", {"n.csv": epoch_header + b'M,"Org,2025-01-01\n'}
    )
    raw_folder(
        w / "raw-csv-columns", "epoch-notable", "epoch-notable-csv", {"n.csv": b"Model,Organization\nM,O\n"}
    )

    # Saved copies for `catalog refresh`.
    toml = w / "models-dev" / "providers" / "acme"
    (toml / "models").mkdir(parents=True)
    (toml / "provider.toml").write_text(
        'name = "Acme"\nenv = ["ACME_KEY"]\nnpm = "x"\ndoc = "https://acme"\n'
    )
    (toml / "models" / "alpha.toml").write_text('name = "Alpha"\n[cost\ninput = 1\n')
    (w / "openrouter.json").write_text('{"data": [\n  {"id": "acme/alpha-1",\n   "name": oops}\n]}')
    (w / "openrouter-list.json").write_text("[1, 2]")
    (w / "openrouter.json.gz").write_bytes(gzip.compress(b'{"data": [{"id": 5}]}'))
    (w / "litellm.json").write_text('{"gpt-x": {"mode": "chat", "input_cost_per_token": 1e-6}}')
    return w


def pair(*argv: str) -> list[str]:
    """``llm-report pair`` on the small catalog, writing (if ever) to a folder under work."""
    return ["pair", *argv, "--catalog", "{w}/mini", "--out", "{w}/reports"]


def build(raw: str, curated: str = "curated-ok", out: str = "out") -> list[str]:
    return [
        "catalog",
        "build",
        "--raw",
        f"{{w}}/{raw}",
        "--curated",
        f"{{w}}/{curated}",
        "--out",
        f"{{w}}/{out}",
    ]


def refresh(*argv: str) -> list[str]:
    dirs = ["--raw", "{w}/raw-ok", "--curated", "{w}/curated-ok", "--out", "{w}/refresh-out"]
    return ["catalog", "refresh", *argv, *dirs]


def validate(name: str) -> list[str]:
    return ["catalog", "validate", "--catalog", f"{{w}}/{name}"]


E = "llm-report: error: "
# (id, llm-report arguments or a call given the work folder, exit code, the exact line printed)
CASES: list[tuple[str, list[str] | Callable[[Path], object], int, str]] = [
    # llm-report pair: models
    ("unknown model, suggestions", pair("alpha-3", "Beta One"), 2,
     f"{E}unknown model 'alpha-3'; did you mean acme/alpha-1, acme/alpha-2?"),
    ("unknown model, no suggestion", pair("zzz-unknown", "Beta One"), 2,
     f"{E}unknown model 'zzz-unknown'; `llm-report catalog list --search TEXT` lists models"),
    ("ambiguous model", pair("alpha", "Beta One"), 2,
     f"{E}model name 'alpha' is ambiguous: it names acme/alpha-1, acme/alpha-2; use one of these ids"),
    ("the same model twice", pair("acme/alpha-1", "Alpha One"), 2,
     f"{E}model_a and model_b both name 'acme/alpha-1': expected two different models"),
    ("empty model name", pair(" ", "Beta One"), 2,
     f"{E}model name is empty; expected a catalog id such as 'stepfun/step-3.5-flash'"),
    ("code in a model name", pair(INJECTION, "Beta One"), 2,
     f"{E}unknown model {INJECTION!r}; `llm-report catalog list --search TEXT` lists models"),
    # llm-report pair: traffic
    ("negative tokens", pair("alpha-one", "beta-one", "--input-tokens", "-5", "--output-tokens", "1M"), 2,
     f"{E}input_tokens = '-5': {TOKENS}"),
    ("NaN tokens", pair("alpha-one", "beta-one", "--input-tokens", "1M", "--output-tokens", "nan"), 2,
     f"{E}output_tokens = 'nan': {TOKENS}"),
    ("infinite tokens", pair("alpha-one", "beta-one", "--input-tokens", "inf", "--output-tokens", "1M"), 2,
     f"{E}input_tokens = 'inf': {TOKENS}"),
    ("non-numeric tokens", pair("alpha-one", "beta-one", "--input-tokens", "lots"), 2,
     f"{E}input_tokens = 'lots': {TOKENS}"),
    ("over 10^15 tokens", pair("alpha-one", "beta-one", "--input-tokens", "1000000000000001", "--output-tokens", "1"), 2,
     f"{E}input_tokens = '1000000000000001': {TOKENS}"),
    ("over 10^15 tokens, suffixed", pair("alpha-one", "beta-one", "--input-tokens", "1M", "--output-tokens", "2000T"), 2,
     f"{E}output_tokens = '2000T': {TOKENS}"),
    ("huge exponent", pair("alpha-one", "beta-one", "--input-tokens", "1e1000000B", "--output-tokens", "1M"), 2,
     f"{E}input_tokens = '1e1000000B': {TOKENS}"),
    ("fractional tokens", pair("alpha-one", "beta-one", "--prompt-tokens", "0.5"), 2,
     f"{E}prompt_tokens = '0.5': {TOKENS}"),
    ("cache share above 1", pair("alpha-one", "beta-one", "--cache-share", "1.5"), 2,
     f"{E}cache_read_share = '1.5': expected a share from 0 to 1"),
    ("batch share below 0", pair("alpha-one", "beta-one", "--batch-share", "-0.1"), 2,
     f"{E}batch_share = '-0.1': expected a share from 0 to 1"),
    ("NaN share", pair("alpha-one", "beta-one", "--cache-share", "nan"), 2,
     f"{E}cache_read_share = 'nan': expected a share from 0 to 1"),
    ("off-peak share above 1", pair("alpha-one", "beta-one", "--off-peak-share", "2"), 2,
     f"{E}off_peak_share = '2': expected a share from 0 to 1"),
    ("absurd reasoning multiplier", pair("alpha-one", "beta-one", "--reasoning-multiplier", "1e6"), 2,
     f"{E}reasoning_multiplier = '1e6': expected a multiple of output tokens from 0 to 100"),
    ("unknown preset", pair("alpha-one", "beta-one", "--scenario", "huge"), 2,
     f"{E}preset = 'huge': expected one of small, medium, large"),
    ("price date not a date", pair("alpha-one", "beta-one", "--price-date", "yesterday"), 2,
     f"{E}price_date = 'yesterday': expected an ISO date like 2026-10-19"),
    # llm-report pair: output
    ("unknown format", pair("alpha-one", "beta-one", "--format", "docx"), 2,
     f"{E}--format = 'docx': expected a comma list of html, pdf, xlsx, json"),
    ("unknown page size", pair("alpha-one", "beta-one", "--page-size", "A3"), 2,
     f"{E}page size 'A3': expected A4 or Letter"),
    ("unknown PDF engine", pair("alpha-one", "beta-one", "--pdf-engine", "prince"), 2,
     f"{E}PDF engine 'prince': expected chromium or weasyprint"),
    ("negative timeout", pair("alpha-one", "beta-one", "--timeout", "-1"), 2,
     f"{E}--timeout = -1.0: expected a positive number of seconds"),
    ("non-numeric timeout", pair("alpha-one", "beta-one", "--timeout", "soon"), 2,
     "llm-report pair: error: argument --timeout: invalid float value: 'soon' (see llm-report pair --help)"),
    ("missing model argument", ["pair", "alpha-one"], 2,
     "llm-report pair: error: the following arguments are required: model_b (see llm-report pair --help)"),
    ("unwritable output folder", [*pair("alpha-one", "beta-one")[:-1], "{w}/a-file/reports"], 2,
     f"{E}output folder {{w}}/a-file/reports cannot be created (Not a directory); expected a writable folder"),
    ("no catalog there", ["pair", "alpha-one", "beta-one", "--catalog", "{w}/nowhere"], 2,
     f"{E}no catalog at {{w}}/nowhere: manifest.json is missing (run `make catalog`)"),
    # catalog files
    ("empty table", validate("empty-table"), 2,
     f"{E}{{w}}/empty-table/models.csv: the file is empty; expected a CSV header and rows (run `make catalog`)"),
    ("truncated table", validate("truncated-table"), 2,
     f"{E}{{w}}/truncated-table/models.csv: line 4: expected 24 fields, got 13 "
     "(truncated or edited? rebuild with `make catalog`)"),
    ("truncated table, pair", ["pair", "a", "b", "--catalog", "{w}/truncated-table"], 2,
     f"{E}{{w}}/truncated-table/models.csv: line 4: expected 24 fields, got 13 "
     "(truncated or edited? rebuild with `make catalog`)"),
    ("empty manifest", validate("empty-manifest"), 2,
     f"{E}{{w}}/empty-manifest/manifest.json: not valid JSON (Expecting value, line 1)"),
    ("truncated manifest", validate("truncated-manifest"), 2,
     f"{E}{{w}}/truncated-manifest/manifest.json: not valid JSON (Unterminated string starting at, line 3)"),
    ("manifest not an object", validate("list-manifest"), 2,
     f"{E}{{w}}/list-manifest/manifest.json: top level is a JSON list; expected an object (run `make catalog`)"),
    ("wrong type in a table", validate("typed-table"), 2,
     f"{E}{{w}}/typed-table/models.csv: line 2: context_window = 'lots': expected a whole number below 10^18, or nothing"),
    ("duplicate ids", validate("dup"), 1, "error: models.csv: model_id 'acme/alpha-1' appears more than once"),
    ("route for a model that does not exist", validate("ghost"), 1,
     "error: routes.csv: model_id 'ghost/model' is not in models.csv"),
    ("show: unknown model", ["catalog", "show", "alpha-3", "--catalog", "{w}/mini"], 2,
     f"{E}unknown model 'alpha-3'; did you mean acme/alpha-1, acme/alpha-2?"),
    # catalog build
    ("overlay names a missing model", build("raw-ok", curated="curated"), 2,
     f"{E}{{w}}/curated/facts.csv line 2: model_id 'ghost/model' is not in the catalog; "
     "expected the id of a model the raw sources list"),
    ("curated row with an extra field", build("raw-ok", curated="curated-extra"), 2,
     f"{E}{{w}}/curated-extra/facts.csv line 2: 9 fields; expected 8 "
     "(model_id,field,value,source_url,source_title,as_of,note,maker_page)"),
    ("curated table not UTF-8", build("raw-ok", curated="curated-binary"), 2,
     f"{E}{{w}}/curated-binary/labs.csv: not UTF-8 text (invalid start byte); expected a UTF-8 CSV file"),
    ("no snapshots", build("raw-empty"), 2,
     f"{E}{{w}}/raw-empty/snapshots.csv: no snapshots listed; expected a header and a row per snapshot"),
    ("no raw folder", build("nowhere"), 2, f"{E}{{w}}/nowhere/snapshots.csv: snapshot registry is missing"),
    ("malformed YAML", build("raw-yaml"), 2,
     f"{E}{{w}}/raw-yaml/aider/snap/polyglot_leaderboard.yml: line 3: not valid YAML: "
     "expected ',' or ']', but got '<stream end>'"),
    ("malformed CSV", build("raw-csv"), 2,
     f"{E}{{w}}/raw-csv/epoch-notable/snap/n.csv: line 2: not valid CSV: unexpected end of data"),
    ("CSV without a column", build("raw-csv-columns"), 2,
     f"{E}{{w}}/raw-csv-columns/epoch-notable/snap/n.csv: line 1: expected a column 'Publication date', "
     "got 'Model,Organization'"),
    ("unwritable catalog folder", build("raw-ok", out="a-file/catalog"), 2,
     f"{E}catalog folder {{w}}/a-file/catalog cannot be written (Not a directory); expected a writable folder"),
    # catalog refresh
    ("malformed TOML", refresh("--models-dev", "{w}/models-dev"), 2,
     f"{E}{{w}}/models-dev: providers/acme/models/alpha.toml: invalid TOML "
     "(Expected ']' at the end of a table declaration (at line 2, column 6)); expected a models.dev TOML file"),
    ("malformed JSON", refresh("--openrouter", "{w}/openrouter.json"), 2,
     f"{E}{{w}}/openrouter.json: line 3 column 12: not valid JSON: Expecting value"),
    ("JSON of the wrong shape", refresh("--openrouter", "{w}/openrouter-list.json"), 2,
     f'{E}{{w}}/openrouter-list.json: expected a JSON object {{"data": [...]}} at the top level, got list of 2'),
    ("JSON record of the wrong type", refresh("--openrouter", "{w}/openrouter.json.gz"), 2,
     f"{E}{{w}}/openrouter.json.gz: record data[0]: field id: expected a string, got 5"),
    ("JSON record without a field", refresh("--litellm", "{w}/litellm.json"), 2,
     f"{E}{{w}}/litellm.json: record gpt-x: field litellm_provider: expected a string (required), got None"),
    ("saved file missing", refresh("--litellm", "{w}/nowhere.json"), 2,
     f"{E}{{w}}/nowhere.json: no such file or folder (--litellm)"),
    ("snapshot date not a date", refresh("--litellm", "{w}/litellm.json", "--date", "2026-02-30"), 2,
     f"{E}--date '2026-02-30' is not a date; expected YYYY-MM-DD"),
    ("refresh without a file", refresh(), 2,
     f"{E}catalog refresh needs at least one of --models-dev, --openrouter, --litellm"),
    # the notebook's parameters, as papermill and pair_report get them
    ("notebook: NaN tokens", lambda w: pair_scenario(input_tokens=float("nan"), output_tokens=1), 2,
     f"input_tokens = nan: {TOKENS}"),
    ("notebook: infinite share", lambda w: pair_scenario("small", batch_share=float("inf")), 2,
     "batch_share = inf: expected a share from 0 to 1"),
    ("notebook: a flag for tokens", lambda w: pair_scenario(input_tokens=True, output_tokens=1), 2,
     f"input_tokens = True: {TOKENS}"),
    ("notebook: cache shares over 1", lambda w: scenario("small", cache_read_share=0.7, cache_write_share=0.4), 2,
     "cache_read_share + cache_write_share = 1.1: expected at most 1 (both are shares of the same input tokens)"),
    ("notebook: unknown scenario field", lambda w: scenario("small", cache_share=0.1), 2,
     "cache_share = 0.1: not a scenario field; expected one of batch_share, cache_read_share, "
     "cache_write_share, include_free, input_tokens, input_tokens_per_request, name, off_peak_share, "
     "output_tokens, output_tokens_per_request, price_date, prompt_tokens, reasoning_multiplier, requests_per_month"),
    ("notebook: unknown preset", lambda w: scenario("Medium"), 2,
     "preset = 'Medium': expected one of small, medium, large"),
    ("notebook: same model twice", lambda w: pair_request("alpha-one", "acme/alpha-1", scenario("small"), catalog_path=w / "mini"), 2,
     "model_a and model_b both name 'acme/alpha-1': expected two different models"),
    ("notebook: parameter not data", lambda w: checked_parameters({"model_a": object()}), 2,
     "report parameter model_a must be a string, number, boolean, None, or a list or dict of those, got object"),
    ("notebook: unknown route policy", lambda w: PairRequest.from_parameters({"model_a": "a", "model_b": "b", "routes": "cheap"}), 2,
     "routes = 'cheap': expected one of trusted, maker, all"),
]  # fmt: skip


def run_cli(argv: list[str], capsys) -> tuple[int, str]:
    """(exit code, stderr) of ``llm-report argv`` run in this process."""
    try:
        code = main(argv)
    except SystemExit as e:  # argparse's usage errors
        code = e.code
    return code, capsys.readouterr().err


def run_case(what, work: Path, capsys) -> tuple[int, str]:
    """(exit code, the line a user sees) for one case."""
    if callable(what):
        with pytest.raises(UserError) as caught:
            what(work)
        return caught.value.exit_code, str(caught.value) + "\n"
    return run_cli([arg.replace("{w}", str(work)) for arg in what], capsys)


@pytest.mark.parametrize(
    ("what", "code", "line"), [case[1:] for case in CASES], ids=[case[0] for case in CASES]
)
def test_bad_input_gets_one_clear_line(work, capsys, what, code, line):
    got_code, err = run_case(what, work, capsys)
    expected = line.replace("{w}", str(work))
    assert "Traceback" not in err
    assert got_code == code
    if code == 1:  # validation: one line per problem, then the count
        assert err == f"{expected}\n1 validation error(s)\n"
    else:
        assert err == f"{expected}\n"


def test_no_case_leaves_a_file_behind(work, capsys):
    for _, what, _, _ in CASES:
        if not callable(what):
            run_case(what, work, capsys)
    assert not (work / "reports").exists() and not (work / "out").exists()
    assert len((work / "raw-ok" / "snapshots.csv").read_text().splitlines()) == 2
    assert sorted(p.name for p in (work / "refresh-out").iterdir()) == sorted(
        p.name
        for p in (work / "mini").iterdir()
        if p.name != CACHE_DIR  # Arrow copies from loading it
    )


def test_debug_shows_the_traceback(work, capsys):
    code, err = run_cli(
        ["--debug", *[a.replace("{w}", str(work)) for a in pair("zzz-unknown", "Beta One")]], capsys
    )
    assert code == 2
    assert err.startswith("Traceback (most recent call last):")
    assert "analysis.errors.ResolveError: unknown model 'zzz-unknown'" in err
    assert err.endswith(
        f"{E}unknown model 'zzz-unknown'; `llm-report catalog list --search TEXT` lists models\n"
    )


def test_the_table_covers_every_kind_of_entry_point():
    commands = {tuple(w[:2]) if w[0] == "catalog" else w[0] for _, w, _, _ in CASES if not callable(w)}
    assert {
        "pair",
        ("catalog", "validate"),
        ("catalog", "build"),
        ("catalog", "refresh"),
        ("catalog", "show"),
    } <= commands
    assert sum(callable(w) for _, w, _, _ in CASES) >= 5


def batch_available() -> bool:
    """Whether ``analysis.batch`` imports and ``llm-report batch`` exists."""
    try:
        importlib.import_module("analysis.batch")
    except ImportError:
        return False
    commands = [a for a in build_parser()._actions if isinstance(a, argparse._SubParsersAction)]
    return any("batch" in a.choices for a in commands)


BATCH_EXPECTED = (
    "expected model_a, model_b and optionally scenario, input_tokens, output_tokens, cache_share, "
    "batch_share, reasoning_multiplier, prompt_tokens, price_date, off_peak_share, include_free, routes, require"
)
# Batch files, apart: (file name, its text or None for no file, the exact line printed)
BATCH_CASES = [
    ("missing-column.csv", "model_a,scenario\nalpha-one,small\n", f"{{f}}, line 1: missing column model_b; {BATCH_EXPECTED}"),
    ("short-row.csv", "model_a,model_b\nalpha-one\n", "{f}, line 2: no value for model_b; expected two model names"),
    ("empty.csv", "", f"{{f}} is empty; {BATCH_EXPECTED} in a header line"),
    ("bad.yaml", "pairs:\n  - model_a: [x\n", "{f}, line 3: not valid YAML (expected ',' or ']', but got '<stream end>')"),
    ("absent.csv", None, "cannot read {f} (No such file or directory)"),
]  # fmt: skip


@pytest.mark.skipif(not batch_available(), reason="analysis.batch not available")
@pytest.mark.parametrize(("name", "text", "line"), BATCH_CASES, ids=[case[0] for case in BATCH_CASES])
def test_bad_batch_files_get_one_clear_line(tmp_path, capsys, name, text, line):
    pairs = tmp_path / name
    if text is not None:
        pairs.write_text(text)
    code, err = run_cli(["batch", "--pairs", str(pairs), "--out", str(tmp_path / "batch")], capsys)
    assert code == 2
    assert err == f"{E}{line.format(f=pairs)}\n"
    assert not (tmp_path / "batch").exists()
