"""Rosters: the applicants of mass individual applications, one row each, read from CSV or XLSX.

After a mass displacement, lawyers lodge hundreds or thousands of individual applications that
share the facts of the case and differ in each applicant's own story. NGOs and lawyers keep those
applicants in spreadsheets; a roster is such a spreadsheet with the columns of :data:`COLUMNS`
(see the README, "Rosters"). Every row is untrusted input: it is read within bounds, each cell is
checked, and every bad cell is reported as ``FILE:ROW:COLUMN: error: ...`` (the row and column as
a spreadsheet numbers them: the header is row 1, column A is 1), so that the good rows can still
be built.

Nothing here renders or writes: :func:`read_roster` returns the good rows as ready-made case
objects (an :class:`~casebuilder.models.Applicant`, a :class:`~casebuilder.models.Person`, the
applicant's own fact) with their own time-limit check, and the problems of the bad ones.
"""

from __future__ import annotations

import csv
import difflib
import hashlib
import io
import re
import unicodedata
import zipfile
from dataclasses import dataclass, field
from datetime import date, datetime, time
from pathlib import Path
from typing import Any, Iterator

from pydantic import ValidationError

from casebuilder.validate.case import Case
from casebuilder.dates import DateError, DateSpan, parse_date
from casebuilder.checks.forum import Finding, time_limit
from casebuilder.models import Applicant, Fact, Person
from casebuilder.problems import CaseError, Problem, Severity, fail, sort_problems

MAX_BYTES = 256 * 1024 * 1024
"""The largest roster file read (CSV, or an XLSX once unpacked)."""
MAX_ROWS = 200_000
MAX_CELL_CHARS = 100_000
MAX_ID_CHARS = 60
APPLICANT_CHECKS = ("echr-victim", "echr-exhaustion", "echr-rule47", "echr-time-limit")
"""The forum checks that concern one applicant: for roster applicants they run on each row."""


@dataclass(frozen=True)
class Column:
    """One column of a roster."""

    name: str
    """The header, as written in row 1 (case, spaces and hyphens do not matter)."""
    required: bool
    """Whether every row must fill it."""
    help: str
    """What it holds, for the README and the messages."""
    example: str = ""


