from __future__ import annotations

import email.header
import email.utils

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mailer.core.guard import RULES, guard, is_automatic_reply, is_robot_address
from mailer.core.headers import clean_address, clean_header_text
from tests.compose_support import IDENTITY, headers

PERSON = """\
From: Jane Roe <jane.roe@acme.example>
To: Sam Example <sam@example.org>
Subject: Interview invitation: Backend Engineer
Message-ID: <inv-1@acme.example>
"""


def check(extra: str, base: str = PERSON, **kwargs: object) -> str | None:
    result = guard(headers(base + extra), identity=IDENTITY, **kwargs)  # type: ignore[arg-type]
    assert result.rule is None or result.rule in RULES
    return result.rule


def test_a_person_writing_to_the_user_is_answered() -> None:
    result = guard(headers(PERSON), identity=IDENTITY)
    assert result.allowed
    assert (result.to, result.to_name, result.auto_send_ok) == (
        "jane.roe@acme.example",
        "Jane Roe",
        True,
    )
    assert result.note == ""


@pytest.mark.parametrize(
    ("extra", "rule"),
    [
        ("Auto-Submitted: auto-generated\n", "auto-submitted"),
        ("Auto-Submitted: auto-replied; owner-email=x@y.example\n", "auto-submitted"),
        ("Auto-Submitted: auto-notified\n", "auto-submitted"),
        ("List-Id: <jobs.lists.example>\n", "list-mail"),
        ("List-Unsubscribe: <mailto:leave@lists.example>\n", "list-mail"),
        ("List-Post: <mailto:jobs@lists.example>\n", "list-mail"),
        ("List-Help: <mailto:help@lists.example>\n", "list-mail"),
        ("List-Subscribe: <mailto:join@lists.example>\n", "list-mail"),
        ("List-Owner: <mailto:owner@lists.example>\n", "list-mail"),
        ("List-Archive: <https://lists.example/archive>\n", "list-mail"),
        ("Precedence: bulk\n", "precedence-bulk"),
        ("Precedence: List\n", "precedence-list"),
        ("Precedence: junk\n", "precedence-junk"),
        ("X-Auto-Response-Suppress: All\n", "auto-response-suppress"),
        ("X-Auto-Response-Suppress: DR, OOF\n", "auto-response-suppress"),
        ("X-Auto-Response-Suppress: autoreply\n", "auto-response-suppress"),
        ("Return-Path: <>\n", "bounce"),
        ("Content-Type: multipart/report; report-type=delivery-status\n", "bounce"),
    ],
)
def test_each_automatic_rule_refuses(extra: str, rule: str) -> None:
    assert check(extra) == rule


@pytest.mark.parametrize(
    "extra",
    [
        "Auto-Submitted: no\n",
        "Precedence: first-class\n",
        "X-Auto-Response-Suppress: DR, RN\n",
        "Return-Path: <bounce+abc@mail.acme.example>\n",
    ],
)
def test_harmless_variants_are_not_refused(extra: str) -> None:
    assert check(extra) is None


@pytest.mark.parametrize(
    ("sender", "rule"),
    [
        ("MAILER-DAEMON@mx.acme.example", "bounce"),
        ("mailer-daemon@mx.acme.example", "bounce"),
        ("LISTSERV@lists.example", "list-sender"),
        ("majordomo@lists.example", "list-sender"),
        ("owner-jobs@lists.example", "list-sender"),
        ("jobs-request@lists.example", "list-sender"),
    ],
)
def test_robot_senders_are_refused(sender: str, rule: str) -> None:
    base = f"From: <{sender}>\nTo: sam@example.org\nSubject: x\n"
    assert check("", base=base) == rule


def test_own_mail_is_refused_for_every_address() -> None:
    for addr in ("sam@example.org", "SAM@EXAMPLE.ORG", "s.example@mail.example.net"):
        base = f"From: Sam <{addr}>\nTo: jane.roe@acme.example\nSubject: x\n"
        assert check("", base=base) == "own-mail"
    # Sent on the user's behalf by someone else's client.
    assert check("Sender: sam@example.org\n") == "own-mail"


def test_an_envelope_sender_of_the_users_is_refused() -> None:
    # Pigeonhole's vacation never answers mail whose envelope sender is the user
    # (RFC 5230 4.5): an invitation the user forwarded from another client of theirs.
    for addr in ("sam@example.org", "S.Example@Mail.Example.net"):
        got = guard(headers(f"Return-Path: <{addr}>\n" + PERSON), identity=IDENTITY)
        assert got.rule == "own-envelope-sender"
        assert "Return-Path" in got.note
    assert check("Return-Path: <recruiter@acme.example>\n") is None


