"""``llm-report``: a thin command line over the catalog, the pair report and the batch."""

from __future__ import annotations

import argparse
import os
import sys
import traceback
from pathlib import Path
from typing import NoReturn

from analysis import __version__
from analysis.errors import ReportError, RunError, UserError


def main(argv: list[str] | None = None) -> int:
    """Run the command line: user errors exit 2, failures of the machine or a run exit 3, each
    printed as one line.

    Run as the ``llm-report`` program (``argv`` None), ``pair`` ends the process as soon as its
    report is written (see ``quick_exit``).
    """
    parser = build_parser()
    args = parser.parse_args(argv)
    code = run(args)
    if argv is None and args.run is cmd_pair:
        quick_exit(code)
    return code


def run(args: argparse.Namespace) -> int:
    """The exit code of the command ``args`` name; its error, if any, printed as one line."""
    try:
        return args.run(args) or 0
    except (ReportError, OSError) as e:
        if args.debug:
            traceback.print_exc()
        print(f"llm-report: error: {error_line(e)}", file=sys.stderr)
        return getattr(e, "exit_code", RunError.exit_code)
    except KeyboardInterrupt:
        print("llm-report: interrupted", file=sys.stderr)
        return 130


def quick_exit(code: int) -> NoReturn:
    """End the process with ``code`` once its browser is closed and its output flushed, without
    the interpreter's teardown (about 0.5 s with pandas, matplotlib and nbconvert loaded).

    Only for ``pair``: its kernel is stopped and its files are whole (written, then renamed)
    when ``pair_report`` returns or raises, and its browser is the one process left.
    """
    from analysis.report.chromium import close_printer

    close_printer()
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code)


def error_line(error: Exception) -> str:
    """The error's message on one line; an OSError (a disk, a permission) names its file."""
    if isinstance(error, OSError) and not isinstance(error, ReportError):
        where = f" ({error.filename})" if error.filename else ""
        return f"{error.strerror or error}{where}"
    return " ".join(str(error).split())


class Parser(argparse.ArgumentParser):
    """An argument parser (and its subcommands') whose usage errors are one line, exit code 2."""

    def error(self, message: str) -> NoReturn:
        self.exit(2, f"{self.prog}: error: {message} (see {self.prog} --help)\n")


def build_parser() -> argparse.ArgumentParser:
    """The argument parser with every subcommand."""
    parser = Parser(prog="llm-report", description=__doc__)
    parser.add_argument("--debug", action="store_true", help="show tracebacks for errors")
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    parser.set_defaults(run=lambda _: parser.print_help())
    commands = parser.add_subparsers(title="commands")
    add_catalog_commands(commands)
    add_pair_command(commands)
    add_batch_command(commands)
    return parser


def add_request_options(p: argparse.ArgumentParser) -> None:
    """The traffic scenario (a preset or explicit monthly volumes and shares) and the route policy."""
    g = p.add_argument_group("scenario (default: the medium preset, 500M input / 350M output tokens a month)")
    r = p.add_argument_group("routes")
    options = [
        g.add_argument("--scenario", help="preset: small, medium or large"),
        g.add_argument("--input-tokens", help="monthly input tokens, e.g. 500M or 1.2B"),
        g.add_argument("--output-tokens", help="monthly output tokens, e.g. 350M"),
        g.add_argument("--cache-share", help="share of input tokens read from the prompt cache (0-1)"),
        g.add_argument("--batch-share", help="share of traffic sent through batch APIs (0-1)"),
        g.add_argument("--reasoning-multiplier", help="reasoning tokens as a multiple of output tokens"),
        g.add_argument("--prompt-tokens", help="typical prompt size per request (selects context tiers)"),
        g.add_argument("--price-date", help="take prices in force on this date (YYYY-MM-DD)"),
        g.add_argument(
            "--off-peak-share", help="share of traffic in off-peak hours (0-1; default 0: peak prices)"
        ),
        g.add_argument(
            "--include-free", action="store_true", default=None, help="count free and subscription routes too"
        ),
        r.add_argument(
            "--routes",
            help="routes a headline cost may use: trusted (default: maker, cloud, open-weights host, "
            "gateway), maker, or all",
        ),
        r.add_argument("--require", action=RequireOption),
    ]
    p.set_defaults(request_options=tuple(option.dest for option in options))


class RequireOption(argparse.Action):
    """``--require``, stored as given. Its help names the requirements, read from
    ``analysis.costs.policy`` when the help is shown: importing that package loads pandas, which
    ``pair`` does only after its kernel has started."""

    def __call__(self, parser, namespace, values, option_string=None) -> None:
        setattr(namespace, self.dest, values)

    @property
    def help(self) -> str:
        from analysis.costs.policy import REQUIREMENTS

        return f"what those routes must meet, a comma list of: {', '.join(REQUIREMENTS)}"

    @help.setter
    def help(self, _: object) -> None:
        """The help is made when it is read."""


