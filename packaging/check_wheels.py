"""Every dependency of the program has a wheel for Windows (win_amd64) and macOS (arm64) on
Python 3.11, so that the Windows and macOS runners build the bundle without a compiler.

    python packaging/check_wheels.py [--platform windows|macos]

Resolves pyproject.toml's dependencies as pip would on each platform (``pip install --dry-run
--only-binary=:all: --platform ...``: metadata only, no wheel downloaded). pip evaluates
environment markers for the machine it runs on, so the dependencies that only the target needs
(``pywin32-ctypes; sys_platform == "win32"``) are found from the resolved packages' metadata and
resolved again until nothing is added. Prints the wheel chosen for each package.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import tomllib
from pathlib import Path

from packaging.requirements import Requirement

ROOT = Path(__file__).resolve().parent.parent

# macOS 14 on Apple silicon (GitHub's macos-14 runners) installs wheels tagged for it or older.
_MAC_ARM = [f"macosx_{v}_0_arm64" for v in range(11, 15)]
_MAC_UNIVERSAL = [f"macosx_10_{v}_universal2" for v in range(9, 16)] + [
    f"macosx_{v}_0_universal2" for v in range(11, 15)
]
PLATFORMS = {
    "windows": {
        "tags": ["win_amd64"],
        "markers": {"sys_platform": "win32", "platform_system": "Windows", "os_name": "nt",
                    "platform_machine": "AMD64"},
    },
    "macos": {
        "tags": _MAC_ARM + _MAC_UNIVERSAL,
        "markers": {"sys_platform": "darwin", "platform_system": "Darwin", "os_name": "posix",
                    "platform_machine": "arm64"},
    },
}  # fmt: skip
# Published as source only, and pure Python (checked: built here, its wheel is py*-none-any):
# pip builds it on any platform without a compiler. num2words needs it.
PURE_SOURCE = ("docopt",)
PYTHON = {"python_version": "3.11", "python_full_version": "3.11.9",
          "implementation_name": "cpython", "platform_python_implementation": "CPython"}  # fmt: skip


def dependencies() -> list[str]:
    """The program's, and the package build's (PyInstaller runs on the runners too)."""
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    return [*project["dependencies"], *project["optional-dependencies"]["package"]]


def choose(requirements: list[str], tags: list[str]) -> list[dict]:  # type: ignore[type-arg]
    """What pip would download for each requirement on the platform of ``tags`` (not their
    dependencies: pip evaluates markers for this machine, so they are followed in ``check``)."""
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "report.json"
        platform_args = [arg for tag in tags for arg in ("--platform", tag)]
        pure = [n for n in PURE_SOURCE if any(Requirement(r).name == n for r in requirements)]
        done = subprocess.run(
            [sys.executable, "-m", "pip", "install", "--dry-run", "--quiet", "--ignore-installed",
             "--no-deps", "--only-binary=:all:", *(f"--no-binary={n}" for n in pure),
             *platform_args, "--python-version", "3.11", "--implementation", "cp",
             "--abi", "cp311", "--abi", "abi3", "--abi", "none",
             "--target", str(Path(tmp) / "target"), "--report", str(out), *requirements],
            capture_output=True, text=True,
        )  # fmt: skip
        if done.returncode != 0:
            errors = [ln for ln in done.stderr.splitlines() if "ERROR" in ln] or [done.stderr]
            raise SystemExit("no wheel for every dependency:\n" + "\n".join(errors))
        return list(json.loads(out.read_text())["install"])


def _key(name: str) -> str:
    return name.lower().replace("_", "-").replace(".", "-")


def check(name: str) -> list[str]:
    """The files chosen for ``name``'s platform, dependencies followed with the markers of that
    platform; exits with the reason when a wheel is missing."""
    platform = PLATFORMS[name]
    environment = {**PYTHON, **platform["markers"]}
    chosen: dict[str, dict] = {}  # type: ignore[type-arg]
    wanted: dict[str, Requirement] = {}
    # The program's own markers too ("pywin32; sys_platform == 'win32'"): pip would evaluate
    # them for this machine and skip what only the target needs.
    level = []
    for text in dependencies():
        req = Requirement(text)
        if req.marker is None or req.marker.evaluate(environment):
            req.marker = None
            level.append(req)
    while level:
        for req in level:
            wanted[_key(req.name)] = req
        for item in choose([str(r) for r in level], platform["tags"]):
            chosen[_key(item["metadata"]["name"])] = item
        following: dict[str, Requirement] = {}
        for key in {_key(r.name) for r in level}:
            item, req = chosen[key], wanted[key]
            extras = ["", *sorted(req.extras)]
            for text in item["metadata"].get("requires_dist", []):
                dep = Requirement(text)
                if dep.marker is not None and not any(
                    dep.marker.evaluate({**environment, "extra": e}) for e in extras
                ):
                    continue
                dep.marker = None
                seen = chosen.get(_key(dep.name))
                if seen is not None:
                    if not dep.specifier.contains(seen["metadata"]["version"], prereleases=True):
                        raise SystemExit(f"{name}: {seen['metadata']['name']} "
                                         f"{seen['metadata']['version']} but {req.name} wants {dep}")  # fmt: skip
                elif _key(dep.name) not in following:
                    following[_key(dep.name)] = dep
        level = list(following.values())
    files = sorted(i["download_info"]["url"].rsplit("/", 1)[-1] for i in chosen.values())
    sources = {k for k, i in chosen.items() if not i["download_info"]["url"].endswith(".whl")}
    if sources - set(PURE_SOURCE):
        raise SystemExit(f"{name}: no wheel for {sorted(sources - set(PURE_SOURCE))}")
    return files


def check_pure(names: tuple[str, ...]) -> None:
    """Build each source-only package here: its wheel must be pure Python (py*-none-any)."""
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run(
            [sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "--no-binary",
             ",".join(names), "--wheel-dir", tmp, *names],
            check=True, capture_output=True,
        )  # fmt: skip
        for wheel in Path(tmp).glob("*.whl"):
            if not wheel.name.endswith("-none-any.whl"):
                raise SystemExit(f"{wheel.name} is not pure Python: it needs a wheel per platform")
            print(f"built from source, pure Python: {wheel.name}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--platform", choices=sorted(PLATFORMS), action="append")
    args = parser.parse_args()
    check_pure(PURE_SOURCE)
    for name in args.platform or sorted(PLATFORMS):
        wheels = check(name)
        print(f"{name}: {len(wheels)} wheels for Python 3.11")
        for wheel in wheels:
            print(f"  {wheel}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
