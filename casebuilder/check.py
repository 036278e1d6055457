"""The ``check`` orchestrator: load, validate and cross-check a case, writing nothing.

``build`` runs the same function first and stops on errors.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from casebuilder.case import Case, validate_case
from casebuilder.crossref import cross_check
from casebuilder.load import find_case_root, load_sources
from casebuilder.problems import Problem, sort_problems


@dataclass
class CheckResult:
    """The validated case (None when case.yaml itself is unusable) and every problem found."""

    root: Path
    case: Case | None
    problems: list[Problem]

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
