"""Stage 1, load: find the files of a case folder and read each into located plain data.

A case folder is any folder holding a ``case.yaml``. Its collections are read from
``NAME.yaml`` and from every ``*.yaml`` / ``*.yml`` file below ``NAME/`` (sorted by path):
``evidence``, ``facts``, ``people``, ``places`` and ``law`` (the case's additions to the legal
library). Nothing here writes anything.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from casebuilder.problems import CaseError, Problem, fail
from casebuilder.load.yamlsafe import YamlFile, read_yaml

CASE_FILE = "case.yaml"
COLLECTIONS = ("evidence", "facts", "people", "places", "law")
MAX_FILES = 200_000


@dataclass
class LoadedSources:
    """Everything read from a case folder, before validation."""

    root: Path
    case: YamlFile | None
    collections: dict[str, list[YamlFile]] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    files: list[Path] = field(default_factory=list)


def find_case_root(path: Path) -> Path:
    """Return the case folder for ``path`` (a folder holding case.yaml, or case.yaml itself)."""
    path = Path(path)
    if path.is_file() and path.name == CASE_FILE:
        path = path.parent
    if not path.exists():
        raise fail(str(path), "There is no such folder.", "Give the path of a case folder (one that holds case.yaml).",
                   "no-case")
    if not (path / CASE_FILE).is_file():
        raise fail(str(path), f"This folder has no {CASE_FILE}, so it is not a case folder.",
                   "Run 'casebuilder new DIR' to start a case, or give the right folder.", "no-case")
    return path.resolve()


def collection_files(root: Path, name: str) -> list[Path]:
    """List the YAML files of one collection, in a stable order."""
    files = [root / f"{name}.yaml"] if (root / f"{name}.yaml").is_file() else []
    folder = root / name
    if folder.is_dir():
        found = [p for p in folder.rglob("*") if p.suffix in (".yaml", ".yml") and p.is_file()]
        files += sorted(found, key=lambda p: p.relative_to(root).as_posix())
    return files


def relative(root: Path, file: Path) -> str:
    """The path of ``file`` as shown to users: relative to the case folder, with '/'."""
    return file.relative_to(root).as_posix()


def load_sources(root: Path) -> LoadedSources:
    """Read case.yaml and every collection file; collect (not raise) the problems of each file."""
    from casebuilder.load.cache import ParseCache, paused_gc  # files already parsed, by content hash

    sources = LoadedSources(root=root, case=None)
    cache = ParseCache(root)
    with paused_gc():
        sources.case = _read(sources, root / CASE_FILE, cache)
        for name in COLLECTIONS:
            files = collection_files(root, name)
            if len(sources.files) + len(files) > MAX_FILES:
                raise fail(name, f"The case has more than {MAX_FILES:,} files.", "Merge records into fewer files.",
                           "too-many-files")
            sources.collections[name] = [y for y in (_read(sources, f, cache) for f in files) if y is not None]
    cache.save()
    return sources


def _read(sources: LoadedSources, file: Path, cache=None) -> YamlFile | None:
    sources.files.append(file)
    try:
        if cache is not None:
            return cache.read(file, relative(sources.root, file), read_yaml)
        return read_yaml(file, relative(sources.root, file))
    except CaseError as exc:
        sources.problems.extend(exc.problems)
        return None
    except OSError as exc:
        sources.problems.append(Problem(relative(sources.root, file), 0, 0, f"The file cannot be read: {exc.strerror}.",
                                        "Check its permissions.", code="unreadable"))
        return None
