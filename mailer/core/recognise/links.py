"""Scheduling links and robot senders: facts about addresses and URLs, not about words."""

from __future__ import annotations

import re
from collections.abc import Iterable
from urllib.parse import urlsplit

from mailer.core.recognise.lexicon import rx

__all__ = ["SCHEDULING_HOSTS", "host_of", "is_noreply", "is_scheduling_link"]

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
# ATS hosts whose links are scheduling links only on scheduling paths (a lever.co link
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
NOREPLY = re.compile(
    r"^(?:no[-_.]?reply|do[-_.]?not[-_.]?reply|noreply|mailer-daemon|postmaster|notifications?"
    r"|bounce\w*|automated|auto|system|robot|jobs-noreply|careers-noreply|talent-noreply"
    r"|hr-noreply|nepasrepondre|ne-pas-repondre|no-responder|noresponder|keine-antwort)"
    r"(?:[-+._].*)?$",
    re.IGNORECASE,
)
MAILING_SOFTWARE = re.compile(
    r"^(?:owner-.*|.*-request|listserv|majordomo|mailman|mailer-daemon|postmaster)$",
    re.IGNORECASE,
)
AUTO_REPLY_SUBJECT = rx(
    r"^\s*(?:out of (?:the )?office|automatic reply|auto(?:matic)?[- ]?reply|autoreply"
    r"|abwesenheit|automatische antwort|r[ée]ponse automatique|absence du bureau"
    r"|respuesta autom[áa]tica|fuera de la oficina)",
    r"^\s*(?:undeliverable|delivery status notification|mail delivery failed"
    r"|returned mail|unzustellbar|non remis|no se puede entregar)",
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
