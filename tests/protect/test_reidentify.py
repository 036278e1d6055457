"""Re-identification (issue 13): age bands, no family of minors, no applicant link, no pinpoint
into a public source that names a protected person, the check's warning, and Rule 33."""

from __future__ import annotations

from casebuilder.dossier.protect import make_redactor
from casebuilder.dossier.reidentify import (age_band, confidentiality_request, generalise_ages,
                                            reidentification_warnings)
from casebuilder.pipeline.check import check_case
from tests.conftest import edit

FACTS = "facts/2025-03.yaml"
DESCRIPTION = "According to a resident and a press report, the town of Riverside was shelled on 3 March 2025."


def test_an_exact_age_becomes_a_band():
    assert age_band(36) == "aged 30 to 39" and age_band(16) == "a minor"
    assert generalise_ages("W-01, aged 36, a 42-year-old and 70 years old") == \
        "W-01, aged 30 to 39, a 40-to-49-year-old and 70-to-79-year-old"
    assert generalise_ages(generalise_ages("aged 36")) == "aged 30 to 39"  # applied twice, still one band


def _case(make_case, person_extra: str, text: str):
    root = make_case()
    edit(root, "people.yaml", "  pseudonym: Witness W-01\n", "  pseudonym: Witness W-01\n" + person_extra)
    edit(root, FACTS, DESCRIPTION, text)
    return root, check_case(root).case


def test_public_text_about_a_protected_person_gives_a_band_a_sector_and_no_minor_family(make_case):
    _, case = _case(make_case, "  age: 16\n  minor: true\n  occupation: [adviser to the Minister]\n"
                    "  sector: public administration\n",
                    "W-01, the 16-year-old son of P-009, adviser to the Minister, left with his mother.")
    red = make_redactor(case, "public")
    out = red.text(case.fact("F-001").description)
    assert "16" not in out and "son of" not in out and "his mother" not in out
    assert "adviser to the Minister" not in out and "worker in public administration" in out
    assert make_redactor(case, "court").text(case.fact("F-001").description) == case.fact("F-001").description


def test_consent_can_cover_a_detail(make_case):
    _, case = _case(make_case, "  age: 36\n  consent: {recorded: false, covers: [age]}\n", "W-01, aged 36, left.")
    assert "aged 36" in make_redactor(case, "public").text(case.fact("F-001").description)


def test_public_outputs_do_not_say_that_a_pseudonymised_person_is_an_applicant(make_case):
    root = make_case()
    case = check_case(root).case
    applicant = next((a for a in case.case.parties.applicants if a.person), None)
    assert applicant is not None
    person = case.person(applicant.person)
    red = make_redactor(case, "public")
    text = f"A household (applicant {applicant.id}) leaves; {red.name(person.id)}, the applicant, says so."
    out = red.text(text)
    assert "applicant" not in out.casefold()


def test_no_pinpoint_into_a_public_source_that_names_a_protected_person(make_case):
    root = make_case()
    edit(root, "evidence/M-001-press.yaml", "came under artillery fire", "came under artillery fire, says Anna Example,")
    case = check_case(root).case
    red = make_redactor(case, "public")
    assert red.pinpoint("M-001", "p. 3", {"P-001"}) is None  # the Gazette is public and names her
    assert red.pinpoint("M-001", "p. 3", set()) == "p. 3"
    assert make_redactor(case, "court").pinpoint("M-001", "p. 3", {"P-001"}) == "p. 3"


def test_check_warns_when_details_combine_to_single_out(make_case):
    _, case = _case(make_case, "  age: 16\n  minor: true\n  residence: PL-riverside\n", DESCRIPTION)
    warnings = [w for w in reidentification_warnings(case) if "P-001" in w.message]
    assert warnings and warnings[0].path == "people.yaml" and warnings[0].line > 0


def test_a_confidential_person_in_a_court_filing_prompts_a_rule_33_request(make_case):
    root = make_case()
    edit(root, "people.yaml", "  protection: pseudonymise\n", "  protection: confidential\n  minor: true\n")
    text = confidentiality_request(check_case(root).case)
    assert "Rule 33" in text and "interests of juveniles" in text and "Witness W-01" in text
