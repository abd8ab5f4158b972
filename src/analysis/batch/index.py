"""The batch index page: one sortable table row per report, self-contained (inline CSS and script).

Every text from the manifest (model names, errors, scenario) is HTML-escaped; links are
relative to the batch folder, so the folder can be moved or zipped whole.
"""

from __future__ import annotations

from html import escape
from urllib.parse import quote

FRICTION_ORDER = {"low": 0, "medium": 1, "high": 2}
COLUMNS = (
    "Report",
    "Scenario",
    "Monthly cost A",
    "Monthly cost B",
    "Cheaper",
    "Context A",
    "Context B",
    "Friction A→B",
    "Friction B→A",
    "Changes since",
    "Status",
    "Seconds",
    "Error",
)
STYLE = """
body { font: 14px/1.4 system-ui, sans-serif; margin: 1.5rem; color: #1d2433; }
h1 { font-size: 1.4rem; margin: 0 0 .3rem; }
p.facts { color: #555; margin: 0 0 1rem; }
table { border-collapse: collapse; width: 100%; }
th, td { border-bottom: 1px solid #dde1e8; padding: .35rem .5rem; text-align: left; vertical-align: top; }
th { position: sticky; top: 0; background: #f3f5f9; cursor: pointer; user-select: none; white-space: nowrap; }
th[aria-sort="ascending"]::after { content: " ▲"; }
th[aria-sort="descending"]::after { content: " ▼"; }
td.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
td small a { margin-right: .4rem; }
tr.failed td { background: #fff3f2; }
tr.pending td { color: #777; }
td.scenario { max-width: 16rem; font-size: 12px; color: #555; }
td.error { max-width: 28rem; font-size: 12px; color: #a1261a; }
"""
SCRIPT = """
document.querySelectorAll("table.reports th").forEach((th, column) => {
  th.addEventListener("click", () => {
    const body = th.closest("table").tBodies[0];
    const ascending = th.getAttribute("aria-sort") !== "ascending";
    th.parentNode.querySelectorAll("th").forEach((h) => h.removeAttribute("aria-sort"));
    th.setAttribute("aria-sort", ascending ? "ascending" : "descending");
    const key = (row) => {
      const cell = row.cells[column];
      const text = cell.dataset.sort ?? cell.textContent.trim().toLowerCase();
      const number = Number(text);
      return text === "" ? null : Number.isNaN(number) ? text : number;
    };
    const order = (a, b) => {
      const x = key(a), y = key(b);
      if (x === null || y === null) return (x === null) - (y === null);
      if (typeof x !== typeof y) return typeof x === "number" ? -1 : 1;
      return (x < y ? -1 : x > y ? 1 : 0) * (ascending ? 1 : -1);
    };
    [...body.rows].sort(order).forEach((row) => body.appendChild(row));
  });
});
"""


def index_page(manifest: dict) -> str:
    """The index of a batch from its manifest data (see ``Manifest.data``)."""
    name = manifest.get("batch", "")
    summary = manifest.get("summary", {})
    catalog = manifest.get("inputs", {}).get("catalog_hash", "")[:12]
    facts = (
        f"{summary.get('done', 0)} done, {summary.get('skipped', 0)} skipped, "
        f"{summary.get('failed', 0)} failed, {summary.get('pending', 0)} pending · "
        f"catalog {catalog} · package {manifest.get('inputs', {}).get('package_version', '')} · "
        f"updated {manifest.get('updated', '')}"
    )
    head = "".join(f'<th scope="col">{escape(c)}</th>' for c in COLUMNS)
    rows = "\n".join(report_row(entry) for entry in manifest.get("reports", []))
    return (
        '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>Batch {escape(name)}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n"
        f'<h1>Batch {escape(name)}</h1>\n<p class="facts">{escape(facts)}</p>\n'
        f'<table class="reports">\n<thead><tr>{head}</tr></thead>\n<tbody>\n{rows}\n</tbody>\n</table>\n'
        f"<script>{SCRIPT}</script>\n</body>\n</html>\n"
    )


def report_row(entry: dict) -> str:
    """One table row for a manifest entry."""
    figures = entry.get("figures") or {}
    names = figures.get("names") or [entry.get("model_a", ""), entry.get("model_b", "")]
    friction = [figures.get(f"friction_{side}", "") for side in ("a_to_b", "b_to_a")]
    cells = [
        report_cell(entry, f"{names[0]} vs {names[1]}"),
        f'<td class="scenario">{escape(figures.get("scenario", ""))}</td>',
        figure_cell(figures.get("cost_a"), figures.get("route_a", "")),
        figure_cell(figures.get("cost_b"), figures.get("route_b", "")),
        text_cell(figures.get("cheaper", "")),
        figure_cell(figures.get("context_a")),
        figure_cell(figures.get("context_b")),
        *(text_cell(level, FRICTION_ORDER.get(level, "")) for level in friction),
        changes_cell(figures.get("changes")),
        text_cell(entry.get("status", "")),
        number_cell(entry.get("seconds")),
        f'<td class="error">{escape(entry.get("error") or "")}</td>',
    ]
    status = escape(entry.get("status", ""))
    return f'<tr class="{status}" title="{escape(entry.get("origin", ""))}">{"".join(cells)}</tr>'


def changes_cell(changes: list[str] | None) -> str:
    """How many changes since the earlier batch (each in the cell's title); blank without one."""
    if changes is None:
        return '<td class="changes"></td>'
    text = f"{len(changes)} changed" if changes else "no changes"
    return f'<td class="changes" data-sort="{len(changes)}" title="{escape(chr(10).join(changes))}">{escape(text)}</td>'


def report_cell(entry: dict, title: str) -> str:
    """The pair, linked to its HTML report (else its PDF), with links to each file it has."""
    files = {kind: output["file"] for kind, output in (entry.get("outputs") or {}).items()}
    main = files.get("html") or files.get("pdf")
    label = escape(title)
    link = f'<a href="{href(main)}">{label}</a>' if main else label
    others = " ".join(
        f'<a href="{href(files[kind])}">{kind.upper() if kind != "ipynb" else "notebook"}</a>'
        for kind in ("html", "pdf", "ipynb")
        if kind in files
    )
    return f'<td data-sort="{label.lower()}">{link}<br><small>{others}</small></td>'


def href(file: str) -> str:
    """A relative link to a file in the batch folder."""
    return escape(quote(file))


def text_cell(text: object, sort: object = None) -> str:
    """A cell of text, sorted by ``sort`` when given."""
    key = "" if sort is None else f' data-sort="{escape(str(sort))}"'
    return f"<td{key}>{escape(str(text))}</td>"


def figure_cell(figure: dict | None, route: str = "") -> str:
    """A number shown as its display text (and the route it is on), sorted by its value (unknown last)."""
    if not figure:
        return '<td class="num" data-sort=""></td>'
    value = figure.get("value")
    sort = "" if value is None else repr(value)
    on = f"<br><small>on {escape(route)}</small>" if route else ""
    return f'<td class="num" data-sort="{escape(sort)}">{escape(str(figure.get("text", "")))}{on}</td>'


def number_cell(value: float | None) -> str:
    """Seconds, to one decimal."""
    return figure_cell(None if value is None else {"text": f"{value:.1f}", "value": value})
