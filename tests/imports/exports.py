"""Small exports in the formats of the real tools, written into a test's folder.

Each follows the exporter named in casebuilder/imports/<format>.py: the column names, the meta
columns, the ZIP layout and the JSON fields are those of KoboToolbox (formpack/kpi), ODK Central
(central-backend streamBriefcaseCsvs), Uwazi (app/api/csv/csvExporter.ts) and Atlos
(platform/lib/platform/workers/export.ex).
"""

from __future__ import annotations

import csv
import hashlib
import json
import zipfile
from datetime import date
from pathlib import Path

import openpyxl

from casebuilder.imports import run_import
from casebuilder.pipeline.check import full_check

TODAY = date(2026, 1, 10)
KOBO_META = ["_id", "_uuid", "_submission_time", "_validation_status", "_notes", "_status", "_submitted_by",
             "__version__", "_tags", "_index"]
ODK_META = ["KEY", "SubmitterID", "SubmitterName", "AttachmentsPresent", "AttachmentsExpected", "Status",
            "ReviewState", "DeviceID", "Edits", "FormVersion"]


def run(fmt, source, case, **options):
    return run_import(fmt, source, case, today=TODAY, **options)


def errors_of(case: Path) -> list[str]:
    return [p.format() for p in full_check(case).errors]


def located(result) -> list[str]:
    return [p.format() for p in result.problems if p.is_error]


def write_csv(path: Path, header: list[str], rows: list[list], delimiter: str = ",") -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w", newline="", encoding="utf-8") as stream:
        writer = csv.writer(stream, delimiter=delimiter)
        writer.writerow(header)
        writer.writerows(rows)
    return path


def kobo_export(folder: Path, *, bad: bool = False) -> Path:
    """An XLSX export ('XML values and headers', media URLs included) and its attachments folder."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Displacement interviews"
    sheet.append(["start", "end", "respondent/name", "respondent/village", "incident_date", "account", "photo",
                  "photo_URL", *KOBO_META])
    sheet.append(["2025-03-10T09:00:00.000+01:00", "2025-03-10T09:40:00.000+01:00", "Anna Example", "Riverside",
                  "2025-03-03", "The witness states that the town was shelled at dawn.", "IMG_0001.jpg",
                  "https://kf.kobotoolbox.org/media/original?media_file=x", 101, "a1b2-0001",
                  "2025-03-10T08:41:00", "", "", "submitted_via_web", "enumerator1", "vK3", "", 1])
    sheet.append(["2025-03-11T09:00:00.000+01:00", "2025-03-11T09:40:00.000+01:00", "Tomas Example", "Riverside",
                  "2025-02-30" if bad else "2025-03-04", "The witness states that he left the next day.", "", "",
                  102, "a1b2-0002", "2025-03-11T08:41:00", "", "", "submitted_via_web", "enumerator1", "vK3", "", 2])
    path = folder / "Displacement_interviews.xlsx"
    folder.mkdir(parents=True, exist_ok=True)
    book.save(path)
    photo = folder / "attachments" / "aXyZ" / "a1b2-0001" / "IMG_0001.jpg"
    photo.parent.mkdir(parents=True)
    photo.write_bytes(b"\xff\xd8\xff photo of the shelled street")
    (folder / "mapping.yaml").write_text("summary: account\ndate: incident_date\nwitness: respondent/name\n"
                                         "place: respondent/village\ngiven_on: _submission_time\n"
                                         "attachments: [photo]\nrecorded_by: Specimen Human Rights Group\n")
    return path


def odk_zip(folder: Path, *, bad: bool = False, extra: str | None = None) -> Path:
    """ODK Central's 'All data and media files' ZIP: <formId>.csv and media/."""
    header = ["SubmissionDate", "witness-name", "witness-village", "incident_date", "account", "voice_note",
              "meta-instanceID", *ODK_META]
    rows = [["2025-03-12T10:01:02.345Z", "Anna Example", "Riverside", "2025-03-03",
             "The witness states that shells fell on the market.", "1741770000.m4a", "uuid:5f0e-0001",
             "uuid:5f0e-0001", "5", "collector1", "1", "1", "", "approved", "collect:abc", "0", "2025031201"],
            ["2025-03-12T11:01:02.345Z", "Tomas Example", "Riverside", "2025-03-04",
             "" if bad else "The witness states that the road was closed.", "", "uuid:5f0e-0002", "uuid:5f0e-0002",
             "5", "collector1", "0", "0", "", "", "collect:abc", "0", "2025031201"]]
    csv_path = write_csv(folder / "build" / "displacement.csv", header, rows)
    path = folder / "displacement.zip"
    with zipfile.ZipFile(path, "w") as archive:
        archive.write(csv_path, "displacement.csv")
        archive.writestr("media/1741770000.m4a", b"audio of the account")
        if extra:
            archive.writestr(extra, b"x")
    (folder / "mapping.yaml").write_text("summary: account\ndate: incident_date\nwitness: witness-name\n"
                                         "place: witness-village\nattachments: [voice_note]\n")
    return path


