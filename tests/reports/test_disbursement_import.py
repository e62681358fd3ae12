import datetime as dt

from openpyxl import Workbook
from sqlalchemy import func, select
from support.cases import backdate, eligible

from models.cases import mark_signed
from models.entities import Disbursement
from models.grants import ItemInput, approve_grant, plan_grant
from reports.agreements import issue
from reports.imports.disbursements import import_disbursements

TODAY = dt.date(2026, 11, 20)
HEAD = ["N° dossier", "Tranche", "Date de paiement", "Montant", "Devise", "Mode de paiement",
        "Référence reçu", "Fournisseur"]  # fmt: skip


def _signed_edu(db, users, start):
    (case,) = eligible(db, users, start=start)
    plan_grant(db, users["registrar"], case, [ItemInput("EDU", "300000")])
    approve_grant(db, users["approver"], case)
    issue(db, users["registrar"], case, b"k" * 32)  # the agreement the returnee signs
    mark_signed(db, users["registrar"], case)
    backdate(db, case, dt.date(2026, 11, 1))  # signed before the payments imported
    return case


def _book(path, rows):
    wb = Workbook()
    ws = wb.active
    ws.append(["Paiements novembre"])
    ws.append(HEAD)
    for r in rows:
        ws.append(r)
    wb.save(path)


def _count(db):
    with db.reading() as s:
        return s.scalar(select(func.count()).select_from(Disbursement))


def test_all_or_nothing_with_each_refusal_reported(db, users, tmp_path):
    a = _signed_edu(db, users, 0)
    b = _signed_edu(db, users, 10)
    (not_signed,) = eligible(db, users, start=20)
    day = dt.datetime(2026, 11, 3)
    path = tmp_path / "pay.xlsx"
    _book(
        path,
        [
            [a, 1, day, 200000, "XOF", "Espèces", "R-1", None],
            [a, 1, day, 150000, "XOF", "Espèces", "R-2", None],  # more than remains (100000)
            [b, 1, "05/11/2026", "300000", "XOF", "Orange money", "R-1", None],  # ref used above
            [b, 1, day, 1000, "GNF", "cash", "R-3", None],  # not the grant's currency
            [not_signed, 1, day, 1000, "XOF", "cash", "R-4", None],
            ["BKO-2026-999999", 1, day, 1000, "XOF", "cash", "R-5", None],
            [b, 1, day, 1000, "XOF", "chèque", "R-6", None],
        ],
    )
    result = import_disbursements(db, users["finance"], path, today=TODAY)
    assert not result.written and _count(db) == 0
    messages = {r.row: r.message for r in result.refused}
    assert sorted(messages) == [4, 5, 6, 7, 8, 9]
    assert "more than what remains" in messages[4]
    assert "already used" in messages[5]
    assert "not GNF" in messages[6]
    assert "once the agreement is signed" in messages[7]
    assert "no case" in messages[8]
    assert "unknown payment method" in messages[9]
    kept = import_disbursements(db, users["finance"], path, skip_invalid=True, today=TODAY)
    assert kept.written and kept.imported == 1 and _count(db) == 1
    # The same file again: its receipt reference is now taken, nothing is doubled.
    again = import_disbursements(db, users["finance"], path, skip_invalid=True, today=TODAY)
    assert again.imported == 0 and _count(db) == 1


def test_dry_run_writes_nothing(db, users, tmp_path):
    a = _signed_edu(db, users, 0)
    path = tmp_path / "pay.xlsx"
    _book(path, [[a, 1, dt.datetime(2026, 11, 3), 300000, "XOF", "bank", "R-9", None]])
    result = import_disbursements(db, users["finance"], path, dry_run=True, today=TODAY)
    assert (result.imported, result.written, _count(db)) == (1, False, 0)
    result = import_disbursements(db, users["finance"], path, today=TODAY)
    assert (result.imported, result.written, _count(db)) == (1, True, 1)


