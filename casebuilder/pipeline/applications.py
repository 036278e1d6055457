"""The ``applications`` orchestrator: one ECHR application pack per roster row, the table of
applicants, and an index of everything written.

1. **Check** the case (as ``check`` does) and the whole roster (:mod:`casebuilder.roster.rows`): every
   bad row is reported at its row and column; the good rows are built.
2. **Plan**: each good row gets a *key* (:meth:`~casebuilder.roster.packs.Packs.key`), the SHA-256 of
   everything its pack depends on (the tool, every file of the case folder, the row itself, and which
   facts and records other rows claim as their own). A pack whose key and file are unchanged since the
   last run is not rendered again.
3. **Render** the other packs, on ``jobs`` cores (:mod:`casebuilder.output.workers`). Everything that all
   packs share is done once, in the parent, before the workers start (:class:`~casebuilder.roster.packs.Packs`).
   Each pack is the applicant's own case: the shared facts, the applicant's own facts and statement, their
   own forum-check findings, and only their own personal data (no other roster row reaches their PDF).
4. **Write** each pack as soon as it is rendered (whole or not at all), and note it in the journal
   (:mod:`casebuilder.output.journal`); at the end, the table of applicants (:mod:`casebuilder.roster.tables`),
   ``index.json`` and ``index.csv``. A run stopped half-way (Ctrl-C) leaves every finished pack whole and its
   journal; the next run takes the finished packs as they are and produces the same files as a run that
   was never stopped.
"""

from __future__ import annotations

import contextlib
import json
import os
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Iterator

from casebuilder import __version__
from casebuilder.integrity.manifest import build_date, sha256_bytes
from casebuilder.load.cache import folder_digest, tool_fingerprint
from casebuilder.output import paths
from casebuilder.output.journal import Journal, intact, remove_stale
from casebuilder.output.workers import run_tasks
from casebuilder.output.write import ensure_outside_case, write_atomic
from casebuilder.pipeline.check import CheckResult, blocking_problems, full_check
from casebuilder.problems import CaseError, Problem
from casebuilder.roster.checks import APPLICANT_CHECKS
from casebuilder.roster.packs import AUDIENCE, KIND, PackOutcome, Packs
from casebuilder.roster.rows import Roster, RosterRow, read_roster
from casebuilder.roster.tables import applicant_tables, index_csv
from casebuilder.validate.case import Case

INDEX_JSON, INDEX_CSV = "index.json", "index.csv"
PACK_NAMES = r"echr-application-[a-z0-9._-]+\.pdf"
"""The file names of packs: the only files a run removes (those an earlier run wrote and this one does not)."""


@dataclass
class ApplicationsResult:
    """What an applications run did."""

    out: Path
    """The output folder."""
    roster: Roster
    """The roster as read and checked."""
    built: list[str] = field(default_factory=list)
    """Packs rendered in this run (file names)."""
    reused: list[str] = field(default_factory=list)
    """Packs already up to date (file names)."""
    failed: dict[int, list[Problem]] = field(default_factory=dict)
    """Rows whose pack could not be made (page limits), by row number."""
    removed: list[str] = field(default_factory=list)
    """Packs of earlier runs removed because their row is gone or now in error."""
    written: list[Path] = field(default_factory=list)
    """The tables and indexes written."""
    entries: list[dict[str, Any]] = field(default_factory=list)
    """The index: one entry per pack, in roster order."""
    seconds: float = 0.0
    """How long the run took."""
    timings: dict[str, float] = field(default_factory=dict)
    """Seconds spent in each phase (summed over packs for the per-pack phases)."""
    interrupted: bool = False
    """Whether the run was stopped (Ctrl-C, SIGTERM) before it finished."""
    warnings: list[Problem] = field(default_factory=list)
    """The case's own warnings."""

    @property
    def problems(self) -> list[Problem]:
        """Every problem of the roster and of the packs, in row order."""
        found = list(self.roster.problems)
        for problems in self.failed.values():
            found += problems
        return sorted(found, key=lambda p: (p.line, p.column, p.message))


class Clock:
    """The seconds a run spends in each phase."""

    def __init__(self) -> None:
        self.started = time.perf_counter()
        self.timings: dict[str, float] = {}

    @contextlib.contextmanager
    def __call__(self, phase: str) -> Iterator[None]:
        mark = time.perf_counter()
        try:
            yield
        finally:
            self.add(phase, time.perf_counter() - mark)

    def add(self, phase: str, seconds: float) -> None:
        """Count ``seconds`` more in ``phase``."""
        self.timings[phase] = self.timings.get(phase, 0.0) + seconds

    def total(self) -> float:
        """Seconds since the run started."""
        return time.perf_counter() - self.started


Report = Callable[[Roster, list[Problem]], None]
Progress = Callable[[int, int, str], None]


def default_out(case: Case) -> Path:
    """Where packs go unless told: output/<case>/applications/."""
    return paths.default_out(case.case.short_name, "applications")


