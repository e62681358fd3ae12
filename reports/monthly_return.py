"""The monthly return to headquarters (.xlsx, openpyxl write-only) and its reader.

Headquarters parse these files, so the sheet names, the column keys (row 1 of every sheet) and
their order are fixed; a change means a new ``SCHEMA_VERSION``. Full description with every
column: ``reports/RETURN_SCHEMA.md``.

Sheets (after ``Rapport``/``Report``, the one-page report for people written by
``reports.return_report``: not hashed, not parsed)
    ``Cover``         two columns ``key`` / ``value``: schema, schema_version, office_code,
                      office_name, month, currency, eur_rate, generated_by, generated_at, the
                      totals (``total_<Summary column>``), data_quality_issues, data_sha256;
                      (version 3) status, submitted_by, month_locked, report_sheet,
                      report_sha256; (version 2) audit_length, audit_head, office_key, signature.
    ``Summary``       one row per country_of_origin x sex x age_band present: registered,
                      found_eligible, agreements_signed, assistance_started, completed, closed,
                      active_at_month_end, approved_local, approved_eur, disbursed_local,
                      disbursed_eur.
    ``Cases``         one row per case, pseudonymised (no name, phone or document): case_number,
                      sex, age_band, country_of_origin, state, on_hold, the month's event flags
                      (0/1), package_types, approved_local, approved_eur, disbursed_local,
                      disbursed_eur.
    ``Disbursements`` case_number, country_of_origin, sex, age_band, instalment, paid_on,
                      method, receipt_reference, adjustment_of, amount_local, amount_eur.
    ``Data quality``  kind, reference, detail (open duplicate flags, holds, missing rate).

EUR amounts are local amounts divided by the month's rate, rounded half-up to the cent per case
and per disbursement; every total is the sum of those rows, so Summary, Cover, Cases and
Disbursements always agree. Without a rate the EUR cells are empty and ``Data quality`` lists
``missing_rate``. ``data_sha256`` is the SHA-256 of every sheet's keys and values except
``generated_by``, ``generated_at``, the hash itself and the signed keys after it: the same
month gives the same hash. ``signature`` is the office key's Ed25519 signature of
``signed_message``: the office, the month, the status (draft or submitted), who submitted it,
whether the month is locked, who generated it and when, ``data_sha256``, the report sheet's
name and the hash of its cells (``report_sha256``), the audit chain's length and head, and the
key's fingerprint (``office_key``). It covers everything a reader trusts, not the file's bytes;
a sheet added to the file is refused. Headquarters check it with the office's registered public
key (``reports.trusted_keys``) and consolidate only submitted returns of the current version.
No string cell can start a formula (``reports.xlsx_safe``).
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import Decimal
from pathlib import Path
from typing import IO, Any, Protocol

from openpyxl import load_workbook

from models import money
from models.errors import Advice, Refused, Unusable
from models.i18n import N_
from models.jobs import NO_JOB, Job
from reports.return_data import ReturnData
from reports.xlsx_safe import safe_value, save_workbook, write_only_workbook

SCHEMA = "rgm-monthly-return"
SCHEMA_VERSION = "3"
# 1: without the audit anchor and the signature; 2: a signature that does not cover the status,
# who generated and submitted it, when, nor the report sheet. Both are read (the office's own
# ``rgm audit verify --against``), and refused by ``rgm consolidate``.
KNOWN_SCHEMA_VERSIONS = ("1", "2", "3")
DRAFT, SUBMITTED = "draft", "submitted"

COVER, SUMMARY, CASES, DISBURSEMENTS, DATA_QUALITY = (
    "Cover",
    "Summary",
    "Cases",
    "Disbursements",
    "Data quality",
)
SHEETS = (COVER, SUMMARY, CASES, DISBURSEMENTS, DATA_QUALITY)

COUNTS = (
    "registered",
    "found_eligible",
    "agreements_signed",
    "assistance_started",
    "completed",
    "closed",
    "active_at_month_end",
)
AMOUNTS = ("approved_local", "approved_eur", "disbursed_local", "disbursed_eur")
GROUP = ("country_of_origin", "sex", "age_band")
SUMMARY_COLUMNS = (*GROUP, *COUNTS, *AMOUNTS)
CASE_FLAGS = (
    "registered",
    "found_eligible",
    "agreement_signed",
    "assistance_started",
    "completed",
    "closed",
    "active_at_month_end",
)
CASES_COLUMNS = (
    "case_number",
    "sex",
    "age_band",
    "country_of_origin",
    "state",
    "on_hold",
    *CASE_FLAGS,
    "package_types",
    *AMOUNTS,
)
DISBURSEMENTS_COLUMNS = (
    "case_number",
    "country_of_origin",
    "sex",
    "age_band",
    "instalment",
    "paid_on",
    "method",
    "receipt_reference",
    "adjustment_of",
    "amount_local",
    "amount_eur",
)
DATA_QUALITY_COLUMNS = ("kind", "reference", "detail")
COVER_COLUMNS = ("key", "value")
COLUMNS = {
    SUMMARY: SUMMARY_COLUMNS,
    CASES: CASES_COLUMNS,
    DISBURSEMENTS: DISBURSEMENTS_COLUMNS,
    DATA_QUALITY: DATA_QUALITY_COLUMNS,
}
TOTAL_KEYS = tuple(f"total_{c}" for c in (*COUNTS, *AMOUNTS))
COVER_KEYS_V1 = (
    "schema",
    "schema_version",
    "office_code",
    "office_name",
    "month",
    "currency",
    "eur_rate",
    "generated_by",
    "generated_at",
    "cases",
    *TOTAL_KEYS,
    "data_quality_issues",
    "data_sha256",
)
SIGNATURE_KEYS = ("audit_length", "audit_head", "office_key", "signature")
# version 3: what a reader trusts besides the data, signed with it
RETURN_KEYS = ("status", "submitted_by", "month_locked", "report_sheet", "report_sha256")
COVER_KEYS = (*COVER_KEYS_V1, *RETURN_KEYS, *SIGNATURE_KEYS)
COVER_KEYS_BY_VERSION = {
    "1": COVER_KEYS_V1,
    "2": (*COVER_KEYS_V1, *SIGNATURE_KEYS),
    "3": COVER_KEYS,
}
UNHASHED_COVER_KEYS = ("generated_by", "generated_at", "data_sha256", *RETURN_KEYS,
                       *SIGNATURE_KEYS)  # fmt: skip
# The Cover values each version's signature covers, in this order after its context line.
SIGNED_KEYS = {
    "2": ("office_code", "month", "data_sha256", "audit_length", "audit_head", "office_key"),
    "3": ("office_code", "month", "status", "submitted_by", "month_locked", "generated_by",
          "generated_at", "data_sha256", "report_sheet", "report_sha256", "audit_length",
          "audit_head", "office_key"),
}  # fmt: skip
SIGNATURE_CONTEXT = {"2": "rgm-monthly-return-signature-1", "3": "rgm-monthly-return-signature-2"}


class ReturnSigner(Protocol):
    """The office's signing key (``models.office_keys.OfficeKey``)."""

    @property
    def fingerprint(self) -> str: ...

    def sign(self, message: bytes) -> str: ...


