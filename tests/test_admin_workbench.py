"""The cadres' workbench (issue 16): a villager's whole story, lists with exports, password reset
by a county admin, the audit log in words, forms that survive an expired login, 概况 per area and
month, attendance in one submit. 待办, truthful states and actions that cannot misfire:
test_admin_today.py.

Runs on SQLite and, with TEST_DATABASE_URL, on PostgreSQL (as every admin test).
"""
from __future__ import annotations

import csv
import io
import re
from datetime import timedelta

from openpyxl import load_workbook
from sqlalchemy import func, select, update

from bot import affairs, clock, needs, volunteers
from bot.models import (AdminAccount, Area, Need, Task, User,
                        SignUp, UserNote)
from tests.kit.admin import PASSWORD, audit_entries, logged_in, login, post

# --- lists and exports -----------------------------------------------------------------------

def test_exports_keep_the_scope_are_formula_safe_and_open_in_excel(app, db, world):
    with db.session() as s:
        villager = s.get(User, world.ids["A"]["villager"])
        needs.report_need(s, villager, "=HYPERLINK(\"http://x\",\"路灯\")")
    area = logged_in(app, "area_a")
    response = area.get("/admin/needs?export=xlsx")
    assert response.status_code == 200 and "spreadsheetml" in response.mimetype
    sheet = load_workbook(io.BytesIO(response.data)).active
    cells = [str(c.value) for row in sheet.iter_rows() for c in row if c.value is not None]
    assert sheet["A1"].value == "编号" and any("路灯坏了A号杆" in c for c in cells)
    assert not any("路灯坏了B号杆" in c for c in cells)
    assert "'=HYPERLINK(\"http://x\",\"路灯\")" in cells and all(not c.startswith("=") for c in cells)
    assert all(c.data_type != "f" for row in sheet.iter_rows() for c in row)
    township = logged_in(app, "t1").get("/admin/errands?export=csv")
    text = township.data.decode("utf-8")
    assert text.startswith("\ufeff") and "代办低保A" in text and "代办低保B" in text and "代办低保C" not in text
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))
    assert rows[0][0] == "编号" and len(rows) == 3
    bookings = logged_in(app, "area_a").get("/admin/mediation/bookings?export=xlsx")
    assert load_workbook(io.BytesIO(bookings.data)).active.max_row == 2
    assert len(audit_entries(db, "export")) == 3


def test_lists_page_with_counts_instead_of_stopping_silently(app, db, world):
    from bot import errands

    with db.session() as s:
        villager = s.get(User, world.ids["A"]["villager"])
        for n in range(55):
            errands.create_errand(s, villager, f"代办第{n}件", villager.phone)
    area = logged_in(app, "area_a")
    first = area.get("/admin/errands").get_data(as_text=True)
    assert "共 56 条" in first and "第 1 / 2 页" in first
    found = area.get("/admin/errands?q=第54件").get_data(as_text=True)
    assert "共 1 条" in found and "代办第54件" in found


# --- a villager's page -----------------------------------------------------------------------

def test_a_villagers_story_is_shown_within_the_scope(app, db, world):
    a = world.ids["A"]
    with db.session() as s:  # a need of villager A that area B handles (e.g. reported at the market town)
        s.add(Need(villager_id=a["villager"], area_id=world.ids["B"]["area"], text="东关集市的摊位被占了",
                   state="collected"))
    area = logged_in(app, "area_a")
    page = area.get(f"/admin/users/{a['villager']}").get_data(as_text=True)
    for words in ("路灯坏了A号杆", "代办低保A", "宅基地", "帮厨活动A", "留言A请回电"):
        assert words in page, words
    assert "东关集市" not in page and "路灯坏了B号杆" not in page
    assert 'href="tel:13800000005"' in page  # their own area's staff may call
    assert "东关集市" in logged_in(app, "t1").get(f"/admin/users/{a['villager']}").get_data(as_text=True)
    rep_page = area.get(f"/admin/users/{a['rep']}").get_data(as_text=True)  # in scope by a role, lives elsewhere
    assert "137****0001" in rep_page and "tel:" not in rep_page

    post(area, f"/admin/users/{a['villager']}/name", {"name": "李大爷"}, token_from=f"/admin/users/{a['villager']}")
    post(area, f"/admin/users/{a['villager']}/notes", {"text": "耳背，电话要大声"},
         token_from=f"/admin/users/{a['villager']}")
    with db.session() as s:
        assert s.get(User, a["villager"]).name == "李大爷"
        assert s.scalar(select(UserNote.text)) == "耳背，电话要大声"
    (entry,) = audit_entries(db, "user.name")
    assert entry.before == {"name": "村民A甲"} and entry.after == {"name": "李大爷"}
    assert "耳背" in logged_in(app, "county1").get(f"/admin/users/{a['villager']}").get_data(as_text=True)
    assert logged_in(app, "t1").get(f"/admin/users/{world.ids['C']['villager']}").status_code == 403