def request_options(args) -> dict[str, object]:
    """The request options given on the command line, named as ``analysis.request.REQUEST_OPTIONS``
    (without loading that module, and pandas with it, before a report's kernel starts)."""
    return {name: getattr(args, name) for name in args.request_options}


def add_output_options(p: argparse.ArgumentParser) -> None:
    """Formats, output folder, page size, PDF engine, catalog and per-report timeout."""
    p.add_argument(
        "--format", default="html,pdf", help="comma list of html, pdf, xlsx, json (default html,pdf)"
    )
    p.add_argument("--out", type=Path, default=Path("reports"), help="output folder (default: reports/)")
    p.add_argument("--page-size", default="A4", help="PDF page size: A4 (default) or Letter")
    p.add_argument(
        "--pdf-engine",
        help="chromium (default when installed; fast) or weasyprint (no browser; contents with page numbers)",
    )
    p.add_argument("--catalog", type=Path, help="catalog folder (default: data/catalog)")
    p.add_argument("--timeout", type=float, default=600, help="seconds a report may run (default 600)")


def add_pair_command(commands) -> None:
    """``pair A B``: one report."""
    p = commands.add_parser("pair", help="build the decision report for two models (HTML and PDF)")
    p.add_argument("model_a", help="a model id or name, e.g. openai/gpt-5.3-codex-spark")
    p.add_argument("model_b", help="the other model, e.g. 'Step 3.5 Flash'")
    add_request_options(p)
    add_output_options(p)
    p.add_argument(
        "--since",
        type=Path,
        help="an earlier report's .json evidence or executed .ipynb: add what changed since",
    )
    p.set_defaults(run=cmd_pair)


def cmd_pair(args) -> int:
    from analysis.report.pair import pair_report

    report = pair_report(
        args.model_a,
        args.model_b,
        args.out,
        catalog_path=args.catalog,
        since=args.since,
        formats=args.format,
        page_size=args.page_size,
        pdf_engine=args.pdf_engine,
        timeout=args.timeout,
        **request_options(args),
    )
    for fmt, path in report.files().items():
        print(f"{'notebook' if fmt == 'ipynb' else fmt}: {path}")
    if report.no_pdf:
        print(f"llm-report: {report.no_pdf}", file=sys.stderr)
    return 0


def add_batch_command(commands) -> None:
    """``batch --pairs FILE | --shortlist FILE``: many reports, an index and a manifest."""
    p = commands.add_parser(
        "batch", help="build reports for many pairs into one folder with an index; reruns skip finished ones"
    )
    source = p.add_mutually_exclusive_group(required=True)
    source.add_argument(
        "--pairs",
        type=Path,
        help="CSV or YAML: model_a, model_b, optional columns named like the options below",
    )
    source.add_argument(
        "--shortlist", type=Path, help="one model per line (or a YAML list): every pair of them"
    )
    p.add_argument("--name", help="batch folder inside --out (default: the file's name without extension)")
    add_request_options(p)
    add_output_options(p)
    p.add_argument("--notebook", type=Path, help="report notebook (default: notebooks/pair_report.ipynb)")
    p.add_argument("--force", action="store_true", help="redo every report, even those up to date")
    p.add_argument(
        "--since",
        type=Path,
        help="an earlier batch folder: each report says what changed since its pair's report there",
    )
    p.add_argument("--workers", type=int, help="local worker processes (default: one per core)")
    p.add_argument("--executor", choices=("local", "dask"), default="local", help="where reports run")
    p.add_argument("--scheduler", help="Dask scheduler address for --executor dask, e.g. tcp://10.0.0.5:8786")
    p.set_defaults(run=cmd_batch)


