"""Planning the grant of a case: catalogue items, amounts, suppliers, within the ceiling, and
(optionally) the instalments, set by hand instead of the catalogue's plan.

The form shows the ceiling and the total as the user types, and an amount that is not one as
soon as it is typed (``models.amounts``, the same reading as everywhere); ``plan_grant`` decides
(ceiling, override by an administrator with a reason, states, what is already paid) and its
refusal is shown here.
"""

from __future__ import annotations

from decimal import Decimal

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QFormLayout,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from models import money
from models.amounts import parse_amount
from models.case_file import CaseFile, PlanChoices, plan_figures
from models.errors import RgmError
from models.grants import ItemInput, plan_grant
from models.permissions import allowed
from models.vocabulary import CONDITIONS, label
from ui.common import (
    Services,
    error_label,
    format_money,
    heading,
    muted,
    ok_cancel,
    sentence,
    show_error,
)


class ItemRowWidgets:
    """The widgets of one item line."""

    def __init__(self, choices: PlanChoices, language: str) -> None:
        self.package = QComboBox()
        self.package.addItem("", None)
        for p in choices.packages:
            self.package.addItem(f"{p.code} — {p.name(language)}", p.code)
        self.amount = QLineEdit()
        self.amount.setMaximumWidth(140)
        self.supplier = QComboBox()
        self.supplier.addItem("", None)
        for name in choices.suppliers:
            self.supplier.addItem(name, name)
        self.description = QLineEdit()
        self.remove = QPushButton("✕")
        self.remove.setFixedWidth(32)

    def widgets(self) -> tuple[QWidget, ...]:
        return (self.package, self.amount, self.supplier, self.description, self.remove)


class InstalmentRowWidgets:
    """The widgets of one instalment line: amount, condition, what is already paid on it."""

    def __init__(self, language: str) -> None:
        self.amount = QLineEdit()
        self.amount.setMaximumWidth(140)
        self.condition = QComboBox()
        for code in CONDITIONS:
            self.condition.addItem(label(code, language), code)
        self.paid = muted("")
        self.remove = QPushButton("✕")
        self.remove.setFixedWidth(32)

    def widgets(self) -> tuple[QWidget, ...]:
        return (self.amount, self.condition, self.paid, self.remove)


