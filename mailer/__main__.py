"""``python -m mailer`` is the same as the ``polite-decline`` command."""

from __future__ import annotations

import sys

from mailer.commands.cli import main

sys.exit(main())
