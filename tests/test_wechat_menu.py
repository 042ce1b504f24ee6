"""The custom menu fits WeChat's limits and every key leads somewhere."""
import pytest

from bot.wechat.menu import MENU_LAYOUT, menu_definition, unknown_keys
from tests.kit.chat import event


def test_menu_fits_wechat_limits_and_knows_every_key():
    menu = menu_definition()
    assert 1 <= len(menu["button"]) <= 3
    for button in menu["button"]:
        assert len(button["name"].encode()) <= 16 and 1 <= len(button["sub_button"]) <= 5
        assert all(len(sub["name"].encode()) <= 60 for sub in button["sub_button"])
    assert not unknown_keys()


@pytest.mark.parametrize("key", [key for _, subs in MENU_LAYOUT for _, key in subs])
def test_every_menu_key_gets_an_answer(app, runner, key):
    assert runner.invoke(args=["setup"]).exit_code == 0
    reply = event(app, f"menu-{key}", "CLICK", key)
    assert reply.strip() and len(reply.encode()) < 2048
