"""The legal library: built-in data load clean, cite and source every entry, answer treaty-date
questions, and merge a case's own ``law/`` files (additions, overrides, located problems)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from casebuilder.law import library as library_module
from casebuilder.law.library import check_pursued, load_library
from casebuilder.models.case import CaseFile
from casebuilder.models.law import STYLES, styled_number
from casebuilder.problems import Severity
from casebuilder.validate.errors import Located
from casebuilder.load.yamlsafe import read_yaml

INSTRUMENTS = {"un-charter", "unga-3314", "echr", "echr-p1", "echr-p4", "iccpr", "cerd", "gc-iii", "gc-iv",
               "rome-statute", "hague-1954", "icc-elements"}
CLAIMS = {"use-of-force", "forced-displacement", "arbitrary-detention-pow", "unlawful-killing", "ill-treatment",
          "home-property", "cultural-heritage", "discrimination-persecution", "enforced-disappearance"}
STATES = {"ARM", "AZE", "RUS", "TUR", "GEO", "UKR", "FRA"}


@pytest.fixture(scope="module")
def lib():
    library, problems = load_library([])
    assert [p.format() for p in problems] == []
    return library


def law_file(tmp_path: Path, text: str, name: str = "extra.yaml"):
    """Write a case law file and read it as the loader does (path shown relative to the case)."""
    path = tmp_path / "law" / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return read_yaml(path, f"law/{name}")


def test_builtin_library_has_the_required_content(lib):
    assert INSTRUMENTS <= set(lib.instruments)
    assert CLAIMS <= set(lib.claims)
    assert STATES <= set(lib.states)
    required = {"un-charter": {"2(4)", "51"}, "echr": {"2", "3", "5", "8", "13", "14"}, "echr-p1": {"1"},
                "echr-p4": {"2"}, "iccpr": {"6", "7", "9", "12"}, "cerd": {"2", "5", "22"}, "gc-iii": {"118"},
                "gc-iv": {"49", "147"}, "rome-statute": {"7(1)(d)", "7(1)(e)", "7(1)(h)", "7(1)(i)", "8(2)(a)(vii)",
                                                         "8(2)(b)(viii)", "8(2)(b)(ix)", "8 bis"}}
    for instrument_id, numbers in required.items():
        for number in numbers:
            assert lib.instruments[instrument_id].provision(number) is not None, (instrument_id, number)


def test_every_instrument_and_provision_cites_in_every_style_and_has_a_source(lib):
    for instrument in lib.instruments.values():
        assert instrument.source.strip()
        for style in STYLES:
            assert lib.cite(instrument.id, style=style).strip()
        for provision in instrument.provisions:
            assert provision.source.strip() and provision.text.strip()
            for style in STYLES:
                text = lib.cite(instrument.id, provision.number, style)
                assert text.strip() and "{" not in text, text


def test_every_claim_and_element_cites_and_has_a_source(lib):
    for claim in lib.claims.values():
        assert claim.title and claim.source.strip()
        assert claim.bases_for("icc") or claim.bases_for("icj"), claim.id
        assert claim.bases_for("ngo-briefing") and claim.bases_for("advocacy-summary"), claim.id
        ids = [e.id for e in claim.elements]
        heads = list(dict.fromkeys(int(i.split(".")[0]) for i in ids))  # '12.2' sub-numbers a split element
        assert len(ids) == len(set(ids)) and heads == list(range(1, len(heads) + 1)), claim.id
        for element in claim.elements:
            assert element.source.strip() and element.text.strip()
            for style in STYLES:
                assert lib.cite_ref(element.basis, style).strip()
        for forum in ("echr-individual", "echr-interstate", "icj", "icc", "ngo-briefing"):
            for basis in lib.bases_for(claim, forum):
                assert basis.citation.strip() and basis.ref


def test_icc_claims_carry_their_contextual_elements(lib):
    for claim in lib.claims.values():
        icc = [e for e in claim.elements_for("icc") if e.basis.startswith("icc-elements:")]
        if claim.id == "use-of-force":
            continue  # aggression has no chapeau: its circumstance elements are conduct elements
        assert any(e.context for e in icc), claim.id
        assert all(e.context for e in icc if "attack directed against a civilian population" in e.text), claim.id


def test_forced_displacement_explains_coercive_environment(lib):
    first = lib.claims["forced-displacement"].element("1")
    assert "coercive environment" in first.text and "fn 12" in first.text
    assert first.basis == "icc-elements:7(1)(d)" and first.verified


def test_every_participation_has_a_source_and_coherent_dates(lib):
    for state, record in lib.states.items():
        assert record.name
        for participation in record.participations:
            assert participation.source.strip(), (state, participation.instrument)
            instrument = lib.instruments[participation.instrument]
            eif = participation.entry_into_force
            if eif is not None:
                assert eif.start >= instrument.adopted.start, (state, participation.instrument)
            if participation.signature and participation.consent and participation.consent_kind == "ratification":
                assert participation.signature.start <= participation.consent.end, (state, participation.instrument)
            for declaration in participation.declarations:
                assert declaration.source.strip() and declaration.text.strip()


def test_russia_ceased_to_be_bound_by_the_echr_on_16_september_2022(lib):
    participation = lib.participation("RUS", "echr")
    assert participation.status == "former-party"
    assert participation.end.start == participation.end.end == date(2022, 9, 16)
    assert participation.is_verified("end")
    assert lib.in_force_for("RUS", "echr", date(2023, 9, 19)) is False
    assert lib.in_force_for("RUS", "echr", date(2022, 9, 16)) is True  # acts up to that day stay covered
    assert lib.in_force_for("RUS", "echr", date(2022, 9, 17)) is False
    assert lib.in_force_for("RUS", "echr", date(1998, 5, 4)) is False


def test_rome_statute_entered_into_force_for_armenia_on_1_february_2024(lib):
    participation = lib.participation("ARM", "rome-statute")
    assert participation.entry_into_force.start == date(2024, 2, 1)
    assert participation.verified
    assert lib.in_force_for("ARM", "rome-statute", date(2023, 9, 19)) is False
    assert lib.in_force_for("ARM", "rome-statute", date(2024, 2, 1)) is True
    acceptance = next(d for d in participation.declarations if d.kind == "art-12-3")
    assert acceptance.covers(date(2023, 9, 19)) is True
    assert acceptance.covers(date(2021, 5, 9)) is False


def test_ukraine_article_12_3_declarations_cover_their_periods(lib):
    first, second = [d for d in lib.participation("UKR", "rome-statute").declarations if d.kind == "art-12-3"]
    assert first.covers(date(2014, 1, 10)) is True
    assert first.covers(date(2014, 3, 1)) is False
    assert second.covers(date(2022, 3, 1)) is True
    assert lib.in_force_for("UKR", "rome-statute", date(2022, 3, 1)) is False


def test_unknown_or_imprecise_participation_gives_none(lib):
    assert lib.participation("XYZ", "echr") is None
    assert lib.in_force_for("XYZ", "echr", date(2020, 1, 1)) is None
    assert lib.in_force_for("ARM", "gc-iii", date(1993, 7, 1)) is None  # only the year of accession is known
    assert lib.in_force_for("ARM", "gc-iii", date(2020, 9, 27)) is True
    assert lib.in_force_for("AZE", "rome-statute", date(2023, 9, 19)) is False
    assert lib.in_force_for("TUR", "echr-p4", date(2020, 1, 1)) is False  # signed, never ratified


def test_citations_follow_each_style(lib):
    assert lib.cite("echr", "5(1)(f)", "echr") == "Article 5 § 1 (f) of the Convention"
    assert lib.cite("echr-p1", "1", "echr") == "Article 1 of Protocol No. 1"
    assert lib.cite("un-charter", "2(4)", "icj") == "Article 2, paragraph 4, of the Charter of the United Nations"
    assert lib.cite("iccpr", "9", "oscola") == ("International Covenant on Civil and Political Rights (adopted "
                                                "16 December 1966, entered into force 23 March 1976) 999 UNTS 171 "
                                                "(ICCPR) art 9")
    assert lib.cite("echr", "5", short=True) == "ECHR art 5"
    assert lib.cite("unga-3314", "3") == "UNGA Res 3314 (XXIX) (14 December 1974) annex art 3"
    assert styled_number("8(2)(b)(viii)", "echr") == "8 § 2 (b) (viii)"
    with pytest.raises(KeyError):
        lib.cite("echr", "99")


def test_bases_for_a_forum_use_its_style_and_fall_back_to_general(lib):
    echr = [str(b) for b in lib.bases_for("forced-displacement", "echr-individual")]
    assert "Article 2 of Protocol No. 4" in echr
    briefing = lib.bases_for("forced-displacement", "advocacy-summary")
    assert [b.ref for b in briefing] == list(lib.claims["forced-displacement"].bases["general"])
    assert lib.bases_for("cultural-heritage", "echr-individual") == []


def test_case_law_file_overrides_an_element_and_adds_an_instrument(tmp_path, lib):
    extra = law_file(tmp_path, """\
