"""Issue 17: the statements the webhook runs on the DBAPI cursor (bot/kept_sql.py) send the very
SQL and values SQLAlchemy's own execution of the same statement sends, on SQLite and PostgreSQL;
a DBAPI error comes out as SQLAlchemy's exception."""
from datetime import datetime, timedelta, timezone

import pytest
from sqlalchemy import event, exc

from bot import context, dialog, inbound, limits
from bot.kept_sql import _insert_construct
from bot.sender import _SENDER
from bot.volunteers import lookups
from bot.wechat import replay

NOW = datetime(2026, 11, 29, 8, 0, tzinfo=timezone.utc)

CASES = [
    ("replay guard", replay._REMEMBER, {"key": "replay:k1", "value": "digest", "expires_at": NOW}),
    ("rate limit", limits._COUNT, {"counter_key": "rate:msg:k1", "now": NOW, "window_start": NOW - timedelta(minutes=1)}),
    ("dedupe claim", inbound._CLAIM, {"dedupe_key": "msg:k1:1", "openid": "k1", "msg_type": "text", "content": "你好",
                                      "reply": None, "status": "handling", "received_at": NOW}),
    ("dialog saved", dialog._SAVE, {"openid": "k1", "flow": "menu", "step": "pick", "slots": {"村": "代村", "n": 2},
                                    "expires_at": NOW, "updated_at": NOW}),
    ("context noted", context._REMEMBER, {"openid": "k1", "items": [{"kind": "guide", "ref": "低保"}], "updated_at": NOW}),
    ("reply stored", inbound._KEPT_STORE_REPLY, {"inbound_id": 1, "new_reply": "好的", "new_status": "replied",
                                                 "new_action": "guide.show", "new_guide": "dibao"}),
    ("reply stored, fenced", inbound._KEPT_STORE_FENCED_REPLY,
     {"inbound_id": 1, "new_reply": "好的", "new_status": "replied", "new_action": None, "new_guide": None,
      "claimed_at": NOW}),
    ("offer keys", lookups._OFFER_KEYS, {"openid": "k1"}),
    ("sender", _SENDER[True], {"openid": "k1"}),
    ("sender, dialog elsewhere", _SENDER[False], {"openid": "k1"}),
    ("replay guard and message count", limits._GUARD_AND_COUNT,
     {"guard_key": "replay:k1", "digest": "d1", "keep_until": NOW + timedelta(minutes=6), "counter_key": "rate:msg:k1",
      "window_end": NOW + timedelta(minutes=1), "now": NOW}),
    ("message count", limits._MESSAGE_COUNT,
     {"counter_key": "rate:msg:k1", "window_end": NOW + timedelta(minutes=1), "now": NOW}),
]


def _plain(value):
    """psycopg's JSON wrapper compares by identity: compare what it wraps and how it dumps it."""
    if type(value).__name__ in ("Json", "Jsonb"):
        return type(value).__name__, value.obj, value.dumps
    return value


def _sent(db, run) -> list[tuple]:
    """What reached the DBAPI cursor while `run(connection)` ran (rolled back afterwards)."""
    seen: list[tuple] = []

    def note(conn, cursor, statement, parameters, context_, executemany):
        if isinstance(parameters, dict):
            parameters = {k: _plain(v) for k, v in parameters.items()}
        seen.append((statement, parameters))

    event.listen(db.engine, "before_cursor_execute", note)
    try:
        with db.engine.connect() as connection:
            transaction = connection.begin()
            try:
                run(connection)
            finally:
                transaction.rollback()
    finally:
        event.remove(db.engine, "before_cursor_execute", note)
    return [s for s in seen if not s[0].startswith("BEGIN")]


@pytest.mark.parametrize("name,kept,params", CASES, ids=[c[0] for c in CASES])
def test_the_same_sql_and_values_as_sqlalchemy_sends(app, db, name, kept, params):
    with app.app_context():
        by_sqlalchemy = _sent(db, lambda c: c.execute(kept._build(_insert_construct(c.dialect)), params))
        on_the_cursor = _sent(db, lambda c: kept.run(c, params).close())
    assert len(by_sqlalchemy) == 1
    assert on_the_cursor == by_sqlalchemy


def test_rows_come_back_as_sqlalchemy_reads_them(app, db):
    with app.app_context(), db.engine.connect() as connection, connection.begin():
        assert replay._REMEMBER.first(connection, CASES[0][2]) == ("replay:k1",)
        assert replay._REMEMBER.first(connection, CASES[0][2]) is None  # seen before
        counts = [limits._COUNT.first(connection, CASES[1][2])[0] for _ in range(3)]
        assert counts == [1, 2, 3]
        new_id = inbound._CLAIM.first(connection, CASES[2][2])[0]
        assert inbound._KEPT_STORE_FENCED_REPLY.rowcount(connection, {**CASES[6][2], "inbound_id": new_id}) == 1
        assert inbound._KEPT_STORE_FENCED_REPLY.rowcount(connection, {**CASES[6][2], "inbound_id": new_id}) == 0
        connection.rollback()


def test_a_dbapi_error_is_sqlalchemys(app, db):
    with app.app_context(), db.engine.connect() as connection, connection.begin():
        with pytest.raises(exc.IntegrityError):
            inbound._CLAIM.first(connection, {**CASES[2][2], "dedupe_key": None})
        connection.rollback()


def test_one_statement_for_the_replay_guard_and_the_message_count(app, db):
    """Issue 17: the guard's entry and the sender's count in one upsert; a live entry is kept (a
    forged body is refused and its count taken back), ended ones and windows are taken anew."""
    from bot.wechat.replay import Seen

    keep = NOW + timedelta(minutes=6)
    with app.app_context(), db.engine.connect() as connection, connection.begin():
        def admit(key, digest, at):
            return limits.guard_and_count(connection, key, digest, keep, "k2", at)

        assert admit("replay:a", "d1", NOW) == (Seen.NEW, 1)
        assert admit("replay:b", "d2", NOW + timedelta(seconds=10)) == (Seen.NEW, 2)
        assert admit("replay:a", "d1", NOW + timedelta(seconds=20)) == (Seen.NEW, 3)  # a redelivery counts
        assert admit("replay:a", "forged", NOW + timedelta(seconds=30)) == (Seen.OTHER_BODY, 4)
        assert admit("replay:c", "d3", NOW + timedelta(seconds=40)) == (Seen.NEW, 4)  # the forgery taken back
        assert admit("replay:d", "d4", NOW + timedelta(minutes=1)) == (Seen.NEW, 1)  # a new window
        assert admit("replay:a", "other", keep) == (Seen.NEW, 1)  # the entry ended: taken anew
        assert admit("replay:a", "forged", keep - timedelta(seconds=1)) == (Seen.OTHER_BODY, 2)
        assert admit("replay:a", "again", keep + timedelta(seconds=1)) == (Seen.NEW, 2)
        connection.rollback()
