"""Issue 12, finding 3: per-villager limits. One villager made 25 urgent needs in 1.5 s (25 immediate
whistles), and 16 threads from one openid got 82 msg/s accepted. Now: a message rate per openid
shared by every worker, daily caps on needs, urgent needs, errands and bookings with a polite
answer, and a cap on the messages one villager forwards to staff (人工)."""
from __future__ import annotations

import re
from datetime import datetime, timedelta, timezone

import pytest
from sqlalchemy import func, select

from bot import create_app, limits
from bot.models import Need
from tests.kit.chat import say
from tests.kit.wechat import WECHAT_SETTINGS, WeChatKit, make_text

T0 = datetime(2026, 12, 7, 1, 0, tzinfo=timezone.utc)


pytestmark = [pytest.mark.app_settings(WECHAT_SETTINGS, {"USER_MESSAGES_PER_MINUTE": 5}),
              pytest.mark.county("needs")]


@pytest.fixture
def route(router):
    router.set("我要反映问题", "need", score=0.9)
    router.set("我要找人", "human", score=0.9)
    return router


@pytest.fixture(params=["database", "redis"])
def shared_by(request, app_config):
    """Where the workers' shared count lives: the database, or Redis (TEST_REDIS_URL) as in production."""
    if request.param == "database":
        return app_config
    import os

    url = os.environ.get("TEST_REDIS_URL")
    if not url:
        pytest.skip("TEST_REDIS_URL not set (make test sets it when Redis answers)")
    import redis

    client = redis.Redis.from_url(url)
    for pattern in ("pianqu:rate:msg:flood1:*", "pianqu:rate:msg:calm1:*", "dialog:flood1", "dialog:calm1"):
        for key in client.scan_iter(pattern):
            client.delete(key)
    client.close()
    return {**app_config, "REDIS_URL": url}


def test_one_openids_messages_are_limited_across_two_workers(shared_by, db):
    from bot.reply_runner import drain
    # Two workers: the count lives in the database, or in Redis when REDIS_URL is set.
    first, second = create_app(shared_by), create_app(shared_by)
    assert (first.extensions["redis"] is None) == ("REDIS_URL" not in shared_by or not shared_by["REDIS_URL"])
    try:
        kits = [WeChatKit(first.test_client()), WeChatKit(second.test_client())]
        replies = [kits[n % 2].content(kits[n % 2].post(make_text("flood1", "你好", msg_id=str(8100000000 + n))))
                   for n in range(8)]
        assert replies.count(limits.TOO_FAST) == 3, replies
        other = kits[0].content(kits[0].post(make_text("calm1", "你好", msg_id="8200000001")))
        assert other != limits.TOO_FAST  # another villager is not slowed by the flood
    finally:
        assert drain(first) and drain(second)
        first.extensions["db"].dispose()
        second.extensions["db"].dispose()


def _report(app, openid: str, text: str, urgent: bool, now: datetime) -> str:
    say(app, openid, "我要反映问题", now=now)
    say(app, openid, text, now=now)  # the phone on file: the summary, urgency 一般 unless said
    if urgent:
        say(app, openid, "很急", now=now)
    return say(app, openid, "1", now=now)


def test_urgent_needs_past_the_daily_cap_are_not_whistled_at_once(app, db, county, route):
    cap = app.config["USER_URGENT_NEEDS_PER_DAY"]
    replies = [_report(app, "v1", f"村口的井盖丢了第{n}个", True, T0 + timedelta(minutes=n)) for n in range(cap + 2)]
    with db.session() as s:
        urgent = s.scalar(select(func.count()).select_from(Need).where(Need.urgency == "urgent"))
        total = s.scalar(select(func.count()).select_from(Need))
    assert urgent == cap and total == cap + 2
    assert "很急的事" in replies[-1] and "电话" in replies[-1]  # told why, and whom to call


def test_needs_past_the_daily_cap_get_a_polite_answer(app, db, county, route):
    cap = app.config["USER_NEEDS_PER_DAY"]
    replies = [_report(app, "v1", f"路灯坏了第{n}根", False, T0 + timedelta(minutes=n)) for n in range(cap + 1)]
    with db.session() as s:
        assert s.scalar(select(func.count()).select_from(Need)) == cap
    assert replies[-1] == limits.needs_capped_text(cap)
    next_day = _report(app, "v1", "路灯又坏了一根", False, T0 + timedelta(days=1))
    assert re.search(r"编号是\s*\d+\s*号", next_day), next_day


