"""The Dashboard page shows the known figures, the unusual week and its rule, and leads to pages."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import Qt
from support.dashboard_data import TODAY, build

from desktop.gui import install_translators
from desktop.jobs import JobRunner
from models.database import Database
from models.office_setup import OfficeInfo
from models.users import Actor
from ui.common import Services
from ui.dashboard import DashboardPage

DAYS = [(12, "May"), (19, "May"), (26, "May"), (2, "Jun"), (9, "Jun"), (16, "Jun"), (23, "Jun"),
        (30, "Jun")]  # fmt: skip


def _page(qtbot, db: Database, lang: str) -> Iterator[DashboardPage]:  # type: ignore[no-untyped-def]
    jobs = JobRunner()
    office = OfficeInfo("BKO", "Bureau de Bamako", "MLI", lang, "XOF", "", "")
    services = Services(db, Actor(1, "admin", "Admin", frozenset({"admin"})), office, jobs, lang)
    page = DashboardPage(services)
    page.today = TODAY
    qtbot.addWidget(page)
    page.resize(1200, 900)
    with qtbot.waitSignal(page.loaded, timeout=20_000):
        page.show()
    yield page
    jobs.wait(5000)


@pytest.fixture
def page(qtbot, sqlite_db: Database, english) -> Iterator[DashboardPage]:  # type: ignore[no-untyped-def]
    build(sqlite_db)
    yield from _page(qtbot, sqlite_db, "en")


def _table(model) -> list[list[str]]:  # type: ignore[no-untyped-def]
    return [
        [str(model.index(r, c).data() or "") for c in range(model.columnCount())]
        for r in range(model.rowCount())
    ]


def test_the_dashboard_shows_the_figures(page: DashboardPage) -> None:
    assert page.total.text() == "18 cases"
    assert page.on_hold.text() == "On hold: 2"
    assert page.duplicates.text() == "Possible duplicates to decide: 1"
    states = dict(map(tuple, _table(page.states_model)))  # type: ignore[arg-type]
    assert states["registered"] == "12" and states["in progress"] == "2"
    assert states["completed"] == "1" and states["screening"] == "0"
    assert [b.text for b in page.states_chart.bars] == [s for s in states.values()]
    assert _table(page.countries_model) == [["Mali", "15"], ["Guinea", "2"], ["Senegal", "1"]]
    budget = _table(page.budget_model)
    assert budget[2] == [
        "Mali", "3", "1,600,000 XOF", "1,330,000 XOF", "83%", "800,000 XOF",
        "2,027.57 EUR", "1,219.59 EUR",
    ]  # fmt: skip
    assert budget[3][:5] == [
        "    ECO — Micro-business",
        "3",
        "1,500,000 XOF",
        "1,250,000 XOF",
        "83%",
    ]
    assert budget[3][5] == "—"
    assert budget[0][:6] == [
        "Guinea",
        "2",
        "10,000,000 GNF",
        "8,500,000 GNF",
        "85%",
        "2,400,000 GNF",
    ]
    assert budget[0][6:] == ["rate missing"] * 2
    assert "Rate missing for GNF" in page.rates.text()
    assert "June 2025" in page.rates.text()
    (bar,) = page.findChildren(type(page.suspensions.itemAt(0).widget()))
    assert "1 of 3 re-screened" in bar.format()


def test_the_unusual_week_is_flagged_with_its_numbers(page: DashboardPage) -> None:
    assert "P(X >= count) < 0.01" in page.rule.text() and "at least 10" in page.rule.text()
    assert page.flagged_title.text() == "Unusual weeks: 2"
    rows = _table(page.flagged_model)
    assert rows[0][:3] == ["Gogui", "23/06/2025", "12"]
    assert rows[0][3] == "0.0" and rows[0][4] == "3.2e-13"
    assert rows[1][:3] == ["Mali", "23/06/2025", "12"]
    model = page.intake_model
    headers = [model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())]
    assert headers == ["Border post", *(f"{d} {m}" for d, m in DAYS)]
    assert page.intake_chart.week_labels[-2:] == ["23/06", "30/06"]
    gogui = next(r for r in range(model.rowCount()) if model.index(r, 0).data() == "Gogui")
    flagged = model.index(gogui, 7)  # the week of 23 June
    assert flagged.data() == "12"
    assert flagged.data(Qt.ItemDataRole.BackgroundRole) is not None
    assert "mean of the 12 weeks before: 0.0" in flagged.data(Qt.ItemDataRole.ToolTipRole)
    assert model.index(gogui, 8).data() == "0"
    assert model.index(gogui, 8).data(Qt.ItemDataRole.BackgroundRole) is None
    chart = {r.label: r for r in page.intake_chart.rows}
    assert chart["Gogui"].counts[-2] == 12 and chart["Gogui"].flagged[-2]
    assert not any(chart["Kourémalé"].flagged)
    page.dimension.setCurrentIndex(page.dimension.findData("nationality"))
    names = [model.index(r, 0).data() for r in range(model.rowCount())]
    assert names[0] == "Mali" and "Guinea" in names


def test_figures_lead_to_the_pages(qtbot, page: DashboardPage) -> None:  # type: ignore[no-untyped-def]
    with qtbot.waitSignal(page.cases_requested) as held:
        page.on_hold.click()
    assert held.args == [{"on_hold": True}]
    with qtbot.waitSignal(page.review_requested):
        page.duplicates.click()
    with qtbot.waitSignal(page.cases_requested) as state:
        qtbot.mouseClick(page.states_chart, Qt.MouseButton.LeftButton, pos=_row_point(6))
    assert state.args == [{"state": "in_progress"}]


def _row_point(row: int):  # type: ignore[no-untyped-def]
    from PySide6.QtCore import QPoint

    from ui.dashboard_charts import ROW

    return QPoint(200, row * ROW + ROW // 2)


def test_the_dashboard_follows_changes(qtbot, page: DashboardPage, sqlite_db: Database) -> None:  # type: ignore[no-untyped-def]
    from sqlalchemy import update

    from models.entities import Case

    with sqlite_db.transaction() as s:
        s.execute(update(Case).where(Case.state == "completed").values(state="in_progress"))
    with qtbot.waitSignal(page.loaded, timeout=20_000):
        page.set_index(None)
    states = dict(map(tuple, _table(page.states_model)))  # type: ignore[arg-type]
    assert states["in progress"] == "3" and states["completed"] == "0"


def test_models_pass_the_model_tester(qtmodeltester, page: DashboardPage) -> None:  # type: ignore[no-untyped-def]
    for model in (page.intake_model, page.budget_model, page.flagged_model, page.states_model):
        qtmodeltester.check(model)


def test_the_french_dashboard(qtbot, qapp, sqlite_db: Database) -> None:  # type: ignore[no-untyped-def]
    from test_french import english_left, visible_texts

    build(sqlite_db)
    install_translators(qapp, "fr")
    try:
        for page in _page(qtbot, sqlite_db, "fr"):
            texts = visible_texts(page)
            page.dimension.setCurrentIndex(1)
            texts += visible_texts(page)
            texts += [page.rates.text(), page.rule.text()]
            assert "18 dossiers" in page.total.text()
            assert "0,01" in page.rule.text()
            assert "1 600 000 XOF" in _table(page.budget_model)[2][2].replace("\u202f", " ")
            assert english_left(texts) == []
    finally:
        install_translators(qapp, "en")


def test_a_click_on_the_dashboard_filters_the_case_list(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    window.show_page("dashboard")
    with qtbot.waitSignal(window.dashboard.loaded, timeout=20_000):
        pass
    held = window.dashboard.figures.cases_on_hold
    assert held > 0
    window.dashboard.on_hold.click()
    assert window.stack.currentWidget() is window.cases
    assert window.cases.hold.currentData() is True
    assert window.cases.model.rowCount() == held
    window.show_page("dashboard")
    window.dashboard.countries_chart.row_clicked.emit(0)
    top = window.dashboard.figures.by_country[0]
    assert window.cases.country.currentData() == top.key
    assert window.cases.hold.currentData() is None
    assert window.cases.model.rowCount() == top.count
    window.show_page("dashboard")
    window.dashboard.duplicates.click()
    assert window.stack.currentWidget() is window.review
