"""A lint for drafts, as a recruiter would read them.

Each check is a defect someone receiving the draft would notice: a pictograph, a
bracket that does not close or holds a sentence, a form label copied from the
invitation ("Uhrzeit:", "Hora:"), a raw ISO date, a sentence in another language, a
register that does not answer the invitation's (*Sie* to someone who wrote *du*,
"Hola" to someone who wrote "Estimado Sr."), a department greeted as a person, a
placeholder left in. :func:`complete` checks that a decline does its job: thanks,
declines clearly, gives the reason, keeps the door open.

The register the invitation used is judged here with simple markers of its own
(pronouns and greetings), apart from the code under test.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

__all__ = ["complete", "expected_register", "lint"]

# ---------------------------------------------------------------- invitation side

_T = {
    "de": re.compile(r"\b(?:du|dich|dir|dein\w*|euch)\b", re.I),
    "fr": re.compile(r"\b(?:tu|te|toi|ton|ta|tes)\b|\bt['’](?=[aeiouyh])", re.I),
    "es": re.compile(
        r"\b(?:tú|tu|tus|te|contigo|vos|tienes|puedes|podés|\w+(?:ar|er|ir)te)\b", re.I
    ),
}
_V = {
    "de": re.compile(r"(?<=[a-zäöüß,] )(?:Sie|Ihnen|Ihre?[mnrs]?)\b"),
    "fr": re.compile(r"\b(?:vous|votre|vos)\b", re.I),
    "es": re.compile(
        r"\b(?:usted(?:es)?|le (?:invitamos|agradecemos|proponemos|citamos|rogamos|escribimos"
        r"|informamos|solicitamos|extendemos|comunicamos))\b"
        r"|\bsu (?:candidatura|solicitud|perfil|interés|asistencia)",
        re.I,
    ),
}


def expected_register(invitation: str, inv_language: str, draft_language: str) -> str:
    """The register a careful person answers ``invitation`` in, in ``draft_language``."""
    text = invitation[:3000]
    if inv_language == "en":
        if draft_language != "en":
            return "formal"
        first = " ".join(ln.strip() for ln in text.splitlines() if ln.strip())[:60]
        head = first.lower()
        if re.match(r"\W*(?:hi|hey|hiya|morning)\b", head) or re.match(r"[a-z]", first[:1]):
            return "informal"
        if re.match(r"\W*(?:dear|good morning)\b", head):
            return "formal"
        return ""  # English without a clear greeting: either reads right
    t = len(_T[inv_language].findall(text))
    v = len(_V[inv_language].findall(text))
    if t > v:
        return "informal"
    if v > t:
        return "formal"
    return ""  # the invitation does not tell: either register reads right


_LETTER = re.compile(
    r"^\W*(?:sehr geehrte|(?:hallo|guten tag|liebe[rs]?|gr[üu]ezi) (?:herr|frau)\b"
    r"|dear (?:mr|ms|mrs|dr|sir|madam)\b|madame|monsieur|bonjour (?:monsieur|madame)\b"
    r"|estimad[oa] (?:sr|sra|señor)|sr\.? |muy señor)",
    re.I,
)


def _greets_with_title(invitation: str) -> bool:
    lines = [ln.strip() for ln in invitation.splitlines() if ln.strip()][:3]
    return any(_LETTER.match(ln) for ln in lines)


# --------------------------------------------------------------------- draft side

_DRAFT_T = {
    "de": re.compile(r"\b(?:du|dich|dir|dein\w*)\b", re.I),
    "fr": re.compile(r"\b(?:tu|te|toi|ton|ta|tes|hésite)\b|\bt['’](?=[aeiouyh])", re.I),
    "es": re.compile(
        r"\b(?:tú|te|ti|contigo|tu|tus|puedes|has|darte|agradecerte|recomendarte|desearte)\b",
        re.I,
    ),
}
_DRAFT_V = {
    "de": re.compile(r"(?<=[a-zäöüß,] )(?:Sie|Ihnen|Ihre?[mnrs]?)\b"),
    "fr": re.compile(r"\b(?:vous|votre|vos)\b", re.I),
    "es": re.compile(
        r"\b(?:usted|le|su|sus|suyas?|ha|puede|darle|agradecerle|recomendarle|desearle)\b", re.I
    ),
}
_LABELS = re.compile(
    r"\b(?:uhrzeit|datum|zeit|termin|ort|wann|hora|fecha|lugar|cu[áa]ndo|horario|time|date"
    r"|when|where|location|heure|lieu|quand|cr[ée]neau|slot|propuesta|organizer"
    r"|organisateur|organizador)\s?:",
    re.I,
)
_PLACEHOLDER = re.compile(
    r"(?i:your name|\{\{|\}\}|\{%|%\}|\[name\]|<name>|\bxxx\b|lorem|\bunknown\b|\bn/a\b"
    r"|first ?name|last ?name|\bsender\b|\bplaceholder\b)|\bNone\b|\bTODO\b"
)
_NOT_A_NAME = re.compile(
    r"\b(?:personnel|personal\w*|team|recruit\w*|talent\w*|hr|rrhh|human|ressources|recursos"
    r"|service|department|departamento|abteilung|office|section|careers?|jobs|noreply"
    r"|no-reply|unknown|sender|selecci[óo]n|equipo|[ée]quipe|people|acquisition)\b",
    re.I,
)


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


_STOP = {
    "en": _words("the and you to for with your is of are this that be have will our would i my"),
    "de": _words(
        "und der die das sie wir ihnen mit für nicht ist ein eine zu ihre ich mich meine den "
        "dem auf"
    ),
    "fr": _words(
        "le la les et vous nous pour avec des un une est votre vos au aux je ma mon de du"
    ),
    "es": _words("el la los las y usted para con que un una es su por mi de del en me he"),
}


def _pictographs(text: str) -> list[str]:
    return [
        ch
        for ch in text
        if unicodedata.category(ch) == "So"
        or 0x1F000 <= ord(ch) <= 0x1FAFF
        or 0xFE00 <= ord(ch) <= 0xFE0F
    ]


def _brackets(text: str) -> list[str]:
    problems = []
    depth = 0
    pairs = {"(": ")", "[": "]", "{": "}"}
    stack: list[str] = []
    for ch in text:
        if ch in pairs:
            stack.append(pairs[ch])
            depth = max(depth, len(stack))
        elif ch in pairs.values() and (not stack or stack.pop() != ch):
            problems.append("unbalanced brackets")
            break
    if stack:
        problems.append("unbalanced brackets")
    if depth > 1:
        problems.append("brackets inside brackets")
    if re.search(r"[.!?]\s*\)", text):
        problems.append("full stop inside brackets")
    return problems


def _sentence_language(sentence: str) -> tuple[str, int, int]:
    words = re.findall(r"[^\W\d_]+", sentence.lower())
    scores = {lang: sum(w in stop for w in words) for lang, stop in _STOP.items()}
    ranked = sorted(scores.items(), key=lambda kv: kv[1], reverse=True)
    return ranked[0][0], ranked[0][1], ranked[1][1]


@dataclass(frozen=True)
class Known:
    """The values the draft may quote in the invitation's language (names, role, company)."""

    values: tuple[str, ...] = ()


