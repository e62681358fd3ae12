"""The case file's window: its header, tabs and buttons, laid out (no data, no action)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from models.i18n import translate
from models.screening import CHECKLIST
from models.vocabulary import DECISIONS, label
from ui.common import heading, muted
from ui.identity_form import IdentityForm


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