def signed_message(texts: Mapping[str, str], version: str = SCHEMA_VERSION) -> bytes:
    """What the office's key signs: the canonical texts of the Cover values ``SIGNED_KEYS``
    (version 3: the data's and the report sheet's hashes, the status, who generated and
    submitted it and when, whether the month is locked, the audit anchor and the key)."""
    fields = [SIGNATURE_CONTEXT[version], *(texts.get(k, "") for k in SIGNED_KEYS[version])]
    return "\n".join(fields).encode("utf-8")


@dataclass(frozen=True)
class ReturnContent:
    """A return as read back from its file (``read_return``); rows are dicts by column key."""

    path: str
    schema_version: str
    office_code: str
    office_name: str
    month: str
    currency: str
    eur_rate: Decimal | None
    generated_by: str
    generated_at: str
    data_sha256: str
    cover: dict[str, Any]
    summary: list[dict[str, Any]] = field(default_factory=list)
    cases: list[dict[str, Any]] = field(default_factory=list)
    disbursements: list[dict[str, Any]] = field(default_factory=list)
    issues: list[dict[str, Any]] = field(default_factory=list)
    audit_length: int | None = None  # version 2: the signed audit anchor and key
    audit_head: str = ""
    office_key: str = ""
    signature: str = ""
    status: str = ""  # version 3: DRAFT or SUBMITTED, signed
    month_locked: bool = False
    signed_texts: dict[str, str] = field(default_factory=dict)  # the values the signature covers

    def total(self, column: str) -> Decimal | int | None:
        """A Cover total, e.g. ``total("disbursed_local")``."""
        value = self.cover.get(f"total_{column}")
        return value if value is None or isinstance(value, int) else Decimal(str(value))

    def signed_message(self) -> bytes:
        """The bytes the office's key signed (``signature``; empty for version 1)."""
        if self.schema_version not in SIGNED_KEYS:
            return b""
        return signed_message(self.signed_texts, self.schema_version)


