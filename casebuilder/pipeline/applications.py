"""The ``applications`` orchestrator: one ECHR application pack per roster row, the table of
applicants, and an index of everything written.

1. **Check** the case (as ``check`` does) and the whole roster (:mod:`casebuilder.roster.rows`): every
   bad row is reported at its row and column; the good rows are built.
2. **Plan**: each good row gets a *key*, the SHA-256 of everything its pack depends on (the
   tool, every file of the case folder, the row itself, and which facts and records other rows
   claim as their own). A pack whose key and file are unchanged since the last run is not
   rendered again.
3. **Render** the other packs, on ``jobs`` cores (:mod:`casebuilder.output.workers`). Everything that all
   packs share is done once, in the parent, before the workers start: loading and checking the
   case, the input hashes, the template environment, WeasyPrint's import and fonts. Each pack is
   the applicant's own case: the shared facts of the case, the applicant's own facts and
   statement, their own time-limit finding, and only their own personal data (no other roster
   row reaches their PDF).
4. **Write** each pack as soon as it is rendered (whole or not at all), and note it in a journal;
   at the end, the table of applicants (XLSX and CSV), ``index.json`` and ``index.csv``. A run
   stopped half-way (Ctrl-C) leaves every finished pack whole and its journal; the next run takes
   the finished packs as they are and produces the same files as a run that was never stopped.
"""

from __future__ import annotations

import csv
import dataclasses
import hashlib
import io
import json
import os
import re
import sys
import time
import zipfile
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any, Callable

from casebuilder import __version__
from casebuilder.validate.case import Case
from casebuilder.pipeline.check import CheckResult, full_check
from casebuilder.dossier.kinds import KINDS, Planned
from casebuilder.problems import CaseError, Problem
from casebuilder.roster.rows import APPLICANT_CHECKS, Roster, RosterRow, read_roster
from casebuilder.validate.errors import Located
from casebuilder.load.yamlsafe import YamlFile

KIND = "echr-application"
AUDIENCE = "court"
JOURNAL = ".applications-journal.jsonl"
INDEX_JSON, INDEX_CSV = "index.json", "index.csv"
TABLE_CSV, TABLE_XLSX = "applicants.csv", "applicants.xlsx"
TABLE_COLUMNS = ("No.", "Applicant id", "Surname", "First name(s)", "Date of birth", "Place of birth", "Nationality",
                 "Address", "Sex", "Representative", "Date of final domestic decision",
                 "Final domestic decision by", "Time limit (last day)", "Anonymity requested", "Application file",
                 "Pages")
"""The columns of the table of applicants, in order (see the README)."""
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


@dataclass
class PackOutcome:
    """What rendering one pack gave (sent back from a worker)."""

    index: int
    pdf: bytes | None
    pages: int = 0
    problems: list[Problem] = field(default_factory=list)
    timings: dict[str, float] = field(default_factory=dict)


@dataclass
class ApplicationsResult:
    """What an applications run did."""

    out: Path
    roster: Roster
    built: list[str]
    """Packs rendered in this run (file names)."""
    reused: list[str]
    """Packs already up to date (file names)."""
    failed: dict[int, list[Problem]]
    """Rows whose pack could not be made (page limits), by row number."""
    removed: list[str]
    """Packs of earlier runs removed because their row is gone or now in error."""
    written: list[Path]
    """The tables and indexes written."""
    entries: list[dict]
    """The index: one entry per pack, in roster order."""
    seconds: float = 0.0
    timings: dict[str, float] = field(default_factory=dict)
    """Seconds spent in each phase (summed over packs for the per-pack phases)."""
    interrupted: bool = False
    warnings: list[Problem] = field(default_factory=list)
    """The case's own warnings."""

    @property
    def problems(self) -> list[Problem]:
        """Every problem of the roster and of the packs, in row order."""
        found = list(self.roster.problems)
        for problems in self.failed.values():
            found += problems
        return sorted(found, key=lambda p: (p.line, p.column, p.message))


