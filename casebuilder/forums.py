"""The forums a case can pursue (and the names of languages), as data (``casebuilder/data/forums.yaml``): one registry that the
case model, the legal library, the forum checks and the dossier kinds all read."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from importlib import resources

import yaml


@dataclass(frozen=True)
class Forum:
    """A forum or audience for which a case is pursued."""

    name: str
    """Its id in case.yaml, e.g. ``echr-individual``."""
    title: str
    """Its name for readers."""
    style: str
    """The citation style of its filings: echr, icj or oscola."""
    judicial: bool
    """True for a court or prosecutor that hears claims (jurisdiction checks apply)."""
    instrument: str | None = None
    """The treaty whose entry into force for a State decides the forum's jurisdiction in time."""
    respondent_bound: bool = False
    """True when that treaty's entry into force for the respondent State decides it (the ECHR)."""
    stamp: str = ""
    """How an exhibit page of a bundle is marked, with ``{label}`` ('Annex 3'), ``{number}``,
    ``{page}`` (of the document) and ``{pages}`` (its page count); '' for the default
    '{label}, p. {page} of {pages}'."""


@cache
def forums() -> dict[str, Forum]:
    """Every forum, by name, in the order of the data file (built-in data: trusted, read once)."""
    text = (resources.files("casebuilder") / "data" / "forums.yaml").read_text(encoding="utf-8")
    return {entry["name"]: Forum(**entry) for entry in yaml.safe_load(text)}


FORUM_NAMES: tuple[str, ...] = tuple(forums())
"""The forum names, for validation and the JSON Schema."""


@cache
def language_names() -> dict[str, str]:
    """English names of languages by BCP 47 primary tag (``casebuilder/data/languages.yaml``)."""
    text = (resources.files("casebuilder") / "data" / "languages.yaml").read_text(encoding="utf-8")
    return {str(k): str(v) for k, v in yaml.safe_load(text).items()}
