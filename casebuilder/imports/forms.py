"""KoboToolbox and ODK Central submission exports, mapped to testimony records.

KoboToolbox (kpi/formpack exports, "XML values and headers"): one row per submission, question
columns named by their XML path (``group/question``), then the meta columns ``_id``, ``_uuid``,
``_submission_time``, ``_validation_status``, ``_notes``, ``_status``, ``_submitted_by``,
``__version__``, ``_tags`` and ``_index``. A media question's cell holds the file's name; the files
are in the attachments folder, one sub-folder per submission ``_uuid`` (as kobo-transfer downloads
them: ``attachments/<asset uid>/<_uuid>/<file>``), or flat.

ODK Central ("All data and media files" ZIP, or its CSV): ``<form id>.csv`` starting with
``SubmissionDate``, questions named by their path with '-' (``group-question``), and ending with
``KEY`` (``uuid:...``), ``SubmitterID``, ``SubmitterName``, ``AttachmentsPresent``,
``AttachmentsExpected``, ``Status``, ``ReviewState``, ``DeviceID``, ``Edits``, ``FormVersion``;
the media files are in ``media/``.

Every submission becomes a testimony record, its witness a person and its place a place of the
case; each attachment becomes an exhibit with its SHA-256 and custody.
"""

from __future__ import annotations

import contextlib
import re
from pathlib import Path
from typing import Any

from casebuilder.imports.archive import safe_file, unpacked
from casebuilder.imports.mapping import FormMapping
from casebuilder.imports.plan import Item, Unit, Where
from casebuilder.imports.records import UNGRADED, exhibit, make_id, safe_name, split, validate
from casebuilder.imports.tables import Row, Table, read_table
from casebuilder.problems import Problem, fail

_ISO_TIME = re.compile(r"^(\d{4}-\d{2}-\d{2})[T ]\d{2}:\d{2}")
PLATFORM = {"kobo": "KoboToolbox", "odk": "ODK Central"}
ID_COLUMNS = {"kobo": ("_id", "_uuid"), "odk": ("KEY", "meta-instanceID")}
SUBMITTED = {"kobo": "_submission_time", "odk": "SubmissionDate"}
SUBMITTER = {"kobo": "_submitted_by", "odk": "SubmitterName"}


def read(source: Path, mapping: FormMapping, root: Path, *, fmt: str, mapping_dir: Path) -> tuple[list[Unit], list[Problem]]:
    """Read a submission export (file, folder, or ODK Central ZIP) into one unit per submission."""
    with contextlib.ExitStack() as stack:
        folder = source.parent
        if source.suffix.lower() == ".zip":
            folder = stack.enter_context(unpacked(source, source.name))
            source = _main_csv(folder, source.name)
        elif source.is_dir():
            folder, source = source, _main_csv(source, source.name)
        default = "attachments" if fmt == "kobo" else "media"
        media = (mapping_dir / mapping.attachments_folder) if mapping.attachments_folder else folder / default
        table = read_table(source, source.name)
        problems = table.problems + _header(table, mapping, fmt)
        if any(p.is_error for p in problems):
            return [], problems
        reader = _Reader(table, mapping, fmt, root, media, source.stem)
        return [reader.unit(row) for row in table.rows], problems
    raise AssertionError("unreachable")


def _main_csv(folder: Path, shown: str) -> Path:
    found = sorted(p for p in folder.rglob("*.csv") if not p.is_symlink())
    if not found:
        raise fail(shown, "The export holds no CSV file of submissions.", "Give the export's CSV or XLSX file.",
                   "import-source")
    return min(found, key=lambda p: (len(p.parts), len(p.name)))  # the root table, not a repeat's table


def _header(table: Table, mapping: FormMapping, fmt: str) -> list[Problem]:
    problems = []
    wanted = [("summary", mapping.summary), ("date", mapping.date), ("witness", mapping.witness),
              ("place", mapping.place), ("title", mapping.title), ("given_on", mapping.given_on),
              ("quote", mapping.quote)] + [("attachments", a) for a in mapping.attachments]
    for key, question in wanted:
        if question and not table.has(question):
            problems.append(Problem(table.shown, 1, 0, f"The mapping's {key} question '{question}' is not a column "
                                    "of the export.", f"Use one of its columns: {', '.join(table.headers[:12])} ...",
                                    code="import-mapping"))
    if not any(table.has(c) for c in ID_COLUMNS[fmt]):
        problems.append(Problem(table.shown, 1, 0, f"The export has no {' or '.join(ID_COLUMNS[fmt])} column, so "
                                "its submissions cannot keep their ids.", f"Export again from {PLATFORM[fmt]} "
                                "with the meta columns (XML values and headers).", code="import-header"))
    return problems


def day(text: str) -> str:
    """A date or a date-time of a form as a date the case files accept (the time is dropped)."""
    match = _ISO_TIME.match(text)
    return match[1] if match else text


