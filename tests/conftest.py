"""Shared fixtures: a private Dovecot and an aiosmtpd server, both real, and the
service's stages on them (tests/stage_support.py)."""

from __future__ import annotations

pytest_plugins = [
    "tests.dovecot_server",
    "tests.pymap_server",
    "tests.smtpd_server",
    "tests.stage_support",
]
