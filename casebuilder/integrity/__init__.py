"""integrity: see the package docstring."""
