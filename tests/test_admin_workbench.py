"""The cadres' workbench (issue 16): the 待办 page, states that tell the truth, actions that cannot
misfire, a villager's whole story, lists with exports, password reset by a county admin.

Runs on SQLite and, with TEST_DATABASE_URL, on PostgreSQL (as every admin test).
"""
from __future__ import annotations

import csv
import io
import re
from datetime import timedelta

import pytest
from openpyxl import load_workbook
from sqlalchemy import func, select, update

from bot import affairs, clock, needs, volunteers
from bot.admin.push_words import explain
from bot.models import (AdminAccount, Area, AuditEntry, Booking, Mediator, Need, OutboxMessage, PushResolution, Slot, Task, User,
                        SignUp, UserNote, UserRole)
from tests.kit.admin import PASSWORD, login, post
from tests.kit.admin_world import build_world

TODO = re.compile(r'id="todo-(\w+)">.*?<b>(\d+)</b>', re.S)


@pytest.fixture
def world(db):
    return build_world(db)


def _client(app, account: str):
    client = app.test_client()
    assert login(client, account).status_code == 302
    return client


def _today(client) -> dict[str, int]:
    return {key: int(n) for key, n in TODO.findall(client.get("/admin/").get_data(as_text=True))}


def _audit(db, action: str) -> list[AuditEntry]:
    with db.session() as s:
        return list(s.scalars(select(AuditEntry).where(AuditEntry.action == action).order_by(AuditEntry.id)))


# --- 待办 ------------------------------------------------------------------------------------

def test_today_counts_the_scope_and_links_to_the_filtered_lists(app, db, world, frozen_clock):
    area = _client(app, "area_a")
    html = area.get("/admin/").get_data(as_text=True)
    counts = _today(area)
    assert counts["bookings"] == 1 and counts["relay"] == 1 and counts["dead"] == 1 and counts["safety"] == 1
    assert counts["errands"] == 0 and "imports" not in counts  # imports are county business
    assert 'href="/admin/mediation/bookings?state=confirm"' in html and "light bad" in html
    assert re.search(r'调解预约 <span class="count">1</span>', html)  # the count on the tab
    county = _today(_client(app, "county1"))
    assert county["bookings"] == 3 and county["relay"] == 3 and county["dead"] == 3
    listed = area.get("/admin/mediation/bookings?state=confirm").get_data(as_text=True)
    assert "村民A甲" in listed and "村民B甲" not in listed

    frozen_clock.advance(hours=3)  # nobody accepted the errands in their 2 hours
    area = _client(app, "area_a")
    assert _today(area)["errands"] == 1
    overdue = area.get("/admin/errands?overdue=1").get_data(as_text=True)
    assert "代办低保A" in overdue and "代办低保B" not in overdue


def test_a_need_nobody_could_be_told_is_its_own_state_not_whistled(app, db, world):
    with db.session() as s:  # area A's representative left; no area staff either: the whistle finds nobody
        s.delete(s.get(UserRole, world.ids["A"]["rep_role"]))
        s.flush()
        villager = s.get(User, world.ids["A"]["villager"])
        number = needs.report_need(s, villager, "家里老人摔倒了没人管", urgency="urgent").number
    area = _client(app, "area_a")
    detail = area.get(f"/admin/needs/{number}").get_data(as_text=True)
    assert "没人可通知" in detail and "已吹哨" not in detail
    listed = area.get("/admin/needs?state=nobody").get_data(as_text=True)
    assert re.findall(r'href="/admin/needs/(\d+)"', listed) == [str(number)]
    counts = _today(area)
    assert counts["nobody"] == 1 and counts["urgent"] == 1


