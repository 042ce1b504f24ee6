"""Close candidates → numbered choices; the pick acts as if the villager had been clear."""
import pytest

from bot.nlu import Candidate, RouteResult
from tests.kit.chat import say


@pytest.fixture
def loaded(runner):
    assert runner.invoke(args=["setup"]).exit_code == 0


def _ambiguous(text, ctx):
    if text.isdigit():
        return RouteResult("unknown", None, 0.0)
    cands = (Candidate("guide", "dibao", 0.71), Candidate("guide", "temporary-assistance", 0.69),
             Candidate("need", None, 0.5))
    return RouteResult("guide", "dibao", 0.71, cands, ambiguous=True)


def test_ambiguous_message_offers_choices_and_the_pick_opens_the_guide(app, loaded, router):
    router.by(_ambiguous)
    question = say(app, "c1", "家里困难想申请补助")
    assert "1 低保办理怎么办" in question and "2 临时救助怎么办" in question and "4 都不是" in question
    answer = say(app, "c1", "2")
    assert "临时救助" in answer and "低保" not in answer.split("\n")[0]


def test_none_of_these_asks_to_rephrase(app, loaded, router):
    router.by(_ambiguous)
    say(app, "c2", "家里困难想申请补助")
    assert "换个说法" in say(app, "c2", "4")
