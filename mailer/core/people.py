"""Who wrote an invitation, and how: the person, their title, and the register.

A decline answers a person the way they wrote: "Sehr geehrte Frau Dr. Schmidt-Weber"
to a letter that began "Sehr geehrter Herr Example", "Hallo Lena" with *du* to a note
that said *du*. Everything here reads only what the message states:

* a person's name is taken apart into first name, surname and academic title
  ("Dr. Hannelore Schmidt-Weber"); a department or team ("Personnel Office",
  "Talent Acquisition", "RRHH") is no person;
* a gender is known only when the message says it: an honorific ("Mrs D. Pike",
  "Frau Lange", "Mme Roux", "Sra. Ortiz"), a job title that has one ("Personal-
  referentin", "Chargée de recrutement", "Directora"), or a Spanish "quedo atenta".
  A first name is never taken as evidence: wrong guesses are worse than none;
* the register is T or V (du/Sie, tu/vous, tú/usted) from the pronouns the message
  uses, and for English formal or casual from its greeting and sign-off;
* the salutation says how the invitation greeted the user: with a title and
  surname ("Sehr geehrter Herr Example", "Madame, Monsieur", "Estimado Sr."), with a
  first name ("Hallo Alex"), or with a full name ("Dear Alex Example").
"""

from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = [
    "NOT_A_PERSON",
    "Person",
    "Signature",
    "detect_register",
    "detect_salutation",
    "parse_person",
    "read_signatures",
]

#: Words that make a display name or signature a department, team or company.
NOT_A_PERSON = re.compile(
    r"\b(?:team|recruit\w*|talent|careers?|hr|jobs?|notifications?|no-?reply|hiring|inc|llc"
    r"|ltd|gmbh|ag|sa|sas|sarl|sl|s\.?a\.?|corp\w*|company|group|people|acquisition|greenhouse"
    r"|lever|workday|ashby|calendly|goodtime|support|service|admin|info|mail|office|the|via"
    r"|personal\w*|personnel|bewerber\w*|recrutement|rrhh|equipo|[ée]quipe|system|bot|noreply"
    r"|scheduling|talento|empleo|karriere|insurance|bank|labs?|systems|solutions|analytics"
    r"|software|technolog\w*|consulting|logistics|holdings?|partners|ressources|recursos"
    r"|coordinator|calendar|kalender|agenda|reclut\w*|selecci[óo]n|grupo|gruppe|groupe"
    r"|servicios|empresa|distribu\w*|soci[ée]t[ée]|department|departamento|abteilung|section"
    r"|manager|officer|human|resources|humaines|humanos|gesti[óo]n|personas|staff|admissions"
    r"|desk|verwaltung|direction|direcci[óo]n|sekretariat|secr[ée]tariat|assistenz"
    # German compounds name a unit by their last part ("Hochschulmarketing", "Personalbüro")
    r"|\w+(?:marketing|team|abteilung|b[üu]ro|referat|service|management)"
    # placeholders a converted or anonymised message carries
    r"|unknown|sender|anonymous|placeholder|user|nobody|unbekannt|inconnu|desconocido)\b",
    re.IGNORECASE,
)
_INITIAL = re.compile(r"^(?:[A-ZÀ-Þ]\.-?)+$")


class _NameWord:
    """A capitalised name ("Ayşe", "Schmidt-Weber", "O'Neill"), in any alphabet."""

    @staticmethod
    def match(word: str) -> bool:
        parts = re.split(r"[-'’]", word)
        if not parts[0] or not parts[0][0].isupper() or len(parts[0]) < 2:
            return False
        return all(
            p.isalpha() and (p[1:].islower() or len(p) == 1) and (i == 0 or p[0].isalpha())
            for i, p in enumerate(parts)
        )


_NAME_WORD = _NameWord()
_PARTICLE = frozenset(("von", "van", "de", "del", "della", "da", "di", "du", "le", "la", "zu", "y"))
# Honorifics and the gender they state; academic titles are kept, others dropped.
_HONORIFIC = {
    "frau": "f",
    "herr": "m",
    "herrn": "m",
    "mrs": "f",
    "ms": "f",
    "miss": "f",
    "mr": "m",
    "mme": "f",
    "madame": "f",
    "mlle": "f",
    "m": "m",
    "monsieur": "m",
    "sra": "f",
    "srta": "f",
    "señora": "f",
    "sr": "m",
    "señor": "m",
    "doña": "f",
    "don": "m",
    "dra": "f",
}
_ACADEMIC = re.compile(r"^(?:prof\.?|dr\.?|dra\.?)$", re.IGNORECASE)
_OTHER_TITLE = re.compile(
    r"^(?:i\.\s?a\.|i\.\s?v\.|ppa\.|mag\.|lic\.|ing\.|dipl\.-?\w*\.?|dr\.-ing\.|mba|phd|msc"
    r"|b\.?sc\.?|m\.?a\.?|ll\.?m\.?|cpa|sphr|shrm-cp|mr\.|ms\.)$",
    re.IGNORECASE,
)


