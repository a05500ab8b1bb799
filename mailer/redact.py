"""Finding a secret in text in every form it takes on the wire, and blanking it.

A server may echo what the client sent it, and its reply ends up in an error
message, a log line, ``check`` output, ``status`` and the state database. Besides
the secret as it is, that covers:

- the IMAP-quoted form (RFC 3501 4.3 and 9: ``\\`` and ``"`` escaped), as imaplib
  writes a password in LOGIN;
- either of those as Python shows them inside ``repr()`` of bytes or text, which is
  how imapclient puts a server's reply into its exceptions (``b'... \\\\"...'``);
- base64, however the secret sits in the encoded bytes: SASL PLAIN
  (``authzid NUL authcid NUL password``, RFC 4616), LOGIN (the password alone),
  XOAUTH2 (``user=... ^A auth=Bearer token ^A ^A``), with any user name and
  whether or not the server cut the echo short. Every run of base64 characters is
  decoded (at each of the four alignments) and blanked whole when it holds the
  secret or a piece of it of :data:`FRAGMENT` bytes.

Pure functions of text and secrets; :mod:`mailer.logs` keeps the secrets read at
run time and applies :func:`redact` to every log record.
"""

from __future__ import annotations

import binascii
import re
from collections.abc import Iterable

__all__ = ["FRAGMENT", "REDACTED", "redact", "visible_forms"]

REDACTED = "********"
#: Bytes of a secret that, found in decoded base64, mark the run as holding it.
FRAGMENT = 6
# Shorter runs cannot hold a fragment (base64 of 6 bytes is 8 characters).
_BASE64_RUN = re.compile(r"[A-Za-z0-9+/]{8,}={0,2}")


def _repr_body(form: str, quote: str, *, as_bytes: bool) -> str:
    """What ``repr()`` shows between the quotes, delimited with ``quote``."""
    out = []
    if as_bytes:
        for byte in form.encode("utf-8", "surrogateescape"):
            char = chr(byte)
            out.append("\\" + char if char in ("\\", quote) else repr(bytes([byte]))[2:-1])
    else:
        for char in form:
            out.append("\\" + char if char in ("\\", quote) else repr(char)[1:-1])
    return "".join(out)


def _shown_by_repr(form: str) -> set[str]:
    # repr() escapes backslashes, controls (and, for bytes, non-ASCII), and only the
    # quote it delimits with, which depends on the rest of the reply: both ways.
    return {
        _repr_body(form, quote, as_bytes=as_bytes)
        for quote in ("'", '"')
        for as_bytes in (True, False)
    }


def visible_forms(secret: str, /) -> tuple[str, ...]:
    """The secret as it can appear in text without encoding: as it is, quoted the
    way IMAP quotes it (RFC 3501 9, ``quoted``), and both as ``repr()`` shows them;
    longest first."""
    quoted = secret.replace("\\", "\\\\").replace('"', '\\"')
    forms = {secret, quoted}
    for form in (secret, quoted):
        forms |= _shown_by_repr(form)
    return tuple(sorted(forms, key=len, reverse=True))


def _fragments(secret: bytes) -> tuple[bytes, ...]:
    size = min(len(secret), FRAGMENT)
    return tuple({secret[i : i + size] for i in range(len(secret) - size + 1)})


def _holds_secret(run: str, fragments: Iterable[tuple[bytes, ...]]) -> bool:
    pieces = [f for group in fragments for f in group]
    for offset in range(4):
        chunk = run[offset:].rstrip("=")
        chunk = chunk[: len(chunk) - len(chunk) % 4]
        if not chunk:
            continue
        try:
            decoded = binascii.a2b_base64(chunk)
        except (binascii.Error, ValueError):
            continue
        if any(piece in decoded for piece in pieces):
            return True
    return False


def redact(text: str, secrets: Iterable[str], /) -> str:
    """``text`` with every form of every secret (see the module docstring) blanked."""
    # Very short values would blank ordinary words; real secrets are longer.
    usable = [s for s in secrets if len(s) >= 4]
    if not usable or not text:
        return text
    for secret in usable:
        for form in visible_forms(secret):
            if form in text:
                text = text.replace(form, REDACTED)
    fragments = [_fragments(s.encode("utf-8", "surrogateescape")) for s in usable]

    def blank(match: re.Match[str]) -> str:
        run = match.group(0)
        return REDACTED if _holds_secret(run, fragments) else run

    return _BASE64_RUN.sub(blank, text)
