"""Volunteer rules and the `flask task` commands: offers, reminders, attendance, insurance, canteens."""
from datetime import timedelta

import pytest
from sqlalchemy import select

from bot import clock, volunteers
from bot.models import Canteen, SignUp, Task, Village
from tests.kit.chat import say
from tests.kit.factories import add_volunteer, create_task, find_user, seed_area
from tests.kit.outbox import outbox_by_key


def _local_start(days: int = 3, hour: str = "09:00") -> str:
    return (clock.local_now() + timedelta(days=days)).strftime(f"%Y-%m-%d {hour}")


def _confirm(db, openid: str, number: int, now=None) -> str:
    with db.session() as s:
        return volunteers.confirm_task(s, number, find_user(s, openid), now).outcome


def test_offers_go_to_matching_skills_of_the_area_only(app, db, area, runner):
    seed_area(db, code="bz-dongguan", name="东关片区", village="东关村")
    add_volunteer(db, "cook", skills=["做饭"])
    add_volunteer(db, "driver", skills=["开车", "理发"])
    add_volunteer(db, "driver-elsewhere", skills=["开车"], village="东关村")
    result = runner.invoke(args=["task", "create", "--title", "接老人看病", "--area", "bz-daicun",
                                 "--at", _local_start(), "--needed", "2", "--skills", "开车"])
    assert result.exit_code == 0, result.output
    assert [o.openid for o in outbox_by_key(db, "task:%:offer:%")] == ["driver"]
    create_task(db, title="打扫卫生")  # no skills named: everyone of the area
    assert sorted(o.openid for o in outbox_by_key(db, "task:2:offer:%")) == ["cook", "driver"]


def test_reminder_exactly_once_for_confirmed_volunteers(app, db, area):
    for openid in ("v1", "v2", "v3"):
        add_volunteer(db, openid)
    number = create_task(db, needed=2, starts_in=timedelta(days=3))
    for openid in ("v1", "v2", "v3"):
        _confirm(db, openid, number)  # v3 waits
    now = clock.now()
    with db.session() as s:
        assert volunteers.reminders_due(s, now) == 0  # three days ahead: not yet
    later = now + timedelta(days=2, hours=12)
    for _ in range(2):  # the job runs twice (a restart, a second scheduler)
        with db.session() as s:
            volunteers.reminders_due(s, later)
    reminders = outbox_by_key(db, "task:%:remind:%")
    assert sorted(r.openid for r in reminders) == ["v1", "v2"]
    assert all(r.kind == "reminder" and r.payload["template"]["事项"].startswith(f"{number}号") for r in reminders)
    with db.session() as s:
        assert volunteers.reminders_due(s, later + timedelta(hours=1)) == 0


def test_reminders_go_out_at_18_00_the_evening_before_once_per_signup(app, db, area):
    for openid in ("v1", "v2", "v3", "v4"):
        add_volunteer(db, openid)
    number = create_task(db, needed=2, starts_in=timedelta(hours=23))  # Tuesday 08:00 in Beijing
    for openid in ("v1", "v2", "v3", "v4"):
        _confirm(db, openid, number)  # v3 and v4 wait
    with db.session() as s:
        volunteers.cancel_signup(s, number, find_user(s, "v1"))  # withdrawn: v3 moves up
        volunteers.cancel_signup(s, number, find_user(s, "v4"))  # withdrawn while waiting
    evening = clock.now() + timedelta(hours=9)  # Monday 18:00 in Beijing
    with db.session() as s:
        starts_at = s.scalars(select(Task).where(Task.number == number)).one().starts_at
        assert volunteers.reminder_due_at(starts_at) == evening
        assert volunteers.reminders_due(s, evening - timedelta(minutes=1)) == 0
    for _ in range(2):  # the job runs twice (a restart, a second scheduler)
        with db.session() as s:
            volunteers.reminders_due(s, evening)
    assert sorted(r.openid for r in outbox_by_key(db, f"task:{number}:remind:%")) == ["v2", "v3"]
    with db.session() as s:  # a late run (the scheduler was down at 18:00) reminds nobody twice
        assert volunteers.reminders_due(s, evening + timedelta(hours=5)) == 0


def test_the_reminder_job_runs_at_18_00_every_day():
    from scheduler.jobs import JOBS

    job = next(j for j in JOBS if j.id == "volunteer-reminders")
    assert (job.trigger.kind, job.trigger.fields) == ("cron", {"hour": 18, "minute": 0})