class _Shared:
    """Everything the packs of one run share, prepared once in the parent (workers inherit it)."""

    def __init__(self, checked: CheckResult, roster: Roster, rows: list[RosterRow]):
        from casebuilder.load.cache import tool_fingerprint
        from casebuilder.integrity.manifest import build_date, input_hashes
        from casebuilder.render.theme import make_environment

        case = checked.case
        self.case, self.library, self.roster, self.rows = case, checked.library, roster, rows
        self.kind = KINDS[KIND]
        self.findings = [f for f in checked.findings if f.check not in APPLICANT_CHECKS]
        self.env = make_environment(case.root)
        self.inputs = input_hashes(case, AUDIENCE)
        self.build_date = build_date(case)
        self.particular_facts = {f for r in rows for f in r.own_facts}
        self.particular_records = {r_id for r in rows for r_id in r.own_records}
        shared = [at.item for fid, at in case.facts.items() if fid not in self.particular_facts]
        self.shared_refs = {s.record for f in shared for s in (*f.evidence, *f.contradicted_by)}
        self.tool = tool_fingerprint()

    def case_for(self, row: RosterRow) -> Case:
        """The case as the applicant's pack sees it: shared facts, their own, and no one else's."""
        case = self.case
        located = _row_file(self.roster, row)
        own_facts = set(row.own_facts)
        drop_facts = self.particular_facts - own_facts
        facts = {k: v for k, v in case.facts.items() if k not in drop_facts} if drop_facts else dict(case.facts)
        if row.statement is not None:
            facts[row.statement.id] = Located(row.statement, located)
        own_refs = set(row.own_records)
        for fact_id in row.own_facts:
            if fact_id in case.facts:
                fact = case.fact(fact_id)
                own_refs |= {s.record for s in (*fact.evidence, *fact.contradicted_by)}
        drop_records = self.particular_records - self.shared_refs - own_refs
        evidence = ({k: v for k, v in case.evidence.items() if k not in drop_records} if drop_records
                    else case.evidence)
        people = {**case.people, row.person.id: Located(row.person, located)}
        parties = case.case.parties
        representatives = tuple(r.model_copy(update={"represents": (*r.represents, row.applicant_id)})
                                if r.id == row.applicant.representative else r for r in parties.representatives)
        parties = parties.model_copy(update={"applicants": (*parties.applicants, row.applicant),
                                             "representatives": representatives})
        return dataclasses.replace(case, case=case.case.model_copy(update={"parties": parties}), facts=facts,
                                   evidence=evidence, people=people)

    def key(self, row: RosterRow, base: str) -> str:
        """The hash of everything the row's pack depends on."""
        # The others' facts and records are everyone's minus the row's own: hash everyone's once and
        # the row's own share per row, so that a roster of n rows costs O(n), not O(n^2 log n).
        everyone = getattr(self, "_everyone_digest", None)
        if everyone is None:
            everyone = hashlib.sha256(",".join(sorted(self.particular_facts | self.particular_records)).encode()).hexdigest()
            self._everyone_digest = everyone
        own = sorted((self.particular_facts & set(row.own_facts)) | (self.particular_records & set(row.own_records)))
        text = "\n".join([base, row.digest(), everyone, ",".join(own)])
        return hashlib.sha256(text.encode("utf-8")).hexdigest()

    def render(self, index: int) -> PackOutcome:
        """Render the pack of ``rows[index]`` (in a worker)."""
        from casebuilder.dossier.context import build_context
        from casebuilder.integrity.manifest import CASE_DATA, case_data, to_json
        from casebuilder.render.pdf import PdfMetadata, render_pdf
        from casebuilder.render.pipeline import page_problems

        row = self.rows[index]
        timings: dict[str, float] = {}
        started = time.perf_counter()
        case = self.case_for(row)
        planned = Planned(self.kind, row.filename, AUDIENCE, row.applicant_id)
        try:
            context = build_context(case, planned, self.library, [*self.findings, *row.findings])
            timings["context"] = time.perf_counter() - started
            mark = time.perf_counter()
            html = self.env.render(f"{KIND}.html", context)
            timings["template"] = time.perf_counter() - mark
            mark = time.perf_counter()
            manifest = {"tool": "casebuilder", "version": __version__, "case": case.case.short_name,
                        "document": row.filename, "kind": KIND, "audience": AUDIENCE, "build_date": self.build_date,
                        "inputs": self.inputs, "applicant": {"id": row.ref, "row_sha256": row.digest()}}
            attachments = [(CASE_DATA, to_json(case_data(case, context, AUDIENCE)), "The case data this dossier was "
                            "built from"),
                           ("manifest.json", to_json(manifest), "What this dossier was built from, with SHA-256 hashes")]
            metadata = PdfMetadata(title=f"{self.kind.title}: {context['case']['title']}", date=case.case.date.start,
                                   language=case.case.language, subject=self.kind.title,
                                   keywords=(KIND, AUDIENCE), author="")
            timings["attachments"] = time.perf_counter() - mark
            rendered = render_pdf(html, case_root=case.root, metadata=metadata, attachments=attachments,
                                  origin="templates/")
        except CaseError as exc:
            return PackOutcome(index, None, problems=[_at_row(self.roster, row, p) for p in exc.problems])
        timings.update(rendered.timings)
        problems = [_at_row(self.roster, row, p) for p in page_problems(planned, rendered.page_count, rendered.anchors)]
        timings["total"] = time.perf_counter() - started
        if problems:
            return PackOutcome(index, None, rendered.page_count, problems, timings)
        return PackOutcome(index, rendered.pdf, rendered.page_count, [], timings)

    def warm(self) -> None:
        """Do once, before the workers start, what every render would otherwise do first: import
        WeasyPrint, load its fonts, compile the templates."""
        from casebuilder.output.workers import warm_renderer

        self.env.get_template(f"{KIND}.html")
        warm_renderer(self.case.case.date.start)


