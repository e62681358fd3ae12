"""models/ and reports/ never import Qt, so the CLI, the tests and a server can share them."""

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_models_and_reports_do_not_import_qt() -> None:
    modules = sorted(
        ".".join(p.relative_to(ROOT).with_suffix("").parts)
        for folder in ("models", "reports")
        for p in (ROOT / folder).rglob("*.py")
        if "migrations" not in p.parts
    )
    assert len(modules) > 10
    code = (
        "import importlib, sys\n"
        f"for m in {modules!r}:\n"
        "    importlib.import_module(m.removesuffix('.__init__'))\n"
        "bad = [m for m in sys.modules if m.split('.')[0] in ('PySide6', 'shiboken6')]\n"
        "print(','.join(bad))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True
    )
    assert out.stdout.strip() == "", f"Qt imported by models/reports: {out.stdout}"


def test_ruff_clean() -> None:
    out = subprocess.run(
        [sys.executable, "-m", "ruff", "check", "models", "reports", "desktop", "ui", "main.py"],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert out.returncode == 0, out.stdout + out.stderr


def test_mypy_strict_on_models_and_reports() -> None:
    out = subprocess.run([sys.executable, "-m", "mypy"], cwd=ROOT, capture_output=True, text=True)
    assert out.returncode == 0, out.stdout + out.stderr


def test_test_modules_have_unique_names() -> None:
    # Test folders are not packages: two test files of the same name make pytest refuse both.
    # A folder that is a package (tests/fuzz) names its modules after itself.
    names = [
        f"{p.parent.name}.{p.name}" if (p.parent / "__init__.py").exists() else p.name
        for p in (ROOT / "tests").rglob("test_*.py")
    ]
    assert len(names) == len(set(names)), sorted({n for n in names if names.count(n) > 1})
