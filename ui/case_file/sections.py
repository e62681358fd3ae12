"""Filling the case file's header and tabs from the read model of a case (``models.case_file``)."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from models.case_file import AgreementRow, CaseFile, HistoryRow, HoldRow, ScreeningRow, VisitRow
from models.grants import InstalmentView, ItemView
from models.reference import country_name
from models.vocabulary import STATES, label
from ui.common import format_date, format_datetime, format_money, right_aligned, sentence
from ui.list_model import ListColumn, ListModel, table_view


class CaseFileSections:
    """Shows ``self.file`` (a ``CaseFile``) in the widgets of ``CaseFileView``."""

    file: CaseFile
    _lang: str

    # -- showing ---------------------------------------------------------------------------------

    def _show(self) -> None:
        f, lang = self.file, self._lang
        v = f.identity.values
        self.setWindowTitle(self.tr("Case {number}").format(number=f.number))
        self.title.setText(f"{f.number} — {v['family_name']} {v['given_names']}")
        state = f.state_text(lang)
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
                    ListColumn(self.tr("Package"), lambda i: i.name(lang)),
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
                ListColumn(self.tr("What"), lambda h: _action_text(h.action)),
                ListColumn(self.tr("Details"), lambda h: _states_text(h.detail, lang)),
            ],
            self,
        )
        model.set_rows(self.file.history)
        self.history_model = model
        view = table_view(model)
        self._replace(self.history_layout, view)
        view.resizeColumnsToContents()


def _action_text(action: str) -> str:
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