def lint(
    body: str,
    *,
    language: str,
    invitation: str,
    invitation_language: str,
    known: Known = Known(),
    signature: str = "",
) -> list[str]:
    """The defects of ``body``, a draft in ``language`` answering ``invitation``."""
    problems: list[str] = []
    if _pictographs(body):
        problems.append(f"pictographs: {''.join(_pictographs(body))!r}")
    problems += _brackets(body)
    for m in _LABELS.finditer(body):
        problems.append(f"form label copied: {m.group(0)!r}")
    if re.search(r"\b\d{4}-\d{2}-\d{2}\b", body):
        problems.append("raw ISO date")
    m = _PLACEHOLDER.search(body)
    if m:
        problems.append(f"placeholder left: {m.group(0)!r}")
    lines = [ln for ln in body.splitlines() if ln.strip()]
    greeting = lines[0] if lines else ""
    if _NOT_A_NAME.search(greeting):
        problems.append(f"a department greeted as a person: {greeting!r}")
    # One language: every sentence, with the quoted names, role and company masked.
    text = body
    for value in sorted(known.values, key=len, reverse=True):
        if value:
            text = text.replace(value, " ")
    if signature:
        text = text.replace(signature, " ")
    for sentence in re.split(r"(?<=[.!?:])\s+|\n+", text):
        best, top, second = _sentence_language(sentence)
        if best != language and top >= 2 and top > second + 1:
            problems.append(f"a sentence in {best}: {sentence.strip()!r}")
    # Register.
    expected = expected_register(invitation, invitation_language, language)
    problems += _register_problems(body, greeting, language, expected)
    first_name_greeting = re.match(r"^(?:hallo|hi|hey|hola|salut)\b", greeting, re.I)
    if first_name_greeting and language == invitation_language and _greets_with_title(invitation):
        problems.append(f"a first-name greeting to a letter that used titles: {greeting!r}")
    if language == "es" and "Atentamente" in body and _DRAFT_T["es"].search(body):
        problems.append("'Atentamente' in a letter that says tú")
    return problems


