"""The NGO briefing and the advocacy summary of the sample case, checked on the built PDFs: charts are
vectors drawn from the statistic records, the timeline lists the facts, the contents give the right
pages, every footnote call has its note, the summary keeps to two pages (the example case's too), and
a public build shows pseudonyms, never the protected names and details."""

from __future__ import annotations

import io
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from pypdf import PdfReader

from casebuilder.pipeline.build import build_case
from casebuilder.render.pdf import page_texts
from tests.conftest import edit, sample_case_dir

pytestmark = pytest.mark.slow  # renders the sample case's briefings with WeasyPrint

REPO = Path(__file__).resolve().parents[2]
EXAMPLE_CASE = REPO / "evidence" / "nagorno-karabakh"
KINDS = ("ngo-briefing", "advocacy-summary")
PSEUDONYM = "Witness W-01"          # P-001's pseudonym in the sample case (people.yaml)
REAL_NAME = "Anna Example"          # P-001's name: never in a public build
DETAIL = "12 Mill Street"           # P-001's identifying detail
FOOTNOTE_CALL_PT = 7.5              # ::footnote-call in style.css
FOOTNOTE_PT = 8.5                   # .fn in css/briefing.css
BODY_PT = 10.5                      # html in css/briefing.css


def document(built_sample, kind, audience=None):
    result = built_sample(kind, audience)
    assert len(result.documents) == 1
    return result.documents[0]


def squash(text: str) -> str:
    """Text without spaces, hyphenation marks or case, to compare a label with a page."""
    return re.sub(r"[\s\u00ad\u2010-]+", "", text).casefold()


def runs(pdf: bytes, index: int) -> list[tuple[float, str]]:
    """The text runs of a page: (font size in pt, text)."""
    found = []

    def visit(text, cm, tm, _font, size):
        if text.strip():
            scale = (tm[0] ** 2 + tm[1] ** 2) ** 0.5 * (cm[0] ** 2 + cm[1] ** 2) ** 0.5
            found.append((round(size * scale, 2), text.strip()))

    PdfReader(io.BytesIO(pdf)).pages[index].extract_text(visitor_text=visit)
    return found


class _Html(HTMLParser):
    """The contents' links, every id, every internal link, and the text inside given elements."""

    def __init__(self):
        super().__init__()
        self.toc: list[tuple[str, str]] = []
        self.ids: set[str] = set()
        self.hrefs: list[str] = []
        self.timelines: list[str] = []
        self._in_toc = False
        self._href = None
        self._label = ""
        self._timeline_depth = 0

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if attrs.get("id"):
            self.ids.add(attrs["id"])
        if tag == "a" and (attrs.get("href") or "").startswith("#"):
            self.hrefs.append(attrs["href"][1:])
        if tag == "nav" and "toc" in (attrs.get("class") or ""):
            self._in_toc = True
        elif tag == "a" and self._in_toc:
            self._href, self._label = attrs["href"].lstrip("#"), ""
        if tag == "figure" and "timeline" in (attrs.get("class") or "").split():
            self._timeline_depth = 1
            self.timelines.append("")
        elif self._timeline_depth and tag == "figure":
            self._timeline_depth += 1

    def handle_endtag(self, tag):
        if tag == "nav":
            self._in_toc = False
        elif tag == "a" and self._href:
            self.toc.append((self._href, " ".join(self._label.split())))
            self._href = None
        elif tag == "figure" and self._timeline_depth:
            self._timeline_depth -= 1

    def handle_data(self, data):
        if self._href:
            self._label += data
        if self._timeline_depth:
            self.timelines[-1] += data + "\n"


def parse(html: str) -> _Html:
    parser = _Html()
    parser.feed(html)
    return parser


# --- charts -------------------------------------------------------------------------------------

def test_the_charts_are_vectors_whose_labels_and_values_are_page_text(built_sample):
    doc = document(built_sample, "ngo-briefing")
    page = doc.anchors["chart-1"]
    reader = PdfReader(io.BytesIO(doc.pdf))
    assert list(reader.pages[page - 1].images) == [], "the chart's page holds a raster image"
    text = page_texts(doc.pdf)[page - 1]
    # S-001, figure 'registered': North district 700, South district 500, 1,200 in total
    for label, value in (("North district", "700"), ("South district", "500")):
        assert re.search(rf"{label}\s*{value}\b", text) or (label in text and re.search(rf"\b{value}\b", text))
    assert "1,200 persons in total" in text
    assert "Council bulletin no. 4" in text and "Exhibit 1" in text  # the chart's source, cited
    assert '<svg xmlns="http://www.w3.org/2000/svg" class="chart"' in doc.html


def test_the_chart_values_come_from_the_statistic_record(make_case, tmp_path):
    root = make_case()
    edit(root, "evidence/S-001-registered.yaml", "{label: North district, value: 700}",
         "{label: North district, value: 645}")
    edit(root, "evidence/S-001-registered.yaml", "value: 1200", "value: 1145")
    # the audience does not change the charts; 'confidential' keeps this test about the numbers only
    result = build_case(root, kinds=("ngo-briefing",), out=tmp_path / "out", audience="confidential", html=True)
    doc = result.documents[0]
    text = page_texts(doc.pdf)[doc.anchors["chart-1"] - 1]
    assert re.search(r"\b645\b", text) and "1,145 persons in total" in text
    assert not re.search(r"\b700\b", text) and "1,200" not in text
    assert re.search(r"\b500\b", text)


