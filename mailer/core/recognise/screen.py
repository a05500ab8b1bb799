"""Cheap pre-checks that decide most mail before any rule runs.

Two screens, both deliberately generous (they only exclude what can never be an
invitation):

* :func:`header_candidate` reads headers only, so that the service fetches bodies just
  for messages that may matter;
* :func:`has_vocabulary` looks for interview or hiring words with plain substring
  tests: without one of them the rules are not run at all.
"""

from __future__ import annotations

import re

from mailer.core.message import Mail
from mailer.core.recognise import lexicon as lx

__all__ = [
    "AUTO_REPLY_SUBJECT",
    "MAILING_SOFTWARE",
    "MAX_JUDGED",
    "has_any",
    "has_vocabulary",
    "header_candidate",
]

#: Local parts of list and mail-system software (a list's owner, its request address).
MAILING_SOFTWARE = re.compile(
    r"^(?:owner-.*|.*-request|listserv|majordomo|mailman|mailer-daemon|postmaster)$",
    re.IGNORECASE,
)
#: Subjects of automatic replies and bounces, in four languages.
AUTO_REPLY_SUBJECT = lx.rx(
    r"^\s*(?:out of (?:the )?office|automatic reply|auto(?:matic)?[- ]?reply|autoreply"
    r"|abwesenheit|automatische antwort|r[ée]ponse automatique|absence du bureau"
    r"|respuesta autom[áa]tica|fuera de la oficina)",
    r"^\s*(?:undeliverable|delivery status notification|mail delivery failed"
    r"|returned mail|unzustellbar|non remis|no se puede entregar)",
)

#: Characters of the newest part that the rules read.
MAX_JUDGED = 2500


def has_any(text: str, words: tuple[str, ...]) -> bool:
    low = text.lower()  # cheap next to a regex; callers may pass text not yet lowered
    return any(w in low for w in words)


_PLAIN_HEAD = 1200


def has_vocabulary(text: str) -> bool:
    """Whether ``text`` has a word without which no message is about an interview."""
    low = text.lower()
    if any(w in low for w in lx.GATE_WORDS):
        return True
    # The role-and-talk pair is looked for where the rules read (the opening of the text).
    head = " " + low[: MAX_JUDGED + 500]  # a leading space: " poste " opens subjects too
    if any(w in head for w in lx.GATE_HEAD_WORDS):
        return True
    first_line = head.partition("\n")[0]
    # a word that opens a line opens a word too ("the Treasury Manager\nrole")
    head = head.replace("\n", " ")
    talk = any(w in head for w in lx.TALK_WORDS)
    if talk and (
        any(w in head for w in lx.ROLE_WORDS) or any(w in first_line for w in lx.TITLE_WORDS)
    ):
        return True
    # hiring in everyday words with a meeting asked ("adding two people on the desk; come
    # over and talk with a few of us")
    # (in the opening only: such notes are short, and the gate runs on most mail)
    opening = head[:_PLAIN_HEAD]
    flat: str | None = None
    if any(w in opening for w in lx.HIRING_PLAIN_WORDS):
        flat = " ".join(opening.split())  # the patterns read words across line breaks
        if lx.HIRING_PLAIN.search(flat) and (talk or lx.MEET_PEOPLE.search(flat)):
            return True
    # the reader asked to meet someone, in a note that names a job or a search firm
    # ("the supervisor would like to meet you" from a staffing agency, "come up and meet
    # with me and our GM" after a résumé)
    if not any(w in opening for w in lx.MEET_JOB_HINTS) or not any(
        w in opening for w in lx.MEET_ASK_WORDS
    ):
        return False
    if flat is None:
        flat = " ".join(opening.split())
    return bool(lx.MEET_PEOPLE.search(flat) and lx.HIRING.search(flat))


def header_candidate(mail: Mail, /) -> bool:
    """Cheap header-only pre-check: may this message be an invitation at all?

    Deliberately generous: it only excludes what can never be an invitation from
    headers alone, so that the body is fetched for everything else:

    * delivery reports and other ``multipart/report`` (RFC 6522) and bounces from
      ``MAILER-DAEMON``/``postmaster``;
    * automatic replies (``Auto-Submitted: auto-replied``, RFC 3834 5; subjects such
      as "Out of office", "Automatic reply", "Abwesenheitsnotiz");
    * discussion lists (``List-Post``, RFC 2369, or list software senders such as
      ``owner-*``, ``*-request``, LISTSERV).

    ``List-Unsubscribe``, ``Precedence: bulk`` and ``Auto-Submitted: auto-generated``
    are *not* exclusions here: applicant-tracking systems send real invitations
    through bulk mail services that add exactly these headers. The guard decides
    later whether such a message may get a draft; this check only saves work.
    """
    try:
        ctype = mail.raw_header("Content-Type").strip().lower()
        if ctype.startswith("multipart/report"):
            return False
        auto = mail.raw_header("Auto-Submitted").strip().lower()
        if auto.startswith("auto-replied"):
            return False
        if mail.has_header("List-Post"):
            return False
        sender = mail.from_addr
        local = sender.rpartition("@")[0]
        if local and MAILING_SOFTWARE.match(local):
            return False
        return not AUTO_REPLY_SUBJECT.search(mail.subject.lower())
    except Exception:  # when unsure, fetch the body
        return True
