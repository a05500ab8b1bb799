"""``polite-decline check``: is the configured account reachable? Sends nothing."""

from __future__ import annotations

import asyncio
from typing import TextIO

from mailer.config import Config
from mailer.endpoints import imap_endpoint, remembering, smtp_endpoint
from mailer.errors import PoliteDeclineError
from mailer.imap import ImapSession
from mailer.logs import scrub
from mailer.smtp import check_smtp

__all__ = ["run_check"]

#: The capabilities that change how the service works, and what each one gives.
CAPABILITIES = {
    "IDLE": "push (RFC 2177); without it the inbox is polled",
    "UIDPLUS": "APPENDUID after APPEND (RFC 4315)",
    "CONDSTORE": "cheap resync (RFC 7162)",
    "SPECIAL-USE": "Drafts and Sent found by attribute (RFC 6154)",
}


def _line(out: TextIO, step: str, result: str) -> None:
    print(f"{step:<10} {scrub(result)}", file=out, flush=True)


def run_check(config: Config, /, *, out: TextIO) -> int:
    """One line per step, ``ok`` or the reason; exit 1 at the first failure."""
    _line(out, "config", f"ok ({config.path})")
    endpoint = imap_endpoint(config)
    mode = {"tls": "TLS", "starttls": "STARTTLS", "none": "no TLS (loopback)"}[endpoint.security]
    try:
        with ImapSession.connect(endpoint, remembering(config.imap_secret())) as session:
            _line(
                out,
                "imap",
                f"ok: logged in to {endpoint.address} as "
                f"{config.imap.username} ({mode}, certificate checked)"
                if endpoint.security != "none"
                else f"ok: logged in to {endpoint.address} as {config.imap.username} ({mode})",
            )
            caps = session.capabilities()
            for cap, meaning in CAPABILITIES.items():
                _line(out, "imap", f"{cap}: {'yes' if cap in caps else 'no'} ({meaning})")
            folders = session.find_folders()
            _line(out, "drafts", f"ok: {folders.drafts!r}")
            _line(out, "sent", f"ok: {folders.sent!r}")
    except PoliteDeclineError as exc:
        _line(out, "imap", f"FAILED: {exc}")
        return 1
    secret = config.smtp_secret()
    try:
        lines = asyncio.run(
            check_smtp(
                smtp_endpoint(config),
                credentials=None if secret is None else remembering(secret),
            )
        )
    except PoliteDeclineError as exc:
        _line(out, "smtp", f"FAILED: {exc}")
        return 1
    for text in lines:
        _line(out, "smtp", text)
    _line(out, "result", "ok: polite-decline can reach your mailbox (nothing was sent)")
    return 0
