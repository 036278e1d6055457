"""Draft and final: a final build refuses a court filing that still holds a placeholder or a note for
counsel, naming the document and what it says; a draft shows them with a banner."""

from __future__ import annotations

import pytest

from casebuilder.dossier.kinds import KINDS, Planned
from casebuilder.pipeline.build import build_case
from casebuilder.pipeline.check import full_check
from casebuilder.problems import CaseError
from casebuilder.render.pipeline import Renderer, unfinished_problems


def test_a_final_build_refuses_placeholders_and_notes_for_counsel(make_case, tmp_path):
    root = make_case()
    with pytest.raises(CaseError) as caught:
        build_case(root, kinds=("echr-application",), out=tmp_path / "out", final=True)
    unfinished = [p for p in caught.value.problems if p.code == "unfinished"]
    assert unfinished, [p.format() for p in caught.value.problems]
    assert all(p.path == "output:echr-application-a-01.pdf" for p in unfinished)
    assert any("To be completed" in p.message for p in unfinished)
    assert not (tmp_path / "out").exists()  # nothing written


def test_a_draft_shows_its_notes_under_a_banner_and_a_final_html_has_none(make_case):
    root = make_case()
    checked = full_check(root)
    renderer = Renderer(checked.case, checked.library, checked.findings)
    draft = Planned(KINDS["icj-memorial"], "m.pdf", "court")
    _, html = renderer.html(draft)
    assert 'class="draft-mark"' in html
    final = Planned(KINDS["icj-memorial"], "m.pdf", "court", final=True)
    _, html = renderer.html(final)
    assert 'class="draft-mark"' not in html
    problems = unfinished_problems(final, html)
    # the sample memorial has an evidence gap (element 20): a note for counsel a final filing refuses
    assert any("Evidence gap" in p.message for p in problems), [p.message for p in problems]


def test_public_and_confidential_documents_are_not_held_to_the_filing_rule():
    html = '<p><span class="tbc">To be completed</span></p>'
    assert unfinished_problems(Planned(KINDS["ngo-briefing"], "b.pdf", "public", final=True), html) == []
    court = unfinished_problems(Planned(KINDS["icj-memorial"], "m.pdf", "court", final=True), html)
    assert [p.message for p in court] == ["The filing still holds a note for counsel or a placeholder: "
                                          "\u201cTo be completed\u201d."]
