"""Is this message a job-interview invitation? Named rules, fitted weights, one verdict.

A message is an *invitation* when someone on the hiring side asks the reader, as the
candidate, to schedule or attend a job interview that is not fixed yet: proposed
slots, a request for availability, a scheduling link, or an iTIP ``METHOD:REQUEST``
calendar part (RFC 5546 3.2.2) for the interview. Messages about an interview that
are not invitations (confirmations, reminders, reschedules, cancellations, feedback,
the reader's own mail, mail to interviewers) are *interview_related*; everything else
is *not_invitation*.

How a verdict is reached:

1. Screens (:mod:`.screen`): automatic, report and list mail by its headers, and mail
   without any interview or hiring word, are decided at once. Most mail stops here.
2. A :class:`~.reading.Reading` prepares the text the rules read: the subject, the
   newest unquoted part in sentences, the calendar part.
3. Rules (:mod:`.rules`): each names one piece of evidence (an interview noun, a
   request next to it, a confirmation, a colleague as sender...) and fires or not.
4. Weights (:mod:`.scorer`, ``weights.json``), fitted on labelled mail by
   ``scripts/fit-weights``, add up to a score per outcome; the highest wins. Without a
   rule of the ``interview`` group a message is never an invitation.

The reasons a verdict gives are the fired rules that counted most for its outcome.
"""

from __future__ import annotations

from mailer.core.addresses import SCHEDULING_HOSTS, is_noreply, is_scheduling_link
from mailer.core.message import Mail
from mailer.core.model import Category, Identity, Verdict
from mailer.core.recognise.reading import Hit, Reading
from mailer.core.recognise.rules import RULES, Rule, fired
from mailer.core.recognise.scorer import score
from mailer.core.recognise.screen import MAX_JUDGED, has_vocabulary, header_candidate
from mailer.core.recognise.thread import continues_conversation, opens_new_round

__all__ = [
    "MAX_JUDGED",
    "RULES",
    "SCHEDULING_HOSTS",
    "classify",
    "continues_conversation",
    "evidence",
    "header_candidate",
    "is_noreply",
    "is_scheduling_link",
    "opens_new_round",
]

_SCREENED_HEADERS = "headers: automatic reply, report or list mail"
_SCREENED_WORDS = "no interview or hiring vocabulary"


def _screen(mail: Mail) -> str | None:
    """Why ``mail`` is decided before any rule runs, or None."""
    if not header_candidate(mail):
        return _SCREENED_HEADERS
    subject = mail.subject[:500]
    # The screen runs on the raw parts, before HTML is converted: most mail leaves here.
    if (
        not has_vocabulary(subject)
        and not has_vocabulary(f"{subject}\n{mail.raw_text[: MAX_JUDGED * 4]}")
        and not mail.has_calendar_part
    ):
        return _SCREENED_WORDS
    return None


def evidence(mail: Mail, /, *, identity: Identity | None = None) -> list[tuple[Rule, Hit]] | None:
    """The rules that fire on ``mail`` (None when a screen decided it first)."""
    if _screen(mail) is not None:
        return None
    return fired(Reading.of(mail, identity))


def classify(mail: Mail, /, *, identity: Identity | None = None) -> Verdict:
    """Decide whether ``mail`` is an interview invitation, and say why. Never raises."""
    try:
        return _classify(mail, identity)
    except Exception as exc:  # a verdict is always returned
        return Verdict(Category.NOT_INVITATION, 0.0, (f"not judged: {type(exc).__name__}",))


def _classify(mail: Mail, identity: Identity | None) -> Verdict:
    screened = _screen(mail)
    if screened is not None:
        return Verdict(Category.NOT_INVITATION, 0.0, (screened,))
    found = fired(Reading.of(mail, identity))
    scored = score(found)
    reasons = scored.reasons
    if not any(rule.group == "interview" for rule, _ in found):
        reasons = ("no job interview is mentioned", *reasons)
    elif not any(rule.asks for rule, _ in found):
        reasons = (*reasons, "nothing is asked of the reader")
    elif scored.category is not Category.INVITATION:
        reasons = (*reasons, "no invitation to schedule")
    return Verdict(
        scored.category, round(scored.probabilities.get(Category.INVITATION, 0.0), 2), reasons
    )
