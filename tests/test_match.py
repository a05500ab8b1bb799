"""Recognising the sent decline in Sent, whatever the client did to it."""

from __future__ import annotations

import time

import pytest

from mailer.core.match import (
    SIMILARITY_THRESHOLD,
    MatchKind,
    SentMessage,
    classify_sent,
    normalise_message_id,
    normalised_words,
    parse_message_ids,
    similarity,
)
from mailer.core.quoting import strip_quoted

INVITATION_ID = "<inv-1@mail.acme.example>"
DRAFT_ID = "<draft-7f3a@polite-decline.local>"
TO = "jane.doe@acme.example"

DRAFT = """Dear Jane,

thank you very much for inviting me to interview for the Backend Engineer position
at Acme. I appreciate the time you took to consider my application.

After careful thought I have decided not to pursue this opportunity further, as I
have accepted another offer. I would be glad to stay in touch for the future.

Kind regards,
Sam Example"""

QUOTE = """
On Tue, 3 Nov 2026 at 10:00, Jane Doe <jane.doe@acme.example> wrote:
> Dear Sam,
> we would like to invite you to an interview for the Backend Engineer position.
> Would Thursday at 14:00 work for you?
> Best, Jane"""

EDITED = """Hi Jane,

thanks a lot for inviting me to interview for the Backend Engineer role at Acme. I
really appreciate the time you took.

After careful thought I have decided not to pursue this opportunity, as I have
accepted another offer. Happy to stay in touch.

Best,
Sam"""

ACCEPTING = """Dear Jane,

thank you for the invitation! Thursday at 14:00 works well for me. Should I bring
anything, and will the interview be on site or by video call?

Looking forward to meeting you.

Kind regards,
Sam Example"""

PADDED = (
    "Hello Jane, before anything else: congratulations on the product launch last week,"
    " I read about it in the news and it looked like a great success for the whole team."
    " I hope the rest of the hiring goes smoothly and you find the right person soon.\n\n" + DRAFT
)


def sent(
    text: str,
    *,
    message_id: str | None = "<new-1@gmail.example>",
    in_reply_to: tuple[str, ...] = (INVITATION_ID,),
    references: tuple[str, ...] = (INVITATION_ID,),
    recipients: tuple[str, ...] = (TO,),
) -> SentMessage:
    return SentMessage(message_id, in_reply_to, references, recipients, text)


def classify(message: SentMessage, *, invitation_id: str | None = INVITATION_ID) -> MatchKind:
    return classify_sent(
        message,
        invitation_message_id=invitation_id,
        draft_message_id=DRAFT_ID,
        draft_to=TO,
        draft_text=DRAFT,
    ).kind


def test_kept_message_id_and_unchanged_text_is_sent() -> None:
    # (neo)mutt: the draft's own Message-ID survives.
    message = sent(DRAFT + QUOTE, message_id=DRAFT_ID, in_reply_to=(), references=())
    result = classify_sent(
        message,
        invitation_message_id=INVITATION_ID,
        draft_message_id=DRAFT_ID,
        draft_to=TO,
        draft_text=DRAFT,
    )
    assert result.kind is MatchKind.SENT
    assert result.score == pytest.approx(1.0)
    assert "draft's Message-ID" in result.reason


def test_new_message_id_but_threaded_is_sent() -> None:
    # Gmail, Outlook, Apple Mail: a new Message-ID, threading kept.
    assert classify(sent(DRAFT + QUOTE)) is MatchKind.SENT
    assert classify(sent(DRAFT, in_reply_to=(), references=("<x@y>", INVITATION_ID))) is (
        MatchKind.SENT
    )


def test_edited_decline_is_sent() -> None:
    score = similarity(DRAFT, EDITED + QUOTE)
    assert score >= SIMILARITY_THRESHOLD + 0.1
    assert classify(sent(EDITED + QUOTE)) is MatchKind.SENT


def test_decline_with_a_long_personal_note_is_sent() -> None:
    assert similarity(DRAFT, PADDED) == pytest.approx(1.0)
    assert classify(sent(PADDED)) is MatchKind.SENT


