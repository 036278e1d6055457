"""PDF rendering: confinement of resources, reproducibility, fonts, scripts, PDF/A-3b, TOC, SPECIMEN."""

from __future__ import annotations

import io
import os
import re
import shutil
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
from pypdf import PdfReader
from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject, StreamObject

from casebuilder.render.pdf import CaseFetcher, PdfMetadata, count_pages, page_texts, render_pdf
from casebuilder.problems import CaseError
from casebuilder.render.theme import make_environment

PLACES = "Ստեփանակերտ Степанакерт Xankəndi"
METADATA = PdfMetadata(title="Doe v. Ruritania", date=date(2024, 1, 15), language="en", subject="Annex",
                       keywords=("ECHR", "displacement"), author="Jane Doe")
ATTACHMENTS = [("evidence/T-001.txt", b"Statement of the witness.", "Witness statement T-001")]
TEMPLATE = """{% extends "base.html" %}
{% import "macros.html" as m %}
{% block body %}
{% for chapter in chapters %}
<h1 id="{{ chapter.id }}" class="chapter">{{ chapter.label }}</h1>
{% for _ in range(chapter.paras) %}
{% call m.para() %}{{ filler }}{{ m.footnote("Exhibit T-001, p. 2.") }} See {{ m.exhibit("T-001") }}.{% endcall %}
{% endfor %}
{% endfor %}
<p class="places">{{ places }}</p>
{{ m.exhibit_index(exhibits) }}
{% endblock %}
"""
CHAPTERS = [{"id": "facts", "label": "I. The facts", "paras": 7}, {"id": "law", "label": "II. The law", "paras": 2},
            {"id": "remedies", "label": "III. Remedies", "paras": 1}]


def sample_html(case: Path) -> str:
    context = {"title": "Doe v. Ruritania", "specimen": True, "court": "European Court of Human Rights",
               "toc_entries": CHAPTERS, "chapters": CHAPTERS, "places": PLACES,
               "filler": "The applicants left their homes on 19 September 2023 <b>under fire</b>. " * 4,
               "exhibits": [{"id": "T-001", "title": "Witness statement", "date": "2023-10-02", "source": "Goris"}]}
    return make_environment(case).render("sample.html", context)


