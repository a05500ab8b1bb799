"""``polite-decline check``: is the configured account reachable? Sends nothing.

IMAP and SMTP are checked each on its own: a refused IMAP login still shows whether
the SMTP server works, and the other way round. One line per fact, in plain words;
exit status 1 when either failed.
"""

from __future__ import annotations

import asyncio
from typing import TextIO

from mailer.adapters.endpoints import imap_endpoint, remembering, smtp_endpoint
from mailer.adapters.imap import Folders, FoundBy, ImapSession
from mailer.adapters.smtp import check_smtp
from mailer.config import Config
from mailer.errors import PoliteDeclineError
from mailer.logs import scrub

__all__ = ["run_check"]

#: The capabilities that change how the service works: what having each one gives,
#: and what the service does without it.
CAPABILITIES = {
    "IDLE": (
        "new mail is noticed at once (RFC 2177)",
        "the inbox is checked every imap.poll_interval instead (RFC 2177)",
    ),
    "UIDPLUS": (
        "the server says where each new draft is stored (RFC 4315)",
        "each new draft is found by its Message-ID instead (RFC 4315)",
    ),
}

_SECURITY = {
    "tls": "with TLS, certificate checked",
    "starttls": "with STARTTLS, certificate checked",
    "none": "without TLS (allowed for a loopback host)",
}


def _line(out: TextIO, step: str, result: str) -> None:
    print(f"{step:<10} {scrub(result)}", file=out, flush=True)


def run_check(config: Config, /, *, out: TextIO) -> int:
    """Check IMAP, then SMTP, whatever the first gave; 0 when both work, else 1."""
    _line(out, "config", f"ok: {config.path}")
    imap_ok = _check_imap(config, out)
    smtp_ok = _check_smtp(config, out)
    if imap_ok and smtp_ok:
        _line(out, "result", "ok: polite-decline can reach your mailbox and your SMTP server")
        return 0
    failed = " and ".join(name for name, ok in (("IMAP", imap_ok), ("SMTP", smtp_ok)) if not ok)
    _line(out, "result", f"FAILED: {failed} (see above); nothing was sent")
    return 1


def _check_imap(config: Config, out: TextIO) -> bool:
    endpoint = imap_endpoint(config)
    try:
        session = ImapSession.connect(endpoint, remembering(config.imap_secret()))
    except PoliteDeclineError as exc:
        _line(out, "imap", f"FAILED: {exc}")
        return False
    with session:
        _line(out, "imap", f"connected to {endpoint.address} {_SECURITY[endpoint.security]}")
        _line(out, "imap", f"logged in as {endpoint.username}")
        try:
            caps = session.capabilities()
            for cap, (yes, no) in CAPABILITIES.items():
                _line(out, "imap", f"{cap}: yes, {yes}" if cap in caps else f"{cap}: no, {no}")
            folders = session.find_folders()
        except PoliteDeclineError as exc:
            _line(out, "imap", f"FAILED: {exc}")
            return False
    _line(out, "drafts", _found(folders, "drafts"))
    _line(out, "sent", _found(folders, "sent"))
    return True


def _found(folders: Folders, kind: str) -> str:
    """How a folder was found, so that no line reads as contradicting another."""
    name, by = (
        (folders.drafts, folders.drafts_by) if kind == "drafts" else (folders.sent, folders.sent_by)
    )
    attribute = "\\Drafts" if kind == "drafts" else "\\Sent"
    how: dict[FoundBy, str] = {
        "config": f"as set by imap.{kind}_folder",
        "attribute": f"the server marks it {attribute} (SPECIAL-USE, RFC 6154)",
        "name": f"found by its name (the server marks no folder {attribute})",
    }
    return f"ok: {name!r}, {how[by]}"


def _check_smtp(config: Config, out: TextIO) -> bool:
    endpoint = smtp_endpoint(config)
    secret = config.smtp_secret()
    done: list[str] = []
    try:
        asyncio.run(
            check_smtp(
                endpoint,
                credentials=None if secret is None else remembering(secret),
                progress=done,
            )
        )
    except PoliteDeclineError as exc:
        for step in done:
            _line(out, "smtp", step)
        # The error names the server as "smtp HOST:PORT" for the service's log; the
        # line already says smtp.
        _line(out, "smtp", f"FAILED: {str(exc).removeprefix('smtp ')}")
        return False
    for step in done:
        _line(out, "smtp", step)
    _line(out, "smtp", "ok: ready to send follow-ups (nothing was sent)")
    return True
