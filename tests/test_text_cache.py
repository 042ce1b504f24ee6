"""bot/text_cache.py and its users: bounded, least recently used out first, exact readings."""
from __future__ import annotations

import threading

import pytest

from bot.nlu import named_guides, route_text
from bot.nlu.router import get_router
from bot.safety import detect as detect_module
from bot.text_cache import TextCache


def test_least_recently_used_goes_first_and_the_bound_holds():
    kept: TextCache[str] = TextCache(2)
    kept.put("a", "A")
    kept.put("b", "B")
    assert kept.get("a") == "A"  # now the most recent
    kept.put("c", "C")
    assert kept.get("b") is None and kept.get("a") == "A" and kept.get("c") == "C"
    assert len(kept) == 2
    kept.clear()
    assert len(kept) == 0 and kept.get("a") is None


def test_a_cache_holds_at_least_one_entry():
    with pytest.raises(ValueError):
        TextCache(0)


def test_threads_never_push_it_past_its_bound():
    kept: TextCache[int] = TextCache(50)

    def work(offset: int) -> None:
        for i in range(2000):
            kept.put((offset, i % 120), i)
            kept.get((offset, (i * 7) % 120))

    threads = [threading.Thread(target=work, args=(n,)) for n in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(kept) == 50


@pytest.mark.parametrize("text", ["低保咋办", "俺家着火了", "好的", "1", "俺想问问残疾证在哪办？"])
def test_a_kept_reading_is_the_reading(text):
    router = get_router()
    first = route_text(text)
    again = route_text(text)
    assert again == first
    fresh = router._route(text, False)  # read anew, no kept route
    assert (fresh if first.intent != "safety" else first) == first
    assert named_guides(text) == router.explain(text)[1].named
    assert detect_module.detect(text) == detect_module._detect(text, detect_module.safety_words())


def test_another_rule_set_is_never_answered_from_the_kept_reading():
    words = detect_module.safety_words()
    detect_module.detect("俺家着火了")
    other = type(words)(**{**words.__dict__, "threshold": 99.0})  # nothing reaches this threshold
    assert detect_module.detect("俺家着火了", other) is None
    assert detect_module.detect("俺家着火了") is not None
