"""Reading messages: headers, bodies, quotes, calendars, and hostile input."""

from __future__ import annotations

import base64
import time
from datetime import UTC, datetime
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mailer.core.headers import header_addresses
from mailer.core.message import (
    MAX_TEXT_CHARS,
    Mail,
    html_to_text,
    read_headers,
    read_message,
)
from mailer.core.quoting import strip_quoted

FIXTURES = Path(__file__).parent / "fixtures" / "recognition"


def fixture(name: str) -> Mail:
    (path,) = FIXTURES.glob(f"*/{name}.eml")
    return read_message(path.read_bytes())


def msg(headers: str, body: str = "Hello.\r\n") -> bytes:
    return (headers.strip().replace("\n", "\r\n") + "\r\n\r\n" + body).encode("utf-8")


# ------------------------------------------------------------------------ headers


def test_header_accessors() -> None:
    m = read_message(
        msg(
            """
From: "Doe, Jane" <Jane.Doe@Example.COM>
To: Alex Example <alex@example.org>, bob@example.net
Cc: =?utf-8?q?Zo=C3=AB?= <zoe@example.org>
Reply-To: Recruiting <jobs@example.com>
Subject: =?utf-8?q?Entretien_=C3=A0_Paris?=
Message-ID: <abc.123@mail.example.com>
In-Reply-To: <parent@example.com>
References: <root@example.com>
 <parent@example.com>
Date: Tue, 04 Mar 2025 09:12:44 +0100
"""
        )
    )
    assert m.from_addr == "jane.doe@example.com"
    assert m.from_name == "Doe, Jane"
    assert m.to == ("alex@example.org", "bob@example.net")
    assert m.cc == ("zoe@example.org",)
    assert m.address_pairs("Cc") == (("Zoë", "zoe@example.org"),)
    assert m.reply_to == "jobs@example.com"
    assert m.reply_to_name == "Recruiting"
    assert m.subject == "Entretien à Paris"
    assert m.message_id == "<abc.123@mail.example.com>"
    assert m.in_reply_to == "<parent@example.com>"
    assert m.references == ("<root@example.com>", "<parent@example.com>")
    assert m.date == datetime(2025, 3, 4, 8, 12, 44, tzinfo=UTC)
    assert m.header("X-Missing") == ""
    assert m.header("X-Missing", "d") == "d"


def test_encoded_newline_in_subject_is_decoded_not_split() -> None:
    # CVE-2024-6923 shape: the decoded value contains a newline and a fake header.
    m = read_message(
        msg(
            """
From: =?UTF-8?Q?Eve=0ABcc:_x@evil.example?= <eve@evil.example>
To: alex@example.org
Subject: =?UTF-8?Q?Interview=0ABcc:_attacker@evil.example?=
"""
        )
    )
    assert m.from_addr == "eve@evil.example"
    assert "attacker@evil.example" in m.subject  # decoded as text, sanitised by extract
    assert m.header_all("Bcc") == ()
    assert m.to == ("alex@example.org",)


def test_eight_bit_headers_utf8_and_latin1() -> None:
    raw = (
        b"From: J\xc3\xbcrgen M\xc3\xbcller <j@example.de>\r\n"
        b"Subject: Vorstellungsgespr\xe4ch\r\n\r\nHallo\r\n"
    )
    m = read_message(raw)
    assert m.from_name == "Jürgen Müller"
    assert m.subject == "Vorstellungsgespräch"


def test_bad_date_and_missing_zone() -> None:
    assert read_message(msg("Date: not a date")).date is None
    assert read_message(msg("Date: Tue, 04 Mar 2025 09:12:44 -0000")).date is None


def test_address_header_without_addresses() -> None:
    m = read_message(msg("From: undisclosed-recipients:;\nTo: <>"))
    assert m.from_addr == ""
    assert m.to == ()


@pytest.mark.parametrize(
    "value",
    [
        "alice@example.org)<bob@evil.example>",  # CVE-2023-27043: a lax parser reads two
        "Alice <alice@example.org>, =?utf-8?q?Eve_=3Ceve=40evil=2Eexample=3E?= <b@x.example>",
        '"Priya <evil@attacker.example>" <priya@corp.example>',
        "(((((((((((nested))))))))))) a@b.example",
        "Jane <Jane.Roe@ACME.example>; Bob <bob@b.example>",
    ],
)
def test_mail_and_the_guard_read_addresses_alike(value: str) -> None:
    # One strict parser: what Mail reports is what the guard decides on.
    m = read_message(msg(f"From: {value}"))
    guard_view = header_addresses(m.head, "From")
    assert m.address_pairs("From") == tuple((n, a.lower()) for n, a in guard_view)
    assert "evil.example" not in repr(m.address_pairs("From"))


