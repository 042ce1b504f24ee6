"""村务公告 board: publish to an area or one village (each subscribed villager there once, even when
the form is sent twice), see the push before it goes, clear refusals, scope and audit.

World (tests/admin_world.py): areas A, B (卞庄街道), C (兰陵镇), one village each with a villager
v-<key> and a member m-<key>. Here area A also gets a second village 新村 (villager x-new), a
villager who unfollowed the account and one who said “不要推送村务” for 通知.
"""
from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import func, select

from bot import clock
from bot.outbox import mass
from bot.models import AffairsSubscription, AuditEntry, Notice, OutboxMessage, User, Village
from tests.kit.admin import login, post

SHANGHAI = ZoneInfo("Asia/Shanghai")
NEW = "/admin/notices/new"


@pytest.fixture
def world(world, db):
    with db.session() as s:
        village = Village(name="新村", area_id=world.ids["A"]["area"])
        s.add(village)
        s.flush()
        s.add_all([User(openid="x-new", name="新村村民", village_id=village.id),
                   User(openid="x-gone", village_id=world.ids["A"]["village"], subscribed=False),
                   User(openid="x-quiet", village_id=world.ids["A"]["village"])])
        s.flush()
        quiet = s.scalar(select(User.id).where(User.openid == "x-quiet"))
        s.add(AffairsSubscription(user_id=quiet, kind="通知", subscribed=False))
        world.ids["A"]["new_village"] = village.id
    return world


def _form(world, **changes) -> dict:
    form = {"target": f"area:{world.ids['A']['area']}", "kind": "通知", "title": "明天停电",
            "body": "明天上午8点到12点检修线路，停电。", "day": "", "time": "", "place": "", "action": "publish"}
    return {**form, **changes}


def _pushed_to(db, notice_id: int) -> list[str]:
    with db.session() as s:
        return sorted(mass.receivers(s, f"notice:{notice_id}"))


def _counts(db) -> tuple[int, int, int]:
    with db.session() as s:
        return (s.scalar(select(func.count(Notice.id))), s.scalar(select(func.count(OutboxMessage.id))),
                s.scalar(select(func.count(AuditEntry.id)).where(AuditEntry.action == "notice.publish")))


def _newest(db) -> Notice:
    with db.session() as s:
        notice = s.scalar(select(Notice).order_by(Notice.id.desc()).limit(1))
        s.expunge(notice)
        return notice


def test_a_notice_reaches_the_subscribed_villagers_of_its_area_once_even_sent_twice(cadre, world, db):
    response = post(cadre, NEW, _form(world), token_from=NEW, follow_redirects=True)
    notice = _newest(db)
    assert f"已发布 {notice.id} 号公告，推送给 3 位村民" in response.get_data(as_text=True)
    assert _pushed_to(db, notice.id) == ["m-A", "v-A", "x-new"]   # not B's, not the unfollowed, not x-quiet
    assert notice.published_by == "admin:area_a" and notice.village_id is None
    before = _counts(db)
    again = post(cadre, NEW, _form(world), token_from=NEW, follow_redirects=True)   # the same form again
    assert f"之前已经发布过（{notice.id}号），没有重复推送" in again.get_data(as_text=True)
    assert _counts(db) == before and _pushed_to(db, notice.id) == ["m-A", "v-A", "x-new"]
    with db.session() as s:  # the audit: one entry, the area's
        audit = s.scalars(select(AuditEntry).where(AuditEntry.action == "notice.publish")).all()
        assert len(audit) == 1 and audit[0].area_id == world.ids["A"]["area"] and "推送3人" in audit[0].summary
    with db.session() as s:
        text = s.scalar(select(OutboxMessage).where(OutboxMessage.business_key == f"notice:{notice.id}:mass:0"))
        assert text.payload["for"] == "notice" and text.payload["text"].startswith("【通知】代村片区：明天停电")


