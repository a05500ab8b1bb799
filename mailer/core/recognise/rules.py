"""The recogniser's rules: each a named piece of evidence with a one-line reason.

A rule reads a :class:`~.reading.Reading` and either fires, with the words it found,
or not. Rules say nothing about how much they count: the weights are fitted on
labelled mail (``scripts/fit-weights``) and shipped apart, in ``weights.json``, the
way SpamAssassin keeps its scores apart from its rules. A rule that fires with a
large weight for the outcome chosen is a reason the verdict gives.

Groups:

``interview``
    the message names a job interview (or a screening conversation) for the reader.

Rules marked ``asks`` are themselves a request to the reader (to schedule, to pick a
slot, to answer a calendar request). A message is never an invitation without a rule
of the ``interview`` group and a rule that asks.
``hiring``
    what the message is about: the reader's application, or hiring at all.
``request``
    the reader is asked to schedule or attend: a request near the interview, a
    scheduling link, proposed slots, a calendar request.
``agreed``
    the interview is already fixed, changed, cancelled, or over.
``role``
    who speaks to whom: the reader's own mail, a colleague, mail to interviewers.
``kind``
    another kind of message that mentions interviews: rejections, offers, receipts,
    tests, alerts, outreach, media, events, advice, sales.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from mailer.core.addresses import host_of
from mailer.core.model import Category
from mailer.core.recognise import lexicon as lx
from mailer.core.recognise.reading import Hit, Reading, first_hit
from mailer.core.recognise.screen import MAX_JUDGED, has_any

__all__ = ["GROUPS", "RULES", "Rule", "can_invite", "fired"]

GROUPS = ("interview", "hiring", "request", "agreed", "role", "kind")
ALL = "en de fr es"

Test = Callable[[Reading], "Hit | bool | None"]


@dataclass(frozen=True, slots=True)
class Rule:
    """One piece of evidence. ``label`` starts each reason line; ``explain`` says why."""

    name: str
    group: str
    languages: str
    label: str
    explain: str
    test: Test
    asks: bool = False  # the evidence is itself a request to the reader
    #: The outcome the rule speaks for before any fitting, and how strongly: the prior
    #: that ``scripts/fit-weights`` starts from and pulls towards, so that a rule seen
    #: on few labelled messages keeps the sense it was written with.
    leans: Category | None = None
    prior: float = 0.0
    #: A fact that settles the outcome whatever else fired (SpamAssassin's shortcircuit,
    #: Rspamd's forced action): the reader's own message, or one asking the reader to
    #: interview someone, is never an invitation to be interviewed.
    decides: Category | None = None

    def prior_weights(self) -> dict[Category, float]:
        """The prior as one weight per outcome (summing to zero)."""
        if self.leans is None:
            return dict.fromkeys(Category, 0.0)
        return {c: self.prior if c is self.leans else -self.prior / 2 for c in Category}


def _kind(r: Reading, k: str) -> Hit | None:
    return next((h[0] for h in r.iv if h and h[1] == k), None)


def _cal_kind(r: Reading, *kinds: str) -> Hit | None:
    found = r.cal_interview
    return found[0] if found and found[1] in kinds else None


def _mentioned(r: Reading) -> bool:
    """An interview is spoken of at all: in the newest part, the calendar or the quote."""
    return bool(r.any_interview or r.quoted_interview)


def _in_subject(r: Reading) -> Hit | None:
    first = r.iv[0] if r.subject and r.iv else None
    return first[0] if first else None


def _subject_invites(r: Reading) -> Hit | None:
    if _in_subject(r) is None:
        return None
    return Hit.find(lx.SUBJECT_INVITE, r.subject)


def _scheduling_request(r: Reading) -> Hit | None:
    if r.pair or r.interview is None or r.only_hypothetical:
        return None
    return r.any_sched


def _scheduling_link(r: Reading) -> Hit | None:
    if r.only_hypothetical or not r.vocabulary or not r.sched_links:
        return None
    return Hit(host_of(r.sched_links[0]))


def _slots(r: Reading) -> Hit | None:
    # (a counter-proposal has checked that its one slot is offered)
    counter = None if r.interview or r.cal_interview else _counter_proposal(r)
    if not (r.interview or r.cal_interview or counter):
        return None
    slots = r.slots
    if len(slots) >= 2 or (slots and (counter or r.any_sched or lx.ASK.search(r.newest))):
        return Hit(" ".join(slots[0].split()))
    return None


def _calendar_request(r: Reading) -> Hit | None:
    cal = r.cal
    if cal is None or cal.method != "REQUEST" or not (r.cal_interview or r.interview):
        return None
    return Hit(cal.summary[:80])


def _confirmed(r: Reading) -> Hit | None:
    if not _mentioned(r) or Hit.find(lx.NOT_YET, r.context):
        return None
    lines = (s for s in r.plain_text.split("\n") if not lx.CONFIRM_REQUEST.search(s))
    return Hit.find(lx.CONFIRMED, "\n".join(lines))


def _agreed_earlier(r: Reading) -> Hit | None:
    if not _mentioned(r) or r.pair or Hit.find(lx.NOT_YET, r.context):
        return None
    # "as promised, here's the link to book", "wie besprochen ... Dienstag oder Donnerstag?":
    # what was agreed is the next step, the time is still to choose
    if (
        len(r.slots) >= 2
        or r.sched_links
        or lx.BOOK_ASK.search(r.newest)
        or lx.ASKS_DATES.search(r.flat)
    ):
        return None
    return Hit.find(lx.AGREED_EARLIER, r.plain_text)


def _reminder(r: Reading) -> Hit | None:
    if not _mentioned(r) or r.pair or Hit.find(lx.NOT_YET, r.context):
        return None
    return Hit.find(lx.REMINDER, r.subject) or Hit.find(lx.REMINDER, r.newest[:400])


def _when_mentioned(pattern_of: Callable[[Reading], Hit | None]) -> Test:
    def test(r: Reading) -> Hit | None:
        return pattern_of(r) if _mentioned(r) else None

    return test


def _in_context(pattern: re.Pattern[str]) -> Test:
    def test(r: Reading) -> Hit | None:
        if not r.vocabulary:
            return None
        return Hit.find(pattern, r.context)

    return test


def _kind_of_message(pattern: re.Pattern[str], words: tuple[str, ...] = ()) -> Test:
    """A kind named in the subject, or in the context unless the user's application is."""

    def test(r: Reading) -> Hit | None:
        if not r.vocabulary or (words and not has_any(r.context, words)):
            return None
        hit = Hit.find(pattern, r.subject)
        if hit is None and not r.user_app:
            hit = Hit.find(pattern, r.context)
        return hit

    return test