@pytest.fixture(scope="module")
def case(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("case-root")
    (root / "templates").mkdir()
    (root / "templates" / "sample.html").write_text(TEMPLATE, encoding="utf-8")
    (root / "seal.svg").write_text('<svg xmlns="http://www.w3.org/2000/svg" width="20" height="20">'
                                   '<rect width="20" height="20" fill="#123"/></svg>')
    return root


@pytest.fixture(scope="module")
def rendered(case):
    return render_pdf(sample_html(case), case_root=case, metadata=METADATA, attachments=ATTACHMENTS)


@pytest.fixture(scope="module")
def texts(rendered) -> list[str]:
    return page_texts(rendered.pdf)


def all_bytes(pdf: bytes) -> bytes:
    """Every string and decoded stream reachable from the trailer, concatenated."""
    reader, seen, out = PdfReader(io.BytesIO(pdf)), set(), []
    stack = [reader.trailer]
    while stack:
        obj = stack.pop()
        if isinstance(obj, IndirectObject):
            if (obj.idnum, obj.generation) in seen:
                continue
            seen.add((obj.idnum, obj.generation))
            obj = obj.get_object()
        if isinstance(obj, StreamObject):
            out.append(obj.get_data())
        if isinstance(obj, DictionaryObject):
            stack.extend(obj.values())
        elif isinstance(obj, ArrayObject):
            stack.extend(obj)
        else:
            out.append(str(obj).encode("utf-8", "replace"))
    return pdf + b"\n".join(out)


def test_pages_anchors_and_headings(rendered, texts):
    assert rendered.page_count == count_pages(rendered.pdf) == len(texts) >= 4
    assert rendered.anchors["cover"] == 1 and rendered.anchors["toc"] == 2
    labels = [(h.level, h.label) for h in rendered.headings]
    assert labels == [(1, "Contents"), (1, "I. The facts"), (1, "II. The law"), (1, "III. Remedies")]
    for heading, chapter in zip(rendered.headings[1:], CHAPTERS):
        assert heading.page == rendered.anchors[chapter["id"]]
        assert chapter["label"].upper() in texts[heading.page - 1]
    assert rendered.anchors["exh-T-001"] == rendered.page_count


def test_toc_page_numbers_are_the_pages_of_the_headings(rendered, texts):
    entries = dict(re.findall(r"^(.+?)\s*\.{3,}\s*(\d+)\s*$", texts[1], re.M))
    assert set(entries) == {c["label"] for c in CHAPTERS}
    assert rendered.anchors["law"] > rendered.anchors["facts"] + 1  # the facts take more than a page
    for chapter in CHAPTERS:
        page = int(entries[chapter["label"]])
        assert page == rendered.anchors[chapter["id"]]
        assert chapter["label"].upper() in texts[page - 1]


def test_specimen_mark_and_page_numbers_on_every_page(texts):
    assert all("SPECIMEN" in text for text in texts)
    assert all(f"Page {n} of {len(texts)}" in text for n, text in enumerate(texts[1:], start=2))
    assert "Page 1 of" not in texts[0]  # the cover counts but carries no number


def test_armenian_cyrillic_and_azerbaijani_extract_as_written(rendered, texts):
    assert PLACES in " ".join(texts).replace("\n", " ")
    if shutil.which("pdftotext"):
        out = subprocess.run(["pdftotext", "-enc", "UTF-8", "-", "-"], input=rendered.pdf, capture_output=True,
                             check=True).stdout.decode("utf-8")
        assert PLACES in out.replace("\n", " ")


def test_every_font_is_embedded(rendered):
    reader = PdfReader(io.BytesIO(rendered.pdf))
    fonts = {}
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            for descendant in font.get("/DescendantFonts", [font]):
                descendant = descendant.get_object()
                fonts[descendant["/BaseFont"]] = descendant["/FontDescriptor"].get_object()
    # the stylesheet names no script-specific font: other scripts (Armenian here) fall back on an
    # installed font that has their glyphs, and that font is embedded too
    assert any("NotoSerif" in name.replace("-", "") for name in fonts) and len(fonts) >= 2
    for name, descriptor in fonts.items():
        assert {"/FontFile", "/FontFile2", "/FontFile3"} & set(descriptor), f"{name} is not embedded"


def test_pdfa_3b_identification_tags_metadata_and_attachment(rendered):
    reader = PdfReader(io.BytesIO(rendered.pdf))
    root = reader.trailer["/Root"]
    xmp = root["/Metadata"].get_object().get_data().decode("utf-8")
    assert 'pdfaid:part="3"' in xmp and 'pdfaid:conformance="B"' in xmp
    assert "/StructTreeRoot" in root and root["/MarkInfo"]["/Marked"]
    assert root["/Lang"] == "en" and "/OutputIntents" in root
    assert reader.attachments == {"T-001.txt": [b"Statement of the witness."]}
    assert len(root["/AF"]) == 1 and root["/AF"][0].get_object()["/AFRelationship"] == "/Source"
    info = reader.metadata
    assert (info.title, info.author, info.subject) == ("Doe v. Ruritania", "Jane Doe", "Annex")
    assert info["/Keywords"] == "ECHR, displacement"
    assert info["/CreationDate"] == info["/ModDate"] == "D:20240115000000Z"


def test_pikepdf_pdfa_validator_approves(rendered, tmp_path):
    pdfa = pytest.importorskip("pikepdf.pdfa")
    target = tmp_path / "x.pdf"
    target.write_bytes(rendered.pdf)
    report = pdfa.validate_written(target, "3b")
    assert report.passed, report.findings


def test_no_path_of_the_building_machine_in_the_pdf(rendered, case):
    data = all_bytes(rendered.pdf)
    for leak in (str(case).encode(), str(Path.cwd()).encode(), b"/tmp/", b"pytest-of", b"file:///casebuilder/case"):
        assert leak not in data
    assert b"T-001.txt" in data and b"evidence/T-001.txt" not in data


def test_same_inputs_give_identical_bytes(rendered, case):
    again = render_pdf(sample_html(case), case_root=case, metadata=METADATA, attachments=ATTACHMENTS)
    assert again.pdf == rendered.pdf


@pytest.mark.slow  # starts a second Python that imports WeasyPrint
def test_identical_bytes_across_processes(rendered, case):
    code = ("import sys; from datetime import date; from pathlib import Path; import tests.render.test_pdf as t; "
            "from casebuilder.render.pdf import render_pdf; case = Path(sys.argv[1]); "
            "sys.stdout.buffer.write(render_pdf(t.sample_html(case), case_root=case, metadata=t.METADATA, "
            "attachments=t.ATTACHMENTS).pdf)")
    root = Path(__file__).resolve().parents[2]
    env = {**os.environ, "PYTHONHASHSEED": "12345", "PYTHONPATH": str(root)}
    out = subprocess.run([sys.executable, "-c", code, str(case)], capture_output=True, check=True, env=env, cwd=root)
    assert out.stdout == rendered.pdf


# --- confinement ---------------------------------------------------------------------------------

ATTACKS = {
    "img": '<img src="file:///etc/passwd">',
    "css": "<style>body { background: url(file:///etc/passwd) }</style>",
    "absolute": '<link rel="stylesheet" href="/etc/passwd">',
    "dotdot": '<img src="../../../../../../../etc/passwd">',
    "http": '<img src="http://example.com/pixel.png"><link rel="stylesheet" href="https://example.com/x.css">',
    "svg-in-data": '<img src="data:image/svg+xml,%3Csvg xmlns=%22http://www.w3.org/2000/svg%22 '
                   'xmlns:xlink=%22http://www.w3.org/1999/xlink%22%3E%3Cimage xlink:href=%22file:///etc/passwd%22 '
                   'width=%2210%22 height=%2210%22/%3E%3C/svg%3E">',
}


@pytest.mark.parametrize("name", sorted(ATTACKS))
def test_fetcher_refuses_resources_outside_the_case(case, name):
    html = f"<html><body>{ATTACKS[name]}<p>Text</p></body></html>"
    with pytest.raises(CaseError) as excinfo:
        render_pdf(html, case_root=case, metadata=METADATA, origin="templates/sample.html")
    problems = excinfo.value.problems
    assert problems and all(p.code == "resource-refused" and p.path == "templates/sample.html" for p in problems)
    assert all(p.is_error for p in problems)


def test_refused_resources_never_reach_the_pdf(case):
    html = "<html><body>" + "".join(ATTACKS.values()) + '<img src="seal.svg"><p>Text</p></body></html>'
    result = render_pdf(html, case_root=case, metadata=METADATA, strict=False)
    refused = {p.message.split("'")[1] for p in result.problems}
    assert {"file:///etc/passwd", "http://example.com/pixel.png", "https://example.com/x.css"} <= refused
    assert all(not p.is_error for p in result.problems)
    data = all_bytes(result.pdf)
    assert b"root:x:0:0" not in data and b"/bin/" not in data
    assert b"Text" in b"".join(t.encode() for t in page_texts(result.pdf))


def test_files_inside_the_case_and_data_uris_are_allowed(case):
    html = ('<html><body><img src="seal.svg"><img src="data:image/svg+xml,%3Csvg xmlns=%22http://www.w3.org/2000/svg%22'
            ' width=%2210%22 height=%2210%22/%3E"></body></html>')
    assert render_pdf(html, case_root=case, metadata=METADATA).problems == []


def test_links_out_of_the_case_folder_are_refused(case, tmp_path):
    secret = tmp_path / "secret.png"
    secret.write_bytes(b"root:x:0:0")
    link = case / "innocent.png"
    link.symlink_to(secret)
    try:
        path, reason = CaseFetcher(case)._local_path("file:///casebuilder/case/innocent.png")
        assert path is None and "outside" in reason
        assert CaseFetcher(None)._local_path("file:///casebuilder/case/seal.svg")[0] is None
        assert CaseFetcher(case)._local_path("file:///casebuilder/case/seal.svg")[0] == (case / "seal.svg").resolve()
    finally:
        link.unlink()


def test_weasyprint_warnings_about_a_case_stylesheet_reach_the_user(case):
    html = ('<html><head><style>p { colr: red; margin: banana }</style></head><body><p>Text.</p></body></html>')
    problems = render_pdf(html, case_root=case, metadata=METADATA, variant=None, tagged=False,
                          origin="templates/").problems
    assert [(p.code, p.severity.value, p.path) for p in problems] == [("stylesheet", "warning", "templates/")] * 2
    assert problems[0].message == ("WeasyPrint ignored part of the document's style: Ignored `colr: red` at 1:5, "
                                   "unknown property.")
    assert "margin: banana" in problems[1].message and "invalid value" in problems[1].message
    assert render_pdf("<p>Clean.</p>", case_root=case, metadata=METADATA, variant=None, tagged=False).problems == []