@dataclass(frozen=True, slots=True)
class Person:
    """A person's name taken apart. ``first`` is ``None`` when only initials are known."""

    first: str | None
    surname: str | None
    title: str | None = None  # "Dr.", "Prof.", "Prof. Dr." (the academic title as written)
    gender: str | None = None  # "f" | "m", only when the message states it
    honorific: str | None = None  # as written, without its dot: "Mrs", "Ms", "Frau", "Sra"

    @property
    def full(self) -> str | None:
        if self.first and self.surname:
            return f"{self.first} {self.surname}"
        return None


def _honorific(word: str) -> str | None:
    return _HONORIFIC.get(word.lower().rstrip("."))


def parse_person(display: str | None, /) -> Person | None:
    """``display`` taken apart as a person's name, or ``None`` when it is not one.

    ``"Dr. Hannelore Schmidt-Weber"`` gives first name, surname and title;
    ``"Mrs D. Pike"`` a surname and a gender; ``"Doe, Jane"`` is reordered;
    ``"Personnel Office"`` and ``"Recruiting Team"`` are not persons.
    """
    if not display:
        return None
    name = " ".join(display.split()).strip("\"'“”‘’ ")
    name = re.split(r"\s+(?:via|über|from|at|de la part de|\||\(|–|-)\s+", name, maxsplit=1)[0]
    name = re.split(r"\s*[|,(]\s*(?=[A-Za-z]*\b(?:hr|talent|recruit))", name, maxsplit=1)[0]
    name = name.strip("\"' ()")
    if "," in name:
        left, _, right = name.partition(",")
        if _OTHER_TITLE.match(right.strip()) or right.strip().upper() in {"PHD", "MBA"}:
            name = left
        else:  # "Doe, Jane"
            name = f"{right.strip()} {left.strip()}"
    if "@" in name or NOT_A_PERSON.search(name):
        return None
    words = name.split()
    gender = honorific = None
    titles: list[str] = []
    while words:
        head = words[0]
        if _ACADEMIC.match(head):
            titles.append(head if head.endswith(".") else head + ".")
            if head.lower().startswith("dra"):
                gender = gender or "f"
        elif _honorific(head) is not None and len(words) > 1:
            gender = _honorific(head)
            honorific = head.rstrip(".").capitalize()
        elif _OTHER_TITLE.match(head):
            pass
        else:
            break
        words = words[1:]
    while words and _OTHER_TITLE.match(words[-1].strip(",")):
        words = words[:-1]
    if not 1 <= len(words) <= 4:
        return None
    if not all(
        _NAME_WORD.match(w) or _INITIAL.match(w) or (w.lower() in _PARTICLE and i > 0)
        for i, w in enumerate(words)
    ):
        return None
    title = " ".join(t.replace("Dra.", "Dr.").replace("dr.", "Dr.") for t in titles) or None
    if len(words) == 1:
        # One word: a first name when it stands alone, a surname after an honorific.
        if gender or title:
            return Person(None, words[0], title, gender, honorific)
        return Person(words[0], None, title) if _NAME_WORD.match(words[0]) else None
    first_words: list[str] = []
    rest = list(words)
    while len(rest) > 1 and (_INITIAL.match(rest[0]) or not first_words):
        first_words.append(rest.pop(0))
        if not _INITIAL.match(first_words[-1]):
            break
    first = None if all(_INITIAL.match(w) for w in first_words) else first_words[0]
    if first is not None and len(first) > 30:
        return None
    return Person(first, " ".join(rest), title, gender, honorific)


# ------------------------------------------------------------------- signatures

