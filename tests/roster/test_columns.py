"""The roster's columns: the README's table, the specimen roster of ``casebuilder new`` and the applicants
table's documented columns all follow the code's lists."""

from __future__ import annotations

import csv
import re

from casebuilder.roster.columns import COLUMN_NAMES, COLUMNS, letter, safe_id
from casebuilder.roster.tables import TABLE, TABLE_COLUMNS
from tests.conftest import REPO, sample_case_dir


def readme_section(title: str) -> str:
    text = (REPO / "README.md").read_text(encoding="utf-8")
    start = text.index(f"### {title}\n")
    end = text.find("\n### ", start + 1)
    return text[start:end]


def readme_roster_table() -> list[list[str]]:
    lines = [line for line in readme_section("The roster's columns").splitlines() if line.startswith("| ")]
    return [[cell.strip() for cell in line.strip().strip("|").split(" | ")] for line in lines[1:]]


def specimen_rows() -> list[dict[str, str]]:
    with open(sample_case_dir() / "roster.csv", encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def test_the_readme_table_is_the_code_column_list():
    table = readme_roster_table()
    assert [row[0] for row in table] == [f"`{c.name}`" for c in COLUMNS]
    assert [row[1] == "yes" for row in table] == [c.required for c in COLUMNS]
    assert [row[2] for row in table] == [c.help for c in COLUMNS]


def test_the_readme_examples_are_the_specimen_rows_of_casebuilder_new():
    rows = specimen_rows()
    expected = [next((r[c.name] for r in rows if r[c.name]), "") for c in COLUMNS]
    assert [row[3] if len(row) > 3 else "" for row in readme_roster_table()] == expected


def test_the_specimen_roster_has_every_column_in_order():
    with open(sample_case_dir() / "roster.csv", encoding="utf-8", newline="") as handle:
        assert tuple(next(csv.reader(handle))) == COLUMN_NAMES


def test_the_readme_lists_the_applicants_table_columns_in_order():
    text = " ".join(readme_section("What it writes").split())
    listed = re.search(r"with the columns: (.*?)\. The CSV", text)
    assert listed, "the README names the columns of the table of applicants"
    assert tuple(listed.group(1).split(", ")) == TABLE_COLUMNS


def test_every_column_is_documented_and_dates_say_their_type():
    assert all(c.help.endswith(".") for c in COLUMNS)
    assert [c.name for c in COLUMNS if c.required] == ["id", "surname", "date_of_birth", "nationality", "address",
                                                       "victim_status", "exhaustion"]
    assert {c.name: c.date for c in COLUMNS if c.date} == {"date_of_birth": "date", "statement_date": "span",
                                                           "final_decision_date": "day"}
    assert [c.title for c in TABLE if c.date] == ["Date of birth", "Date of final domestic decision",
                                                  "Time limit (last day)"]
    assert all(c.width > 0 for c in TABLE)


def test_spreadsheet_letters_and_safe_ids():
    assert [letter(n) for n in (1, 26, 27, 52, 703)] == ["A", "Z", "AA", "AZ", "AAA"]
    assert safe_id("Đorđe #7") == "Dorde-7" and safe_id("../../etc/passwd") == "etc-passwd"
