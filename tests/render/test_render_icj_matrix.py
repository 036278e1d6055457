"""The ICJ Memorial and the evidence matrix, built from the sample case: real page numbers in the
contents and the list of annexes, numbered paragraphs, footnotes, submissions; every element and
its status in the matrix; and the matrix command's HTML and CSV forms."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest
from click.testing import CliRunner

from casebuilder.cli.main import cli
from casebuilder.analysis.output import CSV_COLUMNS
from casebuilder.render.pdf import page_texts
from tests.conftest import REPO, sample_case_dir

pytestmark = pytest.mark.slow  # renders the memorial and the matrix with WeasyPrint

STATUS_WORD = {"supported": "SUPPORTED", "weak": "WEAK", "gap": "GAP"}


def flat(text: str) -> str:
    """Page text with hyphenated line breaks joined and every run of white space made one space."""
    return re.sub(r"\s+", " ", text.replace("\u2010\n", "")).strip()


class Collect(HTMLParser):
    """Ids, TOC links, footnotes and the links inside them, paragraphs, from the rendered HTML."""

    def __init__(self):
        super().__init__()
        self.ids: set[str] = set()
        self.toc: list[str] = []
        self.footnotes = 0
        self.footnote_links: list[str] = []
        self.paras = 0
        self._in_toc = False
        self._fn_depth = 0

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        classes = (a.get("class") or "").split()
        if a.get("id"):
            self.ids.add(a["id"])
        if tag == "nav" and "toc" in classes:
            self._in_toc = True
        if self._in_toc and tag == "a":
            self.toc.append(a["href"].removeprefix("#"))
        if tag == "p" and "para" in classes:
            self.paras += 1
        if tag == "span" and "fn" in classes:
            self.footnotes += 1
            self._fn_depth = 1
        elif self._fn_depth and tag == "span":
            self._fn_depth += 1
        if self._fn_depth and tag == "a" and a.get("href", "").startswith("#exh-"):
            self.footnote_links.append(a["href"].removeprefix("#"))

    def handle_endtag(self, tag):
        if tag == "nav":
            self._in_toc = False
        if self._fn_depth and tag == "span":
            self._fn_depth -= 1


def parse(html: str) -> Collect:
    collected = Collect()
    collected.feed(html)
    return collected


@pytest.fixture(scope="module")
def memorial(built_sample):
    doc = built_sample("icj-memorial").documents[0]
    return doc, page_texts(doc.pdf), parse(doc.html)


@pytest.fixture(scope="module")
def matrix_doc(built_sample):
    doc = built_sample("evidence-matrix").documents[0]
    return doc, page_texts(doc.pdf)


@pytest.fixture(scope="module")
def sample_matrix():
    from casebuilder.pipeline.check import full_check
    from casebuilder.analysis.matrix import build_matrix

    checked = full_check(sample_case_dir())
    return checked, build_matrix(checked.case, checked.library)


# --- ICJ Memorial ---------------------------------------------------------------------------------

def test_memorial_cover_has_the_caption_the_memorial_and_the_volume(memorial):
    _, pages, _ = memorial
    cover = flat(pages[0])
    assert "INTERNATIONAL COURT OF JUSTICE" in cover
    assert "REPUBLIC OF EXAMPLELAND v. EXAMPLE STATE" in cover
    assert "MEMORIAL OF THE REPUBLIC OF EXAMPLELAND" in cover
    assert "VOLUME I" in cover and "15 January 2026" in cover
    # the caption names the instrument whose application is in dispute
    assert "APPLICATION OF THE INTERNATIONAL CONVENTION ON THE ELIMINATION OF ALL FORMS OF RACIAL" in cover


def test_contents_page_numbers_are_the_pages_of_the_headings(memorial):
    doc, pages, html = memorial
    toc_page = doc.anchors["toc"]
    numbers = [int(n) for n in re.findall(r"\.{3,}\s*(\d+)\s*$", pages[toc_page - 1], re.M)]
    assert html.toc and len(numbers) == len(html.toc), (numbers, html.toc)
    for target, number in zip(html.toc, numbers):
        assert number == doc.anchors[target], f"contents say page {number} for #{target}, it is on {doc.anchors[target]}"
    # and the headings really are there
    assert "STATEMENT OF FACTS" in pages[doc.anchors["ch-facts"] - 1]
    assert "STATEMENT OF LAW" in pages[doc.anchors["ch-law"] - 1]
    assert "LIST OF ANNEXES" in pages[doc.anchors["list-of-annexes"] - 1]


def test_the_list_of_annexes_certifies_only_copies_that_are_there(memorial, built_sample):
    # the sample case holds no exhibit file: every annex is listed, none is certified, none has a sheet
    doc, pages, html = memorial
    exhibits = re.findall(r'<tr id="exh-([^"]+)">\s*<td class="num">(\d+)</td>', doc.html)
    assert [n for _, n in exhibits] == [str(i) for i in range(1, len(exhibits) + 1)] and len(exhibits) == 3
    assert all(f"exh-{record}" in html.ids for record, _ in exhibits)
    assert "Certified true copy" not in flat(doc.html) and flat(doc.html).count("Not annexed: no copy is held") == 3
    assert "Cover sheet" not in flat(doc.html) and not any(a.startswith("annex-") and not a.startswith("annex-volume")
                                                           for a in doc.anchors)


def test_annexes_are_checked_against_the_750_page_limit_on_their_own_pages(memorial):
    doc, _, _ = memorial
    from casebuilder.dossier.kinds import KINDS, Planned
    from casebuilder.render.pipeline import page_problems

    planned = Planned(KINDS["icj-memorial"], "icj-memorial.pdf", "court")
    assert page_problems(planned, doc.pages, doc.anchors) == []
    problems = page_problems(planned, doc.pages, doc.anchors, bundle_pages=800)
    assert problems and "750" in problems[0].message


def test_submissions_ask_the_court_to_adjudge_and_declare(memorial):
    doc, pages, _ = memorial
    text = flat(pages[doc.anchors["ch-submissions"] - 1])
    assert "On the basis of the facts and law set out in this Memorial, the Republic of Exampleland respectfully " \
           "requests the Court to adjudge and declare that:" in text
    first = text.index("The Example State has breached its obligations under Article 5")
    second = text.index("The Example State shall allow the safe return")
    assert first < second and "(1)" in text and "(2)" in text
    items = re.search(r'<ol class="submissions-list">(.*?)</ol>', doc.html, re.S)[1]
    listed = re.findall(r"<li>(.*?)</li>", items, re.S)
    assert len(listed) == 2 and listed[0].startswith("The Example State has breached")
    assert listed[1].startswith("The Example State shall allow the safe return")
    assert "Specimen Agent" in text and "Agent of the Republic of Exampleland" in text


def test_paragraphs_are_numbered_throughout(memorial):
    doc, pages, html = memorial
    body = pages[doc.anchors["ch-intro"] - 1:doc.anchors["volume-2"] - 1]
    found = []
    for number, page in enumerate(body):
        found += [(int(n), number) for n in re.findall(r"^(\d+)\.$", page, re.M)]  # the hanging number
    assert html.paras >= 10
    first_seen = {}
    for n, where in found:
        first_seen.setdefault(n, where)
    assert set(range(1, html.paras + 1)) <= set(first_seen), sorted(first_seen)
    assert [first_seen[n] for n in range(1, html.paras + 1)] == sorted(first_seen[n] for n in range(1, html.paras + 1))
    # facts are numbered paragraphs carrying their ids, which other paragraphs refer to
    assert 'class="para" id="fact-F-001"' in doc.html and 'href="#fact-F-001"' in doc.html


def test_footnotes_cite_annexes_and_each_appears_once(memorial, built_sample):
    doc, pages, html = memorial
    # 2 facts with 2 sources each, and the chart's source: 3 notes, 5 links to the list of annexes
    assert html.footnotes == 3
    assert len(html.footnote_links) == 5
    assert all(link in html.ids for link in html.footnote_links)
    notes = [line for page in pages for line in page.splitlines() if re.match(r"^\d+\. Annex \d+[:,.]", line)]
    assert [int(n.split(".")[0]) for n in notes] == list(range(1, html.footnotes + 1)), notes
    # each citation is printed once (no footnote repeated on a later page); an annex cited again is
    # cited short ("Annex 3, p. 2."), the list of annexes giving its full title
    before_law = " ".join(flat(p) for p in pages[:doc.anchors["ch-law"] - 1])
    assert len(re.findall(r"Annex \d+[:,.]", before_law)) == len(html.footnote_links)
    assert "Annex 3, p. 2;" in before_law and before_law.count("Voices from Riverside") == 1


def test_statement_of_law_is_honest_about_gaps_and_unverified_law(memorial):
    doc, pages, _ = memorial
    law = flat(" ".join(pages[doc.anchors["ch-law"] - 1:doc.anchors["ch-summary"] - 1]))
    # elements go by their legal wording, never by number; element 20 has no facts in the sample case:
    # the filing does not plead against itself, a note for counsel says it
    assert "Element 20" not in law and "distinction, exclusion or restriction" in law
    assert "does not, at this stage, adduce evidence" not in law
    assert "EVIDENCE GAP" in law
    assert "UNVERIFIED" in law  # the CERD provisions are not verified in the legal library
    assert "DRAFT: CONTAINS NOTES FOR COUNSEL" in flat(pages[0])


# --- evidence matrix ------------------------------------------------------------------------------

def test_matrix_is_landscape_and_confidential(matrix_doc):
    doc, pages = matrix_doc
    from pypdf import PdfReader
    import io

    box = PdfReader(io.BytesIO(doc.pdf)).pages[3].mediabox
    assert float(box.width) > float(box.height)
    assert "CONFIDENTIAL: INTERNAL WORK PRODUCT" in flat(pages[0])


def test_matrix_pdf_shows_every_element_with_its_status(matrix_doc, sample_matrix):
    doc, pages = matrix_doc
    _, matrix = sample_matrix
    claim = matrix.claims[0]
    start, end = doc.anchors[f"claim-{claim.id}"], doc.anchors["gaps"]
    text = flat(" ".join(pages[start - 1:end - 1]))
    positions = []
    for e in claim.elements:
        head = f"{e.id} {flat(e.text)[:30]}"
        assert head in text, f"element {e.id} is missing"
        positions.append(text.index(head))
    assert positions == sorted(positions)
    statuses = {e.status for e in claim.elements}
    assert {"supported", "gap"} <= statuses
    for e, here, there in zip(claim.elements, positions, positions[1:] + [len(text)]):
        shown = re.search(r"\b(SUPPORTED|WEAK|GAP)\b", text[here:there])
        assert shown and shown[1] == STATUS_WORD[e.status], f"element {e.id}: {shown and shown[1]}"
    summary = flat(pages[doc.anchors["summary"] - 1])
    counts = claim.counts
    assert f"{len(claim.elements)} {counts['supported']} {counts['weak']} {counts['gap']}" in summary


def test_matrix_lists_gaps_exhibits_and_checks(matrix_doc, sample_matrix):
    doc, pages = matrix_doc
    _, matrix = sample_matrix
    gaps = flat(" ".join(pages[doc.anchors["gaps"] - 1:doc.anchors["facts"] - 1]))
    assert gaps.count("GAP") >= len([1 for _, e in matrix.gaps() if e.status == "gap"])
    index = flat(pages[doc.anchors["exhibits"] - 1])
    for record, grade in (("S-001", "B2"), ("M-001", "B2"), ("T-001", "C2")):
        assert re.search(rf"\d {record} .*? {grade} ", index), record
    assert "FORUM CHECKS AND WAIVERS" in flat(pages[doc.anchors["checks"] - 1]).upper()


# --- the matrix command ---------------------------------------------------------------------------

def run(*args):
    return CliRunner().invoke(cli, [str(a) for a in args])


def test_matrix_command_html_shows_the_element_statuses(sample_matrix):
    _, matrix = sample_matrix
    result = run("matrix", sample_case_dir(), "--format", "html")
    assert result.exit_code == 0, result.output
    html = result.output
    assert html.startswith("<!DOCTYPE html>") and "<style>" in html and "file:///casebuilder" not in html
    for claim in matrix.claims:
        for e in claim.elements:
            row = re.search(rf'<tr class="row-(\w+)" id="el-{re.escape(claim.id)}-{re.escape(e.id)}">(.*?)</tr>',
                            html, re.S)
            assert row, e.id
            assert row[1] == e.status
            assert f'<span class="status st-{e.status}">{STATUS_WORD[e.status].title()}</span>' in row[2]


def test_matrix_command_html_keeps_to_the_forum():
    result = run("matrix", sample_case_dir(), "--format", "html", "--forum", "icj")
    assert result.exit_code == 0, result.output
    assert re.findall(r'id="el-displacement-XEX-(\w+)"', result.output) == ["20"]


def test_matrix_command_csv_has_the_documented_header():
    result = run("matrix", sample_case_dir(), "--format", "csv")
    assert result.exit_code == 0, result.output
    header = result.output.splitlines()[0].split(",")
    assert header == CSV_COLUMNS
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    documented = re.search(r"The CSV form has the columns `([^`]+)`", readme)
    assert documented and [c.strip() for c in documented[1].split(",")] == header
    rows = result.output.splitlines()[1:]
    assert any(",supported," in r for r in rows) and any(",gap," in r for r in rows)
