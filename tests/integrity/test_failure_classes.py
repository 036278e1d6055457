"""The adversarial failure classes of issue 13, each reproduced and now holding."""

from __future__ import annotations

import errno
import json
import os

import pytest

from casebuilder.integrity.audit import audit_file, find, protected_strings
from casebuilder.pipeline.check import check_case, full_check
from casebuilder.problems import CaseError
from tests.conftest import edit

FACTS = "facts/2025-03.yaml"
DESCRIPTION = "According to a resident and a press report, the town of Riverside was shelled on 3 March 2025."


# --- name boundaries ----------------------------------------------------------------------------

@pytest.mark.parametrize("text", ["record_AnnaExample_01", "anna1984", "T-001-anna.yaml", "xAnnaExamplex",
                                  "Anna\u200bExample", "An\u00adna"])
def test_a_name_touching_underscores_digits_or_letters_is_found(text, make_case):
    case = check_case(make_case()).case
    assert find({"t": text}, protected_strings(case), "f")


def test_the_audit_reads_embedded_json_decoded_not_raw():
    raw = b'{"note": "An\\u200bna Ex\\u0061mple\\nlived here"}'  # JSON escapes, as json.dumps may write them
    assert b"Anna" not in raw
    assert audit_file("case-data.json", raw, ["Anna Example"])


def test_a_short_name_is_not_found_inside_an_ordinary_word():
    assert not find({"t": "Nagorno category"}, ["Gor"], "f") and find({"t": "Gor_12"}, ["Gor"], "f")


# --- the title, the manifest --------------------------------------------------------------------

@pytest.mark.slow
def test_a_protected_surname_in_the_title_warns_and_never_reaches_a_public_output(make_case, tmp_path):
    from casebuilder.integrity.audit import audit_folder
    from casebuilder.pipeline.build import build_case

    root = make_case()
    edit(root, "people.yaml", "  name: Anna Example\n", "  name: Anna Kovalenko\n")
    edit(root, "case.yaml", "title: ", "title: Kovalenko and Others v. ")
    checked = full_check(root)
    warnings = [p for p in checked.warnings if p.code == "protected-name-in-title"]
    assert warnings and warnings[0].path == "case.yaml" and warnings[0].line > 0
    assert "initials or a letter" in warnings[0].hint
    out = tmp_path / "out"
    build_case(root, kinds=("ngo-briefing",), out=out, audience="public")
    assert audit_folder(out, checked.case)[0] == []
    assert b"Kovalenko" not in (out / "ngo-briefing.pdf").read_bytes()


def test_a_public_manifest_lists_no_protected_or_confidential_file(make_case):
    from casebuilder.integrity.manifest import input_hashes

    root = make_case()
    (root / "evidence" / "T-001-witness.yaml").rename(root / "evidence" / "T-001-annaexample.yaml")
    edit(root, "evidence/M-001-press.yaml", "id: M-001\n", "id: M-001\nprotection: confidential\n")
    case = check_case(root).case
    public, court = input_hashes(case, "public"), input_hashes(case, "court")
    assert "evidence/T-001-annaexample.yaml" in court and "evidence/M-001-press.yaml" in court
    assert not [n for n in public if "anna" in n.casefold() or "M-001" in n]
    assert court["evidence/M-001-press.yaml"] not in public.values()


# --- links out of the case ----------------------------------------------------------------------

def test_a_yaml_file_linked_from_outside_the_case_is_refused(make_case, tmp_path):
    root = make_case()
    outside = tmp_path / "outside.yaml"
    outside.write_text((root / FACTS).read_text())
    (root / FACTS).unlink()
    (root / FACTS).symlink_to(outside)
    problems = check_case(root).problems
    assert any(p.code == "link-outside" and p.path == FACTS for p in problems)


def test_a_templates_folder_linked_from_outside_is_refused(make_case, tmp_path):
    from casebuilder.render.theme import make_environment

    root = make_case()
    (tmp_path / "tpl").mkdir()
    (root / "templates").symlink_to(tmp_path / "tpl")
    with pytest.raises(CaseError) as caught:
        make_environment(root)
    assert caught.value.problems[0].code == "template-outside"


# --- unbounded work -----------------------------------------------------------------------------

@pytest.mark.parametrize("source", ["{{ 10 ** 5000 }}", "{% for i in range(10**7) %}x{% endfor %}",
                                    "{{ 'x' * 1000000000 }}", "{{ 'a'|center(1000000000) }}"])
def test_case_templates_are_bounded_and_located(source, tmp_path):
    from casebuilder.render.theme import make_environment

    root = tmp_path / "case"
    (root / "templates").mkdir(parents=True)
    (root / "templates" / "t.html").write_text("line one\n" + source + "\n")
    with pytest.raises(CaseError) as caught:
        make_environment(root).render("t.html", {})
    problem = caught.value.problems[0]
    assert problem.path == "templates/t.html" and problem.line == 2 and "limit" in problem.message


def test_a_fact_citing_one_record_100000_times_is_a_located_problem(make_case):
    root = make_case()
    edit(root, FACTS, "    - {record: T-001, pinpoint: p. 2}\n    - {record: M-001}\n",
         "".join("    - {record: M-001}\n" for _ in range(100_000)))
    problems = [p for p in check_case(root).problems if p.code == "too-many-citations"]
    assert problems and problems[0].path == FACTS and problems[0].line > 0


