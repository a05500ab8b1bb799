"""The MIME walk of mailer.core.mime finds what the email package's feed parser finds.

The reference is the email package itself: each message is parsed in full by
``email.message_from_bytes`` (the policy :class:`~mailer.core.message.Mail` uses) and
walked the way ``Mail`` walked it before the walk stopped reading attachments; both
walks must give the same leaves, with the same content types and the same undecoded
bodies, on our fixtures, on the shared corpora where present, on crafted structures
and on seeded mutations of real messages.
"""

from __future__ import annotations

import email
import random
from email.message import Message
from pathlib import Path

import pytest

from mailer.core import message as mm
from mailer.core.message import read_message
from mailer.core.mime import MAX_PARTS

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures" / "recognition"

Leaf = tuple[str, str]


def feed_parser_leaves(raw: bytes) -> list[Leaf]:
    """The leaves of the fully parsed message: depth first, bounded as Mail bounds."""
    msg = email.message_from_bytes(raw[: mm.MAX_PARSE_BYTES], policy=mm._BOUNDED)
    out: list[Leaf] = []
    stack: list[tuple[Message, int, bool]] = [(msg, 0, False)]
    count = 0
    while stack and count < MAX_PARTS:
        part, depth, status = stack.pop()
        count += 1
        payload = part.get_payload()
        if isinstance(payload, list):
            if depth < 8:
                # message/delivery-status is read as header blocks (RFC 3464), no text
                inner = mm._ctype(part) == "message/delivery-status"
                stack.extend(
                    (p, depth + 1, inner) for p in reversed(payload) if isinstance(p, Message)
                )
            continue
        # the body as the parser keeps it (get_payload() decodes 8-bit text)
        kept = getattr(part, "_payload", None)
        if isinstance(kept, str) and not status:
            out.append((mm._ctype(part), kept))
    return out


def walked_leaves(raw: bytes) -> list[Leaf]:
    mail = read_message(raw)
    return [
        (mm._ctype(head), body)
        for head, body in mail._walk()
        if mm._ctype(head) != "message/delivery-status"
    ]


def _same(raw: bytes) -> bool:
    return walked_leaves(raw) == feed_parser_leaves(raw)


def same_walk(raw: bytes) -> None:
    assert walked_leaves(raw) == feed_parser_leaves(raw)


def _multipart(boundary: str, parts: list[str], *, close: bool = True, sep: str = "\r\n") -> str:
    body = "preamble" + sep
    for part in parts:
        body += f"--{boundary}{sep}{part}{sep}"
    if close:
        body += f"--{boundary}--{sep}epilogue{sep}"
    return body


HEAD = "From: a@example.org\r\nTo: b@example.org\r\nSubject: s\r\n"
TEXT = "Content-Type: text/plain; charset=utf-8\r\n\r\nHello there,\r\nsee you.\r\n"
HTML = "Content-Type: text/html\r\n\r\n<p>Hello</p>"
PDF = (
    "Content-Type: application/pdf\r\nContent-Disposition: attachment; filename=a.pdf\r\n"
    "Content-Transfer-Encoding: base64\r\n\r\n" + "QUJD" * 19 + "\r\n" + "QUJD" * 19
)


def _mixed(parts: list[str], boundary: str = "b1", **kw: object) -> bytes:
    head = HEAD + f'Content-Type: multipart/mixed; boundary="{boundary}"\r\n\r\n'
    return (head + _multipart(boundary, parts, **kw)).encode()  # type: ignore[arg-type]


