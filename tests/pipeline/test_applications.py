"""Individual applications from a roster: good rows built despite bad ones, one pack per applicant with
only their own data, the applicants table, resuming after a stop, and nothing rebuilt when nothing changed.

Most tests render with a small case template (``templates/echr-application.html`` in the case folder
overrides the built-in one), so that a pack takes a few hundredths of a second; one test renders the
real template end to end through the command line.
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from casebuilder.pipeline.applications import build_applications
from casebuilder.roster.tables import TABLE_COLUMNS, safe_cell
from casebuilder.cli.main import cli
from casebuilder.integrity.manifest import CASE_DATA
from casebuilder.render.pdf import page_texts
from casebuilder.roster.rows import COLUMN_NAMES

TINY = """<html lang="en"><head><title>{{ applicant.name }}</title></head><body>
<h1>{{ applicant.name }} v. the respondent State</h1>
<p>Born {{ applicant.date_of_birth }}; {{ applicant.nationality }}; {{ applicant.address }}</p>
{% for f in facts %}<p>Fact {{ f.id }}: {{ f.description }}</p>{% endfor %}
{% for e in exhibits %}<p>Document {{ e.number }}: {{ e.id }}</p>{% endfor %}
{% for f in findings %}<p>Finding [{{ f.check }}] {{ f.message }}</p>{% endfor %}
</body></html>
"""
OWN_FACTS = """- id: F-101
  title: Detention of the first applicant
  date: 2025-03-05
  description: According to the witness, the first applicant was detained at the checkpoint.
  evidence: [T-001, M-001]
  relied_on_for: [displacement-XEX]
- id: F-102
  title: Loss of the second applicant's house
  date: 2025-03-06
  description: According to the press, the second applicant's house burned down.
  evidence: [M-001]
  relied_on_for: [displacement-XEX]
