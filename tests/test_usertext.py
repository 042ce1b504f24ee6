"""Issue 12, finding 2: a villager's text reaches staff without markup or a clickable link."""
from __future__ import annotations

from types import SimpleNamespace

import pytest

from bot.usertext import LINK_NOTE, neutral

PHISH = '反映一下：<a href="http://evil.example.com/x">点这里看现场照片</a> 路灯坏了'


def _safe(text: str) -> None:
    assert "<" not in text and ">" not in text and "href" not in text.lower()
    assert "http" not in text.lower() and "evil.example" not in text and "www." not in text.lower()


@pytest.mark.parametrize("raw", [
    PHISH,
    "看这里 http://evil.example.com/a?b=c 谢谢",
    "看这里 https://evil.example.com 谢谢",
    "www.evil.example.com/x 快看",
    "evil.example.com/login 快看",
    "&lt;a href=&quot;http://evil.example.com&quot;&gt;点&lt;/a&gt;",
    "&amp;lt;a href=evil.example.com/x&amp;gt;点",
    "<A HREF='javascript:alert(1)'>点</A>",
    "<img src=x onerror=1>图",
])
def test_markup_and_links_are_neutralised(raw):
    _safe(neutral(raw))


def test_the_words_stay_and_say_where_the_link_was():
    assert neutral(PHISH) == f"反映一下：点这里看现场照片{LINK_NOTE} 路灯坏了"
    assert neutral("路灯坏了，三天了") == "路灯坏了，三天了"
    assert neutral("电话13800000001，价钱1.5元") == "电话13800000001，价钱1.5元"


def test_a_whistle_carries_no_link():
    from bot.needs.notices import whistle_text
    need = SimpleNamespace(text=PHISH, urgency="urgent", number=7, village=SimpleNamespace(name="代村"),
                           area=None, photo_media_id=None, latitude=None)
    text = whistle_text(need, None)
    _safe(text)
    assert "点这里看现场照片" in text and LINK_NOTE in text


def test_an_errand_offer_carries_no_link():
    from bot.errands.notices import offer_text
    villager = SimpleNamespace(name='<a href="http://evil.example.com">李大爷</a>', village=SimpleNamespace(name="代村"))
    errand = SimpleNamespace(number=3, matter=PHISH, villager=villager, phone="13800000001",
                             preferred_time="明天 http://evil.example.com/t")
    _safe(offer_text(errand))


def test_the_booking_lines_carry_no_link(monkeypatch):
    from bot.mediation import notices as notify
    sent = []
    monkeypatch.setattr(notify, "_push", lambda session, key, openid, text, data=None, kind="mediation":
                        sent.append(text))
    monkeypatch.setattr(notify, "mediator_openids", lambda *a, **k: ["m1"])
    monkeypatch.setattr(notify, "room_of", lambda s, b: SimpleNamespace(name="调解室", address=""))
    monkeypatch.setattr(notify, "slot_words", lambda slot, tz=None: "12月7日上午")
    monkeypatch.setattr(notify, "kind_words", lambda b: "邻里纠纷")
    villager = SimpleNamespace(name="张三 http://evil.example.com/v", village=None)
    session = SimpleNamespace(get=lambda model, ident: villager)
    booking = SimpleNamespace(number=5, other_party='<a href="http://evil.example.com">王五</a>',
                              description=PHISH, slot=None, villager_id=1, phone="13800000001")
    notify.new_booking(session, booking)
    assert sent
    _safe(sent[0])


def test_a_forward_to_staff_carries_no_link(app, db, router):
    from sqlalchemy import select

    from bot.models import OutboxMessage
    from tests.kit.chat import say
    router.always("human")
    with db.session() as s:
        from bot.models import Area, User, UserRole, Village
        area = Area(code="a1", name="代村片区", township="卞庄街道", phone="0539-0000000")
        s.add(area)
        s.flush()
        s.add(Village(name="代村", area_id=area.id))
        sec = User(openid="sec1", name="王书记")
        s.add(sec)
        s.flush()
        s.add(UserRole(user_id=sec.id, role="secretary", area_id=area.id))
        s.add(User(openid="v1", name="<b>李</b>", village_id=s.scalar(select(Village.id))))
    say(app, "v1", "我要找人")
    say(app, "v1", PHISH)
    with db.session() as s:
        [row] = s.scalars(select(OutboxMessage)).all()
    _safe(row.payload["text"])
    assert "点这里看现场照片" in row.payload["text"]
