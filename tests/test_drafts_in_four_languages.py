"""Drafts a recruiter would take for a careful person's, in English, German, French and
Spanish: each defect class (reason, register, times, names, follow-up) in each
language, on invitations written here for the purpose."""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

import pytest

from mailer.config import load_config
from mailer.core.compose import omissions
from mailer.core.model import DeclineSettings, Wording
from mailer.core.wording import guess_language, make_wording
from mailer.errors import ConfigError
from tests.draft_support import Written, invitation, write

LANGUAGES = ("en", "de", "fr", "es")

# -------------------------------------------------------------------- reason

ANOTHER_OFFER = {
    "en": ("I have accepted an offer elsewhere.", "I've accepted an offer elsewhere."),
    "de": ("Ich habe inzwischen ein anderes Angebot angenommen.",) * 2,
    "fr": ("J'ai en effet accepté une autre offre.",) * 2,
    "es": (
        "He aceptado recientemente otra oferta de trabajo.",
        "He aceptado otra oferta de trabajo.",
    ),
}

# One formal invitation per language, in the language's own manner.
FORMAL = {
    "en": invitation(
        "Dear Mr Example,\n\nThank you for your application for the post of Laboratory "
        "Technician. I would like to invite you to attend an interview at our offices "
        "on Thursday 13 March 2025 at 2.15pm.\n\nPlease confirm by return.\n\n"
        "Yours sincerely,\n\nMrs Joan Pike\nHuman Resources Officer\n",
        sender=("Joan Pike", "j.pike@fenwick-labs.example.co.uk"),
        subject="Interview: Laboratory Technician",
    ),
    "de": invitation(
        "Sehr geehrter Herr Example,\n\nvielen Dank für Ihre Bewerbung als Technischer "
        "Redakteur. Gerne laden wir Sie zu einem Vorstellungsgespräch am Dienstag, "
        "11. März 2025, um 10:00 Uhr in unser Haus ein.\n\nMit freundlichen Grüßen\n"
        "Dr. Hannelore Schmidt-Weber\nLeiterin Personalentwicklung\n",
        sender=("Dr. Hannelore Schmidt-Weber", "h.schmidt-weber@kranwerk.example.de"),
        subject="Ihre Bewerbung als Technischer Redakteur",
    ),
    "fr": invitation(
        "Madame, Monsieur,\n\nNous vous remercions de votre candidature au poste de "
        "Technicien de maintenance et avons le plaisir de vous convier à un entretien le "
        "lundi 17 mars 2025 à 14h00 dans nos locaux.\n\nVeuillez agréer nos salutations "
        "distinguées.\n\nService des Ressources Humaines\nAteliers Morvan\n",
        sender=("Service RH Ateliers Morvan", "rh@ateliers-morvan.example.fr"),
        subject="Convocation à un entretien",
    ),
    "es": invitation(
        "Estimado Sr. Example:\n\nLe agradecemos su interés en el puesto de Analista de "
        "Datos. Nos complace invitarle a una entrevista el martes 18 de marzo a las 10:00 "
        "en nuestras oficinas.\n\nLe rogamos que confirme su asistencia.\n\nAtentamente,\n"
        "Beatriz Lozano\nDirectora de Personas\n",
        sender=("Beatriz Lozano", "b.lozano@ceramicas-tajo.example.es"),
        subject="Entrevista - Analista de Datos",
    ),
}
# One informal invitation per language.
INFORMAL = {
    "en": invitation(
        "hey Alex! Sam from Lumo here. Loved your application for the iOS Engineer role, "
        "fancy a quick chat on Thursday or Friday?\n\nCheers,\nSam\n",
        sender=("Sam Reed", "sam@lumo.example"),
        subject="quick chat?",
    ),
    "de": invitation(
        "Hallo Alex,\n\ndanke für deine Bewerbung als Data Engineer bei Kranich Digital! "
        "Hast du Lust auf ein erstes Gespräch? Sag mir einfach, wann es dir passt.\n\n"
        "Viele Grüße\nMaren\n",
        sender=("Maren Voss", "maren@kranich-digital.example.de"),
        subject="Deine Bewerbung",
    ),
    "fr": invitation(
        "Salut Alex,\n\nMerci pour ta candidature au poste de développeur front chez "
        "Pivoine ! Tu serais dispo jeudi ou vendredi pour un appel ?\n\nÀ bientôt,\nNoé\n",
        sender=("Noé Garnier", "noe@pivoine.example.fr"),
        subject="Un appel ?",
    ),
    "es": invitation(
        "Hola Alex,\n\n¡Gracias por tu candidatura para el puesto de Diseñador UX! ¿Tienes "
        "un rato el jueves a las 16:00 para una llamada?\n\nUn abrazo,\nIker\n",
        sender=("Iker Etxeberria", "iker@txoko.example.es"),
        subject="¿Hablamos?",
    ),
}


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("kind", ["formal", "informal"])
def test_keyword_reason_is_written_natively(language: str, kind: str) -> None:
    written = write((FORMAL if kind == "formal" else INFORMAL)[language])
    assert written.draft.language == language
    assert ANOTHER_OFFER[language][kind == "informal"] in written.body
    assert written.problems() == []


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_keyword_in_every_language_and_register(language: str) -> None:
    for keyword in ("another_offer", "personal_circumstances", "career_change"):
        for source in (FORMAL, INFORMAL):
            written = write(source["en"], language=language, reason=Wording(keyword))
            assert written.problems() == [], (keyword, written.body)
    for keyword in ("future_openings", "recommend_someone", "talk_later"):
        written = write(FORMAL["de"], language=language, offer=Wording(keyword))
        assert written.problems() == [], (keyword, written.body)


