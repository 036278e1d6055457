"""analysis: see the package docstring."""