class _Reader:
    def __init__(self, table: Table, mapping: FormMapping, fmt: str, root: Path, media: Path, form: str):
        self.table, self.mapping, self.fmt, self.root, self.media, self.form = table, mapping, fmt, root, media, form
        self.prefix = mapping.id_prefix if mapping.id_prefix is not None else f"{fmt.upper()}-"

    def at(self, row: Row, column: str | None) -> Where:
        return Where(self.table.shown, row.number, row.column(column), column or "")

    def unit(self, row: Row) -> Unit:
        unit = Unit(Where(self.table.shown, row.number))
        id_column = next(c for c in ID_COLUMNS[self.fmt] if self.table.has(c))
        raw = row.get(id_column).removeprefix("uuid:")
        if not raw:
            unit.error(self.at(row, id_column), "The submission has no id.", "Export again with the meta columns.",
                       "import-missing")
            return unit
        record_id = make_id(self.prefix, raw)
        m, where = self.mapping, {}
        for key, column in (("summary", m.summary), ("date", m.date), ("title", m.title), ("given_on", m.given_on)):
            where[key] = self.at(row, column)
        name = row.get(m.witness)
        if not name:
            unit.error(self.at(row, m.witness), "The witness question is not answered.",
                       "A testimony needs its witness: fill the answer in, or leave the submission out.",
                       "import-missing")
            return unit
        witness = f"{record_id}.witness"
        unit.items.append(Item("people", witness, {"id": witness, "name": name, "role": "witness"}))
        submitted = day(row.get(SUBMITTED[self.fmt]))
        data: dict[str, Any] = {"id": record_id, "kind": "testimony", "witness": witness,
                "title": row.get(m.title) or f"Testimony from {PLATFORM[self.fmt]} submission {raw}",
                "date": day(row.get(m.date)), "summary": row.get(m.summary),
                "persons": [{"person": witness, "role": "witness"}],
                "source": self._source(raw, submitted),
                "reliability": m.reliability.model_dump() if m.reliability else dict(UNGRADED)}
        if m.recorded_by:
            data["recorded_by"] = m.recorded_by
        if row.get(m.given_on):
            data["given_on"] = day(row.get(m.given_on))
        if row.get(m.quote):
            data["quotes"] = [{"text": row.get(m.quote), "speaker": witness}]
            where["quotes"] = self.at(row, m.quote)
        if m.tags:
            data["tags"] = list(m.tags)
        self._place(unit, row, data)
        exhibits = [e for q in m.attachments for e in self._attachments(unit, row, q, record_id, raw, submitted)]
        if exhibits:
            data["exhibits"] = exhibits
        if not unit.bad:
            item = validate(unit, "evidence", {k: v for k, v in data.items() if v not in ("", None)}, where)
            if item is not None:
                unit.items.append(item)
        return unit

    def _source(self, raw: str, submitted: str) -> dict:
        source = {"title": self.mapping.source_title or f"{self.form}, {PLATFORM[self.fmt]} submission {raw}"}
        if self.mapping.recorded_by:
            source["publisher"] = self.mapping.recorded_by
        if submitted:
            source["date"] = submitted
        if self.mapping.language:
            source["language"] = self.mapping.language
        return source

    def _place(self, unit: Unit, row: Row, data: dict) -> None:
        name = row.get(self.mapping.place)
        if not name:
            return
        place_id = name if re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9._-]*", name) and name.startswith("PL-") \
            else make_id("PL-", name)
        unit.items.append(Item("places", place_id, {"id": place_id, "name": name}))
        data["places"] = [place_id]

    def _attachments(self, unit: Unit, row: Row, question: str, record_id: str, raw: str, submitted: str) -> list:
        found = []
        uuid = row.get("_uuid") or raw
        for name in split(row.get(question)) if self.fmt == "odk" else [row.get(question)]:
            if not name:
                continue
            where = self.at(row, question)
            path = self._find(name, uuid)
            if path is None:
                unit.error(where, f"The attachment '{name}' is not in {self.media.name}/.",
                           "Download the attachments with the export, or say where they are with "
                           "attachments_folder in the mapping file.", "import-attachment")
                continue
            who = f"{PLATFORM[self.fmt]}" + (f" (submitted by {row.get(SUBMITTER[self.fmt])})"
                                            if row.get(SUBMITTER[self.fmt]) else "")
            received = [{"date": submitted, "who": who, "action": f"received with submission {raw} "
                         f"(question '{question}'); the server records no hash"}] if submitted else []
            target = f"exhibits/{self.fmt}/{record_id}/{safe_name(name)}"
            entry = exhibit(unit, self.root, target, path.read_bytes(), where, f"Attachment '{name}' of "
                            f"question '{question}'", received)
            if entry:
                found.append(entry)
        return found

    def _find(self, name: str, uuid: str) -> Path | None:
        base = safe_name(name)
        for rel in (f"{uuid}/{base}", base):
            if (found := safe_file(self.media, rel)) is not None:
                return found
        if not self.media.is_dir() or self.media.is_symlink():
            return None
        for pattern in (f"*/{uuid}/{base}", f"*/*/*/{uuid}/{base}"):  # kobo-transfer and Kobo's own ZIP layouts
            for candidate in sorted(self.media.glob(pattern)):
                if (found := safe_file(self.media, candidate.relative_to(self.media).as_posix())) is not None:
                    return found
        return None
