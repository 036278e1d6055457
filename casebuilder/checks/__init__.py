"""checks: see the package docstring."""
