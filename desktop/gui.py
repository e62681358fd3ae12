"""Starting the window: Qt application, translators, first start or sign-in, the main window."""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PySide6.QtCore import QLibraryInfo, QLocale, QTranslator
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication, QInputDialog, QLineEdit, QMessageBox, QWidget

from desktop import paths, secrets
from desktop import settings as declared
from desktop.app_context import AppContext
from desktop.early_open import EarlyOpen
from desktop.jobs import JobRunner
from desktop.settings import Settings
from models.database import Database
from models.errors import Refused, RgmError, Unusable
from models.i18n import LANGUAGES, N_, _, current_language, set_language
from models.office_setup import current_office
from models.users import Actor, authenticate

I18N = Path(__file__).resolve().parent.parent / "resources" / "i18n"
ICON = I18N.parent / "icons" / "rgm.png"
LOCALES = {"fr": "fr_FR", "en": "en_GB"}


# -- translations ----------------------------------------------------------------------------------


def _lrelease() -> str | None:
    import PySide6

    for candidate in (
        Path(PySide6.__file__).parent / "lrelease",
        Path(sys.executable).parent / "pyside6-lrelease",
    ):
        if candidate.exists():
            return str(candidate)
    return shutil.which("pyside6-lrelease")


def compiled_translation(lang: str) -> Path | None:
    """The ``.qm`` of ``lang``: the one shipped beside the ``.ts`` (a package is built with it)
    is used as it is; from a clone whose ``.ts`` is newer (or has no ``.qm`` yet) it is compiled
    into the user's cache folder. Nothing is written beside the ``.ts``: it may be read-only."""
    shipped = I18N / f"rgm_{lang}.qm"
    ts = I18N / f"rgm_{lang}.ts"
    if not ts.exists() or (shipped.exists() and shipped.stat().st_mtime >= ts.stat().st_mtime):
        return shipped if shipped.exists() else None
    source = ts.read_bytes()
    qm = paths.cache_dir() / f"rgm_{lang}-{hashlib.sha256(source).hexdigest()[:16]}.qm"
    if not qm.exists():
        tool = _lrelease()
        if tool is not None:
            qm.parent.mkdir(parents=True, exist_ok=True)
            part = qm.with_name(f"{qm.name}.{os.getpid()}.part")
            subprocess.run(
                [tool, "-silent", str(ts), "-qm", str(part)], check=False, capture_output=True
            )
            if part.exists():
                os.replace(part, qm)
    if qm.exists():
        return qm
    return shipped if shipped.exists() else None


def install_translators(app: QApplication, lang: str) -> list[QTranslator]:
    """Our ``.qm`` and Qt's own ``qtbase`` so that standard dialogs speak the language too."""
    for old in getattr(app, "_rgm_translators", []):
        app.removeTranslator(old)
    installed: list[QTranslator] = []
    QLocale.setDefault(QLocale(LOCALES.get(lang, "fr_FR")))
    if lang != "en":
        qt_dir = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
        qt = QTranslator(app)
        if qt.load(f"qtbase_{lang}", qt_dir):
            app.installTranslator(qt)
            installed.append(qt)
        qm = compiled_translation(lang)
        ours = QTranslator(app)
        if qm is not None and ours.load(str(qm)):
            app.installTranslator(ours)
            installed.append(ours)
        else:  # said, not silently shown in English
            print("rgm: " + _("the window's translation could not be loaded ({lang})").format(
                lang=lang), file=sys.stderr)  # fmt: skip
    app._rgm_translators = installed  # type: ignore[attr-defined]
    set_language(lang)
    return installed


# -- asking for secrets ----------------------------------------------------------------------------


def dialog_asker(parent: QWidget | None = None) -> secrets.Asker:
    """Asks for a passphrase in a dialog (``confirm``: typed twice)."""

    def ask(prompt: str, confirm: bool) -> str:
        title = QApplication.translate("gui", "Reintegration Grant Manager")
        value, ok = QInputDialog.getText(parent, title, prompt, QLineEdit.EchoMode.Password)
        if not ok:
            raise Unusable(N_("cancelled: the database was not opened"))
        if confirm:
            again, ok = QInputDialog.getText(
                parent, title, QApplication.translate("gui", "Again to confirm"),
                QLineEdit.EchoMode.Password,
            )  # fmt: skip
            if not ok or again != value:
                raise Refused(N_("the two entries differ"))
        return value

    return ask