COLUMNS: tuple[Column, ...] = (
    Column("id", True, "The applicant's reference in your own records, unique in the roster. It names the "
           "applicant's files (echr-application-<id>.pdf, made safe as a file name).", "NK-0001"),
    Column("surname", True, "Surname, as in the applicant's identity document.", "Petrosyan"),
    Column("given_names", False, "First name(s) (and patronymic, if used).", "Anahit Armenovna"),
    Column("date_of_birth", True, "Date of birth: 1980-05-01 or 01/05/1980 (day first; 01.05.1980 also); "
           "1980-05 or 1980 when that is all that is known. Spreadsheet date cells are read as dates.",
           "1980-05-01"),
    Column("place_of_birth", False, "Place of birth.", "Riverside"),
    Column("nationality", True, "Nationality (Rule 47 § 1 (a)).", "Examplish"),
    Column("address", True, "The applicant's own postal address (Rule 47 § 1 (a)), not the representative's.",
           "12 Mill Street, Capital City, Exampleland"),
    Column("sex", False, "female, male or other (f and m are accepted).", "female"),
    Column("representative", False, "The id of the representative acting for the applicant, one of case.yaml "
           "parties.representatives.", "R-01"),
    Column("victim_status", True, "How the applicant is personally affected (Article 34): one or two sentences.",
           "The applicant had to leave her home in Riverside and cannot return."),
    Column("facts", False, "Ids of facts of the case that concern this applicant only, separated by ';'. "
           "They are added to the shared facts in this applicant's pack and left out of everyone else's.",
           "F-101; F-102"),
    Column("statement", False, "The applicant's own account in a paragraph, attributed ('The applicant states "
           "that ...'). Needs 'evidence': it becomes a fact of the pack, cited to those records.",
           "The applicant states that she left on 25 September 2023 with her two children."),
    Column("statement_date", False, "When the events of the statement happened (same formats as the other "
           "dates, or a range such as 2023-09-19/2023-09-30); default: the earliest date of its evidence.",
           "2023-09-25"),
    Column("evidence", False, "Ids of evidence records particular to the applicant (their testimony, identity "
           "and property documents), separated by ';': cited for the statement, listed among the pack's "
           "accompanying documents.", "T-0001; D-0001"),
    Column("final_decision_date", False, "The date of the final domestic decision (or of its notification, if "
           "later), a day: the four-month time limit runs from it.", "2025-11-20"),
    Column("final_decision_court", False, "The court or authority that gave it (required with the date).",
           "Court of Cassation"),
    Column("final_decision_description", False, "What it decided.", "Dismissed the applicant's claim."),
    Column("exhaustion", True, "How domestic remedies were exhausted, or why none was effective "
           "(Article 35 § 1).", "No remedy is available to the applicant in the respondent State."),
    Column("other_proceedings", False, "Other international proceedings on the same matter, if any.", ""),
    Column("anonymity", False, "yes to ask that the applicant's identity not be disclosed to the public "
           "(Rule 47 § 4); no or blank otherwise.", "yes"),
    Column("anonymity_reasons", False, "Why anonymity is requested (required with yes).",
           "Relatives of the applicant remain in the region."),
)
COLUMN_NAMES = tuple(c.name for c in COLUMNS)
_BY_NAME = {c.name: c for c in COLUMNS}
_ID_SPLIT = re.compile(r"[;,\s]+")
_DMY = re.compile(r"^(\d{1,2})[/.](\d{1,2})[/.](\d{4})$")
_AMBIGUOUS = re.compile(r"^\d{1,2}[/.-]\d{1,2}[/.-]\d{2}$")  # 01/05/80: which century?
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_YES = {"yes", "y", "true", "1", "oui", "x"}
_NO = {"no", "n", "false", "0", "non", ""}
_LATIN = str.maketrans({"Đ": "D", "đ": "d", "Ø": "O", "ø": "o", "Ł": "L", "ł": "l", "ß": "ss", "Æ": "AE", "æ": "ae",
                        "Œ": "OE", "œ": "oe", "Þ": "Th", "þ": "th", "Ð": "D", "ð": "d", "ı": "i", "Ə": "A", "ə": "a"})
"""Latin letters that Unicode does not decompose into a base letter and an accent."""
_SEX = {"female": "female", "f": "female", "male": "male", "m": "male", "other": "other"}


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
    """The applicant's own forum-check findings (the time limit), shown in their pack."""
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
        return f"echr-application-{self.applicant.id.lower()}.pdf"

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
        text = "\x1f".join(f"{k}\x1e{self.cells.get(k, '')}" for k in COLUMN_NAMES)
        return hashlib.sha256(text.encode("utf-8")).hexdigest()


@dataclass
class Roster:
    """A roster read and checked: its good rows and every problem found."""

    path: Path
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


def safe_id(text: str) -> str:
    """An applicant id made usable as a case id and in a file name: letters, digits, '.', '_' and '-'.

    Accents are dropped (``Đ-12`` gives ``D-12``), other characters become '-', runs of '-' and '.' shrink
    to one, and the result starts and ends with a letter or digit; '' when nothing usable is left.
    """
    text = text.translate(_LATIN)
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    slug = re.sub(r"[^A-Za-z0-9._-]+", "-", ascii_text)
    slug = re.sub(r"([-.])[-.]+", r"\1", slug).strip("-._")
    return slug[:MAX_ID_CHARS]


# --- reading the file ---------------------------------------------------------------------------

