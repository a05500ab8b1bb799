"""The recogniser: every fixture, each rule, each language, and hostile input."""

from __future__ import annotations

import re
import sys
from collections import Counter
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mailer.core.message import Mail, read_headers, read_message
from mailer.core.model import Category, Identity, Verdict
from mailer.core.recognise import (
    classify,
    continues_conversation,
    header_candidate,
    is_noreply,
    is_scheduling_link,
    opens_new_round,
)

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).parent / "fixtures" / "recognition"
USER = Identity(name="Alex Example", email="alex@example.org")
LABELS = [c.value for c in Category]


def language(path: Path) -> str:
    """Fixture names start with the language, after an optional batch prefix (h-, r1-, r3a-)."""
    return re.sub(r"^[hr]\d*[a-z]?-", "", path.name)[:2]


def all_fixtures() -> list[Path]:
    return sorted(FIXTURES.glob("*/*.eml"))


#: Batches written blind, by people who had not read the recogniser: what it does on
#: them, before any rule or weight has seen them, estimates what it does on mail nobody
#: here wrote. They are measured apart (test_blind_batches_*), not in the targets for the
#: fixtures written alongside the rules. Each has since been read and fitted on, after its
#: first run was recorded (BENCHMARKS.md): their floors are what the shipped weights reach.
BLIND_BATCHES = (
    "r3a-",
    "r3b-",
    "r4a-",
    "r5a-",
    "r5b-",
    "r6a-",
    "r6b-",
    "r7a-",
    "r7b-",
    "r8a-",
    "r8b-",
    "r9a-",
    "r9b-",
    "r10a-",
    "r10b-",
    "r11a-",
    "r11b-",
)


def fitted_fixtures() -> list[Path]:
    return [p for p in all_fixtures() if not p.name.startswith(BLIND_BATCHES)]


def shared_folder(name: str) -> Path | None:
    """``../shared/NAME`` beside the checkout (or beside a parent of a worktree).

    It is not part of the repository: a fresh clone has nothing beside it, and the
    tests that read it are then skipped (CI has it beside its checkout)."""
    for base in (ROOT, *ROOT.parents):
        candidate = base.parent / "shared" / name
        if (candidate / "labels.tsv").is_file():
            return candidate
    return None


def shared_corpus() -> Path | None:
    return shared_folder("corpus")


def verdict(name: str, identity: Identity | None = USER) -> tuple[Category, tuple[str, ...]]:
    (path,) = FIXTURES.glob(f"*/{name}.eml")
    v = classify(read_message(path.read_bytes()), identity=identity)
    return v.category, v.reasons


def inline(headers: str, body: str) -> bytes:
    return (headers.strip().replace("\n", "\r\n") + "\r\n\r\n" + body).encode()


# ------------------------------------------------------------------- all fixtures


def test_fixture_set_is_large_and_covers_languages_and_outcomes() -> None:
    files = all_fixtures()
    assert len(files) >= 150
    per_class = Counter(p.parent.name for p in files)
    assert set(per_class) == set(LABELS)
    languages = Counter(language(p) for p in files)
    for lang in ("en", "de", "fr", "es"):
        assert languages[lang] >= 15, lang
    for label in LABELS:
        assert {language(p) for p in files if p.parent.name == label} == {
            "en",
            "de",
            "fr",
            "es",
        }


def _invitation_figures(paths: list[Path]) -> tuple[float, float, list[str]]:
    """Invitation precision and recall over ``paths``, and every error."""
    found = flagged = labelled = 0
    wrong = []
    for path in paths:
        v = classify(read_message(path.read_bytes()), identity=USER)
        expected = path.parent.name == "invitation"
        flagged += v.is_invitation
        labelled += expected
        found += v.is_invitation and expected
        if v.is_invitation != expected:
            wrong.append(f"{path.parent.name}/{path.name}: {v.category.value} {v.reasons[:4]}")
    return found / max(flagged, 1), found / max(labelled, 1), wrong


def test_fixtures_meet_the_targets() -> None:
    # The weights are fitted on these fixtures (and on real mail): the figures are what
    # the shipped weights reach on them, every error listed. scripts/fit-weights prints
    # the out-of-fold figures, a fairer estimate for mail not seen.
    precision, recall, wrong = _invitation_figures(fitted_fixtures())
    assert precision >= 0.98, wrong
    assert recall >= 0.98, wrong


@pytest.mark.parametrize("lang", ["en", "de", "fr", "es"])
def test_fixtures_meet_the_targets_in_each_language(lang: str) -> None:
    precision, recall, wrong = _invitation_figures(
        [p for p in fitted_fixtures() if language(p) == lang]
    )
    assert precision >= 0.95, wrong
    assert recall >= 0.95, wrong


@pytest.mark.parametrize("lang", ["en", "de", "fr", "es"])
def test_who_writes_to_whom_in_each_language(lang: str) -> None:
    # Batch r1: the candidate writing, hiring-side work sent to others, slots already
    # fixed, invitations without the word interview, and near misses. Each language has
    # 8 or 9 invitations and about 30 messages that are none: one miss is 0.12 of recall,
    # and the misses left are invitations that name neither an interview nor a job.
    paths = [p for p in all_fixtures() if p.name.startswith(f"r1-{lang}-")]
    assert len(paths) >= 30
    precision, recall, wrong = _invitation_figures(paths)
    assert precision >= 0.85, wrong
    assert recall >= 0.75, wrong


@pytest.mark.parametrize(
    ("batch", "min_precision", "min_recall"),
    [
        ("r3a-", 0.98, 0.90),
        ("r3b-", 0.98, 0.95),
        ("r4a-", 0.98, 0.80),
        ("r5a-", 0.98, 0.96),
        ("r5b-", 0.98, 0.98),
        ("r6a-", 0.98, 0.86),
        ("r6b-", 0.98, 0.98),
        ("r7a-", 0.96, 0.89),
        ("r7b-", 0.96, 0.93),
        ("r8a-", 0.98, 0.93),
        ("r8b-", 0.98, 0.93),
        ("r9a-", 0.98, 0.93),
        ("r9b-", 0.98, 0.93),
        ("r10a-", 0.98, 0.83),
        ("r10b-", 0.98, 0.96),
        ("r11a-", 0.98, 0.76),
        ("r11b-", 0.98, 0.96),
    ],
)
def test_blind_batches_do_not_fall_below_their_first_run(
    batch: str, min_precision: float, min_recall: float
) -> None:
    # Floors so that the figures only move up; each is what the weights reach since they
    # were fitted on the batch. First runs, before any rule or weight had seen them:
    # r3a (office mail, 40 invitations in 132) 0.90/0.47, r3b (modern, four languages, 45
    # in 130) 0.76/0.64, r4a (office mail of 1999-2004, 41 in 132) 0.88/0.54, r5a (modern
    # EN/DE, 27 in 79) 0.93/0.96, r5b (modern FR/ES/EN, 26 in 75) 0.96/0.92, r6a (office
    # mail of 1998-2006, 29 in 83) 1.00/0.76, r6b (modern, four languages, 28 in 80)
    # 0.82/0.82, r7a (office mail of 1999-2005, 28 in 84) 0.93/0.50, r7b (modern, four
    # languages, 30 in 86) 0.93/0.83, r8a (office mail of 1998-2007, 30 in 84) 0.74/0.47,
    # r8b (modern, four languages, 30 in 84) 1.00/0.83, r9a (workplace mail of 1997-2008,
    # 30 in 84) 0.91/0.67, r9b (modern, four languages, 30 in 84) 1.00/0.90, r10a (office
    # mail of 1999-2006, 30 in 84) 0.93/0.43, r10b (modern, four languages, 30 in 84)
    # 0.93/0.93, r11a (office mail of 1998-2007, 30 in 85) 0.85/0.57, r11b (modern, four
    # languages, 30 in 84) 0.97/0.97.
    paths = [p for p in all_fixtures() if p.name.startswith(batch)]
    assert len(paths) >= 75
    precision, recall, wrong = _invitation_figures(paths)
    assert precision >= min_precision, wrong
    assert recall >= min_recall, wrong


@pytest.mark.parametrize("path", all_fixtures(), ids=lambda p: p.stem)
def test_fixture_is_read_and_explained(path: Path) -> None:
    v = classify(read_message(path.read_bytes()), identity=USER)
    assert v.reasons
    assert 0.0 <= v.score <= 1.0
    assert not any(r.startswith("not judged") for r in v.reasons), v.reasons
    if v.is_invitation:
        # what made an invitation possible comes first: the interview and the ask
        assert len(v.reasons) >= 2


def test_shared_corpus_flags_nothing_and_reads_everything() -> None:
    corpus = shared_corpus()
    if corpus is None:
        pytest.skip(f"no ../shared/corpus beside {ROOT} (it is not part of the repository)")
    files = sorted(corpus.rglob("*.eml"))
    assert len(files) == 600
    flagged = []
    for path in files:
        v = classify(read_message(path.read_bytes()), identity=USER)
        if v.is_invitation:
            flagged.append((path.name, v.reasons))
    assert flagged == []


def test_real_job_mail_gets_few_false_drafts() -> None:
    # ../shared/corpus-real: real mail about jobs, judged with its recipient as the user.
    # Its dev part helped fit the weights; the seeded holdout third is measured only by
    # scripts/eval-recognition --split holdout (BENCHMARKS.md gives the figures).
    real = shared_folder("corpus-real")
    if real is None:
        pytest.skip(f"no ../shared/corpus-real beside {ROOT} (it is not part of the repository)")
    sys.path.insert(0, str(ROOT / "scripts"))
    from _recognition_data import collect, identity_for

    items = [i for i in collect([real]) if i.split == "dev"]
    assert len(items) > 400
    false = []
    for item in items:
        mail = read_message(item.path.read_bytes())
        v = classify(mail, identity=identity_for(mail))
        if v.is_invitation and item.label != "invitation":
            false.append((item.path.name, v.reasons[:3]))
    negatives = sum(1 for i in items if i.label != "invitation")
    assert len(false) <= negatives // 100, false


# ----------------------------------------------------------------- rules by name


def test_reasons_name_the_evidence() -> None:
    category, reasons = verdict("en-greenhouse-noreply-replyto")
    assert category is Category.INVITATION
    text = " ".join(reasons)
    assert "interview" in text
    assert "scheduling link: \u201capp.greenhouse.io\u201d" in text
    category, reasons = verdict("en-calendar-request-only")
    assert any(r.startswith("calendar request (METHOD:REQUEST)") for r in reasons)


