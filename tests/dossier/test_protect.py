"""Protection of people: pseudonyms in public builds, nothing protected leaks anywhere in a public
PDF (checked with poppler's pdftotext as well as casebuilder's own audit), confidential items are
left out, and the audit finds what a non-public build contains."""

from __future__ import annotations

import shutil
import subprocess

import pytest
from click.testing import CliRunner

from casebuilder.integrity.audit import audit_folder, audit_pdf, normalise, protected_strings
from casebuilder.pipeline.build import build_case
from casebuilder.pipeline.check import full_check
from casebuilder.cli.main import cli
from casebuilder.dossier.protect import make_redactor, pseudonym_of
from tests.conftest import EXAMPLE_CASE, edit

pytestmark = pytest.mark.slow  # builds the example case's public dossiers

PUBLIC_KINDS = ("ngo-briefing", "advocacy-summary")


@pytest.fixture(scope="module")
def example_public(tmp_path_factory):
    """The example case's public dossiers, built once."""
    out = tmp_path_factory.mktemp("example-public")
    result = build_case(EXAMPLE_CASE, kinds=PUBLIC_KINDS, out=out)
    return full_check(EXAMPLE_CASE).case, out, result


def pdftotext(path) -> str:
    return subprocess.run(["pdftotext", "-enc", "UTF-8", str(path), "-"], capture_output=True, text=True,
                          check=True).stdout


def test_no_protected_string_of_the_example_case_appears_in_its_public_dossiers(example_public):
    case, out, _ = example_public
    secrets = protected_strings(case)
    assert len(secrets) > 30  # names, other spellings and scripts, identifying details
    hits, audited = audit_folder(out, case)
    assert sorted(audited) == sorted([f"{k}.pdf" for k in PUBLIC_KINDS] + ["manifest.json"])
    assert hits == []
    for name in (a for a in audited if a.endswith(".pdf")):  # an independent extraction: poppler's text of every page
        text = normalise(pdftotext(out / name))
        assert [s for s in secrets if normalise(s) in text.split() or f" {normalise(s)} " in f" {text} "] == []
    assert not [p.name for p in out.iterdir() if any(normalise(s) in p.name.casefold() for s in secrets)]


def test_the_same_person_has_the_same_pseudonym_in_the_briefing_the_summary_and_a_rebuild(example_public,
                                                                                         tmp_path):
    case, out, result = example_public
    texts = {doc.planned.kind.name: " ".join(pdftotext(out / doc.planned.filename).split())
             for doc in result.documents}
    witness = next(at.item for at in case.people.values() if (at.item.pseudonym or "").startswith("Witness W-01"))
    assert witness.pseudonym in texts["ngo-briefing"] and witness.pseudonym in texts["advocacy-summary"]
    again = make_redactor(full_check(EXAMPLE_CASE).case, "public")
    assert again.name(witness.id) == make_redactor(case, "public").name(witness.id) == witness.pseudonym


def test_a_pseudonym_without_one_assigned_is_derived_from_the_id_not_the_order(make_case):
    case = full_check(make_case()).case
    person = case.person("P-001").model_copy(update={"pseudonym": None})
    assert pseudonym_of(person) == pseudonym_of(person.model_copy()) and pseudonym_of(person).startswith("Person ")


def test_a_quote_naming_a_protected_person_is_redacted_inside_the_quote(make_case):
    root = make_case()
    edit(root, "evidence/T-001-witness.yaml", '"The shells started falling at dawn.',
         '"Anna Example told me: the shells started falling at dawn.')
    case = full_check(root).case
    redactor = make_redactor(case, "public")
    quote = case.record("T-001").quotes[0].text
    assert redactor.text(quote, quote=True).startswith("[name withheld] told me:")
    assert make_redactor(case, "court").text(quote, quote=True) == quote


def test_a_confidential_record_is_absent_from_public_builds_and_counted(make_case, tmp_path):
    root = make_case()
    edit(root, "evidence/M-001-press.yaml", "id: M-001\n", "id: M-001\nprotection: confidential\n")
    result = build_case(root, kinds=("ngo-briefing",), out=tmp_path / "out")
    text = " ".join(pdftotext(tmp_path / "out" / "ngo-briefing.pdf").split())
    assert "Riverside under fire" not in text and "Specimen Gazette" not in text
    assert "T-001" in result.documents[0].html or "Voices from Riverside" in text
    assert "1 evidence record" in text


def test_a_confidential_person_and_their_testimony_are_left_out(make_case, tmp_path):
    root = make_case()
    edit(root, "people.yaml", "  protection: pseudonymise\n", "  protection: confidential\n")
    build_case(root, kinds=("ngo-briefing",), out=tmp_path / "out")
    text = " ".join(pdftotext(tmp_path / "out" / "ngo-briefing.pdf").split())
    assert "Voices from Riverside" not in text and "Witness W-01" not in text and "Anna Example" not in text


def test_the_audit_finds_real_names_in_a_confidential_build(make_case, tmp_path):
    root = make_case()
    out = tmp_path / "out"
    build_case(root, kinds=("ngo-briefing",), out=out, audience="confidential")
    case = full_check(root).case
    hits, _ = audit_folder(out, case, every_audience=True)
    assert {"Anna Example", "12 Mill Street"} <= {h.secret for h in hits}
    assert {h.where for h in hits if h.secret == "Anna Example"} >= {"attachment case-data.json"}
    result = CliRunner().invoke(cli, ["audit-redaction", str(out), "--case", str(root), "--all"])
    assert result.exit_code == 1 and "'Anna Example'" in result.output


def test_a_leak_stops_the_build_and_writes_nothing(make_case, tmp_path, monkeypatch):
    import casebuilder.dossier.protect as protect

    root = make_case()
    monkeypatch.setattr(protect.Redactor, "name", lambda self, person_id: "Anna Example")  # a redaction bug
    out = tmp_path / "out"
    result = CliRunner().invoke(cli, ["build", str(root), "--kind", "advocacy-summary", "--out", str(out)])
    assert result.exit_code == 1
    assert "The protected name or detail 'Anna Example' appears in the public document" in result.output
    assert not out.exists() or not any(out.iterdir())


def test_the_audit_sees_a_name_hyphenated_across_lines():
    assert normalise("Anna Ex-\nample") == normalise("anna example")
    assert audit_pdf("x-anna-example.pdf", _tiny_pdf(), ["Anna Example"])[0].where == "file name"


def _tiny_pdf() -> bytes:
    import io

    import pikepdf

    pdf = pikepdf.new()
    pdf.add_blank_page()
    out = io.BytesIO()
    pdf.save(out)
    return out.getvalue()
