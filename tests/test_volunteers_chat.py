"""Volunteers in chat: register, answer a task push, waiting list and promotion, "我的志愿"."""
from datetime import timedelta

import pytest
from sqlalchemy import delete, func, select

from bot import clock
from bot.models import SignUp, Task, UserContext, UserRole, VolunteerProfile
from handlers.volunteer_words import asks_for_activities
from tests.kit.chat import say
from tests.kit.factories import add_villager, add_volunteer, create_task, find_user
from tests.kit.outbox import outbox_by_key


def _signups(db, number: int) -> dict[str, str]:
    with db.session() as s:
        rows = s.execute(select(SignUp).join(Task).where(Task.number == number)).scalars().all()
        return {row.volunteer.user.openid: row.state for row in rows}


def _taken(db, number: int) -> int:
    with db.session() as s:
        return s.scalar(select(Task.taken).where(Task.number == number))


def test_registration_needs_a_village_then_asks_skills_and_times(app, db, area, router):
    router.always("volunteer")
    add_villager(db, "newcomer", village=None)
    assert "哪个村" in say(app, "newcomer", "俺想当志愿者")
    assert "1 做饭" in say(app, "newcomer", "代村")  # registered, the volunteer sign-up carries on

    add_villager(db, "v1")
    first = say(app, "v1", "俺想当志愿者")
    assert "1 做饭" in first and "4 开车" in first
    assert "没看明白" in say(app, "v1", "嗯嗯")
    times = say(app, "v1", "1、2")
    assert "周末" in times
    done = say(app, "v1", "周末和晚上")
    assert "登记好了" in done and "代村片区志愿服务队" in done and "不会公开" in done
    with db.session() as s:
        profile = s.scalars(select(VolunteerProfile)).one()
        assert profile.skills == ["做饭", "陪老人聊天"]
        assert profile.free_times == ["晚上", "周末"]
        assert profile.area.code == "bz-daicun"
        assert s.scalar(select(func.count()).select_from(UserRole).where(UserRole.role == "volunteer")) == 1


def test_registered_volunteer_sees_area_tasks_and_picks_one(app, db, area, router):
    add_volunteer(db, "v1")
    number = create_task(db, needed=3, title="陪老人拉呱")
    router.always("volunteer")
    listing = say(app, "v1", "有啥志愿活动")
    assert "陪老人拉呱" in listing and f"{number}号" in listing and "还差3人" in listing
    assert "报名成功" in say(app, "v1", "1")
    assert _signups(db, number) == {"v1": "confirmed"}


def test_push_confirm_waiting_cancel_and_promotion(app, db, area, runner, router):
    add_villager(db, "cadre1", name="王干部", role="cadre")
    add_volunteer(db, "v1")
    add_volunteer(db, "v2")
    router.always("unknown")
    start = (clock.local_now() + timedelta(days=3)).strftime("%Y-%m-%d 09:00")
    result = runner.invoke(args=["task", "create", "--title", "暖心食堂帮厨", "--area", "bz-daicun",
                                 "--at", start, "--hours", "2", "--needed", "1",
                                 "--place", "代村暖心食堂", "--by", "cadre1"])
    assert result.exit_code == 0, result.output
    assert "offered to 2" in result.output

    offers = outbox_by_key(db, "task:%:offer:%")
    assert sorted(o.openid for o in offers) == ["v1", "v2"]
    number = int(offers[0].business_key.split(":")[1])
    template = offers[0].payload["template"]
    assert template["事项"].endswith("暖心食堂帮厨") and template["地点"] == "代村暖心食堂"
    assert "9点" in template["时间"] and "1" in offers[0].payload["text"]
    with db.session() as s:
        assert s.scalar(select(Task.created_by_id).where(Task.number == number)) == find_user(s, "cadre1").id

    assert "报名成功" in say(app, "v1", "1")
    waiting = say(app, "v2", "1")
    assert "候补第1位" in waiting
    assert _signups(db, number) == {"v1": "confirmed", "v2": "waiting"}

    again = say(app, "v1", "确认")
    assert "已经报过名" in again
    assert "候补第1位" in say(app, "v2", f"报名 {number}")
    assert _signups(db, number) == {"v1": "confirmed", "v2": "waiting"} and _taken(db, number) == 1

    assert "取消" in say(app, "v1", "不去了")
    assert _signups(db, number) == {"v1": "cancelled", "v2": "confirmed"} and _taken(db, number) == 1
    told = outbox_by_key(db, f"task:{number}:promoted:%")
    assert [t.openid for t in told] == ["v2"] and "候补转为正式" in told[0].payload["text"]
    assert told[0].payload["template"]["事项"].endswith("暖心食堂帮厨")

    # "1" again after saying no does not sign v1 up behind their back; "报名" does.
    assert "报名成功" not in say(app, "v1", "1")
    assert "人已经满了" in say(app, "v1", f"报名 {number}")
    assert "已报名" in say(app, "v2", "我的志愿")


