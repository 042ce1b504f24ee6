"""Every scheduled job resolves and runs on a loaded database (twice: a repeat changes nothing)."""
from datetime import datetime, timezone

import pytest
from sqlalchemy import func, select

from bot.models import OutboxMessage
from scheduler.jobs import JOBS

TIMED_JOBS = [job for job in JOBS if not job.is_loop]


# Jobs that talk to WeChat themselves (area tags) find the fake API, as in production.
pytestmark = pytest.mark.app_settings(fake_wechat=True)


@pytest.mark.parametrize("job", TIMED_JOBS, ids=[job.id for job in TIMED_JOBS])
def test_job_runs_and_a_repeat_enqueues_nothing_new(app, runner, job):
    assert runner.invoke(args=["setup"]).exit_code == 0
    function = job.func
    now = datetime(2026, 12, 1, 1, 0, tzinfo=timezone.utc)
    counts = []
    with app.app_context():
        for _ in range(2):
            with app.extensions["db"].session() as session:
                function(session, now)
            with app.extensions["db"].session() as session:
                counts.append(session.scalar(select(func.count()).select_from(OutboxMessage)))
    assert counts[0] == counts[1]
