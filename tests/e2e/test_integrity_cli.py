"""Integrity of records, end to end with rgm as a subprocess: a signed return and headquarters'
trust; forged returns refused; the audit trail checked against a return headquarters hold."""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import subprocess
from pathlib import Path

import openpyxl
import pytest
from sqlalchemy import delete, select
from support.audit_legacy import as_the_previous_version
from support.cli import cli_env, run_rgm
from support.offices import Office, Offices

from models.database import Database
from models.entities import AuditAnchor, AuditEvent, Setting

PASSPHRASE = "a long passphrase"  # cli_env's
JUST_INIT = Office(admin_password="admin-secret-1", users=())  # init only


def rgm(env: dict[str, str], *args: str, code: int = 0) -> subprocess.CompletedProcess[str]:
    out = run_rgm(env, *args)
    assert out.returncode == code, f"rgm {' '.join(args)} -> {out.returncode}\n{out.stderr}"
    assert "Traceback" not in out.stderr
    return out


def _last_month() -> str:
    first = dt.date.today().replace(day=1)
    return (first - dt.timedelta(days=1)).strftime("%Y-%m")


@pytest.fixture(scope="module")
def office(offices: Offices, tmp_path_factory: pytest.TempPathFactory) -> dict[str, object]:
    """An office that submitted last month's return and exported its public key."""
    tmp = tmp_path_factory.mktemp("office")
    env = offices.copy(Office(admin_password="admin-secret-1", users=(), demo=(300, 3)), tmp)
    month = _last_month()
    submitted = tmp / f"BKO-{month}.xlsx"
    out = rgm(
        env, "--user", "admin", "return", "--month", month, "--submit", "--out", str(submitted)
    )
    assert "audit anchor" in out.stdout and "locked" in out.stdout
    key = rgm(env, "--user", "admin", "office", "key", "--out", str(tmp / "BKO.pub")).stdout
    assert "BKO" in key and (tmp / "BKO.pub").exists()
    return {"env": env, "tmp": tmp, "month": month, "return": submitted, "pub": tmp / "BKO.pub"}


@pytest.fixture
def hq(tmp_path: Path) -> dict[str, str]:
    return cli_env(tmp_path, "unused")  # headquarters: their own data folder, no database


def _copy(path: Path, to: Path) -> Path:
    to.write_bytes(path.read_bytes())
    return to


def test_headquarters_accept_a_return_only_once_the_office_key_is_registered(
    office: dict[str, object], hq: dict[str, str], tmp_path: Path
) -> None:
    submitted = _copy(office["return"], tmp_path / "bko.xlsx")  # type: ignore[arg-type]
    out = tmp_path / "region.xlsx"
    refused = rgm(hq, "consolidate", str(submitted), "--out", str(out), code=1)
    assert len(refused.stderr.strip().splitlines()) == 1
    assert "bko.xlsx" in refused.stderr and "not registered" in refused.stderr
    assert not out.exists()
    trusted = rgm(hq, "hq", "trust", str(office["pub"])).stdout
    assert "BKO" in trusted
    assert "BKO" in rgm(hq, "hq", "keys").stdout
    rgm(hq, "consolidate", str(submitted), "--out", str(out))
    assert out.exists()
    fr = rgm({**hq, "RGM_LANG": "fr"}, "hq", "trust", str(tmp_path / "bko.xlsx"), code=2)
    assert "bko.xlsx" in fr.stderr and "clé publique" in fr.stderr


def test_a_forged_return_is_refused_with_one_line_naming_it(
    office: dict[str, object], hq: dict[str, str], tmp_path: Path
) -> None:
    from support.returns import rehash

    rgm(hq, "hq", "trust", str(office["pub"]))
    forged = _copy(office["return"], tmp_path / "forged.xlsx")  # type: ignore[arg-type]
    wb = openpyxl.load_workbook(forged)
    cover = {row[0].value: row[1] for row in wb["Cover"].iter_rows(min_row=2)}
    cover["office_code"].value = "CKY"
    cover["total_registered"].value = (cover["total_registered"].value or 0) + 50
    wb.save(forged)
    rehash(forged)
    refused = rgm(hq, "consolidate", str(forged), "--out", str(tmp_path / "r.xlsx"), code=1)
    assert len(refused.stderr.strip().splitlines()) == 1 and "forged.xlsx" in refused.stderr