- type: instrument
  id: cped
  title: International Convention for the Protection of All Persons from Enforced Disappearance
  short_title: CPED
  adopted: 2006-12-20
  entry_into_force: 23 December 2010
  cite:
    echr: the International Convention for the Protection of All Persons from Enforced Disappearance
    icj: the International Convention for the Protection of All Persons from Enforced Disappearance
    oscola: International Convention for the Protection of All Persons from Enforced Disappearance (adopted 20 December 2006, entered into force 23 December 2010)
  source: Case team
  verified: false
  provisions:
    - number: "2"
      heading: Definition of enforced disappearance
      text: Arrest, detention or abduction by agents of the State, followed by a refusal to acknowledge it.
      source: CPED art 2
      verified: false
- type: claim
  id: enforced-disappearance
  override: true
  bases:
    general: [cped:2]
  elements:
    - id: 9
      text: The person was last seen in the custody of the respondent's forces.
      basis: echr:5
      source: Case team, after Varnava
      verified: false
    - id: "12"
      text: The disappearance meets the definition of article 2.
      basis: cped:2
      source: Case team
      verified: false
""")
    merged, problems = load_library([extra])
    assert problems == []
    claim = merged.claims["enforced-disappearance"]
    assert claim.element("9").text.startswith("The person was last seen")
    assert claim.element("1").text == lib.claims["enforced-disappearance"].element("1").text
    assert [e.id for e in claim.elements][-1] == "12"
    assert claim.bases["general"] == ("cped:2",) and claim.bases["icc"] == lib.claims["enforced-disappearance"].bases["icc"]
    assert merged.cite("cped", "2", "echr").startswith("Article 2 of the International Convention")
    assert [o.file.path for o in merged.origins[("claim", "enforced-disappearance")]] == [
        "builtin:law/claims.yaml", "law/extra.yaml"]
    # the built-in library is not changed by a case's overrides
    again, _ = load_library([])
    assert again.claims["enforced-disappearance"].element("9").text == lib.claims["enforced-disappearance"].element("9").text


def test_unknown_key_in_a_case_law_file_is_located(tmp_path):
    bad = law_file(tmp_path, """\
