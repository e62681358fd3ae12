"""Finance's payment lists in Excel: read (``read_disbursements``), then checked and written row
by row in one transaction (``write_disbursements``), all or nothing.

Columns (French or English headers, or the template's bilingual ones): case number, instalment,
date paid, amount, currency, method, receipt reference, supplier (optional). Amounts are read by
the one amount parser (``models.amounts``): a cell that is not a plain amount is refused with its
row and column. Each row goes through the same operation as
``rgm pay`` inside a savepoint, so a later row sees what earlier rows paid; any refused row
means nothing is written unless ``skip_invalid``. The write takes a ``Job`` (progress, and
cancellation between rows: everything is rolled back). ``import_disbursements`` does both.
"""

from __future__ import annotations

import datetime as dt
import re
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from models.amounts import amount_text
from models.database import Database
from models.errors import Refused, Unusable
from models.i18n import LANGUAGES, N_, _, current_language, translate
from models.jobs import NO_JOB, Job
from models.payments import PaymentInput, pay
from models.permissions import check
from models.text import fold_words
from models.users import Actor
from models.vocabulary import PAYMENT_METHODS, label
from reports.csv_read import ReadNotice
from reports.header_match import HeaderNames
from reports.imports.pipeline import RowRefusal
from reports.registration_values import BadValue, check_not_shortened, read_date, text_of
from reports.templates import DISBURSEMENT_COLUMNS
from reports.xlsx_read import open_workbook

# Names field teams give the columns, besides the labels of the template (both languages),
# which are added from ``DISBURSEMENT_COLUMNS`` so that the template always imports.
_SYNONYMS: dict[str, tuple[str, ...]] = {
    "case_number": ("case number", "case", "n dossier", "numero de dossier", "dossier"),
    "instalment": ("instalment", "instalment number", "tranche", "n tranche", "numero de tranche"),
    "paid_on": ("date paid", "date", "date de paiement", "paid on", "date paiement"),
    "amount": ("amount", "montant", "montant paye"),
    "currency": ("currency", "devise", "monnaie"),
    "method": ("method", "payment method", "mode de paiement", "methode", "mode"),
    "receipt_ref": (
        "receipt reference",
        "receipt",
        "receipt ref",
        "reference recu",
        "n recu",
        "reference du recu",
        "recu",
    ),
    "supplier": ("supplier", "fournisseur"),
}
HEADERS = HeaderNames(
    {c.key: (*_SYNONYMS.get(c.key, ()), c.fr, c.en) for c in DISBURSEMENT_COLUMNS}
)
REQUIRED = ("case_number", "instalment", "paid_on", "amount", "method", "receipt_ref")


def _column_label(key: str) -> str:
    """A column's name as the template writes it, in the user's language (never its key)."""
    for column in DISBURSEMENT_COLUMNS:
        if column.key == key:
            return column.fr if current_language() == "fr" else column.en
    return key


# The template's drop-down offers each method's label in both languages; these are read too.
_METHOD_WORDS = {
    "especes": "cash",
    "espece": "cash",
    "liquide": "cash",
    "mobile": "mobile_money",
    "orange money": "mobile_money",
    "bank": "bank",
    "banque": "bank",
    "virement": "bank",
    "paiement fournisseur": "supplier_payment",
    "fournisseur": "supplier_payment",
}
METHODS = {
    **_METHOD_WORDS,
    **{fold_words(m): m for m in PAYMENT_METHODS},
    **{fold_words(label(m, lang)): m for m in PAYMENT_METHODS for lang in LANGUAGES},
}
_INSTALMENT = re.compile(r"[0-9]{1,4}")


@dataclass
class DisbursementResult:
    rows: int = 0
    imported: int = 0
    refused: list[RowRefusal] = field(default_factory=list)
    written: bool = False
    dry_run: bool = False
    seconds: float = 0.0
    headers: list[str] = field(default_factory=list)
    notices: list[ReadNotice] = field(default_factory=list)
    # The rows accepted (row number, fields as typed): a window's preview, without reading again.
    accepted: list[tuple[int, dict[str, Any]]] = field(default_factory=list)

    def summary(self) -> dict[str, Any]:
        return {
            "notices": [n.text() for n in self.notices],
            "rows": self.rows,
            "imported": self.imported if self.written else 0,
            "valid": self.imported,
            "refused": len(self.refused),
            "written": self.written,
            "dry_run": self.dry_run,
            "seconds": round(self.seconds, 3),
        }


