"""The villager's side of conversations (issue 13, helper talk11): fresh batches of our own, each
measured at first sight before its causes were fixed (tests/data/converse-talk11-K.jsonl).

Batch 1 (20/24 at first sight). The causes, each tested here in other words than the batch's:
- a question ending in 没 (食堂开门没, 修好没) is no "俺没有" answer to the phone: only 没有 alone
  (or after the phone named) says there is none;
- a short question ends in 没 / 不 or asks either way (开没开) as well as in 吗 / 呢;
- a blessing (好人一生平安, 祝恁身体健康) is thanks;
- 已处理 / 已经修了 / 已送达: 已 + the deed, with nothing after it, is the work reported done;
- an age told (才七十五, 不到六十) and asked about, or "那俺爹要是没户口呢" (one person's situation),
  is who qualifies for the guide being discussed.

Batch 2 (22/24 at first sight; 2 of its passes already came from batch 1's causes):
- the meeting named first, then the raising of something (下回开会俺想说说 …, 议事日能不能给提提 …) is a
  suggestion for the meeting;
- the household's situation (那家里有个上大学的呢, 要是俺家有辆车呢) is who qualifies, like a person's.

Batch 3 (16/24 at first sight; 2 misses were the script's own expectations, fixed in the script):
- a village matter asked after by its decision or its work (定下来没, 批下来了吗, 啥时候动工, 有信儿没);
- a place asked as 哪个地方 / 哪个村 after the themes is how to take part;
- "找谁盖章": whom to go to is the place, not the papers (a paper word after 谁 / 哪 is no paper asked);
- where to begin (头一步干啥, 打哪开始, 从哪下手) is the steps;
- a "what if" case (那要是眼睛看不见呢) the guide's text says nothing of gets the rules of who qualifies,
  not only the phone;
- 换新的了 (the 了 at the end, not after the deed) is the work reported done.

Batch 4 (16/24 at first sight; 1 miss was the script's: the steps named 异地办理, a right answer):
- whether a relative may act in one's stead (俺替他领中不, 能代领不, 让闺女去办行吗) is a question about
  the guide, answered from the part that speaks of 代办 / 家属 / 委托, not an errand;
- 啥时候能 / 啥时候才 (a may or a will) and money put on the card ask the time limit;
- "那光俺一个人过呢", "那我们家五口人呢": one's own case after 那 is a what-if;
- the meeting as 议事 and the raising as 提个醒 / 捎个话;
- handed to the person (交到大娘手上了, 送到老人家里了) is the errand done; 交上去了 is not;
- 没的说 / 比自己跑强 / 省了不少事 rate well, 还不如自己去 badly;
- praise of the one answering (你还挺懂, 真聪明, 有两下子) is thanks.

Batch 5 (12/24 at first sight):
- how many stages (几道手续, 一共几步, 几个环节) is the steps;
- a what-if the router reads as other matters only through a paper's word (那要是没领结婚证呢, 证) stays
  with the guide discussed when no matter is named outright;
- a question about the matter while an errand asks the phone or the time is answered, not taken
  for a bad number or stored as the time;
- the meeting as 开村民大会, the raising on behalf of others (替俺们老年人说说);
- 已经给大爷送去了: 已经 + to whom + the deed is done;
- virtues (实在, 认真, 负责, 耐心) rate well, their lack badly; broken again soon after (第二天就不亮了) badly;
- the village's accounts with a time between (村里今年的账) or put up (贴出来, 张榜, 上墙) are affairs;
- the first time one uses the account (头一回用这个) asks the menu;
- what one asked of "you" before (前两天托恁们那个事) + any news is one's own records; how many
  one signed up for this week (这礼拜一共报了几个) too.
Batch 6 (15/24 at first sight):
- a choice between places (找村里还是去镇上) is the place asked;
- a what-if whose case is already done (那要是已经报过医保了呢) is a condition of the topic's rules, not
  the other matter it names;
- a cancel word with a clear request after it (先不说这个了 村规民约在哪看) sets the form aside for that
  request and offers it back, it does not drop it;
- waiting words (稍等 俺找找手机号) while a form asks are no bad answer and no call for a person;
- handed to a person (交给他儿子了) is done; more deeds (冲洗好了, 加固好了);
- one's booking with words between (俺那个调解 调解员定了时间没) is one's own records;
- the trouble of whoever helps (挺辛苦的, 真不容易) is thanks; "回头有事再找恁" a goodbye;
- of no use (一点用没有) or still bad (水还是黄的) rates badly.
Left open (strict xfail): t11-5-allowance-old-lady-no-kids: "那…有个老太太八十九了 没儿没女呢" after the
高龄津贴 is read as 五保 (没儿没女), which applies as well; staying with the topic would need the
topic's own criterion (the age) weighed against the router's surer reading.
"""
from __future__ import annotations

