"""output: see the package docstring."""