@pytest.mark.parametrize(
    ("name", "category", "reason"),
    [
        ("en-confirmation-quoted-invitation", "interview_related", "already agreed"),
        ("en-reschedule-request", "interview_related", "reschedule"),
        ("en-cancellation-calendar", "interview_related", "cancel"),
        ("en-feedback-after-interview", "interview_related", "feedback"),
        ("en-user-own-mail", "interview_related", "sent by the user"),
        ("en-interviewer-panel", "interview_related", "addressed to an interviewer"),
        ("en-reminder-tomorrow", "interview_related", "already agreed"),
        ("fr-rappel", "interview_related", "reminder"),
        ("en-application-received", "not_invitation", "promised on a condition"),
        ("en-rejection-after-interview", "not_invitation", "rejection"),
        ("en-offer-letter", "not_invitation", "job offer"),
        ("es-oferta", "not_invitation", "no interview or hiring vocabulary"),
        ("en-podcast-interview", "not_invitation", "podcast"),
        ("en-research-interview", "not_invitation", "no job interview"),
        ("h-en-customer-interview", "not_invitation", "no job interview"),
        ("en-career-fair", "not_invitation", "event"),
        ("en-mock-interview-service", "not_invitation", "advice or practice"),
        ("en-recruiter-outreach-call", "not_invitation", "no job interview"),
        ("en-auto-reply", "not_invitation", "headers"),
        ("de-absage", "not_invitation", "rejection"),
        ("h-de-absage-nach-gespraech", "not_invitation", "rejection"),
        ("h-en-rejection-kind", "not_invitation", "no job interview"),
        ("h-en-take-home", "not_invitation", "promised on a condition"),
        ("h-en-internal-interviewing-question", "interview_related", "own organisation"),
        # fourth batch: shapes with little interview vocabulary, and their near misses
        ("h3-en-greenhouse-availability-no-interview-word", "invitation", "recruiting team"),
        ("h3-en-let-me-know-times", "invitation", "chat with me"),
        ("h3-en-short-sms-style", "invitation", "interview"),
        ("h3-en-ashby-onsite-slots", "invitation", "the onsite"),
        ("h3-en-old-attend-for-interview", "invitation", "pleased if you could attend"),
        ("h3-fr-echange-telephonique-profil-retenu", "invitation", "votre candidature"),
        ("h3-es-citacion-formal", "invitation", "le citamos"),
        ("h3-de-bewerbungsgespraech-telefon-wann", "invitation", "mit ihnen führen"),
        ("h3-de-eingang-engere-auswahl", "not_invitation", "promised on a condition"),
        ("h3-en-cancelled-on-hold", "interview_related", "cancellation"),
        ("h3-en-booked-quoted-invite", "interview_related", "interview in the quoted thread"),
        ("h3-de-verschieben-freitag", "interview_related", "reschedule"),
        ("h3-en-newsletter-interviewing", "not_invitation", "interview advice"),
        ("h4-de-absage-termin", "interview_related", "cancellation"),  # absagen, not Absage
        ("h4-en-updated-invitation", "interview_related", "reschedule"),
        ("h4-fr-test-personnalite", "not_invitation", "questionnaire de personnalit"),
        ("h4-es-te-encaja", "invitation", "nos encantaría conocer"),
        ("h4-es-rrhh-videollamada", "invitation", "nos gustaría mantener"),
        # sixth batch: calls about a named role, short notes, old letters, and near misses
        ("h5-en-mobile-one-liner", "invitation", "free for a call"),
        ("h5-de-kurz-handy", "invitation", "telefonieren"),
        ("h5-fr-court-sms", "invitation", "dispo"),
        ("h5-es-consultora-mi-cliente", "invitation", "les gustaría conocer"),
        ("h5-de-xing-nachricht", "invitation", "telefongespräch"),
        ("h5-de-assessment-center-trainee", "invitation", "assessment center"),
        ("h5-fr-journee-recrutement-graduate", "invitation", "journée d'évaluation"),
        ("h5-en-2004-shortlisted-telephone", "invitation", "allocated a time"),
        ("h5-es-mexico-formal-2008", "invitation", "presentarse a entrevista"),
        ("h5-es-infojobs-quiere-entrevistarte", "invitation", "quiere hacerte una entrevista"),
        ("h5-en-founder-wellfound-zoom", "invitation", "hop on a 25 min zoom"),
        ("h5-en-ats-vendor-sales-call", "not_invitation", "sales call"),
        ("h5-en-be-in-touch-to-schedule", "not_invitation", "promised on a condition"),
        ("h5-en-alumni-magazine-interview", "not_invitation", "magazine"),
        ("h5-en-indeed-application-viewed", "not_invitation", "application was viewed"),
        ("h5-en-agency-locked-in", "interview_related", "locked in"),
        ("h5-en-onsite-itinerary-confirmed", "interview_related", "sending your availability"),
        ("h7-en-terse-hiring-manager", "invitation", "can you do 30"),
        ("h7-en-linkedin-thread-first-call", "invitation", "first call"),
        ("h7-en-final-onsite-dates", "invitation", "final stage"),
        ("h7-en-chatty-recruiter-technical-slots", "invitation", "technical round"),
        ("h7-fr-tutoiement-dispo", "invitation", "on s'appelle"),
        ("h7-de-agentur-mandant-teams", "invitation", "ersten teams-gespräch"),
        ("h7-es-tuteo-llamada", "invitation", "por aplicar a"),
        ("h7-en-reschedule-manager-sick", "interview_related", "make your interview"),
        ("h7-en-thanks-after-interview", "interview_related", "meet the team yesterday"),
        ("h7-en-friend-asks-referral", "not_invitation", "no job interview"),
        ("h7-de-absage-nach-gespraech", "not_invitation", "andere kandidatin entschieden"),
        ("h8-en-quick-twenty", "invitation", "grab a quick 20 minutes"),
        ("h8-en-video-screen-bullets", "invitation", "video screen"),
        ("h8-en-coffee-hiring-manager", "invitation", "for a coffee"),
        ("h8-en-ats-button-only", "invitation", "next step"),
        ("h8-en-calendar-empty", "invitation", "METHOD:REQUEST"),
        ("h8-de-kalender-leer", "invitation", "METHOD:REQUEST"),
        ("h8-de-austausch-teams", "invitation", "ersten virtuellen austausch"),
        ("h8-fr-suisse-rencontre", "invitation", "merci de nous indiquer"),
        ("h8-es-cl-reunion", "invitation", "siguiente etapa"),
        ("h8-es-citacion", "invitation", "citarle"),
        ("h8-en-rel-interviewer-side", "interview_related", "hi all"),
        ("h8-es-rel-reschedule", "interview_related", "mover la entrevista"),
        ("h8-fr-rel-annulation", "interview_related", "annulation"),
        ("h8-es-rel-encuesta", "interview_related", "participaste en una entrevista"),
    ],
)
def test_rule(name: str, category: str, reason: str) -> None:
    got, reasons = verdict(name)
    assert got.value == category, reasons
    assert any(reason in r for r in reasons), reasons


@pytest.mark.parametrize(
    ("body", "reason"),
    [
        (
            "Merci pour votre entretien pour le poste. Malheureusement, nous ne pouvons pas "
            "donner suite à votre candidature.",
            "rejection",
        ),
        (
            "Gracias por la entrevista para el puesto. Lamentablemente, hemos decidido "
            "continuar con otros candidatos.",
            "rejection",
        ),
        (
            "After your interview for the Analyst position we are pleased to offer you the "
            "role. Your offer letter is attached.",
            "job offer",
        ),
        (
            "Our podcast covers careers. We'd like to interview you about your hiring "
            "experience for an episode. Are you available next week?",
            "media or research",
        ),
        (
            "Ahead of the career fair, book a slot for a mock interview with our recruiters "
            "for the open positions. Register now.",
            "event",
        ),
    ],
)
def test_hard_negatives_with_an_interview_mentioned(body: str, reason: str) -> None:
    raw = inline("From: r@acme.example\nTo: alex@example.org\nSubject: Update", body)
    v = classify(read_message(raw), identity=USER)
    assert v.category is Category.NOT_INVITATION, v.reasons
    assert any(reason in r for r in v.reasons), v.reasons


@pytest.mark.parametrize(
    "body",
    [
        # cold outreach that proposes a chat: no application of the user's
        "I came across your profile and I'm hiring a Staff Engineer. Are you open to new "
        "opportunities? Would you have time to chat with me about the role? Let me know "
        "what times work.",
        # "onsite" as the place of work, not an interview round
        "This is an onsite role in our Berlin office. If you know anyone for the position, "
        "let me know.",
        # role words alone pass the gate only with a word for talking, and still need more
        "Your position in the queue has changed. Call us if you have questions about your "
        "application for a parking permit.",
        # an application that is not for a job: calls about it are not interviews
        "Thanks for your application to our partner program. Let's set up a call with our "
        "partnerships team. Pick a time here: https://calendly.com/acme/partners",
        "Thank you for your application for the community grant. We would like to invite you "
        "to a short call to discuss your project. Please let us know your availability.",
        "Your mortgage application is progressing. Could we schedule a phone call to go "
        "through the documents? Let me know what times work for you.",
    ],
)
def test_role_talk_without_an_invitation(body: str) -> None:
    raw = inline("From: r@acme.example\nTo: alex@example.org\nSubject: Hello", body)
    v = classify(read_message(raw), identity=USER)
    assert v.category is not Category.INVITATION, v.reasons


@pytest.mark.parametrize(
    ("subject", "body"),
    [
        # no word for interview: coming in to meet the people who hire, and a time asked
        (
            "Your resume",
            "Thanks for sending your resume. Could you come in and meet our plant manager and "
            "two of the shift leads? Let me know a day next week that suits you.",
        ),
        (
            "Analyst spot",
            "We're adding two analysts on the gas desk and I told my boss about you. Why don't "
            "you come over and talk with a few of us? Which dates are good for you?",
        ),
        (
            "Ihre Bewerbung",
            "Vielen Dank für Ihre Bewerbung. Wir würden Sie gern bei uns vorbeikommen lassen, "
            "damit Sie das Team kennenlernen. Welche Tage würden Ihnen nächste Woche passen?",
        ),
        (
            "Votre candidature",
            "Merci pour votre candidature. Le directeur souhaiterait que vous veniez nous voir "
            "pour rencontrer l'équipe. Quand seriez-vous disponible la semaine prochaine ?",
        ),
        (
            "Tu candidatura",
            "Gracias por tu candidatura. Nos gustaría que pasaras por la oficina para conocer "
            "al equipo. ¿Cuándo te vendría bien la semana que viene?",
        ),
        # a staffing agency or search firm: the client wants to meet the reader, a time asked
        (
            "Stock controller, temp to perm",
            "My client, a wholesaler in the north end, is looking for a stock controller, temp "
            "to perm. The warehouse manager would like to meet you. Can you be there Monday at "
            "10?",
        ),
        (
            "Zeitarbeit: Lagerleitung",
            "Unser Kunde sucht über unsere Personalvermittlung eine Lagerleitung. Der "
            "Betriebsleiter möchte Sie gerne persönlich kennenlernen. Hätten Sie am Dienstag "
            "Zeit?",
        ),
        (
            "Poste de magasinier",
            "Notre client, un grossiste, recrute un magasinier pour le poste en CDI. Le "
            "responsable souhaite vous rencontrer. Seriez-vous disponible mardi matin ?",
        ),
        (
            "Puesto de almacén",
            "Nuestro cliente busca un mozo de almacén para un puesto fijo. Al jefe de planta le "
            "gustaría conocerte. ¿Tendrías un rato el martes por la mañana?",
        ),
        # after a résumé: come up and meet the manager, asked as "would you be able to"
        (
            "Re: load forecasting",
            "Got your resume, thanks. Would you be able to come up Thursday afternoon, say "
            "2:00, and sit down with me and our GM for an hour?",
        ),
        # office notes of the 2000s: a faculty visit with a research seminar, a search firm's
        # client, a startup's "swing by", a recruiter's phone call, an oral appraisal board
        (
            "Assistant Professor search",
            "On behalf of the search committee I am pleased to invite you to campus for an "
            "interview. The visit includes a research seminar and meetings with the faculty. "
            "Could you send me two or three possible dates in February?",
        ),
        (
            "Tuesday the 14th",
            "John from Ashcombe Trading wants to meet you Tuesday while he's in town: 7:30 "
            "breakfast or 5:30 after the close. Let me know which.\n\nPhil\nGarrick Search "
            "Associates",
        ),
        (
            "hey",
            "we're a 12 person shop and we need 2 more backend engineers. any chance you want "
            "to swing by thurs or fri and meet the team? lmk",
        ),
        (
            "quick call w/ Northgate?",
            "Dan is hiring the network planning manager at Northgate and wants to do a 20-30 "
            "min phone call first. He has Tuesday between 2 and 4 or Thursday morning. Which "
            "window works?",
        ),
        (
            "Civil Engineer II - Exam 26-114",
            "You passed the written examination and are invited to appear before an Oral "
            "Appraisal Board on March 3. Please call by February 24 to reserve one of these "
            "times: 9:00, 10:00, 11:00.",
        ),
        (
            "Campus interviews: first round",
            "You have been selected for a first round interview on campus on October 24. You "
            "must sign up for an interview time in the career system by Friday.",
        ),
        # a search firm's client, the verb at the end; a time asked as "wären Sie verfügbar"
        (
            "Ihre Kandidatur – Leitung Einkauf",
            "Wie besprochen habe ich Ihr Dossier unserem Mandanten vorgestellt. Ich freue mich, "
            "dass er Sie gerne persönlich kennenlernen möchte. Wären Sie am Dienstag, 14. "
            "November, um "
            "14.00 Uhr oder am Donnerstag, 16. November, um 9.30 Uhr verfügbar?",
        ),
        # the next step agreed on the phone, the time still to book
        (
            "Next step: technical screen",
            "Great speaking with you on Friday! As promised, here's the link to book your "
            "technical screen with one of our engineers: https://jobs.example.com/s/4e1b. "
            "It'd be great if you could grab a slot by Friday.",
        ),
        # Argentine Spanish: voseo
        (
            "¿charlamos?",
            "Vi que te postulaste a la búsqueda de Data Engineer. ¿Te copa que charlemos un "
            "rato esta semana por Meet? ¿Tenés un hueco el jueves o el viernes a la tarde?",
        ),
        # invitations to meet the team in everyday words, in German and Spanish
        (
            "Kaffee mit dem Team?",
            "Danke für deinen Lebenslauf! Hast du Lust, nächste Woche bei uns im Büro "
            "vorbeizukommen? Du lernst Jonas und Mia aus dem Team kennen. Dienstag oder "
            "Donnerstag ab 15 Uhr würde passen.",
        ),
        (
            "¿Te pasas a conocernos?",
            "Gracias por el portfolio. Estamos buscando a alguien que lleve el diseño de la "
            "app. ¿Te apetece pasarte a conocernos por la oficina la semana que viene? El "
            "martes o el miércoles por la tarde nos iría bien.",
        ),
        # a job board's booking page for a call with the selection team
        (
            "Reserva tu llamada",
            "Gracias por inscribirte en la oferta de Dependiente (Murcia). El siguiente paso "
            "es una llamada de 15 minutos con nuestro equipo de selección. Reserva el hueco "
            "que prefieras: https://empleo.example.es/agenda/4f2a",
        ),
        # a next round, opened with thanks for the last conversation
        (
            "Next steps: your technical interview",
            "Thanks for taking the time to speak with me last week. We'd like to move you "
            "forward to a technical interview for the Backend Engineer role. Please select a "
            "time that works for you: https://jobs.example.com/schedule/7c1e",
        ),
        # the hiring manager's own free time, in a message about the reader's application
        (
            "Your application: Warehouse Lead",
            "I'm the hiring manager for the Warehouse Lead role and your application just came "
            "through. Can you do a quick chat Thursday? I'm free anywhere between 2 and 5pm.",
        ),
        # a one-way video interview with a tip; a design studio as the place to come to
        (
            "Completa tu videoentrevista",
            "Gracias por tu interés en trabajar con nosotros. Te invitamos a completar una "
            "videoentrevista online antes del domingo. Consejo: busca un sitio tranquilo.",
        ),
        (
            "Tu portfolio",
            "Soy directora de arte en Estudio Norte. Buscamos a alguien para reforzar el "
            "equipo. ¿Te vendría bien pasarte por nuestro estudio el martes para conocer al "
            "equipo?",
        ),
        # a first round on campus, with a slot to sign up for; a public employer's oral board
        (
            "First round selection",
            "Thank you for submitting your resume. You have been selected for a first round "
            "interview when our team visits campus. Please sign up for a time slot on the "
            "scheduling page by Friday.",
        ),
        (
            "Warehouse Supervisor (Recruitment #26-014)",
            "Based on your written test, you are invited to appear before an oral board on "
            "May 4 or 5. Please call us by April 28 to reserve one of the following times: "
            "9:00, 10:00, 11:00.",
        ),
        # the hiring side's "him" is the interviewer, not another candidate
        (
            "Re: your resume",
            "I sent your resume to my client. Their head of sales wants to get you in to meet "
            "him. What days do you have open next week?",
        ),
    ],
)
def test_meeting_the_people_who_hire_is_an_interview(subject: str, body: str) -> None:
    raw = inline(f"From: r@acme.example\nTo: alex@example.org\nSubject: {subject}", body)
    v = classify(read_message(raw), identity=USER)
    assert v.category is Category.INVITATION, v.reasons


