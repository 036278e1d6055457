"""The example case's filings read as filings: no record id, file name or schema wording reaches the
reader, court filings carry no reliability grade, public outputs carry only the case's own
recommendations, and the memorial's table of authorities gives the pages where each case is cited.
Built once per session (slow)."""

from __future__ import annotations

import re

import pytest

from casebuilder.pipeline.check import full_check
from casebuilder.render.pdf import page_texts
from tests.conftest import EXAMPLE_CASE

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def texts(built_example):
    return {d.planned.filename: page_texts(d.pdf) for d in built_example.documents}


@pytest.fixture(scope="module")
def ids():
    case = full_check(EXAMPLE_CASE).case
    return set(case.evidence) | set(case.facts)


def court(built_example):
    return [d.planned.filename for d in built_example.documents if d.planned.audience == "court"]


def test_no_record_id_file_name_or_schema_wording_in_a_court_filing(built_example, texts, ids):
    pattern = re.compile(r"(?<![\w-])(" + "|".join(sorted(map(re.escape, ids), key=len, reverse=True)) + r")(?![\w-])")
    for name in court(built_example):
        text = "\n".join(texts[name])
        assert not pattern.findall(text), (name, sorted(set(pattern.findall(text)))[:10])
        for word in ("case.yaml", ".yaml", "source.publisher", "editor's note on", "Element "):
            assert word not in text, (name, word)


def test_court_filings_carry_no_reliability_grade(built_example, texts):
    grade = re.compile(r"\b[A-F][1-6]\b")
    for name in court(built_example):
        text = "\n".join(texts[name])
        assert "Reliability" not in text and "uncorroborated" not in text, name
        assert not grade.findall(text), (name, grade.findall(text)[:5])


def test_public_outputs_carry_only_the_cases_own_recommendations(built_example, texts):
    case = full_check(EXAMPLE_CASE).case
    briefing = " ".join(" ".join(texts["ngo-briefing.pdf"]).split())
    for rec in case.case.recommendations:
        assert " ".join(rec.text.split())[:60] in briefing
    assert "As asked by the appeal" not in briefing


def test_the_memorials_table_of_authorities_gives_the_right_pages(built_example, texts):
    memorial = next(d for d in built_example.documents if d.planned.filename == "icj-memorial.pdf")
    pages = texts["icj-memorial.pdf"]
    toa = memorial.anchors["toa"]
    cited = {a: p for a, p in memorial.anchors.items() if a.startswith("auth-")}
    assert cited, "the memorial cites no authority"
    for anchor, page in cited.items():
        # the citation is on the page its anchor gives, and the table lists that page
        assert "Elimination" in " ".join(pages[page - 1].split()), (anchor, page)
        assert str(page) in pages[toa - 1].split(), (anchor, page)


def test_the_echr_submission_cites_the_grand_chamber_judgments_on_point(texts):
    text = " ".join(" ".join(texts["echr-application-a-01.pdf"]).split())
    assert "Sargsyan v. Azerbaijan" in text and "Chiragov and Others v. Armenia" in text
