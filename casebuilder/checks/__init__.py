"""Forum checks as a registry: :func:`run_checks` runs every check registered with :func:`check`.

Importing this package registers the checks of its modules (temporal, echr, icj, icc, summary).
"""

from casebuilder.checks import echr, icc, icj, summary, temporal  # noqa: F401  (registration)
from casebuilder.checks.echr import FOUR_MONTHS_FROM, add_months, time_limit
from casebuilder.checks.registry import CHECKS, ApplicantAt, Finding, Run, check, long_date, run_checks

__all__ = ["CHECKS", "FOUR_MONTHS_FROM", "ApplicantAt", "Finding", "Run", "add_months", "check", "long_date",
           "run_checks", "time_limit"]