_SIGN_OFF = re.compile(
    r"^\s*(?:best(?: regards| wishes)?|kind regards|regards|warm(?:ly| regards)|cheers|thanks"
    r"|thank you|sincerely|yours sincerely|yours faithfully|yours truly|all the best"
    r"|many thanks|with best regards|best,|talk soon|speak soon|see you soon"
    r"|mit freundlichen gr[üu][ßs]en|viele gr[üu][ßs]e|beste gr[üu][ßs]e"
    r"|freundliche gr[üu][ßs]e|liebe gr[üu][ßs]e|herzliche gr[üu][ßs]e|gr[üu][ßs]e|gru[ßs]"
    r"|bis bald|danke und viele gr[üu][ßs]e|cordialement|bien cordialement|bien [àa] vous"
    r"|bien [àa] toi|salutations|meilleures salutations"
    r"|belle journ[ée]e|bonne journ[ée]e|[àa] bient[ôo]t|[àa] tr[èe]s vite|au plaisir"
    r"|merci et au plaisir|merci"
    r"|saludos(?: cordiales)?|atentamente|un saludo|un cordial saludo|un abrazo|abrazo"
    r"|cordialmente|quedo atent[oa]|gracias|¡saludos!|hablamos pronto)\s*[,!.]?\s*"
    # the name may follow on the same line: "Grüße, Ole", "Un abrazo, Pablo"
    r"(?:$|(?P<rest>(?-i:[A-ZÀ-Þ])[^,;:!?]{1,40})$)",
    re.IGNORECASE,
)
# Job titles that state a gender, per language: German "-in", French "-ée", "-ère",
# "-rice", Spanish "-a". English job titles state none ("Consultant", "Director").
_ROLE_GENDER = {
    "de": (
        r"\w*(?:referentin|leiterin|beraterin|managerin|recruiterin|assistentin|partnerin"
        r"|bearbeiterin|f[üu]hrerin|koordinatorin|spezialistin|mitarbeiterin|inhaberin"
        r"|personalerin|direktorin|vorst[äa]ndin)\b",
        r"\w*(?:referent|leiter|berater|assistent|bearbeiter|gesch[äa]ftsf[üu]hrer|koordinator"
        r"|spezialist|mitarbeiter|inhaber|direktor)\b",
    ),
    "fr": (
        r"\b(?:charg[ée]e|conseill[èe]re|consultante|directrice|recruteuse|assistante"
        r"|responsable\s[a-z]+\s(?:ravie|heureuse))\b",
        r"\b(?:charg[ée]|conseiller|consultant|directeur|recruteur|assistant)\b",
    ),
    "es": (
        r"\b(?:directora|consultora|coordinadora|reclutadora|t[ée]cnica|jefa|gestora|asesora"
        r"|quedo atenta)\b",
        r"\b(?:director|consultor|coordinador|reclutador|t[ée]cnico|jefe|gestor|asesor"
        r"|quedo atento)\b",
    ),
}


@dataclass(frozen=True, slots=True)
class Signature:
    """The name under an invitation and what the lines under it say."""

    name: str  # the name as signed ("Lena", "Dr. Helen Sykes")
    gender: str | None  # from the job title or sign-off, when it states one


def _role_gender(lines: list[str], language: str) -> str | None:
    if language not in _ROLE_GENDER:
        return None
    female_re, male_re = _ROLE_GENDER[language]
    text = " ".join(lines)
    female = bool(re.search(female_re, text, re.IGNORECASE))
    # A masculine word that is only the stem of the feminine one does not count.
    male = bool(re.search(male_re, re.sub(female_re, " ", text, flags=re.I), re.IGNORECASE))
    if female != male:
        return "f" if female else "m"
    return None


def read_signatures(text: str, language: str, /) -> list[Signature]:
    """The names after sign-offs ("Best regards,\\nJane Doe"), or on their line
    ("Grüße, Ole"), first first, each with the gender a job title under it states."""
    lines = [ln.strip() for ln in text.splitlines()]
    found: list[Signature] = []
    for i, line in enumerate(lines):
        m = _SIGN_OFF.match(line)
        if not m:
            continue
        rest = (m.group("rest") or "").strip(" ,")
        block = [x for x in lines[i + 1 : i + 5] if x][:3]
        if rest:
            name, after = rest, block
        elif block:
            name, after = block[0], block[1:]
        else:
            continue
        if len(name) > 80 or _SIGN_OFF.match(name):
            continue
        # "Jonas vom People-Team", "Mira von Kachelwerk", "Hugo – CEO @ Pikolo"
        name = re.split(r"\s+(?:vom|von der|von|de|from|@|–|-|\|)\s+", name, maxsplit=1)[0]
        name = re.split(r"\s*[|,]\s*", name, maxsplit=1)[0]
        gender = _role_gender([line, *after[:2]], language)
        found.append(Signature(name.strip(), gender))
    return found


