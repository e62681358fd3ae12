"""The bundle's trimming rules (packaging/trimming.py), on the names PyInstaller collects:
only other languages' data, unused Qt plug-ins and libraries, and modules never imported go."""

from __future__ import annotations

import importlib.util
import subprocess
import sys
from pathlib import Path

import babel
import pycountry
import pytest

ROOT = Path(__file__).resolve().parents[2]


def _trimming():  # type: ignore[no-untyped-def]
    # Loaded from its file: "packaging" is also the name of a package on PyPI.
    spec = importlib.util.spec_from_file_location("trimming", ROOT / "packaging" / "trimming.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


trimming = _trimming()


@pytest.mark.parametrize(
    ("dest", "rule"),
    [
        ("PySide6/Qt/translations/qtbase_fr.qm", None),
        ("PySide6/Qt/translations/qtbase_en.qm", None),
        ("PySide6/Qt/translations/qtbase_de.qm", "qt-translations"),
        ("PySide6/Qt/translations/qt_help_zh_CN.qm", "qt-translations"),
        ("PySide6\\translations\\qtbase_pt_BR.qm", "qt-translations"),  # Windows
        ("resources/i18n/rgm_fr.qm", None),
        ("PySide6/Qt/plugins/platforms/libqxcb.so", None),
        ("PySide6/Qt/plugins/platforms/libqwayland.so", None),
        ("PySide6/Qt/plugins/platforms/libqoffscreen.so", None),
        ("PySide6\\plugins\\platforms\\qwindows.dll", None),
        ("PySide6/Qt/plugins/platforms/libqcocoa.dylib", None),
        ("PySide6/Qt/plugins/printsupport/libcupsprintersupport.so", None),
        ("PySide6/Qt/plugins/imageformats/libqjpeg.so", None),
        ("PySide6/Qt/plugins/platforms/libqeglfs.so", "qt-plugins"),
        ("PySide6/Qt/plugins/platforms/libqvnc.so", "qt-plugins"),
        ("PySide6/Qt/plugins/platforminputcontexts/libqtvirtualkeyboardplugin.so", "qt-plugins"),
        ("PySide6/Qt/plugins/generic/libqevdevmouseplugin.so", "qt-plugins"),
        ("PySide6/Qt/plugins/sensors/libqtsensors_generic.so", "qt-plugins"),
        ("PySide6/Qt/lib/libQt6Gui.so.6", None),
        ("PySide6/Qt/lib/libQt6Pdf.so.6", None),
        ("PySide6/Qt/lib/libQt6Quick.so.6", "qt-libraries"),
        ("PySide6/Qt/lib/libQt6QmlModels.so.6", "qt-libraries"),
        ("PySide6\\Qt6VirtualKeyboard.dll", "qt-libraries"),
        ("numpy.libs/libscipy_openblas64_-32a4b2a6.so", "unused-modules"),
        ("numpy/_core/_multiarray_umath.cpython-311-x86_64-linux-gnu.so", "unused-modules"),
    ],
)
def test_rules_on_names_pyinstaller_collects(dest: str, rule: str | None) -> None:
    assert trimming.trimmed_by(dest) == rule


def test_babel_keeps_the_program_s_languages_and_their_parents() -> None:
    data = Path(babel.__file__).parent / "locale-data"
    kept = {
        p.stem for p in data.glob("*.dat") if not trimming.trimmed_by(f"babel/locale-data/{p.name}")
    }
    assert {"root", "fr", "fr_FR", "fr_ML", "fr_SN", "en", "en_GB", "en_GM", "en_001"} <= kept
    assert all(k == "root" or k.split("_")[0] in ("fr", "en") for k in kept)
    assert len(kept) < len(list(data.glob("*.dat"))) / 4


def test_pycountry_keeps_the_french_country_names() -> None:
    locales = Path(pycountry.LOCALES_DIR)
    french = locales / "fr" / "LC_MESSAGES" / "iso3166-1.mo"
    assert french.exists()
    assert trimming.trimmed_by("pycountry/locales/fr/LC_MESSAGES/iso3166-1.mo") is None
    assert trimming.trimmed_by("pycountry/locales/de/LC_MESSAGES/iso3166-1.mo")
    assert trimming.trimmed_by("pycountry/locales/pt_BR/LC_MESSAGES/iso3166-1.mo")


def test_every_module_of_the_program_imports_without_the_unused_ones() -> None:
    """As in the bundle: the unused modules cannot be imported (openpyxl, for one, tries numpy
    and does without); every module of the program still imports."""
    assert trimming.unused_module("numpy") and trimming.unused_module("numpy._core")
    assert trimming.unused_module("phonenumbers.geodata.data0")
    assert not trimming.unused_module("phonenumbers") and not trimming.unused_module("numpyx")
    code = (
        "import importlib, importlib.util, pkgutil, sys\n"
        f"spec = importlib.util.spec_from_file_location('trimming', {str(ROOT / 'packaging' / 'trimming.py')!r})\n"
        "trimming = importlib.util.module_from_spec(spec); spec.loader.exec_module(trimming)\n"
        "class Gone:\n"
        "    def find_spec(self, name, path=None, target=None):\n"
        "        if trimming.unused_module(name):\n"
        "            raise ModuleNotFoundError(name)\n"
        "sys.meta_path.insert(0, Gone())\n"
        "import openpyxl, psycopg, rapidfuzz.distance, phonenumbers, PIL.Image, reportlab\n"
        "phonenumbers.format_number(phonenumbers.parse('+22376123456'), 0)\n"
        "for top in ('models', 'reports', 'desktop', 'ui'):\n"
        "    package = importlib.import_module(top)\n"
        "    for info in pkgutil.walk_packages(package.__path__, top + '.'):\n"
        "        if '.migrations' not in info.name:\n"
        "            importlib.import_module(info.name)\n"
        "print(len(sys.modules), sorted(m for m in sys.modules if trimming.unused_module(m)))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT,
        env={"QT_QPA_PLATFORM": "offscreen", "PATH": "/usr/bin:/bin"},
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    count, unused = done.stdout.split(" ", 1)
    assert int(count) > 500 and unused.strip() == "[]"
