"""The case file's actions: which buttons the lifecycle allows, and what each one runs.

Every action calls an operation of models/; a button the user may not use is disabled and its
tooltip says why and who may (``models.lifecycle.options_for``)."""

from __future__ import annotations

import tempfile
from collections.abc import Callable
from pathlib import Path

from PySide6.QtWidgets import QDialog, QInputDialog, QMessageBox, QPushButton

from models.case_file import CaseFile, load_case_file
from models.errors import RgmError, StaleEdit
from models.lifecycle import names_kept_case, options_for, refusal
from models.vocabulary import CLOSE_REASONS, label
from ui.common import Services, sentence, show_refusal
from ui.failures import advice_text


class CaseFileActions:
    """The buttons of ``CaseFileView`` and their operations, for ``self.file``."""

    file: CaseFile
    case_id: int
    _services: Services
    _lang: str

    def _buttons(self) -> dict[str, QPushButton]:
        """The button of each lifecycle action (``models.lifecycle.ACTIONS``)."""
        return {
            "identity.edit": self.save_identity,
            "case.screen": self.decide,
            "grant.plan": self.plan_grant,
            "grant.approve": self.approve_grant,
            "agreement.issue": self.issue_agreement,
            "agreement.copy": self.preview_agreement,
            "case.sign": self.mark_signed,
            "payment.record": self.record_payment,
            "payment.adjust": self.adjust_payment,
            "visit.record": self.record_visit,
            "case.hold": self.place_hold,
            "case.release": self.release_hold,
            "case.close": self.close_case,
        }

    def _apply_permissions(self) -> None:
        """Each button as the lifecycle says: enabled, or disabled saying why and who may."""
        lang = self._lang
        buttons = self._buttons()
        for option in options_for(self._services.actor, self.file.facts):
            button = buttons[option.action]
            button.setEnabled(option.allowed)
            why = option.reason
            button.setToolTip(
                ""
                if why is None
                else " ".join(filter(None, (sentence(why.text(lang)), advice_text(why.advice))))
                + "\n"
                + sentence(option.who_may(lang))
            )
        if self.save_identity.isEnabled():
            self.identity_note.setText(
                self.tr("Fields are checked as you type, with the import's rules.")
            )
        else:
            self.identity.set_read_only(True)
            self.identity_note.setText(self.save_identity.toolTip())
        self.grant_note.setText("")
        if self.file.draft_grant is not None and not self.approve_grant.isEnabled():
            self.grant_note.setText(
                self.tr("Waiting for approval.") + " " + self.approve_grant.toolTip()
            )
        self.verify_agreement.setEnabled(True)
        self.verify_agreement.setToolTip("")

    # -- actions ---------------------------------------------------------------------------------

    def _reload(self) -> None:
        self.file = load_case_file(self._services.db, self.case_id)
        self._show()
        self.case_saved.emit(self.case_id)

    def _run(self, operation: Callable[[], object]) -> bool:
        try:
            operation()
        except StaleEdit as exc:
            QMessageBox.warning(self, self.tr("Changed meanwhile"), sentence(str(exc)))
            return False
        except RgmError as exc:
            show_refusal(self, exc)
            return False
        return True

    def _on_identity_checked(self, result: object) -> None:
        ok = getattr(result, "ok", False)
        if refusal(self._services.actor, self.file.facts, "identity.edit") is None:
            self.save_identity.setEnabled(ok)

    def _on_save_identity_clicked(self) -> None:
        from models.identity import update_identity

        result = self.identity.check()
        if not result.ok:
            return
        f = self.file
        if self._run(
            lambda: update_identity(
                self._services.db,
                self._services.actor,
                f.identity.returnee_id,
                f.identity.version,
                result.values,
            )
        ):
            self._reload()
            self.identity_note.setText(self.tr("Saved."))

    def _on_decide_clicked(self) -> None:
        from models.screening import decide

        answers = {code: c.currentData() for code, c in self.answers.items() if c.currentData()}
        decision = self.decision.currentData()
        if decision is None:
            show_refusal(self, RgmError(self.tr("Choose a decision.")))
            return
        f = self.file
        if self._run(
            lambda: decide(
                self._services.db,
                self._services.actor,
                f.number,
                decision,
                self.reason.text(),
                answers,
                expected_version=f.version,
            )
        ):
            self._reload()

    def _ask_text(self, title: str, prompt: str) -> str | None:
        text, ok = QInputDialog.getText(self, title, prompt)
        return text.strip() if ok else None

    def _on_place_hold_clicked(self) -> None:
        from models.holds import place_hold

        reason = self._ask_text(self.tr("Put on hold"), self.tr("Why is the case held?"))
        if reason is not None and self._run(
            lambda: place_hold(self._services.db, self._services.actor, self.file.number, reason)
        ):
            self._reload()

    def _on_release_hold_clicked(self) -> None:
        from models.holds import release_hold

        note = self._ask_text(self.tr("Release the hold"), self.tr("Why is the hold released?"))
        if note is not None and self._run(
            lambda: release_hold(self._services.db, self._services.actor, self.file.number, note)
        ):
            self._reload()

    def _on_close_case_clicked(self) -> None:
        from models.cases import close_case

        reasons = [label(r, self._lang) for r in CLOSE_REASONS]
        choice, ok = QInputDialog.getItem(
            self, self.tr("Close the case"), self.tr("Reason"), reasons, 0, False
        )
        if not ok:
            return
        code = CLOSE_REASONS[reasons.index(choice)]
        other = None
        if names_kept_case(code):
            other = self._ask_text(
                self.tr("Close the case"), self.tr("Number of the case it duplicates")
            )
            if not other:
                return
        if self._run(
            lambda: close_case(
                self._services.db, self._services.actor, self.file.number, code, "", other
            )
        ):
            self._reload()

    # -- grant, payments, visits, agreements ------------------------------------------------------

    def _open_child(self, dialog: QDialog) -> None:
        self.child = dialog
        dialog.open()

    def _on_plan_grant_clicked(self) -> None:
        from models.case_file import plan_choices
        from ui.grant_dialog import PlanGrantDialog

        choices = plan_choices(self._services.db, self.case_id)
        dialog = PlanGrantDialog(self._services, self.file, choices, self)
        dialog.grant_planned.connect(lambda _n: self._reload())
        self._open_child(dialog)

    def _on_approve_grant_clicked(self) -> None:
        from models.grants import approve_grant

        if self._run(
            lambda: approve_grant(self._services.db, self._services.actor, self.file.number)
        ):
            self._reload()

    def _on_record_payment_clicked(self) -> None:
        from models.payments import payable_suppliers
        from ui.follow_up import PaymentDialog

        suppliers = payable_suppliers(self._services.db, self.file.number)
        dialog = PaymentDialog(self._services, self.file, suppliers, self)
        dialog.payment_recorded.connect(lambda _n: self._reload())
        self._open_child(dialog)

    def _on_adjust_payment_clicked(self) -> None:
        from ui.follow_up import AdjustmentDialog

        dialog = AdjustmentDialog(self._services, self.file, self)
        dialog.payment_adjusted.connect(lambda _n: self._reload())
        self._open_child(dialog)

    def _on_record_visit_clicked(self) -> None:
        from ui.follow_up import VisitDialog

        dialog = VisitDialog(self._services, self.file, self)
        dialog.visit_recorded.connect(lambda _n: self._reload())
        self._open_child(dialog)

    def _print(self) -> None:
        """Issue the agreement (a counted copy when printed before) and preview it."""
        from reports.agreement_pdf import render_batch
        from reports.agreements import Issued, issue
        from ui.agreement_dialogs import AgreementPreviewDialog

        services = self._services
        if services.signing_key is None:
            return
        issued: list[Issued] = []
        if not self._run(
            lambda: issued.append(
                issue(services.db, services.actor, self.file.number, services.signing_key())  # type: ignore[misc]
            )
        ):
            return
        done = issued[0]
        if self._pdf_folder is None:
            self._pdf_folder = tempfile.TemporaryDirectory(prefix="rgm-agreement-")
        pdf = Path(self._pdf_folder.name) / f"{done.number}-{done.copy_number}.pdf"
        if not self._run(
            lambda: render_batch([done.document], pdf, templates=services.agreement_templates)
        ):
            return
        self._reload()
        title = self.tr("Agreement {number}").format(number=done.number)
        note = self.tr("Verification code {code}.").format(code=done.code)
        if done.copy_number:
            note += " " + self.tr("Copy {n}: marked as a copy.").format(n=done.copy_number)
        self._open_child(AgreementPreviewDialog(pdf, title, note, self))

    def _on_issue_agreement_clicked(self) -> None:
        self._print()

    def _on_preview_agreement_clicked(self) -> None:
        self._print()

    def _on_mark_signed_clicked(self) -> None:
        from models.cases import mark_signed

        answer = QMessageBox.question(
            self,
            self.tr("Mark as signed"),
            self.tr("Did the returnee sign (or thumbprint) agreement {number}?").format(
                number=self.file.printed_agreement.number if self.file.printed_agreement else ""
            ),
        )
        if answer != QMessageBox.StandardButton.Yes:
            return
        if self._run(
            lambda: mark_signed(self._services.db, self._services.actor, self.file.number)
        ):
            self._reload()

    def _on_verify_agreement_clicked(self) -> None:
        from ui.agreement_dialogs import VerifyDialog

        dialog = VerifyDialog(self._services, self)
        if self.file.printed_agreement is not None:
            dialog.code.setText(self.file.printed_agreement.code)
        self._open_child(dialog)

    def done(self, result: int) -> None:
        if self._pdf_folder is not None:
            self._pdf_folder.cleanup()
            self._pdf_folder = None
        super().done(result)
