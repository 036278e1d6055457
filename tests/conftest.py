"""Shared fixtures: small complete case folders written into tmp_path."""

from __future__ import annotations

import shutil
from importlib import resources
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
EXAMPLE_CASE = REPO / "evidence" / "nagorno-karabakh"


def sample_case_dir() -> Path:
    """The sample case that 'casebuilder new' writes (a complete, valid case)."""
    return Path(str(resources.files("casebuilder") / "data" / "newcase"))


@pytest.fixture
def make_case(tmp_path):
    """Write the sample case into tmp_path, then apply ``files`` ({relative path: text or None to delete})."""

    def make(files: dict[str, str | bytes | None] | None = None, name: str = "case") -> Path:
        root = tmp_path / name
        shutil.copytree(sample_case_dir(), root)
        for rel, content in (files or {}).items():
            target = root / rel
            if content is None:
                target.unlink()
                continue
            target.parent.mkdir(parents=True, exist_ok=True)
            if isinstance(content, bytes):
                target.write_bytes(content)
            else:
                target.write_text(content, encoding="utf-8")
        return root

    return make


def edit(root: Path, rel: str, old: str, new: str) -> None:
    """Replace one exact occurrence of ``old`` in a case file (fails loudly if it is not there)."""
    path = root / rel
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, f"{old!r} must occur once in {rel}"
    path.write_text(text.replace(old, new), encoding="utf-8")


@pytest.fixture(scope="session")
def built_sample(tmp_path_factory):
    """Build kinds of the sample case once per test session: ``built_sample(kind)`` -> BuildResult.

    The sample case (what 'casebuilder new' writes) pursues every forum, so every kind builds.
    """
    from casebuilder.pipeline.build import build_case

    cache = {}
    root = tmp_path_factory.mktemp("sample") / "case"
    shutil.copytree(sample_case_dir(), root)

    def build(kind: str, audience: str | None = None):
        key = (kind, audience)
        if key not in cache:
            out = tmp_path_factory.mktemp(f"out-{kind}")
            cache[key] = build_case(root, kinds=(kind,), out=out, audience=audience, html=True)
        return cache[key]

    return build


@pytest.fixture(scope="session")
def built_example(tmp_path_factory):
    """The example case built once per test session (every kind, a draft): the BuildResult."""
    from casebuilder.pipeline.build import build_case

    out = tmp_path_factory.mktemp("example")
    return build_case(EXAMPLE_CASE, out=out, jobs=2, force=True)