def test_lax_parse_of_cve_2023_27043_is_gone() -> None:
    m = read_message(msg("From: alice@example.org)<bob@evil.example>"))
    assert m.from_addr == ""


def test_mail_is_read_only() -> None:
    m = read_message(msg("Subject: x"))
    with pytest.raises(AttributeError):
        m.headers_only = True  # type: ignore[misc]


def test_read_headers_parses_header_block_only() -> None:
    raw = msg("From: a@example.com\nSubject: Interview", "Body text\r\n")
    m = read_headers(raw)
    assert m.headers_only
    assert m.subject == "Interview"
    assert m.text == ""
    assert m.calendar is None
    assert read_headers(b"Subject: only headers, no body").subject == "only headers, no body"


# --------------------------------------------------------------------------- bodies


def test_html_only_is_turned_into_text_with_links() -> None:
    m = fixture("en-calendly-link-html-only")
    assert "phone screen" in m.text
    assert "<p>" not in m.text
    assert any("calendly.com" in u for u in m.links)


def test_html_to_text_drops_scripts_and_styles() -> None:
    html = "<html><head><style>p{}</style></head><body><script>x()</script><p>Hi&nbsp;there</p>"
    assert html_to_text(html) == "Hi there"


def test_alternative_prefers_plain_and_keeps_html_links() -> None:
    m = fixture("en-greenhouse-noreply-replyto")
    assert "Select your interview time: https://app.greenhouse.io" in m.text
    assert "<a" not in m.text
    assert any("greenhouse.io/schedule" in u for u in m.links)


@pytest.mark.parametrize(
    ("name", "needle"),
    [
        ("en-windows1252-smartquotes", "We’d like to invite you"),
        ("de-einladung-termine", "persönlichen Vorstellungsgespräch"),
        ("es-disponibilidad-usted", "concertar una entrevista"),
        ("fr-convocation-formelle", "entretien de recrutement"),  # base64
        ("en-base64-html-ats", "video interview"),
    ],
)
def test_charsets_and_transfer_encodings(name: str, needle: str) -> None:
    assert needle in fixture(name).text


def test_unknown_charset_falls_back() -> None:
    raw = msg(
        "Content-Type: text/plain; charset=x-klingon\nContent-Transfer-Encoding: 8bit",
        "caf\xe9 interview",
    )
    assert "interview" in read_message(raw).text


def test_nested_multipart_and_attachment_skipped() -> None:
    pdf = base64.b64encode(b"%PDF-1.4 interview interview" * 10).decode()
    raw = msg(
        'Content-Type: multipart/mixed; boundary="outer"',
        "--outer\r\n"
        'Content-Type: multipart/related; boundary="mid"\r\n\r\n'
        "--mid\r\n"
        'Content-Type: multipart/alternative; boundary="inner"\r\n\r\n'
        "--inner\r\nContent-Type: text/plain\r\n\r\nDeep text\r\n--inner--\r\n"
        "--mid--\r\n"
        "--outer\r\n"
        'Content-Type: application/pdf\r\nContent-Disposition: attachment; filename="a.pdf"\r\n'
        "Content-Transfer-Encoding: base64\r\n\r\n" + pdf + "\r\n--outer--\r\n",
    )
    m = read_message(raw)
    assert m.text == "Deep text"


def test_malformed_mime_does_not_raise() -> None:
    raw = msg(
        'Content-Type: multipart/mixed; boundary="never-closed"\nContent-Transfer-Encoding: qp',
        '--never-closed\r\nContent-Type: text/plain; charset="\r\n\r\nbroken =ZZ =\r\n',
    )
    m = read_message(raw)
    assert isinstance(m.text, str)
    assert m.calendar is None


