"""Facts from invitations: only what the message supports, always header-safe."""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mailer.core.extract import (
    detect_language,
    extract,
    sanitize_message_id,
    sanitize_text,
)
from mailer.core.message import read_message
from mailer.core.model import InvitationFacts

FIXTURES = Path(__file__).parent / "fixtures" / "recognition"


def facts(name: str) -> InvitationFacts:
    (path,) = FIXTURES.glob(f"*/{name}.eml")
    return extract(read_message(path.read_bytes()))


def inline(headers: str, body: str = "Hello") -> bytes:
    return (headers.strip().replace("\n", "\r\n") + "\r\n\r\n" + body).encode()


def header_safe(value: str) -> bool:
    return (
        not any(unicodedata.category(ch) in {"Cc", "Cf", "Zl", "Zp"} for ch in value)
        and "\n" not in value
    )


# --------------------------------------------------------------------- people


def test_plain_recruiter_mail() -> None:
    f = facts("en-recruiter-slots-plain")
    assert f.greeting_name == "Priya"
    assert f.company == "Northwind Analytics"
    assert f.role == "Data Engineer"
    assert f.proposed_time == "Tuesday, March 11 at 10:00 am CET"
    assert f.language == "en"
    assert f.reply_to is None
    assert f.from_addr == "priya.raman@northwind-analytics.com"
    assert f.from_name == "Priya Raman"
    assert f.message_id is not None
    assert f.message_id.startswith("<")
    assert f.scheduling_link is None
    assert f.calendar_uid is None


def test_ats_noreply_with_reply_to() -> None:
    f = facts("en-greenhouse-noreply-replyto")
    assert f.reply_to == "tom.okafor@brightlake.io"
    assert f.greeting_name == "Tom"
    assert f.scheduling_link == "https://app.greenhouse.io/schedule/brightlake/8f2c91a7"
    # The ATS sends in the employer's name, and the text uses that name ("role at
    # Brightlake Systems"): the full name beats the domain's spelling.
    assert f.company == "Brightlake Systems"


def test_ats_noreply_without_human_has_no_greeting() -> None:
    f = facts("en-workday-html")
    assert f.greeting_name is None
    assert f.reply_to is None
    assert f.company == "Helix & Co"
    assert f.scheduling_link is not None
    assert "myworkdayjobs.com" in f.scheduling_link


def test_company_named_sender_is_not_greeted() -> None:
    assert facts("en-google-booking-page").greeting_name is None  # "Pebble Studio"


def test_agency_is_not_the_company() -> None:
    assert facts("h-en-recruiter-agency-interview-slots-html").company is None
    assert facts("en-recruiter-agency-proposed-day").company == "Corvid Security"


def test_vendor_domain_is_not_the_company() -> None:
    assert facts("en-hirevue-video").company is None
    # a job board relaying the employer's message signs with its own name
    assert facts("h5-es-infojobs-quiere-entrevistarte").company is None
    assert facts("h5-fr-wttj-message").company is None


def test_family_name_company_still_greets_the_person() -> None:
    # r.albrecht@albrecht-logistik.de: the local part names the person.
    assert facts("h-de-formell-terminabstimmung").greeting_name == "Renate"


def test_ats_sender_name_is_the_company_when_the_text_uses_it() -> None:
    f = facts("h3-en-workday-html-table")  # "Granite Peak Insurance" <...@myworkday.com>
    assert f.company == "Granite Peak Insurance"
    assert f.greeting_name is None
    assert f.role == "Financial Analyst"
    # "Lumen Freight Recruiting" writing "the team at Lumen Freight": in-house, not an agency
    assert facts("h3-en-ashby-onsite-slots").company == "Lumen Freight"
    assert facts("h3-es-enlace-agenda").greeting_name is None  # "Solanar Talento"


