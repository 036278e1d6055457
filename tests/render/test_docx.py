"""DOCX output: every kind as a Word document with Word headings, footnotes, a TOC field, tables,
charts as images with alternative text, page numbers, the running header and the SPECIMEN mark;
the case's own reference document; the redaction audit of public DOCX; real clients (python-docx,
LibreOffice) open and convert it."""

from __future__ import annotations

import io
import os
import re
import shutil
import subprocess
import zipfile

import pytest
from click.testing import CliRunner

from casebuilder.cli.main import cli
from casebuilder.dossier.kinds import KINDS
from casebuilder.integrity.audit_docx import audit_docx
from casebuilder.pipeline.build import build_case

pytestmark = pytest.mark.slow  # builds the sample case's dossiers as DOCX with pandoc

LAYOUT_GAP = ("ngo-briefing", "advocacy-summary", "evidence-matrix")
"""Kinds whose own stylesheets (columns, small type, landscape) the Word document does not follow
yet: their DOCX runs longer than the PDF (example case: 91/67, 4/2, 145/70 pages). Known gap."""

needs_pandoc = pytest.mark.skipif(shutil.which("pandoc") is None and os.environ.get("CI") != "true",
                                  reason="pandoc is not installed (apt-get install pandoc)")


@pytest.fixture(scope="module")
def sample_docx(tmp_path_factory):
    """Every kind of the sample case built once as DOCX and PDF: {file name: bytes}, pages by PDF name."""
    from tests.conftest import sample_case_dir

    root = tmp_path_factory.mktemp("docx") / "case"
    shutil.copytree(sample_case_dir(), root)
    out = tmp_path_factory.mktemp("docx-out")
    result = build_case(root, out=out, fmt="both")
    return {p.name: p.read_bytes() for p in out.iterdir()}, {d.planned.filename: d.pages for d in result.documents}


def part(data: bytes, name: str) -> str:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return archive.read(name).decode("utf-8") if name in archive.namelist() else ""


@needs_pandoc
def test_every_kind_becomes_a_docx_that_python_docx_opens(sample_docx):
    import docx

    files, pages = sample_docx
    built = {n for n in files if n.endswith(".docx")}
    assert {n.removesuffix(".pdf") + ".docx" for n in pages} == built
    # every kind the sample case pursues (it pursues every forum but the ICC)
    wanted = {k for k, kind in KINDS.items() if kind.forum != "icc"}
    assert {re.sub(r"-[a-z]-\d+$|-a-\d+$", "", n.removesuffix(".docx")) for n in built} == wanted
    for name in built:
        document = docx.Document(io.BytesIO(files[name]))
        styles = {p.style.name for p in document.paragraphs}
        assert "Heading 1" in styles or "Heading 2" in styles, name  # the navigation pane
        assert document.sections[0].different_first_page_header_footer  # the cover: no header
        header = document.sections[0].header.paragraphs[0].text
        assert header.startswith("SPECIMEN") or header, name
        footer = part(files[name], "word/footer1.xml") + part(files[name], "word/footer2.xml")
        assert "PAGE" in footer and "NUMPAGES" in footer, name


@needs_pandoc
def test_footnotes_are_word_footnotes(sample_docx):
    files, _ = sample_docx
    briefing = files["ngo-briefing.docx"]
    notes = re.findall(r'<w:footnote [^>]*w:id="(\d+)"', part(briefing, "word/footnotes.xml"))
    real = [n for n in notes if int(n) > 0]  # ids -1/0 are Word's separators
    assert real
    assert len(re.findall(r"<w:footnoteReference ", part(briefing, "word/document.xml"))) == len(real)
    assert 'class="fn"' not in part(briefing, "word/document.xml")


@needs_pandoc
def test_contents_is_a_toc_field_tables_are_word_tables_and_charts_images(sample_docx):
    files, _ = sample_docx
    body = part(files["icj-memorial.docx"], "word/document.xml")
    assert re.search(r"<w:instrText[^>]*> TOC \\o &quot;1-3&quot;|<w:instrText[^>]*> TOC \\o \"1-3\"", body)
    assert "<w:tbl>" in body
    assert 'w:updateFields w:val="true"' in part(files["icj-memorial.docx"], "word/settings.xml")
    briefing = files["ngo-briefing.docx"]
    alts = re.findall(r'<wp:docPr [^>]*descr="([^"]*)"', part(briefing, "word/document.xml"))
    assert alts and all(alts)  # every chart has its alternative text
    with zipfile.ZipFile(io.BytesIO(briefing)) as archive:
        assert any(n.startswith("word/media/") and n.endswith(".png") for n in archive.namelist())


