"""What an address or a link is: a robot's, a no-reply sender's, a scheduling page.

Facts about strings, not about words: the guard (whom not to answer), the extractor
(where the human is), the composer (no follow-up to a robot) and the recogniser
(scheduling links) all ask them, so they live here, apart from the classifier.
Parsing and cleaning addresses is :mod:`mailer.core.headers`'s.

Two readings of "no-reply" answer two questions. :func:`is_robot_address` (RFC 3834
2, RFC 5230 4.5): may a person-approved draft, or an automatic send, go to this
address? :func:`is_noreply`: is this sender an application's outbox (an ATS, a
notification system), so that the human who wrote is to be found elsewhere?
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from urllib.parse import urlsplit

from mailer.core.headers import clean_address

__all__ = [
    "ATS_HOSTS",
    "LIST_ROBOT",
    "MAILER_DAEMON",
    "NOREPLY",
    "ROBOT_LOCAL_PART",
    "SCHEDULING_HOSTS",
    "SCHED_PATH",
    "host_of",
    "is_noreply",
    "is_robot_address",
    "is_scheduling_link",
]

# Local parts of addresses that no person reads. The first group may be answered
# by a person-approved draft but never by an automatic send; mail from the list
# and bounce robots is not answered at all (RFC 3834 2, RFC 5230 4.5).
ROBOT_LOCAL_PART = re.compile(
    r"(?:^|[-_.+])(?:no|do[-_.]?not|dont|never)[-_.]?reply(?:$|[-_.+])"
    r"|^(?:notifications?|automailer|auto[-_.]?confirm|autoreply|mailer|bounces?|"
    r"postmaster|hostmaster|nobody)(?:$|[-_.+])",
    re.IGNORECASE,
)
MAILER_DAEMON = re.compile(r"^(?:mailer[-_]?daemon)$", re.IGNORECASE)
LIST_ROBOT = re.compile(r"^(?:listserv|majordomo|owner-.*|.*-request(?:[-+].*)?)$", re.IGNORECASE)


#: Hosts of scheduling tools (interview scheduling, booking pages, ATS self-schedule).
SCHEDULING_HOSTS = (
    "calendly.com",
    "goodtime.io",
    "cal.com",
    "savvycal.com",
    "youcanbook.me",
    "doodle.com",
    "zcal.co",
    "chilipiper.com",
    "meetings.hubspot.com",
    "calendar.app.google",
    "x.ai",
    "modernloop.io",
    "prelude.co",
    "paradox.ai",
    "hirevue.com",
    "acuityscheduling.com",
    "tidycal.com",
    "appointlet.com",
    "koalendar.com",
    "oncehub.com",
)
#: ATS hosts whose links are scheduling links only on scheduling paths (a lever.co link
# is as often a job posting).
ATS_HOSTS = (
    "greenhouse.io",
    "lever.co",
    "ashbyhq.com",
    "myworkdayjobs.com",
    "myworkday.com",
    "workday.com",
    "smartrecruiters.com",
    "workable.com",
    "icims.com",
    "jobvite.com",
    "recruitee.com",
    "teamtailor.com",
    "personio.de",
    "personio.com",
    "bamboohr.com",
    "successfactors.com",
    "taleo.net",
    "softgarden.io",
    "join.com",
    "pinpointhq.com",
    "rippling.com",
    "calendar.google.com",
    "outlook.office.com",
    "outlook.office365.com",
    "outlook.live.com",
)
SCHED_PATH = re.compile(
    r"schedul|availab|self.?book|booking|/book|interview|appointment|slots?\b|/meet", re.I
)
# Senders that are an application's outbox: the person who wrote is elsewhere (Reply-To,
# the calendar organiser, the signature).
NOREPLY = re.compile(
    r"^(?:no[-_.]?reply|do[-_.]?not[-_.]?reply|noreply|mailer-daemon|postmaster|notifications?"
    r"|bounce\w*|automated|auto|system|robot|jobs-noreply|careers-noreply|talent-noreply"
    r"|hr-noreply|nepasrepondre|ne-pas-repondre|no-responder|noresponder|keine-antwort)"
    r"(?:[-+._].*)?$",
    re.IGNORECASE,
)


def is_robot_address(addr: str | None, /) -> bool:
    """Whether ``addr`` belongs to a machine rather than a person.

    no-reply and do-not-reply in their spellings, notification senders,
    MAILER-DAEMON, postmaster, list robots (LISTSERV, majordomo, owner-*,
    *-request) and bounce addresses. An unreadable address counts as a robot.
    """
    clean = clean_address(addr)
    if clean is None:
        return True
    local = clean.rpartition("@")[0]
    return bool(
        ROBOT_LOCAL_PART.search(local) or MAILER_DAEMON.match(local) or LIST_ROBOT.match(local)
    )


def host_of(url: str) -> str:
    try:
        return (urlsplit(url).hostname or "").lower()
    except ValueError:
        return ""


def _host_match(host: str, domains: Iterable[str]) -> bool:
    return any(host == d or host.endswith("." + d) for d in domains)


def is_scheduling_link(url: str, /) -> bool:
    """True for a link to a scheduling page (booking tools, ATS self-schedule pages)."""
    host = host_of(url)
    if not host:
        return False
    if _host_match(host, SCHEDULING_HOSTS):
        return True
    if _host_match(host, ATS_HOSTS):
        try:
            rest = url.split(host, 1)[1]
        except IndexError:
            return False
        return bool(SCHED_PATH.search(rest))
    return False


def is_noreply(address: str, /) -> bool:
    """True for a robot sender (no-reply, notifications, mailer-daemon...)."""
    local = address.rpartition("@")[0]
    return bool(NOREPLY.match(local))