def test_the_addressee_is_not_the_company() -> None:
    # The sender's domain label appears in the text only as the addressee's surname.
    raw = inline(
        "From: Jo Vidal <jo@example.es>\nTo: Alex Example <alex@example.org>\n"
        "Subject: Entrevista - Alex Example",
        "Hola Alex Example, te invitamos a una entrevista.",
    )
    assert extract(read_message(raw)).company is None
    assert facts("h3-de-einladung-formell-termin").company is None  # "Frau Example"


def test_encoded_display_name() -> None:
    assert facts("en-encoded-subject-latin1").greeting_name == "Zoë"
    assert facts("fr-welcome-lien").greeting_name == "Julien"  # via Reply-To


# ------------------------------------------------------------------- calendar


def test_calendar_request_facts() -> None:
    f = facts("en-calendar-request-greenhouse")
    assert f.calendar_organizer == "mailto:priya.raman@northwind-analytics.com"
    assert f.calendar_sequence == 0
    assert f.calendar_tzid == "America/New_York"
    assert f.calendar_uid is not None
    assert f.calendar_uid.endswith("@cal.example.net")
    assert f.calendar_ics is not None
    assert b"METHOD:REQUEST" in f.calendar_ics
    assert f.proposed_time == "2025-03-12 11:00 (America/New_York)"
    assert f.reply_to == "priya.raman@northwind-analytics.com"


def test_calendar_only_takes_language_from_the_event() -> None:
    assert facts("de-kalender-einladung").language == "de"
    assert facts("es-calendario").language == "es"


def test_cancel_carries_no_ics_to_decline() -> None:
    f = facts("en-cancellation-calendar")
    assert f.calendar_ics is None
    assert f.calendar_sequence == 1


# ------------------------------------------------------------- roles and times


@pytest.mark.parametrize(
    ("name", "role"),
    [
        ("de-du-startup-link", "UX Designer"),
        ("fr-invitation-creneaux", "Développeur Full Stack"),
        ("fr-disponibilites", "Chef de projet digital"),
        ("es-invitacion-horarios", "Desarrollador Backend"),
        ("es-corto-tuteo", "Data Engineer"),
        ("en-windows1252-smartquotes", "Senior Accountant"),
        ("h3-en-greenhouse-availability-no-interview-word", "Senior Data Engineer"),
        ("h3-de-personio-tabelle", "Werkstudent Marketing"),  # "(m/w/d)" left out
        ("h3-en-short-sms-style", "Sales Associate"),  # subject "Interview - Sales Associate"
        ("en-panel-interview-formal", "Policy Officer"),  # "(Ref 4471)" left out
        ("h5-es-mexico-formal-2008", "Auxiliar Contable"),  # not "... ha sido considerada"
    ],
)
def test_roles(name: str, role: str) -> None:
    assert facts(name).role == role


def test_role_and_company_from_subject_and_body() -> None:
    f = facts("h3-en-subject-only-interview")
    assert (f.role, f.company) == ("Senior Data Engineer", "Northwind Analytics")
    f = facts("h3-en-greenhouse-availability-no-interview-word")
    assert (f.role, f.company) == ("Senior Data Engineer", "Northwind Analytics")


@pytest.mark.parametrize(
    "subject",
    [
        "Interview - Alex Example / Data Analyst",
        "Entrevista – Alex Example (Jefe de Proyecto)",
        "Technical interview - Platform Engineer (Harrowgate Systems)",
    ],
)
def test_subject_role_only_when_it_is_only_a_title(subject: str) -> None:
    raw = inline(f"From: r@acme.example\nTo: alex@example.org\nSubject: {subject}")
    assert extract(read_message(raw)).role is None


def test_company_right_after_the_role_and_person_before_via() -> None:
    f = facts("h4-en-linkedin-relay-call")  # "Naomi Clarke via LinkedIn"
    assert (f.greeting_name, f.role, f.company) == ("Naomi", "Risk Analyst", "Orchard Bank")
    f = facts("h4-en-bamboohr-reply-availability")  # "the Bookkeeper opening at Tallis & Webb."
    assert (f.role, f.company) == ("Bookkeeper", "Tallis & Webb")


