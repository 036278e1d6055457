"""The parse cache: what each case file held, keyed by the SHA-256 of its bytes, outside the case folder.

Reading YAML is the slow part of loading a case (about 3,600 small files a second with libyaml's
event parser, against 0.1 s to read and hash the same 10,000 files). So the plain data of every
file that parsed cleanly is kept in one cache file per case folder, and a second ``check`` of an
unchanged case reads the bytes, hashes them and takes the data from the cache.

Choices, and why:

* **Where.** ``$CASEBUILDER_CACHE_DIR``, else ``$XDG_CACHE_HOME/casebuilder``, else
  ``~/.cache/casebuilder``: never inside the case folder (the tool writes there only when asked).
  ``CASEBUILDER_NO_CACHE=1`` turns the cache off (the tests do).
* **Key.** The SHA-256 of the file's bytes, inside a cache file that also records the reader's
  fingerprint (:func:`parse_fingerprint`: casebuilder's version, the code of its YAML reader and
  PyYAML's version). A changed file or another casebuilder misses; the file name does not matter.
* **Format: JSON of the plain YAML data, re-validated on every load.** Not pickle: a pickle is
  code, and a cache file is one more file that something else could write to; JSON can only
  ever give back data, and that data goes through the same pydantic validation as a YAML file
  (which pydantic's compiled validators do at about 50,000 records a second with the garbage
  collector paused). The line and column of every value are not stored: they are needed only
  to report a problem, so on a cache hit they are worked out again from the bytes, lazily, the
  first time a problem in that file asks for them.
* **Safe against corruption and forgery.** The cache file starts with an HMAC-SHA256 of its body,
  under a random key kept *outside* the cache folder (``$CASEBUILDER_KEY_DIR``, else
  ``$XDG_CONFIG_HOME/casebuilder``, else ``~/.config/casebuilder``: ``cache.key``, readable by its
  owner only). A cache file that is truncated, altered or re-hashed by someone without the key is
  ignored (and replaced), never trusted: a plain checksum would let anyone who can write the
  cache edit a person's protection and recompute it. When the key cannot be kept, nothing is
  cached. Files are written whole to a temporary name, then renamed.
"""

from __future__ import annotations

import contextlib
import gc
import hashlib
import json
import os
import sys
import tempfile
from collections.abc import Mapping
from functools import lru_cache
from pathlib import Path
from typing import Any, Callable, Iterator

from casebuilder import __version__

FORMAT = 1
MAX_ENTRIES = 1_000_000


def cache_dir() -> Path | None:
    """The folder of casebuilder's caches, or None when caching is turned off."""
    if os.environ.get("CASEBUILDER_NO_CACHE", "").strip() not in ("", "0"):
        return None
    explicit = os.environ.get("CASEBUILDER_CACHE_DIR")
    if explicit:
        return Path(explicit)
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "casebuilder"


@lru_cache(maxsize=1)
def tool_fingerprint() -> str:
    """A hash of everything in casebuilder that decides what a case file becomes and what a build
    writes: its version, its own code, built-in templates and data, and the libraries it parses
    and validates with. Any change gives a new fingerprint (and empty caches)."""
    import pydantic_core
    import yaml

    digest = hashlib.sha256(f"{__version__}|{yaml.__version__}|{pydantic_core.__version__}|{sys.version_info[:2]}"
                            .encode())
    package = Path(__file__).resolve().parents[1]
    from casebuilder.render.theme import builtin_templates_dir

    roots = [package, builtin_templates_dir()]
    for root in roots:
        for path in sorted(p for p in root.rglob("*") if p.is_file() and "__pycache__" not in p.parts
                           and p.suffix in (".py", ".yaml", ".yml", ".html", ".css", ".csv", ".json", ".svg")):
            digest.update(path.relative_to(root).as_posix().encode() + b"\0")
            digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()


@lru_cache(maxsize=1)
def parse_fingerprint() -> str:
    """What decides the plain data a YAML file parses to: casebuilder's version, its reader's code
    (and this module's), and PyYAML's version. The models are not part of it: cached data is
    validated again on every load."""
    import yaml

    from casebuilder.load import yamlsafe

    digest = hashlib.sha256(f"{__version__}|{yaml.__version__}|{yaml.__with_libyaml__}|{FORMAT}".encode())
    for module in (yamlsafe.__file__, __file__):
        digest.update(Path(module).read_bytes())
    return digest.hexdigest()


def file_sha256(data: bytes) -> str:
    """The SHA-256 of some bytes, in lower-case hex."""
    return hashlib.sha256(data).hexdigest()


