"""Every form a secret takes on the wire is blanked: as it is, IMAP-quoted, and inside
base64 (SASL PLAIN, LOGIN and XOAUTH2 blobs, whole or cut short, any alignment)."""

from __future__ import annotations

import base64

import pytest
from hypothesis import given
from hypothesis import strategies as st

from mailer.logs import register_secret, scrub
from mailer.redact import REDACTED, redact

SECRET = 'pa"ss\\wörd-Kq93xZ'


def b64(data: bytes) -> str:
    return base64.b64encode(data).decode()


FORMS = {
    "plain": SECRET,
    "imap-quoted": '"pa\\"ss\\\\wörd-Kq93xZ"',
    "imap-escaped": 'pa\\"ss\\\\wörd-Kq93xZ',
    # imapclient puts the server's reply into its exceptions as repr() of bytes.
    "imapclient-repr": str('LOGIN alex "pa\\"ss\\\\wörd-Kq93xZ"'.encode()),
    "repr-of-text": repr(SECRET),
    "base64": b64(SECRET.encode()),
    "sasl-plain": b64(b"\0alex\0" + SECRET.encode()),
    "sasl-plain-authzid": b64(b"alex\0alex\0" + SECRET.encode()),
    "sasl-plain-cut": b64(b"\0alex\0" + SECRET.encode())[:-8],
    "sasl-login": b64(SECRET.encode()),
    "xoauth2": b64(f"user=alex@example.org\x01auth=Bearer {SECRET}\x01\x01".encode()),
}


@pytest.mark.parametrize("form", FORMS.values(), ids=list(FORMS))
def test_each_form_is_blanked(form: str) -> None:
    text = f"535 5.7.8 Authentication failed: {form} (try again)"
    out = redact(text, [SECRET])
    assert REDACTED in out
    for other in FORMS.values():
        assert other not in out
    assert out.startswith("535 5.7.8 Authentication failed: ")
    assert out.endswith(" (try again)")


def test_ordinary_text_is_left_alone() -> None:
    text = (
        "IMAP server 127.0.0.1:143 refused the password for alex: "
        "[AUTHENTICATIONFAILED] Authentication failed. <inv-42@corp.example> "
        + b64(b"\0alex\0a different password")
    )
    assert redact(text, [SECRET]) == text
    assert redact(text, []) == text
    assert redact("abc", ["abc"]) == "abc"  # too short to be a secret worth blanking


def test_the_log_scrubber_applies_every_form() -> None:
    register_secret(SECRET)
    assert SECRET not in scrub(f"echo {FORMS['imap-quoted']} {FORMS['sasl-plain']}")
    assert FORMS["sasl-plain"] not in scrub(FORMS["sasl-plain"])


@given(prefix=st.binary(max_size=40), suffix=st.binary(max_size=40))
def test_base64_at_any_alignment(prefix: bytes, suffix: bytes) -> None:
    blob = b64(prefix + SECRET.encode() + suffix)
    assert REDACTED in redact(f"x {blob} y", [SECRET])
    assert REDACTED in redact(f"x {blob[:-4]} y", [SECRET])  # cut short by the server
