"""Atlos full project exports: incidents become facts, source materials records, artifacts exhibits.

Followed: ``platform/lib/platform/workers/export.ex`` of atlosdotorg/atlos (the full export). The
ZIP holds ``README.txt`` and a folder ``atlos-export-<date>/`` with ``project.json``, then one folder
per incident named by its display slug (``<project code>-<slug>``) holding ``metadata.json`` (the
incident as ``Platform.Material.Media`` encodes it: ``slug``, ``attr_description``, ``attr_date``,
``attr_geolocation`` (GeoJSON), ``attr_geolocation_resolution``, ``attr_general_location``,
``attr_tags``, ``attr_sensitive``, ``source_material`` ...), ``updates.json``, and one folder per
source material ``<incident>-<version id>/`` with its own ``metadata.json`` (``id``, ``source_url``,
``artifacts``: ``id``, ``type``, ``file_hash_sha256``, ``file_size``, ``mime_type`` ...) and its
artifact files, named ``<type>_<incident>-<version id>.<extension>``.

The SHA-256 Atlos recorded for each artifact is checked against the file in the export: a
mismatch is an error (the file is not what Atlos archived). It is carried into the custody log.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
from pathlib import Path
from typing import Any

from casebuilder.imports.archive import safe_file, unpacked
from casebuilder.imports.forms import day
from casebuilder.imports.mapping import AtlosMapping
from casebuilder.imports.plan import Item, Unit, Where
from casebuilder.imports.records import UNGRADED, exhibit, make_id, validate
from casebuilder.problems import Problem, fail

MAX_JSON_BYTES = 8 * 1024 * 1024
_PRECISION = {"exact": "exact", "vicinity": "approximate", "locality": "settlement"}


def read(source: Path, mapping: AtlosMapping, root: Path) -> tuple[list[Unit], list[Problem]]:
    """Read the export (the ZIP, or the folder it unpacks to) into one unit per incident."""
    with contextlib.ExitStack() as stack:
        folder = stack.enter_context(unpacked(source, source.name)) if source.is_file() else source
        projects = sorted(p for p in folder.rglob("project.json") if not p.is_symlink())
        if not projects:
            raise fail(source.name, "This is not an Atlos project export: it has no project.json.",
                       "Export the project from Atlos (Export, full project) and give the ZIP.", "import-source")
        base = projects[0].parent
        project = _json(base / "project.json", f"{source.name}:{base.name}/project.json")
        reader = _Reader(source.name, base, mapping, root, project.get("name") if isinstance(project, dict) else None)
        incidents = sorted(p for p in base.iterdir() if p.is_dir() and not p.is_symlink()
                           and safe_file(p, "metadata.json"))
        return [reader.incident(p) for p in incidents], []
    raise AssertionError("unreachable")


def _json(path: Path, shown: str):
    if path.stat().st_size > MAX_JSON_BYTES:
        raise fail(shown, f"The file is larger than {MAX_JSON_BYTES // 2**20} MB.", "", "import-too-large")
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise fail(shown, f"The file is not valid JSON: {exc}.", "Export the project again.", "import-json") from None


class _Reader:
    def __init__(self, shown: str, base: Path, mapping: AtlosMapping, root: Path, project: str | None):
        self.shown, self.base, self.mapping, self.root = shown, base, mapping, root
        self.project = project or "Atlos project"
        self.prefix = mapping.id_prefix or ""

    def incident(self, folder: Path) -> Unit:
        shown = f"{self.shown}:{folder.name}/metadata.json"
        unit = Unit(Where(shown))
        meta = _json(folder / "metadata.json", shown)
        if not isinstance(meta, dict):
            unit.error(unit.where, "The incident's metadata is not a JSON object.", "Export the project again.")
            return unit
        fact_id = make_id(self.prefix, folder.name)
        versions = meta.get("source_material") or meta.get("versions") or []
        records = [r for r in (self._material(unit, folder, v, meta) for v in versions if isinstance(v, dict)) if r]
        if not versions:
            unit.error(Where(shown, label="source_material"), "The incident has no source material.",
                       "A fact needs evidence: add source material in Atlos, or leave the incident out.",
                       "import-missing")
        description = (meta.get("attr_description") or "").strip()
        data = {"id": fact_id, "title": _title(description, folder.name), "date": meta.get("attr_date") or "",
                "description": description or f"Incident {folder.name} as recorded in Atlos.",
                "evidence": [{"record": r} for r in records]}
        place = self._place(unit, meta, fact_id, folder.name)
        if place:
            data["places"] = [place]
        if not data["date"]:
            unit.error(Where(shown, label="attr_date"), "The incident has no date.",
                       "Set its date in Atlos (a fact needs one), then export again.", "import-missing")
        if not unit.bad:
            item = validate(unit, "facts", data, {"date": Where(shown, label="attr_date"),
                                                  "description": Where(shown, label="attr_description")})
            if item:
                unit.items.append(item)
        return unit

    def _place(self, unit: Unit, meta: dict, fact_id: str, name: str) -> str | None:
        geo = meta.get("attr_geolocation")
        coordinates = geo.get("coordinates") if isinstance(geo, dict) else None
        if not (isinstance(coordinates, list) and len(coordinates) >= 2):
            return None
        place_id = f"{fact_id}.place"
        precision = _PRECISION.get(str(meta.get("attr_geolocation_resolution") or "").lower(), "approximate")
        data = {"id": place_id, "name": meta.get("attr_general_location") or f"Location of incident {name}",
                "kind": "site", "coordinates": {"lon": coordinates[0], "lat": coordinates[1], "precision": precision}}
        item = validate(unit, "places", data, {"coordinates": Where(unit.where.shown, label="attr_geolocation")})
        if item:
            unit.items.append(item)
        return place_id if item else None

    def _material(self, unit: Unit, folder: Path, version: dict, meta: dict) -> str | None:
        name = f"{folder.name}-{version.get('id')}"
        shown = f"{self.shown}:{folder.name}/{name}/metadata.json"
        local = folder / name
        if safe_file(local, "metadata.json"):  # the source material's own metadata, if the export has it
            version = {**version, **(_json(local / "metadata.json", shown) or {})}
        record_id = make_id(self.prefix, name)
        url = version.get("source_url") or ""
        exhibits = [e for a in version.get("artifacts") or [] if isinstance(a, dict)
                    for e in [self._artifact(unit, local, name, a, record_id, shown, version)] if e]
        mime = next((a.get("mime_type") for a in version.get("artifacts") or [] if isinstance(a, dict)), None)
        data: dict[str, Any] = {"id": record_id, "kind": "other", "title": f"Source material {version.get('id')} of incident "
                f"{folder.name}", "date": meta.get("attr_date") or day(str(version.get("inserted_at") or "")),
                "summary": f"Material archived in Atlos for incident {folder.name}" + (f", from {url}." if url else "."),
                "source": {"title": url or f"Atlos source material {name}"},
                "reliability": self.mapping.reliability.model_dump() if self.mapping.reliability else dict(UNGRADED),
                "tags": [*(meta.get("attr_tags") or []), *self.mapping.tags]}
        if url.startswith(("http://", "https://")):
            data["source"]["url"] = url
        if version.get("inserted_at"):
            data["source"]["accessed"] = day(str(version["inserted_at"]))
        data["source"]["publisher"] = self.mapping.source_publisher or self.project
        if mime:
            data["medium"] = mime
        if exhibits:
            data["exhibits"] = exhibits
        item = validate(unit, "evidence", {k: v for k, v in data.items() if v not in ("", None, [])},
                        {"date": Where(shown, label="attr_date")})
        if item:
            unit.items.append(item)
        return record_id if item else None

    def _artifact(self, unit: Unit, local: Path, name: str, artifact: dict, record_id: str, shown: str,
                  version: dict) -> dict | None:
        kind = str(artifact.get("type") or "")
        where = Where(shown, label=f"artifacts[{kind}]")
        found = sorted(p for p in local.glob(f"{kind}_{name}.*") if safe_file(local, p.name)) if local.is_dir() else []
        if not found:
            unit.error(where, f"The export has no file for the {kind} artifact of {name}.",
                       "Export the project again (the download of this artifact may have failed).", "import-artifact")
            return None
        data = found[0].read_bytes()
        recorded = str(artifact.get("file_hash_sha256") or "").lower()
        actual = hashlib.sha256(data).hexdigest()
        if recorded and recorded != actual:
            unit.error(where, f"The file {found[0].name} does not match the SHA-256 Atlos recorded: Atlos recorded "
                       f"{recorded}, the file has {actual}.", "Do not use this file: export the project again, and "
                       "tell the project's administrators if it persists.", "import-hash")
            return None
        when = day(str(version.get("updated_at") or version.get("inserted_at") or "")) or None
        received = [{"date": when, "who": f"Atlos ({self.project})", "action": f"archived by Atlos as the {kind} "
                     "artifact; SHA-256 recorded by Atlos", **({"sha256_after": recorded} if recorded else {})}]
        target = f"exhibits/atlos/{record_id}/{found[0].name}"
        return exhibit(unit, self.root, target, data, where, f"Atlos {kind} artifact ({artifact.get('mime_type')})",
                       received if when else [])


def _title(description: str, name: str) -> str:
    first = description.split("\n", 1)[0].strip()
    return (first[:117] + "...") if len(first) > 120 else (first or f"Incident {name}")
