"""casebuilder: structured evidence in, court-ready legal dossiers out.

The public API is what this package exports; sub-modules are internal.
"""

__version__ = "0.1.0"

__all__ = ["__version__"]
