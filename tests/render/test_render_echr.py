"""The ECHR dossiers of the sample case, checked on the built PDFs: the contents and the list of
accompanying documents give the right pages, every footnote call has its note (on its page), the
additional submission keeps to 20 pages (a longer one fails the build), names follow the audience,
and every page says SPECIMEN."""

from __future__ import annotations

import io
import re
from html.parser import HTMLParser

import pytest
from pypdf import PdfReader

from casebuilder.pipeline.build import build_case
from casebuilder.render.pdf import page_texts
from casebuilder.problems import CaseError
from tests.conftest import edit

pytestmark = pytest.mark.slow  # renders ECHR applications with WeasyPrint

KINDS = ("echr-application", "echr-interstate")
REAL_NAME = "Anna Example"  # the applicant of the sample case (people.yaml, P-001)
FOOTNOTE_CALL_PT = 7.5      # ::footnote-call in style.css
FOOTNOTE_PT = 10.0          # .fn in style.css
LEFT_MARGIN_PT = 3.5 / 2.54 * 72  # @page margin in style.css


def document(built_sample, kind, audience=None):
    result = built_sample(kind, audience)
    assert len(result.documents) == 1
    return result.documents[0]


def squash(text: str) -> str:
    """Text without spaces, hyphenation marks or case, to compare a label with a page."""
    return re.sub(r"[\s\u00ad\u2010-]+", "", text).casefold()


class _Links(HTMLParser):
    """The links of the contents (nav.toc) and the ids of the rows of the list of documents."""

    def __init__(self):
        super().__init__()
        self.toc: list[tuple[str, str]] = []
        self.rows: list[str] = []
        self._in_toc = False
        self._href = None
        self._label = ""

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "nav" and "toc" in (attrs.get("class") or ""):
            self._in_toc = True
        elif tag == "a" and self._in_toc:
            self._href, self._label = attrs["href"].lstrip("#"), ""
        elif tag == "tr" and (attrs.get("id") or "").startswith("exh-"):
            self.rows.append(attrs["id"])

    def handle_endtag(self, tag):
        if tag == "nav":
            self._in_toc = False
        elif tag == "a" and self._href:
            self.toc.append((self._href, " ".join(self._label.split())))
            self._href = None

    def handle_data(self, data):
        if self._href:
            self._label += data


def links(html: str) -> _Links:
    parser = _Links()
    parser.feed(html)
    return parser


def positioned(pdf: bytes, index: int) -> list[tuple[float, float, float, str]]:
    """The text runs of a page: (font size in pt, x, y, text)."""
    runs = []

    def visit(text, cm, tm, _font, size):
        if text.strip():
            scale = (tm[0] ** 2 + tm[1] ** 2) ** 0.5 * (cm[0] ** 2 + cm[1] ** 2) ** 0.5
            x = tm[4] * cm[0] + tm[5] * cm[2] + cm[4]
            y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
            runs.append((round(size * scale, 2), x, y, text.strip()))

    PdfReader(io.BytesIO(pdf)).pages[index].extract_text(visitor_text=visit)
    return runs


# --- contents and page references ---------------------------------------------------------------

@pytest.mark.parametrize("kind", KINDS)
def test_every_contents_entry_gives_the_page_of_its_heading(built_sample, kind):
    doc = document(built_sample, kind)
    texts = page_texts(doc.pdf)
    toc = links(doc.html).toc
    assert len(toc) >= 8
    toc_page = next(i for i, t in enumerate(texts) if "CONTENTS" in t)
    printed, pending = {}, ""
    for line in texts[toc_page].splitlines():  # an entry may wrap: its last line has the leader and the page
        found = re.match(r"^(.*?)\s*\.{3,}\s*(\d+)\s*$", line)
        if found:
            printed[squash(pending + found.group(1))] = int(found.group(2))
            pending = ""
        elif line.strip() not in ("", "SPECIMEN", "CONTENTS"):
            pending += line
    for target, label in toc:
        assert squash(label) in printed, f"contents entry {label!r} not printed with a page number"
        page = printed[squash(label)]
        assert page == doc.anchors[target], f"{label!r}: contents say page {page}, heading is on {doc.anchors[target]}"
        assert page > toc_page + 1
        assert squash(label) in squash(texts[page - 1]), f"{label!r} is not on page {page}"


