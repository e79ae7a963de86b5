"""No import circles among the modules of the core and of the adapters.

The graph is read from the source with `ast`, not by importing: every `import` and `from ... import`
counts, at module level, inside functions and under `if TYPE_CHECKING:` alike, so a circle that only
a late import keeps from failing today is found too. An edge goes to the most precise module named:
`from . import views` in `slowcinema.clips` leads to `slowcinema.clips.views`, `from .model import
Gallery` to `slowcinema.clips.model`."""

from __future__ import annotations

import ast
from pathlib import Path

from conftest import REPO

PACKAGES = ("slowcinema", "slowcinema_mkdocs")


def _modules(src: Path) -> dict[str, Path]:
    out = {}
    for package in PACKAGES:
        for path in sorted((src / package).rglob("*.py")):
            parts = list(path.relative_to(src).with_suffix("").parts)
            if parts[-1] == "__init__":
                parts.pop()
            out[".".join(parts)] = path
    return out


def import_graph(src: Path) -> dict[str, set[str]]:
    """Each module of PACKAGES under `src` -> the modules of PACKAGES it imports."""
    modules = _modules(src)
    graph: dict[str, set[str]] = {name: set() for name in modules}
    for name, path in modules.items():
        package = name if path.name == "__init__.py" else name.rpartition(".")[0]
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
            targets = []
            if isinstance(node, ast.Import):
                targets = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                base = node.module or ""
                if node.level:
                    anchor = package.split(".")[: len(package.split(".")) - (node.level - 1)]
                    base = ".".join(anchor + ([node.module] if node.module else []))
                targets = [f"{base}.{a.name}" if f"{base}.{a.name}" in modules else base for a in node.names]
            graph[name] |= {t for t in targets if t in modules and t != name}
    return graph


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components of more than one module (Tarjan), each sorted."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in sorted(graph[v]):
            if w not in index:
                visit(w)
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
                found.append(sorted(component))

    for v in sorted(graph):
        if v not in index:
            visit(v)
    return found


def test_no_import_cycle_among_the_modules_of_both_packages():
    graph = import_graph(REPO / "src")
    assert len(graph) >= 70 and "slowcinema.clips.notes" in graph and "slowcinema_mkdocs.adapter" in graph
    assert "slowcinema.clips.model" in graph["slowcinema.clips.notes"]  # the graph has its edges
    assert cycles(graph) == []


def test_the_cycle_check_finds_a_circle(tmp_path: Path):
    """A copy of the sources where one module imports, inside a function, a module that imports it
    back: the check names both, so the test above is not vacuous."""
    src = tmp_path / "src"
    for package in PACKAGES:
        for path in (REPO / "src" / package).rglob("*.py"):
            target = src / path.relative_to(REPO / "src")
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(path.read_text(encoding="utf-8"), encoding="utf-8")
    model = src / "slowcinema" / "clips" / "model.py"
    model.write_text(model.read_text(encoding="utf-8") + "\n\ndef _late():\n    from .notes import read_notes\n",
                     encoding="utf-8")
    assert ["slowcinema.clips.model", "slowcinema.clips.notes"] in cycles(import_graph(src))