@contextlib.contextmanager
def paused_gc() -> Iterator[None]:
    """Pause the cyclic garbage collector while many small objects are built (parsing, validation).

    Loading a case builds millions of acyclic objects; each automatic collection walks them all.
    Pausing it makes pydantic validation 2-3 times faster; memory is the same (the objects are
    freed by reference counting), and cycles are collected when it resumes.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def write_file_atomic(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` whole or not at all (temporary file, then rename)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".part", dir=path.parent)
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
        os.replace(temp, path)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise


def key_path() -> Path:
    """Where the key that authenticates cache files is kept (never inside the cache folder)."""
    explicit = os.environ.get("CASEBUILDER_KEY_DIR")
    base = Path(explicit) if explicit else Path(os.environ.get("XDG_CONFIG_HOME") or Path.home() / ".config") / "casebuilder"
    return base / "cache.key"


def cache_key() -> bytes | None:
    """The cache key (created on first use, owner-only), or None when it cannot be kept."""
    path = key_path()
    try:
        key = path.read_bytes()
        if len(key) == 32:
            return key
    except OSError:
        pass
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        key = os.urandom(32)
        handle = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(handle, "wb") as stream:
            stream.write(key)
        return key
    except FileExistsError:  # another process made it meanwhile
        try:
            key = path.read_bytes()
        except OSError:
            return None
        return key if len(key) == 32 else None
    except OSError:
        return None


def _mac(key: bytes, body: bytes) -> bytes:
    import hmac

    return hmac.new(key, body, hashlib.sha256).hexdigest().encode()


def read_checked(path: Path) -> bytes | None:
    """The body of a cache file written by :func:`write_checked`, or None if it is missing, damaged
    or not authenticated by the key."""
    import hmac

    key = cache_key()
    if key is None:
        return None
    try:
        raw = path.read_bytes()
    except OSError:
        return None
    head, _, body = raw.partition(b"\n")
    if len(head) != 64 or not hmac.compare_digest(_mac(key, body), head):
        return None
    return body


def write_checked(path: Path, body: bytes) -> None:
    """Write a cache file as the HMAC of its body on the first line, then the body (nothing without a key)."""
    key = cache_key()
    if key is None:
        return
    write_file_atomic(path, _mac(key, body) + b"\n" + body)


class _Positions:
    """Where each value of a file stands, worked out again from the file's bytes when first asked."""

    def __init__(self, raw: bytes, rel: str):
        self._raw, self._rel = raw, rel
        self._tables: tuple[Mapping, Mapping] | None = None

    def tables(self) -> tuple[Mapping, Mapping]:
        if self._tables is None:
            from casebuilder.load import yamlsafe

            text = self._raw.decode("utf-8").removeprefix("\ufeff")
            parsed = yamlsafe._compose(text, self._rel)  # the same reader: the same positions
            self._tables = (parsed.keys, parsed.values)
            self._raw = b""
        return self._tables


class LazyTable(Mapping):
    """One of a YamlFile's position tables (``keys`` or ``values``), filled on first use."""

    def __init__(self, positions: _Positions, which: int):
        self._positions, self._which = positions, which

    def _table(self) -> Mapping:
        return self._positions.tables()[self._which]

    def __getitem__(self, key):
        return self._table()[key]

    def get(self, key, default=None):
        return self._table().get(key, default)

    def __iter__(self):
        return iter(self._table())

    def __len__(self) -> int:
        return len(self._table())


class ParseCache:
    """The parsed files of one case folder, by content hash. ``read`` serves hits and records misses;
    ``save`` writes the cache back when something changed (keeping only the files still present)."""

    def __init__(self, root: Path):
        self.root = root
        base = cache_dir()
        name = file_sha256(str(Path(root).resolve()).encode())[:24]
        self.path = base / f"parsed-v{FORMAT}" / f"{name}.json" if base else None
        self.entries: dict[str, Any] = {}
        self.used: dict[str, Any] = {}
        self.hits = self.misses = 0
        self.loaded = False
        if self.path is not None:
            self._load()

    def _load(self) -> None:
        assert self.path is not None  # only called when the cache has a folder
        body = read_checked(self.path)
        if body is None:
            return
        try:
            with paused_gc():
                stored = json.loads(body)
        except ValueError:
            return
        if (isinstance(stored, dict) and stored.get("format") == FORMAT and stored.get("tool") == parse_fingerprint()
                and isinstance(stored.get("entries"), dict)):
            self.entries = stored["entries"]
            self.loaded = True

    def read(self, file: Path, rel: str, reader: Callable[[Path, str], Any]) -> Any:
        """Return the YamlFile of ``file``: from the cache when its bytes are known, else from ``reader``."""
        from casebuilder.load.yamlsafe import MAX_FILE_BYTES, YamlFile

        if self.path is None:
            return reader(file, rel)
        with open(file, "rb") as handle:
            raw = handle.read(MAX_FILE_BYTES + 1)
        key = file_sha256(raw)
        data = self.entries.get(key, self)
        if data is not self:
            self.hits += 1
            self.used[key] = data
            positions = _Positions(raw, rel)
            return YamlFile(rel, data, LazyTable(positions, 0), LazyTable(positions, 1))
        self.misses += 1
        parsed = reader(file, rel)  # raises CaseError for a bad file: nothing is cached for it
        with open(file, "rb") as handle:
            unchanged = file_sha256(handle.read(MAX_FILE_BYTES + 1)) == key
        if unchanged:  # the file did not change while it was read: its data belongs to this hash
            self.used[key] = parsed.data
        return parsed

    def save(self) -> None:
        """Write the cache back if anything was missed or dropped; never fail a command over it."""
        if self.path is None or (self.misses == 0 and len(self.used) == len(self.entries)):
            return
        if len(self.used) > MAX_ENTRIES:
            return
        try:
            body = json.dumps({"format": FORMAT, "tool": parse_fingerprint(), "entries": self.used},
                              ensure_ascii=False, separators=(",", ":")).encode("utf-8")
            write_checked(self.path, body)
        except (OSError, ValueError, TypeError):
            pass


