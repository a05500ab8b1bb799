"""Credentials for the mail adapters (IMAP and SMTP).

A credential is fetched through a *provider*: a callable the adapter calls each
time it logs in. For OAuth2 the provider runs the token command again, so an
adapter whose token is refused calls it once more and retries (tokens expire
while a daemon runs). The secret never appears in ``repr()``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Literal

__all__ = ["Credential", "CredentialKind", "CredentialProvider"]

CredentialKind = Literal["password", "oauth2"]


@dataclass(frozen=True)
class Credential:
    """A password or an OAuth2 access token (used with SASL XOAUTH2)."""

    kind: CredentialKind
    secret: str = field(repr=False)

    def __post_init__(self) -> None:
        if self.kind not in ("password", "oauth2"):
            raise ValueError(f"unknown credential kind {self.kind!r}")


CredentialProvider = Callable[[], Credential]
"""Called for every login; for OAuth2 it re-runs the token command."""
