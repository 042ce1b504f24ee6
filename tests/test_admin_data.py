"""The admin data boards: guides (checked like the files, used by the bot at once), users, roles,
invite codes, outbox retries, CSV import of areas and villages, accounts, dashboard figures."""
from __future__ import annotations

import importlib.util
from datetime import date
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select

from bot import clock
from bot.accounts import claim_invite
from bot.admin import figures
from bot.models import (AdminAccount, Area, Guide, InviteCode, OutboxMessage, User, UserRole,
                        Village)
from bot.outbox.quota import next_quota_reset, waiting_reason
from tests.kit.admin import PASSWORD, add_account, audit_entries, csrf_token, follow_import, logged_in, login, post
from tests.kit.chat import say
from tests.kit.knowledge import load_into

SHANGHAI = ZoneInfo("Asia/Shanghai")


def _guide_form(data: dict, **changes) -> dict:
    where = data["where"]
    form = {
        "title": data["title"], "summary": data["summary"], "time_limit": data["time_limit"],
        "phone": data["phone"], "cost": data["cost"], "checked": data["checked"],
        "where_default": where["default"],
        "where_townships": "\n".join(f"{t}：{p}" for t, p in (where.get("townships") or {}).items()),
        "sample": list(data.get("sample") or []),
    }
    for name in ("who", "materials", "steps", "policy"):
        form[name] = "\n".join(data[name])
    form.update(changes)
    return form


def _guide_data(db, guide_id: str = "dibao") -> dict:
    with db.session() as s:
        return dict(s.get(Guide, guide_id).data)


# --- guides --------------------------------------------------------------------------------

def test_a_guide_edit_is_used_by_the_bot_without_a_restart(app, db, router, frozen_clock):
    load_into(app)  # the shipped knowledge, as `flask setup` loads it
    with db.session() as s:
        village = s.scalars(select(Village).order_by(Village.id)).first()
        s.add(User(openid="guide-v", name="李大爷", village_id=village.id))
    add_account(db, "county1", "county")
    router.set("低保咋办", "guide", "dibao")
    before = say(app, "guide-v", "低保咋办")  # the bot has the guide cached now
    old_limit = _guide_data(db)["time_limit"]
    assert old_limit in before
    frozen_clock.advance(minutes=5)  # the cadre edits it a little later (the cache's stamp moves)
    cadre = logged_in(app, "county1")
    new_limit = "受理后20个工作日内办结（本县承诺时限）"
    form = _guide_form(_guide_data(db), time_limit=new_limit)
    response = post(cadre, "/admin/guides/dibao/edit", form, token_from="/admin/guides/dibao/edit")
    assert response.status_code == 302
    say(app, "guide-v", "0")  # leave the guide's follow-up menu
    after = say(app, "guide-v", "低保咋办")
    assert new_limit in after and old_limit not in after
    (entry,) = audit_entries(db, "guide.edit")
    assert entry.before == {"time_limit": old_limit} and entry.after == {"time_limit": new_limit}
    load_into(app)  # `flask kb load` keeps the cadre's edit
    assert _guide_data(db)["time_limit"] == new_limit


def test_a_guide_form_says_its_township_placeholder_in_words(app, db):
    """Cadres read and write 【乡镇】; the guide keeps {township}, filled in per villager."""
    load_into(app)
    add_account(db, "county1", "county")
    cadre = logged_in(app, "county1")
    page = cadre.get("/admin/guides/dibao/edit").get_data(as_text=True)
    assert "{township}" not in page and "【乡镇】" in page
    form = _guide_form(_guide_data(db), where_default="【乡镇】便民服务中心二楼")
    assert post(cadre, "/admin/guides/dibao/edit", form, token_from="/admin/guides/dibao/edit").status_code == 302
    assert _guide_data(db)["where"]["default"] == "{township}便民服务中心二楼"


@pytest.mark.parametrize("changes, message", [
    ({"steps": ""}, "办理步骤：是空的"),
    ({"summary": "第一行\n第二行"}, "一句话说明：只能写一行"),
    ({"checked": "去年"}, "核对日期"),
    ({"where_townships": "火星镇：火星便民中心"}, "不是本县的乡镇"),
    ({"where_default": ""}, "去哪办"),
])
def test_an_invalid_guide_edit_is_refused_with_the_reason(app, db, world, changes, message):
    cadre = logged_in(app, "county1")
    original = _guide_data(db)
    response = post(cadre, "/admin/guides/dibao/edit", _guide_form(original, **changes),
                    token_from="/admin/guides/dibao/edit")
    assert response.status_code == 400 and message in response.get_data(as_text=True)
    assert _guide_data(db) == original


