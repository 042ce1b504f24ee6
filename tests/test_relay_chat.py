"""人工 in chat: a villager's message is kept and reaches a person; staff answer in the same chat."""
from __future__ import annotations

import pytest
from sqlalchemy import select

from bot.models import Conversation, RelayMessage, User
from tests.kit.chat import talk
from tests.kit.outbox import clear_outbox, pushes


pytestmark = pytest.mark.county("relay")


def _conversation(db, openid: str) -> Conversation | None:
    with db.session() as s:
        user = s.scalars(select(User).where(User.openid == openid)).one()
        conv = s.scalars(select(Conversation).where(Conversation.villager_id == user.id)).one_or_none()
        if conv is not None:
            s.expunge(conv)
        return conv


def test_ask_then_forward_then_the_secretary_replies_to_the_push(app, db, county):
    asked = talk(app, "v1", "人工")
    assert asked.action == "human.ask" and "0539-000a1" in asked.text
    sent = talk(app, "v1", "俺想问问俺家的低保为啥停了")
    assert sent.action == "human.forward" and "转给代村片区" in sent.text
    conv = _conversation(db, "v1")
    for staff in ("sec1", "cad1"):  # the secretary and the duty cadre of the area
        [push] = pushes(db, staff)
        assert "低保为啥停了" in push and "王秀英" in push and "代村" in push and "13812345678" in push
        assert f"回复 {conv.id} 内容" in push and "直接回复这条消息" in push
    assert pushes(db, "sec2") == [] and pushes(db, "county1") == []

    answered = talk(app, "sec1", "明天上午我去你家看看")
    assert answered.action == "human.reply" and "王秀英" in answered.text
    [to_villager] = pushes(db, "v1")
    assert to_villager.startswith("工作人员回复：明天上午我去你家看看")
    assert "13900000001" not in to_villager and "王书记" not in to_villager  # no personal details
    assert _conversation(db, "v1").waiting_since is None
    with db.session() as s:
        assert [m.direction for m in s.scalars(select(RelayMessage).order_by(RelayMessage.id))] == ["villager", "staff"]


def test_a_message_for_the_secretary_said_in_one_go(app, db, county):
    sent = talk(app, "v1", "帮俺转告书记 俺家门口的井盖丢了")
    assert sent.action == "human.forward"
    [push] = pushes(db, "sec1")
    assert "俺家门口的井盖丢了" in push and "转告" not in push


def test_staff_reply_is_never_taken_for_a_villager_message(app, db, county):
    """Before: "回复 … 你好" from a secretary came back to him as 一位群众（未登记村子）."""
    reply = talk(app, "sec1", "回复 你好")
    assert reply.action is None and "没有等您回复的留言" in reply.text
    assert pushes(db, "sec1") == [] and pushes(db, "cad1") == []
    talk(app, "v1", "人工 俺家的低保停了")
    clear_outbox(db)
    conv = _conversation(db, "v1")
    reply = talk(app, "sec1", f"回复 {conv.id} 你好，我下午去看")
    assert reply.action == "human.reply"
    assert pushes(db, "v1") == ["工作人员回复：你好，我下午去看\n还有话要说，一天内直接回复就行，过后请回复“人工”再留言。"]
    assert pushes(db, "sec1") == []


def test_several_waiting_the_plain_reply_asks_which_one(app, db, county):
    talk(app, "v1", "人工 低保停了")
    talk(app, "v2", "人工 路灯坏了")
    clear_outbox(db)
    which = talk(app, "sec1", "明天去看看")
    first, second = _conversation(db, "v1"), _conversation(db, "v2")
    assert which.action == "clarify.ask" and f"{first.id} 王秀英" in which.text and f"{second.id} 李建国" in which.text
    assert pushes(db, "v1") == [] and pushes(db, "v2") == []
    assert talk(app, "sec1", f"回复 {second.id} 明天修路灯").action == "human.reply"
    assert pushes(db, "v2")[0].startswith("工作人员回复：明天修路灯") and pushes(db, "v1") == []
    # Now only one waits: a plain reply goes to it.
    assert talk(app, "cad1", "明天去看看低保的事").action == "human.reply"
    assert pushes(db, "v1")[0].startswith("工作人员回复：明天去看看低保的事")