def cmd_batch(args) -> int:
    """The batch; on the local executor, the workers' kernels start first and warm up while
    pandas and papermill load."""
    if args.executor == "dask" and not args.scheduler:
        raise UserError("--executor dask needs --scheduler ADDRESS (e.g. tcp://10.0.0.5:8786)")
    from analysis.batch.early import early_kernels
    from analysis.catalog.settings import NOTEBOOK

    local = args.executor == "local"
    kernels = early_kernels(args.notebook or NOTEBOOK, args.workers) if local else []
    try:
        from analysis.batch import batch_reports, read_pairs, shortlist_pairs
        from analysis.batch.run import batch_folder

        pairs = read_pairs(args.pairs) if args.pairs else shortlist_pairs(args.shortlist)
        summary = batch_reports(
            pairs,
            batch_folder(args.out, args.name or (args.pairs or args.shortlist).stem),
            notebook=args.notebook,
            options=request_options(args),
            catalog_path=args.catalog,
            formats=args.format,
            page_size=args.page_size,
            pdf_engine=args.pdf_engine,
            timeout=args.timeout,
            force=args.force,
            workers=args.workers,
            scheduler=None if local else args.scheduler,
            since=args.since,
            kernels=kernels,
        )
    finally:
        for kernel in kernels:
            kernel.discard()
    for line in summary.failures:
        print(f"failed: {line}", file=sys.stderr)
    if summary.no_pdf:
        print(f"llm-report: {summary.no_pdf}", file=sys.stderr)
    print(summary.line())
    return summary.exit_code


def add_catalog_commands(commands) -> None:
    """``catalog build|validate|list|show|refresh|diff``."""
    catalog = commands.add_parser("catalog", help="build, check and browse the model catalog")
    catalog.set_defaults(run=lambda _: catalog.print_help())
    sub = catalog.add_subparsers(title="catalog commands")

    p = sub.add_parser("build", help="rebuild data/catalog from data/raw and data/curated")
    add_dirs(p)
    p.set_defaults(run=cmd_build)

    p = sub.add_parser("validate", help="check the catalog; exit 1 on any error")
    p.add_argument("--catalog", type=Path, help="catalog folder (default: data/catalog)")
    p.set_defaults(run=cmd_validate)

    p = sub.add_parser("list", help="list models")
    p.add_argument("--search", help="text in the id or name")
    p.add_argument("--provider", help="only models with a route at this provider")
    p.add_argument("--catalog", type=Path)
    p.set_defaults(run=cmd_list)

    p = sub.add_parser("show", help="every field of a model with its source, routes and conflicts")
    p.add_argument("model")
    p.add_argument("--catalog", type=Path)
    p.add_argument(
        "--price-date", help="show prices in force on this date (default: the catalog's as-of date)"
    )
    p.set_defaults(run=cmd_show)

    p = sub.add_parser("refresh", help="import newer saved copies of upstream data, rebuild, show changes")
    p.add_argument("--models-dev", type=Path, help="models.dev TOML folder, .tar.gz, or a saved api.json")
    p.add_argument("--openrouter", type=Path, help="saved OpenRouter GET /api/v1/models JSON")
    p.add_argument("--litellm", type=Path, help="saved LiteLLM model_prices_and_context_window.json")
    p.add_argument("--date", help="snapshot date (default: today)")
    add_change_format(p)
    add_dirs(p)
    p.set_defaults(run=cmd_refresh)

    p = sub.add_parser("diff", help="what changed between two catalogs (folders or git revisions)")
    p.add_argument("old", help="a catalog folder, or a git revision of data/catalog (e.g. HEAD~1)")
    p.add_argument("new", help="a catalog folder, or a git revision of data/catalog")
    add_change_format(p)
    p.set_defaults(run=cmd_diff)


def add_change_format(p: argparse.ArgumentParser) -> None:
    """The --format option of change reports."""
    p.add_argument("--format", choices=("text", "csv", "json"), default="text", help="change report format")


def add_dirs(p: argparse.ArgumentParser) -> None:
    """Options naming the raw, curated and output folders."""
    from analysis.catalog.settings import CATALOG_DIR, CURATED_DIR, RAW_DIR

    p.add_argument("--raw", type=Path, default=RAW_DIR, help="raw snapshots folder")
    p.add_argument("--curated", type=Path, default=CURATED_DIR, help="curated tables folder")
    p.add_argument("--out", type=Path, default=CATALOG_DIR, help="catalog folder to write")


def cmd_build(args) -> int:
    from analysis.assemble import build
    from analysis.assemble.validate import errors
    from analysis.catalog.store import write

    catalog = build(args.raw, args.curated)
    problems = errors(catalog)
    if problems:
        return report_problems(problems)
    write(catalog, args.out)
    counts = ", ".join(f"{t['rows']} {name}" for name, t in catalog.manifest["tables"].items())
    print(f"catalog written to {args.out}: {counts}")
    print(f"content hash {catalog.manifest['content_hash'][:16]}, as of {catalog.manifest['as_of']}")
    return 0


def cmd_validate(args) -> int:
    from analysis.assemble.validate import errors, hash_errors
    from analysis.catalog.settings import CATALOG_DIR
    from analysis.catalog.store import load

    path = args.catalog or CATALOG_DIR
    catalog = load(path)
    problems = hash_errors(path, catalog.manifest) + errors(catalog)
    if problems:
        return report_problems(problems)
    print(f"catalog at {path} is valid: {len(catalog.models)} models, {len(catalog.routes)} routes")
    return 0


