"""Build, package and check Reintegration Grant Manager: what ``./dev package`` runs.

    python packaging/build_package.py [--steps wheels,bundle,deb,smoke,startup] [--short]

- wheels:  every pinned dependency has wheels for Windows (win_amd64) and macOS (arm64), 3.11
- bundle:  a runtime-only environment (build/package/venv: no test packages), the sources as
           tracked by git with the translations compiled, then PyInstaller (packaging/rgm.spec)
           -> dist/rgm/ (sizes before and after trimming)
- deb:     dist/rgm_<version>_<arch>.deb (Linux)
- smoke:   tests/packaging against the bundle as a newcomer runs it (no environment, a fresh
           HOME, no network where the system allows it); as root on Debian, the .deb is installed
           with apt-get, tested as installed (/usr/bin/rgm), then removed
- startup: --exit-when-ready on 10,000 cases, the bundle against the venv, in the same run

The figures are printed at the end and written to dist/package-report.txt. Runs on Linux,
Windows and macOS (the deb step on Debian-like systems only).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BUILD = ROOT / "build" / "package"
DIST = ROOT / "dist"
WINDOWS = sys.platform == "win32"
BIN = "Scripts" if WINDOWS else "bin"
EXE = ".exe" if WINDOWS else ""
STEPS = ("wheels", "bundle", "deb", "smoke", "startup")
REPORT: list[str] = []


def say(line: str) -> None:
    print(f"[package] {line}", flush=True)


def report(line: str) -> None:
    REPORT.append(line)
    say(line)


def run(*cmd: str | Path, **kw: object) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(c) for c in cmd], check=True, text=True, **kw)  # type: ignore[call-overload,no-any-return]


def version() -> str:
    namespace: dict[str, str] = {}
    exec((ROOT / "models" / "version.py").read_text(encoding="utf-8"), namespace)
    return namespace["__version__"]


def folder_size(path: Path) -> tuple[int, int]:
    """(bytes, files) of everything under ``path`` (links not followed)."""
    total = files = 0
    for p in path.rglob("*"):
        if p.is_file() and not p.is_symlink():
            total += p.stat().st_size
            files += 1
    return total, files


def mb(n: float) -> str:
    return f"{n / 1e6:.1f} MB"


# -- wheels ----------------------------------------------------------------------------------------


def step_wheels(args: argparse.Namespace) -> None:
    run(sys.executable, ROOT / "packaging" / "check_wheels.py")
    report("wheels: every dependency has wheels for win_amd64 and macOS arm64 (Python 3.11)")


# -- bundle ----------------------------------------------------------------------------------------


def runtime_venv() -> Path:
    """build/package/venv: the runtime dependencies and PyInstaller, nothing of the tests."""
    venv = BUILD / "venv"
    python = venv / BIN / f"python{EXE}"
    marker = venv / ".installed"
    pyproject = ROOT / "pyproject.toml"
    if not python.exists():
        shutil.rmtree(venv, ignore_errors=True)
        base = getattr(sys, "_base_executable", sys.executable)
        run(base, "-m", "venv", venv)
    if not marker.exists() or marker.stat().st_mtime < pyproject.stat().st_mtime:
        run(python, "-m", "pip", "install", "-q", "--upgrade", "pip")
        # The dependencies as pyproject.toml pins them, and the build tools; not the package.
        project = _pyproject()
        deps = (
            project["project"]["dependencies"]
            + project["project"]["optional-dependencies"]["package"]
        )
        run(python, "-m", "pip", "install", "-q", *deps)
        marker.touch()
    return python


def _pyproject() -> dict:  # type: ignore[type-arg]
    import tomllib

    return tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))


def source_copy() -> Path:
    """The files git tracks (and new ones not ignored), as a fresh clone has them: nothing
    the developer's runs left in the tree (caches, .qm, build/) goes into the package."""
    src = BUILD / "src"
    shutil.rmtree(src, ignore_errors=True)
    src.mkdir(parents=True)
    listed = subprocess.run(
        ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
        cwd=ROOT, capture_output=True, check=True,
    ).stdout.decode().split("\0")  # fmt: skip
    for name in filter(None, listed):
        source = ROOT / name
        if source.is_file():
            target = src / name
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target)
    return src


