from __future__ import annotations

import email.utils
import re
from collections.abc import Mapping
from datetime import datetime

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mailer.core.compose import choose_language, compose_decline, compose_followup
from mailer.core.guard import guard
from mailer.core.headers import decode_header_text, header_texts
from mailer.core.model import (
    DeclineSettings,
    Draft,
    GuardResult,
    Identity,
    InvitationFacts,
    Wording,
)
from mailer.errors import MessageError
from tests.compose_support import (
    IDENTITY,
    NOW,
    TEMPLATES,
    guard_ok,
    headers,
    make_facts,
    parse_back,
)

DECLINE_HEADERS = [
    "from",
    "to",
    "subject",
    "date",
    "message-id",
    "in-reply-to",
    "references",
    "content-type",
    "content-transfer-encoding",
    "mime-version",
]


def decline(facts: InvitationFacts | None = None, **kwargs: object) -> Draft:
    options: dict[str, object] = {
        "guard": guard_ok(),
        "identity": IDENTITY,
        "settings": DeclineSettings(),
        "templates": TEMPLATES,
        "now": NOW,
        "message_id": "<decline-1@example.org>",
    }
    options.update(kwargs)
    return compose_decline(facts or make_facts(), **options)  # type: ignore[arg-type]


def header_names(raw: bytes) -> list[str]:
    return sorted(k.lower() for k in parse_back(raw).keys())  # noqa: SIM118


def test_decline_headers() -> None:
    draft = decline()
    msg = parse_back(draft.raw)
    assert str(msg["From"]) == "Sam Example <sam@example.org>"
    assert str(msg["To"]) == "Jane Roe <jane.roe@acme.example>"
    assert str(msg["Subject"]) == "Re: Interview invitation: Backend Engineer"
    assert str(msg["Message-ID"]) == "<decline-1@example.org>"
    assert str(msg["In-Reply-To"]) == "<inv-7781@acme.example>"
    assert str(msg["References"]) == "<root-1@acme.example> <inv-7781@acme.example>"
    assert email.utils.parsedate_to_datetime(str(msg["Date"])) == NOW
    assert str(msg["MIME-Version"]) == "1.0"
    assert msg.get_content_type() == "text/plain"
    assert msg.get_content_charset() == "utf-8"
    assert "Auto-Submitted" not in msg
    assert header_names(draft.raw) == sorted(DECLINE_HEADERS)
    assert draft.to == "jane.roe@acme.example"
    assert draft.subject == "Re: Interview invitation: Backend Engineer"
    assert draft.message_id == "<decline-1@example.org>"
    assert msg.get_content().replace("\r\n", "\n") == draft.body
    # CRLF line endings throughout, no bare LF.
    assert b"\n" not in draft.raw.replace(b"\r\n", b"")


def test_subject_keeps_exactly_one_re() -> None:
    draft = decline(make_facts(subject="RE: AW: Interview invitation"))
    assert draft.subject == "Re: Interview invitation"


def test_invitation_without_message_id_has_no_in_reply_to() -> None:
    draft = decline(make_facts(message_id=None, references=()))
    msg = parse_back(draft.raw)
    assert "In-Reply-To" not in msg
    assert "References" not in msg


def test_refused_guard_or_naive_now_or_bad_message_id_raise() -> None:
    refused = GuardResult(rule="list-mail", to=None, to_name=None, auto_send_ok=False)
    with pytest.raises(MessageError, match="list-mail"):
        decline(guard=refused)
    with pytest.raises(MessageError, match="timezone"):
        decline(now=datetime(2026, 11, 26, 10, 0))
    with pytest.raises(MessageError, match="Message-ID"):
        decline(message_id="<a b@c>\r\nBcc: x@y.example")


INJECTION = "=?UTF-8?Q?Interview=0ABcc:_evil@x.example?="
NAME_INJECTION = "=?UTF-8?Q?Jane=0D=0ABcc:_evil@x.example?="


