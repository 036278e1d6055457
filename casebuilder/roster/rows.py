"""Rosters: the applicants of mass individual applications, one row each, read from CSV or XLSX.

After a mass displacement, lawyers lodge hundreds or thousands of individual applications that
share the facts of the case and differ in each applicant's own story. NGOs and lawyers keep those
applicants in spreadsheets; a roster is such a spreadsheet with the columns of
:data:`~casebuilder.roster.columns.COLUMNS` (see the README, "Rosters"). Every row is untrusted input:
the file is read within bounds (:mod:`~casebuilder.roster.reading`), each cell is checked
(:mod:`~casebuilder.roster.checks`), and every bad cell is reported as ``FILE:ROW:COLUMN: error: ...``,
so that the good rows can still be built.

Nothing here renders or writes: :func:`read_roster` returns the good rows as ready-made case
objects (an :class:`~casebuilder.models.Applicant`, a :class:`~casebuilder.models.Person`, the
applicant's own fact) with their own forum-check findings, and the problems of the bad ones.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from casebuilder.checks import Finding, time_limit
from casebuilder.dates import DateSpan
from casebuilder.integrity.manifest import sha256_bytes
from casebuilder.models import Applicant, Fact, Person
from casebuilder.problems import Problem, Severity, sort_problems
from casebuilder.roster.checks import RowCheck
from casebuilder.roster.columns import (BY_NAME, COLUMN_NAMES, COLUMNS, MAX_ID_CHARS, letter, normal_header,
                                        pack_filename, safe_id)
from casebuilder.roster.reading import CONTROL, MAX_CELL_CHARS, MAX_ROWS, read_table
from casebuilder.validate.case import Case

@dataclass
class RosterRow:
    """One good row: the applicant it describes, ready to be merged into the case."""

    row: int
    """Its row number in the file (the header is row 1)."""
    ref: str
    """The applicant's id as written in the roster."""
    applicant: Applicant
    """The applicant (its ``id`` is ``ref`` made safe as an id)."""
    person: Person
    """The applicant as a person of the registry (for names and protection)."""
    statement: Fact | None
    """The applicant's own fact, from 'statement' and 'evidence', if any."""
    cells: dict[str, str]
    """The text of every known column, as read (for the applicants table and the inputs hash)."""
    findings: list[Finding] = field(default_factory=list)
    """The applicant's own forum-check findings (the time limit among them), shown in their pack."""
    deadline: date | None = None
    """The last day to lodge the application, from the final decision."""
    warnings: list[Problem] = field(default_factory=list)
    """Problems of the row that do not stop it being built."""

    @property
    def applicant_id(self) -> str:
        """The applicant's id in the case."""
        return self.applicant.id

    @property
    def filename(self) -> str:
        """The file name of the applicant's pack."""
        return pack_filename(self.applicant.id)

    @property
    def own_facts(self) -> tuple[str, ...]:
        """The ids of the facts particular to the applicant (their own statement included)."""
        return self.applicant.facts

    @property
    def own_records(self) -> tuple[str, ...]:
        """The ids of the evidence records particular to the applicant."""
        return tuple(s.record for s in self.statement.evidence) if self.statement else ()

    def digest(self) -> str:
        """A hash of everything the row says: changes when, and only when, the row changes."""
        return sha256_bytes("\x1f".join(f"{k}\x1e{self.cells.get(k, '')}" for k in COLUMN_NAMES).encode("utf-8"))


@dataclass
class Roster:
    """A roster read and checked: its good rows and every problem found."""

    path: Path
    """The roster file."""
    shown: str
    """The file as named in problems."""
    sha256: str
    """The SHA-256 of the file's bytes."""
    rows: list[RosterRow]
    """The good rows (no errors), in file order."""
    bad_rows: list[int]
    """The numbers of the rows with at least one error."""
    total: int
    """How many applicant rows the file holds (blank rows aside)."""
    problems: list[Problem]
    """Every problem, errors and warnings, in file order."""

    @property
    def errors(self) -> list[Problem]:
        """The problems that keep a row (or the whole roster) from being built."""
        return [p for p in self.problems if p.is_error]

    @property
    def warnings(self) -> list[Problem]:
        """The problems that do not."""
        return [p for p in self.problems if not p.is_error]


