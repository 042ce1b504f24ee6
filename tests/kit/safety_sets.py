"""The labelled danger sets every test of the detector reads (tests/data): which files, and for each
its history (who wrote it, first sight, after) in the comment above it."""
from __future__ import annotations

import json
from pathlib import Path

DATA = Path(__file__).resolve().parents[1] / "data"
OWN = ["safety-own.jsonl", "safety-own-heldout.jsonl", "safety-own-blind2.jsonl", "safety-own-blind3.jsonl",
       "safety-own-4.jsonl", "safety-own-5.jsonl", "safety-own-6.jsonl",
       "safety-own-7.jsonl", "safety-own-8.jsonl", "safety-own-9.jsonl",
       "safety-own-10.jsonl", "safety-own-11.jsonl", "safety-own-12.jsonl", "safety-own-13.jsonl",
       "safety-own-14.jsonl",
       # 123 danger, 122 look-alikes in elderly dialect and voice text: 95.1% / 1.6% at first sight
       "safety-own-16.jsonl",
       # 80 danger, 80 look-alikes written after the fixes of 16: 87.5% / 5.0% at first sight
       "safety-own-17.jsonl",
       # 40 danger, 40 look-alikes written after the fixes of 17: 92.5% / 7.5% at first sight
       "safety-own-18.jsonl",
       # 65 danger, 61 look-alikes (weariness with a plan, homophones, about others, idioms): 100% / 8.2%
       # at first sight, 100% / 0% after the fixes
       "safety-own-20.jsonl",
       # 57 danger, 54 look-alikes written after the fixes of 20: 86.0% / 0% at first sight, 100% / 0% after
       "safety-own-21.jsonl",
       # 63 danger, 60 look-alikes (told by a child or neighbour, voice text, a long message about something
       # else, disasters now, livestock): 98.4% / 3.3% at first sight, 100% / 0% after the fixes
       "safety-own-23.jsonl",
       # 40 danger, 40 look-alikes written after the fixes of 23: 90.0% / 17.5% at first sight, 100% / 0% after
       "safety-own-24.jsonl",
       # 40 danger, 40 look-alikes written after the fixes of 25: 87.5% / 2.5% at first sight, 100% / 0% after
       "safety-own-26.jsonl",
       # written blind by a colleague from CONTRACT.md and the guides alone (session 13's set 1):
       # 83% / 3% on a968a12, 90% / 4% after the first round, then used as a dev set
       "safety-own-colleague-1.jsonl",
       # the colleague's set 2: 93% / 2% at first sight, then a dev set of the last round
       "colleague-blind-2/safety-blind2.jsonl",
       # session 14's colleague sets: 4 (88.3% / 0% on 0af5d09, a dev set), 3 (96% / 4% at first
       # sight after the helper round), 5 (93.3% / 0% at first sight after set 3's fixes); then dev sets
       "safety-colleague-4.jsonl", "colleague-blind-3/safety-blind3.jsonl", "colleague-blind-5/safety-blind5.jsonl",
       # session 15's colleague sets 6 (96.2% / 2.5% at first sight) and 7 (95.0% / 1.7%), then dev sets
       "colleague-blind-6/safety-blind6.jsonl", "colleague-blind-7/safety-blind7.jsonl",
       "colleague-blind-8/safety-blind8.jsonl", "colleague-blind-9/safety-blind9.jsonl",
       "colleague-blind-10/safety-blind10.jsonl", "colleague-blind-11/safety-blind11.jsonl",
       # session 18's colleague sets 16 (100% / 0% at first sight on main and after the round) and 17
       # (94.2% / 5.8% on main, 95.8% / 3.3% at first sight after the round), then dev sets
       "colleague-blind-16/safety-blind16.jsonl", "colleague-blind-17/safety-blind17.jsonl",
       # session 20's colleague sets 20 (97.5% / 2.5% at first sight on int 00597e9) and 19 (98.3% / 5.0%),
       # 100% / 0% after helper s20fix, then dev sets
       "colleague-blind-20/safety-blind20.jsonl", "colleague-blind-19/safety-blind19.jsonl",
       # session 20's colleague sets 23 (a 12345 hotline operator, Linyi dialect: 87.5% / 3.3% on main at the
       # session's start, 88.3% / 3.3% at first sight on the merged int 36b8ab3) and 21 (a retired village
       # accountant: 96.7% / 3.3% both times), 100% / 0% after helper s23fix, then dev sets
       "colleague-blind-23/safety-blind23.jsonl", "colleague-blind-21/safety-blind21.jsonl",
       # session 21's colleague set 25 (a township social worker: 100% / 1.7% on main at the session's
       # start), the lead's dev set: 100% / 0% after
       "colleague-blind-25/safety-blind25.jsonl",
       # session 21's colleague set 33 (the safety dev set's kinds in other words: 96.7% / 1.7% on main at
       # the session's start), the lead's dev set: 100% / 0% after
       "colleague-blind-33/safety-blind33.jsonl",
       # session 21's colleague set 27 (a 119/120 dispatcher with a 妇联 cadre, Linyi speech): 97.5% / 1.7%
       # on main at the session's start, 100% / 0% after helper safety12, then a dev set
       "colleague-blind-27/safety-blind27.jsonl",
       # session 21's colleague sets 26 (a village doctor: 96.7% / 0% at first sight on the merged int
       # 8fe82af) and 28 (a grid worker and a police officer: 96.7% / 2.5%), then dev sets: 100% / 0%
       "colleague-blind-26/safety-blind26.jsonl", "colleague-blind-28/safety-blind28.jsonl",
       # session 22's colleague set 41 (the lead's dev set: 85.8% / 5.8% on main at the session's start,
       # 100% / 0.8% after; README in its folder)
       "colleague-blind-41/safety-blind41.jsonl",
       # session 22's colleague sets 38 (120 + 120: 88.3% / 3.3% on main at the start, 90.0% / 3.3% at first
       # sight on the merged int f7465b9) and 40 (the safety dev set's lines three times in other words: 90.0% /
       # 3.3% both times), then dev sets: 100% / 0.8% and 100% / 0%
       "colleague-blind-38/safety-blind38.jsonl", "colleague-blind-40/safety-blind40.jsonl",
       # colleague set 45 (a farming county in Linyi through the seasons, 120 + 120): 88.3% / 2.5%
       # on main 7331e0e at first sight, 100% / 0% after helper safety45 (tests/test_safety45_families.py)
       "colleague-blind-45/safety-blind45.jsonl",
       # session 23's held-out set 48 (written like safety-dev): 88.3% / 0.8% at first sight on the merged
       # round, 100% / 0% after the lead's fit (tests/test_lead_s23.py)
       "colleague-blind-48/safety-blind48.jsonl",
       # session 16 (safety7): 80 danger, 80 look-alikes (stroke, bleeding, burns, shock, the lost, coal
       # smoke, pesticide, the trapped, animals, theft and beatings now; past events, idioms, health
       # questions): 93.8% / 7.5% at first sight, 98.8% / 1.2% after
       "safety-own-28.jsonl",
       # 60 danger, 60 look-alikes written after the fixes of 28: 86.7% / 6.7% at first sight, 100% / 0% after
       "safety-own-29.jsonl",
       # safety8b: 52 danger, 51 look-alikes (violence and threats, burglars now, the missing, farewells and
       # other indirect despair): 67.3% / 11.8% at first sight, 100% / 2.0% after
       "safety-own-safety8b-1.jsonl",
       # 50 danger, 50 look-alikes written after the fixes of safety8b-1: 44.0% / 14.0% at first sight, 100% / 2.0% after
       "safety-own-safety8b-2.jsonl",
       # 52 danger, 50 look-alikes written after the fixes of safety8b-2: 50.0% / 8.0% at first sight, 100% / 2.0% after
       "safety-own-safety8b-3.jsonl",
       # session 17 (safety8a): 50 danger, 50 look-alikes each (fire, medical, gas, power lines, drowning,
       # the trapped; help questions, calm safety questions, idioms); figures at first sight / after in
       # the helper's report: -1 94% / 0% at first sight, 100% / 0% after; -2 (dialect, voice slips,
       # run-ons) 84% / 4% at first sight, 100% / 0% after; -3 (reports by phone, appliances, the
       # trapped) 90% / 6% at first sight, 100% / 2% after; -4 (cadres' reports, "this time" after
       # "last time", children and grown-ups' pills) 84% / 4% at first sight, 100% / 0% after
       "safety-own-safety8a-1.jsonl", "safety-own-safety8a-2.jsonl", "safety-own-safety8a-3.jsonl",
       "safety-own-safety8a-4.jsonl",
       # -5 (the shortest cries, the alone unseen, mines, children climbing pylons; firecrackers, the
       # fire engine) 82% / 4% at first sight, 100% / 0% after
       "safety-own-safety8a-5.jsonl",
       # -6 (40 + 40: voice-input slips 出电/没气/逆水, elderly run-ons, this morning after last night)
       # 90% / 5% at first sight, 100% / 0% after
       "safety-own-safety8a-6.jsonl",
       # session 18 (safety9b): 50 danger, 50 look-alikes each, first sight / after: -1 danger words in other
       # senses (火化, 救命钱, 上火, 累死, 打针…) beside real danger 96% / 2% → 100% / 0%; -2 past events told
       # for aid vs the same now (去年着过火 今天又着了) 80% / 2% → 100% / 0%; -3 long voice messages
       # (60-150 characters) 88% / 8% → 100% / 2%; -4 questions, media, jokes vs real calls 88% / 22% → 100% / 2%
       "safety-own-safety9b-1.jsonl", "safety-own-safety9b-2.jsonl", "safety-own-safety9b-3.jsonl",
       "safety-own-safety9b-4.jsonl",
       # session 18 (safety9): 50 danger, 50 look-alikes each, all four written before any change; first
       # sight / after: -1 (voice input of elderly Shandong speakers: 水到/甩倒 for 摔倒, 云倒, 着伙, 就命,
       # 和药, run-ons) 98% / 10% → 100% / 0%; -2 (told by a neighbour or grandchild, the shortest cries,
       # indirect despair) 80% / 10% → 100% / 0%; -3 (coal smoke, ice, dog bites, farm machines, dementia,
       # roofs, electrocution, snakes, heat) 94% / 4% → 100% / 0%; -4 (look-alike-heavy: knives while
       # haggling, how to dial, sketches, aid asked with a danger now) 74% / 14% → 100% / 0%
       "safety-own-safety9-1.jsonl", "safety-own-safety9-2.jsonl", "safety-own-safety9-3.jsonl",
       "safety-own-safety9-4.jsonl",
       # 50 danger, 51 look-alikes mixing the four voices, written after the fixes of -1..-4: 94.0% / 11.8%
       # at first sight, 100% / 0% after
       "safety-own-safety9-5.jsonl",
       # session 19 (safety10): 50 danger, 50 look-alikes each (elders fallen, choking, fits, pesticide, coal
       # smoke, dementia, beasts, oblique despair, long voice messages; past events, prevention questions,
       # idioms, health questions, quarrels, phone numbers); first sight / after: -1 88% / 2% → 100% / 0%;
       # -2 88% / 4% → 100% / 0%; -3 84% / 4% → 100% / 0%; -4 78% / 6% → 100% / 0%
       "safety-own-safety10-1.jsonl", "safety-own-safety10-2.jsonl", "safety-own-safety10-3.jsonl",
       "safety-own-safety10-4.jsonl",
       # -5 88% / 6% → 98% / 0% (left: assets given away after 前年老伴没了, the past cue wins)
       "safety-own-safety10-5.jsonl",
       # session 20 (safety11): 50 danger, 50 look-alikes each on situations the lists did not hold (stings,
       # cellars and pits, heat stroke, toxic food, births, lightning, danger inside another story; vivid
       # past events, grumbling, questions ahead); first sight / after in tests/test_safety_safety11.py:
       # -1 92% / 4% → 100% / 0%; -2 (violence, the missing, power lines, collapse, the trapped, floods, despair)
       # 82% / 0% → 100% / 0%; -3 (indirect despair, danger inside another story, allergies, bleeding that lasts;
       # vivid past events, grumbling, old-age talk) 70% / 14% → 100% / 2% (left: 小孩吃果冻噎着了咋办, a bare case asked)
       # -4 (rides, strong-arm demolition, the lost on the way, boats, the shut in, beasts, machines, the highway)
       # 60% / 2% → 100% / 0%
       # -5 (the old voice: 中疯, 昏迷不性, 流学, 够呛, 光倒气, long run-ons; the common dangers in their words)
       # 82% / 10% → 100% / 0%
       "safety-safety11-1.jsonl", "safety-safety11-2.jsonl", "safety-safety11-3.jsonl", "safety-safety11-4.jsonl",
       "safety-safety11-5.jsonl",
       # -6 (a probe mixing all fields, written after the fixes of 1-5) 90% / 6% → 100% / 0%
       "safety-safety11-6.jsonl",
       # -7 (40 + 40, a probe written after the fixes of 6, look-alikes mirroring each danger) 92.5% / 17.5% →
       # 100% / 0%
       "safety-safety11-7.jsonl",
       # safety12 (paraphrase robustness): the colleague sets' situations (23, 21, 20, 19, 17, 16, 11, 10) said
       # by other villagers, ~60 danger + ~60 look-alikes each, written before reading the lists; first sight
       # / after in tests/test_safety_safety12.py: -1 93.4% / 4.9% → 100% / 0%; -2 88.5% / 1.7% → 100% / 0%
       "safety-para12-1.jsonl", "safety-para12-2.jsonl",
       # -3 (59 + 60, other voices, written after the fixes of 1-2) 91.5% / 6.7% → 100% / 0%
       "safety-para12-3.jsonl",
       # -4 (50 + 55: told by grandchildren and neighbours, typos, traditional characters, the shortest cries;
       # written after the fixes of 3) 92.0% / 1.8% → 98.0% / 0% (left: 快 着了 俺家草屋, 快 alone is no urgent word)
       "safety-para12-4.jsonl",
       # safety13 (paraphrase robustness): colleague sets 25-28 and 33 said by other villagers (an elder's
       # voice input run on, a grandson's fast homophone typing, Linyi speech), each batch written before
       # it ran; first sight / after in tests/test_safety_safety13.py: -1 100% / 0% → 100% / 0%;
       # -2 90.6% / 0% → 100% / 0%; -3 (written after the fixes of 2) 90.6% / 5.4% → 100% / 0%
       "safety-para13-1.jsonl", "safety-para13-2.jsonl", "safety-para13-3.jsonl",
       # -4 (written after the fixes of 3) 96.9% / 10.8% → 100% / 2.7% (left: 老头子打呼噜跟打雷似的 叫都叫不醒,
       # written as a sound sleeper; snoring that no call rouses is a stroke sign the lists keep as danger)
       "safety-para13-4.jsonl",
       # -5 (written after the fixes of 4) 87.5% / 2.7% → 100% / 0%
       "safety-para13-5.jsonl",
       # -6 (the grandson's homophones 一教/冷汉/中读/装/农要/白末, written after the fixes of 5) 100% / 2.9% → 100% / 0%
       "safety-para13-6.jsonl",
       # -7 (Linyi speech: 杵地上, 背过去, 干仗, 汪; written after the fixes of 6) 92.9% / 5.7% → 100% / 0%
       "safety-para13-7.jsonl"]


def rows(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
