"""The legal library: built-in data on instruments, claims and States, plus a case's own ``law/`` files.

The built-in data are YAML files in ``casebuilder/law/data/`` (shown in problems as
``builtin:law/FILE``); a case's ``law/`` files use the same format. A law file holds one item or
a list of items; each item says what it is with ``type``:

* ``type: instrument`` (key ``id``): a treaty or other instrument, its dates, how to cite it in
  each style, and its provisions;
* ``type: claim`` (key ``id``): a claim, its legal bases per forum and its numbered elements;
* ``type: state`` (key ``state``, ISO alpha-3): a State's participation in the instruments;
* ``type: authority`` (key ``id``): a judgment, decision, advisory opinion or order, cited in each style;
* ``type: title`` (key ``id``): a title of jurisdiction of the ICJ, with the States' reservations and
  declarations.

An item whose key is new ADDS an entry and must be complete. To change an existing entry, write
its ``type`` and key with ``override: true`` and only the fields to change: elements merge by
``id``, provisions by ``number``, participations by ``instrument`` (an entry given in full
replaces the one with the same key, a new key is appended), bases by forum, citation styles by
style; any other field given replaces the old value. Files are applied in order
(built-in first, then the case's files sorted by path), so a later override wins::

    - type: claim
      id: forced-displacement
      override: true
      elements:
        - id: "1"
          text: The perpetrator forcibly displaced ...
          basis: icc-elements:7(1)(d)
          source: ICC, Elements of Crimes, art 7(1)(d), element 1
          verified: true

After merging, :func:`check_library` verifies that every reference points at a known instrument
and provision (claim bases, element bases, participations, instrument parents).
"""

from __future__ import annotations

import difflib
import functools
from dataclasses import dataclass, field
from datetime import date
from importlib import resources
from typing import Any

from pydantic import ValidationError

from casebuilder.models.law import (ITEM_MODELS, Authority, Claim, Instrument, Participation, Provision, StateRecord,
                                    Title)
from casebuilder.problems import CaseError, Problem, Severity
from casebuilder.validate.errors import Located, validate_items
from casebuilder.load.yamlsafe import YamlFile, read_yaml

BUILTIN_PREFIX = "builtin:law/"
FORUM_STYLE = {"echr-individual": "echr", "echr-interstate": "echr", "icj": "icj"}
"""The citation style each forum's dossier uses by default (others use OSCOLA)."""
_MERGE_BY = {"provisions": "number", "elements": "id", "participations": "instrument", "declarations": "state"}
_MERGE_DICT = ("bases", "cite", "provision_cite")
_KINDS = {"instrument": "instruments", "claim": "claims", "state": "states", "authority": "authorities",
          "title": "titles"}


@dataclass(frozen=True)
class Basis:
    """A legal basis of a claim, cited: its reference, its citation text and whether it is verified."""

    ref: str
    citation: str
    verified: bool

    def __str__(self) -> str:
        return self.citation


