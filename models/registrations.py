"""Importing parsed registration rows: returnees and their cases, all or nothing.

The rows come from ``reports.registration_parse`` (already typed and validated), or from any
caller that produces the same field dicts. One transaction: rows whose source reference is
already in the database are counted as already present and skipped; the others are inserted in
bulk with a ``registered`` case each (``models.cases.register_returnees``). Once they are
committed, the new returnees are compared with the register and with each other by the
duplicate engine, and the pairs found are flagged in a second transaction (a failure there
leaves the import in place and is reported with ``Advice.CHECK_DUPLICATES``: each front end
says how to check again). The import's own
transaction records which returnees await that check, and the check's transaction clears it, so
a check that never ran (the process was killed in between) is known and finished later
(``finish_pending``). A dry run does all of it in one transaction and rolls back, so its counts
are the real ones. The write takes a ``models.jobs.Job`` like every importer: progress of the
write, then a phase for the duplicate check; a cancel before the commit writes nothing.
"""

from __future__ import annotations

import json
import logging
import time
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from typing import Any, Protocol

from sqlalchemy import delete, select

from models import audit, pause_points
from models.cases import existing_source_refs, register_returnees
from models.database import Database
from models.duplicate_gate import PENDING
from models.entities import Setting
from models.errors import Advice, RgmError
from models.i18n import N_, translate
from models.jobs import NO_JOB, Job
from models.permissions import check
from models.reference import case_language
from models.users import Actor

# Countries of origin whose returnees get English documents by default.
_log = logging.getLogger(__name__)

DUPLICATE_CHECK_FAILED = N_(
    "The {n} registrations are imported, but checking them for duplicates failed ({error})."
)
# What the user can do about it: each front end words it (``desktop.advice``, ``ui.failures``).
DUPLICATE_CHECK_ADVICE = Advice.CHECK_DUPLICATES
CANCELLED = N_("Cancelled: nothing was imported.")
CHECKING = N_("Checking for duplicates")


class ParsedRows(Protocol):
    """What the import needs from a parse result (reports.registration_parse.ParseResult)."""

    @property
    def rows(self) -> Sequence[Any]: ...  # each with .excel_row and .values (field -> value)

    @property
    def refused(self) -> Sequence[Any]: ...

    @property
    def unknown_columns(self) -> list[str]: ...


@dataclass(frozen=True)
class ImportSummary:
    rows: int  # data rows in the file
    imported: int
    refused: int
    already_present: int
    possible_duplicates: int
    unknown_columns: list[str]
    seconds: float
    dry_run: bool = False
    written: bool = False  # False when refused rows blocked the import, or on a dry run
    already_present_refs: list[str] = field(default_factory=list)
    case_numbers: list[str] = field(default_factory=list)
    # The duplicate check runs after the rows are committed: its share of ``seconds``, and why
    # it failed if it did (the rows stay imported and pending: they are checked again).
    duplicate_check_seconds: float = 0.0
    duplicate_check_error: str | None = None

    def duplicate_check_warning(self, lang: str | None = None) -> str:
        """What to tell the user when the duplicate check failed ("" when it did not); the front
        end adds its advice (``DUPLICATE_CHECK_ADVICE``)."""
        if self.duplicate_check_error is None:
            return ""
        return translate(DUPLICATE_CHECK_FAILED, lang).format(
            n=self.imported, error=self.duplicate_check_error
        )

    def as_json(self) -> dict[str, Any]:
        """The ``--json`` summary: rows, imported, refused, already_present, ..."""
        data = asdict(self)
        data["seconds"] = round(self.seconds, 3)
        data["duplicate_check_seconds"] = round(self.duplicate_check_seconds, 3)
        del data["case_numbers"]
        return data


class _DryRun(Exception):
    """Raised at the end of a dry run to roll the transaction back."""


