"""Shared building blocks: ids made safe, items validated against their models, exhibits with custody."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path
from typing import Sequence

from pydantic import ValidationError

from casebuilder.imports.plan import ExhibitFile, Item, Ref, Unit, Where, relative_to_case
from casebuilder.models import Fact, Person, Place
from casebuilder.models.common import StrictModel
from casebuilder.models.evidence import RECORD_MODELS
from casebuilder.roster.rows import safe_id

MAX_ATTACHMENT_BYTES = 512 * 1024 * 1024
"""The largest attachment copied into a case."""

UNGRADED = {"source": "F", "information": 6,
            "rationale": "Imported without a grading; the source and the information are still to be assessed."}
"""The default reliability: F (cannot be judged) / 6 (cannot be judged), until someone grades the record."""

_MODELS: dict[str, type[StrictModel]] = {"facts": Fact, "people": Person, "places": Place}
_SPLIT = re.compile(r"\s*[;|]\s*")


def make_id(prefix: str, text: str) -> str:
    """The source's own id made a case id: ``prefix`` + the id, accents dropped, other characters '-'."""
    return safe_id(f"{prefix}{text}")[:80]


def split(text: str) -> list[str]:
    """A list cell: values separated by ';' (or '|', as Uwazi writes them), blanks dropped."""
    return [part for part in _SPLIT.split(text.strip()) if part] if text else []


def validate(unit: Unit, collection: str, data: dict, where: dict[str, Where]) -> Item | None:
    """Check ``data`` against its model; report each error at the column it came from."""
    model = RECORD_MODELS.get(data.get("kind", "")) if collection == "evidence" else _MODELS[collection]
    fallback = unit.where
    if model is None:
        unit.error(where.get("kind", fallback), f"'{data.get('kind')}' is not a kind of evidence record.",
                   f"Use one of: {', '.join(RECORD_MODELS)}.", code="import-value")
        return None
    try:
        model.model_validate(data)
    except ValidationError as exc:
        for error in exc.errors(include_url=False):
            loc = [str(p) for p in error["loc"]]
            at = next((where[k] for k in (".".join(loc[:2]), loc[0] if loc else "") if k in where), fallback)
            field_name = ".".join(p for p in loc if not p.isdigit()) or "record"
            message = error["msg"].removeprefix("Value error, ")
            hint = _hint(field_name)
            if error["type"] == "missing":
                message, hint = "This required field is empty", ("Fill it in in the export, or pass --skip-bad "
                                                                 "to leave the row out.")
            named = "" if at.label else f" ({field_name})"
            unit.error(at, f"{message.rstrip('.')}{named}.", hint, code="import-value")
        return None
    return Item(collection, data["id"], data)


def _hint(field_name: str) -> str:
    if field_name.endswith("date") or field_name in ("given_on", "accessed"):
        return "Write a date such as 2023-09-19, 'September 2023' or '19-20 Sept 2023'."
    if field_name == "id":
        return "Use letters, digits, '.', '_' and '-' (at most 80)."
    return "Correct the value in the export, or map another column in the mapping file."


def refer(unit: Unit, ids: list[str], collection: str, where: Where) -> None:
    """Note that the unit refers to these ids (checked once every unit is read)."""
    unit.refs += [Ref(i, collection, where) for i in ids]


def exhibit(unit: Unit, root: Path, target: str, data: bytes, where: Where, description: str | None,
            received: Sequence[dict] = ()) -> dict | None:
    """Plan the copy of an attachment into the case; return its exhibit entry (SHA-256 and custody).

    The import's own custody entry is added when the file is written (see :mod:`.write`).
    """
    if len(data) > MAX_ATTACHMENT_BYTES:
        unit.error(where, f"The attachment is larger than {MAX_ATTACHMENT_BYTES // 2**20} MB.",
                   "Copy it into the case by hand and add the exhibit to the record.", code="import-too-large")
        return None
    sha = hashlib.sha256(data).hexdigest()
    try:
        path = relative_to_case(root, target)
    except ValueError:
        unit.error(where, f"The attachment would be written outside the case folder ({target}).",
                   "Rename the attachment.", code="import-path")
        return None
    if path.is_symlink() or (path.exists() and hashlib.sha256(path.read_bytes()).hexdigest() != sha):
        unit.error(where, f"The case already has a different file at {target}.",
                   "Move that file away, or rename the attachment in the export.", code="import-exists")
        return None
    unit.files.append(ExhibitFile(target, data, sha))
    entry = {"file": target, "sha256": sha, "custody": list(received)}
    if description:
        entry["description"] = description
    return entry


def safe_name(name: str) -> str:
    """An attachment's file name made safe: its last path part, without control or path characters."""
    base = re.split(r"[\\/]", name)[-1]
    base = re.sub(r"[^\w.\- ]+", "_", base).strip(" .")
    return base[:120] or "attachment"
