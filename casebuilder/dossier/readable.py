"""No case id reaches a reader: record, fact and person ids written in the case's own texts
("A resident of Nngi (W-07) states ...", "see DOC-80") become what the forum and the reader know,
a document as the forum cites it ("Document 5", "Annex 5"), a fact by its title, a person by the
name the audience may see (a pseudonym in public outputs). Then the audience's redaction applies.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from casebuilder.validate.case import Case

if TYPE_CHECKING:
    from casebuilder.dossier.view import Exhibits

def id_pattern(case: Case) -> re.Pattern[str] | None:
    """One pattern matching every id of the case as a whole word (ids may hold hyphens)."""
    applicants = {a.id for a in case.case.parties.applicants if a.person}
    ids = sorted({*case.evidence, *case.facts, *case.people, *applicants}, key=len, reverse=True)
    return re.compile(r"(?<![\w-])(" + "|".join(map(re.escape, ids)) + r")(?![\w-])") if ids else None


class Readable:
    """A redactor that first rewrites case ids in a text for its reader (same interface as Redactor)."""

    def __init__(self, redactor: Any, case: Case, exhibits: "Exhibits", word: str):
        self._redactor, self._case, self._exhibits, self._word = redactor, case, exhibits, word
        self._pattern = id_pattern(case)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._redactor, name)

    def text(self, value: str | None, *, quote: bool = False) -> str:
        """The text with ids rewritten, then redacted for the audience (quotes stay verbatim: a source's
        own words are never rewritten, only redacted)."""
        if value and self._pattern is not None and not quote:
            value = self._pattern.sub(self._replace, value)
        return self._redactor.text(value, quote=quote)

    def _replace(self, match: re.Match[str]) -> str:
        found = match.group(1)
        if found in self._exhibits.numbers:
            return f"{self._word} {self._exhibits.numbers[found]}"
        if found in self._case.people:
            return self._redactor.name(found)
        applicant = next((a for a in self._case.case.parties.applicants if a.id == found), None)
        if applicant is not None and applicant.person:
            # the applicant's person, by the name the audience may see (never "the applicant" in public)
            return self._redactor.name(applicant.person)
        if found in self._case.facts:
            return f"\u201c{self._case.fact(found).title}\u201d"
        return f"\u201c{self._case.record(found).title}\u201d"
