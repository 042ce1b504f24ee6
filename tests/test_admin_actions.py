"""概况's actions: messages of the chosen period counted per action, with the share of menu.show
and clarify.ask, only for senders in the account's areas (their village or their staff role)."""
from __future__ import annotations

import re
from datetime import timedelta

import pytest

from bot import clock
from bot.models import InboundMessage
from tests.kit.admin import login
from tests.kit.admin_world import build_world


@pytest.fixture
def world(db):
    return build_world(db)


def _said(db, openid: str, action: str | None, text: str = "话", ago: timedelta = timedelta(hours=1)) -> None:
    with db.session() as s:
        n = s.query(InboundMessage).count()
        s.add(InboundMessage(dedupe_key=f"t:{openid}:{n}", openid=openid, msg_type="text", content=text,
                             reply="好", status="replied", action=action, received_at=clock.now() - ago))


def _page(app, who: str, query: str = "") -> str:
    client = app.test_client()
    assert login(client, who).status_code == 302
    return client.get("/admin/figures" + query).get_data(as_text=True)


def _count(html: str, action: str) -> int | None:
    found = re.search(rf"<code>{re.escape(action)}</code>[^<]*</td><td>(\d+)</td>", html)
    return int(found.group(1)) if found else None


def test_counts_and_shares_within_the_area_and_period(app, db, world):
    for action in ("guide.show", "guide.show", "menu.show", "clarify.ask"):
        _said(db, "v-A", action)
    _said(db, "m-A", "errand.accept")           # staff of area A (lives there too)
    _said(db, "rep-A", "need.claim")            # staff by role only
    _said(db, "v-B", "menu.show")               # another area
    _said(db, "v-A", "menu.show", ago=timedelta(days=20))  # outside 7 days
    _said(db, "nobody", "help.show")            # a newcomer: county only
    area = _page(app, "area_a")
    assert (_count(area, "guide.show"), _count(area, "menu.show"), _count(area, "clarify.ask")) == (2, 1, 1)
    assert _count(area, "need.claim") == 1 and _count(area, "help.show") is None
    assert "共6条" in area and "16.7%" in area  # menu.show 1 of 6
    month = _page(app, "area_a", "?days=30")
    assert _count(month, "menu.show") == 2 and "共7条" in month
    county = _page(app, "county1")
    assert _count(county, "menu.show") == 2 and _count(county, "help.show") == 1


def test_an_unknown_period_falls_back_to_seven_days(app, db, world):
    _said(db, "v-A", "menu.show", ago=timedelta(days=20))
    assert _count(_page(app, "area_a", "?days=abc"), "menu.show") is None
