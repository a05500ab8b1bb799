"""``polite-decline status`` and ``polite-decline cancel``: what the store knows."""

from __future__ import annotations

import json
from datetime import datetime, tzinfo
from typing import TextIO
from zoneinfo import ZoneInfo

from mailer.adapters.health import read_health
from mailer.adapters.store import StateStore, StatusRow
from mailer.config import Config
from mailer.core.compose import choose_language, omissions
from mailer.core.templates import LANGUAGES
from mailer.errors import UsageError

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


def _wording_notes(config: Config, rows: list[StatusRow]) -> list[str]:
    """What drafts leave out: [decline] reason or offer in the user's own words, but
    not in the language of the draft (a draft never borrows another language)."""
    settings = config.decline_settings
    notes = []
    for what, wording in (("reason", settings.reason), ("offer", settings.offer)):
        lacking = [lang for lang in LANGUAGES if wording.lacks(lang)]
        if lacking:
            notes.append(
                f"note: [decline] {what} is given in {', '.join(wording.languages)} only: "
                f"drafts in {', '.join(lacking)} carry no {what}"
            )
    drafted: dict[str, list[str]] = {}
    for row in rows:
        if row.drafted_at is not None:
            lang = choose_language(settings.language, row.language)
            drafted.setdefault(lang, []).append(row.key)
    for lang, keys in sorted(drafted.items()):
        for note in omissions(settings, lang):
            shown = ", ".join(keys[:5]) + (", ..." if len(keys) > 5 else "")
            notes.append(f"note: {note} ({len(keys)} draft(s): {shown})")
    return notes


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
    for note in _wording_notes(config, rows):
        print(note, file=out)
    if not rows:
        print("no invitations recorded yet", file=out)
        return 0
    zone = _window_zone(config)
    table = [
        (
            "KEY",
            "FROM",
            "SUBJECT",
            "STATE",
            "DRAFTED",
            "SENT",
            "FOLLOW-UP",
            "REASON",
            "RECOGNISED BY",
        )
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
