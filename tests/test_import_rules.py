"""Dependencies point one way: the core (``ita_portal``) imports no app; ``monitoring`` may
import ``plans``; every app may import the core; nothing else crosses between packages.
And no module of these packages takes part in an import cycle.

Imports are read from the source (``ast``), not executed: ``import x``, ``from x import y``
(relative ones resolved), ``importlib.import_module("x")`` and ``__import__("x")`` with a
literal name. The direction rule counts imports at module level and inside functions alike;
the cycle check counts only those that run when a module is imported (not inside functions,
not under ``if TYPE_CHECKING:``). Migrations are left out.
"""

from __future__ import annotations

import ast
from pathlib import Path

from django.conf import settings

ROOT = Path(settings.BASE_DIR)
PACKAGES = ("ita_portal", "plans", "monitoring", "assessments")
# Which packages each package may import besides itself.
ALLOWED = {
    "ita_portal": set(),
    "plans": {"ita_portal"},
    "monitoring": {"ita_portal", "plans"},
    "assessments": {"ita_portal"},
}


def module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def source_files() -> dict[str, Path]:
    """``{module name: path}`` of every module of the packages, migrations left out."""
    files = {}
    for package in PACKAGES:
        for path in sorted((ROOT / package).rglob("*.py")):
            if "migrations" not in path.relative_to(ROOT).parts:
                files[module_name(path)] = path
    return files


def imports(source: str, module: str, is_package: bool = False, *, top_level_only: bool = False):
    """Every import of ``source`` (the text of ``module``) as ``(line, imported module, names)``.

    ``names`` are the names of a ``from`` import (each may be a submodule), else ``()``.
    With ``top_level_only``, imports inside functions and under ``if TYPE_CHECKING:`` are
    left out: those do not run when the module is imported.
    """
    package = module if is_package else module.rpartition(".")[0]
    found = []

    def visit(node) -> None:
        for child in ast.iter_child_nodes(node):
            if top_level_only and isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)):
                continue
            if top_level_only and isinstance(child, ast.If) and _is_type_checking(child.test):
                for other in child.orelse:
                    visit(ast.Module(body=[other], type_ignores=[]))
                continue
            if isinstance(child, ast.Import):
                found.extend((child.lineno, alias.name, ()) for alias in child.names)
            elif isinstance(child, ast.ImportFrom):
                if child.level:
                    base = package.split(".")
                    base = base[: len(base) - child.level + 1] if child.level > 1 else base
                    target = ".".join(base + ([child.module] if child.module else []))
                else:
                    target = child.module
                found.append((child.lineno, target, tuple(alias.name for alias in child.names)))
            elif isinstance(child, ast.Call) and _dynamic_import(child):
                found.append((child.lineno, child.args[0].value, ()))
            visit(child)

    visit(ast.parse(source))
    return found


def _is_type_checking(test) -> bool:
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def _dynamic_import(call: ast.Call) -> bool:
    func = call.func
    name = func.id if isinstance(func, ast.Name) else func.attr if isinstance(func, ast.Attribute) else ""
    return (
        name in ("import_module", "__import__")
        and bool(call.args)
        and isinstance(call.args[0], ast.Constant)
        and isinstance(call.args[0].value, str)
    )


def violations(source: str, module: str, is_package: bool = False) -> list[tuple[int, str]]:
    """``(line, imported module)`` for every import of ``source`` that breaks ``ALLOWED``."""
    own = module.split(".")[0]
    bad = []
    for line, target, _names in imports(source, module, is_package):
        other = target.split(".")[0]
        if other in ALLOWED and other != own and other not in ALLOWED[own]:
            bad.append((line, target))
    return bad


def module_graph(files: dict[str, Path]) -> dict[str, set[str]]:
    """``{module: {modules it imports when it is imported}}`` among ``files``' modules."""
    graph = {}
    for module, path in files.items():
        edges = set()
        for _line, target, names in imports(path.read_text(encoding="utf-8"), module, path.name == "__init__.py", top_level_only=True):
            for name in (f"{target}.{n}" for n in names):
                if name in files:
                    edges.add(name)
            parts = target.split(".")
            edges.update(".".join(parts[:i]) for i in range(1, len(parts) + 1) if ".".join(parts[:i]) in files)
        edges.discard(module)
        graph[module] = edges
    return graph