"""
BASE = {"surname": "Specimen", "given_names": "Maria", "date_of_birth": "1980-05-01", "nationality": "Examplish",
        "address": "12 Mill Street, Capital City", "representative": "R-01", "victim_status": "She had to flee.",
        "exhaustion": "No effective remedy.", "final_decision_date": "2025-11-20",
        "final_decision_court": "Court of Cassation"}


@pytest.fixture(autouse=True)
def no_cache(monkeypatch):
    monkeypatch.setenv("CASEBUILDER_NO_CACHE", "1")


def write_roster(path: Path, rows: list[dict]) -> Path:
    with open(path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(COLUMN_NAMES), extrasaction="ignore")
        writer.writeheader()
        for row in rows:
            writer.writerow({**BASE, **row})
    return path


@pytest.fixture
def roster_case(make_case, tmp_path):
    """The sample case with a small template, two facts particular to applicants, and a roster."""
    root = make_case({"templates/echr-application.html": TINY, "facts/own.yaml": OWN_FACTS})
    rows = [{"id": "AP-0001", "surname": "Alder", "facts": "F-101"},
            {"id": "AP-0002", "surname": "Birch", "facts": "F-102", "address": "=HYPERLINK(\"http://x\")"},
            {"id": "AP-0003", "surname": "Cedar", "date_of_birth": "31/02/1980"},   # bad: no such day
            {"id": "AP-0004", "surname": "Dogwood", "statement": "She states that she left on 5 March 2025.",
             "evidence": "S-001"},
            {"id": "AP-0001", "surname": "Duplicate"}]                                       # bad: the id twice
    return root, write_roster(tmp_path / "roster.csv", rows)


def files_of(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


def test_bad_rows_are_reported_and_the_good_ones_built(roster_case, tmp_path):
    root, roster = roster_case
    result = build_applications(root, roster, out=tmp_path / "out")
    assert [p.location() for p in result.roster.errors] == [f"{roster}:4:4", f"{roster}:6:1"]
    assert sorted(result.built) == ["echr-application-ap-0001.pdf", "echr-application-ap-0002.pdf",
                                    "echr-application-ap-0004.pdf"]
    names = set(files_of(tmp_path / "out"))
    assert names == {*result.built, "applicants.csv", "applicants.xlsx", "index.json", "index.csv"}


def test_every_pack_is_sealed_and_verify_accepts_it(roster_case, tmp_path):
    from casebuilder.integrity.verify import verify_pdf

    root, roster = roster_case
    result = build_applications(root, roster, out=tmp_path / "out")
    assert len(result.built) == 3
    for name in result.built:
        verdict = verify_pdf(tmp_path / "out" / name, case=root)
        assert verdict.intact, (name, verdict.failures)
    # the seal covers the pack's pages: one changed page is caught
    import pikepdf

    with pikepdf.open(tmp_path / "out" / result.built[0]) as pdf:
        page = pdf.pages[0]
        page.contents_add(pdf.make_stream(b"0 0 m 1 1 l S"), prepend=False)
        pdf.save(tmp_path / "tampered.pdf")
    verdict = verify_pdf(tmp_path / "tampered.pdf")
    assert "Page(s) 1 differ from the pages as built." in verdict.failures, verdict.failures


def test_each_pack_merges_the_shared_facts_with_the_applicants_own_and_no_one_elses(roster_case, tmp_path):
    root, roster = roster_case
    build_applications(root, roster, out=tmp_path / "out")
    first = "\n".join(page_texts((tmp_path / "out" / "echr-application-ap-0001.pdf").read_bytes()))
    assert "Maria Alder v. the respondent" in first
    assert "Fact F-001" in first and "Fact F-002" in first and "Fact F-101" in first   # shared + own
    assert "F-102" not in first and "Birch" not in first and "Dogwood" not in first
    fourth = "\n".join(page_texts((tmp_path / "out" / "echr-application-ap-0004.pdf").read_bytes()))
    assert "Fact AP-0004.statement: She states that she left on 5 March 2025." in fourth
    assert "F-101" not in fourth and "F-102" not in fourth
    # the case data embedded in the PDF carries the applicant's own data, and no other roster row's
    from pypdf import PdfReader

    embedded = PdfReader(tmp_path / "out" / "echr-application-ap-0001.pdf").attachments
    data = json.loads(embedded[CASE_DATA][0])
    ids = [a["id"] for a in data["case"]["parties"]["applicants"]]
    assert "AP-0001" in ids and "AP-0002" not in ids and "AP-0004" not in ids
    assert "F-102" not in {f["id"] for f in data["facts"]}
    manifest = json.loads(embedded["manifest.json"][0])
    assert manifest["applicant"]["id"] == "AP-0001" and "roster" not in json.dumps(manifest)


def test_the_applicants_table_has_one_line_per_applicant_and_the_documented_columns(roster_case, tmp_path):
    root, roster = roster_case
    build_applications(root, roster, out=tmp_path / "out")
    raw = (tmp_path / "out" / "applicants.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # UTF-8 with a BOM, so that spreadsheets read every script
    lines = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
    assert tuple(lines[0]) == TABLE_COLUMNS
    assert [line[1] for line in lines[1:]] == ["AP-0001", "AP-0002", "AP-0004"]
    first = dict(zip(lines[0], lines[1]))
    assert first["Surname"] == "Alder" and first["Date of birth"] == "1980-05-01"
    assert first["Representative"] == "Specimen Counsel" and first["Time limit (last day)"] == "2026-03-20"
    assert first["Application file"] == "echr-application-ap-0001.pdf" and int(first["Pages"]) >= 1
    # a cell that a spreadsheet would run as a formula is neutralised
    assert dict(zip(lines[0], lines[2]))["Address"] == "'=HYPERLINK(\"http://x\")"
    import openpyxl

    sheet = openpyxl.load_workbook(tmp_path / "out" / "applicants.xlsx").active
    table = [[c.value for c in r] for r in sheet.iter_rows()]
    assert tuple(table[0]) == TABLE_COLUMNS and len(table) == 4
    assert table[2][TABLE_COLUMNS.index("Address")] == "'=HYPERLINK(\"http://x\")"
    assert sheet.cell(row=2, column=5).number_format == "DD/MM/YYYY"
    index = json.loads((tmp_path / "out" / "index.json").read_text())
    assert [p["file"] for p in index["packs"]] == ["echr-application-ap-0001.pdf", "echr-application-ap-0002.pdf",
                                                   "echr-application-ap-0004.pdf"]
    assert all(len(p["sha256"]) == 64 and p["pages"] >= 1 for p in index["packs"])
    assert index["roster"]["bad_rows"] == [4, 6]
    assert {t["file"] for t in index["tables"]} == {"applicants.csv", "applicants.xlsx"}


def test_formula_cells_are_escaped():
    assert [safe_cell(v) for v in ("=1+1", "+33 1", "-2", "@SUM", "\tx", "ok", 5)] == \
        ["'=1+1", "'+33 1", "'-2", "'@SUM", "'\tx", "ok", 5]


def test_a_second_run_with_nothing_changed_rebuilds_nothing(roster_case, tmp_path):
    root, roster = roster_case
    first = build_applications(root, roster, out=tmp_path / "out")
    before = {p.name: p.stat().st_mtime_ns for p in (tmp_path / "out").iterdir()}
    second = build_applications(root, roster, out=tmp_path / "out")
    assert second.built == [] and sorted(second.reused) == sorted(first.built)
    assert {p.name: p.stat().st_mtime_ns for p in (tmp_path / "out").iterdir()} == before  # not even rewritten


def test_changing_one_row_rebuilds_that_pack_only(roster_case, tmp_path):
    root, roster = roster_case
    build_applications(root, roster, out=tmp_path / "out")
    text = roster.read_text(encoding="utf-8").replace("Alder", "Avetisian")
    roster.write_text(text, encoding="utf-8")
    again = build_applications(root, roster, out=tmp_path / "out")
    assert again.built == ["echr-application-ap-0001.pdf"] and len(again.reused) == 2


def test_a_changed_case_file_rebuilds_every_pack_and_a_removed_row_its_pack(roster_case, tmp_path):
    root, roster = roster_case
    build_applications(root, roster, out=tmp_path / "out")
    path = root / "facts" / "2025-03.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("within two days", "within two or three days"),
                    encoding="utf-8")
    lines = roster.read_text(encoding="utf-8").splitlines(keepends=True)
    roster.write_text("".join(line for line in lines if not line.startswith("AP-0002")), encoding="utf-8")
    again = build_applications(root, roster, out=tmp_path / "out")
    assert sorted(again.built) == ["echr-application-ap-0001.pdf", "echr-application-ap-0004.pdf"]
    assert again.removed == ["echr-application-ap-0002.pdf"]
    assert not (tmp_path / "out" / "echr-application-ap-0002.pdf").exists()


def test_an_interrupted_run_resumed_gives_the_same_files_as_an_uninterrupted_one(roster_case, tmp_path):
    root, roster = roster_case
    build_applications(root, roster, out=tmp_path / "whole")

    def stop_after_two(done, total, name):
        if done == 2:
            raise KeyboardInterrupt

    stopped = build_applications(root, roster, out=tmp_path / "resumed", progress=stop_after_two)
    assert stopped.interrupted and len(stopped.built) == 2
    left = files_of(tmp_path / "resumed")
    assert set(left) == {*stopped.built, ".applications-journal.jsonl"}  # finished packs whole, nothing else
    assert all(left[name] == (tmp_path / "whole" / name).read_bytes() for name in stopped.built)
    resumed = build_applications(root, roster, out=tmp_path / "resumed")
    assert len(resumed.built) == 1 and sorted(resumed.reused) == sorted(stopped.built)
    assert files_of(tmp_path / "resumed") == files_of(tmp_path / "whole")


def test_two_jobs_give_the_same_files_as_one(roster_case, tmp_path):
    root, roster = roster_case
    build_applications(root, roster, out=tmp_path / "one", jobs=1)
    build_applications(root, roster, out=tmp_path / "two", jobs=2)
    assert files_of(tmp_path / "one") == files_of(tmp_path / "two")


def test_strict_refuses_a_roster_with_a_bad_row(roster_case, tmp_path):
    root, roster = roster_case
    result = CliRunner().invoke(cli, ["applications", str(root), "--roster", str(roster), "--out",
                                      str(tmp_path / "out"), "--strict"])
    assert result.exit_code == 1
    assert f"{roster}:4:4: error: 'date_of_birth' (D): '31/02/1980' is not a date" in result.output
    assert not (tmp_path / "out").exists()


@pytest.mark.slow
def test_the_command_reports_bad_rows_builds_the_rest_with_the_real_template(make_case, tmp_path):
    root = make_case()
    roster = root / "roster.csv"  # what 'casebuilder new' writes: two specimen rows
    with open(roster, "a", encoding="utf-8") as handle:
        handle.write("R-0003,Specimen,Bad,1975-02-30,,Exampleland,Address,female,R-99,Victim.,,,,,,,,Exhaustion.,,no,\n")
    result = CliRunner().invoke(cli, ["applications", str(root), "--roster", str(roster), "--out", str(tmp_path / "o")])
    assert result.exit_code == 1, result.output  # a bad row: exit 1, the good rows are built all the same
    assert f"{roster}:4:4: error: 'date_of_birth' (D): '1975-02-30' is not a date" in result.output
    assert f"{roster}:4:9: error: 'representative' (I): There is no representative 'R-99' in case.yaml." in result.output
    assert "3 applicant row(s); 2 good, 1 bad (rows 4)." in result.output
    assert "Built 2 pack(s), 0 already up to date" in result.output
    text = "\n".join(page_texts((tmp_path / "o" / "echr-application-r-0001.pdf").read_bytes()))
    assert "Maria Specimen" in text and "Tomas" not in text
    from casebuilder.integrity.verify import verify_pdf

    for name in ("echr-application-r-0001.pdf", "echr-application-r-0002.pdf"):  # every pack of the sample roster
        verdict = verify_pdf(tmp_path / "o" / name, case=root)
        assert verdict.intact, (name, verdict.failures)
