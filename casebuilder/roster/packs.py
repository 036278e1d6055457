"""Application packs: the case as one applicant's pack sees it, the key that says when the pack must be
built again, and its rendering through the one render path (so that every pack is sealed like a dossier).

Everything that all packs of a run share is prepared once, in :class:`Packs`, before any worker starts:
the renderer (one Jinja environment), the input hashes, which facts and records each row claims.
"""

from __future__ import annotations

import dataclasses
import time
from dataclasses import dataclass, field
from typing import Any

from casebuilder.checks import Finding
from casebuilder.dossier.kinds import KINDS, Planned
from casebuilder.integrity.manifest import input_hashes, sha256_bytes
from casebuilder.load.yamlsafe import YamlFile
from casebuilder.problems import CaseError, Problem
from casebuilder.render.pipeline import Renderer
from casebuilder.roster.checks import APPLICANT_CHECKS
from casebuilder.roster.rows import Roster, RosterRow
from casebuilder.validate.case import Case
from casebuilder.validate.errors import Located

KIND = "echr-application"
"""The dossier kind of a pack."""
AUDIENCE = "court"
"""The audience of a pack: it is filed with the Court."""


@dataclass
class PackOutcome:
    """What rendering one pack gave (sent back from a worker)."""

    index: int
    """The row's index in the roster's good rows."""
    pdf: bytes | None
    """The sealed PDF, None when it could not be made."""
    pages: int = 0
    """Its page count."""
    problems: list[Problem] = field(default_factory=list)
    """Why it could not be made (page limits, template errors), located at the row."""
    seconds: float = 0.0
    """The time it took to render."""


class Packs:
    """The packs of one run: everything they share, prepared once in the parent (workers inherit it)."""

    def __init__(self, case: Case, library: Any, findings: list[Finding], roster: Roster):
        self.case, self.library, self.roster, self.rows = case, library, roster, roster.rows
        self.kind = KINDS[KIND]
        self.findings = [f for f in findings if f.check not in APPLICANT_CHECKS]
        self.renderer = Renderer(case, library)
        self.inputs = input_hashes(case, AUDIENCE)
        self.particular_facts = {f for r in self.rows for f in r.own_facts}
        self.particular_records = {r_id for r in self.rows for r_id in r.own_records}
        self._everyone: str | None = None  # digest of every row's own facts and records, made once
        shared = [at.item for fid, at in case.facts.items() if fid not in self.particular_facts]
        self.shared_refs = {s.record for f in shared for s in (*f.evidence, *f.contradicted_by)}

    def case_for(self, row: RosterRow) -> Case:
        """The case as the applicant's pack sees it: shared facts, their own, and no one else's."""
        case = self.case
        located = _row_file(self.roster, row)
        drop_facts = self.particular_facts - set(row.own_facts)
        facts = {k: v for k, v in case.facts.items() if k not in drop_facts}
        if row.statement is not None:
            facts[row.statement.id] = Located(row.statement, located)
        drop_records = self.particular_records - self.shared_refs - self._own_records(row)
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

    def _own_records(self, row: RosterRow) -> set[str]:
        """The records the row's pack cites as its own: those of its statement and of its own facts."""
        own = set(row.own_records)
        for fact_id in row.own_facts:
            if fact_id in self.case.facts:
                fact = self.case.fact(fact_id)
                own |= {s.record for s in (*fact.evidence, *fact.contradicted_by)}
        return own

    def key(self, row: RosterRow, base: str) -> str:
        """The hash of everything the row's pack depends on (``base``: what every pack depends on)."""
        # The others' facts and records are everyone's minus the row's own: hash everyone's once and the
        # row's own share per row, so that a roster of n rows costs O(n), not O(n^2 log n).
        if self._everyone is None:
            self._everyone = sha256_bytes(",".join(sorted(self.particular_facts | self.particular_records)).encode())
        own = sorted((self.particular_facts & set(row.own_facts)) | (self.particular_records & set(row.own_records)))
        return sha256_bytes("\n".join([base, row.digest(), self._everyone, ",".join(own)]).encode("utf-8"))

    def render(self, index: int) -> PackOutcome:
        """Render and seal the pack of ``rows[index]`` (in a worker), through the one render path."""
        row = self.rows[index]
        started = time.perf_counter()
        planned = Planned(self.kind, row.filename, AUDIENCE, row.applicant_id)
        extra = {"applicant": {"id": row.ref, "row_sha256": row.digest()}}
        try:
            built, problems = self.renderer.document(planned, case=self.case_for(row),
                                                     findings=[*self.findings, *row.findings],
                                                     inputs=self.inputs, extra=extra)
        except CaseError as exc:
            return PackOutcome(index, None, problems=[self._at_row(row, p) for p in exc.problems])
        seconds = time.perf_counter() - started
        if problems:
            return PackOutcome(index, None, built.pages, [self._at_row(row, p) for p in problems], seconds)
        return PackOutcome(index, built.pdf, built.pages, [], seconds)

    def warm(self) -> None:
        """Do once, before the workers start, what every render would otherwise do first."""
        self.renderer.warm(Planned(self.kind, "warm.pdf", AUDIENCE))

    def _at_row(self, row: RosterRow, problem: Problem) -> Problem:
        """A problem of a pack, located at the row it was made from."""
        return Problem(self.roster.shown, row.row, 0, f"{row.filename}: {problem.message}", problem.hint,
                       problem.severity, problem.code)


def _row_file(roster: Roster, row: RosterRow) -> YamlFile:
    """A stand-in 'file' for the objects made from a row, so that a problem about them names the row."""
    return YamlFile(roster.shown, row.cells, {(): (row.row, 1)}, {(): (row.row, 1)})
