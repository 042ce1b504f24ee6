"""每月主题 board: write, check (the file's checks), publish, scope, audit — and what gets pushed.

The app's clock is set (bot/clock.py) so "this month", "the 1st at 09:00" and "past months" are
the same on every run. Groups (tests/admin_world.py): grp-a/grp-b/grp-c serve one area each,
tw-ab (卞庄街道) serves A and B, cty-test (county) serves all; each has this month's theme,
published as the file loader makes them. Pushes are read back from the outbox.
"""
from __future__ import annotations

import io
from datetime import datetime, timedelta, timezone

import pytest
from sqlalchemy import select

from bot.outbox import mass
from bot.models import Area, OutboxMessage, Theme, User, Village
from bot.themes import push_due_themes
from bot.themes import ThemeDataError, check_theme, load_themes, monthly_theme_push, themes_for_area
from tests.kit.admin import audit_entries, logged_in, post
from tests.kit.admin_world import AREAS, build_world
from tests.kit.outbox import keys_from

MID_DECEMBER = datetime(2026, 12, 15, 2, 0, tzinfo=timezone.utc)   # 10:00 in Shanghai
BEFORE_NINE = datetime(2026, 12, 1, 0, 30, tzinfo=timezone.utc)    # 08:30 on the 1st
GOOD = {"title": "冬季防火", "description": "查一查用火用电。", "activities": "上门查电线\n教用灭火器"}


@pytest.fixture
def mid_december(frozen_clock):
    frozen_clock.set(MID_DECEMBER)
    return frozen_clock


@pytest.fixture
def world(db, mid_december):
    return build_world(db, now=MID_DECEMBER)


def _theme(db, group: str, month: str) -> Theme | None:
    with db.session() as s:
        theme = s.scalar(select(Theme).where(Theme.group_code == group, Theme.month == month))
        if theme is not None:
            s.expunge(theme)
        return theme


def _followers_of(db, key: str) -> set[str]:
    """Subscribed users living in area `key`: who a group of that area pushes to."""
    with db.session() as s:
        return set(s.scalars(select(User.openid).join(Village, User.village_id == Village.id)
                             .join(Area, Village.area_id == Area.id)
                             .where(Area.code == AREAS[key][0], User.subscribed.is_(True))))


def _digests_to(db, key: str) -> list[str]:
    """Openids the month's digest of area `key` reached, each as often as it did."""
    with db.session() as s:
        return sorted(mass.receivers(s, f"theme:2026-12:digest:{AREAS[key][0]}"))


def _run_job(app, db, now: datetime) -> int:
    with app.app_context(), db.session() as s:
        return push_due_themes(s, now)


def _page(client, path: str) -> str:
    response = client.get(path)
    assert response.status_code == 200, (path, response.status_code)
    return response.get_data(as_text=True)


# --- the board ---------------------------------------------------------------------------------

def test_the_board_shows_the_groups_serving_the_scope_and_what_each_may_write(app, world):
    area_a = _page(logged_in(app, "area_a"), "/admin/themes")
    assert "A组特色主题" in area_a and "两片测试主题" in area_a and "全县测试主题" in area_a
    assert "B组特色主题" not in area_a and "C组特色主题" not in area_a
    assert "/admin/themes/grp-a/2027-01" in area_a       # a month without a theme: write it
    assert "/admin/themes/tw-ab/2027-01" not in area_a   # serves area B too: not area A's to write
    township = _page(logged_in(app, "t1"), "/admin/themes")
    assert "/admin/themes/tw-ab/2027-01" in township and "/admin/themes/cty-test/2027-01" not in township
    assert "C组特色主题" not in township
    county = _page(logged_in(app, "county1"), "/admin/themes?from=2026-11")
    assert "/admin/themes/cty-test/2027-01" in county and "C组特色主题" in county and "2026年11月" in county


def test_a_group_page_shows_the_theme_as_villagers_and_members_get_it(cadre, world):
    html = _page(cadre, "/admin/themes/grp-a/2026-12")
    assert "【12月活动主题】代村片区活动组" in html and "想参加请联系片区" in html and "请按计划组织开展" in html
    assert "已发布，等下一次定时推送" in html and 'name="title"' in html
    wider = _page(cadre, "/admin/themes/tw-ab/2026-12")
    assert "两片测试主题" in wider and 'name="title"' not in wider and "发布</button>" not in wider


