"""Reading secrets from where the user keeps them.

Sources, in the mail-tool tradition (mbsync ``PassCmd``, msmtp ``passwordeval``):
a command that prints the secret, an environment variable, an OAuth2 token command,
or a plain ``password`` in a config file that only its owner can read (checked when
the config is loaded). A secret never appears in an exception or a log line.
"""

from __future__ import annotations

import os
import subprocess
from dataclasses import dataclass

from mailer.adapters.credentials import Credential
from mailer.errors import SecretError

__all__ = ["SecretSource", "read_secret"]

#: A secret command that hangs (a locked keyring waiting for a pinentry nobody sees)
#: must not stall the daemon forever.
COMMAND_TIMEOUT = 60.0


@dataclass(frozen=True)
class SecretSource:
    """Exactly one of the fields is set (the config loader guarantees it)."""

    where: str  # "imap" or "smtp": names the config table in messages
    command: str | None = None
    env: str | None = None
    oauth2_command: str | None = None
    password: str | None = None

    def __repr__(self) -> str:
        kind = (
            "command"
            if self.command
            else "env"
            if self.env
            else "oauth2_token_command"
            if self.oauth2_command
            else "password"
        )
        return f"SecretSource({self.where}, {kind})"

    def __call__(self) -> Credential:
        return read_secret(self)


def _run(command: str, key: str) -> str:
    # The command comes from the user's own config file, which they wrote for
    # their shell (pipes, `pass`, `gpg -d`), so it runs through /bin/sh as in
    # mbsync and msmtp.
    try:
        done = subprocess.run(  # noqa: S602
            command,
            shell=True,
            capture_output=True,
            timeout=COMMAND_TIMEOUT,
            check=False,
            stdin=subprocess.DEVNULL,
        )
    except subprocess.TimeoutExpired:
        raise SecretError(
            f"{key}: the command did not finish within {COMMAND_TIMEOUT:.0f} s"
        ) from None
    except OSError as exc:
        raise SecretError(f"{key}: the command could not be run ({exc.strerror})") from None
    if done.returncode != 0:
        # stderr may help ("gpg: decryption failed") but stdout may hold a secret: never show it.
        err = done.stderr.decode(errors="replace").strip().splitlines()
        hint = f": {err[-1][:200]}" if err else ""
        raise SecretError(f"{key}: the command exited with status {done.returncode}{hint}")
    # Like mbsync and msmtp, take the first line: `pass show` prints metadata below it.
    lines = done.stdout.decode(errors="replace").splitlines()
    secret = lines[0].strip() if lines else ""
    if not secret:
        raise SecretError(f"{key}: the command printed nothing")
    return secret


def read_secret(source: SecretSource, /) -> Credential:
    """Fetch the secret now. Raises SecretError with a message free of the secret."""
    try:
        return _read(source)
    except ValueError as exc:  # Credential refuses line breaks and empty secrets
        raise SecretError(f"{source.where}: unusable secret: {exc}") from None


def _read(source: SecretSource) -> Credential:
    where = source.where
    if source.oauth2_command:
        return Credential("oauth2", _run(source.oauth2_command, f"{where}.oauth2_token_command"))
    if source.command:
        return Credential("password", _run(source.command, f"{where}.password_command"))
    if source.env:
        value = os.environ.get(source.env)
        if not value:
            raise SecretError(
                f"{where}.password_env: the environment variable {source.env} is not set"
            )
        return Credential("password", value)
    if source.password is not None:
        return Credential("password", source.password)
    raise SecretError(f"{where}: no secret source is configured")