def test_huge_attachment_and_html_bomb_are_bounded() -> None:
    big = base64.b64encode(b"A" * (8 * 1024 * 1024)).decode()
    bomb = "<div>" * 200_000 + "interview" + "</div>" * 200_000
    raw = msg(
        'Content-Type: multipart/mixed; boundary="b"',
        "--b\r\nContent-Type: text/html\r\n\r\n" + bomb + "\r\n"
        "--b\r\nContent-Type: text/plain\r\nContent-Transfer-Encoding: base64\r\n\r\n"
        + big
        + "\r\n--b--\r\n",
    )
    started = time.perf_counter()
    m = read_message(raw)
    text = m.text
    assert len(text) <= MAX_TEXT_CHARS
    assert time.perf_counter() - started < 5


# ------------------------------------------------------------------- newest part


@pytest.mark.parametrize(
    "intro",
    [
        "On Mon, 3 Mar 2025 at 10:00, Jane Doe <jane@example.com> wrote:",
        "Am 03.03.2025 um 10:00 schrieb Jane Doe <jane@example.com>:",
        "Le lun. 3 mars 2025 à 10:00, Jane Doe <jane@example.com> a écrit :",
        "El lun, 3 mar 2025 a las 10:00, Jane Doe (<jane@example.com>) escribió:",
        "-----Original Message-----",
        "-----Ursprüngliche Nachricht-----",
    ],
)
def test_reply_intros_end_the_newest_part(intro: str) -> None:
    text = f"Thanks, confirmed.\n\n{intro}\nWould you like to interview?\n"
    assert strip_quoted(text) == "Thanks, confirmed."


def test_wrapped_reply_intro() -> None:
    text = "Sounds good.\n\nOn Mon, 3 Mar 2025 at 10:00, Jane Doe\n<jane@example.com> wrote:\n> x"
    assert strip_quoted(text) == "Sounds good."


def test_quote_marks_are_dropped() -> None:
    assert strip_quoted("New\n> old\n>> older\nmore new") == "New\nmore new"


@pytest.mark.parametrize("lang", ["From", "Von", "De"])
def test_outlook_header_block_ends_reply(lang: str) -> None:
    text = (
        f"See you then.\n\n{lang}: Jane <j@example.com>\nSent: Monday\nTo: Alex\nSubject: x\n\nOld"
    )
    assert strip_quoted(text) == "See you then."


def test_forward_keeps_forwarded_content() -> None:
    m = fixture("en-forwarded-by-agency")
    assert "invite them to an interview" in m.newest_text
    assert "Subject: Interview request" not in m.newest_text


def test_outlook_forward_keeps_content_when_subject_says_forward() -> None:
    m = fixture("de-agentur-weiterleitung")  # "WG:" and "-----Ursprüngliche Nachricht-----"
    assert "zu einem Interview" in m.newest_text
    m = fixture("en-outlook-forward-fw")
    assert "schedule an interview with Alex" in m.newest_text


def test_confirmation_above_quoted_invitation() -> None:
    m = fixture("en-confirmation-quoted-invitation")
    assert "confirmed" in m.newest_text
    assert "Would any of these times" not in m.newest_text


def test_html_blockquote_is_quoted() -> None:
    html = "<p>Confirmed for Tuesday.</p><blockquote><p>Can you interview?</p></blockquote>"
    raw = msg("Content-Type: text/html; charset=utf-8", html)
    m = read_message(raw)
    assert m.newest_text == "Confirmed for Tuesday."


# ------------------------------------------------------------------------- calendar


def test_calendar_request_fields() -> None:
    cal = fixture("en-calendar-request-greenhouse").calendar
    assert cal is not None
    assert cal.method == "REQUEST"
    assert cal.summary == "Northwind Analytics Interview - Platform Engineer"
    assert cal.organizer == "priya.raman@northwind-analytics.com"
    assert cal.organizer_name == "Priya Raman"
    assert "alex@example.org" in cal.attendees
    assert cal.sequence == 0
    assert cal.tzid == "America/New_York"
    assert cal.uid
    assert cal.uid.endswith("@cal.example.net")
    assert cal.dtstart_text == "2025-03-12T11:00:00-04:00"
    assert cal.ics.startswith(b"BEGIN:VCALENDAR")


def test_calendar_cancel() -> None:
    cal = fixture("en-cancellation-calendar").calendar
    assert cal is not None
    assert cal.method == "CANCEL"
    assert cal.sequence == 1


def test_broken_calendar_fails_soft() -> None:
    raw = msg(
        "Content-Type: text/calendar; method=REQUEST",
        "BEGIN:VCALENDAR\r\nMETHOD:REQUEST\r\nBEGIN:VEVENT\r\nDTSTART:2025-13-45T99\r\n",
    )
    m = read_message(raw)
    assert m.has_calendar_part
    assert m.calendar is None


