"""The top-level folders are the architecture: each package says what belongs in it, imports only
the layers below it, and no module imports its way back into itself."""

from __future__ import annotations

import ast
import importlib
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.services import PROJECT_ROOT

PACKAGES = ["contracts", "infra", "commands", "projections", "queries", "workers", "pacer"]
# What each layer may import from Pacer's own packages (besides itself).
ALLOWED = {
    "contracts": set(),
    "infra": set(),
    "commands": {"contracts", "infra"},
    "projections": {"contracts", "infra"},
    "queries": {"contracts", "infra"},
    "workers": {"contracts", "infra", "commands"},
    "pacer": {"contracts", "infra", "commands", "projections", "queries", "workers"},
    "migrations": {"infra"},
}


def modules() -> Iterator[tuple[str, Path]]:
    for package in [*PACKAGES, "migrations"]:
        for path in sorted((PROJECT_ROOT / package).rglob("*.py")):
            parts = path.relative_to(PROJECT_ROOT).with_suffix("").parts
            name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
            yield name, path


def imports_of(name: str, path: Path) -> set[str]:
    """The project modules a module imports explicitly (a `from a import b` names `a.b` when
    `b` is a module)."""
    known = {module for module, _ in modules()}
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            for alias in node.names:
                submodule = f"{node.module}.{alias.name}"
                found.add(submodule if submodule in known else node.module)
    return {module for module in found if module in known and module != name}


@pytest.mark.parametrize("name", PACKAGES)
def test_each_top_level_package_documents_its_role(name: str) -> None:
    module = importlib.import_module(name)
    assert module.__doc__
    assert len(module.__doc__.split()) >= 8


def test_fixed_top_level_layout_exists() -> None:
    for folder in [*PACKAGES, "migrations", "tests", "bench"]:
        assert (PROJECT_ROOT / folder).is_dir(), folder
    for file in ["pyproject.toml", "uv.lock", "compose.yaml", "README.md", ".ci/run"]:
        assert (PROJECT_ROOT / file).is_file(), file


def test_every_layer_imports_only_the_layers_below_it() -> None:
    wrong = []
    for name, path in modules():
        layer = name.split(".")[0]
        for imported in imports_of(name, path):
            target = imported.split(".")[0]
            if target != layer and target not in ALLOWED[layer]:
                wrong.append(f"{name} imports {imported}")
    assert wrong == []


def test_no_module_imports_its_way_back_to_itself() -> None:
    graph = {name: imports_of(name, path) for name, path in modules()}
    cycles: list[list[str]] = []
    state: dict[str, int] = {}  # 1: on the current path, 2: done

    def visit(module: str, trail: list[str]) -> None:
        state[module] = 1
        for target in sorted(graph.get(module, ())):
            if state.get(target) == 1:
                cycles.append([*trail[trail.index(target) :], target])
            elif target not in state:
                visit(target, [*trail, target])
        state[module] = 2

    for module in sorted(graph):
        if module not in state:
            visit(module, [module])
    assert cycles == []


def test_the_pose_engine_stands_alone_without_kafka_or_a_database() -> None:
    forbidden = ("aiokafka", "faststream", "sqlalchemy", "asyncpg", "redis", "commands", "infra")
    for path in (PROJECT_ROOT / "workers" / "pose").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            modules_named = []
            if isinstance(node, ast.Import):
                modules_named = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module:
                modules_named = [node.module]
            for module in modules_named:
                assert module.split(".")[0] not in forbidden, f"{path}: {module}"
