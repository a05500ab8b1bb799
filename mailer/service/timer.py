"""The follow-up timer: APScheduler 3.x with its in-memory job store.

The outbox rows in the state database are the one record of what is due; APScheduler
is only the timer. At start every scheduled row is registered with it again, and a
job carries nothing but the invitation key. A job that fires runs
:func:`run_followup_job`, referenced by its import path
:data:`JOB` (``mailer.service:run_followup_job``): that path is kept stable, so a job
registered by one version of the package resolves in the next.
"""

from __future__ import annotations

import contextlib
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from mailer.core.state import State
from mailer.service.context import Context, service_log

__all__ = ["JOB", "OLD_JOB_STORE", "Timer", "run_followup_job"]

log = service_log

#: The job function's import path, as APScheduler resolves it. Kept stable: the
#: function lives in this module and ``mailer.service`` re-exports it under this name.
JOB = "mailer.service:run_followup_job"
#: APScheduler's SQLAlchemy job store, kept by earlier versions; removed at start.
OLD_JOB_STORE = "jobs.sqlite"

#: What a due job runs: the running service's send, while its timer is started.
_send: Callable[[str], Awaitable[None]] | None = None


async def run_followup_job(key: str) -> None:
    """APScheduler's job: module-level with a plain argument (the invitation key), so
    that nothing but the key ties the timer to the outbox row."""
    send = _send
    if send is None:  # a job that fires after shutdown
        return
    await send(key)


class Timer:
    """Registers due follow-ups with APScheduler; inert until :meth:`start`."""

    def __init__(self, ctx: Context, /) -> None:
        self.ctx = ctx
        self._scheduler: Any = None

    def start(self, send: Callable[[str], Awaitable[None]]) -> None:
        """Start the scheduler and register every scheduled row; due jobs call ``send``."""
        global _send
        from apscheduler.schedulers.asyncio import AsyncIOScheduler

        # Earlier versions kept a second copy of the jobs here (APScheduler's
        # SQLAlchemy job store); the outbox rows are the record, so it goes.
        with contextlib.suppress(FileNotFoundError):
            (Path(self.ctx.state_dir) / OLD_JOB_STORE).unlink()
            log.info(
                "removed %s: the state database is the one record of follow-ups", OLD_JOB_STORE
            )
        # The default in-memory job store: a timer, filled from the outbox below.
        self._scheduler = AsyncIOScheduler(
            job_defaults={
                # A job missed while the daemon was down must still run: the late-send
                # limit is applied by our own code, with a reason the user can see.
                "misfire_grace_time": None,
                "coalesce": True,
                "max_instances": 1,
            },
            timezone=UTC,
        )
        _send = send
        self._scheduler.start()
        for row in self.ctx.store.rows(State.SCHEDULED):
            if row.followup_due is not None:
                self.register(row.key, row.followup_due)

    def register(self, key: str, due: datetime) -> None:
        """Run the follow-up of ``key`` at ``due`` (again: one job per key)."""
        if self._scheduler is None:
            return
        self._scheduler.add_job(
            JOB,
            "date",
            run_date=due,
            args=[key],
            id=f"followup:{key}",
            replace_existing=True,
            misfire_grace_time=None,
        )

    def job_due(self, key: str) -> datetime | None:
        """When the job of ``key`` runs, if one is registered."""
        job = None if self._scheduler is None else self._scheduler.get_job(f"followup:{key}")
        due: datetime | None = None if job is None else job.next_run_time
        return due

    def shutdown(self) -> None:
        global _send
        _send = None
        if self._scheduler is not None:
            with contextlib.suppress(Exception):
                self._scheduler.shutdown(wait=False)
            self._scheduler = None
