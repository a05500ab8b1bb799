"""Subjects of every length near the folding limit compose and read back."""

from __future__ import annotations

import pytest

from mailer.core.compose import compose_decline
from mailer.core.model import DeclineSettings
from tests.compose_support import IDENTITY, NOW, TEMPLATES, guard_ok, make_facts, parse_back

WORDS = "Interview invitation: Site Reliability Engineer at Quanta Logistics in Berlin " * 2


@pytest.mark.parametrize("length", range(60, 100))
def test_subject_near_the_fold_reads_back(length: int) -> None:
    subject = WORDS[:length].rstrip(" :")
    draft = compose_decline(
        make_facts(subject=subject),
        guard=guard_ok(),
        identity=IDENTITY,
        settings=DeclineSettings(),
        templates=TEMPLATES,
        now=NOW,
        message_id="<decline-1@example.org>",
    )
    assert draft.subject == "Re: " + subject
    assert str(parse_back(draft.raw)["Subject"]).strip() == draft.subject