OWN_WORDS = {
    "en": "I am moving abroad with my family.",
    "de": "Ich ziehe mit meiner Familie ins Ausland.",
    "fr": "Je pars m'installer à l'étranger avec ma famille.",
    "es": "Me mudo al extranjero con mi familia.",
}


@pytest.mark.parametrize("language", LANGUAGES)
def test_own_words_only_in_their_own_language(language: str) -> None:
    others = [lang for lang in LANGUAGES if lang != language]
    reason = Wording(texts=((language, OWN_WORDS[language]),))
    assert OWN_WORDS[language] in write(FORMAL[language], reason=reason).body
    for other in others:
        written = write(FORMAL[other], reason=reason)
        assert OWN_WORDS[language] not in written.body
        assert written.problems() == []
        # ... and the draft says it left the reason out.
        assert any(f"has no {other} text" in note for note in written.draft.notes)


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_table_gives_each_draft_its_language(language: str) -> None:
    table = make_wording(OWN_WORDS, what="reason")
    body = write(INFORMAL[language], reason=table).body
    assert OWN_WORDS[language] in body
    assert all(OWN_WORDS[o] not in body for o in LANGUAGES if o != language)
    assert omissions(DeclineSettings(reason=table), language) == ()


@pytest.mark.parametrize(("language", "text"), OWN_WORDS.items())
def test_a_plain_string_is_taken_in_the_language_it_is_written_in(language: str, text: str) -> None:
    assert guess_language(text) == language
    assert make_wording(text, what="reason") == Wording(texts=((language, text),))
    # [decline] language declares it instead.
    assert make_wording("Familie.", what="reason", language=language).languages == (language,)


def _config(tmp_path: Path, decline: str, name: str = "Alex Example") -> Path:
    path = tmp_path / "config.toml"
    path.write_text(
        f'[identity]\nname = "{name}"\nemail = "alex@example.org"\n'
        '[imap]\nhost = "imap.example.org"\nusername = "alex"\npassword_env = "X"\n'
        '[smtp]\nhost = "smtp.example.org"\n'
        f"[decline]\n{decline}\n",
        encoding="utf-8",
    )
    return path


