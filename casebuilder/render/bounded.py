"""Bounds on what a case template can make the sandbox do: untrusted templates get bounded time and memory.

Jinja's sandbox stops templates from reaching Python, not from working forever. A case template
could loop without end (``range`` in ``range``), build a huge string (``'x' * 10**9``,
``center(10**9)``) or a huge number (``10 ** 5000``, whose printing fails in Python itself).
So, for case templates: ``*`` and ``**`` are checked before they run (``MAX_STRING`` items,
``MAX_EXPONENT``), ``range`` gives at most ``MAX_RANGE`` numbers, padding filters at most
``MAX_STRING`` characters, the output at most ``MAX_OUTPUT`` characters, and one render at most
``MAX_SECONDS`` (a timer). Each breach is a :class:`SecurityError`, which the theme reports as a
located problem (``templates/NAME.html:LINE``).
"""

from __future__ import annotations

import contextlib
import signal
import threading
from typing import Any, Iterator

from jinja2.sandbox import SecurityError

MAX_RANGE = 100_000
"""The most numbers one ``range()`` of a case template gives."""
MAX_STRING = 10_000_000
"""The longest string or list a case template may build with ``*`` or a padding filter."""
MAX_EXPONENT = 1_000
"""The largest exponent of ``**`` in a case template."""
MAX_OUTPUT = 200_000_000
"""The most characters a case template may produce."""
MAX_SECONDS = 120
"""The longest one document's templates may run when the case has templates of its own."""


def bounded_range(*args: int) -> range:
    """``range`` with at most ``MAX_RANGE`` items."""
    result = range(*args)
    if len(result) > MAX_RANGE:
        raise SecurityError(f"range() of {len(result):,} items is more than the limit of {MAX_RANGE:,}")
    return result


def check_binop(operator: str, left: Any, right: Any) -> None:
    """Refuse ``*`` and ``**`` that would build something too large."""
    if operator == "**" and isinstance(right, (int, float)) and abs(right) > MAX_EXPONENT and \
            isinstance(left, (int, float)) and abs(left) > 1:
        raise SecurityError(f"the power {right:,} is more than the limit of {MAX_EXPONENT:,}")
    if operator == "*":
        for seq, count in ((left, right), (right, left)):
            if isinstance(seq, (str, list, tuple)) and isinstance(count, int) and len(seq) * count > MAX_STRING:
                raise SecurityError(f"'*' would build {len(seq) * count:,} items, more than the limit of {MAX_STRING:,}")


def bounded_pad(original):
    """Wrap a padding filter (``center``, ``indent``) so that its width is bounded."""
    def wrapper(value, width=80, *args, **kwargs):
        if isinstance(width, int) and width > MAX_STRING:
            raise SecurityError(f"a width of {width:,} is more than the limit of {MAX_STRING:,}")
        return original(value, width, *args, **kwargs)
    return wrapper


@contextlib.contextmanager
def deadline(seconds: float) -> Iterator[None]:
    """Raise SecurityError in the running template after ``seconds`` (main thread only; else no timer)."""
    if threading.current_thread() is not threading.main_thread() or not hasattr(signal, "setitimer"):
        yield
        return

    def expired(signum, frame):
        raise SecurityError(f"the template ran for more than {seconds:g} s")

    previous = signal.signal(signal.SIGALRM, expired)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
