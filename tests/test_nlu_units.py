"""Router building blocks: cleaning, pinyin typo matching, ambiguity, out-of-scope, lexicon errors."""
from __future__ import annotations

import shutil

import pytest

from bot.nlu import route_text
from bot.nlu.lexicon import LexiconError, load_lexicon, DEFAULT_DIR
from bot.nlu.normalize import normalize
from bot.nlu.router import FLOOR, get_router


# --- normalisation -------------------------------------------------------------------------

@pytest.mark.parametrize("raw, clean", [
    ("辦低保要準備什麼材料", "办低保要准备什么材料"),  # traditional → simplified
    ("ＡＢＣ１２３低保", "abc123低保"),  # full-width → half-width, lower case
    ("低保咋办？！👍😊", "低保咋办"),  # punctuation and emoji dropped
    ("俺 爷 九十了", "俺爷90了"),  # spaces dropped, spoken age → digits
    ("交满十五年", "交满15年"),
    ("老人过了八十", "老人过了80"),
])
def test_normalize(raw, clean):
    assert normalize(raw) == clean


def test_fillers_are_dropped_but_words_keep_their_characters():
    router = get_router()
    assert router.scan("嗯嗯那个就是说低保那个咋办啊").corrected == "低保怎么办"
    assert router.scan("这个月的主题").corrected == "这个月的主题"  # "这个" is a filler, "这个月" is not


def test_dialect_and_typo_rewrites_reach_the_corrected_text():
    assert get_router().scan("俺娘的低包咋整").corrected == "妈的低保怎么办"


# --- pinyin typo matching ------------------------------------------------------------------

@pytest.mark.parametrize("text, guide", [
    ("低饱咋申请", "dibao"),  # 饱 bao: not in the typo list, found by sound
    ("社保咔丢了", "social-security-card"),
    ("身份政到期了去哪换", "id-card"),
    ("养劳保险一年交多少", "pension-insurance"),
    ("新生儿落湖要带啥", "newborn-hukou"),
])
def test_homophone_typos_found_by_pinyin(text, guide):
    found = get_router().scan(text)
    assert any(hit.by_pinyin for hit in found.hits), found
    result = route_text(text)
    assert (result.intent, result.guide) == ("guide", guide)


@pytest.mark.parametrize("text, not_meant", [
    ("为方便村民办事", "危房"),  # sound-alike with no shared character
    ("老板跑了工钱没给", "帮跑"),  # would cut the word 老板
    ("钱都花哪了", "了了"),  # particles never stand in for a typo
])
def test_pinyin_does_not_invent_words(text, not_meant):
    found = get_router().scan(text)
    assert not_meant not in found.corrected
    assert not any(hit.by_pinyin for hit in found.hits)


def test_known_typo_forms_route_like_the_real_word():
    for typo, real in [("低包咋办", "低保咋办"), ("宅鸡地咋申请", "宅基地咋申请"), ("医宝能报吗", "医保能报吗"),
                       ("残疾补帖多少钱", "残疾补贴多少钱")]:
        assert (route_text(typo).intent, route_text(typo).guide) == (route_text(real).intent, route_text(real).guide)


# --- ambiguity and out-of-scope ------------------------------------------------------------

@pytest.mark.parametrize("text, guides", [
    ("低保和残疾补贴一块办行不行", {"dibao", "disability-subsidy"}),
    ("俺想问问身份证和社保卡咋补办", {"id-card", "social-security-card"}),
])
def test_two_matters_named_is_ambiguous_with_both_candidates(text, guides):
    result = route_text(text)
    assert result.ambiguous
    assert result.intent == "guide" and result.guide in guides
    assert guides <= {c.guide for c in result.candidates}


def test_one_matter_with_identity_is_not_ambiguous():
    result = route_text("俺是低保户 孩子上户口咋办")
    assert (result.intent, result.guide, result.ambiguous) == ("guide", "newborn-hukou", False)


@pytest.mark.parametrize("text", [
    "明天天气咋样", "俺家大蒜想卖了 谁收", "给俺唱个歌", "今天几号了", "哪有卖化肥的", "股票能买吗",
])
def test_out_of_scope_is_unknown(text):
    assert route_text(text).intent == "unknown"


