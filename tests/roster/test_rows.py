"""Rosters: every bad cell reported at its row and column, good rows kept, CSV and XLSX alike."""

from __future__ import annotations

import csv
from datetime import date, datetime
from pathlib import Path

import pytest

from casebuilder.pipeline.check import full_check
from casebuilder.problems import CaseError
from casebuilder.roster.columns import COLUMN_NAMES
from casebuilder.roster.rows import read_roster, safe_id

GOOD = {"id": "AP-0001", "surname": "Specimen", "given_names": "Maria", "date_of_birth": "1980-05-01",
        "place_of_birth": "Riverside", "nationality": "Examplish", "address": "12 Mill Street, Capital City",
        "sex": "female", "representative": "R-01", "victim_status": "She had to leave her home.",
        "exhaustion": "No effective remedy.", "final_decision_date": "20/11/2025",
        "final_decision_court": "Court of Cassation", "anonymity": "no"}


@pytest.fixture(autouse=True)
def no_cache(monkeypatch):
    monkeypatch.setenv("CASEBUILDER_NO_CACHE", "1")


@pytest.fixture
def case(make_case):
    return full_check(make_case()).case


def write_csv(path: Path, rows: list[dict], columns=COLUMN_NAMES, delimiter=",") -> Path:
    with open(path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(columns), delimiter=delimiter, extrasaction="ignore")
        writer.writeheader()
        for row in rows:
            writer.writerow(row)
    return path


def row(**changes) -> dict:
    return {**GOOD, **changes}


def located(roster) -> list[str]:
    return [p.format() for p in roster.problems]


def test_the_sample_roster_of_casebuilder_new_is_clean_but_for_a_warning(make_case):
    root = make_case()
    roster = read_roster(root / "roster.csv", full_check(root).case, shown="roster.csv")
    assert [r.ref for r in roster.rows] == ["R-0001", "R-0002"]
    assert roster.errors == []
    assert [p.code for p in roster.warnings] == ["echr-time-limit"]  # R-0002 names no final decision


def test_bad_rows_are_reported_by_row_and_column_and_good_rows_kept(tmp_path, case):
    rows = [row(id="AP-0001"),
            row(id="AP-0002", date_of_birth="31/02/1980"),          # not a date: row 3, column D
            row(id="AP-0003", surname=""),                           # a required field missing: row 4, column B
            row(id="AP-0001"),                                       # the id used twice: row 5, column A
            row(id="AP-0005", facts="F-001; F-999"),                 # a fact that does not exist: row 6, column K
            row(id="AP-0006", final_decision_date="yesterday", anonymity="maybe"),  # two problems in one row
            row(id="AP-0007")]
    roster = read_roster(write_csv(tmp_path / "r.csv", rows), case, shown="r.csv")
    assert [r.ref for r in roster.rows] == ["AP-0001", "AP-0007"]
    assert roster.bad_rows == [3, 4, 5, 6, 7]
    messages = located(roster)
    assert ("r.csv:3:4: error: 'date_of_birth' (D): '31/02/1980' is not a date: February 1980 has no day 31 (it has 29 days). "
            "Write 2023-09-19, or 19/09/2023 with the day first.") in messages
    assert any(m.startswith("r.csv:4:2: error: 'surname' (B): This required field is empty.") for m in messages)
    assert any(m.startswith("r.csv:5:1: error: 'id' (A): The applicant id 'AP-0001' is already used at row 2.")
               for m in messages)
    assert any(m.startswith("r.csv:6:11: error: 'facts' (K): There is no fact 'F-999' in the case.") for m in messages)
    assert any(m.startswith("r.csv:7:15: error: 'final_decision_date' (O): 'yesterday' is not a date.") for m in messages)
    assert any(m.startswith("r.csv:7:20: error: 'anonymity' (T): 'maybe' is neither yes nor no.") for m in messages)
    assert len(roster.errors) == 6


def test_dates_day_first_iso_and_spreadsheet_cells(tmp_path, case):
    roster = read_roster(write_csv(tmp_path / "r.csv", [row(id="A", date_of_birth="01.05.1980"),
                                                        row(id="B", date_of_birth="1980"),
                                                        row(id="C", date_of_birth="05/13/1980"),
                                                        row(id="D", date_of_birth="2099-01-01"),
                                                        row(id="E", final_decision_date="2025-11")]), case)
    assert str(roster.rows[0].applicant.date_of_birth) == "1980-05-01"
    assert roster.rows[1].applicant.date_of_birth.precision == "year"
    text = "\n".join(located(roster))
    assert "'05/13/1980' is not a date: '1980-13-05' has no month 13." in text
    assert "'2099-01-01' is after the date of the applications (2026-01-15, the case's date)." in text
    assert "'2025-11' is not a day. Give the exact day" in text


def test_the_time_limit_is_checked_for_each_applicant(tmp_path, case):
    roster = read_roster(write_csv(tmp_path / "r.csv", [row(id="IN", final_decision_date="2025-11-20"),
                                                        row(id="LATE", final_decision_date="2025-08-01"),
                                                        row(id="NONE", final_decision_date="",
                                                            final_decision_court="")]), case, shown="r.csv")
    assert [r.ref for r in roster.rows] == ["IN", "NONE"]
    assert roster.rows[0].deadline == date(2026, 3, 20) and roster.rows[0].findings == []
    late = [p for p in roster.errors if p.code == "echr-time-limit"]
    assert late[0].line == 3 and late[0].column == 15
    assert late[0].message == ("'final_decision_date' (O): [echr-time-limit] The final decision of 1 August 2025 left "
                               "until 1 December 2025 to apply; the form is dated 15 January 2026, out of time.")
    assert roster.rows[1].findings[0].severity == "warning"
    assert "The applicant 'NONE' names no final domestic decision" in roster.rows[1].findings[0].message


