"""The ``check`` orchestrator: load, validate and cross-check a case, writing nothing.

``build`` runs the same function first and stops on errors.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from casebuilder.validate.case import Case, validate_case
from casebuilder.validate.crossref import cross_check
from casebuilder.load.discover import find_case_root, load_sources
from casebuilder.problems import Problem, sort_problems

FINAL_ERRORS = frozenset({"ratione-temporis", "unverified-law", "counsel-note", "placeholder", "no-argument"})
"""Problem codes that are warnings in a draft and errors in a ``--final`` build."""


@dataclass
class CheckResult:
    """The validated case (None when case.yaml itself is unusable) and every problem found."""

    root: Path
    case: Case | None
    problems: list[Problem]
    library: Any = None
    """The legal library, built-in plus the case's own ``law/`` files."""
    findings: list = field(default_factory=list)
    """The forum checks' findings (shown in dossiers, waived ones with their reason)."""

    @property
    def errors(self) -> list[Problem]:
        """The problems that block a build."""
        return [p for p in self.problems if p.is_error]

    @property
    def warnings(self) -> list[Problem]:
        """The problems that do not block a build (unless --strict)."""
        return [p for p in self.problems if not p.is_error]


def check_case(path: Path) -> CheckResult:
    """Read and check everything in the case folder at ``path``; raise CaseError if it is not one."""
    root = find_case_root(path)
    sources = load_sources(root)
    case, problems = validate_case(sources)
    if case is not None:
        problems += cross_check(case)
    return CheckResult(root, case, sort_problems(problems))


def blocking_problems(checked: CheckResult, strict: bool) -> list[Problem]:
    """What stops a build (the one rule, for ``build`` and ``applications``): every error, and
    every warning too with ``strict``."""
    return checked.errors + (checked.warnings if strict else [])


def full_check(path: Path, *, final: bool = False) -> CheckResult:
    """Everything ``check`` does: the case itself, the legal library and the forum checks.

    With ``final``, the problems that a draft may carry (jurisdiction in time, unverified law,
    unfinished text) are errors: a final filing must not carry them."""
    result = check_case(path)
    if result.case is None:
        return result
    from casebuilder.checks import run_checks
    from casebuilder.law.library import check_pursued, load_library

    library, problems = load_library(result.case.law_files)
    problems += check_pursued(result.case.case_at, library)
    findings, forum_problems = run_checks(result.case, library)
    from casebuilder.dossier.selection import complaint_problems

    forum_problems += complaint_problems(result.case)
    result.library, result.findings = library, findings
    result.problems = sort_problems(result.problems + problems + forum_problems)
    if final:
        result.problems = [p.as_error() if p.code in FINAL_ERRORS else p for p in result.problems]
    return result
