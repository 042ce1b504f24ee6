"""没听懂的话: the menu.show answers to free text of the areas in scope, grouped by wording; a
cadre's assignment goes through the gate (lexicon checks, the texts then route there, labelled
routing files lose no line), is audited, and routes in every worker (version in the database)."""
from __future__ import annotations

import json
import re
from datetime import timedelta

import pytest
from sqlalchemy import select

from bot import clock, lexicon_store
from bot.models import AuditEntry, InboundMessage, LexiconAddition
from bot.nlu import gate, route_text, router
from tests.kit.admin import login, post
from tests.kit.admin_world import build_world
from tests.kit.wechat import WECHAT_SETTINGS, WeChatKit, make_text

HORN = ["大喇叭今天喊的啥", "大喇叭今天喊的啥", "村里大喇叭喊的啥", "大喇叭喊的啥啊"]


@pytest.fixture
def labelled(tmp_path):
    """Our own labelled lines (route --eval's format) standing in for the dev set."""
    path = tmp_path / "own-routing.jsonl"
    rows = [{"text": "低保咋办", "intent": "guide", "guide": "dibao"},
            {"text": "暖心食堂在哪", "intent": "canteen", "guide": None},
            {"text": "下次议事日是哪天", "intent": "affairs", "guide": None}]
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    return path


@pytest.fixture
def app_config(app_config, labelled):
    return {**app_config, **WECHAT_SETTINGS, "ROUTING_GATE_FILES": str(labelled)}


@pytest.fixture(autouse=True)
def no_additions_after():
    yield
    router.use_additions("", ())


@pytest.fixture
def world(db):
    return build_world(db)


def _said(db, openid: str, text: str, action: str = "menu.show", ago: timedelta = timedelta(hours=1)) -> None:
    with db.session() as s:
        n = s.query(InboundMessage).count()
        s.add(InboundMessage(dedupe_key=f"t:{openid}:{n}", openid=openid, msg_type="text", content=text,
                             reply="菜单", status="replied", action=action, received_at=clock.now() - ago))


def _cadre(app, who: str = "area_a"):
    client = app.test_client()
    assert login(client, who).status_code == 302
    return client


def _groups(html: str) -> list[str]:
    return re.findall(r"<h2>(.*?) <span class=\"muted\">(\d+)次", html)


def test_board_groups_similar_wording_within_scope(app, db, world):
    for text in HORN:
        _said(db, "v-A", text)
    _said(db, "v-A", "你好")                        # asked for the menu: understood
    _said(db, "v-A", "低保咋办", action="guide.show")  # understood
    _said(db, "v-B", "东关的话没人懂")               # another area
    _said(db, "v-A", "很久以前的话", ago=timedelta(days=60))
    html = _cadre(app).get("/admin/unheard").get_data(as_text=True)
    assert _groups(html) == [("大喇叭今天喊的啥", "4")]
    assert "村里大喇叭喊的啥" in html and "你好" not in html and "东关的话" not in html
    assert "很久以前的话" in _cadre(app).get("/admin/unheard?days=90").get_data(as_text=True)
    assert "东关的话没人懂" in _cadre(app, "county1").get("/admin/unheard").get_data(as_text=True)