def _row_file(roster: Roster, row: RosterRow) -> YamlFile:
    """A stand-in 'file' for the objects made from a row, so that a problem about them names the row."""
    return YamlFile(roster.shown, row.cells, {(): (row.row, 1)}, {(): (row.row, 1)})


def _at_row(roster: Roster, row: RosterRow, problem: Problem) -> Problem:
    return Problem(roster.shown, row.row, 0, f"{row.filename}: {problem.message}", problem.hint, problem.severity,
                   problem.code)


def default_out(case: Case) -> Path:
    """Where packs go unless told: output/<case>/applications/."""
    from casebuilder.pipeline.build import REPO_OUTPUT

    return REPO_OUTPUT / case.case.short_name / "applications"


def build_applications(path: Path, roster_path: Path, *, out: Path | None = None, jobs: int = 1, strict: bool = False,
                       progress: Callable[[int, int, str], None] | None = None,
                       report: Callable[[Roster, list[Problem]], None] | None = None) -> ApplicationsResult:
    """Check the case and the roster, then build the pack of every good row that is not up to date.

    ``report`` is called with the roster and the case's warnings once everything is checked, before
    anything is rendered; ``progress(done, total, file name)`` after each pack.
    """
    started = time.perf_counter()
    timings: dict[str, float] = {}
    checked = full_check(path)
    timings["check case"] = time.perf_counter() - started
    case = checked.case
    if case is None:
        raise CaseError(checked.problems)
    case_problems = [p for p in checked.problems if p.code not in APPLICANT_CHECKS]
    blocking = [p for p in case_problems if p.is_error or strict]
    if blocking:
        raise CaseError(blocking)
    mark = time.perf_counter()
    roster = read_roster(Path(roster_path), case, shown=str(roster_path))
    timings["read roster"] = time.perf_counter() - mark
    if report:
        report(roster, case_problems)
    if strict and roster.problems:
        raise CaseError(roster.problems)
    out = Path(out) if out else default_out(case)
    from casebuilder.output.write import ensure_outside_case

    ensure_outside_case(out, case.root)
    mark = time.perf_counter()
    shared = _Shared(checked, roster, roster.rows)
    from casebuilder.load.cache import folder_digest

    base = "\n".join([shared.tool, KIND, AUDIENCE, os.environ.get("SOURCE_DATE_EPOCH", ""),
                      folder_digest(case.root, exclude=(Path(roster_path),))])
    keys = [shared.key(row, base) for row in roster.rows]
    previous = _previous(out)
    todo, reused = [], []
    for i, row in enumerate(roster.rows):
        entry = previous.get(row.filename)
        if entry and entry.get("inputs") == keys[i] and _intact(out / row.filename, entry.get("sha256")):
            reused.append(i)
        else:
            todo.append(i)
    timings["plan"] = time.perf_counter() - mark
    result = ApplicationsResult(out, roster, [], [], {}, [], [], [], timings=timings,
                                warnings=[p for p in case_problems if not p.is_error])
    entries: dict[int, dict] = {i: previous[roster.rows[i].filename] for i in reused}
    result.reused = [roster.rows[i].filename for i in reused]
    if todo:
        mark = time.perf_counter()
        shared.warm()
        timings["warm up"] = time.perf_counter() - mark
    from casebuilder.output.workers import run_tasks
    from casebuilder.output.write import write_atomic

    done = len(reused)
    total = len(roster.rows)
    journal = None
    try:
        if todo:
            out.mkdir(parents=True, exist_ok=True)
            journal = open(out / JOURNAL, "a", encoding="utf-8")
        for position, outcome in run_tasks(lambda n: shared.render(todo[n]), len(todo), jobs):
            row = roster.rows[outcome.index]
            for phase, seconds in outcome.timings.items():
                timings[f"pack: {phase}"] = timings.get(f"pack: {phase}", 0.0) + seconds
            done += 1
            if outcome.pdf is None:
                result.failed[row.row] = outcome.problems
            else:
                mark = time.perf_counter()
                write_atomic(out / row.filename, outcome.pdf)
                entry = _entry(row, outcome.pages, hashlib.sha256(outcome.pdf).hexdigest(), keys[outcome.index])
                journal.write(json.dumps(entry, ensure_ascii=False, sort_keys=True) + "\n")
                journal.flush()
                entries[outcome.index] = entry
                result.built.append(row.filename)
                timings["write packs"] = timings.get("write packs", 0.0) + time.perf_counter() - mark
            if progress:
                progress(done, total, row.filename)
    except KeyboardInterrupt:
        result.interrupted = True
    finally:
        if journal:
            journal.close()
    if result.interrupted:
        result.seconds = time.perf_counter() - started
        return result
    mark = time.perf_counter()
    ordered = [entries[i] for i in sorted(entries)]
    result.entries = ordered
    result.removed = _remove_stale(out, previous, {e["file"] for e in ordered})
    rows = {r.filename: r for r in roster.rows}
    files = _tables(case, [(rows[e["file"]], e) for e in ordered])
    index_entries = [{"file": name, "sha256": hashlib.sha256(data).hexdigest()} for name, data in files.items()]
    index = {"tool": "casebuilder", "version": __version__, "case": case.case.short_name,
             "build_date": shared.build_date, "roster": {"file": Path(roster_path).name, "sha256": roster.sha256,
                                                         "rows": roster.total, "built": len(ordered),
                                                         "bad_rows": sorted({*roster.bad_rows, *result.failed})},
             "packs": ordered, "tables": index_entries}
    files[INDEX_JSON] = json.dumps(index, indent=2, ensure_ascii=False, sort_keys=True).encode("utf-8") + b"\n"
    files[INDEX_CSV] = _index_csv(ordered, index_entries)
    if files or ordered:
        out.mkdir(parents=True, exist_ok=True)
    for name, data in files.items():
        target = out / name
        if not (target.is_file() and target.read_bytes() == data):
            write_atomic(target, data)
        result.written.append(target)
    (out / JOURNAL).unlink(missing_ok=True)
    timings["tables and index"] = time.perf_counter() - mark
    result.seconds = time.perf_counter() - started
    return result