def test_errand_and_booking_caps(app, db, county):
    from bot.models import Errand, User
    with db.session() as s:
        villager = s.scalar(select(User).where(User.openid == "v1"))
        cap = app.config["USER_ERRANDS_PER_DAY"]
        for n in range(cap):
            s.add(Errand(villager_id=villager.id, area_id=villager.village.area_id, matter=f"代办{n}",
                         phone="13800000001", state="offered", created_at=T0))
    with app.app_context(), db.session() as s:
        villager = s.scalar(select(User).where(User.openid == "v1"))
        assert limits.errand_cap(s, villager, T0 + timedelta(hours=1)) == limits.errands_capped_text(cap)
        assert limits.errand_cap(s, villager, T0 + timedelta(days=1)) is None
        assert limits.booking_cap(s, villager, T0) is None


def test_forwards_to_staff_are_capped_per_day(app, db, county, route):
    cap = app.config["USER_STAFF_FORWARDS_PER_DAY"]
    for n in range(cap + 3):
        say(app, "v1", "我要找人", now=T0 + timedelta(minutes=n))
        say(app, "v1", f"我有事找书记第{n}回", now=T0 + timedelta(minutes=n))
    from bot.models.relay import RelayMessage
    with db.session() as s:
        kept = s.scalars(select(RelayMessage.text).where(RelayMessage.direction == "villager")).all()
    assert len(kept) == cap, kept


def test_the_message_rate_is_shared_through_redis_when_configured(app):
    import os

    url = os.environ.get("TEST_REDIS_URL")
    if not url:
        pytest.skip("TEST_REDIS_URL not set (make test sets it when Redis answers)")
    import redis

    client = redis.Redis.from_url(url)
    client.delete(*client.keys("pianqu:rate:msg:redis1:*") or ["none"])
    with app.app_context():
        allowed = [limits.message_allowed(None, client, "redis1", T0) for _ in range(7)]
    assert allowed == [True] * 5 + [False] * 2


def test_with_redis_the_guard_and_the_count_are_one_round_trip(app_config, db):
    """Issue 17: a new signed query's replay entry and its sender's count go in one script call;
    a forged body on a seen query is refused without spending the villager's rate; a redelivery
    (same query, same body) counts, as any delivery does."""
    import os

    url = os.environ.get("TEST_REDIS_URL")
    if not url:
        pytest.skip("TEST_REDIS_URL not set (make test sets it when Redis answers)")
    from bot.reply_runner import drain

    app = create_app({**app_config, "REDIS_URL": url})
    client = app.extensions["redis"]
    client.delete(*client.keys("pianqu:rate:msg:once1:*") or ["none"])
    commands: list[str] = []
    execute = client.execute_command

    def recorded(*args, **kwargs):
        if not str(args[1] if len(args) > 1 else "").startswith("dialog:"):  # the dialog store's own
            commands.append(str(args[0]).upper())
        return execute(*args, **kwargs)

    client.execute_command = recorded
    try:
        kit = WeChatKit(app.test_client())
        kit.post(make_text("once0", "你好", msg_id="8300000000"))  # the script loaded (SCRIPT LOAD once)
        commands.clear()
        query, body = kit.signed("plain", make_text("once1", "你好", msg_id="8300000001"))
        first = kit.send(query, body)
        assert first.status == 200 and kit.content(first) != limits.TOO_FAST
        assert commands == ["EVALSHA"]  # no SET NX, no INCR pipeline of their own
        (counter,) = client.keys("pianqu:rate:msg:once1:*")
        assert client.get(counter) in (b"1", "1")

        assert kit.send(query, make_text("once1", "别的话", msg_id="8300000002").encode()).status == 403
        assert client.get(counter) in (b"1", "1")  # the forgery spent nothing

        assert kit.content(kit.send(query, body)) == kit.content(first)  # a redelivery: the same answer
        assert client.get(counter) in (b"2", "2")
    finally:
        client.execute_command = execute
        assert drain(app)
        app.extensions["db"].dispose()