def test_a_refusal_names_its_column_and_the_report_marks_the_cell(db, users, tmp_path) -> None:
    import openpyxl

    from reports.imports.disbursements import import_disbursements
    from reports.imports.error_workbook import write_refusals

    case = _signed_edu(db, users, 0)
    path = tmp_path / "pay.xlsx"
    _book(path, [[case, 1, dt.date.today(), 1000, "XOF", "troc", "R-COL-1"]])
    result = import_disbursements(db, users["finance"], path, dry_run=True)
    (refusal,) = result.refused
    assert refusal.message.startswith("Mode de paiement:") and refusal.column == 5
    report = tmp_path / "refused.xlsx"
    write_refusals(report, result.headers, result.refused)
    sheet = openpyxl.load_workbook(report).active
    assert sheet.cell(2, 1 + 5).fill.start_color.rgb == "00FFC7CE"  # the "Mode" cell
    assert sheet.cell(2, 1 + 4).fill.start_color.rgb != "00FFC7CE"


def test_cells_that_are_not_amounts_are_refused_with_their_row_and_column(db, users, tmp_path):
    case = _signed_edu(db, users, 0)
    day = dt.datetime(2026, 11, 3)
    bad = ["1e5", "inf", "NaN", "-Infinity", 1e300, 1e20, "1" + "0" * 40, "١٢٣", "1_000",
           "100.5", -5, True]  # fmt: skip
    path = tmp_path / "pay.xlsx"
    _book(path, [[case, 1, day, value, "XOF", "cash", f"R-{i}"] for i, value in enumerate(bad)])
    result = import_disbursements(db, users["finance"], path, today=TODAY)
    assert not result.written and _count(db) == 0
    assert [r.row for r in result.refused] == list(range(3, 3 + len(bad)))
    for refusal in result.refused:
        assert refusal.column == 3, refusal  # the amount's cell
        assert refusal.message.startswith("Montant: "), refusal.message
        assert "is not an amount" in refusal.message or "0 decimal places" in refusal.message, (
            refusal.message
        )
    assert "'1e+300' is not an amount" in result.refused[4].message
    assert "'-5' is not an amount here" in result.refused[10].message


def test_instalment_numbers_are_whole_numbers(db, users, tmp_path):
    case = _signed_edu(db, users, 0)
    day = dt.datetime(2026, 11, 3)
    path = tmp_path / "pay.xlsx"
    bad = [1.5, "1e3", 1e300, "inf", 0, "-1", "un"]
    _book(path, [[case, n, day, 1000, "XOF", "cash", f"R-{i}"] for i, n in enumerate(bad)])
    result = import_disbursements(db, users["finance"], path, today=TODAY)
    assert len(result.refused) == len(bad)
    assert all("is not an instalment number" in r.message for r in result.refused)
    assert {r.column for r in result.refused} == {1}


def test_the_rows_to_fix_import_once_fixed(db, users, tmp_path):
    """The report of refused rows (``--report``) is a payment list: fixed, it imports."""
    import openpyxl

    from reports.imports.error_workbook import write_refusals
    from reports.templates import write_template

    case = _signed_edu(db, users, 0)
    path = write_template("disbursements", tmp_path / "modele.xlsx", "fr")
    book = openpyxl.load_workbook(path)
    sheet = book.worksheets[0]
    for r, row in enumerate(
        ([case, 1, dt.datetime(2026, 11, 3), 100000, "XOF", "espèces", "R-1"],
         [case, 1, dt.datetime(2026, 11, 3), "1e5", "XOF", "espèces", "R-2"]), start=2
    ):  # fmt: skip
        for c, value in enumerate(row, start=1):
            sheet.cell(r, c, value)
    book.save(path)
    result = import_disbursements(db, users["finance"], path, today=TODAY)
    assert [r.row for r in result.refused] == [3] and not result.written
    report = tmp_path / "a-corriger.xlsx"
    write_refusals(report, result.headers, result.refused)
    fixed = openpyxl.load_workbook(report)
    fixed.active.cell(2, 1 + 3).value = 100000  # the amount, typed again
    fixed.save(report)
    again = import_disbursements(db, users["finance"], report, today=TODAY)
    assert again.written and again.imported == 1 and _count(db) == 1


