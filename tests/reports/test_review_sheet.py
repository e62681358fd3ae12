import time

from openpyxl import load_workbook
from sqlalchemy import func, select
from support.cases import FULL_YES, register

from models.entities import Case, Hold, Screening
from models.holds import get_suspension, open_suspension, place_hold
from models.screening import DecisionInput, decide_many
from reports.imports.decisions import import_decisions, read_decisions
from reports.imports.error_workbook import ROW_LABEL, write_refusals
from reports.review_sheet import (
    Scope,
    write_review_sheet,
)

ANSWER_COLUMNS = list(FULL_YES)


def _fill(path, out, decide):
    """Fill the sheet as a reviewer would: decide(row values) -> (decision, reason, answers)."""
    wb = load_workbook(path)
    ws = wb["Review"]
    keys = [c.value for c in next(wb["_keys"].iter_rows(max_row=1))]
    col = {k: i + 1 for i, k in enumerate(keys)}
    for r in range(2, ws.max_row + 1):
        number = ws.cell(r, col["case_number"]).value
        choice = decide(number)
        if choice is None:
            continue
        decision, reason, answers = choice
        ws.cell(r, col["decision"]).value = decision
        ws.cell(r, col["reason"]).value = reason
        for k, v in answers.items():
            ws.cell(r, col[k]).value = v
    wb.save(out)


def test_suspension_over_1500_cases_rescreened_through_a_decisions_sheet(
    db, users, new_user, tmp_path
):
    oumar = new_user("oumar", "registrar", "approver")
    numbers = register(db, users["registrar"], 1495, transit_centre="Gao")
    own = register(db, oumar, 5, start=5000, transit_centre="Gao")
    # 300 were already eligible before the suspension.
    with db.transaction() as s:
        decide_many(
            s,
            users["approver"],
            [DecisionInput(n, "eligible", "", FULL_YES) for n in numbers[:300]],
        )
    t0 = time.perf_counter()
    sus = open_suspension(db, users["admin"], "transit_centre", "unusual spike", "Gao")
    opened = time.perf_counter() - t0
    assert sus.held == 1500
    sheet = tmp_path / "review.xlsx"
    t0 = time.perf_counter()
    assert write_review_sheet(db, oumar, Scope(suspension_id=sus.id), sheet) == 1500
    written = time.perf_counter() - t0
    header = [
        c.value for c in next(load_workbook(sheet, read_only=True)["Review"].iter_rows(max_row=1))
    ]
    assert "Case version" in header and "Decision" in header and "Phone" not in header
    # The case changes after the sheet was made: its decision will be refused.
    place_hold(db, users["admin"], numbers[1400], "complaint received")

    plan = {}
    for i, n in enumerate(numbers):
        if i < 1000:
            plan[n] = ("eligible", "", FULL_YES)
        elif i < 1400:
            plan[n] = (
                "ineligible",
                "not from Mali",
                FULL_YES | {"nationality_verified": "not verified"},
            )
        elif i < 1450:
            plan[n] = ("needs information", "call the consulate", {})
        elif i == 1450:
            plan[n] = ("peut-être", "", {})
        elif i == 1451:
            plan[n] = ("eligible", "", {k: FULL_YES[k] for k in ANSWER_COLUMNS[:2]})
    for n in own:
        plan[n] = ("eligible", "", FULL_YES)
    filled = tmp_path / "filled.xlsx"
    _fill(sheet, filled, plan.get)

    dry = import_decisions(db, oumar, filled, dry_run=True)
    with db.reading() as s:
        assert s.scalar(select(func.count()).select_from(Screening)) == 300
    assert dry.applied == 1449

    t0 = time.perf_counter()
    result = import_decisions(db, oumar, filled)
    applied_in = time.perf_counter() - t0
    assert result.rows == 1500
    assert result.undecided == 1500 - len(plan)
    reasons = {r.case: r.message for r in result.refused}
    assert len(reasons) == 8
    assert all("four eyes: oumar" in reasons[n] for n in own)
    assert "changed since the sheet was made" in reasons[numbers[1400]]
    assert "unknown decision 'peut-être'" in reasons[numbers[1450]]
    assert "not complete" in reasons[numbers[1451]]
    assert result.applied == 1000 + 400 + 49

    with db.reading() as s:

        def count(*conds):
            return s.scalar(select(func.count()).select_from(Case).where(*conds))

        assert count(Case.state == "eligible", Case.on_hold.is_(False)) == 1000
        assert count(Case.state == "closed", Case.closed_reason == "not_eligible") == 400
        assert count(Case.state == "screening", Case.on_hold.is_(True)) == 49
        assert count(Case.on_hold.is_(True)) == 1500 - 1000 - 400
        open_holds = s.scalar(
            select(func.count())
            .select_from(Hold)
            .where(Hold.suspension_id == sus.id, Hold.released_at.is_(None))
        )
        assert open_holds == 100
    view = get_suspension(db, sus.id)
    assert (view.released, view.held) == (1400, 1500)

    report = tmp_path / "refused.xlsx"
    write_refusals(report, result.headers, result.refused)
    ws = load_workbook(report).active  # the one error workbook of every import
    assert ws.max_row == 9
    row_column = next(c.column for c in ws[1] if c.value == ROW_LABEL)
    assert (
        ws.cell(2, row_column).value
        == 2
        + sorted([numbers.index(n) if n in numbers else 1495 + own.index(n) for n in reasons])[0]
    )
    # The remaining queue: a second sheet holds only the cases still held.
    again = tmp_path / "again.xlsx"
    assert write_review_sheet(db, oumar, Scope(suspension_id=sus.id), again) == 100
    decided, refused, _h, undecided = read_decisions(again)
    assert (len(decided), len(refused), undecided) == (0, 0, 100)
    print(
        f"\n{db.dialect}: open suspension 1500 {opened:.2f}s, sheet {written:.2f}s, "
        f"import {applied_in:.2f}s"
    )
