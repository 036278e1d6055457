"""Variants that must defeat neither the redactor nor the audit (issue 13), one small case per family.

Each test writes a variant of the protected name 'Anna Example' (P-001 of the sample case) where
a public output shows it, builds the public briefing (the build runs the audit: a leak stops it),
checks poppler's text of the PDF, and then runs the audit *alone* on an unredacted PDF carrying
the same variant (the redactor bypassed), which must flag it.
"""

from __future__ import annotations

import subprocess
import unicodedata

import pytest

from casebuilder.integrity.audit import audit_pdf, fold, protected_strings, shared_words
from casebuilder.pipeline.build import build_case
from casebuilder.pipeline.check import full_check
from tests.conftest import edit

FACTS, PRESS, STAT, PEOPLE = "facts/2025-03.yaml", "evidence/M-001-press.yaml", "evidence/S-001-registered.yaml", \
    "people.yaml"
DESCRIPTION = "According to a resident and a press report, the town of Riverside was shelled on 3 March 2025."
CYRILLIC = "Анна Экзампл"

FAMILIES = {
    "case and possessive": [(FACTS, DESCRIPTION, "ANNA EXAMPLE's house was hit; anna example's neighbours left.")],
    "double spaces": [(FACTS, DESCRIPTION, "The house of Anna  Example was hit.")],
    "soft hyphen and zero-width": [(FACTS, DESCRIPTION, "The house of An\u00adna Ex\u200bample was hit.")],
    "decomposed (NFD)": [(PEOPLE, "  name: Anna Example\n", "  name: Anna Exämple\n"),
                         (FACTS, DESCRIPTION, unicodedata.normalize("NFD", "The house of Anna Exämple was hit."))],
    "other script": [(PEOPLE, "  name: Anna Example\n", f"  name: Anna Example\n  other_names: [{{name: {CYRILLIC}, "
                      "script: Cyrl}]\n"), (FACTS, DESCRIPTION, f"The house of {CYRILLIC} was hit.")],
    "glued to underscores, digits, letters": [(FACTS, DESCRIPTION, "Files ID_AnnaExample_2025 and anna1984 and "
                                               "Annaexample were found.")],
    "fact title": [(FACTS, "title: Shelling of Riverside", "title: Shelling of the house of Anna Example")],
    "chart label": [(STAT, "{label: North district, value: 700}", "{label: Anna Example's street, value: 700}")],
    "source title and URL": [(PRESS, 'title: "Riverside under fire"', 'title: "Riverside under fire: Anna Example"'),
                             (PRESS, "url: https://example.org/riverside-under-fire",
                              "url: https://example.org/anna_example-under-fire")],
    "editor's note": [(PRESS, "reliability:\n", "editor_notes: [\"The source misspells Anna Example's street.\"]\n"
                       "reliability:\n")],
}


def pdftotext(path) -> str:
    return subprocess.run(["pdftotext", "-enc", "UTF-8", str(path), "-"], capture_output=True, text=True,
                          check=True).stdout


def unredacted_pdf(text: str) -> bytes:
    from weasyprint import HTML

    from markupsafe import escape

    return HTML(string=f"<html><head><title>x</title></head><body><p>{escape(text)}</p></body></html>").write_pdf()


@pytest.mark.slow
@pytest.mark.parametrize("family", list(FAMILIES))
def test_a_variant_is_redacted_and_the_audit_alone_finds_it(family, make_case, tmp_path):
    root = make_case()
    for rel, old, new in FAMILIES[family]:
        edit(root, rel, old, new)
    out = tmp_path / "out"
    build_case(root, kinds=("ngo-briefing",), out=out, audience="public")  # raises on any leak the audit sees
    case = full_check(root).case
    secrets = protected_strings(case)
    text = fold(pdftotext(out / "ngo-briefing.pdf"))
    assert not [s for s in secrets if fold(s) in text]
    variant = FAMILIES[family][-1][2]
    hits = audit_pdf("plain.pdf", unredacted_pdf(variant), secrets, shared_words(case))
    assert hits, f"the audit alone misses the {family} variant"
