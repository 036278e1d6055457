"""Spreadsheets: evidence records, facts, people and places, one sheet (or CSV file) each.

The columns are named after the fields of the case files (see the README, "Importing evidence",
and the templates that ``casebuilder new`` writes in ``import-templates/``). A cell holding several
values separates them with ';'. Ids are the case's own: they are written as the sheet has them.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from casebuilder.imports.mapping import SpreadsheetMapping
from casebuilder.imports.plan import Unit, Where
from casebuilder.imports.records import UNGRADED, refer, split, validate
from casebuilder.imports.tables import Row, Table, column_letter, read_table
from casebuilder.problems import CaseError, Problem, Severity, fail

SHEETS = {"records": "evidence", "evidence": "evidence", "facts": "facts", "people": "people", "places": "places"}
"""Sheet (or file) names and the collection each fills."""


@dataclass(frozen=True)
class Col:
    """A column of a sheet: the field it fills (a dotted path), how the cell is read, what it refers to."""

    name: str
    path: str
    type: str = "text"  # text, list, int, float, bool, supports, persons
    refers: str | None = None
    help: str = ""


def _source(prefix: str) -> tuple[Col, ...]:
    return tuple(Col(f"{prefix}_{f}", f"{prefix}.{f}", help=h) for f, h in (
        ("title", "Title of the source document, article, report or recording (required)."),
        ("publisher", "Who published it."), ("author", "Who wrote or said it."),
        ("date", "When the source was published."), ("url", "Where it is online."),
        ("accessed", "When the URL was last accessed."), ("language", "Its language (BCP 47 tag).")))


COLUMNS: dict[str, tuple[Col, ...]] = {
    "evidence": (
        Col("id", "id", help="The record's id, unique across the case (e.g. T-014)."),
        Col("kind", "kind", help="testimony, official_statement, resolution, court_decision, media_report, "
            "expert_opinion, document or other."),
        Col("title", "title", help="A short title."), Col("date", "date", help="When the events happened."),
        Col("summary", "summary", help="A neutral summary that says who states what."),
        Col("places", "places", "list", "places", "Ids of places, separated by ';'."),
        Col("persons", "persons", "persons", "people", "Persons with their role: 'P-001: witness; P-002: victim'."),
        Col("witness", "witness", refers="people", help="testimony: the id of the witness."),
        Col("recorded_by", "recorded_by", help="testimony: who took the account."),
        Col("given_on", "given_on", help="testimony: when the account was given."),
        Col("speaker", "speaker", refers="people", help="official_statement: the id of the speaker."),
        Col("office", "office", help="official_statement: the speaker's office."),
        Col("body", "body", help="resolution: the body that adopted it."),
        Col("reference", "reference", help="resolution, court_decision: the official reference."),
        Col("court", "court", help="court_decision: the court."),
        Col("case_name", "case_name", help="court_decision: the name of the case."),
        Col("decision_type", "decision_type", help="court_decision: judgment, order, decision ..."),
        Col("outlet", "outlet", help="media_report: the newspaper, broadcaster or website."),
        Col("expert", "expert", refers="people", help="expert_opinion: the id of the expert."),
        Col("expertise", "expertise", help="expert_opinion: their field."),
        Col("document_type", "document_type", help="document: decree, agreement, report, letter ..."),
        Col("medium", "medium", help="other: photograph, video, satellite image ..."),
        *_source("source"),
        Col("reliability_source", "reliability.source", help="A-F (blank: F6, not yet assessed)."),
        Col("reliability_information", "reliability.information", "int", help="1-6."),
        Col("reliability_rationale", "reliability.rationale", help="Why these grades."),
        Col("quote", "quotes.text", help="A passage of the source, verbatim."),
        Col("quote_pinpoint", "quotes.pinpoint", help="Where the passage stands (p. 4, § 12)."),
        Col("quote_speaker", "quotes.speaker", refers="people", help="The id of the person quoted."),
        Col("tags", "tags", "list", help="Labels, separated by ';'."),
        Col("protection", "protection", help="none or confidential."),
    ),
    "facts": (
        Col("id", "id", help="The fact's id (e.g. F-019)."), Col("title", "title", help="A short heading."),
        Col("date", "date", help="When it happened: a day, a month or a range."),
        Col("description", "description", help="One neutral paragraph."),
        Col("evidence", "evidence", "supports", "evidence", "Records with pinpoints: 'T-001: p. 2; M-001'."),
        Col("contradicted_by", "contradicted_by", "supports", "evidence", "Records that contradict it."),
        Col("places", "places", "list", "places", "Ids of places."),
        Col("actors", "actors", "list", "people", "Ids of the persons or bodies who acted."),
        Col("affected", "affected", "list", "people", "Ids of the persons or groups affected."),
        Col("protection", "protection", help="none or confidential."),
    ),
    "people": (
        Col("id", "id", help="The person's id (e.g. P-012)."), Col("name", "name", help="The name as the source "
                                                                    "gives it."),
        Col("kind", "kind", help="individual, organisation, group or state_body."),
        Col("role", "role", help="Their role in the case."),
        Col("public_figure", "public_figure", "bool", help="yes for officials acting in a public capacity."),
        Col("protection", "protection", help="none, pseudonymise or confidential (blank: the case's default)."),
        Col("pseudonym", "pseudonym", help="The pseudonym in public outputs."),
        Col("identifying_details", "identifying_details", "list", help="Strings that identify them, ';'."),
        Col("description", "description", help="A short neutral description."),
    ),
    "places": (
        Col("id", "id", help="The place's id."), Col("name", "name", help="The name used in the outputs."),
        Col("kind", "kind", help="settlement, region, country, site, border, road or other."),
        Col("admin_area", "admin_area", help="The administrative area."), Col("country", "country", help="The country."),
        Col("lat", "coordinates.lat", "float", help="Latitude (WGS 84)."),
        Col("lon", "coordinates.lon", "float", help="Longitude (WGS 84)."),
        Col("precision", "coordinates.precision", help="exact, approximate, settlement or region."),
    ),
}
_YES, _NO = {"yes", "y", "true", "1", "oui", "x"}, {"no", "n", "false", "0", "non"}


def sheets_of(source: Path) -> list[tuple[Path, str, str | None]]:
    """The (file, collection, sheet) to read: a folder of CSV/XLSX files, one file, or a workbook's sheets."""
    if source.is_dir():
        found = sorted(p for p in source.iterdir() if p.suffix.lower() in (".csv", ".xlsx")
                       and p.stem.lower() in SHEETS and not p.is_symlink())
        if not found:
            raise fail(str(source), "This folder holds no records, facts, people or places sheet.",
                       "Name the files records.csv, facts.csv, people.csv and places.csv (or .xlsx).", "import-source")
        return [(p, SHEETS[p.stem.lower()], None) for p in found]
    if source.suffix.lower() == ".xlsx":  # sheets named records, facts ...; else the file's name says
        return [(source, collection, name) for name, collection in SHEETS.items()]
    if source.stem.lower() not in SHEETS:
        raise fail(str(source), "The file name does not say what it holds.",
                   "Name it records.csv, facts.csv, people.csv or places.csv.", "import-source")
    return [(source, SHEETS[source.stem.lower()], None)]


