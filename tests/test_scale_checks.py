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

