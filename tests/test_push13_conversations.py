"""Paraphrase robustness of the loops after a push and the staff's side (session 22's helper push13):
conversations that already passed in tests/data/colleague-blind-{29,32} and the after-push / staff ones
of -30, -31, -34, every message said again as another volunteer / cadre / party member / villager
would say it (typos, dialect, voice run-ons, a reason after a no), often another task, need, errand or
booking: tests/data/converse-para13b-N.jsonl (ids p13b-N-...). First sight, each batch before its own
fixes (batch N after the fixes of 1..N-1): 1: 15 of 21 (71.4%), 2: 16 of 21 (76.2%), 3: 16 of 21
(76.2%), 4: 16 of 20 (80.0%), 5: 14 of 19 (73.7%), 6: 18 of 20 (90.0%), 7: 13 of 20 (65.0%), 8: 20 of
20 (100.0%). One expectation mended in batch 6: a villager's 中中 明天一早俺就去 after the secretary's
answer may also go on to the secretary (human.forward). The causes, each tried in other words than the
batches, are in tests/test_push13_words.py and below.
"""
from __future__ import annotations

import pytest

from tests.kit.conversations import assert_passes, own_conversations

# Left open, with the reason (strict: a fix makes the test fail until it is taken off this list).
KNOWN_OPEN: dict[str, str] = {}
BATCHES = (1, 2, 3, 4, 5, 6, 7, 8)
PUSH13 = [pytest.param(spec, id=spec["id"], marks=[pytest.mark.xfail(strict=True, reason=KNOWN_OPEN[spec["id"]])]
                       if spec["id"] in KNOWN_OPEN else [])
          for n in BATCHES for spec in own_conversations(f"converse-para13b-{n}.jsonl")]


@pytest.mark.parametrize("spec", PUSH13)
def test_push13_conversation_passes(worlds, spec):
    assert_passes(worlds, spec)


def _task(title: str, at: str = "2026-12-09 09:00", needed: str = "2") -> dict:
    return {"run": ["task", "create", "--title", title, "--area", "bz-daicun", "--at", at, "--needed", needed, "--skills", "其他"]}


def _errand(who: str, matter_words: str, phone: str) -> list[dict]:
    return [{"as": who, "say": f"想请党员帮俺代办{matter_words} {phone}"}, {"as": who, "say": "对", "action": "errand.submit"}]


def _need(who: str, text: str) -> list[dict]:
    return [{"as": who, "say": text}, {"as": who, "say": "对", "action": "need.report"}]


def _booked() -> list[dict]:
    return [{"as": "villager", "say": "俺要约调解 跟东邻居为宅基地的事 后天上午"}, {"as": "villager", "say": "2"},
            {"as": "villager", "say": "13905391234", "action": "mediation.book"}]