def import_registrations(
    db: Database,
    actor: Actor,
    parse_result: ParsedRows,
    skip_invalid: bool = False,
    dry_run: bool = False,
    job: Job = NO_JOB,
) -> ImportSummary:
    """Write the accepted rows (all or nothing), then check them for duplicates.

    With refused rows and neither ``skip_invalid`` nor ``dry_run`` nothing is written and the
    summary says so (``written`` False): the caller reports the refusals (exit status 1).
    The duplicate check runs once the rows are committed, in its own transaction; if it fails
    the rows stay imported and ``duplicate_check_error`` says why (they stay pending, checked
    again later). A dry run checks inside its transaction, which it rolls back. Pass
    ``result.hand_over()`` to let the rows be freed before that check. ``job``: progress of the
    write, then the phase ``CHECKING``; a cancel before the commit raises ``Cancelled`` and
    nothing is written.
    """
    check(actor, "case.register")
    started = time.perf_counter()
    refused = len(parse_result.refused)
    total = len(parse_result.rows) + refused
    unknown = list(parse_result.unknown_columns)
    blocked = refused > 0 and not skip_invalid
    if blocked and not dry_run:
        return ImportSummary(total, 0, refused, 0, 0, unknown, time.perf_counter() - started,
                             dry_run=False, written=False)  # fmt: skip
    rehearsal = dry_run or blocked
    outcome: dict[str, Any] = {}
    new_ids: list[int] = []
    pending: list[str] = []
    try:
        with db.transaction() as session:
            outcome, new_ids = _write(session, actor, parse_result, total, refused, rehearsal, job)
            if rehearsal:
                raise _DryRun
            pending = _record_pending(session, new_ids)
    except _DryRun:
        pass
    pause_points.reached("import.committed")
    # Written: the rows are not needed any more. When the caller handed them over
    # (``ParseResult.hand_over()``) this frees them before the duplicate index is built.
    del parse_result
    check_seconds = 0.0
    error = None
    if not rehearsal:
        checked = time.perf_counter()
        job.phase(CHECKING)
        outcome["duplicates"], error = check_new_returnees(db, actor, new_ids, job, settles=pending)
        check_seconds = time.perf_counter() - checked
    return ImportSummary(
        rows=total,
        imported=outcome["imported"],
        refused=refused,
        already_present=len(outcome["present"]),
        possible_duplicates=outcome["duplicates"],
        unknown_columns=unknown,
        seconds=time.perf_counter() - started,
        dry_run=dry_run,
        written=not rehearsal,
        already_present_refs=outcome["present"],
        case_numbers=outcome["numbers"] if not rehearsal else [],
        duplicate_check_seconds=check_seconds,
        duplicate_check_error=error,
    )


def _write(
    session: Any,
    actor: Actor,
    parse_result: ParsedRows,
    total: int,
    refused: int,
    rehearsal: bool,
    job: Job,
) -> tuple[dict[str, Any], list[int]]:
    """The import's transaction: new returnees and cases, audited (and, in a rehearsal, the
    duplicate check, to count what it would flag)."""
    rows = parse_result.rows
    present = existing_source_refs(session, (r.values.get("source_ref") for r in rows))
    if present:
        new = [r.values for r in rows if r.values.get("source_ref") not in present]
    else:
        new = [r.values for r in rows]
    job.check(CANCELLED)
    registered = register_returnees(
        session, actor, new, language=case_language, action="case.import", job=job
    )
    del new
    pause_points.reached("import.writing")  # the rows written, not committed (tests stop here)
    job.check(CANCELLED)
    new_ids = [r.returnee_id for r in registered]
    duplicates = 0
    if rehearsal:  # counted inside the transaction it rolls back
        job.phase(CHECKING)
        duplicates = _flag_duplicates(session, actor, new_ids, job)
    audit.record(
        session, actor, "registrations.import", "returnees", "",
        after={"rows": total, "imported": len(registered), "refused": refused,
               "already_present": len(present)},
    )  # fmt: skip
    outcome = {
        "imported": len(registered),
        "present": sorted(present),
        "duplicates": duplicates,
        "numbers": [r.case_number for r in registered],
    }
    return outcome, new_ids


