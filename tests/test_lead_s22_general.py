"""Our own words for causes found in session 22 (none of them a blind set's phrasings).

Danger: a fraud under way, told as a caller passing for the police who wants the savings moved to a
"safe account", or the villager on the way to the bank right now; only asking whether it is a fraud,
or going to the bank for something else, is no alarm.
"""
from __future__ import annotations

import pytest

from bot.nlu import route_text


@pytest.mark.parametrize("text", ["电话里那人说是公安 叫俺把钱转到安全账户",
                                  "说是警察的叫俺马上把存款转到安全帐户 俺正要去银行",
                                  "骗子叫俺转钱 俺正要去银行呢 咋办"])
def test_a_fraud_under_way_is_an_alarm(text):
    assert route_text(text).intent == "safety"


@pytest.mark.parametrize("text", ["有人说是公安叫转到安全账户 这是骗子吧", "啥叫安全账户 村里能讲讲防诈骗不",
                                  "俺正要去银行交医保 几点开门"])
def test_asking_about_a_fraud_is_no_alarm(text):
    assert route_text(text).intent != "safety"