@pytest.mark.parametrize("change, message", [
    ({"title": "很" * 31}, "主题太长了（最多30个字）"),
    ({"description": ""}, "请填写说明"),
    ({"activities": "一\n二\n三\n四"}, "活动要写1到3条"),
    ({"activities": ""}, "活动要写1到3条"),
    ({"activities": "活" * 61}, "每条活动最多60个字"),
])
def test_a_bad_theme_is_refused_with_the_files_own_checks(cadre, world, db, change, message):
    form = {**GOOD, **change}
    response = post(cadre, "/admin/themes/grp-a/2027-01", form, token_from="/admin/themes/grp-a/2027-01")
    assert response.status_code == 400 and message in response.get_data(as_text=True)
    assert _theme(db, "grp-a", "2027-01") is None and not audit_entries(db, "theme.create")
    with pytest.raises(ThemeDataError):  # the same words would be refused in knowledge/themes.yaml
        check_theme({**form, "activities": [a for a in form["activities"].split("\n") if a]}, "themes.yaml")


def test_write_a_draft_publish_it_and_every_step_is_in_the_log(cadre, world, db):
    url = "/admin/themes/grp-a/2027-01"
    response = post(cadre, url, GOOD, token_from=url, follow_redirects=True)
    assert "已保存为草稿" in response.get_data(as_text=True)
    theme = _theme(db, "grp-a", "2027-01")
    assert (theme.title, theme.activities, theme.published, theme.edited_on_page) == \
        ("冬季防火", ["上门查电线", "教用灭火器"], False, True)
    assert "草稿（不推送）" in _page(cadre, "/admin/themes?from=2027-01")
    created = audit_entries(db, "theme.create")
    assert len(created) == 1 and created[0].area_id == world.ids["A"]["area"] and created[0].username == "area_a"
    response = post(cadre, f"{url}/publish", token_from=url, follow_redirects=True)
    assert "已发布，2027年1月1日上午9点推送" in response.get_data(as_text=True)
    assert _theme(db, "grp-a", "2027-01").published
    assert "已发布，1月1日上午9点推送" in _page(cadre, "/admin/themes?from=2027-01")
    post(cadre, f"{url}/publish", token_from=url)  # twice: nothing more happens
    assert len(audit_entries(db, "theme.publish")) == 1
    response = post(cadre, url, {**GOOD, "title": "冬季防火防盗", "seen": _theme(db, "grp-a", "2027-01")
                                 .updated_at.isoformat()}, token_from=url, follow_redirects=True)
    assert "已保存" in response.get_data(as_text=True)
    edit = audit_entries(db, "theme.edit")[0]
    assert edit.before == {"title": "冬季防火"} and edit.after == {"title": "冬季防火防盗"}
    post(cadre, f"{url}/unpublish", token_from=url)
    assert not _theme(db, "grp-a", "2027-01").published and len(audit_entries(db, "theme.unpublish")) == 1


def test_a_stale_form_does_not_overwrite_a_newer_edit(cadre, world, db):
    url = "/admin/themes/grp-a/2026-12"
    seen = _theme(db, "grp-a", "2026-12").updated_at - timedelta(minutes=5)
    response = post(cadre, url, {**GOOD, "seen": seen.isoformat()}, token_from=url)
    assert response.status_code == 409 and "刚被别人改过" in response.get_data(as_text=True)
    assert _theme(db, "grp-a", "2026-12").title == "A组特色主题"


def test_past_months_are_read_only(cadre, world, db):
    with db.session() as s:
        s.add(Theme(group_code="grp-a", month="2026-11", title="十一月的", description="过去了。", activities=["一"]))
    url = "/admin/themes/grp-a/2026-11"
    assert 'name="title"' not in _page(cadre, url)
    response = post(cadre, url, GOOD, token_from=url)
    assert response.status_code == 409 and "过去月份" in response.get_data(as_text=True)
    assert _theme(db, "grp-a", "2026-11").title == "十一月的"


