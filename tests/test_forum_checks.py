"""Forum checks: jurisdiction in time, parties, the ECHR's admissibility rules, and waivers."""

from __future__ import annotations

from datetime import date

from casebuilder.pipeline.check import full_check
from casebuilder.checks.forum import time_limit
from tests.conftest import edit

RUSSIA = """    - id: RUS
      state: RUS
      name: Russian Federation
"""


def codes(root):
    return [(p.code, p.severity.value, p.message) for p in full_check(root).problems]


def test_a_2023_fact_against_russia_under_the_echr_is_flagged_with_its_end_date(make_case):
    root = make_case()
    edit(root, "case.yaml", "  representatives:\n", RUSSIA + "  representatives:\n")
    edit(root, "case.yaml", "    respondent: XEX\n", "    respondent: RUS\n")
    edit(root, "facts/2025-03.yaml", "date: 2025-03-03", "date: 2023-09-19")
    found = [m for c, s, m in codes(root) if c == "ratione-temporis" and "F-001" in m and "the ECHR" in m]
    assert found == ["[ratione-temporis] Fact 'F-001' (2023-09-19) is relied on against Russian Federation under "
                     "the ECHR (echr-individual, echr-interstate), after the State ceased to be a Party on "
                     "16 September 2022."]


def test_a_fact_before_entry_into_force_is_flagged(make_case):
    root = make_case()
    edit(root, "facts/2025-03.yaml", "date: 2025-03-03", "date: 1999-03-03")
    messages = [m for c, _, m in codes(root) if c == "ratione-temporis"]
    assert any("before it entered into force for that State on 1 January 2000" in m for m in messages)


def test_time_limit_is_four_months_from_1_february_2022_and_six_before():
    assert time_limit(date(2022, 3, 1)) == date(2022, 7, 1)
    assert time_limit(date(2022, 1, 31)) == date(2022, 7, 31)
    assert time_limit(date(2022, 10, 31)) == date(2023, 2, 28)


def test_a_decision_of_1_march_2022_plus_four_months_and_a_day_is_out_of_time(make_case):
    root = make_case()
    edit(root, "case.yaml", "date: 2026-01-15 ", "date: 2022-07-02 ")
    edit(root, "case.yaml", "        date: 2025-12-01", "        date: 2022-03-01")
    problems = [p for p in full_check(root).problems if p.code == "echr-time-limit"]
    assert [(p.path, p.line, p.severity.value) for p in problems] == [("case.yaml", 28, "error")]
    assert problems[0].message == ("[echr-time-limit] The final decision of 1 March 2022 left until 1 July 2022 "
                                   "to apply; the application is dated 2 July 2022, out of time.")


def test_on_the_last_day_it_is_in_time(make_case):
    root = make_case()
    edit(root, "case.yaml", "date: 2026-01-15 ", "date: 2022-07-01 ")
    edit(root, "case.yaml", "        date: 2025-12-01", "        date: 2022-03-01")
    assert not [c for c, _, _ in codes(root) if c == "echr-time-limit"]


def test_an_icj_case_with_no_state_party_is_refused(make_case):
    root = make_case()
    text = (root / "case.yaml").read_text(encoding="utf-8")
    start = text.index("    - id: XEL ")
    end = text.index("  respondents:")
    (root / "case.yaml").write_text(text[:start] + text[end:], encoding="utf-8")
    edit(root, "case.yaml", "      represents: [XEL]\n", "")
    result = full_check(root)
    refused = [p for p in result.errors if p.code == "icj-parties"]
    assert refused and refused[0].message.startswith("[icj-parties] The applicant 'A-01' is not a State")


def test_an_individual_application_needs_a_victim(make_case):
    root = make_case()
    edit(root, "case.yaml", "      victim_status: The applicant had to leave her home in Riverside and cannot return.\n",
         "")
    assert ("echr-victim", "error", "[echr-victim] The applicant 'A-01' does not state how they are a victim.") \
        in codes(root)


def test_a_waived_check_is_not_reported_but_kept_with_its_reason(make_case):
    root = make_case()
    edit(root, "case.yaml", "date: 2026-01-15 ", "date: 2022-07-02 ")
    edit(root, "case.yaml", "        date: 2025-12-01", "        date: 2022-03-01")
    with open(root / "case.yaml", "a", encoding="utf-8") as handle:
        handle.write("waivers:\n  - check: echr-time-limit\n    reason: The decision was notified on 5 April 2022.\n")
    result = full_check(root)
    assert not [p for p in result.problems if p.code == "echr-time-limit"]
    waived = [f for f in result.findings if f.check == "echr-time-limit"]
    assert [(f.waived, f.severity) for f in waived] == [("The decision was notified on 5 April 2022.", "error")]


def test_waiving_an_unknown_check_is_an_error(make_case):
    root = make_case()
    with open(root / "case.yaml", "a", encoding="utf-8") as handle:
        handle.write("waivers:\n  - check: echr-time-limits\n    reason: x\n")
    assert any(c == "unknown-check" for c, _, _ in codes(root))
