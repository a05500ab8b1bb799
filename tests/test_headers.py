from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from mailer.core.headers import (
    MAX_REFERENCES,
    clean_address,
    clean_header_text,
    clean_message_id,
    clean_references,
    decode_header_text,
    header_addresses,
    header_texts,
    is_freemail,
    make_message_id,
    organisation_label,
    parse_address,
    parse_addresses,
    registered_domain,
    reply_subject,
    same_organisation,
    thread_references,
)
from mailer.errors import MessageError
from tests.compose_support import headers

UNSAFE = "\r\n\x00\x0b\x0c\x1b\x7f\x85\u2028\u2029\u202e\u2066\ufeff\t"


@pytest.mark.parametrize("ch", list(UNSAFE))
def test_clean_header_text_removes_each_unsafe_character(ch: str) -> None:
    assert clean_header_text(f"Hello{ch}Bcc: evil@x.example") == "Hello Bcc: evil@x.example"


def test_clean_header_text_collapses_whitespace_and_caps() -> None:
    assert clean_header_text("  a \r\n\t b   c ") == "a b c"
    assert clean_header_text("x" * 500, limit=20) == "x" * 20
    assert clean_header_text("abc def", limit=4) == "abc"


@given(st.text(), st.integers(min_value=1, max_value=300))
def test_clean_header_text_is_always_one_safe_line(value: str, limit: int) -> None:
    out = clean_header_text(value, limit=limit)
    assert len(out) <= limit
    assert out == out.strip()
    assert not any(ch in out for ch in UNSAFE)
    assert not any(0xD800 <= ord(ch) <= 0xDFFF for ch in out)
    assert clean_header_text(out, limit=limit) == out


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("<abc.123@mail.acme.example>", "<abc.123@mail.acme.example>"),
        ("  <a+b=c@x>  ", "<a+b=c@x>"),
        ("bare-id@host.example", "<bare-id@host.example>"),
        ("<id@[192.0.2.1]>", "<id@[192.0.2.1]>"),
        ("<a b@x>", None),
        ('<"quoted"@x>', None),
        ("<a@x>\r\nBcc: evil@x", None),
        ("<a@x> <b@y>", None),
        ("<no-at-sign>", None),
        ("<a@b@c>", None),
        ("<a\\b@x>", None),
        ("<" + "a" * 300 + "@x>", None),
        ("", None),
        (None, None),
    ],
)
def test_clean_message_id(value: str | None, expected: str | None) -> None:
    assert clean_message_id(value) == expected


def test_clean_references_keeps_order_drops_junk_and_duplicates() -> None:
    refs = clean_references(
        ["<1@a.example>\r\n <2@a.example> (comment)", None, "<bad id@x> <1@a.example> <3@b>"]
    )
    assert refs == ("<1@a.example>", "<2@a.example>", "<3@b>")


def test_thread_references_follow_rfc5322() -> None:
    # The parent's References, then the parent's Message-ID.
    assert thread_references(["<r1@x> <r2@x>"], "<p@x>") == ("<r1@x>", "<r2@x>", "<p@x>")
    # No References: the parent's In-Reply-To takes their place.
    assert thread_references([], "<p@x>", parent_in_reply_to="<q@x>") == ("<q@x>", "<p@x>")
    # An unsafe parent id is left out rather than written.
    assert thread_references(["<r1@x>"], "<p x>") == ("<r1@x>",)
    assert thread_references([], None) == ()


def test_thread_references_cap_keeps_root_and_newest() -> None:
    ids = [f"<m{i}@x>" for i in range(40)]
    out = thread_references([" ".join(ids)], "<parent@x>")
    assert len(out) == MAX_REFERENCES
    assert out[0] == "<m0@x>"
    assert out[-1] == "<parent@x>"
    assert out[-2] == "<m39@x>"


@pytest.mark.parametrize(
    ("subject", "expected"),
    [
        ("Interview invitation", "Re: Interview invitation"),
        ("Re: Interview", "Re: Interview"),
        ("RE: Re: re:Interview", "Re: Interview"),
        ("AW: Einladung zum Gespräch", "Re: Einladung zum Gespräch"),
        ("Aw: WG: Einladung", "Re: Einladung"),
        ("SV: Intervju", "Re: Intervju"),
        ("Réf. : Entretien", "Re: Entretien"),
        ("TR: RE: Entretien", "Re: Entretien"),
        ("RV: Entrevista", "Re: Entrevista"),
        ("Fwd: Interview", "Re: Interview"),
        ("Re[2]: Interview", "Re: Interview"),
        ("Re(3): Interview", "Re: Interview"),
        ("Reminder: interview", "Re: Reminder: interview"),
        ("Recruiting update", "Re: Recruiting update"),
        ("Hi\r\nBcc: evil@x.example", "Re: Hi Bcc: evil@x.example"),
        ("", "Re:"),
        (None, "Re:"),
    ],
)
def test_reply_subject_has_exactly_one_prefix(subject: str | None, expected: str) -> None:
    assert reply_subject(subject) == expected


