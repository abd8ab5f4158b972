"""PDF from headless Chromium: the report's paged-media CSS laid out by a browser kept open per process.

The browser starts on the first PDF (about 0.3 s) and serves every later one, so a batch
worker pays for it once. It is driven over its DevTools pipe (``--remote-debugging-pipe``:
JSON messages on file descriptors 3 and 4), so no driver process runs beside it. Its page runs
no JavaScript and may load nothing but ``data:`` URLs: a report is one self-contained HTML string.
"""

from __future__ import annotations

import atexit
import base64
import contextlib
import json
import os
import re
import select
import shutil
import signal
import tempfile
import threading
import time
from pathlib import Path

from analysis.report.errors import ReportPdfError

CHROMIUM_ENV = "LLM_REPORT_CHROMIUM"
# The old headless shell first: it starts on a third of the full browser's CPU (no profile
# databases, no browser UI) and prints the same PDF.
CHROMIUM_NAMES = (
    "chromium-headless-shell",
    "chrome-headless-shell",
    "chromium",
    "chromium-browser",
    "google-chrome",
    "google-chrome-stable",
)
CHROMIUM_FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--no-default-browser-check",
    "--disable-extensions",
    "--mute-audio",
    "--remote-debugging-pipe",
    "--enable-begin-frame-control",  # with the target's enableBeginFrameControl: see ChromiumPrinter._open
)
BLOCKED_URLS = ["http*", "ws*", "ftp*", "file*"]  # every scheme a page could fetch from, but data:
PAPER_MM = {"A4": (210, 297), "Letter": (215.9, 279.4)}
ANSWER_SECONDS = 120  # the longest Chromium may take to answer one message
QUIT_SECONDS = 5
PROFILE_PREFIX = "llm-report-chromium-"  # then the owner's process id
PDF_TIMES = re.compile(rb"/(CreationDate|ModDate) \(D:(\d{8})\d{6}")
# The page's screen is this narrow, and on a screen this narrow the report has no body: Chromium
# lays a page out for its screen as it loads and again as each print ends, and those two layouts
# then cost nothing (a third less of the browser's CPU a print; the PDF is the same bytes). A
# printed page is far wider, so the print shows everything.
SCREEN_PX = 10
DOCTYPE = re.compile(r"\s*<!doctype[^>]*>", re.IGNORECASE)
UNPRINTED_SCREEN = (
    f"<style>@media (max-width: {SCREEN_PX}px) {{ body {{ display: none !important; }} }}</style>"
)


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


def remove_orphan_profiles() -> None:
    """Remove browser profiles left in the temporary folder by processes that were killed."""
    for profile in Path(tempfile.gettempdir()).glob(f"{PROFILE_PREFIX}*-*"):
        owner = profile.name.removeprefix(PROFILE_PREFIX).split("-", 1)[0]
        if owner.isdigit() and not Path(f"/proc/{owner}").exists():
            shutil.rmtree(profile, ignore_errors=True)


class DevTools:
    """A Chromium process and its DevTools pipe: commands in, answers and events out."""

    def __init__(self, executable: str) -> None:
        remove_orphan_profiles()
        self.profile = tempfile.mkdtemp(prefix=f"{PROFILE_PREFIX}{os.getpid()}-")
        commands_in, self._commands = os.pipe()
        self._answers, answers_out = os.pipe()
        null = os.open(os.devnull, os.O_RDWR)
        try:
            self.pid = os.posix_spawn(
                executable,
                [executable, *CHROMIUM_FLAGS, f"--user-data-dir={self.profile}", "about:blank"],
                os.environ,
                file_actions=[
                    (os.POSIX_SPAWN_DUP2, null, 0),
                    (os.POSIX_SPAWN_DUP2, null, 1),
                    (os.POSIX_SPAWN_DUP2, null, 2),
                    (os.POSIX_SPAWN_DUP2, commands_in, 3),
                    (os.POSIX_SPAWN_DUP2, answers_out, 4),
                ],
                setpgroup=0,  # a group of its own: a launcher script may run the browser as its child
            )
        finally:
            for fd in (null, commands_in, answers_out):
                os.close(fd)
        self._buffer = b""
        self._events: list[dict] = []
        self._next_id = 0

    def call(self, method: str, params: dict | None = None, session: str | None = None) -> dict:
        """The result of one command (in the target ``session`` if given)."""
        self._next_id += 1
        message = {"id": self._next_id, "method": method, "params": params or {}}
        if session:
            message["sessionId"] = session
        os.write(self._commands, json.dumps(message).encode() + b"\0")
        while True:
            answer = self._message()
            if answer.get("id") == self._next_id:
                break
            if "id" not in answer:
                self._events.append(answer)
        if "error" in answer:
            raise ReportPdfError(
                f"Chromium refused {method}: {answer['error'].get('message', answer['error'])}"
            )
        return answer["result"]

    def event(self, method: str, session: str) -> dict:
        """The next ``method`` event of ``session`` (waiting for it if it has not come yet)."""
        while True:
            for i, event in enumerate(self._events):
                if event["method"] == method and event.get("sessionId") == session:
                    return self._events.pop(i)
            self._events.append(self._message())

    def forget_events(self) -> None:
        """Drop the events received so far."""
        self._events.clear()

    def _message(self) -> dict:
        while b"\0" not in self._buffer:
            ready, _, _ = select.select([self._answers], [], [], ANSWER_SECONDS)
            if not ready:
                raise ReportPdfError(f"Chromium did not answer in {ANSWER_SECONDS} s")
            chunk = os.read(self._answers, 1 << 20)
            if not chunk:
                raise ReportPdfError("Chromium stopped while printing the report")
            self._buffer += chunk
        message, self._buffer = self._buffer.split(b"\0", 1)
        return json.loads(message)

    def close(self) -> None:
        """Ask the browser to quit, kill its process group if it has not within QUIT_SECONDS, and
        remove its profile."""
        with contextlib.suppress(OSError, ReportPdfError, ValueError):
            self.call("Browser.close")
        for fd in (self._commands, self._answers):
            with contextlib.suppress(OSError):
                os.close(fd)
        deadline = time.monotonic() + QUIT_SECONDS
        with contextlib.suppress(ChildProcessError):
            while os.waitpid(self.pid, os.WNOHANG) == (0, 0):
                if time.monotonic() > deadline:
                    os.killpg(self.pid, signal.SIGKILL)
                    os.waitpid(self.pid, 0)
                    break
                time.sleep(0.02)
        shutil.rmtree(self.profile, ignore_errors=True)


