"""Compatibility: the forum checks now live in a registry (:mod:`casebuilder.checks`); this module keeps the
old names importable (``run_forum_checks``, ``time_limit``, ``Finding``, ``CHECKS``, ``_long``)."""

from __future__ import annotations

from typing import Any

from casebuilder.checks import CHECKS as _SPECS
from casebuilder.checks import FOUR_MONTHS_FROM, Finding, add_months, long_date, run_checks, time_limit
from casebuilder.problems import Problem
from casebuilder.validate.case import Case

CHECKS = {spec.id: spec.rule for spec in _SPECS.values()}
"""Each check's one-line rule, by id (a snapshot: the registry is :data:`casebuilder.checks.CHECKS`)."""
_long = long_date


def run_forum_checks(case: Case, library: Any) -> tuple[list[Finding], list[Problem]]:
    """Run every forum check (see :func:`casebuilder.checks.run_checks`)."""
    return run_checks(case, library)


__all__ = ["CHECKS", "FOUR_MONTHS_FROM", "Finding", "add_months", "run_forum_checks", "time_limit"]
