"""Settings, Integrity: the office key's fingerprint and its export; the audit trail checked,
alone and against a submitted return, as rgm audit verify does."""

from __future__ import annotations

from PySide6.QtWidgets import QMessageBox
from sqlalchemy import delete, func, select

from models import office_keys
from models.entities import AuditEvent, Disbursement
from reports.return_build import make_return
from reports.trusted_keys import read_public_key


def integrity(window):  # type: ignore[no-untyped-def]
    window.show_page("settings")
    tab = window.settings.integrity
    window.settings.tabs.setCurrentWidget(tab)
    return tab


def test_the_fingerprint_is_shown_and_the_public_key_exported(
    window, qtbot, demo, tmp_path
) -> None:  # type: ignore[no-untyped-def]
    db, _admin = demo
    tab = integrity(window)
    key = office_keys.office_key(db)
    assert tab.fingerprint.text() == office_keys.short_fingerprint(key.fingerprint)
    tab.ask_save_path = lambda name: tmp_path / "BKO"  # type: ignore[method-assign]
    with qtbot.waitSignal(tab.key_exported, timeout=10_000):
        tab.export_key.click()
    exported = read_public_key(tmp_path / "BKO.pub")
    assert exported.office_code == "BKO" and exported.fingerprint == key.fingerprint
    assert "BKO.pub" in tab.key_result.text()


def test_the_trail_is_checked_alone_and_against_a_return(window, qtbot, demo, tmp_path) -> None:  # type: ignore[no-untyped-def]
    db, admin = demo
    with db.reading() as s:
        last = s.scalar(select(func.max(Disbursement.paid_on)))
    month = f"{last.year:04d}-{last.month:02d}"
    made = make_return(db, admin, month, tmp_path / "r.xlsx")
    tab = integrity(window)
    with qtbot.waitSignal(tab.trail_checked, timeout=30_000) as signal:
        tab.check_trail.click()
    assert signal.args == [True] and "intact" in tab.trail_result.text()
    tab.ask_return_paths = lambda: [made.path]  # type: ignore[method-assign]
    with qtbot.waitSignal(tab.trail_checked, timeout=30_000) as signal:
        tab.check_against.click()
    assert signal.args == [True] and "1 anchors" in tab.trail_result.text()
    # the newest events removed (and the head moved back): only the return's anchor shows it
    with db.transaction() as s:
        from models.entities import Setting

        ids = s.scalars(select(AuditEvent.id).order_by(AuditEvent.id)).all()
        keep = made.anchor.length - 1
        s.execute(delete(AuditEvent).where(AuditEvent.id > ids[keep - 1]))
        kept = s.get(AuditEvent, ids[keep - 1])
        s.get(Setting, "audit_head").value = f"{keep}:{kept.id}:{kept.hash}"
    with qtbot.waitSignal(tab.trail_checked, timeout=30_000) as signal:
        tab.check_trail.click()
    assert signal.args == [False] and "seal" in tab.trail_result.text()  # the head is sealed
    # whoever holds the audit key too can seal the head they moved back: the anchor shows it
    with db.transaction() as s:
        from models import audit, office_keys

        mac = audit.Mac(office_keys.key_in(s, office_keys.AUDIT))
        seal = audit._head_seal(mac, keep, kept.id, kept.hash)
        s.get(Setting, "audit_head").value = f"{keep}:{kept.id}:{kept.hash}:{seal}"
    with qtbot.waitSignal(tab.trail_checked, timeout=30_000) as signal:
        tab.check_trail.click()
    assert signal.args == [True]
    with qtbot.waitSignal(tab.trail_checked, timeout=30_000) as signal:
        tab.check_against.click()
    assert signal.args == [False] and "fewer than" in tab.trail_result.text()


def test_a_file_that_is_not_a_return_is_refused_in_one_message(
    window, qtbot, tmp_path, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    tab = integrity(window)
    junk = tmp_path / "junk.xlsx"
    junk.write_text("no")
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *a: shown.append(a[2]))
    tab.ask_return_paths = lambda: [junk]  # type: ignore[method-assign]
    tab.check_against.click()
    qtbot.waitUntil(lambda: bool(shown), timeout=10_000)
    assert "junk.xlsx" in shown[0].lower() and "not an excel workbook" in shown[0].lower()


def test_integrity_tab_in_french(window, qtbot, demo, qapp, tmp_path) -> None:  # type: ignore[no-untyped-def]
    from desktop.gui import build_main_window, install_translators
    from desktop.settings import Settings

    db, admin = demo
    install_translators(qapp, "fr")
    try:
        win = build_main_window(db, admin, "fr", Settings(tmp_path / "x.ini"))
        qtbot.addWidget(win)
        tab = integrity(win)
        assert tab.check_trail.text() == "Vérifier la piste d'audit"
        assert tab.export_key.text() == "Exporter la clé publique…"
        win.jobs.wait(5000)
    finally:
        install_translators(qapp, "en")


def test_a_registrar_sees_the_fingerprint_but_cannot_export_the_key(
    qtbot, demo, settings, english
) -> None:  # type: ignore[no-untyped-def]
    from desktop.gui import build_main_window
    from models.users import create_user

    db, admin = demo
    key = office_keys.office_key(db, admin)
    rita = create_user(db, admin, "rita.k", "rita-password", ["registrar"])
    win = build_main_window(db, rita, "en", settings)
    qtbot.addWidget(win)
    tab = integrity(win)
    tab.refresh()  # (the page refreshes once the cases are loaded)
    assert tab.fingerprint.text() == office_keys.short_fingerprint(key.fingerprint)
    assert not tab.export_key.isEnabled() and "finance" in tab.export_key.toolTip().lower()


def test_a_previous_versions_unsealed_head_is_said(window, qtbot, demo) -> None:  # type: ignore[no-untyped-def]
    from support.audit_legacy import as_the_previous_version

    db, _admin = demo
    tab = integrity(window)  # (showing it may make the office key: an event, a sealed head)
    with db.transaction() as s:  # as the previous version left it
        as_the_previous_version(s)
    with qtbot.waitSignal(tab.trail_checked, timeout=30_000) as signal:
        tab.check_trail.click()
    assert signal.args == [True] and "not sealed yet" in tab.trail_result.text()
