"""The scale test's theme check (bench/scale/checks.py) against a real monthly push: it passes
when every recipient got one delivery and fails when one is missing or doubled. The scale run
is not part of `make test`, so this keeps its checks in step with the code they judge."""
from __future__ import annotations

from datetime import datetime, timezone

import pytest
from sqlalchemy import select

from bench.scale.checks import theme_checks
from bot.models import OutboxMessage
from bot.themes import load_themes, monthly_theme_push
from tests.kit.worlds import make_needs_county

MONTH = "2026-12"


@pytest.fixture
def theme_rows(app, db):
    make_needs_county(db)
    with db.session() as s:
        load_themes(s)
    with app.app_context(), db.session() as s:
        assert monthly_theme_push(s, datetime(2026, 12, 1, 1, 0, tzinfo=timezone.utc)) > 0
    with db.session() as s:
        return list(s.scalars(select(OutboxMessage).where(OutboxMessage.business_key.startswith(f"theme:{MONTH}:"))))


def _push(rows, deliveries: dict[int, int] | None = None) -> dict:
    per_row = {r.id: 1 for r in rows} | (deliveries or {})
    return {"rows": rows, "per_row": per_row, "doubled_in_window": set()}


def test_every_recipient_delivered_once_passes(app, theme_rows):
    checks = theme_checks(app, MONTH, _push(theme_rows), requests=[])
    assert checks and all(c.ok for c in checks), [(c.name, c.detail) for c in checks if not c.ok]


def test_a_missing_row_or_a_double_delivery_fails(app, theme_rows):
    missing = theme_checks(app, MONTH, _push(theme_rows[1:]), requests=[])
    assert not all(c.ok for c in missing)
    doubled = theme_checks(app, MONTH, _push(theme_rows, {theme_rows[0].id: 2}), requests=[])
    assert not all(c.ok for c in doubled)


# --- the fast-redelivery check (issue 12, finding 1) -------------------------------------------

def _killed_then_redelivered(openid: str, msgid: str, reply: str) -> list[dict]:
    cut = {"t": 100.0, "end": 100.2, "openid": openid, "msgid": msgid, "status": None, "reply": None}
    again = {"t": 100.7, "end": 104.7, "openid": openid, "msgid": msgid, "status": 200, "reply": reply}
    return [cut, again]


def _inbound(db, openid: str, msgid: str, status: str) -> None:
    from bot.models import InboundMessage
    with db.session() as s:
        s.add(InboundMessage(dedupe_key=f"msg:{openid}:{msgid}", openid=openid, msg_type="text",
                             content="反映一下：路灯坏了", status=status, reply="收到" if status != "handling" else None))


def test_fast_redelivery_check_passes_when_every_answered_message_was_handled(app, db):
    from bench.scale.checks import redelivery_checks
    _inbound(db, "fast1", "1", "replied")
    checks = redelivery_checks(app, _killed_then_redelivered("fast1", "1", "收到"), _push([]))
    assert len(checks) == 1 and checks[0].ok and "1 fast" in checks[0].detail


def test_fast_redelivery_check_fails_on_a_row_left_handling_or_a_success_never_pushed(app, db):
    from bench.scale.checks import redelivery_checks
    _inbound(db, "fast2", "2", "handling")  # the attack run's lost message
    _inbound(db, "fast3", "3", "deferred")  # answered `success`, the answer never enqueued
    requests = _killed_then_redelivered("fast2", "2", "") + _killed_then_redelivered("fast3", "3", "")
    [check] = redelivery_checks(app, requests, _push([]))
    assert not check.ok and "2 not handled" in check.detail



def test_fast_redelivery_check_fails_when_no_fast_redelivery_happened(app, db):
    """A run whose worker kills cut no connection did not test finding 1."""
    from bench.scale.checks import redelivery_checks
    answered = [{"t": 100.0, "end": 100.1, "openid": "slow1", "msgid": "9", "status": 200, "reply": "好"}]
    [check] = redelivery_checks(app, answered, _push([]))
    assert not check.ok and "0 fast" in check.detail


def test_a_process_serving_a_connection_is_told_from_one_only_listening():
    """The scale run kills a web worker in the middle of a request: one holding an accepted
    connection on the web port (bench/scale/cluster.py)."""
    import os
    import socket

    from bench.scale.cluster import _serving

    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen()
        port = listener.getsockname()[1]
        assert not _serving(os.getpid(), port)
        with socket.create_connection(("127.0.0.1", port)):
            assert not _serving(os.getpid(), port)  # connected, not yet accepted by us
            accepted, _ = listener.accept()
            with accepted:
                assert _serving(os.getpid(), port)


def test_a_mass_send_is_matched_by_its_receivers(app, db):
    """The monthly digest goes by mass send: one outbox row, one fake record per receiver, the
    text followed by its page's link. The push checks count it delivered once, not lost, and its
    records are no unknown sends; a receiver who got nothing makes it lost."""
    from bench.scale.checks import push_checks
    from bot.outbox.mass import MASS_KIND, MASS_OPENID
    with db.session() as s:
        for n, openids in enumerate((["m1", "m2"], ["m3", "m4"])):
            s.add(OutboxMessage(business_key=f"theme:2026-12:digest:a:mass:{n}", openid=MASS_OPENID, kind=MASS_KIND,
                                payload={"text": f"【12月活动】第{n}批", "openids": openids}, status="sent"))
    fake = [{"openid": o, "endpoint": "mass", "text": f"【12月活动】第{n}批\n全文：http://x/m/{n}", "at": 1.0}
            for n, openids in enumerate((["m1", "m2"], ["m3"])) for o in openids]
    checks, figures = push_checks(app, fake, [])
    result = {c.name: c for c in checks}
    assert result["no send the outbox did not ask for"].ok
    lost = result["no push lost (sent per the outbox, never received)"]
    assert not lost.ok and "1 lost" in lost.detail and "mass:1" in lost.detail
    assert sorted(figures["per_row"].values()) == [0, 1]
