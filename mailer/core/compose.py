"""Writing the decline and the thank-you follow-up as complete RFC 5322 messages.

Every header value that comes from an inbound message passes through
:mod:`mailer.core.headers` first, and the finished message is parsed back and its
header set compared with what we meant to write: a message that fails that check
raises :class:`MessageError` (the caller treats it as poison) instead of going out.
"""

from __future__ import annotations

import email.parser
import email.policy
import email.utils
import hashlib
import re
from collections.abc import Mapping, Sequence
from datetime import datetime
from email.headerregistry import Address
from email.message import EmailMessage

from mailer.core.addresses import is_robot_address
from mailer.core.headers import (
    MAX_NAME,
    MAX_SUBJECT,
    address_for_sending,
    clean_header_text,
    clean_message_id,
    parse_addresses,
    reply_subject,
    thread_references,
)
from mailer.core.itip import decline_reply
from mailer.core.model import (
    DeclineSettings,
    Draft,
    GuardResult,
    Identity,
    InvitationFacts,
    Wording,
)
from mailer.core.templates import DEFAULT_LANGUAGE, LANGUAGES, Templates
from mailer.core.when import SpelledSlot, parse_slot, spell_slot
from mailer.errors import MessageError

__all__ = [
    "build_context",
    "choose_language",
    "compose_decline",
    "compose_followup",
    "display_names",
    "draft_register",
    "omissions",
]

_ID_HEADERS = frozenset({"message-id", "in-reply-to", "references"})


class _Policy(email.policy.EmailPolicy):
    """``email.policy.SMTP``, except that Message-ID headers fold only between ids.

    The stock folder cannot break a long token and turns it into an RFC 2047
    encoded word instead, which makes an In-Reply-To or References unreadable.
    Our ids are validated ASCII without spaces, so folding at the spaces between
    them is always possible and correct (RFC 5322 3.2.2, 3.6.4).
    """

    def _fold_ids(self, name: str, value: str) -> str:
        limit = self.max_line_length or 78
        lines: list[str] = []
        line = f"{name}:"
        for mid in str(value).split():
            if len(line) + 1 + len(mid) > limit and line != f"{name}:":
                lines.append(line)
                line = ""
            line += f" {mid}"
        lines.append(line)
        return self.linesep.join(lines) + self.linesep

    def fold(self, name: str, value: str) -> str:
        if name.lower() in _ID_HEADERS:
            return self._fold_ids(name, value)
        folded: str = super().fold(name, value)
        return folded

    def fold_binary(self, name: str, value: str) -> bytes:
        if name.lower() in _ID_HEADERS:
            return self._fold_ids(name, value).encode("ascii")
        folded: bytes = super().fold_binary(name, value)
        return folded


# CRLF line endings and 78-character folding (RFC 5322 2.1.1, 2.2.3).
_POLICY = _Policy(linesep="\r\n")
_VARIANTS = 3


def choose_language(*candidates: str | None) -> str:
    """The first candidate we have templates for, else English."""
    for cand in candidates:
        code = (cand or "").strip().lower()[:2]
        if code in LANGUAGES:
            return code
    return DEFAULT_LANGUAGE


def _optional(value: str | None, limit: int) -> str | None:
    text = clean_header_text(value or "", limit=limit)
    return text or None


def _sentence(value: str) -> str:
    """The user's own words as one sentence, ending in punctuation."""
    text = clean_header_text(value, limit=500)
    if text and text[-1] not in ".!?…":
        text += "."
    return text


def _signature(value: str) -> str:
    # A signature may span lines; each line is cleaned on its own.
    lines = [clean_header_text(line, limit=200) for line in value.splitlines()]
    return "\n".join(lines).strip()


def _variant(facts: InvitationFacts, salt: str) -> int:
    # Deterministic (the same invitation always gets the same text), but spread
    # over the phrasings so that two invitations rarely read alike even when the
    # details are the same.
    key = "\0".join(
        (
            salt,
            facts.message_id or "",
            facts.subject,
            facts.from_addr,
            facts.company or "",
            facts.role or "",
        )
    )
    return hashlib.sha256(key.encode("utf-8", "replace")).digest()[0] % _VARIANTS


