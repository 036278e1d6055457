"""Footnotes: full once, then short in the forum's style; ibid (OSCOLA); identical citations merged and
pinpoints joined. Pure: no rendering."""

from __future__ import annotations

from markupsafe import Markup

from casebuilder.dossier.citations import Citation, Footnotes, Note, join_pinpoints


def cit(record="R-1", number=3, pin="section 3, para 4", label=None, style_word="Annex"):
    html = Markup(f"Reporters for Human Rights, \u2018Report\u2019, 2024, {pin} (<a>{style_word} {number}</a>).")
    return Citation(record, number, label or f"{style_word} {number}", pin, html, "Reporters for Human Rights")


def test_full_the_first_time_then_short_in_the_icj_form():
    notes = Footnotes("icj")
    first = str(Note((cit(),), notes).__html__())
    second = str(Note((cit(pin="section 1, para 1"),), notes).__html__())
    assert first.startswith("Reporters for Human Rights, \u2018Report\u2019") and first.endswith(".")
    assert second == '<a class="exh" href="#exh-R-1">Annex 3</a>, section 1, para 1.'


def test_oscola_cross_refers_to_the_first_note_and_uses_ibid():
    notes = Footnotes("oscola")
    Note((cit(record="R-9", number=1, label="Exhibit 1"),), notes).__html__()   # n 1
    Note((cit(label="Exhibit 3"),), notes).__html__()                           # n 2: R-1 in full
    other = str(Note((cit(record="R-9", number=1, label="Exhibit 1", pin="s 2"),), notes).__html__())  # n 3
    again = str(Note((cit(record="R-9", number=1, label="Exhibit 1", pin="s 4"),), notes).__html__())  # n 4
    assert other.startswith("Reporters for Human Rights (n 1) s 2 (")
    assert again == "ibid s 4."


def test_identical_citations_in_one_note_are_merged_and_pinpoints_joined():
    notes = Footnotes("icj")
    Note((cit(),), notes).__html__()
    merged = str(Note((cit(pin="section 3, para 3"), cit(pin="section 3, para 3"), cit(pin="section 3, paras 5-7")),
                      notes).__html__())
    assert merged == '<a class="exh" href="#exh-R-1">Annex 3</a>, section 3, paras 3, 5-7.'
    assert merged.count("Annex 3") == 1


def test_join_pinpoints():
    assert join_pinpoints(["section 3, para 3", "section 3, para 5"]) == "section 3, paras 3, 5"
    assert join_pinpoints(["p. 2", "p. 4"]) == "pp. 2, 4"
    assert join_pinpoints(["section 1", "section 2"]) == "section 1; section 2"
    assert join_pinpoints(["", "section 2", "section 2"]) == "section 2"