def test_own_answer_is_answered_by_user() -> None:
    score = similarity(DRAFT, ACCEPTING + QUOTE)
    assert score < SIMILARITY_THRESHOLD - 0.1
    result = classify_sent(
        sent(ACCEPTING + QUOTE),
        invitation_message_id=INVITATION_ID,
        draft_message_id=DRAFT_ID,
        draft_to=TO,
        draft_text=DRAFT,
    )
    assert result.kind is MatchKind.ANSWERED_BY_USER
    assert "text differs" in result.reason


def test_decline_to_someone_else_is_not_the_decline() -> None:
    message = sent(DRAFT, recipients=("boss@acme.example",))
    assert classify(message) is MatchKind.ANSWERED_BY_USER


def test_recipient_case_and_cc_do_not_matter() -> None:
    assert classify(sent(DRAFT, recipients=("x@other.example", "Jane.Doe@ACME.example"))) is (
        MatchKind.SENT
    )


def test_unlinked_message_is_unrelated_even_with_the_same_text() -> None:
    assert classify(sent(DRAFT, in_reply_to=(), references=())) is MatchKind.UNRELATED
    assert classify(sent(DRAFT, in_reply_to=("<other@x>",), references=())) is (MatchKind.UNRELATED)


def test_invitation_without_message_id_relies_on_the_draft_id() -> None:
    assert classify(sent(DRAFT), invitation_id=None) is MatchKind.UNRELATED
    assert classify(sent(DRAFT, message_id=DRAFT_ID), invitation_id=None) is MatchKind.SENT


def test_message_id_comparison_forgives_brackets_spaces_and_domain_case() -> None:
    assert normalise_message_id(" <abc@Mail.ACME.example> ") == "abc@mail.acme.example"
    assert normalise_message_id("<ABC@x>") != normalise_message_id("<abc@x>")
    message = sent(DRAFT, in_reply_to=("<inv-1@MAIL.acme.example>",), references=())
    assert classify(message) is MatchKind.SENT


def test_parse_message_ids() -> None:
    value = "<a@x>\r\n <b@y> junk <c@z>"
    assert parse_message_ids(value) == ("<a@x>", "<b@y>", "<c@z>")


@pytest.mark.parametrize("keep_forwarded", [True, False])
def test_strip_quoted_handles_common_clients(keep_forwarded: bool) -> None:
    # One quote stripper for recognition and for matching: they agree on replies.
    def mine(text: str) -> str:
        return strip_quoted(text, keep_forwarded=keep_forwarded)

    assert mine("Mine\n\nOn Mon, Jane wrote:\n> theirs\n>> older") == "Mine"
    assert mine("Meins\nAm 3.11.2026 um 10:00 schrieb Jane Doe:\n> ihres") == "Meins"
    assert mine("Le mien\nLe 3 nov. 2026, Jane a écrit :\n> le sien") == "Le mien"
    outlook = "Mine\r\n\r\nFrom: Jane Doe\r\nSent: Tuesday\r\nTo: Sam\r\nSubject: Interview\r\n"
    assert mine(outlook) == "Mine"
    assert mine("Mine\n-----Original Message-----\ntheirs") == "Mine"
    # "From:" in running text is not a quoted header block.
    assert mine("From: the team, thanks\nbye") == "From: the team, thanks\nbye"
    # Bottom posting: the writer's text is below the quote.
    assert mine("On Mon, Jane wrote:\n> theirs\n> more\n\nMine, below") == "Mine, below"


def test_a_forward_is_content_for_recognition_and_not_the_users_words() -> None:
    text = "Mine\n\n---------- Forwarded message ---------\nFrom: Jane <j@x.example>\n\ntheirs"
    assert strip_quoted(text) == "Mine\n\ntheirs"
    assert strip_quoted(text, keep_forwarded=False) == "Mine"


def test_words_are_normalised() -> None:
    assert normalised_words("Straße, THANK-you!  ｆｕｌｌ") == ("strasse", "thank", "you", "full")


def test_empty_texts_never_match() -> None:
    assert similarity("", DRAFT) == 0.0
    assert similarity(DRAFT, "> only quoted") == 0.0


def test_huge_sent_text_is_cheap() -> None:
    huge = DRAFT + "\n" + "lorem ipsum dolor sit amet " * 50_000
    started = time.perf_counter()
    assert classify(sent(huge)) is MatchKind.SENT
    assert time.perf_counter() - started < 5