@pytest.mark.parametrize(
    ("subject", "body"),
    [
        # a neighbour's visit: no job at all
        (
            "Saturday",
            "Come over and meet the new puppy on Saturday! Which dates are good for you?",
        ),
        # a candidate's visit arranged for someone else: the reader is the colleague
        (
            "Candidate visit",
            "The candidate is coming in on Thursday to meet our team for the analyst opening. "
            "Can you meet with him at 2pm?",
        ),
        # the reader is asked to arrange someone's interview, the person named first (de)
        (
            "Termin mit Herrn Yilmaz",
            "Kannst du bitte mit Herrn Yilmaz (Bewerbung als Lagerist) ein "
            "Vorstellungsgespräch vereinbaren? Am besten Dienstag oder Mittwoch vormittags.",
        ),
        # a colleague asked to arrange her second interview, in the imperative (de)
        (
            "Frau Brandt – zweites Gespräch",
            "Frau Brandt hat im ersten Gespräch überzeugt. Bitte vereinbaren Sie einen Termin "
            "mit ihr für ein zweites Gespräch mit mir, möglichst vor Ostern.",
        ),
        # an appraisal with the reader's own manager, in four languages
        (
            "Annual review: book your interview",
            "The annual review is open. Please book your interview with your line manager "
            "before 9 February and pick a slot that suits you both.",
        ),
        (
            "Jahresgespräch",
            "Bitte vereinbare dein Gespräch mit deiner Führungskraft bis zum 9. Februar. "
            "Wähle einen Termin, der euch beiden passt.",
        ),
        (
            "Campagne d'entretiens",
            "La campagne est ouverte : réservez votre entretien avec votre manager avant le 9 "
            "février, sur un créneau qui vous convient.",
        ),
        (
            "Evaluación anual: reserva tu entrevista",
            "Ya está abierta la evaluación anual. Reserva tu entrevista con tu responsable "
            "antes del 9 de febrero en el horario que os venga bien.",
        ),
        # rejections that name the chosen candidate, in four languages
        (
            "Your application",
            "Thank you for the interview last week. We have decided to move forward with a "
            "candidate whose experience is closer to the role. Let me know if we may keep "
            "your details.",
        ),
        (
            "Ihre Bewerbung",
            "Vielen Dank für das Gespräch. Wir haben uns für eine Bewerberin entschieden, die "
            "schon in der Region arbeitet. Geben Sie mir Bescheid, ob wir Ihre Unterlagen "
            "behalten dürfen.",
        ),
        (
            "Votre candidature",
            "Merci pour l'entretien. Nous avons retenu une autre candidate pour ce poste. "
            "Dites-moi si nous pouvons garder votre CV.",
        ),
        (
            "Tu candidatura",
            "Gracias por la entrevista. Hemos decidido seguir con otra candidata para el "
            "puesto. Dime si podemos guardar tu CV.",
        ),
        # the reader is asked to sit on the hiring side of someone's interview
        (
            "Can you join Thursday?",
            "We have the second interview with Omar Haddad on Thursday at 1pm for the backend "
            "role. Could you sit in on the interview and take the technical part? Let me "
            "know.",
        ),
        (
            "Kannst du beim Interview dabei sein?",
            "Am Donnerstag um 13 Uhr ist das Zweitgespräch mit Elif Kaya. Könntest du beim "
            "Interview am Donnerstag dabei sein und den technischen Teil übernehmen? Sag mir "
            "Bescheid.",
        ),
        (
            "Jury de jeudi",
            "Jeudi à 13h nous recevons une candidate pour le poste d'acheteur. Peux-tu faire "
            "partie du jury ? Dis-moi si le créneau te va.",
        ),
        (
            "Panel del jueves",
            "El jueves a las 13:00 entrevistamos a una candidata para el puesto de compras. "
            "¿Puedes formar parte del panel? Dime si te va bien.",
        ),
        (
            "Onsite for Sam Rivera?",
            "Sam Rivera did well in the screen this morning. Can you set up the onsite loop "
            "for next week? Mornings are best for Sam.",
        ),
        # a move of an agreed interview asked as a question, in French
        (
            "Report de notre entretien de demain",
            "Notre directrice technique, qui devait participer à notre entretien de demain à "
            "10h, est retenue. Serait-il possible de le décaler à vendredi, même heure, ou à "
            "lundi 14h ?",
        ),
        # an appraisal round and an exit interview, in French
        (
            "Campagne des entretiens annuels : votre entretien est à planifier",
            "La campagne des entretiens annuels est ouverte. Votre manager vous proposera un "
            "créneau ; merci de compléter votre auto-évaluation avant l'entretien.",
        ),
        (
            "Entretien de départ",
            "Comme tu quittes l'équipe à la fin du mois, je te propose qu'on fasse ton "
            "entretien de départ. Vendredi 28 à 11h, ça te va ?",
        ),
        # a reporter's and a doctoral researcher's interviews, with a time asked
        (
            "Interview request",
            "I'm writing a piece on how grocers handle the new packaging rules for the business "
            "desk. Would you have 20 minutes tomorrow for a phone interview? My deadline is "
            "Friday.",
        ),
        (
            "Request for participation",
            "I am a doctoral candidate studying how warehouse teams plan shifts. Would you agree "
            "to a recorded interview of about an hour? The Institutional Review Board approved "
            "the study. Please reply with a few times that suit you.",
        ),
        # the reader runs the campus day: the schedule of other people's interviews
        (
            "Oct 12 interview schedule (final)",
            "Below is the closed schedule for your on-campus interviews on Thursday. Resumes "
            "were sent by courier. 9:00 Dana Lee, 9:45 Omar Haddad, 10:30 Ines Roth.",
        ),
        # an evening for many, not an interview
        (
            "Careers evening",
            "Join our careers evening to meet our engineers and hear about open roles. "
            "Register now.",
        ),
        # the reader is asked to arrange someone else's interview, in four languages
        (
            "Interview",
            "Could you set up an interview with Dana Whitlock for the buyer opening? Her CV "
            "is attached. Thursday or Friday morning would suit me.",
        ),
        (
            "Gespräch",
            "Kannst du bitte ein Vorstellungsgespräch mit Frau Brandt für die Stelle im Lager "
            "vereinbaren? Donnerstag oder Freitag vormittags passt mir.",
        ),
        (
            "Entretien",
            "Peux-tu organiser un entretien avec M. Lefort pour le poste de comptable ? Mardi "
            "ou mercredi matin, avec moi.",
        ),
        (
            "Entrevista",
            "¿Puedes coordinar una entrevista con Marta Gil para el puesto de almacén? Mejor "
            "el jueves o el viernes por la mañana.",
        ),
        # a candidate booked a slot: the notice goes to the recruiter
        (
            "Neue Buchung",
            "Jonas Weber hat einen Termin für sein Vorstellungsgespräch gebucht: Dienstag, "
            "10:00 Uhr. Stelle: Buchhalter (m/w/d).",
        ),
        # the candidate asks to move the interview the two of them have
        (
            "Our interview on Thursday",
            "Something came up at work. Would it be possible to move our interview from "
            "Thursday 10am to Friday? I am still very interested in the position.",
        ),
        # a webinar about interviews, sent as a calendar title in the subject
        (
            "Webinar: acing your job interview",
            "Join our free webinar on interview technique for job seekers on Tuesday at 18:00. "
            "Would this time work for you? Accept the invitation to save your seat.",
        ),
        # a turn-down that offers a feedback call
        (
            "Your application",
            "Thank you for taking the time to interview with us for the Controller role. On "
            "this occasion we have decided to offer the position to another candidate. We "
            "would be happy to arrange a short call to share feedback.",
        ),
        # a talent pool joined
        (
            "Willkommen im Talentpool",
            "Danke für Ihre Bewerbung. Wir haben Ihr Profil in unseren Talentpool aufgenommen. "
            "Sobald eine passende Stelle frei wird, melden wir uns.",
        ),
    ],
)
def test_meeting_words_without_an_invitation(subject: str, body: str) -> None:
    raw = inline(f"From: r@acme.example\nTo: alex@example.org\nSubject: {subject}", body)
    v = classify(read_message(raw), identity=USER)
    assert v.category is not Category.INVITATION, v.reasons


@pytest.mark.parametrize(
    ("subject", "body", "quoted"),
    [
        (
            "RE: Senior Accountant position",
            "Unfortunately Frank is out on Monday after all. Could you do Wednesday the 27th "
            "at 10:00 instead?",
            "Thank you for getting back to me. Monday the 25th is best for me, any time after "
            "10.\n\n> Frank, our Controller, would like to meet with you about the Senior "
            "Accountant opening. When are you available next week?",
        ),
        (
            "AW: Ihre Bewerbung als Lagerist",
            "Kein Problem. Dann schlage ich Donnerstag, den 12. Oktober, um 16:30 Uhr vor.",
            "Vielen Dank für die Einladung zum Vorstellungsgespräch am Montag. Leider habe ich "
            "an dem Tag Frühschicht. Wäre ein anderer Termin möglich?",
        ),
        (
            "RE: Votre candidature",
            "Pas de souci. Pourriez-vous jeudi 12 octobre à 16h30 ?",
            "Merci pour votre invitation à l'entretien de lundi. Malheureusement je travaille "
            "ce jour-là. Un autre jour serait-il possible ?",
        ),
        (
            "RE: Tu candidatura",
            "No pasa nada. ¿Te iría bien el jueves 12 de octubre a las 16:30?",
            "Gracias por la invitación a la entrevista del lunes. Ese día trabajo hasta las "
            "14:00. ¿Sería posible otro día?",
        ),
    ],
)
def test_a_new_time_for_an_interview_named_only_in_the_thread(
    subject: str, body: str, quoted: str
) -> None:
    # the hiring side answers the candidate's refusal or offer with a time of its own:
    # the interview is still being proposed
    quote = "\n".join(f"> {line}" for line in quoted.split("\n"))
    raw = inline(
        f"From: r@acme.example\nTo: alex@example.org\nSubject: {subject}",
        f"{body}\n\nOn Monday, Alex Example wrote:\n{quote}\n",
    )
    v = classify(read_message(raw), identity=USER)
    assert v.category is Category.INVITATION, v.reasons


