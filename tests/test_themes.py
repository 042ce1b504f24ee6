"""Monthly themes: loading, the push on the 1st at 09:00 Shanghai time (exactly once per person,
across reruns and restarts, at month and year ends), and "这个月有什么活动" in chat."""
from __future__ import annotations

from datetime import datetime, timezone

import pytest
from sqlalchemy import func, select

from bot.models import OutboxMessage, RepGroup, Theme, User
from bot.outbox import mass
from bot.themes import (ThemeDataError, load_themes, month_of, monthly_theme_push, next_month,
                        push_due_at, read_themes_file)
from tests.kit.chat import say
from tests.kit.factories import add_user
from tests.kit.outbox import keys_from


def utc(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=timezone.utc)


pytestmark = pytest.mark.county("needs")


@pytest.fixture
def county(county, db):
    """The needs county with the shipped themes."""
    with db.session() as s:
        load_themes(s)
    return county


def _push(app, db, when: str) -> int:
    with app.app_context(), db.session() as s:
        return monthly_theme_push(s, utc(when))


def _pushes_to(db, openid: str, month: str = "2026-12") -> list[str]:
    """Each theme push `openid` got that month: "digest" (the area's, by mass send) or the group
    code of a member's own group's theme."""
    with db.session() as s:
        rows = s.scalars(select(OutboxMessage).where(OutboxMessage.business_key.startswith(f"theme:{month}:"))).all()
    out = []
    for row in rows:
        if row.kind == mass.MASS_KIND:
            out += ["digest"] * row.payload["openids"].count(openid)
        elif row.openid == openid:
            out.append("digest" if ":digest:" in row.business_key else row.business_key.split(":")[2])
    return sorted(out)


def _digest_of(db, openid: str, month: str = "2026-12") -> dict:
    with db.session() as s:
        return next(r.payload for r in s.scalars(select(OutboxMessage).where(
            OutboxMessage.business_key.startswith(f"theme:{month}:digest:")))
            if openid in r.payload.get("openids", [r.openid]))


@pytest.mark.parametrize("moment, month", [
    ("2026-12-01T00:00:00", "2026-12"),
    ("2026-12-31T15:59:59", "2026-12"),  # 23:59:59 in Shanghai
    ("2026-12-31T16:00:00", "2027-01"),  # midnight in Shanghai: already January
    ("2027-02-28T16:30:00", "2027-03"),
])
def test_months_are_local_months(moment, month):
    assert month_of(utc(moment), "Asia/Shanghai") == month


def test_next_month_and_when_a_month_is_due():
    assert [next_month(m) for m in ("2026-12", "2027-01", "2027-11")] == ["2027-01", "2027-02", "2027-12"]
    assert push_due_at("2027-01", "Asia/Shanghai") == utc("2027-01-01T01:00:00")
    assert push_due_at("2026-12", "Asia/Shanghai") == utc("2026-12-01T01:00:00")


def test_the_sample_file_gives_every_group_a_speciality_and_twelve_themes(db, county):
    data = read_themes_file()
    with db.session() as s:
        codes = set(s.scalars(select(RepGroup.code)))
        assert set(data) == codes and len(codes) == 21
        assert s.scalar(select(func.count()).select_from(Theme)) == 21 * 12
        assert all(g.speciality for g in s.scalars(select(RepGroup)))
        months = sorted(set(s.scalars(select(Theme.month))))
        assert months[0] == "2026-12" and months[-1] == "2027-11" and len(months) == 12
        assert all(1 <= len(t.activities) <= 3 for t in s.scalars(select(Theme)))
        again = load_themes(s)
    assert (again.created, again.updated, again.specialities_changed) == (0, 0, 0)


def test_loading_reports_unknown_groups_and_refuses_bad_files(db, county, tmp_path):
    good = tmp_path / "themes.yaml"
    good.write_text("groups:\n  no-such-group:\n    speciality: 样例\n    themes:\n"
                    "      2026-12: {title: 样例, description: 样例, activities: [一]}\n", encoding="utf-8")
    with db.session() as s:
        assert load_themes(s, good).unknown_groups == ["no-such-group"]
    bad = tmp_path / "bad.yaml"
    bad.write_text("groups:\n  county-agri:\n    speciality: 样例\n    themes:\n"
                   "      2026-13: {title: 样例, description: 样例, activities: [一]}\n", encoding="utf-8")
    with pytest.raises(ThemeDataError, match="2026-13"):
        read_themes_file(bad)
    bad.write_text("groups:\n  county-agri:\n    speciality: 样例\n    themes:\n"
                   "      2026-12: {title: 样例, description: 样例, activities: [一, 二, 三, 四]}\n", encoding="utf-8")
    with pytest.raises(ThemeDataError, match="activities"):
        read_themes_file(bad)


