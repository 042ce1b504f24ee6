"""A message whose handler died (worker killed, database gone before `failed` was written) is
handled by WeChat's redelivery, not answered `success` with nothing behind it.

Found by the scale test (bench/scale): after PostgreSQL was stopped for 5 s, inbound rows stayed
`handling` for good; a redelivery of such a message waited for a handler that no longer
existed and answered `success`, so the villager never got an answer.
"""
from __future__ import annotations

import time
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from bot import clock
from bot.models import InboundMessage
from bot.reply_runner import drain
from handlers import menu
from tests.wechat_kit import WECHAT_SETTINGS, WeChatKit, make_text


@pytest.fixture
def app_config(app_config):
    return {**app_config, **WECHAT_SETTINGS}


@pytest.fixture
def kit(app, client):
    app.config["REPLY_BUDGET_SECONDS"] = 3.0  # room for the router to load on first use
    yield WeChatKit(client)
    assert drain(app)


def _left_handling(db, openid: str, msg_id: str, seconds_ago: float) -> None:
    with db.session() as s:
        s.add(InboundMessage(dedupe_key=f"msg:{openid}:{msg_id}", openid=openid, msg_type="text", content="你好",
                             status="handling",
                             received_at=clock.now() - timedelta(seconds=seconds_ago)))


def _status(db, openid: str) -> str:
    with db.session() as s:
        return s.scalar(select(InboundMessage.status).where(InboundMessage.openid == openid))


def test_redelivery_takes_a_message_whose_handler_is_gone(kit, db):
    _left_handling(db, "orphan1", "7100000001", seconds_ago=10)
    sent = kit.post(make_text("orphan1", "你好", msg_id="7100000001"))
    assert kit.content(sent) == menu.MENU_TEXT
    assert _status(db, "orphan1") == "replied"


def test_a_claim_just_made_is_not_taken_from_its_handler(kit, db):
    _left_handling(db, "orphan2", "7100000002", seconds_ago=0)
    sent = kit.post(make_text("orphan2", "你好", msg_id="7100000002"))
    assert sent.status == 200 and kit.content(sent) == ""  # `success`: the first delivery answers
    assert _status(db, "orphan2") == "handling"


def test_a_live_handler_keeps_its_message(kit, db):
    if not db.is_postgres:
        pytest.skip("row locks held across connections: PostgreSQL (SQLite has one writer at a time)")
    _left_handling(db, "orphan3", "7100000003", seconds_ago=10)
    with db.session() as handler:  # a slow handler, still running, holds its row
        handler.execute(select(InboundMessage.id).where(InboundMessage.openid == "orphan3").with_for_update())
        sent = kit.post(make_text("orphan3", "你好", msg_id="7100000003"))
        assert sent.status == 200 and kit.content(sent) == ""
    assert _status(db, "orphan3") == "handling"


def test_a_starved_first_handler_leaves_a_message_taken_over_to_the_redelivery(app, kit, db):
    """Seen in the scale test on a machine with a load of 14: the first delivery claimed its
    message, then got no CPU for seconds before locking its row; the redelivery took the row
    over as orphaned and answered, and the first handler then handled the message a second time
    and pushed its answer too. The claim is now a fencing token: a handler whose claim was taken
    over does nothing."""
    from bot.models import OutboxMessage
    from bot.reply_runner import ReplyJob
    from bot.wechat.parsing import parse_message
    from bot.inbound import claim_inbound

    incoming = parse_message(make_text("orphan4", "你好", msg_id="7100000004"))
    long_ago = clock.now() - timedelta(seconds=10)
    with db.session() as s:
        first = claim_inbound(s, incoming, long_ago)  # claimed, then starved before its lock
    sent = kit.post(make_text("orphan4", "你好", msg_id="7100000004"))
    assert kit.content(sent) == menu.MENU_TEXT  # the redelivery took it over and answered
    job = ReplyJob(app, incoming, None, deadline=time.monotonic() + 5)
    with app.app_context():
        outcome = job._handle(db, first.inbound_id, long_ago, first.claimed_at)  # the first wakes up
    assert outcome.text == "" and _status(db, "orphan4") == "replied"
    with db.session() as s:
        assert s.scalar(select(func.count()).select_from(OutboxMessage)) == 0
