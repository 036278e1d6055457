"""Limits: what a case may hold so that every phase of a build stays bounded in time and memory.

Each limit is reported by ``check`` as a located error, before anything is rendered:

* ``MAX_CITATIONS`` supports (``evidence`` plus ``contradicted_by``) per fact: a fact citing one
  record 100,000 times is a mistake, and would render 100,000 footnotes;
* ``MAX_BREAKDOWN`` lines per figure of a statistic: a chart or table of 99,000 rows is no
  evidence a court can read, and would produce pages no reader (or audit) can get through;
* ``MAX_QUOTES`` quotes per record.

Folder depth (``casebuilder.load.discover.MAX_DEPTH``), file size, nesting and node counts
(``casebuilder.load.yamlsafe``) and the work of case templates (``casebuilder.render.bounded``)
have their own limits where they are read.
"""

from __future__ import annotations

from casebuilder.problems import Problem
from casebuilder.validate.case import Case

MAX_CITATIONS = 500
"""The most supports one fact may give (``evidence`` and ``contradicted_by`` together)."""
MAX_BREAKDOWN = 1_000
"""The most breakdown lines one figure of a statistic may have."""
MAX_QUOTES = 1_000
"""The most quotes one record may have."""


def check_limits(case: Case) -> list[Problem]:
    """Every limit the case goes beyond, as located errors."""
    problems = []
    for at in case.facts.values():
        fact = at.item
        count = len(fact.evidence) + len(fact.contradicted_by)
        if count > MAX_CITATIONS:
            path, line, col = at.where(("evidence",))
            problems.append(Problem(path, line, col, f"The fact '{fact.id}' gives {count:,} supports, more than the "
                                    f"limit of {MAX_CITATIONS:,}.", "Cite each record once, with its pinpoints.",
                                    code="too-many-citations"))
    for at in case.evidence.values():
        record = at.item
        if len(record.quotes) > MAX_QUOTES:
            path, line, col = at.where(("quotes",))
            problems.append(Problem(path, line, col, f"The record '{record.id}' has {len(record.quotes):,} quotes, "
                                    f"more than the limit of {MAX_QUOTES:,}.", "Keep the passages that matter.",
                                    code="too-many-quotes"))
        for i, figure in enumerate(getattr(record, "figures", ())):
            if len(figure.breakdown) > MAX_BREAKDOWN:
                path, line, col = at.where(("figures", i, "breakdown"))
                problems.append(Problem(path, line, col, f"The figure '{figure.id}' has {len(figure.breakdown):,} "
                                        f"breakdown lines, more than the limit of {MAX_BREAKDOWN:,}.",
                                        "Group the lines (e.g. by region) or attach the full table as an exhibit.",
                                        code="too-many-rows"))
    return problems