def test_a_reply_takes_the_newest_push_then_asks_between_the_rest(app, db, area, router):
    # Issue 13: a reply to a push acts on that push's task (it used to ask between all offers).
    add_volunteer(db, "v1")
    first = create_task(db, title="理发进村", starts_in=timedelta(days=2))
    second = create_task(db, title="送饭上门", starts_in=timedelta(days=4))
    third = create_task(db, title="陪老人聊天", starts_in=timedelta(days=3))
    router.always("unknown")
    reply = say(app, "v1", "确认")
    assert "报名成功" in reply and "陪老人聊天" in reply
    assert _signups(db, third) == {"v1": "confirmed"} and _signups(db, first) == {}
    # The pushed task answered, two offers are left unanswered: ask which.
    question = say(app, "v1", "确认")
    assert "理发进村" in question and "送饭上门" in question and "想参加哪个" in question
    assert "陪老人聊天" not in question
    picked = 1 if question.index("理发进村") < question.index("送饭上门") else 2
    assert "报名成功" in say(app, "v1", str(picked))
    assert _signups(db, first) == {"v1": "confirmed"} and _signups(db, second) == {}
    # One offer left unanswered: a bare "1" now takes it.
    assert "报名成功" in say(app, "v1", "1")
    assert _signups(db, second) == {"v1": "confirmed"}
    # "不去了" gives up the sign-up last talked about, not another one.
    assert "已经取消" in say(app, "v1", "我不去了")
    assert _signups(db, second) == {"v1": "cancelled"}
    assert _signups(db, first) == {"v1": "confirmed"} and _signups(db, third) == {"v1": "confirmed"}


def test_two_sign_ups_and_no_item_in_context_ask_which(app, db, area, router):
    add_volunteer(db, "v1")
    first = create_task(db, title="理发进村", starts_in=timedelta(days=2))
    second = create_task(db, title="送饭上门", starts_in=timedelta(days=4))
    router.always("unknown")
    assert "报名成功" in say(app, "v1", f"报名{first}")
    assert "报名成功" in say(app, "v1", f"报名{second}")
    with db.session() as s:  # the context is lost (e.g. older than it is kept)
        s.execute(delete(UserContext))
        s.commit()
    question = say(app, "v1", "我不去了")
    assert "哪个去不了" in question
    picked = 1 if question.index("理发进村") < question.index("送饭上门") else 2
    assert "已经取消" in say(app, "v1", str(picked))
    assert _signups(db, first) == {"v1": "cancelled"}


def test_cancel_by_number_only_for_ones_own_sign_up(app, db, area, router):
    add_volunteer(db, "v1")
    number = create_task(db)
    router.always("unknown")
    assert "报名成功" in say(app, "v1", f"报名{number}")
    assert "这个我还不太明白" in say(app, "v1", f"取消 {number + 50}")  # not ours: routed as usual
    assert "已经取消" in say(app, "v1", f"取消 {number}")
    assert "没有找到" in say(app, "v1", f"报名 {number + 50}")


def test_no_offer_leaves_a_bare_one_to_others(app, db, area, router):
    add_villager(db, "villager")
    router.always("unknown")
    assert "这个我还不太明白" in say(app, "villager", "1")
    assert "这个我还不太明白" in say(app, "villager", "不去了")


def test_cant_to_a_new_offer_never_gives_up_another_place(app, db, area, router):
    add_volunteer(db, "v1")
    taken = create_task(db, title="暖心食堂帮厨", starts_in=timedelta(days=2))
    router.always("unknown")
    assert "报名成功" in say(app, "v1", "1")
    offered = create_task(db, title="理发进村", starts_in=timedelta(days=3))  # pushed after the sign-up
    reply = say(app, "v1", "这个去不了")
    assert "理发进村" in reply and _signups(db, taken) == {"v1": "confirmed"} and _signups(db, offered) == {}
    # Naming the task taken gives that place up.
    assert "已经取消" in say(app, "v1", "帮厨那个去不了了")
    assert _signups(db, taken) == {"v1": "cancelled"}


def test_a_reason_told_before_the_cant_gives_the_named_place_up(app, db, area, router):
    add_volunteer(db, "v1")
    taken = create_task(db, title="暖心食堂帮厨", starts_in=timedelta(days=2))
    router.always("unknown")
    assert "报名成功" in say(app, "v1", "1")
    assert "已经取消" in say(app, "v1", "家里来亲戚了 帮厨那个去不成了")
    assert _signups(db, taken) == {"v1": "cancelled"}


def test_a_half_filled_registration_is_kept_through_an_idle_hour(app, db, area, router):
    from tests.kit.clock import FROZEN_AT as T0

    router.always("canteen")  # 俺会做饭 on its own would be a canteen question
    add_villager(db, "v1")
    router.set("俺想当志愿者", "volunteer")
    assert "1 做饭" in say(app, "v1", "俺想当志愿者", now=T0)
    reply = say(app, "v1", "俺会做饭", now=T0 + timedelta(minutes=45))
    assert "接着您刚才登记志愿者" in reply and "什么时候有空" in reply
    assert "登记好了" in say(app, "v1", "周末", now=T0 + timedelta(minutes=46))


@pytest.mark.parametrize("text", ["最近有啥志愿活动能参加", "想当志愿者都干啥", "志愿活动都有哪些", "有志愿活动吗"])
def test_asking_what_activities_there_are_is_no_wish_to_register_yet(text):
    assert asks_for_activities(text)


@pytest.mark.parametrize("text", ["俺想当志愿者 会做饭", "我想报名当志愿者", "当志愿者需要啥条件", "志愿者咋报名",
                                  "俺报名当志愿者行不", "俺想参加志愿活动行不"])
def test_wanting_to_join_is_no_question_about_the_activities(text):
    assert not asks_for_activities(text)
