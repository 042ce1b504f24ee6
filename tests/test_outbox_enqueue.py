"""Enqueueing: one row per business key, however often and however concurrently it is enqueued."""
from __future__ import annotations

import threading

from sqlalchemy import func, select

from bot.models import OutboxMessage, User
from bot.outbox import enqueue


def _count(db) -> int:
    with db.session() as s:
        return s.scalar(select(func.count()).select_from(OutboxMessage))


def test_the_same_business_key_twice_gives_one_row(db):
    with db.session() as s:
        assert enqueue(s, "theme:2026-12:agri:o-1", "o-1", "theme", "十二月主题", {"first": "主题"}, url="http://x")
        assert not enqueue(s, "theme:2026-12:agri:o-1", "o-1", "theme", "another text")
    with db.session() as s:
        assert not enqueue(s, "theme:2026-12:agri:o-1", "o-1", "theme", "a third time")
    with db.session() as s:
        row = s.scalars(select(OutboxMessage)).one()
        assert row.payload == {"text": "十二月主题", "template": {"first": "主题"}, "url": "http://x"}
        assert row.status == "pending" and row.attempts == 0


def test_a_duplicate_leaves_the_callers_transaction_usable(db):
    """No unique-violation: on PostgreSQL that would abort everything the caller did before."""
    with db.session() as s:
        enqueue(s, "k-1", "o-1", "notice", "one")
    with db.session() as s:
        s.add(User(openid="o-2"))
        s.flush()
        assert not enqueue(s, "k-1", "o-1", "notice", "again")
        assert enqueue(s, "k-2", "o-2", "notice", "two")
    with db.session() as s:
        assert s.scalar(select(func.count()).select_from(User)) == 1
    assert _count(db) == 2


def test_concurrent_sessions_enqueueing_the_same_keys_write_each_once(db):
    keys = [f"whistle:7:o-{n}" for n in range(25)]
    threads_count = 6
    barrier = threading.Barrier(threads_count)
    inserted: list[int] = []
    errors: list[BaseException] = []

    def worker():
        try:
            barrier.wait()
            mine = 0
            for key in keys:
                with db.session() as s:  # one transaction per key, racing the other threads
                    mine += enqueue(s, key, key.rsplit(":", 1)[1], "whistle", f"alert {key}")
            inserted.append(mine)
        except BaseException as exc:  # noqa: BLE001 - reported by the assert below
            errors.append(exc)

    threads = [threading.Thread(target=worker) for _ in range(threads_count)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert errors == []
    assert sum(inserted) == len(keys)
    assert _count(db) == len(keys)


def test_enqueue_many_writes_chunks_and_ignores_keys_already_there(db):
    from bot.outbox import Push, enqueue_many
    from bot.outbox.enqueue import CHUNK

    with db.session() as s:
        enqueue(s, "bulk:5", "o-5", "theme", "written before")
    pushes = [Push(f"bulk:{n}", f"o-{n}", "theme", f"text {n}", {"first": "主题"}) for n in range(CHUNK + 7)]
    pushes.insert(9, Push("bulk:3", "o-3", "theme", "the same key again, later in the chunk"))
    with db.session() as s:
        assert enqueue_many(s, iter(pushes)) == CHUNK + 6
    with db.session() as s:
        assert enqueue_many(s, pushes) == 0
        assert enqueue_many(s, []) == 0
        rows = {r.business_key: r for r in s.scalars(select(OutboxMessage))}
    assert len(rows) == CHUNK + 7
    assert rows["bulk:5"].payload == {"text": "written before"}
    assert rows["bulk:3"].payload == {"text": "text 3", "template": {"first": "主题"}}
    assert rows[f"bulk:{CHUNK + 6}"].status == "pending"


def _users(db, count: int) -> list[str]:
    openids = [f"u-{n:03d}" for n in range(count)]
    with db.session() as s:
        s.add_all(User(openid=openid, subscribed=n % 3 != 0) for n, openid in enumerate(openids))
    return openids


def test_one_push_per_user_a_select_finds_keyed_by_openid(db):
    from bot.outbox import enqueue_for_users

    openids = _users(db, 25)
    subscribed = [o for n, o in enumerate(openids) if n % 3 != 0]
    template = {"first": {"value": "1月活动主题"}}
    with db.session() as s:
        # user_range=4: the users are taken a few ids per statement, as a county is by thousands
        written = enqueue_for_users(s, select(User.id, User.openid).where(User.subscribed.is_(True)),
                                    "theme:2027-01:agri:", "theme", "【1月活动主题】农技\n主题：春耕", template,
                                    user_range=4)
    assert written == len(subscribed)
    with db.session() as s:
        rows = s.scalars(select(OutboxMessage).order_by(OutboxMessage.id)).all()
    assert [r.business_key for r in rows] == [f"theme:2027-01:agri:{o}" for o in subscribed]
    assert [r.openid for r in rows] == subscribed
    assert {(r.kind, r.status, r.attempts) for r in rows} == {("theme", "pending", 0)}
    assert rows[0].payload == {"text": "【1月活动主题】农技\n主题：春耕", "template": template}


def test_enqueueing_for_users_again_writes_only_the_missing_rows(db):
    from bot.outbox import enqueue_for_users

    openids = _users(db, 10)
    with db.session() as s:
        enqueue(s, f"theme:2027-01:agri:{openids[4]}", openids[4], "theme", "written earlier")
    everyone = select(User.id, User.openid)
    with db.session() as s:
        assert enqueue_for_users(s, everyone, "theme:2027-01:agri:", "theme", "本月主题", user_range=3) == 9
    with db.session() as s:
        assert enqueue_for_users(s, everyone, "theme:2027-01:agri:", "theme", "another text") == 0
        assert enqueue_for_users(s, everyone.where(User.id < 0), "theme:2027-01:agri:", "theme", "nobody") == 0
    with db.session() as s:
        texts = dict(s.execute(select(OutboxMessage.openid, OutboxMessage.payload)).all())
    assert len(texts) == 10 and texts[openids[4]] == {"text": "written earlier"}
    assert {p["text"] for o, p in texts.items() if o != openids[4]} == {"本月主题"}
