"""bot/forms.py and the dialog's form keeping (a day's idle, pause, park, resume) on both stores."""
from __future__ import annotations

import io
import json
import os
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from bot.dialog import DialogHandle
from bot.forms import is_confirm, looks_like_time, says_no_phone
from handlers.ratings import rating_in
from handlers.staff_words import ACCEPT, DECLINE, FINISH
from tests.test_dialog_store import _with_store, store_factory  # noqa: F401 (the fixture)

NOW = datetime(2026, 12, 7, 1, 0, tzinfo=timezone.utc)
FORMS = frozenset({"errand", "mediation", "need"})
OWN = Path(__file__).parent / "data" / "converse-forms.jsonl"


@pytest.mark.parametrize("text", ["对", "是", "行", "1", "确认", "就这样 提交吧", "好的", "对，就这样", "那就提交吧"])
def test_confirm_words(text):
    assert is_confirm(text)


@pytest.mark.parametrize("text", ["不对", "2", "不行", "老王家", "13812345678", "改一下"])
def test_not_confirm_words(text):
    assert not is_confirm(text)


def test_no_phone_and_time_words():
    assert all(says_no_phone(t) for t in ("俺没手机", "没有电话", "不留电话", "没有", "俺不会用手机"))
    assert not any(says_no_phone(t) for t in ("13812345678", "老王家", "明天上午"))
    assert all(looks_like_time(t) for t in ("明天上午", "周末都在家", "12号", "哪天都行", "三点以后"))
    assert not any(looks_like_time(t) for t in ("就用这个号", "老王家", "邻居张三"))


def test_ratings_in_words():
    assert rating_in("挺好的，谢谢党代表") is True and rating_in("还行") is True
    assert rating_in("不满意") is False and rating_in("路灯还是没修好") is False
    assert rating_in("低保咋办") is None and rating_in("你好吗？") is None
    assert rating_in("谢谢" * 20) is None  # a long message is a new matter


def test_staff_words():
    assert ACCEPT.search("好的我接了") and ACCEPT.search("接单") and ACCEPT.search("接单 3")
    declined = DECLINE.search("不接 3 俺明天去县里开会")
    assert declined and declined.group("no") == "3" and "开会" in declined.group("why")
    assert DECLINE.search("这个我去不了 这周在外地").group("no") is None
    assert FINISH.search("办好了") and FINISH.search("修好了") and not ACCEPT.search("接着")


def _handle(make, now, fn):
    return _with_store(make, lambda store: fn(DialogHandle(store, "u1", now, 600, forms=FORMS)))


def test_a_form_is_kept_a_day_and_marked_when_taken_up_again(store_factory):  # noqa: F811
    _handle(store_factory, NOW, lambda d: d.start("errand", "phone", matter="低保"))
    later = _handle(store_factory, NOW + timedelta(minutes=40), lambda d: (d.state.step, d.came_back))
    assert later == ("phone", True)
    soon = _handle(store_factory, NOW + timedelta(minutes=45), lambda d: (d.state.step, d.came_back))
    assert soon == ("phone", False)  # five minutes after the last message: not "back"
    gone = _handle(store_factory, NOW + timedelta(minutes=45, days=1, seconds=1), lambda d: d.state)
    assert gone is None


def test_a_menu_still_ends_after_ten_minutes(store_factory):  # noqa: F811
    _handle(store_factory, NOW, lambda d: d.start("menu", "pick"))
    assert _handle(store_factory, NOW + timedelta(minutes=11), lambda d: d.state) is None


def test_a_paused_form_rides_under_a_short_flow_and_comes_back(store_factory):  # noqa: F811
    def interrupt(d):
        d.start("mediation", "day", kind="邻里")
        d.pause()
        d.start("guide", "shown", guide="dibao")  # a look at a guide meanwhile
        return d.paused_form().flow, d.just_paused

    assert _handle(store_factory, NOW, interrupt) == ("mediation", True)

    def guide_done(d):
        d.finish()  # the guide's flow ends: the booking is back, still paused
        return d.state.flow, d.is_paused()

    assert _handle(store_factory, NOW + timedelta(minutes=1), guide_done) == ("mediation", True)

    def take_up(d):
        d.resume()
        return d.state.flow, d.state.step, d.is_paused(), d.slots.get("kind")

    assert _handle(store_factory, NOW + timedelta(minutes=2), take_up) == ("mediation", "day", False, "邻里")


def test_a_new_form_replaces_a_paused_one_and_cancel_drops_all(store_factory):  # noqa: F811
    def new_matter(d):
        d.start("errand", "phone")
        d.pause()
        d.start("need", "what")
        return d.paused_form()

    assert _handle(store_factory, NOW, new_matter) is None

    def cancel(d):
        d.start("errand", "phone")
        d.pause()
        d.start("menu", "pick")
        d.drop_all()
        return d.paused_form()

    assert _handle(store_factory, NOW, cancel) is None


@pytest.mark.skipif(os.environ.get("TEST_DATABASE_URL", "").startswith("postgresql"),
                    reason="the converse worlds are SQLite files of their own: run on the SQLite leg")
def test_own_form_conversations_pass():
    from bot.converse.cli import make_worlds, read_conversations
    from bot.converse.cli import evaluate

    with OWN.open(encoding="utf-8") as stream:
        specs = read_conversations(stream)
    worlds = make_worlds(read_conversations(io.StringIO('{"id": "x", "steps": []}\n')), "Asia/Shanghai")
    try:
        failed = [line for line in (evaluate(worlds, spec) for spec in specs) if not line["passed"]]
    finally:
        worlds.fake.close()
        worlds.cleanup()
    assert not failed, json.dumps(failed, ensure_ascii=False, indent=1)