def test_sample_marks_can_be_cleared_and_township_places_set(app, db, world):
    cadre = logged_in(app, "county1")
    original = _guide_data(db)
    form = _guide_form(original, where_townships="卞庄街道：卞庄街道便民服务中心二楼民政窗口", sample=[])
    post(cadre, "/admin/guides/dibao/edit", form, token_from="/admin/guides/dibao/edit")
    data = _guide_data(db)
    assert data["sample"] == [] and data["where"]["townships"] == {"卞庄街道": "卞庄街道便民服务中心二楼民政窗口"}
    detail = cadre.get("/admin/guides/dibao").get_data(as_text=True)
    assert "二楼民政窗口" in detail


# --- users, roles, invites -------------------------------------------------------------------

def test_invite_codes_made_on_the_page_grant_the_role_in_chat(app, db, world):
    cadre = logged_in(app, "area_a")
    response = post(cadre, "/admin/invites", {"role": "mediator", "area_id": world.ids["A"]["area"],
                                               "count": "2", "days": "3"}, token_from="/admin/invites")
    html = response.get_data(as_text=True)
    with db.session() as s:
        codes = s.scalars(select(InviteCode).where(InviteCode.role == "mediator")).all()
        assert len(codes) == 2 and all(c.area_id == world.ids["A"]["area"] for c in codes)
        assert all(c.created_by == "admin:area_a" and c.code in html for c in codes)
        villager = s.get(User, world.ids["A"]["villager"])
        assert claim_invite(s, villager, codes[0].code).ok
    assert "调解员" in cadre.get(f"/admin/users/{world.ids['A']['villager']}").get_data(as_text=True)


def test_remove_a_role(app, db, world):
    cadre = logged_in(app, "t1")
    member, role = world.ids["B"]["member"], world.ids["B"]["role"]
    asked = post(cadre, f"/admin/users/{member}/roles/{role}/remove", token_from=f"/admin/users/{member}")
    assert "确认取消这个角色" in asked.get_data(as_text=True)  # issue 16: a confirmation page first
    with db.session() as s:
        assert s.get(UserRole, role) is not None
    post(cadre, f"/admin/users/{member}/roles/{role}/remove", {"confirmed": "1", "reason": "调走了"},
         token_from=f"/admin/users/{member}")
    with db.session() as s:
        assert s.get(UserRole, role) is None
    (entry,) = audit_entries(db, "user.role_remove")
    assert entry.before["role"] == "party_member" and entry.username == "t1" and entry.after == {"reason": "调走了"}


def test_user_search_finds_by_name_and_masks_phones(app, world):
    cadre = logged_in(app, "county1")
    html = cadre.get("/admin/users?q=村民B").get_data(as_text=True)
    assert "村民B甲" in html and "村民A甲" not in html
    assert "138****" in html and "13800000006" not in html


# --- outbox --------------------------------------------------------------------------------

def test_retry_puts_a_dead_push_back_in_the_queue(app, db, world):
    cadre = logged_in(app, "area_a")
    page = cadre.get("/admin/outbox").get_data(as_text=True)
    assert "45015 window closed A" in page
    dead = world.ids["A"]["outbox"]
    response = post(cadre, "/admin/outbox/retry", {"ids": [dead, world.ids["B"]["outbox"]]},
                    token_from="/admin/outbox", follow_redirects=True)
    assert "1 条推送已重新排队" in response.get_data(as_text=True)
    with db.session() as s:
        row, other = s.get(OutboxMessage, dead), s.get(OutboxMessage, world.ids["B"]["outbox"])
        assert (row.status, row.attempts) == ("pending", 0) and other.status == "dead"


def test_pushes_waiting_for_the_daily_quota_are_shown_as_held_not_lost(app, db, world):
    with db.session() as s:
        for area in ("A", "B"):
            row = s.get(OutboxMessage, world.ids[area]["outbox"])
            row.status, row.attempts = "pending", 0
            row.last_error = waiting_reason("template", next_quota_reset(clock.now()))
    area_page = logged_in(app, "area_a").get("/admin/outbox").get_data(as_text=True)
    assert "1 条推送等到明天 0 点以后自动发出" in area_page  # only its own area's row
    county_page = logged_in(app, "county1").get("/admin/outbox?status=pending").get_data(as_text=True)
    assert "2 条推送等到明天 0 点以后自动发出" in county_page