# --- timeline -----------------------------------------------------------------------------------

def test_the_timeline_lists_the_titles_of_the_facts(built_sample):
    doc = document(built_sample, "ngo-briefing")
    parsed = parse(doc.html)
    assert len(parsed.timelines) == 1  # two facts: one part
    drawn = parsed.timelines[0]
    for title in ("Shelling of Riverside", "Departure of the population"):  # facts/2025-03.yaml
        assert title in drawn
    page = page_texts(doc.pdf)[doc.anchors["timeline-1"] - 1]
    assert "Shelling of Riverside" in page and "Departure of the population" in page
    assert "3 Mar 2025" in page  # the axis and the events are dated


# --- contents, links and footnotes --------------------------------------------------------------

def test_every_contents_entry_gives_the_page_of_its_heading(built_sample):
    doc = document(built_sample, "ngo-briefing")
    texts = page_texts(doc.pdf)
    toc = parse(doc.html).toc
    assert [label for _, label in toc][:4] == ["Executive summary", "Key figures", "Timeline", "The facts"]
    assert any(target.startswith("claim-") for target, _ in toc)  # one entry per claim, under Findings
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


def test_every_internal_link_has_its_target(built_sample):
    for kind in KINDS:
        parsed = parse(document(built_sample, kind).html)
        missing = sorted(set(parsed.hrefs) - parsed.ids)
        assert not missing, f"{kind}: links to missing ids {missing}"
    exhibits = parse(document(built_sample, "ngo-briefing").html).ids
    assert {"exh-S-001", "exh-M-001", "exh-T-001"} <= exhibits  # the sources list every exhibit


def test_every_footnote_call_has_its_note(built_sample):
    doc = document(built_sample, "ngo-briefing")
    expected = doc.html.count('class="fn"')
    assert expected >= 4  # key figure, one note for each of the two facts (their citations merged), the voice
    all_calls, all_notes = [], []
    for index in range(doc.pages):
        found = runs(doc.pdf, index)
        calls = [int(t) for size, t in found if size == FOOTNOTE_CALL_PT and re.fullmatch(r"\d+", t)]
        notes = [int(t[:-1]) for size, t in found if size == FOOTNOTE_PT and re.fullmatch(r"\d+\.", t)]
        assert sorted(calls) == sorted(notes), f"page {index + 1}: calls {calls}, notes {notes}"
        all_calls += calls
        all_notes += notes
    assert len(all_calls) == len(all_notes) == expected
    assert sorted(all_calls) == list(range(1, expected + 1))


def test_every_number_and_voice_of_the_summary_has_its_endnote(built_sample):
    doc = document(built_sample, "advocacy-summary")
    calls = re.findall(r'<a class="note-call" href="#note-(\d+)">(\d+)</a>', doc.html)
    notes = re.findall(r'<li id="note-(\d+)">', doc.html)
    assert calls and [a for a, _ in calls] == [b for _, b in calls] == notes
    assert notes == [str(n) for n in range(1, len(notes) + 1)]
    text = " ".join(page_texts(doc.pdf))
    assert "1,200" in text and "Council bulletin no. 4" in text  # the key number and its source
    assert "Voices from Riverside" in text                        # the voice's source


# --- the advocacy summary's two pages -----------------------------------------------------------

def test_the_advocacy_summary_has_at_most_two_pages(built_sample):
    doc = document(built_sample, "advocacy-summary")
    assert doc.pages <= 2
    text = " ".join(page_texts(doc.pdf))
    for heading in ("THE SITUATION", "KEY NUMBERS", "VOICES", "WHAT WE ASK", "SOURCES", "NOTES"):
        assert heading in text
    assert "Allow the displaced residents of Riverside to return" in text  # the ask (case.yaml)


def test_the_example_case_summary_fits_two_pages():
    if not (EXAMPLE_CASE / "case.yaml").is_file():
        pytest.skip("the example case is not there")
    from casebuilder.pipeline.check import full_check
    from casebuilder.dossier.kinds import plan_documents
    from casebuilder.render.pipeline import render_document

    checked = full_check(EXAMPLE_CASE)
    if checked.errors or checked.case is None:
        pytest.skip("the example case does not check clean yet")
    planned = plan_documents(checked.case, ("advocacy-summary",))[0]
    built, problems = render_document(checked.case, checked.library, planned, checked.findings)
    assert built.pages <= 2 and not problems, [str(p) for p in problems]


# --- protection of persons ----------------------------------------------------------------------

@pytest.mark.parametrize("kind", KINDS)
def test_a_public_build_shows_the_pseudonym_never_the_protected_strings(built_sample, kind):
    from casebuilder.pipeline.check import full_check
    from casebuilder.dossier.protect import make_redactor

    doc = document(built_sample, kind)
    assert doc.planned.audience == "public"  # the default of both kinds
    text = " ".join(page_texts(doc.pdf))
    assert PSEUDONYM in text
    assert REAL_NAME not in text and DETAIL not in text
    assert not re.search(r"\bAnna\b", text)
    secrets = make_redactor(full_check(sample_case_dir()).case, "public").secrets()
    assert REAL_NAME in secrets and DETAIL in secrets
    flat = " ".join(text.split())
    for secret in secrets:
        assert not re.search(rf"(?<!\w){re.escape(secret)}(?!\w)", flat, re.I), f"{secret!r} in the {kind}"
        assert not re.search(rf"(?<!\w){re.escape(secret)}(?!\w)", doc.html, re.I), f"{secret!r} in the HTML"
