"""Stage 1, load: find the files of a case folder and read each into located plain data.

A case folder is any folder holding a ``case.yaml``. Its collections are read from
``NAME.yaml`` and from every ``*.yaml`` / ``*.yml`` file below ``NAME/`` (sorted by path):
``evidence``, ``facts``, ``people``, ``places`` and ``law`` (the case's additions to the legal
library). Nothing here writes anything.
"""

from __future__ import annotations

import os
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


MAX_DEPTH = 32
"""The deepest folder of a collection that is read (deeper ones are reported, not walked)."""


def collection_files(root: Path, name: str, problems: list[Problem] | None = None) -> list[Path]:
    """List the YAML files of one collection, in a stable order.

    The walk is iterative and goes at most ``MAX_DEPTH`` folders down; a file or folder that is a
    link to a place outside the case is not read (a changed outside file would otherwise change
    the case unseen), and is reported in ``problems``.
    """
    problems = problems if problems is not None else []
    files = []
    top = root / f"{name}.yaml"
    if top.is_file() and _inside(root, top, problems):
        files.append(top)
    folder = root / name
    if not folder.is_dir() or not _inside(root, folder, problems):
        return files
    found, stack = [], [(folder, 0)]
    while stack:
        current, depth = stack.pop()
        if depth > MAX_DEPTH:
            problems.append(Problem(relative(root, current), 0, 0, f"This folder is more than {MAX_DEPTH} levels "
                                    "deep; it was not read.", "Keep the case's folders shallower.",
                                    code="too-deep"))
            continue
        try:
            entries = sorted(os.scandir(current), key=lambda e: e.name)
        except OSError:
            continue
        for entry in entries:
            path = Path(entry.path)
            if entry.is_symlink() and not _inside(root, path, problems):
                continue
            if entry.is_dir():
                stack.append((path, depth + 1))
            elif path.suffix in (".yaml", ".yml") and entry.is_file():
                found.append(path)
    files += sorted(found, key=lambda p: p.relative_to(root).as_posix())
    return files


def _inside(root: Path, path: Path, problems: list[Problem]) -> bool:
    """True when ``path`` (a link or not) stays inside the case folder; else report it."""
    if not path.is_symlink() or path.resolve().is_relative_to(root.resolve()):
        return True
    problems.append(Problem(relative(root, path), 0, 0, "This file or folder is a link to a place outside the "
                            "case; it was not read.", "Copy it into the case folder instead of linking to it.",
                            code="link-outside"))
    return False


def relative(root: Path, file: Path) -> str:
    """The path of ``file`` as shown to users: relative to the case folder, with '/'."""
    return file.relative_to(root).as_posix()


def load_sources(root: Path) -> LoadedSources:
    """Read case.yaml and every collection file; collect (not raise) the problems of each file."""
    from casebuilder.load.cache import ParseCache, paused_gc  # files already parsed, by content hash

    sources = LoadedSources(root=root, case=None)
    cache = ParseCache(root)
    with paused_gc():
        if not _inside(root, root / CASE_FILE, sources.problems):
            return sources
        sources.case = _read(sources, root / CASE_FILE, cache)
        for name in COLLECTIONS:
            files = collection_files(root, name, sources.problems)
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
