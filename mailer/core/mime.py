"""The leaf parts of a MIME message, found without reading what is not text.

The email package's feed parser reads a message line by line in Python, attachments
included: a 300 KB base64 PDF is some 4,000 ``readline`` calls before the first word
of the letter is looked at, and the recogniser runs on every candidate in the inbox.
This module finds the same leaf parts as the feed parser (RFC 2046 5.1: a body part
begins after a boundary delimiter line and ends at the line break before the next
one) with ``str.find``, parses only the header block of each part with the email
package, and hands each leaf on with its body as an undecoded string, exactly the
``_payload`` the feed parser would have stored. Nothing is decoded here; the caller
decides which leaves it reads.

Its walk is the one :class:`mailer.core.message.Mail` used over a fully parsed
message: depth first, at most :data:`MAX_PARTS` parts (containers included), no
deeper than :data:`MAX_DEPTH`, ``message/*`` parts read as the message they carry
(except ``message/delivery-status``, which is header blocks), children of
``multipart/digest`` typed ``message/rfc822`` by default (RFC 2046 5.1.5).
``tests/test_mime.py`` checks it against the feed parser on every message we have.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from email.message import Message
from email.parser import HeaderParser

__all__ = ["MAX_DEPTH", "MAX_PARTS", "header_end", "leaves", "split_part"]

#: MIME parts looked at, at most: a message with thousands of parts is not a letter.
MAX_PARTS = 64
#: Containers nested deeper than this are not opened.
MAX_DEPTH = 8

# An empty line: a line break directly followed by another. A CR is a line break of
# its own only when no LF follows it (the feed parser splits on CRLF, CR and LF).
_EMPTY_LINE = re.compile(r"(?:\r\n|\r(?!\n)|\n)(?:\r\n|\r(?!\n)|\n)")
_LEADING_BREAK = re.compile(r"\r\n|\r|\n")


def _strip_break(text: str) -> str:
    """``text`` without its last line break: RFC 2046 5.1.1 gives the line break
    before a boundary delimiter to the delimiter, not to the part."""
    if text.endswith("\r\n"):
        return text[:-2]
    if text.endswith(("\n", "\r")):
        return text[:-1]
    return text


def header_end(text: str) -> int:
    """Where the header block of ``text`` ends, its empty line included (or the
    length of ``text`` when it has none)."""
    found = _EMPTY_LINE.search(text)
    return found.end() if found is not None else len(text)


def split_part(text: str, parser: HeaderParser) -> tuple[Message, str]:
    """The header block of ``text`` parsed, and the body as it stands.

    The headers end where the feed parser ends them: at the first empty line, or at
    the first line that is no header field (that line then opens the body).
    """
    lead = _LEADING_BREAK.match(text)
    if lead is not None:  # an empty first line: no headers at all
        return parser.parsestr(""), text[lead.end() :]
    end = header_end(text)
    head = parser.parsestr(text[:end], headersonly=True)
    # the body as the parser keeps it: get_payload() would decode 8-bit text
    rest = getattr(head, "_payload", None)
    return head, (rest if isinstance(rest, str) else "") + text[end:]


def _is_delimiter(text: str, at: int, after: int) -> tuple[bool, bool, int]:
    """Whether the ``--boundary`` at ``at`` (ending at ``after``) opens a delimiter
    line: (is one, is the close delimiter, where the next line begins)."""
    if at > 0 and text[at - 1] not in "\r\n":
        return False, False, 0
    pos = after
    close = text.startswith("--", pos)
    if close:
        pos += 2
    while pos < len(text) and text[pos] in " \t":  # transport padding, RFC 2046 5.1.1
        pos += 1
    if pos == len(text):
        return True, close, pos
    if text.startswith("\r\n", pos):
        return True, close, pos + 2
    if text[pos] in "\r\n":
        return True, close, pos + 1
    return False, False, 0


def _marker_lines(text: str, marker: str) -> Iterator[int]:
    """Where each line that begins with ``marker`` begins, in order: only such lines
    can be delimiters, and a line of many copies of the boundary costs no step per
    copy. Lines end at LF, CRLF or a lone CR, as the feed parser splits them."""
    if text.startswith(marker):
        yield 0
    lf, cr = text.find("\n" + marker), text.find("\r" + marker)
    while lf >= 0 or cr >= 0:
        if cr < 0 or 0 <= lf < cr:
            yield lf + 1
            lf = text.find("\n" + marker, lf + 1)
        else:
            yield cr + 1
            cr = text.find("\r" + marker, cr + 1)


def _body_parts(body: str, boundary: str, limit: int) -> list[str] | int:
    """The body parts of a multipart ``body`` (at most ``limit``); or, when its first
    delimiter never comes, how much of ``body`` the feed parser keeps as its text
    (up to a close delimiter, else all of it)."""
    marker = "--" + boundary
    parts: list[str] = []
    start: int | None = None  # where the current part begins
    pos = 0
    for at in _marker_lines(body, marker):
        if len(parts) >= limit:
            break
        if at < pos:
            continue
        is_line, close, next_line = _is_delimiter(body, at, at + len(marker))
        if not is_line:
            continue
        if start is not None and at > start:  # consecutive delimiters make no part
            parts.append(body[start:at])
        if close:
            return parts if start is not None else at
        start = next_line
        pos = next_line
    if start is None:
        return len(body)
    if len(parts) < limit:
        parts.append(body[start:])  # no close delimiter: up to the end, maybe empty
    return parts


Opened = tuple[list[tuple[Message, str]], bool]


def leaves(
    text: str, parser: HeaderParser, *, top: tuple[Message, str] | None = None
) -> Iterator[tuple[Message, str]]:
    """Each leaf part of the message ``text`` (raw bytes decoded as ASCII with
    surrogate escapes, as the email package reads them): its headers and its body.

    ``top`` is the message's own header block and body when the caller has them
    already, so that they are not parsed twice.
    """
    first = top if top is not None else split_part(text, parser)
    # (headers, body, depth, whether the body ends before a boundary delimiter)
    stack: list[tuple[Message, str, int, bool]] = [(first[0], first[1], 0, False)]
    count = 0
    while stack and count < MAX_PARTS:
        head, body, depth, delimited = stack.pop()
        count += 1
        opened = _open(head, body, parser, MAX_PARTS - count, delimited)
        if isinstance(opened, str):
            yield head, opened
            continue
        children, in_multipart = opened
        if depth < MAX_DEPTH:
            # a message/* part hands its place before the delimiter to what it carries
            inner = in_multipart or delimited
            stack.extend((h, b, depth + 1, inner) for h, b in reversed(children))


def _open(
    head: Message, body: str, parser: HeaderParser, limit: int, delimited: bool
) -> Opened | str:
    """The parts inside a container part, and whether they are body parts of a
    multipart; or, for a leaf, its body as the feed parser keeps it."""
    try:
        maintype = head.get_content_maintype()
        ctype = head.get_content_type()
    except Exception:  # a broken Content-Type reads as text/plain, a leaf
        maintype, ctype = "text", "text/plain"
    if maintype == "message" and ctype != "message/delivery-status":
        return [split_part(body, parser)], False
    if maintype != "multipart":
        # RFC 2046 5.1.1: the line break before a delimiter belongs to the delimiter
        return _strip_break(body) if delimited else body
    boundary = head.get_boundary()
    if boundary is None:
        return body
    parts = _body_parts(body, boundary, max(limit, 0))
    if isinstance(parts, int):
        return body[:parts]
    out = []
    for part in parts:
        child = split_part(part, parser)
        if ctype == "multipart/digest":
            child[0].set_default_type("message/rfc822")
        out.append(child)
    return out, True