# Which column a refusal is about, from its message (first match wins: "more than what remains
# of instalment" is about the amount, not the instalment).
_FIELD_OF_MESSAGE = (
    ("receipt", "receipt_ref"),
    ("is more than what remains", "amount"),
    ("the amount", "amount"),
    ("is not an amount", "amount"),
    ("decimal places", "amount"),
    ("is not a currency code", "currency"),
    ("instalment number", "instalment"),
    ("date paid", "paid_on"),
    ("payment date", "paid_on"),
    ("is locked", "paid_on"),
    ("payment method", "method"),
    ("the grant of case {case} is in", "currency"),
    ("supplier", "supplier"),
    ("instalment", "instalment"),
    ("case", "case_number"),
)


def _field_of(err: Refused) -> str | None:
    if isinstance(err.params.get("field_key"), str):  # the field is named in words for people
        return str(err.params["field_key"])
    if "field" in err.params and isinstance(err.params["field"], str):
        return err.params["field"]
    return next((key for words, key in _FIELD_OF_MESSAGE if words in err.msgid), None)


def _columns(header: list[Any], file: str | None = None) -> dict[str, int]:
    return HEADERS.columns(header, file)


def read_payment_rows(
    path: str | Path, notices: list[ReadNotice] | None = None, sheet: str | None = None
) -> tuple[list[tuple[int, dict[str, Any], tuple[Any, ...]]], list[str]]:
    """Every payment row of the workbook or CSV file (row, fields, values as typed) and its
    headers, from ``sheet`` or the first sheet with a header row; what the reader guessed (a
    CSV's encoding) is added to ``notices``."""
    with open_workbook(path) as book:
        if notices is not None:
            notices.extend(book.notices)
        if sheet and sheet not in book.sheet_names:
            raise Unusable(
                N_("{file} has no sheet named {sheet}."), file=Path(path).name, sheet=sheet
            )
        for name in [sheet] if sheet else book.sheet_names:
            rows = iter(book.rows(name))
            for row in rows:
                cols = _columns(row.values, Path(path).name)
                if len(cols) >= 4:
                    missing = [k for k in REQUIRED if k not in cols]
                    if missing:
                        raise Unusable(
                            N_("{file}: no column for {fields}"),
                            file=Path(path).name,
                            fields=", ".join(_column_label(k) for k in missing),
                        )
                    headers = [text_of(v) for v in row.values]
                    data = []
                    for r in rows:
                        if r.is_empty():
                            continue
                        cells = {
                            k: (r.values[i] if i < len(r.values) else None) for k, i in cols.items()
                        }
                        data.append((r.number, cells, tuple(r.values)))
                    return data, headers
                if row.number > 20:
                    break
    raise Unusable(N_("{file} has no header row of a payment list"), file=Path(path).name)


def _payment(cells: dict[str, Any], today: dt.date) -> PaymentInput:
    def text(key: str) -> str:
        return text_of(cells.get(key)) if cells.get(key) is not None else ""

    for key in REQUIRED:
        if not text(key):
            raise Refused(N_("{field} is missing"), field=_column_label(key), field_key=key)
    try:
        paid_on, precision = read_date(cells["paid_on"], today)
    except BadValue as err:
        raise Refused(N_("date paid: {problem}"), problem=translate(err.msgid)) from None
    if precision != "day":
        raise Refused(N_("date paid: give the day"))
    number = _instalment(cells["instalment"])
    try:
        check_not_shortened(text("receipt_ref"))
    except BadValue as err:
        raise Refused(
            err.msgid, field=_column_label("receipt_ref"), field_key="receipt_ref"
        ) from None
    method = METHODS.get(fold_words(text("method")))
    if method is None:
        raise Refused(N_("unknown payment method {method}"), method=text("method"))
    return PaymentInput(
        case=text("case_number"),
        instalment=number,
        amount=amount_text(cells["amount"]),  # read by the one amount parser, in ``pay``
        method=method,
        receipt_ref=text("receipt_ref"),
        paid_on=paid_on,
        supplier=text("supplier") or None,
        currency=text("currency") or None,
    )


