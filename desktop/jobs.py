"""Running long work off the GUI thread, with a progress dialog that can cancel it.

The work is a function ``fn(job)`` of models/ or reports/ taking a ``models.jobs.Job`` (its
progress and phases go to the dialog, the dialog's Cancel to the job). It runs on a
``QThreadPool`` with a single thread (one writer at a time); a ``QProgressDialog`` appears only
when it lasts longer than about half a second; the result comes back through a signal.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, Qt, QThreadPool, QTimer, Signal
from PySide6.QtWidgets import QProgressDialog, QWidget

from models import jobs
from models.i18n import _

JobWork = Callable[[jobs.Job], Any]

SHOW_AFTER_MS = 500


class JobSignals(QObject):
    progressed = Signal(int, int)
    phased = Signal(str)
    finished = Signal(object)
    failed = Signal(object)


class Job(QRunnable):
    """One run of a work function; ``signals`` report back on the GUI thread."""

    def __init__(self, work: JobWork) -> None:
        super().__init__()
        self.setAutoDelete(False)
        self.work = work
        self.signals = JobSignals()
        self.job = jobs.Job(progress=self.signals.progressed.emit, phase=self.signals.phased.emit)
        self.done = threading.Event()

    def cancel(self) -> None:
        self.job.cancel()

    @property
    def is_cancelled(self) -> bool:
        return self.job.is_cancelled

    def run(self) -> None:
        try:
            result = self.work(self.job)
        except BaseException as exc:  # reported to the GUI, which shows it
            self.done.set()
            self.signals.failed.emit(exc)
        else:
            self.done.set()
            self.signals.finished.emit(result)


class JobRunner(QObject):
    """Starts jobs on one worker thread and shows their progress."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.pool = QThreadPool(self)
        self.pool.setMaxThreadCount(1)
        self._running: set[Job] = set()

    def run(
        self,
        work: JobWork,
        *,
        on_finished: Callable[[Any], None],
        on_failed: Callable[[BaseException], None] | None = None,
        label: str = "",
        parent: QWidget | None = None,
        cancellable: bool = True,
    ) -> Job:
        """Run ``work``; a progress dialog with ``label`` shows after half a second."""
        job = Job(work)
        self._running.add(job)
        dialog: QProgressDialog | None = None
        if label:
            dialog = QProgressDialog(label, self.tr("Cancel") if cancellable else "", 0, 0, parent)
            dialog.setWindowModality(Qt.WindowModality.WindowModal)
            dialog.setMinimumDuration(SHOW_AFTER_MS)
            dialog.setAutoClose(False)
            dialog.setAutoReset(False)
            if not cancellable:
                dialog.setCancelButton(None)  # type: ignore[arg-type]
            dialog.canceled.connect(job.cancel)
            # QProgressDialog shows itself after minimumDuration only when its value moves.
            dialog.setValue(0)

            def on_progress(done: int, total: int) -> None:
                if dialog is not None:
                    dialog.setMaximum(max(total, 1))
                    dialog.setValue(min(done, max(total, 1)))

            def on_phase(phase: str) -> None:
                if dialog is not None:
                    dialog.setLabelText(_(phase))
                    dialog.setMaximum(0)
                    dialog.setValue(0)

            job.signals.progressed.connect(on_progress)
            job.signals.phased.connect(on_phase)

        def close() -> None:
            self._running.discard(job)
            if dialog is not None:
                dialog.canceled.disconnect(job.cancel)
                dialog.close()
                dialog.deleteLater()

        def finished(result: Any) -> None:
            close()
            on_finished(result)

        def failed(exc: BaseException) -> None:
            close()
            if on_failed is not None:
                on_failed(exc)
            else:
                raise exc

        job.signals.finished.connect(finished, Qt.ConnectionType.QueuedConnection)
        job.signals.failed.connect(failed, Qt.ConnectionType.QueuedConnection)
        if dialog is not None:
            # Keep the dialog's "show after half a second" timer going even without progress.
            QTimer.singleShot(SHOW_AFTER_MS + 20, lambda: _show_if_running(job, dialog))
        self.pool.start(job)
        return job

    def cancel_all(self) -> None:
        """Ask every running job to stop (the window is closing)."""
        for job in list(self._running):
            job.cancel()

    def wait(self, msecs: int = -1) -> bool:
        return self.pool.waitForDone(msecs)

    @property
    def busy(self) -> bool:
        return bool(self._running)


def _show_if_running(job: Job, dialog: QProgressDialog) -> None:
    try:
        if not job.done.is_set() and not dialog.isVisible():
            dialog.show()
    except RuntimeError:  # the dialog was already deleted
        pass
