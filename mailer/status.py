"""``polite-decline status`` and ``polite-decline cancel``: what the store knows."""

from __future__ import annotations

import json
from datetime import datetime, tzinfo
from typing import TextIO
from zoneinfo import ZoneInfo

from mailer.config import Config
from mailer.errors import UsageError
from mailer.health import read_health
from mailer.store import StateStore, StatusRow

__all__ = ["print_status", "run_cancel"]


def _local(dt: datetime | None) -> str:
    return "" if dt is None else dt.astimezone().strftime("%Y-%m-%d %H:%M")


def _due(dt: datetime | None, zone: tzinfo | None) -> str:
    if dt is None:
        return ""
    text = _local(dt)
    if zone is not None:
        there = dt.astimezone(zone)
        if there.utcoffset() != dt.astimezone().utcoffset():
            text += f" ({there:%H:%M} {zone})"
    return text


def _window_zone(config: Config) -> tzinfo | None:
    name = config.followup.timezone
    return ZoneInfo(name) if name and name != "recipient" else None


def print_status(config: Config, /, *, as_json: bool, out: TextIO) -> int:
    path = config.daemon.state_path
    if not (path / "state.db").exists():
        rows: list[StatusRow] = []
    else:
        with StateStore.open(path) as store:
            rows = store.status_rows()
    if as_json:
        json.dump([r.as_json() for r in rows], out, ensure_ascii=False, indent=2)
        out.write("\n")
        return 0
    health = read_health(path)
    if health is not None:
        print(f"service problem since {health[1]}: {health[0]}", file=out)
    if not rows:
        print("no invitations recorded yet", file=out)
        return 0
    zone = _window_zone(config)
    table = [
        ("KEY", "FROM", "SUBJECT", "STATE", "DRAFTED", "SENT", "FOLLOW-UP", "REASON", "RECOGNISED BY")
    ]
    for r in rows:
        followup = _local(r.followed_up_at) if r.followed_up_at else _due(r.followup_due, zone)
        table.append(
            (
                r.key,
                r.from_addr[:32],
                r.subject[:40],
                r.state.value,
                _local(r.drafted_at),
                _local(r.sent_at),
                followup,
                r.reason[:60],
                # the rule that counted most for the verdict (all of them: --json)
                r.recognised_by[0][:60] if r.recognised_by else "",
            )
        )
    widths = [max(len(row[i]) for row in table) for i in range(len(table[0]))]
    for row in table:
        print(
            "  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)).rstrip(), file=out
        )
    return 0


def run_cancel(config: Config, key: str, /, *, now: datetime, out: TextIO) -> int:
    path = config.daemon.state_path
    if not (path / "state.db").exists():
        raise UsageError(f"no invitation with key {key!r} (nothing recorded yet in {path})")
    with StateStore.open(path) as store:
        row = store.get(key)
        if row is None:
            raise UsageError(
                f"no invitation with key {key!r}; `polite-decline status` lists the keys"
            )
        store.cancel(key, reason="cancelled by the user", now=now)
    print(f"cancelled: {key} (its follow-up will not be sent)", file=out)
    return 0
