"""Run the command line as ``python -m casebuilder``."""

from casebuilder.cli.main import main

main()