def draft_register(facts: InvitationFacts, language: str, /) -> str:
    """``"formal"`` or ``"informal"``: the invitation's register, carried into ``language``.

    T/V carries between German, French and Spanish (du is tu is tú). English casual
    says nothing about T/V, so an English invitation answered in another language
    gets the polite form; a T or V invitation answered in English gets English's
    casual or formal register. Unknown is formal.
    """
    register = facts.register if facts.register in ("formal", "informal") else ""
    if language != facts.language and facts.language == "en":
        return "formal"
    return register or "formal"


def _greeting(facts: InvitationFacts, register: str, language: str) -> dict[str, object]:
    """Whom to greet and how, in words no language owns (the templates word it).

    ``mode`` is ``"title"`` (an honorific or academic title and the surname: the
    invitation greeted with one, and the message states the writer's gender or
    title), ``"full"`` (first name and surname), ``"first"`` (a first name: the
    invitation used first names, or was signed with one), or ``"generic"`` (no
    person: a department, a team, a robot). ``letter`` is True when the invitation
    opened like a formal letter ("Sehr geehrte", "Madame, Monsieur", "Dear Sir").
    """
    first = _optional(facts.greeting_name, 60)
    surname = _optional(facts.contact_surname, 60)
    title = _optional(facts.contact_title, 20)
    gender = facts.contact_gender if facts.contact_gender in ("f", "m") else None
    honorific = _optional(facts.contact_honorific, 12)
    titled = facts.salutation in ("letter", "title")
    if titled and not facts.signed_first_name and surname and (gender or title):
        mode = "title"
    elif first and surname and not facts.salutation and register == "formal" and language != "en":
        mode = "full"  # no greeting to follow (a calendar request): the polite form
    elif first and (register == "informal" or facts.signed_first_name or not titled):
        mode = "first" if (facts.salutation != "full" or register == "informal") else "full"
    elif first and surname:
        mode = "full"
    elif first:
        mode = "first"
    elif surname and (gender or title):
        mode = "title"  # "Mrs D. Pike": no first name, but an honorific
    else:
        mode = "generic"
    return {
        "mode": mode,
        "letter": facts.salutation == "letter",
        "first": first,
        "surname": surname,
        "full": f"{first} {surname}" if first and surname else None,
        "title": title,
        "gender": gender,
        "honorific": honorific,
    }


def _slots(facts: InvitationFacts, language: str) -> tuple[int, SpelledSlot | None]:
    """How many times were proposed, and the one known exactly, spelled for ``language``."""
    known = [s for s in (parse_slot(x) for x in facts.slots) if s is not None]
    count = max(facts.slot_count, len(known))
    if count != 1 or not known:
        return count, None
    return count, spell_slot(
        known[0], language=language, twelve_hour=facts.twelve_hour, month_first=facts.month_first
    )


def _wording(
    wording: Wording,
    what: str,
    *,
    language: str,
    register: str,
    templates: Templates | None,
) -> str:
    """The user's reason or offer as sentences in ``language``, or "" when there are none.

    A keyword is worded by ``<language>/wording.txt.j2``; the user's own words are
    used only in their own language.
    """
    if wording.keyword and templates is not None:
        text = templates.render(
            "wording",
            language,
            {"what": what, "key": wording.keyword, "register": register, "language": language},
        )
        return " ".join(text.split())
    words = wording.own_words(language)
    return _sentence(words) if words else ""


def omissions(settings: DeclineSettings, language: str, /) -> tuple[str, ...]:
    """What a draft in ``language`` leaves out of what the user asked to say."""
    notes = []
    for what, wording in (("reason", settings.reason), ("offer", settings.offer)):
        if wording.lacks(language):
            have = ", ".join(wording.languages)
            notes.append(
                f"no {what} in this draft: [decline] {what} has no {language} text "
                f'(only {have}); add {language} = "..." or use a keyword'
            )
    return tuple(notes)


