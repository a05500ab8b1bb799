"""``polite-decline init``: write a commented configuration file to edit."""

from __future__ import annotations

import os
from pathlib import Path
from typing import TextIO

from mailer.errors import ConfigError
from mailer.resources import example_config_text

__all__ = ["write_initial_config"]


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
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        fh.write(example_config_text())
    os.chmod(path, 0o600)  # the umask may have narrowed it further; make it exact
    print(f"wrote {path} (mode 0600)", file=out)
    print("next: edit [identity], [imap] and [smtp], then run `polite-decline check`", file=out)
    return 0