def read(source: Path, mapping: SpreadsheetMapping, root: Path) -> tuple[list[Unit], list[Problem]]:
    """Read every sheet into units, one per row."""
    units: list[Unit] = []
    problems: list[Problem] = []
    for path, collection, sheet in sheets_of(source):
        shown = f"{path.name}[{sheet}]" if sheet else path.name
        table = read_table(path, shown, sheet)
        if sheet and not table.headers:
            if sheet != "places" or units or problems or path.stem.lower() not in SHEETS:
                continue
            collection, shown = SHEETS[path.stem.lower()], path.name  # no named sheet: the first one
            table = read_table(path, shown, None)
        problems += table.problems + _header(table, collection)
        if any(p.is_error and p.line == 1 for p in problems if p.path == shown):
            continue
        units += [_row(table, collection, row, mapping) for row in table.rows]
    if not units and not any(p.is_error for p in problems):
        raise fail(source.name, "The spreadsheet has no rows to import.", "Fill in the rows under the header row.",
                   "import-empty")
    return units, problems


def _header(table: Table, collection: str) -> list[Problem]:
    known = {c.name for c in COLUMNS[collection]}
    problems = [Problem(table.shown, 1, i + 1, f"'{h}' ({column_letter(i + 1)}) is not a column of {collection}; "
                        "it is ignored.", f"The columns are: {', '.join(sorted(known))}.", Severity.WARNING,
                        "import-header") for i, h in enumerate(table.headers) if h and h not in known]
    if "id" not in table.headers:
        problems.append(Problem(table.shown, 1, 0, "The sheet has no 'id' column; no row can be imported.",
                                "Add the id column to the header row.", code="import-header"))
    return problems