def build_applications(path: Path, roster_path: Path, *, out: Path | None = None, jobs: int = 1, strict: bool = False,
                       progress: Progress | None = None, report: Report | None = None) -> ApplicationsResult:
    """Check the case and the roster, then build the pack of every good row that is not up to date.

    ``report`` is called with the roster and the case's warnings once everything is checked, before
    anything is rendered; ``progress(done, total, file name)`` after each pack.
    """
    clock = Clock()
    with clock("check case"):
        checked = full_check(path)
    case, case_problems = _buildable(checked, strict)
    with clock("read roster"):
        roster = read_roster(Path(roster_path), case, shown=str(roster_path), library=checked.library)
    if report:
        report(roster, case_problems)
    if strict and roster.problems:
        raise CaseError(roster.problems)
    out = Path(out) if out else default_out(case)
    ensure_outside_case(out, case.root)
    result = ApplicationsResult(out, roster, timings=clock.timings,
                                warnings=[p for p in case_problems if not p.is_error])
    with clock("plan"):
        packs = Packs(case, checked.library, checked.findings, roster)
        journal = Journal(out, INDEX_JSON)
        previous = journal.previous()
        keys = [packs.key(row, _base_key(case, Path(roster_path))) for row in roster.rows]
        entries = {i: previous[row.filename] for i, row in enumerate(roster.rows)
                   if _up_to_date(out, previous.get(row.filename), keys[i])}
    result.reused = [roster.rows[i].filename for i in sorted(entries)]
    todo = [i for i in range(len(roster.rows)) if i not in entries]
    result.interrupted = _render(packs, todo, keys, jobs, journal, result, entries, clock, progress)
    if not result.interrupted:
        with clock("tables and index"):
            result.entries = [entries[i] for i in sorted(entries)]
            result.removed = remove_stale(out, previous, {e["file"] for e in result.entries}, PACK_NAMES)
            result.written = _write_index(case, roster, Path(roster_path), result)
            journal.finish()
    result.seconds = clock.total()
    return result


def _buildable(checked: CheckResult, strict: bool) -> tuple[Case, list[Problem]]:
    """The checked case and its problems (the per-applicant checks aside: the roster's rows run them);
    raise when something blocks the build (the one rule of :func:`blocking_problems`)."""
    if checked.case is None:
        raise CaseError(checked.problems)
    blocking = [p for p in blocking_problems(checked, strict) if p.code not in APPLICANT_CHECKS]
    if blocking:
        raise CaseError(blocking)
    return checked.case, [p for p in checked.problems if p.code not in APPLICANT_CHECKS]


def _base_key(case: Case, roster_path: Path) -> str:
    """What every pack depends on: the tool, the kind, the build date's source, every case file but the roster."""
    return "\n".join([tool_fingerprint(), KIND, AUDIENCE, os.environ.get("SOURCE_DATE_EPOCH", ""),
                      folder_digest(case.root, exclude=(roster_path,))])


def _up_to_date(out: Path, entry: dict[str, Any] | None, key: str) -> bool:
    return entry is not None and entry.get("inputs") == key and intact(out / entry["file"], entry.get("sha256"))


def _render(packs: Packs, todo: list[int], keys: list[str], jobs: int, journal: Journal,
            result: ApplicationsResult, entries: dict[int, dict[str, Any]], clock: Clock,
            progress: Progress | None) -> bool:
    """Render the packs ``todo`` (indexes of good rows) and write each as it comes; True when stopped."""
    if todo:
        with clock("warm up"):
            packs.warm()
    done, total = len(result.reused), len(packs.rows)
    try:
        for _position, outcome in run_tasks(lambda n: packs.render(todo[n]), len(todo), jobs):
            row = packs.rows[outcome.index]
            clock.add("pack: total", outcome.seconds)
            done += 1
            if outcome.pdf is None:
                result.failed[row.row] = outcome.problems
            else:
                with clock("write packs"):
                    entries[outcome.index] = _write_pack(result.out, row, outcome, keys[outcome.index], journal)
                result.built.append(row.filename)
            if progress:
                progress(done, total, row.filename)
    except KeyboardInterrupt:
        return True
    finally:
        journal.close()
    return False


def _write_pack(out: Path, row: RosterRow, outcome: PackOutcome, key: str, journal: Journal) -> dict[str, Any]:
    """Write one pack whole, note it in the journal, and return its index entry."""
    assert outcome.pdf is not None
    write_atomic(out / row.filename, outcome.pdf)
    entry = {"file": row.filename, "applicant": row.ref, "id": row.applicant_id, "pages": outcome.pages,
             "sha256": sha256_bytes(outcome.pdf), "inputs": key}
    journal.record(entry)
    return entry


def _write_index(case: Case, roster: Roster, roster_path: Path, result: ApplicationsResult) -> list[Path]:
    """Write the table of applicants, ``index.json`` and ``index.csv`` (each only when its bytes change)."""
    rows = {r.filename: r for r in roster.rows}
    files = applicant_tables(case, [(rows[e["file"]], e) for e in result.entries])
    tables = [{"file": name, "sha256": sha256_bytes(data)} for name, data in files.items()]
    index = {"tool": "casebuilder", "version": __version__, "case": case.case.short_name,
             "build_date": build_date(case),
             "roster": {"file": roster_path.name, "sha256": roster.sha256, "rows": roster.total,
                        "built": len(result.entries), "bad_rows": sorted({*roster.bad_rows, *result.failed})},
             "packs": result.entries, "tables": tables}
    files[INDEX_JSON] = json.dumps(index, indent=2, ensure_ascii=False, sort_keys=True).encode("utf-8") + b"\n"
    files[INDEX_CSV] = index_csv(result.entries, tables)
    written = []
    for name, data in files.items():
        target = result.out / name
        if not (target.is_file() and target.read_bytes() == data):
            write_atomic(target, data)
        written.append(target)
    return written
