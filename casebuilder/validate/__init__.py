"""validate: see the package docstring."""