def test_a_statistic_with_99000_breakdown_rows_is_a_located_problem(make_case):
    root = make_case()
    rows = "".join(f"      - {{label: District {i}, value: 1}}\n" for i in range(99_000))
    edit(root, "evidence/S-001-registered.yaml", "      - {label: North district, value: 700}\n", rows)
    problems = [p for p in check_case(root).problems if p.code == "too-many-rows"]
    assert problems and problems[0].path == "evidence/S-001-registered.yaml"


def test_folders_1000_deep_are_a_located_problem_not_a_recursion_error(make_case):
    root = make_case()
    folders = [root / "facts"]
    for _ in range(1000):  # made one by one: os.makedirs itself recurses
        folders.append(folders[-1] / "d")
        folders[-1].mkdir()
    (folders[-1] / "x.yaml").write_text("- {}\n")
    try:
        problems = check_case(root).problems
        assert any(p.code == "too-deep" for p in problems)
    finally:  # removed bottom-up: shutil.rmtree recurses too
        (folders[-1] / "x.yaml").unlink()
        for folder in reversed(folders[1:]):
            folder.rmdir()


# --- writes -------------------------------------------------------------------------------------

def _failing_write(code):
    real = os.write

    def write(fd, data):
        raise OSError(code, os.strerror(code))
    return real, write


@pytest.mark.parametrize("code, words", [(errno.ENOSPC, "disk is full"), (errno.EROFS, "cannot be written")])
def test_a_full_disk_or_read_only_folder_replaces_nothing_and_is_one_line(tmp_path, monkeypatch, code, words):
    from casebuilder.output.write import write_outputs

    out = tmp_path / "out"
    write_outputs(out, {f"{i}.pdf": b"old" for i in range(7)})
    calls = []
    real_fdopen = os.fdopen

    def fdopen(fd, *args, **kwargs):
        calls.append(1)
        if len(calls) == 6:  # the sixth of seven files meets the full disk
            os.close(fd)
            raise OSError(code, os.strerror(code))
        return real_fdopen(fd, *args, **kwargs)

    monkeypatch.setattr(os, "fdopen", fdopen)
    with pytest.raises(CaseError) as caught:
        write_outputs(out, {f"{i}.pdf": b"new" for i in range(7)})
    assert words in caught.value.problems[0].message and len(caught.value.problems) == 1
    assert {p.name: p.read_bytes() for p in out.iterdir()} == {f"{i}.pdf": b"old" for i in range(7)}


def test_stale_part_files_of_a_killed_build_are_cleaned(tmp_path):
    from casebuilder.output.write import write_outputs

    out = tmp_path / "out"
    out.mkdir()
    (out / ".a.pdf.abc123.part").write_bytes(b"half")  # the old naming
    (out / ".b.pdf.999999999.part").write_bytes(b"half")  # a process that is gone
    write_outputs(out, {"a.pdf": b"new"})
    assert sorted(p.name for p in out.iterdir()) == ["a.pdf"]


# --- the parse cache ----------------------------------------------------------------------------

def test_a_forged_cache_entry_is_not_trusted(make_case, tmp_path, monkeypatch):
    import hashlib

    from casebuilder.load import cache

    monkeypatch.delenv("CASEBUILDER_NO_CACHE", raising=False)
    monkeypatch.setenv("CASEBUILDER_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setenv("CASEBUILDER_KEY_DIR", str(tmp_path / "key"))
    root = make_case()
    assert check_case(root).case.person("P-001").protection == "pseudonymise"
    [path] = (tmp_path / "cache").rglob("*.json")
    head, _, body = path.read_bytes().partition(b"\n")
    forged = body.replace(b'"protection":"pseudonymise"', b'"protection":"none"')
    assert forged != body
    path.write_bytes(hashlib.sha256(forged).hexdigest().encode() + b"\n" + forged)  # the old, unkeyed checksum
    assert cache.read_checked(path) is None
    assert check_case(root).case.person("P-001").protection == "pseudonymise"


# --- rosters ------------------------------------------------------------------------------------

def test_a_row_key_does_not_sort_the_other_rows(monkeypatch):
    """Each row's key is linear: everyone's facts are hashed once, not sorted again per row."""
    from types import SimpleNamespace

    from casebuilder.roster.packs import Packs as _Shared

    shared = _Shared.__new__(_Shared)
    shared.particular_facts = {f"F-{i}" for i in range(5000)}
    shared.particular_records = set()
    shared._everyone = None
    rows = [SimpleNamespace(own_facts=(f"F-{i}",), own_records=(), digest=lambda i=i: str(i)) for i in range(200)]
    calls = []
    real_sorted = sorted
    monkeypatch.setitem(_Shared.key.__globals__["__builtins__"] if isinstance(
        _Shared.key.__globals__["__builtins__"], dict) else vars(_Shared.key.__globals__["__builtins__"]),
        "sorted", lambda items, **kw: calls.append(len(items)) or real_sorted(items, **kw))
    keys = {shared.key(row, "base") for row in rows}
    assert len(keys) == 200
    assert sum(calls) < 5000 * 2 + 200 * 2  # one sort of everyone, then only each row's own
