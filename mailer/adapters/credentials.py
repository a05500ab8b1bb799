"""A login secret as a value: what kind it is, and the secret itself, never printed.

Adapters take a provider (``Callable[[], Credential]``) rather than the secret, so a
secret command runs only when a login is about to happen and nothing keeps the
secret longer than the login needs it. For OAuth2 the provider runs the token
command again, so an adapter whose token is refused calls it once more and retries.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Literal

__all__ = ["Credential", "CredentialKind", "CredentialProvider"]

CredentialKind = Literal["password", "oauth2"]


@dataclass(frozen=True, slots=True)
class Credential:
    """A password (or app password), or an OAuth2 access token for XOAUTH2.

    ``repr()`` and ``str()`` show the kind only, so the secret cannot end up in a
    log line or an error message by accident.
    """

    kind: CredentialKind
    secret: str = field(repr=False)

    def __post_init__(self) -> None:
        if self.kind not in ("password", "oauth2"):
            raise ValueError(f"unknown credential kind {self.kind!r}")
        if not self.secret:
            raise ValueError(f"empty {self.kind} secret")
        # A CR or LF in a secret would end the SMTP/IMAP command line early.
        if any(c in self.secret for c in "\r\n\x00"):
            raise ValueError(f"the {self.kind} secret contains a line break or NUL")


CredentialProvider = Callable[[], Credential]