CRAFTED: dict[str, bytes] = {
    "single text": (HEAD + "\r\nBody line\r\n").encode(),
    "no body": HEAD.encode(),
    "LF only": (HEAD + TEXT + "x").replace("\r\n", "\n").encode(),
    "mixed": _mixed([TEXT, HTML, PDF]),
    "mixed LF": _mixed([TEXT, PDF], sep="\n").replace(b"\r\n", b"\n"),
    "no close delimiter": _mixed([TEXT, PDF], close=False),
    "consecutive delimiters": _mixed([TEXT, "", HTML]).replace(
        b"\r\n\r\n--b1", b"\r\n--b1\r\n--b1", 1
    ),
    "transport padding": _mixed([TEXT, HTML]).replace(b"--b1\r\n", b"--b1  \t\r\n"),
    "boundary-like line": _mixed([TEXT + "--b1x not a delimiter\r\n", HTML]),
    "delimiter mid-line": _mixed([TEXT + "text --b1\r\n", HTML]),
    "start never found": (
        HEAD + 'Content-Type: multipart/mixed; boundary="zz"\r\n\r\nno parts here\r\n'
    ).encode(),
    "no boundary parameter": (
        HEAD + "Content-Type: multipart/mixed\r\n\r\n--b1\r\n" + TEXT
    ).encode(),
    "part without headers": _mixed(["\r\nplain words", TEXT]),
    "part with a non-header line": _mixed(["this is no header\r\nmore\r\n\r\nbody", TEXT]),
    "nested": _mixed(
        [
            'Content-Type: multipart/alternative; boundary="b2"\r\n\r\n'
            + _multipart("b2", [TEXT, HTML]),
            PDF,
        ]
    ),
    "nested, inner never closed": _mixed(
        [
            'Content-Type: multipart/alternative; boundary="b2"\r\n\r\n'
            + _multipart("b2", [TEXT, HTML], close=False),
            HTML,
        ]
    ),
    "forwarded message": _mixed([TEXT, "Content-Type: message/rfc822\r\n\r\n" + HEAD + TEXT]),
    "digest": (
        HEAD
        + 'Content-Type: multipart/digest; boundary="d"\r\n\r\n'
        + _multipart("d", ["\r\n" + HEAD + "\r\nfirst", "Content-Type: text/plain\r\n\r\nx"])
    ).encode(),
    "delivery status": (
        HEAD
        + 'Content-Type: multipart/mixed; boundary="r"\r\n\r\n'
        + _multipart("r", [TEXT, "Content-Type: message/delivery-status\r\n\r\nA: 1\r\n\r\nB: 2"])
    ).encode(),
    "eight bit": (HEAD + "Content-Type: text/plain\r\n\r\nGrüße, ¿qué?\r\n").encode("latin-1"),
    "many parts": _mixed([TEXT] * (MAX_PARTS + 20)),
    "deep": (
        HEAD
        + "".join(
            f'Content-Type: multipart/mixed; boundary="n{i}"\r\n\r\n--n{i}\r\n' for i in range(20)
        )
        + TEXT
    ).encode(),
}


@pytest.mark.parametrize("name", sorted(CRAFTED))
def test_crafted_structures_walk_as_the_feed_parser_reads_them(name: str) -> None:
    same_walk(CRAFTED[name])


def test_an_attachment_is_never_read_into_text() -> None:
    mail = read_message(CRAFTED["mixed"])
    assert "Hello there" in mail.raw_text
    assert "QUJD" not in mail.raw_text


def _messages() -> list[Path]:
    found = sorted(FIXTURES.rglob("*.eml"))
    for base in (ROOT, *ROOT.parents):
        shared = base.parent / "shared"
        if shared.is_dir():
            for name in ("corpus", "corpus-real"):
                found.extend(sorted((shared / name).rglob("*.eml")))
            break
    return found


def test_every_message_we_have_walks_as_the_feed_parser_reads_it() -> None:
    paths = _messages()
    assert len(paths) > 1000
    wrong = [p.name for p in paths if not _same(p.read_bytes())]
    assert wrong == []


def test_mutated_messages_walk_as_the_feed_parser_reads_them() -> None:
    # Seeded damage to real structures: lines cut, doubled, dropped, line breaks
    # changed. Whatever the feed parser makes of the result, the walk makes too.
    rng = random.Random(20261204)
    multipart = [p for p in _messages() if b"boundary=" in p.read_bytes()[:4000]]
    assert multipart
    for path in rng.sample(multipart, min(150, len(multipart))):
        lines = path.read_bytes().splitlines(keepends=True)
        for _ in range(8):
            damaged = list(lines)
            for _ in range(rng.randint(1, 4)):
                at = rng.randrange(len(damaged))
                action = rng.choice(("cut", "double", "drop", "lf", "cr", "truncate"))
                if action == "cut":
                    damaged[at] = damaged[at][: rng.randint(0, len(damaged[at]))]
                elif action == "double":
                    damaged.insert(at, damaged[at])
                elif action == "drop":
                    del damaged[at]
                elif action == "lf":
                    damaged[at] = damaged[at].replace(b"\r\n", b"\n")
                elif action == "cr":
                    damaged[at] = damaged[at].replace(b"\r\n", b"\r")
                else:
                    damaged = damaged[:at]
                if not damaged:
                    break
            raw = b"".join(damaged)
            assert walked_leaves(raw) == feed_parser_leaves(raw), (path.name, raw[:300])