def test_assignment_passes_the_gate_is_audited_and_routes(app, db, world):
    for text in HORN:
        _said(db, "v-A", text)
    assert route_text("村里大喇叭喊的啥").intent == "unknown"
    cadre = _cadre(app)
    page = post(cadre, "/admin/unheard/assign", {"texts": sorted(set(HORN)), "target": "intent:affairs",
                                                 "key": "x", "days": "30"}, token_from="/admin/unheard")
    html = page.get_data(as_text=True)
    assert page.status_code == 200 and "已加进词库" in html and "3/3 = 100.0%" in html
    assert "大喇叭" not in html.split("已加进词库")[1]  # assigned texts leave the board
    assert route_text("村里大喇叭喊的啥").intent == "affairs"
    with db.session() as s:
        row = s.scalars(select(LexiconAddition)).one()
        assert (row.kind, row.target, row.created_by) == ("intent", "affairs", "area_a")
        entry = s.scalars(select(AuditEntry).where(AuditEntry.action == "lexicon.add")).one()
        assert entry.after["target"] == "intent:affairs" and "村里大喇叭喊的啥" in entry.after["phrasings"]
    # Another worker (its router without the addition) picks it up by the version.
    router.use_additions("", ())
    assert route_text("村里大喇叭喊的啥").intent == "unknown"
    with db.session() as s:
        lexicon_store.sync(s)
    assert route_text("村里大喇叭喊的啥").intent == "affairs"


def test_the_bot_answers_by_the_assignment_through_the_webhook(app, db, world, client):
    with db.session() as s:
        lexicon_store.assign(s, "intent", "affairs", ["村里大喇叭喊的啥"], "t", [])
    router.use_additions("", ())  # this worker has not seen it yet: the next message syncs
    WeChatKit(client).post(make_text("v-A", "村里大喇叭喊的啥"))
    with db.session() as s:
        row = s.scalars(select(InboundMessage).where(InboundMessage.content == "村里大喇叭喊的啥")).one()
        assert row.action == "affairs.show"


def test_an_assignment_whose_texts_still_route_elsewhere_is_refused_with_the_lines(app, db, world):
    _said(db, "v-A", "低保咋办呀")
    cadre = _cadre(app)
    page = post(cadre, "/admin/unheard/assign", {"texts": ["低保咋办", "低保咋办呀"], "target": "intent:canteen",
                                                 "key": "低保咋办呀", "days": "30"}, token_from="/admin/unheard")
    html = page.get_data(as_text=True)
    assert page.status_code == 422 and "没有加进词库" in html and "还是分到 guide/dibao" in html
    assert "own-routing.jsonl: 3/3 = 100.0%" in html
    with db.session() as s:
        assert s.scalars(select(LexiconAddition)).first() is None
        assert s.scalars(select(AuditEntry).where(AuditEntry.action == "lexicon.add")).first() is None
    assert route_text("低保咋办").guide == "dibao"


def test_gate_refuses_an_addition_that_makes_a_right_line_wrong(tmp_path):
    path = tmp_path / "lines.jsonl"
    rows = [{"text": "低保咋办", "intent": "guide", "guide": "dibao"},
            {"text": "大喇叭今天喊的啥呢", "intent": "unknown", "guide": None}]  # right before
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    result = gate.check_addition((), ("intent", "affairs", ("大喇叭今天喊的啥",)), [path])
    assert not result.ok and result.figures == ["lines.jsonl: 1/2 = 50.0%"]
    assert any(line.startswith("lines.jsonl:2:") and "intent/" not in line and "affairs" in line
               for line in result.lines), result.lines


def test_gate_refuses_what_the_lexicon_checks_refuse():
    result = gate.check_addition((), ("intent", "unknown", ("随便",)), [])
    assert not result.ok and "词库检查没通过" in result.lines[0]


def test_a_target_that_does_not_exist_or_nothing_ticked_is_refused(app, db, world):
    cadre = _cadre(app)
    for form in ({"texts": ["随便说说"], "target": "intent:nonsense"}, {"texts": [], "target": "intent:affairs"}):
        page = post(cadre, "/admin/unheard/assign", {**form, "key": "k"}, token_from="/admin/unheard")
        assert page.status_code == 400


def test_gate_runs_the_routing_dev_set_when_present():
    files = lexicon_store.gate_files(None)
    if not files:
        pytest.skip("no ../shared/eval/routing-dev.jsonl here")
    result = gate.check_addition((), ("intent", "affairs", ("村里大喇叭喊的啥",)), files)
    assert result.ok, result.lines
    assert result.figures and result.figures[0].endswith("= 100.0%")