def check_new_returnees(
    db: Database,
    actor: Actor,
    new_ids: list[int],
    job: Job = NO_JOB,
    settles: Sequence[str] = (),
) -> tuple[int, str | None]:
    """Flag possible duplicates of just-imported returnees (within the file and against the
        register), reading, then saves the flags in a short transaction of its own, which also clears
    the pending records ``settles``.
        Returns (pairs flagged, None), or (0, the reason) when the check failed: the returnees stay
        imported and pending, checked again later."""
    if not new_ids:
        return 0, None
    from models.duplicate_review import new_returnee_matches, save_matches

    try:
        # The comparisons only read (no write lock: other windows and commands write meanwhile);
        # the flags are then written in one short transaction.
        with db.reading() as session:
            # The import is committed: a cancel here would only leave the check pending, so
            # this job shows progress and is not cancelled.
            matches = new_returnee_matches(session, new_ids, job=Job(job.progress, phase=job.phase))
        with db.transaction() as session:
            flagged = save_matches(session, actor, matches)
            settle(session, settles)
            audit.record(
                session, actor, "registrations.duplicate_check", "returnees", "",
                after={"returnees": len(new_ids), "possible_duplicates": flagged},
            )  # fmt: skip
        return flagged, None
    except Exception as exc:  # noqa: BLE001 - any failure: the import stands, the check is redone
        # Details for --debug only: a database error's text can hold the rows' personal values.
        _log.debug("duplicate check after an import failed", exc_info=True)
        return 0, exc.text() if isinstance(exc, RgmError) else type(exc).__name__


def _flag_duplicates(
    session: Any,
    actor: Actor,
    new_ids: list[int],
    job: Job = NO_JOB,
) -> int:
    """Possible duplicates among the new returnees and against the register (flags saved)."""
    if not new_ids:
        return 0
    from models.duplicate_review import flag_new_returnees

    return int(flag_new_returnees(session, actor, new_ids, job=job))


# -- duplicate checks that never ran ----------------------------------------------------------


def _ranges(ids: Sequence[int]) -> list[list[int]]:
    ranges: list[list[int]] = []
    for i in sorted(ids):
        if ranges and i == ranges[-1][1] + 1:
            ranges[-1][1] = i
        else:
            ranges.append([i, i])
    return ranges


def _record_pending(session: Any, new_ids: Sequence[int]) -> list[str]:
    """Note, in the import's transaction, that ``new_ids`` await their duplicate check."""
    if not new_ids:
        return []
    ranges = _ranges(new_ids)
    value = json.dumps(ranges, separators=(",", ":"))
    if len(value) > 4000:  # scattered ids (concurrent imports): check the whole span instead
        value = json.dumps([[ranges[0][0], ranges[-1][1]]])
    key = f"{PENDING}{ranges[0][0]}"
    session.add(Setting(key=key, value=value))
    return [key]


def settle(session: Any, keys: Sequence[str]) -> None:
    """Clear the pending records ``keys`` (their returnees were checked)."""
    if keys:
        session.execute(delete(Setting).where(Setting.key.in_(list(keys))))


def pending(db: Database) -> tuple[list[str], list[int]]:
    """The records of duplicate checks that never ran (an import was interrupted after it
    committed), and the returnees they name."""
    with db.reading() as s:
        rows = s.execute(select(Setting.key, Setting.value).where(Setting.key.like(f"{PENDING}%")))
        keys: list[str] = []
        ids: set[int] = set()
        for key, value in rows:
            keys.append(key)
            for first, last in json.loads(value):
                ids.update(range(int(first), int(last) + 1))
    return keys, sorted(ids)


def finish_pending(db: Database, actor: Actor, job: Job = NO_JOB) -> tuple[int, int, str | None]:
    """Run the duplicate checks that never ran: (returnees checked, pairs flagged, None), or
    the reason it failed again (they stay pending)."""
    keys, ids = pending(db)
    if not keys:
        return 0, 0, None
    flagged, error = check_new_returnees(db, actor, ids, job, settles=keys)
    if error is None and not ids:
        with db.transaction() as s:
            settle(s, keys)
    return len(ids), flagged, error
