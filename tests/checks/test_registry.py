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
    found = [m for c, s, m in codes(root) if c == "ratione-temporis" and "F-001" in m]
    # one warning per fact and forum, naming every instrument, and the continuing-situation doctrine
    assert len(found) == 2 and "in echr-individual" in found[0] and "in echr-interstate" in found[1]
    assert "the ECHR (which it ceased to bind on 16 September 2022)" in found[0]
    assert "continuing-violation doctrine" in found[0]


def test_a_fact_before_entry_into_force_is_flagged(make_case):
    root = make_case()
    edit(root, "facts/2025-03.yaml", "date: 2025-03-03", "date: 1999-03-03")
    messages = [m for c, _, m in codes(root) if c == "ratione-temporis"]
    assert any("in force for that State from 1 January 2000" in m for m in messages)


def test_time_limit_is_four_months_from_1_february_2022_and_six_before():
    assert time_limit(date(2022, 3, 1)) == date(2022, 7, 1)
    assert time_limit(date(2022, 1, 31)) == date(2022, 7, 31)
    assert time_limit(date(2022, 10, 31)) == date(2023, 2, 28)


def test_a_decision_of_1_march_2022_plus_four_months_and_a_day_is_out_of_time(make_case):
    root = make_case()
    edit(root, "case.yaml", "date: 2026-01-15 ", "date: 2022-07-02 ")
    edit(root, "case.yaml", "        date: 2025-12-01", "        date: 2022-03-01")
    problems = [p for p in full_check(root).problems if p.code == "echr-time-limit"]
    assert [(p.path, p.line, p.severity.value) for p in problems] == [("case.yaml", 29, "error")]
    assert problems[0].message == ("[echr-time-limit] The final decision of 1 March 2022 left until 1 July 2022 "
                                   "to apply; the form is dated 2 July 2022, out of time.")


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
    edit(root, "case.yaml", "      forums: [echr-individual]    # the forums this applicant brings (only States go to the ICJ)\n", "")
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


def test_a_non_state_co_applicant_is_refused_at_the_icj(make_case):
    root = make_case()
    edit(root, "case.yaml", "      forums: [echr-individual]    # the forums this applicant brings (only States go to the ICJ)\n", "")
    refused = [p for p in full_check(root).errors if p.code == "icj-parties"]
    assert len(refused) == 1 and refused[0].message.startswith("[icj-parties] The applicant 'A-01' is not a State")


def test_a_claim_outside_the_icj_title_invoked_is_refused(make_case):
    root = make_case()
    edit(root, "case.yaml", "  titles: [cerd-22] ", "  titles: [genocide-ix] ")
    refused = [p for p in full_check(root).errors if p.code == "icj-title"]
    assert refused and "rests on cerd:2, cerd:5, outside the title(s) invoked (genocide-ix)" in refused[0].message


def test_the_time_limit_counts_from_the_notification_date_when_given(make_case):
    root = make_case()
    edit(root, "case.yaml", "date: 2026-01-15 ", "date: 2022-07-02 ")
    edit(root, "case.yaml", "        date: 2025-12-01\n", "        date: 2022-03-01\n        notified: 2022-03-10\n")
    assert not [c for c, _, _ in codes(root) if c == "echr-time-limit"]
    assert time_limit(date(2022, 3, 1), date(2022, 3, 10)) == date(2022, 7, 10)


def test_the_time_limit_runs_to_the_dispatch_date_of_the_form(make_case):
    root = make_case()
    edit(root, "case.yaml", "        date: 2025-12-01\n", "        date: 2025-01-10\n")
    edit(root, "case.yaml", "      exhaustion:", "      dispatched: 2025-05-09\n      exhaustion:")
    assert not [c for c, _, _ in codes(root) if c == "echr-time-limit"]  # the case date (2026) is not the dispatch


def test_rule_47_for_an_organisation_asks_for_its_registration_details(make_case):
    root = make_case()
    edit(root, "case.yaml", "      kind: individual\n      person: P-001", "      kind: organisation\n      person: P-001")
    [problem] = [p for p in full_check(root).problems if p.code == "echr-rule47"]
    assert problem.is_error and "date of registration, registration number" in problem.message
    assert "Rule 47 § 5.1" in problem.message


def test_aggression_against_a_non_partys_nationals_is_flagged_under_article_15_bis_5(make_case):
    root = make_case()
    edit(root, "case.yaml", "  representatives:\n", RUSSIA + "  representatives:\n")
    edit(root, "case.yaml", "forums: [echr-individual, echr-interstate, icj, ngo-briefing, advocacy-summary]\nicj",
         "forums: [echr-individual, echr-interstate, icj, icc, ngo-briefing, advocacy-summary]\nicj")
    with open(root / "case.yaml", "a", encoding="utf-8") as handle:
        handle.write("""
  - id: aggression-RUS
    claim: use-of-force
    respondent: RUS
    forums: [icc]
    elements:
      "1":
        facts: [F-001]
""".replace("\n  - id", "\n  - id") if False else "")
    text = (root / "case.yaml").read_text(encoding="utf-8")
    text = text.replace("\nsubmissions:", "\n  - id: aggression-RUS\n    claim: use-of-force\n    respondent: RUS\n"
                        "    forums: [icc]\n    elements:\n      \"1\":\n        facts: [F-001]\n\nsubmissions:")
    (root / "case.yaml").write_text(text, encoding="utf-8")
    edit(root, "facts/2025-03.yaml", "date: 2025-03-03", "date: 2023-09-19")
    flagged = [p for p in full_check(root).problems if p.code == "icc-aggression" and p.is_error]
    assert flagged and "article 15 bis(5)" in flagged[0].message and "RUS" in flagged[0].message