def compile_translations(python: Path, src: Path) -> None:
    """The window's .qm, compiled now: the package uses it as it is (never compiled at run time)."""
    lrelease = python.parent / f"pyside6-lrelease{EXE}"
    for ts in sorted((src / "resources" / "i18n").glob("rgm_*.ts")):
        done = run(lrelease, ts, "-qm", ts.with_suffix(".qm"), capture_output=True)
        say(f"{ts.name}: {done.stdout.strip().splitlines()[-1].strip()}")


def step_bundle(args: argparse.Namespace) -> None:
    started = time.perf_counter()
    python = runtime_venv()
    src = source_copy()
    compile_translations(python, src)
    # Our package, reinstalled from the copy each time (its version does not change per build).
    run(python, "-m", "pip", "install", "-q", "--no-deps", "--force-reinstall", src)
    for name in ("rgm", "rgm-untrimmed"):
        shutil.rmtree(DIST / name, ignore_errors=True)
    env = dict(os.environ, RGM_BUNDLE_UNTRIMMED="0" if args.short else "1")
    run(
        python, "-m", "PyInstaller", "--noconfirm", "--log-level", "WARN",
        "--distpath", DIST, "--workpath", BUILD / "work", ROOT / "packaging" / "rgm.spec",
        cwd=BUILD, env=env,
    )  # fmt: skip
    say(f"PyInstaller took {time.perf_counter() - started:.0f} s (with the environment)")
    after, files = folder_size(DIST / "rgm")
    trimmed = json.loads((BUILD / "work" / "rgm" / "trimmed.json").read_text())
    if (DIST / "rgm-untrimmed").is_dir():
        before, before_files = folder_size(DIST / "rgm-untrimmed")
        shutil.rmtree(DIST / "rgm-untrimmed")
        report(
            f"bundle size: {mb(before)} ({before_files} files) before trimming, "
            f"{mb(after)} ({files} files) after"
        )
        removed = sum(what["bytes"] for what in trimmed.values())
        trimmed["debugging symbols (stripped, Linux)"] = {
            "files": 0,
            "bytes": before - after - removed,
        }
    else:
        report(f"bundle size: {mb(after)} ({files} files) after trimming")
    for rule, what in sorted(trimmed.items()):
        count = f"{what['files']} files, " if what["files"] else ""
        report(f"  trimmed {rule}: {count}{mb(what['bytes'])}")
    missing = [
        p
        for p in ("resources/i18n/rgm_fr.qm", "models/migrations/env.py")
        if not (internal() / p).exists()
    ]
    if missing:
        raise SystemExit(f"the bundle lacks {missing}")


def internal() -> Path:
    return DIST / "rgm" / "_internal"


def executable() -> Path:
    return DIST / "rgm" / f"rgm{EXE}"


# -- deb -------------------------------------------------------------------------------------------


def architecture() -> str:
    return subprocess.run(
        ["dpkg", "--print-architecture"], capture_output=True, text=True, check=True
    ).stdout.strip()


def deb_path() -> Path:
    return DIST / f"rgm_{version()}_{architecture()}.deb"