def test_encoded_newline_in_subject_and_display_name_never_injects() -> None:
    inbound = headers(
        f"From: {NAME_INJECTION} <jane.roe@acme.example>\n"
        "To: sam@example.org\n"
        f"Subject: {INJECTION}\n"
        "Message-ID: <inv-9@acme.example>\n"
    )
    result = guard(inbound, identity=IDENTITY)
    assert result.allowed
    # Even a careless extractor that only decoded the subject cannot inject:
    raw_subject = decode_header_text(INJECTION)
    assert "\n" in raw_subject
    facts = make_facts(
        subject=raw_subject,
        greeting_name="Jane\r\nBcc: evil@x.example",
        company="Acme\nBcc: evil@x.example",
    )
    draft = decline(facts, guard=result)
    names = header_names(draft.raw)
    assert names == sorted(DECLINE_HEADERS)
    assert "bcc" not in names
    msg = parse_back(draft.raw)
    assert str(msg["Subject"]) == "Re: Interview Bcc: evil@x.example"
    assert [a.addr_spec for a in msg["To"].addresses] == ["jane.roe@acme.example"]
    # The decoded name carries an address: the guard dropped it.
    assert msg["To"].addresses[0].display_name == ""
    # The body, too, gets the values as one line each.
    assert "Jane Bcc: evil@x.example," in draft.body
    # The sanitised subject reads back the same through the guard's own reader.
    assert header_texts(headers(f"Subject: {INJECTION}\n"), "Subject") == (
        "Interview Bcc: evil@x.example",
    )


def test_hostile_identity_name_never_injects() -> None:
    identity = Identity("Sam\r\nBcc: evil@x.example", "sam@example.org")
    draft = decline(identity=identity)
    assert header_names(draft.raw) == sorted(DECLINE_HEADERS)


# Arbitrary text: every Unicode category, lone surrogates excluded (they cannot
# come out of a decoded header), CR/LF/NUL and the separators made likely.
hostile_text = st.text(
    alphabet=st.one_of(
        st.characters(blacklist_categories=("Cs",)),
        st.sampled_from(["\r", "\n", "\x00", "\u2028", "\u2029", "\x85", ":", "=", "?", "<", "@"]),
    ),
    max_size=400,
)
optional_text = st.none() | hostile_text


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    subject=hostile_text,
    greeting=optional_text,
    company=optional_text,
    role=optional_text,
    when=optional_text,
    to_name=optional_text,
    user_name=hostile_text,
    reason=hostile_text,
    message_id=optional_text,
    refs=st.lists(hostile_text, max_size=4),
    language=st.sampled_from(["en", "de", "fr", "es", "it", ""]),
)
def test_arbitrary_text_never_yields_an_invalid_or_injected_header(
    subject: str,
    greeting: str | None,
    company: str | None,
    role: str | None,
    when: str | None,
    to_name: str | None,
    user_name: str,
    reason: str,
    message_id: str | None,
    refs: list[str],
    language: str,
) -> None:
    facts = make_facts(
        subject=subject,
        greeting_name=greeting,
        company=company,
        role=role,
        proposed_time=when,
        message_id=message_id,
        references=tuple(refs),
        language=language,
    )
    draft = decline(
        facts,
        guard=guard_ok(name=to_name),
        identity=Identity(user_name, "sam@example.org"),
        settings=DeclineSettings(reason=Wording(texts=(("en", reason), ("de", reason)))),
    )
    assert_clean_message(draft.raw, {"in-reply-to", "references"})
    msg = parse_back(draft.raw)
    assert [a.addr_spec for a in msg["To"].addresses] == ["jane.roe@acme.example"]
    assert str(msg["Subject"]).startswith("Re:")

    followup = compose_followup(
        facts,
        identity=Identity(user_name, "sam@example.org"),
        settings=DeclineSettings(),
        recipients=(str(msg["To"]),),
        subject=str(msg["Subject"]),
        in_reply_to=draft.message_id,
        references=tuple(refs),
        templates=TEMPLATES,
        now=NOW,
        message_id="<followup-1@example.org>",
    )
    assert_clean_message(followup.raw, {"references", "in-reply-to", "auto-submitted"})


def assert_clean_message(raw: bytes, optional: set[str]) -> None:
    head = raw.split(b"\r\n\r\n", 1)[0]
    for line in head.split(b"\r\n"):
        assert len(line) <= 998
        assert b"\r" not in line
        assert b"\n" not in line
        assert b"\0" not in line
        # Every line is a field or a folded continuation of one.
        assert line[:1] in (b" ", b"\t") or b":" in line
    names = set(header_names(raw))
    required = set(DECLINE_HEADERS) - {"in-reply-to", "references"}
    assert required <= names <= required | optional
    msg = parse_back(raw)
    assert not msg.defects
    for name in msg:
        for value in msg.get_all(name, []):
            assert "\n" not in str(value)
            assert "\r" not in str(value)


