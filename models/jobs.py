"""Long work: one Qt-free job object that every long operation takes.

An operation of ``models/`` or ``reports/`` that may take long (an import, a scan, a batch of
agreements, a return, a backup) takes a ``job: Job = NO_JOB`` argument. It calls
``job.progress(done, total)`` now and then, ``job.check()`` where stopping is safe (``check``
raises ``Cancelled`` when the user asked to stop; the operation's transaction then rolls back, so
nothing is half written), and ``job.phase(N_("..."))`` when it moves on to a stage that deserves
its own label ("Checking for duplicates" after an import's rows are written).

The front ends make the job: the window's job runner (``desktop.jobs``) with a cancellable
progress dialog, the CLI with a progress bar on stderr (``desktop.app_context``). The operation
never knows which one runs it, and tests pass a plain ``Job`` that records what it was told.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

from models.errors import Refused
from models.i18n import N_

Progress = Callable[[int, int], None]

CANCELLED = N_("Cancelled: nothing was changed.")


class Cancelled(Refused):
    """The user stopped the work; what it had written was rolled back."""

    def __init__(self, msgid: str = CANCELLED, **params: Any) -> None:
        super().__init__(msgid, **params)


class Job:
    """Progress and cancellation of one run of a long operation.

    ``progress(done, total)`` and ``phase(label)`` are forwarded to the callbacks given (the
    front end's display); ``cancel()`` may be called from any thread (a dialog's Cancel button)
    and is seen by the next ``check()``.
    """

    def __init__(
        self,
        progress: Progress | None = None,
        cancelled: Callable[[], bool] | None = None,
        phase: Callable[[str], None] | None = None,
    ) -> None:
        self._progress = progress
        self._cancelled = cancelled
        self._phase = phase
        self._cancel = threading.Event()

    def progress(self, done: int, total: int) -> None:
        """``done`` of ``total`` steps of the current phase are done."""
        if self._progress is not None:
            self._progress(done, total)

    def phase(self, label: str) -> None:
        """A new stage begins (``label``: an ``N_()`` message the front end translates); its
        progress starts again from zero."""
        if self._phase is not None:
            self._phase(label)

    def cancel(self) -> None:
        self._cancel.set()

    @property
    def is_cancelled(self) -> bool:
        return self._cancel.is_set() or (self._cancelled is not None and self._cancelled())

    def check(self, msgid: str = CANCELLED, **params: Any) -> None:
        """Raise ``Cancelled`` (with ``msgid``) when the user asked to stop."""
        if self.is_cancelled:
            raise Cancelled(msgid, **params)


class _NoJob(Job):
    """What an operation gets when nobody watches it: no display, never cancelled."""

    def cancel(self) -> None:
        raise RuntimeError("NO_JOB is shared: make a Job to cancel work")


NO_JOB: Job = _NoJob()


class RecordingJob(Job):
    """A job that keeps what it was told (tests, and callers that want the last figures);
    ``cancel_after``: cancel itself once this many progress reports were made."""

    def __init__(self, cancel_after: int | None = None) -> None:
        super().__init__()
        self.reports: list[tuple[int, int]] = []
        self.phases: list[str] = []
        self._cancel_after = cancel_after

    def progress(self, done: int, total: int) -> None:
        self.reports.append((done, total))
        if self._cancel_after is not None and len(self.reports) >= self._cancel_after:
            self.cancel()

    def phase(self, label: str) -> None:
        self.phases.append(label)
