"""The case-folder format as frozen pydantic models: what users write, field by field.

Each field's docstring becomes its description in the JSON Schema (``casebuilder schema``)
and in the documentation.
"""

from casebuilder.models.case import Applicant, CaseFile, PursuedClaim, Representative, Respondent
from casebuilder.models.common import DateSpan, Reliability, StrictModel
from casebuilder.models.evidence import EVIDENCE_KINDS, EvidenceRecord, Exhibit, Quote, Source
from casebuilder.models.registry import Fact, Person, Place, Support

__all__ = [
    "Applicant", "CaseFile", "DateSpan", "EVIDENCE_KINDS", "EvidenceRecord", "Exhibit", "Fact",
    "Person", "Place", "PursuedClaim", "Quote", "Reliability", "Representative", "Respondent",
    "Source", "StrictModel", "Support",
]
