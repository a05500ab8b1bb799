"""``polite-decline init``: write a commented configuration file to edit."""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import TextIO

from mailer.adapters.resources import example_config_text
from mailer.errors import ConfigError

__all__ = ["write_initial_config"]

_DEFAULT_STATE = 'state_dir = "~/.local/state/polite-decline"'
# An account name usable as a directory and as a systemd instance name (%i).
_ACCOUNT = re.compile(r"[A-Za-z0-9][A-Za-z0-9._@-]*")


def _text_for(path: Path) -> tuple[str, str | None]:
    """The example config; for ``NAME.toml`` other than ``config.toml``, with its own
    state directory ``~/.local/state/polite-decline/NAME``: the one that the
    template unit ``polite-decline@NAME.service`` lets the service write, and one
    that two accounts never share (a state directory holds one daemon)."""
    text = example_config_text()
    name = path.stem
    if path.name == "config.toml" or not _ACCOUNT.fullmatch(name) or _DEFAULT_STATE not in text:
        return text, None
    state = f"~/.local/state/polite-decline/{name}"
    return text.replace(_DEFAULT_STATE, f'state_dir = "{state}"', 1), state


def write_initial_config(path: Path, /, *, out: TextIO) -> int:
    """Create ``path`` with mode 0600 (it may come to hold a password); never overwrite."""
    path = path.expanduser()
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    try:
        # O_EXCL: refuse an existing file even if it appears between a check and the write.
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        raise ConfigError(
            str(path), None, "already exists; refusing to overwrite it (edit it, or move it away)"
        ) from None
    text, state = _text_for(path)
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        fh.write(text)
    os.chmod(path, 0o600)  # the umask may have narrowed it further; make it exact
    print(f"wrote {path} (mode 0600)", file=out)
    if state:
        print(f"its state directory: {state} (daemon.state_dir)", file=out)
    print("next: edit [identity], [imap] and [smtp], then run `polite-decline check`", file=out)
    return 0