def _instalment(cell: Any) -> int:
    """An instalment number: a whole number cell or the digits of one ("2", 2, 2.0)."""
    if isinstance(cell, float) and cell.is_integer() and 0 < cell < 10_000:
        return int(cell)
    if isinstance(cell, int) and not isinstance(cell, bool) and 0 < cell < 10_000:
        return cell
    if isinstance(cell, str) and _INSTALMENT.fullmatch(cell.strip()) and int(cell) > 0:
        return int(cell)
    raise Refused(N_("{value!r} is not an instalment number"), value=amount_text(cell))


class _Rollback(Exception):
    pass


@dataclass(frozen=True)
class PaymentList:
    """A payment list as read: its rows (row number, fields, values as typed), headers, and what
    the reader guessed."""

    path: Path
    rows: list[tuple[int, dict[str, Any], tuple[Any, ...]]]
    headers: list[str]
    notices: list[ReadNotice]


def read_disbursements(path: str | Path, sheet: str | None = None) -> PaymentList:
    """Read a payment list (nothing is checked against the database yet)."""
    notices: list[ReadNotice] = []
    rows, headers = read_payment_rows(path, notices, sheet)
    return PaymentList(Path(path), rows, headers, notices)


def write_disbursements(
    db: Database,
    actor: Actor,
    read: PaymentList,
    dry_run: bool = False,
    skip_invalid: bool = False,
    today: dt.date | None = None,
    job: Job = NO_JOB,
) -> DisbursementResult:
    """Check every row of ``read`` and write them all (or, with ``skip_invalid``, the valid
    ones) in one transaction; nothing is written on ``dry_run`` or when a row is refused, nor
    when ``job`` is cancelled (``Cancelled`` is raised)."""
    start = time.perf_counter()
    check(actor, "payment.record")
    today = today or dt.date.today()
    data, headers = read.rows, read.headers
    columns = _columns(list(headers), read.path.name)
    result = DisbursementResult(
        rows=len(data), dry_run=dry_run, headers=headers, notices=list(read.notices)
    )
    try:
        with db.transaction() as s:
            for done, (number, cells, values) in enumerate(data, start=1):
                job.check()  # between rows: a cancel rolls every row back
                try:
                    with s.begin_nested():
                        pay(s, actor, _payment(cells, today), today)
                    result.imported += 1
                    result.accepted.append((number, cells))
                except Refused as err:
                    raw = cells.get("case_number")
                    case = text_of(raw) if raw is not None else ""
                    key = _field_of(err)
                    at = columns.get(key) if key else None
                    reason = message = err.text()
                    if at is not None and at < len(headers) and headers[at]:
                        message = _("{column}: {message}").format(
                            column=headers[at], message=message
                        )
                    result.refused.append(RowRefusal(number, case, message, values, at, reason))
                if done % 100 == 0:
                    job.progress(done, len(data))
            if dry_run or (result.refused and not skip_invalid):
                raise _Rollback
            result.written = True
    except _Rollback:
        pass
    job.progress(len(data), len(data))
    result.seconds = time.perf_counter() - start
    return result


def import_disbursements(
    db: Database,
    actor: Actor,
    path: str | Path,
    dry_run: bool = False,
    skip_invalid: bool = False,
    today: dt.date | None = None,
    job: Job = NO_JOB,
    sheet: str | None = None,
) -> DisbursementResult:
    """Read a payment list, then check and write it (``write_disbursements``)."""
    start = time.perf_counter()
    check(actor, "payment.record")  # a user who may not pay waits for no file
    read = read_disbursements(path, sheet)
    result = write_disbursements(db, actor, read, dry_run, skip_invalid, today, job)
    result.seconds = time.perf_counter() - start  # reading included
    return result