_event = _kind_of_message(lx.EVENT)


def _other_interviewee(r: Reading) -> Hit | None:
    """Someone other than the reader is interviewed, in the context judged."""
    if lx.READER_INTERVIEWED.search(r.context):
        # "you have been selected for a first round interview": the campus interviews and
        # the candidates spoken of are the reader's own
        return None
    judged = r.interview is not None or r.cal_interview is not None
    hit = next((h for k, h in enumerate(r.others) if h and (k in r.around or not judged)), None)
    return hit or Hit.find(lx.OTHER_INTERVIEWEE, r.flat_cal[:500])


def _interviewer_side(r: Reading) -> Hit | None:
    if not _mentioned(r):
        return None
    # a greeting to a group ("Hi all,") opens the newest part, after the subject
    return Hit.find(lx.INTERVIEWER_SIDE, r.context) or Hit.find(
        lx.GROUP_GREETING, r.newest[:40].lstrip()
    )


def _counter_proposal(r: Reading) -> Hit | None:
    """A reply that offers a time, answering the candidate's words about an interview.

    ("Monday the 25th is best for me" answered by "Frank is out on Monday after all; could
    you do Wednesday at 10:00 instead?": the newest part names no interview, the quoted
    thread names the interview or the meeting about the job.)"""
    if r.any_interview or not r.has_quoted_part or not r.slots:
        return None
    newest = r.newest
    if not (
        "?" in newest
        or lx.TIME_ASK.search(newest)
        or lx.ASK.search(newest)
        or lx.PROPOSE.search(newest)
    ):
        return None
    quoted = r.quoted_flat
    if not (has_any(quoted, lx.INTERVIEW_WORDS) or has_any(quoted, lx.MEET_ASK_WORDS)):
        return None
    if not lx.CANDIDATE_SPEAKS.search(quoted):
        return None
    return (
        Hit.find(lx.INTERVIEW_STRICT, quoted)
        or Hit.find(lx.INTERVIEW_NOUN, quoted)
        or (Hit.find(lx.MEET_PEOPLE, quoted) if r.hiring else None)
    )