@dataclass(frozen=True)
class Library:
    """The merged legal library. ``origins`` maps (type, key) to where each entry was written, in order."""

    instruments: dict[str, Instrument]
    claims: dict[str, Claim]
    states: dict[str, StateRecord]
    origins: dict[tuple[str, str], tuple[Located, ...]] = field(default_factory=dict, repr=False)
    authorities: dict[str, Authority] = field(default_factory=dict)
    """Judgments, decisions, advisory opinions and orders, by id."""
    titles: dict[str, Title] = field(default_factory=dict)
    """Titles of jurisdiction of the ICJ, by id."""

    def cite_authority(self, authority_id: str, style: str = "oscola", paragraphs: str | None = None) -> str:
        """Cite an authority in ``style``, pinpointed at ``paragraphs``; raise KeyError when it is unknown."""
        if authority_id not in self.authorities:
            raise KeyError(f"No authority '{authority_id}' in the legal library.")
        return self.authorities[authority_id].citation(style, paragraphs)

    def resolve(self, ref: str) -> tuple[Instrument, Provision | None, str | None]:
        """Split ``INSTRUMENT[:NUMBER]`` into the instrument, the listed provision and the number; raise KeyError."""
        instrument_id, _, number = ref.partition(":")
        if instrument_id not in self.instruments:
            raise KeyError(f"No instrument '{instrument_id}' in the legal library.")
        instrument = self.instruments[instrument_id]
        if not number:
            return instrument, None, None
        provision = instrument.provision(number)
        if provision is None:
            raise KeyError(f"'{instrument_id}' has no provision {number} in the legal library.")
        return instrument, provision, number

    def cite(self, instrument_id: str, provision: str | None = None, style: str = "oscola", *,
             short: bool = False) -> str:
        """Cite an instrument or one of its provisions in ``style`` (``echr``, ``icj`` or ``oscola``);
        ``short`` gives OSCOLA's form for later mentions ('ECHR art 5')."""
        return self.cite_ref(f"{instrument_id}:{provision}" if provision else instrument_id, style, short=short)

    def cite_ref(self, ref: str, style: str = "oscola", *, short: bool = False) -> str:
        """Cite a reference such as ``echr:5(1)(f)`` in ``style``; raise KeyError when it is unknown."""
        instrument, _, number = self.resolve(ref)
        return instrument.citation(number, style, short=short)

    def is_verified(self, ref: str) -> bool:
        """True when the instrument (and the provision) a reference points at are verified."""
        instrument, provision, _ = self.resolve(ref)
        return instrument.verified and (provision is None or provision.verified)

    def bases_for(self, claim: Claim | str, forum: str | None, style: str | None = None) -> list[Basis]:
        """The cited legal bases of a claim for a forum, in that forum's style unless ``style`` is given."""
        claim = self.claims[claim] if isinstance(claim, str) else claim
        style = style or FORUM_STYLE.get(forum or "", "oscola")
        found = []
        for ref in claim.bases_for(forum):
            try:
                found.append(Basis(ref, self.cite_ref(ref, style), self.is_verified(ref)))
            except KeyError:  # already reported by check_library; show the reference rather than fail
                found.append(Basis(ref, ref, False))
        return found

    def participation(self, state_iso3: str, instrument_id: str) -> Participation | None:
        """A State's participation in an instrument, or None when the library does not know it."""
        record = self.states.get(state_iso3)
        return record.participation(instrument_id) if record else None

    def in_force_for(self, state_iso3: str, instrument_id: str, on: date) -> bool | None:
        """Whether the instrument bound the State on ``on``; None when unknown or the dates are imprecise."""
        participation = self.participation(state_iso3, instrument_id)
        return participation.in_force_on(on) if participation else None


@functools.lru_cache(maxsize=1)
def builtin_files() -> tuple[YamlFile, ...]:
    """Read the built-in law files (once per process), in name order."""
    folder = resources.files("casebuilder.law") / "data"
    found = []
    for entry in sorted(folder.iterdir(), key=lambda e: e.name):
        if entry.name.endswith((".yaml", ".yml")):
            with resources.as_file(entry) as path:
                found.append(read_yaml(path, BUILTIN_PREFIX + entry.name))
    return tuple(found)


def load_library(case_law_files: list[YamlFile] | None = None) -> tuple[Library, list[Problem]]:
    """Merge the built-in library with a case's ``law/`` files; return the library and the problems found."""
    problems: list[Problem] = []
    try:
        files = list(builtin_files())
    except CaseError as exc:  # a broken built-in file is a bug, but it is reported like any other
        files, problems = [], list(exc.problems)
    entries: dict[tuple[str, str], Any] = {}
    origins: dict[tuple[str, str], list[Located]] = {}
    for file in [*files, *(case_law_files or [])]:
        for located in validate_items(file, _model_for, problems):
            _apply(located, entries, origins, problems)
    tables: dict[str, dict] = {name: {} for name in _KINDS.values()}
    for (kind, key), item in entries.items():
        tables[_KINDS[kind]][key] = item
    library = Library(**tables, origins={k: tuple(v) for k, v in origins.items()})
    return library, problems + check_library(library)


