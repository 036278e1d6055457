"""The package's layout: no import cycle, and no stage importing a later one at module level.

The graph is read from the source (every module parsed, module-level imports only: those inside functions
are the deliberate lazy ones, and ``if TYPE_CHECKING:`` blocks never run), so that it needs no import.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "casebuilder"
STAGES = ("problems dates forums __init__", "models", "load", "validate", "law", "checks", "analysis", "dossier",
          "integrity", "render", "output", "roster", "pipeline imports serve", "cli __main__")
"""The stages in pipeline order; names in one string share a rank (imports/ and serve/ sit beside pipeline/).
integrity comes before render: the one render path ends by sealing (render/pipeline.py uses the manifest and
the seal), and nothing in integrity renders at import time."""
RANK = {name: rank for rank, names in enumerate(STAGES) for name in names.split()}
KNOWN_WRONG_WAY: set[tuple[str, str]] = {
    # dossier/cite.py formats dates with render.theme.longdate; casebuilder.dates.format_date is the one
    # formatter now (owner of dossier/cite.py: import it from casebuilder.dates and delete this line)
    ("casebuilder.dossier.cite", "casebuilder.render.theme"),
    # integrity/sign.py writes the signed copy with output.write.write_atomic (owner: take the atomic write
    # from a lower module, or move write_atomic below integrity, and delete this line)
    ("casebuilder.integrity.sign", "casebuilder.output.write"),
}
"""Imports against the pipeline order that are still on main, each to be removed by its module's owner."""


def modules() -> dict[str, Path]:
    found = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
        name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        found[name] = path
    return found


def _top_level(body: list[ast.stmt]) -> list[ast.stmt]:
    """The statements that run on import: the module's own, and those of its top-level if/try blocks
    (but not of ``if TYPE_CHECKING:``)."""
    found: list[ast.stmt] = []
    for node in body:
        if isinstance(node, ast.If):
            if "TYPE_CHECKING" not in ast.unparse(node.test):
                found += _top_level(node.body) + _top_level(node.orelse)
        elif isinstance(node, ast.Try):
            found += _top_level(node.body) + _top_level(node.orelse) + _top_level(node.finalbody)
            for handler in node.handlers:
                found += _top_level(handler.body)
        else:
            found.append(node)
    return found


def imports_of(name: str, path: Path, known: dict[str, Path]) -> set[str]:
    """The casebuilder modules that ``name`` imports when it is imported."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    targets: set[str] = set()
    for node in _top_level(ast.parse(path.read_text(encoding="utf-8")).body):
        if isinstance(node, ast.Import):
            targets |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*anchor, base] if base else anchor)
            for alias in node.names:
                targets.add(f"{base}.{alias.name}" if f"{base}.{alias.name}" in known else base)
    return {t for t in targets if t in known and t != name}


@pytest.fixture(scope="module")
def graph() -> dict[str, set[str]]:
    known = modules()
    return {name: imports_of(name, path, known) for name, path in known.items()}


def stage(module: str) -> str:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else "__init__"


def test_every_module_belongs_to_a_stage(graph):
    assert sorted({stage(m) for m in graph} - set(RANK)) == []


def test_the_import_graph_has_no_cycle(graph):
    state: dict[str, int] = {}
    path: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = 1
        path.append(node)
        for target in sorted(graph[node]):
            if state.get(target) == 1:
                return path[path.index(target):] + [target]
            if target not in state and (cycle := visit(target)):
                return cycle
        state[node] = 2
        path.pop()
        return None

    for module in sorted(graph):
        if module not in state:
            cycle = visit(module)
            assert cycle is None, " -> ".join(cycle)


def test_no_stage_imports_a_later_one_at_module_level(graph):
    wrong = {(m, t) for m, targets in graph.items() for t in targets if RANK[stage(t)] > RANK[stage(m)]}
    assert wrong == KNOWN_WRONG_WAY, sorted(wrong ^ KNOWN_WRONG_WAY)


def test_the_check_builds_a_graph_from_real_imports(graph):
    assert "casebuilder.roster.columns" in graph["casebuilder.roster.rows"]
    assert "casebuilder.checks.registry" in graph["casebuilder.checks.echr"]
    assert "casebuilder.render.pdf" not in graph["casebuilder.render.pipeline"]  # lazy: WeasyPrint at build time
