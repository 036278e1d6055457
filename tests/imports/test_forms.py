"""KoboToolbox and ODK Central submission exports, with their attachments."""

from __future__ import annotations

import pytest

from casebuilder.problems import CaseError
from exports import errors_of, kobo_export, located, odk_zip, run


def test_kobo_export_becomes_testimonies_with_exhibits(make_case, tmp_path):
    case = make_case()
    source = kobo_export(tmp_path / "kobo")
    result = run("kobo", source, case, mapping=tmp_path / "kobo" / "mapping.yaml")
    assert not result.errors and result.outcome.new == 5  # 2 records, 2 witnesses, 1 place
    text = (case / "evidence/kobo/KOBO-101.yaml").read_text()
    assert "file: exhibits/kobo/KOBO-101/IMG_0001.jpg" in text and "received with submission 101" in text
    assert "imported into the case from Displacement_interviews.xlsx" in text
    assert errors_of(case) == []
    again = run("kobo", source, case, mapping=tmp_path / "kobo" / "mapping.yaml")
    assert again.outcome.new == 0 and again.outcome.written == []


def test_kobo_bad_row_writes_nothing_then_skip_bad(make_case, tmp_path):
    case = make_case()
    source = kobo_export(tmp_path / "kobo", bad=True)
    result = run("kobo", source, case, mapping=tmp_path / "kobo" / "mapping.yaml")
    assert located(result) == ["Displacement_interviews.xlsx:3:5: error: 'incident_date': February 2025 has no "
                               "day 30 (it has 28 days). Write a date such as 2023-09-19, 'September 2023' or "
                               "'19-20 Sept 2023'."]
    assert result.outcome is None and not (case / "evidence/kobo").exists()
    skipped = run("kobo", source, case, mapping=tmp_path / "kobo" / "mapping.yaml", skip_bad=True)
    assert skipped.outcome.new == 3 and (case / "evidence/kobo/KOBO-101.yaml").exists()
    assert errors_of(case) == []


def test_kobo_needs_a_mapping_file(make_case, tmp_path):
    with pytest.raises(CaseError) as refused:
        run("kobo", kobo_export(tmp_path / "kobo"), make_case())
    assert refused.value.problems[0].message == "Importing from kobo needs a mapping file."


def test_odk_central_zip_with_media(make_case, tmp_path):
    case = make_case()
    source = odk_zip(tmp_path / "odk")
    result = run("odk", source, case, mapping=tmp_path / "odk" / "mapping.yaml")
    assert not result.errors and (case / "exhibits/odk/ODK-5f0e-0001/1741770000.m4a").read_bytes() == \
        b"audio of the account"
    assert errors_of(case) == []
    assert run("odk", source, case, mapping=tmp_path / "odk" / "mapping.yaml").outcome.new == 0


def test_odk_bad_row_is_located(make_case, tmp_path):
    case = make_case()
    source = odk_zip(tmp_path / "odk", bad=True)
    result = run("odk", source, case, mapping=tmp_path / "odk" / "mapping.yaml")
    assert located(result) == ["displacement.csv:3:5: error: 'account': This required field is empty. Fill "
                               "it in in the export, or pass --skip-bad to leave the row out."]
    assert result.outcome is None


def test_odk_zip_with_a_traversal_entry_is_refused(make_case, tmp_path):
    source = odk_zip(tmp_path / "odk", extra="../outside.txt")
    with pytest.raises(CaseError) as refused:
        run("odk", source, make_case(), mapping=tmp_path / "odk" / "mapping.yaml")
    assert refused.value.problems[0].format() == (
        "displacement.zip: error: The archive holds an entry that points outside it: '../outside.txt'. Do not use "
        "this archive: it was not made by the export, or it was tampered with.")
