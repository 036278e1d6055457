"""``casebuilder new``: write a small, valid, commented case folder to start from."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

from casebuilder.problems import fail
from casebuilder.models.schema import write_schemas


def write_new_case(directory: Path) -> list[Path]:
    """Copy the sample case into ``directory`` (which must be new or empty) with its JSON Schemas."""
    if directory.exists() and any(directory.iterdir()):
        raise fail(str(directory), "This folder exists and is not empty.",
                   "Give a new folder name; casebuilder never writes over files.", "not-empty")
    sample = resources.files("casebuilder") / "data" / "newcase"
    written = _copy_tree(sample, directory)
    written += write_schemas(directory / ".schema")
    return written


def _copy_tree(source, target: Path) -> list[Path]:
    target.mkdir(parents=True, exist_ok=True)
    written = []
    for entry in sorted(source.iterdir(), key=lambda e: e.name):
        if entry.is_dir():
            written += _copy_tree(entry, target / entry.name)
        elif entry.name.endswith((".yaml", ".csv", ".txt")):
            (target / entry.name).write_bytes(entry.read_bytes())
            written.append(target / entry.name)
    return written