@dataclass(frozen=True)
class ReturnWritten:
    """What ``write_return`` produced: the hash to record and the Cover totals."""

    data_sha256: str
    totals: dict[str, Decimal | int | None]
    missing_rate: bool
    issues: int


# -- canonical text of a value, identical for what is written and what is read back ----------


def _canon(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, datetime):
        return (
            value.date().isoformat() if value.time() == datetime.min.time() else value.isoformat()
        )
    return str(value)


def _canon_read(value: Any, kind: str, currency: str) -> str:
    """Canonical text of a value read by openpyxl (floats back to the written Decimal)."""
    if value is None or value == "":
        return ""
    if kind == "local":
        return str(money.round_to(Decimal(str(value)), currency, unknown=2))
    if kind == "eur":
        return str(money.round_eur(Decimal(str(value))))
    if kind == "int" and isinstance(value, float) and value.is_integer():
        return str(int(value))
    return _canon(value)


def _rate_text(value: Any) -> str:
    """The exchange rate as text, without trailing zeros (``655.957``)."""
    if value is None or value == "":
        return ""
    return format(Decimal(str(value)).normalize(), "f")


def _typed(value: Any, text: str, kind: str) -> Any:
    """A value read back, typed as written: Decimal amounts, int counts, date, str."""
    if kind in ("local", "eur"):
        return Decimal(text) if text else None
    if kind == "int":
        return int(text) if text else 0
    if isinstance(value, datetime):
        return value.date()
    return "" if value is None else value


def _kind(column: str) -> str:
    if column.endswith("_local"):
        return "local"
    if column.endswith("_eur"):
        return "eur"
    if column in (*COUNTS, *CASE_FLAGS, "on_hold", "instalment", "cases", "data_quality_issues",
                  "audit_length", "month_locked"):  # fmt: skip
        return "int"
    if column.startswith("total_"):
        return "int"
    return "text"


class _Hasher:
    def __init__(self) -> None:
        self._h = hashlib.sha256()

    def sheet(self, name: str, columns: Iterable[str]) -> None:
        self._h.update(f"\x1e{name}\x1d{chr(0x1F).join(columns)}\n".encode())

    def row(self, texts: Iterable[str]) -> None:
        self._h.update(("\x1f".join(texts) + "\n").encode())

    def hexdigest(self) -> str:
        return self._h.hexdigest()


# -- building the rows -------------------------------------------------------------------------


