"""dossier: see the package docstring."""