def build_context(
    facts: InvitationFacts,
    /,
    *,
    identity: Identity,
    settings: DeclineSettings,
    variant: int = 0,
    language: str | None = None,
    templates: Templates | None = None,
) -> dict[str, object]:
    """What templates see. Inbound values are reduced to one clean line each.

    ``language`` is the draft's (default: ``settings.language`` or the invitation's);
    ``templates`` words the keyword reasons and offers (without it they are left out).
    """
    lang = language or choose_language(settings.language, facts.language)
    register = draft_register(facts, lang)
    slot_count, slot = _slots(facts, lang)
    when = None
    if slot is not None:
        when = {"date": slot.date, "weekday": slot.weekday, "time": slot.time, "hour": slot.hour}
    legacy_time = None
    if slot is not None:
        legacy_time = ", ".join(p for p in (slot.date or slot.weekday, slot.time) if p) or None
    return {
        "language": lang,
        "register": register,
        "greeting": _greeting(facts, register, lang),
        "greeting_name": _optional(facts.greeting_name, 60),
        "company": _optional(facts.company, 100),
        "role": _optional(facts.role, 120),
        "slot_count": slot_count,
        "when": when,
        # Kept for templates written before "when": the known time in the draft's
        # language, never the invitation's own words.
        "proposed_time": legacy_time,
        "scheduling_link": _optional(facts.scheduling_link, 500),
        "subject": clean_header_text(facts.subject, limit=MAX_SUBJECT),
        "reason": _wording(
            settings.reason, "reason", language=lang, register=register, templates=templates
        ),
        "offer": _wording(
            settings.offer, "offer", language=lang, register=register, templates=templates
        ),
        "signature": _signature(settings.signature or identity.name),
        "user_name": clean_header_text(identity.name, limit=MAX_NAME),
        "variant": variant,
    }


_BLANK_RUNS = re.compile(r"\n{3,}")
_BODY_CONTROLS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f\u2028\u2029]")


