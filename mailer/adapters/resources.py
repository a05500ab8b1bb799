"""Files that travel with the package: the example config and the templates.

In a wheel they live in ``mailer/_data`` (mapped from the repository's top-level
``config/`` and ``templates/`` by the build, see pyproject.toml); in a source
checkout they are read from the repository itself.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path

__all__ = ["example_config_text", "packaged_templates_dir"]

_REPO = Path(__file__).resolve().parents[2]


def _data(name: str) -> Path | None:
    candidate = resources.files("mailer") / "_data" / name
    path = Path(str(candidate))
    if path.exists():
        return path
    fallback = _REPO / ("config/polite-decline.example.toml" if name.endswith(".toml") else name)
    return fallback if fallback.exists() else None


def example_config_text() -> str:
    path = _data("polite-decline.example.toml")
    if path is None:
        raise FileNotFoundError("the example configuration is missing from this installation")
    return path.read_text(encoding="utf-8")


def packaged_templates_dir() -> Path | None:
    return _data("templates")