def _register_problems(body: str, greeting: str, language: str, expected: str) -> list[str]:
    if not expected:
        return []
    rest = body[len(greeting) :]
    if language == "en":
        casual = bool(re.match(r"^(?:hi|hey)\b", greeting, re.I))
        formal = bool(re.match(r"^dear\b", greeting, re.I))
        if expected == "formal" and casual:
            return [f"casual greeting to a formal letter: {greeting!r}"]
        if expected == "informal" and formal:
            return [f"formal greeting to a casual note: {greeting!r}"]
        return []
    t = _DRAFT_T[language].findall(rest)
    v = _DRAFT_V[language].findall(rest)
    if expected == "formal" and t:
        return [f"T forms ({', '.join(sorted(set(t)))}) in a draft that should say V"]
    if expected == "informal" and v:
        return [f"V forms ({', '.join(sorted(set(v)))}) in a draft that should say T"]
    if expected == "formal" and not v:
        return ["no V form in a formal draft"]
    if expected == "informal" and not t:
        return ["no T form in an informal draft"]
    return []


# ------------------------------------------------------------------- completeness

_THANKS = {
    "en": r"\bthank|\bthanks\b",
    "de": r"\bdank",
    "fr": r"\bmerci\b|\bremercie",
    "es": r"\bgracias\b|\bagradezco\b|\bagradecerle",
}
_DECLINES = {
    "en": r"withdraw|not to proceed|not to continue|not to go ahead",
    "de": r"zurückzuziehen|zurückziehen|nicht fortzusetzen|nicht fortsetzen",
    "fr": r"ne pas poursuivre|retirer ma candidature|ne pas donner suite|pas donner suite",
    "es": r"retirar mi candidatura|no continuar|no seguir adelante",
}
_DOOR = {
    "en": r"stay in touch|keep in contact|future (?:opportunities|roles|openings)"
    r"|keep me in mind|paths cross",
    "de": r"in Kontakt|künftige|wieder kreuzen|ein anderes Mal|etwas Passendes",
    "fr": r"en contact|futures opportunités|revenir vers moi|recroiser|me recontacter",
    "es": r"en contacto|futuras|saber de ti|cruzarse",
}


def complete(body: str, *, language: str, reason: str) -> list[str]:
    """What a decline in ``language`` fails to do: thank, decline, give ``reason``, keep
    the door open."""
    missing = []
    if not re.search(_THANKS[language], body, re.I):
        missing.append("does not thank")
    if not re.search(_DECLINES[language], body, re.I):
        missing.append("does not decline clearly")
    if reason and reason not in body:
        missing.append(f"does not give the reason {reason!r}")
    if not re.search(_DOOR[language], body, re.I):
        missing.append("does not keep the door open")
    return missing