def test_push_waits_for_nine_in_the_morning_on_the_first(app, db, county):
    assert _push(app, db, "2026-11-30T23:00:00") == 0  # November: no themes
    assert _push(app, db, "2026-12-01T00:59:59") == 0  # 08:59:59 in Shanghai
    assert keys_from(db, "theme:") == []
    first = _push(app, db, "2026-12-01T01:00:00")      # 09:00 in Shanghai
    assert first > 0 and all(k.startswith("theme:2026-12:") for k in keys_from(db, "theme:"))


def test_each_villager_gets_one_digest_and_each_member_their_groups_theme_exactly_once(app, db, county):
    with db.session() as s:
        s.get(User, county.users["v3"]).subscribed = False
    first = _push(app, db, "2026-12-01T01:00:00")
    assert first > 0
    assert _push(app, db, "2026-12-01T01:00:00") == 0  # run twice
    assert _push(app, db, "2026-12-01T05:30:00") == 0  # the scheduler restarted: called again later
    assert _push(app, db, "2026-12-20T02:00:00") == 0  # … or much later the same month
    assert _pushes_to(db, "v1") == ["digest"]  # one message a month, not one per group (10)
    v1, v2 = _digest_of(db, "v1"), _digest_of(db, "v2")
    assert "卞庄街道组" in v1["full"] and "兰陵镇组" not in v1["full"]  # 9 county groups + its township
    assert "兰陵镇组" in v2["full"] and "卞庄街道组" not in v2["full"]
    assert v1["full"].count("（农业农村组）") == 2 and "想参加" in v1["text"]  # both its activities
    assert "12月6日 片区党群服务中心：农技员进大棚现场指导（农业农村组）" in v1["full"]  # each with date and place
    assert _pushes_to(db, "v3") == []  # unfollowed the account
    assert _pushes_to(db, "agri1") == ["county-agri", "digest"]  # their own group's, and their area's
    with db.session() as s:
        member = s.scalar(select(OutboxMessage).where(OutboxMessage.business_key == "theme:2026-12:county-agri:agri1"))
        assert "组织开展" in member.payload["text"] and member.kind == "theme"
        add_user(s, "late", s.get(User, county.users["v1"]).village, name="新来的")
    assert _push(app, db, "2026-12-20T03:00:00") == 1  # someone new that month gets the digest, once
    assert _push(app, db, "2026-12-20T04:00:00") == 0
    assert _pushes_to(db, "late") == ["digest"] and _pushes_to(db, "v1") == ["digest"]


def test_year_end_in_shanghai_time(app, db, county):
    december = _push(app, db, "2026-12-01T01:00:00")
    assert _push(app, db, "2026-12-31T16:30:00") == 0  # 2027-01-01 00:30 in Shanghai: too early
    assert _push(app, db, "2027-01-01T00:59:00") == 0  # 08:59
    assert not keys_from(db, "theme:2027-01:")
    january = _push(app, db, "2027-01-01T01:00:00")    # 09:00: January
    assert january == december and _pushes_to(db, "v1", "2027-01") == ["digest"]
    assert _push(app, db, "2027-01-01T01:00:00") == 0


def test_this_month_and_next_in_chat(app, db, county, router):
    router.set("这个月有什么活动", "theme")
    reply = say(app, "v1", "这个月有什么活动", now=utc("2026-12-31T15:00:00"))
    assert reply.index("【12月】") < reply.index("【1月】")
    lines = reply.splitlines()
    assert lines[2].startswith("· 卞庄街道组：年底需求大收集")  # the township group first
    assert "· 农业农村组：大棚蔬菜冬季管理（12月6日 农技员进大棚现场指导）" in lines
    assert "· 农业农村组：农机冬季检修" in lines
    assert "兰陵镇组" not in reply and len(reply.encode()) < 2048
    assert "【1月】" in say(app, "v2", "这个月有什么活动", now=utc("2026-12-31T16:30:00")).splitlines()[1]
    with db.session() as s:
        add_user(s, "nobody-yet")
    county_only = say(app, "nobody-yet", "这个月有什么活动", now=utc("2027-03-05T02:00:00"))
    assert "全县" in county_only and "街道组" not in county_only and "我是代村的" in county_only
    assert "还没有安排" in say(app, "v1", "这个月有什么活动", now=utc("2028-05-05T02:00:00"))


def test_the_real_router_finds_the_theme_question(app, db, county):
    reply = say(app, "v2", "下个月有啥活动", now=utc("2027-01-10T02:00:00"))
    assert "【1月】" in reply and "【2月】" in reply and "兰陵镇组" in reply