@needs_pandoc
def test_paragraph_numbers_and_references_are_written_out():
    from casebuilder.render.docx import prepare_html

    html = ('<html><body class="specimen"><div class="running-title">Short</div><main>'
            '<p class="para" id="p1">One</p><p class="para">Two <a class="para-ref" href="#p1"></a></p>'
            '<section class="submission"><p class="para">Again</p></section>'
            '<p>see page <a class="page-ref" href="#p1"></a></p></main></body></html>')
    prepared, running, specimen = prepare_html(html)
    assert running == "Short" and specimen
    assert "1.\u2003One" in prepared and "2.\u2003Two" in prepared and "1.\u2003Again" in prepared
    assert re.search(r'<a class="para-ref" href="#p1">1</a>', prepared)
    assert 'class="cb-pageref" data-target="p1"' in prepared
    assert "running-title" not in prepared


@needs_pandoc
def test_a_case_reference_document_gives_its_styles(make_case, tmp_path):
    import docx
    from casebuilder.render.docx import default_reference

    reference = docx.Document(io.BytesIO(default_reference()))
    reference.styles["Normal"].font.name = "Firm Sans"
    saved = io.BytesIO()
    reference.save(saved)
    root = make_case({"templates/reference.docx": saved.getvalue()})
    out = tmp_path / "out"
    build_case(root, kinds=("advocacy-summary",), out=out, fmt="docx")
    assert "Firm Sans" in part((out / "advocacy-summary.docx").read_bytes(), "word/styles.xml")
    assert not (out / "advocacy-summary.pdf").exists()


def test_the_docx_audit_looks_in_every_part():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("word/document.xml", '<w:document xmlns:w="w"><w:p><w:r><w:t>An</w:t></w:r>'
                                              '<w:r><w:t>na Example</w:t></w:r></w:p></w:document>')
        archive.writestr("word/footnotes.xml", "<f><t>12 Mill Street</t></f>")
        archive.writestr("docProps/core.xml", '<c title="x"><creator>Bob Hidden</creator></c>')
        archive.writestr("word/media/Carol-Secret.png", b"\x89PNG")
        archive.writestr("word/document2.xml", '<d><pic descr="Dan Covert"/></d>')
    hits = {(h.secret, h.where) for h in audit_docx("x.docx", buffer.getvalue(),
                                                    ["Anna Example", "12 Mill Street", "Bob Hidden", "Carol Secret",
                                                     "Dan Covert", "Nobody Else"])}
    assert hits == {("Anna Example", "word/document.xml"), ("12 Mill Street", "word/footnotes.xml"),
                    ("Bob Hidden", "docProps/core.xml"), ("Carol Secret", "part names"),
                    ("Dan Covert", "word/document2.xml (attributes)")}


@needs_pandoc
def test_a_leak_into_a_public_docx_stops_the_build(make_case, tmp_path, monkeypatch):
    import casebuilder.dossier.protect as protect

    root = make_case()
    monkeypatch.setattr(protect.Redactor, "name", lambda self, person_id: "Anna Example")  # a redaction bug
    out = tmp_path / "out"
    result = CliRunner().invoke(cli, ["build", str(root), "--kind", "advocacy-summary", "--out", str(out),
                                      "--format", "docx"])
    assert result.exit_code == 1
    assert "advocacy-summary.docx" in result.output and "'Anna Example' appears" in result.output
    assert not out.exists() or not any(out.iterdir())


@pytest.mark.slow
@needs_pandoc
def test_libreoffice_converts_each_docx_and_pages_are_close_to_the_pdf(sample_docx, tmp_path):
    soffice = shutil.which("soffice")
    if soffice is None:
        if os.environ.get("CI") == "true":
            pytest.fail("LibreOffice is not installed (apt-get install libreoffice-writer-nogui)")
        pytest.skip("LibreOffice is not installed")
    from pypdf import PdfReader

    files, pages = sample_docx
    for name, data in files.items():
        if name.endswith(".docx"):
            (tmp_path / name).write_bytes(data)
    done = subprocess.run([soffice, "--headless", f"-env:UserInstallation=file://{tmp_path}/profile",
                           "--convert-to", "pdf", "--outdir", str(tmp_path / "pdf"),
                           *sorted(str(p) for p in tmp_path.glob("*.docx"))], capture_output=True, timeout=600)
    assert done.returncode == 0, done.stderr
    for pdf_name, pdf_pages in pages.items():
        converted = tmp_path / "pdf" / pdf_name
        assert converted.is_file(), pdf_name
        word_pages = len(PdfReader(converted).pages)
        print(f"\n{pdf_name}: casebuilder PDF {pdf_pages} pages, LibreOffice from DOCX {word_pages}")
        if not pdf_name.startswith(LAYOUT_GAP):  # within 15 %; see LAYOUT_GAP for the others
            assert abs(word_pages - pdf_pages) <= max(1, 0.15 * pdf_pages), pdf_name
