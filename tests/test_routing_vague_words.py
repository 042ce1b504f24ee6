"""A word several matters share (补贴, 医保, 救助, 证丢了 …) and nothing else: the bot asks which
matter with numbered choices (clarify.ask) instead of guessing one or showing the whole menu."""
import shutil

import pytest

from bot.nlu import route_text
from bot.nlu.lexicon import DEFAULT_DIR, LexiconError, load_lexicon
from tests.kit.chat import say


@pytest.mark.parametrize("text, guides", [
    ("补贴咋领", {"elderly-allowance", "disability-subsidy", "farmland-subsidy", "funeral-subsidy",
                 "family-planning-assistance"}),
    ("医保", {"medical-reimbursement", "medical-insurance-enrollment"}),
    ("俺想问问救助的事", {"temporary-assistance", "medical-assistance", "extreme-poverty-support", "dibao"}),
    ("证丢了", {"id-card", "social-security-card", "disability-certificate"}),
    ("房子的事", {"dilapidated-housing", "homestead"}),
    ("殘疾人的事", {"disability-certificate", "disability-subsidy"}),  # traditional characters
])
def test_a_shared_word_alone_asks_which_matter(text, guides):
    route = route_text(text)
    assert (route.intent, route.guide, route.ambiguous) == ("guide", None, True)
    assert {c.guide for c in route.candidates} == guides


@pytest.mark.parametrize("text, intent, guide", [
    ("高龄补贴咋领", "guide", "elderly-allowance"),  # the matter is named: no question
    ("残疾证丢了", "guide", "disability-certificate"),
    ("俺想问个事", "unknown", None),  # nothing shared named: the menu, as before
])
def test_a_named_matter_or_no_shared_word_routes_as_before(text, intent, guide):
    route = route_text(text)
    assert (route.intent, route.guide, route.ambiguous) == (intent, guide, False)


def test_families_are_checked_when_the_lexicon_loads(tmp_path):
    lexicon = tmp_path / "lexicon"
    shutil.copytree(DEFAULT_DIR, lexicon)
    families = (lexicon / "matter_families.yaml").read_text(encoding="utf-8")
    (lexicon / "matter_families.yaml").write_text(
        families.replace("guides: [elderly-allowance,", "guides: [old-age,", 1), encoding="utf-8")
    with pytest.raises(LexiconError, match=r"matter_families\.yaml: families\[0\]\.guides: unknown guide id"):
        load_lexicon(lexicon)
    (lexicon / "matter_families.yaml").write_text(
        families.replace("guides: [dilapidated-housing, homestead]", "guides: [homestead]", 1), encoding="utf-8")
    with pytest.raises(LexiconError, match=r"name 2 to 6 matters"):
        load_lexicon(lexicon)


@pytest.fixture
def loaded(runner):
    assert runner.invoke(args=["setup"]).exit_code == 0


def test_the_villager_picks_the_matter_by_number(app, loaded):
    question = say(app, "vague1", "补贴咋领")
    assert "1 高龄津贴怎么办" in question and "3 耕地地力保护补贴怎么办" in question and "4 都不是" in question
    assert "耕地地力保护补贴" in say(app, "vague1", "3").split("\n")[0]