def _entry(row: RosterRow, pages: int, sha256: str, key: str) -> dict:
    return {"file": row.filename, "applicant": row.ref, "id": row.applicant_id, "pages": pages, "sha256": sha256,
            "inputs": key}


def _previous(out: Path) -> dict[str, dict]:
    """The packs recorded by the last complete run, updated by the journal of a stopped one."""
    found: dict[str, dict] = {}
    try:
        index = json.loads((out / INDEX_JSON).read_text(encoding="utf-8"))
        for entry in index.get("packs", []):
            if isinstance(entry, dict) and isinstance(entry.get("file"), str):
                found[entry["file"]] = entry
    except (OSError, ValueError, AttributeError):
        pass
    try:
        with open(out / JOURNAL, encoding="utf-8") as handle:
            for line in handle:
                try:
                    entry = json.loads(line)
                except ValueError:  # a line cut by the stop: that pack is simply rendered again
                    continue
                if isinstance(entry, dict) and isinstance(entry.get("file"), str):
                    found[entry["file"]] = entry
    except OSError:
        pass
    return found


def _intact(path: Path, sha256: Any) -> bool:
    try:
        return isinstance(sha256, str) and hashlib.sha256(path.read_bytes()).hexdigest() == sha256
    except OSError:
        return False


def _remove_stale(out: Path, previous: dict[str, dict], keep: set[str]) -> list[str]:
    """Remove the packs an earlier run wrote whose row is gone or now in error (only files it named)."""
    removed = []
    for name in sorted(set(previous) - keep):
        if re.fullmatch(r"echr-application-[a-z0-9._-]+\.pdf", name) and (out / name).is_file():
            (out / name).unlink()
            removed.append(name)
    return removed