# --- accounts and the audit log --------------------------------------------------------------

def test_a_county_admin_resets_a_colleagues_password_once_shown_and_audited(app, db, world):
    county = logged_in(app, "county1")
    victim = logged_in(app, "area_a")
    with db.session() as s:
        from bot.models import AdminAccount
        account_id = s.scalar(select(AdminAccount.id).where(AdminAccount.username == "area_a"))
    asked = post(county, f"/admin/accounts/{account_id}/reset", token_from="/admin/accounts").get_data(as_text=True)
    assert "确认重设密码" in asked and victim.get("/admin/").status_code == 200
    shown = post(county, f"/admin/accounts/{account_id}/reset", {"confirmed": "1", "reason": "忘了密码"},
                 token_from="/admin/accounts")
    assert shown.headers["Cache-Control"] == "no-store"
    password = re.search(r'id="new-password">([^<]+)<', shown.get_data(as_text=True)).group(1)
    assert victim.get("/admin/").status_code == 302  # the old sessions ended
    assert login(app.test_client(), "area_a", PASSWORD).status_code != 302  # the old password is gone
    assert login(app.test_client(), "area_a", password).status_code == 302
    (entry,) = audit_entries(db, "account.reset")
    assert password not in entry.summary and password not in str(entry.after) and "忘了密码" in entry.summary
    assert post(logged_in(app, "t1"), f"/admin/accounts/{account_id}/reset", {"confirmed": "1", "reason": "x"}
                ).status_code == 403


def test_the_audit_log_filters_and_reads_in_words(app, db, world):
    area = logged_in(app, "area_a")
    url = f"/admin/mediation/bookings/{world.ids['A']['booking']}"
    post(area, f"{url}/confirm", {"mediator_id": world.ids["A"]["mediator"]}, token_from=url)
    post(area, f"/admin/users/{world.ids['A']['villager']}/name", {"name": "李大爷"},
         token_from=f"/admin/users/{world.ids['A']['villager']}")
    html = logged_in(app, "county1").get("/admin/audit?target=Booking&who=area_a").get_data(as_text=True)
    assert "确认调解预约" in html and "李大爷" not in html
    assert "调解员：调解员A丙" in html  # people by name, not by id
    assert '{"' not in html  # no raw JSON
    dated = logged_in(app, "county1").get("/admin/audit?since=2001-01-01&until=2001-01-02").get_data(as_text=True)
    assert "没有符合条件的记录" in dated


# --- forms survive an expired login or form ----------------------------------------------------