def test_a_draft_and_a_draft_edited_to_say_submitted_are_refused(
    office: dict[str, object], hq: dict[str, str], tmp_path: Path
) -> None:
    """#11: the status, who submitted and the month's lock are signed with the return."""
    from support.returns import rehash

    rgm(hq, "hq", "trust", str(office["pub"]))
    draft = tmp_path / "draft.xlsx"
    rgm(office["env"], "--user", "admin", "return", "--month", "2025-01", "--out", str(draft))  # type: ignore[arg-type]
    out = tmp_path / "r.xlsx"
    refused = rgm(hq, "consolidate", str(draft), "--out", str(out), code=1)
    assert "draft.xlsx" in refused.stderr and "draft return" in refused.stderr
    wb = openpyxl.load_workbook(draft)
    cover = {row[0].value: row[1] for row in wb["Cover"].iter_rows(min_row=2)}
    cover["status"].value, cover["month_locked"].value = "submitted", 1
    cover["submitted_by"].value = "admin"
    wb.save(draft)
    rehash(draft)
    refused = rgm(hq, "consolidate", str(draft), "--out", str(out), code=1)
    assert "draft.xlsx" in refused.stderr and "signature" in refused.stderr
    assert not out.exists()


def _database(office: dict[str, object]) -> Database:
    return Database.sqlite(Path(str(office["tmp"])) / "data" / "rgm.db", PASSPHRASE)


def test_the_trail_is_checked_against_the_return_headquarters_hold(
    office: dict[str, object], tmp_path: Path
) -> None:
    env = office["env"]
    hq_copy = _copy(office["return"], tmp_path / "hq-copy.xlsx")  # type: ignore[arg-type]
    ok = rgm(env, "--user", "admin", "audit", "verify", "--against", str(hq_copy))  # type: ignore[arg-type]
    assert "intact" in ok.stdout
    # Someone with the database and every key in it rewrites one event and the whole chain
    # after it, and removes the database's own copy of the anchor.
    db = _database(office)
    with db.transaction() as s:
        key = bytes.fromhex(s.get(Setting, "key.audit").value.split(":", 1)[1])
        keyed_from = int(s.get(Setting, "audit_keyed_from").value.split(":")[0])
        events = s.scalars(select(AuditEvent).order_by(AuditEvent.id)).all()
        target = next(e for e in events if e.action == "user.create")
        target.after = '{"username": "nobody"}'
        prev = "0" * 64
        for e in events:
            parts = [prev, e.at.astimezone(dt.UTC).isoformat(timespec="microseconds"),
                     str(e.user_id or ""), e.username, e.action, e.table_name, e.record_id,
                     e.before or "", e.after or ""]  # fmt: skip
            message = "\x1f".join(parts).encode()
            e.prev_hash = prev
            e.hash = (
                hmac.new(key, message, hashlib.sha256).hexdigest()
                if e.id >= keyed_from
                else hashlib.sha256(message).hexdigest()
            )
            s.flush()
            prev = e.hash
        head = f"{len(events)}:{events[-1].id}:{prev}"  # sealed with the key they hold too
        seal = hmac.new(key, ("audit_head:" + head).replace(":", "\x1f").encode(), "sha256")
        s.get(Setting, "audit_head").value = f"{head}:{seal.hexdigest()}"
        s.execute(delete(AuditAnchor))
    db.close()
    alone = rgm(env, "--user", "admin", "audit", "verify")  # type: ignore[arg-type]
    assert "intact" in alone.stdout  # consistent in itself: the key alone is not enough...
    caught = rgm(env, "--user", "admin", "audit", "verify", "--against", str(hq_copy), code=1)  # type: ignore[arg-type]
    assert "rewritten" in caught.stderr and "hq-copy.xlsx" in caught.stderr
    # ...and a wiped trail is reported even without a return
    db = _database(office)
    with db.transaction() as s:
        s.execute(delete(AuditEvent))
        s.execute(delete(Setting).where(Setting.key.like("audit%")))
    db.close()
    wiped = rgm(env, "--user", "admin", "audit", "verify", code=1)  # type: ignore[arg-type]
    assert "empty" in wiped.stderr