# --- the table of applicants and the index -------------------------------------------------------

def safe_cell(value: Any) -> Any:
    """A cell of a table for spreadsheets: text that a spreadsheet would run as a formula
    (starting with = + - @, a tab or a carriage return) is prefixed with an apostrophe."""
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def table_rows(case: Case, built: list[tuple[RosterRow, dict]]) -> list[list[Any]]:
    """The table of applicants: one line per pack, the columns of :data:`TABLE_COLUMNS` (text and numbers)."""
    representatives = {r.id: r.name for r in case.case.parties.representatives}
    lines = []
    for number, (row, entry) in enumerate(built, start=1):
        a, c = row.applicant, row.cells
        final = a.final_decision
        lines.append([number, row.ref, c.get("surname", ""), c.get("given_names", ""), str(a.date_of_birth or ""),
                      a.place_of_birth or "", a.nationality or "", a.address or "", a.sex or "",
                      representatives.get(a.representative or "", ""), str(final.date) if final else "",
                      final.court if final else "", row.deadline.isoformat() if row.deadline else "",
                      "yes" if a.anonymity.requested else "no", entry["file"], entry["pages"]])
    return lines


def _tables(case: Case, built: list[tuple[RosterRow, dict]]) -> dict[str, bytes]:
    lines = table_rows(case, built)
    return {TABLE_XLSX: _xlsx(case, lines), TABLE_CSV: _csv([list(TABLE_COLUMNS), *lines])}


def _csv(lines: list[list[Any]]) -> bytes:
    """CSV for spreadsheets: UTF-8 with a byte-order mark (so that Excel reads Armenian and Cyrillic
    right), comma-separated, every text cell safe from formula injection."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n")
    for line in lines:
        writer.writerow([safe_cell(v) for v in line])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def _index_csv(packs: list[dict], tables: list[dict]) -> bytes:
    lines = [["file", "applicant", "pages", "sha256"]]
    lines += [[e["file"], e["applicant"], e["pages"], e["sha256"]] for e in packs]
    lines += [[t["file"], "", "", t["sha256"]] for t in tables]
    return _csv(lines)


def _xlsx(case: Case, lines: list[list[Any]]) -> bytes:
    """The table as an XLSX workbook, the same bytes for the same table (fixed dates and ZIP times)."""
    from datetime import date as date_type

    import openpyxl
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
    from openpyxl.styles import Alignment, Font

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Applicants"
    sheet.append(list(TABLE_COLUMNS))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    date_columns = {TABLE_COLUMNS.index(n) for n in ("Date of birth", "Date of final domestic decision",
                                                      "Time limit (last day)")}
    for line in lines:
        values = []
        for i, value in enumerate(line):
            if i in date_columns and isinstance(value, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
                values.append(date_type.fromisoformat(value))
            elif isinstance(value, str):
                values.append(safe_cell(ILLEGAL_CHARACTERS_RE.sub("", value)))
            else:
                values.append(value)
        sheet.append(values)
        for i in date_columns:
            cell = sheet.cell(row=sheet.max_row, column=i + 1)
            if isinstance(cell.value, (date_type, datetime)):
                cell.number_format = "DD/MM/YYYY"
            elif isinstance(cell.value, str):
                cell.data_type = "s"
    for row in sheet.iter_rows(min_row=2):
        for cell in row:
            if isinstance(cell.value, str):
                cell.data_type = "s"  # never a formula, whatever the text
    widths = (5, 14, 18, 20, 12, 18, 14, 36, 8, 22, 14, 24, 14, 10, 34, 7)
    for i, width in enumerate(widths, start=1):
        sheet.column_dimensions[openpyxl.utils.get_column_letter(i)].width = width
    sheet.freeze_panes = "A2"
    moment = datetime(case.case.date.start.year, case.case.date.start.month, case.case.date.start.day)
    book.properties.creator = "casebuilder"
    book.properties.created = moment
    book.properties.title = f"Applicants: {case.case.title}"
    buffer = io.BytesIO()
    book.save(buffer)
    return _stable_zip(buffer.getvalue(), moment)


def _stable_zip(data: bytes, moment: datetime) -> bytes:
    """Rewrite a ZIP (an XLSX) with fixed entry times and the document's own date as its 'modified'."""
    stamp = moment.strftime("%Y-%m-%dT%H:%M:%SZ")
    source = zipfile.ZipFile(io.BytesIO(data))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            content = source.read(info.filename)
            if info.filename == "docProps/core.xml":
                content = re.sub(rb"(<dcterms:modified[^>]*>)[^<]*(</dcterms:modified>)",
                                 rb"\g<1>" + stamp.encode() + rb"\g<2>", content)
            fixed = zipfile.ZipInfo(info.filename, date_time=(1980, 1, 1, 0, 0, 0))
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = 0o644 << 16
            target.writestr(fixed, content)
    return buffer.getvalue()


