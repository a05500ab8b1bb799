"""The demo runs the real service on embedded servers: drafts made, follow-up received."""

from __future__ import annotations

import os
from io import StringIO
from typing import Any

from mailer.demo import run_demo


def test_demo_outcome() -> None:
    outcome: dict[str, Any] = {}
    assert run_demo(out=StringIO(), outcome=outcome) == 0
    # Five invitations drafted (two of them the formal letter and the casual note shown
    # side by side); the alert, note, rejection and newsletter were not.
    assert outcome["drafts"] == 5
    assert outcome["not_drafted"] == 4
    assert outcome["followups"] == 1
    assert "northwind-analytics.example" in outcome["followup_to"]
    assert not os.path.exists(outcome["workdir"])  # it removes what it created
