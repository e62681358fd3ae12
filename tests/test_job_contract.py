"""One job contract: long work in models/ and reports/ takes ``job: Job = NO_JOB``, never
``progress`` or ``cancelled`` callables of its own."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OLD_SHAPE = {"progress", "cancelled"}
# The documented exception: the job itself is made of the front end's callbacks.
ALLOWED = {
    ("models/jobs.py", "__init__"),
}


def _old_shapes() -> list[str]:
    found = []
    for folder in ("models", "reports"):
        for path in sorted((ROOT / folder).rglob("*.py")):
            where = path.relative_to(ROOT).as_posix()
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                if not isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                    continue
                a = node.args
                names = {x.arg for x in (*a.posonlyargs, *a.args, *a.kwonlyargs)}
                if names & OLD_SHAPE and (where, node.name) not in ALLOWED:
                    found.append(f"{where}:{node.lineno} {node.name}")
    return found


def test_long_work_takes_a_job_not_progress_or_cancelled_callables() -> None:
    assert _old_shapes() == []


def test_the_cli_makes_jobs_not_progress_callbacks() -> None:
    text = "\n".join(p.read_text(encoding="utf-8") for p in (ROOT / "desktop").rglob("*.py"))
    assert "app.progress(" not in text
    assert "def start(" not in (ROOT / "desktop" / "jobs.py").read_text(encoding="utf-8")
