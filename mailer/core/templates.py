"""The seam between the composer and wherever templates come from.

The core only knows this protocol; :mod:`mailer.adapters.templating` implements it with
Jinja2 and the file system, and tests may pass any object with ``render``.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Protocol

__all__ = ["DEFAULT_LANGUAGE", "LANGUAGES", "Templates"]

#: The languages the project ships templates for.
LANGUAGES = ("en", "de", "fr", "es")
#: What a missing language falls back to.
DEFAULT_LANGUAGE = "en"


class Templates(Protocol):
    """Renders a named plain-text template (``decline``, ``followup``).

    ``language`` is one of :data:`LANGUAGES` or anything else; an implementation
    falls back to :data:`DEFAULT_LANGUAGE` when it has no template for it.
    """

    def render(self, name: str, language: str, context: Mapping[str, object]) -> str: ...
