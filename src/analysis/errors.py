"""The errors ``llm-report`` reports as one line. Two kinds, told apart by their exit code:

- ``UserError`` (exit 2): bad input the user can fix: a name, an option, a file.
- ``RunError`` (exit 3): the machine or a run failed: a kernel, a browser, a disk.
"""


class ReportError(Exception):
    """An error whose message names what failed and what to do, on one line."""

    exit_code = 1


class UserError(ReportError):
    """Bad input: the message names what was wrong and what is expected, on one line."""

    exit_code = 2


class RunError(ReportError):
    """The environment or a run failed (kernel, browser, disk): the message says what to do."""

    exit_code = 3


class SourceFormatError(UserError):
    """A raw snapshot or saved source file that cannot be read (names file and line or key)."""


class CatalogError(UserError):
    """A catalog that is missing, truncated or fails validation."""


class ResolveError(UserError):
    """A model name the catalog cannot resolve, or resolves to more than one model."""


class ParameterError(UserError):
    """A report or scenario parameter outside what is accepted."""