def report_problems(problems: list[str]) -> int:
    """Print validation errors (one per line) and return exit code 1."""
    for line in problems:
        print(f"error: {line}", file=sys.stderr)
    print(f"{len(problems)} validation error(s)", file=sys.stderr)
    return 1


def cmd_list(args) -> int:
    import pandas as pd

    from analysis.catalog.store import load

    catalog = load(args.catalog) if args.catalog else load()
    models = catalog.models
    if args.search:
        text = args.search.lower()
        models = models[
            models["model_id"].str.contains(text, regex=False)
            | models["name"].str.lower().str.contains(text, regex=False)
        ]
    if args.provider:
        ids = set(catalog.routes.loc[catalog.routes["provider"] == args.provider, "model_id"])
        models = models[models["model_id"].isin(ids)]
    routes = catalog.routes.groupby("model_id").size()
    for row in models.itertuples(index=False):
        context = "-" if pd.isna(row.context_window) else f"{row.context_window:,}"
        print(
            f"{row.model_id:<55} {row.name[:40]:<40} context {context:>9}  routes {routes.get(row.model_id, 0)}"
        )
    print(f"{len(models)} model(s)")
    return 0


def cmd_show(args) -> int:
    from analysis.catalog import resolve
    from analysis.catalog.store import catalog_at
    from analysis.costs.prices import price_rows, rows_in_force
    from analysis.costs.routes import price_date_for
    from analysis.request import pair_scenario

    catalog = catalog_at(args.catalog)
    model_id = resolve(args.model, catalog)
    when = price_date_for(catalog, pair_scenario(price_date=args.price_date))
    print(model_id)
    facts = catalog.rows("facts", model_id)
    for row in facts[facts["chosen"].fillna(False)].itertuples(index=False):
        print(f"  {row.kind:<10} {row.field:<20} {row.value:<40} [{row.source} {row.as_of} {row.locator}]")
    print(f"routes (prices in force on {when}):")
    for r in catalog.rows("routes", model_id).itertuples(index=False):
        print(
            f"  {r.route_id:<50} {r.pricing_kind:<12} {prices_text(rows_in_force(price_rows(catalog, r.route_id), when))} [{r.source} {r.as_of}]"
        )
    conflicts = catalog.rows("conflicts", model_id)
    if len(conflicts):
        print("conflicts:")
        for c in conflicts.itertuples(index=False):
            where = f" ({c.route_id})" if c.route_id else ""
            print(
                f"  {c.field}{where}: chosen {c.chosen_value} [{c.chosen_source}]; also {c.other_value} [{c.other_sources}]"
            )
    print(f"benchmarks: {len(catalog.rows('benchmarks', model_id))} score(s)")
    return 0


def prices_text(rows) -> str:
    """A route's base prices in force (``rows_in_force``), per 1M tokens, and its context tiers."""
    if not rows:
        return "no price"
    base, tiers = rows[0], len(rows) - 1
    text = f"in {fmt_price(base.input_mtok)} out {fmt_price(base.output_mtok)} cache read {fmt_price(base.cache_read_mtok)} per 1M"
    return text + (f" (+{tiers} context tier{'s' * (tiers > 1)})" if tiers else "")


def fmt_price(v) -> str:
    """A per-1M price as $x, or - when unknown."""
    return "-" if v is None else f"${float(v):g}"


def cmd_refresh(args) -> int:
    from analysis.assemble.refresh import Saved, refresh
    from analysis.catalog.store import load, write
    from analysis.compare.changes import catalog_changes, change_report

    saved = [
        Saved(source, path)
        for source, path in (
            ("models.dev", args.models_dev),
            ("openrouter", args.openrouter),
            ("litellm", args.litellm),
        )
        if path is not None
    ]
    if not saved:
        raise UserError("catalog refresh needs at least one of --models-dev, --openrouter, --litellm")
    old = load(args.out, lenient=True)
    catalog, added = refresh(saved, args.raw, args.curated, args.date)
    write(catalog, args.out)
    for line in added:
        print(f"snapshot added: {line}", file=sys.stderr if args.format != "text" else sys.stdout)
    print(change_report(catalog_changes(old, catalog), args.format), end="")
    return 0


def cmd_diff(args) -> int:
    from analysis.catalog.revisions import catalog_named
    from analysis.compare.changes import catalog_changes, change_report

    old, new = catalog_named(args.old), catalog_named(args.new)
    print(change_report(catalog_changes(old, new), args.format), end="")
    return 0


if __name__ == "__main__":
    sys.exit(main())
