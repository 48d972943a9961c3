"""No import loops in pipeline/: every `import` and `from ... import` of a pipeline module, wherever it is written
(at the top, inside a function, under TYPE_CHECKING), is an edge, and the graph of modules has no cycle."""

from __future__ import annotations

import ast
from pathlib import Path

from tests.conftest import PROJECT

PACKAGE = PROJECT / "pipeline"


def _module_name(path: Path) -> str:
    parts = path.relative_to(PROJECT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _modules() -> dict[str, Path]:
    return {_module_name(path): path for path in sorted(PACKAGE.rglob("*.py"))}


def _imported(name: str, path: Path, modules: dict[str, Path]) -> set[str]:
    """The pipeline modules that module `name` imports: `from pipeline.a import b` is pipeline.a.b when that is a
    module, else pipeline.a; relative imports are resolved against the module's package."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*anchor, base] if base else anchor)
            for alias in node.names:
                found.add(f"{base}.{alias.name}" if f"{base}.{alias.name}" in modules else base)
    return {m for m in found if m in modules and m != name}


def import_graph() -> dict[str, set[str]]:
    modules = _modules()
    return {name: _imported(name, path, modules) for name, path in modules.items()}


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components with more than one module (Tarjan), each sorted."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for nxt in sorted(graph[node]):
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in on_stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def test_the_pipeline_has_no_import_loops() -> None:
    assert cycles(import_graph()) == []


def test_the_check_sees_every_kind_of_import() -> None:
    """The checker itself: a loop is found and a chain is not; imports inside functions count."""
    assert cycles({"a": {"b"}, "b": {"a"}, "c": {"a"}}) == [["a", "b"]]
    assert cycles({"a": {"b"}, "b": {"c"}, "c": set()}) == []
    graph = import_graph()
    assert "pipeline.issue.build" in graph["pipeline.commands"]  # imported inside issue_command()
    assert "pipeline.validate.locate" in graph["pipeline.validate"]  # from pipeline.validate import locate


def reachable(graph: dict[str, set[str]], start: str) -> set[str]:
    seen: set[str] = set()
    todo = [start]
    while todo:
        for nxt in graph[todo.pop()] - seen:
            seen.add(nxt)
            todo.append(nxt)
    return seen


def test_deposits_read_the_build_files_not_the_stages_internals() -> None:
    """The PMC packages, the deposits and their delivery read the JATS files of the build (and the files next to
    them): nothing they import, however indirectly, is ingest, enrich or the issue build."""
    graph = import_graph()
    for module in sorted(m for m in graph if m.startswith("pipeline.deposit")):
        reached = sorted(m for m in reachable(graph, module)
                         if m.startswith(("pipeline.ingest", "pipeline.enrich", "pipeline.issue")))
        assert reached == [], module


def test_the_build_state_is_a_leaf_of_the_issue_package() -> None:
    """Progress, report, TOC, stages and outputs import the state types; the state imports none of them."""
    graph = import_graph()
    assert not {m for m in reachable(graph, "pipeline.issue.state") if m.startswith("pipeline.issue")}
    for module in ("pipeline.issue.progress", "pipeline.issue.report", "pipeline.issue.toc"):
        assert "pipeline.issue.build" not in reachable(graph, module)
