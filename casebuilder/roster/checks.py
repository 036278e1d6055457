"""Checks of one roster row: each cell read and checked as its column says, and the forum checks that
concern one applicant, run through the checks registry exactly as ``check`` runs them for case.yaml.

Every problem is located at the row and the column of the cell it is about (a spreadsheet's numbering:
the header is row 1, column A is 1) and names the column, so that the good rows can still be built.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import replace
from datetime import date
from typing import TYPE_CHECKING, Any, Mapping

from casebuilder.checks import CHECKS, ApplicantAt, Finding, run_checks
from casebuilder.dates import DateError, DateSpan, parse_date
from casebuilder.problems import Problem, Severity
from casebuilder.roster.columns import BY_NAME, letter
from casebuilder.roster.reading import MAX_CELL_CHARS, cell_text

if TYPE_CHECKING:
    from casebuilder.models import Applicant
    from casebuilder.validate.case import Case

APPLICANT_CHECKS = frozenset({"echr-victim", *(spec.id for spec in CHECKS.values() if spec.per_applicant)})
"""The forum checks that concern one applicant, which run on each roster row instead of on the case; with
them 'echr-victim' (the case has an individual applicant): the roster's rows are those applicants."""
_YES = {"yes", "y", "true", "1", "oui", "x"}
_NO = {"no", "n", "false", "0", "non", ""}
_SEX = {"female": "female", "f": "female", "male": "male", "m": "male", "other": "other"}
_ID_SPLIT = re.compile(r"[;,\s]+")
_DMY = re.compile(r"^(\d{1,2})[/.](\d{1,2})[/.](\d{4})$")
_AMBIGUOUS = re.compile(r"^\d{1,2}[/.-]\d{1,2}[/.-]\d{2}$")  # 01/05/80: which century?
_FIELDS = {("final_decision", "date"): "final_decision_date", ("final_decision", "court"): "final_decision_court",
           ("final_decision",): "final_decision_date", ("anonymity", "reasons"): "anonymity_reasons"}
"""Where an applicant's fields (as the forum checks locate them) sit in a roster: the column, when it is
not the field's own name."""