import pytest

from bot.forms import says_no_phone
from handlers.form_steps import _ASKS
from handlers.guide_parts import asked_part, own_case_asked, what_if, what_if_done
from handlers.menu import _request_after
from bot.nlu import route_text
from handlers.guide_questions import asks_proxy
from handlers.ratings import rating_in
from handlers.matters import PROGRESS
from handlers.staff_done import says_fixed
from handlers.suggestions import MEETING_THEN_RAISE
from handlers.themes import _JOIN_DETAIL
from handlers.smalltalk import smalltalk_kinds
from handlers.staff_words import FINISH
from tests.kit.conversations import assert_passes, own_conversations

KNOWN_OPEN = {"t11-5-allowance-old-lady-no-kids"}
_BATCHES = [pytest.param(spec, id=spec["id"], marks=[pytest.mark.xfail(strict=True, reason="left open, see the docstring")]
                         if spec["id"] in KNOWN_OPEN else [])
            for n in (1, 2, 3, 4, 5, 6) for spec in own_conversations(f"converse-talk11-{n}.jsonl")]


@pytest.mark.parametrize("spec", _BATCHES)
def test_talk11_conversation_passes(worlds, spec):
    assert_passes(worlds, spec)


@pytest.mark.parametrize("text, none", [
    ("卫生室今天开门没", False),
    ("俺那个低保批下来没", False),
    ("路修好没", False),
    ("没有", True),
    ("俺家没有啊", True),
    ("电话俺没有", True),
    ("木有", True),
])
def test_a_question_ending_in_mei_is_no_missing_phone(text, none):
    assert says_no_phone(text) is none


@pytest.mark.parametrize("text", ["食堂今天开饭没", "敬老院那边有人不", "议事日开没开"])
def test_short_questions_end_in_mei_or_bu(text):
    assert _ASKS.search(text)


@pytest.mark.parametrize("text", ["祝恁身体健康 长命百岁", "好人有好报啊", "恁真是活菩萨 谢谢", "祝你工作顺利"])
def test_blessings_are_thanks(text):
    assert smalltalk_kinds(text) == {"thanks"}


@pytest.mark.parametrize("text, done", [
    ("已修复", True),
    ("已经办理了", True),
    ("已送达 恁看看", True),
    ("已经在处理了", False),
    ("已经办了一半", False),
    ("已处理吗", False),
])
def test_done_said_as_already_and_the_deed(text, done):
    assert bool(FINISH.match(text)) is done


@pytest.mark.parametrize("text", ["那俺爹还不到六十呢", "俺娘刚满八十 有份没", "要是才五十多岁呢"])
def test_an_age_told_and_asked_is_who_qualifies(text):
    assert asked_part(text, True) == "who"


@pytest.mark.parametrize("text, case", [
    ("那俺儿子要是在外地上班呢", True),
    ("要是俺老伴有退休金呢", True),
    ("那俺闺女嫁到外村了咋办", True),
    ("那俺娘的呢", False),
    ("那俺孙子呢", False),
])
def test_one_persons_situation_is_who_qualifies(text, case):
    assert own_case_asked(text) is case


@pytest.mark.parametrize("text, case", [
    ("要是俺家有辆三轮车呢", True),
    ("那家里头有个当兵的呢", True),
    ("那俺家里头的呢", False),
])
def test_the_households_situation_is_who_qualifies(text, case):
    assert own_case_asked(text) is case


