"""The state of a live preview: the checked case, its plan and its pages, recomputed when a file
of the case changes (watched with watchfiles).

A change re-runs :func:`~casebuilder.pipeline.check.full_check` (the parse cache makes that cost
only the changed files' parsing and the checks) and bumps a generation number; pages are then
rendered again only when a browser asks for them, each once per generation, through the one
render path (:class:`~casebuilder.render.pipeline.Renderer`). Nothing is ever written into the
case folder: the preview only reads it.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

from casebuilder.dossier.kinds import Planned, plan_documents
from casebuilder.pipeline.check import CheckResult, full_check
from casebuilder.problems import CaseError, Problem


@dataclass
class Snapshot:
    """One generation of the preview: what the last check found."""

    generation: int
    checked: CheckResult | None
    problems: list[Problem]
    plan: list[Planned] = field(default_factory=list)
    renderer: Any = None
    pages: dict[str, str | None] = field(default_factory=dict)
    """Rendered pages of this generation, by URL path."""
    seconds: float = 0.0
    """How long the check took."""

    @property
    def blocked(self) -> bool:
        """True when the case has errors: pages show the problems instead of the dossiers."""
        return self.checked is None or self.checked.case is None or bool(self.checked.errors)


class Preview:
    """The live preview of one case folder."""

    def __init__(self, path: Path, *, kinds: tuple[str, ...] = (), audience: str | None = None):
        self.path, self.kinds, self.audience = Path(path), kinds, audience
        self._changed = threading.Condition()
        self._closed = threading.Event()
        self._lock = threading.Lock()
        self.snapshot = Snapshot(0, None, [])
        self.refresh()

    @property
    def root(self) -> Path:
        """The case folder (the folder given, when it is not a case folder)."""
        checked = self.snapshot.checked
        return checked.root if checked is not None else self.path.resolve()

    def refresh(self) -> Snapshot:
        """Check the case again and start a new generation."""
        started = time.perf_counter()
        checked, problems, plan, renderer = None, [], [], None
        try:
            checked = full_check(self.path)
            problems = checked.problems
            if checked.case is not None and not checked.errors:
                from casebuilder.render.pipeline import Renderer

                plan = plan_documents(checked.case, self.kinds, self.audience)
                renderer = Renderer(checked.case, checked.library, checked.findings)
        except CaseError as exc:  # not a case folder, an unknown --kind: shown in the page
            problems = exc.problems
        with self._changed:
            snapshot = Snapshot(self.snapshot.generation + 1, checked, problems, plan, renderer,
                                seconds=time.perf_counter() - started)
            self.snapshot = snapshot
            self._changed.notify_all()
        return snapshot

    def page(self, key: str, make: Callable[[Snapshot], str | None]) -> str | None:
        """The page ``key`` of the current generation, made once per generation by ``make``."""
        snapshot = self.snapshot
        with self._lock:
            if key not in snapshot.pages:
                snapshot.pages[key] = make(snapshot)
            return snapshot.pages[key]

    def wait(self, seen: int | None, timeout: float) -> int:
        """Block until the generation differs from ``seen`` (or ``timeout``, or close); return it."""
        with self._changed:
            self._changed.wait_for(lambda: self.snapshot.generation != seen or self._closed.is_set(), timeout)
            return self.snapshot.generation

    @property
    def closed(self) -> bool:
        """True once :meth:`close` was called."""
        return self._closed.is_set()

    def watch(self, *, debounce_ms: int = 50) -> threading.Thread:
        """Start a thread that refreshes the preview whenever a file of the case changes."""
        import watchfiles

        def run() -> None:
            for _changes in watchfiles.watch(self.root, stop_event=self._closed, debounce=debounce_ms,
                                             step=25, raise_interrupt=False):
                self.refresh()

        thread = threading.Thread(target=run, name="casebuilder-watch", daemon=True)
        thread.start()
        return thread

    def close(self) -> None:
        """Stop the watcher and wake every waiting event stream."""
        self._closed.set()
        with self._changed:
            self._changed.notify_all()