- type: claim
  id: use-of-force
  override: true
  titel: Aggression
""")
    _, problems = load_library([bad])
    [problem] = problems
    assert (problem.path, problem.line, problem.column) == ("law/extra.yaml", 4, 3)
    assert problem.code == "extra-forbidden" and "'titel'" in problem.message and "title" in problem.hint


def test_claim_basis_with_an_unknown_instrument_is_reported_where_written(tmp_path):
    bad = law_file(tmp_path, """\
type: claim
id: new-claim
title: A new claim
summary: A claim the library does not have.
bases:
  icj: [cerd:5, nosuch:5]
source: Case team
verified: false
elements:
  - id: "1"
    text: Something must be shown.
    basis: cerd:99
    source: Case team
    verified: false
""")
    _, problems = load_library([bad])
    found = {(p.line, p.column, p.code): p.message for p in problems}
    assert (6, 17, "unknown-ref") in found and "No instrument 'nosuch'" in found[(6, 17, "unknown-ref")]
    assert (12, 12, "unknown-ref") in found and "no provision 99" in found[(12, 12, "unknown-ref")]
    assert len(problems) == 2


def test_type_duplicates_and_overrides_of_unknown_entries_are_reported(tmp_path):
    bad = law_file(tmp_path, """\
- type: claims
  id: x
- type: state
  state: ARM
  name: Armenia again
- type: claim
  id: forced-displacment
  override: true
  title: Typo
- type: state
  state: RUS
  override: true
  participations:
    - instrument: echr
      status: former-party
      source: Broken change
      verified: false
- type: instrument
  id: un-charter
  override: true
  verified: true
""")
    _, problems = load_library([bad])
    by_line = {p.line: p for p in problems}
    assert by_line[1].code == "unknown-kind" and "Did you mean 'claim'?" in by_line[1].hint
    assert by_line[4].code == "duplicate-id" and "override: true" in by_line[4].hint
    assert by_line[7].code == "unknown-ref" and "forced-displacement" in by_line[7].hint
    assert by_line[14].code == "value-error" and "needs 'end'" in by_line[14].message
    # valid on its own, invalid once merged: the built-in entry still lists unverified fields
    assert by_line[18].code == "invalid-override" and "cannot list 'unverified'" in by_line[18].message
    assert len(problems) == 5


def test_problems_in_builtin_files_show_builtin_paths(tmp_path, monkeypatch):
    path = tmp_path / "broken.yaml"
    path.write_text("- type: instrument\n  id: x\n", encoding="utf-8")
    monkeypatch.setattr(library_module, "builtin_files", lambda: (read_yaml(path, "builtin:law/broken.yaml"),))
    _, problems = load_library([])
    assert problems and all(p.path == "builtin:law/broken.yaml" for p in problems)


def test_check_pursued_reports_unknown_claims_elements_and_missing_bases(tmp_path, lib):
    case = CaseFile.model_validate({
        "title": "T", "short_name": "t", "date": "2024-01-01", "summary": "S", "forums": ["icc"],
        "claims": [{"id": "c1", "claim": "forced-displacment", "respondent": "AZE", "forums": ["icc"]},
                   {"id": "c2", "claim": "cultural-heritage", "respondent": "AZE",
                    "forums": ["echr-individual", "icc"], "elements": {"99": {"facts": []}}}]})
    case_yaml = tmp_path / "case.yaml"
    case_yaml.write_text("claims:\n  - claim: x\n", encoding="utf-8")
    located = Located(case, read_yaml(case_yaml, "case.yaml"))
    problems = check_pursued(located, lib)
    messages = sorted((p.severity, p.message) for p in problems)
    assert any("no claim 'forced-displacment'" in m for _, m in messages)
    assert any("no element 99" in m for _, m in messages)
    assert (Severity.WARNING, "The library gives claim 'cultural-heritage' no legal basis in the forum "
                              "echr-individual.") in messages