@pytest.mark.parametrize(
    ("decline", "says"),
    [
        ('reason = "of personal circumstances"', "not a whole sentence"),
        ('reason = "another_ofer"', "not one of the keywords"),
        ('reason = "Zzz qqq."', "cannot tell which language"),
        ('reason = { it = "Ho accettato un\'altra offerta." }', "'it' is not a language"),
        ('offer = "recommend_somebody"', "not one of the keywords"),
    ],
)
def test_reasons_that_would_break_a_draft_are_config_errors(
    tmp_path: Path, decline: str, says: str
) -> None:
    with pytest.raises(ConfigError) as caught:
        load_config(_config(tmp_path, decline))
    assert says in str(caught.value)
    assert "decline." in str(caught.value)


def test_config_reason_forms(tmp_path: Path) -> None:
    config = load_config(
        _config(
            tmp_path,
            'reason = "personal_circumstances"\n'
            'offer = { en = "I can suggest a colleague.", fr = "Je peux vous recommander '
            'une collègue." }',
        )
    )
    settings = config.decline_settings
    assert settings.reason == Wording("personal_circumstances")
    assert settings.offer.languages == ("en", "fr")
    assert settings.offer.lacks("de")


@pytest.mark.parametrize("name", ["", "Your Name", "your name here", "Vorname Nachname"])
def test_a_missing_or_placeholder_name_is_a_config_error(tmp_path: Path, name: str) -> None:
    with pytest.raises(ConfigError, match=r"identity\.name"):
        load_config(_config(tmp_path, "", name=name))


# ------------------------------------------------------------------ register

T_FORMS = {
    "de": r"\b(?:du|dir|dich|dein\w*)\b",
    "fr": r"\b(?:tu|te|toi|ton|ta)\b",
    "es": r"\b(?:tú|tu|tus|te|ti|contigo|has|puedes)\b",
}
V_FORMS = {
    "de": r"(?<=[a-zäöüß,] )(?:Sie|Ihnen|Ihr\w*)\b",
    "fr": r"\b(?:vous|votre)\b",
    "es": r"\b(?:usted|le|su|ha|puede)\b",
}


@pytest.mark.parametrize("language", ["de", "fr", "es"])
def test_t_is_answered_with_t_and_v_with_v(language: str) -> None:
    informal = write(INFORMAL[language]).body
    formal = write(FORMAL[language]).body
    assert re.search(T_FORMS[language], informal, re.I)
    assert not re.search(V_FORMS[language], informal.split("\n", 1)[1])
    assert re.search(V_FORMS[language], formal)
    assert not re.search(T_FORMS[language], formal, re.I)


def test_english_casual_and_formal() -> None:
    casual = write(INFORMAL["en"])
    formal = write(FORMAL["en"])
    assert casual.greeting == "Hi Sam,"
    assert re.search(r"\bI've\b", casual.body)
    assert formal.greeting == "Dear Mrs Pike,"
    assert "Yours sincerely," in formal.body
    assert "I've" not in formal.body


GREETING = {
    # formal letters with a title: title and surname, as the message states them
    ("formal", "en"): "Dear Mrs Pike,",
    ("formal", "de"): "Sehr geehrte Frau Dr. Schmidt-Weber,",
    ("formal", "fr"): "Madame, Monsieur,",  # a department: the letter's own greeting
    ("formal", "es"): "Estimada Sra. Lozano:",
    # notes signed with a first name: that first name
    ("informal", "en"): "Hi Sam,",
    ("informal", "de"): "Hallo Maren,",
    ("informal", "fr"): "Bonjour Noé,",
    ("informal", "es"): "Hola, Iker:",
}
CLOSING = {
    ("formal", "en"): "Yours sincerely,",
    ("formal", "de"): "Mit freundlichen Grüßen",
    ("formal", "fr"): "Je vous prie d'agréer, Madame, Monsieur, l'expression de mes "
    "salutations distinguées.",
    ("formal", "es"): "Atentamente,",
}


