"""The secret handed to IMAP and SMTP login: a password or an OAuth2 access token."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Literal

__all__ = ["Credential", "CredentialProvider"]


@dataclass(frozen=True)
class Credential:
    """A secret with its kind. ``repr`` never shows the secret."""

    kind: Literal["password", "oauth2"]
    secret: str = field(repr=False)


#: Called each time a login needs the secret; for OAuth2 it re-runs the token command,
#: so a refused (expired) token is replaced by calling it again.
CredentialProvider = Callable[[], Credential]
