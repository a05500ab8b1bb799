"""One message as the rules read it: its text views, and the evidence several rules share.

A :class:`Reading` is built once per message. It prepares the views the rules look at
(the subject, the newest unquoted part split into sentences, the calendar part) and
computes, lazily and at most once, the evidence that several rules combine: which
sentences name an interview for the reader, which ask the reader to schedule it, the
sentences around them, and who is writing to whom. Rules (:mod:`.rules`) only read it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cached_property

from mailer.core.addresses import is_scheduling_link
from mailer.core.message import Calendar, Mail
from mailer.core.model import Identity
from mailer.core.recognise import lexicon as lx
from mailer.core.recognise.screen import MAX_JUDGED, has_any, has_vocabulary

__all__ = ["Hit", "Reading", "sentences"]


@dataclass(frozen=True, slots=True)
class Hit:
    """The first match of a pattern: the words a reason line quotes."""

    phrase: str

    @classmethod
    def find(cls, pattern: re.Pattern[str], text: str) -> Hit | None:
        found = pattern.search(text)
        if not found:
            return None
        return cls(" ".join(found.group(0).split())[:80])


def first_hit(pattern: re.Pattern[str], texts: Iterable[str]) -> Hit | None:
    return next((h for h in (Hit.find(pattern, s) for s in texts) if h), None)


# Abbreviations do not end a sentence ("melden uns, um ggf. einen Termin zu vereinbaren",
# "Dr. Krohne", "ca. 30 Minuten"): each is a fixed-width lookbehind on lower-cased text.
_ABBREVIATIONS = "".join(
    f"(?<!{re.escape(a)})"
    for a in (
        "ggf.",
        "bzw.",
        "evtl.",
        "ca.",
        "z.b.",
        "e.g.",
        "i.e.",
        "dr.",
        "mr.",
        "mrs.",
        "ms.",
        "approx.",
        "etc.",
        "vs.",
        "inkl.",
        "usw.",
        "d.h.",
        "u.a.",
        "sr.",
        "sra.",
        "mme.",
        "st.",
        "nr.",
        "tel.",
    )
)
# An initial ("A. Example") does not end a sentence either.
_SENTENCE_SPLIT = re.compile(
    rf"(?<=[.!?])(?<!\d\.)(?<! [a-z]\.){_ABBREVIATIONS}\s+|\n\s*\n+|\n(?=\s*(?:[-*•·]|\d+[.)]\s))"
)
_URL_TEXT = re.compile(r"(?:https?://|www\.)\S+")
_QUOTES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u201c": '"', "\u201d": '"', "\xa0": " "})


def sentences(text: str) -> list[str]:
    out = []
    for chunk in _SENTENCE_SPLIT.split(text):
        chunk = " ".join(chunk.split())
        if chunk:
            out.append(chunk[:1000])
    return out[:400]


def _same_organisation(address: str, identity: Identity) -> bool:
    """A colleague: the sender shares the user's own (non-freemail) domain."""
    domain = identity.domain.lower()
    if not domain or domain in lx.FREEMAIL_DOMAINS or address in identity.addresses:
        return False
    return address.rpartition("@")[2] == domain