def test_mail_not_addressed_to_the_user_is_refused() -> None:
    base = "From: jane.roe@acme.example\nTo: other@example.org\nSubject: x\n"
    assert check("", base=base) == "not-addressed-to-user"
    for header in ("Cc", "Bcc", "Resent-To", "Resent-Cc", "Resent-Bcc"):
        assert check(f"{header}: Sam <sam@example.org>\n", base=base) is None
    assert check("Cc: S <s.example@mail.example.net>\n", base=base) is None
    assert check("", base="From: jane.roe@acme.example\nSubject: x\n") == "not-addressed-to-user"


def test_one_draft_per_thread() -> None:
    assert check("", thread_already_drafted=True) == "thread-already-drafted"


def test_no_sender_at_all() -> None:
    assert check("", base="To: sam@example.org\nSubject: x\n") == "no-sender"


ATS = """\
From: Acme Careers <no-reply@ats-mail.example>
To: sam@example.org
Subject: Schedule your interview with Acme
"""


def test_ats_no_reply_with_reply_to_answers_the_recruiter() -> None:
    result = guard(headers(ATS + "Reply-To: Jane Roe <jane.roe@acme.example>\n"), identity=IDENTITY)
    assert result.allowed
    assert (result.to, result.to_name, result.auto_send_ok) == (
        "jane.roe@acme.example",
        "Jane Roe",
        True,
    )
    # Another domain than the sender's: answered, but the user is told.
    assert "jane.roe@acme.example" in result.note
    assert "another domain" in result.note


def test_ats_reply_to_on_the_same_domain_is_silent() -> None:
    base = ATS.replace("no-reply@ats-mail.example", "no-reply@acme.example")
    result = guard(headers(base + "Reply-To: jane.roe@jobs.acme.example\n"), identity=IDENTITY)
    assert result.to == "jane.roe@jobs.acme.example"
    assert result.note == ""


@pytest.mark.parametrize(
    ("sender", "reply_to"),
    [
        ("jane@acme.github.io", "pay@evil.github.io"),
        ("hr@trust-a.nhs.uk", "hr@trust-b.nhs.uk"),
        ("jane.recruiter@gmail.com", "someone.else@gmail.com"),
    ],
)
def test_a_reply_to_under_a_shared_suffix_is_another_party(sender: str, reply_to: str) -> None:
    # By second-level labels alone these looked like one organisation, and the
    # draft silently went to the Reply-To (Public Suffix List).
    result = guard(
        headers(
            f"From: Jane <{sender}>\nTo: sam@example.org\nSubject: Interview\n"
            f"Reply-To: {reply_to}\n"
        ),
        identity=IDENTITY,
    )
    assert result.to == sender
    assert reply_to in result.note


def test_ats_no_reply_uses_the_human_hint() -> None:
    result = guard(headers(ATS), identity=IDENTITY, human_hint="mailto:Jane.Roe@Acme.example")
    assert result.allowed
    assert result.to == "Jane.Roe@acme.example"
    assert result.auto_send_ok
    assert "named in the invitation" in result.note


def test_ats_robot_reply_to_and_robot_hint_are_skipped() -> None:
    result = guard(
        headers(ATS + "Reply-To: donotreply@ats-mail.example\n"),
        identity=IDENTITY,
        human_hint="notifications@ats-mail.example",
    )
    assert result.allowed
    assert result.to == "no-reply@ats-mail.example"
    assert result.auto_send_ok is False
    assert "no automatic follow-up" in result.note


def test_reply_to_pointing_at_a_third_party_is_not_trusted_silently() -> None:
    result = guard(headers(PERSON + "Reply-To: collector@elsewhere.example\n"), identity=IDENTITY)
    assert result.allowed
    assert result.to == "jane.roe@acme.example"
    assert "collector@elsewhere.example" in result.note


def test_reply_to_on_the_senders_domain_is_followed() -> None:
    result = guard(headers(PERSON + "Reply-To: Talent <talent@acme.example>\n"), identity=IDENTITY)
    assert (result.to, result.to_name, result.note) == ("talent@acme.example", "Talent", "")


def test_reply_to_the_user_is_ignored() -> None:
    result = guard(headers(ATS + "Reply-To: sam@example.org\n"), identity=IDENTITY)
    assert result.to == "no-reply@ats-mail.example"
    assert not result.auto_send_ok


