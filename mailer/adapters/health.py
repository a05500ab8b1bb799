"""The service's current problem, if any, kept beside the state for ``status``.

A problem that is not about one invitation (the server unreachable, Drafts missing,
a refused login) is logged once when it starts; this small file lets
``polite-decline status`` show it too, even from another process.
"""

from __future__ import annotations

import json
import os
from datetime import datetime
from pathlib import Path

__all__ = ["read_health", "write_health"]

HEALTH_NAME = "health.json"


def write_health(state_dir: Path, problem: str | None, /, *, now: datetime) -> None:
    path = Path(state_dir) / HEALTH_NAME
    tmp = path.with_suffix(".tmp")
    data = {"problem": problem, "since": now.isoformat(timespec="seconds")}
    try:
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            json.dump(data, fh)
        os.replace(tmp, path)  # atomic: a reader never sees half a file
    except OSError:
        pass  # a full disk must not turn a reported problem into a crash


def read_health(state_dir: Path, /) -> tuple[str, str] | None:
    """(problem, since) when the service last reported one, else None."""
    try:
        data = json.loads((Path(state_dir) / HEALTH_NAME).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    problem = data.get("problem") if isinstance(data, dict) else None
    if not problem:
        return None
    return str(problem), str(data.get("since", ""))