@given(st.text())
def test_reply_subject_property(subject: str) -> None:
    out = reply_subject(subject)
    assert out.startswith("Re:")
    assert reply_subject(out) == out
    assert "\n" not in out
    assert "\r" not in out


def test_make_message_id() -> None:
    assert make_message_id("Example.ORG", "pd.2026 11\r\nX") == "<pd.2026-11--X@example.org>"
    with pytest.raises(MessageError):
        make_message_id("not a domain", "x")
    with pytest.raises(MessageError):
        make_message_id("exa\r\nmple.org", "x")


def test_parse_addresses_is_strict() -> None:
    assert parse_addresses(['Jane Roe <Jane@ACME.example>, "Smith, J" <j@y.example>']) == (
        ("Jane Roe", "Jane@acme.example"),
        ("Smith, J", "j@y.example"),
    )
    # CVE-2023-27043: a lax parser reads a different address than a person does.
    assert parse_addresses(["alice@example.org)<bob@example.org>"]) == ()
    assert parse_addresses(["undisclosed-recipients:;"]) == ()
    assert parse_addresses(["Team: a@b.example, c@d.example;"]) == (
        ("", "a@b.example"),
        ("", "c@d.example"),
    )
    assert parse_address("no address here") is None
    assert parse_address(None) is None


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("mailto:Jane@Acme.Example", "Jane@acme.example"),
        ("<jane@acme.example>", "jane@acme.example"),
        ("jane@acme", None),
        ("jane@acme.example\r\nBcc: x@y.z", None),
        ("jane doe@acme.example", None),
        ("", None),
    ],
)
def test_clean_address(value: str, expected: str | None) -> None:
    assert clean_address(value) == expected


def test_reading_hostile_headers_never_raises_and_cleans() -> None:
    msg = headers(
        "From: =?UTF-8?Q?Eve=0ABcc:_evil@x.example?= <eve@acme.example>\n"
        "To: =?utf-8?q?Smith=2C_J?= <sam@example.org>\n"
        "Subject: =?UTF-8?Q?Interview=0ABcc:_evil@x.example?= caf\u00e9\n"
    )
    # The decoded name holds an address: dropped, so that no draft shows it.
    assert header_addresses(msg, "From") == (("", "eve@acme.example"),)
    # The encoded comma is decoded only after parsing: still one address.
    assert header_addresses(msg, "To") == (("Smith, J", "sam@example.org"),)
    assert header_texts(msg, "Subject") == ("Interview Bcc: evil@x.example caf\u00e9",)
    assert decode_header_text("=?utf-8?q?a=0Ab?=") == "a\nb"
    assert decode_header_text("=?x-unknown?q?abc?=") == "=?x-unknown?q?abc?="


def test_same_organisation() -> None:
    assert same_organisation("a@jobs.acme.example", "b@acme.example")
    assert same_organisation("a@acme.co.uk", "b@careers.acme.co.uk")
    assert not same_organisation("a@acme.co.uk", "b@other.co.uk")
    assert not same_organisation("a@acme.example", "b@gmail.com")


@pytest.mark.parametrize(
    ("a", "b"),
    [
        # Shared suffixes from the Public Suffix List: each name is its own party.
        ("jane@acme.github.io", "eve@evil.github.io"),
        ("hr@trust-a.nhs.uk", "hr@trust-b.nhs.uk"),
        ("jobs@acme.myshopify.com", "eve@evil.myshopify.com"),
        ("hr@acme.ltd.uk", "eve@evil.ltd.uk"),
        # Two people at a free mail provider are two parties.
        ("jane.recruiter@gmail.com", "someone.else@gmail.com"),
        ("jane@yahoo.co.uk", "eve@mail.yahoo.co.uk"),
    ],
)
def test_shared_suffixes_are_not_one_organisation(a: str, b: str) -> None:
    assert not same_organisation(a, b)
    assert same_organisation(a, a.upper())


def test_registered_domains_and_freemail() -> None:
    assert registered_domain("jane@jobs.acme.co.uk") == "acme.co.uk"
    assert registered_domain("acme.github.io") == "acme.github.io"
    assert registered_domain("priya@nörthwind.example") == "xn--nrthwind-n4a.example"
    assert same_organisation("priya@nörthwind.example", "hr@jobs.xn--nrthwind-n4a.example")
    assert is_freemail("someone@googlemail.com")
    assert is_freemail("x@mail.yahoo.co.uk")
    assert not is_freemail("hr@acme.example")
    assert organisation_label("jane@jobs.acme.co.uk") == "acme"
    assert organisation_label("jane@acme.github.io") == "acme"
    assert organisation_label("jane@gmail.com") is None