def test_a_form_typed_over_an_expired_login_comes_back_after_logging_in(app, db, world, frozen_clock):
    area = logged_in(app, "area_a")
    token = re.search(r'name="csrf_token" value="([^"]+)"', area.get("/admin/tasks/new").get_data(as_text=True)).group(1)
    frozen_clock.advance(hours=2)  # the cadre typed for two hours: the login lapsed (30 minutes idle)
    lost = area.post("/admin/tasks/new", data={"csrf_token": token, "title": "冬季送温暖", "place": "代村大院",
                                               "needed": "7"}, headers={"Referer": "http://localhost/admin/tasks/new"})
    assert lost.status_code == 302 and "/admin/login" in lost.headers["Location"]
    with db.session() as s:
        assert not s.scalar(select(func.count()).select_from(Task).where(Task.title == "冬季送温暖"))
    back = login(area, "area_a")  # the same browser logs in again
    assert back.headers["Location"].endswith("/admin/tasks/new")
    form = area.get("/admin/tasks/new").get_data(as_text=True)
    assert 'value="冬季送温暖"' in form and 'value="代村大院"' in form and 'value="7"' in form
    assert 'value="冬季送温暖"' not in area.get("/admin/tasks/new").get_data(as_text=True)  # given back once


def test_a_note_typed_into_an_expired_form_is_shown_to_copy(app, db, world):
    app.config["WTF_CSRF_TIME_LIMIT"] = 1
    area = logged_in(app, "area_a")
    url = f"/admin/inbox/{world.ids['A']['conversation']}"
    stale = area.post(f"{url}/answer", data={"csrf_token": "expired-token", "text": "下午三点给您回电话"},
                      headers={"Referer": f"http://localhost{url}"})
    assert stale.status_code == 400 and f'href="{url}"' in stale.get_data(as_text=True)  # not sent; a way back
    page = area.get(url).get_data(as_text=True)
    assert "您刚才填写的内容" in page and "下午三点给您回电话" in page
    stranger = app.test_client()  # a post without this browser's cookie keeps nothing
    assert stranger.post(f"{url}/answer", data={"text": "别人的话"}).status_code in (302, 400)
    with db.session() as s:
        from bot.models import SharedValue
        assert not s.scalar(select(func.count()).select_from(SharedValue).where(SharedValue.value.contains("别人的话")))


def test_the_people_list_pages_with_a_count_and_exports_masked_phones(app, db, world):
    with db.session() as s:
        for n in range(60):
            s.add(User(openid=f"many-{n}", name=f"群众{n}号", phone=f"1350000{n:04d}", village_id=world.ids["A"]["village"]))
    area = logged_in(app, "area_a")
    first = area.get("/admin/users").get_data(as_text=True)
    assert "第 1 / 2 页" in first and "共 6" in first  # 60 + villager, member, rep, mediator… of area A
    text = area.get("/admin/users?export=csv").data.decode("utf-8")
    assert "群众59号" in text and "13500000059" not in text and "135****0059" in text
    assert "村民B甲" not in text


def test_figures_for_one_area_and_month_with_resolution_and_satisfaction_rates(app, db, world):
    with db.session() as s:
        need = s.get(Need, world.ids["A"]["need"])
        need.state, need.claimed_by, need.satisfaction = "closed", world.ids["A"]["rep"], "satisfied"
    county = logged_in(app, "county1")
    every = county.get("/admin/figures").get_data(as_text=True)
    assert "群众需求办结率（1/3）" in every and "33%" in every and "群众满意率（评价了的 1/1）" in every
    one = county.get(f"/admin/figures?area={world.ids['B']['area']}&month=2026-12").get_data(as_text=True)
    assert "群众需求办结率（0/1）" in one and "东关片区" in one
    old = county.get("/admin/figures?month=2025-01").get_data(as_text=True)
    assert "群众需求办结率（0/0）" in old
    mine = logged_in(app, "area_a").get(f"/admin/figures?area={world.ids['C']['area']}").get_data(as_text=True)
    assert "群众需求办结率（1/1）" in mine  # an area out of scope is ignored: its own figures


