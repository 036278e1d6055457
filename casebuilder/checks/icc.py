"""ICC checks: the preconditions to the exercise of jurisdiction (Rome Statute arts 11, 12, 124) decided per
fact from its place (the territorial State) and its perpetrators' nationality; and the crime of aggression
(art 15 bis(4)-(5) and the Kampala amendments)."""

from __future__ import annotations

from datetime import date
from typing import Any

from casebuilder.checks.registry import Run, check, long_date

STATUTE_IN_FORCE = date(2002, 7, 1)  # art 11(1): no jurisdiction before the Statute's entry into force
AGGRESSION_ACTIVE = date(2018, 7, 17)  # ASP resolution ICC-ASP/16/Res.5: jurisdiction activated from this day
KAMPALA = "rome-statute-aggression"


def states_of(run: Run, fact: Any, respondent_state: str | None) -> tuple[set[str], set[str]]:
    """(territorial States, national States) of a fact: its places' ``state``; its actors' ``nationality``, or
    the respondent State when no actor has one (a claim against a State concerns its own agents)."""
    places = {state for p in fact.places if p in run.case.places and (state := run.case.place(p).state)}
    people = {nationality for a in fact.actors
              if a in run.case.people and (nationality := run.case.person(a).nationality)}
    return places, people or ({respondent_state} if respondent_state else set())


def accepts(library: Any, state: str, day: date, *, war_crime: bool = False) -> bool:
    """Whether ``state`` had accepted the Court's jurisdiction on ``day`` (party, or art 12(3) declaration),
    less an art 124 declaration for war crimes."""
    if day < STATUTE_IN_FORCE:
        return False
    part = library.participation(state, "rome-statute")
    if part is None:
        return False
    if war_crime and any(d.kind == "art-124" and _during(d, day) for d in part.declarations):
        return False
    if part.in_force_on(day):
        return True
    for declaration in part.declarations:
        if declaration.kind == "art-12-3":
            since = max(declaration.covers_from.start if declaration.covers_from else STATUTE_IN_FORCE,
                        STATUTE_IN_FORCE)
            until = declaration.covers_to.end if declaration.covers_to else date.max
            if since <= day <= until:
                return True
    return False


def _during(declaration: Any, day: date) -> bool:
    start = (declaration.effective or declaration.made)
    return (start is None or start.start <= day) and (declaration.ends is None or day <= declaration.ends.end)


def _is_war_crime(basis: str) -> bool:
    instrument, _, number = basis.partition(":")
    return instrument in ("rome-statute", "icc-elements") and number.startswith("8(")


@check("icc-jurisdiction", rule="The Court may exercise its jurisdiction only where the State on whose territory "
       "the conduct occurred, or the State of nationality of the accused, is a Party or has accepted its "
       "jurisdiction for the dates in question (Rome Statute, articles 11, 12(2)-(3) and 124).", forums=("icc",))
def jurisdiction(run: Run) -> None:
    respondents = {r.id: r.state for r in run.case.case.parties.respondents}
    for i, pursued in enumerate(run.case.case.claims):
        claim = run.library.claims.get(pursued.claim)
        if "icc" not in pursued.forums or claim is None:
            continue
        uncovered: dict[str, tuple[date, set[str]]] = {}
        for number, link in pursued.elements.items():
            element = claim.element(number)
            war = bool(element and _is_war_crime(element.basis))
            for fact_id in (f for f in link.facts if f in run.case.facts):
                fact = run.case.fact(fact_id)
                where, who = states_of(run, fact, respondents.get(pursued.respondent))
                if not any(accepts(run.library, s, fact.date.start, war_crime=war) for s in where | who):
                    uncovered.setdefault(fact_id, (fact.date.start, where | who))
        if uncovered:
            first = min(uncovered, key=lambda f: uncovered[f][0])
            states = ", ".join(sorted(set().union(*(s for _, s in uncovered.values())))) or "not recorded"
            run.add("icc-jurisdiction", ("claims", i, "forums"),
                    f"For {len(uncovered)} fact(s), from '{first}' ({long_date(uncovered[first][0])}) on, neither the "
                    f"territorial State nor the State of nationality of the perpetrators ({states}) had accepted the Court's jurisdiction on the date (articles 11, 12 and 124).",
                    "Record each place's 'state' and each actor's 'nationality', check for an article 12(3) "
                    "declaration, or present the analysis as non-judicial.", error=False, claim=pursued.id)


@check("icc-aggression", rule="The Court shall not exercise its jurisdiction over the crime of aggression when "
       "committed by nationals of a State not party, or on its territory, unless the Security Council refers the "
       "situation (Rome Statute, articles 15 bis(5) and 15 ter); it needs the Kampala amendments in force.",
       forums=("icc",))
def aggression(run: Run) -> None:
    respondents = {r.id: r.state for r in run.case.case.parties.respondents}
    for i, pursued in enumerate(run.case.case.claims):
        claim = run.library.claims.get(pursued.claim)
        if "icc" not in pursued.forums or claim is None or not any(
                r.partition(":")[2].startswith("8 bis") for r in claim.bases_for("icc")):
            continue
        facts = [run.case.fact(f) for link in pursued.elements.values() for f in link.facts if f in run.case.facts]
        blocked: set[str] = set()
        for fact in facts:
            where, who = states_of(run, fact, respondents.get(pursued.respondent))
            for state in where | who:
                part = run.library.participation(state, "rome-statute")
                if part is None or not part.in_force_on(fact.date.start) or fact.date.start < AGGRESSION_ACTIVE:
                    blocked.add(state)
        if blocked:
            run.add("icc-aggression", ("claims", i, "forums"),
                    f"The claim '{pursued.id}' concerns aggression by nationals or on the territory of "
                    f"{', '.join(sorted(blocked))}, not a State Party on the dates: under article 15 bis(5) the Court "
                    "may not exercise jurisdiction over it without a Security Council referral (article 15 ter).",
                    "Drop 'icc' from this claim's forums, or state the Security Council referral and waive the check.",
                    error=True, claim=pursued.id)
        missing = {s for f in facts for s in set().union(*states_of(run, f, respondents.get(pursued.respondent)))
                   if s not in blocked and not run.library.participation(s, KAMPALA)}
        if missing:
            run.add("icc-aggression", ("claims", i, "forums"), f"The legal library does not record the Kampala "
                    f"amendments as ratified by {', '.join(sorted(missing))} (article 15 bis(4)).",
                    "Check the ratification of the amendments on the crime of aggression.", error=False,
                    claim=pursued.id)
