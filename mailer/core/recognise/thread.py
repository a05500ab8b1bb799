"""A new message in a conversation the user already takes part in.

When the user has written in a thread (a message from one of the user's addresses,
found in Sent, whose Message-ID the new mail names in In-Reply-To or References,
RFC 5322 3.6.4), the new mail continues that conversation. If the user's own messages
there already spoke of the interview (availability, a slot, thanks for the invitation),
an interview is being arranged with the user's part in it: the new mail is no fresh
invitation unless it opens a new round (a second interview, meeting more of the
team). A thread the user opened with an application and nothing more can still bring
the first invitation.
"""

from __future__ import annotations

from collections.abc import Sequence

from mailer.core.message import Mail
from mailer.core.model import Identity
from mailer.core.recognise import lexicon as lx
from mailer.core.recognise.reading import Reading

__all__ = ["continues_conversation", "opens_new_round", "speaks_of_interview"]


def opens_new_round(mail: Mail, /) -> bool:
    """The newest part names a further round: a second interview, the next stage."""
    reading = Reading.of(mail, None)
    return bool(lx.NEW_ROUND.search(reading.flat))


def speaks_of_interview(mail: Mail, /, *, identity: Identity) -> bool:
    """One of the user's messages speaks of an interview or of times for one."""
    reading = Reading.of(mail, identity)
    flat = reading.flat
    return bool(
        reading.loose_interview
        or lx.TIME_OFFERED.search(flat)
        or lx.SLOT.search(reading.newest)
        or lx.CONFIRMED.search(flat)
    )


def continues_conversation(
    mail: Mail, earlier: Sequence[Mail], /, *, identity: Identity
) -> str | None:
    """Why ``mail`` continues the user's conversation rather than invites, or None.

    ``earlier`` are the messages of the thread found in the user's Sent folder.
    """
    mine = [m for m in earlier if m.from_addr and m.from_addr.lower() in identity.addresses]
    spoken = [m for m in mine if speaks_of_interview(m, identity=identity)]
    if not spoken or opens_new_round(mail):
        return None
    when = spoken[-1].date
    day = f" on {when:%Y-%m-%d}" if when is not None else ""
    return (
        f"you already wrote in this thread about the interview{day}: this message "
        "continues that conversation and opens no new round"
    )
