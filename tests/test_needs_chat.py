"""The needs conversation: a villager reports, the whistle goes to the right group, a
representative reports for duty (报到), works it, closes it, and the villager's 不满意 reopens it."""
from __future__ import annotations

import re
from datetime import datetime, timedelta, timezone

import pytest
from sqlalchemy import select

from bot import errands, needs
from bot.models import Need, OutboxMessage, UserRole
from handlers import need_texts
from tests.kit.chat import say
from tests.kit.worlds import user
from tests.kit.factories import add_user

T0 = datetime(2026, 12, 7, 1, 0, tzinfo=timezone.utc)


pytestmark = pytest.mark.county("needs")


@pytest.fixture
def route(router):
    for text in ("我要反映问题", "反映个情况", "俺村停水三天了，吃水都难"):
        router.set(text, "need", score=0.9)
    router.set("我的记录", "status")
    return router


def _number(reply: str) -> int:
    match = re.search(r"编号是\s*(\d+)\s*号", reply)
    assert match, reply
    return int(match.group(1))


def _outbox(db, prefix: str) -> dict[str, OutboxMessage]:
    with db.session() as s:
        rows = s.scalars(select(OutboxMessage).where(OutboxMessage.business_key.startswith(prefix))).all()
        return {r.business_key: (r.openid, r.payload["text"]) for r in rows}


def _whistle(app, db):
    with app.app_context(), db.session() as s:
        return needs.whistle_round(s, T0 + timedelta(hours=1))


def test_report_whistle_claim_progress_close_and_reopen(app, db, county, route):
    assert need_texts.ASK_WHAT in say(app, "v1", "我要反映问题", now=T0)
    reply = say(app, "v1", "村口那条路坑坑洼洼，一下雨全是泥", now=T0)
    assert "急不急" in reply
    reply = say(app, "v1", "", kind="image", media_id="photo-1", now=T0)
    assert "照片收到了" in reply and "急不急：一般" in reply  # not said: ordinary, 3 changes it
    assert "村口那条路" in reply and "代村" in reply and "照片1张" in reply and "1 确认提交" in reply
    reply = say(app, "v1", "1", now=T0)
    number = _number(reply)
    assert "城建交通" in reply and "县城建交通党代表活动组" in reply
    with db.session() as s:
        need = s.get(Need, number)
        assert (need.input_kind, need.photo_media_id, need.urgency) == ("text", "photo-1", "normal")
    assert _whistle(app, db) == 1
    whistles = _outbox(db, f"need:{number}:whistle:")
    assert {openid for openid, _ in whistles.values()} == {"build1", "build2", "build_lead"}

    assert "不是您所在活动组" in say(app, "agri1", f"报到 {number}", now=T0)
    assert need_texts.NOT_FOR_VILLAGERS == say(app, "v3", f"报到 {number}", now=T0)
    reply = say(app, "build1", f"报到 {number}", now=T0)
    assert "归您了" in reply and "李大爷" in reply and "13800000001" in reply
    assert "已经有别的党代表认领" in say(app, "build2", f"报到{number}号", now=T0)
    taken = _outbox(db, f"need:{number}:taken:")
    assert {openid for openid, _ in taken.values()} == {"build2", "build_lead"}
    (openid, told), = _outbox(db, f"need:{number}:claimed").values()
    assert openid == "v1" and "代表build1" in told

    assert "不在您手上" in say(app, "build2", f"进展 {number} 我也去看了", now=T0)
    assert "已告诉群众：已联系施工队" in say(app, "build1", f"进展 {number} 已联系施工队", now=T0)
    (openid, told), = _outbox(db, f"need:{number}:progress:").values()
    assert openid == "v1" and "已联系施工队" in told
    assert "已办结" in say(app, "build1", f"办结 {number}：路修好了", now=T0)
    (openid, told), = _outbox(db, f"need:{number}:closed:").values()
    assert openid == "v1" and "满意" in told and "路修好了" in told

    reply = say(app, "v1", "不满意，还是有坑", now=T0 + timedelta(days=1))
    assert "不满意" in reply and f"{number}号" in reply
    with db.session() as s:
        need = s.get(Need, number)
        assert (need.state, need.satisfaction) == ("reopened", "unsatisfied")
    (openid, told), = _outbox(db, f"need:{number}:reopened:").values()
    assert openid == "build1" and "还是有坑" in told
    mine = say(app, "v1", "我反映的问题", now=T0)
    assert f"{number}号" in mine and "重新办" in mine
    status = say(app, "v1", "我的记录", now=T0)
    assert "【反映的问题】" in status and f"{number}号" in status
    assert "您在办的" in say(app, "build1", "待认领", now=T0)


