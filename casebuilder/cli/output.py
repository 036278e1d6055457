"""What every command prints the same way: problems (compiler-style, coloured from the Problem's own fields),
user errors without a traceback, and the progress line and closing summary of long runs."""

from __future__ import annotations

import functools
import sys
import time
from pathlib import Path
from typing import IO, Any, Callable, TypeVar

import click

from casebuilder.problems import CaseError, Problem, summarise

CONTEXT = {"help_option_names": ["-h", "--help"], "max_content_width": 100}
case_argument = click.argument("case", type=click.Path(path_type=Path, file_okay=True), default=".")
"""The CASE argument of the commands that read a case folder (default: the working folder)."""

F = TypeVar("F", bound=Callable[..., Any])


def styled(problem: Problem) -> str:
    """A problem as :meth:`Problem.format` writes it, its severity coloured (red errors, yellow warnings)."""
    severity = click.style(problem.severity.value, fg="red" if problem.is_error else "yellow")
    text = f"{problem.location()}: {severity}: {problem.message}"
    return f"{text} {problem.hint}" if problem.hint else text


def print_problems(problems: list[Problem], *, err: bool = False) -> None:
    """Print problems compiler-style, then the summary line."""
    for problem in problems:
        click.echo(styled(problem), err=err)
    click.echo(summarise(problems), err=err)


def print_grouped(problems: list[Problem], *, err: bool = False, keep: int = 3) -> None:
    """Print problems like :func:`print_problems`, but a warning repeated on more than ten rows only
    ``keep`` times, then how many more there are."""
    counts: dict[str, int] = {}
    for problem in problems:
        if not problem.is_error:
            counts[problem.code] = counts.get(problem.code, 0) + 1
    shown: dict[str, int] = {}
    for problem in problems:
        if not problem.is_error and counts[problem.code] > 10:
            shown[problem.code] = shown.get(problem.code, 0) + 1
            if shown[problem.code] > keep:
                continue
        click.echo(styled(problem), err=err)
    for code, count in shown.items():
        click.echo(f"... and {count - keep} more rows with the warning [{code}].", err=err)
    click.echo(summarise(problems), err=err)


def handle_user_errors(func: F) -> F:
    """Turn a CaseError into printed problems and exit code 1, without a traceback."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except CaseError as exc:
            print_problems(exc.problems, err=True)
            sys.exit(1)

    return wrapper  # type: ignore[return-value]  # functools.wraps keeps the signature F describes


class Progress:
    """Count, rate and time left, on one line of a terminal (or a line every 5 % in a log)."""

    def __init__(self, stream: IO[str] | None = None):
        self.stream = stream or sys.stderr
        self.tty = hasattr(self.stream, "isatty") and self.stream.isatty()
        self.started = time.perf_counter()
        self.first: int | None = None
        self.shown = -1.0
        self.width = 0

    def __call__(self, done: int, total: int, name: str) -> None:
        now = time.perf_counter()
        if self.first is None:  # packs already up to date are counted, not timed
            self.first = done - 1
        made = done - self.first
        rate = made / max(now - self.started, 1e-9)
        left = (total - done) / rate if rate else 0.0
        line = (f"[{done:>{len(str(total))}}/{total}] {done / total:4.0%}  {rate:5.2f} packs/s  "
                f"{duration(left)} left  {name}")
        if self.tty:
            self.width = max(self.width, len(line))
            self.stream.write("\r" + line.ljust(self.width))
            if done == total:
                self.stream.write("\n")
            self.stream.flush()
        elif done == total or now - self.shown >= 30 or (done * 20) // total != ((done - 1) * 20) // total:
            self.stream.write(line + "\n")
            self.stream.flush()
            self.shown = now

    def end(self) -> None:
        """End the progress line (after a stop)."""
        if self.tty and self.width:
            self.stream.write("\n")
            self.stream.flush()


def duration(seconds: float) -> str:
    """A duration as ``1h05m``, ``2m03s`` or ``7s``."""
    whole = int(round(seconds))
    if whole >= 3600:
        return f"{whole // 3600}h{whole % 3600 // 60:02d}m"
    if whole >= 60:
        return f"{whole // 60}m{whole % 60:02d}s"
    return f"{whole}s"