@pytest.mark.parametrize("text", ["", "   ", "？？？", "😊😊"])
def test_empty_or_symbol_only_is_unknown_with_no_score(text):
    result = route_text(text)
    assert (result.intent, result.guide) == ("unknown", None) and result.score < FLOOR


def test_scores_are_calibrated_between_zero_and_one():
    strong, weak = route_text("低保怎么申请"), route_text("家里困难")
    assert 0 <= weak.score < strong.score <= 1
    assert strong.score >= 0.8


# --- knowledge and the difference between services -----------------------------------------

@pytest.mark.parametrize("text, intent, guide", [
    ("宅基地纠纷找谁", "mediation", None),
    ("宅基地申请要啥材料", "guide", "homestead"),
    ("帮俺把低保申请办了 俺走不动", "errand", "dibao"),
    ("我申请的代办到哪一步了", "status", None),
    ("不办了", "cancel", None),
])
def test_service_cues_decide_between_guide_and_other_intents(text, intent, guide):
    result = route_text(text)
    assert (result.intent, result.guide) == (intent, guide)


# --- lexicon validation ---------------------------------------------------------------------

def _lexicon_copy(tmp_path):
    target = tmp_path / "lexicon"
    shutil.copytree(DEFAULT_DIR, target)
    return target


def test_lexicon_error_names_file_and_field(tmp_path):
    lexicon = _lexicon_copy(tmp_path)
    guides = (lexicon / "guides.yaml").read_text(encoding="utf-8")
    (lexicon / "guides.yaml").write_text(guides.replace("aliases: [低保,", "aliases: [[低保],", 1), encoding="utf-8")
    with pytest.raises(LexiconError) as error:
        load_lexicon(lexicon)
    assert "guides.yaml" in str(error.value) and "(dibao).aliases[0]" in str(error.value)


def test_lexicon_rejects_unknown_ids_bad_patterns_and_missing_files(tmp_path):
    lexicon = _lexicon_copy(tmp_path)
    intents = (lexicon / "intents.yaml").read_text(encoding="utf-8")
    (lexicon / "intents.yaml").write_text(intents.replace("- id: theme", "- id: themes"), encoding="utf-8")
    with pytest.raises(LexiconError, match=r"intents\.yaml: intents\[\d+\] \(themes\)\.id: unknown intent id"):
        load_lexicon(lexicon)
    (lexicon / "intents.yaml").write_text(intents.replace("re: '^(我是)", "re: '^((我是)"), encoding="utf-8")
    with pytest.raises(LexiconError, match=r"intents\.yaml: intents\[\d+\] \(bind\)\.patterns\[2\]\.re: bad regular"):
        load_lexicon(lexicon)
    (lexicon / "fillers.yaml").unlink()
    with pytest.raises(LexiconError, match="fillers.yaml: file not found"):
        load_lexicon(lexicon)


def test_an_edited_lexicon_changes_routing(tmp_path):
    lexicon = _lexicon_copy(tmp_path)
    synonyms = (lexicon / "synonyms.yaml").read_text(encoding="utf-8")
    (lexicon / "synonyms.yaml").write_text(synonyms.replace("  低保: [低包,", "  低保: [低苞苞,"), encoding="utf-8")
    assert get_router(lexicon).route("低苞苞咋办").guide == "dibao"


@pytest.mark.parametrize("text, guide", [
    ("最低生活保证咋申请", "dibao"),  # one wrong character in a long official name
    ("居民养老保一年交多少", "pension-insurance"),  # one character dropped
    ("重度残疾护理补贴", "disability-subsidy"),
])
def test_long_names_with_a_slip_are_recognised(text, guide):
    result = route_text(text)
    assert (result.intent, result.guide) == ("guide", guide)


def test_warm_up_in_the_background_builds_the_router():
    from bot.nlu import warm_up

    thread = warm_up(background=True)
    thread.join(timeout=30)
    assert not thread.is_alive()


def test_segmenter_falls_back_to_jiebas_dictionary_when_the_cache_is_not_writable(tmp_path, monkeypatch):
    from bot.nlu.segment import Segmenter

    blocked = tmp_path / "file-not-dir"
    blocked.write_text("x")
    monkeypatch.setenv("PIANQU_NLU_CACHE", str(blocked / "cache"))
    segmenter = Segmenter(["低保户"])
    assert "低保户" in segmenter.tokens("我是低保户")
