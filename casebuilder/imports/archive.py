"""ZIP exports (Atlos, ODK Central) unpacked safely into a temporary folder.

An export is untrusted: every entry name is checked before anything is unpacked (no absolute path,
no '..', no drive letter, no symbolic link), and the number of entries, each entry's size, the total
size and the compression ratio are bounded, so that a "zip bomb" or a path-traversal entry is
refused whole rather than half unpacked.
"""

from __future__ import annotations

import stat
import tempfile
import zipfile
from contextlib import contextmanager
from pathlib import Path, PurePosixPath
from typing import Iterator

from casebuilder.problems import fail

MAX_ENTRIES = 50_000
MAX_ENTRY_BYTES = 512 * 1024 * 1024
MAX_TOTAL_BYTES = 4 * 1024 * 1024 * 1024
MAX_RATIO = 200
"""Compressed media barely compress; a text entry rarely compresses more than this."""


def _check_name(shown: str, name: str) -> None:
    path = PurePosixPath(name.replace("\\", "/"))
    if name.startswith(("/", "\\")) or ".." in path.parts or (path.parts and ":" in path.parts[0]):
        raise fail(shown, f"The archive holds an entry that points outside it: '{name}'.",
                   "Do not use this archive: it was not made by the export, or it was tampered with.",
                   "import-zip-path")


def check_archive(path: Path, shown: str) -> list[zipfile.ZipInfo]:
    """The entries of a ZIP file, once every one is checked; raise CaseError otherwise."""
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError):
        raise fail(shown, "This file is not a ZIP archive (or it is damaged).", "Download the export again.",
                   "import-zip") from None
    with archive:
        entries = archive.infolist()
    if len(entries) > MAX_ENTRIES:
        raise fail(shown, f"The archive holds more than {MAX_ENTRIES:,} entries.", "Export fewer items at once.",
                   "import-zip-size")
    total = 0
    for info in entries:
        _check_name(shown, info.filename)
        if stat.S_ISLNK(info.external_attr >> 16):
            raise fail(shown, f"The archive holds a symbolic link: '{info.filename}'.",
                       "Do not use this archive: an export holds files only.", "import-zip-link")
        ratio = info.file_size / max(info.compress_size, 1)
        if info.file_size > MAX_ENTRY_BYTES or (info.file_size > 1_000_000 and ratio > MAX_RATIO):
            raise fail(shown, f"The entry '{info.filename}' unpacks to {info.file_size:,} bytes.",
                       "Unpack the archive yourself and check it; very large files are not imported.",
                       "import-zip-size")
        total += info.file_size
    if total > MAX_TOTAL_BYTES:
        raise fail(shown, f"The archive unpacks to more than {MAX_TOTAL_BYTES // 2**30} GB.",
                   "Export fewer items at once.", "import-zip-size")
    return entries


@contextmanager
def unpacked(path: Path, shown: str) -> Iterator[Path]:
    """Unpack a checked archive into a temporary folder, removed afterwards."""
    entries = check_archive(path, shown)
    with tempfile.TemporaryDirectory(prefix="casebuilder-import-") as temp:
        root = Path(temp)
        with zipfile.ZipFile(path) as archive:
            for info in entries:
                target = (root / info.filename).resolve()
                if not target.is_relative_to(root.resolve()):  # checked above; kept as a second guard
                    raise fail(shown, f"The entry '{info.filename}' points outside the archive.", "",
                               "import-zip-path")
                if info.is_dir():
                    target.mkdir(parents=True, exist_ok=True)
                    continue
                target.parent.mkdir(parents=True, exist_ok=True)
                with archive.open(info) as src, open(target, "wb") as dst:
                    remaining = MAX_ENTRY_BYTES + 1
                    while chunk := src.read(min(1 << 20, remaining)):
                        dst.write(chunk)
                        remaining -= len(chunk)
                        if remaining <= 0:  # the header lied about the size
                            raise fail(shown, f"The entry '{info.filename}' is larger than it says.",
                                       "Do not use this archive.", "import-zip-size")
        yield root


def safe_file(base: Path, rel: str) -> Path | None:
    """``base/rel`` if it is a regular file inside ``base`` (no link on the way); None otherwise."""
    candidate = base / rel
    try:
        if candidate.is_symlink() or not candidate.is_file():
            return None
        if not candidate.resolve().is_relative_to(base.resolve()):
            return None
    except OSError:
        return None
    return candidate