def test_role_does_not_run_from_the_subject_into_the_body() -> None:
    # Subject "Ihre Bewerbung als Mediengestalter", body "Hallo Herr Example, ..."
    assert facts("h4-de-wie-sieht-es-aus").role == "Mediengestalter"
    assert facts("h4-en-2003-invite-confirm-by-return").role == "Warehouse Supervisor"


def test_slot_across_a_wrapped_line() -> None:
    assert facts("h3-es-citacion-formal").proposed_time == "lunes 10 de marzo a las 9:30"


@pytest.mark.parametrize(
    ("name", "when"),
    [
        ("de-einladung-termine", "Dienstag, 11. März, 10:00 Uhr"),
        ("fr-invitation-creneaux", "mardi 11 mars à 10h"),
        ("es-invitacion-horarios", "martes 11 de marzo a las 10:00"),
        ("en-html-table-slots", "Wed 12 March 09:00 - 09:45"),
        ("de-agentur-weiterleitung", "Mittwoch 12.03. um 10:00 Uhr"),
    ],
)
def test_proposed_times(name: str, when: str) -> None:
    assert facts(name).proposed_time == when


def test_no_guesses_when_unsupported() -> None:
    f = facts("en-phone-screen-casual")
    assert f.role is None
    assert f.proposed_time is None
    assert f.scheduling_link is None


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("We would like to invite you to an interview for the role.", "en"),
        ("Wir möchten Sie gerne zu einem Vorstellungsgespräch einladen und freuen uns.", "de"),
        ("Nous souhaitons vous inviter à un entretien pour le poste et vous remercions.", "fr"),
        ("Nos gustaría invitarte a una entrevista para el puesto, gracias por tu interés.", "es"),
        ("Hi Alex, hast du Do 14 Uhr kurz Zeit wegen der Stelle als Teamleitung? Gruß, Max", "de"),
        ("", "en"),
    ],
)
def test_detect_language(text: str, lang: str) -> None:
    assert detect_language(text) == lang


# ------------------------------------------------------------------ sanitising


def test_hostile_headers_are_sanitised() -> None:
    raw = inline(
        "From: =?UTF-8?Q?Eve=0ABcc:_x@evil.example?= <eve@acme.example>\n"
        "Reply-To: =?UTF-8?Q?Bob=E2=80=A8Bcc:_y@evil.example?= <bob@acme.example>\n"
        "Subject: =?UTF-8?Q?Interview=0ABcc:_attacker@evil.example=00=E2=80=A9?=\n"
        "Message-ID: <ok@acme.example>\n"
        "References: <a@acme.example> <bad\r\n id@x> <b@acme.example>",
    )
    f = extract(read_message(raw))
    assert f.subject == "Interview Bcc: attacker@evil.example"
    assert header_safe(f.subject)
    # The decoded name carries an address ("Eve Bcc: x@evil.example"): dropped.
    assert f.from_name is None
    assert f.reply_to == "bob@acme.example"
    assert f.message_id == "<ok@acme.example>"
    assert all(sanitize_message_id(r) == r for r in f.references)
    assert "<a@acme.example>" in f.references


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("<abc.def@mail.example.com>", "<abc.def@mail.example.com>"),
        ("<a+b=c@[192.0.2.1]>", "<a+b=c@[192.0.2.1]>"),
        ("abc@example.com", None),
        ("<abc@example.com> trailing", None),
        ("<a b@example.com>", None),
        ("<abc@example.com\r\nBcc: x@y>", None),
        ("<abc\x00@example.com>", None),
        ("<no-at-sign>", None),
        ("<" + "a" * 300 + "@example.com>", None),
        ("", None),
        (None, None),
    ],
)
def test_sanitize_message_id(value: str | None, expected: str | None) -> None:
    assert sanitize_message_id(value) == expected


