"""Let the tests of imports import their shared export builders (tests/imports/exports.py)."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
