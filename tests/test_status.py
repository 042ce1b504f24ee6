"""The `status` answer lists only the asking villager's own records, from every record source."""
import pytest
from sqlalchemy import text

from bot import volunteers
from handlers import status
from tests.kit.chat import say
from tests.kit.factories import add_villager, add_volunteer, create_task, find_user, seed_area


@pytest.fixture
def records(db):
    """v1 signed up to 剪头发; v2 waits for 送饭上门 behind v3; v4 registered, nothing else."""
    seed_area(db)
    for openid in ("v1", "v2", "v3", "v4"):
        add_volunteer(db, openid)
    add_villager(db, "plain")
    haircut = create_task(db, title="剪头发", needed=2)
    meals = create_task(db, title="送饭上门", needed=1)
    with db.session() as s:
        volunteers.confirm_task(s, haircut, find_user(s, "v1"))
        volunteers.confirm_task(s, meals, find_user(s, "v3"))
        volunteers.confirm_task(s, meals, find_user(s, "v2"))
    return haircut, meals


def test_each_villager_sees_only_their_own_records(app, records, router):
    router.always("status")
    mine = say(app, "v1", "我报名的活动")
    assert "剪头发" in mine and "已报名" in mine and "送饭上门" not in mine
    waiting = say(app, "v2", "我的记录")
    assert "送饭上门" in waiting and "候补第1位" in waiting and "剪头发" not in waiting
    for openid in ("v4", "plain", "stranger"):
        reply = say(app, openid, "我的预约")
        assert "还没有" in reply and "剪头发" not in reply and "送饭上门" not in reply


def broken_source(session, user):
    """A record source whose query fails (say, its table is not migrated yet)."""
    session.execute(text("SELECT * FROM no_such_table"))
    return ["never shown"]


def test_a_failing_source_does_not_hide_the_others(app, records, monkeypatch, router):
    monkeypatch.setattr(status, "RECORD_SOURCES",
                        [("坏的", broken_source)] + status.RECORD_SOURCES)
    router.always("status")
    reply = say(app, "v1", "我的记录")
    assert "剪头发" in reply and "坏的的记录暂时查不到" in reply and "never shown" not in reply


def test_status_after_a_cancel_shows_the_new_states(app, records, router):
    _, meals = records
    router.always("status")
    with app.app_context(), app.extensions["db"].session() as s:
        volunteers.cancel_signup(s, meals, find_user(s, "v3"))
    assert "已取消" in say(app, "v3", "我的记录")
    assert "已报名" in say(app, "v2", "我的记录")
