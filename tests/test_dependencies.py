"""What the project depends on, and what is installed: one job store (no SQLAlchemy),
constraints.txt pinning versions pyproject.toml allows, and caps on the libraries
whose private parts the adapters use."""

from __future__ import annotations

import importlib.util
import tomllib
from importlib import metadata
from pathlib import Path

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

REPO = Path(__file__).resolve().parent.parent
PROJECT = tomllib.loads((REPO / "pyproject.toml").read_text())["project"]


def pins() -> dict[str, str]:
    out = {}
    for line in (REPO / "constraints.txt").read_text().splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            name, _, version = line.partition("==")
            assert version, f"not an exact pin: {line}"
            out[canonicalize_name(name)] = version
    return out


def runtime_closure(name: str) -> set[str]:
    """Every distribution ``name`` needs at run time (no extras), by installed metadata."""
    seen: set[str] = set()
    todo = [name]
    while todo:
        current = canonicalize_name(todo.pop())
        if current in seen:
            continue
        seen.add(current)
        for spec in metadata.requires(current) or ():
            req = Requirement(spec)
            if req.marker is None or req.marker.evaluate({"extra": ""}):
                todo.append(req.name)
    return seen


def test_sqlalchemy_is_not_a_dependency_and_not_installed() -> None:
    assert not any("sqlalchemy" in dep.lower() for dep in PROJECT["dependencies"])
    assert "sqlalchemy" not in runtime_closure("polite-decline")
    assert importlib.util.find_spec("sqlalchemy") is None


def test_constraints_pin_what_pyproject_allows_and_what_is_installed() -> None:
    pinned = pins()
    declared = [*PROJECT["dependencies"], *PROJECT["optional-dependencies"]["test"]]
    for spec in declared:
        req = Requirement(spec)
        name = canonicalize_name(req.name)
        assert name in pinned, f"{req.name} is not pinned in constraints.txt"
        assert req.specifier.contains(pinned[name]), f"{req.name}=={pinned[name]} vs {spec}"
    # Every runtime dependency, transitively, is pinned: nothing floats in CI.
    missing = runtime_closure("polite-decline") - set(pinned) - {"polite-decline"}
    assert not missing, f"not pinned in constraints.txt: {sorted(missing)}"
    for name, version in pinned.items():
        assert metadata.version(name) == version, f"{name} installed differs from its pin"


def test_majors_whose_private_parts_we_use_are_capped() -> None:
    specs = {
        canonicalize_name(Requirement(d).name): Requirement(d) for d in PROJECT["dependencies"]
    }
    for name in ("aiosmtplib", "imapclient", "apscheduler"):
        assert any(s.operator == "<" for s in specs[name].specifier), name
