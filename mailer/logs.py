"""Logging to stderr, as text or JSON lines, with secrets scrubbed.

Secrets are never passed to the logger on purpose; the scrubber is a second line of
defence: every secret read at run time is registered, and any log record that
somehow contains one, in any form (as it is, IMAP-quoted, inside base64 such as an
echoed SASL blob: :mod:`mailer.redact`), has it blanked before it is written.
"""

from __future__ import annotations

import json
import logging
import sys
import threading
from datetime import UTC, datetime

from mailer.redact import redact

__all__ = ["register_secret", "scrub", "setup_logging"]

_secrets: set[str] = set()
_lock = threading.Lock()


def register_secret(value: str, /) -> None:
    # Very short values would scrub ordinary words; real secrets are longer.
    if len(value) >= 4:
        with _lock:
            _secrets.add(value)


def scrub(text: str, /) -> str:
    with _lock:
        secrets = tuple(_secrets)
    return redact(text, secrets)


class _ScrubbingFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        return scrub(super().format(record))


class _JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, object] = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(),
            "level": record.levelname.lower(),
            "logger": record.name,
            "message": record.getMessage(),
        }
        for key in ("event", "key", "uid", "folder", "rule"):
            if hasattr(record, key):
                entry[key] = getattr(record, key)
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        return scrub(json.dumps(entry, ensure_ascii=False, default=str))


def setup_logging(*, verbosity: int = 0, fmt: str = "text") -> None:
    """verbosity: -1 quiet (warnings), 0 info, 1+ debug."""
    level = logging.WARNING if verbosity < 0 else logging.DEBUG if verbosity > 0 else logging.INFO
    handler = logging.StreamHandler(sys.stderr)
    if fmt == "json":
        handler.setFormatter(_JsonFormatter())
    else:
        handler.setFormatter(
            _ScrubbingFormatter("%(asctime)s %(levelname)-7s %(name)s: %(message)s")
        )
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level)
    # Libraries are chatty at DEBUG and imaplib/aiosmtplib may echo protocol lines;
    # keep them at WARNING so no AUTH exchange is ever logged.
    for name in ("imapclient", "aiosmtplib", "apscheduler", "mail.log", "asyncio"):
        logging.getLogger(name).setLevel(max(level, logging.WARNING))