def step_deb(args: argparse.Namespace) -> None:
    if shutil.which("dpkg-deb") is None:
        say("deb: skipped (no dpkg-deb: not a Debian-like system)")
        return
    here = ROOT / "packaging" / "deb"
    root = BUILD / "deb"
    shutil.rmtree(root, ignore_errors=True)
    shutil.copytree(DIST / "rgm", root / "opt" / "rgm", symlinks=True)
    (root / "usr" / "bin").mkdir(parents=True)
    (root / "usr" / "bin" / "rgm").symlink_to("/opt/rgm/rgm")
    apps = root / "usr" / "share" / "applications"
    apps.mkdir(parents=True)
    shutil.copy(here / "rgm.desktop", apps / "rgm.desktop")
    icons = root / "usr" / "share" / "icons" / "hicolor"
    for size, name in (("256x256", "rgm.png"), ("scalable", "rgm.svg")):
        (icons / size / "apps").mkdir(parents=True)
        shutil.copy(ROOT / "resources" / "icons" / name, icons / size / "apps" / name)
    for p in root.rglob("*"):  # whatever the umask: readable by every user, written by none
        if not p.is_symlink():
            p.chmod(0o755 if p.is_dir() or os.access(p, os.X_OK) else 0o644)
    installed, _files = folder_size(root)
    control = (
        (here / "control.in")
        .read_text(encoding="utf-8")
        .format(
            version=version(),
            installed_kib=(installed + 1023) // 1024,
            depends=", ".join(DEB_DEPENDS),
        )
    )
    (root / "DEBIAN").mkdir()
    (root / "DEBIAN" / "control").write_text(control, encoding="utf-8")
    out = deb_path()
    for old in DIST.glob("rgm_*.deb"):
        old.unlink()
    started = time.perf_counter()
    run(
        "dpkg-deb",
        "--build",
        "--root-owner-group",
        *DEB_COMPRESSION,
        root,
        out,
        capture_output=True,
    )
    shutil.rmtree(root)
    report(
        f"deb: {out.name}, {mb(out.stat().st_size)} "
        f"(installs {mb(installed)}; built in {time.perf_counter() - started:.0f} s)"
    )


# xz at its fastest level: 6x quicker than the default level for a few percent more size,
# and installable by every dpkg (zstd is not known to Debian 11's).
DEB_COMPRESSION = os.environ.get("RGM_DEB_COMPRESSION", "-Zxz -z1").split()

# The system libraries the bundled Qt loads (PyInstaller leaves them to the system) and a font.
DEB_DEPENDS = (
    "libc6 (>= 2.31)",
    "libgl1",
    "libegl1",
    "libx11-6",
    "libxkbcommon0",
    "libxkbcommon-x11-0",
    "libglib2.0-0",
    "libfreetype6",
    "libfontconfig1",
    "libdbus-1-3",
    "libxcb-cursor0",
    "libxcb-icccm4",
    "libxcb-image0",
    "libxcb-keysyms1",
    "libxcb-render-util0",
    "libxcb-shape0",
    "libxcb-xkb1",
    "fonts-dejavu-core",
)


# -- smoke test ------------------------------------------------------------------------------------


def can_install_deb() -> bool:
    return (
        hasattr(os, "geteuid") and os.geteuid() == 0
        and shutil.which("apt-get") is not None and deb_path().exists()
    )  # fmt: skip


def apt_get(*args: str) -> None:
    run(
        "apt-get", "-q", "-y", "-o", "DPkg::Lock::Timeout=600", *args,
        env=dict(os.environ, DEBIAN_FRONTEND="noninteractive"), capture_output=True,
    )  # fmt: skip


def step_smoke(args: argparse.Namespace) -> None:
    target = executable()
    installed = can_install_deb() and not args.no_install
    if installed:
        apt_get("install", f"./{deb_path().relative_to(ROOT)}")
        target = Path("/usr/bin/rgm")
        say(f"installed {deb_path().name} with apt-get: testing /usr/bin/rgm")
    env = dict(os.environ, RGM_BUNDLE=str(target), RGM_BUNDLE_SHORT="1" if args.short else "0")
    if installed:
        env["RGM_DEB"] = str(deb_path())
    try:
        run(
            sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider",
            ROOT / "tests" / "packaging", cwd=ROOT, env=env,
        )  # fmt: skip
    finally:
        if installed:
            apt_get("remove", "--purge", "rgm")
            left = [
                p
                for p in ("/opt/rgm", "/usr/bin/rgm", "/usr/share/applications/rgm.desktop")
                if os.path.lexists(p)
            ]
            if left:
                raise SystemExit(f"apt-get remove left {left}")
            say("removed with apt-get remove --purge: nothing of it left")
    report(
        "smoke test passed on "
        + ("the installed .deb (/usr/bin/rgm), then removed cleanly" if installed else str(target))
        + (" (short form)" if args.short else "")
    )