@pytest.mark.parametrize("kind", KINDS)
def test_the_list_of_documents_claims_no_copy_that_is_not_there(built_sample, kind):
    # the sample case holds no exhibit file: each document is listed with where it can be obtained, no
    # page is claimed for it and no sheet says that a copy follows (tests/render/test_bundle.py: real copies)
    doc = document(built_sample, kind)
    texts = page_texts(doc.pdf)
    rows = links(doc.html).rows
    assert len(rows) == 3  # the sample case's three records, each listed once
    text = " ".join(texts)
    assert text.count("No copy is attached") == 3
    assert "follows this sheet" not in text and "Bundle of accompanying documents" not in text
    assert not any(a.startswith("doc-") for a in doc.anchors)


# --- footnotes ----------------------------------------------------------------------------------

def footnotes(pdf: bytes, pages: int) -> tuple[dict[int, int], dict[int, int]]:
    """The page of every footnote call and of every note: {number: page}, read from the font sizes and
    positions (calls are 7.5 pt superscripts; notes are numbered '1.' at 10 pt on the left margin)."""
    calls, notes = {}, {}
    for index in range(pages):
        for size, x, _, text in positioned(pdf, index):
            if size == FOOTNOTE_CALL_PT and re.fullmatch(r"\d+", text):
                assert int(text) not in calls, f"footnote call {text} appears twice"
                calls[int(text)] = index + 1
            elif size == FOOTNOTE_PT and re.fullmatch(r"\d+\.", text) and abs(x - LEFT_MARGIN_PT) < 2:
                assert int(text[:-1]) not in notes, f"footnote {text} appears twice"
                notes[int(text[:-1])] = index + 1
    return calls, notes


@pytest.mark.parametrize("kind", KINDS)
def test_every_footnote_call_has_its_note(built_sample, kind):
    doc = document(built_sample, kind)
    expected = doc.html.count('class="fn"')
    assert expected >= 3
    calls, notes = footnotes(doc.pdf, doc.pages)
    assert sorted(calls) == sorted(notes) == list(range(1, expected + 1))
    # the note is on the page of its call; WeasyPrint may defer it to the next page when it makes room for
    # a line at the foot of a page (as GCPM allows), never further and never before the call
    for number, page in calls.items():
        assert notes[number] in (page, page + 1), f"footnote {number}: call on page {page}, note on {notes[number]}"
    assert sum(notes[n] == calls[n] for n in calls) >= len(calls) - 1


# --- page limits --------------------------------------------------------------------------------

def test_the_additional_submission_keeps_to_twenty_pages_and_the_form_sections_to_their_space(built_sample):
    doc = document(built_sample, "echr-application")
    anchors = doc.anchors
    assert anchors["annex-end"] - anchors["annex-start"] + 1 <= 20
    for section, most in (("E", 3), ("F", 2), ("G", 1)):
        assert anchors[f"form-{section}-end"] - anchors[f"form-{section}"] + 1 <= most
    texts = page_texts(doc.pdf)
    start = texts[anchors["annex-start"] - 1]
    for heading in ("I. THE FACTS", "II. COMPLAINTS", "III. EXHAUSTION OF DOMESTIC REMEDIES AND TIME LIMIT"):
        assert squash(heading) in squash("".join(texts[anchors["annex-start"] - 1:anchors["annex-end"]]))
    assert "Rule 47 § 2 (b)" in start