def test_a_notice_to_one_village_reaches_only_that_village(cadre, world, db):
    form = _form(world, target=f"village:{world.ids['A']['new_village']}", kind="村务公开", title="新村账目公开")
    assert post(cadre, NEW, form, token_from=NEW).status_code == 302
    notice = _newest(db)
    assert notice.village_id == world.ids["A"]["new_village"] and _pushed_to(db, notice.id) == ["x-new"]
    html = cadre.get(f"/admin/notices/{notice.id}").get_data(as_text=True)
    assert "【村务公开】新村：新村账目公开" in html and "1 人" in html
    listed = cadre.get("/admin/notices").get_data(as_text=True)
    assert "新村账目公开" in listed and "新村" in listed


def test_a_meeting_notice_with_its_time_and_place(cadre, world, db):
    day = (clock.now().astimezone(SHANGHAI) + timedelta(days=6)).date()
    form = _form(world, kind="议事日", title="议事日：修路", day=day.isoformat(), time="09:30", place="村委会")
    assert post(cadre, NEW, form, token_from=NEW).status_code == 302
    notice = _newest(db)
    assert notice.event_at.astimezone(SHANGHAI).replace(tzinfo=None) == datetime.combine(day, datetime.min.time()) \
        + timedelta(hours=9, minutes=30)
    with db.session() as s:
        text = s.scalar(select(OutboxMessage.payload).where(OutboxMessage.business_key == f"notice:{notice.id}:mass:0"))
    assert "地点：村委会" in text["text"] and "9点半" in text["text"]


def test_preview_shows_what_villagers_get_and_saves_nothing(cadre, world, db):
    before = _counts(db)
    long_body = "修路的事。" * 60
    response = post(cadre, NEW, _form(world, action="preview", body=long_body), token_from=NEW)
    html = response.get_data(as_text=True)
    assert response.status_code == 200 and "村民会收到（3 人）" in html
    assert "【通知】代村片区：明天停电" in html and "回复“不要推送村务”" in html
    assert "村务 〔公告编号〕" in html and "None" not in html   # a long body: how to read all of it
    assert 'value="明天停电"' in html                          # the form keeps what was written
    assert _counts(db) == before


@pytest.mark.parametrize("change, message", [
    ({"title": ""}, "请填写标题"),
    ({"title": "长" * 121}, "标题太长了（最多120字）"),
    ({"body": "长" * 5001}, "正文最多5000个字"),
    ({"kind": "广告"}, "请选择类别"),
    ({"kind": "议事日"}, "议事日要写开会的日期和时间"),
    ({"kind": "村情发布会", "day": "2026-12-05", "time": "九点"}, "请按格式填写开会时间"),
    ({"target": ""}, "请选择发给哪个片区或村"),
    ({"target": "area:999999"}, "请选择发给哪个片区或村"),
    ({"target": "village:abc"}, "请选择发给哪个片区或村"),
])
def test_a_bad_form_is_refused_with_a_clear_message(cadre, world, db, change, message):
    before = _counts(db)
    response = post(cadre, NEW, _form(world, **change), token_from=NEW)
    assert response.status_code == 400 and message in response.get_data(as_text=True)
    assert _counts(db) == before


def test_nobody_publishes_outside_their_scope(app, world, db):
    before = _counts(db)
    for account, key in (("area_a", "B"), ("t1", "C")):
        client = app.test_client()
        login(client, account)
        for target in (f"area:{world.ids[key]['area']}", f"village:{world.ids[key]['village']}"):
            response = post(client, NEW, _form(world, target=target), token_from=NEW)
            assert response.status_code == 403, (account, target)
            assert post(client, NEW, _form(world, target=target, action="preview"), token_from=NEW).status_code == 403
    assert _counts(db) == before
    client = app.test_client()
    login(client, "t1")
    form = client.get(NEW).get_data(as_text=True)
    assert "东关片区（整个片区）" in form and "向城" not in form
