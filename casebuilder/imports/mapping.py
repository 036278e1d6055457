"""The mapping file: a small YAML file the user writes to say which column of an export means what.

It is read with the case files' own safe YAML reader and checked like a case file, so that a typo
in it is reported at its line and column.
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import Field

from casebuilder.load.yamlsafe import read_yaml
from casebuilder.models.common import Reliability, StrictModel, Text
from casebuilder.problems import CaseError, Problem
from casebuilder.validate.errors import validate_one


class Common(StrictModel):
    """Settings every format accepts."""

    id_prefix: str | None = Field(default=None, max_length=30, pattern=r"^[A-Za-z0-9._-]*$")
    """Put before the export's own ids to make the case ids (default per format, e.g. ``KOBO-``)."""
    imported_by: Text = "casebuilder import"
    """Who imports, as the custody log of each copied attachment records it (a person or an organisation)."""
    reliability: Reliability | None = None
    """The grading given to every imported record (default F6: not yet assessed)."""
    language: str | None = None
    """The language of the export's texts (BCP 47 tag), recorded as the source's language."""
    tags: tuple[str, ...] = ()
    """Labels added to every imported record (e.g. the name of the collection campaign)."""


class FormMapping(Common):
    """KoboToolbox and ODK: which form question (column header) holds what."""

    summary: Text
    """The question whose answer is the summary of the account ('The witness states that ...')."""
    date: Text
    """The question giving when the events happened."""
    witness: Text
    """The question giving the witness's name (becomes a person of the case, protected by the case's default)."""
    place: str | None = None
    """The question naming the place (becomes a place of the case, unless it is already a place id)."""
    title: str | None = None
    """The question giving a title; default 'Testimony from form submission ID'."""
    given_on: str | None = None
    """The question (or meta column such as ``_submission_time``) giving when the account was given."""
    quote: str | None = None
    """The question holding the witness's own words, quoted verbatim."""
    attachments: tuple[str, ...] = ()
    """The media questions (photo, audio, video, file) whose files become exhibits."""
    attachments_folder: str | None = None
    """The folder holding the attachments, relative to the mapping file (default: ``attachments`` for
    KoboToolbox, ``media`` for ODK, next to the export)."""
    recorded_by: str | None = None
    """Who recorded the accounts (e.g. the NGO running the form)."""
    source_title: str | None = None
    """The title of the source, e.g. the form's name; default '<Form> submission ID'."""


class UwaziTemplate(StrictModel):
    """How entities of one Uwazi template become case items."""

    kind: Literal["testimony", "official_statement", "resolution", "court_decision", "media_report",
                  "expert_opinion", "document", "other", "person", "place"]
    """What the template's entities become: a kind of evidence record, or a person or place of the case."""
    date: str | None = None
    """The column (a date property) giving when the events happened."""
    summary: str | None = None
    """The column (a text or markdown property) giving the summary."""
    places: str | None = None
    """The column (a relationship or select property) naming the places concerned."""
    persons: dict[str, str] = {}
    """Columns (relationship properties) naming persons, with the role they give them: {Victims: victim}."""
    people: dict[Literal["witness", "speaker", "expert"], str] = {}
    """Columns naming the one person a record kind needs: {witness: Witness}."""
    fields: dict[str, str] = {}
    """Other fields of the record, each from a column: {outlet: Outlet, reference: Resolution number}."""
    values: dict[str, str] = {}
    """Fields given the same value for every entity: {body: 'European Parliament'}."""
    tags: str | None = None
    """The column (a select or multiselect property) whose values become tags."""


class UwaziMapping(Common):
    """Uwazi: how each template's entities are mapped."""

    templates: dict[str, UwaziTemplate] = Field(min_length=1)
    """Per template name (as in the 'Template' column): how its entities become case items."""
    id: str | None = None
    """The column holding each entity's own id (a generated-id property); default: the title."""
    source_publisher: str | None = None
    """Who runs the Uwazi collection (recorded as the source's publisher)."""


class AtlosMapping(Common):
    """Atlos: the export is read as it is; these settings are optional."""

    source_publisher: str | None = None
    """Who runs the Atlos project (recorded as the source's publisher)."""


class SpreadsheetMapping(Common):
    """Spreadsheets are read by their column names; these settings are optional."""


MODELS: dict[str, type[Common]] = {"kobo": FormMapping, "odk": FormMapping, "uwazi": UwaziMapping, "atlos": AtlosMapping,
          "spreadsheet": SpreadsheetMapping}
REQUIRED = ("kobo", "odk", "uwazi")


def read_mapping(fmt: str, path: Path | None) -> Common:
    """Read and check the mapping file (or the defaults, for formats that need none)."""
    model = MODELS[fmt]
    if path is None:
        if fmt in REQUIRED:
            raise CaseError([Problem(fmt, 0, 0, f"Importing from {fmt} needs a mapping file.",
                                     "Write one (see the README, 'Importing evidence') and pass --mapping FILE.",
                                     code="import-mapping")])
        return model()
    if path.is_symlink() or not path.is_file():
        raise CaseError([Problem(str(path), 0, 0, "The mapping file does not exist or is a link.",
                                 "Give the path of a YAML file.", code="import-mapping")])
    problems: list[Problem] = []
    located = validate_one(read_yaml(path, str(path)), model, problems)
    if located is None or problems:
        raise CaseError(problems)
    return located.item