def test_no_quota_notice_while_nothing_waits(app, world):
    assert "发送额度" not in logged_in(app, "county1").get("/admin/outbox").get_data(as_text=True)


# --- import --------------------------------------------------------------------------------

AREAS_CSV = """代码,名称,乡镇,电话
xc-nanqiao,南桥片区,向城镇,0539-1234567
Bad Code,坏片区,向城镇,
xc-beiqiao,北桥片区,,
xc-nanqiao,南桥片区重复,向城镇,
bz-daicun,代村片区（新名）,卞庄街道,0539-0000000
"""

VILLAGES_CSV = """村名,片区代码,别名,纬度,经度
南桥村,xc-nanqiao,南桥 南桥社区,34.9,118.1
北桥村,xc-beiqiao,,,
西桥村,xc-nanqiao,南桥,,
东桥村,xc-nanqiao,,91,118
代村,bz-daicun,代庄,,
"""


def _upload(cadre, kind: str, text: str, encoding: str = "utf-8", dry_run: bool = False):
    """Upload a CSV; a refused file's answer, or the import's page once it is done."""
    import io

    data = {"csrf_token": csrf_token(cadre, "/admin/import"), "kind": kind,
            "file": (io.BytesIO(text.encode(encoding)), f"{kind}.csv")}
    if dry_run:
        data["dry_run"] = "1"
    response = cadre.post("/admin/import", data=data, content_type="multipart/form-data")
    return follow_import(cadre, response) if response.status_code == 303 else response


def test_import_areas_and_villages_with_a_report_of_rejected_rows(app, db, world):
    cadre = logged_in(app, "county1")
    checked = _upload(cadre, "areas", AREAS_CSV, dry_run=True).get_data(as_text=True)
    assert "检查结果" in checked
    with db.session() as s:
        assert s.scalar(select(Area.id).where(Area.code == "xc-nanqiao")) is None  # a dry run saves nothing
    html = _upload(cadre, "areas", AREAS_CSV).get_data(as_text=True)
    assert "新增 1，更新 1" in html and "拒绝 3" in html
    for line, reason in ((3, "只能用小写字母"), (4, "名称和乡镇必须填"), (5, "重复")):
        assert f"<td>{line}</td><td>" in html and reason in html
    html = _upload(cadre, "villages", VILLAGES_CSV, encoding="gbk").get_data(as_text=True)  # Excel's GBK
    assert "新增 1" in html and "拒绝 3" in html
    assert "没有代码为“xc-beiqiao”的片区" in html and "“南桥”已经是“南桥村”的名字或别名" in html and "纬度超出范围" in html
    with db.session() as s:
        area = s.scalars(select(Area).where(Area.code == "xc-nanqiao")).one()
        assert (area.name, area.township) == ("南桥片区", "向城镇")
        assert s.scalars(select(Area.name).where(Area.code == "bz-daicun")).one() == "代村片区（新名）"
        village = s.scalars(select(Village).where(Village.name == "南桥村")).one()
        assert village.area_id == area.id and village.aliases == "南桥 南桥社区" and village.latitude == 34.9
        assert s.scalars(select(Village.aliases).where(Village.name == "代村")).one() == "代庄"
    assert len(audit_entries(db, "import.areas")) == 1 and len(audit_entries(db, "import.villages")) == 1


def test_import_refuses_a_file_without_the_columns(app, world):
    cadre = logged_in(app, "county1")
    response = _upload(cadre, "villages", "名字,地方\n甲,乙\n")
    assert response.status_code == 400 and "缺少" in response.get_data(as_text=True)


# --- accounts ------------------------------------------------------------------------------

