"""ECHR checks: victim status, exhaustion, the contents of the form (Rule 47 § 1), and the time limit
(Article 35 § 1), computed once here in :func:`time_limit` for ``check``, the roster and the dossiers."""

from __future__ import annotations

import calendar
from datetime import date
from casebuilder.checks.registry import ApplicantAt, Run, check, long_date

FOUR_MONTHS_FROM = date(2022, 2, 1)  # Protocol No. 15, Article 8 § 3: decisions final from this day
_IND = ("echr-individual",)


def time_limit(decision: date, notified: date | None = None) -> date:
    """The last day to lodge an application (Article 35 § 1): four months from the final decision (six for a
    decision before 1 February 2022, Protocol No. 15, Article 8 § 3), counted from its notification or the
    applicant's knowledge of it when that is later. No extension for a weekend (Sabri Güneş v. Turkey [GC])."""
    start = max(decision, notified) if notified else decision
    return add_months(start, 4 if decision >= FOUR_MONTHS_FROM else 6)


def add_months(day: date, months: int) -> date:
    """The same day ``months`` later (the last day of the month when that day does not exist)."""
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def _brings(at: ApplicantAt, forum: str) -> bool:
    applicant = at.applicant
    return applicant.kind != "state" and (not getattr(applicant, "forums", ()) or forum in applicant.forums)


@check("echr-victim", rule="An individual applicant must claim to be the victim of a violation (Article 34 of "
       "the Convention).", forums=_IND)
def victim_present(run: Run) -> None:
    if not any(_brings(at, "echr-individual") for at in _all(run)):
        run.add("echr-victim", ("forums",), "The case pursues an individual ECHR application but has no individual "
                "or organisation applicant.", "Add an applicant who claims to be a victim.", error=True)


@check("echr-victim-status", rule="Each applicant must state how he, she or it is a victim (Article 34 of the "
       "Convention).", forums=_IND, per_applicant=True)
def victim_status(run: Run, at: ApplicantAt) -> None:
    if _brings(at, "echr-individual") and not at.applicant.victim_status:
        run.add("echr-victim", at.loc + ("id",), f"The applicant '{at.applicant.id}' does not state how they are a "
                "victim.", "Add 'victim_status'.", error=True, applicant=at.applicant.id)


@check("echr-exhaustion", rule="The application must state how domestic remedies were exhausted (Article 35 § 1 "
       "of the Convention; Rule 47 § 1 (g)).", forums=_IND, per_applicant=True)
def exhaustion(run: Run, at: ApplicantAt) -> None:
    if _brings(at, "echr-individual") and not at.applicant.exhaustion:
        run.add("echr-exhaustion", at.loc + ("id",), f"The applicant '{at.applicant.id}' has no statement on the "
                "exhaustion of domestic remedies.", "Add 'exhaustion'.", error=True, applicant=at.applicant.id)


@check("echr-rule47", rule="The form must give each applicant's name, date of birth, nationality and address; for "
       "a legal person, its full name, date of incorporation or registration, official registration number (if "
       "any) and official address (Rule 47 § 1 (a)); an incomplete form is not examined (Rule 47 § 5.1).",
       forums=_IND, per_applicant=True)
def rule47(run: Run, at: ApplicantAt) -> None:
    applicant = at.applicant
    if not _brings(at, "echr-individual"):
        return
    if applicant.kind == "organisation":  # Rule 47 § 1 (a): the registration details, not a person's
        fields = {"registration_date": "date of registration", "registration_number": "registration number",
                  "address": "official address"}
        missing = [label for name, label in fields.items() if not getattr(applicant, name, None)]
        if missing:
            run.add("echr-rule47", at.loc + ("id",), f"The organisation '{applicant.id}' lacks its "
                    f"{', '.join(missing)} (Rule 47 § 1 (a)); an application without them is not examined "
                    "(Rule 47 § 5.1).", "Add 'registration_date', 'registration_number' (or explain that it has "
                    "none) and 'address' (its official address).", error=True, applicant=applicant.id)
        return
    missing = [f for f in ("date_of_birth", "nationality", "address") if not getattr(applicant, f)]
    if missing:
        run.add("echr-rule47", at.loc + ("id",), f"The applicant '{applicant.id}' lacks {', '.join(missing)} "
                "(Rule 47 § 1 (a)); a form filed without them is not examined (Rule 47 § 5.1).",
                "Complete them before filing; the draft marks them 'to be completed'.", error=False,
                applicant=applicant.id)


@check("echr-time-limit", rule="An application must be lodged within four months of the final domestic decision, "
       "or of its notification where it was not pronounced (Article 35 § 1 of the Convention as amended by "
       "Protocol No. 15; six months for decisions before 1 February 2022); it is lodged on the date a complete "
       "form is dispatched (Rule 47 § 6 (a)).", forums=_IND, per_applicant=True)
def time_limit_check(run: Run, at: ApplicantAt) -> None:
    applicant = at.applicant
    if not _brings(at, "echr-individual"):
        return
    final = applicant.final_decision
    if final is None:
        run.add("echr-time-limit", at.loc + ("id",), f"The applicant '{applicant.id}' names no final domestic "
                "decision: if the situation is continuing, time may not have started to run (continuing-situation "
                "doctrine); counsel must assess.", "Add 'final_decision', or explain in 'exhaustion' why there is "
                "none.", error=False, applicant=applicant.id)
        return
    decided = final.date.start
    notified = final.notified.start if getattr(final, "notified", None) else None
    last = time_limit(decided, notified)
    dispatched = getattr(applicant, "dispatched", None)
    lodged = dispatched.start if dispatched else run.case.case.date.start
    if lodged > last:
        what = f"notified on {long_date(notified)}" if notified and notified > decided else f"of {long_date(decided)}"
        run.add("echr-time-limit", at.loc + ("final_decision", "date"),
                f"The final decision {what} left until {long_date(last)} to apply; the form is {'dispatched' if dispatched else 'dated'} "
                f"{long_date(lodged)}, out of time.", "Check the date the decision was served or became known "
                "('final_decision.notified') and the dispatch date ('dispatched').", error=True,
                applicant=applicant.id)


def _all(run: Run) -> list[ApplicantAt]:
    from casebuilder.checks.registry import applicants_at
    return applicants_at(run.case)


__all__ = ["FOUR_MONTHS_FROM", "add_months", "time_limit"]
