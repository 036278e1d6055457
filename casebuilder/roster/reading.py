"""Reading a roster file within bounds: the header and the rows of a CSV or XLSX file, as cells.

Every roster (and every export :mod:`casebuilder.imports` reads) is untrusted input: the file's size, its
unpacked size (a "zip bomb"), its encoding and its CSV quoting are checked before any row is used, and each
refusal is a located :class:`~casebuilder.problems.Problem`.
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
import zipfile
from datetime import date, datetime, time
from pathlib import Path
from typing import Any, Iterator

from casebuilder.problems import CaseError, Problem, fail

MAX_BYTES = 256 * 1024 * 1024
"""The largest roster file read (CSV, or an XLSX once unpacked)."""
MAX_ROWS = 200_000
"""The most applicant rows read from one roster."""
MAX_CELL_CHARS = 100_000
"""The longest cell kept."""
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
"""Control characters, dropped from every cell (tab and newlines aside)."""

Rows = Iterator[tuple[int, list[Any]]]
"""The rows of a table: (row number as a spreadsheet shows it, cells)."""


def read_table(path: Path, shown: str, sheet: str | None = None) -> tuple[bytes, list[Any], int, Rows]:
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


def _csv_rows(raw: bytes, shown: str) -> tuple[list[Any], Rows]:
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


def _xlsx_rows(path: Path, shown: str, wanted: str | None = None) -> tuple[list[Any], int, Rows]:
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


def cell_text(value: Any) -> str:
    """A cell as text: dates in ISO form, whole numbers without '.0', control characters removed."""
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
    return CONTROL.sub("", text).replace("\r\n", "\n").replace("\r", "\n").strip()
