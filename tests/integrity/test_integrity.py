"""Integrity: sealed dossiers verify from the PDF alone, alterations are caught, signatures,
reproducible builds, and atomic writes that leave the previous output whole."""

from __future__ import annotations

import datetime
import io
import shutil

import pikepdf
import pytest
from click.testing import CliRunner

from casebuilder.pipeline.build import build_case
from casebuilder.cli.main import cli
from casebuilder.integrity.sign import sign_pdf
from casebuilder.integrity.verify import verify_pdf
from tests.conftest import edit

pytestmark = pytest.mark.slow  # builds, seals and signs real dossiers

KIND = "evidence-matrix"


@pytest.fixture(scope="module")
def dossier(tmp_path_factory):
    """A sealed dossier of the sample case, with its case folder."""
    from tests.conftest import sample_case_dir

    root = tmp_path_factory.mktemp("integrity") / "case"
    shutil.copytree(sample_case_dir(), root)
    out = tmp_path_factory.mktemp("integrity-out")
    build_case(root, kinds=(KIND,), out=out)
    return root, out / f"{KIND}.pdf"


def copy(path, tmp_path, name="copy.pdf"):
    target = tmp_path / name
    shutil.copyfile(path, target)
    return target


def test_a_fresh_dossier_verifies_with_its_case(dossier):
    root, pdf = dossier
    verdict = verify_pdf(pdf, root)
    assert verdict.intact, verdict.failures
    assert any("pages are as built" in line for line in verdict.ok)
    assert any("case file(s) the dossier was built from are unchanged" in line for line in verdict.ok)


def test_an_altered_page_is_caught(dossier, tmp_path):
    _, pdf = dossier
    target = copy(pdf, tmp_path)
    with pikepdf.open(target, allow_overwriting_input=True) as doc:
        page = doc.pages[1]
        content = page.Contents.read_bytes() if not isinstance(page.Contents, pikepdf.Array) else b""
        page.Contents = doc.make_stream(content + b"\nq Q\n")
        doc.save(target)
    verdict = verify_pdf(target)
    assert not verdict.intact
    assert "Page(s) 2 differ from the pages as built." in verdict.failures


def test_an_altered_attachment_is_caught(dossier, tmp_path):
    _, pdf = dossier
    target = copy(pdf, tmp_path)
    with pikepdf.open(target, allow_overwriting_input=True) as doc:
        spec = doc.attachments["case-data.json"]
        stream = spec.obj.EF.F
        stream.write(stream.read_bytes().replace(b'"audience"', b'"audienc3"'))
        doc.save(target)
    verdict = verify_pdf(target)
    assert "The attachment 'case-data.json' was altered." in verdict.failures