def test_quoted_interview_needs_a_change_or_confirmation_in_the_reply() -> None:
    quoted = "> Could you send a few times that work for an interview next week?\n"
    raw = inline(
        "From: o@acme.example\nTo: alex@example.org\nSubject: Re: Hello",
        "Thanks, noted.\n\nOn Mon, Omar wrote:\n" + quoted,
    )
    assert classify(read_message(raw), identity=USER).category is not Category.INVITATION
    raw = inline(
        "From: o@acme.example\nTo: alex@example.org\nSubject: Re: Hello",
        "Great, you're booked for Tuesday at 3pm.\n\nOn Mon, Omar wrote:\n" + quoted,
    )
    assert classify(read_message(raw), identity=USER).category is Category.INTERVIEW_RELATED


def test_user_mail_needs_identity() -> None:
    assert verdict("en-user-own-mail")[0] is Category.INTERVIEW_RELATED
    # Without an identity the recogniser cannot know; it is still not an invitation.
    assert verdict("en-user-own-mail", identity=None)[0] is not Category.INVITATION


def test_calendar_organised_by_the_user_is_not_an_invitation() -> None:
    (path,) = FIXTURES.glob("*/en-calendar-request-only.eml")
    organiser = Identity(name="Jonas", email="jonas.hart@kestrel-robotics.com")
    v = classify(read_message(path.read_bytes()), identity=organiser)
    assert v.category is Category.INTERVIEW_RELATED


@pytest.mark.parametrize(
    ("name", "lang"),
    [
        ("de-einladung-termine", "de"),
        ("de-du-startup-link", "de"),
        ("fr-invitation-creneaux", "fr"),
        ("fr-convocation-formelle", "fr"),
        ("es-invitacion-horarios", "es"),
        ("es-mexico-formal", "es"),
    ],
)
def test_languages(name: str, lang: str) -> None:
    assert verdict(name)[0] is Category.INVITATION, lang


def test_quoted_invitation_under_confirmation_is_judged_by_newest_part() -> None:
    assert verdict("en-confirmation-quoted-invitation")[0] is Category.INTERVIEW_RELATED
    # The reverse: a fresh invitation above the user's own quoted mail.
    assert verdict("en-reply-from-recruiter-above-user-quote")[0] is Category.INVITATION


@pytest.mark.parametrize(
    "name",
    [
        "en-forwarded-by-agency",
        "en-outlook-forward-fw",
        "de-agentur-weiterleitung",
        "fr-transfert-cabinet",
        "es-reenviado-consultora",
    ],
)
def test_forwarded_invitation(name: str) -> None:
    assert verdict(name)[0] is Category.INVITATION


def test_html_only_and_calendar_only() -> None:
    assert verdict("en-calendly-link-html-only")[0] is Category.INVITATION
    assert verdict("en-calendar-request-only")[0] is Category.INVITATION
    assert verdict("en-team-meeting-invite")[0] is Category.NOT_INVITATION


def test_conditional_promise_versus_invitation() -> None:
    base = "From: r@acme.example\nTo: alex@example.org\nSubject: Your application"
    promise = (
        "Thank you for your application for the Analyst role. If your profile matches, "
        "a recruiter will contact you to schedule an interview."
    )
    invite = (
        "Thank you for your application for the Analyst role. We would like to invite "
        "you to an interview. Are you available on Tuesday?"
    )
    assert classify(read_message(inline(base, promise))).category is Category.NOT_INVITATION
    assert classify(read_message(inline(base, invite))).category is Category.INVITATION


def test_reminder_of_an_unscheduled_invitation_is_an_invitation() -> None:
    assert verdict("en-reminder-not-yet-scheduled")[0] is Category.INVITATION
    assert verdict("en-reminder-tomorrow")[0] is Category.INTERVIEW_RELATED


def test_hostile_subject_header_is_classified_without_error() -> None:
    raw = inline(
        "From: =?UTF-8?Q?R=0ABcc:_x@evil.example?= <r@acme.example>\n"
        "Subject: =?UTF-8?Q?Interview=0ABcc:_attacker@evil.example?=",
        "We would like to invite you to an interview for the Analyst position. "
        "What is your availability?",
    )
    v = classify(read_message(raw))
    assert v.category is Category.INVITATION


# ------------------------------------------------------------------ header check


@pytest.mark.parametrize(
    ("headers", "expected"),
    [
        ("From: a@acme.example\nSubject: Interview", True),
        ("From: no-reply@greenhouse.io\nList-Unsubscribe: <mailto:u@x>\nPrecedence: bulk", True),
        ("From: x@acme.example\nAuto-Submitted: auto-generated", True),
        ("From: x@acme.example\nAuto-Submitted: auto-replied", False),
        ("From: MAILER-DAEMON@mx.example\nContent-Type: multipart/report; report-type=x", False),
        ("From: owner-jobs@lists.example\nSubject: x", False),
        ("From: x@lists.example\nList-Post: <mailto:list@lists.example>", False),
        ("From: x@acme.example\nSubject: Out of Office: Interview", False),
        ("From: x@acme.example\nSubject: Abwesenheitsnotiz: Ihre Bewerbung", False),
        ("From: x@acme.example\nSubject: Réponse automatique : entretien", False),
    ],
)
def test_header_candidate(headers: str, expected: bool) -> None:
    assert header_candidate(read_headers(inline(headers, ""))) is expected


def test_header_candidate_on_fixture_headers() -> None:
    # No invitation fixture is excluded by its headers alone.
    for path in FIXTURES.glob("invitation/*.eml"):
        assert header_candidate(read_headers(path.read_bytes())), path.name


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://calendly.com/jane/30min", True),
        ("https://app.greenhouse.io/schedule/x", True),
        ("https://boards.greenhouse.io/acme/jobs/123", False),
        ("https://jobs.lever.co/acme/123", False),
        ("https://hire.lever.co/candidate/availability/abc", True),
        ("https://acme.wd3.myworkdayjobs.com/Careers/job/123", False),
        ("https://calendly.com.evil.example/x", False),
        ("not a url", False),
    ],
)
def test_scheduling_links(url: str, expected: bool) -> None:
    assert is_scheduling_link(url) is expected


@pytest.mark.parametrize(
    ("address", "expected"),
    [
        ("no-reply@greenhouse.io", True),
        ("noreply@personio.de", True),
        ("do-not-reply@acme.example", True),
        ("notifications@goodtime.io", True),
        ("priya.raman@northwind.example", False),
        ("noreen@acme.example", False),
    ],
)
def test_is_noreply(address: str, expected: bool) -> None:
    assert is_noreply(address) is expected


# ---------------------------------------------------------------------- property


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=3000))
def test_classify_never_raises_on_bytes(raw: bytes) -> None:
    v = classify(read_message(raw), identity=USER)
    assert isinstance(v.category, Category)
    assert v.reasons


words = st.sampled_from(
    [
        "interview",
        "invite",
        "you",
        "availability",
        "schedule",
        "position",
        "your",
        "application",
        "Vorstellungsgespräch",
        "einladen",
        "entretien",
        "disponibilités",
        "entrevista",
        "disponibilidad",
        "if",
        "unfortunately",
        "confirmed",
        "reschedule",
        "https://calendly.com/x",
        "Tuesday 10:00",
        "?",
        ".",
        "\n",
        "> ",
        "On Mon wrote:",
    ]
)


@settings(max_examples=300, deadline=None)
@given(st.lists(words, max_size=80), st.text(max_size=60))
def test_classify_never_raises_on_text(body: list[str], subject: str) -> None:
    raw = inline(
        f"From: r@acme.example\nSubject: {subject.replace(chr(10), ' ').replace(chr(13), ' ')}",
        " ".join(body),
    )
    v = classify(read_message(raw), identity=USER)
    assert isinstance(v.score, float | int)


@pytest.mark.parametrize(
    ("subject", "body"),
    [
        (
            "Interview - Analyst",
            "Thanks for your application for the Analyst position. We would like to invite "
            "you to an interview. Please pick a time: https://calendly.com/acme/interview. "
            "You can reschedule at any time with the same link.",
        ),
        (
            "Interview - Analyst",
            "Thanks for your application for the Analyst role. The interview is scheduled "
            "for 45 minutes. Are you available on Tuesday or Wednesday?",
        ),
        # Beyond the four supported languages, the common words are known too.
        (
            "Colloquio di lavoro",
            "Gentile Alex, grazie per la sua candidatura per la posizione di analista. "
            "Vorremmo invitarla a un colloquio. Ci può indicare la sua disponibilità?",
        ),
        (
            "Sollicitatiegesprek",
            "Beste Alex, bedankt voor je sollicitatie. We willen je graag uitnodigen voor een "
            "sollicitatiegesprek. Wat is je beschikbaarheid volgende week?",
        ),
        (
            "Entrevista de emprego",
            "Olá Alex, obrigado pela sua candidatura à vaga de analista. Gostaríamos de "
            "convidá-lo para uma entrevista. Qual a sua disponibilidade?",
        ),
    ],
)
def test_invitations_with_options_and_other_languages(subject: str, body: str) -> None:
    raw = inline(
        f"From: r@acme.example\nTo: alex@example.org\nSubject: {subject}\n"
        'Content-Type: text/plain; charset="utf-8"',
        body,
    )
    v = classify(read_message(raw), identity=USER)
    assert v.category is Category.INVITATION, v.reasons


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        # A call whose topic is a named job is a screening call, in each language.
        (
            "Hey Alex, got 15 min tomorrow at 4pm for a call about the Staff Engineer position?",
            True,
        ),
        (
            "Alex - any chance you're around for a phone call Thursday re: the ops manager job?",
            True,
        ),
        (
            "Hallo Alex, passt dir Freitag 11 Uhr für ein kurzes Telefonat wegen deiner Bewerbung?",
            True,
        ),
        ("Hi Alex, hast du morgen um 10 Uhr Zeit für ein Telefonat wegen der Stelle? Max", True),
        (
            "Hola Alex, ¿tienes un hueco el jueves a las 11:00 para una llamada sobre la vacante?",
            True,
        ),
        (
            "Dear Applicant, you are invited to an interview for the post of Lecturer. Kindly "
            "confirm your availability.",
            True,
        ),
        # The same shapes without a job as the topic, or with a vendor's demo.
        ("Hey Alex, free for a call Tue 3pm re the budget? - Jo", False),
        (
            "Hi Alex, can we hop on a call Thursday about the position of the new office desks?",
            False,
        ),
        (
            "Hi Alex, would you be free for a chat on Thursday at 5pm about your career goals?",
            False,
        ),
        (
            "Hi Alex, are you free for a quick call Tuesday about the roles your team is hiring "
            "for? Book a demo: https://calendly.com/x",
            False,
        ),
        (
            "Hi Alex, your application is with the hiring manager; we'll be in touch to arrange "
            "interviews if you're shortlisted.",
            False,
        ),
    ],
)
def test_calls_about_a_named_role(body: str, expected: bool) -> None:
    raw = inline("From: r@acme.example\nTo: alex@example.org\nSubject: Hello", body)
    v = classify(read_message(raw), identity=USER)
    assert (v.category is Category.INVITATION) is expected, v.reasons


# ------------------------------------------------------- rules from the sixth batch


def _judge(body: str, *, subject: str = "Hello", identity: Identity | None = USER) -> Verdict:
    raw = inline(
        f"From: Kim Lee <kim@northwind.example>\nTo: alex@example.org\nSubject: {subject}\n"
        "MIME-Version: 1.0\nContent-Type: text/plain; charset=utf-8",
        body,
    )
    return classify(read_message(raw), identity=identity)