def _tidy(text: str) -> str:
    """Trailing spaces off, at most one blank line in a row, one final newline."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = _BODY_CONTROLS.sub("", text)
    lines = [line.rstrip() for line in text.split("\n")]
    text = _BLANK_RUNS.sub("\n\n", "\n".join(lines)).strip("\n")
    if not text.strip():
        raise MessageError("the template rendered an empty message")
    return text + "\n"


def _address(name: str | None, addr: str) -> Address:
    # IDN domains as A-labels; addresses no server would take refused with a reason.
    spec = address_for_sending(addr)
    try:
        return Address(display_name=clean_header_text(name or "", limit=MAX_NAME), addr_spec=spec)
    except (ValueError, IndexError) as exc:  # HeaderParseError is a ValueError
        raise MessageError(f"not an address we can write: {addr!r}") from exc


def _build(
    *,
    sender: Address,
    recipients: Sequence[Address],
    subject: str,
    in_reply_to: str | None,
    references: Sequence[str],
    now: datetime,
    message_id: str,
    body: str,
    calendar: bytes | None = None,
    auto_submitted: bool = False,
) -> bytes:
    if now.tzinfo is None or now.utcoffset() is None:
        raise MessageError("now must be timezone-aware")
    mid = clean_message_id(message_id)
    if mid is None:
        raise MessageError(f"not a safe Message-ID: {message_id!r}")
    msg = EmailMessage(policy=_POLICY)
    msg["From"] = sender
    msg["To"] = recipients
    msg["Subject"] = subject
    msg["Date"] = email.utils.format_datetime(now)
    msg["Message-ID"] = mid
    if in_reply_to:
        msg["In-Reply-To"] = in_reply_to
    if references:
        msg["References"] = " ".join(references)
    if auto_submitted:
        # RFC 3834 5: marks the message as automatic, so that out-of-office
        # responders do not answer it.
        msg["Auto-Submitted"] = "auto-generated"
    # Quoted-printable keeps the message 7-bit clean for servers without 8BITMIME
    # and still readable as source.
    msg.set_content(body, subtype="plain", charset="utf-8", cte="quoted-printable")
    if calendar is not None:
        # RFC 6047 2.4: the iTIP object travels as text/calendar with its method.
        msg.add_alternative(
            calendar.decode("utf-8", "replace"),
            subtype="calendar",
            charset="utf-8",
            cte="quoted-printable",
            params={"method": "REPLY"},
        )
    try:
        raw = msg.as_bytes(policy=_POLICY)
    except (ValueError, UnicodeError) as exc:
        raise MessageError(f"cannot serialise the message: {exc}") from exc
    _check(raw, expected=[k.lower() for k in msg], subject=subject, recipients=recipients)
    return raw


def _check(raw: bytes, *, expected: list[str], subject: str, recipients: Sequence[Address]) -> None:
    """Parse our own output back: same headers, same subject, same recipients.

    Defence in depth against header injection (CVE-2024-6923 affects the very
    CPython versions this may run on): whatever the cleaning missed shows up here.
    """
    if b"\r\n\r\n" not in raw:
        raise MessageError("composed message has no header/body separator")
    head = raw.split(b"\r\n\r\n", 1)[0]
    for line in head.split(b"\r\n"):
        if b"\r" in line or b"\n" in line or b"\0" in line or len(line) > 998:
            raise MessageError("composed message has a malformed header line")
    parsed = email.parser.BytesHeaderParser(policy=email.policy.default).parsebytes(raw)
    got = [k.lower() for k in parsed]
    if sorted(got) != sorted(expected):
        raise MessageError(f"composed headers {got} differ from the intended {expected}")
    try:
        # Compared without whitespace: folding may move a value whole onto the next
        # line (RFC 5322 2.2.3 unfolding then leaves a leading space), and RFC 2047
        # drops the space between two adjacent encoded words. Neither changes what
        # the header says; an injection would change the header set checked above.
        same_subject = "".join(str(parsed["Subject"]).split()) == "".join(subject.split())
        got_to = [a.addr_spec.lower() for a in parsed["To"].addresses]
    except (ValueError, AttributeError, TypeError) as exc:
        raise MessageError(f"composed headers do not parse back: {exc}") from exc
    if not same_subject:
        raise MessageError("composed Subject does not read back as written")
    if got_to != [a.addr_spec.lower() for a in recipients]:
        raise MessageError("composed To does not read back as written")


def _render(templates: Templates, name: str, language: str, context: Mapping[str, object]) -> str:
    return _tidy(templates.render(name, language, context))


def compose_decline(
    facts: InvitationFacts,
    /,
    *,
    guard: GuardResult,
    identity: Identity,
    settings: DeclineSettings,
    templates: Templates,
    now: datetime,
    message_id: str,
) -> Draft:
    """The decline of ``facts`` as a draft reply to the address the guard chose.

    Threaded to the invitation (In-Reply-To and References, RFC 5322 3.6.4), one
    ``Re:``, in ``settings.language`` or else the invitation's language. When the
    invitation holds a calendar request, an iTIP METHOD:REPLY with PARTSTAT=DECLINED
    rides along as the ``text/calendar`` alternative (RFC 6047).
    ``message_id`` is the draft's own id, e.g. from
    :func:`mailer.core.headers.make_message_id` on the user's domain.
    Raises :class:`MessageError` when the guard refused or the message cannot be
    composed safely.
    """
    if not guard.allowed or guard.to is None:
        raise MessageError(f"no draft: the guard refused ({guard.rule})")
    language = choose_language(settings.language, facts.language)
    context = build_context(
        facts,
        identity=identity,
        settings=settings,
        variant=_variant(facts, "decline"),
        language=language,
        templates=templates,
    )
    body = _render(templates, "decline", language, context)
    parent = clean_message_id(facts.message_id)
    references = thread_references(facts.references, parent)
    calendar = None
    if facts.calendar_ics:
        calendar = decline_reply(
            facts.calendar_ics, identity=identity, now=now, uid=facts.calendar_uid
        )
    subject = reply_subject(facts.subject)
    to = _address(guard.to_name, guard.to)
    raw = _build(
        sender=_address(identity.name, identity.email),
        recipients=[to],
        subject=subject,
        in_reply_to=parent,
        references=references,
        now=now,
        message_id=message_id,
        body=body,
        calendar=calendar,
    )
    return Draft(
        message_id=clean_message_id(message_id) or message_id,
        to=to.addr_spec,
        subject=subject,
        body=body,
        raw=raw,
        language=language,
        notes=omissions(settings, language),
    )


def display_names(facts: InvitationFacts, draft_raw: bytes | None, /) -> dict[str, str]:
    """Addresses and the display names the invitation and the draft gave them.

    A sent decline's recipients are kept as bare addresses; a follow-up to
    ``Jane Roe <jane@acme.example>`` should not go to a bare ``jane@acme.example``.
    """
    names: dict[str, str] = {}
    if facts.from_addr and facts.from_name:
        names[facts.from_addr.lower()] = facts.from_name
    if draft_raw:
        head = draft_raw.split(b"\r\n\r\n", 1)[0] + b"\r\n\r\n"
        parsed = email.parser.BytesHeaderParser(policy=email.policy.compat32).parsebytes(head)
        for name, addr in parse_addresses(parsed.get_all("To") or []):
            if name:
                names[addr.lower()] = name
    return names


def compose_followup(
    facts: InvitationFacts,
    /,
    *,
    identity: Identity,
    settings: DeclineSettings,
    recipients: Sequence[str],
    subject: str,
    in_reply_to: str,
    references: Sequence[str],
    templates: Templates,
    now: datetime,
    message_id: str,
    language: str = "",
    auto_submitted: bool = True,
    names: Mapping[str, str] | None = None,
) -> Draft:
    """The thank-you follow-up, threaded to the decline as it was actually sent.

    ``recipients``, ``subject``, ``in_reply_to`` and ``references`` describe the
    sent decline: its To/Cc addresses (``"Name <addr>"`` or bare), its Subject, its
    Message-ID and its References. The follow-up answers it: In-Reply-To is the
    decline's Message-ID and References its References plus that id. ``language``
    should be the decline's; empty means ``settings.language`` or the invitation's.
    ``message_id`` is made when the follow-up is scheduled and kept, so that a
    retry is recognisable. ``Auto-Submitted: auto-generated`` (RFC 3834) is set
    unless ``auto_submitted`` is False. ``names`` maps addresses to display names
    for recipients given bare (``To: Jane Roe <jane@...>``, not ``To: jane@...``).
    Raises :class:`MessageError` when a recipient is missing or unsafe.
    """
    pairs = parse_addresses(recipients)
    if not pairs:
        raise MessageError("a follow-up needs at least one readable recipient")
    robots = [addr for _, addr in pairs if is_robot_address(addr)]
    if robots:
        # mail-rules: no automatic message ever goes to a no-reply or robot address.
        raise MessageError(f"no follow-up to robot addresses: {', '.join(robots)}")
    parent = clean_message_id(in_reply_to)
    if parent is None:
        raise MessageError(f"the sent decline's Message-ID is not safe: {in_reply_to!r}")
    chosen = choose_language(language, settings.language, facts.language)
    context = build_context(
        facts,
        identity=identity,
        settings=settings,
        variant=_variant(facts, "followup"),
        language=chosen,
        templates=templates,
    )
    body = _render(templates, "followup", chosen, context)
    reply = reply_subject(subject)
    # The sent decline's To may have lost the display names (a bare address, or an
    # address kept in lower case): the names the invitation gave are put back.
    known = {addr.lower(): name for addr, name in (names or {}).items() if name}
    to = [_address(name or known.get(addr.lower()), addr) for name, addr in pairs]
    raw = _build(
        sender=_address(identity.name, identity.email),
        recipients=to,
        subject=reply,
        in_reply_to=parent,
        references=thread_references(references, parent),
        now=now,
        message_id=message_id,
        body=body,
        auto_submitted=auto_submitted,
    )
    return Draft(
        message_id=clean_message_id(message_id) or message_id,
        to=", ".join(a.addr_spec for a in to),
        subject=reply,
        body=body,
        raw=raw,
        language=chosen,
        notes=omissions(settings, chosen),
    )
