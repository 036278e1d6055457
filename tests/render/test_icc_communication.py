"""The communication to the ICC Prosecutor (kind ``icc-communication``) and its risk annex: jurisdiction
decided per fact from its places and dates, crimes the Court cannot hear left out, and the list of
persons at risk kept out of the communication."""

from __future__ import annotations

import re

import pytest

from casebuilder.dossier.kinds import KINDS, Planned
from casebuilder.dossier.reach import reach, state_of
from casebuilder.pipeline.check import full_check
from casebuilder.render.pipeline import Renderer
from tests.conftest import edit

# Exampleland (XEL) ratifies the Rome Statute with effect from 1 January 2026 and accepts the
# Court's jurisdiction from 4 March 2025 (Article 12(3)); the Example State (XEX) is not a Party.
STATES = """
- type: state
  state: XEL
  name: Exampleland
  participations:
    - instrument: rome-statute
      status: party
      consent: 2025-10-01
      entry_into_force: 2026-01-01
      source: Specimen data
      verified: true
      declarations:
        - kind: art-12-3
          provision: 12(3)
          made: 2025-11-01
          covers_from: 2025-03-04
          text: Exampleland accepts the Court's jurisdiction from 4 March 2025.
          source: Specimen data
          verified: true
- type: state
  state: XEX
  name: Example State
  participations:
    - instrument: rome-statute
      status: non-party
      source: Specimen data
      verified: true
"""

PLACES = """
- id: PL-riverside
  name: Riverside
  kind: settlement
  country: Example State
- id: PL-camp
  name: Border Camp
  kind: settlement
  country: Exampleland (reception area)
"""

# F-001: on the non-party's territory only. F-002: crosses into Exampleland, partly after 4 March 2025.
# F-003: crosses into Exampleland, but before the declaration's date.
FACTS = """
- id: F-001
  title: Shelling of Riverside
  date: 2025-03-03
  places: [PL-riverside]
  actors: [ORG-army]
  affected: [P-001]
  description: According to a resident and a press report, the town of Riverside was shelled on 3 March 2025.
  evidence:
    - {record: T-001, pinpoint: p. 2}
    - {record: M-001}
- id: F-002
  title: Departure of the population to Exampleland
  date: 3-4 March 2025
  places: [PL-riverside, PL-camp]
  actors: [ORG-army]
  description: The residents of Riverside left the town within two days and crossed into Exampleland.
  evidence:
    - {record: T-001, pinpoint: p. 2}
    - {record: S-001, figure: registered}
- id: F-003
  title: Earlier departures to Exampleland
  date: 2025-02
  places: [PL-riverside, PL-camp]
  description: Some residents had crossed into Exampleland in February 2025, according to the press.
  evidence:
    - {record: M-001}
"""

ARMY = """
- id: ORG-army
  name: Armed forces of the Example State
  kind: state_body
  protection: none
"""


@pytest.fixture
def icc_case(make_case):
    root = make_case({"law/states.yaml": STATES, "places.yaml": PLACES, "facts/2025-03.yaml": FACTS})
    (root / "people.yaml").write_text((root / "people.yaml").read_text(encoding="utf-8") + ARMY, encoding="utf-8")
    edit(root, "case.yaml", "\nforums: [echr-individual, echr-interstate, icj, ngo-briefing, advocacy-summary]\n",
         "\nforums: [echr-individual, echr-interstate, icj, icc, ngo-briefing, advocacy-summary]\n")
    edit(root, "case.yaml", "    forums: [echr-individual, echr-interstate, icj, ngo-briefing, advocacy-summary]\n"
         "    elements:\n",
         "    forums: [echr-individual, echr-interstate, icj, icc, ngo-briefing, advocacy-summary]\n"
         "    elements:\n      \"1\":\n        facts: [F-001, F-002, F-003]\n      \"2\":\n        facts: [F-002]\n"
         "      \"4\":\n        facts: [F-001]\n")
    return root


def _render(root, kind="icc-communication"):
    checked = full_check(root)
    assert checked.case is not None and not checked.errors, checked.errors
    planned = Planned(KINDS[kind], KINDS[kind].filename(), KINDS[kind].audience)
    _, html = Renderer(checked.case, checked.library, checked.findings).html(planned)
    return checked, html


def _row(html: str, fact_id: str) -> str:
    match = re.search(rf'<tr class="basis-[a-z-]+" id="jur-{fact_id}">(.*?)</tr>', html, re.DOTALL)
    assert match, f"no jurisdiction row for {fact_id}"
    return match.group(0)


