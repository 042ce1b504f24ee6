"""Generalisation: our own held-out phrasings (tests/data), never read by the lexicon.

Four sets, each written blind before it was first measured; each then showed general gaps that
were fixed with general words and rules (never the phrasing itself). First-contact accuracy
(intent+guide), the honest figure for unseen text at each stage:
- routing-heldout.jsonl (234, before the lexicon existed): 99.6% (same author as the lexicon);
- routing-heldout-2.jsonl (236, harder: stories, knowledge questions, distractors): 84.3%;
- routing-heldout-3.jsonl (207): 92.3%;
- routing-heldout-4.jsonl (139, new voices): 95.0%;
- routing-heldout-5.jsonl (202, the four kinds issue 13 found weak: public problems told as
  plain observations, disputes told as events, short menu-like words, neighbouring guides),
  written in three blind batches: 84.5% (103), 62.2% (45, after the first fix), 77.8% (54,
  after the second). The fixes: idea groups 公共设施 × 出毛病 and 对方 × 亏待 (combos), patterns
  for harm done to one's things, money owed, sick crops and livestock, village names without 村.
- stage 6, issue 13's first two kinds again, in blind batches by several helpers:
  routing-heldout-6a.jsonl (144): 70.8% at first sight; routing-heldout-6b-a.jsonl (108, after the
  first fix): 65.7%; routing-heldout-6c-a.jsonl (68, after the second): 55.9%;
  routing-heldout-6d-a.jsonl (62, after the third): 62.9%; routing-heldout-6e-a.jsonl (50, after the
  fourth): 72.0%. The fixes: a grammar of observation (public thing × fault, the fault said as
  verb + 不了/不到, 发/变 + colour or taste, 有个大坑, 一天就两趟 …; nuisance from a factory, farm or
  site), of events between people (any relation or surname × a conflict word, one's own place
  reached, animals doing harm, 把我家的…V裂, someone doing it × a public fault; 跟…为了…闹), a
  question about another matter (报销, 救助, 村里的钱, 想找个大夫) outranking the story, and text
  typed in latin pinyin; last, a low fallback: a statement about a public thing that asks nothing
  else is a need. Lines the danger detector alarms on (not the router's) are its to fix.
- stage 6 again (routeb), issue 13's last two kinds: routing-heldout-6b.jsonl (195, short menu-like words and their dialect synonyms, neighbouring
  guides; written before reading the router): 92.3%; routing-heldout-6b-b.jsonl (108, new
  wording, written after the first fixes): 86.1%. The fixes: bare stop words and "stop sending"
  with nothing named, a person rather than the machine, news of one's own request, the village's
  money and posted lists; 特困 as two of no work / no income / no one to support, hardship
  identity + illness + money → 医疗救助, building anew → 宅基地, having the disability
  certificate + money → 残疾补贴; pinyin typed in Latin letters (bot/nlu/latin_pinyin.py).
  routing-heldout-6b-c.jsonl (102, written after those fixes): 86.3%; fixed: one's own request +
  news of it (ideas 自己的事 × 有信儿), "how to use" alone is the menu, dialect passive 叫人捡走
  is no errand, 上医保 / 充钱 → enrolment, what is left after reimbursement → 医疗救助.
  routing-heldout-6b-d.jsonl (100, written after those fixes): 88.0%; the misses were again
  short forms (村情通报会, 老人餐, 叫个干部来, 不约调解了, 代办员接了没) and illness costs told
  as a household's burden; fixed with the same kinds of words and patterns.
- stage 7 (route2), plausible messages that scored 0 and errands: routing-heldout-7.jsonl (171,
  written before the fix): 94.7% at first sight; routing-heldout-7b.jsonl (69, written after it):
  88.4%. The fixes: colloquial names of a matter (合疗, 出完殡/发完丧, 夜来老了, 重病, 住的院,
  补交, 交上), entrusting a matter (托/拜托/让村里帮/叫党员 + 上户口/填表/认证) as an errand and
  the entrusted matter's news as status, someone asked to talk both sides round or judge, being
  barred and rent owed as disputes, one's own booking "约上了没", registering or changing the
  village in a few words, 停下吧 / 有人在吗, offering one's help or car, how the village decides,
  legal questions, neglected drains that flood. (One 7b line that coincided with a lexicon
  example was reworded.) routing-heldout-7c.jsonl (48, written after those fixes): 93.8%; fixed:
  resuming payments (续上, 断了) → enrolment, paying by card while working away → reimbursement.
  Two lines alarm the danger detector (我上礼拜提的需求咋没动静, 老人过世了 养老金还发不发): safety2's to fix.
- stage 8, routing-heldout-8.jsonl (240): written blind by a colleague from CONTRACT.md and the
  guides alone; 85.0% on a968a12, 93.8% after session 13's first round (unseen), then a dev set.
- stage 9 (route4), written before reading the router: elderly dialect, voice text without
  punctuation, homophones and typos, traditional characters, one-word messages, long stories
  asking at the end, a matter named beside the one asked. routing-heldout-9a.jsonl (226): 96.0%
  at first sight (intent 98.2%). Fixed: the matter right after a verb of asking (申请个低保,
  想办一下…) is the ask and its words stop feeding other matters' combos (bot/nlu/scoring.py);
  a certificate already got + subsidy, nursing money → 残疾补贴; having insurance + can treatment
  be reimbursed → 报销; 保检 → 保险; 能有人帮办吗 → errand; kitchen help → volunteer; the village's
  collective land rented out → affairs. routing-heldout-9b.jsonl (135, written after those fixes):
  91.9% at first sight. Fixed: 居民养老 + money → 养老金; a neighbour (对门, 隔壁 …) doing something
  at one's door, blocking one's light → dispute; asking outright for legal advice after a story →
  need; offering a lift or free labour (谁家要…俺可以捎着, 有啥活俺能帮着干) → volunteer; a dark
  road (路上黑漆漆) → need; 村里的规定 → affairs; 能帮我干点啥 → menu; 托人办的…办好了没 → status.
  One line first labelled 危房改造 (an earthen wall shedding soil in the rain) is relabelled
  safety after measuring: the danger sets already count a wall or beam shedding soil as a sign
  of collapse (安全第一). Then a word several matters share and nothing else (补贴咋领, 医保, 证丢了)
  asks which matter (guides.yaml → vague; tests/test_routing_vague_words.py).
  routing-heldout-9c.jsonl (101, written after those fixes): 83.2% at first sight (intent 85.1%),
  with three danger false alarms (捎着 heard as 烧着, 不认账了 one slip from 不认人了, an ID card
  stolen earlier: masks in knowledge/safety.yaml). Fixed: a hardship told with 腿脚不好 but no
  "help me" asks the matter, not an errand (errand keywords weigh 0.7, below taking a matter
  over); 谁能帮着送 → errand; 会不会取消 asks about the matter; 评个残; the money left in a pension
  account; things washed away (冲走了) are no death, a flood is an accident; a cracked house to be
  appraised → 危房; rent delayed (地租拖了) → dispute; loose dogs → need; 希望村里能建个… → need;
  how a village project was decided → affairs; someone who can decide, who handles 民政 → a
  person; 我不报了 → stop; train times → not served.
  routing-heldout-9d.jsonl (70, written after those fixes): 94.3% at first sight. Fixed: 算了吧
  俺不调解了 → stop; one's own sign-up + 取消 → stop; 俺的调解约的几号 → status. Left: trees on
  the hill cut by someone (a report, read as a dispute by 让人…砍).
  routing-heldout-9e.jsonl (50, written after those fixes): 88.0% at first sight (intent 90.0%).
  Fixed: a loan "没影" since, bride price asked back → dispute; 报上了没 → status; 俺想去找人 → a
  person. Left: 帮俺办认证 (an errand whose matter 认证 alone does not name), correcting a birthday
  in the household register (not one of the 18, read as 新生儿落户).
- stage 10 (route5), issue 13's kinds again, written before the fixes each measured:
  routing-heldout-10a.jsonl (139): 95.0% at first sight (intent 97.1%). Fixed: a sum agreed and
  paid short (说好…只给) and "told them, nothing changed" (说了也不管) → dispute; one's own house
  damaged + will the state repair it, a house appraised C/D级 → 危房 (漏水 alone names no house:
  a public pipe leaking is a need); 再给报 after hospital → 医疗救助; a shared word tied on hints
  only (俺的房子咋整) asks which matter; a bus 改点/晚点 is no fire (safety mask).
  routing-heldout-10b.jsonl (119, written after those fixes): 93.3% (intent 94.1%). Fixed: 俺村/
  咱庄连个…都没有 → need; in-laws (舅, 小舅子, 姨夫 …), rent 没交 said verb first, N children none
  of whom takes the parent → dispute; parts of a house crumbling (墙根酥了, 房檐掉渣) → 危房; never
  married + no income → 特困 (打光棍 is no 打); 换个村 → bind; an injury told for the livelihood
  lost (断了收入, 急用钱) is no alarm.
  routing-heldout-10c.jsonl (80, written after those fixes): 90.0% (intent 91.2%). Fixed: this
  place's phone cannot call out, scum on a pond (大湾) → need; a hired man walking off (撂挑子) →
  dispute; 你别嫌烦 is politeness, no grievance; 联系村委 → a person; what cadres are paid →
  affairs; 就剩俺一个 + 谁来养 → 特困; 想吃个/能吃上 + a matter asks for it; 证也办了 + money → 残疾补贴.
  routing-heldout-10d.jsonl (60, written after those fixes): 86.7% at first sight. Fixed: wild
  pests in the fields (老鼠, 野猪) → need; a spouse who will not come back, money run off with →
  dispute; 管事儿的 → a person; enlarging the yard (往外扩) + approval → 宅基地; 没孩子 + 啥也干不了
  → 特困; treatment money that cannot be raised (凑不齐) → 医疗救助. One line first labelled 危房
  (an earthen house shedding clods in the rain) is relabelled safety, as in 9b.
- routing-heldout-18a.jsonl (12, session 18): no stage of its own but the causes the colleague's
  set 16 showed, each in other words: 办完了没/弄完了吗/完事了没 about an errand asked for earlier →
  status; a month named (三月里头, 腊月, 11月) + 活动 → theme (志愿/帮忙 stays volunteer); a newborn +
  医保/合作医疗 with no 户口 said, 医保咋给他上 → enrollment. It is checked for accuracy only
  (CAUSE_SETS: too small to cover every intent and guide).
- stage talk10 (session 19, helper talk10), villagers' plain first messages over every intent and
  guide, written before measuring: routing-heldout-talk10-1.jsonl (80): 98.8% at first sight;
  fixed: 俺村/咱庄 (after normalising 我村/我们庄) + a project's money + 咋花 → affairs.
  routing-heldout-talk10-2.jsonl (40, written after that fix): 92.5% (intent 97.5%); fixed:
  孤老头子 (read as 丈夫 before) is 孤寡, 就一个儿 is an only child, the village's money 咋分的 → affairs.
They now guard against regressions. Each stage covers every intent and all 18 guides (a stage may
be written in several batches: routing-heldout-6a and -6b-a are stage 6).
"""
from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest

