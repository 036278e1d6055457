"""The table of applicants (XLSX and CSV) and the index of a run's files: what the Court asks for when one
representative lodges for many applicants, and what lets anyone check the files.

Each column of the table is one :class:`TableColumn` entry: its title, its width in the XLSX, whether it
holds a date (a real date cell, shown DD/MM/YYYY), and how its value is read from a pack. Roster cells are
untrusted: text that a spreadsheet would run as a formula is written with a leading apostrophe, and XLSX
text cells are never formulas.
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, Callable

from casebuilder.roster.rows import RosterRow
from casebuilder.validate.case import Case

TABLE_CSV, TABLE_XLSX = "applicants.csv", "applicants.xlsx"
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


@dataclass(frozen=True)
class Line:
    """One pack as a line of the table."""

    number: int
    """Its 1-based number in the table."""
    row: RosterRow
    """The roster row it was made from."""
    entry: dict[str, Any]
    """Its entry in the index (file, pages, SHA-256)."""
    representatives: dict[str, str]
    """The case's representatives' names, by id."""


@dataclass(frozen=True)
class TableColumn:
    """One column of the table of applicants."""

    title: str
    """Its heading (row 1)."""
    width: int
    """Its width in the XLSX, in characters."""
    value: Callable[[Line], Any]
    """Its value for one pack: text (an ISO date for a date column) or a number."""
    date: bool = False
    """Whether it holds a date (a date cell in the XLSX)."""


def _final(line: Line) -> Any:
    return line.row.applicant.final_decision


TABLE: tuple[TableColumn, ...] = (
    TableColumn("No.", 5, lambda line: line.number),
    TableColumn("Applicant id", 14, lambda line: line.row.ref),
    TableColumn("Surname", 18, lambda line: line.row.cells.get("surname", "")),
    TableColumn("First name(s)", 20, lambda line: line.row.cells.get("given_names", "")),
    TableColumn("Date of birth", 12, lambda line: str(line.row.applicant.date_of_birth or ""), date=True),
    TableColumn("Place of birth", 18, lambda line: line.row.applicant.place_of_birth or ""),
    TableColumn("Nationality", 14, lambda line: line.row.applicant.nationality or ""),
    TableColumn("Address", 36, lambda line: line.row.applicant.address or ""),
    TableColumn("Sex", 8, lambda line: line.row.applicant.sex or ""),
    TableColumn("Representative", 22, lambda line: line.representatives.get(line.row.applicant.representative or "",
                                                                            "")),
    TableColumn("Date of final domestic decision", 14, lambda line: str(_final(line).date) if _final(line) else "",
                date=True),
    TableColumn("Final domestic decision by", 24, lambda line: _final(line).court if _final(line) else ""),
    TableColumn("Time limit (last day)", 14, lambda line: line.row.deadline.isoformat() if line.row.deadline else "",
                date=True),
    TableColumn("Anonymity requested", 10, lambda line: "yes" if line.row.applicant.anonymity.requested else "no"),
    TableColumn("Application file", 34, lambda line: line.entry["file"]),
    TableColumn("Pages", 7, lambda line: line.entry["pages"]),
)
TABLE_COLUMNS = tuple(c.title for c in TABLE)
"""The columns of the table of applicants, in order (see the README)."""


def safe_cell(value: Any) -> Any:
    """A cell of a table for spreadsheets: text that a spreadsheet would run as a formula
    (starting with = + - @, a tab or a carriage return) is prefixed with an apostrophe."""
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def table_rows(case: Case, built: list[tuple[RosterRow, dict[str, Any]]]) -> list[list[Any]]:
    """The table of applicants: one line per pack, the columns of :data:`TABLE` (text and numbers)."""
    representatives = {r.id: r.name for r in case.case.parties.representatives}
    lines = [Line(number, row, entry, representatives) for number, (row, entry) in enumerate(built, start=1)]
    return [[column.value(line) for column in TABLE] for line in lines]


def applicant_tables(case: Case, built: list[tuple[RosterRow, dict[str, Any]]]) -> dict[str, bytes]:
    """The table of applicants as files: XLSX and CSV."""
    lines = table_rows(case, built)
    return {TABLE_XLSX: _xlsx(case, lines), TABLE_CSV: to_csv([list(TABLE_COLUMNS), *lines])}


def to_csv(lines: list[list[Any]]) -> bytes:
    """CSV for spreadsheets: UTF-8 with a byte-order mark (so that spreadsheets read names in every script
    right), comma-separated, every text cell safe from formula injection."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n")
    for line in lines:
        writer.writerow([safe_cell(v) for v in line])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def index_csv(packs: list[dict[str, Any]], tables: list[dict[str, Any]]) -> bytes:
    """``index.csv``: every file written, with the pages and SHA-256 of each pack."""
    lines: list[list[Any]] = [["file", "applicant", "pages", "sha256"]]
    lines += [[e["file"], e["applicant"], e["pages"], e["sha256"]] for e in packs]
    lines += [[t["file"], "", "", t["sha256"]] for t in tables]
    return to_csv(lines)


def _xlsx(case: Case, lines: list[list[Any]]) -> bytes:
    """The table as an XLSX workbook, the same bytes for the same table (fixed dates and ZIP times)."""
    import openpyxl
    from openpyxl.styles import Alignment, Font

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Applicants"
    sheet.append(list(TABLE_COLUMNS))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    for line in lines:
        sheet.append([_xlsx_value(column, value) for column, value in zip(TABLE, line)])
    for row in sheet.iter_rows(min_row=2):
        for column, cell in zip(TABLE, row):
            if isinstance(cell.value, (date, datetime)):
                cell.number_format = "DD/MM/YYYY"
            elif isinstance(cell.value, str):
                cell.data_type = "s"  # never a formula, whatever the text
    for i, column in enumerate(TABLE, start=1):
        sheet.column_dimensions[openpyxl.utils.get_column_letter(i)].width = column.width
    sheet.freeze_panes = "A2"
    start = case.case.date.start
    moment = datetime(start.year, start.month, start.day)
    book.properties.creator = "casebuilder"
    book.properties.created = moment
    book.properties.title = f"Applicants: {case.case.title}"
    buffer = io.BytesIO()
    book.save(buffer)
    return _stable_zip(buffer.getvalue(), moment)


def _xlsx_value(column: TableColumn, value: Any) -> Any:
    """A value as an XLSX cell: an ISO date in a date column as a date, text without illegal characters."""
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    if column.date and isinstance(value, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        return date.fromisoformat(value)
    if isinstance(value, str):
        return safe_cell(ILLEGAL_CHARACTERS_RE.sub("", value))
    return value


def _stable_zip(data: bytes, moment: datetime) -> bytes:
    """Rewrite a ZIP (an XLSX) with fixed entry times and the document's own date as its 'modified'."""
    stamp = moment.strftime("%Y-%m-%dT%H:%M:%SZ")
    source = zipfile.ZipFile(io.BytesIO(data))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            content = source.read(info.filename)
            if info.filename == "docProps/core.xml":
                content = re.sub(rb"(<dcterms:modified[^>]*>)[^<]*(</dcterms:modified>)",
                                 rb"\g<1>" + stamp.encode() + rb"\g<2>", content)
            fixed = zipfile.ZipInfo(info.filename, date_time=(1980, 1, 1, 0, 0, 0))
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = 0o644 << 16
            target.writestr(fixed, content)
    return buffer.getvalue()
