"""The packaging files agree with the program and with each other (the Windows and macOS ones
cannot be run here: what can be checked of them is checked here)."""

from __future__ import annotations

import configparser
import re
import xml.etree.ElementTree as ET
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
WORKFLOW = ROOT / ".github" / "workflows" / "package.yml"
ISS = ROOT / "packaging" / "windows" / "rgm.iss"
SPEC = ROOT / "packaging" / "rgm.spec"


def french_title() -> str:
    for message in ET.parse(ROOT / "resources/i18n/rgm_fr.ts").iter("message"):
        if message.findtext("source") == "Reintegration Grant Manager":
            return message.findtext("translation") or ""
    raise AssertionError("the window title is not in rgm_fr.ts")


def test_every_file_the_workflow_and_the_installer_name_exists() -> None:
    named = set()
    for text in (WORKFLOW.read_text(encoding="utf-8"), ISS.read_text(encoding="utf-8-sig")):
        named |= set(re.findall(r"(?:packaging|resources|tests)[/\\][\w./\\-]+\.\w+", text))
    assert len(named) >= 5
    missing = [n for n in sorted(named) if not (ROOT / n.replace("\\", "/")).exists()]
    assert missing == []


def test_the_programs_the_installer_and_workflow_use_are_the_ones_the_spec_builds() -> None:
    spec = SPEC.read_text(encoding="utf-8")
    assert 'name="rgm",\n        console=True' in spec and 'name="rgmw"' in spec
    iss = ISS.read_text(encoding="utf-8-sig")
    assert 'Filename: "{app}\\rgmw.exe"' in iss  # the Start menu opens the window
    assert "PrivilegesRequired=lowest" in iss  # no administrator rights
    assert "{localappdata}\\Programs" in iss
    assert "rgm.exe --version" in WORKFLOW.read_text(encoding="utf-8").replace('"', "")


def test_the_names_shown_to_users_are_the_window_s_in_both_languages() -> None:
    desktop = configparser.ConfigParser(interpolation=None)
    desktop.optionxform = str  # type: ignore[assignment,method-assign]
    desktop.read(ROOT / "packaging" / "deb" / "rgm.desktop", encoding="utf-8")
    entry = desktop["Desktop Entry"]
    assert entry["Name"] == "Reintegration Grant Manager"
    assert entry["Name[fr]"] == french_title() == "Gestion des aides à la réintégration"
    assert entry["Exec"] == "rgm" and entry["Icon"] == "rgm" and entry["Type"] == "Application"
    iss = ISS.read_text(encoding="utf-8-sig")
    assert f"fr.AppName={french_title()}" in iss and "en.AppName=Reintegration Grant Manager" in iss


def test_the_deb_depends_on_the_system_libraries_the_window_needs() -> None:
    """The same list as ./dev installs for Qt (a library added there is needed by the .deb)."""
    import importlib.util

    spec = importlib.util.spec_from_file_location(
        "build_package", ROOT / "packaging" / "build_package.py"
    )
    assert spec and spec.loader
    build = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(build)
    dev = (ROOT / "dev").read_text(encoding="utf-8")
    qt = re.search(r'QT_PACKAGES="([^"]+)"', dev)
    assert qt
    depends = {d.split()[0] for d in build.DEB_DEPENDS}
    assert set(qt[1].split()) <= depends
