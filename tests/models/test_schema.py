"""JSON Schema: generated for every file kind, and every file of the sample and example cases validates."""

from __future__ import annotations

import json

import jsonschema
import pytest

from casebuilder.load.discover import COLLECTIONS, collection_files
from casebuilder.models.schema import schemas, write_schemas
from casebuilder.load.yamlsafe import read_yaml
from tests.conftest import EXAMPLE_CASE, sample_case_dir


def validate_folder(root):
    """Validate every file of a case folder against its schema, as read by casebuilder's own reader."""
    all_schemas = schemas()
    jsonschema.validate(read_yaml(root / "case.yaml", "case.yaml").data, all_schemas["case.schema.json"])
    checked = 1
    for name in COLLECTIONS:
        key = f"{name}.schema.json"
        for path in collection_files(root, name):
            if key in all_schemas:
                jsonschema.validate(read_yaml(path, path.name).data, all_schemas[key])
                checked += 1
    return checked


def test_schema_files_are_written_for_every_kind(tmp_path):
    written = write_schemas(tmp_path)
    names = {p.name for p in written}
    assert {"case.schema.json", "evidence.schema.json", "facts.schema.json", "people.schema.json",
            "places.schema.json"} <= names
    for path in written:
        jsonschema.Draft202012Validator.check_schema(json.loads(path.read_text(encoding="utf-8")))


def test_fields_carry_their_docstrings():
    evidence = json.dumps(schemas()["evidence.schema.json"])
    assert "The passage exactly as the source has it, errors included." in evidence


def test_schema_rejects_a_misspelled_key():
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate({"id": "P-1", "name": "X", "nmae": "Y"}, schemas()["people.schema.json"])


def test_sample_case_validates_against_the_schema():
    assert validate_folder(sample_case_dir()) >= 5


def test_example_case_validates_against_the_schema():
    assert validate_folder(EXAMPLE_CASE) >= 10