def _table(path: Path, shown: str, sheet: str | None = None) -> tuple[bytes, list[Any], int, Iterator[tuple[int, list[Any]]]]:
    """The file's bytes, its header cells, the header's row number and its rows (row number, cells).

    ``sheet`` picks a worksheet of a workbook by name (no header and no rows when it has none)."""
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise fail(shown, f"The roster cannot be read: {exc.strerror}.", "Check the path.", "roster-unreadable")
    if size > MAX_BYTES:
        raise fail(shown, f"The roster is larger than {MAX_BYTES // 2**20} MB.", "Split it into several rosters.",
                   "roster-too-large")
    raw = path.read_bytes()
    if raw[:4] == b"PK\x03\x04":
        header, header_row, rows = _xlsx_rows(path, shown, sheet)
    elif path.suffix.lower() in (".xlsx", ".xlsm"):
        raise fail(shown, "This file is not an XLSX workbook.", "Save it from the spreadsheet as .xlsx or .csv.",
                   "roster-format")
    else:
        header, rows = _csv_rows(raw, shown)
        header_row = 1
    return raw, header, header_row, rows


def _csv_rows(raw: bytes, shown: str) -> tuple[list[str], Iterator[tuple[int, list[str]]]]:
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise fail(shown, "The roster is saved as UTF-16 ('Unicode text'), not UTF-8.",
                   "Save it as 'CSV UTF-8 (comma delimited)'.", "roster-encoding")
    if b"\x00" in raw:
        raise fail(shown, "This is a binary file, not a CSV text file.", "Give a .csv or .xlsx roster.",
                   "roster-format")
    try:
        text = raw.decode("utf-8").removeprefix("\ufeff")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        raise CaseError([Problem(shown, line, 0, f"The roster is not valid UTF-8 (byte 0x{raw[exc.start]:02x} on "
                                 f"line {line}).", "Save it as 'CSV UTF-8' from the spreadsheet.",
                                 code="roster-encoding")]) from None
    first = text.split("\n", 1)[0]
    delimiter = max((",", ";", "\t"), key=first.count)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=False)
    try:
        limit = csv.field_size_limit()
        csv.field_size_limit(max(limit, MAX_CELL_CHARS * 4))
        header = next(reader, [])
        rows = [(i, cells) for i, cells in enumerate(reader, start=2)]
    except csv.Error as exc:
        raise CaseError([Problem(shown, reader.line_num, 0, f"The roster is not valid CSV: {exc}.",
                                 "Check the quotes on this line.", code="roster-format")]) from None
    finally:
        csv.field_size_limit(limit)
    return header, iter(rows)


def _xlsx_rows(path: Path, shown: str, wanted: str | None = None) -> tuple[list[Any], int, Iterator[tuple[int, list[Any]]]]:
    try:
        with zipfile.ZipFile(path) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
    except zipfile.BadZipFile:
        raise fail(shown, "This file is not an XLSX workbook (a damaged ZIP).", "Save it again as .xlsx or .csv.",
                   "roster-format") from None
    if unpacked > MAX_BYTES:  # a "zip bomb": small on disk, huge once unpacked
        raise fail(shown, f"The workbook unpacks to more than {MAX_BYTES // 2**20} MB.",
                   "Save the roster sheet alone, or as CSV.", "roster-too-large")
    import openpyxl

    try:
        book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds of errors on damaged files
        raise fail(shown, f"The workbook cannot be read: {type(exc).__name__}.", "Save it again as .xlsx or .csv.",
                   "roster-format") from None
    names = (wanted.lower(),) if wanted else ("roster", "applicants")
    sheet = next((s for s in book.worksheets if s.title.strip().lower() in names), None if wanted else book.worksheets[0])
    if sheet is None:
        book.close()
        return [], 1, iter(())
    rows = sheet.iter_rows(values_only=True)
    header: list[Any] = []
    number = 0
    for number, cells in enumerate(rows, start=1):
        if any(c not in (None, "") for c in cells):
            header = list(cells)
            break

    def rest() -> Iterator[tuple[int, list[Any]]]:
        try:
            for i, cells in enumerate(rows, start=number + 1):
                yield i, list(cells)
        finally:
            book.close()

    return header, number or 1, rest()


# --- checking the rows --------------------------------------------------------------------------

