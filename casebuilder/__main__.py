"""Run the command line as ``python -m casebuilder``."""

from casebuilder.cli import main

main()
