"""Uwazi CSV exports of entities, mapped to records, people and places through a mapping file.

Uwazi's exporter (``app/api/csv/csvExporter.ts`` and ``typeFormatters.ts`` of huridocs/uwazi) writes
the columns ``Title``, ``Date added``, ``Template``, then one column per template property (by its
label), then ``Documents``, ``Attachments`` and ``Published``. Several values are joined with '|';
dates are ``YYYY-MM-DD`` (the default date format), a date range is ``from~to``, a thesaurus value
under a group is ``group::value``, a geolocation ``lat|lon``, a link ``label|url``, and a
relationship gives the titles of the related entities. The export carries no entity id: the
mapping may name a generated-id property, otherwise the title (with the template) is the id.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from casebuilder.imports.mapping import UwaziMapping, UwaziTemplate
from casebuilder.imports.plan import Item, Unit, Where
from casebuilder.imports.records import UNGRADED, make_id, split, validate
from casebuilder.imports.tables import Row, Table, read_table
from casebuilder.problems import Problem, Severity, fail

COMMON = ("Title", "Date added", "Template", "Documents", "Attachments", "Published")


def read(source: Path, mapping: UwaziMapping, root: Path) -> tuple[list[Unit], list[Problem]]:
    """Read the CSV export into one unit per entity of a mapped template."""
    if source.is_dir():
        raise fail(source.name, "Give the CSV file Uwazi exported, not a folder.", "", "import-source")
    table = read_table(source, source.name)
    problems = table.problems + _header(table, mapping)
    if any(p.is_error for p in problems):
        return [], problems
    reader = _Reader(table, mapping)
    units: list[Unit] = []
    unmapped: dict[str, Any] = {}
    for row in table.rows:
        template = mapping.templates.get(row.get("Template"))
        if template is None:
            unmapped.setdefault(row.get("Template"), row.number)
            continue
        units.append(reader.unit(row, template))
    problems += [Problem(table.shown, line, 3, f"'Template': entities of the template '{name}' are not mapped; "
                         "they are not imported.", "Add the template to 'templates' in the mapping file to import "
                         "them.", Severity.WARNING, "import-unmapped") for name, line in unmapped.items()]
    return units, problems


def _header(table: Table, mapping: UwaziMapping) -> list[Problem]:
    missing = [c for c in ("Title", "Template") if not table.has(c)]
    if missing:
        return [Problem(table.shown, 1, 0, f"This is not an Uwazi CSV export: it has no {' or '.join(missing)} "
                        "column.", "Export the entities again from the Uwazi library (Export CSV).",
                        code="import-header")]
    problems = []
    columns = [mapping.id] + [c for t in mapping.templates.values() for c in (
        t.date, t.summary, t.places, t.tags, *t.persons, *t.people.values(), *t.fields.values())]
    for column in dict.fromkeys(c for c in columns if c):
        if not table.has(column):
            problems.append(Problem(table.shown, 1, 0, f"The mapping names the column '{column}', which the export "
                                    "does not have.", "Use a property label as the CSV's header row writes it.",
                                    code="import-mapping"))
    return problems


def uwazi_date(text: str) -> str:
    """An Uwazi date cell as a case date: the first of several dates; a range ``from~to`` as ``from/to``."""
    first = split(text)[0] if text else ""
    return first.replace("~", "/")


class _Reader:
    def __init__(self, table: Table, mapping: UwaziMapping):
        self.table, self.mapping = table, mapping
        self.prefix = mapping.id_prefix if mapping.id_prefix is not None else "UWAZI-"

    def at(self, row: Row, column: str | None) -> Where:
        return Where(self.table.shown, row.number, row.column(column), column or "")

    def entity_id(self, title: str) -> str:
        """The id of an entity known by its title (as relationship columns name it)."""
        return make_id(self.prefix, title)

    def unit(self, row: Row, template: UwaziTemplate) -> Unit:
        unit = Unit(Where(self.table.shown, row.number))
        title = row.get("Title")
        own = row.get(self.mapping.id) if self.mapping.id else title
        if not own:
            unit.error(self.at(row, self.mapping.id or "Title"), "The entity has no id.",
                       "Fill in the column, or map another one as 'id'.", "import-missing")
            return unit
        item_id = self.entity_id(own)
        if template.kind in ("person", "place"):
            collection = "people" if template.kind == "person" else "places"
            data = {"id": item_id, "name": title, **{k: row.get(c) for k, c in template.fields.items()},
                    **template.values}
            item = validate(unit, collection, {k: v for k, v in data.items() if v}, {"name": self.at(row, "Title")})
            if item is not None:
                unit.items.append(item)
            return unit
        self._record(unit, row, template, item_id, title)
        return unit

    def _stubs(self, unit: Unit, row: Row, column: str | None, collection: str) -> list[str]:
        ids = []
        for label in split(row.get(column)):
            label = label.split("::")[-1]
            stub_id = self.entity_id(label)
            unit.items.append(Item(collection, stub_id, {"id": stub_id, "name": label}, stub=True))
            ids.append(stub_id)
        return ids

    def _record(self, unit: Unit, row: Row, template: UwaziTemplate, item_id: str, title: str) -> None:
        m = self.mapping
        where = {"title": self.at(row, "Title"), "date": self.at(row, template.date),
                 "summary": self.at(row, template.summary), "places": self.at(row, template.places)}
        data: dict = {"id": item_id, "kind": template.kind, "title": title, "date": uwazi_date(row.get(template.date)),
                      "summary": row.get(template.summary),
                      "source": {"title": f"Uwazi entity '{title}' ({row.get('Template')})"},
                      "reliability": m.reliability.model_dump() if m.reliability else dict(UNGRADED)}
        if m.source_publisher:
            data["source"]["publisher"] = m.source_publisher
        if row.get("Date added"):
            data["source"]["date"] = row.get("Date added")
        attachments = [u for u in split(row.get("Attachments")) if u.startswith(("https://", "http://"))]
        if attachments:
            data["source"]["url"] = attachments[0]
        if m.language:
            data["source"]["language"] = m.language
        data["places"] = self._stubs(unit, row, template.places, "places")
        persons = [{"person": p, "role": role} for column, role in template.persons.items()
                   for p in self._stubs(unit, row, column, "people")]
        for field_name, column in template.people.items():
            named = self._stubs(unit, row, column, "people")[:1]
            where[field_name] = self.at(row, column)
            if named:
                data[field_name] = named[0]
                persons.append({"person": named[0], "role": field_name})
        data["persons"] = list({p["person"]: p for p in persons}.values())
        for name, column in template.fields.items():
            data[name] = row.get(column)
            where[field_name] = self.at(row, column)
        data.update(template.values)
        data["tags"] = [*split(row.get(template.tags)), *m.tags]
        item = validate(unit, "evidence", {k: v for k, v in data.items() if v not in ("", None, [])}, where)
        if item is not None:
            unit.items.append(item)
