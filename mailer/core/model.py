"""Frozen values that cross the seams of the pure core.

The recogniser turns bytes into a :class:`Verdict` and :class:`InvitationFacts`;
the guard turns headers and an :class:`Identity` into a :class:`GuardResult`; the
composer turns facts and settings into a :class:`Draft`. Adapters (IMAP, SMTP,
storage) only ever see these values.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from datetime import datetime

__all__ = [
    "OFFERS",
    "REASONS",
    "Category",
    "DeclineSettings",
    "Draft",
    "GuardResult",
    "Identity",
    "InvitationFacts",
    "Verdict",
    "Wording",
]

#: The reasons polite-decline writes natively in every language, by keyword.
REASONS = ("another_offer", "personal_circumstances", "career_change")
#: The offers (what the user holds out instead) it writes natively, by keyword.
OFFERS = ("future_openings", "recommend_someone", "talk_later")


class Category(enum.StrEnum):
    INVITATION = "invitation"
    INTERVIEW_RELATED = "interview_related"
    NOT_INVITATION = "not_invitation"


@dataclass(frozen=True, slots=True)
class Identity:
    """Who the user is. ``email`` and ``aliases`` are normalised addresses."""

    name: str
    email: str
    aliases: tuple[str, ...] = ()

    @property
    def addresses(self) -> frozenset[str]:
        return frozenset(a.lower() for a in (self.email, *self.aliases))

    @property
    def domain(self) -> str:
        return self.email.rpartition("@")[2]


@dataclass(frozen=True, slots=True)
class Wording:
    """Something the user wants said: a keyword the templates word in every language,
    or the user's own words, each in the language it is written in.

    Empty (no keyword, no words) means "say nothing about it". A draft uses own
    words only in their own language: a draft in a language they lack says nothing.
    """

    keyword: str = ""
    texts: tuple[tuple[str, str], ...] = ()  # (language, the user's words)

    def __bool__(self) -> bool:
        return bool(self.keyword or self.texts)

    def own_words(self, language: str, /) -> str | None:
        for lang, text in self.texts:
            if lang == language:
                return text
        return None

    def lacks(self, language: str, /) -> bool:
        """Whether a draft in ``language`` has to go without it."""
        return bool(self.texts) and not self.keyword and self.own_words(language) is None

    @property
    def languages(self) -> tuple[str, ...]:
        return tuple(lang for lang, _ in self.texts)


@dataclass(frozen=True, slots=True)
class DeclineSettings:
    """What the user wants said. An empty :class:`Wording` means "say nothing about it"."""

    reason: Wording = Wording()
    offer: Wording = Wording()
    signature: str = ""
    language: str = ""  # "" = the invitation's language; else en|de|fr|es


@dataclass(frozen=True, slots=True)
class Verdict:
    """The recogniser's answer, with the evidence a person can read."""

    category: Category
    score: float
    reasons: tuple[str, ...]

    @property
    def is_invitation(self) -> bool:
        return self.category is Category.INVITATION


@dataclass(frozen=True, slots=True)
class InvitationFacts:
    """What an invitation supports saying. ``None`` means "not known": no guesses."""

    message_id: str | None  # sanitised, with angle brackets, or None
    subject: str  # sanitised, single line
    from_addr: str  # normalised address of the sender
    from_name: str | None
    reply_to: str | None  # the human address to answer, when different from From
    references: tuple[str, ...]  # the invitation's own References chain (sanitised ids)
    date: datetime | None  # the invitation's Date header, timezone-aware
    language: str  # en | de | fr | es
    greeting_name: str | None  # first name to greet, when clear
    company: str | None
    role: str | None
    proposed_time: str | None  # human text of the proposed slot, as written
    scheduling_link: str | None
    calendar_uid: str | None
    calendar_organizer: str | None  # mailto address
    calendar_sequence: int | None
    calendar_tzid: str | None
    calendar_ics: bytes | None = field(default=None, repr=False)  # the METHOD:REQUEST part
    # How the invitation was written, so that the decline answers in kind (see
    # mailer.core.people): "formal" (Sie, vous, usted; an English letter), "informal"
    # (du, tu, tú; English casual) or "" when the text does not tell.
    register: str = ""
    # How it greeted the user: "letter", "title", "first", "full" or "".
    salutation: str = ""
    # The person who wrote it, beyond greeting_name (their first name).
    contact_surname: str | None = None
    contact_title: str | None = None  # academic: "Dr.", "Prof."
    contact_gender: str | None = None  # "f" | "m", only when the message says so
    contact_honorific: str | None = None  # as written: "Mrs", "Frau", "Sra"
    signed_first_name: bool = False  # signed with a first name alone ("Lena")
    # The times proposed (mailer.core.when): how many, and those known exactly,
    # encoded by Slot.encode ("2025-03-11 14:30", "thu 11:30").
    slot_count: int = 0
    slots: tuple[str, ...] = ()
    twelve_hour: bool = False  # the invitation wrote times with am/pm
    month_first: bool = False  # and dates as "March 11"


@dataclass(frozen=True, slots=True)
class GuardResult:
    """Whether a draft may be written, and to whom.

    ``rule`` names the rule that stops the draft (``None`` = draft it).
    ``to`` is the address to answer; ``auto_send_ok`` is False when no automatic
    follow-up may go to that address (no-reply senders, robots).
    """

    rule: str | None
    to: str | None
    to_name: str | None
    auto_send_ok: bool
    note: str = ""

    @property
    def allowed(self) -> bool:
        return self.rule is None


@dataclass(frozen=True, slots=True)
class Draft:
    """A composed message, ready for the IMAP adapter to APPEND."""

    message_id: str
    to: str
    subject: str
    body: str
    raw: bytes  # the whole RFC 5322 message, CRLF line endings
    language: str = ""  # the language it is written in
    notes: tuple[str, ...] = ()  # what it leaves out of what the user asked to say
