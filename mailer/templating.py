"""Jinja2 templates from the user's directory, the installed package, or the checkout.

Lookup order (a :class:`jinja2.ChoiceLoader`, first hit wins, file by file):

1. the user's templates directory (the config's templates setting), when given;
2. the package data ``mailer/_data/templates`` of an installed wheel (the build
   maps the repository's top-level ``templates/`` there);
3. the repository's top-level ``templates/``, for a source checkout.

A template is ``<language>/<name>.txt.j2``; a language without that file falls back
to English, so a user may override only the files they care about.

``autoescape`` is off on purpose: the output is text/plain, where HTML escaping
would turn "AT&T" into "AT&amp;T". What makes inbound values safe in a plain-text
mail is different: the composer reduces them to one clean line before they reach
the template (no control characters, no line breaks), and they are data, never
template source.
"""

from __future__ import annotations

import importlib.resources
import os
from collections.abc import Mapping
from pathlib import Path

import jinja2

from mailer.core.templates import DEFAULT_LANGUAGE, Templates
from mailer.errors import ConfigError

__all__ = ["JinjaTemplates", "load_templates"]

_REPO_TEMPLATES = Path(__file__).resolve().parent.parent / "templates"


def _package_loader() -> jinja2.BaseLoader | None:
    data = importlib.resources.files("mailer").joinpath("_data", "templates")
    if not data.is_dir():
        return None
    # PackageLoader also reads from zipped installs, where the directory has no path.
    return jinja2.PackageLoader("mailer", "_data/templates")


class JinjaTemplates:
    """:class:`~mailer.core.templates.Templates` backed by Jinja2."""

    def __init__(self, loader: jinja2.BaseLoader, /) -> None:
        self._env = jinja2.Environment(
            loader=loader,
            autoescape=False,  # noqa: S701 - plain text output; see the module docstring
            undefined=jinja2.StrictUndefined,
            keep_trailing_newline=True,
            trim_blocks=True,
            lstrip_blocks=True,
        )

    def _template(self, name: str, language: str) -> jinja2.Template:
        try:
            return self._env.get_template(f"{language}/{name}.txt.j2")
        except jinja2.TemplateNotFound:
            if language == DEFAULT_LANGUAGE:
                raise
            return self._env.get_template(f"{DEFAULT_LANGUAGE}/{name}.txt.j2")

    def render(self, name: str, language: str, context: Mapping[str, object]) -> str:
        """Render ``<language>/<name>.txt.j2`` (English when missing).

        A missing or broken template, or one that uses an unknown variable, is a
        configuration problem: :class:`ConfigError` names the file and the reason.
        """
        safe_language = language if language.isalpha() and len(language) <= 8 else "x"
        try:
            template = self._template(name, safe_language)
        except jinja2.TemplateNotFound as exc:
            raise ConfigError(f"{language}/{name}.txt.j2", None, "template not found") from exc
        except jinja2.TemplateSyntaxError as exc:
            where = exc.filename or exc.name or name
            raise ConfigError(where, None, f"line {exc.lineno}: {exc.message}") from exc
        try:
            return template.render(**context)
        except jinja2.TemplateError as exc:
            where = template.filename or template.name or name
            raise ConfigError(where, None, str(exc)) from exc


def load_templates(user_dir: str | os.PathLike[str] | None = None, /) -> Templates:
    """The templates, with ``user_dir`` (when given) taking precedence.

    Raises :class:`ConfigError` when ``user_dir`` is given but is not a directory.
    """
    loaders: list[jinja2.BaseLoader] = []
    if user_dir is not None:
        path = Path(user_dir).expanduser()
        if not path.is_dir():
            raise ConfigError(str(path), None, "templates directory not found")
        loaders.append(jinja2.FileSystemLoader(path))
    package = _package_loader()
    if package is not None:
        loaders.append(package)
    if _REPO_TEMPLATES.is_dir():
        loaders.append(jinja2.FileSystemLoader(_REPO_TEMPLATES))
    return JinjaTemplates(jinja2.ChoiceLoader(loaders))
