"""The matter named right after a verb of asking (申请个低保, 想办一下残疾证) is what the villager
asks for, even after a long story full of another matter's words; a matter said as done or as who
they are (办了低保, 吃低保的) stays background (bot/nlu/scoring.py: asked_hits)."""
import pytest

from bot.nlu import route_text


@pytest.mark.parametrize("text, guide", [
    # the story is about illness (医疗救助's words), the ask is 低保
    ("俺家那口子透析好几年钱都花光了村里让俺申请个低保去哪申请", "dibao"),
    # the story names 低保户, the ask is 医疗救助
    ("低保户住院花了不少 还能申请医疗救助不", "medical-assistance"),
    ("俺想办一下残疾证 孩子是脑瘫", "disability-certificate"),
    # done already or who they are: the question decides
    ("办了低保 看病能报多少", "medical-reimbursement"),
    ("吃低保的 住院能报多少", "medical-reimbursement"),
])
def test_the_matter_asked_for_wins_over_the_story(text, guide):
    route = route_text(text)
    assert (route.intent, route.guide) == ("guide", guide)


def test_a_hardship_without_asking_for_help_is_no_errand():
    """腿脚不好 tells the villager's situation; without 帮我 / 找人 the question is the matter."""
    assert (route_text("俺腿脚不好 低保咋办").intent, route_text("俺腿脚不好 低保咋办").guide) == ("guide", "dibao")
    assert route_text("俺腿脚不好 找个党员帮俺办低保").intent == "errand"
