"""What law each forum applies: elements per forum and the ICJ titles of jurisdiction."""

from __future__ import annotations

from casebuilder.law.forums import elements_for, title_fit
from casebuilder.law.library import load_library

LIB, _ = load_library([])


def test_the_echr_gets_only_the_courts_tests():
    found = elements_for(LIB, "arbitrary-detention-pow", "echr-individual")
    assert [e.basis for e in found] == ["echr:5", "echr:5(1)", "echr:5(1)"]


def test_the_icc_gets_the_elements_of_crimes_with_their_context():
    found = elements_for(LIB, "forced-displacement", "icc")
    assert found and all(e.basis.startswith("icc-elements:") for e in found) and any(e.context for e in found)


def test_the_icj_under_cerd_gets_only_cerd_obligations():
    found = elements_for(LIB, "forced-displacement", "icj", ["cerd-22"])
    assert [e.basis.partition(":")[0] for e in found] == ["cerd"]


def test_a_claim_outside_the_title_is_outside_and_a_reservation_bars_the_title():
    assert title_fit(LIB, ["cerd-22"], "use-of-force", applicants=["ARM"], respondent="AZE").outside == [
        "un-charter:2(4)", "un-charter:51", "unga-3314:1", "unga-3314:3"]
    fit = title_fit(LIB, ["cerd-22"], "forced-displacement", applicants=["ARM"], respondent="TUR")
    assert fit.barred and "TUR has a reservation" in fit.barred[0]
    assert title_fit(LIB, ["cerd-22"], "forced-displacement", applicants=["ARM"], respondent="AZE").outside == []


def test_the_optional_clause_needs_a_declaration_from_both_states():
    fit = title_fit(LIB, ["icj-optional-clause"], "use-of-force", applicants=["GEO"], respondent="RUS")
    assert fit.barred and fit.barred[0].startswith("RUS has no declaration under Article 36(2)")
