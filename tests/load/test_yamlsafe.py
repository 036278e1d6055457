"""The safe YAML reader: located data, and hostile files refused quickly with one clear problem."""

from __future__ import annotations

import time

import pytest

from casebuilder.problems import CaseError
from casebuilder.load.yamlsafe import read_yaml


def problem_of(tmp_path, content: bytes):
    path = tmp_path / "x.yaml"
    path.write_bytes(content)
    with pytest.raises(CaseError) as info:
        read_yaml(path, "evidence/x.yaml")
    assert len(info.value.problems) == 1
    return info.value.problems[0]


def test_keeps_positions_and_leaves_dates_and_yes_no_as_text(tmp_path):
    path = tmp_path / "x.yaml"
    path.write_text("id: T-1\ndate: 2023-02-30\nlist:\n  - country: NO\n    n: 3\n", encoding="utf-8")
    loaded = read_yaml(path, "x.yaml")
    assert loaded.data == {"id": "T-1", "date": "2023-02-30", "list": [{"country": "NO", "n": 3}]}
    assert loaded.keys[("list", 0, "n")] == (5, 5)
    assert loaded.values[("date",)] == (2, 7)


@pytest.mark.parametrize("content, line, col, message", [
    (b"", 1, 1, "The file is empty."),
    (b"\x89PNG\r\n\x1a\n\x00\x00", 1, 1, "This is a binary file, not a YAML text file."),
    (b"id: T-1\ntitle: caf\xe9\n", 2, 11, "The file is not valid UTF-8 (byte 0xe9)."),
    (b"id: T-1\nsource:\n\ttitle: x\n", 3, 1, "This line is indented with a tab; YAML allows only spaces."),
    (b"a: &a [x, x]\nb: [*a, *a]\n", 1, 4, "YAML anchors and aliases (& and *) are not allowed in case files."),
    (b"id: !!python/object/apply:os.system ['echo hi']\n", 1, 5,
     "The YAML tag '!!python/object/apply:os.system' is not allowed in case files."),
    (b"id: a\nid: b\n", 2, 1, "The key 'id' appears twice in this mapping (first on line 1)."),
    (b"id: a\n---\nid: b\n", 2, 1, "The file holds more than one YAML document ('---')."),
    (b"id: [a, b\ntitle: x\n", 2, 6, "This is not valid YAML: did not find expected ',' or ']'."),
])
def test_refuses_bad_files_with_one_located_problem(tmp_path, content, line, col, message):
    problem = problem_of(tmp_path, content)
    assert (problem.path, problem.line, problem.column, problem.message) == ("evidence/x.yaml", line, col, message)


def test_alias_bomb_is_refused_at_the_first_alias_quickly(tmp_path):
    lines = ["a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
    lines += [f"{chr(98 + i)}: &{chr(98 + i)} [" + ", ".join([f"*{chr(97 + i)}"] * 9) + "]" for i in range(8)]
    start = time.monotonic()
    problem = problem_of(tmp_path, "\n".join(lines).encode())
    assert time.monotonic() - start < 2
    assert problem.code == "yaml-alias" and problem.line == 1


def test_fifty_megabyte_string_is_refused_without_reading_it_all(tmp_path):
    start = time.monotonic()
    problem = problem_of(tmp_path, b"summary: " + b"A" * (50 * 1024 * 1024) + b"\n")
    assert time.monotonic() - start < 5
    assert problem.message == "The file is larger than 8 MB."


def test_deep_nesting_is_refused(tmp_path):
    problem = problem_of(tmp_path, b"[" * 5000)
    assert problem.code in ("yaml-too-deep", "yaml-syntax")
    assert problem.line == 1
