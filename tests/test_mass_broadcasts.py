"""Broadcasts go by mass send: a chunk per ≤10,000 openids, once after a crash, within 4 a month."""
from __future__ import annotations

from datetime import datetime, timezone

import pytest
from sqlalchemy import select, update

from bot import clock
from bot.models import OutboxMessage
from bot.outbox import dispatch_once, mass
from bot.outbox.policy import OutboxSettings
from bot.wechat.client import build_client
from tests.kit.factories import add_follower

T0 = datetime(2026, 12, 7, 1, 0, tzinfo=timezone.utc)


pytestmark = pytest.mark.app_settings({"TEMPLATE_IDS": {"theme": "tpl-theme", "notice": "tpl-notice"}},
                                      fake_wechat=True)


def _users(db, n: int) -> list[str]:
    openids = [f"m-{i}" for i in range(n)]
    with db.session() as s:
        for openid in openids:
            add_follower(s, openid, in_window=False, now=T0)
    return openids


def _send(app, db) -> None:
    client = build_client(app.config, db=db)
    while dispatch_once(db, client, settings=OutboxSettings.from_config(app.config), now=clock.now()).claimed:
        pass


def test_a_notice_is_one_mass_send_per_chunk_and_a_resend_delivers_nothing(app, db, fake_wechat, monkeypatch):
    monkeypatch.setattr(mass, "CHUNK", 3)
    openids = _users(db, 7)
    with clock.frozen(T0):
        with db.session() as s:
            assert mass.broadcast(s, "notice:1", "notice", openids, "【通知】明天停电", {"事项": "明天停电"}, T0) == 7
        with db.session() as s:
            rows = s.scalars(select(OutboxMessage).where(OutboxMessage.business_key.like("notice:1:%"))).all()
            assert sorted(len(r.payload["openids"]) for r in rows) == [2, 2, 3]  # never a list of one
        _send(app, db)
        assert all(fake_wechat.texts(o) == ["【通知】明天停电"] for o in openids)
        assert fake_wechat.stats()["sends"]["mass"] == 3
        # A dispatcher killed after WeChat's answer: the rows go out again, same clientmsgid.
        with db.session() as s:
            s.execute(update(OutboxMessage).values(status="pending", attempts=1))
        _send(app, db)
        assert all(len(fake_wechat.texts(o)) == 1 for o in openids)
        assert fake_wechat.stats()["errors"]["45065"] == 3
        with db.session() as s:
            assert {r.status for r in s.scalars(select(OutboxMessage))} == {"sent"}
            assert mass.broadcast(s, "notice:1", "notice", openids, "again", None, T0) == 0  # queued before


def test_the_budget_refuses_a_fifth_broadcast_in_a_month_naming_how_many(app, db, fake_wechat):
    openids = _users(db, 3)
    with clock.frozen(T0):
        with db.session() as s:
            for n in range(4):
                mass.broadcast(s, f"notice:{n}", "notice", openids[:2], f"第{n}条", None, T0)
            assert mass.left_this_month(s, T0) == 0
            with pytest.raises(mass.BudgetExceeded) as refused:
                mass.broadcast(s, "notice:9", "notice", openids, "第五条", None, T0)
            assert refused.value.over == 2 and "2 人本月已收满4条群发" in str(refused.value)
        _send(app, db)
        assert [len(fake_wechat.texts(o)) for o in openids] == [4, 4, 0]
    january = datetime(2027, 1, 2, 1, 0, tzinfo=timezone.utc)
    with db.session() as s:
        assert mass.left_this_month(s, january) == 4
        assert mass.broadcast(s, "notice:10", "notice", openids, "一月", None, january) == 3


def test_a_lone_receiver_gets_a_direct_push(app, db, fake_wechat):
    openids = _users(db, 1)
    with db.session() as s:
        assert mass.broadcast(s, "notice:5", "notice", openids, "通知", {"事项": "通知"}, T0) == 1
        row = s.scalars(select(OutboxMessage)).one()
        assert (row.kind, row.openid, row.business_key) == ("notice", "m-0", "notice:5:one")


def test_area_tags_follow_the_areas_in_batches_of_fifty(app, db, fake_wechat):
    from bot.models import User, Village
    from bot.outbox.tags import sync_area_tags
    from tests.kit.factories import add_area, add_user as add_person, add_village

    with db.session() as s:
        a, b = add_area(s, "bz-a", "代村片区"), add_area(s, "bz-b", "东关片区" + "很长的名字" * 3)
        va, vb = add_village(s, a, "代村"), add_village(s, b, "东关")
        for n in range(120):
            add_person(s, f"t-{n:03d}", va if n < 110 else vb)
    client = build_client(app.config, db=db)
    first = sync_area_tags(db, client)
    assert (first.created, first.tagged, first.calls) == (2, 120, 4)  # 50+50+10 and 10
    tags = {name: int(i) for i, name in fake_wechat.stats()["tags"].items()}
    assert all(len(name.encode()) <= 30 for name in tags)
    assert sync_area_tags(db, client).calls == 0  # nothing changed: no call
    with db.session() as s:
        mover = s.scalars(select(User).where(User.openid == "t-000")).one()
        mover.village_id = s.scalars(select(Village).where(Village.name == "东关")).one().id
        s.scalars(select(User).where(User.openid == "t-001")).one().subscribed = False
    moved = sync_area_tags(db, client)
    assert (moved.untagged, moved.tagged) == (2, 1)
    state = fake_wechat.state.broadcasts
    assert state.tags_of("t-000") == [tags[next(n for n in tags if n.startswith("东关"))]]
    assert state.tags_of("t-001") == []


def test_a_monthly_theme_reaches_each_subscribed_villager_as_exactly_one_message(app, db, fake_wechat):
    from bot.models import User, UserRole
    from bot.themes import load_themes, monthly_theme_push
    from tests.kit.worlds import make_needs_county

    make_needs_county(db)
    nine = datetime(2026, 12, 1, 1, 0, tzinfo=timezone.utc)
    with db.session() as s:
        load_themes(s)
        reps = set(s.scalars(select(User.openid).join(UserRole, UserRole.user_id == User.id)
                             .where(UserRole.role == "rep")))
        villagers = set(s.scalars(select(User.openid).where(User.subscribed.is_(True), User.village_id.is_not(None))))
        for openid in villagers | reps:  # outside the 48-hour window: members' themes go by template
            s.scalars(select(User).where(User.openid == openid)).one().last_interaction_at = None
    with clock.frozen(nine):
        with app.app_context(), db.session() as s:
            assert monthly_theme_push(s, nine) > 0
        _send(app, db)
    for openid in villagers - reps:
        with db.session() as s:
            why = [(r.business_key, r.status, r.last_error) for r in s.scalars(select(OutboxMessage)) if r.openid == openid]
        assert len(fake_wechat.texts(openid)) == 1, (openid, why)
        # by mass send; a villager alone in their area by a template (WeChat's lists take two)
        assert fake_wechat.messages(openid)[0]["endpoint"] in ("mass", "template")
    assert all(fake_wechat.texts(openid) for openid in reps)