class RowReader:
    """Checks a roster's header and rows against a case."""

    def __init__(self, case: Case, library: Any, shown: str, header: list[Any], header_row: int = 1):
        self.case, self.library, self.shown, self.header_row = case, library, shown, header_row
        self.lodged = case.case.date.start
        self.index: dict[str, int] = {}
        self.problems: list[Problem] = []
        self.seen_ids: dict[str, int] = {}
        self.seen_files: dict[str, tuple[int, str]] = {}
        self.case_applicants = {a.id for a in case.case.parties.applicants}
        self.case_ids = set(case.evidence) | set(case.facts) | set(case.people) | set(case.places)
        self.representatives = {r.id: r for r in case.case.parties.representatives}
        self._header(header)

    def _header(self, header: list[Any]) -> None:
        for i, cell in enumerate(header):
            name = normal_header(cell)
            if not name:
                continue
            if name in self.index:
                self._header_problem(i + 1, f"The column '{name}' appears twice (first in column "
                                     f"{letter(self.index[name] + 1)}).", "Keep one of them.")
            elif name in BY_NAME:
                self.index[name] = i
            else:
                close = difflib.get_close_matches(name, COLUMN_NAMES, n=1, cutoff=0.7)
                self._header_problem(i + 1, f"'{cell}' ({letter(i + 1)}) is not a roster column; it is ignored.",
                                     f"Did you mean '{close[0]}'?" if close else
                                     f"The columns are: {', '.join(COLUMN_NAMES)}.", Severity.WARNING)
        missing = [c.name for c in COLUMNS if c.required and c.name not in self.index]
        if missing:
            self._header_problem(0, f"The roster has no column {', '.join(missing)}; no row can be built.",
                                 f"Add {'it' if len(missing) == 1 else 'them'} to the header row (row 1).")

    def _header_problem(self, column: int, message: str, hint: str, severity: Severity = Severity.ERROR) -> None:
        self.problems.append(Problem(self.shown, self.header_row, column, message, hint, severity, "roster-header"))

    @property
    def usable(self) -> bool:
        """Whether rows can be read at all (the header has every required column, each once)."""
        return not any(p.is_error and p.line == self.header_row for p in self.problems)

    def row(self, number: int, cells: list[Any]) -> tuple[RosterRow | None, list[Problem]]:
        """The row built, or None when it has an error; and its problems."""
        check = RowCheck(self.shown, self.index, number, cells, self.lodged)
        ref = self._identity(check)
        values = self._values(check)
        if ref is None or any(p.is_error for p in check.problems):
            return None, check.problems
        row = self._build(check, ref, values)
        if row is None or any(p.is_error for p in check.problems):
            return None, check.problems
        row.warnings = check.problems
        return row, check.problems

    def _values(self, check: RowCheck) -> dict[str, Any]:
        """Every cell read and checked (problems go to ``check``)."""
        values: dict[str, Any] = {name: check.required(name) for name in
                                  ("surname", "nationality", "address", "victim_status", "exhaustion")}
        values["date_of_birth"] = check.date("date_of_birth") if check.get("date_of_birth") else \
            check.required("date_of_birth")
        values["sex"] = check.sex()
        values["representative"] = self._representative(check)
        values["anonymity"] = check.anonymity()
        values["final_decision"] = check.final_decision()
        values["facts"] = check.ids("facts", self.case.facts, "fact")
        values["records"] = check.ids("evidence", self.case.evidence, "evidence record")
        values["when"] = check.date("statement_date")
        if check.get("statement") and not values["records"]:
            check.add("statement", "A statement needs the evidence it rests on.",
                      "List the applicant's own records in 'evidence' (every fact cites its evidence).",
                      code="roster-missing")
        return values

    def _build(self, check: RowCheck, ref: str, values: dict[str, Any]) -> RosterRow | None:
        """The applicant, their person and their own statement; the forum checks run on them."""
        applicant_id = safe_id(ref)
        person_id, fact_id = f"{applicant_id}.person", f"{applicant_id}.statement"
        statement = self._statement(check, fact_id, values["records"], values["when"]) if values["records"] else None
        requested, reasons = values["anonymity"]
        try:
            person = Person(id=person_id, name=f"{check.get('given_names')} {values['surname']}".strip(),
                            kind="individual", protection="pseudonymise" if requested else None)
            applicant = Applicant(
                id=applicant_id, kind="individual", person=person_id, date_of_birth=values["date_of_birth"],
                place_of_birth=check.get("place_of_birth") or None, nationality=values["nationality"],
                address=values["address"], sex=values["sex"], representative=values["representative"],
                victim_status=values["victim_status"], facts=values["facts"] + ((fact_id,) if statement else ()),
                final_decision=values["final_decision"], exhaustion=values["exhaustion"],
                other_proceedings=check.get("other_proceedings") or None,
                anonymity={"requested": requested, "reasons": reasons})
        except ValidationError as exc:  # the checks above should leave nothing for pydantic to find
            for error in exc.errors(include_url=False):
                loc = [str(p) for p in error["loc"]]
                column = "_".join(loc[:2]) if loc and loc[0] in ("final_decision", "anonymity") else (loc or ["id"])[0]
                check.add(column if column in BY_NAME else None, f"{error['msg']}.", code="roster-value")
            return None
        row = RosterRow(check.row, ref, applicant, person, statement, {n: check.get(n) for n in COLUMN_NAMES})
        row.findings = check.forum_checks(self.case, self.library, applicant)
        final = applicant.final_decision
        if final is not None:
            notified = final.notified.start if final.notified else None
            row.deadline = time_limit(final.date.start, notified)
        return row

    def _identity(self, check: RowCheck) -> str | None:
        ref = check.required("id")
        if ref is None:
            return None
        applicant_id = safe_id(ref)
        problem = self._id_problem(ref, applicant_id)
        if problem:
            check.add("id", *problem[:2], code=problem[2])
            return None
        self.seen_ids[ref] = check.row
        self.seen_files[applicant_id.lower()] = (check.row, ref)
        return ref

    def _id_problem(self, ref: str, applicant_id: str) -> tuple[str, str, str] | None:
        """Why an id cannot be used (message, hint, code), or None."""
        if len(ref) > MAX_ID_CHARS:
            return f"The id is longer than {MAX_ID_CHARS} characters.", "Use a shorter reference.", "roster-value"
        if not applicant_id:
            return f"'{ref}' has no letter or digit to name a file with.", "Use letters and digits.", "roster-value"
        duplicate = "roster-duplicate-id"
        if ref in self.seen_ids:
            return (f"The applicant id '{ref}' is already used at row {self.seen_ids[ref]}.",
                    "Each applicant appears once; give each row its own id.", duplicate)
        if applicant_id.lower() in self.seen_files:
            other_row, other = self.seen_files[applicant_id.lower()]
            return (f"The id '{ref}' gives the same file name as '{other}' at row {other_row} "
                    f"({pack_filename(applicant_id)}).", "Make the ids differ by more than case or punctuation.",
                    duplicate)
        if applicant_id in self.case_applicants:
            return f"The id '{ref}' is already an applicant of case.yaml.", "Choose another id.", duplicate
        taken = {f"{applicant_id}.person", f"{applicant_id}.statement"} & self.case_ids
        if taken:
            return f"The case already uses the id '{taken.pop()}'.", "Choose another applicant id.", duplicate
        return None

    def _representative(self, check: RowCheck) -> str | None:
        representative = check.get("representative") or None
        if representative and representative not in self.representatives:
            close = difflib.get_close_matches(representative, list(self.representatives), n=1)
            check.add("representative", f"There is no representative '{representative}' in case.yaml.",
                      f"Did you mean '{close[0]}'?" if close else "Use the id of one of parties.representatives.",
                      code="roster-unknown-id")
        return representative

    def _statement(self, check: RowCheck, fact_id: str, records: tuple[str, ...], when: DateSpan | None) -> Fact:
        if when is None:
            when = min((self.case.record(r).date for r in records), key=lambda d: (d.start, d.end))
        text = check.get("statement") or ("The applicant relies on the documents cited here, which concern the "
                                          "applicant in particular.")
        # a roster applicant complains of the situation the individual application pleads: the
        # statement is their own account of it, the fact of theirs that each complaint rests on
        complaints = tuple(c.id for c in self.case.case.claims if "echr-individual" in c.forums)
        return Fact(id=fact_id, title="The applicant’s own circumstances", date=when, description=text,
                    evidence=[{"record": r} for r in records], relied_on_for=complaints)


