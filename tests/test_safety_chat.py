"""Danger in chat: the number first, staff pushed at once, in any state (inside a form too)."""
from __future__ import annotations

import json
import logging
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from sqlalchemy import select

from bot import clock
from bot.models import OutboxMessage
from bot.models.outbox import URGENT_KINDS
from bot.safety import alerts
from bot.safety.detect import detect
from tests.kit.chat import converse
from tests.kit.safety import cases, flow_of
from tests.kit.factories import add_area, add_user, add_village

START = datetime(2026, 12, 7, 1, 0, tzinfo=timezone.utc)  # 09:00 Beijing, a Monday

# One message per kind of danger: (words, the number that must come first).
EVERY_KIND = [
    ("俺家着火了", "119"),
    ("屋里一股煤气味 俺娘叫不醒", "120"),
    ("俺娘晕倒了不省人事", "120"),
    ("俺爹胸口疼得厉害 喘不上气", "120"),
    ("老伴摔倒了起不来 头上流血", "120"),
    ("孩子把农药喝了", "120"),
    ("被蛇咬了 腿肿了", "120"),
    ("俺爹抽风了 口吐白沫", "120"),
    ("孩子摸插座被电着了", "120"),
    ("有人掉井里了", "110"),
    ("有人打架动刀子了", "110"),
    ("俺家小孩找不着了 一下午了", "110"),
    ("电线杆倒了 电线耷拉在路上", "95598"),
    ("房子裂了大缝 眼看要塌", "119"),
    ("河水漫上来了 院里都是水", "119"),
    ("活着没意思 不想活了", "12356"),
    ("俺娘摔了一跤 躺地上起不来", "120"),
    ("孩子吃果冻噎住了 喘不上气", "120"),
]

DATA = Path(__file__).parent / "data"


def own_sample(name: str, danger: bool, every: int) -> list[str]:
    """Every `every`-th danger (or look-alike) line of one of our own labelled sets."""
    lines = [json.loads(line) for line in (DATA / name).read_text(encoding="utf-8").splitlines() if line.strip()]
    return [r["text"] for r in lines if (r.get("intent") == "safety") == danger][::every]


OWN_DANGER = own_sample("safety-own-4.jsonl", True, 25) + own_sample("safety-own-5.jsonl", True, 25)
OWN_LOOK_ALIKES = own_sample("safety-own-4.jsonl", False, 40) + own_sample("safety-own-5.jsonl", False, 40)


def pushes(app, openid: str | None = None) -> list[OutboxMessage]:
    with app.extensions["db"].session() as s:
        query = select(OutboxMessage).order_by(OutboxMessage.id)
        if openid:
            query = query.where(OutboxMessage.openid == openid)
        return list(s.scalars(query))


@pytest.mark.parametrize("words, number", EVERY_KIND)
def test_every_kind_as_first_message_gives_the_number_first_and_alerts_the_secretary(app, county, words, number):
    with clock.frozen(START):
        reply = converse(app, "v1", words)
    first_line = reply.text.splitlines()[0]
    assert number in first_line and reply.action == "safety.alert"
    assert "好的" not in reply.text and "告诉" in reply.text
    alert = pushes(app, "s1")
    assert len(alert) == 1 and alert[0].kind in URGENT_KINDS
    text = alert[0].payload["text"]
    assert "李大爷" in text and "代村" in text and words in text
    assert alert[0].next_attempt_at < START  # ahead of everything else due
    [case] = cases(app)
    assert (case.kind, case.number, case.state, case.recipients) == (case.kind, number, "open", ["s1"])


@pytest.mark.parametrize("words, number", EVERY_KIND)
def test_every_kind_inside_an_errand_form_alerts_and_keeps_the_form(app, county, words, number):
    with clock.frozen(START):
        converse(app, "v1", "请党员帮我办个身份证")
        assert flow_of(app, "v1") == "errand"
        reply = converse(app, "v1", words)
    assert reply.text.splitlines()[0].count(number) and reply.action == "safety.alert"
    assert "先放着" in reply.text
    assert flow_of(app, "v1") == "errand"  # kept, to be taken up later
    assert [c.form for c in cases(app)] == ["errand"]


@pytest.mark.parametrize("words", OWN_DANGER)
def test_own_danger_lines_as_first_message_and_inside_a_form(app, county, words):
    number = detect(words).number
    with clock.frozen(START):
        first = converse(app, "v1", words)
        converse(app, "v2", "请党员帮我办个身份证")
        assert flow_of(app, "v2") == "errand"
        inside = converse(app, "v2", words)
    for reply in (first, inside):
        assert number in reply.text.splitlines()[0] and reply.action == "safety.alert"
    assert flow_of(app, "v2") == "errand"
    assert sorted(c.form for c in cases(app)) == ["", "errand"]
    assert len(pushes(app, "s1")) == 2  # v1 is of his area; v2 of 东关片区, which has no staff: the township


