"""The package's shape, kept true: small service modules, imports that only run down.

Layers, bottom up: the pure core (``mailer/core``, which may use the error tree and
nothing else of the package), the adapters (``mailer/adapters``), the service
(``mailer/service``), the commands (``mailer/commands``). No module imports a layer
above its own. Under ``mailer/service`` a module stays under 400 lines, a class
under 300 and a function under 80, so that each stage can be read on its own.
"""

from __future__ import annotations

import ast
import importlib
from pathlib import Path

import pytest

MAILER = Path(__file__).resolve().parent.parent / "mailer"
SERVICE = MAILER / "service"

MAX_MODULE_LINES = 400
MAX_CLASS_LINES = 300
MAX_FUNCTION_LINES = 80

SERVICE_MODULES = sorted(SERVICE.glob("*.py"))


def _span(node: ast.AST) -> int:
    assert isinstance(node, ast.stmt)
    first = min([node.lineno, *(d.lineno for d in getattr(node, "decorator_list", []))])
    assert node.end_lineno is not None
    return node.end_lineno - first + 1


def test_the_service_has_its_stages() -> None:
    names = {p.stem for p in SERVICE_MODULES}
    for stage in ("daemon", "watching", "inbox", "worker", "sent", "followup", "recovery"):
        assert stage in names


@pytest.mark.parametrize("path", SERVICE_MODULES, ids=lambda p: p.name)
def test_service_modules_classes_and_functions_stay_small(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    lines = len(text.splitlines())
    assert lines <= MAX_MODULE_LINES, f"{path.name}: {lines} lines"
    for node in ast.walk(ast.parse(text)):
        if isinstance(node, ast.ClassDef):
            assert _span(node) <= MAX_CLASS_LINES, f"{path.name}: class {node.name}"
        elif isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            assert _span(node) <= MAX_FUNCTION_LINES, f"{path.name}: {node.name}()"


def _imported(path: Path) -> set[str]:
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
        elif isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
    return {name for name in found if name == "mailer" or name.startswith("mailer.")}


def _layer_modules(layer: str) -> list[Path]:
    return sorted((MAILER / layer).rglob("*.py"))


@pytest.mark.parametrize("path", _layer_modules("core"), ids=lambda p: p.stem)
def test_the_core_imports_only_the_core_and_the_error_tree(path: Path) -> None:
    for name in _imported(path):
        assert name.startswith("mailer.core") or name == "mailer.errors", f"{path}: {name}"


@pytest.mark.parametrize(
    ("layer", "above"),
    [
        ("adapters", ("mailer.service", "mailer.commands")),
        ("service", ("mailer.commands",)),
    ],
)
def test_no_import_runs_back_up(layer: str, above: tuple[str, ...]) -> None:
    for path in _layer_modules(layer):
        for name in _imported(path):
            assert not name.startswith(above), f"{path}: {name}"


def test_the_service_keeps_its_import_path() -> None:
    service = importlib.import_module("mailer.service")
    for name in service.__all__:
        assert hasattr(service, name), name
    from mailer.service import Service, run_followup_job  # what the rest of the code uses

    assert callable(run_followup_job)
    assert Service.__module__ == "mailer.service.daemon"


def test_the_follow_up_job_resolves_by_its_stable_path() -> None:
    from apscheduler.util import obj_to_ref, ref_to_obj

    from mailer.service import run_followup_job
    from mailer.service.timer import JOB

    assert JOB == "mailer.service:run_followup_job"
    assert ref_to_obj(JOB) is run_followup_job
    assert ref_to_obj(obj_to_ref(run_followup_job)) is run_followup_job