def _rows(data: ReturnData) -> dict[str, Any]:
    cur = data.currency.upper()
    rate = data.eur_rate

    def local(amount: Decimal) -> Decimal:
        return money.round_to(amount, cur, unknown=2)

    def eur(amount: Decimal) -> Decimal | None:
        return money.to_eur(amount, rate)

    by_case = {c.case_number: c for c in data.cases}
    if len(by_case) != len(data.cases):
        raise ValueError("a case appears twice in the return")
    disbursements: list[list[Any]] = []
    paid: dict[str, tuple[Decimal, Decimal]] = {}
    for d in sorted(
        data.disbursements,
        key=lambda d: (d.case_number, d.paid_on, d.instalment, d.amount_local, d.receipt_reference),
    ):
        case = by_case.get(d.case_number)
        if case is None:
            raise ValueError(f"disbursement for {d.case_number}, which is not in the return")
        amount = local(d.amount_local)
        amount_eur = eur(amount)
        before = paid.get(d.case_number, (Decimal(0), Decimal(0)))
        paid[d.case_number] = (before[0] + amount, before[1] + (amount_eur or 0))
        disbursements.append(
            [
                d.case_number,
                case.country_of_origin,
                case.sex,
                case.age_band,
                d.instalment,
                d.paid_on,
                d.method,
                d.receipt_reference,
                d.adjustment_of,
                amount,
                amount_eur,
            ]
        )

    groups: dict[tuple[str, str, str], list[Any]] = {}
    cases: list[list[Any]] = []
    zero = Decimal(0)
    for c in sorted(data.cases, key=lambda c: c.case_number):
        approved = local(c.approved_local)
        approved_eur = eur(approved)
        disbursed, disbursed_eur_sum = paid.get(c.case_number, (zero, zero))
        disbursed = local(disbursed)
        disbursed_eur = None if rate is None else money.round_eur(disbursed_eur_sum)
        flags = (
            int(c.registered),
            int(c.found_eligible),
            int(c.agreement_signed),
            int(c.assistance_started),
            int(c.completed),
            int(c.closed),
            int(c.active_at_month_end),
        )
        amounts = (approved, approved_eur, disbursed, disbursed_eur)
        cases.append(
            [
                c.case_number,
                c.sex,
                c.age_band,
                c.country_of_origin,
                c.state,
                int(c.on_hold),
                *flags,
                " ".join(c.package_types),
                *amounts,
            ]
        )
        key = (c.country_of_origin, c.sex, c.age_band)
        group = groups.get(key)
        if group is None:
            group = groups[key] = [0] * len(COUNTS) + [zero, zero, zero, zero]
        for i, flag in enumerate(flags):
            group[i] += flag
        n = len(COUNTS)
        group[n] += approved
        group[n + 1] += approved_eur or zero
        group[n + 2] += disbursed
        group[n + 3] += disbursed_eur or zero

    n = len(COUNTS)

    def finish(values: list[Any]) -> list[Any]:
        """Amounts at their exact precision, so that written and read-back texts agree."""
        values[n], values[n + 2] = local(values[n]), local(values[n + 2])
        if rate is None:
            values[n + 1] = values[n + 3] = None
        else:
            values[n + 1], values[n + 3] = (
                money.round_eur(values[n + 1]),
                money.round_eur(values[n + 3]),
            )
        return values

    summary = []
    totals: list[Any] = [0] * n + [zero, zero, zero, zero]
    for key in sorted(groups):
        values = groups[key]
        for i in range(n + 4):
            totals[i] += values[i]
        summary.append([*key, *finish(values)])
    totals = finish(totals)

    issues = sorted((i.kind, i.reference, i.detail) for i in data.issues)
    if rate is None and not any(kind == "missing_rate" for kind, _, _ in issues):
        issues.append(
            ("missing_rate", f"{cur} {data.month}", f"no {cur}/EUR rate for {data.month}")
        )
        issues.sort()
    return {
        SUMMARY: summary,
        CASES: cases,
        DISBURSEMENTS: disbursements,
        DATA_QUALITY: [list(i) for i in issues],
        "totals": dict(zip(TOTAL_KEYS, totals, strict=True)),
    }


def _cover(
    data: ReturnData,
    rows: dict[str, Any],
    digest: str,
    signer: ReturnSigner | None = None,
    report: tuple[str, str] = ("", ""),
) -> list[tuple[str, Any]]:
    values: dict[str, Any] = {
        "schema": SCHEMA,
        "schema_version": SCHEMA_VERSION,
        "office_code": data.office_code,
        "office_name": data.office_name,
        "month": data.month,
        "currency": data.currency.upper(),
        "eur_rate": None if data.eur_rate is None else Decimal(_rate_text(data.eur_rate)),
        "generated_by": data.generated_by,
        "generated_at": data.generated_at.replace(microsecond=0).isoformat(),
        "cases": len(rows[CASES]),
        **rows["totals"],
        "data_quality_issues": len(rows[DATA_QUALITY]),
        "data_sha256": digest,
        "status": SUBMITTED if data.submitted else DRAFT,
        "submitted_by": data.generated_by if data.submitted else None,
        "month_locked": int(data.submitted or data.month_locked),
        "report_sheet": report[0] or None,
        "report_sha256": report[1] or None,
        "audit_length": data.audit_length,
        "audit_head": data.audit_head or None,
        "office_key": signer.fingerprint if signer else None,
        "signature": None,
    }
    if signer is not None and digest:
        texts = {key: _canon(values[key]) for key in SIGNED_KEYS[SCHEMA_VERSION]}
        values["signature"] = signer.sign(signed_message(texts))
    return [(key, values[key]) for key in COVER_KEYS]