def test_a_flipped_byte_anywhere_in_a_stream_fails(dossier, tmp_path):
    _, pdf = dossier
    data = bytearray(pdf.read_bytes())
    start = data.index(b"stream\n", len(data) // 3) + 20
    data[start] ^= 0xFF
    target = tmp_path / "flipped.pdf"
    target.write_bytes(bytes(data))
    assert not verify_pdf(target).intact


def test_a_changed_evidence_file_is_named(dossier, tmp_path):
    root, pdf = dossier
    case = tmp_path / "case"
    shutil.copytree(root, case)
    edit(case, "evidence/M-001-press.yaml", "The Specimen Gazette reports", "The Gazette reports")
    verdict = verify_pdf(pdf, case)
    assert verdict.failures == ["The case file 'evidence/M-001-press.yaml' has changed since the dossier was built."]


def make_certificate(tmp_path):
    """A throwaway self-signed signing certificate, made at run time (nothing secret is committed)."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import rsa
    from cryptography.x509.oid import NameOID

    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "Specimen Counsel")])
    now = datetime.datetime(2026, 1, 1, tzinfo=datetime.timezone.utc)
    cert = (x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key())
            .serial_number(1).not_valid_before(now).not_valid_after(now + datetime.timedelta(days=3650))
            .add_extension(x509.KeyUsage(True, True, False, False, False, True, False, False, False), critical=True)
            .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
            .sign(key, hashes.SHA256()))
    key_path, cert_path = tmp_path / "key.pem", tmp_path / "cert.pem"
    key_path.write_bytes(key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                           serialization.NoEncryption()))
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    return key_path, cert_path


def test_a_signed_dossier_verifies_and_an_altered_one_does_not(dossier, tmp_path):
    _, pdf = dossier
    key, cert = make_certificate(tmp_path)
    signed = sign_pdf(pdf, key, cert, tmp_path / "signed.pdf")
    verdict = verify_pdf(signed, trusted=[cert])
    assert verdict.intact, verdict.failures
    assert any("by Common Name: Specimen Counsel is valid and covers the whole file (trusted)" in line
               for line in verdict.ok)
    data = bytearray(signed.read_bytes())
    index = data.index(b"/Producer") if b"/Producer" in data else len(data) // 2
    data[index + 3] ^= 0x01
    altered = tmp_path / "altered.pdf"
    altered.write_bytes(bytes(data))
    assert not verify_pdf(altered, trusted=[cert]).intact


def test_verify_command_exit_codes(dossier, tmp_path):
    _, pdf = dossier
    assert CliRunner().invoke(cli, ["verify", str(pdf)]).exit_code == 0
    bad = tmp_path / "bad.pdf"
    bad.write_bytes(b"%PDF-1.7 nothing here")
    result = CliRunner().invoke(cli, ["verify", str(bad)])
    assert result.exit_code == 1 and "NOT intact" in result.output


def test_two_builds_are_byte_identical(make_case, tmp_path):
    root = make_case()
    first = build_case(root, kinds=(KIND,), out=tmp_path / "a")
    second = build_case(root, kinds=(KIND,), out=tmp_path / "b")
    for name in (f"{KIND}.pdf", "manifest.json"):
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes()
    assert first.documents[0].pdf == second.documents[0].pdf


def test_a_build_killed_mid_way_leaves_the_previous_output_whole(make_case, tmp_path, monkeypatch):
    import casebuilder.render.pipeline as render

    root = make_case()
    out = tmp_path / "out"
    build_case(root, kinds=(KIND, "ngo-briefing"), out=out)
    before = {p.name: p.read_bytes() for p in out.iterdir()}
    edit(root, "evidence/M-001-press.yaml", "The Specimen Gazette reports", "The Gazette reports")
    real = render.Renderer.document
    calls = []

    def killed(*args, **kwargs):
        calls.append(1)
        if len(calls) == 2:
            raise KeyboardInterrupt  # as if the user pressed Ctrl-C during the second document
        return real(*args, **kwargs)

    monkeypatch.setattr(render.Renderer, "document", killed)
    with pytest.raises(KeyboardInterrupt):
        build_case(root, kinds=(KIND, "ngo-briefing"), out=out)
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before


def test_an_interrupted_write_leaves_the_old_file_and_no_partial_file(tmp_path, monkeypatch):
    import os

    from casebuilder.output.write import write_atomic

    target = tmp_path / "dossier.pdf"
    target.write_bytes(b"old")

    def crash(*args):
        raise OSError("disk full")

    monkeypatch.setattr(os, "replace", crash)
    from casebuilder.problems import CaseError

    with pytest.raises(CaseError):  # one clear line, not a traceback
        write_atomic(target, b"new")
    assert target.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["dossier.pdf"]


def test_output_inside_the_case_folder_is_refused(make_case):
    root = make_case()
    result = CliRunner().invoke(cli, ["build", str(root), "--kind", KIND, "--out", str(root / "out")])
    assert result.exit_code == 1
    assert "The output folder is inside the case folder." in result.output
    assert not (root / "out").exists()