def test_import_templates_download_with_chinese_columns_and_villages_take_area_names(app, db, world, tmp_path):
    county = logged_in(app, "county1")
    sheet = load_workbook(io.BytesIO(county.get("/admin/import/template/villages.xlsx").data)).active
    assert [c.value for c in sheet[1]] == ["村名", "片区", "别名", "纬度", "经度"]
    assert sheet["B2"].value == "代村片区"
    people = load_workbook(io.BytesIO(county.get("/admin/import/template/people.xlsx").data)).active
    assert [c.value for c in people[1]][:4] == ["姓名", "电话", "村", "身份"]
    from bot.admin.import_jobs import start_import, step
    from bot.models import Village
    with app.app_context(), db.session() as s:
        job_id = start_import(s, "villages", "村.csv", "村名,片区\n新庄,东关片区\n".encode("utf-8"), dry_run=False,
                              options={}, account_id=None, username="county1").id
    with app.app_context():
        step(db, job_id)
    with db.session() as s:
        assert s.scalar(select(Village.area_id).where(Village.name == "新庄")) == world.ids["B"]["area"]


def test_a_notice_names_its_publisher_in_plain_words(app, db, world):
    with db.session() as s:
        s.execute(update(AdminAccount).where(AdminAccount.username == "area_a").values(display_name="王书记"))
        s.execute(update(AdminAccount).where(AdminAccount.username == "t1").values(display_name=""))
        area_a = s.get(Area, world.ids["A"]["area"])
        ours = affairs.publish_notice(s, area_code=area_a.code, kind="通知", title="停水", body="明天停水。",
                                      published_by="admin:area_a").notice.id
        theirs = affairs.publish_notice(s, area_code=area_a.code, kind="通知", title="停电", body="明天停电。",
                                        published_by="admin:t1").notice.id
    county = logged_in(app, "county1")
    page = county.get(f"/admin/notices/{ours}").get_data(as_text=True)
    assert "（王书记）" in page and "admin:" not in page
    page = county.get(f"/admin/notices/{theirs}").get_data(as_text=True)
    assert "（卞庄街道）" in page and "admin:" not in page


def test_attendance_of_all_the_volunteers_in_one_submit(app, db, world):
    number = world.ids["A"]["task"]
    with db.session() as s:
        task = s.scalar(select(Task).where(Task.number == number))
        task.needed = 3
        for n in (1, 2):
            user = User(openid=f"helper-{n}", name=f"帮手{n}", village_id=world.ids["A"]["village"])
            s.add(user)
            s.flush()
            volunteers.register_volunteer(s, user, ["做饭"], ["周末"])
            volunteers.confirm_task(s, number, user)
        started = clock.now() - timedelta(hours=3)
        task.starts_at, task.ends_at = started, started + timedelta(hours=2)
        ids = {s.get(User, su.volunteer.user_id).openid: su.id
               for su in s.scalars(select(SignUp).where(SignUp.task_id == task.id))}
    area = logged_in(app, "area_a")
    url = f"/admin/tasks/{number}"
    page = area.get(url).get_data(as_text=True)
    assert page.count('form="attendance-form"') >= 3 * 4 and page.count("记录全部签到") == 1
    form: dict[str, object] = {"signup_id": list(ids.values())}
    form.update({f"attended_{i}": "1" for i in ids.values()})
    form.update({f"hours_{ids['v-A']}": "1.5", f"attended_{ids['helper-2']}": "0"})
    done = post(area, f"{url}/attendance", form, token_from=url)
    assert done.status_code == 302 and done.headers["Location"].endswith(f"{url}#attendance")
    with db.session() as s:
        got = {key: (s.get(SignUp, i).state, s.get(SignUp, i).hours_credited) for key, i in ids.items()}
    assert got == {"v-A": ("attended", 1.5), "helper-1": ("attended", 2.0), "helper-2": ("absent", 0.0)}
    assert sorted(e.target_id for e in audit_entries(db, "task.attendance")) == sorted(str(i) for i in ids.values())
    post(area, f"{url}/attendance", form, token_from=url)  # the same again changes nothing, audits nothing
    assert len(audit_entries(db, "task.attendance")) == 3
    bad = post(area, f"{url}/attendance", {**form, f"hours_{ids['helper-1']}": "99",
                                            f"attended_{ids['helper-2']}": "1"}, token_from=url)
    assert bad.status_code == 302  # one wrong figure: nothing is recorded, the form says which
    with db.session() as s:
        assert s.get(SignUp, ids["helper-2"]).state == "absent"
