"""roster: see the package docstring."""