@pytest.mark.parametrize(
    ("subject", "body"),
    [
        # a later round named without the word interview, times asked for two sentences on
        (
            "Re: Buyer - next steps",
            "It was great to hear about your sourcing work. We would like to move you forward "
            "to the final round with our COO. It takes an hour. Could you share a few times "
            "that suit you next week?",
        ),
        (
            "Next round",
            "We'd love to invite you to the next round - could you share your availability "
            "for Thursday or Friday?",
        ),
        # a day proposed as a question in a reply about the user's application for a title
        (
            "Re: Application - Office Administrator",
            "Glad you are still keen! How about Thursday at 2pm for a first chat with Sam and "
            "me? Whichever suits you.",
        ),
        # a long German verb bracket, and a request to confirm is not a confirmation
        (
            "Ihre Bewerbung",
            "Wir laden Sie aufgrund Ihrer überzeugenden Unterlagen zu einem "
            "Vorstellungsgespräch am Freitag, dem 21. März, um 11.00 Uhr in unsere "
            "Hauptverwaltung in Kassel ein. Wir bitten um kurze Bestätigung des Termins.",
        ),
        # "ein erstes Kennenlernen" and "such dir einen Slot aus"
        (
            "Deine Bewerbung",
            "Danke für deine Bewerbung als Werkstudentin! Wir würden gern ein erstes "
            "Kennenlernen per Video mit dir machen. Such dir einfach einen passenden Slot aus.",
        ),
        # a client wants to meet the user; the time offered in the next sentence
        (
            "Position Leitung Einkauf",
            "Mein Mandant möchte Sie gern persönlich kennenlernen. Wäre Ihnen der Montag um "
            "9 Uhr recht?",
        ),
        # calling the user about the application (fr), availability asked in the next sentence
        (
            "Ta candidature",
            "Merci pour ta candidature pour le poste de comptable. On aimerait bien t'appeler "
            "pour en parler. Tu es dispo quand cette semaine ?",
        ),
        # Spanish: "qué disponibilidad tienes", a client wants to meet the user
        (
            "Proceso de selección",
            "Nuestro cliente quiere conocerte para el puesto de analista. ¿Qué disponibilidad "
            "tienes esta semana para una entrevista?",
        ),
    ],
)
def test_sixth_batch_invitations(subject: str, body: str) -> None:
    v = _judge(body, subject=subject)
    assert v.category is Category.INVITATION, v.reasons


def test_calendar_request_titled_as_an_interview_needs_no_name() -> None:
    """The SUMMARY names the interview; the user's name is not needed to see it."""
    (path,) = FIXTURES.glob("*/h6-en-calendar-only-sparse.eml")
    anonymous = Identity(name="", email="alex@example.org")
    v = classify(read_message(path.read_bytes()), identity=anonymous)
    assert v.category is Category.INVITATION, v.reasons
    assert any("calendar request" in r for r in v.reasons), v.reasons


@pytest.mark.parametrize(
    ("subject", "body", "category", "reason"),
    [
        (
            "Offboarding",
            "Before your last day we would like to schedule your exit interview. Which time "
            "suits you?",
            Category.NOT_INVITATION,
            "no job interview is mentioned",
        ),
        (
            "Jahresgespräch",
            "Ich würde gern unser Mitarbeitergespräch mit dir führen. Wann passt es dir?",
            Category.NOT_INVITATION,
            "no job interview is mentioned",
        ),
        (
            "You're invited: Autumn Job Fair",
            "Meet 30 employers at the job fair on Tuesday 14 October at 10am. Bring your CV "
            "and join on-the-spot interviews for open positions.",
            Category.NOT_INVITATION,
            "event",
        ),
        (
            "Candidatura",
            "Gracias por tu tiempo en la entrevista para el puesto. Lamentamos comunicarte "
            "que hemos decidido continuar con otra candidatura.",
            Category.NOT_INVITATION,
            "rejection",
        ),
        (
            "Votre candidature",
            "Merci pour notre entretien. Malheureusement, le client a choisi un autre profil "
            "pour le poste.",
            Category.NOT_INVITATION,
            "rejection",
        ),
        (
            "Newsletter",
            "Seven questions to ask at the end of your interview, and how to follow up with a "
            "recruiter who asks for your availability.",
            Category.NOT_INVITATION,
            "advice",
        ),
        (
            "Termin",
            "Leider müssen wir den vereinbarten Gesprächstermin am Mittwoch aus "
            "organisatorischen Gründen kurzfristig absagen.",
            Category.INTERVIEW_RELATED,
            "cancellation",
        ),
        (
            "Monday",
            "Ahead of your onsite on Monday, the schedule and your interviewers are attached. "
            "Parking is on 2nd Street.",
            Category.INTERVIEW_RELATED,
            "agreed earlier",
        ),
        (
            "Re: interview",
            "Thanks for your time on the phone today - as agreed, see you Thursday at 10am for "
            "the interview.",
            Category.INTERVIEW_RELATED,
            "agreed",
        ),
        (
            "Gespräch Teamleitung",
            "Wie telefonisch besprochen treffen wir uns am Dienstag um 10 Uhr zum "
            "Vorstellungsgespräch in unserem Büro.",
            Category.INTERVIEW_RELATED,
            "agreed earlier",
        ),
    ],
)
def test_sixth_batch_non_invitations(
    subject: str, body: str, category: Category, reason: str
) -> None:
    v = _judge(body, subject=subject)
    assert v.category is category, v.reasons
    assert any(reason in r for r in v.reasons), v.reasons


def test_announced_on_the_phone_is_not_agreed() -> None:
    """'wie telefonisch angekündigt' announces the invitation; only 'besprochen' agrees a time."""
    v = _judge(
        "Wie telefonisch angekündigt laden wir Sie zu einem Vorstellungsgespräch für die "
        "Stelle ein. Bitte nennen Sie uns zwei Termine in der nächsten Woche.",
        subject="Einladung",
    )
    assert v.category is Category.INVITATION, v.reasons


def test_colleagues_meeting_request_without_an_interview_title_is_a_meeting() -> None:
    raw = (
        b"From: Dana Roe <dana@example.org>\r\nTo: alex@example.org\r\nSubject: Invitation: "
        b"Roadmap sync\r\nMIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=b\r\n\r\n"
        b"--b\r\nContent-Type: text/plain\r\n\r\nAgenda: roadmap and the interview loops for "
        b"the hiring plan.\r\n--b\r\nContent-Type: text/calendar; method=REQUEST\r\n\r\n"
        b"BEGIN:VCALENDAR\r\nMETHOD:REQUEST\r\nBEGIN:VEVENT\r\nUID:r1@example.org\r\n"
        b"SUMMARY:Roadmap sync\r\nDTSTART:20250312T100000Z\r\n"
        b"ORGANIZER:mailto:dana@example.org\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n--b--\r\n"
    )
    v = classify(read_message(raw), identity=USER)
    assert v.category is Category.NOT_INVITATION, v.reasons
    assert any("ordinary meeting" in r for r in v.reasons), v.reasons


@pytest.mark.parametrize(
    ("subject", "body", "category"),
    [
        (
            "Wohnungsbesichtigung",
            "Hallo, danke für Ihre Bewerbung um die Wohnung. Hätten Sie am Samstag Zeit?",
            Category.NOT_INVITATION,
        ),
        (
            "Question for a Product Manager",
            "Hi Alex, do you have some time this week for a quick call? I'd love to show you"
            " how Planwise helps teams ship.",
            Category.NOT_INVITATION,
        ),
        (
            "Your application - next step",
            "Hi Alex, you've been invited to the next step: an online coding assessment."
            " Select a time slot to take it.",
            Category.NOT_INVITATION,
        ),
        (
            "Re: Vacante Project Manager",
            "Hola Alex, ¿tendrías 15 minutos mañana para una llamada rápida? Dime qué hora te"
            " viene bien.",
            Category.INVITATION,
        ),
        (
            "Re: Product Designer",
            "Great - how does Tuesday at 2pm look for a 30 minute call with me and our design"
            " lead?",
            Category.INVITATION,
        ),
        (
            "Data Scientist opportunity",
            "Hi Alex, thanks for replying. Let's set up a call - are you free tomorrow between"
            " 1 and 4pm ET?",
            Category.INVITATION,
        ),
        (
            "Acme wants to interview you",
            "Acme has requested an interview with you for the Warehouse Associate job. Please"
            " respond with your availability.",
            Category.INVITATION,
        ),
        (
            "Next steps with Acme",
            "Hi Alex, we'd like to schedule you for an onsite with the team. Please send over a"
            " few dates that work in the next two weeks.",
            Category.INVITATION,
        ),
        (
            "Re: Engineer role",
            "Sounds good! Calendly link: https://calendly.com/sam-acme/30min - grab whatever"
            " works.",
            Category.INVITATION,
        ),
        (
            "Servus Alex",
            "Servus Alex, magst du nächste Woche auf einen Kaffee vorbeikommen? Wir würden dich"
            " gern für die Stelle als Entwickler kennenlernen. Sag mir einfach, wann es dir passt.",
            Category.INVITATION,
        ),
        (
            "Rencontre",
            "Bonjour Alex, j'ai bien reçu ton CV pour le poste de serveur. Tu peux passer au"
            " restaurant mardi à 15h pour qu'on discute ?",
            Category.INVITATION,
        ),
        (
            "Postulación",
            "Hola Alex, recibimos tu postulación para el cargo de Ejecutivo Comercial. ¿Podemos"
            " agendar una videollamada esta semana? Te envío el link para que elijas horario.",
            Category.INVITATION,
        ),
        (
            "Application - Graduate Scheme",
            "Dear Alex, We are pleased to invite you to our assessment centre on 12 April."
            " Please confirm whether you are able to attend.",
            Category.INVITATION,
        ),
        (
            "Mentoring",
            "Hi Alex, your mentor has opened her calendar for the programme:"
            " https://calendly.com/mentor-jo/30min",
            Category.NOT_INVITATION,
        ),
        (
            "Informational interview?",
            "Hi Alex, I'm exploring careers in data engineering. Would you be open to a"
            " 20-minute informational interview next week? Are you free Tuesday?",
            Category.NOT_INVITATION,
        ),
        (
            "Board position",
            "Hi Alex, we'd love to talk to you about joining our nonprofit board as treasurer."
            " Are you free for a call next week?",
            Category.NOT_INVITATION,
        ),
        (
            "Candidate for your Backend Engineer role",
            "Hi Alex, I have a strong candidate for your Backend Engineer role. Do you have time"
            " for a quick call this week to discuss her profile?",
            Category.INTERVIEW_RELATED,
        ),
        (
            "Re: Senior Accountant",
            "Dear Alex, thank you for your interest. Would you be available to come in for a"
            " chat on Wednesday at 2pm? Kind regards, Helen, HR",
            Category.INVITATION,
        ),
    ],
)
def test_named_job_and_a_request_for_time(subject: str, body: str, category: Category) -> None:
    raw = inline(
        f"From: r@acme.example\nTo: alex@example.org\nSubject: {subject}\n"
        'Content-Type: text/plain; charset="utf-8"',
        body,
    )
    assert classify(read_message(raw), identity=USER).category is category