def test_scope_who_may_write_which_group(app, world, db):
    area_a, township, county = (logged_in(app, name) for name in ("area_a", "t1", "county1"))
    for client, url in ((area_a, "/admin/themes/tw-ab/2027-01"), (area_a, "/admin/themes/grp-b/2027-01"),
                        (township, "/admin/themes/cty-test/2027-01"), (township, "/admin/themes/grp-c/2027-01")):
        assert post(client, url, GOOD).status_code == 403, url
        assert post(client, f"{url[:-8]}/2026-12/publish").status_code == 403, url
    assert post(township, "/admin/themes/tw-ab/2027-01", GOOD).status_code == 302
    assert post(county, "/admin/themes/cty-test/2027-01", GOOD).status_code == 302
    assert area_a.get("/admin/themes/grp-b/2026-12").status_code == 403
    assert area_a.get("/admin/themes/nobody/2026-12").status_code == 404
    assert area_a.get("/admin/themes/grp-a/2026-13").status_code == 404
    with db.session() as s:
        made = set(s.execute(select(Theme.group_code, Theme.month).where(Theme.month == "2027-01")).all())
    assert made == {("tw-ab", "2027-01"), ("cty-test", "2027-01")}
    assert {e.area_id for e in audit_entries(db, "theme.create")} == {None}  # groups of more than one area


# --- pushing -------------------------------------------------------------------------------------

def test_a_published_theme_is_pushed_once_by_the_job_and_a_draft_not_at_all(app, cadre, world, db):
    url = "/admin/themes/grp-a/2026-12"
    response = post(cadre, f"{url}/unpublish", token_from=url, follow_redirects=True)
    assert "已撤回为草稿" in response.get_data(as_text=True)
    first = _run_job(app, db, MID_DECEMBER)
    assert first > 0 and keys_from(db, "theme:2026-12:grp-a:") == []          # the draft: nobody
    assert _digests_to(db, "B") == sorted(_followers_of(db, "B"))          # one digest each, by mass send
    assert _digests_to(db, "A") == sorted(_followers_of(db, "A"))
    with db.session() as s:
        digest = s.scalar(select(OutboxMessage).where(OutboxMessage.business_key.startswith(
            f"theme:2026-12:digest:{AREAS['A'][0]}")))
        assert "A组特色主题" not in digest.payload["full"]
    with app.app_context(), db.session() as s:
        assert monthly_theme_push(s, MID_DECEMBER) == 0                     # the monthly job skips it too
        area = s.scalar(select(Area).where(Area.code == AREAS["A"][0]))
        assert "grp-a" not in {g.code for g, _ in themes_for_area(s, area, "2026-12")}  # nor does chat tell it
    assert _run_job(app, db, MID_DECEMBER + timedelta(minutes=15)) == 0

    response = post(cadre, f"{url}/publish", token_from=url, follow_redirects=True)
    assert "下一次定时推送" in response.get_data(as_text=True)              # published after the 1st 09:00
    pushed = _run_job(app, db, MID_DECEMBER + timedelta(minutes=30))
    keys = keys_from(db, "theme:2026-12:grp-a:")
    # Area A's villagers had this month's digest: the late theme is on its page and in chat,
    # not a second push; the group's members (none here) get it.
    assert pushed == len(keys) == 0 and _digests_to(db, "A") == sorted(_followers_of(db, "A"))
    with app.app_context(), db.session() as s:
        from bot.themes.digest import live_digest
        assert "A组特色主题" in live_digest(s, AREAS["A"][0], "2026-12") or \
            "grp-a" in {g.code for g, _ in themes_for_area(s, s.scalar(select(Area).where(
                Area.code == AREAS["A"][0])), "2026-12")}
    assert _run_job(app, db, MID_DECEMBER + timedelta(minutes=45)) == 0     # once
    reached = len(keys) + len(_digests_to(db, "A"))  # members, and villagers by their area's digest
    board = _page(cadre, "/admin/themes")
    assert f"已推送 {reached} 人" in board
    page = _page(cadre, url)
    assert f"已推送 {reached} 人" in page and "撤回为草稿" not in page

    response = post(cadre, url, {**GOOD, "title": "推送后改的"}, token_from=url, follow_redirects=True)
    assert "改动不会再推送" in response.get_data(as_text=True)
    assert _run_job(app, db, MID_DECEMBER + timedelta(hours=1)) == 0        # an edit after the push: nothing
    with app.app_context(), db.session() as s:
        assert monthly_theme_push(s, MID_DECEMBER + timedelta(hours=1)) == 0
    assert keys_from(db, "theme:2026-12:grp-a:") == keys
    response = post(cadre, f"{url}/unpublish", token_from=url, follow_redirects=True)
    assert "已经推送出去了，不能撤回" in response.get_data(as_text=True) and _theme(db, "grp-a", "2026-12").published


