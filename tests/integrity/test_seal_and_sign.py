"""The seal and signatures under attack (issue 13): /Info and the manifest covered, deep reference
chains, malformed manifests, paths outside the case, non-PDFs, untrusted signatures, PDF/A
producer consistency after signing, and PAdES B-T / B-LT against a time-stamping authority
started here (pyHanko's DummyTimeStamper, also served over HTTP on 127.0.0.1)."""

from __future__ import annotations

import datetime
import http.server
import io
import json
import shutil
import threading

import pikepdf
import pytest
from click.testing import CliRunner

from casebuilder.cli.main import cli
from casebuilder.integrity.seal import MANIFEST, read_manifest, seal_pdf
from casebuilder.integrity.sign import sign_pdf, timestamp_file
from casebuilder.integrity.verify import verify_pdf
from casebuilder.pipeline.build import build_case
from tests.integrity.test_integrity import make_certificate

KIND = "evidence-matrix"


@pytest.fixture(scope="module")
def dossier(tmp_path_factory):
    from tests.conftest import sample_case_dir

    root = tmp_path_factory.mktemp("seal") / "case"
    shutil.copytree(sample_case_dir(), root)
    out = tmp_path_factory.mktemp("seal-out")
    build_case(root, kinds=(KIND,), out=out)
    return root, out / f"{KIND}.pdf"


def _rewrite(src, dst, change):
    with pikepdf.open(src) as pdf:
        change(pdf)
        pdf.save(dst)
    return dst


def test_a_changed_title_in_info_is_caught(dossier, tmp_path):
    _, pdf = dossier
    altered = _rewrite(pdf, tmp_path / "t.pdf", lambda p: p.docinfo.__setitem__("/Title", "Another title"))
    verdict = verify_pdf(altered)
    assert not verdict.intact
    assert any("document information" in f for f in verdict.failures)


def test_changed_manifest_inputs_are_caught(dossier, tmp_path):
    _, pdf = dossier

    def forge(p):
        spec = p.attachments[MANIFEST]
        manifest = json.loads(spec.get_file().read_bytes())
        manifest["inputs"]["case.yaml"] = "0" * 64
        spec.obj.EF.F.write(json.dumps(manifest).encode())

    verdict = verify_pdf(_rewrite(pdf, tmp_path / "m.pdf", forge))
    assert any("manifest" in f for f in verdict.failures)


def test_an_unsigned_seal_says_plainly_what_it_proves(dossier):
    _, pdf = dossier
    verdict = verify_pdf(pdf)
    assert verdict.intact
    assert any("against accidents" in n and "not against someone who rewrites" in n for n in verdict.notes)


def test_verify_case_never_reads_paths_outside_the_case(dossier, tmp_path):
    root, pdf = dossier

    def forge(p):
        spec = p.attachments[MANIFEST]
        manifest = json.loads(spec.get_file().read_bytes())
        manifest["inputs"] = {"../../etc/hostname": "0" * 64, "/etc/passwd": "0" * 64}
        spec.obj.EF.F.write(json.dumps(manifest).encode())

    verdict = verify_pdf(_rewrite(pdf, tmp_path / "o.pdf", forge), case=root)
    outside = [f for f in verdict.failures if "outside the case" in f]
    assert len(outside) == 2
    assert not any("has changed" in f or "is missing" in f for f in verdict.failures)  # no oracle


@pytest.mark.parametrize("body", [b"[1, 2]", b"{\"digests\": 7}", b"not json", b"{\"digests\": {\"pages\": 3}}"])
def test_a_malformed_manifest_is_one_clear_line(dossier, tmp_path, body):
    _, pdf = dossier
    altered = _rewrite(pdf, tmp_path / "bad.pdf", lambda p: p.attachments[MANIFEST].obj.EF.F.write(body))
    result = CliRunner().invoke(cli, ["verify", str(altered)])
    assert result.exit_code == 1 and result.exception is None or isinstance(result.exception, SystemExit)
    assert "no readable casebuilder manifest" in result.output and "Traceback" not in result.output


def test_verify_on_a_file_that_is_not_a_pdf_is_one_clear_line(tmp_path):
    passwd = tmp_path / "passwd"
    passwd.write_text("root:x:0:0:root:/root:/bin/bash\n")
    result = CliRunner().invoke(cli, ["verify", str(passwd)])
    assert result.exit_code == 1
    assert "not a PDF" in result.output and "BytesIO" not in result.output


def deep_chain_pdf(depth: int) -> bytes:
    """A PDF whose catalogue holds a chain of ``depth`` indirect references, sealed like a dossier."""
    pdf = pikepdf.new()
    pdf.add_blank_page()
    node = pdf.make_indirect(pikepdf.Dictionary(End=True))
    for _ in range(depth):
        node = pdf.make_indirect(pikepdf.Dictionary(Next=node))
    pdf.Root.Chain = node
    pdf.Root.AF = pikepdf.Array()  # as WeasyPrint writes a dossier: an attachments tree to seal into
    pdf.Root.Names = pikepdf.Dictionary(EmbeddedFiles=pikepdf.Dictionary(Names=pikepdf.Array()))
    out = io.BytesIO()
    pdf.save(out)
    return seal_pdf(out.getvalue(), {"tool": "casebuilder", "audience": "public", "inputs": {}}, "D:20250101000000Z")


@pytest.mark.slow
def test_a_20000_deep_reference_chain_is_verified_without_crashing(tmp_path):
    path = tmp_path / "deep.pdf"
    path.write_bytes(deep_chain_pdf(20_000))
    verdict = verify_pdf(path)  # iterative digests: no recursion, no segfault
    assert verdict.intact, verdict.failures
    from casebuilder.integrity.audit import audit_pdf

    assert audit_pdf("deep.pdf", path.read_bytes(), ["Anna Example"]) == []