# -- the report sheet's cells, signed through their hash (report_sha256) ----------------------


def _report_text(value: Any, written: bool) -> str | None:
    """Canonical text of a report cell as written (``written``) or as read back by openpyxl;
    None for an empty cell. Numbers go through what openpyxl stores (16 significant digits)."""
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        return "b:1" if value else "b:0"
    if isinstance(value, int | float | Decimal):
        number = float(format(float(value), ".16g")) if written else float(value)
        return None if number != number or number in (_INF, -_INF) else f"n:{number!r}"
    if isinstance(value, datetime | date):
        when = value if isinstance(value, datetime) else datetime(value.year, value.month,
                                                                   value.day)  # fmt: skip
        return "d:" + (when + timedelta(microseconds=500_000)).replace(microsecond=0).isoformat()
    return "s:" + str(value)


_INF = float("inf")


def report_digest(cells: Iterable[tuple[int, int, Any]], written: bool) -> str:
    """SHA-256 of the report sheet's non-empty cells, each with its row and column."""
    h = hashlib.sha256()
    for row, column, value in sorted(
        (r, c, t) for r, c, v in cells if (t := _report_text(v, written)) is not None
    ):
        h.update(f"{row}\x1f{column}\x1f{value}\n".encode())
    return h.hexdigest()


def _hash_cover(hasher: _Hasher, cover: Iterable[tuple[str, str]]) -> None:
    hasher.sheet(COVER, COVER_COLUMNS)
    for key, text in cover:
        if key not in UNHASHED_COVER_KEYS:
            hasher.row((key, text))


def write_return(
    data: ReturnData,
    out: str | Path | IO[bytes],
    job: Job = NO_JOB,
    signer: ReturnSigner | None = None,
) -> ReturnWritten:
    """Write the monthly return of ``data`` to ``out`` (.xlsx), signed by ``signer`` (the
    office's key; unsigned without one); returns its hash and totals."""
    rows = _rows(data)
    hasher = _Hasher()
    cover_texts = [
        (k, _rate_text(v) if k == "eur_rate" else _canon(v)) for k, v in _cover(data, rows, "")
    ]
    _hash_cover(hasher, cover_texts)
    for sheet in (SUMMARY, CASES, DISBURSEMENTS, DATA_QUALITY):
        hasher.sheet(sheet, COLUMNS[sheet])
        for row in rows[sheet]:
            hasher.row(["" if v is None else str(v) for v in row])
    digest = hasher.hexdigest()

    with write_only_workbook() as wb:
        total = sum(len(rows[s]) for s in COLUMNS) + len(COVER_KEYS)
        done = 0
        # the sheet for people first, then the machine sheets, styled for print (values unchanged)
        from reports import print_layout as layout
        from reports.return_report import footer, write_report

        cells: list[tuple[int, int, Any]] = []
        report = write_report(wb, data, _report_rows(rows), {"quality": DATA_QUALITY}, cells)
        page_footer = footer(data.office_code, data.office_name, data.month, data.language)
        cover = _cover(data, rows, digest, signer, (report.title, report_digest(cells, True)))
        ws = wb.create_sheet(COVER)
        ws.append(layout.data_sheet(ws, COVER_COLUMNS, cover, [None, None], page_footer, (24, 66)))
        cover_formats = layout.column_formats(
            COVER_KEYS, data.currency.upper(), (*TOTAL_KEYS, "cases", "data_quality_issues")
        )
        for (key, value), fmt in zip(cover, cover_formats, strict=True):
            ws.append(
                [
                    key,
                    _safe(ws, value) if fmt is None else layout.cell(ws, value, number_format=fmt),
                ]
            )
        done += len(COVER_KEYS)
        step = 5000
        for sheet in (SUMMARY, CASES, DISBURSEMENTS, DATA_QUALITY):
            ws = wb.create_sheet(sheet)
            formats = layout.column_formats(COLUMNS[sheet], data.currency.upper(), COUNTS)
            ws.append(layout.data_sheet(ws, COLUMNS[sheet], rows[sheet], formats, page_footer))
            append, styled = ws.append, layout.row_styler(ws, formats)
            for index, row in enumerate(rows[sheet], start=1):
                append(styled(row))
                if index % step == 0:
                    job.check(N_("Writing the return was cancelled"))
                    job.progress(done + index, total)
            done += len(rows[sheet])
        save_workbook(wb, out)
    job.progress(total, total)
    totals = rows["totals"]
    return ReturnWritten(
        data_sha256=digest,
        totals={k.removeprefix("total_"): v for k, v in totals.items()},
        missing_rate=data.eur_rate is None,
        issues=len(rows[DATA_QUALITY]),
    )


