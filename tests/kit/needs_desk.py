"""The admin page's needs board (群众需求) in tests: report and whistle needs, act on a need's page.

    number = report(db, county, "v1", ROAD)          # a need of the needs county's v1
    number = whistled(db, county, "build1")          # whistled to county-build, claimed by build1
    page = act(cadre, number, "close", {"note": ""}) # a form POST with the page's version stamp
    pushes_from(db, f"need:{number}:")              # business key → (openid, text)

The county is the needs county of tests.kit.worlds; NEEDS_ACCOUNTS are the accounts the board's
tests log in as: county1, bz (卞庄街道), daicun (代村片区), ll (兰陵镇).
"""
from __future__ import annotations

import re
from datetime import timedelta

from sqlalchemy import select

from bot import needs
from bot.models import Need, NeedEvent, OutboxMessage
from tests.kit.admin import post
from tests.kit.clock import FROZEN_AT
from tests.kit.worlds import user

NOW = FROZEN_AT  # the frozen_clock fixture's time
ROAD = "村口那条路坑坑洼洼，一下雨全是泥，车都过不去"
FARM = "大棚里的黄瓜叶子发黄"
NEEDS_ACCOUNTS = [("county1", "county"), ("bz", "township", "卞庄街道"), ("daicun", "area", "", "bz-daicun"),
                  ("ll", "township", "兰陵镇")]
_SEEN = re.compile(r'name="seen" value="([^"]+)"')


def report(db, county, who: str = "v1", text: str = ROAD, urgency: str = "normal", ago: timedelta = timedelta(0),
            **extra) -> int:
    with db.session() as s:
        return needs.report_need(s, user(s, county, who), text, urgency=urgency, now=NOW - ago, **extra).number


def whistled(db, county, *who_claims: str) -> int:
    """A road need of v1, whistled to county-build (build1, build2, build_lead)."""
    number = report(db, county, ago=timedelta(hours=3))
    with db.session() as s:
        needs.whistle_round(s, NOW - timedelta(hours=2))
        for who in who_claims:
            assert needs.claim(s, number, user(s, county, who), NOW - timedelta(hours=1)).ok
    return number


def seen_stamp(client, number: int) -> str:
    page = client.get(f"/admin/needs/{number}")
    assert page.status_code == 200
    return _SEEN.search(page.get_data(as_text=True)).group(1)


def act(client, number: int, action: str, data: dict | None = None, seen: str | None = None) -> str:
    """POST an action form of the need's page; the page shown after the redirect."""
    url = f"/admin/needs/{number}"
    form = {"seen": seen if seen is not None else seen_stamp(client, number), **(data or {})}
    response = post(client, f"{url}/{action}", form, token_from=url, follow_redirects=True)
    assert response.status_code == 200, response.status_code
    return response.get_data(as_text=True)


def need_row(db, number: int) -> Need:
    with db.session() as s:
        return s.get(Need, number)


def pushes_from(db, prefix: str) -> dict[str, tuple[str, str]]:
    """business key → (openid, text) of the outbox rows whose key starts with `prefix`."""
    with db.session() as s:
        rows = s.scalars(select(OutboxMessage).where(OutboxMessage.business_key.startswith(prefix)))
        return {m.business_key: (m.openid, m.payload["text"]) for m in rows}


def need_events(db, number: int) -> list[tuple[str, str]]:
    with db.session() as s:
        return list(s.execute(select(NeedEvent.kind, NeedEvent.note).where(NeedEvent.need_id == number)
                              .order_by(NeedEvent.id)).all())