def test_whistled_only_when_someone_got_it_and_a_dead_push_is_explained_on_its_need(app, db, world):
    number = world.ids["A"]["need"]
    with db.session() as s:
        needs.whistle_round(s, s.get(Need, number).created_at, area_ids={world.ids["A"]["area"]})
        push = s.scalars(select(OutboxMessage).where(OutboxMessage.business_key.like(f"need:{number}:whistle:%"))).one()
        push_id = push.id
    area = _client(app, "area_a")
    assert "正在通知" in area.get(f"/admin/needs/{number}").get_data(as_text=True)
    with db.session() as s:
        s.execute(update(OutboxMessage).where(OutboxMessage.id == push_id).values(status="sent"))
    page = area.get(f"/admin/needs/{number}").get_data(as_text=True)
    assert "已吹哨" in page and "1人收到：代表A戊" in page
    with db.session() as s:
        s.execute(update(OutboxMessage).where(OutboxMessage.id == push_id).values(
            status="dead", last_error="errcode 43004: require subscribe rid: 6790"))
    page = area.get(f"/admin/needs/{number}").get_data(as_text=True)
    assert "吹哨没送到" in page and "已吹哨" not in page
    assert "对方已经取消关注公众号" in page and "重发没有用" in page and "rid: 6790" not in page
    assert "rep-A" not in page  # names, never openids
    before = _today(area)["dead"]
    post(area, f"/admin/outbox/{push_id}/resolve", {"note": "已打电话告诉本人", "next": f"/admin/needs/{number}"},
         token_from=f"/admin/needs/{number}")
    assert _today(area)["dead"] == before - 1
    with db.session() as s:
        assert s.get(PushResolution, push_id).note == "已打电话告诉本人"
    assert "已打电话" in _audit(db, "outbox.resolve")[0].summary


@pytest.mark.parametrize("raw, code, resend, for_it, words", [
    ("errcode 43004: require subscribe rid: 1", 43004, False, False, "取消关注"),
    ("40164: invalid ip 1.2.3.4, not in whitelist", 40164, True, True, "白名单"),
    ("gave up after 5 attempts; last error: errcode 45015: response out of time limit", 45015, True, False, "48小时"),
    ("unsubscribed", 43004, False, False, "取消关注"),
    ("errcode 48999: something new", 48999, True, True, "48999"),
    (None, None, True, True, "原因不明"),
])
def test_error_codes_in_plain_words(raw, code, resend, for_it, words):
    reason = explain(raw)
    assert (reason.code, reason.resend, reason.for_it) == (code, resend, for_it) and words in reason.words


# --- actions that cannot misfire -----------------------------------------------------------

def test_no_outcome_before_the_time_or_without_a_mediator_unless_overridden_with_a_reason(app, db, world):
    booking_id = world.ids["A"]["booking"]
    url = f"/admin/mediation/bookings/{booking_id}"
    area = _client(app, "area_a")
    page = area.get(url).get_data(as_text=True)
    select_html = page[page.index('name="outcome"'):page.index("</select>", page.index('name="outcome"'))]
    assert '<option value="">请选择</option>' in select_html and "selected" not in select_html
    refused = post(area, f"{url}/outcome", {"outcome": "调解成功"}, token_from=url, follow_redirects=True)
    assert "还没到" in refused.get_data(as_text=True)
    unreasoned = post(area, f"{url}/outcome", {"outcome": "调解成功", "override": "1", "confirmed": "1"},
                      token_from=url).get_data(as_text=True)
    assert "请写上原因" in unreasoned and "已经调解成功" in unreasoned  # the villager's words, not sent
    with db.session() as s:
        assert s.get(Booking, booking_id).state == "requested"
        number = s.get(Booking, booking_id).number
        assert not s.scalar(select(func.count()).select_from(OutboxMessage).where(
            OutboxMessage.business_key.like(f"mediation:{number}:%:outcome:%")))
    post(area, f"{url}/outcome", {"outcome": "转交", "override": "1", "confirmed": "1", "reason": "当事人提前来了"},
         token_from=url)
    with db.session() as s:
        assert (s.get(Booking, booking_id).state, s.get(Booking, booking_id).outcome) == ("done", "转交")
    (entry,) = _audit(db, "mediation.outcome")
    assert entry.after["override"] is True and entry.after["reason"] == "当事人提前来了"


def test_confirming_in_a_room_without_mediators_is_refused(app, db, world):
    booking_id = world.ids["A"]["booking"]
    with db.session() as s:
        s.query(Mediator).filter(Mediator.room_id == world.ids["A"]["room"]).delete()
    area = _client(app, "area_a")
    url = f"/admin/mediation/bookings/{booking_id}"
    page = post(area, f"{url}/confirm", {}, token_from=url, follow_redirects=True).get_data(as_text=True)
    assert "还没有登记调解员" in page
    with db.session() as s:
        assert s.get(Booking, booking_id).state == "requested"
    assert not _audit(db, "mediation.confirm")