def _report_rows(rows: dict[str, Any]) -> dict[str, Any]:
    return {"totals": rows["totals"], "summary": rows[SUMMARY], "issues": rows[DATA_QUALITY]}


_safe = safe_value


# -- reading back -------------------------------------------------------------------------------


def _sheet_rows(wb: Any, name: str, path: str) -> Iterator[tuple[Any, ...]]:
    if name not in wb.sheetnames:
        raise Refused(N_("{file}: the sheet {sheet} is missing"), file=path, sheet=name)
    rows: Iterator[tuple[Any, ...]] = wb[name].iter_rows(values_only=True)
    return rows


def read_return(path: str | Path) -> ReturnContent:
    """Read a return written by ``write_return`` and check its schema and its hash; refuses
    (``Refused``, naming the file) a file that is not a return, of an unknown schema version,
    or whose content no longer matches its ``data_sha256``."""
    name = Path(path).name
    try:
        wb = load_workbook(str(path), read_only=True, data_only=True)
    except Exception as exc:  # zipfile, xml and openpyxl errors alike
        raise Unusable(N_("{file} is not an Excel workbook"), file=name) from exc
    try:
        return _read(wb, name, str(path))
    finally:
        wb.close()


def _read(wb: Any, name: str, path: str) -> ReturnContent:
    cover_rows = list(_sheet_rows(wb, COVER, name))
    cover: dict[str, Any] = {}
    for row in cover_rows[1:]:
        if row and row[0] is not None:
            cover[str(row[0])] = row[1] if len(row) > 1 else None
    if cover.get("schema") != SCHEMA:
        raise Refused(N_("{file} is not a monthly return"), file=name)
    version = str(cover.get("schema_version") or "")
    if version not in KNOWN_SCHEMA_VERSIONS:
        raise Refused(
            N_("{file}: unknown return schema version {version}"), file=name, version=version
        )
    currency = str(cover.get("currency") or "")
    hasher = _Hasher()
    cover_texts = []
    for key in COVER_KEYS_BY_VERSION[version]:
        if key not in cover:
            raise Refused(N_("{file}: the cover has no {key}"), file=name, key=key)
        value = cover[key]
        try:
            if key == "eur_rate":
                cover_texts.append((key, _rate_text(value)))
            else:
                cover_texts.append((key, _canon_read(value, _kind(key), currency)))
        except _NOT_A_VALUE as exc:
            raise Refused(_BAD_VALUE, file=name, sheet=COVER, row=key, column="value") from exc
    _hash_cover(hasher, cover_texts)
    sheets: dict[str, list[dict[str, Any]]] = {}
    for sheet, columns in COLUMNS.items():
        rows = _sheet_rows(wb, sheet, name)
        header = next(rows, None)
        if header is None or tuple(header[: len(columns)]) != columns:
            raise Refused(
                N_("{file}: the columns of {sheet} are not those of the schema"),
                file=name,
                sheet=sheet,
            )
        hasher.sheet(sheet, columns)
        kinds = [_kind(c) for c in columns]
        width = len(columns)
        records = []
        for number, row in enumerate(rows, start=2):
            values = list(row[:width]) + [None] * (width - len(row))
            if all(v is None for v in values):
                continue
            try:
                texts = [_canon_read(v, k, currency) for v, k in zip(values, kinds, strict=True)]
                record = {
                    c: _typed(v, t, k)
                    for c, v, t, k in zip(columns, values, texts, kinds, strict=True)
                }
            except _NOT_A_VALUE as exc:
                column = next(
                    (c for c, v, k in zip(columns, values, kinds, strict=True)
                     if not _readable(v, k, currency)),
                    "",
                )  # fmt: skip
                raise Refused(
                    _BAD_VALUE, file=name, sheet=sheet, row=number, column=column
                ) from exc
            hasher.row(texts)
            records.append(record)
        sheets[sheet] = records
    digest = hasher.hexdigest()
    if digest != cover.get("data_sha256"):
        raise Refused(
            N_(
                "{file}: its content does not match its data_sha256; it was changed after it was generated"
            ),
            file=name,
        )
    cover_text = dict(cover_texts)
    if version == "3":
        _check_report(wb, name, cover_text)
    rate = cover.get("eur_rate")
    length = cover.get("audit_length")
    return ReturnContent(
        path=path,
        schema_version=version,
        office_code=str(cover["office_code"]),
        office_name=str(cover["office_name"] or ""),
        month=str(cover["month"]),
        currency=currency,
        eur_rate=None if rate in (None, "") else Decimal(str(rate)),
        generated_by=str(cover.get("generated_by") or ""),
        generated_at=str(cover.get("generated_at") or ""),
        data_sha256=digest,
        cover=cover,
        summary=sheets[SUMMARY],
        cases=sheets[CASES],
        disbursements=sheets[DISBURSEMENTS],
        issues=sheets[DATA_QUALITY],
        audit_length=int(length)
        if isinstance(length, int | float) and float(length).is_integer()
        else None,
        audit_head=str(cover.get("audit_head") or ""),
        office_key=str(cover.get("office_key") or ""),
        signature=str(cover.get("signature") or ""),
        status=cover_text.get("status", ""),
        month_locked=cover_text.get("month_locked") == "1",
        signed_texts={k: cover_text.get(k, "") for k in SIGNED_KEYS.get(version, ())},
    )


