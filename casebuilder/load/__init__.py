"""load: see the package docstring."""
