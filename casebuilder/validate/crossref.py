"""Stage 3, cross-check: every reference resolves, exhibits match their hashes, and warnings
for what is legally suspicious but buildable (a fact on one weak source, a person with no
protection decision).
"""

from __future__ import annotations

import difflib
import hashlib
from pathlib import Path

from casebuilder.validate.case import Case
from casebuilder.models.evidence import Statistic
from casebuilder.problems import Problem, Severity
from casebuilder.validate.errors import Located


class _Refs:
    """Collects dangling-reference problems, naming the near match when there is one."""

    def __init__(self, case: Case):
        self.case = case
        self.problems: list[Problem] = []
        self.targets = {"evidence record": case.evidence, "fact": case.facts, "person": case.people,
                        "place": case.places}

    def check(self, at: Located, loc: tuple, value: str | None, what: str, ids=None) -> bool:
        ids = self.targets[what] if ids is None else ids
        if value is None or value in ids:
            return True
        if value in self.case.invalid_ids:  # already reported where that item is written
            return False
        path, line, col = at.where(loc, key=False)
        near = difflib.get_close_matches(value, list(ids), n=1, cutoff=0.7)
        hint = f"Did you mean '{near[0]}'?" if near else f"Add a {what} with this id, or correct the reference."
        self.problems.append(Problem(path, line, col, f"There is no {what} with the id '{value}'.", hint,
                                     code="dangling-reference"))
        return False


def cross_check(case: Case) -> list[Problem]:
    """Run every cross-file check of the case and return the problems found."""
    refs = _Refs(case)
    for at in case.evidence.values():
        _check_record(refs, at)
    for at in case.facts.values():
        _check_fact(refs, at)
    _check_case_file(refs, case)
    problems = refs.problems
    problems += check_exhibits(case)
    problems += _warnings(case)
    from casebuilder.dossier.reidentify import reidentification_warnings, title_warnings
    from casebuilder.validate.limits import check_limits

    problems += check_limits(case) + title_warnings(case) + reidentification_warnings(case)
    return problems


def _check_record(refs: _Refs, at: Located) -> None:
    record = at.item
    for i, place in enumerate(record.places):
        refs.check(at, ("places", i), place, "place")
    for i, role in enumerate(record.persons):
        refs.check(at, ("persons", i, "person"), role.person, "person")
    for i, quote in enumerate(record.quotes):
        refs.check(at, ("quotes", i, "speaker"), quote.speaker, "person")
    for name in ("witness", "speaker", "expert"):
        refs.check(at, (name,), getattr(record, name, None), "person")


def _check_fact(refs: _Refs, at: Located) -> None:
    fact = at.item
    for i, place in enumerate(fact.places):
        refs.check(at, ("places", i), place, "place")
    for name in ("actors", "affected"):
        for i, person in enumerate(getattr(fact, name)):
            refs.check(at, (name, i), person, "person")
    for name in ("evidence", "contradicted_by"):
        for i, support in enumerate(getattr(fact, name)):
            if refs.check(at, (name, i, "record"), support.record, "evidence record") and support.figure:
                record = refs.case.record(support.record)
                figures = {f.id: f for f in getattr(record, "figures", ())}
                if not isinstance(record, Statistic) or support.figure not in figures:
                    path, line, col = at.where((name, i, "figure"))
                    refs.problems.append(Problem(path, line, col,
                                                 f"The record '{support.record}' has no figure '{support.figure}'.",
                                                 "Name a figure id of that statistic record.",
                                                 code="dangling-reference"))


def _check_case_file(refs: _Refs, case: Case) -> None:
    at, parties = case.case_at, case.case.parties
    representatives = {r.id: r for r in parties.representatives}
    applicants = {a.id: a for a in parties.applicants}
    respondents = {r.id: r for r in parties.respondents}
    for i, applicant in enumerate(parties.applicants):
        base = ("parties", "applicants", i)
        refs.check(at, base + ("person",), applicant.person, "person")
        refs.check(at, base + ("representative",), applicant.representative, "representative", representatives)
        for j, fact in enumerate(applicant.facts):
            refs.check(at, base + ("facts", j), fact, "fact")
    for i, rep in enumerate(parties.representatives):
        for j, represented in enumerate(rep.represents):
            refs.check(at, ("parties", "representatives", i, "represents", j), represented, "applicant", applicants)
    for i, claim in enumerate(case.case.claims):
        refs.check(at, ("claims", i, "respondent"), claim.respondent, "respondent", respondents)
        for number, link in claim.elements.items():
            for key in ("facts", "against"):
                for j, fact in enumerate(getattr(link, key)):
                    refs.check(at, ("claims", i, "elements", number, key, j), fact, "fact")