def _check_report(wb: Any, name: str, texts: Mapping[str, str]) -> None:
    """Version 3: the workbook holds the report sheet and the machine sheets, nothing else,
    and the report's cells are those whose hash the return signs (``report_sha256``)."""
    report = texts.get("report_sheet", "")
    if texts.get("status") not in (DRAFT, SUBMITTED):
        raise Refused(_BAD_VALUE, file=name, sheet=COVER, row="status", column="value")
    for sheet in wb.sheetnames:
        if sheet not in (report, *SHEETS):
            raise Refused(
                N_("{file}: the sheet {sheet} is not part of a monthly return (added)"),
                file=name,
                sheet=sheet,
            )
    if report not in wb.sheetnames:
        raise Refused(N_("{file}: the sheet {sheet} is missing"), file=name, sheet=report or "?")
    cells = (
        (r, c, value)
        for r, row in enumerate(wb[report].iter_rows(values_only=True), start=1)
        for c, value in enumerate(row, start=1)
    )
    if report_digest(cells, written=False) != texts.get("report_sha256"):
        raise Refused(
            N_("{file}: its report sheet {sheet} was changed after it was generated"),
            file=name,
            sheet=report,
        )


_OLD_VERSION = N_(
    "{file} is a return of schema version {version}, which headquarters no longer accept: office "
    "{office} must make it again and send it with the current version ({current})"
)
_DRAFT = N_(
    "{file} is a draft return of {office} for {month}, not a submitted one: only a submitted "
    "return can be consolidated"
)


def check_current(content: ReturnContent) -> None:
    """Refuse a return of an older schema version, whose signature does not cover its status,
    its authors and its report sheet (headquarters' check before the signature)."""
    if content.schema_version != SCHEMA_VERSION:
        raise Refused(_OLD_VERSION, file=Path(content.path).name, version=content.schema_version,
                      office=content.office_code, current=SCHEMA_VERSION)  # fmt: skip


def check_submitted(content: ReturnContent) -> None:
    """Refuse a draft (once its signature checked out, so the status is the office's word)."""
    if content.status != SUBMITTED or not content.month_locked:
        raise Refused(_DRAFT, advice=Advice.SUBMIT_RETURN, file=Path(content.path).name,
                      office=content.office_code, month=content.month)  # fmt: skip