# -- start-up --------------------------------------------------------------------------------------


def choose_language(args: argparse.Namespace, settings: Settings) -> str:
    if getattr(args, "lang", None) in LANGUAGES:
        return str(args.lang)
    saved = settings.get(declared.LANGUAGE)
    if saved in LANGUAGES:
        return saved
    return current_language()


@dataclass(frozen=True)
class DemoRequest:
    """Demo data asked for at the first start: loaded by the window's job runner."""

    cases: int
    password: str | None


def first_start(
    app: QApplication, ctx: AppContext, lang: str
) -> tuple[Database, Actor, DemoRequest | None] | None:
    """The set-up dialog; creates the database, its office and admin; the demo data it asks for
    is loaded once the window is open (``load_demo_in_window``)."""
    from models.office_setup import initialise
    from ui.first_start import FirstStartChoice, FirstStartDialog

    created: dict[str, object] = {}

    def create(choice: FirstStartChoice) -> Actor:
        if "db" not in created:
            # A chosen passphrase goes the way scripts give one (the key is then kept nowhere).
            previous = os.environ.get("RGM_DB_PASSPHRASE")
            if choice.passphrase is not None:
                os.environ["RGM_DB_PASSPHRASE"] = choice.passphrase
            try:
                created["db"] = ctx.create_database()
            finally:
                if previous is None:
                    os.environ.pop("RGM_DB_PASSPHRASE", None)
                else:
                    os.environ["RGM_DB_PASSPHRASE"] = previous
        db = created["db"]
        assert isinstance(db, Database)
        _office, actor = initialise(
            db,
            code=choice.code,
            name=choice.name,
            country=choice.country,
            admin=choice.admin,
            password=choice.password,
            language=choice.language,
            full_name=choice.full_name,
        )
        return actor

    dialog = FirstStartDialog(lang, secrets.keyring_is_secure(), create)
    if dialog.exec() != dialog.DialogCode.Accepted or dialog.choice is None:
        db = created.get("db")
        if isinstance(db, Database):
            db.close()
        return None
    db = created["db"]
    assert isinstance(db, Database)
    actor = dialog.result_value
    assert isinstance(actor, Actor)
    demo: DemoRequest | None = None
    if dialog.choice.demo_cases:
        demo = DemoRequest(dialog.choice.demo_cases, dialog.choice.password)
    return db, actor, demo


def sign_in(db: Database, args: argparse.Namespace, settings: Settings) -> Actor | None:
    """``--user`` with RGM_PASSWORD signs in directly (scripts); otherwise the dialog."""
    password = os.environ.get("RGM_PASSWORD")
    if args.user and password is not None:
        try:
            return authenticate(db, args.user, password)
        except Refused as exc:  # as the batch commands do: one line, exit status 1
            print(f"rgm: {exc}", file=sys.stderr)
            return None
    from ui.signin import SignInDialog

    office = current_office(db)
    text = f"{office.name} ({office.code})" if office else ""
    dialog = SignInDialog(db, text, args.user or settings.get(declared.LAST_USER))
    if dialog.exec() != dialog.DialogCode.Accepted or dialog.actor is None:
        return None
    settings.set(declared.LAST_USER, dialog.actor.username)
    return dialog.actor


