"""About: the program's version, the database's schema revision and where the data lives."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QFormLayout, QLabel, QVBoxLayout, QWidget

from models.version import __version__
from ui.common import Services, heading


class AboutView(QDialog):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("About Reintegration Grant Manager"))
        self.title = heading(self.tr("Reintegration Grant Manager"))
        self.version = QLabel()
        self.schema = QLabel()
        self.database = QLabel()
        self.data_folder = QLabel()
        for label in (self.version, self.schema, self.database, self.data_folder):
            label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            label.setWordWrap(True)
        form = QFormLayout()
        form.addRow(self.tr("Version"), self.version)
        form.addRow(self.tr("Database schema"), self.schema)
        form.addRow(self.tr("Database"), self.database)
        form.addRow(self.tr("Data folder"), self.data_folder)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addLayout(form)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(520)


class AboutDialog(AboutView):
    """Says what an office's IT asks first: which version, which schema, which files."""

    def __init__(self, services: Services, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.version.setText(__version__)
        self.schema.setText(services.db.revision() or self.tr("none"))
        self.database.setText(services.db.label)
        folder = services.data_folder
        self.data_folder.setText(str(folder) if folder is not None else self.tr("none"))
        self.buttons.rejected.connect(self.reject)
