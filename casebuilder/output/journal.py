"""The journal of a resumable run: one JSON line per file written, so that a run stopped half-way (Ctrl-C,
a ``kill``) is finished by the next one without doing again what was done.

A run reads what the last complete run recorded in its index (``index.json``, key ``packs``) and what a
stopped run recorded in the journal; it appends a line after each file is written whole (atomically),
and removes the journal once the index is written. A line cut by the stop is ignored: that file is
simply made again.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import IO, Any

from casebuilder.integrity.manifest import sha256_bytes

JOURNAL = ".applications-journal.jsonl"
"""The journal's file name in the output folder."""


class Journal:
    """The journal of the run writing into ``out``."""

    def __init__(self, out: Path, index: str = "index.json", name: str = JOURNAL):
        self.out, self.path, self.index = out, out / name, out / index
        self._handle: IO[str] | None = None

    def previous(self) -> dict[str, dict[str, Any]]:
        """The files recorded by the last complete run, updated by the journal of a stopped one, by name."""
        found: dict[str, dict[str, Any]] = {}
        try:
            index = json.loads(self.index.read_text(encoding="utf-8"))
            _keep(found, index.get("packs", []))
        except (OSError, ValueError, AttributeError):
            pass
        try:
            with open(self.path, encoding="utf-8") as handle:
                _keep(found, (_line(text) for text in handle))
        except OSError:
            pass
        return found

    def record(self, entry: dict[str, Any]) -> None:
        """Note a file written whole (opening the journal on the first one)."""
        if self._handle is None:
            self.out.mkdir(parents=True, exist_ok=True)
            self._handle = open(self.path, "a", encoding="utf-8")
        self._handle.write(json.dumps(entry, ensure_ascii=False, sort_keys=True) + "\n")
        self._handle.flush()

    def close(self) -> None:
        """Close the journal (it stays for the next run)."""
        if self._handle is not None:
            self._handle.close()
            self._handle = None

    def finish(self) -> None:
        """The run is complete and its index written: the journal is no longer needed."""
        self.close()
        self.path.unlink(missing_ok=True)


def _line(text: str) -> Any:
    try:
        return json.loads(text)
    except ValueError:  # a line cut by the stop
        return None


def _keep(found: dict[str, dict[str, Any]], entries: Any) -> None:
    for entry in entries:
        if isinstance(entry, dict) and isinstance(entry.get("file"), str):
            found[entry["file"]] = entry


def intact(path: Path, sha256: Any) -> bool:
    """Whether the file at ``path`` still has the SHA-256 recorded for it."""
    try:
        return isinstance(sha256, str) and sha256_bytes(path.read_bytes()) == sha256
    except OSError:
        return False


def remove_stale(out: Path, previous: dict[str, dict[str, Any]], keep: set[str], pattern: str) -> list[str]:
    """Remove the files an earlier run recorded that this run no longer makes; only names matching
    ``pattern`` (a regular expression), so that nothing the run did not write is ever removed."""
    removed = []
    for name in sorted(set(previous) - keep):
        if re.fullmatch(pattern, name) and (out / name).is_file():
            (out / name).unlink()
            removed.append(name)
    return removed
