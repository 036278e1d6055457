"""Where outputs go unless the user says: ``output/<case short name>/`` below the working folder."""

from __future__ import annotations

from pathlib import Path

REPO_OUTPUT = Path("output")
"""The default root of every build's output (relative to the working folder)."""


def default_out(short_name: str, *parts: str) -> Path:
    """The default output folder of a case (``parts`` for a sub-folder, e.g. the application packs)."""
    return REPO_OUTPUT.joinpath(short_name, *parts)