# --- progress on a terminal ----------------------------------------------------------------------

class Progress:
    """Count, rate and time left, on one line of a terminal (or a line every 5 % in a log)."""

    def __init__(self, stream=None):
        self.stream = stream or sys.stderr
        self.tty = hasattr(self.stream, "isatty") and self.stream.isatty()
        self.started = time.perf_counter()
        self.first: int | None = None
        self.shown = -1.0
        self.width = 0

    def __call__(self, done: int, total: int, name: str) -> None:
        now = time.perf_counter()
        if self.first is None:  # packs already up to date are counted, not timed
            self.first = done - 1
        made = done - self.first
        rate = made / max(now - self.started, 1e-9)
        left = (total - done) / rate if rate else 0.0
        line = (f"[{done:>{len(str(total))}}/{total}] {done / total:4.0%}  {rate:5.2f} packs/s  "
                f"{_duration(left)} left  {name}")
        if self.tty:
            self.width = max(self.width, len(line))
            self.stream.write("\r" + line.ljust(self.width))
            if done == total:
                self.stream.write("\n")
            self.stream.flush()
        elif done == total or now - self.shown >= 30 or (done * 20) // total != ((done - 1) * 20) // total:
            self.stream.write(line + "\n")
            self.stream.flush()
            self.shown = now

    def end(self) -> None:
        """End the progress line (after a stop)."""
        if self.tty and self.width:
            self.stream.write("\n")
            self.stream.flush()


def _duration(seconds: float) -> str:
    seconds = int(round(seconds))
    if seconds >= 3600:
        return f"{seconds // 3600}h{seconds % 3600 // 60:02d}m"
    if seconds >= 60:
        return f"{seconds // 60}m{seconds % 60:02d}s"
    return f"{seconds}s"


def summary(result: ApplicationsResult, jobs: int) -> str:
    """The closing lines of a run."""
    roster = result.roster
    bad = sorted({*roster.bad_rows, *result.failed})
    rate = len(result.built) / result.seconds if result.seconds else 0.0
    lines = [f"Roster {roster.shown}: {roster.total} applicant row(s); {len(roster.rows) - len(result.failed)} good, "
             f"{len(bad)} bad" + (f" (rows {', '.join(map(str, bad[:20]))}{', ...' if len(bad) > 20 else ''})"
                                  if bad else "") + "."]
    if result.interrupted:
        lines.append(f"Stopped: {len(result.built)} pack(s) written whole in this run. Run the same command again to "
                     "build the rest (finished packs are kept).")
        return "\n".join(lines)
    lines.append(f"Built {len(result.built)} pack(s), {len(result.reused)} already up to date"
                 + (f", removed {len(result.removed)} stale" if result.removed else "")
                 + f", in {_duration(result.seconds)}" + (f" ({rate:.2f} packs/s, {jobs} job(s))" if result.built
                                                           else "") + f": {result.out}")
    lines.append(f"Wrote {TABLE_XLSX}, {TABLE_CSV} ({len(result.entries)} applicant(s)), {INDEX_JSON} and {INDEX_CSV}.")
    return "\n".join(lines)