@pytest.mark.parametrize("text, raised", [
    ("议事日能不能帮俺们提提 垃圾点挪远点", True),
    ("等开会的时候俺得说说 路边乱倒垃圾的事", True),
    ("下次村民大会俺想讲讲 彩礼太高了", True),
    ("上回开会说了啥", False),
    ("开会说的啥", False),
])
def test_the_meeting_first_then_raising_is_a_suggestion(text, raised):
    assert bool(MEETING_THEN_RAISE.match(text)) is raised


@pytest.mark.parametrize("text", ["修桥那事批下来了吗", "坑塘啥时候动工", "村里安路灯的事有信儿没", "修路那个事议出个啥结果"])
def test_a_matter_asked_after_by_its_decision(text):
    assert PROGRESS.search(text)


@pytest.mark.parametrize("text", ["在哪个村举办", "上哪个地方集合", "在啥地儿碰头"])
def test_a_place_asked_after_the_themes(text):
    assert _JOIN_DETAIL.search(text)


@pytest.mark.parametrize("text, part", [
    ("找谁签字", "where"),
    ("上哪盖章去", "where"),
    ("打哪开始弄", "steps"),
    ("从哪下手", "steps"),
    ("开头一步先干啥", "steps"),
    ("要盖章不", "materials"),
])
def test_whom_to_go_to_and_where_to_begin(text, part):
    assert asked_part(text, True) == part


@pytest.mark.parametrize("text, asks", [
    ("如果户口迁走了咋办", True),
    ("万一俺是外地嫁过来的呢", True),
    ("要带啥呢", False),
    ("那俺娘呢", False),
])
def test_what_if_is_a_case_put_to_the_rules(text, asks):
    assert what_if(text) is asks


@pytest.mark.parametrize("text, done", [
    ("灯泡都换成新的了", True),
    ("井盖换新的了", True),
    ("明天换新的", False),
    ("水管换新的", False),
])
def test_renewed_said_with_le_at_the_end(text, done):
    assert says_fixed(text) is done


@pytest.mark.parametrize("text, proxy", [
    ("他瘫在床上 俺去替他签字中不", True),
    ("能让儿子代领吗", True),
    ("家里人去办行不行", False),  # no one acting *for* someone named: the rules of who may apply
    ("请党员帮俺娘办低保", False),
])
def test_a_relative_acting_in_ones_stead(text, proxy):
    assert asks_proxy(text) is proxy


@pytest.mark.parametrize("text", ["补贴啥时候才能发下来", "钱啥时候会到账", "啥时候能有信儿"])
def test_when_with_a_may_asks_the_time(text):
    assert asked_part(text, True) == "time"


@pytest.mark.parametrize("text", ["那就俺老两口过呢", "那我们家五口人呢"])
def test_ones_own_case_after_na_is_a_what_if(text):
    assert what_if(text)


@pytest.mark.parametrize("text, raised", [
    ("议事的时候帮俺捎个话 村口的沟该清了", True),
    ("开会时候帮俺提醒一下 河堤上的树该砍了", True),
])
def test_the_meeting_as_yishi_and_raising_as_a_reminder(text, raised):
    assert bool(MEETING_THEN_RAISE.match(text)) is raised


@pytest.mark.parametrize("text, done", [
    ("药送到老人家里了", True),
    ("钱已经递到他本人手里了", True),
    ("材料交上去了 等着批", False),
    ("明天送到他家", False),
])
def test_handed_to_the_person_is_done(text, done):
    assert bool(FINISH.match(text)) is done


@pytest.mark.parametrize("text, good", [
    ("没啥说的 真省心", True),
    ("比俺自己跑快多了", True),
    ("还不如俺自己去办", False),
])
def test_ratings_by_comparison(text, good):
    assert rating_in(text) is good


@pytest.mark.parametrize("text", ["你可真聪明", "恁还真有两下子", "挺在行啊"])
def test_praise_of_the_one_answering_is_thanks(text):
    assert "thanks" in smalltalk_kinds(text)


