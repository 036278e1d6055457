"""The ``build`` orchestrator: check, plan, render every document in memory, check page limits,
then write everything at once.

Nothing is written until every document has been rendered and has passed its checks: a failed
build leaves the previous output untouched.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from casebuilder.pipeline.check import CheckResult, full_check
from casebuilder.dossier.kinds import Planned, plan_documents
from casebuilder.problems import CaseError, Problem

REPO_OUTPUT = Path("output")


@dataclass(frozen=True)
class BuiltDocument:
    """One rendered document, before it is written."""

    planned: Planned
    """What was planned."""
    pdf: bytes
    """The PDF."""
    html: str
    """The HTML it was rendered from."""
    pages: int
    """Its page count."""
    anchors: dict[str, int] = field(default_factory=dict)
    """Element id -> page number."""


@dataclass
class BuildResult:
    """What a build wrote."""

    out: Path
    documents: list[BuiltDocument]
    written: list[Path]
    warnings: list[Problem]
    up_to_date: bool = False
    """True when nothing had changed since the last build, so nothing was rendered or written."""


def build_case(path: Path, *, kinds: tuple[str, ...] = (), out: Path | None = None, html: bool = False,
               audience: str | None = None, strict: bool = False,
               progress: Callable[[Planned, int, int], None] | None = None, jobs: int = 1,
               force: bool = False, timestamp_url: str | None = None) -> BuildResult:
    """Check the case, render the documents it pursues, and write them to ``out``.

    Does nothing when the last build into ``out`` had the same inputs and its outputs are intact
    (unless ``force``); renders on ``jobs`` cores.
    """
    from casebuilder.output.stamp import BuildStamp

    stamp = BuildStamp.for_build(path, out, kinds, audience, html)
    if stamp is not None and not force and not timestamp_url:
        previous = stamp.up_to_date(strict)
        if previous is not None:
            return previous
    checked = full_check(path)
    _stop_on_problems(checked, strict)
    case, library = checked.case, checked.library
    out = Path(out) if out else REPO_OUTPUT / case.case.short_name
    from casebuilder.output.write import ensure_outside_case

    ensure_outside_case(out, case.root)
    plan = plan_documents(case, kinds, audience)
    from casebuilder.render.pipeline import render_document  # imports WeasyPrint: only when building

    documents, problems = [], []
    if jobs > 1 and len(plan) > 1:
        documents, problems = _render_parallel(case, library, plan, checked.findings, progress, jobs)
    else:
        for index, planned in enumerate(plan, 1):
            if progress:
                progress(planned, index, len(plan))
            built, found = render_document(case, library, planned, checked.findings)
            documents.append(built)
            problems += found
    if problems:
        raise CaseError(problems)
    from casebuilder.integrity.manifest import output_files

    files = output_files(case, checked, documents, html=html)
    problems += _audit_public(case, documents, files)
    if problems:
        raise CaseError(problems)
    if timestamp_url:  # RFC 3161 over the manifest: the date of the whole set and its inputs' hashes
        from casebuilder.integrity.sign import timestamp_file

        files["manifest.json.tsr"] = timestamp_file(files["manifest.json"], timestamp_url)
    from casebuilder.output.write import write_outputs

    written = write_outputs(out, files)
    if stamp is not None:
        stamp.save(out, documents, files, checked.warnings)
    return BuildResult(out, documents, written, checked.warnings)


def _render_parallel(case, library, plan: list[Planned], findings: list, progress, jobs: int):
    """Render the plan's documents on ``jobs`` cores (workers forked once everything is loaded)."""
    from casebuilder.output.workers import run_tasks, warm_renderer
    from casebuilder.render.pipeline import render_document

    warm_renderer(case.case.date.start)

    def task(index: int):
        try:
            return render_document(case, library, plan[index], findings)
        except CaseError as exc:
            return None, exc.problems

    results = {}
    for done, (index, outcome) in enumerate(run_tasks(task, len(plan), jobs), 1):
        results[index] = outcome
        if progress:
            progress(plan[index], done, len(plan))
    documents = [results[i][0] for i in range(len(plan)) if results[i][0] is not None]
    problems = [p for i in range(len(plan)) for p in results[i][1]]
    return documents, problems


def _audit_public(case, documents: list[BuiltDocument], files: dict[str, bytes]) -> list[Problem]:
    """Run the redaction audit (independent of the redactor) on every public output before anything
    is written: the public PDFs, their HTML, and the manifest next to them."""
    from casebuilder.integrity.audit import audit_public

    public = [d.planned.filename for d in documents if d.planned.audience == "public"]
    names = public + [n.removesuffix(".pdf") + ".html" for n in public] + (["manifest.json"] if public else [])
    return audit_public(case, [(n, files[n]) for n in names if n in files])


def _stop_on_problems(checked: CheckResult, strict: bool) -> None:
    blocking = checked.errors + (checked.warnings if strict else [])
    if blocking or checked.case is None:
        raise CaseError(blocking or checked.problems)