def run_window(args: argparse.Namespace, early: EarlyOpen | None = None) -> int:
    """Open the window; returns the exit status. ``early``: the database file being opened
    since launch (``desktop.early_open``)."""
    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    app.setApplicationName("Reintegration Grant Manager")
    app.setOrganizationName("rgm")
    app.setWindowIcon(QIcon(str(ICON)))
    settings = Settings()
    lang = choose_language(args, settings)
    install_translators(app, lang)
    from ui.failures import install_hooks

    install_hooks(paths.data_dir() / "logs" / "rgm.log")
    if getattr(args, "screenshots", None):
        return render_screenshots(app, Path(args.screenshots), args, settings)

    ctx = AppContext(
        db_path=args.db,
        database_url=args.database_url,
        user=args.user,
        ask=dialog_asker(),
        early=early,
    )
    ctx.notices = False  # the window finishes what an interrupted run left (finish_pending_work)
    demo: DemoRequest | None = None
    try:
        if not ctx.exists():
            started = first_start(app, ctx, lang)
            if started is None:
                return 1
            db, actor, demo = started
        else:
            db = ctx.database()
            signed = sign_in(db, args, settings)
            if signed is None:
                return 1
            actor = signed
    except RgmError as exc:
        if args.debug:
            raise
        if not args.exit_when_ready:  # a script waits for no one to close a message box
            QMessageBox.critical(None, QApplication.translate("gui", "Cannot start"), str(exc))
        print(f"rgm: {exc}", file=sys.stderr)
        return exc.exit_code
    while True:
        window = build_main_window(db, actor, lang, settings)
        if args.exit_when_ready:
            window.case_list_shown.connect(lambda: _exit_now(ctx))
        window.show()
        if demo is not None:  # before the cases are read (one job at a time on the worker)
            load_demo_in_window(window, db, actor, demo)
            demo = None
        window.load()
        if not args.exit_when_ready:
            finish_pending_work(window, db, actor)
            schedule_auto_backup(window, db)
        status = app.exec()
        window.jobs.cancel_all()
        window.jobs.wait(5000)
        if not window.sign_in_again:
            break
        # A backup was restored: another database, perhaps other users. Sign in on it again.
        window.deleteLater()
        again = sign_in(db, args, settings)
        if again is None:
            break
        actor = again
    settings.sync()
    ctx.close()
    return status


def _exit_now(ctx: AppContext) -> None:
    """``--exit-when-ready``: the case list is shown, so leave at once. Nothing is being written;
    tearing down 100,000 rows and the widgets would only add to what a timer outside measures."""
    ctx.close()
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(0)


def load_demo_in_window(window: Any, db: Database, actor: Actor, demo: DemoRequest) -> None:
    """Load the demo data on the window's worker, with its progress dialog (cancellable: one
    transaction, so a cancel writes nothing); a failure is shown by ``ui.failures.show_failure``,
    and the cases are read again once it is done."""
    from desktop.signing import ensure_signing_key
    from models.demo import load_demo
    from reports.agreements import demo_issuer
    from ui.failures import show_failure

    window.jobs.run(
        lambda job: load_demo(
            db,
            actor,
            cases=demo.cases,
            user_password=demo.password,
            job=job,
            issue_agreement=demo_issuer(ensure_signing_key(db)),
        ),
        on_finished=lambda _summary: window.reload(),
        on_failed=lambda exc: show_failure(window, exc),
        label=QApplication.translate("gui", "Loading demo data…"),
        parent=window,
    )


def finish_pending_work(window: Any, db: Database, actor: Actor) -> None:
    """Check, on the worker, the registrations an interrupted import left unchecked for
    duplicates; the status bar says what was found (or that it failed again)."""
    from models.registrations import finish_pending

    def done(result: tuple[int, int, str | None]) -> None:
        checked, flagged, error = result
        if error is not None:
            text = QApplication.translate(
                "gui", "Checking {n} earlier registrations for duplicates failed: {error}"
            ).format(n=checked, error=error)
        elif checked:
            text = QApplication.translate(
                "gui",
                "{n} registrations of an interrupted import were checked for duplicates: "
                "{flagged} possible duplicates",
            ).format(n=checked, flagged=flagged)
        else:
            return
        window.statusBar().showMessage(text, 30000)
        window.reload()

    from PySide6.QtCore import QTimer

    # Queued after the cases are loaded (the worker runs one job at a time).
    QTimer.singleShot(
        0,
        lambda: window.jobs.run(
            lambda job: finish_pending(db, actor, job),
            on_finished=done,
            on_failed=lambda exc: window.statusBar().showMessage(str(exc), 15000),
        ),
    )


def schedule_auto_backup(window: Any, db: Database) -> None:
    """A rotating automatic backup (daily, seven kept) on the worker, a little after start-up."""
    from PySide6.QtCore import QTimer

    from models.backup import auto_backup

    def run() -> None:
        window.jobs.run(
            lambda _job: auto_backup(db, paths.backup_dir(), keep=7),
            on_finished=lambda info: (
                info is not None
                and window.statusBar().showMessage(
                    QApplication.translate("gui", "Automatic backup written: {path}").format(
                        path=getattr(info, "path", "")
                    ),
                    8000,
                )
            ),
            on_failed=lambda exc: window.statusBar().showMessage(
                QApplication.translate("gui", "Automatic backup failed: {error}").format(error=exc),
                15000,
            ),
        )

    QTimer.singleShot(10_000, run)


