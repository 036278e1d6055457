"""law: see the package docstring."""
