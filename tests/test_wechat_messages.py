"""Each WeChat message and event type, through the signed webhook, does what belongs to it."""
from __future__ import annotations

import json

import pytest
from sqlalchemy import func, select

import bot.nlu
from bot import clock
from bot.models import InboundMessage, OutboxMessage, User
from bot.nlu.types import RouteResult
from handlers import menu
from handlers.events import MENU_KEYS
from tests.kit.knowledge import load_into
from tests.kit.wechat import (WECHAT_SETTINGS, make_event, make_file, make_image, make_link, make_location, make_text,
                              make_video, make_voice)


pytestmark = pytest.mark.app_settings(WECHAT_SETTINGS)


def _user(db, openid: str) -> User | None:
    with db.session() as s:
        return s.scalars(select(User).where(User.openid == openid)).one_or_none()


def _inbound(db, openid: str) -> list[InboundMessage]:
    with db.session() as s:
        return list(s.scalars(select(InboundMessage).where(InboundMessage.openid == openid)
                              .order_by(InboundMessage.id)))


def test_text_is_dispatched(kit, db):
    reply = kit.reply(kit.post(make_text("t1", "你好")))
    assert reply["Content"] == menu.MENU_TEXT
    assert reply["ToUserName"] == "t1" and reply["MsgType"] == "text"
    [row] = _inbound(db, "t1")
    assert (row.msg_type, row.content, row.status, row.reply) == ("text", "你好", "replied", menu.MENU_TEXT)
    assert row.dedupe_key.startswith("msg:t1:")


def test_voice_with_recognition_is_handled_as_its_words(kit):
    by_voice = kit.content(kit.post(make_voice("v1", recognition="你好")))
    by_text = kit.content(kit.post(make_text("v2", "你好")))
    assert by_voice == by_text


def test_voice_without_recognition_asks_to_repeat_or_type(kit, db):
    text = kit.content(kit.post(make_voice("v3", recognition=None, media_id="voice-42")))
    assert "没听清" in text and "打字" in text
    assert "voice-42" in _inbound(db, "v3")[0].content


def test_image_thanks_and_asks_and_keeps_the_media_id(kit, db):
    text = kit.content(kit.post(make_image("i1", media_id="media-777")))
    assert "图片" in text and "？" in text
    [row] = _inbound(db, "i1")
    assert json.loads(row.content)["MediaId"] == "media-777"


def test_location_message_is_kept_on_the_user(kit, db):
    text = kit.content(kit.post(make_location("l1", 34.85, 118.05, label="兰陵县代村")))
    assert "位置" in text and "食堂" in text
    user = _user(db, "l1")
    assert (user.latitude, user.longitude) == (34.85, 118.05)
    assert abs((clock.now() - user.location_at).total_seconds()) < 60


def test_link_gets_a_sensible_answer(kit):
    text = kit.content(kit.post(make_link("k1", "2026年医保缴费通知")))
    assert "2026年医保缴费通知" in text and "链接" in text


@pytest.mark.parametrize("factory, word", [
    (lambda o: make_video(o), "视频"),
    (lambda o: make_video(o, short=True), "视频"),
    (lambda o: make_file(o), "文件"),
])
def test_video_short_video_and_file_get_a_sensible_answer(kit, factory, word):
    text = kit.content(kit.post(factory("m1")))
    assert word in text and "告诉我" in text


def test_subscribe_welcomes_explains_registration_and_keeps_the_scene(kit, db):
    text = kit.content(kit.post(make_event("s1", "subscribe", "qrscene_village_daicun",
                                           Ticket="gQH47joAAAAAAAAAASxodHRwOi8vd2VpeGluLnFxLmNvbS9xL2taZ2Z3TVRtNzJXV1Brb3ZhYmJJAAIEZ23sUwMEmm3sUw==")))
    assert "欢迎" in text and "我是" in text and "村" in text
    [row] = _inbound(db, "s1")
    assert row.msg_type == "event" and row.dedupe_key.startswith("evt:s1:") and row.dedupe_key.endswith(":subscribe")
    assert json.loads(row.content)["EventKey"] == "qrscene_village_daicun"
    user = _user(db, "s1")
    assert user.subscribed and user.last_interaction_at is not None


def test_scan_greets_a_follower(kit):
    text = kit.content(kit.post(make_event("s2", "SCAN", "village_daicun", Ticket="t")))
    assert "欢迎" in text


def test_unsubscribe_marks_the_user_and_kills_their_pending_pushes(kit, db):
    kit.post(make_text("u9", "你好"))
    with db.session() as s:
        for key, status in (("a", "pending"), ("b", "pending"), ("c", "sent")):
            s.add(OutboxMessage(business_key=f"test:{key}", openid="u9", kind="theme",
                                payload={"text": key}, status=status))
        s.add(OutboxMessage(business_key="test:other", openid="someone-else", kind="theme", payload={}))
    sent = kit.post(make_event("u9", "unsubscribe", ""))
    assert sent.response.get_data(as_text=True) == "success"
    assert _user(db, "u9").subscribed is False
    with db.session() as s:
        rows = {r.business_key: (r.status, r.last_error) for r in s.scalars(select(OutboxMessage))}
    assert rows["test:a"] == rows["test:b"] == ("dead", "unsubscribed")
    assert rows["test:c"] == ("sent", None)
    assert rows["test:other"] == ("pending", None)


