"""Public outputs: coverage counts and gaps only when the case publishes them; the case's own
recommendations, never text lifted from an evidence record. Renders HTML only."""

from __future__ import annotations

from casebuilder.dossier.kinds import KINDS, Planned
from casebuilder.pipeline.check import full_check
from casebuilder.render.pipeline import Renderer
from tests.conftest import edit


def html_of(root, kind):
    checked = full_check(root)
    return Renderer(checked.case, checked.library, checked.findings).html(
        Planned(KINDS[kind], "x.pdf", KINDS[kind].audience))[1]


def test_coverage_and_gaps_are_not_published_unless_the_case_says_so(make_case):
    root = make_case()
    briefing, summary = html_of(root, "ngo-briefing"), html_of(root, "advocacy-summary")
    assert 'class="glance"' not in briefing and "What is still missing" not in briefing
    assert 'id="standing"' not in summary
    edit(root, "case.yaml", "submissions:\n", "publish_coverage: true\n\nsubmissions:\n")
    assert 'class="glance"' in html_of(root, "ngo-briefing")
    assert 'id="standing"' in html_of(root, "advocacy-summary")


def test_public_outputs_carry_the_cases_own_recommendations(make_case):
    root = make_case()
    briefing = html_of(root, "ngo-briefing")
    assert "Allow the displaced residents of Riverside to return in safety and dignity." in briefing