def test_header_block_read_by_the_screen_is_reused() -> None:
    raw = sorted(FIXTURES.glob("*/*.eml"))[0].read_bytes()
    screened = read_headers(raw)  # as BODY.PEEK[HEADER] gives it: the block alone
    assert len(screened.raw) < len(raw)
    full = read_message(raw, headers=screened)
    assert full.head is screened.head  # one parse of the header block
    alone = read_message(raw)
    assert full.head is not alone.head
    for name in ("subject", "from_addr", "message_id", "references", "to", "date", "text"):
        assert getattr(full, name) == getattr(alone, name), name
    assert not full.headers_only
    assert full.text  # the body is the full message's, not the screen's empty one


def test_other_header_bytes_are_parsed_again() -> None:
    screened = read_headers(msg("From: a@example.org\nSubject: One"))
    full = read_message(msg("From: b@example.org\nSubject: Two"), headers=screened)
    assert full.head is not screened.head
    assert (full.from_addr, full.subject) == ("b@example.org", "Two")


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=3000))
def test_reused_header_view_reads_as_a_fresh_parse(raw: bytes) -> None:
    reused = read_message(raw, headers=read_headers(raw))
    fresh = read_message(raw)
    for name in ("subject", "from_addr", "from_name", "message_id", "references", "text"):
        assert getattr(reused, name) == getattr(fresh, name), name


# ------------------------------------------------------------------------ property


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=4000))
def test_arbitrary_bytes_never_raise(raw: bytes) -> None:
    m = read_message(raw)
    for value in (m.subject, m.from_addr, m.from_name, m.message_id, m.text, m.newest_text):
        assert isinstance(value, str)
    assert isinstance(m.references, tuple)
    assert isinstance(m.links, tuple)
    _ = (m.to, m.cc, m.date, m.calendar, m.reply_to, m.in_reply_to)
    h = read_headers(raw)
    assert isinstance(h.subject, str)


header_line = st.sampled_from(
    [
        "From",
        "To",
        "Cc",
        "Subject",
        "Date",
        "Content-Type",
        "Content-Transfer-Encoding",
        "Message-ID",
        "References",
        "Reply-To",
        "MIME-Version",
    ]
)


@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.tuples(header_line, st.text(max_size=80)), max_size=12),
    st.text(max_size=500),
)
def test_arbitrary_header_text_never_raises(headers: list[tuple[str, str]], body: str) -> None:
    raw = "".join(f"{k}: {v}\r\n" for k, v in headers).encode("utf-8", "surrogatepass")
    m = read_message(raw + b"\r\n" + body.encode("utf-8", "surrogatepass"))
    _ = (m.subject, m.from_addr, m.to, m.date, m.text, m.newest_text, m.calendar)


def test_giant_header_and_giant_message_are_bounded() -> None:
    started = time.perf_counter()
    long_header = b"Subject: Interview\r\nX-Long: " + b"a" * (20 * 1024 * 1024) + b"\r\n\r\nbody"
    assert read_message(long_header).subject in {"", "Interview"}
    att = base64.encodebytes(b"x" * (30 * 1024 * 1024))
    raw = (
        b'Subject: Interview\r\nContent-Type: multipart/mixed; boundary="b"\r\n\r\n'
        b"--b\r\nContent-Type: text/plain\r\n\r\nInvitation text\r\n"
        b"--b\r\nContent-Type: application/pdf\r\nContent-Transfer-Encoding: base64\r\n\r\n"
        + att
        + b"\r\n--b--\r\n"
    )
    m = read_message(raw)
    assert m.text == "Invitation text"
    assert time.perf_counter() - started < 5


def test_unlabelled_8bit_utf8_body_reads_as_utf8() -> None:
    from mailer.core.message import read_message

    raw = (
        "From: Jürgen <j@firma.example>\r\nTo: alex@example.org\r\nSubject: Gespräch\r\n"
        "MIME-Version: 1.0\r\n\r\nWir würden Sie gern zu einem Gespräch einladen.\r\n"
    ).encode()
    assert "würden" in read_message(raw).text
    latin = raw.decode("utf-8").encode("latin-1")
    assert "würden" in read_message(latin).text
