"""Stopping and restarting pushes in villagers' words (bot/push_wishes.py, handlers/push_changes.py):
the words read, and the next push of each kind respecting the choice."""
from __future__ import annotations

import pytest
from sqlalchemy import select

from bot.models import OutboxMessage
from bot.push_wishes import AFFAIRS, ALL, THEME, VOLUNTEER, Wish, read_wish
from bot.subscriptions import PUSH_KINDS, choices
from tests.kit.chat import converse
from tests.kit.factories import add_villager, add_volunteer, create_task, find_user

WORDS = [
    ("别给俺发村务了", Wish("stop", (AFFAIRS,))),
    ("村里那些公开的消息 不用推给俺了", Wish("stop", (AFFAIRS,))),
    ("那个村里发的那些消息就是别给俺发了", Wish("stop", (AFFAIRS,))),  # voice: fillers, no punctuation
    ("俺又想收村务了", Wish("start", (AFFAIRS,))),
    ("活动的就别发了", Wish("stop", (THEME,))),
    ("每月那个主题活动的推送俺不要了", Wish("stop", (THEME,))),
    ("活动的消息还是发给俺吧", Wish("start", (THEME,))),
    ("志愿活动先别通知我了", Wish("stop", (VOLUNTEER,))),
    ("志愿的任务又可以发给俺了", Wish("start", (VOLUNTEER,))),
    ("啥消息都别给俺推了 太吵", Wish("stop", ALL)),
    ("所有的推送都关掉", Wish("stop", ALL)),
    ("恢复推送", Wish("start", ())),
    ("又想收了", Wish("start", ())),
    ("这些推送俺都不想收了", Wish("stop", ())),  # which ones: push_settings asks
    ("村务公开的东西俺不想看了", Wish("stop", (AFFAIRS,))),
    ("志愿者的活儿别找俺了", Wish("stop", (VOLUNTEER,))),
    ("关闭所有通知", Wish("stop", ALL)),
    ("把村务的推送打开", Wish("start", (AFFAIRS,))),
]
NOT_ABOUT_PUSHES = ["再发一遍", "这个月活动发给我看看", "怎么退订", "我想当志愿者", "发烧了 浑身疼",
                    "俺不想去了", "不用了", "收到", "有活动发给我", "收费不", "打开手机", "俺不想看病了",
                    "这个通知我看不懂", "有活动叫我"]


@pytest.mark.parametrize("text, wish", WORDS)
def test_the_words_say_stop_or_start_and_which(text, wish):
    assert read_wish(text) == wish


@pytest.mark.parametrize("text", NOT_ABOUT_PUSHES)
def test_other_words_are_not_about_pushes(text):
    assert read_wish(text) is None


def _offered(db, number: int) -> set[str]:
    with db.session() as s:
        keys = s.scalars(select(OutboxMessage.business_key).where(
            OutboxMessage.business_key.startswith(f"task:{number}:offer:")))
        return {key.rsplit(":", 1)[1] for key in keys}


def test_a_volunteer_who_stops_task_offers_is_left_out_until_they_want_them_again(app, db, area, router):
    router.always("unknown")  # the words alone decide
    add_volunteer(db, "vol1")
    add_volunteer(db, "vol2")
    assert "不再给您推送志愿任务" in converse(app, "vol1", "最近腰不好 志愿活动先别通知我了").text
    assert _offered(db, create_task(db, title="贴春联")) == {"vol2"}
    again = converse(app, "vol1", "志愿任务又可以发给俺了")
    assert "志愿任务会推送给您" in again.text or "以后有志愿任务会推送给您" in again.text
    assert _offered(db, create_task(db, title="扫雪")) == {"vol1", "vol2"}


def test_everything_off_then_on_again_without_naming_a_kind(app, db, area, router):
    router.always("unknown")
    add_villager(db, "v1")
    assert converse(app, "v1", "啥消息都别给俺推了").action == "affairs.optout"
    with db.session() as s:
        assert not any(choices(s, find_user(s, "v1")).values())
    assert converse(app, "v1", "又想收了").action == "affairs.optin"
    with db.session() as s:
        assert all(choices(s, find_user(s, "v1"), PUSH_KINDS).values())


@pytest.mark.parametrize("words, stopped", [("议事日的通知别再发给俺了", ["议事日"]),
                                            ("以后村里开会的通知也别发了", ["议事日", "村情发布会"])])
def test_one_kind_of_notice_named_stops_only_that_kind(app, db, area, router, words, stopped):
    router.always("unknown")
    add_villager(db, "v1")
    assert converse(app, "v1", words).action == "affairs.optout"
    with db.session() as s:
        chosen = choices(s, find_user(s, "v1"))
    assert [k for k, on in chosen.items() if not on] == stopped