from bot.nlu import route_text
from bot.nlu.evaluate import evaluate, format_report, read_labelled
from bot.nlu.lexicon import GUIDE_IDS, INTENT_IDS, load_lexicon

DATA = Path(__file__).resolve().parent / "data"
HELD_OUT = sorted(DATA.glob("routing-heldout*.jsonl"))


@pytest.mark.parametrize("path", HELD_OUT, ids=lambda p: p.name)
def test_held_out_accuracy(path):
    report = evaluate(read_labelled(path), route_text)
    assert report.accuracy >= 0.95, format_report(report, path.name)


def stage_of(path: Path) -> str:
    """routing-heldout.jsonl → "1", routing-heldout-5.jsonl → "5", routing-heldout-6b-a.jsonl → "6",
    routing-heldout-talk10-2.jsonl → "talk10" (a helper's batches make one stage)."""
    match = re.match(r"routing-heldout-(\d+|talk\d+)", path.name)
    return match.group(1) if match else "1"


# Small sets written for the causes one blind set showed: accuracy only, no stage to cover.
CAUSE_SETS = {"routing-heldout-18a.jsonl"}
STAGES: dict[str, list[Path]] = {}
for _path in (p for p in HELD_OUT if p.name not in CAUSE_SETS):
    STAGES.setdefault(stage_of(_path), []).append(_path)


@pytest.mark.parametrize("stage", sorted(STAGES), ids=lambda s: f"stage-{s}")
def test_held_out_stages_cover_every_intent_and_guide(stage):
    items = [item for path in STAGES[stage] for item in read_labelled(path)]
    assert len(items) >= 100
    # every intent of the lexicon, and no other label but "safety" (the danger detector's, CONTRACT.md)
    assert set(INTENT_IDS) <= set(Counter(i.intent for i in items)) <= set(INTENT_IDS) | {"safety"}
    assert {g for i in items for g in i.guides if g} == set(GUIDE_IDS)


def test_held_out_sets_hold_enough_phrasings():
    assert len(read_labelled(DATA / "routing-heldout.jsonl")) >= 150
    assert sum(len(read_labelled(path)) for path in HELD_OUT) >= 600


def test_held_out_phrasings_are_not_lexicon_examples():
    """Only short commands ("你好", "退出") may coincide: there are few ways to say them."""
    examples = {x for entry in load_lexicon().entries() for x in entry.examples}
    for path in HELD_OUT:
        assert not {x for x in examples & {i.text for i in read_labelled(path)} if len(x) > 4}