@pytest.mark.parametrize(
    ("subject", "body"),
    [
        # an interview offered to the user, the job named only as a British "post"
        (
            "Interview",
            "Dear Alex, we would like to offer you an interview for the post of Administrative "
            "Assistant on Monday 10th March at 11am. Please let us know if you can attend.",
        ),
        # an interview with no hiring word at all, the user asked in for it
        (
            "Interview with Acme",
            "Hi Alex, the team would love to have you in for an interview. Could you make "
            "Wednesday 3pm or Thursday 10am?",
        ),
        # "a time to talk" about the user's resume
        (
            "Following up",
            "Hi Alex, I reviewed your resume for our Senior Accountant opening and would like "
            "to schedule a time to talk. What does your availability look like this week?",
        ),
        # a length between the adjective and the call
        (
            "Next steps - Data Analyst",
            "Thanks for applying for the Data Analyst role. I'd love to set up an initial 30 "
            "minute phone call. Would any of these work: Wednesday 10:00 or Thursday 11:00?",
        ),
        # minutes asked for about a named application, no word for a call
        (
            "Re: Application - Product Designer",
            "Hey Alex, your portfolio came across my desk. Could we grab 45 minutes this week "
            "so I can walk you through what we're building?",
        ),
        (
            "Entretien",
            "Bonjour Alex, je vous propose un entretien le jeudi 13 mars à 10h. Merci de me "
            "confirmer votre présence.",
        ),
        (
            "Entrevista",
            "Hola Alex, te proponemos una entrevista el lunes a las 9:00. ¿Te viene bien?",
        ),
        (
            "Abschlussgespräch",
            "Guten Tag, wir möchten Sie zu einem abschließenden Gespräch mit unserem "
            "Geschäftsführer einladen. Folgende Termine: Montag, 24.03., 14:00 Uhr oder "
            "Dienstag, 25.03., 9:30 Uhr.",
        ),
        (
            "Ihre Bewerbung",
            "Hallo, wir würden gerne in einem ersten Telefonat mehr über Sie erfahren. Hätten "
            "Sie am Donnerstag zwischen 9 und 12 Uhr oder am Freitagnachmittag Zeit?",
        ),
        # a day asked about in a reply whose quoted part names the job
        (
            "Re: Frontend Developer",
            "Sounds great Alex. How's Tuesday at 11 for a quick video chat with me and our "
            "lead dev?\n\nOn Mon, Sam wrote:\n> Thanks for considering my application for the "
            "Frontend Developer role.",
        ),
        (
            "Alex, let's connect",
            "Hi Alex, I'm leading hiring for our Sales team and your background matches the "
            "Enterprise AE opening you applied to. Can we connect for 30 minutes this week?",
        ),
        # "invited to interview": the user is the one interviewed
        (
            "Interview invite: Acme",
            "You're invited to interview with Acme for Customer Support Specialist. Choose a "
            "time that works for you.",
        ),
        # an interview format only hiring uses
        (
            "Next stage",
            "Dear Alex, you have progressed to the next stage. This will be a 1 hour competency "
            "based interview via Teams. Please reply with three dates and times you are "
            "available.",
        ),
        (
            "Ihre Bewerbung als Elektriker",
            "Guten Tag Herr Example, vielen Dank für Ihre Bewerbung. Kommen Sie doch am Montag "
            "um 8 Uhr bei uns im Betrieb vorbei.",
        ),
        (
            "Terminvereinbarung",
            "Sehr geehrter Herr Example, bezugnehmend auf Ihre Bewerbung möchten wir gerne einen "
            "Termin mit Ihnen vereinbaren. Bitte nutzen Sie dazu unser Buchungstool.",
        ),
        (
            "Rencontre",
            "Bonjour Alex, ton profil nous plaît beaucoup pour le poste de data analyst ! On "
            "peut se caler un call cette semaine ? Dis-moi ce qui t'arrange.",
        ),
        (
            "Poste de technicien",
            "Monsieur, votre candidature a retenu notre attention. Nous vous prions de bien "
            "vouloir vous présenter le mercredi 19 mars à 10h à notre agence pour un entretien.",
        ),
        (
            "Proceso",
            "Buenas Alex, te escribo de Acme por tu aplicación a la vacante de QA. Nos gustaría "
            "agendar una llamada contigo.",
        ),
        (
            "Cita",
            "Estimado Sr. Example, en relación con su solicitud de empleo, le rogamos se presente "
            "en nuestras oficinas el día 20 de marzo a las 9:30 para una entrevista personal.",
        ),
        # a formal letter asking for a suitable time
        (
            "Shortlisted",
            "Dear Alex, we are pleased to inform you that you have been shortlisted for the "
            "position of Project Coordinator. The interview panel will sit on 18 March. Kindly "
            "indicate a suitable time between 9am and 4pm.",
        ),
        # a job board relaying an employer's request
        (
            "Acme wants to interview you",
            "Acme has requested an interview with you for Warehouse Associate. Respond to the "
            "request on the job board.",
        ),
        # an application "moved forward" is progress, not a moved slot
        (
            "Marketing Manager - Acme",
            "Your application for Marketing Manager has been moved forward and the hiring "
            "manager would like to set up a call. Are there any times on Tuesday that work?",
        ),
    ],
)
def test_invitations_in_plain_everyday_wording(subject: str, body: str) -> None:
    raw = inline(
        f"From: r@acme.example\nTo: alex@example.org\nSubject: {subject}\n"
        'Content-Type: text/plain; charset="utf-8"',
        body,
    )
    v = classify(read_message(raw), identity=USER)
    assert v.category is Category.INVITATION, v.reasons


def test_not_taking_the_application_further_is_a_rejection() -> None:
    raw = inline(
        "From: r@acme.example\nTo: alex@example.org\nSubject: Update on your application\n"
        'Content-Type: text/plain; charset="utf-8"',
        "Thank you for interviewing with us last week. Unfortunately we won't be taking your "
        "application further on this occasion.",
    )
    v = classify(read_message(raw), identity=USER)
    assert v.category is Category.NOT_INVITATION, v.reasons
    assert any("rejection" in r for r in v.reasons), v.reasons


@pytest.mark.parametrize(
    ("subject", "body", "category"),
    [
        # a request for the user's CV is outreach, not the user's application
        (
            "Exciting opportunity",
            "Hi Alex, I have an exciting Senior Developer role with a client in Berlin. Would "
            "you be interested? If so, send me your CV and we can arrange a call to discuss.",
            "not_invitation",
        ),
        # the user asked to interview someone else
        (
            "Can you interview a candidate on Thursday?",
            "Hi Alex, we have a candidate for the Backend role coming in Thursday at 2pm. Could "
            "you do the system design interview? Let me know if that works.",
            "interview_related",
        ),
        # "ggf." does not end the sentence, and promises an interview only if it comes to that
        (
            "Eingangsbestätigung",
            "Vielen Dank für Ihre Bewerbung. Wir prüfen Ihre Unterlagen und melden uns, um ggf. "
            "einen Termin für ein Vorstellungsgespräch zu vereinbaren.",
            "not_invitation",
        ),
        # an admission interview at a university is not a job interview
        (
            "Alumni interview",
            "Dear Alex, thank you for your application to Westmere University. We would like "
            "to invite you to an alumni interview. Please let us know your availability.",
            "not_invitation",
        ),
        # a university that hires: the job is named
        (
            "Interview - Lecturer",
            "Dear Alex, thank you for your application to the University of Westmere for the "
            "Lecturer post. We are pleased to invite you to interview on 14 March at 10am. "
            "Please confirm whether you are able to attend.",
            "invitation",
        ),
        # a school post is a job, not a place to study
        (
            "Teaching post",
            "Dear Alex, thank you for your application for the primary school teacher post. We "
            "would like to invite you to an interview on Monday at 10am.",
            "invitation",
        ),
        # a student's thesis interview is research
        (
            "Student project interview",
            "Hi, I'm a student working on my thesis about hiring practices. Would you be "
            "available for a 30 minute interview about how your team recruits?",
            "not_invitation",
        ),
    ],
)
def test_hard_negatives_in_everyday_wording(subject: str, body: str, category: str) -> None:
    raw = inline(
        f"From: r@acme.example\nTo: alex@example.org\nSubject: {subject}\n"
        'Content-Type: text/plain; charset="utf-8"',
        body,
    )
    v = classify(read_message(raw), identity=USER)
    assert v.category.value == category, v.reasons


def test_an_onsite_thing_is_a_location_and_an_onsite_alone_is_an_interview_day() -> None:
    def category(subject: str, body: str) -> Category:
        raw = inline(
            f"From: r@acme.example\nTo: alex@example.org\nSubject: {subject}\n"
            'Content-Type: text/plain; charset="utf-8"',
            body,
        )
        return classify(read_message(raw), identity=USER).category

    assert (
        category(
            "Backup solutions",
            "Hi folks, I'd like an onsite backup of the last day and an offsite one of the month.",
        )
        is Category.NOT_INVITATION
    )
    assert (
        category(
            "Next steps - Platform Engineer",
            "Hi Alex, thanks for applying. We'd like to schedule you for an onsite with the team "
            "next week. Which day works best?",
        )
        is Category.INVITATION
    )


# ----------------------------------------------------------------- the thread


def _mail(sender: str, body: str, subject: str = "Re: Platform Engineer") -> Mail:
    return read_message(inline(f"From: {sender}\nTo: x@acme.example\nSubject: {subject}", body))


@pytest.mark.parametrize(
    ("users_words", "continues"),
    [
        ("I'm free on Tuesday after 2pm for the interview.", True),
        ("Vielen Dank für die Einladung, Dienstag um 10 Uhr passt mir.", True),
        ("Merci pour votre invitation, je suis disponible mardi à 10h.", True),
        ("Gracias por la invitación, estoy disponible el martes a las 10.", True),
        # an application alone: the first invitation in its thread is a new round
        ("Please find my CV attached for the Platform Engineer opening.", False),
        ("Anbei meine Bewerbungsunterlagen für die Stelle.", False),
    ],
)
def test_a_reply_in_the_users_interview_conversation_continues_it(
    users_words: str, continues: bool
) -> None:
    recruiter = _mail(
        "rita@corp.example",
        "Thanks! Could we do Tuesday at 10:00 instead? Let me know if that works for you.",
    )
    mine = _mail("alex@example.org", users_words)
    reason = continues_conversation(recruiter, [mine], identity=USER)
    assert (reason is not None) is continues, reason


@pytest.mark.parametrize(
    "body",
    [
        "We would like to invite you to a second interview with our CTO.",
        "Gerne laden wir Sie zu einem zweiten Gespräch mit unserer Geschäftsführung ein.",
        "Nous aimerions vous proposer un second entretien avec notre directrice.",
        "Nos gustaría invitarte a una segunda entrevista con el comité.",
        "Before we make an offer, could you meet the rest of the team next week?",
    ],
)
def test_a_new_round_is_an_invitation_even_in_the_users_conversation(body: str) -> None:
    mine = _mail("alex@example.org", "Thanks, Tuesday at 10:00 works for me for the interview.")
    assert opens_new_round(_mail("rita@corp.example", body))
    assert continues_conversation(_mail("rita@corp.example", body), [mine], identity=USER) is None


def test_someone_elses_messages_in_the_thread_do_not_count() -> None:
    other = _mail("sam@acme.example", "I'm free on Tuesday after 2pm for the interview.")
    recruiter = _mail("rita@corp.example", "Could we do Tuesday at 10:00? Let me know.")
    assert continues_conversation(recruiter, [other], identity=USER) is None


def _judge_plain(subject: str, body: str, sender: str = "r@acme.example") -> Verdict:
    raw = inline(
        f"From: {sender}\nTo: alex@example.org\nSubject: {subject}\n"
        'Content-Type: text/plain; charset="utf-8"',
        body,
    )
    return classify(read_message(raw), identity=USER)


