"""Issue 12, finding 11: a known or short SECRET_KEY stops the start outside dev and tests."""
from __future__ import annotations

from pathlib import Path

import pytest

from bot import create_app

REAL_API = "https://api.weixin.qq.com/"
EXAMPLE = Path(__file__).resolve().parent.parent / "deploy" / "pianqu.env.example"


def _example_secret() -> str:
    for line in EXAMPLE.read_text(encoding="utf-8").splitlines():
        if line.startswith("SECRET_KEY="):
            return line.split("=", 1)[1]
    raise AssertionError("no SECRET_KEY in the env example")


@pytest.mark.parametrize("secret", [_example_secret(), "dev-secret-key-change-me", "short-but-random-3f9a",
                                    "a" * 64, ""])
def test_a_known_or_short_secret_stops_a_production_start(app_config, secret):
    with pytest.raises(RuntimeError, match="SECRET_KEY"):
        create_app({**app_config, "TESTING": False, "WECHAT_API_BASE": REAL_API, "SECRET_KEY": secret})


def test_a_long_random_secret_passes_and_dev_and_tests_keep_their_default():
    from bot.secret_check import check_secret_key
    check_secret_key({"SECRET_KEY": "kR3v9-xQ2mZ8_pL4wT7yN1bH6cJ0sD5fG2aE9uV4iO8", "TESTING": False,
                      "WECHAT_API_BASE": REAL_API})
    check_secret_key({"SECRET_KEY": "dev-secret-key-change-me", "TESTING": True, "WECHAT_API_BASE": REAL_API})
    check_secret_key({"SECRET_KEY": "dev-secret-key-change-me", "TESTING": False,
                      "WECHAT_API_BASE": "http://127.0.0.1:8081/"})  # `make run`: the fake WeChat API
