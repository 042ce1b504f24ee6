"""bot/context.py: each user's recent items; pushes remembered by the outbox; the word readers."""
from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from bot import clock, context
from bot.outbox import enqueue
from handlers.answer_words import says_cant, says_yes
from handlers.guide_parts import asked_part
from handlers.smalltalk import smalltalk_kinds

T0 = datetime(2026, 12, 7, 1, 0, tzinfo=timezone.utc)


@pytest.fixture
def session(app):
    db = app.extensions["db"]
    with app.app_context(), db.session() as s:
        yield s
        s.rollback()


def test_newest_first_moved_up_and_trimmed(session):
    with clock.frozen(T0) as frozen:
        for number in range(1, context.MAX_ITEMS + 3):
            context.remember(session, "u1", "task", number, via="push")
            frozen.advance(minutes=1)
        context.remember(session, "u1", "task", 4)  # looked at again: first, not twice
        items = context.recent(session, "u1")
    assert [i.ref for i in items][:3] == ["4", str(context.MAX_ITEMS + 2), str(context.MAX_ITEMS + 1)]
    assert len(items) == context.MAX_ITEMS and [i.ref for i in items].count("4") == 1
    assert items[0].via == "shown" and items[1].via == "push"



def test_the_same_guide_shown_again_within_a_minute_is_not_written_again(session):
    """Issue 17: a guide's follow-ups (1, 2, 要带啥) each showed it again: one upsert a message."""
    written: list[str] = []
    run_in = context._REMEMBER.run_in

    def counted(s, values):
        written.append(values["items"][0]["ref"])
        run_in(s, values)

    context._REMEMBER.run_in = counted
    try:
        with clock.frozen(T0) as frozen:
            context.remember(session, "u9", "guide", "dibao")
            frozen.advance(seconds=30)
            context.remember(session, "u9", "guide", "dibao")  # kept as it is
            frozen.advance(seconds=30)
            context.remember(session, "u9", "guide", "dibao")  # a minute on: written
            context.remember(session, "u9", "guide", "yibao")  # another guide: written
            context.remember(session, "u9", "guide", "dibao")  # back to the first: written (moved up)
            context.remember(session, "u9", "task", 3, via="push")
            context.remember(session, "u9", "task", 3, via="push")  # a push: always written
    finally:
        context._REMEMBER.run_in = run_in
    assert written == ["dibao", "dibao", "yibao", "dibao", "3", "3"]
    items = context.recent(session, "u9", now=T0 + timedelta(minutes=1))
    assert [(i.ref, i.via) for i in items] == [("3", "push"), ("dibao", "shown"), ("yibao", "shown")]

def test_kinds_age_and_forget(session):
    with clock.frozen(T0) as frozen:
        context.remember(session, "u2", "guide", "dibao")
        context.remember(session, "u2", "errand", 7, via="push")
        assert context.latest(session, "u2", kinds=("guide",)).ref == "dibao"
        assert context.topic(session, "u2").kind == "errand"
        context.forget(session, "u2", "errand", 7)
        assert context.topic(session, "u2").ref == "dibao"
        frozen.advance(context.KEEP + timedelta(minutes=1))
        assert context.topic(session, "u2") is None  # too old to be what a short answer means
    with pytest.raises(ValueError):
        context.remember(session, "u2", "weather", "x")


def test_a_push_about_an_item_is_remembered_for_its_receiver(session):
    with clock.frozen(T0):
        assert enqueue(session, "task:12:offer:u3", "u3", "task", "活动：帮厨")
        assert enqueue(session, "mediation:5:v1:confirmed:u3", "u3", "mediation", "已确认")
        assert enqueue(session, "reply:99", "u3", "reply", "不是哪件事的推送")
        assert not enqueue(session, "task:12:offer:u3", "u3", "task", "活动：帮厨")  # a re-run
        items = context.recent(session, "u3")
    assert [(i.kind, i.ref, i.via) for i in items] == [("booking", "5", "push"), ("task", "12", "push")]


def test_another_matter_ends_the_topic_small_talk_does_not(session):
    with clock.frozen(T0):
        context.remember(session, "u4", "guide", "dibao")
        context.note_action(session, "u4", "smalltalk.ack")
        context.note_action(session, "u4", "guide.materials")
        assert context.topic(session, "u4").kind == "guide"
        context.note_action(session, "u4", "canteen.show")
        context.note_action(session, "u4", "canteen.show")  # not twice
        assert [(i.kind, i.ref) for i in context.recent(session, "u4")] == [("matter", "canteen"), ("guide", "dibao")]


