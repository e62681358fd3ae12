"""The Backups tab of Settings: the backups in the backup folder, "Back up now" and "Restore…".

Both buttons are for administrators (``backup.make``, ``backup.restore``); others see them
disabled with a tooltip saying who may. A restore goes through ``models.backup.restore``, which
checks the file fully first, closes the window's database and refuses while another window or
command has it open; a backup of another office is restored only after a confirmation, one made
under another passphrase only with that passphrase (it is then re-keyed). Once restored, the
window asks to sign in again (``database_restored``).
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from models import backup as bk
from models.jobs import Job
from models.permissions import allowed, who_may
from ui.common import Services, format_datetime, sentence, show_refusal
from ui.list_model import ListColumn, ListModel, table_view


def _size(n: int) -> str:
    from ui.common import locale

    if n >= 100_000:
        return QCoreApplication.translate("Backups", "{n} MB").format(
            n=locale().toString(n / 1_000_000, "f", 1)
        )
    return QCoreApplication.translate("Backups", "{n} kB").format(
        n=locale().toString(n / 1000, "f", 1)
    )


class BackupsTab(QWidget):
    """The backups of this computer's database; making one and restoring one."""

    database_restored = Signal(object)  # models.backup.RestoreInfo
    backup_made = Signal(object)  # models.backup.BackupInfo

    def __init__(self, services: Services, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._services = services
        data = services.data_folder
        self.folder: Path | None = (
            data / "backups" if data is not None and bk.backs_up(services.db) else None
        )
        self.model: ListModel[bk.BackupFile] = ListModel(
            [
                ListColumn(self.tr("Made"), lambda b: format_datetime(b.modified)),
                ListColumn(
                    self.tr("Kind"),
                    lambda b: self.tr("automatic") if b.automatic else self.tr("on demand"),
                ),
                ListColumn(self.tr("Size"), lambda b: _size(b.size), Qt.AlignmentFlag.AlignRight),
                ListColumn(self.tr("File"), lambda b: b.path.name),
            ],
            self,
        )
        self.table = table_view(self.model)
        self.note = QLabel()
        self.note.setWordWrap(True)
        self.back_up = QPushButton(self.tr("Back up now"))
        self.restore = QPushButton(self.tr("Restore a backup…"))
        layout = QVBoxLayout(self)
        layout.addWidget(self.table, 1)
        row = QHBoxLayout()
        row.addWidget(self.note, 1)
        row.addWidget(self.back_up)
        row.addWidget(self.restore)
        layout.addLayout(row)
        self.back_up.clicked.connect(self._on_back_up_clicked)
        self.restore.clicked.connect(self._on_restore_clicked)
        self.refresh()

    # -- showing ---------------------------------------------------------------------------------

    def refresh(self) -> None:
        if self.folder is None:
            self.note.setText(
                self.tr(
                    "This database is on a server: it is backed up with the server's own tools."
                )
            )
            self.model.set_rows([])
        else:
            self.note.setText(
                self.tr("Backups are kept in {folder}; seven daily automatic ones.").format(
                    folder=self.folder
                )
            )
            self.model.set_rows(bk.list_backups(self.folder) if self.folder.is_dir() else [])
            self.table.resizeColumnsToContents()
        self._permit(self.back_up, "backup.make")
        self._permit(self.restore, "backup.restore")

    def _permit(self, button: QPushButton, action: str) -> None:
        ok, why = allowed(self._services.actor, action)
        if not ok:
            why = sentence(why) + "\n" + sentence(who_may(action))
        button.setEnabled(ok and self.folder is not None)
        button.setToolTip(why)

    # -- backing up ------------------------------------------------------------------------------

    def _on_back_up_clicked(self) -> None:
        assert self.folder is not None
        db, actor, folder = self._services.db, self._services.actor, self.folder

        def work(job: Job) -> bk.BackupInfo:
            return bk.backup(db, actor, folder / bk.default_name(db), job=job)

        self._services.jobs.run(
            work,
            on_finished=self._on_backup_finished,
            on_failed=lambda exc: show_refusal(self, exc),
            label=self.tr("Backing up…"),
            parent=self,
        )

    def _on_backup_finished(self, info: bk.BackupInfo) -> None:
        self.refresh()
        self.backup_made.emit(info)

    # -- restoring -------------------------------------------------------------------------------

    def _on_restore_clicked(self) -> None:
        assert self.folder is not None
        path, _filter = QFileDialog.getOpenFileName(
            self,
            self.tr("Restore a backup"),
            str(self.folder),
            self.tr("Backups (*.db);;All files (*)"),
        )
        if not path:
            return
        answer = QMessageBox.question(
            self,
            self.tr("Restore a backup"),
            self.tr(
                "Replace the database with the backup {name}? The current database is kept "
                "aside. Every other window must be closed; you will sign in again afterwards."
            ).format(name=Path(path).name),
        )
        if answer == QMessageBox.StandardButton.Yes:
            self.restore_from(Path(path))

    def restore_from(
        self, path: Path, other_office: bool = False, backup_key: str | None = None
    ) -> None:
        """Restore ``path`` on the worker; asks what it must (another office, another key)."""
        db, actor = self._services.db, self._services.actor

        def work(job: Job) -> bk.RestoreInfo:
            return bk.restore(
                db, actor, path, other_office=other_office, backup_key=backup_key, job=job
            )

        self._services.jobs.run(
            work,
            on_finished=self.database_restored.emit,
            on_failed=lambda exc: self._on_restore_failed(exc, path, other_office, backup_key),
            label=self.tr("Checking and restoring the backup…"),
            parent=self,
            cancellable=False,
        )

    def _on_restore_failed(
        self, error: BaseException, path: Path, other_office: bool, backup_key: str | None
    ) -> None:
        if isinstance(error, bk.OtherOffice):
            answer = QMessageBox.question(
                self,
                self.tr("Another office's backup"),
                sentence(str(error)) + "\n\n" + self.tr("Restore it all the same?"),
                QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
                QMessageBox.StandardButton.No,
            )
            if answer == QMessageBox.StandardButton.Yes:
                self.restore_from(path, True, backup_key)
            return
        if isinstance(error, bk.OtherKey) and backup_key is None:
            passphrase, ok = QInputDialog.getText(
                self,
                self.tr("Backup made under another passphrase"),
                sentence(str(error)) + "\n\n" + self.tr("Passphrase of the backup:"),
                QLineEdit.EchoMode.Password,
            )
            if ok and passphrase:
                self.restore_from(path, other_office, passphrase)
            return
        show_refusal(self, error)