def test_before_nine_on_the_first_nothing_goes_and_the_board_says_when(app, db, frozen_clock):
    frozen_clock.set(BEFORE_NINE)
    build_world(db, now=BEFORE_NINE)
    cadre = logged_in(app, "area_a")
    assert "已发布，12月1日上午9点推送" in _page(cadre, "/admin/themes")
    assert _run_job(app, db, BEFORE_NINE) == 0 and keys_from(db, "theme:") == []
    assert _run_job(app, db, BEFORE_NINE + timedelta(minutes=30)) > 0   # 09:00
    assert _run_job(app, db, BEFORE_NINE + timedelta(minutes=45)) == 0


def test_the_county_pushes_now_and_loads_a_themes_file(app, world, db):
    county = logged_in(app, "county1")
    response = post(county, "/admin/themes/push", follow_redirects=True)
    assert "新推送" in response.get_data(as_text=True)
    assert keys_from(db, "theme:2026-12:digest:") and len(audit_entries(db, "theme.push")) == 1
    response = post(county, "/admin/themes/push", follow_redirects=True)
    assert "都推送过了" in response.get_data(as_text=True) and len(audit_entries(db, "theme.push")) == 1

    post(logged_in(app, "area_a"), "/admin/themes/grp-a/2027-02", GOOD)  # a page draft the file must not undo
    yaml_text = ("groups:\n  grp-a:\n    speciality: 文件里的特色\n    themes:\n"
                 "      \"2027-02\": {title: 文件里的二月, description: 文件。, activities: [一]}\n"
                 "      \"2027-03\": {title: 文件里的三月, description: 文件。, activities: [一, 二]}\n")
    form = {"file": (io.BytesIO(yaml_text.encode()), "themes.yaml")}
    response = post(county, "/admin/themes/import", form, token_from="/admin/themes/import",
                    content_type="multipart/form-data")
    html = response.get_data(as_text=True)
    assert response.status_code == 200 and "新增 1" in html and "grp-a 2027-02" in html
    assert _theme(db, "grp-a", "2027-02").title == "冬季防火" and not _theme(db, "grp-a", "2027-02").published
    assert _theme(db, "grp-a", "2027-03").published and len(audit_entries(db, "theme.import")) == 1
    bad = {"file": (io.BytesIO("groups: [1, 2".encode()), "themes.yaml")}
    response = post(county, "/admin/themes/import", bad, token_from="/admin/themes/import",
                    content_type="multipart/form-data")
    assert response.status_code == 400 and "没有导入" in response.get_data(as_text=True)
    latin = {"file": (io.BytesIO(b"\xff\xfe\x00"), "themes.yaml")}
    response = post(county, "/admin/themes/import", latin, token_from="/admin/themes/import",
                    content_type="multipart/form-data")
    assert response.status_code == 400 and "UTF-8" in response.get_data(as_text=True)
    for text in ("[]", "just words"):
        wrong = {"file": (io.BytesIO(text.encode()), "themes.yaml")}
        assert post(county, "/admin/themes/import", wrong, token_from="/admin/themes/import",
                    content_type="multipart/form-data").status_code == 400


def test_the_file_loader_keeps_page_edits_unless_forced(cadre, world, db):
    url = "/admin/themes/grp-a/2026-12"
    post(cadre, url, {**GOOD, "title": "页面上改的"}, token_from=url)
    data = {"grp-a": {"speciality": "特色", "themes": {"2026-12": {"title": "文件的", "description": "文件。",
                                                                    "activities": ["一"]}}}}
    with db.session() as s:
        report = load_themes(s, data=data)
    assert report.kept_edits == ["grp-a 2026-12"] and report.updated == 0
    assert _theme(db, "grp-a", "2026-12").title == "页面上改的"
    with db.session() as s:
        assert load_themes(s, data=data, force=True).updated == 1
    theme = _theme(db, "grp-a", "2026-12")
    assert (theme.title, theme.published, theme.edited_on_page) == ("文件的", True, False)
