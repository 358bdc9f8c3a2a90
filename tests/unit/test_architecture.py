"""The package's layers: imports flow one way and never in a cycle."""

import ast
from pathlib import Path

import kpitools

PACKAGE = Path(kpitools.__file__).parent
# Lowest first: a module may import only from its own layer or those before it.
LAYERS = ["rules", "data", "model", "wording", "render", "commentary", "returns", "pipeline", "cli"]


def _module(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _imports(path: Path) -> set[str]:
    """Every kpitools module a file imports, wherever the import statement stands."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("kpitools"):
            found.add(node.module)
        elif isinstance(node, ast.Import):
            found.update(a.name for a in node.names if a.name.startswith("kpitools."))
    return found


def _graph() -> dict[str, set[str]]:
    modules = {_module(p): p for p in PACKAGE.rglob("*.py")}
    graph = {}
    for name, path in modules.items():
        targets = set()
        for imported in _imports(path):
            # "from kpitools.rules import periods" names a package; count its modules.
            targets.add(imported if imported in modules else imported.rsplit(".", 1)[0])
        graph[name] = {t for t in targets if t in modules and t != name}
    return graph


def _layer(module: str) -> int | None:
    parts = module.split(".")
    return LAYERS.index(parts[1]) if len(parts) > 1 and parts[1] in LAYERS else None


def test_the_walker_sees_imports_inside_functions(tmp_path):
    path = tmp_path / "m.py"
    path.write_text("def f():\n    from kpitools.rules.rag import rate\n")
    assert _imports(path) == {"kpitools.rules.rag"}


def test_no_module_imports_a_higher_layer():
    upward = [
        (module, target)
        for module, targets in _graph().items()
        for target in targets
        if _layer(module) is not None
        and _layer(target) is not None
        and _layer(target) > _layer(module)
    ]
    assert upward == []


def test_the_import_graph_has_no_cycle():
    graph = _graph()
    state: dict[str, int] = {}
    cycles = []

    def visit(node: str, path: list[str]) -> None:
        state[node] = 1
        for nxt in sorted(graph[node]):
            if state.get(nxt) == 1:
                cycles.append([*path[path.index(nxt) :], nxt] if nxt in path else [node, nxt])
            elif nxt not in state:
                visit(nxt, [*path, nxt])
        state[node] = 2

    for node in sorted(graph):
        if node not in state:
            visit(node, [node])
    assert cycles == []


def test_every_layer_is_a_subpackage_and_the_api_resolves():
    for layer in LAYERS[:-1]:
        if layer == "returns" and not (PACKAGE / layer).exists():
            continue
        assert (PACKAGE / layer / "__init__.py").exists(), layer
    for name in kpitools.__all__:
        assert getattr(kpitools, name) is not None, name
