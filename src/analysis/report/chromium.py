"""PDF from headless Chromium: the report's paged-media CSS laid out by a browser kept open per thread.

The browser starts on the first PDF of a process (about 0.5 s) and serves every later one, so
a batch worker pays for it once; it runs on a thread of its own. Its page runs no JavaScript and every request
it would make is refused: a report is one self-contained HTML string.
"""

from __future__ import annotations

import atexit
import contextlib
import os
import queue
import re
import shutil
import threading
from concurrent.futures import Future

from analysis.report.errors import ReportPdfError

CHROMIUM_ENV = "LLM_REPORT_CHROMIUM"
CHROMIUM_NAMES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
CHROMIUM_FLAGS = (
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-extensions",
)

PDF_TIMES = re.compile(rb"/(CreationDate|ModDate) \(D:(\d{8})\d{6}")


def chromium_executable() -> str | None:
    """The Chromium or Chrome to print with: ``$LLM_REPORT_CHROMIUM``, else the first on PATH, else None."""
    given = os.environ.get(CHROMIUM_ENV)
    if given:
        if not (os.path.isfile(given) and os.access(given, os.X_OK)):
            raise ReportPdfError(
                f"{CHROMIUM_ENV}={given!r} is not an executable file: expected a Chromium or Chrome"
            )
        return given
    for name in CHROMIUM_NAMES:
        found = shutil.which(name)
        if found:
            return found
    return None


def no_chromium() -> ReportPdfError:
    """The error for a machine without a browser to print with, saying what to do."""
    return ReportPdfError(
        f"no Chromium found for the PDF: install chromium, set {CHROMIUM_ENV} to a Chromium or Chrome "
        "executable, or use the weasyprint PDF engine"
    )


class ChromiumPrinter:
    """One headless browser page that turns report HTML into PDF bytes; reopened after a failure."""

    def __init__(self) -> None:
        self._playwright = None
        self._browser = None
        self._page = None

    def pdf(self, html: str, page_size: str) -> bytes:
        """The PDF of ``html`` on ``page_size`` paper (A4 or Letter); the contents link to the sections."""
        try:
            page = self._page or self._open()
            page.set_content(html, wait_until="load")
            return day_stamped(page.pdf(format=page_size, print_background=True))
        except ReportPdfError:
            raise
        except Exception as error:
            self.close()
            raise ReportPdfError(
                f"Chromium could not print the report: {' '.join(str(error).split())}"
            ) from error

    def _open(self):
        from playwright.sync_api import sync_playwright

        executable = chromium_executable()
        if executable is None:
            raise no_chromium()
        self._playwright = sync_playwright().start()
        self._browser = self._playwright.chromium.launch(
            executable_path=executable, args=list(CHROMIUM_FLAGS)
        )
        context = self._browser.new_context(java_script_enabled=False, offline=True)
        context.route("**/*", lambda route: route.abort())
        self._page = context.new_page()
        return self._page

    def close(self) -> None:
        """Stop the browser (if it runs); the next PDF starts a new one."""
        for step in (self._browser and self._browser.close, self._playwright and self._playwright.stop):
            if step:
                with contextlib.suppress(Exception):  # already gone: nothing left to stop
                    step()
        self._playwright = self._browser = self._page = None


def day_stamped(pdf: bytes) -> bytes:
    """The PDF with its creation and modification times cut to the day (same length, so offsets hold).

    A report made twice on one day is then the same bytes, as WeasyPrint's are.
    """
    return PDF_TIMES.sub(rb"/\1 (D:\g<2>000000", pdf)


class PrintThread:
    """Runs calls on one daemon thread of its own, started on first use.

    Playwright's sync API refuses a thread that runs an asyncio loop (a notebook kernel, a
    test's own browser); on this thread there never is one.
    """

    def __init__(self) -> None:
        self._calls: queue.SimpleQueue = queue.SimpleQueue()
        self._thread: threading.Thread | None = None
        self._lock = threading.Lock()

    @property
    def started(self) -> bool:
        """Whether the thread runs."""
        return self._thread is not None

    def call(self, fn, *args):
        """``fn(*args)`` run on the thread: its result, or its exception raised here."""
        with self._lock:
            if self._thread is None:
                self._thread = threading.Thread(target=self._serve, name="chromium-pdf", daemon=True)
                self._thread.start()
        done: Future = Future()
        self._calls.put((fn, args, done))
        return done.result()

    def _serve(self) -> None:
        while True:
            fn, args, done = self._calls.get()
            try:
                done.set_result(fn(*args))
            except BaseException as error:  # handed to the caller
                done.set_exception(error)


_printer, _thread = ChromiumPrinter(), PrintThread()


def chromium_pdf(html: str, page_size: str) -> bytes:
    """The PDF of ``html`` from this process's browser (started on first use, stopped at exit)."""
    return _thread.call(_printer.pdf, html, page_size)


def _fresh_after_fork() -> None:
    """A forked child has no print thread or browser of its own yet: start clean."""
    global _printer, _thread
    _printer, _thread = ChromiumPrinter(), PrintThread()


os.register_at_fork(after_in_child=_fresh_after_fork)


@atexit.register
def _close_printer() -> None:
    if _thread.started:
        _thread.call(_printer.close)