# --------------------------------------------------------------------- register

_DE_INFORMAL = re.compile(
    r"\b(?:du|dich|dir|dein|deine|deinen|deinem|deiner|deines|euch|eure?)\b", re.I
)
_DE_FORMAL = re.compile(r"\b(?:Sie|Ihnen|Ihr|Ihre|Ihren|Ihrem|Ihrer|Ihres)\b")
_FR_INFORMAL = re.compile(r"\b(?:tu|te|toi|ton|ta|tes)\b|\bt['’](?=[aeiouyhéè])", re.I)
_FR_FORMAL = re.compile(r"\b(?:vous|votre|vos)\b", re.I)
_ES_INFORMAL = re.compile(
    r"\b(?:tú|tu|tus|te|ti|contigo|vos|tienes|puedes|quieres|podés|tenés|querés|podrías"
    r"|estás|eres|tendrías|escríbeme|dime|indícame|avísame|cuéntame|hacerte|invitarte"
    r"|conocerte|escribirte|entrevistarte|proponerte|contactarte|llamarte|ofrecerte|citarte"
    r"|contarte|verte|saludarte)\b"
    # any infinitive with an enclitic "te" ("gracias por inscribirte"), not the nouns and
    # adjectives that end the same way
    r"|\b(?!(?:suerte|fuerte|aparte|muerte|contraparte|baluarte|estandarte)\b)\w{2,}(?:ar|er|ir)te\b",
    re.I,
)
_ES_FORMAL = re.compile(
    r"\b(?:usted(?:es)?|le (?:invitamos|escribimos|agradecemos|agradeceremos|proponemos"
    r"|citamos|rogamos|comunicamos|informamos|solicitamos|extendemos|viene|vendría|interesa"
    r"|contactamos|escribo|confirmamos|queda|convocamos|esperamos)|invitarle|conocerle"
    r"|ofrecerle|citarle|agradecerle|comunicarle|informarle|contactarle|proponerle"
    r"|(?:su|sus) (?:candidatura|perfil|inter[ée]s|solicitud|disponibilidad|asistencia|cv"
    r"|curr[íi]culum|postulaci[óo]n|experiencia|tiempo|respuesta)|podr[íi]a indicarnos"
    r"|estimad[oa] s(?:r|ra)\.|atentamente)\b",
    re.I,
)
_EN_CASUAL_GREETING = re.compile(r"^\W*(?:hi|hey|hiya|heya|morning|yo|howdy)\b", re.I)
_EN_FORMAL_GREETING = re.compile(r"^\W*(?:dear|good (?:morning|afternoon))\b", re.I)
_EN_FORMAL_CLOSE = re.compile(
    r"^\s*(?:yours (?:sincerely|faithfully|truly)|sincerely|kind regards|best regards"
    r"|with best regards|regards|respectfully)\b",
    re.I | re.M,
)
_EN_CASUAL_CLOSE = re.compile(
    r"^\s*(?:cheers|thanks!?|talk soon|speak soon|see you soon|best,?|all the best"
    r"|warmly|have a great (?:day|week))\s*,?\s*$",
    re.I | re.M,
)


def _first_lines(text: str, count: int = 3) -> list[str]:
    return [ln.strip() for ln in text.splitlines() if ln.strip()][:count]


def _mid_sentence(text: str, pattern: re.Pattern[str]) -> int:
    """Matches of ``pattern`` that do not begin a sentence or a line."""
    count = 0
    for m in pattern.finditer(text):
        before = text[: m.start()].rstrip(" \t")
        if before and before[-1] not in ".!?:\n":
            count += 1
    return count