class PlanGrantView(QDialog):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Plan the grant"))
        self.title = heading("")
        self.grid = QGridLayout()
        for column, text in enumerate(
            (self.tr("Package"), self.tr("Amount"), self.tr("Supplier"), self.tr("Description"))
        ):
            self.grid.addWidget(QLabel(text), 0, column)
        self.grid.setColumnStretch(3, 1)
        self.add_item = QPushButton(self.tr("Add an item"))
        self.custom_instalments = QCheckBox(
            self.tr("Set the instalments (instead of the catalogue's plan)")
        )
        self.instalments_box = QWidget()
        self.instalments_grid = QGridLayout(self.instalments_box)
        self.instalments_grid.setContentsMargins(0, 0, 0, 0)
        for column, text in enumerate(
            (self.tr("Instalment amount"), self.tr("Condition"), self.tr("Already paid"))
        ):
            self.instalments_grid.addWidget(QLabel(text), 0, column)
        self.instalments_grid.setColumnStretch(2, 1)
        self.add_instalment = QPushButton(self.tr("Add an instalment"))
        self.figures = QLabel()
        self.override_reason = QLineEdit()
        self.override_note = muted("")
        self.error = error_label()
        self.buttons = ok_cancel(self.tr("Save the plan"))
        form = QFormLayout()
        form.addRow(self.tr("Reason to exceed the ceiling"), self.override_reason)
        form.addRow(self.override_note)
        row = QHBoxLayout()
        row.addWidget(self.add_item)
        row.addStretch(1)
        row.addWidget(self.figures)
        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addLayout(self.grid)
        layout.addLayout(row)
        layout.addWidget(self.custom_instalments)
        instalments = QVBoxLayout()
        instalments.addWidget(self.instalments_box)
        instalments.addWidget(self.add_instalment, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addLayout(instalments)
        layout.addLayout(form)
        layout.addStretch(1)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        self.resize(860, 520)


class PlanGrantDialog(PlanGrantView):
    """Plans (or re-plans) the grant of one case through ``plan_grant``."""

    grant_planned = Signal(str)

    def __init__(
        self,
        services: Services,
        case: CaseFile,
        choices: PlanChoices,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._services = services
        self._case = case
        self._choices = choices
        self.rows: list[ItemRowWidgets] = []
        self.instalment_rows: list[InstalmentRowWidgets] = []
        self.currency = choices.currency
        self.title.setText(self.tr("Grant of case {number}").format(number=case.number))
        may_override, why = allowed(services.actor, "grant.override")
        self.override_reason.setEnabled(may_override)
        self.override_note.setText(
            self.tr("Only needed when the total exceeds the ceiling.")
            if may_override
            else sentence(why)
        )
        current = case.current_grant
        if current is not None:
            for item in current.items:
                row = self.add_row()
                row.package.setCurrentIndex(max(row.package.findData(item.code), 0))
                row.amount.setText(str(money.round_to(item.amount, self.currency)))
                row.supplier.setCurrentIndex(max(row.supplier.findData(item.supplier), 0))
                row.description.setText(item.description)
                row.description.setCursorPosition(0)
        else:
            self.add_row()
        # The instalments start from the plan in force: paid numbers keep at least what was
        # paid on them, which a change of a case in progress usually needs.
        paid_any = False
        for inst in current.instalments if current is not None else ():
            line = self.add_instalment_row()
            line.amount.setText(str(money.round_to(inst.amount, self.currency)))
            line.condition.setCurrentIndex(max(line.condition.findData(inst.condition), 0))
            if inst.paid:
                paid_any = True
                line.paid.setText(format_money(inst.paid, self.currency))
        if not self.instalment_rows:
            self.add_instalment_row()
        self.custom_instalments.setChecked(paid_any)
        self.add_item.clicked.connect(self._on_add_item_clicked)
        self.add_instalment.clicked.connect(self._on_add_instalment_clicked)
        self.custom_instalments.toggled.connect(self._on_custom_instalments_toggled)
        self.buttons.accepted.connect(self._on_buttons_accepted)
        self.buttons.rejected.connect(self.reject)
        self._on_custom_instalments_toggled(paid_any)
        self._update_figures()

    def add_row(self) -> ItemRowWidgets:
        row = ItemRowWidgets(self._choices, self._services.language)
        line = len(self.rows) + 1
        for column, widget in enumerate(row.widgets()):
            self.grid.addWidget(widget, line, column)
        row.package.currentIndexChanged.connect(self._update_figures)
        row.amount.textEdited.connect(self._update_figures)
        row.remove.clicked.connect(lambda _c=False, r=row: self._remove_row(r))
        self.rows.append(row)
        return row

    def add_instalment_row(self) -> InstalmentRowWidgets:
        line = InstalmentRowWidgets(self._services.language)
        number = len(self.instalment_rows) + 1
        for column, widget in enumerate(line.widgets()):
            self.instalments_grid.addWidget(widget, number, column)
        line.amount.textEdited.connect(self._update_figures)
        line.remove.clicked.connect(lambda _c=False, r=line: self._remove_instalment_row(r))
        self.instalment_rows.append(line)
        return line

    def _remove_instalment_row(self, line: InstalmentRowWidgets) -> None:
        if len(self.instalment_rows) == 1:
            return
        self.instalment_rows.remove(line)
        for widget in line.widgets():
            self.instalments_grid.removeWidget(widget)
            widget.deleteLater()
        self._update_figures()

    def _on_add_instalment_clicked(self) -> None:
        self.add_instalment_row()

    def _on_custom_instalments_toggled(self, checked: bool) -> None:
        self.instalments_box.setVisible(checked)
        self.add_instalment.setVisible(checked)
        self._update_figures()

    def _remove_row(self, row: ItemRowWidgets) -> None:
        if len(self.rows) == 1:
            return
        self.rows.remove(row)
        for widget in row.widgets():
            self.grid.removeWidget(widget)
            widget.deleteLater()
        self._update_figures()

    def _on_add_item_clicked(self) -> None:
        self.add_row()

    def _amount(self, edit: QLineEdit) -> Decimal | None:
        try:
            return parse_amount(edit.text(), self.currency) if edit.text().strip() else None
        except RgmError:
            return None

    def _first_refusal(self) -> RgmError | None:
        """The refusal of the first amount typed that is not one (shown as soon as typed)."""
        edits = [r.amount for r in self.rows]
        if self.custom_instalments.isChecked():
            edits += [i.amount for i in self.instalment_rows]
        for edit in edits:
            if edit.text().strip():
                try:
                    parse_amount(edit.text(), self.currency)
                except RgmError as exc:
                    return exc
        return None

    def _update_figures(self) -> None:
        codes = [r.package.currentData() for r in self.rows if r.package.currentData()]
        amounts = [a for r in self.rows if (a := self._amount(r.amount)) is not None]
        figures = plan_figures(self._choices.packages, codes, amounts)
        text = self.tr("Total {total} · ceiling {ceiling}").format(
            total=format_money(figures.total, self.currency),
            ceiling=format_money(figures.ceiling, self.currency),
        )
        if self.custom_instalments.isChecked():
            planned = sum(
                (a for i in self.instalment_rows if (a := self._amount(i.amount)) is not None),
                Decimal(0),
            )
            text += " · " + self.tr("instalments {sum}").format(
                sum=format_money(planned, self.currency)
            )
        self.figures.setText(text)
        self.figures.setStyleSheet("color: #a4000f; font-weight: bold;" if figures.over else "")
        refusal = self._first_refusal()
        show_error(self.error, refusal if refusal is not None else "")

    def instalments(self) -> list[tuple[str, str]] | None:
        """The instalments set by hand (amount as typed, condition), or None: the catalogue's."""
        if not self.custom_instalments.isChecked():
            return None
        return [
            (i.amount.text().strip(), i.condition.currentData())
            for i in self.instalment_rows
            if i.amount.text().strip()
        ]

    def items(self) -> list[ItemInput]:
        return [
            ItemInput(
                code=r.package.currentData(),
                amount=r.amount.text().strip(),
                supplier=r.supplier.currentData(),
                description=r.description.text().strip(),
            )
            for r in self.rows
            if r.package.currentData() or r.amount.text().strip()
        ]

    def _on_buttons_accepted(self) -> None:
        items = self.items()
        if any(i.code is None for i in items):
            show_error(self.error, self.tr("Choose a package for every item."))
            return
        instalments = self.instalments()
        if instalments == []:
            show_error(self.error, self.tr("Give the amount of each instalment."))
            return
        try:
            plan_grant(
                self._services.db,
                self._services.actor,
                self._case.number,
                items,
                override_reason=self.override_reason.text().strip() or None,
                instalments=instalments,
            )
        except RgmError as exc:
            show_error(self.error, exc)
            return
        self.grant_planned.emit(self._case.number)
        self.accept()
