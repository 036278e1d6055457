"""Authorities in the legal library: every one cited in each style with a source, pinpoints in each
court's form, element links checked, and a case's own authorities in law/ validated like the rest."""

from __future__ import annotations

from pathlib import Path

import pytest

from casebuilder.law.library import load_library
from casebuilder.load.yamlsafe import read_yaml
from casebuilder.models.law_authorities import pinpoint

LEADING = {"mccann-v-uk", "ireland-v-uk", "selmouni-v-france", "kudla-v-poland", "varnava-v-turkey",
           "loizidou-v-turkey-po", "loizidou-v-turkey-merits", "cyprus-v-turkey", "georgia-v-russia-i",
           "georgia-v-russia-ii", "ilascu-v-moldova-russia", "al-skeini-v-uk", "hassan-v-uk", "sargsyan-v-azerbaijan",
           "chiragov-v-armenia", "dh-v-czech-republic", "sejdic-finci-v-bih", "sabri-gunes-v-turkey",
           "nicaragua-merits", "armed-activities-drc-uganda", "oil-platforms", "cerd-georgia-v-russia-po",
           "ukraine-v-russia-po-2019", "ukraine-v-russia-merits-2024", "qatar-v-uae-po",
           "cerd-armenia-v-azerbaijan-pm-2021", "cerd-armenia-v-azerbaijan-pm-2023-02",
           "cerd-armenia-v-azerbaijan-pm-2023-07", "cerd-armenia-v-azerbaijan-pm-2023-11",
           "icc-bangladesh-myanmar-jurisdiction-2018", "icc-bangladesh-myanmar-authorisation-2019",
           "icc-ongwen-trial-2021", "icc-ntaganda-trial-2019"}


@pytest.fixture(scope="module")
def lib():
    library, problems = load_library([])
    assert [p.format() for p in problems] == []
    return library


def law_file(tmp_path: Path, text: str, name: str = "extra.yaml"):
    path = tmp_path / "law" / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return read_yaml(path, f"law/{name}")


def test_the_leading_authorities_are_in_the_library(lib):
    assert LEADING <= set(lib.authorities)


def test_every_authority_has_a_citation_in_each_style_and_a_source(lib):
    for authority in lib.authorities.values():
        for style in ("echr", "icj", "oscola"):
            text = authority.citation(style)
            assert text and "{" not in text, (authority.id, style)
        assert authority.source.strip(), authority.id


def test_every_verified_flag_in_the_library_names_a_source(lib):
    from casebuilder.law.audit import sourced_points

    for kind, key, entry in sourced_points(lib):
        if getattr(entry, "verified", False):
            assert (getattr(entry, "source", None) or "").strip(), (kind, key)


def test_pinpoints_follow_each_courts_form(lib):
    assert lib.cite_authority("sargsyan-v-azerbaijan", "echr", "§§ 134-136") == (
        "Sargsyan v. Azerbaijan [GC], no. 40167/06, §§ 134-136, ECHR 2015")
    assert lib.cite_authority("cerd-georgia-v-russia-po", "icj", "20") == (
        "Application of the International Convention on the Elimination of All Forms of Racial Discrimination "
        "(Georgia v. Russian Federation), Preliminary Objections, Judgment, I.C.J. Reports 2011, p. 70, para. 20")
    assert pinpoint("106-108", "icj") == "paras. 106-108"
    assert pinpoint("134-136", "oscola") == "paras 134–136"
    assert lib.cite_authority("mccann-v-uk", "echr", "150") == (
        "McCann and Others v. the United Kingdom, 27 September 1995, § 150, Series A no. 324")


def test_a_french_style_falls_back_to_english_when_not_given(lib):
    assert lib.cite_authority("sargsyan-v-azerbaijan", "echr_fr") == lib.cite_authority("sargsyan-v-azerbaijan",
                                                                                          "echr")
    assert "C.I.J. Recueil 2011, p. 70" in lib.cite_authority("cerd-georgia-v-russia-po", "icj_fr")


def test_elements_link_to_the_authorities_that_state_them(lib):
    element = lib.claims["discrimination-persecution"].element("9")
    assert ("dh-v-czech-republic", "196") in [(a.id, a.paragraphs) for a in element.authorities]
    assert "sargsyan-v-azerbaijan" in [a.id for a in lib.claims["forced-displacement"].element("17").authorities]


def test_an_unknown_authority_on_an_element_is_a_located_error(tmp_path):
    file = law_file(tmp_path, """\
- type: claim
  id: forced-displacement
  override: true
  elements:
    - id: "17"
      text: Changed.
      basis: echr:8
      authorities: [{id: sargsian-v-azerbaijan, paragraphs: "134"}]
      source: test
      verified: false
""")
    _, problems = load_library([file])
    [problem] = [p for p in problems if "authority" in p.message]
    assert problem.path == "law/extra.yaml" and problem.line == 8
    assert "sargsian-v-azerbaijan" in problem.message and "sargsyan-v-azerbaijan" in problem.hint


def test_a_case_adds_its_own_authority_in_law(tmp_path):
    file = law_file(tmp_path, """\
- type: authority
  id: example-v-state
  court: ecthr
  short_name: Example v. State
  kind: judgment
  date: "2020-01-01"
  number: "1/20"
  cite: {echr: "Example v. State, no. 1/20{pin}, 1 January 2020", icj: "Example v. State", oscola: "Example v State"}
  source: HUDOC
  verified: true
- type: authority
  id: broken
  court: ecthr
  short_name: Broken
  kind: ruling
  date: "2020-01-01"
  cite: {echr: "x", icj: "x", oscola: "x"}
  source: none
  verified: false
""")
    lib, problems = load_library([file])
    assert lib.cite_authority("example-v-state", "echr", "5") == "Example v. State, no. 1/20, § 5, 1 January 2020"
    [problem] = problems
    assert problem.path == "law/extra.yaml" and problem.line == 15
