"""Bundles: the exhibit files after the document, stamped, numbered, listed with their real pages and sealed."""

from __future__ import annotations

import hashlib
import re
import shutil
from importlib import resources
from pathlib import Path

import pikepdf
import pytest
from PIL import Image

from casebuilder.integrity.verify import verify_pdf
from casebuilder.problems import CaseError
from casebuilder.render.pdf import page_texts
from casebuilder.render.stamp import BAND

pytestmark = pytest.mark.slow  # builds and stamps real bundles


def sample_case_dir() -> Path:
    """The sample case that 'casebuilder new' writes."""
    return Path(str(resources.files("casebuilder") / "data" / "newcase"))


def exhibit_pdf(path: Path, pages: int, label: str = "Exhibit PDF page") -> None:
    """A PDF exhibit whose every page has a line of text at its very bottom (y = 10)."""
    pdf = pikepdf.new()
    font = pdf.make_indirect(pikepdf.Dictionary(Type=pikepdf.Name.Font, Subtype=pikepdf.Name.Type1,
                                                BaseFont=pikepdf.Name.Helvetica))
    for i in range(pages):
        page = pdf.add_blank_page(page_size=(595, 842))
        page.obj.Contents = pdf.make_stream(f"BT /F1 20 Tf 72 10 Td ({label} {i + 1}) Tj ET".encode())
    for page in pdf.pages:  # the pages inherit the font from the page tree (which the bundle must carry over)
        del page.obj.Resources
    pdf.Root.Pages.Resources = pikepdf.Dictionary(Font=pikepdf.Dictionary(F1=font))
    pdf.save(path)


def add_exhibits(root: Path, record_file: str, files: list[str], extra: str = "") -> None:
    """Append an ``exhibits:`` list with the files' real hashes to an evidence file of the case."""
    path = root / "evidence" / record_file
    block = "exhibits:\n" + "".join(
        f"  - file: exhibits/{name}\n    sha256: {hashlib.sha256((root / 'exhibits' / name).read_bytes()).hexdigest()}\n"
        + extra for name in files)
    path.write_text(path.read_text(encoding="utf-8").rstrip("\n") + "\n" + block, encoding="utf-8")


def small_case(root: Path) -> Path:
    """The sample case with a 3-page PDF and a JPEG (record M-001) and a text (record T-001)."""
    shutil.copytree(sample_case_dir(), root)
    (root / "exhibits").mkdir()
    exhibit_pdf(root / "exhibits" / "press.pdf", 3)
    Image.new("RGB", (800, 500), (200, 30, 30)).save(root / "exhibits" / "photo.jpg", quality=90)
    (root / "exhibits" / "witness.txt").write_text("Statement of the witness.\n\n" + "The statement goes on. " * 600,
                                                  encoding="utf-8")
    add_exhibits(root, "M-001-press.yaml", ["press.pdf", "photo.jpg"])
    add_exhibits(root, "T-001-witness.yaml", ["witness.txt"])
    return root


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """The ECHR application and the ICJ memorial of the small case: (case root, {kind: path})."""
    from casebuilder.pipeline.build import build_case

    base = tmp_path_factory.mktemp("bundle")
    root = small_case(base / "case")
    result = build_case(root, kinds=("echr-application", "icj-memorial"), out=base / "out")
    return root, {d.planned.kind.name: result.out / d.planned.filename for d in result.documents}


def ranges_on_list(text: str) -> list[tuple[int, int]]:
    """The page ranges printed in a list of documents ('16–19'), in the list's order."""
    return [(int(a), int(b)) for a, b in re.findall(r"(\d+)–(\d+)\s*$", text, re.M)]


def test_every_exhibit_page_is_stamped_in_the_forums_form(built):
    _, files = built
    texts = page_texts(files["echr-application"].read_bytes())
    stamped = [(n, m.group(1), int(m.group(2))) for n, t in enumerate(texts, 1)
               for m in [re.search(r"Document (\d+) - page (\d+)", t)] if m]
    total = len(texts)
    assert [p for _, d, p in stamped if d == "2"] == [1, 2, 3, 4]  # three PDF pages, then the photograph
    text_pages = [p for _, d, p in stamped if d == "3"]
    assert len(text_pages) >= 2 and text_pages == list(range(1, len(text_pages) + 1))
    first = stamped[0][0]
    assert [n for n, _, _ in stamped] == list(range(first, total + 1))  # the bundle ends the file, pages consecutive
    for n, _, _ in stamped:
        assert f"Page {n} of {total}" in texts[n - 1]
    assert "Exhibit PDF page 1" in texts[first - 1]  # the exhibit's own text is still there
    icj = page_texts(files["icj-memorial"].read_bytes())
    assert any(re.search(r"Annex 1, p\. 4 of 4", t) for t in icj)


