"""Ratione temporis: a fact relied on against a State must fall within the period the instrument bound it,
and, before the ECtHR, within the period of the State's former Article 25/46 declarations."""

from __future__ import annotations

from datetime import date
from typing import Any

from casebuilder.checks.registry import Run, check, long_date
from casebuilder.dates import DateSpan

JUDICIAL_FORUMS = ("echr-individual", "echr-interstate", "icj", "icc")
FORUM_INSTRUMENTS = {"echr-individual": "echr", "echr-interstate": "echr", "icc": "rome-statute"}
# Former Art 25 (individual petition) bounds individual applications; former Art 46 (the Court's jurisdiction)
# bounds both kinds (Loizidou v. Turkey (preliminary objections): Türkiye's declarations of 1987 and 1990).
_DECLARATIONS = {"echr-individual": ("individual-petition", "court-jurisdiction"),
                 "echr-interstate": ("court-jurisdiction",)}
CONTINUING = ("unless it is part of a continuing situation that lasted into the period (continuing-violation "
              "doctrine: Loizidou v. Turkey (merits), § 41; Varnava and Others v. Turkey [GC])")


@check("ratione-temporis", rule="A fact relied on against a State must fall within the period the instrument "
       "bound it (Article 28 of the Vienna Convention on the Law of Treaties; for the Convention, Article 58 on "
       "States that cease to be Parties, and the former Articles 25 and 46 declarations).")
def ratione_temporis(run: Run) -> None:
    respondents = {r.id: r for r in run.case.case.parties.respondents}
    for i, pursued in enumerate(run.case.case.claims):
        claim, respondent = run.library.claims.get(pursued.claim), respondents.get(pursued.respondent)
        if claim is None or respondent is None:
            continue
        # the ICC's reach in time turns on the territorial or national State, not on the respondent
        # (Rome Statute arts 11-12): the icc-jurisdiction check decides it fact by fact
        for forum in (f for f in pursued.forums if f in JUDICIAL_FORUMS and f != "icc"):
            _claim_in_forum(run, i, pursued, respondent, claim, forum)


def _instruments(library: Any, claim: Any, forum: str) -> list[str]:
    """The instruments whose temporal reach matters for a claim in a forum (with State data)."""
    ids = [ref.partition(":")[0] for ref in claim.bases_for(forum)]
    if forum in FORUM_INSTRUMENTS:
        ids.append(FORUM_INSTRUMENTS[forum])
    return [i for i in dict.fromkeys(ids) if any(s.participation(i) for s in library.states.values())]


def _claim_in_forum(run: Run, index: int, pursued: Any, respondent: Any, claim: Any, forum: str) -> None:
    """One warning per fact and forum, naming every instrument it falls outside."""
    outside: dict[tuple[str, int, str], list[str]] = {}
    for instrument in _instruments(run.library, claim, forum):
        window = _window(run, respondent, instrument, forum, index, pursued.id)
        if window is None:
            continue
        for number, link in pursued.elements.items():
            for j, fact_id in enumerate(link.facts):
                if fact_id in run.case.facts:
                    reason = _outside(run.case.fact(fact_id).date, window[0], window[1])
                    if reason:
                        outside.setdefault((fact_id, j, number), []).append(f"the {window[2]} ({reason})")
    done: set[str] = set()
    for (fact_id, j, number), reasons in outside.items():
        if fact_id in done:
            continue
        done.add(fact_id)
        span = run.case.fact(fact_id).date
        run.add("ratione-temporis", ("claims", index, "elements", number, "facts", j),
                f"Fact '{fact_id}' ({span}) is relied on against {respondent.name} in {forum} outside the period of "
                f"{'; '.join(reasons)}, {CONTINUING}.",
                "Rely on it only as context or as part of a continuing situation, bring the claim in another forum, "
                "or waive the check with reasons.", error=False, claim=pursued.id)


def _window(run: Run, respondent: Any, instrument: str, forum: str, index: int,
            claim_id: str) -> tuple[DateSpan | None, DateSpan | None, str] | None:
    """(start, end, title) of the period the instrument bound the State in this forum; None when unknown."""
    part = run.library.participation(respondent.state, instrument)
    title = run.library.instruments[instrument].short_title
    if part is None or part.status in ("signatory", "non-party"):
        return None, None, f"{title}, which the legal library does not record as binding it"
    start = part.entry_into_force
    for declaration in part.declarations:
        if declaration.kind in _DECLARATIONS.get(forum, ()) and (declaration.covers_from or declaration.effective):
            since = declaration.covers_from or declaration.effective
            start = since if start is None or since.start > start.start else start
    if start is None:  # one note for the claim, not a warning on every fact
        run.add("ratione-temporis", ("claims", index, "forums"), f"The legal library has no date of entry into force "
                f"of the {title} for {respondent.name}: the facts of this claim were not checked against it ({forum}).",
                "Add the date in a law/ file (override the State's participation).", error=False, claim=claim_id,
                once=(claim_id, instrument, forum))
        return None
    return start, part.end, title


def _outside(span: DateSpan, start: DateSpan | None, end: DateSpan | None) -> str | None:
    """Why a fact's dates fall outside [start, end]; imprecise bounds (a year only) are not read as 1 January."""
    if start is None and end is None:
        return "not a party"
    if start is not None and span.end < start.start:
        return f"in force for that State from {_show(start)}"
    if start is not None and span.end < start.end:
        return f"in force for that State in {start}, a date the library gives only imprecisely"
    if end is not None and span.start > end.end:
        return f"which it ceased to bind on {_show(end)}"
    return None


def _show(span: DateSpan) -> str:
    return long_date(span.start) if span.start == span.end else str(span)
