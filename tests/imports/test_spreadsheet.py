"""Spreadsheet imports: records, facts, people and places sheets into a new case."""

from __future__ import annotations

import openpyxl
import pytest

from casebuilder.imports.spreadsheet import COLUMNS, template_csv
from exports import errors_of, located, run, write_csv

RECORD = ["id", "kind", "title", "date", "summary", "places", "persons", "witness", "source_title", "quote",
          "quote_pinpoint"]


@pytest.fixture
def sheets(tmp_path):
    folder = tmp_path / "sheets"
    write_csv(folder / "records.csv", RECORD, [
        ["T-100", "testimony", "Account of a farmer", "2025-03-03", "The witness states that the fields burned.",
         "PL-100", "P-100: witness", "P-100", "Interviews 2025", "The fields burned.", "p. 3"],
        ["T-101", "testimony", "Second account", "3 March 2025", "The witness states that she fled.", "",
         "P-100: witness", "P-100", "Interviews 2025", "", ""]])
    write_csv(folder / "people.csv", ["id", "name", "role", "protection"],
              [["P-100", "Farmer Example", "resident", "pseudonymise"]])
    write_csv(folder / "places.csv", ["id", "name", "lat", "lon"], [["PL-100", "Hilltop", "45.2", "12.4"]])
    write_csv(folder / "facts.csv", ["id", "title", "date", "description", "evidence", "places"],
              [["F-100", "Fields burned", "2025-03-03", "According to a farmer the fields burned.",
                "T-100: p. 3; T-101", "PL-100"]])
    return folder


def test_sheets_import_into_a_case_that_then_passes_check(make_case, sheets):
    case = make_case()
    result = run("spreadsheet", sheets, case)
    assert result.outcome.new == 5 and not result.errors
    assert (case / "facts/spreadsheet/F-100.yaml").is_file()
    assert errors_of(case) == []


def test_importing_twice_changes_nothing(make_case, sheets):
    case = make_case()
    run("spreadsheet", sheets, case)
    before = {p: p.read_bytes() for p in case.rglob("*.yaml")}
    again = run("spreadsheet", sheets, case)
    assert again.outcome.new == 0 and len(again.outcome.unchanged) == 5 and again.outcome.written == []
    assert {p: p.read_bytes() for p in case.rglob("*.yaml")} == before


def test_a_bad_row_is_located_and_nothing_is_written(make_case, sheets):
    case = make_case()
    write_csv(sheets / "records.csv", RECORD, [
        ["T-100", "testimony", "Account", "2025-03-03", "The witness states.", "", "", "P-100", "Interviews", "", ""],
        ["T-101", "testimony", "Second", "2025-13-03", "The witness states.", "", "", "P-100", "Interviews", "", ""]])
    before = sorted(case.rglob("*"))
    result = run("spreadsheet", sheets, case)
    assert located(result) == ["facts.csv:2:5: error: 'evidence': There is no evidence record 'T-101' in the case "
                               "or in this import. Add it to the case or to the export, or correct the reference.",
                               "records.csv:3:4: error: 'date': '2025-13-03' has no month 13. Write a date such "
                               "as 2023-09-19, 'September 2023' or '19-20 Sept 2023'."]
    assert result.outcome is None and sorted(case.rglob("*")) == before


def test_skip_bad_imports_the_rest(make_case, sheets):
    case = make_case()
    write_csv(sheets / "people.csv", ["id", "name", "public_figure"], [["P-100", "Farmer Example", "no"],
                                                                        ["P-101", "Other", "maybe"]])
    result = run("spreadsheet", sheets, case, skip_bad=True)
    assert located(result) == ["people.csv:3:3: error: 'public_figure': 'maybe' is neither yes nor no. Write yes or no."]
    assert result.outcome.new == 5 and not (case / "people/spreadsheet/P-101.yaml").exists()
    assert errors_of(case) == []


def test_a_workbook_with_one_sheet_per_collection(make_case, tmp_path):
    book = openpyxl.Workbook()
    people = book.active
    people.title = "people"
    people.append(["id", "name"])
    people.append(["P-200", "Official Example"])
    places = book.create_sheet("places")
    places.append(["id", "name", "kind"])
    places.append(["PL-200", "Northern Province", "region"])
    book.save(tmp_path / "evidence.xlsx")
    case = make_case()
    assert run("spreadsheet", tmp_path / "evidence.xlsx", case).outcome.new == 2
    assert errors_of(case) == []


def test_the_templates_casebuilder_new_writes_have_every_column(tmp_path):
    from casebuilder.pipeline.scaffold import write_new_case

    write_new_case(tmp_path / "c")
    for sheet, collection in (("records", "evidence"), ("facts", "facts"), ("people", "people"),
                              ("places", "places")):
        text = (tmp_path / "c" / "import-templates" / f"{sheet}.csv").read_text()
        assert text == template_csv(collection)
        assert len(text.split(",")) == len(COLUMNS[collection])
