"""Paraphrase robustness of the loops after a push (session 21's helper push12): the colleague push-loop
sets that already passed (tests/data/colleague-blind-{22,18,15,14}) written again, every message a
person types re-worded as another person would say it (dialect, voice run-ons, typos, chatter), the
scenario, roles and expectations kept: tests/data/converse-para12b-1..6.jsonl (ids p12b-N-...).
Batches 1 to 4 were written before reading the handlers. First sight (each batch before its own fixes):
batch 1 15 of 22 (68.2%), 2 19 of 22 (86.4%), 3 14 of 22 (63.6%), 4 18 of 22 (81.8%) (all four on main
55d2716); batch 5 17 of 22 (77.3%, after the fixes of 1-4), batch 6 19 of 22 (86.4%, after 1-5), batch 7
(set 13) 17 of 22 (77.3%, after 1-6; 21 after, one left open). Four expectations mended because the rewording moved the words they quoted (a whistle push shows the need's
first or summary words; a secretary's answer said 礼拜四, not 周四). The causes, each tried in other words
than the batches, are in tests/test_push12_words.py and below.
"""
from __future__ import annotations

import pytest

from tests.kit.conversations import assert_passes, own_conversations

# Left open, with the reason (strict: a fix makes the test fail until it is taken off this list).
KNOWN_OPEN: dict[str, str] = {
    "p12b-7-need-done-typo-rate": "排水沟堵了 一下雨水就灌进院子 (whenever it rains) is read as a flood now (safety alert, "
                                  "119); the habitual 一下雨…就 weighing against the danger words is the danger-word work's",
}
PUSH12 = [pytest.param(spec, id=spec["id"], marks=[pytest.mark.xfail(strict=True, reason=KNOWN_OPEN[spec["id"]])]
                       if spec["id"] in KNOWN_OPEN else [])
          for n in (1, 2, 3, 4, 5, 6, 7) for spec in own_conversations(f"converse-para12b-{n}.jsonl")]


@pytest.mark.parametrize("spec", PUSH12)
def test_push12_conversation_passes(worlds, spec):
    assert_passes(worlds, spec)


def _task(title: str, at: str = "2026-12-09 09:00", needed: str = "2") -> dict:
    return {"run": ["task", "create", "--title", title, "--area", "bz-daicun", "--at", at, "--needed", needed, "--skills", "其他"]}


def _errand(who: str, matter_words: str, phone: str) -> list[dict]:
    return [{"as": who, "say": f"想请党员帮俺代办{matter_words} {phone}"}, {"as": who, "say": "对", "action": "errand.submit"}]


def _booked(offer: str) -> list[dict]:
    return [{"as": "villager", "say": "俺要约调解 跟东邻居为宅基地的事 后天上午"}, {"as": "villager", "say": "2"},
            {"as": "villager", "say": "13905391234", "action": "mediation.book"},
            {"as": "mediator", "say": offer, "action": "mediation.propose"}]


def _need(who: str, text: str) -> list[dict]:
    return [{"as": who, "say": text}, {"as": who, "say": "对", "action": "need.report"}]