def test_recipients_read_page_by_page_are_the_same_people_each_once(app, db, county, monkeypatch):
    import bot.themes.notices as themes  # the module that pages

    with db.session() as s:
        village = s.get(User, county.users["v1"]).village
        for n in range(7):
            add_user(s, f"extra{n}", village)
    with db.session() as s:
        group = s.scalar(select(RepGroup).where(RepGroup.code == "county-agri"))
        whole = list(themes.theme_recipients(s, group))
        monkeypatch.setattr(themes, "RECIPIENT_PAGE", 2)
        paged = list(themes.theme_recipients(s, group))
    assert paged == whole
    openids = [openid for openid, _ in whole]
    assert len(openids) == len(set(openids)) and {"v1", "extra0", "extra6", "agri1"} <= set(openids)
    members = [member for _, member in whole]
    assert members == sorted(members, reverse=True) and members[0]  # members first, then villagers
    assert _push(app, db, "2026-12-01T01:00:00") > 0
    assert all(_pushes_to(db, openid).count("digest") == 1 for openid, member in whole if not member)
    assert all("county-agri" in _pushes_to(db, openid) for openid, member in whole if member)


# --- stopping and restarting the theme push ------------------------------------------------------

def test_a_villager_stops_and_restarts_the_theme_push_in_their_own_words(app, db, county):
    """The real router: the words reach the theme handler; the push on the 1st leaves them out."""
    december = utc("2026-11-20T02:00:00")
    stopped = say(app, "v1", "每个月的活动消息不想收了", now=december)
    assert "不再给您推送每月活动主题" in stopped and "订阅活动主题" in stopped
    assert "活动主题：不收" in say(app, "v1", "我的订阅", now=december)
    assert "您现在不收活动主题推送" in say(app, "v1", "活动推送怎么关", now=december)  # a question: no change
    _push(app, db, "2026-12-01T01:00:00")
    assert _pushes_to(db, "v1") == []
    assert _pushes_to(db, "v2") == ["digest"]  # the others still get theirs

    restarted = say(app, "v1", "又想收每月活动了", now=utc("2026-12-10T02:00:00"))
    assert "每月1日上午会把代村片区的活动主题推送给您" in restarted
    assert "活动主题：收" in say(app, "v1", "我的订阅", now=december)
    assert _push(app, db, "2026-12-10T03:00:00") == 1  # December's digest, once
    assert _push(app, db, "2026-12-10T04:00:00") == 0
    assert _pushes_to(db, "v1") == ["digest"]


def test_a_representative_who_stops_still_gets_their_own_groups_theme(app, db, county):
    reply = say(app, "agri1", "活动主题别推了", now=utc("2026-11-20T02:00:00"))
    assert "农业农村组的党代表" in reply
    _push(app, db, "2026-12-01T01:00:00")
    assert _pushes_to(db, "agri1") == ["county-agri"]
    assert _pushes_to(db, "law1") == ["county-law", "digest"]


def test_the_push_says_how_to_stop_and_fits_wechat(app, db, county):
    _push(app, db, "2026-12-01T01:00:00")
    with db.session() as s:
        rows = s.scalars(select(OutboxMessage).where(OutboxMessage.business_key.startswith("theme:"))).all()
        member = next(r for r in rows if r.business_key == "theme:2026-12:county-agri:agri1")
    villager = _digest_of(db, "v1")
    assert "不要推送活动主题" in villager["text"] and "不要推送活动主题" in villager["full"]
    assert "不要推送活动主题" not in member.payload["text"]
    assert max(len(r.payload["text"].encode()) for r in rows) < 600  # a short text (the link has the rest)
    assert set(member.payload["template"]) == {"事项", "时间"}  # no remark: WeChat drops it


def test_push_settings_overview_and_my_info(app, db, county):
    say(app, "v2", "不要推送议事日")
    overview = say(app, "v2", "退订")  # nothing named: what there is, and the words for each
    assert "村务消息：收（议事日不收）" in overview and "每月活动主题：收" in overview
    assert "不要推送活动主题" in overview and "不要推送村务" in overview
    assert "推送：村务消息收（议事日不收），活动主题收" in say(app, "v2", "我的信息")
    assert "党代表" in say(app, "tw1", "推送设置")


@pytest.mark.parametrize("text, intent", [
    ("不要推送活动主题", "theme"), ("取消订阅活动主题", "theme"), ("党代表的活动别再给我发了", "theme"),
    ("每月主题还是推给我吧", "theme"), ("恢复活动推送", "theme"), ("不要推送村务", "affairs"),
    ("算了", "cancel"), ("取消预约", "cancel"),
])
def test_the_router_sends_push_words_about_themes_to_the_themes(text, intent):
    from bot.nlu import route_text

    assert route_text(text).intent == intent
