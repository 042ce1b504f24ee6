"""The causes found by set 44 (tests/data/colleague-blind-44/: the staff side and replies to pushes),
each fixed in general and tried here in other words than the set's:

- staff taking one of several items by naming it with 给俺吧 / 领了 / 接着 (handlers/staff_named.py,
  staff_patterns.ACCEPT); every item at once when the count names the items (两个单子) and a clause
  of when follows (handlers/staff_all.py); passing one on with 代不了 / 帮不了 (staff_patterns.DECLINE);
- news or done said of the item by the villager's name and its matter (王秀英的医疗救助办完了:
  staff_closing.after_the_name);
- a staff member's how-to after a greeting and who they are (handlers/work.py _INTRO, 能干啥);
  what is in one's hands without a word for work (看看俺手上还有啥);
- form confirmations in more words (嗯呐 就这么地, 发过去吧, 俺看没错, 就这样弄吧: bot/forms.py);
- a typed phone number beside a spoken digit (13800001111 一天都在: bot/nlu/phone.py);
- a representative giving a claimed need back (bot/needs/giving_back.py, 退回 N and in words);
- a party member's question to the villager and the answer back (bot/errands/questions.py);
- a volunteer naming two task numbers at once (1和2俺都报), asking for the pushed tasks again
  (刚才发的那几个活 再给俺列列);
- a question about the month's digest days later (露天电影 啥时候放: handlers/pushed_lately.py, themes).
"""
from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest
from sqlalchemy import select

from bot import needs
from bot.forms import is_confirm
from bot.models import Need, NeedEvent, OutboxMessage
from bot.nlu.phone import parse_mobile
from tests.kit.conversations import assert_passes
from tests.kit.outbox import keys_from
from tests.kit.worlds import user


# --- words ----------------------------------------------------------------------------------------

@pytest.mark.parametrize("text", ["嗯哪 就这么地吧", "中 给发过去吧", "我瞅着没毛病", "俺寻思行", "就这么整吧", "行 就这样搞"])
def test_more_ways_to_say_the_summary_is_right(text):
    assert is_confirm(text)


@pytest.mark.parametrize("text", ["俺看看", "我看不行", "我觉得不对", "这么地不行"])
def test_looks_and_doubts_are_no_yes(text):
    assert not is_confirm(text)


@pytest.mark.parametrize("text, number", [("电话13805390040 一整天都在家", "13805390040"),
                                          ("18653901234 两点以后打", "18653901234"),
                                          ("幺三八零五三九零零四零", "13805390040")])
def test_a_typed_number_beside_a_spoken_digit(text, number):
    assert parse_mobile(text) == number


# --- giving a need back, on the database ----------------------------------------------------------

T0 = datetime(2026, 12, 7, 1, 0, tzinfo=timezone.utc)
ROAD = "村口那条路坑坑洼洼，一下雨全是泥，车都过不去"


@pytest.mark.county("needs")
def test_a_need_given_back_waits_for_the_others_and_can_be_taken_again(db, county):
    with db.session() as s:
        number = needs.report_need(s, user(s, county, "v1"), ROAD, now=T0).number
        needs.whistle_round(s, T0)
        assert needs.claim(s, number, user(s, county, "build1"), T0).ok
        assert needs.give_back(s, number, user(s, county, "build2"), "", T0).reason == "not_yours"
        outcome = needs.give_back(s, number, user(s, county, "build1"), "这阵子住院", T0 + timedelta(hours=1))
        assert outcome.ok and outcome.reason == "given_back"
        need = s.get(Need, number)
        assert (need.state, need.claimed_by) == ("alerted", None)
        assert [n.number for n in needs.claimable_for(s, user(s, county, "build1"))] == []  # not shown to the giver
        assert number in [n.number for n in needs.claimable_for(s, user(s, county, "build2"))]
        assert s.scalar(select(NeedEvent.note).where(NeedEvent.kind == "given_back")) == "这阵子住院"
    # a new round: the others are whistled again (the giver is not), the villager is told
    again = [k for k in keys_from(db, f"need:{number}:whistle:r") if k.endswith((":build2", ":build_lead", ":build1"))]
    assert {k.rsplit(":", 1)[1] for k in again} == {"build2", "build_lead"}
    assert len(keys_from(db, f"need:{number}:given_back:")) == 1
    with db.session() as s:
        assert needs.claim(s, number, user(s, county, "build2"), T0 + timedelta(hours=2)).ok
        claimed = s.scalars(select(OutboxMessage).where(OutboxMessage.business_key.like(f"need:{number}:claimed%"))).all()
        assert len(claimed) == 2  # the villager hears of the second claim too
        assert needs.close(s, number, user(s, county, "build2"), "修好了", T0 + timedelta(hours=3)).ok
        assert needs.give_back(s, number, user(s, county, "build2"), "", T0).reason == "closed_already"


