"""Stage 6, write: put the built files in the output folder, all of them or none.

Every file of a build is first written in full to a staged file in the same folder
(``.NAME.PID.part``), flushed to disk; only when every one is staged are they renamed over their
targets (``os.replace``, atomic on POSIX, and needing no space). So a full disk or a read-only
folder replaces nothing; a build killed while staging leaves the previous outputs as they were;
and staged files left by a killed build (their process is gone) are removed by the next write.
Each failure is one located line (:class:`CaseError`), never a traceback. Nothing is ever written
inside a case folder.
"""

from __future__ import annotations

import errno
import os
import re
from pathlib import Path

from casebuilder.problems import CaseError, fail

_PART = re.compile(r"^\.(?P<name>.+?)\.(?P<pid>\d+)\.part$|^\..+\.part$")


def ensure_outside_case(out: Path, case_root: Path) -> None:
    """Refuse an output folder inside the case folder: the tool never writes into a case unasked."""
    out, case_root = out.resolve(), case_root.resolve()
    if out == case_root or out.is_relative_to(case_root):
        raise fail(str(out), "The output folder is inside the case folder.",
                   "Choose an output folder outside it (the default is output/<case>/).", "output-in-case")


def write_error(path: Path, exc: OSError) -> CaseError:
    """The one line that says why a file could not be written."""
    if exc.errno in (errno.ENOSPC, errno.EDQUOT):
        return fail(str(path), "The disk is full: nothing was replaced.", "Free some space and build again.",
                    "disk-full")
    if exc.errno in (errno.EROFS, errno.EACCES, errno.EPERM):
        return fail(str(path), "The output folder cannot be written to (read-only or no permission): nothing "
                    "was replaced.", "Choose another folder with --out, or change its permissions.", "read-only")
    return fail(str(path), f"The file cannot be written: {exc.strerror or exc}.", "Check the output folder.",
                "write-failed")


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def clean_stale_parts(folder: Path) -> list[Path]:
    """Remove staged files left by builds that were killed (their process is gone); return them."""
    removed: list[Path] = []
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return removed
    for entry in entries:
        match = _PART.match(entry.name)
        if not match or not entry.is_file(follow_symlinks=False):
            continue
        pid = match.group("pid")
        if pid is not None and int(pid) != os.getpid() and _pid_alive(int(pid)):
            continue  # a build running now
        try:
            os.unlink(entry.path)
            removed.append(Path(entry.path))
        except OSError:
            pass
    return removed


def _stage(path: Path, data: bytes) -> Path:
    temp = path.parent / f".{path.name}.{os.getpid()}.part"
    handle = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        os.chmod(temp, 0o644)
    except BaseException:
        temp.unlink(missing_ok=True)
        raise
    return temp


def write_atomic(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` so that readers see the old file or the new one, never a part."""
    write_outputs(Path(path).parent, {Path(path).name: data})


def write_outputs(out: Path, files: dict[str, bytes]) -> list[Path]:
    """Write every output file (name -> bytes) into ``out``, all or none; return the paths written."""
    out = Path(out)
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise write_error(out, exc) from None
    clean_stale_parts(out)
    staged: list[tuple[Path, Path]] = []
    try:
        for name, data in files.items():
            target = out / name
            staged.append((_stage(target, data), target))
    except OSError as exc:
        for temp, _ in staged:
            temp.unlink(missing_ok=True)
        raise write_error(out / name, exc) from None
    except BaseException:
        for temp, _ in staged:
            temp.unlink(missing_ok=True)
        raise
    for temp, target in staged:  # renames need no space: once everything is staged, this holds
        try:
            os.replace(temp, target)
        except OSError as exc:
            for rest, _ in staged:
                rest.unlink(missing_ok=True)
            raise write_error(target, exc) from None
    _sync_folder(out)
    return [target for _, target in staged]


def _sync_folder(folder: Path) -> None:
    """Make the renames durable (a folder's entries are flushed by fsync on the folder itself)."""
    try:
        handle = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(handle)
    except OSError:
        pass
    finally:
        os.close(handle)