def test_the_request_itself_may_say_what_happened_and_an_unregistered_villager_is_asked(app, db, county, route):
    with db.session() as s:
        add_user(s, "new1", name="刘奶奶")
    reply = say(app, "new1", "俺村停水三天了，吃水都难", now=T0)
    assert "哪个村" in reply
    reply = say(app, "new1", "我是王庄的", now=T0)  # the village's own name binds at once (issue 13)
    assert "已登记" in reply and "王庄" in reply and "留个电话" in reply  # no phone on file: asked, skippable
    assert "急不急" in say(app, "new1", "俺没手机", now=T0)
    reply = say(app, "new1", "很急", now=T0)
    assert "停水三天" in reply and "电话：上门联系" in reply
    number = _number(say(app, "new1", "对", now=T0))
    with db.session() as s:
        need = s.get(Need, number)
        assert (need.text, need.urgency, need.state) == ("俺村停水三天了，吃水都难", "urgent", "alerted")
        assert need.village.name == "王庄" and need.field == "水电"
        assert need.group_code == "tw-bianzhuang"  # no water-and-power member yet: the township group
    assert _outbox(db, f"need:{number}:whistle:")  # urgent: alerted at once


def test_voice_and_a_place_inside_the_flow(app, db, county, route):
    say(app, "v3", "反映个情况", now=T0)
    assert "位置收到了（村东头）" in say(app, "v3", "", kind="location", latitude=34.85, longitude=118.04,
                                     label="村东头", now=T0)
    assert "没听清" in say(app, "v3", "", kind="voice", media_id="voice-9", now=T0)
    assert "留个电话" in say(app, "v3", "桥塌了一半，车过不去", kind="voice", media_id="voice-10", now=T0)
    assert "急不急" in say(app, "v3", "嗯 那个 电话是13905390123", kind="voice", media_id="voice-11", now=T0)
    assert "急不急" in say(app, "v3", "3", now=T0)  # 3 改急不急: the question
    say(app, "v3", "2", now=T0)
    number = _number(say(app, "v3", "1", now=T0))
    with db.session() as s:
        need = s.get(Need, number)
        assert (need.input_kind, need.latitude, need.longitude) == ("location", 34.85, 118.04)
        assert need.voice_media_id == "voice-9" and need.urgency == "urgent"
    # outside the flow a picture is just a picture
    assert "这张图片是想说什么事" in say(app, "v3", "", kind="image", media_id="p2", now=T0)


def test_say_it_again_and_cancel(app, db, county, route):
    say(app, "v1", "我要反映问题", now=T0)
    assert "1 确认提交" in say(app, "v1", "路灯坏了", now=T0)  # the phone on file, the urgency not said
    assert need_texts.ASK_WHAT in say(app, "v1", "2", now=T0)
    assert "急不急" not in say(app, "v1", "好", now=T0)  # too short to be the need
    assert "路灯坏了好几个月" in say(app, "v1", "路灯坏了好几个月", now=T0)
    assert "已经取消" in say(app, "v1", "取消", now=T0)
    with db.session() as s:
        assert s.scalars(select(Need)).all() == []


def test_satisfied_with_nothing_to_rate_is_not_taken_as_a_rating(app, db, county, route):
    reply = say(app, "v2", "满意", now=T0)
    assert "谢谢您的评价" not in reply and "没有要评价的" not in reply


def test_representative_who_is_also_a_party_member_keeps_errand_commands(app, db, county, route):
    with db.session() as s:
        rep = user(s, county, "build1")
        s.add(UserRole(user_id=rep.id, role="party_member", area_id=county.areas["bz-daicun"]))
        s.flush()
        errand = errands.create_errand(s, user(s, county, "v1"), "低保办理", "13812345678", now=T0)
        assert errand.assignee_id == rep.id
        number = errand.number
    assert "归您了" in say(app, "build1", f"接单 {number}", now=T0)
    with db.session() as s:
        assert s.get(Need, number) is None
    assert "已告诉群众：材料交上了" in say(app, "build1", f"进展 {number} 材料交上了", now=T0)
    assert _outbox(db, f"errand:{number}:progress:")


def test_representative_lists_what_waits_for_a_claim(app, db, county, route):
    assert "现在没有等您认领" in say(app, "build1", "待认领", now=T0)
    with db.session() as s:
        number = needs.report_need(s, user(s, county, "v1"), "路灯坏了好几个月", urgency="urgent", now=T0).number
    reply = say(app, "build1", "待认领", now=T0)
    assert f"{number}号 【很急】代村" in reply and "报到 编号" in reply
    with db.session() as s:
        second = needs.report_need(s, user(s, county, "v1"), "村口的路灯也坏了好几个月", urgency="urgent", now=T0).number
    reply = say(app, "build1", "报到", now=T0)  # a bare 报到 with two waiting: the list
    assert f"{number}号 【很急】代村" in reply and f"{second}号" in reply and "报到 编号" in reply


def test_with_the_real_router(app, db, county):
    """No stand-in router: the villager's words alone start the report and name the need."""
    reply = say(app, "v3", "路灯坏了好几个月没人修", now=T0)
    assert "留个电话" in reply  # the request said what happened
    assert "留个电话" in say(app, "v3", "不急", now=T0)  # 不急 is kept; the phone is still asked
    assert "路灯坏了好几个月没人修" in say(app, "v3", "不用了", now=T0)
    number = _number(say(app, "v3", "确认", now=T0))
    with db.session() as s:
        assert s.get(Need, number).group_code == "county-build"
    assert f"{number}号" in say(app, "v3", "我反映的问题", now=T0)
