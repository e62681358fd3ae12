"""Settings, Integrity tab: the office's signing key (its fingerprint, its public key exported
for headquarters) and the audit trail checked, alone or against submitted returns.

The checks are those of ``rgm audit verify [--against RETURN.xlsx ...]`` and ``rgm office key``:
``reports.audit_anchors.verify_trail`` and ``models.office_keys.office_key``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from models.errors import RgmError
from models.jobs import Job
from ui.common import Services, format_number, muted, right_aligned, sentence, show_refusal


class IntegrityView(QWidget):
    """The widgets of the tab (layout only)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.fingerprint = QLabel("…")
        self.fingerprint.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        font = self.fingerprint.font()
        font.setFamily("monospace")
        self.fingerprint.setFont(font)
        self.export_key = QPushButton(self.tr("Export the public key…"))
        self.key_note = muted(
            self.tr(
                "Monthly returns are signed with this key. Send the public key to headquarters "
                "once; they compare its fingerprint with the one shown here."
            )
        )
        self.key_result = muted("")
        key_box = QGroupBox(self.tr("Office signing key"))
        key_form = QFormLayout(key_box)
        key_form.addRow(self.tr("Fingerprint"), self.fingerprint)
        key_form.addRow(self.key_note)
        key_form.addRow(right_aligned(self.export_key))
        key_form.addRow(self.key_result)

        self.check_trail = QPushButton(self.tr("Check the audit trail"))
        self.check_against = QPushButton(self.tr("Check against returns…"))
        self.trail_note = muted(
            self.tr(
                "Every change is recorded in a chained audit trail. Checking against a return "
                "submitted to headquarters (their copy) shows whether the history was rewritten "
                "since."
            )
        )
        self.trail_result = QLabel("")
        self.trail_result.setWordWrap(True)
        self.trail_result.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        trail_box = QGroupBox(self.tr("Audit trail"))
        trail_layout = QVBoxLayout(trail_box)
        trail_layout.addWidget(self.trail_note)
        trail_layout.addWidget(right_aligned(self.check_trail, self.check_against))
        trail_layout.addWidget(self.trail_result)

        layout = QVBoxLayout(self)
        layout.addWidget(key_box)
        layout.addWidget(trail_box)
        layout.addStretch(1)


class IntegrityTab(IntegrityView):
    """Shows the key and runs the checks on the worker thread."""

    trail_checked = Signal(bool)  # intact?
    key_exported = Signal(str)

    def __init__(self, services: Services, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._services = services
        self._fingerprint = ""
        self.export_key.clicked.connect(self._on_export_key_clicked)
        self.check_trail.clicked.connect(self._on_check_trail_clicked)
        self.check_against.clicked.connect(self._on_check_against_clicked)

    def refresh(self) -> None:
        from models.office_keys import office_key, office_public, short_fingerprint
        from models.permissions import allowed, who_may

        may, _why = allowed(self._services.actor, "office.sign")
        try:
            # who may sign makes the key if needed; anyone else only sees it
            key = (
                office_key(self._services.db, self._services.actor)
                if may
                else office_public(self._services.db)
            )
        except RgmError as exc:  # a key this computer's keyring lacks
            self.fingerprint.setText(sentence(str(exc)))
            self.export_key.setEnabled(False)
            return
        self._fingerprint = key.fingerprint if key else ""
        self.fingerprint.setText(short_fingerprint(key.fingerprint) if key else "—")
        self.export_key.setEnabled(may)
        self.export_key.setToolTip("" if may else who_may("office.sign"))

    # -- asking --------------------------------------------------------------------------------

    def ask_save_path(self, name: str) -> Path | None:
        path, _filter = QFileDialog.getSaveFileName(
            self,
            self.tr("Export the office's public key"),
            str(Path.home() / name),
            self.tr("Office public keys (*.pub)"),
        )
        return Path(path) if path else None

    def ask_return_paths(self) -> list[Path]:
        paths, _filter = QFileDialog.getOpenFileNames(
            self,
            self.tr("Returns submitted to headquarters"),
            str(Path.home()),
            self.tr("Excel workbooks (*.xlsx)"),
        )
        return [Path(p) for p in paths]

    # -- actions -------------------------------------------------------------------------------

    def _on_export_key_clicked(self) -> None:
        from models.office_keys import office_key
        from reports.trusted_keys import write_public_key

        office = self._services.office
        out = self.ask_save_path(f"{office.code}.pub")
        if out is None:
            return
        if out.suffix.lower() != ".pub":
            out = out.with_name(out.name + ".pub")
        try:
            key = office_key(self._services.db, self._services.actor)
            write_public_key(out, office.code, office.name, key.public_bytes)
        except (RgmError, OSError) as exc:
            show_refusal(self, exc)
            return
        self.key_result.setText(
            self.tr("Public key written to {path}: send it to headquarters.").format(path=str(out))
        )
        self.key_exported.emit(str(out))

    def _on_check_trail_clicked(self) -> None:
        self._check([])

    def _on_check_against_clicked(self) -> None:
        paths = self.ask_return_paths()
        if paths:
            self._check(paths)

    def _check(self, paths: list[Path]) -> None:
        db = self._services.db

        def work(job: Job) -> Any:
            from reports.audit_anchors import verify_trail

            return verify_trail(db, paths, job)

        def done(result: Any) -> None:
            if result.problem is None:
                text = self.tr("Audit trail intact: {n} events, {anchors} anchors of returns held.")
                text = text.format(n=format_number(result.events), anchors=result.anchors)
                if result.unsealed_head:
                    text += " " + self.tr(
                        "Its head, written by a previous version, is not sealed yet: it will be "
                        "at the next change."
                    )
                self.trail_result.setText(text)
                self.trail_result.setStyleSheet("")
            else:
                self.trail_result.setText(sentence(result.problem.text()))
                self.trail_result.setStyleSheet("color: #a4000f;")
            self.trail_checked.emit(result.problem is None)

        self._services.jobs.run(
            work,
            on_finished=done,
            on_failed=lambda exc: show_refusal(self, exc),
            label=self.tr("Checking the audit trail…"),
            parent=self.window(),
            cancellable=True,  # it only reads: a cancel stops the check, nothing else
        )
