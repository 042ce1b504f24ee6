"""Dialog state behaves the same in the database and in Redis (TEST_REDIS_URL)."""
import os
from datetime import datetime, timedelta, timezone

import pytest

from bot.dialog import DatabaseDialogStore, DialogHandle, RedisDialogStore

NOW = datetime(2026, 11, 29, 8, 0, tzinfo=timezone.utc)


@pytest.fixture(params=["database", "redis"])
def store_factory(request, db):
    if request.param == "database":
        def make():
            session = db._factory()
            return session, DatabaseDialogStore(session)
        yield make
        return
    url = os.environ.get("TEST_REDIS_URL")
    if not url:
        pytest.skip("TEST_REDIS_URL not set (make test sets it when Redis answers)")
    import redis

    client = redis.Redis.from_url(url, decode_responses=True)
    prefix = f"test-dialog-{os.getpid()}:"
    yield lambda: (None, RedisDialogStore(client, prefix=prefix))
    for key in client.scan_iter(prefix + "*"):
        client.delete(key)


def _with_store(make, fn):
    session, store = make()
    try:
        return fn(store)
    finally:
        if session is not None:
            session.commit()
            session.close()


def test_flow_survives_between_messages_and_expires_when_idle(store_factory):
    _with_store(store_factory, lambda s: DialogHandle(s, "u1", NOW).start("booking", "kind", matter="低保"))
    state = _with_store(store_factory, lambda s: DialogHandle(s, "u1", NOW + timedelta(minutes=9)).state)
    assert (state.flow, state.step, state.slots) == ("booking", "kind", {"matter": "低保"})
    # The message at +9 min renewed the idle timer: still alive at +18, gone at +30.
    assert _with_store(store_factory, lambda s: DialogHandle(s, "u1", NOW + timedelta(minutes=18)).state)
    assert _with_store(store_factory, lambda s: DialogHandle(s, "u1", NOW + timedelta(minutes=40)).state) is None


def test_advance_and_finish(store_factory):
    def step(s):
        handle = DialogHandle(s, "u2", NOW)
        handle.start("errand", "matter")
        handle.advance("phone", matter="医保报销")
    _with_store(store_factory, step)
    state = _with_store(store_factory, lambda s: DialogHandle(s, "u2", NOW).state)
    assert state.step == "phone" and state.slots == {"matter": "医保报销"}
    _with_store(store_factory, lambda s: DialogHandle(s, "u2", NOW).finish())
    assert _with_store(store_factory, lambda s: DialogHandle(s, "u2", NOW).state) is None


def test_one_message_ends_a_flow_and_starts_another(store_factory):
    """A clearly different request inside a flow: finish, then start, in the same message."""
    _with_store(store_factory, lambda s: DialogHandle(s, "u3", NOW).start("errand", "matter"))

    def switch(s):
        handle = DialogHandle(s, "u3", NOW + timedelta(minutes=1))
        handle.finish()
        handle.start("booking", "kind", matter="低保")
    _with_store(store_factory, switch)
    state = _with_store(store_factory, lambda s: DialogHandle(s, "u3", NOW + timedelta(minutes=2)).state)
    assert (state.flow, state.step, state.slots) == ("booking", "kind", {"matter": "低保"})


def test_a_flow_started_after_an_expired_one_in_the_same_message(store_factory):
    _with_store(store_factory, lambda s: DialogHandle(s, "u4", NOW).start("errand", "matter"))
    later = NOW + timedelta(minutes=30)

    def restart(s):
        handle = DialogHandle(s, "u4", later)
        assert handle.state is None  # idle too long: gone
        handle.start("booking", "kind")
        handle.advance("day", day="周三")
    _with_store(store_factory, restart)
    state = _with_store(store_factory, lambda s: DialogHandle(s, "u4", later + timedelta(minutes=1)).state)
    assert (state.flow, state.step, state.slots) == ("booking", "day", {"day": "周三"})


def test_a_new_user_starts_then_finishes_within_one_message(store_factory):
    def both(s):
        handle = DialogHandle(s, "u5", NOW)
        handle.start("booking", "kind")
        handle.finish()
        handle.start("errand", "matter", matter="医保报销")
    _with_store(store_factory, both)
    state = _with_store(store_factory, lambda s: DialogHandle(s, "u5", NOW).state)
    assert (state.flow, state.step, state.slots) == ("errand", "matter", {"matter": "医保报销"})
