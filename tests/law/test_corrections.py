"""The corrections of the 2026-12 audit of the legal library, each pinned to its source."""

from __future__ import annotations

import pytest

from casebuilder.law.library import load_library


@pytest.fixture(scope="module")
def lib():
    library, problems = load_library([])
    assert [p.format() for p in problems] == []
    return library


def test_the_elements_of_crimes_are_the_2011_icc_publication(lib):
    assert lib.instruments["icc-elements"].cite.oscola == "International Criminal Court, Elements of Crimes (ICC 2011)"


def test_footnote_33_is_limited_to_nationality(lib):
    text = lib.claims["forced-displacement"].element("8").text
    assert "With respect to nationality, the perpetrator needs only to know that the victim belonged to an " \
           "adverse party to the conflict (fn 33)" in text
    assert "suffices" not in text


def test_dh_196_no_justification_for_a_difference_based_decisively_on_ethnic_origin(lib):
    element = lib.claims["discrimination-persecution"].element("9")
    assert "exclusively or to a decisive extent on a person's ethnic origin is capable of being objectively " \
           "justified" in element.text
    assert "very weighty" not in element.text
    assert ("dh-v-czech-republic", "196") in [(a.id, a.paragraphs) for a in element.authorities]


def test_the_genuine_choice_gloss_is_a_note_not_the_element(lib):
    element = lib.claims["forced-displacement"].element("1")
    assert "genuine choice" not in element.text and "genuine choice" in element.note


def test_inhuman_treatment_has_its_five_elements(lib):
    claim = lib.claims["ill-treatment"]
    split = [e for e in claim.elements if e.basis == "icc-elements:8(2)(a)(ii)-2"]
    assert [e.number for e in split] == ["1", "2", "3", "4", "5"]
    assert [e.context for e in split] == [False, False, False, True, True]


def test_persecution_lists_gender(lib):
    claim = lib.claims["discrimination-persecution"]
    assert "gender" in claim.summary and "gender" in claim.element("3").text


def test_the_article_5_test_gives_hassan(lib):
    element = lib.claims["arbitrary-detention-pow"].element("12")
    assert "Hassan v. the United Kingdom [GC]" in element.text
    assert "hassan-v-uk" in [a.id for a in element.authorities]


def test_ap_i_85_4_b_is_not_relied_on_against_a_non_party(lib):
    element = lib.claims["arbitrary-detention-pow"].element("16")
    assert "85(4)(b)" not in element.source and "not relied on" in element.note


def test_article_7_1_e_is_not_the_main_route_for_prisoners_of_war(lib):
    claim = lib.claims["arbitrary-detention-pow"]
    assert claim.bases["icc"][0] == "rome-statute:8(2)(a)(vii)"
    assert "not the main route" in claim.note


def test_azerbaijan_ratified_the_second_hague_protocol(lib):
    part = lib.participation("AZE", "hague-1954-p2")
    assert part.consent_kind == "ratification" and str(part.consent) == "2001-04-17"


def test_russias_rome_statute_end_is_not_the_date_of_the_presidential_order(lib):
    part = lib.participation("RUS", "rome-statute")
    assert str(part.end) != "2016-11-16" and "XVIII-10" in part.source
    assert str(part.signature) == "2000-09-13" and part.is_verified("signature")


def test_every_state_and_the_main_instruments_have_a_french_name_with_its_article(lib):
    for record in lib.states.values():
        assert record.name_fr is not None and record.name_fr.text.startswith(("la ", "le ", "l'")), record.state
    assert lib.states["AZE"].name_fr.text == "la République d'Azerbaïdjan"
    assert lib.instruments["cerd"].title_fr.verified and lib.instruments["cerd"].title_fr.source
