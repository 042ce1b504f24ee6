"""Accounts: village matching (names, aliases, typos), binding, invite codes, leaving a role."""
from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest
from sqlalchemy import select

from bot.accounts import (MAX_FAILED_CLAIMS, bind_village, claim_invite, create_invite, find_village,
                          leave_role)
from bot.models import Area, InviteCode, User, UserRole

NOW = datetime(2026, 12, 1, 2, 0, tzinfo=timezone.utc)


@pytest.mark.parametrize("text, village", [
    ("我是代村的", "代村"),
    ("代村", "代村"),
    ("俺是代庄的", "代村"),          # alias
    ("我们是代村社区的", "代村"),     # alias containing the name
    ("我是带村的", "代村"),          # typed by pinyin: same sound, wrong character
    ("俺是王装的", "王庄"),
    ("我是東陳莊的", "东陈庄"),       # traditional characters
    ("我是东陈装村的", "东陈庄"),
    ("我在卞庄街道郭家庄", "郭家庄"),
    ("郭家", "郭家庄"),             # a near miss with one clear best
    ("咱是东关村人", "东关"),
])
def test_one_village_is_found(db, county, text, village):
    with db.session() as s:
        choice = find_village(s, text)
        assert choice.kind == "one", [h.village.name for h in choice.hits]
        assert choice.village.name == village


@pytest.mark.parametrize("text, villages", [
    ("陈庄", {"东陈庄", "西陈庄"}),
    ("俺是陈庄的", {"东陈庄", "西陈庄"}),
])
def test_several_candidates_when_it_could_be_either(db, county, text, villages):
    with db.session() as s:
        choice = find_village(s, text)
        assert choice.kind == "several" and {v.name for v in choice.candidates} == villages


@pytest.mark.parametrize("text", ["我是党员", "你好", "我要注册", "火星", "12345"])
def test_no_village_in_words_that_name_none(db, county, text):
    with db.session() as s:
        assert find_village(s, text).kind == "none"


def test_bind_and_change_village(db, county):
    with db.session() as s:
        user = User(openid="nv")
        s.add(user)
        s.flush()
        first = bind_village(s, user, "俺是代庄的")
        assert first.kind == "one" and first.previous is None and user.village.name == "代村"
        assert bind_village(s, user, "陈庄").kind == "several" and user.village.name == "代村"
        changed = bind_village(s, user, "我搬到王庄了")
        assert changed.previous.name == "代村" and user.village.name == "王庄"


def _area(s, code="bz-daicun") -> Area:
    return s.scalar(select(Area).where(Area.code == code))


def test_invite_grants_its_role_once(db, county):
    with db.session() as s:
        code = create_invite(s, "volunteer", _area(s), created_by="test", now=NOW).code
        v1, v2 = s.get(User, county.users["v1"]), s.get(User, county.users["v2"])
        granted = claim_invite(s, v1, code.lower(), NOW + timedelta(hours=1))
        assert granted.ok and granted.role == "volunteer" and granted.area.code == "bz-daicun"
        assert v1.has_role("volunteer")
        assert claim_invite(s, v2, code, NOW).reason == "used"
        assert not v2.has_role("volunteer")
        invite = s.scalar(select(InviteCode).where(InviteCode.code == code))
        assert invite.used_by == v1.id and invite.used_at is not None


def test_expired_unknown_and_already_held(db, county):
    with db.session() as s:
        area = _area(s)
        old = create_invite(s, "party_member", area, days=7, now=NOW).code
        m1 = s.get(User, county.users["m1"])
        same = create_invite(s, "party_member", area, now=NOW).code
        assert claim_invite(s, m1, old, NOW + timedelta(days=7, seconds=1)).reason == "expired"
        assert claim_invite(s, m1, same, NOW).reason == "already_has_role"
        assert s.scalar(select(InviteCode.used_by).where(InviteCode.code == same)) is None
        assert claim_invite(s, m1, "ZZZZZZZZ", NOW).reason == "unknown"


def test_guessing_codes_is_throttled(db, county):
    with db.session() as s:
        good = create_invite(s, "volunteer", _area(s), now=NOW).code
        v1 = s.get(User, county.users["v1"])
        for i in range(MAX_FAILED_CLAIMS):
            assert claim_invite(s, v1, f"WRONG{i}X", NOW).reason == "unknown"
        assert claim_invite(s, v1, good, NOW).reason == "too_many_tries"
        assert claim_invite(s, v1, good, NOW + timedelta(hours=1, seconds=1)).ok


def test_invite_needs_a_staff_role_and_area_roles_an_area(db, county):
    with db.session() as s:
        with pytest.raises(ValueError):
            create_invite(s, "villager", _area(s))
        with pytest.raises(ValueError):
            create_invite(s, "party_member", None)
        rep = create_invite(s, "rep", _area(s), group_code="agri", now=NOW)
        assert len(rep.code) == 8 and rep.group_code == "agri"


def test_leave_role_keeps_the_others(db, county):
    with db.session() as s:
        m1 = s.get(User, county.users["m1"])
        m1.roles.append(UserRole(role="volunteer", area_id=county.areas["a"]))
        s.flush()
        removed = leave_role(s, m1, "party_member")
        assert [r.role for r in removed] == ["party_member"]
        assert leave_role(s, m1, "villager") == [] and leave_role(s, m1, "rep") == []
    with db.session() as s:
        m1 = s.get(User, county.users["m1"])
        assert m1.role_names == {"villager", "volunteer"}