def read_roster(path: Path, case: Case, *, shown: str | None = None, library: Any = None) -> Roster:
    """Read and check every row of a roster against a case (``library``: the legal library the forum checks
    use); raise CaseError only when the file itself cannot be read (not a CSV or XLSX, too large, not UTF-8)."""
    path = Path(path)
    shown = shown or str(path)
    raw, header, header_row, rows = read_table(path, shown)
    reader = RowReader(case, library, shown, header, header_row)
    good: list[RosterRow] = []
    bad: list[int] = []
    problems = list(reader.problems)
    total = 0
    for number, cells in rows:
        if not any(c not in (None, "") and str(c).strip() for c in cells):
            continue
        total += 1
        if total > MAX_ROWS:
            problems.append(Problem(shown, number, 0, f"The roster has more than {MAX_ROWS:,} rows; the rest are "
                                    "not read.", "Split it into several rosters.", code="roster-too-large"))
            bad.append(number)
            break
        built, found = reader.row(number, cells) if reader.usable else (None, [])
        problems += found
        if built is None:
            bad.append(number)
        else:
            good.append(built)
    if not header:
        problems.append(Problem(shown, 1, 0, "The roster is empty.", "Write the header row: "
                                + ", ".join(COLUMN_NAMES) + ".", code="roster-header"))
    problems = sorted(sort_problems(problems), key=lambda p: (p.line, p.column, p.message))
    return Roster(path, shown, sha256_bytes(raw), good, bad, total, problems)


# the names casebuilder.imports.tables reads from here (it shares the bounded reader)
_CONTROL, _letter, _table = CONTROL, letter, read_table

__all__ = ["COLUMNS", "COLUMN_NAMES", "MAX_CELL_CHARS", "MAX_ROWS", "Roster", "RosterRow", "RowReader",
           "read_roster", "safe_id"]
