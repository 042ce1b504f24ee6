"""Replies in words to what the bot sent or asked (issue 13): a need confirmed in words is
submitted and whistled, representatives and party members take, report and close in words
(电机换好了, 这单我接了), a mediator confirms with 这个时间我在, a volunteer names one of two
pushed tasks, villagers rate in words of the person or the pace, small talk in local words
(谢谢恁, 回头再说), and lateness (晚不晚) asks a guide's time limit. Clock moved, never slept."""
from __future__ import annotations

import re
from datetime import datetime, timedelta, timezone

import pytest
from sqlalchemy import select

from bot import clock, needs
from bot.forms import is_confirm
from bot.models import Need, OutboxMessage
from bot.models.volunteers import SignUp
from handlers.guide_parts import asked_part
from handlers.mediator_words import CONFIRM as MEDIATOR_CONFIRM
from handlers.ratings import rating_in
from handlers.smalltalk import smalltalk_kinds
from handlers.staff_words import ACCEPT, CLAIM_WORDS, FINISH
from tests.kit.chat import say
from tests.kit.conversations import assert_passes
from tests.kit.factories import add_volunteer, find_user

T0 = datetime(2026, 12, 7, 1, 0, tzinfo=timezone.utc)


# --- the words ---------------------------------------------------------------------------

@pytest.mark.parametrize("text", ["对 就这样报上去", "对 报吧", "行 给报上去", "就这么报吧", "交上去吧", "好 帮俺报了"])
def test_sending_a_summary_on_in_words_confirms_it(text):
    assert is_confirm(text)


@pytest.mark.parametrize("text", ["报个屁", "不报了", "报一下修路的事", "先别报"])
def test_other_words_with_the_verb_do_not(text):
    assert not is_confirm(text)


@pytest.mark.parametrize("text, kind", [("谢谢恁", "thanks"), ("没事了 回头再说", "bye"), ("好嘞 再见", "bye"),
                                        ("先这样吧", "bye"), ("中 俺明白了", "ok"), ("早啊", "greeting")])
def test_small_talk_in_local_words(text, kind):
    assert kind in smalltalk_kinds(text)


@pytest.mark.parametrize("text", ["回头再说低保的事", "谢谢恁 俺还想问医保", "走了一趟镇上"])
def test_small_talk_words_with_a_matter_are_not_small_talk(text):
    assert smalltalk_kinds(text) == set()


@pytest.mark.parametrize("text, satisfied", [("小伙子办得挺利索 给他点个赞", True), ("来得真及时", True),
                                             ("人家可上心了", True), ("拖了好几天才来", False),
                                             ("磨磨蹭蹭的", False), ("态度不好", False)])
def test_ratings_name_the_person_or_the_pace(text, satisfied):
    assert rating_in(text) is satisfied


@pytest.mark.parametrize("text, done", [("电机换好了", True), ("已经给你办完了 卡下周送到家", True), ("灯都装好了", True),
                                        ("路还没修好", False), ("电机修好了没", False), ("修好了吗", False)])
def test_staff_say_done_with_the_thing_first(text, done):
    assert bool(FINISH.match(text)) is done


@pytest.mark.parametrize("text", ["这单我接了", "这个俺来接", "这活俺接了"])
def test_staff_take_an_item_in_words(text):
    assert ACCEPT.match(text) or CLAIM_WORDS.match(text)


@pytest.mark.parametrize("text", ["好 这个时间我在", "那天俺有空", "行 我能到"])
def test_a_mediator_agrees_by_saying_they_are_free(text):
    assert MEDIATOR_CONFIRM.match(text)


@pytest.mark.parametrize("text", ["我在外地", "那天俺有事"])
def test_a_mediator_busy_or_away_is_no_confirmation(text):
    assert not MEDIATOR_CONFIRM.match(text)


@pytest.mark.parametrize("text", ["孩子都俩月了 晚不晚", "过期了咋办", "现在办还来得及吗", "最晚啥时候得办"])
def test_lateness_asks_the_time_limit(text):
    assert asked_part(text, followup=True) == "time"


def test_the_evening_is_not_lateness():
    assert asked_part("晚上能去办吗", followup=True) != "time"


# --- in conversation (both databases) ----------------------------------------------------

@pytest.fixture
def route(router):
    router.set("村口那条路坑坑洼洼 一下雨全是泥 不急 电话13805390021", "need", score=0.9)
    return router


def _outbox(db, prefix: str) -> dict[str, tuple[str, str]]:
    with db.session() as s:
        rows = s.scalars(select(OutboxMessage).where(OutboxMessage.business_key.startswith(prefix))).all()
        return {r.business_key: (r.openid, r.payload["text"]) for r in rows}