def test_pdf_pages_are_enlarged_by_the_band_not_covered(built):
    _, files = built
    with pikepdf.open(files["echr-application"]) as pdf:
        boxes = [list(map(float, p.mediabox)) for p in pdf.pages]
    assert [0.0, -BAND, 595.0, 842.0] in boxes  # the PDF exhibit: its own page, with the band added below
    assert sum(1 for b in boxes if b == [0.0, -BAND, 595.0, 842.0]) == 3


@pytest.mark.parametrize("kind, stamp, held", [("echr-application", r"Document {n} - page (\d+)", [2, 3]),
                                               ("icj-memorial", r"Annex {n}, p\. (\d+) of", [1, 3])])
def test_the_page_the_list_gives_shows_the_stamp(built, kind, stamp, held):
    _, files = built
    texts = page_texts(files[kind].read_bytes())
    listing = next(t for t in texts if "LIST OF ACCOMPANYING DOCUMENTS" in t or "LIST OF ANNEXES" in t)
    ranges = ranges_on_list(listing)
    assert len(ranges) == 2  # M-001 and T-001 are held; S-001 is not, and has no pages
    for (first, last), number in zip(ranges, held):
        pattern = stamp.format(n=number)
        assert re.search(pattern, texts[first - 1]).group(1) == "1"
        assert re.search(pattern, texts[last - 1]).group(1) == str(last - first + 1)
        assert not re.search(pattern, texts[first - 2])
        if last < len(texts):
            assert not re.search(pattern, texts[last])


def test_no_sheet_claims_a_copy_that_is_not_there(built):
    _, files = built
    for path in files.values():
        text = " ".join(page_texts(path.read_bytes()))
        assert "follows this sheet" not in text and "Cover sheet" not in text
        assert "No file of this document is held" not in text
    icj = " ".join(page_texts(files["icj-memorial"].read_bytes()))
    row = re.search(r"Displaced persons registered by the town\s+council.*?—", icj, re.S).group(0)
    assert "Not annexed" in row and "Certified" not in row
    echr = " ".join(page_texts(files["echr-application"].read_bytes()))
    assert "No copy is attached" in echr


def test_seal_covers_exhibit_pages_and_verify_catches_one_changed_byte(built, tmp_path):
    _, files = built
    path = files["echr-application"]
    assert verify_pdf(path).intact
    with pikepdf.open(path) as pdf:
        texts = page_texts(path.read_bytes())
        index = next(i for i, t in enumerate(texts) if "Exhibit PDF page 2" in t)
        contents = pdf.pages[index].obj.Contents
        stream = next(s for s in contents if b"Exhibit PDF page 2" in s.read_bytes())
        data = bytearray(stream.read_bytes())
        data[data.index(b"page 2") + 5] = ord("3")  # one byte: "page 2" -> "page 3"
        stream.write(bytes(data))
        pdf.save(tmp_path / "changed.pdf")
    verdict = verify_pdf(tmp_path / "changed.pdf")
    assert not verdict.intact
    assert any(f"Page(s) {index + 1} differ" in f for f in verdict.failures)


