"""Read one YAML file of a case safely into plain data, keeping the line and column of every value.

Case files are untrusted input. This reader:

* reads at most ``MAX_FILE_BYTES`` and refuses empty, binary and non-UTF-8 files;
* composes the document from the libyaml event stream itself, iteratively, so that nesting depth,
  node count and scalar length are bounded, and no Python object can ever be constructed;
* refuses anchors and aliases (the "billion laughs" attack), custom tags (``!!python/object``)
  and duplicate keys;
* keeps dates as strings (no implicit timestamps), so that ``2023-02-30`` reaches validation with
  its location instead of failing inside the parser, and keeps ``yes``/``no``/``on``/``off`` as
  strings (YAML 1.2 booleans only: ``NO`` is Norway, not false).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Mapping

import yaml

from casebuilder.problems import CaseError, Problem

try:  # the libyaml C parser is ten times faster; the pure-Python one is a fallback
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]

MAX_FILE_BYTES = 8 * 1024 * 1024
MAX_SCALAR_CHARS = 1_000_000
MAX_DEPTH = 64
MAX_NODES = 500_000

_STD = "tag:yaml.org,2002:"
_ALLOWED_TAGS = {f"{_STD}{t}" for t in ("str", "int", "float", "bool", "null", "map", "seq")}
_INT = re.compile(r"[-+]?[0-9]+\Z")
_FLOAT = re.compile(r"[-+]?(\.[0-9]+|[0-9]+\.[0-9]*|[0-9]+)([eE][-+]?[0-9]+)?\Z")

Path_ = tuple[str | int, ...]


@dataclass(frozen=True)
class YamlFile:
    """The plain data of one YAML file and where each part of it stands.

    ``keys`` maps a data path (a tuple of keys and list indexes) to the (line, column) of the key
    (or of the list item); ``values`` maps it to the (line, column) where its value starts.
    """

    path: str
    data: Any
    keys: Mapping[Path_, tuple[int, int]] = field(repr=False)
    values: Mapping[Path_, tuple[int, int]] = field(repr=False)

    def where(self, loc: Path_, *, key: bool = True) -> tuple[int, int]:
        """Return the best known (line, column) for a data path, walking up to a known parent."""
        table = self.keys if key else self.values
        for cut in range(len(loc), -1, -1):
            found = table.get(loc[:cut]) or self.keys.get(loc[:cut])
            if found:
                return found
        return (1, 1)


def read_yaml(file: Path, rel: str) -> YamlFile:
    """Read ``file`` (shown to the user as ``rel``) into a :class:`YamlFile`, or raise CaseError."""
    text = _read_text(file, rel)
    if not text.strip():
        raise _error(rel, 1, 1, "The file is empty.", "Write at least one record in it, or delete it.", "yaml-empty")
    try:
        return _compose(text, rel)
    except yaml.MarkedYAMLError as exc:
        raise _syntax_error(text, rel, exc) from None


def _read_text(file: Path, rel: str) -> str:
    with open(file, "rb") as handle:
        raw = handle.read(MAX_FILE_BYTES + 1)
    if len(raw) > MAX_FILE_BYTES:
        limit = MAX_FILE_BYTES // (1024 * 1024)
        raise _error(rel, 1, 1, f"The file is larger than {limit} MB.",
                     "Split it into several files (one record per file is fine).", "yaml-too-large")
    if b"\x00" in raw:
        raise _error(rel, 1, 1, "This is a binary file, not a YAML text file.",
                     "Move it to exhibits/ if it is an exhibit, or remove it.", "yaml-binary")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        col = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        raise _error(rel, line, col, f"The file is not valid UTF-8 (byte 0x{raw[exc.start]:02x}).",
                     "Save it as UTF-8 in your editor.", "yaml-encoding") from None
    return text.removeprefix("\ufeff")


def _error(rel: str, line: int, col: int, message: str, hint: str, code: str) -> CaseError:
    return CaseError([Problem(rel, line, col, message, hint, code=code)])


def _syntax_error(text: str, rel: str, exc: yaml.MarkedYAMLError) -> CaseError:
    mark = exc.problem_mark or exc.context_mark
    line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
    lines = text.splitlines()
    source_line = lines[line - 1] if 0 < line <= len(lines) else ""
    indent = source_line[: len(source_line) - len(source_line.lstrip(" \t"))]
    if "\t" in indent or (0 < col <= len(source_line) and source_line[col - 1] == "\t"):
        col = (indent.find("\t") + 1) or col
        return _error(rel, line, col, "This line is indented with a tab; YAML allows only spaces.",
                      "Replace the tab with spaces (most editors can 'convert indentation to spaces').",
                      "yaml-tab")
    problem = (exc.problem or exc.context or "invalid YAML").rstrip(".")
    return _error(rel, line, col, f"This is not valid YAML: {problem}.",
                  "Check the indentation and quoting on this line and the one above.", "yaml-syntax")


class _Builder:
    """Turns the libyaml event stream into plain data, iteratively and within bounds."""

    def __init__(self, rel: str):
        self.rel = rel
        self.keys: dict[Path_, tuple[int, int]] = {}
        self.values: dict[Path_, tuple[int, int]] = {}
        self.nodes = 0

    def refuse(self, event: Any, message: str, hint: str, code: str) -> CaseError:
        mark = event.start_mark
        return _error(self.rel, mark.line + 1, mark.column + 1, message, hint, code)

    def check(self, event: Any) -> None:
        self.nodes += 1
        if self.nodes > MAX_NODES:
            raise self.refuse(event, f"The file has more than {MAX_NODES} values.", "Split it into several files.",
                              "yaml-too-large")
        if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
            raise self.refuse(event, "YAML anchors and aliases (& and *) are not allowed in case files.",
                              "Write each value out in full.", "yaml-alias")
        tag = getattr(event, "tag", None)
        if tag and tag != "!" and tag not in _ALLOWED_TAGS:
            shown = tag.replace(_STD, "!!")
            raise self.refuse(event, f"The YAML tag '{shown}' is not allowed in case files.",
                              "Remove the tag; case files hold plain text, numbers, lists and mappings.",
                              "yaml-tag")

    def scalar(self, event: yaml.ScalarEvent) -> Any:
        value = event.value
        if len(value) > MAX_SCALAR_CHARS:
            raise self.refuse(event, f"This value is longer than {MAX_SCALAR_CHARS:,} characters.",
                              "Put long texts in an exhibit file and quote only the passages that matter.",
                              "yaml-too-large")
        tag = event.tag if event.tag not in (None, "!") else None
        if tag == f"{_STD}str" or (tag is None and not event.implicit[0]):
            return value
        return _resolve_plain(value, tag)


def _resolve_plain(value: str, tag: str | None) -> Any:
    """Resolve a plain scalar the YAML 1.2 core way, leaving dates and yes/no as strings."""
    low = value.lower()
    if tag in (None, f"{_STD}null") and low in ("", "~", "null"):
        return None
    if tag in (None, f"{_STD}bool") and low in ("true", "false"):
        return low == "true"
    if tag in (None, f"{_STD}int") and _INT.match(value):
        return int(value)
    if tag in (None, f"{_STD}float") and _FLOAT.match(value):
        return float(value)
    return value


def _compose(text: str, rel: str) -> YamlFile:
    builder = _Builder(rel)
    loader = _Loader(text)
    stack: list[tuple[Any, Path_, Any]] = []  # (container, its path, pending key or None)
    root: Any = None
    documents = 0
    try:
        while loader.check_event():
            event = loader.get_event()
            if isinstance(event, yaml.DocumentStartEvent):
                documents += 1
                if documents > 1:
                    raise builder.refuse(event, "The file holds more than one YAML document ('---').",
                                         "Keep one document per file, or put the records in one list.",
                                         "yaml-multidoc")
                continue
            if isinstance(event, (yaml.StreamStartEvent, yaml.StreamEndEvent, yaml.DocumentEndEvent)):
                continue
            if isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
                finished, _, _ = stack.pop()
                root = _attach(builder, stack, finished, None, root)
                continue
            builder.check(event)
            if len(stack) >= MAX_DEPTH:
                raise builder.refuse(event, f"The file is nested more than {MAX_DEPTH} levels deep.",
                                     "Flatten the structure.", "yaml-too-deep")
            if isinstance(event, yaml.ScalarEvent):
                root = _attach(builder, stack, builder.scalar(event), event, root)
            else:
                container: Any = {} if isinstance(event, yaml.MappingStartEvent) else []
                path = _child_path(builder, stack, event)
                stack.append((container, path, None))
    finally:
        loader.dispose()
    return YamlFile(rel, root, builder.keys, builder.values)


def _child_path(builder: _Builder, stack: list, event: Any) -> Path_:
    """Record where a new value starts and return its data path."""
    mark = (event.start_mark.line + 1, event.start_mark.column + 1)
    if not stack:
        builder.values[()] = mark
        return ()
    parent, ppath, pending = stack[-1]
    path = ppath + ((pending,) if isinstance(parent, dict) else (len(parent),))
    builder.values[path] = mark
    if isinstance(parent, list):
        builder.keys[path] = mark
    return path


def _attach(builder: _Builder, stack: list, value: Any, event: Any, root: Any) -> Any:
    """Put a finished value into its parent (as a key, a mapping value or a list item)."""
    if not stack:
        if event is not None:
            builder.values[()] = (event.start_mark.line + 1, event.start_mark.column + 1)
        return value
    parent, ppath, pending = stack[-1]
    if isinstance(parent, list):
        if event is not None:
            _child_path(builder, stack, event)
        parent.append(value)
    elif pending is None:
        if event is None or isinstance(value, (dict, list)):
            raise builder.refuse(event or _FakeEvent(builder, ppath),
                                 "A key must be a plain word, not a list or a mapping.",
                                 "Write 'key: value'.", "yaml-key")
        key = str(value) if not isinstance(value, str) else value
        if key in parent:
            first = builder.keys.get(ppath + (key,), (0, 0))
            raise builder.refuse(event, f"The key '{key}' appears twice in this mapping (first on line {first[0]}).",
                                 "Keep one of them.", "yaml-duplicate-key")
        builder.keys[ppath + (key,)] = (event.start_mark.line + 1, event.start_mark.column + 1)
        stack[-1] = (parent, ppath, key)
    else:
        if event is not None:
            _child_path(builder, stack, event)
        parent[pending] = value
        stack[-1] = (parent, ppath, None)
    return root


class _FakeEvent:
    """A stand-in event carrying only a position, for problems found after a container closed."""

    def __init__(self, builder: _Builder, path: Path_):
        line, col = builder.values.get(path, (1, 1))
        self.start_mark = yaml.Mark("", 0, line - 1, col - 1, None, None)  # type: ignore[arg-type]  # no buffer, as PyYAML's own marks
