"""Is this message in Sent the decline we drafted?

Clients differ in what survives the send: (neo)mutt keeps the draft's Message-ID;
Gmail, Outlook and Apple Mail give the sent mail a new one and drop X- headers;
users edit. So a sent message is the decline when all three hold:

1. it is linked to the invitation: its ``In-Reply-To`` or ``References`` contain
   the invitation's Message-ID (RFC 5322 3.6.4), or its own Message-ID is the
   draft's;
2. it goes to the person the draft was addressed to (To, Cc or Bcc);
3. its text, with quoted text stripped, is close to the draft's:
   :func:`similarity` >= :data:`SIMILARITY_THRESHOLD`.

A linked message failing 2 or 3 is the user's own answer (perhaps accepting the
interview): ``answered_by_user``, which never leads to a follow-up. Anything else
is unrelated.

The threshold: :func:`similarity` is the larger of (a) difflib's ratio on the two
word sequences and (b) how much of the draft's word 3-grams survive in the sent
text. (a) tolerates rewording and trimming; (b) tolerates a long personal note added
around an intact decline. In tests/test_match.py a reworded decline (greeting,
closing and half the sentences changed) scores 0.73 and an intact decline under a
long personal note 1.0, while the user's own answer accepting the same invitation
scores 0.28: such mails share little more than the greeting and "thank you".
0.5 sits between the two. A decline cut down to one line falls below it and counts
as the user's own answer, which is the safe side: no automatic follow-up.
"""

from __future__ import annotations

import difflib
import enum
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

from mailer.core.quoting import strip_quoted

__all__ = [
    "SIMILARITY_THRESHOLD",
    "MatchKind",
    "SentMatch",
    "SentMessage",
    "classify_sent",
    "normalise_message_id",
    "normalised_words",
    "parse_message_ids",
    "similarity",
]

SIMILARITY_THRESHOLD = 0.5


class MatchKind(enum.StrEnum):
    SENT = "sent"  # the decline, as sent
    ANSWERED_BY_USER = "answered_by_user"  # a reply to the invitation, not the decline
    UNRELATED = "unrelated"


@dataclass(frozen=True, slots=True)
class SentMessage:
    """What the matcher needs from a message in Sent, as plain values.

    ``recipients`` are the addresses of To, Cc and Bcc (any case); ``text`` is the
    plain-text body (quoted parts are stripped here).
    """

    message_id: str | None
    in_reply_to: tuple[str, ...]
    references: tuple[str, ...]
    recipients: tuple[str, ...]
    text: str


@dataclass(frozen=True, slots=True)
class SentMatch:
    kind: MatchKind
    reason: str
    score: float = 0.0  # text similarity, when it was computed


_MSGID_RE = re.compile(r"<[^<>\s]+>")


def parse_message_ids(value: str, /) -> tuple[str, ...]:
    """The Message-IDs in an ``In-Reply-To`` or ``References`` value, in order."""
    return tuple(_MSGID_RE.findall(value))


def normalise_message_id(value: str, /) -> str:
    """Comparable form of a Message-ID: no brackets or spaces, domain lowercased.

    RFC 5322 3.6.4 makes the part left of ``@`` opaque (compared as is) while the
    right part is usually a domain, which some software lowercases.
    """
    bare = value.strip().removeprefix("<").removesuffix(">").strip()
    left, at, right = bare.rpartition("@")
    return f"{left}@{right.lower()}" if at else bare


_WORD_RE = re.compile(r"\w+")
_RATIO_WORDS = 2000


def normalised_words(text: str, /) -> tuple[str, ...]:
    """Words of ``text``: NFKC, case-folded, punctuation and spacing dropped."""
    return tuple(_WORD_RE.findall(unicodedata.normalize("NFKC", text).casefold()))


def _shingles(words: tuple[str, ...], n: int = 3) -> set[tuple[str, ...]]:
    if len(words) < n:
        return {words} if words else set()
    return {words[i : i + n] for i in range(len(words) - n + 1)}


def similarity(draft_text: str, sent_text: str, /) -> float:
    """How close the sent text is to the draft, 0.0-1.0 (see the module docstring)."""
    # The user's own words only: quotes, the original and any forward dropped.
    d = normalised_words(strip_quoted(draft_text, keep_forwarded=False))
    s = normalised_words(strip_quoted(sent_text, keep_forwarded=False))
    if not d or not s:
        return 0.0
    # SequenceMatcher is quadratic at worst: a huge sent mail is compared by its start
    # (the user's own text comes first; a decline is a few hundred words).
    ratio = difflib.SequenceMatcher(
        None, d[:_RATIO_WORDS], s[:_RATIO_WORDS], autojunk=False
    ).ratio()
    ds = _shingles(d)
    contained = len(ds & _shingles(s)) / len(ds)
    return max(ratio, contained)


def _ids(values: Iterable[str]) -> set[str]:
    return {normalise_message_id(v) for v in values if v.strip()}


def classify_sent(
    sent: SentMessage,
    /,
    *,
    invitation_message_id: str | None,
    draft_message_id: str | None,
    draft_to: str,
    draft_text: str,
    threshold: float = SIMILARITY_THRESHOLD,
) -> SentMatch:
    """Decide whether ``sent`` is the decline drafted for an invitation."""
    linked_by = ""
    if (
        draft_message_id
        and sent.message_id
        and normalise_message_id(sent.message_id) == normalise_message_id(draft_message_id)
    ):
        linked_by = "carries the draft's Message-ID"
    if not linked_by and invitation_message_id:
        inv = normalise_message_id(invitation_message_id)
        if inv in _ids(sent.in_reply_to):
            linked_by = "In-Reply-To the invitation"
        elif inv in _ids(sent.references):
            linked_by = "References the invitation"
    if not linked_by:
        return SentMatch(MatchKind.UNRELATED, "not a reply to the invitation nor the draft")

    wanted = draft_to.strip().lower()
    if wanted not in {r.strip().lower() for r in sent.recipients}:
        return SentMatch(
            MatchKind.ANSWERED_BY_USER,
            f"{linked_by}, but not addressed to the draft's recipient",
        )
    score = similarity(draft_text, sent.text)
    if score < threshold:
        return SentMatch(
            MatchKind.ANSWERED_BY_USER,
            f"{linked_by}, but the text differs from the draft "
            f"(similarity {score:.2f} < {threshold:.2f})",
            score,
        )
    return SentMatch(
        MatchKind.SENT,
        f"{linked_by}, to the draft's recipient, text similarity {score:.2f}",
        score,
    )