def test_a_double_post_of_the_new_task_form_makes_one_task_and_one_push(app, db, world):
    area = _client(app, "area_a")
    form_page = area.get("/admin/tasks/new").get_data(as_text=True)
    token = re.search(r'name="form_token" value="([^"]+)"', form_page).group(1)
    with db.session() as s:
        day = (s.get(Slot, world.ids["A"]["slot"]).starts_at + timedelta(days=2)).date().isoformat()
    form = {"title": "重阳包饺子", "area_id": world.ids["A"]["area"], "day": day, "start": "09:00", "hours": "2",
            "needed": "3", "form_token": token}
    first = post(area, "/admin/tasks/new", form, token_from="/admin/tasks/new")
    second = post(area, "/admin/tasks/new", form, token_from="/admin/tasks/new")
    assert first.status_code == second.status_code == 302 and first.headers["Location"] == second.headers["Location"]
    with db.session() as s:
        (number,) = s.scalars(select(Task.number).where(Task.title == "重阳包饺子")).all()
        pushes = s.scalar(select(func.count()).select_from(OutboxMessage).where(
            OutboxMessage.business_key.like(f"task:{number}:offer:%")))
    assert pushes == 1 and len(_audit(db, "task.create")) == 1
    post(area, "/admin/tasks/new", {**form, "form_token": "another-form"}, token_from="/admin/tasks/new")
    with db.session() as s:  # a new form is a new task: the token, not the words, makes it one
        assert s.scalar(select(func.count()).select_from(Task).where(Task.title == "重阳包饺子")) == 2


# --- lists and exports -----------------------------------------------------------------------

def test_exports_keep_the_scope_are_formula_safe_and_open_in_excel(app, db, world):
    with db.session() as s:
        villager = s.get(User, world.ids["A"]["villager"])
        needs.report_need(s, villager, "=HYPERLINK(\"http://x\",\"路灯\")")
    area = _client(app, "area_a")
    response = area.get("/admin/needs?export=xlsx")
    assert response.status_code == 200 and "spreadsheetml" in response.mimetype
    sheet = load_workbook(io.BytesIO(response.data)).active
    cells = [str(c.value) for row in sheet.iter_rows() for c in row if c.value is not None]
    assert sheet["A1"].value == "编号" and any("路灯坏了A号杆" in c for c in cells)
    assert not any("路灯坏了B号杆" in c for c in cells)
    assert "'=HYPERLINK(\"http://x\",\"路灯\")" in cells and all(not c.startswith("=") for c in cells)
    assert all(c.data_type != "f" for row in sheet.iter_rows() for c in row)
    township = _client(app, "t1").get("/admin/errands?export=csv")
    text = township.data.decode("utf-8")
    assert text.startswith("\ufeff") and "代办低保A" in text and "代办低保B" in text and "代办低保C" not in text
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))
    assert rows[0][0] == "编号" and len(rows) == 3
    bookings = _client(app, "area_a").get("/admin/mediation/bookings?export=xlsx")
    assert load_workbook(io.BytesIO(bookings.data)).active.max_row == 2
    assert len(_audit(db, "export")) == 3


def test_lists_page_with_counts_instead_of_stopping_silently(app, db, world):
    from bot import errands

    with db.session() as s:
        villager = s.get(User, world.ids["A"]["villager"])
        for n in range(55):
            errands.create_errand(s, villager, f"代办第{n}件", villager.phone)
    area = _client(app, "area_a")
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
    area = _client(app, "area_a")
    page = area.get(f"/admin/users/{a['villager']}").get_data(as_text=True)
    for words in ("路灯坏了A号杆", "代办低保A", "宅基地", "帮厨活动A", "留言A请回电"):
        assert words in page, words
    assert "东关集市" not in page and "路灯坏了B号杆" not in page
    assert 'href="tel:13800000005"' in page  # their own area's staff may call
    assert "东关集市" in _client(app, "t1").get(f"/admin/users/{a['villager']}").get_data(as_text=True)
    rep_page = area.get(f"/admin/users/{a['rep']}").get_data(as_text=True)  # in scope by a role, lives elsewhere
    assert "137****0001" in rep_page and "tel:" not in rep_page

    post(area, f"/admin/users/{a['villager']}/name", {"name": "李大爷"}, token_from=f"/admin/users/{a['villager']}")
    post(area, f"/admin/users/{a['villager']}/notes", {"text": "耳背，电话要大声"},
         token_from=f"/admin/users/{a['villager']}")
    with db.session() as s:
        assert s.get(User, a["villager"]).name == "李大爷"
        assert s.scalar(select(UserNote.text)) == "耳背，电话要大声"
    (entry,) = _audit(db, "user.name")
    assert entry.before == {"name": "村民A甲"} and entry.after == {"name": "李大爷"}
    assert "耳背" in _client(app, "county1").get(f"/admin/users/{a['villager']}").get_data(as_text=True)
    assert _client(app, "t1").get(f"/admin/users/{world.ids['C']['villager']}").status_code == 403


