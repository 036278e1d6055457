"""The checks each forum applies before it will hear a claim, run by ``check`` and shown in dossiers.

Every check has an id and a one-line explanation citing its rule. A case may waive a check (for
a stated reason, shown in the dossier) in case.yaml ``waivers``. Checks that need page counts
(the 20-page ECHR annex, the ICJ's 750 pages of annexes) run after rendering (:mod:`render`).
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date

from casebuilder.validate.case import Case
from casebuilder.problems import Problem, Severity

CHECKS = {
    "ratione-temporis": "A fact relied on against a State must fall within the period the instrument bound it "
                        "(Article 28 VCLT; for the ECHR, Article 58 on States that cease to be Parties).",
    "icj-parties": "Only States may be parties in cases before the Court (Article 34 § 1 of the ICJ Statute).",
    "echr-victim": "An individual applicant must claim to be the victim of a violation (Article 34 ECHR).",
    "icc-jurisdiction": "The ICC may exercise jurisdiction only where the territorial or the national State "
                        "has accepted it for the dates in question (Article 12 §§ 2-3 Rome Statute).",
    "echr-time-limit": "An application must be lodged within four months of the final domestic decision "
                       "(Article 35 § 1 ECHR as amended by Protocol No. 15; six months for decisions before "
                       "1 February 2022).",
    "echr-exhaustion": "The application must state how domestic remedies were exhausted (Article 35 § 1 ECHR; "
                       "Rule 47 § 1 (g)).",
    "echr-rule47": "Each applicant's name, date of birth, nationality and address must be given "
                   "(Rule 47 § 1 (a) of the Rules of Court).",
    "summary-length": "The situation is stated in at most three sentences (advocacy summaries).",
}
FOUR_MONTHS_FROM = date(2022, 2, 1)  # Protocol No. 15, Article 8 § 3: decisions final from this day
FORUM_INSTRUMENTS = {"echr-individual": "echr", "echr-interstate": "echr", "icc": "rome-statute"}


@dataclass(frozen=True)
class Finding:
    """The result of one forum check that did not pass: shown by ``check`` and in dossiers."""

    check: str
    """The check's id."""
    message: str
    """What was found, with the dates and the rule."""
    severity: str
    """'error' or 'warning'."""
    claim: str = ""
    """The pursued claim it concerns, if any."""
    waived: str = ""
    """The reason given in case.yaml when the check is waived for it, else ''."""

    @property
    def rule(self) -> str:
        """The one-line explanation of the check."""
        return CHECKS[self.check]


class _Run:
    """Collects findings and the located problems they become (unless waived)."""

    def __init__(self, case: Case):
        self.case = case
        self.findings: list[Finding] = []
        self.problems: list[Problem] = []
        self.waivers = {(w.check, w.claim or ""): w.reason for w in case.case.waivers}

    def add(self, check: str, loc: tuple, message: str, hint: str, *, error: bool, claim: str = "") -> None:
        waived = self.waivers.get((check, claim)) or self.waivers.get((check, ""), "")
        self.findings.append(Finding(check, message, "error" if error else "warning", claim, waived))
        if waived:
            return
        path, line, col = self.case.case_at.where(loc)
        severity = Severity.ERROR if error else Severity.WARNING
        self.problems.append(Problem(path, line, col, f"[{check}] {message}", hint, severity, check))


def run_forum_checks(case: Case, library) -> tuple[list[Finding], list[Problem]]:
    """Run every forum check; return all findings (waived ones included) and the problems to report."""
    run = _Run(case)
    _check_waivers(run)
    _ratione_temporis(run, library)
    _icc_jurisdiction(run, library)
    forums = set(case.case.forums)
    if "icj" in forums:
        _icj_parties(run)
    if "echr-individual" in forums:
        _echr_individual(run)
    if "advocacy-summary" in forums:
        _summary_length(run)
    return run.findings, run.problems


def _check_waivers(run: _Run) -> None:
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


def _instruments(library, claim, forum: str) -> list[str]:
    """The instruments whose temporal reach matters for a claim in a forum (with State data)."""
    ids = [ref.partition(":")[0] for ref in claim.bases_for(forum)]
    if forum in FORUM_INSTRUMENTS:
        ids.append(FORUM_INSTRUMENTS[forum])
    return [i for i in dict.fromkeys(ids) if any(s.participation(i) for s in library.states.values())]


JUDICIAL_FORUMS = ("echr-individual", "echr-interstate", "icj", "icc")


def _ratione_temporis(run: _Run, library) -> None:
    case = run.case
    respondents = {r.id: r for r in case.case.parties.respondents}
    for i, pursued in enumerate(case.case.claims):
        claim, respondent = library.claims.get(pursued.claim), respondents.get(pursued.respondent)
        if claim is None or respondent is None:
            continue
        forums_of: dict[str, list[str]] = {}  # instrument -> the judicial forums that apply it
        for forum in (f for f in pursued.forums if f in JUDICIAL_FORUMS):
            for instrument in _instruments(library, claim, forum):
                forums_of.setdefault(instrument, []).append(forum)
        for instrument, forums in forums_of.items():
            _facts_in_time(run, library, i, pursued, respondent, ", ".join(forums), instrument)


