"""Tables of an export (CSV or an XLSX sheet), read through the roster reader's bounded reader.

The roster reader (:mod:`casebuilder.roster.rows`) already refuses oversized files, zip bombs,
UTF-16 and binary files, and reads workbooks with formulas as their cached values (never
evaluated). This module reuses it and only adds what imports need: headers kept as written
(form questions such as ``group/question`` or ``Date of incident``), and cells as text.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from casebuilder.problems import CaseError, Problem
from casebuilder.roster.reading import cell_text
from casebuilder.roster.rows import MAX_CELL_CHARS, MAX_ROWS, _CONTROL, _letter, _table

__all__ = ["MAX_ROWS", "Row", "Table", "column_letter", "read_table"]

column_letter = _letter


@dataclass
class Row:
    """One data row: its number as the spreadsheet numbers it, and its cells by header."""

    number: int
    cells: dict[str, str]
    columns: dict[str, int]
    """The 1-based column number of each header."""

    def get(self, name: str | None) -> str:
        """The text of a column ('' when blank or absent)."""
        return self.cells.get(name, "") if name else ""

    def column(self, name: str | None) -> int:
        """The column number of a header (0 when the table has no such column)."""
        return self.columns.get(name, 0) if name else 0


@dataclass
class Table:
    """A table read: its headers as written and its non-blank rows."""

    shown: str
    headers: list[str]
    rows: list[Row]
    problems: list[Problem]

    def has(self, name: str) -> bool:
        """Whether the table has this column."""
        return name in self.headers




def _renamed(problems: list[Problem]) -> list[Problem]:
    # the shared reader words its messages for rosters; here the file is an export
    return [dataclasses.replace(p, message=p.message.replace("The roster", "The file").replace("roster", "file"),
                                hint=p.hint.replace("roster", "file")) for p in problems]


def read_table(path: Path, shown: str, sheet: str | None = None) -> Table:
    """Read a CSV file or one sheet of a workbook; raise CaseError when the file itself is unusable."""
    try:
        _raw, header, _header_row, rows = _table(path, shown, sheet)
    except CaseError as exc:
        raise CaseError(_renamed(exc.problems)) from None
    headers = [cell_text(h) for h in header]
    columns = {h: i + 1 for i, h in reversed(list(enumerate(headers))) if h}
    problems = [Problem(shown, 1, i + 1, f"The column '{h}' appears twice.", "Rename or remove one of them.",
                        code="import-header") for i, h in enumerate(headers) if h and columns[h] != i + 1]
    table = Table(shown, headers, [], problems)
    for number, cells in rows:
        texts = {}
        for i, value in enumerate(cells[:len(headers)]):
            if headers[i]:
                texts[headers[i]] = cell_text(value)[:MAX_CELL_CHARS]
        if not any(texts.values()):
            continue
        if len(table.rows) >= MAX_ROWS:
            problems.append(Problem(shown, number, 0, f"The file has more than {MAX_ROWS:,} rows; the rest are not "
                                    "read.", "Split the export into several files.", code="import-too-large"))
            break
        table.rows.append(Row(number, texts, columns))
    return table