@pytest.mark.county("needs")
def test_the_whistle_rounds_skip_whoever_gave_the_need_back(db, county):
    with db.session() as s:
        number = needs.report_need(s, user(s, county, "v1"), ROAD, now=T0).number
        needs.whistle_round(s, T0)
        assert needs.claim(s, number, user(s, county, "build1"), T0).ok
        assert needs.give_back(s, number, user(s, county, "build1"), "", T0 + timedelta(hours=1)).ok
    before = set(keys_from(db, f"need:{number}:whistle:"))
    for hours in (6, 12):  # rounds after the gap whistle the unclaimed need again
        with db.session() as s:
            needs.whistle_round(s, T0 + timedelta(hours=hours))
    again = {key.rsplit(":", 1)[1] for key in set(keys_from(db, f"need:{number}:whistle:")) - before}
    assert "build2" in again and "build1" not in again


# --- conversations -------------------------------------------------------------------------------

def _errand(who: str, words: str, phone: str) -> list[dict]:
    return [{"as": who, "say": f"想请党员帮俺代办{words} {phone}"}, {"as": who, "say": "对", "action": "errand.submit"}]


def _need(who: str, text: str) -> list[dict]:
    return [{"as": who, "say": text}, {"as": who, "say": "对", "action": "need.report"}]


def _two_errands() -> list[dict]:
    return _errand("villager", "高龄津贴", "13805390001") + _errand("villager2", "低保", "13805390002")


def _task(title: str, at: str) -> dict:
    return {"run": ["task", "create", "--title", title, "--area", "bz-daicun", "--at", at, "--needed", "3", "--skills", "其他"]}