class FileHashes:
    """The SHA-256 of the files of a folder, remembered with each file's size and modification time so
    that an unchanged file (a large exhibit) is not read again to tell that it did not change.

    A file modified in the last two seconds is always read again (its time stamp may not yet tell a
    second change from the first), as git does; with the cache turned off every file is read.
    """

    RACY_SECONDS = 2.0

    def __init__(self, root: Path):
        self.root = Path(root).resolve()
        base = cache_dir()
        name = file_sha256(str(self.root).encode())[:24]
        self.path = base / f"hashes-v{FORMAT}" / f"{name}.json" if base else None
        self.known: dict[str, list] = {}
        self.fresh: dict[str, list] = {}
        self.now = __import__("time").time()
        body = read_checked(self.path) if self.path else None
        if body is not None:
            try:
                stored = json.loads(body)
                if isinstance(stored, dict) and isinstance(stored.get("files"), dict):
                    self.known = stored["files"]
            except ValueError:
                pass

    def digest(self, rel: str, path: str, stat: os.stat_result) -> str:
        """The SHA-256 of one file below the root (``rel`` its relative name, ``stat`` its status)."""
        entry = self.known.get(rel)
        if entry and entry[0] == stat.st_size and entry[1] == stat.st_mtime_ns and isinstance(entry[2], str):
            self.fresh[rel] = entry
            return entry[2]
        digest = hashlib.sha256()
        with open(path, "rb") as handle:
            for block in iter(lambda: handle.read(1 << 20), b""):
                digest.update(block)
        value = digest.hexdigest()
        if stat.st_mtime < self.now - self.RACY_SECONDS:
            self.fresh[rel] = [stat.st_size, stat.st_mtime_ns, value]
        return value

    def save(self) -> None:
        """Remember the hashes (only those of files seen this time)."""
        if self.path is None or self.fresh == self.known:
            return
        try:
            write_checked(self.path, json.dumps({"files": self.fresh}, separators=(",", ":")).encode())
        except OSError:
            pass


_NOT_INPUTS = {"Thumbs.db", "desktop.ini", "__pycache__"}


def folder_files(root: Path, exclude: tuple[Path, ...] = ()) -> Iterator[tuple[str, str, os.stat_result]]:
    """Every regular file below ``root`` that a build may read, as (relative name, path, status), in
    name order: hidden files and folders (``.git``, ``.schema``), office lock files (``~$roster.xlsx``)
    and the paths in ``exclude`` aside. A link is followed only to a file inside the folder."""
    root = Path(root).resolve()
    skip = {str(Path(p).resolve()) for p in exclude}
    base = str(root)

    def walk(folder: str, prefix: str) -> Iterator[tuple[str, str, os.stat_result]]:
        try:
            entries = sorted(os.scandir(folder), key=lambda e: e.name)
        except OSError:
            return
        for entry in entries:
            name = entry.name
            if name.startswith((".", "~$")) or name in _NOT_INPUTS or entry.path in skip:
                continue
            if entry.is_symlink():
                target = os.path.realpath(entry.path)
                if not (target == base or target.startswith(base + os.sep)) or not os.path.isfile(target):
                    continue  # folders reached by links are not walked (no loops, nothing outside)
                yield prefix + name, entry.path, os.stat(target)
            elif entry.is_dir(follow_symlinks=False):
                yield from walk(entry.path, prefix + name + "/")
            elif entry.is_file(follow_symlinks=False):
                yield prefix + name, entry.path, entry.stat(follow_symlinks=False)

    yield from walk(base, "")


def folder_digest(root: Path, exclude: tuple[Path, ...] = ()) -> str:
    """One hash of the names and contents of every file a build of the case folder may read."""
    hashes = FileHashes(root)
    digest = hashlib.sha256()
    for rel, path, stat in folder_files(root, exclude):
        digest.update(rel.encode("utf-8", "surrogateescape") + b"\0" + hashes.digest(rel, path, stat).encode() + b"\n")
    hashes.save()
    return digest.hexdigest()
