"""Stage 6, write: put the built files in the output folder atomically.

Every file is first written in full to a temporary file in the same folder, flushed to disk,
then renamed over its target (``os.replace`` is atomic on POSIX): a build killed half-way leaves
each earlier output whole. Nothing is ever written inside a case folder.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from casebuilder.problems import fail


def ensure_outside_case(out: Path, case_root: Path) -> None:
    """Refuse an output folder inside the case folder: the tool never writes into a case unasked."""
    out, case_root = out.resolve(), case_root.resolve()
    if out == case_root or out.is_relative_to(case_root):
        raise fail(str(out), "The output folder is inside the case folder.",
                   "Choose an output folder outside it (the default is output/<case>/).", "output-in-case")


def write_atomic(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` so that readers see the old file or the new one, never a part."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".part", dir=path.parent)
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        os.chmod(temp, 0o644)
        os.replace(temp, path)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise


def write_outputs(out: Path, files: dict[str, bytes]) -> list[Path]:
    """Write every output file (name -> bytes) into ``out``; return the paths written."""
    written = []
    for name, data in files.items():
        target = out / name
        write_atomic(target, data)
        written.append(target)
    return written
