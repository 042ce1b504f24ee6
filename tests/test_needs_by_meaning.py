"""The need form fills by meaning at the urgency question (issue 13): 很急 and a phone in one
answer are both kept, 俺没手机 is kept and the urgency still asked; on both databases."""
import re

import pytest

from bot.models import Need
from tests.kit.chat import say
from tests.kit.clock import FROZEN_AT as T0

pytestmark = pytest.mark.county("needs")


@pytest.fixture
def route(router):
    router.set("俺村停水三天了，吃水都难", "need", score=0.9)
    return router


def _number(reply: str) -> int:
    return int(re.search(r"编号是\s*(\d+)\s*号", reply).group(1))


def test_urgency_and_phone_in_one_answer(app, db, county, route):
    assert "急不急" in say(app, "v1", "俺村停水三天了，吃水都难", now=T0)
    reply = say(app, "v1", "很急 俺电话13900001111", now=T0)
    assert "请核对" in reply and "很急" in reply and "13900001111" in reply
    with db.session() as s:
        need = s.get(Need, _number(say(app, "v1", "对的对的", now=T0)))
        assert need.urgency == "urgent" and need.villager.phone == "13900001111"


def test_no_phone_at_the_urgency_question(app, db, county, route):
    say(app, "v1", "俺村停水三天了，吃水都难", now=T0)
    reply = say(app, "v1", "俺没手机", now=T0)  # at the summary (the phone on file, 一般 not said)
    assert "上门联系" in reply and "急不急：一般" in reply
    assert "上门联系" in say(app, "v1", "一般", now=T0)


def test_an_urgency_not_said_is_ordinary_and_the_summary_comes_at_once(app, db, county, route):
    reply = say(app, "v1", "俺村停水三天了，吃水都难", now=T0)  # v1's phone is on file
    assert "请核对" in reply and "急不急：一般" in reply and "3 改急不急" in reply
    with db.session() as s:
        need = s.get(Need, _number(say(app, "v1", "嗯 报上去吧", now=T0)))
        assert need.urgency == "normal"


@pytest.mark.parametrize("words", ["挺急的 今天就得来人", "急死了"])
def test_urgency_words_at_the_summary_change_it(app, db, county, route, words):
    say(app, "v1", "俺村停水三天了，吃水都难", now=T0)
    assert "急不急：很急" in say(app, "v1", words, now=T0)


def test_three_at_the_summary_asks_the_urgency(app, db, county, route):
    say(app, "v1", "俺村停水三天了，吃水都难", now=T0)
    assert "这事急不急" in say(app, "v1", "3", now=T0)
    assert "急不急：很急" in say(app, "v1", "2", now=T0)