def test_followup_threads_to_the_sent_decline() -> None:
    facts = make_facts()
    sent = decline(facts)
    sent_msg = parse_back(sent.raw)
    draft = compose_followup(
        facts,
        identity=IDENTITY,
        settings=DeclineSettings(),
        recipients=("Jane Roe <jane.roe@acme.example>", "talent@acme.example"),
        subject=str(sent_msg["Subject"]),
        in_reply_to=str(sent_msg["Message-ID"]),
        references=(str(sent_msg["References"]),),
        templates=TEMPLATES,
        now=NOW,
        message_id="<followup-1@example.org>",
    )
    msg = parse_back(draft.raw)
    assert str(msg["Subject"]) == "Re: Interview invitation: Backend Engineer"
    assert str(msg["In-Reply-To"]) == "<decline-1@example.org>"
    assert str(msg["References"]) == (
        "<root-1@acme.example> <inv-7781@acme.example> <decline-1@example.org>"
    )
    assert str(msg["Message-ID"]) == "<followup-1@example.org>"
    assert str(msg["Auto-Submitted"]) == "auto-generated"
    assert [a.addr_spec for a in msg["To"].addresses] == [
        "jane.roe@acme.example",
        "talent@acme.example",
    ]
    assert draft.to == "jane.roe@acme.example, talent@acme.example"
    assert "Thank" in draft.body or "thank" in draft.body


def followup(**kwargs: object) -> Draft:
    options: dict[str, object] = {
        "identity": IDENTITY,
        "settings": DeclineSettings(),
        "recipients": ("jane.roe@acme.example",),
        "subject": "Re: Interview",
        "in_reply_to": "<decline-1@example.org>",
        "references": (),
        "templates": TEMPLATES,
        "now": NOW,
        "message_id": "<followup-1@example.org>",
    }
    options.update(kwargs)
    return compose_followup(make_facts(), **options)  # type: ignore[arg-type]


def test_followup_auto_submitted_can_be_turned_off() -> None:
    assert "Auto-Submitted" not in parse_back(followup(auto_submitted=False).raw)


def test_followup_refuses_robots_and_bad_parents() -> None:
    with pytest.raises(MessageError, match="robot"):
        followup(recipients=("Acme <no-reply@ats.example>",))
    with pytest.raises(MessageError, match="recipient"):
        followup(recipients=("undisclosed-recipients:;",))
    with pytest.raises(MessageError, match="Message-ID"):
        followup(in_reply_to="not an id")


def test_followup_language_follows_the_decline() -> None:
    assert "Hallo Jane," in followup(language="de").body
    settings_fr = DeclineSettings(language="fr")
    assert "Bonjour Jane," in followup(settings=settings_fr).body
    # An explicit language (the decline's) wins over the settings.
    assert "Jane:" in followup(language="es", settings=settings_fr).body


def test_choose_language() -> None:
    assert choose_language("", "de") == "de"
    assert choose_language("fr", "de") == "fr"
    assert choose_language("de-AT") == "de"
    assert choose_language("it", None, "") == "en"


ETIQUETTE = {
    # language: (thanks, decline, door open, time reference)
    "en": ("Thank", "decided", ("stay in touch", "keep in contact", "future"), "slot"),
    "de": (
        "Dank",
        "nicht fortzusetzen|zurückzuziehen|zurückziehen|nicht fortsetzen",
        ("Kontakt", "künftige"),
        "Termin",
    ),
    "fr": (
        "merci|remercie",
        "décidé|décision|ne pas donner suite",
        ("contact", "futures"),
        "créneau",
    ),
    "es": ("gracias|agradezco", "decidido", ("contacto", "futuras", "futuro"), "horario"),
}


# The slot of make_facts (Thursday 3 December 2026, 10:00), in each language's words.
SLOT_WORDS = {
    "en": "Thursday, 3 December 2026 at 10:00",
    "de": "am Donnerstag, 3. Dezember 2026, um 10:00 Uhr",
    "fr": "du jeudi 3 décembre 2026 à 10:00",
    "es": "del jueves, 3 de diciembre de 2026, a las 10:00",
}
ANOTHER_OFFER = {
    "en": "I have accepted an offer elsewhere.",
    "de": "Ich habe inzwischen ein anderes Angebot angenommen.",
    "fr": "J'ai en effet accepté une autre offre.",
    "es": "He aceptado recientemente otra oferta de trabajo.",
}