def _normal_header(value: Any) -> str:
    return re.sub(r"[\s\-]+", "_", str(value or "").strip().lower())


def _letter(column: int) -> str:
    """The spreadsheet letter of a 1-based column number: 1 is A, 27 is AA."""
    letters = ""
    while column:
        column, rest = divmod(column - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


class _RowCheck:
    """The cells of one row and the problems they raise, located at row and column."""

    def __init__(self, roster: _Reader, number: int, cells: list[Any]):
        self.reader, self.row, self.raw = roster, number, cells
        self.problems: list[Problem] = []
        self.text: dict[str, str] = {}
        for name, index in roster.index.items():
            self.text[name] = self._text(name, cells[index] if index < len(cells) else None)

    def where(self, name: str) -> int:
        return self.reader.index[name] + 1 if name in self.reader.index else 0

    def add(self, name: str | None, message: str, hint: str = "", *, error: bool = True, code: str = "roster") -> None:
        column = self.where(name) if name else 0
        label = f"'{name}' ({_letter(column)}): " if name and column else ""
        self.problems.append(Problem(self.reader.shown, self.row, column, label + message, hint,
                                     Severity.ERROR if error else Severity.WARNING, code))

    def _text(self, name: str, value: Any) -> str:
        if value is None:
            return ""
        if isinstance(value, bool):
            return "yes" if value else "no"
        if isinstance(value, datetime):
            return value.date().isoformat() if value.time() == time() else value.isoformat()
        if isinstance(value, date):
            return value.isoformat()
        if isinstance(value, float):
            return str(int(value)) if value.is_integer() else repr(value)
        text = unicodedata.normalize("NFC", str(value))
        text = _CONTROL.sub("", text).replace("\r\n", "\n").replace("\r", "\n").strip()
        if len(text) > MAX_CELL_CHARS:
            self.add(name, f"The cell is longer than {MAX_CELL_CHARS:,} characters.",
                     "Keep long accounts in an evidence record and cite it.", code="roster-too-long")
            return text[:MAX_CELL_CHARS]
        return text

    def get(self, name: str) -> str:
        return self.text.get(name, "")

    def required(self, name: str) -> str | None:
        value = self.get(name)
        if not value:
            self.add(name, "This required field is empty.", _BY_NAME[name].help, code="roster-missing")
            return None
        return value

    def date(self, name: str, *, day: bool = False) -> DateSpan | None:
        text = self.get(name)
        if not text:
            return None
        match = _DMY.match(text)
        iso = f"{match[3]}-{int(match[2]):02d}-{int(match[1]):02d}" if match else text
        if _AMBIGUOUS.match(text):
            self.add(name, f"'{text}' is not a date.", "Write 2023-09-19, or 19/09/2023 with the day first.",
                     code="roster-date")
            return None
        try:
            span = parse_date(iso)
        except DateError as exc:
            reason = str(exc).removeprefix(f"'{iso}' is not a date. ").rstrip(".")
            self.add(name, f"'{text}' is not a date" + ("." if reason.startswith("Write") else f": {reason}."),
                     "Write 2023-09-19, or 19/09/2023 with the day first.", code="roster-date")
            return None
        if name != "statement_date" and _is_range(span):
            self.add(name, f"'{text}' is a range of dates, not one date.", "Give one date.", code="roster-date")
            return None
        if day and span.precision != "day":
            self.add(name, f"'{text}' is not a day.", "Give the exact day: the time limit runs from it.",
                     code="roster-date")
            return None
        if span.start > self.reader.lodged:
            self.add(name, f"'{text}' is after the date of the applications ({self.reader.lodged.isoformat()}, "
                     "the case's date).", "Check the year.", code="roster-date")
            return None
        return span

    def ids(self, name: str, known: dict, what: str) -> tuple[str, ...]:
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


class _Reader:
    """Checks a roster's header and rows against a case."""

    def __init__(self, case: Case, shown: str, header: list[Any], header_row: int = 1):
        self.case, self.shown, self.header_row = case, shown, header_row
        self.lodged = case.case.date.start
        self.index: dict[str, int] = {}
        self.problems: list[Problem] = []
        self.waivers = {w.check: w.reason for w in case.case.waivers if not w.claim}
        self.seen_ids: dict[str, int] = {}
        self.seen_files: dict[str, tuple[int, str]] = {}
        self.case_applicants = {a.id for a in case.case.parties.applicants}
        self.case_ids = set(case.evidence) | set(case.facts) | set(case.people) | set(case.places)
        self.representatives = {r.id: r for r in case.case.parties.representatives}
        self._header(header)

    def _header(self, header: list[Any]) -> None:
        for i, cell in enumerate(header):
            name = _normal_header(cell)
            if not name:
                continue
            column = i + 1
            if name in self.index:
                self.problems.append(Problem(self.shown, self.header_row, column, f"The column '{name}' appears twice (first in "
                                             f"column {_letter(self.index[name] + 1)}).", "Keep one of them.",
                                             code="roster-header"))
            elif name in _BY_NAME:
                self.index[name] = i
            else:
                close = difflib.get_close_matches(name, COLUMN_NAMES, n=1, cutoff=0.7)
                self.problems.append(Problem(self.shown, self.header_row, column, f"'{cell}' ({_letter(column)}) is not a roster "
                                             "column; it is ignored.",
                                             f"Did you mean '{close[0]}'?" if close else
                                             f"The columns are: {', '.join(COLUMN_NAMES)}.",
                                             Severity.WARNING, "roster-header"))
        missing = [c.name for c in COLUMNS if c.required and c.name not in self.index]
        if missing:
            self.problems.append(Problem(self.shown, self.header_row, 0, f"The roster has no column {', '.join(missing)}; "
                                         "no row can be built.", f"Add {'it' if len(missing) == 1 else 'them'} to "
                                         "the header row (row 1).", code="roster-header"))

    @property
    def usable(self) -> bool:
        return not any(p.is_error and p.line == self.header_row for p in self.problems)

    def row(self, number: int, cells: list[Any]) -> RosterRow | None:
        check = _RowCheck(self, number, cells)
        ref = self._identity(check)
        surname = check.required("surname")
        born = check.date("date_of_birth")
        if not check.get("date_of_birth"):
            check.required("date_of_birth")
        nationality, address = check.required("nationality"), check.required("address")
        victim, exhaustion = check.required("victim_status"), check.required("exhaustion")
        sex = _SEX.get(check.get("sex").lower()) if check.get("sex") else None
        if check.get("sex") and sex is None:
            check.add("sex", f"'{check.get('sex')}' is not female, male or other.", "Leave it blank if unknown.",
                      code="roster-value")
        representative = check.get("representative") or None
        if representative and representative not in self.representatives:
            close = difflib.get_close_matches(representative, list(self.representatives), n=1)
            check.add("representative", f"There is no representative '{representative}' in case.yaml.",
                      f"Did you mean '{close[0]}'?" if close else "Use the id of one of parties.representatives.",
                      code="roster-unknown-id")
        anonymity = self._anonymity(check)
        decision = self._decision(check)
        facts = check.ids("facts", self.case.facts, "fact")
        records = check.ids("evidence", self.case.evidence, "evidence record")
        when = check.date("statement_date")
        if check.get("statement") and not records:
            check.add("statement", "A statement needs the evidence it rests on.",
                      "List the applicant's own records in 'evidence' (every fact cites its evidence).",
                      code="roster-missing")
        if check.problems and any(p.is_error for p in check.problems) or ref is None:
            return _Failed(check.problems)  # type: ignore[return-value]
        applicant_id = safe_id(ref)
        person_id, fact_id = f"{applicant_id}.person", f"{applicant_id}.statement"
        statement = None
        if records:
            statement = self._statement(check, fact_id, records, when)
        given = check.get("given_names")
        name = f"{given} {surname}".strip()
        try:
            person = Person(id=person_id, name=name, kind="individual",
                            protection="pseudonymise" if anonymity[0] else None)
            applicant = Applicant(id=applicant_id, kind="individual", person=person_id,
                                  date_of_birth=born, place_of_birth=check.get("place_of_birth") or None,
                                  nationality=nationality, address=address, sex=sex, representative=representative,
                                  victim_status=victim, facts=facts + ((fact_id,) if statement else ()),
                                  final_decision=decision, exhaustion=exhaustion,
                                  other_proceedings=check.get("other_proceedings") or None,
                                  anonymity={"requested": anonymity[0], "reasons": anonymity[1]})
        except ValidationError as exc:  # the checks above should leave nothing for pydantic to find
            for error in exc.errors(include_url=False):
                loc = [str(p) for p in error["loc"]]
                column = "_".join(loc[:2]) if loc and loc[0] in ("final_decision", "anonymity") else (loc or ["id"])[0]
                check.add(column if column in _BY_NAME else None, f"{error['msg']}.", code="roster-value")
            return _Failed(check.problems)  # type: ignore[return-value]
        cells = {name: check.get(name) for name in COLUMN_NAMES}
        row = RosterRow(number, ref, applicant, person, statement, cells, warnings=check.problems)
        self._time_limit(check, row)
        if any(p.is_error for p in check.problems):
            return _Failed(check.problems)  # type: ignore[return-value]
        row.warnings = check.problems
        return row

    def _identity(self, check: _RowCheck) -> str | None:
        ref = check.required("id")
        if ref is None:
            return None
        if len(ref) > MAX_ID_CHARS:
            check.add("id", f"The id is longer than {MAX_ID_CHARS} characters.", "Use a shorter reference.",
                      code="roster-value")
            return None
        applicant_id = safe_id(ref)
        if not applicant_id:
            check.add("id", f"'{ref}' has no letter or digit to name a file with.", "Use letters and digits.",
                      code="roster-value")
            return None
        if ref in self.seen_ids:
            check.add("id", f"The applicant id '{ref}' is already used at row {self.seen_ids[ref]}.",
                      "Each applicant appears once; give each row its own id.", code="roster-duplicate-id")
            return None
        self.seen_ids[ref] = check.row
        filename = applicant_id.lower()
        if filename in self.seen_files:
            other_row, other = self.seen_files[filename]
            check.add("id", f"The id '{ref}' gives the same file name as '{other}' at row {other_row} "
                      f"(echr-application-{filename}.pdf).", "Make the ids differ by more than case or punctuation.",
                      code="roster-duplicate-id")
            return None
        self.seen_files[filename] = (check.row, ref)
        if applicant_id in self.case_applicants:
            check.add("id", f"The id '{ref}' is already an applicant of case.yaml.", "Choose another id.",
                      code="roster-duplicate-id")
            return None
        taken = {f"{applicant_id}.person", f"{applicant_id}.statement"} & self.case_ids
        if taken:
            check.add("id", f"The case already uses the id '{taken.pop()}'.", "Choose another applicant id.",
                      code="roster-duplicate-id")
            return None
        return ref

    def _anonymity(self, check: _RowCheck) -> tuple[bool, str | None]:
        value = check.get("anonymity").lower()
        if value not in _YES and value not in _NO:
            check.add("anonymity", f"'{check.get('anonymity')}' is neither yes nor no.", "Write yes or no.",
                      code="roster-value")
            return False, None
        requested = value in _YES
        reasons = check.get("anonymity_reasons") or None
        if requested and not reasons:
            check.add("anonymity_reasons", "Anonymity is requested without reasons.",
                      "Give the reasons that justify departing from public access (Rule 47 § 4).",
                      code="roster-missing")
        return requested, reasons

    def _decision(self, check: _RowCheck) -> dict | None:
        decided = check.date("final_decision_date", day=True)
        court = check.get("final_decision_court")
        if decided is None:
            if court and not check.get("final_decision_date"):
                check.add("final_decision_date", "A final decision is named without its date.",
                          "Give the date: the time limit runs from it.", code="roster-missing")
            return None
        if not court:
            check.add("final_decision_court", "The final decision has no court.",
                      "Name the court or authority that gave it.", code="roster-missing")
            return None
        return {"date": decided, "court": court, "description": check.get("final_decision_description") or None}

    def _statement(self, check: _RowCheck, fact_id: str, records: tuple[str, ...], when: DateSpan | None) -> Fact:
        if when is None:
            when = min((self.case.record(r).date for r in records), key=lambda d: (d.start, d.end))
        text = check.get("statement") or ("The applicant relies on the documents cited here, which concern the "
                                          "applicant in particular.")
        # a roster applicant complains of the situation the individual application pleads: the
        # statement is their own account of it, the fact of theirs that each complaint rests on
        complaints = tuple(c.id for c in self.case.case.claims if "echr-individual" in c.forums)
        return Fact(id=fact_id, title="The applicant’s own circumstances", date=when, description=text,
                    evidence=[{"record": r} for r in records], relied_on_for=complaints)

    def _time_limit(self, check: _RowCheck, row: RosterRow) -> None:
        """The applicant's own time-limit check (Article 35 § 1), as the forum checks word it."""
        applicant = row.applicant
        waived = self.waivers.get("echr-time-limit", "")
        if applicant.final_decision is None:
            message = (f"The applicant '{applicant.id}' names no final domestic decision: if the situation is "
                       "continuing, time may not have started to run; counsel must assess.")
            row.findings.append(Finding("echr-time-limit", message, "warning", "", waived))
            if not waived:
                check.add("final_decision_date", f"[echr-time-limit] {message}", "Fill in the date, or explain in "
                          "'exhaustion' why there is no final decision.", error=False, code="echr-time-limit")
            return
        decided = applicant.final_decision.date.start
        row.deadline = time_limit(decided)
        if self.lodged > row.deadline:
            message = (f"The final decision of {_long(decided)} left the applicant '{applicant.id}' until "
                       f"{_long(row.deadline)} to apply; the application is dated {_long(self.lodged)}, out of time.")
            row.findings.append(Finding("echr-time-limit", message, "error", "", waived))
            if not waived:
                check.add("final_decision_date", f"[echr-time-limit] {message}",
                          "Check the date of notification of the decision.", code="echr-time-limit")


def _is_range(span: DateSpan) -> bool:
    """Whether a date names more than one day, month or year (as its precision goes)."""
    if span.precision == "day":
        return span.start != span.end
    if span.precision == "month":
        return (span.start.year, span.start.month) != (span.end.year, span.end.month)
    if span.precision == "year":
        return span.start.year != span.end.year
    return False


class _Failed(list):
    """The problems of a bad row (a list, so that the reader can tell it from a RosterRow)."""


def _long(day: date) -> str:
    from casebuilder.checks.forum import _long as long_date

    return long_date(day)


def read_roster(path: Path, case: Case, *, shown: str | None = None) -> Roster:
    """Read and check every row of a roster against a case; raise CaseError only when the file itself
    cannot be read (not a CSV or XLSX, too large, not UTF-8)."""
    path = Path(path)
    shown = shown or str(path)
    raw, header, header_row, rows = _table(path, shown)
    reader = _Reader(case, shown, header, header_row)
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
        if not reader.usable:
            bad.append(number)
            continue
        result = reader.row(number, cells)
        if isinstance(result, _Failed):
            problems += result
            bad.append(number)
        else:
            problems += result.warnings
            good.append(result)
    if not header:
        problems.append(Problem(shown, 1, 0, "The roster is empty.", "Write the header row: "
                                + ", ".join(COLUMN_NAMES) + ".", code="roster-header"))
    problems = sorted(sort_problems(problems), key=lambda p: (p.line, p.column, p.message))
    return Roster(path, shown, hashlib.sha256(raw).hexdigest(), good, bad, total, problems)


def template_csv() -> str:
    """The header row of an empty roster."""
    return ",".join(COLUMN_NAMES) + "\n"
