"""The top-level folders are the architecture; each package says what belongs in it."""

from __future__ import annotations

import importlib

import pytest

from tests.services import PROJECT_ROOT

PACKAGES = ["commands", "queries", "workers", "projections", "contracts", "infra"]


@pytest.mark.parametrize("name", PACKAGES)
def test_each_top_level_package_documents_its_role(name: str) -> None:
    module = importlib.import_module(name)
    assert module.__doc__
    assert len(module.__doc__.split()) >= 8


def test_fixed_top_level_layout_exists() -> None:
    for folder in [*PACKAGES, "migrations", "tests"]:
        assert (PROJECT_ROOT / folder).is_dir(), folder
    for file in ["pyproject.toml", "uv.lock", "compose.yaml", "README.md", ".ci/run"]:
        assert (PROJECT_ROOT / file).is_file(), file


def test_the_query_side_imports_nothing_from_the_write_side() -> None:
    import ast

    for path in (PROJECT_ROOT / "queries").rglob("*.py"):
        tree = ast.parse(path.read_text())
        for node in ast.walk(tree):
            names = []
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            assert not any(n == "commands" or n.startswith("commands.") for n in names), path


def test_the_pose_engine_stands_alone_without_kafka_or_a_database() -> None:
    import ast

    forbidden = ("aiokafka", "faststream", "sqlalchemy", "asyncpg", "redis", "commands", "infra")
    for path in (PROJECT_ROOT / "workers" / "pose").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            modules = []
            if isinstance(node, ast.Import):
                modules = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module:
                modules = [node.module]
            for module in modules:
                assert module.split(".")[0] not in forbidden, f"{path}: {module}"