def test_sanitize_text_caps_and_strips() -> None:
    assert sanitize_text("a\r\nb\x00c\u2028d\u2029e\u202ef\tg", limit=100) == "a b c d e f g"
    assert len(sanitize_text("x" * 1000, limit=250)) == 250
    assert sanitize_text(None) == ""


def test_long_subject_is_capped() -> None:
    f = extract(read_message(inline("Subject: " + "Interview " * 100)))
    assert len(f.subject) <= 250


# -------------------------------------------------------------------- property


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=3000))
def test_extract_never_raises_and_is_header_safe(raw: bytes) -> None:
    f = extract(read_message(raw))
    for value in (
        f.subject,
        f.from_addr,
        f.from_name,
        f.reply_to,
        f.greeting_name,
        f.company,
        f.role,
        f.proposed_time,
        f.calendar_uid,
        f.calendar_tzid,
    ):
        assert value is None or header_safe(value)
    assert f.message_id is None or sanitize_message_id(f.message_id) == f.message_id
    assert f.language in {"en", "de", "fr", "es"}


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=120), st.text(max_size=60), st.text(max_size=300))
def test_arbitrary_header_text_is_sanitised(subject: str, name: str, body: str) -> None:
    def enc(value: str) -> str:
        data = value.encode("utf-8", "surrogatepass")
        return "=?UTF-8?B?" + __import__("base64").b64encode(data).decode() + "?="

    raw = inline(
        f"From: {enc(name)} <r@acme.example>\nSubject: {enc(subject)}\n"
        "Message-ID: <m@acme.example>",
        body.encode("utf-8", "surrogatepass").decode("utf-8", "replace"),
    )
    f = extract(read_message(raw))
    assert header_safe(f.subject)
    assert f.from_name is None or header_safe(f.from_name)
    assert f.greeting_name is None or header_safe(f.greeting_name)
    assert len(f.subject) <= 250


# ------------------------------------------------------------- sixth batch: no wrong guesses


def test_calendar_program_subject_wrapper_is_not_a_company() -> None:
    """'Invitation: Interview - A. Example / Designer @ Thu 13 Mar 2025 3pm': the date after
    '@' is the calendar program's, and a title with the user's name is no role."""
    f = facts("h6-en-calendar-only-sparse")
    assert f.company is None
    assert f.role is None
    assert f.greeting_name == "Sofia"


def test_a_step_of_the_process_is_not_a_company() -> None:
    f = facts("h6-en-consulting-case-first-round")
    assert f.company is None  # not "First Round Interviews"
    assert f.role == "Associate"


def test_spanish_department_sender_is_not_greeted_and_role_ends_before_the_date() -> None:
    f = facts("h6-es-mexico-presentarse")
    assert f.greeting_name is None  # "Reclutamiento Distribuidora Norte"
    assert f.role == "Auxiliar de Almacén"


@pytest.mark.parametrize(
    ("name", "language"),
    [
        ("h7-de-kalender-nur-einladung", "de"),
        ("h7-es-calendario-entrevista-tecnica", "es"),
        ("h8-de-kalender-leer", "de"),
        ("h8-es-calendario-vacio", "es"),
        ("h8-fr-calendrier-vide", "fr"),
        ("h8-en-calendar-empty", "en"),
    ],
)
def test_calendar_only_language_from_the_event_title(name: str, language: str) -> None:
    assert facts(name).language == language


def test_role_in_a_calendar_title_leaves_out_the_candidates_name() -> None:
    assert facts("h7-en-teams-calendar-with-text").role == "Site Reliability Engineer"


def test_a_department_in_the_sender_name_is_no_company() -> None:
    got = facts("h7-es-enlace-agenda")
    assert got.company is None
    assert got.role == "Analista de Datos"