OTHER_WORDS = [
    {"id": "someone-else-after-a-reason", "steps": [_task("村口扫雪"), {"as": "volunteer", "say": "中", "action": "volunteer.signup"},
        {"as": "volunteer", "say": "俺娘病了 得在家伺候 恁再找一个吧", "action": ["volunteer.withdraw", "clarify.ask"]}]},
    {"id": "haodi-to-two-tasks", "steps": [_task("村口扫雪"), _task("给五保老人理发", at="2026-12-10 09:00"),
        {"as": "volunteer", "say": "中哒", "action": ["volunteer.signup", "clarify.ask"], "reply_has": ["理发"]}]},
    {"id": "handed-on-news-naming-another-paper", "steps": _errand("villager", "社保卡", "13805390001") + [
        {"as": "party", "say": "接了", "action": "errand.accept"},
        {"as": "party", "say": "户口本和身份证复印件都交到镇上了 等着批", "action": "errand.progress", "push_to": {"villager": []}}]},
    {"id": "an-lai-then-houshang", "steps": _errand("villager", "高龄津贴", "13805390001") + [
        {"as": "party", "say": "高龄津贴那个俺来 晌午过去", "action": "errand.accept", "push_to": {"villager": []}}]},
    {"id": "knowing-then-taking", "steps": _errand("villager", "高龄津贴", "13805390001") + [
        {"as": "party", "say": "晓得了 这单俺管", "action": "errand.accept"}]},
    {"id": "early-on-the-day", "steps": _booked() + [
        {"as": "mediator", "say": "确认", "action": "mediation.confirm"},
        {"as": "villager", "say": "好嘞 到时候俺早些到", "action": "smalltalk.ack"}]},
    {"id": "whistle-names-the-crop", "steps": _need("villager", "俺家地里的花生叶子长了斑 不知道是啥毛病 想找技术员来看看 13805390003") + [
        {"run": ["needs", "whistle"], "push_to": {"rep": ["花生"]}}]},
    {"id": "progress-by-a-word-given", "steps": _need("villager", "村东头路灯坏了 黑灯瞎火 13805390003") + [{"run": ["needs", "whistle"]},
        {"as": "rep", "say": "报到", "action": "need.claim"},
        {"as": "rep", "say": "跟电工打过招呼了 后天来换灯泡", "action": "need.progress", "push_to": {"villager": []}}]},
    {"id": "road-smooth-is-a-rating", "steps": _need("villager", "村西头的路坑坑洼洼 骑车老颠 13805390003") + [{"run": ["needs", "whistle"]},
        {"as": "rep", "say": "报到", "action": "need.claim"}, {"as": "rep", "say": "坑都填平了", "action": "need.done"},
        {"as": "villager", "say": "路不颠了 恁们办事真中", "action": "need.rate"}]},
    {"id": "yesterdays-booking-confirmed", "steps": _booked() + [{"wait": "1d"},
        {"as": "mediator", "say": "夜儿个约的那个 中", "action": "mediation.confirm", "push_to": {"villager": []}}]},
    {"id": "yao-to-a-push", "steps": [_task("村口扫雪"), {"as": "volunteer", "voice": "幺", "action": "volunteer.signup", "reply_has": ["扫雪"]}]},
    {"id": "one-more-hand-waits", "steps": [_task("修屋顶", needed="1"), {"as": "volunteer2", "say": "中", "action": "volunteer.signup"},
        {"as": "volunteer", "say": "那俺也来个", "action": "volunteer.waitlist"}]},
    {"id": "taken-with-nei", "steps": _errand("villager", "高龄津贴", "13805390001") + [
        {"as": "party", "say": "接单嘞", "action": "errand.accept", "push_to": {"villager": []}}]},
    {"id": "undone-asked-as-not-closed", "steps": _errand("villager", "高龄津贴", "13805390001") + [
        {"as": "party", "say": "俺接", "action": "errand.accept"}, {"as": "party", "say": "俺还有几件没结的", "action": "work.show"}]},
    {"id": "planned-for-houshang", "steps": _need("villager", "村东头路灯坏了 黑灯瞎火 13805390003") + [{"run": ["needs", "whistle"]},
        {"as": "rep", "say": "报到", "action": "need.claim"},
        {"as": "rep", "say": "后晌叫电工来换灯泡", "action": "need.progress", "push_to": {"villager": []}}]},
    {"id": "see-you-at-the-room", "steps": _booked() + [
        {"as": "mediator", "say": "中 那天上午在调解室见", "action": "mediation.confirm", "push_to": {"villager": []}}]},
    {"id": "going-by-tricycle", "steps": [_task("村口扫雪"), {"as": "volunteer", "say": "俺骑三轮过去", "action": "volunteer.signup"}]},
    {"id": "in-line-if-full", "steps": [_task("修屋顶", needed="1"), {"as": "volunteer2", "say": "中", "action": "volunteer.signup"},
        {"as": "volunteer", "say": "人够了俺就候着吧", "action": "volunteer.waitlist"}]},
    {"id": "errand-kept-by-voice", "steps": _errand("villager", "高龄津贴", "13805390001") + [
        {"as": "party", "voice": "哎这个俺收下了啊", "action": "errand.accept", "push_to": {"villager": []}}]},
    {"id": "stand-in-asked", "steps": [_task("村口扫雪"), {"as": "volunteer", "say": "中", "action": "volunteer.signup"},
        {"as": "volunteer", "say": "那天得走亲戚 让别人顶上吧", "action": ["volunteer.withdraw", "clarify.ask"]}]},
    {"id": "able-to-do-the-second", "steps": [_task("村口扫雪"), _task("给五保老人理发", at="2026-12-10 09:00"),
        {"as": "volunteer", "say": "理发的俺会 扫雪俺不去", "action": ["volunteer.signup", "clarify.ask"], "reply_has": ["理发"]}]},
    {"id": "scorned-news", "steps": _need("villager", "村东头路灯坏了 黑灯瞎火 13805390003") + [{"run": ["needs", "whistle"]},
        {"as": "rep", "say": "报到", "action": "need.claim"}, {"as": "rep", "say": "修好了", "action": "need.done"},
        {"as": "villager", "say": "好啥好 还是黑的", "action": "need.rate"}]},
]


@pytest.mark.parametrize("spec", OTHER_WORDS, ids=lambda s: s["id"])
def test_each_cause_in_other_words(worlds, spec):
    assert_passes(worlds, spec)