def test_attendance_credits_hours_and_my_volunteering_totals(app, db, area, runner, router):
    add_volunteer(db, "v1")
    add_volunteer(db, "v2")
    long_ago = clock.now() - timedelta(days=2)
    started = clock.now() - timedelta(hours=3)
    with db.session() as s:
        task, _ = volunteers.create_task(s, title="陪老人拉呱", area_code="bz-daicun", starts_at=started,
                                         ends_at=started + timedelta(hours=2, minutes=30), needed=2,
                                         now=long_ago)
        number = task.number
    _confirm(db, "v1", number, now=long_ago)
    _confirm(db, "v2", number, now=long_ago)
    result = runner.invoke(args=["task", "attend", str(number), "--openid", "v1"])
    assert result.exit_code == 0 and "2.5 h" in result.output, result.output
    runner.invoke(args=["task", "attend", str(number), "--openid", "v1"])  # twice: still 2.5 h
    result = runner.invoke(args=["task", "attend", str(number), "--openid", "v2", "--absent"])
    assert "absent, 0 h" in result.output
    upcoming = create_task(db, title="暖心食堂帮厨")
    _confirm(db, "v1", upcoming)
    router.always("unknown")
    mine = say(app, "v1", "我的志愿")
    assert "1次" in mine and "2.5小时" in mine and "暖心食堂帮厨" in mine and "陪老人拉呱" not in mine
    assert "0小时" in say(app, "v2", "我的志愿")
    with db.session() as s:
        states = dict(s.execute(select(SignUp.volunteer_id, SignUp.state).join(Task)
                                .where(Task.number == number)).all())
    assert sorted(states.values()) == ["absent", "attended"]


def test_attendance_before_the_start_is_refused(app, db, area):
    add_volunteer(db, "v1")
    number = create_task(db)
    _confirm(db, "v1", number)
    with db.session() as s, pytest.raises(volunteers.VolunteerError):
        volunteers.mark_attendance(s, number, find_user(s, "v1"), True)


def test_risky_task_needs_insurance_first(app, db, area, runner):
    add_volunteer(db, "v1")
    args = ["task", "create", "--title", "清理河道", "--area", "bz-daicun", "--at", _local_start(),
            "--needed", "4", "--risky"]
    refused = runner.invoke(args=args)
    assert refused.exit_code != 0 and "保险" in refused.output
    assert outbox_by_key(db) == []
    accepted = runner.invoke(args=args + ["--insured"])
    assert accepted.exit_code == 0, accepted.output
    assert "意外保险" in outbox_by_key(db, "task:%:offer:%")[0].payload["text"]


def test_canteen_task_takes_its_place_and_list_and_show(app, db, area, runner):
    with db.session() as s:
        village = s.scalar(select(Village))
        s.add(Canteen(code="dc-canteen", name="代村暖心食堂", village_id=village.id, address="代村社区服务中心"))
    add_volunteer(db, "v1")
    result = runner.invoke(args=["task", "create", "--title", "帮厨", "--area", "bz-daicun", "--needed", "1",
                                 "--at", _local_start(hour="10:30"), "--canteen", "dc-canteen"])
    assert result.exit_code == 0, result.output
    assert "代村社区服务中心" in outbox_by_key(db, "task:%:offer:%")[0].payload["template"]["地点"]
    assert "上午10点30分" in outbox_by_key(db, "task:%:offer:%")[0].payload["template"]["时间"]
    _confirm(db, "v1", 1)
    listing = runner.invoke(args=["task", "list"]).output
    assert "帮厨" in listing and "1/1" in listing
    assert "v1" in runner.invoke(args=["task", "show", "1"]).output
    bad = runner.invoke(args=["task", "create", "--title", "帮厨", "--area", "bz-daicun",
                              "--at", _local_start(), "--needed", "1", "--canteen", "nowhere"])
    assert bad.exit_code != 0 and "暖心食堂" in bad.output


def test_calling_a_task_off_tells_everyone_signed_up_once(app, db, area, runner, router):
    for openid in ("v1", "v2"):
        add_volunteer(db, openid)
    number = create_task(db, needed=1)
    _confirm(db, "v1", number)
    _confirm(db, "v2", number)
    assert "2 volunteer(s) told" in runner.invoke(args=["task", "cancel", str(number)]).output
    assert "0 volunteer(s) told" in runner.invoke(args=["task", "cancel", str(number)]).output
    assert sorted(o.openid for o in outbox_by_key(db, f"task:{number}:cancelled:%")) == ["v1", "v2"]
    router.always("unknown")
    assert "取消了" in say(app, "v1", f"报名 {number}")


def test_schema_refuses_more_taken_than_needed(app, db, area):
    number = create_task(db, needed=1)
    with pytest.raises(Exception), db.session() as s:
        s.execute(Task.__table__.update().where(Task.number == number).values(taken=2))
