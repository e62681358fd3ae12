"""No import cycle among the program's modules (issue #12): models/, reports/, ui/, desktop/.

Every module of those packages (and their sub-packages) is parsed, imports inside functions included (a
function-level import hides a cycle; it does not remove it); imports under ``if TYPE_CHECKING:``
are for the type checker only and are left out. A lazy import that must stay is listed in
``ALLOWED_LAZY`` with its reason; its edge is left out of the graph.
"""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

# (importer, imported): why the import stays inside a function although it closes a cycle.
ALLOWED_LAZY: dict[tuple[str, str], str] = {}

PACKAGES = ("models", "reports", "ui", "desktop")


def _module(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _type_checking_only(node: ast.If) -> bool:
    test = node.test
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def _imports(tree: ast.AST, package: str, known: set[str]) -> set[str]:
    """The modules of ``known`` that ``tree`` imports, anywhere but under TYPE_CHECKING."""
    found: set[str] = set()

    def visit(node: ast.AST) -> None:
        if isinstance(node, ast.If) and _type_checking_only(node):
            for child in node.orelse:
                visit(child)
            return
        if isinstance(node, ast.Import):
            for alias in node.names:
                found.add(alias.name)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                base = ".".join(package.split(".")[: len(package.split(".")) - node.level + 1])
                base = f"{base}.{node.module}" if node.module else base
            found.add(base)
            for alias in node.names:
                found.add(f"{base}.{alias.name}")  # ``from models import audit``
        for child in ast.iter_child_nodes(node):
            visit(child)

    visit(tree)
    out = set()
    for name in found:
        # ``models.entities.cases`` is the package ``models.entities`` when only it is known
        while name and name not in known:
            name = name.rpartition(".")[0]
        if name:
            out.add(name)
    return out


def graph() -> dict[str, set[str]]:
    files = {
        _module(p): p
        for folder in PACKAGES
        for p in (ROOT / folder).rglob("*.py")
        if "migrations" not in p.parts
    }
    known = set(files)
    edges: dict[str, set[str]] = {}
    for name, path in files.items():
        package = name if path.name == "__init__.py" else name.rpartition(".")[0]
        imported = _imports(ast.parse(path.read_text(encoding="utf-8")), package, known)
        edges[name] = {
            m
            for m in imported
            if m != name and not name.startswith(m + ".") and (name, m) not in ALLOWED_LAZY
        }
    return edges


def cycles(edges: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components of more than one module (Tarjan), sorted."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    out: list[list[str]] = []

    def connect(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in sorted(edges.get(v, ())):
            if w not in index:
                connect(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                component.append(w)
                if w == v:
                    break
            if len(component) > 1:
                out.append(sorted(component))

    for v in sorted(edges):
        if v not in index:
            connect(v)
    return sorted(out)


def test_no_import_cycle() -> None:
    edges = graph()
    assert {e.partition(".")[0] for e in edges} == set(PACKAGES)
    assert len(edges) > 150
    found = cycles(edges)
    detail = [
        " -> ".join(c)
        + "  ("
        + "; ".join(f"{a}->{b}" for a in c for b in sorted(edges[a]) if b in c)
        + ")"
        for c in found
    ]
    assert not found, "import cycles:\n" + "\n".join(detail)


def test_the_checker_sees_a_cycle_hidden_in_a_function() -> None:
    tree = ast.parse("def f():\n    from models import b\n")
    assert _imports(tree, "models", {"models.a", "models.b"}) == {"models.b"}
    typing_only = ast.parse(
        "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    import models.b\n"
    )
    assert _imports(typing_only, "models", {"models.a", "models.b"}) == set()
    assert cycles({"a": {"b"}, "b": {"a"}, "c": {"a"}}) == [["a", "b"]]


def test_every_lazy_import_left_is_still_needed() -> None:
    # An import listed as allowed that no longer exists would let a new one in unseen.
    for importer, imported in ALLOWED_LAZY:
        path = ROOT / (importer.replace(".", "/") + ".py")
        package = importer.rpartition(".")[0]
        edges = _imports(ast.parse(path.read_text(encoding="utf-8")), package, set(graph()))
        assert imported in edges, (importer, imported)
