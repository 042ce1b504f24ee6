"""A new follower's first messages arriving at once: one user row, every message answered.

Found by the scale test (bench/scale): two messages from a new openid handled at the same time
both tried to insert the user; on PostgreSQL the second failed with a unique violation and the
villager got the polite error instead of an answer.
"""
from __future__ import annotations

from sqlalchemy import func, select

from bot.models import User
from handlers import menu
from tests.kit.chat import say
from tests.kit.races import race


def test_first_messages_at_once_make_one_user_and_both_are_answered(app, db):
    replies = race([lambda: say(app, "o-brand-new", "你好") for _ in range(4)])
    assert replies == [menu.MENU_TEXT] * 4
    with db.session() as s:
        assert s.scalar(select(func.count()).select_from(User).where(User.openid == "o-brand-new")) == 1