class ChromiumPrinter:
    """One headless browser page that turns report HTML into PDF bytes; restarted after a failure."""

    def __init__(self) -> None:
        self._browser: DevTools | None = None
        self._session = self._frame = ""
        self._lock = threading.Lock()

    def pdf(self, html: str, page_size: str) -> bytes:
        """The PDF of ``html`` on ``page_size`` paper (A4 or Letter); the contents link to the sections."""
        width, height = (mm / 25.4 for mm in PAPER_MM[page_size])
        margins = dict.fromkeys(("marginTop", "marginBottom", "marginLeft", "marginRight"), 0)  # the CSS's
        with self._lock:
            try:
                browser = self._browser or self._open()
                browser.forget_events()
                browser.call(
                    "Page.setDocumentContent",
                    {"frameId": self._frame, "html": blank_on_screen(html)},
                    self._session,
                )
                browser.event("Page.loadEventFired", self._session)  # images decoded
                printed = browser.call(
                    "Page.printToPDF",
                    {
                        "paperWidth": width,
                        "paperHeight": height,
                        "printBackground": True,
                        "generateTaggedPDF": False,
                        **margins,
                    },
                    self._session,
                )
            except ReportPdfError:
                self.close()
                raise
            except (OSError, ValueError) as error:
                self.close()
                raise ReportPdfError(f"Chromium could not print the report: {error}") from error
        return day_stamped(base64.b64decode(printed["data"]))

    def start(self) -> None:
        """Start the browser now, if it does not run (else the first PDF starts it)."""
        with self._lock, contextlib.suppress(ReportPdfError, OSError, ValueError):  # the first PDF says why
            self._browser or self._open()

    def _open(self) -> DevTools:
        executable = chromium_executable()
        if executable is None:
            raise no_chromium()
        browser = self._browser = DevTools(executable)
        # Frames only when asked for, and none is: the page is never drawn for a screen (about a
        # sixth of the browser's CPU a report), only laid out and painted for print.
        target = browser.call("Target.createTarget", {"url": "about:blank", "enableBeginFrameControl": True})[
            "targetId"
        ]
        session = browser.call("Target.attachToTarget", {"targetId": target, "flatten": True})["sessionId"]
        browser.call("Page.enable", session=session)
        browser.call("Emulation.setScriptExecutionDisabled", {"value": True}, session)
        # Styled for print from the start: the print then lays the page out once (styled for the
        # screen, it took two layouts).
        browser.call("Emulation.setEmulatedMedia", {"media": "print"}, session)
        browser.call(
            "Emulation.setDeviceMetricsOverride",
            {"width": SCREEN_PX, "height": SCREEN_PX, "deviceScaleFactor": 1, "mobile": False},
            session,
        )
        browser.call("Network.enable", session=session)
        browser.call("Network.setBlockedURLs", {"urls": BLOCKED_URLS}, session)
        self._frame = browser.call("Page.getFrameTree", session=session)["frameTree"]["frame"]["id"]
        self._session = session
        return browser

    def close(self) -> None:
        """Stop the browser (if it runs); the next PDF starts a new one."""
        if self._browser is not None:
            browser, self._browser = self._browser, None
            browser.close()


def blank_on_screen(html: str) -> str:
    """``html`` with a style that hides its body on the printer's narrow screen (``UNPRINTED_SCREEN``)
    at the end of its head; without a ``</head>``, after its doctype if it has one (a style
    before the doctype would put the page in quirks mode)."""
    at = html.find("</head>")
    if at < 0:
        doctype = DOCTYPE.match(html)
        at = doctype.end() if doctype else 0
    return html[:at] + UNPRINTED_SCREEN + html[at:]


def day_stamped(pdf: bytes) -> bytes:
    """The PDF with its creation and modification times cut to the day (same length, so offsets hold).

    A report made twice on one day is then the same bytes, as WeasyPrint's are.
    """
    return PDF_TIMES.sub(rb"/\1 (D:\g<2>000000", pdf)


_printer = ChromiumPrinter()


def chromium_pdf(html: str, page_size: str) -> bytes:
    """The PDF of ``html`` from this process's browser (started on first use, stopped at exit)."""
    return _printer.pdf(html, page_size)


def start_printer() -> None:
    """Start this process's browser now, so the first PDF does not wait for it."""
    _printer.start()


def close_printer() -> None:
    """Stop this process's browser, if it runs."""
    _printer.close()


def _fresh_after_fork() -> None:
    """A forked child has no browser of its own yet (the parent's pipes are not its to use)."""
    global _printer
    _printer = ChromiumPrinter()


os.register_at_fork(after_in_child=_fresh_after_fork)
atexit.register(close_printer)
