"""Registration in chat: village with candidates and confirmation, invite codes, 我的信息, leaving a role."""
from __future__ import annotations

import pytest
from sqlalchemy import select

from bot.accounts import create_invite
from bot.models import Area, DialogState, User
from tests.kit.chat import say


@pytest.fixture
def route(router):
    for text in ("我要登记", "俺是代庄的", "我是陈庄的", "我是党员", "我是代村的党员"):
        router.set(text, "bind")
    return router


def _user(app, openid) -> User:
    with app.extensions["db"].session() as s:
        user = s.scalar(select(User).where(User.openid == openid))
        if user is not None:
            _ = user.village, user.roles
            if user.village:
                _ = user.village.area
            s.expunge_all()
        return user


def _flow(app, openid) -> tuple[str, str] | None:
    with app.extensions["db"].session() as s:
        state = s.get(DialogState, openid)
        return (state.flow, state.step) if state else None


def _code(app, role="party_member", area="bz-daicun", group=None) -> str:
    with app.extensions["db"].session() as s:
        area_row = s.scalar(select(Area).where(Area.code == area))
        return create_invite(s, role, area_row, group, "test").code


def test_bind_by_alias_then_confirm(app, county, route):
    reply = say(app, "n1", "俺是代庄的")
    assert "代村" in reply and _flow(app, "n1") == ("bind", "confirm")
    assert _user(app, "n1").village is None  # nothing bound before the villager says yes
    say(app, "n1", "对")
    assert _user(app, "n1").village.name == "代村" and _flow(app, "n1") is None


def test_candidates_are_numbered_and_picked(app, county, route):
    reply = say(app, "n2", "我是陈庄的")
    assert "1 " in reply and "2 " in reply and "东陈庄" in reply and "西陈庄" in reply
    pick = 1 if reply.index("东陈庄") < reply.index("西陈庄") else 2
    say(app, "n2", str(pick))
    assert _user(app, "n2").village.name == "东陈庄"


def test_ask_then_typo_then_no_then_again(app, county, route):
    say(app, "n3", "我要登记")
    assert _flow(app, "n3") == ("bind", "village")
    assert "代村" in say(app, "n3", "带村")  # same sound, wrong character
    say(app, "n3", "2")  # not that one
    assert _flow(app, "n3") == ("bind", "village")
    say(app, "n3", "王庄")
    say(app, "n3", "1")
    assert _user(app, "n3").village.name == "王庄"


def test_change_village(app, county, route):
    say(app, "v1", "换村")
    assert _flow(app, "v1") == ("bind", "village")
    say(app, "v1", "郭家庄")
    reply = say(app, "v1", "是的")
    assert "代村" in reply and "郭家庄" in reply
    assert _user(app, "v1").village.name == "郭家庄"


def test_a_registered_villager_correcting_by_the_village_name_is_changed_at_once(app, county, route):
    route.set("说错了 俺是郭家庄的 给俺改改", "bind")
    route.set("我是郭家庄的", "bind")
    reply = say(app, "v1", "我是郭家庄的")  # no correction said: asked first
    assert _flow(app, "v1") == ("bind", "confirm") and _user(app, "v1").village.name == "代村"
    say(app, "v1", "取消")
    reply = say(app, "v1", "说错了 俺是郭家庄的 给俺改改")
    assert "郭家庄" in reply and _user(app, "v1").village.name == "郭家庄" and _flow(app, "v1") is None


def test_invite_code_as_a_command_grants_the_role(app, county, route):
    code = _code(app, "party_member")
    say(app, "v2", f"邀请码 {code.lower()}")
    assert _user(app, "v2").role_names == {"villager", "party_member"}
    reply = say(app, "v1", f"邀请码：{code}")
    assert "用过" in reply and _user(app, "v1").role_names == {"villager"}


def test_invite_code_when_asked(app, county, route):
    code = _code(app, "rep", group="agri")
    say(app, "n4", "我是党员")
    assert _flow(app, "n4") == ("bind", "invite")
    say(app, "n4", "不知道")  # not a code: asked again, nothing granted
    assert _flow(app, "n4") == ("bind", "invite")
    say(app, "n4", code)
    user = _user(app, "n4")
    assert [(r.role, r.group_code) for r in user.roles] == [("rep", "agri")]
    assert _flow(app, "n4") is None


def test_my_info_masks_the_phone_and_lists_roles(app, county, route):
    info = say(app, "m1", "我的信息")
    assert "13900000001" not in info and "139****0001" in info
    assert "王庄" in info and "代村片区" in info and "党员代办员" in info


def test_leaving_a_role_needs_confirmation(app, county, route):
    say(app, "m1", "退出党员代办员")
    assert _flow(app, "m1") == ("leave", "confirm")
    say(app, "m1", "2")
    assert "party_member" in _user(app, "m1").role_names
    say(app, "m1", "不当党员了")
    say(app, "m1", "1")
    assert _user(app, "m1").role_names == {"villager"}
    say(app, "v1", "退出志愿者")  # holds no such role: nothing to confirm
    assert _flow(app, "v1") is None


def test_after_leaving_the_member_commands_are_refused(app, county, route):
    say(app, "m1", "退出党员")
    say(app, "m1", "1")
    from handlers.errand_texts import NOT_FOR_VILLAGERS

    assert say(app, "m1", "接单 1") == NOT_FOR_VILLAGERS
