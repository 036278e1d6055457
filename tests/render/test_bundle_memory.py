"""A bundle of 2,000 exhibit pages is assembled with memory that does not grow with its pages beyond pikepdf's needs."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]

SCRIPT = """
import json, resource, shutil, sys
from pathlib import Path
sys.path[:0] = [{repo!r}, {tests!r}]
from test_bundle import add_exhibits, exhibit_pdf, sample_case_dir
from casebuilder.pipeline.build import build_case
root = Path(sys.argv[1]) / "case"
shutil.copytree(sample_case_dir(), root)
(root / "exhibits").mkdir()
exhibit_pdf(root / "exhibits" / "big.pdf", int(sys.argv[2]))
add_exhibits(root, "M-001-press.yaml", ["big.pdf"])
result = build_case(root, kinds=("echr-application",), out=Path(sys.argv[1]) / "out")
print(json.dumps({{"pages": result.documents[0].pages,
                   "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}}))
"""


def _build(tmp_path: Path, pages: int) -> dict:
    folder = tmp_path / str(pages)
    folder.mkdir()
    code = SCRIPT.format(repo=str(REPO), tests=str(REPO / "tests" / "render"))
    done = subprocess.run([sys.executable, "-c", code, str(folder), str(pages)], capture_output=True, text=True,
                          timeout=900, check=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


@pytest.mark.slow
def test_a_2000_page_exhibit_is_bundled_in_bounded_memory(tmp_path):
    small = _build(tmp_path, 20)
    large = _build(tmp_path, 2000)
    assert large["pages"] == small["pages"] + 1980
    print(f"peak RSS: {small['peak_mb']:.0f} MB for 20 exhibit pages, {large['peak_mb']:.0f} MB for 2,000")
    # what 2,000 pages add is pikepdf's objects for them (a few kB a page), not a copy per page
    assert large["peak_mb"] - small["peak_mb"] < 150
