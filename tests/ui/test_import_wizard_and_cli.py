"""The window's import wizard and ``rgm import KIND`` read through the same importer
(``reports.imports.kinds``): for the same file, the same refused rows, for every kind. The
command's handler runs in this process, on the window's database, as the wizard's user."""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path

import openpyxl
import pytest
from support.cases import register
from support.workbooks import write_xlsx

from desktop.app_context import AppContext
from desktop.cli import build_parser
from desktop.commands.imports import _refusal_line
from models.users import Actor, authenticate, create_user
from reports.review_sheet import Scope, write_review_sheet
from ui.import_wizard import ImportWizard

REG_HEADER = ["Nom", "Prénom", "Sexe", "Date de naissance", "Nationalité", "Consentement", "Réf"]
PAY_HEADER = ["N° dossier", "Tranche", "Date de paiement", "Montant", "Devise",
              "Mode de paiement", "Référence reçu"]  # fmt: skip


def _user(db, admin, name: str, *roles: str) -> Actor:  # type: ignore[no-untyped-def]
    create_user(db, admin, name, f"{name}-password", roles)
    return authenticate(db, name, f"{name}-password")


def _registrations(db, admin, tmp_path: Path) -> tuple[Actor, Path]:  # type: ignore[no-untyped-def]
    path = write_xlsx(tmp_path / "kayes.xlsx", [
        REG_HEADER,
        ["Sangaré", "Issa", "M", dt.date(1994, 3, 2), "Mali", "oui", "WY-1"],
        ["\u00a0\u200b", "Fanta", "F", dt.date(1990, 5, 6), "Guinée", "oui", "WY-2"],
        ["Traoré", "Adama", "X?", "0000", "Mali", "oui", "WY-3"],
    ])  # fmt: skip
    return _user(db, admin, "rita41", "registrar"), path


def _disbursements(db, admin, tmp_path: Path) -> tuple[Actor, Path]:  # type: ignore[no-untyped-def]
    day = dt.date.today().strftime("%d/%m/%Y")
    path = tmp_path / "paiements.csv"
    lines = [";".join(PAY_HEADER), f"BKO-1999-999999;1;{day};1000;XOF;Espèces;WY-P1",
             f"BKO-1999-999998;1;{day};abc;XOF;Espèces;WY-P2"]  # fmt: skip
    path.write_bytes("\r\n".join(lines).encode("cp1252"))
    return _user(db, admin, "fanta41", "finance"), path


def _decisions(db, admin, tmp_path: Path) -> tuple[Actor, Path]:  # type: ignore[no-untyped-def]
    rita = _user(db, admin, "rita42", "registrar")
    abdou = _user(db, admin, "abdou42", "approver")
    case, other = register(db, rita, 2, start=9700, transit_centre="Centre WY")
    sheet = tmp_path / "review.xlsx"
    write_review_sheet(db, abdou, Scope(centre="Centre WY"), sheet)
    wb = openpyxl.load_workbook(sheet)
    keys = [c.value for c in next(wb["_keys"].iter_rows(max_row=1))]
    ws = wb["Review"]
    column = {k: i + 1 for i, k in enumerate(keys)}
    rows = {ws.cell(r, column["case_number"]).value: r for r in range(2, ws.max_row + 1)}
    ws.cell(rows[case], column["decision"]).value = "ineligible"  # no reason, no checklist
    ws.cell(rows[other], column["decision"]).value = "peut-être"
    wb.save(sheet)
    return abdou, sheet


@pytest.mark.parametrize("kind", ["registrations", "disbursements", "decisions"])
def test_the_wizard_and_the_command_refuse_the_same_rows(
    kind, window, qtbot, demo, tmp_path, capsys
) -> None:  # type: ignore[no-untyped-def]
    db, admin = demo
    make = {"registrations": _registrations, "disbursements": _disbursements,
            "decisions": _decisions}[kind]  # fmt: skip
    actor, path = make(db, admin, tmp_path)

    services = dataclasses.replace(window.services, actor=actor, data_folder=tmp_path / "data")
    wizard = ImportWizard(services, kind, window)
    qtbot.addWidget(wizard)
    wizard.show()
    wizard.path.setText(str(path))
    with qtbot.waitSignal(wizard.refused_model.modelReset, timeout=30_000):
        wizard.read.click()
    assert wizard.checked is not None, wizard.error.text()
    in_window = wizard.checked.refusals
    assert wizard.refused_model.rowCount() == len(in_window) >= 2

    args = build_parser().parse_args(["import", kind, str(path)])
    app = AppContext()
    app.adopt(db)
    app._actor = actor
    capsys.readouterr()
    with pytest.raises(Exception, match="refused"):  # the rows refused: exit status 1
        args.handler(args, app)
    stderr = capsys.readouterr().err
    printed = [line for line in stderr.splitlines() if line.startswith("row ")]
    assert printed == [_refusal_line(r) for r in in_window], stderr