def test_menu_click_for_help_answers_as_typing_menu(kit):
    clicked = kit.content(kit.post(make_event("c1", "CLICK", "MENU_HELP")))
    typed = kit.content(kit.post(make_text("c2", "菜单")))
    assert clicked == typed == menu.MENU_TEXT


@pytest.mark.parametrize("key", sorted(MENU_KEYS))
def test_every_menu_key_answers_as_typing_its_request(app, kit, monkeypatch, key):
    """With the router sending the request words to the key's intent, click == typing."""
    intent, words = MENU_KEYS[key]
    if intent == "guide":
        load_into(app)  # the list of matters comes from the loaded guides
    real_route = bot.nlu.route_text
    monkeypatch.setattr(bot.nlu, "route_text",
                        lambda text: RouteResult(intent, None, 1.0) if text == words else real_route(text))
    clicked = kit.content(kit.post(make_event("c3", "CLICK", key)))
    dispatcher = app.extensions["dispatcher"]
    if any(intent in h.intents for h in dispatcher.handlers):
        assert clicked == kit.content(kit.post(make_text("c4", words)))
    else:  # that capability is not in this build: the menu, not "I don't understand"
        assert clicked == menu.MENU_TEXT


def test_menu_click_for_guides_lists_the_matters_and_opens_one(app, kit):
    load_into(app)
    listing = kit.content(kit.post(make_event("c5", "CLICK", "MENU_GUIDES")))
    assert "低保" in listing and "\n1 " in listing
    first_guide = kit.content(kit.post(make_text("c5", "1")))
    assert "1 要带的材料" in first_guide


def test_unknown_menu_key_shows_the_menu(kit):
    assert kit.content(kit.post(make_event("c6", "CLICK", "MENU_DOES_NOT_EXIST"))) == menu.MENU_TEXT


def test_view_needs_no_reply(kit):
    sent = kit.post(make_event("w1", "VIEW", "https://example.com/page", MenuId="1"))
    assert sent.response.get_data(as_text=True) == "success"


def test_location_event_is_stored_silently_and_does_not_open_the_window(kit, db):
    now = 1_800_000_000
    for n in range(3):  # reported every 5 s while location reporting is on
        sent = kit.post(make_event("g1", "LOCATION", create_time=now + 5 * n,
                                   Latitude=f"34.{n}5", Longitude="118.05", Precision="30.0"))
        assert sent.response.get_data(as_text=True) == "success"
    user = _user(db, "g1")
    assert (user.latitude, user.longitude) == (34.25, 118.05)
    assert user.last_interaction_at is None
    assert len(_inbound(db, "g1")) == 3


def test_template_receipt_records_the_delivery_status(kit, db):
    with db.session() as s:
        s.add(OutboxMessage(business_key="task:1:rep", openid="r1", kind="task", payload={},
                            status="sent", channel="template", wechat_msgid="200163836"))
        s.add(OutboxMessage(business_key="task:2:rep", openid="r1", kind="task", payload={},
                            status="sent", channel="template", wechat_msgid="200163840"))
    sent = kit.post(make_event("r1", "TEMPLATESENDJOBFINISH", MsgID="200163840", Status="failed:user block"))
    assert sent.response.get_data(as_text=True) == "success"
    with db.session() as s:
        statuses = dict(s.execute(select(OutboxMessage.wechat_msgid, OutboxMessage.delivery_status)).all())
    assert statuses == {"200163836": None, "200163840": "failed:user block"}


def test_two_template_receipts_in_one_second_are_both_recorded(kit, db):
    with db.session() as s:
        for msgid in ("300000001", "300000002"):
            s.add(OutboxMessage(business_key=f"t:{msgid}", openid="r2", kind="task", payload={},
                                status="sent", wechat_msgid=msgid))
    for msgid in ("300000001", "300000002"):
        kit.post(make_event("r2", "TEMPLATESENDJOBFINISH", create_time=1_800_000_000,
                            MsgID=msgid, Status="success"))
    with db.session() as s:
        assert s.scalar(select(func.count()).select_from(OutboxMessage)
                        .where(OutboxMessage.delivery_status == "success")) == 2


def test_a_mass_send_receipt_lands_on_its_chunk(kit, db):
    with db.session() as s:
        s.add(OutboxMessage(business_key="notice:7:mass:0", openid="*", kind="mass", payload={},
                            status="sent", channel="mass", wechat_msgid="1000000001"))
    sent = kit.post(make_event("oFAKE-system", "MASSSENDJOBFINISH", MsgID="1000000001", Status="send success",
                               TotalCount="3", FilterCount="2", SentCount="2", ErrorCount="0"))
    assert sent.response.get_data(as_text=True) == "success"
    with db.session() as s:
        assert s.scalar(select(OutboxMessage.delivery_status)) == "send success 2/3"
