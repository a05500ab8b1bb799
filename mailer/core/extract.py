"""What an invitation supports saying: names, company, role, time, link, calendar.

Wrong guesses are worse than none: every field is ``None`` unless the message
states it plainly. Everything that may later reach a header is sanitised here:
control characters, CR, LF, NUL, U+2028/U+2029 and bidirectional overrides are
removed and lengths are capped, because an RFC 2047 encoded word can smuggle a
newline into a decoded Subject or display name (CVE-2024-6923).
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Iterable
from datetime import date, datetime

from mailer.core.addresses import is_noreply, is_scheduling_link
from mailer.core.headers import organisation_label
from mailer.core.message import Calendar, Mail
from mailer.core.model import InvitationFacts
from mailer.core.people import (
    Person,
    detect_register,
    detect_salutation,
    parse_person,
    read_signatures,
)
from mailer.core.when import find_proposal

__all__ = [
    "MAX_SUBJECT",
    "detect_language",
    "extract",
    "sanitize_message_id",
    "sanitize_text",
]

MAX_SUBJECT = 250
MAX_NAME = 80
MAX_FIELD = 120
#: Characters of the newest part read for facts (they sit near the top).
MAX_TEXT = 2000

# RFC 5322 3.6.4 msg-id with dot-atom-text on both sides (obs- forms refused);
# a domain literal is allowed on the right. Strict on purpose: these values are
# used in IMAP SEARCH commands and in References headers.
_ATEXT = r"[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]"
_MSGID = re.compile(rf"<{_ATEXT}+(?:\.{_ATEXT}+)*@(?:{_ATEXT}+(?:\.{_ATEXT}+)*|\[[!-Z^-~]*\])>")
_MAX_MSGID = 250


def sanitize_text(value: str | None, /, *, limit: int = MAX_FIELD) -> str:
    """One safe line: controls (Cc), format characters (Cf: bidi overrides, zero-width
    joiners), line and paragraph separators (Zl, Zp) become spaces; whitespace is
    collapsed; the result is at most ``limit`` characters."""
    if not value:
        return ""
    out = []
    for ch in value[: limit * 4]:
        cat = unicodedata.category(ch)
        if cat in {"Cc", "Cf", "Zl", "Zp", "Cs", "Co", "Cn"}:
            out.append(" ")
        else:
            out.append(ch)
    text = " ".join("".join(out).split())
    return text[:limit].rstrip()


def _no_pictographs(value: str, /) -> str:
    """``value`` without emoji and other pictographs ("Brightwave 🎉" is "Brightwave"):
    symbols (So), variation selectors and skin-tone modifiers are dropped."""
    kept = [
        ch
        for ch in value
        if unicodedata.category(ch) != "So"
        and not 0xFE00 <= ord(ch) <= 0xFE0F
        and not 0x1F3FB <= ord(ch) <= 0x1F3FF
    ]
    return " ".join("".join(kept).split())


def sanitize_message_id(value: str | None, /) -> str | None:
    """``value`` when it is one strict ``<local@domain>`` Message-ID, else ``None``."""
    if not value:
        return None
    value = value.strip()
    if len(value) > _MAX_MSGID or not _MSGID.fullmatch(value):
        return None
    return value


# -------------------------------------------------------------------------- language

_STOPWORDS: dict[str, frozenset[str]] = {
    "en": frozenset(
        [
            "the",
            "and",
            "you",
            "to",
            "for",
            "with",
            "we",
            "your",
            "is",
            "of",
            "are",
            "this",
            "that",
            "be",
            "have",
            "will",
            "our",
            "would",
            "please",
            "thank",
            "regards",
        ]
    ),
    "de": frozenset(
        [
            "und",
            "der",
            "die",
            "das",
            "sie",
            "wir",
            "ihnen",
            "mit",
            "für",
            "nicht",
            "ist",
            "ein",
            "eine",
            "zu",
            "ihre",
            "ihr",
            "uns",
            "den",
            "dem",
            "freundlichen",
            "grüßen",
            "gerne",
            "bitte",
            "vielen",
            "dank",
            "auf",
            # short, informal notes ("hast du Do kurz Zeit wegen der Stelle?")
            "du",
            "dich",
            "dir",
            "zum",
            "zur",
            "wegen",
            "hast",
            "gruß",
            "als",
            # short, formal notes ("Passt Ihnen Dienstag um 10 Uhr?")
            "oder",
            "uhr",
            "herr",
            "frau",
            "guten",
            "grüße",
            "geehrte",
            "geehrter",
            "passt",
            "gern",
        ]
    ),
    "fr": frozenset(
        [
            "le",
            "la",
            "les",
            "et",
            "vous",
            "nous",
            "pour",
            "avec",
            "des",
            "un",
            "une",
            "est",
            "votre",
            "vos",
            "au",
            "aux",
            "sur",
            "dans",
            "merci",
            "cordialement",
            "bonjour",
            "je",
            "êtes",
        ]
    ),
    "es": frozenset(
        [
            "el",
            "la",
            "los",
            "las",
            "y",
            "usted",
            "para",
            "con",
            "que",
            "un",
            "una",
            "es",
            "tu",
            "su",
            "nos",
            "del",
            "por",
            "gracias",
            "saludos",
            "hola",
            "estamos",
            "te",
            "le",
            "muy",
        ]
    ),
}
_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)
# Words that belong to one language's hiring vocabulary: a calendar-only invitation has
# no sentences, only a title ("Entrevista Alex Example - Desarrollador Java"), so each
# of these counts as much as two stopwords.
_MARKERS = {
    "en": frozenset(["interview", "screen", "call", "with", "hiring", "recruiter"]),
    "de": frozenset(
        [
            "einladung",
            "gespräch",
            "vorstellungsgespräch",
            "bewerbungsgespräch",
            "termin",
            "bewerbung",
            "stelle",
            "kennenlernen",
            "aktualisierte",
            "mit",
            "und",
        ]
    ),
    "fr": frozenset(
        [
            "entretien",
            "entrevue",
            "candidature",
            "poste",
            "rencontre",
            "visio",
            "avec",
            "échange",
            "recrutement",
        ]
    ),
    "es": frozenset(
        [
            "entrevista",
            "invitación",
            "candidatura",
            "puesto",
            "vacante",
            "reunión",
            "con",
            "videollamada",
            "llamada",
            "desarrollador",
            "selección",
        ]
    ),
}


def detect_language(text: str, /) -> str:
    """``en``, ``de``, ``fr`` or ``es`` by stopword counts; ``en`` when unsure."""
    counts = Counter(_WORD.findall(text[:MAX_TEXT].lower()))
    scores = {
        lang: sum(counts[w] for w in words) + 2 * sum(counts[w] for w in _MARKERS[lang])
        for lang, words in _STOPWORDS.items()
    }
    # German compounds end in their head noun ("Kennenlerngespräch", "Telefoninterview").
    scores["de"] += 2 * sum(
        n for w, n in counts.items() if w.endswith("gespräch") and w not in _MARKERS["de"]
    )
    best = max(scores, key=lambda k: scores[k])
    return best if scores[best] >= 2 and scores[best] > scores["en"] * 0.8 else "en"


# --------------------------------------------------------------------------- persons


def _person(display: str | None, address: str = "") -> Person | None:
    """A person's name in ``display``, or ``None`` when it is not clearly one.

    A display name whose words appear in the sender's domain ("Pebble Studio" at
    pebblestudio.dev) names the company, not a person.
    """
    if not display:
        return None
    local, _, domain = address.lower().rpartition("@")
    display = re.split(r"\s+(?:via|über)\s+", display, maxsplit=1, flags=re.IGNORECASE)[0]
    words = [w.lower() for w in re.findall(r"[^\W\d_]{3,}", display)]
    labels = set(re.split(r"[.-]", domain))
    names_company = "".join(words) in labels or any(w in labels for w in words)
    if names_company and not any(w in local for w in words):
        return None
    return parse_person(_no_pictographs(sanitize_text(display, limit=MAX_NAME)))


def _first_name(display: str | None, address: str = "") -> str | None:
    """The first name of a person's display name ("Jane Doe", "Dr. Jane Doe"), or
    ``None``; a lone word counts only when the address names it ("Hugo" <hugo@...>)."""
    person = _person(display, address)
    if person is None or person.first is None:
        return None
    if person.surname is None and person.first.lower() not in address.lower():
        return None
    return person.first


def _in_address(person: Person, address: str) -> bool:
    local = address.lower().partition("@")[0]
    parts = [p for p in (person.first, person.surname) if p]
    return any(
        len(p) >= 3
        and unicodedata.normalize("NFKD", p.lower()).encode("ascii", "ignore").decode() in local
        for p in parts
    )


def _same_person(a: Person, b: Person) -> bool:
    return bool(
        (a.first and b.first and a.first.lower() == b.first.lower())
        or (a.surname and b.surname and a.surname.lower() == b.surname.lower())
    )


def _contact(
    human_name: str, human_addr: str, text: str, language: str
) -> tuple[Person | None, bool]:
    """The person to greet, merged from the display name and the signature, and
    whether they signed with a first name alone."""
    shown = _person(human_name, human_addr)
    if shown is not None and shown.surname is None and not _in_address(shown, human_addr):
        shown = None
    for sig in read_signatures(text, language):
        signed = parse_person(_no_pictographs(sig.name))
        if signed is None:
            continue
        gender = signed.gender or sig.gender
        if shown is not None and _same_person(shown, signed):
            first_only = signed.surname is None and signed.first is not None
            return (
                Person(
                    shown.first or signed.first,
                    shown.surname or signed.surname,
                    shown.title or signed.title,
                    shown.gender or gender,
                    shown.honorific or signed.honorific,
                ),
                first_only,
            )
        if shown is None and human_addr and _in_address(signed, human_addr):
            # A signature alone names the writer only when it matches the address.
            return (
                Person(signed.first, signed.surname, signed.title, gender, signed.honorific),
                signed.surname is None,
            )
    return shown, False


# --------------------------------------------------------------------- company, role

_CAP_PHRASE = r"[A-ZÀ-Þ0-9][\w&.'’-]*(?:\s(?:&\s)?[A-ZÀ-Þ0-9][\w&.'’-]*){0,3}"
_COMPANY_PATTERNS = (
    re.compile(rf"\b(?:at|with|join|joining|to)\s({_CAP_PHRASE})(?=[\s,.!;:)]|$)"),
    re.compile(rf"\b(?:bei|zu)\s(?:der\s|die\s|dem\s)?({_CAP_PHRASE})(?=[\s,.!;:)]|$)"),
    re.compile(rf"\b(?:chez|rejoindre)\s({_CAP_PHRASE})(?=[\s,.!;:)]|$)"),
    re.compile(rf"\b(?:en|con|a)\s({_CAP_PHRASE})(?=[\s,.!;:)]|$)"),
)
_COMPANY_FROM_NAME = re.compile(
    rf"^(?:(?:the\s)?({_CAP_PHRASE})\s(?:recruiting|recruitment|talent(?: acquisition)?"
    r"|careers|hiring(?: team)?|hr|people(?: team)?|jobs|karriere|recrutement|rrhh|empleo|talento"
    r"|recruiting team|talent team)"
    rf"|(?:recruiting|talent|careers|hiring team|team)\s(?:at|@|bei|chez|de|en)\s({_CAP_PHRASE}))$",
    re.IGNORECASE,
)
_COMPANY_STOP = re.compile(
    r"^(?:the|a|an|our|your|us|you|me|my|this|that|we|i|it|monday|tuesday|wednesday|thursday"
    r"|friday|saturday|sunday|zoom|teams|google|microsoft teams|google meet|meet|skype|ihnen"
    r"|uns|sie|dir|vous|nous|tu|usted|la|el|los|las|le|les|der|die|das|dem|den|am|um|de"
    r"|hiring|interview|recruiting|calendly|greenhouse|lever|workday|ashby|goodtime|linkedin"
    r"|\d+.*|(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*\.?\s\d.*|january|february|march|april|may|june|july|august|september|october"
    r"|november|december|mr|ms|mrs|dr|herr|frau|madame|monsieur|se[ñn]or[a]?|don|do[ñn]a"
    # the part of a "<X> Careers" team name that is not an employer
    r"|early|graduate|campus|student|university|global|central|corporate|group)$",
    re.IGNORECASE,
)
_LOWER_START = re.compile(r"^[a-zà-ÿ]")
_AGENCY = re.compile(
    r"recruitment|recruiting|search|staffing|personnel|personal(?:beratung|vermittlung)"
    r"|consult|headhunt|executive|talent(?:s|partners)?[-.]|partners|conseil|cabinet"
    r"|consultores|selecci[óo]n",
    re.IGNORECASE,
)
_CLIENT = re.compile(r"\b(?:my|our|the) client\b|\bkunden?\b|\bclient\b|\bcliente\b", re.I)
# Mail and hiring-tool vendors: their domain is never the employer's.
_VENDORS = frozenset(
    (
        "greenhouse",
        "greenhouse-mail",
        "lever",
        "ashbyhq",
        "workday",
        "myworkday",
        "myworkdayjobs",
        "smartrecruiters",
        "workable",
        "workablemail",
        "icims",
        "jobvite",
        "recruitee",
        "teamtailor",
        "personio",
        "bamboohr",
        "successfactors",
        "taleo",
        "softgarden",
        "join",
        "pinpointhq",
        "rippling",
        "hirevue",
        "goodtime",
        "calendly",
        "hackerrank",
        "hackerrankforwork",
        "codility",
        "linkedin",
        "indeed",
        "glassdoor",
        "xing",
        "stepstone",
        "welcometothejungle",
        "infojobs",
        "monster",
        "jobteaser",
        "hellowork",
        "apec",
        "totaljobs",
        "ziprecruiter",
        "wellfound",
        "sendgrid",
        "mailgun",
        "amazonses",
        "mandrillapp",
        "sparkpostmail",
        "mcsv",
        "mailchimp",
    )
)

# "el día lunes 17", "el próximo jueves", "el martes": a date follows the role.
_ES_DATE = r"el (?:d[íi]a|pr[óo]ximo|lunes|martes|mi[ée]rcoles|jueves|viernes|s[áa]bado|domingo)"
_ROLE_PATTERNS = (
    re.compile(
        # spaces, not \\s: the subject and the text are joined by a line break
        r"\b(?:application|candidature|candidatura|postulaci[óo]n|solicitud|bewerbung) "
        r"(?:for|pour|para|als|f[üu]r) (?:(?:the|le|la|el|die) )?(?:(?:post|position|role"
        r"|poste|puesto|stelle) (?:of|de|als) )?"
        r"(?P<r>(?:[A-ZÀ-Þ][\w/+#&-]*|de|of|en)(?: (?:[A-ZÀ-Þ][\w/+#&-]*|de|of|en)){0,5})"
        r"(?= (?:at|with|in|chez|en|bei)\b|[\n.,;:!?()]|$)"
    ),
    re.compile(
        r"\b(?:for|as)\s(?:the|a|an|our)\s(?:position|role|opening|job|post|vacancy)\s(?:of|as)\s"
        r"(?P<r>[^\n.,;:!?()]{3,80}?)(?=\s(?:at|with|in|position|role)\b|[\n.,;:!?()]|$)",
        re.IGNORECASE,
    ),
    re.compile(
        r"\b(?:for|to|about|regarding|in|of|on)\s(?:the|a|an|our|your)\s"
        r"(?P<r>(?:[A-Z][\w/+#&-]*\s?){1,6})"
        r"\s?(?:position|role|opening|job|vacancy)\b"
    ),
    re.compile(
        r"\b(?:als|Position als|Stelle als|Stelle des|Stelle der|Rolle als)\s"
        r"(?P<r>(?:[A-ZÄÖÜ][\w/()*:-]* ?){1,5})(?=\s(?:bei|in|im|an)\b|[\n.,;:!?]|$)"
    ),
    re.compile(
        # "an der Position Data Analyst", "auf die Stelle Werkstudent Marketing"
        r"\b(?:der|die)\s(?:Position|Stelle)\s(?!als\b|des\b|der\b|im\b|in\b|bei\b)"
        r"(?P<r>(?:[A-ZÄÖÜ][\w/*:+#-]*(?: |(?=[\n.,;:!?]|$))){1,4})"
        r"(?=\s?(?:bei|in|im|an|zu|einladen|kennenlernen)\b|\s?[\n.,;:!?]|$)"
    ),
    re.compile(
        r"\b(?:au|pour le|le|du)\sposte\s(?:de|d')\s?(?P<r>[^\n.,;:!?()]{3,60}?)"
        r"(?=\s(?:chez|au sein|à|a|que|pour|et)\b|[\n.,;:!?()]|$)",
        re.IGNORECASE,
    ),
    re.compile(
        r"\b(?:el|al|del|para el)\s(?:puesto|cargo)\sde\s(?P<r>[^\n.,;:!?()]{3,60}?)"
        rf"(?=\s(?:en|con|que|para|y|ha|han|fue|es|est[áa]|se|{_ES_DATE})\b|[\n.,;:!?()]|$)",
        re.IGNORECASE,
    ),
    re.compile(
        r"\b(?:la|una)\s(?:vacante|posici[óo]n)\sde\s(?P<r>[^\n.,;:!?()]{3,60}?)"
        rf"(?=\s(?:en|con|que|para|y|ha|han|fue|es|est[áa]|se|{_ES_DATE})\b|[\n.,;:!?()]|$)",
        re.IGNORECASE,
    ),
)
# "Interview: Senior Engineer at Acme", "Senior Engineer – Interview invitation"
_SUBJECT_ROLE = re.compile(
    r"(?:interview|entretien|entrevista|vorstellungsgespr[äa]ch|gespr[äa]ch)\w*"
    r"(?:\s(?:invitation|request|einladung|invitaci[óo]n|convocation|convocatoria))?"
    r"\s*(?:for|pour|para|f[üu]r|als|-|–|:|\|)\s*(?:the\s|le\s|el\s|die\s)?(?:position\s|role\s"
    r"|poste\s(?:de\s)?|puesto\s(?:de\s)?|stelle\s(?:als\s)?)?"
    r"(?P<r>[^\n|:–]{3,80}?)\s(?:at|chez|en|bei|@|-|–|\|)\s(?P<c>[^\n|:–()]{2,60})$",
    re.IGNORECASE,
)
_ROLE_WORD = re.compile(
    r"engineer|developer|manager|designer|analyst|scientist|architect|consultant|specialist"
    r"|lead|director|intern|administrator|officer|coordinator|assistant|accountant|associate"
    r"|technician|writer|editor|researcher|product|sales|marketing|support|devops|sre|data"
    r"|entwickler|ingenieur|berater|leiter|referent|sachbearbeiter|mitarbeiter|werkstudent"
    r"|praktikant|d[ée]veloppeu|ing[ée]nieur|chef|responsable|charg[ée]|consultant|stagiaire"
    r"|desarrollador|ingenier|gerente|jefe|analista|dise[ñn]ador|t[ée]cnico|becario|program"
    r"|bookkeeper|supervisor|owner|clerk|nurse|driver|operator|cashier|receptionist|teacher"
    r"|gestalter|kaufm|fachkraft|koordinator|assistenz|comptable|vendeu|contable|auxiliar"
    r"|technicien|contador|ejecutiv|vendedor|dependient|administrativ|comercial|commercial"
    r"|secr[ée]tar|juris|abogad|avocat|buchhalt|verk[äa]ufer|monteur|mechani|m[ée]cani"
    r"|electric|elektr|logisti|lager|almac|magasin|operari|ouvrier|conduct|chauffeur|fahrer"
    r"|cocin|cuisin|koch|camarer|serveu|kellner|enfermer|infirmi|pflege|m[ée]dic|arzt|profes"
    r"|lehrer|enseignant|educa|erzieher|agent|asesor|gestor|gestionnaire|controll|contr[ôo]leu"
    r"|audit|revisor|redakt|r[ée]dact|redactor|traduct|[üu]bersetz|translator|arquitect"
    r"|architekt|planner|planer|chercheur|investigador|forsch|trainee|apprenti|azubi"
    r"|auszubild|becari|pasante|conseill|recruiter|clerk|counsel|lawyer|paralegal|consultor"
    r"|coordinador|coordinat|directeur|directora?|jefa|responsable|leitung|referent|barista"
    r"|trainer|coach|tutor|nurse|pfleger|verk[äa]uf|vendedor",
    re.IGNORECASE,
)


# "Einladung zum Interview – Werkstudent Marketing (m/w/d)": a role with no company.
_SUBJECT_ROLE_ONLY = re.compile(
    r"(?:interview|entretien|entrevista|vorstellungsgespr[äa]ch)\w*"
    r"(?:\s(?:invitation|request))?\s*(?:for|pour|para|f[üu]r|als|-|–|:|\|)\s*"
    r"(?:the\s|le\s|el\s|die\s)?(?P<r>[^\n|:–@]{3,80})$",
    re.IGNORECASE,
)
_REF_TAG = re.compile(r"\s*\((?:ref|req|job|id|r-|nr|n°)[^)]{0,30}\)", re.IGNORECASE)
# German, and lately English, postings name the genders the role is open to.
_GENDER_TAG = re.compile(r"\s*\((?:[mwdfx]\s?/\s?){1,3}[mwdfx]\)|\s*\(all genders\)", re.I)


_INCLUSIVE = re.compile(r"\((?:e|ne|le|se|ère|rice|euse|a|in|innen|es)\)")


def _clean_role(value: str | None) -> str | None:
    if not value:
        return None
    role = _GENDER_TAG.sub("", _no_pictographs(sanitize_text(value, limit=MAX_FIELD)))
    role = role.strip(" \"'“”‘’«»-–")
    role = re.sub(r"^(?:the|a|an|our|le|la|el|die|der)\s", "", role, flags=re.IGNORECASE)
    role = re.sub(
        r"\s(?:role|position|job|opening|vacancy|stelle|poste|puesto)$", "", role, flags=re.I
    )
    if not 3 <= len(role) <= 80 or not _ROLE_WORD.search(role):
        return None
    return role


_NOT_A_COMPANY = re.compile(
    r"\b(?:interviews?|round|runde|entretiens?|entrevistas?|gespr[äa]ch\w*|assessment)\b", re.I
)
# Calendar programs title their mails "Invitation: SUMMARY @ DATE (ZONE) (ADDRESS)";
# the wrapper is theirs, the summary is what the organiser wrote.
_CAL_SUBJECT = re.compile(
    r"^(?:(?:updated |new )?invitation|einladung|aktualisierte einladung|invitaci[óo]n"
    r"|invitation mise [àa] jour)\s?:\s*(?P<s>.+?)(?:\s@\s.*)?$",
    re.IGNORECASE,
)


# A department of the employer, not its name ("Talento Grupo Alcázar", "HR Nordwerk"):
# which part is the company is a guess, and no guess beats a wrong one.
_DEPARTMENT = re.compile(
    r"^(?:talent(?:o|s)?|recruiting|recruitment|careers?|karriere|hr|rrhh|people|personal"
    r"|recrutement|selecci[óo]n|empleo|equipo|[ée]quipe|team|jobs|human resources"
    r"|recursos humanos|ressources humaines|personalabteilung)\s"
    r"|\s(?:talent acquisition|talento|recrutement|selecci[óo]n|rrhh|recursos humanos"
    r"|ressources humaines|personalabteilung)$",
    re.IGNORECASE,
)


def _clean_company(value: str | None) -> str | None:
    if not value:
        return None
    name = _no_pictographs(sanitize_text(value, limit=MAX_FIELD)).strip(" \"'“”‘’«».,-–!:")
    if _DEPARTMENT.search(name):
        return None
    name = re.sub(r"['’]s$", "", name)
    if not 2 <= len(name) <= 60 or _COMPANY_STOP.match(name) or _LOWER_START.match(name):
        return None
    if _NOT_A_COMPANY.search(name):
        return None  # "First Round Interviews": a step of the process, not an employer
    return name


def _domain_label(address: str) -> str | None:
    # The registered domain's first label (Public Suffix List), never a free mail
    # provider's: "acme" for jobs.acme.co.uk and for acme.github.io.
    return organisation_label(address)


_HONORIFIC_BEFORE = re.compile(
    r"(?:\b(?:mr|ms|mrs|dr|herr|frau|madame|monsieur|sr|sra|se[ñn]or|se[ñn]ora|m|mme)\.?"
    r"|\b(?:dear|hi|hello|hallo|bonjour|hola|estimad[oa]|liebe[rs]?|sehr geehrte[rs]?))\s$",
    re.IGNORECASE,
)
_IN_HOUSE = (
    r"\b(?:at|join|joining|with|bei|chez|en|de)\s{}\b"
    r"(?!\s(?:recruit|search|staffing|consult|partners))"
)


def _company(mail: Mail, text: str, subject_company: str | None, human: str) -> str | None:
    if subject_company:
        found = _clean_company(subject_company)
        if found:
            return found
    client = _CLIENT.search(text)
    for display in (mail.from_name, mail.reply_to_name):
        # "Lumen Freight Recruiting" writing "the team at Lumen Freight": the in-house
        # team, not an agency (an agency writes for "my client").
        m = _COMPANY_FROM_NAME.match(sanitize_text(display, limit=MAX_NAME))
        named = _clean_company(m.group(1) or m.group(2)) if m else None
        if named and not client and re.search(_IN_HOUSE.format(re.escape(named)), text):
            return named
    if is_noreply(mail.from_addr) or _vendor_domain(mail.from_addr):
        # An ATS sends in the employer's name: the name counts when the text uses it.
        name = sanitize_text(mail.from_name, limit=MAX_NAME)
        if (
            name
            and not client
            and _first_name(name) is None
            and not _AGENCY.search(name)
            # the job board or ATS itself ("InfoJobs", "Welcome to the Jungle")
            and re.sub(r"\W", "", name.lower()) not in _VENDORS
            and re.search(_IN_HOUSE.format(re.escape(name)), text)
        ):
            return _clean_company(name)
    if _AGENCY.search(f"{mail.from_name} {human} {mail.from_addr}") or client:
        # A recruitment agency writes for a client: its own name is not the company.
        return None
    for display in (mail.from_name, mail.reply_to_name):
        m = _COMPANY_FROM_NAME.match(sanitize_text(display, limit=MAX_NAME))
        if m:
            found = _clean_company(m.group(1) or m.group(2))
            if found and found in text:
                return found
    # A domain is evidence only when the text names the company the same way.
    addressee = {
        w.lower()
        for name, _ in mail.address_pairs("To")[:20]
        for w in re.findall(r"[^\W\d_]+", name or "")
    }
    for address in (human, mail.from_addr, mail.reply_to):
        label = _domain_label(address) if address else None
        if not label or len(label) < 3 or label in _VENDORS:
            continue
        spaced = re.escape(label).replace(r"\-", r"[\s-]?")
        m = re.search(rf"\b({spaced})\b", text, re.IGNORECASE)
        if m and (
            _HONORIFIC_BEFORE.search(text[max(0, m.start() - 20) : m.start()])
            or m.group(1).lower() in addressee
        ):
            continue  # "Herr Example": the addressee's name, not the company
        if m and m.group(1)[:1].isupper():
            if _AGENCY.match(text[m.end() : m.end() + 30].strip()):
                return None  # "Harbourline Recruitment": the agency, not the employer
            return _clean_company(m.group(1))
    return None


# A company name right after the role, within its sentence ("... role at Orchard Bank.").
_ORG_PHRASE = r"[A-ZÀ-Þ0-9][\w&'’-]*(?: (?:& )?[A-ZÀ-Þ0-9][\w&'’-]*){0,3}"
_ROLE_AT = re.compile(
    rf" ?(?:role|position|opening|job|vacancy)? (?:at|with|bei|chez) ({_ORG_PHRASE})"
    r"(?=[\s,.!;:)]|$)"
)


def _without_addressee(role: str | None, mail: Mail) -> str | None:
    """A role with the user's own name cut away ("Alex Example - Site Reliability Engineer"
    is a calendar title naming the candidate), or none when the name cannot be cut off."""
    if not role:
        return role
    for name, _ in mail.address_pairs("To")[:20]:
        name = " ".join((name or "").split())
        if len(name) < 3 or name.lower() not in role.lower():
            continue
        cut = re.sub(
            rf"^\s*{re.escape(name)}\s*[-–/|:,]\s*|\s*[-–/|:,(]\s*{re.escape(name)}\)?\s*$",
            "",
            role,
            flags=re.IGNORECASE,
        )
        if name.lower() in cut.lower():
            return None
        return _clean_role(cut)
    return role


def _vendor_domain(address: str) -> bool:
    labels = address.rpartition("@")[2].lower().split(".")
    return any(label in _VENDORS for label in labels)


def _role(subject: str, text: str) -> tuple[str | None, str | None]:
    m = _SUBJECT_ROLE.search(subject)
    if m:
        role = _clean_role(m.group("r"))
        if role:
            return role, m.group("c")
    # "(m/w/d)" and "Chargé(e)" name the genders a role is open to, not the role.
    full = _INCLUSIVE.sub("", _GENDER_TAG.sub("", f"{subject}\n{text}"))
    for pattern in _ROLE_PATTERNS:
        for found in pattern.finditer(full):
            role = _clean_role(found.group("r"))
            if role:
                after = _ROLE_AT.match(full, found.end())
                return role, after.group(1) if after else None
    m = _SUBJECT_ROLE_ONLY.search(subject)
    if m:
        # A subject that is only "Interview - <title>": names, companies and slashes
        # ("Alex Example / Data Analyst", "Engineer (Harrowgate)") make it a guess.
        rest = _REF_TAG.sub("", _GENDER_TAG.sub("", m.group("r")))
        if not re.search(
            r"[()/<>,]|\s(?:at|chez|bei|with|mit|avec|con|en|de|y|and|und|et)\s", rest
        ):
            return _clean_role(rest), None
    return None, None


# ----------------------------------------------------------------------------- time

_SLOT_LINE = re.compile(
    r"(?:\b(?:mon|tues?|wed(?:nes)?|thu(?:rs)?|fri|sat(?:ur)?|sun)(?:day)?\b|montag|dienstag"
    r"|mittwoch|donnerstag|freitag|lundi|mardi|mercredi|jeudi|vendredi|lunes|martes"
    r"|mi[ée]rcoles|jueves|viernes|\b\d{1,2}[./]\d{1,2}\b|\b\d{4}-\d{2}-\d{2}\b"
    r"|\b\d{1,2}\.? (?:jan|feb|m[äa]r|apr|ma[iy]|jun|jul|aug|sep|o[ck]t|nov|de[cz]|janv|f[ée]v"
    r"|avr|juin|juil|ao[ûu]t|d[ée]c|ene|abr|ago|dic)[a-zé]*"
    r"|\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]* \d{1,2}\b)"
    r"[^\n]{0,60}?(?:\b\d{1,2}(?::\d{2})?\s?(?:[ap]\.?m\.?|uhr|h\d{0,2})|\b\d{1,2}:\d{2})"
    r"(?:\s?(?:-|–|to|bis|à|a)\s?\d{1,2}(?::\d{2})?\s?(?:[ap]\.?m\.?|uhr|h\d{0,2})?)?"
    r"(?-i:\s?\(?(?:[A-Z]{2,5}|UTC[+-]?\d{0,2}|GMT[+-]?\d{0,2}|[A-Z][a-z]+/[A-Z][A-Za-z_]+)\)?"
    r"(?![a-z]))?",
    re.IGNORECASE,
)


_UNWRAP = re.compile(r"(?<=\S)[ \t]*\n(?=[ \t]*[^\s\-*•>])")


def _proposed_time(text: str, cal: Calendar | None) -> str | None:
    # Plain text is often wrapped at 72 columns, splitting "lunes 10 de\nmarzo a las
    # 9:30": a slot is looked for on whole lines first, then across single line breaks.
    m = _SLOT_LINE.search(text) or _SLOT_LINE.search(_UNWRAP.sub(" ", text))
    if m:
        return sanitize_text(m.group(0).strip(" -*•:"), limit=MAX_FIELD) or None
    if cal is not None and cal.dtstart_text:
        tz = f" ({cal.tzid})" if cal.tzid else ""
        return sanitize_text(cal.dtstart_text.replace("T", " ")[:16] + tz, limit=MAX_FIELD)
    return None


# ---------------------------------------------------------------------------- extract


def _first_link(links: Iterable[str], text: str) -> str | None:
    candidates = [u for u in links if is_scheduling_link(u)]
    candidates.sort(key=lambda u: 0 if u in text else 1)
    for url in candidates:
        if len(url) <= 2048 and not re.search(r"[\s<>\"\x00-\x1f\x7f]", url):
            return url
    return None


def _human_address(mail: Mail, cal: Calendar | None) -> tuple[str, str]:
    """The address and display name of the person to answer."""
    reply_pairs = mail.address_pairs("Reply-To")
    if reply_pairs and not is_noreply(reply_pairs[0][1]):
        name, addr = reply_pairs[0]
        if addr != mail.from_addr or not is_noreply(mail.from_addr):
            return addr, name
    if mail.from_addr and not is_noreply(mail.from_addr):
        return mail.from_addr, mail.from_name
    if cal is not None and cal.organizer and not is_noreply(cal.organizer):
        return cal.organizer, cal.organizer_name or ""
    return "", ""


def extract(mail: Mail, /) -> InvitationFacts:
    """The facts an invitation supports. Never raises; unknown facts are ``None``."""
    try:
        return _extract(mail)
    except Exception:  # the bare facts are still useful for a neutral reply
        return InvitationFacts(
            message_id=sanitize_message_id(mail.message_id),
            subject=sanitize_text(mail.subject, limit=MAX_SUBJECT),
            from_addr=sanitize_text(mail.from_addr, limit=254).replace(" ", ""),
            from_name=None,
            reply_to=None,
            references=(),
            date=None,
            language="en",
            greeting_name=None,
            company=None,
            role=None,
            proposed_time=None,
            scheduling_link=None,
            calendar_uid=None,
            calendar_organizer=None,
            calendar_sequence=None,
            calendar_tzid=None,
        )


def _extract(mail: Mail) -> InvitationFacts:
    subject = sanitize_text(mail.subject, limit=MAX_SUBJECT)
    text = mail.newest_text[:MAX_TEXT]
    try:
        cal = mail.calendar
    except Exception:  # a calendar that breaks late is no calendar
        cal = None
    request = cal if cal is not None and cal.method == "REQUEST" else None
    facts_cal = request or cal

    human_addr, human_name = _human_address(mail, facts_cal)
    reply_to = human_addr if human_addr and human_addr != mail.from_addr else None

    language = detect_language(
        f"{subject}\n{text}\n{facts_cal.summary} {facts_cal.description[:500]}"
        if facts_cal is not None
        else f"{subject}\n{text}"
    )
    contact, signed_first = _contact(human_name, human_addr, text, language)
    proposal = find_proposal(
        text,
        language=language,
        reference=mail.date.date() if mail.date else None,
        calendar_start=_calendar_start(request, mail),
    )

    wrapped = _CAL_SUBJECT.match(subject) if facts_cal is not None else None
    role_subject = wrapped.group("s") if wrapped else subject
    role, subject_company = _role(role_subject, " ".join(text.split()))
    role = _without_addressee(role, mail)
    company = _company(mail, f"{subject}\n{text}", subject_company, human_addr)
    if company is None:
        for pattern in _COMPANY_PATTERNS:
            m = pattern.search(subject)
            if m and re.search(r"interview|entretien|entrevista|gespr", subject, re.I):
                company = _clean_company(m.group(1))
                if company:
                    break

    references = tuple(
        r for r in (sanitize_message_id(x) for x in mail.references[-20:]) if r is not None
    )
    from_name = sanitize_text(mail.from_name, limit=MAX_NAME) or None
    organizer = facts_cal.organizer if facts_cal is not None else None
    seq = facts_cal.sequence if facts_cal is not None else None
    return InvitationFacts(
        message_id=sanitize_message_id(mail.message_id),
        subject=subject,
        from_addr=sanitize_text(mail.from_addr, limit=254).replace(" ", ""),
        from_name=from_name,
        reply_to=sanitize_text(reply_to, limit=254).replace(" ", "") or None,
        references=references,
        date=mail.date,
        language=language,
        greeting_name=contact.first if contact else None,
        company=company,
        role=role,
        proposed_time=_proposed_time(text, request),
        scheduling_link=_first_link(mail.links, text),
        calendar_uid=sanitize_text(facts_cal.uid, limit=250) or None if facts_cal else None,
        calendar_organizer=f"mailto:{organizer}" if organizer else None,
        calendar_sequence=seq if seq is None or 0 <= seq < 2**31 else None,
        calendar_tzid=sanitize_text(facts_cal.tzid, limit=100) or None if facts_cal else None,
        calendar_ics=request.ics if request is not None else None,
        register=detect_register(text, language),
        salutation=detect_salutation(text),
        contact_surname=contact.surname if contact else None,
        contact_title=contact.title if contact else None,
        contact_gender=contact.gender if contact else None,
        contact_honorific=contact.honorific if contact else None,
        signed_first_name=signed_first,
        slot_count=min(proposal.count, 20),
        slots=tuple(slot.encode() for slot in proposal.slots[:10]),
        twelve_hour=proposal.twelve_hour,
        month_first=proposal.month_first,
    )


def _calendar_start(request: Calendar | None, mail: Mail) -> datetime | date | None:
    """A calendar request's DTSTART as the invitation's own wall-clock time: in its
    TZID, or, for a UTC time, in the zone of the invitation's Date header."""
    if request is None or request.dtstart is None:
        return None
    start = request.dtstart
    if (
        isinstance(start, datetime)
        and start.tzinfo is not None
        and not request.tzid
        and mail.date is not None
        and mail.date.tzinfo is not None
    ):
        start = start.astimezone(mail.date.tzinfo)
    return start
