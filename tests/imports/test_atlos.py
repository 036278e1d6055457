"""Atlos full project exports: facts, records and exhibits with the hashes Atlos recorded."""

from __future__ import annotations

import hashlib

import pytest

from casebuilder.problems import CaseError
from exports import atlos_zip, errors_of, located, run


def test_atlos_export_becomes_facts_records_and_exhibits(make_case, tmp_path):
    case = make_case()
    source = atlos_zip(tmp_path)
    result = run("atlos", source, case)
    assert not result.errors and result.outcome.new == 3  # fact, record, place
    record = (case / "evidence/atlos/RIV-FR6T2Q-731.yaml").read_text()
    media = hashlib.sha256(b"video of the shelling").hexdigest()
    assert f"sha256_after: {media}" in record and "SHA-256 recorded by Atlos" in record
    assert (case / "exhibits/atlos/RIV-FR6T2Q-731/media_RIV-FR6T2Q-731.mp4").read_bytes() == b"video of the shelling"
    assert "- record: RIV-FR6T2Q-731" in (case / "facts/atlos/RIV-FR6T2Q.yaml").read_text()
    assert errors_of(case) == []
    again = run("atlos", source, case)
    assert again.outcome.new == 0 and again.outcome.written == []


def test_a_hash_mismatch_is_an_error_and_nothing_is_written(make_case, tmp_path):
    case = make_case()
    result = run("atlos", atlos_zip(tmp_path, tamper=True), case)
    actual = hashlib.sha256(b"video of the shelling!").hexdigest()
    recorded = hashlib.sha256(b"video of the shelling").hexdigest()
    assert located(result) == [
        f"atlos-export.zip:RIV-FR6T2Q/RIV-FR6T2Q-731/metadata.json: error: 'artifacts[media]': The file "
        f"media_RIV-FR6T2Q-731.mp4 does not match the SHA-256 Atlos recorded: Atlos recorded {recorded}, the file "
        f"has {actual}. Do not use this file: export the project again, and tell the project's administrators if "
        "it persists."]
    assert result.outcome is None and not (case / "exhibits").exists()


def test_a_zip_entry_outside_the_archive_is_refused(make_case, tmp_path):
    with pytest.raises(CaseError) as refused:
        run("atlos", atlos_zip(tmp_path, traversal=True), make_case())
    assert "points outside it: '../../evil.txt'" in refused.value.problems[0].message
    assert not (tmp_path.parent / "evil.txt").exists()


def test_a_symlinked_export_is_refused(make_case, tmp_path):
    link = tmp_path / "link.zip"
    link.symlink_to(atlos_zip(tmp_path))
    with pytest.raises(CaseError) as refused:
        run("atlos", link, make_case())
    assert refused.value.problems[0].message == "The export is a symbolic link."