def _appraisal(r: Reading) -> Hit | None:
    """An appraisal round, read before its "interview" words became "review"."""
    if not r.vocabulary:
        return None
    mail = r.mail
    subject, text = mail.subject.lower(), mail.text[:MAX_JUDGED].lower()
    if not any(w in subject or w in text for w in lx.APPRAISAL_WORDS):
        return None
    return Hit.find(lx.APPRAISAL, subject) or Hit.find(lx.APPRAISAL, " ".join(text.split()))


def _colleague_meeting(r: Reading) -> Hit | None:
    cal = r.cal
    if not r.same_organisation or cal is None or not _mentioned(r):
        return None
    if has_any(f"{r.subject} {cal.summary}", lx.INTERVIEW_WORDS):
        return None
    return Hit(cal.summary[:80]) if cal.summary else Hit("a meeting request")


def _quoted_only(r: Reading) -> Hit | None:
    """The newest part names no interview; the quoted thread does."""
    if r.any_interview or not r.has_quoted_part:
        return None
    return r.quoted_interview


INV, REL, NOT = Category.INVITATION, Category.INTERVIEW_RELATED, Category.NOT_INVITATION
# What each group speaks for before fitting; single rules say otherwise below.
_GROUP_LEAN: dict[str, tuple[Category | None, float]] = {
    "interview": (INV, 0.5),
    "hiring": (None, 0.0),
    "request": (INV, 1.0),
    "agreed": (REL, 3.0),
    "role": (REL, 3.0),
    "kind": (NOT, 4.0),
}


def _rule(
    name: str,
    group: str,
    label: str,
    explain: str,
    test: Test,
    languages: str = ALL,
    *,
    asks: bool = False,
    leans: tuple[Category | None, float] | None = None,
    decides: Category | None = None,
) -> Rule:
    lean, prior = leans or _GROUP_LEAN[group]
    return Rule(name, group, languages, label, explain, test, asks, lean, prior, decides)