def test_a_cut_tail_with_a_stripped_start_mark_fails_audit_verify(
    offices: Offices, tmp_path: Path
) -> None:
    """#11 re-check: cutting the tail, writing the head unsealed and dropping the start mark's
    head mark (a setting) passed as "a previous version's head"; the key event says it now."""
    env = offices.copy(JUST_INIT, tmp_path)
    with Database.sqlite(tmp_path / "data" / "rgm.db", PASSPHRASE).reading() as s:
        keep = s.scalars(select(AuditEvent.id).order_by(AuditEvent.id)).all()[-1]
    rgm({**env, "RGM_NEW_PASSWORD": "rita-secret-1"}, "--user", "admin", "user", "add", "rita",
        "--role", "registrar")  # fmt: skip
    db = Database.sqlite(tmp_path / "data" / "rgm.db", PASSPHRASE)
    with db.transaction() as s:
        s.execute(delete(AuditEvent).where(AuditEvent.id > keep))
        last = s.get(AuditEvent, keep)
        s.get(Setting, "audit_head").value = f"{last.id}:{last.hash}"
        start = s.get(Setting, "audit_keyed_from")
        start.value = start.value.rsplit(":", 1)[0]
    db.close()
    for lang, words in (("en", "does not carry its seal"), ("fr", "sceau")):
        cut = rgm(env, "--lang", lang, "--user", "admin", "audit", "verify", code=1)
        assert words in cut.stderr and len(cut.stderr.strip().splitlines()) == 1


def test_a_cut_tail_under_a_rewritten_head_fails_audit_verify(
    offices: Offices, tmp_path: Path
) -> None:
    """#11: deleting the newest events and rewriting the stored head to match passed; the head
    is sealed now. A previous version's unsealed head passes, said so, until the next change."""
    env = offices.copy(JUST_INIT, tmp_path)
    db = Database.sqlite(tmp_path / "data" / "rgm.db", PASSPHRASE)
    with db.transaction() as s:  # as the previous version left it
        as_the_previous_version(s)
    db.close()
    old = rgm(env, "--user", "admin", "audit", "verify")
    assert "intact" in old.stdout and "no seal yet" in old.stdout
    env_new = {**env, "RGM_NEW_PASSWORD": "rita-secret-1"}
    rgm(env_new, "--user", "admin", "user", "add", "rita", "--role", "registrar")
    with db.reading() as s:
        keep = s.scalars(select(AuditEvent.id).order_by(AuditEvent.id)).all()[-2]
    sealed = rgm(env, "--user", "admin", "audit", "verify")
    assert "intact" in sealed.stdout and "no seal" not in sealed.stdout
    with db.transaction() as s:
        s.execute(delete(AuditEvent).where(AuditEvent.id > keep))
        last = s.get(AuditEvent, keep)
        count = len(s.scalars(select(AuditEvent.id)).all())
        s.get(Setting, "audit_head").value = f"{count}:{last.id}:{last.hash}"
    db.close()
    cut = rgm(env, "--user", "admin", "audit", "verify", code=1)
    assert "does not carry its seal" in cut.stderr


def test_only_who_may_sign_for_the_office_uses_its_key(tmp_path: Path) -> None:
    """#11 (sibling): a registrar can open the database, but not sign for the office."""
    env = cli_env(tmp_path, "admin-secret-1")
    rgm(env, "init", "--office", "BKO", "--name", "Bureau de Bamako", "--admin", "admin")
    rgm({**env, "RGM_NEW_PASSWORD": "rita-secret-1"}, "--user", "admin", "user", "add", "rita",
        "--role", "registrar")  # fmt: skip
    rita = {**env, "RGM_PASSWORD": "rita-secret-1"}
    pub = tmp_path / "BKO.pub"
    refused = rgm(rita, "--user", "rita", "office", "key", "--out", str(pub), code=1)
    assert "finance" in refused.stderr and not pub.exists()
    submit = rgm(rita, "--user", "rita", "return", "--month", "2025-01", "--submit", "--out",
                 str(tmp_path / "r.xlsx"), code=1)  # fmt: skip
    assert "finance" in submit.stderr and not (tmp_path / "r.xlsx").exists()
    draft = rgm(rita, "--user", "rita", "return", "--month", "2025-01", "--out",
                str(tmp_path / "d.xlsx"))  # fmt: skip
    assert "Not signed" in draft.stdout and (tmp_path / "d.xlsx").exists()
    rgm(env, "--user", "admin", "office", "key", "--out", str(pub))
    assert pub.exists()
