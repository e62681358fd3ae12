"""The case file: identity, screening, grant and payments, visits, agreements, holds, history."""

from __future__ import annotations

import tempfile

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QDialog, QWidget

from models.case_file import CaseFile, load_case_file
from ui.case_file.actions import CaseFileActions
from ui.case_file.sections import CaseFileSections
from ui.case_file.view import CaseFileView
from ui.common import Services


class CaseFileDialog(CaseFileActions, CaseFileSections, CaseFileView):
    """Shows one case and runs the actions the user may take on it."""

    case_saved = Signal(int)

    def __init__(self, services: Services, case_id: int, parent: QWidget | None = None) -> None:
        super().__init__(services.language, parent)
        self._services = services
        self._lang = services.language
        self.case_id = case_id
        self.file: CaseFile = load_case_file(services.db, case_id)
        self.buttons.rejected.connect(self.reject)
        self.save_identity.clicked.connect(self._on_save_identity_clicked)
        self.decide.clicked.connect(self._on_decide_clicked)
        self.place_hold.clicked.connect(self._on_place_hold_clicked)
        self.release_hold.clicked.connect(self._on_release_hold_clicked)
        self.close_case.clicked.connect(self._on_close_case_clicked)
        self.plan_grant.clicked.connect(self._on_plan_grant_clicked)
        self.approve_grant.clicked.connect(self._on_approve_grant_clicked)
        self.record_payment.clicked.connect(self._on_record_payment_clicked)
        self.record_visit.clicked.connect(self._on_record_visit_clicked)
        self.adjust_payment.clicked.connect(self._on_adjust_payment_clicked)
        self.issue_agreement.clicked.connect(self._on_issue_agreement_clicked)
        self.preview_agreement.clicked.connect(self._on_preview_agreement_clicked)
        self.mark_signed.clicked.connect(self._on_mark_signed_clicked)
        self.verify_agreement.clicked.connect(self._on_verify_agreement_clicked)
        self.child: QDialog | None = None
        self._pdf_folder: tempfile.TemporaryDirectory[str] | None = None
        self.identity.checked.connect(self._on_identity_checked)
        self._show()