@pytest.mark.parametrize("language", sorted(ETIQUETTE))
@pytest.mark.parametrize("message_id", [f"<inv-{n}@acme.example>" for n in range(6)])
def test_decline_follows_the_etiquette(language: str, message_id: str) -> None:
    thanks, declines, door, time_word = ETIQUETTE[language]
    facts = make_facts(language=language, message_id=message_id)
    body = decline(facts, settings=DeclineSettings(reason=Wording("another_offer"))).body
    assert re.search(thanks, body, re.IGNORECASE)
    assert re.search(declines, body, re.IGNORECASE)
    assert any(word in body for word in door)
    assert "Backend Engineer" in body
    assert "Acme" in body
    assert SLOT_WORDS[language] in body
    assert time_word in body
    assert ANOTHER_OFFER[language] in body
    assert "Jane" in body
    assert body.rstrip().endswith("Sam Example")
    for negative in ("unfortunately", "leider", "malheureusement", "lamentablemente"):
        assert negative not in body.lower()


@pytest.mark.parametrize("language", sorted(ETIQUETTE))
def test_decline_without_details_is_still_complete(language: str) -> None:
    facts = make_facts(
        language=language, greeting_name=None, company=None, role=None, proposed_time=None
    )
    body = decline(facts).body
    assert "None" not in body
    assert "()" not in body
    assert "  " not in body
    assert "\n\n\n" not in body
    assert body.endswith("Sam Example\n")


def test_configured_offer_replaces_the_default_alternative() -> None:
    offer = "I would be glad to recommend a former colleague for the role"
    settings = DeclineSettings(offer=Wording(texts=(("en", offer),)), signature="Sam\nexample.org")
    body = decline(settings=settings).body
    assert offer + "." in body
    assert "stay in touch" not in body
    assert body.endswith("Sam\nexample.org\n")


def test_two_invitations_with_different_details_differ() -> None:
    first = decline(make_facts()).body
    second = decline(
        make_facts(
            message_id="<other@globex.example>",
            company="Globex",
            role="Data Analyst",
            greeting_name="Tom",
            proposed_time="Monday at 2 pm",
        )
    ).body
    assert first != second
    # The phrasing, not only the names, varies across invitations.
    skeletons = {
        decline(make_facts(message_id=f"<x{n}@acme.example>"))
        .body.replace("Jane", "")
        .split("\n")[2]
        for n in range(12)
    }
    assert len(skeletons) > 1


class RecordingTemplates:
    """A template source at the seam: records what the composer asks for."""

    def __init__(self) -> None:
        self.calls: list[tuple[str, str, Mapping[str, object]]] = []

    def render(self, name: str, language: str, context: Mapping[str, object]) -> str:
        self.calls.append((name, language, context))
        return "Hello,  \n\n\n\nthanks\x07.\n\n"


def test_composer_tidies_and_passes_clean_context() -> None:
    recorder = RecordingTemplates()
    facts = make_facts(role="Engineer\nBcc: x", language="de")
    draft = decline(facts, templates=recorder, settings=DeclineSettings(language="es"))
    assert draft.body == "Hello,\n\nthanks.\n"
    name, language, context = recorder.calls[0]
    assert (name, language) == ("decline", "es")
    assert context["role"] == "Engineer Bcc: x"
    assert context["variant"] in (0, 1, 2)


def test_empty_render_is_an_error() -> None:
    class Empty:
        def render(self, name: str, language: str, context: Mapping[str, object]) -> str:
            return " \n"

    with pytest.raises(MessageError, match="empty"):
        decline(templates=Empty())


def test_long_message_ids_fold_between_ids_and_stay_readable() -> None:
    long_id = "<" + "a" * 120 + "." + "b" * 100 + "@mail.acme.example>"
    refs = tuple(f"<{n}{'c' * 90}@acme.example>" for n in range(30))
    draft = decline(make_facts(message_id=long_id, references=(" ".join(refs),)))
    assert b"=?" not in draft.raw.split(b"\r\n\r\n", 1)[0]
    msg = parse_back(draft.raw)
    assert str(msg["In-Reply-To"]) == long_id
    got = str(msg["References"]).split()
    assert got[0] == refs[0]
    assert got[-1] == long_id
    assert len(got) == 12
    for line in draft.raw.split(b"\r\n\r\n", 1)[0].split(b"\r\n"):
        assert len(line) <= 998
