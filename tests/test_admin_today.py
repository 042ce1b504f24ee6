"""The admin page's 待办 (what needs doing today), states that tell the truth (whistled only
when someone got it; dead pushes explained on their item) and actions that cannot misfire
(issue 16). The lists, exports, a villager's page and forms: test_admin_workbench.py."""
from __future__ import annotations

import re
from datetime import timedelta

import pytest
from sqlalchemy import func, select, update

from bot import needs
from bot.admin.push_words import explain
from bot.models import (Booking, Mediator, Need, OutboxMessage, PushResolution, Slot, Task, User,
                        UserRole)
from tests.kit.admin import audit_entries, logged_in, post

TODO = re.compile(r'id="todo-(\w+)">.*?<b>(\d+)</b>', re.S)


def _today(client) -> dict[str, int]:
    return {key: int(n) for key, n in TODO.findall(client.get("/admin/").get_data(as_text=True))}


# --- 待办 ------------------------------------------------------------------------------------

def test_today_counts_the_scope_and_links_to_the_filtered_lists(app, db, world, frozen_clock):
    area = logged_in(app, "area_a")
    html = area.get("/admin/").get_data(as_text=True)
    counts = _today(area)
    assert counts["bookings"] == 1 and counts["relay"] == 1 and counts["dead"] == 1 and counts["safety"] == 1
    assert counts["errands"] == 0 and "imports" not in counts  # imports are county business
    assert 'href="/admin/mediation/bookings?state=confirm"' in html and "light bad" in html
    assert re.search(r'调解预约 <span class="count">1</span>', html)  # the count on the tab
    county = _today(logged_in(app, "county1"))
    assert county["bookings"] == 3 and county["relay"] == 3 and county["dead"] == 3
    listed = area.get("/admin/mediation/bookings?state=confirm").get_data(as_text=True)
    assert "村民A甲" in listed and "村民B甲" not in listed

    frozen_clock.advance(hours=3)  # nobody accepted the errands in their 2 hours
    area = logged_in(app, "area_a")
    assert _today(area)["errands"] == 1
    overdue = area.get("/admin/errands?overdue=1").get_data(as_text=True)
    assert "代办低保A" in overdue and "代办低保B" not in overdue


def test_a_need_nobody_could_be_told_is_its_own_state_not_whistled(app, db, world):
    with db.session() as s:  # area A's representative left; no area staff either: the whistle finds nobody
        s.delete(s.get(UserRole, world.ids["A"]["rep_role"]))
        s.flush()
        villager = s.get(User, world.ids["A"]["villager"])
        number = needs.report_need(s, villager, "家里老人摔倒了没人管", urgency="urgent").number
    area = logged_in(app, "area_a")
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
    area = logged_in(app, "area_a")
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
    assert "已打电话" in audit_entries(db, "outbox.resolve")[0].summary


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
    area = logged_in(app, "area_a")
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
    (entry,) = audit_entries(db, "mediation.outcome")
    assert entry.after["override"] is True and entry.after["reason"] == "当事人提前来了"


def test_confirming_in_a_room_without_mediators_is_refused(app, db, world):
    booking_id = world.ids["A"]["booking"]
    with db.session() as s:
        s.query(Mediator).filter(Mediator.room_id == world.ids["A"]["room"]).delete()
    area = logged_in(app, "area_a")
    url = f"/admin/mediation/bookings/{booking_id}"
    page = post(area, f"{url}/confirm", {}, token_from=url, follow_redirects=True).get_data(as_text=True)
    assert "还没有登记调解员" in page
    with db.session() as s:
        assert s.get(Booking, booking_id).state == "requested"
    assert not audit_entries(db, "mediation.confirm")


def test_a_double_post_of_the_new_task_form_makes_one_task_and_one_push(app, db, world):
    area = logged_in(app, "area_a")
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
    assert pushes == 1 and len(audit_entries(db, "task.create")) == 1
    post(area, "/admin/tasks/new", {**form, "form_token": "another-form"}, token_from="/admin/tasks/new")
    with db.session() as s:  # a new form is a new task: the token, not the words, makes it one
        assert s.scalar(select(func.count()).select_from(Task).where(Task.title == "重阳包饺子")) == 2


