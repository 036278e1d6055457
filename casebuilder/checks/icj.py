"""ICJ checks: every party is a State (Statute art 34(1)), and every claim pleaded falls within the titles of
jurisdiction the case invokes (Statute art 36)."""

from __future__ import annotations

from casebuilder.checks.registry import Run, check
from casebuilder.law.forums import title_fit


@check("icj-parties", rule="Only States may be parties in cases before the Court (Article 34, paragraph 1, of the "
       "Statute of the Court).", forums=("icj",))
def parties(run: Run) -> None:
    for i, applicant in enumerate(run.case.case.parties.applicants):
        in_icj = not applicant.forums or "icj" in applicant.forums
        if in_icj and applicant.kind != "state":
            run.add("icj-parties", ("parties", "applicants", i, "kind"),
                    f"The applicant '{applicant.id}' is not a State, and it brings the case before the ICJ, where only "
                    "States may be parties.", "Give it the forums it brings ('forums: [echr-individual]'), or drop "
                    "'icj' from the case's forums.", error=True)


@check("icj-title", rule="The Court has jurisdiction only over the disputes its title of jurisdiction covers: a "
       "compromissory clause covers the interpretation or application of its own treaty (Article 36, paragraphs 1 "
       "and 2, of the Statute of the Court).", forums=("icj",))
def titles(run: Run) -> None:
    invoked = run.case.case.icj.titles
    pleaded = [(i, p) for i, p in enumerate(run.case.case.claims) if "icj" in p.forums]
    if not invoked:
        if pleaded:
            run.add("icj-title", ("forums",), "The case pursues the ICJ but names no title of jurisdiction.",
                    f"Add 'icj: {{titles: [...]}}' (one of: {', '.join(sorted(run.library.titles))}).", error=False)
        return
    for k, title_id in enumerate(invoked):
        if title_id not in run.library.titles:
            run.add("icj-title", ("icj", "titles", k), f"There is no title of jurisdiction '{title_id}' in the "
                    "legal library.", f"Use one of: {', '.join(sorted(run.library.titles))}, or add it in law/.",
                    error=True)
    applicants = [a.state for a in run.case.case.parties.applicants if a.kind == "state" and a.state]
    respondents = {r.id: r.state for r in run.case.case.parties.respondents}
    for i, pursued in pleaded:
        claim = run.library.claims.get(pursued.claim)
        if claim is None:
            continue
        fit = title_fit(run.library, invoked, claim, applicants=applicants,
                        respondent=respondents.get(pursued.respondent), on=run.case.case.date.start)
        j = list(pursued.forums).index("icj")
        for reason in fit.barred:
            run.add("icj-title", ("claims", i, "forums", j), f"The claim '{pursued.id}': {reason}.",
                    "Invoke another title, or drop 'icj' from this claim's forums.", error=True, claim=pursued.id,
                    once=(pursued.id, reason))
        if fit.outside:
            run.add("icj-title", ("claims", i, "forums", j), f"The claim '{pursued.id}' rests on "
                    f"{', '.join(fit.outside)}, outside the title(s) invoked ({', '.join(invoked)}).",
                    "Plead at the ICJ only what the title covers: drop 'icj' from this claim's forums, or invoke a "
                    "title that covers it.", error=True, claim=pursued.id)
