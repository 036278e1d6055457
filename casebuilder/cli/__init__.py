"""The command line: one module per command group, plus shared output (problems, progress)."""