def find_cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """One cycle (``[a, b, …, a]``) for every group of modules that import each other."""
    index, low, stack, on_stack, groups = {}, {}, [], set(), []

    def connect(node: str) -> None:  # Tarjan's strongly connected components
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for nxt in sorted(graph.get(node, ())):
            if nxt not in index:
                connect(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in on_stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            group = set()
            while True:
                member = stack.pop()
                on_stack.discard(member)
                group.add(member)
                if member == node:
                    break
            if len(group) > 1:
                groups.append(group)

    for node in sorted(graph):
        if node not in index:
            connect(node)
    return [_cycle_in(graph, group) for group in groups]


def _cycle_in(graph: dict[str, set[str]], group: set[str]) -> list[str]:
    """A shortest path from the group's first module back to itself, inside the group."""
    start = min(group)
    paths = {start: [start]}
    queue = [start]
    while queue:
        node = queue.pop(0)
        for nxt in sorted(graph[node] & group):
            if nxt == start:
                return paths[node] + [start]
            if nxt not in paths:
                paths[nxt] = paths[node] + [nxt]
                queue.append(nxt)
    raise AssertionError(f"no cycle in {sorted(group)}")


# --- the checkers catch what they are meant to -------------------------------------------


def test_the_checker_reports_an_app_imported_by_the_core():
    source = "import os\nfrom plans.models import Project\n\ndef f():\n    import monitoring.views\n"
    assert violations(source, "ita_portal.views") == [(2, "plans.models"), (5, "monitoring.views")]


def test_the_checker_reports_dynamic_and_relative_imports():
    source = (
        "import importlib\nfrom importlib import import_module\n"
        "importlib.import_module('monitoring.models')\nimport_module('assessments.scoring')\n"
        "from . import kinds\n"
    )
    assert violations(source, "plans.action_plan_views") == [(3, "monitoring.models"), (4, "assessments.scoring")]
    assert violations("from ...monitoring import calendar\n", "plans.sub.thing") == [(1, "monitoring")]
    assert violations("from ..monitoring import calendar\n", "plans.sub.thing") == []


def test_the_checker_allows_the_permitted_directions():
    source = "from plans.models import Project\nfrom ita_portal import thai\nfrom monitoring.calendar import Memo\n"
    assert violations(source, "monitoring.views") == []
    assert violations("from plans.models import Project\n", "assessments.views") == [(1, "plans.models")]
    assert violations("from monitoring.models import QuarterlyReport\n", "plans.views") == [(1, "monitoring.models")]


def test_the_cycle_finder_reports_a_cycle_and_ignores_function_local_imports():
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}
    assert find_cycles(graph) == [["a", "b", "c", "a"]]
    assert find_cycles({"a": {"b"}, "b": set()}) == []
    source = "from x import y\nif TYPE_CHECKING:\n    import z\n\ndef f():\n    import w\n"
    assert [t for _l, t, _n in imports(source, "p.m", top_level_only=True)] == ["x"]
    assert [t for _l, t, _n in imports(source, "p.m")] == ["x", "z", "w"]


def test_the_module_graph_follows_submodule_imports(tmp_path):
    files = {}
    for name, text in {"p": "", "p.x": "from p import y\n", "p.y": "from p.x import thing\n", "p.z": "def f():\n    import p.x\n"}.items():
        files[name] = tmp_path / f"{name}.py"
        files[name].write_text(text)
    graph = module_graph(files)
    assert graph == {"p": set(), "p.x": {"p", "p.y"}, "p.y": {"p", "p.x"}, "p.z": set()}
    assert find_cycles(graph) == [["p.x", "p.y", "p.x"]]


# --- the rules hold in the code --------------------------------------------------------------


def test_packages_import_one_way():
    found = []
    for module, path in source_files().items():
        for line, target in violations(path.read_text(encoding="utf-8"), module, path.name == "__init__.py"):
            found.append(f"{path.relative_to(ROOT)}:{line} imports {target}")
    assert not found, "imports against the direction of dependencies:\n" + "\n".join(found)


def test_no_import_cycle_between_modules():
    cycles = find_cycles(module_graph(source_files()))
    assert not cycles, "import cycles:\n" + "\n".join(" → ".join(cycle) for cycle in cycles)