# --- accounts and the audit log --------------------------------------------------------------

def test_a_county_admin_resets_a_colleagues_password_once_shown_and_audited(app, db, world):
    county = _client(app, "county1")
    victim = _client(app, "area_a")
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
    (entry,) = _audit(db, "account.reset")
    assert password not in entry.summary and password not in str(entry.after) and "忘了密码" in entry.summary
    assert post(_client(app, "t1"), f"/admin/accounts/{account_id}/reset", {"confirmed": "1", "reason": "x"}
                ).status_code == 403


def test_the_audit_log_filters_and_reads_in_words(app, db, world):
    area = _client(app, "area_a")
    url = f"/admin/mediation/bookings/{world.ids['A']['booking']}"
    post(area, f"{url}/confirm", {"mediator_id": world.ids["A"]["mediator"]}, token_from=url)
    post(area, f"/admin/users/{world.ids['A']['villager']}/name", {"name": "李大爷"},
         token_from=f"/admin/users/{world.ids['A']['villager']}")
    html = _client(app, "county1").get("/admin/audit?target=Booking&who=area_a").get_data(as_text=True)
    assert "确认调解预约" in html and "李大爷" not in html
    assert "调解员：调解员A丙" in html  # people by name, not by id
    assert '{"' not in html  # no raw JSON
    dated = _client(app, "county1").get("/admin/audit?since=2001-01-01&until=2001-01-02").get_data(as_text=True)
    assert "没有符合条件的记录" in dated


# --- forms survive an expired login or form ----------------------------------------------------

def test_a_form_typed_over_an_expired_login_comes_back_after_logging_in(app, db, world, frozen_clock):
    area = _client(app, "area_a")
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
    area = _client(app, "area_a")
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
    area = _client(app, "area_a")
    first = area.get("/admin/users").get_data(as_text=True)
    assert "第 1 / 2 页" in first and "共 6" in first  # 60 + villager, member, rep, mediator… of area A
    text = area.get("/admin/users?export=csv").data.decode("utf-8")
    assert "群众59号" in text and "13500000059" not in text and "135****0059" in text
    assert "村民B甲" not in text


def test_figures_for_one_area_and_month_with_resolution_and_satisfaction_rates(app, db, world):
    with db.session() as s:
        need = s.get(Need, world.ids["A"]["need"])
        need.state, need.claimed_by, need.satisfaction = "closed", world.ids["A"]["rep"], "satisfied"
    county = _client(app, "county1")
    every = county.get("/admin/figures").get_data(as_text=True)
    assert "群众需求办结率（1/3）" in every and "33%" in every and "群众满意率（评价了的 1/1）" in every
    one = county.get(f"/admin/figures?area={world.ids['B']['area']}&month=2026-12").get_data(as_text=True)
    assert "群众需求办结率（0/1）" in one and "东关片区" in one
    old = county.get("/admin/figures?month=2025-01").get_data(as_text=True)
    assert "群众需求办结率（0/0）" in old
    mine = _client(app, "area_a").get(f"/admin/figures?area={world.ids['C']['area']}").get_data(as_text=True)
    assert "群众需求办结率（1/1）" in mine  # an area out of scope is ignored: its own figures


def test_import_templates_download_with_chinese_columns_and_villages_take_area_names(app, db, world, tmp_path):
    county = _client(app, "county1")
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
    county = _client(app, "county1")
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
    area = _client(app, "area_a")
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
    assert sorted(e.target_id for e in _audit(db, "task.attendance")) == sorted(str(i) for i in ids.values())
    post(area, f"{url}/attendance", form, token_from=url)  # the same again changes nothing, audits nothing
    assert len(_audit(db, "task.attendance")) == 3
    bad = post(area, f"{url}/attendance", {**form, f"hours_{ids['helper-1']}": "99",
                                            f"attended_{ids['helper-2']}": "1"}, token_from=url)
    assert bad.status_code == 302  # one wrong figure: nothing is recorded, the form says which
    with db.session() as s:
        assert s.get(SignUp, ids["helper-2"]).state == "absent"
