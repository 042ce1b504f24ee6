"""A danger message end to end (signed webhook → outbox → fake WeChat), its time to the staff's
phone, and the 紧急求助 board: scope, unanswered first, closing a case."""
from __future__ import annotations

import time

import pytest
from sqlalchemy import select

from bot.models import Area, SafetyCase, User, UserRole, Village
from tests.kit.admin import add_account, login, post
from tests.kit.wechat import WECHAT_SETTINGS, WeChatKit, make_text, make_voice
from tests.kit.outbox import deliver


pytestmark = pytest.mark.app_settings(WECHAT_SETTINGS, {"TEMPLATE_IDS": {"need": "tpl-need"}}, fake_wechat=True)


@pytest.fixture
def world(app, runner, db, fake_wechat):
    assert runner.invoke(args=["setup"]).exit_code == 0
    with db.session() as s:
        area = s.scalars(select(Area).where(Area.code == "bz-daicun")).one()
        village = s.scalars(select(Village).where(Village.area_id == area.id).order_by(Village.id)).first()
        s.add(User(openid="sv1", name="王秀英", phone="13800000001", village_id=village.id))
        secretary = User(openid="ssec", name="代村书记")
        s.add(secretary)
        s.flush()
        s.add(UserRole(user_id=secretary.id, role="secretary", area_id=area.id))
        county = User(openid="scty", name="县值班")
        s.add(county)
        s.flush()
        s.add(UserRole(user_id=county.id, role="cadre", area_id=None))
    add_account(db, "county1", "county")
    add_account(db, "daicun", "area", area_code="bz-daicun")
    default_app_id = fake_wechat.state.app_id
    fake_wechat.state.app_id = WECHAT_SETTINGS["WECHAT_APP_ID"]
    yield WeChatKit(app.test_client())
    fake_wechat.state.app_id = default_app_id


def test_a_voice_message_of_danger_reaches_the_secretary_by_template_within_seconds(app, world, fake_wechat):
    fake_wechat.interaction("sv1")
    world.post(make_text("sv1", "你好"), mode="safe")  # the router is built at start-up in production
    deliver(app)  # and the access token fetched
    started = time.monotonic()
    answer = world.post(make_voice("sv1", "俺娘晕倒了 叫不醒"), mode="safe")
    answered = time.monotonic() - started
    deliver(app)
    elapsed = time.monotonic() - started
    assert world.content(answer).startswith("请马上打120")
    [push] = fake_wechat.messages("ssec")
    assert push["endpoint"] != "custom"  # the secretary wrote nothing for days: a template
    assert "王秀英" in str(push) and "俺娘晕倒了" in str(push)
    print(f"safety: reply {answered * 1000:.0f} ms, message to the staff push {elapsed * 1000:.0f} ms")
    assert elapsed < 5.0, elapsed  # message → the staff's phone, on this machine


def test_a_custom_quota_used_up_does_not_hold_a_safety_push(app, world, fake_wechat):
    fake_wechat.interaction("sv1")
    fake_wechat.interaction("ssec")
    fake_wechat.set_fault("custom", errcode=45009)
    world.post(make_text("sv1", "有人打架动刀子了"), mode="safe")
    deliver(app)
    assert [m["endpoint"] for m in fake_wechat.messages("ssec")] not in ([], ["custom"])
    assert any("有人打架动刀子了" in str(m) for m in fake_wechat.messages("ssec"))


def test_the_board_shows_cases_in_scope_unanswered_first_and_closes_them(app, world, db, fake_wechat):
    fake_wechat.interaction("sv1")
    world.post(make_text("sv1", "俺家着火了"), mode="safe")
    world.post(make_text("stranger", "电线杆倒了 电线耷拉在路上"), mode="safe")  # no village: county's
    deliver(app)
    county, area = app.test_client(), app.test_client()
    login(county, "county1")
    login(area, "daicun")
    county_page = county.get("/admin/safety").get_data(as_text=True)
    area_page = area.get("/admin/safety").get_data(as_text=True)
    assert "俺家着火了" in county_page and "电线耷拉" in county_page
    assert "俺家着火了" in area_page and "电线耷拉" not in area_page
    assert "没人回复" in area_page and "秒" in area_page  # the time from message to push
    with db.session() as s:
        fire = s.scalars(select(SafetyCase).where(SafetyCase.words == "俺家着火了")).one()
        wire = s.scalars(select(SafetyCase).where(SafetyCase.area_id.is_(None))).one()
    assert post(area, f"/admin/safety/{wire.id}/close", token_from="/admin/safety").status_code == 403
    assert post(area, f"/admin/safety/{fire.id}/close", token_from="/admin/safety").status_code == 302
    with db.session() as s:
        assert s.get(SafetyCase, fire.id).state == "closed"
        assert s.get(SafetyCase, wire.id).state == "open"
    assert "紧急求助" in area.get("/admin/").get_data(as_text=True)  # on the navigation


def test_migrated_schema_matches_the_safety_model(db):
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    from bot.models import Base

    with db.engine.connect() as conn:
        diffs = compare_metadata(MigrationContext.configure(conn), Base.metadata)
    assert [d for d in diffs if "safety_cases" in repr(d)] == []
