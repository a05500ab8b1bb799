"""Shared fixtures: a private Dovecot and an aiosmtpd server, both real."""

from __future__ import annotations

pytest_plugins = ["tests.dovecot_server", "tests.pymap_server", "tests.smtpd_server"]
