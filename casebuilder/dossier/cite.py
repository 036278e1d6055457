"""Citations of evidence in the style of each forum: the ECHR's, the ICJ's, and OSCOLA.

A citation names the source, says who speaks where it is testimony or a statement, gives the
pinpoint, and refers to the exhibit (or annex) number under which the record is produced.
The result is safe HTML (every piece of evidence text is escaped).
"""

from __future__ import annotations

from markupsafe import Markup, escape

from casebuilder.dossier.protect import Redactor
from casebuilder.render.theme import longdate

STYLES = ("echr", "icj", "oscola")

EXHIBIT_WORD = {"echr": "Document", "icj": "Annex", "oscola": "Exhibit"}
"""What a produced record is called: the ECHR form's 'list of accompanying documents', the ICJ's annexes."""


def source_line(record, redactor: Redactor, style: str) -> Markup:
    """The source of a record, without pinpoint or exhibit number."""
    src = record.source
    who = _speaker(record, redactor)
    publisher = redactor.text(src.publisher)
    author = redactor.text(src.author)
    if author and publisher and author.casefold() == publisher.casefold():
        author = ""  # "RHR, 'Title', RHR, 2024" says the same body twice
    when = longdate(src.date) if src.date else ""
    title = redactor.text(src.title)
    if style == "oscola":
        # OSCOLA secondary sources: Author, Title (Publisher Year) pinpoint <URL> accessed date
        parts = [escape(author or publisher or "")]
        body = Markup("<i>{}</i>").format(title)
        tail = ", ".join(x for x in (publisher if author else "", when) if x)
        line = Markup(", ").join([p for p in parts if p] + [body]) + (Markup(" ({})").format(tail) if tail else "")
    else:
        # the courts' own styles: Author or body, 'Title', date (the ICJ italicises less; quotes are safer)
        pieces = [author or publisher, f"\u2018{title}\u2019", publisher if author else None, when]
        line = Markup(", ").join(escape(p) for p in pieces if p)
    if who:
        line = Markup("{} of {}, in ").format(_kind_word(record), who) + line
    return line


def cite(record, number: int, redactor: Redactor, style: str, pinpoint: str | None = None) -> Markup:
    """A full footnote citation of ``record``, produced as exhibit/annex ``number``."""
    line = source_line(record, redactor, style)
    if pinpoint:
        line += Markup(", {}").format(redactor.text(pinpoint))
    if style == "oscola" and record.source.url:
        line += Markup(" &lt;{}&gt;").format(redactor.url(str(record.source.url)))
        if record.source.accessed:
            line += Markup(" accessed {}").format(longdate(record.source.accessed))
    word = EXHIBIT_WORD[style]
    link = Markup('<a class="exh" href="#exh-{}">{} {}</a>').format(record.id, word, number)
    if style == "icj":
        return Markup("{}: ").format(link) + line + Markup(".")
    return line + Markup(" ({}).").format(link)


def _speaker(record, redactor: Redactor) -> str:
    for field in ("witness", "speaker", "expert"):
        person = getattr(record, field, None)
        if person:
            return redactor.name(person)
    return ""


def _kind_word(record) -> str:
    return {"testimony": "Testimony", "official_statement": "Statement", "expert_opinion": "Opinion"}.get(
        record.kind, "Account")