def test_state_of_reads_a_country_with_a_note_but_not_a_description_of_status():
    names = {"exampleland": "XEL", "example state": "XEX", "xel": "XEL"}
    assert state_of("Exampleland (reception area)", names) == "XEL"
    assert state_of("Example State; disputed", names) == "XEX"
    assert state_of("XEL", names) == "XEL"
    assert state_of("Internationally recognised as part of Example State", names) is None
    assert state_of(None, names) is None


def test_reach_gives_each_fact_its_states_and_their_acceptance_on_its_dates(icc_case):
    checked = full_check(icc_case)
    result = reach(checked.case, checked.library, "icc", ["F-001", "F-002", "F-003"])
    assert result["instrument"] == "rome-statute"
    assert result["facts"]["F-001"]["states"] == ["XEX"]
    assert result["facts"]["F-001"]["accepted"]["XEX"] is None  # not a Party, no declaration
    crossing = result["facts"]["F-002"]
    assert crossing["states"] == ["XEX", "XEL"]
    assert crossing["accepted"]["XEL"]["basis"] == "declaration"
    assert crossing["accepted"]["XEL"]["whole"] is False  # 3 March is before the declaration's first day
    assert result["facts"]["F-003"]["accepted"]["XEL"] is None  # February 2025, before 4 March 2025


def test_a_fact_on_a_non_partys_territory_without_a_cross_border_element_is_outside_jurisdiction(icc_case):
    _, html = _render(icc_case)
    row = _row(html, "F-001")
    assert "basis-outside" in row and "<strong>Outside</strong>" in row
    assert "no State concerned had accepted jurisdiction" in row


def test_a_crossing_into_an_accepting_state_is_within_jurisdiction_with_the_cross_border_reasoning(icc_case):
    _, html = _render(icc_case)
    row = _row(html, "F-002")
    assert "<strong>Within</strong>: in part on the territory of Exampleland" in row
    assert "(from 4 March 2025)" in row
    assert "ICC-RoC46(3)-01/18-37" in html
    assert 'id="crime-displacement-XEX"' in html  # the crime is pleaded


def test_a_fact_before_the_12_3_date_is_outside_jurisdiction(icc_case):
    _, html = _render(icc_case)
    row = _row(html, "F-003")
    assert "basis-outside" in row
    assert "before the State concerned had accepted jurisdiction" in row
    assert "covering facts from 4 March 2025" in html  # the declaration, in the table of States


def test_a_crime_with_no_conduct_within_jurisdiction_is_left_out_with_a_located_problem(icc_case):
    # only the shelling (non-party territory) and the February crossing (too early) remain as conduct
    edit(icc_case, "case.yaml", "facts: [F-001, F-002, F-003]", "facts: [F-001, F-003]")
    edit(icc_case, "case.yaml", "      \"2\":\n        facts: [F-002]\n", "")
    checked, html = _render(icc_case)
    assert 'id="crime-displacement-XEX"' not in html
    assert re.search(r"<strong>Deportation or forcible transfer of population</strong> \((the )?Example State\) is not\s+pleaded", html)
    located = [p for p in checked.problems if p.code == "icc-jurisdiction"]
    assert located and located[0].path.endswith("case.yaml") and located[0].line > 0


def test_the_communication_pseudonymises_witnesses_and_names_those_named_as_responsible(icc_case):
    _, html = _render(icc_case)
    assert "Anna Example" not in html and "12 Mill Street" not in html
    assert "Witness W-01" in html
    section = html.split('id="c-responsible"', 1)[1].split('id="c-evidence"', 1)[0]
    assert "Armed forces of the Example State" in section
    assert "according to" in section  # attributed to the sources, not asserted


@pytest.mark.slow
def test_the_list_of_persons_at_risk_is_in_the_annex_and_not_in_the_communication(icc_case, tmp_path):
    from casebuilder.integrity.audit import audit_pdf, pdf_places, protected_strings
    from casebuilder.pipeline.build import build_case

    out = tmp_path / "out"
    result = build_case(icc_case, kinds=("icc-communication", "icc-communication-risk-annex"), out=out)
    docs = {d.planned.kind.name: d for d in result.documents}
    main, annex = docs["icc-communication"], docs["icc-communication-risk-annex"]
    assert main.planned.audience == "public" and annex.planned.audience == "confidential"
    secrets = protected_strings(full_check(icc_case).case)
    assert "Anna Example" in secrets
    assert audit_pdf(main.planned.filename, main.pdf, secrets) == []  # pages, metadata, attachments
    main_text = " ".join(pdf_places(main.pdf).values())
    assert "Persons at risk" not in main_text and "12 Mill Street" not in main.html
    annex_text = " ".join(pdf_places(annex.pdf).values())
    assert "Anna Example" in annex_text and "Witness W-01" in annex_text and "12 Mill Street" in annex_text
