"""What an import would write, decided before anything is written.

Each format reads its export into :class:`Unit` values: one per row (or per Atlos incident), each
with the case items it makes, the exhibit files it copies, the ids it refers to, and its problems.
:func:`settle` then checks every reference against the case and the other units, drops the units
in error (a unit that refers to a dropped one is dropped too), and returns the :class:`Plan`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Sequence

from casebuilder.problems import Problem, Severity, sort_problems

COLLECTIONS = ("evidence", "facts", "people", "places")
WHAT = {"evidence": "evidence record", "facts": "fact", "people": "person", "places": "place"}


@dataclass(frozen=True)
class Where:
    """Where a value came from, for problems: the source shown, the row and the column (0 when unknown)."""

    shown: str
    row: int = 0
    column: int = 0
    label: str = ""
    """The column's header or the field's name, quoted at the start of messages."""

    def problem(self, message: str, hint: str = "", *, error: bool = True, code: str = "import") -> Problem:
        """A problem located here: ``SOURCE:ROW:COLUMN: error: 'label': message hint``."""
        prefix = f"'{self.label}': " if self.label else ""
        return Problem(self.shown, self.row, self.column, prefix + message, hint,
                       Severity.ERROR if error else Severity.WARNING, code)


@dataclass
class Item:
    """One case item to write: an evidence record, a fact, a person or a place, as plain data."""

    collection: str
    id: str
    data: dict
    """What the YAML file holds (already validated against its model)."""
    stub: bool = False
    """A person or place known only by the name another item gives it: a full item with its id wins."""


@dataclass
class ExhibitFile:
    """A file to copy into the case for an exhibit."""

    target: str
    """Its path relative to the case folder (POSIX)."""
    data: bytes
    sha256: str


@dataclass
class Ref:
    """A reference from a unit to an id that must exist in the case or in the import."""

    id: str
    collection: str
    where: Where


@dataclass
class Unit:
    """What one row (or one Atlos incident) gives: items, files, references and problems."""

    where: Where
    items: list[Item] = field(default_factory=list)
    files: list[ExhibitFile] = field(default_factory=list)
    refs: list[Ref] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)

    @property
    def bad(self) -> bool:
        """Whether the unit has an error (it is then not imported)."""
        return any(p.is_error for p in self.problems)

    def error(self, where: Where, message: str, hint: str = "", code: str = "import") -> None:
        """Record an error of this unit."""
        self.problems.append(where.problem(message, hint, code=code))


@dataclass
class Plan:
    """The items and files to write, and every problem found."""

    items: list[Item]
    files: list[ExhibitFile]
    problems: list[Problem]
    good: int
    """How many units (rows) can be imported."""
    bad: int
    """How many cannot."""

    @property
    def errors(self) -> list[Problem]:
        """The problems that keep a unit out."""
        return [p for p in self.problems if p.is_error]


def settle(units: list[Unit], case_ids: dict[str, set[str]], file_problems: Sequence[Problem] = ()) -> Plan:
    """Check references and duplicates across the units; drop bad units until none is left to drop."""
    _duplicates(units, case_ids)
    changed = True
    while changed:  # dropping a unit can leave another unit's reference dangling
        known = {c: set(case_ids.get(c, ())) for c in COLLECTIONS}
        for unit in units:
            if not unit.bad:
                for item in unit.items:
                    known[item.collection].add(item.id)
        changed = False
        for unit in units:
            if unit.bad:
                continue
            for ref in unit.refs:
                if ref.id not in known[ref.collection]:
                    unit.error(ref.where, f"There is no {WHAT[ref.collection]} '{ref.id}' in the case or in this "
                               "import.", f"Add it to the case or to the export, or correct the reference.",
                               code="import-reference")
                    changed = True
                    break
    items: dict[tuple[str, str], Item] = {}
    files: dict[str, ExhibitFile] = {}
    for unit in units:
        if unit.bad:
            continue
        for item in unit.items:
            if item.stub and (item.collection, item.id) in items:
                continue
            if (item.collection, item.id) not in items or items[(item.collection, item.id)].stub:
                items[(item.collection, item.id)] = item
        for exhibit in unit.files:
            files.setdefault(exhibit.target, exhibit)
    problems = list(file_problems) + [p for u in units for p in u.problems]
    good = sum(1 for u in units if not u.bad)
    return Plan(list(items.values()), list(files.values()), sort_problems(problems), good, len(units) - good)


def _duplicates(units: list[Unit], case_ids: dict[str, set[str]]) -> None:
    """Two rows with the same id are both suspect: the second is refused (the first may be the right one)."""
    seen: dict[str, tuple[Unit, Item]] = {}
    for unit in units:
        for item in unit.items:
            key = item.id.lower()  # file names on Windows and macOS ignore case
            if key not in seen:
                seen[key] = (unit, item)
                continue
            first_unit, first = seen[key]
            if item.stub or first.stub or first_unit is unit or first.data == item.data:
                if first.stub and not item.stub:
                    seen[key] = (unit, item)
                continue  # the same person or place named by two rows
            unit.error(unit.where, f"The id '{item.id}' is already used by row {first_unit.where.row or '?'}.",
                       "Give each row its own id in the export.", code="import-duplicate-id")


def case_id_sets(case) -> dict[str, set[str]]:
    """The ids the case already holds, per collection (every id is unique across the case)."""
    if case is None:
        return {c: set() for c in COLLECTIONS}
    return {"evidence": set(case.evidence), "facts": set(case.facts), "people": set(case.people),
            "places": set(case.places)}


def relative_to_case(root: Path, target: str) -> Path:
    """The absolute path of a target, refusing one that would leave the case folder (through '..' or a link)."""
    path = (root / target).resolve()
    if not path.is_relative_to(root.resolve()):
        raise ValueError(f"{target} leaves the case folder")
    return path
