"""Jinja2 templates from the user's directory, the installed package, or the checkout.

Lookup order (a :class:`jinja2.ChoiceLoader`, first hit wins, file by file):

1. the user's templates directory (the config's templates setting), when given;
2. the package data ``mailer/_data/templates`` of an installed wheel (the build
   maps the repository's top-level ``templates/`` there);
3. the repository's top-level ``templates/``, for a source checkout.

A draft's template is ``<language>/<register>/<name>.txt.j2``, the register being
``formal`` or ``informal`` (the invitation's: Sie or du, vous or tu, usted or tú, an
English letter or a casual note). Each language also has ``_letter.j2`` (the greeting,
closing and time phrases its templates import) and ``wording.txt.j2`` (the keyword
reasons and offers). A user's directory is searched first, file by file:

* ``<language>/<register>/<name>.txt.j2``, then
* ``<language>/<name>.txt.j2`` — the layout before registers; such a template serves
  both registers, so a templates directory written for it keeps working;

then the shipped ``<language>/<register>/<name>.txt.j2``. A language without the file
falls back to English, so a user may override only the files they care about.

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

_REPO_TEMPLATES = Path(__file__).resolve().parents[2] / "templates"


def _package_loader() -> jinja2.BaseLoader | None:
    data = importlib.resources.files("mailer").joinpath("_data", "templates")
    if not data.is_dir():
        return None
    # PackageLoader also reads from zipped installs, where the directory has no path.
    return jinja2.PackageLoader("mailer", "_data/templates")


_REGISTERS = ("formal", "informal")


class JinjaTemplates:
    """:class:`~mailer.core.templates.Templates` backed by Jinja2.

    ``user`` is the loader of the user's own directory, searched first (see the
    module docstring); ``loader`` finds every template, the user's included.
    """

    def __init__(self, loader: jinja2.BaseLoader, /, user: jinja2.BaseLoader | None = None) -> None:
        self._user = user
        self._env = jinja2.Environment(
            loader=loader,
            autoescape=False,  # noqa: S701 - plain text output; see the module docstring
            undefined=jinja2.StrictUndefined,
            keep_trailing_newline=True,
            trim_blocks=True,
            lstrip_blocks=True,
        )

    def _user_has(self, path: str) -> bool:
        if self._user is None:
            return False
        try:
            self._user.get_source(self._env, path)
        except jinja2.TemplateNotFound:
            return False
        return True

    def _template(self, name: str, language: str, register: str) -> jinja2.Template:
        for lang in dict.fromkeys((language, DEFAULT_LANGUAGE)):
            paths = [f"{lang}/{name}.txt.j2"]
            if register in _REGISTERS:
                paths.insert(0, f"{lang}/{register}/{name}.txt.j2")
            for path in paths:
                if self._user_has(path):
                    return self._env.get_template(path)
            for path in paths:
                try:
                    return self._env.get_template(path)
                except jinja2.TemplateNotFound:
                    continue
        raise jinja2.TemplateNotFound(f"{language}/{name}.txt.j2")

    def render(self, name: str, language: str, context: Mapping[str, object]) -> str:
        """Render ``<language>/<register>/<name>.txt.j2`` (see the module docstring),
        the register being ``context["register"]``; English when the language has none.

        A missing or broken template, or one that uses an unknown variable, is a
        configuration problem: :class:`ConfigError` names the file and the reason.
        """
        safe_language = language if language.isalpha() and len(language) <= 8 else "x"
        register = str(context.get("register") or "")
        try:
            template = self._template(name, safe_language, register)
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
    user: jinja2.BaseLoader | None = None
    if user_dir is not None:
        path = Path(user_dir).expanduser()
        if not path.is_dir():
            raise ConfigError(str(path), None, "templates directory not found")
        user = jinja2.FileSystemLoader(path)
        loaders.append(user)
    package = _package_loader()
    if package is not None:
        loaders.append(package)
    if _REPO_TEMPLATES.is_dir():
        loaders.append(jinja2.FileSystemLoader(_REPO_TEMPLATES))
    return JinjaTemplates(jinja2.ChoiceLoader(loaders), user=user)