def test_verify_catches_a_changed_byte_of_a_photograph(built, tmp_path):
    _, files = built
    path = files["echr-application"]
    with pikepdf.open(path) as pdf:
        for number, page in enumerate(pdf.pages, 1):
            images = [x for x in page.get_images().values() if x.get("/Filter") == pikepdf.Name.DCTDecode]
            if images:
                raw = bytearray(images[0].read_raw_bytes())
                raw[len(raw) // 2] ^= 0x01
                images[0].write(bytes(raw), filter=pikepdf.Name.DCTDecode)
                break
        pdf.save(tmp_path / "changed.pdf")
    verdict = verify_pdf(tmp_path / "changed.pdf")
    assert any(f"Page(s) {number} differ" in f for f in verdict.failures)


def test_an_exhibit_changed_after_check_is_refused_before_inclusion(tmp_path):
    from casebuilder.dossier.kinds import plan_documents
    from casebuilder.pipeline.check import full_check
    from casebuilder.render.pipeline import Renderer

    root = small_case(tmp_path / "case")
    checked = full_check(root)
    assert not [p for p in checked.problems if p.is_error]
    (root / "exhibits" / "witness.txt").write_text("Another text.", encoding="utf-8")
    planned = plan_documents(checked.case, ("echr-application",))[0]
    built, problems = Renderer(checked.case, checked.library, checked.findings).document(planned)
    hashes = [p for p in problems if p.code == "exhibit-hash"]
    assert len(hashes) == 1 and hashes[0].path == "evidence/T-001-witness.yaml" and hashes[0].line > 0
    assert "Document 3 - page" not in " ".join(page_texts(built.pdf))


def test_public_documents_leave_out_exhibits_not_marked_public(tmp_path):
    from casebuilder.pipeline.build import build_case

    root = small_case(tmp_path / "case")
    result = build_case(root, kinds=("echr-application",), audience="public", out=tmp_path / "out")
    text = " ".join(page_texts(result.documents[0].pdf))
    assert "Document 2 - page" not in text and "not reproduced in the public version" in text


def test_a_public_build_refuses_a_scan_marked_public(tmp_path):
    from casebuilder.pipeline.build import build_case

    root = tmp_path / "case"
    shutil.copytree(sample_case_dir(), root)
    (root / "exhibits").mkdir()
    Image.new("RGB", (600, 800), (240, 240, 240)).save(root / "exhibits" / "scan.jpg")
    add_exhibits(root, "M-001-press.yaml", ["scan.jpg"], extra="    public: true\n")
    with pytest.raises(CaseError) as caught:
        build_case(root, kinds=("echr-application",), audience="public", out=tmp_path / "out")
    refused = [p for p in caught.value.problems if p.code == "exhibit-public-unreadable"]
    assert len(refused) == 1 and refused[0].path == "evidence/M-001-press.yaml" and refused[0].line > 0
    assert "no text the redaction audit can read" in refused[0].message
    assert not (tmp_path / "out").exists()


def test_a_text_exhibit_marked_public_is_audited_and_included(tmp_path):
    from casebuilder.pipeline.build import build_case

    root = tmp_path / "case"
    shutil.copytree(sample_case_dir(), root)
    (root / "exhibits").mkdir()
    (root / "exhibits" / "article.txt").write_text("The article as published.\n", encoding="utf-8")
    add_exhibits(root, "M-001-press.yaml", ["article.txt"], extra="    public: true\n")
    result = build_case(root, kinds=("echr-application",), audience="public", out=tmp_path / "out")
    assert "Document 2 - page 1" in " ".join(page_texts(result.documents[0].pdf))


def test_other_formats_are_listed_with_their_hash_and_a_located_warning(tmp_path):
    from casebuilder.pipeline.build import build_case
    from casebuilder.pipeline.check import full_check

    root = tmp_path / "case"
    shutil.copytree(sample_case_dir(), root)
    (root / "exhibits").mkdir()
    (root / "exhibits" / "letter.docx").write_bytes(b"PK\x03\x04 not really a document")
    add_exhibits(root, "M-001-press.yaml", ["letter.docx"])
    warnings = [p for p in full_check(root).problems if p.code == "exhibit-format"]
    assert len(warnings) == 1 and not warnings[0].is_error and warnings[0].path == "evidence/M-001-press.yaml"
    result = build_case(root, kinds=("echr-application",), out=tmp_path / "out")
    text = " ".join(page_texts(result.documents[0].pdf)).replace("\n", "")
    digest = hashlib.sha256(b"PK\x03\x04 not really a document").hexdigest()
    assert digest in text.replace(" ", "")


def test_the_annex_page_limit_counts_the_real_pages():
    from casebuilder.dossier.kinds import KINDS, Planned
    from casebuilder.render.pipeline import page_problems

    planned = Planned(KINDS["icj-memorial"], "icj-memorial.pdf", "court")
    assert not page_problems(planned, 40, {}, bundle_pages=750)
    problems = page_problems(planned, 40, {}, bundle_pages=751)
    assert len(problems) == 1 and "751 pages" in problems[0].message and "Practice Direction III" in problems[0].message


def test_icj_annexes_are_numbered_volume_after_volume(built):
    _, files = built
    texts = page_texts(files["icj-memorial"].read_bytes())
    heads = [re.search(r"VOLUME (\w+)\s+ANNEX(?:ES)? (\d+)", t) for t in texts]
    volumes = [(m.group(1), int(m.group(2))) for m in heads if m]
    assert volumes == [("II", 1), ("III", 2), ("IV", 3)]  # media report, statistic, testimony: the case's order
    footers = [(n, int(m.group(1))) for n, t in enumerate(texts, 1) for m in [re.search(r"Page (\d+) of", t)] if m]
    assert len(footers) >= len(texts) - 2  # every page but the covers of Volumes I and II
    assert all(n == shown for n, shown in footers)  # the document's own pages skip the annexes inserted