OTHER_WORDS = [
    {"id": "reply-typed-with-its-verb", "steps": [_task("村口扫雪"), {"as": "volunteer", "say": "回个1", "action": "volunteer.signup"}]},
    {"id": "not-joining-this-time", "steps": [_task("村口扫雪"),
        {"as": "volunteer", "say": "这趟俺就不凑了 下次吧", "action": ["smalltalk.ack", "clarify.ask"], "reply_lacks": ["还不太明白"]}]},
    {"id": "leave-the-list-in-words", "steps": [_task("村口扫雪"), {"as": "volunteer", "say": "中", "action": "volunteer.signup"},
        {"as": "volunteer", "say": "扫雪那个俺想退 家里有事", "action": "volunteer.withdraw"}]},
    {"id": "wait-for-a-place", "steps": [_task("修屋顶", needed="1"), {"as": "volunteer2", "say": "中", "action": "volunteer.signup"},
        {"as": "volunteer", "say": "俺也能去 满了俺就候着", "action": "volunteer.waitlist"}]},
    {"id": "handed-to-me", "steps": _errand("villager", "高龄津贴", "13805390001") + [
        {"as": "party", "say": "交给俺吧", "action": "errand.accept", "push_to": {"villager": []}}]},
    {"id": "take-then-ok", "steps": _errand("villager", "高龄津贴", "13805390001") + [
        {"as": "party", "say": "这事俺去 没问题", "action": "errand.accept"}]},
    {"id": "pick-by-family-name", "steps": _errand("villager", "高龄津贴", "13805390001") + _errand("villager2", "社保卡", "13805390002") + [
        {"as": "party", "say": "李建国家的俺来办", "action": "errand.accept", "push_to": {"villager2": []}, "no_push_to": ["villager"]}]},
    {"id": "own-work-kept-waiting", "steps": _errand("villager", "高龄津贴", "13805390001") + [
        {"as": "party", "say": "俺还挂着几个没弄的 给俺念念", "action": "work.show"}]},
    {"id": "offer-taken-by-coming", "steps": _booked("改到礼拜四下午三点") + [
        {"as": "villager", "say": "礼拜四那会儿俺一定到", "action": "mediation.move"}]},
    {"id": "offer-taken-in-a-clause", "steps": _booked("改到礼拜四下午三点") + [
        {"as": "villager", "say": "礼拜四下午 行 俺过去", "action": "mediation.move"}]},
    {"id": "news-told-with-zhe-ne", "steps": _need("villager", "村东头路灯坏了 黑灯瞎火 13805390003") + [{"run": ["needs", "whistle"]},
        {"as": "rep", "say": "报到", "action": "need.claim"},
        {"as": "rep", "say": "供电所的师傅在换着呢", "action": "need.progress", "push_to": {"villager": []}}]},
    {"id": "news-a-call-made", "steps": _need("villager", "村东头路灯坏了 黑灯瞎火 13805390003") + [{"run": ["needs", "whistle"]},
        {"as": "rep", "say": "报到", "action": "need.claim"},
        {"as": "rep", "say": "跟供电所通了电话 下礼拜三来人", "action": "need.progress", "push_to": {"villager": []}}]},
    {"id": "able-to-do-the-work", "steps": [_task("村口扫雪"), _task("给五保老人理发", at="2026-12-10 09:00"),
        {"as": "volunteer", "say": "扫雪的俺会干 理发的就不去了", "action": "volunteer.signup", "reply_has": ["扫雪"],
         "reply_lacks": ["报名成功！给五保老人理发"]}]},
    {"id": "own-work-left-behind", "steps": _errand("villager", "高龄津贴", "13805390001") + [
        {"as": "party", "say": "俺接", "action": "errand.accept"}, {"as": "party", "say": "俺还落下几件没办完", "action": "work.show"}]},
    {"id": "mediator-asks-what-waits", "steps": [
        {"as": "villager", "say": "俺要约调解 跟东邻居为宅基地的事 后天上午"}, {"as": "villager", "say": "2"},
        {"as": "villager", "say": "13905391234", "action": "mediation.book"},
        {"as": "mediator", "say": "还有要俺去确认的没有", "action": "work.show", "no_push_to": ["villager"]}]},
    {"id": "confirm-in-pieces", "steps": [
        {"as": "villager", "say": "俺要约调解 跟东邻居为宅基地的事 后天上午"}, {"as": "villager", "say": "2"},
        {"as": "villager", "say": "13905391234", "action": "mediation.book"},
        {"as": "mediator", "say": "中 定了 让她过来吧", "action": "mediation.confirm", "push_to": {"villager": []}}]},
]


@pytest.mark.parametrize("spec", OTHER_WORDS, ids=lambda s: s["id"])
def test_each_cause_in_other_words(worlds, spec):
    assert_passes(worlds, spec)