@pytest.mark.county("needs")
def test_a_need_confirmed_in_words_is_whistled_taken_closed_and_rated_in_words(app, db, county, route):
    summary = say(app, "v1", "村口那条路坑坑洼洼 一下雨全是泥 不急 电话13805390021", now=T0)
    assert "1 确认提交" in summary
    number = int(re.search(r"编号是\s*(\d+)\s*号", say(app, "v1", "对 就这样报上去", now=T0)).group(1))
    with app.app_context(), db.session() as s:
        assert needs.whistle_round(s, T0 + timedelta(hours=1)) == 1
    (rep, _), *_ = _outbox(db, f"need:{number}:whistle:").values()
    assert "归您了" in say(app, rep, "这个俺来接", now=T0 + timedelta(hours=2))
    assert "已办结" in say(app, rep, "路面补好了 压实了", now=T0 + timedelta(days=1))
    (openid, told), = _outbox(db, f"need:{number}:closed:").values()
    assert openid == "v1" and "压实了" in told
    assert "不满意" in say(app, "v1", "拖了好几天才来", now=T0 + timedelta(days=2))
    with db.session() as s:
        assert s.get(Need, number).satisfaction == "unsatisfied"


def test_a_volunteer_names_one_of_two_pushed_tasks(app, db, area, runner, router):
    router.always("unknown")  # the words alone decide
    add_volunteer(db, "vol1")
    day = (clock.local_now() + timedelta(days=4)).strftime("%Y-%m-%d")
    for title, hour in (("集上义务理发", "09:00"), ("接老人去卫生院体检", "14:00")):
        result = runner.invoke(args=["task", "create", "--title", title, "--area", "bz-daicun",
                                     "--at", f"{day} {hour}", "--needed", "2"])
        assert result.exit_code == 0, result.output
    reply = say(app, "vol1", "理发那个俺能去")
    assert "报名成功" in reply and "理发" in reply
    with db.session() as s:
        signed = {row.task.title for row in s.scalars(select(SignUp)).all()
                  if row.volunteer.user_id == find_user(s, "vol1").id}
    assert signed == {"集上义务理发"}


@pytest.mark.parametrize("text, kind", [("麻烦恁了啊", "thanks"), ("行了 没别的事了 拜拜", "bye"),
                                        ("好 那俺先走了 改天再来问", "bye"), ("有事再找你", "bye")])
def test_thanks_and_goodbyes_in_more_words(text, kind):
    assert kind in smalltalk_kinds(text)


@pytest.mark.parametrize("text, done", [("灯泡换上了 晚上亮了", True), ("报销批下来了 钱过几天到卡上", True),
                                        ("还没批下来", False), ("批下来了吗", False), ("还没换上", False)])
def test_done_said_as_the_result(text, done):
    assert bool(FINISH.match(text)) is done


def test_taking_this_job_in_words():
    assert ACCEPT.match("这个活我接下了") and ACCEPT.match("那单我接")


def test_a_mediator_free_that_morning_confirms():
    assert MEDIATOR_CONFIRM.match("行 那天上午俺有空")


def test_a_mediator_with_two_bookings_waiting_is_asked_which(worlds):
    """确认 / 改到… without a number while two bookings wait: each listed with the command that picks it."""
    book = [{"as": who, "say": f"想约调解 {story} 电话1380539004{n}"} for n, (who, story) in enumerate(
        [("villager", "跟俺兄弟王二分地的事 后天上午都行"), ("villager2", "邻居家的树伸到俺院里 后天下午")], start=1)]
    assert_passes(worlds, {"id": "two-waiting", "steps": [
        book[0], {"as": "villager", "say": "就这样 提交吧", "action": "mediation.book"},
        book[1], {"as": "villager2", "say": "对 提交吧", "action": "mediation.book"},
        {"as": "mediator", "say": "确认", "action": "clarify.ask", "reply_has": ["确认 1：", "确认 2："]},
        {"as": "mediator", "say": "改到周五下午", "action": "clarify.ask",
         "reply_has": ["改时间 1 周五下午：", "改时间 2 周五下午："]}]})


def test_thanks_inside_a_form_is_not_taken_as_the_answer(app, db, area, router):
    router.always("unknown")
    router.set("俺要反映个事", "need", score=0.9)
    say(app, "v9", "俺要反映个事", now=T0)
    reply = say(app, "v9", "谢谢恁嘞", now=T0)
    assert "不客气" in reply and "刚才的事还没办完" in reply
    with db.session() as s:
        assert s.scalar(select(Need.id)) is None
