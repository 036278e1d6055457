"""Stage 2, validate: turn located plain data into frozen models, and pydantic's errors into Problems.

Each file is validated on its own; cross-file checks (unique ids, references, exhibits) are the
``crossref`` stage. Messages are keyed on pydantic's error *type*, never on its English text.
"""

from __future__ import annotations

import difflib
import re
import types
import typing
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails

from casebuilder.models.evidence import RECORD_MODELS
from casebuilder.problems import Problem
from casebuilder.load.yamlsafe import YamlFile

Loc = tuple[str | int, ...]


@dataclass(frozen=True)
class Located:
    """A validated model and where it was written: its file and its data path in that file."""

    item: Any
    file: YamlFile
    prefix: Loc = ()

    def where(self, loc: Loc = (), *, key: bool = True) -> tuple[str, int, int]:
        """Return (path, line, column) of a part of the item, e.g. ``("evidence", 0, "record")``.

        With ``key=False``, the position of the value rather than of its key.
        """
        line, col = self.file.where(self.prefix + tuple(loc), key=key)
        return self.file.path, line, col


def validate_one(file: YamlFile, model: type[BaseModel], problems: list[Problem]) -> Located | None:
    """Validate a file holding exactly one mapping (such as case.yaml)."""
    if not isinstance(file.data, dict):
        problems.append(Problem(file.path, 1, 1, "This file must hold a mapping of 'key: value' lines.",
                                "See 'casebuilder new' for an example.", code="invalid-type"))
        return None
    return _validate_item(file, (), file.data, model, problems)


def validate_items(file: YamlFile, model_for: typing.Callable[[YamlFile, Loc, Any, list[Problem]], type | None],
                   problems: list[Problem]) -> list[Located]:
    """Validate a collection file: one item (a mapping) or several (a list of mappings)."""
    items: list[tuple[tuple[int, ...], Any]] | None = [((), file.data)] if isinstance(file.data, dict) else None
    if isinstance(file.data, list):
        items = [((i,), entry) for i, entry in enumerate(file.data)]
    if items is None:
        problems.append(Problem(file.path, 1, 1, "This file must hold one record (a mapping) or a list of records.",
                                "Start each record with 'id:' (or '- id:' in a list).", code="invalid-type"))
        return []
    found = []
    for prefix, data in items:
        if not isinstance(data, dict):
            line, col = file.where(prefix)
            problems.append(Problem(file.path, line, col, "This list item is not a record.",
                                    "Each item must be a mapping of 'key: value' lines.", code="invalid-type"))
            continue
        model = model_for(file, prefix, data, problems)
        if model is not None:
            located = _validate_item(file, prefix, data, model, problems)
            if located:
                found.append(located)
    return found


def evidence_model(file: YamlFile, prefix: Loc, data: dict, problems: list[Problem]) -> type | None:
    """Choose the evidence model from the record's ``kind``, reporting a missing or unknown kind."""
    kind = data.get("kind")
    if kind in RECORD_MODELS:
        return RECORD_MODELS[kind]
    line, col = file.where(prefix + ("kind",), key=kind is None)
    kinds = ", ".join(RECORD_MODELS)
    if kind is None:
        problems.append(Problem(file.path, line, col, "This evidence record has no 'kind'.",
                                f"Add 'kind:' with one of: {kinds}.", code="missing"))
    else:
        near = _suggest(str(kind), RECORD_MODELS, "")
        problems.append(Problem(file.path, line, col, f"'{kind}' is not a kind of evidence record.",
                                f"{near} Use one of: {kinds}.".lstrip(), code="unknown-kind"))
    return None


def fixed_model(model: type) -> typing.Callable[..., type]:
    """A ``model_for`` that always chooses ``model``."""
    return lambda *_: model


def _validate_item(file: YamlFile, prefix: Loc, data: dict, model: type[BaseModel],
                   problems: list[Problem]) -> Located | None:
    try:
        return Located(model.model_validate(data), file, prefix)
    except ValidationError as exc:
        errors = exc.errors(include_url=False)
        for error in errors:
            if error["type"] == "too_short" and _has_inner_error(error, errors):
                continue  # pydantic adds "too short" when the list's items failed: one problem is enough
            problems.append(_problem(file, prefix, model, error))
        return None


def _has_inner_error(error: ErrorDetails, errors: list[ErrorDetails]) -> bool:
    loc = tuple(error["loc"])
    return any(len(e["loc"]) > len(loc) and tuple(e["loc"][: len(loc)]) == loc for e in errors)


def _problem(file: YamlFile, prefix: Loc, model: type[BaseModel], error: ErrorDetails) -> Problem:
    loc = tuple(error["loc"])
    kind = error["type"]
    at_key = kind in ("missing", "extra_forbidden")
    # a missing field is reported where its mapping starts; anything else where the value stands
    line, col = file.where(prefix + (loc[:-1] if kind == "missing" else loc), key=at_key)
    message, hint = _explain(model, loc, error)
    return Problem(file.path, line, col, message, hint, code=kind.replace("_", "-"))


