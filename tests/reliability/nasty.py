"""A corpus of hand-made nasty messages, each from its own sender so that its draft
(if any) can be told apart: ``nasty-<name>@corp.example``.

``MUST_DRAFT``: plainly invitations however mangled; a draft is expected.
``NO_DRAFT``: the rules say no draft, whatever the text says.
The rest may go either way; what matters for them is that nothing breaks.
"""

from __future__ import annotations

__all__ = ["MUST_DRAFT", "NO_DRAFT", "corpus", "sender"]

USER = "Alex Example <alex@example.org>"
TEXT = (
    "Hi Alex,\r\n\r\nThank you for applying for the Platform Engineer position at Corp. "
    "We would like\r\nto invite you to a first interview with our hiring manager. Could "
    "you let me\r\nknow your availability next week? Tuesday 10:00 would work.\r\n\r\n"
    "Best regards,\r\nRita\r\nTalent Acquisition, Corp\r\n"
)


def sender(name: str) -> str:
    return f"nasty-{name}@corp.example"


def _head(name: str, *, subject: str = "Interview invitation", mid: str | None = "") -> str:
    mid_line = "" if mid is None else f"Message-ID: {mid or f'<nasty-{name}@corp.example>'}\r\n"
    return (
        f"From: Rita Recruiter <{sender(name)}>\r\nTo: {USER}\r\nSubject: {subject}\r\n"
        f"{mid_line}Date: Mon, 23 Nov 2026 10:00:00 +0100\r\nMIME-Version: 1.0\r\n"
    )


def _big_attachment(megabytes: int) -> bytes:
    line = b"QUJDREVGR0hJSktMTU5PUFFSU1RVVldYWVphYmNkZWZnaGlqa2xtbm9wcXJzdHV2d3h5ejAxMjM0\r\n"
    lines = (megabytes * 1024 * 1024) // len(line)
    return (
        _head("huge").encode()
        + b'Content-Type: multipart/mixed; boundary="B"\r\n\r\n'
        + b"--B\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n"
        + TEXT.encode()
        + b"\r\n--B\r\nContent-Type: application/octet-stream\r\n"
        + b'Content-Disposition: attachment; filename="portfolio.bin"\r\n'
        + b"Content-Transfer-Encoding: base64\r\n\r\n"
        + line * lines
        + b"\r\n--B--\r\n"
    )