def _model_for(file: YamlFile, prefix: tuple, data: dict, problems: list[Problem]) -> type | None:
    """Choose the model of a law item from its ``type`` and ``override``."""
    kind = data.get("type")
    if kind in ITEM_MODELS:
        full, partial, _ = ITEM_MODELS[kind]
        return partial if data.get("override") is True else full
    line, col = file.where(prefix + ("type",), key=kind is None)
    what = "has no 'type'" if kind is None else f"has the type '{kind}', which is not a kind of law item"
    close = difflib.get_close_matches(str(kind), list(ITEM_MODELS), n=1)
    hint = f"Did you mean '{close[0]}'?" if kind is not None and close else "Use one of: instrument, claim, state."
    problems.append(Problem(file.path, line, col, f"This law item {what}.", hint,
                            code="missing" if kind is None else "unknown-kind"))
    return None


def _apply(located: Located, entries: dict, origins: dict, problems: list[Problem]) -> None:
    """Add a new entry, or merge an override into the existing one (re-validating the result)."""
    item = located.item
    kind = item.type
    key_field = ITEM_MODELS[kind][2]
    key = getattr(item, key_field)
    where = located.where((key_field,))
    if not item.override:
        if (kind, key) in entries:
            first = origins[(kind, key)][0].where()
            problems.append(Problem(*where, f"There is already a {kind} '{key}' in the legal library "
                                    f"({first[0]}:{first[1]}).", "To change it, add 'override: true' and give only "
                                    "the fields to change; to add a new one, choose another id.",
                                    code="duplicate-id"))
            return
        entries[(kind, key)] = item
        origins[(kind, key)] = [located]
        return
    if (kind, key) not in entries:
        known = [k for (t, k) in entries if t == kind]
        close = difflib.get_close_matches(key, known, n=1)
        hint = f"Did you mean '{close[0]}'?" if close else "Remove 'override: true' to add a new entry (then give every field)."
        problems.append(Problem(*where, f"There is no {kind} '{key}' in the legal library to override.", hint,
                                code="unknown-ref"))
        return
    merged = _merge(entries[(kind, key)].model_dump(mode="json"),
                    item.model_dump(mode="json", exclude_unset=True, exclude={"override"}))
    try:
        entries[(kind, key)] = ITEM_MODELS[kind][0].model_validate(merged)
    except ValidationError as exc:
        for error in exc.errors(include_url=False):
            text = str((error.get("ctx") or {}).get("error", error["msg"])).removeprefix("Value error, ")
            loc = ".".join(str(part) for part in error["loc"])
            problems.append(Problem(*located.where(), f"Once this override is applied, {kind} '{key}' is invalid: "
                                    f"{text.rstrip('.')}" + (f" (at {loc})." if loc else "."),
                                    "Check the fields this override changes.", code="invalid-override"))
        return
    origins[(kind, key)].append(located)


def _merge(base: dict, change: dict) -> dict:
    """Merge an override's fields (already dumped) into an entry's: lists by their key, mappings by key."""
    merged = dict(base)
    for name, value in change.items():
        if name in _MERGE_BY and isinstance(value, list):
            key = _MERGE_BY[name]
            items = {entry[key]: entry for entry in base.get(name) or []}
            for entry in value:
                items[entry[key]] = entry  # a new key is appended, a known one replaced in place
            merged[name] = list(items.values())
        elif name in _MERGE_DICT and isinstance(value, dict):
            merged[name] = {**(base.get(name) or {}), **value}
        else:
            merged[name] = value
    return merged


from casebuilder.law.consistency import check_library, check_pursued  # noqa: E402  (kept importable from here)
