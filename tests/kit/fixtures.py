"""Fixtures shared by many test modules (a pytest plugin, registered in tests/conftest.py).

    area        an area (bz-daicun, 代村片区) with one village, 代村: its id
    county      the sample county a module names with `pytestmark = pytest.mark.county(kind, ...)`
    world       the admin tests' county (tests.kit.admin_world.build_world)
    cadre       a test client logged in as the area A cadre of `world`
    kit         a WeChatKit on the test client: signed messages through the real /wechat
    wechat_chat the shipped county set up, and say(openid, text) through /wechat in safe mode
    router      a FakeRouter on the app, instead of the NLU router
    host_guard  no traffic past loopback (tests.kit.network.RealHostGuard)
    drained     after the test, the app's background replies have all finished
    wechat_client, outbox_settings   the app's WeChat API client and outbox settings
    worlds      the conversation runner's worlds (bot.converse), once per module

A module changes one for itself by defining a fixture of the same name, which may ask for the
shared one (`def world(world, db): ...add rows...; return world`).
"""
from __future__ import annotations

import io

import pytest

from bot.outbox import OutboxSettings
from bot.reply_runner import drain
from bot.wechat.client import build_client
from tests.kit.admin import add_account, logged_in
from tests.kit.admin_world import build_world
from tests.kit.factories import seed_area
from tests.kit.network import RealHostGuard
from tests.kit.routing import FakeRouter
from tests.kit.wechat import WECHAT_SETTINGS, WeChatKit, make_text
from tests.kit.worlds import build_relay_county, make_county, make_needs_county

COUNTIES = {"people": make_county, "needs": make_needs_county, "relay": build_relay_county}


def pytest_configure(config) -> None:
    config.addinivalue_line(
        "markers", "county(kind='people', accounts=(), **options): which sample county the `county` fixture "
                   "builds (people, needs, relay), options of its maker (members=1), admin accounts to add")


@pytest.fixture
def county(request, db):
    """The sample county of the module or test's `county` mark (tests.kit.worlds):
    "people" (the default) make_county, "needs" make_needs_county, "relay" build_relay_county.
    `accounts`: admin accounts to add, each the arguments of tests.kit.admin.add_account after db,
    e.g. ("daicun", "area", "", "bz-daicun")."""
    marker = request.node.get_closest_marker("county")
    kind = marker.args[0] if marker and marker.args else "people"
    options = dict(marker.kwargs) if marker else {}
    accounts = options.pop("accounts", ())
    built = COUNTIES[kind](db, **options)
    for account in accounts:
        add_account(db, *account)
    return built


@pytest.fixture
def area(db) -> int:
    return seed_area(db)


@pytest.fixture
def world(db):
    return build_world(db)


@pytest.fixture
def cadre(app, world):
    """The area A cadre, logged in."""
    return logged_in(app, "area_a")


@pytest.fixture
def kit(client) -> WeChatKit:
    return WeChatKit(client)


@pytest.fixture
def wechat_chat(app, client, runner, fake_wechat):
    """The shipped county set up (`flask setup`), and `say(openid, text)`: a text posted in safe
    mode for the account WECHAT_SETTINGS names, as WeChat does (it opens the 48-hour window);
    returns the reply's text. `say.kit` is the WeChatKit. Needs the fake API and WECHAT_SETTINGS in
    the app's settings (`pytest.mark.app_settings(WECHAT_SETTINGS, fake_wechat=True)`)."""
    assert runner.invoke(args=["setup"]).exit_code == 0
    kit = WeChatKit(client)
    default_app_id = fake_wechat.state.app_id
    fake_wechat.state.app_id = WECHAT_SETTINGS["WECHAT_APP_ID"]  # the account the kit signs for

    def say(openid: str, text: str) -> str:
        fake_wechat.interaction(openid)  # WeChat opens the 48-hour window on every message
        sent = kit.post(make_text(openid, text), mode="safe")
        assert sent.status == 200
        return kit.content(sent)

    say.kit = kit
    yield say
    fake_wechat.state.app_id = default_app_id


@pytest.fixture
def router(app) -> FakeRouter:
    return FakeRouter(app)


@pytest.fixture
def host_guard(monkeypatch) -> RealHostGuard:
    return RealHostGuard(monkeypatch)


@pytest.fixture
def drained(app):
    """Use as `pytestmark = pytest.mark.usefixtures("drained")`: no reply left running after a test."""
    yield
    assert drain(app)


@pytest.fixture
def wechat_client(app):
    return build_client(app.config, db=app.extensions["db"])


@pytest.fixture(scope="module")
def worlds():
    """The worlds the conversation runner plays conversations in (an app per conversation, the fake
    API), built once per module and cleaned up after it."""
    from bot.converse.cli import make_worlds, read_conversations  # only the modules that use it load it

    built = make_worlds(read_conversations(io.StringIO('{"id": "x", "steps": []}\n')), "Asia/Shanghai")
    yield built
    built.fake.close()
    built.cleanup()


@pytest.fixture
def outbox_settings(app) -> OutboxSettings:
    return OutboxSettings.from_config(app.config)
