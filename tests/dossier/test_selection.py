"""What each filing selects: complaints only where a fact concerns the applicant, respondents of the
complaints only, no fact of another applicant, jurisdiction in time decides, party perspective. Pure:
nothing is rendered."""

from __future__ import annotations

from casebuilder.dossier.kinds import KINDS, Planned
from casebuilder.dossier.protect import make_redactor
from casebuilder.dossier.selection import select
from casebuilder.pipeline.check import full_check
from tests.conftest import edit

SECOND_RESPONDENT = """    - id: XEY
      state: XEY
      name: Other State
"""
LAW_XEY = """- type: state
  state: XEY
  name: Other State
  participations:
    - {instrument: echr, status: former-party, entry_into_force: 1990-01-01, end: 2000-01-01, source: Specimen data,
       verified: true}
"""
OTHER_APPLICANT_FACT = """- id: F-201
  title: Arrest of the second applicant
  date: 2025-03-04
  affected: [P-002]
  description: According to the witness, the second applicant was arrested at the checkpoint.
  evidence: [T-001]
"""


def selection(root, kind="echr-application", applicant=None, audience="court"):
    checked = full_check(root)
    assert checked.case is not None, [p.format() for p in checked.problems]
    planned = Planned(KINDS[kind], "x.pdf", audience, applicant)
    return checked, select(checked.case, planned, make_redactor(checked.case, audience), checked.library)


def test_an_applicant_complains_only_of_claims_a_fact_concerning_them_supports(make_case):
    root = make_case()
    # F-001 names P-001 (the applicant's person) among the affected: the claim is pleaded
    _, chosen = selection(root, applicant="A-01")
    assert chosen.claims == ["displacement-XEX"] and chosen.respondents == ["XEX"]
    assert "F-001" in chosen.own
    # without it, no fact relied on for the claim concerns her: nothing is pleaded, and counsel is told
    edit(root, "facts/2025-03.yaml", "  affected: [P-001]\n", "")
    _, chosen = selection(root, applicant="A-01")
    assert chosen.claims == [] and chosen.respondents == []
    assert any("Article 34" in n for n in chosen.notes)


def test_a_claim_pleaded_for_an_applicant_of_whom_no_fact_speaks_is_a_located_error(make_case):
    root = make_case()
    edit(root, "facts/2025-03.yaml", "  affected: [P-001]\n", "")
    edit(root, "case.yaml", "    respondent: XEX\n", "    respondent: XEX\n    applicants: [A-01]\n")
    checked = full_check(root)
    victim = [p for p in checked.errors if p.code == "echr-victim" and "displacement-XEX" in p.message]
    assert len(victim) == 1
    text = (root / "case.yaml").read_text().splitlines()
    assert text[victim[0].line - 1].strip() == "applicants: [A-01]"


def test_a_fact_of_another_applicant_never_reaches_a_pack(make_case):
    root = make_case({"facts/other.yaml": OTHER_APPLICANT_FACT})
    edit(root, "case.yaml", "    - id: XEL                      # a State applicant",
         "    - id: A-02\n      kind: individual\n      person: P-001\n      facts: [F-201]\n"
         "      victim_status: Arrested.\n      exhaustion: None effective.\n"
         "    - id: XEL                      # a State applicant")
    edit(root, "case.yaml", '        facts: [F-001, F-002]\n', '        facts: [F-001, F-002, F-201]\n')
    _, first = selection(root, applicant="A-01")
    assert "F-201" not in first.facts and "F-001" in first.facts
    _, second = selection(root, applicant="A-02")
    assert "F-201" in second.facts


def test_a_respondent_outside_the_forum_in_time_is_not_named(make_case):
    root = make_case({"law/xey.yaml": LAW_XEY})
    edit(root, "case.yaml", "  representatives:\n", SECOND_RESPONDENT + "  representatives:\n")
    edit(root, "case.yaml", "submissions:\n", "  - id: displacement-XEY\n    claim: forced-displacement\n"
         "    respondent: XEY\n    forums: [echr-interstate]\n    elements:\n      \"15\":\n"
         "        facts: [F-001, F-002]\n\nsubmissions:\n")
    checked, chosen = selection(root, kind="echr-interstate")
    assert not [p for p in checked.problems if p.path.startswith("law/")], checked.problems
    assert chosen.respondents == ["XEX"]
    assert "displacement-XEY" not in chosen.claims
    assert any("outside the Court's jurisdiction in time" in n for n in chosen.notes)
    # the check that a draft shows as a warning is an error for a final build
    final = full_check(root, final=True)
    assert any(p.code == "ratione-temporis" for p in final.errors)
    assert not any(p.code == "ratione-temporis" for p in checked.errors)


def test_a_fact_against_the_filing_partys_interest_is_left_to_the_matrix(make_case):
    root = make_case()
    edit(root, "facts/2025-03.yaml", "- id: F-002\n", "- id: F-002\n  against_interest_of: [XEL]\n")
    _, memorial = selection(root, kind="icj-memorial")
    assert "F-002" not in memorial.facts and "F-001" in memorial.facts
    _, matrix = selection(root, kind="evidence-matrix", audience="confidential")
    assert "F-002" in matrix.facts


def test_facts_follow_the_chapters_then_the_chronology(make_case):
    root = make_case()
    edit(root, "case.yaml", "submissions:\n", "chapters:\n  - {id: flight, title: The flight}\n"
         "  - {id: shelling, title: The shelling}\n\nsubmissions:\n")
    edit(root, "facts/2025-03.yaml", "- id: F-001\n", "- id: F-001\n  chapter: shelling\n")
    edit(root, "facts/2025-03.yaml", "- id: F-002\n", "- id: F-002\n  chapter: flight\n")
    _, chosen = selection(root, kind="icj-memorial")
    assert chosen.facts == ["F-002", "F-001"]