@pytest.mark.parametrize(("kind", "language"), sorted(GREETING))
def test_greeting_and_closing_follow_the_invitation(kind: str, language: str) -> None:
    written = write((FORMAL if kind == "formal" else INFORMAL)[language])
    assert written.greeting == GREETING[kind, language]
    if (kind, language) in CLOSING:
        assert CLOSING[kind, language] in written.body
    if language == "es" and kind == "informal":
        assert "Atentamente" not in written.body
    assert written.problems() == []


@pytest.mark.parametrize("language", ["de", "fr", "es"])
def test_t_and_v_carry_into_another_language(language: str) -> None:
    # A German du-note answered in French or Spanish says tu/tú; a formal German letter
    # answered in them says vous/usted.
    if language != "de":
        assert re.search(T_FORMS[language], write(INFORMAL["de"], language=language).body)
        assert re.search(V_FORMS[language], write(FORMAL["de"], language=language).body)
    # English casual says nothing about T or V: the polite form.
    body = write(INFORMAL["en"], language=language).body
    assert not re.search(T_FORMS[language], body.split("\n", 1)[1], re.I)


# --------------------------------------------------------------------- times

LABELLED = {
    "en": invitation(
        "Hi Alex,\n\nWe'd like to meet you for the Support Analyst role.\n\n"
        "📅 Date: Thursday 13 March 2025\n🕑 Time: 2.15pm (please arrive 10 minutes "
        "early.)\nWhere: Room 4 (ground floor (east wing))\n\nThanks,\nPriya Nair\n",
        sender=("Priya Nair", "priya.nair@harbour-it.example.co.uk"),
    ),
    "de": invitation(
        "Hallo Herr Example,\n\ngerne möchten wir Sie kennenlernen.\n\n"
        "Datum: Dienstag, 11. März 2025\nUhrzeit: 14:30 Uhr 🕑\nOrt: Raum 3.12 (2. OG)\n\n"
        "Viele Grüße\nTobias Wirth\n",
        sender=("Tobias Wirth", "t.wirth@wirth-medien.example.de"),
    ),
    "fr": invitation(
        "Bonjour Alex,\n\nNous souhaitons vous rencontrer pour le poste de Chargé de "
        "communication.\n\nDate : mardi 18 mars 2025\nHeure : 14h30 📍 (salle B, 1er "
        "étage)\n\nBien cordialement,\nClaire Dumont\n",
        sender=("Claire Dumont", "claire.dumont@verlaine.example.fr"),
    ),
    "es": invitation(
        "Hola Alex:\n\nQueremos conocerte para el puesto de Técnico de Soporte.\n\n"
        "Fecha: jueves, 20 de marzo de 2025\nHora: 10:30 h ⏰ (duración aprox. 45 min.)\n\n"
        "Un saludo,\nMarta Soler\n",
        sender=("Marta Soler", "marta.soler@nubeteca.example.es"),
    ),
}
WRITTEN_TIME = {
    "en": "on Thursday, 13 March 2025 at 2:15 pm",
    "de": "am Dienstag, 11. März 2025, um 14:30 Uhr",
    "fr": "du mardi 18 mars 2025 à 14:30",
    "es": "del jueves, 20 de marzo de 2025, a las 10:30",
}


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_known_time_is_written_the_way_the_language_writes_it(language: str) -> None:
    written = write(LABELLED[language])
    assert WRITTEN_TIME[language] in written.body
    for copied in ("Date", "Datum", "Uhrzeit", "Heure", "Hora", "Fecha", "Time", "Ort", "("):
        assert f"{copied}:" not in written.body
    assert "(" not in written.body
    assert not any(unicodedata.category(ch) == "So" for ch in written.body)
    assert not re.search(r"\d{4}-\d{2}-\d{2}", written.body)
    assert written.problems() == []


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_known_time_in_every_other_language(language: str) -> None:
    for source in LANGUAGES:
        written = write(LABELLED[source], language=language)
        assert written.problems() == [], written.body
        assert "2025" in written.body  # the date, in the draft's words


