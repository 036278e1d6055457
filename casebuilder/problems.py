"""The one currency of user-facing issues: :class:`Problem`, and the error that carries them.

Every stage (loading, validation, cross-checks, forum checks, rendering) reports what is wrong
with the user's case as ``Problem`` values; only the command line formats them.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, replace
from pathlib import PurePosixPath


class Severity(str, enum.Enum):
    """How much a problem matters: errors block a build, warnings do not (unless --strict)."""

    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with a case, located in a file of the case folder.

    ``message`` says what is wrong, ``hint`` what to do; both are full sentences.
    ``path`` is relative to the case folder (POSIX form); ``line`` and ``column`` are 1-based,
    0 when unknown. ``code`` is a stable identifier (e.g. ``yaml-syntax``, ``echr-time-limit``).
    """

    path: str
    line: int
    column: int
    message: str
    hint: str = ""
    severity: Severity = Severity.ERROR
    code: str = "invalid"

    @property
    def is_error(self) -> bool:
        """True when this problem blocks a build."""
        return self.severity is Severity.ERROR

    def as_error(self) -> "Problem":
        """The same problem, blocking (a draft's warning that a final build refuses)."""
        return replace(self, severity=Severity.ERROR, hint=(self.hint + " A final build refuses it.").strip())

    def location(self) -> str:
        """Return ``path:line:col`` (or less, when line or column are unknown)."""
        if not self.line:
            return self.path
        if not self.column:
            return f"{self.path}:{self.line}"
        return f"{self.path}:{self.line}:{self.column}"

    def format(self) -> str:
        """Format compiler-style: ``path:line:col: severity: message hint``."""
        text = f"{self.location()}: {self.severity.value}: {self.message}"
        if self.hint:
            text += f" {self.hint}"
        return text


def summarise(problems: list[Problem]) -> str:
    """Return the one summary line printed after a list of problems."""
    errors = sum(1 for p in problems if p.is_error)
    warnings = len(problems) - errors
    files = len({p.path for p in problems})

    def plural(n: int, word: str) -> str:
        return f"{n} {word}{'' if n == 1 else 's'}"

    if not problems:
        return "No problems found."
    return f"{plural(errors, 'error')} and {plural(warnings, 'warning')} in {plural(files, 'file')}."


def sort_problems(problems: list[Problem]) -> list[Problem]:
    """Sort problems by file, line and column, dropping exact duplicates."""
    return sorted(set(problems), key=lambda p: (PurePosixPath(p.path).parts, p.line, p.column, p.message))


class CaseError(Exception):
    """A user error: the case cannot be used as it is. Carries the problems found.

    The command line prints the problems and exits 1 without a traceback; any other exception
    is a bug in casebuilder and keeps its traceback.
    """

    def __init__(self, problems: list[Problem]):
        self.problems = sort_problems(problems)
        super().__init__(summarise(self.problems))


def fail(path: str, message: str, hint: str = "", code: str = "invalid") -> CaseError:
    """Build a :class:`CaseError` for a single problem that has no line (a file-level issue)."""
    return CaseError([Problem(path, 0, 0, message, hint, code=code)])