def _facts_in_time(run: _Run, library, index: int, pursued, respondent, forum: str, instrument: str) -> None:
    part = library.participation(respondent.state, instrument)
    title = library.instruments[instrument].short_title
    start = part.entry_into_force.start if part and part.entry_into_force else None
    end = part.end.start if part and part.end else None
    bound = part is not None and part.status not in ("signatory", "non-party") and start is not None
    for number, link in pursued.elements.items():
        for j, fact_id in enumerate(link.facts):
            if fact_id not in run.case.facts:
                continue
            span = run.case.fact(fact_id).date
            lead = f"Fact '{fact_id}' ({span}) is relied on against {respondent.name} under the {title} ({forum})"
            if not bound:
                message = f"{lead}, which the legal library does not record as binding it."
            elif span.end < start:
                message = f"{lead}, before it entered into force for that State on {_long(start)}."
            elif end and span.start > end:
                message = f"{lead}, after the State ceased to be a Party on {_long(end)}."
            else:
                continue
            run.add("ratione-temporis", ("claims", index, "elements", number, "facts", j), message,
                    "Rely on it only as context, bring the claim in another forum, or waive the check with reasons.",
                    error=False, claim=pursued.id)


def _icc_jurisdiction(run: _Run, library) -> None:
    case = run.case
    states = {a.state for a in case.case.parties.applicants if a.state}
    respondents = {r.id: r.state for r in case.case.parties.respondents}
    for i, pursued in enumerate(case.case.claims):
        if "icc" not in pursued.forums or pursued.respondent not in respondents:
            continue
        candidates = states | {respondents[pursued.respondent]}
        dates = [case.fact(f).date for link in pursued.elements.values() for f in link.facts if f in case.facts]
        uncovered = [d for d in dates if not any(_accepts_icc(library, s, d.start) for s in candidates)]
        if uncovered:
            first = min(uncovered, key=lambda d: d.start)
            run.add("icc-jurisdiction", ("claims", i, "forums"),
                    f"For {len(uncovered)} fact(s) from {first} on, neither the territorial nor the national State "
                    f"({', '.join(sorted(candidates))}) had accepted the ICC's jurisdiction on the date.",
                    "Check for an Article 12 § 3 declaration, or present the analysis as non-judicial.",
                    error=False, claim=pursued.id)


def _accepts_icc(library, state: str, day: date) -> bool:
    part = library.participation(state, "rome-statute")
    if part is None:
        return False
    if part.in_force_on(day):
        return True
    for declaration in part.declarations:
        if declaration.kind == "art-12-3":
            since = declaration.covers_from.start if declaration.covers_from else date.min
            until = declaration.covers_to.end if declaration.covers_to else date.max
            if since <= day <= until:
                return True
    return False


def _icj_parties(run: _Run) -> None:
    applicants = run.case.case.parties.applicants
    for i, applicant in enumerate(applicants):
        if applicant.kind != "state" and not any(a.kind == "state" for a in applicants):
            run.add("icj-parties", ("parties", "applicants", i, "kind"),
                    f"The applicant '{applicant.id}' is not a State, and the case pursues the ICJ, where only "
                    "States may be parties.", "Add the applicant State (kind: state), or drop 'icj' from forums.",
                    error=True)


def _echr_individual(run: _Run) -> None:
    individuals = [(i, a) for i, a in enumerate(run.case.case.parties.applicants) if a.kind != "state"]
    if not individuals:
        run.add("echr-victim", ("forums",), "The case pursues an individual ECHR application but has no "
                "individual or organisation applicant.", "Add an applicant who claims to be a victim.", error=True)
    for i, applicant in individuals:
        base = ("parties", "applicants", i)
        if not applicant.victim_status:
            run.add("echr-victim", base + ("id",), f"The applicant '{applicant.id}' does not state how they are "
                    "a victim.", "Add 'victim_status'.", error=True)
        if not applicant.exhaustion:
            run.add("echr-exhaustion", base + ("id",), f"The applicant '{applicant.id}' has no statement on the "
                    "exhaustion of domestic remedies.", "Add 'exhaustion'.", error=True)
        missing = [f for f in ("date_of_birth", "nationality", "address") if not getattr(applicant, f)]
        if missing:
            run.add("echr-rule47", base + ("id",), f"The applicant '{applicant.id}' lacks {', '.join(missing)}.",
                    "Complete them before filing; the dossier marks them 'to be completed'.", error=False)
        _time_limit(run, base, applicant)


def time_limit(decision: date) -> date:
    """The last day to lodge an application against a final decision of ``decision`` (Art. 35 § 1)."""
    months = 4 if decision >= FOUR_MONTHS_FROM else 6
    return add_months(decision, months)


def add_months(day: date, months: int) -> date:
    """The same day ``months`` later (the last day of the month when that day does not exist)."""
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def _time_limit(run: _Run, base: tuple, applicant) -> None:
    lodged = run.case.case.date.start
    if applicant.final_decision is None:
        run.add("echr-time-limit", base + ("id",), f"The applicant '{applicant.id}' names no final domestic "
                "decision: if the situation is continuing, time may not have started to run; counsel must assess.",
                "Add 'final_decision', or explain in 'exhaustion' why there is none.", error=False)
        return
    decided = applicant.final_decision.date.start
    last = time_limit(decided)
    if lodged > last:
        run.add("echr-time-limit", base + ("final_decision", "date"),
                f"The final decision of {_long(decided)} left until {_long(last)} to apply; the application is dated "
                f"{_long(lodged)}, out of time.", "Check the date of notification of the decision.", error=True)


def _summary_length(run: _Run) -> None:
    sentences = [s for s in re.split(r"(?<=[.!?])\s+", run.case.case.summary.strip()) if s]
    if len(sentences) > 3:
        run.add("summary-length", ("summary",), f"The summary has {len(sentences)} sentences; the advocacy summary "
                "states the situation in at most three.", "Shorten 'summary'.", error=False)


def _long(day: date) -> str:
    return f"{day.day} {calendar.month_name[day.month]} {day.year}"