CALENDAR_DE = (
    "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//test//EN\r\nMETHOD:REQUEST\r\n"
    "BEGIN:VEVENT\r\nUID:cal-1@kranwerk.example.de\r\nDTSTAMP:20250305T090000Z\r\n"
    "DTSTART;TZID=Europe/Berlin:20250311T100000\r\nDTEND;TZID=Europe/Berlin:20250311T104500\r\n"
    "SUMMARY:Vorstellungsgespräch\r\nORGANIZER;CN=Petra Lange:mailto:p.lange@kranwerk.example.de\r\n"
    "ATTENDEE:mailto:alex@example.org\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
)


@pytest.mark.parametrize(
    ("language", "words"),
    [
        ("en", "on Tuesday, 11 March 2025 at 10:00"),
        ("de", "am Dienstag, 11. März 2025, um 10:00 Uhr"),
        ("fr", "du mardi 11 mars 2025 à 10:00"),
        ("es", "del martes, 11 de marzo de 2025, a las 10:00"),
    ],
)
def test_a_calendar_start_in_its_zone(language: str, words: str) -> None:
    raw = (
        "From: Petra Lange <p.lange@kranwerk.example.de>\r\nTo: alex@example.org\r\n"
        "Subject: Einladung: Vorstellungsgespräch\r\nDate: Wed, 05 Mar 2025 09:30:00 +0100\r\n"
        "Message-ID: <cal-mail-1@kranwerk.example.de>\r\nMIME-Version: 1.0\r\n"
        'Content-Type: text/calendar; method=REQUEST; charset="utf-8"\r\n\r\n' + CALENDAR_DE
    ).encode()
    written = write(raw, language=language)
    assert words in written.body
    assert written.problems() == []


SEVERAL = {
    "en": ("Would Tuesday 11 March at 10:00 or Wednesday 12 March at 14:30 suit you?", "the times you proposed"),
    "de": ("Passt Ihnen Dienstag, 11. März, um 10 Uhr oder Mittwoch, 12. März, um 14:30 Uhr?", "Die vorgeschlagenen Termine"),
    "fr": ("Seriez-vous disponible le mardi 11 mars à 10h ou le mercredi 12 mars à 14h30 ?", "les créneaux prévus"),
    "es": ("¿Le viene bien el martes 11 de marzo a las 10:00 o el miércoles 12 de marzo a las 14:30?", "los horarios propuestos"),
}  # fmt: skip


@pytest.mark.parametrize("language", LANGUAGES)
def test_several_proposed_times_are_plural(language: str) -> None:
    question, plural = SEVERAL[language]
    hello, bye = {
        "en": ("Dear Alex,", "Kind regards,"),
        "de": ("Guten Tag Herr Example,", "Viele Grüße"),
        "fr": ("Bonjour Monsieur,", "Cordialement,"),
        "es": ("Estimado Sr. Example:", "Un cordial saludo,"),
    }[language]
    written = write(
        invitation(
            f"{hello}\n\n{question}\n\n{bye}\nDana Whitfield\n",
            sender=("Dana Whitfield", "dana@northwind.example"),
        )
    )
    assert plural in written.body
    assert written.facts.slot_count == 2
    assert written.problems() == []


DEADLINE = {
    "en": "Please complete the one-way video interview by Friday 14 March. You can record your answers at any time.",
    "de": "Bitte schließen Sie das Video-Interview bis zum 14. März ab. Sie können die Fragen jederzeit beantworten.",
    "fr": "Merci de réaliser l'entretien vidéo différé avant le vendredi 14 mars, au moment qui vous convient.",
    "es": "Por favor, completa la entrevista en vídeo grabada antes del viernes 14 de marzo, cuando mejor te venga.",
}  # fmt: skip
SLOT_WORDS = {
    "en": r"slot|times? you (?:proposed|suggested)|proposed time|another candidate|someone else",
    "de": r"Termin|anderweitig",
    "fr": r"créneau|autre personne|d'autres candidats",
    "es": r"horario|otra persona",
}


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_deadline_is_not_a_slot(language: str) -> None:
    written = write(
        invitation(
            f"Hello Alex,\n\n{DEADLINE[language]}\n\nhttps://app.hirevue.example/i/42\n\n"
            "Early Careers Team\n",
            sender=("Early Careers", "careers@fernhill.example"),
        )
    )
    assert written.facts.slot_count == 0
    assert not re.search(SLOT_WORDS[written.draft.language], written.body)