@pytest.mark.parametrize("words", OWN_LOOK_ALIKES)
def test_own_look_alikes_inside_a_form_raise_no_alarm(app, county, words):
    with clock.frozen(START):
        converse(app, "v1", "请党员帮我办个身份证")
        reply = converse(app, "v1", words)
    assert reply.action != "safety.alert"
    assert cases(app) == [] and pushes(app, "s1") == []


def test_the_alert_log_has_the_time_from_message_to_staff_push(app, county, db, caplog):
    from bot.models import User

    with clock.frozen(START), app.app_context(), db.session() as s:
        villager = s.scalars(select(User).where(User.openid == "v1")).one()
        with caplog.at_level(logging.INFO, logger="bot.safety"):
            case = alerts.raise_alert(s, villager, detect("俺家着火了"), "俺家着火了", START - timedelta(seconds=2))
    [line] = [r.getMessage() for r in caplog.records if r.getMessage().startswith("safety.alert")]
    assert f"case={case.id} kind=fire number=119" in line and line.endswith("message_to_push_ms=2000")


def test_danger_wins_over_cancel_words_and_despair_never_gets_ok(app, county):
    with clock.frozen(START):
        reply = converse(app, "v1", "活着没意思，不想活了")
    assert reply.text.startswith("请打12356") and "好的" not in reply.text


def test_despair_with_means_at_hand_adds_110_and_120(app, county):
    with clock.frozen(START):
        reply = converse(app, "v1", "我不想活了 药都准备好了")
    assert "12356" in reply.text.splitlines()[0] and "110" in reply.text and "120" in reply.text


def test_a_crash_with_someone_down_names_both_numbers(app, county):
    with clock.frozen(START):
        reply = converse(app, "v1", "路口撞车了 有人躺地上不动 有人拿刀砍人")
    assert reply.action == "safety.alert"
    assert "120" in reply.text and "110" in reply.text


@pytest.mark.parametrize("words", ["火车票咋买", "上火了吃点啥好", "俺不想去了", "不想约了", "今天心情不好",
                                   "晕车药哪里有卖的", "俺家的狗走丢了", "去年着火烧坏的房子能申请危房改造吗"])
def test_look_alikes_raise_no_alarm(app, county, words):
    with clock.frozen(START):
        reply = converse(app, "v1", words)
    assert reply.action != "safety.alert"
    assert cases(app) == [] and pushes(app, "s1") == []


def test_unregistered_villager_is_alerted_for_and_asked_where(app, county, db):
    with db.session() as s:
        add_user(s, "cty", None, [("cadre", None)], name="县值班")
    with clock.frozen(START):
        reply = converse(app, "stranger", "救命 俺家着火了")
        assert reply.text.startswith("请马上打119") and "哪个村" in reply.text
        assert [p.openid for p in pushes(app)] == ["cty"]
        where = converse(app, "stranger", "王庄 村西头第二家")
    assert "王庄" in where.text
    to_area = pushes(app, "s1")  # 王庄 is in 代村片区: its secretary is alerted now
    assert len(to_area) == 1 and "俺家着火了" in to_area[0].payload["text"]
    assert "王庄 村西头第二家" in to_area[0].payload["text"]
    assert any("村西头" in p.payload["text"] for p in pushes(app, "cty"))
    [case] = cases(app)
    assert case.area_id == county.areas["a"] and case.where_text == "王庄 村西头第二家"
    assert flow_of(app, "stranger") is None


def test_nobody_in_the_area_goes_to_the_township_then_the_county(app, db):
    with db.session() as s:
        quiet = add_area(s, "q1", "空片区", township="兰陵镇")
        busy = add_area(s, "q2", "邻片区", township="兰陵镇")
        village = add_village(s, quiet, "空村")
        add_user(s, "v9", village, name="孤老人")
        add_user(s, "s9", None, [("secretary", busy)], name="邻书记")
    with clock.frozen(START):
        reply = converse(app, "v9", "俺晕倒了 起不来")
    assert reply.action == "safety.alert"
    assert [p.openid for p in pushes(app)] == ["s9"]


def test_an_unregistered_villager_in_a_form_gets_the_form_back_after_saying_where(app, county, db):
    with db.session() as s:
        add_user(s, "cty", None, [("cadre", None)], name="县值班")
    with clock.frozen(START):
        converse(app, "newbie", "请党员帮我办个身份证")
        before = flow_of(app, "newbie")
        assert before is not None
        assert "哪个村" in converse(app, "newbie", "俺爹抽风了 口吐白沫").text
        assert flow_of(app, "newbie") == "safety"
        converse(app, "newbie", "东关 小卖部后面")
    assert flow_of(app, "newbie") == before  # the form is back where it was
    assert any("小卖部后面" in p.payload["text"] for p in pushes(app, "cty"))