@pytest.mark.parametrize(
    ("subject", "body"),
    [
        # over a meal, before the hiring committee decides
        (
            "lunch",
            "Alex, good to see you on Tuesday. Before the hiring committee meets, two of the "
            "partners would like to take you to lunch. Would Monday or Wednesday suit you?",
        ),
        # a founder asks for a coffee about a hire, days proposed
        (
            "your patch",
            "Hi Alex, we're hiring a second backend engineer and your patch impressed us. "
            "Would you be up for grabbing a coffee with me and our CTO next week? Tuesday "
            "or Wednesday afternoon work for us.",
        ),
        # more people met before the decision on the reader
        (
            "next step",
            "Alex, I enjoyed our talk. Before I make a final decision I would like you to "
            "meet two people in my group. Can you pick a morning this week?",
        ),
        # a small company that needs someone, the reader asked in to meet the team
        (
            "hey",
            "alex - we need someone who knows postgres inside out. want to come by the "
            "office friday and meet the rest of the team? any time after 10.",
        ),
        # code samples sent in, the reader asked in
        (
            "code samples",
            "Alex, thanks for sending over the code samples. We'd like you to come in and "
            "meet the rest of the team. Would Thursday at 10 work?",
        ),
        # a search committee's campus visit ("dinner with the committee" is that committee)
        (
            "Lecturer search - campus visit",
            "Dear Dr Example, on behalf of the search committee I am pleased to invite you "
            "to campus to interview for the lecturer position. The visit includes a talk and "
            "dinner with the committee. Please let me know which dates would work for you.",
        ),
        # asked to pick the day, or to sign up for a slot
        (
            "RE: Interview - Planner",
            "Sorry, wrong number before. Call Ines at 555-0104 to pick a day for the "
            "interview; she has openings Monday to Wednesday.",
        ),
        (
            "Next step: technical screen",
            "Great speaking with you! Here is the link to book your technical screen with "
            "one of our engineers: https://jobs.example.net/book/abc",
        ),
        # a cold approach that asks the reader in to meet the people who hire, dates asked
        (
            "East desk",
            "Alex, we have an opening for a scheduler on the East desk. Would you be "
            "interested in flying down to talk to Maria and a couple of the schedulers? If "
            "yes, send me a few dates in June.",
        ),
        # German: a coffee with the team, dates asked with "zwei, drei Tage"
        (
            "Kaffee?",
            "Hallo Alex, wir haben uns deine Arbeitsproben angesehen. Unser Gründer würde "
            "dich gern auf einen Kaffee treffen und über die Stelle sprechen. Schick mir "
            "doch zwei, drei Tage, an denen es dir nächste Woche passt.",
        ),
        # German: before the decision, more of the team
        (
            "Nächster Schritt",
            "Hallo Alex, danke für das Gespräch. Bevor wir uns endgültig entscheiden, "
            "möchten wir dich gern noch mit zwei Kollegen aus dem Team kennenlernen. Wann "
            "hättest du Zeit?",
        ),
        # French: before the written offer, meet two partners
        (
            "Suite",
            "Alex, avant de vous faire une proposition écrite, j'aimerais que vous "
            "rencontriez deux de mes associés. Seriez-vous disponible mardi ou mercredi ?",
        ),
        # Spanish (voseo): the portfolio sent, a chat with the team, dates asked
        (
            "¿Un café?",
            "Hola Alex, gracias por mandarnos tu portfolio. Nos encantaría charlar con vos "
            "con el equipo. ¿Me pasás algunas fechas que te sirvan?",
        ),
        # Spanish: lunch with the team before closing the offer
        (
            "Antes de cerrar",
            "Hola Alex, antes de cerrar la propuesta nos gustaría que vinieras a comer con "
            "el equipo. ¿Te viene bien el jueves a las 14:00?",
        ),
    ],
)
def test_meeting_the_people_who_hire_in_everyday_settings(subject: str, body: str) -> None:
    v = _judge_plain(subject, body)
    assert v.category is Category.INVITATION, v.reasons


@pytest.mark.parametrize(
    ("subject", "body"),
    [
        # the candidate offers to come in: not asked of the reader
        (
            "Claims Adjuster application - follow up",
            "Dear Alex, I sent my resume for the Claims Adjuster opening last month. I am "
            "very interested and would be glad to come in for an interview at your "
            "convenience. My resume is attached again.",
        ),
        # a lunch with a colleague, no job in sight
        (
            "lunch",
            "Alex, want to grab lunch with us on Friday? Maria is back from Lisbon. Would "
            "12:30 suit you?",
        ),
        # a committee of volunteers is no employer
        (
            "Committee",
            "Alex, the events committee would like you to join us for dinner after the "
            "meeting. Let me know which dates work.",
        ),
        # Spanish: a coffee between friends
        (
            "café",
            "Hola Alex, ¿tomamos un café con Marta el jueves? Me pasás algunas fechas y lo "
            "organizamos.",
        ),
    ],
)
def test_meals_and_meetings_without_a_hire_are_no_invitation(subject: str, body: str) -> None:
    v = _judge_plain(subject, body)
    assert v.category is not Category.INVITATION, v.reasons


def _judge_to(subject: str, body: str, *, sender: str = "hr@plant.example") -> Verdict:
    """Judged as the service judges it: the user's name taken from the To header only
    (the evaluation's identity has none configured)."""
    raw = inline(
        f"From: {sender}\nTo: Alex Example <alex@example.org>\nSubject: {subject}\n"
        'Content-Type: text/plain; charset="utf-8"',
        body,
    )
    return classify(read_message(raw), identity=Identity(name="", email="alex@example.org"))


@pytest.mark.parametrize(
    ("subject", "body"),
    [
        # a coordinator's note passed on to the reader, who is named as the candidate
        (
            "Fw: Times for Alex Example",
            "Alex - see below from HR. Can you make one of these? Let me know.\n\n"
            "----- Forwarded -----\nFor your candidate Alex Example (buyer, Dayton), I can "
            "get the panel on Tues 3/12 at 9:00 or Wed 3/13 at 14:00.",
        ),
        (
            "WG: Termine",
            "Hallo Alex, unten die Termine aus der Personalabteilung für das Gespräch mit "
            "Alex Example (Controlling). Sag mir bitte, welcher Tag dir passt.",
        ),
        (
            "TR: créneaux",
            "Alex, voici les créneaux proposés pour l'entretien avec Alex Example (poste de "
            "contrôleur de gestion). Dites-moi quel jour vous convient.",
        ),
        (
            "RV: horarios",
            "Alex, te reenvío los horarios para la entrevista con Alex Example (puesto de "
            "analista). Dime qué día te viene bien.",
        ),
        # a visit to the employer after the first meeting, named as such
        (
            "Office visit",
            "Dear Alex, based on your first meeting with Brian about the staff accountant "
            "position, we would like to invite you for an office visit on Friday, November 9. "
            "Please confirm your attendance or let me know if the date doesn't work for you.",
        ),
        (
            "Callback",
            "Dear Alex, thank you for meeting Ed during our campus recruiting week. We would "
            "like you to visit our office for a callback. We have callback days open on "
            "October 7 and 8; please reply with your first and second choices.",
        ),
        # French: "s'entretenir avec vous", a time proposed
        (
            "RE: Candidature spontanée - comptable",
            "Bonjour, notre directeur financier souhaiterait s'entretenir avec vous par "
            "téléphone jeudi vers 14h. Cela vous convient-il ?",
        ),
        # Spanish (voseo): a coffee about the job, "decime vos"
        (
            "Re: Búsqueda de backend",
            "Hola Alex, estamos buscando a alguien para el puesto de backend. ¿Tomamos un "
            "café esta semana y te cuento? Jueves o viernes me vienen bien, si no decime vos.",
        ),
        # a pricing department is a job title, not a price list
        (
            "Actuarial Associate - conversation",
            "Alex, our VP of Pricing has looked over your materials and would like to speak "
            "with you by phone about the Actuarial Associate position. Please let me know "
            "which of these times you prefer: Tuesday 9:00 am or Thursday 4:00 pm.",
        ),
        # Spanish: come by the shop, a time proposed
        (
            "RE: Camarero/a",
            "Hola Alex, recibido tu currículum para el puesto. Pásate el martes por la tarde "
            "por el restaurante y hablamos con el encargado, ¿te va bien a las 17?",
        ),
        # availability asked for in a candidate portal
        (
            "Final round - Analyst",
            "Congratulations on reaching the final round for the Analyst position. Please "
            "complete the availability form in your candidate portal by Friday and we will "
            "confirm a schedule.",
        ),
        # a cancellation policy is no cancellation
        (
            "Selected: first-round interviews",
            "Congratulations! Acme has selected you for a first-round interview on campus for "
            "its analyst program. Please choose an open time slot by Thursday. Remember our "
            "cancellation policy: students who miss a scheduled interview lose sign-up rights.",
        ),
        # "as discussed on the phone", and the dates still to choose: nothing is fixed
        (
            "Vertraulich: Leitung Einkauf",
            "Sehr geehrte:r Alex Example, wie besprochen habe ich Ihr Profil meinem Mandanten "
            "vorgestellt. Der Geschäftsführer würde Sie gern persönlich treffen. Könnten Sie "
            "mir zwei bis drei Terminoptionen nennen?",
        ),
        (
            "Suite de notre échange - poste de directeur",
            "Alex, comme convenu, j'ai présenté votre candidature à mon client, qui souhaite "
            "vous rencontrer. Seriez-vous disponible le 4 ou le 5 juillet ?",
        ),
        # German: "Ihr Profil hat uns überzeugt" after a first interview is no cold approach
        (
            "Zweites Gespräch – Analyst",
            "Guten Tag Alex Example, danke für das Gespräch. Ihr Profil hat uns überzeugt, "
            "und wir möchten Sie zur nächsten Runde einladen. Passt Ihnen Mittwoch, 12. März, "
            "13:30 Uhr?",
        ),
    ],
)
def test_invitations_passed_on_named_or_told_as_visits(subject: str, body: str) -> None:
    v = _judge_to(subject, body)
    assert v.category is Category.INVITATION, v.reasons


@pytest.mark.parametrize(
    ("subject", "body"),
    [
        # the reader arranges time for someone else to come in
        (
            "candidate for the planner job",
            "Alex - please set up time for Jim Kowalski to come in next week and meet with me "
            "and Ray. His resume is attached. Thursday afternoon would be best.",
        ),
        # a headhunter offers the reader (a hiring manager) a meeting with a candidate
        (
            "Priya Raman - shall I set something up?",
            "Alex, attached is Priya's resume. She's free Tuesday after 5. Do you want me to "
            "set up time for you to meet her?",
        ),
        # a reference check about someone who applied elsewhere, in four languages
        (
            "Reference for Jordan Pike",
            "Mr. Example, Jordan Pike has applied for a buyer position with us and has listed "
            "you as a professional reference. Would you have 10 minutes this week for a short "
            "phone call? Let me know a time.",
        ),
        (
            "Referenz für Jana Pohl",
            "Guten Tag, Frau Pohl hat sich bei uns beworben und Sie als Referenz angegeben. "
            "Hätten Sie diese Woche Zeit für ein kurzes Telefonat?",
        ),
        (
            "Référence pour Julie Petit",
            "Bonjour, Julie Petit a postulé chez nous et vous a indiqué comme référence. "
            "Seriez-vous disponible cette semaine pour un court appel ?",
        ),
        (
            "Referencia de Jorge Pardo",
            "Hola, Jorge Pardo se ha postulado a un puesto con nosotros y le ha indicado como "
            "referencia. ¿Tendría tiempo esta semana para una llamada breve?",
        ),
    ],
)
def test_someone_else_met_or_asked_about_is_no_invitation(subject: str, body: str) -> None:
    v = _judge_to(subject, body)
    assert v.category is not Category.INVITATION, v.reasons


@pytest.mark.parametrize(
    ("subject", "body"),
    [
        # told to come by, the opening named
        (
            "your clips",
            "Alex, your clips came in. We have a night reporter opening on metro. Come by "
            "the newsroom Thursday after 2 and we'll talk about it.",
        ),
        # a principal with the file from the personnel office, a time found by the office
        (
            "4th grade",
            "Alex - I got your file from the personnel office. The 4th grade spot is still "
            "open and I'd like to sit down with you. Please call Rosa in the front office "
            "and she'll find a time this week.",
        ),
        # a trial shift, a working day on trial, in four languages
        (
            "Re: line cook",
            "alex - got your note about the line cook job. come in friday for a trial shift, "
            "4pm. let me know tonight if you're coming so I can put you on the board.",
        ),
        (
            "Ihre Bewerbung als Koch",
            "Hallo Alex, danke für Ihre Bewerbung. Wir laden Sie zum Probearbeiten am Samstag "
            "ab 15 Uhr ein. Passt Ihnen das?",
        ),
        (
            "Votre candidature - serveur",
            "Bonjour Alex, merci pour votre candidature au poste de serveur. Nous vous "
            "proposons une journée d'essai mardi prochain de 10h à 15h. Cela vous convient-il ?",
        ),
        (
            "Camarero/a - temporada",
            "Hola Alex, gracias por tu currículum para el puesto de camarero. Nos gustaría que "
            "vinieras a una jornada de prueba la semana que viene. Dinos qué día prefieres.",
        ),
        # a temp agency: the client saw the file and wants to see the reader tomorrow
        (
            "mañana almacén",
            "Hola Alex, el cliente de Getafe ha visto tu ficha y quiere verte mañana a las "
            "9:30 en sus oficinas. ¿Puedes ir? Confírmame hoy.",
        ),
        # a pasted meeting notice for an internal posting
        (
            "Invitation: Analyst posting (Aug 15 10:00 AM)",
            "Alex - since you bid on the internal posting for Analyst II, I'd like to sit down "
            "with you to talk about the job and your background. Please accept or decline.",
        ),
        # a short reply in the thread, a time proposed
        (
            "RE: Editorial Assistant position",
            "Alex, I enjoyed your letter. Let's get you in here. Does Monday the 20th at 10:30 "
            "work?",
        ),
        # "wie besprochen", and the dates still to give
        (
            "AW: Bewerbung Entwickler",
            "Hallo Alex Example, danke für das Telefonat. Wie besprochen würden wir Sie gern "
            "noch einmal bei uns sehen, mit unserem Entwicklungsleiter. Können Sie mir zwei, "
            "drei Termine in der KW 23 nennen?",
        ),
    ],
)
def test_invitations_told_as_workplaces_tell_them(subject: str, body: str) -> None:
    v = _judge_to(subject, body)
    assert v.category is Category.INVITATION, v.reasons