RULES: tuple[Rule, ...] = (
    # ---------------------------------------------------------------- interview
    _rule(
        "interview-named",
        "interview",
        "interview mentioned",
        "A word that only means a hiring interview (phone screen, Vorstellungsgespräch,"
        " entretien d'embauche, your interview).",
        lambda r: _kind(r, "strict"),
    ),
    _rule(
        "interview-in-hiring-context",
        "interview",
        "interview mentioned",
        "An interview noun in a message about a job (podcasts interview people too).",
        lambda r: _kind(r, "noun"),
    ),
    _rule(
        "call-with-hiring-side",
        "interview",
        "call with the hiring side",
        "A first call, or a call with the people who hire, about a job.",
        lambda r: _kind(r, "hirer-call"),
    ),
    _rule(
        "conversation-about-job",
        "interview",
        "conversation about the job",
        "A call, a coffee or a chat asked of the reader in a message about a named job.",
        lambda r: _kind(r, "conversation"),
    ),
    _rule(
        "meeting-about-job",
        "interview",
        "meeting the people who hire",
        "Asked to come in and meet the team or a manager, in a message about a job.",
        lambda r: _kind(r, "meeting"),
    ),
    _rule(
        "time-asked-about-job",
        "interview",
        "time asked about the job",
        "Someone reading the reader's application asks for time ('Can you do 30 mins?').",
        lambda r: _kind(r, "time-ask"),
        asks=True,
    ),
    _rule(
        "booking-link-about-job",
        "interview",
        "booking link about the job",
        "Only a booking page, sent about a named job.",
        lambda r: r.interview[0] if r.interview and r.interview[1] == "booking-link" else None,
        asks=True,
    ),
    _rule(
        "reader-named-candidate",
        "interview",
        "the reader is named as the candidate",
        "A note passed on to the reader names them as the one to meet ('for your candidate"
        " Alex Example', 'Meet Alex Example - Sr. Rate Analyst candidate').",
        lambda r: r.interview[0] if r.interview and r.interview[1] == "reader-named" else None,
    ),
    _rule(
        "calendar-interview",
        "interview",
        "calendar event is an interview",
        "The calendar part's title or text names an interview.",
        lambda r: _cal_kind(r, "calendar-text", "calendar-names-user", "calendar-summary"),
    ),
    _rule(
        "calendar-title-job",
        "interview",
        "calendar title pairs two sides with a job",
        "ATS events are titled 'Alex Example <> Orbitale | Mobile Engineer'.",
        lambda r: _cal_kind(r, "calendar-title"),
        asks=True,
    ),
    _rule(
        "interview-in-subject",
        "interview",
        "subject names the interview",
        "The subject itself is about an interview for the reader.",
        _in_subject,
    ),
    _rule(
        "counter-proposal",
        "interview",
        "a new time for the interview in the thread",
        "The reply offers a time, answering the candidate's own words (thanks for the"
        " invitation, a time offered or refused) about an interview named in the quoted part.",
        _counter_proposal,
    ),
    # ---------------------------------------------------------------- hiring
    _rule(
        "about-user-application",
        "hiring",
        "about the user's application",
        "The reader's application or a hiring process is the topic.",
        lambda r: r.strong_hiring if r.vocabulary else None,
        leans=(INV, 0.5),
    ),
    _rule(
        "hiring-context",
        "hiring",
        "hiring context",
        "Words about jobs or hiring, without the reader's application.",
        lambda r: r.hiring if r.vocabulary and not r.strong_hiring else None,
    ),
    # ---------------------------------------------------------------- request
    _rule(
        "asks-to-schedule",
        "request",
        "asks the user to schedule it",
        "A request to schedule or attend in the sentence naming the interview or next to it.",
        lambda r: r.pair[1] if r.pair else None,
        asks=True,
    ),
    _rule(
        "scheduling-request",
        "request",
        "scheduling request",
        "A request to schedule elsewhere in the message.",
        _scheduling_request,
        asks=True,
    ),
    _rule(
        "scheduling-link",
        "request",
        "scheduling link",
        "A link to a booking page or an ATS self-scheduling page.",
        _scheduling_link,
        asks=True,
    ),
    _rule(
        "proposed-slots",
        "request",
        "proposed time slots",
        "Days with clock times, several or one with a question.",
        _slots,
        asks=True,
    ),
    _rule(
        "calendar-request",
        "request",
        "calendar request (METHOD:REQUEST)",
        "An iTIP request (RFC 5546 3.2.2) for the interview.",
        _calendar_request,
        asks=True,
    ),
    _rule(
        "subject-invites",
        "request",
        "subject invites to an interview",
        "The subject names the interview with an invitation or scheduling word.",
        _subject_invites,
        asks=True,
    ),
    _rule(
        "travel-arranged",
        "request",
        "travel for the visit",
        "Flights, a hotel or an itinerary for the reader's visit.",
        _when_mentioned(lambda r: Hit.find(lx.TRAVEL, r.context)),
        asks=True,
    ),
    _rule(
        "asks-interest",
        "request",
        "asks whether the reader is interested",
        "Outreach asks it; so does a later round offered to a candidate.",
        _when_mentioned(lambda r: Hit.find(lx.ASKS_INTEREST, r.context)),
        asks=True,
        leans=(NOT, 0.5),
    ),
    _rule(
        "cv-then-interview",
        "request",
        "an interview once the CV is sent",
        "'Send me your resume and I'll set up an interview': a conditional invitation.",
        lambda r: Hit.find(lx.CV_THEN_INTERVIEW, r.flat) if r.vocabulary else None,
        asks=True,
    ),
    _rule(
        "not-yet-scheduled",
        "request",
        "not yet scheduled",
        "The message says no time is fixed yet.",
        lambda r: Hit.find(lx.NOT_YET, r.context) if _mentioned(r) else None,
        leans=(INV, 0.5),
    ),
    _rule(
        "promised-on-condition",
        "request",
        "interview only promised on a condition",
        "Every interview mention is a promise: 'if you are shortlisted we will...'.",
        lambda r: Hit("if ...") if r.only_hypothetical else None,
        leans=(NOT, 2.0),
    ),
    # ---------------------------------------------------------------- agreed
    _rule(
        "already-agreed",
        "agreed",
        "already agreed",
        "The slot is confirmed, booked or scheduled.",
        _confirmed,
    ),
    _rule(
        "agreed-earlier",
        "agreed",
        "agreed earlier",
        "As discussed, as agreed: the time was settled before.",
        _agreed_earlier,
    ),
    _rule("reminder", "agreed", "reminder", "A reminder of an agreed interview.", _reminder),
    _rule(
        "cancellation",
        "agreed",
        "cancellation",
        "The interview is cancelled (stated, not offered as an option).",
        _when_mentioned(lambda r: Hit.find(lx.CANCEL, r.plain_text)),
    ),
    _rule(
        "reschedule",
        "agreed",
        "reschedule",
        "The interview is moved (stated, not offered as an option).",
        _when_mentioned(lambda r: Hit.find(lx.RESCHEDULE, r.plain_text)),
    ),
    _rule(
        "change-asked",
        "agreed",
        "reschedule asked",
        "The sender cannot make the agreed slot and asks to move it.",
        _when_mentioned(lambda r: Hit.find(lx.SENDER_CHANGE, r.asked_text)),
    ),
    _rule(
        "calendar-cancel",
        "agreed",
        "calendar cancellation (METHOD:CANCEL)",
        "An iTIP CANCEL, or a cancelled event.",
        lambda r: (
            Hit(r.cal.summary[:80] or "cancelled")
            if r.cal is not None
            and (r.cal.method == "CANCEL" or r.cal.status == "CANCELLED")
            and _mentioned(r)
            else None
        ),
        decides=REL,
    ),
    _rule(
        "feedback",
        "agreed",
        "feedback",
        "Thanks or feedback after an interview that took place (not when a next round"
        " is offered: such invitations open with thanks for the last one).",
        _when_mentioned(
            lambda r: (
                hit
                if (hit := Hit.find(lx.FEEDBACK, r.context))
                and not lx.NEXT_ROUND.search(r.context)
                # (nor when the reader is invited to an interview after meeting at a fair)
                and not lx.READER_INTERVIEWED.search(r.context)
                else None
            )
        ),
    ),
    _rule(
        "readers-interview",
        "agreed",
        "the reader's interview",
        "'Your interview': one the reader already has (not a recorded interview the reader"
        " is asked to complete by a date: that is a task still to do).",
        _when_mentioned(
            lambda r: (
                None
                if lx.ONE_WAY_INTERVIEW.search(r.context)
                else Hit.find(lx.YOUR_INTERVIEW, r.context)
            )
        ),
    ),
    _rule(
        "interview-in-quoted-thread",
        "agreed",
        "interview in the quoted thread",
        "A short reply to a thread about an interview, naming none itself.",
        _quoted_only,
        leans=(REL, 1.0),
    ),
    # ---------------------------------------------------------------- role
    _rule(
        "sent-by-user",
        "role",
        "sent by the user",
        "The message comes from one of the user's own addresses.",
        lambda r: Hit(r.mail.from_addr) if r.sent_by_user and _mentioned(r) else None,
        leans=(REL, 3.0),
        decides=REL,
    ),
    _rule(
        "same-organisation",
        "role",
        "sent from the user's own organisation",
        "A colleague writes: the user is on the hiring side (unless the user applied: an"
        " internal move).",
        lambda r: (
            Hit(r.mail.from_addr.rpartition("@")[2])
            if r.same_organisation and r.any_interview and not r.user_app
            else None
        ),
    ),
    _rule(
        "colleague-meeting-request",
        "role",
        "ordinary meeting request",
        "A colleague's meeting request whose title names no interview.",
        _colleague_meeting,
        leans=(NOT, 2.0),
    ),
    _rule(
        "calendar-by-user",
        "role",
        "calendar: organised by the user",
        "The user organises the event.",
        lambda r: (
            Hit(r.cal.organizer or "")
            if r.cal is not None and r.cal.organizer and r.cal.organizer in r.users
            else None
        ),
        decides=REL,
    ),
    _rule(
        "addressed-to-interviewer",
        "role",
        "addressed to an interviewer",
        "Debriefs, scorecards, 'hi all', candidates lined up: the reader interviews.",
        _interviewer_side,
        decides=REL,
    ),
    _rule(
        "reader-interviewed",
        "role",
        "the reader is the one interviewed",
        "'We'd like to interview you', 'you have been selected for a first round interview'.",
        _when_mentioned(lambda r: Hit.find(lx.READER_INTERVIEWED, r.context) or r.reader_named),
        leans=(INV, 1.0),
    ),
    _rule(
        "candidate-speaks",
        "role",
        "written by a candidate",
        "First-person candidate words: thanks for the invitation, my availability, my"
        " application, I confirm.",
        # (not in a message about the reader's own application: there the reader is the
        # candidate, and "I'm free between 2 and 5" is the hiring manager's time)
        _when_mentioned(
            lambda r: None if r.user_app else first_hit(lx.CANDIDATE_SPEAKS, r.body_sentences)
        ),
    ),
    _rule(
        "someone-else-interviewed",
        "role",
        "someone else is interviewed",
        "The interview is a named candidate's, students', his or hers.",
        _when_mentioned(_other_interviewee),
    ),
    _rule(
        "interviewer-material",
        "role",
        "material for interviewers",
        "Interview schedules, evaluation forms, CVs sent to the people who interview.",
        # (not when the reader is the one selected: "selected for our closed schedule")
        _when_mentioned(
            lambda r: (
                None
                if lx.READER_INTERVIEWED.search(r.context)
                else Hit.find(lx.INTERVIEWER_MATERIAL, r.context)
            )
        ),
    ),
    _rule(
        "slot-fixed",
        "agreed",
        "time already fixed",
        "The time was set from the candidate's availability, or someone will call at it.",
        _when_mentioned(lambda r: Hit.find(lx.SLOT_FIXED, r.plain_text)),
    ),
    _rule(
        "several-recipients",
        "role",
        "addressed to several people",
        "Three to five people in To and Cc: invitations go to one candidate.",
        lambda r: Hit(f"{r.recipients} recipients") if 3 <= r.recipients <= 5 else None,
        leans=(NOT, 1.0),
    ),
    _rule(
        "many-recipients",
        "role",
        "addressed to many people",
        "Six or more people in To and Cc: a broadcast.",
        lambda r: Hit(f"{r.recipients} recipients") if r.recipients >= 6 else None,
        leans=(NOT, 1.5),
    ),
    _rule(
        "forwarded-broadcast",
        "role",
        "a forwarded mass mailing",
        "A forward of mail that went to many people: the interview in it is not offered"
        " to the reader.",
        lambda r: (
            Hit(f"{r.forwarded_addresses} addresses")
            if r.forwarded_addresses >= 4 and _mentioned(r)
            else None
        ),
        leans=(NOT, 2.0),
    ),
    # ---------------------------------------------------------------- kind
    _rule(
        "rejection",
        "kind",
        "rejection",
        "The application is turned down.",
        _in_context(lx.REJECTION),
    ),
    _rule("job-offer", "kind", "job offer", "A job is offered.", _in_context(lx.OFFER)),
    _rule(
        "application-receipt",
        "kind",
        "application receipt",
        "An acknowledgement that the application arrived.",
        _in_context(lx.APPLICATION_RECEIVED),
        leans=(NOT, 1.5),
    ),
    _rule(
        "coding-test",
        "kind",
        "coding test",
        "A test or questionnaire, not an interview.",
        _in_context(lx.CODING_TEST),
        leans=(NOT, 1.5),
    ),
    _rule(
        "job-alert",
        "kind",
        "job alert",
        "Job listings sent to the reader.",
        _in_context(lx.ALERT),
    ),
    _rule(
        "recruiter-outreach",
        "kind",
        "recruiter outreach",
        "A cold approach: 'came across your profile', 'are you open to...' (not one that"
        " asks the reader in to meet the people who hire, dates asked: Reading.outreach).",
        lambda r: (
            None
            if r.outreach is None
            else Hit.find(lx.OUTREACH, r.context)
            if r.vocabulary
            else None
        ),
    ),
    _rule(
        "media-or-research",
        "kind",
        "media or research interview",
        "Press, podcasts, studies and theses interview people too.",
        _kind_of_message(lx.MEDIA),
    ),
    _rule(
        "broadcast-interview",
        "kind",
        "media interview",
        "Producers, live and on-air interviews, television and radio.",
        _kind_of_message(lx.BROADCAST),
    ),
    _rule(
        "course",
        "kind",
        "course or training",
        "Enrolling in a course or a training has its own 'interviews'.",
        _kind_of_message(lx.COURSE),
        leans=(NOT, 1.5),
    ),
    _rule(
        "event",
        "kind",
        "event",
        "Career fairs, webinars, information sessions, talent pools (not a fair where the"
        " reader was met and is now invited to interview).",
        lambda r: None if lx.READER_INTERVIEWED.search(r.context) else _event(r),
    ),
    _rule(
        "webinar-or-pool",
        "kind",
        "webinar, information session or talent pool",
        "Named in the subject or the calendar title: many are invited, nobody is interviewed.",
        lambda r: (
            Hit.find(lx.WEBINAR, r.subject) or Hit.find(lx.WEBINAR, r.cal.summary.lower())
            if r.cal
            else Hit.find(lx.WEBINAR, r.subject)
        ),
        decides=NOT,
    ),
    _rule(
        "appraisal",
        "kind",
        "appraisal with the reader's manager",
        "Annual reviews book an 'interview' with the reader's own manager.",
        _appraisal,
    ),
    _rule(
        "advice",
        "kind",
        "interview advice or practice",
        "Tips, mock interviews, training about interviewing in general.",
        _kind_of_message(lx.ADVICE),
    ),
    _rule(
        "sales-call",
        "kind",
        "sales call",
        "Vendors of hiring tools offer demos and calls.",
        _kind_of_message(lx.SALES, lx.SALES_WORDS),
    ),
    _rule(
        "application-for-something-else",
        "kind",
        "an application for something else",
        "Flats, loans, grants and places to study are applied for too.",
        lambda r: r.other_application if r.vocabulary else None,
        decides=NOT,
    ),
    _rule(
        "not-a-job",
        "kind",
        "a position that is not a job",
        "Board seats, volunteer posts, committees.",
        lambda r: r.not_a_job if r.vocabulary else None,
        leans=(NOT, 1.0),
    ),
)

_BY_NAME = {rule.name: rule for rule in RULES}
assert len(_BY_NAME) == len(RULES), "rule names are unique"
assert all(rule.group in GROUPS for rule in RULES)


def fired(reading: Reading, /) -> list[tuple[Rule, Hit]]:
    """Every rule that fires on ``reading``, in table order, with what it found."""
    out: list[tuple[Rule, Hit]] = []
    for rule in RULES:
        found = rule.test(reading)
        if found:
            out.append((rule, found if isinstance(found, Hit) else Hit(rule.label)))
    return out


def can_invite(fired: Sequence[tuple[Rule, Hit]], /) -> bool:
    """An invitation names an interview and asks the reader for something."""
    return any(r.group == "interview" for r, _ in fired) and any(r.asks for r, _ in fired)


def rule_named(name: str, /) -> Rule:
    return _BY_NAME[name]
