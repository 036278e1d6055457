"""Writing an import into the case: new files only, each written whole or not at all.

``import`` is the one command that writes into a case folder, because the user asks it to. It never
replaces a file: an item whose id the case already holds is left as it is (reported unchanged when
the export says the same as on the first import, and as changed otherwise), and each new file is
written to a temporary file, flushed, then linked to its name, which fails if the name exists
(``os.link`` never replaces, unlike ``os.replace``).
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import yaml

from casebuilder.imports.plan import ExhibitFile, Item, Plan, relative_to_case
from casebuilder.problems import Problem, Severity

MARK = "# casebuilder-import: "


@dataclass
class Outcome:
    """What an import wrote, left alone, and why."""

    written: list[str] = field(default_factory=list)
    """Files written (relative to the case folder)."""
    unchanged: list[str] = field(default_factory=list)
    """Ids the case already holds, as the export has them."""
    kept: list[str] = field(default_factory=list)
    """Ids the case already holds, which the export now has differently (not overwritten)."""
    problems: list[Problem] = field(default_factory=list)

    @property
    def new(self) -> int:
        """How many items were written."""
        return sum(1 for path in self.written if path.endswith(".yaml"))


def digest(data: dict) -> str:
    """A stable fingerprint of what the export says about an item."""
    return hashlib.sha256(json.dumps(data, sort_keys=True, ensure_ascii=False).encode()).hexdigest()[:16]


def render(item: Item, source: str, fmt: str, custody: dict | None) -> bytes:
    """The YAML text of an item: a schema line, where it came from, then the data (safe_dump, sorted)."""
    data = item.data
    if custody and data.get("exhibits"):
        exhibits = [{**e, "custody": [*e.get("custody", []), {**custody, "sha256_before": e["sha256"],
                                                                   "sha256_after": e["sha256"]}]}
                    for e in data["exhibits"]]
        data = {**data, "exhibits": exhibits}
    schema = "evidence" if item.collection == "evidence" else item.collection
    head = (f"# yaml-language-server: $schema=../../.schema/{schema}.schema.json\n"
            f"# Imported from {source} ({fmt}). Edit freely: importing again never overwrites this file.\n"
            f"{MARK}{digest(item.data)}\n")
    body = yaml.safe_dump(data, sort_keys=True, allow_unicode=True, default_flow_style=False, width=100)
    return (head + body).encode("utf-8")


def target_of(item: Item, fmt: str) -> str:
    """Where an item is written: ``<collection>/<format>/<id>.yaml``."""
    return f"{item.collection}/{fmt}/{item.id}.yaml"


def write_new(path: Path, data: bytes) -> bool:
    """Write ``data`` to ``path`` unless it exists; whole or not at all. False when the name was taken."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".part", dir=path.parent)
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        os.chmod(temp, 0o644)
        os.link(temp, path)
        return True
    except FileExistsError:
        return False
    finally:
        Path(temp).unlink(missing_ok=True)


def _existing_mark(path: Path) -> str | None:
    try:
        with open(path, encoding="utf-8", errors="replace") as stream:
            for _ in range(4):
                line = stream.readline()
                if line.startswith(MARK):
                    return line[len(MARK):].strip()
    except OSError:
        return None
    return None


def apply(plan: Plan, root: Path, *, case_files: dict[str, str], source: str, fmt: str, who: str,
          today: date | None = None, dry_run: bool = False) -> Outcome:
    """Write the plan's new items and exhibit files into the case at ``root``.

    ``case_files`` maps each id the case already holds to the file it is in (relative to ``root``).
    """
    outcome = Outcome()
    custody = {"date": (today or date.today()).isoformat(), "who": who,
               "action": f"imported into the case from {source} by casebuilder import"}
    for item in plan.items:
        if item.id in case_files:
            _already(outcome, root, item, case_files[item.id], fmt)
            continue
        target = target_of(item, fmt)
        if not dry_run:
            if write_new(relative_to_case(root, target), render(item, source, fmt, custody)):
                outcome.written.append(target)
            else:
                outcome.problems.append(Problem(target, 0, 0, "This file already exists; it was not overwritten.",
                                                "Move it away to import the item again.", Severity.WARNING,
                                                "import-exists"))
        else:
            outcome.written.append(target)
    for exhibit in plan.files:
        _copy(outcome, root, exhibit, dry_run)
    return outcome


def _already(outcome: Outcome, root: Path, item: Item, rel: str, fmt: str) -> None:
    if rel == target_of(item, fmt) and _existing_mark(root / rel) not in (None, digest(item.data)):
        outcome.kept.append(item.id)
        outcome.problems.append(Problem(rel, 0, 0, f"The export has changed '{item.id}' since it was imported; "
                                        "the case's file was not overwritten.", "Edit the file, or move it away "
                                        "and import again.", Severity.WARNING, "import-changed"))
    else:
        outcome.unchanged.append(item.id)


def _copy(outcome: Outcome, root: Path, exhibit: ExhibitFile, dry_run: bool) -> None:
    path = relative_to_case(root, exhibit.target)
    if path.exists():
        return  # the plan checked that an existing file has this exhibit's hash
    if not dry_run and not write_new(path, exhibit.data):
        return
    outcome.written.append(exhibit.target)