def _long_facts(count: int) -> str:
    sentence = ("According to the resident's account, the shelling of the district continued through the "
                "night and the families who remained in their cellars left at first light along the river road, "
                "taking with them only what they could carry, while the bridge was under fire. ")
    items = []
    for i in range(count):
        items.append(f"- id: F-L{i:03d}\n  title: Event {i + 1} on the river road\n  date: 2025-03-{1 + i % 28:02d}\n"
                     f"  places: [PL-riverside]\n  description: >-\n    {sentence * 5}\n"
                     f"  relied_on_for: [displacement-XEX]\n  evidence:\n    - {{record: T-001, pinpoint: p. {i + 3}}}\n")
    return "".join(items)


def test_a_submission_longer_than_twenty_pages_fails_the_build(make_case, tmp_path):
    count = 45
    root = make_case({"facts/long.yaml": _long_facts(count)})
    # the applicant's own facts are given in full in the form and in the submission
    ids = ", ".join(f"F-L{i:03d}" for i in range(count))
    edit(root, "case.yaml", "      representative: R-01\n", f"      representative: R-01\n      facts: [{ids}]\n")
    with pytest.raises(CaseError) as caught:
        build_case(root, kinds=("echr-application",), out=tmp_path / "out")
    limits = [p for p in caught.value.problems if p.code == "page-limit"]
    assert any("Rule 47 § 2 (b)" in p.message and "20" in p.message for p in limits), limits
    assert not (tmp_path / "out" / "echr-application-a-01.pdf").exists()


# --- names and audiences ------------------------------------------------------------------------

def test_the_court_version_names_the_applicant(built_sample):
    doc = document(built_sample, "echr-application")
    texts = page_texts(doc.pdf)
    assert REAL_NAME in texts[0]  # the cover
    assert sum(REAL_NAME in t for t in texts) >= 5
    assert "1 May 1980" in "".join(texts)  # box 3, date of birth
    assert "ANONYMITY REQUESTED" in texts[0].upper()
    assert "Request for anonymity" in "".join(texts)


def test_a_public_version_names_the_applicant_by_pseudonym_only(built_sample):
    doc = document(built_sample, "echr-application", "public")
    text = "".join(page_texts(doc.pdf))
    assert REAL_NAME not in text and REAL_NAME not in doc.html
    assert "Anna" not in text
    assert "Witness W-01" in text  # the applicant's pseudonym (people.yaml)
    assert "1 May 1980" not in text and "1 Specimen Square" not in text  # date of birth, address
    assert "Withheld in the public version" in text


# --- the frame ----------------------------------------------------------------------------------

@pytest.mark.parametrize("kind", KINDS)
def test_every_page_says_specimen(built_sample, kind):
    doc = document(built_sample, kind)
    texts = page_texts(doc.pdf)
    assert len(texts) == doc.pages
    assert all("SPECIMEN" in t for t in texts)


def test_the_application_says_the_official_form_must_be_used_and_marks_what_is_missing(built_sample):
    doc = document(built_sample, "echr-application")
    texts = page_texts(doc.pdf)
    assert squash("This document does not replace the application form") in squash(texts[0])
    whole = "".join(texts)
    assert "To be completed" in whole  # e.g. the applicant's telephone (box 7)
    for box in ("E. Statement of the facts", "F. Statement of alleged violation(s)", "G. Compliance with",
                "H. Information concerning other international proceedings", "I. List of accompanying documents",
                "Declaration and signature"):
        assert squash(box) in squash(whole)
    # one entry per Article of the claim's ECHR bases
    for article in ("Article 8 of the Convention", "Article 1 of Protocol No. 1", "Article 2 of Protocol No. 4"):
        assert squash(article) in squash(texts[doc.anchors["form-F"] - 1])
    # the time limit is computed from the final decision (1 December 2025: four months)
    assert squash("ends on 1 April 2026") in squash(texts[doc.anchors["form-G"] - 1])


def test_the_interstate_application_covers_rule_46(built_sample):
    doc = document(built_sample, "echr-interstate")
    whole = squash("".join(page_texts(doc.pdf)))
    for item in ("Republic of Exampleland", "Specimen Agent", "Statement of the facts",
                 "Alleged violations and relevant arguments", "Compliance with Article 35 § 1",
                 "Object of the application and just satisfaction", "Article 41"):
        assert squash(item) in whole, item
