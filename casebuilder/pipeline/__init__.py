"""pipeline: see the package docstring."""
