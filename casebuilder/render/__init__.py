"""render: see the package docstring."""