def test_staff_with_nothing_waiting_use_the_bot_as_anyone(app, db, county):
    reply = talk(app, "sec1", "低保怎么办")
    assert reply.action != "human.reply" and pushes(db, "sec1") == []
    talk(app, "v1", "人工 低保停了")
    assert talk(app, "sec1", "菜单").action != "human.reply"
    assert pushes(db, "v1") == []


def test_staff_of_another_area_cannot_answer_by_number(app, db, county):
    talk(app, "v4", "人工 俺家地被占了")  # 四村: nobody in 兰陵镇, so the county
    conv = _conversation(db, "v4")
    assert talk(app, "sec2", f"回复 {conv.id} 我来处理").text.startswith("这条留言不归您")
    assert pushes(db, "v4") == []


def test_area_with_nobody_goes_to_the_township_then_the_county(app, db, county):
    sent = talk(app, "v3", "人工 村里的桥塌了一半")  # 三村片区 has nobody: 卞庄街道's other areas
    assert sent.action == "human.forward"
    assert _conversation(db, "v3").level == "township"
    for staff in ("sec1", "cad1", "sec2"):
        assert any("桥塌了一半" in p for p in pushes(db, staff))
    assert pushes(db, "county1") == []
    talk(app, "v4", "人工 俺家地被占了")  # 兰陵镇 has nobody at all: the county
    assert _conversation(db, "v4").level == "county"
    assert any("地被占了" in p for p in pushes(db, "county1"))


def test_nobody_anywhere_the_message_is_still_kept(app, db, county):
    with db.session() as s:
        s.execute(User.__table__.delete().where(User.openid.in_(["sec1", "cad1", "sec2", "county1"])))
    sent = talk(app, "v1", "人工 俺家低保停了")
    assert sent.action == "human.forward" and "记下了" in sent.text
    assert _conversation(db, "v1").waiting_since is not None
    with db.session() as s:
        assert s.scalar(select(RelayMessage.text)) == "俺家低保停了"


def test_unregistered_villager_message_is_kept_first_then_asked_the_village(app, db, county):
    sent = talk(app, "newbie", "人工 俺家房子漏雨了")
    assert sent.action == "human.forward"
    assert "记下" in sent.text or "转给" in sent.text
    assert "哪个村" in sent.text
    conv = _conversation(db, "newbie")
    assert conv is not None and conv.area_id is None
    assert any("房子漏雨了" in p and "未登记村子" in p for p in pushes(db, "county1"))
    assert pushes(db, "sec1") == []
    done = talk(app, "newbie", "代村")  # the village's own name binds at once (issue 13)
    assert "已登记" in done.text and "代村片区" in done.text
    assert any("房子漏雨了" in p for p in pushes(db, "sec1"))
    moved = _conversation(db, "newbie")
    assert moved.area_id == county["a1"] and moved.level == "area" and moved.waiting_since == conv.waiting_since


def test_menu_nine_passes_an_unclear_message_on(app, db, county):
    talk(app, "v1", "俺家那个事儿到底咋整呢啊")
    sent = talk(app, "v1", "9")
    assert sent.action == "human.forward" and any("到底咋整" in p for p in pushes(db, "sec1"))


def test_new_words_while_waiting_reach_the_same_staff(app, db, county):
    talk(app, "v1", "人工 低保停了")
    talk(app, "v1", "人工 还有俺的医保卡也丢了")
    assert len(pushes(db, "sec1")) == 2
    conv = _conversation(db, "v1")
    assert conv.waiting_since is not None
    with db.session() as s:
        assert len(s.scalars(select(RelayMessage)).all()) == 2


@pytest.mark.parametrize("text", ["人工授粉咋弄", "人工费一天多少钱"])
def test_words_beginning_with_rengong_are_not_a_message_for_a_person(app, db, county, text):
    assert talk(app, "v1", text).action != "human.forward"
    assert pushes(db, "sec1") == []