UWAZI_HEADER = ["Title", "Date added", "Template", "Date of incident", "Summary", "Witness", "Location",
                "Violation type", "Documents", "Attachments", "Published"]


def uwazi_export(folder: Path, *, bad: bool = False) -> Path:
    rows = [["Account of a Riverside resident", "2025-04-02", "Testimony", "2025-03-03",
             "The witness states that the town was shelled.", "Anna Example", "Riverside",
             "Attacks::Shelling|Displacement", "/files/1a2b.pdf", "https://uwazi.example.org/api/files/9f.jpg",
             "Published"],
            ["Second account", "2025-04-03", "Testimony", "2025-03-04~2025-03-05" if not bad else "next week",
             "The witness states that the residents left.", "Tomas Example", "Riverside", "Displacement", "", "",
             "Unpublished"],
            ["Riverside", "2025-04-01", "Place", "", "", "", "", "", "", "", "Published"],
            ["Weekly digest", "2025-04-05", "Digest", "", "", "", "", "", "", "", "Published"]]
    path = write_csv(folder / "uwazi-export.csv", UWAZI_HEADER, rows)
    (folder / "mapping.yaml").write_text(
        "templates:\n  Testimony:\n    kind: testimony\n    date: Date of incident\n    summary: Summary\n"
        "    people: {witness: Witness}\n    places: Location\n    tags: Violation type\n"
        "  Place:\n    kind: place\n    values: {kind: settlement}\nsource_publisher: Specimen Documentation Centre\n")
    return path


def atlos_zip(folder: Path, *, tamper: bool = False, traversal: bool = False) -> Path:
    """An Atlos full project export with one incident, one source material and two artifacts."""
    root = "atlos-export-2025-05-01"
    media = b"video of the shelling"
    page = b"<html>archived page</html>"
    version = {"id": 731, "source_url": "https://example.org/post/1", "status": "complete",
               "upload_type": "direct", "visibility": "visible", "inserted_at": "2025-03-05T12:00:00",
               "updated_at": "2025-03-05T12:10:00", "metadata": {"auto_archive_successful": True},
               "artifacts": [{"id": "e1", "type": "media", "file_hash_sha256": hashlib.sha256(media).hexdigest(),
                              "file_size": len(media), "mime_type": "video/mp4", "perceptual_hashes": {}},
                             {"id": "e2", "type": "full_page", "file_hash_sha256": hashlib.sha256(page).hexdigest(),
                              "file_size": len(page), "mime_type": "text/html", "perceptual_hashes": {}}]}
    incident = {"id": "0b7c", "slug": "ATL-FR6T2Q", "attr_description": "Shelling of the market in Riverside",
                "attr_date": "2025-03-03", "attr_status": "Completed", "attr_tags": ["shelling"],
                "attr_sensitive": ["Not Sensitive"], "attr_restrictions": [], "attr_more_info": None,
                "attr_geolocation": {"type": "Point", "coordinates": [12.3, 45.1]},
                "attr_geolocation_resolution": "Vicinity", "deleted": False,
                "inserted_at": "2025-03-05T11:00:00", "updated_at": "2025-03-06T09:00:00",
                "project": {"name": "Riverside monitoring", "code": "RIV"}, "project_attributes": [],
                "source_material": [version], "versions": [version]}
    path = folder / "atlos-export.zip"
    folder.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("README.txt", "This folder contains a comprehensive copy of the project.")
        archive.writestr(f"{root}/project.json", json.dumps({"name": "Riverside monitoring", "code": "RIV"}))
        archive.writestr(f"{root}/RIV-FR6T2Q/metadata.json", json.dumps(incident))
        archive.writestr(f"{root}/RIV-FR6T2Q/updates.json", "[]")
        archive.writestr(f"{root}/RIV-FR6T2Q/RIV-FR6T2Q-731/metadata.json", json.dumps(version))
        archive.writestr(f"{root}/RIV-FR6T2Q/RIV-FR6T2Q-731/media_RIV-FR6T2Q-731.mp4",
                         media + (b"!" if tamper else b""))
        archive.writestr(f"{root}/RIV-FR6T2Q/RIV-FR6T2Q-731/full_page_RIV-FR6T2Q-731.html", page)
        if traversal:
            archive.writestr("../../evil.txt", b"outside")
    return path