def corpus(*, huge_mb: int = 30) -> dict[str, bytes]:
    c: dict[str, bytes] = {}
    plain = "Content-Type: text/plain; charset=utf-8\r\n\r\n"
    # Malformed MIME: a multipart whose boundary never appears, and one never closed.
    c["no_boundary"] = (
        _head("no_boundary") + 'Content-Type: multipart/mixed; boundary="NEVER"\r\n\r\n' + TEXT
    ).encode()
    c["unclosed"] = (
        _head("unclosed")
        + 'Content-Type: multipart/alternative; boundary="U"\r\n\r\n--U\r\n'
        + plain
        + TEXT
        + "--U\r\nContent-Type: text/html\r\n\r\n<p>unfinished"
    ).encode()
    c["bad_cte"] = (
        _head("bad_cte")
        + "Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: base64\r\n\r\n"
        + "!!!! this is not base64 ****\r\n"
        + TEXT
    ).encode()
    # Missing Message-ID (keyed by content) and two different messages sharing one.
    c["no_mid"] = (_head("no_mid", mid=None) + plain + TEXT).encode()
    c["dup_mid_a"] = (_head("dup_mid_a", mid="<shared-id@corp.example>") + plain + TEXT).encode()
    c["dup_mid_b"] = (
        _head("dup_mid_b", mid="<shared-id@corp.example>", subject="Interview next week")
        + plain
        + TEXT
    ).encode()
    # 8-bit and mis-encoded headers, unknown charsets.
    c["raw_utf8"] = (
        _head("raw_utf8", subject="Einladung zum Vorstellungsgespräch – Interview") + plain + TEXT
    ).encode("utf-8")
    c["raw_latin1"] = (
        _head("raw_latin1", subject="Entretien d'embauche – prévu") + plain + TEXT
    ).encode("latin-1", "replace")
    c["bad_words"] = (
        _head("bad_words", subject="=?utf-8?B?!!notbase64?= =?x-unknown?Q?Interview?= =?utf-8?Q?")
        + plain
        + TEXT
    ).encode()
    c["unknown_charset"] = (
        _head("unknown_charset") + "Content-Type: text/plain; charset=x-klingon-9\r\n\r\n" + TEXT
    ).encode()
    c["binary_garbage"] = (
        _head("binary_garbage").encode() + plain.encode() + bytes(range(256)) * 8 + TEXT.encode()
    )
    # Nested multiparts: 6 deep (read), 60 deep (past the depth limit), the text at
    # the bottom; and 5,000 parts.
    for name, depth in (("nested", 6), ("deep_nested", 60)):
        opening = "".join(
            f'--N{i}\r\nContent-Type: multipart/mixed; boundary="N{i + 1}"\r\n\r\n'
            for i in range(depth)
        )
        closing = "".join(f"\r\n--N{i}--\r\n" for i in reversed(range(depth + 1)))
        c[name] = (
            _head(name)
            + 'Content-Type: multipart/mixed; boundary="N0"\r\n\r\n'
            + opening
            + f"--N{depth}\r\n"
            + plain
            + TEXT
            + closing
        ).encode()
    c["many_parts"] = (
        _head("many_parts")
        + 'Content-Type: multipart/mixed; boundary="M"\r\n\r\n--M\r\n'
        + plain
        + TEXT
        + "\r\n--M\r\nContent-Type: text/plain\r\n\r\nx\r\n" * 5000
        + "--M--\r\n"
    ).encode()
    # A calendar part that does not parse.
    c["bad_calendar"] = (
        _head("bad_calendar")
        + 'Content-Type: multipart/mixed; boundary="C"\r\n\r\n--C\r\n'
        + plain
        + TEXT
        + "\r\n--C\r\nContent-Type: text/calendar; method=REQUEST; charset=utf-8\r\n\r\n"
        + "BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nDTSTART:not-a-date\r\nORGANIZER:::\r\n"
        + 'RRULE:FREQ=SECONDLY;COUNT=99999999\r\nSUMMARY;X="unterminated\r\n'
        + "\r\n--C--\r\n"
    ).encode()
    # An HTML bomb: 150,000 unclosed nested elements around the text.
    c["html_bomb"] = (
        _head("html_bomb")
        + "Content-Type: text/html; charset=utf-8\r\n\r\n<html><body>"
        + "<div><span>" * 75_000
        + TEXT.replace("\r\n", "<br>")
        + "&amp;" * 20_000
    ).encode()
    # Injection: encoded newlines in Subject and display names; CR/LF/NUL and quotes
    # in Message-ID and References.
    c["subject_crlf"] = (
        _head(
            "subject_crlf",
            subject="=?UTF-8?Q?Interview_invitation=0D=0ABcc:_victim@evil.example?=",
        )
        + plain
        + TEXT
    ).encode()
    c["name_crlf"] = (
        _head("name_crlf").replace(
            "Rita Recruiter <",
            "=?UTF-8?Q?Rita=0D=0ABcc:_victim@evil.example=0D=0A?= <",
        )
        + plain
        + TEXT
    ).encode()
    c["mid_quotes"] = (
        _head(
            "mid_quotes",
            mid='<"a\\" ) UID STORE 1:* +FLAGS (\\\\Deleted) \\""@corp.example>',
        )
        + 'References: <ok-1@corp.example> <x"\x00y@corp.example>\r\n'
        + "In-Reply-To: <=?UTF-8?Q?a=0D=0AA1_EXPUNGE?=@corp.example>\r\n"
        + plain
        + TEXT
    ).encode()
    c["mid_encoded_crlf"] = (
        _head("mid_encoded_crlf", mid="<=?UTF-8?Q?x=0D=0AA9_DELETE_INBOX?=@corp.example>")
        + "References: <r1@corp.example>\r\n\t<r2\x00@corp.example>\r\n"
        + plain
        + TEXT
    ).encode()
    c["huge"] = _big_attachment(huge_mb)
    # The rules say no draft, whatever the text says.
    c["bounce"] = (
        "From: Mail Delivery System <MAILER-DAEMON@corp.example>\r\n"
        f"To: {USER}\r\nSubject: Undelivered Mail Returned to Sender\r\n"
        "Message-ID: <bounce-1@corp.example>\r\nReturn-Path: <>\r\n"
        'Content-Type: multipart/report; report-type=delivery-status; boundary="R"\r\n\r\n'
        "--R\r\n" + plain + TEXT + "\r\n--R--\r\n"
    ).encode()
    c["out_of_office"] = (
        _head("out_of_office", subject="Automatic reply: Interview invitation")
        + "Auto-Submitted: auto-replied\r\nX-Auto-Response-Suppress: All\r\n"
        + plain
        + TEXT
    ).encode()
    c["list_mail"] = (
        _head("list_mail") + "List-Id: <jobs.lists.example>\r\nPrecedence: list\r\n" + plain + TEXT
    ).encode()
    c["own_mail"] = (
        "From: Alex Example <alex@example.org>\r\nTo: Alex Example <alex@example.org>\r\n"
        "Subject: Interview invitation (note to self)\r\nMessage-ID: <own-1@example.org>\r\n"
        "Date: Mon, 23 Nov 2026 10:00:00 +0100\r\n" + plain + TEXT
    ).encode()
    c["not_to_me"] = (
        _head("not_to_me").replace(f"To: {USER}", "To: someone-else@corp.example") + plain + TEXT
    ).encode()
    return c


MUST_DRAFT = frozenset(
    {
        "unclosed",
        "no_mid",
        "raw_utf8",
        "nested",
        "many_parts",
        "bad_calendar",
        "subject_crlf",
        "name_crlf",
        "huge",
    }
)
NO_DRAFT = frozenset({"bounce", "out_of_office", "list_mail", "own_mail", "not_to_me"})