def sha256_of(path: Path) -> str:
    """The SHA-256 of a file, read in blocks (exhibits may be large)."""
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def check_exhibits(case: Case) -> list[Problem]:
    """Check that every exhibit file exists inside the case folder, matches its SHA-256 and its custody log."""
    problems: list[Problem] = []
    for at in case.evidence.values():
        for i, exhibit in enumerate(at.item.exhibits):
            problems += _check_exhibit(case, at, i, exhibit)
    return problems


def _check_exhibit(case: Case, at: Located, i: int, exhibit) -> list[Problem]:
    path, line, col = at.where(("exhibits", i, "file"), key=False)
    target = (case.root / exhibit.file).resolve()
    if not target.is_relative_to(case.root):
        return [Problem(path, line, col, f"The exhibit '{exhibit.file}' lies outside the case folder.",
                        "Copy it into the case folder (e.g. exhibits/) and point to the copy.", code="exhibit-outside")]
    if not target.is_file():
        return [Problem(path, line, col, f"The exhibit file '{exhibit.file}' does not exist.",
                        "Check the path (it is relative to the case folder) or add the file.", code="exhibit-missing")]
    actual = sha256_of(target)
    problems = []
    if actual != exhibit.sha256:
        path, line, col = at.where(("exhibits", i, "sha256"), key=False)
        problems.append(Problem(path, line, col,
                                f"The exhibit '{exhibit.file}' of record '{at.item.id}' does not match its SHA-256: "
                                f"recorded {exhibit.sha256}, file has {actual}.",
                                "If the file was changed on purpose, add a custody entry and record the new hash; "
                                "otherwise restore the original file.", code="exhibit-hash"))
    problems += _check_custody(at, i, exhibit)
    from casebuilder.render.exhibit_pdf import kind_of  # the formats a bundle can reproduce

    if kind_of(exhibit.file) is None:
        path, line, col = at.where(("exhibits", i, "file"), key=False)
        problems.append(Problem(path, line, col, f"The exhibit '{exhibit.file}' is not a PDF, an image (JPEG, PNG, "
                                "TIFF) or a plain text: bundles list it with its SHA-256 but cannot reproduce it.",
                                "Add a PDF copy of it as a further exhibit (and record the conversion in its "
                                "custody log).", severity=Severity.WARNING, code="exhibit-format"))
    return problems


def _check_custody(at: Located, i: int, exhibit) -> list[Problem]:
    """A hash may change only through a custody entry that records the before and after hashes."""
    problems, current = [], None
    for j, entry in enumerate(exhibit.custody):
        if entry.sha256_before and current and entry.sha256_before != current:
            path, line, col = at.where(("exhibits", i, "custody", j, "sha256_before"))
            problems.append(Problem(path, line, col, "This custody entry starts from a hash that no earlier entry "
                                    "produced: the file changed with no custody entry.",
                                    "Add the missing custody step.", code="custody-gap"))
        current = entry.sha256_after or entry.sha256_before or current
    if current and current != exhibit.sha256:
        path, line, col = at.where(("exhibits", i, "sha256"))
        problems.append(Problem(path, line, col, f"The recorded hash of '{exhibit.file}' differs from the last hash "
                                "in its custody log: the file changed with no custody entry.",
                                "Add a custody entry for the change.", code="custody-gap"))
    return problems


def _warnings(case: Case) -> list[Problem]:
    warnings = []
    for at in case.facts.values():
        supports = at.item.evidence
        if len(supports) == 1 and supports[0].record in case.evidence:
            grade = case.record(supports[0].record).reliability
            if not grade.is_strong:
                path, line, col = at.where(("evidence",))
                warnings.append(Problem(path, line, col, f"The fact '{at.item.id}' rests on a single source graded "
                                        f"{grade.code}.", "Corroborate it with a second, independent source.",
                                        Severity.WARNING, "single-weak-source"))
    for at in case.people.values():
        person = at.item
        if person.kind == "individual" and not person.public_figure and person.protection is None:
            path, line, col = at.where(("id",))
            warnings.append(Problem(path, line, col, f"The person '{person.id}' has no protection decision; the "
                                    f"case default '{case.case.protection.default}' applies.",
                                    "Set 'protection:' (none, pseudonymise or confidential).", Severity.WARNING,
                                    "no-protection-decision"))
    return warnings
