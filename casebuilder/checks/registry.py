"""The registry of forum checks: each check declares its id, its rule (in the forum's own style), the forums
it applies to, and whether it runs once per applicant; :func:`run_checks` runs them.

Adding a check is one decorated function in one module of this package::

    @check("echr-time-limit", rule="...", forums=("echr-individual",), per_applicant=True)
    def _time_limit(run: Run, at: ApplicantAt) -> None: ...

A case may waive a check (for a stated reason, shown in the dossier) in case.yaml ``waivers``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Callable, Iterable

from casebuilder.dates import format_date
from casebuilder.problems import Problem, Severity
from casebuilder.validate.case import Case


@dataclass(frozen=True)
class Finding:
    """The result of one forum check that did not pass: shown by ``check`` and in dossiers."""

    check: str
    """The check's id."""
    message: str
    """What was found, with the dates and the rule."""
    severity: str
    """'error' or 'warning'."""
    claim: str = ""
    """The pursued claim it concerns, if any."""
    waived: str = ""
    """The reason given in case.yaml when the check is waived for it, else ''."""
    applicant: str = ""
    """The applicant it concerns, if any."""

    @property
    def rule(self) -> str:
        """The one-line explanation of the check."""
        return CHECKS[self.check].rule if self.check in CHECKS else ""


@dataclass(frozen=True)
class CheckSpec:
    """A registered check."""

    id: str
    rule: str
    forums: tuple[str, ...]
    per_applicant: bool
    func: Callable[..., None]


CHECKS: dict[str, CheckSpec] = {}
"""Every registered check by id, in registration order."""


def check(check_id: str, *, rule: str, forums: tuple[str, ...] = (), per_applicant: bool = False,
          runs: bool = True) -> Callable[[Callable[..., None]], Callable[..., None]]:
    """Register a check. ``forums``: it runs only when the case pursues one of them (empty: always);
    ``per_applicant``: it is called once per applicant with an :class:`ApplicantAt`; ``runs: False`` registers
    an id whose findings another check emits (so that it can be waived and its rule shown)."""
    def register(func: Callable[..., None]) -> Callable[..., None]:
        CHECKS[check_id] = CheckSpec(check_id, rule, forums, per_applicant, func if runs else (lambda *a: None))
        return func
    return register


@dataclass(frozen=True)
class ApplicantAt:
    """An applicant and where its entry is (a case.yaml path, or a roster row's own locator)."""

    applicant: Any
    """The applicant (case.yaml ``parties.applicants`` entry, or one built from a roster row)."""
    loc: tuple = ()
    """Its location in case.yaml, e.g. ``("parties", "applicants", 0)``."""


class Run:
    """One run of the checks: collects findings and the located problems they become (unless waived)."""

    def __init__(self, case: Case, library: Any, where: Callable[[tuple], tuple[str, int, int]] | None = None):
        self.case = case
        self.library = library
        self.findings: list[Finding] = []
        self.problems: list[Problem] = []
        self.waivers = {(w.check, w.claim or ""): w.reason for w in case.case.waivers}
        self._where = where or (lambda loc: case.case_at.where(loc))
        self._seen: set[tuple] = set()

    def add(self, check_id: str, loc: tuple, message: str, hint: str, *, error: bool, claim: str = "",
            applicant: str = "", once: tuple | None = None) -> None:
        """Record a finding; ``once`` is a key that makes a repeated finding count once."""
        if once is not None:
            if (check_id, *once) in self._seen:
                return
            self._seen.add((check_id, *once))
        waived = self.waivers.get((check_id, claim)) or self.waivers.get((check_id, ""), "")
        self.findings.append(Finding(check_id, message, "error" if error else "warning", claim, waived, applicant))
        if waived:
            return
        path, line, col = self._where(loc)
        self.problems.append(Problem(path, line, col, f"[{check_id}] {message}", hint,
                                     Severity.ERROR if error else Severity.WARNING, check_id))


def applicants_at(case: Case) -> list[ApplicantAt]:
    """The case's applicants with their case.yaml locations."""
    return [ApplicantAt(a, ("parties", "applicants", i)) for i, a in enumerate(case.case.parties.applicants)]


def run_checks(case: Case, library: Any, *, applicants: Iterable[ApplicantAt] | None = None,
               only: Iterable[str] | None = None, case_level: bool = True,
               where: Callable[[tuple], tuple[str, int, int]] | None = None) -> tuple[list[Finding], list[Problem]]:
    """Run the registered checks for the forums the case pursues; return all findings (waived ones included)
    and the problems to report. ``applicants``: run the per-applicant checks for these (default: the case's);
    ``only``: restrict to these check ids; ``case_level: False`` runs only the per-applicant checks (a roster
    row); ``where``: how a location becomes (path, line, column)."""
    run = Run(case, library, where)
    forums = set(case.case.forums)
    wanted = set(only) if only is not None else None
    people = list(applicants) if applicants is not None else applicants_at(case)
    for spec in CHECKS.values():
        if (wanted is not None and spec.id not in wanted) or (spec.forums and not forums & set(spec.forums)):
            continue
        if spec.per_applicant:
            for at in people:
                spec.func(run, at)
        elif case_level:
            spec.func(run)
    return run.findings, run.problems


def long_date(day: Any) -> str:
    """'1 February 2022' in the check messages (:func:`casebuilder.dates.format_date`, locale-independent)."""
    return format_date(day)
