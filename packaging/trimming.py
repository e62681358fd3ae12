"""What the bundle leaves out of what PyInstaller collects (packaging/rgm.spec uses it; a test
checks the rules on real names). Only what the program never uses: other languages' locale
data, Qt plug-ins and libraries of embedded devices and QML, modules never imported."""

from __future__ import annotations

import re
import sys

LANGUAGES = ("fr", "en")  # the program's languages

# Qt's own translations (qtbase_de.qm, ...), Babel's CLDR data (de_CH.dat, ...), pycountry's
# gettext catalogues (locales/de/...): only the program's languages are kept.
QT_QM = re.compile(r"(^|/)translations/[a-z_]+?_(?P<lang>[a-z]{2,3})(_[A-Za-z]+)?\.qm$")
BABEL = re.compile(r"(^|/)babel/locale-data/(?P<lang>[a-z]{2,3})(_\w+)?\.dat$")
PYCOUNTRY = re.compile(r"(^|/)pycountry/locales/(?P<lang>[a-zA-Z]{2,3})(_\w+)?/")
# Qt plug-ins: only the kinds a desktop window uses (not sensors, multimedia, embedded
# devices...), and of those, not the embedded platforms nor the virtual keyboard (which alone
# brings Qt Quick and QML); then the Qt libraries that only those plug-ins needed.
QT_PLUGIN_KINDS = {
    "platforms",
    "platformthemes",
    "platforminputcontexts",
    "xcbglintegrations",
    "imageformats",
    "iconengines",
    "printsupport",
    "styles",
    "wayland-decoration-client",
    "wayland-graphics-integration-client",
    "wayland-shell-integration",
}
QT_PLUGIN = re.compile(r"(^|/)plugins/(?P<kind>[^/]+)/(?P<name>[^/]+)$")
QT_PLUGIN_UNUSED = re.compile(r"eglfs|linuxfb|minimalegl|vkkhrdisplay|vnc|virtualkeyboard", re.I)
QT_LIBRARY_UNUSED = re.compile(r"(^|/)(lib)?Qt6(VirtualKeyboard|Qml|Quick|EglFS|EglFs)[^/]*$")
# Modules the program never imports (numpy: only optional paths of openpyxl, psycopg and
# rapidfuzz's cdist try it); phonenumbers' geocoder, carrier and time-zone data are large.
UNUSED_MODULES = (
    "numpy",
    "phonenumbers.geodata",
    "phonenumbers.carrierdata",
    "phonenumbers.tzdata",
)
UNUSED_FILES = re.compile(r"^(numpy|numpy\.libs)/")
# Debugging symbols of the shared libraries (libpython, SQLCipher: 44 -> 14 MB); Linux only
# (Windows has none in its DLLs; macOS signing is done on the stripped files by the runner).
STRIP = sys.platform.startswith("linux")


def trimmed_by(dest: str) -> str | None:
    """The rule that trims ``dest`` (a path inside the bundle), or None to keep it."""
    dest = dest.replace("\\", "/")
    for rule, pattern in (("qt-translations", QT_QM), ("babel-locales", BABEL)):
        m = pattern.search(dest)
        if m and m["lang"] not in LANGUAGES and m["lang"] != "root":
            return rule
    m = PYCOUNTRY.search(dest)
    if m and m["lang"].lower() not in LANGUAGES:
        return "pycountry-locales"
    m = QT_PLUGIN.search(dest)
    if m and (m["kind"] not in QT_PLUGIN_KINDS or QT_PLUGIN_UNUSED.search(m["name"])):
        return "qt-plugins"
    if QT_LIBRARY_UNUSED.search(dest):
        return "qt-libraries"
    if UNUSED_FILES.search(dest):
        return "unused-modules"
    return None


def unused_module(name: str) -> bool:
    return name in UNUSED_MODULES or name.startswith(tuple(f"{m}." for m in UNUSED_MODULES))
