"""Checks of the case as a whole: its waivers name real checks and claims; the advocacy summary's length."""

from __future__ import annotations

import re

from casebuilder.checks.registry import CHECKS, Run, check
from casebuilder.problems import Problem


@check("waivers", rule="A waiver names a registered check and, if limited, a pursued claim.")
def waivers(run: Run) -> None:
    claims = {c.id for c in run.case.case.claims}
    for i, waiver in enumerate(run.case.case.waivers):
        if waiver.check not in CHECKS:
            path, line, col = run.case.case_at.where(("waivers", i, "check"), key=False)
            run.problems.append(Problem(path, line, col, f"There is no check '{waiver.check}' to waive.",
                                        f"Use one of: {', '.join(CHECKS)}.", code="unknown-check"))
        if waiver.claim and waiver.claim not in claims:
            path, line, col = run.case.case_at.where(("waivers", i, "claim"), key=False)
            run.problems.append(Problem(path, line, col, f"There is no pursued claim '{waiver.claim}'.",
                                        "Name the id of a claim in 'claims'.", code="dangling-reference"))


@check("summary-length", rule="The situation is stated in at most three sentences (advocacy summaries).",
       forums=("advocacy-summary",))
def summary_length(run: Run) -> None:
    sentences = [s for s in re.split(r"(?<=[.!?])\s+", run.case.case.summary.strip()) if s]
    if len(sentences) > 3:
        run.add("summary-length", ("summary",), f"The summary has {len(sentences)} sentences; the advocacy summary "
                "states the situation in at most three.", "Shorten 'summary'.", error=False)
