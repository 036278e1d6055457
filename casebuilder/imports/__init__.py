"""``casebuilder import``: bring evidence in from where NGOs keep it, as new YAML files of a case.

Formats: ``spreadsheet`` (CSV/XLSX sheets of records, facts, people and places), ``kobo`` and
``odk`` (form submissions, mapped to testimony records), ``uwazi`` (CSV export of entities) and
``atlos`` (the project export ZIP). Each format module reads its export into units (one per row,
or per Atlos incident); :mod:`.plan` settles references and drops the bad units; :mod:`.write`
writes the new files, never replacing one. Nothing is written when any unit is in error, unless
the user asks to skip the bad ones.
"""

from __future__ import annotations

import importlib
from types import ModuleType

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from casebuilder.imports.mapping import read_mapping
from casebuilder.imports.plan import Plan, case_id_sets, settle
from casebuilder.imports.write import Outcome, apply
from casebuilder.problems import CaseError, Problem, fail

FORMATS = ("spreadsheet", "kobo", "odk", "uwazi", "atlos")


@dataclass
class ImportResult:
    """What an import found and did."""

    plan: Plan
    outcome: Outcome | None
    """None when nothing was written (errors without --skip-bad)."""
    problems: list[Problem] = field(default_factory=list)

    @property
    def errors(self) -> list[Problem]:
        """The rows' errors."""
        return [p for p in self.problems if p.is_error]


_READERS = {"spreadsheet": "spreadsheet", "kobo": "forms", "odk": "forms", "uwazi": "uwazi", "atlos": "atlos"}


def _reader(fmt: str) -> ModuleType:
    """The module that reads ``fmt`` (imported only when used)."""
    return importlib.import_module(f"casebuilder.imports.{_READERS.get(fmt, 'atlos')}")


def run_import(fmt: str, source: Path, case: Path, *, skip_bad: bool = False, mapping: Path | None = None,
               today: date | None = None) -> ImportResult:
    """Import ``source`` (in format ``fmt``) into the case folder ``case``; raise CaseError if the export
    or the mapping file cannot be used at all."""
    from casebuilder.pipeline.check import check_case

    if fmt not in FORMATS:
        raise fail(fmt, f"'{fmt}' is not an import format.", f"Use one of: {', '.join(FORMATS)}.", "import-format")
    source = Path(source)
    if source.is_symlink():
        raise fail(str(source), "The export is a symbolic link.", "Give the file or folder itself.", "import-link")
    if not source.exists():
        raise fail(str(source), "There is no such file or folder.", "Give the path of the export.", "import-source")
    settings = read_mapping(fmt, Path(mapping) if mapping else None)
    checked = check_case(case)
    root = checked.root
    module = _reader(fmt)
    if fmt in ("kobo", "odk"):
        units, file_problems = module.read(source, settings, root, fmt=fmt, mapping_dir=_base(mapping, source))
    else:
        units, file_problems = module.read(source, settings, root)
    plan = settle(units, case_id_sets(checked.case), file_problems)
    if plan.errors and not skip_bad:
        return ImportResult(plan, None, plan.problems)
    files = _case_files(checked.case)
    outcome = apply(plan, root, case_files=files, source=source.name, fmt=fmt, who=settings.imported_by,
                    today=today)
    return ImportResult(plan, outcome, plan.problems + outcome.problems)


def _base(mapping: Path | None, source: Path) -> Path:
    return Path(mapping).parent if mapping else (source if source.is_dir() else source.parent)


def _case_files(case) -> dict[str, str]:
    if case is None:
        return {}
    files = {}
    for collection in (case.evidence, case.facts, case.people, case.places):
        for item_id, located in collection.items():
            files[item_id] = located.file.path
    return files


__all__ = ["FORMATS", "CaseError", "ImportResult", "run_import"]
