"""The validated case: the case file and its collections, indexed by id, with their locations.

This is what the stages after validation work on: frozen models in dictionaries keyed by id,
each next to the file and line it came from.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from casebuilder.load.cache import paused_gc
from casebuilder.load.discover import LoadedSources
from casebuilder.models import CaseFile, Fact, Person, Place
from casebuilder.models.evidence import EvidenceRecord
from casebuilder.problems import Problem
from casebuilder.validate.errors import Located, evidence_model, fixed_model, validate_items, validate_one


@dataclass
class Case:
    """A case read and validated file by file (cross-file checks come after)."""

    root: Path
    case: CaseFile
    case_at: Located
    evidence: dict[str, Located] = field(default_factory=dict)
    facts: dict[str, Located] = field(default_factory=dict)
    people: dict[str, Located] = field(default_factory=dict)
    places: dict[str, Located] = field(default_factory=dict)
    law_files: list = field(default_factory=list)
    invalid_ids: frozenset[str] = frozenset()
    files: list[Path] = field(default_factory=list)

    def record(self, record_id: str) -> EvidenceRecord:
        """The evidence record with this id."""
        return self.evidence[record_id].item

    def fact(self, fact_id: str) -> Fact:
        """The fact with this id."""
        return self.facts[fact_id].item

    def person(self, person_id: str) -> Person:
        """The person with this id."""
        return self.people[person_id].item

    def place(self, place_id: str) -> Place:
        """The place with this id."""
        return self.places[place_id].item

    def counts(self) -> dict[str, int]:
        """How many records, facts, people and places the case holds."""
        return {"records": len(self.evidence), "facts": len(self.facts), "people": len(self.people),
                "places": len(self.places)}


_MODELS = {"evidence": evidence_model, "facts": fixed_model(Fact), "people": fixed_model(Person),
           "places": fixed_model(Place)}


def validate_case(sources: LoadedSources) -> tuple[Case | None, list[Problem]]:
    """Validate every file of the case; return the case (None if case.yaml is unusable) and the problems.

    Items with a duplicate id keep their first occurrence; the duplicate is reported naming both places.
    """
    problems = list(sources.problems)
    case_at = validate_one(sources.case, CaseFile, problems) if sources.case else None
    collections: dict[str, dict[str, Located]] = {}
    seen: dict[str, Located] = {}
    with paused_gc():  # pydantic builds millions of small objects: 2-3 times faster without GC passes
        for name, model_for in _MODELS.items():
            collections[name] = {}
            for file in sources.collections.get(name, []):
                for located in validate_items(file, model_for, problems):
                    _index(located, collections[name], seen, problems)
    if case_at is None:
        return None, problems
    # ids of items that failed validation: references to them are not reported a second time
    ids = {d.get("id") for n in _MODELS for f in sources.collections.get(n, []) for d in _items(f.data)}
    invalid = frozenset(i for i in ids if isinstance(i, str)) - set(seen)
    case = Case(root=sources.root, case=case_at.item, case_at=case_at, files=list(sources.files),
                law_files=list(sources.collections.get("law", [])), invalid_ids=invalid, **collections)
    return case, problems


def _items(data: object) -> list[dict]:
    items = data if isinstance(data, list) else [data]
    return [i for i in items if isinstance(i, dict)]


def _index(located: Located, into: dict[str, Located], seen: dict[str, Located], problems: list[Problem]) -> None:
    item_id = located.item.id
    first = seen.get(item_id)
    if first is None:
        seen[item_id] = into[item_id] = located
        return
    path, line, col = located.where(("id",))
    fpath, fline, _ = first.where(("id",))
    problems.append(Problem(path, line, col, f"The id '{item_id}' is already used at {fpath}:{fline}.",
                            "Ids must be unique across the case; rename one of them.", code="duplicate-id"))