def _row(table: Table, collection: str, row: Row, mapping: SpreadsheetMapping) -> Unit:
    unit = Unit(Where(table.shown, row.number))
    data: dict = {}
    where = {c.path: Where(table.shown, row.number, row.column(c.name), c.name)
             for c in COLUMNS[collection] if table.has(c.name)}
    for col in COLUMNS[collection]:
        text = row.get(col.name)
        if not text:
            continue
        at = Where(table.shown, row.number, row.column(col.name), col.name)
        value = _cell(unit, col, text, at)
        if value is None:
            continue
        _put(data, col.path, value)
        where[col.path] = where[col.path.split(".")[0]] = at
        if col.refers:
            ids = [v["record"] if isinstance(v, dict) and "record" in v else
                   v["person"] if isinstance(v, dict) else v for v in (value if isinstance(value, list) else [value])]
            refer(unit, ids, col.refers, at)
    if collection == "evidence":
        _record_defaults(data, mapping)
    if unit.bad:
        return unit
    item = validate(unit, collection, data, where)
    if item is not None:
        unit.items.append(item)
    return unit


def _cell(unit: Unit, col: Col, text: str, at: Where):
    if col.type == "list":
        return split(text)
    if col.type in ("int", "float"):
        try:
            return int(text) if col.type == "int" else float(text.replace(",", "."))
        except ValueError:
            unit.error(at, f"'{text}' is not a number.", col.help, code="import-value")
            return None
    if col.type == "bool":
        if text.lower() in _YES | _NO:
            return text.lower() in _YES
        unit.error(at, f"'{text}' is neither yes nor no.", "Write yes or no.", code="import-value")
        return None
    if col.type == "supports":
        return [_pair(part, "record", "pinpoint") for part in split(text)]
    if col.type == "persons":
        return [_pair(part, "person", "role", "named") for part in split(text)]
    return text


def _pair(text: str, key: str, second: str, default: str | None = None) -> dict:
    head, _, rest = text.partition(":")
    pair: dict[str, str | None] = {key: head.strip()}
    if rest.strip() or default:
        pair[second] = rest.strip() or default
    return pair


def _put(data: dict, path: str, value) -> None:
    parts = path.split(".")
    if parts[0] == "quotes":
        quotes = data.setdefault("quotes", [{}])
        quotes[0][parts[1]] = value
        return
    target = data
    for part in parts[:-1]:
        target = target.setdefault(part, {})
    target[parts[-1]] = value


def _record_defaults(data: dict, mapping: SpreadsheetMapping) -> None:
    if "reliability" not in data:
        data["reliability"] = mapping.reliability.model_dump() if mapping.reliability else dict(UNGRADED)
    if mapping.tags:
        data["tags"] = list(dict.fromkeys([*data.get("tags", []), *mapping.tags]))
    if mapping.language and "source" in data:
        data["source"].setdefault("language", mapping.language)


def template_csv(collection: str) -> str:
    """The header row of an empty sheet."""
    return ",".join(c.name for c in COLUMNS[collection]) + "\n"


__all__ = ["COLUMNS", "SHEETS", "CaseError", "read", "template_csv"]