def _explain(model: type[BaseModel], loc: Loc, error: ErrorDetails) -> tuple[str, str]:
    kind, value, ctx = error["type"], error.get("input"), error.get("ctx") or {}
    name = str(loc[-1]) if loc else "value"
    if kind == "missing":
        owner = _model_at(model, loc[:-1])
        where = next((f" from '{p}'" for p in reversed(loc[:-1]) if isinstance(p, str)), "")
        return f"'{name}' is missing{where}.", f"Add it: {_field_doc(owner, name)}"
    if kind == "extra_forbidden":
        owner = _model_at(model, loc[:-1])
        allowed = list(owner.model_fields) if owner else []
        what = _describe(owner) if owner else "this mapping"
        return f"'{name}' is not a field of {what}.", _suggest(name, allowed, "Remove it, or check the spelling.")
    if kind == "literal_error":
        choices = re.findall(r"'([^']*)'|(\d+)", ctx.get("expected", ""))
        options = [a or b for a, b in choices]
        return (f"'{value}' is not allowed for '{name}'.",
                _suggest(str(value), options, f"Use one of: {ctx.get('expected', '')}."))
    if kind in ("value_error", "assertion_error"):
        text = str(ctx.get("error", error["msg"]))
        return text if text.endswith(".") else text + ".", ""
    if kind == "string_pattern_mismatch":
        return f"'{value}' is not a valid {name}.", _pattern_hint(name)
    if kind == "string_type":
        return f"'{name}' must be text.", "Put the value in quotes, e.g. '010'."
    if kind in ("too_short", "string_too_short"):
        return f"'{name}' is empty.", "Give at least one entry." if kind == "too_short" else "Write a value."
    if kind in ("list_type", "tuple_type"):
        return f"'{name}' must be a list.", "Write each entry on its own line starting with '- '."
    if kind in ("model_type", "dict_type", "model_attributes_type"):
        return f"'{name}' must be a mapping of 'key: value' lines.", ""
    if kind in ("int_parsing", "float_parsing", "int_type", "float_type", "int_from_float"):
        return f"'{name}' must be a number, not '{value}'.", "Write digits only, e.g. 108000."
    if kind == "url_parsing" or kind.startswith("url_"):
        return f"'{value}' is not a valid web address.", "Write the full address, starting with https://."
    if kind == "bool_type" or kind == "bool_parsing":
        return f"'{name}' must be true or false.", ""
    return f"'{name}': {error['msg']}.", ""


def _pattern_hint(name: str) -> str:
    if "sha256" in name:
        return "Write the 64 lower-case hexadecimal digits that `sha256sum FILE` prints."
    if name in ("state",):
        return "Write the ISO 3166 alpha-3 code in capitals, e.g. FRA."
    if name == "short_name":
        return "Use lower-case letters, digits and hyphens, e.g. my-case."
    return "Use letters, digits, '.', '_' and '-' only, starting with a letter or digit."


def _suggest(value: str, options: typing.Iterable[str], fallback: str) -> str:
    close = difflib.get_close_matches(value, list(options), n=1, cutoff=0.7)
    return f"Did you mean '{close[0]}'?" if close else fallback


def _describe(model: type) -> str:
    words = re.sub(r"(?<!^)(?=[A-Z])", " ", model.__name__).lower()
    if model in RECORD_MODELS.values():
        return f"a {words} record"
    if model.__name__ == "CaseFile":
        return "case.yaml"
    return f"{'an' if words[0] in 'aeiou' else 'a'} {words}"


def _field_doc(model: type[BaseModel] | None, name: str) -> str:
    field = model.model_fields.get(name) if model else None
    doc = (field.description or "").split("\n")[0].strip() if field else ""
    return doc if doc.endswith(".") else (doc + "." if doc else "see the documentation.")


def _model_at(model: type, loc: Loc) -> type[BaseModel] | None:
    """Find the model class that a data path points into (for field names and docs)."""
    annotation: Any = model
    for part in loc:
        annotation = _unwrap(annotation)
        origin = typing.get_origin(annotation)
        if origin in (dict, tuple, list):
            annotation = typing.get_args(annotation)[-1 if origin is dict else 0]
            continue
        if not _is_model(annotation):
            return None
        field = annotation.model_fields.get(str(part))
        if field is None:
            return None
        annotation = field.annotation
    annotation = _unwrap(annotation)
    return annotation if _is_model(annotation) else None


def _is_model(obj: Any) -> bool:
    return isinstance(obj, type) and issubclass(obj, BaseModel)


def _unwrap(annotation: Any) -> Any:
    """Strip Optional[...] and Annotated[...] from an annotation."""
    while True:
        origin = typing.get_origin(annotation)
        if origin is typing.Annotated:
            annotation = typing.get_args(annotation)[0]
        elif origin in (typing.Union, types.UnionType):
            args = [a for a in typing.get_args(annotation) if a is not type(None)]
            models = [a for a in args if _is_model(_unwrap(a))]
            annotation = models[0] if len(args) > 1 and models else args[0]
        else:
            return annotation