# --------------------------------------------------------------------- names

DEPARTMENT = {
    "en": (("Personnel Office", "personnel@whitcombe.example.gov.uk"), "Dear Mr Example,", "Yours sincerely,\n\nPersonnel Office"),
    "de": (("Personalabteilung Kessler", "personal@kessler.example.de"), "Sehr geehrter Herr Example,", "Mit freundlichen Grüßen\nPersonalabteilung"),
    "fr": (("Service RH", "rh@duclos.example.fr"), "Bonjour,", "Cordialement,\nService RH"),
    "es": (("RRHH Ibertrans", "rrhh@ibertrans.example.es"), "Hola Alex:", "Un saludo,\nDepartamento de Recursos Humanos"),
}  # fmt: skip
GENERIC = {
    "en": "Dear Sir or Madam,",
    "de": "Sehr geehrte Damen und Herren,",
    "fr": "Bonjour,",
    "es": "Buenos días:",
}


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_department_is_no_name(language: str) -> None:
    sender, hello, signed = DEPARTMENT[language]
    body = {
        "en": "We would like to invite you to an interview for the Clerk post.",
        "de": "wir laden Sie zu einem Vorstellungsgespräch ein.",
        "fr": "Nous vous proposons un entretien pour le poste de Comptable.",
        "es": "Nos gustaría hacerte una entrevista para el puesto de Auxiliar.",
    }[language]
    written = write(invitation(f"{hello}\n\n{body}\n\n{signed}\n", sender=sender))
    assert written.facts.greeting_name is None
    # Spanish: a tú note from a department is greeted "Hola:" in its register.
    assert written.greeting == (GENERIC[language] if language != "es" else "Hola:")
    assert written.problems() == []


ROLE = {
    "en": ("Dear Alex,\n\nThank you for applying for the post of Warehouse Supervisor. Could you come in for an interview?", "Warehouse Supervisor"),
    "de": ("Guten Tag Herr Example,\n\nvielen Dank für Ihre Bewerbung auf die Stelle Technischer Redakteur. Wann hätten Sie Zeit für ein Gespräch?", "Technischer Redakteur"),
    "fr": ("Madame, Monsieur,\n\nNous avons le plaisir de vous convier à un entretien pour le poste de\nTechnicien de maintenance, le lundi 17 mars 2025 à 14h00.", "Technicien de maintenance"),
    "es": ("Estimado Sr. Example:\n\nLe invitamos a una entrevista para el puesto de Técnico de Mantenimiento. ¿Podría indicarnos su disponibilidad?", "Técnico de Mantenimiento"),
}  # fmt: skip


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_role_is_taken_from_the_text(language: str) -> None:
    text, role = ROLE[language]
    written = write(invitation(f"{text}\n\nRecruitment\n", sender=("", "jobs@corp.example")))
    assert written.facts.role == role
    assert role in written.body
    assert written.problems() == []


