"""The case file: identity, screening, grant and payments, visits, agreements, holds, history.

Every action calls an operation of models/; a button the user may not use is disabled and its
tooltip says who may. Actions the window does not offer yet say so.
"""

from __future__ import annotations

import tempfile
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from models.case_file import (
    AgreementRow,
    CaseFile,
    HistoryRow,
    HoldRow,
    ScreeningRow,
    VisitRow,
    load_case_file,
)
from models.errors import RgmError, StaleEdit
from models.grants import InstalmentView, ItemView
from models.i18n import translate
from models.lifecycle import options_for, refusal
from models.reference import country_name
from models.screening import CHECKLIST
from models.vocabulary import CLOSE_REASONS, DECISIONS, STATES, label
from ui.common import (
    Services,
    format_date,
    format_datetime,
    format_money,
    heading,
    muted,
    right_aligned,
    sentence,
    show_refusal,
)
from ui.identity_form import IdentityForm
from ui.list_model import ListColumn, ListModel, table_view


class CaseFileView(QDialog):
    def __init__(self, language: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.title = heading("")
        self.subtitle = QLabel()
        # What money waits for (a grant change to approve, an agreement to print or sign).
        self.next_step = QLabel()
        self.next_step.setWordWrap(True)
        self.next_step.setStyleSheet(
            "background: #e8f0fe; color: #1a3d7c; padding: 3px 8px; border-radius: 3px;"
        )
        self.hold_badge = QLabel()
        self.hold_badge.setStyleSheet(
            "background: #fff3cd; color: #5c4400; padding: 3px 8px; border-radius: 3px;"
        )
        self.tabs = QTabWidget()
        # identity
        self.identity = IdentityForm(language)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setWidget(self.identity)
        self.save_identity = QPushButton(self.tr("Save the identity"))
        self.identity_note = muted("")
        identity_tab = QWidget()
        il = QVBoxLayout(identity_tab)
        il.addWidget(scroll, 1)
        row = QHBoxLayout()
        row.addWidget(self.identity_note, 1)
        row.addWidget(self.save_identity)
        il.addLayout(row)
        self.tabs.addTab(identity_tab, self.tr("Identity"))
        # screening
        self.answers: dict[str, QComboBox] = {}
        checklist = QGroupBox(self.tr("Eligibility checklist"))
        cf = QFormLayout(checklist)
        for item in CHECKLIST:
            combo = QComboBox()
            combo.addItem("", None)
            for answer in item.answers:
                combo.addItem(_answer_label(answer, language), answer)
            text = translate(item.text, language) + (
                "" if item.mandatory else " " + self.tr("(optional)")
            )
            cf.addRow(text, combo)
            self.answers[item.code] = combo
        self.decision = QComboBox()
        self.decision.addItem("", None)
        for code in DECISIONS:
            self.decision.addItem(label(code, language), code)
        self.reason = QLineEdit()
        cf.addRow(self.tr("Decision"), self.decision)
        cf.addRow(self.tr("Reason"), self.reason)
        self.decide = QPushButton(self.tr("Record the decision"))
        self.screenings = QWidget()
        screening_tab = QWidget()
        sl = QVBoxLayout(screening_tab)
        sl.addWidget(checklist)
        sl.addWidget(self.decide, 0, Qt.AlignmentFlag.AlignRight)
        self.screening_table_holder = QVBoxLayout()
        sl.addLayout(self.screening_table_holder, 1)
        self.tabs.addTab(screening_tab, self.tr("Screening"))
        # grant
        self.grant_summary = QLabel()
        self.grant_summary.setWordWrap(True)
        self.grant_note = muted("")
        self.plan_grant = QPushButton(self.tr("Plan the grant…"))
        self.approve_grant = QPushButton(self.tr("Approve the grant"))
        self.record_payment = QPushButton(self.tr("Record a payment…"))
        self.adjust_payment = QPushButton(self.tr("Correct a payment…"))
        grant_tab = QWidget()
        self.grant_layout = QVBoxLayout(grant_tab)
        self.grant_layout.addWidget(self.grant_summary)
        self.tabs.addTab(grant_tab, self.tr("Grant and payments"))
        # visits
        self.record_visit = QPushButton(self.tr("Record a visit…"))
        visits_tab = QWidget()
        self.visits_layout = QVBoxLayout(visits_tab)
        self.tabs.addTab(visits_tab, self.tr("Visits"))
        # agreement
        self.issue_agreement = QPushButton(self.tr("Issue the agreement"))
        self.preview_agreement = QPushButton(self.tr("Preview and print…"))
        self.verify_agreement = QPushButton(self.tr("Verify a code…"))
        self.mark_signed = QPushButton(self.tr("Mark as signed"))
        agreements_tab = QWidget()
        self.agreements_layout = QVBoxLayout(agreements_tab)
        self.tabs.addTab(agreements_tab, self.tr("Agreement"))
        # holds and closing
        self.place_hold = QPushButton(self.tr("Put on hold…"))
        self.release_hold = QPushButton(self.tr("Release the hold…"))
        self.close_case = QPushButton(self.tr("Close the case…"))
        holds_tab = QWidget()
        self.holds_layout = QVBoxLayout(holds_tab)
        self.tabs.addTab(holds_tab, self.tr("Holds"))
        # history
        history_tab = QWidget()
        self.history_layout = QVBoxLayout(history_tab)
        self.tabs.addTab(history_tab, self.tr("History"))

        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        header = QHBoxLayout()
        header.addWidget(self.title)
        header.addWidget(self.hold_badge)
        header.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addLayout(header)
        layout.addWidget(self.subtitle)
        layout.addWidget(self.next_step)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(self.buttons)
        self.resize(980, 760)


def _answer_label(answer: str, language: str) -> str:
    from models.i18n import N_

    texts = {
        "yes": N_("yes"),
        "no": N_("no"),
        "document": N_("by an identity document"),
        "consular_interview": N_("by a consular interview"),
        "not_verified": N_("not verified"),
    }
    return translate(texts.get(answer, answer), language)


class CaseFileDialog(CaseFileView):
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

    # -- showing ---------------------------------------------------------------------------------

    def _show(self) -> None:
        f, lang = self.file, self._lang
        v = f.identity.values
        self.setWindowTitle(self.tr("Case {number}").format(number=f.number))
        self.title.setText(f"{f.number} — {v['family_name']} {v['given_names']}")
        state = label(f.state, lang)
        if f.closed_reason:
            state = f"{state} ({label(f.closed_reason, lang)})"
        parts = [
            self.tr("State: {state}").format(state=state),
            self.tr("Origin: {country}").format(country=country_name(v["country_of_origin"], lang)),
            self.tr("Registered {when} by {who}").format(
                when=format_datetime(f.registered_at), who=f.registered_by_name or "—"
            ),
        ]
        if f.duplicate_flags:
            parts.append(self.tr("{n} possible duplicate(s) to decide").format(n=f.duplicate_flags))
        self.subtitle.setText(" · ".join(parts))
        self.hold_badge.setText(self.tr("On hold"))
        self.hold_badge.setVisible(f.on_hold)
        step = f.next_step
        self.next_step.setText(
            self.tr("Next: {step}").format(step=sentence(step.text(lang))) if step else ""
        )
        self.next_step.setVisible(step is not None)
        self.identity.set_values(dict(v))
        self._fill_screening()
        self._fill_grant()
        self._fill_visits()
        self._fill_agreements()
        self._fill_holds()
        self._fill_history()
        self._apply_permissions()

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
                else sentence(why.text(lang)) + "\n" + sentence(option.who_may(lang))
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

    def _replace(self, layout: QVBoxLayout, *widgets: QWidget) -> None:
        while layout.count():
            item = layout.takeAt(0)
            if item is not None and item.widget() is not None:
                item.widget().setParent(None)
        for w in widgets:
            layout.addWidget(w)

    def _fill_screening(self) -> None:
        lang = self._lang
        model: ListModel[ScreeningRow] = ListModel(
            [
                ListColumn(self.tr("Decided"), lambda r: format_datetime(r.decided_at)),
                ListColumn(self.tr("By"), lambda r: r.reviewer),
                ListColumn(self.tr("Decision"), lambda r: label(r.decision, lang)),
                ListColumn(self.tr("Reason"), lambda r: r.reason),
            ],
            self,
        )
        model.set_rows(self.file.screenings)
        self.screening_model = model
        while self.screening_table_holder.count():
            item = self.screening_table_holder.takeAt(0)
            if item is not None and item.widget() is not None:
                item.widget().setParent(None)
        self.screening_table_holder.addWidget(QLabel(self.tr("Decisions taken")))
        self.screening_table_holder.addWidget(table_view(model))
        if self.file.screenings:
            last = self.file.screenings[-1]
            for code, combo in self.answers.items():
                combo.setCurrentIndex(max(combo.findData(last.answers.get(code)), 0))

    def _fill_grant(self) -> None:
        grant = self.file.current_grant
        lang = self._lang
        buttons = right_aligned(
            self.plan_grant, self.approve_grant, self.record_payment, self.adjust_payment
        )
        while self.grant_layout.count() > 1:
            item = self.grant_layout.takeAt(1)
            if item is not None and item.widget() not in (None, self.grant_note):
                item.widget().setParent(None)
        if grant is None:
            self.grant_summary.setText(self.tr("No grant planned yet."))
        else:
            text = self.tr(
                "Version {version}, {state}: total {total} (ceiling {ceiling}), paid {paid}"
            ).format(
                version=grant.version,
                state=label(grant.state, lang),
                total=format_money(grant.total, grant.currency),
                ceiling=format_money(grant.ceiling, grant.currency),
                paid=format_money(grant.paid, grant.currency),
            )
            if grant.approved_by_name:
                text += " · " + self.tr("approved by {who} on {when}").format(
                    who=grant.approved_by_name, when=format_datetime(grant.approved_at)
                )
            self.grant_summary.setText(text)
            cur = grant.currency
            items: ListModel[ItemView] = ListModel(
                [
                    ListColumn(
                        self.tr("Package"), lambda i: i.name_fr if lang == "fr" else i.name_en
                    ),
                    ListColumn(self.tr("Description"), lambda i: i.description),
                    ListColumn(self.tr("Supplier"), lambda i: i.supplier or ""),
                    ListColumn(
                        self.tr("Amount"),
                        lambda i: format_money(i.amount, cur),
                        Qt.AlignmentFlag.AlignRight,
                    ),
                ],
                self,
            )
            items.set_rows(grant.items)
            instalments: ListModel[InstalmentView] = ListModel(
                [
                    ListColumn(self.tr("No."), lambda i: str(i.number)),
                    ListColumn(self.tr("Condition"), lambda i: label(i.condition, lang)),
                    ListColumn(
                        self.tr("Planned"),
                        lambda i: format_money(i.amount, cur),
                        Qt.AlignmentFlag.AlignRight,
                    ),
                    ListColumn(
                        self.tr("Paid"),
                        lambda i: format_money(i.paid, cur),
                        Qt.AlignmentFlag.AlignRight,
                    ),
                    ListColumn(
                        self.tr("Payments"),
                        lambda i: "; ".join(
                            f"{format_date(p.paid_on)} {label(p.method, lang)} {p.receipt_ref}"
                            for p in i.payments
                        ),
                    ),
                ],
                self,
            )
            instalments.set_rows(grant.instalments)
            self.items_model, self.instalments_model = items, instalments
            self.grant_layout.addWidget(QLabel(self.tr("Items")))
            self.grant_layout.addWidget(table_view(items))
            self.grant_layout.addWidget(QLabel(self.tr("Instalments and payments")))
            self.grant_layout.addWidget(table_view(instalments))
        self.grant_layout.addStretch(1)
        self.grant_layout.addWidget(self.grant_note)
        self.grant_layout.addWidget(buttons)

    def _fill_visits(self) -> None:
        yes, no = self.tr("yes"), self.tr("no")
        model: ListModel[VisitRow] = ListModel(
            [
                ListColumn(self.tr("Date"), lambda v: format_date(v.visited_on)),
                ListColumn(self.tr("Visitor"), lambda v: v.visitor),
                ListColumn(
                    self.tr("Business operating"),
                    lambda v: (
                        ""
                        if v.business_operating is None
                        else (yes if v.business_operating else no)
                    ),
                ),
                ListColumn(self.tr("Condition met"), lambda v: yes if v.condition_met else no),
                ListColumn(self.tr("Final"), lambda v: yes if v.final else ""),
                ListColumn(self.tr("Notes"), lambda v: v.notes),
            ],
            self,
        )
        model.set_rows(self.file.visits)
        self.visits_model = model
        caption = QLabel(self.tr("No monitoring visit yet.") if not self.file.visits else "")
        self._replace(
            self.visits_layout, caption, table_view(model), right_aligned(self.record_visit)
        )

    def _fill_agreements(self) -> None:
        lang = self._lang
        statuses = {
            "issued": self.tr("issued"),
            "signed": self.tr("signed"),
            "void": self.tr("void"),
        }
        model: ListModel[AgreementRow] = ListModel(
            [
                ListColumn(self.tr("Number"), lambda a: a.number),
                ListColumn(self.tr("Status"), lambda a: statuses.get(a.status, a.status)),
                ListColumn(self.tr("Language"), lambda a: a.language.upper()),
                ListColumn(self.tr("Verification code"), lambda a: a.code),
                ListColumn(self.tr("Issued"), lambda a: format_datetime(a.issued_at)),
                ListColumn(self.tr("By"), lambda a: a.issued_by),
                ListColumn(self.tr("Prints"), lambda a: str(a.print_count)),
            ],
            self,
        )
        model.set_rows(self.file.agreements)
        self.agreements_model = model
        caption = QLabel(self.tr("No agreement issued yet.") if not self.file.agreements else "")
        del lang
        self._replace(
            self.agreements_layout,
            caption,
            table_view(model),
            right_aligned(
                self.issue_agreement,
                self.preview_agreement,
                self.mark_signed,
                self.verify_agreement,
            ),
        )

    def _fill_holds(self) -> None:
        model: ListModel[HoldRow] = ListModel(
            [
                ListColumn(self.tr("Placed"), lambda h: format_datetime(h.placed_at)),
                ListColumn(self.tr("By"), lambda h: h.placed_by),
                ListColumn(
                    self.tr("Reason"),
                    lambda h: h.reason + (" " + self.tr("(suspension)") if h.suspension_id else ""),
                ),
                ListColumn(self.tr("Released"), lambda h: format_datetime(h.released_at)),
                ListColumn(self.tr("Released by"), lambda h: h.released_by),
                ListColumn(self.tr("Note"), lambda h: h.release_note or ""),
            ],
            self,
        )
        model.set_rows(self.file.holds)
        self.holds_model = model
        caption = QLabel(self.tr("Never held.") if not self.file.holds else "")
        self._replace(
            self.holds_layout,
            caption,
            table_view(model),
            right_aligned(self.place_hold, self.release_hold, self.close_case),
        )

    def _fill_history(self) -> None:
        lang = self._lang
        model: ListModel[HistoryRow] = ListModel(
            [
                ListColumn(self.tr("When"), lambda h: format_datetime(h.at)),
                ListColumn(self.tr("Who"), lambda h: h.who),
                ListColumn(self.tr("What"), lambda h: _action_text(self, h.action)),
                ListColumn(self.tr("Details"), lambda h: _states_text(h.detail, lang)),
            ],
            self,
        )
        model.set_rows(self.file.history)
        self.history_model = model
        view = table_view(model)
        self._replace(self.history_layout, view)
        view.resizeColumnsToContents()

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
        if code == "duplicate":
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


def _action_text(dialog: CaseFileDialog, action: str) -> str:
    texts = {
        "register": QCoreApplication.translate("CaseFileDialog", "registered"),
        "transition": QCoreApplication.translate("CaseFileDialog", "state changed"),
        "hold": QCoreApplication.translate("CaseFileDialog", "put on hold"),
        "release": QCoreApplication.translate("CaseFileDialog", "hold released"),
        "screening": QCoreApplication.translate("CaseFileDialog", "screening decision"),
        "returnee.update": QCoreApplication.translate("CaseFileDialog", "identity corrected"),
        "case.register": QCoreApplication.translate("CaseFileDialog", "registered"),
        "case.import": QCoreApplication.translate("CaseFileDialog", "imported"),
        "grant.plan": QCoreApplication.translate("CaseFileDialog", "grant planned"),
        "grant.approve": QCoreApplication.translate("CaseFileDialog", "grant approved"),
        "payment.record": QCoreApplication.translate("CaseFileDialog", "payment recorded"),
        "payment.adjust": QCoreApplication.translate("CaseFileDialog", "payment adjusted"),
        "visit.record": QCoreApplication.translate("CaseFileDialog", "monitoring visit"),
        "agreement.issue": QCoreApplication.translate("CaseFileDialog", "agreement issued"),
        "agreement.reprint": QCoreApplication.translate("CaseFileDialog", "agreement reprinted"),
        "agreement.sign": QCoreApplication.translate("CaseFileDialog", "agreement signed"),
        "agreement.void": QCoreApplication.translate("CaseFileDialog", "agreement void"),
    }
    return texts.get(action, action)


def _states_text(detail: str, lang: str) -> str:
    # "registered → in_progress: demo": the state codes in words.
    head, sep, tail = detail.partition(": ")
    parts = [part.strip() for part in head.split(" → ")]
    if not all(part in STATES for part in parts):
        return detail
    return " → ".join(label(part, lang) for part in parts) + sep + tail