@pytest.mark.parametrize("text", ["一共得走几道手续", "中间有几个环节", "要过几关"])
def test_how_many_stages_is_the_steps(text):
    assert asked_part(text, True) == "steps"


@pytest.mark.parametrize("text, good", [
    ("党员办事认真 负责", True),
    ("小伙子挺有耐心", True),
    ("干活不仔细", False),
    ("没两天又坏了", False),
    ("转天就漏了", False),
])
def test_ratings_by_virtue_and_relapse(text, good):
    assert rating_in(text) is good


@pytest.mark.parametrize("text, intent", [
    ("村委去年的账贴出来没", "affairs"),
    ("收支啥时候张榜", "affairs"),
    ("俺刚关注这个号", "menu"),
    ("第一回用 啥也不懂", "menu"),
    ("上礼拜求恁们办的事咋样了", "status"),
    ("麻烦你们的那个事有信儿没", "status"),
    ("俺这个月一共约了几回", "status"),
])
def test_first_messages_in_other_words(text, intent):
    assert route_text(text).intent == intent


@pytest.mark.parametrize("text", ["已经帮老人交上了", "已经替他办了"])
def test_already_for_someone_then_the_deed(text):
    assert FINISH.match(text)


def test_raising_for_others_at_the_meeting():
    assert MEETING_THEN_RAISE.match("开议事会的时候帮俺们几户说说 排水沟的事")


@pytest.mark.parametrize("text", ["去县里办还是乡里办", "找村委还是去派出所"])
def test_a_choice_between_places_is_where(text):
    assert asked_part(text, True) == "where"


@pytest.mark.parametrize("text, done", [
    ("如果已经领了低保呢", True),
    ("那要是交过了呢", True),
    ("那要是在外地呢", False),
])
def test_a_what_if_already_done_is_a_condition(text, done):
    assert what_if_done(text) is done


@pytest.mark.parametrize("text, intent", [
    ("先不弄这个了 食堂在哪", "canteen"),
    ("先别说这个了 这个月有啥活动", "theme"),
    ("先不说了", None),
])
def test_a_cancel_word_then_a_clear_request(text, intent):
    found = _request_after(text)
    assert (found.intent if found else None) == intent


@pytest.mark.parametrize("text", ["等一下 俺去拿身份证", "你等会 我翻翻本子"])
def test_waiting_words(text):
    assert smalltalk_kinds(text) == {"wait"}


@pytest.mark.parametrize("text, done", [
    ("钱都交给他闺女了", True),
    ("水塔冲洗好了", True),
    ("墙加固好了", True),
    ("交给镇上了", False),
])
def test_handed_to_a_person_and_more_deeds(text, done):
    assert bool(FINISH.match(text)) is done


@pytest.mark.parametrize("text, kind", [("真不容易啊", "thanks"), ("恁也怪辛苦的", "thanks"), ("以后有啥事再问", "bye")])
def test_trouble_acknowledged_and_later_again(text, kind):
    assert kind in smalltalk_kinds(text)


@pytest.mark.parametrize("text", ["俺的预约 调解员接了没", "俺那个报名 定了哪天"])
def test_ones_booking_with_words_between(text):
    assert route_text(text).intent == "status"


@pytest.mark.parametrize("text", ["一点作用也没有", "路还是坑坑洼洼的"])
def test_of_no_use_or_still_bad(text):
    assert rating_in(text) is False


@pytest.mark.parametrize("text", ["这事谁负责", "你们能干啥", "实在没办法了"])
def test_virtue_words_inside_other_sentences_are_no_rating(text):
    assert rating_in(text) is None


@pytest.mark.parametrize("text", ["下回开会俺能说说吗", "开会时候讲话了吗"])
def test_a_question_about_speaking_at_the_meeting_is_no_suggestion(text):
    assert not MEETING_THEN_RAISE.match(text)


@pytest.mark.parametrize("text", ["俺不约了，俺俩自己说和了", "不报了 水已经来了"])
def test_a_cancel_with_its_reason_sets_nothing_aside(text):
    assert _request_after(text) is None