CONVERSATIONS = [
    # naming one of two with 给俺 / 领 / 接着
    {"id": "named-handed-to-me", "steps": _two_errands() + [
        {"as": "party", "say": "低保那个交给俺吧 明天就去", "action": "errand.accept", "push_to": {"villager2": []}, "no_push_to": ["villager"]}]},
    {"id": "named-taken-with-ling", "steps": _two_errands() + [
        {"as": "party", "say": "高龄津贴的单子我领下了", "action": "errand.accept", "push_to": {"villager": []}, "no_push_to": ["villager2"]},
        {"as": "party", "say": "低保那个也接着吧", "action": "errand.accept", "push_to": {"villager2": []}}]},
    # all at once, the items counted by their noun, a clause of when after
    {"id": "all-items-by-noun", "steps": _two_errands() + [
        {"as": "party", "say": "俩活儿俺都接了 后天一块跑", "action": "errand.accept", "push_to": {"villager": [], "villager2": []}}]},
    {"id": "all-things-by-noun", "steps": _two_errands() + [
        {"as": "party", "say": "这两件事俺全接了，明天一趟办完", "action": "errand.accept", "push_to": {"villager": [], "villager2": []}}]},
    {"id": "all-needs-by-noun", "steps": _need("villager", "村西头路灯坏了好几天了 13805390003") + _need("villager2", "俺们胡同的下水道堵了 13805390004") + [
        {"run": ["needs", "whistle"]},
        {"as": "rep", "say": "俩问题都归俺了 下午去看", "action": "need.claim", "push_to": {"villager": [], "villager2": []}}]},
    # passing one on with 帮不了 / 代办不了
    {"id": "decline-cannot-help", "steps": _two_errands() + [
        {"as": "party", "say": "高龄津贴那个俺帮不了 得老人本人去认证", "action": "errand.decline", "no_push_to": ["villager2"]}]},
    {"id": "decline-cannot-run-for", "steps": _two_errands() + [
        {"as": "party", "say": "低保那个俺代办不了 家里有事走不开", "action": "errand.decline", "no_push_to": ["villager"]}]},
    # news and done by the villager's name and the matter
    {"id": "done-by-name-and-matter", "steps": _two_errands() + [
        {"as": "party", "say": "两个都接了", "action": "errand.accept"},
        {"as": "party", "say": "李建国的低保弄好了", "action": "errand.done", "push_to": {"villager2": []}, "no_push_to": ["villager"]}]},
    {"id": "finished-by-name-and-matter", "steps": _two_errands() + [
        {"as": "party", "say": "两个都接了", "action": "errand.accept"},
        {"as": "party", "say": "王秀英家高龄津贴的事办妥了", "action": "errand.done", "push_to": {"villager": []}, "no_push_to": ["villager2"]}]},
    # how-to after a greeting and who is speaking; one's hands
    {"id": "help-after-intro-rep", "steps": [
        {"as": "rep", "say": "你好 我是党代表 这个号上我能干啥", "action": "help.show", "reply_has": ["报到"]}]},
    {"id": "help-after-intro-party", "steps": [
        {"as": "party", "voice": "喂 俺是代办员 群众找俺办事俺咋接单", "action": "help.show", "reply_has": ["接单"]}]},
    {"id": "what-is-in-my-hands", "steps": _errand("villager", "高龄津贴", "13805390001") + [
        {"as": "party", "say": "接了", "action": "errand.accept"},
        {"as": "party", "say": "俺手里还剩几个", "action": "work.show", "reply_has": ["高龄津贴"]}]},
    # confirm words of the need and the booking
    {"id": "need-confirm-zheme-di", "steps": [
        {"as": "villager", "say": "村西头路灯坏了好几天了 黑灯瞎火 13805390003"},
        {"as": "villager", "say": "嗯哪 就这么地吧", "action": "need.report"}]},
    {"id": "need-confirm-send-over", "steps": [
        {"as": "villager", "say": "俺们胡同的下水道堵了 一股味 13805390004"},
        {"as": "villager", "say": "我瞅着没毛病 给发出去吧", "action": "need.report"}]},
    {"id": "booking-settled-zheme-zheng", "steps": [
        {"as": "villager", "say": "俺跟前邻为排水沟的事吵起来了 想找调解员说和说和 后天上午"},
        {"as": "villager", "say": "行 就这么整吧", "action": "mediation.book"}]},
    # a phone beside a spoken digit while the matter is confirmed
    {"id": "phone-beside-yi-tian", "steps": [
        {"as": "villager", "say": "想请党员帮俺办高龄津贴"},
        {"as": "villager", "say": "手机13805390040 一整天都在家", "action": "errand.ask", "reply_has": ["13805390040"]}]},
    # giving a need back
    {"id": "give-back-one-in-hand", "steps": _need("villager", "村西头路灯坏了好几天了 13805390003") + [
        {"run": ["needs", "whistle"]}, {"as": "rep", "say": "报到", "action": "need.claim"},
        {"as": "rep", "say": "这个俺这阵子顾不上 退回组里吧", "push_to": {"villager": ["重新"]}},
        {"as": "rep", "say": "我手上还有啥", "action": "work.show", "reply_lacks": ["路灯"]}]},
    {"id": "give-back-by-number", "steps": _need("villager", "村西头路灯坏了好几天了 13805390003") + [
        {"run": ["needs", "whistle"]}, {"as": "rep", "say": "报到 1", "action": "need.claim"},
        {"as": "rep", "say": "退回 1 俺住院了", "push_to": {"villager": [], "secretary": []}},
        {"as": "rep", "say": "报到 1", "action": "need.claim", "push_to": {"villager": []}}]},
    # a question to the villager and the answer back
    {"id": "ask-villager-grandpa", "steps": _errand("villager", "高龄津贴", "13805390001") + [
        {"as": "party", "say": "接了", "action": "errand.accept"},
        {"as": "party", "say": "帮俺问问大爷 户口本在家不", "action": "errand.progress", "push_to": {"villager": ["户口本"]}},
        {"as": "villager", "say": "在家 放柜子里了", "action": "human.forward", "push_to": {"party": ["柜子"]}}]},
    {"id": "ask-villager-by-name", "steps": _errand("villager2", "低保", "13805390002") + [
        {"as": "party", "say": "接了", "action": "errand.accept"},
        {"as": "party", "say": "你问问李建国 身份证复印件有没有", "action": "errand.progress", "push_to": {"villager2": ["复印件"]}},
        {"wait": "1d"},
        {"as": "villager2", "say": "复印了两张", "action": "human.forward", "push_to": {"party": ["两张"]}}]},
    # two task numbers at once; the pushed tasks again
    {"id": "two-numbers-with-dun", "steps": [_task("敬老院包饺子", "2026-12-09 09:00"), _task("给五保户扫院子", "2026-12-10 09:00"),
        {"as": "volunteer", "say": "1、2都报名", "action": "volunteer.signup", "reply_has": ["饺子", "扫院子"]}]},
    {"id": "two-numbers-with-gen", "steps": [_task("敬老院包饺子", "2026-12-09 09:00"), _task("给五保户扫院子", "2026-12-10 09:00"),
        _task("陪老人拉呱", "2026-12-11 09:00"),
        {"as": "volunteer", "say": "1跟3俺都去", "action": "volunteer.signup", "reply_has": ["饺子", "拉呱"], "reply_lacks": ["扫院子"]}]},
    {"id": "pushed-tasks-again", "steps": [_task("敬老院包饺子", "2026-12-09 09:00"), _task("给五保户扫院子", "2026-12-10 09:00"),
        {"as": "volunteer", "say": "刚推的那几个活动 给俺念念", "action": "volunteer.list", "reply_has": ["饺子", "扫院子"]}]},
    {"id": "sent-tasks-again", "steps": [_task("敬老院包饺子", "2026-12-09 09:00"), _task("给五保户扫院子", "2026-12-10 09:00"),
        {"as": "volunteer", "say": "昨天派的那些任务 再给我看看", "action": "volunteer.list", "reply_has": ["饺子"]}]},
    # the month's digest asked about days later
    {"id": "digest-asked-five-days-later", "now": "2027-07-01 08:50", "steps": [
        {"wait": "20m"}, {"wait": "5d"},
        {"as": "villager", "say": "前些天推的 两癌筛查 啥时候有", "action": "theme.show", "reply_has": ["两癌筛查"]}]},
    {"id": "digest-asked-when-shown", "now": "2027-07-01 08:50", "steps": [
        {"wait": "20m"}, {"wait": "2d"},
        {"as": "villager", "say": "那个放科普短片的 俺村啥时候放", "action": "theme.show", "reply_has": ["露天电影"]}]},  # the group's theme; only its first activity is listed
]