def test_pushed_since_a_flows_last_question(session):
    with clock.frozen(T0) as frozen:
        asked_at = clock.now()
        frozen.advance(minutes=2)
        assert context.pushed_since(session, "u5", asked_at) is None
        enqueue(session, "task:3:offer:u5", "u5", "task", "活动")
        assert context.pushed_since(session, "u5", asked_at).ref == "3"
        assert context.pushed_since(session, "u5", clock.now()) is None


@pytest.mark.parametrize("text, part", [
    ("要带啥", "materials"), ("需要准备些啥", "materials"), ("电话多少", "phone"), ("去哪个窗口", "where"),
    ("要钱不", "cost"), ("收费吗", "cost"), ("多长时间能办好", "time"), ("几天能批下来", "time"),
    ("俺娘八十一了够不够条件", "who"), ("俺爹九十了能不能领", "who"), ("流程是啥", "steps"),
    ("能领多少钱", None), ("低保咋办", None), ("今天下雨了", None),
])
def test_asked_part(text, part):
    assert asked_part(text) == part


def test_a_general_how_asks_the_steps_only_after_the_first_screen():
    assert asked_part("咋办理") is None and asked_part("咋办理", followup=True) == "steps"


@pytest.mark.parametrize("text, kinds", [
    ("谢谢", {"thanks"}), ("好的，谢谢", {"ok", "thanks"}), ("嗯嗯", {"ok"}), ("您好", {"greeting"}),
    ("你是谁", {"who"}), ("谢谢党代表", {"thanks"}), ("你吃饭了吗", {"greeting"}),
    ("谢谢你帮我办低保", set()), ("好的我明天去", set()), ("1", set()),
    ("确认", {"ok"}), ("那就这么办吧", {"ok"}), ("确认取消", set()),
])
def test_smalltalk_kinds(text, kinds):
    assert smalltalk_kinds(text) == kinds


@pytest.mark.parametrize("text, yes, cant", [
    ("1", True, False), ("行，俺去", True, False), ("报名", True, False), ("好的我参加", True, False),
    ("俺那天去不了了", False, True), ("临时有事去不成了", False, True), ("不去了", False, True),
    ("我有事", False, False), ("我去不了镇上，想请人代办", False, False), ("2", False, False),
])
def test_yes_and_cant_come(text, yes, cant):
    assert (says_yes(text), says_cant(text)) == (yes, cant)


def test_the_items_are_parsed_once_per_stored_list_and_follow_each_write(session, monkeypatch):
    """Issue 17: topic / latest / recent, asked two or three times a message, parse the entries once."""
    parsed: list[int] = []
    items = context._items
    monkeypatch.setattr(context, "_items", lambda entries: parsed.append(len(entries or [])) or items(entries))
    with clock.frozen(T0) as frozen:
        context.remember(session, "u7", "guide", "dibao")
        context.remember(session, "u8", "task", 3, via="push")
        frozen.advance(minutes=2)
        parsed.clear()
        for _ in range(3):
            assert context.topic(session, "u7").ref == "dibao"
            assert context.latest(session, "u7", kinds=("guide",)).ref == "dibao"
        assert parsed == [1]  # one list, read six times
        assert context.topic(session, "u8").ref == "3"  # another user's items, not the kept ones
        assert context.topic(session, "u7").ref == "dibao"
        context.remember(session, "u7", "errand", 9, via="push")
        assert [(i.kind, i.ref) for i in context.recent(session, "u7")] == [("errand", "9"), ("guide", "dibao")]
        context.forget(session, "u7", "errand", 9)
        assert [(i.kind, i.ref) for i in context.recent(session, "u7")] == [("guide", "dibao")]


def test_the_parsed_items_do_not_outlive_the_transaction(app):
    db = app.extensions["db"]
    with app.app_context(), clock.frozen(T0), db.session() as kept:
        context.remember(kept, "u10", "guide", "dibao")
        assert context.topic(kept, "u10").ref == "dibao"
        kept.commit()  # the same session's next transaction reads the row again
        with db.session() as other:
            context.remember(other, "u10", "need", 4, via="push")
        assert [(i.kind, i.ref) for i in context.recent(kept, "u10")] == [("need", "4"), ("guide", "dibao")]