def detect_register(text: str, language: str, /) -> str:
    """``"formal"`` (Sie, vous, usted; English letter style), ``"informal"`` (du, tu,
    tú, vos; English casual), or ``""`` when the text does not tell."""
    text = text[:3000]
    if language == "de":
        t, v = len(_DE_INFORMAL.findall(text)), _mid_sentence(text, _DE_FORMAL)
        v += 2 * bool(re.search(r"\bsehr geehrte", text, re.I))
    elif language == "fr":
        t, v = len(_FR_INFORMAL.findall(text)), len(_FR_FORMAL.findall(text))
        t += bool(re.search(r"^\W*salut\b", text, re.I | re.M))
    elif language == "es":
        t, v = len(_ES_INFORMAL.findall(text)), 2 * len(_ES_FORMAL.findall(text))
    else:
        head = " ".join(_first_lines(text, 2))
        if _EN_FORMAL_GREETING.match(head) or re.search(
            r"\b(?:dear (?:sir|madam)|mr\.? |mrs\.? |ms\.? )", head, re.I
        ):
            return "formal"
        if _EN_CASUAL_GREETING.match(head) or re.match(r"^[a-z]", head):
            return "informal"
        formal, casual = len(_EN_FORMAL_CLOSE.findall(text)), len(_EN_CASUAL_CLOSE.findall(text))
        if casual > formal or (re.match(r"^\W*hello\b", head, re.I) and not formal):
            return "informal"
        return "formal" if formal else ""
    if t > v:
        return "informal"
    if v > t:
        return "formal"
    return ""


# ------------------------------------------------------------------- salutation

_GREETING_WORD = (
    r"(?:sehr geehrte[rs]?(?:/r)?|liebe[rs]?(?:/r)?|hallo|guten (?:tag|morgen)|gr[üu]ezi"
    r"|gr[üu][ßs] gott|moin|hi|hey|hello|dear|good (?:morning|afternoon)|morning"
    r"|estimad[oa]s?(?:/a)?|apreciad[oa]|hola|buen(?:os)? d[íi]as?|buenas tardes"
    r"|bonjour|bonsoir|cher|ch[èe]re|salut|hello)"
)
_TITLE_WORD = (
    r"(?:herrn?|frau|mr\.?|ms\.?|mrs\.?|miss|dr\.?|prof\.?|sr\.?|sra\.?|srta\.?|se[ñn]or[a]?"
    r"|don|do[ñn]a|monsieur|madame|mademoiselle|m\.|mme\.?|mlle\.?|lic\.)"
)
_CEREMONIOUS = re.compile(
    r"^\W*(?:sehr geehrte damen und herren|madame,? monsieur|monsieur,? madame|madame|monsieur"
    r"|dear sir(?: or madam|/madam)?|dear madam|to whom it may concern|estimad[oa]s? se[ñn]or"
    r"|muy se[ñn]or|a quien corresponda|sehr geehrte[rs]?(?:/r)?\b"
    rf"|{_TITLE_WORD}\s+[A-ZÀ-Þ])",
    re.IGNORECASE,
)
_TITLED = re.compile(rf"^\W*{_GREETING_WORD}?\s*,?\s*{_TITLE_WORD}\s+[A-ZÀ-Þ]", re.IGNORECASE)
_BY_NAME = re.compile(
    rf"^\W*{_GREETING_WORD}\s*,?\s+(?P<n>[A-ZÀ-Þ][\w'’-]+(?:\s[A-ZÀ-Þ][\w'’-]+)?)\s*[,:!;.]?",
    re.IGNORECASE,
)


_LETTER_GREETING = re.compile(
    r"^\W*(?:sehr geehrte|dear|estimad[oa]|apreciad[oa]|muy se[ñn]or|madame|monsieur"
    rf"|to whom|a quien|{_TITLE_WORD}\s+[A-ZÀ-Þ])",
    re.IGNORECASE,
)


def detect_salutation(text: str, /) -> str:
    """How the invitation greeted its reader.

    ``"letter"``: a formal letter's opening, with an honorific or none ("Sehr geehrter
    Herr Example", "Dear Mr Example", "Madame, Monsieur", "Estimado Sr. Example",
    "Dear Sir or Madam"); ``"title"``: an honorific in a plainer greeting ("Hallo Herr
    Example", "Bonjour Monsieur Example"); ``"first"``: a first name ("Hallo Alex");
    ``"full"``: first name and surname ("Dear Alex Example"); ``""``: no greeting.
    """
    for line in _first_lines(text, 3):
        if _TITLED.match(line) or _CEREMONIOUS.match(line):
            return "letter" if _LETTER_GREETING.match(line) else "title"
        m = _BY_NAME.match(line)
        if m:
            name = m.group("n")
            if name.lower() in {"there", "all", "everyone", "team", "together"}:
                return ""
            return "full" if " " in name else "first"
        if re.match(rf"^\W*{_GREETING_WORD}\W*$", line, re.IGNORECASE):
            return ""
    return ""
