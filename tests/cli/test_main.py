"""The command line: exit codes, messages without tracebacks, help with examples, lazy imports."""

from __future__ import annotations

import subprocess
import sys

import pytest
from click.testing import CliRunner

from casebuilder import __version__
from casebuilder.cli.main import cli
from tests.conftest import edit


def run(*args):
    return CliRunner().invoke(cli, [str(a) for a in args])


def test_new_then_check_passes(tmp_path):
    target = tmp_path / "my-case"
    result = run("new", target)
    assert result.exit_code == 0, result.output
    assert (target / "case.yaml").read_text(encoding="utf-8").startswith("# yaml-language-server: $schema=")
    checked = run("check", target)
    assert checked.exit_code == 0, checked.output
    assert "No problems found." in checked.output
    assert "3 evidence records, 2 facts, 2 people, 1 place." in checked.output


def test_new_refuses_a_folder_that_is_not_empty(tmp_path):
    (tmp_path / "notes.txt").write_text("keep me")
    result = run("new", tmp_path)
    assert result.exit_code == 1
    assert "This folder exists and is not empty." in result.output
    assert (tmp_path / "notes.txt").read_text() == "keep me"


def test_check_prints_problems_and_exits_1_without_traceback(make_case):
    root = make_case()
    edit(root, "evidence/T-001-witness.yaml", "recorded_by:", "recordedby:")
    result = run("check", root)
    assert result.exit_code == 1
    assert ("evidence/T-001-witness.yaml:12:1: error: 'recordedby' is not a field of a testimony record. "
            "Did you mean 'recorded_by'?") in result.output
    assert result.output.strip().splitlines()[-2] == "1 error and 0 warnings in 1 file."
    assert "Traceback" not in result.output


def test_hostile_file_gives_one_line_and_exit_1(make_case):
    root = make_case({"evidence/bomb.yaml": "a: &a [x]\nb: *a\n"})
    result = run("check", root)
    assert result.exit_code == 1
    assert "evidence/bomb.yaml:1:4: error: YAML anchors and aliases" in result.output
    assert "Traceback" not in result.output


def test_warnings_fail_only_with_strict(make_case):
    root = make_case()
    edit(root, "people.yaml", "  protection: pseudonymise\n", "")
    assert run("check", root).exit_code == 0
    assert run("check", "--strict", root).exit_code == 1


def test_not_a_case_folder(tmp_path):
    result = run("check", tmp_path)
    assert result.exit_code == 1
    assert "This folder has no case.yaml, so it is not a case folder." in result.output


def test_bad_usage_exits_2():
    assert run("check", "--no-such-option").exit_code == 2
    assert run("no-such-command").exit_code == 2


def test_version_and_help_with_examples():
    assert run("--version").output.strip() == f"casebuilder, version {__version__}"
    for command in ("check", "new", "schema"):
        result = run(command, "--help")
        assert result.exit_code == 0 and "Example:" in result.output


def test_a_bug_keeps_its_traceback(monkeypatch, make_case):
    import casebuilder.pipeline.check as check

    monkeypatch.setattr(check, "cross_check", lambda case: 1 / 0)
    result = run("check", make_case())
    assert isinstance(result.exception, ZeroDivisionError)


def test_check_does_not_import_weasyprint(make_case):
    code = ("import sys; from casebuilder.cli.main import main; sys.argv=['casebuilder','check',sys.argv[1]];\n"
            "try:\n    main()\nexcept SystemExit:\n    pass\nprint('weasyprint' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code, str(make_case())], capture_output=True, text=True, check=True)
    assert out.stdout.strip().splitlines()[-1] == "False"
