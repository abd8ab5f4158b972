"""Reports in a real browser: headless Chromium (Debian's), driven by Playwright.

The hostile report (model names carrying script, HTML, Markdown links and LaTeX, see
test_hostile.py) and the seed pair's report: no dialog, no console error, no request leaving
the file, every section heading visible, the hostile names visible as text. A full-page
screenshot of each is saved to tests/artifacts/.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from test_hostile import IMG, LATEX, MD_LINK, NAME_A, SCRIPT, SECTIONS, hostile_report

from analysis import pair_report
from analysis.report.chromium import CHROMIUM_FLAGS, chromium_executable

CHROMIUM = shutil.which("chromium") or chromium_executable()  # the full browser a reader has, else any
CHROMIUM_ARGS = [
    f for f in CHROMIUM_FLAGS if f not in ("--headless", "--remote-debugging-pipe")
]  # Playwright's
ARTIFACTS = Path(__file__).parent / "artifacts"
SEED = ("openai/gpt-5.3-codex-spark", "stepfun/step-3.5-flash")

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(CHROMIUM is None, reason="Chromium is not installed"),
]


@dataclass
class Visit:
    """What happened while a page was open, and what it showed."""

    requests: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)
    headings: dict[str, bool] = field(default_factory=dict)  # h2 text → visible
    title: str = ""
    h1: str = ""
    main_text: str = ""
    scripts: int = -1
    broken_images: int = -1


@pytest.fixture(scope="module")
def browser():
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


def visit(browser, html_file: Path, screenshot: Path) -> Visit:
    """Open ``html_file`` with scripts enabled, record what it does, save a full-page screenshot."""
    seen = Visit()
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.on("request", lambda request: seen.requests.append(request.url))
    page.on("console", lambda message: message.type == "error" and seen.console_errors.append(message.text))
    page.on("pageerror", lambda error: seen.page_errors.append(str(error)))

    def dialog(d) -> None:
        seen.dialogs.append(f"{d.type}: {d.message}")
        d.dismiss()

    page.on("dialog", dialog)
    try:
        page.goto(html_file.as_uri(), wait_until="load")
        page.wait_for_timeout(300)  # let any late handler (onerror, timers) fire
        headings = page.locator("main h2")
        seen.headings = {
            headings.nth(i).inner_text(): headings.nth(i).is_visible() for i in range(headings.count())
        }
        seen.title = page.title()
        seen.h1 = page.locator("h1").inner_text()
        seen.main_text = page.locator("main").inner_text()
        seen.scripts = page.evaluate("document.scripts.length")
        seen.broken_images = page.evaluate(
            "Array.from(document.images).filter(i => !(i.complete && i.naturalWidth > 0)).length"
        )
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(screenshot), full_page=True)
    finally:
        context.close()
    return seen


def assert_clean(seen: Visit, html_file: Path) -> None:
    """Nothing ran, nothing was fetched, nothing failed, every section is shown."""
    assert seen.dialogs == []
    assert seen.console_errors == [] and seen.page_errors == []
    assert seen.requests == [html_file.as_uri()]
    assert seen.scripts == 0
    assert seen.broken_images == 0
    assert list(seen.headings) == SECTIONS
    assert all(seen.headings.values()), seen.headings


@pytest.fixture(scope="module")
def hostile(browser, tmp_path_factory) -> tuple[Path, Visit]:
    html_file = hostile_report(tmp_path_factory)[1].html
    return html_file, visit(browser, html_file, ARTIFACTS / "hostile-report.png")


@pytest.fixture(scope="module")
def seed(browser, tmp_path_factory) -> tuple[Path, Visit]:
    html_file = pair_report(*SEED, tmp_path_factory.mktemp("seed"), formats=("html",)).paths.html
    return html_file, visit(browser, html_file, ARTIFACTS / "seed-report.png")


def test_hostile_names_run_nothing_and_fetch_nothing(hostile):
    html_file, seen = hostile
    assert_clean(seen, html_file)


def test_hostile_names_show_as_text(hostile):
    _, seen = hostile
    assert NAME_A in seen.h1 and NAME_A in seen.title
    assert f"Beta {IMG} {LATEX}" in seen.h1
    for payload in (SCRIPT, IMG, MD_LINK, LATEX):
        assert payload in seen.main_text, payload
    assert (ARTIFACTS / "hostile-report.png").stat().st_size > 10_000


def test_seed_report_runs_nothing_and_fetches_nothing(seed):
    html_file, seen = seed
    assert_clean(seen, html_file)
    assert "GPT-5.3 Codex Spark vs Step 3.5 Flash" in seen.h1
    assert "$5,775.00" in seen.main_text
    assert (ARTIFACTS / "seed-report.png").stat().st_size > 10_000


@pytest.mark.parametrize("paper", [(210, "A4"), (215.9, "Letter")])
def test_in_print_layout_every_table_fits_the_page_width_and_no_number_wraps(browser, seed, paper):
    """Laid out for print at the text width of the paper (16 mm margins), no table runs past it
    and no number cell ("$5,775.00") is broken over two lines (its source note mark aside)."""
    width_mm, _ = paper
    text_width = (width_mm - 2 * 16) / 25.4 * 96  # CSS pixels
    context = browser.new_context(viewport={"width": int(text_width), "height": 1000})
    try:
        page = context.new_page()
        page.emulate_media(media="print")
        page.goto(seed[0].as_uri(), wait_until="load")
        rights = page.evaluate(
            "Array.from(document.querySelectorAll('table')).map(t => t.getBoundingClientRect().right)"
        )
        broken = page.evaluate(
            """Array.from(document.querySelectorAll('td.num')).filter(td => {
                const walker = document.createTreeWalker(td, NodeFilter.SHOW_TEXT), tops = new Set();
                while (walker.nextNode()) {
                    if (walker.currentNode.parentElement.closest('sup')) continue;  // a note mark sits higher
                    const text = document.createRange(); text.selectNodeContents(walker.currentNode);
                    Array.from(text.getClientRects()).forEach(r => tops.add(Math.round(r.top)));
                }
                return tops.size > 1;
            }).map(td => td.textContent)"""
        )
    finally:
        context.close()
    assert len(rights) >= 8
    assert max(rights) <= int(text_width) + 0.5
    assert broken == []
