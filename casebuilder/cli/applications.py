"""``casebuilder applications``: one ECHR application pack per roster row, and the table of applicants."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from casebuilder.cli.output import Progress, case_argument, duration, handle_user_errors, print_grouped
from casebuilder.problems import Problem

if TYPE_CHECKING:
    from casebuilder.pipeline.applications import ApplicationsResult
    from casebuilder.roster.rows import Roster


@click.command("applications")
@case_argument
@click.option("--roster", "roster", required=True, type=click.Path(path_type=Path, dir_okay=False, exists=True),
              help="The roster of applicants (CSV or XLSX; columns in the README).")
@click.option("--out", type=click.Path(path_type=Path), help="Output folder (default: output/<case>/applications).")
@click.option("--jobs", "-j", type=click.IntRange(min=0), default=1, show_default=True,
              help="Packs rendered at once; 0 uses every core.")
@click.option("--strict", is_flag=True, help="Build nothing if any row (or the case) has a problem, warnings included.")
@handle_user_errors
def applications_command(case: Path, roster: Path, out: Path | None, jobs: int, strict: bool) -> None:
    """Build one ECHR application pack per applicant of a roster, and the table of applicants.

    Checks the case and every row of the roster first, printing each bad row as
    ROSTER:ROW:COLUMN: error: what is wrong; then builds the good rows (one pack each: the shared
    facts of the case merged with the applicant's own, their own time-limit check and documents),
    writes applicants.xlsx and applicants.csv (the table the Court asks for when one representative
    lodges for many applicants), and index.json / index.csv (every file with its pages and SHA-256).

    Packs whose inputs did not change since the last run are not built again; Ctrl-C stops cleanly
    (finished packs stay whole) and the next run finishes the rest.

    \b
    Example:
      casebuilder applications my-case --roster my-case/roster.csv --jobs 2
    """
    import signal

    from casebuilder.output.workers import available_jobs
    from casebuilder.pipeline.applications import build_applications

    jobs = jobs or available_jobs()
    shown: dict[str, Progress] = {}

    def report(roster_result: Roster, case_problems: list[Problem]) -> None:
        print_grouped(case_problems + roster_result.problems)
        shown["progress"] = Progress()

    def progress(done: int, total: int, name: str) -> None:
        shown["progress"](done, total, name)

    def stop(*_args: Any) -> None:
        raise KeyboardInterrupt

    previous = signal.signal(signal.SIGTERM, stop)
    try:
        result = build_applications(case, roster, out=out, jobs=jobs, strict=strict, progress=progress,
                                    report=report)
    finally:
        signal.signal(signal.SIGTERM, previous)
    if result.interrupted and "progress" in shown:
        shown["progress"].end()
    if result.failed:
        print_grouped([p for problems in result.failed.values() for p in problems], err=True)
    click.echo(summary(result, jobs))
    if result.interrupted:
        sys.exit(130)
    if result.failed or result.roster.errors:
        sys.exit(1)


def summary(result: ApplicationsResult, jobs: int) -> str:
    """The closing lines of a run."""
    from casebuilder.pipeline.applications import INDEX_CSV, INDEX_JSON
    from casebuilder.roster.tables import TABLE_CSV, TABLE_XLSX

    roster = result.roster
    bad = sorted({*roster.bad_rows, *result.failed})
    rate = len(result.built) / result.seconds if result.seconds else 0.0
    rows = f" (rows {', '.join(map(str, bad[:20]))}{', ...' if len(bad) > 20 else ''})" if bad else ""
    lines = [f"Roster {roster.shown}: {roster.total} applicant row(s); {len(roster.rows) - len(result.failed)} good, "
             f"{len(bad)} bad{rows}."]
    if result.interrupted:
        lines.append(f"Stopped: {len(result.built)} pack(s) written whole in this run. Run the same command again to "
                     "build the rest (finished packs are kept).")
        return "\n".join(lines)
    removed = f", removed {len(result.removed)} stale" if result.removed else ""
    speed = f" ({rate:.2f} packs/s, {jobs} job(s))" if result.built else ""
    lines.append(f"Built {len(result.built)} pack(s), {len(result.reused)} already up to date{removed}, in "
                 f"{duration(result.seconds)}{speed}: {result.out}")
    lines.append(f"Wrote {TABLE_XLSX}, {TABLE_CSV} ({len(result.entries)} applicant(s)), {INDEX_JSON} and {INDEX_CSV}.")
    return "\n".join(lines)
