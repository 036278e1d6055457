"""``check`` on broken cases: one case per class of problem, each pinning message, file and line."""

from __future__ import annotations

import hashlib

from casebuilder.pipeline.check import check_case
from tests.conftest import edit

T001 = "evidence/T-001-witness.yaml"
FACTS = "facts/2025-03.yaml"


def problems(root):
    return [(p.path, p.line, p.column, p.message + (" " + p.hint if p.hint else "")) for p in check_case(root).problems]


def test_the_sample_case_is_clean(make_case):
    result = check_case(make_case())
    assert result.problems == []
    assert result.case.counts() == {"records": 3, "facts": 2, "people": 2, "places": 1}


def test_misspelled_key_suggests_the_near_match(make_case):
    root = make_case()
    edit(root, T001, "recorded_by:", "recordedby:")
    assert problems(root) == [(T001, 12, 1, "'recordedby' is not a field of a testimony record. "
                                            "Did you mean 'recorded_by'?")]


def test_missing_field_is_reported_where_its_mapping_starts(make_case):
    root = make_case()
    edit(root, T001, "  rationale: An NGO interview consistent with the council's figures.\n", "")
    assert problems(root) == [(T001, 23, 1, "'rationale' is missing from 'reliability'. Add it: Why these grades, in a sentence or two.")]


def test_wrong_type(make_case):
    root = make_case()
    edit(root, "evidence/S-001-registered.yaml", "value: 1200", "value: twelve hundred")
    assert problems(root) == [("evidence/S-001-registered.yaml", 20, 12,
                               "'value' must be a number, not 'twelve hundred'. Write digits only, e.g. 108000.")]


def test_impossible_date(make_case):
    root = make_case()
    edit(root, T001, "date: 3-4 March 2025", "date: 2023-02-30")
    assert problems(root) == [(T001, 7, 7, "February 2023 has no day 30 (it has 28 days).")]


def test_range_that_ends_before_it_starts(make_case):
    root = make_case()
    edit(root, FACTS, "date: 3-4 March 2025", "date: 2025-03-04/2025-03-01")
    assert problems(root) == [(FACTS, 15, 9, "The range '2025-03-04/2025-03-01' ends (2025-03-01) before it starts "
                                             "(2025-03-04).")]


def test_unknown_kind(make_case):
    root = make_case()
    edit(root, "evidence/M-001-press.yaml", "kind: media_report", "kind: press_cutting")
    result = problems(root)
    assert result[0] == ("evidence/M-001-press.yaml", 3, 7, "'press_cutting' is not a kind of evidence record. "
                         "Use one of: testimony, statistic, official_statement, resolution, court_decision, "
                         "media_report, expert_opinion, document, other.")
    assert len(result) == 1


def test_duplicate_ids_name_both_places(make_case):
    root = make_case()
    edit(root, FACTS, "- id: F-002", "- id: F-001")
    assert (FACTS, 13, 3, "The id 'F-001' is already used at facts/2025-03.yaml:3. "
                          "Ids must be unique across the case; rename one of them.") in problems(root)


def test_duplicate_ids_across_files(make_case):
    root = make_case()
    edit(root, "evidence/M-001-press.yaml", "id: M-001", "id: T-001")
    edit(root, FACTS, "    - {record: M-001}\n", "")
    result = problems(root)
    assert ("evidence/T-001-witness.yaml", 3, 1, "The id 'T-001' is already used at "
            "evidence/M-001-press.yaml:2. Ids must be unique across the case; rename one of them.") in result


def test_dangling_reference(make_case):
    root = make_case()
    edit(root, FACTS, "    - {record: M-001}", "    - {record: M-002}")
    assert problems(root) == [(FACTS, 12, 16, "There is no evidence record with the id 'M-002'. "
                                              "Did you mean 'M-001'?")]


def exhibit_case(make_case, content: bytes, recorded: bytes):
    digest = hashlib.sha256(recorded).hexdigest()
    root = make_case({"exhibits/bulletin.txt": content})
    edit(root, "evidence/S-001-registered.yaml", "reliability:",
         f"exhibits:\n  - file: exhibits/bulletin.txt\n    sha256: {digest}\nreliability:")
    return root, digest


def test_missing_exhibit_file(make_case):
    root, _ = exhibit_case(make_case, b"bulletin", b"bulletin")
    (root / "exhibits/bulletin.txt").unlink()
    assert problems(root) == [("evidence/S-001-registered.yaml", 14, 11, "The exhibit file 'exhibits/bulletin.txt' "
                               "does not exist. Check the path (it is relative to the case folder) or add the file.")]


def test_sha256_mismatch_names_file_both_hashes_and_record(make_case):
    root, digest = exhibit_case(make_case, b"bulletin, altered", b"bulletin")
    actual = hashlib.sha256(b"bulletin, altered").hexdigest()
    [(path, line, col, message)] = problems(root)
    assert (path, line, col) == ("evidence/S-001-registered.yaml", 15, 13)
    assert message.startswith(f"The exhibit 'exhibits/bulletin.txt' of record 'S-001' does not match its SHA-256: "
                              f"recorded {digest}, file has {actual}.")


def test_exhibit_outside_the_case_folder_is_refused(make_case, tmp_path):
    root, _ = exhibit_case(make_case, b"x", b"x")
    edit(root, "evidence/S-001-registered.yaml", "file: exhibits/bulletin.txt", "file: ../../etc/passwd")
    assert problems(root)[0][3].startswith("The exhibit '../../etc/passwd' lies outside the case folder.")


def test_every_problem_is_reported_at_once(make_case):
    root = make_case()
    edit(root, T001, "recorded_by:", "recordedby:")
    edit(root, "evidence/S-001-registered.yaml", "value: 1200", "value: many")
    edit(root, FACTS, "    - {record: M-001}", "    - {record: M-009}")
    assert len(problems(root)) == 3


def test_warnings_for_a_single_weak_source_and_no_protection_decision(make_case):
    root = make_case()
    edit(root, FACTS, "    - {record: M-001}\n", "")
    edit(root, "people.yaml", "  protection: pseudonymise\n", "")
    result = check_case(root)
    assert [(p.path, p.line, p.code) for p in result.warnings] == [
        (FACTS, 10, "single-weak-source"), ("people.yaml", 4, "no-protection-decision")]
    assert result.errors == []
