"""The ``build`` orchestrator: check, plan, render every document in memory, check page limits
and the redaction of public documents, then write everything at once.

Nothing is written until every document has been rendered and has passed its checks: a failed
build leaves the previous output untouched.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable

from casebuilder.dossier.kinds import Planned, plan_documents
from casebuilder.output.paths import default_out
from casebuilder.output.stamp import BuildStamp
from casebuilder.output.write import ensure_outside_case, write_outputs
from casebuilder.pipeline.check import CheckResult, blocking_problems, full_check
from casebuilder.problems import CaseError, Problem
from casebuilder.render.pipeline import BuiltDocument, Renderer

Progress = Callable[[Planned, int, int], None]


@dataclass
class BuildResult:
    """What a build wrote."""

    out: Path
    """The output folder."""
    documents: list[BuiltDocument]
    """The documents, in plan order."""
    written: list[Path]
    """Every file written."""
    warnings: list[Problem]
    """The check's warnings (they did not stop the build)."""
    up_to_date: bool = False
    """True when nothing had changed since the last build, so nothing was rendered or written."""


def build_case(path: Path, *, kinds: tuple[str, ...] = (), out: Path | None = None, html: bool = False,
               audience: str | None = None, strict: bool = False, progress: Progress | None = None,
               jobs: int = 1, force: bool = False, final: bool = False, fmt: str = "pdf",
               timestamp_url: str | None = None) -> BuildResult:
    """Check the case, render the documents it pursues, and write them to ``out``.

    Does nothing when the last build into ``out`` had the same inputs and its outputs are intact
    (unless ``force``); renders on ``jobs`` cores. ``final`` refuses what is unfinished.
    ``fmt``: ``pdf``, ``docx`` or ``both`` (the stamp knows only PDF builds).
    """
    stamp = BuildStamp.for_build(path, out, kinds, audience, html, final) if fmt == "pdf" else None
    if stamp is not None and not force and not timestamp_url:
        previous = stamp.up_to_date(strict)
        if previous is not None:
            return BuildResult(stamp.out, *previous, up_to_date=True)
    checked = full_check(path, final=final)
    blocking = blocking_problems(checked, strict)
    if blocking or checked.case is None:
        raise CaseError(blocking or checked.problems)
    case, library = checked.case, checked.library
    out = Path(out) if out else default_out(case.case.short_name)
    ensure_outside_case(out, case.root)
    plan = plan_documents(case, kinds, audience, final)
    renderer = Renderer(case, library, checked.findings)
    documents, problems = _render_all(renderer, plan, progress, jobs) if fmt != "docx" else ([], [])
    from casebuilder.render.docx import docx_outputs

    docx_files, docx_problems = docx_outputs(renderer, plan) if fmt != "pdf" else ({}, [])
    problems += docx_problems
    if problems:
        raise CaseError(problems)
    from casebuilder.integrity.manifest import output_files

    files = output_files(case, checked, documents, html=html) | docx_files
    problems += _audit_public(case, documents, files)
    if problems:
        raise CaseError(problems)
    if timestamp_url:  # RFC 3161 over the manifest: the date of the whole set and its inputs' hashes
        from casebuilder.integrity.sign import timestamp_file

        files["manifest.json.tsr"] = timestamp_file(files["manifest.json"], timestamp_url)
    written = write_outputs(out, files)
    if stamp is not None:
        stamp.save(out, documents, files, checked.warnings)
    return BuildResult(out, documents, written, checked.warnings)


def _render_all(renderer: Renderer, plan: list[Planned], progress: Progress | None,
                jobs: int) -> tuple[list[BuiltDocument], list[Problem]]:
    """Render the plan's documents, on ``jobs`` cores (workers forked once everything is loaded)."""
    from casebuilder.output.workers import run_tasks

    if jobs > 1 and len(plan) > 1:
        renderer.warm(plan[0])

    def task(index: int) -> tuple[BuiltDocument | None, list[Problem]]:
        if progress and jobs <= 1:
            progress(plan[index], index + 1, len(plan))
        try:
            return renderer.document(plan[index])
        except CaseError as exc:
            return None, exc.problems

    results: dict[int, Any] = {}
    for done, (index, outcome) in enumerate(run_tasks(task, len(plan), jobs), 1):
        results[index] = outcome
        if progress and jobs > 1:
            progress(plan[index], done, len(plan))
    documents = [results[i][0] for i in range(len(plan)) if results[i][0] is not None]
    problems = [p for i in range(len(plan)) for p in results[i][1]]
    return documents, problems


def _audit_public(case: Any, documents: list[BuiltDocument], files: dict[str, bytes]) -> list[Problem]:
    """Run the redaction audit (independent of the redactor) on every public output before anything
    is written: the public PDFs and DOCX, their HTML, and the manifest next to them."""
    from casebuilder.integrity.audit import audit_public

    public = [d.planned.filename for d in documents if d.planned.audience == "public"]
    names = public + [n.removesuffix(".pdf") + ".html" for n in public] + (["manifest.json"] if public else [])
    return audit_public(case, [(n, files[n]) for n in names if n in files])