def build_main_window(db: Database, actor: Actor, lang: str, settings: Settings):  # type: ignore[no-untyped-def]
    """The main window wired to the settings (columns, sort, language)."""
    from desktop.signing import ensure_signing_key
    from ui.common import Services
    from ui.main_window import MainWindow

    office = current_office(db)
    assert office is not None
    jobs = JobRunner()
    templates = paths.data_dir() / "agreements"
    services = Services(
        db=db,
        actor=actor,
        office=office,
        jobs=jobs,
        language=lang,
        signing_key=lambda: ensure_signing_key(db),
        agreement_templates=templates if templates.is_dir() else None,
        data_folder=paths.data_dir(),
    )
    window = MainWindow(
        services,
        columns=settings.get(declared.CASE_COLUMNS),
        sort=(settings.get(declared.CASE_SORT), settings.get(declared.CASE_SORT_DESCENDING)),
        saved_language=settings.get(declared.LANGUAGE) or lang,
    )
    window.jobs = jobs  # type: ignore[attr-defined]
    jobs.setParent(window)
    window.columns_changed.connect(lambda keys: settings.set(declared.CASE_COLUMNS, list(keys)))

    def save_sort(column: str, descending: bool) -> None:
        settings.set(declared.CASE_SORT, column)
        settings.set(declared.CASE_SORT_DESCENDING, descending)

    window.sort_changed.connect(save_sort)
    window.language_chosen.connect(lambda code: settings.set(declared.LANGUAGE, code))
    return window


def _what_was_shown(window: Any, files: list[Path]) -> dict[str, object]:
    return {
        "title": window.windowTitle(),
        "menus": [a.text().replace("&", "") for a in window.menuBar().actions()],
        "pages": [window.navigation.item(n).text() for n in range(window.navigation.count())],
        "files": [f.name for f in files],
    }


def render_screenshots(
    app: QApplication, out: Path, args: argparse.Namespace, settings: Settings
) -> int:
    """Every screen in French and English, with demo data (a temporary database unless
    ``--db``/``--database-url`` and ``--user`` with RGM_PASSWORD name one)."""
    import secrets as random_secrets
    import tempfile

    from desktop.screenshots import render
    from desktop.signing import ensure_signing_key
    from models.database import raw_key
    from models.demo import load_demo
    from models.office_setup import initialise
    from reports.agreements import demo_issuer

    out.mkdir(parents=True, exist_ok=True)
    temp: tempfile.TemporaryDirectory[str] | None = None
    if (args.db or args.database_url) and args.user and "RGM_PASSWORD" in os.environ:
        ctx = AppContext(db_path=args.db, database_url=args.database_url, user=args.user)
        db = ctx.database()
        actor = authenticate(db, args.user, os.environ["RGM_PASSWORD"])
    else:
        temp = tempfile.TemporaryDirectory(prefix="rgm-screens-")
        db = Database.sqlite(Path(temp.name) / "demo.db", raw_key(random_secrets.token_hex(32)))
        db.open()
        password = random_secrets.token_urlsafe(12)
        _office, actor = initialise(
            db, code="BKO", name="Bureau de Bamako", country="MLI", admin="admin",
            password=password, full_name="Aminata Diallo",
        )  # fmt: skip
        load_demo(db, actor, cases=2000, seed=7, user_password=password,
                  issue_agreement=demo_issuer(ensure_signing_key(db)))  # fmt: skip
    written: list[Path] = []
    shown: dict[str, dict[str, object]] = {}
    try:
        for lang in ("fr", "en"):
            install_translators(app, lang)
            window = build_main_window(db, actor, lang, Settings(out / ".screens.ini"))
            window.load()
            files = render(window, db, actor, lang, out, scratch=temp is not None)
            written += files
            shown[lang] = _what_was_shown(window, files)
            window.jobs.wait(10_000)
            window.close()
            window.deleteLater()
    finally:
        db.close()
        (out / ".screens.ini").unlink(missing_ok=True)
        if temp is not None:
            temp.cleanup()
    # What the screens show, as text: a script (the package's smoke test) reads it back.
    (out / "screens.json").write_text(
        json.dumps(shown, ensure_ascii=False, indent=1) + "\n", encoding="utf-8"
    )
    print(QApplication.translate("gui", "{n} screens written to {dir}").format(
        n=len(written), dir=out))  # fmt: skip
    return 0