def test_an_imported_payment_follows_the_same_dates_order_and_payees(db, users, tmp_path):
    """The import goes through the rule of a payment typed by hand (#11)."""
    from models.suppliers import add_supplier

    case = _signed_edu(db, users, 0)  # signed on 2026-11-01; EDU 300,000 in one instalment
    add_supplier(db, users["finance"], "Librairie sans contrat")
    path = tmp_path / "pay.xlsx"
    day = dt.datetime(2026, 11, 3)
    _book(
        path,
        [
            [case, 1, dt.datetime(2026, 10, 31), 1000, "XOF", "cash", "R-1", None],
            [case, 1, day, 1000, "XOF", "Paiement fournisseur", "R-2", "Librairie sans contrat"],
            [case, 1, day, 1000, "XOF", "Paiement fournisseur", "R-3", None],
        ],
    )
    result = import_disbursements(db, users["finance"], path, dry_run=True, today=TODAY)
    messages = {r.row: r.message for r in result.refused}
    assert "before the agreement of case" in messages[3]
    assert "Librairie sans contrat is not a supplier of the grant" in messages[4]
    assert "must name the supplier paid" in messages[5]


def test_a_blank_or_missing_field_is_named_in_words_never_by_its_internal_key(
    db, users, tmp_path
) -> None:
    """#11 re-check: a blank receipt reference said "receipt_ref is missing" (and a missing
    column "no column for receipt_ref"), in both languages."""
    from models.errors import Unusable
    from models.i18n import set_language

    case = _signed_edu(db, users, 0)
    path = tmp_path / "pay.xlsx"
    _book(path, [[case, 1, dt.date.today(), 1000, "XOF", "cash", " \u200b "]])
    for lang, words in (("en", "Receipt reference"), ("fr", "Référence du reçu")):
        set_language(lang)
        try:
            (refusal,) = import_disbursements(db, users["finance"], path, dry_run=True).refused
        finally:
            set_language("en")
        assert "receipt_ref" not in refusal.message and words in refusal.message
    wb = Workbook()
    wb.active.append(HEAD[:6])  # no receipt column
    wb.active.append([case, 1, dt.date.today(), 1000, "XOF", "cash"])
    wb.save(path)
    try:
        import_disbursements(db, users["finance"], path, dry_run=True)
    except Unusable as err:
        assert "receipt_ref" not in err.text("en") and "Receipt reference" in err.text("en")
    else:
        raise AssertionError("a payment list without receipt column was read")


def test_a_cancelled_write_leaves_nothing_and_the_read_is_kept(db, users, tmp_path):
    """Read once, then written in one transaction under a Job: a cancel between rows rolls back
    the rows already paid (#12)."""
    import pytest

    from models.jobs import Cancelled, RecordingJob
    from reports.imports.disbursements import read_disbursements, write_disbursements

    a = _signed_edu(db, users, 0)
    path = tmp_path / "pay.xlsx"
    day = dt.datetime(2026, 11, 3)
    _book(path, [[a, 1, day, 1000, "XOF", "cash", f"R-{i}"] for i in range(250)])
    read = read_disbursements(path)
    assert len(read.rows) == 250
    job = RecordingJob(cancel_after=2)  # cancelled once 200 rows are paid
    with pytest.raises(Cancelled):
        write_disbursements(db, users["finance"], read, today=TODAY, job=job)
    assert job.reports == [(100, 250), (200, 250)] and _count(db) == 0
    checked = write_disbursements(db, users["finance"], read, dry_run=True, today=TODAY)
    refused = {r.row for r in checked.refused}
    accepted = [n for n, _cells, _values in read.rows if n not in refused]
    assert [n for n, _cells in checked.accepted] == accepted and _count(db) == 0
    assert len(accepted) == checked.imported > 0