@pytest.mark.parametrize(
    ("subject", "body"),
    [
        # a travel agency's itinerary for an agreed visit
        (
            "Itinerary - EXAMPLE/ALEX - interview 14FEB",
            "PASSENGER: EXAMPLE/ALEX RECORD LOCATOR: QX1ABC. TUE 13FEB FLIGHT 412 LV DENVER "
            "0715A AR SEATTLE 0901A CONFIRMED. HOTEL 1 NT. REMARKS: INTERVIEW DAY 14FEB AT THE "
            "RECRUITING OFFICE, ASK FOR J. MARTIN. Please call us if you need to change the "
            "flights.",
        ),
        # Spanish: a fixed interview moved to a later hour
        (
            "Cambio de hora - entrevista del lunes",
            "Estimado Alex: la entrevista que teníamos fijada para el lunes a las 10:00 con el "
            "director tiene que pasar a las 12:30 del mismo día. Le ruego me confirme que le "
            "viene bien.",
        ),
    ],
)
def test_travel_booked_and_hours_moved_are_no_invitation(subject: str, body: str) -> None:
    v = _judge_to(subject, body)
    assert v.category is not Category.INVITATION, v.reasons


@pytest.mark.parametrize(
    ("subject", "body"),
    [
        # the visit paid for, as employers pay a candidate's way, in four languages
        (
            "Trip to Omaha",
            "Alex, after our call Linda and I would like to fly you up to Omaha for a day with "
            "the team. Our travel desk can put you on the 7:05 on Tuesday; if that day doesn't "
            "suit, tell me what would.",
        ),
        (
            "Besuch in Kiel",
            "Hallo Alex, wir möchten Sie gern persönlich kennenlernen und Ihnen das Team "
            "vorstellen. Die Fahrtkosten übernehmen wir. Wann hätten Sie Zeit?",
        ),
        (
            "Visite à Lyon",
            "Bonjour Alex, nous aimerions vous rencontrer à Lyon avec l'équipe. Nous prenons "
            "en charge vos frais de déplacement. Quand seriez-vous disponible ?",
        ),
        (
            "Visita a Bilbao",
            "Hola Alex, nos gustaría conocerte en persona en Bilbao con el equipo. Cubrimos los "
            "gastos de viaje. ¿Qué día te viene bien?",
        ),
        # a day proposed with a way out, in German
        (
            "Vorstellung in Hamburg",
            "Hallo Alex, wir würden Sie gern am Dienstag, 10 Uhr, in Hamburg kennenlernen und "
            "übernehmen Ihre Reisekosten. Falls der Termin nicht passt, sagen Sie mir Bescheid.",
        ),
        # two more conversations before the offer
        (
            "RE: follow up",
            "Alex, the feedback was very good. Before I can get an offer approved, the partners "
            "want two more conversations, about 45 minutes each. Could you send me a few "
            "windows over the next ten days?",
        ),
    ],
)
def test_a_visit_paid_for_or_more_conversations_before_an_offer(subject: str, body: str) -> None:
    v = _judge_to(subject, body)
    assert v.category is Category.INVITATION, v.reasons


def test_a_conference_paid_for_is_no_invitation() -> None:
    v = _judge_to(
        "Your seat at Summit 2026",
        "Hi Alex, as one of our top customers we'd cover the flights and hotel for Summit "
        "2026 in Austin. Sessions, a product roadmap preview and dinner with the team. "
        "Register here by Friday.",
    )
    assert v.category is not Category.INVITATION, v.reasons


@pytest.mark.parametrize(
    ("subject", "body"),
    [
        # a text from a phone, "can u come in", the job named
        (
            "tues",
            "Alex can u come in tues at 2 to meet Ron re the scheduler job? let me know asap so "
            "i can confirm w him",
        ),
        # lunch with the reader to discuss a position, times offered
        (
            "Lunch with our General Counsel",
            "Dear Alex, our General Counsel would like to have lunch with you to discuss the "
            "Senior Counsel position. He has Tuesday at 11:45 or Thursday at noon; please let "
            "me know which you prefer.",
        ),
        # a video-conference before going further
        (
            "Gas analyst role",
            "Dear Alex, thank you for your CV for the gas analyst role. Simon and I would like "
            "to have a video-conference with you. Would 3pm London on Tuesday or Thursday "
            "suit?",
        ),
        # the headcount got, a drink with the manager
        (
            "east desk",
            "hey - we finally got the headcount for a second scheduler on the east desk and Lou "
            "wants to meet you informally. drinks thursday after work? let me know.",
        ),
        # shortlisted for a programme, a panel to sign up for
        (
            "Trainee Program - you have been shortlisted",
            "Alex, you have been shortlisted for the Trainee Program. Shortlisted employees "
            "meet with a panel of three desk heads for about an hour. Please choose a slot on "
            "the sign-up page.",
        ),
        # a take-home reviewed, a time proposed as "would ... work?"
        (
            "Your take-home - next step?",
            "Alex, I went through your take-home last night. I'd like to bring you into the "
            "office to meet the rest of the team. Would next Tuesday the 25th, from 1pm, work? "
            "If not, send me two or three afternoons that do.",
        ),
        # selected for an employer's closed schedule on campus
        (
            "Acme Capital - first round (closed schedule)",
            "Dear Alex, you have been selected for Acme Capital's closed schedule at the "
            "business school on February 6. Please sign up for a time through the school's "
            "recruiting system.",
        ),
        # the candidate's visit, a schedule proposed to them
        (
            "Your visit - proposed schedule",
            "Alex, below is what we have put together for your visit on Thursday about the "
            "process engineer position: the plant manager at 9, the engineering team at 10, "
            "then lunch. Could you let me know today whether this works for you?",
        ),
        # Spanish (Mexico): "platicar con usted", flights covered, days asked
        (
            "Posición de Analista",
            "Estimado Alex: recibimos su currículum para la posición de Analista. El gerente "
            "quisiera platicar con usted en nuestras oficinas; nosotros cubrimos el boleto de "
            "avión. ¿Nos podría indicar qué días le acomodarían?",
        ),
        # Spanish: come by the workshop for the interview
        (
            "Re: Dudas sobre la oferta de mecánico",
            "Hola Alex, nos encaja tu perfil. ¿Puedes pasarte el lunes a las 17h por el taller "
            "para hacer la entrevista? Si no puedes dime otro día.",
        ),
    ],
)
def test_invitations_from_the_tenth_batches_classes(subject: str, body: str) -> None:
    v = _judge_to(subject, body)
    assert v.category is Category.INVITATION, v.reasons


@pytest.mark.parametrize(
    ("subject", "body"),
    [
        (
            "Reference - Kyle Benning",
            "Alex, Kyle Benning has given us your name as a reference; he is a finalist for an "
            "analyst role here. Would you have 15 minutes this week to talk about his work?",
        ),
        (
            "Actualización sobre tu proceso",
            "Hola Alex, gracias por las entrevistas con nuestro equipo. En esta ocasión "
            "decidimos avanzar con otra persona. Nos encantaría mantenerte en nuestra base de "
            "talento.",
        ),
    ],
)
def test_references_and_rejections_from_the_tenth_batches(subject: str, body: str) -> None:
    v = _judge_to(subject, body)
    assert v.category is not Category.INVITATION, v.reasons


@pytest.mark.parametrize(
    ("subject", "body"),
    [
        # a recorded video interview to complete by a date is a task still to do
        (
            "Action required: your video interview",
            "Dear Alex, congratulations, you're through to the video interview stage for the "
            "Graduate Programme. This is a recorded interview: five questions on screen. "
            "Please complete it by Friday 12 April using the link below.",
        ),
        # thanks for meeting at a fair, then an invitation to interview days
        (
            "Invitation to interview",
            "Dear Alex, thank you for meeting with us at the career fair. We are pleased to "
            "extend an invitation to interview at our Houston office on one of our interview "
            "days, March 3 or March 10. Please let me know which date you prefer.",
        ),
    ],
)
def test_tasks_to_do_and_invitations_after_thanks(subject: str, body: str) -> None:
    v = _judge_to(subject, body)
    assert v.category is Category.INVITATION, v.reasons


def test_no_pattern_of_the_lexicon_matches_nothing() -> None:
    # An empty alternative ("a|" joined to "b") matches the empty string everywhere and
    # fires its rule on every message: the lexicon must have none.
    from mailer.core.recognise import lexicon

    empty = [
        name
        for name, value in vars(lexicon).items()
        if isinstance(value, re.Pattern)
        and (found := value.search("zz qq 12")) is not None
        and found.group(0) == ""
    ]
    assert empty == []


@pytest.mark.parametrize(
    ("subject", "body"),
    [
        # an assistant arranging a meeting about a role, the word wrapped onto a new line
        (
            "Treasury Manager",
            "Dear Alex, Ms. Brandt has asked me to arrange a meeting with you to discuss the "
            "Treasury Manager\nrole. She could see you either on Tuesday at 8:30 am or on "
            "Thursday at 4:00 pm. Which would you prefer?",
        ),
        # text speak: "ur cv", "can u do a call fri"
        (
            "cv",
            "alex - ted passed me ur cv. we need someone on the power desk for the summer. can "
            "u do a call fri 8am? if not send me a couple of times that work.",
        ),
        # an assessment day the reader is selected for
        (
            "Graduate Programme - Final Round",
            "Dear Alex, thank you for your application. You have been selected for our Final "
            "Round Assessment Day in London on 14 March or 21 March. Please confirm which "
            "date you prefer.",
        ),
        # a temp agency's send-out
        (
            "tomorrow",
            "Hi Alex, I have a send out for you! A plastics company needs an AP supervisor, "
            "temp to perm. The controller wants to see somebody tomorrow at 10:00 am at the "
            "plant. Are you available?",
        ),
    ],
)
def test_invitations_from_the_eleventh_batches_classes(subject: str, body: str) -> None:
    v = _judge_to(subject, body)
    assert v.category is Category.INVITATION, v.reasons


@pytest.mark.parametrize(
    ("subject", "body"),
    [
        (
            "Interview panel - Senior Analyst",
            "Alex, you've been nominated to sit on the selection panel for the Senior Analyst "
            "position. We have three candidates on Tuesday at 9:00, 10:30 and 1:30.",
        ),
        (
            "WG: Besetzung Sachbearbeiter/in - Gespräche am 8.11.",
            "Hallo Alex, bitte ich Sie, bei den Bewerbungsgesprächen für die Stelle als "
            "Vertreter der Fachabteilung dabei zu sein. Termine: Mi 8.11. 09:00 und 10:30.",
        ),
        (
            "Reference - Andrea K.",
            "Alex, Andrea has applied for an auditor position with us and listed you as a "
            "former supervisor. Would you have 15 minutes this week for a few questions?",
        ),
    ],
)
def test_panels_and_references_from_the_eleventh_batches(subject: str, body: str) -> None:
    v = _judge_to(subject, body)
    assert v.category is not Category.INVITATION, v.reasons


@pytest.mark.parametrize(
    ("subject", "body"),
    [
        # the date asked plainly, after an assessment day is offered
        (
            "Graduate Programme - Final Round",
            "Dear Alex, you have been selected for our assessment day. Assessment days will be "
            "held on 9 and 16 February. Please reply stating which date you would prefer.",
        ),
        # a plant visit: "for you to come see the plant", "if Saturday is no good"
        (
            "Quality Engineer job",
            "Alex - we're looking for a quality engineer. Easiest would be for you to come see "
            "the plant Saturday morning, then we sit down and talk about the job. If Saturday "
            "is no good, tell me what is.",
        ),
        # brought out for a morning, "which of those could you make?"
        (
            "Control room opening",
            "Alex, thanks for sending your resume. I'd like to bring you out for a morning and "
            "have you talk with me and our shift lead. Tuesday through Thursday of the week of "
            "the 14th is good on my end. Which of those could you make?",
        ),
    ],
)
def test_invitations_with_the_date_asked_plainly(subject: str, body: str) -> None:
    v = _judge_to(subject, body)
    assert v.category is Category.INVITATION, v.reasons
