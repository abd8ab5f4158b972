"""Errors from running and exporting a report: each message says what failed and what to do."""

from analysis.errors import RunError


class ReportCellError(RunError):
    """A notebook cell raised or timed out; the executed notebook is kept with the error visible."""


class ReportKernelError(RunError):
    """The kernel could not start (not installed) or died while running the notebook."""


class ReportContentError(RunError):
    """A rendered report that would not stand alone, e.g. it loads a resource from the network."""


def kernel_not_installed(kernel_name: str) -> ReportKernelError:
    """The error for a kernelspec that is not installed, with the command that installs it."""
    return ReportKernelError(
        f"kernel {kernel_name!r} is not installed; run "
        f"'python -m ipykernel install --sys-prefix --name {kernel_name}'"
    )


class ReportPdfError(RunError):
    """The PDF could not be made: no browser to print with, or the browser failed."""