# --- signing ---------------------------------------------------------------------------------

def _tsa_certificate(folder):
    """A throwaway self-signed certificate for a time-stamping authority (extended key usage timeStamping)."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import rsa
    from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

    folder.mkdir(exist_ok=True)
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "Specimen TSA")])
    now = datetime.datetime(2026, 1, 1, tzinfo=datetime.timezone.utc)
    cert = (x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key())
            .serial_number(2).not_valid_before(now).not_valid_after(now + datetime.timedelta(days=3650))
            .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.TIME_STAMPING]), critical=True)
            .add_extension(x509.KeyUsage(True, False, False, False, False, False, False, False, False), critical=True)
            .sign(key, hashes.SHA256()))
    key_path, cert_path = folder / "tsa-key.pem", folder / "tsa-cert.pem"
    key_path.write_bytes(key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                           serialization.NoEncryption()))
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    return key_path, cert_path


def _tsa(tmp_path):
    from pyhanko.keys import load_cert_from_pemder, load_private_key_from_pemder
    from pyhanko.sign.timestamps import DummyTimeStamper

    key, cert = _tsa_certificate(tmp_path / "tsa")
    return DummyTimeStamper(tsa_cert=load_cert_from_pemder(str(cert)),
                            tsa_key=load_private_key_from_pemder(str(key), passphrase=None)), cert


def test_a_signed_dossier_keeps_info_and_xmp_producer_in_agreement(dossier, tmp_path):
    _, pdf = dossier
    key, cert = make_certificate(tmp_path)
    signed = sign_pdf(pdf, key, cert, tmp_path / "signed.pdf")
    with pikepdf.open(signed) as doc:
        info = str(doc.docinfo["/Producer"])
        with doc.open_metadata() as meta:
            xmp = meta.get("pdf:Producer")
    assert info == xmp and "pyHanko" in info
    assert verify_pdf(signed, trusted=[cert]).intact


def test_a_b_t_signature_validates_against_the_local_tsa(dossier, tmp_path):
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.validation import validate_pdf_signature
    from pyhanko_certvalidator import ValidationContext

    _, pdf = dossier
    key, cert = make_certificate(tmp_path)
    tsa, tsa_cert = _tsa(tmp_path)
    signed = sign_pdf(pdf, key, cert, tmp_path / "bt.pdf", timestamper=tsa)
    from pyhanko.keys import load_cert_from_pemder

    roots = [load_cert_from_pemder(str(cert)), load_cert_from_pemder(str(tsa_cert))]
    sig = PdfFileReader(io.BytesIO(signed.read_bytes())).embedded_signatures[0]
    status = validate_pdf_signature(sig, ValidationContext(trust_roots=roots, allow_fetching=False))
    assert status.intact and status.valid and status.timestamp_validity is not None
    assert status.timestamp_validity.intact and status.timestamp_validity.valid


class _TsaHandler(http.server.BaseHTTPRequestHandler):
    stamper = None

    def do_POST(self):  # noqa: N802 - the http.server API
        from asn1crypto import tsp

        body = self.rfile.read(int(self.headers["Content-Length"]))
        answer = self.stamper.request_tsa_response(tsp.TimeStampReq.load(body)).dump()
        self.send_response(200)
        self.send_header("Content-Type", "application/timestamp-reply")
        self.send_header("Content-Length", str(len(answer)))
        self.end_headers()
        self.wfile.write(answer)

    def log_message(self, *args):
        pass


@pytest.fixture
def http_tsa(tmp_path):
    tsa, cert = _tsa(tmp_path)
    handler = type("Handler", (_TsaHandler,), {"stamper": tsa})
    server = http.server.HTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/", cert
    server.shutdown()


def test_sign_command_with_timestamp_url_and_ltv(dossier, tmp_path, http_tsa):
    url, tsa_cert = http_tsa
    _, pdf = dossier
    key, cert = make_certificate(tmp_path)
    out = tmp_path / "blt.pdf"
    result = CliRunner().invoke(cli, ["sign", str(pdf), "--key", str(key), "--cert", str(cert), "--out", str(out),
                                      "--timestamp-url", url, "--ltv", "--trust", str(cert), "--trust", str(tsa_cert)])
    assert result.exit_code == 0, result.output
    with pikepdf.open(out) as doc:
        assert "/DSS" in doc.Root  # the validation data of B-LT
    verdict = verify_pdf(out, trusted=[cert, tsa_cert])
    assert verdict.intact, verdict.failures
    assert any("with a trusted timestamp" in line for line in verdict.ok)


def test_an_untrusted_signature_is_one_clear_line(dossier, tmp_path):
    _, pdf = dossier
    key, cert = make_certificate(tmp_path)
    signed = sign_pdf(pdf, key, cert, tmp_path / "u.pdf")
    result = CliRunner().invoke(cli, ["verify", str(signed)])
    assert "Traceback" not in result.output
    assert any("is not trusted here" in line for line in result.output.splitlines())


def test_a_timestamp_over_the_manifest(tmp_path):
    from asn1crypto import cms

    tsa, _ = _tsa(tmp_path)
    token = cms.ContentInfo.load(timestamp_file(b'{"outputs": {}}\n', timestamper=tsa))
    assert token["content_type"].native == "signed_data"


def test_the_seal_reads_its_manifest_back(dossier):
    _, pdf = dossier
    with pikepdf.open(pdf) as doc:
        manifest = read_manifest(doc)
    assert {"info", "manifest"} <= set(manifest["digests"])
    assert datetime.date.fromisoformat(manifest["build_date"])