TITLED = {
    "en": (("Dr Helen Sykes-Ward", "h.sykes-ward@iam.example.ac.uk"), "Dear Mr Example,", "Best regards,\nDr Helen Sykes-Ward", "Dear Dr. Sykes-Ward,"),
    "de": (("Dr. Hannelore Schmidt-Weber", "schmidt-weber@kranwerk.example.de"), "Sehr geehrter Herr Example,", "Mit freundlichen Grüßen\nDr. Hannelore Schmidt-Weber\nLeiterin Personal", "Sehr geehrte Frau Dr. Schmidt-Weber,"),
    "fr": (("Anne-Sophie Morel-Durand", "as.morel-durand@vireo.example.fr"), "Bonjour Monsieur Example,", "Cordialement,\nAnne-Sophie Morel-Durand\nChargée de recrutement", "Bonjour Madame Morel-Durand,"),
    "es": (("Lucía Navarro-Gil", "lnavarro@ebro.example.es"), "Estimado Sr. Example:", "Atentamente,\nLucía Navarro-Gil\nCoordinadora de Selección", "Estimada Sra. Navarro-Gil:"),
}  # fmt: skip
INVITE = {
    "en": "I would like to invite you to an interview next week.",
    "de": "wir möchten Sie gern zu einem Gespräch einladen.",
    "fr": "Je souhaiterais organiser un entretien avec vous.",
    "es": "Nos gustaría invitarle a una entrevista.",
}


@pytest.mark.parametrize("language", LANGUAGES)
def test_titles_and_double_barrelled_names_are_kept(language: str) -> None:
    sender, hello, signed, expected = TITLED[language]
    written = write(invitation(f"{hello}\n\n{INVITE[language]}\n\n{signed}\n", sender=sender))
    assert written.greeting == expected
    assert written.problems() == []


@pytest.mark.parametrize("language", LANGUAGES)
def test_no_pictograph_reaches_a_draft(language: str) -> None:
    raw = invitation(
        "Hi Alex 👋\n\nThanks for applying to Brightwave 🎉! We'd love to interview you for "
        "the Growth Marketer 🚀 role. Are you free on Thursday at 3pm? ✨\n\nCheers,\nMia 😊\n",
        sender=("Mia at Brightwave 🎉", "mia@brightwave.example"),
        subject="Interview with Brightwave 🎉",
    )
    written = write(raw, language=language)
    assert written.facts.company == "Brightwave"
    assert "Brightwave" in written.body
    assert not any(
        unicodedata.category(ch) == "So" or 0x1F000 <= ord(ch) <= 0x1FAFF for ch in written.body
    )
    assert written.problems() == []


# ------------------------------------------------------------------ follow-up

EXCHANGE = r"exchange|conversation|our (?:call|chat|talk)|Austausch|Gespräch mit|échange|conversación|intercambio|charla"


@pytest.mark.parametrize("language", LANGUAGES)
def test_followup_is_worded_for_what_happened(language: str) -> None:
    for source in (FORMAL, INFORMAL):
        written = write(source[language])
        follow = written.followup()
        assert not re.search(EXCHANGE, follow.body, re.I), follow.body
        assert not re.search(
            r"your understanding|Ihr Verständnis|votre compréhension|su comprensión", follow.body
        )
        assert follow.language == language
        assert Written(written.facts, written.text, follow).problems() == [], follow.body


@pytest.mark.parametrize("language", LANGUAGES)
def test_followup_keeps_display_names_in_to(language: str) -> None:
    written = write(FORMAL[language])
    # The sent decline's recipients are stored as bare addresses.
    follow = written.followup(recipients=(written.draft.to,))
    to_line = next(
        line for line in follow.raw.decode().split("\r\n") if line.lower().startswith("to:")
    )
    name = written.facts.from_name or ""
    assert name.split()[-1] in to_line
    assert f"<{written.draft.to}>" in to_line


@pytest.mark.parametrize(
    ("text", "register"),
    [
        # tú told only by infinitives with an enclitic "te" and a subjunctive
        ("Gracias por inscribirte en la oferta. Reserva el hueco que prefieras.", "informal"),
        # words that end the same way are no tú ("mucha suerte", "por parte de")
        ("Le agradecemos su candidatura. Mucha suerte, por parte del equipo.", "formal"),
    ],
)
def test_spanish_register_reads_enclitic_infinitives(text: str, register: str) -> None:
    from mailer.core.people import detect_register

    assert detect_register(text, "es") == register