class Reading:
    """The views of one message that the rules read. Build with :meth:`of`."""

    mail: Mail
    identity: Identity | None
    users: frozenset[str]
    subject: str
    newest: str
    cal: Calendar | None
    cal_text: str
    user_name: str

    @classmethod
    def of(cls, mail: Mail, identity: Identity | None) -> Reading:
        self = cls()
        self.mail = mail
        self.identity = identity
        self.users = identity.addresses if identity is not None else frozenset()
        subject = " ".join(mail.subject[:500].translate(_QUOTES).split()).lower()
        cal = self.cal = mail.calendar
        cal_text = f"{cal.summary}\n{cal.description[:2000]}".lower() if cal is not None else ""
        self.user_name = " ".join(identity.name.lower().split()) if identity is not None else ""
        # Words inside links ("meetup-join", "/interview/") are not things the sender said.
        self.cal_text = lx.OTHER_INTERVIEW.sub("review", _URL_TEXT.sub(" ", cal_text))
        # An invitation says what it wants near the top of its newest part; the rest of a
        # long message is signatures, footers and newsletters. Bounding the text judged
        # bounds the time spent on one message.
        newest = _URL_TEXT.sub(" ", mail.newest_text[:MAX_JUDGED].translate(_QUOTES).lower())
        if has_any(f"{subject}\n{newest}\n{self.cal_text}", lx.OTHER_INTERVIEW_WORDS):
            # Interviews that are not hiring interviews (exit, appraisal) read as meetings.
            subject = lx.OTHER_INTERVIEW.sub("review", subject)
            newest = lx.OTHER_INTERVIEW.sub("review", newest)
        self.subject = subject
        self.newest = newest
        return self

    # ------------------------------------------------------------------ text views

    @cached_property
    def flat(self) -> str:
        """Subject and newest part with line breaks folded away."""
        return " ".join(f"{self.subject}\n{self.newest}".split())

    @cached_property
    def reader_named(self) -> Hit | None:
        """The reader named as the one interviewed ("for your candidate Alex Example",
        "Meet Alex Example - Sr. Rate Analyst candidate"): a note passed on to the reader
        by the people who arranged it, where the reader is spoken of in the third person."""
        names = {self.user_name} if self.user_name else set()
        # the name the sender addressed the reader by, when the user set none
        for header in ("To", "Cc"):
            for dname, addr in self.mail.address_pairs(header):
                if addr in self.users and len(dname.split()) >= 2:
                    names.add(" ".join(dname.lower().split()))
        names = {n for n in names if n in self.flat}
        if not names:
            return None
        name = "(?:" + "|".join(re.escape(n) for n in sorted(names)) + ")"
        pattern = re.compile(
            rf"\bcandidate,? {name}\b|\b{name} ?[-–,(:] ?(?:[\w./&-]+ ){{0,5}}candidate\b"
            rf"|\bmeet(?:ing)? (?:with )?{name}\b|\binterview(?:ing|s)? (?:with )?{name}\b"
            rf"|\b(?:times|slots|schedule) for {name}\b|\b(?:interview|treffen|entretien"
            rf"|entrevista|gespr[äa]ch) (?:mit|avec|con) {name}\b"
        )
        return Hit.find(pattern, self.flat)

    @cached_property
    def flat_cal(self) -> str:
        return " ".join(self.cal_text.split())

    @cached_property
    def sentences(self) -> list[str]:
        body = sentences(self.newest)
        return [self.subject, *body] if self.subject else body

    @cached_property
    def subject_is_reply(self) -> bool:
        """The subject answers another message's ("Re:", "AW:", "RE :", "RV:")."""
        return bool(self.subject) and bool(lx.REPLY_SUBJECT.match(self.subject))

    @cached_property
    def body_sentences(self) -> list[str]:
        """The newest part's sentences, without the subject."""
        return self.sentences[1:] if self.subject else self.sentences

    @cached_property
    def recipients(self) -> int:
        """How many distinct addresses the message was sent to (To and Cc)."""
        return len({a for a in (*self.mail.to, *self.mail.cc) if a})

    @cached_property
    def forwarded_addresses(self) -> int:
        """Distinct addresses in the header block of a forwarded message (0: no forward).

        A forward of mail that went to many people (a mass mailing, a joke passed on)
        carries their addresses in the block before its Subject line.
        """
        text = self.mail.text[: MAX_JUDGED * 4]
        mark = lx.FORWARD_MARK.search(text)
        if mark is None and not lx.FORWARD_SUBJECT.match(self.mail.subject):
            return 0
        head = text[mark.end() if mark else 0 :][:2000]
        end = lx.FORWARDED_SUBJECT_LINE.search(head)
        head = head[: end.start()] if end else head[:800]
        return len({a.lower() for a in lx.ADDRESS.findall(head)})

    @cached_property
    def quoted_flat(self) -> str:
        """The whole text (the quoted thread included), lower case, folded."""
        return " ".join(self.mail.text[: MAX_JUDGED * 2].lower().split())

    @cached_property
    def has_quoted_part(self) -> bool:
        return len(self.mail.text) > len(self.mail.newest_text) + 40

    @cached_property
    def sched_links(self) -> list[str]:
        # Scheduling links in the newest part (links in HTML attributes count when nothing
        # is quoted); computed only when a rule needs them (newsletters carry hundreds).
        mail = self.mail
        unquoted = len(mail.newest_text) >= len(mail.text.strip()) - 2
        return [
            u for u in mail.links if is_scheduling_link(u) and (unquoted or u in mail.newest_text)
        ]

    # ------------------------------------------------------------------ who and where

    @cached_property
    def sent_by_user(self) -> bool:
        return bool(self.users) and self.mail.from_addr in self.users

    @cached_property
    def same_organisation(self) -> bool:
        return self.identity is not None and _same_organisation(self.mail.from_addr, self.identity)

    @cached_property
    def cal_title(self) -> Hit | None:
        """A calendar request from outside titled with the user or two sides and a job.

        ATS and scheduling tools title events "Alex Example <> Orbitale | Mobile Engineer";
        such a request is an interview slot even with an empty description.
        """
        cal = self.cal
        if cal is None or cal.method != "REQUEST" or self.same_organisation:
            return None
        summary = " ".join(cal.summary.lower().split())
        if lx.CAL_PAIRING.search(summary) or self._names_user(summary):
            if Hit.find(lx.JOB_TITLE, summary) or Hit.find(lx.PROCESS_STEP, summary):
                return Hit(summary[:80])
            # the step may be named in the description only ("Round two: system design")
            desc = " ".join(cal.description.lower().split())[:500]
            return Hit(summary[:80]) if Hit.find(lx.PROCESS_STEP, desc) else None
        return None

    def _names_user(self, text: str) -> bool:
        """The user's name (or, with none configured, a part of the address) is in ``text``."""
        if self.user_name:
            return self.user_name in text
        locals_ = (a.partition("@")[0] for a in self.users)
        tokens = {t for local in locals_ for t in re.split(r"[._+-]", local) if len(t) >= 3}
        return any(re.search(rf"\b{re.escape(t)}\b", text) for t in tokens)

    # ------------------------------------------------------------------ vocabulary

    @cached_property
    def vocabulary(self) -> bool:
        """Whether the judged text (not only links or quotes) has interview or hiring words."""
        mail = self.mail
        return bool(
            self.cal_title
            or has_vocabulary(f"{self.subject}\n{self.newest}\n{self.cal_text}")
            # a reply proposing a call, in a thread whose quoted part names the job
            or (
                has_any(self.newest, lx.TALK_WORDS)
                and has_any(mail.text[: MAX_JUDGED * 2], lx.ROLE_WORDS)
            )
            or (
                has_any(mail.raw_text[:MAX_JUDGED], lx.BOOKING_HOSTS)
                and has_vocabulary(f"{self.subject}\n{mail.raw_text[:MAX_JUDGED]}")
                and self.sched_links
            )
        )

    @cached_property
    def talk_vocabulary(self) -> bool:
        """Words for an interview or a conversation, or a request for time about a job."""
        return bool(
            self.vocabulary
            and (
                self.cal_title
                or has_any(self.flat, lx.INTERVIEW_WORDS)
                or has_any(self.flat_cal, lx.INTERVIEW_WORDS)
                or (self.job_topic and (lx.TIME_ASK.search(self.flat) or self.sched_links))
                or (self.hiring and lx.MEET_PEOPLE.search(self.flat))
            )
        )

    # ------------------------------------------------------------------ the job

    @cached_property
    def user_app(self) -> Hit | None:
        # A reply's subject ("Re: Your application") is the other side's words.
        flat = " ".join(self.newest.split()) if self.subject_is_reply else self.flat
        app_text = lx.CV_REQUEST.sub(" ", flat) if "cv" in flat or "sum" in flat else flat
        return Hit.find(lx.USER_APPLICATION, app_text) or Hit.find(
            lx.USER_APPLICATION, self.flat_cal
        )

    @cached_property
    def other_application(self) -> Hit | None:
        """An application for a flat, a loan, a grant or a place at a school."""
        flat = self.flat
        if not any(w in flat for w in lx.OTHER_APPLICATION_WORDS):
            return None
        hit = Hit.find(lx.OTHER_APPLICATION, flat)
        if (
            hit is None
            or Hit.find(lx.INTERVIEW_STRICT, flat)
            or (has_any(hit.phrase, lx.STUDY_WORDS) and lx.JOB_WORD.search(flat))
        ):
            return None
        return hit

    @cached_property
    def hiring_words(self) -> Hit | None:
        return Hit.find(lx.HIRING, self.flat) or Hit.find(lx.HIRING, self.flat_cal)

    @cached_property
    def subject_title(self) -> Hit | None:
        return Hit.find(lx.JOB_TITLE, self.subject)

    @cached_property
    def not_a_job(self) -> Hit | None:
        """A board seat, a volunteer post, a committee: a position, not a job."""
        flat = self.flat
        if self.own_app or not any(w in flat for w in lx.NOT_A_JOB_WORDS):
            return None
        if lx.HIRING_COMMITTEE.search(flat):
            return None
        return Hit.find(lx.NOT_A_JOB, flat)

    @cached_property
    def own_app(self) -> Hit | None:
        return self.user_app or Hit.find(lx.SUBJECT_APPLICATION, self.subject)

    @cached_property
    def job_topic(self) -> Hit | None:
        """A named job the message is about.

        The user's application, a role named as the topic ("about the SRE role", "pour le
        poste"), a subject naming a job, or a subject naming a job title in a message that
        speaks of hiring (sellers write "Question for a Product Manager" too).
        """
        flat, subject = self.flat, self.subject
        topic = (
            self.own_app
            or Hit.find(lx.ROLE_TOPIC, flat)
            or Hit.find(lx.SUBJECT_ROLE, subject)
            or (self.subject_title if self.hiring_words or "opportunit" in subject else None)
        )
        if topic is None or self.not_a_job:
            return None
        if lx.SENDER_INTERVIEW.search(flat) and not lx.YOUR_INTERVIEW.search(flat):
            return None  # the job named is the sender's own ("I've got an interview for...")
        return topic

    @cached_property
    def hiring(self) -> Hit | None:
        """Hiring context: any job talk, a job title in the subject or calendar title."""
        hit = self.hiring_words or self.subject_title or Hit.find(lx.JOB_TITLE, self.flat_cal)
        if hit is None and self.has_quoted_part:
            # A reply in a thread about a job ("Happy to set up a first call"): the job is
            # named in the quoted part the reply answers.
            hit = Hit.find(lx.HIRING, self.quoted_flat)
        if self.not_a_job and not self.strong_hiring:
            return None
        return hit

    @cached_property
    def strong_hiring(self) -> Hit | None:
        """The user's own application or a hiring process is the topic."""
        subject_app = Hit.find(lx.SUBJECT_APPLICATION, self.subject)
        if subject_app is not None and lx.OWN_SEARCH.search(self.flat):
            # "Claims Representative application - follow up" over "I sent my resume":
            # the application in the subject is the writer's, not the reader's
            subject_app = None
        return self.user_app or Hit.find(lx.HIRING_STRONG, self.flat) or subject_app

    @cached_property
    def outreach(self) -> Hit | None:
        # Outreach phrasing ("your profile caught our attention") in a reply to the user's
        # own application is a compliment, not a cold approach.
        if self.user_app or lx.NEXT_ROUND.search(self.flat):
            # ("Ihr Profil hat uns überzeugt" after a first interview invites to the next)
            return None
        hit = Hit.find(lx.OUTREACH, self.flat)
        if (
            hit is not None
            and self.hiring
            and lx.SCHEDULE.search(self.flat)
            and self._meeting(self.flat) is not None
        ):
            # A cold approach that asks the reader in to meet the people who hire, with
            # dates asked for, is an invitation ("would you be interested in flying up to
            # talk to Tim and a couple of the traders? send me a few dates").
            return None
        return hit

    @cached_property
    def asks_time(self) -> bool:
        """Whether the message asks the user for time at all."""
        return bool(lx.TIME_ASK.search(self.flat) or lx.SCHEDULE.search(self.flat))

    # ------------------------------------------------------------------ the interview

    def interview_in(self, s: str) -> tuple[Hit, str] | None:
        """An interview for the reader named in ``s``, and the kind of evidence it is."""
        job_topic, hiring, strong = self.job_topic, self.hiring, self.strong_hiring
        if not has_any(s, lx.INTERVIEW_WORDS):
            if self.outreach or not hiring:
                return None
            hit = self._meeting(s)
            if hit:
                return hit, "meeting"
            if job_topic:
                hit = Hit.find(lx.TIME_ASK, s)
                return (hit, "time-ask") if hit else None
            return None
        if "interview" in s and lx.SENDER_INTERVIEW.search(s) and not lx.YOUR_INTERVIEW.search(s):
            return None
        hit = Hit.find(lx.INTERVIEW_STRICT, s) if has_any(s, lx.STRICT_WORDS) else None
        if hit:
            return hit, "strict"
        # a job title in the same sentence makes an interview a hiring interview
        # ("Interview - A. Example (Sr Analyst, Rates)")
        if hiring or strong or lx.ASKED_FOR.search(s) or lx.JOB_TITLE.search(s):
            hit = Hit.find(lx.INTERVIEW_NOUN, s)
            if hit and not (lx.STEP.fullmatch(hit.phrase) and lx.CODING_TEST.search(self.flat)):
                # ("the next step is an online assessment" names a test, not an interview)
                return hit, "noun"
        if self.outreach:
            return None
        if hiring:
            hit = Hit.find(lx.HIRER_CALL, s)
            if hit:
                return hit, "hirer-call"
        if (strong and hiring) or (
            hiring
            and (
                lx.INVITE_VERB.search(s)
                or lx.ROLE_TOPIC.search(s)
                # a conversation asked of the user in a message about a named job
                or (job_topic and self.asks_time)
            )
        ):
            hit = Hit.find(lx.CONVERSATION, s)
            if hit:
                return hit, "conversation"
        hit = self._meeting(s) if hiring else None
        if hit:
            return hit, "meeting"
        if job_topic and hiring:
            hit = Hit.find(lx.TIME_ASK, s)
            return (hit, "time-ask") if hit else None
        return None

    def _meeting(self, s: str) -> Hit | None:
        """Meeting the people who hire, asked of the reader ("come by and meet Howard")."""
        if lx.SENDER_INTERVIEW.search(s):
            return None
        return Hit.find(lx.MEET_PEOPLE, s)

    @cached_property
    def iv(self) -> list[tuple[Hit, str] | None]:
        """Per sentence: the interview it names for the reader, if any."""
        if not self.talk_vocabulary:
            return [None] * len(self.sentences)
        return [self.interview_in(s) for s in self.sentences]

    @cached_property
    def interview(self) -> tuple[Hit, str] | None:
        found = next((h for h in self.iv if h), None)
        if (
            found is None
            and self.talk_vocabulary
            and self.job_topic
            and self.hiring
            and not self.outreach
            and self.sched_links
        ):
            # A booking page sent about a named job ("Re: Engineer role" and only a
            # Calendly link): the link is the request for a conversation.
            return Hit(f"booking link about {self.job_topic.phrase}"), "booking-link"
        if found is None and self.hiring and self.reader_named:
            return self.reader_named, "reader-named"
        return found

    @cached_property
    def cal_interview(self) -> tuple[Hit, str] | None:
        cal = self.cal
        if cal is None or not self.vocabulary:
            return None
        found = self.interview_in(self.flat_cal) if self.flat_cal else None
        if found:
            return found[0], "calendar-text"
        summary = cal.summary.lower()
        if self._names_user(summary):
            # "Interview - Alex Example": an interview event that names the user is the
            # user's own interview, with or without hiring words around it.
            hit = Hit.find(lx.INTERVIEW_NOUN, summary)
            if hit:
                return hit, "calendar-names-user"
        if cal.method == "REQUEST":
            # A request for an event titled as an interview, sent to the user, is the
            # user's interview; media and events are still ruled out by other rules.
            hit = Hit.find(lx.CAL_INTERVIEW_SUMMARY, self.cal_text.split("\n", 1)[0])
            if hit:
                return hit, "calendar-summary"
        if self.cal_title is not None:
            return self.cal_title, "calendar-title"
        return None

    @cached_property
    def loose_interview(self) -> Hit | None:
        """An interview named anywhere, with or without hiring words around it."""
        if not self.vocabulary:
            return None
        hit = Hit.find(lx.INTERVIEW_NOUN, self.flat) or Hit.find(lx.INTERVIEW_NOUN, self.flat_cal)
        if (
            hit is None
            and not self.outreach
            and (self.hiring or lx.OUR_GESPRAECH.search(self.flat))
        ):
            # German says "Gespräch" for a job interview; "unser Gespräch" is one already
            # arranged.
            hit = Hit.find(lx.GESPRAECH, self.flat)
        return hit

    @cached_property
    def quoted_interview(self) -> Hit | None:
        """An interview named in the quoted thread the newest part answers."""
        if not self.has_quoted_part:
            return None
        text = self.mail.text[: MAX_JUDGED * 4].lower()
        if has_any(text, lx.OTHER_INTERVIEW_WORDS):
            text = lx.OTHER_INTERVIEW.sub("review", text)
        return Hit.find(lx.INTERVIEW_NOUN, _URL_TEXT.sub(" ", text))

    @cached_property
    def any_interview(self) -> Hit | None:
        found = self.interview or self.cal_interview
        return found[0] if found else self.loose_interview

    # ------------------------------------------------------------------ around it

    @cached_property
    def around(self) -> set[int]:
        """Sentence numbers near the interview mentions, and the opening."""
        return {j for k, h in enumerate(self.iv) if h for j in range(k - 4, k + 5)} | {0, 1, 2, 3}

    @cached_property
    def context(self) -> str:
        """Where a message says what it is: the opening and the interview's neighbours."""
        if self.interview is None and self.cal_interview is None:
            return self.flat[:MAX_JUDGED]
        text = " ".join(s for k, s in enumerate(self.sentences) if k in self.around)
        text = text[:MAX_JUDGED]
        return f"{text} {self.flat_cal[:500]}" if self.flat_cal else text

    @cached_property
    def plain(self) -> list[str]:
        """Sentences that are statements: no question, no condition."""
        return [s for s in self.sentences if not s.endswith("?") and not lx.CONDITIONAL.search(s)]

    @cached_property
    def plain_text(self) -> str:
        """The plain sentences near the interview (all of them without an interview)."""
        if self.interview is None and self.cal_interview is None:
            return "\n".join(self.plain)
        plain = set(self.plain)
        return "\n".join(s for k, s in enumerate(self.sentences) if k in self.around and s in plain)

    @cached_property
    def asked_text(self) -> str:
        return "\n".join(
            s
            for k, s in enumerate(self.sentences)
            if k in self.around and not lx.CONDITIONAL.search(s)
        )

    # ------------------------------------------------------------------ the request

    @cached_property
    def near(self) -> set[int]:
        return {j for k, h in enumerate(self.iv) if h for j in (k - 1, k, k + 1)}

    @cached_property
    def hypothetical(self) -> list[bool]:
        near = self.near
        return [
            bool(lx.HYPOTHETICAL.search(s)) if k in near else False
            for k, s in enumerate(self.sentences)
        ]

    @cached_property
    def sched(self) -> list[Hit | None]:
        near, hyp = self.near, self.hypothetical
        # The writer offering their own time ("I am available on Tuesday") asks nothing
        # of the reader: candidates write that, not the hiring side.
        # Nor does a request about someone else's interview ("shall I set up an interview
        # with him?"), or a reply's subject, which repeats the subject it answers.
        skip = 0 if self.subject_is_reply else -1
        return [
            Hit.find(lx.SCHEDULE, s)
            if k in near
            and k != skip
            and not hyp[k]
            and not lx.CANDIDATE_SPEAKS.search(s)
            and not self.others[k]
            else None
            for k, s in enumerate(self.sentences)
        ]

    @cached_property
    def others(self) -> list[Hit | None]:
        """Per sentence: someone other than the reader is interviewed.

        A pronoun is the hiring side as often as a candidate: "wants to get you in to meet
        him" and "our CTO ... he's free Thursday" name the interviewer, not the interviewee.
        """
        out: list[Hit | None] = []
        if self.reader_named:
            # "the candidate" is the reader, named so in a note passed on to them
            return [None] * len(self.sentences)
        before = ""
        for s in self.sentences:
            found = None
            for m in lx.OTHER_INTERVIEWEE.finditer(s):
                # the title may end the sentence before ("Our CTO read it. He's free.")
                if not lx.PRONOUN_INTERVIEWER.search(f"{before} {s[: m.end()]}"):
                    found = Hit(m.group(0))
                    break
            out.append(found)
            before = s
        return out

    @cached_property
    def pair(self) -> tuple[Hit, Hit] | None:
        """An interview and a request to schedule it in the same or adjacent sentences."""
        iv, hyp = self.iv, self.hypothetical
        for i, s_hit in enumerate(self.sched):
            if s_hit is None:
                continue
            for j in (i, i - 1, i + 1):
                found = iv[j] if 0 <= j < len(iv) else None
                if found is not None and not hyp[j]:
                    return found[0], s_hit
        return None

    @cached_property
    def any_sched(self) -> Hit | None:
        """A request to schedule anywhere (near the interview first)."""
        hit = next((h for h in self.sched if h), None)
        if hit is None and self.pair is None and self.interview is not None:
            far = (s for k, s in enumerate(self.sentences) if k not in self.near)
            hit = next(
                (
                    h
                    for s in far
                    if not lx.HYPOTHETICAL.search(s) and (h := Hit.find(lx.SCHEDULE, s))
                ),
                None,
            )
        return hit

    @cached_property
    def only_hypothetical(self) -> bool:
        """Every interview mention sits in a promise on a condition."""
        iv, hyp = self.iv, self.hypothetical
        return any(iv) and all(hyp[k] for k, h in enumerate(iv) if h) and not self.cal_interview

    @cached_property
    def slots(self) -> list[str]:
        # (folded: a slot is often broken over two lines, "Friday\nthe 9th at 9:30")
        return lx.SLOT.findall(" ".join(self.newest.split()))