def test_hostile_display_names_do_not_break_the_guard() -> None:
    base = (
        "From: =?UTF-8?Q?Jane=0ABcc:_evil@x.example?= <jane.roe@acme.example>\n"
        "To: =?UTF-8?Q?Sam=0D=0ACc:_evil@x.example?= <sam@example.org>\n"
        "Subject: =?UTF-8?Q?Interview=0ABcc:_evil@x.example?=\n"
    )
    result = guard(headers(base), identity=IDENTITY)
    assert result.allowed
    assert result.to == "jane.roe@acme.example"
    # A name that carries an address is dropped (it would make the draft look
    # addressed elsewhere); the address is the one that was written.
    assert result.to_name is None


@pytest.mark.parametrize(
    "addr",
    [
        "no-reply@ats.example",
        "noreply@ats.example",
        "No_Reply@ats.example",
        "donotreply@ats.example",
        "do-not-reply@ats.example",
        "do.not.reply@ats.example",
        "jobs-noreply@ats.example",
        "noreply+abc@ats.example",
        "MAILER-DAEMON@mx.example",
        "postmaster@mx.example",
        "listserv@lists.example",
        "owner-jobs@lists.example",
        "jobs-request@lists.example",
        "notifications@ats.example",
        "bounces@ats.example",
        "not an address",
        "",
    ],
)
def test_robot_addresses(addr: str) -> None:
    assert is_robot_address(addr)


@pytest.mark.parametrize(
    "addr",
    [
        "jane.roe@acme.example",
        "replyguy@acme.example",
        "noreen@acme.example",
        "talent@acme.example",
    ],
)
def test_people_are_not_robots(addr: str) -> None:
    assert not is_robot_address(addr)


REPLY = """\
From: Jane Roe <jane.roe@acme.example>
To: sam@example.org
Subject: Re: Interview invitation
In-Reply-To: <decline-1@example.org>
"""


@pytest.mark.parametrize(
    ("extra", "rule"),
    [
        ("Auto-Submitted: auto-replied\n", "auto-submitted"),
        ("X-Auto-Response-Suppress: All\n", "auto-response-suppress"),
        ("Precedence: junk\n", "precedence-junk"),
        ("X-Autoreply: yes\n", "autoreply-header"),
        ("X-Autorespond: yes\n", "autoreply-header"),
        ("Return-Path: <>\n", "bounce"),
    ],
)
def test_automatic_replies_are_recognised(extra: str, rule: str) -> None:
    assert is_automatic_reply(headers(REPLY + extra)) == rule


@pytest.mark.parametrize(
    "subject",
    [
        "Automatic reply: Re: Interview invitation",
        "Out of Office: Re: Interview invitation",
        "Abwesenheitsnotiz: Re: Einladung",
        "Réponse automatique : Re: Entretien",
        "Respuesta automática: Re: Entrevista",
    ],
)
def test_out_of_office_subjects_are_robots(subject: str) -> None:
    base = REPLY.replace("Subject: Re: Interview invitation", f"Subject: {subject}")
    assert is_automatic_reply(headers(base)) == "autoreply-subject"


def test_a_persons_reply_is_not_automatic() -> None:
    assert is_automatic_reply(headers(REPLY)) is None
    robot = REPLY.replace("jane.roe@acme.example", "no-reply@ats.example")
    assert is_automatic_reply(headers(robot)) == "robot-sender"
    assert is_automatic_reply(headers("To: sam@example.org\nSubject: x\n")) == "no-sender"


header_value = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=120).map(
    lambda s: email.header.Header(s, "utf-8").encode() if s else s
)
address_list = st.lists(
    st.tuples(st.text(max_size=40), st.sampled_from(["sam@example.org", "jane@acme.example"])),
    max_size=3,
).map(lambda pairs: ", ".join(email.utils.formataddr(p, "utf-8") for p in pairs))


@settings(max_examples=150, deadline=None)
@given(
    sender=address_list,
    reply_to=address_list,
    to=address_list,
    subject=header_value,
    other=st.sampled_from(["Precedence", "Auto-Submitted", "List-Id", "X-Mailer", "Sender"]),
    other_value=header_value,
    hint=st.none() | st.text(max_size=60),
)
def test_guard_never_crashes_on_arbitrary_headers(
    sender: str,
    reply_to: str,
    to: str,
    subject: str,
    other: str,
    other_value: str,
    hint: str | None,
) -> None:
    block = (
        f"From: {sender}\nReply-To: {reply_to}\nTo: {to}\nSubject: {subject}\n"
        f"{other}: {other_value}\n"
    )
    result = guard(headers(block), identity=IDENTITY, human_hint=hint)
    assert result.rule is None or result.rule in RULES
    if result.allowed:
        assert result.to is not None
        assert clean_address(result.to) == result.to
        assert result.to.lower() not in IDENTITY.addresses
        name = result.to_name or ""
        assert clean_header_text(name) == name
    assert is_automatic_reply(headers(block)) in RULES | {None}