class RowCheck:
    """The cells of one row and the problems they raise, located at row and column."""

    def __init__(self, shown: str, index: Mapping[str, int], number: int, cells: list[Any], lodged: date):
        self.shown, self.index, self.row, self.lodged = shown, index, number, lodged
        self.problems: list[Problem] = []
        self.text = {name: self._text(name, cells[i] if i < len(cells) else None) for name, i in index.items()}

    def where(self, name: str) -> int:
        """The 1-based column of a named column (0 when the roster lacks it)."""
        return self.index[name] + 1 if name in self.index else 0

    def add(self, name: str | None, message: str, hint: str = "", *, error: bool = True, code: str = "roster") -> None:
        """A problem of the cell in column ``name`` (of the whole row when None)."""
        self.problems.append(Problem(self.shown, self.row, 0, message, hint,
                                     Severity.ERROR if error else Severity.WARNING, code))
        if name:
            self.problems[-1] = self._labelled(self.problems[-1], name)

    def _labelled(self, problem: Problem, name: str) -> Problem:
        column = self.where(name)
        label = f"'{name}' ({letter(column)}): " if column else ""
        return replace(problem, column=column, message=label + problem.message)

    def _text(self, name: str, value: Any) -> str:
        text = cell_text(value)
        if len(text) > MAX_CELL_CHARS:
            self.add(name, f"The cell is longer than {MAX_CELL_CHARS:,} characters.",
                     "Keep long accounts in an evidence record and cite it.", code="roster-too-long")
            return text[:MAX_CELL_CHARS]
        return text

    def get(self, name: str) -> str:
        """The text of a cell ('' when empty or when the roster lacks the column)."""
        return self.text.get(name, "")

    def required(self, name: str) -> str | None:
        """The text of a cell that must be filled (None, with a problem, when it is empty)."""
        value = self.get(name)
        if not value:
            self.add(name, "This required field is empty.", BY_NAME[name].help, code="roster-missing")
            return None
        return value

    def date(self, name: str) -> DateSpan | None:
        """A date cell read as its column's date type says (None when empty or wrong, with a problem)."""
        text = self.get(name)
        if not text:
            return None
        if _AMBIGUOUS.match(text):
            self.add(name, f"'{text}' is not a date.", "Write 2023-09-19, or 19/09/2023 with the day first.",
                     code="roster-date")
            return None
        match = _DMY.match(text)
        iso = f"{match[3]}-{int(match[2]):02d}-{int(match[1]):02d}" if match else text
        try:
            span = parse_date(iso)
        except DateError as exc:
            reason = str(exc).removeprefix(f"'{iso}' is not a date. ").rstrip(".")
            self.add(name, f"'{text}' is not a date" + ("." if reason.startswith("Write") else f": {reason}."),
                     "Write 2023-09-19, or 19/09/2023 with the day first.", code="roster-date")
            return None
        return self._date_fits(name, text, span)

    def _date_fits(self, name: str, text: str, span: DateSpan) -> DateSpan | None:
        kind = BY_NAME[name].date
        if kind != "span" and _is_range(span):
            self.add(name, f"'{text}' is a range of dates, not one date.", "Give one date.", code="roster-date")
            return None
        if kind == "day" and span.precision != "day":
            self.add(name, f"'{text}' is not a day.", "Give the exact day: the time limit runs from it.",
                     code="roster-date")
            return None
        if span.start > self.lodged:
            self.add(name, f"'{text}' is after the date of the applications ({self.lodged.isoformat()}, "
                     "the case's date).", "Check the year.", code="roster-date")
            return None
        return span

    def ids(self, name: str, known: Mapping[str, Any], what: str) -> tuple[str, ...]:
        """The ids listed in a cell that the case knows (each unknown one is a problem)."""
        found = []
        for item in (i for i in _ID_SPLIT.split(self.get(name)) if i):
            if item in known:
                found.append(item)
                continue
            close = difflib.get_close_matches(item, list(known), n=1, cutoff=0.75)
            self.add(name, f"There is no {what} '{item}' in the case.",
                     f"Did you mean '{close[0]}'?" if close else f"Use the id of a {what} of the case.",
                     code="roster-unknown-id")
        return tuple(dict.fromkeys(found))

    def sex(self) -> str | None:
        """The 'sex' cell as the model spells it (f and m accepted)."""
        text = self.get("sex")
        sex = _SEX.get(text.lower()) if text else None
        if text and sex is None:
            self.add("sex", f"'{text}' is not female, male or other.", "Leave it blank if unknown.",
                     code="roster-value")
        return sex

    def anonymity(self) -> tuple[bool, str | None]:
        """Whether anonymity is requested (Rule 47 § 4), and the reasons given."""
        value = self.get("anonymity").lower()
        if value not in _YES and value not in _NO:
            self.add("anonymity", f"'{self.get('anonymity')}' is neither yes nor no.", "Write yes or no.",
                     code="roster-value")
            return False, None
        requested = value in _YES
        reasons = self.get("anonymity_reasons") or None
        if requested and not reasons:
            self.add("anonymity_reasons", "Anonymity is requested without reasons.",
                     "Give the reasons that justify departing from public access (Rule 47 § 4).",
                     code="roster-missing")
        return requested, reasons

    def final_decision(self) -> dict[str, Any] | None:
        """The final domestic decision (date, court, description), when the row names one."""
        decided = self.date("final_decision_date")
        court = self.get("final_decision_court")
        if decided is None:
            if court and not self.get("final_decision_date"):
                self.add("final_decision_date", "A final decision is named without its date.",
                          "Give the date: the time limit runs from it.", code="roster-missing")
            return None
        if not court:
            self.add("final_decision_court", "The final decision has no court.",
                     "Name the court or authority that gave it.", code="roster-missing")
            return None
        return {"date": decided, "court": court, "description": self.get("final_decision_description") or None}

    def forum_checks(self, case: Case, library: Any, applicant: Applicant) -> list[Finding]:
        """Run the registry's per-applicant checks (time limit, Rule 47, ...) on the row's applicant; their
        problems are located at the cell of the field they are about. Returns every finding (waived too)."""
        def locate(loc: tuple) -> tuple[str, int, int]:
            return self.shown, self.row, self.where(_column(loc))

        findings, problems = run_checks(case, library, applicants=[ApplicantAt(applicant, ())], case_level=False,
                                        where=locate)
        names = {self.where(name): name for name in self.index}
        self.problems += [self._labelled(p, names[p.column]) if p.column in names else p for p in problems]
        return findings


def _column(loc: tuple) -> str:
    """The roster column of an applicant's field located as ``loc`` (e.g. ('final_decision', 'date'))."""
    fields = tuple(str(part) for part in loc)
    return _FIELDS.get(fields, fields[0] if fields else "id")


def _is_range(span: DateSpan) -> bool:
    """Whether a date names more than one day, month or year (as its precision goes)."""
    if span.precision == "day":
        return span.start != span.end
    if span.precision == "month":
        return (span.start.year, span.start.month) != (span.end.year, span.end.month)
    if span.precision == "year":
        return span.start.year != span.end.year
    return False
