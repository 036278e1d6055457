"""JSON Schema for every kind of case file, generated from the models (for editors and CI).

Collection files may hold one item or a list of items, so their schema accepts both.
"""

from __future__ import annotations

import json
from typing import Any
from pathlib import Path

from pydantic import TypeAdapter

from casebuilder.models import CaseFile, EvidenceRecord, Fact, Person, Place

SCHEMA_URL = "https://json-schema.org/draft/2020-12/schema"


def schemas() -> dict[str, dict]:
    """Return the JSON Schema of each file kind, keyed by the schema file name."""
    kinds: dict[str, tuple[Any, bool]] = {"case": (CaseFile, False), "evidence": (EvidenceRecord, True), "facts": (Fact, True),
             "people": (Person, True), "places": (Place, True)}
    try:
        from casebuilder.models.law import LawItem  # the case's additions to the legal library
        kinds["law"] = (LawItem, True)
    except ImportError:  # pragma: no cover - the legal library models are optional here
        pass
    result = {}
    for name, (model, many) in kinds.items():
        schema = TypeAdapter(model).json_schema()
        if many:
            defs = schema.pop("$defs", {})
            item = schema
            schema = {"$defs": {**defs, "Item": item},
                      "anyOf": [{"$ref": "#/$defs/Item"}, {"type": "array", "items": {"$ref": "#/$defs/Item"}}]}
        schema = {"$schema": SCHEMA_URL, "title": f"casebuilder {name} file", **schema}
        result[f"{name}.schema.json"] = schema
    return result


def write_schemas(directory: Path) -> list[Path]:
    """Write every schema into ``directory`` (created if needed); return the paths written."""
    directory.mkdir(parents=True, exist_ok=True)
    written = []
    for name, schema in schemas().items():
        path = directory / name
        path.write_text(json.dumps(schema, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
        written.append(path)
    return written
