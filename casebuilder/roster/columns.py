"""The columns of a roster: the one list the reader, the README and ``casebuilder new``'s specimen follow.

Adding a column is one entry here, its use in :meth:`casebuilder.roster.rows.RowReader.row`, a line of the
README's table and a cell of ``data/newcase/roster.csv`` (tests keep the last two equal to this list).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import Any, Literal

MAX_ID_CHARS = 60
"""The longest applicant id (it names a file)."""

DateType = Literal["", "date", "day", "span"]
"""How a column's cell is read as a date: not a date (''), one date of any precision ('date'), an exact
day ('day': the time limit runs from it), or a date or a range of dates ('span')."""


@dataclass(frozen=True)
class Column:
    """One column of a roster."""

    name: str
    """The header, as written in row 1 (case, spaces and hyphens do not matter)."""
    required: bool
    """Whether every row must fill it."""
    help: str
    """What it holds, for the README and the messages."""
    date: DateType = ""
    """Whether (and how) the cell is a date."""


COLUMNS: tuple[Column, ...] = (
    Column("id", True, "The applicant's reference in your own records, unique in the roster. It names the "
           "applicant's files (echr-application-<id>.pdf, made safe as a file name)."),
    Column("surname", True, "Surname, as in the applicant's identity document."),
    Column("given_names", False, "First name(s) (and patronymic, if used)."),
    Column("date_of_birth", True, "Date of birth: 1980-05-01 or 01/05/1980 (day first; 01.05.1980 also); "
           "1980-05 or 1980 when that is all that is known. Spreadsheet date cells are read as dates.", "date"),
    Column("place_of_birth", False, "Place of birth."),
    Column("nationality", True, "Nationality (Rule 47 § 1 (a))."),
    Column("address", True, "The applicant's own postal address (Rule 47 § 1 (a)), not the representative's."),
    Column("sex", False, "female, male or other (f and m are accepted)."),
    Column("representative", False, "The id of the representative acting for the applicant, one of case.yaml "
           "parties.representatives."),
    Column("victim_status", True, "How the applicant is personally affected (Article 34): one or two sentences."),
    Column("facts", False, "Ids of facts of the case that concern this applicant only, separated by ';'. "
           "They are added to the shared facts in this applicant's pack and left out of everyone else's."),
    Column("statement", False, "The applicant's own account in a paragraph, attributed ('The applicant states "
           "that ...'). Needs 'evidence': it becomes a fact of the pack, cited to those records."),
    Column("statement_date", False, "When the events of the statement happened (same formats as the other "
           "dates, or a range such as 2023-09-19/2023-09-30); default: the earliest date of its evidence.", "span"),
    Column("evidence", False, "Ids of evidence records particular to the applicant (their testimony, identity "
           "and property documents), separated by ';': cited for the statement, listed among the pack's "
           "accompanying documents."),
    Column("final_decision_date", False, "The date of the final domestic decision (or of its notification, if "
           "later), a day: the four-month time limit runs from it.", "day"),
    Column("final_decision_court", False, "The court or authority that gave it (required with the date)."),
    Column("final_decision_description", False, "What it decided."),
    Column("exhaustion", True, "How domestic remedies were exhausted, or why none was effective "
           "(Article 35 § 1)."),
    Column("other_proceedings", False, "Other international proceedings on the same matter, if any."),
    Column("anonymity", False, "yes to ask that the applicant's identity not be disclosed to the public "
           "(Rule 47 § 4); no or blank otherwise."),
    Column("anonymity_reasons", False, "Why anonymity is requested (required with yes)."),
)
COLUMN_NAMES = tuple(c.name for c in COLUMNS)
BY_NAME = {c.name: c for c in COLUMNS}

_LATIN = str.maketrans({"Đ": "D", "đ": "d", "Ø": "O", "ø": "o", "Ł": "L", "ł": "l", "ß": "ss", "Æ": "AE", "æ": "ae",
                        "Œ": "OE", "œ": "oe", "Þ": "Th", "þ": "th", "Ð": "D", "ð": "d", "ı": "i", "Ə": "A", "ə": "a"})
"""Latin letters that Unicode does not decompose into a base letter and an accent."""


def normal_header(value: Any) -> str:
    """A header cell as a column name: lower case, runs of spaces and hyphens as '_'."""
    return re.sub(r"[\s\-]+", "_", str(value or "").strip().lower())


def letter(column: int) -> str:
    """The spreadsheet letter of a 1-based column number: 1 is A, 27 is AA."""
    letters = ""
    while column:
        column, rest = divmod(column - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


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


def pack_filename(applicant_id: str) -> str:
    """The file name of an applicant's pack (the one place it is spelled)."""
    return f"echr-application-{applicant_id.lower()}.pdf"