def test_county_makes_a_township_account_that_sees_its_township(app, db, world):
    county = logged_in(app, "county1")
    response = post(county, "/admin/accounts", {"username": "xiangcheng", "password": "a-long-enough-secret",
                                                "scope_level": "township", "township": "兰陵镇",
                                                "display_name": "向城干部"}, token_from="/admin/accounts")
    assert response.status_code == 302
    township = app.test_client()
    assert login(township, "xiangcheng", "a-long-enough-secret").status_code == 302
    html = township.get("/admin/errands").get_data(as_text=True)
    assert "代办低保C" in html and "代办低保A" not in html
    with db.session() as s:
        account_id = s.scalar(select(AdminAccount.id).where(AdminAccount.username == "xiangcheng"))
    asked = post(county, f"/admin/accounts/{account_id}/active", {"active": "0"}, token_from="/admin/accounts")
    assert "确认停用" in asked.get_data(as_text=True)  # issue 16: asked first, with a reason
    assert township.get("/admin/").status_code == 200
    post(county, f"/admin/accounts/{account_id}/active", {"active": "0", "confirmed": "1", "reason": "调走了"},
         token_from="/admin/accounts")
    assert "/admin/login" in township.get("/admin/").headers["Location"]
    refused = post(county, "/admin/accounts", {"username": "bad name!", "password": PASSWORD,
                                               "scope_level": "county"}, token_from="/admin/accounts")
    assert refused.status_code == 400


# --- dashboard -----------------------------------------------------------------------------

def test_dashboard_figures_per_scope(app, db, world):
    today = clock.now().astimezone(SHANGHAI).date()
    with db.session() as s:
        county = figures.dashboard(s, None, today, SHANGHAI)
        area_a = figures.dashboard(s, {world.ids["A"]["area"]}, today, SHANGHAI)
    assert dict(county.errands_by_state)["待接单"] == 3 and dict(area_a.errands_by_state)["待接单"] == 1
    assert county.totals["mediations"] == 3 and area_a.totals["mediations"] == 1
    assert sum(v.get("待调解", 0) for _, v in area_a.mediations_by_month) == 1
    assert dict(county.subscribers_by_area) == {"代村片区": 2, "东关片区": 2, "向城片区": 2}
    assert dict(area_a.subscribers_by_area) == {"代村片区": 2}
    assert sum(n for _, n in county.tasks_by_month) == 3 and len(county.months) == 6
    if importlib.util.find_spec("bot.models.needs") is None:  # another capability's model
        assert county.needs_by_field is None


def test_month_window_runs_to_next_month_across_new_year():
    firsts = figures.month_window(date(2026, 12, 15), 3)
    assert firsts == [date(2026, 11, 1), date(2026, 12, 1), date(2027, 1, 1)]


def test_dashboard_draws_charts_as_inline_svg(app, world):
    html = logged_in(app, "county1").get("/admin/figures").get_data(as_text=True)
    assert html.count("<svg") >= 5 and "<rect" in html and "代村片区" in html
    assert 'style="' not in html  # the CSP allows no inline style: colours are attributes and classes


def test_every_audited_action_has_a_label_for_the_log_page():
    import re
    from pathlib import Path

    from bot.admin.views.audit_log import ACTION_LABELS

    source = "".join(p.read_text(encoding="utf-8") for p in Path("bot/admin").rglob("*.py"))
    actions = set(re.findall(r'audit\.record\(s, "([a-z_.]+)"', source))
    from bot.admin.import_jobs import KINDS

    actions |= {f"import.{kind}" for kind in KINDS}  # built from the kind
    assert actions and actions <= set(ACTION_LABELS), actions - set(ACTION_LABELS)


def test_a_csv_larger_than_the_webhook_cap_can_be_imported(app, db, world):
    cadre = logged_in(app, "county1")
    rows = "".join(f"t-{n:04d},测试片区{n},测试镇,0539-{n:07d}\n" for n in range(1800))
    text = "code,name,township,phone\n" + rows
    assert len(text.encode()) > app.config["MAX_BODY_BYTES"]
    html = _upload(cadre, "areas", text).get_data(as_text=True)
    assert "新增 1800" in html
    too_big = _upload(cadre, "areas", "code,name,township\n" + "x" * (3 * 1024 * 1024))
    assert too_big.status_code == 413 and "文件太大" in too_big.get_data(as_text=True)


def test_admin_errors_read_in_chinese(app, world):
    cadre = logged_in(app, "area_a")
    assert "没有权限" in cadre.get(f"/admin/errands/{world.ids['B']['errand']}").get_data(as_text=True)
    assert "找不到" in cadre.get("/admin/errands/99999").get_data(as_text=True)
