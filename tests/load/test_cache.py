"""The parse cache (outside the case folder, keyed by content, safe against damage) and skipping
builds whose outputs are up to date."""

from __future__ import annotations

import json

import pytest

from casebuilder.load.cache import ParseCache, cache_dir, folder_digest
from casebuilder.pipeline.check import full_check
from tests.conftest import edit

TINY = "<html lang='en'><body><h1>{{ applicant.name }}</h1>{% for f in facts %}<p>{{ f.title }}</p>{% endfor %}</body></html>"


@pytest.fixture
def cache(tmp_path, monkeypatch):
    monkeypatch.delenv("CASEBUILDER_NO_CACHE", raising=False)
    monkeypatch.setenv("CASEBUILDER_CACHE_DIR", str(tmp_path / "cache"))
    return tmp_path / "cache"


def summary(result):
    return ([p.format() for p in result.problems],
            {rid: at.item for rid, at in result.case.evidence.items()}, {f: at.item for f, at in result.case.facts.items()})


def test_a_second_check_reads_the_cache_and_finds_the_same(make_case, cache):
    root = make_case()
    edit(root, "evidence/T-001-witness.yaml", "recorded_by:", "recordedby:")  # a problem, to locate from the cache
    cold = full_check(root)
    files = list(cache.rglob("*.json"))
    assert len(files) == 1 and not any(p.name.endswith(".json") for p in root.rglob("*"))  # outside the case
    pack = ParseCache(root)
    assert pack.loaded and len(pack.entries) >= 8
    warm = full_check(root)
    assert summary(warm) == summary(cold)
    assert "evidence/T-001-witness.yaml:12:1: error: 'recordedby' is not a field" in summary(warm)[0][0]


def test_only_changed_files_are_parsed_again(make_case, cache):
    root = make_case()
    full_check(root)
    edit(root, "evidence/M-001-press.yaml", "The Specimen Gazette reports", "The Gazette reports")
    from casebuilder.load.discover import load_sources

    seen = {}
    original = ParseCache.save

    def spy(self):
        seen["hits"], seen["misses"] = self.hits, self.misses
        original(self)

    ParseCache.save = spy
    try:
        sources = load_sources(root)
    finally:
        ParseCache.save = original
    assert seen["misses"] == 1 and seen["hits"] >= 7
    record = next(f for f in sources.collections["evidence"] if f.path.endswith("M-001-press.yaml"))
    assert "The Gazette reports" in record.data["summary"]


def test_a_damaged_cache_is_ignored_and_replaced(make_case, cache):
    root = make_case()
    clean = summary(full_check(root))
    [path] = list(cache.rglob("*.json"))
    raw = path.read_bytes()
    path.write_bytes(raw[:-40])  # truncated
    assert summary(full_check(root)) == clean
    assert path.read_bytes() == raw  # written again, whole
    body = raw.split(b"\n", 1)[1].replace(b"Riverside", b"Elsewhere")  # altered without its checksum
    path.write_bytes(raw.split(b"\n", 1)[0] + b"\n" + body)
    assert summary(full_check(root)) == clean
    stored = json.loads(raw.split(b"\n", 1)[1])
    stored["tool"] = "another casebuilder"
    from casebuilder.load.cache import write_checked

    write_checked(path, json.dumps(stored).encode())
    assert not ParseCache(root).loaded  # made by another version of casebuilder: not used


def test_the_cache_can_be_turned_off(make_case, cache, monkeypatch):
    monkeypatch.setenv("CASEBUILDER_NO_CACHE", "1")
    assert cache_dir() is None
    full_check(make_case())
    assert not cache.exists()


def test_the_default_place_is_the_users_cache_folder(monkeypatch, tmp_path):
    monkeypatch.delenv("CASEBUILDER_NO_CACHE", raising=False)
    monkeypatch.delenv("CASEBUILDER_CACHE_DIR", raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert cache_dir() == tmp_path / "xdg" / "casebuilder"


def test_the_folder_digest_follows_content_not_dates(make_case, cache):
    root = make_case()
    first = folder_digest(root)
    (root / "notes.txt").write_text("a note")
    second = folder_digest(root)
    assert second != first
    (root / "notes.txt").unlink()
    assert folder_digest(root) == first
    (root / ".hidden").write_text("ignored")
    assert folder_digest(root) == first


@pytest.mark.parametrize("cached", [False, True])
def test_a_build_with_nothing_changed_renders_nothing(make_case, tmp_path, monkeypatch, cache, cached):
    if not cached:
        monkeypatch.setenv("CASEBUILDER_NO_CACHE", "1")
    from casebuilder.pipeline.build import build_case

    root = make_case({"templates/echr-application.html": TINY})
    out = tmp_path / "out"
    first = build_case(root, kinds=("echr-application",), out=out)
    assert not first.up_to_date
    import casebuilder.render.pipeline

    def refuse(*args, **kwargs):
        raise AssertionError("rendered although nothing changed")

    monkeypatch.setattr(casebuilder.render.pipeline.Renderer, "document", refuse)
    second = build_case(root, kinds=("echr-application",), out=out)
    assert second.up_to_date
    assert [(d.planned.filename, d.pages, d.pdf) for d in second.documents] == \
        [(d.planned.filename, d.pages, d.pdf) for d in first.documents]
    edit(root, "facts/2025-03.yaml", "within two days", "within three days")  # a change: built again
    with pytest.raises(AssertionError, match="rendered although nothing changed"):
        build_case(root, kinds=("echr-application",), out=out)


def test_an_altered_output_is_built_again(make_case, tmp_path, monkeypatch):
    monkeypatch.setenv("CASEBUILDER_NO_CACHE", "1")
    from casebuilder.pipeline.build import build_case

    root = make_case({"templates/echr-application.html": TINY})
    out = tmp_path / "out"
    first = build_case(root, kinds=("echr-application",), out=out)
    target = out / first.documents[0].planned.filename
    target.write_bytes(b"%PDF-1.7 tampered")
    again = build_case(root, kinds=("echr-application",), out=out)
    assert not again.up_to_date and target.read_bytes() == first.documents[0].pdf
    assert build_case(root, kinds=("echr-application",), out=out, html=True).up_to_date is False  # other options


def test_build_with_two_jobs_writes_the_same_files(make_case, tmp_path, monkeypatch):
    monkeypatch.setenv("CASEBUILDER_NO_CACHE", "1")
    from casebuilder.pipeline.build import build_case

    root = make_case({"templates/echr-application.html": TINY, "templates/evidence-matrix.html": TINY.replace(
        "{{ applicant.name }}", "Matrix")})
    one = build_case(root, kinds=("echr-application", "evidence-matrix"), out=tmp_path / "one", jobs=1)
    two = build_case(root, kinds=("echr-application", "evidence-matrix"), out=tmp_path / "two", jobs=2)
    assert [d.planned.filename for d in one.documents] == [d.planned.filename for d in two.documents]
    for name in ("echr-application-a-01.pdf", "evidence-matrix.pdf", "manifest.json"):
        assert (tmp_path / "one" / name).read_bytes() == (tmp_path / "two" / name).read_bytes()