# -- start-up --------------------------------------------------------------------------------------

PASSPHRASE = "startup-passphrase"
PASSWORD = "startup-password"


def step_startup(args: argparse.Namespace) -> None:
    cases = 10_000
    venv_rgm = Path(sys.executable).parent / f"rgm{EXE}"
    work = Path(tempfile.mkdtemp(prefix="rgm-startup-"))
    env = {
        **os.environ,
        "QT_QPA_PLATFORM": "offscreen",
        "RGM_DB_PASSPHRASE": PASSPHRASE,
        "RGM_PASSWORD": PASSWORD,
        "RGM_DATA_DIR": str(work),
        "RGM_CONFIG_DIR": str(work),
        "RGM_CACHE_DIR": str(work / "cache"),
        "PYTHON_KEYRING_BACKEND": "keyring.backends.fail.Keyring",
    }
    db = BUILD / f"startup-{cases}.db"
    if not db.exists():
        say(f"making a database of {cases:,} demo cases (kept in {db.parent})")
        partial = db.with_suffix(".partial")
        partial.unlink(missing_ok=True)
        run(venv_rgm, "--db", partial, "init", "--office", "BKO", "--name", "Bureau de Bamako",
            env=env, capture_output=True)  # fmt: skip
        run(venv_rgm, "--db", partial, "--user", "admin", "demo", "--cases", cases,
            env=env, capture_output=True)  # fmt: skip
        partial.rename(db)
    copy = work / "rgm.db"
    shutil.copyfile(db, copy)

    def timed(program: Path) -> float:
        started = time.perf_counter()
        run(program, "--db", copy, "--user", "admin", "--exit-when-ready",
            env=env, capture_output=True)  # fmt: skip
        return time.perf_counter() - started

    runs = 3 if args.short else 7
    timed(venv_rgm), timed(executable())  # warm the disk cache and the catalogue caches
    venv_times, bundle_times = [], []
    for _ in range(runs):  # interleaved, so that a busy moment falls on both
        venv_times.append(timed(venv_rgm))
        bundle_times.append(timed(executable()))
    shutil.rmtree(work, ignore_errors=True)
    venv_s, bundle_s = statistics.median(venv_times), statistics.median(bundle_times)
    ratio = bundle_s / venv_s
    report(
        f"start-up (--exit-when-ready, {cases:,} cases, median of {runs}): "
        f"venv {venv_s:.2f} s, bundle {bundle_s:.2f} s, ratio {ratio:.2f} (target <= 1.10)"
    )
    if ratio > 1.10:
        raise SystemExit(f"the bundle starts {ratio:.2f}x slower than the venv (target 1.10x)")


# -- main ------------------------------------------------------------------------------------------


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--steps", default=",".join(STEPS), help="comma-separated, in order")
    parser.add_argument("--short", action="store_true",
                        help="no untrimmed bundle, a shorter smoke test and fewer timings")  # fmt: skip
    parser.add_argument("--no-install", action="store_true",
                        help="test dist/rgm even as root (no apt-get install of the .deb)")  # fmt: skip
    args = parser.parse_args()
    steps = [s for s in args.steps.split(",") if s]
    unknown = set(steps) - set(STEPS)
    if unknown:
        parser.error(f"unknown steps {sorted(unknown)}; known: {','.join(STEPS)}")
    BUILD.mkdir(parents=True, exist_ok=True)
    DIST.mkdir(exist_ok=True)
    started = time.perf_counter()
    for step in STEPS:
        if step in steps:
            say(f"-- {step}")
            globals()[f"step_{step}"](args)
    report(f"rgm {version()} packaged in {time.perf_counter() - started:.0f} s")
    (DIST / "package-report.txt").write_text("\n".join(REPORT) + "\n", encoding="utf-8")
    print("\n".join(["", "Package report (dist/package-report.txt):", *REPORT]))
    return 0


if __name__ == "__main__":
    sys.exit(main())