_NOT_A_VALUE = (ArithmeticError, ValueError, TypeError, OverflowError)
_BAD_VALUE = N_("{file}: sheet {sheet}, row {row}: the value of {column} is not of its kind")


def _readable(value: Any, kind: str, currency: str) -> bool:
    try:
        _typed(value, _canon_read(value, kind, currency), kind)
    except _NOT_A_VALUE:
        return False
    return True


# -- checking that the totals add up ------------------------------------------------------------

_TOTAL_DIFFERS = N_("{file}: the cover says {key} = {cover}, but the rows add up to {rows}")
_GROUP_DIFFERS = N_(
    "{file}: the Summary row {group} says {column} = {summary}, but its cases add up to {rows}"
)
_CASE_DIFFERS = N_(
    "{file}: case {case} says {column} = {value}, but its disbursements add up to {rows}"
)


def check_totals(content: ReturnContent) -> None:
    """Refuse a return whose Cover totals, Summary rows and per-case amounts are not the sums of
    its detail rows (Cases, Disbursements), naming the file and the first figure that differs."""
    name = Path(content.path).name
    summary, cases, pays = content.summary, content.cases, content.disbursements
    no_rate = content.eur_rate is None

    def add(column: str, values: Iterable[Any]) -> Any:
        """The sum of the cells; EUR cells stay empty without a rate."""
        if no_rate and column.endswith("_eur"):
            return None
        return sum((v for v in values if v is not None), Decimal(0))

    def same(key: str, cover: Any, *sums: Any) -> None:
        for rows in sums:
            if cover != rows:
                raise Refused(_TOTAL_DIFFERS, file=name, key=key, cover=cover, rows=rows)

    same("cases", content.cover.get("cases"), len(cases))
    same("data_quality_issues", content.cover.get("data_quality_issues"), len(content.issues))
    pairs = [*zip(COUNTS, CASE_FLAGS, strict=True), *((a, a) for a in AMOUNTS)]
    for column, case_column in pairs:
        same(f"total_{column}", content.total(column), add(column, (r[column] for r in summary)),
             add(column, (c[case_column] for c in cases)))  # fmt: skip
    same("total_disbursed_local", content.total("disbursed_local"),
         add("amount_local", (d["amount_local"] for d in pays)))  # fmt: skip
    same("total_disbursed_eur", content.total("disbursed_eur"),
         add("amount_eur", (d["amount_eur"] for d in pays)))  # fmt: skip
    groups: dict[tuple[str, ...], list[dict[str, Any]]] = {}
    for c in cases:
        groups.setdefault(tuple(str(c[g]) for g in GROUP), []).append(c)
    for row in summary:
        key = tuple(str(row[g]) for g in GROUP)
        members = groups.pop(key, [])
        for column, case_column in pairs:
            rows = add(column, (c[case_column] for c in members))
            if row[column] != rows:
                raise Refused(_GROUP_DIFFERS, file=name, group=" / ".join(key), column=column,
                              summary=row[column], rows=rows)  # fmt: skip
    if groups:
        key, members = min(groups.items())
        raise Refused(_GROUP_DIFFERS, file=name, group=" / ".join(key), column="cases",
                      summary=0, rows=len(members))  # fmt: skip
    paid: dict[str, list[dict[str, Any]]] = {}
    for d in pays:
        paid.setdefault(str(d["case_number"]), []).append(d)
    for c in cases:
        for column in ("disbursed_local", "disbursed_eur"):
            amounts = (
                d[column.replace("disbursed", "amount")]
                for d in paid.get(str(c["case_number"]), [])
            )
            rows = add(column, amounts)
            if c[column] != rows:
                raise Refused(_CASE_DIFFERS, file=name, case=c["case_number"], column=column,
                              value=c[column], rows=rows)  # fmt: skip
    stray = sorted(set(paid) - {str(c["case_number"]) for c in cases})
    if stray:
        raise Refused(_CASE_DIFFERS, file=name, case=stray[0], column="disbursed_local",
                      value="", rows=add("amount_local", (d["amount_local"] for d in paid[stray[0]])))  # fmt: skip
