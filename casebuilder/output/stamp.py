"""Skipping a build whose outputs are up to date.

A build records, next to what it wrote, a *stamp* (``.casebuilder-build.json``): the hash of all
its inputs (casebuilder itself, the options, every file of the case folder) and the SHA-256 of
every file it wrote. The next build with the same inputs whose outputs are all still there,
unchanged, does nothing: it does not even load the case (hashing the case folder's files is all it
reads, and unchanged large files are not read again, see :class:`~casebuilder.load.cache.FileHashes`).
Any difference (a record edited, an output deleted or altered, another casebuilder) rebuilds.
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path

from casebuilder.dossier.kinds import KINDS, Planned
from casebuilder.output.paths import default_out
from casebuilder.problems import CaseError, Problem, Severity
from casebuilder.output.write import write_atomic
from casebuilder.render.pipeline import BuiltDocument

STAMP = ".casebuilder-build.json"
FORMAT = 1


class BuildStamp:
    """The inputs of one build and, once it has run, what it wrote."""

    def __init__(self, out: Path, key: str):
        self.out, self.key = out, key

    @classmethod
    def for_build(cls, path: Path, out: Path | None, kinds: tuple[str, ...], audience: str | None,
                  html: bool, final: bool = False) -> "BuildStamp | None":
        """The stamp of a build of the case at ``path``; None when its output folder cannot be known
        before the case is checked (case.yaml unreadable: the check will say why)."""
        from casebuilder.load.cache import folder_digest, tool_fingerprint
        from casebuilder.load.discover import CASE_FILE, find_case_root

        root = find_case_root(path)
        if out is None:
            try:
                from casebuilder.load.yamlsafe import read_yaml

                data = read_yaml(root / CASE_FILE, CASE_FILE).data
                name = data.get("short_name") if isinstance(data, dict) else None
            except (CaseError, OSError):
                return None
            if not isinstance(name, str) or not name or "/" in name or name.startswith("."):
                return None
            out = default_out(name)
        options = json.dumps({"kinds": list(kinds), "audience": audience, "html": html, "final": final,
                              "epoch": os.environ.get("SOURCE_DATE_EPOCH", "")}, sort_keys=True)
        key = hashlib.sha256("\n".join([tool_fingerprint(), options, folder_digest(root)]).encode()).hexdigest()
        return cls(Path(out), key)

    def up_to_date(self, strict: bool = False) -> tuple[list[BuiltDocument], list[Path], list[Problem]] | None:
        """What the previous build wrote (documents, files, warnings) if nothing changed since, else None."""

        try:
            stored = json.loads((self.out / STAMP).read_text(encoding="utf-8"))
            if stored.get("format") != FORMAT or stored.get("key") != self.key:
                return None
            contents = {}
            for name, sha256 in stored["files"].items():
                data = (self.out / name).read_bytes()
                if hashlib.sha256(data).hexdigest() != sha256:
                    return None
                contents[name] = data
            documents = []
            for doc in stored["documents"]:
                planned = Planned(KINDS[doc["kind"]], doc["filename"], doc["audience"], doc.get("applicant"))
                html = contents.get(doc["filename"].removesuffix(".pdf") + ".html", b"").decode("utf-8")
                documents.append(BuiltDocument(planned, contents[doc["filename"]], html, doc["pages"],
                                               dict(doc["anchors"])))
            warnings = [Problem(w["path"], w["line"], w["column"], w["message"], w["hint"], Severity(w["severity"]),
                                w["code"]) for w in stored["warnings"]]
        except (OSError, ValueError, KeyError, TypeError, AttributeError):
            return None
        if strict and warnings:
            raise CaseError(warnings)
        return documents, [self.out / n for n in stored["files"]], warnings

    def save(self, out: Path, documents: list, files: dict[str, bytes], warnings: list[Problem]) -> None:
        """Record what a build wrote (only into the folder this stamp is for)."""
        if Path(out).resolve() != self.out.resolve():
            return
        stored = {"format": FORMAT, "key": self.key,
                  "files": {name: hashlib.sha256(data).hexdigest() for name, data in files.items()},
                  "documents": [{"kind": d.planned.kind.name, "filename": d.planned.filename,
                                 "audience": d.planned.audience, "applicant": d.planned.applicant, "pages": d.pages,
                                 "anchors": d.anchors} for d in documents],
                  "warnings": [{"path": w.path, "line": w.line, "column": w.column, "message": w.message,
                                "hint": w.hint, "severity": w.severity.value, "code": w.code} for w in warnings]}
        write_atomic(self.out / STAMP, json.dumps(stored, indent=1, sort_keys=True).encode("utf-8"))
