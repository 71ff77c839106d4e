"""What production modules may import: the pose engine never imports its test footage (nor
scikit-image, which only the footage needs), and nothing in workers/ imports the engines'
terminal reports or rich, which belong to the command line."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

WORKERS = Path(__file__).resolve().parents[3] / "workers"
POSE = WORKERS / "pose"
TESTING = "workers.pose.testing"
FOOTAGE = {TESTING, "workers.pose.training"}
"""Development tooling that builds on the test footage; the engine imports neither."""
REPORTS = {"workers.pose.report", "workers.nutrition.report"}


def module_name(path: Path) -> str:
    parts = path.relative_to(WORKERS.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imported(source: str, package: str) -> set[str]:
    """Every module `source` (in `package`) imports, relative imports resolved; `from a import
    b` counts as `a` and as `a.b`, since b may be a module."""
    modules: set[str] = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            modules.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = package.rsplit(".", node.level - 1)[0] if node.level else ""
            module = ".".join(filter(None, [base, node.module]))
            modules.add(module)
            modules.update(f"{module}.{alias.name}" for alias in node.names)
    return modules


def short(path: Path) -> str:
    return str(path.relative_to(WORKERS))


def imported_by(path: Path) -> set[str]:
    name = module_name(path)
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    return imported(path.read_text(), package)


def test_every_form_of_import_is_seen() -> None:
    source = (
        "import skimage.data\nfrom . import testing\nfrom .testing import generate\n"
        "from ..nutrition import report\nfrom workers.pose import video\n"
    )
    assert imported(source, "workers.pose") >= {
        "skimage.data", "workers.pose.testing", "workers.pose.testing.generate",
        "workers.nutrition.report", "workers.pose.video",
    }  # fmt: skip


@pytest.mark.parametrize(
    "path", sorted(p for p in POSE.glob("*.py") if module_name(p) not in FOOTAGE), ids=short
)
def test_no_engine_module_imports_the_test_footage_or_scikit_image(path: Path) -> None:
    for module in imported_by(path):
        for footage in FOOTAGE:
            assert module != footage, (path.name, module)
            assert not module.startswith(f"{footage}."), (path.name, module)
        assert module.split(".")[0] != "skimage", (path.name, module)


def test_the_test_footage_is_the_one_that_needs_scikit_image() -> None:
    footage = POSE / "testing" / "footage.py"
    assert "skimage" in {module.split(".")[0] for module in imported_by(footage)}


@pytest.mark.parametrize(
    "path", sorted(p for p in WORKERS.rglob("*.py") if module_name(p) not in REPORTS), ids=short
)
def test_nothing_in_workers_imports_a_terminal_report_or_rich(path: Path) -> None:
    for module in imported_by(path):
        assert module not in REPORTS, (path, module)
        assert module.split(".")[0] != "rich", (path, module)