@pytest.mark.parametrize("spec", CONVERSATIONS, ids=[c["id"] for c in CONVERSATIONS])
def test_push44_cause_in_other_words(worlds, spec):
    assert_passes(worlds, spec)


# --- a question to the villager and the answer back, on the database -----------------------------

def test_a_question_to_the_villager_is_answered_once_within_two_days(db, county):
    from bot import errands
    from bot.errands.questions import answer_question, ask_villager, open_question
    from bot.models import Errand, User

    with db.session() as s:
        villager = s.get(User, county.users["v1"])
        number = errands.create_errand(s, villager, matter="低保办理", phone="13812345678", now=T0).number
        member = s.get(User, s.get(Errand, number).assignee_id)
        assert ask_villager(s, number, member, "户口本在家不", T0).reason == "not_yours"  # offered, not taken yet
        assert errands.accept(s, number, member, T0).ok
        assert ask_villager(s, number, member, "  ", T0).reason == "empty_note"
        assert ask_villager(s, number, member, "户口本在家不", T0 + timedelta(hours=1)).ok
        assert open_question(s, villager, T0 + timedelta(days=3)) is None  # too late to be its answer
        errand, question = open_question(s, villager, T0 + timedelta(hours=2))
        assert (errand.number, question.note) == (number, "户口本在家不")
        assert answer_question(s, errand, villager, "在 放柜子里了", T0 + timedelta(hours=2))
        assert open_question(s, villager, T0 + timedelta(hours=3)) is None  # answered: the next words are new
        member_openid = member.openid
    asked, answered = keys_from(db, f"errand:{number}:asked:"), keys_from(db, f"errand:{number}:answered:")
    assert len(asked) == 1 and len(answered) == 1
    with db.session() as s:
        to = dict(s.execute(select(OutboxMessage.business_key, OutboxMessage.openid)).all())
        assert to[asked[0]] == s.get(User, county.users["v1"]).openid and to[answered[0]] == member_openid