def test_a_waiver_in_case_yaml_covers_roster_applicants(tmp_path, make_case):
    root = make_case()
    with open(root / "case.yaml", "a", encoding="utf-8") as handle:
        handle.write("waivers:\n  - check: echr-time-limit\n    reason: Counsel holds the situation to be continuing.\n")
    roster = read_roster(write_csv(tmp_path / "r.csv", [row(id="LATE", final_decision_date="2025-08-01")]),
                         full_check(root).case)
    assert roster.errors == [] and len(roster.rows) == 1
    assert roster.rows[0].findings[0].waived == "Counsel holds the situation to be continuing."


def test_header_problems(tmp_path, case):
    columns = [c for c in COLUMN_NAMES if c != "nationality"] + ["Date Of Brith"]
    roster = read_roster(write_csv(tmp_path / "r.csv", [row()], columns=columns), case, shown="r.csv")
    text = "\n".join(located(roster))
    assert "r.csv:1: error: The roster has no column nationality; no row can be built." in text
    assert "'Date Of Brith' (U) is not a roster column; it is ignored. Did you mean 'date_of_birth'?" in text
    assert roster.rows == [] and roster.bad_rows == [2]


def test_semicolons_headers_in_any_case_and_blank_rows(tmp_path, case):
    path = tmp_path / "r.csv"
    header = ";".join(c.replace("_", " ").title() for c in COLUMN_NAMES)
    values = ";".join(GOOD.get(c, "") for c in COLUMN_NAMES)
    path.write_text("\ufeff" + header + "\n;;;\n" + values + "\n", encoding="utf-8")
    roster = read_roster(path, case)
    assert roster.errors == [] and roster.total == 1 and roster.rows[0].row == 3


def test_statement_becomes_the_applicants_own_fact(tmp_path, case):
    roster = read_roster(write_csv(tmp_path / "r.csv", [
        row(id="S1", statement="The applicant states that she left on 4 March 2025.", evidence="T-001; M-001"),
        row(id="S2", statement="No evidence for this.")]), case, shown="r.csv")
    own = roster.rows[0]
    assert own.statement.id == "S1.statement" and own.own_records == ("T-001", "M-001")
    assert own.statement.date.start == date(2025, 3, 3)  # the earliest date of its evidence
    assert own.applicant.facts == ("S1.statement",)
    assert any("'statement' (L): A statement needs the evidence it rests on." in m for m in located(roster))


def test_ids_are_made_safe_for_file_names(tmp_path, case):
    assert safe_id("2023/0001") == "2023-0001"
    assert safe_id("Đorđe #7") == "Dorde-7"
    assert safe_id("Məmmədov") == "Mammadov"
    assert safe_id("../../etc/passwd") == "etc-passwd"
    assert safe_id("///") == ""
    roster = read_roster(write_csv(tmp_path / "r.csv", [row(id="2023/0001"), row(id="2023-0001"),
                                                        row(id="../x"), row(id="///")]), case, shown="r.csv")
    assert [r.filename for r in roster.rows] == ["echr-application-2023-0001.pdf", "echr-application-x.pdf"]
    text = "\n".join(located(roster))
    assert "gives the same file name as '2023/0001' at row 2 (echr-application-2023-0001.pdf)" in text
    assert "'///' has no letter or digit to name a file with." in text


def test_xlsx_roster_with_real_date_cells(tmp_path, case):
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(list(COLUMN_NAMES))
    values = {**GOOD, "date_of_birth": datetime(1980, 5, 1), "final_decision_date": date(2025, 11, 20), "id": 17}
    sheet.append([values.get(c) for c in COLUMN_NAMES])
    sheet.append([{**values, "id": "18", "date_of_birth": "not a date"}.get(c) for c in COLUMN_NAMES])
    book.save(tmp_path / "r.xlsx")
    roster = read_roster(tmp_path / "r.xlsx", case, shown="r.xlsx")
    assert roster.rows[0].ref == "17"
    assert str(roster.rows[0].applicant.date_of_birth) == "1980-05-01"
    assert str(roster.rows[0].applicant.final_decision.date) == "2025-11-20"
    assert [p.location() for p in roster.errors] == ["r.xlsx:3:4"]


def test_files_that_are_not_rosters_are_refused(tmp_path, case):
    (tmp_path / "bomb.xlsx").write_bytes(b"PK\x03\x04 not really a zip")
    with pytest.raises(CaseError) as refused:
        read_roster(tmp_path / "bomb.xlsx", case)
    assert "not an XLSX workbook" in refused.value.problems[0].message
    (tmp_path / "latin1.csv").write_bytes("id,surname\nA,Müller\n".encode("latin-1"))
    with pytest.raises(CaseError) as refused:
        read_roster(tmp_path / "latin1.csv", case)
    assert "not valid UTF-8 (byte 0xfc on line 2)" in refused.value.problems[0].message
