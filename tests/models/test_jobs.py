"""The one job contract of long work: progress, phases and cancellation, without Qt."""

from __future__ import annotations

import threading

import pytest

from models.i18n import N_, translate
from models.jobs import NO_JOB, Cancelled, Job, RecordingJob


def test_a_job_forwards_progress_and_phases_to_its_front_end() -> None:
    seen: list[object] = []
    job = Job(progress=lambda d, t: seen.append((d, t)), phase=seen.append)
    job.progress(1, 4)
    job.phase(N_("Checking for duplicates"))
    job.progress(2, 2)
    assert seen == [(1, 4), "Checking for duplicates", (2, 2)]


def test_cancel_from_another_thread_is_seen_by_the_next_check() -> None:
    job = Job()
    job.check()  # not cancelled: nothing happens
    worker = threading.Thread(target=job.cancel)
    worker.start()
    worker.join()
    with pytest.raises(Cancelled) as stopped:
        job.check()
    assert translate(stopped.value.msgid, "fr") == "Annulé : rien n'a été modifié."
    assert stopped.value.exit_code == 1  # a refusal, not a failure


def test_a_front_end_flag_cancels_too() -> None:
    asked = threading.Event()
    job = Job(cancelled=asked.is_set)
    assert not job.is_cancelled
    asked.set()
    with pytest.raises(Cancelled, match="Printing was cancelled"):
        job.check(N_("Printing was cancelled"))


def test_nobody_watching_costs_nothing_and_cannot_be_cancelled() -> None:
    NO_JOB.progress(5, 10)
    NO_JOB.phase("anything")
    NO_JOB.check()
    with pytest.raises(RuntimeError):
        NO_JOB.cancel()
    assert not NO_JOB.is_cancelled


def test_a_recording_job_cancels_itself_after_some_progress() -> None:
    job = RecordingJob(cancel_after=2)
    job.progress(1, 3)
    job.check()
    job.progress(2, 3)
    with pytest.raises(Cancelled):
        job.check()
    assert job.reports == [(1, 3), (2, 3)]
