"""The danger detector's exact quick no (bot/safety/gate.py): a prepared text the gate turns
away holds nothing any kind can find, and the detector's answers are the same with the gate
as without it; the segmenter's kept positions are the positions it works out."""
import json
from pathlib import Path

import pytest

from bot.safety import detect as detect_module
from bot.safety.gate import may_hit
from bot.safety.hits import kind_hits, silence_negated
from bot.safety.prepare import prepare
from bot.safety.words import safety_words

DATA = Path(__file__).parent / "data"
ORDINARY = ["低保咋申请", "俺想问问医保报销的事", "你好", "1", "谢谢啊",
            "残疾证在哪办", "俺家孩子上学的补助啥时候发", "麦子该打药了吧", "明天开会不"]
DANGEROUS = ["俺家着火了", "俺爹从房上摔下来了 不醒人事", "孩子掉河里了", "煤气中du了", "俺不想活了",
             "有人拿刀砍人", "俺娘晕倒了叫不醒", "俺家孩子叫人抱走了"]


def _texts() -> list[str]:
    texts = ORDINARY + DANGEROUS
    for path in sorted(DATA.glob("safety-own-*.jsonl"))[:12]:
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                texts.append(str(json.loads(line)["text"]))
    return texts


def _anything_found(prepared: str) -> bool:
    words = safety_words()
    silenced = silence_negated(prepared, words)
    return any(kind_hits(silenced, kind, words) for kind in words.kinds)


def test_a_text_the_gate_turns_away_holds_nothing():
    words = safety_words()
    turned_away = found = 0
    for text in _texts():
        prepared = prepare(text, words)
        if not prepared:
            continue
        anything = _anything_found(prepared)
        found += anything
        if not may_hit(prepared, words):
            turned_away += 1
            assert not anything, text
    assert turned_away and found  # both kinds of text were there


@pytest.mark.parametrize("text", ORDINARY)
def test_ordinary_questions_are_turned_away(text):
    words = safety_words()
    assert not may_hit(prepare(text, words), words)


def test_the_detector_answers_the_same_without_the_gate(monkeypatch):
    words = safety_words()
    texts = _texts()
    gated = [detect_module._detect(text, words) for text in texts]
    monkeypatch.setattr(detect_module, "may_hit", lambda text, words: True)
    assert [detect_module._detect(text, words) for text in texts] == gated
    assert any(gated) and not all(gated)


def test_kept_positions_are_the_positions():
    from bot.nlu.router import get_router

    segmenter = get_router().segmenter
    for text in ["俺家低保咋办", "路灯坏了", "俺家低保咋办", "看人钓鱼"]:
        alone, boundaries = segmenter.positions(text)
        offset, want_alone, want_bounds = 0, set(), {0}
        for token in segmenter.tokens(text):
            if len(token) == 1:
                want_alone.add(offset)
            offset += len(token)
            want_bounds.add(offset)
        assert (set(alone), set(boundaries)) == (want_alone, want_bounds)
    assert segmenter.positions("路灯坏了") is segmenter.positions("路灯坏了")  # kept, not worked out again
